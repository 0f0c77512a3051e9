/* check.c - `canpress check ISSUE.yaml`: load and compose without writing,
 * and report every problem an editor must fix before printing, sorted by
 * file and line: schema problems, text that overflows a member card (file,
 * field, lines over), characters no font of the role has, missing images
 * and images under 300 dpi at their placed size, pages added to reach a
 * multiple of 4. --json prints the same as a JSON array with the keys
 * file, line, col, severity, code, message and hint (keys, codes and
 * severities stay English under any locale; messages are translated). */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "compose/compose.h"
#include "load/load.h"

static bool same_place(cp_span a, cp_span b)
{
	return a.file == b.file && a.line == b.line && a.col == b.col;
}

/* True when span is where an image reference that load could not resolve
 * (a member's photo, the cover image) was written: the model simply has no
 * image there. */
static bool is_image_place(const cp_model *m, cp_span span)
{
	if (m->cover_image.index < 0 && same_place(m->cover_image.span, span))
		return true;
	for (size_t i = 0; i < m->n_members; i++)
		if (m->members[i].photo.index < 0 && same_place(m->members[i].photo.span, span))
			return true;
	return false;
}

/* Load errors after which the model is still whole enough to compose: a
 * misspelt key is ignored, a missing or broken image is left out. Composing
 * anyway finds the overflows, missing glyphs and low-resolution images an
 * editor would otherwise only see after fixing the first round. Any other
 * error (YAML syntax, a bad layout, a bad value, a missing article, a
 * missing required key: compose needs every required field) stops before
 * compose, as build does. */
static bool composable(const cp_model *m, const cp_diags *d)
{
	for (size_t i = 0; i < cp_diags_len(d); i++) {
		const cp_diag *g = cp_diags_get(d, i);
		if (g->sev < CP_ERROR)
			continue;
		/* a misspelt key outside the layout (whose checks need every key) */
		if (g->code == CP_DIAG_UNKNOWN_KEY && m->layout.file != NULL &&
		    strcmp(cp_diags_file_name(d, g->span.file), m->layout.file) != 0)
			continue;
		if ((g->code == CP_DIAG_MISSING_FILE || g->code == CP_DIAG_NOT_A_FILE ||
		     g->code == CP_DIAG_BAD_IMAGE) &&
		    is_image_place(m, g->span))
			continue;
		return false;
	}
	return true;
}

/* The pipeline as cp_cli_run_pipeline runs it, but going on past the load
 * errors listed in composable(); nothing is written, so nothing is at risk.
 * Frees everything it made before returning. */
static void run_check(const char *issue, cp_diags *d)
{
	g_autofree char *data = cp_cli_data_dir();
	g_autofree char *layouts = g_build_filename(data, "layouts", NULL);
	g_autofree char *fonts_conf = g_build_filename(data, "fonts", "fonts.conf", NULL);

	/* 1. load */
	g_autoptr(cp_model) m = cp_load_issue(issue, layouts, d);
	if (m == NULL || !composable(m, d))
		return;

	/* 2. markup, and the images of figures */
	cp_markup_doc **docs = g_new0(cp_markup_doc *, m->n_articles + 1);
	for (size_t i = 0; i < m->n_articles; i++) {
		const cp_article *a = &m->articles[i];
		const char *body = a->body.s != NULL ? a->body.s : "";
		docs[i] = cp_markup_parse(body, strlen(body), a->span.file, a->body_line,
					  a->body_col, d);
		for (size_t k = 0; k < docs[i]->n_blocks; k++) {
			cp_mk_block *b = &docs[i]->blocks[k];
			if (b->kind == CP_MK_FIGURE && b->image != NULL)
				b->image_index = cp_load_image(m, a->file, b->image, b->span, d);
		}
	}

	/* 3. compose (the typesetter reports fonts and glyphs on the way) */
	if (composable(m, d)) {
		cp_typesetter *ts = cp_ts_new(fonts_conf, d);
		if (ts != NULL) {
			cp_dl_free(cp_compose_issue(m, docs, ts, d));
			cp_ts_free(ts);
		}
	}
	for (size_t i = 0; i < m->n_articles; i++)
		cp_markup_doc_free(docs[i]);
	g_free(docs);
}

int cp_cli_check(int argc, char **argv)
{
	gboolean werror = FALSE;
	gboolean json = FALSE;
	GOptionEntry entries[] = {
		{"werror", 0, 0, G_OPTION_ARG_NONE, &werror,
		 N_("Treat warnings as errors (exit status 1)"), NULL},
		{"json", 0, 0, G_OPTION_ARG_NONE, &json,
		 N_("Print the diagnostics as a JSON array on standard output"), NULL},
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx = cp_cli_context_new(
		_("ISSUE.yaml - report every problem before printing"),
		N_("Loads and composes the issue without writing anything, and reports every "
		   "problem sorted by file and line."),
		entries);
	int st = cp_cli_parse(ctx, "check", &argc, &argv, 1);
	if (st >= 0)
		return st;

	/* the whole pipeline up to the page display list, past the load
	 * errors that leave the model whole (see composable()) */
	g_autoptr(cp_diags) d = cp_diags_new();
	run_check(argv[1], d);
	cp_diags_set_werror(d, werror);
	if (json)
		cp_diags_print_json(d, stdout);
	else
		cp_diags_print(d, stderr);
	return cp_cli_exit_status(d);
}
