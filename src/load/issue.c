/* issue.c - the issue file: its fields, the layout it names, and `contents`,
 * the ordered list of parts, loading each article and member file as it is
 * met. Paths are relative to the issue file. Knows the issue's schema;
 * member.c, article.c and layout.c know theirs. */
#include "load/load_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>

#include "base/files.h"
#include "base/limits.h"

/* The keys each mapping accepts; anything else is UNKNOWN_KEY with the
 * nearest of these as a hint. entry_names are the contents entries: the
 * three part names, then the two keys an entry mapping may have. */
static const char *const issue_keys[] = {"magazine",  "number",    "date",  "title",
                                         "publisher", "layout",    "cover", "colophon",
                                         "contents",  "house_ads", NULL};
static const char *const cover_keys[] = {"headline", "image", NULL};
static const char *const colophon_keys[] = {"editor",  "address", "contact",
                                            "printer", "note",    NULL};
static const char *const members_keys[] = {"path", "title", NULL};
static const char *const entry_names[] = {"cover",   "toc", "colophon", "article",
                                          "members", "ads", NULL};

/* Errors in the sink so far: what a file or an image added is the
 * difference (see errors_contained in model/model.h). */
static size_t errors(const cp_ld *L)
{
	return cp_diags_count(L->d, CP_ERROR);
}

/* --- the layout ------------------------------------------------------------ */

/* g_ptr_array_sort hands pointers to the elements. */
static gint compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names of the .yaml files in dir, sorted, comma-separated ("" when none). */
static char *available_layouts(const char *dir)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GDir *gd = dir ? g_dir_open(dir, 0, NULL) : NULL;
	const char *e;
	while (gd != NULL && (e = g_dir_read_name(gd)) != NULL)
		if (g_str_has_suffix(e, ".yaml"))
			g_ptr_array_add(names, g_strndup(e, strlen(e) - 5));
	if (gd != NULL)
		g_dir_close(gd);
	g_ptr_array_sort(names, compare_names);
	g_ptr_array_add(names, NULL);
	char *s = g_strjoinv(", ", (char **)names->pdata);
	g_ptr_array_unref(names);
	return s;
}

/* `layout`: a path (with '/' or ending .yaml) relative to the issue file, or
 * a name in the layouts folder. Absent: "a4-yoko". */
/* The name -> path rule: a '/' or a .yaml ending means "a file I wrote",
 * anything else "an installed layout". An unknown name lists what is
 * installed, because the editor cannot see the layouts folder. The layout
 * is read on top of the defaults cp_load_issue already set, so a failed
 * layout still leaves a complete one. */
static void load_layout(cp_ld *L, const char *issue_path, cp_text ref)
{
	/* the command line's --layout wins, its path from the current folder
	 * and its errors without a place in the issue */
	if (L->layout_override != NULL) {
		ref = (cp_text){L->layout_override, CP_SPAN_NONE};
		issue_path = "./";
	}
	const char *name = ref.s ? ref.s : "a4-yoko";
	g_autofree char *path = NULL;
	if (strchr(name, '/') != NULL || g_str_has_suffix(name, ".yaml")) {
		path = cp_path_resolve(issue_path, name);
		if (!cp_ld_check_file(L->d, path, ref.span, "layout file"))
			return;
	} else {
		g_autofree char *file = g_strconcat(name, ".yaml", NULL);
		path =
		    L->layouts_dir ? g_build_filename(L->layouts_dir, file, NULL) : g_strdup(file);
		if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
			/* no `layout:` and no installed a4-yoko: the built-in
			 * defaults are a4-yoko's values */
			if (ref.s == NULL)
				return;
			g_autofree char *list = available_layouts(L->layouts_dir);
			g_autofree char *hint =
			    *list ? g_strdup_printf(_("available layouts: %s"), list)
			          : g_strdup(_("no layouts are installed"));
			cp_diag_add(L->d, CP_DIAG_BAD_VALUE, ref.span, hint, "unknown layout '%s'",
			            name);
			return;
		}
	}
	cp_ld_layout(L->m, path, L->d);
}

/* --- contents ---------------------------------------------------------------- */

/* Reading first, file name second: the order is total, so qsort's
 * instability cannot show. A member without a reading sorts first (it
 * already has an error). */
static int compare_members(const void *a, const void *b)
{
	const cp_member *x = a;
	const cp_member *y = b;
	/* byte order of UTF-8 hiragana is the order of the kana table */
	int c = strcmp(x->company_kana.s ? x->company_kana.s : "",
	               y->company_kana.s ? y->company_kana.s : "");
	return c != 0 ? c : strcmp(x->file, y->file);
}

/* One member file, unless the limit is reached. */
/* The member limit is reported once, at the first entry past it; the
 * rest are skipped silently (one message per limit is enough). */
static void add_member(cp_ld *L, const char *path, cp_span span)
{
	if (!cp_ld_first_mention(L, path, span, "member file"))
		return;
	if (L->members->len >= CP_LIMIT_MEMBERS) {
		if (!L->too_many_members)
			cp_diag_add(L->d, CP_DIAG_LIMIT, span, NULL,
			            "more than %u members in one issue (limit: members)",
			            CP_LIMIT_MEMBERS);
		L->too_many_members = true;
		return;
	}
	/* whatever is wrong in the file stays with its member */
	size_t before = errors(L);
	cp_ld_member(L, path, span);
	L->m->errors_contained += errors(L) - before;
}

/* A folder entry: its member files in name order (cp_ld_folder_files). */
static void add_member_folder(cp_ld *L, const char *issue_path, const cp_ynode *n)
{
	GPtrArray *files = cp_ld_folder_files(L->d, issue_path, n, CP_LD_FOLDER_MEMBERS);
	if (files == NULL)
		return;
	if (files->len == 0) {
		g_autofree char *dir = cp_path_resolve(issue_path, n->text);
		cp_diag_add(L->d, CP_DIAG_NO_MEMBERS, n->span, NULL,
		            "no member files (*.yaml) in folder '%s'", dir);
	}
	for (guint i = 0; i < files->len; i++)
		add_member(L, g_ptr_array_index(files, i), n->span);
	g_ptr_array_unref(files);
}

/* A folder name or a list of member files. */
/* A `members` value: a folder (text) or a list of member files, each
 * relative to the issue file and checked before it is read. */
static void add_members_value(cp_ld *L, cp_rd *r, const char *issue_path, const char *key,
                              const cp_ynode *v)
{
	if (v->kind == CP_YNODE_SCALAR) {
		add_member_folder(L, issue_path, v);
		return;
	}
	if (v->kind != CP_YNODE_SEQ) {
		cp_rd_wrong_type(r, key, v, "a folder or a list of member files");
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const cp_ynode *item = v->vals[i];
		if (item->kind != CP_YNODE_SCALAR || cp_ynode_is_null(item)) {
			cp_rd_wrong_type(r, key, item, "a list of member files");
			continue;
		}
		g_autofree char *path = cp_path_resolve(issue_path, item->text);
		if (cp_ld_check_file(L->d, path, item->span, "member file"))
			add_member(L, path, item->span);
		else
			L->m->errors_contained++; /* the directory goes on without it */
	}
}

/* `members: ...` as a part. */
/* The part's range starts where the members array ends now, and covers
 * what this entry added; sorting stays inside the range, so two members
 * entries keep their own order. */
static void add_members_part(cp_ld *L, const char *issue_path, const cp_ynode *v, cp_part *part)
{
	part->index = L->members->len;
	cp_rd r;
	if (v->kind == CP_YNODE_MAP) {
		cp_rd_init(&r, L->m, L->d, v, "issue", "'members'", members_keys);
		cp_rd_print_text(&r, "title", false, &part->title);
		const cp_ynode *p = cp_ynode_get(v, "path");
		if (cp_ynode_is_null(p))
			cp_rd_missing(&r, "path");
		else
			add_members_value(L, &r, issue_path, "path", p);
	} else {
		cp_rd_init(&r, L->m, L->d, NULL, "issue", "'contents'", NULL);
		if (cp_ynode_is_null(v))
			cp_diag_add(L->d, CP_DIAG_EMPTY_VALUE, v->span, NULL,
			            "'members' in 'contents' is empty");
		else
			add_members_value(L, &r, issue_path, "members", v);
	}
	cp_rd_clear(&r);
	L->m->errors_contained += r.n_ignored;
	part->count = L->members->len - part->index;
	/* the directory's order: by reading (JLReq has none; a kana index is
	 * ordered like a dictionary, and UTF-8 byte order is the kana table's) */
	if (part->count > 1)
		qsort((cp_member *)(void *)L->members->data + part->index, part->count,
		      sizeof(cp_member), compare_members);
}

/* `article: PATH` as a part; false when it adds nothing. */
/* An article entry. The same file twice is a warning naming both
 * mentions, and only the first is printed; a missing or unreadable
 * file adds no part, so compose never sees an index without an article. */
static bool add_article_part(cp_ld *L, const char *issue_path, const cp_ynode *v, cp_part *part)
{
	if (v->kind != CP_YNODE_SCALAR || cp_ynode_is_null(v)) {
		cp_rd r;
		cp_rd_init(&r, L->m, L->d, NULL, "issue", "'contents'", NULL);
		cp_rd_wrong_type(&r, "article", v, "the path of an article file");
		cp_rd_clear(&r);
		return false;
	}
	g_autofree char *path = cp_path_resolve(issue_path, v->text);
	if (L->articles->len >= CP_LIMIT_ARTICLES) {
		if (!L->too_many_articles)
			cp_diag_add(L->d, CP_DIAG_LIMIT, v->span, NULL,
			            "more than %u articles in one issue (limit: articles)",
			            CP_LIMIT_ARTICLES);
		L->too_many_articles = true;
		return false;
	}
	/* a missing or broken article is left out; the issue goes on */
	if (!cp_ld_check_file(L->d, path, v->span, "article file")) {
		L->m->errors_contained++;
		return false;
	}
	/* the same file again (listed twice, or through a link): printed
	 * once, where it is first listed */
	if (!cp_ld_first_mention(L, path, v->span, "article file"))
		return false;
	size_t before = errors(L);
	int32_t idx = cp_ld_article(L, path, v->span);
	L->m->errors_contained += errors(L) - before;
	if (idx < 0)
		return false;
	part->index = (size_t)idx;
	part->count = 1;
	return true;
}

/* `contents`: every entry is checked and loaded in order. once_at keeps
 * where cover, toc and colophon were first listed, for the duplicate's
 * note. Bad entries are reported and skipped; the rest still load. */
static void read_contents(cp_ld *L, const char *issue_path, cp_rd *r)
{
	const cp_ynode *c = cp_ynode_get(r->map, "contents");
	if (cp_ynode_is_null(c)) {
		cp_rd_missing(r, "contents");
		return;
	}
	if (c->kind != CP_YNODE_SEQ) {
		cp_rd_wrong_type(r, "contents", c, "a list");
		return;
	}
	if (c->n == 0)
		cp_diag_add(L->d, CP_DIAG_EMPTY_VALUE, c->span, NULL, "'contents' lists nothing");
	cp_span once_at[CP_PART_KIND_COUNT] = {0};
	for (size_t i = 0; i < c->n; i++) {
		const cp_ynode *e = c->vals[i];
		cp_part part = {0};
		part.span = e->span;
		if (e->kind == CP_YNODE_SCALAR) {
			/* cover, toc, colophon: each at most once */
			cp_part_kind k;
			if (strcmp(e->text, "cover") == 0)
				k = CP_PART_COVER;
			else if (strcmp(e->text, "toc") == 0)
				k = CP_PART_TOC;
			else if (strcmp(e->text, "colophon") == 0)
				k = CP_PART_COLOPHON;
			else {
				const char *near = cp_diag_nearest(e->text, entry_names);
				g_autofree char *hint =
				    near ? cp_diag_hint_nearest(near)
				         : g_strdup(_("an entry is cover, toc, colophon, "
				                      "article: FILE or members: FOLDER"));
				cp_diag_add(L->d, CP_DIAG_BAD_VALUE, e->span, hint,
				            "unknown entry '%s' in 'contents'", e->text);
				continue;
			}
			if (once_at[k].line != 0) {
				cp_diag *dg =
				    cp_diag_add(L->d, CP_DIAG_DUPLICATE_ENTRY, e->span, NULL,
				                "'%s' is listed twice in 'contents'", e->text);
				cp_diag_set_note(dg, once_at[k], "'%s' is first listed here",
				                 e->text);
				continue;
			}
			once_at[k] = e->span;
			part.kind = k;
			g_array_append_val(L->parts, part);
			continue;
		}
		if (e->kind != CP_YNODE_MAP || e->n != 1) {
			cp_diag_add(
			    L->d, CP_DIAG_BAD_VALUE, e->span,
			    "write cover, toc, colophon, article: FILE or members: FOLDER",
			    "an entry in 'contents' must be a name or one 'key: value', not %s",
			    e->kind == CP_YNODE_MAP ? "a mapping with several keys"
			                            : cp_ynode_kind_name(e));
			continue;
		}
		const char *key = e->keys[0]->text;
		const cp_ynode *v = e->vals[0];
		if (strcmp(key, "article") == 0) {
			part.kind = CP_PART_ARTICLE;
			if (add_article_part(L, issue_path, v, &part))
				g_array_append_val(L->parts, part);
		} else if (strcmp(key, "members") == 0) {
			part.kind = CP_PART_MEMBERS;
			add_members_part(L, issue_path, v, &part);
			g_array_append_val(L->parts, part);
		} else if (strcmp(key, "ads") == 0) {
			part.kind = CP_PART_ADS;
			cp_ld_ads_part(L, issue_path, e->span.file, v, &part);
			g_array_append_val(L->parts, part);
		} else {
			const char *near = cp_diag_nearest(key, entry_names + 3);
			g_autofree char *hint =
			    near ? cp_diag_hint_nearest(near)
			         : g_strdup(_("write article: FILE or members: FOLDER"));
			cp_diag_add(L->d, CP_DIAG_UNKNOWN_KEY, e->keys[0]->span, hint,
			            "unknown key '%s' in 'contents'", key);
			L->m->errors_contained++; /* the entry is left out */
		}
	}
	/* the cover needs its headline */
	if (once_at[CP_PART_COVER].line != 0 && L->m->cover_headline.s == NULL &&
	    cp_ynode_get(r->map, "cover") == NULL)
		cp_rd_missing(r, "cover");
}

/* The issue's own fields first, then the layout, then the contents with
 * every file they name. Each reader reports its own problems; nothing
 * stops the walk, so one run shows every problem of every file. */
void cp_ld_issue(cp_ld *L, cp_ldfile *f)
{
	cp_model *m = L->m;
	cp_rd r;
	cp_rd_init(&r, m, L->d, f->root, "issue", NULL, issue_keys);
	cp_rd_text(&r, "magazine", true, &m->magazine);
	cp_rd_int(&r, "number", true, 1, G_MAXINT, &m->number, &m->number_span);
	cp_rd_date(&r, "date", true, &m->date);
	cp_rd_print_text(&r, "title", false, &m->title);
	cp_rd_print_text(&r, "publisher", true, &m->publisher);
	cp_rd_text(&r, "layout", false, &m->layout_ref);

	/* cover: and colophon: */
	const cp_ynode *cover = cp_rd_map(&r, "cover", false);
	if (cover != NULL) {
		cp_rd c;
		cp_rd_init(&c, m, L->d, cover, "issue", "'cover'", cover_keys);
		cp_rd_print_text(&c, "headline", true, &m->cover_headline);
		cp_text image = {0};
		if (cp_rd_text(&c, "image", false, &image) && image.s != NULL) {
			/* a bad cover image leaves the cover without one */
			size_t before = errors(L);
			m->cover_image.index = cp_load_image(m, f->path, image.s, image.span, L->d);
			m->errors_contained += errors(L) - before;
		}
		m->cover_image.span = image.span;
		cp_rd_clear(&c);
		m->errors_contained += c.n_ignored;
	}
	const cp_ynode *colophon = cp_rd_map(&r, "colophon", false);
	if (colophon != NULL) {
		cp_rd c;
		cp_rd_init(&c, m, L->d, colophon, "issue", "'colophon'", colophon_keys);
		cp_rd_print_text(&c, "editor", false, &m->editor);
		cp_rd_print_text(&c, "address", false, &m->address);
		cp_rd_print_text(&c, "contact", false, &m->contact);
		cp_rd_print_text(&c, "printer", false, &m->printer);
		cp_rd_print_text(&c, "note", false, &m->note);
		cp_rd_clear(&c);
		m->errors_contained += c.n_ignored;
	}

	/* the layout before the contents, so its problems come first */
	load_layout(L, f->path, m->layout_ref);
	read_contents(L, f->path, &r);
	/* the network's own notices, for empty ad space and blank pages */
	const cp_ynode *house = cp_ynode_get(f->root, "house_ads");
	if (!cp_ynode_is_null(house))
		cp_ld_house_ads(L, f->path, f->file, house);
	cp_rd_clear(&r);
	m->errors_contained += r.n_ignored;
}
