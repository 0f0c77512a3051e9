/* content.c - the PDF content-stream lexer and the colour rewrite.
 *
 * Grammar (PDF 1.7 section 7.2/7.8): a stream is operands followed by an
 * operator. Tokens are numbers, /names, (literal strings) with balanced
 * parentheses and backslash escapes, <hex strings>, [ ] arrays, << >>
 * dictionaries (in BDC/DP properties), %comments to end of line, and
 * keywords (operators). Inline images are BI, key/value pairs, ID, one white
 * space, binary data, then EI: the lexer returns all of it as one token, and
 * the data is found by looking for "EI" between white space, as readers do.
 *
 * The rewrite copies every byte as it is except (docs/prepress.md
 * section 3):
 *   r g b rg / RG            -> c m y k k / K  (palette, neutral, profile)
 *   /DeviceRGB cs / CS       -> /DeviceCMYK cs / CS, and the following
 *   r g b sc(n) / SC(N)      -> c m y k sc(n) / SC(N)
 * The colour space state follows q/Q. Anything else that would leave RGB in
 * the file (an RGB inline image) is an error for the page. */
#include "press/press_int.h"

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

static void put_cmyk(GString *out, const double cmyk[4], const char *op)
{
	for (int i = 0; i < 4; i++) {
		cp_press_put_num(out, cmyk[i]);
		g_string_append_c(out, ' ');
	}
	g_string_append(out, op);
}

/* True when the inline image's dictionary names an RGB colour space. */
static bool inline_is_rgb(const unsigned char *b, size_t len)
{
	g_autofree char *s = g_strndup((const char *)b, MIN(len, 4096));
	char *id = strstr(s, "ID");
	if (id != NULL)
		*id = '\0';
	return strstr(s, "/RGB") != NULL || strstr(s, "/DeviceRGB") != NULL ||
	       strstr(s, "/CalRGB") != NULL;
}

/* The rewrite proper. Bytes are copied lazily: `copied` marks how far buf
 * is already in out, so an untouched stream costs one copy at the end and
 * a rewritten operator replaces exactly its operands and itself. */
GString *cp_press_content_convert(cp_press_ctx *c, const unsigned char *buf, size_t len)
{
	GString *out = g_string_sized_new(len + len / 8);
	cp_press_lexer lx;
	cp_press_lexer_init(&lx, buf, len);
	cp_press_tok ops[MAX_OPERANDS];
	int n_ops = 0;
	size_t copied = 0;       /* bytes of buf already in out */
	size_t first = SIZE_MAX; /* where the current operands start */
	/* colour space state: is the fill / stroke space DeviceRGB? */
	bool rgb_fill[MAX_DEPTH] = {false};
	bool rgb_stroke[MAX_DEPTH] = {false};
	int depth = 0;

	for (;;) {
		cp_press_tok t = cp_press_lexer_next(&lx);
		if (t.kind == CP_TOK_END)
			break;
		if (t.kind == CP_TOK_INLINE_IMAGE) {
			if (inline_is_rgb(buf + t.start, t.len))
				cp_press_error(c, "an RGB inline image cannot be converted");
			n_ops = 0;
			first = SIZE_MAX;
			continue;
		}
		if (t.kind != CP_TOK_OPERATOR) {
			if (first == SIZE_MAX)
				first = t.start;
			if (n_ops < MAX_OPERANDS)
				ops[n_ops] = t;
			n_ops++;
			continue;
		}

		/* an operator: rewrite the few that carry RGB; q/Q save and
		 * restore the colour-space state, as the graphics state does */
		const char *replace_op = NULL;
		double rgb[3];
		bool three = n_ops == 3 && ops[0].kind == CP_TOK_NUMBER &&
		             ops[1].kind == CP_TOK_NUMBER && ops[2].kind == CP_TOK_NUMBER;
		if (three) {
			rgb[0] = ops[0].num;
			rgb[1] = ops[1].num;
			rgb[2] = ops[2].num;
		}
		if (cp_press_tok_is(&lx, &t, "q")) {
			if (depth + 1 < MAX_DEPTH) {
				rgb_fill[depth + 1] = rgb_fill[depth];
				rgb_stroke[depth + 1] = rgb_stroke[depth];
				depth++;
			}
		} else if (cp_press_tok_is(&lx, &t, "Q")) {
			if (depth > 0)
				depth--;
		} else if (three && cp_press_tok_is(&lx, &t, "rg")) {
			replace_op = "k";
		} else if (three && cp_press_tok_is(&lx, &t, "RG")) {
			replace_op = "K";
		} else if (n_ops == 1 && ops[0].kind == CP_TOK_NAME &&
		           (cp_press_tok_is(&lx, &t, "cs") || cp_press_tok_is(&lx, &t, "CS"))) {
			bool fill = buf[t.start] == 'c';
			bool rgb_space = cp_press_tok_is(&lx, &ops[0], "/DeviceRGB");
			(fill ? rgb_fill : rgb_stroke)[depth] = rgb_space;
			if (rgb_space) {
				g_string_append_len(out, (const char *)buf + copied,
				                    ops[0].start - copied);
				g_string_append(out, "/DeviceCMYK");
				copied = ops[0].start + ops[0].len;
			} else if (cp_press_tok_is(&lx, &ops[0], "/CalRGB") ||
			           cp_press_tok_is(&lx, &ops[0], "/Lab")) {
				cp_press_error(c, "colour space %.*s cannot be converted",
				               (int)ops[0].len, (const char *)buf + ops[0].start);
			}
		} else if (three &&
		           (cp_press_tok_is(&lx, &t, "sc") || cp_press_tok_is(&lx, &t, "scn")) &&
		           rgb_fill[depth]) {
			replace_op = t.len == 3 ? "scn" : "sc";
		} else if (three &&
		           (cp_press_tok_is(&lx, &t, "SC") || cp_press_tok_is(&lx, &t, "SCN")) &&
		           rgb_stroke[depth]) {
			replace_op = t.len == 3 ? "SCN" : "SC";
		}
		if (replace_op != NULL) {
			double cmyk[4];
			cp_press_map_rgb(c, rgb, cmyk);
			g_string_append_len(out, (const char *)buf + copied, first - copied);
			put_cmyk(out, cmyk, replace_op);
			copied = t.start + t.len;
		}
		n_ops = 0;
		first = SIZE_MAX;
	}
	g_string_append_len(out, (const char *)buf + copied, len - copied);
	return out;
}
