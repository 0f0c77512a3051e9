/* model.h - the content model: an issue, its articles, members and layout as
 * plain C structs, every value carrying where it came from.
 * Audience: load (writes it), compose and cli (read it). No logic here but
 * free, dump and check; no Pango, no Cairo, no libyaml.
 *
 * Ownership: cp_model is one root. Every string, array and struct reachable
 * from it lives in its arena (m->arena) and is freed by cp_model_free. The
 * model keeps editor units (cp_length); compose converts to points. */
#ifndef CP_MODEL_MODEL_H
#define CP_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/color.h"
#include "base/diag.h"
#include "base/pdfx.h"
#include "base/span.h"
#include "base/units.h"

/* A string value and where it was written. s == NULL: the key was absent. */
typedef struct cp_text {
	const char *s;
	cp_span span;
} cp_text;

/* A length value and where it was written. set == false: the key was absent
 * and len holds the default. */
typedef struct cp_dim {
	cp_length len;
	cp_span span;
	bool set;
} cp_dim;

/* --- images ------------------------------------------------------------ */

typedef enum cp_image_kind {
	CP_IMAGE_NONE,
	CP_IMAGE_JPEG,
	CP_IMAGE_PNG,
	CP_IMAGE_KIND_COUNT
} cp_image_kind;

/* An image file the issue uses, probed (header only) by load. */
typedef struct cp_model_image {
	const char *path;    /* resolved against the naming file */
	cp_span span;        /* the first place that names it */
	cp_image_kind kind;  /* NONE when it could not be read */
	uint32_t px_w, px_h; /* pixels */
	double dpi_x, dpi_y; /* from the file's density, 0 when not given */
	bool cmyk;           /* a four-component (CMYK/YCCK) JPEG */
} cp_model_image;

/* A reference from a field to an image. index < 0: no image given. */
typedef struct cp_image_ref {
	int32_t index; /* into cp_model.images */
	cp_span span;
} cp_image_ref;

/* --- supplied PDF artwork (issue 15) ------------------------------------- */

/* A page of a PDF the issue places whole (an advertiser's artwork). Load
 * resolves the path and checks the file is there; the cli has the press
 * step read the page (cp_press_artwork_read) before compose and fills in
 * what it found, so compose can place it without reading PDF itself. */
typedef struct cp_model_artwork {
	const char *path; /* resolved against the naming file */
	int page;         /* 1-based */
	cp_span span;     /* the first place that names it */
	/* set by the cli from the press step's reading: */
	bool read;             /* false: it could not be read (an error was given) */
	double width, height;  /* its box (TrimBox, else CropBox, else MediaBox), points */
	double crop_x, crop_y; /* the box's top-left from the CropBox's, y down */
	double min_ppi;        /* the lowest ppi of its images at 100 %; 0: none */
} cp_model_artwork;

/* A reference from a field to an artwork. index < 0: none. */
typedef struct cp_artwork_ref {
	int32_t index; /* into cp_model.artworks */
	cp_span span;
} cp_artwork_ref;

/* --- member profiles --------------------------------------------------- */

typedef struct cp_member {
	const char *file; /* the member's YAML file */
	cp_span span;     /* the file's top mapping */
	cp_text company;
	cp_text company_kana; /* hiragana reading; the directory's sort key */
	cp_text representative;
	cp_text representative_kana;
	cp_text industry;
	cp_text catch_copy; /* key "catch" */
	cp_text *intro;     /* paragraphs, at least one */
	size_t n_intro;
	cp_text recent;  /* optional */
	cp_text address; /* contact: */
	cp_text tel;
	cp_text url;
	cp_text email;
	cp_image_ref photo;  /* optional */
	cp_text referred_by; /* optional */
	cp_text *tags;       /* optional */
	size_t n_tags;
} cp_member;

/* --- articles ------------------------------------------------------------ */

typedef enum cp_writing { CP_WRITING_HORIZONTAL, CP_WRITING_VERTICAL, CP_WRITING_COUNT } cp_writing;

typedef struct cp_article {
	const char *file;
	cp_span span;
	cp_text title;
	cp_text subtitle; /* optional */
	cp_text author;
	cp_text lead; /* optional */
	cp_writing writing;
	cp_span writing_span;
	cp_text body; /* CommonMark */
	/* Line 1 column 1 of body.s is at file line body_line, column body_col
	 * (for a block scalar: the first content line and its indentation), so
	 * markup can report file:line:col for what it finds in the body. */
	uint32_t body_line;
	uint32_t body_col;
} cp_article;

/* --- advertisements (issue 15) ------------------------------------------- */

/* The sizes an ad is bought in, as a fraction of the ad area of a page;
 * the layout's ad grid gives each its frame(s). Names: cp_model_ad_size_names
 * ("1", "1/2", "1/3", "1/4", "1/8"). */
typedef enum cp_ad_size {
	CP_AD_PAGE,
	CP_AD_HALF,
	CP_AD_THIRD,
	CP_AD_QUARTER,
	CP_AD_EIGHTH,
	CP_AD_SIZE_COUNT
} cp_ad_size;

/* One advertisement: supplied artwork or a text ad canpress sets from its
 * fields. A house ad (the network's own notice, `house_ads:`) has no member
 * and may have no size: it fills an empty slot or a page that would be
 * blank. */
typedef struct cp_ad {
	const char *file; /* the ad file, or the issue file for an inline ad */
	cp_span span;     /* the ad's mapping */
	bool house;
	/* the advertiser, from the member file `member` names */
	const char *member_file;
	cp_span member_span;
	cp_text company;
	cp_text company_kana; /* the placement's and the index's sort key */
	cp_text address;
	cp_text tel;
	cp_text url;
	cp_text email;
	cp_ad_size size;
	cp_span size_span; /* size_span.line == 0: no size given (house ads) */
	/* supplied artwork: an image (artwork.index >= 0), or a PDF page */
	cp_image_ref artwork;
	cp_artwork_ref artwork_pdf; /* a PDF page (its page 1): index >= 0 */
	/* a text ad */
	cp_text catch_copy; /* key "catch" */
	cp_text body;
	cp_text contact; /* a contact line; absent: the member's */
	cp_image_ref logo;
	cp_text qr;    /* a URL for a QR code */
	cp_text style; /* an ad style of the layout; absent: the first */
	bool notes;    /* a house ad that is a notes page (ruled lines) */
} cp_ad;

/* --- the contents -------------------------------------------------- */

typedef enum cp_part_kind {
	CP_PART_COVER,
	CP_PART_TOC,
	CP_PART_ARTICLE,
	CP_PART_MEMBERS,
	CP_PART_COLOPHON,
	CP_PART_ADS, /* the joint advertising pages (issue 15): ads[index .. index + count) */
	CP_PART_KIND_COUNT
} cp_part_kind;

/* One entry of `contents`. For an article: articles[index]. For members:
 * members[index .. index + count), already sorted by company_kana. */
typedef struct cp_part {
	cp_part_kind kind;
	cp_span span;
	size_t index;
	size_t count;
	cp_text title; /* optional heading for a members part */
} cp_part;

typedef struct cp_date {
	int year, month, day;
	cp_span span;
} cp_date;

/* --- the layout -------------------------------------------------------------- */

typedef enum cp_binding { CP_BIND_LEFT, CP_BIND_RIGHT, CP_BIND_COUNT } cp_binding;
typedef enum cp_align {
	CP_ALIGN_JUSTIFY,
	CP_ALIGN_START,
	CP_ALIGN_CENTER,
	CP_ALIGN_END,
	CP_ALIGN_COUNT
} cp_align;

/* The styles a layout names, by role. Their YAML names are in
 * cp_model_style_names (same order). */
typedef enum cp_style_id {
	CP_STYLE_TITLE, /* article title */
	CP_STYLE_SUBTITLE,
	CP_STYLE_AUTHOR,
	CP_STYLE_LEAD,
	CP_STYLE_HEADING,    /* ## */
	CP_STYLE_SUBHEADING, /* ### */
	CP_STYLE_QUOTE,      /* block quote */
	CP_STYLE_CAPTION,
	CP_STYLE_RUNNING_HEAD,
	CP_STYLE_FOLIO,
	CP_STYLE_SECTION, /* "メンバー紹介", "目次": a section title */
	CP_STYLE_TOC_ENTRY,
	CP_STYLE_TOC_AUTHOR,
	CP_STYLE_COVER_MAGAZINE, /* the magazine's name on the cover */
	CP_STYLE_COVER_HEADLINE,
	CP_STYLE_COVER_META,     /* number and date on the cover */
	CP_STYLE_COVER_CONTENTS, /* the contents list on the cover */
	CP_STYLE_CARD_COMPANY,
	CP_STYLE_CARD_KANA, /* readings */
	CP_STYLE_CARD_PERSON,
	CP_STYLE_CARD_INDUSTRY,
	CP_STYLE_CARD_CATCH,
	CP_STYLE_CARD_TEXT,  /* intro and recent */
	CP_STYLE_CARD_LABEL, /* "近況", "紹介" labels */
	CP_STYLE_CARD_CONTACT,
	CP_STYLE_COLOPHON,
	CP_STYLE_COUNT
} cp_style_id;

typedef struct cp_style {
	cp_text font; /* a font role ("mincho", "gothic") */
	int weight;   /* CSS weight: 400 regular, 700 bold */
	cp_dim size;  /* type size */
	cp_dim pitch; /* line pitch for multi-line text */
	int lines;    /* gyo-dori: body grid lines the block takes (0 = as needed) */
	cp_align align;
	cp_color color;
	cp_dim tracking; /* added between characters (0 = solid setting) */
	cp_span span;    /* the style's mapping in the layout */
} cp_style;

typedef struct cp_font_role {
	const char *role; /* "mincho" */
	cp_text family;   /* "Noto Serif CJK JP" */
} cp_font_role;

typedef enum cp_overflow {
	CP_OVERFLOW_ERROR,
	CP_OVERFLOW_WARN,
	CP_OVERFLOW_SHRINK,
	CP_OVERFLOW_FIT, /* a card takes one cell, two, or a page */
	CP_OVERFLOW_COUNT
} cp_overflow;

/* How a card shows the company's and the representative's readings. */
typedef enum cp_card_readings {
	CP_READINGS_LINE, /* a small line of their own (the default) */
	CP_READINGS_RUBY, /* as ruby over the names */
	CP_READINGS_COUNT
} cp_card_readings;

/* The print step's settings (layout `press:`), read by the press stage. */
typedef struct cp_press_opts {
	cp_pdfx pdfx; /* auto: X-1a unless a page uses transparency, then X-4 */
	cp_span pdfx_span;
	cp_text icc;          /* output profile path, resolved; NULL = the built-in one */
	cp_text icc_id;       /* OutputConditionIdentifier, e.g. "JC200103" */
	cp_text icc_name;     /* OutputCondition, e.g. "Japan Color 2001 Coated" */
	bool marks;           /* Japanese crop marks (tombo) on a larger sheet */
	cp_dim marks_margin;  /* sheet beyond the trim on every side */
	int tac;              /* total area coverage limit, percent */
	int jpeg_quality;     /* CMYK JPEG re-encoding quality */
	bool hidden_folio;    /* a small folio on pages that show none */
	int min_ppi;          /* an image printed below this is an error */
	bool strict;          /* low-resolution warnings are errors */
	bool overprint_black; /* K100 text and thin K100 rules overprint (sumi nose) */
} cp_press_opts;

/* A frame of the ad grid: columns x rows cells. */
#define CP_AD_MAX_SHAPES 4
typedef struct cp_ad_shape {
	int w, h;
} cp_ad_shape;

/* How a text ad looks (layout `ads: styles:`); names: cp_model_ad_design_names. */
typedef enum cp_ad_design {
	CP_AD_NOTICE, /* a warm notice: tinted paper, a double rule, centred */
	CP_AD_BAND,   /* a bold catch reversed out of a colour band */
	CP_AD_CARD,   /* a quiet card: a hairline frame, a rule under the catch */
	CP_AD_DESIGN_COUNT
} cp_ad_design;

typedef struct cp_ad_style {
	const char *name;
	cp_span span;
	cp_ad_design design;
	cp_style catch_style;
	cp_style body;
	cp_style contact;
	cp_color paper;  /* the ad's ground */
	cp_color accent; /* band, rules */
} cp_ad_style;

typedef enum cp_folio_pos {
	CP_FOLIO_BOTTOM_OUTER,
	CP_FOLIO_BOTTOM_CENTER,
	CP_FOLIO_TOP_OUTER,
	CP_FOLIO_POS_COUNT
} cp_folio_pos;
typedef enum cp_head_pos {
	CP_HEAD_TOP,
	CP_HEAD_BOTTOM,
	CP_HEAD_NONE,
	CP_HEAD_POS_COUNT
} cp_head_pos;

/* The distances of the cover, the contents, the member cards' inner rhythm,
 * the colophon and the section bar: layout keys whose defaults are written
 * in layouts/a4-yoko.yaml (docs/format.md describes each). The list of
 * them, cp_layout_geom_keys, is the one place the loader, the model dump
 * and compose's range check learn their names. */
typedef struct cp_layout_cover {
	cp_dim masthead_top;      /* the sheet's top to the magazine name's cap height */
	cp_dim masthead_rule;     /* the name's baseline to the rule under it */
	cp_dim after_masthead;    /* the rule to the title, photo or colour field */
	cp_dim title_gap;         /* photo cover: the feature's title to the photo */
	cp_dim photo_height;      /* photo cover: the photo's height at most */
	cp_dim after_photo;       /* the photo to the headline */
	cp_dim after_headline;    /* the headline or the colour field to the contents */
	cp_dim field_top;         /* the rule to the colour field's top edge */
	cp_dim field_padding;     /* inside the colour field, above and below its text */
	cp_dim field_min_height;  /* the colour field's least height */
	cp_dim field_inset;       /* the field's text is this much narrower than the area */
	cp_dim field_line;        /* the field's top to its thin paper line */
	cp_dim field_title_gap;   /* the field's title block to its headline */
	cp_dim field_title_rule;  /* the field's title to the short rule under it */
	cp_dim field_rule_length; /* that rule's length */
	cp_dim field_number_min; /* the issue number in the field is set this large or not at all */
	cp_dim contents_gap;     /* between the contents' two columns */
	cp_dim entry_gap;        /* typographic cover: air under each entry of the contents */
	cp_dim entry_rule;       /* typographic cover: an entry's rule above its leading */
} cp_layout_cover;

typedef struct cp_layout_card {
	cp_dim photo_gap;      /* the header's text to the photo beside it */
	cp_dim after_industry; /* the industry to the company's reading */
	cp_dim after_kana;     /* the reading to the company's name */
	cp_dim after_company;  /* the name to the representative */
	cp_dim after_person;   /* the representative to the catch copy */
	cp_dim rule_space;     /* above and below the hairline under the header */
	cp_dim before_recent;  /* extra air above the recent activity */
	cp_dim before_foot;    /* the least air between the text and the contact lines */
	cp_dim qr_gap;         /* the contact lines to the QR code beside them */
} cp_layout_card;

typedef struct cp_layout_colophon {
	cp_dim rule_gap;   /* the rule over the magazine's name to the name's em top */
	cp_dim after_name; /* the name to the date */
	cp_dim after_date; /* the date to the rows */
	cp_dim note_gap;   /* the rows to the note under them */
} cp_layout_colophon;

typedef struct cp_layout_toc {
	cp_dim author_drop; /* an entry's author line below its grid line */
} cp_layout_toc;

typedef struct cp_layout_head_rule {
	cp_dim gap;    /* the running head's baseline to the short rule under it */
	cp_dim length; /* the rule's length, from the outer edge */
	cp_dim weight;
} cp_layout_head_rule;

typedef struct cp_layout_figures {
	cp_dim caption_gap; /* a figure's picture to its caption's em top */
} cp_layout_figures;

typedef struct cp_layout_section_bar {
	cp_dim length; /* the short accent bar over a title, the contents and the directory */
	cp_dim weight;
} cp_layout_section_bar;

typedef struct cp_layout {
	const char *file; /* where it was read from */
	const char *name; /* its name ("a4-yoko") */

	/* page */
	cp_text page_size; /* as written: "A4", "B5", "182mm x 257mm" */
	cp_dim page_width; /* trim size */
	cp_dim page_height;
	cp_binding binding;
	cp_span binding_span;
	cp_dim bleed;

	/* margins: the frame the type area sits in */
	cp_dim margin_top;
	cp_dim margin_bottom;
	cp_dim margin_inner;
	cp_dim margin_outer;

	/* the body type area (hanmen) */
	cp_writing writing;
	cp_text body_font; /* role */
	int body_weight;
	cp_dim body_size;
	cp_dim body_pitch; /* line pitch (baseline to baseline) */
	int columns;
	cp_dim column_gap;
	int chars;              /* characters per line; 0 = as many as fit */
	int lines;              /* lines per column; 0 = as many as fit */
	cp_span type_area_span; /* the `body:` mapping, for type-area errors */
	cp_color body_color;
	int kinsoku;  /* line-start rules: 0 strict, 1 normal, 2 loose (CSS Text 3) */
	bool hanging; /* burasagari (issue 3) */

	/* fonts by role */
	cp_font_role *fonts;
	size_t n_fonts;

	cp_style styles[CP_STYLE_COUNT];

	/* member cards */
	int card_columns;
	int card_rows;
	cp_dim card_gap;           /* between cards, both ways */
	cp_dim card_padding;       /* inside the card frame */
	cp_dim card_photo_width;   /* photo, 3:4, at the card's top outer corner */
	cp_color card_rule;        /* frame colour */
	cp_overflow card_overflow; /* text that does not fit a cell: fit, error, warn, shrink */
	cp_span card_overflow_span;
	cp_dim card_min_size; /* shrink: the smallest card text size */
	cp_color accent;      /* rules, section marks */

	/* running head and folio */
	cp_head_pos head_position;
	cp_dim head_offset; /* from the type area's edge to the head's baseline */
	cp_folio_pos folio_position;
	cp_dim folio_offset; /* from the type area's edge to the folio's baseline */

	cp_press_opts press; /* the print step (issue 4) */

	/* member cards: the member's contact.url as a QR code at the card's
	 * foot, the square qr_size wide (issue 15) */
	bool card_qr;
	cp_dim card_qr_size;

	/* distances the layout sets (issue 16): cp_layout_geom_keys */
	cp_layout_cover cover;
	cp_layout_card card;
	cp_layout_colophon colophon;
	cp_layout_toc toc;
	cp_layout_section_bar section_bar;

	/* the vertical type area (tategaki, issue 14): `chars` characters a
	 * line top to bottom, `lines` lines a tier right to left, `tiers`
	 * tiers (dan) top to bottom with `tier_gap` between them. From
	 * `body:` when its writing is vertical (the body is this area), else
	 * from `vertical:` (the area vertical articles of a horizontal
	 * layout get). */
	int body_tiers;       /* body: tiers (vertical body only) */
	cp_dim body_tier_gap; /* body: tier_gap */
	cp_dim v_size;        /* vertical: size */
	cp_dim v_pitch;       /* vertical: pitch */
	int v_chars;          /* vertical: chars */
	int v_lines;          /* vertical: lines */
	int v_tiers;          /* vertical: tiers */
	cp_dim v_tier_gap;    /* vertical: tier_gap */
	/* numbers of up to this many ASCII digits stand upright as
	 * tate-chu-yoko in vertical text (2 or 3; `tcy_digits` in `body:` or
	 * `vertical:`); longer ones are rotated */
	int tcy_digits;
	cp_span v_span; /* the `vertical:` mapping, for its errors */

	cp_layout_head_rule head_rule; /* `running_head:` rule_gap, rule_length, rule_weight */
	cp_layout_figures figures;
	/* the ad grid (issue 15, layout `ads:`) */
	int ad_columns; /* cells across the type area */
	int ad_rows;    /* cells down */
	cp_span ad_grid_span;
	cp_dim ad_gap; /* between cells, both ways */
	/* each size's frames in cells, in the layout's order of preference */
	cp_ad_shape ad_shapes[CP_AD_SIZE_COUNT][CP_AD_MAX_SHAPES];
	int ad_n_shapes[CP_AD_SIZE_COUNT];
	cp_span ad_sizes_span;
	bool ad_index; /* the advertisers' index (広告索引) after the ads */
	cp_ad_style *ad_styles;
	size_t n_ad_styles;
	/* a text ad's QR code: its square (quiet zone included) between these,
	 * as large as the frame suggests, never under the smallest module */
	cp_dim ad_qr_min, ad_qr_max;

	cp_writing toc_writing; /* toc: writing: the contents set horizontally in
	                         * the type area, or vertically in the vertical
	                         * area */
	cp_span toc_writing_span;

	/* member cards (issue 14): `cards: writing` sets them horizontally or
	 * vertically (unset: as the body), `cards: readings` shows the company's
	 * and the representative's readings as a line of their own or as ruby */
	cp_writing card_writing;
	bool card_writing_set;
	cp_span card_writing_span;
	cp_card_readings card_readings;
	cp_span card_readings_span;
} cp_layout;

/* One distance of a layout section: `section: { key: length }` is the
 * cp_dim at `offset` in cp_layout; compose refuses values under min_mm or
 * over the page's height. Every unit reads, zw as the body size. */
typedef struct cp_layout_geom_key {
	const char *section;
	const char *key;
	size_t offset;
	double min_mm;
} cp_layout_geom_key;

extern const cp_layout_geom_key cp_layout_geom_keys[];
extern const size_t cp_layout_n_geom_keys;
/* The cp_dim a key names in lay. */
cp_dim *cp_layout_geom_dim(cp_layout *lay, const cp_layout_geom_key *k);
const cp_dim *cp_layout_geom_cdim(const cp_layout *lay, const cp_layout_geom_key *k);

/* --- the root -------------------------------------------------------------- */

typedef struct cp_model {
	cp_arena *arena;  /* owns everything below */
	const char *file; /* the issue file */
	cp_span span;

	cp_text magazine;
	int number;
	cp_span number_span;
	cp_date date;
	cp_text title; /* optional feature title */
	cp_text publisher;
	cp_text layout_ref; /* as written */
	cp_text cover_headline;
	cp_image_ref cover_image;
	cp_text editor; /* colophon: */
	cp_text address;
	cp_text contact;
	cp_text printer;
	cp_text note;

	cp_part *parts; /* contents, in order */
	size_t n_parts;
	cp_article *articles; /* in contents order */
	size_t n_articles;
	cp_member *members; /* per members part, sorted by company_kana */
	size_t n_members;
	cp_model_image *images; /* every image the issue names, once each */
	size_t n_images;
	size_t images_cap;       /* allocated length of images (load grows it) */
	uint64_t bytes_read;     /* YAML bytes load has read (its per-issue budget) */
	uint64_t pixels_whole;   /* pixels of images render decodes whole: PNGs and
	                          * CMYK JPEGs (load's per-issue budget) */
	size_t errors_contained; /* errors reported while loading whose harm stays
	                          * in their own piece, now left out of the model (a
	                          * broken member or article, an image, an unknown
	                          * key outside the layout): the model is whole
	                          * without them, so the cli may compose it to find
	                          * every other problem (never to write output) */

	cp_layout layout;

	cp_ad *ads; /* per ads part, sorted by size (largest first), then reading */
	size_t n_ads;
	cp_ad *house_ads; /* `house_ads:`, in the order */
	size_t n_house_ads;
	cp_model_artwork *artworks; /* every supplied PDF page the issue names, once each */
	size_t n_artworks;
	size_t artworks_cap;
} cp_model;

extern const char *const cp_model_style_names[CP_STYLE_COUNT];
extern const char *const cp_model_part_names[CP_PART_KIND_COUNT];
extern const char *const cp_model_writing_names[CP_WRITING_COUNT];
extern const char *const cp_model_align_names[CP_ALIGN_COUNT];
extern const char *const cp_model_binding_names[CP_BIND_COUNT];
extern const char *const cp_model_folio_pos_names[CP_FOLIO_POS_COUNT];
extern const char *const cp_model_head_pos_names[CP_HEAD_POS_COUNT];
extern const char *const cp_model_image_kind_names[CP_IMAGE_KIND_COUNT];
extern const char *const cp_model_overflow_names[CP_OVERFLOW_COUNT];
extern const char *const cp_model_readings_names[CP_READINGS_COUNT];
extern const char *const cp_model_ad_size_names[CP_AD_SIZE_COUNT];
extern const char *const cp_model_ad_design_names[CP_AD_DESIGN_COUNT];

/* An empty model with its arena; load fills it. */
cp_model *cp_model_new(void);
void cp_model_free(cp_model *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(cp_model, cp_model_free)

/* The family for a font role, or NULL when the layout names none. */
const char *cp_model_font_family(const cp_layout *layout, const char *role);
/* The image an image reference points to, or NULL. */
const cp_model_image *cp_model_image_get(const cp_model *m, cp_image_ref ref);
/* The artwork a reference points to, or NULL. */
const cp_model_artwork *cp_model_artwork_get(const cp_model *m, cp_artwork_ref ref);

/* Writes the model as text (one value per line, "key = value @line:col"),
 * for `canpress dump --stage=model` and golden tests. Paths are printed as
 * stored; no pointers, no locale. */
void cp_model_dump(const cp_model *m, const cp_diags *d, FILE *f);

/* Asserts the model's invariants (indexes in range, parts consistent). A
 * failure is a bug in load, not bad input. */
void cp_model_check(const cp_model *m);

#endif
