/* test_pdf.c - the PDF writer (src/pdf/), checked from the outside.
 *
 * A two-page display list (dl_fixture.c, shared with test_render) is built by hand with Japanese
 * text shaped by Pango (through canpress's private fontconfig and a PangoCairo font map at 72 dpi,
 * as the typesetter sets it up), a JPEG written here with libjpeg (used on both pages), a PNG, a
 * rule, a rect and outline entries. The PDF is never compared as bytes against a golden
 * (CONTRIBUTING.md section 6): poppler tools read it back (pdfinfo, pdffonts, pdftotext, pdfimages)
 * and qpdf shows the outline and page labels; qpdf --check reads every file without repairing it.
 * Two writes of the same list must be byte-identical, and every failure must leave the target
 * untouched. The print mode is checked in its content: DeviceCMYK exactly as the list says, K-only
 * black that overprints, boxes, marks, the OutputIntent. */
#include "pdf/pdf.h"
#include "pdf/pdf_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <jpeglib.h>
#include <png.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <hb.h>

#include "cp_config.h"
#include "dl_fixture.h"

/* ---- helpers ------------------------------------------------------------- */

/* Runs a tool, asserts exit 0, returns its stdout. */
static char *run_tool(const char *const *argv)
{
	char *out = NULL;
	char *err = NULL;
	int status = 0;
	GError *error = NULL;
	gboolean spawned = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
	                                &out, &err, &status, &error);
	g_assert_no_error(error);
	g_assert_true(spawned);
	if (!g_spawn_check_wait_status(status, NULL))
		g_error("%s failed: %s", argv[0], err);
	g_free(err);
	return out;
}

/* Writes dl with o (NULL: a plain screen PDF, bleed as asked) and checks
 * that qpdf reads it without repairing anything. */
static char *write_with(fixture *fx, const cp_dl *dl, const char *name, const cp_pdf_opts *o)
{
	char *path = g_build_filename(fx->dir, name, NULL);
	g_autoptr(cp_diags) d = cp_diags_new();
	g_assert_true(cp_pdf_write(dl, o, path, NULL, d));
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
	const char *argv[] = {"qpdf", "--check", path, NULL};
	g_autofree char *check = run_tool(argv);
	g_assert_nonnull(strstr(check, "No syntax or stream encoding errors"));
	return path;
}

static char *render(fixture *fx, const cp_dl *dl, const char *name, bool bleed)
{
	cp_pdf_opts o = {0};
	o.bleed = bleed;
	return write_with(fx, dl, name, &o);
}

/* The value after "Key:" on a pdfinfo line, trimmed. */
static char *info_value(const char *info, const char *key)
{
	g_auto(GStrv) lines = g_strsplit(info, "\n", -1);
	for (size_t i = 0; lines[i] != NULL; i++) {
		if (g_str_has_prefix(lines[i], key) && lines[i][strlen(key)] == ':')
			return g_strstrip(g_strdup(lines[i] + strlen(key) + 1));
	}
	return NULL;
}

static size_t count_files(const char *dir)
{
	size_t n = 0;
	GDir *d = g_dir_open(dir, 0, NULL);
	g_assert_nonnull(d);
	while (g_dir_read_name(d) != NULL)
		n++;
	g_dir_close(d);
	return n;
}

/* ---- tests --------------------------------------------------------------- */

static void test_pdf_info(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_dl) dl = build_list(fx, fx->jpeg);
	g_autofree char *pdf = render(fx, dl, "out.pdf", false);
	const char *argv[] = {"pdfinfo", "-isodates", pdf, NULL};
	g_autofree char *info = run_tool(argv);
	g_autofree char *pages = info_value(info, "Pages");
	g_autofree char *title = info_value(info, "Title");
	g_autofree char *author = info_value(info, "Author");
	g_autofree char *subject = info_value(info, "Subject");
	g_autofree char *keywords = info_value(info, "Keywords");
	g_autofree char *created = info_value(info, "CreationDate");
	g_autofree char *modified = info_value(info, "ModDate");
	g_autofree char *size = info_value(info, "Page size");
	g_assert_cmpstr(pages, ==, "2");
	g_assert_cmpstr(title, ==, "CAN 第12号");
	g_assert_cmpstr(author, ==, "大阪ビジネスネットワーク");
	g_assert_cmpstr(subject, ==, "会員紹介");
	g_assert_cmpstr(keywords, ==, "大阪, 会報");
	g_assert_cmpstr(created, ==, "2026-12-01T09:30:00Z");
	g_assert_cmpstr(modified, ==, "2026-12-01T09:30:00Z");
	g_assert_nonnull(size);
	g_assert_true(g_str_has_prefix(size, "595.28 x 841.89 pts"));
}

static void test_pdf_bleed(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_dl) dl = build_list(fx, fx->jpeg);
	g_autofree char *pdf = render(fx, dl, "bleed.pdf", true);
	/* 3 mm each side: 595.28 + 17.01 and 841.89 + 17.01 */
	for (int page = 1; page <= 2; page++) {
		g_autofree char *num = g_strdup_printf("%d", page);
		const char *argv[] = {"pdfinfo", "-f", num, "-l", num, pdf, NULL};
		g_autofree char *info = run_tool(argv);
		g_autofree char *key = g_strdup_printf("Page %4d size", page);
		g_autofree char *size = info_value(info, key);
		g_assert_nonnull(size);
		char *end = NULL;
		double w = g_ascii_strtod(size, &end);
		g_assert_true(g_str_has_prefix(end, " x "));
		double h = g_ascii_strtod(end + 3, NULL);
		g_assert_cmpfloat_with_epsilon(w, 595.28 + 6 * 72 / 25.4, 0.01);
		g_assert_cmpfloat_with_epsilon(h, 841.89 + 6 * 72 / 25.4, 0.01);
	}
	/* the text moved with the page: its left edge is 17.01/2 further right */
	const char *argv[] = {"pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-", NULL};
	g_autofree char *bbox = run_tool(argv);
	const char *word = strstr(bbox, "<word xMin=\"");
	g_assert_nonnull(word);
	double xmin = g_ascii_strtod(word + strlen("<word xMin=\""), NULL);
	g_assert_cmpfloat_with_epsilon(xmin, 56.69 + 3 * 72 / 25.4, 0.05);
}

static void test_pdf_fonts_text(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_dl) dl = build_list(fx, fx->jpeg);
	g_autofree char *pdf = render(fx, dl, "text.pdf", false);

	/* every font embedded and subset: pdffonts' emb and sub columns */
	const char *fonts_argv[] = {"pdffonts", pdf, NULL};
	g_autofree char *fonts = run_tool(fonts_argv);
	g_auto(GStrv) lines = g_strsplit(fonts, "\n", -1);
	size_t n_fonts = 0;
	for (size_t i = 2; lines[i] != NULL; i++) {
		g_auto(GStrv) cols = g_strsplit_set(g_strstrip(lines[i]), " ", -1);
		GPtrArray *words = g_ptr_array_new();
		for (size_t k = 0; cols[k] != NULL; k++)
			if (*cols[k] != '\0')
				g_ptr_array_add(words, cols[k]);
		if (words->len >= 6) {
			/* ... emb sub uni object-number generation */
			const char *emb = g_ptr_array_index(words, words->len - 5);
			const char *sub = g_ptr_array_index(words, words->len - 4);
			const char *uni = g_ptr_array_index(words, words->len - 3);
			g_assert_cmpstr(emb, ==, "yes");
			g_assert_cmpstr(sub, ==, "yes");
			g_assert_cmpstr(uni, ==, "yes");
			g_assert_nonnull(strchr(g_ptr_array_index(words, 0), '+'));
			n_fonts++;
		}
		g_ptr_array_free(words, TRUE);
	}
	g_assert_cmpuint(n_fonts, >=, 1);

	/* the text comes back out, in order, page by page (ToUnicode from clusters) */
	const char *p1_argv[] = {"pdftotext", "-f", "1", "-l", "1", pdf, "-", NULL};
	const char *p2_argv[] = {"pdftotext", "-f", "2", "-l", "2", pdf, "-", NULL};
	g_autofree char *t1 = run_tool(p1_argv);
	g_autofree char *t2 = run_tool(p2_argv);
	g_assert_nonnull(strstr(t1, LINE1));
	g_assert_nonnull(strstr(t2, LINE2));
	g_assert_null(strstr(t1, LINE2));
}

static void test_pdf_images(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_dl) dl = build_list(fx, fx->jpeg);
	g_autofree char *pdf = render(fx, dl, "images.pdf", false);
	const char *argv[] = {"pdfimages", "-list", pdf, NULL};
	g_autofree char *list = run_tool(argv);
	/* page num type width height color comp bpc enc interp object ID ... */
	g_auto(GStrv) lines = g_strsplit(list, "\n", -1);
	int jpeg_uses = 0;
	int png_uses = 0;
	GHashTable *jpeg_objects = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (size_t i = 2; lines[i] != NULL; i++) {
		g_auto(GStrv) cols = g_strsplit_set(g_strstrip(lines[i]), " ", -1);
		GPtrArray *w = g_ptr_array_new();
		for (size_t k = 0; cols[k] != NULL; k++)
			if (*cols[k] != '\0')
				g_ptr_array_add(w, cols[k]);
		if (w->len >= 12) {
			const char *width = g_ptr_array_index(w, 3);
			const char *enc = g_ptr_array_index(w, 8);
			if (strcmp(width, "60") == 0) {
				g_assert_cmpstr(enc, ==, "jpeg");
				g_hash_table_add(jpeg_objects, g_strdup(g_ptr_array_index(w, 10)));
				jpeg_uses++;
			} else if (strcmp(width, "8") == 0) {
				png_uses++;
			}
		}
		g_ptr_array_free(w, TRUE);
	}
	/* the photo is used on both pages and stored once */
	g_assert_cmpint(jpeg_uses, ==, 2);
	g_assert_cmpuint(g_hash_table_size(jpeg_objects), ==, 1);
	g_assert_cmpint(png_uses, ==, 1);
	g_hash_table_unref(jpeg_objects);
}

static void test_pdf_outline_labels(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_dl) dl = build_list(fx, fx->jpeg);
	g_autofree char *pdf = render(fx, dl, "outline.pdf", false);
	const char *argv[] = {"qpdf", "--json", "--json-key=outlines", "--json-key=pagelabels",
	                      pdf,    NULL};
	g_autofree char *json = run_tool(argv);
	g_assert_nonnull(json);
	/* qpdf escapes nothing but quotes and controls: titles appear as written */
	g_assert_nonnull(strstr(json, "\"title\": \"表紙\""));
	g_assert_nonnull(strstr(json, "\"title\": \"写真のページ\""));
	/* the second entry hangs under the first and points at page 2, 400 pt
	 * from the top: /XYZ 0 (841.89 - 400) */
	const char *kid = strstr(json, "\"kids\": [");
	g_assert_nonnull(kid);
	g_assert_nonnull(strstr(kid, "写真のページ"));
	g_assert_nonnull(strstr(json, "\"destpageposfrom1\": 2"));
	g_assert_nonnull(strstr(json, "441.89"));
	/* the page labels: "表紙" is not a number and is kept as a prefix */
	g_assert_nonnull(strstr(json, "\"/P\": \"u:表紙\""));

	/* the link is an annotation with its URI (and the xref is right:
	 * write_with ran qpdf --check) */
	const char *url_argv[] = {"pdfinfo", "-url", pdf, NULL};
	g_autofree char *urls = run_tool(url_argv);
	g_assert_nonnull(urls);
	g_assert_nonnull(strstr(urls, "https://can.example/"));
}

static void test_pdf_reproducible(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_dl) dl = build_list(fx, fx->jpeg);
	g_autofree char *a = render(fx, dl, "a.pdf", false);
	g_autoptr(cp_dl) dl2 = build_list(fx, fx->jpeg);
	g_autofree char *b = render(fx, dl2, "b.pdf", false);
	g_autofree char *ab = NULL;
	g_autofree char *bb = NULL;
	gsize alen = 0;
	gsize blen = 0;
	g_assert_true(g_file_get_contents(a, &ab, &alen, NULL));
	g_assert_true(g_file_get_contents(b, &bb, &blen, NULL));
	g_assert_cmpuint(alen, >, 1000);
	g_assert_cmpmem(ab, alen, bb, blen);
}

/* A longer list for the page writer's threads: 40 pages of text (every
 * fourth set upright in a vertical line), outline entries at three levels,
 * the photo and the logo on several pages each, and one glyph shown as
 * 阪 on page 1 and as 坂 on later pages, so the ToUnicode map must keep
 * page 1's text and the later pages mark theirs with ActualText. */
static cp_dl *many_pages(fixture *fx)
{
	static const char *const lines[] = {
	    "港町の商店街で、新しい試みが始まった。",
	    "朝市の準備は午前四時、まだ暗いうちから。",
	    "「続けること」が何よりの宣伝になる。",
	    "会員の皆さまへ、次回の例会のお知らせです。",
	    "縦書きの見出しも、横組みの本文も同じ書体で。",
	};
	cp_dl *dl = cp_dl_new();
	dl->meta.title = cp_dl_strdup(dl, "CAN 第13号");
	dl->meta.date = cp_dl_strdup(dl, "2026-12-01T09:30:00Z");
	uint32_t photo = cp_dl_image_add(dl, fx->jpeg, 60, 80, true);
	uint32_t logo = cp_dl_image_add(dl, fx->png, 8, 4, false);
	for (int p = 0; p < 40; p++) {
		g_autofree char *label = g_strdup_printf("%d", p + 1);
		cp_dl_page *page = cp_dl_page_add(dl, 515.91, 728.5, 8.5, label);
		g_autofree char *title = g_strdup_printf("第%d頁の記事", p + 1);
		cp_dl_item *it = cp_dl_item_add(page, CP_DL_OUTLINE);
		it->u.outline = (cp_dl_outline){1 + p % 3, cp_dl_strdup(dl, title), 30};
		size_t first = cp_dl_item_count(page);
		for (int k = 0; k < 6; k++)
			add_text(fx, dl, page, lines[(p + k) % G_N_ELEMENTS(lines)], 40,
			         60 + 20 * k);
		if (p % 4 == 1)
			for (size_t k = first; k < cp_dl_item_count(page); k++) {
				cp_dl_glyphs *g = &cp_dl_item_get(page, k)->u.glyphs;
				g->vertical = true;
				g->in_vertical_line = true;
			}
		add_text(fx, dl, page, "阪", 40, 300);
		if (p > 0) {
			cp_dl_glyphs *g =
			    &cp_dl_item_get(page, cp_dl_item_count(page) - 1)->u.glyphs;
			g_assert_cmpuint(g->n_text, ==, strlen("坂"));
			g->text = cp_arena_strndup(dl->arena, "坂", strlen("坂"));
		}
		if (p % 7 == 3) {
			it = cp_dl_item_add(page, CP_DL_IMAGE);
			it->u.image = (cp_dl_image){photo, 300, 400, 60, 80, 300, 400, 60, 80};
		}
		if (p % 5 == 0) {
			it = cp_dl_item_add(page, CP_DL_IMAGE);
			it->u.image = (cp_dl_image){logo, 300, 500, 80, 40, 300, 500, 80, 40};
		}
	}
	cp_dl_check(dl);
	return dl;
}

static char *read_all(const char *path, gsize *len)
{
	char *bytes = NULL;
	g_assert_true(g_file_get_contents(path, &bytes, len, NULL));
	return bytes;
}

/* Pages' contents are made on either of two threads (jobs.c), and the
 * document must not show it: one thread and two give the same bytes, the
 * images are stored once, the outline and ToUnicode keep page order. */
static void test_pdf_threads_identical(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_dl) dl = many_pages(fx);
	cp_pdf_opts o = {0};
	o.threads = 1;
	g_autofree char *one = write_with(fx, dl, "one.pdf", &o);
	gsize len1 = 0;
	g_autofree char *bytes1 = read_all(one, &len1);
	o.threads = 2;
	for (int run = 0; run < 4; run++) {
		g_autofree char *name = g_strdup_printf("two-%d.pdf", run);
		g_autofree char *two = write_with(fx, dl, name, &o);
		gsize len2 = 0;
		g_autofree char *bytes2 = read_all(two, &len2);
		g_assert_cmpmem(bytes1, len1, bytes2, len2);
	}

	/* the photo (pages 4, 11, 18, ...) and the logo, once each */
	size_t images = 0;
	const char *key = "/Subtype /Image";
	for (const char *p = bytes1;
	     (p = memmem(p, len1 - (gsize)(p - bytes1), key, strlen(key))) != NULL; p++)
		images++;
	g_assert_cmpuint(images, ==, 2);
	/* the first text shown wins: 阪 on page 1, ActualText 坂 later */
	const char *p1[] = {"pdftotext", "-f", "1", "-l", "1", one, "-", NULL};
	const char *p3[] = {"pdftotext", "-f", "3", "-l", "3", one, "-", NULL};
	g_autofree char *t1 = run_tool(p1);
	g_autofree char *t3 = run_tool(p3);
	g_assert_nonnull(strstr(t1, "阪"));
	g_assert_null(strstr(t1, "坂"));
	g_assert_nonnull(strstr(t3, "坂"));
	g_assert_null(strstr(t3, "阪"));
	g_assert_nonnull(strstr(t3, "朝市の準備"));
	/* the outline entries written in page order, each pointing at its
	 * page (qpdf: page 1 first, page 40's entry last) */
	const char *prev = bytes1;
	for (int p = 1; p <= 40; p++) {
		g_autofree char *title = g_strdup_printf("第%d頁の記事", p);
		GString *t = g_string_new("/Title ");
		cp_pdf_text(t, title);
		const char *at = memmem(bytes1, len1, t->str, t->len);
		g_assert_nonnull(at);
		g_assert_true(at > prev);
		prev = at;
		g_string_free(t, TRUE);
	}
	const char *q[] = {"qpdf", "--json", "--json-key=outlines", one, NULL};
	g_autofree char *json = run_tool(q);
	g_assert_nonnull(strstr(json, "\"destpageposfrom1\": 40"));
}

/* The zlib FLEVEL (0 fastest: level 1; 1 fast: 2-5; 2 default: 6; 3
 * best: 7-9) of the stream of object n, from its header's second byte. */
static int stream_flevel(const char *pdf, gsize len, int n)
{
	g_autofree char *head = g_strdup_printf("\n%d 0 obj\n<<", n);
	const char *at = memmem(pdf, len, head, strlen(head));
	g_assert_nonnull(at);
	const char *s = memmem(at, len - (gsize)(at - pdf), ">>\nstream\n", 10);
	g_assert_nonnull(s);
	s += 10;
	g_assert_cmpuint((unsigned char)s[0], ==, 0x78); /* deflate, 32 KB window */
	return (unsigned char)s[1] >> 6;
}

/* The FLEVELs of every stream referenced as key ("/Contents",
 * "/ToUnicode", "/FontFile3"): each bit set is a level seen. */
static unsigned flevels_of(const char *pdf, gsize len, const char *key)
{
	unsigned seen = 0;
	g_autofree char *pat = g_strdup_printf("%s ", key);
	for (const char *p = pdf; (p = memmem(p, len - (gsize)(p - pdf), pat, strlen(pat))) != NULL;
	     p++) {
		int n = atoi(p + strlen(pat));
		g_assert_cmpint(n, >, 0);
		seen |= 1u << stream_flevel(pdf, len, n);
	}
	return seen;
}

/* cp_pdf_opts.deflate_level: 0 gives each kind its level (pages' contents
 * and ToUnicode 4, font programs 1), a level given is every stream's; the
 * text is the same whatever the level. */
static void test_pdf_deflate_levels(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_dl) dl = many_pages(fx);
	static const struct {
		int level;
		unsigned contents, fonts, tounicode; /* 1 << FLEVEL */
	} cases[] = {
	    {0, 1u << 1, 1u << 0, 1u << 1},
	    {1, 1u << 0, 1u << 0, 1u << 0},
	    {6, 1u << 2, 1u << 2, 1u << 2},
	    {9, 1u << 3, 1u << 3, 1u << 3},
	};
	g_autofree char *text0 = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		cp_pdf_opts o = {0};
		o.deflate_level = cases[i].level;
		g_autofree char *name = g_strdup_printf("level-%d.pdf", cases[i].level);
		g_autofree char *path = write_with(fx, dl, name, &o);
		gsize len = 0;
		g_autofree char *bytes = read_all(path, &len);
		g_assert_cmpuint(flevels_of(bytes, len, "/Contents"), ==, cases[i].contents);
		g_assert_cmpuint(flevels_of(bytes, len, "/FontFile3"), ==, cases[i].fonts);
		g_assert_cmpuint(flevels_of(bytes, len, "/ToUnicode"), ==, cases[i].tounicode);
		const char *argv[] = {"pdftotext", path, "-", NULL};
		g_autofree char *text = run_tool(argv);
		if (text0 == NULL)
			text0 = g_strdup(text);
		g_assert_cmpstr(text, ==, text0);
	}
}

static void test_pdf_missing_folder(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_dl) dl = build_list(fx, fx->jpeg);
	g_autofree char *path = g_build_filename(fx->dir, "no-such-folder", "out.pdf", NULL);
	g_autoptr(cp_diags) d = cp_diags_new();
	cp_pdf_opts o = {0};
	g_assert_false(cp_pdf_write(dl, &o, path, NULL, d));
	g_assert_cmpuint(cp_diags_len(d), ==, 1);
	const cp_diag *diag = cp_diags_get(d, 0);
	g_assert_cmpint(diag->code, ==, CP_DIAG_OUTPUT);
	g_assert_nonnull(strstr(diag->msg, "no-such-folder"));
	g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

/* A full disk: the stream variant on /dev/full must end in an OUTPUT error
 * that says why (cp_pdf_write uses the same path on its temporary file). */
static void test_pdf_disk_full(fixture *fx, gconstpointer data)
{
	FILE *f = fopen("/dev/full", "wb");
	if (f == NULL) {
		g_test_skip("no /dev/full");
		return;
	}
	g_autoptr(cp_dl) dl = build_list(fx, fx->jpeg);
	g_autoptr(cp_diags) d = cp_diags_new();
	cp_pdf_opts o = {0};
	g_assert_false(cp_pdf_write_stream(dl, &o, f, "full.pdf", NULL, d));
	fclose(f);
	g_assert_cmpuint(cp_diags_len(d), ==, 1);
	const cp_diag *diag = cp_diags_get(d, 0);
	g_assert_cmpint(diag->code, ==, CP_DIAG_OUTPUT);
	g_assert_nonnull(strstr(diag->msg, "full.pdf"));
	g_assert_nonnull(strstr(diag->msg, g_strerror(ENOSPC)));
}

/* A corrupt or vanished image fails the render with BAD_IMAGE naming the
 * path, and the existing target is left exactly as it was. */
static void test_pdf_bad_image_keeps_target(fixture *fx, gconstpointer data)
{
	g_autofree char *target = g_build_filename(fx->dir, "keep.pdf", NULL);
	g_assert_true(g_file_set_contents(target, "old contents", -1, NULL));

	/* a JPEG cut in half: the header reads, the data ends early */
	g_autofree char *bytes = NULL;
	gsize len = 0;
	g_assert_true(g_file_get_contents(fx->jpeg, &bytes, &len, NULL));
	g_autofree char *cut = g_build_filename(fx->dir, "cut.jpg", NULL);
	g_assert_true(g_file_set_contents(cut, bytes, (gssize)(len / 2), NULL));
	g_autofree char *gone = g_build_filename(fx->dir, "gone.jpg", NULL);
	size_t before = count_files(fx->dir);

	const char *cases[] = {cut, gone};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(cp_dl) dl = build_list(fx, cases[i]);
		g_autoptr(cp_diags) d = cp_diags_new();
		cp_pdf_opts o = {0};
		g_assert_false(cp_pdf_write(dl, &o, target, NULL, d));
		/* reported once, though the photo is on both pages */
		g_assert_cmpuint(cp_diags_len(d), ==, 1);
		const cp_diag *diag = cp_diags_get(d, 0);
		g_assert_cmpint(diag->code, ==, CP_DIAG_BAD_IMAGE);
		g_assert_nonnull(strstr(diag->msg, cases[i]));

		g_autofree char *now = NULL;
		g_assert_true(g_file_get_contents(target, &now, NULL, NULL));
		g_assert_cmpstr(now, ==, "old contents");
		g_assert_cmpuint(count_files(fx->dir), ==, before); /* no temporary left */
	}
}

/* The file's bytes (objects are written on one line each; streams are
 * deflated, which qdf() undoes). */
typedef struct raw {
	char *bytes;
	gsize len;
} raw;

static raw read_raw(const char *pdf)
{
	raw r = {NULL, 0};
	g_assert_true(g_file_get_contents(pdf, &r.bytes, &r.len, NULL));
	return r;
}

static bool has(const raw *r, const char *needle)
{
	return memmem(r->bytes, r->len, needle, strlen(needle)) != NULL;
}

/* The content streams and objects of a PDF, uncompressed (qpdf --qdf). */
static raw qdf(fixture *fx, const char *pdf)
{
	g_autofree char *out = g_build_filename(fx->dir, "q.pdf", NULL);
	const char *argv[] = {"qpdf", "--qdf", "--object-streams=disable", pdf, out, NULL};
	g_autofree char *ignored = run_tool(argv);
	raw r = read_raw(out);
	g_unlink(out);
	return r;
}

/* The default output profile the build made, or NULL (the test skips). */
static cp_pdf_profile *build_profile(bool print)
{
	g_autofree char *path = g_build_filename(CP_BUILD_DIR, "src", "canpress-fogra39.icc", NULL);
	if (!g_file_test(path, G_FILE_TEST_EXISTS))
		return NULL;
	g_autoptr(cp_diags) d = cp_diags_new();
	cp_pdf_profile *p =
	    print ? cp_pdf_profile_new(path, 300, d) : cp_pdf_profile_new_screen(path, d);
	g_assert_nonnull(p);
	return p;
}

/* Greyscale and CMYK JPEGs pass through as JPEG, in their own colour
 * space; a CMYK file written inverted (libjpeg adds the Adobe marker)
 * gets the inverting /Decode. */
static void test_jpeg_kinds(fixture *fx, gconstpointer data)
{
	g_autofree char *gray = g_build_filename(fx->dir, "gray.jpg", NULL);
	g_autofree char *cmyk = g_build_filename(fx->dir, "cmyk.jpg", NULL);
	write_jpeg_as(gray, 60, 80, JCS_GRAYSCALE);
	write_jpeg_as(cmyk, 60, 80, JCS_CMYK);

	g_autoptr(cp_dl) dl = build_list(fx, gray);
	g_autofree char *pdf = render(fx, dl, "gray.pdf", false);
	const char *argv[] = {"pdfimages", "-list", pdf, NULL};
	g_autofree char *list = run_tool(argv);
	g_assert_nonnull(strstr(list, "gray    1   8  jpeg"));

	g_autoptr(cp_dl) dl2 = build_list(fx, cmyk);
	g_autofree char *pdf2 = render(fx, dl2, "cmyk.pdf", false);
	const char *argv2[] = {"pdfimages", "-list", pdf2, NULL};
	g_autofree char *list2 = run_tool(argv2);
	g_assert_nonnull(strstr(list2, "cmyk    4   8  jpeg"));
	raw r = read_raw(pdf2);
	g_assert_true(has(&r, "/Decode [1 0 1 0 1 0 1 0]"));
	g_assert_true(has(&r, "/Filter /DCTDecode"));
	/* the file's bytes, untouched */
	g_autofree char *bytes = NULL;
	gsize len = 0;
	g_assert_true(g_file_get_contents(cmyk, &bytes, &len, NULL));
	g_assert_true(memmem(r.bytes, r.len, bytes, len) != NULL);
	g_free(r.bytes);
}

/* Screen colours as the list gives them: K-only as DeviceGray, cmyk() as
 * DeviceCMYK, the profile as the pages' DefaultCMYK. */
static void test_screen_colors(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_pdf_profile) prof = build_profile(false);
	if (prof == NULL) {
		g_test_skip("no output profile in the build folder");
		return;
	}
	g_autoptr(cp_dl) dl = build_list(fx, fx->jpeg);
	cp_pdf_opts o = {0};
	o.profile = prof;
	g_autofree char *pdf = write_with(fx, dl, "colors.pdf", &o);
	raw q = qdf(fx, pdf);
	g_assert_true(has(&q, "0 g BT"));             /* K100 text */
	g_assert_true(has(&q, "0 0.55 0.65 0.15 K")); /* the rule */
	g_assert_true(has(&q, "0 1 1 0 k"));          /* the fill */
	g_assert_true(has(&q, "0 G"));                /* the K stroke */
	g_assert_false(has(&q, " rg"));
	raw r = read_raw(pdf);
	g_assert_true(has(&r, "/DefaultCMYK [/ICCBased"));
	g_assert_false(has(&r, "/OutputIntents"));
	g_assert_true(has(&r, "/Type /Metadata"));
	g_free(r.bytes);
	g_free(q.bytes);
}

/* The print PDF: PDF/X-1a keys, boxes, tombo, exact CMYK, overprinting
 * K-only black text, the hidden folio, no RGB, no annotations. */
static void test_press(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_pdf_profile) prof = build_profile(true);
	if (prof == NULL) {
		g_test_skip("no output profile in the build folder");
		return;
	}
	g_autoptr(cp_dl) dl = build_list(fx, fx->jpeg);
	bool folio[2] = {true, false};
	cp_pdf_opts o = {0};
	o.press = true;
	o.profile = prof;
	o.icc_id = "FOGRA39";
	o.marks = true;
	o.marks_margin = 15 * 72 / 25.4;
	o.jpeg_quality = 90;
	o.overprint_black = true;
	o.hidden_folio = folio;
	o.n_hidden_folio = 2;
	g_autofree char *path = g_build_filename(fx->dir, "press.pdf", NULL);
	g_autoptr(cp_diags) d = cp_diags_new();
	cp_pdfx used = CP_PDFX_AUTO;
	g_assert_true(cp_pdf_write(dl, &o, path, &used, d));
	g_assert_cmpint(used, ==, CP_PDFX_X1A);
	raw r = read_raw(path);
	g_assert_true(g_str_has_prefix(r.bytes, "%PDF-1.3"));
	g_assert_true(has(&r, "/GTS_PDFXVersion (PDF/X-1:2001)"));
	g_assert_true(has(&r, "/S /GTS_PDFX"));
	g_assert_true(has(&r, "/OutputConditionIdentifier (FOGRA39)"));
	g_assert_true(has(&r, "/Trapped /False"));
	g_assert_true(has(&r, "/OP true /op true /OPM 1"));
	g_assert_true(has(&r, "/Separation /All /DeviceCMYK"));
	g_assert_false(has(&r, "/DeviceRGB"));
	g_assert_false(has(&r, "/Annots"));
	g_assert_false(has(&r, "/DefaultCMYK"));
	g_free(r.bytes);
	raw q = qdf(fx, path);
	g_assert_true(has(&q, "/GSop gs 0 0 0 1 k BT"));
	/* the rule is coloured, so it knocks out; the K100 stroke is thin and
	 * overprints */
	g_assert_true(has(&q, "0 0.55 0.65 0.15 K"));
	g_assert_true(has(&q, "/GSop gs 0 0 0 1 K 1 w"));
	g_assert_true(has(&q, "/CSReg CS 1 SCN 0.2835 w"));
	g_assert_false(has(&q, " rg"));
	g_assert_false(has(&q, " RG"));
	/* the hidden folio on page 1 only: K-only strokes of a digit "1" */
	g_assert_true(has(&q, "q 0 0 0 1 K 0.3 w 1 J 1 j [] 0 d"));
	g_free(q.bytes);
	/* the boxes: trim = the page, bleed 3 mm, the sheet 15 mm beyond */
	const char *argv[] = {"pdfinfo", "-box", "-f", "1", "-l", "1", path, NULL};
	g_autofree char *info = run_tool(argv);
	g_autofree char *trim = info_value(info, "Page    1 TrimBox");
	g_autofree char *media = info_value(info, "Page    1 MediaBox");
	g_assert_nonnull(trim);
	g_assert_nonnull(media);
	g_assert_cmpfloat_with_epsilon(g_ascii_strtod(trim, NULL), 15 * 72 / 25.4, 0.01);
	g_assert_true(strstr(media, "680.32") != NULL); /* 595.28 + 2 x 42.52 */
	/* photos converted through the profile, still JPEG */
	const char *img_argv[] = {"pdfimages", "-list", path, NULL};
	g_autofree char *list = run_tool(img_argv);
	g_assert_nonnull(strstr(list, "cmyk    4   8  jpeg"));
	g_assert_null(strstr(list, "rgb"));
}

/* A PNG with transparency needs PDF/X-4: refused for X-1a naming the
 * image, written as X-4 (with a soft mask) when the flavour is automatic. */
static void test_press_transparency(fixture *fx, gconstpointer data)
{
	g_autoptr(cp_pdf_profile) prof = build_profile(true);
	if (prof == NULL) {
		g_test_skip("no output profile in the build folder");
		return;
	}
	g_autofree char *alpha = g_build_filename(fx->dir, "alpha.png", NULL);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 8);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgba(cr, 1, 0, 0, 0.5);
	cairo_paint(cr);
	cairo_destroy(cr);
	g_assert_cmpint(cairo_surface_write_to_png(s, alpha), ==, CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);

	g_autoptr(cp_dl) dl = build_list(fx, fx->jpeg);
	uint32_t im = cp_dl_image_add(dl, alpha, 8, 8, false);
	cp_dl_item *it = cp_dl_item_add(cp_dl_page_get(dl, 1), CP_DL_IMAGE);
	it->u.image = (cp_dl_image){im, 300, 300, 40, 40, 300, 300, 40, 40};
	cp_pdf_opts o = {0};
	o.press = true;
	o.profile = prof;
	o.pdfx = CP_PDFX_X1A;
	g_autofree char *path = g_build_filename(fx->dir, "x.pdf", NULL);
	g_autoptr(cp_diags) d = cp_diags_new();
	g_assert_false(cp_pdf_write(dl, &o, path, NULL, d));
	g_assert_cmpuint(cp_diags_len(d), ==, 1);
	g_assert_cmpint(cp_diags_get(d, 0)->code, ==, CP_DIAG_PRESS);
	g_assert_nonnull(strstr(cp_diags_get(d, 0)->msg, "alpha.png"));
	g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));

	o.pdfx = CP_PDFX_AUTO;
	g_autoptr(cp_diags) d2 = cp_diags_new();
	cp_pdfx used = CP_PDFX_AUTO;
	g_assert_true(cp_pdf_write(dl, &o, path, &used, d2));
	g_assert_cmpint(used, ==, CP_PDFX_X4);
	raw r = read_raw(path);
	g_assert_true(g_str_has_prefix(r.bytes, "%PDF-1.6"));
	g_assert_true(has(&r, "/SMask"));
	g_assert_true(has(&r, "<pdfxid:GTS_PDFXVersion>PDF/X-4"));
	g_free(r.bytes);
}

/* True when d holds an error whose message contains s. */
static bool has_error(const cp_diags *d, const char *s)
{
	for (size_t i = 0; i < cp_diags_len(d); i++)
		if (strstr(cp_diags_get(d, i)->msg, s) != NULL)
			return true;
	return false;
}

/* The output profile: missing or wrong files refused, neutrals K only,
 * the ink limit kept, screen colours plausible (moved here from the press
 * step with the profile). */
static void test_profile(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_assert_null(cp_pdf_profile_new("/nonexistent/x.icc", 300, d));
	g_assert_true(has_error(d, "cannot read the output profile"));
	/* an RGB profile is not an output profile */
	if (g_file_test("/usr/share/color/icc/sRGB.icc", G_FILE_TEST_EXISTS)) {
		g_assert_null(cp_pdf_profile_new("/usr/share/color/icc/sRGB.icc", 300, d));
		g_assert_true(has_error(d, "not a CMYK output"));
	}
	cp_pdf_profile *p = build_profile(true);
	if (p == NULL) {
		g_test_skip("no output profile in the build folder");
		return;
	}
	double cmyk[4];
	/* neutrals are K only */
	cp_pdf_profile_rgb_to_cmyk(p, (double[3]){0, 0, 0}, cmyk);
	g_assert_cmpfloat(cmyk[0] + cmyk[1] + cmyk[2], ==, 0);
	g_assert_cmpfloat(cmyk[3], ==, 1);
	/* a saturated dark colour stays within the ink limit */
	cp_pdf_profile_rgb_to_cmyk(p, (double[3]){0.1, 0.0, 0.05}, cmyk);
	g_assert_cmpfloat((cmyk[0] + cmyk[1] + cmyk[2] + cmyk[3]) * 100, <=, 300.5);
	/* screen colours: paper white is white, K 100 is dark and neutral */
	double rgb[3];
	cp_pdf_profile_to_screen(p, (double[4]){0, 0, 0, 0}, rgb);
	g_assert_cmpfloat(rgb[0], >, 0.98);
	cp_pdf_profile_to_screen(p, (double[4]){0, 0, 0, 1}, rgb);
	g_assert_cmpfloat(rgb[0], <, 0.35);
	/* a red stays red */
	cp_pdf_profile_to_screen(p, (double[4]){0, 0.9, 0.85, 0}, rgb);
	g_assert_cmpfloat(rgb[0], >, rgb[1] + 0.4);
	g_assert_nonnull(strstr(cp_pdf_profile_get_description(p), "FOGRA39"));
	/* the screen-only profile gives the same screen colours */
	cp_pdf_profile *sp = build_profile(false);
	double rgb2[3];
	cp_pdf_profile_to_screen(sp, (double[4]){0, 0.9, 0.85, 0}, rgb2);
	for (int i = 0; i < 3; i++)
		g_assert_cmpfloat(rgb2[i], ==, rgb[i]);
	cp_pdf_profile_free(sp);
	cp_pdf_profile_free(p);
}

/* Numbers: fixed decimals, trailing zeros dropped, no exponent, no "-0". */
static void test_numbers(void)
{
	static const struct {
		double v;
		int dec;
		const char *want;
	} cases[] = {
	    {0, 3, "0"},          {-0.0001, 3, "0"},
	    {12.5, 3, "12.5"},    {-0.3333, 3, "-0.333"},
	    {1e-7, 6, "0"},       {841.889764, 6, "841.889764"},
	    {0.55, 4, "0.55"},    {1e12, 0, "1000000000"},
	    {2.0005, 3, "2.001"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GString *s = g_string_new(NULL);
		cp_pdf_num(s, cases[i].v, cases[i].dec);
		g_assert_cmpstr(s->str, ==, cases[i].want);
		g_string_free(s, TRUE);
	}
	GString *t = g_string_new(NULL);
	cp_pdf_text(t, "a(b)");
	cp_pdf_text(t, "表紙");
	g_assert_cmpstr(t->str, ==, "(a\\(b\\))<FEFF88687D19>");
	g_string_free(t, TRUE);

	/* integers and codes, as printf's "%" PRId64 and "%04X" give them */
	static const int64_t ints[] = {0, 7, -7, 10, -120, 1000000007, INT64_MAX, INT64_MIN};
	for (size_t i = 0; i < G_N_ELEMENTS(ints); i++) {
		GString *s = g_string_new(NULL);
		cp_pdf_int(s, ints[i]);
		g_autofree char *want = g_strdup_printf("%" G_GINT64_FORMAT, ints[i]);
		g_assert_cmpstr(s->str, ==, want);
		g_string_free(s, TRUE);
	}
	GString *h = g_string_new(NULL);
	cp_pdf_hex4(h, 0);
	cp_pdf_hex4(h, 0x3042);
	cp_pdf_hex4(h, 0xabcd);
	cp_pdf_hex4(h, 0x12fffe); /* the low 16 bits */
	g_assert_cmpstr(h->str, ==, "00003042ABCDFFFE");
	g_string_free(h, TRUE);
}

/* The CFF charset of a real CID-keyed face, and damaged tables refused
 * without reading past their end. */
static void test_cff_charset(void)
{
	const char *path = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
	if (blob == NULL) {
		g_test_skip("Noto Sans CJK is not installed");
		return;
	}
	hb_face_t *face = hb_face_create(blob, 0);
	hb_blob_t *cff = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
	unsigned len = 0;
	const unsigned char *data = (const unsigned char *)hb_blob_get_data(cff, &len);
	g_assert_cmpuint(len, >, 1000);
	uint32_t n = hb_face_get_glyph_count(face);
	bool cid = false;
	cp_pdf_cid_range *cids = NULL;
	size_t n_cids = 0;
	g_assert_true(cp_pdf_cff_charset(data, len, n, &cid, &cids, &n_cids));
	g_assert_true(cid);
	g_assert_nonnull(cids);
	/* ranges in glyph order from .notdef, covering every glyph once */
	g_assert_cmpuint(n_cids, >=, 1);
	uint32_t next = 0;
	for (size_t i = 0; i < n_cids; i++) {
		g_assert_cmpuint(cids[i].gid, ==, next);
		g_assert_cmpuint(cids[i].n, >=, 1);
		next += cids[i].n;
	}
	g_assert_cmpuint(next, ==, n);
	g_assert_cmpuint(cp_pdf_cid_of(cids, n_cids, 0), ==, 0);
	/* every glyph has a CID, and no two glyphs share one */
	GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (uint32_t g = 0; g < n; g++)
		g_assert_true(
		    g_hash_table_add(seen, GUINT_TO_POINTER(cp_pdf_cid_of(cids, n_cids, g) + 1)));
	g_hash_table_unref(seen);
	g_free(cids);
	/* the lookup over ranges with gaps between CIDs */
	static const cp_pdf_cid_range r[] = {{0, 0, 1}, {1, 100, 3}, {4, 7, 1}, {5, 200, 10}};
	static const uint32_t want[] = {0, 100, 101, 102, 7, 200, 201, 209, 0};
	static const uint32_t at[] = {0, 1, 2, 3, 4, 5, 6, 14, 15};
	for (size_t i = 0; i < G_N_ELEMENTS(at); i++)
		g_assert_cmpuint(cp_pdf_cid_of(r, G_N_ELEMENTS(r), at[i]), ==, want[i]);
	/* cut anywhere in its first kilobytes or filled with 0xff: refused */
	for (unsigned cut = 0; cut < 4096; cut += 7) {
		bool c2;
		cp_pdf_cid_range *m2 = NULL;
		size_t n2 = 0;
		if (cp_pdf_cff_charset(data, cut, n, &c2, &m2, &n2))
			g_free(m2);
	}
	unsigned char junk[512];
	memset(junk, 0xff, sizeof junk);
	bool c3;
	cp_pdf_cid_range *m3 = NULL;
	size_t n3 = 0;
	g_assert_false(cp_pdf_cff_charset(junk, sizeof junk, n, &c3, &m3, &n3));
	g_assert_null(m3);
	hb_blob_destroy(cff);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
#define ADD(name, fn) g_test_add(name, fixture, NULL, fixture_setup, fn, fixture_teardown)
	ADD("/pdf/info", test_pdf_info);
	ADD("/pdf/bleed", test_pdf_bleed);
	ADD("/pdf/fonts-text", test_pdf_fonts_text);
	ADD("/pdf/images", test_pdf_images);
	ADD("/pdf/outline-labels", test_pdf_outline_labels);
	ADD("/pdf/reproducible", test_pdf_reproducible);
	ADD("/pdf/threads-identical", test_pdf_threads_identical);
	ADD("/pdf/deflate-levels", test_pdf_deflate_levels);
	ADD("/pdf/missing-folder", test_pdf_missing_folder);
	ADD("/pdf/disk-full", test_pdf_disk_full);
	ADD("/pdf/bad-image-keeps-target", test_pdf_bad_image_keeps_target);
	ADD("/pdf/jpeg-kinds", test_jpeg_kinds);
	ADD("/pdf/screen-colors", test_screen_colors);
	ADD("/pdf/press", test_press);
	ADD("/pdf/press-transparency", test_press_transparency);
#undef ADD
	g_test_add_func("/pdf/profile", test_profile);
	g_test_add_func("/pdf/numbers", test_numbers);
	g_test_add_func("/pdf/cff-charset", test_cff_charset);
	return g_test_run();
}
