/* pdf.c - the PDF device: the display list through a Cairo PDF surface.
 *
 * Steps, in order: open the output (a temporary file beside the target);
 * create the surface on a stream that remembers write errors; set the
 * document metadata from dl->meta; then per page set its size and label,
 * draw its items (draw.c), add its outline entries, show it; finish the
 * surface and check both Cairo's sticky status and the stream's error;
 * rename the temporary file over the target only when all of that worked.
 *
 * Reproducibility: CreationDate and ModDate come from the date
 * (dl->meta.date), Cairo's subset tags are derived from content and Cairo
 * 1.16 writes no /ID, so the same list gives byte-identical files
 * (docs/pango-notes.md section 5; test_render checks it).
 *
 * Not here (Cairo 1.16 cannot): TrimBox/BleedBox, CMYK, PDF/X; and a file
 * with link annotations has a damaged xref (docs/pango-notes.md
 * section 4). The cli sends every file through src/press/, which repairs
 * the xref (screen) or makes the print PDF. */
#include "render/render.h"

#include <errno.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>

#include "base/files.h"
#include "base/units.h"
#include "render/device.h"

/* Deepest outline level kept apart; deeper entries hang under this one. */
#define MAX_OUTLINE_LEVEL 8

static void set_meta(cairo_surface_t *s, cairo_pdf_metadata_t key, const char *value)
{
	if (value != NULL && *value != '\0')
		cairo_pdf_surface_set_metadata(s, key, value);
}

/* Outline entries of one page. Cairo 1.16 reads "pos=[x y]" in Cairo user
 * coordinates (y down from the page top) and turns it into the PDF's /XYZ
 * destination itself, so the list's y goes in as it is, plus the bleed
 * offset the page was drawn with. level_ids[L] is the last entry at level L:
 * a level-L entry hangs under the last entry of level L-1, or the root. */
static void add_outline(cairo_surface_t *s, const cp_dl_page *page, double offset,
			int *level_ids)
{
	for (guint i = 0; i < page->items->len; i++) {
		const cp_dl_item *it = &g_array_index(page->items, cp_dl_item, i);
		if (it->kind != CP_DL_OUTLINE)
			continue;
		const cp_dl_outline *o = &it->u.outline;
		int level = CLAMP(o->level, 1, MAX_OUTLINE_LEVEL);
		int parent = CAIRO_PDF_OUTLINE_ROOT;
		for (int up = level - 1; up >= 1; up--) {
			if (level_ids[up] != CAIRO_PDF_OUTLINE_ROOT) {
				parent = level_ids[up];
				break;
			}
		}
		char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];
		g_autofree char *attrs = g_strdup_printf("page=%d pos=[%s %s]", page->number,
							 cp_fmt_pt(x, offset),
							 cp_fmt_pt(y, o->y + offset));
		level_ids[level] = cairo_pdf_surface_add_outline(s, parent, o->title, attrs, 0);
		/* a new entry closes the branches below it */
		for (int down = level + 1; down <= MAX_OUTLINE_LEVEL; down++)
			level_ids[down] = CAIRO_PDF_OUTLINE_ROOT;
	}
}

bool cp_render_pdf_stream(const cp_dl *dl, FILE *f, const char *name, bool with_bleed,
			  cp_diags *d)
{
	size_t n_pages = cp_dl_page_count(dl);
	if (n_pages == 0) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL,
			    "cannot write '%s': the document has no pages", name);
		return false;
	}

	/* the surface, on a stream that keeps the first errno */
	cp_render_sink sink = {f, 0};
	const cp_dl_page *first = cp_dl_page_get(dl, 0);
	double b0 = with_bleed ? first->bleed : 0;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(
		cp_render_sink_write, &sink, first->width + 2 * b0, first->height + 2 * b0);

	/* document metadata; both dates from the issue, so builds are identical */
	set_meta(s, CAIRO_PDF_METADATA_TITLE, dl->meta.title);
	set_meta(s, CAIRO_PDF_METADATA_AUTHOR, dl->meta.author);
	set_meta(s, CAIRO_PDF_METADATA_SUBJECT, dl->meta.subject);
	set_meta(s, CAIRO_PDF_METADATA_KEYWORDS, dl->meta.keywords);
	set_meta(s, CAIRO_PDF_METADATA_CREATOR, dl->meta.creator);
	set_meta(s, CAIRO_PDF_METADATA_CREATE_DATE, dl->meta.date);
	set_meta(s, CAIRO_PDF_METADATA_MOD_DATE, dl->meta.date);

	/* the pages: size and label before anything is drawn on each */
	bool ok = true;
	int level_ids[MAX_OUTLINE_LEVEL + 1];
	for (int i = 0; i <= MAX_OUTLINE_LEVEL; i++)
		level_ids[i] = CAIRO_PDF_OUTLINE_ROOT;
	cp_render_images *images = cp_render_images_new(dl, CP_RENDER_PDF_MAX_PPI, true);
	cairo_t *cr = cairo_create(s);
	for (size_t i = 0; i < n_pages; i++) {
		const cp_dl_page *page = cp_dl_page_get(dl, i);
		double b = with_bleed ? page->bleed : 0;
		cairo_pdf_surface_set_size(s, page->width + 2 * b, page->height + 2 * b);
		cairo_pdf_surface_set_page_label(s, page->label);
		if (!cp_render_page_draw(cr, dl, i, b, images, d))
			ok = false;
		add_outline(s, page, b, level_ids);
		cairo_show_page(cr);
	}
	cairo_status_t cr_status = cairo_status(cr);
	cairo_destroy(cr);

	/* finishing writes fonts, images and the trailer: errors show up here */
	cairo_surface_finish(s);
	cairo_status_t status = cairo_surface_status(s);
	cairo_surface_destroy(s);
	cp_render_images_free(images);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cr_status;
	if (sink.err == 0 && status == CAIRO_STATUS_SUCCESS && fflush(f) != 0)
		sink.err = errno != 0 ? errno : EIO;

	if (sink.err != 0) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s", name,
			    g_strerror(sink.err));
		return false;
	}
	if (status != CAIRO_STATUS_SUCCESS) {
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': cairo: %s",
			    name, cairo_status_to_string(status));
		return false;
	}
	return ok;
}

bool cp_render_pdf(const cp_dl *dl, const char *path, bool with_bleed, cp_diags *d)
{
	cp_outfile o;
	if (!cp_outfile_open(&o, path, d))
		return false;
	if (!cp_render_pdf_stream(dl, o.f, path, with_bleed, d)) {
		cp_outfile_abort(&o);
		return false;
	}
	return cp_outfile_commit(&o, d);
}
