/* arena.h - the one allocator we write (GLib has none): a bump allocator that
 * owns everything a stage output holds, freed in one call.
 * Audience: model, markup, typeset, displist, compose. */
#ifndef CP_BASE_ARENA_H
#define CP_BASE_ARENA_H

#include <stddef.h>

#include <glib.h>

typedef struct cp_arena cp_arena;

cp_arena *cp_arena_new(void);
/* The same with a first block of about first bytes (later blocks have the
 * usual size): for many small results kept at once (typeset's memo). */
cp_arena *cp_arena_new_sized(size_t first);
/* An arena that will hold megabytes (a display list's items): past its
 * first megabyte it takes its blocks a transparent huge page (2 MB) at a
 * time, one page fault each instead of 512. */
cp_arena *cp_arena_new_large(void);
/* Frees every block; accepts NULL. */
void cp_arena_free(cp_arena *a);
/* Drops everything but keeps the first block, for per-paragraph scratch use. */
void cp_arena_reset(cp_arena *a);
/* Zeroed memory aligned for any type; never NULL (aborts on OOM like g_malloc). */
void *cp_arena_alloc(cp_arena *a, size_t size);
#define cp_arena_new0(a, type, n) ((type *)cp_arena_alloc((a), sizeof(type) * (size_t)(n)))
char *cp_arena_strdup(cp_arena *a, const char *s); /* NULL -> NULL */
char *cp_arena_strndup(cp_arena *a, const char *s, size_t n);
void *cp_arena_memdup(cp_arena *a, const void *p, size_t n);
char *cp_arena_printf(cp_arena *a, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* A point in an arena's life to come back to (cp_arena_rewind): its
 * current block and how much of it was used, its newest large object and
 * its byte count. Only valid for the arena it was taken of, until that
 * arena is reset or rewound to an earlier mark. */
typedef struct cp_arena_mark {
	const void *block;
	size_t used;
	const void *big;
	size_t total;
} cp_arena_mark;
cp_arena_mark cp_arena_mark_get(const cp_arena *a);
/* Gives back everything allocated since mark m: nothing may point into it
 * any more. Blocks started since are kept for the allocations that follow
 * (their pages are touched already: reused, they cost no page fault), large
 * objects are freed. */
void cp_arena_rewind(cp_arena *a, cp_arena_mark m);
/* Bytes handed out so far (for limits and benchmarks). */
size_t cp_arena_used(const cp_arena *a);
/* Bytes of the blocks the arena holds (those kept by a rewind included):
 * what it costs in memory. */
size_t cp_arena_held(const cp_arena *a);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(cp_arena, cp_arena_free)

#endif
