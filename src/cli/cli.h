/* cli.h - the commands. Each takes its own argv (argv[0] = the command name)
 * and returns the process exit status; only main.c exits.
 * Audience: main.c and tests. Knows every stage's public header, no stage's
 * internals. */
#ifndef CP_CLI_CLI_H
#define CP_CLI_CLI_H

#include <stdbool.h>

#include "base/diag.h"
#include "displist/displist.h"
#include "markup/markup.h"
#include "model/model.h"
#include "typeset/typeset.h"

/* Exit statuses, the same for every command. */
enum {
	CP_EXIT_OK = 0,        /* no errors */
	CP_EXIT_INPUT = 1,     /* input errors (warnings too with --werror) */
	CP_EXIT_USAGE = 2,     /* bad command line */
	CP_EXIT_SYSTEM = 3,    /* I/O or library failure */
};

int cp_cli_build(int argc, char **argv);
int cp_cli_check(int argc, char **argv);
int cp_cli_dump(int argc, char **argv);

/* --- the pipeline, shared by the commands ------------------------------- */

typedef enum cp_cli_stage {
	CP_CLI_STAGE_MODEL,    /* load only */
	CP_CLI_STAGE_RUNS,     /* + markup */
	CP_CLI_STAGE_DL,       /* + compose */
} cp_cli_stage;

/* Everything one run of the pipeline made; cp_cli_run_clear frees it. */
typedef struct cp_cli_run {
	cp_diags *d;
	cp_model *model;
	cp_markup_doc **docs;      /* one per model->articles */
	cp_typesetter *ts;
	cp_dl *dl;
} cp_cli_run;

/* Runs load -> markup -> compose up to stage, stopping between stages when
 * the sink holds errors. Returns true when the stage was reached without
 * errors (warnings allowed). run->d is always set. */
bool cp_cli_run_pipeline(cp_cli_run *run, const char *issue_path, cp_cli_stage stage);
void cp_cli_run_clear(cp_cli_run *run);

/* The exit status for a finished run: SYSTEM for fatal diagnostics, INPUT
 * for errors (or warnings under werror), else OK. */
int cp_cli_exit_status(const cp_diags *d);

/* --- where canpress finds its data ------------------------------------- */

/* The folder holding layouts/ and fonts/: $CANPRESS_DATADIR when set; the
 * source tree when this binary runs from its build folder (uninstalled);
 * else the installed data folder. Caller frees. */
char *cp_cli_data_dir(void);

#endif
