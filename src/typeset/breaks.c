/* breaks.c - step 3 of the composer: total-fit line breaking.
 *
 * The algorithm is Knuth and Plass's, over the gaps of classes.c instead of
 * TeX's glue: a candidate break is a gap where a line may end (brk), the end
 * of the hard line, or - when the layout allows hanging punctuation - the
 * same gap with the comma or full stop before it hanging past the measure
 * (burasagari, JLReq 3.8.2). For each candidate e we look back at every
 * active node a (a break already reached), compute the line a+1..e and its
 * adjustment ratio, and keep the predecessor with the fewest total demerits:
 *
 *   demerits = (LINE_PENALTY + badness)^2 + extra
 *   badness  = SHRINK_BAD * r^3                 when the line is pushed in
 *            = 100 * r^3 + PUSH_OUT             when pushed out past level 0
 *            = 100 * r^3                        when wa-ou-kan spaces suffice
 *            = 100 * (room / 3 zw)^3            for a ragged (unjustified) line
 *   extra    = HANG_PENALTY^2 for a hanging line, ONE_CHAR for a last line of
 *              one character (JLReq 3.8: avoided by re-breaking), OVERFULL for
 *              an emergency line that cannot fit at all.
 *
 * Push-in (oikomi) is cheaper than push-out (oidashi) for the same amount,
 * so the composer pushes in first whenever the punctuation's aki can absorb
 * the overflow, as JLReq 3.8.2 and docs/jlreq-rules.md ask; a hanging mark is cheaper
 * still when the layout allows it. The last line costs nothing when it fits
 * at its natural width.
 *
 * Data layout: prefix sums over the hard line's cells (natural width,
 * shrink per level, level-0 stretch, count of even gaps) make every line's
 * measures O(1); nodes live in one GArray, the active list is an array of
 * node indexes. A node leaves the active list once a line from it cannot be
 * shrunk to fit (lines only grow to the right), so the work is linear in
 * the text times the number of candidates in one line. When every active
 * node dies at one candidate and none reached it, the closest of them
 * makes an overfull line there, so a result always exists.
 *
 * Emergency breaks: a stretch with no break opportunity that is wider than
 * the measure (a long URL, a Western word in a narrow card, hostile text)
 * may break between two of its clusters where only the word holds them
 * together, at EMERGENCY demerits, so its text stays inside the measure
 * instead of running off the page; only if that is not enough (text that
 * is all opening brackets) may it break against the line-start and line-end
 * rules, at DESPERATE demerits. Such lines are flagged and paragraph.c
 * warns. A single cluster wider than the measure still makes an overfull
 * line. */
#include "typeset/typeset.h"

#include <math.h>

#include "typeset/typeset_int.h"

#define LINE_PENALTY 10.0
#define SHRINK_BAD 30.0      /* a full push-in (r = 1) */
#define PUSH_OUT 40.0        /* letter-spacing a Japanese line */
#define HANG_PENALTY 5.0
#define UNDERFULL 1000.0     /* a gap-less line that should stretch */
#define RAGGED 3.0           /* zw of end room that rates as badness 100 */
#define ONE_CHAR 1.0e6
#define OVERFULL 1.0e9
#define EMERGENCY 1.0e7      /* a break inside a word wider than the line */
#define DESPERATE 1.0e8      /* a break against kinsoku, when nothing else fits */
#define EPS 1e-6

typedef struct node {
	int pos;                 /* the line before ends with this local cell; -1 start */
	int prev;                /* node index or -1 */
	double total;            /* demerits so far */
	bool hang;               /* the line ending here hangs its last mark */
	bool urgent;             /* the line ending here ends inside a word */
} node;

/* The prefix sums of one hard line. */
typedef struct sums {
	const cp_ts_cell *cell;  /* the hard line's cells */
	const cp_ts_gap *gap;
	uint32_t n;
	double *P;               /* P[k]: sum over i < k of box_i + gap_i.nat */
	double *S;               /* S[k]: total shrink of gaps i < k */
	double *T;               /* T[k]: level-0 stretch of gaps i < k */
	uint32_t *E;             /* E[k]: even gaps among i < k */
} sums;

/* What a line s..e (local, inclusive) needs. */
typedef struct fit {
	double width;            /* natural width */
	double shrink;           /* all levels */
	double stretch;          /* level 0 */
	uint32_t even;           /* even gaps */
	double zw;               /* the line end's type size, for the even stretch's scale */
} fit;

static void line_fit(const sums *s, uint32_t a, uint32_t e, bool hang, fit *f)
{
	uint32_t end = e;
	if (hang) {
		/* the mark e hangs: the line is a..e-1 */
		end = e - 1;
		f->width = s->P[end] - s->P[a] + s->cell[end].box;
	} else {
		while (end > a && s->cell[end].cls == CP_TS_CL_SPACE)
			end--;
		f->width = s->P[end] - s->P[a] + s->cell[end].box + s->gap[end].tail;
	}
	/* a middle dot keeps its quarter before it at a line start (only
	 * brackets are set solid there, JLReq 3.1.5) */
	if (s->cell[a].cls == CP_TS_CL_MIDDLE)
		f->width += s->cell[a].lead;
	f->shrink = s->S[end] - s->S[a];
	f->stretch = s->T[end] - s->T[a];
	f->even = s->E[end] - s->E[a];
	f->zw = s->cell[end].size;
}

/* Badness of setting f in avail; false when it cannot fit. */
static bool badness(const fit *f, double avail, bool last, bool justify, double *bad)
{
	double need = avail - f->width;

	if (need < -EPS) {
		/* push in: only as far as the aki allows */
		if (-need > f->shrink + CP_TS_FIT_TOLERANCE)
			return false;
		double r = f->shrink > 0.0 ? -need / f->shrink : 1.0;
		*bad = SHRINK_BAD * r * r * r;
		return true;
	}
	if (last || need <= EPS) {
		*bad = 0.0;
		return true;
	}
	/* A ragged style never stretches: its lines are rated by the room
	 * left at their end against a scale of RAGGED zw, so that total fit
	 * fills them without making any very short. */
	if (!justify) {
		double r = need / (RAGGED * f->zw);
		*bad = 100.0 * r * r * r;
		return true;
	}
	/* push out: level 0 first, then evenly; the even level's scale is a
	 * quarter zw per gap */
	double nominal = f->stretch + (double)f->even * f->zw * 0.25;
	if (nominal <= 0.0) {
		*bad = UNDERFULL;
		return true;
	}
	double r = need / nominal;
	*bad = 100.0 * r * r * r;
	if (need > f->stretch + EPS && f->even > 0)
		*bad += PUSH_OUT;
	return true;
}

/* A last line of one character, with any closing punctuation after it. */
static bool one_char(const sums *s, uint32_t a, uint32_t e)
{
	uint32_t n = 0;
	for (uint32_t i = a; i <= e; i++) {
		uint8_t cls = s->cell[i].cls;
		if (cls == CP_TS_CL_SPACE || cls == CP_TS_CL_CLOSE || cls == CP_TS_CL_COMMA ||
		    cls == CP_TS_CL_FULLSTOP || cls == CP_TS_CL_OTHER)
			continue;
		n++;
	}
	return n <= 1;
}

static bool can_hang(const sums *s, uint32_t e)
{
	uint8_t cls = s->cell[e].cls;
	/* JLReq 3.8.2: only 、。，． hang, and only a halved (full-width) one */
	return (cls == CP_TS_CL_COMMA || cls == CP_TS_CL_FULLSTOP) &&
	       s->cell[e].box < s->cell[e].advance;
}

void cp_ts_break_hard(const cp_ts_cells *c, const cp_ts_hard *h, const cp_ts_opts *o,
		      bool first, GArray *out)
{
	uint32_t n = h->c1 - h->c0;

	if (n == 0) {
		cp_ts_brk b = {h->c0, h->c0, false, true, false};
		g_array_append_val(out, b);
		return;
	}

	/* Prefix sums over the hard line. */
	sums s = {0};
	s.cell = &g_array_index(c->cells, cp_ts_cell, h->c0);
	s.gap = &g_array_index(c->gaps, cp_ts_gap, h->c0);
	s.n = n;
	s.P = g_new(double, n + 1);
	s.S = g_new(double, n + 1);
	s.T = g_new(double, n + 1);
	s.E = g_new(uint32_t, n + 1);
	s.P[0] = s.S[0] = s.T[0] = 0.0;
	s.E[0] = 0;
	for (uint32_t i = 0; i < n; i++) {
		const cp_ts_gap *g = &s.gap[i];
		bool inner = i + 1 < n;
		s.P[i + 1] = s.P[i] + s.cell[i].box + (inner ? g->nat : 0.0);
		s.S[i + 1] = s.S[i] + (inner ? g->shrink[0] + g->shrink[1] + g->shrink[2] : 0.0);
		s.T[i + 1] = s.T[i] + (inner ? g->stretch : 0.0);
		s.E[i + 1] = s.E[i] + (inner && g->even ? 1u : 0u);
	}

	/* Emergency break opportunities, in two tiers: first the gaps inside
	 * a word or number of a stretch (between two real opportunities) that
	 * is wider than the measure; then, where a stretch is still too wide
	 * and every cluster of it would fit a line by itself (hostile text:
	 * 100 000 opening brackets), any gap but one before a space or at a
	 * zero-width character, so nothing runs off the page. */
	uint8_t *emerg = g_new0(uint8_t, n);
	double widest = o->measure - o->indent;
	for (int tier = 1; tier <= 2; tier++) {
		for (uint32_t a = 0; a < n;) {
			uint32_t b = a;
			double cell_max = s.cell[a].box;
			while (b + 1 < n && !s.gap[b].brk && emerg[b] == 0) {
				b++;
				cell_max = fmax(cell_max, s.cell[b].box);
			}
			bool too_wide = s.P[b] - s.P[a] + s.cell[b].box > widest + CP_TS_FIT_TOLERANCE;
			if (too_wide && (tier == 1 || cell_max <= widest))
				for (uint32_t i = a; i < b; i++)
					if (tier == 1 ? s.gap[i].urgent
						      : s.cell[i + 1].cls != CP_TS_CL_SPACE &&
								s.cell[i].cls != CP_TS_CL_OTHER &&
								s.cell[i + 1].cls != CP_TS_CL_OTHER)
						emerg[i] = (uint8_t)tier;
			a = b + 1;
		}
	}

	GArray *nodes = g_array_new(FALSE, FALSE, sizeof(node));
	GArray *active = g_array_new(FALSE, FALSE, sizeof(int));
	node start = {-1, -1, 0.0, false, false};
	g_array_append_val(nodes, start);
	int zero = 0;
	g_array_append_val(active, zero);
	int result = -1;

	for (uint32_t e = 0; e < n; e++) {
		bool last = e + 1 == n;
		bool urgent = !last && !s.gap[e].brk && emerg[e] != 0;
		if (!last && !s.gap[e].brk && !urgent)
			continue;
		bool hang_ok = o->hanging && can_hang(&s, e);
		double best = INFINITY;
		int best_prev = -1;
		bool best_hang = false;
		/* the closest node that died here, for an emergency line */
		int dead = -1;

		for (guint k = 0; k < active->len;) {
			int ai = g_array_index(active, int, k);
			const node *a = &g_array_index(nodes, node, ai);
			uint32_t sa = (uint32_t)(a->pos + 1);
			double avail = o->measure - (first && a->pos < 0 ? o->indent : 0.0);
			bool fits_any = false;

			for (int v = 0; v < (hang_ok && e > sa ? 2 : 1); v++) {
				fit f;
				double bad = 0.0;
				line_fit(&s, sa, e, v == 1, &f);
				if (!badness(&f, avail, last, o->justify, &bad))
					continue;
				fits_any = true;
				double d = (LINE_PENALTY + bad) * (LINE_PENALTY + bad);
				if (urgent)
					d += emerg[e] == 1 ? EMERGENCY : DESPERATE;
				if (v == 1)
					d += HANG_PENALTY * HANG_PENALTY;
				if (last && a->pos >= 0 && one_char(&s, sa, e))
					d += ONE_CHAR;
				if (a->total + d < best) {
					best = a->total + d;
					best_prev = ai;
					best_hang = v == 1;
				}
			}
			if (!fits_any) {
				/* overfull from a: so is every later line from a */
				if (dead < 0 || g_array_index(nodes, node, dead).pos < a->pos)
					dead = ai;
				g_array_remove_index(active, k);
				continue;
			}
			k++;
		}
		if (best_prev < 0 && active->len == 0 && dead >= 0) {
			/* emergency: an overfull line from the closest dead node */
			best_prev = dead;
			best = g_array_index(nodes, node, dead).total + OVERFULL;
			best_hang = false;
		}
		if (best_prev < 0)
			continue;
		node nd = {(int)e, best_prev, best, best_hang, urgent};
		g_array_append_val(nodes, nd);
		int ni = (int)nodes->len - 1;
		if (last)
			result = ni;
		else
			g_array_append_val(active, ni);
	}
	g_assert(result >= 0);

	/* Walk back from the end and append the lines in order. */
	guint first_out = out->len;
	for (int ni = result; ni > 0;) {
		const node *nd = &g_array_index(nodes, node, ni);
		const node *pv = &g_array_index(nodes, node, nd->prev);
		cp_ts_brk b = {h->c0 + (uint32_t)(pv->pos + 1), h->c0 + (uint32_t)nd->pos, nd->hang,
			       false, nd->urgent};
		g_array_append_val(out, b);
		ni = nd->prev;
	}
	/* reverse the appended lines */
	for (guint i = first_out, j = out->len - 1; i < j; i++, j--) {
		cp_ts_brk t = g_array_index(out, cp_ts_brk, i);
		g_array_index(out, cp_ts_brk, i) = g_array_index(out, cp_ts_brk, j);
		g_array_index(out, cp_ts_brk, j) = t;
	}
	g_array_unref(active);
	g_array_unref(nodes);
	g_free(emerg);
	g_free(s.P);
	g_free(s.S);
	g_free(s.T);
	g_free(s.E);
}
