/* watch.c - `canpress watch ISSUE.yaml -o issue.pdf`: build, then build
 * again whenever a file the issue uses changes, until interrupted.
 *
 * What is watched: the folder of every file the last run read (the issue,
 * the layout, each article and member file, the members folder, every
 * image), with one GIO GFileMonitor per folder. Folder monitors see an
 * editor's save-by-rename and new files (a new member, a missing image that
 * appears), which file monitors would miss. An event counts when it names a
 * file of the last run, or a .yaml/.yml/.jpg/.jpeg/.png file that is not
 * hidden (a new member, an article that was missing); the output PDF and
 * its temporary files never count, so a build does not trigger itself.
 * The set of folders is taken again after every run (it only grows after a
 * run that failed to load, so a broken issue.yaml still has its files
 * watched).
 *
 * Events come in bursts (an editor writes, renames, touches): a rebuild
 * starts when no counting event came for --debounce milliseconds.
 *
 * One status line per run on standard output:
 *   12:03:41 rebuilt issue.pdf (24 pages) in 0.84 s
 *   12:03:55 failed: 2 errors (kept the last good issue.pdf)
 * followed by the run's diagnostics on standard error. The PDF is written
 * through a temporary file and renamed (render/pdf.c), so a failed run
 * leaves the last good PDF in place. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib-unix.h>

#include "render/render.h"

typedef struct watch {
	const char *issue;
	const char *output;
	gboolean bleed;
	gboolean werror;
	int debounce_ms;
	int max_builds; /* 0 = until interrupted */
	int builds;
	int last_status;
	GHashTable *files;    /* char * path (canonical) -> NULL: the last run's files */
	GHashTable *monitors; /* char * folder (canonical) -> GFileMonitor * */
	char *output_abs;     /* the output, canonical, never a trigger */
	guint timer;          /* the debounce timeout, 0 when none */
	GMainLoop *loop;
} watch;

static void run_build(watch *w);

/* --- the files of a run ------------------------------------------------------- */

static char *canonical(const char *path)
{
	return g_canonicalize_filename(path, NULL);
}

static void add_file(watch *w, const char *path)
{
	if (path != NULL && *path != '\0')
		g_hash_table_add(w->files, canonical(path));
}

static void add_input(const char *path, void *data)
{
	add_file(data, path);
}

/* Every file the run read (cp_cli_run_inputs), and the issue even when it
 * could not be read. */
static void collect_files(watch *w, const cp_cli_run *run)
{
	add_file(w, w->issue);
	cp_cli_run_inputs(run, add_input, w);
}

/* --- events ------------------------------------------------------------------- */

static bool counts(watch *w, GFile *file)
{
	if (file == NULL)
		return false;
	g_autofree char *path = g_file_get_path(file);
	if (path == NULL || strcmp(path, w->output_abs) == 0)
		return false;
	if (g_hash_table_contains(w->files, path))
		return true;
	g_autofree char *base = g_path_get_basename(path);
	if (base[0] == '.')
		return false;
	g_autofree char *lower = g_ascii_strdown(base, -1);
	return g_str_has_suffix(lower, ".yaml") || g_str_has_suffix(lower, ".yml") ||
	       g_str_has_suffix(lower, ".jpg") || g_str_has_suffix(lower, ".jpeg") ||
	       g_str_has_suffix(lower, ".png");
}

static gboolean on_quiet(gpointer data)
{
	watch *w = data;
	w->timer = 0;
	run_build(w);
	return G_SOURCE_REMOVE;
}

static void on_event(GFileMonitor *mon, GFile *file, GFile *other, GFileMonitorEvent ev,
                     gpointer data)
{
	watch *w = data;
	if (ev == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED && !counts(w, file))
		return;
	if (!counts(w, file) && !counts(w, other))
		return;
	/* restart the quiet period: the rebuild waits for the burst to end */
	if (w->timer != 0)
		g_source_remove(w->timer);
	w->timer = g_timeout_add((guint)w->debounce_ms, on_quiet, w);
}

/* Monitors the folder of every file in w->files that has none yet. */
static void update_monitors(watch *w)
{
	GHashTableIter it;
	gpointer key;
	g_hash_table_iter_init(&it, w->files);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		g_autofree char *dir = g_path_get_dirname(key);
		if (g_hash_table_contains(w->monitors, dir) ||
		    !g_file_test(dir, G_FILE_TEST_IS_DIR))
			continue;
		g_autoptr(GFile) f = g_file_new_for_path(dir);
		g_autoptr(GError) err = NULL;
		GFileMonitor *mon =
		    g_file_monitor_directory(f, G_FILE_MONITOR_WATCH_MOVES, NULL, &err);
		if (mon == NULL) {
			fprintf(stderr, _("canpress watch: cannot watch '%s': %s\n"), dir,
			        err->message);
			continue;
		}
		g_signal_connect(mon, "changed", G_CALLBACK(on_event), w);
		g_hash_table_insert(w->monitors, g_steal_pointer(&dir), mon);
	}
}

/* --- one run ---------------------------------------------------------------------- */

static void run_build(watch *w)
{
	gint64 t0 = g_get_monotonic_time();
	cp_cli_run run;
	bool ok = cp_cli_run_pipeline(&run, w->issue, CP_CLI_STAGE_DL);
	cp_diags_set_werror(run.d, w->werror);
	if (ok && !cp_diags_failed(run.d))
		ok = cp_cli_write_pdf(&run, w->output, w->bleed, &(cp_cli_press_args){.marks = -1});
	int st = cp_cli_exit_status(run.d);
	if (st == CP_EXIT_OK && !ok)
		st = CP_EXIT_SYSTEM;
	double secs = (double)(g_get_monotonic_time() - t0) / G_USEC_PER_SEC;

	/* the status line, then what the run found */
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree char *clock = g_date_time_format(now, "%H:%M:%S");
	g_autofree char *base = g_path_get_basename(w->output);
	char sbuf[G_ASCII_DTOSTR_BUF_SIZE];
	g_ascii_formatd(sbuf, sizeof sbuf, "%.2f", secs);
	if (st == CP_EXIT_OK) {
		printf(_("%s rebuilt %s (%zu pages) in %s s\n"), clock, base,
		       cp_dl_page_count(run.dl), sbuf);
	} else {
		size_t errors = cp_diags_count(run.d, CP_ERROR) + cp_diags_count(run.d, CP_FATAL);
		if (w->werror)
			errors += cp_diags_count(run.d, CP_WARNING);
		bool kept = g_file_test(w->output, G_FILE_TEST_EXISTS);
		if (kept)
			printf(_("%s failed: %zu errors (kept the last good %s)\n"), clock, errors,
			       base);
		else
			printf(_("%s failed: %zu errors (no %s written)\n"), clock, errors, base);
	}
	fflush(stdout);
	cp_diags_print(run.d, stderr);

	/* the files to watch from now on: after a run that loaded, exactly its
	 * files; after one that did not, the old ones too */
	if (run.model != NULL)
		g_hash_table_remove_all(w->files);
	collect_files(w, &run);
	update_monitors(w);
	cp_cli_run_clear(&run);

	w->last_status = st;
	w->builds++;
	if (w->max_builds > 0 && w->builds >= w->max_builds)
		g_main_loop_quit(w->loop);
}

static gboolean on_signal(gpointer data)
{
	watch *w = data;
	g_main_loop_quit(w->loop);
	return G_SOURCE_CONTINUE;
}

int cp_cli_watch(int argc, char **argv)
{
	g_autofree char *output = NULL;
	watch w = {.debounce_ms = 250};
	GOptionEntry entries[] = {
	    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
	     N_("Write the PDF to FILE (default: the issue's name with .pdf)"), N_("FILE")},
	    {"bleed", 0, 0, G_OPTION_ARG_NONE, &w.bleed,
	     N_("Make pages trim size plus the layout's bleed on every side"), NULL},
	    {"werror", 0, 0, G_OPTION_ARG_NONE, &w.werror, N_("Treat warnings as errors"), NULL},
	    {"debounce", 0, 0, G_OPTION_ARG_INT, &w.debounce_ms,
	     N_("Wait until files were quiet for MS milliseconds (default 250)"), N_("MS")},
	    {"max-builds", 0, 0, G_OPTION_ARG_INT, &w.max_builds,
	     N_("Stop after N builds, the first included, with the last build's exit "
	        "status (for scripts and tests; default: until interrupted)"),
	     N_("N")},
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx = cp_cli_context_new(
	    _("ISSUE.yaml - rebuild the PDF whenever a file of the issue changes"),
	    N_("Builds the PDF, then builds it again each time the issue, its layout, an "
	       "article, a member or an image changes, until Ctrl-C. A failed build keeps "
	       "the last good PDF."),
	    entries);
	int st = cp_cli_parse(ctx, "watch", &argc, &argv, 1);
	if (st >= 0)
		return st;
	if (w.debounce_ms < 0 || w.debounce_ms > 60000 || w.max_builds < 0) {
		fprintf(stderr, _("canpress watch: --debounce must be 0-60000 and --max-builds "
		                  "0 or more\n"));
		return CP_EXIT_USAGE;
	}
	if (!g_file_test(argv[1], G_FILE_TEST_IS_REGULAR)) {
		fprintf(stderr, _("canpress watch: cannot read '%s'\n"), argv[1]);
		return CP_EXIT_INPUT;
	}
	w.issue = argv[1];
	if (output == NULL)
		output = cp_cli_default_output(w.issue);
	w.output = output;
	w.output_abs = canonical(output);
	w.files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	w.monitors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
	w.loop = g_main_loop_new(NULL, FALSE);
	guint sig_int = g_unix_signal_add(SIGINT, on_signal, &w);
	guint sig_term = g_unix_signal_add(SIGTERM, on_signal, &w);

	/* the first build, then builds on changes until told to stop */
	run_build(&w);
	if (w.max_builds == 0 || w.builds < w.max_builds)
		g_main_loop_run(w.loop);

	if (w.timer != 0)
		g_source_remove(w.timer);
	g_source_remove(sig_int);
	g_source_remove(sig_term);
	g_hash_table_destroy(w.monitors);
	g_hash_table_destroy(w.files);
	g_main_loop_unref(w.loop);
	g_free(w.output_abs);
	/* interrupted: a clean stop; with --max-builds: the last build's status */
	return w.max_builds > 0 ? w.last_status : CP_EXIT_OK;
}
