/* classes.c - step 2 of the composer: JLReq classes, boxes and gaps.
 *
 * Every cell gets its character class (JLReq appendix A, as summarised in
 * docs/jlreq-rules.md) and, for punctuation set in half-width form, its box: the half
 * of the full-width glyph that holds the ink, measured from the font's
 * `halt` feature (typesetter.c), and the aki (space) that the other half
 * was (JLReq 3.1.2, 3.1.4): half a zw before an opening bracket, after a
 * closing bracket, comma or full stop, a quarter either side of a middle
 * dot.
 *
 * Every gap between neighbouring cells then gets:
 *   nat      its natural width: the first cell's trailing aki and the second
 *            one's leading aki, combined by the rules for consecutive
 *            punctuation (JLReq 3.1.4-3.1.6, table 3): 、「 and 」「 keep one
 *            half zw in total, 。」 」。 」」 「「 none; plus the wa-ou-kan
 *            quarter zw between Japanese and Western letters or digits
 *            (JLReq 3.2.2), or a word space's own advance;
 *   shrink   per priority level (JLReq 3.8.3, docs/jlreq-rules.md): middle
 *            dots' quarters, then bracket and comma halves down to a quarter
 *            zw and a third of word spaces, then wa-ou-kan down to 1/8 zw,
 *            and last (only when nothing else sets the line) the final
 *            quarter of a lone bracket or comma; never the space after a full
 *            stop, never below a quarter between two marks;
 *   stretch  first level (JLReq 3.8.4): wa-ou-kan up to 1/2 zw; then `even`: whether the gap takes
 * a share of the even inter-character expansion (never inside a Western word or a number, after an
 * opening bracket, before closing punctuation or inside an inseparable pair); brk      whether a
 * line may break there: line-start prohibitions (JLReq 3.1.7, relaxed by the normal and loose rules
 * of CSS Text 3, see no_start), line-end prohibitions (3.1.8: cl-01), the unbreakable pairs
 * (3.1.10: cl-08 pairs, numbers with cl-12/13, Western words and numbers, full-width digits
 * included), and no break before a word space (the line breaks after it); weak     a break that
 * costs extra: the natural points of a web address (address_points) and, in display text, word
 * boundaries inside a phrase (phrase.c); tail     the aki kept after the cell when a line ends
 * there (a middle dot keeps its quarter; brackets, commas and stops lose theirs, JLReq 3.1.6); the
 * aki before a line's first cell is always dropped (tentsuki, JLReq 3.1.5). Knows nothing of the
 * measure: that is breaks.c's and justify.c's. */
#include "typeset/typeset.h"

#include <math.h>
#include <string.h>

#include "typeset/typeset_int.h"

/* Is ch in the UTF-8 set s? */
static bool in(const char *s, gunichar ch)
{
	for (; *s; s = g_utf8_next_char(s))
		if (g_utf8_get_char(s) == ch)
			return true;
	return false;
}

/* Small kana (cl-11) among hiragana and katakana. */
static bool is_small_kana(gunichar ch)
{
	switch (ch) {
	case 0x3041:
	case 0x3043:
	case 0x3045:
	case 0x3047:
	case 0x3049: /* ぁぃぅぇぉ */
	case 0x3063:
	case 0x3083:
	case 0x3085:
	case 0x3087:
	case 0x308E: /* っゃゅょゎ */
	case 0x3095:
	case 0x3096: /* ゕゖ */
	case 0x30A1:
	case 0x30A3:
	case 0x30A5:
	case 0x30A7:
	case 0x30A9: /* ァィゥェォ */
	case 0x30C3:
	case 0x30E3:
	case 0x30E5:
	case 0x30E7:
	case 0x30EE: /* ッャュョヮ */
	case 0x30F5:
	case 0x30F6: /* ヵヶ */
		return true;
	default:
		return false;
	}
}

/* The common characters without a table scan (most of a paragraph). */
static bool class_fast(gunichar ch, cp_ts_class *cls)
{
	if (ch >= 0x4E00 && ch <= 0x9FFF) {
		*cls = CP_TS_CL_IDEO;
		return true;
	}
	if ((ch >= 0x3041 && ch <= 0x309C) || (ch >= 0x30A1 && ch <= 0x30FA)) {
		*cls = is_small_kana(ch) ? CP_TS_CL_SMALL : CP_TS_CL_KANA;
		return true;
	}
	if (ch < 0x80 && (g_ascii_isalnum((int)ch) || ch == '.' || ch == ',' || ch == '-' ||
	                  ch == '\'' || ch == '/' || ch == ':' || ch == ';' || ch == '@' ||
	                  ch == '&' || ch == '_' || ch == '"' || ch == '+' || ch == '=')) {
		*cls = CP_TS_CL_WESTERN;
		return true;
	}
	return false;
}

static cp_ts_class class_slow(gunichar ch);

/* The blocks where punctuation lives, looked up in a table made once from
 * class_slow (its string scans cost a tenth of the classing step). */
#define TABLE_BLOCKS 5
static const gunichar table_base[TABLE_BLOCKS] = {0x0000, 0x2000, 0x3000, 0xFE00, 0xFF00};
static uint8_t table[TABLE_BLOCKS][256];

static gpointer table_init(gpointer unused)
{
	(void)unused;
	for (int b = 0; b < TABLE_BLOCKS; b++)
		for (gunichar i = 0; i < 256; i++)
			table[b][i] = (uint8_t)class_slow(table_base[b] + i);
	return NULL;
}

cp_ts_class cp_ts_class_of(gunichar ch)
{
	cp_ts_class fast;
	if (class_fast(ch, &fast))
		return fast;
	static GOnce once = G_ONCE_INIT;
	g_once(&once, table_init, NULL);
	for (int b = 0; b < TABLE_BLOCKS; b++)
		if (ch - table_base[b] < 256)
			return (cp_ts_class)table[b][ch - table_base[b]];
	return class_slow(ch);
}

static cp_ts_class class_slow(gunichar ch)
{
	/* JLReq appendix A, the classes of docs/jlreq-rules.md; ASCII brackets
	 * and marks share the kinsoku of their full-width forms. */
	if (in("「『（［【〈《〔“‘｛〘〖｟«([{｢", ch))
		return CP_TS_CL_OPEN;
	if (in("」』）］】〉》〕”’｝〙〗｠»)]}｣", ch))
		return CP_TS_CL_CLOSE;
	if (in("‐〜゠–～", ch))
		return CP_TS_CL_HYPHEN;
	if (in("！？‼⁇⁈⁉!?", ch))
		return CP_TS_CL_DIVIDING;
	if (in("・：；･", ch))
		return CP_TS_CL_MIDDLE;
	if (in("。．｡", ch))
		return CP_TS_CL_FULLSTOP;
	if (in("、，､", ch))
		return CP_TS_CL_COMMA;
	/* inseparables: the dashes and leaders, the vertical ellipsis and
	 * the Manichaean line filler of UAX #14's class IN */
	if (in("—―…‥․⋯︙", ch) || ch == 0x10AF6)
		return CP_TS_CL_INSEP;
	if (in("ヽヾゝゞ々〻", ch))
		return CP_TS_CL_ITER;
	if (ch == 0x30FC)
		return CP_TS_CL_PROLONGED;
	if (ch == 0xFF70) /* ｰ halfwidth */
		return CP_TS_CL_PROLONGED;
	if (in("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ", ch) ||
	    (ch >= 0x31F0 && ch <= 0x31FF) || (ch >= 0xFF67 && ch <= 0xFF6F))
		return CP_TS_CL_SMALL;
	if (in("￥＄￡＃€¥$£#№", ch))
		return CP_TS_CL_PREFIX;
	if (in("％℃℉°′″‵‰￠﹪¢%", ch))
		return CP_TS_CL_POSTFIX;
	if (ch == 0x3000)
		return CP_TS_CL_IDSPACE;
	if (ch >= 0xFF10 && ch <= 0xFF19)
		return CP_TS_CL_FWDIGIT;
	if ((ch >= 0x3040 && ch <= 0x309F) || (ch >= 0x30A0 && ch <= 0x30FF) ||
	    (ch >= 0xFF66 && ch <= 0xFF9F))
		return CP_TS_CL_KANA;
	if (ch == 0x200B || ch == 0x2060 || ch == 0xFEFF || ch == 0x2028 || ch == 0x2029 ||
	    g_unichar_type(ch) == G_UNICODE_CONTROL || g_unichar_type(ch) == G_UNICODE_FORMAT)
		return CP_TS_CL_OTHER;
	if (ch == '\t' || g_unichar_type(ch) == G_UNICODE_SPACE_SEPARATOR)
		return CP_TS_CL_SPACE;
	/* CJK blocks, full-width forms and symbols: ideographic (cl-19) */
	if ((ch >= 0x2E80 && ch <= 0x2FDF) || (ch >= 0x3000 && ch <= 0x303F) ||
	    (ch >= 0x31C0 && ch <= 0x9FFF) || (ch >= 0xF900 && ch <= 0xFAFF) ||
	    (ch >= 0xFE10 && ch <= 0xFE4F) || (ch >= 0xFF00 && ch <= 0xFF60) ||
	    (ch >= 0xFFE0 && ch <= 0xFFEF) || (ch >= 0x1B000 && ch <= 0x1B16F) ||
	    (ch >= 0x20000 && ch <= 0x3FFFF) || (ch >= 0x2460 && ch <= 0x24FF) ||
	    (ch >= 0x25A0 && ch <= 0x27BF))
		return CP_TS_CL_IDEO;
	return CP_TS_CL_WESTERN;
}

/* Punctuation whose full-width glyph is set as a half plus aki. */
static bool is_halved_class(uint8_t cls)
{
	return cls == CP_TS_CL_OPEN || cls == CP_TS_CL_CLOSE || cls == CP_TS_CL_FULLSTOP ||
	       cls == CP_TS_CL_COMMA || cls == CP_TS_CL_MIDDLE;
}

/* Closing punctuation: 」 、 。 (their trailing aki collapses before another). */
static bool is_closing(uint8_t cls)
{
	return cls == CP_TS_CL_CLOSE || cls == CP_TS_CL_COMMA || cls == CP_TS_CL_FULLSTOP;
}

/* Japanese characters that take wa-ou-kan next to Western letters and
 * digits (JLReq 3.2.2): ideographs, kana and their companions, not
 * punctuation that has aki of its own. */
static bool takes_waou(uint8_t cls)
{
	return cls == CP_TS_CL_IDEO || cls == CP_TS_CL_KANA || cls == CP_TS_CL_SMALL ||
	       cls == CP_TS_CL_PROLONGED || cls == CP_TS_CL_ITER || cls == CP_TS_CL_FWDIGIT;
}

/* A Western letter or digit (the other side of wa-ou-kan). */
static bool is_western_alnum(const cp_ts_cell *c)
{
	return c->cls == CP_TS_CL_WESTERN && g_unichar_isalnum(c->ch);
}

/* Part of a Western word: Western class, or a narrow (proportional) glyph
 * of a punctuation class such as ( ) ! ? % $ next to letters. */
static bool is_wordish(const cp_ts_cell *c)
{
	if (c->cls == CP_TS_CL_WESTERN)
		return true;
	if (c->cls == CP_TS_CL_SPACE || c->cls == CP_TS_CL_OTHER)
		return false;
	return c->advance < 0.75 * c->size;
}

/* A digit of a number (ASCII or full-width). */
static bool is_digit(const cp_ts_cell *c)
{
	return c->cls == CP_TS_CL_FWDIGIT || (c->ch < 0x80 && g_ascii_isdigit((int)c->ch));
}

/* A character that may not start a line (JLReq 3.1.7) under the rules k,
 * as CSS Text 3 (5.3, line-break) defines them for Japanese: strict keeps
 * every class of 3.1.7 and the postfixes and inseparables of UAX #14 off a
 * line's start; normal lets small kana, ー and the hyphens ‐ – 〜 ゠ start a
 * line; loose also iteration marks, the centred marks ・：；･ and the wide
 * ！？‼⁇⁈⁉, the leaders … ‥ (never inside a pair, make_gap; a dash —― may
 * start a line under every rule, JLReq 3.1.10) and the postfixes of
 * East Asian width A, F or W (not ASCII % and ¢). Closing brackets, commas
 * and full stops never start a line. */
static bool no_start(const cp_ts_cell *b, cp_ts_kinsoku k)
{
	switch (b->cls) {
	case CP_TS_CL_CLOSE:
	case CP_TS_CL_FULLSTOP:
	case CP_TS_CL_COMMA:
		return true;
	case CP_TS_CL_PROLONGED:
	case CP_TS_CL_SMALL:
	case CP_TS_CL_HYPHEN:
		return k == CP_TS_KINSOKU_STRICT;
	case CP_TS_CL_DIVIDING:
		/* ASCII ! and ? hold to their word in every mode (UAX #14 EX) */
		return k != CP_TS_KINSOKU_LOOSE || b->ch < 0x80;
	case CP_TS_CL_POSTFIX:
		return k != CP_TS_KINSOKU_LOOSE || b->ch == '%' || b->ch == 0xA2;
	case CP_TS_CL_INSEP:
		/* UAX #14's IN (… ‥ and kin); the dashes — ― are not */
		return k != CP_TS_KINSOKU_LOOSE && b->ch != 0x2014 && b->ch != 0x2015;
	case CP_TS_CL_MIDDLE:
	case CP_TS_CL_ITER:
		return k != CP_TS_KINSOKU_LOOSE;
	default:
		return false;
	}
}

/* A character that may not end a line (JLReq 3.1.8): opening brackets;
 * under strict and normal rules also a full-width prefix before a digit
 * (make_gap), which loose frees (CSS Text 3: breaks after prefixes). */
static bool no_end(const cp_ts_cell *a)
{
	return a->cls == CP_TS_CL_OPEN;
}

/* Step 2a: class, box, ink offset and aki of one cell. */
static void classify_cell(cp_typesetter *ts, cp_ts_cell *c)
{
	c->cls = (uint8_t)cp_ts_class_of(c->ch);
	/* a tate-chu-yoko number stands like an ideograph (vshape.c) */
	if (c->orient == CP_TS_ORIENT_TCY)
		c->cls = CP_TS_CL_IDEO;
	c->box = c->advance;
	c->ink = 0.0;
	c->lead = 0.0;
	c->trail = 0.0;
	if (c->cls == CP_TS_CL_SPACE) {
		/* a word space is all gap: its advance moves to the gap after it */
		c->box = 0.0;
		return;
	}
	/* Only a full-width glyph of a single mark is halved: a proportional
	 * glyph (a Western font's parenthesis) has no aki to give. */
	if (!is_halved_class(c->cls) || c->n_glyphs != 1 ||
	    fabs(c->advance - c->size) > 0.1 * c->size)
		return;
	const cp_ts_half *h = cp_ts_half_get(ts, c->font, c->ch);
	double full = c->advance;
	if (h->ok) {
		/* measured: the font's halt half and where its ink sits */
		c->box = full * h->advance;
		c->ink = full * h->offset;
	} else {
		/* no halt: position the full-width glyph ourselves (the ink of an
		 * opening bracket in the right half, of a middle dot centred) */
		c->box = full * 0.5;
		c->ink = c->cls == CP_TS_CL_OPEN     ? -full * 0.5
		         : c->cls == CP_TS_CL_MIDDLE ? -full * 0.25
		                                     : 0.0;
	}
	double aki = full - c->box;
	if (aki < 0.0)
		aki = 0.0;
	if (c->cls == CP_TS_CL_OPEN)
		c->lead = aki;
	else if (c->cls == CP_TS_CL_MIDDLE)
		c->lead = c->trail = aki / 2.0;
	else
		c->trail = aki;
}

/* Step 2b: the gap between a and b; p is the cell before a (or NULL), n
 * the cell after b (or NULL), for number contexts. */
static void make_gap(const cp_ts_cell *p, const cp_ts_cell *a, const cp_ts_cell *b,
                     const cp_ts_cell *n, cp_ts_kinsoku k, cp_ts_gap *g)
{
	double ta = a->trail;
	double lb = b->lead;

	*g = (cp_ts_gap){0};

	/* Consecutive punctuation (JLReq 3.1.4-3.1.6): closing punctuation
	 * before closing punctuation sets no aki between them (。」 」、 」」);
	 * two opening brackets none between them (「「); a half before a half
	 * (」「 、「 」（) keeps one half in total. Middle dots add up. */
	if (is_closing(a->cls) && is_closing(b->cls))
		ta = 0.0;
	if (a->cls == CP_TS_CL_OPEN && b->cls == CP_TS_CL_OPEN)
		lb = 0.0;
	/* Push-in (JLReq 3.8.3, as jlreq sets it): the space after a full
	 * stop is never reduced inside a line; a bracket's or comma's half
	 * goes down to a quarter zw first, and its last quarter only when
	 * nothing else sets the line (level DEEP); two marks in a row keep a
	 * quarter between them at least (never solid). */
	bool mid = a->cls == CP_TS_CL_MIDDLE || b->cls == CP_TS_CL_MIDDLE;
	if (!mid && ta > 0.0 && lb > 0.0) {
		g->nat = ta > lb ? ta : lb;
		double quarter = 0.25 * (a->size > b->size ? a->size : b->size);
		if (a->cls != CP_TS_CL_FULLSTOP && g->nat > quarter)
			g->shrink[CP_TS_SHRINK_PUNCT] = g->nat - quarter;
	} else if (ta > 0.0 || lb > 0.0) {
		g->nat = ta + lb;
		double qa = a->cls == CP_TS_CL_MIDDLE ? ta : 0.0;
		double qb = b->cls == CP_TS_CL_MIDDLE ? lb : 0.0;
		g->shrink[CP_TS_SHRINK_MIDDLE] = qa + qb;
		g->mid_a = qa;
		g->mid_b = qb;
		double pa = a->cls == CP_TS_CL_FULLSTOP ? 0.0 : ta - qa;
		double pb = lb - qb;
		bool pair = (mid && (pa > 0.0 || pb > 0.0)) || (pa > 0.0 && pb > 0.0);
		double qpa = 0.25 * a->size;
		double qpb = 0.25 * b->size;
		g->shrink[CP_TS_SHRINK_PUNCT] =
		    (pa > qpa ? pa - qpa : 0.0) + (pb > qpb ? pb - qpb : 0.0);
		if (!pair)
			g->shrink[CP_TS_SHRINK_DEEP] =
			    (pa < qpa ? pa : qpa) + (pb < qpb ? pb : qpb);
	}
	g->tail = a->cls == CP_TS_CL_MIDDLE ? a->trail : 0.0;

	/* Wa-ou-kan (JLReq 3.2.2): a quarter of the Japanese side's zw between
	 * a Japanese character and a Western letter or digit; it shrinks to
	 * 1/8 zw and stretches to 1/2 zw. Not where punctuation has aki. */
	if ((takes_waou(a->cls) && is_western_alnum(b)) ||
	    (is_western_alnum(a) && takes_waou(b->cls))) {
		double zw = takes_waou(a->cls) ? a->size : b->size;
		g->nat += zw * 0.25;
		g->shrink[CP_TS_SHRINK_WAOU] = zw * 0.125;
		g->stretch = zw * 0.25;
	}

	/* A word space: its advance is the gap after it; it shrinks by a
	 * third with the punctuation, and stretches only by its even share
	 * like any gap between characters, so it never swallows all the
	 * slack of a Japanese line (in Western text it is the only gap that
	 * stretches); the line breaks after it. */
	if (a->cls == CP_TS_CL_SPACE) {
		g->nat += a->advance;
		g->shrink[CP_TS_SHRINK_PUNCT] += a->advance / 3.0;
	}

	/* The even inter-character expansion (JLReq 3.8.4). */
	bool same_insep = a->cls == CP_TS_CL_INSEP && b->cls == CP_TS_CL_INSEP && a->ch == b->ch;
	bool in_word = is_wordish(a) && is_wordish(b);
	bool in_number = is_digit(a) && is_digit(b);
	bool num_sign = (a->cls == CP_TS_CL_PREFIX && is_digit(b)) ||
	                (is_digit(a) && b->cls == CP_TS_CL_POSTFIX);
	/* a full-width comma or stop inside a full-width number: １，０００ */
	bool num_sep = (is_digit(a) && (b->cls == CP_TS_CL_COMMA || b->cls == CP_TS_CL_FULLSTOP) &&
	                n && is_digit(n)) ||
	               ((a->cls == CP_TS_CL_COMMA || a->cls == CP_TS_CL_FULLSTOP) && p &&
	                is_digit(p) && is_digit(b));
	g->word = in_word || in_number;
	/* full-width digits are set like ideographs (JLReq's table of
	 * expansion points treats them as cl-19): a number stays tight, but a
	 * line that would otherwise be letter-spaced past a quarter zw a gap
	 * (or left ragged) spreads into its digits too (issue 12: the line
	 * ００００‐１２３４、メール jimukyoku@can.) */
	g->digits = a->cls == CP_TS_CL_FWDIGIT && b->cls == CP_TS_CL_FWDIGIT;
	g->even = !same_insep && !in_word && !in_number && !num_sign && !num_sep &&
	          a->cls != CP_TS_CL_OPEN && !is_closing(b->cls) && b->cls != CP_TS_CL_MIDDLE &&
	          a->cls != CP_TS_CL_OTHER && b->cls != CP_TS_CL_OTHER && b->cls != CP_TS_CL_SPACE;

	/* loose: a full-width prefix (￥ ＄, East Asian width A, F or W) may
	 * end a line before its number (CSS Text 3) */
	if (num_sign && k == CP_TS_KINSOKU_LOOSE && a->cls == CP_TS_CL_PREFIX && a->ch >= 0x2000)
		num_sign = false;

	/* Where a line may break (JLReq 3.1.7-3.1.10). */
	if (b->cls == CP_TS_CL_SPACE)
		g->brk = false; /* break after the space, not before it */
	else if (a->cls == CP_TS_CL_OTHER)
		g->brk = a->ch == 0x200B && !no_start(b, k); /* ZWSP: a break */
	else if (b->cls == CP_TS_CL_OTHER)
		g->brk = false;
	else if (no_start(b, k) || no_end(a))
		g->brk = false;
	else if (a->cls == CP_TS_CL_SPACE)
		g->brk = true;
	else
		g->brk = !same_insep && !in_word && !in_number && !num_sign && !num_sep &&
		         !(b->cls == CP_TS_CL_POSTFIX && is_wordish(a)) &&
		         !(b->cls == CP_TS_CL_POSTFIX && is_digit(a));
	/* no break only because a word, number or ……/—— holds together: a
	 * stretch too wide for any line may still break here (breaks.c);
	 * the line-start and line-end rules are never given up */
	g->urgent = !g->brk && b->cls != CP_TS_CL_SPACE && a->cls != CP_TS_CL_OTHER &&
	            b->cls != CP_TS_CL_OTHER && !no_start(b, k) && !no_end(a);
}

/* A separator after which a web address, e-mail address or path breaks
 * naturally (issue 12: after / . @ ? & = - _ # :, never inserting a
 * hyphen). */
static bool is_address_sep(gunichar ch)
{
	return ch < 0x80 && strchr("/.@?&=-_#:", (int)ch) != NULL;
}

/* Natural break points inside the Western words of cells [c0, c1): a word
 * holding '/' or '@' (a web address, an e-mail address, a path) may break
 * after each separator that is not followed by another ("https://" stays
 * whole); any word may break after a hyphen between two letters. Such a
 * break is weak: breaks.c takes it at a cost, before letter-spacing a line
 * and long before breaking between two letters. */
static void address_points(const cp_ts_cell *cell, cp_ts_gap *gap, uint32_t c0, uint32_t c1)
{
	for (uint32_t a = c0; a < c1;) {
		uint32_t b = a;
		bool address = false;
		while (b + 1 < c1 && gap[b].word && gap[b].urgent) {
			address = address || cell[b].ch == '/' || cell[b].ch == '@';
			b++;
		}
		address = address || cell[b].ch == '/' || cell[b].ch == '@';
		for (uint32_t i = a; i < b; i++) {
			gunichar ch = cell[i].ch;
			gunichar nx = cell[i + 1].ch;
			bool hyphen = ch == '-' && i > a && g_unichar_isalpha(cell[i - 1].ch) &&
			              g_unichar_isalpha(nx);
			if ((address && is_address_sep(ch) && !is_address_sep(nx)) || hyphen)
				gap[i].weak = CP_TS_WEAK_ADDRESS;
		}
		a = b + 1;
	}
}

void cp_ts_classify(cp_typesetter *ts, cp_ts_cells *c, cp_ts_kinsoku k)
{
	GArray *cells = c->cells;

	for (guint i = 0; i < cells->len; i++)
		classify_cell(ts, &g_array_index(cells, cp_ts_cell, i));

	/* Gaps are per hard line: the last cell of a hard line has a gap of
	 * nothing after it (the hard break), which no one reads. */
	g_array_set_size(c->gaps, cells->len);
	for (guint i = 0; i < cells->len; i++) {
		cp_ts_gap *g = &g_array_index(c->gaps, cp_ts_gap, i);
		const cp_ts_cell *a = &g_array_index(cells, cp_ts_cell, i);
		if (i + 1 >= cells->len) {
			*g = (cp_ts_gap){0};
			g->tail = a->cls == CP_TS_CL_MIDDLE ? a->trail : 0.0;
			continue;
		}
		const cp_ts_cell *b = &g_array_index(cells, cp_ts_cell, i + 1);
		const cp_ts_cell *p = i > 0 ? &g_array_index(cells, cp_ts_cell, i - 1) : NULL;
		const cp_ts_cell *n =
		    i + 2 < cells->len ? &g_array_index(cells, cp_ts_cell, i + 2) : NULL;
		make_gap(p, a, b, n, k, g);
	}
	/* A gap across a hard break is no gap: the next hard line starts anew. */
	for (guint h = 0; h < c->hards->len; h++) {
		const cp_ts_hard *hd = &g_array_index(c->hards, cp_ts_hard, h);
		if (hd->c1 > hd->c0) {
			cp_ts_gap *g = &g_array_index(c->gaps, cp_ts_gap, hd->c1 - 1);
			double tail = g->tail;
			*g = (cp_ts_gap){0};
			g->tail = tail;
			g->brk = true;
			address_points((const cp_ts_cell *)(void *)cells->data,
			               (cp_ts_gap *)(void *)c->gaps->data, hd->c0, hd->c1);
		}
	}
}
