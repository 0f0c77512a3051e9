/* test_load.c - the loader on small issue folders written here into a
 * temporary folder: every field, member order, relative paths, units, dates,
 * layouts by name and path, image headers, the limits, and the diagnostics
 * (code, line, column) for broken input. */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "load/load.h"
#include "model/model.h"

/* --- helpers ----------------------------------------------------------------- */

typedef struct fixture {
	char *dir; /* absolute temporary folder */
	char *old_cwd;
	cp_diags *d;
	cp_model *m;
} fixture;

static void fx_setup(fixture *fx, gconstpointer data)
{
	fx->dir = g_dir_make_tmp("cp-load-XXXXXX", NULL);
	g_assert_nonnull(fx->dir);
	fx->old_cwd = g_get_current_dir();
	/* relative paths, as an editor runs canpress inside the issue folder */
	g_assert_cmpint(g_chdir(fx->dir), ==, 0);
	fx->d = cp_diags_new();
}

static void rm_rf(const char *path)
{
	if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
		GDir *gd = g_dir_open(path, 0, NULL);
		const char *e;
		while ((e = g_dir_read_name(gd)) != NULL) {
			g_autofree char *p = g_build_filename(path, e, NULL);
			rm_rf(p);
		}
		g_dir_close(gd);
		g_rmdir(path);
	} else {
		g_unlink(path);
	}
}

static void fx_teardown(fixture *fx, gconstpointer data)
{
	g_assert_cmpint(g_chdir(fx->old_cwd), ==, 0);
	rm_rf(fx->dir);
	g_free(fx->dir);
	g_free(fx->old_cwd);
	cp_model_free(fx->m);
	cp_diags_free(fx->d);
}

/* Writes a file below the current folder, creating folders on the way. */
static void put(const char *path, const char *text)
{
	g_autofree char *dir = g_path_get_dirname(path);
	g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
	g_assert_true(g_file_set_contents(path, text, -1, NULL));
}

static void put_bytes(const char *path, const unsigned char *b, size_t n)
{
	g_autofree char *dir = g_path_get_dirname(path);
	g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
	g_assert_true(g_file_set_contents(path, (const char *)b, (gssize)n, NULL));
}

static char *layouts_dir(void)
{
	const char *src = g_getenv("CP_SOURCE_DIR");
	g_assert_nonnull(src);
	return g_build_filename(src, "layouts", NULL);
}

static void load(fixture *fx, const char *issue)
{
	g_autofree char *ld = layouts_dir();
	fx->m = cp_load_issue(issue, ld, fx->d);
}

/* Prints the sink on failure, so a broken test shows what it got. */
static void show(fixture *fx)
{
	cp_diags_print(fx->d, stderr);
}

/* Asserts a diagnostic with this code at file:line:col is in the sink and
 * returns it. */
static const cp_diag *expect(fixture *fx, cp_diag_code code, const char *file, uint32_t line,
                             uint32_t col)
{
	for (size_t i = 0; i < cp_diags_len(fx->d); i++) {
		const cp_diag *dg = cp_diags_get(fx->d, i);
		if (dg->code == code &&
		    strcmp(cp_diags_file_name(fx->d, dg->span.file), file) == 0 &&
		    dg->span.line == line && dg->span.col == col)
			return dg;
	}
	show(fx);
	g_error("no [%s] at %s:%u:%u", cp_diag_code_name(code), file, line, col);
	return NULL;
}

static void expect_none(fixture *fx)
{
	if (cp_diags_len(fx->d) != 0)
		show(fx);
	g_assert_cmpuint(cp_diags_len(fx->d), ==, 0);
}

/* A 3x2 PNG with pHYs at 11811 px/m (300 dpi). CRCs are not checked by the
 * probe, so they are zero here. */
static const unsigned char png_3x2[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0,   0,   0,    13,   'I',  'H',  'D', 'R',
    0,    0,   0,   3,   0,    0,    0,    2,    8,   2,   0,    0,    0,    0,    0,   0,
    0,    0,   0,   0,   9,    'p',  'H',  'Y',  's', 0,   0,    0x2e, 0x23, 0,    0,   0x2e,
    0x23, 1,   0,   0,   0,    0,    0,    0,    0,   0,   'I',  'D',  'A',  'T',  0,   0,
    0,    0,   0,   0,   0,    0,    'I',  'E',  'N', 'D', 0xae, 0x42, 0x60, 0x82,
};

/* A JPEG header: SOI, JFIF at 150 dpi, a COM segment, SOF0 of 640x480, EOI. */
static const unsigned char jpeg_640x480[] = {
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J',  'F',  'I', 'F',  0,   1,    2,    1,    0x00, 0x96,
    0x00, 0x96, 0,    0,    0xFF, 0xFE, 0x00, 0x05, 'h', 'i',  '!', 0xFF, 0xC0, 0x00, 0x11, 8,
    0x01, 0xE0, 0x02, 0x80, 3,    1,    0x22, 0,    2,   0x11, 1,   3,    0x11, 1,    0xFF, 0xD9,
};

#define MEMBER(company, kana, extra)                                                               \
	"company: " company "\n"                                                                   \
	"company_kana: " kana "\n"                                                                 \
	"representative: 山田 花子\n"                                                          \
	"representative_kana: やまだ はなこ\n"                                               \
	"industry: 印刷\n"                                                                       \
	"catch: 紙でつなぐ。\n"                                                              \
	"intro: 小さな印刷所です。\n"                                                     \
	"contact:\n"                                                                               \
	"  tel: 06-0000-0000\n" extra

static const char *const good_issue = "magazine: CAN\n"                                     /* 1 */
                                      "number: 12\n"                                        /* 2 */
                                      "date: 2026-12-01\n"                                  /* 3 */
                                      "title: 特集 まちの手しごと\n"                        /* 4 */
                                      "publisher: CAN 事務局\n"                             /* 5 */
                                      "layout: a4-yoko\n"                                   /* 6 */
                                      "cover:\n"                                            /* 7 */
                                      "  headline: 手で作る人たち\n"                        /* 8 */
                                      "  image: images/cover.jpg\n"                         /* 9 */
                                      "colophon:\n"                                         /* 10 */
                                      "  editor: 山田 花子\n"                               /* 11 */
                                      "  address: 大阪市北区\n"                             /* 12 */
                                      "  contact: can@example.jp\n"                         /* 13 */
                                      "  printer: さくら印刷\n"                             /* 14 */
                                      "  note: 無断転載を禁じます。\n"                      /* 15 */
                                      "contents:\n"                                         /* 16 */
                                      "  - cover\n"                                         /* 17 */
                                      "  - toc\n"                                           /* 18 */
                                      "  - article: articles/a.yaml\n"                      /* 19 */
                                      "  - members: {path: members, title: メンバー紹介}\n" /* 20 */
                                      "  - members: [extra/z.yaml]\n"                       /* 21 */
                                      "  - colophon\n";                                     /* 22 */

static void write_good(void)
{
	put("issue.yaml", good_issue);
	put("articles/a.yaml", "title: 紙の話\n"
	                       "subtitle: 副題\n"
	                       "author: 田中 一郎\n"
	                       "lead: リード文。\n"
	                       "writing: vertical\n"
	                       "body: |\n"
	                       "\n"
	                       "    最初の段落。\n"
	                       "\n"
	                       "    ## 見出し\n");
	put("members/b.yaml", MEMBER("株式会社いろは", "いろは",
	                             "photo: ../images/p.png\n"
	                             "tags: [紙, 本]\n"));
	put("members/a.yaml", MEMBER("あおば堂", "あおばどう", "recent: 近況です。\n"));
	put("members/c.yaml", MEMBER("Cafe Ueda", "かふぇうえだ", "referred_by: 田中 一郎\n"));
	put("members/notes.txt", "not a member");
	put("extra/z.yaml", MEMBER("ゼット", "ぜっと", ""));
	put_bytes("images/p.png", png_3x2, sizeof png_3x2);
	put_bytes("images/cover.jpg", jpeg_640x480, sizeof jpeg_640x480);
}

/* --- the good issue -------------------------------------------------------- */

static void test_good_issue(fixture *fx, gconstpointer data)
{
	write_good();
	load(fx, "issue.yaml");
	expect_none(fx);
	cp_model *m = fx->m;
	g_assert_nonnull(m);
	g_assert_cmpstr(m->magazine.s, ==, "CAN");
	g_assert_cmpint(m->number, ==, 12);
	g_assert_cmpuint(m->number_span.line, ==, 2);
	g_assert_cmpuint(m->number_span.col, ==, 9);
	g_assert_cmpint(m->date.year, ==, 2026);
	g_assert_cmpint(m->date.month, ==, 12);
	g_assert_cmpint(m->date.day, ==, 1);
	g_assert_cmpstr(m->title.s, ==, "特集 まちの手しごと");
	g_assert_cmpstr(m->publisher.s, ==, "CAN 事務局");
	g_assert_cmpstr(m->cover_headline.s, ==, "手で作る人たち");
	/* columns count characters: "  headline: " is 12 of them */
	g_assert_cmpuint(m->cover_headline.span.line, ==, 8);
	g_assert_cmpuint(m->cover_headline.span.col, ==, 13);
	g_assert_cmpstr(m->editor.s, ==, "山田 花子");
	g_assert_cmpstr(m->address.s, ==, "大阪市北区");
	g_assert_cmpstr(m->contact.s, ==, "can@example.jp");
	g_assert_cmpstr(m->printer.s, ==, "さくら印刷");
	g_assert_cmpstr(m->note.s, ==, "無断転載を禁じます。");

	/* contents */
	g_assert_cmpuint(m->n_parts, ==, 6);
	g_assert_cmpint(m->parts[0].kind, ==, CP_PART_COVER);
	g_assert_cmpint(m->parts[1].kind, ==, CP_PART_TOC);
	g_assert_cmpint(m->parts[2].kind, ==, CP_PART_ARTICLE);
	g_assert_cmpint(m->parts[3].kind, ==, CP_PART_MEMBERS);
	g_assert_cmpstr(m->parts[3].title.s, ==, "メンバー紹介");
	g_assert_cmpuint(m->parts[3].index, ==, 0);
	g_assert_cmpuint(m->parts[3].count, ==, 3);
	g_assert_cmpint(m->parts[4].kind, ==, CP_PART_MEMBERS);
	g_assert_cmpuint(m->parts[4].index, ==, 3);
	g_assert_cmpuint(m->parts[4].count, ==, 1);
	g_assert_cmpint(m->parts[5].kind, ==, CP_PART_COLOPHON);
	g_assert_cmpuint(m->parts[5].span.line, ==, 22);

	/* the article, with where its body starts */
	g_assert_cmpuint(m->n_articles, ==, 1);
	const cp_article *a = &m->articles[0];
	g_assert_cmpstr(a->file, ==, "articles/a.yaml");
	g_assert_cmpstr(a->title.s, ==, "紙の話");
	g_assert_cmpstr(a->subtitle.s, ==, "副題");
	g_assert_cmpstr(a->author.s, ==, "田中 一郎");
	g_assert_cmpstr(a->lead.s, ==, "リード文。");
	g_assert_cmpint(a->writing, ==, CP_WRITING_VERTICAL);
	g_assert_cmpstr(a->body.s, ==, "\n最初の段落。\n\n## 見出し\n");
	g_assert_cmpuint(a->body_line, ==, 7);
	g_assert_cmpuint(a->body_col, ==, 5);

	/* members sorted by reading within each part; paths relative to the
	 * naming file */
	g_assert_cmpuint(m->n_members, ==, 4);
	g_assert_cmpstr(m->members[0].company_kana.s, ==, "あおばどう");
	g_assert_cmpstr(m->members[1].company_kana.s, ==, "いろは");
	g_assert_cmpstr(m->members[2].company_kana.s, ==, "かふぇうえだ");
	g_assert_cmpstr(m->members[3].company_kana.s, ==, "ぜっと");
	g_assert_cmpstr(m->members[0].file, ==, "members/a.yaml");
	g_assert_cmpstr(m->members[0].recent.s, ==, "近況です。");
	g_assert_cmpstr(m->members[2].referred_by.s, ==, "田中 一郎");
	const cp_member *mb = &m->members[1];
	g_assert_cmpstr(mb->company.s, ==, "株式会社いろは");
	g_assert_cmpstr(mb->representative.s, ==, "山田 花子");
	g_assert_cmpstr(mb->representative_kana.s, ==, "やまだ はなこ");
	g_assert_cmpstr(mb->industry.s, ==, "印刷");
	g_assert_cmpstr(mb->catch_copy.s, ==, "紙でつなぐ。");
	g_assert_cmpuint(mb->n_intro, ==, 1);
	g_assert_cmpstr(mb->intro[0].s, ==, "小さな印刷所です。");
	g_assert_cmpstr(mb->tel.s, ==, "06-0000-0000");
	g_assert_null(mb->email.s);
	g_assert_cmpuint(mb->n_tags, ==, 2);
	g_assert_cmpstr(mb->tags[1].s, ==, "本");

	/* images: the PNG through ../ from members/, the JPEG from the issue */
	const cp_model_image *png = cp_model_image_get(m, mb->photo);
	g_assert_nonnull(png);
	g_assert_cmpstr(png->path, ==, "images/p.png");
	g_assert_cmpint(png->kind, ==, CP_IMAGE_PNG);
	g_assert_cmpuint(png->px_w, ==, 3);
	g_assert_cmpuint(png->px_h, ==, 2);
	g_assert_cmpfloat_with_epsilon(png->dpi_x, 300.0, 0.01);
	const cp_model_image *jpg = cp_model_image_get(m, m->cover_image);
	g_assert_nonnull(jpg);
	g_assert_cmpint(jpg->kind, ==, CP_IMAGE_JPEG);
	g_assert_cmpuint(jpg->px_w, ==, 640);
	g_assert_cmpuint(jpg->px_h, ==, 480);
	g_assert_cmpfloat_with_epsilon(jpg->dpi_y, 150.0, 1e-9);
	g_assert_null(cp_model_image_get(m, m->members[0].photo));

	/* the layout by name */
	g_assert_cmpstr(m->layout.name, ==, "a4-yoko");
	g_assert_cmpfloat(m->layout.body_size.len.value, ==, 13);
	g_assert_cmpint(m->layout.body_size.len.unit, ==, CP_UNIT_Q);
	g_assert_true(m->layout.body_size.set);
	g_assert_cmpstr(cp_model_font_family(&m->layout, "gothic"), ==, "Noto Sans CJK JP");
	cp_model_check(m);
}

/* Relative names in diagnostics follow the issue path as given. */
static void test_paths_relative(fixture *fx, gconstpointer data)
{
	g_assert_cmpint(g_mkdir("issue", 0755), ==, 0);
	g_assert_cmpint(g_chdir("issue"), ==, 0);
	write_good();
	put("articles/a.yaml", "title: t\nauthor: a\nbody: b\ncolour: red\n");
	g_assert_cmpint(g_chdir(".."), ==, 0);
	load(fx, "issue/issue.yaml");
	g_assert_nonnull(fx->m);
	expect(fx, CP_DIAG_UNKNOWN_KEY, "issue/articles/a.yaml", 4, 1);
	g_assert_cmpstr(fx->m->members[1].file, ==, "issue/members/b.yaml");
	g_assert_cmpstr(fx->m->images[0].path, ==, "issue/images/cover.jpg");
}

/* --- values ----------------------------------------------------------------- */

static void test_dates(fixture *fx, gconstpointer data)
{
	put("issue.yaml", "magazine: CAN\nnumber: 0\ndate: 2026-02-30\npublisher: p\n"
	                  "contents: [toc]\n");
	load(fx, "issue.yaml");
	const cp_diag *dg = expect(fx, CP_DIAG_BAD_DATE, "issue.yaml", 3, 7);
	g_assert_cmpstr(dg->msg, ==, "'date' is not a day in the calendar: '2026-02-30'");
	dg = expect(fx, CP_DIAG_BAD_VALUE, "issue.yaml", 2, 9);
	g_assert_cmpstr(dg->msg, ==, "'number' must be at least 1, not 0");
	cp_diags_free(fx->d);
	cp_model_free(fx->m);
	fx->d = cp_diags_new();

	put("issue.yaml", "magazine: CAN\nnumber: {a: 1}\ndate: 2026/12/01\npublisher: p\n"
	                  "contents: [toc]\n");
	load(fx, "issue.yaml");
	dg = expect(fx, CP_DIAG_BAD_DATE, "issue.yaml", 3, 7);
	g_assert_cmpstr(dg->msg, ==, "'date' must be a date written YYYY-MM-DD, not '2026/12/01'");
	dg = expect(fx, CP_DIAG_WRONG_TYPE, "issue.yaml", 2, 9);
	g_assert_cmpstr(dg->msg, ==, "'number' must be an integer, not a mapping");
	cp_diags_free(fx->d);
	cp_model_free(fx->m);
	fx->d = cp_diags_new();

	/* 2028 is a leap year */
	put("issue.yaml", "magazine: CAN\nnumber: 3\ndate: 2028-02-29\npublisher: p\n"
	                  "contents: [toc]\n");
	load(fx, "issue.yaml");
	expect_none(fx);
	g_assert_cmpint(fx->m->date.day, ==, 29);
}

static void test_units_and_layout_path(fixture *fx, gconstpointer data)
{
	put("issue.yaml", "magazine: CAN\nnumber: 1\ndate: 2026-01-01\npublisher: p\n"
	                  "layout: lay/b5.yaml\ncontents: [toc]\n");
	put("lay/b5.yaml", "page:\n"                             /* 1 */
	                   "  size: 182mm x 257mm\n"             /* 2 */
	                   "  bleed: 1zw\n"                      /* 3 */
	                   "body:\n"                             /* 4 */
	                   "  size: 9.5pt\n"                     /* 5 */
	                   "  pitch: 16\n"                       /* 6 */
	                   "  column_gap: 2zw\n"                 /* 7 */
	                   "  writing: vertcal\n"                /* 8 */
	                   "styles:\n"                           /* 9 */
	                   "  title: {size: 30, font: gothik}\n" /* 10 */
	                   "  lead: {pitch: 0}\n"                /* 11 */
	                   "fonts:\n"                            /* 12 */
	                   "  maru: M PLUS Rounded 1c\n");       /* 13 */
	load(fx, "issue.yaml");
	cp_layout *l = &fx->m->layout;
	g_assert_cmpstr(l->name, ==, "b5");
	g_assert_cmpstr(l->file, ==, "lay/b5.yaml");
	g_assert_cmpfloat(l->page_width.len.value, ==, 182);
	g_assert_cmpfloat(l->page_height.len.value, ==, 257);
	g_assert_cmpint(l->page_height.len.unit, ==, CP_UNIT_MM);
	g_assert_cmpfloat(l->body_size.len.value, ==, 9.5);
	g_assert_cmpint(l->body_size.len.unit, ==, CP_UNIT_PT);
	g_assert_cmpint(l->column_gap.len.unit, ==, CP_UNIT_ZW);
	/* a bare 0 is a length */
	g_assert_true(l->styles[CP_STYLE_LEAD].pitch.set);
	g_assert_cmpfloat(l->styles[CP_STYLE_LEAD].pitch.len.value, ==, 0);
	/* untouched values keep a4-yoko's, unset */
	g_assert_false(l->margin_top.set);
	g_assert_cmpfloat(l->margin_top.len.value, ==, 30);
	g_assert_false(l->styles[CP_STYLE_AUTHOR].pitch.set);
	g_assert_cmpstr(cp_model_font_family(l, "maru"), ==, "M PLUS Rounded 1c");
	g_assert_cmpstr(cp_model_font_family(l, "mincho"), ==, "Noto Serif CJK JP");

	const cp_diag *dg = expect(fx, CP_DIAG_BAD_UNIT, "lay/b5.yaml", 3, 10);
	g_assert_cmpstr(
	    dg->msg, ==,
	    "'bleed' in 'page' cannot be in zw: the page does not depend on the type size");
	dg = expect(fx, CP_DIAG_BAD_UNIT, "lay/b5.yaml", 6, 10);
	g_assert_cmpstr(dg->msg, ==, "'pitch' in 'body' needs a unit: '16'");
	g_assert_cmpstr(dg->hint, ==, "write a unit: mm, pt, Q, H or zw (e.g. 12mm)");
	dg = expect(fx, CP_DIAG_BAD_VALUE, "lay/b5.yaml", 8, 12);
	g_assert_cmpstr(dg->msg, ==,
	                "'writing' in 'body' must be horizontal or vertical, not 'vertcal'");
	g_assert_cmpstr(dg->hint, ==, "did you mean 'vertical'?");
	dg = expect(fx, CP_DIAG_BAD_UNIT, "lay/b5.yaml", 10, 17);
	g_assert_cmpstr(dg->msg, ==, "'size' in style 'title' needs a unit: '30'");
	dg = expect(fx, CP_DIAG_BAD_VALUE, "lay/b5.yaml", 10, 27);
	g_assert_cmpstr(dg->hint, ==, "did you mean 'gothic'?");
	g_assert_cmpuint(cp_diags_len(fx->d), ==, 5);
}

/* The built-in defaults are a4-yoko.yaml's values. */
static void test_defaults_match_a4_yoko(fixture *fx, gconstpointer data)
{
	g_autofree char *ld = layouts_dir();
	g_autofree char *path = g_build_filename(ld, "a4-yoko.yaml", NULL);
	cp_model *def = cp_model_new();
	cp_model *file = cp_model_new();
	g_assert_true(cp_load_layout(file, path, fx->d));
	expect_none(fx);
	g_assert_true(cp_load_layout(def, "/nonexistent/x.yaml", fx->d) == false);
	/* compare the dumps without positions, defaults markers and file names */
	char *a = NULL;
	char *b = NULL;
	size_t na = 0;
	size_t nb = 0;
	FILE *fa = open_memstream(&a, &na);
	FILE *fb = open_memstream(&b, &nb);
	cp_model_dump(def, NULL, fa);
	cp_model_dump(file, NULL, fb);
	fclose(fa);
	fclose(fb);
	GRegex *re = g_regex_new("( @[0-9:]+| \\(default\\)|^layout\\.(file|name) = .*)$",
	                         G_REGEX_MULTILINE, 0, NULL);
	g_autofree char *ca = g_regex_replace(re, a, -1, 0, "", 0, NULL);
	g_autofree char *cb = g_regex_replace(re, b, -1, 0, "", 0, NULL);
	g_assert_cmpstr(ca, ==, cb);
	g_assert_nonnull(strstr(cb, "layout.styles.card_contact.pitch = 14H\n"));
	g_assert_nonnull(strstr(b, "layout.body.size = 13Q @"));
	g_assert_nonnull(strstr(a, "layout.body.size = 13Q (default)\n"));
	g_regex_unref(re);
	free(a);
	free(b);
	cp_model_free(def);
	cp_model_free(file);
}

/* Paragraphs: blank lines part them; newlines join without a space in
 * Japanese, with one between Latin characters. */
static void test_intro_paragraphs(fixture *fx, gconstpointer data)
{
	put("issue.yaml", "magazine: CAN\nnumber: 1\ndate: 2026-01-01\npublisher: p\n"
	                  "contents: [members: [m.yaml, n.yaml]]\n");
	put("m.yaml", "company: A\ncompany_kana: えー\nrepresentative: r\n"
	              "representative_kana: あーる\nindustry: i\ncatch: c\n"
	              "intro: |\n"   /* 7 */
	              "  一行目と\n" /* 8 */
	              "  二行目。\n" /* 9 */
	              "\n"           /* 10 */
	              "  We make\n"  /* 11 */
	              "  paper.\n"   /* 12 */
	              "contact: {email: a@example.jp}\n");
	put("n.yaml", "company: B\ncompany_kana: Bee\nrepresentative: r\n"
	              "representative_kana: びー\nindustry: i\ncatch: c\n"
	              "intro: [\"一つ目\", \"二つ目\"]\n"
	              "contact: {}\n");
	load(fx, "issue.yaml");
	/* "Bee" sorts before "えー": ASCII bytes come first */
	const cp_member *a = &fx->m->members[1];
	g_assert_cmpstr(a->company.s, ==, "A");
	g_assert_cmpuint(a->n_intro, ==, 2);
	g_assert_cmpstr(a->intro[0].s, ==, "一行目と二行目。");
	g_assert_cmpstr(a->intro[1].s, ==, "We make paper.");
	g_assert_cmpuint(a->intro[1].span.line, ==, 11);
	g_assert_cmpuint(a->intro[1].span.col, ==, 3);
	const cp_member *b = &fx->m->members[0];
	g_assert_cmpuint(b->n_intro, ==, 2);
	g_assert_cmpstr(b->intro[1].s, ==, "二つ目");
	/* "Bee" has no kana (a warning); an empty contact is an error */
	const cp_diag *dg = expect(fx, CP_DIAG_NO_KANA, "n.yaml", 2, 15);
	g_assert_cmpint(dg->sev, ==, CP_WARNING);
	expect(fx, CP_DIAG_EMPTY_VALUE, "n.yaml", 8, 10);
	g_assert_cmpuint(cp_diags_len(fx->d), ==, 2);
}

/* Half-width katakana print full-width, voiced marks joined (ｶﾞ as ガ),
 * in every printed field; full-width Latin, circled digits and readings'
 * other characters stay as written, and so do paths. */
static void test_halfwidth_kana(fixture *fx, gconstpointer data)
{
	put("issue.yaml", "magazine: CAN\nnumber: 1\ndate: 2026-01-01\npublisher: ﾃｽﾄ出版\n"
	                  "contents: [article: a.yaml, members: [m.yaml]]\n");
	put("a.yaml", "title: ｶﾞｲﾄﾞ｢ﾊﾟﾝ｣\nauthor: 文・ﾔﾏﾀﾞ\nbody: ﾃｲｸｱｳﾄ､ＯＫ｡\n");
	put("m.yaml", "company: ｶﾌｪ ﾓﾓ\ncompany_kana: ｶﾌｪもも\nrepresentative: r\n"
	              "representative_kana: あーる\nindustry: ｹｰｷ①\ncatch: c\n"
	              "intro: [\"ﾎｰﾙで焼きます｡\", \"二つ目\"]\n"
	              "tags: [ﾃｲｸｱｳﾄ]\n"
	              "contact: {url: https://example.jp/ｶﾌｪ}\n");
	load(fx, "issue.yaml");
	expect_none(fx);
	g_assert_cmpstr(fx->m->publisher.s, ==, "テスト出版");
	const cp_article *a = &fx->m->articles[0];
	g_assert_cmpstr(a->title.s, ==, "ガイド「パン」");
	g_assert_cmpstr(a->author.s, ==, "文・ヤマダ");
	g_assert_cmpstr(a->body.s, ==, "テイクアウト、ＯＫ。");
	const cp_member *mb = &fx->m->members[0];
	g_assert_cmpstr(mb->company.s, ==, "カフェ モモ");
	g_assert_cmpstr(mb->company_kana.s, ==, "カフェもも");
	g_assert_cmpstr(mb->industry.s, ==, "ケーキ①");
	g_assert_cmpstr(mb->intro[0].s, ==, "ホールで焼きます。");
	g_assert_cmpstr(mb->tags[0].s, ==, "テイクアウト");
	/* a web address is not printed text to mend */
	g_assert_cmpstr(mb->url.s, ==, "https://example.jp/ｶﾌｪ");
}

/* YAML folds a line break of a `>` value, or of a plain value going on
 * to the next line, into a space: between Japanese characters the space
 * is dropped (Japanese is set solid), between Latin words it stays, and a
 * value on one line keeps the spaces it was written with. */
static void test_folded_japanese(fixture *fx, gconstpointer data)
{
	put("issue.yaml", "magazine: CAN\nnumber: 1\ndate: 2026-01-01\npublisher: p\n"
	                  "contents: [article: a.yaml, members: [m.yaml]]\n");
	put("a.yaml", "title: >\n  春の号の\n  特集のご案内\n"
	              "subtitle: >-\n  We make\n  paper.\n"
	              "author: 編集部 山田\n"
	              "lead: 一行目の\n  続きです。\n"
	              "body: |\n  本文。\n");
	put("m.yaml", "company: A\ncompany_kana: えー\nrepresentative: r\n"
	              "representative_kana: あーる\nindustry: i\n"
	              "catch: 紙で\n  つなぐ。\n"
	              "intro: >\n  一段落目の\n  続き。\n\n  二段落目 Web\n  サイト。\n"
	              "contact: {email: a@example.jp}\n");
	load(fx, "issue.yaml");
	expect_none(fx);
	const cp_article *a = &fx->m->articles[0];
	g_assert_cmpstr(a->title.s, ==, "春の号の特集のご案内\n");
	g_assert_cmpstr(a->subtitle.s, ==, "We make paper.");
	g_assert_cmpstr(a->author.s, ==, "編集部 山田");
	g_assert_cmpstr(a->lead.s, ==, "一行目の続きです。");
	const cp_member *mb = &fx->m->members[0];
	g_assert_cmpstr(mb->catch_copy.s, ==, "紙でつなぐ。");
	g_assert_cmpuint(mb->n_intro, ==, 2);
	g_assert_cmpstr(mb->intro[0].s, ==, "一段落目の続き。");
	g_assert_cmpstr(mb->intro[1].s, ==, "二段落目 Web サイト。");
}

/* --- structure and limits ---------------------------------------------------- */

static void test_unknown_and_duplicate_keys(fixture *fx, gconstpointer data)
{
	put("issue.yaml", "magazine: CAN\nnumber: 1\ndate: 2026-01-01\npublisher: p\n"
	                  "titel: x\n"        /* 5 */
	                  "magazine: again\n" /* 6 */
	                  "contents:\n"
	                  "  - cover\n" /* 8 */
	                  "  - toc\n"
	                  "  - cover\n"           /* 10 */
	                  "  - article: a.yaml\n" /* 11 */
	                  "  - article: a.yaml\n" /* 12 */
	                  "  - tocc\n");          /* 13 */
	put("a.yaml", "title: t\nbody: b\n");
	load(fx, "issue.yaml");
	const cp_diag *dg = expect(fx, CP_DIAG_UNKNOWN_KEY, "issue.yaml", 5, 1);
	g_assert_cmpstr(dg->msg, ==, "unknown key 'titel' in issue");
	g_assert_cmpstr(dg->hint, ==, "did you mean 'title'?");
	dg = expect(fx, CP_DIAG_DUPLICATE_KEY, "issue.yaml", 6, 1);
	g_assert_cmpstr(dg->msg, ==, "duplicate key 'magazine'");
	g_assert_cmpuint(dg->note_span.line, ==, 1);
	g_assert_cmpstr(fx->m->magazine.s, ==, "CAN");
	dg = expect(fx, CP_DIAG_DUPLICATE_ENTRY, "issue.yaml", 10, 5);
	g_assert_cmpint(dg->sev, ==, CP_WARNING);
	/* the same article twice: a warning with a note at the first, and it
	 * is printed once (issue 10) */
	dg = expect(fx, CP_DIAG_DUPLICATE_ENTRY, "issue.yaml", 12, 14);
	g_assert_cmpuint(dg->note_span.line, ==, 11);
	dg = expect(fx, CP_DIAG_BAD_VALUE, "issue.yaml", 13, 5);
	g_assert_cmpstr(dg->hint, ==, "did you mean 'toc'?");
	/* the cover part needs cover: */
	expect(fx, CP_DIAG_MISSING_FIELD, "issue.yaml", 1, 1);
	dg = expect(fx, CP_DIAG_MISSING_FIELD, "a.yaml", 1, 1);
	g_assert_cmpstr(dg->msg, ==, "missing required key 'author' in article");
	/* without its author the article is left out, read once */
	dg = expect(fx, CP_DIAG_LEFT_OUT, "a.yaml", 1, 1);
	g_assert_cmpint(dg->sev, ==, CP_NOTE);
	g_assert_cmpuint(fx->m->n_articles, ==, 0);
	g_assert_cmpuint(fx->m->n_parts, ==, 2);
}

static void test_missing_files(fixture *fx, gconstpointer data)
{
	put("issue.yaml", "magazine: CAN\nnumber: 1\ndate: 2026-01-01\npublisher: p\n"
	                  "cover: {headline: h, image: nope.png}\n" /* 5 */
	                  "contents:\n"
	                  "  - article: gone.yaml\n"  /* 7 */
	                  "  - article: adir\n"       /* 8 */
	                  "  - members: nomembers\n"  /* 9 */
	                  "  - members: empty\n"      /* 10 */
	                  "  - members: [m.yaml]\n"); /* 11 */
	g_assert_cmpint(g_mkdir("adir", 0755), ==, 0);
	g_assert_cmpint(g_mkdir("empty", 0755), ==, 0);
	put("m.yaml", MEMBER("A", "えー", "photo: p.gif\n"));
	put("p.gif", "GIF89a........");
	load(fx, "issue.yaml");
	const cp_diag *dg = expect(fx, CP_DIAG_MISSING_FILE, "issue.yaml", 5, 29);
	g_assert_cmpstr(dg->msg, ==, "cannot find image 'nope.png'");
	dg = expect(fx, CP_DIAG_MISSING_FILE, "issue.yaml", 7, 14);
	g_assert_cmpstr(dg->msg, ==, "cannot find article file 'gone.yaml'");
	dg = expect(fx, CP_DIAG_NOT_A_FILE, "issue.yaml", 8, 14);
	g_assert_cmpstr(dg->msg, ==, "article file 'adir' is a folder, not a file");
	expect(fx, CP_DIAG_MISSING_FILE, "issue.yaml", 9, 14);
	dg = expect(fx, CP_DIAG_NO_MEMBERS, "issue.yaml", 10, 14);
	g_assert_cmpint(dg->sev, ==, CP_ERROR);
	expect(fx, CP_DIAG_BAD_IMAGE, "m.yaml", 10, 8);
	g_assert_cmpuint(cp_diags_len(fx->d), ==, 6);
	g_assert_cmpuint(fx->m->n_members, ==, 1);
	g_assert_cmpint(fx->m->members[0].photo.index, ==, -1);
}

static void test_unknown_layout(fixture *fx, gconstpointer data)
{
	put("issue.yaml", "magazine: CAN\nnumber: 1\ndate: 2026-01-01\npublisher: p\n"
	                  "layout: a4-yokoo\ncontents: [toc]\n");
	load(fx, "issue.yaml");
	const cp_diag *dg = expect(fx, CP_DIAG_BAD_VALUE, "issue.yaml", 5, 9);
	g_assert_cmpstr(dg->msg, ==, "unknown layout 'a4-yokoo'");
	g_assert_true(g_str_has_prefix(dg->hint, "available layouts: "));
	g_assert_nonnull(strstr(dg->hint, "a4-yoko"));
	/* the defaults stand in */
	g_assert_cmpfloat(fx->m->layout.page_width.len.value, ==, 210);
}

static void test_alias_bomb(fixture *fx, gconstpointer data)
{
	put("issue.yaml", "a: &a [x, x, x, x, x, x, x, x, x]\n"
	                  "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	                  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	                  "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	                  "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	                  "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	                  "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	                  "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
	                  "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n");
	gint64 t0 = g_get_monotonic_time();
	load(fx, "issue.yaml");
	g_assert_null(fx->m);
	const cp_diag *dg = expect(fx, CP_DIAG_LIMIT, "issue.yaml", 5, 8);
	g_assert_cmpstr(dg->msg, ==,
	                "aliases expand to more than 10000 values (limit: alias expansion)");
	g_assert_cmpuint(cp_diags_len(fx->d), ==, 1);
	/* fast: the budget, not the expansion, decides (generous bound) */
	g_assert_cmpint(g_get_monotonic_time() - t0, <, 5 * G_USEC_PER_SEC);
}

static void test_depth_limit(fixture *fx, gconstpointer data)
{
	GString *s = g_string_new("magazine: ");
	for (int i = 0; i < 40; i++)
		g_string_append_c(s, '[');
	for (int i = 0; i < 40; i++)
		g_string_append_c(s, ']');
	g_string_append_c(s, '\n');
	put("issue.yaml", s->str);
	g_string_free(s, TRUE);
	load(fx, "issue.yaml");
	g_assert_null(fx->m);
	/* the top mapping is level 1, so the 32nd '[' is the 33rd level */
	const cp_diag *dg = expect(fx, CP_DIAG_LIMIT, "issue.yaml", 1, 42);
	g_assert_cmpstr(dg->msg, ==,
	                "mappings and lists nested deeper than 32 levels (limit: nesting depth)");
}

static void test_syntax_tab_encoding(fixture *fx, gconstpointer data)
{
	put("issue.yaml", "magazine: CAN\nnumber: [1\n");
	load(fx, "issue.yaml");
	g_assert_null(fx->m);
	const cp_diag *dg = expect(fx, CP_DIAG_YAML_SYNTAX, "issue.yaml", 3, 1);
	g_assert_nonnull(dg->note);

	put("a.yaml", "cover:\n\theadline: x\n");
	g_assert_null(cp_load_issue("a.yaml", NULL, fx->d));
	dg = expect(fx, CP_DIAG_YAML_SYNTAX, "a.yaml", 2, 1);
	g_assert_cmpstr(dg->msg, ==, "a tab character in the indentation");

	put("b.yaml", "magazine: CA\xff\n");
	g_assert_null(cp_load_issue("b.yaml", NULL, fx->d));
	dg = expect(fx, CP_DIAG_BAD_ENCODING, "b.yaml", 1, 13);
	g_assert_cmpstr(dg->msg, ==, "the file is not valid UTF-8 (byte 0xff)");

	/* a BOM and CRLF line ends are fine */
	put("c.yaml", "\xEF\xBB\xBFmagazine: CAN\r\nnumber: 1\r\ndate: 2026-01-01\r\n"
	              "publisher: p\r\ncontents: [toc]\r\n");
	cp_model *m = cp_load_issue("c.yaml", NULL, fx->d);
	g_assert_nonnull(m);
	g_assert_cmpstr(m->magazine.s, ==, "CAN");
	g_assert_cmpuint(m->magazine.span.col, ==, 11);
	g_assert_cmpuint(m->number_span.line, ==, 2);
	cp_model_free(m);
	if (cp_diags_len(fx->d) != 3)
		show(fx);
	g_assert_cmpuint(cp_diags_len(fx->d), ==, 3);

	/* the issue file itself missing, or a folder */
	g_assert_null(cp_load_issue("nothere.yaml", NULL, fx->d));
	expect(fx, CP_DIAG_MISSING_FILE, "nothere.yaml", 0, 0);
	g_assert_cmpint(g_mkdir("dir.yaml", 0755), ==, 0);
	g_assert_null(cp_load_issue("dir.yaml", NULL, fx->d));
	expect(fx, CP_DIAG_NOT_A_FILE, "dir.yaml", 0, 0);
}

static void test_wrong_types(fixture *fx, gconstpointer data)
{
	put("issue.yaml", "magazine: [CAN]\nnumber: x1\ndate: 2026-01-01\npublisher: p\n"
	                  "colophon: text\n"
	                  "contents: toc\n");
	load(fx, "issue.yaml");
	const cp_diag *dg = expect(fx, CP_DIAG_WRONG_TYPE, "issue.yaml", 1, 11);
	g_assert_cmpstr(dg->msg, ==, "'magazine' must be text, not a list");
	dg = expect(fx, CP_DIAG_WRONG_TYPE, "issue.yaml", 2, 9);
	g_assert_cmpstr(dg->msg, ==, "'number' must be an integer, not 'x1'");
	dg = expect(fx, CP_DIAG_WRONG_TYPE, "issue.yaml", 5, 11);
	g_assert_cmpstr(dg->msg, ==, "'colophon' must be a mapping, not text");
	dg = expect(fx, CP_DIAG_WRONG_TYPE, "issue.yaml", 6, 11);
	g_assert_cmpstr(dg->msg, ==, "'contents' must be a list, not text");
	g_assert_cmpuint(cp_diags_len(fx->d), ==, 4);
}

static void test_images_direct(fixture *fx, gconstpointer data)
{
	cp_model *m = cp_model_new();
	m->file = "issue.yaml";
	put_bytes("img/a.png", png_3x2, sizeof png_3x2);
	put_bytes("img/b.jpg", jpeg_640x480, sizeof jpeg_640x480);
	/* a truncated JPEG and a PNG beyond the size limit */
	put_bytes("img/short.jpg", jpeg_640x480, 12);
	unsigned char big[sizeof png_3x2];
	memcpy(big, png_3x2, sizeof big);
	big[16] = 0;
	big[17] = 0;
	big[18] = 0x4e;
	big[19] = 0x21; /* 20001 px wide */
	put_bytes("img/big.png", big, sizeof big);
	cp_span at = cp_span_at(cp_diags_add_file(fx->d, "issue.yaml"), 4, 2);
	g_assert_cmpint(cp_load_image(m, "issue.yaml", "img/a.png", at, fx->d), ==, 0);
	g_assert_cmpint(cp_load_image(m, "x/../issue.yaml", "./img/b.jpg", at, fx->d), ==, 1);
	/* the same file again is the same image */
	g_assert_cmpint(cp_load_image(m, "img/x.yaml", "a.png", at, fx->d), ==, 0);
	g_assert_cmpint(cp_load_image(m, "issue.yaml", "img/short.jpg", at, fx->d), ==, -1);
	g_assert_cmpint(cp_load_image(m, "issue.yaml", "img/big.png", at, fx->d), ==, -1);
	g_assert_cmpuint(m->n_images, ==, 2);
	expect(fx, CP_DIAG_BAD_IMAGE, "issue.yaml", 4, 2);
	expect(fx, CP_DIAG_LIMIT, "issue.yaml", 4, 2);
	/* outside the issue's folder: a warning, still probed */
	g_autofree char *outside = g_build_filename(fx->dir, "img", "a.png", NULL);
	g_assert_cmpint(g_mkdir("sub", 0755), ==, 0);
	m->file = "sub/issue.yaml";
	g_assert_cmpint(cp_load_image(m, "sub/issue.yaml", "../img/b.jpg", at, fx->d), ==, 1);
	put_bytes("img/c.png", png_3x2, sizeof png_3x2);
	g_assert_cmpint(cp_load_image(m, "sub/issue.yaml", "../img/c.png", at, fx->d), ==, 2);
	g_assert_cmpuint(cp_diags_count(fx->d, CP_WARNING), ==, 1);
	/* images are told apart by their cleaned path, so an absolute path to
	 * a known file is another entry (and outside too) */
	g_assert_cmpint(cp_load_image(m, "sub/issue.yaml", outside, at, fx->d), ==, 3);
	g_assert_cmpuint(cp_diags_count(fx->d, CP_WARNING), ==, 2);
	/* many images grow the array */
	for (int i = 0; i < 20; i++) {
		g_autofree char *name = g_strdup_printf("img/n%d.png", i);
		put_bytes(name, png_3x2, sizeof png_3x2);
		g_assert_cmpint(cp_load_image(m, "issue.yaml", name, at, fx->d), ==, 4 + i);
	}
	g_assert_cmpstr(m->images[23].path, ==, "img/n19.png");
	cp_model_free(m);
}

/* File size (before reading), scalar size and node count, each its own LIMIT. */
static void test_size_limits(fixture *fx, gconstpointer data)
{
	GString *s = g_string_new("magazine: ");
	while (s->len <= 4u * 1024u * 1024u)
		g_string_append(s, "ああああああああああ");
	put("big.yaml", s->str);
	g_assert_null(cp_load_issue("big.yaml", NULL, fx->d));
	const cp_diag *dg = expect(fx, CP_DIAG_LIMIT, "big.yaml", 0, 0);
	g_assert_cmpstr(dg->msg, ==, "the file is larger than 4 MiB (limit: file size)");

	g_string_assign(s, "magazine: CAN\nnumber: 1\ntitle: ");
	for (int i = 0; i < 256 * 1024 / 8 + 1; i++)
		g_string_append(s, "abcdefgh");
	g_string_append_c(s, '\n');
	put("long.yaml", s->str);
	g_assert_null(cp_load_issue("long.yaml", NULL, fx->d));
	dg = expect(fx, CP_DIAG_LIMIT, "long.yaml", 3, 8);
	g_assert_true(g_str_has_suffix(dg->msg, "(limit: scalar size)"));

	g_string_assign(s, "magazine: [");
	for (int i = 0; i < 200000; i++)
		g_string_append(s, "0,");
	g_string_append(s, "0]\n");
	put("many.yaml", s->str);
	g_assert_null(cp_load_issue("many.yaml", NULL, fx->d));
	dg = expect(fx, CP_DIAG_LIMIT, "many.yaml", 1, 400006);
	g_assert_cmpstr(dg->msg, ==, "more than 200000 values in one file (limit: nodes per file)");
	g_assert_cmpuint(cp_diags_len(fx->d), ==, 3);
	g_string_free(s, TRUE);
}

/* The minimal issue in docs/format.md loads without a single diagnostic. */
static void test_docs_example(fixture *fx, gconstpointer data)
{
	g_autofree char *doc =
	    g_build_filename(g_getenv("CP_SOURCE_DIR"), "docs", "format.md", NULL);
	g_autofree char *text = NULL;
	g_assert_true(g_file_get_contents(doc, &text, NULL, NULL));
	const char *start = strstr(text, "## A minimal complete issue");
	const char *end = strstr(text, "## YAML in five rules");
	g_assert_true(start != NULL && end != NULL && start < end);
	g_autofree char *section = g_strndup(start, (size_t)(end - start));
	GRegex *re = g_regex_new("`([^`]+)`:\n\n```yaml\n(.*?)```", G_REGEX_DOTALL, 0, NULL);
	GMatchInfo *mi = NULL;
	int files = 0;
	g_regex_match(re, section, 0, &mi);
	while (g_match_info_matches(mi)) {
		g_autofree char *name = g_match_info_fetch(mi, 1);
		g_autofree char *body = g_match_info_fetch(mi, 2);
		g_autofree char *path = g_build_filename("can-12", name, NULL);
		put(path, body);
		files++;
		g_match_info_next(mi, NULL);
	}
	g_match_info_free(mi);
	g_regex_unref(re);
	g_assert_cmpint(files, ==, 3);
	load(fx, "can-12/issue.yaml");
	expect_none(fx);
	g_assert_cmpuint(fx->m->n_parts, ==, 5);
	g_assert_cmpuint(fx->m->members[0].n_intro, ==, 2);
	g_assert_cmpstr(
	    fx->m->members[0].intro[0].s, ==,
	    "創業四十年の小さな印刷所です。名刺から冊子まで、一枚ずつ確かめて刷っています。");
	g_assert_cmpuint(fx->m->articles[0].body_line, ==, 4);
	g_assert_cmpuint(fx->m->articles[0].body_col, ==, 3);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	cp_load_init();
#define T(name, fn) g_test_add("/load/" name, fixture, NULL, fx_setup, fn, fx_teardown)
	T("good-issue", test_good_issue);
	T("paths-relative", test_paths_relative);
	T("dates", test_dates);
	T("units-and-layout-path", test_units_and_layout_path);
	T("defaults-match-a4-yoko", test_defaults_match_a4_yoko);
	T("intro-paragraphs", test_intro_paragraphs);
	T("halfwidth-kana", test_halfwidth_kana);
	T("folded-japanese", test_folded_japanese);
	T("unknown-and-duplicate-keys", test_unknown_and_duplicate_keys);
	T("missing-files", test_missing_files);
	T("unknown-layout", test_unknown_layout);
	T("alias-bomb", test_alias_bomb);
	T("depth-limit", test_depth_limit);
	T("syntax-tab-encoding", test_syntax_tab_encoding);
	T("wrong-types", test_wrong_types);
	T("images-direct", test_images_direct);
	T("size-limits", test_size_limits);
	T("docs-example", test_docs_example);
#undef T
	return g_test_run();
}
