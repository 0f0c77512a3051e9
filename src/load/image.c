/* image.c - images named by the issue: resolved, registered once each, and
 * probed for pixel size and density by reading their headers. No libpng or
 * libjpeg: the two header layouts are small, and every read here is bounded
 * by the bytes actually in the buffer.
 *
 * PNG (ISO/IEC 15948): 8-byte signature, then chunks (length, type, data,
 * CRC); IHDR comes first (width, height); pHYs, when present before IDAT,
 * gives pixels per metre (unit 1).
 * JPEG (ITU T.81 + JFIF 1.02): SOI, then marker segments (0xFF, marker,
 * big-endian length including itself); APP0 "JFIF\0" holds the density
 * (unit 1 = per inch, 2 = per cm); the first SOFn (C0-CF but C4, C8, CC)
 * holds height and width; SOS before any SOFn means no size. EXIF density is
 * not read. Knows nothing of decoding. */
#include "load/load_int.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>

#include "base/files.h"
#include "base/limits.h"

/* PROBE_DEEP: the header lies past the probe limit (megabytes of metadata
 * before it); PROBE_UNSUPPORTED: a JPEG of a kind canpress's decoder and the
 * PDF readers it writes for do not take (the reason in the image's note). */
typedef enum probe_result {
	PROBE_BAD,
	PROBE_OK,
	PROBE_MORE,
	PROBE_TRUNCATED,
	PROBE_DEEP,
	PROBE_UNSUPPORTED,
} probe_result;

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

/* Every read below is guarded by `len`: the buffer holds what was read
 * from the file so far, and PROBE_MORE asks for more rather than reading
 * past it. Chunk lengths are untrusted: a length over 2^31 is refused, and
 * the walk only moves forward. */
static probe_result probe_png(const unsigned char *b, size_t len, cp_model_image *img)
{
	if (len < 8 + 8 + 13)
		return PROBE_MORE;
	if (be32(b + 8) != 13 || memcmp(b + 12, "IHDR", 4) != 0)
		return PROBE_BAD;
	img->px_w = be32(b + 16);
	img->px_h = be32(b + 20);
	if (img->px_w == 0 || img->px_h == 0)
		return PROBE_BAD;
	/* the chunks after IHDR, up to the image data, for pHYs */
	size_t pos = 8 + 8 + 13 + 4;
	while (pos + 8 <= len) {
		uint32_t clen = be32(b + pos);
		const unsigned char *type = b + pos + 4;
		if (memcmp(type, "IDAT", 4) == 0 || memcmp(type, "IEND", 4) == 0)
			return PROBE_OK;
		if (memcmp(type, "pHYs", 4) == 0) {
			if (clen != 9)
				return PROBE_BAD;
			if (pos + 8 + 9 > len)
				return PROBE_MORE;
			const unsigned char *p = b + pos + 8;
			if (p[8] == 1) {
				img->dpi_x = be32(p) * 0.0254;
				img->dpi_y = be32(p + 4) * 0.0254;
			}
			return PROBE_OK;
		}
		if (clen > 0x7FFFFFFFu)
			return PROBE_BAD;
		pos += (size_t)clen + 12;
	}
	return PROBE_MORE;
}

/* The segment walk. pos always points at a marker's 0xFF; a segment's
 * length is at least 2 (it counts itself), so every step moves forward
 * and a hostile file cannot loop. */
/* The reason a JPEG with this frame marker (SOFn), sample precision and
 * number of components cannot be used, or NULL. Baseline (SOF0), extended
 * (SOF1) and progressive (SOF2) Huffman JPEGs of 8-bit samples with 1, 3 or
 * 4 components are what libjpeg's 8-bit decoder and every PDF reader take
 * (ITU T.81, B.2.2 and table B.1). */
static const char *jpeg_unsupported(unsigned marker, unsigned precision, unsigned components)
{
	if (marker == 0xC3 || marker == 0xC7 || marker == 0xCB || marker == 0xCF)
		return N_("a lossless JPEG");
	if (marker == 0xC5 || marker == 0xC6 || marker == 0xC7 || marker == 0xCD || marker == 0xCE)
		return N_("a hierarchical JPEG");
	if (marker >= 0xC9)
		return N_("an arithmetic-coded JPEG");
	if (precision != 8)
		return precision == 12 ? N_("a 12-bit JPEG")
		                       : N_("a JPEG of an odd sample precision");
	if (components != 1 && components != 3 && components != 4)
		return N_("a JPEG of an odd number of colour components");
	return NULL;
}

static probe_result probe_jpeg(const unsigned char *b, size_t len, cp_model_image *img,
                               const char **why)
{
	size_t pos = 2;
	for (;;) {
		if (pos + 4 > len)
			return PROBE_MORE;
		if (b[pos] != 0xFF)
			return PROBE_BAD;
		/* fill bytes: any number of 0xFF before the marker */
		while (pos + 1 < len && b[pos + 1] == 0xFF)
			pos++;
		if (pos + 4 > len)
			return PROBE_MORE;
		unsigned marker = b[pos + 1];
		pos += 2;
		if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
			continue; /* no length */
		if (marker == 0xD9 || marker == 0xDA)
			return PROBE_BAD; /* end or scan before any frame header */
		uint32_t seg = be16(b + pos);
		if (seg < 2)
			return PROBE_BAD;
		bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
		           marker != 0xCC;
		bool jfif = marker == 0xE0 && seg >= 16;
		if ((sof || jfif) && pos + seg > len)
			return PROBE_MORE;
		if (jfif && memcmp(b + pos + 2, "JFIF", 5) == 0) {
			unsigned unit = b[pos + 9];
			double k = unit == 1 ? 1.0 : unit == 2 ? 2.54 : 0.0;
			img->dpi_x = be16(b + pos + 10) * k;
			img->dpi_y = be16(b + pos + 12) * k;
		}
		if (sof) {
			if (seg < 8)
				return PROBE_BAD;
			img->px_h = be16(b + pos + 3);
			img->px_w = be16(b + pos + 5);
			img->cmyk = b[pos + 7] == 4;
			if (!img->px_w || !img->px_h)
				return PROBE_BAD;
			/* what the frame header says the decoder would refuse, or a
			 * PDF reader could not show: said here, at the line that
			 * names the image, not when render decodes it */
			*why = jpeg_unsupported(marker, b[pos + 2], b[pos + 7]);
			return *why != NULL ? PROBE_UNSUPPORTED : PROBE_OK;
		}
		pos += seg;
	}
}

/* True when the file ends as its format says: PNG with the 12 bytes of
 * the IEND chunk, JPEG with an EOI marker (FF D9) somewhere in its last
 * KiB, since some cameras pad after it. Reads at most 1 KiB. */
static bool has_end_marker(FILE *fp, cp_image_kind kind)
{
	unsigned char tail[1024];
	if (fseek(fp, 0, SEEK_END) != 0)
		return false;
	long size = ftell(fp);
	long n = size < (long)sizeof tail ? size : (long)sizeof tail;
	if (n < 12 || fseek(fp, size - n, SEEK_SET) != 0 ||
	    fread(tail, 1, (size_t)n, fp) != (size_t)n)
		return false;
	if (kind == CP_IMAGE_PNG)
		return memcmp(tail + n - 12, "\0\0\0\0IEND\xae\x42\x60\x82", 12) == 0;
	for (long i = n - 2; i >= 0; i--)
		if (tail[i] == 0xFF && tail[i + 1] == 0xD9)
			return true;
	return false;
}

/* What a file that is neither PNG nor JPEG is, from its first bytes (a
 * GIF, WebP or SVG renamed .jpg is the common case), or NULL. */
static const char *sniff(const unsigned char *b, size_t len)
{
	if (len >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0))
		return N_("a GIF file");
	if (len >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
		return N_("a WebP file");
	if (len >= 12 && memcmp(b + 4, "ftyp", 4) == 0 &&
	    (memcmp(b + 8, "heic", 4) == 0 || memcmp(b + 8, "heix", 4) == 0 ||
	     memcmp(b + 8, "mif1", 4) == 0 || memcmp(b + 8, "avif", 4) == 0))
		return N_("a HEIF or AVIF file");
	if (len >= 4 && (memcmp(b, "II*\0", 4) == 0 || memcmp(b, "MM\0*", 4) == 0))
		return N_("a TIFF file");
	if (len >= 2 && memcmp(b, "BM", 2) == 0)
		return N_("a BMP file");
	if (len >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return N_("a PDF file");
	if (len >= 12 && memcmp(b, "\0\0\0\x0cjP  ", 8) == 0)
		return N_("a JPEG 2000 file");
	/* SVG and other XML: text, perhaps after a BOM and blanks */
	size_t i = len >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	while (i < len && i < 256 && g_ascii_isspace(b[i]))
		i++;
	if (i + 4 < len && (memcmp(b + i, "<svg", 4) == 0 || memcmp(b + i, "<?xm", 4) == 0))
		return N_("an SVG or other XML file");
	return NULL;
}

/* Reads the header, growing the buffer until the probe has what it needs or
 * the probe limit is reached. */
static probe_result probe_file(const char *path, cp_model_image *img, const char **why)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return PROBE_BAD;
	size_t cap = 64 * 1024;
	unsigned char *buf = g_malloc(cap);
	size_t len = fread(buf, 1, cap, fp);
	probe_result res = PROBE_BAD;
	for (;;) {
		if (len >= 8 && memcmp(buf, "\x89PNG\r\n\x1a\n", 8) == 0) {
			img->kind = CP_IMAGE_PNG;
			res = probe_png(buf, len, img);
		} else if (len >= 3 && buf[0] == 0xFF && buf[1] == 0xD8 && buf[2] == 0xFF) {
			img->kind = CP_IMAGE_JPEG;
			res = probe_jpeg(buf, len, img, why);
		} else {
			res = PROBE_BAD;
		}
		/* more bytes only while the file has them and the limit allows */
		if (res != PROBE_MORE || len < cap)
			break;
		if (cap >= CP_LIMIT_IMAGE_PROBE) {
			/* a PNG's size is in its first chunk, only its density
			 * may lie further; a JPEG's frame header is past the
			 * limit behind megabytes of metadata */
			res = img->kind == CP_IMAGE_PNG ? PROBE_OK : PROBE_DEEP;
			break;
		}
		buf = g_realloc(buf, cap * 2);
		len += fread(buf + len, 1, cap, fp);
		cap *= 2;
	}
	/* a file cut short (an interrupted copy or download) lacks its end
	 * marker: PNG's IEND chunk, JPEG's EOI (some writers pad after it) */
	if (res == PROBE_OK && !has_end_marker(fp, img->kind))
		res = PROBE_TRUNCATED;
	fclose(fp);
	if (res == PROBE_BAD)
		*why = sniff(buf, len);
	if (res != PROBE_OK)
		img->kind = CP_IMAGE_NONE;
	g_free(buf);
	return res;
}

/* Steps: resolve against the naming file; the same cleaned path again is
 * the same image; check the file exists and is a file; warn when it lies
 * outside the issue's folder; probe the header; check the size limit;
 * append to the model's array. Images that fail are not added, so every
 * index handed out points at a probed image. */
/* True when rel is a web address or a data: URI (a scheme of two or more
 * letters before ':'; "C:" is a drive, not a scheme). */
static bool is_uri(const char *rel)
{
	const char *p = rel;
	while (g_ascii_isalnum(*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return p - rel >= 2 && g_ascii_isalpha(rel[0]) && *p == ':' &&
	       (strncmp(p, "://", 3) == 0 || g_ascii_strncasecmp(rel, "data:", 5) == 0);
}

int32_t cp_load_image(cp_model *m, const char *from_file, const char *rel, cp_span span,
                      cp_diags *d)
{
	if (is_uri(rel)) {
		cp_diag_add(d, CP_DIAG_MISSING_FILE, span,
		            "save the image into the issue's folder and name the file",
		            "image '%.80s' is a web address; canpress prints image files only",
		            rel);
		return -1;
	}
	g_autofree char *path = cp_path_resolve(from_file, rel);
	for (size_t i = 0; i < m->n_images; i++)
		if (strcmp(m->images[i].path, path) == 0)
			return (int32_t)i;
	if (!cp_ld_check_file(d, path, span, "image"))
		return -1;

	/* outside the issue's folder: it will not travel with the issue */
	cp_ld_check_inside(m, d, path, span, "image");

	struct stat st;
	if (stat(path, &st) == 0 && (uint64_t)st.st_size > CP_LIMIT_IMAGE_BYTES) {
		cp_diag_add(d, CP_DIAG_LIMIT, span, "save the image at the size it prints at",
		            "image '%s' is larger than %u MiB (limit: image file size)", path,
		            CP_LIMIT_IMAGE_BYTES >> 20);
		return -1;
	}
	cp_model_image img = {0};
	img.path = cp_arena_strdup(m->arena, path);
	img.span = span;
	const char *why = NULL;
	probe_result res = probe_file(path, &img, &why);
	if (res == PROBE_DEEP) {
		cp_diag_add(d, CP_DIAG_LIMIT, span,
		            "save the image again without its metadata (EXIF, XMP, thumbnails)",
		            "image '%s' has more than %u MiB of metadata before its frame header "
		            "(limit: image metadata)",
		            path, CP_LIMIT_IMAGE_PROBE >> 20);
		return -1;
	}
	if (res == PROBE_UNSUPPORTED) {
		cp_diag_add(d, CP_DIAG_BAD_IMAGE, span,
		            "save it again as an ordinary (baseline or progressive) 8-bit JPEG",
		            "image '%s' is %s, which canpress cannot print", path,
		            g_dgettext(GETTEXT_PACKAGE, why));
		return -1;
	}
	if (res == PROBE_BAD && why != NULL) {
		cp_diag_add(d, CP_DIAG_BAD_IMAGE, span, "save it as PNG or JPEG",
		            "image '%s' is %s, whatever its name says: canpress reads PNG and JPEG",
		            path, g_dgettext(GETTEXT_PACKAGE, why));
		return -1;
	}
	if (res == PROBE_TRUNCATED) {
		cp_diag_add(d, CP_DIAG_BAD_IMAGE, span, "copy the image again from its source",
		            "image '%s' is truncated: the file ends before its end marker", path);
		return -1;
	}
	if (res != PROBE_OK) {
		cp_diag_add(d, CP_DIAG_BAD_IMAGE, span, "use a PNG or JPEG file",
		            "image '%s' is not a PNG or JPEG file canpress can read", path);
		return -1;
	}
	if (img.px_w > CP_LIMIT_IMAGE_PX || img.px_h > CP_LIMIT_IMAGE_PX) {
		cp_diag_add(d, CP_DIAG_LIMIT, span, "scale the image down",
		            "image '%s' is %ux%u pixels, larger than %ux%u (limit: image size)",
		            path, img.px_w, img.px_h, CP_LIMIT_IMAGE_PX, CP_LIMIT_IMAGE_PX);
		return -1;
	}
	if ((uint64_t)img.px_w * img.px_h > CP_LIMIT_IMAGE_PIXELS) {
		cp_diag_add(d, CP_DIAG_LIMIT, span, "scale the image down to the size it prints at",
		            "image '%s' is %ux%u pixels, more than %u million in all "
		            "(limit: image pixels)",
		            path, img.px_w, img.px_h, CP_LIMIT_IMAGE_PIXELS / 1000000u);
		return -1;
	}

	/* the issue's budget of pixels decoded whole (render decodes RGB and
	 * grey JPEGs at 1/8 for a PDF, which prints their own bytes) */
	if (img.kind == CP_IMAGE_PNG || img.cmyk) {
		uint64_t px = (uint64_t)img.px_w * img.px_h;
		if (m->pixels_whole + px > CP_LIMIT_ISSUE_PIXELS) {
			cp_diag_add(d, CP_DIAG_LIMIT, span,
			            "save photos as JPEG (the PDF takes them as they are), or "
			            "scale PNG images to the size they print at",
			            "image '%s' takes the issue's PNG and CMYK JPEG images past %u "
			            "million pixels in all (limit: image pixels per issue)",
			            path, CP_LIMIT_ISSUE_PIXELS / 1000000u);
			return -1;
		}
		m->pixels_whole += px;
	}

	/* grow the model's array by doubling, inside its arena */
	if (m->n_images == m->images_cap) {
		size_t cap = m->images_cap ? m->images_cap * 2 : 8;
		cp_model_image *grown = cp_arena_new0(m->arena, cp_model_image, cap);
		if (m->n_images)
			memcpy(grown, m->images, sizeof *grown * m->n_images);
		m->images = grown;
		m->images_cap = cap;
	}
	m->images[m->n_images] = img;
	return (int32_t)m->n_images++;
}
