/* units.h - lengths in editor units (mm, pt, Q, H, zw) and their conversion
 * to points. Audience: load (parse), compose (convert). */
#ifndef CP_BASE_UNITS_H
#define CP_BASE_UNITS_H

#include <stdbool.h>

typedef enum cp_unit {
	CP_UNIT_PT, /* PostScript point, 1/72 in: everything from typeset on */
	CP_UNIT_MM,
	CP_UNIT_Q,  /* kyu, 0.25 mm, for type sizes */
	CP_UNIT_H,  /* ha, 0.25 mm, for line pitch */
	CP_UNIT_ZW, /* zenkaku width: the body type size */
	CP_UNIT_COUNT
} cp_unit;

typedef struct cp_length {
	double value;
	cp_unit unit;
} cp_length;

#define CP_MM_TO_PT (72.0 / 25.4)

/* Parses "12mm", "13Q", "22 H", "9.5pt", "2zw". A bare 0 is accepted as 0pt.
 * Returns false (and leaves *out alone) on anything else. */
bool cp_unit_parse(const char *text, cp_length *out);
/* Converts to points; zw_pt is the size of one zw (the body size). */
double cp_unit_to_pt(cp_length len, double zw_pt);
/* "mm", "pt", "Q", "H", "zw". */
const char *cp_unit_name(cp_unit unit);
/* The length for a value in points, for defaults. */
static inline cp_length cp_pt(double v)
{
	return (cp_length){v, CP_UNIT_PT};
}
static inline cp_length cp_mm(double v)
{
	return (cp_length){v, CP_UNIT_MM};
}

/* Formats a number the C-locale way with at most two decimals into buf
 * (>= G_ASCII_DTOSTR_BUF_SIZE), for dumps. Returns buf. */
char *cp_fmt_pt(char *buf, double v);

#endif
