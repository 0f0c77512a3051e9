/* marks.c - what the print PDF adds to the pages, as PDF operators: Japanese
 * crop marks (tombo) and the hidden folio.
 *
 * Tombo geometry (docs/prepress.md section 6; the pLaTeX kernel's
 * \@outputtombow, as jlreq-trimmarks and gentombow draw it): b = bleed, L =
 * 10 mm beyond the bleed line, 0.1 mm lines (the Japanese shop convention),
 * in registration colour [/Separation /All /DeviceCMYK] tint 1 so they print
 * on every plate. At each corner a double mark: the inner line on the trim
 * line from the bleed line outwards (b .. b + L), the outer line on the
 * bleed line from the trim line outwards (0 .. b + L). On each side a centre
 * mark: a 2L bar on the bleed line and a stem of L on the axis outwards
 * (the "┴" form).
 *
 * The hidden folio (隠しノンブル) is drawn with strokes, not a font: seven
 * segment digits, K only, so it needs no font resource and never depends on
 * a font being embedded. */
#include "pdf/pdf_int.h"

#define MM (72.0 / 25.4)

static void line(GString *o, double x0, double y0, double x1, double y1)
{
	cp_pdf_num(o, x0, 4);
	g_string_append_c(o, ' ');
	cp_pdf_num(o, y0, 4);
	g_string_append(o, " m ");
	cp_pdf_num(o, x1, 4);
	g_string_append_c(o, ' ');
	cp_pdf_num(o, y1, 4);
	g_string_append(o, " l S\n");
}

const char cp_pdf_registration_cs[] = "[/Separation /All /DeviceCMYK << /FunctionType 2 "
                                      "/Domain [0 1] /C0 [0 0 0 0] /C1 [1 1 1 1] /N 1 >>]";

void cp_pdf_marks_draw(GString *o, double tx0, double ty0, double tx1, double ty1, double b)
{
	const double L = 10 * MM;
	g_string_append(o, "q /CSReg CS 1 SCN 0.2835 w 0 J 0 j [] 0 d\n");
	/* the corner marks: inner (trim) and outer (bleed) lines */
	for (int cx = 0; cx < 2; cx++) {
		for (int cy = 0; cy < 2; cy++) {
			double x = cx ? tx1 : tx0;
			double y = cy ? ty1 : ty0;
			double sx = cx ? 1 : -1;
			double sy = cy ? 1 : -1;
			line(o, x, y + sy * b, x, y + sy * (b + L));
			line(o, x + sx * b, y, x + sx * (b + L), y);
			line(o, x + sx * b, y, x + sx * b, y + sy * (b + L));
			line(o, x, y + sy * b, x + sx * (b + L), y + sy * b);
		}
	}
	/* the centre marks: a bar on the bleed line, a stem outwards */
	double mx = (tx0 + tx1) / 2;
	double my = (ty0 + ty1) / 2;
	line(o, mx - L, ty1 + b, mx + L, ty1 + b);
	line(o, mx, ty1 + b, mx, ty1 + b + L);
	line(o, mx - L, ty0 - b, mx + L, ty0 - b);
	line(o, mx, ty0 - b, mx, ty0 - b - L);
	line(o, tx0 - b, my - L, tx0 - b, my + L);
	line(o, tx0 - b, my, tx0 - b - L, my);
	line(o, tx1 + b, my - L, tx1 + b, my + L);
	line(o, tx1 + b, my, tx1 + b + L, my);
	g_string_append(o, "Q\n");
}

/* Segments a..g of each digit as bits: a top, b upper right, c lower right,
 * d bottom, e lower left, f upper left, g middle. */
static const unsigned char SEGMENTS[10] = {0x3f, 0x06, 0x5b, 0x4f, 0x66,
                                           0x6d, 0x7d, 0x07, 0x7f, 0x6f};

void cp_pdf_folio_draw(GString *o, int number, double x, double y, double h)
{
	char digits[16];
	int n = g_snprintf(digits, sizeof digits, "%d", number < 0 ? 0 : number);
	double w = h * 0.5;
	double adv = w * 1.6;
	g_string_append(o, "q 0 0 0 1 K 0.3 w 1 J 1 j [] 0 d\n");
	for (int i = 0; i < n; i++) {
		unsigned char s = SEGMENTS[digits[i] - '0'];
		double x0 = x + i * adv;
		double x1 = x0 + w;
		double ym = y + h / 2;
		double yt = y + h;
		if (s & 0x01)
			line(o, x0, yt, x1, yt);
		if (s & 0x02)
			line(o, x1, yt, x1, ym);
		if (s & 0x04)
			line(o, x1, ym, x1, y);
		if (s & 0x08)
			line(o, x0, y, x1, y);
		if (s & 0x10)
			line(o, x0, ym, x0, y);
		if (s & 0x20)
			line(o, x0, yt, x0, ym);
		if (s & 0x40)
			line(o, x0, ym, x1, ym);
	}
	g_string_append(o, "Q\n");
}
