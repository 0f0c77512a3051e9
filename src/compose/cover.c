/* cover.c - the cover: the magazine's name, number and date on warm paper,
 * then either the cover photo set like a print with the headline under it,
 * or, when the issue gives no `cover.image`, a typographic cover: a field
 * of the magazine's accent colour running off the page's edges with the
 * feature's title and the headline set large in the paper's colour. Under
 * either, what is inside: the articles and the directory. The cover carries
 * no running head and no folio. */
#include "compose/compose_int.h"

#include <math.h>
#include <string.h>

/* The cover's distances are the layout's (`cover:`, cp_layout_cover).
 * What stays here are proportions, which follow the page or the cover's
 * styles rather than being lengths of their own: */
/* the photo never takes more than this share of the page's height, so a
 * small page keeps room for the headline and the contents */
#define COVER_PHOTO_SHARE 0.44
/* a typographic cover sets its headline, title and contents larger than
 * the layout's cover styles, in these ratios */
#define COVER_HEADLINE_SCALE 1.9
#define COVER_TITLE_SCALE 1.3
#define COVER_CONTENTS_SCALE 1.25
/* the author line under a roomy contents entry, to the entry's size */
#define COVER_SUB_SCALE 0.72
/* the masthead: the magazine name's cap height and its side bearing, to
 * its size (Noto Serif CJK's Latin capitals), and how far above the name's
 * baseline the date and the issue mark sit, in sizes of the meta style;
 * the mark is set this many times the meta size */
#define COVER_NAME_CAP 0.74
#define COVER_NAME_BEARING 0.04
#define COVER_DATE_RAISE 1.9
#define COVER_MARK_RAISE 4.4
#define COVER_MARK_SCALE 2.2
/* the photo cover's title: its baseline under its em top, to its size */
#define COVER_TITLE_BASE 0.88
/* the issue number in the colour field: its size to the cover_magazine
 * style's, at most this share of the field's free height, and its
 * baseline under the field's line, to its size */
#define COVER_NUMBER_SCALE 1.1
#define COVER_NUMBER_SHARE 0.45
#define COVER_NUMBER_BASE 0.86
/* the deeper tint of the accent the number is set in: C, M, Y scaled, K added */
#define COVER_NUMBER_TINT_C 1.08
#define COVER_NUMBER_TINT_M 1.12
#define COVER_NUMBER_TINT_Y 1.1
#define COVER_NUMBER_TINT_K 0.12
/* the numbers of a roomy contents' entries, in characters of the entry */
#define COVER_ENTRY_NUMBER_CHARS 2.2
/* a contents entry's rule sits this share of its leading above its em top */
#define COVER_ENTRY_RULE_RAISE 0.35
/* rule weights, in points: weights, not distances */
#define COVER_MASTHEAD_RULE_WEIGHT 0.6
#define COVER_FIELD_RULE_WEIGHT 1.2
#define COVER_FIELD_LINE_WEIGHT 0.4
#define COVER_ENTRY_RULE_WEIGHT 0.3

/* The layout's cover distance `field` in points. */
#define LEN(c, field) cp_compose_len((c), (c)->layout->cover.field)

/* The warm paper every cover is printed on (a tint, bleed included). */
static cp_color cover_paper(void)
{
	return cp_color_cmyk(0, 0.04, 0.10, 0);
}

/* One line of text in a style at (x, baseline) aligned within w. */
static void put_line(cp_compose *c, cp_dl_page *page, const cp_ts_style *style, const char *text,
                     cp_span span, double x, double baseline, double w)
{
	g_autoptr(cp_ts_para) para = cp_compose_set_text(c, style, text, span, w);
	cp_compose_emit_para(c, page, para, x, baseline);
}

/* The name, large, with number and date set against its baseline (unless
 * !meta: the vertical cover sets them vertically), and the rule under
 * them; returns the y under the rule. */
static double cover_masthead(cp_compose *c, cp_dl_page *page, double x, double w, bool meta)
{
	const cp_model *m = c->m;
	cp_ts_style ms = c->styles[CP_STYLE_COVER_META];
	ms.align = CP_TS_END;
	const char *mark = cp_arena_printf(c->dl->arena, "Vol.%d", m->number);
	const char *date = cp_arena_printf(c->dl->arena, "%s発行", cp_compose_date_ja(c));
	cp_ts_style big = ms;
	big.size = ms.size * COVER_MARK_SCALE;
	big.weight = 700;
	big.color = c->layout->accent;
	/* the name is as large as the style says where the page is wide
	 * enough; on a narrower page (A5, B6) it shrinks until the number and
	 * date beside it keep a gap of one name size in w */
	cp_ts_style ns = c->styles[CP_STYLE_COVER_MAGAZINE];
	double name_w = cp_compose_text_width(c, &ns, m->magazine.s);
	double side = 0;
	if (meta) {
		side = fmax(cp_compose_text_width(c, &big, mark),
		            fmax(cp_compose_text_width(c, &ms, date),
		                 cp_compose_text_width(c, &ms, m->publisher.s)));
		side += ms.size * COVER_MARK_SCALE;
	}
	if (name_w > 0 && name_w > w - side) {
		double k = fmax(w - side, w * 0.25) / name_w;
		ns.size *= k;
		ns.pitch *= k;
	}
	double name_base = LEN(c, masthead_top) + ns.size * COVER_NAME_CAP;
	put_line(c, page, &ns, m->magazine.s, m->magazine.span, x - ns.size * COVER_NAME_BEARING,
	         name_base, w);
	double y = name_base + LEN(c, masthead_rule);
	if (!meta) {
		cp_compose_rule(page, x, y, x + w, y, COVER_MASTHEAD_RULE_WEIGHT,
		                cp_color_gray(0.35));
		return y + LEN(c, after_masthead);
	}
	put_line(c, page, &ms, m->publisher.s, m->publisher.span, x, name_base, w);
	put_line(c, page, &ms, date, m->date.span, x, name_base - ms.size * COVER_DATE_RAISE, w);
	put_line(c, page, &big, mark, m->number_span, x, name_base - ms.size * COVER_MARK_RAISE, w);
	cp_compose_rule(page, x, y, x + w, y, COVER_MASTHEAD_RULE_WEIGHT, cp_color_gray(0.35));
	return y + LEN(c, after_masthead);
}

/* The photo cover: the feature's title, the photo inset like a print, the
 * headline under it; returns the y under the headline. */
static double cover_photo(cp_compose *c, cp_dl_page *page, double x, double y, double w)
{
	const cp_model *m = c->m;
	if (m->title.s != NULL) {
		cp_ts_style ts = c->styles[CP_STYLE_COVER_META];
		ts.weight = 700;
		ts.color = c->layout->accent;
		put_line(c, page, &ts, m->title.s, m->title.span, x, y + ts.size * COVER_TITLE_BASE,
		         w);
		y += ts.size + LEN(c, title_gap);
	}
	double photo_h = fmin(LEN(c, photo_height), c->g.page_h * COVER_PHOTO_SHARE);
	cp_compose_image_cover(c, page, m->cover_image, x, y, w, photo_h);
	y += photo_h + LEN(c, after_photo);
	const cp_ts_style *hs = &c->styles[CP_STYLE_COVER_HEADLINE];
	g_autoptr(cp_ts_para) hp =
	    cp_compose_set_text(c, hs, m->cover_headline.s, m->cover_headline.span, w);
	cp_compose_emit_para(c, page, hp, x, y + cp_compose_em_base(c, hs));
	return y + cp_compose_block_height(hs, hp->n_lines) + LEN(c, after_headline);
}

/* A display line's text broken after its commas where the parts fit the
 * measure (a headline reads by its phrases): the lines, joined by "\n". */
static char *break_at_commas(cp_compose *c, const cp_ts_style *style, const char *text, double w)
{
	GString *out = g_string_new(NULL);
	GString *line = g_string_new(NULL);
	const char *p = text;
	while (*p != '\0') {
		const char *comma = strstr(p, "、");
		const char *end = comma != NULL ? comma + strlen("、") : p + strlen(p);
		g_autofree char *part = g_strndup(p, (gsize)(end - p));
		g_autofree char *try = g_strconcat(line->str, part, NULL);
		if (line->len > 0 && cp_compose_text_width(c, style, try) > w) {
			g_string_append(out, line->str);
			g_string_append_c(out, '\n');
			g_string_assign(line, part);
		} else {
			g_string_assign(line, try);
		}
		p = end;
	}
	g_string_append(out, line->str);
	g_string_free(line, TRUE);
	return g_string_free(out, FALSE);
}

/* The typographic cover: a field of the accent colour from the sheet's
 * left edge (bleed included) to its right, the feature's title over a
 * short rule and the headline set large in the paper's colour, left on the
 * type area; returns the y under the field. */
static double cover_field(cp_compose *c, cp_dl_page *page, double x, double y, double w,
                          double bottom)
{
	const cp_model *m = c->m;
	const cp_geom *g = &c->g;
	cp_color paper = cover_paper();
	cp_ts_style hs = c->styles[CP_STYLE_COVER_HEADLINE];
	hs.size *= COVER_HEADLINE_SCALE;
	hs.pitch *= COVER_HEADLINE_SCALE;
	hs.color = paper;
	cp_ts_style ts = c->styles[CP_STYLE_COVER_META];
	ts.weight = 700;
	ts.size *= COVER_TITLE_SCALE;
	ts.color = paper;
	double inner_w = w - LEN(c, field_inset);
	g_autofree char *headline = m->cover_headline.s != NULL
	                                ? break_at_commas(c, &hs, m->cover_headline.s, inner_w)
	                                : NULL;
	g_autoptr(cp_ts_para) hp =
	    cp_compose_set_text(c, &hs, headline, m->cover_headline.span, inner_w);
	g_autoptr(cp_ts_para) tp =
	    m->title.s != NULL ? cp_compose_set_text(c, &ts, m->title.s, m->title.span, inner_w)
	                       : NULL;
	double title_h =
	    tp != NULL ? cp_compose_block_height(&ts, tp->n_lines) + LEN(c, field_title_gap) : 0;
	double head_h = cp_compose_block_height(&hs, hp->n_lines);
	y += LEN(c, field_top);
	double field_h =
	    fmax(fmax(LEN(c, field_min_height), 2 * LEN(c, field_padding) + title_h + head_h),
	         bottom - y);
	cp_compose_rect(page, -g->bleed, y, g->page_w + 2 * g->bleed, field_h, &c->layout->accent,
	                0, NULL);
	/* the text block sits low in the field, as a caption under a picture */
	double ty = y + field_h - LEN(c, field_padding) - head_h - title_h;
	if (tp != NULL) {
		cp_compose_emit_para(c, page, tp, x, ty + cp_compose_em_base(c, &ts));
		double ry =
		    ty + cp_compose_block_height(&ts, tp->n_lines) + LEN(c, field_title_rule);
		cp_compose_rule(page, x, ry, x + LEN(c, field_rule_length), ry,
		                COVER_FIELD_RULE_WEIGHT, paper);
		ty += title_h;
	}
	cp_compose_emit_para(c, page, hp, x, ty + cp_compose_em_base(c, &hs));
	/* a thin paper line near the field's top edge, like a mat's inner edge,
	 * and the number large in a deeper tint of the field under it */
	double line_y = y + LEN(c, field_line);
	cp_compose_rule(page, x, line_y, x + w, line_y, COVER_FIELD_LINE_WEIGHT, paper);
	const cp_color *a = &c->layout->accent;
	cp_ts_style vs = c->styles[CP_STYLE_COVER_MAGAZINE];
	vs.size =
	    fmin(vs.size * COVER_NUMBER_SCALE, COVER_NUMBER_SHARE * (field_h - title_h - head_h));
	vs.align = CP_TS_END;
	vs.color =
	    cp_color_cmyk(fmin(1, a->c * COVER_NUMBER_TINT_C), fmin(1, a->m * COVER_NUMBER_TINT_M),
	                  fmin(1, a->y * COVER_NUMBER_TINT_Y), fmin(1, a->k + COVER_NUMBER_TINT_K));
	const char *num = cp_arena_printf(c->dl->arena, "%02d", m->number);
	if (vs.size > LEN(c, field_number_min))
		put_line(c, page, &vs, num, m->number_span, x, line_y + vs.size * COVER_NUMBER_BASE,
		         w);
	return y + field_h + LEN(c, after_headline);
}

/* One entry of the contents: a title and, smaller, who wrote it. */
typedef struct cover_item {
	const char *title;
	cp_span span;
	const char *sub;
	cp_span sub_span; /* the author's own place, or none */
	bool as_written;  /* title is the field's text (plain changed nothing) */
} cover_item;

static GArray *cover_items(cp_compose *c)
{
	const cp_model *m = c->m;
	GArray *items = g_array_new(FALSE, FALSE, sizeof(cover_item));
	for (size_t i = 0; i < m->n_parts; i++) {
		const cp_part *p = &m->parts[i];
		cover_item it = {0};
		if (p->kind == CP_PART_ARTICLE) {
			it.title = cp_compose_plain(c, m->articles[p->index].title.s);
			it.as_written = it.title == m->articles[p->index].title.s;
			it.span = m->articles[p->index].title.span;
			it.sub = cp_compose_plain(c, m->articles[p->index].author.s);
			it.sub_span = m->articles[p->index].author.span;
		} else if (p->kind == CP_PART_MEMBERS) {
			it.title = p->title.s != NULL ? p->title.s : "メンバー紹介";
			it.as_written = true;
			it.span = p->span;
			it.sub = cp_arena_printf(c->dl->arena, "%zuの会員事業者", p->count);
			it.sub_span = CP_SPAN_NONE;
		}
		if (it.title != NULL)
			g_array_append_val(items, it);
	}
	return items;
}

/* Entries from `from` on did not find room on the cover: a warning at the
 * cover's entry in `contents` names them (the list is the editor's to
 * shorten; a silent gap would read as a finished list). */
static void cover_dropped(cp_compose *c, const cp_part *part, const GArray *items, guint from)
{
	if (from >= items->len)
		return;
	g_autoptr(GString) names = g_string_new(NULL);
	for (guint i = from; i < items->len; i++)
		g_string_append_printf(names, "%s'%s'", i > from ? ", " : "",
		                       g_array_index(items, cover_item, i).title);
	cp_diag_add(c->d, CP_DIAG_SHORTENED, part->span,
	            "shorten the titles, or give the cover's contents more room in the layout",
	            "the cover's contents have room for %u of %u entries: %s left out", from,
	            items->len, names->str);
}

/* The contents' style: the layout's, or larger on a typographic cover. */
static cp_ts_style contents_style(const cp_compose *c, bool roomy)
{
	cp_ts_style cs = c->styles[CP_STYLE_COVER_CONTENTS];
	if (roomy) {
		cs.size *= COVER_CONTENTS_SCALE;
		cs.pitch *= COVER_CONTENTS_SCALE;
	}
	return cs;
}

/* The height of one entry of the contents. */
static double entry_height(const cp_compose *c, const cp_ts_style *cs, const cp_ts_style *ss,
                           bool roomy)
{
	return roomy ? cs->pitch + ss->pitch + LEN(c, entry_gap) : cs->pitch;
}

/* The top of the contents' label: the list sits on the type area's foot. */
static double contents_top(cp_compose *c, bool roomy)
{
	cp_ts_style cs = contents_style(c, roomy);
	cp_ts_style ss = c->styles[CP_STYLE_COVER_META];
	ss.size = cs.size * COVER_SUB_SCALE;
	g_autoptr(GArray) items = cover_items(c);
	size_t per_col = (items->len + 1) / 2;
	return c->g.area_top + c->g.area_h - entry_height(c, &cs, &ss, roomy) * (double)per_col -
	       cs.pitch;
}

/* What is inside, in two columns at the foot of the type area (from top
 * at the highest). roomy: a typographic cover's larger list, each entry
 * numbered with its author under it. */
static void cover_contents(cp_compose *c, cp_dl_page *page, const cp_part *part, double x,
                           double top, double w, bool roomy)
{
	const cp_geom *g = &c->g;
	cp_ts_style cs = contents_style(c, roomy);
	cp_ts_style ss = c->styles[CP_STYLE_COVER_META];
	ss.size = cs.size * COVER_SUB_SCALE;
	cp_ts_style ns = cs;
	ns.weight = 700;
	ns.color = c->layout->accent;
	g_autoptr(GArray) items = cover_items(c);
	size_t per_col = (items->len + 1) / 2;
	double gap = LEN(c, contents_gap);
	double col_w = (w - gap) / 2;
	double entry_h = entry_height(c, &cs, &ss, roomy);
	double bottom = g->area_top + g->area_h;
	double list_top = fmax(top + cs.pitch, bottom - entry_h * (double)per_col);
	/* a list longer than the room fills both columns, and what is left
	 * over is named in a warning */
	double em_base = cp_compose_em_base(c, &cs);
	double rows = floor((bottom + cs.size - em_base - list_top) / entry_h + 1e-6) + 1;
	if (per_col > 0 && rows < (double)per_col)
		per_col = (size_t)fmax(1.0, rows);
	cp_ts_style label = cs;
	label.size = c->styles[CP_STYLE_COVER_CONTENTS].size;
	label.weight = 700;
	label.color = c->layout->accent;
	put_line(c, page, &label, roomy ? "CONTENTS　今号の内容" : "CONTENTS", part->span, x,
	         list_top - cs.pitch + cp_compose_em_base(c, &label), w);
	double num_w = roomy ? COVER_ENTRY_NUMBER_CHARS * cs.size : 0;
	for (guint i = 0; i < items->len; i++) {
		const cover_item *it = &g_array_index(items, cover_item, i);
		size_t col = i / per_col;
		size_t row = i % per_col;
		if (col >= 2) {
			cover_dropped(c, part, items, i);
			break;
		}
		double lx = x + col * (col_w + gap);
		double etop = list_top + row * entry_h;
		double base = etop + cp_compose_em_base(c, &cs);
		if (base > bottom + cs.size) {
			cover_dropped(c, part, items, i);
			break;
		}
		g_autofree char *line =
		    roomy ? g_strdup(it->title) : g_strconcat("・", it->title, NULL);
		if (cp_compose_text_width(c, &cs, line) > col_w - num_w) {
			/* one line an entry: a longer title ends with "…" */
			char *cut = cp_compose_ellipsize(c, &cs, line, col_w - num_w);
			cp_diag_add(
			    c->d, CP_DIAG_SHORTENED, it->span,
			    "a shorter title fits the cover's list whole",
			    "the title '%s' is longer than the cover's contents column and is "
			    "printed there as '%s'",
			    it->title, cut);
			g_free(line);
			line = cut;
		}
		g_autoptr(cp_ts_para) lp = cp_compose_set_text(
		    c, &cs, line, it->as_written ? it->span : CP_SPAN_NONE, col_w - num_w);
		if (lp->n_lines > 0)
			cp_compose_emit_line(c, page, &lp->lines[0], lx + num_w, base);
		if (!roomy)
			continue;
		g_autofree char *num = g_strdup_printf("%02u", i + 1);
		put_line(c, page, &ns, num, part->span, lx, base, num_w);
		if (it->sub != NULL) {
			g_autoptr(cp_ts_para) sp =
			    cp_compose_set_text(c, &ss, it->sub, it->sub_span, col_w - num_w);
			if (sp->n_lines > 0)
				cp_compose_emit_line(c, page, &sp->lines[0], lx + num_w,
				                     etop + cs.pitch + cp_compose_em_base(c, &ss));
		}
		double ry =
		    etop - COVER_ENTRY_RULE_RAISE * (cs.pitch - cs.size) - LEN(c, entry_rule);
		cp_compose_rule(page, lx, ry, lx + col_w, ry, COVER_ENTRY_RULE_WEIGHT,
		                c->layout->card_rule);
	}
}

/* --- the vertical cover -------------------------------------------------- */

/* A vertical layout's cover (b5-tate): the name across the top as on
 * every cover (a logo stays horizontal), then everything else set
 * vertically and read right to left from the spine, which is the right
 * edge of a right-bound front cover. At the spine, down the whole height
 * under the name: the number and date (numbers as tate-chu-yoko),
 * the feature's title and the headline; without a cover image they stand
 * in the paper's colour on a field of the accent colour that runs off the
 * spine's edge. Left of them the photo, when there is one, then under it
 * the contents, an entry a line, right to left. The cover's layout keys
 * keep their meaning; distances between columns of text are taken across:
 * `title_gap` after the number's column and after the title,
 * `after_headline` between the headline (or the field) and the photo and
 * contents, `field_padding` inside the field on every side, and the
 * photo is `photo_height` high at most, less when the longest contents
 * entry needs the room (never under half the height under the name). */

/* The width n vertical lines of style take: from the first's em right
 * edge to the last's left edge. */
static double vlines_width(const cp_ts_style *style, size_t n)
{
	return n == 0 ? 0.0 : (double)(n - 1) * style->pitch + style->size;
}

/* Sets text in style (vertical) in lines of at most height, and places
 * them from the em right edge `right` leftwards, from top; returns their
 * width. */
static double put_vblock(cp_compose *c, cp_dl_page *page, const cp_ts_style *style,
                         const char *text, cp_span span, double right, double top, double height)
{
	g_autoptr(cp_ts_para) para = cp_compose_set_text(c, style, text, span, height);
	double axis = right - style->size / 2;
	for (size_t i = 0; i < para->n_lines; i++)
		cp_compose_emit_line_v(c, page, &para->lines[i], axis - (double)i * style->pitch,
		                       top);
	return vlines_width(style, para->n_lines);
}

/* The contents, from the em right edge `right` leftwards down to x, from
 * top to bottom: the label, then an entry a line ("…" where a title is
 * longer than the column, with a warning). When the lines do not fit
 * across, they go on in a second tier under the first, `contents_gap`
 * below it, if the longest entry fits a tier's height. */
static void vcover_contents(cp_compose *c, cp_dl_page *page, const cp_part *part, double x,
                            double right, double top, double bottom, bool roomy)
{
	cp_ts_style cs = contents_style(c, roomy);
	cs.vertical = true;
	cp_ts_style label = cs;
	label.size = c->styles[CP_STYLE_COVER_CONTENTS].size;
	label.weight = 700;
	label.color = c->layout->accent;
	double room = bottom - top;
	g_autoptr(GArray) items = cover_items(c);
	if (right - cs.size < x - 0.01 || room < 4 * cs.size) {
		cover_dropped(c, part, items, 0);
		return;
	}
	g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
	double longest = 0.0;
	for (guint i = 0; i < items->len; i++) {
		char *line = g_strconcat("・", g_array_index(items, cover_item, i).title, NULL);
		longest = fmax(longest, cp_compose_text_width(c, &cs, line));
		g_ptr_array_add(lines, line);
	}
	/* lines a tier holds across, and the tiers */
	size_t across = (size_t)fmax(0.0, floor((right - x - cs.size) / cs.pitch + 1e-6)) + 1;
	double gap = LEN(c, contents_gap);
	int tiers = 1;
	if (across < items->len + 1 && 2 * longest + gap <= room) {
		tiers = 2;
		room = (room - gap) / 2;
		/* the label and the entries shared evenly */
		across = MIN(across, (items->len + 2) / 2);
	}
	put_vblock(c, page, &label, roomy ? "今号の内容" : "目次", part->span, right, top, room);
	size_t slot = 1;
	cover_dropped(c, part, items, (guint)MIN(items->len, across * (size_t)tiers - 1));
	for (guint i = 0; i < items->len && slot < across * (size_t)tiers; i++, slot++) {
		const cover_item *it = &g_array_index(items, cover_item, i);
		char *line = g_ptr_array_index(lines, i);
		g_autofree char *cut = NULL;
		if (cp_compose_text_width(c, &cs, line) > room) {
			cut = cp_compose_ellipsize(c, &cs, line, room);
			cp_diag_add(
			    c->d, CP_DIAG_SHORTENED, it->span,
			    "a shorter title fits the cover's list whole",
			    "the title '%s' is longer than the cover's contents column and is "
			    "printed there as '%s'",
			    it->title, cut);
			line = cut;
		}
		g_autoptr(cp_ts_para) lp = cp_compose_set_text(c, &cs, line, it->span, room);
		double axis = right - cs.size / 2 - (double)(slot % across) * cs.pitch;
		double ttop = top + (double)(slot / across) * (room + gap);
		if (lp->n_lines > 0)
			cp_compose_emit_line_v(c, page, &lp->lines[0], axis, ttop);
	}
}

static void cover_vertical(cp_compose *c, cp_dl_page *page, const cp_part *part, size_t pi,
                           bool photo)
{
	const cp_model *m = c->m;
	const cp_geom *g = &c->g;
	const cp_vgeom *v = &c->vg;
	double x = cp_compose_varea_x(c, pi);
	double w = v->area_w;
	double bottom = v->area_top + v->area_h;
	double y = cover_masthead(c, page, x, w, false);
	cp_color paper = cover_paper();

	/* at the spine: number and date, the feature's title, the headline */
	cp_ts_style ms = c->styles[CP_STYLE_COVER_META];
	cp_ts_style ts = ms;
	ts.weight = 700;
	ts.color = c->layout->accent;
	cp_ts_style hs = c->styles[CP_STYLE_COVER_HEADLINE];
	if (!photo) {
		hs.size *= COVER_HEADLINE_SCALE;
		hs.pitch *= COVER_HEADLINE_SCALE;
		ts.size *= COVER_TITLE_SCALE;
		hs.color = ts.color = ms.color = paper;
		y += LEN(c, field_top);
	}
	ms.vertical = ts.vertical = hs.vertical = true;
	double pad = photo ? 0.0 : LEN(c, field_padding);
	double top = y + pad;
	double height = bottom - pad - top;
	const char *meta =
	    cp_arena_printf(c->dl->arena, "第%d号　%s発行", m->number, cp_compose_date_ja(c));
	g_autofree char *headline = m->cover_headline.s != NULL
	                                ? break_at_commas(c, &hs, m->cover_headline.s, height)
	                                : NULL;
	g_autoptr(cp_ts_para) hp =
	    cp_compose_set_text(c, &hs, headline, m->cover_headline.span, height);
	double strip = ms.size + LEN(c, title_gap) +
	               (m->title.s != NULL ? ts.size + LEN(c, title_gap) : 0.0) +
	               vlines_width(&hs, hp->n_lines);
	double right = x + w;
	if (!photo) {
		/* the field, off the spine's edge and the foot's */
		double fx = right - strip - 2 * pad;
		cp_compose_rect(page, fx, y, g->page_w + g->bleed - fx, g->page_h + g->bleed - y,
		                &c->layout->accent, 0, NULL);
		right -= pad;
	}
	right -=
	    put_vblock(c, page, &ms, meta, m->number_span, right, top, height) + LEN(c, title_gap);
	if (m->title.s != NULL)
		right -= put_vblock(c, page, &ts, m->title.s, m->title.span, right, top, height) +
		         LEN(c, title_gap);
	double axis = right - hs.size / 2;
	for (size_t i = 0; i < hp->n_lines; i++)
		cp_compose_emit_line_v(c, page, &hp->lines[i], axis - (double)i * hs.pitch, top);
	right -= vlines_width(&hs, hp->n_lines) + pad + LEN(c, after_headline);

	/* left of them: the photo, the contents under it */
	double ctop = y;
	if (photo && right > x) {
		cp_ts_style cs = contents_style(c, false);
		cs.vertical = true;
		double longest = 0.0;
		g_autoptr(GArray) items = cover_items(c);
		for (guint i = 0; i < items->len; i++) {
			g_autofree char *line =
			    g_strconcat("・", g_array_index(items, cover_item, i).title, NULL);
			longest = fmax(longest, cp_compose_text_width(c, &cs, line));
		}
		double below = bottom - y;
		double photo_h = fmin(fmin(LEN(c, photo_height), g->page_h * COVER_PHOTO_SHARE),
		                      fmax(below / 2, below - LEN(c, after_photo) - longest));
		cp_compose_image_cover(c, page, m->cover_image, x, y, right - x, photo_h);
		ctop = y + photo_h + LEN(c, after_photo);
	}
	vcover_contents(c, page, part, x, right, ctop, bottom, !photo);
}

void cp_compose_cover(cp_compose *c, const cp_part *part)
{
	const cp_geom *g = &c->g;
	cp_dl_page *page = cp_compose_page_add(c, CP_PAGE_COVER, NULL);
	size_t pi = cp_compose_page_count(c) - 1;
	double x = cp_compose_area_x(c, pi);
	double w = g->area_w;
	cp_compose_outline(c, page, 1, "表紙", 0);
	cp_color paper = cover_paper();
	cp_compose_rect(page, -g->bleed, -g->bleed, g->page_w + 2 * g->bleed,
	                g->page_h + 2 * g->bleed, &paper, 0, NULL);

	bool photo = cp_model_image_get(c->m, c->m->cover_image) != NULL;
	if (cp_compose_body_vertical(c)) {
		cover_vertical(c, page, part, pi, photo);
		return;
	}
	double y = cover_masthead(c, page, x, w, true);
	y = photo ? cover_photo(c, page, x, y, w)
	          : cover_field(c, page, x, y, w, contents_top(c, true) - LEN(c, after_headline));
	cover_contents(c, page, part, x, y, w, !photo);
}
