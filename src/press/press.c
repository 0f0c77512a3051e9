/* press.c - the press step's driver: Cairo's PDF in, the print PDF out.
 *
 * Steps, in order (docs/prepress.md section 7):
 *   1. read the PDF with qpdf (from memory: render wrote it to a buffer);
 *   2. scan every page for transparency and choose the flavour: X-1a when
 *      none (or when asked, then transparency is an error), else X-4;
 *   3. per page: rewrite the content's colour operators (content.c),
 *      convert everything its resources reach (resources.c, images.c,
 *      shadings.c), fix the page group, set the boxes, marks and hidden
 *      folio (boxes.c, marks.c);
 *   4. the document keys: OutputIntent, Info, XMP (pdfx.c);
 *   5. write with qpdf (PDF 1.3 or 1.6, no object streams, compressed
 *      streams, deterministic /ID) into memory, then through base/files.h's
 *      temporary file, renamed over the target only when all went well.
 * Any error stops before step 5: a file the step cannot make right is never
 * written. Also here: the plain qpdf rewrite that repairs Cairo's xref for
 * the screen PDF, and the small qpdf helpers the other files share. */
#include "press/press_int.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "base/files.h"

/* ---- helpers ----------------------------------------------------------- */

void cp_press_error(cp_press_ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	const char *file = c->job->file_name != NULL ? c->job->file_name : "PDF";
	if (c->page > 0)
		cp_diag_add(c->d, CP_DIAG_PRESS, CP_SPAN_NONE, NULL, "%s: page %d: %s", file,
		            c->page, msg);
	else
		cp_diag_add(c->d, CP_DIAG_PRESS, CP_SPAN_NONE, NULL, "%s: %s", file, msg);
	c->errors++;
}

bool cp_press_first_visit(cp_press_ctx *c, qpdf_oh oh)
{
	int id = qpdf_oh_get_object_id(c->q, oh);
	if (id == 0)
		return true;
	if (g_hash_table_contains(c->done, GINT_TO_POINTER(id)))
		return false;
	g_hash_table_add(c->done, GINT_TO_POINTER(id));
	return true;
}

qpdf_oh cp_press_dict_of(qpdf_data q, qpdf_oh oh)
{
	return qpdf_oh_is_stream(q, oh) ? qpdf_oh_get_dict(q, oh) : oh;
}

void cp_press_map_rgb(const cp_press_ctx *c, const double rgb[3], double cmyk[4])
{
	/* the designer's exact CMYK first, then the neutral rule and the profile */
	if (c->pal != NULL && cp_press_palette_lookup(c->pal, rgb, cmyk))
		return;
	cp_press_profile_rgb_to_cmyk(c->profile, rgb, cmyk);
}

/* The keys are copied out before the caller looks at any value: the C
 * API's iterator is one global cursor per qpdf_data, which any nested
 * iteration would move (press_int.h). */
char **cp_press_dict_keys(qpdf_data q, qpdf_oh dict)
{
	GPtrArray *keys = g_ptr_array_new();
	if (qpdf_oh_is_dictionary(q, dict)) {
		qpdf_oh_begin_dict_key_iter(q, dict);
		while (qpdf_oh_dict_more_keys(q))
			g_ptr_array_add(keys, g_strdup(qpdf_oh_dict_next_key(q)));
	}
	g_ptr_array_add(keys, NULL);
	return (char **)g_ptr_array_free(keys, FALSE);
}

double cp_press_num(qpdf_data q, qpdf_oh oh, double fallback)
{
	if (!qpdf_oh_is_number(q, oh))
		return fallback;
	return qpdf_oh_get_numeric_value(q, oh);
}

bool cp_press_rect(qpdf_data q, qpdf_oh arr, double r[4])
{
	if (!qpdf_oh_is_array(q, arr) || qpdf_oh_get_array_n_items(q, arr) != 4)
		return false;
	for (int i = 0; i < 4; i++) {
		qpdf_oh v = qpdf_oh_get_array_item(q, arr, i);
		if (!qpdf_oh_is_number(q, v))
			return false;
		r[i] = qpdf_oh_get_numeric_value(q, v);
	}
	double x0 = MIN(r[0], r[2]), x1 = MAX(r[0], r[2]);
	double y0 = MIN(r[1], r[3]), y1 = MAX(r[1], r[3]);
	r[0] = x0;
	r[1] = y0;
	r[2] = x1;
	r[3] = y1;
	return true;
}

qpdf_oh cp_press_new_numbers(qpdf_data q, const double *v, int n)
{
	qpdf_oh a = qpdf_oh_new_array(q);
	for (int i = 0; i < n; i++) {
		double x = fabs(v[i]) < 5e-5 ? 0 : v[i];
		if (x == floor(x) && fabs(x) < 1e9)
			qpdf_oh_append_item(q, a, qpdf_oh_new_integer(q, (long long)x));
		else
			qpdf_oh_append_item(q, a, qpdf_oh_new_real_from_double(q, x, 4));
	}
	return a;
}

char *cp_press_name(qpdf_data q, qpdf_oh dict, const char *key)
{
	qpdf_oh v = qpdf_oh_get_key_if_dict(q, dict, key);
	return qpdf_oh_is_name(q, v) ? g_strdup(qpdf_oh_get_name(q, v)) : NULL;
}

qpdf_oh cp_press_page_attr(qpdf_data q, qpdf_oh page, const char *key)
{
	qpdf_oh node = page;
	for (int depth = 0; depth < 64; depth++) {
		if (qpdf_oh_has_key(q, node, key))
			return qpdf_oh_get_key(q, node, key);
		if (!qpdf_oh_has_key(q, node, "/Parent"))
			break;
		node = qpdf_oh_get_key(q, node, "/Parent");
	}
	return qpdf_oh_new_null(q);
}

unsigned char *cp_press_stream_data(qpdf_data q, qpdf_oh stream, bool all, size_t *len,
                                    bool *filtered)
{
	unsigned char *buf = NULL;
	QPDF_BOOL f = QPDF_FALSE;
	*len = 0;
	if (qpdf_oh_get_stream_data(q, stream, all ? qpdf_dl_all : qpdf_dl_generalized, &f, &buf,
	                            len) &
	    QPDF_ERRORS) {
		free(buf);
		return NULL;
	}
	if (filtered != NULL)
		*filtered = f != QPDF_FALSE;
	return buf;
}

/* Cairo 1.16's xref is wrong once a link tag is used: an entry points at
 * another object's offset and lists an object never written
 * (docs/pango-notes.md section 4). qpdf trusts an xref that parses, so
 * the startxref offset is zeroed, in place (no copy of a PDF that may hold
 * hundreds of MB of photos): qpdf then finds no xref there and rebuilds
 * the table by scanning the objects, which Cairo writes whole and in order.
 * A sound file gives the same objects either way. */
static void drop_xref(unsigned char *in, size_t len)
{
	size_t tail = len > 1024 ? len - 1024 : 0;
	char *sx = g_strrstr_len((char *)in + tail, (gssize)(len - tail), "startxref");
	if (sx != NULL)
		for (char *p = sx + strlen("startxref"); p < (char *)in + len && *p != '%'; p++)
			if (g_ascii_isdigit(*p))
				*p = '0';
}

/* Reads Cairo's bytes into q, rebuilding the xref. qpdf reads lazily from
 * the buffer it is given, so in must outlive q. */
static bool read_cairo(qpdf_data q, const char *name, unsigned char *in, size_t len)
{
	drop_xref(in, len);
	return !(qpdf_read_memory(q, name, (const char *)in, len, NULL) & QPDF_ERRORS);
}

/* ---- the plain rewrite --------------------------------------------------- */

bool cp_press_rewrite(unsigned char *in, size_t len, const char *out_path, cp_diags *d)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	bool ok;
	if (!read_cairo(q, out_path, in, len)) {
		g_autofree char *msg = cp_press_qpdf_error(q);
		cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE, NULL,
		            "%s: qpdf cannot read the PDF: %s", out_path,
		            msg != NULL ? msg : "unknown error");
		ok = false;
	} else {
		ok = cp_press_write(q, out_path, NULL, d);
	}
	qpdf_cleanup(&q);
	return ok;
}

/* ---- the print PDF ------------------------------------------------------- */

/* Step 3 for one page. */
static void convert_page(cp_press_ctx *c, qpdf_oh page, size_t i)
{
	qpdf_data q = c->q;
	c->page = (int)i + 1;
	/* the content, as one stream (Cairo writes one; others may split) */
	unsigned char *buf = NULL;
	size_t len = 0;
	if (qpdf_oh_get_page_content_data(q, page, &buf, &len) & QPDF_ERRORS) {
		free(buf);
		qpdf_has_error(q) ? (void)qpdf_get_error(q) : (void)0;
		cp_press_error(c, "the page content cannot be read");
		return;
	}
	GString *conv = cp_press_content_convert(c, buf, len);
	free(buf);
	qpdf_oh s = qpdf_oh_new_stream(q);
	qpdf_oh_replace_stream_data(q, s, (const unsigned char *)conv->str, conv->len,
	                            qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	qpdf_oh_replace_key(q, page, "/Contents", s);
	g_string_free(conv, TRUE);

	cp_press_resources_convert(c, cp_press_page_attr(q, page, "/Resources"));
	cp_press_group_fix(c, page);
	cp_press_page_finish(c, page, i);
}

bool cp_press_convert(unsigned char *in, size_t len, const char *out_path,
                      const cp_press_job *job, const cp_press_profile *p,
                      const cp_press_palette *pal, cp_pdfx *used_pdfx, cp_diags *d)
{
	cp_press_ctx c = {0};
	c.job = job;
	c.profile = p;
	c.pal = pal;
	c.d = d;
	c.done = g_hash_table_new(g_direct_hash, g_direct_equal);
	c.q = qpdf_init();
	qpdf_data q = c.q;
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	bool ok = false;

	/* 1. read */
	if (!read_cairo(q, job->file_name ? job->file_name : "input", in, len)) {
		g_autofree char *msg = cp_press_qpdf_error(q);
		cp_press_error(&c, "qpdf cannot read the PDF: %s", msg ? msg : "unknown error");
		goto out;
	}
	int n = qpdf_get_num_pages(q);
	if (n <= 0) {
		cp_press_error(&c, "the PDF has no pages");
		goto out;
	}

	/* 2. transparency and the flavour */
	GArray *transparent = g_array_new(FALSE, FALSE, sizeof(int));
	for (int i = 0; i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		if (cp_press_resources_scan(&c, cp_press_page_attr(q, page, "/Resources"), 0))
			g_array_append_val(transparent, i);
	}
	c.x1a = job->pdfx == CP_PDFX_X1A ||
	        (job->pdfx == CP_PDFX_AUTO && transparent->len == 0);
	if (c.x1a) {
		for (guint k = 0; k < transparent->len; k++) {
			c.page = g_array_index(transparent, int, k) + 1;
			cp_press_error(&c, "the page uses transparency, which PDF/X-1a forbids "
			                   "(choose pdfx: x4 or auto)");
		}
		c.page = 0;
	}
	g_array_free(transparent, TRUE);
	if (c.errors > 0)
		goto out;

	/* 3. the pages */
	for (int i = 0; i < n; i++)
		convert_page(&c, qpdf_get_page_n(q, (size_t)i), (size_t)i);
	c.page = 0;
	if (qpdf_has_error(q)) {
		g_autofree char *msg = cp_press_qpdf_error(q);
		cp_press_error(&c, "qpdf: %s", msg ? msg : "unknown error");
	}
	if (c.errors > 0)
		goto out;

	/* 4. document keys; 5. write */
	cp_press_pdfx_finish(&c);
	ok = cp_press_write(q, out_path, c.x1a ? "1.3" : "1.6", d);
	if (ok && used_pdfx != NULL)
		*used_pdfx = c.x1a ? CP_PDFX_X1A : CP_PDFX_X4;
out:
	qpdf_cleanup(&c.q);
	g_hash_table_destroy(c.done);
	return ok;
}
