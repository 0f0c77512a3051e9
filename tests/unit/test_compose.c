/* test_compose.c - compose on its own, from the model to the display list:
 * the sample issue (content-samples/) and the small golden issue go
 * through load, markup, a typesetter and cp_compose_issue, and the result
 * is checked for what compose promises rather than against a dump: page
 * count a multiple of 4, the cover first and the colophon last, folios
 * printed exactly on the pages that are neither the cover nor blank (the
 * one place that rule lives, cp_dl_page.folio_printed), every item on its
 * page, body lines on the layout's grid, no errors. A layout whose type
 * area cannot fit fails with a layout error and no display list. */
#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "base/units.h"
#include "compose/compose.h"
#include "compose/compose_int.h"
#include "load/load.h"
#include "markup/markup.h"

typedef struct composed {
	cp_diags *d;
	cp_model *m;
	cp_markup_doc **docs;
	cp_typesetter *ts;
	cp_dl *dl;
} composed;

static char *source_path(const char *rel)
{
	const char *src = g_getenv("CP_SOURCE_DIR");
	g_assert_nonnull(src);
	return g_build_filename(src, rel, NULL);
}

/* Runs the stages as the cli does (cli/pipeline.c), stopping at the first
 * stage that reports an error. */
static void compose_issue(composed *c, const char *issue_path)
{
	memset(c, 0, sizeof *c);
	c->d = cp_diags_new();
	g_autofree char *layouts = source_path("layouts");
	g_autofree char *fonts = source_path("fonts/fonts.conf");
	c->m = cp_load_issue(issue_path, layouts, c->d);
	if (c->m == NULL || cp_diags_has_errors(c->d))
		return;
	c->docs = g_new0(cp_markup_doc *, c->m->n_articles + 1);
	for (size_t i = 0; i < c->m->n_articles; i++) {
		const cp_article *a = &c->m->articles[i];
		const char *body = a->body.s != NULL ? a->body.s : "";
		c->docs[i] = cp_markup_parse(body, strlen(body), a->span.file, a->body_line,
		                             a->body_col, c->d);
		for (size_t k = 0; k < c->docs[i]->n_blocks; k++) {
			cp_mk_block *b = &c->docs[i]->blocks[k];
			if (b->kind == CP_MK_FIGURE && b->image != NULL)
				b->image_index =
				    cp_load_image(c->m, a->file, b->image, b->span, c->d);
		}
	}
	if (cp_diags_has_errors(c->d))
		return;
	c->ts = cp_ts_new(fonts, c->d);
	g_assert_nonnull(c->ts);
	c->dl = cp_compose_issue(c->m, c->docs, c->ts, c->d);
}

static void composed_clear(composed *c)
{
	cp_dl_free(c->dl);
	if (c->docs != NULL)
		for (size_t i = 0; i < c->m->n_articles; i++)
			cp_markup_doc_free(c->docs[i]);
	g_free(c->docs);
	cp_ts_free(c->ts);
	cp_model_free(c->m);
	cp_diags_free(c->d);
}

static void assert_no_errors(const composed *c)
{
	if (cp_diags_has_errors(c->d))
		cp_diags_print(c->d, stderr);
	g_assert_false(cp_diags_has_errors(c->d));
	g_assert_nonnull(c->dl);
}

/* The page properties every composed issue has. */
static void check_pages(const cp_dl *dl)
{
	size_t n = cp_dl_page_count(dl);
	g_assert_cmpuint(n, >=, 4);
	g_assert_cmpuint(n % 4, ==, 0);
	cp_dl_check(dl);
	size_t printed = 0;
	for (size_t i = 0; i < n; i++) {
		const cp_dl_page *p = cp_dl_page_get(dl, i);
		g_assert_cmpint(p->number, ==, (int)i + 1);
		if (i == 0) {
			/* the cover: labelled, no folio */
			g_assert_cmpstr(p->label, ==, "表紙");
			g_assert_false(p->folio_printed);
		} else if (p->blank) {
			g_assert_false(p->folio_printed);
			g_assert_cmpuint(cp_dl_item_count(p), ==, 0);
		} else {
			/* the folio printed is the page's own number */
			g_autofree char *num = g_strdup_printf("%d", p->number);
			g_assert_true(p->folio_printed);
			g_assert_cmpstr(p->label, ==, num);
			printed++;
		}
		/* every item on the page, bleed included */
		for (size_t k = 0; k < cp_dl_item_count(p); k++) {
			const cp_dl_item *it = cp_dl_item_get(p, k);
			double x = 0;
			double y = 0;
			switch (it->kind) {
			case CP_DL_GLYPHS:
				x = it->u.glyphs.x;
				y = it->u.glyphs.y;
				break;
			case CP_DL_RULE:
				x = it->u.rule.x0;
				y = it->u.rule.y0;
				break;
			case CP_DL_RECT:
				x = it->u.rect.x;
				y = it->u.rect.y;
				break;
			default:
				continue;
			}
			g_assert_cmpfloat(x, >=, -p->bleed - 0.01);
			g_assert_cmpfloat(x, <=, p->width + p->bleed + 0.01);
			g_assert_cmpfloat(y, >=, -p->bleed - 0.01);
			g_assert_cmpfloat(y, <=, p->height + p->bleed + 0.01);
		}
	}
	g_assert_cmpuint(printed, >=, 2);
}

static void test_sample(void)
{
	g_autofree char *issue = source_path("content-samples/issue.yaml");
	composed c;
	compose_issue(&c, issue);
	assert_no_errors(&c);
	check_pages(c.dl);
	/* the sample has blank padding or not; either way the last page is the
	 * colophon, which is never blank */
	const cp_dl_page *last = cp_dl_page_get(c.dl, cp_dl_page_count(c.dl) - 1);
	g_assert_false(last->blank);
	g_assert_cmpstr(c.dl->meta.title, !=, NULL);
	g_assert_cmpstr(c.dl->meta.date, !=, NULL);
	composed_clear(&c);
}

/* Body lines sit on one grid: the baselines of justified lines as wide as
 * the body measure (chars x size), taken modulo the layout's pitch, all
 * have the same phase, on every page and in every column. */
static void test_grid(void)
{
	g_autofree char *issue = source_path("content-samples/issue.yaml");
	composed c;
	compose_issue(&c, issue);
	assert_no_errors(&c);
	const cp_layout *L = &c.m->layout;
	double size = cp_unit_to_pt(L->body_size.len, 0);
	double pitch = cp_unit_to_pt(L->body_pitch.len, size);
	double measure = L->chars * size;
	g_assert_cmpfloat(pitch, >, 1.0);
	g_assert_cmpfloat(measure, >, 10.0);
	double phase = NAN;
	size_t checked = 0;
	for (size_t i = 0; i < cp_dl_page_count(c.dl); i++) {
		const cp_dl_page *p = cp_dl_page_get(c.dl, i);
		for (size_t k = 0; k < cp_dl_item_count(p); k++) {
			const cp_dl_item *it = cp_dl_item_get(p, k);
			if (it->kind != CP_DL_GLYPHS || !it->u.glyphs.justified)
				continue;
			const cp_dl_glyphs *g = &it->u.glyphs;
			if (fabs(g->line_x1 - g->line_x0 - measure) > 0.01)
				continue;
			double ph = fmod(g->y, pitch);
			if (isnan(phase))
				phase = ph;
			double diff = fabs(ph - phase);
			g_assert_cmpfloat(MIN(diff, pitch - diff), <, 0.01);
			checked++;
		}
	}
	/* a check that found nothing proves nothing */
	g_assert_cmpuint(checked, >, 100);
	composed_clear(&c);
}

static void test_small(void)
{
	g_autofree char *issue = source_path("tests/golden/small/issue.yaml");
	composed c;
	compose_issue(&c, issue);
	assert_no_errors(&c);
	check_pages(c.dl);
	composed_clear(&c);
}

/* A type area wider than the page: a layout error, no display list. */
static void test_area_too_wide(void)
{
	g_autofree char *dir = g_dir_make_tmp("cp-compose-XXXXXX", NULL);
	g_assert_nonnull(dir);
	g_autofree char *issue = g_build_filename(dir, "issue.yaml", NULL);
	g_autofree char *layout = g_build_filename(dir, "wide.yaml", NULL);
	g_assert_true(g_file_set_contents(issue,
	                                  "magazine: CAN\nnumber: 1\ndate: 2026-04-01\n"
	                                  "publisher: 絆餐会\nlayout: wide.yaml\n"
	                                  "contents: [toc]\n",
	                                  -1, NULL));
	g_assert_true(g_file_set_contents(layout, "body:\n  chars: 60\n  columns: 3\n", -1, NULL));
	composed c;
	compose_issue(&c, issue);
	g_assert_null(c.dl);
	g_assert_true(cp_diags_has_errors(c.d));
	composed_clear(&c);
	g_unlink(issue);
	g_unlink(layout);
	g_rmdir(dir);
}

/* On an A5 page the cover's name, at the size the a4 style gives it, ran
 * into the issue number beside it: the name shrinks until they keep a
 * gap, and stays inside the area. */
static void test_cover_masthead_a5(void)
{
	g_autofree char *dir = g_dir_make_tmp("cp-compose-XXXXXX", NULL);
	g_assert_nonnull(dir);
	g_autofree char *issue = g_build_filename(dir, "issue.yaml", NULL);
	g_autofree char *layout = g_build_filename(dir, "a5.yaml", NULL);
	g_assert_true(g_file_set_contents(issue,
	                                  "magazine: CAN\nnumber: 12\ndate: 2026-04-01\n"
	                                  "publisher: 絆餐会\nlayout: a5.yaml\n"
	                                  "cover:\n  headline: 春の号\n"
	                                  "contents: [cover, toc]\n",
	                                  -1, NULL));
	g_assert_true(g_file_set_contents(
	    layout,
	    "page:\n  size: A5\nmargins: {top: 15mm, bottom: 15mm, inner: 15mm, outer: 12mm}\n"
	    "body: {size: 12Q, pitch: 20H, columns: 2, chars: 16, lines: 34, column_gap: 1zw}\n",
	    -1, NULL));
	composed c;
	compose_issue(&c, issue);
	assert_no_errors(&c);
	const cp_dl_page *cover = cp_dl_page_get(c.dl, 0);
	const cp_dl_glyphs *name = NULL, *mark = NULL;
	for (size_t i = 0; i < cp_dl_item_count(cover); i++) {
		const cp_dl_item *it = cp_dl_item_get(cover, i);
		if (it->kind != CP_DL_GLYPHS)
			continue;
		if (strcmp(it->u.glyphs.text, "CAN") == 0)
			name = &it->u.glyphs;
		else if (strcmp(it->u.glyphs.text, "Vol.12") == 0)
			mark = &it->u.glyphs;
	}
	g_assert_nonnull(name);
	g_assert_nonnull(mark);
	g_assert_cmpfloat(name->x + name->width, <, mark->x);
	g_assert_cmpfloat(name->x, >=, 0);
	composed_clear(&c);
	g_unlink(issue);
	g_unlink(layout);
	g_rmdir(dir);
}

/* Whether some glyph run on a page of dl shows exactly text. */
static bool shows_run(const cp_dl *dl, const char *text)
{
	for (size_t p = 0; p < cp_dl_page_count(dl); p++) {
		const cp_dl_page *page = cp_dl_page_get(dl, p);
		for (size_t i = 0; i < cp_dl_item_count(page); i++) {
			const cp_dl_item *it = cp_dl_item_get(page, i);
			if (it->kind == CP_DL_GLYPHS && it->u.glyphs.text != NULL &&
			    strcmp(it->u.glyphs.text, text) == 0)
				return true;
		}
	}
	return false;
}

/* A long name on a card and in the member index: the representative's
 * reading that does not fit after the name takes its own line whole (not
 * はせがわ そうえ | もんたろう), and the index breaks a company name between
 * phrases (大阪南支店 whole, not 大 | 阪南支店). */
static void test_card_long_names(void)
{
	g_autofree char *dir = g_dir_make_tmp("cp-compose-XXXXXX", NULL);
	g_assert_nonnull(dir);
	g_autofree char *issue = g_build_filename(dir, "issue.yaml", NULL);
	g_autofree char *member = g_build_filename(dir, "m.yaml", NULL);
	g_assert_true(
	    g_file_set_contents(member,
	                        "company: 株式会社ＡＢＣホールディングス・ジャパン 大阪南支店\n"
	                        "company_kana: えーびーしー\nrepresentative: 長谷川 左右衛門太郎\n"
	                        "representative_kana: はせがわ そうえもんたろう\nindustry: リース\n"
	                        "catch: 借りるで身軽に。\nintro: 事務機器のリースです。\n"
	                        "contact:\n  tel: 06-6633-0000\n",
	                        -1, NULL));
	const char *const layouts[2] = {"a4-yoko", "b5-tate"};
	for (size_t k = 0; k < 2; k++) {
		g_autofree char *text = g_strdup_printf(
		    "magazine: CAN\nnumber: 1\ndate: 2026-04-01\npublisher: 絆餐会\n"
		    "layout: %s\ncover:\n  headline: 春の号\ncontents:\n  - members: [m.yaml]\n",
		    layouts[k]);
		g_assert_true(g_file_set_contents(issue, text, -1, NULL));
		composed c;
		compose_issue(&c, issue);
		assert_no_errors(&c);
		/* the reading: whole, on the name's line or its own */
		if (k == 0)
			g_assert_true(shows_run(c.dl, "はせがわ そうえもんたろう") ||
			              shows_run(c.dl, "　はせがわ そうえもんたろう"));
		else /* the index's name column is narrower on B5 */
			g_assert_true(shows_run(c.dl, "大阪南支店"));
		composed_clear(&c);
	}
	g_unlink(issue);
	g_unlink(member);
	g_rmdir(dir);
}

/* The one diagnostic held, which must have code. */
static const cp_diag *only(const cp_diags *d, cp_diag_code code)
{
	g_assert_cmpuint(cp_diags_len(d), ==, 1);
	const cp_diag *dg = cp_diags_get(d, 0);
	g_assert_cmpint(dg->code, ==, code);
	return dg;
}

/* A title an editor broke on two lines is one line where it is set as one
 * (contents, running heads, bookmarks): joined solid between Japanese, with
 * a space between Latin words, the blanks around the break dropped; the
 * notations' bases only in the plain form. */
static void test_one_line(void)
{
	g_autoptr(cp_dl) dl = cp_dl_new();
	cp_compose c = {0};
	c.dl = dl;
	const char *same = "紙の話";
	g_assert_true(cp_compose_one_line(&c, same) == same);
	g_assert_null(cp_compose_one_line(&c, NULL));
	g_assert_cmpstr(cp_compose_one_line(&c, "マークダウンの\nいろいろ"), ==,
	                "マークダウンのいろいろ");
	g_assert_cmpstr(cp_compose_one_line(&c, "Web \r\n  サイト"), ==, "Webサイト");
	g_assert_cmpstr(cp_compose_one_line(&c, "CAN\nVol.7\n"), ==, "CAN Vol.7");
	g_assert_cmpstr(cp_compose_one_line(&c, "\n\n"), ==, "");
	g_assert_cmpstr(cp_compose_plain(&c, "三代目が語る、\n{時間|じかん}"), ==,
	                "三代目が語る、時間");
}

/* Supplied PDF pages (issue 15): load registers them (once per file and
 * page, refusing what is not a PDF), and cp_compose_artwork places a read
 * one centred in its frame, at 100 % or scaled to fit, checks its images'
 * resolution at the placed scale, and places nothing for one not read. */

/* --- member cards: vertical, readings as ruby (issue 14) ----------------- */

/* An issue of one member card in a fresh folder, on a layout of a4-yoko
 * with `cards:` holding cards_keys (YAML lines); the caller removes it. */
static char *card_issue_of(const char *cards_keys, const char *company)
{
	GError *err = NULL;
	char *dir = g_dir_make_tmp("cp-cards-XXXXXX", &err);
	g_assert_no_error(err);
	g_autofree char *members = g_build_filename(dir, "members", NULL);
	g_assert_cmpint(g_mkdir(members, 0700), ==, 0);
	const char *issue = "magazine: CAN\nnumber: 1\ndate: 2026-12-01\npublisher: 絆餐会\n"
	                    "layout: lay.yaml\ncontents:\n  - members: members\n";
	g_autofree char *lay = g_strdup_printf("cards:\n  columns: 2\n%s", cards_keys);
	g_autofree char *member =
	    g_strconcat(company,
	                "representative: 山田 太郎\nrepresentative_kana: やまだ たろう\n"
	                "industry: 和菓子\ncatch: 季節の生菓子を、ひとつずつ。\n"
	                "intro: 町の小さな和菓子屋です。季節ごとに12種類ほどの生菓子をつくり、"
	                "SNSでもお知らせしています。お茶会や法事の折詰もご相談ください。"
	                "店先の床几でひと休みしていく方も、どうぞ。\n"
	                "contact:\n  tel: 06-0000-0042\n"
	                "referred_by: \"{東海林|しょうじ} 誠\"\n",
	                NULL);
	const char *files[][2] = {
	    {"issue.yaml", issue}, {"lay.yaml", lay}, {"members/a.yaml", member}};
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		g_autofree char *path = g_build_filename(dir, files[i][0], NULL);
		g_assert_true(g_file_set_contents(path, files[i][1], -1, &err));
		g_assert_no_error(err);
	}
	return dir;
}

/* The card of 大和屋 はなれ: 大和屋 takes やまとや; the kana はなれ of the
 * name takes none. */
static char *card_issue(const char *cards_keys)
{
	return card_issue_of(cards_keys, "company: 大和屋 はなれ\ncompany_kana: やまとやはなれ\n");
}

static void card_issue_remove(char *dir)
{
	const char *files[] = {"members/a.yaml", "lay.yaml", "issue.yaml", "members", ""};
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		g_autofree char *path = g_build_filename(dir, files[i], NULL);
		g_assert_cmpint(g_remove(path), ==, 0);
	}
	g_free(dir);
}

/* The glyph run on the cards' page whose text starts with text (an
 * annotation or not). */
static const cp_dl_glyphs *find_run(const cp_dl_page *p, const char *text, bool annot)
{
	for (size_t k = 0; k < cp_dl_item_count(p); k++) {
		const cp_dl_item *it = cp_dl_item_get(p, k);
		const cp_dl_glyphs *g = &it->u.glyphs;
		if (it->kind == CP_DL_GLYPHS && g->annotation == annot &&
		    g_str_has_prefix(g->text, text))
			return g;
	}
	return NULL;
}

/* Where characters [first, first + n) of a run of full-width characters
 * (one glyph each, an em each) start and end along its line (x in
 * horizontal lines, y in vertical ones), from their glyph origins: an
 * upright glyph's origin lies `drop` ems below its em box's top (the
 * font's vertical origin; 0 in horizontal lines). */
static void chars_extent(const cp_dl *dl, const cp_dl_glyphs *g, size_t first, size_t n,
                         double drop, double *a, double *b)
{
	bool v = g->in_vertical_line;
	double size = g_array_index(dl->fonts, cp_dl_font, g->font).size;
	g_assert_cmpuint(first + n, <=, g->n_glyphs);
	for (size_t i = 0; i < first + n; i++)
		g_assert_cmpuint(g->clusters[i].n_glyphs, ==, 1);
	double start = (v ? g->y : g->x) - drop * size;
	*a = start + (v ? g->glyphs[first].y : g->glyphs[first].x);
	size_t last = first + n - 1;
	*b = start + (v ? g->glyphs[last].y : g->glyphs[last].x) + size;
}

/* The page of the card (the directory's index comes first). */
static const cp_dl_page *card_page(const composed *c)
{
	for (size_t i = 0; i < cp_dl_page_count(c->dl); i++) {
		const cp_dl_page *p = cp_dl_page_get(c->dl, i);
		if (find_run(p, "季節の生菓子", false) != NULL)
			return p;
	}
	g_assert_not_reached();
}

/* `readings: ruby`: the reading over the name's kanji only, centred on
 * them within 0.01 pt, above the line (horizontal) or right of it
 * (vertical); the representative's parts each take theirs. */
static void check_ruby(bool vertical)
{
	char *dir =
	    card_issue(vertical ? "  writing: vertical\n  readings: ruby\n" : "  readings: ruby\n");
	g_autofree char *issue = g_build_filename(dir, "issue.yaml", NULL);
	composed c;
	compose_issue(&c, issue);
	assert_no_errors(&c);
	const cp_dl_page *p = card_page(&c);
	/* the annotations are the three readings, nothing over はなれ */
	size_t n_annot = 0;
	for (size_t k = 0; k < cp_dl_item_count(p); k++) {
		const cp_dl_item *it = cp_dl_item_get(p, k);
		if (it->kind != CP_DL_GLYPHS || !it->u.glyphs.annotation)
			continue;
		const char *t = it->u.glyphs.text;
		/* the referral's own ruby, in the horizontal foot */
		if (strcmp(t, "しょうじ") == 0)
			continue;
		g_assert_true(strcmp(t, "やまとや") == 0 || strcmp(t, "やまだ") == 0 ||
		              strcmp(t, "たろう") == 0);
		g_assert_cmpint(it->u.glyphs.in_vertical_line, ==, vertical);
		n_annot++;
	}
	g_assert_cmpuint(n_annot, ==, 3);
	struct {
		const char *base, *reading;
		size_t chars;
	} want[] = {{"大和屋", "やまとや", 3}, {"山田", "やまだ", 2}, {"太郎", "たろう", 2}};
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		const cp_dl_glyphs *base = find_run(p, want[i].base, false);
		size_t skip = 0;
		if (base == NULL) {
			/* 太郎 in one run with 山田 (horizontal lines): its
			 * characters 3 and 4 */
			base = find_run(p, "山田 ", false);
			skip = 3;
		}
		const cp_dl_glyphs *rb = find_run(p, want[i].reading, true);
		g_assert_nonnull(base);
		g_assert_nonnull(rb);
		/* the font's vertical origin, from the base's first glyph,
		 * which starts its run */
		double bsize = g_array_index(c.dl->fonts, cp_dl_font, base->font).size;
		double drop = vertical ? base->glyphs[0].y / bsize : 0.0;
		if (!vertical)
			g_assert_cmpfloat(fabs(base->glyphs[0].x), <, 0.001);
		double a, b, ra, rz;
		chars_extent(c.dl, base, skip, want[i].chars, drop, &a, &b);
		chars_extent(c.dl, rb, 0, g_utf8_strlen(want[i].reading, -1), drop, &ra, &rz);
		g_assert_cmpfloat(fabs((ra + rz) / 2 - (a + b) / 2), <, 0.01);
		if (vertical)
			g_assert_cmpfloat(rb->x, >, base->x);
		else
			g_assert_cmpfloat(rb->y, <, base->y);
	}
	/* no reading line: the readings are ruby */
	g_assert_null(find_run(p, "やまとやはなれ", false));
	composed_clear(&c);
	card_issue_remove(dir);
}

static void test_cards_ruby(void)
{
	check_ruby(false);
}

static void test_cards_ruby_vertical(void)
{
	check_ruby(true);
}

/* A legal form the reading leaves out takes no ruby; one the reading
 * gives takes its own: the readings stand over the right characters. */
static void test_cards_ruby_legal_form(void)
{
	struct {
		const char *company, *reading, *base;
		size_t skip, chars;
	} cases[] = {{"company: 株式会社大和屋\ncompany_kana: やまとや\n", "やまとや",
	              "株式会社大和屋", 4, 3},
	             {"company: 大和屋有限会社\ncompany_kana: やまとやゆうげんがいしゃ\n",
	              "ゆうげんがいしゃ", "大和屋有限会社", 3, 4}};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *dir = card_issue_of("  readings: ruby\n", cases[i].company);
		g_autofree char *issue = g_build_filename(dir, "issue.yaml", NULL);
		composed c;
		compose_issue(&c, issue);
		assert_no_errors(&c);
		const cp_dl_page *p = card_page(&c);
		const cp_dl_glyphs *base = find_run(p, cases[i].base, false);
		const cp_dl_glyphs *rb = find_run(p, cases[i].reading, true);
		g_assert_nonnull(base);
		g_assert_nonnull(rb);
		double a, b, ra, rz;
		chars_extent(c.dl, base, cases[i].skip, cases[i].chars, 0, &a, &b);
		chars_extent(c.dl, rb, 0, g_utf8_strlen(cases[i].reading, -1), 0, &ra, &rz);
		g_assert_cmpfloat(fabs((ra + rz) / 2 - (a + b) / 2), <, 0.01);
		composed_clear(&c);
		card_issue_remove(dir);
	}
}

/* Without `readings`, the readings are a line of their own: no ruby. */
static void test_cards_readings_default(void)
{
	char *dir = card_issue("");
	g_autofree char *issue = g_build_filename(dir, "issue.yaml", NULL);
	composed c;
	compose_issue(&c, issue);
	assert_no_errors(&c);
	g_assert_cmpint(c.m->layout.card_readings, ==, CP_READINGS_LINE);
	const cp_dl_page *p = card_page(&c);
	/* the referral's reading is the only ruby; no notation typed out */
	size_t n_annot = 0;
	for (size_t k = 0; k < cp_dl_item_count(p); k++) {
		const cp_dl_item *it = cp_dl_item_get(p, k);
		if (it->kind != CP_DL_GLYPHS)
			continue;
		g_assert_false(it->u.glyphs.in_vertical_line);
		g_assert_null(strchr(it->u.glyphs.text, '{'));
		g_assert_null(strchr(it->u.glyphs.text, '|'));
		if (it->u.glyphs.annotation) {
			g_assert_cmpstr(it->u.glyphs.text, ==, "しょうじ");
			n_annot++;
		}
	}
	g_assert_cmpuint(n_annot, ==, 1);
	g_assert_nonnull(find_run(p, "紹介：東海林", false));
	g_assert_nonnull(find_run(p, "やまとやはなれ", false));
	composed_clear(&c);
	card_issue_remove(dir);
}

/* `writing: vertical`: the introduction's lines stand on axes one card
 * text pitch apart, right to left, each starting at the card's inner top
 * (the first one indented 1 zw); short numbers upright (12), Western
 * words turned (SNS); the header's axes right of the text's. */
static void test_cards_vertical_axes(void)
{
	char *dir = card_issue("  writing: vertical\n");
	g_autofree char *issue = g_build_filename(dir, "issue.yaml", NULL);
	composed c;
	compose_issue(&c, issue);
	assert_no_errors(&c);
	const cp_layout *L = &c.m->layout;
	double body = cp_unit_to_pt(L->body_size.len, 0);
	double size = cp_unit_to_pt(L->styles[CP_STYLE_CARD_TEXT].size.len, body);
	double pitch = cp_unit_to_pt(L->styles[CP_STYLE_CARD_TEXT].pitch.len, size);
	double pad = cp_unit_to_pt(L->card_padding.len, body);
	const cp_dl_page *p = card_page(&c);
	/* the card's frame: the first rect */
	double top = NAN;
	for (size_t k = 0; k < cp_dl_item_count(p) && isnan(top); k++) {
		const cp_dl_item *it = cp_dl_item_get(p, k);
		if (it->kind == CP_DL_RECT)
			top = it->u.rect.y + pad;
	}
	g_assert_false(isnan(top));
	const char *intro = c.m->members[0].intro[0].s;
	GArray *axes = g_array_new(FALSE, FALSE, sizeof(double));
	GArray *tops = g_array_new(FALSE, FALSE, sizeof(double));
	bool tcy = false, turned = false;
	for (size_t k = 0; k < cp_dl_item_count(p); k++) {
		const cp_dl_item *it = cp_dl_item_get(p, k);
		const cp_dl_glyphs *g = &it->u.glyphs;
		if (it->kind != CP_DL_GLYPHS || g->annotation || strstr(intro, g->text) == NULL ||
		    fabs(g_array_index(c.dl->fonts, cp_dl_font, g->font).size - size) > 0.01)
			continue;
		g_assert_true(g->in_vertical_line);
		if (g_str_has_prefix(g->text, "12") && !g->vertical && !g->rotated)
			tcy = true;
		if (g_str_has_prefix(g->text, "SNS") && g->rotated)
			turned = true;
		if (!g->vertical)
			continue;
		bool seen = false;
		for (guint i = 0; i < axes->len; i++)
			if (fabs(g_array_index(axes, double, i) - g->x) < 0.01) {
				seen = true;
				double *t = &g_array_index(tops, double, i);
				*t = fmin(*t, g->y);
			}
		if (!seen) {
			g_array_append_val(axes, g->x);
			g_array_append_val(tops, g->y);
		}
	}
	g_assert_true(tcy);
	g_assert_true(turned);
	g_assert_cmpuint(axes->len, >=, 3);
	for (guint i = 0; i < axes->len; i++) {
		double x = g_array_index(axes, double, i);
		double t = g_array_index(tops, double, i);
		/* in reading order: right to left, one pitch apart */
		if (i > 0)
			g_assert_cmpfloat(fabs(g_array_index(axes, double, i - 1) - x - pitch), <,
			                  0.01);
		g_assert_cmpfloat(fabs(t - (i == 0 ? top + size : top)), <, 0.01);
	}
	/* the company's line right of the text */
	const cp_dl_glyphs *name = find_run(p, "大和屋", false);
	g_assert_nonnull(name);
	g_assert_true(name->vertical);
	g_assert_cmpfloat(name->x, >, g_array_index(axes, double, 0) + pitch);
	g_array_unref(axes);
	g_array_unref(tops);
	composed_clear(&c);
	card_issue_remove(dir);
}

/* Text with notations is measured and shortened by its bases (issue 14
 * point 5): {漢字|かんじ} is as wide as 漢字 (its reading is shorter), not
 * as its braces and reading typed out; a shortened text is cut in its
 * bases, the reading dropped, a notation character of the bases escaped. */
static void test_notation_width(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autofree char *fonts = source_path("fonts/fonts.conf");
	g_autoptr(cp_typesetter) ts = cp_ts_new(fonts, d);
	g_assert_nonnull(ts);
	cp_compose c = {0};
	c.ts = ts;
	c.d = d;
	cp_ts_style st = {
	    .family = "Noto Serif CJK JP", .weight = 400, .size = 10.0, .pitch = 16.0};
	double bases = cp_ts_text_width(ts, &st, "東海林誠さん", d);
	g_assert_cmpfloat(fabs(bases - 60.0), <, 0.01);
	g_assert_cmpfloat(fabs(cp_compose_text_width(&c, &st, "{東海林|しょうじ}誠さん") - bases),
	                  <, 0.01);
	/* the typed-out notation is far wider */
	g_assert_cmpfloat(cp_ts_text_width(ts, &st, "{東海林|しょうじ}誠さん", d), >, bases + 20);
	/* a reading longer than its base spaces the base out: wider */
	g_assert_cmpfloat(cp_compose_text_width(&c, &st, "{林|はやしばやし}さん"), >, 30.0 + 1.0);
	g_autofree char *cut = cp_compose_ellipsize(&c, &st, "{東海林|しょうじ}誠さん", 50.0);
	g_assert_cmpstr(cut, ==, "東海林誠…");
	double lw = cp_ts_text_width(ts, &st, "A{B}東海…", d);
	g_autofree char *lit =
	    cp_compose_ellipsize(&c, &st, "A\\{B\\}{東海林|しょうじ}誠さん", lw + 0.5);
	g_assert_cmpstr(lit, ==, "A\\{B\\}東海…");
	g_assert_cmpfloat(cp_compose_text_width(&c, &st, "") + cp_compose_text_width(&c, &st, NULL),
	                  ==, 0.0);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
}

static void test_artwork(void)
{
	g_autofree char *art = source_path("tests/artwork/kissa-ad.pdf");
	g_autofree char *from = source_path("tests/artwork/ads.yaml"); /* names the file */
	g_autoptr(cp_model) m = cp_model_new();
	g_autoptr(cp_diags) d = cp_diags_new();
	cp_span span = cp_span_at(cp_diags_add_file(d, from), 4, 12);
	int32_t i = cp_load_artwork(m, from, "kissa-ad.pdf", 1, span, d);
	g_assert_cmpint(i, ==, 0);
	g_assert_cmpint(cp_load_artwork(m, from, "./kissa-ad.pdf", 1, span, d), ==, 0);
	g_assert_cmpint(cp_load_artwork(m, from, "kissa-ad.pdf", 2, span, d), ==, 1);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
	g_assert_cmpint(cp_load_artwork(m, from, "place.c", 1, span, d), ==, -1);
	only(d, CP_DIAG_BAD_ARTWORK);
	g_autoptr(cp_diags) d2 = cp_diags_new();
	g_assert_cmpint(cp_load_artwork(m, from, "none.pdf", 1, span, d2), ==, -1);
	only(d2, CP_DIAG_MISSING_FILE);
	g_autoptr(cp_diags) d3 = cp_diags_new();
	g_assert_cmpint(cp_load_artwork(m, from, "kissa-ad.pdf", 0, span, d3), ==, -1);
	only(d3, CP_DIAG_BAD_VALUE);
	g_assert_cmpuint(m->n_artworks, ==, 2);

	/* what the cli fills in from the press step's reading: 90 x 60 mm,
	 * its photo at 76 ppi at 100 % */
	cp_model_artwork *a = &m->artworks[0];
	a->read = true;
	a->width = 90 * CP_MM_TO_PT;
	a->height = 60 * CP_MM_TO_PT;
	a->min_ppi = 76;
	cp_layout layout = {0};
	layout.press.min_ppi = 50;
	g_autoptr(cp_diags) d4 = cp_diags_new();
	g_autoptr(cp_dl) dl = cp_dl_new();
	cp_compose c = {0};
	c.m = m;
	c.layout = &layout;
	c.d = d4;
	c.dl = dl;
	cp_dl_page *page = cp_dl_page_add(dl, 595.28, 841.89, 8.5, "1");
	const double mm = CP_MM_TO_PT;
	cp_artwork_ref ref = {0, span};
	double w = 0, h = 0;

	/* at 100 % in a larger frame: centred, its own size */
	g_assert_true(
	    cp_compose_artwork(&c, page, ref, 10 * mm, 10 * mm, 100 * mm, 80 * mm, false, &w, &h));
	g_assert_cmpfloat_with_epsilon(w, 90 * mm, 1e-9);
	g_assert_cmpfloat_with_epsilon(h, 60 * mm, 1e-9);
	const cp_dl_artwork *aw = &cp_dl_item_get(page, 0)->u.artwork;
	g_assert_cmpfloat_with_epsilon(aw->w, 90 * mm, 1e-9);
	g_assert_cmpfloat_with_epsilon(aw->x, 15 * mm, 1e-9);
	g_assert_cmpfloat_with_epsilon(aw->y, 20 * mm, 1e-9);
	g_assert_cmpfloat_with_epsilon(aw->fw, 100 * mm, 1e-9);
	only(d4, CP_DIAG_LOW_RESOLUTION); /* 76 ppi, above the floor of 50 */

	/* scaled into a 45 mm square: half size, centred, aspect kept; the
	 * photo at 152 ppi */
	g_autoptr(cp_diags) d5 = cp_diags_new();
	c.d = d5;
	g_assert_true(cp_compose_artwork(&c, page, ref, 0, 0, 45 * mm, 45 * mm, true, NULL, NULL));
	aw = &cp_dl_item_get(page, 1)->u.artwork;
	g_assert_cmpfloat_with_epsilon(aw->w, 45 * mm, 1e-9);
	g_assert_cmpfloat_with_epsilon(aw->h, 30 * mm, 1e-9);
	g_assert_cmpfloat_with_epsilon(aw->y, 7.5 * mm, 1e-9);
	g_assert_cmpuint(aw->artwork, ==, 0); /* one table entry for both */
	g_assert_cmpuint(dl->artworks->len, ==, 1);
	only(d5, CP_DIAG_LOW_RESOLUTION);

	/* enlarged beyond the floor: 76 ppi at 2x is 38 ppi, an error */
	g_autoptr(cp_diags) d6 = cp_diags_new();
	c.d = d6;
	g_assert_true(
	    cp_compose_artwork(&c, page, ref, 0, 0, 180 * mm, 120 * mm, true, NULL, NULL));
	only(d6, CP_DIAG_RESOLUTION_FLOOR);

	/* not read (its error was given then): nothing placed, size 0 */
	g_autoptr(cp_diags) d7 = cp_diags_new();
	c.d = d7;
	cp_artwork_ref unread = {1, span};
	g_assert_false(cp_compose_artwork(&c, page, unread, 0, 0, 50 * mm, 50 * mm, true, &w, &h));
	g_assert_cmpfloat(w, ==, 0);
	g_assert_cmpuint(cp_dl_item_count(page), ==, 3);
	g_assert_cmpuint(cp_diags_len(d7), ==, 0);
	cp_dl_check(dl);
}

/* A font of another typesetter's font map (the worker thread's,
 * cp_ts_new_sibling) takes the display list's entry of the same face and
 * size: one entry, whichever map's object comes first. */
static void test_font_two_maps(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autofree char *fonts = source_path("fonts/fonts.conf");
	g_autoptr(cp_typesetter) ts = cp_ts_new(fonts, d);
	g_assert_nonnull(ts);
	g_autoptr(cp_typesetter) sib = cp_ts_new_sibling(ts);
	cp_ts_style st = {
	    .family = "Noto Serif CJK JP", .weight = 400, .size = 10.0, .pitch = 16.0};
	cp_ts_style big = st;
	big.size = 12.0;
	cp_ts_run run = {.text = "紙の話", .len = strlen("紙の話")};
	g_autoptr(cp_ts_para) a = cp_ts_set(ts, &st, &run, 1, 100.0, d);
	g_autoptr(cp_ts_para) b = cp_ts_set(sib, &st, &run, 1, 100.0, d);
	g_autoptr(cp_ts_para) c = cp_ts_set(sib, &big, &run, 1, 100.0, d);
	PangoFont *fa = a->lines[0].runs[0].font;
	PangoFont *fb = b->lines[0].runs[0].font;
	PangoFont *fc = c->lines[0].runs[0].font;
	g_assert_true(fa != fb); /* two font maps, two objects */
	g_autoptr(cp_dl) dl = cp_dl_new();
	g_assert_cmpuint(cp_dl_font_add(dl, fb), ==, 0);
	g_assert_cmpuint(cp_dl_font_add(dl, fa), ==, 0);
	g_assert_cmpuint(cp_dl_font_add(dl, fc), ==, 1); /* another size */
	g_assert_cmpuint(cp_dl_font_add(dl, fa), ==, 0);
	g_assert_cmpuint(dl->fonts->len, ==, 2);
	g_assert_true(g_array_index(dl->fonts, cp_dl_font, 0).font == fb);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
}

/* The sample composed on two threads (a worker with its own typesetter,
 * compose/par.c) gives the display list and diagnostics of one thread. */
static void test_sample_threads(void)
{
	g_autofree char *issue = source_path("content-samples/issue.yaml");
	composed one;
	compose_issue(&one, issue);
	assert_no_errors(&one);
	g_autofree char *fonts = source_path("fonts/fonts.conf");
	g_autoptr(cp_diags) d2 = cp_diags_new();
	g_autoptr(cp_typesetter) ts2 = cp_ts_new(fonts, d2);
	cp_dl *two = cp_compose_issue_threads(one.m, one.docs, ts2, d2, 2);
	g_assert_nonnull(two);
	g_assert_cmpuint(cp_diags_len(d2), ==, cp_diags_len(one.d));
	for (size_t i = 0; i < cp_diags_len(d2); i++)
		g_assert_cmpstr(cp_diags_get(d2, i)->msg, ==, cp_diags_get(one.d, i)->msg);
	g_assert_cmpuint(two->fonts->len, ==, one.dl->fonts->len);
	for (guint i = 0; i < two->fonts->len; i++) {
		const cp_dl_font *x = &g_array_index(one.dl->fonts, cp_dl_font, i);
		const cp_dl_font *y = &g_array_index(two->fonts, cp_dl_font, i);
		g_assert_cmpstr(x->desc, ==, y->desc);
		g_assert_cmpstr(x->file, ==, y->file);
	}
	g_assert_cmpuint(cp_dl_page_count(two), ==, cp_dl_page_count(one.dl));
	size_t glyphs = 0;
	for (size_t p = 0; p < cp_dl_page_count(two); p++) {
		const cp_dl_page *pa = cp_dl_page_get(one.dl, p);
		const cp_dl_page *pb = cp_dl_page_get(two, p);
		g_assert_cmpuint(cp_dl_item_count(pb), ==, cp_dl_item_count(pa));
		for (size_t k = 0; k < cp_dl_item_count(pa); k++) {
			const cp_dl_item *ia = cp_dl_item_get(pa, k);
			const cp_dl_item *ib = cp_dl_item_get(pb, k);
			g_assert_cmpint(ia->kind, ==, ib->kind);
			if (ia->kind != CP_DL_GLYPHS)
				continue;
			const cp_dl_glyphs *ga = &ia->u.glyphs;
			const cp_dl_glyphs *gb = &ib->u.glyphs;
			g_assert_cmpuint(ga->font, ==, gb->font);
			g_assert_cmpuint(ga->n_glyphs, ==, gb->n_glyphs);
			g_assert_cmpfloat(ga->x, ==, gb->x);
			g_assert_cmpfloat(ga->y, ==, gb->y);
			for (uint32_t j = 0; j < ga->n_glyphs; j++) {
				g_assert_cmpuint(ga->glyphs[j].id, ==, gb->glyphs[j].id);
				g_assert_cmpfloat(ga->glyphs[j].x, ==, gb->glyphs[j].x);
			}
			glyphs += ga->n_glyphs;
		}
	}
	g_assert_cmpuint(glyphs, >, 1000);
	cp_dl_free(two);
	composed_clear(&one);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/compose/card-long-names", test_card_long_names);
	g_test_add_func("/compose/cover-masthead-a5", test_cover_masthead_a5);
	g_test_add_func("/compose/one-line", test_one_line);
	g_test_add_func("/compose/sample/pages", test_sample);
	g_test_add_func("/compose/sample/grid", test_grid);
	g_test_add_func("/compose/small/pages", test_small);
	g_test_add_func("/compose/layout/area-too-wide", test_area_too_wide);
	g_test_add_func("/compose/artwork", test_artwork);
	g_test_add_func("/compose/notation-width", test_notation_width);
	g_test_add_func("/compose/cards/ruby", test_cards_ruby);
	g_test_add_func("/compose/cards/ruby-vertical", test_cards_ruby_vertical);
	g_test_add_func("/compose/cards/ruby-legal-form", test_cards_ruby_legal_form);
	g_test_add_func("/compose/cards/readings-default", test_cards_readings_default);
	g_test_add_func("/compose/cards/vertical-axes", test_cards_vertical_axes);
	g_test_add_func("/compose/threads/font-two-maps", test_font_two_maps);
	g_test_add_func("/compose/threads/sample", test_sample_threads);
	return g_test_run();
}
