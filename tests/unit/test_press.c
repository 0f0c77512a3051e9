/* test_press.c - the press step through its public interface (press.h):
 * the palette, the profile, the imposition order, and cp_press_convert on
 * small PDFs written here by hand, read back with qpdf's C API: colour
 * operators rewritten (K-only black, exact palette CMYK, the profile for
 * the rest), strings and inline images untouched, boxes and marks, the
 * PDF/X keys, and every construct the step refuses (Type 3 fonts, mesh
 * shadings, transparency in X-1a) reported with its page.
 *
 * The output profile is the FOGRA39 one the build makes
 * ($CP_BUILD_DIR/src/canpress-fogra39.icc); the tests that need it skip
 * when it is missing (no ArgyllCMS on the machine). */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <qpdf/qpdf-c.h>

#include "press/press.h"

static char *profile_path(void)
{
	const char *b = g_getenv("CP_BUILD_DIR");
	return g_build_filename(b != NULL ? b : ".", "src", "canpress-fogra39.icc", NULL);
}

static cp_press_profile *load_profile(cp_diags *d)
{
	g_autofree char *path = profile_path();
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_test_skip("no FOGRA39 profile in the build folder (argyll missing)");
		return NULL;
	}
	cp_press_profile *p = cp_press_profile_new(path, 300, d);
	g_assert_nonnull(p);
	return p;
}

/* A one-page PDF around content, with extra resources and objects. No xref:
 * the press step rebuilds it anyway (Cairo's is unreliable). */
static GString *make_pdf(const char *content, const char *resources, const char *extra)
{
	GString *s = g_string_new("%PDF-1.5\n");
	g_string_append(s, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
	g_string_append(s, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
	g_string_append_printf(s,
	                       "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 300] "
	                       "/Resources << %s >> /Contents 4 0 R >> endobj\n",
	                       resources);
	g_string_append_printf(s, "4 0 obj << /Length %zu >> stream\n%s\nendstream endobj\n",
	                       strlen(content) + 1, content);
	g_string_append(s, extra);
	g_string_append(s, "trailer << /Root 1 0 R /Size 20 >>\nstartxref\n0\n%%EOF\n");
	return s;
}

typedef struct result {
	bool ok;
	char *content; /* page 1's content, decoded */
	char *version;
	char *pdfx; /* Info GTS_PDFXVersion */
	double trim[4], bleed[4], media[4];
	cp_diags *d;
} result;

static void result_clear(result *r)
{
	g_free(r->content);
	g_free(r->version);
	g_free(r->pdfx);
	cp_diags_free(r->d);
}

static void read_box(qpdf_data q, qpdf_oh page, const char *key, double out[4])
{
	qpdf_oh a = qpdf_oh_get_key(q, page, key);
	for (int i = 0; i < 4; i++)
		out[i] = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, a, i));
}

/* Runs the press step on pdf with the job and reads the result back. */
static result convert(const GString *pdf, cp_press_job *job, const cp_press_profile *p,
                      const cp_press_palette *pal)
{
	result r = {0};
	r.d = cp_diags_new();
	g_autofree char *dir = g_dir_make_tmp("test_press-XXXXXX", NULL);
	g_autofree char *out = g_build_filename(dir, "out.pdf", NULL);
	job->file_name = "t.pdf";
	r.ok = cp_press_convert((unsigned char *)pdf->str, pdf->len, out, job, p, pal, NULL,
	                        r.d);
	if (r.ok) {
		qpdf_data q = qpdf_init();
		qpdf_silence_errors(q);
		g_assert_false(qpdf_read(q, out, NULL) & QPDF_ERRORS);
		qpdf_oh page = qpdf_get_page_n(q, 0);
		unsigned char *buf = NULL;
		size_t len = 0;
		g_assert_false(qpdf_oh_get_page_content_data(q, page, &buf, &len) & QPDF_ERRORS);
		r.content = g_strndup((const char *)buf, len);
		free(buf);
		r.version = g_strdup(qpdf_get_pdf_version(q));
		r.pdfx = g_strdup(qpdf_get_info_key(q, "/GTS_PDFXVersion"));
		read_box(q, page, "/TrimBox", r.trim);
		read_box(q, page, "/BleedBox", r.bleed);
		read_box(q, page, "/MediaBox", r.media);
		qpdf_cleanup(&q);
		g_unlink(out);
	}
	g_rmdir(dir);
	return r;
}

static bool has_error(const cp_diags *d, const char *needle)
{
	for (size_t i = 0; i < cp_diags_len(d); i++) {
		const cp_diag *g = cp_diags_get(d, i);
		if (g->code == CP_DIAG_PRESS && strstr(g->msg, needle) != NULL)
			return true;
	}
	return false;
}

/* ---- palette and profile ----------------------------------------------- */

static void test_palette(void)
{
	cp_press_palette *pal = cp_press_palette_new();
	/* two CMYKs whose naive RGB is the same must get different RGB */
	cp_color a = cp_color_cmyk(0, 0.5, 0.5, 0);
	cp_color b = cp_color_cmyk(0.0, 0.5, 0.5, 0.0000001);
	cp_press_palette_add(pal, NULL, &a);
	cp_press_palette_add(pal, NULL, &b);
	g_assert_false(a.r == b.r && a.g == b.g && a.b == b.b);
	double cmyk[4];
	double rgb[3] = {a.r, a.g, a.b};
	g_assert_true(cp_press_palette_lookup(pal, rgb, cmyk));
	g_assert_cmpfloat(cmyk[1], ==, 0.5);
	g_assert_cmpfloat(cmyk[3], ==, 0);
	/* the same CMYK again: the same RGB, no new entry */
	cp_color a2 = cp_color_cmyk(0, 0.5, 0.5, 0);
	cp_press_palette_add(pal, NULL, &a2);
	g_assert_cmpfloat(a2.b, ==, a.b);
	g_assert_cmpuint(cp_press_palette_len(pal), ==, 2);
	/* K only is a grey, and exact */
	cp_color k = cp_color_gray(0.35);
	cp_press_palette_add(pal, NULL, &k);
	g_assert_cmpfloat(k.r, ==, k.g);
	g_assert_cmpfloat(k.g, ==, k.b);
	double krgb[3] = {k.r, k.g, k.b};
	g_assert_true(cp_press_palette_lookup(pal, krgb, cmyk));
	g_assert_cmpfloat(cmyk[3], ==, 0.35);
	/* a colour as Cairo writes it, six decimals, still maps back */
	char buf[32];
	g_ascii_formatd(buf, sizeof buf, "%.6f", a.b);
	double six[3] = {a.r, a.g, g_ascii_strtod(buf, NULL)};
	g_assert_true(cp_press_palette_lookup(pal, six, cmyk));
	/* an RGB that is not on the grid: no entry */
	double off[3] = {0.123456, 0.5, 0.5};
	g_assert_false(cp_press_palette_lookup(pal, off, cmyk));
	/* RGB colours are left alone */
	cp_color r;
	g_assert_true(cp_color_parse("#ff8000", &r));
	cp_press_palette_add(pal, NULL, &r);
	g_assert_cmpfloat(r.r, ==, 1.0);
	cp_press_palette_free(pal);
}

static void test_profile(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_assert_null(cp_press_profile_new("/nonexistent/x.icc", 300, d));
	g_assert_true(has_error(d, "cannot read the output profile"));
	/* an RGB profile is not an output profile */
	if (g_file_test("/usr/share/color/icc/sRGB.icc", G_FILE_TEST_EXISTS)) {
		g_assert_null(cp_press_profile_new("/usr/share/color/icc/sRGB.icc", 300, d));
		g_assert_true(has_error(d, "not a CMYK output"));
	}
	cp_press_profile *p = load_profile(d);
	if (p == NULL)
		return;
	double cmyk[4];
	/* neutrals are K only */
	cp_press_profile_rgb_to_cmyk(p, (double[3]){0, 0, 0}, cmyk);
	g_assert_cmpfloat(cmyk[0] + cmyk[1] + cmyk[2], ==, 0);
	g_assert_cmpfloat(cmyk[3], ==, 1);
	/* a saturated dark colour stays within the ink limit */
	cp_press_profile_rgb_to_cmyk(p, (double[3]){0.1, 0.0, 0.05}, cmyk);
	g_assert_cmpfloat((cmyk[0] + cmyk[1] + cmyk[2] + cmyk[3]) * 100, <=, 300.5);
	/* screen colours: paper white is white, K 100 is dark and neutral */
	double rgb[3];
	cp_press_profile_to_screen(p, (double[4]){0, 0, 0, 0}, rgb);
	g_assert_cmpfloat(rgb[0], >, 0.98);
	cp_press_profile_to_screen(p, (double[4]){0, 0, 0, 1}, rgb);
	g_assert_cmpfloat(rgb[0], <, 0.35);
	/* a red stays red */
	cp_press_profile_to_screen(p, (double[4]){0, 0.9, 0.85, 0}, rgb);
	g_assert_cmpfloat(rgb[0], >, rgb[1] + 0.4);
	g_assert_nonnull(strstr(cp_press_profile_get_description(p), "FOGRA39"));
	/* the screen-only profile gives the same screen colours */
	g_autofree char *path = profile_path();
	cp_press_profile *sp = cp_press_profile_new_screen(path, d);
	g_assert_nonnull(sp);
	double rgb2[3];
	cp_press_profile_to_screen(sp, (double[4]){0, 0.9, 0.85, 0}, rgb2);
	for (int i = 0; i < 3; i++)
		g_assert_cmpfloat(rgb2[i], ==, rgb[i]);
	cp_press_profile_free(sp);
	cp_press_profile_free(p);
}

/* ---- imposition order ------------------------------------------------------ */

static void test_impose_order(void)
{
	int slot[16];
	g_assert_false(cp_press_impose_order(6, false, slot));
	g_assert_false(cp_press_impose_order(0, false, slot));
	/* 8 pages, left binding: sheet 1 front 8|1, back 2|7; sheet 2 front
	 * 6|3, back 4|5 (1-based) */
	g_assert_true(cp_press_impose_order(8, false, slot));
	int left[8] = {7, 0, 1, 6, 5, 2, 3, 4};
	for (int i = 0; i < 8; i++)
		g_assert_cmpint(slot[i], ==, left[i]);
	/* right binding mirrors each side */
	g_assert_true(cp_press_impose_order(8, true, slot));
	int right[8] = {0, 7, 6, 1, 2, 5, 4, 3};
	for (int i = 0; i < 8; i++)
		g_assert_cmpint(slot[i], ==, right[i]);
	/* every page exactly once, for a longer booklet */
	int big[64];
	g_assert_true(cp_press_impose_order(64, false, big));
	int seen[64] = {0};
	for (int i = 0; i < 64; i++)
		seen[big[i]]++;
	for (int i = 0; i < 64; i++)
		g_assert_cmpint(seen[i], ==, 1);
}

/* ---- the conversion -------------------------------------------------------- */

static cp_press_job default_job(void)
{
	cp_press_job job = {0};
	job.pdfx = CP_PDFX_AUTO;
	job.icc_id = "FOGRA39";
	job.icc_name = "test";
	job.bleed = 8.5;
	job.marks = false;
	job.marks_margin = 15 * 72 / 25.4;
	job.jpeg_quality = 90;
	job.title = "t";
	job.date = "2026-12-01T00:00:00Z";
	return job;
}

static void test_convert_colors(void)
{
	g_autoptr(cp_diags) d0 = cp_diags_new();
	cp_press_profile *p = load_profile(d0);
	if (p == NULL)
		return;
	cp_press_palette *pal = cp_press_palette_new();
	cp_color red = cp_color_cmyk(0, 0.9, 0.85, 0);
	cp_press_palette_add(pal, p, &red);
	char r[3][G_ASCII_DTOSTR_BUF_SIZE];
	g_autofree char *content =
	    g_strdup_printf("q 0 0 0 rg BT /F1 12 Tf 10 10 Td (0 0 0 rg \\) RG) Tj ET\n"
	                    "0.5 0.5 0.5 RG 1 w 0 0 m 10 10 l S\n"
	                    "%s %s %s rg 0 0 5 5 re f\n"
	                    "q /DeviceRGB cs 0.2 0.4 0.9 scn 0 0 5 5 re f Q\n"
	                    "/DeviceGray cs 0.3 sc %% a comment 1 0 0 rg\n"
	                    "BI /W 2 /H 1 /CS /G /BPC 8 ID \x01rg EI Q",
	                    g_ascii_formatd(r[0], sizeof r[0], "%.6f", red.r),
	                    g_ascii_formatd(r[1], sizeof r[1], "%.6f", red.g),
	                    g_ascii_formatd(r[2], sizeof r[2], "%.6f", red.b));
	GString *pdf = make_pdf(content,
	                        "/Font << /F1 << /Type /Font /Subtype /Type1 "
	                        "/BaseFont /Helvetica >> >>",
	                        "");
	cp_press_job job = default_job();
	result res = convert(pdf, &job, p, pal);
	g_assert_true(res.ok);
	/* black text is K only; the string is untouched */
	g_assert_nonnull(strstr(res.content, "q 0 0 0 1 k BT"));
	g_assert_nonnull(strstr(res.content, "(0 0 0 rg \\) RG) Tj"));
	/* a grey is K only at its tint (DeviceGray meaning) */
	g_assert_nonnull(strstr(res.content, "0 0 0 0.5 K 1 w"));
	/* the palette colour comes out exactly */
	g_assert_nonnull(strstr(res.content, "0 0.9 0.85 0 k 0 0 5 5 re f"));
	/* DeviceRGB through cs/scn: the space and the operands */
	g_assert_nonnull(strstr(res.content, "/DeviceCMYK cs"));
	g_assert_null(strstr(res.content, "0.2 0.4 0.9 scn"));
	g_assert_null(strstr(res.content, "DeviceRGB"));
	/* grey space, comments and inline image data are left alone */
	g_assert_nonnull(strstr(res.content, "/DeviceGray cs 0.3 sc"));
	g_assert_nonnull(strstr(res.content, "ID \x01rg EI"));
	/* X-1a: PDF 1.3, the version keys; boxes: trim = page - bleed */
	g_assert_cmpstr(res.version, ==, "1.3");
	g_assert_cmpstr(res.pdfx, ==, "PDF/X-1:2001");
	g_assert_cmpfloat_with_epsilon(res.trim[0], 8.5, 1e-3);
	g_assert_cmpfloat_with_epsilon(res.trim[3], 291.5, 1e-3);
	g_assert_cmpfloat_with_epsilon(res.bleed[2], 200, 1e-3);
	result_clear(&res);

	/* with marks: a larger sheet, the page moved, tombo in /CSReg */
	job.marks = true;
	res = convert(pdf, &job, p, pal);
	g_assert_true(res.ok);
	double m = 15 * 72 / 25.4;
	g_assert_cmpfloat_with_epsilon(res.media[2], 200 + 2 * (m - 8.5), 1e-2);
	g_assert_cmpfloat_with_epsilon(res.trim[0], m, 1e-2);
	g_assert_nonnull(strstr(res.content, "/CSReg CS 1 SCN"));
	result_clear(&res);

	g_string_free(pdf, TRUE);
	cp_press_palette_free(pal);
	cp_press_profile_free(p);
}

static void test_convert_refusals(void)
{
	g_autoptr(cp_diags) d0 = cp_diags_new();
	cp_press_profile *p = load_profile(d0);
	if (p == NULL)
		return;
	cp_press_job job = default_job();

	/* a Type 3 font */
	GString *pdf = make_pdf("BT /T3 12 Tf (a) Tj ET",
	                        "/Font << /T3 << /Type /Font /Subtype /Type3 >> >>", "");
	result res = convert(pdf, &job, p, NULL);
	g_assert_false(res.ok);
	g_assert_true(has_error(res.d, "page 1: font /T3 is a Type 3 font"));
	result_clear(&res);
	g_string_free(pdf, TRUE);

	/* a mesh shading */
	pdf = make_pdf(
	    "/Sh0 sh", "/Shading << /Sh0 5 0 R >>",
	    "5 0 obj << /ShadingType 4 /ColorSpace /DeviceRGB /BitsPerCoordinate 8 "
	    "/BitsPerComponent 8 /BitsPerFlag 8 /Decode [0 1 0 1 0 1 0 1 0 1] /Length 0 >> "
	    "stream\n\nendstream endobj\n");
	res = convert(pdf, &job, p, NULL);
	g_assert_false(res.ok);
	g_assert_true(has_error(res.d, "page 1: an RGB mesh shading (type 4)"));
	result_clear(&res);
	g_string_free(pdf, TRUE);

	/* transparency: an error in X-1a, X-4 in auto */
	const char *gs = "/ExtGState << /a1 << /ca 0.5 >> >>";
	pdf = make_pdf("/a1 gs 0 0 0 rg 0 0 5 5 re f", gs, "");
	job.pdfx = CP_PDFX_X1A;
	res = convert(pdf, &job, p, NULL);
	g_assert_false(res.ok);
	g_assert_true(has_error(res.d, "page 1: the page uses transparency"));
	result_clear(&res);
	job.pdfx = CP_PDFX_AUTO;
	res = convert(pdf, &job, p, NULL);
	g_assert_true(res.ok);
	g_assert_cmpstr(res.version, ==, "1.6");
	g_assert_cmpstr(res.pdfx, ==, "PDF/X-4");
	result_clear(&res);
	g_string_free(pdf, TRUE);

	/* an axial RGB shading is converted, not refused */
	pdf = make_pdf("/Sh0 sh", "/Shading << /Sh0 5 0 R >>",
	               "5 0 obj << /ShadingType 2 /ColorSpace /DeviceRGB /Coords [0 0 100 0] "
	               "/Function << /FunctionType 2 /Domain [0 1] /C0 [1 0 0] /C1 [0 0 1] /N 1 >> "
	               ">> endobj\n");
	res = convert(pdf, &job, p, NULL);
	g_assert_true(res.ok);
	result_clear(&res);
	g_string_free(pdf, TRUE);
	cp_press_profile_free(p);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/press/palette", test_palette);
	g_test_add_func("/press/profile", test_profile);
	g_test_add_func("/press/impose-order", test_impose_order);
	g_test_add_func("/press/convert-colors", test_convert_colors);
	g_test_add_func("/press/convert-refusals", test_convert_refusals);
	return g_test_run();
}
