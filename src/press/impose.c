/* impose.c - `canpress impose ISSUE.pdf -o booklet.pdf`: saddle-stitch
 * imposition for printing a booklet on an office printer.
 *
 * A saddle-stitched booklet of n pages (n a multiple of 4) is n/4 sheets
 * folded once and nested; sheet s (0 = the outermost) carries on its front
 * pages n-2s and 2s+1 and on its back 2s+2 and n-2s-1 (1-based). For a
 * left-bound issue the front reads (n-2s | 2s+1) left to right and the back
 * (2s+2 | n-2s-1); a right-bound issue (Japanese vertical writing) mirrors
 * both sides: (2s+1 | n-2s) and (n-2s-1 | 2s+2), the first page on the
 * left half of the outer sheet's front. The side comes from --binding, or
 * from the PDF itself: a right-bound issue's reads right to left. Printed duplex, flipping on the
 * short edge, and folded, the pages read in order.
 *
 * Each input page becomes a form XObject built from its content and
 * resources (the qpdf C API has no page-to-form helper, so the form is made
 * by hand: /BBox = the page's TrimBox, else CropBox, else MediaBox), and
 * each sheet side is a new page twice the first page's width (A4 on A3
 * landscape, B5 on B4, A5 on A4) painting two forms, each clipped to its
 * half. A page with /Rotate is placed turned as a reader shows it, and
 * sizes are compared as shown: pages of different sizes cannot share a
 * sheet, and are an error naming them. Creep: the inner sheets stick out at the fore-edge once
 * nested and lose more there when trimmed, so sheet s's pages are shifted toward the spine by creep
 * * s / (sheets - 1), the innermost sheet by the whole creep. */
#include "press/reader.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#define MM (72.0 / 25.4)

bool cp_press_impose_order(int n_pages, bool right_bound, int *slot)
{
	if (n_pages <= 0 || n_pages % 4 != 0)
		return false;
	int sheets = n_pages / 4;
	for (int s = 0; s < sheets; s++) {
		/* 0-based pages: front (outside) and back (inside) of sheet s */
		int front[2] = {n_pages - 1 - 2 * s, 2 * s};
		int back[2] = {2 * s + 1, n_pages - 2 - 2 * s};
		if (right_bound) {
			int t = front[0];
			front[0] = front[1];
			front[1] = t;
			t = back[0];
			back[0] = back[1];
			back[1] = t;
		}
		slot[4 * s + 0] = front[0];
		slot[4 * s + 1] = front[1];
		slot[4 * s + 2] = back[0];
		slot[4 * s + 3] = back[1];
	}
	return true;
}

/* What imposition needs of one input page: its visible box (TrimBox,
 * else CropBox, else MediaBox), its /Rotate (0, 90, 180 or 270, clockwise,
 * inherited) and the size a reader shows it at, rotation applied. */
typedef struct page_geom {
	double box[4];
	int rotate;
	double w, h; /* displayed */
} page_geom;

static bool page_geometry(qpdf_data q, qpdf_oh page, page_geom *g)
{
	if (!cp_press_rect(q, qpdf_oh_get_key(q, page, "/TrimBox"), g->box) &&
	    !cp_press_rect(q, cp_press_page_attr(q, page, "/CropBox"), g->box) &&
	    !cp_press_rect(q, cp_press_page_attr(q, page, "/MediaBox"), g->box))
		return false;
	double rot = cp_press_num(q, cp_press_page_attr(q, page, "/Rotate"), 0);
	/* PDF 1.7 table 30: a multiple of 90; anything else is damage, read
	 * as the nearest multiple */
	long quarter = isfinite(rot) && fabs(rot) < 1e9 ? lround(rot / 90) : 0;
	g->rotate = (int)(((quarter % 4) + 4) % 4) * 90;
	double bw = g->box[2] - g->box[0], bh = g->box[3] - g->box[1];
	bool turned = g->rotate == 90 || g->rotate == 270;
	g->w = turned ? bh : bw;
	g->h = turned ? bw : bh;
	return bw > 0 && bh > 0 && isfinite(bw) && isfinite(bh);
}

/* The matrix that takes the page's own space to its box as a reader shows
 * it, origin at the displayed box's lower left: the box moved to the
 * origin, then turned clockwise by /Rotate. */
static void page_matrix(const page_geom *g, double m[6])
{
	double x0 = g->box[0], y0 = g->box[1];
	double bw = g->box[2] - g->box[0], bh = g->box[3] - g->box[1];
	double a, b, c, d, e, f; /* the turn, on coordinates relative to the box */
	switch (g->rotate) {
	case 90: /* (u, v) -> (v, bw - u) */
		a = 0, b = -1, c = 1, d = 0, e = 0, f = bw;
		break;
	case 180: /* (u, v) -> (bw - u, bh - v) */
		a = -1, b = 0, c = 0, d = -1, e = bw, f = bh;
		break;
	case 270: /* (u, v) -> (bh - v, u) */
		a = 0, b = 1, c = -1, d = 0, e = bh, f = 0;
		break;
	default:
		a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
		break;
	}
	m[0] = a, m[1] = b, m[2] = c, m[3] = d;
	m[4] = e - a * x0 - c * y0;
	m[5] = f - b * x0 - d * y0;
}

/* A form XObject showing the page's content. A single content stream is
 * copied as it is stored, filters and all (nothing is inflated, so a
 * stream that would inflate to a gigabyte costs its stored size); the
 * streams of a /Contents array are joined decoded, under the content cap,
 * as they may split an operator between them. Uninitialised after a
 * limit. */
static qpdf_oh page_to_form(cp_press_reader *r, qpdf_oh page, int number, const double box[4])
{
	qpdf_data q = r->q;
	qpdf_oh contents = qpdf_oh_get_key(q, page, "/Contents");
	qpdf_oh form = qpdf_oh_new_stream(q);
	unsigned char *buf = NULL;
	size_t len = 0;
	if (qpdf_oh_is_stream(q, contents)) {
		QPDF_BOOL filtered = QPDF_FALSE;
		if (qpdf_oh_get_stream_data(q, contents, qpdf_dl_none, &filtered, &buf, &len) &
		    QPDF_ERRORS) {
			cp_press_reader_error(r, CP_DIAG_PRESS,
			                      "page %d: the content cannot be read", number);
			free(buf);
			return qpdf_oh_new_uninitialized(q);
		}
		qpdf_oh dict = qpdf_oh_get_dict(q, contents);
		qpdf_oh_replace_stream_data(q, form, buf != NULL ? buf : (unsigned char *)"", len,
		                            qpdf_oh_get_key(q, dict, "/Filter"),
		                            qpdf_oh_get_key(q, dict, "/DecodeParms"));
		free(buf);
	} else {
		g_autofree char *what = g_strdup_printf(_("the content of page %d"), number);
		g_autofree unsigned char *data = cp_press_reader_page_content(r, page, what, &len);
		if (r->over)
			return qpdf_oh_new_uninitialized(q);
		qpdf_oh_replace_stream_data(q, form, data != NULL ? data : (unsigned char *)"", len,
		                            qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	}
	qpdf_oh dict = qpdf_oh_get_dict(q, form);
	qpdf_oh_replace_key(q, dict, "/Type", qpdf_oh_new_name(q, "/XObject"));
	qpdf_oh_replace_key(q, dict, "/Subtype", qpdf_oh_new_name(q, "/Form"));
	qpdf_oh_replace_key(q, dict, "/BBox", cp_press_new_numbers(q, box, 4));
	qpdf_oh res = cp_press_page_attr(q, page, "/Resources");
	qpdf_oh_replace_key(q, dict, "/Resources",
	                    qpdf_oh_is_dictionary(q, res) ? res : qpdf_oh_new_dictionary(q));
	qpdf_oh grp = qpdf_oh_get_key(q, page, "/Group");
	if (qpdf_oh_is_dictionary(q, grp))
		qpdf_oh_replace_key(q, dict, "/Group", grp);
	return qpdf_make_indirect_object(q, form);
}

/* One half of a sheet side: clip to the half, then the page as a reader
 * shows it (m), its displayed origin at the half's, shifted by dx. */
static void place(GString *c, int slot, double w, double h, const double m[6], double dx)
{
	double x0 = slot * w;
	g_string_append(c, "q ");
	cp_press_put_num(c, x0);
	g_string_append(c, " 0 ");
	cp_press_put_num(c, w);
	g_string_append_c(c, ' ');
	cp_press_put_num(c, h);
	g_string_append(c, " re W n");
	double t[6] = {m[0], m[1], m[2], m[3], m[4] + x0 + dx, m[5]};
	for (int i = 0; i < 6; i++) {
		g_string_append_c(c, ' ');
		cp_press_put_num(c, t[i]);
	}
	g_string_append_printf(c, " cm /P%d Do Q\n", slot);
}

/* Every page the size of the first, as a reader shows them (1 pt of
 * rounding allowed: 595 and 595.28 are both A4); else one error naming
 * the first few pages that differ. */
static bool same_size(cp_press_reader *r, const page_geom *g, int n)
{
	const double tol = 1.0;
	g_autoptr(GString) odd = g_string_new(NULL);
	int n_odd = 0;
	for (int i = 1; i < n; i++) {
		if (fabs(g[i].w - g[0].w) <= tol && fabs(g[i].h - g[0].h) <= tol)
			continue;
		if (++n_odd <= 5)
			g_string_append_printf(odd, _("%spage %d is %.0f x %.0f mm"),
			                       n_odd > 1 ? ", " : "", i + 1, g[i].w / MM,
			                       g[i].h / MM);
	}
	if (n_odd == 0)
		return true;
	cp_diag_add(r->d, CP_DIAG_PRESS, CP_SPAN_NONE,
	            "a booklet is folded from sheets of one size: export every page at the "
	            "first page's size",
	            "%s: %d pages differ in size from page 1 (%.0f x %.0f mm, as shown, /Rotate "
	            "applied): %s%s",
	            r->path, n_odd, g[0].w / MM, g[0].h / MM, odd->str, n_odd > 5 ? ", ..." : "");
	r->over = true;
	return false;
}

/* The sheet sides, in printing order (front, back, front, back ...), as a
 * new page tree that replaces the input's: the input's pages are then
 * referenced only through the forms made from them, and are not written. */
static void build_sheets(cp_press_reader *r, const int *slot, const qpdf_oh *forms,
                         const page_geom *g, int n, double creep_mm)
{
	qpdf_data q = r->q;
	double w = g[0].w, h = g[0].h;
	int sheets = n / 4;
	qpdf_oh pages = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
	qpdf_oh kids = qpdf_oh_new_array(q);
	for (int side = 0; side < n / 2; side++) {
		qpdf_oh mark = cp_press_reader_mark(r);
		int s = side / 2;
		double shift = sheets > 1 ? creep_mm * MM * s / (sheets - 1) : 0;
		GString *c = g_string_new(NULL);
		qpdf_oh xo = qpdf_oh_new_dictionary(q);
		for (int k = 0; k < 2; k++) {
			int p = slot[2 * side + k];
			double m[6];
			page_matrix(&g[p], m);
			/* toward the spine: the left page moves right, the right one left */
			place(c, k, w, h, m, k == 0 ? shift : -shift);
			char key[8];
			g_snprintf(key, sizeof key, "/P%d", k);
			qpdf_oh_replace_key(q, xo, key, forms[p]);
		}
		qpdf_oh contents = qpdf_oh_new_stream(q);
		qpdf_oh_replace_stream_data(q, contents, (const unsigned char *)c->str, c->len,
		                            qpdf_oh_new_null(q), qpdf_oh_new_null(q));
		g_string_free(c, TRUE);
		qpdf_oh res = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, res, "/XObject", xo);
		qpdf_oh page = qpdf_oh_new_dictionary(q);
		double media[4] = {0, 0, 2 * w, h};
		qpdf_oh_replace_key(q, page, "/Type", qpdf_oh_new_name(q, "/Page"));
		qpdf_oh_replace_key(q, page, "/Parent", pages);
		qpdf_oh_replace_key(q, page, "/MediaBox", cp_press_new_numbers(q, media, 4));
		qpdf_oh_replace_key(q, page, "/Resources", res);
		qpdf_oh_replace_key(q, page, "/Contents", qpdf_make_indirect_object(q, contents));
		qpdf_oh_append_item(q, kids, qpdf_make_indirect_object(q, page));
		cp_press_reader_release(r, mark);
	}
	qpdf_oh_replace_key(q, pages, "/Type", qpdf_oh_new_name(q, "/Pages"));
	qpdf_oh_replace_key(q, pages, "/Kids", kids);
	qpdf_oh_replace_key(q, pages, "/Count", qpdf_oh_new_integer(q, n / 2));
	qpdf_oh root = qpdf_get_root(q);
	qpdf_oh_replace_key(q, root, "/Pages", pages);
	/* what points at the old pages would keep them in the file */
	static const char *const gone[] = {"/Outlines",       "/PageLabels", "/Dests",
	                                   "/OpenAction",     "/Names",      "/AcroForm",
	                                   "/StructTreeRoot", "/MarkInfo",   "/PageMode"};
	for (size_t i = 0; i < G_N_ELEMENTS(gone); i++)
		qpdf_oh_remove_key(q, root, gone[i]);
	qpdf_update_all_pages_cache(q);
}

/* The work happens inside the input's own qpdf_data: forms are made from
 * its pages and the sheet sides become its page tree, so fonts and images
 * are shared, not copied. The input is read through reader.c (its bounds
 * in limits.h) and written by the press step's writer. */
/* True when the document says it reads right to left (PDF 1.7, 12.2,
 * table 150: /ViewerPreferences /Direction /R2L), as canpress writes a
 * right-bound issue. */
static bool reads_right_to_left(qpdf_data q)
{
	qpdf_oh vp = qpdf_oh_get_key(q, qpdf_get_root(q), "/ViewerPreferences");
	if (!qpdf_oh_is_dictionary(q, vp))
		return false;
	return qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, vp, "/Direction"), "/R2L");
}

bool cp_press_impose(const char *in_path, const char *out_path, cp_press_binding binding,
                     double creep_mm, cp_diags *d)
{
	cp_press_reader r;
	bool ok = false;
	int *slot = NULL;
	qpdf_oh *forms = NULL;
	page_geom *geom = NULL;
	if (!cp_press_reader_open(&r, in_path, d))
		goto out;
	qpdf_data q = r.q;
	int n = r.n_pages;
	bool right_bound =
	    binding == CP_PRESS_BIND_AUTO ? reads_right_to_left(q) : binding == CP_PRESS_BIND_RIGHT;
	slot = g_new0(int, MAX(n, 1));
	if (!cp_press_impose_order(n, right_bound, slot)) {
		cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE,
		            "a saddle-stitched booklet needs 4, 8, 12, ... pages",
		            "%s: %d pages is not a multiple of 4", in_path, n);
		goto out;
	}

	/* every page's geometry; one size for all */
	geom = g_new0(page_geom, n);
	for (int i = 0; i < n; i++) {
		qpdf_oh mark = cp_press_reader_mark(&r);
		bool has = page_geometry(q, qpdf_get_page_n(q, (size_t)i), &geom[i]);
		cp_press_reader_release(&r, mark);
		if (!has) {
			cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE, NULL,
			            "%s: page %d has no MediaBox (or an empty one)", in_path,
			            i + 1);
			goto out;
		}
	}
	if (!same_size(&r, geom, n))
		goto out;

	/* every page as a form */
	forms = g_new0(qpdf_oh, n);
	for (int i = 0; i < n; i++) {
		qpdf_oh mark = cp_press_reader_mark(&r);
		qpdf_oh form = page_to_form(&r, qpdf_get_page_n(q, (size_t)i), i + 1, geom[i].box);
		if (!qpdf_oh_is_initialized(q, form))
			goto out;
		/* keep only the form's handle, made again after the release */
		int id = qpdf_oh_get_object_id(q, form);
		cp_press_reader_release(&r, mark);
		forms[i] = qpdf_get_object_by_id(q, id, 0);
	}
	build_sheets(&r, slot, forms, geom, n, creep_mm);
	if (qpdf_has_error(q)) {
		qpdf_error e = qpdf_get_error(q);
		cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE, NULL, "%s: qpdf: %s", in_path,
		            qpdf_get_error_full_text(q, e));
		goto out;
	}
	ok = cp_press_write(q, out_path, NULL, d);
out:
	g_free(slot);
	g_free(forms);
	g_free(geom);
	cp_press_reader_close(&r);
	return ok;
}
