/* dump.c - the display list as stable text, for golden tests and
 * `canpress dump --stage=dl` (CONTRIBUTING.md section 6).
 *
 * Format, one record per line:
 *
 *   title "..."            meta: title, author, subject, keywords, creator,
 *   ...                    date (from the issue, so stable), binding
 *   fonts:
 *     f0 Noto Serif CJK JP 400 9pt NotoSerifCJK-Regular.ttc#0
 *   images:
 *     i0 photos/a.jpg 600x800 jpeg
 *   artworks:              (only when there are any)
 *     a0 ads/sakura.pdf#1 182x128.5
 *   page 3 label "3" 595.28x841.89 bleed 8.5 [blank]
 *     glyphs f0 x=56.69 y=120.45 w=221.1 color=#000000 n=24 [vertical|rotated|tcy] "text"
 * [line=...] [annotation] [squeeze=0.47] image i0 frame=(x,y,w,h) draw=(x,y,w,h) rule
 * (x0,y0)-(x1,y1) w=0.28 color=cmyk(0,55,65,15) rect (x,y,w,h) fill=#ffffff|none
 * stroke=#000000/0.5|none link (x,y,w,h) uri="..."  or  link (x,y,w,h) page=4 outline 1 "title"
 * y=56.69 artwork a0 frame=(x,y,w,h) draw=(x,y,w,h)
 *
 * Numbers go through cp_fmt_pt (C locale, at most two decimals), never
 * printf's %f. n is the glyph count. Page numbers (in "page N" and in an
 * internal link's page=N) are 1-based physical pages; the struct's link
 * target is 0-based. Glyph ids and positions are left out of cp_dl_dump
 * (they depend on the font version); cp_dl_dump_glyphs adds them, one line
 * per run after its glyphs line:
 *       ids 1234@0 1250@9 ...   (id@x, or id@x,y when y is not 0)
 *       clusters 3:1 3:1 ...    (bytes:glyphs) */
#include "displist/displist.h"

#include "base/text.h"

#include <inttypes.h>
#include <string.h>

#include "base/units.h"

static void put_str(FILE *f, const char *s)
{
	cp_text_put_quoted(f, s, s != NULL ? strlen(s) : 0);
}

/* cp_fmt_pt into a caller's buffer; four of them cover a rectangle. */
#define PT(buf, v) cp_fmt_pt((buf), (v))

static void put_box(FILE *f, double x, double y, double w, double h)
{
	char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
	char c[G_ASCII_DTOSTR_BUF_SIZE], e[G_ASCII_DTOSTR_BUF_SIZE];
	fprintf(f, "(%s,%s,%s,%s)", PT(a, x), PT(b, y), PT(c, w), PT(e, h));
}

static void dump_glyph_detail(FILE *f, const cp_dl_glyphs *g)
{
	char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
	fputs("    ids", f);
	for (uint32_t i = 0; i < g->n_glyphs; i++) {
		const cp_dl_glyph *gl = &g->glyphs[i];
		if (PT(b, gl->y)[0] == '0' && b[1] == '\0')
			fprintf(f, " %" PRIu32 "@%s", gl->id, PT(a, gl->x));
		else
			fprintf(f, " %" PRIu32 "@%s,%s", gl->id, PT(a, gl->x), b);
	}
	fputs("\n    clusters", f);
	for (uint32_t i = 0; i < g->n_clusters; i++)
		fprintf(f, " %" PRIu32 ":%" PRIu32, g->clusters[i].n_bytes,
		        g->clusters[i].n_glyphs);
	fputc('\n', f);
}

static void dump_item(FILE *f, const cp_dl_item *it, bool glyph_detail)
{
	char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
	char c[G_ASCII_DTOSTR_BUF_SIZE], e[G_ASCII_DTOSTR_BUF_SIZE];
	char col[40], col2[40];
	fprintf(f, "  %s ", cp_dl_kind_names[it->kind]);
	switch (it->kind) {
	case CP_DL_GLYPHS: {
		const cp_dl_glyphs *g = &it->u.glyphs;
		fprintf(f, "f%" PRIu32 " x=%s y=%s w=%s color=%s n=%" PRIu32 "%s ", g->font,
		        PT(a, g->x), PT(b, g->y), PT(c, g->width), cp_color_format(&g->color, col),
		        g->n_glyphs,
		        g->vertical           ? " vertical"
		        : g->rotated          ? " rotated"
		        : g->in_vertical_line ? " tcy"
		                              : "");
		cp_text_put_quoted(f, g->text, g->n_text);
		if (g->justified || g->broken)
			fprintf(f, " line=%s%s measure=%s..%s hang=%s", g->justified ? "j" : "",
			        g->broken ? "b" : "", PT(a, g->line_x0), PT(b, g->line_x1),
			        PT(c, g->hang));
		if (g->annotation)
			fputs(" annotation", f);
		if (g->squeeze > 0.0 && g->squeeze < 1.0)
			fprintf(f, " squeeze=%s", PT(a, g->squeeze));
		fputc('\n', f);
		if (glyph_detail)
			dump_glyph_detail(f, g);
		return;
	}
	case CP_DL_IMAGE: {
		const cp_dl_image *im = &it->u.image;
		fprintf(f, "i%" PRIu32 " frame=", im->image);
		put_box(f, im->fx, im->fy, im->fw, im->fh);
		fputs(" draw=", f);
		put_box(f, im->x, im->y, im->w, im->h);
		break;
	}
	case CP_DL_RULE: {
		const cp_dl_rule *r = &it->u.rule;
		fprintf(f, "(%s,%s)-(%s,%s)", PT(a, r->x0), PT(b, r->y0), PT(c, r->x1),
		        PT(e, r->y1));
		fprintf(f, " w=%s color=%s", PT(a, r->width), cp_color_format(&r->color, col));
		break;
	}
	case CP_DL_RECT: {
		const cp_dl_rect *r = &it->u.rect;
		put_box(f, r->x, r->y, r->w, r->h);
		fprintf(f, " fill=%s", r->fill ? cp_color_format(&r->fill_color, col) : "none");
		if (r->stroke_width > 0)
			fprintf(f, " stroke=%s/%s", cp_color_format(&r->stroke_color, col2),
			        PT(a, r->stroke_width));
		else
			fputs(" stroke=none", f);
		break;
	}
	case CP_DL_LINK: {
		const cp_dl_link *l = &it->u.link;
		put_box(f, l->x, l->y, l->w, l->h);
		if (l->uri != NULL) {
			fputs(" uri=", f);
			put_str(f, l->uri);
		} else {
			fprintf(f, " page=%" PRId32, l->page + 1);
		}
		break;
	}
	case CP_DL_OUTLINE: {
		const cp_dl_outline *o = &it->u.outline;
		fprintf(f, "%d ", o->level);
		put_str(f, o->title);
		fprintf(f, " y=%s", PT(a, o->y));
		break;
	}
	case CP_DL_ARTWORK: {
		const cp_dl_artwork *aw = &it->u.artwork;
		fprintf(f, "a%" PRIu32 " frame=", aw->artwork);
		put_box(f, aw->fx, aw->fy, aw->fw, aw->fh);
		fputs(" draw=", f);
		put_box(f, aw->x, aw->y, aw->w, aw->h);
		break;
	}
	case CP_DL_KIND_COUNT:
		g_assert_not_reached();
	}
	fputc('\n', f);
}

static void dump(const cp_dl *dl, FILE *f, bool glyph_detail)
{
	/* meta: every field, quoted, so an empty one is visible */
	static const char *const meta_names[] = {"title",    "author",  "subject",
	                                         "keywords", "creator", "date"};
	const char *const meta_values[] = {dl->meta.title,    dl->meta.author,  dl->meta.subject,
	                                   dl->meta.keywords, dl->meta.creator, dl->meta.date};
	for (size_t i = 0; i < G_N_ELEMENTS(meta_names); i++) {
		fprintf(f, "%s ", meta_names[i]);
		put_str(f, meta_values[i]);
		fputc('\n', f);
	}
	fprintf(f, "binding %s\n", dl->right_bound ? "right" : "left");

	/* the tables items refer to by index */
	char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
	char c[G_ASCII_DTOSTR_BUF_SIZE];
	fputs("fonts:\n", f);
	for (guint i = 0; i < dl->fonts->len; i++) {
		const cp_dl_font *font = &g_array_index(dl->fonts, cp_dl_font, i);
		fprintf(f, "  f%u %s %s\n", i, font->desc, font->file);
	}
	fputs("images:\n", f);
	for (guint i = 0; i < dl->images->len; i++) {
		const cp_dl_image_src *im = &g_array_index(dl->images, cp_dl_image_src, i);
		fprintf(f, "  i%u %s %" PRIu32 "x%" PRIu32 " %s\n", i, im->path, im->px_w, im->px_h,
		        im->jpeg ? "jpeg" : "png");
	}
	if (dl->artworks->len > 0)
		fputs("artworks:\n", f);
	for (guint i = 0; i < dl->artworks->len; i++) {
		const cp_dl_artwork_src *aw = &g_array_index(dl->artworks, cp_dl_artwork_src, i);
		fprintf(f, "  a%u %s#%d %sx%s\n", i, aw->path, aw->page, PT(a, aw->width),
		        PT(b, aw->height));
	}

	/* the pages, items in painting order */
	for (guint i = 0; i < dl->pages->len; i++) {
		const cp_dl_page *page = g_ptr_array_index(dl->pages, i);
		fprintf(f, "page %d label ", page->number);
		put_str(f, page->label);
		fprintf(f, " %sx%s bleed %s%s\n", PT(a, page->width), PT(b, page->height),
		        PT(c, page->bleed), page->blank ? " blank" : "");
		for (size_t j = 0; j < cp_dl_item_count(page); j++)
			dump_item(f, cp_dl_item_get(page, j), glyph_detail);
	}
}

void cp_dl_dump(const cp_dl *dl, FILE *f)
{
	dump(dl, f, false);
}

void cp_dl_dump_glyphs(const cp_dl *dl, FILE *f)
{
	dump(dl, f, true);
}
