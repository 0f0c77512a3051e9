/* press.c - the cli side of the print step: `canpress preflight FILE.pdf`,
 * `canpress impose ISSUE.pdf -o booklet.pdf`, and the PDF output of
 * `canpress build` (screen or, with --press, print).
 *
 * The build's output path, in order:
 *   1. the output profile (--icc, else the layout's press: icc:, else the
 *      free FOGRA39 profile built at set-up); missing is an error for
 *      --press, and the screen PDF then leaves DeviceCMYK to the viewer;
 *   2. the PDF writer (src/pdf/) writes the display list as it is: the
 *      screen PDF straight to a temporary file renamed over the target;
 *      the print PDF to a temporary file that the preflight checks, and
 *      only a passing file is renamed over the target.
 * Previews draw with Cairo in RGB: cp_cli_screen_init gives render a hook
 * that shows cmyk() colours through the profile; the display list itself
 * is never changed after compose. */
#include "cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "base/files.h"
#include "base/units.h"
#include "cp_config.h"
#include "pdf/pdf.h"
#include "press/press.h"
#include "render/render.h"

#define DEFAULT_PROFILE "canpress-fogra39.icc"

/* How the default profile is labelled in the OutputIntent: what it is, not
 * what a shop might wish (docs/prepress.md section 2). */
#define FOGRA39_ID "FOGRA39"
#define FOGRA39_NAME                                                                               \
	"Offset commercial and specialty printing according to ISO 12647-2:2004, "                 \
	"paper type 1 or 2 (coated), FOGRA39L"
#define FOGRA39_INFO                                                                               \
	"FOGRA39L characterisation data (Debian icc-profiles-free) made into a profile "           \
	"by ArgyllCMS colprof, TAC 300 %; not Japan Color"

char *cp_cli_default_profile(void)
{
	const char *env = g_getenv("CANPRESS_ICC");
	if (env != NULL && *env != '\0')
		return g_strdup(env);
	g_autofree char *data = cp_cli_data_dir();
	/* uninstalled: the build folder holds the profile meson made */
	if (strcmp(data, CP_SOURCE_DIR) == 0)
		return g_build_filename(CP_BUILD_DIR, "src", DEFAULT_PROFILE, NULL);
	return g_build_filename(data, "icc", DEFAULT_PROFILE, NULL);
}

static gpointer warm_run(gpointer data)
{
	cp_cli_warm *w = data;
	if (!g_file_test(w->path, G_FILE_TEST_EXISTS))
		return NULL;
	g_autoptr(cp_diags) scratch = cp_diags_new();
	cp_pdf_profile *p = cp_pdf_profile_new_screen(w->path, scratch);
	if (p != NULL)
		cp_pdf_profile_deflate(p, CP_PDF_DEFLATE_LEVEL);
	return p;
}

void cp_cli_warm_start(cp_cli_warm *w, const char *icc_arg, bool press)
{
	memset(w, 0, sizeof *w);
	if (press || cp_pdf_threads(0) < 2)
		return;
	w->path = icc_arg != NULL ? g_strdup(icc_arg) : cp_cli_default_profile();
	w->thread = g_thread_new("canpress-profile", warm_run, w);
}

cp_pdf_profile *cp_cli_warm_take(cp_cli_warm *w, const char *path)
{
	if (w->thread == NULL || strcmp(w->path, path) != 0)
		return NULL;
	cp_pdf_profile *p = g_thread_join(w->thread);
	w->thread = NULL;
	return p;
}

void cp_cli_warm_clear(cp_cli_warm *w)
{
	if (w->thread != NULL)
		cp_pdf_profile_free(g_thread_join(w->thread));
	w->thread = NULL;
	g_clear_pointer(&w->path, g_free);
}

/* The profile for screen colours (previews): --icc, the layout's, else
 * the default; NULL (quietly) when the file is missing, for the naive
 * fallback. */
static cp_pdf_profile *screen_profile(const cp_cli_run *run, const char *icc_arg)
{
	const cp_press_opts *po = &run->model->layout.press;
	g_autofree char *icc = icc_arg != NULL     ? g_strdup(icc_arg)
	                       : po->icc.s != NULL ? g_strdup(po->icc.s)
	                                           : cp_cli_default_profile();
	if (!g_file_test(icc, G_FILE_TEST_EXISTS))
		return NULL;
	g_autoptr(cp_diags) scratch = cp_diags_new();
	return cp_pdf_profile_new_screen(icc, scratch);
}

/* The render hook: cmyk() colours with ink other than K through the
 * profile, everything else as the colour's own r, g, b (K-only colours are
 * r = g = b = 1 - k, as the screen PDF shows them). */
static void screen_rgb(const cp_color *col, double rgb[3], void *data)
{
	const cp_pdf_profile *prof = data;
	if (prof != NULL && col->cmyk && (col->c > 0 || col->m > 0 || col->y > 0)) {
		double cmyk[4] = {col->c, col->m, col->y, col->k};
		cp_pdf_profile_to_screen(prof, cmyk, rgb);
		return;
	}
	rgb[0] = col->r;
	rgb[1] = col->g;
	rgb[2] = col->b;
}

void cp_cli_screen_init(cp_cli_screen *s, const cp_cli_run *run)
{
	s->profile = screen_profile(run, NULL);
	s->colors.to_rgb = screen_rgb;
	s->colors.data = s->profile;
}

void cp_cli_screen_clear(cp_cli_screen *s)
{
	g_clear_pointer(&s->profile, cp_pdf_profile_free);
}

/* Writes the print PDF into tmp, runs the preflight on it, then renames it
 * over output (or, for a device, copies it there and removes it). tmp is
 * removed on every failure. */
static bool press_to(cp_cli_run *run, const char *output, const char *tmp, bool device,
                     const cp_pdf_opts *o, int tac)
{
	cp_diags *d = run->d;
	cp_pdfx used = CP_PDFX_AUTO;
	/* first, before any file exists: in the program this opens the press
	 * module (cli/ext.c), which exits when the installation lacks it */
	cp_press_preflight_opts po;
	cp_press_preflight_opts_init(&po);
	FILE *f = fopen(tmp, "wb");
	if (f == NULL) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s", tmp,
		            g_strerror(errno));
		return false;
	}
	bool wrote = cp_pdf_write_stream(run->dl, o, f, output, &used, d);
	if (fclose(f) != 0 && wrote) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s", tmp,
		            g_strerror(errno));
		wrote = false;
	}
	if (!wrote) {
		g_unlink(tmp);
		return false;
	}
	po.tac_warn = tac;
	po.tac_fail = tac + 20;
	/* compose reported every image under 300 ppi at its file:line (an
	 * error below the layout's floor or under press.strict): between the
	 * floor and 300 ppi the print shop decides, so only the floor fails */
	if (run->model->layout.press.min_ppi > 0)
		po.ppi_fail = run->model->layout.press.min_ppi;
	cp_press_preflight_result res;
	fprintf(stderr, "canpress: preflight of %s (%s)\n", output, cp_pdfx_titles[used]);
	bool read = cp_press_preflight(tmp, &po, stderr, &res, d);
	if (!read || res.failed > 0) {
		g_unlink(tmp);
		if (read)
			cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE, NULL,
			            "%s: the preflight failed %d checks", output, res.failed);
		return false;
	}
	if (device) {
		g_autofree char *bytes = NULL;
		gsize n = 0;
		g_autoptr(GError) err = NULL;
		bool got = g_file_get_contents(tmp, &bytes, &n, &err);
		g_unlink(tmp);
		if (!got) {
			cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s",
			            output, err->message);
			return false;
		}
		cp_outfile of;
		if (!cp_outfile_open(&of, output, d))
			return false;
		if (fwrite(bytes, 1, n, of.f) != n) {
			int e = errno != 0 ? errno : EIO;
			cp_outfile_abort(&of);
			cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s",
			            output, g_strerror(e));
			return false;
		}
		return cp_outfile_commit(&of, d);
	}
	if (g_rename(tmp, output) != 0) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot rename '%s' to '%s': %s",
		            tmp, output, g_strerror(errno));
		g_unlink(tmp);
		return false;
	}
	return true;
}

/* The print PDF and its preflight, into a temporary file, renamed on
 * PASS. */
static bool write_press(cp_cli_run *run, const cp_cli_press_args *a, const char *output,
                        const cp_pdf_profile *prof, int tac)
{
	const cp_press_opts *po = &run->model->layout.press;
	cp_diags *d = run->d;
	const cp_dl *dl = run->dl;
	size_t n = cp_dl_page_count(dl);

	/* the hidden folio: on the pages compose printed none */
	g_autofree bool *folio = g_new0(bool, MAX(n, 1));
	for (size_t i = 0; i < n && po->hidden_folio; i++)
		folio[i] = !cp_dl_page_get(dl, i)->folio_printed;

	cp_pdf_stats stats = {0};
	cp_pdf_opts o = {0};
	o.stats = &stats;
	o.press = true;
	o.profile = prof;
	o.pdfx = a->pdfx_set ? a->pdfx : po->pdfx;
	bool default_icc = a->icc == NULL && po->icc.s == NULL;
	o.icc_id = default_icc ? FOGRA39_ID : po->icc_id.s != NULL ? po->icc_id.s : "Custom";
	o.icc_name = default_icc ? FOGRA39_NAME : po->icc_name.s;
	o.icc_info = default_icc ? FOGRA39_INFO : NULL;
	o.marks = a->marks >= 0 ? a->marks != 0 : po->marks;
	/* the defaults are the default layout's (layouts/a4-yoko.yaml), which
	 * every layout is read on top of */
	o.marks_margin = cp_unit_to_pt(po->marks_margin.len, 0);
	o.jpeg_quality = po->jpeg_quality;
	o.overprint_black = po->overprint_black;
	o.hidden_folio = folio;
	o.n_hidden_folio = n;
	g_autofree const cp_pdf_form **forms =
	    (const cp_pdf_form **)cp_cli_forms_for(run, &o.n_forms);
	o.forms = forms;

	/* the print PDF goes to a temporary file, checked, then moved over
	 * output; a device target (/dev/stdout) gets a copy of the checked
	 * bytes, and the temporary file lives in the temporary folder, never
	 * beside the device in /dev */
	g_autofree char *target = cp_outfile_target(output);
	GStatBuf st;
	bool device = g_stat(target, &st) == 0 && !S_ISREG(st.st_mode);
	g_autofree char *tmp = NULL;
	if (device) {
		g_autoptr(GError) err = NULL;
		int fd = g_file_open_tmp(".canpress-press-XXXXXX.tmp", &tmp, &err);
		if (fd < 0) {
			cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s",
			            output, err->message);
			return false;
		}
		close(fd);
		cp_tmpfile_track(tmp);
	} else {
		/* beside the target, unique and made exclusively: two runs on
		 * one output never share it, and a run killed here leaves a
		 * hidden .tmp file the next run sweeps, never a file named
		 * like a PDF */
		int fd = -1;
		int e = 0;
		tmp = cp_tmpfile_new(target, &fd, &e);
		if (tmp == NULL) {
			cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s",
			            output, g_strerror(e));
			return false;
		}
		close(fd);
	}
	bool ok = press_to(run, target, tmp, device, &o, tac);
	cp_tmpfile_untrack(tmp);
	run->seconds[CP_CLI_T_FONTS] = stats.fonts_wall;
	run->cpu[CP_CLI_T_FONTS] = stats.fonts_cpu;
	return ok;
}

bool cp_cli_write_pdf(cp_cli_run *run, const char *output, bool bleed, const cp_cli_press_args *a)
{
	const cp_press_opts *po = &run->model->layout.press;
	cp_diags *d = run->d;
	if (cp_cli_output_is_input(run, output))
		return false;

	/* the profile: --icc, the layout's, else the default */
	g_autofree char *icc = a->icc != NULL      ? g_strdup(a->icc)
	                       : po->icc.s != NULL ? g_strdup(po->icc.s)
	                                           : cp_cli_default_profile();
	int tac = po->tac; /* 300 unless the layout says otherwise (a4-yoko.yaml) */
	if (!a->press) {
		/* the screen PDF: the profile, when there is one, becomes the
		 * pages' DefaultCMYK; a machine without it still builds */
		g_autoptr(cp_pdf_profile) sp =
		    a->warm != NULL ? cp_cli_warm_take(a->warm, icc) : NULL;
		if (sp == NULL && g_file_test(icc, G_FILE_TEST_EXISTS)) {
			g_autoptr(cp_diags) scratch = cp_diags_new();
			sp = cp_pdf_profile_new_screen(icc, scratch);
		}
		cp_pdf_stats stats = {0};
		cp_pdf_opts o = {0};
		o.bleed = bleed;
		o.profile = sp;
		o.stats = &stats;
		g_autofree const cp_pdf_form **forms =
		    (const cp_pdf_form **)cp_cli_forms_for(run, &o.n_forms);
		o.forms = forms;
		bool ok = cp_pdf_write(run->dl, &o, output, NULL, d);
		run->seconds[CP_CLI_T_FONTS] = stats.fonts_wall;
		run->cpu[CP_CLI_T_FONTS] = stats.fonts_cpu;
		return ok;
	}
	g_autoptr(cp_pdf_profile) prof = cp_pdf_profile_new(icc, tac, d);
	if (prof == NULL)
		return false;
	/* supplied pages with RGB in them, read again with their RGB turned
	 * into CMYK through the output profile (as photos are) */
	for (size_t i = 0; i < run->n_forms; i++) {
		cp_pdf_form *f = run->forms[i];
		if (f == NULL || !f->rgb)
			continue;
		const cp_model_artwork *art = &run->model->artworks[i];
		cp_pdf_form *conv = cp_press_artwork_read(art->path, art->page, art->span, prof, d);
		if (conv == NULL)
			return false;
		cp_pdf_form_free(f);
		run->forms[i] = conv;
	}
	return write_press(run, a, output, prof, tac);
}

/* ---- canpress preflight ---------------------------------------------------- */

/* A numeric option's value inside [lo, hi]; else a usage message. NaN,
 * infinities and negative numbers fail here ("--tac-fail=nan" parses as
 * a double). */
static bool in_range(const char *cmd, const char *opt, double v, double lo, double hi,
                     const char *unit)
{
	if (isfinite(v) && v >= lo && v <= hi)
		return true;
	fprintf(stderr, _("canpress %s: --%s must be a number from %g to %g%s (got %g)\n"), cmd,
	        opt, lo, hi, unit, v);
	return false;
}

/* The thresholds default to a Japanese shop's common limits (TAC 300-320 %,
 * 300 ppi, 3 mm bleed); each is held to what makes sense (ink 0-400 %,
 * 1-10000 ppi, bleed 0-50 mm; the warning no stricter than the failure),
 * else a usage error (exit 2). Exit 1 on any FAIL, and on a file that is no
 * PDF, is encrypted or goes beyond a reading limit (press/limits.h). */
int cp_cli_preflight(int argc, char **argv)
{
	cp_press_preflight_opts o;
	cp_press_preflight_opts_init(&o);
	GOptionEntry entries[] = {
	    {"tac-warn", 0, 0, G_OPTION_ARG_DOUBLE, &o.tac_warn,
	     N_("Total ink above which to warn, percent (300)"), N_("N")},
	    {"tac-fail", 0, 0, G_OPTION_ARG_DOUBLE, &o.tac_fail,
	     N_("Total ink above which to fail, percent (320)"), N_("N")},
	    {"ppi-warn", 0, 0, G_OPTION_ARG_DOUBLE, &o.ppi_warn,
	     N_("Image resolution below which to warn (300)"), N_("PPI")},
	    {"ppi-fail", 0, 0, G_OPTION_ARG_DOUBLE, &o.ppi_fail,
	     N_("Image resolution below which to fail (200)"), N_("PPI")},
	    {"bleed", 0, 0, G_OPTION_ARG_DOUBLE, &o.bleed_min, N_("Bleed needed per side, mm (3)"),
	     N_("MM")},
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx = cp_cli_context_new(
	    _("FILE.pdf - check a PDF for print (PDF/X, CMYK, bleed, fonts)"),
	    N_("Prints one verdict per check (PASS, WARN, FAIL) of what a Japanese print shop asks "
	       "for; exit 1 when any check fails."),
	    entries);
	int st = cp_cli_parse_operands(ctx, "preflight", &argc, &argv, -1, NULL);
	if (st >= 0)
		return st;
	if (!in_range("preflight", "tac-warn", o.tac_warn, 0, 400, " %") ||
	    !in_range("preflight", "tac-fail", o.tac_fail, 0, 400, " %") ||
	    !in_range("preflight", "ppi-warn", o.ppi_warn, 1, 10000, " ppi") ||
	    !in_range("preflight", "ppi-fail", o.ppi_fail, 1, 10000, " ppi") ||
	    !in_range("preflight", "bleed", o.bleed_min, 0, 50, " mm"))
		return CP_EXIT_USAGE;
	if (o.tac_warn > o.tac_fail || o.ppi_warn < o.ppi_fail) {
		fprintf(stderr, _("canpress preflight: the warning limit must not be stricter than "
		                  "the failing one (--tac-warn <= --tac-fail, --ppi-warn >= "
		                  "--ppi-fail)\n"));
		return CP_EXIT_USAGE;
	}
	if (argc != 2) {
		fprintf(stderr, _("canpress %s: expected %s (try --help)\n"), "preflight",
		        _("one PDF file"));
		return CP_EXIT_USAGE;
	}
	g_autoptr(cp_diags) d = cp_diags_new();
	cp_press_preflight_result res;
	bool read = cp_press_preflight(argv[1], &o, stdout, &res, d);
	cp_diags_print(d, stderr);
	if (!read)
		return cp_cli_exit_status(d) == CP_EXIT_OK ? CP_EXIT_INPUT : cp_cli_exit_status(d);
	return res.failed > 0 ? CP_EXIT_INPUT : CP_EXIT_OK;
}

/* ---- canpress impose --------------------------------------------------------- */

/* The binding the PDF says by default (a right-bound issue's reads right
 * to left), else left; creep is bounded to 10 mm,
 * far beyond what any booklet of office paper needs. */
int cp_cli_impose(int argc, char **argv)
{
	g_autofree char *output = NULL;
	g_autofree char *binding = NULL;
	double creep = 0;
	GOptionEntry entries[] = {
	    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the booklet to FILE"),
	     N_("FILE")},
	    {"binding", 0, 0, G_OPTION_ARG_STRING, &binding,
	     N_("Binding side: left (horizontal writing), right (vertical) or auto (default: "
	        "right when the PDF reads right to left, as a right-bound issue's does)"),
	     N_("SIDE")},
	    {"creep", 0, 0, G_OPTION_ARG_DOUBLE, &creep,
	     N_("Shift the innermost sheet's pages this far toward the spine, mm (0)"), N_("MM")},
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx = cp_cli_context_new(
	    _("ISSUE.pdf - impose a saddle-stitched booklet 2-up for an office printer"),
	    N_("Puts the pages of a PDF two to a sheet side in booklet order, for printing on "
	       "both sides and folding."),
	    entries);
	int st = cp_cli_parse_operands(ctx, "impose", &argc, &argv, -1, NULL);
	if (st >= 0)
		return st;
	if (argc != 2 || output == NULL) {
		fprintf(stderr, _("canpress %s: expected %s (try --help)\n"), "impose",
		        _("one PDF and -o FILE"));
		return CP_EXIT_USAGE;
	}
	cp_press_binding right = CP_PRESS_BIND_AUTO;
	if (binding != NULL && strcmp(binding, "right") == 0)
		right = CP_PRESS_BIND_RIGHT;
	else if (binding != NULL && strcmp(binding, "left") == 0)
		right = CP_PRESS_BIND_LEFT;
	else if (binding != NULL && strcmp(binding, "auto") != 0) {
		fprintf(stderr, _("canpress impose: --binding must be left, right or auto\n"));
		return CP_EXIT_USAGE;
	}
	if (!isfinite(creep) || creep < 0 || creep > 10) {
		fprintf(stderr, _("canpress impose: --creep must be between 0 and 10 mm\n"));
		return CP_EXIT_USAGE;
	}
	if (cp_cli_same_file(argv[1], output)) {
		fprintf(stderr, "canpress: fatal error: cannot write '%s': it is the input PDF\n",
		        output);
		return CP_EXIT_SYSTEM;
	}
	g_autoptr(cp_diags) d = cp_diags_new();
	bool ok = cp_press_impose(argv[1], output, right, creep, d);
	cp_diags_print(d, stderr);
	if (ok) {
		fprintf(stderr, "canpress: wrote %s\n", output);
		return CP_EXIT_OK;
	}
	return cp_cli_exit_status(d) == CP_EXIT_OK ? CP_EXIT_SYSTEM : cp_cli_exit_status(d);
}
