/* units.c - parsing and converting editor units. Locale independent: a
 * comma-decimal locale must not change what "9.5pt" means. */
#include "base/units.h"

#include <math.h>
#include <string.h>

#include <glib.h>

static const char *const unit_names[] = {"pt", "mm", "Q", "H", "zw"};
_Static_assert(sizeof unit_names / sizeof unit_names[0] == CP_UNIT_COUNT, "unit names");

const char *cp_unit_name(cp_unit unit)
{
	g_assert(unit < CP_UNIT_COUNT);
	return unit_names[unit];
}

bool cp_unit_parse(const char *text, cp_length *out)
{
	if (text == NULL)
		return false;
	while (*text == ' ')
		text++;
	/* the number: digits with an optional fraction, no sign, no exponent */
	const char *p = text;
	if (*p == '-' || *p == '+')
		return false;
	while (g_ascii_isdigit(*p))
		p++;
	if (*p == '.') {
		p++;
		while (g_ascii_isdigit(*p))
			p++;
	}
	if (p == text || (p == text + 1 && *text == '.'))
		return false;
	char *end = NULL;
	double v = g_ascii_strtod(text, &end);
	if (end != p || !isfinite(v))
		return false;
	while (*p == ' ')
		p++;
	/* the unit; trailing blanks allowed */
	size_t len = strlen(p);
	while (len > 0 && p[len - 1] == ' ')
		len--;
	cp_unit unit;
	if (len == 0) {
		if (v != 0.0)
			return false;
		unit = CP_UNIT_PT;
	} else if (len == 2 && strncmp(p, "pt", 2) == 0) {
		unit = CP_UNIT_PT;
	} else if (len == 2 && strncmp(p, "mm", 2) == 0) {
		unit = CP_UNIT_MM;
	} else if (len == 1 && (*p == 'Q' || *p == 'q')) {
		unit = CP_UNIT_Q;
	} else if (len == 1 && (*p == 'H' || *p == 'h')) {
		unit = CP_UNIT_H;
	} else if (len == 2 && strncmp(p, "zw", 2) == 0) {
		unit = CP_UNIT_ZW;
	} else {
		return false;
	}
	out->value = v;
	out->unit = unit;
	return true;
}

double cp_unit_to_pt(cp_length len, double zw_pt)
{
	switch (len.unit) {
	case CP_UNIT_PT:
		return len.value;
	case CP_UNIT_MM:
		return len.value * CP_MM_TO_PT;
	case CP_UNIT_Q:
	case CP_UNIT_H:
		return len.value * 0.25 * CP_MM_TO_PT;
	case CP_UNIT_ZW:
		return len.value * zw_pt;
	case CP_UNIT_COUNT:
		break;
	}
	g_assert_not_reached();
}

char *cp_fmt_pt(char *buf, double v)
{
	/* round to 0.01 first so -0.001 prints as 0 */
	double r = round(v * 100.0) / 100.0;
	if (r == 0.0)
		r = 0.0;
	g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, "%.2f", r);
	/* trim trailing zeros: 12.50 -> 12.5, 3.00 -> 3 */
	char *dot = strchr(buf, '.');
	if (dot != NULL) {
		char *e = buf + strlen(buf) - 1;
		while (e > dot && *e == '0')
			*e-- = '\0';
		if (e == dot)
			*e = '\0';
	}
	return buf;
}
