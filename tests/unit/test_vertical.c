/* test_vertical.c - vertical lines (tategaki, issue 14 points 2, 3 and 6)
 * from the typesetter through compose's cp_compose_emit_line_v to the
 * display list, the PDF writer and poppler.
 *
 * Asserted: each of 、。「」『』（）ー〜…― gets a glyph other than its
 * horizontal one, the one HarfBuzz's `vert` feature gives (・ has no
 * vertical form in Noto CJK: it is centred either way, and is checked to
 * sit centred); upright glyphs advance by the font's vertical advances and
 * sit centred on the axis; tate-chu-yoko numbers and rotated Western words
 * are centred on the axis; the same text breaks into the same lines in
 * both directions (one composer); a page of vertical lines written as PDF
 * uses an Identity-V font and pdftotext reads its columns right to left.
 * The sample text is our own. */
#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <hb.h>

#include "compose/compose_int.h"
#include "pdf/pdf.h"
#include "render/render.h"

#define MINCHO "Noto Serif CJK JP"
#define EPS 0.01

static char *conf_path;

static const char *const sample =
    "大阪の小さな会社が集まり、「ＣＡＮ」という冊子を季節ごとに作っています。"
    "縦書きの読点と句点は字面の右上に置かれ、かぎ括弧『　』も（丸括弧も）向きを変えます。"
    "長音のーや波ダッシュ〜、三点リーダー…とダッシュ―も縦向きです。";

static cp_ts_style vstyle(void)
{
	cp_ts_style st = {0};
	st.family = MINCHO;
	st.weight = 400;
	st.size = 10.0;
	st.pitch = 17.0;
	st.align = CP_TS_JUSTIFY;
	st.color = cp_color_gray(1.0);
	st.vertical = true;
	return st;
}

static cp_ts_para *set(cp_typesetter *ts, const cp_ts_style *st, const char *text, double measure,
                       cp_diags *d)
{
	cp_ts_run run = {.text = text, .len = strlen(text), .span = cp_span_at(1, 1, 1)};
	return cp_ts_set(ts, st, &run, 1, measure, d);
}

/* The glyph of the first character of a one-character paragraph. */
static uint32_t glyph_of(cp_typesetter *ts, bool vertical, const char *ch, cp_diags *d,
                         const cp_ts_glyph **out, const cp_ts_glyph_run **run)
{
	cp_ts_style st = vstyle();
	st.vertical = vertical;
	st.align = CP_TS_START;
	cp_ts_para *p = set(ts, &st, ch, 100.0, d);
	g_assert_cmpuint(p->n_lines, ==, 1);
	g_assert_cmpuint(p->lines[0].n_runs, ==, 1);
	uint32_t id = p->lines[0].runs[0].glyphs[0].id;
	if (out != NULL) {
		*out = &p->lines[0].runs[0].glyphs[0];
		*run = &p->lines[0].runs[0];
	}
	cp_ts_para_free(p); /* the memo keeps a reference: *out stays valid */
	return id;
}

/* HarfBuzz's own vertical glyph for ch in font: TTB, the vert feature on. */
static uint32_t hb_vert_glyph(PangoFont *font, const char *ch)
{
	hb_font_t *hb = pango_font_get_hb_font(font);
	hb_buffer_t *b = hb_buffer_create();
	hb_buffer_add_utf8(b, ch, -1, 0, -1);
	hb_buffer_set_direction(b, HB_DIRECTION_TTB);
	hb_buffer_set_script(b, HB_SCRIPT_HAN);
	hb_buffer_set_language(b, hb_language_from_string("ja", -1));
	hb_feature_t f = {HB_TAG('v', 'e', 'r', 't'), 1, 0, (unsigned)-1};
	hb_shape(hb, b, &f, 1);
	uint32_t id = hb_buffer_get_glyph_infos(b, NULL)[0].codepoint;
	hb_buffer_destroy(b);
	return id;
}

static void test_vertical_forms(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = cp_ts_new(conf_path, d);
	g_assert_nonnull(ts);
	static const char *const marks[] = {"、", "。", "「", "」", "『", "』",
	                                    "（", "）", "ー", "〜", "…",  "―"};
	for (size_t i = 0; i < G_N_ELEMENTS(marks); i++) {
		const cp_ts_glyph *g = NULL;
		const cp_ts_glyph_run *r = NULL;
		uint32_t h = glyph_of(ts, false, marks[i], d, NULL, NULL);
		uint32_t v = glyph_of(ts, true, marks[i], d, &g, &r);
		if (h == v)
			g_test_message("%s: vertical glyph %u is the horizontal one", marks[i], v);
		g_assert_cmpuint(h, !=, v);
		g_assert_cmpuint(v, ==, hb_vert_glyph(r->font, marks[i]));
		g_assert_cmpint(r->orient, ==, CP_TS_ORIENT_UPRIGHT);
	}
	/* ・ is drawn centred in its square in either direction: the same
	 * glyph, its origin half an em left of the axis */
	const cp_ts_glyph *g = NULL;
	const cp_ts_glyph_run *r = NULL;
	uint32_t v = glyph_of(ts, true, "・", d, &g, &r);
	g_assert_cmpuint(v, ==, hb_vert_glyph(r->font, "・"));
	g_assert_cmpfloat_with_epsilon(g->y, -5.0, EPS);
	g_assert_false(cp_diags_has_errors(d));
}

/* Upright glyphs advance by the font's vertical advances, their origins
 * the font's vertical origin below and half the horizontal advance left
 * of the pen. */
static void test_vertical_metrics(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = cp_ts_new(conf_path, d);
	cp_ts_style st = vstyle();
	st.align = CP_TS_START;
	g_autoptr(cp_ts_para) p = set(ts, &st, "縦に組む文字列です", 200.0, d);
	g_assert_cmpuint(p->n_lines, ==, 1);
	const cp_ts_line *l = &p->lines[0];
	g_assert_true(l->vertical);
	g_assert_cmpuint(l->n_runs, ==, 1);
	const cp_ts_glyph_run *r = &l->runs[0];
	hb_font_t *hb = pango_font_get_hb_font(r->font);
	int xs = 0, ys = 0;
	hb_font_get_scale(hb, &xs, &ys);
	double k = 10.0 / ys; /* pt per font unit at 10 pt */
	double pen = 0.0;
	for (uint32_t i = 0; i < r->n_glyphs; i++) {
		const cp_ts_glyph *g = &r->glyphs[i];
		hb_position_t ox = 0, oy = 0;
		hb_font_get_glyph_v_origin(hb, g->id, &ox, &oy);
		g_assert_cmpfloat_with_epsilon(g->x, pen + oy * k, EPS);
		g_assert_cmpfloat_with_epsilon(g->y, -ox * k, EPS);
		g_assert_cmpfloat_with_epsilon(g->advance,
		                               -hb_font_get_glyph_v_advance(hb, g->id) * k, EPS);
		pen += g->advance;
	}
	g_assert_cmpfloat_with_epsilon(r->width, pen, EPS);
}

/* One composer on both axes: Japanese text breaks into the same lines,
 * justified to the same measure, in either direction. */
static void test_same_breaks(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = cp_ts_new(conf_path, d);
	cp_ts_style v = vstyle();
	cp_ts_style h = v;
	h.vertical = false;
	for (double measure = 95.0; measure <= 205.0; measure += 10.0) {
		g_autoptr(cp_ts_para) pv = set(ts, &v, sample, measure, d);
		g_autoptr(cp_ts_para) ph = set(ts, &h, sample, measure, d);
		g_assert_cmpuint(pv->n_lines, ==, ph->n_lines);
		for (size_t i = 0; i < pv->n_lines; i++) {
			const cp_ts_line *a = &pv->lines[i];
			const cp_ts_line *b = &ph->lines[i];
			g_assert_cmpuint(a->start, ==, b->start);
			g_assert_cmpuint(a->end, ==, b->end);
			g_assert_cmpint(a->justified, ==, b->justified);
			g_assert_cmpfloat_with_epsilon(a->width, b->width, EPS);
			g_assert_cmpfloat_with_epsilon(a->hang, b->hang, EPS);
			g_assert_cmpfloat_with_epsilon(a->y, b->y, EPS);
			if (a->justified)
				g_assert_cmpfloat_with_epsilon(a->x + a->width, measure, EPS);
		}
	}
}

/* A minimal compose context: what cp_compose_emit_line_v reads. */
static void compose_init(cp_compose *c, cp_typesetter *ts, cp_diags *d)
{
	memset(c, 0, sizeof *c);
	c->ts = ts;
	c->d = d;
	c->dl = cp_dl_new();
	cp_ts_style st = vstyle();
	c->em_frac = cp_ts_em_baseline(ts, &st);
}

/* Tate-chu-yoko: 12 stands upright in one em, centred on the axis; a
 * Western word and a long number are rotated, their em box centred. */
static void test_tcy_and_rotated(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = cp_ts_new(conf_path, d);
	cp_ts_style st = vstyle();
	st.align = CP_TS_START;
	g_autoptr(cp_ts_para) p = set(ts, &st, "第12回はWindowsで2026年に", 400.0, d);
	g_assert_cmpuint(p->n_lines, ==, 1);
	const cp_ts_line *l = &p->lines[0];
	const cp_ts_glyph_run *tcy = NULL;
	int n_rot = 0;
	for (size_t i = 0; i < l->n_runs; i++) {
		const cp_ts_glyph_run *r = &l->runs[i];
		if (r->orient == CP_TS_ORIENT_TCY) {
			g_assert_null(tcy);
			tcy = r;
		}
		if (r->orient == CP_TS_ORIENT_ROTATED) {
			n_rot++;
			g_assert_true(strncmp(r->text, "Windows", r->n_text) == 0 ||
			              strncmp(r->text, "2026", r->n_text) == 0);
		}
	}
	g_assert_cmpint(n_rot, ==, 2);
	g_assert_nonnull(tcy);
	g_assert_cmpuint(tcy->n_text, ==, 2);
	g_assert_cmpfloat_with_epsilon(tcy->width, 10.0, EPS); /* one em */
	g_assert_cmpuint(tcy->n_clusters, ==, 1);
	g_assert_cmpuint(tcy->n_glyphs, ==, 2);
	/* centred: the group's left and right edges equally far from the
	 * axis (half-width digits: 5 pt each) */
	double left = tcy->glyphs[0].y;
	double right = tcy->glyphs[1].y + 5.0;
	g_assert_cmpfloat_with_epsilon(left + right, 0.0, EPS);
	g_assert_cmpfloat_with_epsilon(tcy->glyphs[0].x, tcy->glyphs[1].x, EPS);

	/* three digits only when asked */
	cp_ts_style st3 = st;
	st3.tcy_digits = 3;
	g_autoptr(cp_ts_para) p3 = set(ts, &st3, "第123回", 400.0, d);
	g_assert_cmpuint(p3->lines[0].n_runs, ==, 3);
	g_assert_cmpint(p3->lines[0].runs[1].orient, ==, CP_TS_ORIENT_TCY);
	g_autoptr(cp_ts_para) p2 = set(ts, &st, "第123回", 400.0, d);
	g_assert_cmpint(p2->lines[0].runs[1].orient, ==, CP_TS_ORIENT_ROTATED);

	/* in the display list */
	cp_compose c;
	compose_init(&c, ts, d);
	cp_dl_page *page = cp_dl_page_add(c.dl, 300, 300, 0, "1");
	cp_compose_emit_line_v(&c, page, l, 150.0, 20.0);
	size_t n = cp_dl_item_count(page);
	g_assert_cmpuint(n, ==, l->n_runs);
	for (size_t i = 0; i < n; i++) {
		const cp_dl_glyphs *g = &cp_dl_item_get(page, i)->u.glyphs;
		g_assert_true(g->in_vertical_line);
		g_assert_cmpfloat_with_epsilon(g->y, 20.0 + l->x + l->runs[i].x, EPS);
		if (g->rotated) {
			/* the em box (baseline - 0.88 em .. + 0.12 em) turned:
			 * from x - 1.2 to x + 8.8, centred on the axis */
			double lo = g->x - (1.0 - c.em_frac) * 10.0;
			double hi = g->x + c.em_frac * 10.0;
			g_assert_cmpfloat_with_epsilon((lo + hi) / 2.0, 150.0, EPS);
		} else {
			g_assert_cmpfloat_with_epsilon(g->x, 150.0, EPS);
		}
	}
	cp_dl_check(c.dl);
	cp_dl_free(c.dl);
}

/* Explicit tate-chu-yoko (a run's tcy flag, markup's {tcy:...}): the run
 * is one upright cell one em long, centred on the axis, whatever it holds;
 * in a horizontal line the flag changes nothing. */
static void test_explicit_tcy(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = cp_ts_new(conf_path, d);
	cp_ts_style st = vstyle();
	st.align = CP_TS_START;
	cp_ts_run runs[3] = {
	    {.text = "本当に", .len = strlen("本当に")},
	    {.text = "!?", .len = 2, .tcy = true},
	    {.text = "と聞く", .len = strlen("と聞く")},
	};
	g_autoptr(cp_ts_para) p = cp_ts_set(ts, &st, runs, 3, 200.0, d);
	const cp_ts_line *l = &p->lines[0];
	g_assert_cmpuint(l->n_runs, ==, 3);
	const cp_ts_glyph_run *r = &l->runs[1];
	g_assert_cmpint(r->orient, ==, CP_TS_ORIENT_TCY);
	g_assert_cmpuint(r->n_text, ==, 2);
	g_assert_cmpuint(r->n_clusters, ==, 1);
	g_assert_cmpfloat_with_epsilon(r->width, 10.0, EPS);
	g_assert_cmpfloat_with_epsilon(r->x, 30.0, EPS);
	/* centred: the first glyph's origin as far left of the axis as the
	 * last glyph's advance ends right of it */
	hb_font_t *hb = pango_font_get_hb_font(r->font);
	g_assert_cmpuint(r->n_glyphs, ==, 2);
	double last_end =
	    r->glyphs[1].y + (double)hb_font_get_glyph_h_advance(hb, r->glyphs[1].id) / PANGO_SCALE;
	g_assert_cmpfloat(last_end, >, 0.0);
	g_assert_cmpfloat_with_epsilon(r->glyphs[0].y + last_end, 0.0, EPS);

	cp_ts_style h = st;
	h.vertical = false;
	g_autoptr(cp_ts_para) ph = cp_ts_set(ts, &h, runs, 3, 200.0, d);
	for (size_t i = 0; i < ph->lines[0].n_runs; i++)
		g_assert_cmpint(ph->lines[0].runs[i].orient, ==, CP_TS_ORIENT_HORIZONTAL);
	g_assert_false(cp_diags_has_errors(d));
}

/* Runs argv, returns its standard output (NULL when it fails). */
/* A tate-chu-yoko group wider than its em (three or four digits: Noto
 * CJK has no third- or quarter-width forms) is drawn squeezed across the
 * line into the em, about the axis; two half-width digits are not. */
static void test_tcy_squeeze(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = cp_ts_new(conf_path, d);
	cp_ts_style st = vstyle();
	st.align = CP_TS_START;
	cp_ts_run runs[5] = {
	    {.text = "西暦", .len = strlen("西暦")}, {.text = "2030", .len = 4, .tcy = true},
	    {.text = "年と", .len = strlen("年と")}, {.text = "12", .len = 2, .tcy = true},
	    {.text = "月", .len = strlen("月")},
	};
	g_autoptr(cp_ts_para) p = cp_ts_set(ts, &st, runs, 5, 200.0, d);
	g_assert_cmpuint(p->n_lines, ==, 1);
	cp_compose c;
	compose_init(&c, ts, d);
	cp_dl_page *page = cp_dl_page_add(c.dl, 300, 300, 0, "1");
	cp_compose_emit_line_v(&c, page, &p->lines[0], 150.0, 20.0);
	int seen = 0;
	for (size_t i = 0; i < cp_dl_item_count(page); i++) {
		const cp_dl_glyphs *g = &cp_dl_item_get(page, i)->u.glyphs;
		if (g->vertical || g->rotated)
			continue;
		const cp_dl_font *df = &g_array_index(c.dl->fonts, cp_dl_font, g->font);
		hb_font_t *hb = pango_font_get_hb_font(df->font);
		const cp_dl_glyph *last = &g->glyphs[g->n_glyphs - 1];
		double left = g->glyphs[0].x;
		double right =
		    last->x + (double)hb_font_get_glyph_h_advance(hb, last->id) / PANGO_SCALE;
		double s = g->squeeze > 0.0 ? g->squeeze : 1.0;
		if (g->n_text == 4) {
			/* as shaped over two ems; drawn within the em, centred */
			g_assert_cmpfloat(right - left, >, 15.0);
			g_assert_cmpfloat(s, <, 1.0);
			g_assert_cmpfloat_with_epsilon((right - left) * s, 10.0, EPS);
		} else {
			g_assert_cmpuint(g->n_text, ==, 2);
			g_assert_cmpfloat_with_epsilon(s, 1.0, EPS);
			g_assert_cmpfloat_with_epsilon(right - left, 10.0, EPS);
		}
		g_assert_cmpfloat_with_epsilon(left + right, 0.0, EPS);
		seen++;
	}
	g_assert_cmpint(seen, ==, 2);
	cp_dl_check(c.dl);
	cp_dl_free(c.dl);
	g_assert_false(cp_diags_has_errors(d));
}

static char *run_tool(const char *const *argv)
{
	char *out = NULL;
	int status = 0;
	g_autoptr(GError) err = NULL;
	if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
	                  &status, &err) ||
	    !g_spawn_check_wait_status(status, NULL)) {
		g_free(out);
		return NULL;
	}
	return out;
}

static char *strip_blanks(const char *s)
{
	GString *o = g_string_new(NULL);
	for (const char *q = s; *q; q = g_utf8_next_char(q)) {
		gunichar ch = g_utf8_get_char(q);
		if (!g_unichar_isspace(ch) && ch != '\f')
			g_string_append_unichar(o, ch);
	}
	return g_string_free(o, FALSE);
}

/* A page of vertical lines, columns right to left: the PDF has an
 * Identity-V font and its text extracts in reading order, a tate-chu-yoko
 * number in its place (it is written with the vertical font too). Rotated
 * Western words are not in this text: pdftotext's layout analysis takes a
 * rotated word at a line's start out of the column (issue 14, noted in
 * docs/design-notes.md). */
static void test_vertical_page_pdf(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = cp_ts_new(conf_path, d);
	cp_compose c;
	compose_init(&c, ts, d);
	cp_ts_style st = vstyle();
	st.indent = 10.0;
	const char *text = "大阪の会社が集まって冊子を作ります。縦書きの句読点は右上に置かれ、"
	                   "「かぎ括弧」も向きを変えます。長音ーも縦です。第12回の集まりは"
	                   "秋に開きます。";
	g_autoptr(cp_ts_para) p = set(ts, &st, text, 150.0, d);
	g_assert_cmpuint(p->n_lines, >=, 3);
	cp_dl_page *page = cp_dl_page_add(c.dl, 200, 200, 0, "1");
	double right = 170.0;
	for (size_t i = 0; i < p->n_lines; i++)
		cp_compose_emit_line_v(&c, page, &p->lines[i], right - p->lines[i].y, 25.0);
	cp_dl_check(c.dl);

	g_autofree char *dir = g_dir_make_tmp("cp-vertical-XXXXXX", NULL);
	g_assert_nonnull(dir);
	g_autofree char *pdf = g_build_filename(dir, "v.pdf", NULL);
	g_autofree char *png = g_build_filename(dir, "v.png", NULL);
	cp_pdf_opts o = {0};
	g_assert_true(cp_pdf_write(c.dl, &o, pdf, NULL, d));
	g_assert_true(cp_render_png(c.dl, 0, 200, false, NULL, png, d));
	g_assert_false(cp_diags_has_errors(d));

	const char *fonts_argv[] = {"pdffonts", pdf, NULL};
	g_autofree char *fonts = run_tool(fonts_argv);
	g_assert_nonnull(fonts);
	g_assert_nonnull(strstr(fonts, "Identity-V"));
	const char *text_argv[] = {"pdftotext", "-enc", "UTF-8", pdf, "-", NULL};
	g_autofree char *got = run_tool(text_argv);
	g_assert_nonnull(got);
	g_autofree char *flat = strip_blanks(got);
	if (g_strcmp0(flat, text) != 0)
		g_test_message("pdftotext gave:\n%s", got);
	g_assert_cmpstr(flat, ==, text);

	if (g_getenv("CP_KEEP_VERTICAL") != NULL) {
		g_test_message("kept %s", dir);
	} else {
		g_unlink(pdf);
		g_unlink(png);
		g_rmdir(dir);
	}
	cp_dl_free(c.dl);
}

/* Emphasis dots in a vertical line (issue 14 point 5): one sesame per
 * character, its ink centred down the column on its character's em box
 * and across on the marks' axis, half the base and half the mark's size
 * right of the line's axis (0.01 pt), as horizontal ones are centred
 * over theirs. */
static void test_vertical_kenten(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = cp_ts_new(conf_path, d);
	cp_ts_style st = vstyle();
	st.align = CP_TS_START;
	const char *text = "ここが大事なことです";
	const char *base = text + strlen("ここが");
	size_t base_len = strlen("大事なこと");
	cp_ts_run runs[3] = {
	    {.text = text, .len = (size_t)(base - text), .span = cp_span_at(1, 1, 1)},
	    {.text = base, .len = base_len, .span = cp_span_at(1, 1, 4), .kenten = 0xFE45},
	    {.text = base + base_len, .len = strlen(base + base_len), .span = cp_span_at(1, 1, 9)},
	};
	g_autoptr(cp_ts_para) p = cp_ts_set(ts, &st, runs, 3, 200.0, d);
	g_assert_cmpuint(p->n_lines, ==, 1);
	const cp_ts_line *l = &p->lines[0];
	g_assert_true(l->vertical);
	g_assert_cmpuint(l->n_annots, ==, 5);
	/* the em box centre of each base character, down the column */
	double centre[5];
	size_t found = 0;
	for (size_t i = 0; i < l->n_runs; i++) {
		const cp_ts_glyph_run *r = &l->runs[i];
		hb_font_t *hb = pango_font_get_hb_font(r->font);
		int xs = 0, ys = 0;
		hb_font_get_scale(hb, &xs, &ys);
		double k = st.size / ys;
		size_t at = (size_t)(r->text - p->text);
		for (uint32_t g = 0; g < r->n_glyphs; g++, at += strlen("大")) {
			if (at < (size_t)(base - text) || at >= (size_t)(base - text) + base_len)
				continue;
			hb_position_t ox = 0, oy = 0;
			hb_font_get_glyph_v_origin(hb, r->glyphs[g].id, &ox, &oy);
			g_assert_cmpuint(found, <, 5);
			centre[found++] = l->x + r->x + r->glyphs[g].x - oy * k + st.size / 2;
		}
	}
	g_assert_cmpuint(found, ==, 5);
	for (size_t i = 0; i < 5; i++) {
		const cp_ts_glyph_run *a = &l->annots[i];
		g_assert_cmpstr(a->text, ==, "﹅");
		g_assert_cmpuint(a->n_glyphs, ==, 1);
		g_assert_cmpint(a->orient, ==, CP_TS_ORIENT_UPRIGHT);
		PangoRectangle ink;
		pango_font_get_glyph_extents(a->font, a->glyphs[0].id, &ink, NULL);
		g_assert_cmpint(ink.width, >, 0);
		double down =
		    l->x + a->x + a->glyphs[0].x + ((double)ink.y + ink.height / 2.0) / PANGO_SCALE;
		double across =
		    a->block + a->glyphs[0].y + ((double)ink.x + ink.width / 2.0) / PANGO_SCALE;
		g_assert_cmpfloat_with_epsilon(down, centre[i], EPS);
		g_assert_cmpfloat_with_epsilon(across, (st.size + st.size / 2) / 2, EPS);
	}
}

int main(int argc, char **argv)
{
	g_unsetenv("FONTCONFIG_FILE");
	const char *src = g_getenv("CP_SOURCE_DIR");
	g_assert_nonnull(src);
	conf_path = g_build_filename(src, "fonts", "fonts.conf", NULL);
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/vertical/forms", test_vertical_forms);
	g_test_add_func("/vertical/metrics", test_vertical_metrics);
	g_test_add_func("/vertical/same-breaks", test_same_breaks);
	g_test_add_func("/vertical/tcy-rotated", test_tcy_and_rotated);
	g_test_add_func("/vertical/tcy-explicit", test_explicit_tcy);
	g_test_add_func("/vertical/tcy-squeeze", test_tcy_squeeze);
	g_test_add_func("/vertical/page-pdf", test_vertical_page_pdf);
	g_test_add_func("/vertical/kenten", test_vertical_kenten);
	int rc = g_test_run();
	g_free(conf_path);
	return rc;
}
