/* line_length.h - the line-length invariant of issue 12, one copy for the
 * JLReq cases (tests/jlreq/test_jlreq.c, op `short`) and the paragraph
 * fuzz target (tests/fuzz/fuzz_paragraph.c). */
#ifndef CP_TESTS_JLREQ_LINE_LENGTH_H
#define CP_TESTS_JLREQ_LINE_LENGTH_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

#include "typeset/typeset.h"

/* Line i's widest gap between two kana or kanji, in zw. */
static inline double cp_test_widest_kana_gap(const cp_ts_para *p, size_t i, double zw)
{
	const cp_ts_line *l = &p->lines[i];
	double widest = 0.0;
	for (size_t b = 0; b + 1 < l->n_boxes; b++) {
		const cp_ts_box *x = &l->boxes[b];
		const cp_ts_box *y = &l->boxes[b + 1];
		bool kx = x->cls == CP_TS_CL_KANA || x->cls == CP_TS_CL_IDEO;
		bool ky = y->cls == CP_TS_CL_KANA || y->cls == CP_TS_CL_IDEO;
		if (kx && ky && (y->x - (x->x + x->width)) / zw > widest)
			widest = (y->x - (x->x + x->width)) / zw;
	}
	return widest;
}

/* Are line l's boxes in text order (no right-to-left text reordered them)? */
static inline bool cp_test_in_text_order(const cp_ts_line *l)
{
	for (size_t b = 1; b < l->n_boxes; b++)
		if (l->boxes[b].start < l->boxes[b - 1].start)
			return false;
	return true;
}

static inline int cp_test_box_by_start(const void *a, const void *b)
{
	uint32_t x = ((const cp_ts_box *)a)->start;
	uint32_t y = ((const cp_ts_box *)b)->start;
	return x < y ? -1 : x > y;
}

/* True when a line of p (of one size zw, without display balancing) is
 * shorter than the measure less one zw although the unit after it (up to
 * its first break opportunity, at its natural width) would have fitted on it
 * even with half a zw of space between them, and the line is not brought to the measure by an
 * ordinary push-out (justified, no gap between two kana or kanji widened
 * past a quarter zw; the rest taken by the spaces of punctuation and Latin
 * words within the layout's limits, which may average more than a quarter
 * a gap on a line with a full stop or a Latin word: the fuzz target found
 * such a line at 0.26 zw a gap): the composer takes such a flush line only
 * to spare another one that would be ragged, set solid or letter-spaced
 * past a quarter (breaks.c, SHORT_FLUSH). Then msg (n bytes) says which line and by how much.
 * indent: the first line's. */
static inline bool cp_test_short_line(const cp_ts_para *p, double measure, double indent, double zw,
                                      char *msg, size_t n)
{
	for (size_t i = 0; i + 1 < p->n_lines; i++) {
		const cp_ts_line *l = &p->lines[i];
		const cp_ts_line *next = &p->lines[i + 1];
		double avail = measure - (i == 0 ? indent : 0.0);
		if (!next->broken || next->n_boxes == 0 || l->natural >= avail - zw - 0.01)
			continue;
		if (l->justified && l->n_boxes > 1 && fabs(l->width - avail) <= 0.01 &&
		    cp_test_widest_kana_gap(p, i, zw) <= 0.25 + 0.001)
			continue;
		/* the space between the line and the unit is not in the boxes:
		 * half a zw is allowed for it, so lines that end with more than
		 * one word space are not judged */
		const cp_ts_box *lb = l->n_boxes > 0 ? &l->boxes[l->n_boxes - 1] : NULL;
		if (lb == NULL || l->end > lb->start + lb->len + 1)
			continue;
		/* the unit runs on over lines that end inside it (an
		 * emergency break) up to a break opportunity */
		double unit = 0.0;
		bool done = false;
		for (size_t j = i + 1; j < p->n_lines && !done; j++) {
			const cp_ts_line *m = &p->lines[j];
			double part = 0.0;
			if (cp_test_in_text_order(m)) {
				for (size_t b = 0; b < m->n_boxes && !done; b++) {
					part = m->boxes[b].x + m->boxes[b].width - m->boxes[0].x;
					done = m->boxes[b].brk_after;
				}
			} else {
				/* right-to-left text reordered the boxes: the unit is
				 * the text's first boxes, not the leftmost; their
				 * widths alone (gaps left out) are its least width */
				g_autofree cp_ts_box *lg =
				    g_memdup2(m->boxes, m->n_boxes * sizeof *lg);
				qsort(lg, m->n_boxes, sizeof *lg, cp_test_box_by_start);
				for (size_t b = 0; b < m->n_boxes && !done; b++) {
					part += lg[b].width;
					done = lg[b].brk_after;
				}
			}
			/* the composer judges the unit at its natural width: on a
			 * line pushed in it was set narrower, by at most what the
			 * whole line gave (a unit of 47 word spaces was 15 pt
			 * narrower there than at its natural width) */
			if (m->natural > m->width)
				part += m->natural - m->width;
			unit += part;
			done = done || m->last || (j + 1 < p->n_lines && !p->lines[j + 1].broken);
		}
		if (l->natural + unit + 0.5 * zw <= avail) {
			g_snprintf(msg, n,
			           "line %zu is %.2f pt of %.2f and the next unit of %.2f pt "
			           "would have fitted",
			           i + 1, l->natural, avail, unit);
			return true;
		}
	}
	return false;
}

#endif
