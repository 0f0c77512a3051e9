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
 * Adobe's inverted CMYK). For greyscale and RGB JPEGs the original bytes are
 * attached as CAIRO_MIME_TYPE_JPEG, so the PDF embeds the file untouched
 * (DCTDecode) and the decoded pixels serve only PNG output and Cairo's
 * fallbacks. CMYK JPEGs are embedded as the converted RGB pixels: the press
 * step (issue 4) owns colour for print.
 * PNG: decoded by Cairo from the bytes already read.
 *
 * libjpeg reports fatal errors only through its error_exit hook, which must
 * not return; the one setjmp/longjmp in canpress is confined to
 * decode_jpeg(), whose landing point releases the decompressor, the row
 * buffer and the surface it may have created (STYLE.md section 8 forbids
 * jumps that skip cleanup; this one skips none). */
#include "render/device.h"

#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <string.h>

#include <glib/gstdio.h>
#include <jpeglib.h>

struct cp_render_images {
	const cp_dl *dl;
	cairo_surface_t **surfaces;     /* by image index; NULL until loaded */
	bool *failed;                   /* reported once, then skipped */
	guint n;
	bool pass_through;              /* a PDF: JPEG pixels are not printed */
};

cp_render_images *cp_render_images_new(const cp_dl *dl)
{
	cp_render_images *im = g_new0(cp_render_images, 1);
	im->dl = dl;
	im->n = dl->images->len;
	im->surfaces = g_new0(cairo_surface_t *, im->n);
	im->failed = g_new0(bool, im->n);
	return im;
}

void cp_render_images_set_pass_through(cp_render_images *im, bool pass_through)
{
	im->pass_through = pass_through;
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
	g_free(im);
}

/* ---- JPEG ---------------------------------------------------------------- */

typedef struct jpeg_err {
	struct jpeg_error_mgr pub;      /* first: libjpeg casts to this */
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

/* Decodes a JPEG held in memory. Returns a new RGB24 surface, or NULL with
 * *why set to libjpeg's message (caller frees). *cmyk tells whether the
 * file is CMYK/YCCK (its bytes must not be passed through as DeviceRGB). */
static cairo_surface_t *decode_jpeg(const unsigned char *data, size_t len, bool small,
				    bool *cmyk, char **why)
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
	*cmyk = cinfo.out_color_space == JCS_CMYK;
	if (cinfo.image_width > CP_RENDER_MAX_IMAGE_SIDE ||
	    cinfo.image_height > CP_RENDER_MAX_IMAGE_SIDE ||
	    (uint64_t)cinfo.image_width * cinfo.image_height > CP_RENDER_MAX_IMAGE_PIXELS) {
		jpeg_destroy_decompress(&cinfo);
		*why = g_strdup_printf("%ux%u pixels is more than canpress accepts",
				       (unsigned)cinfo.image_width, (unsigned)cinfo.image_height);
		return NULL;
	}
	/* for a PDF the file's own bytes are printed: a 1/8 decode (DCT
	 * scaling, cheap) keeps the proportions and little memory */
	if (small && !*cmyk) {
		cinfo.scale_num = 1;
		cinfo.scale_denom = 8;
	}
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

/* ---- PNG ----------------------------------------------------------------- */

typedef struct png_reader {
	const unsigned char *data;
	size_t len;
	size_t pos;
} png_reader;

static cairo_status_t png_read(void *closure, unsigned char *buf, unsigned int length)
{
	png_reader *r = closure;
	if (r->len - r->pos < length)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(buf, r->data + r->pos, length);
	r->pos += length;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *decode_png(const unsigned char *data, size_t len, char **why)
{
	/* the size from IHDR (big-endian at bytes 16..23) before decoding */
	if (len < 24) {
		*why = g_strdup("the file is truncated");
		return NULL;
	}
	uint32_t w = ((uint32_t)data[16] << 24) | ((uint32_t)data[17] << 16) |
		     ((uint32_t)data[18] << 8) | data[19];
	uint32_t h = ((uint32_t)data[20] << 24) | ((uint32_t)data[21] << 16) |
		     ((uint32_t)data[22] << 8) | data[23];
	if (w > CP_RENDER_MAX_IMAGE_SIDE || h > CP_RENDER_MAX_IMAGE_SIDE ||
	    (uint64_t)w * h > CP_RENDER_MAX_IMAGE_PIXELS) {
		*why = g_strdup_printf("%" PRIu32 "x%" PRIu32 " pixels is more than canpress accepts",
				       w, h);
		return NULL;
	}
	png_reader r = {data, len, 0};
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(png_read, &r);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		*why = g_strdup(cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return NULL;
	}
	return s;
}

/* ---- the cache ----------------------------------------------------------- */

/* Reads the file whole (bounded), decodes it by its signature and attaches
 * the mime data. Returns NULL with *why set. */
static cairo_surface_t *load_image(const char *path, bool pass_through, char **why)
{
	GStatBuf st;
	if (g_stat(path, &st) != 0) {
		*why = g_strdup(g_strerror(errno));
		return NULL;
	}
	if ((guint64)st.st_size > CP_RENDER_MAX_IMAGE_BYTES) {
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
		bool cmyk = false;
		s = decode_jpeg(u, len, pass_through, &cmyk, why);
		if (s != NULL && !cmyk) {
			/* the surface takes the bytes: the PDF stores them as they are */
			cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, u, len, g_free, bytes);
			bytes = NULL;
		}
	} else if (len >= 8 && memcmp(u, "\x89PNG\r\n\x1a\n", 8) == 0) {
		s = decode_png(u, len, why);
	} else {
		*why = g_strdup("it is neither a JPEG nor a PNG file");
	}
	g_free(bytes);
	if (s == NULL)
		return NULL;

	/* one object per file in the PDF, even across surfaces */
	char *id = g_strdup(path);
	cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, (const unsigned char *)id,
				    strlen(id), g_free, id);
	return s;
}

cairo_surface_t *cp_render_images_get(cp_render_images *im, uint32_t i, cp_diags *d)
{
	g_assert(i < im->n);
	if (im->surfaces[i] != NULL || im->failed[i])
		return im->surfaces[i];
	const char *path = g_array_index(im->dl->images, cp_dl_image_src, i).path;
	g_autofree char *why = NULL;
	im->surfaces[i] = load_image(path, im->pass_through, &why);
	if (im->surfaces[i] == NULL) {
		im->failed[i] = true;
		cp_diag_add(d, CP_DIAG_BAD_IMAGE, CP_SPAN_NONE, NULL, "cannot read image '%s': %s",
			    path, why);
	}
	return im->surfaces[i];
}
