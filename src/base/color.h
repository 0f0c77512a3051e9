/* color.h - colours as designers give them: CMYK for print (kept exact for the
 * press step), with the RGB used on screen. Audience: load, model, displist,
 * render. */
#ifndef CP_BASE_COLOR_H
#define CP_BASE_COLOR_H

#include <stdbool.h>

typedef struct cp_color {
	bool cmyk;         /* given as cmyk(): c, m, y, k are exact */
	double c, m, y, k; /* 0..1 */
	double r, g, b;    /* 0..1, what screens and the Cairo PDF use */
} cp_color;

/* Parses "cmyk(0, 90, 85, 0)" (percent), "#rrggbb", "black", "white".
 * Returns false on anything else. */
bool cp_color_parse(const char *text, cp_color *out);
cp_color cp_color_gray(double k); /* k: ink 0..1, r=g=b */
cp_color cp_color_cmyk(double c, double m, double y, double k);
/* "cmyk(0,90,85,0)" or "#rrggbb" into buf (>= 40 bytes), for dumps. */
char *cp_color_format(const cp_color *color, char *buf);

#endif
