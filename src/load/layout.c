/* layout.c - a layout file into cp_layout, on top of the built-in defaults,
 * so a layout may omit any key. The defaults are layouts/a4-yoko.yaml,
 * compiled in at build time and read by the same code as any layout file
 * (test_load checks that the loaded defaults equal the file's values).
 * Knows the layout schema and units; not how a page is composed. */
#include "load/load_int.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>

#include <glib/gi18n-lib.h>

#include "base/files.h"
#include "base/limits.h"

/* default_layout[]: layouts/a4-yoko.yaml itself, made into a C string at
 * build time (scripts/embed-text.py, src/meson.build), so the file is the
 * only place the defaults are written. */
#include "default_layout.h"

/* The keys of each section, in the order a4-yoko.yaml writes them. */
static const char *const layout_keys[] = {
    "page",        "margins",      "body",  "fonts",    "colors", "styles",
    "cards",       "running_head", "folio", "cover",    "toc",    "colophon",
    "section_bar", "figures",      "press", "vertical", "ads",    NULL};
static const char *const page_keys[] = {"size", "binding", "bleed", NULL};
static const char *const margin_keys[] = {"top", "bottom", "inner", "outer", NULL};
static const char *const body_keys[] = {
    "writing", "font",  "weight",  "size",    "pitch", "columns",  "column_gap", "chars",
    "lines",   "color", "kinsoku", "hanging", "tiers", "tier_gap", "tcy_digits", NULL};
static const char *const vertical_keys[] = {"size",  "pitch",    "chars",      "lines",
                                            "tiers", "tier_gap", "tcy_digits", NULL};
static const char *const color_keys[] = {"accent", "card_rule", NULL};
static const char *const style_keys[] = {"font",  "weight", "size",     "pitch", "lines",
                                         "align", "color",  "tracking", NULL};
/* and, after these, the cards' distances of cp_layout_geom_keys */
static const char *const card_keys[] = {"columns",     "rows",     "gap",      "padding",
                                        "photo_width", "overflow", "min_size", "qr",
                                        "qr_size",     "writing",  "readings", NULL};
static const char *const press_keys[] = {
    "pdfx", "icc",          "icc_id",       "icc_name", "marks",  "marks_margin",
    "tac",  "jpeg_quality", "hidden_folio", "min_ppi",  "strict", "overprint_black",
    NULL};
static const char *const head_keys[] = {"position", "offset", NULL};
static const char *const kinsoku_names[] = {"strict", "normal", "loose"};

/* --- small readers --------------------------------------------------------- */

/* `weight`: regular, bold, or a CSS weight 100..900. */
/* CSS weights: regular is 400, bold 700; fonts by role resolve the
 * number to a face (typeset's job). Anything else is a BAD_VALUE with a
 * hint when the word is close to regular or bold. */
static void read_weight(cp_rd *r, int *out)
{
	const cp_ynode *n = cp_ynode_get(r->map, "weight");
	if (cp_ynode_is_null(n))
		return;
	if (n->kind == CP_YNODE_SCALAR) {
		if (strcmp(n->text, "regular") == 0) {
			*out = 400;
			return;
		}
		if (strcmp(n->text, "bold") == 0) {
			*out = 700;
			return;
		}
		char *end = NULL;
		gint64 v = g_ascii_strtoll(n->text, &end, 10);
		if (end != n->text && *end == '\0' && v >= 100 && v <= 900) {
			*out = (int)v;
			return;
		}
	}
	const char *const names[] = {"regular", "bold", NULL};
	const char *near = n->kind == CP_YNODE_SCALAR ? cp_diag_nearest(n->text, names) : NULL;
	g_autofree char *hint = cp_diag_hint_nearest(near);
	cp_diag_add(r->d, CP_DIAG_BAD_VALUE, n->span, hint,
	            "%s must be regular, bold or a weight from 100 to 900, not '%s'",
	            cp_rd_label(r, "weight"),
	            n->kind == CP_YNODE_SCALAR ? n->text : "a collection");
}

/* `size` in `page`: A4, A5, B5 (JIS) or "W x H" with units (not zw). */
/* Trim size from a paper name (ISO A, JIS B) or two lengths. A custom size
 * is split at an 'x' or '×' followed by a digit, so "182mm x 257mm",
 * "182mm×257mm" and "182mmx257mm" all read; each half then goes through
 * the length reader (no zw: the page cannot depend on the type size). */
static void read_page_size(cp_rd *r, cp_layout *lay)
{
	const cp_ynode *n = cp_ynode_get(r->map, "size");
	if (cp_ynode_is_null(n))
		return;
	if (n->kind != CP_YNODE_SCALAR) {
		cp_rd_wrong_type(r, "size", n, "a paper size");
		return;
	}
	static const struct {
		const char *name;
		double w, h;
	} papers[] = {{"A4", 210, 297}, {"A5", 148, 210}, {"B5", 182, 257}};
	for (size_t i = 0; i < G_N_ELEMENTS(papers); i++) {
		if (g_ascii_strcasecmp(n->text, papers[i].name) == 0) {
			lay->page_width = (cp_dim){cp_mm(papers[i].w), n->span, true};
			lay->page_height = (cp_dim){cp_mm(papers[i].h), n->span, true};
			lay->page_size =
			    (cp_text){cp_arena_strdup(r->m->arena, papers[i].name), n->span};
			return;
		}
	}
	/* "W x H": split at the first x (or ×) between two numbers */
	g_auto(GStrv) parts = g_regex_split_simple("\\s*(?:x|×)\\s*(?=[0-9.])", n->text, 0, 0);
	if (g_strv_length(parts) == 2) {
		cp_ynode w = *n;
		cp_ynode h = *n;
		w.text = parts[0];
		w.len = strlen(parts[0]);
		h.text = parts[1];
		h.len = strlen(parts[1]);
		cp_length lw;
		cp_length lh;
		if (cp_rd_parse_length(r, "size", &w, false, &lw) &&
		    cp_rd_parse_length(r, "size", &h, false, &lh)) {
			lay->page_width = (cp_dim){lw, n->span, true};
			lay->page_height = (cp_dim){lh, n->span, true};
			lay->page_size = (cp_text){cp_arena_strdup(r->m->arena, n->text), n->span};
		}
		return;
	}
	cp_diag_add(r->d, CP_DIAG_BAD_VALUE, n->span, "e.g. size: A4, or size: 182mm x 257mm",
	            "%s must be A4, A5, B5 or width x height, not '%s'", cp_rd_label(r, "size"),
	            n->text);
}

/* --- the distances of cp_layout_geom_keys ------------------------------------------- */

/* The keys a section knows: `fixed` (NULL-ended, may be NULL), then the
 * section's distances from cp_layout_geom_keys. g_free the array. */
static const char **geom_section_keys(const char *section, const char *const *fixed)
{
	size_t n = 0;
	while (fixed != NULL && fixed[n] != NULL)
		n++;
	const char **keys = g_new0(const char *, n + cp_layout_n_geom_keys + 1);
	for (size_t i = 0; i < n; i++)
		keys[i] = fixed[i];
	for (size_t i = 0; i < cp_layout_n_geom_keys; i++)
		if (strcmp(cp_layout_geom_keys[i].section, section) == 0)
			keys[n++] = cp_layout_geom_keys[i].key;
	return keys;
}

/* Reads the section's distances over their current values. Lengths have
 * no sign, so only an unknown unit is wrong here; compose checks that each
 * fits the page. */
static void read_geom(cp_rd *r, cp_layout *lay, const char *section)
{
	for (size_t i = 0; i < cp_layout_n_geom_keys; i++) {
		const cp_layout_geom_key *k = &cp_layout_geom_keys[i];
		if (strcmp(k->section, section) == 0)
			cp_rd_length(r, k->key, true, cp_layout_geom_dim(lay, k));
	}
}

/* A section that holds distances: cover, toc, colophon, section_bar; the
 * contents also say their writing direction (`toc: writing`). */
static void read_geom_section(cp_model *m, cp_diags *d, cp_rd *top, const char *section)
{
	static const char *const toc_keys[] = {"writing", NULL};
	const cp_ynode *n = cp_rd_map(top, section, false);
	if (n == NULL)
		return;
	bool toc = strcmp(section, "toc") == 0;
	g_autofree const char **keys = geom_section_keys(section, toc ? toc_keys : NULL);
	g_autofree char *where = g_strdup_printf("'%s'", section);
	cp_rd r;
	cp_rd_init(&r, m, d, n, "layout", where, keys);
	read_geom(&r, &m->layout, section);
	int e = (int)m->layout.toc_writing;
	if (toc && cp_rd_enum(&r, "writing", cp_model_writing_names, CP_WRITING_COUNT, &e,
	                      &m->layout.toc_writing_span))
		m->layout.toc_writing = (cp_writing)e;
	cp_rd_clear(&r);
}

/* --- sections ----------------------------------------------------------------- */

/* One style, on top of what it already holds (the default or an earlier
 * layout). Keys left out keep their values. */
void cp_ld_style(cp_model *m, cp_diags *d, const cp_ynode *n, const char *name, cp_style *st)
{
	g_autofree char *where = g_strdup_printf("style '%s'", name);
	cp_rd r;
	cp_rd_init(&r, m, d, n, "layout", where, style_keys);
	st->span = n->span;
	cp_rd_text(&r, "font", false, &st->font);
	read_weight(&r, &st->weight);
	cp_rd_length(&r, "size", true, &st->size);
	cp_rd_length(&r, "pitch", true, &st->pitch);
	cp_rd_int(&r, "lines", false, 0, 100, &st->lines, NULL);
	int align = (int)st->align;
	if (cp_rd_enum(&r, "align", cp_model_align_names, CP_ALIGN_COUNT, &align, NULL))
		st->align = (cp_align)align;
	cp_rd_color(&r, "color", &st->color);
	cp_rd_length(&r, "tracking", true, &st->tracking);
	cp_rd_clear(&r);
}

/* `fonts`: any role names; a role already known gets the new family. */
/* Roles are free names, so there is no unknown-key check here. The array
 * is copied into a larger one in the arena rather than grown in place:
 * layouts are read at most twice per run (defaults, file). */
static void read_fonts(cp_model *m, cp_diags *d, const cp_ynode *n)
{
	cp_layout *lay = &m->layout;
	cp_font_role *fonts = cp_arena_new0(m->arena, cp_font_role, lay->n_fonts + n->n);
	if (lay->n_fonts)
		memcpy(fonts, lay->fonts, sizeof *fonts * lay->n_fonts);
	size_t count = lay->n_fonts;
	cp_rd r;
	cp_rd_init(&r, m, d, n, "layout", "'fonts'", NULL);
	for (size_t i = 0; i < n->n; i++) {
		const char *role = n->keys[i]->text;
		cp_text fam = {0};
		if (!cp_rd_text_node(&r, role, n->vals[i], &fam))
			continue;
		size_t k = 0;
		while (k < count && strcmp(fonts[k].role, role) != 0)
			k++;
		if (k == count)
			fonts[count++].role = cp_arena_strdup(m->arena, role);
		fonts[k].family = fam;
	}
	cp_rd_clear(&r);
	lay->fonts = fonts;
	lay->n_fonts = count;
}

/* `styles`: the names are cp_model_style_names, so a misspelt style name
 * gets "did you mean" like any other key. */
static void read_styles(cp_model *m, cp_diags *d, const cp_ynode *n)
{
	const char *names[CP_STYLE_COUNT + 1];
	for (int i = 0; i < CP_STYLE_COUNT; i++)
		names[i] = cp_model_style_names[i];
	names[CP_STYLE_COUNT] = NULL;
	cp_rd r;
	cp_rd_init(&r, m, d, n, "layout", "'styles'", names);
	for (size_t i = 0; i < n->n; i++) {
		for (int s = 0; s < CP_STYLE_COUNT; s++) {
			if (strcmp(n->keys[i]->text, names[s]) != 0)
				continue;
			if (n->vals[i]->kind != CP_YNODE_MAP)
				cp_rd_wrong_type(&r, names[s], n->vals[i], "a mapping");
			else
				cp_ld_style(m, d, n->vals[i], names[s], &m->layout.styles[s]);
		}
	}
	cp_rd_clear(&r);
}

/* A font role that `fonts` does not define, reported at the value. */
/* Run after the whole file is read, so `fonts` may come after `styles` in
 * the file. Only values with a place are checked: a default's role is
 * always defined by the defaults. */
static void check_role(cp_model *m, cp_diags *d, const cp_text *font, const char *where)
{
	const cp_layout *lay = &m->layout;
	if (font->s == NULL || cp_model_font_family(lay, font->s) != NULL)
		return;
	const char **roles = g_new0(const char *, lay->n_fonts + 1);
	GString *list = g_string_new(NULL);
	for (size_t i = 0; i < lay->n_fonts; i++) {
		roles[i] = lay->fonts[i].role;
		g_string_append_printf(list, "%s%s", i ? ", " : "", lay->fonts[i].role);
	}
	const char *near = cp_diag_nearest(font->s, roles);
	char *hint = near ? cp_diag_hint_nearest(near)
	                  : g_strdup_printf(_("'fonts' defines: %s"), list->str);
	cp_diag_add(d, CP_DIAG_BAD_VALUE, font->span, hint,
	            "'font' in %s names the role '%s', which 'fonts' does not define", where,
	            font->s);
	g_free(hint);
	g_free(roles);
	g_string_free(list, TRUE);
}

/* Reads every section of a layout tree into m->layout. */
/* ICC profile device classes and colour spaces, as the header spells them
 * (ICC.1:2010, 7.2.5 and 7.2.6), said in words. */
static const char *icc_class_name(const char *sig)
{
	static const char *const names[][2] = {
	    {"scnr", N_("an input (scanner) profile")}, {"mntr", N_("a display profile")},
	    {"prtr", N_("an output profile")},          {"link", N_("a device link")},
	    {"spac", N_("a colour space profile")},     {"abst", N_("an abstract profile")},
	    {"nmcl", N_("a named colour profile")},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (memcmp(sig, names[i][0], 4) == 0)
			return g_dgettext(GETTEXT_PACKAGE, names[i][1]);
	return g_dgettext(GETTEXT_PACKAGE, N_("of an unknown class"));
}

/* press: icc: must name a CMYK output (prtr) profile: checked here, from its
 * 128-byte header, so `check` reports it at the layout's line, not only
 * the press step of `build --press` with no line at all. The press step
 * reads the whole profile with Little CMS later. */
/* the largest output profile read (real ones are 0.5-10 MB), as the press step */
#define PROFILE_MAX_BYTES (64u * 1024u * 1024u)

static void check_profile(cp_diags *d, const char *path, cp_span span)
{
	struct stat st;
	if (!cp_ld_check_file(d, path, span, "output profile"))
		return;
	if (stat(path, &st) == 0 && (guint64)st.st_size > PROFILE_MAX_BYTES) {
		cp_diag_add(d, CP_DIAG_BAD_VALUE, span, "name an ICC profile file (.icc, .icm)",
		            "the output profile '%s' is larger than %u MiB", path,
		            (unsigned)(PROFILE_MAX_BYTES >> 20));
		return;
	}
	unsigned char h[128];
	FILE *fp = fopen(path, "rb");
	size_t n = fp != NULL ? fread(h, 1, sizeof h, fp) : 0;
	if (fp != NULL)
		fclose(fp);
	if (n < sizeof h || memcmp(h + 36, "acsp", 4) != 0) {
		cp_diag_add(d, CP_DIAG_BAD_VALUE, span, "name an ICC profile file (.icc, .icm)",
		            "'%s' is not an ICC profile", path);
		return;
	}
	bool prtr = memcmp(h + 12, "prtr", 4) == 0;
	bool cmyk = memcmp(h + 16, "CMYK", 4) == 0;
	if (prtr && cmyk)
		return;
	char space[5] = {0};
	memcpy(space, h + 16, 4);
	g_strchomp(space);
	for (char *c = space; *c; c++)
		if (!g_ascii_isprint(*c))
			*c = '?';
	cp_diag_add(d, CP_DIAG_BAD_VALUE, span,
	            "the press step converts to the printer's CMYK: name its output profile, "
	            "such as FOGRA39 or Japan Color 2001 Coated",
	            "the output profile '%s' is %s for %s, not a CMYK output (prtr) profile", path,
	            icc_class_name((const char *)h + 12), space);
}

/* `vertical:`: the type area vertical articles of a horizontal layout get
 * (characters a line, lines a tier, tiers, the gap between tiers; size
 * and pitch default to the body's). A layout whose body is vertical has
 * its vertical area in `body:`, so the section would say nothing there:
 * that is an error at the section, once the whole file is read (the body
 * may come after it). */
static void read_vertical(cp_model *m, cp_diags *d, const cp_ynode *n)
{
	cp_layout *lay = &m->layout;
	cp_rd r;
	cp_rd_init(&r, m, d, n, "layout", "'vertical'", vertical_keys);
	lay->v_span = n->span;
	cp_rd_length(&r, "size", true, &lay->v_size);
	cp_rd_length(&r, "pitch", true, &lay->v_pitch);
	cp_rd_int(&r, "chars", false, 0, 500, &lay->v_chars, NULL);
	cp_rd_int(&r, "lines", false, 0, 500, &lay->v_lines, NULL);
	cp_rd_int(&r, "tiers", false, 1, CP_LIMIT_COLUMNS, &lay->v_tiers, NULL);
	cp_rd_length(&r, "tier_gap", true, &lay->v_tier_gap);
	cp_rd_int(&r, "tcy_digits", false, 2, 3, &lay->tcy_digits, NULL);
	cp_rd_clear(&r);
}

/* The keys that belong to one writing direction, reported where they
 * are written when the body is the other: tiers in a horizontal body (it
 * has columns), `vertical:` in a vertical layout (its body is the
 * vertical area). Run once the whole file is read: `writing` may come
 * after them. */
static const cp_ynode *key_node(const cp_ynode *map, const char *key)
{
	if (map == NULL || map->kind != CP_YNODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->text, key) == 0)
			return map->keys[i];
	return NULL;
}

static void check_writing(cp_model *m, cp_diags *d, const cp_ynode *root)
{
	const cp_layout *lay = &m->layout;
	const cp_ynode *body = cp_ynode_get(root, "body");
	const cp_ynode *vert = key_node(root, "vertical");
	if (lay->writing == CP_WRITING_VERTICAL && vert != NULL)
		cp_diag_add(d, CP_DIAG_BAD_VALUE, vert->span,
		            "set chars, lines, tiers and tier_gap in 'body'",
		            "'vertical' sets the vertical type area of a horizontal layout, but "
		            "this layout's body is vertical: its type area is 'body'");
	if (lay->writing != CP_WRITING_HORIZONTAL || body == NULL || body->kind != CP_YNODE_MAP)
		return;
	const char *const keys[] = {"tiers", "tier_gap"};
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		const cp_ynode *k = key_node(body, keys[i]);
		if (k != NULL)
			cp_diag_add(d, CP_DIAG_BAD_VALUE, k->span,
			            "a horizontal body has columns; set 'writing: vertical' for "
			            "tiers, or put the vertical area in 'vertical'",
			            "'%s' in 'body' is for a vertical body, but its writing is "
			            "horizontal",
			            keys[i]);
	}
}

/* Every section is optional; each one present is read over the current
 * values, with its own `where` for messages. The type area's span is kept
 * for compose's "the type area does not fit the page" diagnostics. */
static void read_layout(cp_model *m, cp_diags *d, const cp_ynode *root)
{
	cp_layout *lay = &m->layout;
	cp_rd top;
	cp_rd_init(&top, m, d, root, "layout", NULL, layout_keys);
	const cp_ynode *n;
	cp_rd r;
	int e;

	/* page: trim size, binding side, bleed (no zw: the page comes first) */
	if ((n = cp_rd_map(&top, "page", false)) != NULL) {
		cp_rd_init(&r, m, d, n, "layout", "'page'", page_keys);
		read_page_size(&r, lay);
		e = (int)lay->binding;
		if (cp_rd_enum(&r, "binding", cp_model_binding_names, CP_BIND_COUNT, &e,
		               &lay->binding_span))
			lay->binding = (cp_binding)e;
		cp_rd_length(&r, "bleed", false, &lay->bleed);
		cp_rd_clear(&r);
	}
	/* margins: the frame the type area sits in */
	if ((n = cp_rd_map(&top, "margins", false)) != NULL) {
		cp_rd_init(&r, m, d, n, "layout", "'margins'", margin_keys);
		cp_rd_length(&r, "top", true, &lay->margin_top);
		cp_rd_length(&r, "bottom", true, &lay->margin_bottom);
		cp_rd_length(&r, "inner", true, &lay->margin_inner);
		cp_rd_length(&r, "outer", true, &lay->margin_outer);
		cp_rd_clear(&r);
	}
	/* body: the type area (hanmen) as characters x lines at a size and
	 * pitch (JLReq's kihon-hanmen; docs/jlreq-rules.md "Units and the type area");
	 * zw here is the body size */
	if ((n = cp_rd_map(&top, "body", false)) != NULL) {
		cp_rd_init(&r, m, d, n, "layout", "'body'", body_keys);
		lay->type_area_span = n->span;
		e = (int)lay->writing;
		if (cp_rd_enum(&r, "writing", cp_model_writing_names, CP_WRITING_COUNT, &e, NULL))
			lay->writing = (cp_writing)e;
		cp_rd_text(&r, "font", false, &lay->body_font);
		read_weight(&r, &lay->body_weight);
		cp_rd_length(&r, "size", true, &lay->body_size);
		cp_rd_length(&r, "pitch", true, &lay->body_pitch);
		cp_rd_int(&r, "columns", false, 1, CP_LIMIT_COLUMNS, &lay->columns, NULL);
		cp_rd_length(&r, "column_gap", true, &lay->column_gap);
		cp_rd_int(&r, "chars", false, 0, 500, &lay->chars, NULL);
		cp_rd_int(&r, "lines", false, 0, 500, &lay->lines, NULL);
		cp_rd_color(&r, "color", &lay->body_color);
		e = lay->kinsoku;
		if (cp_rd_enum(&r, "kinsoku", kinsoku_names, 3, &e, NULL))
			lay->kinsoku = e;
		cp_rd_bool(&r, "hanging", &lay->hanging);
		cp_rd_int(&r, "tiers", false, 1, CP_LIMIT_COLUMNS, &lay->body_tiers, NULL);
		cp_rd_length(&r, "tier_gap", true, &lay->body_tier_gap);
		cp_rd_int(&r, "tcy_digits", false, 2, 3, &lay->tcy_digits, NULL);
		cp_rd_clear(&r);
	}
	/* fonts and colours */
	if ((n = cp_rd_map(&top, "fonts", false)) != NULL)
		read_fonts(m, d, n);
	if ((n = cp_rd_map(&top, "colors", false)) != NULL) {
		cp_rd_init(&r, m, d, n, "layout", "'colors'", color_keys);
		cp_rd_color(&r, "accent", &lay->accent);
		cp_rd_color(&r, "card_rule", &lay->card_rule);
		cp_rd_clear(&r);
	}
	/* styles by name */
	if ((n = cp_rd_map(&top, "styles", false)) != NULL)
		read_styles(m, d, n);
	/* the member card grid */
	if ((n = cp_rd_map(&top, "cards", false)) != NULL) {
		g_autofree const char **keys = geom_section_keys("cards", card_keys);
		cp_rd_init(&r, m, d, n, "layout", "'cards'", keys);
		cp_rd_int(&r, "columns", false, 1, 10, &lay->card_columns, NULL);
		cp_rd_int(&r, "rows", false, 1, 20, &lay->card_rows, NULL);
		cp_rd_length(&r, "gap", true, &lay->card_gap);
		cp_rd_length(&r, "padding", true, &lay->card_padding);
		cp_rd_length(&r, "photo_width", true, &lay->card_photo_width);
		e = (int)lay->card_overflow;
		if (cp_rd_enum(&r, "overflow", cp_model_overflow_names, CP_OVERFLOW_COUNT, &e,
		               &lay->card_overflow_span))
			lay->card_overflow = (cp_overflow)e;
		cp_rd_length(&r, "min_size", true, &lay->card_min_size);
		cp_rd_bool(&r, "qr", &lay->card_qr);
		cp_rd_length(&r, "qr_size", true, &lay->card_qr_size);
		/* unwritten, the cards follow the body's writing */
		e = (int)lay->card_writing;
		cp_span ws = CP_SPAN_NONE;
		if (cp_rd_enum(&r, "writing", cp_model_writing_names, CP_WRITING_COUNT, &e, &ws) &&
		    ws.line != 0) {
			lay->card_writing = (cp_writing)e;
			lay->card_writing_set = true;
			lay->card_writing_span = ws;
		}
		e = (int)lay->card_readings;
		if (cp_rd_enum(&r, "readings", cp_model_readings_names, CP_READINGS_COUNT, &e,
		               &lay->card_readings_span))
			lay->card_readings = (cp_card_readings)e;
		read_geom(&r, lay, "cards");
		cp_rd_clear(&r);
	}
	/* running head and folio: where, and how far from the type area */
	if ((n = cp_rd_map(&top, "running_head", false)) != NULL) {
		g_autofree const char **keys = geom_section_keys("running_head", head_keys);
		cp_rd_init(&r, m, d, n, "layout", "'running_head'", keys);
		e = (int)lay->head_position;
		if (cp_rd_enum(&r, "position", cp_model_head_pos_names, CP_HEAD_POS_COUNT, &e,
		               NULL))
			lay->head_position = (cp_head_pos)e;
		cp_rd_length(&r, "offset", true, &lay->head_offset);
		read_geom(&r, lay, "running_head");
		cp_rd_clear(&r);
	}
	if ((n = cp_rd_map(&top, "folio", false)) != NULL) {
		cp_rd_init(&r, m, d, n, "layout", "'folio'", head_keys);
		e = (int)lay->folio_position;
		if (cp_rd_enum(&r, "position", cp_model_folio_pos_names, CP_FOLIO_POS_COUNT, &e,
		               NULL))
			lay->folio_position = (cp_folio_pos)e;
		cp_rd_length(&r, "offset", true, &lay->folio_offset);
		cp_rd_clear(&r);
	}
	/* the distances of the cover, contents, colophon and section bar */
	static const char *const geom_sections[] = {"cover", "toc", "colophon", "section_bar",
	                                            "figures"};
	for (size_t i = 0; i < G_N_ELEMENTS(geom_sections); i++)
		read_geom_section(m, d, &top, geom_sections[i]);
	/* the print step: PDF/X flavour, output profile, marks, ink limit */
	if ((n = cp_rd_map(&top, "press", false)) != NULL) {
		cp_press_opts *p = &lay->press;
		cp_rd_init(&r, m, d, n, "layout", "'press'", press_keys);
		e = (int)p->pdfx;
		if (cp_rd_enum(&r, "pdfx", cp_pdfx_names, CP_PDFX_COUNT, &e, &p->pdfx_span))
			p->pdfx = (cp_pdfx)e;
		if (cp_rd_text(&r, "icc", false, &p->icc) && p->icc.s != NULL &&
		    lay->file != NULL) {
			/* like every path: relative to the file that names it */
			g_autofree char *path = cp_path_resolve(lay->file, p->icc.s);
			p->icc.s = cp_arena_strdup(m->arena, path);
			check_profile(d, path, p->icc.span);
		}
		cp_rd_text(&r, "icc_id", false, &p->icc_id);
		cp_rd_text(&r, "icc_name", false, &p->icc_name);
		cp_rd_bool(&r, "marks", &p->marks);
		cp_rd_length(&r, "marks_margin", false, &p->marks_margin);
		cp_rd_int(&r, "tac", false, 200, 400, &p->tac, NULL);
		cp_rd_int(&r, "jpeg_quality", false, 50, 100, &p->jpeg_quality, NULL);
		cp_rd_bool(&r, "hidden_folio", &p->hidden_folio);
		cp_rd_int(&r, "min_ppi", false, 1, 2400, &p->min_ppi, NULL);
		cp_rd_bool(&r, "strict", &p->strict);
		cp_rd_bool(&r, "overprint_black", &p->overprint_black);
		cp_rd_clear(&r);
	}
	/* the vertical type area of a horizontal layout */
	if ((n = cp_rd_map(&top, "vertical", false)) != NULL)
		read_vertical(m, d, n);
	/* the ad grid and the text-ad styles (issue 15) */
	if ((n = cp_rd_map(&top, "ads", false)) != NULL)
		cp_ld_ads_layout(&top, n);
	cp_rd_clear(&top);
	check_writing(m, d, root);

	/* every font a style names must be a role `fonts` defines */
	check_role(m, d, &lay->body_font, "'body'");
	for (int s = 0; s < CP_STYLE_COUNT; s++) {
		g_autofree char *where = g_strdup_printf("style '%s'", cp_model_style_names[s]);
		check_role(m, d, &lay->styles[s].font, where);
	}
	for (size_t i = 0; i < lay->n_ad_styles; i++) {
		g_autofree char *where = g_strdup_printf("ad style '%s'", lay->ad_styles[i].name);
		check_role(m, d, &lay->ad_styles[i].catch_style.font, where);
		check_role(m, d, &lay->ad_styles[i].body.font, where);
		check_role(m, d, &lay->ad_styles[i].contact.font, where);
	}
}

/* --- defaults ------------------------------------------------------------------ */

/* A default has no place and was not `set` by the editor. */
static void unset(cp_dim *dim)
{
	dim->span = CP_SPAN_NONE;
	dim->set = false;
}

/* The defaults: a few values the YAML does not spell out (regular weight,
 * black), then the built-in a4-yoko text through the same reader as any
 * layout file, then every place cleared. */
void cp_ld_layout_defaults(cp_model *m)
{
	cp_layout *lay = &m->layout;
	memset(lay, 0, sizeof *lay);
	lay->name = "a4-yoko";
	lay->body_weight = 400;
	/* a vertical body's tiers, which a4-yoko (horizontal) does not set */
	lay->body_tiers = 1;
	lay->tcy_digits = 2;
	lay->body_tier_gap.len = (cp_length){2.0, CP_UNIT_ZW};
	lay->body_color = cp_color_gray(1.0);
	for (int s = 0; s < CP_STYLE_COUNT; s++) {
		lay->styles[s].weight = 400;
		lay->styles[s].color = cp_color_gray(1.0);
	}
	/* the built-in text is ours: a problem in it is a bug */
	g_autoptr(cp_diags) scratch = cp_diags_new();
	g_autoptr(cp_arena) tmp = cp_arena_new();
	cp_ynode *root =
	    cp_ynode_read_string(default_layout, sizeof default_layout - 1, 0, tmp, scratch, NULL);
	g_assert(root != NULL);
	read_layout(m, scratch, root);
	if (cp_diags_len(scratch) != 0)
		cp_diags_print(scratch, stderr);
	g_assert(cp_diags_len(scratch) == 0);

	/* defaults come from no file: no spans, nothing `set` */
	cp_dim *dims[] = {&lay->page_width,       &lay->page_height,        &lay->bleed,
	                  &lay->margin_top,       &lay->margin_bottom,      &lay->margin_inner,
	                  &lay->margin_outer,     &lay->body_size,          &lay->body_pitch,
	                  &lay->column_gap,       &lay->card_gap,           &lay->card_padding,
	                  &lay->card_photo_width, &lay->head_offset,        &lay->folio_offset,
	                  &lay->card_min_size,    &lay->press.marks_margin, &lay->card_qr_size};
	for (size_t i = 0; i < G_N_ELEMENTS(dims); i++)
		unset(dims[i]);
	for (size_t i = 0; i < cp_layout_n_geom_keys; i++)
		unset(cp_layout_geom_dim(lay, &cp_layout_geom_keys[i]));
	lay->page_size.span = CP_SPAN_NONE;
	lay->binding_span = CP_SPAN_NONE;
	lay->card_overflow_span = CP_SPAN_NONE;
	lay->press.pdfx_span = CP_SPAN_NONE;
	lay->type_area_span = CP_SPAN_NONE;
	lay->v_span = CP_SPAN_NONE;
	lay->toc_writing_span = CP_SPAN_NONE;
	lay->card_writing_span = CP_SPAN_NONE;
	lay->card_readings_span = CP_SPAN_NONE;
	unset(&lay->body_tier_gap);
	unset(&lay->v_size);
	unset(&lay->v_pitch);
	unset(&lay->v_tier_gap);
	lay->body_font.span = CP_SPAN_NONE;
	for (size_t i = 0; i < lay->n_fonts; i++)
		lay->fonts[i].family.span = CP_SPAN_NONE;
	for (int s = 0; s < CP_STYLE_COUNT; s++) {
		cp_style *st = &lay->styles[s];
		st->font.span = CP_SPAN_NONE;
		st->span = CP_SPAN_NONE;
		unset(&st->size);
		/* a style's pitch and tracking keep `set`: unset means "the body's
		 * pitch" or "solid" to compose, not "the default value" */
		st->pitch.span = CP_SPAN_NONE;
		st->tracking.span = CP_SPAN_NONE;
	}
	cp_ld_ads_layout_unset(m);
}

/* The layout's name is its file name without .yaml, for messages and the
 * colophon; an unreadable file leaves the defaults in place. */
bool cp_ld_layout(cp_model *m, const char *path, cp_diags *d)
{
	size_t errors = cp_diags_count(d, CP_ERROR) + cp_diags_count(d, CP_FATAL);
	cp_ldfile f;
	bool ok = cp_ldfile_open(&f, m, path, "layout", d);
	m->layout.file = f.path;
	g_autofree char *base = g_path_get_basename(path);
	if (g_str_has_suffix(base, ".yaml"))
		base[strlen(base) - 5] = '\0';
	m->layout.name = cp_arena_strdup(m->arena, base);
	if (ok)
		read_layout(m, d, f.root);
	cp_ldfile_clear(&f);
	return ok && cp_diags_count(d, CP_ERROR) + cp_diags_count(d, CP_FATAL) == errors;
}
