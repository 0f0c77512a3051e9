/* shape.c - step 1 of the composer: the paragraph's shaped clusters.
 *
 * paragraph.c hands us one PangoLayout of the whole paragraph with no
 * wrapping width: Pango itemizes it (script, the font of each run's role,
 * fallback for characters the font lacks) and shapes each item with
 * HarfBuzz once. Its lines are then only the hard lines (a new line after
 * \n, U+2028 or U+2029), and we read each back as cells: one per cluster in
 * cairo's sense, a range of text bytes and the glyphs that show it
 * (cairo_show_text_glyphs needs that mapping for the PDF text to stay
 * extractable in reading order).
 *
 * Data layout: cells and glyphs are flat GArrays of the paragraph scratch;
 * a cell's glyphs are [first_glyph, first_glyph + n_glyphs) with their
 * offsets from the cell's pen position. Positions are Pango units /
 * PANGO_SCALE, unrounded (the context does not round glyph positions).
 *
 * Order: Pango's runs come in visual order. Cells are kept in text
 * (logical) order, so breaking and classes see the text as it is read; in a
 * paragraph with right-to-left text the cells of each line are put back in
 * visual order only after the line is chosen and justified
 * (cp_ts_reorder_line, UAX #9 rule L2 on each cell's embedding level).
 *
 * Invariants: the cells of a hard line cover its bytes in text order without
 * gaps or overlap, except that white space and separators at a hard line's
 * end are dropped (JLReq 3.1.6: white space at a line end is not set); the
 * sum of n_glyphs equals the glyph scratch length. Breaking and positioning
 * are not done here: Pango's own line breaking is never used. */
#include "typeset/typeset.h"

#include <stdlib.h>
#include <string.h>

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

/* Appends one cell for bytes [start, start+len) shown by glyphs first..last
 * of the glyph item (inclusive, in visual order). */
static void add_cell(cp_ts_cells *out, const PangoGlyphItem *gi, const char *text,
		     const GArray *srcs, uint32_t start, uint32_t len, int first, int last)
{
	const PangoGlyphString *gs = gi->glyphs;
	cp_ts_cell cell = {0};
	double adv = 0.0;

	cell.start = start;
	cell.len = len;
	cell.first_glyph = out->glyphs->len;
	cell.src = cp_ts_src_find(srcs, start);
	cell.font = gi->item->analysis.font;
	cell.size = g_array_index(srcs, cp_ts_src_run, cell.src).size;
	cell.ch = g_utf8_get_char(text + start);
	cell.level = (uint8_t)gi->item->analysis.level;

	/* Glyphs in visual order; empty glyphs (controls, ZWSP) keep their
	 * advance but are not drawn. Unknown glyphs are drawn as .notdef
	 * (glyph 0); typesetter.c has already reported them. */
	for (int g = first; g <= last; g++) {
		const PangoGlyphInfo *gl = &gs->glyphs[g];
		if (gl->glyph != PANGO_GLYPH_EMPTY) {
			cp_ts_cell_glyph cg;
			cg.id = (gl->glyph & PANGO_GLYPH_UNKNOWN_FLAG) ? 0 : gl->glyph;
			cg.dx = adv + (double)gl->geometry.x_offset / PANGO_SCALE;
			cg.dy = (double)(gl->geometry.y_offset + gi->y_offset) / PANGO_SCALE;
			cg.advance = (double)gl->geometry.width / PANGO_SCALE;
			g_array_append_val(out->glyphs, cg);
			cell.n_glyphs++;
		}
		adv += (double)gl->geometry.width / PANGO_SCALE;
	}
	cell.advance = adv;
	cell.box = adv;
	g_array_append_val(out->cells, cell);
}

/* Cells of a left-to-right glyph item: one per run of equal log_clusters. */
static void item_cells_ltr(cp_ts_cells *out, const PangoGlyphItem *gi, const char *text,
			   const GArray *srcs)
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
		add_cell(out, gi, text, srcs, (uint32_t)(item->offset + cl), (uint32_t)(next - cl),
			 g, e);
		g = e + 1;
	}
}

/* Cells of a right-to-left glyph item: glyphs are in visual order, so the
 * clusters' text offsets fall from left to right; one cell per run of
 * equal log_clusters, appended in text order (the last cluster first). */
static void item_cells_rtl(cp_ts_cells *out, const PangoGlyphItem *gi, const char *text,
			   const GArray *srcs)
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
		add_cell(out, gi, text, srcs, (uint32_t)(item->offset + cl), (uint32_t)(next - cl),
			 b, g);
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

static int cell_cmp_start(const void *a, const void *b)
{
	uint32_t sa = ((const cp_ts_cell *)a)->start;
	uint32_t sb = ((const cp_ts_cell *)b)->start;
	return sa < sb ? -1 : sa > sb;
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

void cp_ts_shape_cells(PangoLayout *layout, const char *text, const GArray *srcs,
		       cp_ts_cells *out)
{
	g_array_set_size(out->cells, 0);
	g_array_set_size(out->glyphs, 0);
	g_array_set_size(out->hards, 0);

	for (GSList *l = pango_layout_get_lines_readonly(layout); l; l = l->next) {
		const PangoLayoutLine *pl = l->data;
		cp_ts_hard hard = {0};
		hard.start = (uint32_t)pl->start_index;
		hard.end = (uint32_t)(pl->start_index + pl->length);
		hard.c0 = out->cells->len;

		/* Pango's runs are in visual order; with the base direction LTR
		 * and Japanese text that is text order. Cells of a line with
		 * a right-to-left item (Hebrew, Arabic among Japanese, text
		 * after U+202E) or an even level above 0 are sorted back into
		 * text order (their byte ranges never overlap), so the line
		 * breaks where the text does: between words of Arabic as of
		 * English. */
		bool bidi = false;
		for (GSList *r = pl->runs; r; r = r->next) {
			const PangoGlyphItem *gi = r->data;
			const PangoGlyphString *gs = gi->glyphs;
			if (gs->num_glyphs == 0)
				continue;
			if (gi->item->analysis.level != 0)
				bidi = true;
			if (gi->item->analysis.level % 2 == 0)
				item_cells_ltr(out, gi, text, srcs);
			else
				item_cells_rtl(out, gi, text, srcs);
		}
		if (bidi && out->cells->len > hard.c0 + 1)
			qsort(&g_array_index(out->cells, cp_ts_cell, hard.c0),
			      out->cells->len - hard.c0, sizeof(cp_ts_cell), cell_cmp_start);

		split_hards(out, text, &hard);
	}
}
