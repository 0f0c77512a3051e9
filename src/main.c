/* main.c - canpress: typesets the CAN magazine from YAML to print-ready PDF.
 * Dispatches to a command and turns its result into the exit status; the
 * only place that exits. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "base/files.h"
#include "cli/cli.h"
#include "cp_config.h"
#include "load/load.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
    {"build", cp_cli_build, N_("typeset an issue to a PDF")},
    {"check", cp_cli_check, N_("report every problem of an issue without writing anything")},
    {"dump", cp_cli_dump, N_("print a stage's output (model, runs, dl) as text")},
    {"preview", cp_cli_preview, N_("pages as PNG, spreads, a contact sheet, or in the terminal")},
    {"watch", cp_cli_watch, N_("rebuild the PDF whenever a file of the issue changes")},
    {"new", cp_cli_new, N_("make a new issue folder from the template")},
    {"preflight", cp_cli_preflight, N_("check a PDF for print: PDF/X, CMYK, bleed, fonts, ink")},
    {"impose", cp_cli_impose, N_("impose a PDF as a saddle-stitched booklet, 2-up")},
};

static void usage(FILE *f)
{
	fprintf(f, _("Usage: canpress COMMAND [OPTION...] ISSUE.yaml\n\nCommands:\n"));
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(f, _("\n'canpress COMMAND --help' shows a command's options.\n"
	             "Exit status: 0 ok, 1 input errors, 2 bad usage, 3 system failure.\n"));
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* an interrupted or killed run leaves no temporary file behind */
	cp_tmpfile_cleanup_on_signals();
	cp_cli_i18n_init();
	cp_load_init();
	if (argc < 2) {
		usage(stderr);
		return CP_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return CP_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("canpress %s\n", CP_VERSION);
		return CP_EXIT_OK;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, _("canpress: unknown command '%s'\n\n"), argv[1]);
	usage(stderr);
	return CP_EXIT_USAGE;
}
