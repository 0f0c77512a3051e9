/* test_ads.c - the ad packer (compose/adgrid.c) against optima computed
 * here by other means:
 *   - on a4-yoko's grid (2 x 12 cells, every frame 1 or 2 columns wide) a
 *     page holds a set of ads exactly when, with the full-width frames
 *     stacked, the half-width ones split into two columns that fit the
 *     rows left; every assignment of ads to k pages is tried;
 *   - on a small 3 x 3 grid with odd frames, by placing every ad at every
 *     cell of every page.
 * Every placement is checked (inside the grid, no overlap, one of the ad's
 * frames), a rerun must give the same places, and the free rectangles must
 * tile exactly the free cells. */
#include <string.h>

#include <glib.h>

#include "compose/adgrid.h"

/* a4-yoko.yaml's sizes: 1, 1/2, 1/3, 1/4, 1/8 */
static const cp_adgrid_shape yoko[5][2] = {
    {{2, 12}, {0, 0}}, {{2, 6}, {1, 12}}, {{2, 4}, {0, 0}}, {{1, 6}, {2, 3}}, {{1, 3}, {0, 0}}};
static const int yoko_n[5] = {1, 2, 1, 2, 1};

/* --- checks common to every grid ------------------------------------------- */

static void check_places(int cols, int rows, const cp_adgrid_item *items, size_t n,
                         const cp_adgrid_place *pl, int pages)
{
	bool *used = g_new0(bool, (size_t)(pages * cols * rows));
	for (size_t i = 0; i < n; i++) {
		const cp_adgrid_place *p = &pl[i];
		g_assert_cmpint(p->page, >=, 0);
		g_assert_cmpint(p->page, <, pages);
		bool known = false;
		for (int k = 0; k < items[i].n_shapes; k++)
			known =
			    known || (items[i].shapes[k].w == p->w && items[i].shapes[k].h == p->h);
		g_assert_true(known);
		g_assert_cmpint(p->col + p->w, <=, cols);
		g_assert_cmpint(p->row + p->h, <=, rows);
		for (int r = p->row; r < p->row + p->h; r++)
			for (int c = p->col; c < p->col + p->w; c++) {
				bool *u = &used[(p->page * rows + r) * cols + c];
				g_assert_false(*u);
				*u = true;
			}
	}
	/* the free rectangles of each page tile its free cells */
	for (int pg = 0; pg < pages; pg++) {
		bool *page = used + pg * cols * rows;
		cp_adgrid_place rects[CP_ADGRID_MAX * CP_ADGRID_MAX];
		int nr = cp_adgrid_free(cols, rows, page, rects, (int)G_N_ELEMENTS(rects));
		bool cover[CP_ADGRID_MAX * CP_ADGRID_MAX] = {0};
		for (int k = 0; k < nr; k++)
			for (int r = rects[k].row; r < rects[k].row + rects[k].h; r++)
				for (int c = rects[k].col; c < rects[k].col + rects[k].w; c++) {
					g_assert_false(page[r * cols + c]);
					g_assert_false(cover[r * cols + c]);
					cover[r * cols + c] = true;
				}
		for (int cell = 0; cell < cols * rows; cell++)
			g_assert_true(page[cell] || cover[cell]);
	}
	g_free(used);
}

/* Packs, checks, packs again: the same places. */
static int pack_checked(int cols, int rows, const cp_adgrid_item *items, size_t n)
{
	cp_adgrid_place *a = g_new0(cp_adgrid_place, n + 1);
	cp_adgrid_place *b = g_new0(cp_adgrid_place, n + 1);
	bool proven = false, proven2 = false;
	int pages = cp_adgrid_pack(cols, rows, items, n, a, &proven);
	g_assert_true(proven);
	check_places(cols, rows, items, n, a, pages);
	int again = cp_adgrid_pack(cols, rows, items, n, b, &proven2);
	g_assert_cmpint(again, ==, pages);
	g_assert_cmpmem(a, sizeof *a * n, b, sizeof *b * n);
	g_free(a);
	g_free(b);
	return pages;
}

/* --- the 2 x 12 grid by columns ----------------------------------------------- */

/* Can these half-width heights go into two columns of room rows each? */
static bool two_columns(const int *h, int n, int room)
{
	for (unsigned mask = 0; mask < (1u << n); mask++) {
		int a = 0, b = 0;
		for (int i = 0; i < n; i++)
			(mask & (1u << i)) ? (a += h[i]) : (b += h[i]);
		if (a <= room && b <= room)
			return true;
	}
	return false;
}

/* Does one page hold these sizes? Every choice of frame is tried. */
static bool yoko_page_fits(const int *sizes, int n)
{
	int choices = 1;
	for (int i = 0; i < n; i++)
		choices *= yoko_n[sizes[i]];
	for (int ch = 0; ch < choices; ch++) {
		int full = 0, half[16], nh = 0, rest = ch;
		for (int i = 0; i < n; i++) {
			cp_adgrid_shape s = yoko[sizes[i]][rest % yoko_n[sizes[i]]];
			rest /= yoko_n[sizes[i]];
			if (s.w == 2)
				full += s.h;
			else
				half[nh++] = s.h;
		}
		if (full <= 12 && two_columns(half, nh, 12 - full))
			return true;
	}
	return false;
}

/* The fewest pages by trying every assignment of ads to pages. */
static int yoko_optimum(const int *sizes, int n)
{
	for (int k = 1; k <= n; k++) {
		long total = 1;
		for (int i = 0; i < n; i++)
			total *= k;
		for (long a = 0; a < total; a++) {
			int page_of[16];
			long r = a;
			for (int i = 0; i < n; i++) {
				page_of[i] = (int)(r % k);
				r /= k;
			}
			bool ok = true;
			for (int p = 0; p < k && ok; p++) {
				int on[16], m = 0;
				for (int i = 0; i < n; i++)
					if (page_of[i] == p)
						on[m++] = sizes[i];
				ok = yoko_page_fits(on, m);
			}
			if (ok)
				return k;
		}
	}
	g_assert_not_reached();
}

static int yoko_pack(const int *sizes, int n)
{
	cp_adgrid_item items[16];
	for (int i = 0; i < n; i++)
		items[i] = (cp_adgrid_item){yoko[sizes[i]], yoko_n[sizes[i]]};
	return pack_checked(2, 12, items, (size_t)n);
}

/* Sizes largest first, as the loader sorts them. */
static gint by_size(gconstpointer a, gconstpointer b)
{
	return *(const int *)a - *(const int *)b;
}

static void test_yoko_cases(void)
{
	/* hand-picked sets: mixed sizes, thirds with eighths, many eighths */
	static const int cases[][9] = {
	    /* n, sizes ... */
	    {3, 1, 2, 2},          /* 1/2 + 1/3 + 1/3 = 28 cells: two pages */
	    {4, 2, 2, 2, 4},       /* three thirds and an eighth */
	    {5, 1, 2, 4, 4, 4},    /* a half, a third, three eighths */
	    {6, 2, 2, 3, 3, 4, 4}, /* thirds and quarters */
	    {8, 4, 4, 4, 4, 4, 4, 4, 4},
	    {8, 1, 1, 3, 3, 3, 4, 4, 4},
	    {7, 0, 1, 2, 3, 3, 4, 4},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		int n = cases[i][0];
		const int *sizes = &cases[i][1];
		int got = yoko_pack(sizes, n);
		int want = yoko_optimum(sizes, n);
		if (got != want)
			g_error("case %zu: %d pages, the optimum is %d", i, got, want);
	}
}

static void test_yoko_random(void)
{
	GRand *rnd = g_rand_new_with_seed(20261201);
	for (int t = 0; t < 150; t++) {
		int n = g_rand_int_range(rnd, 1, 9);
		int sizes[16];
		for (int i = 0; i < n; i++)
			/* full pages are rare: mostly halves down to eighths */
			sizes[i] =
			    g_rand_int_range(rnd, 0, 20) == 0 ? 0 : g_rand_int_range(rnd, 1, 5);
		qsort(sizes, (size_t)n, sizeof(int), (int (*)(const void *, const void *))by_size);
		int got = yoko_pack(sizes, n);
		int want = yoko_optimum(sizes, n);
		if (got != want)
			g_error("random set %d (%d ads): %d pages, the optimum is %d", t, n, got,
			        want);
	}
	g_rand_free(rnd);
}

/* --- a 3 x 3 grid, every position tried ----------------------------------------- */

static const cp_adgrid_shape small_shapes[4][2] = {
    {{2, 2}, {0, 0}}, {{1, 2}, {2, 1}}, {{3, 1}, {1, 3}}, {{1, 1}, {0, 0}}};
static const int small_n[4] = {1, 2, 2, 1};

/* Pages are alike: an ad goes on a page already opened or the next one. */
static bool brute(bool *used, int k, const int *kinds, int n, int i, int opened)
{
	if (i == n)
		return true;
	for (int s = 0; s < small_n[kinds[i]]; s++) {
		cp_adgrid_shape sh = small_shapes[kinds[i]][s];
		for (int p = 0; p < k && p <= opened; p++)
			for (int r = 0; r + sh.h <= 3; r++)
				for (int c = 0; c + sh.w <= 3; c++) {
					bool free_here = true;
					for (int y = r; y < r + sh.h; y++)
						for (int x = c; x < c + sh.w; x++)
							free_here =
							    free_here && !used[p * 9 + y * 3 + x];
					if (!free_here)
						continue;
					for (int y = r; y < r + sh.h; y++)
						for (int x = c; x < c + sh.w; x++)
							used[p * 9 + y * 3 + x] = true;
					bool ok =
					    brute(used, k, kinds, n, i + 1, MAX(opened, p + 1));
					for (int y = r; y < r + sh.h; y++)
						for (int x = c; x < c + sh.w; x++)
							used[p * 9 + y * 3 + x] = false;
					if (ok)
						return true;
				}
	}
	return false;
}

static void test_small_grid(void)
{
	GRand *rnd = g_rand_new_with_seed(15);
	for (int t = 0; t < 120; t++) {
		int n = g_rand_int_range(rnd, 1, 7);
		int kinds[8];
		for (int i = 0; i < n; i++)
			kinds[i] = g_rand_int_range(rnd, 0, 4);
		qsort(kinds, (size_t)n, sizeof(int), (int (*)(const void *, const void *))by_size);
		cp_adgrid_item items[8];
		for (int i = 0; i < n; i++)
			items[i] = (cp_adgrid_item){small_shapes[kinds[i]], small_n[kinds[i]]};
		int got = pack_checked(3, 3, items, (size_t)n);
		int want = 0;
		int area = 0;
		for (int i = 0; i < n; i++)
			area += small_shapes[kinds[i]][0].w * small_shapes[kinds[i]][0].h;
		for (int k = (area + 8) / 9; k <= n && want == 0; k++) {
			bool used[8 * 9] = {0};
			if (brute(used, k, kinds, n, 0, 0))
				want = k;
		}
		if (got != want)
			g_error("3x3 set %d (%d ads): %d pages, the optimum is %d", t, n, got,
			        want);
	}
	g_rand_free(rnd);
}

/* Nothing to place: no pages. */
static void test_empty(void)
{
	bool proven = false;
	cp_adgrid_place p;
	g_assert_cmpint(cp_adgrid_pack(2, 12, NULL, 0, &p, &proven), ==, 0);
	g_assert_true(proven);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/adgrid/empty", test_empty);
	g_test_add_func("/adgrid/yoko-cases", test_yoko_cases);
	g_test_add_func("/adgrid/yoko-random", test_yoko_random);
	g_test_add_func("/adgrid/small-grid", test_small_grid);
	return g_test_run();
}
