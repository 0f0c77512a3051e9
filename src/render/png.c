/* png.c - the PNG device: one display-list page through a Cairo image
 * surface, for previews (`canpress preview`) and visual checks.
 *
 * The page is drawn by draw.c exactly as in the PDF, on white, scaled from
 * points to pixels by dpi / 72. The file is written through cp_outfile, so
 * a failed write never leaves a half-written PNG at the target. */
#include "render/render.h"

#include <errno.h>
#include <math.h>

#include <cairo.h>

#include "base/files.h"
#include "render/device.h"

/* A preview larger than this a side is a mistake (dpi typed as dots per mm?). */
#define MAX_PNG_SIDE 20000.0

bool cp_render_png(const cp_dl *dl, size_t page_index, double dpi, bool with_bleed,
                   const cp_render_colors *colors, const char *path, cp_diags *d)
{
	g_assert(page_index < cp_dl_page_count(dl));
	const cp_dl_page *page = cp_dl_page_get(dl, page_index);
	double b = with_bleed ? page->bleed : 0;
	double scale = dpi / 72.0;
	double w = ceil((page->width + 2 * b) * scale);
	double h = ceil((page->height + 2 * b) * scale);
	if (!isfinite(w) || !isfinite(h) || w < 1 || h < 1 || w > MAX_PNG_SIDE ||
	    h > MAX_PNG_SIDE) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL,
		            "cannot write '%s': a page at %g dpi would be %gx%g pixels", path, dpi,
		            w, h);
		return false;
	}

	/* draw: white paper, then the page in points */
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	cp_render_images *images =
	    cp_render_images_new(dl, dpi * CP_RENDER_RASTER_OVERSAMPLE, colors);
	bool ok = cp_render_page_draw(cr, dl, page_index, b, images, d);
	cairo_status_t status = cairo_status(cr);
	cairo_destroy(cr);
	cp_render_images_free(images);

	/* write: only a fully drawn page reaches the file */
	cp_outfile o;
	if (ok && status == CAIRO_STATUS_SUCCESS && cp_outfile_open(&o, path, d)) {
		cp_render_sink sink = {o.f, 0};
		status = cairo_surface_write_to_png_stream(s, cp_render_sink_write, &sink);
		if (sink.err != 0 || status != CAIRO_STATUS_SUCCESS) {
			cp_diag_add(
			    d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s", path,
			    sink.err != 0 ? g_strerror(sink.err) : cairo_status_to_string(status));
			cp_outfile_abort(&o);
			ok = false;
		} else {
			ok = cp_outfile_commit(&o, d);
		}
	} else if (ok) {
		/* drawing failed inside Cairo, or the output could not be opened */
		if (status != CAIRO_STATUS_SUCCESS)
			cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL,
			            "cannot write '%s': cairo: %s", path,
			            cairo_status_to_string(status));
		ok = false;
	}
	cairo_surface_destroy(s);
	return ok;
}
