/* press_int.h - what the files of src/press/ share: the PDF content lexer
 * and small qpdf helpers. Never included outside
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

/* The dictionary of a stream, or oh itself. */
qpdf_oh cp_press_dict_of(qpdf_data q, qpdf_oh oh);
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
