/* convert.c - RGB in a supplied artwork page turned into CMYK for the
 * press PDF (issue 15 point 2), as the writer converts RGB photos: through
 * the output profile with Little CMS (pdf/profile.c), a grey r = g = b
 * becoming K only. Only what is RGB changes: CMYK and grey operators,
 * fonts and every other byte stay as supplied, so K100 text stays
 * 0 0 0 1 k.
 *
 * Content streams (the page's and its forms'): rg / RG become k / K;
 * a cs / CS naming an RGB space (DeviceRGB, CalRGB, a three-component
 * ICCBased space) names /DeviceCMYK instead and the sc / scn / SC / SCN
 * values under it become four; a pattern space over RGB ([/Pattern
 * /DeviceRGB], an uncoloured pattern's colours) keeps its name (the
 * resource itself becomes [/Pattern /DeviceCMYK]) and an scn / SCN's three
 * values before the pattern's name become four; the colour space state
 * follows q / Q. Resources are converted whether the content uses them or
 * not (artwork.c), so nothing RGB is left in the press PDF.
 * What cannot be converted without redrawing it - an RGB inline image, a
 * shading painted with sh in an RGB space - is counted, and the caller
 * refuses the artwork with an error at the ad file's line. */
#include "press/reader.h"

#include <string.h>

#define MAX_STACK 64

/* What a colour operator's operands are under the space in force. */
typedef enum space { SP_NONE, SP_RGB, SP_RGB_PATTERN } space;

/* An RGB colour space: /DeviceRGB, [/CalRGB ...], [/ICCBased s] with /N 3. */
bool cp_press_rgb_space(qpdf_data q, qpdf_oh cs)
{
	if (qpdf_oh_is_name(q, cs))
		return !strcmp(qpdf_oh_get_name(q, cs), "/DeviceRGB") ||
		       !strcmp(qpdf_oh_get_name(q, cs), "/RGB");
	if (!qpdf_oh_is_array(q, cs) || qpdf_oh_get_array_n_items(q, cs) < 2)
		return false;
	qpdf_oh fam = qpdf_oh_get_array_item(q, cs, 0);
	if (!qpdf_oh_is_name(q, fam))
		return false;
	const char *f = qpdf_oh_get_name(q, fam);
	if (!strcmp(f, "/CalRGB"))
		return true;
	if (!strcmp(f, "/ICCBased")) {
		qpdf_oh s = qpdf_oh_get_array_item(q, cs, 1);
		return qpdf_oh_is_stream(q, s) &&
		       cp_press_num(q, qpdf_oh_get_key(q, qpdf_oh_get_dict(q, s), "/N"), 0) == 3;
	}
	return false;
}

bool cp_press_rgb_pattern_space(qpdf_data q, qpdf_oh cs)
{
	if (!qpdf_oh_is_array(q, cs) || qpdf_oh_get_array_n_items(q, cs) != 2)
		return false;
	qpdf_oh fam = qpdf_oh_get_array_item(q, cs, 0);
	return qpdf_oh_is_name(q, fam) && !strcmp(qpdf_oh_get_name(q, fam), "/Pattern") &&
	       cp_press_rgb_space(q, qpdf_oh_get_array_item(q, cs, 1));
}

static void put_cmyk(GString *o, const double cmyk[4], const char *op)
{
	for (int i = 0; i < 4; i++) {
		char buf[G_ASCII_DTOSTR_BUF_SIZE];
		double v = CLAMP(cmyk[i], 0.0, 1.0);
		/* four decimals, as the writer's own colours */
		g_ascii_formatd(buf, sizeof buf, "%.4f", v);
		char *e = buf + strlen(buf) - 1;
		while (e > buf && *e == '0')
			*e-- = '\0';
		if (*e == '.')
			*e = '\0';
		g_string_append(o, buf);
		g_string_append_c(o, ' ');
	}
	g_string_append(o, op);
}

unsigned char *cp_press_content_to_cmyk(cp_press_reader *r, const unsigned char *buf, size_t len,
                                        qpdf_oh res, const cp_pdf_profile *p, size_t *out_len,
                                        int *unconverted)
{
	qpdf_data q = r->q;
	GString *o = g_string_sized_new(len + len / 8 + 16);
	/* the fill and stroke spaces: what their colour operands are */
	space stack[MAX_STACK][2] = {{SP_NONE, SP_NONE}};
	int sp = 0;
	cp_press_walk w;
	cp_press_walk_init(&w, r, buf, len);
	size_t copied = 0; /* input bytes up to here are in o */
	while (cp_press_walk_next(&w)) {
		const cp_press_tok t = w.op;
		/* the bytes up to the operator's end, as they are; o's length
		 * where its operands begin, for rewriting them */
		size_t operands_at = o->len + (w.operands_at - copied);
		g_string_append_len(o, (const char *)buf + copied,
		                    (gssize)(t.start + t.len - copied));
		copied = t.start + t.len;
		const double *num = w.num;
		const int n_num = w.n_num;
		const cp_press_tok name = w.name;
		if (t.kind == CP_TOK_INLINE_IMAGE) {
			if (cp_press_walk_inline_rgb(&w))
				(*unconverted)++;
			continue;
		}
		const char *op = (const char *)buf + t.start;
		size_t ol = t.len;
#define OP(str) (ol == strlen(str) && memcmp(op, str, ol) == 0)
		space *cur = stack[sp];
		if (OP("q")) {
			if (sp + 1 < MAX_STACK) {
				memcpy(stack[sp + 1], stack[sp], sizeof stack[sp]);
				sp++;
			}
		} else if (OP("Q")) {
			if (sp > 0)
				sp--;
		} else if ((OP("rg") || OP("RG")) && n_num == 3) {
			double rgb[3] = {num[0], num[1], num[2]};
			double cmyk[4];
			cp_pdf_profile_rgb_to_cmyk(p, rgb, cmyk);
			g_string_truncate(o, operands_at);
			put_cmyk(o, cmyk, op[0] == 'r' ? "k" : "K");
		} else if ((OP("cs") || OP("CS")) && name.kind == CP_TOK_NAME) {
			bool fill = op[0] == 'c';
			g_autofree char *nm = g_strndup((const char *)buf + name.start, name.len);
			qpdf_oh mark = cp_press_reader_mark(r);
			qpdf_oh cs =
			    !strncmp(nm, "/Device", 7) || !strcmp(nm, "/Pattern")
			        ? qpdf_oh_new_name(q, nm)
			        : qpdf_oh_get_key_if_dict(
			              q, qpdf_oh_get_key_if_dict(q, res, "/ColorSpace"), nm);
			space sc = cp_press_rgb_space(q, cs)           ? SP_RGB
			           : cp_press_rgb_pattern_space(q, cs) ? SP_RGB_PATTERN
			                                               : SP_NONE;
			cp_press_reader_release(r, mark);
			cur[fill ? 0 : 1] = sc;
			if (sc == SP_RGB) {
				g_string_truncate(o, operands_at);
				g_string_append(o, fill ? "/DeviceCMYK cs" : "/DeviceCMYK CS");
			}
		} else if ((OP("sc") || OP("scn") || OP("SC") || OP("SCN")) && n_num == 3 &&
		           ((name.kind != CP_TOK_NAME && cur[op[0] == 's' ? 0 : 1] == SP_RGB) ||
		            (name.kind == CP_TOK_NAME && ol == 3 &&
		             cur[op[0] == 's' ? 0 : 1] == SP_RGB_PATTERN))) {
			/* an uncoloured pattern's colour comes before its name */
			double rgb[3] = {num[0], num[1], num[2]};
			double cmyk[4];
			cp_pdf_profile_rgb_to_cmyk(p, rgb, cmyk);
			g_string_truncate(o, operands_at);
			g_autofree char *ops =
			    name.kind == CP_TOK_NAME
			        ? g_strdup_printf("%.*s %.*s", (int)name.len,
			                          (const char *)buf + name.start, (int)ol, op)
			        : g_strndup(op, ol);
			put_cmyk(o, cmyk, ops);
		} else if (OP("sh") && name.kind == CP_TOK_NAME) {
			g_autofree char *nm = g_strndup((const char *)buf + name.start, name.len);
			qpdf_oh mark = cp_press_reader_mark(r);
			qpdf_oh sh = qpdf_oh_get_key_if_dict(
			    q, qpdf_oh_get_key_if_dict(q, res, "/Shading"), nm);
			if (cp_press_rgb_space(q, qpdf_oh_get_key_if_dict(
			                              q, cp_press_dict_of(q, sh), "/ColorSpace")))
				(*unconverted)++;
			cp_press_reader_release(r, mark);
		}
#undef OP
	}
	g_string_append_len(o, (const char *)buf + copied, (gssize)(len - copied));
	if (r->over) {
		g_string_free(o, TRUE);
		return NULL;
	}
	*out_len = o->len;
	return (unsigned char *)g_string_free(o, FALSE);
}
