/* test_ruby.c - unit tests of ruby and emphasis dots in the composer
 * (src/typeset/ruby.c), with exact positions: a reading centred over its
 * base within 0.01 pt (group and mono), overhang only onto kana and by at
 * most half a ruby character, the base spaced out 1:2:1 otherwise, no break
 * inside a group-ruby base (mono ruby may break), line pitch unchanged on
 * every line with ruby, one emphasis dot per character, centred.
 *
 * Sizes: the body is 9 pt Noto Serif CJK JP, so every kanji and kana is
 * 9 pt wide and a ruby character 4.5 pt. All sample text is our own. */
#include "typeset/typeset.h"

#include <math.h>
#include <string.h>

#include "ts_fixture.h"

#define EPS 0.01
#define SIZE TS_BODY_SIZE
#define RUBY (SIZE / 2.0)

/* Runs from pieces: "text" plain, "base|reading" group ruby,
 * "base|r1|r2" mono, "base|﹅" emphasis dots. */
static cp_ts_para *set_pieces(cp_typesetter *ts, const cp_ts_style *st, const char *const *pieces,
                              double measure, cp_diags *d)
{
	size_t n = g_strv_length((char **)pieces);
	g_autofree cp_ts_run *runs = g_new0(cp_ts_run, n);
	g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);
	for (size_t i = 0; i < n; i++) {
		const char *bar = strchr(pieces[i], '|');
		cp_ts_run *r = &runs[i];
		r->span = cp_span_at(1, 1, (uint32_t)i + 1);
		if (bar == NULL) {
			r->text = pieces[i];
			r->len = strlen(pieces[i]);
			continue;
		}
		r->text = pieces[i];
		r->len = (size_t)(bar - pieces[i]);
		const char *reading = bar + 1;
		if (strcmp(reading, "﹅") == 0)
			r->kenten = 0xFE45;
		else {
			r->ruby = reading;
			r->ruby_mono = strchr(reading, '|') != NULL;
		}
	}
	return cp_ts_set(ts, st, runs, n, measure, d);
}

/* The glyph of the character at byte off of the paragraph: its x from the
 * measure's start and its natural advance (one em: every character here
 * is full-width; a run's last glyph of a cell advances to the end of the
 * cell's box, space after a spaced-out base included). */
static void glyph_at(const cp_ts_para *p, const cp_ts_line *line, size_t off, double *x,
                     double *adv)
{
	for (size_t r = 0; r < line->n_runs; r++) {
		const cp_ts_glyph_run *run = &line->runs[r];
		size_t at = (size_t)(run->text - p->text);
		uint32_t g = 0;
		for (uint32_t k = 0; k < run->n_clusters; k++) {
			if (at == off) {
				*x = line->x + run->x + run->glyphs[g].x;
				*adv = SIZE;
				g_assert_true(line->vertical ||
				              run->glyphs[g].advance >= SIZE - EPS);
				return;
			}
			at += run->clusters[k].n_bytes;
			g += run->clusters[k].n_glyphs;
		}
	}
	g_assert_not_reached();
}

/* Byte offset of the first occurrence of s in the paragraph text. */
static size_t off_of(const cp_ts_para *p, const char *s)
{
	const char *hit = strstr(p->text, s);
	g_assert_nonnull(hit);
	return (size_t)(hit - p->text);
}

/* The annotation of line whose text is s. */
static const cp_ts_glyph_run *annot_of(const cp_ts_line *line, const char *s)
{
	for (size_t i = 0; i < line->n_annots; i++) {
		const cp_ts_glyph_run *a = &line->annots[i];
		if (a->n_text == strlen(s) && memcmp(a->text, s, a->n_text) == 0)
			return a;
	}
	g_assert_not_reached();
	return NULL;
}

/* The box of the character at byte off. */
static const cp_ts_box *box_at(const cp_ts_line *line, size_t off)
{
	for (size_t i = 0; i < line->n_boxes; i++)
		if (line->boxes[i].start == off)
			return &line->boxes[i];
	g_assert_not_reached();
	return NULL;
}

/* The centre of the base's glyphs, from the first's origin to the last's
 * advance. */
static double base_centre(const cp_ts_para *p, const cp_ts_line *line, const char *base)
{
	size_t off = off_of(p, base);
	const char *last = g_utf8_find_prev_char(base, base + strlen(base));
	double x0, a0, x1, a1;
	glyph_at(p, line, off, &x0, &a0);
	glyph_at(p, line, off + (size_t)(last - base), &x1, &a1);
	return (x0 + x1 + a1) / 2.0;
}

static double annot_start(const cp_ts_line *line, const cp_ts_glyph_run *a)
{
	return line->x + a->x;
}

/* ---- tests ------------------------------------------------------------ */

/* Kana on both sides: the longer reading overhangs each by half a ruby
 * character, and the base keeps its natural spacing. */
static void test_group_overhang(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	const char *pieces[] = {"これは", "東京|とうきょう", "の話です", NULL};
	g_autoptr(cp_ts_para) p = set_pieces(ts, &st, pieces, 300.0, d);
	g_assert_cmpuint(p->n_lines, ==, 1);
	const cp_ts_line *line = &p->lines[0];
	g_assert_cmpuint(line->n_annots, ==, 1);
	const cp_ts_glyph_run *a = annot_of(line, "とうきょう");
	g_assert_cmpfloat_with_epsilon(a->size, RUBY, 1e-9);
	g_assert_cmpfloat_with_epsilon(a->width, 5 * RUBY, EPS);
	/* centred over the base */
	g_assert_cmpfloat_with_epsilon(annot_start(line, a) + a->width / 2.0,
	                               base_centre(p, line, "東京"), EPS);
	/* the base is not spaced: 京 follows 東 at its advance */
	double x0, a0, x1, a1;
	glyph_at(p, line, off_of(p, "東"), &x0, &a0);
	glyph_at(p, line, off_of(p, "京"), &x1, &a1);
	g_assert_cmpfloat_with_epsilon(x1 - x0, SIZE, EPS);
	/* half a ruby character over は and over の */
	g_assert_cmpfloat_with_epsilon(x0 - annot_start(line, a), RUBY / 2.0, EPS);
	g_assert_cmpfloat_with_epsilon(annot_start(line, a) + a->width - (x1 + a1), RUBY / 2.0,
	                               EPS);
	/* the whole line as wide as without ruby */
	const char *plain[] = {"これは", "東京", "の話です", NULL};
	g_autoptr(cp_ts_para) q = set_pieces(ts, &st, plain, 300.0, d);
	g_assert_cmpfloat_with_epsilon(line->natural, q->lines[0].natural, EPS);
	g_assert_cmpuint(q->lines[0].n_annots, ==, 0);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
}

/* Kanji on both sides: no overhang; the base is spaced out 1:2:1 (a
 * quarter of the excess before and after, half between). */
static void test_group_spaced(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	const char *pieces[] = {"今日", "東京|とうきょう", "都の話", NULL};
	g_autoptr(cp_ts_para) p = set_pieces(ts, &st, pieces, 300.0, d);
	const cp_ts_line *line = &p->lines[0];
	const cp_ts_glyph_run *a = annot_of(line, "とうきょう");
	double excess = 5 * RUBY - 2 * SIZE; /* 4.5 pt */
	double x0, a0, x1, a1;
	glyph_at(p, line, off_of(p, "東"), &x0, &a0);
	glyph_at(p, line, off_of(p, "京"), &x1, &a1);
	g_assert_cmpfloat_with_epsilon(x1 - x0, SIZE + excess / 2.0, EPS);
	g_assert_cmpfloat_with_epsilon(annot_start(line, a) + a->width / 2.0,
	                               base_centre(p, line, "東京"), EPS);
	/* the reading starts where 日's box ends and ends where 都's starts */
	const cp_ts_box *hi = box_at(line, off_of(p, "日"));
	const cp_ts_box *to = box_at(line, off_of(p, "都"));
	g_assert_cmpfloat_with_epsilon(annot_start(line, a), line->x + hi->x + hi->width, EPS);
	g_assert_cmpfloat_with_epsilon(annot_start(line, a) + a->width, line->x + to->x, EPS);
	g_assert_cmpfloat_with_epsilon(x0 - annot_start(line, a), excess / 4.0, EPS);
}

/* Kana before, kanji after: the overhang onto the kana only, the rest as
 * space after the base; the reading still centred. */
static void test_group_one_side(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	const char *pieces[] = {"町は", "東|ひがし", "京に", NULL};
	g_autoptr(cp_ts_para) p = set_pieces(ts, &st, pieces, 300.0, d);
	const cp_ts_line *line = &p->lines[0];
	const cp_ts_glyph_run *a = annot_of(line, "ひがし");
	double x0, a0, x1, a1;
	glyph_at(p, line, off_of(p, "東"), &x0, &a0);
	glyph_at(p, line, off_of(p, "京"), &x1, &a1);
	g_assert_cmpfloat_with_epsilon(annot_start(line, a) + a->width / 2.0, x0 + a0 / 2.0, EPS);
	/* over は by half a ruby character, not over 京 */
	g_assert_cmpfloat_with_epsilon(x0 - annot_start(line, a), RUBY / 2.0, EPS);
	g_assert_cmpfloat_with_epsilon(annot_start(line, a) + a->width, x1, EPS);
	const cp_ts_box *ha = box_at(line, off_of(p, "は"));
	g_assert_cmpint(ha->cls, ==, CP_TS_CL_KANA);
	g_assert_cmpfloat_with_epsilon(x0, line->x + ha->x + ha->width, EPS);
	/* punctuation takes no overhang either */
	const char *punct[] = {"町、", "東|ひがし", "の", NULL};
	g_autoptr(cp_ts_para) q = set_pieces(ts, &st, punct, 300.0, d);
	line = &q->lines[0];
	a = annot_of(line, "ひがし");
	const cp_ts_box *comma = box_at(line, off_of(q, "、"));
	glyph_at(q, line, off_of(q, "東"), &x0, &a0);
	g_assert_true(annot_start(line, a) >= line->x + comma->x + comma->width - EPS);
	g_assert_cmpfloat_with_epsilon(annot_start(line, a) + a->width / 2.0, x0 + a0 / 2.0, EPS);
}

/* Mono ruby: each reading centred over its own character; a shorter group
 * reading is spread 1:2:1 over its base. */
static void test_mono_and_short(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	const char *pieces[] = {"この", "漢字|かん|じ", "を", "明日|あす", "読む", NULL};
	g_autoptr(cp_ts_para) p = set_pieces(ts, &st, pieces, 300.0, d);
	const cp_ts_line *line = &p->lines[0];
	g_assert_cmpuint(line->n_annots, ==, 3);
	double x, adv;
	const cp_ts_glyph_run *kan = annot_of(line, "かん");
	glyph_at(p, line, off_of(p, "漢"), &x, &adv);
	g_assert_cmpfloat_with_epsilon(annot_start(line, kan) + kan->width / 2.0, x + adv / 2.0,
	                               EPS);
	const cp_ts_glyph_run *ji = annot_of(line, "じ");
	glyph_at(p, line, off_of(p, "字"), &x, &adv);
	g_assert_cmpfloat_with_epsilon(annot_start(line, ji) + ji->width / 2.0, x + adv / 2.0, EPS);
	g_assert_cmpfloat_with_epsilon(ji->width, RUBY, EPS);
	/* あす over 明日: 9 pt of reading over 18 pt of base, a quarter of
	 * the difference before あ, half between, a quarter after す */
	const cp_ts_glyph_run *asu = annot_of(line, "あす");
	g_assert_cmpfloat_with_epsilon(annot_start(line, asu) + asu->width / 2.0,
	                               base_centre(p, line, "明日"), EPS);
	double m0, ma;
	glyph_at(p, line, off_of(p, "明"), &m0, &ma);
	g_assert_cmpuint(asu->n_glyphs, ==, 2);
	double g0 = line->x + asu->x + asu->glyphs[0].x;
	double g1 = line->x + asu->x + asu->glyphs[1].x;
	g_assert_cmpfloat_with_epsilon(g0 - m0, 9.0 / 4.0, EPS);
	g_assert_cmpfloat_with_epsilon(g1 - g0, RUBY + 9.0 / 2.0, EPS);
}

/* No break inside a group-ruby base; mono ruby breaks between its
 * characters when the line needs it. */
static void test_breaks(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	double measure = 9 * SIZE;
	const char *group[] = {"あいうえおかきく", "東京都|とうきょうと", "ですね", NULL};
	g_autoptr(cp_ts_para) p = set_pieces(ts, &st, group, measure, d);
	size_t b0 = off_of(p, "東");
	size_t b1 = b0 + strlen("東京都");
	g_assert_cmpuint(p->n_lines, >=, 2);
	for (size_t i = 0; i < p->n_lines; i++) {
		g_assert_false(p->lines[i].end > b0 && p->lines[i].end < b1);
		g_assert_cmpfloat_with_epsilon(p->lines[i].y, (double)i * st.pitch, 1e-9);
	}
	g_assert_cmpuint(p->lines[0].end, ==, b0);
	g_assert_true(p->lines[0].justified);
	const char *mono[] = {"あいうえおかきく", "東京都|とう|きょう|と", "ですね", NULL};
	g_autoptr(cp_ts_para) q = set_pieces(ts, &st, mono, measure, d);
	g_assert_cmpuint(q->lines[0].end, ==, off_of(q, "京"));
	g_assert_cmpuint(q->lines[0].n_annots, ==, 1);
	g_assert_cmpuint(q->lines[1].n_annots, ==, 2);
}

/* Ruby sits in the line gap: every line keeps y = i * pitch and the
 * ascent of the same text without ruby; the reading's em box stands on
 * the base's; nothing passes the measure's ends. */
static void test_grid_kept(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	const char *pieces[] = {"東|ひがし",           "の町から",    "大坂城|おおさかじょう",
	                        "を見あげる。",        "明日|あした", "は晴れ。",
	                        "難波宮|なにわのみや", "の跡には、",  "躊躇|ちゅうちょ",
	                        "なく石が残る。",      NULL};
	const char *plain[] = {"東",   "の町から",       "大坂城", "を見あげる。",
	                       "明日", "は晴れ。",       "難波宮", "の跡には、",
	                       "躊躇", "なく石が残る。", NULL};
	double em = cp_ts_em_baseline(ts, &st);
	for (double measure = 5 * SIZE; measure <= 14 * SIZE; measure += SIZE) {
		g_autoptr(cp_ts_para) p = set_pieces(ts, &st, pieces, measure, d);
		g_autoptr(cp_ts_para) q = set_pieces(ts, &st, plain, measure, d);
		size_t with_ruby = 0;
		for (size_t i = 0; i < p->n_lines; i++) {
			const cp_ts_line *line = &p->lines[i];
			g_assert_cmpfloat_with_epsilon(line->y, (double)i * st.pitch, 1e-9);
			g_assert_cmpfloat_with_epsilon(line->ascent, q->lines[0].ascent, 1e-9);
			g_assert_cmpfloat_with_epsilon(line->descent, q->lines[0].descent, 1e-9);
			with_ruby += line->n_annots > 0;
			for (size_t k = 0; k < line->n_annots; k++) {
				const cp_ts_glyph_run *a = &line->annots[k];
				g_assert_cmpfloat_with_epsilon(a->block,
				                               em * SIZE + (1 - em) * RUBY, 1e-9);
				/* below the line above's descent: in the gap */
				g_assert_true(a->block + em * RUBY <= st.pitch - line->descent);
				g_assert_true(annot_start(line, a) >= -EPS);
				g_assert_true(annot_start(line, a) + a->width <= measure + EPS);
			}
		}
		g_assert_cmpuint(with_ruby, >, 0);
	}
}

/* Emphasis dots: one per character (none over punctuation), each mark's
 * ink centred over its character. */
static void test_kenten(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	const char *pieces[] = {"ここが", "大事、なこと|﹅", "です", NULL};
	g_autoptr(cp_ts_para) p = set_pieces(ts, &st, pieces, 300.0, d);
	const cp_ts_line *line = &p->lines[0];
	g_assert_cmpuint(line->n_annots, ==, 5);
	const char *chars[] = {"大", "事", "な", "こ", "と"};
	for (size_t k = 0; k < 5; k++) {
		const cp_ts_glyph_run *a = &line->annots[k];
		g_assert_cmpuint(a->n_glyphs, ==, 1);
		g_assert_cmpstr(a->text, ==, "﹅");
		PangoRectangle ink;
		pango_font_get_glyph_extents(a->font, a->glyphs[0].id, &ink, NULL);
		double cx = line->x + a->x + a->glyphs[0].x +
		            ((double)ink.x + ink.width / 2.0) / PANGO_SCALE;
		double x, adv;
		size_t off = strstr(p->text + off_of(p, "大"), chars[k]) - p->text;
		glyph_at(p, line, off, &x, &adv);
		g_assert_cmpfloat_with_epsilon(cx, x + adv / 2.0, EPS);
	}
}

/* A vertical line: the readings upright, their axis right of the line's
 * by half the base and half the ruby size, centred down the base in
 * inline coordinates. */
static void test_vertical(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	st.vertical = true;
	const char *pieces[] = {"今日", "東京|とうきょう", "都の話", NULL};
	g_autoptr(cp_ts_para) p = set_pieces(ts, &st, pieces, 300.0, d);
	const cp_ts_line *line = &p->lines[0];
	g_assert_true(line->vertical);
	const cp_ts_glyph_run *a = annot_of(line, "とうきょう");
	g_assert_cmpint(a->orient, ==, CP_TS_ORIENT_UPRIGHT);
	g_assert_cmpfloat_with_epsilon(a->block, (SIZE + RUBY) / 2.0, 1e-9);
	g_assert_cmpfloat_with_epsilon(a->width, 5 * RUBY, EPS);
	/* glyph origins of vertical runs sit at the font's vertical origin:
	 * the boxes say where the characters are (spaced evenly here, so the
	 * base's boxes are centred on its characters) */
	const cp_ts_box *b0 = box_at(line, off_of(p, "東"));
	const cp_ts_box *b1 = box_at(line, off_of(p, "京"));
	g_assert_cmpfloat_with_epsilon(annot_start(line, a) + a->width / 2.0,
	                               line->x + (b0->x + b1->x + b1->width) / 2.0, EPS);
	/* 東 box: its em and a quarter of the excess; then half the excess */
	g_assert_cmpfloat_with_epsilon(b1->x - b0->x, SIZE + 0.75 * (5 * RUBY - 2 * SIZE), EPS);
	g_assert_cmpfloat_with_epsilon(line->y, 0.0, 1e-9);
}

int main(int argc, char **argv)
{
	ts_fixture_init();

	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ruby/group/overhang", test_group_overhang);
	g_test_add_func("/ruby/group/spaced", test_group_spaced);
	g_test_add_func("/ruby/group/one-side", test_group_one_side);
	g_test_add_func("/ruby/mono-and-short", test_mono_and_short);
	g_test_add_func("/ruby/breaks", test_breaks);
	g_test_add_func("/ruby/grid", test_grid_kept);
	g_test_add_func("/ruby/kenten", test_kenten);
	g_test_add_func("/ruby/vertical", test_vertical);
	int rc = g_test_run();
	ts_fixture_clear();
	return rc;
}
