/* test_shape.c - cp_ts_shape_item (shape.c) shapes with HarfBuzz itself,
 * on a sub-font with Pango 1.50's callbacks: its glyphs, advances, offsets
 * and clusters must be pango_shape_item's with the composer's "kern 0"
 * attribute, item by item, for Japanese, Latin, right-to-left text, emoji,
 * variation selectors, controls and characters no font has (Pango's
 * unknown glyphs and their hex-box advances). */
#include "typeset/typeset.h"

#include <string.h>

#include "typeset/typeset_int.h"
#include "ts_fixture.h"

static const char *const texts[] = {
    "組版の規則に従い、「かぎ括弧」や（丸括弧）、句読点を正しく配置する。",
    "Latin words, numbers 12,345.67 and ligatures: office, affluent, waffle.",
    "全角　スペースと半角 スペース、タブ\tの後も。",
    "ヘブライ語 עברית ועוד と アラビア語 العربية の混在。",
    "絵文字 \xf0\x9f\x98\x80 \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd と異体字 葛\xf3\xa0\x84\x80 と "
    "e\xcc\x81",
    "置換文字 \xef\xbf\xbd と行区切り\xe2\x80\xa8と幅なし空白\xe2\x80\x8bの後。",
    "どのフォントにもない字: \xf4\x8f\xbf\xbd \xee\x80\x80 私用領域",
    "縦中横の 12 と 2026 年、①②③ ※ ★ ♪ …… ——",
};

static void check_text(cp_typesetter *ts, const char *text)
{
	size_t n = strlen(text);
	PangoAttrList *fonts = pango_attr_list_new();
	PangoFontDescription *fd = cp_ts_font_desc(MINCHO, 400, TS_BODY_SIZE);
	pango_attr_list_insert(fonts, pango_attr_font_desc_new(fd));
	pango_font_description_free(fd);
	PangoAttrList *shaping = pango_attr_list_new();
	pango_attr_list_insert(shaping, pango_attr_font_features_new("kern 0"));
	GList *items = pango_itemize(ts->context, text, 0, (int)n, fonts, NULL);
	g_assert_nonnull(items);

	cp_ts_shaped sh = {0};
	sh.arena = cp_arena_new();
	for (GList *l = items; l; l = l->next) {
		PangoItem *item = l->data;
		PangoGlyphString *mine = cp_ts_shape_item(ts, &sh, item, text, n);

		PangoItem *copy = pango_item_copy(item);
		PangoAttrIterator *it = pango_attr_list_get_iterator(shaping);
		pango_item_apply_attrs(copy, it);
		pango_attr_iterator_destroy(it);
		PangoGlyphString *ref = pango_glyph_string_new();
		pango_shape_item(copy, text, (int)n, NULL, ref, PANGO_SHAPE_NONE);

		g_assert_cmpint(mine->num_glyphs, ==, ref->num_glyphs);
		for (int g = 0; g < ref->num_glyphs; g++) {
			const PangoGlyphInfo *a = &mine->glyphs[g];
			const PangoGlyphInfo *b = &ref->glyphs[g];
			g_assert_cmpuint(a->glyph, ==, b->glyph);
			g_assert_cmpint(a->geometry.width, ==, b->geometry.width);
			g_assert_cmpint(a->geometry.x_offset, ==, b->geometry.x_offset);
			g_assert_cmpint(a->geometry.y_offset, ==, b->geometry.y_offset);
			g_assert_cmpuint(a->attr.is_cluster_start, ==, b->attr.is_cluster_start);
			g_assert_cmpint(mine->log_clusters[g], ==, ref->log_clusters[g]);
		}
		pango_glyph_string_free(ref);
		pango_item_free(copy);
	}
	cp_arena_free(sh.arena);
	g_list_free_full(items, (GDestroyNotify)pango_item_free);
	pango_attr_list_unref(shaping);
	pango_attr_list_unref(fonts);
}

static void test_same_as_pango(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	for (size_t i = 0; i < G_N_ELEMENTS(texts); i++)
		check_text(ts, texts[i]);
}

int main(int argc, char **argv)
{
	ts_fixture_init();
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/shape/same-as-pango", test_same_as_pango);
	int rc = g_test_run();
	ts_fixture_clear();
	return rc;
}
