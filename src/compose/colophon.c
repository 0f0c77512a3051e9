/* colophon.c - the colophon (okuzuke): who publishes, edits and prints the
 * issue, and when, at the foot of the last page, as Japanese booklets do. */
#include "compose/compose_int.h"

#include <string.h>

/* The block's measure as a share of the type area: the rows read as a
 * narrow block, as an okuzuke does, on any page width (a proportion, so
 * not a length key). The label column, in characters of the colophon
 * style: the longest label (所在地, 連絡先) and one and a half of air, so
 * it follows the labels, which are fixed, and the style's size. The name
 * sits on a line of its size times NAME_LEADING. The rule over it, in
 * points: a weight, not a distance. */
#define COLOPHON_MEASURE_SHARE 0.62
#define COLOPHON_LABEL_CHARS 4.5
#define COLOPHON_NAME_LEADING 1.2
#define COLOPHON_RULE_WEIGHT 0.6

void cp_compose_colophon(cp_compose *c, const cp_part *part)
{
	const cp_model *m = c->m;
	const cp_layout_colophon *L = &c->layout->colophon;
	double rule_gap = cp_compose_len(c, L->rule_gap);
	double note_gap = cp_compose_len(c, L->note_gap);
	cp_dl_page *page = cp_compose_page_add(c, CP_PAGE_COLOPHON, "奥付");
	size_t pi = cp_compose_page_count(c) - 1;
	double x = cp_compose_area_x(c, pi);
	double w = c->g.area_w * COLOPHON_MEASURE_SHARE;
	cp_compose_outline(c, page, 1, "奥付", cp_compose_grid_top(c, 0));

	/* label / value rows, bottom-aligned in the type area */
	const struct {
		const char *label;
		const cp_text *value;
	} rows[] = {
	    {"発行", &m->publisher}, {"編集", &m->editor},  {"所在地", &m->address},
	    {"連絡先", &m->contact}, {"印刷", &m->printer},
	};
	const cp_ts_style *vs = &c->styles[CP_STYLE_COLOPHON];
	cp_ts_style ls = c->styles[CP_STYLE_CARD_LABEL];
	ls.size = vs->size;
	double label_w = COLOPHON_LABEL_CHARS * vs->size;
	const cp_ts_style *ns = &c->styles[CP_STYLE_CARD_TEXT];

	/* measure first: rows, then the note under them */
	size_t n_rows = 0;
	cp_ts_para *vals[G_N_ELEMENTS(rows)] = {0};
	double h = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		if (rows[i].value->s == NULL)
			continue;
		vals[i] =
		    cp_compose_set_text(c, vs, rows[i].value->s, rows[i].value->span, w - label_w);
		h += vals[i]->n_lines * vs->pitch;
		n_rows++;
	}
	g_autoptr(cp_ts_para) note = NULL;
	if (m->note.s != NULL) {
		note = cp_compose_set_text(c, ns, m->note.s, m->note.span, w);
		h += note_gap + cp_compose_block_height(ns, note->n_lines);
	}
	const cp_ts_style *ts = &c->styles[CP_STYLE_SECTION];
	double title_h = ts->size * COLOPHON_NAME_LEADING + vs->pitch + rule_gap;
	double bottom = c->g.area_top + c->g.area_h;
	double y = bottom - h - title_h;

	/* the magazine's name and issue over a rule */
	cp_compose_rule(page, x, y - rule_gap, x + w, y - rule_gap, COLOPHON_RULE_WEIGHT,
	                c->layout->accent);
	g_autofree char *name = g_strdup_printf("%s　Vol.%d", m->magazine.s, m->number);
	g_autoptr(cp_ts_para) np = cp_compose_set_text(c, ts, name, m->magazine.span, w);
	cp_compose_emit_para(c, page, np, x, y + cp_compose_em_base(c, ts));
	y += ts->size * COLOPHON_NAME_LEADING + cp_compose_len(c, L->after_name);
	const char *date = cp_arena_printf(c->dl->arena, "%s発行", cp_compose_date_ja(c));
	g_autoptr(cp_ts_para) dp = cp_compose_set_text(c, vs, date, m->date.span, w);
	cp_compose_emit_para(c, page, dp, x, y + cp_compose_em_base(c, vs));
	y += vs->pitch + cp_compose_len(c, L->after_date);

	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		if (vals[i] == NULL)
			continue;
		double base = y + cp_compose_em_base(c, vs);
		g_autoptr(cp_ts_para) lp =
		    cp_compose_set_text(c, &ls, rows[i].label, part->span, label_w);
		cp_compose_emit_para(c, page, lp, x, base);
		cp_compose_emit_para(c, page, vals[i], x + label_w, base);
		y += vals[i]->n_lines * vs->pitch;
		cp_ts_para_free(vals[i]);
	}
	if (note != NULL) {
		y += note_gap;
		cp_compose_emit_para(c, page, note, x, y + cp_compose_em_base(c, ns));
	}
}
