/* test_render.c - the PNG device and the image cache, checked from the
 * outside (the PDF writer is test_pdf's).
 *
 * A two-page display list is built by hand with Japanese text shaped by
 * Pango (through canpress's private fontconfig and a PangoCairo font map at
 * 72 dpi, as the typesetter sets it up), a JPEG written here with libjpeg
 * (used on both pages), a PNG, a rule, a rect and outline entries. The PDF
 * is never compared as bytes against a golden (CONTRIBUTING.md section 6): poppler
 * tools read it back (pdfinfo, pdffonts, pdftotext, pdfimages) and qpdf
 * shows the outline and page labels. Two renders of the same list must be
 * byte-identical, and every failure must leave the target untouched. */
#include "render/render.h"

#include <errno.h>
#include <string.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <jpeglib.h>
#include <png.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "cp_config.h"
#include "render/device.h"

#define LINE1 "大阪の町で、小さな会社が集まる。"
#define LINE2 "第二頁は「写真」と本文です。"

typedef struct fixture {
	PangoFontMap *map;
	PangoContext *ctx;
	char *dir;  /* a fresh temporary folder */
	char *jpeg; /* its photo.jpg */
	char *png;  /* its logo.png */
} fixture;

/* ---- inputs -------------------------------------------------------------- */

/* A w x h JPEG written with libjpeg: RGB with a colour ramp, or flat
 * greyscale, or flat CMYK stored inverted with an Adobe marker (as
 * Photoshop writes it; libjpeg adds the marker for CMYK). With scans, a
 * progressive file written by that scan script of n_scans entries. */
static void write_jpeg_scripted(const char *path, int w, int h, J_COLOR_SPACE space,
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

static void write_jpeg_as(const char *path, int w, int h, J_COLOR_SPACE space)
{
	write_jpeg_scripted(path, w, h, space, NULL, 0);
}

static void write_jpeg(const char *path, int w, int h)
{
	write_jpeg_as(path, w, h, JCS_RGB);
}

static void write_png(const char *path)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 8, 4);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0, 0.5, 1);
	cairo_paint(cr);
	cairo_destroy(cr);
	g_assert_cmpint(cairo_surface_write_to_png(s, path), ==, CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
}

static void fixture_setup(fixture *fx, gconstpointer data)
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
	fx->dir = g_dir_make_tmp("test_render-XXXXXX", &error);
	g_assert_no_error(error);
	fx->jpeg = g_build_filename(fx->dir, "photo.jpg", NULL);
	fx->png = g_build_filename(fx->dir, "logo.png", NULL);
	write_jpeg(fx->jpeg, 60, 80);
	write_png(fx->png);
}

static void fixture_teardown(fixture *fx, gconstpointer data)
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
static void add_text(fixture *fx, cp_dl *dl, cp_dl_page *page, const char *text, double x, double y)
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
static cp_dl *build_list(fixture *fx, const char *jpeg)
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

/* ---- tests --------------------------------------------------------------- */

/* CMYK JPEGs are drawn as RGB pixels, Adobe-inverted values honoured, as
 * image.c documents (the PDF writer's JPEG kinds are test_pdf's). */
static void test_jpeg_kinds(fixture *fx, gconstpointer data)
{
	g_autofree char *cmyk = g_build_filename(fx->dir, "cmyk.jpg", NULL);
	write_jpeg_as(cmyk, 60, 80, JCS_CMYK);
	g_autoptr(cp_dl) dl2 = build_list(fx, cmyk);

	/* the photo on page 2 sits at (56.69, 500), 60 x 80 pt */
	g_autofree char *png = g_build_filename(fx->dir, "cmyk.png", NULL);
	g_autoptr(cp_diags) d = cp_diags_new();
	g_assert_true(cp_render_png(dl2, 1, 72, false, NULL, png, d));
	cairo_surface_t *s = cairo_image_surface_create_from_png(png);
	const unsigned char *px = cairo_image_surface_get_data(s);
	uint32_t v = *(
	    const uint32_t *)(const void *)(px + 540 * cairo_image_surface_get_stride(s) + 85 * 4);
	g_assert_cmpuint((v >> 16) & 0xff, >, 240);
	g_assert_cmpuint((v >> 8) & 0xff, <, 16);
	g_assert_cmpuint(v & 0xff, <, 16);
	cairo_surface_destroy(s);
}

/* The caller's colours: every colour drawn through the hook (here: all
 * green), and the display list left as it was. */
static void all_green(const cp_color *col, double rgb[3], void *data)
{
	(void)col;
	(*(int *)data)++;
	rgb[0] = 0;
	rgb[1] = 1;
	rgb[2] = 0;
}

static void test_png_colors(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_dl) dl = build_list(fx, fx->jpeg);
	const cp_dl_item *rect = NULL;
	const cp_dl_page *page0 = cp_dl_page_get(dl, 0);
	for (size_t i = 0; i < cp_dl_item_count(page0); i++)
		if (cp_dl_item_get(page0, i)->kind == CP_DL_RECT)
			rect = cp_dl_item_get(page0, i);
	g_assert_nonnull(rect);
	cp_color before = rect->u.rect.fill_color;
	int calls = 0;
	cp_render_colors colors = {all_green, &calls};
	g_autofree char *path = g_build_filename(fx->dir, "green.png", NULL);
	g_autoptr(cp_diags) d = cp_diags_new();
	g_assert_true(cp_render_png(dl, 0, 72, false, &colors, path, d));
	g_assert_cmpint(calls, >=, 3); /* text, rule, fill, stroke */
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	const unsigned char *px = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	uint32_t inside = *(const uint32_t *)(const void *)(px + 250 * stride + 150 * 4);
	g_assert_cmphex(inside & 0xffffff, ==, 0x00ff00);
	cairo_surface_destroy(s);
	/* only read */
	g_assert_cmpfloat(rect->u.rect.fill_color.r, ==, before.r);
	g_assert_cmpfloat(rect->u.rect.fill_color.g, ==, before.g);
	g_assert_cmpfloat(rect->u.rect.fill_color.m, ==, before.m);
}

static void test_png(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_dl) dl = build_list(fx, fx->jpeg);
	g_autofree char *path = g_build_filename(fx->dir, "p1.png", NULL);
	g_autoptr(cp_diags) d = cp_diags_new();
	g_assert_true(cp_render_png(dl, 0, 72, false, NULL, path, d));
	g_assert_cmpuint(cp_diags_len(d), ==, 0);

	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
	g_assert_cmpint(cairo_image_surface_get_width(s), ==, 596);
	g_assert_cmpint(cairo_image_surface_get_height(s), ==, 842);
	const unsigned char *px = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	/* inside the red rect (100,200 200x100): cmyk(0,100,100,0) is pure red */
	uint32_t inside = *(const uint32_t *)(const void *)(px + 250 * stride + 150 * 4);
	/* the paper is white */
	uint32_t paper = *(const uint32_t *)(const void *)(px + 700 * stride + 20 * 4);
	g_assert_cmphex(inside & 0xffffff, ==, 0xff0000);
	g_assert_cmphex(paper & 0xffffff, ==, 0xffffff);
	cairo_surface_destroy(s);

	/* with bleed the image grows by 2 x 3 mm at 144 dpi */
	g_assert_true(cp_render_png(dl, 1, 144, true, NULL, path, d));
	s = cairo_image_surface_create_from_png(path);
	g_assert_cmpint(cairo_image_surface_get_width(s), ==, 1225);
	cairo_surface_destroy(s);
}

/* ---- the PNG reader (pngread.c) ------------------------------------------ */

/* A PNG in memory, written with libpng: w x h, left half dark, right half
 * light, in the given colour type, bit depth and interlace. Palette files
 * have two entries; with trns the dark entry / grey value is transparent. */
static void on_png_write(png_structp png, png_bytep data, size_t n)
{
	g_byte_array_append(png_get_io_ptr(png), data, (guint)n);
}

static GByteArray *make_png(uint32_t w, uint32_t h, int ctype, int depth, bool adam7, bool trns)
{
	GByteArray *out = g_byte_array_new();
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	g_assert_nonnull(info);
	if (setjmp(png_jmpbuf(png)))
		g_assert_not_reached();
	png_set_write_fn(png, out, on_png_write, NULL);
	png_set_IHDR(png, info, w, h, depth, ctype,
	             adam7 ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	             PNG_FILTER_TYPE_DEFAULT);
	unsigned max = (1u << depth) - 1u;
	if (ctype == PNG_COLOR_TYPE_PALETTE) {
		png_color pal[2] = {{0x20, 0x40, 0x60}, {0xf0, 0xe0, 0xd0}};
		png_set_PLTE(png, info, pal, 2);
		max = 1;
		if (trns) {
			png_byte alpha[1] = {0};
			png_set_tRNS(png, info, alpha, 1, NULL);
		}
	} else if (trns && ctype == PNG_COLOR_TYPE_GRAY) {
		png_color_16 t = {0};
		png_set_tRNS(png, info, NULL, 0, &t);
	}
	png_write_info(png, info);
	if (depth < 8)
		png_set_packing(png);
	if (depth == 16)
		png_set_swap(png); /* our samples are host order */
	int channels = ctype == PNG_COLOR_TYPE_RGB          ? 3
	               : ctype == PNG_COLOR_TYPE_RGB_ALPHA  ? 4
	               : ctype == PNG_COLOR_TYPE_GRAY_ALPHA ? 2
	                                                    : 1;
	size_t bps = depth == 16 ? 2 : 1;
	guint8 *row = g_malloc0((size_t)w * (size_t)channels * bps);
	int passes = png_set_interlace_handling(png);
	for (int pass = 0; pass < passes; pass++) {
		for (uint32_t y = 0; y < h; y++) {
			for (uint32_t x = 0; x < w; x++) {
				unsigned v = x < w / 2 ? 0 : max;
				for (int c = 0; c < channels; c++) {
					/* alpha channels: fully opaque */
					bool is_alpha =
					    (ctype & PNG_COLOR_MASK_ALPHA) && c == channels - 1;
					unsigned sv = is_alpha ? max : v;
					size_t at =
					    ((size_t)x * (size_t)channels + (size_t)c) * bps;
					if (bps == 2)
						*(uint16_t *)(void *)(row + at) = (uint16_t)sv;
					else
						row[at] = (guint8)sv;
				}
			}
			png_write_row(png, row);
		}
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	g_free(row);
	return out;
}

static uint32_t pixel_at(cairo_surface_t *s, int x, int y)
{
	const unsigned char *px = cairo_image_surface_get_data(s);
	return *(const uint32_t *)(const void *)(px +
	                                         (size_t)y *
	                                             (size_t)cairo_image_surface_get_stride(s) +
	                                         (size_t)x * 4u);
}

/* Every kind libpng can hand over reaches 8-bit RGB(A): the left half dark,
 * the right half light, at full size (need below 1). */
static void test_png_decode_kinds(fixture *fx, gconstpointer data)
{
	static const struct {
		int ctype, depth;
		bool adam7, trns;
		uint32_t dark, light; /* 0xAARRGGBB, premultiplied */
		cairo_format_t format;
	} kinds[] = {
	    {PNG_COLOR_TYPE_RGB, 8, false, false, 0xff000000, 0xffffffff, CAIRO_FORMAT_RGB24},
	    {PNG_COLOR_TYPE_RGB, 16, false, false, 0xff000000, 0xffffffff, CAIRO_FORMAT_RGB24},
	    {PNG_COLOR_TYPE_RGB, 8, true, false, 0xff000000, 0xffffffff, CAIRO_FORMAT_RGB24},
	    {PNG_COLOR_TYPE_GRAY, 1, false, false, 0xff000000, 0xffffffff, CAIRO_FORMAT_RGB24},
	    {PNG_COLOR_TYPE_GRAY, 4, true, false, 0xff000000, 0xffffffff, CAIRO_FORMAT_RGB24},
	    {PNG_COLOR_TYPE_GRAY, 8, false, true, 0x00000000, 0xffffffff, CAIRO_FORMAT_ARGB32},
	    {PNG_COLOR_TYPE_GRAY_ALPHA, 8, false, false, 0xff000000, 0xffffffff,
	     CAIRO_FORMAT_ARGB32},
	    {PNG_COLOR_TYPE_PALETTE, 1, false, false, 0xff204060, 0xfff0e0d0, CAIRO_FORMAT_RGB24},
	    {PNG_COLOR_TYPE_PALETTE, 8, true, true, 0x00000000, 0xfff0e0d0, CAIRO_FORMAT_ARGB32},
	    {PNG_COLOR_TYPE_RGB_ALPHA, 16, false, false, 0xff000000, 0xffffffff,
	     CAIRO_FORMAT_ARGB32},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
		GByteArray *b =
		    make_png(37, 11, kinds[i].ctype, kinds[i].depth, kinds[i].adam7, kinds[i].trns);
		g_autofree char *why = NULL;
		cairo_surface_t *s = cp_render_png_decode(b->data, b->len, 0, 0, &why);
		g_assert_null(why);
		g_assert_nonnull(s);
		g_assert_cmpint(cairo_image_surface_get_width(s), ==, 37);
		g_assert_cmpint(cairo_image_surface_get_height(s), ==, 11);
		g_assert_cmpint(cairo_image_surface_get_format(s), ==, kinds[i].format);
		uint32_t mask = kinds[i].format == CAIRO_FORMAT_RGB24 ? 0xffffff : 0xffffffff;
		for (int y = 0; y < 11; y++) {
			g_assert_cmphex(pixel_at(s, 0, y) & mask, ==, kinds[i].dark & mask);
			g_assert_cmphex(pixel_at(s, 17, y) & mask, ==, kinds[i].dark & mask);
			g_assert_cmphex(pixel_at(s, 18, y) & mask, ==, kinds[i].light & mask);
			g_assert_cmphex(pixel_at(s, 36, y) & mask, ==, kinds[i].light & mask);
		}
		cairo_surface_destroy(s);
		g_byte_array_unref(b);
	}
}

/* A large file is box-filtered to what its placement needs: the halves
 * stay pure, the column where they meet is their mean; an image not larger
 * by a quarter keeps its size. */
static void test_png_decode_scaled(fixture *fx, gconstpointer data)
{
	GByteArray *b = make_png(400, 300, PNG_COLOR_TYPE_RGB, 8, false, false);
	g_autofree char *why = NULL;
	cairo_surface_t *s = cp_render_png_decode(b->data, b->len, 100, 10, &why);
	g_assert_nonnull(s);
	g_assert_cmpint(cairo_image_surface_get_width(s), ==, 100);
	g_assert_cmpint(cairo_image_surface_get_height(s), ==, 75);
	g_assert_cmphex(pixel_at(s, 0, 0) & 0xffffff, ==, 0x000000);
	g_assert_cmphex(pixel_at(s, 49, 74) & 0xffffff, ==, 0x000000);
	g_assert_cmphex(pixel_at(s, 50, 0) & 0xffffff, ==, 0xffffff);
	g_assert_cmphex(pixel_at(s, 99, 74) & 0xffffff, ==, 0xffffff);
	cairo_surface_destroy(s);

	/* 400 -> 133 columns: output column 66 takes source columns 199..201
	 * (one dark, two light): their mean, not a pick */
	s = cp_render_png_decode(b->data, b->len, 133, 10, &why);
	g_assert_cmpint(cairo_image_surface_get_width(s), ==, 133);
	uint32_t mid = pixel_at(s, 66, 10) & 0xff;
	g_assert_cmpuint(mid, ==, 170);
	cairo_surface_destroy(s);

	/* 400 px for 340 needed: kept whole */
	s = cp_render_png_decode(b->data, b->len, 340, 10, &why);
	g_assert_cmpint(cairo_image_surface_get_width(s), ==, 400);
	cairo_surface_destroy(s);
	g_assert_null(why);
	g_byte_array_unref(b);
}

/* Damage is an error with a reason, never a picture of grey. */
static void test_png_decode_damaged(fixture *fx, gconstpointer data)
{
	GByteArray *b = make_png(64, 64, PNG_COLOR_TYPE_RGB, 8, false, false);
	g_autofree char *why = NULL;
	g_assert_null(cp_render_png_decode(b->data, b->len / 2, 0, 0, &why));
	g_assert_nonnull(strstr(why, "truncated"));
	g_clear_pointer(&why, g_free);

	/* a flipped byte in the IDAT data: its CRC no longer matches */
	b->data[b->len - 20] ^= 0x55;
	g_assert_null(cp_render_png_decode(b->data, b->len, 0, 0, &why));
	g_assert_nonnull(why);
	g_byte_array_unref(b);
}

/* The cache keeps an image at no more than its placement needs: the photo
 * of build_list is placed 150 x 200 pt at most, so at 300 ppi a 2000 px
 * square PNG is kept at 834 px (200 pt = 833.3 px), and a preview at 72
 * dpi keeps twice its pixels (400 x 400). A JPEG a PDF oversamples is
 * encoded again at its needed size; one it does not passes through. */
static void test_images_fit_placement(fixture *fx, gconstpointer data)
{
	g_autofree char *big = g_build_filename(fx->dir, "big.png", NULL);
	GByteArray *b = make_png(2000, 2000, PNG_COLOR_TYPE_RGB, 8, false, false);
	g_assert_true(g_file_set_contents(big, (const char *)b->data, b->len, NULL));
	g_byte_array_unref(b);
	g_autoptr(cp_dl) dl = build_list(fx, big);
	g_autoptr(cp_diags) d = cp_diags_new();

	cp_render_images *im = cp_render_images_new(dl, 300, true, NULL);
	cairo_surface_t *s = cp_render_images_get(im, 0, d);
	g_assert_nonnull(s);
	g_assert_cmpint(cairo_image_surface_get_width(s), ==, 834);
	g_assert_cmpint(cairo_image_surface_get_height(s), ==, 834);
	cp_render_images_free(im);

	im = cp_render_images_new(dl, 72 * CP_RENDER_RASTER_OVERSAMPLE, false, NULL);
	s = cp_render_images_get(im, 0, d);
	g_assert_cmpint(cairo_image_surface_get_width(s), ==, 400);
	cp_render_images_free(im);

	/* a JPEG for a raster: libjpeg's n/8 scaling, then the box */
	g_autofree char *jpg = g_build_filename(fx->dir, "big.jpg", NULL);
	write_jpeg(jpg, 1600, 1600);
	g_autoptr(cp_dl) dl2 = build_list(fx, jpg);
	im = cp_render_images_new(dl2, 72 * CP_RENDER_RASTER_OVERSAMPLE, false, NULL);
	s = cp_render_images_get(im, 0, d);
	g_assert_cmpint(cairo_image_surface_get_width(s), ==, 400);
	cp_render_images_free(im);

	/* a PDF at 300 ppi: the 1600 px photo needs 833 px, so it is not passed
	 * through but decoded at 5/8 (1000 px, within a quarter of 833) and
	 * encoded again as a JPEG of that size */
	im = cp_render_images_new(dl2, 300, true, NULL);
	s = cp_render_images_get(im, 0, d);
	g_assert_cmpint(cairo_image_surface_get_width(s), ==, 1000);
	const unsigned char *mime = NULL;
	unsigned long mime_len = 0;
	cairo_surface_get_mime_data(s, CAIRO_MIME_TYPE_JPEG, &mime, &mime_len);
	g_assert_nonnull(mime);
	g_assert_cmphex(mime[0], ==, 0xff);
	g_assert_cmphex(mime[1], ==, 0xd8);
	g_autofree char *orig = NULL;
	gsize orig_len = 0;
	g_assert_true(g_file_get_contents(jpg, &orig, &orig_len, NULL));
	g_assert_false(mime_len == orig_len && memcmp(mime, orig, orig_len) == 0);
	cp_render_images_free(im);

	/* at 600 ppi it needs 1667 px: the file's own bytes, a 1/8 proxy */
	im = cp_render_images_new(dl2, 600, true, NULL);
	s = cp_render_images_get(im, 0, d);
	g_assert_cmpint(cairo_image_surface_get_width(s), ==, 200);
	cairo_surface_get_mime_data(s, CAIRO_MIME_TYPE_JPEG, &mime, &mime_len);
	g_assert_cmpuint(mime_len, ==, orig_len);
	g_assert_true(memcmp(mime, orig, orig_len) == 0);
	cp_render_images_free(im);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
}

/* A greyscale progressive JPEG of 64 x 64 with a scan script of n_ac AC
 * coefficients refined bit by bit (libjpeg allows 10 bits of successive
 * approximation): 2 DC scans + n_ac * 11 AC scans. */
static void write_many_scans(const char *path, int n_ac)
{
	int n = 2 + n_ac * 11;
	jpeg_scan_info *scans = g_new0(jpeg_scan_info, n);
	int k = 0;
	scans[k++] = (jpeg_scan_info){1, {0}, 0, 0, 0, 1};
	scans[k++] = (jpeg_scan_info){1, {0}, 0, 0, 1, 0};
	for (int coef = 1; coef <= n_ac; coef++) {
		scans[k++] = (jpeg_scan_info){1, {0}, coef, coef, 0, 10};
		for (int al = 10; al >= 1; al--)
			scans[k++] = (jpeg_scan_info){1, {0}, coef, coef, al, al - 1};
	}
	write_jpeg_scripted(path, 64, 64, JCS_GRAYSCALE, scans, n);
	g_free(scans);
}

/* A progressive JPEG of 695 scans (each a pass over the image: a hostile
 * file's way to take minutes) is refused; one of 24 scans decodes. */
static void test_jpeg_scan_limit(fixture *fx, gconstpointer data)
{
	g_autofree char *many = g_build_filename(fx->dir, "many.jpg", NULL);
	write_many_scans(many, 63);
	g_autoptr(cp_dl) dl = build_list(fx, many);
	g_autoptr(cp_diags) d = cp_diags_new();
	cp_render_images *im = cp_render_images_new(dl, 144, false, NULL);
	g_assert_null(cp_render_images_get(im, 0, d));
	cp_render_images_free(im);
	g_assert_cmpuint(cp_diags_len(d), ==, 1);
	g_assert_nonnull(strstr(cp_diags_get(d, 0)->msg, "more than 500 progressive scans"));

	g_autofree char *few = g_build_filename(fx->dir, "few.jpg", NULL);
	write_many_scans(few, 2);
	g_autoptr(cp_dl) dl2 = build_list(fx, few);
	g_autoptr(cp_diags) d2 = cp_diags_new();
	im = cp_render_images_new(dl2, 144, false, NULL);
	g_assert_nonnull(cp_render_images_get(im, 0, d2));
	cp_render_images_free(im);
	g_assert_cmpuint(cp_diags_len(d2), ==, 0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
#define ADD(name, fn) g_test_add(name, fixture, NULL, fixture_setup, fn, fixture_teardown)
	ADD("/render/cmyk-jpeg", test_jpeg_kinds);
	ADD("/render/png", test_png);
	ADD("/render/png-colors", test_png_colors);
	ADD("/render/png-decode/kinds", test_png_decode_kinds);
	ADD("/render/png-decode/scaled", test_png_decode_scaled);
	ADD("/render/png-decode/damaged", test_png_decode_damaged);
	ADD("/render/images/fit-placement", test_images_fit_placement);
	ADD("/render/images/jpeg-scan-limit", test_jpeg_scan_limit);
#undef ADD
	return g_test_run();
}
