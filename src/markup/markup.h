/* markup.h - article bodies (CommonMark, through libcmark) as blocks of
 * styled inline runs. Audience: cli (parses), compose (reads).
 * Knows nothing of YAML, the layout or pages.
 *
 * Ownership: cp_markup_doc is one root; blocks, runs and strings live in its
 * arena and are freed by cp_markup_doc_free. */
#ifndef CP_MARKUP_MARKUP_H
#define CP_MARKUP_MARKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/span.h"

typedef enum cp_mk_kind {
	CP_MK_PARA,    /* a paragraph */
	CP_MK_HEADING, /* level 2 (## and #) or 3 (### and deeper) */
	CP_MK_ITEM,    /* a list item's paragraph: ordinal > 0 numbered, 0 bullet */
	CP_MK_FIGURE,  /* a paragraph holding only an image: image + caption runs */
	CP_MK_BREAK,   /* a thematic break (---) */
	CP_MK_CODE,    /* a code block: one run, preformatted */
	CP_MK_KIND_COUNT
} cp_mk_kind;

enum {
	CP_MK_EMPH = 1u << 0,
	CP_MK_STRONG = 1u << 1,
	CP_MK_CODE_SPAN = 1u << 2,
	CP_MK_LINK = 1u << 3,
};

typedef struct cp_mk_run {
	const char *text; /* UTF-8, NUL-terminated */
	size_t len;       /* bytes */
	unsigned flags;   /* CP_MK_EMPH | ... */
	const char *link; /* URI when CP_MK_LINK */
	cp_span span;     /* where the run starts in the file */
	/* The inline notations (notation.c, docs/format.md "Ruby, emphasis
	 * dots, tate-chu-yoko"): a run written as one of them holds only its
	 * base text, and is never merged with its neighbours. */
	const char *ruby; /* group ruby reading; mono: one reading per base
	                   * character, joined with '|'; NULL for none */
	bool ruby_mono;   /* ruby holds one reading per base character */
	uint32_t kenten;  /* emphasis mark over each character (U+FE45 ﹅), 0 none */
	bool tcy;         /* tate-chu-yoko: set upright as one cell in vertical */
} cp_mk_run;

typedef struct cp_mk_block {
	cp_mk_kind kind;
	int level;           /* heading level; list nesting depth (1 = top) for items */
	int ordinal;         /* list item number (0 = bullet) */
	int quote;           /* block quote depth (0 = none) */
	bool continuation;   /* a further paragraph of the same list item */
	const char *image;   /* figures: the image URL as written */
	int32_t image_index; /* figures: set by the caller after resolving (-1) */
	cp_mk_run *runs;     /* for figures: the caption */
	size_t n_runs;
	cp_span span;
} cp_mk_block;

typedef struct cp_markup_doc {
	cp_arena *arena;
	cp_mk_block *blocks;
	size_t n_blocks;
} cp_markup_doc;

/* Parses a body. Positions found by libcmark (1-based, within text) are
 * mapped to the file with line0/col0: text line 1 col 1 is file line line0,
 * column col0 (and every later line starts at column col0). Unsupported
 * constructs (raw HTML; a pipe table, which stays a paragraph of text) give
 * MARKUP_IGNORED warnings. Never NULL. */
cp_markup_doc *cp_markup_parse(const char *text, size_t len, uint32_t file, uint32_t line0,
                               uint32_t col0, cp_diags *d);
void cp_markup_doc_free(cp_markup_doc *doc);

/* True when a link to uri may go into a PDF: its scheme is http, https,
 * mailto or tel (any case). Anything else (javascript:, file:, launch:,
 * data:, a relative path, nothing) is dropped with a warning by the parser,
 * and compose checks again before it makes a link. */
bool cp_markup_link_allowed(const char *uri);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(cp_markup_doc, cp_markup_doc_free)

/* The inline notations of a plain string (a title, a member field) as
 * runs in arena: plain text runs and annotated bases, in order, with
 * CP_MK_* flags 0. span is where the string is written: notations on its
 * first line are reported at their own column, others at span. Malformed
 * notations are NOTATION errors (their text is kept as typed). Returns the
 * number of runs (0 for an empty string); *out is NULL then. */
size_t cp_markup_inline(cp_arena *arena, const char *s, size_t len, cp_span span, cp_diags *d,
                        cp_mk_run **out);
/* True when s may hold a notation (one of { } | ｜ 《 \): a plain string
 * without them is one run as it is. */
bool cp_markup_has_notation(const char *s, size_t len);

/* The runs as text, one block per line with its kind, for golden tests. */
void cp_markup_dump(const cp_markup_doc *doc, FILE *f);

extern const char *const cp_mk_kind_names[CP_MK_KIND_COUNT];

#endif
