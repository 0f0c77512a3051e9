/* color.c - parsing colours. The CMYK -> RGB conversion here is the naive
 * one (1 - c)(1 - k); the press step (issue 4) replaces the screen values with
 * the output profile's through Little CMS, and never uses these for print. */
#include "base/color.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

cp_color cp_color_cmyk(double c, double m, double y, double k)
{
	cp_color col = {true, c, m, y, k, 0, 0, 0};
	col.r = (1.0 - c) * (1.0 - k);
	col.g = (1.0 - m) * (1.0 - k);
	col.b = (1.0 - y) * (1.0 - k);
	return col;
}

cp_color cp_color_gray(double k)
{
	cp_color col = cp_color_cmyk(0, 0, 0, k);
	return col;
}

static bool parse_cmyk(const char *s, cp_color *out)
{
	double v[4];
	const char *p = s + 5; /* after "cmyk(" */
	for (int i = 0; i < 4; i++) {
		while (*p == ' ')
			p++;
		char *end = NULL;
		v[i] = g_ascii_strtod(p, &end);
		if (end == p || !isfinite(v[i]) || v[i] < 0 || v[i] > 100)
			return false;
		p = end;
		while (*p == ' ')
			p++;
		if (*p == '%')
			p++;
		while (*p == ' ')
			p++;
		if (*p != (i < 3 ? ',' : ')'))
			return false;
		p++;
	}
	while (*p == ' ')
		p++;
	if (*p != '\0')
		return false;
	*out = cp_color_cmyk(v[0] / 100, v[1] / 100, v[2] / 100, v[3] / 100);
	return true;
}

bool cp_color_parse(const char *text, cp_color *out)
{
	if (text == NULL)
		return false;
	if (strncmp(text, "cmyk(", 5) == 0)
		return parse_cmyk(text, out);
	if (strcmp(text, "black") == 0) {
		*out = cp_color_gray(1.0);
		return true;
	}
	if (strcmp(text, "white") == 0) {
		*out = cp_color_gray(0.0);
		return true;
	}
	if (text[0] == '#' && strlen(text) == 7) {
		unsigned v[3];
		for (int i = 0; i < 3; i++) {
			int hi = g_ascii_xdigit_value(text[1 + 2 * i]);
			int lo = g_ascii_xdigit_value(text[2 + 2 * i]);
			if (hi < 0 || lo < 0)
				return false;
			v[i] = (unsigned)(hi * 16 + lo);
		}
		cp_color col = {false, 0, 0, 0, 0, v[0] / 255.0, v[1] / 255.0, v[2] / 255.0};
		/* a plain grey is K only, as the press step will print it */
		if (v[0] == v[1] && v[1] == v[2])
			col.k = 1.0 - v[0] / 255.0;
		*out = col;
		return true;
	}
	return false;
}

char *cp_color_format(const cp_color *color, char *buf)
{
	if (color->cmyk)
		snprintf(buf, 40, "cmyk(%d,%d,%d,%d)", (int)lround(color->c * 100),
		         (int)lround(color->m * 100), (int)lround(color->y * 100),
		         (int)lround(color->k * 100));
	else
		snprintf(buf, 40, "#%02x%02x%02x", (unsigned)lround(color->r * 255),
		         (unsigned)lround(color->g * 255), (unsigned)lround(color->b * 255));
	return buf;
}
