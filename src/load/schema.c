/* schema.c - typed field readers over the node tree: text, integers, dates,
 * lengths with units, enums, colours, booleans, nested mappings, and the
 * unknown-key check. Every reader gives at most one diagnostic per field,
 * names the field with its place ("'size' in style 'title'") and says what
 * would be accepted. Knows the shapes of values, not what fields mean. */
#include "load/load_int.h"

#include <stdlib.h>
#include <string.h>

#define UNIT_HINT "write a unit: mm, pt, Q, H or zw (e.g. 12mm)"
#define UNIT_HINT_NO_ZW "write a unit: mm, pt, Q or H (e.g. 3mm)"

/* Unknown keys are reported here, once per mapping, before any field is
 * read, so each appears exactly once however many readers look at the map.
 * keys == NULL means "any key" (the fonts table, where roles are free).
 * An unknown key whose nearest known key is absent from the mapping waits
 * until cp_rd_clear: when a reader finds that key required and missing in
 * between, the two problems are one mistake (`industy:` for `industry:`)
 * and get one diagnostic, at the misspelt key. */
void cp_rd_init(cp_rd *r, cp_model *m, cp_diags *d, const cp_ynode *map, const char *what,
                const char *where, const char *const *keys)
{
	memset(r, 0, sizeof *r);
	r->m = m;
	r->d = d;
	r->map = map;
	r->what = what;
	r->where = where;
	if (map == NULL || keys == NULL)
		return;
	/* unknown keys, each with the nearest known one as a hint */
	for (size_t i = 0; i < map->n; i++) {
		const char *k = map->keys[i]->text;
		bool known = false;
		for (size_t j = 0; keys[j] != NULL && !known; j++)
			known = strcmp(keys[j], k) == 0;
		if (known)
			continue;
		const char *near = cp_diag_nearest(k, keys);
		if (near != NULL && cp_ynode_get(map, near) == NULL &&
		    r->n_pending < G_N_ELEMENTS(r->pending)) {
			r->pending[r->n_pending].key = map->keys[i];
			r->pending[r->n_pending].near = near;
			r->n_pending++;
			continue;
		}
		g_autofree char *hint = cp_diag_hint_nearest(near);
		cp_diag_add(d, CP_DIAG_UNKNOWN_KEY, map->keys[i]->span, hint,
		            "unknown key '%s' in %s", k, where ? where : what);
		r->n_ignored++;
	}
}

/* The unknown keys still waiting: each that no missing required key took
 * is reported as any other. Only the label buffer is owned; the map
 * belongs to the file's tree. */
void cp_rd_clear(cp_rd *r)
{
	for (size_t i = 0; i < r->n_pending; i++) {
		if (r->pending[i].taken)
			continue;
		g_autofree char *hint = cp_diag_hint_nearest(r->pending[i].near);
		cp_diag_add(r->d, CP_DIAG_UNKNOWN_KEY, r->pending[i].key->span, hint,
		            "unknown key '%s' in %s", r->pending[i].key->text,
		            r->where ? r->where : r->what);
		r->n_ignored++;
	}
	r->n_pending = 0;
	g_clear_pointer(&r->scratch, g_free);
}

/* The field as messages name it. Top-level fields are just "'key'"; nested
 * ones carry their place, so an editor can find "'size' in style 'title'"
 * without a line number. */
const char *cp_rd_label(cp_rd *r, const char *key)
{
	g_free(r->scratch);
	if (r->where != NULL)
		r->scratch = g_strdup_printf("'%s' in %s", key, r->where);
	else
		r->scratch = g_strdup_printf("'%s'", key);
	return r->scratch;
}

/* Wrong-type messages name the kind found ("a mapping", "a list", "text")
 * rather than echo it: a whole mapping makes a poor quote. */
void cp_rd_wrong_type(cp_rd *r, const char *key, const cp_ynode *n, const char *wanted)
{
	cp_diag_add(r->d, CP_DIAG_WRONG_TYPE, n->span, NULL, "%s must be %s, not %s",
	            cp_rd_label(r, key), wanted, cp_ynode_kind_name(n));
}

/* A missing key has no place of its own: point at the start of the mapping
 * that should hold it (for a file's top mapping, 1:1), unless an unknown
 * key waiting in r is its misspelling: then one diagnostic at that key. */
void cp_rd_missing(cp_rd *r, const char *key)
{
	for (size_t i = 0; i < r->n_pending; i++) {
		if (r->pending[i].taken || strcmp(r->pending[i].near, key) != 0)
			continue;
		r->pending[i].taken = true;
		cp_diag_add(r->d, CP_DIAG_UNKNOWN_KEY, r->pending[i].key->span,
		            "rename the key; the field is needed",
		            "unknown key '%s' in %s (did you mean '%s', which is required?)",
		            r->pending[i].key->text, r->where ? r->where : r->what, key);
		return;
	}
	cp_span s = r->map ? r->map->span : CP_SPAN_NONE;
	s.end_line = s.line;
	s.end_col = s.col;
	cp_diag_add(r->d, CP_DIAG_MISSING_FIELD, s, NULL, "missing required key '%s' in %s", key,
	            r->where ? r->where : r->what);
}

/* The value for key, NULL when absent or null; reports a missing one. */
/* Absent and null are the same to an editor ("key:" with nothing after
 * it), so both go through here; a required one is MISSING_FIELD when the key
 * is not written at all and EMPTY_VALUE when it is written empty. *ok is
 * false only when something was reported. */
static const cp_ynode *value(cp_rd *r, const char *key, bool required, bool *ok)
{
	const cp_ynode *n = cp_ynode_get(r->map, key);
	*ok = true;
	if (cp_ynode_is_null(n)) {
		if (required) {
			if (n == NULL)
				cp_rd_missing(r, key);
			else
				cp_diag_add(r->d, CP_DIAG_EMPTY_VALUE, n->span, NULL, "%s is empty",
				            cp_rd_label(r, key));
			*ok = false;
		}
		return NULL;
	}
	return n;
}

/* A scalar for key, or NULL after WRONG_TYPE. */
static const cp_ynode *scalar(cp_rd *r, const char *key, const cp_ynode *n, const char *wanted)
{
	if (n->kind != CP_YNODE_SCALAR) {
		cp_rd_wrong_type(r, key, n, wanted);
		return NULL;
	}
	return n;
}

/* Any scalar is text: `tel: 0612345678` is a plain scalar that YAML would
 * call an integer, and we keep it as written. The copy goes to the model's
 * arena; the tree is freed with its file. */
bool cp_rd_text_node(cp_rd *r, const char *key, const cp_ynode *n, cp_text *out)
{
	if (scalar(r, key, n, "text") == NULL)
		return false;
	/* blank text is no text: "company: ' '" is as good as absent */
	bool blank = true;
	for (size_t i = 0; i < n->len && blank; i++)
		blank = g_ascii_isspace(n->text[i]);
	if (blank) {
		cp_diag_add(r->d, CP_DIAG_EMPTY_VALUE, n->span, NULL, "%s is empty",
		            cp_rd_label(r, key));
		return false;
	}
	out->s = cp_arena_strndup(r->m->arena, n->text, n->len);
	/* the text's own first character, not the quote or the '|' before
	 * it: an error inside the text (a notation) is counted from there */
	out->span = n->span;
	out->span.line = n->body_line;
	out->span.col = n->body_col;
	return true;
}

/* A text field by key (see value() for absent and empty). */
bool cp_rd_text(cp_rd *r, const char *key, bool required, cp_text *out)
{
	bool ok;
	const cp_ynode *n = value(r, key, required, &ok);
	if (n == NULL)
		return ok;
	return cp_rd_text_node(r, key, n, out);
}

static bool halfwidth_kana(gunichar ch)
{
	return ch >= 0xFF61 && ch <= 0xFF9F;
}

/* Half-width katakana (U+FF61..U+FF9F: old registers and word processors
 * made them; ｶﾌｪ, ﾃｲｸｱｳﾄ) print as the full-width characters a Japanese
 * page sets, ｶﾞ as one ガ: NFKC on runs of those characters alone, so
 * full-width Latin, ①, ㈱ and the rest stay as written. */
void cp_rd_fullwidth_kana(cp_rd *r, cp_text *t)
{
	if (t->s == NULL)
		return;
	bool any = false;
	for (const char *p = t->s; *p != '\0' && !any; p = g_utf8_next_char(p))
		any = halfwidth_kana(g_utf8_get_char(p));
	if (!any)
		return;
	g_autoptr(GString) out = g_string_sized_new(strlen(t->s));
	const char *p = t->s;
	while (*p != '\0') {
		const char *q = p;
		while (*q != '\0' && halfwidth_kana(g_utf8_get_char(q)))
			q = g_utf8_next_char(q);
		if (q == p) {
			q = g_utf8_next_char(p);
			g_string_append_len(out, p, q - p);
		} else {
			g_autofree char *full = g_utf8_normalize(p, q - p, G_NORMALIZE_NFKC);
			g_string_append(out, full != NULL ? full : "");
		}
		p = q;
	}
	t->s = cp_arena_strndup(r->m->arena, out->str, out->len);
}

/* Japanese set solid: wide characters and the marks between them. */
static bool solid_char(gunichar ch)
{
	return g_unichar_iswide(ch) || (ch >= 0x3000 && ch <= 0x30FF) ||
	       (ch >= 0xFF61 && ch <= 0xFF9F);
}

/* A value written over several lines that YAML folds (`>`, or a plain or
 * quoted value going on to the next line) has each line break turned into
 * a space: between two Japanese characters that is a gap the editor never
 * typed (春の号の 特集), so, as in a member's intro, such a space is
 * dropped; between Latin words it stays. A value on one line is kept as
 * written. */
void cp_rd_unfold_solid(cp_rd *r, const cp_ynode *n, cp_text *t)
{
	if (t->s == NULL || n == NULL || n->kind != CP_YNODE_SCALAR ||
	    n->style == CP_YSTYLE_LITERAL || n->span.end_line <= n->span.line ||
	    strchr(t->s, ' ') == NULL)
		return;
	g_autoptr(GString) out = g_string_sized_new(strlen(t->s));
	gunichar prev = 0;
	for (const char *p = t->s; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar ch = g_utf8_get_char(p);
		if (ch == ' ' && solid_char(prev)) {
			const char *q = g_utf8_next_char(p);
			if (*q != '\0' && solid_char(g_utf8_get_char(q)))
				continue;
		}
		g_string_append_unichar(out, ch);
		prev = ch;
	}
	if (out->len != strlen(t->s))
		t->s = cp_arena_strndup(r->m->arena, out->str, out->len);
}

/* A text that is printed: as cp_rd_text, its half-width katakana made
 * full-width and folded line breaks between Japanese characters joined. */
bool cp_rd_print_text(cp_rd *r, const char *key, bool required, cp_text *out)
{
	bool ok = cp_rd_text(r, key, required, out);
	if (ok && out->s != NULL) {
		cp_rd_fullwidth_kana(r, out);
		cp_rd_unfold_solid(r, cp_ynode_get(r->map, key), out);
	}
	return ok;
}

/* Integers are plain decimal digits with an optional sign: a quoted "12",
 * "12.0", "0x0c" or "1e3" is refused so that nothing is guessed. Nine
 * digits at most keeps strtol far from overflow; the range check then
 * decides with a message that gives the accepted range. */
bool cp_rd_int(cp_rd *r, const char *key, bool required, int min, int max, int *out, cp_span *span)
{
	bool ok;
	const cp_ynode *n = value(r, key, required, &ok);
	if (n == NULL)
		return ok;
	if (scalar(r, key, n, "an integer") == NULL)
		return false;
	/* digits only, optionally signed: "12", not "12.0" or "0x0c" */
	const char *p = n->text;
	if (*p == '-' || *p == '+')
		p++;
	bool digits = *p != '\0' && n->style == CP_YSTYLE_PLAIN;
	for (const char *q = p; *q && digits; q++)
		digits = g_ascii_isdigit(*q);
	if (!digits) {
		cp_diag_add(r->d, CP_DIAG_WRONG_TYPE, n->span, NULL,
		            "%s must be an integer, not '%s'", cp_rd_label(r, key), n->text);
		return false;
	}
	/* an integer, but more than nine digits (leading zeros aside): past
	 * every range canpress has, said as too large or too small with the
	 * limit, never as "not an integer" */
	while (p[0] == '0' && p[1] != '\0')
		p++;
	if (strlen(p) > 9) {
		bool neg = n->text[0] == '-';
		g_autofree char *shown =
		    strlen(n->text) > 40
		        ? g_strdup_printf("%.20s... (%zu digits)", n->text, strlen(p))
		        : g_strdup(n->text);
		if (neg)
			cp_diag_add(r->d, CP_DIAG_BAD_VALUE, n->span, NULL,
			            "%s is too small: %s (the smallest allowed is %d)",
			            cp_rd_label(r, key), shown, min);
		else
			cp_diag_add(r->d, CP_DIAG_BAD_VALUE, n->span, NULL,
			            "%s is too large: %s (the largest allowed is %d)",
			            cp_rd_label(r, key), shown, max);
		return false;
	}
	long v = strtol(n->text, NULL, 10);
	if (v < min || v > max) {
		if (max == G_MAXINT)
			cp_diag_add(r->d, CP_DIAG_BAD_VALUE, n->span, NULL,
			            "%s must be at least %d, not %ld", cp_rd_label(r, key), min, v);
		else
			cp_diag_add(r->d, CP_DIAG_BAD_VALUE, n->span, NULL,
			            "%s must be from %d to %d, not %ld", cp_rd_label(r, key), min,
			            max, v);
		return false;
	}
	*out = (int)v;
	if (span != NULL)
		*span = n->span;
	return true;
}

/* Lengths (units.c does the parsing). Three messages, from most to least
 * specific: a bare number ("needs a unit"), zw where the page cannot depend
 * on the type size, anything else ("must be a length like ..."). */
bool cp_rd_parse_length(cp_rd *r, const char *key, const cp_ynode *n, bool zw_ok, cp_length *out)
{
	if (scalar(r, key, n, "a length") == NULL)
		return false;
	cp_length len;
	if (!cp_unit_parse(n->text, &len)) {
		/* a bare number is the commonest mistake: say so */
		char *end = NULL;
		double v = g_ascii_strtod(n->text, &end);
		bool bare = end != n->text && end != NULL && *end == '\0' && v != 0;
		if (bare)
			cp_diag_add(r->d, CP_DIAG_BAD_UNIT, n->span,
			            zw_ok ? UNIT_HINT : UNIT_HINT_NO_ZW, "%s needs a unit: '%s'",
			            cp_rd_label(r, key), n->text);
		else
			cp_diag_add(r->d, CP_DIAG_BAD_UNIT, n->span,
			            zw_ok ? UNIT_HINT : UNIT_HINT_NO_ZW,
			            "%s must be a length like 12mm, 9pt, 13Q, 22H or 2zw, not '%s'",
			            cp_rd_label(r, key), n->text);
		return false;
	}
	if (!zw_ok && len.unit == CP_UNIT_ZW) {
		cp_diag_add(r->d, CP_DIAG_BAD_UNIT, n->span, UNIT_HINT_NO_ZW,
		            "%s cannot be in zw: the page does not depend on the type size",
		            cp_rd_label(r, key));
		return false;
	}
	*out = len;
	return true;
}

/* A length field; on success the dim is marked set with its span. */
bool cp_rd_length(cp_rd *r, const char *key, bool zw_ok, cp_dim *out)
{
	bool ok;
	const cp_ynode *n = value(r, key, false, &ok);
	if (n == NULL)
		return ok;
	cp_length len;
	if (!cp_rd_parse_length(r, key, n, zw_ok, &len))
		return false;
	out->len = len;
	out->span = n->span;
	out->set = true;
	return true;
}

/* "a or b", "one of a, b, c": the accepted values, for messages. */
/* Caller frees. Two names read "a or b"; more read "one of a, b, c". */
static char *choices(const char *const *names, int count)
{
	GString *s = g_string_new(count > 2 ? "one of " : "");
	for (int i = 0; i < count; i++) {
		if (i > 0)
			g_string_append(s, count == 2 ? " or " : ", ");
		g_string_append(s, names[i]);
	}
	return g_string_free(s, FALSE);
}

/* An enum by its YAML spelling, exact and case-sensitive. A near miss gets
 * "did you mean" (cp_diag_nearest decides how near is near enough). */
bool cp_rd_enum(cp_rd *r, const char *key, const char *const *names, int count, int *out,
                cp_span *span)
{
	bool ok;
	const cp_ynode *n = value(r, key, false, &ok);
	if (n == NULL)
		return ok;
	g_autofree char *accepted = choices(names, count);
	if (scalar(r, key, n, accepted) == NULL)
		return false;
	for (int i = 0; i < count; i++) {
		if (strcmp(n->text, names[i]) == 0) {
			*out = i;
			if (span != NULL)
				*span = n->span;
			return true;
		}
	}
	/* names is not NULL-terminated: copy for cp_diag_nearest */
	g_autofree const char **list = g_new0(const char *, (size_t)count + 1);
	for (int i = 0; i < count; i++)
		list[i] = names[i];
	const char *near = cp_diag_nearest(n->text, list);
	g_autofree char *hint = cp_diag_hint_nearest(near);
	cp_diag_add(r->d, CP_DIAG_BAD_VALUE, n->span, hint, "%s must be %s, not '%s'",
	            cp_rd_label(r, key), accepted, n->text);
	return false;
}

/* Colours (color.c parses). The commonest mistake is an unquoted cmyk()
 * inside a flow mapping, where YAML splits it at the commas; it gets its
 * own hint because the message alone ('cmyk(0') would puzzle anyone. */
bool cp_rd_color(cp_rd *r, const char *key, cp_color *out)
{
	bool ok;
	const cp_ynode *n = value(r, key, false, &ok);
	if (n == NULL)
		return ok;
	if (scalar(r, key, n, "a colour") == NULL)
		return false;
	if (!cp_color_parse(n->text, out)) {
		/* inside { } a comma ends a plain value: "cmyk(0" is that mistake */
		bool cut = strncmp(n->text, "cmyk(", 5) == 0 && strchr(n->text, ')') == NULL;
		cp_diag_add(
		    r->d, CP_DIAG_BAD_COLOR, n->span,
		    cut ? "inside { } a comma ends the value: quote it, \"cmyk(0, 90, 85, 0)\""
		        : "write cmyk(0, 90, 85, 0) (percent ink), #rrggbb, black or white",
		    "%s is not a colour: '%s'", cp_rd_label(r, key), n->text);
		return false;
	}
	return true;
}

/* Booleans are plain true or false only. YAML 1.1's yes/no/on/off are
 * refused: "hanging: no" reading as false is a trap we need not set. */
bool cp_rd_bool(cp_rd *r, const char *key, bool *out)
{
	bool ok;
	const cp_ynode *n = value(r, key, false, &ok);
	if (n == NULL)
		return ok;
	if (scalar(r, key, n, "true or false") == NULL)
		return false;
	if (n->style == CP_YSTYLE_PLAIN && strcmp(n->text, "true") == 0) {
		*out = true;
		return true;
	}
	if (n->style == CP_YSTYLE_PLAIN && strcmp(n->text, "false") == 0) {
		*out = false;
		return true;
	}
	cp_diag_add(r->d, CP_DIAG_BAD_VALUE, n->span, NULL, "%s must be true or false, not '%s'",
	            cp_rd_label(r, key), n->text);
	return false;
}

/* Dates are exactly YYYY-MM-DD (libyaml hands them over as plain scalars;
 * there is no timestamp type to rely on). The shape is checked first, then
 * the calendar (GDate knows leap years), each with its own message. */
bool cp_rd_date(cp_rd *r, const char *key, bool required, cp_date *out)
{
	bool ok;
	const cp_ynode *n = value(r, key, required, &ok);
	if (n == NULL)
		return ok;
	if (scalar(r, key, n, "a date written YYYY-MM-DD") == NULL)
		return false;
	/* exactly four, two and two digits with hyphens */
	const char *t = n->text;
	bool shape = n->len == 10 && t[4] == '-' && t[7] == '-';
	for (size_t i = 0; i < 10 && shape; i++)
		shape = (i == 4 || i == 7) || g_ascii_isdigit(t[i]);
	if (!shape) {
		cp_diag_add(r->d, CP_DIAG_BAD_DATE, n->span, NULL,
		            "%s must be a date written YYYY-MM-DD, not '%s'", cp_rd_label(r, key),
		            t);
		return false;
	}
	int y = atoi(t);
	int mo = atoi(t + 5);
	int dd = atoi(t + 8);
	if (y < 1 || mo < 1 || mo > 12 || dd < 1 ||
	    !g_date_valid_dmy((GDateDay)dd, (GDateMonth)mo, (GDateYear)y)) {
		cp_diag_add(r->d, CP_DIAG_BAD_DATE, n->span, NULL,
		            "%s is not a day in the calendar: '%s'", cp_rd_label(r, key), t);
		return false;
	}
	out->year = y;
	out->month = mo;
	out->day = dd;
	out->span = n->span;
	return true;
}

/* A nested mapping: NULL when absent, or after WRONG_TYPE. */
const cp_ynode *cp_rd_map(cp_rd *r, const char *key, bool required)
{
	bool ok;
	const cp_ynode *n = value(r, key, required, &ok);
	if (n == NULL)
		return NULL;
	if (n->kind != CP_YNODE_MAP) {
		cp_rd_wrong_type(r, key, n, "a mapping");
		return NULL;
	}
	return n;
}
