/* pdf.c - the writer's driver: the display list to a PDF, page by page.
 *
 * Steps, in order:
 *   1. press mode: choose the flavour (X-1a unless an image needs
 *      transparency, or as asked) before a byte is written;
 *   2. the header, then per page: its content in memory (glyph runs,
 *      images, rules, rectangles, in list order), deflated and written
 *      with the page dictionary and, on the screen, its link annotations;
 *      images are written the first time a page uses them; outline entries
 *      are collected. The contents are jobs (jobs.c) that either thread
 *      makes, in any order, beside the faces' subset programs: a content
 *      only reads the document and records what it met (fonts, images,
 *      artworks, outline entries, overprint), and the page writer repeats
 *      those in page order, so object numbers, first uses and the
 *      ToUnicode map's "first text wins" (cp_pdf_fonts_shows) are those
 *      of one thread writing page after page;
 *   3. after the last page: the fonts (subset once per face), the shared
 *      resource dictionary, the page tree, the outline, page labels,
 *      Info, XMP, the OutputIntent (press), the catalog;
 *   4. the cross-reference table and the trailer with a content-derived /ID.
 * Any error stops before step 4: the caller then discards the bytes.
 *
 * Geometry: the display list is in points on the trimmed page, y down. Each
 * page's content starts with one matrix that flips y and moves the trim to
 * where it sits on the sheet (the bleed, or the marks margin in press mode),
 * so items are written with the list's own numbers; text gets the flip back
 * in its text matrix (1 0 0 -1 x y Tm), images map their unit square upside
 * down (w 0 0 -h x y+h cm). Tombo and the hidden folio are drawn after the
 * page's Q in plain sheet coordinates.
 *
 * Colour (docs/architecture.md, "pdf"): written as the layout gives it, never through
 * an RGB stand-in. K-only colours (c = m = y = 0, or a grey given as RGB)
 * are K only: DeviceGray 1-k on the screen (which is also what a screen
 * shows for them), 0 0 0 k in the print PDF. Other cmyk() colours are
 * DeviceCMYK with exactly the layout's values; on the screen the page's
 * /DefaultCMYK is the output profile, so viewers that manage colour show
 * the print colour. Colours given as RGB are DeviceRGB on the screen and go
 * through the profile in the print PDF. */
#include "pdf/pdf_int.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "base/files.h"

/* Pango's "no glyph" and "unknown character" markers are never drawn. */
#define NOT_A_GLYPH 0x0FFFFFFFu
/* Deepest outline level kept apart; deeper entries hang under this one. */
#define MAX_OUTLINE_LEVEL 8
#define MM (72.0 / 25.4)

typedef struct outline_entry {
	int page_obj;
	double x, y; /* PDF coordinates */
	int level;
	const char *title;
	/* the tree, filled when written */
	int obj, parent, first, last, prev, next, count;
} outline_entry;

/* Bytes deflated by a job (jobs.c). */
typedef struct deflated {
	const void *data;
	size_t len;
	int level;
	size_t job;
	unsigned char *z; /* the result, g_free'd */
	size_t zlen;
} deflated;

static void deflate_job(void *p)
{
	deflated *j = p;
	j->z = cp_pdf_deflate_cached(j->level, j->data, j->len, &j->zlen);
}

/* What making a page's content did that the document must repeat in page
 * order when the page is written: the first reference on the page to a
 * font, a vertical font, an image or an artwork (object numbers are handed
 * out, and images and artworks written, the first time the document uses
 * them). */
typedef enum { EV_FONT, EV_FONT_V, EV_IMAGE, EV_ARTWORK } page_ev_kind;

typedef struct page_ev {
	page_ev_kind kind;
	uint32_t index; /* resource font, image or artwork */
} page_ev;

struct ctx;

/* A page's content, made by a job (jobs.c) either thread may run: the
 * deflated stream and what the page writer repeats from it. */
typedef struct page_out {
	const struct ctx *c;
	size_t i;   /* the page */
	size_t job; /* its job */
	unsigned char *z;
	size_t zlen;
	GArray *events;  /* page_ev, in the order the content met them */
	GArray *outline; /* outline_entry, in list order */
	bool used_op;    /* the content set overprint */
	bool failed;     /* a font that cannot be embedded (reported by prepare) */
} page_out;

/* The state of one page's content while it is made: only the page's own
 * things are written; the document (doc) is read. */
typedef struct pg {
	const struct ctx *doc;
	const cp_dl *dl;
	const cp_pdf_opts *o;
	cp_pdf_fonts *fonts; /* read only once prepared */
	cp_pdf_forms *forms; /* read only (cp_pdf_forms_get) */
	bool press;
	page_out *out;
	GString *c;          /* the content */
	bool op;             /* overprint is on in the content */
	bool used_op;        /* the page set overprint */
	bool in_text;        /* a text object is open (BT) ... */
	cp_color text_color; /* ... in this fill colour ... */
	bool text_op;        /* ... and overprint state */
	bool failed;
	uint8_t *font_seen; /* by resource font: 1 named, 2 its vertical font named */
	uint64_t seq;       /* the next mapped cluster's number (cp_pdf_fonts_shows) */
} pg;

typedef struct ctx {
	const cp_dl *dl;
	const cp_pdf_opts *o;
	cp_diags *d;
	cp_pdf_w w;
	cp_pdf_fonts *fonts;
	cp_pdf_images *images;
	cp_pdf_forms *forms;
	bool press;
	bool x1a;
	int *page_obj;
	int pages_obj;
	int res_obj;
	int level_content; /* deflate level of the pages' contents */
	int level_font;    /* ... of the font programs (w.level: the rest) */
	bool used_op;      /* some page set overprint */
	GArray *outline;   /* outline_entry */
	bool failed;
	/* made by jobs beside the writing: the faces' programs, the
	 * profile's stream, the pages' contents */
	cp_pdf_jobs *jobs;
	deflated icc;    /* the output profile's stream, a job */
	page_out *pages; /* by page */
} ctx;

/* ---- colour ---------------------------------------------------------------- */

/* True when col is K only; *k is its ink. */
static bool k_only(const cp_color *col, double *k)
{
	if (col->cmyk && col->c == 0 && col->m == 0 && col->y == 0) {
		*k = col->k;
		return true;
	}
	if (!col->cmyk && col->r == col->g && col->g == col->b) {
		*k = 1.0 - col->r;
		return true;
	}
	return false;
}

static void put4(GString *s, const double v[4], const char *op)
{
	for (int i = 0; i < 4; i++) {
		cp_pdf_num(s, CLAMP(v[i], 0.0, 1.0), 4);
		g_string_append_c(s, ' ');
	}
	g_string_append(s, op);
}

/* The colour operator for col, fill or stroke, followed by a space. */
static void put_color(pg *c, const cp_color *col, bool stroke)
{
	GString *s = c->c;
	double k;
	if (k_only(col, &k)) {
		if (c->press) {
			double v[4] = {0, 0, 0, k};
			put4(s, v, stroke ? "K " : "k ");
		} else {
			cp_pdf_num(s, CLAMP(1.0 - k, 0.0, 1.0), 4);
			g_string_append(s, stroke ? " G " : " g ");
		}
	} else if (col->cmyk) {
		double v[4] = {col->c, col->m, col->y, col->k};
		put4(s, v, stroke ? "K " : "k ");
	} else if (c->press) {
		double rgb[3] = {col->r, col->g, col->b};
		double v[4];
		cp_pdf_profile_rgb_to_cmyk(c->o->profile, rgb, v);
		put4(s, v, stroke ? "K " : "k ");
	} else {
		double v[3] = {col->r, col->g, col->b};
		for (int i = 0; i < 3; i++) {
			cp_pdf_num(s, CLAMP(v[i], 0.0, 1.0), 4);
			g_string_append_c(s, ' ');
		}
		g_string_append(s, stroke ? "RG " : "rg ");
	}
}

/* Overprint for what comes next: on for K100 text and thin K100 rules in
 * the print PDF with overprint_black, off for everything else. */
static void set_overprint(pg *c, bool on)
{
	if (!c->press || !c->o->overprint_black)
		return;
	if (on == c->op)
		return;
	g_string_append(c->c, on ? "/GSop gs " : "/GSko gs ");
	c->op = on;
	c->used_op = c->used_op || on;
}

/* Field by field: the struct has padding, whose bytes are not ours. */
static bool same_color(const cp_color *a, const cp_color *b)
{
	return a->cmyk == b->cmyk && a->c == b->c && a->m == b->m && a->y == b->y && a->k == b->k &&
	       a->r == b->r && a->g == b->g && a->b == b->b;
}

/* Ends the open text object, if any. */
static void end_text(pg *c)
{
	if (c->in_text)
		g_string_append(c->c, "ET\n");
	c->in_text = false;
}

static bool is_k100(const cp_color *col)
{
	double k;
	return k_only(col, &k) && k >= 1.0;
}

static void num(pg *c, double v)
{
	cp_pdf_num(c->c, v, 3);
	g_string_append_c(c->c, ' ');
}

/* ---- glyph runs -------------------------------------------------------------- */

/* The TJ being built: an array is open, and within it a hex string. */
typedef struct tj {
	GString *s;
	double size;
	double pen; /* x where the next glyph would go without adjustment */
	double y;
	bool positioned;
	bool array;
	bool hex;
	/* a rotated run (displist.h): x and y are in its turned frame, whose
	 * origin is (ox, oy) on the page */
	bool rot;
	double ox, oy;
} tj;

static void tj_close(tj *t)
{
	if (t->hex)
		g_string_append_c(t->s, '>');
	if (t->array)
		g_string_append(t->s, "] TJ\n");
	t->hex = t->array = false;
}

/* Shows code at (x, y) with advance width (1/1000 em). */
static void tj_glyph(tj *t, uint32_t code, double width, double x, double y)
{
	if (!t->positioned || y != t->y) {
		tj_close(t);
		if (t->rot) {
			/* turned clockwise: text x runs down the page, text
			 * up points right */
			g_string_append(t->s, "0 ");
			cp_pdf_num(t->s, t->size, 6);
			g_string_append_c(t->s, ' ');
			cp_pdf_num(t->s, t->size, 6);
			g_string_append(t->s, " 0 ");
			cp_pdf_num(t->s, t->ox - y, 5);
			g_string_append_c(t->s, ' ');
			cp_pdf_num(t->s, t->oy + x, 5);
		} else {
			cp_pdf_num(t->s, t->size, 6);
			g_string_append(t->s, " 0 0 ");
			cp_pdf_num(t->s, -t->size, 6);
			g_string_append_c(t->s, ' ');
			cp_pdf_num(t->s, x, 5);
			g_string_append_c(t->s, ' ');
			cp_pdf_num(t->s, y, 5);
		}
		g_string_append(t->s, " Tm\n");
		t->positioned = true;
		t->y = y;
		t->pen = x;
	}
	if (!t->array) {
		g_string_append_c(t->s, '[');
		t->array = true;
	}
	/* whole thousandths of an em, as Cairo wrote them: the pen follows the
	 * rounded value, so the error never exceeds half a unit, and text
	 * extraction sees the same gaps as before the writer changed */
	double d = (t->pen - x) * 1000.0 / t->size;
	long adj = fabs(d) > 1.0 ? lround(d) : 0;
	if (adj != 0) {
		if (t->hex)
			g_string_append_c(t->s, '>');
		t->hex = false;
		cp_pdf_int(t->s, adj);
		t->pen -= adj * t->size / 1000.0;
	}
	if (!t->hex) {
		g_string_append_c(t->s, '<');
		t->hex = true;
	}
	cp_pdf_hex4(t->s, code);
	t->pen += width * t->size / 1000.0;
}

/* Shows code upright in vertical mode: its horizontal origin at (hx, hy)
 * on the page, its vertical origin (the text point) vx, vy (1/1000 em, y
 * up) from there, its displacement w1y (negative: down). The pen runs down
 * the column; a TJ number moves it down by n/1000 em. */
static void tj_glyph_v(tj *t, uint32_t code, double w1y, double vx, double vy, double hx, double hy)
{
	double px = hx + vx * t->size / 1000.0;
	double py = hy - vy * t->size / 1000.0;
	if (!t->positioned || fabs(px - t->y) > 0.0005) {
		tj_close(t);
		cp_pdf_num(t->s, t->size, 6);
		g_string_append(t->s, " 0 0 ");
		cp_pdf_num(t->s, -t->size, 6);
		g_string_append_c(t->s, ' ');
		cp_pdf_num(t->s, px, 5);
		g_string_append_c(t->s, ' ');
		cp_pdf_num(t->s, py, 5);
		g_string_append(t->s, " Tm\n");
		t->positioned = true;
		t->y = px; /* the column's axis */
		t->pen = py;
	}
	if (!t->array) {
		g_string_append_c(t->s, '[');
		t->array = true;
	}
	double d = (py - t->pen) * 1000.0 / t->size;
	long adj = fabs(d) > 1.0 ? lround(d) : 0;
	if (adj != 0) {
		if (t->hex)
			g_string_append_c(t->s, '>');
		t->hex = false;
		cp_pdf_int(t->s, adj);
		t->pen += adj * t->size / 1000.0;
	}
	if (!t->hex) {
		g_string_append_c(t->s, '<');
		t->hex = true;
	}
	cp_pdf_hex4(t->s, code);
	t->pen -= w1y * t->size / 1000.0;
}

/* Records the page's first reference to a resource font (vertical: its
 * Identity-V font). */
static void use_font(pg *c, int f, bool vertical)
{
	uint8_t bit = vertical ? 2 : 1;
	if (c->font_seen[f] & bit)
		return;
	c->font_seen[f] |= bit;
	page_ev e = {vertical ? EV_FONT_V : EV_FONT, (uint32_t)f};
	g_array_append_val(c->out->events, e);
}

static void draw_glyphs(pg *c, const cp_dl_glyphs *g)
{
	if (g->n_glyphs == 0)
		return;
	const cp_dl_font *df = &g_array_index(c->dl->fonts, cp_dl_font, g->font);
	int f = cp_pdf_fonts_index(c->fonts, g->font);
	if (f < 0) {
		c->failed = true;
		return;
	}
	use_font(c, f, false);
	/* a squeezed tate-chu-yoko number (displist.h): its own text object
	 * in a graphics state scaled across the line about its axis */
	bool squeeze = g->squeeze > 0.0 && g->squeeze < 1.0;
	bool op = c->op;
	if (squeeze) {
		end_text(c);
		g_string_append(c->c, "q ");
		cp_pdf_num(c->c, g->squeeze, 5);
		g_string_append(c->c, " 0 0 1 ");
		num(c, g->x * (1.0 - g->squeeze));
		g_string_append(c->c, "0 cm\n");
	}
	/* consecutive runs of one colour share a text object, as Cairo
	 * wrote them (text extraction groups words by text object) */
	bool same = c->in_text &&
	            c->text_op == (c->press && c->o->overprint_black && is_k100(&g->color)) &&
	            same_color(&c->text_color, &g->color);
	if (!same) {
		end_text(c);
		set_overprint(c, is_k100(&g->color));
		put_color(c, &g->color, false);
		g_string_append(c->c, "BT\n");
		c->in_text = true;
		c->text_color = g->color;
		c->text_op = c->op;
	}
	/* upright glyphs of a vertical line, and a tate-chu-yoko number's (its
	 * horizontal glyphs stand upright too): the face's vertical font, so
	 * text extraction reads them in the column's flow */
	bool vfont = g->vertical || (g->in_vertical_line && !g->rotated);
	if (vfont) {
		use_font(c, f, true);
		g_string_append(c->c, "/V");
	} else {
		g_string_append(c->c, "/F");
	}
	cp_pdf_int(c->c, f);
	g_string_append(c->c, " 1 Tf\n");
	tj t = {c->c, df->size > 0 ? df->size : 1, 0, 0, false, false, false, g->rotated, g->x,
	        g->y};

	/* cluster by cluster: a cluster whose text the ToUnicode map cannot
	 * give (several glyphs, or a glyph already showing other text) is
	 * marked with its text as /ActualText */
	uint32_t gi = 0;
	uint32_t bi = 0;
	uint32_t n_clusters = g->n_clusters > 0 ? g->n_clusters : g->n_glyphs;
	for (uint32_t k = 0; k < n_clusters; k++) {
		uint32_t ng = g->n_clusters > 0 ? g->clusters[k].n_glyphs : 1;
		uint32_t nb = g->n_clusters > 0 ? g->clusters[k].n_bytes : 0;
		const char *text = g->text != NULL ? g->text + bi : "";
		bi += nb;
		uint32_t drawn = 0;
		for (uint32_t j = 0; j < ng; j++)
			if (g->glyphs[gi + j].id < NOT_A_GLYPH)
				drawn++;
		bool actual = false;
		if (drawn == 1 && nb > 0) {
			for (uint32_t j = 0; j < ng; j++) {
				if (g->glyphs[gi + j].id >= NOT_A_GLYPH)
					continue;
				uint32_t code =
				    cp_pdf_fonts_code(c->fonts, f, g->glyphs[gi + j].id);
				actual = !cp_pdf_fonts_shows(c->fonts, f, code, text, nb, c->seq);
			}
			c->seq++;
		} else if (drawn > 1 && nb > 0) {
			actual = true;
		}
		if (actual) {
			tj_close(&t);
			g_string_append(c->c, "/Span <</ActualText <FEFF");
			if (!cp_pdf_utf16_hex(c->c, text, nb))
				g_string_append(c->c, "FFFD");
			g_string_append(c->c, ">>> BDC\n");
		}
		for (uint32_t j = 0; j < ng; j++, gi++) {
			const cp_dl_glyph *gl = &g->glyphs[gi];
			if (gl->id >= NOT_A_GLYPH)
				continue;
			double w;
			if (vfont) {
				double vx, vy;
				uint32_t code =
				    cp_pdf_fonts_glyph_v(c->fonts, f, gl->id, &w, &vx, &vy);
				tj_glyph_v(&t, code, w, vx, vy, g->x + gl->x, g->y + gl->y);
				continue;
			}
			uint32_t code = cp_pdf_fonts_glyph(c->fonts, f, gl->id, &w);
			if (g->rotated)
				tj_glyph(&t, code, w, gl->x, gl->y);
			else
				tj_glyph(&t, code, w, g->x + gl->x, g->y + gl->y);
		}
		if (actual) {
			tj_close(&t);
			g_string_append(c->c, "EMC\n");
		}
	}
	tj_close(&t);
	if (squeeze) {
		end_text(c);
		g_string_append(c->c, "Q\n");
		c->op = op; /* Q restored the overprint state of before */
	}
}

/* ---- other items ---------------------------------------------------------------- */

/* Records a use of an image or artwork; the page writer writes it on the
 * document's first use. */
static void use_object(pg *c, page_ev_kind kind, uint32_t index)
{
	GArray *ev = c->out->events;
	for (guint k = 0; k < ev->len; k++) {
		const page_ev *e = &g_array_index(ev, page_ev, k);
		if (e->kind == kind && e->index == index)
			return;
	}
	page_ev e = {kind, index};
	g_array_append_val(ev, e);
}

static void draw_image(pg *c, const cp_dl_image *im)
{
	if (im->w <= 0 || im->h <= 0)
		return;
	use_object(c, EV_IMAGE, im->image);
	set_overprint(c, false);
	g_string_append(c->c, "q ");
	num(c, im->fx);
	num(c, im->fy);
	num(c, im->fw);
	num(c, im->fh);
	g_string_append(c->c, "re W n ");
	num(c, im->w);
	g_string_append(c->c, "0 0 ");
	num(c, -im->h);
	num(c, im->x);
	num(c, im->y + im->h);
	g_string_append_printf(c->c, "cm /Im%u Do Q\n", im->image);
}

/* A supplied page: its form XObject mapped onto x, y, w, h (its box's
 * size at 100 % is the form's; the list is y down), clipped to the frame.
 * Whatever colours and overprint the artwork sets stay inside its own
 * q ... Q. */
static void draw_artwork(pg *c, uint32_t idx, const cp_dl_artwork *aw)
{
	if (aw->w <= 0 || aw->h <= 0)
		return;
	use_object(c, EV_ARTWORK, idx);
	const cp_pdf_form *f = cp_pdf_forms_get(c->forms, idx);
	if (f == NULL)
		return; /* the page writer reports it (cp_pdf_forms_use) */
	set_overprint(c, false);
	g_string_append(c->c, "q ");
	num(c, aw->fx);
	num(c, aw->fy);
	num(c, aw->fw);
	num(c, aw->fh);
	g_string_append(c->c, "re W n ");
	cp_pdf_num(c->c, aw->w / f->width, 6);
	g_string_append(c->c, " 0 0 ");
	cp_pdf_num(c->c, -aw->h / f->height, 6);
	g_string_append_c(c->c, ' ');
	num(c, aw->x);
	num(c, aw->y + aw->h);
	g_string_append_printf(c->c, "cm /Fm%u Do Q\n", idx);
}

static void draw_rule(pg *c, const cp_dl_rule *r)
{
	if (r->width <= 0)
		return;
	set_overprint(c, is_k100(&r->color) && r->width <= CP_PDF_OVERPRINT_RULE_MAX);
	put_color(c, &r->color, true);
	num(c, r->width);
	g_string_append(c->c, "w ");
	num(c, r->x0);
	num(c, r->y0);
	g_string_append(c->c, "m ");
	num(c, r->x1);
	num(c, r->y1);
	g_string_append(c->c, "l S\n");
}

static void draw_rect(pg *c, const cp_dl_rect *r)
{
	if (r->fill) {
		set_overprint(c, false);
		put_color(c, &r->fill_color, false);
		num(c, r->x);
		num(c, r->y);
		num(c, r->w);
		num(c, r->h);
		g_string_append(c->c, "re f\n");
	}
	if (r->stroke_width > 0) {
		set_overprint(c, is_k100(&r->stroke_color) &&
		                     r->stroke_width <= CP_PDF_OVERPRINT_RULE_MAX);
		put_color(c, &r->stroke_color, true);
		num(c, r->stroke_width);
		g_string_append(c->c, "w ");
		num(c, r->x);
		num(c, r->y);
		num(c, r->w);
		num(c, r->h);
		g_string_append(c->c, "re S\n");
	}
}

/* A URI as a PDF string: printable ASCII with () and \ escaped, other
 * bytes in octal. */
static void put_uri(GString *s, const char *uri)
{
	g_string_append_c(s, '(');
	for (const unsigned char *p = (const unsigned char *)uri; *p != '\0'; p++) {
		if (*p == '(' || *p == ')' || *p == '\\')
			g_string_append_printf(s, "\\%c", *p);
		else if (*p < 0x20 || *p > 0x7e)
			g_string_append_printf(s, "\\%03o", *p);
		else
			g_string_append_c(s, (char)*p);
	}
	g_string_append_c(s, ')');
}

/* ---- pages ------------------------------------------------------------------------- */

typedef struct geom {
	double off;    /* where the trim's top-left sits from the sheet's */
	double mw, mh; /* the sheet */
} geom;

static geom page_geom(const cp_pdf_opts *o, const cp_dl_page *page)
{
	geom g;
	if (o->press)
		g.off = o->marks ? o->marks_margin : page->bleed;
	else
		g.off = o->bleed ? page->bleed : 0;
	g.mw = page->width + 2 * g.off;
	g.mh = page->height + 2 * g.off;
	return g;
}

static void put_box(GString *s, const char *key, double x0, double y0, double x1, double y1)
{
	g_string_append_printf(s, " /%s [", key);
	cp_pdf_num(s, x0, 3);
	g_string_append_c(s, ' ');
	cp_pdf_num(s, y0, 3);
	g_string_append_c(s, ' ');
	cp_pdf_num(s, x1, 3);
	g_string_append_c(s, ' ');
	cp_pdf_num(s, y1, 3);
	g_string_append_c(s, ']');
}

/* The hidden folio: in the gutter, 1.5 mm from the spine inside the trim,
 * 10 mm above the foot, where the fold of a saddle-stitched booklet hides
 * it. Page 1 (a recto) has its spine on the left when bound on the left. */
static void hidden_folio(pg *c, const cp_dl_page *page, const geom *g)
{
	int number = page->number;
	bool recto = number % 2 == 1;
	bool spine_left = c->dl->right_bound ? !recto : recto;
	double h = 2.0 * MM;
	int digits = number >= 100 ? 3 : number >= 10 ? 2 : 1;
	double width = digits * h * 0.5 * 1.6;
	double x = spine_left ? g->off + 1.5 * MM : g->off + page->width - 1.5 * MM - width;
	cp_pdf_folio_draw(c->c, number, x, g->off + 10 * MM, h);
}

/* Link annotations of page i (screen only); appends "/Annots [...]" to dict. */
static void write_links(ctx *c, const cp_dl_page *page, const geom *g, GString *dict)
{
	GString *refs = NULL;
	for (size_t k = 0; k < cp_dl_item_count(page); k++) {
		const cp_dl_item *it = cp_dl_item_get(page, k);
		if (it->kind != CP_DL_LINK)
			continue;
		const cp_dl_link *l = &it->u.link;
		if (l->w <= 0 || l->h <= 0 || (l->uri == NULL && l->page < 0))
			continue;
		if (l->uri == NULL && (size_t)l->page >= cp_dl_page_count(c->dl))
			continue;
		int n = cp_pdf_obj_new(&c->w);
		GString *a = g_string_new("<</Type /Annot /Subtype /Link");
		put_box(a, "Rect", l->x + g->off, g->mh - (l->y + l->h + g->off),
		        l->x + l->w + g->off, g->mh - (l->y + g->off));
		g_string_append(a, " /Border [0 0 0]");
		if (l->uri != NULL) {
			g_string_append(a, " /A <</S /URI /URI ");
			put_uri(a, l->uri);
			g_string_append(a, ">>");
		} else {
			const cp_dl_page *to = cp_dl_page_get(c->dl, (size_t)l->page);
			geom tg = page_geom(c->o, to);
			g_string_append_printf(a, " /Dest [%d 0 R /XYZ ", c->page_obj[l->page]);
			cp_pdf_num(a, tg.off, 3);
			g_string_append_c(a, ' ');
			cp_pdf_num(a, tg.mh - tg.off, 3);
			g_string_append(a, " 0]");
		}
		g_string_append(a, ">>");
		cp_pdf_obj_put(&c->w, n, a);
		g_string_free(a, TRUE);
		if (refs == NULL)
			refs = g_string_new(NULL);
		g_string_append_printf(refs, "%s%d 0 R", refs->len > 0 ? " " : "", n);
	}
	if (refs != NULL) {
		g_string_append_printf(dict, " /Annots [%s]", refs->str);
		g_string_free(refs, TRUE);
	}
}

/* A page's content (a job: either thread may run it, and it writes only
 * its page_out): the items in the list's coordinates, then in press mode
 * tombo and the hidden folio on the sheet; deflated. */
static void make_page(void *data)
{
	page_out *out = data;
	const ctx *doc = out->c;
	size_t i = out->i;
	const cp_dl_page *page = cp_dl_page_get(doc->dl, i);
	geom g = page_geom(doc->o, page);
	pg pc = {0};
	pg *c = &pc;
	c->doc = doc;
	c->dl = doc->dl;
	c->o = doc->o;
	c->fonts = doc->fonts;
	c->forms = doc->forms;
	c->press = doc->press;
	c->out = out;
	c->c = g_string_sized_new(16 * 1024);
	c->font_seen = g_new0(uint8_t, MAX(cp_pdf_fonts_count(doc->fonts), 1));
	c->seq = cp_pdf_fonts_page_seq(doc->fonts, i);
	out->events = g_array_new(FALSE, FALSE, sizeof(page_ev));
	out->outline = g_array_new(FALSE, TRUE, sizeof(outline_entry));
	GString *s = c->c;

	g_string_append(s, "q 1 0 0 -1 ");
	cp_pdf_num(s, g.off, 3);
	g_string_append_c(s, ' ');
	cp_pdf_num(s, g.mh - g.off, 3);
	g_string_append(s, " cm 0 J 0 j\n");
	for (size_t k = 0; k < cp_dl_item_count(page); k++) {
		const cp_dl_item *it = cp_dl_item_get(page, k);
		switch (it->kind) {
		case CP_DL_GLYPHS:
			draw_glyphs(c, &it->u.glyphs);
			break;
		case CP_DL_IMAGE:
			end_text(c);
			draw_image(c, &it->u.image);
			break;
		case CP_DL_RULE:
			end_text(c);
			draw_rule(c, &it->u.rule);
			break;
		case CP_DL_RECT:
			end_text(c);
			draw_rect(c, &it->u.rect);
			break;
		case CP_DL_ARTWORK:
			end_text(c);
			draw_artwork(c, it->u.artwork.artwork, &it->u.artwork);
			break;
		case CP_DL_LINK:
			break; /* annotations, when the page is written */
		case CP_DL_OUTLINE: {
			outline_entry e = {0};
			e.page_obj = doc->page_obj[i];
			e.x = g.off;
			e.y = g.mh - (it->u.outline.y + g.off);
			e.level = CLAMP(it->u.outline.level, 1, MAX_OUTLINE_LEVEL);
			e.title = it->u.outline.title != NULL ? it->u.outline.title : "";
			g_array_append_val(out->outline, e);
			break;
		}
		case CP_DL_KIND_COUNT:
			g_assert_not_reached();
		}
	}
	end_text(c);
	g_string_append(s, "Q\n");

	/* press: tombo and the hidden folio, on the sheet */
	if (c->press && c->o->marks)
		cp_pdf_marks_draw(s, g.off, g.off, g.off + page->width, g.off + page->height,
		                  page->bleed);
	if (c->press && c->o->hidden_folio != NULL && i < c->o->n_hidden_folio &&
	    c->o->hidden_folio[i])
		hidden_folio(c, page, &g);

	out->z = cp_pdf_deflate_cached(doc->level_content, s->str, s->len, &out->zlen);
	out->used_op = c->used_op;
	out->failed = c->failed;
	g_string_free(s, TRUE);
	g_free(c->font_seen);
}

static void page_out_clear(page_out *out)
{
	g_clear_pointer(&out->z, g_free);
	g_clear_pointer(&out->events, g_array_unref);
	g_clear_pointer(&out->outline, g_array_unref);
}

/* Writes page i once its content is made: what the content met, in its
 * order (font numbers, images and artworks on the document's first use),
 * the content stream, the page dictionary with its boxes and links. */
static void write_page(ctx *c, size_t i)
{
	page_out *out = &c->pages[i];
	cp_pdf_jobs_await(c->jobs, out->job);
	const cp_dl_page *page = cp_dl_page_get(c->dl, i);
	geom g = page_geom(c->o, page);

	for (guint k = 0; k < out->events->len; k++) {
		const page_ev *e = &g_array_index(out->events, page_ev, k);
		switch (e->kind) {
		case EV_FONT:
			(void)cp_pdf_fonts_obj(c->fonts, &c->w, (int)e->index);
			break;
		case EV_FONT_V:
			(void)cp_pdf_fonts_obj_v(c->fonts, &c->w, (int)e->index);
			break;
		case EV_IMAGE:
			if (cp_pdf_images_use(c->images, &c->w, e->index, c->d) < 0)
				c->failed = true;
			break;
		case EV_ARTWORK:
			if (cp_pdf_forms_use(c->forms, &c->w, e->index, c->d) < 0)
				c->failed = true;
			break;
		}
	}
	g_array_append_vals(c->outline, out->outline->data, out->outline->len);
	c->used_op = c->used_op || out->used_op;
	c->failed = c->failed || out->failed;

	int content = cp_pdf_obj_new(&c->w);
	cp_pdf_stream_z(&c->w, content, "", out->z, out->zlen, "/FlateDecode");

	/* the page dictionary, with its boxes and links */
	double trim[4] = {g.off, g.off, g.off + page->width, g.off + page->height};
	GString *dict = g_string_new(NULL);
	g_string_append_printf(dict, "<</Type /Page /Parent %d 0 R", c->pages_obj);
	put_box(dict, "MediaBox", 0, 0, g.mw, g.mh);
	if (c->press || g.off > 0) {
		double b = page->bleed;
		put_box(dict, "CropBox", 0, 0, g.mw, g.mh);
		put_box(dict, "BleedBox", MAX(0, trim[0] - b), MAX(0, trim[1] - b),
		        MIN(g.mw, trim[2] + b), MIN(g.mh, trim[3] + b));
		put_box(dict, "TrimBox", trim[0], trim[1], trim[2], trim[3]);
	}
	g_string_append_printf(dict, " /Resources %d 0 R /Contents %d 0 R", c->res_obj, content);
	if (!c->press)
		write_links(c, page, &g, dict);
	g_string_append(dict, ">>");
	cp_pdf_obj_put(&c->w, c->page_obj[i], dict);
	g_string_free(dict, TRUE);
	page_out_clear(out);
}

/* ---- the document ------------------------------------------------------------------- */

/* One resource dictionary for every page: the fonts, the images written,
 * the overprint states, the screen's DefaultCMYK, the registration colour. */
static void write_resources(ctx *c, int icc)
{
	GString *s = g_string_new("<<");
	if (cp_pdf_fonts_count(c->fonts) > 0) {
		g_string_append(s, "/Font <<");
		for (int f = 0; f < cp_pdf_fonts_count(c->fonts); f++) {
			g_string_append_printf(s, " /F%d %d 0 R", f,
			                       cp_pdf_fonts_obj(c->fonts, &c->w, f));
			int v = cp_pdf_fonts_obj_v(c->fonts, NULL, f);
			if (v != 0)
				g_string_append_printf(s, " /V%d %d 0 R", f, v);
		}
		g_string_append(s, ">>");
	}
	bool any = false;
	for (guint i = 0; i < c->dl->images->len; i++) {
		int obj = cp_pdf_images_obj(c->images, i);
		if (obj == 0)
			continue;
		g_string_append_printf(s, "%s /Im%u %d 0 R", any ? "" : " /XObject <<", i, obj);
		any = true;
	}
	for (guint i = 0; i < c->dl->artworks->len; i++) {
		int obj = cp_pdf_forms_obj(c->forms, i);
		if (obj == 0)
			continue;
		g_string_append_printf(s, "%s /Fm%u %d 0 R", any ? "" : " /XObject <<", i, obj);
		any = true;
	}
	if (any)
		g_string_append(s, ">>");
	if (c->used_op)
		g_string_append(s, " /ExtGState <</GSop <</Type /ExtGState /OP true /op true /OPM "
		                   "1>> /GSko <</Type /ExtGState /OP false /op false>>>>");
	if (icc > 0 || (c->press && c->o->marks)) {
		g_string_append(s, " /ColorSpace <<");
		if (icc > 0)
			g_string_append_printf(s, " /DefaultCMYK [/ICCBased %d 0 R]", icc);
		if (c->press && c->o->marks)
			g_string_append_printf(s, " /CSReg %s", cp_pdf_registration_cs);
		g_string_append(s, ">>");
	}
	g_string_append(s, ">>");
	cp_pdf_obj_put(&c->w, c->res_obj, s);
	g_string_free(s, TRUE);
}

/* The outline tree: a level-L entry hangs under the last entry of the
 * nearest lower level, or the root (as the Cairo writer did). */
static int write_outline(ctx *c)
{
	GArray *o = c->outline;
	if (o->len == 0)
		return 0;
	int root = cp_pdf_obj_new(&c->w);
	int last_at[MAX_OUTLINE_LEVEL + 1];
	for (int l = 0; l <= MAX_OUTLINE_LEVEL; l++)
		last_at[l] = -1;
	int root_first = -1, root_last = -1, root_count = 0;
	for (guint i = 0; i < o->len; i++) {
		outline_entry *e = &g_array_index(o, outline_entry, i);
		e->obj = cp_pdf_obj_new(&c->w);
		e->parent = -1;
		e->first = e->last = e->prev = e->next = -1;
		for (int up = e->level - 1; up >= 1; up--)
			if (last_at[up] >= 0) {
				e->parent = last_at[up];
				break;
			}
		if (e->parent < 0) {
			if (root_last >= 0) {
				g_array_index(o, outline_entry, root_last).next = (int)i;
				e->prev = root_last;
			} else {
				root_first = (int)i;
			}
			root_last = (int)i;
			root_count++;
		} else {
			outline_entry *p = &g_array_index(o, outline_entry, e->parent);
			if (p->last >= 0) {
				g_array_index(o, outline_entry, p->last).next = (int)i;
				e->prev = p->last;
			} else {
				p->first = (int)i;
			}
			p->last = (int)i;
		}
		last_at[e->level] = (int)i;
		for (int down = e->level + 1; down <= MAX_OUTLINE_LEVEL; down++)
			last_at[down] = -1;
	}
	/* descendants, for the closed entries' negative /Count */
	for (guint i = o->len; i-- > 0;) {
		outline_entry *e = &g_array_index(o, outline_entry, i);
		if (e->parent >= 0)
			g_array_index(o, outline_entry, e->parent).count += 1 + e->count;
	}
	GString *s = g_string_new(NULL);
#define REF(idx) (g_array_index(o, outline_entry, (idx)).obj)
	for (guint i = 0; i < o->len; i++) {
		outline_entry *e = &g_array_index(o, outline_entry, i);
		g_string_assign(s, "<</Title ");
		cp_pdf_text(s, e->title);
		g_string_append_printf(s, " /Parent %d 0 R",
		                       e->parent >= 0 ? REF(e->parent) : root);
		if (e->prev >= 0)
			g_string_append_printf(s, " /Prev %d 0 R", REF(e->prev));
		if (e->next >= 0)
			g_string_append_printf(s, " /Next %d 0 R", REF(e->next));
		if (e->first >= 0)
			g_string_append_printf(s, " /First %d 0 R /Last %d 0 R /Count -%d",
			                       REF(e->first), REF(e->last), e->count);
		g_string_append_printf(s, " /Dest [%d 0 R /XYZ ", e->page_obj);
		cp_pdf_num(s, e->x, 3);
		g_string_append_c(s, ' ');
		cp_pdf_num(s, e->y, 3);
		g_string_append(s, " 0]>>");
		cp_pdf_obj_put(&c->w, e->obj, s);
	}
	cp_pdf_obj_begin(&c->w, root);
	cp_pdf_printf(&c->w, "<</Type /Outlines /First %d 0 R /Last %d 0 R /Count %d>>",
	              REF(root_first), REF(root_last), root_count);
	cp_pdf_obj_end(&c->w);
#undef REF
	g_string_free(s, TRUE);
	return root;
}

/* Page labels: each page's label as its /P prefix (the label is the folio
 * as printed, 表紙 for the cover). */
static int write_labels(ctx *c)
{
	int n = cp_pdf_obj_new(&c->w);
	GString *s = g_string_new("<</Nums [");
	for (size_t i = 0; i < cp_dl_page_count(c->dl); i++) {
		g_string_append_printf(s, "%s%zu <</P ", i > 0 ? " " : "", i);
		cp_pdf_text(s, cp_dl_page_get(c->dl, i)->label);
		g_string_append(s, ">>");
	}
	g_string_append(s, "]>>");
	cp_pdf_obj_put(&c->w, n, s);
	g_string_free(s, TRUE);
	return n;
}

static void info_key(GString *s, const char *key, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	g_string_append_printf(s, " /%s ", key);
	cp_pdf_text(s, value);
}

#define PRODUCER "canpress"

static const char *title_of(const ctx *c)
{
	const char *t = c->dl->meta.title;
	return t != NULL && *t != '\0' ? t : c->w.name;
}

static int write_info(ctx *c)
{
	const cp_dl_meta *m = &c->dl->meta;
	g_autofree char *date = cp_pdf_date(m->date);
	GString *s = g_string_new("<<");
	info_key(s, "Title", c->press ? title_of(c) : m->title);
	info_key(s, "Author", m->author);
	info_key(s, "Subject", m->subject);
	info_key(s, "Keywords", m->keywords);
	info_key(s, "Creator", m->creator);
	info_key(s, "Producer", PRODUCER);
	g_string_append_printf(s, " /CreationDate (%s) /ModDate (%s)", date, date);
	if (c->press) {
		g_string_append(s, " /Trapped /False");
		if (c->x1a)
			g_string_append(s, " /GTS_PDFXVersion (PDF/X-1:2001) "
			                   "/GTS_PDFXConformance (PDF/X-1a:2001)");
		else
			g_string_append(s, " /GTS_PDFXVersion (PDF/X-4)");
	}
	g_string_append(s, ">>");
	int n = cp_pdf_obj_new(&c->w);
	cp_pdf_obj_put(&c->w, n, s);
	g_string_free(s, TRUE);
	return n;
}

static void xmp_text(GString *x, const char *tag, const char *value, bool alt)
{
	if (value == NULL || *value == '\0')
		return;
	g_autofree char *v = g_markup_escape_text(value, -1);
	if (alt)
		g_string_append_printf(x,
		                       "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">%s"
		                       "</rdf:li></rdf:Alt></%s>\n",
		                       tag, v, tag);
	else
		g_string_append_printf(x, "   <%s>%s</%s>\n", tag, v, tag);
}

/* The XMP packet: the Info facts again (screen and PDF/X-4; PDF 1.3 has no
 * /Metadata), with a document id derived from the title and date. */
static int write_xmp(ctx *c)
{
	const cp_dl_meta *m = &c->dl->meta;
	const char *iso = m->date != NULL && *m->date ? m->date : "1970-01-01T00:00:00Z";
	g_autofree char *seed = g_strdup_printf("%s|%s", title_of(c), iso);
	g_autofree char *sum = g_compute_checksum_for_string(G_CHECKSUM_MD5, seed, -1);
	g_autofree char *uuid = g_strdup_printf("uuid:%.8s-%.4s-%.4s-%.4s-%.12s", sum, sum + 8,
	                                        sum + 12, sum + 16, sum + 20);
	GString *x =
	    g_string_new("<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	                 "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	                 " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	                 "  <rdf:Description rdf:about=\"\"\n"
	                 "    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"\n"
	                 "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	                 "    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n"
	                 "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	                 "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
	if (c->press)
		g_string_append(x, "   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n"
		                   "   <pdf:Trapped>False</pdf:Trapped>\n");
	xmp_text(x, "xmp:CreateDate", iso, false);
	xmp_text(x, "xmp:ModifyDate", iso, false);
	xmp_text(x, "xmp:MetadataDate", iso, false);
	xmp_text(x, "xmp:CreatorTool", m->creator != NULL ? m->creator : PRODUCER, false);
	xmp_text(x, "xmpMM:DocumentID", uuid, false);
	xmp_text(x, "xmpMM:InstanceID", uuid, false);
	g_string_append(x, "   <xmpMM:VersionID>1</xmpMM:VersionID>\n"
	                   "   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n");
	xmp_text(x, "pdf:Producer", PRODUCER, false);
	xmp_text(x, "pdf:Keywords", m->keywords, false);
	g_string_append(x, "   <dc:format>application/pdf</dc:format>\n");
	xmp_text(x, "dc:title", title_of(c), true);
	xmp_text(x, "dc:description", m->subject, true);
	if (m->author != NULL && *m->author != '\0') {
		g_autofree char *a = g_markup_escape_text(m->author, -1);
		g_string_append_printf(x,
		                       "   <dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq>"
		                       "</dc:creator>\n",
		                       a);
	}
	g_string_append(x, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n");
	/* the usual padding, so an editor can update in place */
	for (int i = 0; i < 20; i++)
		g_string_append(x, "                                                  \n");
	g_string_append(x, "<?xpacket end=\"w\"?>");
	int n = cp_pdf_obj_new(&c->w);
	/* uncompressed: metadata stays readable to tools that do not inflate */
	cp_pdf_stream(&c->w, n, "/Type /Metadata /Subtype /XML", x->str, x->len, false, NULL);
	g_string_free(x, TRUE);
	return n;
}

/* The profile as an ICC stream (DefaultCMYK on the screen, the
 * OutputIntent's DestOutputProfile in print). */
static int write_icc(ctx *c)
{
	size_t zlen = 0;
	const unsigned char *z = cp_pdf_profile_get_deflated(c->o->profile, c->w.level, &zlen);
	if (z == NULL) {
		cp_pdf_jobs_await(c->jobs, c->icc.job);
		z = c->icc.z;
		zlen = c->icc.zlen;
	}
	int n = cp_pdf_obj_new(&c->w);
	cp_pdf_stream_z(&c->w, n, "/N 4", z, zlen, "/FlateDecode");
	return n;
}

static int write_output_intent(ctx *c, int icc)
{
	const cp_pdf_opts *o = c->o;
	const char *id = o->icc_id != NULL ? o->icc_id : "Custom";
	const char *cond =
	    o->icc_name != NULL ? o->icc_name : cp_pdf_profile_get_description(o->profile);
	const char *info = o->icc_info != NULL ? o->icc_info : cond;
	GString *s = g_string_new("<</Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier ");
	cp_pdf_text(s, id);
	g_string_append(s, " /OutputCondition ");
	cp_pdf_text(s, cond);
	g_string_append(s, " /Info ");
	cp_pdf_text(s, info);
	g_string_append_printf(
	    s, " /RegistryName (http://www.color.org) /DestOutputProfile %d 0 R>>", icc);
	int n = cp_pdf_obj_new(&c->w);
	cp_pdf_obj_put(&c->w, n, s);
	g_string_free(s, TRUE);
	return n;
}

/* Step 1: which PDF/X; false after PRESS errors (transparency in X-1a). */
static bool choose_flavour(ctx *c)
{
	if (c->o->pdfx == CP_PDFX_X4) {
		c->x1a = false;
		return true;
	}
	GArray *transparent = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint i = 0; i < c->dl->images->len; i++)
		if (cp_pdf_images_transparent(c->images, i, c->d))
			g_array_append_val(transparent, i);
	bool ok = !cp_diags_has_errors(c->d);
	guint n_forms = 0;
	for (guint i = 0; i < c->dl->artworks->len; i++) {
		const cp_pdf_form *f = cp_pdf_forms_get(c->forms, i);
		n_forms += f != NULL && f->transparent;
	}
	c->x1a = c->o->pdfx == CP_PDFX_X1A || (transparent->len == 0 && n_forms == 0);
	if (c->x1a)
		for (guint i = 0; i < c->dl->artworks->len; i++) {
			const cp_pdf_form *f = cp_pdf_forms_get(c->forms, i);
			if (f == NULL || !f->transparent)
				continue;
			const cp_dl_artwork_src *a =
			    &g_array_index(c->dl->artworks, cp_dl_artwork_src, i);
			cp_diag_add(
			    c->d, CP_DIAG_PRESS, a->span,
			    "choose pdfx: x4 or auto in the layout's press: section",
			    "%s: the artwork '%s' page %d uses transparency, which PDF/X-1a "
			    "forbids",
			    c->w.name, a->path, a->page);
			ok = false;
		}
	if (c->x1a)
		for (guint k = 0; k < transparent->len; k++) {
			guint i = g_array_index(transparent, guint, k);
			cp_diag_add(c->d, CP_DIAG_PRESS, CP_SPAN_NONE,
			            "choose pdfx: x4 or auto in the layout's press: section",
			            "%s: the image '%s' has transparency, which PDF/X-1a forbids",
			            c->w.name,
			            g_array_index(c->dl->images, cp_dl_image_src, i).path);
			ok = false;
		}
	g_array_free(transparent, TRUE);
	return ok;
}

/* The process's CPU time in seconds (for cp_pdf_stats). */
static double cpu_now(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cp_pdf_threads(int threads)
{
	if (threads > 0)
		return threads;
	const char *env = g_getenv("CANPRESS_THREADS");
	if (env != NULL && *env != '\0') {
		char *end = NULL;
		guint64 n = g_ascii_strtoull(env, &end, 10);
		if (end != NULL && *end == '\0' && n >= 1)
			return (int)MIN(n, 64);
	}
	return (int)CLAMP(g_get_num_processors(), 1, 64);
}

static bool write_doc(ctx *c)
{
	size_t n_pages = cp_dl_page_count(c->dl);
	if (c->press && !choose_flavour(c))
		return false;
	const char *version = c->press ? (c->x1a ? "1.3" : "1.6") : "1.6";
	cp_pdf_printf(&c->w, "%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n", version);

	/* numbers everything refers to */
	c->pages_obj = cp_pdf_obj_new(&c->w);
	c->res_obj = cp_pdf_obj_new(&c->w);
	c->page_obj = g_new(int, n_pages);
	for (size_t i = 0; i < n_pages; i++)
		c->page_obj[i] = cp_pdf_obj_new(&c->w);

	/* step 2: the pages. Jobs make the faces' subset programs, the output
	 * profile's stream and each page's content; a second thread (when
	 * there are two) takes them in that order while this one writes the
	 * pages in order, making each page's content itself unless the other
	 * thread has, and running waiting jobs rather than wait (jobs.c) */
	cp_pdf_fonts_prepare(c->fonts, c->jobs, c->level_font, c->level_content, c->d);
	size_t have = 0;
	if (c->o->profile != NULL &&
	    cp_pdf_profile_get_deflated(c->o->profile, c->w.level, &have) == NULL) {
		c->icc.data = cp_pdf_profile_get_data(c->o->profile, &c->icc.len);
		c->icc.level = c->w.level;
		c->icc.job = cp_pdf_jobs_add(c->jobs, deflate_job, &c->icc);
	}
	c->pages = g_new0(page_out, n_pages);
	for (size_t i = 0; i < n_pages; i++) {
		c->pages[i].c = c;
		c->pages[i].i = i;
		c->pages[i].job = cp_pdf_jobs_add(c->jobs, make_page, &c->pages[i]);
	}
	/* the contents need the ToUnicode texts, recorded here while the
	 * other thread begins on the faces */
	cp_pdf_jobs_hold(c->jobs, c->pages[0].job);
	cp_pdf_jobs_start(c->jobs, cp_pdf_threads(c->o->threads));
	cp_pdf_fonts_prepare_text(c->fonts);
	cp_pdf_jobs_release(c->jobs);
	for (size_t i = 0; i < n_pages; i++)
		write_page(c, i);
	if (c->failed)
		return false;

	/* step 3: fonts, resources, the document's objects */
	gint64 wall0 = g_get_monotonic_time();
	double cpu0 = cpu_now();
	bool fonts_ok = cp_pdf_fonts_write(c->fonts, &c->w, c->d);
	if (c->o->stats != NULL) {
		c->o->stats->fonts_wall = (double)(g_get_monotonic_time() - wall0) / G_USEC_PER_SEC;
		c->o->stats->fonts_cpu = cpu_now() - cpu0;
	}
	if (!fonts_ok)
		return false;
	int icc = c->o->profile != NULL ? write_icc(c) : 0;
	write_resources(c, c->press ? 0 : icc);
	GString *kids = g_string_new(NULL);
	for (size_t i = 0; i < n_pages; i++)
		g_string_append_printf(kids, "%s%d 0 R", i > 0 ? " " : "", c->page_obj[i]);
	cp_pdf_obj_begin(&c->w, c->pages_obj);
	cp_pdf_printf(&c->w, "<</Type /Pages /Kids [%s] /Count %zu>>", kids->str, n_pages);
	cp_pdf_obj_end(&c->w);
	g_string_free(kids, TRUE);

	int outline = c->press ? 0 : write_outline(c);
	int labels = write_labels(c);
	int info = write_info(c);
	int xmp = c->press && c->x1a ? 0 : write_xmp(c);
	int intent = c->press ? write_output_intent(c, icc) : 0;
	int root = cp_pdf_obj_new(&c->w);
	GString *s = g_string_new(NULL);
	g_string_printf(s, "<</Type /Catalog /Pages %d 0 R /PageLabels %d 0 R", c->pages_obj,
	                labels);
	if (outline > 0)
		g_string_append_printf(s, " /Outlines %d 0 R /PageMode /UseOutlines", outline);
	if (xmp > 0)
		g_string_append_printf(s, " /Metadata %d 0 R", xmp);
	if (intent > 0)
		g_string_append_printf(s, " /OutputIntents [%d 0 R]", intent);
	/* a right-bound issue reads right to left: viewers show its spreads
	 * so, and impose folds it so (PDF 1.7, 12.2, table 150) */
	if (c->dl->right_bound)
		g_string_append(s, " /ViewerPreferences <</Direction /R2L>>");
	g_string_append(s, ">>");
	cp_pdf_obj_put(&c->w, root, s);
	g_string_free(s, TRUE);

	/* step 4 */
	cp_pdf_w_finish(&c->w, root, info);
	return true;
}

bool cp_pdf_write_stream(const cp_dl *dl, const cp_pdf_opts *o, FILE *f, const char *name,
                         cp_pdfx *used, cp_diags *d)
{
	if (cp_dl_page_count(dl) == 0) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL,
		            "cannot write '%s': the document has no pages", name);
		return false;
	}
	g_assert(!o->press || o->profile != NULL);
	if (o->press && o->marks && o->marks_margin < cp_dl_page_get(dl, 0)->bleed) {
		cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE, "make press: marks_margin larger",
		            "%s: the marks margin is smaller than the bleed", name);
		return false;
	}
	ctx c = {0};
	c.dl = dl;
	c.o = o;
	c.d = d;
	c.press = o->press;
	bool chosen = o->deflate_level > 0;
	int level = chosen ? CLAMP(o->deflate_level, 1, 9) : CP_PDF_DEFLATE_LEVEL;
	cp_pdf_w_init(&c.w, f, name, level);
	c.level_content = chosen ? level : CP_PDF_DEFLATE_CONTENT;
	c.level_font = chosen ? level : CP_PDF_DEFLATE_FONT;
	c.fonts = cp_pdf_fonts_new(dl);
	c.jobs = cp_pdf_jobs_new();
	c.images = cp_pdf_images_new(dl, o->press, o->profile, o->jpeg_quality);
	c.forms = cp_pdf_forms_new(dl, o);
	c.outline = g_array_new(FALSE, TRUE, sizeof(outline_entry));

	bool ok = write_doc(&c);
	if (ok && c.w.err == 0 && fflush(f) != 0)
		c.w.err = errno != 0 ? errno : EIO;
	if (c.w.err != 0) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s", name,
		            g_strerror(c.w.err));
		ok = false;
	}
	if (ok && used != NULL)
		*used = !c.press ? CP_PDFX_AUTO : c.x1a ? CP_PDFX_X1A : CP_PDFX_X4;

	cp_pdf_jobs_free(c.jobs); /* first: its worker may be using the fonts */
	cp_pdf_deflate_release();
	g_free(c.icc.z);
	g_array_free(c.outline, TRUE);
	if (c.pages != NULL)
		for (size_t i = 0; i < cp_dl_page_count(dl); i++)
			page_out_clear(&c.pages[i]);
	g_free(c.pages);
	g_free(c.page_obj);
	cp_pdf_images_free(c.images);
	cp_pdf_forms_free(c.forms);
	cp_pdf_fonts_free(c.fonts);
	cp_pdf_w_clear(&c.w);
	return ok;
}

bool cp_pdf_write(const cp_dl *dl, const cp_pdf_opts *o, const char *path, cp_pdfx *used,
                  cp_diags *d)
{
	cp_outfile out;
	if (!cp_outfile_open(&out, path, d))
		return false;
	if (!cp_pdf_write_stream(dl, o, out.f, path, used, d)) {
		cp_outfile_abort(&out);
		return false;
	}
	return cp_outfile_commit(&out, d);
}
