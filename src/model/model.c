/* model.c - the content model's name tables, root, text dump and invariant
 * check. No logic of its own: load fills the model, compose reads it.
 * Knows nothing of YAML, Pango or Cairo. */
#include "model/model.h"

#include <stddef.h>
#include <string.h>

/* --- name tables (YAML spellings, in enum order) --------------------------- */

const char *const cp_model_style_names[CP_STYLE_COUNT] = {
    "title",         "subtitle",       "author",       "lead",           "heading",
    "subheading",    "quote",          "caption",      "running_head",   "folio",
    "section",       "toc_entry",      "toc_author",   "cover_magazine", "cover_headline",
    "cover_meta",    "cover_contents", "card_company", "card_kana",      "card_person",
    "card_industry", "card_catch",     "card_text",    "card_label",     "card_contact",
    "colophon",
};
const char *const cp_model_part_names[CP_PART_KIND_COUNT] = {"cover",   "toc",      "article",
                                                             "members", "colophon", "ads"};
const char *const cp_model_writing_names[CP_WRITING_COUNT] = {"horizontal", "vertical"};
const char *const cp_model_align_names[CP_ALIGN_COUNT] = {"justify", "start", "center", "end"};
const char *const cp_model_binding_names[CP_BIND_COUNT] = {"left", "right"};
const char *const cp_model_folio_pos_names[CP_FOLIO_POS_COUNT] = {"bottom-outer", "bottom-center",
                                                                  "top-outer"};
const char *const cp_model_head_pos_names[CP_HEAD_POS_COUNT] = {"top", "bottom", "none"};
const char *const cp_model_image_kind_names[CP_IMAGE_KIND_COUNT] = {"none", "jpeg", "png"};
const char *const cp_model_overflow_names[CP_OVERFLOW_COUNT] = {"error", "warn", "shrink", "fit"};
const char *const cp_model_readings_names[CP_READINGS_COUNT] = {"line", "ruby"};
const char *const cp_model_ad_size_names[CP_AD_SIZE_COUNT] = {"1", "1/2", "1/3", "1/4", "1/8"};
const char *const cp_model_ad_design_names[CP_AD_DESIGN_COUNT] = {"notice", "band", "card"};

/* The layout's distances (model.h cp_layout_geom_key), in the order
 * layouts/a4-yoko.yaml writes them. */
#define GEOM(sec, field, key, min)                                                                 \
	{                                                                                          \
		sec, key, offsetof(cp_layout, field), min                                          \
	}
const cp_layout_geom_key cp_layout_geom_keys[] = {
    GEOM("cards", card.photo_gap, "photo_gap", 0),
    GEOM("cards", card.after_industry, "after_industry", 0),
    GEOM("cards", card.after_kana, "after_kana", 0),
    GEOM("cards", card.after_company, "after_company", 0),
    GEOM("cards", card.after_person, "after_person", 0),
    GEOM("cards", card.rule_space, "rule_space", 0),
    GEOM("cards", card.before_recent, "before_recent", 0),
    GEOM("cards", card.before_foot, "before_foot", 0),
    GEOM("cards", card.qr_gap, "qr_gap", 0),
    GEOM("cover", cover.masthead_top, "masthead_top", 0),
    GEOM("cover", cover.masthead_rule, "masthead_rule", 0),
    GEOM("cover", cover.after_masthead, "after_masthead", 0),
    GEOM("cover", cover.title_gap, "title_gap", 0),
    /* a cover photo under a centimetre high is a typo */
    GEOM("cover", cover.photo_height, "photo_height", 10),
    GEOM("cover", cover.after_photo, "after_photo", 0),
    GEOM("cover", cover.after_headline, "after_headline", 0),
    GEOM("cover", cover.field_top, "field_top", 0),
    GEOM("cover", cover.field_padding, "field_padding", 0),
    GEOM("cover", cover.field_min_height, "field_min_height", 0),
    GEOM("cover", cover.field_inset, "field_inset", 0),
    GEOM("cover", cover.field_line, "field_line", 0),
    GEOM("cover", cover.field_title_gap, "field_title_gap", 0),
    GEOM("cover", cover.field_title_rule, "field_title_rule", 0),
    GEOM("cover", cover.field_rule_length, "field_rule_length", 0),
    GEOM("cover", cover.field_number_min, "field_number_min", 0),
    GEOM("cover", cover.contents_gap, "contents_gap", 0),
    GEOM("cover", cover.entry_gap, "entry_gap", 0),
    GEOM("cover", cover.entry_rule, "entry_rule", 0),
    GEOM("toc", toc.author_drop, "author_drop", 0),
    GEOM("colophon", colophon.rule_gap, "rule_gap", 0),
    GEOM("colophon", colophon.after_name, "after_name", 0),
    GEOM("colophon", colophon.after_date, "after_date", 0),
    GEOM("colophon", colophon.note_gap, "note_gap", 0),
    GEOM("section_bar", section_bar.length, "length", 0),
    GEOM("section_bar", section_bar.weight, "weight", 0),
    GEOM("running_head", head_rule.gap, "rule_gap", 0),
    GEOM("running_head", head_rule.length, "rule_length", 0),
    GEOM("running_head", head_rule.weight, "rule_weight", 0),
    GEOM("figures", figures.caption_gap, "caption_gap", 0),
};
#undef GEOM
const size_t cp_layout_n_geom_keys = G_N_ELEMENTS(cp_layout_geom_keys);

cp_dim *cp_layout_geom_dim(cp_layout *lay, const cp_layout_geom_key *k)
{
	return (cp_dim *)(void *)((char *)lay + k->offset);
}

const cp_dim *cp_layout_geom_cdim(const cp_layout *lay, const cp_layout_geom_key *k)
{
	return (const cp_dim *)(const void *)((const char *)lay + k->offset);
}

/* The tables are sized by their enums; a missing entry would be NULL. */
_Static_assert(sizeof cp_model_style_names / sizeof cp_model_style_names[0] == CP_STYLE_COUNT,
               "style names out of step");
_Static_assert(sizeof cp_model_part_names / sizeof cp_model_part_names[0] == CP_PART_KIND_COUNT,
               "part names out of step");

/* --- the root ----------------------------------------------------------------- */

/* The root and its arena. No cover image yet: index -1, as for every
 * image reference that is not given. */
cp_model *cp_model_new(void)
{
	cp_model *m = g_new0(cp_model, 1);
	m->arena = cp_arena_new();
	m->cover_image.index = -1;
	return m;
}

/* One call frees the whole model (CONTRIBUTING.md section 3): nothing inside has a free of
 * its own. Accepts NULL. */
void cp_model_free(cp_model *m)
{
	if (m == NULL)
		return;
	/* everything else lives in the arena */
	cp_arena_free(m->arena);
	g_free(m);
}

/* Linear: a layout names a handful of roles. */
const char *cp_model_font_family(const cp_layout *layout, const char *role)
{
	if (role == NULL)
		return NULL;
	for (size_t i = 0; i < layout->n_fonts; i++)
		if (strcmp(layout->fonts[i].role, role) == 0)
			return layout->fonts[i].family.s;
	return NULL;
}

/* An out-of-range index is "no image", never a crash: compose may ask for
 * references that load left at -1 after a diagnostic. */
const cp_model_image *cp_model_image_get(const cp_model *m, cp_image_ref ref)
{
	if (ref.index < 0 || (size_t)ref.index >= m->n_images)
		return NULL;
	return &m->images[ref.index];
}

const cp_model_artwork *cp_model_artwork_get(const cp_model *m, cp_artwork_ref ref)
{
	if (ref.index < 0 || (size_t)ref.index >= m->n_artworks)
		return NULL;
	return &m->artworks[ref.index];
}

/* --- dump ----------------------------------------------------------------------
 * One value per line: `name = value @file:line:col`. Strings are quoted with
 * \" \\ \n escaped; lengths keep their editor unit; numbers go through
 * cp_fmt_pt (C locale, at most two decimals). Absent values are skipped. */

/* The " @file:line:col" suffix and the line end. Values from no file
 * (built-in defaults) get neither place nor suffix. Without a sink the
 * file index stands in for the name. */
static void put_at(FILE *f, const cp_diags *d, cp_span s)
{
	if (s.line == 0) {
		fputc('\n', f);
		return;
	}
	if (d != NULL)
		fprintf(f, " @%s:%u:%u\n", cp_diags_file_name(d, s.file), s.line, s.col);
	else
		fprintf(f, " @%u:%u:%u\n", s.file, s.line, s.col);
}

/* A quoted string, one line whatever it holds. */
static void put_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (const char *p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* Absent text (s == NULL) prints nothing, so a dump lists what was given. */
static void dump_text(FILE *f, const cp_diags *d, const char *name, cp_text t)
{
	if (t.s == NULL)
		return;
	fprintf(f, "%s = ", name);
	put_str(f, t.s);
	put_at(f, d, t.span);
}

/* A length in its editor unit, e.g. "13Q"; "(default)" marks one that the
 * layout file did not set. */
static void dump_dim(FILE *f, const cp_diags *d, const char *name, cp_dim v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	fprintf(f, "%s = %s%s%s", name, cp_fmt_pt(buf, v.len.value), cp_unit_name(v.len.unit),
	        v.set ? "" : " (default)");
	put_at(f, d, v.span);
}

/* cmyk() for colours given as ink, #rrggbb otherwise (color.c formats). */
static void dump_color(FILE *f, const char *name, const cp_color *c)
{
	char buf[40];
	fprintf(f, "%s = %s\n", name, cp_color_format(c, buf));
}

/* One member: its fields in schema order, under their YAML names. */
static void dump_member(FILE *f, const cp_diags *d, size_t i, const cp_member *mb)
{
	char key[96];
	fprintf(f, "member[%zu].file = \"%s\"\n", i, mb->file);
#define T(field, yaml)                                                                             \
	do {                                                                                       \
		g_snprintf(key, sizeof key, "member[%zu].%s", i, yaml);                            \
		dump_text(f, d, key, mb->field);                                                   \
	} while (0)
	T(company, "company");
	T(company_kana, "company_kana");
	T(representative, "representative");
	T(representative_kana, "representative_kana");
	T(industry, "industry");
	T(catch_copy, "catch");
	for (size_t k = 0; k < mb->n_intro; k++) {
		g_snprintf(key, sizeof key, "member[%zu].intro[%zu]", i, k);
		dump_text(f, d, key, mb->intro[k]);
	}
	T(recent, "recent");
	T(address, "contact.address");
	T(tel, "contact.tel");
	T(url, "contact.url");
	T(email, "contact.email");
	T(referred_by, "referred_by");
#undef T
	if (mb->photo.index >= 0) {
		fprintf(f, "member[%zu].photo = image[%d]", i, mb->photo.index);
		put_at(f, d, mb->photo.span);
	}
	for (size_t k = 0; k < mb->n_tags; k++) {
		g_snprintf(key, sizeof key, "member[%zu].tags[%zu]", i, k);
		dump_text(f, d, key, mb->tags[k]);
	}
}

/* One article; body_at is where the body's line 1, column 1 is in the
 * file, which markup relies on for its own positions. */
static void dump_article(FILE *f, const cp_diags *d, size_t i, const cp_article *a)
{
	char key[96];
	fprintf(f, "article[%zu].file = \"%s\"\n", i, a->file);
#define T(field)                                                                                   \
	do {                                                                                       \
		g_snprintf(key, sizeof key, "article[%zu].%s", i, #field);                         \
		dump_text(f, d, key, a->field);                                                    \
	} while (0)
	T(title);
	T(subtitle);
	T(author);
	T(lead);
#undef T
	fprintf(f, "article[%zu].writing = %s", i, cp_model_writing_names[a->writing]);
	put_at(f, d, a->writing_span);
	g_snprintf(key, sizeof key, "article[%zu].body", i);
	dump_text(f, d, key, a->body);
	fprintf(f, "article[%zu].body_at = %u:%u\n", i, a->body_line, a->body_col);
}

/* The layout, section by section in the order of a4-yoko.yaml. Every
 * value is printed (defaults too), so a golden dump pins what compose
 * will see; only unset style pitches and trackings are left out, since
 * "unset" is their meaning. */
static void dump_layout(FILE *f, const cp_diags *d, const cp_layout *l)
{
	fprintf(f, "layout.name = \"%s\"\n", l->name ? l->name : "");
	if (l->file != NULL)
		fprintf(f, "layout.file = \"%s\"\n", l->file);
	dump_text(f, d, "layout.page.size", l->page_size);
	dump_dim(f, d, "layout.page.width", l->page_width);
	dump_dim(f, d, "layout.page.height", l->page_height);
	fprintf(f, "layout.page.binding = %s", cp_model_binding_names[l->binding]);
	put_at(f, d, l->binding_span);
	dump_dim(f, d, "layout.page.bleed", l->bleed);
	dump_dim(f, d, "layout.margins.top", l->margin_top);
	dump_dim(f, d, "layout.margins.bottom", l->margin_bottom);
	dump_dim(f, d, "layout.margins.inner", l->margin_inner);
	dump_dim(f, d, "layout.margins.outer", l->margin_outer);
	fprintf(f, "layout.body.writing = %s\n", cp_model_writing_names[l->writing]);
	dump_text(f, d, "layout.body.font", l->body_font);
	fprintf(f, "layout.body.weight = %d\n", l->body_weight);
	dump_dim(f, d, "layout.body.size", l->body_size);
	dump_dim(f, d, "layout.body.pitch", l->body_pitch);
	fprintf(f, "layout.body.columns = %d\n", l->columns);
	dump_dim(f, d, "layout.body.column_gap", l->column_gap);
	fprintf(f, "layout.body.chars = %d\n", l->chars);
	fprintf(f, "layout.body.lines = %d\n", l->lines);
	dump_color(f, "layout.body.color", &l->body_color);
	static const char *const kinsoku[] = {"strict", "normal", "loose"};
	fprintf(f, "layout.body.kinsoku = %s\n",
	        kinsoku[l->kinsoku >= 0 && l->kinsoku < 3 ? l->kinsoku : 0]);
	fprintf(f, "layout.body.hanging = %s\n", l->hanging ? "true" : "false");
	for (size_t i = 0; i < l->n_fonts; i++) {
		char key[96];
		g_snprintf(key, sizeof key, "layout.fonts.%s", l->fonts[i].role);
		dump_text(f, d, key, l->fonts[i].family);
	}
	dump_color(f, "layout.colors.accent", &l->accent);
	dump_color(f, "layout.colors.card_rule", &l->card_rule);
	for (int s = 0; s < CP_STYLE_COUNT; s++) {
		const cp_style *st = &l->styles[s];
		const char *n = cp_model_style_names[s];
		char key[96];
		g_snprintf(key, sizeof key, "layout.styles.%s.font", n);
		dump_text(f, d, key, st->font);
		fprintf(f, "layout.styles.%s.weight = %d\n", n, st->weight);
		g_snprintf(key, sizeof key, "layout.styles.%s.size", n);
		dump_dim(f, d, key, st->size);
		if (st->pitch.set) {
			g_snprintf(key, sizeof key, "layout.styles.%s.pitch", n);
			dump_dim(f, d, key, st->pitch);
		}
		fprintf(f, "layout.styles.%s.lines = %d\n", n, st->lines);
		fprintf(f, "layout.styles.%s.align = %s\n", n, cp_model_align_names[st->align]);
		g_snprintf(key, sizeof key, "layout.styles.%s.color", n);
		dump_color(f, key, &st->color);
		if (st->tracking.set) {
			g_snprintf(key, sizeof key, "layout.styles.%s.tracking", n);
			dump_dim(f, d, key, st->tracking);
		}
	}
	fprintf(f, "layout.cards.columns = %d\n", l->card_columns);
	fprintf(f, "layout.cards.rows = %d\n", l->card_rows);
	dump_dim(f, d, "layout.cards.gap", l->card_gap);
	dump_dim(f, d, "layout.cards.padding", l->card_padding);
	dump_dim(f, d, "layout.cards.photo_width", l->card_photo_width);
	fprintf(f, "layout.cards.overflow = %s\n", cp_model_overflow_names[l->card_overflow]);
	dump_dim(f, d, "layout.cards.min_size", l->card_min_size);
	fprintf(f, "layout.cards.qr = %s\n", l->card_qr ? "true" : "false");
	dump_dim(f, d, "layout.cards.qr_size", l->card_qr_size);
	fprintf(f, "layout.running_head.position = %s\n",
	        cp_model_head_pos_names[l->head_position]);
	dump_dim(f, d, "layout.running_head.offset", l->head_offset);
	fprintf(f, "layout.folio.position = %s\n", cp_model_folio_pos_names[l->folio_position]);
	dump_dim(f, d, "layout.folio.offset", l->folio_offset);
	for (size_t i = 0; i < cp_layout_n_geom_keys; i++) {
		const cp_layout_geom_key *k = &cp_layout_geom_keys[i];
		char key[96];
		g_snprintf(key, sizeof key, "layout.%s.%s", k->section, k->key);
		dump_dim(f, d, key, *cp_layout_geom_cdim(l, k));
	}
	const cp_press_opts *p = &l->press;
	fprintf(f, "layout.press.pdfx = %s\n", cp_pdfx_names[p->pdfx]);
	dump_text(f, d, "layout.press.icc", p->icc);
	dump_text(f, d, "layout.press.icc_id", p->icc_id);
	dump_text(f, d, "layout.press.icc_name", p->icc_name);
	fprintf(f, "layout.press.marks = %s\n", p->marks ? "true" : "false");
	dump_dim(f, d, "layout.press.marks_margin", p->marks_margin);
	fprintf(f, "layout.press.tac = %d\n", p->tac);
	fprintf(f, "layout.press.jpeg_quality = %d\n", p->jpeg_quality);
	fprintf(f, "layout.press.hidden_folio = %s\n", p->hidden_folio ? "true" : "false");
	fprintf(f, "layout.press.min_ppi = %d\n", p->min_ppi);
	fprintf(f, "layout.press.strict = %s\n", p->strict ? "true" : "false");
	fprintf(f, "layout.press.overprint_black = %s\n", p->overprint_black ? "true" : "false");
	fprintf(f, "layout.body.tiers = %d\n", l->body_tiers);
	dump_dim(f, d, "layout.body.tier_gap", l->body_tier_gap);
	dump_dim(f, d, "layout.vertical.size", l->v_size);
	dump_dim(f, d, "layout.vertical.pitch", l->v_pitch);
	fprintf(f, "layout.vertical.chars = %d\n", l->v_chars);
	fprintf(f, "layout.vertical.lines = %d\n", l->v_lines);
	fprintf(f, "layout.vertical.tiers = %d\n", l->v_tiers);
	dump_dim(f, d, "layout.vertical.tier_gap", l->v_tier_gap);
	fprintf(f, "layout.tcy_digits = %d\n", l->tcy_digits);
	fprintf(f, "layout.toc.writing = %s", cp_model_writing_names[l->toc_writing]);
	put_at(f, d, l->toc_writing_span);
	fprintf(f, "layout.cards.writing = %s",
	        l->card_writing_set ? cp_model_writing_names[l->card_writing] : "body");
	put_at(f, d, l->card_writing_span);
	fprintf(f, "layout.cards.readings = %s", cp_model_readings_names[l->card_readings]);
	put_at(f, d, l->card_readings_span);
}

/* An ad: what it is, its size, the advertiser and its fields. */
static void dump_ad(FILE *f, const cp_diags *d, const char *what, size_t i, const cp_ad *ad)
{
	char key[64];
	fprintf(f, "%s[%zu] = \"%s\" %s", what, i, ad->file,
	        ad->size_span.line ? cp_model_ad_size_names[ad->size] : "any");
	put_at(f, d, ad->span);
	static const char *const names[] = {"member",  "company", "company_kana", "catch", "body",
	                                    "contact", "qr",      "style",        NULL};
	const cp_text *vals[] = {&(cp_text){ad->member_file, ad->member_span},
	                         &ad->company,
	                         &ad->company_kana,
	                         &ad->catch_copy,
	                         &ad->body,
	                         &ad->contact,
	                         &ad->qr,
	                         &ad->style};
	for (size_t k = 0; names[k] != NULL; k++) {
		g_snprintf(key, sizeof key, "%s[%zu].%s", what, i, names[k]);
		dump_text(f, d, key, *vals[k]);
	}
	if (ad->artwork.index >= 0)
		fprintf(f, "%s[%zu].artwork = image[%d]\n", what, i, ad->artwork.index);
	if (ad->artwork_pdf.index >= 0)
		fprintf(f, "%s[%zu].artwork = artwork[%d]\n", what, i, ad->artwork_pdf.index);
	if (ad->logo.index >= 0)
		fprintf(f, "%s[%zu].logo = image[%d]\n", what, i, ad->logo.index);
	if (ad->notes)
		fprintf(f, "%s[%zu].notes = true\n", what, i);
}

/* The fields, the parts, then what the parts point to (articles,
 * members, images), then the layout. The order is fixed so that dumps
 * compare as text. */
void cp_model_dump(const cp_model *m, const cp_diags *d, FILE *f)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	/* the issue */
	if (m->file != NULL)
		fprintf(f, "issue.file = \"%s\"\n", m->file);
	dump_text(f, d, "issue.magazine", m->magazine);
	fprintf(f, "issue.number = %d", m->number);
	put_at(f, d, m->number_span);
	fprintf(f, "issue.date = %04d-%02d-%02d", m->date.year, m->date.month, m->date.day);
	put_at(f, d, m->date.span);
	dump_text(f, d, "issue.title", m->title);
	dump_text(f, d, "issue.publisher", m->publisher);
	dump_text(f, d, "issue.layout", m->layout_ref);
	dump_text(f, d, "issue.cover.headline", m->cover_headline);
	if (m->cover_image.index >= 0) {
		fprintf(f, "issue.cover.image = image[%d]", m->cover_image.index);
		put_at(f, d, m->cover_image.span);
	}
	dump_text(f, d, "issue.colophon.editor", m->editor);
	dump_text(f, d, "issue.colophon.address", m->address);
	dump_text(f, d, "issue.colophon.contact", m->contact);
	dump_text(f, d, "issue.colophon.printer", m->printer);
	dump_text(f, d, "issue.colophon.note", m->note);

	/* contents, then what they point to */
	for (size_t i = 0; i < m->n_parts; i++) {
		const cp_part *p = &m->parts[i];
		fprintf(f, "part[%zu] = %s", i, cp_model_part_names[p->kind]);
		if (p->kind == CP_PART_ARTICLE)
			fprintf(f, " article[%zu]", p->index);
		else if (p->kind == CP_PART_MEMBERS)
			fprintf(f, " member[%zu..%zu)", p->index, p->index + p->count);
		else if (p->kind == CP_PART_ADS)
			fprintf(f, " ad[%zu..%zu)", p->index, p->index + p->count);
		put_at(f, d, p->span);
		if (p->title.s != NULL) {
			char key[48];
			g_snprintf(key, sizeof key, "part[%zu].title", i);
			dump_text(f, d, key, p->title);
		}
	}
	/* what the parts point to, each array in index order */
	for (size_t i = 0; i < m->n_articles; i++)
		dump_article(f, d, i, &m->articles[i]);
	for (size_t i = 0; i < m->n_members; i++)
		dump_member(f, d, i, &m->members[i]);
	for (size_t i = 0; i < m->n_ads; i++)
		dump_ad(f, d, "ad", i, &m->ads[i]);
	for (size_t i = 0; i < m->n_house_ads; i++)
		dump_ad(f, d, "house_ad", i, &m->house_ads[i]);
	/* images: path, kind, pixels and density, and the first place
	 * that names them */
	for (size_t i = 0; i < m->n_images; i++) {
		const cp_model_image *img = &m->images[i];
		char bx[G_ASCII_DTOSTR_BUF_SIZE];
		fprintf(f, "image[%zu] = \"%s\" %s %ux%u px %sx%s dpi", i, img->path,
		        cp_model_image_kind_names[img->kind], img->px_w, img->px_h,
		        cp_fmt_pt(buf, img->dpi_x), cp_fmt_pt(bx, img->dpi_y));
		put_at(f, d, img->span);
	}
	dump_layout(f, d, &m->layout);
}

/* --- check -------------------------------------------------------------------- */

/* Invariants load promises compose. These are g_assert (on in every
 * build): a failure is a bug in load, never bad input, which load turns
 * into diagnostics instead. */
void cp_model_check(const cp_model *m)
{
	g_assert(m != NULL);
	g_assert(m->arena != NULL);
	g_assert(m->n_images <= m->images_cap || m->images_cap == 0);
	g_assert(m->n_parts == 0 || m->parts != NULL);
	g_assert(m->n_articles == 0 || m->articles != NULL);
	g_assert(m->n_members == 0 || m->members != NULL);
	g_assert(m->cover_image.index < 0 || (size_t)m->cover_image.index < m->n_images);

	/* parts point inside their arrays; members parts tile the members
	 * array in order, each range sorted by reading */
	size_t next_member = 0;
	for (size_t i = 0; i < m->n_parts; i++) {
		const cp_part *p = &m->parts[i];
		g_assert(p->kind < CP_PART_KIND_COUNT);
		if (p->kind == CP_PART_ARTICLE) {
			g_assert(p->index < m->n_articles);
			g_assert(p->count == 1);
		} else if (p->kind == CP_PART_MEMBERS) {
			g_assert(p->index == next_member);
			g_assert(p->index + p->count <= m->n_members);
			for (size_t k = p->index + 1; k < p->index + p->count; k++) {
				const char *a = m->members[k - 1].company_kana.s;
				const char *b = m->members[k].company_kana.s;
				g_assert(strcmp(a ? a : "", b ? b : "") <= 0);
			}
			next_member = p->index + p->count;
		}
	}
	g_assert(next_member == m->n_members);
	/* ads parts tile the ads array in order */
	size_t next_ad = 0;
	for (size_t i = 0; i < m->n_parts; i++) {
		const cp_part *p = &m->parts[i];
		if (p->kind != CP_PART_ADS)
			continue;
		g_assert(p->index == next_ad && p->index + p->count <= m->n_ads);
		next_ad = p->index + p->count;
	}
	g_assert(next_ad == m->n_ads);
	for (size_t i = 0; i < m->n_ads + m->n_house_ads; i++) {
		const cp_ad *ad = i < m->n_ads ? &m->ads[i] : &m->house_ads[i - m->n_ads];
		g_assert(ad->file != NULL && ad->size < CP_AD_SIZE_COUNT);
		g_assert(ad->artwork.index < 0 || (size_t)ad->artwork.index < m->n_images);
		g_assert(ad->logo.index < 0 || (size_t)ad->logo.index < m->n_images);
		g_assert(ad->house || ad->company.s != NULL);
	}

	/* every article and member is complete enough for compose to index:
	 * a file name, a valid enum, arrays present when counted */
	for (size_t i = 0; i < m->n_articles; i++) {
		const cp_article *a = &m->articles[i];
		g_assert(a->file != NULL);
		g_assert(a->writing < CP_WRITING_COUNT);
		g_assert(a->body.s == NULL || a->body_line >= 1);
	}
	for (size_t i = 0; i < m->n_members; i++) {
		const cp_member *mb = &m->members[i];
		g_assert(mb->file != NULL);
		g_assert(mb->n_intro == 0 || mb->intro != NULL);
		g_assert(mb->n_tags == 0 || mb->tags != NULL);
		g_assert(mb->photo.index < 0 || (size_t)mb->photo.index < m->n_images);
	}
	for (size_t i = 0; i < m->n_images; i++)
		g_assert(m->images[i].path != NULL && m->images[i].kind < CP_IMAGE_KIND_COUNT);

	/* the layout's enums and fonts */
	/* the layout: enums in range (they index the name tables), font
	 * table present when counted */
	const cp_layout *l = &m->layout;
	g_assert(l->binding < CP_BIND_COUNT && l->writing < CP_WRITING_COUNT);
	g_assert(l->head_position < CP_HEAD_POS_COUNT && l->folio_position < CP_FOLIO_POS_COUNT);
	g_assert(l->n_fonts == 0 || l->fonts != NULL);
	for (int s = 0; s < CP_STYLE_COUNT; s++)
		g_assert(l->styles[s].align < CP_ALIGN_COUNT);
}
