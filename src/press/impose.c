/* impose.c - `canpress impose ISSUE.pdf -o booklet.pdf`: saddle-stitch
 * imposition for printing a booklet on an office printer.
 *
 * A saddle-stitched booklet of n pages (n a multiple of 4) is n/4 sheets
 * folded once and nested; sheet s (0 = the outermost) carries on its front
 * pages n-2s and 2s+1 and on its back 2s+2 and n-2s-1 (1-based). For a
 * left-bound issue the front reads (n-2s | 2s+1) left to right and the back
 * (2s+2 | n-2s-1); a right-bound issue (Japanese vertical writing) mirrors
 * both sides. Printed duplex, flipping on the short edge, and folded, the
 * pages read in order.
 *
 * Each input page becomes a form XObject built from its content and
 * resources (the qpdf C API has no page-to-form helper, so the form is made
 * by hand: /BBox = the page's TrimBox, else CropBox, else MediaBox), and
 * each sheet side is a new page twice the first page's width (A4 on A3
 * landscape, B5 on B4, A5 on A4) painting two forms, each clipped to its
 * half. Creep: the inner sheets stick out at the fore-edge once nested and
 * lose more there when trimmed, so sheet s's pages are shifted toward the
 * spine by creep * s / (sheets - 1), the innermost sheet by the whole creep. */
#include "press/press_int.h"

#include <errno.h>
#include <string.h>

#include "base/files.h"

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

/* The visible box of a page: TrimBox, else CropBox, else MediaBox. */
static bool page_box(qpdf_data q, qpdf_oh page, double box[4])
{
	return cp_press_rect(q, qpdf_oh_get_key(q, page, "/TrimBox"), box) ||
	       cp_press_rect(q, cp_press_page_attr(q, page, "/CropBox"), box) ||
	       cp_press_rect(q, cp_press_page_attr(q, page, "/MediaBox"), box);
}

/* A form XObject showing the page's content, or an uninitialised handle. */
static qpdf_oh page_to_form(qpdf_data q, qpdf_oh page, double box[4])
{
	unsigned char *buf = NULL;
	size_t len = 0;
	if (qpdf_oh_get_page_content_data(q, page, &buf, &len) & QPDF_ERRORS) {
		free(buf);
		return qpdf_oh_new_uninitialized(q);
	}
	qpdf_oh form = qpdf_oh_new_stream(q);
	qpdf_oh_replace_stream_data(q, form, buf, len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	free(buf);
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
	return form;
}

/* One half of a sheet side: clip to the half, then the page's box origin at
 * the half's origin, shifted by dx. */
static void place(GString *c, int slot, double w, double h, const double box[4], double dx)
{
	double x0 = slot * w;
	g_string_append(c, "q ");
	cp_press_put_num(c, x0);
	g_string_append(c, " 0 ");
	cp_press_put_num(c, w);
	g_string_append_c(c, ' ');
	cp_press_put_num(c, h);
	g_string_append(c, " re W n 1 0 0 1 ");
	cp_press_put_num(c, x0 + dx - box[0]);
	g_string_append_c(c, ' ');
	cp_press_put_num(c, -box[1]);
	g_string_append_printf(c, " cm /P%d Do Q\n", slot);
}

/* The work happens inside the input's own qpdf_data: forms are made from
 * its pages, the pages removed, and the sheet sides added as new pages, so
 * fonts and images are shared, not copied. */
bool cp_press_impose(const char *in_path, const char *out_path, bool right_bound, double creep_mm,
                     cp_diags *d)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	bool ok = false;
	int *slot = NULL;
	qpdf_oh *forms = NULL;
	if (qpdf_read(q, in_path, NULL) & QPDF_ERRORS) {
		qpdf_error e = qpdf_get_error(q);
		cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE, NULL, "cannot read '%s' as a PDF: %s",
		            in_path, e ? qpdf_get_error_full_text(q, e) : "unknown error");
		goto out;
	}
	int n = qpdf_get_num_pages(q);
	slot = g_new0(int, MAX(n, 1));
	if (!cp_press_impose_order(n, right_bound, slot)) {
		cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE,
		            "a saddle-stitched booklet needs 4, 8, 12, ... pages",
		            "%s: %d pages is not a multiple of 4", in_path, n);
		goto out;
	}

	/* every page as a form; the size of page 1 sets the sheet */
	double box0[4];
	if (!page_box(q, qpdf_get_page_n(q, 0), box0)) {
		cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE, NULL, "%s: page 1 has no MediaBox",
		            in_path);
		goto out;
	}
	double w = box0[2] - box0[0];
	double h = box0[3] - box0[1];
	forms = g_new0(qpdf_oh, n);
	typedef struct {
		double r[4];
	} box;
	box *boxes = g_new0(box, n);
	for (int i = 0; i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		if (!page_box(q, page, boxes[i].r))
			memcpy(boxes[i].r, box0, sizeof box0);
		forms[i] = page_to_form(q, page, boxes[i].r);
		if (!qpdf_oh_is_initialized(q, forms[i])) {
			cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE, NULL,
			            "%s: page %d: the content cannot be read", in_path, i + 1);
			g_free(boxes);
			goto out;
		}
	}

	/* the old pages go; outlines and labels would point at them */
	for (int i = n - 1; i >= 0; i--)
		qpdf_remove_page(q, qpdf_get_page_n(q, (size_t)i));
	qpdf_oh root = qpdf_get_root(q);
	qpdf_oh_remove_key(q, root, "/Outlines");
	qpdf_oh_remove_key(q, root, "/PageLabels");
	qpdf_oh_remove_key(q, root, "/Dests");
	qpdf_oh_remove_key(q, root, "/OpenAction");

	/* the sheet sides, in printing order: front, back, front, back ... */
	int sheets = n / 4;
	for (int side = 0; side < n / 2; side++) {
		int s = side / 2;
		double shift = sheets > 1 ? creep_mm * MM * s / (sheets - 1) : 0;
		GString *c = g_string_new(NULL);
		qpdf_oh xo = qpdf_oh_new_dictionary(q);
		for (int k = 0; k < 2; k++) {
			int p = slot[2 * side + k];
			/* toward the spine: the left page moves right, the right one left */
			place(c, k, w, h, boxes[p].r, k == 0 ? shift : -shift);
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
		qpdf_oh_replace_key(q, page, "/MediaBox", cp_press_new_numbers(q, media, 4));
		qpdf_oh_replace_key(q, page, "/Resources", res);
		qpdf_oh_replace_key(q, page, "/Contents", contents);
		qpdf_add_page(q, q, qpdf_make_indirect_object(q, page), QPDF_FALSE);
	}
	g_free(boxes);
	if (qpdf_has_error(q)) {
		qpdf_error e = qpdf_get_error(q);
		cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE, NULL, "%s: qpdf: %s", in_path,
		            qpdf_get_error_full_text(q, e));
		goto out;
	}

	/* write through a temporary file */
	if (qpdf_init_write_memory(q) & QPDF_ERRORS)
		goto write_fail;
	qpdf_set_compress_streams(q, QPDF_TRUE);
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_set_suppress_original_object_IDs(q, QPDF_TRUE);
	if (qpdf_write(q) & QPDF_ERRORS)
		goto write_fail;
	cp_outfile o;
	if (!cp_outfile_open(&o, out_path, d))
		goto out;
	size_t len = qpdf_get_buffer_length(q);
	if (fwrite(qpdf_get_buffer(q), 1, len, o.f) != len) {
		int e = errno != 0 ? errno : EIO; /* ENOSPC on a full disk, /dev/full */
		cp_outfile_abort(&o);
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s",
		            out_path, g_strerror(e));
		goto out;
	}
	ok = cp_outfile_commit(&o, d);
	goto out;
write_fail:;
	qpdf_error e = qpdf_get_error(q);
	cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': qpdf: %s", out_path,
	            e ? qpdf_get_error_full_text(q, e) : "unknown error");
out:
	g_free(slot);
	g_free(forms);
	qpdf_cleanup(&q);
	return ok;
}
