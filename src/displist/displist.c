/* displist.c - the page display list as a container: the root, its pages and
 * items, and the font and image tables that items index.
 *
 * This is a contract, not a stage: it holds what compose decided and offers
 * no layout logic. It knows Pango only to keep font references and to
 * describe a font for dumps (family, weight, size and the file fontconfig
 * chose); it knows nothing of Cairo, YAML or the model.
 *
 * Memory: everything but the GLib containers lives in dl->arena, but the
 * items and what only they point to, which live in dl->item_arena (a page
 * flowed again gives its dropped items' memory back, cp_dl_page_rewind). The pages
 * array, each page's item array, the font table (one PangoFont reference per
 * entry) and the image table are released by cp_dl_free. */
#include "displist/displist.h"

#include <string.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-font.h>

#include "base/units.h"

const char *const cp_dl_kind_names[CP_DL_KIND_COUNT] = {
    [CP_DL_GLYPHS] = "glyphs",   [CP_DL_IMAGE] = "image", [CP_DL_RULE] = "rule",
    [CP_DL_RECT] = "rect",       [CP_DL_LINK] = "link",   [CP_DL_OUTLINE] = "outline",
    [CP_DL_ARTWORK] = "artwork",
};
_Static_assert(sizeof cp_dl_kind_names / sizeof cp_dl_kind_names[0] == CP_DL_KIND_COUNT,
               "one name per display list item kind");

/* The root lives in its own arena, so one cp_arena_free releases it. */
cp_dl *cp_dl_new(void)
{
	cp_arena *arena = cp_arena_new();
	cp_dl *dl = cp_arena_new0(arena, cp_dl, 1);
	dl->arena = arena;
	dl->item_arena = cp_arena_new_large();
	dl->pages = g_ptr_array_new();
	dl->fonts = g_array_new(FALSE, TRUE, sizeof(cp_dl_font));
	dl->images = g_array_new(FALSE, TRUE, sizeof(cp_dl_image_src));
	dl->artworks = g_array_new(FALSE, TRUE, sizeof(cp_dl_artwork_src));
	return dl;
}

void cp_dl_free(cp_dl *dl)
{
	if (dl == NULL)
		return;
	/* the containers first: the pages and the root itself are arena memory */
	for (guint i = 0; i < dl->pages->len; i++) {
		cp_dl_page *page = g_ptr_array_index(dl->pages, i);
		g_ptr_array_free(page->items, TRUE);
	}
	g_ptr_array_free(dl->pages, TRUE);
	for (guint i = 0; i < dl->fonts->len; i++)
		g_object_unref(g_array_index(dl->fonts, cp_dl_font, i).font);
	g_array_free(dl->fonts, TRUE);
	g_array_free(dl->images, TRUE);
	g_array_free(dl->artworks, TRUE);
	if (dl->font_ids != NULL)
		g_hash_table_destroy(dl->font_ids);
	if (dl->adopted != NULL)
		g_ptr_array_free(dl->adopted, TRUE);
	cp_arena_free(dl->item_arena);
	cp_arena_free(dl->arena);
}

void cp_dl_adopt(cp_dl *dl, cp_dl *frag)
{
	g_assert(dl != frag && frag != NULL);
	if (dl->adopted == NULL)
		dl->adopted = g_ptr_array_new_with_free_func((GDestroyNotify)cp_dl_free);
	g_ptr_array_add(dl->adopted, frag);
}

/* Pages are numbered in the order they are added: physical page order. */
cp_dl_page *cp_dl_page_add(cp_dl *dl, double width, double height, double bleed, const char *label)
{
	cp_dl_page *page = cp_arena_new0(dl->arena, cp_dl_page, 1);
	page->width = width;
	page->height = height;
	page->bleed = bleed;
	page->label = cp_arena_strdup(dl->arena, label != NULL ? label : "");
	page->number = (int)dl->pages->len + 1;
	page->items = g_ptr_array_new();
	page->arena = dl->item_arena;
	page->dl = dl;
	g_ptr_array_add(dl->pages, page);
	return page;
}

/* Accessors: compose and the renderers go through these, not dl->pages. */
size_t cp_dl_page_count(const cp_dl *dl)
{
	return dl->pages->len;
}

cp_dl_page *cp_dl_page_get(const cp_dl *dl, size_t i)
{
	g_assert(i < dl->pages->len);
	return g_ptr_array_index(dl->pages, i);
}

cp_dl_item *cp_dl_item_add(cp_dl_page *page, cp_dl_kind kind)
{
	g_assert(kind < CP_DL_KIND_COUNT);
	/* items are arena memory, one allocation each, and the page keeps
	 * pointers: growing the page's array moves the pointers, never the
	 * items, so a caller may hold an item while it adds the next */
	cp_dl_item *item = cp_arena_new0(page->arena, cp_dl_item, 1);
	item->kind = kind;
	/* page 0 is a real target, so "no page" has to be said explicitly */
	if (kind == CP_DL_LINK)
		item->u.link.page = -1;
	g_ptr_array_add(page->items, item);
	page->adds++;
	page->dl->item_adds++;
	return item;
}

size_t cp_dl_item_count(const cp_dl_page *page)
{
	return page->items->len;
}

cp_dl_item *cp_dl_item_get(const cp_dl_page *page, size_t i)
{
	g_assert(i < page->items->len);
	return g_ptr_array_index(page->items, i);
}

cp_dl_page_mark cp_dl_page_mark_get(const cp_dl_page *page)
{
	return (cp_dl_page_mark){page->items->len, page->adds, page->dl->item_adds,
	                         cp_arena_mark_get(page->arena)};
}

void cp_dl_page_rewind(cp_dl_page *page, cp_dl_page_mark m)
{
	g_assert(m.items <= page->items->len);
	/* no other page got an item since the mark: all the arena gives back
	 * is this page's */
	g_assert(page->dl->item_adds - m.list_adds == page->adds - m.adds);
	g_ptr_array_set_size(page->items, (guint)m.items);
	cp_arena_rewind(page->arena, m.arena);
}

/* The font file as "NotoSerifCJK-Regular.ttc#0": what fontconfig chose, so a
 * dump shows a fallback that the family name would hide. Fonts that do not
 * come from fontconfig (none in canpress) are shown as "?". */
static const char *font_file(cp_dl *dl, PangoFont *font)
{
	if (!PANGO_IS_FC_FONT(font))
		return "?";
	FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
	FcChar8 *file = NULL;
	int index = 0;
	if (pat == NULL || FcPatternGetString(pat, FC_FILE, 0, &file) != FcResultMatch)
		return "?";
	/* the face index tells which face of a .ttc collection was taken */
	if (FcPatternGetInteger(pat, FC_INDEX, 0, &index) != FcResultMatch)
		index = 0;
	g_autofree char *base = g_path_get_basename((const char *)file);
	return cp_arena_printf(dl->arena, "%s#%d", base, index);
}

/* The font's fontconfig pattern, or NULL. */
static FcPattern *font_pattern(PangoFont *font)
{
	return PANGO_IS_FC_FONT(font) ? pango_fc_font_get_pattern(PANGO_FC_FONT(font)) : NULL;
}

/* The entry that font is another font map's object for (the same pattern,
 * description and size), or -1. */
static int font_alias(const cp_dl *dl, PangoFont *font, const cp_dl_font *e)
{
	FcPattern *pat = font_pattern(font);
	if (pat == NULL)
		return -1;
	for (guint i = 0; i < dl->fonts->len; i++) {
		const cp_dl_font *f = &g_array_index(dl->fonts, cp_dl_font, i);
		if (f->size != e->size || strcmp(f->desc, e->desc) != 0 ||
		    strcmp(f->file, e->file) != 0)
			continue;
		FcPattern *fp = font_pattern(f->font);
		if (fp != NULL && FcPatternEqual(fp, pat))
			return (int)i;
	}
	return -1;
}

uint32_t cp_dl_font_add(cp_dl *dl, PangoFont *font)
{
	g_assert(font != NULL);
	/* Pango's font map hands out one object per face and size: the
	 * object is the key, and a font of another font map aliases the
	 * entry of the same face and size */
	if (dl->font_ids == NULL)
		dl->font_ids =
		    g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref, NULL);
	gpointer got = g_hash_table_lookup(dl->font_ids, font);
	if (got != NULL)
		return (uint32_t)GPOINTER_TO_UINT(got) - 1;

	/* describe it the way dumps print it: family, CSS weight, size in pt */
	PangoFontDescription *desc = pango_font_describe(font);
	double size = pango_font_description_get_size(desc) / (double)PANGO_SCALE;
	const char *family = pango_font_description_get_family(desc);
	char num[G_ASCII_DTOSTR_BUF_SIZE];
	cp_dl_font entry = {
	    .font = font,
	    .desc =
	        cp_arena_printf(dl->arena, "%s %d %spt", family != NULL ? family : "?",
	                        (int)pango_font_description_get_weight(desc), cp_fmt_pt(num, size)),
	    .file = font_file(dl, font),
	    .size = size,
	};
	pango_font_description_free(desc);
	int idx = font_alias(dl, font, &entry);
	if (idx < 0) {
		entry.font = g_object_ref(font);
		g_array_append_val(dl->fonts, entry);
		idx = (int)dl->fonts->len - 1;
	}
	g_hash_table_insert(dl->font_ids, g_object_ref(font), GUINT_TO_POINTER((guint)idx + 1));
	return (uint32_t)idx;
}

uint32_t cp_dl_image_add(cp_dl *dl, const char *path, uint32_t px_w, uint32_t px_h, bool jpeg)
{
	g_assert(path != NULL);
	/* dedup by path, so a photo used twice is one entry (and one PDF object) */
	for (guint i = 0; i < dl->images->len; i++)
		if (strcmp(g_array_index(dl->images, cp_dl_image_src, i).path, path) == 0)
			return i;
	cp_dl_image_src src = {
	    .path = cp_arena_strdup(dl->arena, path),
	    .px_w = px_w,
	    .px_h = px_h,
	    .jpeg = jpeg,
	};
	g_array_append_val(dl->images, src);
	return dl->images->len - 1;
}

uint32_t cp_dl_artwork_add(cp_dl *dl, const char *path, int page, double width, double height)
{
	g_assert(path != NULL);
	for (guint i = 0; i < dl->artworks->len; i++) {
		const cp_dl_artwork_src *a = &g_array_index(dl->artworks, cp_dl_artwork_src, i);
		if (a->page == page && strcmp(a->path, path) == 0)
			return i;
	}
	cp_dl_artwork_src src = {
	    .path = cp_arena_strdup(dl->arena, path),
	    .page = page,
	    .width = width,
	    .height = height,
	};
	g_array_append_val(dl->artworks, src);
	return dl->artworks->len - 1;
}

char *cp_dl_strdup(cp_dl *dl, const char *s)
{
	return cp_arena_strdup(dl->arena, s);
}
