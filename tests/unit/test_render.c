/* test_render.c - the PNG device and the image cache, checked from the
 * outside (the PDF writer is test_pdf's).
 *
 * A two-page display list (dl_fixture.c, shared with test_pdf) is built by hand with Japanese text
 * shaped by Pango (through canpress's private fontconfig and a PangoCairo font map at 72 dpi, as
 * the typesetter sets it up), a JPEG written here with libjpeg (used on both pages), a PNG, a rule,
 * a rect and outline entries. The PDF is never compared as bytes against a golden (CONTRIBUTING.md
 * section 6): poppler tools read it back (pdfinfo, pdffonts, pdftotext, pdfimages) and qpdf shows
 * the outline and page labels. Two renders of the same list must be byte-identical, and every
 * failure must leave the target untouched. */
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
#include "dl_fixture.h"
#include "render/device.h"

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
 * dpi keeps twice its pixels (400 x 400). A JPEG is decoded at the
 * smallest n/8 that covers the need, and only pixels are kept (the PDF
 * writer reads the files itself). */
static void test_images_fit_placement(fixture *fx, gconstpointer data)
{
	g_autofree char *big = g_build_filename(fx->dir, "big.png", NULL);
	GByteArray *b = make_png(2000, 2000, PNG_COLOR_TYPE_RGB, 8, false, false);
	g_assert_true(g_file_set_contents(big, (const char *)b->data, b->len, NULL));
	g_byte_array_unref(b);
	g_autoptr(cp_dl) dl = build_list(fx, big);
	g_autoptr(cp_diags) d = cp_diags_new();

	cp_render_images *im = cp_render_images_new(dl, 300, NULL);
	cairo_surface_t *s = cp_render_images_get(im, 0, d);
	g_assert_nonnull(s);
	g_assert_cmpint(cairo_image_surface_get_width(s), ==, 834);
	g_assert_cmpint(cairo_image_surface_get_height(s), ==, 834);
	cp_render_images_free(im);

	im = cp_render_images_new(dl, 72 * CP_RENDER_RASTER_OVERSAMPLE, NULL);
	s = cp_render_images_get(im, 0, d);
	g_assert_cmpint(cairo_image_surface_get_width(s), ==, 400);
	cp_render_images_free(im);

	/* a JPEG for a raster: libjpeg's n/8 scaling, then the box */
	g_autofree char *jpg = g_build_filename(fx->dir, "big.jpg", NULL);
	write_jpeg(jpg, 1600, 1600);
	g_autoptr(cp_dl) dl2 = build_list(fx, jpg);
	im = cp_render_images_new(dl2, 72 * CP_RENDER_RASTER_OVERSAMPLE, NULL);
	s = cp_render_images_get(im, 0, d);
	g_assert_cmpint(cairo_image_surface_get_width(s), ==, 400);
	cp_render_images_free(im);

	/* at 300 ppi the 1600 px photo needs 833 px: decoded at 5/8 (1000 px,
	 * within a quarter of 833, so not painted down); no JPEG bytes kept */
	im = cp_render_images_new(dl2, 300, NULL);
	s = cp_render_images_get(im, 0, d);
	g_assert_cmpint(cairo_image_surface_get_width(s), ==, 1000);
	const unsigned char *mime = NULL;
	unsigned long mime_len = 0;
	cairo_surface_get_mime_data(s, CAIRO_MIME_TYPE_JPEG, &mime, &mime_len);
	g_assert_null(mime);
	cp_render_images_free(im);

	/* at 600 ppi it needs 1667 px: the whole file, 8/8 */
	im = cp_render_images_new(dl2, 600, NULL);
	s = cp_render_images_get(im, 0, d);
	g_assert_cmpint(cairo_image_surface_get_width(s), ==, 1600);
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
	cp_render_images *im = cp_render_images_new(dl, 144, NULL);
	g_assert_null(cp_render_images_get(im, 0, d));
	cp_render_images_free(im);
	g_assert_cmpuint(cp_diags_len(d), ==, 1);
	g_assert_nonnull(strstr(cp_diags_get(d, 0)->msg, "more than 500 progressive scans"));

	g_autofree char *few = g_build_filename(fx->dir, "few.jpg", NULL);
	write_many_scans(few, 2);
	g_autoptr(cp_dl) dl2 = build_list(fx, few);
	g_autoptr(cp_diags) d2 = cp_diags_new();
	im = cp_render_images_new(dl2, 144, NULL);
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
