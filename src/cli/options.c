/* options.c - what the commands share on the command line: the option
 * context (translated help, the exit statuses in every --help), page
 * ranges ("3", "2-5", "1,4-6"), the pages of a spread in binding order,
 * the terminal's size, and the message catalogue (gettext, po/).
 *
 * Nothing here runs a stage; the functions are small and pure so that
 * tests/unit/test_cli.c can pin them. */
#include "cli/cli.h"

#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cp_config.h"
#include "render/render.h"

GOptionContext *cp_cli_context_new(const char *params, const char *summary,
                                   const GOptionEntry *entries)
{
	GOptionContext *ctx = g_option_context_new(params);
	g_option_context_set_translation_domain(ctx, GETTEXT_PACKAGE);
	g_option_context_set_summary(ctx, _(summary));
	g_option_context_set_description(
	    ctx, _("Exit status: 0 ok, 1 input errors (warnings too with --werror), "
	           "2 bad usage, 3 system failure.\nSee canpress(1)."));
	g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
	return ctx;
}

int cp_cli_parse_operands(GOptionContext *ctx, const char *cmd, int *argc, char ***argv,
                          int want_args, const char *what)
{
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, argc, argv, &err)) {
		fprintf(stderr, "canpress %s: %s\n", cmd, err->message);
		return CP_EXIT_USAGE;
	}
	if (want_args >= 0 && *argc != want_args + 1) {
		if (what == NULL)
			fprintf(stderr, _("canpress %s: expected one issue file (try --help)\n"),
			        cmd);
		else
			fprintf(stderr, _("canpress %s: expected %s (try --help)\n"), cmd, what);
		return CP_EXIT_USAGE;
	}
	return -1;
}

int cp_cli_parse(GOptionContext *ctx, const char *cmd, int *argc, char ***argv, int want_args)
{
	return cp_cli_parse_operands(ctx, cmd, argc, argv, want_args, NULL);
}

/* One decimal page number in [1, n_pages] from *p, advancing it. */
static bool page_number(const char **p, size_t n_pages, size_t *out, GError **error)
{
	char *end = NULL;
	if (!g_ascii_isdigit(**p)) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
		            _("expected a page number at '%s'"), *p);
		return false;
	}
	guint64 v = g_ascii_strtoull(*p, &end, 10);
	if (v < 1 || v > n_pages) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
		            _("page %zu is not in the issue (pages 1-%zu)"),
		            (size_t)MIN(v, (guint64)SIZE_MAX), n_pages);
		return false;
	}
	*out = (size_t)v;
	*p = end;
	return true;
}

bool cp_cli_pages_parse(const char *spec, size_t n_pages, GArray *out, GError **error)
{
	g_array_set_size(out, 0);
	if (spec == NULL || *spec == '\0') {
		/* every page */
		for (size_t i = 0; i < n_pages; i++)
			g_array_append_val(out, i);
		return true;
	}
	/* a comma list of N or N-M, each page once, in the order given */
	const char *p = spec;
	g_autofree bool *seen = g_new0(bool, n_pages + 1);
	for (;;) {
		size_t a = 0;
		size_t b = 0;
		if (!page_number(&p, n_pages, &a, error))
			return false;
		b = a;
		if (*p == '-') {
			p++;
			if (!page_number(&p, n_pages, &b, error))
				return false;
			if (b < a) {
				g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
				            _("page range %zu-%zu runs backwards"), a, b);
				return false;
			}
		}
		for (size_t k = a; k <= b; k++) {
			if (seen[k])
				continue;
			seen[k] = true;
			size_t index = k - 1;
			g_array_append_val(out, index);
		}
		if (*p == '\0')
			return true;
		if (*p != ',') {
			g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			            _("unexpected '%s' in the page list (use 3, 2-5 or 1,4-6)"), p);
			return false;
		}
		p++;
	}
}

void cp_cli_spread_of(size_t page, size_t n_pages, bool right_bound, size_t *left, size_t *right)
{
	g_assert(page < n_pages);
	/* Page 1 stands alone (the cover); then 2|3, 4|5, ...; a last even page
	 * stands alone too (the back cover). The earlier page of a pair is the
	 * left one in a left-bound issue, the right one in a right-bound issue,
	 * which reads right to left. */
	if (page == 0) {
		*left = right_bound ? 0 : CP_RENDER_NO_PAGE;
		*right = right_bound ? CP_RENDER_NO_PAGE : 0;
		return;
	}
	size_t k = (page + 1) / 2;
	size_t earlier = 2 * k - 1;
	size_t later = 2 * k < n_pages ? 2 * k : CP_RENDER_NO_PAGE;
	*left = right_bound ? later : earlier;
	*right = right_bound ? earlier : later;
}

void cp_cli_term_size(int fd, int *cols, int *rows)
{
	*cols = 80;
	*rows = 24;
	struct winsize ws;
	if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
		*cols = ws.ws_col;
		*rows = ws.ws_row;
		return;
	}
	/* not a terminal (a pipe, a test): the shell's idea of the size */
	const char *c = g_getenv("COLUMNS");
	const char *r = g_getenv("LINES");
	if (c != NULL && atoi(c) > 0)
		*cols = atoi(c);
	if (r != NULL && atoi(r) > 0)
		*rows = atoi(r);
}

/* True when the running binary lives in the build folder it was built in
 * (as paths.c decides for the data folder). */
static bool uninstalled(void)
{
	g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
	size_t n = strlen(CP_BUILD_DIR);
	return exe != NULL && strncmp(exe, CP_BUILD_DIR, n) == 0 && exe[n] == '/';
}

void cp_cli_i18n_init(void)
{
	/* An editor's LANG=ja_JP.UTF-8 on a machine without that locale leaves
	 * setlocale at "C", where gettext translates nothing. Then take
	 * C.UTF-8 and ask for the language through LANGUAGE, which glibc's
	 * gettext honours whenever the locale is not "C". */
	const char *cur = setlocale(LC_MESSAGES, NULL);
	if (cur == NULL || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0) {
		const char *want = g_getenv("LC_ALL");
		if (want == NULL || *want == '\0')
			want = g_getenv("LC_MESSAGES");
		if (want == NULL || *want == '\0')
			want = g_getenv("LANG");
		if (want != NULL && strncmp(want, "ja", 2) == 0 &&
		    setlocale(LC_ALL, "C.UTF-8") != NULL &&
		    (g_getenv("LANGUAGE") == NULL || *g_getenv("LANGUAGE") == '\0'))
			g_setenv("LANGUAGE", "ja", TRUE);
	}
	g_autofree char *dir =
	    uninstalled() ? g_build_filename(CP_BUILD_DIR, "po", NULL) : g_strdup(CP_LOCALEDIR);
	bindtextdomain(GETTEXT_PACKAGE, dir);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);
}

char *cp_cli_default_output(const char *issue)
{
	g_autofree char *base = g_path_get_basename(issue);
	char *dot = strrchr(base, '.');
	if (dot != NULL)
		*dot = '\0';
	return g_strconcat(base, ".pdf", NULL);
}
