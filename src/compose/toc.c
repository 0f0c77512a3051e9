/* toc.c - the table of contents. Its pages are reserved where `toc` stands
 * in the contents (their number is known from the entries alone) and filled
 * after every part is composed, so each entry carries the real page number
 * of the page where its part starts. */
#include "compose/compose_int.h"

#include <string.h>

/* Grid lines one entry takes: title, author line, a line of air. */
enum { TOC_HEADER_LINES = 6, TOC_ENTRY_LINES = 4 };
/* The page number's column, in characters of the entry style: a two-digit
 * number and its air, so it follows the style's size (not a layout key).
 * The hairline between entries, in points: a weight, not a distance. */
#define TOC_NUMBER_CHARS 4
#define TOC_RULE_WEIGHT 0.3

static bool is_entry(const cp_part *p)
{
	return p->kind == CP_PART_ARTICLE || p->kind == CP_PART_MEMBERS;
}

static size_t entries_per_page(const cp_compose *c)
{
	int n = (c->g.lines - TOC_HEADER_LINES) / TOC_ENTRY_LINES;
	return n > 0 ? (size_t)n : 1;
}

void cp_compose_toc_reserve(cp_compose *c, const cp_part *part, size_t part_index)
{
	(void)part;
	(void)part_index;
	size_t n = 0;
	for (size_t i = 0; i < c->m->n_parts; i++)
		if (is_entry(&c->m->parts[i]))
			n++;
	size_t pages = n == 0 ? 1 : (n + entries_per_page(c) - 1) / entries_per_page(c);
	for (size_t i = 0; i < pages; i++)
		cp_compose_page_add(c, CP_PAGE_TOC, "目次");
}

void cp_compose_toc_fill(cp_compose *c, size_t part_index)
{
	const cp_model *m = c->m;
	size_t first = c->part_page[part_index];
	size_t per_page = entries_per_page(c);
	const cp_ts_style *es = &c->styles[CP_STYLE_TOC_ENTRY];
	const cp_ts_style *as = &c->styles[CP_STYLE_TOC_AUTHOR];
	cp_ts_style ns = *es;
	ns.weight = 700;
	ns.color = c->layout->accent;
	double num_w = TOC_NUMBER_CHARS * es->size;

	/* the header on the first page */
	cp_dl_page *page = cp_compose_page(c, first);
	double x = cp_compose_area_x(c, first);
	cp_compose_outline(c, page, 1, "目次", cp_compose_grid_top(c, 0));
	cp_compose_section_bar(c, page, x);
	g_autoptr(cp_ts_para) tp = cp_compose_set_text(c, &c->styles[CP_STYLE_SECTION], "目次",
	                                               m->parts[part_index].span, c->g.area_w);
	cp_compose_emit_para(c, page, tp, x, cp_compose_grid_baseline(c, 2));
	const char *about =
	    m->title.s != NULL
	        ? cp_arena_printf(c->dl->arena, "%s　%s発行　%s", cp_compose_issue_mark(c),
	                          cp_compose_date_ja(c), m->title.s)
	        : cp_arena_printf(c->dl->arena, "%s　%s発行", cp_compose_issue_mark(c),
	                          cp_compose_date_ja(c));
	g_autoptr(cp_ts_para) ap = cp_compose_set_text(c, as, about, m->span, c->g.area_w);
	cp_compose_emit_para(c, page, ap, x, cp_compose_grid_baseline(c, 4));

	/* the entries: page number, title; subtitle and author under the title */
	size_t k = 0;
	for (size_t i = 0; i < m->n_parts; i++) {
		const cp_part *p = &m->parts[i];
		if (!is_entry(p))
			continue;
		size_t pi = first + k / per_page;
		int line = TOC_HEADER_LINES + (int)(k % per_page) * TOC_ENTRY_LINES;
		k++;
		page = cp_compose_page(c, pi);
		x = cp_compose_area_x(c, pi);
		const char *title;
		const char *sub;
		cp_span span;
		if (p->kind == CP_PART_ARTICLE) {
			const cp_article *a = &m->articles[p->index];
			/* `check` may compose an article whose title or author is
			 * missing (already an error): set what there is */
			const char *author = a->author.s != NULL ? a->author.s : "";
			title = a->title.s != NULL ? a->title.s : "";
			span = a->title.span;
			sub = a->subtitle.s != NULL ? cp_arena_printf(c->dl->arena, "%s　／　%s",
			                                              a->subtitle.s, author)
			                            : author;
		} else {
			title = p->title.s != NULL ? p->title.s : "メンバー紹介";
			span = p->span;
			sub = cp_arena_printf(c->dl->arena, "%zuの会員事業者のプロフィール",
			                      p->count);
		}
		g_autofree char *num = g_strdup_printf("%02zu", c->part_page[i] + 1);
		double y = cp_compose_grid_baseline(c, line);
		g_autoptr(cp_ts_para) np = cp_compose_set_text(c, &ns, num, span, num_w);
		cp_compose_emit_para(c, page, np, x, y);
		g_autoptr(cp_ts_para) ep =
		    cp_compose_set_text(c, es, title, span, c->g.area_w - num_w);
		if (ep->n_lines > 0)
			cp_compose_emit_line(c, page, &ep->lines[0], x + num_w, y);
		g_autoptr(cp_ts_para) sp =
		    cp_compose_set_text(c, as, sub, span, c->g.area_w - num_w);
		if (sp->n_lines > 0)
			cp_compose_emit_line(c, page, &sp->lines[0], x + num_w,
			                     cp_compose_grid_baseline(c, line + 1) +
			                         cp_compose_len(c, c->layout->toc.author_drop));
		double ry = cp_compose_grid_top(c, line + 3) + c->g.size / 2;
		cp_compose_rule(page, x + num_w, ry, x + c->g.area_w, ry, TOC_RULE_WEIGHT,
		                c->layout->card_rule);
	}
}
