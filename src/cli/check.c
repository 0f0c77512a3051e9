/* check.c - `canpress check ISSUE.yaml`: load and compose without writing,
 * and report every problem, sorted by file and line. */
#include "cli/cli.h"

#include <stdio.h>

int cp_cli_check(int argc, char **argv)
{
	gboolean werror = FALSE;
	gboolean json = FALSE;
	GOptionEntry entries[] = {
		{"werror", 0, 0, G_OPTION_ARG_NONE, &werror, "Treat warnings as errors", NULL},
		{"json", 0, 0, G_OPTION_ARG_NONE, &json,
		 "Print the diagnostics as a JSON array on standard output", NULL},
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("ISSUE.yaml - report every problem before printing");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		fprintf(stderr, "canpress check: %s\n", err->message);
		return CP_EXIT_USAGE;
	}
	if (argc != 2) {
		fprintf(stderr, "canpress check: expected one issue file (try --help)\n");
		return CP_EXIT_USAGE;
	}
	cp_cli_run run;
	cp_cli_run_pipeline(&run, argv[1], CP_CLI_STAGE_DL);
	cp_diags_set_werror(run.d, werror);
	if (json)
		cp_diags_print_json(run.d, stdout);
	else
		cp_diags_print(run.d, stderr);
	int status = cp_cli_exit_status(run.d);
	cp_cli_run_clear(&run);
	return status;
}
