/* artwork.c - a page of a supplied PDF (an advertiser's artwork, issue 15)
 * read into a self-contained description the PDF writer embeds as a form
 * XObject (cp_pdf_form, pdf/pdf.h): the writer never sees qpdf, the file or
 * its other pages.
 *
 * What is taken: the page's content (its streams decoded and joined, under
 * the content cap), its box, its /Group, and its resource dictionary with
 * every object it reaches, each written out as PDF syntax with its
 * references renumbered into the description's own table (1, 2, ...).
 * Streams are copied as they are stored - fonts, images and nested forms
 * keep their filters and bytes - so the artwork's fonts, vectors and CMYK
 * values reach the output unchanged (K100 text stays 0 0 0 1 k).
 *
 * Bounds: the file is opened by reader.c (size, header, encryption, page
 * tree); every object taken counts against the reader's object budget,
 * nesting of direct objects has a depth, and the bytes taken along are
 * capped (CP_PRESS_MAX_ARTWORK_BYTES). A key leading back up (/Parent,
 * /P) or to another page is left out, so a page's resources cannot bring
 * the rest of the document with them. Every problem is one diagnostic at
 * the line that names the artwork. */
#include "press/reader.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <zlib.h>

/* The serialiser: objects met by reference get local numbers in the order
 * they are met, and are written one after another from the queue. */
typedef struct ser {
	cp_press_reader *r;
	qpdf_data q;
	GHashTable *local; /* object id -> local number */
	GArray *ids;       /* objref: the object of local number i + 1 */
	size_t bytes;      /* syntax and stream bytes taken so far */
	/* press mode: RGB turned into CMYK through this profile (NULL: none) */
	const cp_pdf_profile *prof;
	int unconverted; /* RGB that could not be converted */
	bool recoding;   /* the stream at hand gets new data (put_value's top) */
} ser;

typedef struct objref {
	int id, gen;
} objref;

/* One syntax being written: its text and where its references begin. */
typedef struct out {
	GString *s;
	GArray *refs; /* size_t */
} out;

static bool over_bytes(ser *s, size_t more)
{
	s->bytes += more;
	if (s->bytes <= CP_PRESS_MAX_ARTWORK_BYTES)
		return false;
	if (!s->r->over)
		cp_press_reader_error(s->r, CP_DIAG_LIMIT,
		                      "the page brings more than %u MiB of fonts, images and "
		                      "forms with it (limit: artwork size)",
		                      CP_PRESS_MAX_ARTWORK_BYTES >> 20);
	return true;
}

/* A name in PDF syntax: bytes outside ! .. ~ and delimiters as #XX. */
static void put_name(GString *o, const char *name)
{
	g_string_append_c(o, '/');
	for (const unsigned char *p = (const unsigned char *)name + (name[0] == '/'); *p; p++) {
		if (*p < 0x21 || *p > 0x7e || strchr("#()<>[]{}/%", *p) != NULL)
			g_string_append_printf(o, "#%02X", *p);
		else
			g_string_append_c(o, (char)*p);
	}
}

/* True for an object that must not come along: a page or a page tree
 * node (the page is the form; others are not the artwork). */
static bool is_page_object(qpdf_data q, qpdf_oh oh)
{
	if (!qpdf_oh_is_dictionary(q, oh))
		return false;
	g_autofree char *type = cp_press_name(q, oh, "/Type");
	return type != NULL && (!strcmp(type, "/Page") || !strcmp(type, "/Pages"));
}

/* The local number of an indirect object, queueing it when new. */
static int local_of(ser *s, qpdf_oh oh)
{
	int id = qpdf_oh_get_object_id(s->q, oh);
	gpointer v = g_hash_table_lookup(s->local, GINT_TO_POINTER(id));
	if (v != NULL)
		return GPOINTER_TO_INT(v);
	objref ref = {id, qpdf_oh_get_generation(s->q, oh)};
	g_array_append_val(s->ids, ref);
	int n = (int)s->ids->len;
	g_hash_table_insert(s->local, GINT_TO_POINTER(id), GINT_TO_POINTER(n));
	return n;
}

static void put_value(ser *s, out *o, qpdf_oh oh, unsigned depth, bool top);

/* A dictionary; stream: a stream's (its /Length is the writer's);
 * recoded: its data is written anew, deflated (its filters go). */
static void put_dict_body(ser *s, out *o, qpdf_oh dict, unsigned depth, bool stream, bool recoded)
{
	qpdf_data q = s->q;
	g_auto(GStrv) keys = cp_press_dict_keys(q, dict);
	g_string_append(o->s, "<<");
	for (char **k = keys; *k != NULL && !s->r->over; k++) {
		/* back up the page tree or to an annotation's page; a stream's
		 * length is the writer's */
		if (!strcmp(*k, "/Parent") || !strcmp(*k, "/P") ||
		    (stream && (!strcmp(*k, "/Length") || !strcmp(*k, "/DL"))) ||
		    (recoded && (!strcmp(*k, "/Filter") || !strcmp(*k, "/DecodeParms"))))
			continue;
		put_name(o->s, *k);
		g_string_append_c(o->s, ' ');
		put_value(s, o, qpdf_oh_get_key(q, dict, *k), depth + 1, false);
		g_string_append_c(o->s, ' ');
	}
	if (recoded)
		g_string_append(o->s, "/Filter /FlateDecode ");
	/* press mode: a shading in RGB would need its functions redone */
	if (s->prof != NULL && qpdf_oh_has_key(q, dict, "/ShadingType") &&
	    cp_press_rgb_space(q, qpdf_oh_get_key(q, dict, "/ColorSpace")))
		s->unconverted++;
	g_string_append(o->s, ">>");
}

/* press mode: [/Indexed base hival lookup] with an RGB base becomes
 * [/Indexed /DeviceCMYK hival lookup'], the palette converted. */
static bool put_indexed(ser *s, out *o, qpdf_oh cs)
{
	qpdf_data q = s->q;
	if (qpdf_oh_get_array_n_items(q, cs) != 4)
		return false;
	qpdf_oh fam = qpdf_oh_get_array_item(q, cs, 0);
	if (!qpdf_oh_is_name(q, fam) || strcmp(qpdf_oh_get_name(q, fam), "/Indexed") != 0 ||
	    !cp_press_rgb_space(q, qpdf_oh_get_array_item(q, cs, 1)))
		return false;
	int hival = (int)cp_press_num(q, qpdf_oh_get_array_item(q, cs, 2), -1);
	qpdf_oh look = qpdf_oh_get_array_item(q, cs, 3);
	size_t n = 0;
	const char *b =
	    qpdf_oh_is_string(q, look) ? qpdf_oh_get_binary_string_value(q, look, &n) : NULL;
	if (hival < 0 || hival > 255 || b == NULL || n < 3 * (size_t)(hival + 1)) {
		s->unconverted++; /* a palette in a stream, or a short one */
		return false;
	}
	unsigned char cmyk[4 * 256];
	cp_pdf_profile_image(s->prof, (const unsigned char *)b, cmyk, (size_t)hival + 1);
	g_string_append_printf(o->s, "[/Indexed /DeviceCMYK %d <", hival);
	for (int i = 0; i < 4 * (hival + 1); i++)
		g_string_append_printf(o->s, "%02X", cmyk[i]);
	g_string_append(o->s, ">]");
	return true;
}

/* One value: a reference when it is an indirect object below the top,
 * else its syntax. */
static void put_value(ser *s, out *o, qpdf_oh oh, unsigned depth, bool top)
{
	qpdf_data q = s->q;
	if (s->r->over)
		return;
	if (!cp_press_reader_tick(s->r, CP_PRESS_BUDGET_OBJECTS, 1))
		return;
	if (depth > CP_PRESS_MAX_OBJECT_DEPTH) {
		cp_press_reader_error(s->r, CP_DIAG_LIMIT,
		                      "objects nested more than %u deep (limit: object depth)",
		                      CP_PRESS_MAX_OBJECT_DEPTH);
		return;
	}
	if (!top && qpdf_oh_get_object_id(q, oh) != 0) {
		if (is_page_object(q, oh)) {
			g_string_append(o->s, "null");
			return;
		}
		int n = local_of(s, oh);
		size_t at = o->s->len;
		g_array_append_val(o->refs, at);
		g_string_append_printf(o->s, "%d 0 R", n);
		return;
	}
	/* press mode: an RGB colour space is named DeviceCMYK (its colours
	 * are converted where they are used) */
	if (s->prof != NULL && !qpdf_oh_is_stream(q, oh)) {
		if (cp_press_rgb_space(q, oh)) {
			g_string_append(o->s, "/DeviceCMYK");
			return;
		}
		if (qpdf_oh_is_array(q, oh) && put_indexed(s, o, oh))
			return;
	}
	switch (qpdf_oh_get_type_code(q, oh)) {
	case ot_boolean:
		g_string_append(o->s, qpdf_oh_get_bool_value(q, oh) ? "true" : "false");
		break;
	case ot_integer:
		g_string_append_printf(o->s, "%lld", qpdf_oh_get_int_value(q, oh));
		break;
	case ot_real: {
		/* qpdf keeps a real as written; written again as a plain
		 * decimal, whatever the input held */
		double v = qpdf_oh_get_numeric_value(q, oh);
		if (!isfinite(v))
			v = 0;
		char buf[G_ASCII_DTOSTR_BUF_SIZE];
		g_string_append(o->s, g_ascii_formatd(buf, sizeof buf, "%.6f", v));
		break;
	}
	case ot_name:
		put_name(o->s, qpdf_oh_get_name(q, oh));
		break;
	case ot_string: {
		size_t n = 0;
		const char *b = qpdf_oh_get_binary_string_value(q, oh, &n);
		if (over_bytes(s, 2 * n + 2))
			return;
		g_string_append_c(o->s, '<');
		for (size_t i = 0; i < n; i++)
			g_string_append_printf(o->s, "%02X", (unsigned char)b[i]);
		g_string_append_c(o->s, '>');
		break;
	}
	case ot_array: {
		int n = qpdf_oh_get_array_n_items(q, oh);
		g_string_append_c(o->s, '[');
		for (int i = 0; i < n && !s->r->over; i++) {
			if (i > 0)
				g_string_append_c(o->s, ' ');
			put_value(s, o, qpdf_oh_get_array_item(q, oh, i), depth + 1, false);
		}
		g_string_append_c(o->s, ']');
		break;
	}
	case ot_dictionary:
		put_dict_body(s, o, oh, depth, false, false);
		break;
	case ot_stream:
		/* only as a queued object (top); inside one, streams are
		 * references by PDF's rules */
		put_dict_body(s, o, qpdf_oh_get_dict(q, oh), depth, true, s->recoding);
		break;
	default:
		g_string_append(o->s, "null");
		break;
	}
	over_bytes(s, 0);
}

static cp_pdf_syntax syntax_of(out *o)
{
	cp_pdf_syntax syn = {0};
	syn.len = o->s->len;
	syn.n_refs = o->refs->len;
	syn.text = g_string_free(o->s, FALSE);
	syn.ref_at = (size_t *)(void *)g_array_free(o->refs, FALSE);
	o->s = NULL;
	o->refs = NULL;
	return syn;
}

static cp_pdf_syntax serialise(ser *s, qpdf_oh oh)
{
	out o = {g_string_new(NULL), g_array_new(FALSE, FALSE, sizeof(size_t))};
	put_value(s, &o, oh, 0, true);
	over_bytes(s, o.s->len);
	return syntax_of(&o);
}

/* Deflated, as the writer deflates its own streams. */
static unsigned char *deflated(const unsigned char *data, size_t len, size_t *out_len)
{
	uLongf cap = compressBound((uLong)len);
	unsigned char *z = g_malloc(cap);
	if (compress2(z, &cap, data, (uLong)len, 6) != Z_OK) {
		g_free(z);
		return NULL;
	}
	*out_len = cap;
	return z;
}

/* Press mode: a stream whose data must change - an 8-bit RGB image turned
 * into CMYK pixels, a form's or a tiling pattern's content with its RGB
 * operators converted - as its new
 * data, deflated; NULL when it stays as stored (or cannot be converted:
 * counted in s->unconverted). */
static unsigned char *convert_stream(ser *s, qpdf_oh oh, size_t *len)
{
	qpdf_data q = s->q;
	cp_press_reader *r = s->r;
	qpdf_oh dict = qpdf_oh_get_dict(q, oh);
	g_autofree char *sub = cp_press_name(q, dict, "/Subtype");
	/* a tiling pattern's cell is content, as a form's */
	bool tiling = cp_press_num(q, qpdf_oh_get_key(q, dict, "/PatternType"), 0) == 1;
	if (sub == NULL && !tiling)
		return NULL;
	int id = qpdf_oh_get_object_id(q, oh);
	if (sub != NULL && !strcmp(sub, "/Image")) {
		qpdf_oh cs = qpdf_oh_get_key(q, dict, "/ColorSpace");
		if (!cp_press_rgb_space(q, cs))
			return NULL;
		double w = cp_press_num(q, qpdf_oh_get_key(q, dict, "/Width"), 0);
		double h = cp_press_num(q, qpdf_oh_get_key(q, dict, "/Height"), 0);
		double bpc = cp_press_num(q, qpdf_oh_get_key(q, dict, "/BitsPerComponent"), 0);
		if (bpc != 8 || qpdf_oh_has_key(q, dict, "/Decode") || !(w >= 1 && h >= 1)) {
			s->unconverted++;
			return NULL;
		}
		double bytes = w * h * 4;
		if (bytes > CP_PRESS_MAX_IMAGE_BYTES) {
			cp_press_reader_error(r, CP_DIAG_LIMIT,
			                      "object %d: an RGB image of %.0f x %.0f pixels, more "
			                      "than %u MiB as CMYK (limit: image size)",
			                      id, w, h, CP_PRESS_MAX_IMAGE_BYTES >> 20);
			return NULL;
		}
		size_t px = (size_t)w * (size_t)h;
		size_t n = 0;
		g_autofree char *what = g_strdup_printf(_("object %d (an image)"), id);
		/* the image cap, not the declared size: a predictor's worst
		 * case decides whether qpdf may decode it (reader.c) */
		g_autofree unsigned char *rgb =
		    cp_press_reader_stream(r, oh, CP_PRESS_MAX_IMAGE_BYTES, what, &n);
		if (rgb == NULL || n < 3 * px) {
			if (!r->over)
				s->unconverted++;
			return NULL;
		}
		g_autofree unsigned char *cmyk = g_malloc(4 * px);
		cp_pdf_profile_image(s->prof, rgb, cmyk, px);
		return deflated(cmyk, 4 * px, len);
	}
	if (tiling || !strcmp(sub, "/Form")) {
		size_t n = 0;
		g_autofree char *what = g_strdup_printf(
		    tiling ? _("object %d (a pattern)") : _("object %d (a form)"), id);
		g_autofree unsigned char *data =
		    cp_press_reader_stream(r, oh, CP_PRESS_MAX_CONTENT_BYTES, what, &n);
		if (data == NULL)
			return NULL;
		size_t m = 0;
		g_autofree unsigned char *conv =
		    cp_press_content_to_cmyk(r, data, n, qpdf_oh_get_key(q, dict, "/Resources"),
		                             s->prof, &m, &s->unconverted);
		if (conv == NULL)
			return NULL;
		return deflated(conv, m, len);
	}
	return NULL;
}

/* The queued objects, in local order (the queue grows as they are
 * written). */
static bool take_objects(ser *s, cp_pdf_form *f)
{
	qpdf_data q = s->q;
	GArray *objs = g_array_new(FALSE, TRUE, sizeof(cp_pdf_form_obj));
	for (guint i = 0; i < s->ids->len && !s->r->over; i++) {
		qpdf_oh mark = cp_press_reader_mark(s->r);
		objref ref = g_array_index(s->ids, objref, i);
		int id = ref.id;
		qpdf_oh oh = qpdf_get_object_by_id(q, ref.id, ref.gen);
		cp_pdf_form_obj fo = {0};
		unsigned char *recoded = NULL;
		size_t recoded_len = 0;
		if (s->prof != NULL && qpdf_oh_is_stream(q, oh))
			recoded = convert_stream(s, oh, &recoded_len);
		s->recoding = recoded != NULL;
		fo.syntax = serialise(s, oh);
		s->recoding = false;
		if (recoded != NULL) {
			fo.stream = true;
			fo.data = recoded;
			fo.len = recoded_len;
			over_bytes(s, recoded_len);
		} else if (qpdf_oh_is_stream(q, oh) && !s->r->over) {
			unsigned char *raw = NULL;
			size_t n = 0;
			QPDF_BOOL filtered = QPDF_FALSE;
			if (qpdf_oh_get_stream_data(q, oh, qpdf_dl_none, &filtered, &raw, &n) &
			    QPDF_ERRORS) {
				free(raw);
				cp_press_reader_error(s->r, CP_DIAG_BAD_ARTWORK,
				                      "object %d: its stream cannot be read", id);
			} else if (!over_bytes(s, n)) {
				fo.stream = true;
				fo.data = g_memdup2(raw != NULL ? raw : (unsigned char *)"", n);
				fo.len = n;
			}
			free(raw);
		}
		g_array_append_val(objs, fo);
		cp_press_reader_release(s->r, mark);
	}
	f->n_objs = objs->len;
	f->objs = (cp_pdf_form_obj *)(void *)g_array_free(objs, FALSE);
	return !s->r->over;
}

/* The page's box for the artwork: TrimBox, else CropBox, else MediaBox;
 * and the CropBox (what viewers and renderers show). */
static bool boxes(cp_press_reader *r, qpdf_oh page, double box[4], double crop[4])
{
	qpdf_data q = r->q;
	double media[4];
	if (!cp_press_rect(q, cp_press_page_attr(q, page, "/MediaBox"), media)) {
		cp_press_reader_error(r, CP_DIAG_BAD_ARTWORK, "the page has no MediaBox");
		return false;
	}
	if (!cp_press_rect(q, cp_press_page_attr(q, page, "/CropBox"), crop))
		memcpy(crop, media, sizeof media);
	if (!cp_press_rect(q, qpdf_oh_get_key(q, page, "/TrimBox"), box))
		memcpy(box, crop, sizeof media);
	for (int i = 0; i < 4; i++)
		if (!isfinite(box[i]) || !isfinite(crop[i]) || fabs(box[i]) > 1e6) {
			cp_press_reader_error(r, CP_DIAG_BAD_ARTWORK,
			                      "the page's box is not a size");
			return false;
		}
	if (box[2] - box[0] < 1 || box[3] - box[1] < 1) {
		cp_press_reader_error(r, CP_DIAG_BAD_ARTWORK,
		                      "the page's box is %.1f x %.1f points: nothing to place",
		                      box[2] - box[0], box[3] - box[1]);
		return false;
	}
	return true;
}

cp_pdf_form *cp_press_artwork_read(const char *path, int page_no, cp_span span,
                                   const cp_pdf_profile *cmyk, cp_diags *d)
{
	cp_press_reader r;
	cp_pdf_form *f = NULL;
	ser s = {0};
	cp_press_page_facts pf = {0};
	g_autofree char *what = g_strdup_printf(_("the content of page %d"), page_no);
	if (!cp_press_reader_open_at(&r, path, span, d))
		goto out;
	qpdf_data q = r.q;
	if (page_no < 1 || page_no > r.n_pages) {
		cp_press_reader_error(&r, CP_DIAG_BAD_ARTWORK,
		                      "the PDF has %d page(s); there is no page %d", r.n_pages,
		                      page_no);
		goto out;
	}
	qpdf_oh page = qpdf_get_page_n(q, (size_t)(page_no - 1));
	int rotate = (int)cp_press_num(q, cp_press_page_attr(q, page, "/Rotate"), 0);
	if (rotate % 360 != 0) {
		cp_press_reader_error(&r, CP_DIAG_BAD_ARTWORK,
		                      "page %d is turned by %d degrees (/Rotate); canpress places "
		                      "pages as they are drawn: export the artwork upright",
		                      page_no, rotate);
		goto out;
	}
	f = g_new0(cp_pdf_form, 1);
	f->path = g_strdup(path);
	f->page = page_no;
	double crop[4];
	if (!boxes(&r, page, f->bbox, crop))
		goto out;
	f->width = f->bbox[2] - f->bbox[0];
	f->height = f->bbox[3] - f->bbox[1];
	double m[6] = {1, 0, 0, 1, -f->bbox[0], -f->bbox[1]};
	memcpy(f->matrix, m, sizeof m);
	f->crop_x = f->bbox[0] - crop[0];
	f->crop_y = crop[3] - f->bbox[3];

	/* the checks first: they walk what the page reaches, under the
	 * budgets, before anything is copied */
	cp_press_page_facts_read(&r, page_no - 1, &pf);
	if (r.over)
		goto out;
	f->transparent = pf.transparency > 0;
	f->rgb = pf.rgb > 0;
	f->min_ppi = pf.min_ppi;
	f->n_images = pf.n_images;
	if (pf.fonts_missing > 0) {
		f->fonts_missing = g_strdup(pf.missing);
		cp_diag_add(d, CP_DIAG_ARTWORK_FONT, span,
		            "ask for the artwork again with every font embedded (PDF/X does)",
		            "artwork '%s' page %d does not embed %d font(s): %s", path, page_no,
		            pf.fonts_missing, pf.missing);
		goto out;
	}

	/* the content, decoded and joined */
	page = qpdf_get_page_n(q, (size_t)(page_no - 1));
	f->content = cp_press_reader_page_content(&r, page, what, &f->content_len);
	if (r.over)
		goto out;
	if (f->content == NULL)
		f->content = g_malloc0(1);
	s.prof = f->rgb ? cmyk : NULL;
	if (s.prof != NULL) {
		size_t conv_len = 0;
		unsigned char *conv = cp_press_content_to_cmyk(
		    &r, f->content, f->content_len, cp_press_page_attr(q, page, "/Resources"),
		    s.prof, &conv_len, &s.unconverted);
		if (conv == NULL)
			goto out;
		g_free(f->content);
		f->content = conv;
		f->content_len = conv_len;
		f->converted = true;
	}

	/* the resources and the group, then every object they reach */
	s.r = &r;
	s.q = q;
	s.local = g_hash_table_new(g_direct_hash, g_direct_equal);
	s.ids = g_array_new(FALSE, FALSE, sizeof(objref));
	s.bytes = f->content_len;
	qpdf_oh res = cp_press_page_attr(q, page, "/Resources");
	if (qpdf_oh_is_dictionary(q, res)) {
		out o = {g_string_new(NULL), g_array_new(FALSE, FALSE, sizeof(size_t))};
		put_dict_body(&s, &o, res, 0, false, false);
		f->resources = syntax_of(&o);
	} else {
		f->resources.text = g_strdup("<<>>");
		f->resources.len = 4;
	}
	qpdf_oh group = qpdf_oh_get_key(q, page, "/Group");
	if (qpdf_oh_is_dictionary(q, group)) {
		out o = {g_string_new(NULL), g_array_new(FALSE, FALSE, sizeof(size_t))};
		put_dict_body(&s, &o, group, 0, false, false);
		f->group = syntax_of(&o);
		f->transparent = true;
	}
	take_objects(&s, f);
	if (!r.over && s.unconverted > 0)
		cp_press_reader_error(&r, CP_DIAG_BAD_ARTWORK,
		                      "page %d has RGB that canpress cannot convert into CMYK (%d "
		                      "inline image(s), shading(s), 16-bit or indexed images); ask "
		                      "the advertiser for CMYK artwork",
		                      page_no, s.unconverted);

out:
	if (s.local != NULL)
		g_hash_table_destroy(s.local);
	if (s.ids != NULL)
		g_array_free(s.ids, TRUE);
	g_free(pf.missing);
	if (r.over || (f != NULL && f->fonts_missing != NULL)) {
		cp_pdf_form_free(f);
		f = NULL;
	}
	cp_press_reader_close(&r);
	return f;
}
