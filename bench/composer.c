/* composer.c - throughput of the paragraph composer (src/typeset), for
 * bench/composer. Not a test: it prints figures and asserts nothing.
 *
 * Usage: bench_composer FONTS_CONF SECONDS FILE...
 * Each FILE is UTF-8 text, one paragraph per line. Every paragraph is set
 * with cp_ts_set as body text (Noto Serif CJK JP, 13Q = 9.2125 pt, 24 zw
 * measure, 1 zw indent, strict kinsoku, justified), round after round until
 * SECONDS of wall time have passed, and the figures are printed:
 *
 *   paragraphs 120 chars 41234 (mean 344 per paragraph, longest 1020)
 *   rounds 57 wall_s 2.01 cpu_s 1.98 chars_per_s 1169000 (per cpu s 1187000) lines 112233
 *
 * One typesetter serves every round, as in a canpress build, so font and
 * halt caches are warm after the first round, as they are after a build's
 * first pages. Each round gives the runs a span of its own (the source
 * position, which diagnostics name and nothing else reads): the
 * typesetter's memory of recent paragraphs (memo.c) keys on it, so every
 * round composes every paragraph anew instead of measuring a lookup.
 *
 * SECONDS may be "Nr" instead: exactly N rounds, whatever the time; with
 * `perf stat -e instructions:u`, the difference between two round counts
 * gives the instructions per round, a figure the machine's load does not
 * change (bench/composer --instructions).
 *
 * Usage: bench_composer FONTS_CONF lines FILE...
 * sets every paragraph once in the same style and prints its lines for
 * bench/jlreq/compare (the side-by-side with LuaLaTeX's jlreq class):
 *
 *   P                       a paragraph starts
 *   L JUST NATURAL WIDTH AVAIL   a line: justified (0/1), natural width, set width
 *                           and room, pt
 *   B CHAR X W              a character box: from the measure's start, pt */
#include "typeset/typeset.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The process's CPU time, s: on a shared machine a steadier figure than
 * wall time. */
static double cpu_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s FONTS_CONF SECONDS FILE...\n", argv[0]);
		return 2;
	}
	/* SECONDS of wall time, or "Nr": exactly N rounds (for counting
	 * instructions, which a loaded machine does not disturb) */
	char *unit = NULL;
	double seconds = g_ascii_strtod(argv[2], &unit);
	size_t fixed_rounds = unit != NULL && *unit == 'r' ? (size_t)seconds : 0;
	g_autoptr(GPtrArray) paras = g_ptr_array_new_with_free_func(g_free);
	size_t chars = 0;
	size_t longest = 0;

	/* The paragraphs: every non-empty line of every file. */
	for (int i = 3; i < argc; i++) {
		g_autofree char *all = NULL;
		if (!g_file_get_contents(argv[i], &all, NULL, NULL)) {
			fprintf(stderr, "cannot read %s\n", argv[i]);
			return 1;
		}
		g_auto(GStrv) lines = g_strsplit(all, "\n", -1);
		for (int k = 0; lines[k]; k++) {
			g_strstrip(lines[k]);
			if (!*lines[k])
				continue;
			size_t n = (size_t)g_utf8_strlen(lines[k], -1);
			chars += n;
			if (n > longest)
				longest = n;
			g_ptr_array_add(paras, g_strdup(lines[k]));
		}
	}
	if (paras->len == 0) {
		fprintf(stderr, "no paragraphs\n");
		return 1;
	}

	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = cp_ts_new(argv[1], d);
	if (!ts) {
		fprintf(stderr, "cannot load %s\n", argv[1]);
		return 1;
	}
	cp_ts_style st = {0};
	st.family = "Noto Serif CJK JP";
	st.weight = 400;
	st.size = 9.2125;
	st.pitch = 15.59;
	st.align = CP_TS_JUSTIFY;
	st.indent = st.size;
	st.color = cp_color_gray(1.0);

	if (strcmp(argv[2], "lines") == 0) {
		for (guint i = 0; i < paras->len; i++) {
			const char *text = paras->pdata[i];
			cp_ts_run run = {.text = text, .len = strlen(text), .span = CP_SPAN_NONE};
			g_autoptr(cp_ts_para) p = cp_ts_set(ts, &st, &run, 1, 24 * st.size, d);
			printf("P\n");
			for (size_t k = 0; k < p->n_lines; k++) {
				const cp_ts_line *l = &p->lines[k];
				double avail = 24 * st.size - (k == 0 ? st.indent : 0.0);
				printf("L %d %.4f %.4f %.4f\n", l->justified && !l->last ? 1 : 0,
				       l->natural, l->width, avail);
				for (size_t b = 0; b < l->n_boxes; b++)
					printf("B %.*s %.4f %.4f\n", (int)l->boxes[b].len,
					       p->text + l->boxes[b].start,
					       l->x + l->boxes[b].x - (k == 0 ? st.indent : 0.0),
					       l->boxes[b].width);
			}
		}
		return 0;
	}

	/* Rounds until the time is up. */
	gint64 t0 = g_get_monotonic_time();
	double c0 = cpu_seconds();
	gint64 until = t0 + (gint64)(seconds * 1e6);
	size_t rounds = 0;
	size_t lines = 0;
	do {
		for (guint i = 0; i < paras->len; i++) {
			const char *text = paras->pdata[i];
			cp_ts_run run = {.text = text,
			                 .len = strlen(text),
			                 .span = cp_span_at(1, (uint32_t)rounds + 1, i + 1)};
			cp_ts_para *p = cp_ts_set(ts, &st, &run, 1, 24 * st.size, d);
			lines += p->n_lines;
			cp_ts_para_free(p);
		}
		rounds++;
	} while (fixed_rounds > 0 ? rounds < fixed_rounds : g_get_monotonic_time() < until);
	double wall = (double)(g_get_monotonic_time() - t0) / 1e6;
	double cpu = cpu_seconds() - c0;

	printf("paragraphs %u chars %zu (mean %zu per paragraph, longest %zu)\n", paras->len, chars,
	       chars / paras->len, longest);
	printf("rounds %zu wall_s %.2f cpu_s %.2f chars_per_s %.0f (per cpu s %.0f) lines %zu\n",
	       rounds, wall, cpu, (double)(chars * rounds) / wall, (double)(chars * rounds) / cpu,
	       lines);
	return 0;
}
