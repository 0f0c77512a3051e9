/* content.c - the PDF content-stream lexer (preflight reads content with
 * it) and the number format press writes content with (impose).
 *
 * Grammar (PDF 1.7 section 7.2/7.8): a stream is operands followed by an
 * operator. Tokens are numbers, /names, (literal strings) with balanced
 * parentheses and backslash escapes, <hex strings>, [ ] arrays, << >>
 * dictionaries (in BDC/DP properties), %comments to end of line, and
 * keywords (operators). Inline images are BI, key/value pairs, ID, one white
 * space, binary data, then EI: the lexer returns all of it as one token, and
 * the data is found by looking for "EI" between white space, as readers do.
 */
#include "press/press_int.h"
#include "press/reader.h"

#include <math.h>
#include <string.h>

void cp_press_lexer_init(cp_press_lexer *lx, const unsigned char *buf, size_t len)
{
	lx->buf = buf;
	lx->len = len;
	lx->pos = 0;
}

static bool is_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f' || ch == '\0';
}

static bool is_delim(unsigned char ch)
{
	return ch == '(' || ch == ')' || ch == '<' || ch == '>' || ch == '[' || ch == ']' ||
	       ch == '{' || ch == '}' || ch == '/' || ch == '%';
}

bool cp_press_tok_is(const cp_press_lexer *lx, const cp_press_tok *t, const char *s)
{
	size_t n = strlen(s);
	return t->len == n && memcmp(lx->buf + t->start, s, n) == 0;
}

/* Skips an inline image's data: from just after "ID" to just after "EI". */
static void skip_inline_data(cp_press_lexer *lx)
{
	size_t p = lx->pos + 1; /* the single white space after ID */
	while (p + 2 <= lx->len) {
		if (lx->buf[p] == 'E' && lx->buf[p + 1] == 'I' && is_space(lx->buf[p - 1]) &&
		    (p + 2 == lx->len || is_space(lx->buf[p + 2]) || is_delim(lx->buf[p + 2]))) {
			lx->pos = p + 2;
			return;
		}
		p++;
	}
	lx->pos = lx->len;
}

/* One token. Numbers are told from keywords by a full parse of the word
 * (no exponents or hex, which PDF has not); a BI swallows its inline
 * image up to EI so image bytes are never read as operators. */
cp_press_tok cp_press_lexer_next(cp_press_lexer *lx)
{
	const unsigned char *b = lx->buf;
	cp_press_tok t = {CP_TOK_END, lx->len, 0, 0};
	/* white space and comments */
	for (;;) {
		while (lx->pos < lx->len && is_space(b[lx->pos]))
			lx->pos++;
		if (lx->pos < lx->len && b[lx->pos] == '%') {
			while (lx->pos < lx->len && b[lx->pos] != '\n' && b[lx->pos] != '\r')
				lx->pos++;
			continue;
		}
		break;
	}
	if (lx->pos >= lx->len)
		return t;
	size_t s = lx->pos;
	t.start = s;
	unsigned char ch = b[s];
	if (ch == '(') {
		int depth = 0;
		size_t p = s;
		for (; p < lx->len; p++) {
			if (b[p] == '\\') {
				p++;
				continue;
			}
			if (b[p] == '(')
				depth++;
			else if (b[p] == ')' && --depth == 0)
				break;
		}
		if (p >= lx->len) {
			lx->pos = lx->len;
			t.kind = CP_TOK_END;
			return t;
		}
		lx->pos = p + 1;
		t.kind = CP_TOK_STRING;
	} else if (ch == '<' && s + 1 < lx->len && b[s + 1] == '<') {
		lx->pos = s + 2;
		t.kind = CP_TOK_OPEN_DICT;
	} else if (ch == '>' && s + 1 < lx->len && b[s + 1] == '>') {
		lx->pos = s + 2;
		t.kind = CP_TOK_CLOSE_DICT;
	} else if (ch == '<') {
		const unsigned char *gt = memchr(b + s, '>', lx->len - s);
		lx->pos = gt ? (size_t)(gt - b) + 1 : lx->len;
		t.kind = CP_TOK_STRING;
	} else if (ch == '[' || ch == ']') {
		lx->pos = s + 1;
		t.kind = ch == '[' ? CP_TOK_OPEN_ARRAY : CP_TOK_CLOSE_ARRAY;
	} else if (ch == '/') {
		size_t p = s + 1;
		while (p < lx->len && !is_space(b[p]) && !is_delim(b[p]))
			p++;
		lx->pos = p;
		t.kind = CP_TOK_NAME;
	} else {
		size_t p = s;
		while (p < lx->len && !is_space(b[p]) && !is_delim(b[p]))
			p++;
		if (p == s)
			p++; /* a stray delimiter (')', '>', '{'): skip it as an operator */
		lx->pos = p;
		/* a number: [+-] digits [. digits] */
		char tmp[64];
		size_t n = MIN(p - s, sizeof tmp - 1);
		memcpy(tmp, b + s, n);
		tmp[n] = '\0';
		char *end = NULL;
		double v = g_ascii_strtod(tmp, &end);
		bool numeric = n > 0 && end == tmp + n && strpbrk(tmp, "eExXnN") == NULL;
		if (numeric) {
			t.kind = CP_TOK_NUMBER;
			t.num = v;
		} else {
			t.kind = CP_TOK_OPERATOR;
			t.len = p - s;
			if (t.len == 2 && b[s] == 'B' && b[s + 1] == 'I') {
				/* BI: find ID, then skip the data to EI */
				for (;;) {
					cp_press_tok k = cp_press_lexer_next(lx);
					if (k.kind == CP_TOK_END)
						break;
					if (k.kind == CP_TOK_OPERATOR &&
					    cp_press_tok_is(lx, &k, "ID")) {
						skip_inline_data(lx);
						break;
					}
				}
				t.kind = CP_TOK_INLINE_IMAGE;
			}
		}
	}
	t.len = lx->pos - s;
	return t;
}

/* ---- the rewrite ---------------------------------------------------------- */

#define MAX_OPERANDS 16
#define MAX_DEPTH 64 /* q nesting kept; deeper saves share the last slot */

/* Numbers go out in C-locale form, at most four decimals, no trailing
 * zeros, and never "-0": "0.55", "1", "0". Four decimals keep a layout's
 * whole percentages exact. */
void cp_press_put_num(GString *s, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	if (fabs(v) < 5e-5)
		v = 0;
	g_ascii_formatd(buf, sizeof buf, "%.4f", v);
	/* trim trailing zeros and the point */
	char *dot = strchr(buf, '.');
	if (dot != NULL) {
		char *e = buf + strlen(buf) - 1;
		while (e > dot && *e == '0')
			*e-- = '\0';
		if (e == dot)
			*e = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
	g_string_append(s, buf);
}

/* --- the operator walk (reader.h) ------------------------------------------- */

void cp_press_walk_init(cp_press_walk *w, cp_press_reader *r, const unsigned char *buf, size_t len)
{
	memset(w, 0, sizeof *w);
	w->r = r;
	w->buf = buf;
	cp_press_lexer_init(&w->lx, buf, len);
	w->name.kind = CP_TOK_END;
	w->fresh = true;
}

bool cp_press_walk_next(cp_press_walk *w)
{
	/* the last call's operator took its operands with it */
	if (w->op.kind == CP_TOK_OPERATOR || w->op.kind == CP_TOK_INLINE_IMAGE) {
		w->n_num = 0;
		w->name.kind = CP_TOK_END;
		w->op.kind = CP_TOK_END;
		w->fresh = true;
	}
	for (;;) {
		cp_press_tok t = cp_press_lexer_next(&w->lx);
		if (t.kind == CP_TOK_END ||
		    !cp_press_reader_tick(w->r, CP_PRESS_BUDGET_OPERATORS, 1))
			return false;
		if (w->fresh) {
			w->operands_at = t.start;
			w->fresh = false;
		}
		switch (t.kind) {
		case CP_TOK_NUMBER:
			if (w->n_num < (int)G_N_ELEMENTS(w->num))
				w->num[w->n_num] = t.num;
			w->n_num++;
			break;
		case CP_TOK_NAME:
			w->name = t;
			break;
		case CP_TOK_OPERATOR:
		case CP_TOK_INLINE_IMAGE:
			w->op = t;
			return true;
		default:
			break;
		}
	}
}

bool cp_press_walk_is(const cp_press_walk *w, const char *s)
{
	return w->op.kind == CP_TOK_OPERATOR && cp_press_tok_is(&w->lx, &w->op, s);
}

char *cp_press_walk_name(const cp_press_walk *w)
{
	return g_strndup((const char *)w->buf + w->name.start, w->name.len);
}

bool cp_press_walk_inline_rgb(const cp_press_walk *w)
{
	if (w->op.kind != CP_TOK_INLINE_IMAGE)
		return false;
	/* the image's dictionary: BI and its keys, before the data */
	g_autofree char *head =
	    g_strndup((const char *)w->buf + w->op.start, MIN(w->op.len, (size_t)512));
	return strstr(head, "/RGB") != NULL || strstr(head, "/DeviceRGB") != NULL ||
	       strstr(head, "/CalRGB") != NULL;
}
