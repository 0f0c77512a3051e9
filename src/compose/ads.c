/* ads.c - the joint advertising pages (共同広告, issue 15): the ads of an
 * `ads` part packed into the layout's ad grid on as few pages as possible
 * (adgrid.c), supplied artwork placed whole in its frame, text ads set from
 * their fields in one of the layout's ad designs, the advertisers' index
 * (広告索引) at the end of the section, and house ads (the network's own
 * notices) in the space left over and on pages that would be blank.
 *
 * Geometry: the ad grid divides the type area into columns x rows cells
 * with `gap` between them; a frame of w x h cells spans the gaps inside it. */
#include "compose/compose_int.h"

#include <math.h>
#include <string.h>

#include "compose/adgrid.h"

#define MM CP_MM_TO_PT

/* The ad section's running head and the index's title. */
#define ADS_HEAD "共同広告"
#define INDEX_TITLE "広告索引"

typedef struct ad_frame {
	double x, y, w, h;
} ad_frame;

/* --- grid geometry -------------------------------------------------------- */

static double cell_w(const cp_compose *c)
{
	const cp_layout *L = c->layout;
	double gap = cp_unit_to_pt(L->ad_gap.len, c->g.size);
	return (c->g.area_w - (L->ad_columns - 1) * gap) / L->ad_columns;
}

static double cell_h(const cp_compose *c)
{
	const cp_layout *L = c->layout;
	double gap = cp_unit_to_pt(L->ad_gap.len, c->g.size);
	return (c->g.area_h - (L->ad_rows - 1) * gap) / L->ad_rows;
}

static ad_frame cells_frame(const cp_compose *c, size_t page, int col, int row, int w, int h)
{
	double gap = cp_unit_to_pt(c->layout->ad_gap.len, c->g.size);
	double cw = cell_w(c), ch = cell_h(c);
	ad_frame f;
	f.x = cp_compose_area_x(c, page) + col * (cw + gap);
	f.y = c->g.area_top + row * (ch + gap);
	f.w = w * cw + (w - 1) * gap;
	f.h = h * ch + (h - 1) * gap;
	return f;
}

/* The grid can be drawn at all: cells of at least 10 mm each way. */
static bool grid_ok(cp_compose *c, cp_span span)
{
	const cp_layout *L = c->layout;
	if (L->ad_columns >= 1 && L->ad_rows >= 1 && L->ad_columns <= CP_ADGRID_MAX &&
	    L->ad_rows <= CP_ADGRID_MAX && cell_w(c) >= 10 * MM && cell_h(c) >= 10 * MM)
		return true;
	cp_diag_add(c->d, CP_DIAG_LAYOUT, L->ad_grid_span.line ? L->ad_grid_span : span,
	            "use fewer cells or a smaller gap",
	            "the ad grid %dx%d leaves cells of %.1f x %.1f mm in the type area (at "
	            "least 10 mm each way)",
	            L->ad_columns, L->ad_rows, cell_w(c) / MM, cell_h(c) / MM);
	return false;
}

/* "1/4" of a page for n of total cells, in lowest terms. */
static char *fraction(int n, int total)
{
	int a = n, b = total;
	while (b != 0) {
		int t = a % b;
		a = b;
		b = t;
	}
	if (a == 0)
		a = 1;
	if (n == total)
		return g_strdup("1");
	return g_strdup_printf("%d/%d", n / a, total / a);
}

/* --- styles ------------------------------------------------------------------ */

static const cp_ad_style *ad_style(const cp_compose *c, const cp_ad *ad)
{
	const cp_layout *L = c->layout;
	for (size_t i = 0; ad->style.s != NULL && i < L->n_ad_styles; i++)
		if (strcmp(L->ad_styles[i].name, ad->style.s) == 0)
			return &L->ad_styles[i];
	return L->n_ad_styles > 0 ? &L->ad_styles[0] : NULL;
}

/* A layout style at a scale (the ad's size decides how large its type is). */
static cp_ts_style ts_style(const cp_compose *c, const cp_style *s, double scale, bool phrase)
{
	const cp_layout *L = c->layout;
	cp_ts_style ts = {0};
	const char *family = s->font.s != NULL ? cp_model_font_family(L, s->font.s) : NULL;
	ts.family = family != NULL ? family : cp_model_font_family(L, L->body_font.s);
	if (ts.family == NULL)
		ts.family = "Noto Serif CJK JP";
	ts.weight = s->weight > 0 ? s->weight : 400;
	double size = s->size.len.value > 0 ? cp_unit_to_pt(s->size.len, c->g.size) : c->g.size;
	size = CLAMP(size, CP_COMPOSE_MIN_TYPE_PT, 72.0);
	double pitch = s->pitch.set ? cp_unit_to_pt(s->pitch.len, c->g.size) : size * 1.6;
	pitch = CLAMP(pitch, size, 4 * size);
	ts.size = size * scale;
	ts.pitch = pitch * scale;
	static const cp_ts_align aligns[CP_ALIGN_COUNT] = {CP_TS_JUSTIFY, CP_TS_START, CP_TS_CENTER,
	                                                   CP_TS_END};
	ts.align = aligns[s->align < CP_ALIGN_COUNT ? s->align : 0];
	ts.color = s->color;
	ts.kinsoku = (cp_ts_kinsoku)L->kinsoku;
	ts.hanging = false;
	ts.phrase = phrase;
	return ts;
}

static double para_height(const cp_ts_style *s, const cp_ts_para *p)
{
	return cp_compose_block_height(s, p->n_lines);
}

/* Sets text to fit max_h at measure: smaller in steps down to min_scale of
 * its size, then cut to the lines that fit (an OVERSET warning at span,
 * naming what). The style used comes back in *style. */
static cp_ts_para *set_fitting(cp_compose *c, cp_ts_style *style, const char *text, cp_span span,
                               double measure, double max_h, double min_scale, const char *what)
{
	double size0 = style->size, pitch0 = style->pitch;
	cp_ts_para *p = NULL;
	for (double k = 1.0; k >= min_scale - 1e-9; k -= 0.06) {
		style->size = size0 * k;
		style->pitch = pitch0 * k;
		g_clear_pointer(&p, cp_ts_para_free);
		p = cp_compose_set_text(c, style, text, span, measure);
		if (para_height(style, p) <= max_h + 0.01)
			return p;
	}
	/* still too long at the smallest size: the lines that fit */
	int lines = max_h >= style->size ? 1 + (int)floor((max_h - style->size) / style->pitch) : 0;
	if (!c->quiet)
		cp_diag_add(c->d, CP_DIAG_OVERSET, span, "shorten the text or buy a larger ad",
		            "the %s of this ad does not fit its frame: %zu of %zu lines are set",
		            what, (size_t)MAX(lines, 0), p->n_lines);
	cp_ts_style cut = *style;
	cut.max_lines = MAX(lines, 1);
	g_clear_pointer(&p, cp_ts_para_free);
	if (lines <= 0)
		return cp_compose_set_text(c, &cut, "", span, measure);
	p = cp_compose_set_text(c, &cut, text, span, measure);
	return p;
}

/* Emits para with its first em-box top at top; returns its height. */
static double emit_at(cp_compose *c, cp_dl_page *page, const cp_ts_style *s, const cp_ts_para *p,
                      double x, double top)
{
	if (p->n_lines == 0)
		return 0.0;
	cp_compose_emit_para(c, page, p, x, top + cp_compose_em_base(c, s));
	return para_height(s, p);
}

/* --- images ------------------------------------------------------------------- */

/* The whole image inside the frame, centred (nothing of a supplied ad is
 * cut off); its resolution checked at the reference's place. */
static void image_contain(cp_compose *c, cp_dl_page *page, cp_image_ref ref, ad_frame f,
                          bool centre_y)
{
	const cp_model_image *img = cp_model_image_get(c->m, ref);
	if (img == NULL || img->kind == CP_IMAGE_NONE || img->px_w == 0 || img->px_h == 0)
		return;
	double scale = fmin(f.w / img->px_w, f.h / img->px_h);
	double dw = img->px_w * scale, dh = img->px_h * scale;
	cp_dl_item *item = cp_dl_item_add(page, CP_DL_IMAGE);
	cp_dl_image *im = &item->u.image;
	im->image =
	    cp_dl_image_add(c->dl, img->path, img->px_w, img->px_h, img->kind == CP_IMAGE_JPEG);
	cp_dl_image_src *src = &g_array_index(c->dl->images, cp_dl_image_src, im->image);
	if (src->span.line == 0)
		src->span = img->span;
	im->x = f.x + (f.w - dw) / 2;
	im->y = centre_y ? f.y + (f.h - dh) / 2 : f.y + f.h - dh;
	im->w = dw;
	im->h = dh;
	im->fx = im->x;
	im->fy = im->y;
	im->fw = dw;
	im->fh = dh;
	cp_compose_image_check(c, img, ref.span, dw, dh);
}

/* Supplied artwork should be made for its frame: another aspect leaves
 * bands of paper, another printed size is scaled. Said with the size the
 * frame wants, in mm and in pixels at 300 ppi. */
static void check_artwork(cp_compose *c, const cp_ad *ad, ad_frame f, const char *slot)
{
	const cp_model_image *img = cp_model_image_get(c->m, ad->artwork);
	if (img == NULL || img->px_w == 0 || img->px_h == 0 || c->quiet)
		return;
	double fw = f.w / MM, fh = f.h / MM;
	double want = fw / fh, have = (double)img->px_w / img->px_h;
	g_autofree char *hint =
	    g_strdup_printf("make the artwork %.1f x %.1f mm (%.0f x %.0f px at 300 ppi)", fw, fh,
	                    ceil(fw / 25.4 * 300), ceil(fh / 25.4 * 300));
	if (fabs(have / want - 1.0) > 0.02) {
		cp_diag_add(c->d, CP_DIAG_AD_ARTWORK_SIZE, ad->artwork.span, hint,
		            "artwork '%s' (%ux%u px, %.2f:1) does not match the aspect of its %s "
		            "frame, %.1f x %.1f mm (%.2f:1)",
		            img->path, img->px_w, img->px_h, have, slot, fw, fh, want);
		return;
	}
	if (img->dpi_x > 0 && img->dpi_y > 0) {
		double iw = img->px_w / img->dpi_x * 25.4, ih = img->px_h / img->dpi_y * 25.4;
		if (fabs(iw / fw - 1.0) > 0.02 || fabs(ih / fh - 1.0) > 0.02)
			cp_diag_add(
			    c->d, CP_DIAG_AD_ARTWORK_SIZE, ad->artwork.span, hint,
			    "artwork '%s' is %.1f x %.1f mm at its %.0f ppi, not the %.1f x "
			    "%.1f mm of its %s frame: it is scaled",
			    img->path, iw, ih, img->dpi_x, fw, fh, slot);
	}
}

/* Supplied PDF artwork is placed at 100 %, untouched: a page of another
 * size than its frame is centred and clipped, or leaves paper, so it is
 * said with the size the frame wants. */
static void check_artwork_pdf(cp_compose *c, const cp_ad *ad, ad_frame f, const char *slot,
                              double aw, double ah)
{
	if (!(aw > 0) || !(ah > 0) || c->quiet)
		return;
	double fw = f.w / MM, fh = f.h / MM, w = aw / MM, h = ah / MM;
	if (fabs(w - fw) <= 0.5 && fabs(h - fh) <= 0.5)
		return;
	g_autofree char *hint =
	    g_strdup_printf("make the artwork's page (its trim box) %.1f x %.1f mm", fw, fh);
	cp_diag_add(c->d, CP_DIAG_AD_ARTWORK_SIZE, ad->artwork_pdf.span, hint,
	            "artwork page is %.1f x %.1f mm, not the %.1f x %.1f mm of its %s frame: it "
	            "is placed at 100 %%, centred, and clipped to the frame",
	            w, h, fw, fh, slot);
}

/* --- a text ad ------------------------------------------------------------------- */

/* The line under the advertiser's name: the ad's own contact, or the
 * member's telephone, web address and address. */
static char *contact_line(const cp_ad *ad)
{
	if (ad->contact.s != NULL)
		return g_strdup(ad->contact.s);
	GString *s = g_string_new(NULL);
	const char *parts[] = {ad->tel.s != NULL ? ad->tel.s : NULL, ad->url.s, ad->address.s};
	for (size_t i = 0; i < G_N_ELEMENTS(parts); i++) {
		const char *p = parts[i];
		if (p == NULL)
			continue;
		if (g_str_has_prefix(p, "https://"))
			p += 8;
		else if (g_str_has_prefix(p, "http://"))
			p += 7;
		if (s->len)
			g_string_append(s, "　");
		if (i == 0)
			g_string_append(s, "TEL ");
		g_string_append(s, p);
	}
	if (s->len == 0 && ad->qr.s != NULL)
		g_string_append(s, ad->qr.s);
	return g_string_free(s, FALSE);
}

/* The contact line's items (separated by ideographic spaces: telephone,
 * web address, address) packed into lines of at most measure: a line
 * breaks between items, so an address or a telephone number is not cut
 * where a whole one would fit on the next line; an item longer than the
 * measure is left to the composer, which breaks a web or e-mail address
 * at its natural points. */
static char *pack_contact(cp_compose *c, const cp_ts_style *s, const char *text, double measure)
{
	g_auto(GStrv) items = g_strsplit(text, "　", -1);
	GString *out = g_string_new(NULL);
	GString *line = g_string_new(NULL);
	for (char **it = items; *it != NULL; it++) {
		if (**it == '\0')
			continue;
		if (line->len > 0) {
			g_autofree char *joined = g_strdup_printf("%s　%s", line->str, *it);
			if (cp_ts_text_width(c->ts, s, joined, c->d) <= measure) {
				g_string_assign(line, joined);
				continue;
			}
			g_string_append_printf(out, "%s%s", out->len ? "\n" : "", line->str);
			g_string_truncate(line, 0);
		}
		g_string_append(line, *it);
	}
	if (line->len > 0)
		g_string_append_printf(out, "%s%s", out->len ? "\n" : "", line->str);
	g_string_free(line, TRUE);
	return g_string_free(out, FALSE);
}

/* How large an ad's type is: a 1/8 frame (about 80 x 55 mm) at the style's
 * sizes, larger frames larger, by the square root of the area. */
static double type_scale(ad_frame f)
{
	double ref = (80 * MM) * (55 * MM);
	return CLAMP(sqrt(f.w * f.h / ref), 0.85, 2.2);
}

/* A notes page: a title and ruled lines on the body's pitch. */
static void draw_notes(cp_compose *c, cp_dl_page *page, const cp_ad *ad, ad_frame f,
                       const cp_ad_style *st)
{
	cp_ts_style cs = ts_style(c, &st->catch_style, 1.0, true);
	cs.color = st->accent;
	cs.align = CP_TS_START;
	double top = f.y;
	if (ad->catch_copy.s != NULL) {
		g_autoptr(cp_ts_para) p = set_fitting(c, &cs, ad->catch_copy.s, ad->catch_copy.span,
		                                      f.w, f.h / 3, 0.6, "catch");
		top += emit_at(c, page, &cs, p, f.x, top) + 4 * MM;
	}
	cp_color rule = cp_color_gray(0.3);
	double pitch = 2 * c->g.pitch;
	for (double y = top + pitch; y <= f.y + f.h + 0.01; y += pitch)
		cp_compose_rule(page, f.x, y, f.x + f.w, y, 0.4, rule);
}

/* Sets a text ad in its frame by its style's design. */
static void draw_text_ad(cp_compose *c, cp_dl_page *page, const cp_ad *ad, ad_frame f)
{
	const cp_ad_style *st = ad_style(c, ad);
	if (st == NULL)
		return;
	if (ad->notes) {
		draw_notes(c, page, ad, f, st);
		return;
	}
	double k = type_scale(f);
	cp_ts_style cs = ts_style(c, &st->catch_style, k, true);
	cp_ts_style bs = ts_style(c, &st->body, sqrt(k), false);
	cp_ts_style ks = ts_style(c, &st->contact, MIN(sqrt(k), 1.3), false);
	cp_ts_style ns = ks; /* the advertiser's name */
	ns.size *= 1.35;
	ns.pitch *= 1.35;
	ns.weight = 700;
	double pad = CLAMP(fmin(f.w, f.h) * 0.07, 3 * MM, 9 * MM);

	/* the ground and the frame */
	switch (st->design) {
	case CP_AD_NOTICE:
		cp_compose_rect(page, f.x, f.y, f.w, f.h, &st->paper, 0, NULL);
		cp_compose_rect(page, f.x + 1.6 * MM, f.y + 1.6 * MM, f.w - 3.2 * MM,
		                f.h - 3.2 * MM, NULL, 1.2, &st->accent);
		cp_compose_rect(page, f.x + 2.6 * MM, f.y + 2.6 * MM, f.w - 5.2 * MM,
		                f.h - 5.2 * MM, NULL, 0.4, &st->accent);
		pad += 2.6 * MM;
		break;
	case CP_AD_BAND:
		cp_compose_rect(page, f.x, f.y, f.w, f.h, &st->paper, 0.6, &st->accent);
		break;
	case CP_AD_CARD:
	case CP_AD_DESIGN_COUNT:
		cp_compose_rect(page, f.x, f.y, f.w, f.h, &st->paper, 0.5, &st->accent);
		break;
	}
	double x = f.x + pad, w = f.w - 2 * pad;
	double top = f.y + pad, bottom = f.y + f.h - pad;

	/* the advertiser at the foot: name, contact, and a logo beside them */
	const char *name = ad->company.s != NULL ? ad->company.s : c->m->publisher.s;
	g_autofree char *contact = contact_line(ad);
	const cp_model_image *logo = cp_model_image_get(c->m, ad->logo);
	double logo_w = logo != NULL ? fmin(w * 0.26, 24 * MM) : 0.0;
	double foot_w = logo_w > 0 ? w - logo_w - 3 * MM : w;
	double foot_x = logo_w > 0 && st->design != CP_AD_CARD ? x + logo_w + 3 * MM : x;
	if (st->design == CP_AD_NOTICE) {
		foot_w = w;
		foot_x = x;
	}
	/* a QR code at the foot's right: as large as the frame suggests,
	 * never under the smallest module (qr.c says when it cannot be) */
	double qr = 0.0;
	if (ad->qr.s != NULL) {
		double need = cp_compose_qr_modules(ad->qr.s) * CP_COMPOSE_QR_MIN_MODULE;
		double lo = cp_unit_to_pt(c->layout->ad_qr_min.len, c->g.size);
		double hi = fmax(lo, cp_unit_to_pt(c->layout->ad_qr_max.len, c->g.size));
		qr = fmax(CLAMP(fmin(f.w, f.h) * 0.26, lo, hi), need);
		qr = fmin(qr, fmin(w * 0.45, (bottom - top) * 0.55));
		foot_w -= qr + 3 * MM;
	}
	ns.align = ks.align;
	g_autoptr(cp_ts_para) np = name != NULL
	                               ? set_fitting(c, &ns, name, ad->company.span, foot_w,
	                                             ns.pitch * 2, 0.7, "advertiser's name")
	                               : cp_compose_set_text(c, &ns, "", CP_SPAN_NONE, foot_w);
	g_autofree char *packed = pack_contact(c, &ks, contact, foot_w);
	/* a contact line the ad does not write is the member's: an overset one
	 * is reported at the ad's `member:` line (else at the ad) */
	cp_span contact_at = ad->contact.span.line != 0  ? ad->contact.span
	                     : ad->member_span.line != 0 ? ad->member_span
	                                                 : ad->span;
	g_autoptr(cp_ts_para) kp =
	    set_fitting(c, &ks, packed, contact_at, foot_w, ks.pitch * 2 + ks.size, 0.8, "contact");
	double foot_h = para_height(&ns, np) + (kp->n_lines ? 1.2 * MM + para_height(&ks, kp) : 0);
	double logo_h = 0;
	if (logo != NULL) {
		logo_h = fmin(logo_w * logo->px_h / logo->px_w, f.h * 0.3);
		foot_h = fmax(foot_h, logo_h);
	}
	foot_h = fmax(foot_h, qr);
	double foot_top = bottom - foot_h;
	if (st->design == CP_AD_NOTICE && logo != NULL)
		foot_top -= logo_h + 2 * MM;

	/* the catch at the head, the body under it; when they leave much of
	 * the frame empty (a large frame, a short text) the block moves down,
	 * to the middle for a notice, a little above it otherwise */
	double catch_max = (foot_top - top) * 0.5;
	bool band = st->design == CP_AD_BAND;
	if (band)
		cs.color = st->paper; /* reversed out of the band */
	g_autoptr(cp_ts_para) cp = set_fitting(c, &cs, ad->catch_copy.s, ad->catch_copy.span,
	                                       band ? f.w - 2 * pad : w, catch_max, 0.55, "catch");
	double ch = para_height(&cs, cp);
	double rule_before = st->design == CP_AD_CARD ? 2.2 * MM : 2.4 * MM;
	double rule_after = st->design == CP_AD_CARD ? 2.8 * MM : 3.0 * MM;
	double band_h = ch + 2 * pad * 0.8;
	double head_h = band ? 0.0 : ch + rule_before + rule_after;
	double body_top = band ? f.y + band_h + pad * 0.8 : top + head_h;
	double room = foot_top - 2.5 * MM - body_top;
	g_autoptr(cp_ts_para) bp =
	    ad->body.s != NULL
	        ? set_fitting(c, &bs, ad->body.s, ad->body.span, w, room, 0.75, "body")
	        : cp_compose_set_text(c, &bs, "", CP_SPAN_NONE, w);
	double left = room - para_height(&bs, bp);
	double shift = 0.0;
	if (st->design == CP_AD_NOTICE)
		shift = fmax(0.0, left / 2);
	else if (left > 0.2 * f.h)
		shift = left * 0.35;
	if (band) {
		cp_compose_rect(page, f.x, f.y, f.w, band_h, &st->accent, 0, NULL);
		emit_at(c, page, &cs, cp, x, f.y + pad * 0.8);
	} else {
		double y0 = top + shift;
		emit_at(c, page, &cs, cp, x, y0);
		double ry = y0 + ch + rule_before;
		if (st->design == CP_AD_CARD) {
			cp_compose_rule(page, x, ry, x + w, ry, 0.3, st->accent);
		} else {
			double rw = fmin(w * 0.25, 18 * MM);
			cp_compose_rule(page, x + (w - rw) / 2, ry, x + (w + rw) / 2, ry, 0.8,
			                st->accent);
		}
	}
	emit_at(c, page, &bs, bp, x, body_top + shift);

	/* the foot */
	if (qr > 0)
		cp_compose_qr(c, page, ad->qr.s, x + w - qr, bottom - qr, qr, ad->qr.span);
	if (st->design == CP_AD_BAND)
		cp_compose_rule(page, x, foot_top - 2 * MM, x + w, foot_top - 2 * MM, 0.6,
		                st->accent);
	if (logo != NULL) {
		ad_frame lf;
		if (st->design == CP_AD_NOTICE)
			lf = (ad_frame){x + (w - logo_w) / 2, foot_top, logo_w, logo_h};
		else if (st->design == CP_AD_CARD)
			lf = (ad_frame){x, bottom - logo_h, logo_w, logo_h};
		else
			lf = (ad_frame){x, bottom - logo_h, logo_w, logo_h};
		image_contain(c, page, ad->logo, lf, true);
		if (st->design == CP_AD_NOTICE)
			foot_top += logo_h + 2 * MM;
	}
	double fx = st->design == CP_AD_CARD && logo != NULL ? x + logo_w + 3 * MM : foot_x;
	double y = foot_top + (foot_h - para_height(&ns, np) -
	                       (kp->n_lines ? 1.2 * MM + para_height(&ks, kp) : 0));
	y += emit_at(c, page, &ns, np, fx, y);
	if (kp->n_lines)
		emit_at(c, page, &ks, kp, fx, y + 1.2 * MM);
}

/* One ad in its frame: artwork whole, or the text ad. */
static void draw_ad(cp_compose *c, cp_dl_page *page, const cp_ad *ad, ad_frame f, const char *slot)
{
	if (ad->artwork.index >= 0) {
		check_artwork(c, ad, f, slot);
		image_contain(c, page, ad->artwork, f, true);
		return;
	}
	if (ad->artwork_pdf.index >= 0) {
		double aw = 0, ah = 0;
		cp_compose_artwork(c, page, ad->artwork_pdf, f.x, f.y, f.w, f.h, false, &aw, &ah);
		check_artwork_pdf(c, ad, f, slot, aw, ah);
		return;
	}
	draw_text_ad(c, page, ad, f);
}

/* --- house ads --------------------------------------------------------------------- */

/* The next house ad into f, if one is left; its name goes to the note
 * (ad space) or to the warning (a page that would be blank: padding). */
static bool place_house(cp_compose *c, cp_dl_page *page, ad_frame f, bool padding)
{
	if (c->house_next >= c->m->n_house_ads)
		return false;
	const cp_ad *ad = &c->m->house_ads[c->house_next++];
	draw_ad(c, page, ad, f, "house ad");
	const char *name = ad->catch_copy.s != NULL ? ad->catch_copy.s : ad->file;
	GPtrArray **list = padding ? &c->house_padded : &c->house_placed;
	if (*list == NULL)
		*list = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(*list, g_strdup_printf("'%s' (p. %s)", name, page->label));
	return true;
}

/* "'a' (p. 3), 'b' (p. 4)" */
static char *placed_list(GPtrArray *a)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < a->len; i++)
		g_string_append_printf(s, "%s%s", i ? ", " : "", (const char *)a->pdata[i]);
	return g_string_free(s, FALSE);
}

bool cp_compose_house_page(cp_compose *c)
{
	if (c->house_next >= c->m->n_house_ads)
		return false;
	cp_dl_page *page = cp_compose_page_add(c, CP_PAGE_ADS, ADS_HEAD);
	size_t p = cp_compose_page_count(c) - 1;
	ad_frame f = {cp_compose_area_x(c, p), c->g.area_top, c->g.area_w, c->g.area_h};
	return place_house(c, page, f, true);
}

void cp_compose_house_report(cp_compose *c)
{
	if (c->quiet)
		return;
	if (c->house_padded != NULL && c->house_padded->len > 0) {
		g_autofree char *list = placed_list(c->house_padded);
		cp_diag_add(c->d, CP_DIAG_HOUSE_ADS, c->m->span,
		            "add or remove content to make the pages a multiple of 4 without them",
		            "the pages came to no multiple of 4: %u page%s filled with house ads "
		            "instead of left blank: %s",
		            c->house_padded->len, c->house_padded->len == 1 ? "" : "s", list);
	}
	if (c->house_placed != NULL && c->house_placed->len > 0) {
		g_autofree char *list = placed_list(c->house_placed);
		cp_diag_add(c->d, CP_DIAG_HOUSE_ADS_SLOTS, c->m->span, NULL,
		            "placed %u house ad%s in ad space that would be empty: %s",
		            c->house_placed->len, c->house_placed->len == 1 ? "" : "s", list);
	}
}

/* --- the index ------------------------------------------------------------------------ */

typedef struct index_entry {
	const char *company;
	const char *kana;
	GString *pages;
} index_entry;

static gint compare_entries(gconstpointer a, gconstpointer b)
{
	const index_entry *x = a, *y = b;
	int r = strcmp(x->kana ? x->kana : "", y->kana ? y->kana : "");
	return r != 0 ? r : strcmp(x->company, y->company);
}

/* The advertisers in reading order, each with the pages of its ads. */
static GArray *index_entries(cp_compose *c, const cp_ad *ads, const size_t *pages, size_t n)
{
	GArray *e = g_array_new(FALSE, TRUE, sizeof(index_entry));
	for (size_t i = 0; i < n; i++) {
		if (pages[i] == SIZE_MAX || ads[i].company.s == NULL)
			continue;
		const char *label = cp_compose_page(c, pages[i])->label;
		size_t k = 0;
		while (k < e->len &&
		       strcmp(g_array_index(e, index_entry, k).company, ads[i].company.s) != 0)
			k++;
		if (k == e->len) {
			index_entry ne = {ads[i].company.s, ads[i].company_kana.s,
			                  g_string_new(NULL)};
			g_array_append_val(e, ne);
		}
		index_entry *en = &g_array_index(e, index_entry, k);
		/* a page once, however many ads an advertiser has there */
		g_autofree char *needle = g_strdup_printf("、%s、", label);
		g_autofree char *hay = g_strdup_printf("、%s、", en->pages->str);
		if (strstr(hay, needle) == NULL)
			g_string_append_printf(en->pages, "%s%s", en->pages->len ? "、" : "",
			                       label);
	}
	g_array_sort(e, compare_entries);
	return e;
}

static void free_entries(GArray *e)
{
	for (guint i = 0; i < e->len; i++)
		g_string_free(g_array_index(e, index_entry, i).pages, TRUE);
	g_array_unref(e);
}

/* Rows of the grid the index needs in a frame w cells wide. */
static int index_rows(const cp_compose *c, size_t entries, int w)
{
	const cp_ts_style *ts = &c->styles[CP_STYLE_SUBHEADING];
	const cp_ts_style *es = &c->styles[CP_STYLE_CARD_CONTACT];
	int per_col = w >= 2 ? 2 : 1;
	size_t lines = (entries + per_col - 1) / per_col;
	double h = ts->size + 4 * MM + lines * es->pitch * 1.5 + 2 * MM;
	double gap = cp_unit_to_pt(c->layout->ad_gap.len, c->g.size);
	return (int)ceil((h + gap) / (cell_h(c) + gap));
}

static void draw_index(cp_compose *c, cp_dl_page *page, ad_frame f, GArray *entries, int w_cells)
{
	const cp_layout *L = c->layout;
	cp_ts_style ts = c->styles[CP_STYLE_SUBHEADING];
	ts.color = L->accent;
	g_autoptr(cp_ts_para) tp = cp_compose_set_text(c, &ts, INDEX_TITLE, CP_SPAN_NONE, f.w);
	double y = f.y + emit_at(c, page, &ts, tp, f.x, f.y) + 1.5 * MM;
	cp_compose_rule(page, f.x, y, f.x + f.w, y, 0.8, L->accent);
	cp_compose_outline(c, page, 2, INDEX_TITLE, f.y);
	y += 2.5 * MM;
	cp_ts_style es = c->styles[CP_STYLE_CARD_CONTACT];
	es.phrase = false;
	es.align = CP_TS_START;
	cp_ts_style ps = es;
	ps.align = CP_TS_END;
	int cols = w_cells >= 2 ? 2 : 1;
	double gap = 6 * MM;
	double cw = (f.w - (cols - 1) * gap) / cols;
	size_t per_col = (entries->len + cols - 1) / cols;
	double step = es.pitch * 1.5;
	for (guint i = 0; i < entries->len; i++) {
		const index_entry *en = &g_array_index(entries, index_entry, i);
		int col = per_col ? (int)(i / per_col) : 0;
		double ex = f.x + col * (cw + gap);
		double ey = y + (i % MAX(per_col, 1)) * step;
		double pw = cp_ts_text_width(c->ts, &ps, en->pages->str, c->d) + 1;
		g_autofree char *name = cp_compose_ellipsize(c, &es, en->company, cw - pw - 4 * MM);
		const char *shown = cp_compose_text_width(c, &es, en->company) <= cw - pw - 4 * MM
		                        ? en->company
		                        : name;
		g_autoptr(cp_ts_para) np = cp_compose_set_text(c, &es, shown, CP_SPAN_NONE, cw);
		g_autoptr(cp_ts_para) pp =
		    cp_compose_set_text(c, &ps, en->pages->str, CP_SPAN_NONE, cw);
		emit_at(c, page, &es, np, ex, ey);
		emit_at(c, page, &ps, pp, ex, ey);
		/* a dotted leader from the name to the page */
		double nw = np->n_lines ? np->lines[0].width : 0;
		double base = ey + cp_compose_em_base(c, &es) - es.size * 0.35;
		for (double dx = ex + nw + 2 * MM; dx < ex + cw - pw - 2 * MM; dx += 1.6 * MM)
			cp_compose_rule(page, dx, base, dx + 0.35, base, 0.35, cp_color_gray(0.55));
	}
}

/* --- the section ------------------------------------------------------------------------- */

void cp_compose_ads(cp_compose *c, const cp_part *part)
{
	const cp_layout *L = c->layout;
	const cp_ad *ads = c->m->ads + part->index;
	size_t n = part->count;
	if (n == 0 || !grid_ok(c, part->span))
		return;
	int cols = L->ad_columns, rows = L->ad_rows, cells = cols * rows;

	/* the ads each size has a frame for, in the loader's order */
	cp_adgrid_item *items = g_new0(cp_adgrid_item, n);
	size_t *which = g_new0(size_t, n);
	size_t *page_of = g_new0(size_t, n);
	cp_adgrid_shape(*shapes)[CP_AD_MAX_SHAPES] =
	    g_malloc0_n(n, sizeof(cp_adgrid_shape) * CP_AD_MAX_SHAPES);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		page_of[i] = SIZE_MAX;
		const cp_ad *ad = &ads[i];
		if (L->ad_n_shapes[ad->size] == 0) {
			if (!c->quiet)
				cp_diag_add(
				    c->d, CP_DIAG_AD_NO_SLOT, ad->size_span,
				    "choose a size the layout offers, or add a frame for it under "
				    "ads: sizes: in the layout",
				    "the layout's ad grid has no frame for size %s: this ad fits "
				    "no slot",
				    cp_model_ad_size_names[ad->size]);
			continue;
		}
		/* artwork goes in the frames of its aspect when the size has one */
		const cp_model_image *art = cp_model_image_get(c->m, ad->artwork);
		const cp_model_artwork *pdf = cp_model_artwork_get(c->m, ad->artwork_pdf);
		double art_aspect = art != NULL && art->px_h > 0 ? (double)art->px_w / art->px_h
		                    : pdf != NULL && pdf->read && pdf->height > 0
		                        ? pdf->width / pdf->height
		                        : 0;
		int count = 0;
		for (int pass = 0; pass < 2 && count == 0; pass++)
			for (int k = 0; k < L->ad_n_shapes[ad->size]; k++) {
				cp_ad_shape sh = L->ad_shapes[ad->size][k];
				ad_frame f = cells_frame(c, 0, 0, 0, sh.w, sh.h);
				if (pass == 0 && (!(art_aspect > 0) ||
				                  fabs(art_aspect / (f.w / f.h) - 1) > 0.02))
					continue;
				shapes[m][count++] = (cp_adgrid_shape){sh.w, sh.h};
			}
		items[m] = (cp_adgrid_item){shapes[m], count};
		which[m++] = i;
	}
	cp_adgrid_place *place = g_new0(cp_adgrid_place, m + 1);
	bool proven = true;
	int pages = cp_adgrid_pack(cols, rows, items, m, place, &proven);

	/* the pages, and each ad on its own */
	size_t first = cp_compose_page_count(c);
	bool *used = g_new0(bool, (size_t)(pages + 1) * cells);
	for (int p = 0; p < pages && !c->too_many_pages; p++)
		cp_compose_page_add(c, CP_PAGE_ADS, ADS_HEAD);
	if (cp_compose_page_count(c) > first)
		cp_compose_outline(c, cp_compose_page(c, first), 1, ADS_HEAD, c->g.area_top);
	pages = (int)MIN((size_t)pages, cp_compose_page_count(c) - first);
	for (size_t j = 0; j < m; j++) {
		const cp_adgrid_place *pl = &place[j];
		if (pl->page >= pages)
			continue;
		size_t p = first + (size_t)pl->page;
		const cp_ad *ad = &ads[which[j]];
		ad_frame f = cells_frame(c, p, pl->col, pl->row, pl->w, pl->h);
		draw_ad(c, cp_compose_page(c, p), ad, f, cp_model_ad_size_names[ad->size]);
		page_of[which[j]] = p;
		for (int r = pl->row; r < pl->row + pl->h; r++)
			for (int q = pl->col; q < pl->col + pl->w; q++)
				used[(size_t)pl->page * cells + r * cols + q] = true;
	}

	/* the index: at the foot of the last page when it fits there, else on a
	 * page of its own after the ads */
	if (L->ad_index && pages > 0 && !c->too_many_pages) {
		GArray *entries = index_entries(c, ads, page_of, n);
		bool placed = false;
		for (int w = cols; w >= 1 && !placed; w--) {
			int h = index_rows(c, entries->len, w);
			if (h > rows || (w < cols && cell_w(c) * w < 60 * MM))
				continue;
			bool *last = used + (size_t)(pages - 1) * cells;
			for (int row = rows - h; row >= 0 && !placed; row--)
				for (int col = cols - w; col >= 0 && !placed; col--) {
					bool free_here = true;
					for (int r = row; r < row + h && free_here; r++)
						for (int q = col; q < col + w && free_here; q++)
							free_here = !last[r * cols + q];
					if (!free_here)
						continue;
					size_t p = first + (size_t)pages - 1;
					draw_index(c, cp_compose_page(c, p),
					           cells_frame(c, p, col, row, w, h), entries, w);
					c->index_page[part - c->m->parts] = p + 1;
					for (int r = row; r < row + h; r++)
						for (int q = col; q < col + w; q++)
							last[r * cols + q] = true;
					placed = true;
				}
		}
		if (!placed && !c->too_many_pages) {
			cp_compose_page_add(c, CP_PAGE_ADS, ADS_HEAD);
			size_t p = first + (size_t)pages;
			int h = MIN(index_rows(c, entries->len, cols), rows);
			draw_index(c, cp_compose_page(c, p), cells_frame(c, p, 0, 0, cols, h),
			           entries, cols);
			c->index_page[part - c->m->parts] = p + 1;
			for (int r = 0; r < h; r++)
				for (int q = 0; q < cols; q++)
					used[(size_t)pages * cells + r * cols + q] = true;
			pages++;
		}
		free_entries(entries);
	}

	/* what is left: house ads, in order, else said */
	int min_area = cells;
	for (int sz = 0; sz < CP_AD_SIZE_COUNT; sz++)
		for (int k = 0; k < L->ad_n_shapes[sz]; k++)
			min_area = MIN(min_area, L->ad_shapes[sz][k].w * L->ad_shapes[sz][k].h);
	for (int pg = 0; pg < pages; pg++) {
		size_t p = first + (size_t)pg;
		cp_adgrid_place rects[CP_ADGRID_MAX * CP_ADGRID_MAX];
		int nr = cp_adgrid_free(cols, rows, used + (size_t)pg * cells, rects,
		                        (int)G_N_ELEMENTS(rects));
		for (int k = 0; k < nr; k++) {
			const cp_adgrid_place *r = &rects[k];
			ad_frame f = cells_frame(c, p, r->col, r->row, r->w, r->h);
			/* a strip smaller than the smallest frame is no slot */
			if (r->w * r->h < min_area)
				continue;
			if (place_house(c, cp_compose_page(c, p), f, false) || c->quiet)
				continue;
			/* how many 1/8 ads the space could still take */
			int eighths = 0;
			for (int s = 0; s < L->ad_n_shapes[CP_AD_EIGHTH]; s++) {
				cp_ad_shape e = L->ad_shapes[CP_AD_EIGHTH][s];
				eighths = MAX(eighths, (r->w / e.w) * (r->h / e.h));
			}
			g_autofree char *frac = fraction(r->w * r->h, cells);
			if (eighths > 0)
				cp_diag_add(
				    c->d, CP_DIAG_AD_EMPTY_SLOT, part->span,
				    "add an ad or a house ad (house_ads: in the issue) to fill it",
				    "page %s has an empty ad space of %dx%d cells (%s page, %.0f x "
				    "%.0f mm): room for %d more 1/8 ad%s",
				    cp_compose_page(c, p)->label, r->w, r->h, frac, f.w / MM,
				    f.h / MM, eighths, eighths == 1 ? "" : "s");
			else
				/* a space no 1/8 frame fits (2x2 cells beside 1x3
				 * frames): no ad can be sold into it, a house ad can */
				cp_diag_add(
				    c->d, CP_DIAG_AD_EMPTY_SLOT, part->span,
				    "a house ad (house_ads: in the issue) fills a space of any "
				    "size",
				    "page %s has an empty ad space of %dx%d cells (%s page, %.0f "
				    "x %.0f mm) that no 1/8 ad frame fits",
				    cp_compose_page(c, p)->label, r->w, r->h, frac, f.w / MM,
				    f.h / MM);
		}
	}
	g_free(used);
	g_free(place);
	g_free(items);
	g_free(shapes);
	g_free(which);
	g_free(page_of);
}
