/* test_units.c - editor units: parsing what editors write, converting to
 * points, formatting numbers for dumps the C-locale way. */
#include <locale.h>
#include <math.h>

#include <glib.h>

#include "base/units.h"

static void parse_ok(const char *text, double value, cp_unit unit)
{
	cp_length len = {-1, CP_UNIT_COUNT};
	if (!cp_unit_parse(text, &len))
		g_error("'%s' did not parse", text);
	g_assert_cmpfloat_with_epsilon(len.value, value, 1e-12);
	g_assert_cmpint(len.unit, ==, unit);
}

static void parse_bad(const char *text)
{
	cp_length len = {42, CP_UNIT_H};
	if (cp_unit_parse(text, &len))
		g_error("'%s' parsed", text);
	/* left alone on failure */
	g_assert_cmpfloat(len.value, ==, 42);
	g_assert_cmpint(len.unit, ==, CP_UNIT_H);
}

static void test_parse(void)
{
	parse_ok("12mm", 12, CP_UNIT_MM);
	parse_ok("13Q", 13, CP_UNIT_Q);
	parse_ok("13q", 13, CP_UNIT_Q);
	parse_ok("22 H", 22, CP_UNIT_H);
	parse_ok("9.5pt", 9.5, CP_UNIT_PT);
	parse_ok("2zw", 2, CP_UNIT_ZW);
	parse_ok("0.5zw", 0.5, CP_UNIT_ZW);
	parse_ok(" 4.5mm ", 4.5, CP_UNIT_MM);
	parse_ok("0", 0, CP_UNIT_PT);
	parse_ok("0.0", 0, CP_UNIT_PT);
	parse_bad(NULL);
	parse_bad("");
	parse_bad("12"); /* a bare number other than 0 */
	parse_bad("-3mm");
	parse_bad("+3mm");
	parse_bad("3cm");
	parse_bad("mm");
	parse_bad(".mm");
	parse_bad("1e3pt");
	parse_bad("12 mm x");
	parse_bad("12,5mm");
	parse_bad("ZW");
}

static void test_convert(void)
{
	g_assert_cmpfloat_with_epsilon(cp_unit_to_pt(cp_mm(25.4), 0), 72.0, 1e-9);
	g_assert_cmpfloat_with_epsilon(cp_unit_to_pt(cp_pt(9), 0), 9.0, 1e-12);
	cp_length q = {13, CP_UNIT_Q};
	g_assert_cmpfloat_with_epsilon(cp_unit_to_pt(q, 0), 13 * 0.25 * 72 / 25.4, 1e-9);
	cp_length h = {22, CP_UNIT_H};
	g_assert_cmpfloat_with_epsilon(cp_unit_to_pt(h, 0), 22 * 0.25 * 72 / 25.4, 1e-9);
	cp_length zw = {2, CP_UNIT_ZW};
	g_assert_cmpfloat_with_epsilon(cp_unit_to_pt(zw, 9.2), 18.4, 1e-9);
	g_assert_cmpstr(cp_unit_name(CP_UNIT_PT), ==, "pt");
	g_assert_cmpstr(cp_unit_name(CP_UNIT_MM), ==, "mm");
	g_assert_cmpstr(cp_unit_name(CP_UNIT_Q), ==, "Q");
	g_assert_cmpstr(cp_unit_name(CP_UNIT_H), ==, "H");
	g_assert_cmpstr(cp_unit_name(CP_UNIT_ZW), ==, "zw");
}

static void test_fmt(void)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	g_assert_cmpstr(cp_fmt_pt(buf, 12.5), ==, "12.5");
	g_assert_cmpstr(cp_fmt_pt(buf, 3.0), ==, "3");
	g_assert_cmpstr(cp_fmt_pt(buf, 0.126), ==, "0.13");
	g_assert_cmpstr(cp_fmt_pt(buf, -0.001), ==, "0");
	g_assert_cmpstr(cp_fmt_pt(buf, -2.25), ==, "-2.25");
	g_assert_cmpstr(cp_fmt_pt(buf, 841.8897), ==, "841.89");
}

/* A comma-decimal locale changes neither parsing nor formatting. */
static void test_locale(void)
{
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") == NULL &&
	    setlocale(LC_NUMERIC, "fr_FR.UTF-8") == NULL) {
		g_test_skip("no comma-decimal locale installed");
		return;
	}
	parse_ok("9.5pt", 9.5, CP_UNIT_PT);
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	g_assert_cmpstr(cp_fmt_pt(buf, 12.5), ==, "12.5");
	setlocale(LC_NUMERIC, "C");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/units/parse", test_parse);
	g_test_add_func("/units/convert", test_convert);
	g_test_add_func("/units/fmt", test_fmt);
	g_test_add_func("/units/locale", test_locale);
	return g_test_run();
}
