/* pngread.c - PNG files into Cairo surfaces no larger than their use needs.
 *
 * Cairo's own PNG reader decodes a file whole into a surface of its full
 * size: a 30 Mpx photo costs 120 MB and, on this kind of machine, a second
 * of page faults before it is scaled down to the 0.3 Mpx a card photo
 * prints with. Here libpng hands over one row at a time (8-bit RGBA after
 * its expansions), and each row is added into a box filter whose output
 * row is written out as soon as its source rows are complete. Memory is the
 * output surface plus a few rows; time is libpng's inflate.
 *
 * Interlaced (Adam7) files deliver every row several times, so they are
 * read whole into one buffer first and then go through the same filter
 * (the peak is then the full image, bounded by CP_LIMIT_IMAGE_PIXELS).
 *
 * Colour: palette, greyscale, 1/2/4-bit and 16-bit files are expanded to
 * 8-bit RGB; transparency (an alpha channel or tRNS) gives a premultiplied
 * ARGB32 surface, anything else RGB24. Gamma and colour chunks are not
 * applied (as Cairo's reader does not); the press step owns colour.
 *
 * libpng reports errors by longjmp to the setjmp in cp_render_png_decode
 * (its documented protocol); the landing point goes to the one release of
 * the reader, the buffers and the surface that success also takes, so no
 * cleanup is skipped (CONTRIBUTING.md section 3). */
#include "render/device.h"

#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <string.h>

#include <png.h>

/* The largest ancillary chunk libpng may allocate (text, ICC profiles):
 * a hostile file cannot make it allocate more for a chunk we never use. */
#define MAX_CHUNK_BYTES (8u * 1024u * 1024u)

typedef struct png_src {
	const unsigned char *data;
	size_t len;
	size_t pos;
	char msg[128];
} png_src;

static void on_read(png_structp png, png_bytep out, size_t n)
{
	png_src *src = png_get_io_ptr(png);
	if (src->len - src->pos < n)
		png_error(png, "the file is truncated");
	memcpy(out, src->data + src->pos, n);
	src->pos += n;
}

static void on_error(png_structp png, png_const_charp msg)
{
	png_src *src = png_get_error_ptr(png);
	g_strlcpy(src->msg, msg ? msg : "unknown error", sizeof src->msg);
	png_longjmp(png, 1);
}

/* Warnings (a wrong sRGB profile, a bad ancillary CRC) still give a
 * correct image: nothing is printed, nothing refused. */
static void on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* The box filter: source w x h RGBA rows in, the surface's nw x nh out.
 * Source column x falls into output column col[x], source row y into
 * output row y * nh / h; sums are of premultiplied values. */
typedef struct box {
	uint32_t w, h, nw, nh;
	uint32_t *col;   /* by source column: its output column */
	uint32_t *col_n; /* by output column: how many source columns */
	uint64_t *acc;   /* nw x 4 sums (r, g, b, a) of the current output row */
	uint32_t row_n;  /* source rows in the current output row */
	uint32_t out_y;  /* the current output row */
	bool alpha;
	unsigned char *pixels; /* the surface's data */
	int stride;
} box;

static void box_flush(box *b)
{
	if (b->row_n == 0)
		return;
	uint32_t *dst = (uint32_t *)(void *)(b->pixels + (size_t)b->out_y * (size_t)b->stride);
	for (uint32_t x = 0; x < b->nw; x++) {
		uint64_t n = (uint64_t)b->col_n[x] * b->row_n;
		const uint64_t *s = b->acc + 4 * (size_t)x;
		uint32_t r = (uint32_t)((s[0] + n / 2) / n);
		uint32_t g = (uint32_t)((s[1] + n / 2) / n);
		uint32_t bl = (uint32_t)((s[2] + n / 2) / n);
		uint32_t a = b->alpha ? (uint32_t)((s[3] + n / 2) / n) : 255u;
		dst[x] = (a << 24) | (r << 16) | (g << 8) | bl;
	}
	memset(b->acc, 0, sizeof *b->acc * 4 * (size_t)b->nw);
	b->row_n = 0;
}

/* Adds source row y (w RGBA pixels). */
static void box_add(box *b, uint32_t y, const unsigned char *row)
{
	uint32_t oy = (uint32_t)((uint64_t)y * b->nh / b->h);
	if (oy != b->out_y) {
		box_flush(b);
		b->out_y = oy;
	}
	for (uint32_t x = 0; x < b->w; x++) {
		const unsigned char *p = row + 4 * (size_t)x;
		uint64_t *s = b->acc + 4 * (size_t)b->col[x];
		uint32_t a = p[3];
		/* premultiplied, rounded: Cairo's ARGB32 */
		s[0] += (p[0] * a + 127u) / 255u;
		s[1] += (p[1] * a + 127u) / 255u;
		s[2] += (p[2] * a + 127u) / 255u;
		s[3] += a;
	}
	b->row_n++;
}

cairo_surface_t *cp_render_png_decode(const unsigned char *data, size_t len, double need_w,
                                      double need_h, char **why)
{
	png_src src = {data, len, 0, {0}};
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src, on_error, on_warning);
	if (png == NULL) {
		*why = g_strdup("out of memory");
		return NULL;
	}
	png_infop info = png_create_info_struct(png);
	/* volatile: set between setjmp and a possible longjmp, read after it */
	cairo_surface_t *volatile surface = NULL;
	unsigned char *volatile row = NULL;
	unsigned char *volatile whole = NULL;
	png_bytep *volatile rows = NULL;
	uint32_t *volatile col = NULL;
	uint32_t *volatile col_n = NULL;
	uint64_t *volatile acc = NULL;

	cairo_surface_t *result = NULL;
	if (info == NULL || setjmp(png_jmpbuf(png))) {
		/* the landing point: the reason, then the common release below */
		*why = g_strdup(src.msg[0] ? src.msg : "out of memory");
		goto done;
	}
	png_set_read_fn(png, &src, on_read);
	png_set_user_limits(png, CP_LIMIT_IMAGE_PX, CP_LIMIT_IMAGE_PX);
	png_set_chunk_malloc_max(png, MAX_CHUNK_BYTES);
	png_read_info(png, info);

	png_uint_32 w = 0;
	png_uint_32 h = 0;
	int depth = 0;
	int ctype = 0;
	int interlace = 0;
	png_get_IHDR(png, info, &w, &h, &depth, &ctype, &interlace, NULL, NULL);
	if ((uint64_t)w * h > CP_LIMIT_IMAGE_PIXELS) {
		g_snprintf(src.msg, sizeof src.msg,
		           "%" PRIu32 "x%" PRIu32 " pixels is more than canpress accepts",
		           (uint32_t)w, (uint32_t)h);
		png_longjmp(png, 1);
	}
	bool alpha = (ctype & PNG_COLOR_MASK_ALPHA) != 0 || png_get_valid(png, info, PNG_INFO_tRNS);

	/* everything to 8-bit RGBA */
	if (ctype == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(png);
	if (ctype == PNG_COLOR_TYPE_GRAY && depth < 8)
		png_set_expand_gray_1_2_4_to_8(png);
	if (png_get_valid(png, info, PNG_INFO_tRNS))
		png_set_tRNS_to_alpha(png);
	if (depth == 16)
		png_set_scale_16(png);
	if (ctype == PNG_COLOR_TYPE_GRAY || ctype == PNG_COLOR_TYPE_GRAY_ALPHA)
		png_set_gray_to_rgb(png);
	if (!(ctype & PNG_COLOR_MASK_ALPHA) && !png_get_valid(png, info, PNG_INFO_tRNS))
		png_set_filler(png, 0xff, PNG_FILLER_AFTER);
	int passes = png_set_interlace_handling(png);
	png_read_update_info(png, info);
	if (png_get_rowbytes(png, info) != (size_t)w * 4u) {
		g_strlcpy(src.msg, "unexpected row layout", sizeof src.msg);
		png_longjmp(png, 1);
	}

	/* the output size: no more than the placement needs (device.h) */
	uint32_t nw = w;
	uint32_t nh = h;
	if (need_w >= 1.0 && need_h >= 1.0) {
		double f = MAX(need_w / w, need_h / h);
		if (f <= 0.8) {
			nw = (uint32_t)MAX(1.0, ceil(w * f));
			nh = (uint32_t)MAX(1.0, ceil(h * f));
		}
	}
	surface = cairo_image_surface_create(alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
	                                     (int)nw, (int)nh);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		g_strlcpy(src.msg, cairo_status_to_string(cairo_surface_status(surface)),
		          sizeof src.msg);
		png_longjmp(png, 1);
	}
	cairo_surface_flush(surface);

	col = g_new(uint32_t, w);
	col_n = g_new0(uint32_t, nw);
	acc = g_new0(uint64_t, 4 * (size_t)nw);
	for (uint32_t x = 0; x < w; x++) {
		col[x] = (uint32_t)((uint64_t)x * nw / w);
		col_n[col[x]]++;
	}
	box b = {
	    .w = w,
	    .h = h,
	    .nw = nw,
	    .nh = nh,
	    .col = col,
	    .col_n = col_n,
	    .acc = acc,
	    .alpha = alpha,
	    .pixels = cairo_image_surface_get_data(surface),
	    .stride = cairo_image_surface_get_stride(surface),
	};

	if (passes == 1) {
		row = g_malloc((size_t)w * 4u);
		for (uint32_t y = 0; y < h; y++) {
			png_read_row(png, row, NULL);
			box_add(&b, y, row);
		}
	} else {
		/* Adam7: every pass writes into the whole image */
		whole = g_malloc((size_t)w * 4u * h);
		rows = g_new(png_bytep, h);
		for (uint32_t y = 0; y < h; y++)
			rows[y] = whole + (size_t)y * w * 4u;
		png_read_image(png, rows);
		for (uint32_t y = 0; y < h; y++)
			box_add(&b, y, rows[y]);
	}
	box_flush(&b);
	png_read_end(png, NULL);
	cairo_surface_mark_dirty(surface);
	result = surface;
	surface = NULL;

done:
	/* everything the decoder holds, after success or a jump alike */
	png_destroy_read_struct(&png, info != NULL ? &info : NULL, NULL);
	if (surface != NULL)
		cairo_surface_destroy(surface);
	g_free(row);
	g_free(whole);
	g_free(rows);
	g_free(col);
	g_free(col_n);
	g_free(acc);
	return result;
}
