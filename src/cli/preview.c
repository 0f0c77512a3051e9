/* preview.c - `canpress preview ISSUE.yaml`: pages as PNG images, or drawn
 * in the terminal, for proofing without a PDF viewer.
 *
 * It runs the same pipeline as build and draws the same page display list
 * (render/raster.c, through draw.c), so what the editor sees is what the
 * PDF will show. What it makes:
 *   default   one PNG per page: DIR/page-03.png;
 *   --spread  the spreads holding the chosen pages, facing pages side by
 *             side as the open issue shows them (a right-bound issue reads
 *             right to left): DIR/spread-02-03.png;
 *   --sheet   one contact sheet of numbered thumbnails: DIR/sheet.png
 *             (rows read right to left in a right-bound issue);
 *   --term    the same images drawn in the terminal (render/term.c).
 * -o is a file when there is exactly one image, else a folder (made when
 * missing); default the current folder. Every PNG goes through a temporary
 * file renamed on success, so an interrupted run never leaves half a PNG
 * over a good one. */
#include "cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "render/render.h"

/* Defaults: screen resolution for pages, thumbnails for a sheet. */
#define DEFAULT_DPI 96.0
#define SHEET_DPI 24.0
#define MAX_DPI 2400.0
/* In a terminal, pixels per cell for the raster handed to chafa: more than
 * the symbols can show, so chafa picks symbols from real detail. */
#define TERM_PX_W 10.0
#define TERM_PX_H 20.0

/* One image to make: a page, a spread or the sheet. */
typedef struct job {
	size_t left, right; /* spread halves (CP_RENDER_NO_PAGE = empty) */
	size_t page;        /* a single page */
	char *name;         /* file name in the output folder */
	char *title;        /* the line over it in the terminal */
} job;

static void job_clear(gpointer p)
{
	job *j = p;
	g_free(j->name);
	g_free(j->title);
}

/* The width of page numbers in file names: two digits at least, so that
 * page-03.png sorts before page-12.png. */
static int number_width(size_t n_pages)
{
	int w = 2;
	for (size_t n = n_pages; n >= 100; n /= 10)
		w++;
	return w;
}

/* The jobs for the chosen pages: one per page, one per spread (each spread
 * once, in the order its first chosen page came), or the sheet. */
static GArray *plan(const cp_dl *dl, GArray *pages, bool spread, bool sheet)
{
	size_t n = cp_dl_page_count(dl);
	int nw = number_width(n);
	GArray *jobs = g_array_new(FALSE, TRUE, sizeof(job));
	g_array_set_clear_func(jobs, job_clear);
	if (sheet) {
		job j = {.page = CP_RENDER_NO_PAGE, .name = g_strdup("sheet.png")};
		j.title = g_strdup_printf(_("contact sheet, %u pages"), pages->len);
		g_array_append_val(jobs, j);
		return jobs;
	}
	g_autofree bool *done = g_new0(bool, n);
	for (guint i = 0; i < pages->len; i++) {
		size_t p = g_array_index(pages, size_t, i);
		job j = {.page = p, .left = CP_RENDER_NO_PAGE, .right = CP_RENDER_NO_PAGE};
		if (!spread) {
			j.name = g_strdup_printf("page-%0*zu.png", nw, p + 1);
			j.title = g_strdup_printf(_("page %zu of %zu"), p + 1, n);
			g_array_append_val(jobs, j);
			continue;
		}
		cp_cli_spread_of(p, n, dl->right_bound, &j.left, &j.right);
		size_t a = MIN(j.left, j.right);
		size_t b = j.left != CP_RENDER_NO_PAGE && j.right != CP_RENDER_NO_PAGE
		               ? MAX(j.left, j.right)
		               : CP_RENDER_NO_PAGE;
		if (done[a])
			continue;
		done[a] = true;
		if (b == CP_RENDER_NO_PAGE) {
			j.name = g_strdup_printf("spread-%0*zu.png", nw, a + 1);
			j.title = g_strdup_printf(_("page %zu of %zu"), a + 1, n);
		} else {
			j.name = g_strdup_printf("spread-%0*zu-%0*zu.png", nw, a + 1, nw, b + 1);
			j.title = g_strdup_printf(_("pages %zu-%zu of %zu"), a + 1, b + 1, n);
		}
		g_array_append_val(jobs, j);
	}
	return jobs;
}

/* The raster of one job at dpi. NULL after a diagnostic. */
static cp_render_raster *draw_job(const cp_dl *dl, const job *j, GArray *pages, int columns,
                                  double dpi, bool bleed, const cp_render_colors *colors,
                                  cp_diags *d)
{
	if (j->page == CP_RENDER_NO_PAGE)
		return cp_render_raster_sheet(dl, (const size_t *)(const void *)pages->data,
		                              pages->len, columns, dl->right_bound, dpi, bleed,
		                              colors, d);
	if (j->left != CP_RENDER_NO_PAGE || j->right != CP_RENDER_NO_PAGE)
		return cp_render_raster_spread(dl, j->left, j->right, dpi, bleed, colors, d);
	return cp_render_raster_page(dl, j->page, dpi, bleed, colors, d);
}

/* The pixel size of one character cell of the terminal on fd, from the
 * window's pixel size that xterm, kitty, foot, WezTerm and iTerm2 report
 * with its cell count; 0 x 0 when it says nothing (a pipe, tmux, most
 * virtual consoles). Sixel and kitty images are sized in pixels, so an
 * image made for cells of the wrong size would overflow the window. */
static void term_cell_px(int fd, int *w, int *h)
{
	struct winsize ws;
	*w = 0;
	*h = 0;
	if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0 &&
	    ws.ws_xpixel >= ws.ws_col && ws.ws_ypixel >= ws.ws_row) {
		*w = ws.ws_xpixel / ws.ws_col;
		*h = ws.ws_ypixel / ws.ws_row;
	}
}

/* A dpi that makes the job's raster about fill cols x rows terminal cells. */
static double term_dpi(const cp_dl *dl, const job *j, guint n_pages, int columns, int cols,
                       int rows, bool bleed)
{
	const cp_dl_page *p = cp_dl_page_get(dl, 0);
	double b = bleed ? 2 * p->bleed : 0;
	double w = p->width + b;
	double h = p->height + b;
	if (j->page == CP_RENDER_NO_PAGE) {
		/* a sheet: thumbnails plus their gaps, roughly */
		guint c = MIN(n_pages, (guint)columns);
		guint r = (n_pages + (guint)columns - 1) / (guint)columns;
		w *= c * 1.1;
		h *= r * 1.15;
	} else if (j->left != CP_RENDER_NO_PAGE || j->right != CP_RENDER_NO_PAGE) {
		w *= 2;
	}
	double dpi = fmin(cols * TERM_PX_W * 72.0 / w, (rows - 1) * TERM_PX_H * 72.0 / h);
	return fmax(4.0, fmin(dpi, 300.0));
}

/* Where the images go: *dir for several, *file for one. */
static int choose_output(const char *output, guint n_jobs, char **dir, char **file)
{
	*dir = NULL;
	*file = NULL;
	if (output == NULL) {
		*dir = g_strdup(".");
		return -1;
	}
	bool is_dir = g_file_test(output, G_FILE_TEST_IS_DIR) || g_str_has_suffix(output, "/");
	if (!is_dir && n_jobs == 1) {
		*file = g_strdup(output);
		return -1;
	}
	if (!is_dir && g_str_has_suffix(output, ".png")) {
		fprintf(
		    stderr,
		    _("canpress preview: %u images to write: -o must name a folder, not '%s'\n"),
		    n_jobs, output);
		return CP_EXIT_USAGE;
	}
	if (g_mkdir_with_parents(output, 0777) != 0) {
		fprintf(stderr, _("canpress preview: cannot make the folder '%s': %s\n"), output,
		        g_strerror(errno));
		return CP_EXIT_SYSTEM;
	}
	*dir = g_strdup(output);
	return -1;
}

int cp_cli_preview(int argc, char **argv)
{
	g_autofree char *output = NULL;
	g_autofree char *pages_spec = NULL;
	g_autofree char *mode_name = NULL;
	double dpi = 0;
	int columns = 6;
	gboolean spread = FALSE;
	gboolean sheet = FALSE;
	gboolean trim = FALSE;
	gboolean bleed = FALSE;
	gboolean term = FALSE;
	gboolean werror = FALSE;
	g_autofree char *layout = NULL;
	GOptionEntry entries[] = {
	    {"layout", 0, 0, G_OPTION_ARG_FILENAME, &layout,
	     N_("Set the issue on this layout instead of its own: a name (b5-tate) or a file"),
	     N_("LAYOUT")},
	    {"pages", 'p', 0, G_OPTION_ARG_STRING, &pages_spec,
	     N_("Only these pages: 3, 2-5 or 1,4-6 (default: all)"), N_("LIST")},
	    {"dpi", 'r', 0, G_OPTION_ARG_DOUBLE, &dpi,
	     N_("Pixels per inch (default 96; 24 for --sheet)"), N_("N")},
	    {"spread", 's', 0, G_OPTION_ARG_NONE, &spread,
	     N_("Facing pages side by side, in binding order"), NULL},
	    {"sheet", 0, 0, G_OPTION_ARG_NONE, &sheet,
	     N_("One contact sheet of numbered thumbnails (sheet.png)"), NULL},
	    {"columns", 0, 0, G_OPTION_ARG_INT, &columns,
	     N_("Thumbnails per row on the sheet (default 6)"), N_("N")},
	    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
	     N_("A PNG file (one image) or a folder for page-03.png ... (default: .)"), N_("PATH")},
	    {"trim", 0, 0, G_OPTION_ARG_NONE, &trim, N_("Show the trimmed page (the default)"),
	     NULL},
	    {"bleed", 0, 0, G_OPTION_ARG_NONE, &bleed, N_("Show the bleed around the trimmed page"),
	     NULL},
	    {"term", 't', 0, G_OPTION_ARG_NONE, &term,
	     N_("Draw in the terminal instead of writing PNG files"), NULL},
	    {"term-mode", 0, 0, G_OPTION_ARG_STRING, &mode_name,
	     N_("With --term: auto (default), symbols, sixel, kitty or iterm2"), N_("MODE")},
	    {"werror", 0, 0, G_OPTION_ARG_NONE, &werror, N_("Treat warnings as errors"), NULL},
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx = cp_cli_context_new(
	    _("ISSUE.yaml - pages as PNG images or in the terminal"),
	    N_("Draws pages of an issue as PNG images (a page each, spreads or a contact "
	       "sheet) or in the terminal, from the same pages as the PDF."),
	    entries);
	int st = cp_cli_parse(ctx, "preview", &argc, &argv, 1);
	if (st >= 0)
		return st;

	/* the options among themselves */
	if (trim && bleed) {
		fprintf(stderr, _("canpress preview: choose one of --trim and --bleed\n"));
		return CP_EXIT_USAGE;
	}
	if (spread && sheet) {
		fprintf(stderr, _("canpress preview: choose one of --spread and --sheet\n"));
		return CP_EXIT_USAGE;
	}
	if (dpi != 0 && (!(dpi > 0) || dpi > MAX_DPI)) {
		fprintf(stderr, _("canpress preview: --dpi must be between 1 and %g\n"), MAX_DPI);
		return CP_EXIT_USAGE;
	}
	if (columns < 1 || columns > 100) {
		fprintf(stderr, _("canpress preview: --columns must be between 1 and 100\n"));
		return CP_EXIT_USAGE;
	}
	cp_render_term_mode mode = CP_RENDER_TERM_AUTO;
	if (mode_name != NULL) {
		if (!cp_render_term_mode_from_name(mode_name, &mode)) {
			fprintf(stderr,
			        _("canpress preview: unknown --term-mode '%s' (auto, symbols, "
			          "sixel, kitty or iterm2)\n"),
			        mode_name);
			return CP_EXIT_USAGE;
		}
		term = TRUE;
	}
	if (term && output != NULL) {
		fprintf(stderr, _("canpress preview: --term draws in the terminal; drop -o\n"));
		return CP_EXIT_USAGE;
	}

	/* the pipeline, as for build; nothing is drawn from an issue with errors */
	cp_cli_run run;
	bool ok = cp_cli_run_pipeline_layout(&run, argv[1], layout, CP_CLI_STAGE_DL);
	cp_diags_set_werror(run.d, werror);
	if (!ok || cp_diags_failed(run.d)) {
		cp_diags_print(run.d, stderr);
		st = cp_cli_exit_status(run.d);
		cp_cli_run_clear(&run);
		return st == CP_EXIT_OK ? CP_EXIT_SYSTEM : st;
	}
	/* screen colours through the output profile (press.c) */
	cp_cli_screen screen;
	cp_cli_screen_init(&screen, &run);

	/* which pages, which images, where */
	size_t n_pages = cp_dl_page_count(run.dl);
	g_autoptr(GArray) pages = g_array_new(FALSE, FALSE, sizeof(size_t));
	g_autoptr(GError) err = NULL;
	if (!cp_cli_pages_parse(pages_spec, n_pages, pages, &err)) {
		fprintf(stderr, "canpress preview: --pages: %s\n", err->message);
		cp_cli_screen_clear(&screen);
		cp_cli_run_clear(&run);
		return CP_EXIT_USAGE;
	}
	g_autoptr(GArray) jobs = plan(run.dl, pages, spread, sheet);
	g_autofree char *dir = NULL;
	g_autofree char *file = NULL;
	if (!term) {
		st = choose_output(output, jobs->len, &dir, &file);
		if (st >= 0) {
			cp_cli_screen_clear(&screen);
			cp_cli_run_clear(&run);
			return st;
		}
	}
	if (dpi == 0)
		dpi = sheet ? SHEET_DPI : DEFAULT_DPI;
	int cols = 80;
	int rows = 24;
	int cell_w = 0;
	int cell_h = 0;
	if (term) {
		cp_cli_term_size(STDOUT_FILENO, &cols, &rows);
		term_cell_px(STDOUT_FILENO, &cell_w, &cell_h);
	}

	/* in the terminal, the warnings come first so the last page drawn
	 * stays on the screen (with the note of a mode tmux cannot show) */
	if (term) {
		mode = cp_render_term_choose(mode, NULL, run.d);
		cp_diags_print(run.d, stderr);
	}

	/* draw and write each image; a failure stops the run (the files already
	 * written are complete) */
	ok = true;
	for (guint i = 0; i < jobs->len && ok; i++) {
		const job *j = &g_array_index(jobs, job, i);
		double jdpi =
		    term ? term_dpi(run.dl, j, pages->len, columns, cols, rows, bleed) : dpi;
		g_autoptr(cp_render_raster) r =
		    draw_job(run.dl, j, pages, columns, jdpi, bleed, &screen.colors, run.d);
		if (r == NULL) {
			ok = false;
			break;
		}
		if (term) {
			ok = cp_render_term(r, j->title, mode, cols, rows, cell_w, cell_h, stdout,
			                    run.d);
			continue;
		}
		g_autofree char *path =
		    file != NULL ? g_strdup(file) : g_build_filename(dir, j->name, NULL);
		ok = !cp_cli_output_is_input(&run, path) &&
		     cp_render_raster_write_png(r, path, run.d);
		if (ok)
			fprintf(stderr, _("canpress: wrote %s (%dx%d)\n"), path,
			        cp_render_raster_width(r), cp_render_raster_height(r));
	}
	if (!term || !ok)
		cp_diags_print(run.d, stderr);
	st = cp_cli_exit_status(run.d);
	if (st == CP_EXIT_OK && !ok)
		st = CP_EXIT_SYSTEM;
	cp_cli_screen_clear(&screen);
	cp_cli_run_clear(&run);
	return st;
}
