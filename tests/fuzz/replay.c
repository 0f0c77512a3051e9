/* replay.c - the plain driver: runs every file of the given corpus folders
 * (or single files) through one fuzz target, once, and prints TAP. It links
 * the same LLVMFuzzerTestOneInput as the libFuzzer binary, so each build
 * (plain, ASan/UBSan, valgrind, fuzzing) replays every input the fuzzers
 * ever kept, crashers included: the `fuzz` suite of meson test.
 *
 * A crash, a failed assertion or a sanitizer report ends the process, which
 * meson reports as the test's failure; the last "# running" line names the
 * input. Files are run in name order so a failure reproduces the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "tests/fuzz/fuzz.h"

static gint compare_paths(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A folder's regular files (not recursive, hidden ones skipped), or the
 * path itself when it is a file. */
static void collect(const char *path, GPtrArray *out)
{
	if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_ptr_array_add(out, g_strdup(path));
		return;
	}
	g_autoptr(GError) err = NULL;
	GDir *dir = g_dir_open(path, 0, &err);
	if (dir == NULL) {
		fprintf(stderr, "replay: %s\n", err->message);
		exit(1);
	}
	const char *name;
	while ((name = g_dir_read_name(dir)) != NULL) {
		char *p = g_build_filename(path, name, NULL);
		if (name[0] != '.' && g_file_test(p, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(out, p);
		else
			g_free(p);
	}
	g_dir_close(dir);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: replay CORPUS-FOLDER-OR-FILE...\n");
		return 2;
	}
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	for (int i = 1; i < argc; i++)
		collect(argv[i], files);
	g_ptr_array_sort(files, compare_paths);
	if (files->len == 0) {
		/* an empty corpus would make this test pass without testing */
		printf("1..0 # no corpus files\nBail out! empty corpus\n");
		return 1;
	}

	int failed = 0;
	printf("1..%u\n", files->len);
	for (guint i = 0; i < files->len; i++) {
		const char *path = g_ptr_array_index(files, i);
		g_autofree char *data = NULL;
		gsize len = 0;
		g_autoptr(GError) err = NULL;
		if (!g_file_get_contents(path, &data, &len, &err)) {
			printf("not ok %u - %s # %s\n", i + 1, path, err->message);
			failed++;
			continue;
		}
		/* announce first: a crash leaves this as the last line */
		printf("# running %s (%zu bytes)\n", path, (size_t)len);
		fflush(stdout);
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		g_autofree char *base = g_path_get_basename(path);
		printf("ok %u - %s\n", i + 1, base);
	}
	cp_fuzz_cleanup();
	g_ptr_array_unref(files);
	return failed ? 1 : 0;
}
