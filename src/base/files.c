/* files.c - path resolution and atomic output files. */
#include "base/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
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

int cp_file_pdf_header(const char *path, size_t *n_read)
{
	if (n_read != NULL)
		*n_read = 0;
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	char head[1024];
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	if (n_read != NULL)
		*n_read = n;
	for (size_t i = 0; i + 5 <= n; i++)
		if (memcmp(head + i, "%PDF-", 5) == 0)
			return 1;
	return 0;
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

static bool tracked(const char *path)
{
	for (int i = 0; i < TMP_SLOTS; i++)
		if (tmp_busy[i] && strcmp(tmp_slots[i], path) == 0)
			return true;
	return false;
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

/* --- temporary files beside a target -------------------------------------------

 * Every temporary file is made beside the file it becomes, created
 * exclusively (mkstemp: O_CREAT | O_EXCL, a random part), named
 *
 *     .<target's name>.<host>-<pid>-XXXXXX.tmp
 *
 * hidden (a leading dot) and never ending in ".pdf", so a run killed by
 * SIGKILL, which no handler sees, leaves at most a hidden file that does
 * not look like a PDF; two runs writing one target never share a name, and
 * the last rename wins whole. <host> (8 hex digits of the host name's hash)
 * and <pid> say whose it is: the next run on the same target removes the
 * ones whose process is gone (cp_tmpfile_sweep). Only the target's name is
 * kept in the pattern, cut to TMP_NAME_MAX bytes so the whole stays under
 * NAME_MAX. */
#define TMP_NAME_MAX 100
/* a temporary file of another host, or of a pid that lives again, is
 * removed when it is older than this */
#define TMP_STALE_SECONDS (24 * 60 * 60)

static const char *host_tag(void)
{
	static char tag[9];
	if (tag[0] == '\0')
		g_snprintf(tag, sizeof tag, "%08x", g_str_hash(g_get_host_name()));
	return tag;
}

/* ".<name>." with name cut to TMP_NAME_MAX bytes */
static char *tmp_prefix(const char *base)
{
	size_t n = strlen(base);
	return g_strdup_printf(".%.*s.", (int)MIN(n, (size_t)TMP_NAME_MAX), base);
}

/* True when name is prefix + "<8 hex>-<pid>-<6 chars>.tmp"; the host tag
 * and pid are returned. */
static bool tmp_name_parse(const char *name, const char *prefix, char host[9], long *pid)
{
	size_t np = strlen(prefix);
	if (strncmp(name, prefix, np) != 0)
		return false;
	const char *s = name + np;
	for (int i = 0; i < 8; i++)
		if (!g_ascii_isxdigit(s[i]))
			return false;
	memcpy(host, s, 8);
	host[8] = '\0';
	s += 8;
	if (*s++ != '-' || !g_ascii_isdigit(*s))
		return false;
	char *end = NULL;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno != 0 || v <= 0 || *end != '-')
		return false;
	s = end + 1;
	/* mkstemp's six characters, then the suffix and nothing else */
	for (int i = 0; i < 6; i++)
		if (s[i] == '\0' || s[i] == '/')
			return false;
	if (strcmp(s + 6, ".tmp") != 0)
		return false;
	*pid = v;
	return true;
}

void cp_tmpfile_sweep(const char *target)
{
	g_autofree char *dir = g_path_get_dirname(target);
	g_autofree char *base = g_path_get_basename(target);
	g_autofree char *prefix = tmp_prefix(base);
	DIR *dp = opendir(dir);
	if (dp == NULL)
		return;
	time_t now = time(NULL);
	struct dirent *e;
	while ((e = readdir(dp)) != NULL) {
		char host[9];
		long pid = 0;
		if (!tmp_name_parse(e->d_name, prefix, host, &pid))
			continue;
		struct stat st;
		/* only a regular file of ours, never what a link points at */
		if (fstatat(dirfd(dp), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || st.st_uid != geteuid())
			continue;
		bool old = now - st.st_mtime > TMP_STALE_SECONDS;
		bool here = strcmp(host, host_tag()) == 0;
		/* this host's: stale when its process is gone (kill(pid, 0)
		 * answers ESRCH); another host's: only when old */
		bool dead = here && pid != (long)getpid() && pid <= INT32_MAX &&
		            kill((pid_t)pid, 0) != 0 && errno == ESRCH;
		if (dead || old)
			unlinkat(dirfd(dp), e->d_name, 0);
	}
	closedir(dp);
}

char *cp_tmpfile_new(const char *target, int *fd_out, int *err)
{
	g_autofree char *dir = g_path_get_dirname(target);
	g_autofree char *base = g_path_get_basename(target);
	g_autofree char *prefix = tmp_prefix(base);
	cp_tmpfile_sweep(target);
	char *tmpl =
	    g_strdup_printf("%s/%s%s-%ld-XXXXXX.tmp", dir, prefix, host_tag(), (long)getpid());
	int fd = g_mkstemp_full(tmpl, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		*err = errno;
		g_free(tmpl);
		return NULL;
	}
	/* mkstemp gives 0600; give the file what umask allows, like fopen would */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0) {
		/* harmless: the file is still ours */
	}
	cp_tmpfile_track(tmpl);
	*fd_out = fd;
	return tmpl;
}

/* The open(2) error of a target that is not a regular file, said plainly. */
static const char *special_error(int e, const struct stat *st)
{
	if (e == ENXIO && S_ISFIFO(st->st_mode))
		return N_("it is a named pipe (FIFO) that no program is reading");
	if (e == ENXIO && S_ISSOCK(st->st_mode))
		return N_("it is a socket");
	return g_strerror(e);
}

bool cp_outfile_open(cp_outfile *o, const char *given, cp_diags *d)
{
	memset(o, 0, sizeof *o);
	/* a loop of symbolic links names no file at all */
	struct stat lst;
	if (lstat(given, &lst) == 0 && S_ISLNK(lst.st_mode) && stat(given, &lst) != 0 &&
	    errno == ELOOP) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL,
		            "cannot write '%s': it is a loop of symbolic links", given);
		return false;
	}
	/* through a symbolic link (-o /dev/stdout, a link to a shared folder):
	 * the file it names is written, the link stays a link */
	g_autofree char *path = cp_outfile_target(given);
	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL,
		            "cannot write '%s': it is a folder", path);
		return false;
	}
	/* a temporary file this process made (cp_tmpfile_new) is private
	 * already: it is written in place, not through another one */
	struct stat st;
	bool exists = stat(path, &st) == 0;
	if (exists && S_ISREG(st.st_mode) && tracked(path)) {
		int fd = open(path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
		if (fd < 0) {
			int e = errno;
			cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s",
			            path, g_strerror(e));
			return false;
		}
		o->f = fdopen(fd, "wb");
		g_assert(o->f != NULL);
		o->path = g_strdup(path);
		return true;
	}
	/* a device, FIFO or socket (-o /dev/stdout, /dev/full) is written in
	 * place: a temporary file beside it would land in /dev, and renaming it
	 * would replace the device node with a regular file. It is opened
	 * without waiting: a FIFO nobody reads would block the open for ever,
	 * so that is an error; one that is read is written as a pipe. */
	if (exists && !S_ISREG(st.st_mode)) {
		int dfd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
		if (dfd < 0) {
			int e = errno;
			cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s",
			            path, g_dgettext(GETTEXT_PACKAGE, special_error(e, &st)));
			return false;
		}
		int fl = fcntl(dfd, F_GETFL);
		if (fl >= 0)
			fcntl(dfd, F_SETFL, fl & ~O_NONBLOCK);
		o->f = fdopen(dfd, "wb");
		g_assert(o->f != NULL);
		o->path = g_strdup(path);
		return true; /* o->tmp stays NULL: commit renames nothing */
	}
	int fd = -1;
	int e = 0;
	char *tmp = cp_tmpfile_new(path, &fd, &e);
	if (tmp == NULL) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s", path,
		            g_strerror(e));
		return false;
	}
	o->f = fdopen(fd, "wb");
	g_assert(o->f != NULL);
	o->tmp = tmp;
	o->path = g_strdup(path);
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
