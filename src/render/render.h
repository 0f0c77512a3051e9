/* render.h - drawing the page display list. Audience: cli.
 * Knows nothing of YAML or layout rules: it draws what the list says. */
#ifndef CP_RENDER_RENDER_H
#define CP_RENDER_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/diag.h"
#include "displist/displist.h"

/* How a display-list colour looks on screen. Previews show cmyk() colours
 * through the output profile; render knows no profile, so the caller
 * says: to_rgb(col, rgb, data) gives the RGB (0..1) for col. NULL (the
 * struct or its function) means the colour's own r, g, b. The display
 * list is only read. */
typedef struct cp_render_colors {
	void (*to_rgb)(const cp_color *col, double rgb[3], void *data);
	void *data;
} cp_render_colors;

/* Writes page page_index (0-based) as a PNG at dpi pixels per inch, white
 * paper, bleed included when with_bleed; through a temporary file renamed
 * over path on success. Returns false after adding a diagnostic. */
bool cp_render_png(const cp_dl *dl, size_t page_index, double dpi, bool with_bleed,
                   const cp_render_colors *colors, const char *path, cp_diags *d);

/* --- rasters: pages as pixels for proofing (raster.c) --------------------- */

/* An RGB image of one page, a spread or a contact sheet, on white. Opaque;
 * the caller owns it and frees it with cp_render_raster_free. */
typedef struct cp_render_raster cp_render_raster;

/* "No page here": the empty half of a spread (the cover stands alone). */
#define CP_RENDER_NO_PAGE SIZE_MAX
/* The largest raster side in pixels, and the most pixels in all (issue 10:
 * an A4 page at 1,700 dpi is 279 million pixels, 1.1 GB and 9 s; 40 million
 * are 160 MB, an A4 page at 600 dpi); more is refused with an OUTPUT error
 * that says the largest --dpi that fits. */
#define CP_RENDER_RASTER_MAX_SIDE 20000
#define CP_RENDER_RASTER_MAX_PIXELS 40000000.0

/* Page page (0-based) at dpi pixels per inch, bleed included when bleed.
 * Returns NULL after adding a diagnostic (size out of bounds, bad image). */
cp_render_raster *cp_render_raster_page(const cp_dl *dl, size_t page, double dpi, bool bleed,
                                        const cp_render_colors *colors, cp_diags *d);
/* Two pages side by side: left and right as they lie on the desk (either
 * may be CP_RENDER_NO_PAGE, not both); twice a page wide. The caller decides
 * which page is on which side (binding). NULL after a diagnostic. */
cp_render_raster *cp_render_raster_spread(const cp_dl *dl, size_t left, size_t right, double dpi,
                                          bool bleed, const cp_render_colors *colors, cp_diags *d);
/* A contact sheet: pages[0..n) as thumbnails at dpi, columns a row, in
 * reading order left to right (right to left when right_to_left: a
 * right-bound issue's rows start at the right), each framed with its page
 * number under it. NULL after a diagnostic. */
cp_render_raster *cp_render_raster_sheet(const cp_dl *dl, const size_t *pages, size_t n,
                                         int columns, bool right_to_left, double dpi, bool bleed,
                                         const cp_render_colors *colors, cp_diags *d);
int cp_render_raster_width(const cp_render_raster *r);
int cp_render_raster_height(const cp_render_raster *r);
/* The pixels: rows of 32-bit native-endian xRGB (Cairo's RGB24), *stride
 * bytes apart; valid until the raster is freed. */
const uint8_t *cp_render_raster_pixels(const cp_render_raster *r, int *stride);
/* Writes the raster as PNG through a temporary file renamed over path;
 * returns false after an OUTPUT diagnostic (the target is untouched). */
bool cp_render_raster_write_png(const cp_render_raster *r, const char *path, cp_diags *d);
void cp_render_raster_free(cp_render_raster *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(cp_render_raster, cp_render_raster_free)

/* --- the terminal device (term.c, libchafa) -------------------------------- */

/* How pages are drawn in a terminal: AUTO picks kitty, iTerm2 or sixel
 * graphics when the terminal has them (from TERM and friends, through
 * chafa's terminal database), else symbol art. */
typedef enum cp_render_term_mode {
	CP_RENDER_TERM_AUTO,
	CP_RENDER_TERM_SYMBOLS,
	CP_RENDER_TERM_SIXEL,
	CP_RENDER_TERM_KITTY,
	CP_RENDER_TERM_ITERM2,
	CP_RENDER_TERM_MODE_COUNT
} cp_render_term_mode;

/* Names of the modes ("auto", "symbols", "sixel", "kitty", "iterm2"). */
extern const char *const cp_render_term_mode_names[CP_RENDER_TERM_MODE_COUNT];
/* The mode named name; false when no mode has that name. */
bool cp_render_term_mode_from_name(const char *name, cp_render_term_mode *mode);

/* The mode AUTO resolves to for the environment envp (NULL: the process's). */
cp_render_term_mode cp_render_term_detect(char **envp);
/* The mode to print in for envp (NULL: the process's): asked, or what AUTO
 * detects, except inside tmux or GNU screen, where graphics would not reach
 * the terminal: SYMBOLS there, with a TERM_FALLBACK note in d when a
 * graphics mode was asked for by name. */
cp_render_term_mode cp_render_term_choose(cp_render_term_mode asked, char **envp, cp_diags *d);

/* Prints r to f in at most cols x rows character cells of cell_w x cell_h
 * pixels (0 when unknown: taken as 10 x 20), keeping its aspect, preceded
 * by a title line (the page number) when title is not NULL, ending with the
 * attributes reset and a newline. mode AUTO is detected from the
 * environment; a graphics mode is printed with its sequences whatever TERM
 * says (cp_render_term_choose decides whether it can be seen). Returns
 * false after an OUTPUT diagnostic when f fails. */
bool cp_render_term(const cp_render_raster *r, const char *title, cp_render_term_mode mode,
                    int cols, int rows, int cell_w, int cell_h, FILE *f, cp_diags *d);

#endif
