/* ext.c - the render and press stages, loaded when a command first needs
 * them (the canpress program only; tests link the stages themselves).
 *
 * render (previews: Cairo's PNG, poppler-glib, chafa) and press (preflight,
 * imposition, supplied PDF pages: libqpdf) bring some 40 shared libraries,
 * and loading and relocating those took about 30 ms of every run, a sixth of
 * a 16-page build, which uses none of them. The program is therefore linked
 * with this file instead of the two stages: each function of render.h and
 * press.h that the cli calls is defined here and calls the same function in
 * the module canpress-ext (src/meson.build: both stages linked whole), which
 * is opened on the first call. So `canpress build` of an issue without
 * supplied PDF pages never loads them.
 *
 * The module is looked up next to the program (build/src/, when run from
 * the build folder), else in the installed library folder. A module that is
 * missing or broken is a broken installation: the message names the file
 * and the program exits with status 3 before the command writes anything
 * (build --press initialises the preflight's options before it writes).
 *
 * A function of render.h or press.h called by the cli but not defined here
 * pulls its stage's object into the program, whose other functions then
 * collide with these at link time: add it here. */
#include "cli/cli.h"

#include <stdlib.h>

#include <gmodule.h>

#include "cp_config.h"
#include "press/press.h"

#define EXT_NAME "canpress-ext"

static GModule *ext_open(void)
{
	static GModule *module = NULL;
	if (module != NULL)
		return module;
	g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
	g_autofree char *dir = self != NULL ? g_path_get_dirname(self) : NULL;
	g_autofree char *built =
	    dir != NULL ? g_build_filename(dir, "src", EXT_NAME ".so", NULL) : NULL;
	const char *path = built != NULL && g_file_test(built, G_FILE_TEST_IS_REGULAR) ? built
	                                                                               : CP_EXTDIR
	                       "/" EXT_NAME ".so";
	module = g_module_open(path, G_MODULE_BIND_LOCAL);
	if (module == NULL) {
		fprintf(stderr, _("canpress: cannot load the render and press module: %s\n"),
		        g_module_error());
		exit(CP_EXIT_SYSTEM);
	}
	g_module_make_resident(module);
	return module;
}

static gpointer ext_sym(const char *name)
{
	gpointer p = NULL;
	GModule *module = ext_open();
	if (!g_module_symbol(module, name, &p) || p == NULL) {
		fprintf(stderr, _("canpress: cannot load the render and press module: %s\n"),
		        g_module_error());
		exit(CP_EXIT_SYSTEM);
	}
	return p;
}

/* The function fn of the module, with fn's own type. */
#define EXT(fn) (__extension__(__typeof__(&fn)) ext_sym(#fn))

/* --- render.h ------------------------------------------------------------- */

bool cp_render_png(const cp_dl *dl, size_t page_index, double dpi, bool with_bleed,
                   const cp_render_colors *colors, const char *path, cp_diags *d)
{
	return EXT(cp_render_png)(dl, page_index, dpi, with_bleed, colors, path, d);
}

cp_render_raster *cp_render_raster_page(const cp_dl *dl, size_t page, double dpi, bool bleed,
                                        const cp_render_colors *colors, cp_diags *d)
{
	return EXT(cp_render_raster_page)(dl, page, dpi, bleed, colors, d);
}

cp_render_raster *cp_render_raster_spread(const cp_dl *dl, size_t left, size_t right, double dpi,
                                          bool bleed, const cp_render_colors *colors, cp_diags *d)
{
	return EXT(cp_render_raster_spread)(dl, left, right, dpi, bleed, colors, d);
}

cp_render_raster *cp_render_raster_sheet(const cp_dl *dl, const size_t *pages, size_t n,
                                         int columns, bool right_to_left, double dpi, bool bleed,
                                         const cp_render_colors *colors, cp_diags *d)
{
	return EXT(cp_render_raster_sheet)(dl, pages, n, columns, right_to_left, dpi, bleed, colors,
	                                   d);
}

int cp_render_raster_width(const cp_render_raster *r)
{
	return EXT(cp_render_raster_width)(r);
}

int cp_render_raster_height(const cp_render_raster *r)
{
	return EXT(cp_render_raster_height)(r);
}

const uint8_t *cp_render_raster_pixels(const cp_render_raster *r, int *stride)
{
	return EXT(cp_render_raster_pixels)(r, stride);
}

bool cp_render_raster_write_png(const cp_render_raster *r, const char *path, cp_diags *d)
{
	return EXT(cp_render_raster_write_png)(r, path, d);
}

void cp_render_raster_free(cp_render_raster *r)
{
	if (r != NULL)
		EXT(cp_render_raster_free)(r);
}

bool cp_render_term_mode_from_name(const char *name, cp_render_term_mode *mode)
{
	return EXT(cp_render_term_mode_from_name)(name, mode);
}

cp_render_term_mode cp_render_term_detect(char **envp)
{
	return EXT(cp_render_term_detect)(envp);
}

cp_render_term_mode cp_render_term_choose(cp_render_term_mode asked, char **envp, cp_diags *d)
{
	return EXT(cp_render_term_choose)(asked, envp, d);
}

bool cp_render_term(const cp_render_raster *r, const char *title, cp_render_term_mode mode,
                    int cols, int rows, int cell_w, int cell_h, FILE *f, cp_diags *d)
{
	return EXT(cp_render_term)(r, title, mode, cols, rows, cell_w, cell_h, f, d);
}

/* --- press.h --------------------------------------------------------------- */

void cp_press_preflight_opts_init(cp_press_preflight_opts *o)
{
	EXT(cp_press_preflight_opts_init)(o);
}

bool cp_press_preflight(const char *path, const cp_press_preflight_opts *o, FILE *out,
                        cp_press_preflight_result *res, cp_diags *d)
{
	return EXT(cp_press_preflight)(path, o, out, res, d);
}

bool cp_press_impose_order(int n_pages, bool right_bound, int *slot)
{
	return EXT(cp_press_impose_order)(n_pages, right_bound, slot);
}

bool cp_press_impose(const char *in_path, const char *out_path, cp_press_binding binding,
                     double creep_mm, cp_diags *d)
{
	return EXT(cp_press_impose)(in_path, out_path, binding, creep_mm, d);
}

cp_pdf_form *cp_press_artwork_read(const char *path, int page_no, cp_span span,
                                   const cp_pdf_profile *cmyk, cp_diags *d)
{
	return EXT(cp_press_artwork_read)(path, page_no, span, cmyk, d);
}
