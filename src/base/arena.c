/* arena.c - bump allocation in growing blocks. Blocks are linked newest
 * first; an allocation larger than a quarter block gets a block of its own
 * (on a list of its own, newest first) so the current block's tail is not
 * wasted. A rewind keeps the blocks it gives back on a spare list, which the
 * next blocks are taken from before any is allocated. An arena made for
 * megabytes (cp_arena_new_large) takes its blocks past the first megabyte
 * as whole huge pages from the kernel. */
#include "base/arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#define ARENA_BLOCK (64 * 1024)
#define ARENA_ALIGN (_Alignof(max_align_t))
/* A transparent huge page (x86-64, arm64 with 4 KB pages), and how much a
 * large arena holds before it takes its blocks that size. */
#define HUGE_PAGE ((size_t)2 << 20)
#define HUGE_AFTER ((size_t)1 << 20)

typedef struct block {
	struct block *next;
	size_t size; /* bytes of data */
	size_t used;
	bool mapped; /* a huge page of its own (block_huge), else g_malloc's */
	max_align_t data[];
} block;

struct cp_arena {
	block *head;  /* the block allocations come from; older ones follow */
	block *big;   /* large objects, newest first */
	block *spare; /* blocks given back by a rewind (none the first) */
	size_t total;
	size_t held; /* bytes of the blocks */
	bool large;  /* cp_arena_new_large */
};

static block *block_new(size_t size)
{
	block *b = g_malloc(sizeof(block) + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	b->mapped = false;
	return b;
}

/* A block that is one huge page: mapped aligned to its size and advised
 * as a transparent huge page, so its first touch is one page fault where
 * 4 KB pages took 512, each costing about 10 us on the virtual machines
 * canpress was measured on. Where the kernel has none to give (THP off,
 * memory fragmented) it is ordinary pages; NULL when nothing is mapped. */
static block *block_huge(void)
{
#ifdef MADV_HUGEPAGE
	size_t len = 2 * HUGE_PAGE;
	void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	uintptr_t p = (uintptr_t)m;
	uintptr_t start = (p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	if (start > p)
		munmap(m, start - p);
	if (start + HUGE_PAGE < p + len)
		munmap((void *)(start + HUGE_PAGE), p + len - (start + HUGE_PAGE));
	(void)madvise((void *)start, HUGE_PAGE, MADV_HUGEPAGE); /* a hint */
	block *b = (block *)start;
	b->next = NULL;
	b->size = HUGE_PAGE - sizeof(block);
	b->used = 0;
	b->mapped = true;
	return b;
#else
	return NULL;
#endif
}

static void block_free(block *b)
{
	if (b->mapped)
		munmap(b, sizeof(block) + b->size);
	else
		g_free(b);
}

static void blocks_free(block *b)
{
	while (b != NULL) {
		block *next = b->next;
		block_free(b);
		b = next;
	}
}

cp_arena *cp_arena_new(void)
{
	return cp_arena_new_sized(ARENA_BLOCK);
}

cp_arena *cp_arena_new_sized(size_t first)
{
	cp_arena *a = g_new0(cp_arena, 1);
	first = CLAMP(first, 256, ARENA_BLOCK);
	a->head = block_new(first);
	a->held = first;
	return a;
}

cp_arena *cp_arena_new_large(void)
{
	cp_arena *a = cp_arena_new();
	a->large = true;
	return a;
}

void cp_arena_free(cp_arena *a)
{
	if (a == NULL)
		return;
	blocks_free(a->head);
	blocks_free(a->big);
	blocks_free(a->spare);
	g_free(a);
}

void cp_arena_reset(cp_arena *a)
{
	block *b = a->head;
	/* keep the oldest block (the list's last) */
	while (b->next != NULL) {
		block *next = b->next;
		block_free(b);
		b = next;
	}
	b->used = 0;
	a->head = b;
	blocks_free(a->big);
	a->big = NULL;
	blocks_free(a->spare);
	a->spare = NULL;
	a->total = 0;
	a->held = b->size;
}

cp_arena_mark cp_arena_mark_get(const cp_arena *a)
{
	return (cp_arena_mark){a->head, a->head->used, a->big, a->total};
}

void cp_arena_rewind(cp_arena *a, cp_arena_mark m)
{
	while (a->big != m.big) {
		block *b = a->big;
		g_assert(b != NULL); /* m is not a mark of this arena's */
		a->big = b->next;
		a->held -= b->size;
		g_free(b);
	}
	while (a->head != m.block) {
		/* a block started since the mark: a whole one (only the first
		 * block, the oldest, can be smaller) or a huge page */
		block *b = a->head;
		g_assert(b->next != NULL && b->size >= ARENA_BLOCK);
		a->head = b->next;
		b->used = 0;
		b->next = a->spare;
		a->spare = b;
	}
	g_assert(m.used <= a->head->used && m.total <= a->total);
	a->head->used = m.used;
	a->total = m.total;
}

void *cp_arena_alloc(cp_arena *a, size_t size)
{
	size_t need = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (need == 0)
		need = ARENA_ALIGN;
	g_assert(need >= size);
	a->total += need;
	if (need > ARENA_BLOCK / 4) {
		/* a large object: its own block */
		block *big = block_new(need);
		a->held += need;
		big->used = need;
		big->next = a->big;
		a->big = big;
		memset(big->data, 0, need);
		return big->data;
	}
	if (a->head->size - a->head->used < need) {
		block *b = a->spare;
		if (b != NULL) {
			a->spare = b->next;
		} else {
			b = a->large && a->held >= HUGE_AFTER ? block_huge() : NULL;
			if (b == NULL)
				b = block_new(ARENA_BLOCK);
			a->held += b->size;
		}
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)a->head->data + a->head->used;
	a->head->used += need;
	memset(p, 0, need);
	return p;
}
char *cp_arena_strndup(cp_arena *a, const char *s, size_t n)
{
	char *p = cp_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *cp_arena_strdup(cp_arena *a, const char *s)
{
	if (s == NULL)
		return NULL;
	return cp_arena_strndup(a, s, strlen(s));
}

void *cp_arena_memdup(cp_arena *a, const void *p, size_t n)
{
	void *q = cp_arena_alloc(a, n);
	if (n > 0)
		memcpy(q, p, n);
	return q;
}

char *cp_arena_printf(cp_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *tmp = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return cp_arena_strdup(a, tmp);
}

size_t cp_arena_used(const cp_arena *a)
{
	return a->total;
}

size_t cp_arena_held(const cp_arena *a)
{
	return a->held;
}
