/* press.h - the print step: turns the PDF that render wrote (RGB, Cairo 1.16)
 * into the file a Japanese print shop accepts (PDF/X-1a:2001 or PDF/X-4,
 * DeviceCMYK only, K-only black text, exact designer CMYK, ink limit, TrimBox
 * and BleedBox, tombo in registration colour, OutputIntent), checks any PDF
 * against those rules (preflight) and imposes booklets for an office printer.
 * Audience: cli and tests. Knows PDF (libqpdf's C API), colour (Little CMS 2)
 * and JPEG (libjpeg); knows nothing of YAML, the model, the display list or
 * typesetting (docs/architecture.md, "press").
 *
 * Why this design and not Ghostscript: docs/prepress.md (sections 3, 5 and 7).
 * Every failure is an error in the cp_diags sink naming the page; a file the
 * step cannot make exactly right is never written. */
#ifndef CP_PRESS_PRESS_H
#define CP_PRESS_PRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/color.h"
#include "base/diag.h"
#include "base/pdfx.h"

/* --- the output profile (profile.c) -------------------------------------- */

/* An ICC output profile (CMYK, class prtr) with the Little CMS transforms
 * built from it: sRGB -> CMYK for vector colours (relative colorimetric with
 * black point compensation) and for images (perceptual), both through an ink
 * limit of tac percent; CMYK -> sRGB for the screen. Opaque. */
typedef struct cp_press_profile cp_press_profile;

/* Loads the profile at path. Returns NULL after adding a PRESS error naming
 * the path when it is missing, unreadable or not a CMYK output profile. */
cp_press_profile *cp_press_profile_new(const char *path, int tac, cp_diags *d);
/* The same with only the screen transform, for previews and the screen
 * PDF (building the print transforms costs a few tenths of a second);
 * cp_press_profile_rgb_to_cmyk and cp_press_convert need a full profile. */
cp_press_profile *cp_press_profile_new_screen(const char *path, cp_diags *d);
void cp_press_profile_free(cp_press_profile *p);
/* The file's bytes (for the OutputIntent) and its description tag. Owned by
 * the profile. */
const unsigned char *cp_press_profile_get_data(const cp_press_profile *p, size_t *len);
const char *cp_press_profile_get_description(const cp_press_profile *p);
int cp_press_profile_get_tac(const cp_press_profile *p);
/* CMYK (0..1) to the sRGB a screen shows for it (relative colorimetric). */
void cp_press_profile_to_screen(const cp_press_profile *p, const double cmyk[4], double rgb[3]);
/* An RGB vector colour (0..1) to CMYK (0..1) by the rules of the press step
 * without a palette: r=g=b is K only (0 0 0 1-r), anything else goes through
 * the profile and the ink limit. */
void cp_press_profile_rgb_to_cmyk(const cp_press_profile *p, const double rgb[3], double cmyk[4]);

/* --- the palette (palette.c) --------------------------------------------- */

/* Cairo draws only RGB, so every CMYK colour a document uses gets an RGB that
 * no other colour of the palette has; the press step maps each such RGB back
 * to its exact CMYK. RGB values are multiples of 1/65535 (Cairo writes six
 * decimals, so they survive the trip). Opaque; owns its entries. */
typedef struct cp_press_palette cp_press_palette;

cp_press_palette *cp_press_palette_new(void);
void cp_press_palette_free(cp_press_palette *pal);
/* Sets col's r, g, b to the screen colour of its CMYK (through p, or the
 * naive formula when p is NULL) made unique in the palette, and records the
 * pair. K-only colours (c = m = y = 0) become r = g = b = 1 - k, which the
 * press step maps to K only anyway. A colour given as RGB (col->cmyk false)
 * is left alone. Adding the same CMYK twice gives the same RGB. */
void cp_press_palette_add(cp_press_palette *pal, const cp_press_profile *p, cp_color *col);
/* The exact CMYK recorded for rgb (within half a 1/65535 step); false when
 * the palette has none. */
bool cp_press_palette_lookup(const cp_press_palette *pal, const double rgb[3], double cmyk[4]);
size_t cp_press_palette_len(const cp_press_palette *pal);

/* --- the print PDF (press.c) ---------------------------------------------- */

/* What the press step is asked to do; the cli fills it from the layout's
 * `press:` section and the command line. Strings are borrowed. */
typedef struct cp_press_job {
	cp_pdfx pdfx;             /* auto: X-1a unless a page uses transparency */
	const char *icc_id;       /* OutputConditionIdentifier: "FOGRA39", "JC200103" */
	const char *icc_name;     /* OutputCondition: "Japan Color 2001 Coated" */
	const char *icc_info;     /* Info: how the profile was made, or NULL */
	double bleed;             /* points per side already on the input pages */
	bool marks;               /* tombo on a larger sheet */
	double marks_margin;      /* points beyond the trim on every side */
	int jpeg_quality;         /* CMYK JPEG quality, 50..100 */
	bool right_bound;         /* binding on the right (for the hidden folio) */
	const bool *hidden_folio; /* per page: draw a hidden folio; NULL: none */
	size_t n_hidden_folio;
	const char *title;     /* Info /Title (PDF/X requires one) */
	const char *date;      /* ISO 8601: CreationDate, ModDate, XMP dates */
	const char *file_name; /* for diagnostics */
} cp_press_job;

/* Rewrites the Cairo PDF in (len bytes; its startxref is patched in place,
 * see press.c) into the print PDF at out_path, through a temporary file
 * renamed only on success. pal may be NULL. Returns
 * false after adding PRESS errors (one per page and problem: a Type 3 font,
 * a mesh shading, a colour space it cannot convert, transparency in X-1a)
 * or an OUTPUT error; out_path is then untouched. On success *used_pdfx (when
 * not NULL) says which flavour was written. */
bool cp_press_convert(unsigned char *in, size_t len, const char *out_path,
                      const cp_press_job *job, const cp_press_profile *p,
                      const cp_press_palette *pal, cp_pdfx *used_pdfx, cp_diags *d);

/* Rewrites a PDF through qpdf unchanged in content, so its cross-reference
 * table is rebuilt (Cairo 1.16 damages it when a link tag is used,
 * docs/pango-notes.md section 4), into out_path through a temporary
 * file; in is patched in place as for cp_press_convert. Returns false after
 * adding an OUTPUT or PRESS error. */
bool cp_press_rewrite(unsigned char *in, size_t len, const char *out_path, cp_diags *d);

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

/* Imposes the PDF at in_path 2-up onto sheets twice its first page's size
 * (A4 pages on A3 landscape), pages in signature order for the binding side,
 * duplex-ready (flip on the short edge), shifting the pages of sheet i
 * toward the spine by creep_mm * i / (sheets - 1) (the innermost sheet most).
 * Written to out_path through a temporary file. Returns false after adding a
 * PRESS error (page count not a multiple of 4) or an IO/OUTPUT error. */
bool cp_press_impose(const char *in_path, const char *out_path, bool right_bound, double creep_mm,
                     cp_diags *d);

#endif
