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
 *            = 100 * (room / 3 zw)^3            for a ragged (unjustified) line,
 *                                               capped at MAX_BAD as a stretched one
 *   extra    = HANG_PENALTY^2 for a hanging line, ONE_CHAR for a last line of
 *              one character (JLReq 3.8: avoided by re-breaking; in display
 *              text of up to three), WEAK_ADDRESS for a break at a natural
 *              point of a web address, WEAK_WORD for a word boundary inside a
 *              phrase of display text, DIGITS for a line that is spread into
 *              the gaps of a full-width number (its other gaps would pass a
 *              quarter zw), MIDDLE_SOLID for a line that takes
 *              the quarters of a middle dot, DEEP for a line that needs the last
 *              quarter of a lone bracket or comma, SPACED for a line
 *              letter-spaced past a quarter zw a gap, SHORT for a line that
 *              stops short although the next unit would have fitted on it (the
 *              collapse of issue 12: 株 / 式 / 会 / 社…), and OVERFULL for an
 *              emergency line that cannot fit at all.
 *
 * The extras are ordered so that the composer prefers, in turn: a natural
 * point of an address; an ordinary push-in or push-out; a push-out that
 * spreads into full-width digits; a middle dot's quarters; a line left
 * ragged before an address or word that did not fit; the last quarter
 * of a bracket; a break between two letters of a word wider than the line
 * (EMERGENCY); a line letter-spaced past a quarter zw; a break against
 * kinsoku (DESPERATE); and never a line cut short (SHORT): that costs more
 * than any number of other lines, since filling lines greedily always
 * avoids it.
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
 * may break at the natural points of an address (weak breaks, classes.c)
 * and between two of its clusters where only the word holds them
 * together, at EMERGENCY demerits, so its text stays inside the measure
 * instead of running off the page; only if that is not enough (text that
 * is all opening brackets) may it break against the line-start and line-end
 * rules, at DESPERATE demerits. Such lines are flagged and paragraph.c
 * warns. A single cluster wider than the measure still makes an overfull
 * line.
 *
 * Display text (opts.phrase) is balanced afterwards: the same breaking is
 * tried at narrower measures, and the narrowest that keeps the number of
 * lines and the cost class of the breaks gives the lines (balance_phrase).
 *
 * The phases of cp_ts_break_hard, one function each: sums_init (prefix
 * sums), mark_emergencies (emergency tiers), next_candidates (for the
 * short-line test), total_fit (the active-node loop), emit_lines (the walk
 * back). */
#include "typeset/typeset.h"

#include <math.h>
#include <string.h>

#include "typeset/typeset_int.h"

#define LINE_PENALTY 10.0
#define SHRINK_BAD 30.0 /* a full push-in (r = 1) */
#define PUSH_OUT 40.0   /* letter-spacing a Japanese line */
#define HANG_PENALTY 5.0
#define UNDERFULL 1000.0    /* a gap-less line that should stretch */
#define RAGGED 3.0          /* zw of end room that rates as badness 100 */
#define WEAK_ADDRESS 2500.0 /* a break at a natural point of an address */
#define ONE_CHAR 1.0e6
#define WEAK_WORD                                                                                  \
	5.0e6              /* display text: a word boundary inside a phrase                        \
	                    * (worse than a short last line) */
#define MIDDLE_SOLID 3.0e5 /* a middle dot's quarters taken (set solid) */
#define DIGITS 1.0e5       /* a line spread into the digits of a full-width number */
#define DEEP 9.0e6         /* a lone bracket's or comma's last quarter */
#define EMERGENCY 1.0e7    /* a break inside a word wider than the line */
#define SPACED 2.0e7       /* letter-spaced past a quarter zw a gap */
#define RAG_SHORT 3.0e6    /* left ragged before an address or word that did not fit */
#define MAX_BAD 3000.0     /* badness cap (TeX's is 10000): the extras order lines */
#define SHORT                                                                                      \
	1.0e11 /* cut short although the next unit fitted: never,                                  \
	        * unless every other way needs more of them */
#define SHORT_FLUSH                                                                                \
	2.5e6           /* the same, but justified within a quarter zw a gap:                      \
	                 * only to spare a line ragged, solid or spaced past a quarter */
#define DESPERATE 1.0e8 /* a break against kinsoku, when nothing else fits */
#define OVERFULL 1.0e9
#define EPS 1e-6

typedef struct node {
	int pos;      /* the line before ends with this local cell; -1 start */
	int prev;     /* node index or -1 */
	double total; /* demerits so far */
	bool hang;    /* the line ending here hangs its last mark */
	bool urgent;  /* the line ending here ends inside a word */
	bool ragged;  /* the line ending here is left at natural width */
	bool end_aki; /* the line ending here keeps its closing mark's aki */
	uint8_t cost; /* worst break class so far (for balancing) */
} node;

/* The prefix sums of one hard line. */
typedef struct sums {
	const cp_ts_cell *cell; /* the hard line's cells */
	const cp_ts_gap *gap;
	uint32_t n;
	double *P;      /* P[k]: sum over i < k of box_i + gap_i.nat */
	double *S;      /* S[k]: shrink of levels PUNCT and WAOU of gaps i < k */
	double *M;      /* M[k]: middle dots' shrink (level MIDDLE) of gaps i < k */
	double *D;      /* D[k]: level-3 (deep) shrink of gaps i < k */
	double *T;      /* T[k]: level-0 stretch of gaps i < k */
	uint32_t *E;    /* E[k]: even gaps among i < k */
	uint32_t *N;    /* N[k]: gaps between full-width digits among i < k */
	bool digits;    /* N[n] > 0 */
	uint8_t *emerg; /* emergency tier of each gap (0: none) */
	uint32_t *next; /* next[e]: the next ordinary or weak candidate after e */
	/* per cell, so that a line's fit reads a few arrays (line_fit) */
	uint32_t *cend;  /* the last cell at or before i that is not a space,
	                  * or UINT32_MAX */
	double *endw;    /* box + line-end aki of cell i */
	double *head;    /* what a line starting at i adds: a middle dot's
	                  * leading quarter */
	double *headmid; /* ... and keeps from its shrink (the dot's other quarter) */
	double *tailmid; /* what a line ending at i keeps from its shrink */
	double *zw;      /* the type size of cell i */
} sums;

/* A line a..end (local, inclusive; trailing spaces and a hanging mark
 * left out) and its natural width; what it may shrink or stretch is read
 * from the sums only when badness needs it. */
typedef struct fit {
	double width;   /* natural width */
	double end_aki; /* what the line may keep at its end (cp_ts_end_aki) */
	uint32_t a, end;
	double zw; /* the line end's type size, for the stretch's scale */
} fit;

/* inlined: the inner loop of total_fit calls it for every line it tries */
static inline __attribute__((always_inline)) void line_fit(const sums *s, uint32_t a, uint32_t e,
                                                           bool hang, fit *f)
{
	uint32_t end;
	if (hang) {
		/* the mark e hangs: the line is a..e-1 */
		end = e - 1;
		f->width = s->P[end] - s->P[a] + s->cell[end].box;
		f->end_aki = 0.0;
	} else {
		/* trailing spaces are not set */
		end = s->cend[e] != UINT32_MAX && s->cend[e] > a ? s->cend[e] : a;
		f->width = s->P[end] - s->P[a] + s->endw[end];
		f->end_aki = cp_ts_end_aki(&s->cell[end]);
	}
	/* a middle dot keeps its quarter before it at a line start (only
	 * brackets are set solid there, JLReq 3.1.5) */
	f->width += s->head[a];
	f->a = a;
	f->end = end;
	f->zw = s->zw[end];
}

/* What the line may give at levels PUNCT and WAOU. */
static inline double fit_shrink(const sums *s, const fit *f)
{
	return s->S[f->end] - s->S[f->a];
}

/* What the line's middle dots may give: a middle dot at either end keeps
 * the quarter on its outer side, so it keeps the inner one too: both
 * quarters or neither (issue 12). */
static inline double fit_middle(const sums *s, const fit *f)
{
	double v = s->M[f->end] - s->M[f->a];
	if (f->end > f->a) {
		v -= s->tailmid[f->end] + s->headmid[f->a];
		if (v < 0.0)
			v = 0.0;
	}
	return v;
}

/* Badness of setting f in avail, and the extra demerits of how it is set
 * (DEEP, SPACED); false when it cannot fit. */
static inline __attribute__((always_inline)) bool badness(const sums *s, const fit *f, double avail,
                                                          bool last, bool justify, double *bad,
                                                          double *extra)
{
	double need = avail - f->width;

	*extra = 0.0;
	if (need < -EPS) {
		/* push in: only as far as the aki allows */
		double shrink = fit_shrink(s, f);
		if (-need > shrink + CP_TS_FIT_TOLERANCE) {
			/* a middle dot's quarters only when the brackets, commas
			 * and wa-ou-kan are down to their limits: a solid ：
			 * reads worse than a line pushed out (issue 12) */
			double mid = fit_middle(s, f);
			if (-need <= shrink + mid + CP_TS_FIT_TOLERANCE) {
				*bad = SHRINK_BAD;
				*extra = MIDDLE_SOLID;
				return true;
			}
			double deep = s->D[f->end] - s->D[f->a];
			if (-need > shrink + mid + deep + CP_TS_FIT_TOLERANCE)
				return false;
			*bad = SHRINK_BAD;
			*extra = DEEP;
			return true;
		}
		double r = shrink > 0.0 && -need < shrink ? -need / shrink : 1.0;
		*bad = SHRINK_BAD * r * r * r;
		return true;
	}
	if (last || need <= EPS) {
		*bad = 0.0;
		return true;
	}
	/* A ragged style never stretches: its lines are rated by the room
	 * left at their end against a scale of RAGGED zw, so that total fit
	 * fills them without making any very short. Capped as a stretched
	 * line's: uncapped, a line left very short before a unit that cannot
	 * follow it (a long token) cost more, squared, than SHORT, and total
	 * fit cut the line before it short to balance the two (issue 12). */
	if (!justify) {
		double r = need / (RAGGED * f->zw);
		double b = 100.0 * r * r * r;
		*bad = b < MAX_BAD ? b : MAX_BAD;
		return true;
	}
	/* push out: level 0 first, then evenly; the even level's scale is a
	 * quarter zw per gap */
	double stretch = s->T[f->end] - s->T[f->a];
	uint32_t even = s->E[f->end] - s->E[f->a];
	double nominal = stretch + (double)even * f->zw * 0.25;
	if (nominal <= 0.0) {
		*bad = UNDERFULL;
		return true;
	}
	double r = need / nominal;
	double b = 100.0 * r * r * r;
	*bad = b < MAX_BAD ? b : MAX_BAD;
	if (need > stretch + EPS && even > 0)
		*bad += PUSH_OUT;
	if (r > 1.0 + EPS)
		*extra = SPACED;
	return true;
}

/* A line that its even gaps would letter-space past a quarter zw (f, set
 * in avail): the gaps between full-width digits take their share too
 * (justify.c), and when they bring it under a quarter zw a gap the line is
 * charged DIGITS instead of SPACED. Asked only in a hard line that has
 * such gaps, and only when the result could matter (line_demerits). */
static bool spread_digits(const sums *s, const fit *f, double avail, double *bad, double *extra)
{
	uint32_t digits = s->N[f->end] - s->N[f->a];
	if (digits == 0)
		return false;
	double need = avail - f->width;
	double stretch = s->T[f->end] - s->T[f->a];
	uint32_t even = s->E[f->end] - s->E[f->a];
	double wide = stretch + (double)(even + digits) * f->zw * 0.25;
	if (even == 0 || need > wide + EPS)
		return false;
	double r = need / wide;
	*bad = 100.0 * r * r * r + PUSH_OUT;
	*extra = DIGITS;
	return true;
}

/* A last line of at most max characters, with any closing punctuation
 * after them. */
static bool stub(const sums *s, uint32_t a, uint32_t e, uint32_t max)
{
	uint32_t n = 0;
	for (uint32_t i = a; i <= e; i++) {
		uint8_t cls = s->cell[i].cls;
		if (cls == CP_TS_CL_SPACE || cls == CP_TS_CL_CLOSE || cls == CP_TS_CL_COMMA ||
		    cls == CP_TS_CL_FULLSTOP || cls == CP_TS_CL_OTHER)
			continue;
		if (++n > max)
			return false;
	}
	return true;
}

static bool can_hang(const sums *s, uint32_t e)
{
	uint8_t cls = s->cell[e].cls;
	/* JLReq 3.8.2: only 、。，． hang, and only a halved (full-width) one */
	return (cls == CP_TS_CL_COMMA || cls == CP_TS_CL_FULLSTOP) &&
	       s->cell[e].box < s->cell[e].advance;
}

/* Phase 1: prefix sums over the hard line's n cells. */
GArray *cp_ts_nodes_new(void)
{
	return g_array_new(FALSE, FALSE, sizeof(node));
}

static void sums_init(sums *s, const cp_ts_cells *c, const cp_ts_hard *h)
{
	uint32_t n = h->c1 - h->c0;
	s->cell = &g_array_index(c->cells, cp_ts_cell, h->c0);
	s->gap = &g_array_index(c->gaps, cp_ts_gap, h->c0);
	s->n = n;
	/* one block for every array, the paragraph scratch's (no malloc a
	 * hard line: one of 12 KB cost as much as breaking the line):
	 * ten of doubles, four of uint32_t, the emergency bytes last */
	size_t nd = (size_t)n + 1;
	g_byte_array_set_size(c->work,
	                      (guint)(nd * (10 * sizeof(double) + 4 * sizeof(uint32_t) + 1)));
	char *blk = (char *)c->work->data;
	double *dp = (double *)blk;
	s->P = dp, dp += nd;
	s->S = dp, dp += nd;
	s->D = dp, dp += nd;
	s->T = dp, dp += nd;
	s->endw = dp, dp += nd;
	s->head = dp, dp += nd;
	s->headmid = dp, dp += nd;
	s->tailmid = dp, dp += nd;
	s->zw = dp, dp += nd;
	s->M = dp, dp += nd;
	uint32_t *up = (uint32_t *)dp;
	s->E = up, up += nd;
	s->N = up, up += nd;
	s->next = up, up += nd;
	s->cend = up, up += nd;
	s->emerg = (uint8_t *)up;
	memset(s->emerg, 0, nd);
	s->P[0] = s->S[0] = s->M[0] = s->D[0] = s->T[0] = 0.0;
	s->E[0] = s->N[0] = 0;
	for (uint32_t i = 0; i < n; i++) {
		const cp_ts_gap *g = &s->gap[i];
		bool inner = i + 1 < n;
		s->P[i + 1] = s->P[i] + s->cell[i].box + (inner ? g->nat : 0.0);
		s->S[i + 1] =
		    s->S[i] +
		    (inner ? g->shrink[CP_TS_SHRINK_PUNCT] + g->shrink[CP_TS_SHRINK_WAOU] : 0.0);
		s->M[i + 1] = s->M[i] + (inner ? g->shrink[CP_TS_SHRINK_MIDDLE] : 0.0);
		s->D[i + 1] = s->D[i] + (inner ? g->shrink[CP_TS_SHRINK_DEEP] : 0.0);
		s->T[i + 1] = s->T[i] + (inner ? g->stretch : 0.0);
		s->E[i + 1] = s->E[i] + (inner && g->even ? 1u : 0u);
		s->N[i + 1] = s->N[i] + (inner && g->digits ? 1u : 0u);
		const cp_ts_cell *cl = &s->cell[i];
		bool mid = cl->cls == CP_TS_CL_MIDDLE;
		s->cend[i] = cl->cls != CP_TS_CL_SPACE ? i : i > 0 ? s->cend[i - 1] : UINT32_MAX;
		s->endw[i] = cl->box + g->tail;
		s->head[i] = (mid ? cl->lead : 0.0) + cl->edge_lead;
		s->headmid[i] = mid && inner ? g->mid_a : 0.0;
		s->tailmid[i] = mid && i > 0 ? s->gap[i - 1].mid_b : 0.0;
		s->zw[i] = cl->size;
	}
	s->digits = s->N[n] > 0;
}

/* Phase 2: emergency break opportunities, in two tiers: first the gaps
 * inside a word or number of a stretch (between two real or weak
 * opportunities) that is wider than widest; then, where a stretch is still
 * too wide and every cluster of it would fit a line by itself (hostile
 * text: 100 000 opening brackets), any gap but one before a space or at a
 * zero-width character, so nothing runs off the page. A stretch is too
 * wide for a line of measure (of measure - indent when it opens the
 * paragraph). */
static void mark_emergencies(sums *s, double measure, double indent)
{
	uint32_t n = s->n;
	for (int tier = 1; tier <= 2; tier++) {
		/* tier 2 looks only where tier 1 found a stretch too wide: with
		 * none, its stretches are tier 1's and none is too wide */
		bool any_wide = false;
		for (uint32_t a = 0; a < n;) {
			uint32_t b = a;
			double cell_max = s->cell[a].box;
			while (b + 1 < n && !s->gap[b].brk && s->gap[b].weak == CP_TS_WEAK_NONE &&
			       s->emerg[b] == 0) {
				b++;
				cell_max = fmax(cell_max, s->cell[b].box);
			}
			double widest = a == 0 ? measure - indent : measure;
			bool too_wide =
			    s->P[b] - s->P[a] + s->cell[b].box > widest + CP_TS_FIT_TOLERANCE;
			any_wide = any_wide || too_wide;
			if (too_wide && (tier == 1 || cell_max <= widest))
				for (uint32_t i = a; i < b; i++)
					if (tier == 1 ? s->gap[i].urgent
					              : s->cell[i + 1].cls != CP_TS_CL_SPACE &&
					                    s->cell[i].cls != CP_TS_CL_OTHER &&
					                    s->cell[i + 1].cls != CP_TS_CL_OTHER)
						s->emerg[i] = (uint8_t)tier;
			a = b + 1;
		}
		if (!any_wide)
			break;
	}
}

/* Phase 3: next[e], the first ordinary or weak candidate after e (or the
 * hard line's last cell): the unit a line ending at e leaves to the next. */
static void next_candidates(sums *s)
{
	uint32_t nx = s->n - 1;
	for (uint32_t i = s->n; i-- > 0;) {
		s->next[i] = nx;
		if (s->gap[i].brk || s->gap[i].weak != CP_TS_WEAK_NONE)
			nx = i;
	}
}

/* The extra demerits of a break at e by its kind. */
static inline __attribute__((always_inline)) double break_cost(const sums *s, const cp_ts_opts *o,
                                                               uint32_t e, bool last, uint8_t *cost)
{
	*cost = 0;
	if (last)
		return 0.0;
	if (!s->gap[e].brk && s->emerg[e] != 0) {
		*cost = s->emerg[e] == 1 ? 3 : 4;
		return s->emerg[e] == 1 ? EMERGENCY : DESPERATE;
	}
	if (!s->gap[e].brk && s->gap[e].weak == CP_TS_WEAK_WORD) {
		*cost = 2;
		return o->phrase_only ? OVERFULL : WEAK_WORD;
	}
	if (!s->gap[e].brk && s->gap[e].weak == CP_TS_WEAK_ADDRESS) {
		*cost = 1;
		return WEAK_ADDRESS;
	}
	return 0.0;
}

/* May a line ending at e be left ragged rather than letter-spaced? When
 * it ends at a natural point of a web address, or when it is Japanese
 * (its last character is not Western: Western text spreads its word
 * spaces) and stands before a unit (up to the next candidate) holding a
 * Western letter: an address or a word that did not fit on the line. (A
 * number does not count: JLReq spreads the line before it.) */
static inline __attribute__((always_inline)) bool may_rag(const sums *s, uint32_t e)
{
	if (s->gap[e].weak == CP_TS_WEAK_ADDRESS)
		return true;
	if (e + 1 >= s->n || s->cend[e] == UINT32_MAX ||
	    s->cell[s->cend[e]].cls == CP_TS_CL_WESTERN)
		return false;
	for (uint32_t i = e + 1; i <= s->next[e]; i++)
		if (s->cell[i].cls == CP_TS_CL_WESTERN && g_unichar_isalpha(s->cell[i].ch))
			return true;
	return false;
}

/* Demerits of the line sa..e set in avail (variant v: 1 hangs the mark
 * e), or a negative value when it cannot fit; *ragged when the line is
 * better left at its natural width than letter-spaced past a quarter zw:
 * a line that ends with a piece of a web address, or before an address or
 * word that did not fit on it (issue 12: the line before an e-mail address
 * was spread to 1 zw a gap). */
static inline __attribute__((always_inline)) double
fit_demerits(const sums *s, const cp_ts_opts *o, const fit *f, double avail, bool last,
             double bound, bool rag_ok, bool *ragged, const bool relaxed)
{
	double bad = 0.0;
	double extra = 0.0;
	*ragged = false;
	if (!badness(s, f, avail, last, o->justify, &bad, &extra))
		return -1.0;
	double d = (LINE_PENALTY + bad) * (LINE_PENALTY + bad) + extra;
	if (extra == SPACED) {
		/* spread into the digits of a full-width number, or else left
		 * ragged, when either could matter */
		double rag = (LINE_PENALTY + 100.0) * (LINE_PENALTY + 100.0) + RAG_SHORT;
		if (relaxed && s->digits && bound > DIGITS &&
		    spread_digits(s, f, avail, &bad, &extra))
			d = (LINE_PENALTY + bad) * (LINE_PENALTY + bad) + extra;
		else if (!last && rag < bound && rag_ok && rag < d) {
			d = rag;
			*ragged = true;
		}
	}
	return d;
}

static inline __attribute__((always_inline)) double
line_demerits(const sums *s, const cp_ts_opts *o, uint32_t sa, uint32_t e, int v, double avail,
              bool last, double bound, bool rag_ok, bool *ragged, bool *keep, fit *fp,
              const bool relaxed)
{
	fit f;
	line_fit(s, sa, e, v == 1, &f);
	*fp = f;
	*keep = false;
	double d = fit_demerits(s, o, &f, avail, last, bound, rag_ok, ragged, relaxed);
	/* a justified line ending with a closing mark may keep the mark's
	 * aki (typeset_int.h: cp_ts_end_aki) when that sets it better */
	if (o->justify && !last && f.end_aki > 0.0 && f.width < avail - EPS) {
		fit k = f;
		k.width += f.end_aki;
		bool rk = false;
		double dk = fit_demerits(s, o, &k, avail, last, bound, rag_ok, &rk, relaxed);
		if (dk >= 0.0 && !rk && (d < 0.0 || dk < d)) {
			d = dk;
			*ragged = false;
			*keep = true;
			*fp = k;
		}
	}
	if (d >= 0.0 && v == 1)
		d += HANG_PENALTY * HANG_PENALTY;
	return d;
}

/* Is the line sa..e (fit f) cut short although the next unit would have
 * fitted on it at its natural width? (Display text is balanced on purpose
 * and exempt.) Asked only of a line that would otherwise be chosen. */
static inline __attribute__((always_inline)) bool cut_short(const sums *s, const cp_ts_opts *o,
                                                            uint32_t sa, uint32_t e, double avail,
                                                            bool last, const fit *f)
{
	if (last || o->phrase || f->width >= avail - f->zw - EPS)
		return false;
	fit g;
	line_fit(s, sa, s->next[e], false, &g);
	return g.width <= avail + CP_TS_FIT_TOLERANCE;
}

/* What a line cut short costs (f, set in avail; ragged as line_demerits
 * left it): SHORT_FLUSH when it is justified by an ordinary push-out,
 * within a quarter zw a gap (a line with no gap to stretch stays at its
 * natural width), else SHORT. Asked only of a line cut short, so its
 * badness is worked out again here rather than carried through the inner
 * loop. */
static double short_cost(const sums *s, const cp_ts_opts *o, const fit *f, double avail,
                         bool ragged)
{
	double bad = 0.0;
	double extra = 0.0;
	if (ragged || !o->justify || !badness(s, f, avail, false, true, &bad, &extra))
		return SHORT;
	return extra == 0.0 && bad < UNDERFULL ? SHORT_FLUSH : SHORT;
}

/* A floor under line_demerits for a justified line that is not the last
 * and falls short of the measure by more than its stretch can take:
 * SPACED (2e7), the rag that replaces it (110^2 + RAG_SHORT), a spread
 * into digits ((10 + 40)^2 + DIGITS) or a line with nothing to stretch
 * (UNDERFULL: 1010^2) all cost more. */
#define SHORT_FLOOR 1.0e5

/* Is the line sa..e (not hanging) certainly such a line in avail? With a
 * margin on both tests, so that it agrees with badness whatever the last
 * bit of a sum. */
static inline __attribute__((always_inline)) bool clearly_short(const sums *s, uint32_t sa,
                                                                uint32_t e, double avail)
{
	fit f;
	line_fit(s, sa, e, false, &f);
	double need = avail - f.width;
	if (need <= 1000.0 * EPS)
		return false;
	double stretch = s->T[f.end] - s->T[f.a];
	uint32_t even = s->E[f.end] - s->E[f.a];
	double nominal = stretch + (double)even * f.zw * 0.25;
	return nominal <= 0.0 || need > nominal * (1.0 + 1000.0 * EPS);
}

/* Phase 4: total fit over the candidates; returns the index of the node
 * that ends the hard line. Relaxed, a line may also be spread into the
 * digits of a full-width number (DIGITS) or be cut short but justified
 * within a quarter zw a gap (SHORT_FLUSH); cp_ts_break_hard asks for that
 * only when the strict pass set a line badly (needs_relaxed), so the
 * common paragraph pays nothing for them. Inlined into two copies, one
 * for each value of relaxed. */
static inline __attribute__((always_inline)) int total_fit_impl(const sums *s, const cp_ts_opts *o,
                                                                bool first, GArray *nodes,
                                                                GArray *active, const bool relaxed)
{
	uint32_t n = s->n;
	g_array_set_size(active, 0);
	node start = {.pos = -1, .prev = -1};
	g_array_append_val(nodes, start);
	int zero = 0;
	g_array_append_val(active, zero);
	int result = -1;

	for (uint32_t e = 0; e < n; e++) {
		bool last = e + 1 == n;
		uint8_t cost = 0;
		if (!last && !s->gap[e].brk && s->gap[e].weak == CP_TS_WEAK_NONE &&
		    s->emerg[e] == 0)
			continue;
		double brk_d = break_cost(s, o, e, last, &cost);
		bool rag_ok = o->justify && !last && may_rag(s, e);
		bool urgent = cost >= 3;
		bool hang_ok = o->hanging && can_hang(s, e);
		/* a line from an active node that cannot beat the best so far
		 * even at SHORT_FLOOR, and is certainly that short, is not
		 * rated: it fits, and the newer nodes, which give the short
		 * lines, are the most of a line's candidates */
		bool may_skip = o->justify && !last;
		double best = INFINITY;
		int best_prev = -1;
		bool best_hang = false;
		bool best_ragged = false;
		bool best_keep = false;
		/* the closest node that died here, for an emergency line */
		int dead = -1;

		for (guint k = 0; k < active->len;) {
			int ai = g_array_index(active, int, k);
			const node *a = &g_array_index(nodes, node, ai);
			uint32_t sa = (uint32_t)(a->pos + 1);
			double avail = o->measure - (first && a->pos < 0 ? o->indent : 0.0);
			if (may_skip && !(hang_ok && e > sa) &&
			    a->total + (SHORT_FLOOR + brk_d) >= best &&
			    clearly_short(s, sa, e, avail)) {
				k++;
				continue;
			}
			bool fits_any = false;

			for (int v = 0; v < (hang_ok && e > sa ? 2 : 1); v++) {
				bool ragged = false;
				bool keep = false;
				fit f;
				double d = line_demerits(s, o, sa, e, v, avail, last,
				                         best - a->total - brk_d, rag_ok, &ragged,
				                         &keep, &f, relaxed);
				if (d < 0.0)
					continue;
				fits_any = true;
				d += brk_d;
				if (last && a->pos >= 0 && stub(s, sa, e, o->phrase ? 3 : 1))
					d += ONE_CHAR;
				if (a->total + d < best && cut_short(s, o, sa, e, avail, last, &f))
					d += relaxed ? short_cost(s, o, &f, avail, ragged) : SHORT;
				if (a->total + d < best) {
					best = a->total + d;
					best_prev = ai;
					best_hang = v == 1;
					best_ragged = ragged;
					best_keep = keep;
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
			best_ragged = false;
			best_keep = false;
			cost = 5;
		}
		if (best_prev < 0)
			continue;
		uint8_t worst = g_array_index(nodes, node, best_prev).cost;
		node nd = {.pos = (int)e,
		           .prev = best_prev,
		           .total = best,
		           .hang = best_hang,
		           .urgent = urgent,
		           .ragged = best_ragged,
		           .end_aki = best_keep,
		           .cost = cost > worst ? cost : worst};
		g_array_append_val(nodes, nd);
		int ni = (int)nodes->len - 1;
		if (last)
			result = ni;
		else
			g_array_append_val(active, ni);
	}
	g_assert(result >= 0);
	return result;
}

static int total_fit(const sums *s, const cp_ts_opts *o, bool first, GArray *nodes, GArray *active,
                     bool relaxed)
{
	return relaxed ? total_fit_impl(s, o, first, nodes, active, true)
	               : total_fit_impl(s, o, first, nodes, active, false);
}

/* Did the strict pass set a line badly: ragged, letter-spaced past a
 * quarter zw, with a middle dot or a lone bracket solid, cut short (each
 * line's demerits are its node's total less its predecessor's)? Then a
 * relaxed pass may do better. */
static bool needs_relaxed(const GArray *nodes, int result)
{
	for (int ni = result; ni > 0;) {
		const node *nd = &g_array_index(nodes, node, ni);
		const node *pv = &g_array_index(nodes, node, nd->prev);
		if (nd->total - pv->total >= MIDDLE_SOLID)
			return true;
		ni = nd->prev;
	}
	return false;
}

/* Phase 5: walk back from the end and append the lines in order. */
static void emit_lines(const cp_ts_hard *h, const GArray *nodes, int result, GArray *out)
{
	guint first_out = out->len;
	for (int ni = result; ni > 0;) {
		const node *nd = &g_array_index(nodes, node, ni);
		const node *pv = &g_array_index(nodes, node, nd->prev);
		cp_ts_brk b = {.c0 = h->c0 + (uint32_t)(pv->pos + 1),
		               .c1 = h->c0 + (uint32_t)nd->pos,
		               .hang = nd->hang,
		               .urgent = nd->urgent,
		               .ragged = nd->ragged,
		               .end_aki = nd->end_aki};
		g_array_append_val(out, b);
		ni = nd->prev;
	}
	/* reverse the appended lines */
	for (guint i = first_out, j = out->len - 1; i < j; i++, j--) {
		cp_ts_brk t = g_array_index(out, cp_ts_brk, i);
		g_array_index(out, cp_ts_brk, i) = g_array_index(out, cp_ts_brk, j);
		g_array_index(out, cp_ts_brk, j) = t;
	}
}

/* The number of lines from node result and the worst break class. */
static guint count_lines(const GArray *nodes, int result, uint8_t *cost)
{
	guint k = 0;
	*cost = g_array_index(nodes, node, result).cost;
	for (int ni = result; ni > 0; ni = g_array_index(nodes, node, ni).prev)
		k++;
	return k;
}

/* Display text: the narrowest measure (to 1/64 of the measure) that sets
 * the hard line in as many lines, with breaks no worse, than the full
 * measure does; lines of similar length instead of full lines and a short
 * last one. */
static double balance_phrase(sums *s, const cp_ts_opts *o, bool first, guint lines, uint8_t cost)
{
	double lo = o->measure / (double)lines * 0.5;
	double hi = o->measure;
	cp_ts_opts t = *o;
	GArray *nodes = g_array_new(FALSE, FALSE, sizeof(node));
	GArray *active = g_array_new(FALSE, FALSE, sizeof(int));
	for (int it = 0; it < 6 && hi - lo > o->measure / 64.0; it++) {
		double mid = (lo + hi) / 2.0;
		t.measure = mid;
		memset(s->emerg, 0, s->n);
		mark_emergencies(s, mid, first ? o->indent : 0.0);
		g_array_set_size(nodes, 0);
		int r = total_fit(s, &t, first, nodes, active, false);
		uint8_t c = 0;
		if (count_lines(nodes, r, &c) == lines && c <= cost)
			hi = mid;
		else
			lo = mid;
	}
	g_array_unref(nodes);
	g_array_unref(active);
	return hi;
}

void cp_ts_break_hard(const cp_ts_cells *c, const cp_ts_hard *h, const cp_ts_opts *o, bool first,
                      GArray *out)
{
	if (h->c1 == h->c0) {
		cp_ts_brk b = {.c0 = h->c0, .c1 = h->c0, .empty = true};
		g_array_append_val(out, b);
		return;
	}
	sums s = {0};
	sums_init(&s, c, h);
	double indent = first ? o->indent : 0.0;
	mark_emergencies(&s, o->measure, indent);
	next_candidates(&s);
	GArray *nodes = c->nodes;
	g_array_set_size(nodes, 0);
	int result = total_fit(&s, o, first, nodes, c->active, false);
	if (o->justify && !o->phrase && needs_relaxed(nodes, result)) {
		g_array_set_size(nodes, 0);
		result = total_fit(&s, o, first, nodes, c->active, true);
	}
	uint8_t cost = 0;
	guint lines = count_lines(nodes, result, &cost);
	if (o->phrase && lines >= 2 && cost == 2) {
		/* a word boundary inside a phrase was cheaper than a line much
		 * shorter than the others, or than one line more: if the
		 * phrases alone can set the text, they win (issue 12: display
		 * text breaks between phrases), in as many lines when the style
		 * keeps only its first lines, else in one more if need be (the
		 * balancing below evens the lines out) */
		cp_ts_opts t = *o;
		t.phrase_only = true;
		GArray *alt = g_array_new(FALSE, FALSE, sizeof(node));
		int r = total_fit(&s, &t, first, alt, c->active, false);
		uint8_t c2 = 0;
		guint n2 = count_lines(alt, r, &c2);
		if (c2 < 2 && (n2 == lines || (!o->line_limit && n2 == lines + 1))) {
			g_array_set_size(nodes, 0);
			g_array_append_vals(nodes, alt->data, alt->len);
			result = r;
			cost = c2;
			lines = n2;
		}
		g_array_unref(alt);
	}
	if (o->phrase && lines >= 2) {
		cp_ts_opts t = *o;
		t.measure = balance_phrase(&s, o, first, lines, cost);
		memset(s.emerg, 0, s.n);
		mark_emergencies(&s, t.measure, indent);
		g_array_set_size(nodes, 0);
		result = total_fit(&s, &t, first, nodes, c->active, false);
	}
	emit_lines(h, nodes, result, out);
}
