/* images.c - RGB image XObjects to DeviceCMYK.
 *
 * qpdf decodes the samples (DCT included, qpdf_dl_all); Little CMS converts
 * them perceptually through the output profile and an ink limit 10 points
 * under the vector limit (profile.c). A JPEG stays a JPEG: it is re-encoded
 * as a CMYK JPEG with libjpeg (1x1 sampling, the job's quality), written
 * non-inverted with the Adobe marker and no /Decode, which is what poppler,
 * MuPDF and Ghostscript all read as intended (docs/prepress.md section 3,
 * rule 5). Other images are stored raw and qpdf Flate-compresses them on
 * write. /Interpolate, /Decode and /DecodeParms go. Grey and CMYK images and
 * stencil masks are already printable and stay as they are; 8 bits per
 * component is the only depth converted (Cairo writes no other).
 *
 * libjpeg reports fatal errors only through error_exit, which must not
 * return: as in render/image.c, the one jump is confined to encode_jpeg(),
 * whose landing point frees everything it made. */
#include "press/press_int.h"

#include <setjmp.h>
#include <string.h>

#include <jpeglib.h>

typedef struct jerr {
	struct jpeg_error_mgr pub; /* first: libjpeg casts to this */
	jmp_buf jump;
} jerr;

static void on_jpeg_error(j_common_ptr ci)
{
	longjmp(((jerr *)ci->err)->jump, 1);
}

/* CMYK8 samples to a JPEG in memory (malloc'd, *out_len bytes), or NULL. */
static unsigned char *encode_jpeg(const unsigned char *cmyk, int w, int h, int quality,
                                  unsigned long *out_len)
{
	struct jpeg_compress_struct ci;
	jerr err;
	unsigned char *volatile out = NULL;
	*out_len = 0;
	ci.err = jpeg_std_error(&err.pub);
	err.pub.error_exit = on_jpeg_error;
	if (setjmp(err.jump)) {
		jpeg_destroy_compress(&ci);
		free(out);
		return NULL;
	}
	jpeg_create_compress(&ci);
	unsigned char *buf = NULL;
	jpeg_mem_dest(&ci, &buf, out_len);
	ci.image_width = (JDIMENSION)w;
	ci.image_height = (JDIMENSION)h;
	ci.input_components = 4;
	ci.in_color_space = JCS_CMYK;
	jpeg_set_defaults(&ci);
	jpeg_set_colorspace(&ci, JCS_CMYK);
	for (int i = 0; i < ci.num_components; i++) {
		ci.comp_info[i].h_samp_factor = 1;
		ci.comp_info[i].v_samp_factor = 1;
	}
	jpeg_set_quality(&ci, quality, TRUE);
	ci.write_Adobe_marker = TRUE;
	jpeg_start_compress(&ci, TRUE);
	while (ci.next_scanline < ci.image_height) {
		JSAMPROW row = (JSAMPROW)(cmyk + (size_t)ci.next_scanline * (size_t)w * 4);
		jpeg_write_scanlines(&ci, &row, 1);
	}
	jpeg_finish_compress(&ci);
	out = buf;
	jpeg_destroy_compress(&ci);
	return out;
}

/* The image's filter when it is one name (or a one-name array), copied. */
static char *single_filter(qpdf_data q, qpdf_oh dict)
{
	qpdf_oh f = qpdf_oh_get_key(q, dict, "/Filter");
	if (qpdf_oh_is_array(q, f) && qpdf_oh_get_array_n_items(q, f) == 1)
		f = qpdf_oh_get_array_item(q, f, 0);
	return qpdf_oh_is_name(q, f) ? g_strdup(qpdf_oh_get_name(q, f)) : NULL;
}

void cp_press_image_convert(cp_press_ctx *c, qpdf_oh image)
{
	qpdf_data q = c->q;
	qpdf_oh dict = qpdf_oh_get_dict(q, image);
	/* a stencil mask paints in the current colour: nothing to convert */
	QPDF_BOOL mask = QPDF_FALSE;
	if (qpdf_oh_get_value_as_bool(q, qpdf_oh_get_key(q, dict, "/ImageMask"), &mask) && mask)
		return;
	qpdf_oh cs = qpdf_oh_get_key(q, dict, "/ColorSpace");
	g_autofree char *space = qpdf_oh_is_name(q, cs) ? g_strdup(qpdf_oh_get_name(q, cs)) : NULL;
	if (space != NULL &&
	    (strcmp(space, "/DeviceGray") == 0 || strcmp(space, "/DeviceCMYK") == 0))
		return;
	if (space == NULL || strcmp(space, "/DeviceRGB") != 0) {
		cp_press_error(c, "an image in colour space %s cannot be converted",
		               space != NULL ? space : "(array)");
		return;
	}
	int w = (int)cp_press_num(q, qpdf_oh_get_key(q, dict, "/Width"), 0);
	int h = (int)cp_press_num(q, qpdf_oh_get_key(q, dict, "/Height"), 0);
	int bpc = (int)cp_press_num(q, qpdf_oh_get_key(q, dict, "/BitsPerComponent"), 0);
	if (w <= 0 || h <= 0 || bpc != 8) {
		cp_press_error(c, "an RGB image of %dx%d at %d bits cannot be converted", w, h,
		               bpc);
		return;
	}
	g_autofree char *filter = single_filter(q, dict);
	bool jpeg = filter != NULL && strcmp(filter, "/DCTDecode") == 0;

	/* decode, convert */
	size_t len = 0;
	bool filtered = false;
	g_autofree unsigned char *rgb = cp_press_stream_data(q, image, true, &len, &filtered);
	size_t n = (size_t)w * (size_t)h;
	if (rgb == NULL || !filtered || len < n * 3) {
		cp_press_error(c, "an RGB image of %dx%d cannot be decoded", w, h);
		return;
	}
	g_autofree unsigned char *cmyk = g_malloc(n * 4);
	cp_press_profile_image(c->profile, rgb, cmyk, n);

	/* store: JPEG as CMYK JPEG, the rest raw (Flate on write) */
	if (jpeg) {
		unsigned long jlen = 0;
		unsigned char *j = encode_jpeg(cmyk, w, h, c->job->jpeg_quality, &jlen);
		if (j == NULL) {
			cp_press_error(c, "libjpeg cannot encode a %dx%d CMYK image", w, h);
			return;
		}
		qpdf_oh_replace_stream_data(q, image, j, jlen, qpdf_oh_new_name(q, "/DCTDecode"),
		                            qpdf_oh_new_null(q));
		free(j);
	} else {
		qpdf_oh_replace_stream_data(q, image, cmyk, n * 4, qpdf_oh_new_null(q),
		                            qpdf_oh_new_null(q));
	}
	qpdf_oh_replace_key(q, dict, "/ColorSpace", qpdf_oh_new_name(q, "/DeviceCMYK"));
	qpdf_oh_replace_key(q, dict, "/BitsPerComponent", qpdf_oh_new_integer(q, 8));
	qpdf_oh_remove_key(q, dict, "/Interpolate");
	qpdf_oh_remove_key(q, dict, "/Decode");
	qpdf_oh_remove_key(q, dict, "/DecodeParms");
}
