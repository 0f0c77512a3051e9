/* cards.c - the member directory: an index page, then one card per member in
 * the layout's grid (2 x 2 on an A4 page by default), sorted by reading.
 *
 * A card, top to bottom: industry, the company's reading and name, the
 * representative with reading, the catch copy (beside the photo when there
 * is one), a hairline, the introduction and recent activity; anchored to
 * the card's foot, the contact block, the "紹介" line and tags. Text that
 * does not fit between the two is an OVERFLOW error naming the member file
 * and field: an editor must shorten it; nothing is silently cut.
 *
 * The layout's `cards.overflow` chooses what overflowing text does:
 *   error  - OVERFLOW error (the default): the card must be shortened;
 *   warn   - OVERFLOW_WARN warning: the lines that fit are set, the rest cut;
 *   shrink - the introduction and recent activity are set again 0.5Q (an
 *            eighth of a millimetre) smaller at a time, pitch in proportion,
 *            down to `cards.min_size`; a CARD_SHRUNK note says which size the
 *            card got. Text that does not fit even at min_size is an
 *            OVERFLOW error. Only the body text shrinks: the header and the
 *            contact block keep the layout's sizes, so cards stay alike. */
#include "compose/compose_int.h"

#include <math.h>
#include <string.h>

#define MM CP_MM_TO_PT
/* The shrink step: 0.5Q = 0.125 mm, in points. */
#define Q_STEP (0.125 * MM)

/* A size in points as Q for messages ("10.5"), locale-independent, in buf. */
static const char *q_text(char buf[G_ASCII_DTOSTR_BUF_SIZE], double pt)
{
	return g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, "%.1f", pt / (0.25 * MM));
}

typedef struct card_box {
	double x, y, w, h;
} card_box;

/* Sets and places a paragraph of runs at (x, top), returning its height
 * from top to the last line's em bottom; max_bottom > 0 stops at lines whose
 * em bottom would pass it (returns via *cut how many lines did not fit).
 * With page NULL nothing is placed: the call only measures. */
static double put_runs(cp_compose *c, cp_dl_page *page, const cp_ts_style *style,
		       const cp_ts_run *runs, size_t n, double x, double top, double w,
		       double max_bottom, size_t *cut)
{
	g_autoptr(cp_ts_para) para = cp_ts_set(c->ts, style, runs, n, w, c->d);
	double base = cp_compose_em_base(c, style);
	size_t placed = 0;
	for (size_t i = 0; i < para->n_lines; i++) {
		double em_bottom = top + para->lines[i].y + style->size;
		if (max_bottom > 0 && em_bottom > max_bottom + 0.01)
			break;
		if (page != NULL)
			cp_compose_emit_line(c, page, &para->lines[i], x,
					     top + base + para->lines[i].y);
		placed++;
	}
	if (cut != NULL)
		*cut = para->n_lines - placed;
	return cp_compose_block_height(style, para->n_lines);
}

static double put_text(cp_compose *c, cp_dl_page *page, const cp_ts_style *style, cp_text text,
		       double x, double top, double w)
{
	if (text.s == NULL)
		return 0.0;
	cp_ts_run run = {.text = text.s, .len = strlen(text.s), .span = text.span};
	return put_runs(c, page, style, &run, 1, x, top, w, 0, NULL);
}

/* Height a paragraph of runs would take, without placing it. */
static double runs_height(cp_compose *c, const cp_ts_style *style, const cp_ts_run *runs,
			  size_t n, double w)
{
	g_autoptr(cp_ts_para) para = cp_ts_set(c->ts, style, runs, n, w, c->d);
	return cp_compose_block_height(style, para->n_lines);
}

/* The foot of the card: contact lines, the referral and tags. Built as a
 * list of one-run paragraphs so it can be measured, then placed. */
typedef struct foot_line {
	cp_ts_run runs[2];
	size_t n;
	const cp_ts_style *style;
} foot_line;

static size_t foot_lines(cp_compose *c, const cp_member *mb, foot_line *out, GPtrArray *keep)
{
	size_t n = 0;
	const cp_text *contact[] = {&mb->address, &mb->tel, &mb->url, &mb->email};
	const char *labels[] = {NULL, "TEL ", NULL, NULL};
	for (size_t i = 0; i < G_N_ELEMENTS(contact); i++) {
		if (contact[i]->s == NULL)
			continue;
		char *s = labels[i] != NULL ? g_strconcat(labels[i], contact[i]->s, NULL)
					    : g_strdup(contact[i]->s);
		g_ptr_array_add(keep, s);
		out[n] = (foot_line){{{.text = s, .len = strlen(s), .span = contact[i]->span}},
				     1, &c->styles[CP_STYLE_CARD_CONTACT]};
		n++;
	}
	if (mb->referred_by.s != NULL || mb->n_tags > 0) {
		foot_line *fl = &out[n++];
		*fl = (foot_line){0};
		fl->style = &c->styles[CP_STYLE_CARD_CONTACT];
		if (mb->referred_by.s != NULL) {
			char *s = g_strconcat("紹介：", mb->referred_by.s, "　", NULL);
			g_ptr_array_add(keep, s);
			fl->runs[fl->n++] = (cp_ts_run){.text = s, .len = strlen(s),
							.span = mb->referred_by.span};
		}
		if (mb->n_tags > 0) {
			GString *t = g_string_new(NULL);
			for (size_t i = 0; i < mb->n_tags; i++)
				g_string_append_printf(t, "%s#%s", i ? "　" : "", mb->tags[i].s);
			char *s = g_string_free(t, FALSE);
			g_ptr_array_add(keep, s);
			fl->runs[fl->n++] = (cp_ts_run){.text = s, .len = strlen(s),
							.color = &c->layout->accent,
							.span = mb->tags[0].span};
		}
	}
	return n;
}

/* The overflow diagnostic for field key of member mb: an OVERFLOW error, or
 * an OVERFLOW_WARN warning when the layout says `overflow: warn`. */
static void overflow(cp_compose *c, const cp_member *mb, const cp_text *field, const char *key,
		     size_t lines, double min_size_pt)
{
	const char *who = mb->company.s != NULL ? mb->company.s : mb->file;
	if (c->layout->card_overflow == CP_OVERFLOW_WARN) {
		cp_diag_add(c->d, CP_DIAG_OVERFLOW_WARN, field->span,
			    "the lines that do not fit are left out of the card",
			    "the card of '%s' overflows: '%s' needs %zu more line(s) than the "
			    "card has", who, key, lines);
	} else if (min_size_pt > 0) {
		/* shrink reached the layout's minimum and still does not fit */
		char qbuf[G_ASCII_DTOSTR_BUF_SIZE];
		cp_diag_add(c->d, CP_DIAG_OVERFLOW, field->span,
			    "shorten the text, or lower cards.min_size in the layout",
			    "the card of '%s' overflows even at %sQ: '%s' needs %zu more line(s) "
			    "than the card has", who, q_text(qbuf, min_size_pt), key, lines);
	} else {
		cp_diag_add(c->d, CP_DIAG_OVERFLOW, field->span,
			    "shorten the text or choose a layout with larger cards",
			    "the card of '%s' overflows: '%s' needs %zu more line(s) than the "
			    "card has", who, key, lines);
	}
}

/* The number of lines in a block of height h (cp_compose_block_height's inverse). */
static size_t block_lines(const cp_ts_style *style, double h)
{
	if (h <= 0)
		return 0;
	return (size_t)lround((h - style->size) / style->pitch) + 1;
}

/* How the card's body text fitted: lines set and lines cut, per field. */
typedef struct body_fit {
	size_t intro_lines, intro_over;
	size_t recent_lines, recent_over;
} body_fit;

/* The introduction paragraphs, then recent activity, set from y down to
 * text_bottom in style ts (page NULL: measured only). */
static body_fit put_body(cp_compose *c, cp_dl_page *page, const cp_member *mb,
			 const cp_ts_style *ts, double x, double y, double iw, double text_bottom)
{
	body_fit fit = {0};
	for (size_t i = 0; i < mb->n_intro; i++) {
		if (i)
			y += ts->pitch - ts->size;
		cp_ts_run run = {.text = mb->intro[i].s, .len = strlen(mb->intro[i].s),
				 .span = mb->intro[i].span};
		size_t cut = 0;
		double h = put_runs(c, page, ts, &run, 1, x, y, iw, text_bottom, &cut);
		y += h;
		fit.intro_lines += block_lines(ts, h);
		fit.intro_over += cut;
	}
	if (mb->recent.s == NULL)
		return fit;
	y += ts->pitch - ts->size + 1.5 * MM;
	const cp_ts_style *ls = &c->styles[CP_STYLE_CARD_LABEL];
	cp_ts_run runs[2] = {
		{.text = "近況　", .len = strlen("近況　"), .family = ls->family,
		 .weight = ls->weight, .color = &ls->color, .span = mb->recent.span},
		{.text = mb->recent.s, .len = strlen(mb->recent.s), .span = mb->recent.span},
	};
	cp_ts_style rs = *ts;
	rs.indent = 0;
	double h = put_runs(c, page, &rs, runs, 2, x, y, iw, text_bottom, &fit.recent_over);
	fit.recent_lines = block_lines(&rs, h);
	return fit;
}

/* The card text style at size_pt, its pitch in proportion to the layout's;
 * the introduction's first-line indent is 1 zw. */
static cp_ts_style body_style(const cp_compose *c, double size_pt)
{
	cp_ts_style ts = c->styles[CP_STYLE_CARD_TEXT];
	double ratio = size_pt / ts.size;
	ts.pitch *= ratio;
	ts.size = size_pt;
	ts.indent = size_pt;
	return ts;
}

static void compose_card(cp_compose *c, cp_dl_page *page, const cp_member *mb, card_box box)
{
	const cp_layout *L = c->layout;
	double pad = cp_unit_to_pt(L->card_padding.len, c->g.size);
	double photo_w = cp_unit_to_pt(L->card_photo_width.len, c->g.size);
	double x = box.x + pad;
	double iw = box.w - 2 * pad;
	double y = box.y + pad;

	/* the frame */
	cp_compose_rect(page, box.x, box.y, box.w, box.h, NULL, 0.5, &L->card_rule);
	cp_compose_outline(c, page, 2, mb->company.s != NULL ? mb->company.s : mb->file, box.y);

	/* the photo at the top right, 3:4 */
	double hw = iw;
	double photo_bottom = y;
	const cp_model_image *img = cp_model_image_get(c->m, mb->photo);
	if (img != NULL) {
		double ph = photo_w * 4.0 / 3.0;
		cp_compose_image_cover(c, page, mb->photo.index, x + iw - photo_w, y, photo_w, ph);
		hw = iw - photo_w - 3.5 * MM;
		photo_bottom = y + ph;
	}

	/* the header beside the photo */
	y += put_text(c, page, &c->styles[CP_STYLE_CARD_INDUSTRY], mb->industry, x, y, hw);
	y += 2.0 * MM;
	y += put_text(c, page, &c->styles[CP_STYLE_CARD_KANA], mb->company_kana, x, y, hw);
	y += 0.8 * MM;
	y += put_text(c, page, &c->styles[CP_STYLE_CARD_COMPANY], mb->company, x, y, hw);
	y += 1.6 * MM;
	if (mb->representative.s != NULL) {
		const cp_ts_style *ks = &c->styles[CP_STYLE_CARD_KANA];
		g_autofree char *kana = mb->representative_kana.s != NULL
						? g_strconcat("　", mb->representative_kana.s, NULL)
						: g_strdup("");
		cp_ts_run runs[2] = {
			{.text = mb->representative.s, .len = strlen(mb->representative.s),
			 .span = mb->representative.span},
			{.text = kana, .len = strlen(kana), .size = ks->size, .color = &ks->color,
			 .family = ks->family, .span = mb->representative_kana.span},
		};
		y += put_runs(c, page, &c->styles[CP_STYLE_CARD_PERSON], runs, 2, x, y, hw, 0,
			      NULL);
	}
	y += 2.6 * MM;
	y += put_text(c, page, &c->styles[CP_STYLE_CARD_CATCH], mb->catch_copy, x, y, hw);
	y = fmax(y, photo_bottom) + 3.0 * MM;
	cp_compose_rule(page, x, y, x + iw, y, 0.35, L->card_rule);
	y += 3.0 * MM;

	/* the foot, measured first and anchored to the card's bottom */
	foot_line feet[8];
	g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);
	size_t nf = foot_lines(c, mb, feet, keep);
	double foot_h = 0;
	for (size_t i = 0; i < nf; i++)
		foot_h += (i ? feet[i].style->pitch - feet[i].style->size : 0) +
			  runs_height(c, feet[i].style, feet[i].runs, feet[i].n, iw);
	double foot_top = box.y + box.h - pad - foot_h;
	if (foot_top < y) {
		/* contact lines taller than the room under the header: blame the
		 * line that takes most of it, and leave the foot out */
		size_t worst = 0;
		double worst_h = -1;
		for (size_t i = 0; i < nf; i++) {
			double h = runs_height(c, feet[i].style, feet[i].runs, feet[i].n, iw);
			if (h > worst_h) {
				worst_h = h;
				worst = i;
			}
		}
		const char *who = mb->company.s != NULL ? mb->company.s : mb->file;
		bool warn = L->card_overflow == CP_OVERFLOW_WARN;
		cp_diag_add(c->d, warn ? CP_DIAG_OVERFLOW_WARN : CP_DIAG_OVERFLOW,
			    feet[worst].runs[0].span, "shorten the contact details",
			    "the card of '%s' overflows: its contact lines are %.0fmm high and "
			    "the card has %.0fmm under its header",
			    who, foot_h / MM, fmax(0.0, box.y + box.h - pad - y) / MM);
		nf = 0;
		foot_top = box.y + box.h - pad;
	}
	double fy = foot_top;
	for (size_t i = 0; i < nf; i++) {
		if (i)
			fy += feet[i].style->pitch - feet[i].style->size;
		fy += put_runs(c, page, feet[i].style, feet[i].runs, feet[i].n, x, fy, iw, 0, NULL);
	}
	double text_bottom = foot_top - 2.5 * MM;

	/* the introduction, then recent activity, in what is left; under
	 * `overflow: shrink` first find the largest size in 0.5Q steps that fits */
	double size = c->styles[CP_STYLE_CARD_TEXT].size;
	double min_size = 0;
	cp_ts_style ts = body_style(c, size);
	if (L->card_overflow == CP_OVERFLOW_SHRINK) {
		min_size = fmin(cp_unit_to_pt(L->card_min_size.len, c->g.size), size);
		body_fit f = put_body(c, NULL, mb, &ts, x, y, iw, text_bottom);
		while (f.intro_over + f.recent_over > 0 && size - Q_STEP >= min_size - 0.001) {
			size -= Q_STEP;
			ts = body_style(c, size);
			f = put_body(c, NULL, mb, &ts, x, y, iw, text_bottom);
		}
		char now[G_ASCII_DTOSTR_BUF_SIZE];
		char was[G_ASCII_DTOSTR_BUF_SIZE];
		if (size < c->styles[CP_STYLE_CARD_TEXT].size - 0.001 &&
		    f.intro_over + f.recent_over == 0)
			cp_diag_add(c->d, CP_DIAG_CARD_SHRUNK, mb->intro[0].span, NULL,
				    "the text of the card of '%s' is set at %sQ instead of %sQ "
				    "to fit",
				    mb->company.s != NULL ? mb->company.s : mb->file,
				    q_text(now, size), q_text(was, c->styles[CP_STYLE_CARD_TEXT].size));
	}
	body_fit f = put_body(c, page, mb, &ts, x, y, iw, text_bottom);

	/* the blame goes to the longer field: shortening it helps most (an
	 * introduction too long pushes a short recent-activity line out) */
	size_t over = f.intro_over + f.recent_over;
	if (over > 0) {
		bool intro = mb->recent.s == NULL ||
			     f.intro_lines + f.intro_over >= f.recent_lines + f.recent_over;
		overflow(c, mb, intro ? &mb->intro[0] : &mb->recent, intro ? "intro" : "recent",
			 over, min_size);
	}
}

/* --- the index page ------------------------------------------------------------------ */

static int index_entries_per_page(const cp_compose *c, int header_lines)
{
	return ((c->g.lines - header_lines) / 2) * c->g.columns;
}

static void compose_index(cp_compose *c, const cp_part *part, const char *title,
			  size_t index_pages, size_t first_card_page, int per_card_page)
{
	const cp_model *m = c->m;
	const int header = 7;
	int per_page = index_entries_per_page(c, header);
	for (size_t p = 0; p < index_pages; p++) {
		cp_dl_page *page = cp_compose_page_add(c, CP_PAGE_MEMBERS, title);
		size_t pi = cp_compose_page_count(c) - 1;
		double x = cp_compose_area_x(c, pi);
		if (p == 0) {
			/* the section's title and a line about it */
			const cp_ts_style *ss = &c->styles[CP_STYLE_SECTION];
			cp_compose_outline(c, page, 1, title, cp_compose_grid_top(c, 0));
			double bar_y = cp_compose_grid_top(c, 0) - c->g.pitch * 0.6;
			cp_compose_rule(page, x, bar_y, x + 12 * MM, bar_y, 2.0, c->layout->accent);
			g_autoptr(cp_ts_para) tp = cp_compose_set_text(c, ss, title, part->span,
								       c->g.area_w);
			cp_compose_emit_para(c, page, tp, x, cp_compose_grid_baseline(c, 2));
			g_autofree char *about = g_strdup_printf(
				"%zuの会員事業者を、よみがなの順にご紹介します。", part->count);
			g_autoptr(cp_ts_para) ap = cp_compose_set_text(
				c, &c->styles[CP_STYLE_TOC_AUTHOR], about, part->span, c->g.area_w);
			cp_compose_emit_para(c, page, ap, x, cp_compose_grid_baseline(c, 4));
			double ry = cp_compose_grid_top(c, 5) + c->g.size / 2;
			cp_compose_rule(page, x, ry, x + c->g.area_w, ry, 0.4, c->layout->card_rule);
		}
		/* entries: company and page on one line, industry under it */
		for (int k = 0; k < per_page; k++) {
			size_t i = p * (size_t)per_page + (size_t)k;
			if (i >= part->count)
				break;
			const cp_member *mb = &m->members[part->index + i];
			int col = k / ((c->g.lines - header) / 2);
			int line = header + 2 * (k % ((c->g.lines - header) / 2));
			double cx = cp_compose_column_x(c, pi, col);
			double w = c->g.measure;
			size_t card_page = first_card_page + i / (size_t)per_card_page;
			g_autofree char *num = g_strdup_printf("%zu", card_page + 1);
			const cp_ts_style *es = &c->styles[CP_STYLE_CARD_PERSON];
			cp_ts_style ns = *es;
			ns.color = c->layout->accent;
			ns.align = CP_TS_END;
			g_autoptr(cp_ts_para) np = cp_compose_set_text(c, &ns, num, part->span, w);
			g_autoptr(cp_ts_para) cp = cp_compose_set_text(c, es, mb->company.s,
								       mb->company.span, w - 3 * c->g.size);
			double y = cp_compose_grid_baseline(c, line);
			if (cp->n_lines > 0)
				cp_compose_emit_line(c, page, &cp->lines[0], cx, y);
			cp_compose_emit_para(c, page, np, cx, y);
			g_autoptr(cp_ts_para) ip =
				cp_compose_set_text(c, &c->styles[CP_STYLE_CARD_KANA], mb->industry.s,
						    mb->industry.span, w);
			if (ip->n_lines > 0)
				cp_compose_emit_line(c, page, &ip->lines[0], cx,
						     cp_compose_grid_baseline(c, line + 1));
		}
	}
}

/* --- the directory --------------------------------------------------------------------- */

void cp_compose_members(cp_compose *c, const cp_part *part)
{
	const cp_layout *L = c->layout;
	const char *title = part->title.s != NULL ? part->title.s : "メンバー紹介";
	int cols = L->card_columns > 0 ? L->card_columns : 2;
	int rows = L->card_rows > 0 ? L->card_rows : 2;
	int per_page = cols * rows;
	double gap = cp_unit_to_pt(L->card_gap.len, c->g.size);
	double cw = (c->g.area_w - (cols - 1) * gap) / cols;
	double ch = (c->g.area_h - (rows - 1) * gap) / rows;
	if (part->count == 0)
		return;

	/* the index first: its page count is known before the cards are set */
	int per_index = index_entries_per_page(c, 7);
	size_t index_pages = (part->count + (size_t)per_index - 1) / (size_t)per_index;
	size_t first_card_page = cp_compose_page_count(c) + index_pages;
	compose_index(c, part, title, index_pages, first_card_page, per_page);

	cp_dl_page *page = NULL;
	size_t pi = 0;
	for (size_t i = 0; i < part->count; i++) {
		int slot = (int)(i % (size_t)per_page);
		if (slot == 0) {
			page = cp_compose_page_add(c, CP_PAGE_MEMBERS, title);
			pi = cp_compose_page_count(c) - 1;
		}
		int col = slot % cols;
		int row = slot / cols;
		card_box box = {cp_compose_area_x(c, pi) + col * (cw + gap),
				c->g.area_top + row * (ch + gap), cw, ch};
		c->member_page[part->index + i] = pi;
		compose_card(c, page, &c->m->members[part->index + i], box);
	}
}
