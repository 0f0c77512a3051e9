/* runs.c - collecting the inline runs of one block (markup stage).
 *
 * The cmark walk hands over pieces of text with the flags that are active
 * where they sit (emphasis, strong, code, link). Pieces with the same flags
 * and link that follow each other end up in one run, so a paragraph is as
 * few runs as its styling allows; compose never sees cmark's node borders.
 *
 * Soft line breaks (a newline inside a paragraph in the source) are not
 * characters of their own: Japanese is set solid, with no space between words
 * (JLReq appendix A: ideographs, kana and Japanese punctuation have no
 * inter-word space), so a break between two such characters joins them with
 * nothing, and any other break becomes one space, as in Western text. The
 * decision needs the character after the break, so the break stays pending
 * until the next piece of text arrives; a break with nothing after it is
 * dropped. Knows nothing of YAML, layout or pages. */
#include "markup/markup_int.h"

#include <string.h>

/* True when the two links are the same (both absent counts as the same). */
static bool same_link(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

bool cp_markup_is_cjk(gunichar c)
{
	/* Ranges of characters that Japanese sets solid. Ambiguous-width
	 * punctuation used inside Japanese text (dashes, ellipses, the
	 * reference mark) counts too: "……" at a line end must not gain a
	 * space. Hangul is left out on purpose: Korean uses word spaces. */
	static const struct {
		gunichar lo, hi;
	} ranges[] = {
	    {0x2014, 0x2015},   /* em dash, horizontal bar (cl-08 —) */
	    {0x2025, 0x2026},   /* ‥ … (cl-08) */
	    {0x203B, 0x203B},   /* ※ */
	    {0x2E80, 0x2FDF},   /* CJK and Kangxi radicals */
	    {0x3000, 0x303F},   /* CJK symbols and punctuation (、。「」 and U+3000) */
	    {0x3040, 0x30FF},   /* hiragana, katakana (incl. ー and ・) */
	    {0x31F0, 0x31FF},   /* katakana phonetic extensions */
	    {0x3200, 0x33FF},   /* enclosed CJK, CJK compatibility */
	    {0x3400, 0x4DBF},   /* ideographs extension A */
	    {0x4E00, 0x9FFF},   /* unified ideographs */
	    {0xF900, 0xFAFF},   /* compatibility ideographs */
	    {0xFE30, 0xFE4F},   /* CJK compatibility forms */
	    {0xFF00, 0xFFEF},   /* full-width and half-width forms (！？（）ｶﾅ) */
	    {0x1B000, 0x1B16F}, /* kana supplement and extension */
	    {0x20000, 0x3FFFF}, /* ideographs extensions B and later */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(ranges); i++) {
		if (c >= ranges[i].lo && c <= ranges[i].hi)
			return true;
	}
	return false;
}

/* The last character of s, or 0 when s is empty or ends in a broken sequence. */
static gunichar last_char(const GString *s)
{
	if (s->len == 0)
		return 0;
	const char *end = s->str + s->len;
	const char *p = g_utf8_find_prev_char(s->str, end);
	if (p == NULL)
		return 0;
	gunichar c = g_utf8_get_char_validated(p, (gssize)(end - p));
	return (c == (gunichar)-1 || c == (gunichar)-2) ? 0 : c;
}

/* The first character of s (len bytes), or 0 when it is not valid UTF-8. */
static gunichar first_char(const char *s, size_t len)
{
	gunichar c = g_utf8_get_char_validated(s, (gssize)len);
	return (c == (gunichar)-1 || c == (gunichar)-2) ? 0 : c;
}

/* Appends without looking at pending breaks: extends the last run when its
 * flags and link match, else starts a new one. */
static void append_raw(cp_markup_builder *b, const char *s, size_t len, unsigned flags,
                       const char *link, cp_span span)
{
	if (b->runs->len > 0) {
		cp_markup_tmp_run *last =
		    &g_array_index(b->runs, cp_markup_tmp_run, b->runs->len - 1);
		if (last->flags == flags && same_link(last->link, link)) {
			g_string_append_len(last->text, s, (gssize)len);
			return;
		}
	}
	cp_markup_tmp_run r = {
	    .text = g_string_new_len(s, (gssize)len),
	    .flags = flags,
	    .link = link,
	    .span = span,
	};
	g_array_append_val(b->runs, r);
}

void cp_markup_runs_add(cp_markup_builder *b, const char *s, size_t len, unsigned flags,
                        const char *link, cp_span span)
{
	if (len == 0)
		return;

	/* Resolve a pending soft break now that the next character is known:
	 * nothing between two Japanese characters, one space otherwise. A
	 * break at the very start of a block has nothing to join and goes. */
	if (b->pending_soft) {
		b->pending_soft = false;
		if (b->runs->len > 0) {
			const cp_markup_tmp_run *last =
			    &g_array_index(b->runs, cp_markup_tmp_run, b->runs->len - 1);
			gunichar before = last_char(last->text);
			gunichar after = first_char(s, len);
			bool solid = cp_markup_is_cjk(before) && cp_markup_is_cjk(after);
			/* a hard break already ends the line: no space after it */
			if (!solid && before != '\n')
				append_raw(b, " ", 1, b->soft_flags, b->soft_link, b->soft_span);
		}
	}
	append_raw(b, s, len, flags, link, span);
}

void cp_markup_runs_soft_break(cp_markup_builder *b, unsigned flags, const char *link, cp_span span)
{
	/* Two soft breaks in a row cannot come from cmark, but if they did,
	 * the first one's style wins; they still make at most one space. */
	if (b->pending_soft)
		return;
	b->pending_soft = true;
	b->soft_flags = flags;
	b->soft_link = link;
	b->soft_span = span;
}

/* Where a notation of a run is written: looked for in the body from the
 * block's cursor on (the run's text is the source's, but for soft breaks
 * and entities), by its first characters, then by its first one; the run's
 * own span when neither is found. */
typedef struct body_loc {
	cp_markup_builder *b;
	cp_span fallback;
} body_loc;

static cp_span body_locate(void *ud, const char *s, size_t off, size_t n)
{
	body_loc *bl = ud;
	cp_markup_builder *b = bl->b;
	if (b->cursor > b->len)
		b->cursor = b->len;
	/* up to 16 characters, not across a line end */
	size_t k = 0;
	const char *p = s + off;
	for (size_t chars = 0; k < n && chars < 16 && p[k] != '\n'; chars++)
		k = (size_t)(g_utf8_next_char(p + k) - p);
	for (int pass = 0; pass < 2 && k > 0; pass++) {
		if (pass == 1)
			k = (size_t)(g_utf8_next_char(p) - p);
		const char *hit = memmem(b->text + b->cursor, b->len - b->cursor, p, k);
		if (hit != NULL) {
			size_t at = (size_t)(hit - b->text);
			b->cursor = at + 1;
			return cp_markup_span_of(b, at);
		}
	}
	return bl->fallback;
}

void cp_markup_runs_finish_block(cp_markup_builder *b, cp_mk_block *blk)
{
	cp_arena *arena = b->doc->arena;

	/* Copy the collected runs into the arena, freeing the GStrings. Runs
	 * were merged as they grew, so neighbours always differ here; a run's
	 * notations (notation.c) split it into pieces of their own. */
	g_autoptr(GArray) out = g_array_new(FALSE, TRUE, sizeof(cp_mk_run));
	for (size_t i = 0; i < b->runs->len; i++) {
		cp_markup_tmp_run *t = &g_array_index(b->runs, cp_markup_tmp_run, i);
		char *text = cp_markup_strdup(b, t->text->str, t->text->len);
		cp_mk_run r = {
		    .text = text,
		    .len = strlen(text),
		    .flags = t->flags,
		    .link = t->link,
		    .span = t->span,
		};
		if (!(t->flags & CP_MK_CODE_SPAN) && cp_markup_has_notation(r.text, r.len)) {
			body_loc bl = {.b = b, .fallback = t->span};
			cp_markup_notations(arena, &r, r.text, r.len, body_locate, &bl, b->d, out);
		} else {
			g_array_append_val(out, r);
		}
		g_string_free(t->text, TRUE);
	}
	blk->n_runs = out->len;
	blk->runs =
	    blk->n_runs ? cp_arena_memdup(arena, out->data, sizeof(cp_mk_run) * out->len) : NULL;
	g_array_set_size(b->runs, 0);
	b->pending_soft = false;
	g_array_append_val(b->blocks, *blk);
}
