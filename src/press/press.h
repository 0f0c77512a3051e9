/* press.h - the print step's work on PDFs: preflight (checks any PDF
 * against what a Japanese print shop accepts: PDF/X keys and OutputIntent,
 * boxes and bleed, embedded fonts, no RGB, K-only black text, ink limits,
 * image resolution) and imposition of booklets for an office printer; next,
 * the pages of supplied PDFs (advertisements) prepared for the PDF writer to
 * place as form XObjects. The print PDF itself is written by src/pdf/.
 * Audience: cli and tests. Knows PDF through libqpdf's C API; knows nothing
 * of YAML, the model, the display list or typesetting (docs/architecture.md: press
 * takes "the PDF").
 *
 * Why libqpdf and not Ghostscript: docs/prepress.md (sections 2, 3, 7).
 * Every failure is an error in the cp_diags sink. */
#ifndef CP_PRESS_PRESS_H
#define CP_PRESS_PRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"
#include "base/pdfx.h"
#include "base/span.h"
#include "pdf/pdf.h"

/* --- preflight (preflight.c) ---------------------------------------------- */

typedef struct cp_press_preflight_opts {
	double tac_warn;  /* percent; ink above it is a WARN (default 300) */
	double tac_fail;  /* percent; above it a FAIL (default 320) */
	double ppi_warn;  /* effective ppi below it a WARN (default 300) */
	double ppi_fail;  /* below it a FAIL (default 200) */
	double bleed_min; /* mm per side (default 3) */
} cp_press_preflight_opts;

void cp_press_preflight_opts_init(cp_press_preflight_opts *o);

typedef struct cp_press_preflight_result {
	int passed, failed, warnings;
} cp_press_preflight_result;

/* Checks the PDF at path (any PDF) and prints one PASS/WARN/FAIL line per
 * check to out, then "preflight: N passed, M failed, K warnings". Returns
 * false only when the file cannot be read as a PDF (an IO or PRESS error in
 * d); the verdict is in *res. */
bool cp_press_preflight(const char *path, const cp_press_preflight_opts *o, FILE *out,
                        cp_press_preflight_result *res, cp_diags *d);

/* --- imposition (impose.c) ----------------------------------------------- */

/* The sheet side and slot of each page in a saddle-stitched booklet of
 * n_pages (a multiple of 4): for sheet side s (0-based: sheet s/2, front
 * when s is even), slot[2*s] is the page (0-based) on the left half and
 * slot[2*s+1] the one on the right half. Left binding: sheet 1 front holds
 * (n, 1), back (2, n-1); right binding mirrors each side. Returns false when
 * n_pages is not a positive multiple of 4. slot has room for n_pages ints. */
bool cp_press_impose_order(int n_pages, bool right_bound, int *slot);

/* The binding side impose folds for: the issue's own is in its PDF, as
 * /ViewerPreferences /Direction /R2L (right to left) for right binding. */
typedef enum cp_press_binding {
	CP_PRESS_BIND_LEFT,
	CP_PRESS_BIND_RIGHT,
	CP_PRESS_BIND_AUTO, /* right when the PDF reads right to left, else left */
} cp_press_binding;

/* Imposes the PDF at in_path 2-up onto sheets twice its first page's size
 * (A4 pages on A3 landscape), pages in signature order for the binding side,
 * duplex-ready (flip on the short edge), shifting the pages of sheet i
 * toward the spine by creep_mm * i / (sheets - 1) (the innermost sheet most).
 * Written to out_path through a temporary file. Returns false after adding a
 * PRESS error (page count not a multiple of 4) or an IO/OUTPUT error. */
bool cp_press_impose(const char *in_path, const char *out_path, cp_press_binding binding,
                     double creep_mm, cp_diags *d);

/* --- supplied PDF pages (artwork.c) ---------------------------------------- */

/* Reads page page_no (1-based) of the PDF at path as a self-contained form
 * (pdf/pdf.h) for the PDF writer: its content, box, group and resources with
 * every object they reach, streams as stored. Every problem is one
 * diagnostic at span (the line that names the artwork): the file's own
 * (missing, not a PDF, damaged, encrypted, a limit of limits.h), a page that
 * does not exist or is turned (/Rotate), fonts it does not embed
 * (ARTWORK_FONT). Returns NULL after an error; free with cp_pdf_form_free. */
/* cmyk, for the press PDF: RGB in the page (operators, 8-bit images,
 * colour spaces, indexed palettes, forms' content) is converted through it
 * (a profile with the print transforms), everything else kept as supplied;
 * RGB it cannot convert (inline images, shadings, 16-bit images) is a
 * BAD_ARTWORK error. NULL: nothing converted (the screen PDF). */
cp_pdf_form *cp_press_artwork_read(const char *path, int page_no, cp_span span,
                                   const cp_pdf_profile *cmyk, cp_diags *d);

#endif
