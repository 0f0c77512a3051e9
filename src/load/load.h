/* load.h - reading an issue folder (libyaml) into the content model.
 * Audience: cli. Knows nothing of Pango or Cairo.
 *
 * Loading is lenient: every problem becomes a diagnostic and loading goes on
 * so one run reports them all; the cli stops before composing when the sink
 * holds errors. */
#ifndef CP_LOAD_LOAD_H
#define CP_LOAD_LOAD_H

#include <stdint.h>

#include "base/diag.h"
#include "model/model.h"

/* Loads the issue file at path with everything it names: articles, members,
 * the layout (a path relative to the issue file, or a name looked up as
 * <layouts_dir>/<name>.yaml), and the headers of every image. Returns NULL
 * only when the issue file itself cannot be read or parsed (an error is in
 * d); otherwise a model, which may be incomplete when d holds errors. */
cp_model *cp_load_issue(const char *path, const char *layouts_dir, cp_diags *d);
/* The same with the issue's `layout:` replaced by layout (the command
 * line's --layout: a name in layouts_dir, or a file path with a '/' or a
 * .yaml ending, relative to the current folder); NULL keeps the issue's. */
cp_model *cp_load_issue_with_layout(const char *path, const char *layouts_dir, const char *layout,
                                    cp_diags *d);

/* Loads a layout file alone into layout (defaults first), for tests and
 * `canpress dump`. Returns false after adding errors. */
bool cp_load_layout(cp_model *m, const char *path, cp_diags *d);

/* Registers an image named in from_file as rel (at span) and probes its
 * header: returns its index in m->images, or -1 after adding a diagnostic
 * (missing file, not an image). An image outside the issue's folder gets an
 * IMAGE_OUTSIDE warning. Used by load itself and by the cli for figures
 * found in article bodies. */
int32_t cp_load_image(cp_model *m, const char *from_file, const char *rel, cp_span span,
                      cp_diags *d);

/* Registers page `page` (1-based) of the PDF named in from_file as rel (at
 * span) as an artwork: returns its index in m->artworks (the same index for
 * the same file and page), or -1 after adding a diagnostic (missing file,
 * not a PDF, a page below 1). The page itself is read later by the press
 * step (the cli, before compose). */
int32_t cp_load_artwork(cp_model *m, const char *from_file, const char *rel, int page, cp_span span,
                        cp_diags *d);

/* Sets libyaml's nesting limit (global in libyaml; called once from main). */
void cp_load_init(void);

#endif
