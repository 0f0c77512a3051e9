/* pipeline.c - the stages in order, as every command runs them:
 * load -> markup (+ figure images) -> typesetter -> compose.
 * It goes on past errors whose piece load left out of the model (a broken
 * member or article, a bad image, an unknown key: errors_contained in
 * model/model.h), so one run reports the overflows, missing glyphs and
 * images of the rest of the issue too; any other error stops it between
 * stages. A run with any error never reaches the output stage. */
#include "cli/cli.h"

#include <sys/stat.h>

#include <glib/gstdio.h>

#include <string.h>
#include <time.h>

#include "compose/compose.h"
#include "load/load.h"
#include "press/press.h"

/* The supplied PDF pages the issue names, read by the press step (inside
 * its limits) so compose knows their sizes and the writer gets the pages.
 * A page that cannot be read is an error at the line naming it whose harm
 * stays in its ad: the rest is still composed and checked. */
static void read_artworks(cp_cli_run *run)
{
	cp_model *m = run->model;
	cp_diags *d = run->d;
	run->forms = g_new0(cp_pdf_form *, m->n_artworks + 1);
	run->n_forms = m->n_artworks;
	for (size_t i = 0; i < m->n_artworks; i++) {
		cp_model_artwork *a = &m->artworks[i];
		size_t before = cp_diags_count(d, CP_ERROR);
		cp_pdf_form *f = cp_press_artwork_read(a->path, a->page, a->span, NULL, d);
		m->errors_contained += cp_diags_count(d, CP_ERROR) - before;
		run->forms[i] = f;
		if (f == NULL)
			continue;
		a->read = true;
		a->width = f->width;
		a->height = f->height;
		a->crop_x = f->crop_x;
		a->crop_y = f->crop_y;
		a->min_ppi = f->min_ppi;
	}
}

const cp_pdf_form *const *cp_cli_forms_for(const cp_cli_run *run, size_t *n)
{
	const cp_dl *dl = run->dl;
	const cp_model *m = run->model;
	*n = dl != NULL ? dl->artworks->len : 0;
	const cp_pdf_form **forms = g_new0(const cp_pdf_form *, *n + 1);
	for (size_t i = 0; i < *n && m != NULL; i++) {
		const cp_dl_artwork_src *a = &g_array_index(dl->artworks, cp_dl_artwork_src, i);
		for (size_t k = 0; k < run->n_forms; k++)
			if (run->forms[k] != NULL && m->artworks[k].page == a->page &&
			    strcmp(m->artworks[k].path, a->path) == 0)
				forms[i] = run->forms[k];
	}
	return forms;
}

/* Resolves the images of an article's figures against the article file. */
static void resolve_figures(cp_model *m, const cp_article *a, cp_markup_doc *doc, cp_diags *d)
{
	for (size_t i = 0; i < doc->n_blocks; i++) {
		cp_mk_block *b = &doc->blocks[i];
		if (b->kind != CP_MK_FIGURE || b->image == NULL)
			continue;
		/* a bad figure image leaves the figure without it */
		size_t before = cp_diags_count(d, CP_ERROR);
		b->image_index = cp_load_image(m, a->file, b->image, b->span, d);
		m->errors_contained += cp_diags_count(d, CP_ERROR) - before;
	}
}

bool cp_cli_composable(const cp_model *m, const cp_diags *d)
{
	if (m == NULL || cp_diags_count(d, CP_FATAL) > 0)
		return false;
	size_t errors = cp_diags_count(d, CP_ERROR);
	/* with every part left out, composing would only add "nothing to
	 * print" to the errors that caused it */
	if (errors > 0 && m->n_parts == 0)
		return false;
	return errors <= m->errors_contained;
}

bool cp_cli_run_pipeline(cp_cli_run *run, const char *issue_path, cp_cli_stage stage)
{
	return cp_cli_run_pipeline_layout(run, issue_path, NULL, stage);
}

/* The typesetter, made on a thread of its own while the issue loads: it
 * reads only the font configuration (fontconfig's parse and cache, Pango's
 * font map: some 12 ms, as long as loading the 64-page benchmark issue),
 * and the main thread uses it only after joining. Its diagnostics (the
 * configuration unreadable) go to a sink of its own, given after load's as
 * if it had been made then; dropped with it when compose is not reached. */
typedef struct ts_early {
	char *fonts_conf;
	cp_diags *d;
	cp_typesetter *ts;
	GThread *thread;
} ts_early;

static gpointer ts_early_run(gpointer data)
{
	ts_early *e = data;
	e->ts = cp_ts_new(e->fonts_conf, e->d);
	return NULL;
}

static void ts_early_start(ts_early *e, const char *fonts_conf)
{
	e->fonts_conf = g_strdup(fonts_conf);
	e->d = cp_diags_new();
	e->thread = g_thread_new("canpress-fonts", ts_early_run, e);
}

/* The typesetter (NULL when it could not be made: the reason is in d). */
static cp_typesetter *ts_early_take(ts_early *e, cp_diags *d)
{
	g_thread_join(e->thread);
	e->thread = NULL;
	for (size_t i = 0; i < cp_diags_len(e->d); i++) {
		const cp_diag *dg = cp_diags_get(e->d, i);
		g_assert(dg->span.file == 0); /* the sink knows no files of d's */
		cp_diag *nd = cp_diag_add(d, dg->code, dg->span, NULL, "%s", dg->msg);
		nd->hint = g_strdup(dg->hint);
	}
	return g_steal_pointer(&e->ts);
}

static void ts_early_clear(ts_early *e)
{
	if (e->thread != NULL)
		g_thread_join(e->thread);
	g_clear_pointer(&e->ts, cp_ts_free);
	g_clear_pointer(&e->d, cp_diags_free);
	g_clear_pointer(&e->fonts_conf, g_free);
}

static bool run_pipeline(cp_cli_run *run, const char *issue_path, const char *layout,
                         cp_cli_stage stage, ts_early *early);

bool cp_cli_run_pipeline_layout(cp_cli_run *run, const char *issue_path, const char *layout,
                                cp_cli_stage stage)
{
	ts_early early = {0};
	if (stage == CP_CLI_STAGE_DL && cp_pdf_threads(0) >= 2) {
		g_autofree char *data = cp_cli_data_dir();
		g_autofree char *fonts_conf = g_build_filename(data, "fonts", "fonts.conf", NULL);
		ts_early_start(&early, fonts_conf);
	}
	bool ok = run_pipeline(run, issue_path, layout, stage, &early);
	ts_early_clear(&early);
	return ok;
}

static bool run_pipeline(cp_cli_run *run, const char *issue_path, const char *layout,
                         cp_cli_stage stage, ts_early *early)
{
	memset(run, 0, sizeof *run);
	for (int i = 0; i < CP_CLI_T_COUNT; i++)
		run->seconds[i] = run->cpu[i] = -1.0;
	run->d = cp_diags_new();
	cp_diags *d = run->d;
	g_autofree char *data = cp_cli_data_dir();
	g_autofree char *layouts = g_build_filename(data, "layouts", NULL);
	g_autofree char *fonts_conf = g_build_filename(data, "fonts", "fonts.conf", NULL);

	/* 1. load: the issue and everything it names */
	cp_cli_clock t0 = cp_cli_clock_now();
	run->model = cp_load_issue_with_layout(issue_path, layouts, layout, d);
	if (cp_cli_composable(run->model, d))
		read_artworks(run);
	cp_cli_stage_done(run, CP_CLI_T_LOAD, t0);
	if (!cp_cli_composable(run->model, d))
		return false;
	if (stage == CP_CLI_STAGE_MODEL)
		return !cp_diags_has_errors(d);

	/* 2. markup: article bodies to blocks of runs; figures' images */
	cp_model *m = run->model;
	t0 = cp_cli_clock_now();
	run->docs = g_new0(cp_markup_doc *, m->n_articles + 1);
	for (size_t i = 0; i < m->n_articles; i++) {
		const cp_article *a = &m->articles[i];
		const char *body = a->body.s != NULL ? a->body.s : "";
		/* a notation the parser refuses stays in the text as typed: the
		 * document is whole, so compose goes on and `check` finds the
		 * errors of titles, cards and ads in the same run */
		size_t before = cp_diags_count(d, CP_ERROR);
		run->docs[i] =
		    cp_markup_parse(body, strlen(body), a->span.file, a->body_line, a->body_col, d);
		m->errors_contained += cp_diags_count(d, CP_ERROR) - before;
		resolve_figures(m, a, run->docs[i], d);
	}
	cp_cli_stage_done(run, CP_CLI_T_MARKUP, t0);
	if (!cp_cli_composable(m, d))
		return false;
	if (stage == CP_CLI_STAGE_RUNS)
		return !cp_diags_has_errors(d);

	/* 3. compose, with the typesetter on the private font configuration */
	t0 = cp_cli_clock_now();
	run->ts = early->thread != NULL ? ts_early_take(early, d) : cp_ts_new(fonts_conf, d);
	if (run->ts == NULL)
		return false;
	run->dl = cp_compose_issue_threads(m, run->docs, run->ts, d, cp_pdf_threads(0));
	cp_ts_trim(run->ts); /* its paragraph memo is of no use to the writer */
	cp_cli_stage_done(run, CP_CLI_T_COMPOSE, t0);
	return run->dl != NULL && !cp_diags_has_errors(d);
}

void cp_cli_run_clear(cp_cli_run *run)
{
	g_clear_pointer(&run->dl, cp_dl_free);
	if (run->docs != NULL && run->model != NULL)
		for (size_t i = 0; i < run->model->n_articles; i++)
			cp_markup_doc_free(run->docs[i]);
	g_clear_pointer(&run->docs, g_free);
	g_clear_pointer(&run->ts, cp_ts_free);
	for (size_t i = 0; i < run->n_forms; i++)
		cp_pdf_form_free(run->forms[i]);
	g_clear_pointer(&run->forms, g_free);
	run->n_forms = 0;
	g_clear_pointer(&run->model, cp_model_free);
	g_clear_pointer(&run->d, cp_diags_free);
}

cp_cli_clock cp_cli_clock_now(void)
{
	cp_cli_clock c = {g_get_monotonic_time(), 0.0};
	struct timespec ts;
	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == 0)
		c.cpu_s = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	return c;
}

void cp_cli_stage_done(cp_cli_run *run, cp_cli_timed stage, cp_cli_clock start)
{
	cp_cli_clock now = cp_cli_clock_now();
	double wall = (double)(now.wall_us - start.wall_us) / (double)G_USEC_PER_SEC;
	double cpu = now.cpu_s - start.cpu_s;

	run->seconds[stage] = (run->seconds[stage] > 0.0 ? run->seconds[stage] : 0.0) + wall;
	run->cpu[stage] = (run->cpu[stage] > 0.0 ? run->cpu[stage] : 0.0) + cpu;
}

void cp_cli_print_timings(const cp_cli_run *run, FILE *f)
{
	static const char *const names[CP_CLI_T_COUNT] = {"load", "markup", "compose", "fonts",
	                                                  "write"};
	GString *line = g_string_new(NULL);
	double total = 0.0;
	double total_cpu = 0.0;

	for (int i = 0; i < CP_CLI_T_COUNT; i++) {
		if (run->seconds[i] < 0.0)
			continue;
		g_string_append_printf(line, "%s %.3f s (cpu %.3f), ", names[i], run->seconds[i],
		                       run->cpu[i]);
		total += run->seconds[i];
		total_cpu += run->cpu[i];
	}
	/* English under every locale, like check --json: bench/peers reads it */
	fprintf(f, "canpress: time %stotal %.3f s (cpu %.3f)\n", line->str, total, total_cpu);
	g_string_free(line, TRUE);
}

int cp_cli_exit_status(const cp_diags *d)
{
	if (cp_diags_has_fatal(d))
		return CP_EXIT_SYSTEM;
	if (cp_diags_failed(d))
		return CP_EXIT_INPUT;
	return CP_EXIT_OK;
}

void cp_cli_run_inputs(const cp_cli_run *run, void (*fn)(const char *path, void *data), void *data)
{
	for (uint32_t i = 1; run->d != NULL; i++) {
		const char *name = cp_diags_file_name(run->d, i);
		if (*name == '\0')
			break;
		fn(name, data);
	}
	const cp_model *m = run->model;
	if (m == NULL)
		return;
	const char *fixed[] = {m->file, m->layout.file};
	for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++)
		if (fixed[i] != NULL && *fixed[i] != '\0')
			fn(fixed[i], data);
	for (size_t i = 0; i < m->n_articles; i++)
		fn(m->articles[i].file, data);
	for (size_t i = 0; i < m->n_members; i++)
		fn(m->members[i].file, data);
	for (size_t i = 0; i < m->n_images; i++)
		fn(m->images[i].path, data);
	for (size_t i = 0; i < m->n_artworks; i++)
		fn(m->artworks[i].path, data);
}

bool cp_cli_same_file(const char *a, const char *b)
{
	GStatBuf sa;
	GStatBuf sb;
	return a != NULL && b != NULL && g_stat(a, &sa) == 0 && g_stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

typedef struct clobber {
	GStatBuf out;
	const char *hit; /* the input that is the output, or NULL */
} clobber;

static void check_clobber(const char *path, void *data)
{
	clobber *c = data;
	GStatBuf st;
	if (c->hit == NULL && path != NULL && g_stat(path, &st) == 0 &&
	    st.st_dev == c->out.st_dev && st.st_ino == c->out.st_ino)
		c->hit = path;
}

bool cp_cli_output_is_input(const cp_cli_run *run, const char *output)
{
	clobber c = {0};
	/* only a regular file can be an input; devices and new names cannot */
	if (g_stat(output, &c.out) != 0 || !S_ISREG(c.out.st_mode))
		return false;
	cp_cli_run_inputs(run, check_clobber, &c);
	if (c.hit == NULL)
		return false;
	cp_diag_add(run->d, CP_DIAG_OUTPUT, CP_SPAN_NONE, "name another file with -o",
	            "cannot write '%s': it is the issue's input file '%s'", output, c.hit);
	return true;
}
