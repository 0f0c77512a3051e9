/* compose.h - from the model (+ article markup) to the page display list:
 * cover, table of contents, articles flowing through columns and pages,
 * the member directory, the colophon, running heads and folios.
 * Audience: cli. Knows nothing of Cairo surfaces or files: every length it
 * places is in points, every glyph comes from typeset. */
#ifndef CP_COMPOSE_COMPOSE_H
#define CP_COMPOSE_COMPOSE_H

#include "base/diag.h"
#include "displist/displist.h"
#include "markup/markup.h"
#include "model/model.h"
#include "typeset/typeset.h"

/* Composes the issue. docs[i] is the parsed body of m->articles[i] (figures'
 * image_index resolved). Problems (overflowing cards, padding pages, bad
 * layout geometry) go to d. Returns the display list, or NULL after adding an
 * error when nothing can be composed (e.g. the type area does not fit). */
cp_dl *cp_compose_issue(const cp_model *m, cp_markup_doc *const *docs, cp_typesetter *ts,
                        cp_diags *d);
/* The same on up to `threads` threads (a second typesetter, its own Pango
 * font map, on a worker thread: compose/par.c): the display list and the
 * diagnostics are the same as on one. */
cp_dl *cp_compose_issue_threads(const cp_model *m, cp_markup_doc *const *docs, cp_typesetter *ts,
                                cp_diags *d, int threads);

#endif
