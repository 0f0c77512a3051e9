/* reader.h - a PDF someone hands canpress, opened and read inside the
 * bounds of limits.h (reader.c). Audience: preflight.c, impose.c, and
 * whatever later reads a supplied PDF. Private to src/press/. */
#ifndef CP_PRESS_READER_H
#define CP_PRESS_READER_H

#include "press/limits.h"
#include "press/press_int.h"

#include <stdint.h>

/* What a read counts; each has its limit in limits.h. */
typedef enum cp_press_budget {
	CP_PRESS_BUDGET_OBJECTS,   /* CP_PRESS_MAX_OBJECTS */
	CP_PRESS_BUDGET_OPERATORS, /* CP_PRESS_MAX_OPERATORS */
	CP_PRESS_BUDGET_FORMS,     /* CP_PRESS_MAX_FORM_USES */
	CP_PRESS_BUDGET_DECODED,   /* CP_PRESS_MAX_DECODED_BYTES */
	CP_PRESS_BUDGET_COUNT
} cp_press_budget;

typedef struct cp_press_reader {
	qpdf_data q;
	const char *path; /* borrowed, for messages */
	char *data;       /* the file's bytes when read into memory, else NULL */
	unsigned long long file_bytes;
	cp_diags *d;
	int n_pages;
	/* set by the first error or exceeded limit: every walk stops */
	bool over;
	unsigned long long used[CP_PRESS_BUDGET_COUNT];
	unsigned ticks;
	int64_t start_ns; /* processor time at open */
	cp_span span;     /* where the file is named (artwork), else zeroed */
} cp_press_reader;

/* Opens path: a regular file of at most CP_PRESS_MAX_FILE_BYTES with a
 * %PDF- header, read by qpdf, not encrypted, with a page tree inside the
 * page limits. Returns false after adding one diagnostic (PRESS, LIMIT,
 * MISSING_FILE or NOT_A_FILE, all errors: exit status 1); close it anyway. */
bool cp_press_reader_open(cp_press_reader *r, const char *path, cp_diags *d);
/* The same, every diagnostic at span (the line naming the file). */
bool cp_press_reader_open_at(cp_press_reader *r, const char *path, cp_span span, cp_diags *d);
void cp_press_reader_close(cp_press_reader *r);

/* Adds "PATH: message" with code and stops the read (sets over). */
void cp_press_reader_error(cp_press_reader *r, cp_diag_code code, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* Counts n against budget b (and looks at the clock now and then).
 * Returns false, after adding the LIMIT error naming the limit, once a
 * budget or the time is exceeded, and from then on. */
bool cp_press_reader_tick(cp_press_reader *r, cp_press_budget b, unsigned long long n);

/* Handles made between a mark and its release are released, so a walk
 * over millions of objects or operators holds only the handles of the one
 * at hand (qpdf's C API keeps every handle until qpdf_cleanup otherwise).
 * Handles made before the mark stay valid. */
qpdf_oh cp_press_reader_mark(cp_press_reader *r);
void cp_press_reader_release(cp_press_reader *r, qpdf_oh mark);

/* A stream's data decoded through its filters, at most cap bytes (more is a
 * LIMIT error naming `what`, "the content of page 3"). FlateDecode is
 * inflated here, under the cap; the other general filters (ASCIIHex,
 * ASCII85, LZW, RunLength, Flate with a predictor) by qpdf, only when
 * their largest possible output fits the cap, and DCTDecode by qpdf when
 * the JPEG's header says it fits. NULL when the stream cannot be decoded
 * (JPX, JBIG2, CCITT; damage qpdf refuses) or a
 * limit was hit (then r->over is set). g_free the result. */
unsigned char *cp_press_reader_stream(cp_press_reader *r, qpdf_oh stream, size_t cap,
                                      const char *what, size_t *len);

/* The page's content streams joined, at most CP_PRESS_MAX_CONTENT_BYTES;
 * NULL (len 0) for a page without readable content or after a limit. */
unsigned char *cp_press_reader_page_content(cp_press_reader *r, qpdf_oh page, const char *what,
                                            size_t *len);

/* A content stream read operator by operator (content.c), for preflight's
 * interpreter and the RGB conversion: numbers and the last name before an
 * operator are its operands; strings, arrays and dictionaries are passed
 * over. Every token counts against the reader's operator budget. */
typedef struct cp_press_walk {
	cp_press_reader *r;
	cp_press_lexer lx;
	const unsigned char *buf;
	/* the operator (CP_TOK_OPERATOR) or inline image at hand */
	cp_press_tok op;
	double num[8];      /* its first numeric operands */
	int n_num;          /* how many numbers it had (may be more than 8) */
	cp_press_tok name;  /* its last name operand; kind CP_TOK_END: none */
	size_t operands_at; /* where its operands (or it) begin in buf */
	bool fresh;         /* no token since the last operator */
} cp_press_walk;

void cp_press_walk_init(cp_press_walk *w, cp_press_reader *r, const unsigned char *buf, size_t len);
/* The next operator or inline image with its operands; false at the end
 * or once a limit is reached. */
bool cp_press_walk_next(cp_press_walk *w);
/* True when the operator at hand is s ("rg"). */
bool cp_press_walk_is(const cp_press_walk *w, const char *s);
/* The name operand without its meaning ("/CS0"); g_free. */
char *cp_press_walk_name(const cp_press_walk *w);
/* True when the inline image at hand is in an RGB colour space. */
bool cp_press_walk_inline_rgb(const cp_press_walk *w);

/* What preflight's two passes (preflight.c) find on page n (0-based) of an
 * open PDF, walking only the objects that page reaches and its content:
 * the artwork checks (artwork.c). */
typedef struct cp_press_page_facts {
	int fonts_missing;
	char *missing;    /* their names, comma-separated ("" when none); g_free */
	int transparency; /* objects with alpha, soft masks, blend modes */
	int rgb;          /* RGB or Lab images, shadings, spaces, groups, operators */
	int n_images;     /* images drawn */
	double min_ppi;   /* their lowest effective ppi at the page's scale; 0: none */
} cp_press_page_facts;

void cp_press_page_facts_read(cp_press_reader *r, int n, cp_press_page_facts *pf);

/* convert.c: true for an RGB colour space (DeviceRGB, CalRGB, ICCBased
 * with three components). */
bool cp_press_rgb_space(qpdf_data q, qpdf_oh cs);
/* True for [/Pattern base] with an RGB base (uncoloured patterns' colours
 * in RGB). */
bool cp_press_rgb_pattern_space(qpdf_data q, qpdf_oh cs);
/* Content (buf, len) with its RGB colour operators turned into CMYK
 * through p (resources res name the colour spaces); what cannot be
 * converted (RGB inline images, RGB shadings) is counted in *unconverted.
 * NULL (and r->over) after a limit. g_free the result. */
unsigned char *cp_press_content_to_cmyk(cp_press_reader *r, const unsigned char *buf, size_t len,
                                        qpdf_oh res, const cp_pdf_profile *p, size_t *out_len,
                                        int *unconverted);

#endif
