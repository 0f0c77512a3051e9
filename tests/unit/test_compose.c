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

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/compose/one-line", test_one_line);
	g_test_add_func("/compose/sample/pages", test_sample);
	g_test_add_func("/compose/sample/grid", test_grid);
	g_test_add_func("/compose/small/pages", test_small);
	g_test_add_func("/compose/layout/area-too-wide", test_area_too_wide);
	g_test_add_func("/compose/artwork", test_artwork);
	return g_test_run();
}
