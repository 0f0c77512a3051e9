/* displist.h - the page display list: what is on every page, in points on the
 * trimmed page (origin top-left, y down), ready for any renderer.
 * Audience: compose (builds it), render, cli and tests (read it). It holds
 * no layout logic and draws nothing.
 *
 * Ownership: cp_dl is one root. Items and what only an item points to (a
 * glyph run's text, glyphs and clusters, a link's URI) live in the pages'
 * arena (page->arena, dl->item_arena), which cp_dl_page_rewind takes back;
 * other strings and arrays live in dl->arena;
 * dl->pages is a GPtrArray of cp_dl_page* (arena memory) whose item arrays
 * are GPtrArrays of arena items, released by cp_dl_free; dl->fonts holds
 * one reference per PangoFont (released by cp_dl_free); items name fonts
 * and images by index. */
#ifndef CP_DISPLIST_DISPLIST_H
#define CP_DISPLIST_DISPLIST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <glib.h>
#include <pango/pango.h>

#include "base/arena.h"
#include "base/color.h"
#include "base/span.h"

typedef enum cp_dl_kind {
	CP_DL_GLYPHS,  /* a run of positioned glyphs in one font */
	CP_DL_IMAGE,   /* an image scaled into a rectangle, clipped to a frame */
	CP_DL_RULE,    /* a straight line */
	CP_DL_RECT,    /* a filled and/or stroked rectangle */
	CP_DL_LINK,    /* a clickable area (URI or page) */
	CP_DL_OUTLINE, /* a bookmark entry pointing here */
	CP_DL_ARTWORK, /* a page of a supplied PDF, placed whole, clipped to a frame */
	CP_DL_KIND_COUNT
} cp_dl_kind;

typedef struct cp_dl_glyph {
	uint32_t id; /* glyph index in the font */
	double x, y; /* glyph origin relative to the run's origin */
} cp_dl_glyph;

/* As cairo_text_cluster_t: n_bytes of text map to n_glyphs glyphs. */
typedef struct cp_dl_cluster {
	uint32_t n_bytes;
	uint32_t n_glyphs;
} cp_dl_cluster;

/* Glyph runs of vertical lines (tategaki, compose's
 * cp_compose_emit_line_v) come in three kinds:
 *   vertical  upright glyphs with the font's vertical forms and vertical
 *             metrics: (x, y) is the run's top on the line's centre axis,
 *             width its advance down the page, and each glyph's (x, y) the
 *             page offset of its horizontal origin (the point a horizontal
 *             renderer puts the glyph at) from the run's (x, y); a PDF
 *             writes them with a vertical (Identity-V) font;
 *   rotated   horizontal glyphs turned 90 degrees clockwise about (x, y),
 *             the start of their baseline: the glyphs' (x, y) are in the
 *             turned frame (x along the baseline, down the page; y below
 *             it, to the left on the page), width the advance down the page;
 *   neither   a tate-chu-yoko number: ordinary horizontal glyphs whose
 *             offsets already centre them on the axis (no flag of its own).
 * Horizontal runs have neither flag. */
typedef struct cp_dl_glyphs {
	uint32_t font; /* index into dl->fonts */
	double x, y;   /* baseline origin */
	double width;  /* advance of the whole run */
	cp_color color;
	const char *text; /* UTF-8, the characters these glyphs show */
	uint32_t n_text;  /* bytes */
	cp_dl_glyph *glyphs;
	uint32_t n_glyphs;
	cp_dl_cluster *clusters;
	uint32_t n_clusters;
	bool vertical; /* upright glyphs of a vertical line (above) */
	/* The composed line this run belongs to (issue 3, for checks):
	 * justified when it was set flush to its measure [line_x0, line_x1],
	 * broken when it starts after a break the composer chose (kinsoku
	 * applies to its first character); hang is the width of a hanging
	 * mark past line_x1 (0 if none). */
	bool justified;
	bool broken;
	double line_x0, line_x1;
	double hang;
	bool rotated; /* turned 90 degrees clockwise (above) */
	/* A run of a vertical line (vertical, rotated or tate-chu-yoko):
	 * line_x0 and line_x1 are then page y coordinates, the measure's top
	 * and bottom, and hang runs past the bottom. */
	bool in_vertical_line;
	bool annotation; /* ruby or emphasis dots over a line's text (issue 14) */
	/* A tate-chu-yoko number wider than the em it stands in (three or four
	 * digits in a font without third- or quarter-width forms) is drawn
	 * this much narrower across the line, about the line's axis x (glyph
	 * offsets included); 0 or 1: as shaped. */
	double squeeze;
} cp_dl_glyphs;

typedef struct cp_dl_image {
	uint32_t image;        /* index into dl->images */
	double fx, fy, fw, fh; /* the frame: the image is clipped to it */
	double x, y, w, h;     /* where the whole image is drawn (may exceed the frame) */
} cp_dl_image;

typedef struct cp_dl_rule {
	double x0, y0, x1, y1;
	double width;
	cp_color color;
} cp_dl_rule;

typedef struct cp_dl_rect {
	double x, y, w, h;
	bool fill;
	cp_color fill_color;
	double stroke_width; /* 0: no stroke */
	cp_color stroke_color;
} cp_dl_rect;

typedef struct cp_dl_link {
	double x, y, w, h;
	const char *uri; /* NULL for an internal link */
	int32_t page;    /* 0-based target page for an internal link, else -1 */
} cp_dl_link;

typedef struct cp_dl_outline {
	int level; /* 1 = top */
	const char *title;
	double y; /* where on this page the entry points */
} cp_dl_outline;

/* A supplied PDF page (an advertiser's artwork, issue 15): the PDF writer
 * embeds it untouched as a form XObject (its own fonts, vectors and CMYK
 * values), the previews draw the page itself. Its box (TrimBox, else
 * CropBox, else MediaBox) is drawn at x, y, w, h, scaled from its size in
 * dl->artworks when w, h differ; anything outside the frame is clipped. */
typedef struct cp_dl_artwork {
	uint32_t artwork;      /* index into dl->artworks */
	double fx, fy, fw, fh; /* the frame: the artwork is clipped to it */
	double x, y, w, h;     /* where its box is drawn */
} cp_dl_artwork;

typedef struct cp_dl_item {
	cp_dl_kind kind;
	union {
		cp_dl_glyphs glyphs;
		cp_dl_image image;
		cp_dl_rule rule;
		cp_dl_rect rect;
		cp_dl_link link;
		cp_dl_outline outline;
		cp_dl_artwork artwork;
	} u;
} cp_dl_item;

typedef struct cp_dl_page {
	double width, height; /* trim size, points */
	double bleed;         /* per side, points */
	const char *label;    /* page label (the folio as printed), never NULL */
	/* Compose printed the label as the page's folio. The one place the rule
	 * "which pages show a folio" (not the cover, not blank pages) is
	 * decided; the press PDF draws a hidden folio where this is false. */
	bool folio_printed;
	int number; /* 1-based physical page number */
	bool blank; /* padding page added to reach a multiple of 4 */
	/* cp_dl_item *, in painting order. Each item is arena memory and never
	 * moves, so a pointer from cp_dl_item_add stays valid while more items
	 * are added (issue 10: a pointer into a growing array of items was
	 * kept across an add). Read through cp_dl_item_count/cp_dl_item_get. */
	GPtrArray *items;
	/* the list's item arena, where cp_dl_item_add puts items and compose
	 * what they point to (and nothing else: see cp_dl_page_rewind) */
	cp_arena *arena;
	struct cp_dl *dl; /* the list the page is of */
	size_t adds;      /* items cp_dl_item_add put on the page, ever */
} cp_dl_page;

typedef struct cp_dl_font {
	PangoFont *font;  /* one reference held by the display list */
	const char *desc; /* "Noto Serif CJK JP 400 9pt" for dumps */
	const char *file; /* the font file (basename) and face index, for dumps */
	double size;      /* points */
} cp_dl_font;

typedef struct cp_dl_image_src {
	const char *path;
	uint32_t px_w, px_h;
	bool jpeg;
	/* where the issue first names it (zeroed when unknown), so an image
	 * that fails only when render decodes it is reported at that line */
	cp_span span;
} cp_dl_image_src;

/* A supplied PDF page an artwork item draws: the file, the page, and its
 * box's size, which the press step read before compose (the writer is
 * given the page itself, cp_pdf_opts.forms). */
typedef struct cp_dl_artwork_src {
	const char *path;
	int page;             /* 1-based */
	double width, height; /* the box at 100 %, points */
	cp_span span;         /* where the issue names it (zeroed when unknown) */
	/* the box's top-left from the page's CropBox top-left (y down): where
	 * a renderer that draws the CropBox finds the box */
	double crop_x, crop_y;
} cp_dl_artwork_src;

typedef struct cp_dl_meta {
	const char *title;
	const char *author;
	const char *subject;
	const char *keywords;
	const char *creator;
	const char *date; /* ISO 8601, from the issue: "2026-12-01T00:00:00Z" */
} cp_dl_meta;

typedef struct cp_dl {
	cp_arena *arena;
	cp_arena *item_arena; /* the pages' (page->arena) */
	size_t item_adds;     /* items cp_dl_item_add put on any page, ever */
	GPtrArray *pages;     /* cp_dl_page * */
	GArray *fonts;        /* cp_dl_font */
	GArray *images;       /* cp_dl_image_src */
	cp_dl_meta meta;
	bool right_bound; /* binding on the right: spreads read right to left */
	GArray *artworks; /* cp_dl_artwork_src */
	/* cp_dl_font_add's index: PangoFont* (a reference held) -> its entry
	 * + 1, for every font added, those that alias an entry included */
	GHashTable *font_ids;
	/* display lists whose items were moved onto this one's pages
	 * (cp_dl_adopt): freed with it */
	GPtrArray *adopted;
} cp_dl;

cp_dl *cp_dl_new(void);
void cp_dl_free(cp_dl *dl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(cp_dl, cp_dl_free)

/* Appends a page; label is copied. */
cp_dl_page *cp_dl_page_add(cp_dl *dl, double width, double height, double bleed, const char *label);
size_t cp_dl_page_count(const cp_dl *dl);
cp_dl_page *cp_dl_page_get(const cp_dl *dl, size_t i);
/* Appends a zeroed item of kind to the page. The item lives in the page's
 * arena: the pointer stays valid for the life of the list, whatever is
 * added after it, until a rewind drops it (cp_dl_page_rewind). */
cp_dl_item *cp_dl_item_add(cp_dl_page *page, cp_dl_kind kind);
/* The page's items in painting order. */
size_t cp_dl_item_count(const cp_dl_page *page);
cp_dl_item *cp_dl_item_get(const cp_dl_page *page, size_t i);
/* Where a page stands, to come back to (compose flows a page again): its
 * item count and the pages' arena then. */
typedef struct cp_dl_page_mark {
	size_t items;
	size_t adds, list_adds; /* page->adds, dl->item_adds */
	cp_arena_mark arena;
} cp_dl_page_mark;
cp_dl_page_mark cp_dl_page_mark_get(const cp_dl_page *page);
/* Drops the page's items after mark m and gives their memory, and what
 * was allocated in page->arena since, back to the arena for the items that
 * follow. Nothing may point at a dropped item or into its memory any more,
 * and every item cp_dl_item_add gave since the mark must be this page's
 * (asserted): the arena is the whole list's. */
void cp_dl_page_rewind(cp_dl_page *page, cp_dl_page_mark m);

/* The index of font in the table, adding it (and a reference) when new.
 * One entry per face, size and variation: a font of another Pango font
 * map (a second thread's typesetter) whose fontconfig pattern equals an
 * entry's (the same file, face index, size and every other property) and
 * whose description and size print the same takes that entry. */
uint32_t cp_dl_font_add(cp_dl *dl, PangoFont *font);
/* The index of the image at path, adding it when new. */
uint32_t cp_dl_image_add(cp_dl *dl, const char *path, uint32_t px_w, uint32_t px_h, bool jpeg);

/* The index of page `page` of the PDF at path in the artwork table,
 * adding it when new. */
uint32_t cp_dl_artwork_add(cp_dl *dl, const char *path, int page, double width, double height);

/* Makes dl own frag, a display list whose items (in its arena) were moved
 * onto dl's pages with their font, image and artwork indexes made dl's:
 * frag is freed with dl, never before. */
void cp_dl_adopt(cp_dl *dl, cp_dl *frag);

/* Copies into the display list's arena. */
char *cp_dl_strdup(cp_dl *dl, const char *s);

/* Text dump: one item per line, points to 0.01, fonts by index and
 * description, no pointers and no dates. */
void cp_dl_dump(const cp_dl *dl, FILE *f);
/* The same, plus two lines per glyph run: "ids id@x ..." (id@x,y when y is
 * not 0) and "clusters bytes:glyphs ...", for typesetting tests. The format
 * is described at the top of displist/dump.c. */
void cp_dl_dump_glyphs(const cp_dl *dl, FILE *f);
/* Asserts the invariants (indexes in range, clusters cover text and glyphs). */
void cp_dl_check(const cp_dl *dl);

extern const char *const cp_dl_kind_names[CP_DL_KIND_COUNT];

#endif
