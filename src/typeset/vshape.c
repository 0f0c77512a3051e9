/* vshape.c - shaping for vertical lines (tategaki, issue 14 points 2 and 3).
 *
 * cp_ts_shape_text hands every Pango item of a vertical paragraph here
 * instead of shaping it horizontally. The item is cut where the
 * orientation of its characters changes (cp_ts_orient_of) and each piece
 * is shaped as its orientation says:
 *   upright   HarfBuzz with direction TTB: the font's vertical forms
 *             (`vert`/`vrt2`: 、。「」ー… get their own glyphs), vertical
 *             advances (vmtx) and vertical origins (VORG); Pango's gravity is
 *             not used, since it rotates the horizontal glyphs of 「」ー〜…―
 *             instead (docs/pango-notes.md);
 *   rotated   Western words and long numbers: shaped horizontally by Pango
 *             as in a horizontal line, drawn turned 90 degrees clockwise;
 *   tcy       tate-chu-yoko: a number of at most cp_ts_style.tcy_digits
 *             ASCII digits (2 unless the style asks 3) standing alone between
 *             upright characters, shaped horizontally (half-width digits for
 *             two, third-width for three, where the font has `hwid`/`twid`)
 *             and set upright as one cluster one em long.
 *
 * The line model stays in inline coordinates, so breaking, kinsoku,
 * spacing, push-in and push-out, justification and hanging are the same
 * code as horizontal: a glyph's "width" is its advance down the column, its
 * x_offset how far down from the pen its origin sits, and, for upright and
 * tcy pieces, its y_offset how far right of the line's centre axis (Pango
 * units). Rotated pieces keep Pango's horizontal geometry (the run is turned
 * as a whole when it is drawn). */
#include "typeset/typeset.h"

#include <math.h>
#include <string.h>

#include <hb-ot.h>
#include <hb.h>

#include "typeset/typeset_int.h"

/* Is ch set upright in a vertical line? East Asian wide and full-width
 * characters are, and the characters UAX #50 gives orientation U or Tu/Tr
 * that are narrow or ambiguous in width: ellipses and dashes, the marks
 * a Japanese font draws in a square (※ § ○ ★ ①), half-width katakana. */
static bool upright_char(gunichar ch)
{
	if (ch < 0x00A7)
		return false;
	if (g_unichar_iswide(ch))
		return true;
	switch (ch) {
	case 0x00A7: /* § */
	case 0x00A9: /* © */
	case 0x00AE: /* ® */
	case 0x00B0: /* ° */
	case 0x00B1: /* ± */
	case 0x00B6: /* ¶ */
	case 0x00D7: /* × */
	case 0x00F7: /* ÷ */
	case 0x2014: /* — */
	case 0x2015: /* ― */
	case 0x2016: /* ‖ */
	case 0x2020: /* † */
	case 0x2021: /* ‡ */
	case 0x2025: /* ‥ */
	case 0x2026: /* … */
	case 0x203B: /* ※ */
	case 0x2103: /* ℃ */
	case 0x2116: /* № */
	case 0x2121: /* ℡ */
		return true;
	default:
		break;
	}
	return (ch >= 0x2460 && ch <= 0x24FF) || /* enclosed alphanumerics ① */
	       (ch >= 0x2500 && ch <= 0x27BF) || /* box drawing, shapes ■○, symbols ★ */
	       (ch >= 0xFF61 && ch <= 0xFF9F) || /* half-width katakana */
	       (ch >= 0xE000 && ch <= 0xF8FF);   /* private use: gaiji */
}

/* Characters that take the orientation of what is before them: marks,
 * joiners and controls (ZWSP, variation selectors). */
static bool neutral_char(gunichar ch)
{
	switch (g_unichar_type(ch)) {
	case G_UNICODE_CONTROL:
	case G_UNICODE_FORMAT:
	case G_UNICODE_NON_SPACING_MARK:
	case G_UNICODE_ENCLOSING_MARK:
	case G_UNICODE_SPACING_MARK:
		return ch != '\t';
	default:
		return (ch >= 0xFE00 && ch <= 0xFE0F) || (ch >= 0xE0100 && ch <= 0xE01EF);
	}
}

cp_ts_orient cp_ts_orient_of(gunichar ch)
{
	return upright_char(ch) ? CP_TS_ORIENT_UPRIGHT : CP_TS_ORIENT_ROTATED;
}

/* One piece of an item: bytes [start, end) of the text in one orientation. */
typedef struct piece {
	uint32_t start, end;
	cp_ts_orient orient;
	uint32_t src; /* an explicit tcy piece: its source run */
} piece;

/* Cuts bytes [start, end) into pieces of one orientation each; short
 * numbers between upright characters (or the text's edges) become tcy. */
static void cut_pieces(const char *text, size_t n_text, const GArray *srcs, uint32_t start,
                       uint32_t end, int tcy_digits, GArray *out)
{
	g_array_set_size(out, 0);
	const char *p = text + start;
	const char *e = text + end;
	while (p < e) {
		gunichar ch = g_utf8_get_char(p);
		cp_ts_orient o = cp_ts_orient_of(ch);
		uint32_t src = cp_ts_src_find(srcs, (uint32_t)(p - text));
		/* explicit tate-chu-yoko: the whole run, whatever it holds */
		if (g_array_index(srcs, cp_ts_src_run, src).tcy)
			o = CP_TS_ORIENT_TCY;
		piece *last = out->len > 0 ? &g_array_index(out, piece, out->len - 1) : NULL;
		if (last != NULL && o != CP_TS_ORIENT_TCY && last->orient != CP_TS_ORIENT_TCY &&
		    neutral_char(ch))
			o = last->orient;
		const char *next = g_utf8_next_char(p);
		if (last != NULL && last->orient == o &&
		    (o != CP_TS_ORIENT_TCY || last->src == src)) {
			last->end = (uint32_t)(next - text);
		} else {
			piece pc = {(uint32_t)(p - text), (uint32_t)(next - text), o, src};
			g_array_append_val(out, pc);
		}
		p = next;
	}
	/* a rotated piece of 1..tcy_digits ASCII digits with no Western
	 * character right before or after it in the text (the item may end
	 * inside a word) is tate-chu-yoko */
	for (guint i = 0; i < out->len; i++) {
		piece *pc = &g_array_index(out, piece, i);
		if (pc->orient != CP_TS_ORIENT_ROTATED)
			continue;
		uint32_t n = pc->end - pc->start;
		if (n == 0 || n > (uint32_t)tcy_digits)
			continue;
		bool digits = true;
		for (uint32_t k = pc->start; k < pc->end; k++)
			digits = digits && text[k] >= '0' && text[k] <= '9';
		if (!digits)
			continue;
		bool before_ok = true;
		if (pc->start > 0) {
			const char *b = g_utf8_find_prev_char(text, text + pc->start);
			gunichar bc = b ? g_utf8_get_char(b) : 0;
			before_ok = b == NULL || upright_char(bc) || bc == '\n';
		}
		bool after_ok = true;
		if (pc->end < n_text) {
			gunichar ac = g_utf8_get_char(text + pc->end);
			after_ok = upright_char(ac) || ac == '\n';
		}
		if (before_ok && after_ok)
			pc->orient = CP_TS_ORIENT_TCY;
	}
}

static hb_buffer_t *item_buffer(const PangoItem *item, const char *text, size_t n_text,
                                hb_direction_t dir)
{
	hb_buffer_t *buf = hb_buffer_create();
	hb_buffer_add_utf8(buf, text, (int)n_text, (unsigned)item->offset, item->length);
	hb_buffer_set_direction(buf, dir);
	hb_buffer_set_script(
	    buf, hb_script_from_iso15924_tag(g_unicode_script_to_iso15924(item->analysis.script)));
	hb_buffer_set_language(
	    buf, hb_language_from_string(pango_language_to_string(item->analysis.language), -1));
	hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
	return buf;
}

/* The glyph id Pango would give: the unknown-glyph marker for .notdef. */
static PangoGlyph pango_glyph(const hb_glyph_info_t *info, const char *text)
{
	if (info->codepoint != 0)
		return info->codepoint;
	return PANGO_GET_UNKNOWN_GLYPH(g_utf8_get_char(text + info->cluster));
}

/* Upright: HarfBuzz TTB. hb gives y_advance < 0 (down) and the offset from
 * the vertical origin (the pen, on the axis at the top of the glyph's
 * box) to the glyph's origin: x_offset about minus half the horizontal
 * advance, y_offset minus the VORG height. */
static PangoGlyphString *shape_upright(cp_ts_shaped *sh, const PangoItem *item, const char *text,
                                       size_t n_text)
{
	hb_font_t *hb = pango_font_get_hb_font(item->analysis.font);
	hb_buffer_t *buf = item_buffer(item, text, n_text, HB_DIRECTION_TTB);
	/* solid setting: no vertical kerning, as kern is off horizontally */
	hb_feature_t feats[] = {{HB_TAG('v', 'k', 'r', 'n'), 0, 0, (unsigned)-1}};
	hb_shape(hb, buf, feats, G_N_ELEMENTS(feats));
	unsigned n = 0;
	hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
	hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
	PangoGlyphString *gs = cp_ts_glyphs_new(sh, (int)n);
	for (unsigned i = 0; i < n; i++) {
		PangoGlyphInfo *g = &gs->glyphs[i];
		g->glyph = pango_glyph(&info[i], text);
		g->geometry.width = -pos[i].y_advance;
		g->geometry.x_offset = -pos[i].y_offset;
		g->geometry.y_offset = pos[i].x_offset;
		g->attr.is_cluster_start = i == 0 || info[i].cluster != info[i - 1].cluster;
		g->attr.is_color = 0;
		gs->log_clusters[i] = (int)info[i].cluster - item->offset;
	}
	hb_buffer_destroy(buf);
	return gs;
}

/* Tate-chu-yoko: the digits shaped horizontally (half or third widths for
 * two or three where the font has them), one cluster one em long, the
 * group centred on the axis, its baseline where the font's vertical origin
 * puts an upright glyph's baseline below the top of its em. */
static PangoGlyphString *shape_tcy(cp_ts_shaped *sh, const PangoItem *item, const char *text,
                                   size_t n_text)
{
	hb_font_t *hb = pango_font_get_hb_font(item->analysis.font);
	hb_buffer_t *buf = item_buffer(item, text, n_text, HB_DIRECTION_LTR);
	hb_feature_t feats[2] = {{HB_TAG('k', 'e', 'r', 'n'), 0, 0, (unsigned)-1}};
	unsigned n_feats = 1;
	long n_chars = g_utf8_strlen(text + item->offset, item->length);
	if (n_chars == 2)
		feats[n_feats++] = (hb_feature_t){HB_TAG('h', 'w', 'i', 'd'), 1, 0, (unsigned)-1};
	else if (n_chars == 3)
		feats[n_feats++] = (hb_feature_t){HB_TAG('t', 'w', 'i', 'd'), 1, 0, (unsigned)-1};
	hb_shape(hb, buf, feats, n_feats);
	unsigned n = 0;
	hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
	hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
	int xs = 0;
	int em = 0;
	hb_font_get_scale(hb, &xs, &em);
	hb_position_t width = 0;
	for (unsigned i = 0; i < n; i++)
		width += pos[i].x_advance;
	hb_position_t ox = 0;
	hb_position_t oy = lround(em * 0.88);
	if (n > 0)
		hb_font_get_glyph_v_origin(hb, info[0].codepoint, &ox, &oy);
	PangoGlyphString *gs = cp_ts_glyphs_new(sh, (int)n);
	hb_position_t pen = -width / 2;
	for (unsigned i = 0; i < n; i++) {
		PangoGlyphInfo *g = &gs->glyphs[i];
		g->glyph = pango_glyph(&info[i], text);
		g->geometry.width = i + 1 == n ? em : 0;
		g->geometry.x_offset = oy - pos[i].y_offset;
		g->geometry.y_offset = pen + pos[i].x_offset;
		g->attr.is_cluster_start = i == 0;
		g->attr.is_color = 0;
		gs->log_clusters[i] = 0;
		pen += pos[i].x_advance;
	}
	hb_buffer_destroy(buf);
	return gs;
}

int cp_ts_vshape_item(cp_typesetter *ts, cp_ts_shaped *sh, const cp_ts_style *style,
                      PangoItem *item, const char *text, size_t n_text, const GArray *srcs)
{
	int tcy = style->tcy_digits == 3 ? 3 : 2;
	GArray *pieces = g_array_new(FALSE, FALSE, sizeof(piece));
	cut_pieces(text, n_text, srcs, (uint32_t)item->offset,
	           (uint32_t)(item->offset + item->length), tcy, pieces);
	int width = 0;
	for (guint i = 0; i < pieces->len; i++) {
		const piece *pc = &g_array_index(pieces, piece, i);
		PangoItem *part = item;
		if (i + 1 < pieces->len) {
			int len = (int)(pc->end - pc->start);
			int chars = (int)g_utf8_strlen(text + pc->start, len);
			part = pango_item_split(item, len, chars);
		}
		PangoGlyphString *gs = NULL;
		if (pc->orient == CP_TS_ORIENT_UPRIGHT && part->analysis.font != NULL)
			gs = shape_upright(sh, part, text, n_text);
		else if (pc->orient == CP_TS_ORIENT_TCY && part->analysis.font != NULL)
			gs = shape_tcy(sh, part, text, n_text);
		else
			gs = cp_ts_shape_item(ts, sh, part, text, n_text);
		PangoGlyphItem gi = {.item = part, .glyphs = gs};
		g_array_append_val(sh->runs, gi);
		uint8_t o = (uint8_t)pc->orient;
		g_array_append_val(sh->orients, o);
		width += pango_glyph_string_get_width(gs);
	}
	g_array_free(pieces, TRUE);
	return width;
}
