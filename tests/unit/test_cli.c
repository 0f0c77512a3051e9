/* test_cli.c - the command line's pure helpers (src/cli/options.c): page
 * lists and the pages of a spread in binding order. The commands
 * themselves are run by tests/cli/run.py. */
#include "cli/cli.h"
#include "render/render.h"

#define NONE CP_RENDER_NO_PAGE

/* Parses spec for an issue of n pages; returns the indexes as a string
 * "1 2 3" (0-based) or "error". */
static char *pages(const char *spec, size_t n)
{
	g_autoptr(GArray) out = g_array_new(FALSE, FALSE, sizeof(size_t));
	g_autoptr(GError) err = NULL;
	if (!cp_cli_pages_parse(spec, n, out, &err)) {
		g_assert_nonnull(err);
		return g_strdup("error");
	}
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < out->len; i++)
		g_string_append_printf(s, "%s%zu", i ? " " : "", g_array_index(out, size_t, i));
	return g_string_free(s, FALSE);
}

static void check_pages(const char *spec, size_t n, const char *want)
{
	g_autofree char *got = pages(spec, n);
	g_assert_cmpstr(got, ==, want);
}

static void test_pages(void)
{
	check_pages(NULL, 4, "0 1 2 3");
	check_pages("", 3, "0 1 2");
	check_pages("3", 24, "2");
	check_pages("2-5", 24, "1 2 3 4");
	check_pages("1,4-6", 24, "0 3 4 5");
	check_pages("5,2-3,3", 24, "4 1 2"); /* order kept, each page once */
	check_pages("24", 24, "23");
	check_pages("25", 24, "error");
	check_pages("0", 24, "error");
	check_pages("5-2", 24, "error");
	check_pages("2-", 24, "error");
	check_pages("a", 24, "error");
	check_pages("1,,2", 24, "error");
	check_pages("3 ", 24, "error");
	check_pages("99999999999999999999999", 24, "error");
}

static void check_spread(size_t page, size_t n, bool right, size_t left_want, size_t right_want)
{
	size_t l = 0;
	size_t r = 0;
	cp_cli_spread_of(page, n, right, &l, &r);
	g_assert_cmpuint(l, ==, left_want);
	g_assert_cmpuint(r, ==, right_want);
}

static void test_spread_left_bound(void)
{
	/* page 1 is a recto: alone on the right; then 2|3, 4|5 */
	check_spread(0, 8, false, NONE, 0);
	check_spread(1, 8, false, 1, 2);
	check_spread(2, 8, false, 1, 2);
	check_spread(3, 8, false, 3, 4);
	/* an even count: the last page (back cover) stands alone on the left */
	check_spread(7, 8, false, 7, NONE);
	check_spread(6, 7, false, 5, 6);
}

static void test_spread_right_bound(void)
{
	/* reading right to left: page 1 alone on the left, then 3|2, 5|4 */
	check_spread(0, 8, true, 0, NONE);
	check_spread(1, 8, true, 2, 1);
	check_spread(2, 8, true, 2, 1);
	check_spread(4, 8, true, 4, 3);
	check_spread(7, 8, true, NONE, 7);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cli/pages", test_pages);
	g_test_add_func("/cli/spread/left-bound", test_spread_left_bound);
	g_test_add_func("/cli/spread/right-bound", test_spread_right_bound);
	return g_test_run();
}
