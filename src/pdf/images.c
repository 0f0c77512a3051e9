/* images.c - the display list's images as image XObjects, each written once
 * however often it is placed.
 *
 * What each image becomes:
 *   JPEG, grey/RGB/CMYK  its own bytes (DCTDecode), untouched, unless its
 *                        largest placement oversamples it (more than
 *                        CP_PDF_MAX_PPI by a quarter): then decoded at the
 *                        smallest n/8 scale that covers the need and encoded
 *                        again (quality CP_PDF_JPEG_QUALITY, no chroma
 *                        subsampling). A CMYK file written inverted (Adobe
 *                        marker) gets /Decode [1 0 1 0 1 0 1 0].
 *   PNG                  decoded (libpng's simplified reader, 8 bits,
 *                        straight alpha), box-filtered down to the need when
 *                        larger by a quarter, deflated; grey stays grey; an
 *                        alpha channel that is not all opaque becomes an
 *                        /SMask.
 *   press mode           RGB samples (PNG or JPEG) go through the output
 *                        profile (perceptual, ink limit 10 points under the
 *                        vector limit, profile.c); a converted JPEG is
 *                        encoded as a CMYK JPEG at the job's quality. Grey and
 *                        CMYK images are printable as they are.
 *
 * Load checked every image when the issue was read; a failure here means the
 * file changed or is damaged past its header: a BAD_IMAGE error naming the
 * path, given once, and the run writes no output.
 *
 * libjpeg reports fatal errors only through error_exit, which must not
 * return: the jumps are confined to jpeg_read(), jpeg_decode() and
 * jpeg_encode(), whose landing points release everything they made. */
#include "pdf/pdf_int.h"

#include "base/limits.h"

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <jpeglib.h>
#include <png.h>

/* Bounds before an image costs memory: load refuses such files first
 * (base/limits.h); these catch a file that changed since. */
#define MAX_IMAGE_BYTES CP_LIMIT_IMAGE_BYTES
#define MAX_IMAGE_SIDE CP_LIMIT_IMAGE_PX
#define MAX_IMAGE_PIXELS CP_LIMIT_IMAGE_PIXELS
/* The most scans a progressive JPEG may have (each is a pass over it). */
#define MAX_JPEG_SCANS 500

typedef struct need {
	double w, h; /* pixels at CP_PDF_MAX_PPI of the largest placement */
} need;

typedef struct entry {
	int obj; /* 0 until written */
	bool failed;
	int transparent; /* -1 unknown, else 0/1 */
	need need;
} entry;

struct cp_pdf_images {
	const cp_dl *dl;
	bool press;
	const cp_pdf_profile *profile;
	int quality; /* press CMYK JPEG quality */
	entry *e;
	guint n;
};

cp_pdf_images *cp_pdf_images_new(const cp_dl *dl, bool press, const cp_pdf_profile *profile,
                                 int jpeg_quality)
{
	cp_pdf_images *im = g_new0(cp_pdf_images, 1);
	im->dl = dl;
	im->press = press;
	im->profile = profile;
	im->quality = jpeg_quality > 0 ? jpeg_quality : CP_PDF_JPEG_QUALITY;
	im->n = dl->images->len;
	im->e = g_new0(entry, MAX(im->n, 1));
	for (guint i = 0; i < im->n; i++)
		im->e[i].transparent = -1;
	/* the largest placement of each image */
	for (size_t p = 0; p < cp_dl_page_count(dl); p++) {
		const cp_dl_page *page = cp_dl_page_get(dl, p);
		for (size_t k = 0; k < cp_dl_item_count(page); k++) {
			const cp_dl_item *it = cp_dl_item_get(page, k);
			if (it->kind != CP_DL_IMAGE || it->u.image.image >= im->n)
				continue;
			need *nd = &im->e[it->u.image.image].need;
			double w = fabs(it->u.image.w) / 72.0 * CP_PDF_MAX_PPI;
			double h = fabs(it->u.image.h) / 72.0 * CP_PDF_MAX_PPI;
			if (isfinite(w) && w > nd->w)
				nd->w = w;
			if (isfinite(h) && h > nd->h)
				nd->h = h;
		}
	}
	return im;
}

void cp_pdf_images_free(cp_pdf_images *im)
{
	if (im == NULL)
		return;
	g_free(im->e);
	g_free(im);
}

/* The factor (<= 1) that brings w x h down to cover nd, or 1 when the
 * image is not larger by a quarter (resampling blurs; a small saving is
 * not worth it). */
static double fit_factor(double w, double h, need nd)
{
	if (nd.w < 1.0 || nd.h < 1.0)
		return 1.0;
	double f = MAX(nd.w / w, nd.h / h);
	return f <= 0.8 ? f : 1.0;
}

/* Decoded samples: w x h pixels of comps 8-bit components (1 grey, 3 RGB,
 * 4 CMYK) and, separately, alpha or NULL. */
typedef struct pixels {
	int w, h, comps;
	unsigned char *data;
	unsigned char *alpha;
} pixels;

static void pixels_clear(pixels *p)
{
	g_free(p->data);
	g_free(p->alpha);
	memset(p, 0, sizeof *p);
}

/* ---- JPEG ------------------------------------------------------------------ */

typedef struct jerr {
	struct jpeg_error_mgr pub; /* first: libjpeg casts to this */
	jmp_buf jump;
	char msg[JMSG_LENGTH_MAX];
	int warnings;
} jerr;

static void on_jpeg_error(j_common_ptr ci)
{
	jerr *e = (jerr *)ci->err;
	ci->err->format_message(ci, e->msg);
	longjmp(e->jump, 1);
}

static void on_jpeg_message(j_common_ptr ci, int level)
{
	jerr *e = (jerr *)ci->err;
	if (level < 0) {
		if (e->warnings == 0)
			ci->err->format_message(ci, e->msg);
		e->warnings++;
	}
}

static void on_jpeg_output(j_common_ptr ci)
{
	(void)ci;
}

static void on_jpeg_progress(j_common_ptr ci)
{
	if (ci->is_decompressor && ((j_decompress_ptr)ci)->input_scan_number > MAX_JPEG_SCANS) {
		jerr *e = (jerr *)ci->err;
		g_snprintf(e->msg, sizeof e->msg, "more than %d progressive scans", MAX_JPEG_SCANS);
		longjmp(e->jump, 1);
	}
}

static void jerr_init(jerr *e, struct jpeg_error_mgr **slot)
{
	memset(e, 0, sizeof *e);
	*slot = jpeg_std_error(&e->pub);
	e->pub.error_exit = on_jpeg_error;
	e->pub.emit_message = on_jpeg_message;
	e->pub.output_message = on_jpeg_output;
}

typedef struct jpeg_info {
	int w, h, comps; /* comps of the decoded colour space: 1, 3 or 4 */
	bool inverted;   /* CMYK stored inverted (Adobe) */
} jpeg_info;

/* The header only. */
static bool jpeg_read(const unsigned char *data, size_t len, jpeg_info *info, char **why)
{
	struct jpeg_decompress_struct ci;
	jerr err;
	jerr_init(&err, &ci.err);
	if (setjmp(err.jump)) {
		jpeg_destroy_decompress(&ci);
		*why = g_strdup(err.msg);
		return false;
	}
	jpeg_create_decompress(&ci);
	jpeg_mem_src(&ci, data, (unsigned long)len);
	jpeg_read_header(&ci, TRUE);
	info->w = (int)ci.image_width;
	info->h = (int)ci.image_height;
	info->comps = ci.jpeg_color_space == JCS_GRAYSCALE                                 ? 1
	              : ci.jpeg_color_space == JCS_CMYK || ci.jpeg_color_space == JCS_YCCK ? 4
	                                                                                   : 3;
	info->inverted = info->comps == 4 && ci.saw_Adobe_marker;
	int n_comp = ci.num_components;
	jpeg_destroy_decompress(&ci);
	if (n_comp != 1 && n_comp != 3 && n_comp != 4) {
		*why = g_strdup("a JPEG of an unusual number of colour components");
		return false;
	}
	if (info->w <= 0 || info->h <= 0 || (unsigned)info->w > MAX_IMAGE_SIDE ||
	    (unsigned)info->h > MAX_IMAGE_SIDE ||
	    (uint64_t)info->w * (uint64_t)info->h > MAX_IMAGE_PIXELS) {
		*why =
		    g_strdup_printf("%dx%d pixels is more than canpress accepts", info->w, info->h);
		return false;
	}
	return true;
}

/* Decodes at scale_num/8 into p (grey, RGB or CMYK as stored, CMYK made
 * non-inverted). */
static bool jpeg_decode(const unsigned char *data, size_t len, unsigned scale_num, pixels *p,
                        char **why)
{
	struct jpeg_decompress_struct ci;
	jerr err;
	unsigned char *volatile out = NULL;
	jerr_init(&err, &ci.err);
	struct jpeg_progress_mgr progress = {.progress_monitor = on_jpeg_progress};
	if (setjmp(err.jump)) {
		jpeg_destroy_decompress(&ci);
		g_free(out);
		*why = g_strdup(err.msg);
		return false;
	}
	jpeg_create_decompress(&ci);
	ci.progress = &progress;
	jpeg_mem_src(&ci, data, (unsigned long)len);
	jpeg_read_header(&ci, TRUE);
	switch (ci.jpeg_color_space) {
	case JCS_GRAYSCALE:
		ci.out_color_space = JCS_GRAYSCALE;
		break;
	case JCS_CMYK:
	case JCS_YCCK:
		ci.out_color_space = JCS_CMYK;
		break;
	default:
		ci.out_color_space = JCS_RGB;
		break;
	}
	bool inverted = ci.out_color_space == JCS_CMYK && ci.saw_Adobe_marker;
	ci.scale_num = scale_num;
	ci.scale_denom = 8;
	jpeg_start_decompress(&ci);
	int comps = ci.output_components;
	size_t row = (size_t)ci.output_width * (size_t)comps;
	out = g_malloc(row * ci.output_height);
	while (ci.output_scanline < ci.output_height) {
		JSAMPROW r = out + row * ci.output_scanline;
		if (jpeg_read_scanlines(&ci, &r, 1) != 1)
			break;
	}
	int w = (int)ci.output_width, h = (int)ci.output_height;
	jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	if (err.warnings > 0) {
		/* libjpeg patched over damage: refuse rather than print grey */
		g_free(out);
		*why = g_strdup(err.msg);
		return false;
	}
	if (inverted)
		for (size_t i = 0; i < row * (size_t)h; i++)
			out[i] = (unsigned char)(255 - out[i]);
	p->w = w;
	p->h = h;
	p->comps = comps;
	p->data = out;
	return true;
}

/* Encodes p's samples (grey, RGB or CMYK) as a baseline JPEG without
 * chroma subsampling; the bytes are malloc'd by libjpeg. NULL with *why. */
static unsigned char *jpeg_encode(const pixels *p, int quality, unsigned long *out_len, char **why)
{
	struct jpeg_compress_struct ci;
	jerr err;
	unsigned char *volatile buf = NULL;
	jerr_init(&err, &ci.err);
	if (setjmp(err.jump)) {
		jpeg_destroy_compress(&ci);
		free(buf);
		*why = g_strdup(err.msg);
		return NULL;
	}
	jpeg_create_compress(&ci);
	unsigned char *mem = NULL;
	*out_len = 0;
	jpeg_mem_dest(&ci, &mem, out_len);
	ci.image_width = (JDIMENSION)p->w;
	ci.image_height = (JDIMENSION)p->h;
	ci.input_components = p->comps;
	ci.in_color_space = p->comps == 1 ? JCS_GRAYSCALE : p->comps == 4 ? JCS_CMYK : JCS_RGB;
	jpeg_set_defaults(&ci);
	if (p->comps == 4) {
		/* plain CMYK with the Adobe marker and no /Decode: what poppler,
		 * MuPDF and Ghostscript read as intended (docs/prepress.md
		 * section 3, item 3) */
		jpeg_set_colorspace(&ci, JCS_CMYK);
		ci.write_Adobe_marker = TRUE;
	}
	for (int c = 0; c < ci.num_components; c++) {
		ci.comp_info[c].h_samp_factor = 1;
		ci.comp_info[c].v_samp_factor = 1;
	}
	jpeg_set_quality(&ci, quality, TRUE);
	jpeg_start_compress(&ci, TRUE);
	buf = mem;
	size_t row = (size_t)p->w * (size_t)p->comps;
	while (ci.next_scanline < ci.image_height) {
		JSAMPROW r = p->data + row * ci.next_scanline;
		jpeg_write_scanlines(&ci, &r, 1);
	}
	jpeg_finish_compress(&ci);
	buf = mem;
	jpeg_destroy_compress(&ci);
	return buf;
}

/* ---- PNG ------------------------------------------------------------------- */

/* Decodes a PNG with libpng's simplified reader: grey or RGB, with alpha
 * when the file has any transparency; an alpha channel that is all opaque
 * is dropped. */
static bool png_decode(const unsigned char *data, size_t len, pixels *p, char **why)
{
	png_image img;
	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, data, len)) {
		*why = g_strdup(img.message[0] ? img.message : "not a readable PNG");
		png_image_free(&img);
		return false;
	}
	if (img.width == 0 || img.height == 0 || img.width > MAX_IMAGE_SIDE ||
	    img.height > MAX_IMAGE_SIDE || (uint64_t)img.width * img.height > MAX_IMAGE_PIXELS) {
		*why = g_strdup_printf("%ux%u pixels is more than canpress accepts", img.width,
		                       img.height);
		png_image_free(&img);
		return false;
	}
	bool alpha = (img.format & PNG_FORMAT_FLAG_ALPHA) != 0;
	bool colour = (img.format & PNG_FORMAT_FLAG_COLOR) != 0;
	img.format = colour ? (alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB)
	                    : (alpha ? PNG_FORMAT_GA : PNG_FORMAT_GRAY);
	size_t stride = PNG_IMAGE_ROW_STRIDE(img);
	unsigned char *buf = g_malloc(PNG_IMAGE_BUFFER_SIZE(img, stride));
	if (!png_image_finish_read(&img, NULL, buf, (png_int_32)stride, NULL)) {
		*why = g_strdup(img.message[0] ? img.message : "the PNG data is damaged");
		g_free(buf);
		png_image_free(&img);
		return false;
	}
	p->w = (int)img.width;
	p->h = (int)img.height;
	p->comps = colour ? 3 : 1;
	size_t n = (size_t)p->w * (size_t)p->h;
	if (!alpha) {
		p->data = buf;
		return true;
	}
	/* split colour and alpha; keep alpha only when something is see-through */
	int step = p->comps + 1;
	p->data = g_malloc(n * (size_t)p->comps);
	unsigned char *a = g_malloc(n);
	bool opaque = true;
	for (size_t i = 0; i < n; i++) {
		memcpy(p->data + i * (size_t)p->comps, buf + i * (size_t)step, (size_t)p->comps);
		a[i] = buf[i * (size_t)step + (size_t)p->comps];
		opaque = opaque && a[i] == 255;
	}
	g_free(buf);
	if (opaque)
		g_free(a);
	else
		p->alpha = a;
	return true;
}

/* Box-filters p down to nw x nh: each output pixel is the mean of the
 * source pixels falling in it, colour weighted by alpha when there is
 * alpha. Source rows map to output rows in order, so one output row of
 * integer sums is all the state there is. */
static void box_down(pixels *p, int nw, int nh)
{
	size_t c = (size_t)p->comps;
	size_t stride = c + 1;
	uint64_t *acc = g_new0(uint64_t, (size_t)nw * stride);
	uint32_t *cnt = g_new0(uint32_t, (size_t)nw);
	uint32_t *col = g_new(uint32_t, (size_t)p->w);
	for (int x = 0; x < p->w; x++)
		col[x] = (uint32_t)((int64_t)x * nw / p->w);
	unsigned char *data = g_malloc((size_t)nw * (size_t)nh * c);
	unsigned char *alpha = p->alpha != NULL ? g_malloc((size_t)nw * (size_t)nh) : NULL;
	int oy = 0;
	for (int y = 0; y <= p->h; y++) {
		int ty = y < p->h ? (int)((int64_t)y * nh / p->h) : nh;
		if (ty != oy) {
			/* the output row oy is complete */
			for (size_t o = 0; o < (size_t)nw; o++) {
				uint64_t *a = acc + o * stride;
				size_t at = (size_t)oy * (size_t)nw + o;
				for (size_t k = 0; k < c; k++)
					data[at * c + k] =
					    (unsigned char)(a[c] > 0 ? (a[k] + a[c] / 2) / a[c]
					                             : 0);
				if (alpha != NULL)
					alpha[at] =
					    (unsigned char)(cnt[o] > 0
					                        ? (a[c] + cnt[o] / 2) / cnt[o]
					                        : 0);
			}
			memset(acc, 0, (size_t)nw * stride * sizeof *acc);
			memset(cnt, 0, (size_t)nw * sizeof *cnt);
			oy = ty;
		}
		if (y == p->h)
			break;
		const unsigned char *row = p->data + (size_t)y * (size_t)p->w * c;
		const unsigned char *arow =
		    p->alpha != NULL ? p->alpha + (size_t)y * (size_t)p->w : NULL;
		for (int x = 0; x < p->w; x++) {
			uint64_t *a = acc + (size_t)col[x] * stride;
			uint64_t w = arow != NULL ? arow[x] : 255;
			for (size_t k = 0; k < c; k++)
				a[k] += row[(size_t)x * c + k] * w;
			a[c] += w;
			cnt[col[x]]++;
		}
	}
	g_free(acc);
	g_free(cnt);
	g_free(col);
	g_free(p->data);
	g_free(p->alpha);
	p->data = data;
	p->alpha = alpha;
	p->w = nw;
	p->h = nh;
}

/* ---- writing ---------------------------------------------------------------- */

static const char *space_of(int comps)
{
	return comps == 1 ? "/DeviceGray" : comps == 4 ? "/DeviceCMYK" : "/DeviceRGB";
}

/* RGB samples to CMYK through the profile (press mode). */
static void to_cmyk(const cp_pdf_images *im, pixels *p)
{
	size_t n = (size_t)p->w * (size_t)p->h;
	unsigned char *cmyk = g_malloc(n * 4);
	cp_pdf_profile_image(im->profile, p->data, cmyk, n);
	g_free(p->data);
	p->data = cmyk;
	p->comps = 4;
}

/* An image XObject of decoded samples: deflated, or as a JPEG when jpeg
 * (quality q); the alpha as an /SMask. */
static bool write_pixels(cp_pdf_w *w, int obj, const pixels *p, bool jpeg, int q, char **why)
{
	GString *dict = g_string_new(NULL);
	g_string_printf(dict,
	                "/Type /XObject /Subtype /Image /Width %d /Height %d "
	                "/ColorSpace %s /BitsPerComponent 8",
	                p->w, p->h, space_of(p->comps));
	if (p->alpha != NULL) {
		int mask = cp_pdf_obj_new(w);
		g_autofree char *md = g_strdup_printf(
		    "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
		    "/BitsPerComponent 8",
		    p->w, p->h);
		cp_pdf_stream(w, mask, md, p->alpha, (size_t)p->w * (size_t)p->h, true, NULL);
		g_string_append_printf(dict, " /SMask %d 0 R", mask);
	}
	bool ok = true;
	if (jpeg) {
		unsigned long n = 0;
		unsigned char *j = jpeg_encode(p, q, &n, why);
		if (j == NULL)
			ok = false;
		else
			cp_pdf_stream(w, obj, dict->str, j, n, false, "/DCTDecode");
		free(j);
	} else {
		cp_pdf_stream(w, obj, dict->str, p->data,
		              (size_t)p->w * (size_t)p->h * (size_t)p->comps, true, NULL);
	}
	g_string_free(dict, TRUE);
	return ok;
}

/* A JPEG file: through untouched when nothing asks otherwise. */
static bool write_jpeg(cp_pdf_images *im, cp_pdf_w *w, int obj, const entry *e,
                       const unsigned char *data, size_t len, char **why)
{
	jpeg_info info;
	if (!jpeg_read(data, len, &info, why))
		return false;
	double f = fit_factor(info.w, info.h, e->need);
	bool convert = im->press && info.comps == 3;
	if (f >= 1.0 && !convert) {
		/* the bytes go in untouched, but damaged data must not reach
		 * the printer: a 1/8 decode (DCT scaling, cheap) reads every
		 * scan through libjpeg, which refuses what it cannot decode */
		pixels probe = {0};
		if (!jpeg_decode(data, len, 1, &probe, why))
			return false;
		pixels_clear(&probe);
		g_autofree char *dict = g_strdup_printf(
		    "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
		    "/BitsPerComponent 8%s",
		    info.w, info.h, space_of(info.comps),
		    info.inverted ? " /Decode [1 0 1 0 1 0 1 0]" : "");
		cp_pdf_stream(w, obj, dict, data, len, false, "/DCTDecode");
		return true;
	}
	/* decoded at the smallest n/8 that covers the need, then encoded again */
	unsigned scale = f < 1.0 ? (unsigned)MIN(8.0, MAX(1.0, ceil(f * 8.0))) : 8;
	pixels p = {0};
	if (!jpeg_decode(data, len, scale, &p, why))
		return false;
	int q = CP_PDF_JPEG_QUALITY;
	if (convert) {
		to_cmyk(im, &p);
		q = im->quality;
	}
	bool ok = write_pixels(w, obj, &p, true, q, why);
	pixels_clear(&p);
	return ok;
}

static bool write_png(cp_pdf_images *im, cp_pdf_w *w, int obj, const entry *e,
                      const unsigned char *data, size_t len, char **why)
{
	pixels p = {0};
	if (!png_decode(data, len, &p, why))
		return false;
	double f = fit_factor(p.w, p.h, e->need);
	if (f < 1.0)
		box_down(&p, MAX(1, (int)ceil(p.w * f)), MAX(1, (int)ceil(p.h * f)));
	if (im->press && p.comps == 3)
		to_cmyk(im, &p);
	bool ok = write_pixels(w, obj, &p, false, 0, why);
	pixels_clear(&p);
	return ok;
}

/* The file's bytes, bounded. NULL with *why. */
static char *read_file(const char *path, size_t *len, char **why)
{
	GStatBuf st;
	if (g_stat(path, &st) != 0) {
		*why = g_strdup(g_strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = g_strdup("it is not a regular file");
		return NULL;
	}
	if ((guint64)st.st_size > MAX_IMAGE_BYTES) {
		*why = g_strdup("the file is larger than canpress accepts");
		return NULL;
	}
	g_autoptr(GError) error = NULL;
	char *bytes = NULL;
	gsize n = 0;
	if (!g_file_get_contents(path, &bytes, &n, &error)) {
		*why = g_strdup(error->message);
		return NULL;
	}
	*len = n;
	return bytes;
}

static bool is_jpeg(const unsigned char *u, size_t len)
{
	return len >= 3 && u[0] == 0xff && u[1] == 0xd8 && u[2] == 0xff;
}

static bool is_png(const unsigned char *u, size_t len)
{
	return len >= 8 && memcmp(u, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static void bad_image(cp_pdf_images *im, uint32_t i, const char *why, cp_diags *d)
{
	const cp_dl_image_src *src = &g_array_index(im->dl->images, cp_dl_image_src, i);
	im->e[i].failed = true;
	/* at the line that names the image (compose keeps it in the table) */
	cp_diag_add(d, CP_DIAG_BAD_IMAGE, src->span, NULL, "cannot read image '%s': %s", src->path,
	            why);
}

int cp_pdf_images_use(cp_pdf_images *im, cp_pdf_w *w, uint32_t i, cp_diags *d)
{
	g_assert(i < im->n);
	entry *e = &im->e[i];
	if (e->obj != 0 || e->failed)
		return e->failed ? -1 : e->obj;
	const char *path = g_array_index(im->dl->images, cp_dl_image_src, i).path;
	g_autofree char *why = NULL;
	size_t len = 0;
	g_autofree char *bytes = read_file(path, &len, &why);
	if (bytes == NULL) {
		bad_image(im, i, why, d);
		return -1;
	}
	const unsigned char *u = (const unsigned char *)bytes;
	int obj = cp_pdf_obj_new(w);
	bool ok;
	if (is_jpeg(u, len)) {
		ok = write_jpeg(im, w, obj, e, u, len, &why);
	} else if (is_png(u, len)) {
		ok = write_png(im, w, obj, e, u, len, &why);
	} else {
		why = g_strdup("it is neither a JPEG nor a PNG file");
		ok = false;
	}
	if (!ok) {
		bad_image(im, i, why, d);
		return -1;
	}
	e->obj = obj;
	return obj;
}

bool cp_pdf_images_transparent(cp_pdf_images *im, uint32_t i, cp_diags *d)
{
	g_assert(i < im->n);
	entry *e = &im->e[i];
	if (e->transparent >= 0 || e->failed)
		return e->transparent > 0;
	const char *path = g_array_index(im->dl->images, cp_dl_image_src, i).path;
	g_autofree char *why = NULL;
	size_t len = 0;
	g_autofree char *bytes = read_file(path, &len, &why);
	if (bytes == NULL) {
		bad_image(im, i, why, d);
		return false;
	}
	e->transparent = 0;
	if (is_png((const unsigned char *)bytes, len)) {
		pixels p = {0};
		if (!png_decode((const unsigned char *)bytes, len, &p, &why)) {
			bad_image(im, i, why, d);
			return false;
		}
		e->transparent = p.alpha != NULL;
		pixels_clear(&p);
	}
	return e->transparent > 0;
}

int cp_pdf_images_obj(const cp_pdf_images *im, uint32_t i)
{
	g_assert(i < im->n);
	return im->e[i].obj;
}
