/* pages.c - what every page but the cover and blank pages carries: the
 * running head (the issue on verso pages, the section on recto pages, both
 * at the outer edge) and the folio (at the outer edge by default). Added
 * last, when every page exists.
 *
 * On a vertical layout (b5-tate) the running head (hashira) stands where
 * Japanese magazines set in tategaki put it: horizontal, in the top margin
 * at the outer corner, flush with the outer edge of the vertical type
 * area; right binding puts the outer edge on the left of odd pages, so the
 * section's head (odd pages, left-hand) starts at the area's left edge and
 * the issue's (even pages, right-hand) ends at its right edge. The folio
 * stands under the vertical area's foot at the same edge. */
#include "compose/compose_int.h"

#include <string.h>

void cp_compose_page_furniture(cp_compose *c)
{
	const cp_layout *L = c->layout;
	const cp_geom *g = &c->g;
	double head_off = cp_unit_to_pt(L->head_offset.len, g->size);
	double folio_off = cp_unit_to_pt(L->folio_offset.len, g->size);
	const char *issue_head = cp_arena_printf(c->dl->arena, "%s　%s", cp_compose_issue_mark(c),
	                                         cp_compose_date_ja(c));
	/* the frame the head and folio align on: the type area, or the
	 * vertical type area of a vertical layout */
	bool vbody = cp_compose_body_vertical(c);
	double area_w = vbody ? c->vg.area_w : g->area_w;
	double area_bottom = vbody ? c->vg.area_top + c->vg.area_h : g->area_top + g->area_h;
	for (size_t p = 0; p < cp_compose_page_count(c); p++) {
		const cp_page_info *info = &g_array_index(c->info, cp_page_info, p);
		if (info->role == CP_PAGE_COVER || info->role == CP_PAGE_BLANK)
			continue;
		cp_dl_page *page = cp_compose_page(c, p);
		double x = vbody ? cp_compose_varea_x(c, p) : cp_compose_area_x(c, p);
		/* the outer edge is the one away from the binding */
		bool outer_right = cp_compose_binding_left(c, p);

		/* the folio */
		cp_ts_style fs = c->styles[CP_STYLE_FOLIO];
		fs.align = L->folio_position == CP_FOLIO_BOTTOM_CENTER ? CP_TS_CENTER
		           : outer_right                               ? CP_TS_END
		                                                       : CP_TS_START;
		double fy = L->folio_position == CP_FOLIO_TOP_OUTER ? g->area_top - folio_off
		                                                    : area_bottom + folio_off;
		g_autoptr(cp_ts_para) fp =
		    cp_compose_set_text(c, &fs, page->label, CP_SPAN_NONE, area_w);
		cp_compose_emit_para(c, page, fp, x, fy);
		page->folio_printed = true;

		/* the running head: issue on the verso, section on the recto */
		if (L->head_position == CP_HEAD_NONE)
			continue;
		bool recto = p % 2 == 0;
		const char *text = recto && info->head != NULL ? info->head : issue_head;
		cp_ts_style hs = c->styles[CP_STYLE_RUNNING_HEAD];
		hs.align = outer_right ? CP_TS_END : CP_TS_START;
		double hy = L->head_position == CP_HEAD_TOP ? g->area_top - head_off
		                                            : area_bottom + head_off;
		/* keep clear of a folio on the same edge */
		double hw = area_w * 0.8;
		double hx = outer_right ? x + area_w - hw : x;
		g_autoptr(cp_ts_para) hp = cp_compose_set_text(c, &hs, text, CP_SPAN_NONE, hw);
		if (hp->n_lines > 0)
			cp_compose_emit_line(c, page, &hp->lines[0], hx, hy);
		/* a short accent rule under the head, at the outer edge */
		double ry = hy + cp_compose_len(c, L->head_rule.gap);
		double rl = cp_compose_len(c, L->head_rule.length);
		double rx0 = outer_right ? x + area_w - rl : x;
		cp_compose_rule(page, rx0, ry, rx0 + rl, ry, cp_compose_len(c, L->head_rule.weight),
		                L->accent);
	}
}
