/* draw.c - drawing one display-list page onto a cairo_t, shared by the
 * raster devices (PNG, spreads, the terminal; PDFs are src/pdf/'s). It draws exactly what the list
 * says, in list order; nothing is measured or moved here (docs/architecture.md: nothing is laid out
 * after the display list).
 *
 * Units: the list is in points on the trimmed page, y down, which is Cairo's
 * user space; the raster devices scale the context first.
 * With bleed the whole page is translated by the bleed so the trim box sits
 * inside the larger sheet.
 */
#include "render/device.h"

#include <errno.h>

#include <pango/pangocairo.h>
#include <poppler.h>

cairo_status_t cp_render_sink_write(void *closure, const unsigned char *data, unsigned int length)
{
	cp_render_sink *sink = closure;
	if (sink->err != 0)
		return CAIRO_STATUS_WRITE_ERROR;
	errno = 0;
	if (fwrite(data, 1, length, sink->f) != length) {
		sink->err = errno != 0 ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* Ids at or above Pango's PANGO_GLYPH_EMPTY (0x0FFFFFFF) are not glyphs of
 * the font: "nothing" and "unknown character" markers. They are never
 * drawn (compose reports missing glyphs); their clusters keep their bytes
 * with fewer glyphs, which Cairo accepts. */
#define NOT_A_GLYPH 0x0FFFFFFFu

/* The source colour: the caller's screen colour for it (render.h). */
static void set_color(cairo_t *cr, const cp_render_images *im, const cp_color *col)
{
	double rgb[3];
	cp_render_images_color(im, col, rgb);
	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
}

static void draw_glyphs(cairo_t *cr, const cp_dl *dl, const cp_render_images *im,
                        const cp_dl_glyphs *g)
{
	if (g->n_glyphs == 0)
		return;
	const cp_dl_font *font = &g_array_index(dl->fonts, cp_dl_font, g->font);
	/* the typesetter's font map is a PangoCairo one; anything else is a bug */
	g_assert(PANGO_IS_CAIRO_FONT(font->font));
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font->font));
	g_assert(sf != NULL);

	/* absolute glyph positions, dropping non-glyphs from their clusters; a
	 * rotated run (displist.h) is drawn in its own frame, turned clockwise
	 * about its origin */
	double ox = g->rotated ? 0.0 : g->x;
	double oy = g->rotated ? 0.0 : g->y;
	cairo_glyph_t *glyphs = g_new(cairo_glyph_t, g->n_glyphs);
	cairo_text_cluster_t *clusters = g_new(cairo_text_cluster_t, g->n_clusters + 1);
	int n_glyphs = 0;
	int n_clusters = 0;
	uint32_t gi = 0;
	for (uint32_t c = 0; c < g->n_clusters; c++) {
		int kept = 0;
		for (uint32_t k = 0; k < g->clusters[c].n_glyphs; k++, gi++) {
			const cp_dl_glyph *src = &g->glyphs[gi];
			if (src->id >= NOT_A_GLYPH)
				continue;
			glyphs[n_glyphs].index = src->id;
			glyphs[n_glyphs].x = ox + src->x;
			glyphs[n_glyphs].y = oy + src->y;
			n_glyphs++;
			kept++;
		}
		if (g->clusters[c].n_bytes == 0 && kept == 0)
			continue; /* Cairo rejects a cluster of nothing */
		clusters[n_clusters].num_bytes = (int)g->clusters[c].n_bytes;
		clusters[n_clusters].num_glyphs = kept;
		n_clusters++;
	}
	if (g->n_clusters == 0) {
		/* no text attached: glyphs only (cp_dl_check guarantees n_text == 0) */
		for (; gi < g->n_glyphs; gi++) {
			if (g->glyphs[gi].id >= NOT_A_GLYPH)
				continue;
			glyphs[n_glyphs].index = g->glyphs[gi].id;
			glyphs[n_glyphs].x = ox + g->glyphs[gi].x;
			glyphs[n_glyphs].y = oy + g->glyphs[gi].y;
			n_glyphs++;
		}
	}

	/* a squeezed tate-chu-yoko number: narrower across, about its axis */
	bool squeeze = !g->rotated && g->squeeze > 0.0 && g->squeeze < 1.0;
	if (g->rotated) {
		cairo_save(cr);
		cairo_translate(cr, g->x, g->y);
		cairo_rotate(cr, G_PI / 2.0);
	} else if (squeeze) {
		cairo_save(cr);
		cairo_translate(cr, g->x, 0.0);
		cairo_scale(cr, g->squeeze, 1.0);
		cairo_translate(cr, -g->x, 0.0);
	}
	cairo_set_scaled_font(cr, sf);
	set_color(cr, im, &g->color);
	if (g->n_clusters > 0)
		cairo_show_text_glyphs(cr, g->text, (int)g->n_text, glyphs, n_glyphs, clusters,
		                       n_clusters, 0);
	else
		cairo_show_glyphs(cr, glyphs, n_glyphs);
	if (g->rotated || squeeze)
		cairo_restore(cr);
	g_free(glyphs);
	g_free(clusters);
}

static void draw_image(cairo_t *cr, cairo_surface_t *s, const cp_dl_image *im)
{
	int pw = cairo_image_surface_get_width(s);
	int ph = cairo_image_surface_get_height(s);
	if (pw <= 0 || ph <= 0 || im->w <= 0 || im->h <= 0)
		return;
	/* clip to the frame, then map the whole image onto the draw rectangle */
	cairo_save(cr);
	cairo_rectangle(cr, im->fx, im->fy, im->fw, im->fh);
	cairo_clip(cr);
	cairo_translate(cr, im->x, im->y);
	cairo_scale(cr, im->w / pw, im->h / ph);
	cairo_set_source_surface(cr, s, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
}

static void draw_rule(cairo_t *cr, const cp_render_images *im, const cp_dl_rule *r)
{
	if (r->width <= 0)
		return;
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_set_line_width(cr, r->width);
	set_color(cr, im, &r->color);
	cairo_move_to(cr, r->x0, r->y0);
	cairo_line_to(cr, r->x1, r->y1);
	cairo_stroke(cr);
}

static void draw_rect(cairo_t *cr, const cp_render_images *im, const cp_dl_rect *r)
{
	cairo_rectangle(cr, r->x, r->y, r->w, r->h);
	if (r->fill) {
		set_color(cr, im, &r->fill_color);
		cairo_fill_preserve(cr);
	}
	if (r->stroke_width > 0) {
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
		cairo_set_line_width(cr, r->stroke_width);
		set_color(cr, im, &r->stroke_color);
		cairo_stroke_preserve(cr);
	}
	cairo_new_path(cr);
}

/* A supplied PDF page: poppler draws it (its CropBox at the origin, y
 * down), moved so the artwork's box lands on the item's rectangle and
 * scaled as the item is, clipped to the frame. The file was read and
 * checked by the press step before compose; a file poppler cannot open
 * now (changed since) is an error at the line naming it. */
static bool draw_artwork(cairo_t *cr, const cp_dl *dl, const cp_dl_artwork *aw, cp_diags *d)
{
	const cp_dl_artwork_src *src = &g_array_index(dl->artworks, cp_dl_artwork_src, aw->artwork);
	if (aw->w <= 0 || aw->h <= 0 || src->width <= 0 || src->height <= 0)
		return true;
	g_autoptr(GFile) file = g_file_new_for_path(src->path);
	g_autoptr(GError) err = NULL;
	/* poppler 22.12 declares no autoptr cleanups for its types */
	PopplerDocument *doc = poppler_document_new_from_gfile(file, NULL, NULL, &err);
	PopplerPage *pg =
	    doc != NULL && src->page >= 1 && src->page <= poppler_document_get_n_pages(doc)
	        ? poppler_document_get_page(doc, src->page - 1)
	        : NULL;
	if (pg == NULL) {
		cp_diag_add(d, CP_DIAG_BAD_ARTWORK, src->span, NULL,
		            "cannot draw page %d of artwork '%s' in the preview: %s", src->page,
		            src->path, err != NULL ? err->message : "no such page");
		g_clear_object(&doc);
		return false;
	}
	cairo_save(cr);
	cairo_rectangle(cr, aw->fx, aw->fy, aw->fw, aw->fh);
	cairo_clip(cr);
	cairo_translate(cr, aw->x, aw->y);
	cairo_scale(cr, aw->w / src->width, aw->h / src->height);
	cairo_rectangle(cr, 0, 0, src->width, src->height);
	cairo_clip(cr);
	cairo_translate(cr, -src->crop_x, -src->crop_y);
	poppler_page_render_for_printing(pg, cr);
	cairo_restore(cr);
	g_object_unref(pg);
	g_object_unref(doc);
	return true;
}

bool cp_render_page_draw(cairo_t *cr, const cp_dl *dl, size_t page_index, double offset,
                         cp_render_images *images, cp_diags *d)
{
	const cp_dl_page *page = cp_dl_page_get(dl, page_index);
	bool ok = true;
	cairo_save(cr);
	cairo_translate(cr, offset, offset);
	for (size_t i = 0; i < cp_dl_item_count(page); i++) {
		const cp_dl_item *it = cp_dl_item_get(page, i);
		switch (it->kind) {
		case CP_DL_GLYPHS:
			draw_glyphs(cr, dl, images, &it->u.glyphs);
			break;
		case CP_DL_IMAGE: {
			cairo_surface_t *s = cp_render_images_get(images, it->u.image.image, d);
			if (s == NULL)
				ok = false;
			else
				draw_image(cr, s, &it->u.image);
			break;
		}
		case CP_DL_RULE:
			draw_rule(cr, images, &it->u.rule);
			break;
		case CP_DL_RECT:
			draw_rect(cr, images, &it->u.rect);
			break;
		case CP_DL_ARTWORK:
			if (!draw_artwork(cr, dl, &it->u.artwork, d))
				ok = false;
			break;
		case CP_DL_LINK:
		case CP_DL_OUTLINE:
			break; /* PDF matters (src/pdf/): nothing to draw on pixels */
		case CP_DL_KIND_COUNT:
			g_assert_not_reached();
		}
	}
	cairo_restore(cr);
	return ok;
}
