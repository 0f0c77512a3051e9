/* fuzz_paragraph.c - the paragraph composer under hostile text and options,
 * through cp_ts_set as compose calls it.
 *
 * Input layout (the first bytes choose, the rest is the text):
 *   byte 0  measure: 2 + 2 * b pt (2 .. 512 pt; a measure narrower than one
 *           character is legal and must still terminate);
 *   byte 1  bits 0-1 alignment, bit 2 vertical, bit 3 loose kinsoku, bit 4
 *           hanging punctuation, bit 5 a 1 em first-line indent, bit 6
 *           tracking of 0.1 em, bit 7 max_lines = 1 + (byte 2 & 7);
 *   byte 2  size: 4 + (b >> 3) pt (4 .. 35 pt); pitch 1.7 x size; bit 1
 *           display text (phrase breaks, balanced); bit 0 with loose
 *           kinsoku chooses loose over normal;
 *   byte 3  runs: 1 + (b & 7); bits 3-7 pick each run's family, weight,
 *           size and link from small tables (a missing family among them);
 *   rest    the text, made valid UTF-8 (markup only ever hands over valid
 *           text) and cut into the runs at character boundaries.
 * The typesetter is made once per process (fontconfig setup is expensive)
 * and renewed every 4096 inputs, because it remembers the diagnostics it
 * gave (typeset.h) and that table would otherwise grow for the whole run.
 * Every result is checked for what compose relies on: byte ranges inside
 * the text and in order, glyph and cluster counts that agree, finite
 * positions; and for the line-length invariant of issue 12 (no collapsed
 * lines): a line that is not a paragraph's or hard line's last and is
 * shorter than the measure minus one zw is followed by a unit (up to its
 * next break opportunity) that would not have fitted on it, or is brought
 * to the measure by an ordinary push-out, no kana or kanji gap past a
 * quarter zw (tests/jlreq/line_length.h). A failed invariant aborts, so
 * libFuzzer keeps the input; CP_FUZZ_DEBUG=1 prints the lines then (run the
 * input through replay_paragraph). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cp_config.h"
#include "tests/fuzz/fuzz.h"
#include "tests/jlreq/line_length.h"
#include "typeset/typeset.h"

static cp_typesetter *ts;
static unsigned uses;

static const char *const families[] = {
    "Noto Serif CJK JP", "Noto Sans CJK JP", "DejaVu Sans", "serif", "No Such Family", NULL};
static const cp_color red = {.r = 1.0};

void cp_fuzz_cleanup(void)
{
	g_clear_pointer(&ts, cp_ts_free);
}

static void make_typesetter(void)
{
	if (ts != NULL && ++uses % 4096 != 0)
		return;
	g_clear_pointer(&ts, cp_ts_free);
	const char *src = g_getenv("CP_SOURCE_DIR");
	g_autofree char *conf =
	    g_build_filename(src ? src : CP_SOURCE_DIR, "fonts", "fonts.conf", NULL);
	cp_diags *d = cp_diags_new();
	ts = cp_ts_new(conf, d);
	if (ts == NULL)
		g_error("fuzz_paragraph: no typesetter for %s", conf);
	cp_diags_free(d);
}

/* What compose relies on in a result. */
static void check_para(const cp_ts_para *p)
{
	uint32_t prev_end = 0;
	for (size_t i = 0; i < p->n_lines; i++) {
		const cp_ts_line *l = &p->lines[i];
		g_assert(l->start <= l->end && l->end <= p->n_text);
		g_assert(l->start >= prev_end);
		prev_end = l->end;
		g_assert(isfinite(l->x) && isfinite(l->width) && isfinite(l->y));
		for (size_t k = 0; k < l->n_runs; k++) {
			const cp_ts_glyph_run *r = &l->runs[k];
			uint32_t glyphs = 0;
			uint32_t bytes = 0;
			for (uint32_t c = 0; c < r->n_clusters; c++) {
				glyphs += r->clusters[c].n_glyphs;
				bytes += r->clusters[c].n_bytes;
			}
			g_assert(glyphs == r->n_glyphs);
			g_assert(bytes == r->n_text);
			g_assert(r->font != NULL);
			/* a run shows bytes of its own line only */
			g_assert(r->text >= p->text + l->start &&
			         r->text + r->n_text <= p->text + l->end);
			g_assert(isfinite(r->x) && isfinite(r->width));
			for (uint32_t gi = 0; gi < r->n_glyphs; gi++)
				g_assert(isfinite(r->glyphs[gi].x) && isfinite(r->glyphs[gi].y));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	make_typesetter();

	/* the options */
	cp_ts_style st = {0};
	double measure = 2.0 + 2.0 * data[0];
	st.align = (cp_ts_align)(data[1] & 3);
	st.vertical = (data[1] & 4) != 0;
	st.kinsoku = (data[1] & 8) ? (data[2] & 1 ? CP_TS_KINSOKU_LOOSE : CP_TS_KINSOKU_NORMAL)
	                           : CP_TS_KINSOKU_STRICT;
	st.hanging = (data[1] & 16) != 0;
	st.size = 4.0 + (data[2] >> 3);
	st.pitch = 1.7 * st.size;
	st.indent = (data[1] & 32) ? st.size : 0;
	st.tracking = (data[1] & 64) ? 0.1 * st.size : 0;
	st.max_lines = (data[1] & 128) ? 1 + (data[2] & 7) : 0;
	st.phrase = (data[2] & 2) != 0;
	st.family = families[0];
	st.weight = 400;

	/* the text, valid, cut into runs at character boundaries */
	g_autofree char *text = g_utf8_make_valid((const char *)data + 4, (gssize)(size - 4));
	size_t len = strlen(text);
	size_t n_runs = 1 + (data[3] & 7u);
	unsigned pick = data[3] >> 3;
	cp_ts_run runs[8];
	size_t at = 0;
	for (size_t i = 0; i < n_runs; i++) {
		size_t end = i + 1 == n_runs ? len : len * (i + 1) / n_runs;
		while (end < len && ((unsigned char)text[end] & 0xC0) == 0x80)
			end++;
		if (end < at)
			end = at;
		unsigned k = pick + (unsigned)i;
		runs[i] = (cp_ts_run){
		    .text = text + at,
		    .len = end - at,
		    .family = families[k % G_N_ELEMENTS(families)],
		    .weight = (k & 1) ? 700 : 0,
		    .size = (k & 2) ? st.size * 0.5 : 0,
		    .color = (k & 4) ? &red : NULL,
		    .link = (k & 8) ? "https://example.jp/" : NULL,
		    .span = cp_span_at(1, 1 + (uint32_t)i, 1),
		};
		at = end;
	}

	cp_diags *d = cp_diags_new();
	cp_diags_add_file(d, "fuzz.yaml");
	cp_ts_para *p = cp_ts_set(ts, &st, runs, n_runs, measure, d);
	g_assert(p != NULL);
	check_para(p);
	/* one size, one direction: the runs' sizes and fonts vary with the
	 * picks, so the invariant is checked where every run takes the
	 * style's size */
	bool one_size = true;
	for (size_t i = 0; i < n_runs; i++)
		one_size = one_size && runs[i].size == 0;
	if (one_size && !st.phrase) {
		char why[160];
		/* abort(), not g_error(): libFuzzer saves the input on SIGABRT
		 * but not on g_error's SIGTRAP, which left a finding unkept */
		if (cp_test_short_line(p, measure, st.indent, st.size, why, sizeof why)) {
			g_printerr("fuzz_paragraph: %s\n", why);
			if (g_getenv("CP_FUZZ_DEBUG"))
				for (size_t li = 0; li < p->n_lines; li++)
					fprintf(stderr, "L%zu nat=%.2f w=%.2f x=%.2f [%.*s]\n",
					        li + 1, p->lines[li].natural, p->lines[li].width,
					        p->lines[li].x,
					        (int)(p->lines[li].end - p->lines[li].start),
					        p->text + p->lines[li].start);
			abort();
		}
	}
	if (st.max_lines > 0)
		g_assert(p->n_lines <= (size_t)st.max_lines);
	cp_ts_para_free(p);

	/* the single-line measurement compose uses for folios and heads */
	double w = cp_ts_text_width(ts, &st, len < 512 ? text : "", d);
	g_assert(isfinite(w) && w >= 0);
	cp_diags_free(d);
	return 0;
}
