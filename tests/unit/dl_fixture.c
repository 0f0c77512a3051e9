/* dl_fixture.c - the display list test_pdf and test_render share
 * (dl_fixture.h). */
#include "dl_fixture.h"

#include <string.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <pango/pangofc-fontmap.h>

#include "cp_config.h"

/* ---- inputs -------------------------------------------------------------- */

/* A w x h JPEG written with libjpeg: RGB with a colour ramp, or flat
 * greyscale, or flat CMYK stored inverted with an Adobe marker (as
 * Photoshop writes it; libjpeg adds the marker for CMYK). With scans, a
 * progressive file written by that scan script of n_scans entries. */
void write_jpeg_scripted(const char *path, int w, int h, J_COLOR_SPACE space,
                         const jpeg_scan_info *scans, int n_scans)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	unsigned char *mem = NULL;
	unsigned long len = 0;
	jpeg_mem_dest(&c, &mem, &len);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = space == JCS_GRAYSCALE ? 1 : space == JCS_CMYK ? 4 : 3;
	c.in_color_space = space;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 90, TRUE);
	if (scans != NULL) {
		c.scan_info = scans;
		c.num_scans = n_scans;
	}
	jpeg_start_compress(&c, TRUE);
	unsigned char *row = g_malloc((size_t)w * 4);
	while (c.next_scanline < c.image_height) {
		for (int x = 0; x < w && space != JCS_RGB; x++) {
			/* grey 50 %; or CMYK 0/100/100/0 inverted: red */
			static const unsigned char cmyk_red[4] = {255, 0, 0, 255};
			if (space == JCS_GRAYSCALE)
				row[x] = 128;
			else
				memcpy(row + 4 * x, cmyk_red, 4);
		}
		for (int x = 0; x < w && space == JCS_RGB; x++) {
			row[3 * x] = (unsigned char)(x * 255 / w);
			row[3 * x + 1] = (unsigned char)(c.next_scanline * 255 / c.image_height);
			row[3 * x + 2] = 128;
		}
		JSAMPROW rows[1] = {row};
		jpeg_write_scanlines(&c, rows, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	g_free(row);
	g_assert_true(g_file_set_contents(path, (const char *)mem, (gssize)len, NULL));
	free(mem);
}

void write_jpeg_as(const char *path, int w, int h, J_COLOR_SPACE space)
{
	write_jpeg_scripted(path, w, h, space, NULL, 0);
}

void write_jpeg(const char *path, int w, int h)
{
	write_jpeg_as(path, w, h, JCS_RGB);
}

void write_png(const char *path)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 8, 4);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0, 0.5, 1);
	cairo_paint(cr);
	cairo_destroy(cr);
	g_assert_cmpint(cairo_surface_write_to_png(s, path), ==, CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
}

void fixture_setup(fixture *fx, gconstpointer data)
{
	/* the typesetter's font setup: private fontconfig, PangoCairo FT, 72 dpi */
	FcConfig *cfg = FcConfigCreate();
	g_autofree char *conf = g_build_filename(CP_SOURCE_DIR, "fonts", "fonts.conf", NULL);
	g_assert_true(FcConfigParseAndLoad(cfg, (const FcChar8 *)conf, FcTrue));
	g_assert_true(FcConfigBuildFonts(cfg));
	fx->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fx->map), cfg);
	FcConfigDestroy(cfg);
	fx->ctx = pango_font_map_create_context(fx->map);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(fx->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(fx->ctx, 72.0);
	pango_context_set_round_glyph_positions(fx->ctx, FALSE);
	pango_context_set_language(fx->ctx, pango_language_from_string("ja"));

	GError *error = NULL;
	/* a folder named after the test program: test_pdf-XXXXXX, ... */
	g_autofree char *prog = g_path_get_basename(g_get_prgname());
	g_autofree char *tmpl = g_strdup_printf("%s-XXXXXX", prog);
	fx->dir = g_dir_make_tmp(tmpl, &error);
	g_assert_no_error(error);
	fx->jpeg = g_build_filename(fx->dir, "photo.jpg", NULL);
	fx->png = g_build_filename(fx->dir, "logo.png", NULL);
	write_jpeg(fx->jpeg, 60, 80);
	write_png(fx->png);
}

void fixture_teardown(fixture *fx, gconstpointer data)
{
	/* empty the folder (files only), then remove it */
	GDir *d = g_dir_open(fx->dir, 0, NULL);
	const char *name;
	while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
		g_autofree char *p = g_build_filename(fx->dir, name, NULL);
		g_unlink(p);
	}
	if (d != NULL)
		g_dir_close(d);
	g_rmdir(fx->dir);
	g_free(fx->dir);
	g_free(fx->jpeg);
	g_free(fx->png);
	g_clear_object(&fx->ctx);
	pango_fc_font_map_shutdown(PANGO_FC_FONT_MAP(fx->map));
	g_clear_object(&fx->map);
}

/* Shapes text with Pango and appends one glyph run per Pango run at
 * (x, y), with clusters from Pango's log clusters (left to right). */
void add_text(fixture *fx, cp_dl *dl, cp_dl_page *page, const char *text, double x, double y)
{
	PangoLayout *layout = pango_layout_new(fx->ctx);
	PangoFontDescription *desc = pango_font_description_from_string("Noto Serif CJK JP 9");
	pango_layout_set_font_description(layout, desc);
	pango_font_description_free(desc);
	pango_layout_set_text(layout, text, -1);
	PangoLayoutLine *line = pango_layout_get_line_readonly(layout, 0);
	double pen = x;
	for (GSList *l = line->runs; l != NULL; l = l->next) {
		PangoGlyphItem *run = l->data;
		PangoGlyphString *gs = run->glyphs;
		cp_dl_item *it = cp_dl_item_add(page, CP_DL_GLYPHS);
		cp_dl_glyphs *g = &it->u.glyphs;
		g->font = cp_dl_font_add(dl, run->item->analysis.font);
		g->x = pen;
		g->y = y;
		g->color = cp_color_cmyk(0, 0, 0, 1);
		g->text = cp_arena_strndup(dl->arena, text + run->item->offset,
		                           (size_t)run->item->length);
		g->n_text = (uint32_t)run->item->length;
		g->n_glyphs = (uint32_t)gs->num_glyphs;
		g->glyphs = cp_arena_new0(dl->arena, cp_dl_glyph, gs->num_glyphs);
		g->clusters = cp_arena_new0(dl->arena, cp_dl_cluster, gs->num_glyphs);
		double adv = 0;
		for (int i = 0; i < gs->num_glyphs; i++) {
			g->glyphs[i].id = gs->glyphs[i].glyph;
			g->glyphs[i].x =
			    adv + gs->glyphs[i].geometry.x_offset / (double)PANGO_SCALE;
			g->glyphs[i].y = gs->glyphs[i].geometry.y_offset / (double)PANGO_SCALE;
			adv += gs->glyphs[i].geometry.width / (double)PANGO_SCALE;
			/* a new cluster starts where the log cluster changes */
			int start = gs->log_clusters[i];
			if (i == 0 || start != gs->log_clusters[i - 1]) {
				int end = run->item->length;
				for (int k = i + 1; k < gs->num_glyphs; k++)
					if (gs->log_clusters[k] != start) {
						end = gs->log_clusters[k];
						break;
					}
				g->clusters[g->n_clusters].n_bytes = (uint32_t)(end - start);
				g->clusters[g->n_clusters].n_glyphs = 1;
				g->n_clusters++;
			} else {
				g->clusters[g->n_clusters - 1].n_glyphs++;
			}
		}
		g->width = adv;
		pen += adv;
	}
	g_object_unref(layout);
}

/* The test document: A4, bleed 3 mm, two pages. */
cp_dl *build_list(fixture *fx, const char *jpeg)
{
	cp_dl *dl = cp_dl_new();
	dl->meta.title = cp_dl_strdup(dl, "CAN 第12号");
	dl->meta.author = cp_dl_strdup(dl, "大阪ビジネスネットワーク");
	dl->meta.subject = cp_dl_strdup(dl, "会員紹介");
	dl->meta.keywords = cp_dl_strdup(dl, "大阪, 会報");
	dl->meta.creator = cp_dl_strdup(dl, "canpress test");
	dl->meta.date = cp_dl_strdup(dl, "2026-12-01T09:30:00Z");
	uint32_t photo = cp_dl_image_add(dl, jpeg, 60, 80, true);
	uint32_t logo = cp_dl_image_add(dl, fx->png, 8, 4, false);
	double bleed = 3 * 72 / 25.4;

	cp_dl_page *p1 = cp_dl_page_add(dl, 595.28, 841.89, bleed, "表紙");
	cp_dl_item *it = cp_dl_item_add(p1, CP_DL_OUTLINE);
	it->u.outline = (cp_dl_outline){1, cp_dl_strdup(dl, "表紙"), 0};
	add_text(fx, dl, p1, LINE1, 56.69, 120.45);
	it = cp_dl_item_add(p1, CP_DL_RULE);
	it->u.rule = (cp_dl_rule){56.69, 130, 300, 130, 0.5, cp_color_cmyk(0, .55, .65, .15)};
	it = cp_dl_item_add(p1, CP_DL_RECT);
	it->u.rect =
	    (cp_dl_rect){100, 200, 200, 100, true, cp_color_cmyk(0, 1, 1, 0), 1, cp_color_gray(1)};
	it = cp_dl_item_add(p1, CP_DL_IMAGE);
	it->u.image = (cp_dl_image){photo, 320, 200, 150, 150, 320, 180, 150, 200};
	it = cp_dl_item_add(p1, CP_DL_LINK);
	it->u.link =
	    (cp_dl_link){56.69, 110, 100, 12, cp_dl_strdup(dl, "https://can.example/"), -1};

	cp_dl_page *p2 = cp_dl_page_add(dl, 595.28, 841.89, bleed, "2");
	it = cp_dl_item_add(p2, CP_DL_OUTLINE);
	it->u.outline = (cp_dl_outline){2, cp_dl_strdup(dl, "写真のページ"), 400};
	add_text(fx, dl, p2, LINE2, 56.69, 420);
	it = cp_dl_item_add(p2, CP_DL_IMAGE);
	it->u.image = (cp_dl_image){photo, 56.69, 500, 60, 80, 56.69, 500, 60, 80};
	it = cp_dl_item_add(p2, CP_DL_IMAGE);
	it->u.image = (cp_dl_image){logo, 200, 500, 80, 40, 200, 500, 80, 40};
	cp_dl_check(dl);
	return dl;
}
