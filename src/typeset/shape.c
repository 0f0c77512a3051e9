/* shape.c - step 1 of the composer: the paragraph's shaped clusters.
 *
 * cp_ts_shape_text itemizes and shapes the whole paragraph with no wrapping
 * width: pango_itemize gives the items (bidi level, script, the font of
 * each run's role, fallback for characters the font lacks) and
 * cp_ts_shape_item shapes each with HarfBuzz once, with the paragraph text
 * as context, as pango_shape_item would (below). This is what an unwrapped PangoLayout did before,
 * step for step (docs/pango-notes.md section 7: paragraphs, line separators, tabs, baseline
 * alignment), without the work the composer never used: log attributes, line and run extents (they
 * loaded every glyph's outline for its ink box), visual reordering.
 * Its lines are only the hard lines (a new line after \n, \r, U+2028 or
 * U+2029), and cp_ts_shape_cells reads each back as cells: one per cluster
 * in cairo's sense, a range of text bytes and the glyphs that show it
 * (cairo_show_text_glyphs needs that mapping for the PDF text to stay
 * extractable in reading order).
 *
 * Data layout: cells and glyphs are flat GArrays of the paragraph scratch;
 * a cell's glyphs are [first_glyph, first_glyph + n_glyphs) with their
 * offsets from the cell's pen position. Positions are Pango units /
 * PANGO_SCALE, unrounded (the context does not round glyph positions).
 *
 * Order: items come in text (logical) order, and so do the cells, so
 * breaking and classes see the text as it is read; in a paragraph with
 * right-to-left text the cells of each line are put in visual order only
 * after the line is chosen and justified (cp_ts_reorder_line, UAX #9 rule
 * L2 on each cell's embedding level).
 *
 * Invariants: the cells of a hard line cover its bytes in text order without
 * gaps or overlap, except that white space and separators at a hard line's
 * end are dropped (JLReq 3.1.6: white space at a line end is not set); the
 * sum of n_glyphs equals the glyph scratch length. Breaking and positioning
 * are not done here: Pango's line breaking is never used. */
#include "typeset/typeset.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>
#include <hb.h>

#include "typeset/typeset_int.h"

uint32_t cp_ts_src_find(const GArray *srcs, uint32_t off)
{
	/* Binary search on start: the last source run starting at or before off. */
	uint32_t lo = 0;
	uint32_t hi = srcs->len;

	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (g_array_index(srcs, cp_ts_src_run, mid).start <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Where an item's cells and glyphs are written: room for as many cells
 * and glyphs as the item has glyphs (at most one cell a glyph) is made
 * once, and what is left over is given back when the item is done. */
typedef struct cell_sink {
	cp_ts_cells *out;
	guint c0, g0; /* the arrays' lengths before the item */
	guint n_cells, n_glyphs;
	uint32_t src; /* the source run of the last cell (a hint) */
} cell_sink;

static void sink_open(cell_sink *k, cp_ts_cells *out, int n_glyphs)
{
	k->out = out;
	k->c0 = out->cells->len;
	k->g0 = out->glyphs->len;
	k->n_cells = 0;
	k->n_glyphs = 0;
	g_array_set_size(out->cells, k->c0 + (guint)n_glyphs);
	g_array_set_size(out->glyphs, k->g0 + (guint)n_glyphs);
}

static void sink_close(cell_sink *k)
{
	g_array_set_size(k->out->cells, k->c0 + k->n_cells);
	g_array_set_size(k->out->glyphs, k->g0 + k->n_glyphs);
}

/* The source run holding byte off: the last cell's when it does, else
 * cp_ts_src_find's (the same run: the last one starting at or before
 * off). */
static uint32_t sink_src(cell_sink *k, const GArray *srcs, uint32_t off)
{
	const cp_ts_src_run *r = (const cp_ts_src_run *)(const void *)srcs->data;
	uint32_t h = k->src;
	if (h < srcs->len && r[h].start <= off && (h + 1 == srcs->len || r[h + 1].start > off))
		return h;
	k->src = cp_ts_src_find(srcs, off);
	return k->src;
}

/* Appends one cell for bytes [start, start+len) shown by glyphs first..last
 * of the glyph item (inclusive, in visual order). */
static void add_cell(cell_sink *k, const PangoGlyphItem *gi, const char *text, const GArray *srcs,
                     uint8_t orient, uint32_t start, uint32_t len, int first, int last)
{
	const PangoGlyphString *gs = gi->glyphs;
	cp_ts_cell cell = {0};
	double adv = 0.0;

	cell.start = start;
	cell.len = len;
	cell.first_glyph = k->g0 + k->n_glyphs;
	cell.src = sink_src(k, srcs, start);
	cell.font = gi->item->analysis.font;
	cell.size = g_array_index(srcs, cp_ts_src_run, cell.src).size;
	cell.ch = g_utf8_get_char(text + start);
	cell.orient = orient;
	/* upright characters of a vertical line stand in text order */
	cell.level = orient == CP_TS_ORIENT_UPRIGHT || orient == CP_TS_ORIENT_TCY
	                 ? 0
	                 : (uint8_t)gi->item->analysis.level;

	/* Glyphs in visual order; empty glyphs (controls, ZWSP) keep their
	 * advance but are not drawn. Unknown glyphs are drawn as .notdef
	 * (glyph 0); typesetter.c has already reported them. */
	cp_ts_cell_glyph *out = &g_array_index(k->out->glyphs, cp_ts_cell_glyph, k->g0);
	for (int g = first; g <= last; g++) {
		const PangoGlyphInfo *gl = &gs->glyphs[g];
		if (gl->glyph != PANGO_GLYPH_EMPTY) {
			cp_ts_cell_glyph *cg = &out[k->n_glyphs++];
			cg->id = (gl->glyph & PANGO_GLYPH_UNKNOWN_FLAG) ? 0 : gl->glyph;
			cg->dx = adv + (double)gl->geometry.x_offset / PANGO_SCALE;
			cg->dy = (double)(gl->geometry.y_offset + gi->y_offset) / PANGO_SCALE;
			cg->advance = (double)gl->geometry.width / PANGO_SCALE;
			cell.n_glyphs++;
		}
		adv += (double)gl->geometry.width / PANGO_SCALE;
	}
	cell.advance = adv;
	cell.box = adv;
	g_array_index(k->out->cells, cp_ts_cell, k->c0 + k->n_cells++) = cell;
}

/* Cells of a left-to-right glyph item: one per run of equal log_clusters. */
static void item_cells_ltr(cell_sink *k, const PangoGlyphItem *gi, const char *text,
                           const GArray *srcs, uint8_t orient)
{
	const PangoGlyphString *gs = gi->glyphs;
	const PangoItem *item = gi->item;
	int g = 0;

	while (g < gs->num_glyphs) {
		int cl = gs->log_clusters[g];
		int e = g;
		while (e + 1 < gs->num_glyphs && gs->log_clusters[e + 1] == cl)
			e++;
		int next = e + 1 < gs->num_glyphs ? gs->log_clusters[e + 1] : item->length;
		add_cell(k, gi, text, srcs, orient, (uint32_t)(item->offset + cl),
		         (uint32_t)(next - cl), g, e);
		g = e + 1;
	}
}

/* Cells of a right-to-left glyph item: glyphs are in visual order, so the
 * clusters' text offsets fall from left to right; one cell per run of
 * equal log_clusters, appended in text order (the last cluster first). */
static void item_cells_rtl(cell_sink *k, const PangoGlyphItem *gi, const char *text,
                           const GArray *srcs, uint8_t orient)
{
	const PangoGlyphString *gs = gi->glyphs;
	const PangoItem *item = gi->item;
	int g = gs->num_glyphs - 1;

	while (g >= 0) {
		int cl = gs->log_clusters[g];
		int b = g;
		while (b > 0 && gs->log_clusters[b - 1] == cl)
			b--;
		int next = b > 0 ? gs->log_clusters[b - 1] : item->length;
		add_cell(k, gi, text, srcs, orient, (uint32_t)(item->offset + cl),
		         (uint32_t)(next - cl), b, g);
		g = b - 1;
	}
}

/* Is ch set at a hard line's end? White space and line separators are not. */
static bool is_trailing_blank(gunichar ch)
{
	return g_unichar_isspace(ch) || ch == 0x2028 || ch == 0x2029;
}

/* Closes a hard line at the current end of the cells: white space at a
 * hard line's end is not set, so its cells are dropped. Their glyphs are
 * dropped too when they are the last ones (trim); after a cut inside
 * Pango's line, later cells still use the glyphs behind them, so the
 * dropped cells' glyphs stay in the array, unused. */
static void close_hard(cp_ts_cells *out, cp_ts_hard *hard, bool trim)
{
	while (out->cells->len > hard->c0) {
		const cp_ts_cell *c = &g_array_index(out->cells, cp_ts_cell, out->cells->len - 1);
		if (!is_trailing_blank(c->ch))
			break;
		if (trim)
			g_array_set_size(out->glyphs, c->first_glyph);
		g_array_set_size(out->cells, out->cells->len - 1);
	}
	hard->c1 = out->cells->len;
	g_array_append_val(out->hards, *hard);
}

/* Pango shaped the text with its '\n' as spaces (paragraph.c): cut the
 * cells of Pango's line [hard->c0, end) into hard lines at the '\n' cells,
 * in one pass that compacts the cells in place (w <= r): a '\n' cell and
 * the blanks before it are dropped; their glyphs stay in the array, unused,
 * since later cells still point behind them. */
static void split_hards(cp_ts_cells *out, const char *text, cp_ts_hard *hard)
{
	guint end = out->cells->len;
	guint w = hard->c0;
	uint32_t line_end = hard->end;
	for (guint r = hard->c0; r < end; r++) {
		cp_ts_cell cell = g_array_index(out->cells, cp_ts_cell, r);
		if (text[cell.start] != '\n') {
			g_array_index(out->cells, cp_ts_cell, w++) = cell;
			continue;
		}
		while (w > hard->c0 &&
		       is_trailing_blank(g_array_index(out->cells, cp_ts_cell, w - 1).ch))
			w--;
		hard->end = cell.start;
		hard->c1 = w;
		g_array_append_val(out->hards, *hard);
		hard->start = cell.start + 1;
		hard->c0 = w;
	}
	g_array_set_size(out->cells, w);
	hard->end = line_end;
	close_hard(out, hard, true);
}

/* Reverses cells [i, j]. */
static void reverse_cells(GArray *cs, uint32_t i, uint32_t j)
{
	while (i < j) {
		cp_ts_cell t = g_array_index(cs, cp_ts_cell, i);
		g_array_index(cs, cp_ts_cell, i) = g_array_index(cs, cp_ts_cell, j);
		g_array_index(cs, cp_ts_cell, j) = t;
		i++;
		j--;
	}
}

void cp_ts_reorder_line(cp_ts_cells *c, uint32_t c0, uint32_t c1)
{
	GArray *cs = c->cells;
	unsigned hi = 0;
	unsigned lo = 255;

	for (uint32_t i = c0; i <= c1; i++) {
		unsigned lv = g_array_index(cs, cp_ts_cell, i).level;
		hi = MAX(hi, lv);
		lo = MIN(lo, lv);
	}
	if (hi == 0)
		return;

	/* Each cell's x becomes its room: up to its logical successor's box,
	 * or its own box for the last; the rooms are laid out again from the
	 * line's start in visual order. */
	double x0 = g_array_index(cs, cp_ts_cell, c0).x;
	for (uint32_t i = c0; i <= c1; i++) {
		cp_ts_cell *cell = &g_array_index(cs, cp_ts_cell, i);
		double next = i < c1 ? g_array_index(cs, cp_ts_cell, i + 1).x : cell->x + cell->box;
		cell->x = next - cell->x;
	}

	/* L2: from the highest level down to the lowest odd level of the
	 * line (counting levels not present), reverse every run of cells at
	 * that level or above. */
	unsigned lowest_odd = lo % 2 ? lo : lo + 1;
	for (unsigned k = hi; k >= lowest_odd; k--) {
		uint32_t i = c0;
		while (i <= c1) {
			if (g_array_index(cs, cp_ts_cell, i).level < k) {
				i++;
				continue;
			}
			uint32_t j = i;
			while (j < c1 && g_array_index(cs, cp_ts_cell, j + 1).level >= k)
				j++;
			reverse_cells(cs, i, j);
			i = j + 1;
		}
	}

	double x = x0;
	for (uint32_t i = c0; i <= c1; i++) {
		cp_ts_cell *cell = &g_array_index(cs, cp_ts_cell, i);
		double room = cell->x;
		cell->x = x;
		x += room;
	}
}

static PangoAttribute *attr_range(PangoAttribute *a, uint32_t start, uint32_t end)
{
	a->start_index = start;
	a->end_index = end;
	return a;
}

/* The width of eight spaces in the font of the paragraph's start, Pango
 * units: Pango's default tab width (every eighth of it is the least room a
 * tab leaves). Computed as PangoLayout computed it, once per paragraph
 * that holds a tab. */
static int tab_width(PangoContext *ctx, PangoAttrList *itemize_attrs)
{
	PangoFontDescription *desc =
	    pango_font_description_copy_static(pango_context_get_font_description(ctx));
	PangoLanguage *lang = NULL;
	PangoAttrIterator *it = pango_attr_list_get_iterator(itemize_attrs);
	pango_attr_iterator_get_font(it, desc, &lang, NULL);
	pango_attr_iterator_destroy(it);

	PangoAttrList *tmp = pango_attr_list_new();
	pango_attr_list_insert_before(tmp, pango_attr_font_desc_new(desc));
	pango_font_description_free(desc);
	if (lang)
		pango_attr_list_insert_before(tmp, pango_attr_language_new(lang));
	GList *items = pango_itemize(ctx, " ", 0, 1, tmp, NULL);
	pango_attr_list_unref(tmp);

	int width = 0;
	if (items) {
		PangoItem *item = items->data;
		PangoGlyphString *gs = pango_glyph_string_new();
		pango_shape_with_flags("        ", 8, "        ", 8, &item->analysis, gs,
		                       PANGO_SHAPE_NONE);
		width = pango_glyph_string_get_width(gs);
		pango_glyph_string_free(gs);
	}
	g_list_free_full(items, (GDestroyNotify)pango_item_free);
	return width > 0 ? width : 50 * PANGO_SCALE;
}

/* A tab's glyph: no ink, advancing from line_width (Pango units, the
 * line's glyphs before it) to the next default tab stop that leaves at
 * least a space's room; *stop is the stop index, kept per line. */
static void shape_tab(int tab, int line_width, int *stop, PangoGlyphString *gs)
{
	int space = tab / 8;
	int pos;

	for (;; (*stop)++) {
		pos = tab * *stop;
		if (pos >= line_width + space)
			break;
	}
	gs->glyphs[0].glyph = PANGO_GLYPH_EMPTY;
	gs->glyphs[0].geometry.x_offset = 0;
	gs->glyphs[0].geometry.y_offset = 0;
	gs->glyphs[0].geometry.width = pos - line_width;
	gs->glyphs[0].attr.is_cluster_start = 1;
	gs->glyphs[0].attr.is_color = 0;
	gs->log_clusters[0] = 0;
}

/* ---- HarfBuzz on Pango's fonts ---------------------------------------------------------
 *
 * pango_shape_item did per item what cp_ts_shape_item does, plus work the
 * composer never read: it copied the item's attributes in
 * (pango_item_apply_attrs) to find the "kern 0" feature again, made and
 * dropped a HarfBuzz sub-font with Pango's callbacks, and asked the font's
 * COLR, sbix and SVG tables whether each glyph is a colour glyph. Here the
 * sub-font is made once per font and kept by the typesetter, the buffer is
 * the typesetter's, and the features are the font's and kern off, as
 * Pango's came out (pango_analysis_collect_features: the font's first,
 * then "kern 0" over every byte). The callbacks are Pango 1.50's for text
 * without PANGO_ATTR_SHOW: a character the font lacks becomes Pango's
 * unknown glyph (PANGO_GET_UNKNOWN_GLYPH) whose advance and extents Pango
 * gives, a space other than U+0020 is left to HarfBuzz to synthesise from
 * U+0020. The glyphs, advances, offsets and clusters are Pango's to the
 * bit (the sample, the peers' issues and b5-tate: PDFs and display lists
 * byte-identical); only attr.is_color stays 0, which nothing reads. */

/* A font as HarfBuzz sees it through Pango's callbacks. */
typedef struct sub_font {
	PangoFont *font;           /* the table's key holds the reference */
	hb_font_t *parent;         /* pango_font_get_hb_font's, owned by font */
	hb_font_t *hb;             /* a sub-font of parent with the shaper's funcs */
	hb_feature_t features[32]; /* the font's, then kern off */
	guint n_features;
	/* the font's baselines align_baselines asked for last, a few kept:
	 * the runs of a line alternate between kanji and kana */
	struct {
		PangoScript script;
		PangoLanguage *lang;
		hb_ot_layout_baseline_tag_t tag;
		bool centered;
		hb_position_t pos;
	} baselines[4];
	unsigned n_baselines, next_baseline;
	/* the shape plans used last (hb_shape would look each up again in
	 * the face's list, comparing the features: 2 % of a build), a few
	 * kept: the items of a paragraph alternate between scripts */
	struct {
		hb_segment_properties_t props;
		hb_shape_plan_t *plan;
	} plans[4];
	unsigned n_plans, next_plan;
} sub_font;

struct cp_ts_shaper {
	hb_buffer_t *buf;
	hb_font_funcs_t *funcs;
	GHashTable *fonts; /* PangoFont* (ref held) -> sub_font* */
	hb_feature_t kern_off;
	cp_arena *spare; /* a glyph arena for the next cp_ts_shaped, or NULL */
};

static hb_bool_t sub_nominal_glyph(hb_font_t *font, void *data, hb_codepoint_t unicode,
                                   hb_codepoint_t *glyph, void *user_data)
{
	(void)font;
	(void)user_data;
	const sub_font *sf = data;
	if (hb_font_get_nominal_glyph(sf->parent, unicode, glyph))
		return TRUE;
	/* HarfBuzz makes other spaces from U+0020; U+0020 itself is
	 * Pango's unknown glyph, with the width Pango gives it */
	if (g_unichar_type(unicode) == G_UNICODE_SPACE_SEPARATOR) {
		if (unicode == 0x20) {
			*glyph = PANGO_GET_UNKNOWN_GLYPH(0x20);
			return TRUE;
		}
		return FALSE;
	}
	*glyph = PANGO_GET_UNKNOWN_GLYPH(unicode);
	return unicode > 0x10FFFF;
}

static hb_position_t sub_h_advance(hb_font_t *font, void *data, hb_codepoint_t glyph,
                                   void *user_data)
{
	(void)font;
	(void)user_data;
	const sub_font *sf = data;
	if (glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
		PangoRectangle logical;
		pango_font_get_glyph_extents(sf->font, glyph, NULL, &logical);
		return logical.width;
	}
	return hb_font_get_glyph_h_advance(sf->parent, glyph);
}

static hb_position_t sub_v_advance(hb_font_t *font, void *data, hb_codepoint_t glyph,
                                   void *user_data)
{
	(void)font;
	(void)user_data;
	const sub_font *sf = data;
	if (glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
		PangoRectangle logical;
		pango_font_get_glyph_extents(sf->font, glyph, NULL, &logical);
		return logical.height;
	}
	return hb_font_get_glyph_v_advance(sf->parent, glyph);
}

static hb_bool_t sub_extents(hb_font_t *font, void *data, hb_codepoint_t glyph,
                             hb_glyph_extents_t *extents, void *user_data)
{
	(void)font;
	(void)user_data;
	const sub_font *sf = data;
	if (glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
		PangoRectangle ink;
		pango_font_get_glyph_extents(sf->font, glyph, &ink, NULL);
		extents->x_bearing = ink.x;
		extents->y_bearing = ink.y;
		extents->width = ink.width;
		extents->height = ink.height;
		return TRUE;
	}
	return hb_font_get_glyph_extents(sf->parent, glyph, extents);
}

static void sub_font_free(gpointer p)
{
	sub_font *sf = p;
	for (unsigned i = 0; i < sf->n_plans; i++)
		hb_shape_plan_destroy(sf->plans[i].plan);
	hb_font_destroy(sf->hb);
	g_free(sf);
}

static cp_ts_shaper *shaper_get(cp_typesetter *ts)
{
	if (ts->shaper != NULL)
		return ts->shaper;
	cp_ts_shaper *sp = g_new0(cp_ts_shaper, 1);
	sp->buf = hb_buffer_create();
	sp->funcs = hb_font_funcs_create();
	hb_font_funcs_set_nominal_glyph_func(sp->funcs, sub_nominal_glyph, NULL, NULL);
	hb_font_funcs_set_glyph_h_advance_func(sp->funcs, sub_h_advance, NULL, NULL);
	hb_font_funcs_set_glyph_v_advance_func(sp->funcs, sub_v_advance, NULL, NULL);
	hb_font_funcs_set_glyph_extents_func(sp->funcs, sub_extents, NULL, NULL);
	hb_font_funcs_make_immutable(sp->funcs);
	sp->fonts =
	    g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref, sub_font_free);
	/* the shaping attribute's "kern 0", over every byte as Pango's
	 * attribute was (0 to G_MAXUINT) */
	if (!hb_feature_from_string("kern 0", -1, &sp->kern_off))
		g_error("HarfBuzz cannot parse the feature 'kern 0'");
	sp->kern_off.start = 0;
	sp->kern_off.end = G_MAXUINT;
	ts->shaper = sp;
	return sp;
}

void cp_ts_shaper_free(cp_ts_shaper *sp)
{
	if (sp == NULL)
		return;
	g_hash_table_destroy(sp->fonts);
	cp_arena_free(sp->spare);
	hb_font_funcs_destroy(sp->funcs);
	hb_buffer_destroy(sp->buf);
	g_free(sp);
}

static const sub_font *sub_font_get(cp_ts_shaper *sp, PangoFont *font)
{
	sub_font *sf = g_hash_table_lookup(sp->fonts, font);
	if (sf != NULL)
		return sf;
	sf = g_new0(sub_font, 1);
	sf->font = font;
	sf->parent = pango_font_get_hb_font(font);
	sf->hb = hb_font_create_sub_font(sf->parent);
	hb_font_set_funcs(sf->hb, sp->funcs, sf, NULL);
	pango_font_get_features(font, sf->features, G_N_ELEMENTS(sf->features), &sf->n_features);
	if (sf->n_features < G_N_ELEMENTS(sf->features))
		sf->features[sf->n_features++] = sp->kern_off;
	g_hash_table_insert(sp->fonts, g_object_ref(font), sf);
	return sf;
}

PangoGlyphString *cp_ts_glyphs_new(cp_ts_shaped *sh, int n)
{
	g_assert(n >= 0);
	PangoGlyphString *gs = cp_arena_new0(sh->arena, PangoGlyphString, 1);
	gs->num_glyphs = n;
	gs->space = n;
	gs->glyphs = cp_arena_new0(sh->arena, PangoGlyphInfo, n);
	gs->log_clusters = cp_arena_new0(sh->arena, int, n);
	return gs;
}

/* A copy of a glyph string of Pango's in sh's arena. */
static PangoGlyphString *glyphs_copy(cp_ts_shaped *sh, const PangoGlyphString *from)
{
	PangoGlyphString *gs = cp_ts_glyphs_new(sh, from->num_glyphs);
	if (from->num_glyphs > 0) {
		memcpy(gs->glyphs, from->glyphs, sizeof(PangoGlyphInfo) * (size_t)from->num_glyphs);
		memcpy(gs->log_clusters, from->log_clusters,
		       sizeof(int) * (size_t)from->num_glyphs);
	}
	return gs;
}

/* Pango's own shaping of item, for the cases HarfBuzz is not asked
 * (no font) or gave nothing; copied into sh's arena. */
static PangoGlyphString *shape_by_pango(cp_ts_shaped *sh, const PangoItem *item, const char *text,
                                        size_t n_text)
{
	PangoGlyphString *tmp = pango_glyph_string_new();
	pango_shape_item((PangoItem *)item, text, (int)n_text, NULL, tmp, PANGO_SHAPE_NONE);
	PangoGlyphString *gs = glyphs_copy(sh, tmp);
	pango_glyph_string_free(tmp);
	return gs;
}

/* The shape plan hb_shape would use for buf's properties on sf (the face's
 * cached one, as hb_shape_full asks for it), kept in sf; executed on a
 * buffer hb_buffer_reset made ready as hb_shape_full does (its only other
 * step, limits on a buffer's growth against looping fonts, is for fonts
 * the private configuration does not hold). */
static hb_shape_plan_t *shape_plan(sub_font *sf, hb_buffer_t *buf)
{
	hb_segment_properties_t props;
	hb_buffer_get_segment_properties(buf, &props);
	for (unsigned i = 0; i < sf->n_plans; i++)
		if (hb_segment_properties_equal(&sf->plans[i].props, &props))
			return sf->plans[i].plan;
	unsigned n_coords = 0;
	const int *coords = hb_font_get_var_coords_normalized(sf->hb, &n_coords);
	hb_shape_plan_t *plan = hb_shape_plan_create_cached2(
	    hb_font_get_face(sf->hb), &props, sf->features, sf->n_features, coords, n_coords, NULL);
	unsigned slot = sf->n_plans < G_N_ELEMENTS(sf->plans)
	                    ? sf->n_plans++
	                    : sf->next_plan++ % G_N_ELEMENTS(sf->plans);
	if (sf->plans[slot].plan != NULL) /* a slot used again */
		hb_shape_plan_destroy(sf->plans[slot].plan);
	sf->plans[slot].props = props;
	sf->plans[slot].plan = plan;
	return plan;
}

PangoGlyphString *cp_ts_shape_item(cp_typesetter *ts, cp_ts_shaped *sh, const PangoItem *item,
                                   const char *text, size_t n_text)
{
	const PangoAnalysis *an = &item->analysis;
	if (an->font == NULL) /* no font: Pango's fallback shaping (hex boxes) */
		return shape_by_pango(sh, item, text, n_text);
	cp_ts_shaper *sp = shaper_get(ts);
	sub_font *sf = (sub_font *)sub_font_get(sp, an->font);
	hb_buffer_t *buf = sp->buf;

	hb_direction_t dir =
	    PANGO_GRAVITY_IS_VERTICAL(an->gravity) ? HB_DIRECTION_TTB : HB_DIRECTION_LTR;
	if (an->level % 2)
		dir = HB_DIRECTION_REVERSE(dir);
	if (PANGO_GRAVITY_IS_IMPROPER(an->gravity))
		dir = HB_DIRECTION_REVERSE(dir);
	hb_buffer_reset(buf);
	hb_buffer_set_direction(buf, dir);
	hb_buffer_set_script(buf, (hb_script_t)g_unicode_script_to_iso15924(an->script));
	hb_buffer_set_language(buf,
	                       hb_language_from_string(pango_language_to_string(an->language), -1));
	hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
	hb_buffer_set_flags(buf, HB_BUFFER_FLAG_BOT | HB_BUFFER_FLAG_EOT);
	hb_buffer_set_invisible_glyph(buf, PANGO_GLYPH_EMPTY);
	/* the text before and after the item is context: HarfBuzz takes it
	 * from text (Pango added the same in three calls) */
	hb_buffer_add_utf8(buf, text, (int)n_text, (unsigned)item->offset, item->length);
	hb_shape_plan_execute(shape_plan(sf, buf), sf->hb, buf, sf->features, sf->n_features);
	if (PANGO_GRAVITY_IS_IMPROPER(an->gravity))
		hb_buffer_reverse(buf);

	unsigned n = hb_buffer_get_length(buf);
	if (n == 0) /* a font that gave no glyph: Pango warns and falls back */
		return shape_by_pango(sh, item, text, n_text);
	const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, NULL);
	const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
	bool vertical = PANGO_GRAVITY_IS_VERTICAL(an->gravity);
	PangoGlyphString *gs = cp_ts_glyphs_new(sh, (int)n);
	int last_cluster = (int)info[0].cluster - item->offset - 1;
	for (unsigned i = 0; i < n; i++) {
		PangoGlyphInfo *g = &gs->glyphs[i];
		int cl = (int)info[i].cluster - item->offset;
		g->glyph = info[i].codepoint;
		gs->log_clusters[i] = cl;
		g->attr.is_cluster_start = cl != last_cluster;
		g->attr.is_color = 0;
		last_cluster = cl;
		if (vertical) {
			/* 90 degrees counter-clockwise, as Pango turns them */
			g->geometry.width = -pos[i].y_advance;
			g->geometry.x_offset = -pos[i].y_offset;
			g->geometry.y_offset = -pos[i].x_offset;
		} else {
			g->geometry.width = pos[i].x_advance;
			g->geometry.x_offset = pos[i].x_offset;
			g->geometry.y_offset = -pos[i].y_offset;
		}
		/* Pango shifts a glyph with a negative width and negates it */
		if (g->geometry.width < 0) {
			g->geometry.width = -g->geometry.width;
			g->geometry.x_offset += g->geometry.width;
		}
	}
	/* a right-to-left item's glyphs run from its last cluster, as Pango
	 * makes sure */
	if ((an->level & 1) && gs->log_clusters[0] < gs->log_clusters[n - 1]) {
		for (unsigned i = 0, j = n - 1; i < j; i++, j--) {
			PangoGlyphInfo gi = gs->glyphs[i];
			gs->glyphs[i] = gs->glyphs[j];
			gs->glyphs[j] = gi;
			int cl = gs->log_clusters[i];
			gs->log_clusters[i] = gs->log_clusters[j];
			gs->log_clusters[j] = cl;
		}
	}
	return gs;
}

/* Pango's baseline alignment of a line's runs (docs/pango-notes.md
 * section 7; Pango 1.50 with HarfBuzz >= 4): the first run with a font chooses
 * the baseline (its script's horizontal baseline, BASE table or
 * HarfBuzz's fallback) and every run is moved so that baseline of its font
 * meets the first run's. Only the y_offset of runs [r0, r1) changes.
 * One difference from Pango: where HarfBuzz names the ideographic
 * character face's bottom (icfb) for a CJK script, we align the em boxes'
 * bottoms (ideo): Japanese type sits on its em box (JLReq 1.3), and the
 * face box depends on the weight (Noto Serif CJK: -78 regular, -90 bold
 * units of 1000), so a bold run moved 0.06 pt off the grid at 13Q
 * (issue 12). Fonts of one design share their em box, so mixed weights
 * keep one baseline. */
/* The baseline tag's position in the font of an (cached per font). */
static hb_position_t font_baseline(cp_ts_shaper *sp, const PangoAnalysis *an,
                                   hb_ot_layout_baseline_tag_t tag)
{
	sub_font *sf = (sub_font *)sub_font_get(sp, an->font);
	bool centered = (an->flags & PANGO_ANALYSIS_FLAG_CENTERED_BASELINE) != 0;
	for (unsigned i = 0; i < sf->n_baselines; i++)
		if (sf->baselines[i].script == an->script &&
		    sf->baselines[i].lang == an->language && sf->baselines[i].tag == tag &&
		    sf->baselines[i].centered == centered)
			return sf->baselines[i].pos;

	hb_script_t script = (hb_script_t)g_unicode_script_to_iso15924(an->script);
	hb_language_t lang = hb_language_from_string(pango_language_to_string(an->language), -1);
	hb_tag_t script_tags[HB_OT_MAX_TAGS_PER_SCRIPT];
	hb_tag_t lang_tags[HB_OT_MAX_TAGS_PER_LANGUAGE];
	unsigned n_script = HB_OT_MAX_TAGS_PER_SCRIPT;
	unsigned n_lang = HB_OT_MAX_TAGS_PER_LANGUAGE;
	hb_ot_tags_from_script_and_language(script, lang, &n_script, script_tags, &n_lang,
	                                    lang_tags);
	hb_direction_t dir = centered ? HB_DIRECTION_TTB : HB_DIRECTION_LTR;
	hb_tag_t script_tag = n_script ? script_tags[n_script - 1] : HB_OT_TAG_DEFAULT_SCRIPT;
	hb_tag_t lang_tag = n_lang ? lang_tags[n_lang - 1] : HB_TAG_NONE;
	hb_position_t pos = 0;
	hb_ot_layout_get_baseline_with_fallback(sf->parent, tag, dir, script_tag, lang_tag, &pos);

	unsigned slot = sf->n_baselines < G_N_ELEMENTS(sf->baselines)
	                    ? sf->n_baselines++
	                    : sf->next_baseline++ % G_N_ELEMENTS(sf->baselines);
	sf->baselines[slot].script = an->script;
	sf->baselines[slot].lang = an->language;
	sf->baselines[slot].tag = tag;
	sf->baselines[slot].centered = centered;
	sf->baselines[slot].pos = pos;
	return pos;
}

static void align_baselines(cp_ts_shaper *sp, GArray *runs, uint32_t r0, uint32_t r1, bool vertical)
{
	/* a vertical line's runs are centred on its axis instead (vshape.c) */
	if (vertical)
		return;
	hb_ot_layout_baseline_tag_t tag = 0;
	hb_position_t baseline = 0;

	for (uint32_t r = r0; r < r1; r++) {
		PangoGlyphItem *gi = &g_array_index(runs, PangoGlyphItem, r);
		const PangoAnalysis *an = &gi->item->analysis;
		if (an->font == NULL)
			continue;
		bool centered = (an->flags & PANGO_ANALYSIS_FLAG_CENTERED_BASELINE) != 0;
		bool first = tag == 0;
		if (first) {
			hb_script_t script = (hb_script_t)g_unicode_script_to_iso15924(an->script);
			tag = centered
			          ? HB_OT_LAYOUT_BASELINE_TAG_IDEO_EMBOX_CENTRAL
			          : hb_ot_layout_get_horizontal_baseline_tag_for_script(script);
			if (tag == HB_OT_LAYOUT_BASELINE_TAG_IDEO_FACE_BOTTOM_OR_LEFT)
				tag = HB_OT_LAYOUT_BASELINE_TAG_IDEO_EMBOX_BOTTOM_OR_LEFT;
		}
		hb_position_t own = font_baseline(sp, an, tag);
		if (first)
			baseline = own;
		gi->y_offset = centered ? 0 : baseline - own;
	}
}

cp_ts_shaped *cp_ts_shape_text(cp_typesetter *ts, const cp_ts_style *style, const char *text,
                               size_t n_text, const GArray *srcs)
{
	cp_ts_shaped *sh = g_new0(cp_ts_shaped, 1);
	/* the glyph strings live in an arena, one of the typesetter's */
	cp_ts_shaper *sp = shaper_get(ts);
	sh->shaper = sp;
	sh->arena = sp->spare != NULL ? sp->spare : cp_arena_new();
	sp->spare = NULL;
	sh->runs = g_array_new(FALSE, TRUE, sizeof(PangoGlyphItem));
	sh->lines = g_array_new(FALSE, TRUE, sizeof(cp_ts_shaped_line));
	sh->orients = g_array_new(FALSE, TRUE, sizeof(uint8_t));

	/* Attributes that choose fonts, per source run: family, weight,
	 * absolute size (1 unit = 1 pt at 72 dpi), under the style's font
	 * (it also covers bytes of no run). Attributes of shaping over the
	 * whole text: kerning off (solid setting, beta-gumi: Noto's kern moves
	 * kana pairs, docs/pango-notes.md section 0), no inserted hyphens. The
	 * style's tracking is added to the cells by cp_ts_set itself. */
	PangoAttrList *fonts = pango_attr_list_new();
	for (guint i = 0; i < srcs->len; i++) {
		const cp_ts_src_run *s = &g_array_index(srcs, cp_ts_src_run, i);
		if (s->start == s->end)
			continue;
		pango_attr_list_insert(
		    fonts, attr_range(pango_attr_family_new(s->family), s->start, s->end));
		pango_attr_list_insert(
		    fonts,
		    attr_range(pango_attr_weight_new((PangoWeight)s->weight), s->start, s->end));
		pango_attr_list_insert(fonts, attr_range(pango_attr_size_new_absolute(
		                                             (int)lround(s->size * PANGO_SCALE)),
		                                         s->start, s->end));
	}
	PangoFontDescription *fd =
	    cp_ts_font_desc(style->family ? style->family : "serif", style->weight, style->size);
	/* Gravity south, as pango_itemize resolves it for every run of a
	 * horizontal context (vertical lines are not Pango's gravity,
	 * vshape.c): left unset, itemize set it on its own copy at every
	 * script change and so took it for a new font, and looked the
	 * fontset up again (pango_font_map_load_fontset: a tenth of the
	 * shaping's instructions); set, only a change of family, weight,
	 * size or derived language does. The items and their fonts are the
	 * same. */
	pango_font_description_set_gravity(fd, PANGO_GRAVITY_SOUTH);
	pango_attr_list_insert_before(fonts, pango_attr_font_desc_new(fd));
	pango_font_description_free(fd);
	PangoAttrIterator *font_it = pango_attr_list_get_iterator(fonts);
	int tab = 0;
	const char *start = text;
	const char *end_text = text + n_text;
	for (;;) {
		/* One bidi paragraph up to \n, \r, \r\n or U+2029 (paragraph.c
		 * hands '\n' as spaces unless the text is right to left). */
		int delim = 0;
		int next = 0;
		pango_find_paragraph_boundary(start, (int)(end_text - start), &delim, &next);
		GList *items =
		    pango_itemize_with_base_dir(ts->context, PANGO_DIRECTION_LTR, text,
		                                (int)(start - text), delim, fonts, font_it);
		cp_ts_shaped_line line = {0};
		line.start = (uint32_t)(start - text);
		line.end = line.start;
		line.r0 = sh->runs->len;
		int line_width = 0;
		int stop = 0;
		for (GList *l = items; l; l = l->next) {
			PangoItem *item = l->data;
			uint32_t item_len = (uint32_t)item->length;
			if (style->vertical && text[item->offset] != '\t') {
				/* upright, rotated and tcy pieces (vshape.c); item
				 * is now the last piece */
				line_width +=
				    cp_ts_vshape_item(ts, sh, style, item, text, n_text, srcs);
			} else {
				PangoGlyphString *tgs = NULL;
				if (text[item->offset] == '\t') {
					if (tab == 0)
						tab = tab_width(ts->context, fonts);
					tgs = cp_ts_glyphs_new(sh, 1);
					shape_tab(tab, line_width, &stop, tgs);
				} else {
					tgs = cp_ts_shape_item(ts, sh, item, text, n_text);
				}
				PangoGlyphItem gi = {.item = item, .glyphs = tgs};
				g_array_append_val(sh->runs, gi);
				uint8_t o = style->vertical ? CP_TS_ORIENT_ROTATED
				                            : CP_TS_ORIENT_HORIZONTAL;
				g_array_append_val(sh->orients, o);
				line_width += pango_glyph_string_get_width(tgs);
			}
			PangoGlyphString *gs =
			    g_array_index(sh->runs, PangoGlyphItem, sh->runs->len - 1).glyphs;
			line.end += item_len;
			/* a line separator ends the line (its item holds it alone) */
			if (g_utf8_get_char(text + item->offset) == 0x2028) {
				/* the separator, white space where the line
				 * breaks, is set as nothing
				 * (docs/pango-notes.md section 7) */
				int last = item->analysis.level % 2 ? 0 : gs->num_glyphs - 1;
				int other = item->analysis.level % 2 ? 1 : -1;
				if (gs->num_glyphs == 1 ||
				    (gs->num_glyphs > 1 &&
				     gs->log_clusters[last] != gs->log_clusters[last + other])) {
					gs->glyphs[last].geometry.width = 0;
					gs->glyphs[last].glyph = PANGO_GLYPH_EMPTY;
				}
				line.r1 = sh->runs->len;
				align_baselines(sp, sh->runs, line.r0, line.r1, style->vertical);
				g_array_append_val(sh->lines, line);
				line.start = line.end;
				line.r0 = sh->runs->len;
				line_width = 0;
				stop = 0;
				if (l->next == NULL)
					line.r0 = UINT32_MAX; /* no line after the last */
			}
		}
		g_list_free(items);
		if (line.r0 != UINT32_MAX) {
			line.r1 = sh->runs->len;
			align_baselines(sp, sh->runs, line.r0, line.r1, style->vertical);
			g_array_append_val(sh->lines, line);
		}
		if (start + delim >= end_text)
			break;
		start += next;
	}
	pango_attr_iterator_destroy(font_it);
	pango_attr_list_unref(fonts);
	return sh;
}

void cp_ts_shaped_free(cp_ts_shaped *sh)
{
	if (!sh)
		return;
	for (guint i = 0; i < sh->runs->len; i++) {
		PangoGlyphItem *gi = &g_array_index(sh->runs, PangoGlyphItem, i);
		pango_item_free(gi->item);
	}
	/* the glyph strings go with the arena, kept for the next paragraph
	 * (its first block) */
	if (sh->shaper->spare == NULL) {
		cp_arena_reset(sh->arena);
		sh->shaper->spare = sh->arena;
	} else {
		cp_arena_free(sh->arena);
	}
	g_array_unref(sh->runs);
	g_array_unref(sh->lines);
	g_array_unref(sh->orients);
	g_free(sh);
}

void cp_ts_shape_cells(const cp_ts_shaped *sh, const char *text, const GArray *srcs,
                       cp_ts_cells *out)
{
	g_array_set_size(out->cells, 0);
	g_array_set_size(out->glyphs, 0);
	g_array_set_size(out->hards, 0);
	cell_sink sink = {0};

	for (guint li = 0; li < sh->lines->len; li++) {
		const cp_ts_shaped_line *sl = &g_array_index(sh->lines, cp_ts_shaped_line, li);
		cp_ts_hard hard = {0};
		hard.start = sl->start;
		hard.end = sl->end;
		hard.c0 = out->cells->len;

		/* Items are in text order, and each item's cells are appended in
		 * text order, so a line with right-to-left items (Hebrew, Arabic
		 * among Japanese, text after U+202E) breaks where the text does:
		 * between words of Arabic as of English. */
		for (uint32_t r = sl->r0; r < sl->r1; r++) {
			const PangoGlyphItem *gi = &g_array_index(sh->runs, PangoGlyphItem, r);
			if (gi->glyphs->num_glyphs == 0)
				continue;
			uint8_t orient = g_array_index(sh->orients, uint8_t, r);
			/* upright and tcy pieces are shaped in text order whatever
			 * their bidi level (vshape.c) */
			sink_open(&sink, out, gi->glyphs->num_glyphs);
			if (gi->item->analysis.level % 2 == 0 || orient == CP_TS_ORIENT_UPRIGHT ||
			    orient == CP_TS_ORIENT_TCY)
				item_cells_ltr(&sink, gi, text, srcs, orient);
			else
				item_cells_rtl(&sink, gi, text, srcs, orient);
			sink_close(&sink);
		}
		split_hards(out, text, &hard);
	}
}
