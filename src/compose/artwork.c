/* artwork.c - supplied PDF pages placed in a frame (issue 15): the
 * advertiser's artwork as they made it, never re-laid out.
 *
 * The page was read by the press step before compose (the model holds its
 * size and the lowest resolution of its images); here it is only placed:
 * centred in the frame, at 100 % unless the layout allows scaling, in
 * which case it is scaled to fit inside the frame whole. A page larger
 * than a frame it may not be scaled into is clipped to the frame (the ads
 * engineer's `check` reports the mismatch with the expected size). The
 * images inside it are checked at the placed scale like any photo. */
#include "compose/compose_int.h"

#include <math.h>

/* As frame.c's photos: print shops ask 300 ppi at the printed size. */
#define PRINT_PPI 300.0

static void check_ppi(cp_compose *c, const cp_model_artwork *a, cp_span span, double scale)
{
	if (c->quiet || a->min_ppi <= 0 || !(scale > 0))
		return;
	double ppi = a->min_ppi / scale;
	const cp_press_opts *press = &c->layout->press;
	if (ppi >= PRINT_PPI)
		return;
	if (ppi < press->min_ppi)
		cp_diag_add(c->d, CP_DIAG_RESOLUTION_FLOOR, span,
		            "ask the advertiser for artwork with sharper images, or lower "
		            "press.min_ppi in the layout",
		            "artwork '%s' page %d has an image printed at %.0f ppi, below the "
		            "layout's floor of %.0f ppi",
		            a->path, a->page, ppi, (double)press->min_ppi);
	else
		cp_diag_add(
		    c->d, press->strict ? CP_DIAG_LOW_RESOLUTION_STRICT : CP_DIAG_LOW_RESOLUTION,
		    span, "print needs 300 ppi at the printed size",
		    "artwork '%s' page %d has an image printed at %.0f ppi", a->path, a->page, ppi);
}

bool cp_compose_artwork(cp_compose *c, cp_dl_page *page, cp_artwork_ref ref, double x, double y,
                        double w, double h, bool allow_scale, double *art_w, double *art_h)
{
	const cp_model_artwork *a = cp_model_artwork_get(c->m, ref);
	if (art_w != NULL)
		*art_w = a != NULL && a->read ? a->width : 0;
	if (art_h != NULL)
		*art_h = a != NULL && a->read ? a->height : 0;
	if (a == NULL || !a->read || !(a->width > 0) || !(a->height > 0) || !(w > 0) || !(h > 0))
		return false;
	double scale = allow_scale ? fmin(w / a->width, h / a->height) : 1.0;
	double dw = a->width * scale;
	double dh = a->height * scale;
	cp_span span = ref.span.file != 0 ? ref.span : a->span;
	check_ppi(c, a, span, scale);
	if (page == NULL)
		return true;
	cp_dl_item *item = cp_dl_item_add(page, CP_DL_ARTWORK);
	cp_dl_artwork *aw = &item->u.artwork;
	aw->artwork = cp_dl_artwork_add(c->dl, a->path, a->page, a->width, a->height);
	cp_dl_artwork_src *src = &g_array_index(c->dl->artworks, cp_dl_artwork_src, aw->artwork);
	if (src->span.file == 0)
		src->span = a->span;
	src->crop_x = a->crop_x;
	src->crop_y = a->crop_y;
	aw->fx = x;
	aw->fy = y;
	aw->fw = w;
	aw->fh = h;
	aw->x = x + (w - dw) / 2;
	aw->y = y + (h - dh) / 2;
	aw->w = dw;
	aw->h = dh;
	return true;
}
