/* test_displist.c - the display list container, its text dump and its
 * invariant check.
 *
 * A real PangoFont comes from canpress's private fontconfig
 * (fonts/fonts.conf). The displist library knows Pango and fontconfig but
 * not Cairo (docs/architecture.md), so this test uses a PangoFT2 font map; it yields
 * the same PangoFcFont family of objects as the typesetter's PangoCairo map,
 * which is all the font table reads. */
#include "displist/displist.h"

#include <string.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>
#include <pango/pangoft2.h>

#include "cp_config.h"

typedef struct fixture {
	PangoFontMap *map;
	PangoContext *ctx;
} fixture;

static void fixture_setup(fixture *fx, gconstpointer data)
{
	FcConfig *cfg = FcConfigCreate();
	g_autofree char *conf = g_build_filename(CP_SOURCE_DIR, "fonts", "fonts.conf", NULL);
	g_assert_true(FcConfigParseAndLoad(cfg, (const FcChar8 *)conf, FcTrue));
	g_assert_true(FcConfigBuildFonts(cfg));
	fx->map = pango_ft2_font_map_new();
	pango_ft2_font_map_set_resolution(PANGO_FT2_FONT_MAP(fx->map), 72, 72);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fx->map), cfg);
	FcConfigDestroy(cfg);
	fx->ctx = pango_font_map_create_context(fx->map);
}

static void fixture_teardown(fixture *fx, gconstpointer data)
{
	g_clear_object(&fx->ctx);
	/* drop the map's font caches, which keep it alive otherwise */
	pango_fc_font_map_shutdown(PANGO_FC_FONT_MAP(fx->map));
	g_clear_object(&fx->map);
}

static PangoFont *load_font(fixture *fx, const char *desc_text)
{
	PangoFontDescription *desc = pango_font_description_from_string(desc_text);
	PangoFont *font = pango_font_map_load_font(fx->map, fx->ctx, desc);
	pango_font_description_free(desc);
	g_assert_nonnull(font);
	return font;
}

static char *dump_to_string(const cp_dl *dl, bool glyphs)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	g_assert_nonnull(f);
	if (glyphs)
		cp_dl_dump_glyphs(dl, f);
	else
		cp_dl_dump(dl, f);
	fclose(f);
	return buf;
}

/* A glyph run over text with one glyph per character at 9 pt steps. */
static void add_run(cp_dl *dl, cp_dl_page *page, uint32_t font, const char *text, double x,
                    double y)
{
	cp_dl_item *it = cp_dl_item_add(page, CP_DL_GLYPHS);
	cp_dl_glyphs *g = &it->u.glyphs;
	g->font = font;
	g->x = x;
	g->y = y;
	g->color = cp_color_gray(1.0);
	g->text = cp_dl_strdup(dl, text);
	g->n_text = (uint32_t)strlen(text);
	uint32_t n = (uint32_t)g_utf8_strlen(text, -1);
	g->glyphs = cp_arena_new0(dl->arena, cp_dl_glyph, n);
	g->clusters = cp_arena_new0(dl->arena, cp_dl_cluster, n);
	g->n_glyphs = n;
	g->n_clusters = n;
	const char *p = text;
	for (uint32_t i = 0; i < n; i++) {
		const char *next = g_utf8_next_char(p);
		g->glyphs[i].id = 100 + i;
		g->glyphs[i].x = 9.0 * i;
		g->clusters[i].n_bytes = (uint32_t)(next - p);
		g->clusters[i].n_glyphs = 1;
		p = next;
	}
	g->width = 9.0 * n;
}

/* Two pages with one item of every kind. */
static cp_dl *build_list(fixture *fx)
{
	cp_dl *dl = cp_dl_new();
	dl->meta.title = cp_dl_strdup(dl, "CAN 第12号");
	dl->meta.author = cp_dl_strdup(dl, "大阪ビジネスネットワーク");
	dl->meta.creator = cp_dl_strdup(dl, "canpress");
	dl->meta.date = cp_dl_strdup(dl, "2026-12-01T00:00:00Z");
	dl->right_bound = true;

	PangoFont *font = load_font(fx, "Noto Serif CJK JP 9");
	uint32_t f0 = cp_dl_font_add(dl, font);
	g_object_unref(font);
	uint32_t i0 = cp_dl_image_add(dl, "photos/shop.jpg", 600, 800, true);

	cp_dl_page *p1 = cp_dl_page_add(dl, 595.2756, 841.8898, 8.5039, "表紙");
	add_run(dl, p1, f0, "本文の\"テ\\スト\n", 56.6929, 120.449);
	cp_dl_item *it = cp_dl_item_add(p1, CP_DL_IMAGE);
	it->u.image = (cp_dl_image){i0, 10, 20, 100, 50, 10, 0, 100, 133.333};
	it = cp_dl_item_add(p1, CP_DL_RULE);
	it->u.rule = (cp_dl_rule){0, 30.5, 595.2756, 30.5, 0.2835, cp_color_cmyk(0, .55, .65, .15)};
	it = cp_dl_item_add(p1, CP_DL_RECT);
	it->u.rect = (cp_dl_rect){1, 2, 3, 4, true, cp_color_gray(0.0), 0.5, cp_color_gray(1.0)};
	it = cp_dl_item_add(p1, CP_DL_RECT);
	it->u.rect = (cp_dl_rect){5, 6, 7, 8, false, cp_color_gray(0.0), 0, cp_color_gray(1.0)};
	it = cp_dl_item_add(p1, CP_DL_LINK);
	it->u.link = (cp_dl_link){1, 2, 30, 10, cp_dl_strdup(dl, "https://can.example/"), -1};
	it = cp_dl_item_add(p1, CP_DL_LINK);
	it->u.link.x = 5;
	it->u.link.w = 10;
	it->u.link.h = 10;
	it->u.link.page = 1;
	it = cp_dl_item_add(p1, CP_DL_OUTLINE);
	it->u.outline = (cp_dl_outline){1, cp_dl_strdup(dl, "表紙"), 0};

	cp_dl_page *p2 = cp_dl_page_add(dl, 595.2756, 841.8898, 8.5039, "2");
	p2->blank = true;
	return dl;
}

static const char expected_dump[] =
    "title \"CAN 第12号\"\n"
    "author \"大阪ビジネスネットワーク\"\n"
    "subject \"\"\n"
    "keywords \"\"\n"
    "creator \"canpress\"\n"
    "date \"2026-12-01T00:00:00Z\"\n"
    "binding right\n"
    "fonts:\n"
    "  f0 Noto Serif CJK JP 400 9pt NotoSerifCJK-Regular.ttc#0\n"
    "images:\n"
    "  i0 photos/shop.jpg 600x800 jpeg\n"
    "page 1 label \"表紙\" 595.28x841.89 bleed 8.5\n"
    "  glyphs f0 x=56.69 y=120.45 w=81 color=cmyk(0,0,0,100) n=9 "
    "\"本文の\\\"テ\\\\スト\\n\"\n"
    "  image i0 frame=(10,20,100,50) draw=(10,0,100,133.33)\n"
    "  rule (0,30.5)-(595.28,30.5) w=0.28 color=cmyk(0,55,65,15)\n"
    "  rect (1,2,3,4) fill=cmyk(0,0,0,0) stroke=cmyk(0,0,0,100)/0.5\n"
    "  rect (5,6,7,8) fill=none stroke=none\n"
    "  link (1,2,30,10) uri=\"https://can.example/\"\n"
    "  link (5,0,10,10) page=2\n"
    "  outline 1 \"表紙\" y=0\n"
    "page 2 label \"2\" 595.28x841.89 bleed 8.5 blank\n";

static void test_dump(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_dl) dl = build_list(fx);
	cp_dl_check(dl);
	g_autofree char *text = dump_to_string(dl, false);
	g_assert_cmpstr(text, ==, expected_dump);
}

static void test_dump_glyphs(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_dl) dl = build_list(fx);
	g_autofree char *text = dump_to_string(dl, true);
	/* the glyph lines follow the run's line; everything else is unchanged */
	g_assert_nonnull(strstr(text, "\"本文の\\\"テ\\\\スト\\n\"\n"
	                              "    ids 100@0 101@9 102@18 103@27 104@36 105@45 106@54 "
	                              "107@63 108@72\n"
	                              "    clusters 3:1 3:1 3:1 1:1 3:1 1:1 3:1 3:1 1:1\n"
	                              "  image i0"));
	g_assert_null(strstr(expected_dump, "    ids"));
}

static void test_fonts(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_dl) dl = cp_dl_new();
	PangoFont *a = load_font(fx, "Noto Serif CJK JP 9");
	PangoFont *b = load_font(fx, "Noto Serif CJK JP 9");
	PangoFont *c = load_font(fx, "Noto Sans CJK JP Bold 13.5");

	/* the same face and size is one entry, whoever asks */
	g_assert_cmpuint(cp_dl_font_add(dl, a), ==, 0);
	g_assert_cmpuint(cp_dl_font_add(dl, b), ==, a == b ? 0 : 1);
	g_assert_cmpuint(cp_dl_font_add(dl, c), ==, dl->fonts->len - 1);
	g_assert_cmpuint(cp_dl_font_add(dl, a), ==, 0);
	g_assert_cmpuint(dl->fonts->len, ==, a == b ? 2 : 3);

	const cp_dl_font *fc = &g_array_index(dl->fonts, cp_dl_font, dl->fonts->len - 1);
	g_assert_cmpstr(fc->desc, ==, "Noto Sans CJK JP 700 13.5pt");
	g_assert_cmpstr(fc->file, ==, "NotoSansCJK-Bold.ttc#0");
	g_assert_cmpfloat_with_epsilon(fc->size, 13.5, 1e-9);

	/* the list holds its own reference: the fonts outlive ours */
	GWeakRef weak;
	g_weak_ref_init(&weak, c);
	g_object_unref(a);
	g_object_unref(b);
	g_object_unref(c);
	PangoFont *still = g_weak_ref_get(&weak);
	g_assert_nonnull(still);
	g_object_unref(still);
	g_weak_ref_clear(&weak);
}

static void test_images_pages(void)
{
	g_autoptr(cp_dl) dl = cp_dl_new();
	g_assert_cmpuint(cp_dl_image_add(dl, "a.jpg", 10, 20, true), ==, 0);
	g_assert_cmpuint(cp_dl_image_add(dl, "b.png", 30, 40, false), ==, 1);
	g_assert_cmpuint(cp_dl_image_add(dl, "a.jpg", 10, 20, true), ==, 0);
	g_assert_cmpuint(dl->images->len, ==, 2);

	g_assert_cmpuint(cp_dl_page_count(dl), ==, 0);
	cp_dl_page *p = cp_dl_page_add(dl, 100, 200, 0, NULL);
	g_assert_cmpstr(p->label, ==, "");
	g_assert_cmpint(p->number, ==, 1);
	cp_dl_page *q = cp_dl_page_add(dl, 100, 200, 0, "ii");
	g_assert_cmpint(q->number, ==, 2);
	g_assert_true(cp_dl_page_get(dl, 1) == q);
	g_assert_cmpuint(cp_dl_page_count(dl), ==, 2);

	/* items are zeroed; an internal link starts with no target */
	cp_dl_item *it = cp_dl_item_add(p, CP_DL_LINK);
	g_assert_cmpint(it->kind, ==, CP_DL_LINK);
	g_assert_cmpint(it->u.link.page, ==, -1);
	it = cp_dl_item_add(p, CP_DL_RULE);
	g_assert_cmpfloat(it->u.rule.width, ==, 0);
	g_assert_cmpuint(cp_dl_item_count(p), ==, 2);

	for (int k = 0; k < CP_DL_KIND_COUNT; k++)
		g_assert_nonnull(cp_dl_kind_names[k]);
	g_assert_cmpstr(cp_dl_kind_names[CP_DL_OUTLINE], ==, "outline");
	cp_dl_free(NULL);
}

/* cp_dl_check must catch a broken list: run each breakage in a subprocess. */
/* Issue 10: compose held a run's item while it added the run's link, and
 * the page's item array moved under it. Items never move now: a pointer
 * held across thousands of adds is still the page's item, and what is
 * written through it after the adds is what the page holds. */
static void test_items_stay(void)
{
	g_autoptr(cp_dl) dl = cp_dl_new();
	cp_dl_page *p = cp_dl_page_add(dl, 100, 200, 0, NULL);
	cp_dl_item *held[64];
	for (int k = 0; k < 64; k++) {
		held[k] = cp_dl_item_add(p, CP_DL_GLYPHS);
		held[k]->u.glyphs.x = k;
		/* every run followed by more items, as a linked run is */
		for (int j = 0; j < k * 7; j++)
			cp_dl_item_add(p, CP_DL_LINK)->u.link.x = held[k]->u.glyphs.x;
	}
	size_t n = cp_dl_item_count(p);
	g_assert_cmpuint(n, ==, 64 + 7 * (63 * 64 / 2));
	for (int k = 0; k < 64; k++)
		held[k]->u.glyphs.width = 10 + k;
	size_t at = 0;
	for (int k = 0; k < 64; k++) {
		const cp_dl_item *it = cp_dl_item_get(p, at);
		g_assert_true(it == held[k]);
		g_assert_cmpfloat(it->u.glyphs.width, ==, 10 + k);
		for (int j = 0; j < k * 7; j++)
			g_assert_cmpfloat(cp_dl_item_get(p, at + 1 + j)->u.link.x, ==, k);
		at += 1 + 7 * k;
	}
}

/* A flow that goes back to a mark drops the items after it and reuses
 * their memory; the items before it, pointers to them and what they point
 * to are untouched, items after it come zeroed, and flowing again and again
 * takes no more memory than the first flow. */
static void test_page_rewind(void)
{
	g_autoptr(cp_dl) dl = cp_dl_new();
	cp_dl_page *p0 = cp_dl_page_add(dl, 100, 200, 0, NULL);
	cp_dl_page *p = cp_dl_page_add(dl, 100, 200, 0, NULL);
	cp_dl_item_add(p0, CP_DL_RULE)->u.rule.width = 1;
	cp_dl_item *held[8];
	for (int k = 0; k < 8; k++) {
		held[k] = cp_dl_item_add(p, CP_DL_LINK);
		held[k]->u.link.uri = cp_arena_strdup(p->arena, "https://example.jp/");
	}
	cp_dl_page_mark m = cp_dl_page_mark_get(p);
	size_t held_bytes = 0;
	for (int round = 0; round < 4; round++) {
		for (int k = 0; k < 3000; k++) {
			cp_dl_item *it = cp_dl_item_add(p, CP_DL_GLYPHS);
			g_assert_cmpfloat(it->u.glyphs.width, ==, 0);
			g_assert_null(it->u.glyphs.glyphs);
			it->u.glyphs.n_glyphs = 40;
			it->u.glyphs.glyphs = cp_arena_new0(p->arena, cp_dl_glyph, 40);
			it->u.glyphs.width = 5;
		}
		g_assert_cmpuint(cp_dl_item_count(p), ==, 8 + 3000);
		cp_dl_page_rewind(p, m);
		g_assert_cmpuint(cp_dl_item_count(p), ==, 8);
		if (round == 0)
			held_bytes = cp_arena_held(p->arena);
		g_assert_cmpuint(cp_arena_held(p->arena), ==, held_bytes);
		for (int k = 0; k < 8; k++) {
			g_assert_true(cp_dl_item_get(p, (size_t)k) == held[k]);
			g_assert_cmpstr(held[k]->u.link.uri, ==, "https://example.jp/");
		}
		g_assert_cmpfloat(cp_dl_item_get(p0, 0)->u.rule.width, ==, 1);
	}
}

/* A rewind must not take back another page's items: compose would then
 * draw freed memory. */
static void test_page_rewind_other_page(void)
{
	if (g_test_subprocess()) {
		g_autoptr(cp_dl) dl = cp_dl_new();
		cp_dl_page *p = cp_dl_page_add(dl, 100, 200, 0, NULL);
		cp_dl_page_mark m = cp_dl_page_mark_get(p);
		cp_dl_item_add(p, CP_DL_RULE);
		cp_dl_page *q = cp_dl_page_add(dl, 100, 200, 0, NULL);
		cp_dl_item_add(q, CP_DL_RULE);
		cp_dl_page_rewind(p, m);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_failed();
	g_test_trap_assert_stderr("*item_adds*");
}

static void test_check_fails(fixture *fx, gconstpointer data)
{
	const char *which = data;
	if (g_test_subprocess()) {
		cp_dl *dl = build_list(fx);
		cp_dl_page *p = cp_dl_page_get(dl, 0);
		cp_dl_item *run = cp_dl_item_get(p, 0);
		if (strcmp(which, "cluster-bytes") == 0)
			run->u.glyphs.clusters[0].n_bytes = 2; /* splits a character */
		else if (strcmp(which, "cluster-glyphs") == 0)
			run->u.glyphs.clusters[0].n_glyphs = 2;
		else if (strcmp(which, "font-index") == 0)
			run->u.glyphs.font = 1;
		else if (strcmp(which, "image-index") == 0)
			cp_dl_item_get(p, 1)->u.image.image = 5;
		else if (strcmp(which, "nan") == 0)
			run->u.glyphs.glyphs[3].x = 0.0 / 0.0;
		else if (strcmp(which, "link-page") == 0)
			cp_dl_item_get(p, 6)->u.link.page = 2;
		cp_dl_check(dl);
		cp_dl_free(dl);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_failed();
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/displist/dump", fixture, NULL, fixture_setup, test_dump, fixture_teardown);
	g_test_add("/displist/dump-glyphs", fixture, NULL, fixture_setup, test_dump_glyphs,
	           fixture_teardown);
	g_test_add("/displist/fonts", fixture, NULL, fixture_setup, test_fonts, fixture_teardown);
	g_test_add_func("/displist/images-pages", test_images_pages);
	g_test_add_func("/displist/items-stay", test_items_stay);
	g_test_add_func("/displist/page-rewind", test_page_rewind);
	g_test_add_func("/displist/page-rewind-other-page", test_page_rewind_other_page);
	static const char *const breakages[] = {
	    "cluster-bytes", "cluster-glyphs", "font-index", "image-index", "nan", "link-page"};
	for (size_t i = 0; i < G_N_ELEMENTS(breakages); i++) {
		g_autofree char *name = g_strdup_printf("/displist/check/%s", breakages[i]);
		g_test_add(name, fixture, breakages[i], fixture_setup, test_check_fails,
		           fixture_teardown);
	}
	return g_test_run();
}
