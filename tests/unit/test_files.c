/* test_files.c - paths relative to the naming file, and output files that
 * are renamed into place only when complete. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "base/files.h"

static void check_clean(const char *in, const char *want)
{
	g_autofree char *got = cp_path_clean(in);
	g_assert_cmpstr(got, ==, want);
}

static void check_resolve(const char *from, const char *rel, const char *want)
{
	g_autofree char *got = cp_path_resolve(from, rel);
	g_assert_cmpstr(got, ==, want);
}

static void test_clean(void)
{
	check_clean("a/./b/../c", "a/c");
	check_clean("a//b/", "a/b");
	check_clean("./a", "a");
	check_clean(".", ".");
	check_clean("a/..", ".");
	check_clean("../x", "../x");
	check_clean("../../x/../y", "../../y");
	check_clean("/a/../../b", "/b");
	check_clean("/", "/");
}

static void test_resolve(void)
{
	check_resolve("issue.yaml", "members/a.yaml", "members/a.yaml");
	check_resolve("content/issue.yaml", "members", "content/members");
	check_resolve("content/members/a.yaml", "../images/a.jpg", "content/images/a.jpg");
	check_resolve("members/a.yaml", "../../x.png", "../x.png");
	check_resolve("/srv/can/issue.yaml", "./a.yaml", "/srv/can/a.yaml");
	check_resolve("content/issue.yaml", "/abs/x.yaml", "/abs/x.yaml");
}

static void test_escapes(void)
{
	g_assert_false(cp_path_escapes("content", "content/images/a.jpg"));
	g_assert_false(cp_path_escapes("content", "content"));
	g_assert_true(cp_path_escapes("content", "images/a.jpg"));
	g_assert_true(cp_path_escapes("content", "content2/a.jpg"));
	g_assert_true(cp_path_escapes(".", "../a.jpg"));
	g_assert_false(cp_path_escapes(".", "a/b.jpg"));
	g_assert_true(cp_path_escapes("/srv/can", "/etc/passwd"));
	g_assert_false(cp_path_escapes("/", "/etc/passwd"));
}

/* The PDF header test: "%PDF-" anywhere in the first 1024 bytes (a
 * header after junk is still a PDF), not at byte 1024 or later; an empty
 * file says it read nothing; a missing file is -1 with errno set. */
static void test_pdf_header(void)
{
	g_autofree char *dir = g_dir_make_tmp("cp-pdfhead-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "a.pdf", NULL);
	size_t n = 99;

	g_assert_true(g_file_set_contents(path, "%PDF-1.7\n%%EOF\n", -1, NULL));
	g_assert_cmpint(cp_file_pdf_header(path, &n), ==, 1);
	g_assert_cmpuint(n, ==, 15);

	char junk[1100];
	memset(junk, 'x', sizeof junk);
	memcpy(junk + 1019, "%PDF-", 5); /* ends at byte 1024: found */
	g_assert_true(g_file_set_contents(path, junk, sizeof junk, NULL));
	g_assert_cmpint(cp_file_pdf_header(path, NULL), ==, 1);
	memset(junk, 'x', sizeof junk);
	memcpy(junk + 1020, "%PDF-", 5); /* runs past byte 1024: not found */
	g_assert_true(g_file_set_contents(path, junk, sizeof junk, NULL));
	g_assert_cmpint(cp_file_pdf_header(path, &n), ==, 0);
	g_assert_cmpuint(n, ==, 1024);

	g_assert_true(g_file_set_contents(path, "", 0, NULL));
	g_assert_cmpint(cp_file_pdf_header(path, &n), ==, 0);
	g_assert_cmpuint(n, ==, 0);

	g_assert_cmpint(g_remove(path), ==, 0);
	errno = 0;
	g_assert_cmpint(cp_file_pdf_header(path, &n), ==, -1);
	g_assert_cmpint(errno, ==, ENOENT);
	g_assert_cmpint(g_rmdir(dir), ==, 0);
}

static void test_outfile(void)
{
	g_autofree char *dir = g_dir_make_tmp("cp-files-XXXXXX", NULL);
	g_autofree char *target = g_build_filename(dir, "out.pdf", NULL);
	g_autoptr(cp_diags) d = cp_diags_new();

	/* commit: the content appears under the target name only */
	cp_outfile o;
	g_assert_true(cp_outfile_open(&o, target, d));
	fputs("%PDF-1.7\n", o.f);
	g_assert_false(g_file_test(target, G_FILE_TEST_EXISTS));
	g_autofree char *tmp = g_strdup(o.tmp);
	g_assert_true(g_file_test(tmp, G_FILE_TEST_EXISTS));
	g_assert_true(cp_outfile_commit(&o, d));
	g_assert_false(g_file_test(tmp, G_FILE_TEST_EXISTS));
	g_autofree char *text = NULL;
	g_assert_true(g_file_get_contents(target, &text, NULL, NULL));
	g_assert_cmpstr(text, ==, "%PDF-1.7\n");
	g_assert_null(o.tmp);

	/* abort: the old target stays as it was */
	g_assert_true(cp_outfile_open(&o, target, d));
	fputs("half", o.f);
	g_free(tmp);
	tmp = g_strdup(o.tmp);
	cp_outfile_abort(&o);
	g_assert_false(g_file_test(tmp, G_FILE_TEST_EXISTS));
	g_free(text);
	g_assert_true(g_file_get_contents(target, &text, NULL, NULL));
	g_assert_cmpstr(text, ==, "%PDF-1.7\n");
	cp_outfile_abort(&o); /* twice is harmless */
	g_assert_cmpuint(cp_diags_len(d), ==, 0);

	/* a missing folder and a folder as target are OUTPUT diagnostics */
	g_autofree char *nodir = g_build_filename(dir, "no", "out.pdf", NULL);
	g_assert_false(cp_outfile_open(&o, nodir, d));
	g_assert_false(cp_outfile_open(&o, dir, d));
	g_assert_cmpuint(cp_diags_len(d), ==, 2);
	g_assert_cmpint(cp_diags_get(d, 0)->code, ==, CP_DIAG_OUTPUT);
	g_assert_true(cp_diags_has_fatal(d));

	g_unlink(target);
	g_assert_cmpint(g_rmdir(dir), ==, 0);
}

/* A run killed while it writes leaves no temporary file: a child opens an
 * output (its temporary file is tracked), then gets SIGTERM. And an output
 * named through a symbolic link writes the file the link names; the link
 * stays a link. */
static void test_signal_and_links(void)
{
	g_autofree char *dir = g_dir_make_tmp("test_files-XXXXXX", NULL);
	g_assert_nonnull(dir);
	g_autofree char *out = g_build_filename(dir, "out.pdf", NULL);
	pid_t pid = fork();
	g_assert_cmpint(pid, >=, 0);
	if (pid == 0) {
		cp_tmpfile_cleanup_on_signals();
		cp_diags *d = cp_diags_new();
		cp_outfile o;
		if (!cp_outfile_open(&o, out, d))
			_exit(2);
		fputs("%PDF-", o.f);
		fflush(o.f);
		raise(SIGTERM);
		_exit(3); /* not reached */
	}
	int status = 0;
	g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
	g_assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	GDir *gd = g_dir_open(dir, 0, NULL);
	g_assert_null(g_dir_read_name(gd)); /* nothing left, not even out.pdf */
	g_dir_close(gd);

	g_autofree char *link = g_build_filename(dir, "link.pdf", NULL);
	g_assert_cmpint(symlink("out.pdf", link), ==, 0);
	g_autoptr(cp_diags) d = cp_diags_new();
	cp_outfile o;
	g_assert_true(cp_outfile_open(&o, link, d));
	fputs("%PDF-", o.f);
	g_assert_true(cp_outfile_commit(&o, d));
	g_assert_true(g_file_test(link, G_FILE_TEST_IS_SYMLINK));
	g_autofree char *text = NULL;
	g_assert_true(g_file_get_contents(out, &text, NULL, NULL));
	g_assert_cmpstr(text, ==, "%PDF-");
	g_unlink(link);
	g_unlink(out);
	g_rmdir(dir);
}

static size_t count_entries(const char *dir)
{
	GDir *gd = g_dir_open(dir, 0, NULL);
	g_assert_nonnull(gd);
	size_t n = 0;
	while (g_dir_read_name(gd) != NULL)
		n++;
	g_dir_close(gd);
	return n;
}

/* Issue 10: temporary files are hidden, unique, never named like a PDF;
 * two open at once on one target do not share a name, and the last commit
 * wins whole. A child killed by SIGKILL (no handler runs) leaves only its
 * hidden file; the next open on that target sweeps it, and keeps a live
 * process's file, another target's and a look-alike that is not ours. */
static void test_tmp_names_and_sweep(void)
{
	g_autofree char *dir = g_dir_make_tmp("cp-tmpnames-XXXXXX", NULL);
	g_autofree char *target = g_build_filename(dir, "out.pdf", NULL);
	g_autoptr(cp_diags) d = cp_diags_new();

	cp_outfile a;
	cp_outfile b;
	g_assert_true(cp_outfile_open(&a, target, d));
	g_assert_true(cp_outfile_open(&b, target, d));
	g_assert_cmpstr(a.tmp, !=, b.tmp);
	g_autofree char *base = g_path_get_basename(a.tmp);
	g_assert_true(g_str_has_prefix(base, ".out.pdf."));
	g_assert_true(g_str_has_suffix(base, ".tmp"));
	fputs("first", a.f);
	fputs("second", b.f);
	g_assert_true(cp_outfile_commit(&b, d));
	g_assert_true(cp_outfile_commit(&a, d));
	g_autofree char *text = NULL;
	g_assert_true(g_file_get_contents(target, &text, NULL, NULL));
	g_assert_cmpstr(text, ==, "first");
	g_assert_cmpuint(count_entries(dir), ==, 1);

	/* a name much longer than the pattern keeps: still a valid name */
	g_autofree char *longname = g_strnfill(250, 'x');
	g_autofree char *longtarget = g_build_filename(dir, longname, NULL);
	g_assert_true(cp_outfile_open(&a, longtarget, d));
	g_assert_true(cp_outfile_commit(&a, d));
	g_assert_true(g_file_test(longtarget, G_FILE_TEST_IS_REGULAR));
	g_unlink(longtarget);

	pid_t pid = fork();
	g_assert_cmpint(pid, >=, 0);
	if (pid == 0) {
		cp_diags *cd = cp_diags_new();
		cp_outfile o;
		if (!cp_outfile_open(&o, target, cd))
			_exit(2);
		fputs("%PDF-half", o.f);
		fflush(o.f);
		raise(SIGKILL);
		_exit(3); /* not reached */
	}
	int status = 0;
	g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
	g_assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	/* what SIGKILL left: one hidden .tmp file, the target as it was */
	g_assert_cmpuint(count_entries(dir), ==, 2);
	g_autofree char *left = NULL;
	GDir *gd = g_dir_open(dir, 0, NULL);
	for (const char *n; (n = g_dir_read_name(gd)) != NULL;)
		if (strcmp(n, "out.pdf") != 0)
			left = g_strdup(n);
	g_dir_close(gd);
	g_assert_nonnull(left);
	g_assert_true(left[0] == '.' && g_str_has_suffix(left, ".tmp"));
	g_free(text);
	g_assert_true(g_file_get_contents(target, &text, NULL, NULL));
	g_assert_cmpstr(text, ==, "first");

	/* files the sweep must keep: a live process's (ours, open), another
	 * target's, and one that only looks like the pattern */
	g_autofree char *other = g_build_filename(dir, ".other.pdf.00000000-1-abcdef.tmp", NULL);
	g_autofree char *alike = g_build_filename(dir, ".out.pdf.notours.tmp", NULL);
	g_assert_true(g_file_set_contents(other, "x", 1, NULL));
	g_assert_true(g_file_set_contents(alike, "x", 1, NULL));
	g_autofree char *left_path = g_build_filename(dir, left, NULL);
	g_assert_true(g_file_test(left_path, G_FILE_TEST_EXISTS));
	/* the next open on the target sweeps the dead run's file */
	cp_outfile live;
	g_assert_true(cp_outfile_open(&live, target, d));
	g_assert_false(g_file_test(left_path, G_FILE_TEST_EXISTS));
	cp_tmpfile_sweep(target);
	g_assert_true(g_file_test(live.tmp, G_FILE_TEST_EXISTS));
	g_assert_true(g_file_test(other, G_FILE_TEST_EXISTS));
	g_assert_true(g_file_test(alike, G_FILE_TEST_EXISTS));
	cp_outfile_abort(&live);
	g_unlink(other);
	g_unlink(alike);
	g_unlink(target);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);

	/* a FIFO nobody reads is an error at once, not a wait; a loop of
	 * symbolic links is called a loop */
	g_autofree char *fifo = g_build_filename(dir, "fifo", NULL);
	g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
	g_assert_false(cp_outfile_open(&a, fifo, d));
	g_assert_nonnull(strstr(cp_diags_get(d, 0)->msg, "no program is reading"));
	g_autofree char *l1 = g_build_filename(dir, "l1", NULL);
	g_autofree char *l2 = g_build_filename(dir, "l2", NULL);
	g_assert_cmpint(symlink("l2", l1), ==, 0);
	g_assert_cmpint(symlink("l1", l2), ==, 0);
	g_assert_false(cp_outfile_open(&a, l1, d));
	g_assert_nonnull(strstr(cp_diags_get(d, 1)->msg, "loop of symbolic links"));
	g_assert_true(g_file_test(l1, G_FILE_TEST_IS_SYMLINK));
	g_unlink(fifo);
	g_unlink(l1);
	g_unlink(l2);
	g_assert_cmpuint(count_entries(dir), ==, 0);
	g_rmdir(dir);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/files/clean", test_clean);
	g_test_add_func("/files/resolve", test_resolve);
	g_test_add_func("/files/escapes", test_escapes);
	g_test_add_func("/files/pdf-header", test_pdf_header);
	g_test_add_func("/files/outfile", test_outfile);
	g_test_add_func("/files/signal-and-links", test_signal_and_links);
	g_test_add_func("/files/tmp-names-and-sweep", test_tmp_names_and_sweep);
	return g_test_run();
}
