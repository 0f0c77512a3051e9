/* cli.h - the commands. Each takes its own argv (argv[0] = the command name)
 * and returns the process exit status; only main.c exits.
 * Audience: main.c and tests. Knows every stage's public header, no stage's
 * internals. */
#ifndef CP_CLI_CLI_H
#define CP_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "base/diag.h"
#include "displist/displist.h"
#include "markup/markup.h"
#include "model/model.h"
#include "pdf/pdf.h"
#include "render/render.h"
#include "typeset/typeset.h"

/* Exit statuses, the same for every command. */
enum {
	CP_EXIT_OK = 0,     /* no errors */
	CP_EXIT_INPUT = 1,  /* input errors (warnings too with --werror) */
	CP_EXIT_USAGE = 2,  /* bad command line */
	CP_EXIT_SYSTEM = 3, /* I/O or library failure */
};

int cp_cli_build(int argc, char **argv);
int cp_cli_check(int argc, char **argv);
int cp_cli_dump(int argc, char **argv);
int cp_cli_preflight(int argc, char **argv);
int cp_cli_impose(int argc, char **argv);
int cp_cli_preview(int argc, char **argv);
int cp_cli_watch(int argc, char **argv);
int cp_cli_new(int argc, char **argv);

/* --- the pipeline, shared by the commands ------------------------------- */

typedef enum cp_cli_stage {
	CP_CLI_STAGE_MODEL, /* load only */
	CP_CLI_STAGE_RUNS,  /* + markup */
	CP_CLI_STAGE_DL,    /* + compose */
} cp_cli_stage;

/* The stages --timings reports, in pipeline order. */
typedef enum cp_cli_timed {
	CP_CLI_T_LOAD,    /* the issue, layout, articles, members, images' headers */
	CP_CLI_T_MARKUP,  /* article bodies to runs, figures' images */
	CP_CLI_T_COMPOSE, /* the typesetter (font configuration) and compose */
	CP_CLI_T_FONTS,   /* the writer's font subsetting and embedding */
	CP_CLI_T_WRITE,   /* the rest of the output: the PDF and its file */
	CP_CLI_T_COUNT
} cp_cli_timed;

/* Everything one run of the pipeline made; cp_cli_run_clear frees it. */
typedef struct cp_cli_run {
	cp_diags *d;
	cp_model *model;
	cp_markup_doc **docs; /* one per model->articles */
	cp_typesetter *ts;
	cp_dl *dl;
	/* The supplied PDF pages, by model->artworks index, as the press step
	 * read them after load (NULL where it could not): the PDF writer is
	 * given them (cp_cli_write_pdf). */
	cp_pdf_form **forms;
	size_t n_forms;
	/* Wall time of each stage in seconds (GLib's monotonic clock) and the
	 * process's CPU time in it; a stage not run, or not measured apart
	 * (fonts inside the writer), is < 0. */
	double seconds[CP_CLI_T_COUNT];
	double cpu[CP_CLI_T_COUNT];
} cp_cli_run;

/* A point in time for cp_cli_stage_done: wall and CPU clocks. */
typedef struct cp_cli_clock {
	gint64 wall_us; /* g_get_monotonic_time */
	double cpu_s;   /* the process's CPU time */
} cp_cli_clock;

/* The forms for the writer (cp_pdf_opts.forms) by the display list's
 * artwork index; *n is their number. g_free the array, not the forms. */
const cp_pdf_form *const *cp_cli_forms_for(const cp_cli_run *run, size_t *n);

/* Runs load -> markup -> compose up to stage, stopping between stages when
 * the sink holds errors other than those whose piece load left out (see
 * cp_cli_composable). Returns true when the stage was reached without
 * errors (warnings allowed). run->d is always set. */
bool cp_cli_run_pipeline(cp_cli_run *run, const char *issue_path, cp_cli_stage stage);
/* The same with the issue's layout replaced by layout (--layout: a name or
 * a file), or the issue's own when NULL. */
bool cp_cli_run_pipeline_layout(cp_cli_run *run, const char *issue_path, const char *layout,
                                cp_cli_stage stage);
/* True when every error in d is one load contained (m->errors_contained):
 * the next stage may run, to report more, though nothing may be written. */
bool cp_cli_composable(const cp_model *m, const cp_diags *d);
void cp_cli_run_clear(cp_cli_run *run);
/* The clocks now. */
cp_cli_clock cp_cli_clock_now(void);
/* Records the time from start to now as stage's (added to what it has). */
void cp_cli_stage_done(cp_cli_run *run, cp_cli_timed stage, cp_cli_clock start);
/* Prints the stage times of run to f as one line (--timings):
 * "canpress: time load 0.012 s (cpu 0.010), markup ..., total 0.345 s (cpu
 * 0.300)". Stages not run or not measured apart are left out. */
void cp_cli_print_timings(const cp_cli_run *run, FILE *f);

/* Calls fn(path, data) for every file the run read: the sink's file table
 * (issue, layout, articles, members: every file a span can name) and, from
 * the model, the issue, layout, articles, members and images. A file may
 * come more than once. */
void cp_cli_run_inputs(const cp_cli_run *run, void (*fn)(const char *path, void *data), void *data);
/* True when output is an existing file the run read (the same file, by
 * device and inode, whatever the name): then an OUTPUT error is added, so
 * `-o issue.yaml` or `-o members/a.yaml` never replaces an input. */
bool cp_cli_output_is_input(const cp_cli_run *run, const char *output);
/* The same for a command with one input file (impose). */
bool cp_cli_same_file(const char *a, const char *b);

/* The exit status for a finished run: SYSTEM for fatal diagnostics, INPUT
 * for errors (or warnings under werror), else OK. */
int cp_cli_exit_status(const cp_diags *d);

/* --- the PDF output (press.c) --------------------------------------------- */

/* Command-line choices for the output; unset (-1, false) = the layout's
 * press: value. */
/* The screen PDF's output profile, loaded and deflated on a second thread
 * while the issue is composed (build; none with CANPRESS_THREADS=1). */
typedef struct cp_cli_warm {
	char *path; /* the profile it loads: --icc, else the default */
	GThread *thread;
	cp_pdf_profile *profile; /* the thread's result: NULL when missing */
} cp_cli_warm;
/* Starts loading the screen profile icc_arg (NULL: the default) unless press. */
void cp_cli_warm_start(cp_cli_warm *w, const char *icc_arg, bool press);
/* The loaded profile when it is the one at path (the caller owns it), else
 * NULL (then the caller loads it itself). */
cp_pdf_profile *cp_cli_warm_take(cp_cli_warm *w, const char *path);
void cp_cli_warm_clear(cp_cli_warm *w);

typedef struct cp_cli_press_args {
	bool press;        /* --press: the print PDF (PDF/X, CMYK, boxes) */
	bool pdfx_set;     /* --pdfx given */
	cp_pdfx pdfx;      /* its value */
	int marks;         /* 1 --marks, 0 --no-marks, -1 */
	const char *icc;   /* --icc PATH, or NULL */
	cp_cli_warm *warm; /* the screen profile being loaded, or NULL */
} cp_cli_press_args;

/* Writes run->dl to output: the screen PDF (screen colours through the
 * output profile when there is one, then rewritten by qpdf), or with
 * a->press the print PDF, checked by the preflight before it replaces
 * output. Returns false after adding diagnostics; output is then untouched. */
bool cp_cli_write_pdf(cp_cli_run *run, const char *output, bool bleed, const cp_cli_press_args *a);
/* Screen colours for previews: a render hook showing cmyk() colours
 * through the output profile (the layout's, else the default; without one
 * the naive formula of base/color.c). The display list is not changed. */
typedef struct cp_cli_screen {
	cp_render_colors colors;
	cp_pdf_profile *profile;
} cp_cli_screen;
void cp_cli_screen_init(cp_cli_screen *s, const cp_cli_run *run);
void cp_cli_screen_clear(cp_cli_screen *s);
/* The default output profile: $CANPRESS_ICC, else the FOGRA39 profile the
 * build made (uninstalled) or the installed one. Caller frees. */
char *cp_cli_default_profile(void);

/* --- where canpress finds its data ------------------------------------- */

/* The folder holding layouts/ and fonts/: $CANPRESS_DATADIR when set; the
 * source tree when this binary runs from its build folder (uninstalled);
 * else the installed data folder. Caller frees. */
char *cp_cli_data_dir(void);

/* Binds the "canpress" message catalogue: the build folder's po/ when
 * running uninstalled, else the installed locale folder. Under a Japanese
 * LANG whose locale is not installed, falls back to C.UTF-8 with
 * LANGUAGE=ja so messages are still Japanese. Call after setlocale. */
void cp_cli_i18n_init(void);

/* --- the command line, shared by the commands (options.c) ---------------- */

/* An option context with canpress's translation domain, summary (English,
 * translated here), the exit statuses as its description and entries.
 * Caller frees (g_autoptr). */
GOptionContext *cp_cli_context_new(const char *params, const char *summary,
                                   const GOptionEntry *entries);
/* Parses argv; on a bad option prints "canpress CMD: reason" and returns
 * CP_EXIT_USAGE, likewise when want_args >= 0 and the number of operands
 * left is not want_args. Returns -1 when the command should go on. */
int cp_cli_parse(GOptionContext *ctx, const char *cmd, int *argc, char ***argv, int want_args);
/* The same for a command whose operands are not one issue file: what names
 * them, translated, for "canpress CMD: expected WHAT (try --help)" ("one PDF
 * file"). Every command parses its options through one of these two, so
 * help is translated and a usage error always exits CP_EXIT_USAGE. */
int cp_cli_parse_operands(GOptionContext *ctx, const char *cmd, int *argc, char ***argv,
                          int want_args, const char *what);

/* Parses a page list ("3", "2-5", "1,4-6"; NULL or "" = every page) of an
 * issue of n_pages pages into 0-based indexes in out (size_t), each page
 * once, in the order given. False with error set on bad syntax or a page
 * outside 1..n_pages. */
bool cp_cli_pages_parse(const char *spec, size_t n_pages, GArray *out, GError **error);

/* The spread holding page (0-based) of an n_pages issue, as it lies open:
 * *left and *right are page indexes or CP_RENDER_NO_PAGE (SIZE_MAX). Page 1
 * and a last even page stand alone; right_bound issues read right to left,
 * so their earlier page is on the right. */
void cp_cli_spread_of(size_t page, size_t n_pages, bool right_bound, size_t *left, size_t *right);

/* The size in character cells of the terminal on fd; when fd is not a
 * terminal, $COLUMNS and $LINES, else 80 x 24. */
void cp_cli_term_size(int fd, int *cols, int *rows);

/* The PDF a command writes when -o is not given: the issue file's name with
 * .pdf, in the current folder ("content-samples/issue.yaml" -> "issue.pdf").
 * Caller frees. */
char *cp_cli_default_output(const char *issue);

#endif
