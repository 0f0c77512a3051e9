/* render.h - drawing the page display list. Audience: cli.
 * Knows nothing of YAML or layout rules: it draws what the list says. */
#ifndef CP_RENDER_RENDER_H
#define CP_RENDER_RENDER_H

#include <stdbool.h>

#include "base/diag.h"
#include "displist/displist.h"

/* Writes the display list as a PDF (Cairo PDF surface): trim size pages
 * (bleed added when with_bleed), fonts subset and embedded, metadata from
 * dl->meta (dates from the issue, so builds are reproducible), outline and
 * page labels. Written to a temporary file and renamed over path only on
 * success; returns false after adding a diagnostic. */
bool cp_render_pdf(const cp_dl *dl, const char *path, bool with_bleed, cp_diags *d);

#endif
