/* toc.c - the table of contents. Its pages are reserved where `toc` stands
 * in the contents (their number is known from the entries alone) and filled
 * after every part is composed, so each entry carries the real page number
 * of the page where its part starts.
 *
 * `toc: writing: vertical` sets it in the vertical type area instead, the
 * same grid lines read right to left: the heading at the right, then each
 * entry down the whole area, its page number at the top (tate-chu-yoko),
 * its title and, a line to the left, its subtitle and author. */
#include "compose/compose_int.h"

#include <string.h>

/* Grid lines one entry takes: title, author line, a line of air, the
 * rule's; without the air (TOC_TIGHT_LINES) when that keeps the contents
 * on fewer pages. */
enum { TOC_HEADER_LINES = 6, TOC_ENTRY_LINES = 4, TOC_TIGHT_LINES = 3 };
/* The page number's column, in characters of the entry style: a two-digit
 * number and its air, so it follows the style's size (not a layout key).
 * The hairline between entries, in points: a weight, not a distance. */
#define TOC_NUMBER_CHARS 4
#define TOC_RULE_WEIGHT 0.3

/* Articles, the member directory and an ad section with ads in it. */
static bool is_entry(const cp_part *p)
{
	return p->kind == CP_PART_ARTICLE || p->kind == CP_PART_MEMBERS ||
	       (p->kind == CP_PART_ADS && p->count > 0);
}

static bool toc_vertical(const cp_compose *c)
{
	return c->layout->toc_writing == CP_WRITING_VERTICAL;
}

static size_t n_entries(const cp_compose *c)
{
	size_t n = 0;
	for (size_t i = 0; i < c->m->n_parts; i++)
		if (is_entry(&c->m->parts[i]))
			n++;
	return n;
}

static size_t per_page_at(const cp_compose *c, int entry_lines)
{
	int lines = toc_vertical(c) ? c->vg.lines : c->g.lines;
	int n = (lines - TOC_HEADER_LINES) / entry_lines;
	return n > 0 ? (size_t)n : 1;
}

static size_t pages_at(const cp_compose *c, int entry_lines)
{
	size_t n = n_entries(c), per = per_page_at(c, entry_lines);
	return n == 0 ? 1 : (n + per - 1) / per;
}

/* Grid lines an entry takes in this issue's contents. */
static int entry_lines(const cp_compose *c)
{
	return pages_at(c, TOC_TIGHT_LINES) < pages_at(c, TOC_ENTRY_LINES) ? TOC_TIGHT_LINES
	                                                                   : TOC_ENTRY_LINES;
}

void cp_compose_toc_reserve(cp_compose *c, const cp_part *part, size_t part_index)
{
	(void)part;
	(void)part_index;
	size_t pages = pages_at(c, entry_lines(c));
	for (size_t i = 0; i < pages; i++)
		cp_compose_page_add(c, CP_PAGE_TOC, "目次");
}

/* Where an entry's parts go: a line of text in style at grid line `line`
 * of page p, `drop` further on (down in horizontal, left in vertical),
 * `in` along the line from the area's start, at most `w` long. */
static void entry_line(cp_compose *c, size_t p, const cp_ts_style *style, const char *text,
                       cp_span span, int line, double drop, double in, double w)
{
	cp_dl_page *page = cp_compose_page(c, p);
	g_autoptr(cp_ts_para) para = cp_compose_set_text(c, style, text, span, w);
	if (para->n_lines == 0)
		return;
	if (toc_vertical(c))
		cp_compose_emit_line_v(c, page, &para->lines[0],
		                       cp_compose_vline_axis(c, p, line) - drop,
		                       c->vg.area_top + in);
	else
		cp_compose_emit_line(c, page, &para->lines[0], cp_compose_area_x(c, p) + in,
		                     cp_compose_grid_baseline(c, line) + drop);
}

/* An entry's text as it fits one line of w: itself, or, longer, its plain
 * form shortened with "…" and a SHORTENED warning at the title (the
 * contents give an entry one line; the rest of a long title used to be
 * lost without a word). */
static const char *fit_entry(cp_compose *c, const cp_ts_style *style, const char *text, double w,
                             cp_span at)
{
	const char *plain = cp_compose_plain(c, text);
	if (plain == NULL || cp_ts_text_width(c->ts, style, plain, c->d) <= w)
		return text;
	g_autofree char *cut = cp_compose_ellipsize(c, style, plain, w);
	cp_diag_add(c->d, CP_DIAG_SHORTENED, at,
	            "a shorter title or subtitle fits the contents whole",
	            "'%s' is longer than its line in the contents and is printed there as '%s'",
	            plain, cut);
	return cp_dl_strdup(c->dl, cut);
}

/* The hairline after an entry, on grid line `line`, from `in` along it. */
static void entry_rule(cp_compose *c, size_t p, int line, double in)
{
	cp_dl_page *page = cp_compose_page(c, p);
	if (toc_vertical(c)) {
		double x = cp_compose_vline_axis(c, p, line);
		double y = c->vg.area_top;
		cp_compose_rule(page, x, y + in, x, y + c->vg.area_h, TOC_RULE_WEIGHT,
		                c->layout->card_rule);
		return;
	}
	double x = cp_compose_area_x(c, p);
	double ry = cp_compose_grid_top(c, line) + c->g.size / 2;
	cp_compose_rule(page, x + in, ry, x + c->g.area_w, ry, TOC_RULE_WEIGHT,
	                c->layout->card_rule);
}

/* The heading on the contents' first page: the section bar, 目次 and the
 * issue's line under it (left of it in vertical). */
static void toc_header(cp_compose *c, size_t first, size_t part_index)
{
	const cp_model *m = c->m;
	cp_dl_page *page = cp_compose_page(c, first);
	const cp_ts_style *ss = &c->styles[CP_STYLE_SECTION];
	const cp_ts_style *as = &c->styles[CP_STYLE_TOC_AUTHOR];
	bool v = toc_vertical(c);
	const char *about =
	    m->title.s != NULL
	        ? cp_arena_printf(c->dl->arena, "%s　%s発行　%s", cp_compose_issue_mark(c),
	                          cp_compose_date_ja(c), cp_compose_one_line(c, m->title.s))
	        : cp_arena_printf(c->dl->arena, "%s　%s発行", cp_compose_issue_mark(c),
	                          cp_compose_date_ja(c));
	if (!v) {
		double x = cp_compose_area_x(c, first);
		cp_compose_outline(c, page, 1, "目次", cp_compose_grid_top(c, 0));
		cp_compose_section_bar(c, page, x);
		g_autoptr(cp_ts_para) tp =
		    cp_compose_set_text(c, ss, "目次", m->parts[part_index].span, c->g.area_w);
		cp_compose_emit_para(c, page, tp, x, cp_compose_grid_baseline(c, 2));
		g_autoptr(cp_ts_para) ap =
		    cp_compose_set_text(c, as, about, CP_SPAN_NONE, c->g.area_w);
		cp_compose_emit_para(c, page, ap, x, cp_compose_grid_baseline(c, 4));
		return;
	}
	/* vertical: 目次 centred on the first three lines, the issue's line on
	 * the fifth, as the horizontal heading's baselines */
	cp_ts_style vs = *ss;
	vs.vertical = true;
	cp_compose_outline(c, page, 1, "目次", c->vg.area_top);
	cp_compose_section_bar_v(c, page, cp_compose_vline_axis(c, first, 0) + c->vg.size / 2);
	g_autoptr(cp_ts_para) tp =
	    cp_compose_set_text(c, &vs, "目次", m->parts[part_index].span, c->vg.area_h);
	double axis = (cp_compose_vline_axis(c, first, 0) + cp_compose_vline_axis(c, first, 2)) / 2;
	if (tp->n_lines > 0)
		cp_compose_emit_line_v(c, page, &tp->lines[0], axis, c->vg.area_top);
	cp_ts_style vas = *as;
	vas.vertical = true;
	entry_line(c, first, &vas, about, CP_SPAN_NONE, 4, 0, 0, c->vg.area_h);
}

void cp_compose_toc_fill(cp_compose *c, size_t part_index)
{
	const cp_model *m = c->m;
	size_t first = c->part_page[part_index];
	int el = entry_lines(c);
	size_t per_page = per_page_at(c, el);
	bool v = toc_vertical(c);
	cp_ts_style es = c->styles[CP_STYLE_TOC_ENTRY];
	cp_ts_style as = c->styles[CP_STYLE_TOC_AUTHOR];
	es.vertical = as.vertical = v;
	cp_ts_style ns = es;
	ns.weight = 700;
	ns.color = c->layout->accent;
	double num_w = TOC_NUMBER_CHARS * es.size;
	double area = v ? c->vg.area_h : c->g.area_w;
	double drop = cp_compose_len(c, c->layout->toc.author_drop);

	toc_header(c, first, part_index);

	/* the entries: page number, title; subtitle and author under the title */
	size_t k = 0;
	for (size_t i = 0; i < m->n_parts; i++) {
		const cp_part *p = &m->parts[i];
		if (!is_entry(p))
			continue;
		size_t pi = first + k / per_page;
		int line = TOC_HEADER_LINES + (int)(k % per_page) * el;
		k++;
		const char *title;
		const char *sub;
		cp_span span;
		cp_span sub_span = CP_SPAN_NONE; /* a line made of two fields: none */
		if (p->kind == CP_PART_ARTICLE) {
			const cp_article *a = &m->articles[p->index];
			/* `check` may compose an article whose title or author is
			 * missing (already an error): set what there is */
			const char *author = a->author.s != NULL ? a->author.s : "";
			title = a->title.s != NULL ? a->title.s : "";
			span = a->title.span;
			sub = author;
			sub_span = a->author.span;
			if (a->subtitle.s != NULL) {
				/* a long subtitle gives way, the author stays whole */
				const char *tail = cp_arena_printf(c->dl->arena, "　／　%s",
				                                   cp_compose_plain(c, author));
				double room =
				    area - num_w - cp_ts_text_width(c->ts, &as, tail, c->d);
				const char *st =
				    fit_entry(c, &as, cp_compose_one_line(c, a->subtitle.s), room,
				              a->subtitle.span);
				sub = cp_arena_printf(c->dl->arena, "%s%s", st, tail);
				sub_span = CP_SPAN_NONE;
			}
		} else if (p->kind == CP_PART_ADS) {
			/* the section, and its index of advertisers with its page */
			title = p->title.s != NULL ? p->title.s : "共同広告";
			span = p->span;
			size_t ip = c->index_page[i];
			sub = ip > 0 ? cp_arena_printf(c->dl->arena,
			                               "会員の広告 %zu件　／　広告索引 %sページ",
			                               p->count, cp_compose_page(c, ip - 1)->label)
			             : cp_arena_printf(c->dl->arena, "会員の広告 %zu件", p->count);
		} else {
			title = p->title.s != NULL ? p->title.s : "メンバー紹介";
			span = p->span;
			sub = cp_arena_printf(c->dl->arena, "%zuの会員事業者のプロフィール",
			                      p->count);
		}
		g_autofree char *num = g_strdup_printf("%02zu", c->part_page[i] + 1);
		entry_line(c, pi, &ns, num, span, line, 0, 0, num_w);
		/* an editor's line break in a title is for the title page; joined,
		 * the text no longer has its field's columns: its notations report
		 * at the title */
		const char *title1 =
		    fit_entry(c, &es, cp_compose_one_line(c, title), area - num_w, span);
		const char *sub1 =
		    fit_entry(c, &as, cp_compose_one_line(c, sub), area - num_w, span);
		entry_line(c, pi, &es, title1, title1 == title ? span : CP_SPAN_NONE, line, 0,
		           num_w, area - num_w);
		entry_line(c, pi, &as, sub1, sub1 == sub ? sub_span : CP_SPAN_NONE, line + 1, drop,
		           num_w, area - num_w);
		entry_rule(c, pi, line + el - 1, num_w);
	}
}
