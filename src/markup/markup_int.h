/* markup_int.h - what the files of src/markup/ share: the builder that the
 * cmark walk (cmark_walk.c) fills and the run collector (runs.c) it uses.
 * Audience: src/markup/ only; never included from another folder.
 *
 * The builder holds transients (GArrays, GStrings) while one body is walked;
 * cp_markup_builder_finish copies what survives into the doc's arena, so the
 * doc stays one root freed by cp_markup_doc_free. */
#ifndef CP_MARKUP_MARKUP_INT_H
#define CP_MARKUP_MARKUP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "markup/markup.h"

/* Nesting of lists and block quotes deeper than this is flattened to this
 * depth (with one MARKUP_IGNORED warning per body): a printed magazine has no
 * use for it, and it bounds what compose has to indent. */
#define CP_MARKUP_MAX_NEST 8

/* A run while it is being collected: text grows, flags/link fixed. */
typedef struct cp_markup_tmp_run {
	GString *text;
	unsigned flags;
	const char *link; /* interned in the doc arena, or NULL */
	cp_span span;
} cp_markup_tmp_run;

typedef struct cp_markup_builder {
	cp_markup_doc *doc;
	cp_diags *d;
	/* the body and how its positions map to the file */
	const char *text;
	size_t len;
	GArray *line_starts; /* size_t byte offsets of each line's first byte */
	GArray *char_marks;  /* size_t characters before every 64th byte */
	uint32_t file, line0, col0;
	/* finished blocks (cp_mk_block, runs already in the arena) */
	GArray *blocks;
	/* the runs of the block being built (cp_markup_tmp_run) */
	GArray *runs;
	/* a soft line break seen but not yet resolved: whether it becomes a
	 * space or nothing depends on the next character (see runs.c) */
	bool pending_soft;
	unsigned soft_flags;
	const char *soft_link;
	cp_span soft_span;
	/* one warning per body for too-deep nesting */
	bool warned_depth;
	/* where the notations of the open block are looked for in text: the
	 * next search starts at this byte offset (notation.c, runs.c) */
	size_t cursor;
} cp_markup_builder;

/* --- markup.c: positions ------------------------------------------------ */

/* Maps a cmark position (1-based line, 1-based byte column within that line)
 * to a span in the file; line 0 (cmark's "unknown") maps to line0:col0. */
cp_span cp_markup_span_at(const cp_markup_builder *b, int line, int byte_col);
/* Like cp_markup_span_at, with an end position as well. */
cp_span cp_markup_span_range(const cp_markup_builder *b, int line, int byte_col, int end_line,
                             int end_byte_col);
/* The byte offset of a cmark position (clamped to its line), or 0. */
size_t cp_markup_offset_at(const cp_markup_builder *b, int line, int byte_col);
/* The span of the character holding byte offset off of the text. */
cp_span cp_markup_span_of(const cp_markup_builder *b, size_t off);

/* The byte at a cmark position, or -1 when the position is outside the text. */
int cp_markup_byte_at(const cp_markup_builder *b, int line, int byte_col);

/* Copies len bytes of s into the doc's arena as valid UTF-8 (broken bytes
 * and NULs become U+FFFD), NUL-terminated. s == NULL copies "". */
char *cp_markup_strdup(const cp_markup_builder *b, const char *s, size_t len);

/* --- runs.c: collecting the inline runs of one block --------------------- */

/* Appends text (len bytes) with the given flags and link (NULL unless
 * CP_MK_LINK). Resolves a pending soft break first. */
void cp_markup_runs_add(cp_markup_builder *b, const char *s, size_t len, unsigned flags,
                        const char *link, cp_span span);
/* Records a soft line break; resolved by the next cp_markup_runs_add. */
void cp_markup_runs_soft_break(cp_markup_builder *b, unsigned flags, const char *link,
                               cp_span span);
/* Moves the collected runs into the arena as the runs of blk (merging
 * neighbours with equal flags and link) and appends blk to the doc. */
void cp_markup_runs_finish_block(cp_markup_builder *b, cp_mk_block *blk);
/* True for characters set solid in Japanese text (no space at a line join). */
bool cp_markup_is_cjk(gunichar c);

/* --- notation.c: ruby, emphasis dots, tate-chu-yoko ---------------------- */

/* Where s[off, off + n) (a notation or a stray mark of it) is written. */
typedef cp_span (*cp_markup_locate)(void *ud, const char *s, size_t off, size_t n);
/* Splits s (len bytes of valid UTF-8) at its notations into runs appended
 * to out (cp_mk_run, strings in arena): plain pieces copy proto, annotated
 * bases copy proto's flags and link with their own span. Malformed
 * notations are NOTATION errors (when d is not NULL), kept as typed. */
void cp_markup_notations(cp_arena *arena, const cp_mk_run *proto, const char *s, size_t len,
                         cp_markup_locate at, void *ud, cp_diags *d, GArray *out);

/* --- cmark_walk.c -------------------------------------------------------- */

/* Parses b->text with libcmark and walks the tree into b->blocks. */
void cp_markup_walk(cp_markup_builder *b);

#endif
