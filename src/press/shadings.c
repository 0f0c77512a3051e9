/* shadings.c - RGB shadings to DeviceCMYK.
 *
 * Cairo 1.16 writes axial (type 2) and radial (type 3) shadings in
 * /DeviceRGB with one exponential function (type 2, C0 and C1) or a
 * stitching function (type 3) of exponential ones. Each C0/C1 end point and
 * the /Background go through the same mapping as solid colours (palette,
 * neutral K, profile), and the colour space becomes /DeviceCMYK, so the
 * gradient interpolates in CMYK: slightly different from RGB interpolation,
 * which no print reader notices (docs/prepress.md section 3).
 * Sampled (type 0) and PostScript (type 4) functions, arrays of per-channel
 * functions and mesh shadings (types 4-7, cairo_pattern_create_mesh) cannot
 * be converted this way: each is an error for the page, never a silently
 * RGB file. */
#include "press/press_int.h"

#include <string.h>

#define MAX_NESTING 16

/* An array of 3 numbers at key, mapped to CMYK in place. */
static bool convert_triple(cp_press_ctx *c, qpdf_oh dict, const char *key)
{
	qpdf_data q = c->q;
	qpdf_oh a = qpdf_oh_get_key(q, dict, key);
	if (!qpdf_oh_is_array(q, a))
		return !qpdf_oh_has_key(q, dict, key);
	if (qpdf_oh_get_array_n_items(q, a) != 3)
		return false;
	double rgb[3], cmyk[4];
	for (int i = 0; i < 3; i++)
		rgb[i] = cp_press_num(q, qpdf_oh_get_array_item(q, a, i), 0);
	cp_press_map_rgb(c, rgb, cmyk);
	qpdf_oh_replace_key(q, dict, key, cp_press_new_numbers(q, cmyk, 4));
	return true;
}

static void convert_function(cp_press_ctx *c, qpdf_oh f, int depth)
{
	qpdf_data q = c->q;
	if (depth > MAX_NESTING || !cp_press_first_visit(c, f))
		return;
	qpdf_oh dict = cp_press_dict_of(q, f);
	int type = (int)cp_press_num(q, qpdf_oh_get_key(q, dict, "/FunctionType"), -1);
	if (type == 2) {
		/* C0 and C1 default to one component: an RGB shading gives both */
		if (!qpdf_oh_has_key(q, dict, "/C0") || !qpdf_oh_has_key(q, dict, "/C1") ||
		    !convert_triple(c, dict, "/C0") || !convert_triple(c, dict, "/C1"))
			cp_press_error(c, "an RGB shading function without 3-component C0/C1");
		/* the output range, when given, is now four components */
		if (qpdf_oh_has_key(q, dict, "/Range")) {
			double r[8] = {0, 1, 0, 1, 0, 1, 0, 1};
			qpdf_oh_replace_key(q, dict, "/Range", cp_press_new_numbers(q, r, 8));
		}
	} else if (type == 3) {
		qpdf_oh fs = qpdf_oh_get_key(q, dict, "/Functions");
		int n = qpdf_oh_is_array(q, fs) ? qpdf_oh_get_array_n_items(q, fs) : 0;
		for (int i = 0; i < n; i++)
			convert_function(c, qpdf_oh_get_array_item(q, fs, i), depth + 1);
		if (qpdf_oh_has_key(q, dict, "/Range")) {
			double r[8] = {0, 1, 0, 1, 0, 1, 0, 1};
			qpdf_oh_replace_key(q, dict, "/Range", cp_press_new_numbers(q, r, 8));
		}
	} else {
		cp_press_error(c, "an RGB shading uses a %s function, which cannot be converted",
		               type == 0   ? "sampled (type 0)"
		               : type == 4 ? "PostScript (type 4)"
		                           : "malformed");
	}
}

void cp_press_shading_convert(cp_press_ctx *c, qpdf_oh sh)
{
	qpdf_data q = c->q;
	qpdf_oh dict = cp_press_dict_of(q, sh);
	if (!qpdf_oh_is_dictionary(q, dict))
		return;
	g_autofree char *cs = cp_press_name(q, dict, "/ColorSpace");
	if (cs != NULL && (strcmp(cs, "/DeviceGray") == 0 || strcmp(cs, "/DeviceCMYK") == 0))
		return;
	int type = (int)cp_press_num(q, qpdf_oh_get_key(q, dict, "/ShadingType"), 0);
	if (cs == NULL || strcmp(cs, "/DeviceRGB") != 0) {
		cp_press_error(c, "a shading in colour space %s cannot be converted",
		               cs != NULL ? cs : "(array)");
		return;
	}
	if (type < 1 || type > 3) {
		cp_press_error(c, "an RGB mesh shading (type %d) cannot be converted", type);
		return;
	}
	qpdf_oh f = qpdf_oh_get_key(q, dict, "/Function");
	if (qpdf_oh_is_array(q, f)) {
		cp_press_error(c,
		               "an RGB shading with one function per channel cannot be converted");
		return;
	}
	convert_function(c, f, 0);
	if (qpdf_oh_has_key(q, dict, "/Background"))
		convert_triple(c, dict, "/Background");
	qpdf_oh_replace_key(q, dict, "/ColorSpace", qpdf_oh_new_name(q, "/DeviceCMYK"));
}
