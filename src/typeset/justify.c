/* justify.c - step 5 of a paragraph: bring a line to the measure.
 *
 * This is the interim justification of the "end to end" issue, not yet the
 * prioritised adjustment of JLReq 3.8 (that needs the composer's own line
 * breaker and per-gap stretch/shrink). What it keeps of JLReq already:
 *
 *   - the slack is spread evenly over the line's justification gaps and the
 *     line ends exactly at the measure (JLReq 3.8.3, "inter-character space
 *     expansion" as the last resort, here the only one);
 *   - a gap is the space between two neighbouring clusters where at least
 *     one side is a Japanese character (ideograph, kana, CJK punctuation,
 *     full-width form), or a space character itself (a word space stretches
 *     once, as a unit);
 *   - never inside a Western word or number (JLReq 3.8.1 note: Western
 *     letters are not letter-spaced), and never inside a pair of inseparable
 *     characters such as —— or …… (cl-08, JLReq 3.1.7).
 *
 * Pango's own justification is not used: it puts all slack into U+0020,
 * rounds gaps to whole points and letter-spaces Latin (pango-spike.md 1b).
 *
 * Zero-advance cells (ZWSP, word joiner, controls) are transparent: they
 * neither make nor separate a gap. */
#include "typeset/typeset.h"

#include "typeset/typeset_int.h"

/* Japanese characters for the gap rule: CJK scripts and the blocks of
 * Japanese punctuation and full-width forms. */
static bool is_cjk(gunichar ch)
{
	return (ch >= 0x2E80 && ch <= 0x2FDF)      /* CJK radicals, Kangxi */
	       || (ch >= 0x3000 && ch <= 0x303F)   /* CJK symbols and punctuation */
	       || (ch >= 0x3040 && ch <= 0x30FF)   /* hiragana, katakana */
	       || (ch >= 0x31C0 && ch <= 0x31FF)   /* CJK strokes, katakana ext. */
	       || (ch >= 0x3200 && ch <= 0x33FF)   /* enclosed CJK, compatibility */
	       || (ch >= 0x3400 && ch <= 0x4DBF)   /* ideographs ext. A */
	       || (ch >= 0x4E00 && ch <= 0x9FFF)   /* unified ideographs */
	       || (ch >= 0xF900 && ch <= 0xFAFF)   /* compatibility ideographs */
	       || (ch >= 0xFE10 && ch <= 0xFE1F)   /* vertical forms */
	       || (ch >= 0xFE30 && ch <= 0xFE4F)   /* CJK compatibility forms */
	       || (ch >= 0xFF00 && ch <= 0xFFEF)   /* half- and full-width forms */
	       || (ch >= 0x1B000 && ch <= 0x1B16F) /* kana supplement, ext. */
	       || (ch >= 0x20000 && ch <= 0x3FFFF); /* ideographs ext. B and on */
}

/* cl-08 inseparable characters (JLReq A.8): — ― … ‥ */
static bool is_inseparable(gunichar ch)
{
	return ch == 0x2014 || ch == 0x2015 || ch == 0x2026 || ch == 0x2025;
}

static bool is_space(gunichar ch)
{
	return g_unichar_type(ch) == G_UNICODE_SPACE_SEPARATOR || ch == '\t';
}

/* Is there a justification gap between neighbouring clusters a and b? */
static bool is_gap(gunichar a, gunichar b)
{
	if (is_space(a))
		return true; /* the space itself stretches */
	if (is_space(b))
		return false; /* counted once, after the space */
	if (is_inseparable(a) && a == b)
		return false;
	return is_cjk(a) || is_cjk(b);
}

static bool is_transparent(const cp_ts_cell *c)
{
	return c->advance == 0.0;
}

double cp_ts_cells_natural(const cp_ts_cells *c)
{
	if (c->cells->len == 0)
		return 0.0;
	const cp_ts_cell *last = &g_array_index(c->cells, cp_ts_cell, c->cells->len - 1);
	return last->x + last->advance;
}

bool cp_ts_cells_justify(cp_ts_cells *c, double slack)
{
	GArray *cells = c->cells;
	const cp_ts_cell *prev = NULL;
	unsigned gaps = 0;

	/* Pass 1: count the gaps. */
	for (guint i = 0; i < cells->len; i++) {
		const cp_ts_cell *cur = &g_array_index(cells, cp_ts_cell, i);
		if (is_transparent(cur))
			continue;
		if (prev && is_gap(prev->ch, cur->ch))
			gaps++;
		prev = cur;
	}
	if (gaps == 0)
		return false;

	/* Pass 2: every cell after the k-th gap moves right by k shares. The
	 * last gap's share is computed so that rounding cannot leave the end
	 * off the measure. */
	double per = slack / gaps;
	double shift = 0.0;
	unsigned k = 0;
	prev = NULL;
	for (guint i = 0; i < cells->len; i++) {
		cp_ts_cell *cur = &g_array_index(cells, cp_ts_cell, i);
		if (!is_transparent(cur)) {
			if (prev && is_gap(prev->ch, cur->ch)) {
				k++;
				shift = k == gaps ? slack : per * k;
			}
			prev = cur;
		}
		cur->x += shift;
	}
	return true;
}
