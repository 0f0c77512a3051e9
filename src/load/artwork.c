/* artwork.c - a supplied PDF page named in the issue (an advertiser's
 * artwork, issue 15): resolved against the naming file, checked to be a
 * file that starts like a PDF, and registered once per file and page in
 * the model. Load does not read PDF: the press step reads the page itself
 * (libqpdf, inside the bounds of src/press/limits.h) before compose, and
 * reports what it finds at the span kept here. */
#include "load/load_int.h"

#include <string.h>

#include "base/files.h"

int32_t cp_load_artwork(cp_model *m, const char *from_file, const char *rel, int page, cp_span span,
                        cp_diags *d)
{
	if (page < 1) {
		cp_diag_add(d, CP_DIAG_BAD_VALUE, span, "pages are counted from 1",
		            "artwork page %d does not exist", page);
		return -1;
	}
	g_autofree char *path = cp_path_resolve(from_file, rel);
	for (size_t i = 0; i < m->n_artworks; i++)
		if (m->artworks[i].page == page && strcmp(m->artworks[i].path, path) == 0)
			return (int32_t)i;
	if (!cp_ld_check_file(d, path, span, "artwork"))
		return -1;
	if (cp_file_pdf_header(path, NULL) != 1) {
		cp_diag_add(d, CP_DIAG_BAD_ARTWORK, span, "supply the artwork as a PDF file",
		            "artwork '%s' is not a PDF (no %%PDF- header in its first 1024 bytes)",
		            path);
		return -1;
	}
	cp_ld_check_inside(m, d, path, span, "artwork");
	if (m->n_artworks == m->artworks_cap) {
		size_t cap = m->artworks_cap ? m->artworks_cap * 2 : 8;
		cp_model_artwork *grown = cp_arena_new0(m->arena, cp_model_artwork, cap);
		if (m->n_artworks)
			memcpy(grown, m->artworks, sizeof *grown * m->n_artworks);
		m->artworks = grown;
		m->artworks_cap = cap;
	}
	cp_model_artwork *a = &m->artworks[m->n_artworks];
	memset(a, 0, sizeof *a);
	a->path = cp_arena_strdup(m->arena, path);
	a->page = page;
	a->span = span;
	return (int32_t)m->n_artworks++;
}
