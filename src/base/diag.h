/* diag.h - the diagnostic sink: every stage reports problems here, and only
 * base/diag.c prints them. Audience: every stage and the cli.
 *
 * Format (one place, one format): "FILE:LINE:COL: error: MESSAGE [code]",
 * then "  hint: ..." and an optional "FILE:LINE:COL: note: ...". Printed
 * sorted by file, line, column; capped after CP_DIAG_MAX_ERRORS errors. */
#ifndef CP_BASE_DIAG_H
#define CP_BASE_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <glib.h>

#include "base/span.h"

typedef enum cp_severity { CP_NOTE, CP_WARNING, CP_ERROR, CP_FATAL, CP_SEVERITY_COUNT } cp_severity;

typedef enum cp_diag_code {
#define X(name, sev, text) CP_DIAG_##name,
#include "base/diag_codes.def"
#undef X
	CP_DIAG_CODE_COUNT
} cp_diag_code;

#define CP_DIAG_MAX_ERRORS 50

typedef struct cp_diag {
	cp_diag_code code;
	cp_severity sev;   /* from the code's default; --werror raises warnings */
	cp_span span;      /* where the problem is */
	char *msg;         /* "unknown key 'titel' in article" */
	char *hint;        /* NULL or "did you mean 'title'?" */
	cp_span note_span; /* optional second place ... */
	char *note;        /* ... NULL or "the mapping starts here" */
	size_t seq;        /* order of arrival: keeps the sort stable */
} cp_diag;

/* The sink. Owns its file table (paths as the user would type them) and all
 * diagnostics; cp_diags_free releases everything. */
typedef struct cp_diags cp_diags;

cp_diags *cp_diags_new(void);
void cp_diags_free(cp_diags *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(cp_diags, cp_diags_free)

/* Registers a file path (or finds it again) and returns its index, >= 1. */
uint32_t cp_diags_add_file(cp_diags *d, const char *path);
/* The path of file index i, or "" for 0 and unknown indexes. */
const char *cp_diags_file_name(const cp_diags *d, uint32_t i);

/* Warnings count as errors (for exit status and has_errors) when set. */
void cp_diags_set_werror(cp_diags *d, bool werror);

/* Adds a diagnostic; msg is printf-formatted. hint may be NULL. Returns the
 * stored diagnostic so a caller may attach a note; it never moves (valid
 * until cp_diags_free, whatever is added or sorted after it). */
cp_diag *cp_diag_add(cp_diags *d, cp_diag_code code, cp_span span, const char *hint,
                     const char *fmt, ...) G_GNUC_PRINTF(5, 6);
void cp_diag_set_note(cp_diag *diag, cp_span span, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* Counts of what the sink holds. */
size_t cp_diags_count(const cp_diags *d, cp_severity sev);
size_t cp_diags_len(const cp_diags *d);
const cp_diag *cp_diags_get(const cp_diags *d, size_t i);
/* True when an ERROR or FATAL is held, or a WARNING with werror set. */
bool cp_diags_failed(const cp_diags *d);
/* True when an ERROR or FATAL is held (ignores werror). */
bool cp_diags_has_errors(const cp_diags *d);
bool cp_diags_has_fatal(const cp_diags *d);

/* Sorts by file name, line, column, arrival. */
void cp_diags_sort(cp_diags *d);
/* Prints every diagnostic (sorted) to f; returns how many were printed. */
size_t cp_diags_print(cp_diags *d, FILE *f);
/* Prints the same as a JSON array (file, line, col, severity, code, message, hint). */
void cp_diags_print_json(cp_diags *d, FILE *f);

const char *cp_diag_code_name(cp_diag_code code);
const char *cp_severity_name(cp_severity sev);

/* The nearest of candidates (NULL-terminated) to word by edit distance, or NULL
 * when none is close enough to be a useful hint. */
const char *cp_diag_nearest(const char *word, const char *const *candidates);
/* "did you mean 'near'?" in the user's language (the hint of every near
 * miss), newly allocated; NULL when near is NULL. */
char *cp_diag_hint_nearest(const char *near);

#endif
