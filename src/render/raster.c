/* raster.c - pages as pixels, for proofing: one page, a spread of two
 * facing pages, or a contact sheet of numbered thumbnails, on a Cairo image
 * surface; then written as PNG (`canpress preview`) or handed to the
 * terminal device (term.c).
 *
 * Pages are drawn by draw.c exactly as in the PDF, on white paper. The
 * arrangement (which page is on the left of a spread, how many thumbnails a
 * row) is the caller's: this file places what it is told, in pixels, and
 * knows nothing of bindings or layouts.
 *
 * Sizes: a page of w x h points at dpi pixels per inch is ceil(w * dpi / 72)
 * x ceil(h * dpi / 72) pixels; with bleed the bleed is added on every side.
 * Anything beyond CP_RENDER_RASTER_MAX_SIDE a side or CP_RENDER_RASTER_MAX_PIXELS
 * in all is refused with an OUTPUT
 * diagnostic (a dpi typed as dots per mm, a sheet of 10 000 pages). */
#include "render/render.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include <cairo.h>

#include "base/files.h"
#include "render/device.h"

struct cp_render_raster {
	cairo_surface_t *s; /* CAIRO_FORMAT_RGB24, owned */
};

/* Sheet geometry, in pixels: the gap between thumbnails and the band under
 * each for its page number. */
#define SHEET_GAP 16.0
#define SHEET_CAPTION 22.0

/* The size in pixels of page i at scale (pixels per point). */
static void page_px(const cp_dl *dl, size_t i, double scale, bool bleed, double *w, double *h)
{
	const cp_dl_page *p = cp_dl_page_get(dl, i);
	double b = bleed ? p->bleed : 0;
	*w = ceil((p->width + 2 * b) * scale);
	*h = ceil((p->height + 2 * b) * scale);
}

/* A white raster of w x h pixels, or NULL after an OUTPUT diagnostic when
 * the size is out of bounds (a side, or the pixel budget: the message says
 * the largest dpi that fits). */
static cp_render_raster *raster_new(double w, double h, double dpi, const char *what, cp_diags *d)
{
	if (!isfinite(w) || !isfinite(h) || w < 1 || h < 1 || w > CP_RENDER_RASTER_MAX_SIDE ||
	    h > CP_RENDER_RASTER_MAX_SIDE) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, "choose a lower --dpi",
		            "%s would be %.0fx%.0f pixels, more than %d a side", what, w, h,
		            CP_RENDER_RASTER_MAX_SIDE);
		return NULL;
	}
	if (w * h > CP_RENDER_RASTER_MAX_PIXELS) {
		/* pixels grow with the square of the dpi */
		int fit = (int)floor(dpi * sqrt(CP_RENDER_RASTER_MAX_PIXELS / (w * h)));
		g_autofree char *hint = g_strdup_printf(_("choose --dpi %d or less"), MAX(fit, 1));
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, hint,
		            "%s would be %.0fx%.0f pixels (%.0f million), more than the %.0f "
		            "million an image may have (limit: preview pixels)",
		            what, w, h, w * h / 1e6, CP_RENDER_RASTER_MAX_PIXELS / 1e6);
		return NULL;
	}
	cp_render_raster *r = g_new0(cp_render_raster, 1);
	r->s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
	cairo_t *cr = cairo_create(r->s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_destroy(cr);
	return r;
}

/* Draws page i with its top left corner at (x, y) pixels, scale pixels per
 * point. Returns false after a diagnostic (a bad image, a Cairo error). */
static bool put_page(cp_render_raster *r, const cp_dl *dl, size_t i, double x, double y,
                     double scale, bool bleed, cp_render_images *images, cp_diags *d)
{
	const cp_dl_page *p = cp_dl_page_get(dl, i);
	cairo_t *cr = cairo_create(r->s);
	cairo_translate(cr, x, y);
	cairo_scale(cr, scale, scale);
	bool ok = cp_render_page_draw(cr, dl, i, bleed ? p->bleed : 0, images, d);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot draw page %zu: %s",
		            i + 1, cairo_status_to_string(st));
		return false;
	}
	return ok;
}

cp_render_raster *cp_render_raster_page(const cp_dl *dl, size_t page, double dpi, bool bleed,
                                        const cp_render_colors *colors, cp_diags *d)
{
	g_assert(page < cp_dl_page_count(dl));
	double scale = dpi / 72.0;
	double w;
	double h;
	page_px(dl, page, scale, bleed, &w, &h);
	g_autofree char *what = g_strdup_printf("page %zu at %g dpi", page + 1, dpi);
	cp_render_raster *r = raster_new(w, h, dpi, what, d);
	if (r == NULL)
		return NULL;
	cp_render_images *images =
	    cp_render_images_new(dl, dpi * CP_RENDER_RASTER_OVERSAMPLE, colors);
	bool ok = put_page(r, dl, page, 0, 0, scale, bleed, images, d);
	cp_render_images_free(images);
	if (!ok)
		g_clear_pointer(&r, cp_render_raster_free);
	return r;
}

cp_render_raster *cp_render_raster_spread(const cp_dl *dl, size_t left, size_t right, double dpi,
                                          bool bleed, const cp_render_colors *colors, cp_diags *d)
{
	size_t any = left != CP_RENDER_NO_PAGE ? left : right;
	g_assert(any != CP_RENDER_NO_PAGE && any < cp_dl_page_count(dl));
	g_assert(left == CP_RENDER_NO_PAGE || left < cp_dl_page_count(dl));
	g_assert(right == CP_RENDER_NO_PAGE || right < cp_dl_page_count(dl));

	/* both halves have the size of a page; a missing half stays white */
	double scale = dpi / 72.0;
	double w;
	double h;
	page_px(dl, any, scale, bleed, &w, &h);
	g_autofree char *what = g_strdup_printf("a spread at %g dpi", dpi);
	cp_render_raster *r = raster_new(2 * w, h, dpi, what, d);
	if (r == NULL)
		return NULL;
	cp_render_images *images =
	    cp_render_images_new(dl, dpi * CP_RENDER_RASTER_OVERSAMPLE, colors);
	bool ok = true;
	if (left != CP_RENDER_NO_PAGE)
		ok &= put_page(r, dl, left, 0, 0, scale, bleed, images, d);
	if (right != CP_RENDER_NO_PAGE)
		ok &= put_page(r, dl, right, w, 0, scale, bleed, images, d);
	cp_render_images_free(images);

	/* the spine: a hairline between the halves, as on a proof sheet */
	cairo_t *cr = cairo_create(r->s);
	cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
	cairo_rectangle(cr, w - 0.5, 0, 1, h);
	cairo_fill(cr);
	cairo_destroy(cr);
	if (!ok)
		g_clear_pointer(&r, cp_render_raster_free);
	return r;
}

/* The page number under a thumbnail, centred in the caption band. Cairo's
 * toy text API is enough for ASCII digits and needs no layout. */
static void put_caption(cp_render_raster *r, const char *text, double cx, double top)
{
	cairo_t *cr = cairo_create(r->s);
	cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
	cairo_set_font_size(cr, SHEET_CAPTION * 0.62);
	cairo_text_extents_t ext;
	cairo_text_extents(cr, text, &ext);
	cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
	cairo_move_to(cr, cx - ext.width / 2 - ext.x_bearing, top + SHEET_CAPTION * 0.75);
	cairo_show_text(cr, text);
	cairo_destroy(cr);
}

cp_render_raster *cp_render_raster_sheet(const cp_dl *dl, const size_t *pages, size_t n,
                                         int columns, bool right_to_left, double dpi, bool bleed,
                                         const cp_render_colors *colors, cp_diags *d)
{
	g_assert(n > 0 && columns > 0);
	double scale = dpi / 72.0;
	double w;
	double h;
	page_px(dl, pages[0], scale, bleed, &w, &h);
	size_t rows = (n + (size_t)columns - 1) / (size_t)columns;
	size_t cols = n < (size_t)columns ? n : (size_t)columns;
	double sw = SHEET_GAP + (double)cols * (w + SHEET_GAP);
	double sh = SHEET_GAP + (double)rows * (h + SHEET_CAPTION + SHEET_GAP);
	g_autofree char *what = g_strdup_printf("a sheet of %zu pages at %g dpi", n, dpi);
	cp_render_raster *r = raster_new(sw, sh, dpi, what, d);
	if (r == NULL)
		return NULL;

	/* the sheet is light grey so white pages stand out; each thumbnail has
	 * a thin frame and its page number (the printed folio) below */
	cairo_t *cr = cairo_create(r->s);
	cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
	cairo_paint(cr);
	cairo_destroy(cr);
	cp_render_images *images =
	    cp_render_images_new(dl, dpi * CP_RENDER_RASTER_OVERSAMPLE, colors);
	bool ok = true;
	for (size_t k = 0; k < n; k++) {
		size_t col = k % (size_t)columns;
		if (right_to_left)
			col = cols - 1 - col;
		double x = SHEET_GAP + (double)col * (w + SHEET_GAP);
		double y =
		    SHEET_GAP + (double)(k / (size_t)columns) * (h + SHEET_CAPTION + SHEET_GAP);
		cr = cairo_create(r->s);
		cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
		cairo_rectangle(cr, x - 1, y - 1, w + 2, h + 2);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_rectangle(cr, x, y, w, h);
		cairo_fill(cr);
		cairo_destroy(cr);
		ok &= put_page(r, dl, pages[k], x, y, scale, bleed, images, d);
		g_autofree char *num = g_strdup_printf("%d", cp_dl_page_get(dl, pages[k])->number);
		put_caption(r, num, x + w / 2, y + h);
	}
	cp_render_images_free(images);
	if (!ok)
		g_clear_pointer(&r, cp_render_raster_free);
	return r;
}

int cp_render_raster_width(const cp_render_raster *r)
{
	return cairo_image_surface_get_width(r->s);
}

int cp_render_raster_height(const cp_render_raster *r)
{
	return cairo_image_surface_get_height(r->s);
}

const uint8_t *cp_render_raster_pixels(const cp_render_raster *r, int *stride)
{
	cairo_surface_flush(r->s);
	*stride = cairo_image_surface_get_stride(r->s);
	return cairo_image_surface_get_data(r->s);
}

bool cp_render_raster_write_png(const cp_render_raster *r, const char *path, cp_diags *d)
{
	cp_outfile o;
	if (!cp_outfile_open(&o, path, d))
		return false;
	cp_render_sink sink = {o.f, 0};
	cairo_status_t st = cairo_surface_write_to_png_stream(r->s, cp_render_sink_write, &sink);
	if (sink.err != 0 || st != CAIRO_STATUS_SUCCESS) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s", path,
		            sink.err != 0 ? g_strerror(sink.err) : cairo_status_to_string(st));
		cp_outfile_abort(&o);
		return false;
	}
	return cp_outfile_commit(&o, d);
}

void cp_render_raster_free(cp_render_raster *r)
{
	if (r == NULL)
		return;
	cairo_surface_destroy(r->s);
	g_free(r);
}
