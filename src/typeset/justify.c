/* justify.c - step 4 of the composer: one line brought to the measure.
 *
 * breaks.c chose the line's cells; here every gap gets its final width and
 * every cell its position. The adjustment follows JLReq 3.8 in priority
 * order (the levels of classes.c):
 *
 *   too long (push in, JLReq 3.8.3): take the half spaces of brackets
 *     and commas down to a quarter zw (and a third of each word space),
 *     then the wa-ou-kan spaces down to 1/8 zw, then the middle dots'
 *     quarter spaces (a dot at the line's start or end keeps both), and
 *     only then the last quarter of a lone bracket or comma; the space
 *     after a full stop is never taken (classes.c); each level is taken in
 *     proportion to what its gaps can give before the next level is
 *     touched. JLReq 3.8.3 takes the middle dots first; we take them after
 *     the brackets, because a ： or ・ set solid reads worse than a line
 *     pushed out, and breaks.c charges for it (MIDDLE_SOLID) so that it is
 *     rare (issue 12, the side-by-side with jlreq in docs/jlreq-compare.md);
 *   too short (push out, JLReq 3.8.4): first the wa-ou-kan spaces (to 1/2
 *     zw), in proportion; then the rest evenly
 *     over every gap that may be expanded (not inside Western words or
 *     numbers, not inside —— or ……, not after an opening bracket, not before
 *     closing punctuation). Word spaces take one even share like any other
 *     gap, so they never swallow all the slack. Only when that would
 *     pass a quarter zw a gap do the gaps between full-width digits take
 *     a share as well (a number stays tight unless the line needs it);
 *   the last line of a paragraph (and of a hard line) keeps its natural
 *     width; it is only pushed in when it would not fit.
 *
 * Exactness: positions are summed in doubles and the last cell is moved by
 * the rounding residue, so a justified line ends at the measure to far
 * better than the 0.01 pt the tests ask. A line with no gap that can
 * stretch (one long Western word) is left at its natural width. */
#include "typeset/typeset.h"

#include <math.h>
#include <string.h>

#include "typeset/typeset_int.h"

#define EPS 1e-9

/* The last cell of the line that is set: trailing word spaces are not. */
static uint32_t content_end(const cp_ts_cells *c, uint32_t c0, uint32_t c1, bool hang)
{
	if (hang)
		return c1 - 1;
	while (c1 > c0 && g_array_index(c->cells, cp_ts_cell, c1).cls == CP_TS_CL_SPACE)
		c1--;
	return c1;
}

/* What level lv of gap k of the line c0..end may give: a middle dot at
 * the line's start or end keeps the quarter on its outer side, so the one
 * on its inner side stays too. */
static double shrink_at(const cp_ts_cells *c, uint32_t c0, uint32_t end, uint32_t k, int lv)
{
	const cp_ts_gap *g = &g_array_index(c->gaps, cp_ts_gap, k);
	double v = g->shrink[lv];
	if (lv != CP_TS_SHRINK_MIDDLE)
		return v;
	if (k + 1 == end && g_array_index(c->cells, cp_ts_cell, end).cls == CP_TS_CL_MIDDLE)
		v -= g->mid_b;
	if (k == c0 && g_array_index(c->cells, cp_ts_cell, c0).cls == CP_TS_CL_MIDDLE)
		v -= g->mid_a;
	return v > 0.0 ? v : 0.0;
}

double cp_ts_line_natural(const cp_ts_cells *c, uint32_t c0, uint32_t c1, bool hang)
{
	uint32_t end = content_end(c, c0, c1, hang);
	double w = 0.0;

	/* a middle dot keeps its quarter before it at a line start (JLReq
	 * 3.1.5 sets only opening brackets solid there) */
	const cp_ts_cell *first = &g_array_index(c->cells, cp_ts_cell, c0);
	if (first->cls == CP_TS_CL_MIDDLE)
		w += first->lead;
	/* a ruby reading that overhangs the kana before its base keeps that
	 * room at a line start (ruby.c) */
	w += first->edge_lead;
	for (uint32_t i = c0; i <= end; i++) {
		w += g_array_index(c->cells, cp_ts_cell, i).box;
		if (i < end)
			w += g_array_index(c->gaps, cp_ts_gap, i).nat;
	}
	if (!hang)
		w += g_array_index(c->gaps, cp_ts_gap, end).tail;
	return w;
}

double cp_ts_line_position(cp_ts_cells *c, uint32_t c0, uint32_t c1, bool hang, bool end_aki,
                           double avail, bool stretch, bool *justified)
{
	uint32_t end = content_end(c, c0, c1, hang);
	/* the gaps that are adjusted: c0 .. end-1, and for a hanging line the
	 * gap before the mark keeps its natural width */
	uint32_t n_gaps = end - c0;
	double natural = cp_ts_line_natural(c, c0, c1, hang);
	double need = avail - natural;
	g_autofree double *adj = g_new0(double, n_gaps + 1);

	/* a closing mark at the end keeps its aki when breaks.c found that
	 * sets the line better (typeset_int.h) */
	double kept = 0.0;
	if (end_aki && stretch && !hang) {
		kept = cp_ts_end_aki(&g_array_index(c->cells, cp_ts_cell, end));
		need -= kept;
	}
	/* a line that fits exactly is justified as it is */
	*justified = stretch && fabs(need) <= 1e-6;
	if (need < -EPS) {
		/* Push in, level by level (JLReq 3.8.3). */
		static const int order[CP_TS_SHRINK_LEVELS] = {
		    CP_TS_SHRINK_PUNCT, CP_TS_SHRINK_WAOU, CP_TS_SHRINK_MIDDLE, CP_TS_SHRINK_DEEP};
		double left = -need;
		for (int o = 0; o < CP_TS_SHRINK_LEVELS && left > EPS; o++) {
			int lv = order[o];
			double cap = 0.0;
			for (uint32_t k = 0; k < n_gaps; k++)
				cap += shrink_at(c, c0, end, c0 + k, lv);
			if (cap <= EPS)
				continue;
			double take = left < cap ? left : cap;
			for (uint32_t k = 0; k < n_gaps; k++)
				adj[k] -= shrink_at(c, c0, end, c0 + k, lv) * take / cap;
			left -= take;
		}
		/* what is left over stays: an overfull line (paragraph.c warns) */
		*justified = left <= CP_TS_FIT_TOLERANCE;
	} else if (stretch && need > 1e-6) {
		/* Push out: level 0, then the even level (JLReq 3.8.4). */
		double cap = 0.0;
		uint32_t n_even = 0;
		uint32_t n_digits = 0;
		for (uint32_t k = 0; k < n_gaps; k++) {
			const cp_ts_gap *g = &g_array_index(c->gaps, cp_ts_gap, c0 + k);
			cap += g->stretch;
			n_even += g->even ? 1u : 0u;
			n_digits += g->digits ? 1u : 0u;
		}
		double left = need;
		if (cap > EPS) {
			/* with no even gap, level 0 takes it all, past its maximum */
			double take = n_even == 0 ? left : (left < cap ? left : cap);
			for (uint32_t k = 0; k < n_gaps; k++)
				adj[k] +=
				    g_array_index(c->gaps, cp_ts_gap, c0 + k).stretch * take / cap;
			left -= take;
		}
		if (left > EPS && n_even > 0) {
			/* past a quarter zw a gap, the gaps between full-width
			 * digits take their share too (breaks.c: DIGITS) */
			const cp_ts_cell *last = &g_array_index(c->cells, cp_ts_cell, end);
			bool digits = n_digits > 0 && left > 0.25 * last->size * n_even + EPS;
			double per = left / (n_even + (digits ? n_digits : 0u));
			for (uint32_t k = 0; k < n_gaps; k++) {
				const cp_ts_gap *g = &g_array_index(c->gaps, cp_ts_gap, c0 + k);
				if (g->even || (digits && g->digits))
					adj[k] += per;
			}
			left = 0.0;
		}
		*justified = left <= EPS;
		if (!*justified)
			memset(adj, 0, sizeof(double) * (n_gaps + 1));
	}

	/* Positions: each cell's box follows the previous box and gap. */
	const cp_ts_cell *head = &g_array_index(c->cells, cp_ts_cell, c0);
	double x = (head->cls == CP_TS_CL_MIDDLE ? head->lead : 0.0) + head->edge_lead;
	for (uint32_t i = c0; i <= end; i++) {
		cp_ts_cell *cell = &g_array_index(c->cells, cp_ts_cell, i);
		cell->x = x;
		cell->hang = false;
		x += cell->box;
		if (i < end)
			x += g_array_index(c->gaps, cp_ts_gap, i).nat + adj[i - c0];
	}
	double width = x + (hang ? 0.0 : g_array_index(c->gaps, cp_ts_gap, end).tail) + kept;
	if (*justified && fabs(avail - width) > 0.0 && end > c0) {
		/* the rounding residue goes to the last cell */
		double r = avail - width;
		g_array_index(c->cells, cp_ts_cell, end).x += r;
		width = avail;
	}
	if (hang) {
		/* the mark sits after the measure's end, at its natural gap */
		cp_ts_cell *mark = &g_array_index(c->cells, cp_ts_cell, c1);
		mark->x = width + g_array_index(c->gaps, cp_ts_gap, end).nat;
		mark->hang = true;
	}
	/* trailing word spaces sit at the line's end (not shown) */
	for (uint32_t i = end + 1; i <= c1 && !hang; i++)
		g_array_index(c->cells, cp_ts_cell, i).x = width;
	return width;
}
