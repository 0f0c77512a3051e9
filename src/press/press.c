/* press.c - the small qpdf helpers preflight and imposition share.
 *
 * The press step no longer makes the print PDF: the PDF writer (src/pdf/)
 * writes it directly in CMYK, so what used to be here (reading Cairo's
 * RGB output, rewriting colours, images, shadings and boxes, repairing
 * Cairo's cross-reference table) is gone. What press does is read PDFs:
 * preflight.c checks any PDF, impose.c imposes any PDF, and pages of
 * supplied PDFs (advertisements) will be prepared here for the writer to
 * place as form XObjects. */
#include "press/press_int.h"

#include <math.h>
#include <string.h>

/* ---- helpers ----------------------------------------------------------- */

qpdf_oh cp_press_dict_of(qpdf_data q, qpdf_oh oh)
{
	return qpdf_oh_is_stream(q, oh) ? qpdf_oh_get_dict(q, oh) : oh;
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
