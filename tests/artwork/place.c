/* place.c - the press step and the PDF writer on one supplied page, for
 * tests/artwork/run.py (suite `artwork`): reads page PAGE of ARTWORK with
 * cp_press_artwork_read, as the cli does for an ad file's `artwork`, every
 * diagnostic at "ads/test.yaml:3:10" (the line that would name it), places
 * it on an A4 page with cp_dl_artwork items, and writes OUT with
 * cp_pdf_write - the screen PDF, or with --press the print PDF (PDF/X,
 * the built-in output profile given as --icc; RGB in the artwork read
 * converted through it, as the cli's build --press does). Prints the diagnostics and
 * exits 1 after an error, 0 otherwise.
 *
 *   place [--press --icc=PROFILE] [--scale] [--png=PNG] ARTWORK PAGE OUT
 *
 * Placement: the artwork at 100 % with its top-left at 20 mm, 20 mm
 * (frame = its size), and, with --scale, a second copy scaled to fit a
 * 60 x 60 mm frame at 20 mm, 150 mm (centred, clipped to the frame), on
 * the first of four pages.
 * --png also draws the page as a preview does (render, 100 dpi). */
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/units.h"
#include "displist/displist.h"
#include "pdf/pdf.h"
#include "press/press.h"
#include "render/render.h"

#define MM CP_MM_TO_PT

static void place(cp_dl_page *page, uint32_t idx, double fx, double fy, double fw, double fh,
                  double aw, double ah, bool scale)
{
	double s = scale ? MIN(fw / aw, fh / ah) : 1.0;
	cp_dl_item *it = cp_dl_item_add(page, CP_DL_ARTWORK);
	cp_dl_artwork *a = &it->u.artwork;
	a->artwork = idx;
	a->fx = fx;
	a->fy = fy;
	a->fw = fw;
	a->fh = fh;
	a->w = aw * s;
	a->h = ah * s;
	a->x = fx + (fw - a->w) / 2;
	a->y = fy + (fh - a->h) / 2;
}

int main(int argc, char **argv)
{
	bool press = false, scale = false;
	const char *icc = NULL;
	const char *png = NULL;
	const char *pos[3];
	int n = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--press"))
			press = true;
		else if (!strcmp(argv[i], "--scale"))
			scale = true;
		else if (!strncmp(argv[i], "--icc=", 6))
			icc = argv[i] + 6;
		else if (!strncmp(argv[i], "--png=", 6))
			png = argv[i] + 6;
		else if (n < 3)
			pos[n++] = argv[i];
	}
	if (n != 3 || (press && icc == NULL)) {
		fprintf(stderr,
		        "usage: place [--press --icc=PROFILE] [--scale] [--png=PNG] ARTWORK "
		        "PAGE OUT\n");
		return 2;
	}
	g_autoptr(cp_diags) d = cp_diags_new();
	cp_span span = cp_span_at(cp_diags_add_file(d, "ads/test.yaml"), 3, 10);
	int page_no = atoi(pos[1]);
	g_autoptr(cp_pdf_profile) prof = press ? cp_pdf_profile_new(icc, 300, d) : NULL;
	cp_pdf_form *form =
	    press && prof == NULL ? NULL : cp_press_artwork_read(pos[0], page_no, span, prof, d);
	int status = 1;
	if (form != NULL) {
		g_autoptr(cp_dl) dl = cp_dl_new();
		dl->meta.title = "artwork";
		dl->meta.date = "2026-12-01T00:00:00Z";
		cp_dl_page *page = cp_dl_page_add(dl, 210 * MM, 297 * MM, 3 * MM, "1");
		uint32_t idx = cp_dl_artwork_add(dl, pos[0], page_no, form->width, form->height);
		cp_dl_artwork_src *src = &g_array_index(dl->artworks, cp_dl_artwork_src, 0);
		src->span = span;
		place(page, idx, 20 * MM, 20 * MM, form->width, form->height, form->width,
		      form->height, false);
		if (scale)
			place(page, idx, 20 * MM, 150 * MM, 60 * MM, 60 * MM, form->width,
			      form->height, true);
		/* three more pages: a booklet's four, as preflight wants */
		for (int i = 2; i <= 4; i++) {
			char label[4];
			g_snprintf(label, sizeof label, "%d", i);
			cp_dl_page_add(dl, 210 * MM, 297 * MM, 3 * MM, label)->blank = true;
		}
		cp_dl_check(dl);
		cp_pdf_opts o = {0};
		const cp_pdf_form *forms[1] = {form};
		o.forms = forms;
		o.n_forms = 1;
		if (press) {
			o.press = true;
			o.profile = prof;
			o.icc_id = "FOGRA39";
			o.marks = true;
			o.marks_margin = 15 * MM;
			o.jpeg_quality = 92;
			o.overprint_black = true;
		}
		if ((!press || prof != NULL) && cp_pdf_write(dl, &o, pos[2], NULL, d))
			status = 0;
		if (png != NULL && !cp_render_png(dl, 0, 100, false, NULL, png, d))
			status = 1;
		cp_pdf_form_free(form);
	}
	cp_diags_print(d, stderr);
	if (cp_diags_has_errors(d))
		status = 1;
	return status;
}
