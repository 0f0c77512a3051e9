/* build.c - `canpress build ISSUE.yaml -o issue.pdf`: the whole pipeline,
 * then the PDF. Nothing is written when the input has errors, and the PDF is
 * renamed over the target only when complete. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "render/render.h"

int cp_cli_build(int argc, char **argv)
{
	g_autofree char *output = NULL;
	gboolean werror = FALSE;
	gboolean timings = FALSE;
	gboolean bleed = FALSE;
	gboolean press = FALSE;
	gboolean marks = FALSE;
	gboolean no_marks = FALSE;
	g_autofree char *pdfx = NULL;
	g_autofree char *icc = NULL;
	g_autofree char *layout = NULL;
	GOptionEntry entries[] = {
	    {"layout", 0, 0, G_OPTION_ARG_FILENAME, &layout,
	     N_("Set the issue on this layout instead of its own: a name (b5-tate) or a file"),
	     N_("LAYOUT")},

	    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
	     N_("Write the PDF to FILE (default: the issue's name with .pdf)"), N_("FILE")},
	    {"bleed", 0, 0, G_OPTION_ARG_NONE, &bleed,
	     N_("Make pages trim size plus the layout's bleed on every side"), NULL},
	    {"press", 0, 0, G_OPTION_ARG_NONE, &press,
	     N_("The print shop's PDF: PDF/X, CMYK, bleed, TrimBox, marks (see docs/press.md)"),
	     NULL},
	    {"marks", 0, 0, G_OPTION_ARG_NONE, &marks, N_("With --press: draw crop marks (tombo)"),
	     NULL},
	    {"no-marks", 0, 0, G_OPTION_ARG_NONE, &no_marks, N_("With --press: no crop marks"),
	     NULL},
	    {"pdfx", 0, 0, G_OPTION_ARG_STRING, &pdfx,
	     N_("With --press: auto, x1a or x4 (default: the layout's press: pdfx)"), N_("KIND")},
	    {"icc", 0, 0, G_OPTION_ARG_FILENAME, &icc,
	     N_("With --press: the CMYK output profile (default: the layout's, else FOGRA39)"),
	     N_("FILE")},
	    {"werror", 0, 0, G_OPTION_ARG_NONE, &werror, N_("Treat warnings as errors"), NULL},
	    {"timings", 0, 0, G_OPTION_ARG_NONE, &timings,
	     N_("Print the time of each stage (load, markup, compose, fonts, write) to stderr"),
	     NULL},
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx = cp_cli_context_new(
	    _("ISSUE.yaml - typeset an issue to PDF"),
	    N_("Loads, composes and writes the issue as a PDF; nothing is written when the "
	       "issue has errors."),
	    entries);
	int st = cp_cli_parse(ctx, "build", &argc, &argv, 1);
	if (st >= 0)
		return st;
	cp_cli_press_args pa = {.press = press, .marks = -1, .icc = icc};
	if (marks && no_marks) {
		fprintf(stderr, _("canpress build: --marks and --no-marks exclude each other\n"));
		return CP_EXIT_USAGE;
	}
	if (marks || no_marks)
		pa.marks = marks ? 1 : 0;
	if (pdfx != NULL) {
		pa.pdfx_set = true;
		if (!cp_pdfx_from_name(pdfx, &pa.pdfx)) {
			fprintf(stderr, _("canpress build: --pdfx must be auto, x1a or x4\n"));
			return CP_EXIT_USAGE;
		}
	}
	const char *issue = argv[1];
	if (output == NULL)
		output = cp_cli_default_output(issue);

	/* the screen PDF's profile loads on a second thread meanwhile */
	cp_cli_warm warm;
	cp_cli_warm_start(&warm, icc, press);
	pa.warm = &warm;
	cp_cli_run run;
	bool ok = cp_cli_run_pipeline_layout(&run, issue, layout, CP_CLI_STAGE_DL);
	cp_diags_set_werror(run.d, werror);
	if (ok && !cp_diags_failed(run.d)) {
		cp_cli_clock t0 = cp_cli_clock_now();
		ok = cp_cli_write_pdf(&run, output, bleed, &pa);
		cp_cli_stage_done(&run, CP_CLI_T_WRITE, t0);
		/* the writer's font time is part of the call's */
		if (run.seconds[CP_CLI_T_FONTS] > 0.0) {
			run.seconds[CP_CLI_T_WRITE] -= run.seconds[CP_CLI_T_FONTS];
			run.cpu[CP_CLI_T_WRITE] -= run.cpu[CP_CLI_T_FONTS];
		}
	}
	cp_diags_print(run.d, stderr);
	if (timings)
		cp_cli_print_timings(&run, stderr);
	int status = cp_cli_exit_status(run.d);
	if (status == CP_EXIT_OK && !ok)
		status = CP_EXIT_SYSTEM; /* a stage failed without saying why: a bug */
	if (status == CP_EXIT_OK)
		fprintf(stderr, "canpress: wrote %s (%zu pages)\n", output,
		        cp_dl_page_count(run.dl));
	else
		fprintf(stderr, "canpress: %s not written\n", output);
	cp_cli_run_clear(&run);
	cp_cli_warm_clear(&warm);
	return status;
}
