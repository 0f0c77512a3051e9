/* adgrid.c - the ad packer (adgrid.h). First fit in the given order is
 * what an editor would do by hand and is usually optimal; when it needs
 * more pages than the cells do, a search proves or finds better.
 *
 * The search fills the pages cell by cell in reading order: at the first
 * free cell, either an unplaced item starts there (its top-left corner), or
 * the cell stays empty. Any packing can be built this way (the item
 * covering the first free cell cannot start earlier, or it would already
 * be placed), so the search is complete; empty cells are paid from the
 * slack, the cells of k pages less the cells the items need, which bounds
 * it. Interchangeable items (the same shapes) are tried once per class. */
#include "compose/adgrid.h"

#include <string.h>

#include <glib.h>

/* Steps before the search gives up and keeps first fit's answer, for all
 * page counts tried together (well under a second; small sets finish long
 * before). */
#define SEARCH_BUDGET 400000

typedef struct packer {
	int cols, rows, cells;
	const cp_adgrid_item *items;
	size_t n;
	int *cls; /* item -> class */
	int n_cls;
	int *cls_first; /* class -> its items, in order: cls_items[cls_first[c] ..] */
	int *cls_items;
	int *cls_count;
	int *cls_next; /* next unplaced item of the class (index into its list) */
	int *min_area; /* per item */
	bool *used;    /* pages x cells */
	int pages;
	long steps;
	bool out_of_budget;
	cp_adgrid_place *place;
} packer;

static bool same_shapes(const cp_adgrid_item *a, const cp_adgrid_item *b)
{
	if (a->n_shapes != b->n_shapes)
		return false;
	for (int i = 0; i < a->n_shapes; i++)
		if (a->shapes[i].w != b->shapes[i].w || a->shapes[i].h != b->shapes[i].h)
			return false;
	return true;
}

static bool fits(const packer *P, const bool *page, int col, int row, cp_adgrid_shape s)
{
	if (col + s.w > P->cols || row + s.h > P->rows)
		return false;
	for (int r = row; r < row + s.h; r++)
		for (int c = col; c < col + s.w; c++)
			if (page[r * P->cols + c])
				return false;
	return true;
}

static void mark(const packer *P, bool *page, int col, int row, cp_adgrid_shape s, bool v)
{
	for (int r = row; r < row + s.h; r++)
		for (int c = col; c < col + s.w; c++)
			page[r * P->cols + c] = v;
}

/* --- first fit ------------------------------------------------------------- */

static int first_fit(packer *P, cp_adgrid_place *out)
{
	GArray *pages = g_array_new(FALSE, TRUE, sizeof(bool));
	int n_pages = 0;
	for (size_t i = 0; i < P->n; i++) {
		const cp_adgrid_item *it = &P->items[i];
		bool placed = false;
		for (int p = 0; p <= n_pages && !placed; p++) {
			if (p == n_pages) {
				g_array_set_size(pages, (guint)((n_pages + 1) * P->cells));
				n_pages++;
			}
			bool *page = (bool *)(void *)pages->data + (size_t)p * P->cells;
			for (int k = 0; k < it->n_shapes && !placed; k++)
				for (int cell = 0; cell < P->cells && !placed; cell++) {
					int col = cell % P->cols, row = cell / P->cols;
					if (!fits(P, page, col, row, it->shapes[k]))
						continue;
					mark(P, page, col, row, it->shapes[k], true);
					out[i] = (cp_adgrid_place){p, col, row, it->shapes[k].w,
					                           it->shapes[k].h};
					placed = true;
				}
		}
		g_assert(placed); /* every item has a shape inside the grid */
	}
	g_array_unref(pages);
	return n_pages;
}

/* --- the search ---------------------------------------------------------------- */

static bool search(packer *P, int pos, int left, int slack)
{
	if (left == 0)
		return true;
	if (++P->steps > SEARCH_BUDGET) {
		P->out_of_budget = true;
		return false;
	}
	int total = P->pages * P->cells;
	while (pos < total && P->used[pos])
		pos++;
	if (pos >= total)
		return false;
	int p = pos / P->cells;
	int cell = pos % P->cells;
	int col = cell % P->cols, row = cell / P->cols;
	bool *page = P->used + (size_t)p * P->cells;
	for (int c = 0; c < P->n_cls; c++) {
		if (P->cls_next[c] >= P->cls_count[c])
			continue;
		int item = P->cls_items[P->cls_first[c] + P->cls_next[c]];
		const cp_adgrid_item *it = &P->items[item];
		for (int k = 0; k < it->n_shapes; k++) {
			cp_adgrid_shape s = it->shapes[k];
			int extra = s.w * s.h - P->min_area[item];
			if (extra > slack || !fits(P, page, col, row, s))
				continue;
			mark(P, page, col, row, s, true);
			P->cls_next[c]++;
			P->place[item] = (cp_adgrid_place){p, col, row, s.w, s.h};
			if (search(P, pos + 1, left - 1, slack - extra))
				return true;
			P->cls_next[c]--;
			mark(P, page, col, row, s, false);
			if (P->out_of_budget)
				return false;
		}
	}
	/* the cell stays empty */
	if (slack > 0) {
		page[cell] = true;
		bool ok = search(P, pos + 1, left, slack - 1);
		page[cell] = false;
		return ok;
	}
	return false;
}

int cp_adgrid_pack(int cols, int rows, const cp_adgrid_item *items, size_t n, cp_adgrid_place *out,
                   bool *proven)
{
	g_assert(cols >= 1 && rows >= 1 && cols <= CP_ADGRID_MAX && rows <= CP_ADGRID_MAX);
	*proven = true;
	if (n == 0)
		return 0;
	packer P = {0};
	P.cols = cols;
	P.rows = rows;
	P.cells = cols * rows;
	P.items = items;
	P.n = n;
	P.min_area = g_new0(int, n);
	long need = 0;
	for (size_t i = 0; i < n; i++) {
		int a = G_MAXINT;
		for (int k = 0; k < items[i].n_shapes; k++)
			a = MIN(a, items[i].shapes[k].w * items[i].shapes[k].h);
		P.min_area[i] = a;
		need += a;
	}
	int bound = (int)((need + P.cells - 1) / P.cells);
	int best = first_fit(&P, out);
	if (best > bound) {
		/* classes of interchangeable items, in order of first use */
		P.cls = g_new0(int, n);
		P.cls_first = g_new0(int, n);
		P.cls_count = g_new0(int, n);
		P.cls_next = g_new0(int, n);
		P.cls_items = g_new0(int, n);
		for (size_t i = 0; i < n; i++) {
			int c = 0;
			while (c < P.n_cls &&
			       !same_shapes(&items[P.cls_items[P.cls_first[c]]], &items[i]))
				c++;
			if (c == P.n_cls) {
				P.n_cls++;
				P.cls_first[c] = (int)i; /* provisional: fixed below */
				P.cls_items[P.cls_first[c]] = (int)i;
			}
			P.cls[i] = c;
		}
		/* lay the classes' items out one class after another */
		int at = 0;
		for (int c = 0; c < P.n_cls; c++) {
			P.cls_count[c] = 0;
			for (size_t i = 0; i < n; i++)
				if (P.cls[i] == c)
					P.cls_count[c]++;
		}
		for (int c = 0; c < P.n_cls; c++) {
			P.cls_first[c] = at;
			for (size_t i = 0; i < n; i++)
				if (P.cls[i] == c)
					P.cls_items[at++] = (int)i;
		}
		P.place = g_new0(cp_adgrid_place, n);
		for (int k = bound; k < best; k++) {
			P.pages = k;
			P.used = g_new0(bool, (size_t)k *P.cells);
			memset(P.cls_next, 0, sizeof(int) * n);
			/* one budget for every k: the search never costs more */
			bool found = search(&P, 0, (int)n, (int)(k * P.cells - need));
			g_free(P.used);
			P.used = NULL;
			if (found) {
				memcpy(out, P.place, sizeof(cp_adgrid_place) * n);
				best = k;
				break;
			}
			if (P.out_of_budget) {
				*proven = false;
				break;
			}
		}
		g_free(P.cls);
		g_free(P.cls_first);
		g_free(P.cls_count);
		g_free(P.cls_next);
		g_free(P.cls_items);
		g_free(P.place);
	}
	g_free(P.min_area);
	return best;
}

int cp_adgrid_free(int cols, int rows, const bool *used, cp_adgrid_place *out, int max)
{
	bool taken[CP_ADGRID_MAX * CP_ADGRID_MAX];
	g_assert(cols <= CP_ADGRID_MAX && rows <= CP_ADGRID_MAX);
	memcpy(taken, used, sizeof(bool) * (size_t)(cols * rows));
	int count = 0;
	for (int cell = 0; cell < cols * rows; cell++) {
		if (taken[cell])
			continue;
		int col = cell % cols, row = cell / cols;
		int w = 0;
		while (col + w < cols && !taken[row * cols + col + w])
			w++;
		int h = 1;
		for (bool ok = true; ok && row + h < rows; h += ok) {
			for (int c = col; c < col + w && ok; c++)
				ok = !taken[(row + h) * cols + c];
		}
		for (int r = row; r < row + h; r++)
			for (int c = col; c < col + w; c++)
				taken[r * cols + c] = true;
		if (count < max)
			out[count] = (cp_adgrid_place){0, col, row, w, h};
		count++;
	}
	return count;
}
