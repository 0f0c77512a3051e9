/* test_jlreq.c - the JLReq composition cases of tests/jlreq/cases.txt.
 *
 * Each case is a short paragraph, a measure and the composer's options,
 * followed by assertions on the composed result (cp_ts_para): which text
 * each line holds (so which cluster starts and ends it), each line's width
 * to 0.01 pt, the size of specific gaps between character boxes (」「, 。」,
 * 、「, ・, wa-ou-kan), where a glyph's ink sits in its box, hanging marks
 * past the measure only when hanging is on, and no one-character last line.
 * It links the typeset stage only and prints TAP, one test per case.
 *
 * The case file (one directive per line; # starts a comment line):
 *   case NAME              starts a case
 *   text TEXT              the paragraph; \n is a hard break
 *   size PT                type size (default 10)
 *   measure ZW             measure in zw of the size (or "NNpt")
 *   indent ZW              first-line indent in zw (default 0)
 *   font mincho|gothic|NAME
 *   opts WORD...           hanging, normal or loose (kinsoku; strict by default),
 *                          ragged, center, phrase (display text), horizontal
 *                          (not run by the vertical pass: test_jlreq --vertical
 *                          sets every other case vertically)
 *   lines A|B|C            every line's text, trailing spaces dropped
 *   nlines N
 *   width N PT             line N (1-based) ends at PT from the measure's start
 *   flush N                line N ends at the measure (0.01 pt)
 *   natural N              line N is at its natural width (not stretched)
 *   gap XY PT              the first pair of characters X, Y in one line:
 *                          Y's box start minus X's box end
 *   gapn K XY PT           the same for the K-th such pair (1-based)
 *   ink X PT               the first X: glyph origin minus its box start
 *   box X PT               the first X: its box width
 *   gapmin XY PT, gapmax XY PT   the first such gap is at least / at most PT
 *                          (in pairs, '_' stands for a word space)
 *   startx N PT            line N's first box starts at PT from the measure's start
 *   hang N                 line N ends with a mark hanging past the measure
 *   nohang                 no line has a hanging mark
 *   noonechar              the last line has more than one character
 *   fits                   no line runs past the measure (0.01 pt) but hangs
 *   kinsoku                no line starts with cl-02..07/09..11 or ends with cl-01
 *                          (what the rule chosen by opts forbids)
 *   short                  no line but a last one is shorter than the measure
 *                          minus 1 zw while the next unit would have fitted,
 *                          unless it is justified within a quarter zw a gap
 *                          (line_length.h)
 *   visual N A B C...      on line N the boxes of characters A, B, C... sit left
 *                          to right in that order (right-to-left text reordered)
 *   ranges                 line byte ranges run forward without overlap, and
 *                          every box and glyph run of a line lies in its range
 * and, for whole articles (issue 12, measured as bench/jlreq/compare does):
 *   nosolid                no gap that holds punctuation's own aki (after a
 *                          closing bracket, comma or stop, before an opening
 *                          bracket, either side of a middle dot; not between
 *                          two closing or two opening marks) is set solid
 *   stopspace              every full stop inside a line keeps its half zw
 *                          after it (unless closing punctuation follows)
 *   flushall               every line but the last is justified and ends at
 *                          the measure (0.01 pt; a middle dot's quarter kept
 *                          at the line end is part of the line's width)
 *   pushedin N, pushedout N  exactly N lines are set narrower / wider than
 *                          their natural width
 *   spaced N               exactly N lines have a gap between two kana or
 *                          kanji widened (letter-spaced)
 *   quarter                no gap between two kana or kanji is widened past a
 *                          quarter zw
 * Widths and gaps are compared to 0.01 pt. All text is our own prose. */
#include "typeset/typeset.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <hb.h>

#include "cp_config.h"
#include "tests/jlreq/line_length.h"

#define EPS 0.01

typedef struct tcase {
	char *name;
	int line_no;
	char *text;
	double size;
	double measure_zw;
	double measure_pt; /* when > 0, overrides measure_zw */
	double indent_zw;
	const char *family;
	bool hanging, ragged, center, phrase;
	bool horizontal;       /* opts horizontal: not run with --vertical */
	cp_ts_kinsoku kinsoku; /* opts strict (default), normal, loose */
	GPtrArray *checks;     /* char* directive lines */
} tcase;

static void tcase_free(tcase *c)
{
	g_free(c->name);
	g_free(c->text);
	g_ptr_array_unref(c->checks);
	g_free(c);
}

/* The text of line i as set: its bytes without trailing white space. */
static char *line_text(const cp_ts_para *p, size_t i)
{
	const cp_ts_line *l = &p->lines[i];
	char *s = g_strndup(p->text + l->start, l->end - l->start);
	g_strchomp(s);
	/* a hard break's newline is no part of the line's text */
	char *nl = strchr(s, '\n');
	if (nl)
		*nl = '\0';
	return s;
}

static gunichar box_char(const cp_ts_para *p, const cp_ts_box *b)
{
	return g_utf8_get_char(p->text + b->start);
}

/* The end of line i from the measure's start: the end of its last box that
 * does not hang, plus its trailing aki (line->width covers both). */
static double line_end(const cp_ts_line *l)
{
	return l->x + l->width;
}

/* The k-th (1-based) box pair X, Y adjacent in one line: Y.x - (X.x + X.w). */
static bool find_gap(const cp_ts_para *p, gunichar x, gunichar y, int k, double *gap)
{
	for (size_t i = 0; i < p->n_lines; i++) {
		const cp_ts_line *l = &p->lines[i];
		for (size_t b = 0; b + 1 < l->n_boxes; b++) {
			if (box_char(p, &l->boxes[b]) == x && box_char(p, &l->boxes[b + 1]) == y &&
			    --k == 0) {
				*gap = l->boxes[b + 1].x - (l->boxes[b].x + l->boxes[b].width);
				return true;
			}
		}
	}
	return false;
}

/* The first box of character x: its line and index. */
static bool find_box(const cp_ts_para *p, gunichar x, size_t *li, size_t *bi)
{
	for (size_t i = 0; i < p->n_lines; i++)
		for (size_t b = 0; b < p->lines[i].n_boxes; b++)
			if (box_char(p, &p->lines[i].boxes[b]) == x) {
				*li = i;
				*bi = b;
				return true;
			}
	return false;
}

/* The glyph origin of the cluster starting at byte off, line frame; for an
 * upright glyph of a vertical line, the point down the line where the
 * glyph's vertical origin (VORG: the top of its em) sits, which is where
 * a horizontal glyph's origin is along its line. */
static bool glyph_x(const cp_ts_para *p, const cp_ts_line *l, uint32_t off, double *x)
{
	for (size_t r = 0; r < l->n_runs; r++) {
		const cp_ts_glyph_run *run = &l->runs[r];
		uint32_t at = (uint32_t)(run->text - p->text);
		uint32_t g = 0;
		for (uint32_t c = 0; c < run->n_clusters; c++) {
			if (at == off && run->clusters[c].n_glyphs > 0) {
				*x = run->x + run->glyphs[g].x;
				if (run->orient == CP_TS_ORIENT_UPRIGHT) {
					hb_font_t *hb = pango_font_get_hb_font(run->font);
					hb_position_t ox = 0, oy = 0;
					hb_font_get_glyph_v_origin(hb, run->glyphs[g].id, &ox, &oy);
					*x -= (double)oy / PANGO_SCALE;
				}
				return true;
			}
			at += run->clusters[c].n_bytes;
			g += run->clusters[c].n_glyphs;
		}
	}
	return false;
}

/* Line starts forbidden by every rule, by strict and normal, by strict
 * alone (CSS Text 3, 5.3). */
static const char *const no_start = "」』）］】〉》〕”’、。，．";
static const char *const no_start_normal = "・：；！？ヽヾゝゞ々〻…‥％℃";
static const char *const no_start_strict = "ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ‐〜";
static const char *const no_end = "「『（［【〈《〔“‘";

static bool in_set(const char *set, gunichar ch)
{
	for (const char *s = set; *s; s = g_utf8_next_char(s))
		if (g_utf8_get_char(s) == ch)
			return true;
	return false;
}

static double num(const char *s)
{
	return g_ascii_strtod(s, NULL);
}

/* Does the gap between boxes a and b hold punctuation's own aki, which
 * push-in may reduce but never to nothing? */
static bool facing_aki(const cp_ts_box *a, const cp_ts_box *b)
{
	bool a_close =
	    a->cls == CP_TS_CL_CLOSE || a->cls == CP_TS_CL_COMMA || a->cls == CP_TS_CL_FULLSTOP;
	bool b_close =
	    b->cls == CP_TS_CL_CLOSE || b->cls == CP_TS_CL_COMMA || b->cls == CP_TS_CL_FULLSTOP;
	if (a_close)
		return !b_close && b->cls != CP_TS_CL_OTHER && b->cls != CP_TS_CL_SPACE;
	if (b->cls == CP_TS_CL_OPEN)
		return a->cls != CP_TS_CL_OPEN && a->cls != CP_TS_CL_OTHER &&
		       a->cls != CP_TS_CL_SPACE;
	return a->cls == CP_TS_CL_MIDDLE || b->cls == CP_TS_CL_MIDDLE;
}

/* Runs one check; returns NULL or a message (caller frees). */
static char *check(const tcase *c, const cp_ts_para *p, double measure, const char *line)
{
	g_auto(GStrv) w = g_strsplit_set(line, " ", 4);
	int n = (int)g_strv_length(w);
	const char *op = w[0];

	if (strcmp(op, "lines") == 0 && n >= 2) {
		const char *want = line + strlen("lines ");
		GString *got = g_string_new(NULL);
		for (size_t i = 0; i < p->n_lines; i++) {
			g_autofree char *t = line_text(p, i);
			if (i > 0)
				g_string_append_c(got, '|');
			g_string_append(got, t);
		}
		char *msg = NULL;
		if (strcmp(got->str, want) != 0)
			msg = g_strdup_printf("lines: got '%s', want '%s'", got->str, want);
		g_string_free(got, TRUE);
		return msg;
	}
	if (strcmp(op, "nlines") == 0 && n == 2) {
		if ((long)p->n_lines != atol(w[1]))
			return g_strdup_printf("nlines: got %zu, want %s", p->n_lines, w[1]);
		return NULL;
	}
	if ((strcmp(op, "width") == 0 && n == 3) || (strcmp(op, "flush") == 0 && n == 2) ||
	    (strcmp(op, "natural") == 0 && n == 2) || (strcmp(op, "hang") == 0 && n == 2)) {
		long i = atol(w[1]) - 1;
		if (i < 0 || (size_t)i >= p->n_lines)
			return g_strdup_printf("%s: no line %s", op, w[1]);
		const cp_ts_line *l = &p->lines[i];
		if (op[0] == 'w' && fabs(line_end(l) - num(w[2])) > EPS)
			return g_strdup_printf("width %s: got %.3f, want %s", w[1], line_end(l),
			                       w[2]);
		if (op[0] == 'f' && (fabs(line_end(l) - measure) > EPS || !l->justified))
			return g_strdup_printf("flush %s: ends at %.3f of %.3f%s", w[1],
			                       line_end(l), measure,
			                       l->justified ? "" : " (not justified)");
		if (op[0] == 'n' && (l->justified || fabs(l->width - l->natural) > 1e-6))
			return g_strdup_printf("natural %s: width %.3f, natural %.3f", w[1],
			                       l->width, l->natural);
		if (op[0] == 'h') {
			const cp_ts_box *last = l->n_boxes ? &l->boxes[l->n_boxes - 1] : NULL;
			if (!last || !last->hang || l->hang <= 0.0)
				return g_strdup_printf("hang %s: the line does not hang", w[1]);
			if (l->x + last->x < measure - EPS)
				return g_strdup_printf("hang %s: mark at %.3f inside the measure",
				                       w[1], l->x + last->x);
			if (fabs(line_end(l) - measure) > EPS)
				return g_strdup_printf("hang %s: line ends at %.3f", w[1],
				                       line_end(l));
		}
		return NULL;
	}
	if ((strcmp(op, "gap") == 0 && n == 3) || (strcmp(op, "gapn") == 0 && n == 4) ||
	    (strcmp(op, "gapmin") == 0 && n == 3) || (strcmp(op, "gapmax") == 0 && n == 3)) {
		bool nth = strcmp(op, "gapn") == 0;
		int k = nth ? atoi(w[1]) : 1;
		const char *pair = nth ? w[2] : w[1];
		const char *want = nth ? w[3] : w[2];
		gunichar x = g_utf8_get_char(pair);
		gunichar y = g_utf8_get_char(g_utf8_next_char(pair));
		/* '_' stands for a word space */
		x = x == '_' ? ' ' : x;
		y = y == '_' ? ' ' : y;
		double gap = 0.0;
		if (!find_gap(p, x, y, k, &gap))
			return g_strdup_printf("%s: no pair '%s' in one line", op, pair);
		bool bad = strcmp(op, "gapmin") == 0   ? gap < num(want) - EPS
		           : strcmp(op, "gapmax") == 0 ? gap > num(want) + EPS
		                                       : fabs(gap - num(want)) > EPS;
		if (bad)
			return g_strdup_printf("%s %s: got %.3f, want %s", op, pair, gap, want);
		return NULL;
	}
	if (strcmp(op, "startx") == 0 && n == 3) {
		long i = atol(w[1]) - 1;
		if (i < 0 || (size_t)i >= p->n_lines || p->lines[i].n_boxes == 0)
			return g_strdup_printf("startx: no line %s", w[1]);
		double x = p->lines[i].x + p->lines[i].boxes[0].x;
		if (fabs(x - num(w[2])) > EPS)
			return g_strdup_printf("startx %s: got %.3f, want %s", w[1], x, w[2]);
		return NULL;
	}
	if ((strcmp(op, "ink") == 0 || strcmp(op, "box") == 0) && n == 3) {
		size_t li = 0;
		size_t bi = 0;
		if (!find_box(p, g_utf8_get_char(w[1]), &li, &bi))
			return g_strdup_printf("%s: no '%s'", op, w[1]);
		const cp_ts_box *b = &p->lines[li].boxes[bi];
		double v = b->width;
		if (op[0] == 'i') {
			double gx = 0.0;
			if (!glyph_x(p, &p->lines[li], b->start, &gx))
				return g_strdup_printf("ink: no glyph for '%s'", w[1]);
			v = gx - b->x;
		}
		if (fabs(v - num(w[2])) > EPS)
			return g_strdup_printf("%s %s: got %.3f, want %s", op, w[1], v, w[2]);
		return NULL;
	}
	if (strcmp(op, "nohang") == 0) {
		for (size_t i = 0; i < p->n_lines; i++) {
			const cp_ts_line *l = &p->lines[i];
			if (l->hang > 0.0)
				return g_strdup_printf("nohang: line %zu hangs", i + 1);
			for (size_t b = 0; b < l->n_boxes; b++)
				if (l->x + l->boxes[b].x + l->boxes[b].width > measure + EPS)
					return g_strdup_printf(
					    "nohang: line %zu passes the measure", i + 1);
		}
		return NULL;
	}
	if (strcmp(op, "short") == 0) {
		/* issue 12: no line but a paragraph's or hard line's last is
		 * shorter than the measure minus one zw unless the unit after
		 * it (up to its first break opportunity) did not fit on it even
		 * at half a zw of space between them */
		char why[160];
		return cp_test_short_line(p, measure, c->indent_zw * c->size, c->size, why,
		                          sizeof why)
		           ? g_strdup_printf("short: %s", why)
		           : NULL;
	}
	if (strcmp(op, "fits") == 0) {
		for (size_t i = 0; i < p->n_lines; i++)
			if (line_end(&p->lines[i]) > measure + EPS)
				return g_strdup_printf("fits: line %zu ends at %.3f", i + 1,
				                       line_end(&p->lines[i]));
		return NULL;
	}
	if (strcmp(op, "noonechar") == 0) {
		if (p->n_lines < 2)
			return NULL;
		g_autofree char *t = line_text(p, p->n_lines - 1);
		long chars = 0;
		for (const char *s = t; *s; s = g_utf8_next_char(s))
			if (!in_set("」』）。、．，", g_utf8_get_char(s)))
				chars++;
		if (chars <= 1)
			return g_strdup_printf("noonechar: last line is '%s'", t);
		return NULL;
	}
	if (strcmp(op, "kinsoku") == 0) {
		for (size_t i = 0; i < p->n_lines; i++) {
			g_autofree char *t = line_text(p, i);
			if (!*t)
				continue;
			gunichar first = g_utf8_get_char(t);
			gunichar last = g_utf8_get_char(g_utf8_prev_char(t + strlen(t)));
			if (i > 0 && (in_set(no_start, first) ||
			              (c->kinsoku != CP_TS_KINSOKU_LOOSE &&
			               in_set(no_start_normal, first)) ||
			              (c->kinsoku == CP_TS_KINSOKU_STRICT &&
			               in_set(no_start_strict, first))))
				return g_strdup_printf("kinsoku: line %zu starts with '%s'", i + 1,
				                       t);
			if (i + 1 < p->n_lines && in_set(no_end, last))
				return g_strdup_printf("kinsoku: line %zu ends '%s'", i + 1, t);
		}
		return NULL;
	}
	if (strcmp(op, "visual") == 0 && n >= 3) {
		g_auto(GStrv) v = g_strsplit(line, " ", -1);
		long i = atol(v[1]) - 1;
		if (i < 0 || (size_t)i >= p->n_lines)
			return g_strdup_printf("visual: no line %s", v[1]);
		const cp_ts_line *l = &p->lines[i];
		double prev = -1e9;
		for (int k = 2; v[k]; k++) {
			gunichar ch = g_utf8_get_char(v[k]);
			size_t b = 0;
			while (b < l->n_boxes && box_char(p, &l->boxes[b]) != ch)
				b++;
			if (b == l->n_boxes)
				return g_strdup_printf("visual: no '%s' on line %s", v[k], v[1]);
			if (l->boxes[b].x <= prev)
				return g_strdup_printf("visual: '%s' at %.3f is not right of %.3f",
				                       v[k], l->boxes[b].x, prev);
			prev = l->boxes[b].x;
		}
		return NULL;
	}
	if (strcmp(op, "ranges") == 0) {
		uint32_t prev_end = 0;
		for (size_t i = 0; i < p->n_lines; i++) {
			const cp_ts_line *l = &p->lines[i];
			if (l->start < prev_end || l->end < l->start || l->end > p->n_text)
				return g_strdup_printf("ranges: line %zu is %u..%u after %u", i + 1,
				                       l->start, l->end, prev_end);
			prev_end = l->end;
			for (size_t b = 0; b < l->n_boxes; b++)
				if (l->boxes[b].start < l->start ||
				    l->boxes[b].start + l->boxes[b].len > l->end)
					return g_strdup_printf(
					    "ranges: a box of line %zu outside it", i + 1);
			for (size_t r = 0; r < l->n_runs; r++) {
				uint32_t at = (uint32_t)(l->runs[r].text - p->text);
				if (at < l->start || at + l->runs[r].n_text > l->end)
					return g_strdup_printf(
					    "ranges: a run of line %zu outside it", i + 1);
				if (r > 0 && l->runs[r].x < l->runs[r - 1].x)
					return g_strdup_printf(
					    "ranges: runs of line %zu not left to right", i + 1);
			}
		}
		return NULL;
	}
	if (strcmp(op, "nosolid") == 0 || strcmp(op, "stopspace") == 0) {
		bool stops = strcmp(op, "stopspace") == 0;
		for (size_t i = 0; i < p->n_lines; i++) {
			const cp_ts_line *l = &p->lines[i];
			for (size_t b = 0; b + 1 < l->n_boxes; b++) {
				const cp_ts_box *x = &l->boxes[b], *y = &l->boxes[b + 1];
				double g = y->x - (x->x + x->width);
				bool bad = stops ? x->cls == CP_TS_CL_FULLSTOP &&
				                       facing_aki(x, y) && g < 0.5 * c->size - EPS
				                 : facing_aki(x, y) && g < EPS;
				if (bad) {
					g_autofree char *t = line_text(p, i);
					return g_strdup_printf(
					    "%s: gap %.*s%.*s of %.3f pt on line %zu '%s'", op,
					    (int)x->len, p->text + x->start, (int)y->len,
					    p->text + y->start, g, i + 1, t);
				}
			}
		}
		return NULL;
	}
	if (strcmp(op, "flushall") == 0) {
		for (size_t i = 0; i + 1 < p->n_lines; i++) {
			const cp_ts_line *l = &p->lines[i];
			if (!l->justified || fabs(line_end(l) - measure) > EPS)
				return g_strdup_printf("flushall: line %zu ends at %.3f of %.3f%s",
				                       i + 1, line_end(l), measure,
				                       l->justified ? "" : " (not justified)");
		}
		return NULL;
	}
	if ((strcmp(op, "pushedin") == 0 || strcmp(op, "pushedout") == 0 ||
	     strcmp(op, "spaced") == 0) &&
	    n == 2) {
		long got = 0;
		for (size_t i = 0; i + 1 < p->n_lines; i++) {
			const cp_ts_line *l = &p->lines[i];
			if (op[0] == 's')
				got += cp_test_widest_kana_gap(p, i, c->size) > 0.005;
			else if (op[6] == 'i')
				got += l->width < l->natural - EPS;
			else
				got += l->width > l->natural + EPS;
		}
		if (got != atol(w[1]))
			return g_strdup_printf("%s: got %ld lines, want %s", op, got, w[1]);
		return NULL;
	}
	if (strcmp(op, "quarter") == 0) {
		for (size_t i = 0; i < p->n_lines; i++)
			if (cp_test_widest_kana_gap(p, i, c->size) > 0.25 + 0.001)
				return g_strdup_printf("quarter: line %zu has a gap of %.3f zw",
				                       i + 1,
				                       cp_test_widest_kana_gap(p, i, c->size));
		return NULL;
	}
	return g_strdup_printf("unknown check '%s'", line);
}

/* Reads the case file; returns NULL when it cannot. */
static GPtrArray *read_cases(const char *path)
{
	g_autofree char *all = NULL;
	if (!g_file_get_contents(path, &all, NULL, NULL))
		return NULL;
	GPtrArray *cases = g_ptr_array_new_with_free_func((GDestroyNotify)tcase_free);
	g_auto(GStrv) lines = g_strsplit(all, "\n", -1);
	tcase *c = NULL;
	for (int i = 0; lines[i]; i++) {
		char *l = g_strstrip(lines[i]);
		if (!*l || *l == '#')
			continue;
		char *sp = strchr(l, ' ');
		const char *arg = sp ? sp + 1 : "";
		size_t kw = sp ? (size_t)(sp - l) : strlen(l);
		if (kw == 4 && strncmp(l, "case", 4) == 0) {
			c = g_new0(tcase, 1);
			c->name = g_strdup(arg);
			c->line_no = i + 1;
			c->size = 10.0;
			c->measure_zw = 20.0;
			c->family = "Noto Serif CJK JP";
			c->checks = g_ptr_array_new_with_free_func(g_free);
			g_ptr_array_add(cases, c);
			continue;
		}
		if (!c)
			continue;
		if (kw == 4 && strncmp(l, "text", 4) == 0) {
			GString *t = g_string_new(NULL);
			for (const char *s = arg; *s; s++) {
				if (s[0] == '\\' && s[1] == 'n') {
					g_string_append_c(t, '\n');
					s++;
				} else {
					g_string_append_c(t, *s);
				}
			}
			c->text = g_string_free(t, FALSE);
		} else if (kw == 4 && strncmp(l, "size", 4) == 0) {
			c->size = num(arg);
		} else if (kw == 7 && strncmp(l, "measure", 7) == 0) {
			if (g_str_has_suffix(arg, "pt"))
				c->measure_pt = num(arg);
			else
				c->measure_zw = num(arg);
		} else if (kw == 6 && strncmp(l, "indent", 6) == 0) {
			c->indent_zw = num(arg);
		} else if (kw == 4 && strncmp(l, "font", 4) == 0) {
			c->family = strcmp(arg, "gothic") == 0   ? "Noto Sans CJK JP"
			            : strcmp(arg, "mincho") == 0 ? "Noto Serif CJK JP"
			                                         : g_intern_string(arg);
		} else if (kw == 4 && strncmp(l, "opts", 4) == 0) {
			c->hanging = strstr(arg, "hanging") != NULL;
			c->kinsoku = strstr(arg, "loose")    ? CP_TS_KINSOKU_LOOSE
			             : strstr(arg, "normal") ? CP_TS_KINSOKU_NORMAL
			                                     : CP_TS_KINSOKU_STRICT;
			c->ragged = strstr(arg, "ragged") != NULL;
			c->center = strstr(arg, "center") != NULL;
			c->phrase = strstr(arg, "phrase") != NULL;
			c->horizontal = strstr(arg, "horizontal") != NULL;
		} else {
			g_ptr_array_add(c->checks, g_strdup(l));
		}
	}
	return cases;
}

int main(int argc, char **argv)
{
	g_unsetenv("FONTCONFIG_FILE");
	/* --vertical: the same cases set vertically (one composer on both axes,
	 * issue 14 point 3); cases marked `opts horizontal` are skipped */
	bool vertical = argc > 1 && strcmp(argv[1], "--vertical") == 0;
	if (vertical) {
		argc--;
		argv++;
	}
	const char *src = g_getenv("CP_SOURCE_DIR");
	g_autofree char *conf =
	    g_build_filename(src ? src : CP_SOURCE_DIR, "fonts", "fonts.conf", NULL);
	g_autofree char *path = argc > 1 ? g_strdup(argv[1])
	                                 : g_build_filename(src ? src : CP_SOURCE_DIR, "tests",
	                                                    "jlreq", "cases.txt", NULL);
	GPtrArray *cases = read_cases(path);
	if (!cases) {
		printf("Bail out! cannot read %s\n", path);
		return 1;
	}
	g_autoptr(cp_diags) d = cp_diags_new();
	cp_typesetter *ts = cp_ts_new(conf, d);
	if (!ts) {
		printf("Bail out! cannot load %s\n", conf);
		return 1;
	}

	printf("TAP version 13\n1..%u\n", cases->len);
	int failed = 0;
	for (guint i = 0; i < cases->len; i++) {
		const tcase *c = cases->pdata[i];
		cp_ts_style st = {0};
		st.family = c->family;
		st.weight = 400;
		st.size = c->size;
		st.pitch = c->size * 1.75;
		st.align = c->center ? CP_TS_CENTER : c->ragged ? CP_TS_START : CP_TS_JUSTIFY;
		st.indent = c->indent_zw * c->size;
		st.color = cp_color_gray(1.0);
		st.kinsoku = c->kinsoku;
		st.hanging = c->hanging;
		st.phrase = c->phrase;
		st.vertical = vertical;
		if (vertical && c->horizontal) {
			printf("ok %u - %s # SKIP horizontal only\n", i + 1, c->name);
			continue;
		}
		double measure = c->measure_pt > 0.0 ? c->measure_pt : c->measure_zw * c->size;
		const char *text = c->text ? c->text : "";
		cp_ts_run run = {.text = text, .len = strlen(text), .span = CP_SPAN_NONE};
		cp_ts_para *p = cp_ts_set(ts, &st, &run, 1, measure, d);

		GString *why = g_string_new(NULL);
		for (guint k = 0; k < c->checks->len; k++) {
			g_autofree char *msg = check(c, p, measure, c->checks->pdata[k]);
			if (msg)
				g_string_append_printf(why, "  # %s\n", msg);
		}
		if (why->len == 0) {
			printf("ok %u - %s\n", i + 1, c->name);
		} else {
			failed++;
			printf("not ok %u - %s (cases.txt:%d)\n%s", i + 1, c->name, c->line_no,
			       why->str);
			for (size_t l = 0; l < p->n_lines; l++) {
				g_autofree char *t = line_text(p, l);
				printf("  #   line %zu: x=%.3f w=%.3f nat=%.3f hang=%.3f %s\n",
				       l + 1, p->lines[l].x, p->lines[l].width, p->lines[l].natural,
				       p->lines[l].hang, t);
			}
		}
		g_string_free(why, TRUE);
		cp_ts_para_free(p);
	}
	cp_ts_free(ts);
	g_ptr_array_unref(cases);
	return failed > 0 ? 1 : 0;
}
