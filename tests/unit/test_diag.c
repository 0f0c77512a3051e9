/* test_diag.c - the diagnostic sink: files, severities from codes, werror,
 * sorting, the one printer's exact format, the error cap, JSON, and the
 * nearest-name hints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "base/diag.h"

/* What the printer writes, as a string. */
static char *print_to_string(cp_diags *d, size_t *printed, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (json)
		cp_diags_print_json(d, f);
	else if (printed)
		*printed = cp_diags_print(d, f);
	else
		cp_diags_print(d, f);
	fclose(f);
	char *out = g_strdup(buf);
	free(buf);
	return out;
}

static void test_files(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	uint32_t a = cp_diags_add_file(d, "issue.yaml");
	uint32_t b = cp_diags_add_file(d, "members/a.yaml");
	g_assert_cmpuint(a, ==, 1);
	g_assert_cmpuint(b, ==, 2);
	g_assert_cmpuint(cp_diags_add_file(d, "issue.yaml"), ==, 1);
	g_assert_cmpstr(cp_diags_file_name(d, 2), ==, "members/a.yaml");
	g_assert_cmpstr(cp_diags_file_name(d, 0), ==, "");
	g_assert_cmpstr(cp_diags_file_name(d, 99), ==, "");
}

static void test_severity_and_werror(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_assert_false(cp_diags_failed(d));
	uint32_t f = cp_diags_add_file(d, "issue.yaml");
	cp_diag *w = cp_diag_add(d, CP_DIAG_NO_KANA, cp_span_at(f, 2, 3), NULL, "no %s", "kana");
	g_assert_cmpint(w->sev, ==, CP_WARNING);
	g_assert_cmpstr(w->msg, ==, "no kana");
	g_assert_false(cp_diags_has_errors(d));
	g_assert_false(cp_diags_failed(d));
	cp_diags_set_werror(d, true);
	g_assert_true(cp_diags_failed(d));
	g_assert_false(cp_diags_has_errors(d));
	g_autofree char *out = print_to_string(d, NULL, false);
	g_assert_cmpstr(out, ==, "issue.yaml:2:3: error: no kana [no-kana]\n");
	cp_diags_set_werror(d, false);
	cp_diag_add(d, CP_DIAG_IO, CP_SPAN_NONE, NULL, "disk");
	g_assert_true(cp_diags_has_fatal(d));
	g_assert_true(cp_diags_has_errors(d));
	g_assert_cmpuint(cp_diags_count(d, CP_FATAL), ==, 1);
	g_assert_cmpuint(cp_diags_count(d, CP_WARNING), ==, 1);
	g_assert_cmpuint(cp_diags_len(d), ==, 2);
	g_assert_cmpstr(cp_diag_code_name(CP_DIAG_UNKNOWN_KEY), ==, "unknown-key");
	g_assert_cmpstr(cp_diag_code_name(CP_DIAG_NO_KANA), ==, "no-kana");
	g_assert_cmpstr(cp_severity_name(CP_FATAL), ==, "fatal error");
}

static void test_print_sorted(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	uint32_t m = cp_diags_add_file(d, "members/sakura.yaml");
	uint32_t i = cp_diags_add_file(d, "issue.yaml");
	cp_diag_add(d, CP_DIAG_UNKNOWN_KEY, cp_span_at(m, 4, 1), "did you mean 'company'?",
	            "unknown key '%s' in member", "compnay");
	cp_diag *dup = cp_diag_add(d, CP_DIAG_DUPLICATE_KEY, cp_span_at(i, 9, 5), NULL,
	                           "duplicate key 'title'");
	cp_diag_set_note(dup, cp_span_at(i, 4, 5), "'title' is first written here");
	cp_diag_add(d, CP_DIAG_BAD_DATE, cp_span_at(i, 3, 7), NULL,
	            "'date' must be a date written YYYY-MM-DD, not '2026/12/01'");
	cp_diag_add(d, CP_DIAG_BAD_VALUE, cp_span_at(i, 3, 2), NULL, "first on line 3");
	cp_diag_add(d, CP_DIAG_LIMIT, cp_span_at(i, 0, 0), NULL, "too big");
	cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write");
	size_t n = 0;
	g_autofree char *out = print_to_string(d, &n, false);
	g_assert_cmpuint(n, ==, 6);
	g_assert_cmpstr(out, ==,
	                "canpress: fatal error: cannot write [output]\n"
	                "issue.yaml: error: too big [limit]\n"
	                "issue.yaml:3:2: error: first on line 3 [bad-value]\n"
	                "issue.yaml:3:7: error: 'date' must be a date written YYYY-MM-DD, not "
	                "'2026/12/01' [bad-date]\n"
	                "issue.yaml:9:5: error: duplicate key 'title' [duplicate-key]\n"
	                "issue.yaml:4:5: note: 'title' is first written here\n"
	                "members/sakura.yaml:4:1: error: unknown key 'compnay' in member "
	                "[unknown-key]\n"
	                "  hint: did you mean 'company'?\n");
}

/* Same place: the order of arrival decides. */
static void test_stable(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	uint32_t f = cp_diags_add_file(d, "a.yaml");
	for (int k = 0; k < 30; k++)
		cp_diag_add(d, CP_DIAG_BAD_VALUE, cp_span_at(f, 1, 1), NULL, "n%02d", k);
	cp_diags_sort(d);
	for (int k = 0; k < 30; k++) {
		g_autofree char *want = g_strdup_printf("n%02d", k);
		g_assert_cmpstr(cp_diags_get(d, (size_t)k)->msg, ==, want);
	}
}

static void test_cap(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	uint32_t f = cp_diags_add_file(d, "a.yaml");
	for (uint32_t k = 1; k <= 60; k++)
		cp_diag_add(d, CP_DIAG_BAD_VALUE, cp_span_at(f, k, 1), NULL, "e");
	size_t n = 0;
	g_autofree char *out = print_to_string(d, &n, false);
	g_assert_cmpuint(n, ==, CP_DIAG_MAX_ERRORS);
	g_assert_true(g_str_has_suffix(out, "canpress: too many errors; stopping after 50\n"));
}

static void test_json(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autofree char *empty = print_to_string(d, NULL, true);
	g_assert_cmpstr(empty, ==, "[]\n");
	uint32_t f = cp_diags_add_file(d, "a \"b\".yaml");
	cp_diag_add(d, CP_DIAG_BAD_VALUE, cp_span_at(f, 2, 3), "tab\there", "line\nbreak");
	g_autofree char *out = print_to_string(d, NULL, true);
	g_assert_cmpstr(out, ==,
	                "[\n {\"file\": \"a \\\"b\\\".yaml\", \"line\": 2, \"col\": 3, "
	                "\"severity\": \"error\", \"code\": \"bad-value\", \"message\": "
	                "\"line\\nbreak\", \"hint\": \"tab\\there\"}\n]\n");
}

/* Hostile text in messages and file names: controls are shown, not sent
 * to the terminal; bytes that are not UTF-8 are shown as \xNN, and the JSON
 * stays valid UTF-8. */
static void test_hostile_text(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	uint32_t f = cp_diags_add_file(d, "m\xff.yaml");
	cp_diag_add(d, CP_DIAG_UNKNOWN_KEY, cp_span_at(f, 1, 1), "x\x1b[2J",
	            "unknown key '\x1b]0;t\x07\xc2\x9b'");
	g_autofree char *out = print_to_string(d, NULL, false);
	g_assert_cmpstr(
	    out, ==,
	    "m\\xff.yaml:1:1: error: unknown key '\\x1b]0;t\\x07\\u009b' [unknown-key]\n"
	    "  hint: x\\x1b[2J\n");
	g_autofree char *json = print_to_string(d, NULL, true);
	g_assert_true(g_utf8_validate(json, -1, NULL));
	g_assert_nonnull(strstr(json, "\"file\": \"m\xef\xbf\xbd.yaml\""));
	g_assert_nonnull(strstr(json, "\\u001b]0;t\\u0007"));
}

static void test_nearest(void)
{
	const char *const keys[] = {"company", "company_kana", "catch", "intro", "tel", NULL};
	g_assert_cmpstr(cp_diag_nearest("compnay", keys), ==, "company");
	g_assert_cmpstr(cp_diag_nearest("company_kan", keys), ==, "company_kana");
	g_assert_cmpstr(cp_diag_nearest("intor", keys), ==, "intro");
	g_assert_cmpstr(cp_diag_nearest("tell", keys), ==, "tel");
	g_assert_null(cp_diag_nearest("photo", keys));
	g_assert_null(cp_diag_nearest("x", keys));
	const char *const none[] = {NULL};
	g_assert_null(cp_diag_nearest("a", none));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/diag/files", test_files);
	g_test_add_func("/diag/severity-and-werror", test_severity_and_werror);
	g_test_add_func("/diag/print-sorted", test_print_sorted);
	g_test_add_func("/diag/stable", test_stable);
	g_test_add_func("/diag/cap", test_cap);
	g_test_add_func("/diag/json", test_json);
	g_test_add_func("/diag/nearest", test_nearest);
	g_test_add_func("/diag/hostile-text", test_hostile_text);
	return g_test_run();
}
