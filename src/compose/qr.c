/* qr.c - QR codes as vector rectangles (issue 15 point 5).
 *
 * libqrencode gives the symbol as a square of modules; each run of dark
 * modules in a row becomes one rectangle, and a run that repeats exactly in
 * the rows below grows downwards instead of starting another rectangle, so
 * a symbol of version 3 (29 x 29 modules) is about 150 rectangles rather
 * than 400. The rectangles are K100 (0 0 0 100 in the press PDF, the one
 * ink that cannot misregister) on a white square that holds the quiet zone
 * of 4 modules ISO/IEC 18004 asks for, so a QR code placed on a tint still
 * has its light margin.
 *
 * Error correction is level M (15 % of the symbol may be lost): the level
 * phone readers expect for printed URLs. The version is the smallest that
 * holds the text. The module follows from the space given; a module under
 * 0.25 mm (CP_COMPOSE_QR_MIN_MODULE) does not print reliably on uncoated
 * paper or scan from a booklet held at arm's length, so a text that needs
 * more modules than the space has room for is an error at the text's
 * span, and nothing is drawn. */
#include "compose/compose_int.h"

#include <errno.h>
#include <string.h>

#include <qrencode.h>

/* The symbol for text, or NULL (errno ERANGE: too long for any version). */
static QRcode *encode(const char *text)
{
	/* 8-bit mode as libqrencode's parser picks it (numeric and
	 * alphanumeric stretches stay compact); case kept, as URLs' paths are
	 * case-sensitive */
	return QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
}

int cp_compose_qr_modules(const char *text)
{
	if (text == NULL || *text == '\0')
		return 0;
	QRcode *q = encode(text);
	if (q == NULL)
		return 0;
	int n = q->width + 2 * CP_COMPOSE_QR_QUIET;
	QRcode_free(q);
	return n;
}

/* An open rectangle: modules [x0, x1) of rows [y0, y1). */
typedef struct qr_rect {
	int x0, x1, y0, y1;
} qr_rect;

static void put_rect(cp_dl_page *page, const qr_rect *r, double x, double y, double module)
{
	static const cp_color black = {.cmyk = true, .k = 1.0};
	cp_compose_rect(page, x + r->x0 * module, y + r->y0 * module, (r->x1 - r->x0) * module,
	                (r->y1 - r->y0) * module, &black, 0, NULL);
}

/* text for a message: itself, or its first 40 characters and "…". */
static char *shown(const char *text)
{
	if (g_utf8_strlen(text, -1) <= 60)
		return g_strdup(text);
	return g_strdup_printf("%.*s…", (int)(g_utf8_offset_to_pointer(text, 40) - text), text);
}

bool cp_compose_qr(cp_compose *c, cp_dl_page *page, const char *text, double x, double y,
                   double size, cp_span span)
{
	if (text == NULL || *text == '\0') {
		cp_diag_add(c->d, CP_DIAG_EMPTY_VALUE, span, NULL, "a QR code needs a text");
		return false;
	}
	errno = 0;
	QRcode *q = encode(text);
	g_autofree char *t = shown(text);
	if (q == NULL) {
		if (errno == ERANGE)
			cp_diag_add(c->d, CP_DIAG_QR_TOO_LONG, span, "shorten the address",
			            "'%s' is too long for any QR code (%zu bytes)", t,
			            strlen(text));
		else
			cp_diag_add(c->d, CP_DIAG_QR_TOO_LONG, span, NULL,
			            "'%s' cannot be made into a QR code", t);
		return false;
	}
	int w = q->width;
	int modules = w + 2 * CP_COMPOSE_QR_QUIET;
	double module = size / modules;
	if (!(module >= CP_COMPOSE_QR_MIN_MODULE - 1e-9)) {
		double need = modules * CP_COMPOSE_QR_MIN_MODULE;
		cp_diag_add(c->d, CP_DIAG_QR_TOO_LONG, span,
		            "shorten the address, or give the QR code more room",
		            "'%s' needs a QR code of %d modules (quiet zone included), "
		            "%.1fmm wide at the smallest module of %.2fmm; the space is %.1fmm",
		            t, modules, need / CP_MM_TO_PT, CP_COMPOSE_QR_MIN_MODULE / CP_MM_TO_PT,
		            size / CP_MM_TO_PT);
		QRcode_free(q);
		return false;
	}
	if (page == NULL) { /* measured only */
		QRcode_free(q);
		return true;
	}

	static const cp_color white = {.cmyk = true, .r = 1, .g = 1, .b = 1};
	cp_compose_rect(page, x, y, size, size, &white, 0, NULL);
	double ox = x + CP_COMPOSE_QR_QUIET * module;
	double oy = y + CP_COMPOSE_QR_QUIET * module;

	/* open[i]: rectangles that reached the row before; a run of this row
	 * equal to one of them extends it, the others are drawn and closed */
	GArray *open = g_array_new(FALSE, FALSE, sizeof(qr_rect));
	GArray *next = g_array_new(FALSE, FALSE, sizeof(qr_rect));
	for (int row = 0; row <= w; row++) {
		g_array_set_size(next, 0);
		for (int col = 0; row < w && col < w;) {
			if (!(q->data[row * w + col] & 1)) {
				col++;
				continue;
			}
			int end = col;
			while (end < w && (q->data[row * w + end] & 1))
				end++;
			qr_rect r = {col, end, row, row + 1};
			for (guint i = 0; i < open->len; i++) {
				qr_rect *o = &g_array_index(open, qr_rect, i);
				if (o->x0 == col && o->x1 == end && o->y1 == row) {
					r.y0 = o->y0;
					o->y1 = -1; /* taken over */
					break;
				}
			}
			g_array_append_val(next, r);
			col = end;
		}
		for (guint i = 0; i < open->len; i++) {
			const qr_rect *o = &g_array_index(open, qr_rect, i);
			if (o->y1 >= 0)
				put_rect(page, o, ox, oy, module);
		}
		GArray *done = open;
		open = next;
		next = done;
	}
	g_array_unref(open);
	g_array_unref(next);
	QRcode_free(q);

	/* on the screen the code is also a link, when it is a web address */
	if (g_str_has_prefix(text, "https://") || g_str_has_prefix(text, "http://")) {
		cp_dl_item *item = cp_dl_item_add(page, CP_DL_LINK);
		cp_dl_link *l = &item->u.link;
		l->x = x;
		l->y = y;
		l->w = size;
		l->h = size;
		l->uri = cp_dl_strdup(c->dl, text);
		l->page = -1;
	}
	return true;
}
