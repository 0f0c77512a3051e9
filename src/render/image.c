/* image.c - reading and decoding the display list's images into Cairo
 * surfaces, once per document.
 *
 * Load has already checked every image when the issue was read; render runs
 * later, so a failure here means the file changed meanwhile or its data is
 * corrupt past the header. Either way it is a BAD_IMAGE error naming the
 * path, and the page is drawn without the image (the run writes no output).
 *
 * JPEG: decoded with libjpeg to CAIRO_FORMAT_RGB24 (greyscale expanded,
 * YCbCr converted by libjpeg, CMYK/YCCK converted naively, honouring
 * Adobe's inverted CMYK). Previews only: the PDF writer (src/pdf/images.c)
 * reads the files itself.
 * PNG: decoded by libpng row by row straight to its size (pngread.c).
 * Size: every image is kept at no more than the cache's ppi at its largest
 * placed size in the display list (device.h): JPEGs are decoded at the
 * smallest n/8 scale that still gives that many pixels, and a surface
 * still larger by a quarter or more is painted down into a smaller one
 * (Cairo's GOOD filter, a box filter when shrinking) before it is cached;
 * PNGs are box-filtered while they are read. What the cache keeps for the
 * whole document follows the placed sizes.
 *
 * libjpeg reports fatal errors only through its error_exit hook, which must
 * not return; setjmp/longjmp is confined to decode_jpeg() here (and the
 * PNG reader and the PDF writer's images, the same way), and the landing
 * point releases the codec, the row buffer and the surface it may have
 * created (CONTRIBUTING.md section 3 forbids jumps that skip
 * cleanup; these skip none). */
#include "render/device.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <jpeglib.h>

/* The pixels an image needs: its largest placed size at the cache's ppi.
 * 0 x 0 when it is placed nowhere (then it is never scaled). */
typedef struct image_need {
	double w, h; /* pixels */
} image_need;

struct cp_render_images {
	const cp_dl *dl;
	cairo_surface_t **surfaces; /* by image index; NULL until loaded */
	bool *failed;               /* reported once, then skipped */
	image_need *need;           /* by image index */
	guint n;
	cp_render_colors colors; /* the caller's screen colours, or none */
};

cp_render_images *cp_render_images_new(const cp_dl *dl, double ppi, const cp_render_colors *colors)
{
	g_assert(isfinite(ppi) && ppi > 0.0);
	cp_render_images *im = g_new0(cp_render_images, 1);
	im->dl = dl;
	im->n = dl->images->len;
	im->surfaces = g_new0(cairo_surface_t *, im->n);
	im->failed = g_new0(bool, im->n);
	im->need = g_new0(image_need, im->n);
	if (colors != NULL)
		im->colors = *colors;

	/* one pass over the display list: the largest placement of each */
	for (size_t p = 0; p < cp_dl_page_count(dl); p++) {
		const cp_dl_page *page = cp_dl_page_get(dl, p);
		for (size_t k = 0; k < cp_dl_item_count(page); k++) {
			const cp_dl_item *it = cp_dl_item_get(page, k);
			if (it->kind != CP_DL_IMAGE || it->u.image.image >= im->n)
				continue;
			image_need *nd = &im->need[it->u.image.image];
			double w = fabs(it->u.image.w) / 72.0 * ppi;
			double h = fabs(it->u.image.h) / 72.0 * ppi;
			if (isfinite(w) && w > nd->w)
				nd->w = w;
			if (isfinite(h) && h > nd->h)
				nd->h = h;
		}
	}
	return im;
}

void cp_render_images_free(cp_render_images *im)
{
	if (im == NULL)
		return;
	for (guint i = 0; i < im->n; i++)
		if (im->surfaces[i] != NULL)
			cairo_surface_destroy(im->surfaces[i]);
	g_free(im->surfaces);
	g_free(im->failed);
	g_free(im->need);
	g_free(im);
}

/* The factor (<= 1) that brings w x h down to cover need, or 1 when the
 * image is not placed or not larger by a quarter (resampling blurs; a
 * small saving is not worth it). */
static double fit_factor(double w, double h, image_need need)
{
	if (need.w < 1.0 || need.h < 1.0)
		return 1.0;
	double f = MAX(need.w / w, need.h / h);
	return f <= 0.8 ? f : 1.0;
}

/* Paints s down into a surface of the same format that covers need;
 * returns s itself when it is small enough (or on a Cairo error, which
 * leaves the full image: correct, only larger). Takes s. */
static cairo_surface_t *fit_surface(cairo_surface_t *s, image_need need)
{
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	double f = fit_factor(w, h, need);
	if (f >= 1.0)
		return s;
	int nw = MAX(1, (int)ceil(w * f));
	int nh = MAX(1, (int)ceil(h * f));
	cairo_surface_t *out =
	    cairo_image_surface_create(cairo_image_surface_get_format(s), nw, nh);
	cairo_t *cr = cairo_create(out);
	cairo_scale(cr, (double)nw / w, (double)nh / h);
	cairo_set_source_surface(cr, s, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	/* edges sample the edge pixels, not transparent black */
	cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_paint(cr);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (st != CAIRO_STATUS_SUCCESS || cairo_surface_status(out) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(out);
		return s;
	}
	cairo_surface_destroy(s);
	return out;
}

/* ---- JPEG ---------------------------------------------------------------- */

typedef struct jpeg_err {
	struct jpeg_error_mgr pub; /* first: libjpeg casts to this */
	jmp_buf jump;
	char msg[JMSG_LENGTH_MAX];
	int warnings;
} jpeg_err;

static void jpeg_on_error(j_common_ptr cinfo)
{
	jpeg_err *e = (jpeg_err *)cinfo->err;
	cinfo->err->format_message(cinfo, e->msg);
	longjmp(e->jump, 1);
}

/* Level -1 is a warning (corrupt data, premature end): libjpeg goes on with
 * grey filler, so we count it and refuse the image. Trace messages
 * (level >= 0) are ignored. */
static void jpeg_on_message(j_common_ptr cinfo, int level)
{
	jpeg_err *e = (jpeg_err *)cinfo->err;
	if (level < 0) {
		if (e->warnings == 0)
			cinfo->err->format_message(cinfo, e->msg);
		e->warnings++;
	}
}

/* The progress hook: a progressive JPEG may hold any number of scans, and
 * each is a pass over the whole image, so a hostile file of a few thousand
 * scans takes minutes to decode. Real files have about ten. */
static void jpeg_on_progress(j_common_ptr cinfo)
{
	if (!cinfo->is_decompressor)
		return;
	j_decompress_ptr di = (j_decompress_ptr)cinfo;
	if (di->input_scan_number > CP_RENDER_MAX_JPEG_SCANS) {
		jpeg_err *e = (jpeg_err *)cinfo->err;
		g_snprintf(e->msg, sizeof e->msg, "more than %d progressive scans",
		           CP_RENDER_MAX_JPEG_SCANS);
		longjmp(e->jump, 1);
	}
}

/* No stage prints: libjpeg's messages only reach us through jpeg_err.msg. */
static void jpeg_on_output(j_common_ptr cinfo)
{
}

/* One decoded scanline into 0x00RRGGBB pixels. */
static void convert_row(const JSAMPLE *src, uint32_t *dst, JDIMENSION w, J_COLOR_SPACE space,
                        bool adobe_inverted)
{
	for (JDIMENSION x = 0; x < w; x++) {
		unsigned r, g, b;
		if (space == JCS_GRAYSCALE) {
			r = g = b = src[x];
		} else if (space == JCS_CMYK) {
			/* Adobe writes CMYK inverted (255 = no ink); others do not */
			unsigned c = src[4 * x], m = src[4 * x + 1];
			unsigned y = src[4 * x + 2], k = src[4 * x + 3];
			if (!adobe_inverted) {
				c = 255 - c;
				m = 255 - m;
				y = 255 - y;
				k = 255 - k;
			}
			r = c * k / 255;
			g = m * k / 255;
			b = y * k / 255;
		} else {
			r = src[3 * x];
			g = src[3 * x + 1];
			b = src[3 * x + 2];
		}
		dst[x] = (r << 16) | (g << 8) | b;
	}
}

/* Decodes a JPEG held in memory at the smallest n/8 that covers need.
 * Returns a new RGB24 surface, or NULL with *why set to libjpeg's message
 * (caller frees). */
static cairo_surface_t *decode_jpeg(const unsigned char *data, size_t len, image_need need,
                                    char **why)
{
	struct jpeg_decompress_struct cinfo;
	jpeg_err err;
	/* volatile: changed between setjmp and a possible longjmp, read after it */
	cairo_surface_t *volatile surface = NULL;
	JSAMPLE *volatile row = NULL;

	memset(&err, 0, sizeof err);
	cinfo.err = jpeg_std_error(&err.pub);
	err.pub.error_exit = jpeg_on_error;
	err.pub.emit_message = jpeg_on_message;
	err.pub.output_message = jpeg_on_output;
	struct jpeg_progress_mgr progress = {.progress_monitor = jpeg_on_progress};
	if (setjmp(err.jump)) {
		/* the landing point: release everything decode_jpeg holds */
		jpeg_destroy_decompress(&cinfo);
		if (surface != NULL)
			cairo_surface_destroy(surface);
		g_free(row);
		*why = g_strdup(err.msg);
		return NULL;
	}
	jpeg_create_decompress(&cinfo);
	cinfo.progress = &progress;
	jpeg_mem_src(&cinfo, data, (unsigned long)len);
	jpeg_read_header(&cinfo, TRUE);

	/* ask libjpeg for greyscale, RGB or CMYK; it converts YCbCr and YCCK */
	switch (cinfo.jpeg_color_space) {
	case JCS_GRAYSCALE:
		cinfo.out_color_space = JCS_GRAYSCALE;
		break;
	case JCS_CMYK:
	case JCS_YCCK:
		cinfo.out_color_space = JCS_CMYK;
		break;
	default:
		cinfo.out_color_space = JCS_RGB;
		break;
	}
	if (cinfo.image_width > CP_LIMIT_IMAGE_PX || cinfo.image_height > CP_LIMIT_IMAGE_PX ||
	    (uint64_t)cinfo.image_width * cinfo.image_height > CP_LIMIT_IMAGE_PIXELS) {
		jpeg_destroy_decompress(&cinfo);
		*why = g_strdup_printf("%ux%u pixels is more than canpress accepts",
		                       (unsigned)cinfo.image_width, (unsigned)cinfo.image_height);
		return NULL;
	}
	/* the smallest n/8 (DCT scaling, cheap) that still covers what the
	 * placement needs */
	double f = fit_factor(cinfo.image_width, cinfo.image_height, need);
	cinfo.scale_num = 8;
	cinfo.scale_denom = 8;
	if (f < 1.0)
		cinfo.scale_num = (unsigned)MIN(8.0, MAX(1.0, ceil(f * 8.0)));
	jpeg_start_decompress(&cinfo);

	/* scanline by scanline into the surface's rows */
	JDIMENSION w = cinfo.output_width;
	surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)cinfo.output_height);
	cairo_surface_flush(surface);
	unsigned char *pixels = cairo_image_surface_get_data(surface);
	int stride = cairo_image_surface_get_stride(surface);
	row = g_malloc((size_t)w * (size_t)cinfo.output_components);
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW rows[1] = {row};
		JDIMENSION y = cinfo.output_scanline;
		if (jpeg_read_scanlines(&cinfo, rows, 1) != 1)
			break;
		convert_row(row, (uint32_t *)(void *)(pixels + (size_t)y * (size_t)stride), w,
		            cinfo.out_color_space, cinfo.saw_Adobe_marker);
	}
	cairo_surface_mark_dirty(surface);
	jpeg_finish_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	g_free(row);

	/* a warning means libjpeg patched over damage: refuse rather than print grey */
	if (err.warnings > 0) {
		cairo_surface_destroy(surface);
		*why = g_strdup(err.msg);
		return NULL;
	}
	return surface;
}

/* ---- the cache ----------------------------------------------------------- */

/* Reads the file whole (bounded) and decodes it by its signature. Returns
 * NULL with *why set. */
static cairo_surface_t *load_image(const char *path, image_need need, char **why)
{
	GStatBuf st;
	if (g_stat(path, &st) != 0) {
		*why = g_strdup(g_strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = g_strdup("it is not a regular file"); /* changed since load checked it */
		return NULL;
	}
	if ((guint64)st.st_size > CP_LIMIT_IMAGE_BYTES) {
		*why = g_strdup("the file is larger than canpress accepts");
		return NULL;
	}
	g_autoptr(GError) error = NULL;
	char *bytes = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &bytes, &len, &error)) {
		*why = g_strdup(error->message);
		return NULL;
	}
	const unsigned char *u = (const unsigned char *)bytes;

	/* the signature decides, not the name: FF D8 FF is JPEG, 89 'PNG' is PNG */
	cairo_surface_t *s = NULL;
	if (len >= 3 && u[0] == 0xff && u[1] == 0xd8 && u[2] == 0xff) {
		s = decode_jpeg(u, len, need, why);
		if (s != NULL)
			s = fit_surface(s, need);
	} else if (len >= 8 && memcmp(u, "\x89PNG\r\n\x1a\n", 8) == 0) {
		s = cp_render_png_decode(u, len, need.w, need.h, why);
	} else {
		*why = g_strdup("it is neither a JPEG nor a PNG file");
	}
	g_free(bytes);
	return s;
}

cairo_surface_t *cp_render_images_get(cp_render_images *im, uint32_t i, cp_diags *d)
{
	g_assert(i < im->n);
	if (im->surfaces[i] != NULL || im->failed[i])
		return im->surfaces[i];
	const cp_dl_image_src *src = &g_array_index(im->dl->images, cp_dl_image_src, i);
	const char *path = src->path;
	g_autofree char *why = NULL;
	im->surfaces[i] = load_image(path, im->need[i], &why);
	if (im->surfaces[i] == NULL) {
		im->failed[i] = true;
		/* at the line that names the image, like load's header checks */
		cp_diag_add(d, CP_DIAG_BAD_IMAGE, src->span, NULL, "cannot read image '%s': %s",
		            path, why);
	}
	return im->surfaces[i];
}

void cp_render_images_color(const cp_render_images *im, const cp_color *col, double rgb[3])
{
	if (im->colors.to_rgb != NULL) {
		im->colors.to_rgb(col, rgb, im->colors.data);
		return;
	}
	rgb[0] = col->r;
	rgb[1] = col->g;
	rgb[2] = col->b;
}
