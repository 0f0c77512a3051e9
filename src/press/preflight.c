/* preflight.c - `canpress preflight FILE.pdf`: checks any PDF against what
 * a Japanese print shop asks for (docs/prepress.md sections 1 and 4)
 * and prints one verdict line per check.
 *
 * The file is any PDF, so it is opened and read through reader.c, inside
 * the bounds of limits.h: colour spaces, forms and patterns have a depth,
 * the walks a budget, every decoded stream a cap. A file beyond them gets
 * one LIMIT error and no verdicts.
 *
 * Two passes over the file:
 *   objects  every object reachable from the trailer, followed by
 *            reference (never by number, so a trailer's /Size claiming
 *            ten million objects costs nothing): version keys,
 *            OutputIntent, fonts (embedded or not), colour spaces of images,
 *            shadings, groups and resources (RGB, Lab, ICC with 3
 *            components), image ink (CMYK samples: max and 99.9th
 *            percentile of the total), transparency keys;
 *   content  every page's content, interpreted with a graphics state stack
 *            (CTM, fill and stroke colour and space) and recursing into
 *            form XObjects: text fill colours (K only, rich black, RGB),
 *            fill and stroke ink, RGB operators, each image's effective
 *            resolution at its placed size, registration-colour marks.
 * Boxes and bleed come from the page dictionaries. Thresholds are in
 * cp_press_preflight_opts. Nothing here writes to the PDF. */
#include "press/reader.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#define MAX_STACK 64 /* q nesting kept; deeper saves share the last slot */
#define MM (72.0 / 25.4)

/* Colour spaces as the checks see them: device families, with ICC-based
 * spaces classed by their component count and Indexed by its base;
 * [/Separation /All ...] is the registration colour of crop marks and
 * counts neither as ink nor as a plate colour. */
typedef enum space { SP_GRAY, SP_RGB, SP_CMYK, SP_LAB, SP_SEP_ALL, SP_OTHER } space;

/* The part of the graphics state the checks need; q/Q push and pop it. */
typedef struct gstate {
	double ctm[6];
	space fill_sp, stroke_sp;
	double fill[4], stroke[4];
} gstate;

/* What the content pass gathers. */
typedef struct scan {
	cp_press_reader *r;
	qpdf_data q;
	int page;         /* 1-based */
	GString *rgb_ops; /* first few "page N: rg" notes */
	int n_rgb_ops;
	int text_k_only, text_rich, text_rgb, text_color, text_other;
	GString *text_bad; /* first bad text colour, with its page */
	double max_ink;    /* vector fill/stroke, percent */
	int max_ink_page;
	double min_ppi; /* effective ppi, smallest */
	int min_ppi_page;
	int n_images_placed;
	int pages_with_marks;
	bool page_has_marks;
	unsigned forms_depth; /* forms and tiling patterns being interpreted */
} scan;

/* Matrix product in PDF's row-vector convention: out = m x n applies m
 * first, so "cm" is mat_mul(operand, ctm, ctm). */
static void mat_mul(const double m[6], const double n[6], double out[6])
{
	/* out = m x n (PDF row-vector convention: apply m, then n) */
	double r[6];
	r[0] = m[0] * n[0] + m[1] * n[2];
	r[1] = m[0] * n[1] + m[1] * n[3];
	r[2] = m[2] * n[0] + m[3] * n[2];
	r[3] = m[2] * n[1] + m[3] * n[3];
	r[4] = m[4] * n[0] + m[5] * n[2] + n[4];
	r[5] = m[4] * n[1] + m[5] * n[3] + n[5];
	memcpy(out, r, sizeof r);
}

/* The family of a colour space object (name or array), depth spaces deep
 * inside another (an Indexed space's base): an Indexed space whose base is
 * itself stops at CP_PRESS_MAX_COLORSPACE_DEPTH with a LIMIT error. */
static space space_of(cp_press_reader *r, qpdf_oh cs, unsigned depth)
{
	qpdf_data q = r->q;
	if (r->over)
		return SP_OTHER;
	if (depth > CP_PRESS_MAX_COLORSPACE_DEPTH) {
		cp_press_reader_error(r, CP_DIAG_LIMIT,
		                      "a colour space nested more than %u deep, as in an Indexed "
		                      "space based on itself (limit: colour space depth)",
		                      CP_PRESS_MAX_COLORSPACE_DEPTH);
		return SP_OTHER;
	}
	g_autofree char *fam = NULL;
	qpdf_oh first = cs;
	if (qpdf_oh_is_array(q, cs) && qpdf_oh_get_array_n_items(q, cs) > 0)
		first = qpdf_oh_get_array_item(q, cs, 0);
	if (!qpdf_oh_is_name(q, first))
		return SP_OTHER;
	fam = g_strdup(qpdf_oh_get_name(q, first));
	if (!strcmp(fam, "/DeviceGray") || !strcmp(fam, "/G") || !strcmp(fam, "/CalGray"))
		return SP_GRAY;
	if (!strcmp(fam, "/DeviceRGB") || !strcmp(fam, "/RGB") || !strcmp(fam, "/CalRGB"))
		return SP_RGB;
	if (!strcmp(fam, "/DeviceCMYK") || !strcmp(fam, "/CMYK"))
		return SP_CMYK;
	if (!strcmp(fam, "/Lab"))
		return SP_LAB;
	if (!strcmp(fam, "/ICCBased") && qpdf_oh_is_array(q, cs)) {
		qpdf_oh s = qpdf_oh_get_array_item(q, cs, 1);
		qpdf_oh n_oh = qpdf_oh_get_key_if_dict(q, cp_press_dict_of(q, s), "/N");
		int n = (int)cp_press_num(q, n_oh, 0);
		return n == 3 ? SP_RGB : n == 4 ? SP_CMYK : n == 1 ? SP_GRAY : SP_OTHER;
	}
	/* an indexed space, and an uncoloured pattern's colours, are in their
	 * base space */
	if ((!strcmp(fam, "/Indexed") || !strcmp(fam, "/I") || !strcmp(fam, "/Pattern")) &&
	    qpdf_oh_is_array(q, cs) && qpdf_oh_get_array_n_items(q, cs) >= 2)
		return space_of(r, qpdf_oh_get_array_item(q, cs, 1), depth + 1);
	if (!strcmp(fam, "/Separation") && qpdf_oh_is_array(q, cs)) {
		qpdf_oh n = qpdf_oh_get_array_item(q, cs, 1);
		if (qpdf_oh_is_name(q, n) && !strcmp(qpdf_oh_get_name(q, n), "/All"))
			return SP_SEP_ALL;
	}
	return SP_OTHER;
}

/* An RGB (or Lab) use in content; the first three are named in the verdict. */
static void note_rgb(scan *s, const char *what)
{
	s->n_rgb_ops++;
	if (s->n_rgb_ops <= 3)
		g_string_append_printf(s->rgb_ops, "%spage %d: %s", s->rgb_ops->len ? ", " : "",
		                       s->page, what);
}

/* Total ink of a painted colour, percent: CMYK sums its four inks, grey
 * is K only (1 - g). RGB is reported under color_spaces, not here. */
static void note_ink(scan *s, space sp, const double v[4])
{
	double ink = 0;
	if (sp == SP_CMYK)
		ink = (v[0] + v[1] + v[2] + v[3]) * 100;
	else if (sp == SP_GRAY)
		ink = (1 - v[0]) * 100;
	if (ink > s->max_ink + 1e-9) {
		s->max_ink = ink;
		s->max_ink_page = s->page;
	}
}

/* Classes a text run by its fill colour (docs/prepress.md section 1,
 * "Black"): K only (DeviceGray, or CMYK with no C, M, Y) is what shops
 * want; four-colour dark text, C, M and Y at least 25 % under K at least
 * 50 %, is rich black and misregisters; RGB text will be converted by the
 * shop into rich black. Coloured text (a red heading) is fine. */
static void note_text(scan *s, const gstate *g)
{
	const double *v = g->fill;
	char buf[128];
	switch (g->fill_sp) {
	case SP_GRAY:
		if (v[0] < 1)
			s->text_k_only++;
		return;
	case SP_CMYK:
		if (v[0] == 0 && v[1] == 0 && v[2] == 0) {
			s->text_k_only += v[3] > 0;
			return;
		}
		/* four-colour dark text: rich black (or registration-like) */
		if (v[3] >= 0.5 && v[0] >= 0.25 && v[1] >= 0.25 && v[2] >= 0.25) {
			s->text_rich++;
			if (s->text_bad->len == 0) {
				g_snprintf(buf, sizeof buf,
				           "page %d: rich black text %.2f %.2f %.2f %.2f k",
				           s->page, v[0], v[1], v[2], v[3]);
				g_string_assign(s->text_bad, buf);
			}
		} else {
			s->text_color++;
		}
		return;
	case SP_RGB:
		s->text_rgb++;
		if (s->text_bad->len == 0) {
			g_snprintf(buf, sizeof buf, "page %d: RGB text %.2f %.2f %.2f rg", s->page,
			           v[0], v[1], v[2]);
			g_string_assign(s->text_bad, buf);
		}
		return;
	case SP_LAB:
	case SP_SEP_ALL:
	case SP_OTHER:
		s->text_other++;
		return;
	}
}

static void run_content(scan *s, const unsigned char *buf, size_t len, qpdf_oh res,
                        const double ctm[6]);

/* The content of a form XObject or a tiling pattern, with its own
 * resources (else the caller's) and its matrix on top of ctm: one level
 * deeper, one use more of the budget. */
static void run_stream(scan *s, qpdf_oh xo, qpdf_oh res, const double ctm[6], bool pattern)
{
	qpdf_data q = s->q;
	cp_press_reader *r = s->r;
	if (s->forms_depth >= CP_PRESS_MAX_FORM_DEPTH) {
		cp_press_reader_error(r, CP_DIAG_LIMIT,
		                      "page %d: forms and patterns drawn inside one another more "
		                      "than %u deep, as by a form that draws itself "
		                      "(limit: form depth)",
		                      s->page, CP_PRESS_MAX_FORM_DEPTH);
		return;
	}
	if (!cp_press_reader_tick(r, CP_PRESS_BUDGET_FORMS, 1))
		return;
	qpdf_oh dict = qpdf_oh_get_dict(q, xo);
	double m[6] = {1, 0, 0, 1, 0, 0};
	qpdf_oh mat = qpdf_oh_get_key(q, dict, "/Matrix");
	if (qpdf_oh_is_array(q, mat) && qpdf_oh_get_array_n_items(q, mat) == 6)
		for (int i = 0; i < 6; i++)
			m[i] = cp_press_num(q, qpdf_oh_get_array_item(q, mat, i), m[i]);
	double inner[6];
	mat_mul(m, ctm, inner);
	g_autofree char *label =
	    g_strdup_printf(pattern ? _("a pattern on page %d") : _("a form on page %d"), s->page);
	size_t n = 0;
	g_autofree unsigned char *data =
	    cp_press_reader_stream(r, xo, CP_PRESS_MAX_CONTENT_BYTES, label, &n);
	if (data == NULL)
		return;
	qpdf_oh own = qpdf_oh_get_key(q, dict, "/Resources");
	s->forms_depth++;
	run_content(s, data, n, qpdf_oh_is_dictionary(q, own) ? own : res, inner);
	s->forms_depth--;
}

/* A Do: an image's effective resolution, or a form's content. */
static void do_xobject(scan *s, qpdf_oh res, const char *name, const gstate *g)
{
	qpdf_data q = s->q;
	qpdf_oh xo = qpdf_oh_get_key_if_dict(q, qpdf_oh_get_key_if_dict(q, res, "/XObject"), name);
	if (!qpdf_oh_is_stream(q, xo))
		return;
	qpdf_oh dict = qpdf_oh_get_dict(q, xo);
	g_autofree char *sub = cp_press_name(q, dict, "/Subtype");
	if (sub == NULL)
		return;
	if (!strcmp(sub, "/Image")) {
		double w = cp_press_num(q, qpdf_oh_get_key(q, dict, "/Width"), 0);
		double h = cp_press_num(q, qpdf_oh_get_key(q, dict, "/Height"), 0);
		/* the unit square's sides under the CTM, in inches */
		double sx = hypot(g->ctm[0], g->ctm[1]) / 72.0;
		double sy = hypot(g->ctm[2], g->ctm[3]) / 72.0;
		if (w <= 1 || h <= 1 || !(sx > 0) || !(sy > 0) || !isfinite(sx) || !isfinite(sy))
			return; /* a 1-pixel image is a fill, not a photo */
		double ppi = MIN(w / sx, h / sy);
		s->n_images_placed++;
		if (s->n_images_placed == 1 || ppi < s->min_ppi) {
			s->min_ppi = ppi;
			s->min_ppi_page = s->page;
		}
	} else if (!strcmp(sub, "/Form")) {
		run_stream(s, xo, res, g->ctm, false);
	}
}

/* An scn/SCN naming a pattern: a tiling pattern's content is interpreted
 * like a form's (its matrix maps to the default space of the content that
 * uses it, base); a shading pattern's colour space is the object pass's. */
static void use_pattern(scan *s, qpdf_oh res, const char *name, const double base[6])
{
	qpdf_data q = s->q;
	qpdf_oh pat = qpdf_oh_get_key_if_dict(q, qpdf_oh_get_key_if_dict(q, res, "/Pattern"), name);
	if (!qpdf_oh_is_stream(q, pat))
		return;
	qpdf_oh type = qpdf_oh_get_key(q, qpdf_oh_get_dict(q, pat), "/PatternType");
	if (cp_press_num(q, type, 0) == 1)
		run_stream(s, pat, res, base, true);
}

/* Interprets one content stream with its resources. Only operators that
 * change or use colour, the CTM or XObjects are followed; text positioning
 * is not needed (a run is counted once per show operator). Operands are
 * collected as numbers and the last name; everything else resets them.
 * Every token counts against the operator budget; qpdf handles made for
 * an operator are released after it (a page of a million Do's would
 * otherwise hold millions of them). */
static void run_content(scan *s, const unsigned char *buf, size_t len, qpdf_oh res,
                        const double ctm[6])
{
	qpdf_data q = s->q;
	gstate stack[MAX_STACK];
	int sp = 0;
	gstate *g = &stack[0];
	memset(g, 0, sizeof *g);
	memcpy(g->ctm, ctm, sizeof g->ctm);
	g->fill_sp = g->stroke_sp = SP_GRAY;
	cp_press_walk w;
	cp_press_walk_init(&w, s->r, buf, len);
	while (cp_press_walk_next(&w)) {
		const cp_press_tok t = w.op;
		const double *num = w.num;
		const int n_num = w.n_num;
		const cp_press_tok name = w.name;
		if (t.kind == CP_TOK_INLINE_IMAGE) {
			if (cp_press_walk_inline_rgb(&w))
				note_rgb(s, "RGB inline image");
			continue;
		}
		const char *op = (const char *)buf + t.start;
		size_t ol = t.len;
#define OP(str) (ol == strlen(str) && memcmp(op, str, ol) == 0)
		if (OP("q")) {
			if (sp + 1 < MAX_STACK) {
				stack[sp + 1] = stack[sp];
				sp++;
				g = &stack[sp];
			}
		} else if (OP("Q")) {
			if (sp > 0)
				g = &stack[--sp];
		} else if (OP("cm") && n_num == 6) {
			mat_mul(num, g->ctm, g->ctm);
		} else if ((OP("g") || OP("G")) && n_num == 1) {
			bool fill = op[0] == 'g';
			*(fill ? &g->fill_sp : &g->stroke_sp) = SP_GRAY;
			(fill ? g->fill : g->stroke)[0] = num[0];
		} else if ((OP("rg") || OP("RG")) && n_num == 3) {
			bool fill = op[0] == 'r';
			*(fill ? &g->fill_sp : &g->stroke_sp) = SP_RGB;
			memcpy(fill ? g->fill : g->stroke, num, 3 * sizeof(double));
			note_rgb(s, fill ? "rg" : "RG");
		} else if ((OP("k") || OP("K")) && n_num == 4) {
			bool fill = op[0] == 'k';
			*(fill ? &g->fill_sp : &g->stroke_sp) = SP_CMYK;
			memcpy(fill ? g->fill : g->stroke, num, 4 * sizeof(double));
		} else if ((OP("cs") || OP("CS")) && name.kind == CP_TOK_NAME) {
			qpdf_oh mark = cp_press_reader_mark(s->r);
			bool fill = op[0] == 'c';
			g_autofree char *nm = g_strndup((const char *)buf + name.start, name.len);
			qpdf_oh obj;
			if (!strcmp(nm, "/Pattern"))
				obj = qpdf_oh_new_name(q, "/Pattern");
			else if (!strncmp(nm, "/Device", 7))
				obj = qpdf_oh_new_name(q, nm);
			else
				obj = qpdf_oh_get_key_if_dict(
				    q, qpdf_oh_get_key_if_dict(q, res, "/ColorSpace"), nm);
			space spc = space_of(s->r, obj, 0);
			*(fill ? &g->fill_sp : &g->stroke_sp) = spc;
			double *v = fill ? g->fill : g->stroke;
			v[0] = v[1] = v[2] = 0;
			v[3] = spc == SP_CMYK ? 1 : 0;
			if (spc == SP_RGB)
				note_rgb(s, fill ? "RGB cs" : "RGB CS");
			if (spc == SP_LAB)
				note_rgb(s, "Lab colour space");
			if (spc == SP_SEP_ALL)
				s->page_has_marks = true;
			cp_press_reader_release(s->r, mark);
		} else if (OP("sc") || OP("scn") || OP("SC") || OP("SCN")) {
			bool fill = op[0] == 's';
			double *v = fill ? g->fill : g->stroke;
			for (int i = 0; i < MIN(n_num, 4); i++)
				v[i] = num[i];
			if ((OP("scn") || OP("SCN")) && name.kind == CP_TOK_NAME) {
				g_autofree char *nm =
				    g_strndup((const char *)buf + name.start, name.len);
				qpdf_oh mark = cp_press_reader_mark(s->r);
				use_pattern(s, res, nm, ctm);
				cp_press_reader_release(s->r, mark);
			}
		} else if (OP("Tj") || OP("TJ") || OP("'") || OP("\"")) {
			note_text(s, g);
			note_ink(s, g->fill_sp, g->fill);
		} else if (OP("f") || OP("F") || OP("f*") || OP("B") || OP("B*") || OP("b") ||
		           OP("b*")) {
			note_ink(s, g->fill_sp, g->fill);
			if (op[0] != 'f' && op[0] != 'F')
				note_ink(s, g->stroke_sp, g->stroke);
		} else if (OP("S") || OP("s")) {
			note_ink(s, g->stroke_sp, g->stroke);
		} else if (OP("Do") && name.kind == CP_TOK_NAME) {
			g_autofree char *nm = g_strndup((const char *)buf + name.start, name.len);
			qpdf_oh mark = cp_press_reader_mark(s->r);
			do_xobject(s, res, nm, g);
			cp_press_reader_release(s->r, mark);
		}
#undef OP
	}
}

/* ---- the object pass ------------------------------------------------------ */

/* What the object pass gathers, over every object of the file, used or
 * not ("RGB anywhere" is what shops reject). */
typedef struct objects {
	int fonts, fonts_missing;
	GString *missing; /* names of fonts not embedded */
	int type3;
	int rgb_images, lab, rgb_shadings, rgb_groups, rgb_spaces;
	int transparency; /* objects with alpha, soft masks, blend modes */
	double image_ink_max, image_ink_p999;
	int cmyk_images;
	int annots;
} objects;

/* Embedded = the descriptor holds a font program (Type 1, TrueType, or
 * CFF/OpenType). Type 0 fonts are checked through their descendants. */
static bool has_font_file(qpdf_data q, qpdf_oh font)
{
	qpdf_oh fd = qpdf_oh_get_key_if_dict(q, font, "/FontDescriptor");
	return qpdf_oh_has_key(q, fd, "/FontFile") || qpdf_oh_has_key(q, fd, "/FontFile2") ||
	       qpdf_oh_has_key(q, fd, "/FontFile3");
}

static void check_font(qpdf_data q, qpdf_oh font, objects *o)
{
	g_autofree char *sub = cp_press_name(q, font, "/Subtype");
	if (sub == NULL || !strcmp(sub, "/Type0"))
		return; /* its descendant is checked as an object of its own */
	o->fonts++;
	if (!strcmp(sub, "/Type3")) {
		o->type3++;
		return;
	}
	if (!has_font_file(q, font)) {
		o->fonts_missing++;
		g_autofree char *base = cp_press_name(q, font, "/BaseFont");
		if (o->missing->len < 200)
			g_string_append_printf(o->missing, "%s%s", o->missing->len ? ", " : "",
			                       base != NULL ? base + 1 : "(unnamed)");
	}
}

/* CMYK image ink: the largest total and the 99.9th percentile. A histogram
 * of the 1021 possible 8-bit totals finds both in one pass without
 * sorting. The percentile is what decides (as in the independent checker,
 * docs/prepress.md section 4): single JPEG pixels overshoot by a few
 * percent and no press prints a single pixel. */
static void image_ink(cp_press_reader *r, qpdf_oh img, qpdf_oh dict, objects *o)
{
	qpdf_data q = r->q;
	int bpc = (int)cp_press_num(q, qpdf_oh_get_key(q, dict, "/BitsPerComponent"), 0);
	if (bpc != 8)
		return;
	/* the size it declares bounds what its data may decode to */
	double w = cp_press_num(q, qpdf_oh_get_key(q, dict, "/Width"), 0);
	double h = cp_press_num(q, qpdf_oh_get_key(q, dict, "/Height"), 0);
	double bytes = w * h * 4;
	if (!(w >= 1 && h >= 1))
		return;
	if (bytes > CP_PRESS_MAX_IMAGE_BYTES) {
		cp_press_reader_error(r, CP_DIAG_LIMIT,
		                      "object %d: a CMYK image of %.0f x %.0f pixels, more than "
		                      "%u MiB decoded (limit: image size)",
		                      qpdf_oh_get_object_id(q, img), w, h,
		                      CP_PRESS_MAX_IMAGE_BYTES >> 20);
		return;
	}
	size_t len = 0;
	g_autofree char *what =
	    g_strdup_printf(_("object %d (an image)"), qpdf_oh_get_object_id(q, img));
	/* a little more than declared: some writers pad the last row */
	size_t cap = (size_t)bytes + (size_t)bytes / 16 + 4096;
	g_autofree unsigned char *data = cp_press_reader_stream(r, img, cap, what, &len);
	if (data == NULL || len < 4)
		return;
	/* an Adobe-inverted JPEG says so with /Decode [1 0 ...] */
	bool inverted = false;
	qpdf_oh dec = qpdf_oh_get_key(q, dict, "/Decode");
	if (qpdf_oh_is_array(q, dec) && qpdf_oh_get_array_n_items(q, dec) == 8)
		inverted = cp_press_num(q, qpdf_oh_get_array_item(q, dec, 0), 0) > 0.5;
	static const size_t BINS = 4 * 255 + 1;
	g_autofree size_t *hist = g_new0(size_t, BINS);
	size_t n = len / 4;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *p = data + 4 * i;
		unsigned sum = (unsigned)p[0] + p[1] + p[2] + p[3];
		hist[inverted ? 1020 - sum : sum]++;
	}
	size_t seen = 0;
	double p999 = 0;
	double max = 0;
	for (size_t b = BINS; b-- > 0;) {
		if (hist[b] == 0)
			continue;
		if (max == 0)
			max = b * 100.0 / 255.0;
		seen += hist[b];
		if (seen * 1000 >= n) {
			p999 = b * 100.0 / 255.0;
			break;
		}
	}
	o->cmyk_images++;
	o->image_ink_max = MAX(o->image_ink_max, max);
	o->image_ink_p999 = MAX(o->image_ink_p999, p999);
}

/* One dictionary (or a stream's) as the object pass sees it: fonts,
 * annotations, images, shadings, groups, ExtGStates and resource colour
 * spaces. */
static void inspect(cp_press_reader *r, qpdf_oh oh, qpdf_oh dict, objects *o)
{
	qpdf_data q = r->q;
	g_autofree char *type = cp_press_name(q, dict, "/Type");
	g_autofree char *sub = cp_press_name(q, dict, "/Subtype");
	if (type != NULL && !strcmp(type, "/Font")) {
		check_font(q, dict, o);
		return;
	}
	if (type != NULL && !strcmp(type, "/Annot")) {
		o->annots++;
		return;
	}
	/* images: colour space, soft mask, ink */
	if (sub != NULL && !strcmp(sub, "/Image") && qpdf_oh_is_stream(q, oh)) {
		space sp = space_of(r, qpdf_oh_get_key(q, dict, "/ColorSpace"), 0);
		if (sp == SP_RGB)
			o->rgb_images++;
		else if (sp == SP_LAB)
			o->lab++;
		else if (sp == SP_CMYK)
			image_ink(r, oh, dict, o);
		if (qpdf_oh_is_stream(q, qpdf_oh_get_key(q, dict, "/SMask")))
			o->transparency++;
		return;
	}
	if (qpdf_oh_has_key(q, dict, "/ShadingType")) {
		space sp = space_of(r, qpdf_oh_get_key(q, dict, "/ColorSpace"), 0);
		o->rgb_shadings += sp == SP_RGB;
		o->lab += sp == SP_LAB;
		return;
	}
	/* transparency groups: their blending space */
	qpdf_oh grp = qpdf_oh_get_key(q, dict, "/Group");
	if (qpdf_oh_is_dictionary(q, grp)) {
		space sp = space_of(r, qpdf_oh_get_key(q, grp, "/CS"), 0);
		o->rgb_groups += sp == SP_RGB;
	}
	/* ExtGStates: alpha, soft masks, blend modes */
	double ca = cp_press_num(q, qpdf_oh_get_key(q, dict, "/ca"), 1);
	double CA = cp_press_num(q, qpdf_oh_get_key(q, dict, "/CA"), 1);
	g_autofree char *bm = cp_press_name(q, dict, "/BM");
	if (ca < 1 || CA < 1 || qpdf_oh_is_dictionary(q, qpdf_oh_get_key(q, dict, "/SMask")) ||
	    (bm != NULL && strcmp(bm, "/Normal") && strcmp(bm, "/Compatible")))
		o->transparency++;
	/* resource colour spaces */
	qpdf_oh css = qpdf_oh_get_key(q, dict, "/ColorSpace");
	if (qpdf_oh_is_dictionary(q, css)) {
		g_auto(GStrv) keys = cp_press_dict_keys(q, css);
		for (char **k = keys; *k != NULL && !r->over; k++) {
			space sp = space_of(r, qpdf_oh_get_key(q, css, *k), 0);
			o->rgb_spaces += sp == SP_RGB;
			o->lab += sp == SP_LAB;
		}
	}
}

/* An indirect object met while walking: (id, generation). */
typedef struct objref {
	int id, gen;
} objref;

typedef struct walk {
	cp_press_reader *r;
	objects *o;
	GHashTable *seen; /* object ids queued */
	GArray *queue;    /* objref, in the order found */
	GArray *stack;    /* qpdf_oh: direct containers of the object at hand */
} walk;

/* A value inside the object at hand: a reference is queued (once), a
 * direct dictionary or array walked now, anything else only counted. */
static void visit(walk *w, qpdf_oh v)
{
	qpdf_data q = w->r->q;
	int id = qpdf_oh_get_object_id(q, v);
	if (id != 0) {
		if (g_hash_table_add(w->seen, GINT_TO_POINTER(id))) {
			objref ref = {id, qpdf_oh_get_generation(q, v)};
			g_array_append_val(w->queue, ref);
		}
		qpdf_oh_release(q, v);
	} else if (qpdf_oh_is_dictionary(q, v) || qpdf_oh_is_array(q, v)) {
		g_array_append_val(w->stack, v);
	} else {
		cp_press_reader_tick(w->r, CP_PRESS_BUDGET_OBJECTS, 1);
		qpdf_oh_release(q, v);
	}
}

/* One object and the direct objects inside it. */
static void walk_one(walk *w, qpdf_oh top)
{
	qpdf_data q = w->r->q;
	g_array_set_size(w->stack, 0);
	g_array_append_val(w->stack, top);
	while (w->stack->len > 0 && !w->r->over) {
		qpdf_oh oh = g_array_index(w->stack, qpdf_oh, w->stack->len - 1);
		g_array_set_size(w->stack, w->stack->len - 1);
		if (!cp_press_reader_tick(w->r, CP_PRESS_BUDGET_OBJECTS, 1))
			break;
		qpdf_oh dict = cp_press_dict_of(q, oh);
		if (qpdf_oh_is_dictionary(q, dict)) {
			inspect(w->r, oh, dict, w->o);
			g_auto(GStrv) keys = cp_press_dict_keys(q, dict);
			/* /Parent leads back up the page tree, walked already */
			for (char **k = keys; *k != NULL && !w->r->over; k++)
				if (strcmp(*k, "/Parent") != 0)
					visit(w, qpdf_oh_get_key(q, dict, *k));
		} else if (qpdf_oh_is_array(q, oh)) {
			int n = qpdf_oh_get_array_n_items(q, oh);
			for (int i = 0; i < n && !w->r->over; i++)
				visit(w, qpdf_oh_get_array_item(q, oh, i));
		}
	}
}

/* Every object reachable from the trailer, each once, by following
 * references: what a file holds but never uses is not printed, and a
 * trailer claiming ten million objects is only a number. Handles are
 * released object by object. */
static void scan_objects(cp_press_reader *r, objects *o)
{
	qpdf_data q = r->q;
	walk w = {r, o, g_hash_table_new(g_direct_hash, g_direct_equal),
	          g_array_new(FALSE, FALSE, sizeof(objref)),
	          g_array_new(FALSE, FALSE, sizeof(qpdf_oh))};
	qpdf_oh mark = cp_press_reader_mark(r);
	walk_one(&w, qpdf_get_trailer(q));
	cp_press_reader_release(r, mark);
	for (guint i = 0; i < w.queue->len && !r->over; i++) {
		objref ref = g_array_index(w.queue, objref, i);
		mark = cp_press_reader_mark(r);
		walk_one(&w, qpdf_get_object_by_id(q, ref.id, ref.gen));
		cp_press_reader_release(r, mark);
	}
	g_hash_table_destroy(w.seen);
	g_array_free(w.queue, TRUE);
	g_array_free(w.stack, TRUE);
}

/* ---- verdicts -------------------------------------------------------------- */

/* What the two passes and the document's keys found: everything a verdict
 * looks at. */
typedef struct facts {
	qpdf_data q;
	const cp_press_preflight_opts *o;
	int n_pages;
	objects ob;
	scan sc;
} facts;

/* One line per check: "PASS name: message"; the counts feed the summary.
 * V_NONE: the check does not apply to this file (no CMYK images, no
 * annotations) and prints nothing. */
typedef enum verdict { V_PASS, V_WARN, V_FAIL, V_NONE } verdict;

/* A check's finding, in the user's language (po/ja.po; the keyword say:3
 * is po/update-pot's), and its verdict. */
static verdict say(GString *msg, verdict v, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static verdict say(GString *msg, verdict v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_string_vprintf(msg, _(fmt), ap);
	va_end(ap);
	return v;
}

void cp_press_preflight_opts_init(cp_press_preflight_opts *o)
{
	o->tac_warn = 300;
	o->tac_fail = 320;
	o->ppi_warn = 300;
	o->ppi_fail = 200;
	o->bleed_min = 3;
}

/* A text or name value of the Info dictionary (or any dict), as UTF-8. */
static char *info_string(qpdf_data q, qpdf_oh info, const char *key)
{
	qpdf_oh v = qpdf_oh_get_key_if_dict(q, info, key);
	if (qpdf_oh_is_string(q, v))
		return g_strdup(qpdf_oh_get_utf8_value(q, v));
	if (qpdf_oh_is_name(q, v))
		return g_strdup(qpdf_oh_get_name(q, v));
	return NULL;
}

/* Whether the file claims PDF/X-1a, which makes any transparency a
 * failure. */
static bool claims_x1a(qpdf_data q)
{
	qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
	g_autofree char *ver = info_string(q, info, "/GTS_PDFXVersion");
	g_autofree char *conf = info_string(q, info, "/GTS_PDFXConformance");
	return ver != NULL && g_str_has_prefix(ver, "PDF/X-1") && conf != NULL &&
	       g_str_has_prefix(conf, "PDF/X-1a");
}

/* PDF/X keys: version, conformance, the keys X-1a requires, the PDF version
 * (ISO 15930-1 section 6.1.4 and the pdfbox-preflight checklist summarised in
 * docs/prepress.md section 1). */
static verdict check_pdfx(const facts *f, GString *msg)
{
	qpdf_data q = f->q;
	qpdf_oh trailer = qpdf_get_trailer(q);
	qpdf_oh info = qpdf_oh_get_key(q, trailer, "/Info");
	g_autofree char *ver = info_string(q, info, "/GTS_PDFXVersion");
	g_autofree char *conf = info_string(q, info, "/GTS_PDFXConformance");
	g_autofree char *trapped = info_string(q, info, "/Trapped");
	g_autofree char *pdfver = g_strdup(qpdf_get_pdf_version(q));
	bool x1a = claims_x1a(q);
	bool x4 = ver != NULL && g_str_has_prefix(ver, "PDF/X-4");
	g_autoptr(GString) missing = g_string_new(NULL);
	const char *need[] = {"/Title", "/CreationDate", "/ModDate"};
	for (size_t i = 0; i < G_N_ELEMENTS(need); i++)
		if (!qpdf_oh_has_key(q, info, need[i]))
			g_string_append_printf(missing, " %s", need[i] + 1);
	if (trapped == NULL || (strcmp(trapped, "/True") && strcmp(trapped, "/False")))
		g_string_append(missing, " Trapped");
	if (!qpdf_oh_is_array(q, qpdf_oh_get_key(q, trailer, "/ID")))
		g_string_append(missing, " ID");
	if (!x1a && !x4)
		return say(msg, V_FAIL, "no PDF/X-1a or PDF/X-4 version keys (GTS_PDFXVersion %s)",
		           ver ? ver : _("missing"));
	if (missing->len > 0)
		return say(msg, V_FAIL, "%s without%s", ver, missing->str);
	if (x1a && strcmp(pdfver, "1.3") > 0)
		return say(msg, V_FAIL, "%s claims PDF/X-1a:2001 but is PDF %s (must be 1.3)", ver,
		           pdfver);
	return say(msg, V_PASS, "%s%s%s, PDF %s, Title, dates, Trapped and ID present", ver,
	           conf ? " / " : "", conf ? conf : "", pdfver);
}

/* Exactly one GTS_PDFX intent with an identifier, and either a CMYK
 * profile or a registry reference (docs/prepress.md section 1). */
static verdict check_output_intent(const facts *f, GString *msg)
{
	qpdf_data q = f->q;
	qpdf_oh ois = qpdf_oh_get_key(q, qpdf_get_root(q), "/OutputIntents");
	int n = qpdf_oh_is_array(q, ois) ? qpdf_oh_get_array_n_items(q, ois) : 0;
	int gts = 0;
	qpdf_oh oi = qpdf_oh_new_null(q);
	for (int i = 0; i < n; i++) {
		qpdf_oh it = qpdf_oh_get_array_item(q, ois, i);
		g_autofree char *s = cp_press_name(q, it, "/S");
		if (s != NULL && !strcmp(s, "/GTS_PDFX")) {
			gts++;
			oi = it;
		}
	}
	if (gts != 1)
		return say(msg, V_FAIL, "%d GTS_PDFX output intents (need exactly 1)", gts);
	g_autofree char *id = info_string(q, oi, "/OutputConditionIdentifier");
	qpdf_oh prof = qpdf_oh_get_key(q, oi, "/DestOutputProfile");
	g_autofree char *reg = info_string(q, oi, "/RegistryName");
	bool embedded = qpdf_oh_is_stream(q, prof);
	int comps =
	    embedded ? (int)cp_press_num(q, qpdf_oh_get_key(q, qpdf_oh_get_dict(q, prof), "/N"), 0)
	             : 0;
	if (id == NULL || *id == '\0')
		return say(msg, V_FAIL, "no OutputConditionIdentifier");
	if (!embedded && reg == NULL)
		return say(msg, V_FAIL, "%s: no profile and no RegistryName", id);
	if (embedded && comps != 4)
		return say(msg, V_FAIL, "%s: the profile has %d components, not CMYK", id, comps);
	if (embedded)
		return say(msg, V_PASS, "%s, CMYK profile embedded", id);
	return say(msg, V_PASS, "%s, registry reference", id);
}

/* Boxes: TrimBox (or ArtBox) and BleedBox on every page, nested inside the
 * MediaBox, and the bleed on each side (left, bottom, right, top; the
 * smallest over all pages) at least bleed_min mm. A missing BleedBox
 * defaults to the CropBox, as PDF says. */
static verdict check_boxes(const facts *f, GString *msg)
{
	qpdf_data q = f->q;
	double min_side[4] = {1e9, 1e9, 1e9, 1e9};
	int no_trim = 0;
	int no_bleed = 0;
	int bad_nest = 0;
	int first_bad = 0;
	for (int i = 0; i < f->n_pages; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		double media[4], trim[4], bleed[4], crop[4];
		if (!cp_press_rect(q, cp_press_page_attr(q, page, "/MediaBox"), media))
			continue;
		if (!cp_press_rect(q, cp_press_page_attr(q, page, "/CropBox"), crop))
			memcpy(crop, media, sizeof crop);
		bool has_trim = cp_press_rect(q, qpdf_oh_get_key(q, page, "/TrimBox"), trim) ||
		                cp_press_rect(q, qpdf_oh_get_key(q, page, "/ArtBox"), trim);
		if (!has_trim) {
			no_trim++;
			first_bad = first_bad ? first_bad : i + 1;
			continue;
		}
		if (!cp_press_rect(q, qpdf_oh_get_key(q, page, "/BleedBox"), bleed)) {
			no_bleed++;
			memcpy(bleed, crop, sizeof bleed); /* BleedBox defaults to the CropBox */
		}
		const double e = 0.01;
		if (trim[0] < bleed[0] - e || trim[1] < bleed[1] - e || trim[2] > bleed[2] + e ||
		    trim[3] > bleed[3] + e || bleed[0] < media[0] - e || bleed[1] < media[1] - e ||
		    bleed[2] > media[2] + e || bleed[3] > media[3] + e) {
			bad_nest++;
			first_bad = first_bad ? first_bad : i + 1;
		}
		double side[4] = {trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2],
		                  bleed[3] - trim[3]};
		for (int k = 0; k < 4; k++)
			min_side[k] = MIN(min_side[k], side[k] / MM);
	}
	double least = MIN(MIN(min_side[0], min_side[1]), MIN(min_side[2], min_side[3]));
	if (no_trim > 0)
		return say(msg, V_FAIL, "%d pages without TrimBox (first: page %d)", no_trim,
		           first_bad);
	if (bad_nest > 0)
		return say(msg, V_FAIL, "boxes not nested Trim <= Bleed <= Media (page %d)",
		           first_bad);
	if (least < f->o->bleed_min - 0.05)
		return say(msg, V_FAIL,
		           "bleed %.1f/%.1f/%.1f/%.1f mm (left/bottom/right/top), need %.1f mm%s",
		           min_side[0], min_side[1], min_side[2], min_side[3], f->o->bleed_min,
		           no_bleed ? " (no BleedBox)" : "");
	return say(msg, V_PASS, "TrimBox and BleedBox on %d pages, bleed %.1f/%.1f/%.1f/%.1f mm",
	           f->n_pages, min_side[0], min_side[1], min_side[2], min_side[3]);
}

static verdict check_crop_marks(const facts *f, GString *msg)
{
	int with = f->sc.pages_with_marks;
	if (with == f->n_pages && f->n_pages > 0)
		return say(msg, V_PASS,
		           "marks in registration colour (Separation /All) on every page");
	if (with > 0)
		return say(msg, V_WARN, "registration colour on %d of %d pages", with, f->n_pages);
	return say(msg, V_WARN, "no marks in registration colour (digital trim from TrimBox only)");
}

/* Every font program embedded. */
static verdict check_fonts(const facts *f, GString *msg)
{
	const objects *ob = &f->ob;
	if (ob->fonts_missing > 0)
		return say(msg, V_FAIL, "%d of %d fonts not embedded: %s", ob->fonts_missing,
		           ob->fonts, ob->missing->str);
	if (ob->type3 > 0)
		return say(msg, V_WARN, "%d fonts embedded, %d of them Type 3", ob->fonts,
		           ob->type3);
	return say(msg, V_PASS, "%d fonts, all embedded", ob->fonts);
}

/* Nothing RGB or Lab, in content or among the objects. */
static verdict check_color_spaces(const facts *f, GString *msg)
{
	const objects *ob = &f->ob;
	const scan *sc = &f->sc;
	int rgb_objects = ob->rgb_images + ob->rgb_shadings + ob->rgb_groups + ob->rgb_spaces;
	if (sc->n_rgb_ops > 0 || rgb_objects > 0 || ob->lab > 0)
		return say(msg, V_FAIL,
		           "RGB or Lab used: %d operators (%s), %d images, %d shadings, "
		           "%d groups, %d named spaces, %d Lab",
		           sc->n_rgb_ops, sc->rgb_ops->len ? sc->rgb_ops->str : "-", ob->rgb_images,
		           ob->rgb_shadings, ob->rgb_groups, ob->rgb_spaces, ob->lab);
	return say(msg, V_PASS, "no RGB or Lab anywhere");
}

/* Text in K only, never rich black or RGB. */
static verdict check_black_text(const facts *f, GString *msg)
{
	const scan *sc = &f->sc;
	if (sc->text_rich > 0 || sc->text_rgb > 0)
		return say(msg, V_FAIL, "%s (%d rich black, %d RGB text runs)", sc->text_bad->str,
		           sc->text_rich, sc->text_rgb);
	return say(msg, V_PASS, "%d K-only text runs, %d in colour, no rich black", sc->text_k_only,
	           sc->text_color);
}

/* Vector fills and strokes under the ink limits. */
static verdict check_ink(const facts *f, GString *msg)
{
	double ink = f->sc.max_ink;
	if (ink > f->o->tac_fail + 0.5)
		return say(msg, V_FAIL, "fills up to %.0f %% on page %d (limit %.0f %%)", ink,
		           f->sc.max_ink_page, f->o->tac_fail);
	if (ink > f->o->tac_warn + 0.5)
		return say(msg, V_WARN, "fills up to %.0f %% on page %d", ink, f->sc.max_ink_page);
	return say(msg, V_PASS, "fills at most %.0f %%", ink);
}

/* CMYK images under the ink limits, by their 99.9th percentile. */
static verdict check_image_ink(const facts *f, GString *msg)
{
	const objects *ob = &f->ob;
	if (ob->cmyk_images == 0)
		return V_NONE;
	if (ob->image_ink_p999 > f->o->tac_warn + 0.5)
		return say(msg, ob->image_ink_p999 > f->o->tac_fail + 0.5 ? V_FAIL : V_WARN,
		           "images up to %.0f %% (p99.9 %.0f %%)", ob->image_ink_max,
		           ob->image_ink_p999);
	return say(msg, V_PASS, "%d CMYK images, max %.0f %%, p99.9 %.0f %%", ob->cmyk_images,
	           ob->image_ink_max, ob->image_ink_p999);
}

/* The effective resolution at the placed size, the lowest. */
static verdict check_image_ppi(const facts *f, GString *msg)
{
	const scan *sc = &f->sc;
	if (sc->n_images_placed == 0)
		return say(msg, V_PASS, "no images");
	if (sc->min_ppi < f->o->ppi_fail)
		return say(msg, V_FAIL, "page %d: an image at %.0f ppi (need %.0f)",
		           sc->min_ppi_page, sc->min_ppi, f->o->ppi_warn);
	if (sc->min_ppi < f->o->ppi_warn)
		return say(msg, V_WARN, "page %d: an image at %.0f ppi", sc->min_ppi_page,
		           sc->min_ppi);
	return say(msg, V_PASS, "%d placed images, lowest %.0f ppi", sc->n_images_placed,
	           sc->min_ppi);
}

/* Live transparency: a failure in a file that claims PDF/X-1a. */
static verdict check_transparency(const facts *f, GString *msg)
{
	int n = f->ob.transparency;
	if (n == 0)
		return say(msg, V_PASS, "none");
	if (claims_x1a(f->q))
		return say(msg, V_FAIL, "%d objects use transparency in a PDF/X-1a file", n);
	return say(msg, V_WARN, "%d objects use live transparency (PDF/X-4)", n);
}

static verdict check_annotations(const facts *f, GString *msg)
{
	if (f->ob.annots == 0)
		return V_NONE;
	return say(msg, V_WARN, "%d annotations", f->ob.annots);
}

/* A saddle-stitched booklet needs a multiple of 4 pages. */
static verdict check_page_count(const facts *f, GString *msg)
{
	if (f->n_pages > 0 && f->n_pages % 4 == 0)
		return say(msg, V_PASS, "%d pages, a multiple of 4", f->n_pages);
	return say(msg, V_FAIL, "%d pages, not a multiple of 4 (saddle stitch)", f->n_pages);
}

/* The checks in the order a shop's checklist reads: the PDF/X frame (keys,
 * intent, boxes, marks), then the content (fonts, colour spaces, black
 * text, ink, images, transparency, annotations), then the booklet (page
 * count). The names are the first word after the verdict, a stable
 * interface (tests and scripts grep for them). */
static const struct check {
	const char *name;
	verdict (*run)(const facts *f, GString *msg);
} checks[] = {
    {"pdfx", check_pdfx},
    {"output_intent", check_output_intent},
    {"boxes", check_boxes},
    {"crop_marks", check_crop_marks},
    {"fonts", check_fonts},
    {"color_spaces", check_color_spaces},
    {"black_text", check_black_text},
    {"ink", check_ink},
    {"image_ink", check_image_ink},
    {"image_ppi", check_image_ppi},
    {"transparency", check_transparency},
    {"annotations", check_annotations},
    {"page_count", check_page_count},
};

/* Runs the table: one line per check that applies, and the counts. */
static void print_verdicts(const facts *f, FILE *out, cp_press_preflight_result *res)
{
	/* the check's name stays as it is, a name to search docs/press.md for */
	static const char *const word[] = {N_("PASS"), N_("WARN"), N_("FAIL")};
	g_autoptr(GString) msg = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(checks); i++) {
		g_string_truncate(msg, 0);
		qpdf_oh mark = cp_press_reader_mark(f->sc.r);
		verdict v = checks[i].run(f, msg);
		cp_press_reader_release(f->sc.r, mark);
		if (v == V_NONE)
			continue;
		fprintf(out, "%s %s: %s\n", _(word[v]), checks[i].name, msg->str);
		res->passed += v == V_PASS;
		res->warnings += v == V_WARN;
		res->failed += v == V_FAIL;
	}
	fprintf(out, _("preflight: %d passed, %d failed, %d warnings\n"), res->passed, res->failed,
	        res->warnings);
}

/* The content pass: page by page, forms and patterns included, with the
 * page's own resources (inherited ones through /Parent). */
static void scan_pages(cp_press_reader *r, scan *sc)
{
	qpdf_data q = r->q;
	for (int i = 0; i < r->n_pages && !r->over; i++) {
		qpdf_oh mark = cp_press_reader_mark(r);
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		sc->page = i + 1;
		sc->page_has_marks = false;
		size_t len = 0;
		g_autofree char *what = g_strdup_printf(_("the content of page %d"), i + 1);
		g_autofree unsigned char *buf = cp_press_reader_page_content(r, page, what, &len);
		if (buf != NULL) {
			double id[6] = {1, 0, 0, 1, 0, 0};
			run_content(sc, buf, len, cp_press_page_attr(q, page, "/Resources"), id);
		}
		sc->pages_with_marks += sc->page_has_marks;
		cp_press_reader_release(r, mark);
	}
	if (qpdf_has_error(q))
		(void)qpdf_get_error(q);
}

void cp_press_page_facts_read(cp_press_reader *r, int n, cp_press_page_facts *pf)
{
	qpdf_data q = r->q;
	memset(pf, 0, sizeof *pf);
	objects o = {0};
	o.missing = g_string_new(NULL);
	scan sc = {0};
	sc.r = r;
	sc.q = q;
	sc.page = n + 1;
	sc.rgb_ops = g_string_new(NULL);
	sc.text_bad = g_string_new(NULL);

	/* the objects this page reaches, each once (its /Parent excluded) */
	walk w = {r, &o, g_hash_table_new(g_direct_hash, g_direct_equal),
	          g_array_new(FALSE, FALSE, sizeof(objref)),
	          g_array_new(FALSE, FALSE, sizeof(qpdf_oh))};
	qpdf_oh mark = cp_press_reader_mark(r);
	qpdf_oh page = qpdf_get_page_n(q, (size_t)n);
	walk_one(&w, page);
	cp_press_reader_release(r, mark);
	for (guint i = 0; i < w.queue->len && !r->over; i++) {
		objref ref = g_array_index(w.queue, objref, i);
		mark = cp_press_reader_mark(r);
		walk_one(&w, qpdf_get_object_by_id(q, ref.id, ref.gen));
		cp_press_reader_release(r, mark);
	}
	g_hash_table_destroy(w.seen);
	g_array_free(w.queue, TRUE);
	g_array_free(w.stack, TRUE);

	/* its content, forms included */
	if (!r->over) {
		mark = cp_press_reader_mark(r);
		page = qpdf_get_page_n(q, (size_t)n);
		size_t len = 0;
		g_autofree char *what = g_strdup_printf(_("the content of page %d"), n + 1);
		g_autofree unsigned char *buf = cp_press_reader_page_content(r, page, what, &len);
		if (buf != NULL) {
			double id[6] = {1, 0, 0, 1, 0, 0};
			run_content(&sc, buf, len, cp_press_page_attr(q, page, "/Resources"), id);
		}
		cp_press_reader_release(r, mark);
		if (qpdf_has_error(q))
			(void)qpdf_get_error(q);
	}
	pf->fonts_missing = o.fonts_missing;
	pf->missing = g_string_free(o.missing, FALSE);
	pf->transparency = o.transparency;
	pf->rgb =
	    o.rgb_images + o.lab + o.rgb_shadings + o.rgb_groups + o.rgb_spaces + sc.n_rgb_ops;
	pf->n_images = sc.n_images_placed;
	pf->min_ppi = sc.n_images_placed > 0 ? sc.min_ppi : 0;
	g_string_free(sc.rgb_ops, TRUE);
	g_string_free(sc.text_bad, TRUE);
}

bool cp_press_preflight(const char *path, const cp_press_preflight_opts *o, FILE *out,
                        cp_press_preflight_result *res, cp_diags *d)
{
	memset(res, 0, sizeof *res);
	cp_press_reader r;
	facts f = {0};
	bool ok = false;
	if (!cp_press_reader_open(&r, path, d))
		goto out;
	f.q = r.q;
	f.o = o;
	f.n_pages = r.n_pages;
	f.ob.missing = g_string_new(NULL);
	f.sc.r = &r;
	f.sc.q = r.q;
	f.sc.rgb_ops = g_string_new(NULL);
	f.sc.text_bad = g_string_new(NULL);
	/* the object pass: everything the file uses; then the content */
	scan_objects(&r, &f.ob);
	if (!r.over)
		scan_pages(&r, &f.sc);
	/* a file beyond a limit gets its error and no verdicts */
	if (r.over)
		goto out;
	print_verdicts(&f, out, res);
	ok = true;
out:
	if (f.ob.missing != NULL)
		g_string_free(f.ob.missing, TRUE);
	if (f.sc.rgb_ops != NULL)
		g_string_free(f.sc.rgb_ops, TRUE);
	if (f.sc.text_bad != NULL)
		g_string_free(f.sc.text_bad, TRUE);
	cp_press_reader_close(&r);
	return ok;
}
