/* resources.c - walking what a page's resources reach and converting every
 * object that carries colour: colour spaces, form XObjects and tiling
 * patterns (their content and their own resources), shading patterns and
 * shadings, images, ExtGStates and the luminosity groups of their soft
 * masks. Type 3 fonts are refused (their glyph procedures carry colour and
 * would need the same walk; Cairo writes them only for bitmap or colour
 * glyphs, docs/prepress.md section 3, rule 6).
 *
 * Shared objects (a photo on two pages, a form used twice) are converted
 * once: c->done holds the object ids already seen. Keys are snapshotted
 * before recursing (press_int.h). Depth is bounded by MAX_NESTING, so a
 * hostile file with a cycle of forms cannot recurse without end. */
#include "press/press_int.h"

#include <string.h>

#define MAX_NESTING 32

/* A transparency group: kept (with CMYK blending) for X-4, dropped for X-1a,
 * where a group without alpha changes nothing on the page. */
void cp_press_group_fix(cp_press_ctx *c, qpdf_oh owner)
{
	qpdf_data q = c->q;
	if (!qpdf_oh_has_key(q, owner, "/Group"))
		return;
	if (c->x1a) {
		qpdf_oh_remove_key(q, owner, "/Group");
		return;
	}
	qpdf_oh g = qpdf_oh_get_key(q, owner, "/Group");
	g_autofree char *cs = cp_press_name(q, g, "/CS");
	if (cs != NULL && strcmp(cs, "/DeviceRGB") == 0)
		qpdf_oh_replace_key(q, g, "/CS", qpdf_oh_new_name(q, "/DeviceCMYK"));
}

/* A form XObject or tiling pattern: its content through the rewrite (the
 * decoded bytes are replaced; qpdf compresses them again on write), its
 * group, then its own resources. */
void cp_press_stream_convert(cp_press_ctx *c, qpdf_oh stream)
{
	qpdf_data q = c->q;
	if (!qpdf_oh_is_stream(q, stream) || !cp_press_first_visit(c, stream))
		return;
	size_t len = 0;
	bool filtered = false;
	g_autofree unsigned char *data = cp_press_stream_data(q, stream, false, &len, &filtered);
	if (data == NULL || !filtered) {
		cp_press_error(c, "a content stream cannot be decoded");
		return;
	}
	GString *conv = cp_press_content_convert(c, data, len);
	qpdf_oh_replace_stream_data(q, stream, (const unsigned char *)conv->str, conv->len,
	                            qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	g_string_free(conv, TRUE);
	qpdf_oh dict = qpdf_oh_get_dict(q, stream);
	cp_press_group_fix(c, dict);
	qpdf_oh res = qpdf_oh_get_key(q, dict, "/Resources");
	if (qpdf_oh_is_dictionary(q, res))
		cp_press_resources_convert(c, res);
}

/* One entry of /ColorSpace: DeviceRGB becomes DeviceCMYK (its colour
 * operands are converted by the content rewrite when used with sc/scn only
 * through cs names, which Cairo never does); anything we cannot convert is
 * an error naming it. */
static void convert_colorspace(cp_press_ctx *c, qpdf_oh res_cs, const char *key)
{
	qpdf_data q = c->q;
	qpdf_oh cs = qpdf_oh_get_key(q, res_cs, key);
	const char *family = NULL;
	g_autofree char *fam = NULL;
	if (qpdf_oh_is_name(q, cs)) {
		fam = g_strdup(qpdf_oh_get_name(q, cs));
	} else if (qpdf_oh_is_array(q, cs) && qpdf_oh_get_array_n_items(q, cs) > 0) {
		qpdf_oh f = qpdf_oh_get_array_item(q, cs, 0);
		if (qpdf_oh_is_name(q, f))
			fam = g_strdup(qpdf_oh_get_name(q, f));
	}
	family = fam != NULL ? fam : "";
	if (strcmp(family, "/DeviceRGB") == 0) {
		cp_press_error(c, "named colour space %s is DeviceRGB", key);
	} else if (strcmp(family, "/ICCBased") == 0 || strcmp(family, "/CalRGB") == 0 ||
	           strcmp(family, "/Lab") == 0 || strcmp(family, "/CalGray") == 0 ||
	           strcmp(family, "/Indexed") == 0 || strcmp(family, "/DeviceN") == 0) {
		cp_press_error(c, "colour space %s (%s) cannot be converted", key, family);
	}
}

/* An ExtGState. For X-1a (PDF 1.3) the alpha, blend-mode and soft-mask
 * keys that say "no transparency" are dropped, since Cairo writes
 * /CA 1 /ca 1 before every paint and a PDF 1.3 checker flags the keys
 * themselves; real transparency never reaches here in X-1a (press.c
 * refuses it first). A soft mask's group and backdrop are converted. */
static void convert_extgstate(cp_press_ctx *c, qpdf_oh gs, int depth)
{
	qpdf_data q = c->q;
	if (!qpdf_oh_is_dictionary(q, gs) || !cp_press_first_visit(c, gs))
		return;
	/* alpha 1 is no transparency; PDF 1.3 has no such keys */
	if (c->x1a) {
		const char *alpha[] = {"/CA", "/ca"};
		for (int i = 0; i < 2; i++)
			if (qpdf_oh_has_key(q, gs, alpha[i]) &&
			    cp_press_num(q, qpdf_oh_get_key(q, gs, alpha[i]), 1) >= 1.0)
				qpdf_oh_remove_key(q, gs, alpha[i]);
		g_autofree char *bm = cp_press_name(q, gs, "/BM");
		if (bm != NULL && (strcmp(bm, "/Normal") == 0 || strcmp(bm, "/Compatible") == 0))
			qpdf_oh_remove_key(q, gs, "/BM");
		g_autofree char *sm = cp_press_name(q, gs, "/SMask");
		if (sm != NULL && strcmp(sm, "/None") == 0)
			qpdf_oh_remove_key(q, gs, "/SMask");
	}
	/* a soft mask's luminosity group is a form like any other */
	qpdf_oh sm = qpdf_oh_get_key(q, gs, "/SMask");
	if (qpdf_oh_is_dictionary(q, sm)) {
		qpdf_oh g = qpdf_oh_get_key(q, sm, "/G");
		if (qpdf_oh_is_array(q, qpdf_oh_get_key(q, sm, "/BC")) &&
		    qpdf_oh_get_array_n_items(q, qpdf_oh_get_key(q, sm, "/BC")) == 3) {
			qpdf_oh bc = qpdf_oh_get_key(q, sm, "/BC");
			double rgb[3], cmyk[4];
			for (int i = 0; i < 3; i++)
				rgb[i] = cp_press_num(q, qpdf_oh_get_array_item(q, bc, i), 0);
			cp_press_map_rgb(c, rgb, cmyk);
			qpdf_oh_replace_key(q, sm, "/BC", cp_press_new_numbers(q, cmyk, 4));
		}
		if (depth < MAX_NESTING)
			cp_press_stream_convert(c, g);
	}
}

/* A pattern: tiling (type 1) is a content stream with resources; shading
 * (type 2) wraps a shading and an optional ExtGState. */
static void convert_pattern(cp_press_ctx *c, qpdf_oh pat)
{
	qpdf_data q = c->q;
	qpdf_oh dict = cp_press_dict_of(q, pat);
	int type = (int)cp_press_num(q, qpdf_oh_get_key(q, dict, "/PatternType"), 0);
	if (type == 1) {
		cp_press_stream_convert(c, pat);
	} else if (type == 2) {
		if (!cp_press_first_visit(c, pat))
			return;
		cp_press_shading_convert(c, qpdf_oh_get_key(q, dict, "/Shading"));
		qpdf_oh gs = qpdf_oh_get_key(q, dict, "/ExtGState");
		if (qpdf_oh_is_dictionary(q, gs))
			convert_extgstate(c, gs, 1);
	}
}

static void check_font(cp_press_ctx *c, const char *key, qpdf_oh font)
{
	g_autofree char *sub = cp_press_name(c->q, font, "/Subtype");
	if (sub != NULL && strcmp(sub, "/Type3") == 0)
		cp_press_error(c,
		               "font %s is a Type 3 font, which the press step cannot convert "
		               "(bitmap or colour glyphs, e.g. emoji)",
		               key);
}

/* The walk: each resource category in turn, each entry by kind. Fonts are
 * only checked (Type 3 refused); their glyphs take the text colour. */
void cp_press_resources_convert(cp_press_ctx *c, qpdf_oh res)
{
	qpdf_data q = c->q;
	if (!qpdf_oh_is_dictionary(q, res))
		return;
	static const char *const cats[] = {"/ColorSpace", "/ExtGState", "/Pattern",
	                                   "/Shading",    "/XObject",   "/Font"};
	for (size_t k = 0; k < G_N_ELEMENTS(cats); k++) {
		qpdf_oh sub = qpdf_oh_get_key(q, res, cats[k]);
		if (!qpdf_oh_is_dictionary(q, sub))
			continue;
		/* snapshot: the walk below iterates other dictionaries */
		g_auto(GStrv) keys = cp_press_dict_keys(q, sub);
		for (char **kp = keys; *kp != NULL; kp++) {
			qpdf_oh v = qpdf_oh_get_key(q, sub, *kp);
			switch (k) {
			case 0:
				convert_colorspace(c, sub, *kp);
				break;
			case 1:
				convert_extgstate(c, v, 0);
				break;
			case 2:
				convert_pattern(c, v);
				break;
			case 3:
				if (cp_press_first_visit(c, v))
					cp_press_shading_convert(c, v);
				break;
			case 4: {
				g_autofree char *st =
				    cp_press_name(q, cp_press_dict_of(q, v), "/Subtype");
				if (st != NULL && strcmp(st, "/Image") == 0) {
					if (cp_press_first_visit(c, v))
						cp_press_image_convert(c, v);
				} else if (st != NULL && strcmp(st, "/Form") == 0)
					cp_press_stream_convert(c, v);
				break;
			}
			default:
				check_font(c, *kp, v);
				break;
			}
		}
	}
}

/* The transparency scan decides the flavour before anything changes:
 * alpha below 1, a soft mask, a blend mode other than Normal, an image
 * with a soft mask; forms and patterns are looked into, to MAX_NESTING. */
bool cp_press_resources_scan(cp_press_ctx *c, qpdf_oh res, int depth)
{
	qpdf_data q = c->q;
	if (!qpdf_oh_is_dictionary(q, res) || depth > MAX_NESTING)
		return false;
	bool found = false;
	qpdf_oh gss = qpdf_oh_get_key(q, res, "/ExtGState");
	if (qpdf_oh_is_dictionary(q, gss)) {
		g_auto(GStrv) keys = cp_press_dict_keys(q, gss);
		for (char **kp = keys; *kp != NULL && !found; kp++) {
			qpdf_oh gs = qpdf_oh_get_key(q, gss, *kp);
			double ca = cp_press_num(q, qpdf_oh_get_key(q, gs, "/ca"), 1);
			double CA = cp_press_num(q, qpdf_oh_get_key(q, gs, "/CA"), 1);
			g_autofree char *bm = cp_press_name(q, gs, "/BM");
			if (ca < 1 || CA < 1 ||
			    qpdf_oh_is_dictionary(q, qpdf_oh_get_key(q, gs, "/SMask")) ||
			    (bm != NULL && strcmp(bm, "/Normal") != 0 &&
			     strcmp(bm, "/Compatible") != 0))
				found = true;
		}
	}
	const char *cats[] = {"/XObject", "/Pattern"};
	for (int k = 0; k < 2 && !found; k++) {
		qpdf_oh sub = qpdf_oh_get_key(q, res, cats[k]);
		if (!qpdf_oh_is_dictionary(q, sub))
			continue;
		g_auto(GStrv) keys = cp_press_dict_keys(q, sub);
		for (char **kp = keys; *kp != NULL && !found; kp++) {
			qpdf_oh v = qpdf_oh_get_key(q, sub, *kp);
			qpdf_oh dict = cp_press_dict_of(q, v);
			if (qpdf_oh_has_key(q, dict, "/SMask") &&
			    !qpdf_oh_is_name(q, qpdf_oh_get_key(q, dict, "/SMask")))
				found = true;
			else if (cp_press_num(q, qpdf_oh_get_key(q, dict, "/SMaskInData"), 0) > 0)
				found = true;
			else
				found = cp_press_resources_scan(
				    c, qpdf_oh_get_key(q, dict, "/Resources"), depth + 1);
		}
	}
	return found;
}
