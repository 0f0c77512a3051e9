/* pdf.h - canpress's own PDF writer: the page display list straight to PDF.
 * Audience: cli and tests. Knows the display list, fonts (HarfBuzz, hb-subset,
 * fontconfig for the font files), images (libjpeg, libpng), colour (Little
 * CMS 2) and libdeflate; knows nothing of YAML, layout rules, Cairo or libqpdf.
 *
 * One writer, two modes (docs/design-notes.md, "The PDF writer"):
 *   screen  trim-size pages (or trim plus bleed), colours as the layout gives
 *           them (cmyk() as DeviceCMYK shown through the output profile as
 *           DefaultCMYK, K-only colours as DeviceGray, RGB only for RGB
 *           images and colours given as RGB), links, outline, page labels,
 *           Info and XMP;
 *   press   PDF/X-1a:2001 or PDF/X-4: everything DeviceCMYK (K-only colours
 *           as 0 0 0 k, RGB images through the profile), OutputIntent,
 *           TrimBox/BleedBox, tombo in registration colour, hidden folios,
 *           K100 text and thin K100 rules overprinting, no annotations.
 * Fonts are subset once per face at the end with hb-subset and embedded as
 * CID fonts (CFF as CIDFontType0C, TrueType as CIDFontType2) with widths and
 * a ToUnicode CMap built from the display list's clusters. The bytes depend
 * only on the display list and the options: no clock, no addresses. */
#ifndef CP_PDF_PDF_H
#define CP_PDF_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"
#include "base/pdfx.h"
#include "displist/displist.h"

/* --- the output profile (profile.c) -------------------------------------- */

/* An ICC output profile (CMYK, class prtr) with the Little CMS transforms
 * the writer needs: sRGB -> CMYK for vector colours given as RGB (relative
 * colorimetric with black point compensation) and for images (perceptual),
 * both through an ink limit of tac percent; CMYK -> sRGB for previews.
 * Opaque. */
typedef struct cp_pdf_profile cp_pdf_profile;

/* Loads the profile at path with the print transforms. Returns NULL after
 * adding a PRESS error naming the path when it is missing, unreadable or not
 * a CMYK output profile. */
cp_pdf_profile *cp_pdf_profile_new(const char *path, int tac, cp_diags *d);
/* The same with only the screen transform (building the print transforms
 * costs a few tenths of a second): enough for the screen PDF and previews. */
cp_pdf_profile *cp_pdf_profile_new_screen(const char *path, cp_diags *d);
/* Deflates the profile's bytes at level (1..9) and keeps them: the
 * writer then embeds them without deflating them again (the cli does this
 * on a second thread while the issue is composed). */
void cp_pdf_profile_deflate(cp_pdf_profile *p, int level);
void cp_pdf_profile_free(cp_pdf_profile *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(cp_pdf_profile, cp_pdf_profile_free)
/* The file's bytes (embedded in the PDF) and its description. Owned by the
 * profile. */
const unsigned char *cp_pdf_profile_get_data(const cp_pdf_profile *p, size_t *len);
const char *cp_pdf_profile_get_description(const cp_pdf_profile *p);
int cp_pdf_profile_get_tac(const cp_pdf_profile *p);
/* CMYK (0..1) to the sRGB a screen shows for it (relative colorimetric). */
void cp_pdf_profile_to_screen(const cp_pdf_profile *p, const double cmyk[4], double rgb[3]);
/* An RGB vector colour (0..1) to CMYK (0..1): r = g = b is K only
 * (0 0 0 1-r), anything else goes through the profile and the ink limit.
 * Needs a profile with the print transforms. */
void cp_pdf_profile_rgb_to_cmyk(const cp_pdf_profile *p, const double rgb[3], double cmyk[4]);

/* --- supplied PDF pages (artwork) ------------------------------------------ */

/* PDF syntax (a dictionary, an array, any object) whose indirect references
 * are local: "n 0 R" names object n of the form's own table (1-based). The
 * writer renumbers them: ref_at[i] is the byte offset in text where the
 * i-th reference's number begins, so no parsing is needed. Strings in it
 * are written as <hex>, so the text holds no byte a reader could take for
 * a reference. */
typedef struct cp_pdf_syntax {
	char *text;
	size_t len;
	size_t *ref_at;
	size_t n_refs;
} cp_pdf_syntax;

/* One object a form's resources reach: its syntax, and for a stream the
 * dictionary without /Length and its data exactly as stored in the
 * supplied file (filters and all: nothing is decoded and encoded again,
 * except RGB images converted in press mode). */
typedef struct cp_pdf_form_obj {
	cp_pdf_syntax syntax;
	bool stream;
	unsigned char *data;
	size_t len;
} cp_pdf_form_obj;

/* A page of a supplied PDF as a self-contained form XObject: what the
 * press step reads (cp_press_artwork_read) and the writer embeds untouched
 * (its own fonts, vectors and exact CMYK values). The writer needs nothing
 * else: no file, no qpdf. The form space is the page's own user space:
 * the artwork is its box (TrimBox, else CropBox, else MediaBox), moved by
 * matrix so its lower-left corner is the origin. */
typedef struct cp_pdf_form {
	char *path; /* the file, for messages */
	int page;   /* 1-based */
	double bbox[4];
	double matrix[6];
	double width, height;    /* the box: the artwork's size at 100 %, points */
	double crop_x, crop_y;   /* the box's top-left from the CropBox's, y down */
	cp_pdf_syntax resources; /* the /Resources dictionary ("<<>>" when none) */
	cp_pdf_syntax group;     /* the page's /Group (text NULL when none) */
	unsigned char *content;  /* the page's content, decoded and joined */
	size_t content_len;
	cp_pdf_form_obj *objs; /* local object n is objs[n - 1] */
	size_t n_objs;
	/* what the press step found in it (the artwork checks) */
	bool transparent;    /* a transparency group, soft mask, alpha or blend mode */
	double min_ppi;      /* the lowest effective ppi of its images at 100 %; 0: none */
	int n_images;        /* images drawn */
	char *fonts_missing; /* names of fonts not embedded, or NULL */
	bool rgb;            /* it holds RGB (or Lab): the press PDF needs it converted */
	bool converted;      /* its RGB was turned into CMYK for the press PDF */
} cp_pdf_form;

void cp_pdf_form_free(cp_pdf_form *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(cp_pdf_form, cp_pdf_form_free)
void cp_pdf_syntax_clear(cp_pdf_syntax *s);

/* n_pixels RGB8 to CMYK8 through the image transform (perceptual, the ink
 * limit): RGB photos in the print PDF, and in supplied artwork. Needs a
 * profile with the print transforms. */
void cp_pdf_profile_image(const cp_pdf_profile *p, const unsigned char *rgb, unsigned char *cmyk,
                          size_t n_pixels);

/* --- writing ------------------------------------------------------------- */

/* What the writer measured, for --timings: the font subsetting and
 * embedding after the last page, wall and process CPU seconds. */
typedef struct cp_pdf_stats {
	double fonts_wall;
	double fonts_cpu;
} cp_pdf_stats;

/* What to write. Zero-initialise, then set what is wanted; strings and
 * arrays are borrowed for the call. */
typedef struct cp_pdf_opts {
	bool press; /* the print PDF (PDF/X); else the screen PDF */
	bool bleed; /* screen: pages are the trim plus the bleed */
	/* deflate level 1..9 of every deflated stream; 0 means each kind's
	 * default: CP_PDF_DEFLATE_CONTENT for the pages' contents and the
	 * fonts' ToUnicode maps, CP_PDF_DEFLATE_FONT for the font programs,
	 * CP_PDF_DEFLATE_LEVEL for the rest (images, the output profile) */
	int deflate_level;
	/* The output profile: the screen PDF shows DeviceCMYK through it
	 * (DefaultCMYK); the print PDF embeds it in the OutputIntent and
	 * converts RGB images with it. NULL: the screen PDF leaves DeviceCMYK
	 * to the viewer; press mode requires one with the print transforms. */
	const cp_pdf_profile *profile;
	/* press mode only */
	cp_pdfx pdfx;
	const char *icc_id;       /* OutputConditionIdentifier: "FOGRA39", "JC200103" */
	const char *icc_name;     /* OutputCondition; NULL: the profile's description */
	const char *icc_info;     /* Info: how the profile was made; NULL: icc_name */
	bool marks;               /* tombo on a sheet of trim + marks_margin */
	double marks_margin;      /* points beyond the trim on every side */
	int jpeg_quality;         /* CMYK JPEG quality for converted photos, 50..100 */
	bool overprint_black;     /* K100 text and thin K100 rules overprint */
	const bool *hidden_folio; /* per page: draw a hidden folio; NULL: none */
	size_t n_hidden_folio;
	cp_pdf_stats *stats; /* out, when not NULL */
	/* The supplied PDF pages, by the display list's artwork index: forms[i]
	 * is dl->artworks[i] as the press step read it (cp_press_artwork_read).
	 * An artwork item whose form is missing is a PRESS error. */
	const cp_pdf_form *const *forms;
	size_t n_forms;
	/* Threads the writer may use: 1 writes on the caller's thread alone;
	 * 0 takes CANPRESS_THREADS from the environment, else the number of
	 * processors. The bytes are the same whatever the number. */
	int threads;
} cp_pdf_opts;

/* The threads to use: threads when above 0, else CANPRESS_THREADS from
 * the environment (a number from 1), else the number of processors. */
int cp_pdf_threads(int threads);

/* The default deflate levels (libdeflate's, writer.c), measured for each
 * kind of stream (docs/design-notes.md, "Deflate levels"): 6 for most; the
 * pages' contents (and the ToUnicode maps, text too, whose compressor is
 * then the one the pages used) at the knee between time and size; the font programs
 * (desubroutinised CFF, which hardly compresses at any level) at the
 * fastest. */
#define CP_PDF_DEFLATE_LEVEL 6
#define CP_PDF_DEFLATE_CONTENT 4
#define CP_PDF_DEFLATE_FONT 1
/* The most image pixels per inch at the placed size kept of images whose
 * pixels are written (PNGs, converted or oversampled JPEGs): more gains
 * nothing in offset printing. */
#define CP_PDF_MAX_PPI 600.0
/* The JPEG quality of RGB and grey photos taken again at CP_PDF_MAX_PPI. */
#define CP_PDF_JPEG_QUALITY 92
/* K100 rules and rectangle strokes at most this wide (points) overprint
 * with overprint_black: hairlines and thin rules, which would otherwise
 * leave a white gap on misregistration; wider black areas knock out. */
#define CP_PDF_OVERPRINT_RULE_MAX 2.0

/* Writes dl as a PDF to f (flushed, not closed); name is the file name for
 * diagnostics. Returns false after adding an OUTPUT error (write failure,
 * with the reason), a BAD_IMAGE error or a PRESS error (a font that cannot
 * be embedded, transparency in PDF/X-1a); bytes may already have been
 * written. On success *used (when not NULL) says which PDF/X flavour a press
 * PDF is. */
bool cp_pdf_write_stream(const cp_dl *dl, const cp_pdf_opts *o, FILE *f, const char *name,
                         cp_pdfx *used, cp_diags *d);
/* The same through a temporary file beside path, renamed over it only on
 * success. */
bool cp_pdf_write(const cp_dl *dl, const cp_pdf_opts *o, const char *path, cp_pdfx *used,
                  cp_diags *d);

#endif
