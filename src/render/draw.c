/* draw.c - drawing one display-list page onto a cairo_t, shared by every
 * device (PDF, PNG). It draws exactly what the list says, in list order;
 * nothing is measured or moved here (docs/architecture.md: nothing is laid
 * out after the display list).
 *
 * Units: the list is in points on the trimmed page, y down, which is Cairo's
 * user space on a PDF surface; the PNG device scales the context first.
 * With bleed the whole page is translated by the bleed so the trim box sits
 * inside the larger sheet.
 *
 * Glyph runs go out through cairo_show_text_glyphs with the run's UTF-8 text
 * and clusters, so the PDF's ToUnicode maps every glyph back to its
 * characters and text extraction (pdftotext, search, screen readers) gets
 * the text in reading order. */
#include "render/device.h"

#include <errno.h>

#include <pango/pangocairo.h>

cairo_status_t cp_render_sink_write(void *closure, const unsigned char *data,
				    unsigned int length)
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

static void draw_glyphs(cairo_t *cr, const cp_dl *dl, const cp_dl_glyphs *g)
{
	if (g->n_glyphs == 0)
		return;
	const cp_dl_font *font = &g_array_index(dl->fonts, cp_dl_font, g->font);
	/* the typesetter's font map is a PangoCairo one; anything else is a bug */
	g_assert(PANGO_IS_CAIRO_FONT(font->font));
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font->font));
	g_assert(sf != NULL);

	/* absolute glyph positions, dropping non-glyphs from their clusters */
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
			glyphs[n_glyphs].x = g->x + src->x;
			glyphs[n_glyphs].y = g->y + src->y;
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
			glyphs[n_glyphs].x = g->x + g->glyphs[gi].x;
			glyphs[n_glyphs].y = g->y + g->glyphs[gi].y;
			n_glyphs++;
		}
	}

	cairo_set_scaled_font(cr, sf);
	cairo_set_source_rgb(cr, g->color.r, g->color.g, g->color.b);
	if (g->n_clusters > 0)
		cairo_show_text_glyphs(cr, g->text, (int)g->n_text, glyphs, n_glyphs, clusters,
				       n_clusters, 0);
	else
		cairo_show_glyphs(cr, glyphs, n_glyphs);
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

static void draw_rule(cairo_t *cr, const cp_dl_rule *r)
{
	if (r->width <= 0)
		return;
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_set_line_width(cr, r->width);
	cairo_set_source_rgb(cr, r->color.r, r->color.g, r->color.b);
	cairo_move_to(cr, r->x0, r->y0);
	cairo_line_to(cr, r->x1, r->y1);
	cairo_stroke(cr);
}

static void draw_rect(cairo_t *cr, const cp_dl_rect *r)
{
	cairo_rectangle(cr, r->x, r->y, r->w, r->h);
	if (r->fill) {
		cairo_set_source_rgb(cr, r->fill_color.r, r->fill_color.g, r->fill_color.b);
		cairo_fill_preserve(cr);
	}
	if (r->stroke_width > 0) {
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
		cairo_set_line_width(cr, r->stroke_width);
		cairo_set_source_rgb(cr, r->stroke_color.r, r->stroke_color.g,
				     r->stroke_color.b);
		cairo_stroke_preserve(cr);
	}
	cairo_new_path(cr);
}

/* Appends s to a Cairo tag attribute string inside single quotes: Cairo's
 * attribute parser takes backslash escapes for the quote and backslash. */
static void append_quoted(GString *a, const char *s)
{
	g_string_append_c(a, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'' || *s == '\\')
			g_string_append_c(a, '\\');
		g_string_append_c(a, *s);
	}
	g_string_append_c(a, '\'');
}

/* A link annotation over the item's rectangle: a URI, or a page of this
 * document (its top left). The list gives the rectangle in user space,
 * like everything else; Cairo 1.16 reads a link's rect in device space
 * (checked: with the bleed offset the annotation lands where the text is),
 * so it is converted here. */
static void draw_link(cairo_t *cr, const cp_dl_link *l)
{
	if (l->w <= 0 || l->h <= 0 || (l->uri == NULL && l->page < 0))
		return;
	double x = l->x, y = l->y;
	double w = l->w, h = l->h;
	/* Cairo takes the rectangle in device space (the PDF page, y down) */
	cairo_user_to_device(cr, &x, &y);
	cairo_user_to_device_distance(cr, &w, &h);
	char buf[4][G_ASCII_DTOSTR_BUF_SIZE];
	GString *a = g_string_new("rect=[");
	g_string_append_printf(a, "%s %s %s %s] ", g_ascii_formatd(buf[0], sizeof buf[0], "%.2f", x),
			       g_ascii_formatd(buf[1], sizeof buf[1], "%.2f", y),
			       g_ascii_formatd(buf[2], sizeof buf[2], "%.2f", w),
			       g_ascii_formatd(buf[3], sizeof buf[3], "%.2f", h));
	if (l->uri != NULL) {
		g_string_append(a, "uri=");
		append_quoted(a, l->uri);
	} else {
		g_string_append_printf(a, "page=%d", l->page + 1);
	}
	cairo_tag_begin(cr, CAIRO_TAG_LINK, a->str);
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	g_string_free(a, TRUE);
}

bool cp_render_page_draw(cairo_t *cr, const cp_dl *dl, size_t page_index, double offset,
			 cp_render_images *images, cp_diags *d)
{
	const cp_dl_page *page = cp_dl_page_get(dl, page_index);
	bool ok = true;
	cairo_save(cr);
	cairo_translate(cr, offset, offset);
	for (guint i = 0; i < page->items->len; i++) {
		const cp_dl_item *it = &g_array_index(page->items, cp_dl_item, i);
		switch (it->kind) {
		case CP_DL_GLYPHS:
			draw_glyphs(cr, dl, &it->u.glyphs);
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
			draw_rule(cr, &it->u.rule);
			break;
		case CP_DL_RECT:
			draw_rect(cr, &it->u.rect);
			break;
		case CP_DL_LINK:
			/* Cairo 1.16 damages the xref for every link tag
			 * (docs/pango-notes.md section 4); every PDF canpress
			 * writes goes through qpdf afterwards (press/press.c), which
			 * rebuilds it. Image surfaces ignore tags. */
			draw_link(cr, &it->u.link);
			break;
		case CP_DL_OUTLINE:
			break; /* the PDF device adds outline entries itself */
		case CP_DL_KIND_COUNT:
			g_assert_not_reached();
		}
	}
	cairo_restore(cr);
	return ok;
}
