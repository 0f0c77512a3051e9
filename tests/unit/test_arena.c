/* test_arena.c - the bump allocator (base/arena.c): memory is zeroed and
 * aligned for any type, allocations never overlap across block boundaries
 * and large objects, strings are copied, the byte count is exact, and a
 * reset arena hands out memory again, a rewind gives back exactly what
 * came after its mark and reuses its blocks. Run under ASan or valgrind, the suite
 * also proves every block is freed. */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "base/arena.h"

static void test_zero_aligned(void)
{
	g_autoptr(cp_arena) a = cp_arena_new();
	for (size_t size = 0; size < 300; size++) {
		unsigned char *p = cp_arena_alloc(a, size);
		g_assert_nonnull(p);
		g_assert_cmpuint((uintptr_t)p % alignof(max_align_t), ==, 0);
		for (size_t i = 0; i < size; i++)
			g_assert_cmpuint(p[i], ==, 0);
		memset(p, 0xa5, size);
	}
}

/* Many allocations of mixed sizes, some larger than a block's quarter (the
 * large-object path), each filled with its own byte: none overwrites
 * another. */
static void test_no_overlap(void)
{
	g_autoptr(cp_arena) a = cp_arena_new();
	enum { N = 2000 };
	unsigned char *ptr[N];
	size_t len[N];
	for (int i = 0; i < N; i++) {
		len[i] = (size_t)(i * 37 % 997) + (i % 100 == 0 ? 40000 : 0);
		ptr[i] = cp_arena_alloc(a, len[i]);
		memset(ptr[i], i & 0xff, len[i]);
	}
	for (int i = 0; i < N; i++)
		for (size_t k = 0; k < len[i]; k++)
			g_assert_cmpuint(ptr[i][k], ==, (unsigned)(i & 0xff));
}

static void test_strings(void)
{
	g_autoptr(cp_arena) a = cp_arena_new();
	char buf[] = "組版";
	char *s = cp_arena_strdup(a, buf);
	buf[0] = 'x';
	g_assert_cmpstr(s, ==, "組版");
	g_assert_null(cp_arena_strdup(a, NULL));
	g_assert_cmpstr(cp_arena_strndup(a, "abcdef", 3), ==, "abc");
	g_assert_cmpstr(cp_arena_printf(a, "%s %d", "CAN", 12), ==, "CAN 12");
	int v[3] = {1, 2, 3};
	int *w = cp_arena_memdup(a, v, sizeof v);
	g_assert_cmpint(w[2], ==, 3);
	g_assert_nonnull(cp_arena_memdup(a, v, 0));
}

/* The count is the rounded sizes handed out; reset starts it again. */
static void test_used_and_reset(void)
{
	cp_arena *a = cp_arena_new();
	g_assert_cmpuint(cp_arena_used(a), ==, 0);
	cp_arena_alloc(a, 1);
	size_t one = cp_arena_used(a);
	g_assert_cmpuint(one, ==, alignof(max_align_t));
	cp_arena_alloc(a, 100000);
	g_assert_cmpuint(cp_arena_used(a), >=, one + 100000);
	for (int i = 0; i < 10000; i++)
		cp_arena_alloc(a, 64);
	cp_arena_reset(a);
	g_assert_cmpuint(cp_arena_used(a), ==, 0);
	/* usable again, zeroed again */
	unsigned char *p = cp_arena_alloc(a, 4096);
	for (int i = 0; i < 4096; i++)
		g_assert_cmpuint(p[i], ==, 0);
	cp_arena_free(a);
	cp_arena_free(NULL);
}

/* What was allocated before a mark survives any number of rewinds to it;
 * what comes after is zeroed again, the count is the mark's, and flows
 * after the first one reuse its blocks: the arena holds no more. */
static void test_rewind(void)
{
	g_autoptr(cp_arena) a = cp_arena_new_sized(1000);
	enum { KEPT = 50 };
	unsigned char *kept[KEPT];
	for (int i = 0; i < KEPT; i++) {
		kept[i] = cp_arena_alloc(a, 40);
		memset(kept[i], 0x11 + i, 40);
	}
	cp_arena_mark m = cp_arena_mark_get(a);
	size_t used = cp_arena_used(a);
	size_t held_after_first = 0;
	for (int round = 0; round < 5; round++) {
		/* blocks filled past the mark, and large objects */
		for (int i = 0; i < 3000; i++) {
			size_t n = (size_t)(i * 53 % 700) + (i % 500 == 0 ? 30000 : 1);
			unsigned char *p = cp_arena_alloc(a, n);
			for (size_t k = 0; k < n; k++)
				g_assert_cmpuint(p[k], ==, 0);
			memset(p, 0xee, n);
		}
		g_assert_cmpuint(cp_arena_used(a), >, used);
		cp_arena_rewind(a, m);
		g_assert_cmpuint(cp_arena_used(a), ==, used);
		if (round == 0)
			held_after_first = cp_arena_held(a);
		else
			g_assert_cmpuint(cp_arena_held(a), ==, held_after_first);
		for (int i = 0; i < KEPT; i++)
			for (int k = 0; k < 40; k++)
				g_assert_cmpuint(kept[i][k], ==, (unsigned)(0x11 + i));
	}
	/* a mark inside a later block, rewound twice in a row */
	for (int i = 0; i < 2000; i++)
		cp_arena_alloc(a, 100);
	cp_arena_mark m2 = cp_arena_mark_get(a);
	unsigned char *q = cp_arena_alloc(a, 64);
	memset(q, 0xff, 64);
	cp_arena_rewind(a, m2);
	cp_arena_rewind(a, m2);
	unsigned char *r = cp_arena_alloc(a, 64);
	g_assert_true(r == q);
	for (int k = 0; k < 64; k++)
		g_assert_cmpuint(r[k], ==, 0);
	/* and back to the first mark past the second */
	cp_arena_rewind(a, m);
	g_assert_cmpuint(cp_arena_used(a), ==, used);
	cp_arena_reset(a);
	g_assert_cmpuint(cp_arena_used(a), ==, 0);
	g_assert_cmpuint(cp_arena_held(a), ==, 1000);
}

/* An arena made for megabytes: past its first megabyte its blocks are
 * huge pages of their own (mapped, not g_malloc's); everything said above
 * holds for them: zeroed, no overlap, rewound blocks reused, reset and
 * free give them back (ASan and valgrind see the maps). */
static void test_large(void)
{
	g_autoptr(cp_arena) a = cp_arena_new_large();
	enum { N = 5000, SIZE = 1000 };
	unsigned char **ptr = g_new(unsigned char *, N);
	cp_arena_mark m = cp_arena_mark_get(a);
	for (int i = 0; i < N; i++) {
		if (i == N / 10)
			m = cp_arena_mark_get(a);
		ptr[i] = cp_arena_alloc(a, SIZE);
		for (int k = 0; k < SIZE; k++)
			g_assert_cmpuint(ptr[i][k], ==, 0);
		memset(ptr[i], i & 0xff, SIZE);
	}
	g_assert_cmpuint(cp_arena_held(a), >=, (size_t)N * SIZE);
	for (int i = 0; i < N; i++)
		for (int k = 0; k < SIZE; k += 97)
			g_assert_cmpuint(ptr[i][k], ==, (unsigned)(i & 0xff));
	size_t held = cp_arena_held(a);
	for (int round = 0; round < 3; round++) {
		cp_arena_rewind(a, m);
		for (int i = N / 10; i < N; i++) {
			unsigned char *p = cp_arena_alloc(a, SIZE);
			g_assert_cmpuint(p[0], ==, 0);
			g_assert_cmpuint(p[SIZE - 1], ==, 0);
			memset(p, 0x5a, SIZE);
		}
		g_assert_cmpuint(cp_arena_held(a), ==, held);
		for (int i = 0; i < N / 10; i++)
			g_assert_cmpuint(ptr[i][SIZE - 1], ==, (unsigned)(i & 0xff));
	}
	cp_arena_reset(a);
	g_assert_cmpuint(cp_arena_used(a), ==, 0);
	g_assert_cmpuint(cp_arena_held(a), <=, 64 * 1024);
	unsigned char *p = cp_arena_alloc(a, 100);
	g_assert_cmpuint(p[99], ==, 0);
	g_free(ptr);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/arena/zeroed-and-aligned", test_zero_aligned);
	g_test_add_func("/arena/no-overlap", test_no_overlap);
	g_test_add_func("/arena/strings", test_strings);
	g_test_add_func("/arena/used-and-reset", test_used_and_reset);
	g_test_add_func("/arena/rewind", test_rewind);
	g_test_add_func("/arena/large", test_large);
	return g_test_run();
}
