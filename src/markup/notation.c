/* notation.c - the inline notations of Japanese text (markup stage): ruby,
 * emphasis dots and explicit tate-chu-yoko, written inside a run's text.
 *
 *   {漢字|かんじ}        group ruby: one reading over the whole base
 *   {漢字|かん|じ}       mono ruby: one reading per base character (as many
 *                        readings as characters, or an error)
 *   ｜漢字《かんじ》     the Aozora Bunko form of group ruby; without the ｜
 *   漢字《かんじ》       the base is the run of kanji just before 《
 *   {強調|﹅}            emphasis dots (kenten): the sesame ﹅ (or the open
 *                        sesame ﹆) over every character of the base
 *   {tcy:12}             tate-chu-yoko: the text set upright as one cell in
 *                        vertical lines (horizontal lines set it as it is)
 *
 * A backslash before one of \ { | } ｜ 《 》 makes that character literal.
 * Other characters pass through. A 《 after anything but kanji (and with
 * no ｜ before it) is an ordinary bracket, as in Aozora Bunko.
 * docs/format.md gives the reasons for each choice.
 *
 * Every malformed notation is a NOTATION error at its own position (the
 * caller's locate function maps a byte of the run's text to the file); its
 * text is then kept as typed, so the rest of the run is still set.
 * Knows nothing of cmark: cmark_walk.c hands over text in which cmark's
 * own escapes of { | } \ are written again as \{ \| \} \\. */
#include "markup/markup_int.h"

#include <string.h>

enum {
	CH_FW_BAR = 0xFF5C,      /* ｜ */
	CH_OPEN_RUBY = 0x300A,   /* 《 */
	CH_CLOSE_RUBY = 0x300B,  /* 》 */
	CH_SESAME = 0xFE45,      /* ﹅ */
	CH_SESAME_OPEN = 0xFE46, /* ﹆ */
};

/* A prefix that makes {...} tate-chu-yoko. */
#define TCY_PREFIX "tcy:"

static bool escapable(gunichar c)
{
	return c == '\\' || c == '{' || c == '|' || c == '}' || c == CH_FW_BAR ||
	       c == CH_OPEN_RUBY || c == CH_CLOSE_RUBY;
}

bool cp_markup_has_notation(const char *s, size_t len)
{
	static const char *const marks[] = {"{",           "}", "|", "\\", "\xEF\xBD\x9C" /* ｜ */,
	                                    "\xE3\x80\x8A" /* 《 */};
	if (s == NULL)
		return false;
	for (size_t i = 0; i < G_N_ELEMENTS(marks); i++) {
		size_t n = strlen(marks[i]);
		if (len >= n && memmem(s, len, marks[i], n) != NULL)
			return true;
	}
	return false;
}

/* Kanji, for the base of 漢字《かんじ》: ideographs and the marks Aozora
 * Bunko counts with them (々 〆 〇 ヶ). */
static bool is_kanji(gunichar c)
{
	return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
	       (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) || c == 0x3005 ||
	       c == 0x3006 || c == 0x3007 || c == 0x30F6;
}

/* Characters of a base as mono ruby counts them: combining marks and
 * variation selectors belong to the character before them. */
static size_t base_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (const char *p = s; p < s + len; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_ismark(c) && !(c >= 0xFE00 && c <= 0xFE0F) &&
		    !(c >= 0xE0100 && c <= 0xE01EF))
			n++;
	}
	return n;
}

typedef struct parser {
	cp_arena *arena;
	cp_diags *d;
	const cp_mk_run *proto; /* flags, link, span of the pieces */
	const char *s;
	size_t len;
	cp_markup_locate at;
	void *ud;
	GArray *out;    /* cp_mk_run */
	GString *plain; /* plain text not yet emitted (it takes proto's span) */
} parser;

static gunichar char_at(const parser *ps, size_t i, size_t *next)
{
	const char *p = ps->s + i;
	gunichar c = g_utf8_get_char(p);
	*next = (size_t)(g_utf8_next_char(p) - ps->s);
	if (*next > ps->len)
		*next = ps->len;
	return c;
}

/* Reports a malformed notation written at s[off, off + n) (the message
 * and hint literal, so po/update-pot finds them). */
#define error_at(ps, off, n, hint, msg)                                                            \
	do {                                                                                       \
		if ((ps)->d != NULL)                                                               \
			cp_diag_add((ps)->d, CP_DIAG_NOTATION,                                     \
			            (ps)->at((ps)->ud, (ps)->s, (off), (n)), (hint), msg);         \
	} while (0)

/* Emits the plain text collected so far as a run. */
static void flush_plain(parser *ps)
{
	if (ps->plain->len == 0)
		return;
	cp_mk_run r = *ps->proto;
	r.text = cp_arena_strndup(ps->arena, ps->plain->str, ps->plain->len);
	r.len = ps->plain->len;
	r.ruby = NULL;
	r.ruby_mono = false;
	r.kenten = 0;
	r.tcy = false;
	g_array_append_val(ps->out, r);
	g_string_truncate(ps->plain, 0);
}

/* Emits an annotated base written at s[off..]. */
static void emit(parser *ps, size_t off, size_t n, const char *base, size_t base_len,
                 const char *ruby, bool mono, uint32_t kenten, bool tcy)
{
	flush_plain(ps);
	cp_mk_run r = *ps->proto;
	r.text = cp_arena_strndup(ps->arena, base, base_len);
	r.len = base_len;
	r.ruby = ruby != NULL ? cp_arena_strdup(ps->arena, ruby) : NULL;
	r.ruby_mono = mono;
	r.kenten = kenten;
	r.tcy = tcy;
	r.span = ps->at(ps->ud, ps->s, off, n);
	g_array_append_val(ps->out, r);
}

/* Appends s[a, b) to the plain text as typed. */
static void keep_raw(parser *ps, size_t a, size_t b)
{
	g_string_append_len(ps->plain, ps->s + a, (gssize)(b - a));
}

/* Reads text from i up to one of the stop characters (not escaped), a
 * newline or the end, into buf with escapes resolved. Returns the offset of
 * the stop character, or len when none came; *stop gets it (0 at a newline
 * or the end). */
static size_t read_until(const parser *ps, size_t i, const gunichar *stops, size_t n_stops,
                         GString *buf, gunichar *stop)
{
	*stop = 0;
	while (i < ps->len) {
		size_t next;
		gunichar c = char_at(ps, i, &next);
		if (c == '\n')
			return i;
		if (c == '\\' && next < ps->len) {
			size_t after;
			gunichar e = char_at(ps, next, &after);
			if (escapable(e)) {
				g_string_append_len(buf, ps->s + next, (gssize)(after - next));
				i = after;
				continue;
			}
		}
		for (size_t k = 0; k < n_stops; k++) {
			if (c == stops[k]) {
				*stop = c;
				return i;
			}
		}
		g_string_append_len(buf, ps->s + i, (gssize)(next - i));
		i = next;
	}
	return ps->len;
}

/* {…} at i. Returns where parsing goes on. */
static size_t brace(parser *ps, size_t i)
{
	static const gunichar stops[] = {'|', '}', '{'};
	g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func(g_free);
	size_t j = i + 1;
	for (;;) {
		g_autoptr(GString) part = g_string_new(NULL);
		gunichar stop;
		j = read_until(ps, j, stops, G_N_ELEMENTS(stops), part, &stop);
		g_ptr_array_add(parts, g_string_free(g_steal_pointer(&part), FALSE));
		if (stop == '|') {
			j++;
			continue;
		}
		if (stop == '}')
			break;
		if (stop == '{') {
			error_at(ps, i, j - i, "write \\{ for a brace that is not a notation",
			         "a notation cannot hold another '{'");
			keep_raw(ps, i, j);
			return j;
		}
		error_at(ps, i, 1,
		         "close it with '}' on the same line, or write \\{ for a literal brace",
		         "'{' starts a notation that is not closed");
		keep_raw(ps, i, j);
		return j;
	}
	size_t end = j + 1; /* after the '}' */
	const char *base = g_ptr_array_index(parts, 0);
	size_t n_parts = parts->len;

	if (n_parts == 1 && g_str_has_prefix(base, TCY_PREFIX)) {
		const char *t = base + strlen(TCY_PREFIX);
		if (*t == '\0') {
			error_at(ps, i, end - i, "write the characters to set upright: {tcy:12}",
			         "the tate-chu-yoko notation is empty");
			keep_raw(ps, i, end);
			return end;
		}
		emit(ps, i, end - i, t, strlen(t), NULL, false, 0, true);
		return end;
	}
	if (n_parts == 1) {
		error_at(ps, i, end - i,
		         "write {base|reading} for ruby, {base|﹅} for emphasis dots, {tcy:12} "
		         "for tate-chu-yoko, or \\{ for a literal brace",
		         "a notation needs a base and a reading separated by '|'");
		keep_raw(ps, i, end);
		return end;
	}
	if (*base == '\0') {
		error_at(ps, i, end - i, "write the base before the '|': {漢字|かんじ}",
		         "the ruby base is empty");
		keep_raw(ps, i, end);
		return end;
	}
	for (size_t k = 1; k < n_parts; k++) {
		if (*(const char *)g_ptr_array_index(parts, k) == '\0') {
			error_at(ps, i, end - i, "write a reading between the bars: {漢字|かん|じ}",
			         "a ruby reading is empty");
			keep_raw(ps, i, end);
			return end;
		}
	}
	const char *reading = g_ptr_array_index(parts, 1);
	if (n_parts == 2) {
		gunichar c = g_utf8_get_char(reading);
		bool one = *g_utf8_next_char(reading) == '\0';
		if (one && (c == CH_SESAME || c == CH_SESAME_OPEN))
			emit(ps, i, end - i, base, strlen(base), NULL, false, c, false);
		else
			emit(ps, i, end - i, base, strlen(base), reading, false, 0, false);
		return end;
	}
	/* mono ruby: a reading for every character of the base */
	size_t n_base = base_chars(base, strlen(base));
	if (n_base != n_parts - 1) {
		if (ps->d != NULL)
			cp_diag_add(ps->d, CP_DIAG_NOTATION, ps->at(ps->ud, ps->s, i, end - i),
			            "give one reading per character, or one reading for the whole "
			            "base ({漢字|かんじ})",
			            "mono ruby has %zu readings for a base of %zu characters",
			            n_parts - 1, n_base);
		keep_raw(ps, i, end);
		return end;
	}
	g_autoptr(GString) joined = g_string_new(NULL);
	for (size_t k = 1; k < n_parts; k++) {
		if (k > 1)
			g_string_append_c(joined, '|');
		g_string_append(joined, g_ptr_array_index(parts, k));
	}
	emit(ps, i, end - i, base, strlen(base), joined->str, true, 0, false);
	return end;
}

/* The reading 《…》 whose 《 is at k, for a base that starts at b0 in s
 * (base already resolved). Returns where parsing goes on. */
static size_t aozora(parser *ps, size_t b0, size_t k, const char *base, size_t base_len)
{
	static const gunichar stops[] = {CH_CLOSE_RUBY, CH_OPEN_RUBY};
	g_autoptr(GString) reading = g_string_new(NULL);
	size_t open_next;
	char_at(ps, k, &open_next);
	gunichar stop;
	size_t j = read_until(ps, open_next, stops, G_N_ELEMENTS(stops), reading, &stop);
	if (stop != CH_CLOSE_RUBY) {
		error_at(ps, k, 1, "close the reading with 》 on the same line, or write \\《",
		         "a ruby reading opened with 《 is not closed");
		keep_raw(ps, b0, j);
		return j;
	}
	size_t end;
	char_at(ps, j, &end);
	if (reading->len == 0) {
		error_at(ps, k, end - k, "write the reading between 《 and 》",
		         "a ruby reading is empty");
		keep_raw(ps, b0, end);
		return end;
	}
	if (base_len == 0) {
		error_at(ps, b0, end - b0, "write the base between ｜ and 《: ｜漢字《かんじ》",
		         "the ruby base is empty");
		keep_raw(ps, b0, end);
		return end;
	}
	emit(ps, b0, end - b0, base, base_len, reading->str, false, 0, false);
	return end;
}

/* ｜ at i: the base runs to the next 《. */
static size_t bar(parser *ps, size_t i)
{
	static const gunichar stops[] = {CH_OPEN_RUBY, CH_FW_BAR};
	size_t next;
	char_at(ps, i, &next);
	g_autoptr(GString) base = g_string_new(NULL);
	gunichar stop;
	size_t k = read_until(ps, next, stops, G_N_ELEMENTS(stops), base, &stop);
	if (stop != CH_OPEN_RUBY) {
		error_at(ps, i, 1, "write ｜漢字《かんじ》, or \\｜ for a literal ｜",
		         "'｜' starts a ruby base but no 《reading》 follows");
		keep_raw(ps, i, next);
		return next;
	}
	return aozora(ps, i, k, base->str, base->len);
}

/* 《 at i without ｜: ruby over the kanji just before it, else a bracket. */
static size_t open_ruby(parser *ps, size_t i)
{
	GString *pl = ps->plain;
	size_t cut = pl->len;
	while (cut > 0) {
		const char *prev = g_utf8_find_prev_char(pl->str, pl->str + cut);
		if (prev == NULL || !is_kanji(g_utf8_get_char(prev)))
			break;
		cut = (size_t)(prev - pl->str);
	}
	size_t next;
	char_at(ps, i, &next);
	if (cut == pl->len) {
		keep_raw(ps, i, next);
		return next;
	}
	/* kanji are copied as they are written, so the base is s[i - n, i) */
	size_t n = pl->len - cut;
	g_autofree char *base = g_strndup(pl->str + cut, n);
	g_string_truncate(pl, cut);
	size_t b0 = i - n;
	return aozora(ps, b0, i, base, n);
}

void cp_markup_notations(cp_arena *arena, const cp_mk_run *proto, const char *s, size_t len,
                         cp_markup_locate at, void *ud, cp_diags *d, GArray *out)
{
	parser ps = {
	    .arena = arena,
	    .d = d,
	    .proto = proto,
	    .s = s,
	    .len = len,
	    .at = at,
	    .ud = ud,
	    .out = out,
	    .plain = g_string_new(NULL),
	};
	size_t i = 0;
	while (i < len) {
		size_t next;
		gunichar c = char_at(&ps, i, &next);
		if (c == '\\' && next < len) {
			size_t after;
			gunichar e = char_at(&ps, next, &after);
			if (escapable(e)) {
				g_string_append_len(ps.plain, s + next, (gssize)(after - next));
				i = after;
				continue;
			}
		}
		switch (c) {
		case '{':
			i = brace(&ps, i);
			continue;
		case '}':
			error_at(&ps, i, 1, "write \\} for a literal brace",
			         "'}' closes no notation");
			break;
		case CH_FW_BAR:
			i = bar(&ps, i);
			continue;
		case CH_OPEN_RUBY:
			i = open_ruby(&ps, i);
			continue;
		default:
			break;
		}
		keep_raw(&ps, i, next);
		i = next;
	}
	flush_plain(&ps);
	g_string_free(ps.plain, TRUE);
}

/* --- plain strings ------------------------------------------------------- */

typedef struct plain_loc {
	cp_span span;
} plain_loc;

/* A notation at its own line and column, the string's lines counted from
 * span's: as a literal block (`title: |`) keeps them, each at the column
 * of the first (a folded or quoted value that runs over several lines joins
 * them, and its later lines are counted as if they went on the first). */
static cp_span plain_locate(void *ud, const char *s, size_t off, size_t n)
{
	(void)n;
	const plain_loc *pl = ud;
	if (pl->span.line == 0)
		return pl->span;
	cp_span sp = pl->span;
	size_t from = 0;
	for (const char *nl; (nl = memchr(s + from, '\n', off - from)) != NULL;) {
		from = (size_t)(nl - s) + 1;
		sp.line++;
	}
	sp.col += (uint32_t)g_utf8_strlen(s + from, (gssize)(off - from));
	sp.end_line = sp.line;
	sp.end_col = sp.col;
	return sp;
}

size_t cp_markup_inline(cp_arena *arena, const char *s, size_t len, cp_span span, cp_diags *d,
                        cp_mk_run **out)
{
	*out = NULL;
	if (s == NULL || len == 0)
		return 0;
	cp_mk_run proto = {.span = span};
	if (!g_utf8_validate_len(s, len, NULL) || !cp_markup_has_notation(s, len)) {
		*out = cp_arena_new0(arena, cp_mk_run, 1);
		**out = proto;
		(*out)->text = cp_arena_strndup(arena, s, len);
		(*out)->len = len;
		return 1;
	}
	plain_loc pl = {.span = span};
	g_autoptr(GArray) runs = g_array_new(FALSE, TRUE, sizeof(cp_mk_run));
	cp_markup_notations(arena, &proto, s, len, plain_locate, &pl, d, runs);
	if (runs->len == 0)
		return 0;
	*out = cp_arena_memdup(arena, runs->data, sizeof(cp_mk_run) * runs->len);
	return runs->len;
}
