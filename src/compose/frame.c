/* frame.c - the geometry of the page and the small tools every part uses:
 * the type area and its line grid, styles resolved to points, and turning
 * typeset lines into display-list items. Draws nothing: it only appends
 * items for a renderer. */
#include "compose/compose_int.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

/* --- geometry ------------------------------------------------------------- */

static double pt(const cp_compose *c, cp_dim dim)
{
	return cp_unit_to_pt(dim.len, c->g.size);
}

double cp_compose_len(const cp_compose *c, cp_dim dim)
{
	return pt(c, dim);
}

/* True when lo <= v <= hi; otherwise a LAYOUT error at span giving the
 * range in unit ("mm" or "pt"). */
static bool in_range(cp_compose *c, double v, double lo, double hi, cp_span span, const char *what,
                     const char *unit)
{
	if (isfinite(v) && v >= lo && v <= hi)
		return true;
	double k = strcmp(unit, "mm") == 0 ? CP_MM_TO_PT : 1.0;
	cp_diag_add(c->d, CP_DIAG_LAYOUT, span, NULL,
	            "%s must be from %.4g%s to %.4g%s, not %.2f%s", what, lo / k, unit, hi / k,
	            unit, v / k, unit);
	return false;
}

/* The vertical type area: from `body:` when the body is vertical, else
 * from `vertical:`; size and pitch unset there are the body's. It must fit
 * the margins (avail_w x avail_h); false after a LAYOUT error at the
 * section that sets it. */
static bool vgeom_init(cp_compose *c, double avail_w, double avail_h)
{
	const cp_layout *L = c->layout;
	cp_vgeom *v = &c->vg;
	const double mm = CP_MM_TO_PT;
	bool body = L->writing == CP_WRITING_VERTICAL;
	cp_span span = body ? L->type_area_span : L->v_span;
	/* a layout file without `vertical:` takes the default layout's area,
	 * which its smaller page may not hold: say so at its own body or page
	 * (a message without a place would leave the editor guessing) */
	bool inherited = !body && span.line == 0;
	if (inherited)
		span = L->type_area_span.line != 0 ? L->type_area_span : L->page_size.span;
	const char *own = _("this layout has no 'vertical' section and takes the default "
	                    "layout's: give it one (chars, lines, tiers) that fits its page");
	v->size = !body && L->v_size.len.value > 0 ? pt(c, L->v_size) : c->g.size;
	v->pitch =
	    !body && L->v_pitch.len.value > 0 ? cp_unit_to_pt(L->v_pitch.len, v->size) : c->g.pitch;
	v->chars = body ? L->chars : L->v_chars;
	v->lines = body ? L->lines : L->v_lines;
	v->tiers = MAX(1, MIN(body ? L->body_tiers : L->v_tiers, CP_LIMIT_COLUMNS));
	v->tier_gap = cp_unit_to_pt(body ? L->body_tier_gap.len : L->v_tier_gap.len, v->size);
	if (!body && L->v_size.len.value > 0 &&
	    !in_range(c, v->size, CP_COMPOSE_MIN_TYPE_PT, CP_COMPOSE_MAX_BODY_PT, L->v_size.span,
	              _("the vertical type size"), "pt"))
		return false;
	if (v->pitch < v->size) {
		cp_diag_add(c->d, CP_DIAG_LAYOUT, body ? L->body_pitch.span : L->v_pitch.span,
		            "the pitch is axis to axis: at least the type size",
		            "the vertical line pitch (%.2fpt) is smaller than the type size "
		            "(%.2fpt)",
		            v->pitch, v->size);
		return false;
	}
	if (!in_range(c, v->tier_gap, 0.0, avail_h,
	              body ? L->body_tier_gap.span : L->v_tier_gap.span, _("the tier gap"), "mm"))
		return false;
	/* characters per line and lines per tier: given, or as many as fit */
	if (v->chars <= 0)
		v->chars = (int)floor(
		    (avail_h - (v->tiers - 1) * v->tier_gap) / v->tiers / v->size + 1e-6);
	if (v->lines <= 0)
		v->lines = (int)floor((avail_w - v->size) / v->pitch + 1e-6) + 1;
	if (v->chars < 4 || v->lines < 4) {
		cp_diag_add(c->d, CP_DIAG_LAYOUT, span, NULL,
		            "the vertical type area is too small: %d characters x %d lines",
		            v->chars, v->lines);
		return false;
	}
	v->measure = v->chars * v->size;
	v->area_w = (v->lines - 1) * v->pitch + v->size;
	v->area_h = v->tiers * v->measure + (v->tiers - 1) * v->tier_gap;
	bool ok = true;
	if (v->area_w > avail_w + 0.01) {
		cp_diag_add(c->d, CP_DIAG_LAYOUT, span,
		            inherited ? own
		                      : _("use fewer lines, a smaller pitch or narrower margins"),
		            "the vertical type area is %.1fmm wide (%d lines) but the margins "
		            "leave %.1fmm",
		            v->area_w / mm, v->lines, avail_w / mm);
		ok = false;
	}
	if (v->area_h > avail_h + 0.01) {
		cp_diag_add(c->d, CP_DIAG_LAYOUT, span,
		            inherited
		                ? own
		                : _("use fewer characters per line or tiers, a smaller size or "
		                    "smaller margins"),
		            "the vertical type area is %.1fmm high (%d tiers of %d characters) but "
		            "the margins leave %.1fmm",
		            v->area_h / mm, v->tiers, v->chars, avail_h / mm);
		ok = false;
	}
	v->area_top = pt(c, L->margin_top);
	v->inner = pt(c, L->margin_inner);
	return ok;
}

/* True when the issue sets anything vertically: a vertical body, or a
 * vertical article, vertical contents. A horizontal issue's `vertical:` area is not checked
 * against its pages (a small page need not hold the default's). */
static bool uses_vertical(const cp_compose *c)
{
	const cp_model *m = c->m;
	if (c->layout->writing == CP_WRITING_VERTICAL ||
	    c->layout->toc_writing == CP_WRITING_VERTICAL)
		return true;
	for (size_t i = 0; i < m->n_articles; i++)
		if (m->articles[i].writing == CP_WRITING_VERTICAL)
			return true;
	return false;
}

bool cp_compose_geom_init(cp_compose *c)
{
	const cp_layout *L = c->layout;
	cp_geom *g = &c->g;
	g->size = cp_unit_to_pt(L->body_size.len, 0.0);
	g->pitch = cp_unit_to_pt(L->body_pitch.len, g->size);
	g->page_w = pt(c, L->page_width);
	g->page_h = pt(c, L->page_height);
	g->bleed = pt(c, L->bleed);
	g->gap = pt(c, L->column_gap);
	g->columns = L->columns > 0 ? MIN(L->columns, CP_LIMIT_COLUMNS) : 1;
	g->right_bound = L->binding == CP_BIND_RIGHT;
	double top = pt(c, L->margin_top);
	double bottom = pt(c, L->margin_bottom);
	double inner = pt(c, L->margin_inner);
	double outer = pt(c, L->margin_outer);
	double avail_w = g->page_w - inner - outer;
	double avail_h = g->page_h - top - bottom;

	/* sizes no booklet has are typos (210cm, 0.001Q): refused before
	 * they make negative frames or endless pages */
	const double mm = CP_MM_TO_PT;
	if (!in_range(c, g->page_w, CP_COMPOSE_MIN_PAGE_MM * mm, CP_COMPOSE_MAX_PAGE_MM * mm,
	              L->page_width.span, _("the page width"), "mm") ||
	    !in_range(c, g->page_h, CP_COMPOSE_MIN_PAGE_MM * mm, CP_COMPOSE_MAX_PAGE_MM * mm,
	              L->page_height.span, _("the page height"), "mm") ||
	    !in_range(c, g->bleed, 0.0, CP_COMPOSE_MAX_BLEED_MM * mm, L->bleed.span, _("the bleed"),
	              "mm") ||
	    !in_range(c, g->size, CP_COMPOSE_MIN_TYPE_PT, CP_COMPOSE_MAX_BODY_PT, L->body_size.span,
	              _("the body type size"), "pt"))
		return false;
	if (g->size <= 0 || g->pitch < g->size) {
		cp_diag_add(c->d, CP_DIAG_LAYOUT, L->body_pitch.span,
		            "the pitch is baseline to baseline: at least the type size",
		            "the body line pitch (%.2fpt) is smaller than the type size (%.2fpt)",
		            g->pitch, g->size);
		return false;
	}
	/* margins that leave no room at all are said at the margins' lines,
	 * not as a type area too large for nothing */
	if (!(avail_w > 0)) {
		const cp_dim *m = inner >= outer ? &L->margin_inner : &L->margin_outer;
		cp_diag_add(c->d, CP_DIAG_LAYOUT, m->span,
		            "make the inner and outer margins smaller",
		            "the inner and outer margins (%.1fmm and %.1fmm) leave no room for "
		            "the type area on a page %.1fmm wide",
		            inner / mm, outer / mm, g->page_w / mm);
		return false;
	}
	if (!(avail_h > 0)) {
		const cp_dim *m = top >= bottom ? &L->margin_top : &L->margin_bottom;
		cp_diag_add(c->d, CP_DIAG_LAYOUT, m->span,
		            "make the top and bottom margins smaller",
		            "the top and bottom margins (%.1fmm and %.1fmm) leave no room for "
		            "the type area on a page %.1fmm high",
		            top / mm, bottom / mm, g->page_h / mm);
		return false;
	}
	/* every font family the layout names, at its own line: a missing one
	 * is reported here once (the typesetter does not report it again at
	 * the first text set in it) */
	for (size_t i = 0; i < L->n_fonts && c->ts != NULL; i++) {
		const cp_text *fam = &L->fonts[i].family;
		if (fam->s != NULL && *fam->s != '\0')
			cp_ts_check_family(c->ts, fam->s, fam->span, c->d);
	}
	/* the vertical type area: a vertical body's comes first, as the frame
	 * the horizontal parts (cover, contents, cards) fill, as many
	 * characters and lines of the body as fit; a horizontal layout's once
	 * its own type area is known to fit */
	bool vbody = L->writing == CP_WRITING_VERTICAL;
	double room_w = avail_w;
	double room_h = avail_h;
	if (vbody && !vgeom_init(c, avail_w, avail_h))
		return false;
	if (vbody) {
		avail_w = c->vg.area_w;
		avail_h = c->vg.area_h;
	}
	/* characters per line and lines per column: given, or as many as fit */
	g->chars = vbody ? 0 : L->chars;
	if (g->chars <= 0)
		g->chars =
		    (int)floor((avail_w - (g->columns - 1) * g->gap) / g->columns / g->size + 1e-6);
	g->lines = vbody ? 0 : L->lines;
	if (g->lines <= 0)
		g->lines = (int)floor((avail_h - g->size) / g->pitch + 1e-6) + 1;
	if (g->chars < 4 || g->lines < 4) {
		cp_diag_add(c->d, CP_DIAG_LAYOUT, L->type_area_span, NULL,
		            "the type area is too small: %d characters x %d lines", g->chars,
		            g->lines);
		return false;
	}
	g->measure = g->chars * g->size;
	g->area_w = g->columns * g->measure + (g->columns - 1) * g->gap;
	g->area_h = (g->lines - 1) * g->pitch + g->size;
	g->area_top = top;
	/* in a vertical layout, centred in the vertical area */
	g->inner = vbody ? inner + (avail_w - g->area_w) / 2 : inner;
	g->outer = g->page_w - inner - g->area_w;
	g->bottom = g->page_h - top - g->area_h;

	/* the type area must stay inside the margins the layout asks for */
	bool ok = true;
	if (g->area_w > avail_w + 0.01) {
		cp_diag_add(c->d, CP_DIAG_LAYOUT, L->type_area_span,
		            "use fewer characters per line, a smaller size or narrower margins",
		            "the type area is %.1fmm wide (%d columns of %d characters) but the "
		            "margins leave %.1fmm",
		            g->area_w / mm, g->columns, g->chars, avail_w / mm);
		ok = false;
	}
	if (g->area_h > avail_h + 0.01) {
		cp_diag_add(c->d, CP_DIAG_LAYOUT, L->type_area_span,
		            "use fewer lines, a smaller pitch or smaller margins",
		            "the type area is %.1fmm high (%d lines) but the margins leave %.1fmm",
		            g->area_h / mm, g->lines, avail_h / mm);
		ok = false;
	}
	if (!ok || (!vbody && uses_vertical(c) && !vgeom_init(c, room_w, room_h)))
		return false;

	/* the running head and the folio stay on the page: their offset from
	 * the type area within the margin they sit in */
	double head_room = L->head_position == CP_HEAD_BOTTOM ? g->bottom : g->area_top;
	double folio_room = L->folio_position == CP_FOLIO_TOP_OUTER ? g->area_top : g->bottom;
	if (L->head_position != CP_HEAD_NONE &&
	    !in_range(c, pt(c, L->head_offset), 0.0, head_room, L->head_offset.span,
	              _("the running head's offset"), "mm"))
		ok = false;
	if (!in_range(c, pt(c, L->folio_offset), 0.0, folio_room, L->folio_offset.span,
	              _("the folio's offset"), "mm"))
		ok = false;
	/* crop marks outside the bleed, on a sheet a PDF can hold */
	if (L->press.marks_margin.set &&
	    !in_range(c, pt(c, L->press.marks_margin), g->bleed + 3.0 * mm, 30.0 * mm,
	              L->press.marks_margin.span, _("the crop marks' margin"), "mm"))
		ok = false;
	/* the cover's, cards', contents' and colophon's distances: none
	 * longer than the page is high (a typo, and text thrown off the page) */
	for (size_t i = 0; i < cp_layout_n_geom_keys; i++) {
		const cp_layout_geom_key *k = &cp_layout_geom_keys[i];
		const cp_dim *dim = cp_layout_geom_cdim(L, k);
		g_autofree char *what = g_strdup_printf("'%s' in '%s'", k->key, k->section);
		if (dim->set &&
		    !in_range(c, pt(c, *dim), k->min_mm * mm, g->page_h, dim->span, what, "mm"))
			ok = false;
	}
	return ok;
}

bool cp_compose_binding_left(const cp_compose *c, size_t p)
{
	/* page 1 (index 0) is a recto: a right-hand page for left binding, a
	 * left-hand page for right binding (JLReq 2.3: tategaki books open
	 * from the right) */
	bool recto = p % 2 == 0;
	return c->g.right_bound ? !recto : recto;
}

double cp_compose_area_x(const cp_compose *c, size_t p)
{
	if (cp_compose_binding_left(c, p))
		return c->g.inner;
	return c->g.page_w - c->g.inner - c->g.area_w;
}

bool cp_compose_body_vertical(const cp_compose *c)
{
	return c->layout->writing == CP_WRITING_VERTICAL;
}

double cp_compose_varea_x(const cp_compose *c, size_t p)
{
	const cp_vgeom *v = &c->vg;
	const cp_geom *g = &c->g;
	if (cp_compose_body_vertical(c))
		return cp_compose_binding_left(c, p) ? v->inner : g->page_w - v->inner - v->area_w;
	/* a vertical article in a horizontal layout: centred on the
	 * horizontal type area, kept inside the page's margins */
	double x = cp_compose_area_x(c, p) + (g->area_w - v->area_w) / 2;
	double in = pt(c, c->layout->margin_inner);
	double out = pt(c, c->layout->margin_outer);
	bool left = cp_compose_binding_left(c, p);
	double lo = left ? in : out;
	double hi = g->page_w - (left ? out : in) - v->area_w;
	return x > hi ? hi : x < lo ? lo : x;
}

double cp_compose_vline_axis(const cp_compose *c, size_t p, int i)
{
	const cp_vgeom *v = &c->vg;
	return cp_compose_varea_x(c, p) + v->area_w - v->size / 2 - i * v->pitch;
}

double cp_compose_vtier_top(const cp_compose *c, int t)
{
	return c->vg.area_top + t * (c->vg.measure + c->vg.tier_gap);
}

double cp_compose_column_x(const cp_compose *c, size_t p, int col)
{
	return cp_compose_area_x(c, p) + col * (c->g.measure + c->g.gap);
}

double cp_compose_grid_baseline(const cp_compose *c, int i)
{
	return c->g.area_top + c->g.em_base + i * c->g.pitch;
}

double cp_compose_grid_top(const cp_compose *c, int i)
{
	return c->g.area_top + i * c->g.pitch;
}

/* --- styles ------------------------------------------------------------------ */

/* Display text breaks between phrases, in balanced lines (typeset.h
 * cp_ts_style.phrase): titles, headings, catch copy, contents entries, the
 * cover's headline and contents, card names, industries and catch copy. */
static bool is_display_style(ptrdiff_t id)
{
	switch (id) {
	case CP_STYLE_TITLE:
	case CP_STYLE_SUBTITLE:
	case CP_STYLE_HEADING:
	case CP_STYLE_SUBHEADING:
	case CP_STYLE_SECTION:
	case CP_STYLE_TOC_ENTRY:
	case CP_STYLE_COVER_HEADLINE:
	case CP_STYLE_COVER_CONTENTS:
	case CP_STYLE_CARD_INDUSTRY:
	case CP_STYLE_CARD_COMPANY:
	case CP_STYLE_CARD_CATCH:
		return true;
	default:
		return false;
	}
}

static cp_ts_style resolve_style(cp_compose *c, const cp_style *s)
{
	const cp_layout *L = c->layout;
	cp_ts_style ts = {0};
	const char *family = s->font.s != NULL ? cp_model_font_family(L, s->font.s) : NULL;
	ts.family = family != NULL ? family : cp_model_font_family(L, L->body_font.s);
	if (ts.family == NULL)
		ts.family = "Noto Serif CJK JP";
	ts.weight = s->weight > 0 ? s->weight : 400;
	/* an unset size holds the layout's default (cp_dim); 0 means "the body's" */
	ts.size = s->size.len.value > 0 ? pt(c, s->size) : c->g.size;
	ts.pitch = s->pitch.set ? pt(c, s->pitch) : ts.size * 1.6;
	static const cp_ts_align aligns[CP_ALIGN_COUNT] = {CP_TS_JUSTIFY, CP_TS_START, CP_TS_CENTER,
	                                                   CP_TS_END};
	ts.align = aligns[s->align];
	ts.tracking = s->tracking.set ? pt(c, s->tracking) : 0.0;
	ts.color = s->color;
	ts.kinsoku = (cp_ts_kinsoku)L->kinsoku;
	ts.hanging = L->hanging;
	ts.phrase = is_display_style(s - L->styles);
	ts.tcy_digits = (uint8_t)L->tcy_digits;
	return ts;
}

/* The member cards must have room for their frame, photo and a few
 * characters of text beside it: a gap or padding wider than the card would
 * give frames of negative size. */
static bool cards_fit(cp_compose *c)
{
	const cp_layout *L = c->layout;
	int cols = L->card_columns > 0 ? L->card_columns : 2;
	int rows = L->card_rows > 0 ? L->card_rows : 2;
	double gap = pt(c, L->card_gap);
	double pad = pt(c, L->card_padding);
	double photo = pt(c, L->card_photo_width);
	double text = c->styles[CP_STYLE_CARD_TEXT].size;
	double cw = (c->g.area_w - (cols - 1) * gap) / cols;
	double ch = (c->g.area_h - (rows - 1) * gap) / rows;
	double photo_gap = pt(c, L->card.photo_gap);
	double beside = cw - 2 * pad - photo - photo_gap;
	/* a vertical card's header lines run down beside the photo's height
	 * (3:4), its text across the card's width */
	cp_writing w = L->card_writing_set ? L->card_writing : L->writing;
	bool vertical = w == CP_WRITING_VERTICAL;
	if (vertical)
		beside = ch - 2 * pad - photo * 4.0 / 3.0 - photo_gap;
	if (beside >= 4 * text && (vertical ? cw : ch) - 2 * pad >= 8 * text)
		return true;
	/* blame the largest of the four that the layout sets */
	cp_span span = L->type_area_span;
	double worst = -1;
	const cp_dim *dims[4] = {&L->card_padding, &L->card_photo_width, &L->card_gap,
	                         &L->card.photo_gap};
	double sizes[4] = {2 * pad, photo, (cols - 1) * gap, photo_gap};
	for (int i = 0; i < 4; i++)
		if (dims[i]->set && sizes[i] > worst) {
			worst = sizes[i];
			span = dims[i]->span;
		}
	cp_diag_add(c->d, CP_DIAG_LAYOUT, span,
	            "use fewer cards a page, a smaller gap, padding or photo",
	            "member cards of %.1fmm x %.1fmm leave no room for their text "
	            "(%d x %d a page, gap %.1fmm, padding %.1fmm, photo %.1fmm)",
	            cw / CP_MM_TO_PT, ch / CP_MM_TO_PT, cols, rows, gap / CP_MM_TO_PT,
	            pad / CP_MM_TO_PT, photo / CP_MM_TO_PT);
	return false;
}

bool cp_compose_styles_init(cp_compose *c)
{
	const cp_layout *L = c->layout;
	bool ok = true;
	for (int i = 0; i < CP_STYLE_COUNT; i++) {
		c->styles[i] = resolve_style(c, &L->styles[i]);
		const cp_style *s = &L->styles[i];
		g_autofree char *what =
		    g_strdup_printf(_("the size of style '%s'"), cp_model_style_names[i]);
		const cp_ts_style *ts = &c->styles[i];
		if (!in_range(c, ts->size, CP_COMPOSE_MIN_TYPE_PT, CP_COMPOSE_MAX_TYPE_PT,
		              s->size.set ? s->size.span : s->span, what, "pt")) {
			ok = false;
			continue;
		}
		/* lines that neither overlap nor drift a page apart; letter
		 * spacing from tight to a title's wide spacing */
		g_autofree char *pw =
		    g_strdup_printf(_("the pitch of style '%s'"), cp_model_style_names[i]);
		g_autofree char *tw =
		    g_strdup_printf(_("the tracking of style '%s'"), cp_model_style_names[i]);
		if (s->pitch.set &&
		    !in_range(c, ts->pitch, ts->size, 4.0 * ts->size, s->pitch.span, pw, "pt"))
			ok = false;
		if (s->tracking.set && !in_range(c, ts->tracking, -0.5 * ts->size, 2.0 * ts->size,
		                                 s->tracking.span, tw, "pt"))
			ok = false;
	}
	ok = ok && cards_fit(c);
	cp_ts_style *b = &c->body;
	memset(b, 0, sizeof *b);
	b->family = cp_model_font_family(L, L->body_font.s);
	if (b->family == NULL)
		b->family = "Noto Serif CJK JP";
	b->weight = L->body_weight > 0 ? L->body_weight : 400;
	b->size = c->g.size;
	b->pitch = c->g.pitch;
	b->align = CP_TS_JUSTIFY;
	b->indent = c->g.size; /* 1 zw (JLReq 3.1.4: paragraph indent) */
	b->color = L->body_color;
	b->kinsoku = (cp_ts_kinsoku)L->kinsoku;
	b->hanging = L->hanging;
	b->tcy_digits = (uint8_t)L->tcy_digits;
	c->em_frac = cp_ts_em_baseline(c->ts, b);
	c->g.em_base = c->em_frac * c->g.size;
	return ok;
}

double cp_compose_em_base(const cp_compose *c, const cp_ts_style *style)
{
	return c->em_frac * style->size;
}

double cp_compose_block_height(const cp_ts_style *style, size_t n)
{
	if (n == 0)
		return 0.0;
	return (double)(n - 1) * style->pitch + style->size;
}

/* --- pages --------------------------------------------------------------------- */

cp_dl_page *cp_compose_page_add(cp_compose *c, cp_page_role role, const char *head)
{
	size_t n = cp_dl_page_count(c->dl) + 1;
	if (n > CP_COMPOSE_MAX_PAGES && !c->too_many_pages) {
		/* reported once; the parts check the flag and stop */
		cp_diag_add(c->d, CP_DIAG_LIMIT, c->m->span, "split the issue, or shorten it",
		            "the issue needs more than %u pages (limit: pages)",
		            CP_COMPOSE_MAX_PAGES);
		c->too_many_pages = true;
	}
	g_autofree char *label = g_strdup_printf("%zu", n);
	cp_dl_page *page = cp_dl_page_add(c->dl, c->g.page_w, c->g.page_h, c->g.bleed,
	                                  role == CP_PAGE_COVER ? "表紙" : label);
	page->blank = role == CP_PAGE_BLANK;
	cp_page_info info = {role, cp_dl_strdup(c->dl, cp_compose_plain(c, head))};
	g_array_append_val(c->info, info);
	return page;
}

cp_dl_page *cp_compose_page(cp_compose *c, size_t p)
{
	return cp_dl_page_get(c->dl, p);
}

size_t cp_compose_page_count(const cp_compose *c)
{
	return cp_dl_page_count(c->dl);
}

/* --- text ------------------------------------------------------------------------ */

bool cp_compose_note_claim(cp_compose *c, const char *key)
{
	if (c->notes == NULL)
		c->notes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (g_hash_table_contains(c->notes, key))
		return false;
	g_hash_table_add(c->notes, g_strdup(key));
	return true;
}

size_t cp_compose_runs(cp_compose *c, cp_arena *a, const cp_ts_run *tmpl, bool report,
                       cp_ts_run **out)
{
	const char *s = tmpl->text != NULL ? tmpl->text : "";
	size_t len = tmpl->text != NULL ? tmpl->len : 0;
	if (!cp_markup_has_notation(s, len)) {
		*out = cp_arena_new0(a, cp_ts_run, 1);
		**out = *tmpl;
		(*out)->text = s;
		(*out)->len = len;
		return 1;
	}
	/* a string is often set more than once (measured, then drawn; a
	 * title in its article, on one line in the contents, plain in a
	 * running head): its notation errors are reported once, at its own
	 * place; text set without a place (a line made of two fields, a
	 * running head) reports nothing, its fields report where they are */
	bool first = false;
	g_autofree char *key = NULL;
	if (report && tmpl->span.line != 0) {
		key = g_strdup_printf("%u:%u:%u", tmpl->span.file, tmpl->span.line, tmpl->span.col);
		/* a worker's job (par.c) reads them every time, recorded: the
		 * main thread gives them once */
		first = c->rec != NULL || cp_compose_note_claim(c, key);
	}
	size_t n0 = first ? cp_diags_len(c->d) : 0;
	cp_mk_run *mr = NULL;
	size_t n = cp_markup_inline(a, s, len, tmpl->span, first ? c->d : NULL, &mr);
	for (size_t i = n0; first && c->rec != NULL && i < cp_diags_len(c->d); i++) {
		cp_ts_rec r = {i, g_strdup(key)};
		g_array_append_val(c->rec, r);
	}
	cp_ts_run *runs = cp_arena_new0(a, cp_ts_run, n + 1);
	for (size_t i = 0; i < n; i++) {
		runs[i] = *tmpl;
		runs[i].text = mr[i].text;
		runs[i].len = mr[i].len;
		runs[i].span = mr[i].span;
		runs[i].ruby = mr[i].ruby;
		runs[i].ruby_mono = mr[i].ruby_mono;
		runs[i].kenten = mr[i].kenten;
		runs[i].tcy = mr[i].tcy;
	}
	*out = runs;
	return n;
}

cp_ts_para *cp_compose_set_text(cp_compose *c, const cp_ts_style *style, const char *text,
                                cp_span span, double measure)
{
	const char *s = text != NULL ? text : "";
	cp_ts_run tmpl = {.text = s, .len = strlen(s), .span = span};
	g_autoptr(cp_arena) a = cp_arena_new();
	cp_ts_run *runs = NULL;
	size_t n = cp_compose_runs(c, a, &tmpl, true, &runs);
	return cp_ts_set(c->ts, style, runs, n, measure, c->d);
}

/* What a glyph run of a line gives its display-list item on either axis:
 * font, width, colour, the line's measure (from line_x0 along the line),
 * for checks of justified lines (ruby and emphasis dots are not the
 * line's text), text, glyph ids and clusters. swap_xy: the typesetter's x
 * runs down the column and its y across (upright and tcy glyphs of a
 * vertical line, typeset.h); the item's glyph offsets are x across, y
 * down. */
static void fill_run(cp_compose *c, cp_dl_page *page, cp_dl_glyphs *gl, const cp_ts_line *line,
                     const cp_ts_glyph_run *r, bool annot, double line_x0, bool swap_xy)
{
	cp_arena *a = page->arena; /* the item's (a page flowed again gives it back) */
	gl->font = cp_dl_font_add(c->dl, r->font);
	gl->width = r->width;
	gl->color = r->color;
	gl->annotation = annot;
	gl->justified = line->justified && !annot;
	gl->broken = line->broken && !annot;
	gl->line_x0 = line_x0;
	gl->line_x1 = line_x0 + line->x + line->width;
	gl->hang = annot ? 0.0 : line->hang;
	gl->text = cp_arena_strndup(a, r->text, r->n_text);
	gl->n_text = r->n_text;
	gl->n_glyphs = r->n_glyphs;
	gl->glyphs = cp_arena_new0(a, cp_dl_glyph, r->n_glyphs);
	for (uint32_t k = 0; k < r->n_glyphs; k++) {
		gl->glyphs[k].id = r->glyphs[k].id;
		gl->glyphs[k].x = swap_xy ? r->glyphs[k].y : r->glyphs[k].x;
		gl->glyphs[k].y = swap_xy ? r->glyphs[k].x : r->glyphs[k].y;
	}
	gl->n_clusters = r->n_clusters;
	gl->clusters = cp_arena_new0(a, cp_dl_cluster, r->n_clusters);
	for (uint32_t k = 0; k < r->n_clusters; k++) {
		gl->clusters[k].n_bytes = r->clusters[k].n_bytes;
		gl->clusters[k].n_glyphs = r->clusters[k].n_glyphs;
	}
}

/* A link over a run: a box on the page. Markup has dropped other schemes
 * with a warning; this is the second line of defence for a link made some
 * other way. */
static void add_link(cp_compose *c, cp_dl_page *page, const char *uri, double x, double y, double w,
                     double h)
{
	if (uri == NULL || !cp_markup_link_allowed(uri))
		return;
	cp_dl_item *link = cp_dl_item_add(page, CP_DL_LINK);
	link->u.link.x = x;
	link->u.link.y = y;
	link->u.link.w = w;
	link->u.link.h = h;
	link->u.link.uri = cp_arena_strdup(page->arena, uri);
	link->u.link.page = -1;
}

/* One glyph run of a composed line (or one of its annotations, raised by
 * its block offset) into the page. */
static void emit_run(cp_compose *c, cp_dl_page *page, const cp_ts_line *line,
                     const cp_ts_glyph_run *r, bool annot, double x, double y)
{
	if (r->n_glyphs == 0)
		return;
	cp_dl_item *item = cp_dl_item_add(page, CP_DL_GLYPHS);
	cp_dl_glyphs *gl = &item->u.glyphs;
	fill_run(c, page, gl, line, r, annot, x, false);
	gl->x = x + line->x + r->x;
	gl->y = y - r->block;
	add_link(c, page, r->link, gl->x, y - line->ascent, r->width, line->ascent + line->descent);
}

const char *cp_compose_one_line(cp_compose *c, const char *s)
{
	if (s == NULL || strpbrk(s, "\r\n") == NULL)
		return s;
	g_autoptr(GString) out = g_string_sized_new(strlen(s));
	const char *p = s;
	while (*p != '\0') {
		size_t run = strcspn(p, "\r\n");
		/* the line, without the blanks at its end */
		size_t keep = run;
		while (keep > 0 && (p[keep - 1] == ' ' || p[keep - 1] == '\t'))
			keep--;
		g_string_append_len(out, p, (gssize)keep);
		p += run;
		if (*p == '\0')
			break;
		while (*p == '\r' || *p == '\n' || *p == ' ' || *p == '\t')
			p++;
		/* "Web\nサイト" joins solid, "CAN\nVol.7" keeps its word space */
		if (out->len > 0 && *p != '\0' && g_ascii_isalnum(out->str[out->len - 1]) &&
		    g_ascii_isalnum(*p))
			g_string_append_c(out, ' ');
	}
	return cp_dl_strdup(c->dl, out->str);
}

const char *cp_compose_plain(cp_compose *c, const char *s)
{
	s = cp_compose_one_line(c, s);
	if (s == NULL || !cp_markup_has_notation(s, strlen(s)))
		return s;
	g_autoptr(cp_arena) a = cp_arena_new();
	cp_mk_run *mr = NULL;
	size_t n = cp_markup_inline(a, s, strlen(s), CP_SPAN_NONE, NULL, &mr);
	g_autoptr(GString) out = g_string_new(NULL);
	for (size_t i = 0; i < n; i++)
		g_string_append_len(out, mr[i].text, (gssize)mr[i].len);
	return cp_dl_strdup(c->dl, out->str);
}

void cp_compose_emit_line(cp_compose *c, cp_dl_page *page, const cp_ts_line *line, double x,
                          double y)
{
	for (size_t i = 0; i < line->n_runs; i++)
		emit_run(c, page, line, &line->runs[i], false, x, y);
	/* ruby and emphasis dots over the bases, in the line gap above */
	for (size_t i = 0; i < line->n_annots; i++)
		emit_run(c, page, line, &line->annots[i], true, x, y);
}

/* How much narrower a tate-chu-yoko group is drawn so that it stands in
 * its em (1: not at all). Noto CJK has no third- or quarter-width digits,
 * so {tcy:120} is 1.59 em wide as shaped and {tcy:2030} 2.14 em: they ran
 * into the neighbouring lines. Typesetters condense such a group to the
 * em; shape_tcy (vshape.c) centres it on the axis, so its first glyph
 * starts half its width left of the axis. */
static double tcy_squeeze(const cp_dl_glyphs *gl, double em)
{
	double left = 0.0;
	for (uint32_t k = 0; k < gl->n_glyphs; k++)
		left = MIN(left, gl->glyphs[k].x);
	double width = -2.0 * left;
	return width > em * 1.001 ? em / width : 1.0;
}

/* One glyph run of a vertical line (or one of its annotations, right of
 * the line by its block offset) into the page. */
static void emit_run_v(cp_compose *c, cp_dl_page *page, const cp_ts_line *line,
                       const cp_ts_glyph_run *r, bool annot, double x_axis, double y_top)
{
	if (r->n_glyphs == 0)
		return;
	x_axis += r->block;
	bool rotated = r->orient == CP_TS_ORIENT_ROTATED;
	cp_dl_item *item = cp_dl_item_add(page, CP_DL_GLYPHS);
	cp_dl_glyphs *gl = &item->u.glyphs;
	/* upright and tcy glyphs: the typesetter's x runs down the column,
	 * its y across (typeset.h); turned ones keep theirs */
	fill_run(c, page, gl, line, r, annot, y_top, !rotated);
	gl->vertical = r->orient == CP_TS_ORIENT_UPRIGHT;
	gl->rotated = rotated;
	gl->in_vertical_line = true;
	if (r->orient == CP_TS_ORIENT_TCY)
		gl->squeeze = tcy_squeeze(gl, r->size);
	/* a turned run's em box is centred on the axis: its baseline
	 * lies left of the axis by the em box's centre above it */
	gl->x = rotated ? x_axis - (c->em_frac - 0.5) * r->size : x_axis;
	gl->y = y_top + line->x + r->x;
	/* the column's em across the axis, the run's length down */
	add_link(c, page, r->link, x_axis - r->size / 2.0, gl->y, r->size, r->width);
}

void cp_compose_emit_line_v(cp_compose *c, cp_dl_page *page, const cp_ts_line *line, double x_axis,
                            double y_top)
{
	for (size_t i = 0; i < line->n_runs; i++)
		emit_run_v(c, page, line, &line->runs[i], false, x_axis, y_top);
	/* ruby and emphasis dots right of their bases */
	for (size_t i = 0; i < line->n_annots; i++)
		emit_run_v(c, page, line, &line->annots[i], true, x_axis, y_top);
}

void cp_compose_emit_para(cp_compose *c, cp_dl_page *page, const cp_ts_para *para, double x,
                          double y)
{
	for (size_t i = 0; i < para->n_lines; i++)
		cp_compose_emit_line(c, page, &para->lines[i], x, y + para->lines[i].y);
}

/* --- simple items ------------------------------------------------------------------ */

void cp_compose_rule(cp_dl_page *page, double x0, double y0, double x1, double y1, double w,
                     cp_color color)
{
	cp_dl_item *item = cp_dl_item_add(page, CP_DL_RULE);
	item->u.rule = (cp_dl_rule){x0, y0, x1, y1, w, color};
}

/* The bar sits in the margin over the type area, this many body line
 * pitches above the first line's em top: a fraction of the grid, not a
 * distance of its own, so it follows the body's pitch on every layout. */
#define SECTION_BAR_RAISE 0.6

void cp_compose_section_bar(cp_compose *c, cp_dl_page *page, double x)
{
	const cp_layout_section_bar *b = &c->layout->section_bar;
	double y = cp_compose_grid_top(c, 0) - c->g.pitch * SECTION_BAR_RAISE;
	cp_compose_rule(page, x, y, x + pt(c, b->length), y, pt(c, b->weight), c->layout->accent);
}

void cp_compose_section_bar_v(cp_compose *c, cp_dl_page *page, double x_right)
{
	const cp_layout_section_bar *b = &c->layout->section_bar;
	double x = x_right + c->vg.pitch * SECTION_BAR_RAISE;
	double y = c->vg.area_top;
	cp_compose_rule(page, x, y, x, y + pt(c, b->length), pt(c, b->weight), c->layout->accent);
}

void cp_compose_rect(cp_dl_page *page, double x, double y, double w, double h, const cp_color *fill,
                     double stroke_w, const cp_color *stroke)
{
	cp_dl_item *item = cp_dl_item_add(page, CP_DL_RECT);
	cp_dl_rect *r = &item->u.rect;
	r->x = x;
	r->y = y;
	r->w = w;
	r->h = h;
	if (fill != NULL) {
		r->fill = true;
		r->fill_color = *fill;
	}
	if (stroke != NULL && stroke_w > 0) {
		r->stroke_width = stroke_w;
		r->stroke_color = *stroke;
	}
}

void cp_compose_outline(cp_compose *c, cp_dl_page *page, int level, const char *title, double y)
{
	/* `check` composes models with errors in them: a missing title has no
	 * bookmark rather than an empty one */
	if (title == NULL || *title == '\0')
		return;
	cp_dl_item *item = cp_dl_item_add(page, CP_DL_OUTLINE);
	item->u.outline.level = level;
	item->u.outline.title = cp_dl_strdup(c->dl, cp_compose_plain(c, title));
	item->u.outline.y = y;
}

/* A photo printed below this many pixels per inch at its placed size
 * looks soft: the figure print shops ask for. */
#define PRINT_PPI 300.0

/* The resolution check of one placement, reported at the ref's place:
 * below the layout's floor (`press: min_ppi`) an error, below PRINT_PPI a
 * warning, an error under `press: strict`. The image is drawn dw x dh and
 * shows fw x fh of it (a frame it covers crops the rest): the message
 * gives the pixels shown over the frame, not a 180x1800 strip "over
 * 22x220mm" when a card shows 22x29 mm of it. */
static void check_ppi(cp_compose *c, const cp_model_image *img, cp_span span, double dw, double dh,
                      double fw, double fh)
{
	double ppi = fmin(img->px_w / (dw / 72.0), img->px_h / (dh / 72.0));
	fw = fmin(fw, dw);
	fh = fmin(fh, dh);
	unsigned px_w = (unsigned)lround(img->px_w * fw / dw);
	unsigned px_h = (unsigned)lround(img->px_h * fh / dh);
	const cp_press_opts *press = &c->layout->press;
	double floor_ppi = press->min_ppi;
	if (c->quiet || ppi >= PRINT_PPI)
		return;
	if (span.file == 0)
		span = img->span;
	if (ppi < floor_ppi)
		cp_diag_add(c->d, CP_DIAG_RESOLUTION_FLOOR, span,
		            "use a larger image, print it smaller, or lower press.min_ppi in the "
		            "layout",
		            "image '%s' prints at %.0f ppi, below the layout's floor of %.0f ppi "
		            "(%ux%u pixels over %.0fx%.0fmm)",
		            img->path, ppi, floor_ppi, px_w, px_h, fw / CP_MM_TO_PT,
		            fh / CP_MM_TO_PT);
	else
		cp_diag_add(c->d,
		            press->strict ? CP_DIAG_LOW_RESOLUTION_STRICT : CP_DIAG_LOW_RESOLUTION,
		            span, "print needs 300 ppi at the printed size",
		            "image '%s' prints at %.0f ppi (%ux%u pixels over %.0fx%.0fmm)",
		            img->path, ppi, px_w, px_h, fw / CP_MM_TO_PT, fh / CP_MM_TO_PT);
}

void cp_compose_image_check(cp_compose *c, const cp_model_image *img, cp_span span, double dw,
                            double dh)
{
	check_ppi(c, img, span, dw, dh, dw, dh);
}

void cp_compose_image_cover(cp_compose *c, cp_dl_page *page, cp_image_ref ref, double x, double y,
                            double w, double h)
{
	const cp_model_image *img = cp_model_image_get(c->m, ref);
	if (img == NULL || img->kind == CP_IMAGE_NONE || img->px_w == 0 || img->px_h == 0)
		return;
	/* scale to cover the frame, centred: the frame clips what is left over */
	double scale = fmax(w / img->px_w, h / img->px_h);
	double dw = img->px_w * scale;
	double dh = img->px_h * scale;
	cp_dl_item *item = cp_dl_item_add(page, CP_DL_IMAGE);
	cp_dl_image *im = &item->u.image;
	im->image =
	    cp_dl_image_add(c->dl, img->path, img->px_w, img->px_h, img->kind == CP_IMAGE_JPEG);
	cp_dl_image_src *src = &g_array_index(c->dl->images, cp_dl_image_src, im->image);
	if (src->span.line == 0)
		src->span = img->span;
	im->fx = x;
	im->fy = y;
	im->fw = w;
	im->fh = h;
	im->x = x + (w - dw) / 2;
	im->y = y + (h - dh) / 2;
	im->w = dw;
	im->h = dh;
	check_ppi(c, img, ref.span, dw, dh, w, h);
}

const char *cp_compose_date_ja(cp_compose *c)
{
	const cp_date *dt = &c->m->date;
	return cp_arena_printf(c->dl->arena, "%d年%d月%d日", dt->year, dt->month, dt->day);
}

const char *cp_compose_issue_mark(cp_compose *c)
{
	const char *name = c->m->magazine.s != NULL ? c->m->magazine.s : "";
	return cp_arena_printf(c->dl->arena, "%s Vol.%d", name, c->m->number);
}

/* The bases of text's notations (their readings and marks dropped), in
 * a new string. */
static char *bases_of(const char *text)
{
	g_autoptr(cp_arena) a = cp_arena_new();
	cp_mk_run *mr = NULL;
	size_t n = cp_markup_inline(a, text, strlen(text), CP_SPAN_NONE, NULL, &mr);
	GString *out = g_string_new(NULL);
	for (size_t i = 0; i < n; i++)
		g_string_append_len(out, mr[i].text, (gssize)mr[i].len);
	return g_string_free(out, FALSE);
}

double cp_compose_text_width(cp_compose *c, const cp_ts_style *style, const char *text)
{
	if (text == NULL || *text == '\0')
		return 0.0;
	size_t len = strlen(text);
	if (!cp_markup_has_notation(text, len))
		return cp_ts_text_width(c->ts, style, text, c->d);
	/* as cp_ts_text_width measures, with the runs the text is set in (a
	 * long reading spaces its base out) */
	cp_ts_style st = *style;
	st.indent = 0.0;
	st.align = CP_TS_START;
	st.max_lines = 0;
	g_autoptr(cp_arena) a = cp_arena_new();
	cp_ts_run tmpl = {.text = text, .len = len, .span = CP_SPAN_NONE};
	cp_ts_run *runs = NULL;
	size_t n = cp_compose_runs(c, a, &tmpl, false, &runs);
	g_autoptr(cp_ts_para) p = cp_ts_set(c->ts, &st, runs, n, 1.0e9, c->d);
	double w = 0.0;
	for (size_t i = 0; i < p->n_lines; i++)
		w = fmax(w, p->lines[i].natural);
	return w;
}

double cp_compose_runs_width(cp_compose *c, const cp_ts_style *style, const cp_ts_run *runs,
                             size_t n_runs)
{
	cp_ts_style st = *style;
	st.indent = 0.0;
	st.align = CP_TS_START;
	st.max_lines = 0;
	g_autoptr(cp_arena) a = cp_arena_new();
	GArray *all = g_array_new(FALSE, FALSE, sizeof(cp_ts_run));
	for (size_t i = 0; i < n_runs; i++) {
		if (runs[i].text == NULL || runs[i].len == 0)
			continue;
		cp_ts_run *set = NULL;
		size_t n = cp_compose_runs(c, a, &runs[i], false, &set);
		g_array_append_vals(all, set, (guint)n);
	}
	double w = 0.0;
	if (all->len > 0) {
		g_autoptr(cp_ts_para) p = cp_ts_set(
		    c->ts, &st, (const cp_ts_run *)(void *)all->data, all->len, 1.0e9, c->d);
		for (size_t i = 0; i < p->n_lines; i++)
			w = fmax(w, p->lines[i].natural);
	}
	g_array_unref(all);
	return w;
}

/* The longest prefix of text that, with "…", is at most w wide. A text
 * with notations is cut in its bases (a shortened text loses its ruby and
 * dots: a reading cut in two would mislead), and what the prefix holds of
 * the notations' own characters is escaped, so that it reads as itself
 * when set again. */
char *cp_compose_ellipsize(cp_compose *c, const cp_ts_style *style, const char *text, double w)
{
	bool notes = cp_markup_has_notation(text, strlen(text));
	g_autofree char *bases = notes ? bases_of(text) : NULL;
	if (notes)
		text = bases;
	glong n = g_utf8_strlen(text, -1);
	glong lo = 0, hi = n;
	while (lo < hi) {
		glong mid = (lo + hi + 1) / 2;
		const char *end = g_utf8_offset_to_pointer(text, mid);
		g_autofree char *s = g_strdup_printf("%.*s…", (int)(end - text), text);
		if (cp_ts_text_width(c->ts, style, s, c->d) <= w)
			lo = mid;
		else
			hi = mid - 1;
	}
	const char *end = g_utf8_offset_to_pointer(text, lo);
	if (!notes)
		return g_strdup_printf("%.*s…", (int)(end - text), text);
	GString *out = g_string_new(NULL);
	for (const char *p = text; p < end; p = g_utf8_next_char(p)) {
		gunichar u = g_utf8_get_char(p);
		if (cp_markup_has_notation(p, (size_t)(g_utf8_next_char(p) - p)))
			g_string_append_c(out, '\\');
		g_string_append_unichar(out, u);
	}
	g_string_append(out, "…");
	return g_string_free(out, FALSE);
}
