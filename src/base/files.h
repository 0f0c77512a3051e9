/* files.h - paths relative to the file that names them, and output files that
 * are never left half-written. Audience: load and cli (render for output),
 * press (the PDF header test). */
#ifndef CP_BASE_FILES_H
#define CP_BASE_FILES_H

#include <stdbool.h>
#include <stdio.h>

#include "base/diag.h"

/* rel resolved against the folder of from_file, cleaned lexically ("a/./b/../c"
 * -> "a/c"), kept relative when both are relative. Caller frees. */
char *cp_path_resolve(const char *from_file, const char *rel);
/* path cleaned lexically; caller frees. */
char *cp_path_clean(const char *path);
/* True when path (cleaned) leaves the folder root (cleaned), e.g. "../x". */
bool cp_path_escapes(const char *root, const char *path);
/* Whether the file at path starts as a PDF: "%PDF-" within its first 1024
 * bytes, where PDF 1.7 annex H.3 lets readers find it. 1: it does; 0: it
 * does not (*n_read, when not NULL, says how many bytes were looked at: 0
 * for an empty file); -1: it cannot be opened (errno says why). */
int cp_file_pdf_header(const char *path, size_t *n_read);

/* An output file written to a temporary file beside it (cp_tmpfile_new) and
 * renamed over the target only by cp_outfile_commit. A target that exists
 * and is not a regular file (a device such as /dev/stdout or /dev/full, a
 * FIFO a program reads) is written directly, tmp NULL: a write error is
 * still an OUTPUT error; a FIFO nobody reads is an OUTPUT error at once,
 * never a wait. A temporary file this process made and tracks is written in
 * place (it is private already). */
typedef struct cp_outfile {
	char *path;
	char *tmp;
	FILE *f;
} cp_outfile;

/* The file writing to path means: path itself, or the file a symbolic link
 * at path resolves to (so a link is never replaced by a regular file).
 * Caller frees. */
char *cp_outfile_target(const char *path);

/* Opens the temporary file for path (through cp_outfile_target); adds an
 * OUTPUT diagnostic and returns false when it cannot (folder missing or not
 * writable). */
bool cp_outfile_open(cp_outfile *o, const char *path, cp_diags *d);
/* Flushes, syncs, closes and renames; on any write error removes the
 * temporary file, adds an OUTPUT diagnostic and returns false. The target is
 * untouched unless this returns true. */
bool cp_outfile_commit(cp_outfile *o, cp_diags *d);
/* Closes and removes the temporary file (accepts an unopened or finished o). */
void cp_outfile_abort(cp_outfile *o);

/* Makes a temporary file for target, beside it, created exclusively:
 * "<dir>/.<name>.<host>-<pid>-XXXXXX.tmp" (hidden, never named like the
 * target's kind), tracked for the signal handler below, mode as umask
 * allows. Stale ones of the same target are swept first. Returns the path
 * (caller frees and untracks) and the open descriptor in *fd, or NULL with
 * errno's value in *err. */
char *cp_tmpfile_new(const char *target, int *fd, int *err);
/* Removes the temporary files of target's pattern that a run killed by
 * SIGKILL left: regular files of this user whose process (same host) is
 * gone, or older than a day. Nothing else is touched. */
void cp_tmpfile_sweep(const char *target);

/* Temporary files a fatal signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT,
 * SIGXCPU, SIGXFSZ) removes before the process dies, so an interrupted or
 * killed run leaves no half-written file behind. cp_outfile tracks its own;
 * other temporary files (the press step's intermediate PDF) are tracked by
 * hand. At most 8 at once; a path longer than 4095 bytes is not tracked. */
void cp_tmpfile_track(const char *path);
void cp_tmpfile_untrack(const char *path);
/* Installs the handler; main calls it once. */
void cp_tmpfile_cleanup_on_signals(void);

#endif
