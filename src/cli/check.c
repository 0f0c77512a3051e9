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

int cp_cli_check(int argc, char **argv)
{
	gboolean werror = FALSE;
	gboolean json = FALSE;
	g_autofree char *layout = NULL;
	GOptionEntry entries[] = {
	    {"layout", 0, 0, G_OPTION_ARG_FILENAME, &layout,
	     N_("Set the issue on this layout instead of its own: a name (b5-tate) or a file"),
	     N_("LAYOUT")},
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
	 * errors whose piece was left out (pipeline.c); nothing is written */
	cp_cli_run run;
	cp_cli_run_pipeline_layout(&run, argv[1], layout, CP_CLI_STAGE_DL);
	cp_diags_set_werror(run.d, werror);
	if (json)
		cp_diags_print_json(run.d, stdout);
	else
		cp_diags_print(run.d, stderr);
	int status = cp_cli_exit_status(run.d);
	cp_cli_run_clear(&run);
	return status;
}
