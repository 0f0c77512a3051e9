/* test_color.c - colours as designers write them: cmyk() in percent, #rrggbb,
 * black and white, and their dump format. */
#include <glib.h>

#include "base/color.h"

static void test_cmyk(void)
{
	cp_color c;
	g_assert_true(cp_color_parse("cmyk(0, 90, 85, 0)", &c));
	g_assert_true(c.cmyk);
	g_assert_cmpfloat_with_epsilon(c.m, 0.90, 1e-12);
	g_assert_cmpfloat_with_epsilon(c.y, 0.85, 1e-12);
	g_assert_cmpfloat_with_epsilon(c.r, 1.0, 1e-12);
	g_assert_cmpfloat_with_epsilon(c.g, 0.10, 1e-12);
	g_assert_true(cp_color_parse("cmyk(0,0,0,100)", &c));
	g_assert_cmpfloat(c.k, ==, 1.0);
	g_assert_cmpfloat(c.r, ==, 0.0);
	g_assert_true(cp_color_parse("cmyk(10%, 20%, 30%, 40%)", &c));
	g_assert_cmpfloat_with_epsilon(c.c, 0.1, 1e-12);
	g_assert_cmpfloat_with_epsilon(c.k, 0.4, 1e-12);
	g_assert_true(cp_color_parse("cmyk(0.5, 0, 0, 0)", &c));
	g_assert_cmpfloat_with_epsilon(c.c, 0.005, 1e-12);
}

static void test_rgb_and_names(void)
{
	cp_color c;
	g_assert_true(cp_color_parse("#ff8000", &c));
	g_assert_false(c.cmyk);
	g_assert_cmpfloat_with_epsilon(c.r, 1.0, 1e-12);
	g_assert_cmpfloat_with_epsilon(c.g, 128 / 255.0, 1e-12);
	g_assert_cmpfloat(c.b, ==, 0.0);
	/* a grey is K only */
	g_assert_true(cp_color_parse("#808080", &c));
	g_assert_cmpfloat_with_epsilon(c.k, 1 - 128 / 255.0, 1e-12);
	g_assert_cmpfloat(c.c, ==, 0.0);
	g_assert_true(cp_color_parse("black", &c));
	g_assert_true(c.cmyk);
	g_assert_cmpfloat(c.k, ==, 1.0);
	g_assert_true(cp_color_parse("white", &c));
	g_assert_cmpfloat(c.k, ==, 0.0);
	g_assert_cmpfloat(c.r, ==, 1.0);
}

static void test_bad(void)
{
	const char *bad[] = {NULL,
	                     "",
	                     "red",
	                     "#fff",
	                     "#gg0000",
	                     "#0000000",
	                     "cmyk(0, 90, 85)",
	                     "cmyk(0, 90, 85, 0",
	                     "cmyk(0 90 85 0)",
	                     "cmyk(0, 90, 85, 101)",
	                     "cmyk(-1, 0, 0, 0)",
	                     "cmyk(0, 90, 85, 0) x",
	                     "CMYK(0, 0, 0, 0)",
	                     "cmyk(nan, 0, 0, 0)"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		cp_color c = cp_color_gray(0.5);
		if (cp_color_parse(bad[i], &c))
			g_error("'%s' parsed", bad[i] ? bad[i] : "(null)");
	}
}

static void test_format(void)
{
	char buf[40];
	cp_color c = cp_color_cmyk(0, 0.55, 0.65, 0.15);
	g_assert_cmpstr(cp_color_format(&c, buf), ==, "cmyk(0,55,65,15)");
	g_assert_true(cp_color_parse("#0a0b0c", &c));
	g_assert_cmpstr(cp_color_format(&c, buf), ==, "#0a0b0c");
	c = cp_color_gray(0.75);
	g_assert_cmpstr(cp_color_format(&c, buf), ==, "cmyk(0,0,0,75)");
	g_assert_cmpfloat_with_epsilon(c.r, 0.25, 1e-12);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/color/cmyk", test_cmyk);
	g_test_add_func("/color/rgb-and-names", test_rgb_and_names);
	g_test_add_func("/color/bad", test_bad);
	g_test_add_func("/color/format", test_format);
	return g_test_run();
}
