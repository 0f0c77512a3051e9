/* load.c - the loader's entry points: read the issue file, then everything it
 * names, into one cp_model. Steps of cp_load_issue:
 *   1. register and read the issue file into a node tree (yamltree.c);
 *   2. walk it (issue.c), which loads the layout, articles, members and
 *      images as it meets them, each file reporting its own problems;
 *   3. copy the collected arrays into the model's arena.
 * Load prints nothing: every problem goes to the sink. Knows nothing of
 * Pango or Cairo. */
#include "load/load_int.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>

#include "base/files.h"
#include "base/limits.h"

void cp_load_init(void)
{
	/* libyaml 0.2.5 (Debian 12) has no yaml_set_max_nest_level: its parser
	 * keeps its state on a heap stack, not the C stack, so deep input costs
	 * memory, not stack, and yamltree.c stops at CP_LIMIT_DEPTH on the
	 * event stream. Nothing global to set here. */
}

bool cp_ld_check_file(cp_diags *d, const char *path, cp_span span, const char *what)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		int e = errno;
		if (e == ELOOP)
			cp_diag_add(d, CP_DIAG_NOT_A_FILE, span, NULL,
			            "%s '%s' is a loop of symbolic links (a link that leads back "
			            "to itself)",
			            what, path);
		else if ((e == ENOENT || e == ENOTDIR) && strpbrk(path, "*?[") != NULL)
			cp_diag_add(d, CP_DIAG_MISSING_FILE, span,
			            "canpress does not expand wildcards: name a folder of member "
			            "files, or each file",
			            "cannot find %s '%s'", what, path);
		else if (e == ENOENT || e == ENOTDIR)
			cp_diag_add(d, CP_DIAG_MISSING_FILE, span, NULL, "cannot find %s '%s'",
			            what, path);
		else
			cp_diag_add(d, CP_DIAG_MISSING_FILE, span, NULL, "cannot read %s '%s': %s",
			            what, path, g_strerror(e));
		return false;
	}
	if (S_ISDIR(st.st_mode)) {
		cp_diag_add(d, CP_DIAG_NOT_A_FILE, span, NULL, "%s '%s' is a folder, not a file",
		            what, path);
		return false;
	}
	/* a FIFO would block the read, a device never end or never start */
	if (!S_ISREG(st.st_mode)) {
		cp_diag_add(d, CP_DIAG_NOT_A_FILE, span, NULL,
		            "%s '%s' is not a regular file (a device, pipe or socket)", what, path);
		return false;
	}
	return true;
}

static gint compare_paths(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *cp_ld_folder_files(cp_diags *d, const char *issue_path, const cp_ynode *n,
                              cp_ld_folder kind)
{
	bool ads = kind == CP_LD_FOLDER_ADS;
	g_autofree char *dir = cp_path_resolve(issue_path, n->text);
	struct stat st;
	if (stat(dir, &st) != 0) {
		if (ads)
			cp_diag_add(d, CP_DIAG_MISSING_FILE, n->span, NULL,
			            "cannot find ads folder '%s'", dir);
		else
			cp_diag_add(d, CP_DIAG_MISSING_FILE, n->span, NULL,
			            "cannot find members folder '%s'", dir);
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		g_autofree char *hint =
		    g_strdup_printf(_("to name single files, write a list: [%s]"), n->text);
		if (ads)
			cp_diag_add(d, CP_DIAG_BAD_VALUE, n->span, hint,
			            "'ads' names a folder of ad files, but '%s' is a file", dir);
		else
			cp_diag_add(d, CP_DIAG_BAD_VALUE, n->span, hint,
			            "'members' names a folder of member files, but '%s' is a file",
			            dir);
		return NULL;
	}
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	GDir *gd = g_dir_open(dir, 0, NULL);
	const char *e;
	while (gd != NULL && (e = g_dir_read_name(gd)) != NULL)
		if (g_str_has_suffix(e, ".yaml") && e[0] != '.')
			g_ptr_array_add(files, g_build_filename(dir, e, NULL));
	if (gd != NULL)
		g_dir_close(gd);
	g_ptr_array_sort(files, compare_paths);
	/* subfolders are not read */
	GPtrArray *usable = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < files->len; i++) {
		char *p = g_ptr_array_index(files, i);
		if (!g_file_test(p, G_FILE_TEST_IS_DIR) &&
		    cp_ld_check_file(d, p, n->span, ads ? "ad file" : "member file"))
			g_ptr_array_add(usable, g_strdup(p));
	}
	g_ptr_array_unref(files);
	return usable;
}

void cp_ld_check_inside(const cp_model *m, cp_diags *d, const char *path, cp_span span,
                        const char *what)
{
	if (m->file == NULL)
		return;
	g_autofree char *root = g_path_get_dirname(m->file);
	if (cp_path_escapes(root, path))
		cp_diag_add(d, CP_DIAG_IMAGE_OUTSIDE, span,
		            "copy it into the issue's folder so the issue travels whole",
		            "%s '%s' is outside the issue's folder", what, path);
}

static void seen_free(gpointer p)
{
	cp_ld_seen *s = p;
	g_free(s->path);
	g_free(s);
}

char *cp_ld_file_key(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0)
		return g_strdup_printf("%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
	return cp_path_clean(path);
}

bool cp_ld_first_mention(cp_ld *L, const char *path, cp_span span, const char *what)
{
	g_autofree char *key = cp_ld_file_key(path);
	const cp_ld_seen *first = g_hash_table_lookup(L->seen, key);
	if (first != NULL) {
		cp_diag *dg;
		if (strcmp(first->path, path) == 0)
			dg = cp_diag_add(L->d, CP_DIAG_DUPLICATE_ENTRY, span,
			                 "it is printed once, where it is first named",
			                 "%s '%s' is named twice", what, path);
		else
			dg = cp_diag_add(L->d, CP_DIAG_DUPLICATE_ENTRY, span,
			                 "it is printed once, where it is first named",
			                 "%s '%s' is the same file as '%s'", what, path,
			                 first->path);
		cp_diag_set_note(dg, first->span, "'%s' is first named here", first->path);
		return false;
	}
	cp_ld_seen *s = g_new0(cp_ld_seen, 1);
	s->path = g_strdup(path);
	s->span = span;
	g_hash_table_insert(L->seen, g_steal_pointer(&key), s);
	return true;
}

bool cp_ldfile_open(cp_ldfile *f, cp_model *m, const char *path, const char *what, cp_diags *d)
{
	memset(f, 0, sizeof *f);
	f->path = cp_arena_strdup(m->arena, path);
	f->file = cp_diags_add_file(d, path);
	f->tmp = cp_arena_new();
	/* the issue's budget, before the file costs anything */
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		if (m->bytes_read + (uint64_t)st.st_size > CP_LIMIT_ISSUE_BYTES) {
			cp_diag_add(d, CP_DIAG_LIMIT, cp_span_at(f->file, 0, 0),
			            "make the issue smaller, or split it into two",
			            "the %s file takes the issue past %u MiB of YAML in all "
			            "(limit: issue size)",
			            what, CP_LIMIT_ISSUE_BYTES >> 20);
			return false;
		}
		m->bytes_read += (uint64_t)st.st_size;
	}
	bool empty = false;
	f->root = cp_ynode_read_file(path, f->file, f->tmp, d, &empty);
	if (f->root == NULL) {
		if (empty)
			cp_diag_add(d, CP_DIAG_EMPTY_VALUE, cp_span_at(f->file, 1, 1), NULL,
			            "the %s file is empty", what);
		return false;
	}
	if (f->root->kind != CP_YNODE_MAP) {
		cp_diag_add(d, CP_DIAG_WRONG_TYPE, f->root->span, NULL,
		            "a %s file must be a mapping of keys, not %s", what,
		            cp_ynode_kind_name(f->root));
		f->root = NULL;
		return false;
	}
	return true;
}

void cp_ldfile_clear(cp_ldfile *f)
{
	g_clear_pointer(&f->tmp, cp_arena_free);
	f->root = NULL;
}

/* Copies a GArray into the model's arena. */
static void *arena_array(cp_model *m, GArray *a, size_t elem, size_t *n)
{
	*n = a->len;
	if (a->len == 0)
		return NULL;
	return cp_arena_memdup(m->arena, a->data, elem * a->len);
}

cp_model *cp_load_issue(const char *path, const char *layouts_dir, cp_diags *d)
{
	return cp_load_issue_with_layout(path, layouts_dir, NULL, d);
}

cp_model *cp_load_issue_with_layout(const char *path, const char *layouts_dir, const char *layout,
                                    cp_diags *d)
{
	cp_model *m = cp_model_new();
	m->file = cp_arena_strdup(m->arena, path);
	cp_ld_layout_defaults(m);

	/* 1. the issue file itself: without it there is no model */
	cp_ldfile f;
	if (!cp_ldfile_open(&f, m, path, "issue", d)) {
		cp_ldfile_clear(&f);
		cp_model_free(m);
		return NULL;
	}
	m->span = f.root->span;

	/* 2. walk it, loading what it names */
	cp_ld L = {0};
	L.m = m;
	L.d = d;
	L.layouts_dir = layouts_dir;
	L.layout_override = layout;
	L.parts = g_array_new(FALSE, TRUE, sizeof(cp_part));
	L.articles = g_array_new(FALSE, TRUE, sizeof(cp_article));
	L.members = g_array_new(FALSE, TRUE, sizeof(cp_member));
	L.ads = g_array_new(FALSE, TRUE, sizeof(cp_ad));
	L.house_ads = g_array_new(FALSE, TRUE, sizeof(cp_ad));
	L.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, seen_free);
	cp_ld_issue(&L, &f);
	cp_ldfile_clear(&f);

	/* 3. the arrays into the arena */
	m->parts = arena_array(m, L.parts, sizeof(cp_part), &m->n_parts);
	m->articles = arena_array(m, L.articles, sizeof(cp_article), &m->n_articles);
	m->members = arena_array(m, L.members, sizeof(cp_member), &m->n_members);
	g_array_unref(L.parts);
	g_array_unref(L.articles);
	g_array_unref(L.members);
	m->ads = arena_array(m, L.ads, sizeof(cp_ad), &m->n_ads);
	m->house_ads = arena_array(m, L.house_ads, sizeof(cp_ad), &m->n_house_ads);
	g_array_unref(L.ads);
	g_array_unref(L.house_ads);
	g_hash_table_unref(L.seen);
	cp_model_check(m);
	return m;
}

bool cp_load_layout(cp_model *m, const char *path, cp_diags *d)
{
	cp_ld_layout_defaults(m);
	return cp_ld_layout(m, path, d);
}
