/* fuzz_image.c - render's image decoders under hostile files: the JPEG
 * decoder (with its n/8 scaling and the JPEG encoder for oversampled
 * photos) and the row-by-row PNG reader with its box filter, through the
 * image cache exactly as the PDF and preview devices use it.
 *
 * Input layout:
 *   byte 0  how the image is placed and for which device: bits 0-5 the
 *           placed width in pt (1 + b * 4), bit 6 a PDF (600 ppi, JPEGs
 *           passed through or encoded again) or a preview (144 ppi), bit 7
 *           the placed height twice the width;
 *   rest    the image file (load's probe is not in the way: render must
 *           stand on its own when a file changed after load).
 * The bytes are written to one temporary file, named in a one-page display
 * list, and the cache decodes it. Checked: a surface or a BAD_IMAGE
 * diagnostic, never both or neither; a surface within the pixel limit and
 * attached JPEG bytes start with SOI; a second get gives the cached answer. */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "render/device.h"
#include "tests/fuzz/fuzz.h"

static char *dir;
static char *path;

void cp_fuzz_cleanup(void)
{
	if (path != NULL)
		g_unlink(path);
	if (dir != NULL)
		g_rmdir(dir);
	g_clear_pointer(&path, g_free);
	g_clear_pointer(&dir, g_free);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	if (dir == NULL) {
		dir = g_dir_make_tmp("cp-fuzz-image-XXXXXX", NULL);
		g_assert(dir != NULL);
		path = g_build_filename(dir, "image", NULL);
	}
	g_assert(g_file_set_contents(path, (const char *)data + 1, (gssize)(size - 1), NULL));

	double w = 1.0 + 4.0 * (data[0] & 63);
	double h = (data[0] & 128) ? 2.0 * w : w;
	double ppi = (data[0] & 64) != 0 ? 600.0 : 144.0;
	cp_dl *dl = cp_dl_new();
	uint32_t img = cp_dl_image_add(dl, path, 1, 1, false);
	cp_dl_page *page = cp_dl_page_add(dl, 595.28, 841.89, 8.5, "1");
	cp_dl_item *it = cp_dl_item_add(page, CP_DL_IMAGE);
	it->u.image = (cp_dl_image){img, 10, 10, w, h, 10, 10, w, h};

	cp_diags *d = cp_diags_new();
	cp_render_images *im = cp_render_images_new(dl, ppi, NULL);
	cairo_surface_t *s = cp_render_images_get(im, img, d);
	g_assert((s == NULL) == (cp_diags_len(d) == 1));
	if (s != NULL) {
		g_assert(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
		int sw = cairo_image_surface_get_width(s);
		int sh = cairo_image_surface_get_height(s);
		g_assert(sw > 0 && sh > 0);
		g_assert((uint64_t)sw * (uint64_t)sh <= CP_LIMIT_IMAGE_PIXELS);
		const unsigned char *mime = NULL;
		unsigned long n = 0;
		cairo_surface_get_mime_data(s, CAIRO_MIME_TYPE_JPEG, &mime, &n);
		g_assert(mime == NULL); /* pixels only: the PDF writer reads files itself */
	}
	/* a second get is the cached answer, with no second diagnostic */
	g_assert(cp_render_images_get(im, img, d) == s);
	g_assert(cp_diags_len(d) == (s == NULL ? 1u : 0u));
	cp_render_images_free(im);
	cp_diags_free(d);
	cp_dl_free(dl);
	return 0;
}
