/* pdfx.h - the PDF/X flavours canpress writes and checks, defined once: the
 * layout's `press: pdfx:` (model, load), the print PDF's writer and the
 * command line's --pdfx all use this enum and these names.
 * Audience: every stage that names a PDF/X flavour. */
#ifndef CP_BASE_PDFX_H
#define CP_BASE_PDFX_H

#include <stdbool.h>

typedef enum cp_pdfx {
	CP_PDFX_AUTO, /* X-1a unless a page needs transparency, then X-4 */
	CP_PDFX_X1A,  /* PDF/X-1a:2001 (ISO 15930-1), PDF 1.3; no transparency */
	CP_PDFX_X4,   /* PDF/X-4 (ISO 15930-7), PDF 1.6 */
	CP_PDFX_COUNT
} cp_pdfx;

/* The names a layout and the command line use: "auto", "x1a", "x4". */
extern const char *const cp_pdfx_names[CP_PDFX_COUNT];
/* What the flavour is called in a PDF's version keys and in messages:
 * "PDF/X-1a:2001", "PDF/X-4" ("PDF/X" for auto, which is never written). */
extern const char *const cp_pdfx_titles[CP_PDFX_COUNT];

/* The flavour named name ("x1a"); false when there is none. */
bool cp_pdfx_from_name(const char *name, cp_pdfx *out);

#endif
