/* render.h - drawing the page display list. Audience: cli.
 * Knows nothing of YAML or layout rules: it draws what the list says. */
#ifndef CP_RENDER_RENDER_H
#define CP_RENDER_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"
#include "displist/displist.h"

/* Writes the display list as a PDF (Cairo PDF surface): trim size pages
 * (bleed added when with_bleed), fonts subset and embedded, metadata from
 * dl->meta (dates from the issue, so builds are reproducible), outline and
 * page labels. Written to a temporary file and renamed over path only on
 * success; returns false after adding a diagnostic. */
bool cp_render_pdf(const cp_dl *dl, const char *path, bool with_bleed, cp_diags *d);

/* The same PDF written to an open stream (stdout, or a stream the caller
 * owns); name is the file name for diagnostics. The stream is flushed, not
 * closed. Returns false after adding an OUTPUT error (write failure, with
 * the reason) or a BAD_IMAGE error; bytes may already have been written. */
bool cp_render_pdf_stream(const cp_dl *dl, FILE *f, const char *name, bool with_bleed,
			  cp_diags *d);

/* Writes page page_index (0-based) as a PNG at dpi pixels per inch, white
 * paper, bleed included when with_bleed; through a temporary file renamed
 * over path on success. Returns false after adding a diagnostic. */
bool cp_render_png(const cp_dl *dl, size_t page_index, double dpi, bool with_bleed,
		   const char *path, cp_diags *d);

#endif
