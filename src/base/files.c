/* files.c - path resolution and atomic output files. */
#include "base/files.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

char *cp_path_clean(const char *path)
{
	gboolean absolute = g_path_is_absolute(path);
	g_auto(GStrv) parts = g_strsplit(path, G_DIR_SEPARATOR_S, -1);
	GPtrArray *out = g_ptr_array_new();
	for (size_t i = 0; parts[i] != NULL; i++) {
		const char *p = parts[i];
		if (*p == '\0' || strcmp(p, ".") == 0)
			continue;
		if (strcmp(p, "..") == 0 && out->len > 0 &&
		    strcmp(g_ptr_array_index(out, out->len - 1), "..") != 0) {
			g_ptr_array_remove_index(out, out->len - 1);
			continue;
		}
		if (strcmp(p, "..") == 0 && absolute)
			continue; /* "/.." is "/" */
		g_ptr_array_add(out, (gpointer)p);
	}
	g_ptr_array_add(out, NULL);
	g_autofree char *joined = g_strjoinv(G_DIR_SEPARATOR_S, (char **)out->pdata);
	g_ptr_array_free(out, TRUE);
	if (absolute)
		return g_strconcat(G_DIR_SEPARATOR_S, joined, NULL);
	if (*joined == '\0')
		return g_strdup(".");
	return g_steal_pointer(&joined);
}

char *cp_path_resolve(const char *from_file, const char *rel)
{
	if (g_path_is_absolute(rel))
		return cp_path_clean(rel);
	g_autofree char *dir = g_path_get_dirname(from_file);
	g_autofree char *joined = g_build_filename(dir, rel, NULL);
	return cp_path_clean(joined);
}

bool cp_path_escapes(const char *root, const char *path)
{
	/* compare absolute forms so "a/../../b" and "/x" are both judged */
	g_autofree char *cwd = g_get_current_dir();
	g_autofree char *r0 =
	    g_path_is_absolute(root) ? g_strdup(root) : g_build_filename(cwd, root, NULL);
	g_autofree char *p0 =
	    g_path_is_absolute(path) ? g_strdup(path) : g_build_filename(cwd, path, NULL);
	g_autofree char *r = cp_path_clean(r0);
	g_autofree char *p = cp_path_clean(p0);
	size_t n = strlen(r);
	if (strcmp(r, "/") == 0)
		return false;
	return !(strncmp(p, r, n) == 0 && (p[n] == '/' || p[n] == '\0'));
}

/* --- temporary files removed on a signal ------------------------------------ */

/* The temporary files that exist right now, for the signal handler: fixed
 * slots of plain chars, each with a busy flag set only after its path is
 * written (the handler may only call async-signal-safe functions: unlink,
 * raise, and must never see half a name). */
#define TMP_SLOTS 8
#define TMP_PATH_MAX 4096
static char tmp_slots[TMP_SLOTS][TMP_PATH_MAX];
static volatile sig_atomic_t tmp_busy[TMP_SLOTS];

void cp_tmpfile_track(const char *path)
{
	if (path == NULL || strlen(path) >= TMP_PATH_MAX)
		return;
	for (int i = 0; i < TMP_SLOTS; i++)
		if (!tmp_busy[i]) {
			memcpy(tmp_slots[i], path, strlen(path) + 1);
			atomic_signal_fence(memory_order_seq_cst);
			tmp_busy[i] = 1;
			return;
		}
}

void cp_tmpfile_untrack(const char *path)
{
	if (path == NULL)
		return;
	for (int i = 0; i < TMP_SLOTS; i++)
		if (tmp_busy[i] && strcmp(tmp_slots[i], path) == 0)
			tmp_busy[i] = 0;
}

static void on_fatal_signal(int sig)
{
	for (int i = 0; i < TMP_SLOTS; i++)
		if (tmp_busy[i])
			unlink(tmp_slots[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void cp_tmpfile_cleanup_on_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGXCPU, SIGXFSZ};
	for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_fatal_signal;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESETHAND;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* --- output files ------------------------------------------------------------- */

char *cp_outfile_target(const char *path)
{
	struct stat lst;
	if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
		char *real = realpath(path, NULL);
		if (real != NULL) {
			char *out = g_strdup(real);
			free(real);
			return out;
		}
		/* a link to a file not made yet: the name it holds */
		g_autofree char *to = g_file_read_link(path, NULL);
		if (to != NULL) {
			if (g_path_is_absolute(to))
				return g_steal_pointer(&to);
			g_autofree char *dir = g_path_get_dirname(path);
			return g_build_filename(dir, to, NULL);
		}
	}
	return g_strdup(path);
}

bool cp_outfile_open(cp_outfile *o, const char *given, cp_diags *d)
{
	memset(o, 0, sizeof *o);
	/* through a symbolic link (-o /dev/stdout, a link to a shared folder):
	 * the file it names is written, the link stays a link */
	g_autofree char *path = cp_outfile_target(given);
	g_autofree char *dir = g_path_get_dirname(path);
	g_autofree char *base = g_path_get_basename(path);
	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL,
		            "cannot write '%s': it is a folder", path);
		return false;
	}
	/* a device, FIFO or socket (-o /dev/stdout, /dev/full) is written in
	 * place: a temporary file beside it would land in /dev, and renaming it
	 * would replace the device node with a regular file */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		int dfd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (dfd < 0) {
			int e = errno;
			cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s",
			            path, g_strerror(e));
			return false;
		}
		o->f = fdopen(dfd, "wb");
		g_assert(o->f != NULL);
		o->path = g_strdup(path);
		return true; /* o->tmp stays NULL: commit renames nothing */
	}
	char *tmpl = g_strdup_printf("%s/.%s.XXXXXX.tmp", dir, base);
	int fd = g_mkstemp_full(tmpl, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		int e = errno;
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s", path,
		            g_strerror(e));
		g_free(tmpl);
		return false;
	}
	/* mkstemp gives 0600; give the file what umask allows, like fopen would */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0) {
		/* harmless: the file is still ours */
	}
	o->f = fdopen(fd, "wb");
	g_assert(o->f != NULL);
	o->tmp = tmpl;
	o->path = g_strdup(path);
	cp_tmpfile_track(tmpl);
	return true;
}

bool cp_outfile_commit(cp_outfile *o, cp_diags *d)
{
	g_assert(o->f != NULL);
	bool ok = true;
	int e = 0;
	if (ferror(o->f) || fflush(o->f) != 0) {
		e = errno ? errno : EIO;
		ok = false;
	}
	if (ok && fsync(fileno(o->f)) != 0 && errno != EINVAL && errno != EROFS) {
		e = errno;
		ok = false;
	}
	if (fclose(o->f) != 0 && ok) {
		e = errno;
		ok = false;
	}
	o->f = NULL;
	if (ok && o->tmp != NULL && g_rename(o->tmp, o->path) != 0) {
		e = errno;
		ok = false;
	}
	if (!ok) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s", o->path,
		            g_strerror(e));
		if (o->tmp != NULL)
			g_unlink(o->tmp);
	}
	cp_tmpfile_untrack(o->tmp);
	g_clear_pointer(&o->tmp, g_free);
	g_clear_pointer(&o->path, g_free);
	return ok;
}

void cp_outfile_abort(cp_outfile *o)
{
	if (o->f != NULL) {
		fclose(o->f);
		o->f = NULL;
	}
	if (o->tmp != NULL)
		g_unlink(o->tmp);
	cp_tmpfile_untrack(o->tmp);
	g_clear_pointer(&o->tmp, g_free);
	g_clear_pointer(&o->path, g_free);
}
