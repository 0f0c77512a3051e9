/* adgrid.h - packing ads into the cells of a page grid (issue 15): the
 * fewest pages, largest first. Pure arithmetic on cells, no model, no
 * points: compose/ads.c hands it the ads' frames, tests check it against
 * an independent optimum. */
#ifndef CP_COMPOSE_ADGRID_H
#define CP_COMPOSE_ADGRID_H

#include <stdbool.h>
#include <stddef.h>

/* A frame in cells: w columns, h rows. */
typedef struct cp_adgrid_shape {
	int w, h;
} cp_adgrid_shape;

/* An item to place: one of its shapes (in order of preference). Items with
 * the same shapes are interchangeable; the packer keeps their order. */
typedef struct cp_adgrid_item {
	const cp_adgrid_shape *shapes;
	int n_shapes;
} cp_adgrid_item;

/* Where an item went: page (0-based), top-left cell, the shape used. */
typedef struct cp_adgrid_place {
	int page;
	int col, row;
	int w, h;
} cp_adgrid_place;

/* Largest grid handled (cells across and down). */
#define CP_ADGRID_MAX 24

/* Packs items (sorted largest first by the caller) into pages of cols x
 * rows cells, as few pages as possible: first fit, and when that leaves
 * more pages than the cells need, an exhaustive search (each page filled
 * from its first free cell) for fewer, within a bounded number of steps.
 * Every item must have a shape that fits the grid. out[i] is item i's place.
 * Returns the number of pages; *proven is true when no packing has fewer
 * (the cells' lower bound is met, or the search finished). Deterministic:
 * the same items give the same places. */
int cp_adgrid_pack(int cols, int rows, const cp_adgrid_item *items, size_t n, cp_adgrid_place *out,
                   bool *proven);

/* The free cells of one page as rectangles, row by row from the top left,
 * each as wide and then as tall as the free cells allow; used marks the
 * taken cells (used[row * cols + col]). Writes at most max rectangles and
 * returns how many there are. */
int cp_adgrid_free(int cols, int rows, const bool *used, cp_adgrid_place *out, int max);

#endif
