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

/* The serialiser: objects met by reference get local numbers in the order
 * they are met, and are written one after another from the queue. */
typedef struct ser {
	cp_press_reader *r;
	qpdf_data q;
	GHashTable *local; /* object id -> local number */
	GArray *ids;       /* objref: the object of local number i + 1 */
	size_t bytes;      /* syntax and stream bytes taken so far */
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

static void put_dict_body(ser *s, out *o, qpdf_oh dict, unsigned depth, bool stream)
{
	qpdf_data q = s->q;
	g_auto(GStrv) keys = cp_press_dict_keys(q, dict);
	g_string_append(o->s, "<<");
	for (char **k = keys; *k != NULL && !s->r->over; k++) {
		/* back up the page tree or to an annotation's page; a stream's
		 * length is the writer's */
		if (!strcmp(*k, "/Parent") || !strcmp(*k, "/P") ||
		    (stream && (!strcmp(*k, "/Length") || !strcmp(*k, "/DL"))))
			continue;
		put_name(o->s, *k);
		g_string_append_c(o->s, ' ');
		put_value(s, o, qpdf_oh_get_key(q, dict, *k), depth + 1, false);
		g_string_append_c(o->s, ' ');
	}
	g_string_append(o->s, ">>");
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
		put_dict_body(s, o, oh, depth, false);
		break;
	case ot_stream:
		/* only as a queued object (top); inside one, streams are
		 * references by PDF's rules */
		put_dict_body(s, o, qpdf_oh_get_dict(q, oh), depth, true);
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
		fo.syntax = serialise(s, oh);
		if (qpdf_oh_is_stream(q, oh) && !s->r->over) {
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
			cp_press_reader_error(r, CP_DIAG_BAD_ARTWORK, "the page's box is not a size");
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

cp_pdf_form *cp_press_artwork_read(const char *path, int page_no, cp_span span, cp_diags *d)
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

	/* the resources and the group, then every object they reach */
	s.r = &r;
	s.q = q;
	s.local = g_hash_table_new(g_direct_hash, g_direct_equal);
	s.ids = g_array_new(FALSE, FALSE, sizeof(objref));
	s.bytes = f->content_len;
	qpdf_oh res = cp_press_page_attr(q, page, "/Resources");
	if (qpdf_oh_is_dictionary(q, res)) {
		out o = {g_string_new(NULL), g_array_new(FALSE, FALSE, sizeof(size_t))};
		put_dict_body(&s, &o, res, 0, false);
		f->resources = syntax_of(&o);
	} else {
		f->resources.text = g_strdup("<<>>");
		f->resources.len = 4;
	}
	qpdf_oh group = qpdf_oh_get_key(q, page, "/Group");
	if (qpdf_oh_is_dictionary(q, group)) {
		out o = {g_string_new(NULL), g_array_new(FALSE, FALSE, sizeof(size_t))};
		put_dict_body(&s, &o, group, 0, false);
		f->group = syntax_of(&o);
		f->transparent = true;
	}
	take_objects(&s, f);

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
