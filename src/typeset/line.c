/* line.c - step 4 of a paragraph: read one PangoLayoutLine back as cells.
 *
 * A cell is one cluster in cairo's sense: a range of text bytes and the
 * glyphs that show it (cairo_show_text_glyphs needs that mapping for the PDF
 * text to be extractable). Cells come out in text order with their pen
 * position from the line's start in points, so justification can move them
 * and paragraph.c can cut them into glyph runs.
 *
 * Data layout: cells and glyphs are two flat GArrays reused for every line
 * (no allocation per line once they have grown). Positions are Pango units
 * / PANGO_SCALE, unrounded (the context does not round glyph positions).
 *
 * Invariants: the cells of a line cover its bytes [start, end) without gaps
 * or overlap, except that trailing white space and the paragraph separator
 * are dropped (JLReq 3.1.6: white space at a line end is not set); the sum
 * of n_glyphs equals the glyph scratch length. Knows nothing of styles,
 * measures or diagnostics. */
#include "typeset/typeset.h"

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
 * (indexes into gs, inclusive, first <= last: glyph strings are in visual
 * order), at pen x. Returns the cluster's advance. */
static double add_cell(cp_ts_cells *out, const PangoGlyphItem *gi, const char *text,
		       const GArray *srcs, uint32_t start, uint32_t len, int first, int last,
		       double x)
{
	const PangoGlyphString *gs = gi->glyphs;
	cp_ts_cell cell = {0};
	double adv = 0.0;

	cell.start = start;
	cell.len = len;
	cell.first_glyph = out->glyphs->len;
	cell.src = cp_ts_src_find(srcs, start);
	cell.font = gi->item->analysis.font;
	cell.x = x;
	cell.ch = g_utf8_get_char(text + start);

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
	g_array_append_val(out->cells, cell);
	return adv;
}

/* Cells of a left-to-right glyph item: one per run of equal log_clusters. */
static double item_cells_ltr(cp_ts_cells *out, const PangoGlyphItem *gi, const char *text,
			     const GArray *srcs, double pen)
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
		pen += add_cell(out, gi, text, srcs, (uint32_t)(item->offset + cl),
				(uint32_t)(next - cl), g, e, pen);
		g = e + 1;
	}
	return pen;
}

void cp_ts_line_cells(PangoLayoutLine *pline, const char *text, const GArray *srcs,
		      cp_ts_cells *out)
{
	double pen = 0.0;

	g_array_set_size(out->cells, 0);
	g_array_set_size(out->glyphs, 0);
	out->forced_break = false;

	/* Pango's runs are in visual order; with the base direction LTR and
	 * Japanese text that is text order. The pen follows Pango's renderer:
	 * a run's start_x_offset comes before its glyphs and its end_x_offset
	 * after them (letter spacing trimmed at the line's edges). */
	for (GSList *l = pline->runs; l; l = l->next) {
		const PangoGlyphItem *gi = l->data;
		const PangoGlyphString *gs = gi->glyphs;
		if (gs->num_glyphs == 0)
			continue;
		pen += (double)gi->start_x_offset / PANGO_SCALE;
		if (gi->item->analysis.level % 2 == 0) {
			pen = item_cells_ltr(out, gi, text, srcs, pen);
		} else {
			/* A right-to-left item (Hebrew, Arabic among Japanese) becomes
			 * one cell: cairo then maps all its bytes to all its glyphs,
			 * which keeps the text extractable, and justification treats
			 * it as one unbreakable word. */
			pen += add_cell(out, gi, text, srcs, (uint32_t)gi->item->offset,
					(uint32_t)gi->item->length, 0, gs->num_glyphs - 1, pen);
		}
		pen += (double)gi->end_x_offset / PANGO_SCALE;
	}

	/* A hard break ends the line when the next byte is a paragraph
	 * separator (Pango leaves it out of the line) or the line's last
	 * character is U+2028 LINE SEPARATOR. */
	uint32_t end = (uint32_t)(pline->start_index + pline->length);
	if (text[end] == '\n' || text[end] == '\r' || strncmp(text + end, "\xe2\x80\xa9", 3) == 0)
		out->forced_break = true;

	/* White space at the line's end is not set: drop its cells. */
	while (out->cells->len > 0) {
		const cp_ts_cell *c = &g_array_index(out->cells, cp_ts_cell, out->cells->len - 1);
		if (!g_unichar_isspace(c->ch) && c->ch != 0x2028)
			break;
		if (c->ch == 0x2028)
			out->forced_break = true;
		g_array_set_size(out->glyphs, c->first_glyph);
		g_array_set_size(out->cells, out->cells->len - 1);
	}
}
