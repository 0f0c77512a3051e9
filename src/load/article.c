/* article.c - one article file into a cp_article. The body stays CommonMark
 * text (markup parses it); what load adds is where its first character sits
 * in the file, so markup can point at body problems by file:line:col.
 * Knows the article schema; nothing of CommonMark. */
#include "load/load_int.h"

static const char *const article_keys[] = {"title",   "subtitle", "author", "lead",
                                           "writing", "body",     NULL};

/* Returns the article's index, or -1 (diagnosed) when the file cannot be
 * read or lacks a required field. */
int32_t cp_ld_article(cp_ld *L, const char *path, cp_span named_at)
{
	cp_model *m = L->m;
	cp_ldfile f;
	(void)named_at;
	if (!cp_ldfile_open(&f, m, path, "article", L->d)) {
		cp_ldfile_clear(&f);
		return -1;
	}
	cp_article a = {0};
	a.file = f.path;
	a.span = f.root->span;
	a.writing = CP_WRITING_HORIZONTAL;

	cp_rd r;
	cp_rd_init(&r, m, L->d, f.root, "article", NULL, article_keys);
	cp_rd_print_text(&r, "title", true, &a.title);
	cp_rd_print_text(&r, "subtitle", false, &a.subtitle);
	cp_rd_print_text(&r, "author", true, &a.author);
	cp_rd_print_text(&r, "lead", false, &a.lead);
	int w = (int)a.writing;
	if (cp_rd_enum(&r, "writing", cp_model_writing_names, CP_WRITING_COUNT, &w,
	               &a.writing_span))
		a.writing = (cp_writing)w;

	/* the body and where its line 1, column 1 is in the file: the first
	 * content line of a block scalar at its indentation, the first
	 * character of a plain or quoted one (yamltree.c works it out) */
	if (cp_rd_print_text(&r, "body", true, &a.body) && a.body.s != NULL) {
		const cp_ynode *b = cp_ynode_get(f.root, "body");
		a.body_line = b->body_line;
		a.body_col = b->body_col;
	}
	cp_rd_clear(&r);

	/* without its title, author or body the article is left out, so the
	 * rest of the issue can still be composed and checked */
	if (a.title.s == NULL || a.author.s == NULL || a.body.s == NULL) {
		cp_diag_add(L->d, CP_DIAG_LEFT_OUT, cp_span_at(f.file, 1, 1), NULL,
		            "article '%s' is left out of the pages until this file's errors are "
		            "fixed",
		            a.title.s != NULL ? a.title.s : f.path);
		cp_ldfile_clear(&f);
		return -1;
	}
	cp_ldfile_clear(&f);
	g_array_append_val(L->articles, a);
	return (int32_t)L->articles->len - 1;
}
