/* diag.c - the diagnostic sink and its one printer.
 * Knows nothing of YAML, Pango or Cairo: stages hand it spans and text. */
#include "base/diag.h"

#include <string.h>

#include <glib/gi18n-lib.h>

struct cp_diags {
	GPtrArray *files; /* char *, index 0 is "" */
	GPtrArray *items; /* cp_diag *, each its own allocation: a diagnostic never moves */
	bool werror;
	bool sorted;
};

static const struct {
	cp_severity sev;
	const char *name;
} code_table[] = {
#define X(name, sev, text) {sev, text},
#include "base/diag_codes.def"
#undef X
};
_Static_assert(sizeof code_table / sizeof code_table[0] == CP_DIAG_CODE_COUNT,
               "diag code table out of step");

/* English names (JSON, codes); the text printer translates them. */
static const char *const severity_names[] = {N_("note"), N_("warning"), N_("error"),
                                             N_("fatal error")};
_Static_assert(sizeof severity_names / sizeof severity_names[0] == CP_SEVERITY_COUNT,
               "severity names out of step");

static void diag_free(gpointer p)
{
	cp_diag *diag = p;
	g_free(diag->msg);
	g_free(diag->hint);
	g_free(diag->note);
	g_free(diag);
}

cp_diags *cp_diags_new(void)
{
	cp_diags *d = g_new0(cp_diags, 1);
	d->files = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(d->files, g_strdup(""));
	d->items = g_ptr_array_new_with_free_func(diag_free);
	return d;
}

void cp_diags_free(cp_diags *d)
{
	if (d == NULL)
		return;
	g_ptr_array_unref(d->files);
	g_ptr_array_unref(d->items);
	g_free(d);
}

uint32_t cp_diags_add_file(cp_diags *d, const char *path)
{
	for (guint i = 1; i < d->files->len; i++)
		if (strcmp(g_ptr_array_index(d->files, i), path) == 0)
			return i;
	g_ptr_array_add(d->files, g_strdup(path));
	return d->files->len - 1;
}

const char *cp_diags_file_name(const cp_diags *d, uint32_t i)
{
	if (i >= d->files->len)
		return "";
	return g_ptr_array_index(d->files, i);
}

void cp_diags_set_werror(cp_diags *d, bool werror)
{
	d->werror = werror;
}

cp_diag *cp_diag_add(cp_diags *d, cp_diag_code code, cp_span span, const char *hint,
                     const char *fmt, ...)
{
	g_assert(code < CP_DIAG_CODE_COUNT);
	cp_diag diag = {0};
	va_list ap;
	va_start(ap, fmt);
	/* messages and hints are translated here, once for every stage
	 * (po/canpress.pot extracts cp_diag_add's format and hint) */
	diag.msg = g_strdup_vprintf(g_dgettext(GETTEXT_PACKAGE, fmt), ap);
	va_end(ap);
	diag.code = code;
	diag.sev = code_table[code].sev;
	diag.span = span;
	diag.hint = hint != NULL ? g_strdup(g_dgettext(GETTEXT_PACKAGE, hint)) : NULL;
	diag.seq = d->items->len;
	/* its own allocation, so the pointer returned stays valid while more
	 * diagnostics are added and when the sink is sorted */
	cp_diag *stored = g_memdup2(&diag, sizeof diag);
	g_ptr_array_add(d->items, stored);
	d->sorted = false;
	return stored;
}

void cp_diag_set_note(cp_diag *diag, cp_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_free(diag->note);
	diag->note = g_strdup_vprintf(g_dgettext(GETTEXT_PACKAGE, fmt), ap);
	va_end(ap);
	diag->note_span = span;
}

size_t cp_diags_count(const cp_diags *d, cp_severity sev)
{
	size_t n = 0;
	for (guint i = 0; i < d->items->len; i++)
		if (((const cp_diag *)g_ptr_array_index(d->items, i))->sev == sev)
			n++;
	return n;
}

size_t cp_diags_len(const cp_diags *d)
{
	return d->items->len;
}

const cp_diag *cp_diags_get(const cp_diags *d, size_t i)
{
	g_assert(i < d->items->len);
	return g_ptr_array_index(d->items, i);
}

bool cp_diags_has_errors(const cp_diags *d)
{
	return cp_diags_count(d, CP_ERROR) + cp_diags_count(d, CP_FATAL) > 0;
}

bool cp_diags_has_fatal(const cp_diags *d)
{
	return cp_diags_count(d, CP_FATAL) > 0;
}

bool cp_diags_failed(const cp_diags *d)
{
	return cp_diags_has_errors(d) || (d->werror && cp_diags_count(d, CP_WARNING) > 0);
}

const char *cp_diag_code_name(cp_diag_code code)
{
	g_assert(code < CP_DIAG_CODE_COUNT);
	return code_table[code].name;
}

const char *cp_severity_name(cp_severity sev)
{
	g_assert(sev < CP_SEVERITY_COUNT);
	return severity_names[sev];
}

/* Sorting needs the file names, so the comparison takes the sink as data. */
static gint compare_diag(gconstpointer a, gconstpointer b, gpointer data)
{
	const cp_diags *d = data;
	const cp_diag *x = *(const cp_diag *const *)a;
	const cp_diag *y = *(const cp_diag *const *)b;
	int c = strcmp(cp_diags_file_name(d, x->span.file), cp_diags_file_name(d, y->span.file));
	if (c != 0)
		return c;
	if (x->span.line != y->span.line)
		return x->span.line < y->span.line ? -1 : 1;
	if (x->span.col != y->span.col)
		return x->span.col < y->span.col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void cp_diags_sort(cp_diags *d)
{
	if (d->sorted)
		return;
	/* seq makes the order total, so stability does not matter */
	g_ptr_array_sort_with_data(d->items, compare_diag, d);
	d->sorted = true;
}

static cp_severity effective_sev(const cp_diags *d, const cp_diag *diag)
{
	if (d->werror && diag->sev == CP_WARNING)
		return CP_ERROR;
	return diag->sev;
}

/* Writes s with control characters shown, not obeyed: a key or file name
 * from a hostile file must not send escape sequences to the terminal.
 * C0 controls and DEL become \xNN, C1 controls (U+0080..U+009F) \u00NN,
 * and bytes that are not UTF-8 (a file name in another encoding) \xNN. */
static void put_visible(const char *s, FILE *f)
{
	const char *p = s;
	const char *end = s + strlen(s);
	while (p < end) {
		gunichar ch = g_utf8_get_char_validated(p, (gssize)(end - p));
		if (ch == (gunichar)-1 || ch == (gunichar)-2) {
			fprintf(f, "\\x%02x", (unsigned char)*p);
			p++;
			continue;
		}
		const char *next = g_utf8_next_char(p);
		if (ch < 0x20 || ch == 0x7f)
			fprintf(f, "\\x%02x", (unsigned)ch);
		else if (ch >= 0x80 && ch <= 0x9f)
			fprintf(f, "\\u%04x", (unsigned)ch);
		else
			fwrite(p, 1, (size_t)(next - p), f);
		p = next;
	}
}

static void print_place(const cp_diags *d, cp_span span, FILE *f)
{
	const char *name = cp_diags_file_name(d, span.file);
	if (*name == '\0') {
		fputs("canpress: ", f);
		return;
	}
	put_visible(name, f);
	if (span.line == 0)
		fputs(": ", f);
	else
		fprintf(f, ":%u:%u: ", span.line, span.col);
}

size_t cp_diags_print(cp_diags *d, FILE *f)
{
	size_t errors = 0;
	size_t printed = 0;
	cp_diags_sort(d);
	for (guint i = 0; i < d->items->len; i++) {
		const cp_diag *diag = g_ptr_array_index(d->items, i);
		cp_severity sev = effective_sev(d, diag);
		if (sev >= CP_ERROR && ++errors > CP_DIAG_MAX_ERRORS) {
			fprintf(f, _("canpress: too many errors; stopping after %d\n"),
			        CP_DIAG_MAX_ERRORS);
			break;
		}
		print_place(d, diag->span, f);
		fprintf(f, "%s: ", _(cp_severity_name(sev)));
		put_visible(diag->msg, f);
		fprintf(f, " [%s]\n", cp_diag_code_name(diag->code));
		if (diag->hint != NULL) {
			fputs(_("  hint: "), f);
			put_visible(diag->hint, f);
			fputc('\n', f);
		}
		if (diag->note != NULL) {
			print_place(d, diag->note_span, f);
			fputs(_("note: "), f);
			put_visible(diag->note, f);
			fputc('\n', f);
		}
		printed++;
	}
	fflush(f);
	return printed;
}

static void json_string(FILE *f, const char *s)
{
	if (s == NULL) {
		fputs("null", f);
		return;
	}
	/* JSON is UTF-8: bytes that are not (a file name in another
	 * encoding) become U+FFFD */
	g_autofree char *valid = g_utf8_make_valid(s, -1);
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)valid; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void cp_diags_print_json(cp_diags *d, FILE *f)
{
	cp_diags_sort(d);
	fputs("[", f);
	for (guint i = 0; i < d->items->len; i++) {
		const cp_diag *diag = g_ptr_array_index(d->items, i);
		fputs(i ? ",\n {" : "\n {", f);
		fputs("\"file\": ", f);
		json_string(f, cp_diags_file_name(d, diag->span.file));
		fprintf(f, ", \"line\": %u, \"col\": %u, \"severity\": ", diag->span.line,
		        diag->span.col);
		json_string(f, cp_severity_name(effective_sev(d, diag)));
		fputs(", \"code\": ", f);
		json_string(f, cp_diag_code_name(diag->code));
		fputs(", \"message\": ", f);
		json_string(f, diag->msg);
		fputs(", \"hint\": ", f);
		json_string(f, diag->hint);
		fputs("}", f);
	}
	fputs(d->items->len ? "\n]\n" : "]\n", f);
	fflush(f);
}

/* Levenshtein distance over bytes; keys are ASCII. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a);
	size_t lb = strlen(b);
	if (la > 64 || lb > 64)
		return SIZE_MAX;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = prev + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

const char *cp_diag_nearest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX;
	for (size_t i = 0; candidates[i] != NULL; i++) {
		size_t dist = edit_distance(word, candidates[i]);
		if (dist < best_d) {
			best_d = dist;
			best = candidates[i];
		}
	}
	/* A hint is useful when at most a third of the word is wrong. */
	size_t len = strlen(word);
	size_t limit = len < 4 ? 1 : (len + 2) / 3;
	return best_d <= limit ? best : NULL;
}

/* The format is translated before the name goes in: a hint formatted first
 * could never be found in the catalogue. */
char *cp_diag_hint_nearest(const char *near)
{
	if (near == NULL)
		return NULL;
	return g_strdup_printf(_("did you mean '%s'?"), near);
}
