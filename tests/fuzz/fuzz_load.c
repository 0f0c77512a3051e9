/* fuzz_load.c - the YAML loader under hostile bytes, through its public
 * entry point cp_load_issue exactly as `canpress build` calls it.
 *
 * The first byte chooses the mode (byte % 4); the rest is the file's text:
 *   0  an issue file (issue.yaml). It sits in a scratch folder that also
 *      holds a small article (a.yaml), a member folder (members/m.yaml) and
 *      a 1x1 PNG (p.png), so that an input naming those reaches the
 *      article, member and image readers too;
 *   1  a member file (x.yaml), named by a fixed issue file;
 *   2  a layout file (x.yaml), named by a fixed issue file's `layout:`;
 *   3  an article file (x.yaml), named by a fixed issue file.
 * The fixed issue files of modes 1-3 load with an empty layouts folder (the
 * built-in layout), so each input costs little more than its own file.
 * After loading, the model is dumped and the diagnostics printed (to
 * /dev/null): both walk everything load produced, so a dangling pointer or
 * an unterminated string in the model shows up under the sanitizers.
 *
 * Load only reads files, so the input has to be written to one; the scratch
 * folder is made once per process and removed by cp_fuzz_cleanup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cp_config.h"
#include "load/load.h"
#include "tests/fuzz/fuzz.h"

/* The files of the scratch folder, written once. */
static const char article_yaml[] = "title: 題\nauthor: 著者\nbody: |\n  本文です。\n";
static const char member_yaml[] = "company: 株式会社テスト\ncompany_kana: てすと\n"
                                  "representative: 山田 太郎\nrepresentative_kana: やまだ たろう\n"
                                  "industry: 印刷\ncatch: 一言\nintro: 紹介文。\n";
#define ISSUE_HEAD "magazine: CAN\nnumber: 1\ndate: 2026-01-01\npublisher: P\n"
static const char *const mode_issue[4] = {
    NULL,
    ISSUE_HEAD "contents:\n  - members: [x.yaml]\n",
    ISSUE_HEAD "layout: x.yaml\ncontents:\n  - toc\n",
    ISSUE_HEAD "contents:\n  - article: x.yaml\n",
};
/* a valid 1x1 grey PNG: signature, IHDR, IDAT, IEND */
static const unsigned char png_1x1[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00,
    0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xaf, 0xa4, 0x71, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static char *dir;        /* the scratch folder */
static char *layouts;    /* the project's layouts folder */
static char *no_layouts; /* an empty folder: the built-in layout */
static FILE *devnull;

/* Plain stdio, not g_file_set_contents: that one syncs the disk, which
 * would make every input cost a disk flush. */
static void write_file(const char *name, const void *data, size_t len)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		g_error("fuzz_load: cannot write %s", path);
}

/* The scratch folder and its fixed files, once per process. */
static void setup(void)
{
	if (dir != NULL)
		return;
	cp_load_init();
	g_autoptr(GError) err = NULL;
	dir = g_dir_make_tmp("cp-fuzz-load-XXXXXX", &err);
	if (dir == NULL)
		g_error("fuzz_load: %s", err->message);
	const char *src = g_getenv("CP_SOURCE_DIR");
	layouts = g_build_filename(src ? src : CP_SOURCE_DIR, "layouts", NULL);
	no_layouts = g_build_filename(dir, "no-layouts", NULL);
	g_autofree char *members = g_build_filename(dir, "members", NULL);
	g_mkdir(no_layouts, 0700);
	g_mkdir(members, 0700);
	write_file("a.yaml", article_yaml, sizeof article_yaml - 1);
	write_file("members/m.yaml", member_yaml, sizeof member_yaml - 1);
	for (int i = 1; i < 4; i++) {
		g_autofree char *name = g_strdup_printf("issue-%d.yaml", i);
		write_file(name, mode_issue[i], strlen(mode_issue[i]));
	}
	write_file("p.png", png_1x1, sizeof png_1x1);
	devnull = fopen("/dev/null", "w");
	g_assert(devnull != NULL);
}

void cp_fuzz_cleanup(void)
{
	static const char *const files[] = {
	    "a.yaml", "members/m.yaml", "issue-1.yaml", "issue-2.yaml", "issue-3.yaml",
	    "p.png",  "issue.yaml",     "x.yaml",       "members",      "no-layouts",
	    NULL};
	if (dir == NULL)
		return;
	for (size_t i = 0; files[i] != NULL; i++) {
		g_autofree char *p = g_build_filename(dir, files[i], NULL);
		g_remove(p);
	}
	g_rmdir(dir);
	g_clear_pointer(&dir, g_free);
	g_clear_pointer(&layouts, g_free);
	g_clear_pointer(&no_layouts, g_free);
	g_clear_pointer(&devnull, fclose);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	setup();
	int mode = data[0] % 4;
	write_file(mode == 0 ? "issue.yaml" : "x.yaml", data + 1, size - 1);

	/* load as the cli does, then walk what came out */
	g_autofree char *name =
	    mode == 0 ? g_strdup("issue.yaml") : g_strdup_printf("issue-%d.yaml", mode);
	g_autofree char *issue = g_build_filename(dir, name, NULL);
	cp_diags *d = cp_diags_new();
	cp_model *m = cp_load_issue(issue, mode == 0 ? layouts : no_layouts, d);
	if (m != NULL) {
		cp_model_check(m);
		cp_model_dump(m, d, devnull);
	} else {
		/* NULL only with an error in the sink (load.h) */
		g_assert(cp_diags_has_errors(d));
	}
	cp_diags_print(d, devnull);
	cp_diags_print_json(d, devnull);
	cp_model_free(m);
	cp_diags_free(d);
	return 0;
}
