/* dump.c - `canpress dump --stage=model|runs|dl ISSUE.yaml`: a stage's output
 * as text on standard output, for golden tests and for seeing what a stage
 * made of the input. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

int cp_cli_dump(int argc, char **argv)
{
	g_autofree char *stage_name = NULL;
	g_autofree char *layout = NULL;
	GOptionEntry entries[] = {
	    {"layout", 0, 0, G_OPTION_ARG_FILENAME, &layout,
	     N_("Set the issue on this layout instead of its own: a name (b5-tate) or a file"),
	     N_("LAYOUT")},
	    {"stage", 0, 0, G_OPTION_ARG_STRING, &stage_name,
	     N_("What to dump: model, runs or dl (default dl)"), N_("STAGE")},
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx = cp_cli_context_new(
	    _("ISSUE.yaml - dump a stage's output"),
	    N_("Prints the model, the article runs or the page display list as text, one "
	       "item per line, as the golden tests compare them."),
	    entries);
	int st = cp_cli_parse(ctx, "dump", &argc, &argv, -1);
	if (st >= 0)
		return st;
	cp_cli_stage stage = CP_CLI_STAGE_DL;
	if (stage_name == NULL || strcmp(stage_name, "dl") == 0)
		stage = CP_CLI_STAGE_DL;
	else if (strcmp(stage_name, "model") == 0)
		stage = CP_CLI_STAGE_MODEL;
	else if (strcmp(stage_name, "runs") == 0)
		stage = CP_CLI_STAGE_RUNS;
	else {
		fprintf(stderr, _("canpress dump: unknown stage '%s' (model, runs or dl)\n"),
		        stage_name);
		return CP_EXIT_USAGE;
	}
	if (argc != 2) {
		fprintf(stderr, _("canpress %s: expected one issue file (try --help)\n"), "dump");
		return CP_EXIT_USAGE;
	}
	cp_cli_run run;
	bool ok = cp_cli_run_pipeline_layout(&run, argv[1], layout, stage);
	cp_diags_print(run.d, stderr);
	if (ok) {
		switch (stage) {
		case CP_CLI_STAGE_MODEL:
			cp_model_dump(run.model, run.d, stdout);
			break;
		case CP_CLI_STAGE_RUNS:
			for (size_t i = 0; i < run.model->n_articles; i++) {
				printf("article %zu %s\n", i, run.model->articles[i].file);
				cp_markup_dump(run.docs[i], stdout);
			}
			break;
		case CP_CLI_STAGE_DL:
			cp_dl_dump(run.dl, stdout);
			break;
		}
	}
	fflush(stdout);
	int status = cp_cli_exit_status(run.d);
	if (status == CP_EXIT_OK && !ok)
		status = CP_EXIT_SYSTEM;
	cp_cli_run_clear(&run);
	return status;
}
