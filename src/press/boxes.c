/* boxes.c - the page geometry a print shop needs: TrimBox and BleedBox on
 * every page, the larger sheet with tombo when marks are asked for, and the
 * hidden folio; annotations go (PDF/X allows none inside the bleed).
 *
 * The input page is the trim plus the bleed on every side (render draws it
 * so): BleedBox = the page, TrimBox = the page inset by the bleed. With
 * marks, the sheet grows to the trim plus marks_margin on every side; the
 * page's own content is wrapped as [ (q 1 0 0 1 dx dy cm) original (Q tombo) ]
 * so nothing in the original streams changes (docs/prepress.md section 6).
 * The MediaBox then equals the CropBox, the whole sheet. */
#include "press/press_int.h"

#define MM (72.0 / 25.4)

/* A new content stream holding text. */
static qpdf_oh new_content(qpdf_data q, const GString *text)
{
	qpdf_oh s = qpdf_oh_new_stream(q);
	qpdf_oh_replace_stream_data(q, s, (const unsigned char *)text->str, text->len,
	                            qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	return s;
}

/* The hidden folio's place: in the gutter, 1.5 mm from the spine inside the
 * trim, 10 mm above the foot, where the fold of a saddle-stitched booklet
 * hides it. Page 1 (the cover, a recto) has its spine on the left when the
 * issue is bound on the left. */
static void draw_hidden_folio(cp_press_ctx *c, GString *o, size_t i, const double trim[4])
{
	int number = (int)i + 1;
	bool recto = number % 2 == 1;
	bool spine_left = c->job->right_bound ? !recto : recto;
	double h = 2.0 * MM;
	int digits = number >= 100 ? 3 : number >= 10 ? 2 : 1;
	double width = digits * h * 0.5 * 1.6;
	double x = spine_left ? trim[0] + 1.5 * MM : trim[2] - 1.5 * MM - width;
	cp_press_folio_draw(o, number, x, trim[1] + 10 * MM, h);
}

void cp_press_page_finish(cp_press_ctx *c, qpdf_oh page, size_t i)
{
	qpdf_data q = c->q;
	const cp_press_job *job = c->job;
	double media[4];
	if (!cp_press_rect(q, cp_press_page_attr(q, page, "/MediaBox"), media)) {
		cp_press_error(c, "the page has no MediaBox");
		return;
	}
	double b = job->bleed;
	double dx = 0;
	if (job->marks)
		dx = job->marks_margin - b;
	if (job->marks && dx < 0) {
		cp_press_error(c, "the marks margin is smaller than the bleed");
		return;
	}
	double w = media[2] - media[0];
	double h = media[3] - media[1];
	double bleed[4] = {dx, dx, dx + w, dx + h};
	double trim[4] = {bleed[0] + b, bleed[1] + b, bleed[2] - b, bleed[3] - b};
	double sheet[4] = {0, 0, w + 2 * dx, h + 2 * dx};
	bool folio = job->hidden_folio != NULL && i < job->n_hidden_folio && job->hidden_folio[i];

	/* wrap the content when it moves or gains marks */
	if (job->marks || folio) {
		GString *pre = g_string_new("q 1 0 0 1 ");
		cp_press_put_num(pre, dx - media[0]);
		g_string_append_c(pre, ' ');
		cp_press_put_num(pre, dx - media[1]);
		g_string_append(pre, " cm\n");
		GString *post = g_string_new("Q\n");
		if (job->marks)
			cp_press_marks_draw(post, trim[0], trim[1], trim[2], trim[3], b);
		if (folio)
			draw_hidden_folio(c, post, i, trim);
		qpdf_oh arr = qpdf_oh_new_array(q);
		qpdf_oh_append_item(q, arr, new_content(q, pre));
		qpdf_oh old = qpdf_oh_get_key(q, page, "/Contents");
		if (qpdf_oh_is_array(q, old)) {
			int n = qpdf_oh_get_array_n_items(q, old);
			for (int k = 0; k < n; k++)
				qpdf_oh_append_item(q, arr, qpdf_oh_get_array_item(q, old, k));
		} else if (qpdf_oh_is_stream(q, old)) {
			qpdf_oh_append_item(q, arr, old);
		}
		qpdf_oh_append_item(q, arr, new_content(q, post));
		qpdf_oh_replace_key(q, page, "/Contents", arr);
		g_string_free(pre, TRUE);
		g_string_free(post, TRUE);

		/* the registration colour, for the marks */
		if (job->marks) {
			qpdf_oh res = cp_press_page_attr(q, page, "/Resources");
			if (!qpdf_oh_is_dictionary(q, res)) {
				res = qpdf_oh_new_dictionary(q);
				qpdf_oh_replace_key(q, page, "/Resources", res);
			}
			qpdf_oh css = qpdf_oh_get_key(q, res, "/ColorSpace");
			if (!qpdf_oh_is_dictionary(q, css)) {
				css = qpdf_oh_new_dictionary(q);
				qpdf_oh_replace_key(q, res, "/ColorSpace", css);
			}
			qpdf_oh_replace_key(q, css, "/CSReg", cp_press_registration_cs(q));
		}
	}

	/* the boxes, nested: Media = Crop >= Bleed >= Trim */
	qpdf_oh_replace_key(q, page, "/MediaBox", cp_press_new_numbers(q, sheet, 4));
	qpdf_oh_replace_key(q, page, "/CropBox", cp_press_new_numbers(q, sheet, 4));
	qpdf_oh_replace_key(q, page, "/BleedBox", cp_press_new_numbers(q, bleed, 4));
	qpdf_oh_replace_key(q, page, "/TrimBox", cp_press_new_numbers(q, trim, 4));
	qpdf_oh_remove_key(q, page, "/ArtBox");
	qpdf_oh_remove_key(q, page, "/Annots");
}
