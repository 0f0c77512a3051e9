/* article.c - an article: a title block across the type area, then the body
 * flowing through the columns and across pages on the line grid.
 *
 * The flow keeps one cursor: page, column, and the next free grid line in
 * that column. Every block takes whole grid lines (gyo-dori, JLReq 4.1.6,
 * for headings; figures and their captions are rounded up to whole lines), so
 * body baselines stay on the grid in every column of every page. A figure
 * that does not fit in what is left of a column waits for the top of the
 * next column while the text goes on. A paragraph never leaves its first
 * line alone at the foot of a column, nor its last line alone at the top
 * of the next.
 *
 * The last page is balanced: no column ends lower than the one before it,
 * and the columns are as even as the text allows. Where that page began is
 * remembered (the block, the line of a paragraph cut there, the figures
 * waiting); once the article is set, that page is flowed again as a trial
 * with a limit of lines a column, trying each limit in turn from an even
 * share of the page's lines upwards, and the first limit with which
 * everything fits and the columns descend is kept (balance_last_page).
 * Trial flows never open a page.
 *
 * A vertical article (its `writing`, else the layout's body) is the same
 * flow on the vertical type area (compose_int.h cp_vgeom): a "column" is a
 * tier (dan), read from the top tier down, and a grid line is a vertical
 * line, read right to left, so line i of every tier has the same axis and
 * the tiers' lines face each other. The title stands at the right of the
 * first page across every tier, the lead in the first tier (title_block);
 * headings and the title block's lines take whole grid lines (vslots);
 * figures stand in a tier with their caption at their left. Lines come
 * from the typesetter in a vertical style and are placed by
 * cp_compose_emit_line_v. */
#include "compose/compose_int.h"

#include <math.h>
#include <string.h>

/* Where a page began, so it can be flowed again. */
typedef struct page_start {
	size_t block;         /* the block being placed when the page began */
	size_t line;          /* its first line on the page (a paragraph cut there) */
	GArray *pending;      /* const cp_mk_block *: figures waiting then (a copy) */
	cp_dl_page_mark mark; /* the page before the body (its items, their memory) */
	int top;              /* the first body line */
	int top0;             /* the first column's (a vertical lead's tier) */
} page_start;

/* The typesetter jobs of an article's blocks (par.c): submitted before
 * the parts are composed, taken when the flow sets the block, kept for the
 * balancing's trial flows. */
struct cp_article_jobs {
	size_t n;          /* the doc's blocks */
	cp_par_job **jobs; /* per block; NULL: the block sets nothing */
	double *measure;   /* per block: what it was submitted with */
	double *size;
	cp_ts_para **paras;                /* per block, once taken */
	cp_par_job *title[CP_STYLE_COUNT]; /* the title block's elements */
};

typedef struct flow {
	cp_compose *c;
	const cp_article *a;
	const cp_markup_doc *doc;
	struct cp_article_jobs *jobs; /* NULL: every block set when flowed */
	/* the grid the article is set on: the body's (horizontal) or the
	 * vertical type area's, and the styles set on that axis */
	bool vertical;
	double size;    /* body type size */
	double pitch;   /* line pitch */
	double measure; /* a column's width, a tier's height */
	int columns;    /* columns, or tiers */
	int lines;      /* grid lines of each */
	cp_ts_style body;
	cp_ts_style styles[CP_STYLE_COUNT];
	const char *head; /* running head for the article's pages */
	size_t page;
	int col;
	int line;                   /* next free grid line in the column */
	int top;                    /* first grid line the body may use on this page */
	int top0;                   /* the same in the first column (below a vertical lead) */
	int limit;                  /* grid lines a column may use (g.lines but when balancing) */
	GArray *pending;            /* const cp_mk_block *: figures waiting for a column */
	size_t block;               /* the block being placed */
	size_t para_line;           /* the line of it being placed (paragraphs) */
	size_t resume_line;         /* where the next paragraph starts (a page flowed again) */
	bool no_new_page;           /* a trial flow: a full last column is an overflow */
	bool overflow;              /* a trial flow ran out of its page */
	page_start start;           /* the current page's start */
	int used[CP_LIMIT_COLUMNS]; /* body lines each column of the page took */
} flow;

static void place_figure(flow *f, const cp_mk_block *b, bool force);

/* The first grid line the body may use in the current column: the first
 * tier of a vertical article's first page starts below its lead. */
static int col_top(const flow *f)
{
	return f->col == 0 ? f->top0 : f->top;
}

/* The number of grid lines whose em boxes span height (n lines span
 * (n - 1) * pitch + size), across the lines: down the page in horizontal,
 * leftwards in vertical. */
static int grid_lines_for(const flow *f, double height)
{
	if (height <= f->size)
		return 1;
	return (int)ceil((height - f->size) / f->pitch - 1e-6) + 1;
}

static double column_x(const flow *f)
{
	return cp_compose_column_x(f->c, f->page, f->col);
}

/* Vertical: the current tier's top, and the right edge of grid line i's
 * em box (the lines of a block start there and go left). */
static double tier_top(const flow *f)
{
	return cp_compose_vtier_top(f->c, f->col);
}

static double vline_right(const flow *f, int i)
{
	return cp_compose_vline_axis(f->c, f->page, i) + f->size / 2;
}

/* Vertical display lines (the title block, the lead, headings) stand on
 * the grid as body lines do: each takes whole grid lines, as few as hold
 * its size and half the body's gap between lines, and its axis is the
 * middle of theirs. The style's pitch is the horizontal one's. */
static int vslots(const flow *f, const cp_ts_style *style)
{
	double across = style->size + (f->pitch - f->size) / 2;
	int k = (int)ceil(across / f->pitch - 1e-6);
	return k < 1 ? 1 : k;
}

/* Places the lines of para, k grid lines each, from grid line `first`,
 * at `along` (a tier's top, or the area's). */
static void emit_vslots(flow *f, const cp_ts_para *para, int k, int first, double along)
{
	cp_compose *c = f->c;
	cp_dl_page *page = cp_compose_page(c, f->page);
	for (size_t i = 0; i < para->n_lines; i++) {
		int at = first + (int)i * k;
		double axis = cp_compose_vline_axis(c, f->page, at) - (k - 1) * f->pitch / 2;
		cp_compose_emit_line_v(c, page, &para->lines[i], axis, along);
	}
}

/* Places a typeset line on grid line i of the current column or tier,
 * offset from the column's start (its left, or the tier's top). */
static void emit_on_grid(flow *f, const cp_ts_line *line, int i, double offset)
{
	cp_compose *c = f->c;
	cp_dl_page *page = cp_compose_page(c, f->page);
	if (f->vertical)
		cp_compose_emit_line_v(c, page, line, cp_compose_vline_axis(c, f->page, i),
		                       tier_top(f) + offset);
	else
		cp_compose_emit_line(c, page, line, column_x(f) + offset,
		                     cp_compose_grid_baseline(c, i));
}

/* Places the lines of a block set in style across a span of grid lines
 * whose first line's em box starts at `start` (its top in horizontal, its
 * right edge in vertical), `lead` into the span; at x0 (the column's left)
 * or y0 (the tier's top) along the lines. */
static void emit_block(flow *f, const cp_ts_para *para, const cp_ts_style *style, double start,
                       double lead, double along)
{
	cp_compose *c = f->c;
	cp_dl_page *page = cp_compose_page(c, f->page);
	if (!f->vertical) {
		cp_compose_emit_para(c, page, para, along,
		                     start + lead + cp_compose_em_base(c, style));
		return;
	}
	/* the first line's axis half an em in from the block's right edge;
	 * the next lines to its left */
	double axis0 = start - lead - style->size / 2;
	for (size_t i = 0; i < para->n_lines; i++)
		cp_compose_emit_line_v(c, page, &para->lines[i], axis0 - para->lines[i].y, along);
}

static void new_page(flow *f)
{
	cp_compose_page_add(f->c, CP_PAGE_ARTICLE, f->head);
	f->page = cp_compose_page_count(f->c) - 1;
	f->col = 0;
	f->line = 0;
	f->top = 0;
	f->top0 = 0;
	memset(f->used, 0, sizeof f->used);
}

/* Remembers where the current page's body begins. */
static void mark_page_start(flow *f, const GArray *waiting)
{
	page_start *ps = &f->start;
	if (ps->pending != NULL)
		g_array_unref(ps->pending);
	ps->block = f->block;
	ps->line = f->para_line;
	ps->pending = g_array_copy((GArray *)waiting);
	ps->mark = cp_dl_page_mark_get(cp_compose_page(f->c, f->page));
	ps->top = f->top;
	ps->top0 = f->top0;
}

/* Moves to the top of the next column (or page), then places the figures
 * that were waiting for room. In a trial flow, past the last column is an
 * overflow: the flow stops there. */
static void next_column(flow *f)
{
	if (f->no_new_page && f->col + 1 >= f->columns) {
		f->overflow = true;
		return;
	}
	f->used[f->col] = f->line - col_top(f);
	f->col++;
	if (f->col >= f->columns) {
		new_page(f);
		mark_page_start(f, f->pending);
	}
	f->line = col_top(f);
	GArray *waiting = f->pending;
	f->pending = g_array_new(FALSE, FALSE, sizeof(const cp_mk_block *));
	for (guint i = 0; i < waiting->len; i++)
		place_figure(f, g_array_index(waiting, const cp_mk_block *, i), true);
	g_array_unref(waiting);
}

static int room(const flow *f)
{
	return f->limit - f->line;
}

/* --- runs ------------------------------------------------------------------------ */

/* Markup runs to typesetter runs: emphasis and strong are set in the gothic
 * role, the common Japanese way of emphasis (bold mincho is weak and italic
 * does not exist). Returns an array the caller frees. */
static cp_ts_run *runs_from_markup(const cp_compose *c, const cp_mk_block *b)
{
	cp_ts_run *runs = g_new0(cp_ts_run, b->n_runs + 1);
	const char *gothic = cp_model_font_family(c->layout, "gothic");
	for (size_t i = 0; i < b->n_runs; i++) {
		const cp_mk_run *mr = &b->runs[i];
		cp_ts_run *r = &runs[i];
		r->text = mr->text;
		r->len = mr->len;
		r->span = mr->span;
		if ((mr->flags & (CP_MK_EMPH | CP_MK_STRONG | CP_MK_CODE_SPAN)) && gothic != NULL)
			r->family = gothic;
		if (mr->flags & CP_MK_STRONG)
			r->weight = 700;
		if (mr->flags & CP_MK_LINK)
			r->link = mr->link;
		r->ruby = mr->ruby;
		r->ruby_mono = mr->ruby_mono;
		r->kenten = mr->kenten;
		r->tcy = mr->tcy;
	}
	return runs;
}

/* Sets block b in style at measure: the job submitted for it (the same
 * style and measure: block_setting), else here. */
static cp_ts_para *set_block(flow *f, const cp_ts_style *style, const cp_mk_block *b,
                             double measure)
{
	struct cp_article_jobs *aj = f->jobs;
	if (aj != NULL && f->doc != NULL && b >= f->doc->blocks &&
	    b < f->doc->blocks + f->doc->n_blocks) {
		size_t i = (size_t)(b - f->doc->blocks);
		if (aj->jobs[i] != NULL && aj->measure[i] == measure &&
		    aj->size[i] == style->size) {
			if (aj->paras[i] == NULL)
				aj->paras[i] = cp_par_take_set(f->c, aj->jobs[i]);
			return cp_ts_para_ref(aj->paras[i]);
		}
	}
	g_autofree cp_ts_run *runs = runs_from_markup(f->c, b);
	return cp_ts_set(f->c->ts, style, runs, b->n_runs, measure, f->c->d);
}

/* --- paragraphs ------------------------------------------------------------------- */

typedef struct decor {
	double indent;           /* from the column's start */
	const cp_ts_para *label; /* drawn on the first line (list items) */
	double label_x;          /* from the column's start */
	bool quote_rule;         /* a thin rule beside the lines (block quotes) */
} decor;

/* Places lines [i, i + n) of para at the cursor. */
static void place_lines(flow *f, const cp_ts_para *para, size_t i, size_t n, const decor *dc)
{
	cp_compose *c = f->c;
	cp_dl_page *page = cp_compose_page(c, f->page);
	for (size_t k = 0; k < n; k++) {
		int at = f->line + (int)k;
		emit_on_grid(f, &para->lines[i + k], at, dc->indent);
		if (i + k == 0 && dc->label != NULL && dc->label->n_lines > 0)
			emit_on_grid(f, &dc->label->lines[0], at, dc->label_x);
	}
	if (dc->quote_rule && n > 0 && f->vertical) {
		/* the rule above the lines, half an em below the tier's top */
		double x0 = vline_right(f, f->line);
		double x1 = x0 - ((n - 1) * f->pitch + f->size);
		double ry = tier_top(f) + f->size * 0.5;
		cp_compose_rule(page, x1, ry, x0, ry, 0.6, c->layout->accent);
	} else if (dc->quote_rule && n > 0) {
		double x = column_x(f);
		double y0 = cp_compose_grid_top(c, f->line);
		double y1 = cp_compose_grid_top(c, f->line + (int)n - 1) + f->size;
		double rx = x + f->size * 0.5;
		cp_compose_rule(page, rx, y0, rx, y1, 0.6, c->layout->accent);
	}
	f->line += (int)n;
}

/* Flows a paragraph through the columns, keeping at least two lines
 * together at a column's foot and at the next column's head. */
static void flow_para(flow *f, const cp_ts_para *para, const decor *dc)
{
	size_t n = para->n_lines;
	size_t i = f->resume_line < n ? f->resume_line : 0;
	f->resume_line = 0;
	while (i < n && !f->overflow) {
		f->para_line = i;
		int r = room(f);
		if (r <= 0) {
			next_column(f);
			continue;
		}
		size_t left = n - i;
		size_t take = (size_t)r < left ? (size_t)r : left;
		/* orphan: the first line alone at the foot of a column */
		if (i == 0 && take == 1 && left >= 2 && f->line > col_top(f)) {
			next_column(f);
			continue;
		}
		/* widow: the last line alone at the top of the next column; a
		 * three-line paragraph that cannot keep two lines on each side
		 * goes to the next column whole */
		if (take < left && left - take == 1) {
			if (i == 0 && take == 2 && f->line > col_top(f)) {
				next_column(f);
				continue;
			}
			if (take >= 2 && !(i == 0 && take == 2))
				take--;
		}
		place_lines(f, para, i, take, dc);
		i += take;
	}
}

/* The style and measure a text block (paragraph, list item, code) is set
 * in, and how its lines are placed; *label_w: a list item's label width. */
static void text_setting(const flow *f, const cp_mk_block *b, cp_ts_style *style_out,
                         double *measure_out, decor *dc, double *label_w)
{
	const cp_compose *c = f->c;
	*dc = (decor){0};
	*label_w = 0;
	cp_ts_style style = f->body;
	double measure = f->measure;
	if (b->quote > 0) {
		/* block quotes: 2 zw in per level, a rule beside them, body pitch */
		style = f->styles[CP_STYLE_QUOTE];
		style.pitch = f->pitch;
		style.indent = style.size;
		dc->indent = 2 * f->size * b->quote;
		dc->quote_rule = true;
		measure -= dc->indent;
	}
	if (b->kind == CP_MK_ITEM) {
		/* list items: a hanging label, the text indented past it */
		double level_in = f->size * (b->level - 1);
		*label_w = b->ordinal > 0 ? 2 * f->size : f->size;
		style.indent = 0;
		style.align = CP_TS_JUSTIFY;
		dc->label_x = dc->indent + level_in;
		dc->indent += level_in + *label_w;
		measure = f->measure - dc->indent;
	}
	if (b->kind == CP_MK_CODE) {
		style = f->body;
		style.family = cp_model_font_family(c->layout, "gothic");
		if (style.family == NULL)
			style.family = f->body.family;
		style.indent = 0;
		style.align = CP_TS_START;
	}
	/* a measure of a whole number of the block's own characters (a 12Q
	 * quote in a 13Q column would otherwise adjust every full line,
	 * issue 12.5) */
	*measure_out = floor(measure / style.size + 1e-6) * style.size;
	*style_out = style;
}

static void flow_text(flow *f, const cp_mk_block *b)
{
	cp_compose *c = f->c;
	decor dc;
	cp_ts_style style;
	double measure;
	double label_w;
	text_setting(f, b, &style, &measure, &dc, &label_w);
	g_autoptr(cp_ts_para) label = NULL;
	if (b->kind == CP_MK_ITEM && !b->continuation) {
		cp_ts_style ls = f->body;
		ls.indent = 0;
		ls.align = CP_TS_START;
		g_autofree char *text =
		    b->ordinal > 0 ? g_strdup_printf("%d.", b->ordinal) : g_strdup("・");
		label = cp_compose_set_text(c, &ls, text, b->span, label_w);
		dc.label = label;
	}
	g_autoptr(cp_ts_para) para = set_block(f, &style, b, measure);
	flow_para(f, para, &dc);
}

/* The style and measure block b is set in by the flow (set_block); false
 * for a block that sets no text (a thematic break). */
static bool block_setting(const flow *f, const cp_mk_block *b, cp_ts_style *style, double *measure)
{
	decor dc;
	double label_w;
	switch (b->kind) {
	case CP_MK_PARA:
	case CP_MK_ITEM:
	case CP_MK_CODE:
		text_setting(f, b, style, measure, &dc, &label_w);
		return true;
	case CP_MK_HEADING:
		*style = f->styles[b->level <= 2 ? CP_STYLE_HEADING : CP_STYLE_SUBHEADING];
		*measure = f->measure;
		return true;
	case CP_MK_FIGURE:
		*style = f->styles[CP_STYLE_CAPTION];
		*measure = f->measure;
		return true;
	case CP_MK_BREAK:
	case CP_MK_KIND_COUNT:
		break;
	}
	return false;
}

/* --- headings ------------------------------------------------------------------------- */

/* A vertical heading: its lines on the grid (vslots), the block in the
 * middle of the lines it takes, nearer what follows when they cannot be
 * even. */
static void flow_heading_v(flow *f, const cp_mk_block *b, cp_style_id id)
{
	const cp_ts_style *style = &f->styles[id];
	g_autoptr(cp_ts_para) para = set_block(f, style, b, f->measure);
	int k = vslots(f, style);
	int lines = (int)para->n_lines * k;
	int need = MAX(lines, f->c->layout->styles[id].lines);
	/* a heading at the very top of a tier needs no space before it: it
	 * stands on the tier's first line */
	bool at_top = f->line == col_top(f);
	if (at_top && need > lines)
		need--;
	/* keep the heading with two lines of what follows */
	if (room(f) < need + 2 && f->line > col_top(f))
		next_column(f);
	if (!f->overflow && room(f) < need)
		next_column(f);
	if (f->overflow)
		return;
	emit_vslots(f, para, k, at_top ? f->line : f->line + (need - lines + 1) / 2, tier_top(f));
	f->line += need;
}

static void flow_heading(flow *f, const cp_mk_block *b)
{
	cp_compose *c = f->c;
	const cp_style_id id = b->level <= 2 ? CP_STYLE_HEADING : CP_STYLE_SUBHEADING;
	if (f->vertical) {
		flow_heading_v(f, b, id);
		return;
	}
	const cp_ts_style *style = &f->styles[id];
	g_autoptr(cp_ts_para) para = set_block(f, style, b, f->measure);
	double h = cp_compose_block_height(style, para->n_lines);
	int need = grid_lines_for(f, h);
	int want = c->layout->styles[id].lines;
	if (need < want)
		need = want;
	/* a heading at the very top of a column needs no space above it */
	if (f->line == col_top(f) && need > 1 && need > grid_lines_for(f, h))
		need--;
	/* keep the heading with two lines of what follows */
	if (room(f) < need + 2 && f->line > col_top(f))
		next_column(f);
	if (!f->overflow && room(f) < need)
		next_column(f);
	if (f->overflow)
		return;
	/* centre the text block in the lines it takes: from the first line's em
	 * top to the last line's em bottom */
	double span_h = (need - 1) * f->pitch + f->size;
	double lead = (span_h - h) / 2;
	int mid = f->line + (need - 1) / 2;
	double top = cp_compose_grid_top(c, f->line);
	double y0 = top + lead + cp_compose_em_base(c, style);
	/* what would be on the grid anyway (a one-line heading at body size)
	 * sits exactly on the grid baseline */
	if (need == 1 || fabs(y0 - cp_compose_grid_baseline(c, mid)) < 0.5)
		y0 = cp_compose_grid_baseline(c, mid);
	cp_compose_emit_para(c, cp_compose_page(c, f->page), para, column_x(f), y0);
	f->line += need;
}

/* --- figures ----------------------------------------------------------------------------- */

/* The largest share of the type area a figure takes across the lines
 * (its height in horizontal, its width in vertical). */
#define FIGURE_MAX_SHARE 0.45
/* An image of unknown size is drawn as a frame this high for its width. */
#define FIGURE_DEFAULT_RATIO 0.66

/* The figure's image size in a column: the image at the column's width,
 * no taller than 45 % of the type area; in a tier, at the tier's height,
 * no wider than 45 % of the vertical area. */
static void figure_size(const flow *f, const cp_model_image *img, double *w, double *h)
{
	const cp_compose *c = f->c;
	bool known = img != NULL && img->px_w > 0 && img->px_h > 0;
	if (f->vertical) {
		*h = f->measure;
		*w = known ? *h * img->px_w / img->px_h : *h / FIGURE_DEFAULT_RATIO;
		double max_w = c->vg.area_w * FIGURE_MAX_SHARE;
		if (*w > max_w) {
			*h *= max_w / *w;
			*w = max_w;
		}
		return;
	}
	*w = f->measure;
	*h = known ? *w * img->px_h / img->px_w : *w * FIGURE_DEFAULT_RATIO;
	double max_h = c->g.area_h * FIGURE_MAX_SHARE;
	if (*h > max_h) {
		*w *= max_h / *h;
		*h = max_h;
	}
}

static void place_figure(flow *f, const cp_mk_block *b, bool force)
{
	cp_compose *c = f->c;
	const cp_model_image *img =
	    cp_model_image_get(c->m, (cp_image_ref){b->image_index, b->span});
	double w;
	double h;
	figure_size(f, img, &w, &h);
	const cp_ts_style *cs = &f->styles[CP_STYLE_CAPTION];
	g_autoptr(cp_ts_para) cap = set_block(f, cs, b, f->measure);
	double gap = cp_compose_len(c, c->layout->figures.caption_gap);
	double across = f->vertical ? w : h;
	double total =
	    across + (cap->n_lines > 0 ? gap + cp_compose_block_height(cs, cap->n_lines) : 0);
	int need = grid_lines_for(f, total);
	if (room(f) < need + (f->line > col_top(f) ? 1 : 0)) {
		if (!force || f->line > col_top(f)) {
			/* wait for the next column's top; the text goes on */
			g_array_append_val(f->pending, b);
			return;
		}
	}
	/* a line of air above a figure that does not start the column */
	if (f->line > col_top(f))
		f->line++;
	cp_dl_page *page = cp_compose_page(c, f->page);
	double x;
	double top;
	if (f->vertical) {
		/* the image at the right of its lines, the caption at its left */
		x = vline_right(f, f->line) - w;
		top = tier_top(f) + (f->measure - h) / 2;
	} else {
		x = column_x(f) + (f->measure - w) / 2;
		top = cp_compose_grid_top(c, f->line);
	}
	if (img != NULL)
		cp_compose_image_cover(c, page, (cp_image_ref){b->image_index, b->span}, x, top, w,
		                       h);
	else
		cp_compose_rect(page, x, top, w, h, NULL, 0.5, &c->layout->card_rule);
	if (cap->n_lines > 0 && f->vertical)
		emit_block(f, cap, cs, x - gap, 0, tier_top(f));
	else if (cap->n_lines > 0)
		emit_block(f, cap, cs, top + h + gap, 0, column_x(f));
	f->line += need;
	/* and a line of air below, unless the column ends here */
	if (f->line < f->limit)
		f->line++;
}

/* --- the title block ---------------------------------------------------------------------- */

/* A vertical lead's measure: whole characters of its size in a tier. */
static double vlead_measure(const flow *f)
{
	double size = f->styles[CP_STYLE_LEAD].size;
	return floor(f->measure / size + 1e-6) * size;
}

/* A title-block element set in style at measure: its job (submitted with
 * the same style and measure, cp_compose_article_submit), else here. */
static cp_ts_para *title_para(flow *f, cp_style_id id, const cp_ts_style *style, cp_text text,
                              double measure)
{
	cp_par_job *job = f->jobs != NULL ? f->jobs->title[id] : NULL;
	if (job != NULL) {
		f->jobs->title[id] = NULL;
		return cp_par_take_set(f->c, job);
	}
	return cp_compose_set_text(f->c, style, text.s, text.span, measure);
}

/* Sets a title-block element across the type area (down the whole
 * vertical area in vertical) from grid line `line` and returns the grid
 * lines it took (at least the style's `lines`). Titles sit at the foot
 * (the left) of their lines, close to what follows. */
static int title_element(flow *f, cp_style_id id, cp_text text, int line)
{
	cp_compose *c = f->c;
	const cp_ts_style *style = &f->styles[id];
	double measure = f->vertical ? c->vg.area_h : c->g.area_w;
	g_autoptr(cp_ts_para) para = title_para(f, id, style, text, measure);
	if (f->vertical) {
		int k = vslots(f, style);
		int lines = (int)para->n_lines * k;
		int need = MAX(lines, c->layout->styles[id].lines);
		emit_vslots(f, para, k, line + need - lines, c->vg.area_top);
		return need;
	}
	double h = cp_compose_block_height(style, para->n_lines);
	int need = grid_lines_for(f, h);
	if (need < c->layout->styles[id].lines)
		need = c->layout->styles[id].lines;
	double span_h = (need - 1) * f->pitch + f->size;
	/* the lead at the head of its lines */
	double lead = id == CP_STYLE_LEAD ? 0.0 : span_h - h;
	emit_block(f, para, style, cp_compose_grid_top(c, line), lead,
	           cp_compose_area_x(c, f->page));
	return need;
}

/* A vertical article's lead: in the first tier, from grid line `line`, in
 * whole characters of its own size; returns the grid lines it took. */
static int vertical_lead(flow *f, cp_text text, int line)
{
	cp_compose *c = f->c;
	cp_ts_style style = f->styles[CP_STYLE_LEAD];
	double measure = vlead_measure(f);
	g_autoptr(cp_ts_para) para = title_para(f, CP_STYLE_LEAD, &style, text, measure);
	int k = vslots(f, &style);
	emit_vslots(f, para, k, line, cp_compose_vtier_top(c, 0));
	return (int)para->n_lines * k;
}

/* The ornaments of the title block: the accent bar before the title (above
 * it, or at its right in vertical), and the hairline that closes the block
 * on grid line `line`. */
static void title_rule(flow *f, bool closing, int line)
{
	cp_compose *c = f->c;
	cp_dl_page *page = cp_compose_page(c, f->page);
	const cp_layout *L = c->layout;
	if (f->vertical) {
		double top = c->vg.area_top;
		if (!closing) {
			cp_compose_section_bar_v(c, page, vline_right(f, 0));
			return;
		}
		double rx = cp_compose_vline_axis(c, f->page, line);
		cp_compose_rule(page, rx, top, rx, top + c->vg.area_h, 0.4, L->card_rule);
		return;
	}
	double x = cp_compose_area_x(c, f->page);
	if (!closing) {
		cp_compose_section_bar(c, page, x);
		return;
	}
	double ry = cp_compose_grid_top(c, line) + f->size / 2;
	cp_compose_rule(page, x, ry, x + c->g.area_w, ry, 0.4, L->card_rule);
}

/* The title block. Horizontal: title, subtitle, author and lead across
 * the type area, a hairline under them; the body starts below it in every
 * column. Vertical, as Japanese magazines set it: title, subtitle and
 * author at the right over the area's whole height, closed by a hairline
 * on the next grid line; the lead then stands in the first tier, whose
 * body starts a line after it, while the other tiers' body starts right
 * after the hairline. */
static void title_block(flow *f)
{
	cp_compose *c = f->c;
	const cp_article *a = f->a;
	cp_dl_page *page = cp_compose_page(c, f->page);
	int line = 0;
	cp_compose_outline(c, page, 1, a->title.s,
	                   f->vertical ? c->vg.area_top : cp_compose_grid_top(c, 0));
	title_rule(f, false, 0);
	line += title_element(f, CP_STYLE_TITLE, a->title, line);
	if (a->subtitle.s != NULL)
		line += title_element(f, CP_STYLE_SUBTITLE, a->subtitle, line);
	line += title_element(f, CP_STYLE_AUTHOR, a->author, line);
	int top0;
	if (f->vertical) {
		title_rule(f, true, line);
		line++;
		top0 = line;
		if (a->lead.s != NULL)
			top0 += vertical_lead(f, a->lead, line) + 1;
	} else {
		line++; /* air */
		if (a->lead.s != NULL) {
			line += title_element(f, CP_STYLE_LEAD, a->lead, line);
			line++;
		}
		/* a hairline closes the block on the last line it takes */
		title_rule(f, true, line);
		line++;
		top0 = line;
	}
	/* more than half the page's lines across, or a lead that leaves its
	 * tier fewer than four lines of body, is too much title */
	int most = top0 > f->lines - 4 ? top0 : line;
	if (line > f->lines / 2 || top0 > f->lines - 4)
		cp_diag_add(c->d, CP_DIAG_OVERSET, a->title.span, "shorten the title or the lead",
		            "the title block of '%s' takes %d of %d lines",
		            a->title.s != NULL ? a->title.s : a->file, most, f->lines);
	f->top = MIN(line, f->lines - 4);
	f->top0 = MIN(top0, f->lines - 4);
	f->line = f->top0;
}

/* --- the article ---------------------------------------------------------------------------- */

/* A thematic break: a rule of 6 zw centred on the current line, along
 * it. */
static void thematic_break(flow *f)
{
	cp_compose *c = f->c;
	cp_dl_page *page = cp_compose_page(c, f->page);
	double half = 3 * f->size;
	if (f->vertical) {
		double x = cp_compose_vline_axis(c, f->page, f->line);
		double y = tier_top(f) + f->measure / 2;
		cp_compose_rule(page, x, y - half, x, y + half, 0.5, c->layout->card_rule);
		return;
	}
	double x = column_x(f) + f->measure / 2;
	double y = cp_compose_grid_top(c, f->line) + f->size / 2;
	cp_compose_rule(page, x - half, y, x + half, y, 0.5, c->layout->card_rule);
}

/* Flows blocks [from, n) of doc (the first from line f->resume_line), then
 * the figures still waiting. Stops early on an overflow (trial flows). */
static void flow_blocks(flow *f, const cp_markup_doc *doc, size_t from)
{
	cp_compose *c = f->c;
	for (size_t i = from; doc != NULL && i < doc->n_blocks && !c->too_many_pages; i++) {
		const cp_mk_block *b = &doc->blocks[i];
		f->block = i;
		f->para_line = 0;
		switch (b->kind) {
		case CP_MK_PARA:
		case CP_MK_ITEM:
		case CP_MK_CODE:
			flow_text(f, b);
			break;
		case CP_MK_HEADING:
			flow_heading(f, b);
			break;
		case CP_MK_FIGURE:
			place_figure(f, b, false);
			break;
		case CP_MK_BREAK:
			if (room(f) < 1)
				next_column(f);
			if (!f->overflow && f->line > col_top(f)) {
				/* a thematic break: a short centred rule on one line */
				thematic_break(f);
				f->line++;
			}
			break;
		case CP_MK_KIND_COUNT:
			g_assert_not_reached();
		}
		if (f->overflow)
			return;
	}
	/* figures still waiting go to the next column; from the last column
	 * of a page that is a page of figures only, which the editor is told
	 * of (the text before the figure or the figure's place decides it) */
	f->block = doc != NULL ? doc->n_blocks : 0;
	f->para_line = 0;
	const cp_mk_block *alone = f->pending->len > 0 && f->col + 1 >= f->columns
	                               ? g_array_index(f->pending, const cp_mk_block *, 0)
	                               : NULL;
	size_t text_page = f->page;
	while (f->pending->len > 0 && !f->overflow)
		next_column(f);
	if (alone != NULL && !f->overflow && f->page != text_page && !c->quiet)
		cp_diag_add(c->d, CP_DIAG_FIGURE_ALONE, alone->span,
		            "place the figure earlier in the text, or shorten the text after it",
		            "the figure did not fit beside the rest of the text and stands alone "
		            "on page %zu, after the article's text ends on page %zu",
		            f->page + 1, text_page + 1);
	if (!f->overflow)
		f->used[f->col] = f->line - col_top(f);
}

/* Flows the last page again from its start with limit lines a column; in
 * a trial, false when the page cannot hold it all (nothing is left on the
 * page then but what was there before the body). The items of the flow
 * before are dropped and their memory reused (nothing else puts items on
 * a page meanwhile: trial flows never open one). */
static bool reflow_last_page(flow *f, const cp_markup_doc *doc, int limit, bool trial)
{
	const page_start *ps = &f->start;
	cp_dl_page *page = cp_compose_page(f->c, f->page);
	cp_dl_page_rewind(page, ps->mark);
	f->col = 0;
	f->top = ps->top;
	f->top0 = ps->top0;
	f->line = ps->top0;
	f->limit = limit;
	f->no_new_page = trial;
	f->overflow = false;
	g_array_set_size(f->pending, 0);
	memset(f->used, 0, sizeof f->used);
	for (guint i = 0; i < ps->pending->len; i++)
		place_figure(f, g_array_index(ps->pending, const cp_mk_block *, i), true);
	f->resume_line = ps->line;
	flow_blocks(f, doc, ps->block);
	f->resume_line = 0;
	bool ok = !f->overflow;
	if (trial && !ok)
		cp_dl_page_rewind(page, ps->mark);
	f->no_new_page = false;
	f->overflow = false;
	return ok;
}

/* The first body line of column k on the page being balanced. */
static int start_top(const flow *f, int k)
{
	return k == 0 ? f->start.top0 : f->start.top;
}

/* True when no column of the page ends lower than the one before it. */
static bool columns_descend(const flow *f)
{
	for (int k = 1; k < f->columns; k++)
		if (start_top(f, k) + f->used[k] > start_top(f, k - 1) + f->used[k - 1])
			return false;
	return true;
}

/* Balances the columns of the article's last page: the fewest lines a
 * column, from an even share of the page's lines upwards, with which the
 * page still holds everything and no column ends lower than the one before
 * it (a short first column beside a long second reads as a mistake); then
 * the page flowed again with it. Diagnostics of the first flow are not
 * given twice. */
static void balance_last_page(flow *f, const cp_markup_doc *doc)
{
	cp_compose *c = f->c;
	int cols = f->columns;
	if (cols < 2 || f->start.pending == NULL || c->too_many_pages)
		return;
	int total = 0;
	int tops = 0;
	int lowest = 0;
	for (int k = 0; k < cols; k++) {
		total += f->used[k];
		tops += start_top(f, k);
		lowest = MAX(lowest, start_top(f, k) + f->used[k]);
	}
	/* nothing to balance: no body, or one line of it */
	if (total <= 1)
		return;
	bool quiet = c->quiet;
	c->quiet = true;
	int best = f->lines;
	for (int lim = (tops + total + cols - 1) / cols; lim < lowest; lim++) {
		if (reflow_last_page(f, doc, lim, true) && columns_descend(f)) {
			best = lim;
			break;
		}
	}
	reflow_last_page(f, doc, best, false);
	c->quiet = quiet;
}

/* The grid and styles of the article's axis: vertical when the article
 * says so, or says nothing in a layout whose body is vertical. */
static void set_axis(flow *f)
{
	cp_compose *c = f->c;
	bool said = f->a->writing_span.line != 0;
	f->vertical = said ? f->a->writing == CP_WRITING_VERTICAL : cp_compose_body_vertical(c);
	f->body = c->body;
	memcpy(f->styles, c->styles, sizeof f->styles);
	if (!f->vertical) {
		f->size = c->g.size;
		f->pitch = c->g.pitch;
		f->measure = c->g.measure;
		f->columns = c->g.columns;
		f->lines = c->g.lines;
		return;
	}
	const cp_vgeom *v = &c->vg;
	f->size = v->size;
	f->pitch = v->pitch;
	f->measure = v->measure;
	f->columns = v->tiers;
	f->lines = v->lines;
	f->body.size = v->size;
	f->body.pitch = v->pitch;
	f->body.indent = v->size;
	f->body.vertical = true;
	for (int i = 0; i < CP_STYLE_COUNT; i++)
		f->styles[i].vertical = true;
}

void cp_compose_article_submit(cp_compose *c, size_t index, const cp_markup_doc *doc)
{
	g_assert(index < c->m->n_articles && c->article_jobs != NULL);
	if (c->article_jobs[index] != NULL || doc == NULL)
		return;
	flow f = {0};
	f.c = c;
	f.a = &c->m->articles[index];
	set_axis(&f);
	struct cp_article_jobs *aj = g_new0(struct cp_article_jobs, 1);
	aj->n = doc->n_blocks;
	aj->jobs = g_new0(cp_par_job *, aj->n);
	aj->measure = g_new0(double, aj->n);
	aj->size = g_new0(double, aj->n);
	aj->paras = g_new0(cp_ts_para *, aj->n);
	/* the title block's elements in the order title_block sets them */
	const cp_article *a = f.a;
	double wide = f.vertical ? c->vg.area_h : c->g.area_w;
	aj->title[CP_STYLE_TITLE] =
	    cp_par_submit_text(c, &f.styles[CP_STYLE_TITLE], a->title.s, a->title.span, wide);
	if (a->subtitle.s != NULL)
		aj->title[CP_STYLE_SUBTITLE] = cp_par_submit_text(
		    c, &f.styles[CP_STYLE_SUBTITLE], a->subtitle.s, a->subtitle.span, wide);
	aj->title[CP_STYLE_AUTHOR] =
	    cp_par_submit_text(c, &f.styles[CP_STYLE_AUTHOR], a->author.s, a->author.span, wide);
	if (a->lead.s != NULL)
		aj->title[CP_STYLE_LEAD] =
		    cp_par_submit_text(c, &f.styles[CP_STYLE_LEAD], a->lead.s, a->lead.span,
		                       f.vertical ? vlead_measure(&f) : wide);
	for (size_t i = 0; i < doc->n_blocks; i++) {
		const cp_mk_block *b = &doc->blocks[i];
		cp_ts_style style;
		if (!block_setting(&f, b, &style, &aj->measure[i]))
			continue;
		aj->size[i] = style.size;
		aj->jobs[i] =
		    cp_par_submit_set(c, &style, runs_from_markup(c, b), b->n_runs, aj->measure[i]);
	}
	c->article_jobs[index] = aj;
}

void cp_compose_article_jobs_free(struct cp_article_jobs *aj)
{
	if (aj == NULL)
		return;
	for (size_t i = 0; i < aj->n; i++)
		if (aj->paras[i] != NULL)
			cp_ts_para_free(aj->paras[i]);
	g_free(aj->jobs);
	g_free(aj->measure);
	g_free(aj->size);
	g_free(aj->paras);
	g_free(aj);
}

void cp_compose_article(cp_compose *c, const cp_article *a, const cp_markup_doc *doc)
{
	flow f = {0};
	f.c = c;
	f.a = a;
	f.doc = doc;
	size_t index = (size_t)(a - c->m->articles);
	if (c->article_jobs != NULL && index < c->m->n_articles) {
		f.jobs = c->article_jobs[index];
		c->article_jobs[index] = NULL;
	}
	f.head = a->title.s;
	set_axis(&f);
	f.limit = f.lines;
	f.pending = g_array_new(FALSE, FALSE, sizeof(const cp_mk_block *));
	new_page(&f);
	title_block(&f);
	mark_page_start(&f, f.pending);

	flow_blocks(&f, doc, 0);
	balance_last_page(&f, doc);
	g_array_unref(f.pending);
	if (f.start.pending != NULL)
		g_array_unref(f.start.pending);
	cp_compose_article_jobs_free(f.jobs);
}
