/* typesetter.c - the typesetting engine: a private fontconfig configuration,
 * a Pango font map and one PangoContext with the print settings measured in
 * docs/pango-notes.md (sections 0 and 6), plus the font questions every
 * paragraph asks: does a family exist, which family did Pango really use,
 * where does the ideographic em box sit. Diagnostics about fonts are given
 * once per typesetter, however often compose sets the same paragraph.
 *
 * It knows nothing of pages, the layout file or drawing: PangoCairo is linked
 * only for its FreeType font map and font options (the fonts it makes are the
 * ones render draws with, so metrics and outlines agree); no surface or
 * cairo_t is ever created here. */
#include "typeset/typeset.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <hb-ot.h>
#include <hb.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <pango/pangofc-fontmap.h>

#include "typeset/typeset_int.h"

/* Where the em box top sits above the baseline when a font has no BASE
 * table: 0.88 em, the value of Noto CJK and of most Japanese fonts whose
 * em box runs from -0.12 to 0.88 em. */
#define CP_TS_EM_BASELINE_DEFAULT 0.88

static void family_info_free(gpointer p)
{
	cp_ts_family_info *fi = p;

	g_free(fi->canonical);
	g_free(fi);
}

/* The print context of docs/pango-notes.md section 0: 72 dpi so 1 Pango unit
 * is 1/1024 pt, no hinting of metrics or outlines, no rounding of glyph
 * positions to whole units, Japanese as the language for itemization. */
static PangoContext *print_context_new(PangoFontMap *fm)
{
	PangoContext *ctx = pango_font_map_create_context(fm);
	cairo_font_options_t *fo = cairo_font_options_create();

	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(ctx, 72.0);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	pango_context_set_language(ctx, pango_language_from_string("ja"));
	pango_context_set_base_dir(ctx, PANGO_DIRECTION_LTR);
	return ctx;
}

static cp_typesetter *ts_make(FcConfig *cfg);

cp_typesetter *cp_ts_new(const char *fonts_conf, cp_diags *d)
{
	g_return_val_if_fail(fonts_conf != NULL, NULL);

	/* A configuration of our own: FcConfigCreate reads neither the system's
	 * nor the user's files, and FONTCONFIG_FILE is never consulted because
	 * we parse the file we were given (docs/pango-notes.md section 6). */
	FcConfig *cfg = FcConfigCreate();
	if (!g_file_test(fonts_conf, G_FILE_TEST_IS_REGULAR) ||
	    !FcConfigParseAndLoad(cfg, (const FcChar8 *)fonts_conf, FcTrue)) {
		cp_diag_add(d, CP_DIAG_IO, CP_SPAN_NONE,
		            "canpress needs its fonts/fonts.conf to choose fonts",
		            "cannot load the font configuration '%s'", fonts_conf);
		FcConfigDestroy(cfg);
		return NULL;
	}
	if (!FcConfigBuildFonts(cfg)) {
		cp_diag_add(d, CP_DIAG_IO, CP_SPAN_NONE, NULL, "cannot build the font list of '%s'",
		            fonts_conf);
		FcConfigDestroy(cfg);
		return NULL;
	}

	return ts_make(cfg);
}

cp_typesetter *cp_ts_new_sibling(cp_typesetter *ts)
{
	g_return_val_if_fail(ts != NULL, NULL);
	/* fontconfig's queries are thread-safe: the configuration is shared,
	 * everything Pango holds (the font map, its fonts and their HarfBuzz
	 * faces) is the sibling's own */
	return ts_make(FcConfigReference(ts->config));
}

/* A typesetter on cfg (its reference taken). */
static cp_typesetter *ts_make(FcConfig *cfg)
{
	cp_typesetter *ts = g_new0(cp_typesetter, 1);
	ts->config = cfg;
	ts->fontmap = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(ts->fontmap), cfg);
	ts->context = print_context_new(ts->fontmap);
	ts->families = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, family_info_free);
	ts->font_families = g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref,
	                                          (GDestroyNotify)g_strfreev);
	ts->baselines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	ts->reported = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	ts->halves = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	ts->metrics = g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref, g_free);
	ts->memo = cp_ts_memo_new();
	ts->shapes = cp_ts_shapes_new();
	ts->scratch = cp_ts_scratch_new();
	return ts;
}

void cp_ts_free(cp_typesetter *ts)
{
	if (!ts)
		return;
	cp_ts_memo_free(ts->memo);
	cp_ts_memo_free(ts->memo_other);
	cp_ts_shapes_free(ts->shapes);
	cp_ts_scratch_free(ts->scratch);
	cp_ts_shaper_free(ts->shaper);
	cp_ts_phrase_fini(ts);
	g_hash_table_destroy(ts->reported);
	g_hash_table_destroy(ts->halves);
	g_hash_table_destroy(ts->metrics);
	g_hash_table_destroy(ts->baselines);
	g_hash_table_destroy(ts->font_families);
	g_hash_table_destroy(ts->families);
	g_strfreev(ts->all_families);
	g_object_unref(ts->context);
	/* Pango's fontset cache keeps fonts that ref the font map (a cycle):
	 * clear it so the map and the FcConfig are really freed. Fonts held by
	 * paragraph results or a display list stay valid. */
	pango_fc_font_map_cache_clear(PANGO_FC_FONT_MAP(ts->fontmap));
	g_object_unref(ts->fontmap);
	FcConfigDestroy(ts->config);
	g_free(ts);
}

void cp_ts_trim(cp_typesetter *ts)
{
	g_return_if_fail(ts != NULL);
	cp_ts_memo_free(ts->memo);
	g_clear_pointer(&ts->memo_other, cp_ts_memo_free);
	cp_ts_shapes_free(ts->shapes);
	cp_ts_scratch_free(ts->scratch);
	ts->memo = cp_ts_memo_new();
	ts->shapes = cp_ts_shapes_new();
	ts->scratch = cp_ts_scratch_new();
}

/* Recording (cp_ts_record): the diagnostic just added to d is given once
 * under key, which the record takes. */
static void record(cp_typesetter *ts, cp_diags *d, char *key)
{
	cp_ts_rec r = {cp_diags_len(d) - 1, key};
	g_array_append_val(ts->rec, r);
}

void cp_ts_diag_once(cp_typesetter *ts, cp_diags *d, cp_diag_code code, cp_span span,
                     const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(g_dgettext(GETTEXT_PACKAGE, fmt), ap); /* po/ja.po */
	va_end(ap);

	/* The key is the diagnostic's identity as the user sees it. */
	char *key = g_strdup_printf("%d|%u:%u:%u-%u:%u|%s", (int)code, span.file, span.line,
	                            span.col, span.end_line, span.end_col, msg);
	if (ts->rec != NULL) {
		cp_diag_add(d, code, span, hint, "%s", msg);
		record(ts, d, key);
	} else if (g_hash_table_add(ts->reported, key)) {
		cp_diag_add(d, code, span, hint, "%s", msg);
	}
	g_free(msg);
}

cp_ts_para *cp_ts_para_ref(cp_ts_para *p)
{
	g_return_val_if_fail(p != NULL, NULL);
	g_atomic_int_inc(&p->refs);
	return p;
}

void cp_ts_record(cp_typesetter *ts, GArray *rec)
{
	g_return_if_fail(ts != NULL);
	g_assert(rec == NULL || g_array_get_element_size(rec) == sizeof(cp_ts_rec));
	ts->rec = rec;
}

void cp_ts_memo_swap(cp_typesetter *ts)
{
	g_return_if_fail(ts != NULL);
	if (ts->memo_other == NULL)
		ts->memo_other = cp_ts_memo_new();
	cp_ts_memo *m = ts->memo;
	ts->memo = ts->memo_other;
	ts->memo_other = m;
}

bool cp_ts_diag_claim(cp_typesetter *ts, const char *key)
{
	g_return_val_if_fail(ts != NULL && key != NULL, false);
	if (g_hash_table_contains(ts->reported, key))
		return false;
	g_hash_table_add(ts->reported, g_strdup(key));
	return true;
}

PangoFontDescription *cp_ts_font_desc(const char *family, int weight, double size)
{
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, family);
	pango_font_description_set_weight(fd, (PangoWeight)(weight > 0 ? weight : 400));
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	return fd;
}

/* Every family name in the configuration, sorted, for "did you mean". */
static const char *const *all_families(cp_typesetter *ts)
{
	if (ts->all_families)
		return (const char *const *)ts->all_families;

	FcPattern *pat = FcPatternCreate();
	FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
	FcFontSet *fs = FcFontList(ts->config, pat, os);
	GPtrArray *names = g_ptr_array_new();

	for (int i = 0; fs && i < fs->nfont; i++) {
		FcChar8 *fam = NULL;
		if (FcPatternGetString(fs->fonts[i], FC_FAMILY, 0, &fam) == FcResultMatch)
			g_ptr_array_add(names, g_strdup((const char *)fam));
	}
	g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
	g_ptr_array_add(names, NULL);
	ts->all_families = (char **)g_ptr_array_free(names, FALSE);
	if (fs)
		FcFontSetDestroy(fs);
	FcObjectSetDestroy(os);
	FcPatternDestroy(pat);
	return (const char *const *)ts->all_families;
}

/* Generic names that fontconfig resolves through the <alias> rules of
 * fonts.conf rather than through a font's own family name. */
static bool is_generic_family(const char *family)
{
	static const char *const generic[] = {"serif", "sans-serif", "sans", "monospace"};

	for (size_t i = 0; i < G_N_ELEMENTS(generic); i++)
		if (g_ascii_strcasecmp(family, generic[i]) == 0)
			return true;
	return false;
}

/* The family fontconfig really gives for a name (for generic names). */
static char *resolved_family(cp_typesetter *ts, const char *family)
{
	PangoFontDescription *fd = cp_ts_font_desc(family, 400, 10.0);
	PangoFont *font = pango_font_map_load_font(ts->fontmap, ts->context, fd);
	char *name = NULL;

	pango_font_description_free(fd);
	if (font) {
		const char *const *fams = cp_ts_font_families(ts, font);
		name = g_strdup(fams[0] ? fams[0] : family);
		g_object_unref(font);
	}
	return name ? name : g_strdup(family);
}

static cp_ts_family_info *family_lookup(cp_typesetter *ts, const char *family)
{
	cp_ts_family_info *fi = g_hash_table_lookup(ts->families, family);
	if (fi)
		return fi;

	/* A family exists when FcFontList finds a font whose own family name
	 * matches (fontconfig ignores case and blanks); a generic name exists
	 * when its alias leads to a font. */
	fi = g_new0(cp_ts_family_info, 1);
	FcPattern *pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
	FcFontSet *fs = FcFontList(ts->config, pat, os);

	if (fs && fs->nfont > 0) {
		fi->exists = true;
		fi->canonical = g_strdup(family);
	} else if (is_generic_family(family)) {
		fi->exists = true;
		fi->canonical = resolved_family(ts, family);
	} else {
		fi->exists = false;
		fi->canonical = g_strdup(family);
	}
	if (fs)
		FcFontSetDestroy(fs);
	FcObjectSetDestroy(os);
	FcPatternDestroy(pat);
	g_hash_table_insert(ts->families, g_strdup(family), fi);
	return fi;
}

bool cp_ts_has_family(cp_typesetter *ts, const char *family)
{
	g_return_val_if_fail(ts != NULL, false);
	if (!family || !*family)
		return false;
	return family_lookup(ts, family)->exists;
}

bool cp_ts_check_family(cp_typesetter *ts, const char *family, cp_span span, cp_diags *d)
{
	g_return_val_if_fail(ts != NULL, false);
	return family != NULL && *family != '\0' && cp_ts_family_get(ts, family, span, d)->exists;
}

const cp_ts_family_info *cp_ts_family_get(cp_typesetter *ts, const char *family, cp_span span,
                                          cp_diags *d)
{
	cp_ts_family_info *fi = family_lookup(ts, family);
	if (fi->exists)
		return fi;

	/* One error per family per typesetter: the key leaves the span out. */
	char *key = g_strdup_printf("font-missing|%s", family);
	bool give = ts->rec != NULL || g_hash_table_add(ts->reported, key);
	if (give) {
		const char *near = cp_diag_nearest(family, all_families(ts));
		char *hint = near
		                 ? cp_diag_hint_nearest(near)
		                 : g_strdup(g_dgettext(GETTEXT_PACKAGE,
		                                       "name a family listed by fonts/fonts.conf"));
		cp_diag_add(d, CP_DIAG_FONT_MISSING, span, hint,
		            "font family '%s' is not in canpress's font configuration", family);
		g_free(hint);
		if (ts->rec != NULL)
			record(ts, d, key);
	}
	return fi;
}

const char *const *cp_ts_font_families(cp_typesetter *ts, PangoFont *font)
{
	char **fams = g_hash_table_lookup(ts->font_families, font);
	if (fams)
		return (const char *const *)fams;

	/* FC_FAMILY may hold several names (English and localised); keep all.
	 * The table holds a ref so the pointer key cannot be reused by another
	 * font while we live. */
	GPtrArray *names = g_ptr_array_new();
	if (PANGO_IS_FC_FONT(font)) {
		FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
		FcChar8 *fam = NULL;
		for (int i = 0; FcPatternGetString(pat, FC_FAMILY, i, &fam) == FcResultMatch; i++)
			g_ptr_array_add(names, g_strdup((const char *)fam));
	}
	g_ptr_array_add(names, NULL);
	fams = (char **)g_ptr_array_free(names, FALSE);
	g_hash_table_insert(ts->font_families, g_object_ref(font), fams);
	return (const char *const *)fams;
}

/* Family names compare as fontconfig compares them: ASCII case and blanks
 * do not count ("Noto Serif CJK JP" = "notoserifcjkjp"). */
static bool family_equal(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (g_ascii_tolower(*a) != g_ascii_tolower(*b))
			return false;
		if (!*a)
			return true;
		a++;
		b++;
	}
}

bool cp_ts_font_is_family(cp_typesetter *ts, PangoFont *font, const char *family)
{
	const char *const *fams = cp_ts_font_families(ts, font);

	for (size_t i = 0; fams[i]; i++)
		if (family_equal(fams[i], family))
			return true;
	return false;
}

double cp_ts_em_baseline(cp_typesetter *ts, const cp_ts_style *style)
{
	g_return_val_if_fail(ts != NULL && style != NULL, CP_TS_EM_BASELINE_DEFAULT);
	const char *family = style->family ? style->family : "serif";
	char *key = g_strdup_printf("%s|%d", family, style->weight);
	double *cached = g_hash_table_lookup(ts->baselines, key);
	if (cached) {
		g_free(key);
		return *cached;
	}

	/* The BASE table's ideographic em box edges: idtp above and ideo below
	 * the baseline, in the hb_font's scale, where one em is the y scale.
	 * Noto CJK gives only ideo (-0.12 em); the top is then one em above
	 * it. Without either, the common 0.88 em. The font is loaded at 100 pt
	 * so the scale's whole units do not round the ratio. */
	double frac = CP_TS_EM_BASELINE_DEFAULT;
	PangoFontDescription *fd = cp_ts_font_desc(family, style->weight, 100.0);
	PangoFont *font = pango_font_map_load_font(ts->fontmap, ts->context, fd);
	pango_font_description_free(fd);
	hb_font_t *hb = font ? pango_font_get_hb_font(font) : NULL;
	if (hb) {
		const hb_tag_t script = HB_TAG('h', 'a', 'n', 'i');
		hb_position_t top = 0;
		hb_position_t bottom = 0;
		int xs = 0;
		int em = 0;
		hb_font_get_scale(hb, &xs, &em);
		bool has_top = hb_ot_layout_get_baseline(
		    hb, HB_OT_LAYOUT_BASELINE_TAG_IDEO_EMBOX_TOP_OR_RIGHT, HB_DIRECTION_LTR, script,
		    HB_OT_TAG_DEFAULT_LANGUAGE, &top);
		bool has_bottom = hb_ot_layout_get_baseline(
		    hb, HB_OT_LAYOUT_BASELINE_TAG_IDEO_EMBOX_BOTTOM_OR_LEFT, HB_DIRECTION_LTR,
		    script, HB_OT_TAG_DEFAULT_LANGUAGE, &bottom);
		if (has_top && !has_bottom)
			bottom = top - em;
		else if (has_bottom && !has_top)
			top = bottom + em;
		if ((has_top || has_bottom) && top > bottom)
			frac = (double)top / (double)(top - bottom);
	}
	if (font)
		g_object_unref(font);
	double *val = g_new(double, 1);
	*val = frac;
	g_hash_table_insert(ts->baselines, key, val);
	return frac;
}

/* Advance and x offset of ch alone in hb, with or without the halt
 * feature; false when the font maps ch to no glyph. */
static bool shape_one(hb_font_t *hb, gunichar ch, bool halt, double *advance, double *offset)
{
	hb_buffer_t *buf = hb_buffer_create();
	hb_feature_t feats[2];
	unsigned n_feats = 0;
	bool ok = false;

	hb_buffer_add_utf32(buf, &ch, 1, 0, 1);
	hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
	hb_buffer_set_script(buf, HB_SCRIPT_HAN);
	hb_buffer_set_language(buf, hb_language_from_string("ja", -1));
	/* kerning off as in every paragraph; halt on when asked */
	feats[n_feats++] = (hb_feature_t){HB_TAG('k', 'e', 'r', 'n'), 0, 0, (unsigned)-1};
	if (halt)
		feats[n_feats++] = (hb_feature_t){HB_TAG('h', 'a', 'l', 't'), 1, 0, (unsigned)-1};
	hb_shape(hb, buf, feats, n_feats);
	unsigned n = 0;
	hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
	hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
	if (n == 1 && info[0].codepoint != 0) {
		*advance = pos[0].x_advance;
		*offset = pos[0].x_offset;
		ok = true;
	}
	hb_buffer_destroy(buf);
	return ok;
}

const cp_ts_half *cp_ts_half_get(cp_typesetter *ts, PangoFont *font, gunichar ch)
{
	char key[64];
	g_snprintf(key, sizeof key, "%p|%x", (void *)font, (unsigned)ch);
	cp_ts_half *h = g_hash_table_lookup(ts->halves, key);
	if (h)
		return h;

	/* JLReq 3.1.2: brackets and punctuation are set as half-width marks
	 * with the other half as space. The font says where its ink half is:
	 * shape the mark alone with and without halt and keep the ratios of
	 * the advance and of the origin's shift to the full-width advance. The
	 * font keeps a ref through the font-family cache, so the pointer key
	 * cannot be reused while the typesetter lives. */
	h = g_new0(cp_ts_half, 1);
	hb_font_t *hb = font ? pango_font_get_hb_font(font) : NULL;
	double full = 0.0;
	double full_off = 0.0;
	double half = 0.0;
	double half_off = 0.0;
	if (hb && shape_one(hb, ch, false, &full, &full_off) &&
	    shape_one(hb, ch, true, &half, &half_off) && full > 0.0 && half < full * 0.9) {
		h->ok = true;
		h->advance = half / full;
		h->offset = (half_off - full_off) / full;
	}
	if (font)
		(void)cp_ts_font_families(ts, font);
	g_hash_table_insert(ts->halves, g_strdup(key), h);
	return h;
}

void cp_ts_font_extents(cp_typesetter *ts, PangoFont *font, double *ascent, double *descent)
{
	double *m = g_hash_table_lookup(ts->metrics, font);
	if (!m) {
		/* The font's own ascent and descent (compose uses them for link
		 * boxes), as pango_font_get_metrics gives them for a PangoFc
		 * font (docs/pango-notes.md section 7): HarfBuzz's horizontal
		 * extents, scaled by the pattern's matrix when it has one.
		 * Asked of HarfBuzz directly: Pango's call also made a Cairo
		 * scaled font (a FreeType face) and laid out a sample text for
		 * average widths nobody reads. */
		hb_font_extents_t ext = {0};
		hb_font_t *hb = pango_font_get_hb_font(font);
		if (hb)
			hb_font_get_extents_for_direction(hb, HB_DIRECTION_LTR, &ext);
		double yy = 1.0;
		FcMatrix *mat = NULL;
		if (PANGO_IS_FC_FONT(font) &&
		    FcPatternGetMatrix(pango_fc_font_get_pattern(PANGO_FC_FONT(font)), FC_MATRIX, 0,
		                       &mat) == FcResultMatch &&
		    (mat->xx != 1 || mat->xy != 0 || mat->yx != 0 || mat->yy != 1))
			yy = mat->yy;
		/* Pango stores the metrics as ints (Pango units) */
		int asc = (int)(ext.ascender * yy);
		int desc = (int)(-ext.descender * yy);
		m = g_new(double, 2);
		m[0] = (double)asc / PANGO_SCALE;
		m[1] = (double)desc / PANGO_SCALE;
		g_hash_table_insert(ts->metrics, g_object_ref(font), m);
	}
	*ascent = m[0];
	*descent = m[1];
}

/* Characters a fallback warning names: visible ones only (white space,
 * controls and zero-width format characters are set in whatever font
 * Pango picks and are no concern of the reader). */
static bool is_reportable(gunichar ch)
{
	GUnicodeType t = g_unichar_type(ch);

	return !g_unichar_isspace(ch) && t != G_UNICODE_CONTROL && t != G_UNICODE_FORMAT &&
	       !g_unichar_iszerowidth(ch);
}

/* Emoji, pictographs and other symbols (Unicode categories So and Sm):
 * set in a symbol font because no text font draws them, which is what
 * fonts/fonts.conf provides Symbola for; that is news (a note), not a
 * fault. A letter or punctuation mark in another design is a warning. */
static bool is_symbol(gunichar ch)
{
	GUnicodeType t = g_unichar_type(ch);

	return t == G_UNICODE_OTHER_SYMBOL || t == G_UNICODE_MATH_SYMBOL;
}

/* The characters of one (source run, fallback family, symbols or not)
 * triple, in order of first appearance, without repeats. */
typedef struct fallback_acc {
	uint32_t src;
	bool symbols;
	const char *family; /* owned by the font family cache */
	GString *chars;
	unsigned n_chars;
} fallback_acc;

#define FALLBACK_MAX_CHARS 12

static void fallback_add(GPtrArray *accs, uint32_t src, const char *family, gunichar ch)
{
	fallback_acc *acc = NULL;
	bool symbols = is_symbol(ch);

	for (guint i = 0; i < accs->len; i++) {
		fallback_acc *a = accs->pdata[i];
		if (a->src == src && a->symbols == symbols && strcmp(a->family, family) == 0) {
			acc = a;
			break;
		}
	}
	if (!acc) {
		acc = g_new0(fallback_acc, 1);
		acc->src = src;
		acc->symbols = symbols;
		acc->family = family;
		acc->chars = g_string_new(NULL);
		g_ptr_array_add(accs, acc);
	}
	char utf8[8];
	int n = g_unichar_to_utf8(ch, utf8);
	utf8[n] = '\0';
	if (strstr(acc->chars->str, utf8))
		return;
	if (acc->n_chars < FALLBACK_MAX_CHARS)
		g_string_append(acc->chars, utf8);
	else if (acc->n_chars == FALLBACK_MAX_CHARS)
		g_string_append(acc->chars, "\xe2\x80\xa6"); /* … */
	acc->n_chars++;
}

static void fallback_acc_free(gpointer p)
{
	fallback_acc *acc = p;

	g_string_free(acc->chars, TRUE);
	g_free(acc);
}

/* MISSING_GLYPH for one unknown glyph: Pango puts the character itself in
 * the glyph id when no font of the configuration has it. */
static void report_missing(cp_typesetter *ts, cp_diags *d, const cp_ts_src_run *src,
                           PangoGlyph glyph)
{
	gunichar ch = glyph & ~PANGO_GLYPH_UNKNOWN_FLAG;
	const char *hint = "use another character or add a font that has it to fonts/fonts.conf";

	if (g_unichar_isprint(ch) && g_unichar_validate(ch)) {
		char utf8[8];
		int n = g_unichar_to_utf8(ch, utf8);
		utf8[n] = '\0';
		cp_ts_diag_once(ts, d, CP_DIAG_MISSING_GLYPH, src->span, hint,
		                "no font has U+%04X '%s'", (unsigned)ch, utf8);
	} else {
		cp_ts_diag_once(ts, d, CP_DIAG_MISSING_GLYPH, src->span, hint, "no font has U+%04X",
		                (unsigned)ch);
	}
}

/* Checks one glyph item (see cp_ts_check_fonts). */
static void check_item(cp_typesetter *ts, const PangoGlyphItem *gi, const char *text,
                       const GArray *srcs, GPtrArray *accs, bool *missing, cp_diags *d)
{
	const PangoItem *item = gi->item;
	const PangoGlyphString *gs = gi->glyphs;
	PangoFont *font = item->analysis.font;
	uint32_t memo_src = UINT32_MAX;
	bool memo_ok = true;

	for (int g = 0; g < gs->num_glyphs; g++) {
		uint32_t off = (uint32_t)(item->offset + gs->log_clusters[g]);
		uint32_t si = cp_ts_src_find(srcs, off);
		const cp_ts_src_run *src = &g_array_index(srcs, cp_ts_src_run, si);
		PangoGlyph glyph = gs->glyphs[g].glyph;

		if (glyph != PANGO_GLYPH_EMPTY && (glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
			report_missing(ts, d, src, glyph);
			*missing = true;
			continue;
		}
		/* A missing family is already an error; its stand-in is
		 * no news. Otherwise compare once per (item, run). */
		if (!src->fam->exists || !font)
			continue;
		if (si != memo_src) {
			memo_src = si;
			memo_ok = cp_ts_font_is_family(ts, font, src->fam->canonical);
		}
		if (memo_ok)
			continue;
		/* Only the first glyph of a cluster names its character. */
		if (g > 0 && gs->log_clusters[g - 1] == gs->log_clusters[g])
			continue;
		gunichar ch = g_utf8_get_char(text + off);
		const char *const *fams = cp_ts_font_families(ts, font);
		if (is_reportable(ch))
			fallback_add(accs, si, fams[0] ? fams[0] : "an unnamed font", ch);
	}
}

/* The glyph items of line [r0, r1) in visual order, as PangoLayout listed
 * them (UAX #9 rule L2 on the items' levels), into order. */
static void visual_order(const GArray *runs, uint32_t r0, uint32_t r1, GArray *order)
{
	GList *items = NULL;
	bool bidi = false;

	g_array_set_size(order, 0);
	for (uint32_t r = r0; r < r1; r++) {
		const PangoGlyphItem *gi = &g_array_index(runs, PangoGlyphItem, r);
		bidi = bidi || gi->item->analysis.level != 0;
		g_array_append_val(order, r);
	}
	if (!bidi)
		return;
	for (uint32_t r = r1; r > r0; r--)
		items = g_list_prepend(items, g_array_index(runs, PangoGlyphItem, r - 1).item);
	GList *visual = pango_reorder_items(items);
	g_array_set_size(order, 0);
	for (GList *l = visual; l; l = l->next)
		for (uint32_t r = r0; r < r1; r++)
			if (g_array_index(runs, PangoGlyphItem, r).item == l->data) {
				g_array_append_val(order, r);
				break;
			}
	g_list_free(visual);
	g_list_free(items);
}

bool cp_ts_check_fonts(cp_typesetter *ts, const cp_ts_shaped *sh, const char *text,
                       const GArray *srcs, cp_diags *d)
{
	bool missing = false;
	g_autoptr(GPtrArray) accs = g_ptr_array_new_with_free_func(fallback_acc_free);
	g_autoptr(GArray) order = g_array_new(FALSE, FALSE, sizeof(uint32_t));

	/* Walk every glyph item of every line (docs/pango-notes.md section 6: Pango
	 * falls back silently, so we read each item's FcPattern ourselves), in
	 * visual order: the order the characters of a warning are named in. */
	for (guint li = 0; li < sh->lines->len; li++) {
		const cp_ts_shaped_line *line = &g_array_index(sh->lines, cp_ts_shaped_line, li);
		visual_order(sh->runs, line->r0, line->r1, order);
		for (guint k = 0; k < order->len; k++)
			check_item(ts,
			           &g_array_index(sh->runs, PangoGlyphItem,
			                          g_array_index(order, uint32_t, k)),
			           text, srcs, accs, &missing, d);
	}

	/* One diagnostic per (run, fallback family, symbols or not), in order
	 * of appearance: a note for symbols, a warning for the rest. */
	for (guint i = 0; i < accs->len; i++) {
		const fallback_acc *acc = accs->pdata[i];
		const cp_ts_src_run *src = &g_array_index(srcs, cp_ts_src_run, acc->src);
		const char *hint = "use another character or a layout font that has it";
		if (acc->symbols && acc->n_chars == 1)
			cp_ts_diag_once(ts, d, CP_DIAG_SYMBOL_FALLBACK, src->span, NULL,
			                "symbol '%s' is not in %s; set in %s", acc->chars->str,
			                src->family, acc->family);
		else if (acc->symbols)
			cp_ts_diag_once(ts, d, CP_DIAG_SYMBOL_FALLBACK, src->span, NULL,
			                "symbols '%s' are not in %s; set in %s", acc->chars->str,
			                src->family, acc->family);
		else if (acc->n_chars == 1)
			cp_ts_diag_once(ts, d, CP_DIAG_FONT_FALLBACK, src->span, hint,
			                "character '%s' is not in %s; set in %s", acc->chars->str,
			                src->family, acc->family);
		else
			cp_ts_diag_once(ts, d, CP_DIAG_FONT_FALLBACK, src->span, hint,
			                "characters '%s' are not in %s; set in %s", acc->chars->str,
			                src->family, acc->family);
	}
	return missing || accs->len > 0;
}
