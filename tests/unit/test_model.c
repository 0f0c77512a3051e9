/* test_model.c - the content model's root, name tables, look-ups, text dump
 * and invariant check, on a model built by hand (no loader). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "model/model.h"

static char *dump_to_string(const cp_model *m, const cp_diags *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cp_model_dump(m, d, f);
	fclose(f);
	char *out = g_strdup(buf);
	free(buf);
	return out;
}

static void test_names(void)
{
	g_assert_cmpstr(cp_model_style_names[CP_STYLE_TITLE], ==, "title");
	g_assert_cmpstr(cp_model_style_names[CP_STYLE_RUNNING_HEAD], ==, "running_head");
	g_assert_cmpstr(cp_model_style_names[CP_STYLE_COLOPHON], ==, "colophon");
	g_assert_cmpstr(cp_model_writing_names[CP_WRITING_VERTICAL], ==, "vertical");
	g_assert_cmpstr(cp_model_folio_pos_names[CP_FOLIO_BOTTOM_CENTER], ==, "bottom-center");
	g_assert_cmpstr(cp_model_head_pos_names[CP_HEAD_NONE], ==, "none");
	g_assert_cmpstr(cp_model_align_names[CP_ALIGN_END], ==, "end");
	g_assert_cmpstr(cp_model_binding_names[CP_BIND_RIGHT], ==, "right");
	g_assert_cmpstr(cp_model_part_names[CP_PART_MEMBERS], ==, "members");
	g_assert_cmpstr(cp_model_image_kind_names[CP_IMAGE_PNG], ==, "png");
	/* every style name is distinct and in snake_case */
	for (int i = 0; i < CP_STYLE_COUNT; i++) {
		g_assert_nonnull(cp_model_style_names[i]);
		g_assert_null(strchr(cp_model_style_names[i], '-'));
		for (int j = 0; j < i; j++)
			g_assert_cmpstr(cp_model_style_names[i], !=, cp_model_style_names[j]);
	}
}

/* A small model as load would leave it. */
static cp_model *build(cp_diags *d)
{
	cp_model *m = cp_model_new();
	g_assert_cmpint(m->cover_image.index, ==, -1);
	uint32_t fi = cp_diags_add_file(d, "issue.yaml");
	uint32_t fm = cp_diags_add_file(d, "members/a.yaml");
	m->file = "issue.yaml";
	m->magazine = (cp_text){"CAN", cp_span_at(fi, 1, 11)};
	m->number = 12;
	m->number_span = cp_span_at(fi, 2, 9);
	m->date = (cp_date){2026, 12, 1, cp_span_at(fi, 3, 7)};
	m->publisher = (cp_text){"CAN \"事務局\"", cp_span_at(fi, 4, 12)};

	m->images = cp_arena_new0(m->arena, cp_model_image, 1);
	m->images[0] = (cp_model_image){
	    "images/a.png", cp_span_at(fm, 9, 8), CP_IMAGE_PNG, 600, 800, 299.9994, 72.0, false};
	m->n_images = m->images_cap = 1;

	m->members = cp_arena_new0(m->arena, cp_member, 2);
	m->n_members = 2;
	m->members[0].file = "members/a.yaml";
	m->members[0].company = (cp_text){"あおば堂", cp_span_at(fm, 1, 10)};
	m->members[0].company_kana = (cp_text){"あおばどう", cp_span_at(fm, 2, 15)};
	m->members[0].intro = cp_arena_new0(m->arena, cp_text, 1);
	m->members[0].intro[0] = (cp_text){"一行目\n二行目", cp_span_at(fm, 8, 3)};
	m->members[0].n_intro = 1;
	m->members[0].photo = (cp_image_ref){0, cp_span_at(fm, 9, 8)};
	m->members[1].file = "members/b.yaml";
	m->members[1].company_kana = (cp_text){"いろは", CP_SPAN_NONE};
	m->members[1].photo.index = -1;

	m->parts = cp_arena_new0(m->arena, cp_part, 2);
	m->n_parts = 2;
	m->parts[0] = (cp_part){CP_PART_TOC, cp_span_at(fi, 6, 5), 0, 0, {NULL, CP_SPAN_NONE}};
	m->parts[1] = (cp_part){
	    CP_PART_MEMBERS, cp_span_at(fi, 7, 5), 0, 2, {"メンバー", cp_span_at(fi, 7, 30)}};

	m->layout.name = "test";
	m->layout.fonts = cp_arena_new0(m->arena, cp_font_role, 2);
	m->layout.fonts[0] = (cp_font_role){"mincho", {"Noto Serif CJK JP", CP_SPAN_NONE}};
	m->layout.fonts[1] = (cp_font_role){"gothic", {"Noto Sans CJK JP", cp_span_at(fi, 9, 11)}};
	m->layout.n_fonts = 2;
	m->layout.body_size = (cp_dim){{13, CP_UNIT_Q}, cp_span_at(fi, 10, 9), true};
	m->layout.column_gap = (cp_dim){{2.5, CP_UNIT_ZW}, CP_SPAN_NONE, false};
	m->layout.styles[CP_STYLE_LEAD].pitch = (cp_dim){{24, CP_UNIT_H}, CP_SPAN_NONE, true};
	m->layout.styles[CP_STYLE_LEAD].color = cp_color_cmyk(0, 0, 0, 0.85);
	return m;
}

static void test_lookups(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_model) m = build(d);
	g_assert_cmpstr(cp_model_font_family(&m->layout, "gothic"), ==, "Noto Sans CJK JP");
	g_assert_null(cp_model_font_family(&m->layout, "maru"));
	g_assert_null(cp_model_font_family(&m->layout, NULL));
	const cp_model_image *img = cp_model_image_get(m, m->members[0].photo);
	g_assert_nonnull(img);
	g_assert_cmpuint(img->px_h, ==, 800);
	g_assert_null(cp_model_image_get(m, m->members[1].photo));
	g_assert_null(cp_model_image_get(m, (cp_image_ref){1, CP_SPAN_NONE}));
	cp_model_check(m);
	cp_model_free(NULL);
}

static void test_dump(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_model) m = build(d);
	g_autofree char *out = dump_to_string(m, d);
	const char *want[] = {
	    "issue.file = \"issue.yaml\"\n",
	    "issue.magazine = \"CAN\" @issue.yaml:1:11\n",
	    "issue.number = 12 @issue.yaml:2:9\n",
	    "issue.date = 2026-12-01 @issue.yaml:3:7\n",
	    "issue.publisher = \"CAN \\\"事務局\\\"\" @issue.yaml:4:12\n",
	    "part[0] = toc @issue.yaml:6:5\n",
	    "part[1] = members member[0..2) @issue.yaml:7:5\n"
	    "part[1].title = \"メンバー\" @issue.yaml:7:30\n",
	    "member[0].company = \"あおば堂\" @members/a.yaml:1:10\n",
	    "member[0].intro[0] = \"一行目\\n二行目\" @members/a.yaml:8:3\n",
	    "member[0].photo = image[0] @members/a.yaml:9:8\n",
	    "member[1].company_kana = \"いろは\"\n",
	    "image[0] = \"images/a.png\" png 600x800 px 300x72 dpi @members/a.yaml:9:8\n",
	    "layout.body.size = 13Q @issue.yaml:10:9\n",
	    "layout.body.column_gap = 2.5zw (default)\n",
	    "layout.fonts.mincho = \"Noto Serif CJK JP\"\n",
	    "layout.fonts.gothic = \"Noto Sans CJK JP\" @issue.yaml:9:11\n",
	    "layout.styles.lead.pitch = 24H\n",
	    "layout.styles.lead.color = cmyk(0,0,0,85)\n",
	    "layout.styles.title.size = 0pt (default)\n",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		if (strstr(out, want[i]) == NULL)
			g_error("dump lacks: %s\n--- dump:\n%s", want[i], out);
	/* absent values print nothing; unset pitches print nothing */
	g_assert_null(strstr(out, "issue.title"));
	g_assert_null(strstr(out, "layout.styles.title.pitch"));
	/* without a sink, file indexes stand in for names */
	g_autofree char *bare = dump_to_string(m, NULL);
	g_assert_nonnull(strstr(bare, "issue.number = 12 @1:2:9\n"));
}

/* The check catches a broken model (a bug in load) by aborting. */
static void test_check_fails(void)
{
	if (g_test_subprocess()) {
		g_autoptr(cp_diags) d = cp_diags_new();
		cp_model *m = build(d);
		m->parts[1].count = 3; /* past the members array */
		cp_model_check(m);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_failed();
}

static void test_check_unsorted(void)
{
	if (g_test_subprocess()) {
		g_autoptr(cp_diags) d = cp_diags_new();
		cp_model *m = build(d);
		m->members[1].company_kana.s = "あ"; /* before あおばどう */
		cp_model_check(m);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_failed();
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/model/names", test_names);
	g_test_add_func("/model/lookups", test_lookups);
	g_test_add_func("/model/dump", test_dump);
	g_test_add_func("/model/check-fails", test_check_fails);
	g_test_add_func("/model/check-unsorted", test_check_unsorted);
	return g_test_run();
}
