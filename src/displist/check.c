/* check.c - the display list's invariants, asserted (CONTRIBUTING.md section 4: bugs
 * are not diagnostics). compose calls cp_dl_check on what it built and the
 * tests call it on every list; a failure is a bug in whoever wrote the list.
 *
 * What renderers rely on, and so what is checked here:
 *  - every font and image index is inside its table;
 *  - a glyph run's text is valid UTF-8, its clusters are non-empty, start on
 *    character boundaries and cover exactly n_text bytes and n_glyphs glyphs
 *    (cairo_show_text_glyphs rejects anything else, and the PDF's ToUnicode
 *    map comes from these clusters);
 *  - every coordinate is finite, sizes and widths are not negative;
 *  - an internal link names an existing page, an outline entry has a title
 *    and a level >= 1. */
#include "displist/displist.h"

#include <math.h>

/* A coordinate Cairo would turn into a broken PDF operator. */
static void check_finite(double v)
{
	g_assert(isfinite(v));
}

/* A rectangle: finite, with no negative extent (renderers do not flip). */
static void check_box(double x, double y, double w, double h)
{
	check_finite(x);
	check_finite(y);
	check_finite(w);
	check_finite(h);
	g_assert_cmpfloat(w, >=, 0);
	g_assert_cmpfloat(h, >=, 0);
}

/* A glyph run, as cairo_show_text_glyphs will take it. */
static void check_glyphs(const cp_dl *dl, const cp_dl_glyphs *g)
{
	/* indexes, positions and the text itself */
	g_assert_cmpuint(g->font, <, dl->fonts->len);
	check_finite(g->x);
	check_finite(g->y);
	check_finite(g->width);
	g_assert(g->n_text == 0 || g->text != NULL);
	g_assert(g->n_glyphs == 0 || g->glyphs != NULL);
	g_assert(g->n_clusters == 0 || g->clusters != NULL);
	g_assert(g_utf8_validate(g->text != NULL ? g->text : "", g->n_text, NULL));
	for (uint32_t i = 0; i < g->n_glyphs; i++) {
		check_finite(g->glyphs[i].x);
		check_finite(g->glyphs[i].y);
	}

	/* clusters tile the text and the glyphs, each on a character boundary */
	uint64_t bytes = 0;
	uint64_t glyphs = 0;
	for (uint32_t i = 0; i < g->n_clusters; i++) {
		const cp_dl_cluster *c = &g->clusters[i];
		g_assert(c->n_bytes > 0 || c->n_glyphs > 0);
		if (bytes < g->n_text) {
			unsigned char lead = (unsigned char)g->text[bytes];
			g_assert((lead & 0xc0) != 0x80);
		}
		bytes += c->n_bytes;
		glyphs += c->n_glyphs;
	}
	g_assert_cmpuint(bytes, ==, g->n_text);
	g_assert_cmpuint(glyphs, ==, g->n_glyphs);
}

/* One item of any kind: what its renderer reads must be in range. */
static void check_item(const cp_dl *dl, const cp_dl_item *it)
{
	switch (it->kind) {
	case CP_DL_GLYPHS:
		check_glyphs(dl, &it->u.glyphs);
		break;
	case CP_DL_IMAGE: {
		const cp_dl_image *im = &it->u.image;
		g_assert_cmpuint(im->image, <, dl->images->len);
		check_box(im->fx, im->fy, im->fw, im->fh);
		check_box(im->x, im->y, im->w, im->h);
		break;
	}
	case CP_DL_RULE: {
		/* a rule may run in any direction: only its ends must be finite */
		const cp_dl_rule *r = &it->u.rule;
		check_box(r->x0, r->y0, 0, 0);
		check_box(r->x1, r->y1, 0, 0);
		check_finite(r->width);
		g_assert_cmpfloat(r->width, >=, 0);
		break;
	}
	case CP_DL_RECT: {
		const cp_dl_rect *r = &it->u.rect;
		check_box(r->x, r->y, r->w, r->h);
		check_finite(r->stroke_width);
		g_assert_cmpfloat(r->stroke_width, >=, 0);
		break;
	}
	case CP_DL_LINK: {
		const cp_dl_link *l = &it->u.link;
		check_box(l->x, l->y, l->w, l->h);
		/* without a URI it is an internal link to a page of this list */
		if (l->uri == NULL) {
			g_assert_cmpint(l->page, >=, 0);
			g_assert_cmpuint((guint)l->page, <, dl->pages->len);
		}
		break;
	}
	case CP_DL_OUTLINE:
		g_assert_cmpint(it->u.outline.level, >=, 1);
		g_assert(it->u.outline.title != NULL);
		check_finite(it->u.outline.y);
		break;
	case CP_DL_ARTWORK: {
		const cp_dl_artwork *aw = &it->u.artwork;
		g_assert_cmpuint(aw->artwork, <, dl->artworks->len);
		check_box(aw->fx, aw->fy, aw->fw, aw->fh);
		check_box(aw->x, aw->y, aw->w, aw->h);
		break;
	}
	case CP_DL_KIND_COUNT:
		g_assert_not_reached();
	}
}

void cp_dl_check(const cp_dl *dl)
{
	/* the tables, then every page and its items */
	g_assert(dl != NULL && dl->arena != NULL);
	for (guint i = 0; i < dl->fonts->len; i++)
		g_assert(g_array_index(dl->fonts, cp_dl_font, i).font != NULL);
	for (guint i = 0; i < dl->images->len; i++)
		g_assert(g_array_index(dl->images, cp_dl_image_src, i).path != NULL);
	for (guint i = 0; i < dl->artworks->len; i++) {
		const cp_dl_artwork_src *aw = &g_array_index(dl->artworks, cp_dl_artwork_src, i);
		g_assert(aw->path != NULL && aw->page >= 1);
		g_assert(isfinite(aw->width) && aw->width > 0);
		g_assert(isfinite(aw->height) && aw->height > 0);
	}

	for (guint i = 0; i < dl->pages->len; i++) {
		const cp_dl_page *page = g_ptr_array_index(dl->pages, i);
		/* numbers are given by cp_dl_page_add, in order */
		g_assert(page->label != NULL);
		g_assert_cmpint(page->number, ==, (int)i + 1);
		g_assert(isfinite(page->width) && page->width > 0);
		g_assert(isfinite(page->height) && page->height > 0);
		g_assert(isfinite(page->bleed) && page->bleed >= 0);
		for (size_t j = 0; j < cp_dl_item_count(page); j++) {
			const cp_dl_item *it = cp_dl_item_get(page, j);
			g_assert_cmpint(it->kind, <, CP_DL_KIND_COUNT);
			check_item(dl, it);
		}
	}
}
