/* span.h - a place in a source file, as values (never pointers into buffers).
 * Audience: every stage. Knows nothing but stdint. */
#ifndef CP_BASE_SPAN_H
#define CP_BASE_SPAN_H

#include <stdint.h>

/* 1-based line and column; col counts Unicode characters. file indexes the
 * diagnostic sink's file table; 0 means "no file" (a command-line value). */
typedef struct cp_span {
	uint32_t file;
	uint32_t line, col, end_line, end_col;
} cp_span;

#define CP_SPAN_NONE ((cp_span){0, 0, 0, 0, 0})

static inline cp_span cp_span_at(uint32_t file, uint32_t line, uint32_t col)
{
	return (cp_span){file, line, col, line, col};
}

#endif
