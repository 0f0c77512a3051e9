/* cover.c - the cover: the magazine's name, number and date, the cover photo
 * set like a print on warm paper, the headline, and what is inside.
 * The cover carries no running head and no folio. */
#include "compose/compose_int.h"

#include <math.h>
#include <string.h>

#define MM CP_MM_TO_PT

/* One line of text in a style at (x, baseline) aligned within w. */
static void put_line(cp_compose *c, cp_dl_page *page, const cp_ts_style *style, const char *text,
		     cp_span span, double x, double baseline, double w)
{
	g_autoptr(cp_ts_para) para = cp_compose_set_text(c, style, text, span, w);
	cp_compose_emit_para(c, page, para, x, baseline);
}

void cp_compose_cover(cp_compose *c, const cp_part *part)
{
	const cp_model *m = c->m;
	const cp_geom *g = &c->g;
	cp_dl_page *page = cp_compose_page_add(c, CP_PAGE_COVER, NULL);
	size_t pi = cp_compose_page_count(c) - 1;
	double x = cp_compose_area_x(c, pi);
	double w = g->area_w;
	cp_compose_outline(c, page, 1, "表紙", 0);

	/* warm paper: a light tint over the whole sheet, bleed included */
	cp_color paper = cp_color_cmyk(0, 0.04, 0.10, 0);
	cp_compose_rect(page, -g->bleed, -g->bleed, g->page_w + 2 * g->bleed,
			g->page_h + 2 * g->bleed, &paper, 0, NULL);

	/* the name, large, with number and date set against its baseline */
	const cp_ts_style *ns = &c->styles[CP_STYLE_COVER_MAGAZINE];
	double name_base = 16 * MM + ns->size * 0.74;
	put_line(c, page, ns, m->magazine.s, m->magazine.span, x - ns->size * 0.04, name_base, w);
	cp_ts_style ms = c->styles[CP_STYLE_COVER_META];
	ms.align = CP_TS_END;
	const char *mark = cp_arena_printf(c->dl->arena, "Vol.%d", m->number);
	const char *date = cp_arena_printf(c->dl->arena, "%s発行", cp_compose_date_ja(c));
	put_line(c, page, &ms, m->publisher.s, m->publisher.span, x, name_base, w);
	put_line(c, page, &ms, date, m->date.span, x, name_base - ms.size * 1.9, w);
	cp_ts_style big = ms;
	big.size = ms.size * 2.2;
	big.weight = 700;
	big.color = c->layout->accent;
	put_line(c, page, &big, mark, m->number_span, x, name_base - ms.size * 4.4, w);

	/* a rule, and the feature's title under it */
	double y = name_base + 5 * MM;
	cp_compose_rule(page, x, y, x + w, y, 0.6, cp_color_gray(0.35));
	y += 4 * MM;
	if (m->title.s != NULL) {
		cp_ts_style ts = c->styles[CP_STYLE_COVER_META];
		ts.weight = 700;
		ts.color = c->layout->accent;
		put_line(c, page, &ts, m->title.s, m->title.span, x, y + ts.size * 0.88, w);
		y += ts.size + 4 * MM;
	}

	/* the photo, inset like a print on the page */
	double photo_h = fmin(130 * MM, g->page_h * 0.44);
	if (m->cover_image.index >= 0)
		cp_compose_image_cover(c, page, m->cover_image, x, y, w, photo_h);
	else {
		cp_color soft = cp_color_cmyk(0, 0.08, 0.18, 0.04);
		cp_compose_rect(page, x, y, w, photo_h, &soft, 0, NULL);
	}
	y += photo_h + 9 * MM;

	/* the headline */
	const cp_ts_style *hs = &c->styles[CP_STYLE_COVER_HEADLINE];
	g_autoptr(cp_ts_para) hp = cp_compose_set_text(c, hs, m->cover_headline.s,
						       m->cover_headline.span, w);
	cp_compose_emit_para(c, page, hp, x, y + cp_compose_em_base(c, hs));
	y += cp_compose_block_height(hs, hp->n_lines) + 8 * MM;

	/* what is inside: titles of the articles and the directory, two columns */
	const cp_ts_style *cs = &c->styles[CP_STYLE_COVER_CONTENTS];
	GPtrArray *items = g_ptr_array_new();
	for (size_t i = 0; i < m->n_parts; i++) {
		const cp_part *p = &m->parts[i];
		if (p->kind == CP_PART_ARTICLE)
			g_ptr_array_add(items, (gpointer)m->articles[p->index].title.s);
		else if (p->kind == CP_PART_MEMBERS)
			g_ptr_array_add(items, (gpointer)(p->title.s != NULL ? p->title.s
									 : "メンバー紹介"));
	}
	double bottom = g->area_top + g->area_h;
	size_t per_col = (items->len + 1) / 2;
	double col_w = (w - 8 * MM) / 2;
	double list_top = bottom - cp_compose_block_height(cs, per_col);
	if (list_top < y)
		list_top = y;
	cp_ts_style label = *cs;
	label.weight = 700;
	label.color = c->layout->accent;
	put_line(c, page, &label, "CONTENTS", part->span, x,
		 list_top - cs->pitch + cp_compose_em_base(c, cs), w);
	for (guint i = 0; i < items->len; i++) {
		size_t col = i / per_col;
		size_t row = i % per_col;
		double lx = x + col * (col_w + 8 * MM);
		double base = list_top + row * cs->pitch + cp_compose_em_base(c, cs);
		if (base > bottom + cs->size)
			break;
		g_autofree char *line = g_strconcat("・", g_ptr_array_index(items, i), NULL);
		g_autoptr(cp_ts_para) lp = cp_compose_set_text(c, cs, line, part->span, col_w);
		if (lp->n_lines > 0)
			cp_compose_emit_line(c, page, &lp->lines[0], lx, base);
	}
	g_ptr_array_unref(items);
}
