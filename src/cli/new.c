/* new.c - `canpress new DIR`: a new issue folder from the template, ready
 * to build: issue.yaml, one article and two members.
 *
 * The template is the folder templates/issue/ in canpress's data folder
 * (the source tree when uninstalled, <datadir>/canpress/templates when
 * installed; see paths.c). Its files are copied as they are, except that
 * "@DATE@" in issue.yaml becomes today's date. DIR must not exist or must
 * be empty: new never writes over an editor's files. Each file is written
 * through a temporary file and renamed (base/files.h), so an interrupted
 * run leaves whole files only. */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/files.h"

/* The template's files are small text; more is not a template. */
#define MAX_TEMPLATE_FILE (1024 * 1024)
/* Nesting of the template folder (issue/articles/x.yaml is 2). */
#define MAX_TEMPLATE_DEPTH 4

/* True when path does not exist or is an empty folder. */
static bool usable_target(const char *path)
{
	if (!g_file_test(path, G_FILE_TEST_EXISTS))
		return true;
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	return dir != NULL && g_dir_read_name(dir) == NULL;
}

/* Copies the file src to dst, replacing "@DATE@" with date. */
static bool copy_file(const char *src, const char *dst, const char *date, cp_diags *d)
{
	g_autofree char *text = NULL;
	gsize len = 0;
	g_autoptr(GError) err = NULL;
	if (!g_file_get_contents(src, &text, &len, &err) || len > MAX_TEMPLATE_FILE) {
		cp_diag_add(d, CP_DIAG_IO, CP_SPAN_NONE, NULL, "cannot read the template '%s': %s",
		            src, err != NULL ? err->message : "too large");
		return false;
	}
	g_autoptr(GString) out = g_string_new_len(text, (gssize)len);
	g_string_replace(out, "@DATE@", date, 0);
	cp_outfile o;
	if (!cp_outfile_open(&o, dst, d))
		return false;
	fwrite(out->str, 1, out->len, o.f);
	return cp_outfile_commit(&o, d);
}

/* g_ptr_array_sort hands the comparison pointers to the elements. */
static gint compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Copies the folder src into dst (made), MAX_TEMPLATE_DEPTH levels at most,
 * in name order. Returns false after a diagnostic; files already copied
 * stay (each is whole). */
static bool copy_tree(const char *src, const char *dst, const char *date, int depth, cp_diags *d)
{
	if (depth > MAX_TEMPLATE_DEPTH)
		return true;
	if (g_mkdir_with_parents(dst, 0777) != 0) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL,
		            "cannot make the folder '%s': %s", dst, g_strerror(errno));
		return false;
	}
	g_autoptr(GError) err = NULL;
	g_autoptr(GDir) dir = g_dir_open(src, 0, &err);
	if (dir == NULL) {
		cp_diag_add(d, CP_DIAG_IO, CP_SPAN_NONE,
		            "reinstall canpress, or set CANPRESS_DATADIR to its data folder",
		            "cannot read the template: %s", err->message);
		return false;
	}
	/* in name order, so runs are reproducible */
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while ((name = g_dir_read_name(dir)) != NULL)
		g_ptr_array_add(names, g_strdup(name));
	g_ptr_array_sort(names, compare_names);
	for (guint i = 0; i < names->len; i++) {
		const char *n = g_ptr_array_index(names, i);
		g_autofree char *s = g_build_filename(src, n, NULL);
		g_autofree char *t = g_build_filename(dst, n, NULL);
		bool ok = g_file_test(s, G_FILE_TEST_IS_DIR) ? copy_tree(s, t, date, depth + 1, d)
		                                             : copy_file(s, t, date, d);
		if (!ok)
			return false;
	}
	return true;
}

int cp_cli_new(int argc, char **argv)
{
	GOptionEntry entries[] = {{NULL, 0, 0, 0, NULL, NULL, NULL}};
	g_autoptr(GOptionContext) ctx = cp_cli_context_new(
	    _("DIR - a new issue folder from the template"),
	    N_("Makes the folder DIR with issue.yaml, one article (articles/) and two "
	       "members (members/), ready to build. DIR must not exist or must be empty."),
	    entries);
	int st = cp_cli_parse_operands(ctx, "new", &argc, &argv, 1, _("one folder name"));
	if (st >= 0)
		return st;
	const char *target = argv[1];
	if (!usable_target(target)) {
		fprintf(stderr,
		        _("canpress new: '%s' already exists and is not an empty folder; "
		          "nothing written\n"),
		        target);
		return CP_EXIT_INPUT;
	}

	/* today's date for issue.yaml, then the copy */
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree char *date = g_date_time_format(now, "%Y-%m-%d");
	g_autofree char *data = cp_cli_data_dir();
	g_autofree char *tmpl = g_build_filename(data, "templates", "issue", NULL);
	g_autoptr(cp_diags) d = cp_diags_new();
	bool ok = copy_tree(tmpl, target, date, 0, d);
	cp_diags_print(d, stderr);
	if (!ok)
		return cp_cli_exit_status(d) == CP_EXIT_OK ? CP_EXIT_SYSTEM : cp_cli_exit_status(d);
	g_autofree char *issue = g_build_filename(target, "issue.yaml", NULL);
	fprintf(stderr, _("canpress: made %s\n  next: canpress build %s\n"), target, issue);
	return CP_EXIT_OK;
}
