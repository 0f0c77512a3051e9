/* test_press.c - the press step through its public interface (press.h):
 * the imposition order. Preflight and imposition of real files are
 * tests/press's (the print PDF itself is the PDF writer's: test_pdf). */
#include <string.h>

#include <glib.h>

#include "press/press.h"

static void test_impose_order(void)
{
	int slot[16];
	g_assert_false(cp_press_impose_order(6, false, slot));
	g_assert_false(cp_press_impose_order(0, false, slot));
	/* 8 pages, left binding: sheet 1 front 8|1, back 2|7; sheet 2 front
	 * 6|3, back 4|5 (1-based) */
	g_assert_true(cp_press_impose_order(8, false, slot));
	int left[8] = {7, 0, 1, 6, 5, 2, 3, 4};
	for (int i = 0; i < 8; i++)
		g_assert_cmpint(slot[i], ==, left[i]);
	/* right binding mirrors each side */
	g_assert_true(cp_press_impose_order(8, true, slot));
	int right[8] = {0, 7, 6, 1, 2, 5, 4, 3};
	for (int i = 0; i < 8; i++)
		g_assert_cmpint(slot[i], ==, right[i]);
	/* every page exactly once, for a longer booklet */
	int big[64];
	g_assert_true(cp_press_impose_order(64, false, big));
	int seen[64] = {0};
	for (int i = 0; i < 64; i++)
		seen[big[i]]++;
	for (int i = 0; i < 64; i++)
		g_assert_cmpint(seen[i], ==, 1);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/press/impose-order", test_impose_order);
	return g_test_run();
}
