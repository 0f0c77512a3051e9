/* test_rubyedge.c - ruby at the edges of a line, with the composer
 * (issue 12 point 3; typeset/ruby.c, breaks.c, justify.c).
 *
 * A reading longer than its base overhangs the kana beside it by at most
 * half a ruby character, never a kanji, punctuation or the line's edge
 * (docs/jlreq-rules.md). When a line starts or ends with the base, the
 * kana it was to overhang is on the other line: the line keeps that room
 * at its edge (the base's edge_lead, the tail of the gap after it), so the
 * reading stays centred on its base, inside the measure, and does not
 * reach further over the neighbour on the other side. Each paragraph is
 * set at every measure from 5 to 14 zw, so every base meets both edges;
 * for every reading on every line: inside the measure, centred on its
 * base's glyphs, over a kana neighbour by at most half a ruby character
 * and over any other neighbour not at all. */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "ts_fixture.h"

#define EPS 0.01
#define SIZE TS_BODY_SIZE
#define RUBY (SIZE / 2.0)

/* Runs from pieces: "text" plain, "base|reading" group ruby,
 * "base|r1|r2" mono ruby. */
static cp_ts_para *set_pieces(cp_typesetter *ts, const cp_ts_style *st, const char *const *pieces,
                              double measure, cp_diags *d)
{
	size_t n = g_strv_length((char **)pieces);
	g_autofree cp_ts_run *runs = g_new0(cp_ts_run, n);
	for (size_t i = 0; i < n; i++) {
		const char *bar = strchr(pieces[i], '|');
		cp_ts_run *r = &runs[i];
		r->span = cp_span_at(1, 1, (uint32_t)i + 1);
		r->text = pieces[i];
		r->len = bar != NULL ? (size_t)(bar - pieces[i]) : strlen(pieces[i]);
		if (bar != NULL) {
			r->ruby = bar + 1;
			r->ruby_mono = strchr(bar + 1, '|') != NULL;
		}
	}
	return cp_ts_set(ts, st, runs, n, measure, d);
}

/* The x of the glyph of the character at byte off, and whether the line
 * holds it. */
static bool glyph_x(const cp_ts_para *p, const cp_ts_line *line, size_t off, double *x)
{
	for (size_t r = 0; r < line->n_runs; r++) {
		const cp_ts_glyph_run *run = &line->runs[r];
		size_t at = (size_t)(run->text - p->text);
		uint32_t g = 0;
		for (uint32_t k = 0; k < run->n_clusters; k++) {
			if (at == off) {
				*x = line->x + run->x + run->glyphs[g].x;
				return true;
			}
			at += run->clusters[k].n_bytes;
			g += run->clusters[k].n_glyphs;
		}
	}
	return false;
}

static bool is_kana(gunichar ch)
{
	return ch >= 0x3041 && ch <= 0x30FF && ch != 0x30FB;
}

/* Checks every reading of p set at measure; base[i] and reading[i] name
 * the annotated runs (group ruby). */
static void check_edges(const cp_ts_para *p, double measure, const char *const *base,
                        const char *const *reading)
{
	for (size_t i = 0; i < p->n_lines; i++) {
		const cp_ts_line *line = &p->lines[i];
		for (size_t k = 0; k < line->n_annots; k++) {
			const cp_ts_glyph_run *a = &line->annots[k];
			size_t j = 0;
			while (reading[j] != NULL && !(strlen(reading[j]) == a->n_text &&
			                               memcmp(reading[j], a->text, a->n_text) == 0))
				j++;
			g_assert_nonnull(reading[j]);
			double x0 = line->x + a->x;
			double x1 = x0 + a->width;
			/* inside the measure */
			g_assert_cmpfloat(x0, >=, -EPS);
			g_assert_cmpfloat(x1, <=, measure + EPS);
			/* centred on its base's glyphs */
			/* (the base on this line: a text may hold it twice) */
			const char *hit = strstr(p->text + line->start, base[j]);
			g_assert_nonnull(hit);
			size_t off = (size_t)(hit - p->text);
			g_assert_cmpuint(off, <, line->end);
			const char *lastc =
			    g_utf8_find_prev_char(base[j], base[j] + strlen(base[j]));
			double g0 = 0.0, g1 = 0.0;
			g_assert_true(glyph_x(p, line, off, &g0));
			g_assert_true(glyph_x(p, line, off + (size_t)(lastc - base[j]), &g1));
			g_assert_cmpfloat_with_epsilon((x0 + x1) / 2.0, (g0 + g1 + SIZE) / 2.0,
			                               EPS);
			/* over its neighbours: half a ruby character over kana,
			 * nothing over anything else */
			size_t end = off + strlen(base[j]);
			for (size_t b = 0; b < line->n_boxes; b++) {
				const cp_ts_box *bx = &line->boxes[b];
				gunichar ch = g_utf8_get_char(p->text + bx->start);
				double allowed = is_kana(ch) ? RUBY / 2.0 : 0.0;
				/* the neighbour's box: its glyph, or the ink half of
				 * halved punctuation */
				double bx0 = line->x + bx->x;
				if (bx->start + bx->len == off)
					g_assert_cmpfloat(bx0 + bx->width - x0, <=, allowed + EPS);
				if (bx->start == end)
					g_assert_cmpfloat(x1 - bx0, <=, allowed + EPS);
			}
		}
	}
}

static void test_edges(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	/* readings longer than their bases beside kana, kanji and
	 * punctuation; each paragraph names its bases and readings */
	const char *p1[] = {"あいうえおかきく山", "東|ひがし", "の町から来た人、",
	                    "躊躇|ちゅうちょ",    "なく進む",  NULL};
	const char *b1[] = {"東", "躊躇", NULL};
	const char *r1[] = {"ひがし", "ちゅうちょ", NULL};
	const char *p2[] = {
	    "かしこまりました、", "承|うけたまわ", "りましたと店の", "人|ひと", "は言った", NULL};
	const char *b2[] = {"承", "人", NULL};
	const char *r2[] = {"うけたまわ", "ひと", NULL};
	const char *p3[] = {"春の",
	                    "東|ひがし",
	                    "の",
	                    "空|そら",
	                    "に、",
	                    "雲雀|ひばり",
	                    "が鳴くのを聞いた朝に",
	                    "東|ひがし",
	                    "へ",
	                    NULL};
	const char *b3[] = {"東", "空", "雲雀", NULL};
	const char *r3[] = {"ひがし", "そら", "ひばり", NULL};
	const char *const *paras[] = {p1, p2, p3};
	const char *const *bases[] = {b1, b2, b3};
	const char *const *readings[] = {r1, r2, r3};
	size_t at_end = 0, at_start = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(paras); i++)
		for (double m = 5; m <= 14; m += 1) {
			g_autoptr(cp_ts_para) p = set_pieces(ts, &st, paras[i], m * SIZE, d);
			check_edges(p, m * SIZE, bases[i], readings[i]);
			for (size_t l = 0; l < p->n_lines; l++) {
				const cp_ts_line *line = &p->lines[l];
				for (size_t k = 0; k < line->n_annots; k++) {
					double x0 = line->x + line->annots[k].x;
					at_start += x0 <= EPS;
					at_end += x0 + line->annots[k].width >= m * SIZE - EPS;
				}
			}
		}
	/* the measures did put readings at both edges */
	g_assert_cmpuint(at_start, >, 0);
	g_assert_cmpuint(at_end, >, 0);
	g_assert_false(cp_diags_has_errors(d));
}

/* A base that ends a line keeps the reading's overhang after it: the line
 * あいうえおかきく山東 (10 zw of characters, 0.25 zw kept before 東 because
 * 山 takes no overhang, 0.25 zw after it for the の that went to the next
 * line) fits 11 zw, with ひがし ending at the measure and centred on 東. */
static void test_line_end(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	const char *p1[] = {"あいうえおかきく山", "東|ひがし", "の町から来た人", NULL};
	g_autoptr(cp_ts_para) p = set_pieces(ts, &st, p1, 11 * SIZE, d);
	g_assert_cmpuint(p->n_lines, ==, 2);
	const cp_ts_line *l = &p->lines[0];
	g_assert_cmpfloat_with_epsilon(l->natural, 10.5 * SIZE, EPS);
	g_assert_cmpuint(l->n_annots, ==, 1);
	g_assert_cmpfloat_with_epsilon(l->x + l->annots[0].x + l->annots[0].width, 11 * SIZE, EPS);
	/* and one that starts a line keeps the overhang before it */
	const char *p2[] = {"あいうえおかきくけ", "東|ひがし", "の町から来た人", NULL};
	g_autoptr(cp_ts_para) q = set_pieces(ts, &st, p2, 10 * SIZE, d);
	g_assert_cmpuint(q->n_lines, ==, 2);
	const cp_ts_line *m = &q->lines[1];
	g_assert_cmpuint(m->n_annots, ==, 1);
	g_assert_cmpfloat_with_epsilon(m->x + m->annots[0].x, 0.0, EPS);
	double gx = 0.0;
	g_assert_true(glyph_x(q, m, m->start, &gx));
	g_assert_cmpfloat_with_epsilon(gx, RUBY / 2.0, EPS);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	ts_fixture_init();
	g_test_add_func("/rubyedge/edges", test_edges);
	g_test_add_func("/rubyedge/line-end", test_line_end);
	int rc = g_test_run();
	ts_fixture_clear();
	return rc;
}
