/* line_length.h - the line-length invariant of issue 12, one copy for the
 * JLReq cases (tests/jlreq/test_jlreq.c, op `short`) and the paragraph
 * fuzz target (tests/fuzz/fuzz_paragraph.c). */
#ifndef CP_TESTS_JLREQ_LINE_LENGTH_H
#define CP_TESTS_JLREQ_LINE_LENGTH_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

#include "typeset/typeset.h"

/* True when a line of p (of one size zw, without display balancing) is
 * shorter than the measure less one zw although the unit after it (up to
 * its first break opportunity) would have fitted on it even with half a zw
 * of space between them; then msg (n bytes) says which line and by how
 * much. indent: the first line's. */
static inline bool cp_test_short_line(const cp_ts_para *p, double measure, double indent, double zw,
                                      char *msg, size_t n)
{
	for (size_t i = 0; i + 1 < p->n_lines; i++) {
		const cp_ts_line *l = &p->lines[i];
		const cp_ts_line *next = &p->lines[i + 1];
		double avail = measure - (i == 0 ? indent : 0.0);
		if (!next->broken || next->n_boxes == 0 || l->natural >= avail - zw - 0.01)
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
			for (size_t b = 0; b < m->n_boxes && !done; b++) {
				part = m->boxes[b].x + m->boxes[b].width - m->boxes[0].x;
				done = m->boxes[b].brk_after;
			}
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
