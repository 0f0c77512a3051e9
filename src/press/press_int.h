/* press_int.h - what the files of src/press/ share: the PDF content lexer,
 * the conversion context, and small qpdf helpers. Never included outside
 * src/press/.
 *
 * qpdf's C API hands out object handles (qpdf_oh) that live until
 * qpdf_cleanup, and strings that live until the next call: every string we
 * keep is copied at once. Its dictionary key iterator is global and not
 * re-entrant (docs/prepress.md section 3): cp_press_dict_keys
 * snapshots the keys before anything recurses. */
#ifndef CP_PRESS_PRESS_INT_H
#define CP_PRESS_PRESS_INT_H

#include "press/press.h"

#include <stdint.h>

#include <glib.h>
#include <lcms2.h>
#include <qpdf/qpdf-c.h>

/* --- the content-stream lexer (content.c) --------------------------------- */

typedef enum cp_press_tok_kind {
	CP_TOK_NUMBER,
	CP_TOK_NAME,   /* text includes the slash */
	CP_TOK_STRING, /* (literal) or <hex> */
	CP_TOK_OPEN_ARRAY,
	CP_TOK_CLOSE_ARRAY,
	CP_TOK_OPEN_DICT,
	CP_TOK_CLOSE_DICT,
	CP_TOK_OPERATOR,     /* a keyword: rg, BT, Do, true, null ... */
	CP_TOK_INLINE_IMAGE, /* BI ... ID data EI, all of it */
	CP_TOK_END,
} cp_press_tok_kind;

typedef struct cp_press_tok {
	cp_press_tok_kind kind;
	size_t start, len; /* bytes of the token in the buffer */
	double num;        /* CP_TOK_NUMBER */
} cp_press_tok;

typedef struct cp_press_lexer {
	const unsigned char *buf;
	size_t len, pos;
} cp_press_lexer;

void cp_press_lexer_init(cp_press_lexer *lx, const unsigned char *buf, size_t len);
/* The next token; comments and white space are skipped. Malformed input
 * (an unterminated string) ends the stream. */
cp_press_tok cp_press_lexer_next(cp_press_lexer *lx);
/* True when the token is the operator or name spelled s. */
bool cp_press_tok_is(const cp_press_lexer *lx, const cp_press_tok *t, const char *s);

/* --- one conversion (press.c and the files it calls) ---------------------- */

typedef struct cp_press_ctx {
	qpdf_data q;
	const cp_press_job *job;
	const cp_press_profile *profile;
	const cp_press_palette *pal;
	cp_diags *d;
	bool x1a;          /* the flavour being written */
	int page;          /* 1-based page being walked, for diagnostics */
	GHashTable *done;  /* object ids already converted */
	bool transparency; /* set by the scan when any page uses it */
	int errors;        /* PRESS errors added */
} cp_press_ctx;

/* An error about the current page (or the document when page is 0). */
void cp_press_error(cp_press_ctx *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* True the first time an indirect object is seen (then remembered in
 * c->done); always true for direct objects. */
bool cp_press_first_visit(cp_press_ctx *c, qpdf_oh oh);
/* The dictionary of a stream, or oh itself. */
qpdf_oh cp_press_dict_of(qpdf_data q, qpdf_oh oh);

/* RGB (0..1) to the CMYK the press step prints: palette, neutral, profile. */
void cp_press_map_rgb(const cp_press_ctx *c, const double rgb[3], double cmyk[4]);

/* content.c: the page's or form's content with every RGB colour operator
 * rewritten to CMYK. Returns a new GString. */
GString *cp_press_content_convert(cp_press_ctx *c, const unsigned char *buf, size_t len);

/* resources.c: converts everything a resource dictionary reaches (forms,
 * patterns, shadings, images, ExtGStates and their soft masks, colour spaces,
 * fonts checked), recursively; `done` keeps shared objects converted once. */
void cp_press_resources_convert(cp_press_ctx *c, qpdf_oh res);
/* A /Group entry of owner (a page or form dictionary): removed for X-1a
 * (without alpha it changes nothing), blending space made CMYK for X-4. */
void cp_press_group_fix(cp_press_ctx *c, qpdf_oh owner);
/* Converts a stream's content with its resources (a form, a tiling pattern). */
void cp_press_stream_convert(cp_press_ctx *c, qpdf_oh stream);
/* True when the resources (recursively) use transparency: alpha < 1, a soft
 * mask, a blend mode, an image with /SMask. */
bool cp_press_resources_scan(cp_press_ctx *c, qpdf_oh res, int depth);

/* images.c: an image XObject to DeviceCMYK (JPEG stays JPEG). */
void cp_press_image_convert(cp_press_ctx *c, qpdf_oh image);
/* shadings.c: a shading dictionary or stream to DeviceCMYK. */
void cp_press_shading_convert(cp_press_ctx *c, qpdf_oh shading);
/* profile.c: n_pixels RGB8 to CMYK8 through the image transform. */
void cp_press_profile_image(const cp_press_profile *p, const unsigned char *rgb,
                            unsigned char *cmyk, size_t n_pixels);

/* boxes.c: TrimBox, BleedBox, the larger sheet, tombo and the hidden folio
 * on page index i (0-based). */
void cp_press_page_finish(cp_press_ctx *c, qpdf_oh page, size_t i);
/* marks.c: appends the tombo for the trim box to content (PDF operators in
 * the registration colour named /CSReg). */
void cp_press_marks_draw(GString *out, double tx0, double ty0, double tx1, double ty1,
                         double bleed);
/* marks.c: appends a small stroked page number (digits as strokes, K only)
 * with its baseline-left at x, y, digit height h. */
void cp_press_folio_draw(GString *out, int number, double x, double y, double h);
/* marks.c: the registration colour space [/Separation /All /DeviceCMYK f]. */
qpdf_oh cp_press_registration_cs(qpdf_data q);

/* pdfx.c: OutputIntent, Info, XMP, version keys. */
void cp_press_pdfx_finish(cp_press_ctx *c);

/* --- writing (write.c) ---------------------------------------------------- */

/* Writes q to path through a temporary file renamed over it when complete
 * (a device target gets the bytes directly). Stream filters are kept:
 * nothing is inflated to be deflated again; streams without a filter are
 * compressed. version NULL keeps the input's version and object streams;
 * else object streams are off (PDF 1.3 has none) and the version is
 * forced. The /ID is a hash of the content, so two runs on one input are
 * byte-identical. Returns false after adding an OUTPUT error. */
bool cp_press_write(qpdf_data q, const char *path, const char *version, cp_diags *d);
/* The text of qpdf's pending error (consumed), or NULL. g_free it. */
char *cp_press_qpdf_error(qpdf_data q);

/* --- qpdf helpers (press.c) ----------------------------------------------- */

/* The keys of a dictionary, copied (free with g_strfreev). */
char **cp_press_dict_keys(qpdf_data q, qpdf_oh dict);
/* A number from an object (integer or real), or fallback. */
double cp_press_num(qpdf_data q, qpdf_oh oh, double fallback);
/* Reads a rectangle array into r[4] (normalised: x0 < x1, y0 < y1). */
bool cp_press_rect(qpdf_data q, qpdf_oh arr, double r[4]);
/* A new array of n reals. */
qpdf_oh cp_press_new_numbers(qpdf_data q, const double *v, int n);
/* The name value of key in dict, copied, or NULL when absent or not a name. */
char *cp_press_name(qpdf_data q, qpdf_oh dict, const char *key);
/* Appends a number in the shortest C-locale form with at most 4 decimals. */
void cp_press_put_num(GString *s, double v);
/* The key in an inheritable page attribute (walks /Parent). */
qpdf_oh cp_press_page_attr(qpdf_data q, qpdf_oh page, const char *key);
/* A stream's data decoded as far as qpdf can (qpdf_dl_all when all is
 * set, else generalized); NULL on failure. g_free the result. */
unsigned char *cp_press_stream_data(qpdf_data q, qpdf_oh stream, bool all, size_t *len,
                                    bool *filtered);

#endif
