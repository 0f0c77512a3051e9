/* typeset_int.h - what the files of src/typeset/ share and nobody else sees.
 * Audience: the .c files of src/typeset/ only (never another folder).
 *
 * The stage is split into steps, one file each (docs/architecture.md "typeset:
 * core"), run in this order by paragraph.c:
 *   typesetter.c  the engine: private fontconfig, font map, print context,
 *                 family lookup, font checks, once-only diagnostics, the
 *                 measured half-width forms of punctuation (halt);
 *   shape.c       runs -> items and glyphs, unwrapped (pango_itemize:
 *                 fonts by role, fallback; HarfBuzz on Pango's fonts)
 *                 -> cells: one per cluster with its advance, per hard
 *                 line;
 *   classes.c     the JLReq class of every cell and the gap between
 *                 neighbours: natural width, shrink and stretch by priority,
 *                 and whether a line may break there (JLReq 3.1, 3.8);
 *   breaks.c      total-fit line breaking over the gaps (Knuth-Plass with
 *                 an active-node list), hanging punctuation as an option;
 *   justify.c     one line brought to the measure in JLReq 3.8 priority
 *                 order, cell positions fixed;
 *   paragraph.c   cp_ts_set: the steps above, then glyph runs per line.
 * The line grid itself is the pitch: line i's baseline is i * pitch. */
#ifndef CP_TYPESET_TYPESET_INT_H
#define CP_TYPESET_TYPESET_INT_H

#include "typeset/typeset.h"

#include <fontconfig/fontconfig.h>

/* How far (pt) a line may exceed the measure and still count as fitting.
 * HarfBuzz hands Pango advances in whole Pango units (1/1024 pt), so a line
 * of N glyphs can be up to N/2048 pt longer than the sum of the true
 * advances; such a line is brought back to the measure by justification. */
#define CP_TS_FIT_TOLERANCE 0.05

/* Adjustment priorities (JLReq 3.8.3 and 3.8.4). Shrinking takes the
 * levels in order 0, 1, 2, then 3 only when nothing else sets the line;
 * stretching takes level 0, then the even level. The space after a full
 * stop inside a line is never reduced, and two punctuation marks in a row
 * never meet solid (issue 12). */
enum {
	CP_TS_SHRINK_MIDDLE = 0, /* quarter spaces around middle dots, to 0 (a dot's
	                          * two quarters together or not at all) */
	CP_TS_SHRINK_PUNCT = 1,  /* half spaces of brackets and commas down to a
	                          * quarter zw; a third of a word space */
	CP_TS_SHRINK_WAOU = 2,   /* wa-ou-kan quarter space, down to 1/8 zw */
	CP_TS_SHRINK_DEEP = 3,   /* the last quarter of a lone bracket or comma:
	                          * only when no push-out or break sets the line */
	CP_TS_SHRINK_LEVELS = 4,
};

/* Costs of breaking at a weak opportunity (cp_ts_gap.weak). */
enum {
	CP_TS_WEAK_NONE = 0,
	CP_TS_WEAK_ADDRESS = 1, /* a natural point of a web address, e-mail address
	                         * or path (after / . @ ? & = - _ # :), or after a
	                         * hyphen inside a word */
	CP_TS_WEAK_WORD = 2,    /* display text: a word boundary inside a phrase */
};

/* The engine. One per thread that composes (cp_ts_new, cp_ts_new_sibling);
 * owns everything below. */
struct cp_typesetter {
	FcConfig *config;              /* the private configuration (own ref) */
	PangoFontMap *fontmap;         /* PangoCairo FT font map on config */
	PangoContext *context;         /* print settings, reused for every layout */
	GHashTable *families;          /* family name -> cp_ts_family_info* */
	GHashTable *font_families;     /* PangoFont* (ref held) -> its families, g_strv */
	GHashTable *baselines;         /* "family|weight" -> double* em baseline */
	GHashTable *reported;          /* keys of diagnostics already given */
	GHashTable *halves;            /* "font|glyph" -> cp_ts_half* (measured halt) */
	GHashTable *metrics;           /* PangoFont* (ref held) -> double[2] ascent, descent */
	char **all_families;           /* every family in config (hints), lazily */
	struct cp_ts_memo *memo;       /* recent paragraph results (memo.c) */
	struct cp_ts_memo *memo_other; /* the other one (cp_ts_memo_swap), or NULL */
	struct cp_ts_shapes *shapes;   /* shaped cells for other measures, both memos' (memo.c) */
	struct cp_ts_scratch *scratch; /* cp_ts_set's working arrays (paragraph.c) */
	struct cp_ts_shaper *shaper;   /* HarfBuzz buffer and sub-fonts (shape.c), lazily */
	GArray *rec;                   /* cp_ts_rec: recording (cp_ts_record), else NULL */
	struct UBreakIterator *words;  /* ICU's Japanese words (phrase.c), lazily */
};

/* What the engine knows about one requested family name. */
typedef struct cp_ts_family_info {
	bool exists;     /* a font of this family is in the config */
	char *canonical; /* the family fallback checks compare with */
} cp_ts_family_info;

/* A punctuation glyph's half-width form, measured with the font's `halt`
 * feature as fractions of the full-width advance: the half's advance and
 * where the glyph's origin moves (negative: the ink sits in the right half,
 * as in an opening bracket). ok is false when the font has no halt for it. */
typedef struct cp_ts_half {
	bool ok;
	double advance; /* e.g. 0.5 */
	double offset;  /* e.g. -0.5 for 「, 0 for 」, -0.25 for ・ */
} cp_ts_half;

/* A source run after defaults are applied, with its place in the
 * concatenated text. Lives in the paragraph's scratch (a GArray). */
typedef struct cp_ts_src_run {
	cp_span span;        /* the caller's run's span */
	uint32_t start, end; /* byte range in the paragraph text */
	const char *family;
	int weight;
	double size;
	cp_color color;
	const char *link; /* copied into the result's arena */
	const cp_ts_family_info *fam;
	bool tcy;         /* the run's tcy flag: tate-chu-yoko in a vertical line */
	const char *ruby; /* the caller's run's notations (ruby.c) */
	uint32_t kenten;
	bool ruby_mono;
} cp_ts_src_run;

/* One cluster: a range of the paragraph text and the glyphs that show it.
 * shape.c fills text, glyphs and advance; classes.c the class and the box;
 * justify.c the position x. */
typedef struct cp_ts_cell {
	uint32_t start, len;  /* bytes in the paragraph text */
	uint32_t first_glyph; /* index into the glyph scratch */
	uint32_t n_glyphs;
	uint32_t src;    /* index of the source run of the first byte */
	float edge_lead; /* room a line starting here needs before the box, pt:
	                  * a ruby reading's overhang onto the kana before it,
	                  * which the line's start cannot take (ruby.c); a float
	                  * in what was padding, so a cell stays 96 bytes */
	PangoFont *font;
	double advance;     /* natural advance of the cluster, pt */
	double size;        /* the cluster's type size: its zw, pt */
	double box;         /* box width (the ink half of halved punctuation) */
	double ink;         /* glyph origin from the box's start, pt */
	double lead, trail; /* JLReq aki before and after the box, pt */
	double x;           /* box start from the line's start, pt */
	gunichar ch;        /* the cluster's first character */
	uint8_t cls;        /* cp_ts_class */
	uint8_t level;      /* bidi embedding level (0: left to right) */
	bool hang;          /* set hanging past the measure */
	uint8_t orient;     /* cp_ts_orient (vshape.c) */
} cp_ts_cell;

/* A justified line that ends with a closing bracket, comma or full stop
 * and is short of the measure by at least that mark's half aki keeps the
 * aki (its full-width frame then ends at the measure) before any gap is
 * widened. JLReq table 5 counts the aki as part of the line, removed at a
 * line end only as a step of reduction ("1/2=0"); the jlreq class keeps
 * it the same way. All or nothing, so the edge stays exact; breaks.c
 * rates the line both ways and keeps the better (cp_ts_brk.end_aki), and
 * justify.c sets it so. */
static inline double cp_ts_end_aki(const cp_ts_cell *c)
{
	return c->cls == CP_TS_CL_CLOSE || c->cls == CP_TS_CL_COMMA || c->cls == CP_TS_CL_FULLSTOP
	           ? c->trail
	           : 0.0;
}

/* A glyph of the scratch: id, offset from its cluster's pen position. */
typedef struct cp_ts_cell_glyph {
	uint32_t id;
	double dx, dy, advance;
} cp_ts_cell_glyph;

/* A hard line of the paragraph: the cells between two forced breaks. */
typedef struct cp_ts_hard {
	uint32_t start, end; /* bytes of the Pango line (end excluded) */
	uint32_t c0, c1;     /* cells [c0, c1) */
} cp_ts_hard;

/* The gap between cell i and cell i + 1 (classes.c). Widths in pt. */
typedef struct cp_ts_gap {
	double nat;                         /* natural width */
	double shrink[CP_TS_SHRINK_LEVELS]; /* how much each level may take away */
	double stretch;                     /* level-0 stretch: wa-ou-kan, word spaces */
	bool even;                          /* takes a share of the even inter-character stretch */
	bool brk;                           /* a line may break here */
	bool urgent;                        /* only in an emergency: inside a word or number */
	uint8_t weak;                       /* CP_TS_WEAK_*: a break that costs extra */
	bool word;                          /* inside a Western word (no break, no even stretch) */
	bool digits;         /* between two full-width digits: an even share only when the
	                      * even gaps alone would pass a quarter zw each (justify.c) */
	double mid_a, mid_b; /* level-0 shares: cell i's trailing quarter and
	                      * cell i + 1's leading quarter (middle dots) */
	double tail;         /* aki kept after cell i when a line ends there */
} cp_ts_gap;

/* The whole paragraph's scratch, reused by every step. */
typedef struct cp_ts_cells {
	GArray *cells;    /* cp_ts_cell, in text order (a set line: visual) */
	GArray *glyphs;   /* cp_ts_cell_glyph */
	GArray *gaps;     /* cp_ts_gap; gap i follows cell i */
	GArray *hards;    /* cp_ts_hard */
	GByteArray *work; /* breaks.c: the prefix sums of a hard line */
	GArray *nodes;    /* breaks.c: its nodes (of its own type) */
	GArray *active;   /* breaks.c: its active nodes (int) */
} cp_ts_cells;

/* A line chosen by breaks.c: cells [c0, c1], c1 inclusive, of one hard
 * line; hang when c1 is a hanging mark. */
typedef struct cp_ts_brk {
	uint32_t c0, c1;
	bool hang;
	bool empty;   /* an empty hard line (no cells) */
	bool urgent;  /* ends inside a word wider than the measure */
	bool ragged;  /* set at natural width although not last: a line
	               * before a web address or word that did not fit,
	               * which letter-spacing would not fill well */
	bool end_aki; /* keeps its closing mark's aki at the end
	               * (cp_ts_end_aki) */
} cp_ts_brk;

/* The options of breaking and justifying one paragraph. */
typedef struct cp_ts_opts {
	double measure;
	double indent;    /* first line's indent */
	bool justify;     /* lines but the last fill the measure */
	bool hanging;     /* burasagari allowed (JLReq 3.8.2) */
	bool phrase;      /* display text: the last line is rated too, and a
	                   * last line of 1-3 characters is avoided */
	bool phrase_only; /* display text, breaks.c's second try: a word
	                   * boundary inside a phrase costs as much as an
	                   * overfull line */
	bool line_limit;  /* the style keeps only its first lines (max_lines) */
} cp_ts_opts;

/* A line of the shaped paragraph (shape.c): the glyph items of a hard
 * line as Pango would have laid it out unwrapped, bytes [start, end). */
typedef struct cp_ts_shaped_line {
	uint32_t start, end;
	uint32_t r0, r1; /* glyph items [r0, r1) of cp_ts_shaped.runs */
} cp_ts_shaped_line;

/* The paragraph itemized and shaped once (cp_ts_shape_text). */
typedef struct cp_ts_shaped {
	GArray *runs;                /* PangoGlyphItem (own item; glyphs in arena), text order */
	GArray *lines;               /* cp_ts_shaped_line */
	GArray *orients;             /* uint8_t cp_ts_orient, one per run */
	cp_arena *arena;             /* the glyph strings (cp_ts_glyphs_new): never
	                              * pango_glyph_string_set_size or _free them */
	struct cp_ts_shaper *shaper; /* the typesetter's, which lends the arena */
} cp_ts_shaped;

/* typesetter.c */

/* Looks family up (cached). Adds one FONT_MISSING error per family per
 * typesetter when it is not in the private configuration. */
const cp_ts_family_info *cp_ts_family_get(cp_typesetter *ts, const char *family, cp_span span,
                                          cp_diags *d);
/* The families of a font's FcPattern (cached; valid while ts lives). */
const char *const *cp_ts_font_families(cp_typesetter *ts, PangoFont *font);
/* True when one of the font's families is family (fontconfig comparison:
 * case and blanks ignored). */
bool cp_ts_font_is_family(cp_typesetter *ts, PangoFont *font, const char *family);
/* Adds a diagnostic unless the same code, span and message were already
 * given by this typesetter (compose may set a paragraph several times). */
void cp_ts_diag_once(cp_typesetter *ts, cp_diags *d, cp_diag_code code, cp_span span,
                     const char *hint, const char *fmt, ...) G_GNUC_PRINTF(6, 7);
/* Checks the fonts Pango chose for every item of layout against the
 * families the source runs asked for: FONT_FALLBACK warnings (one per run
 * and fallback family, naming the characters) and MISSING_GLYPH errors
 * (one per character and run), each given once per typesetter. */
bool cp_ts_check_fonts(cp_typesetter *ts, const cp_ts_shaped *sh, const char *text,
                       const GArray *srcs, cp_diags *d);
/* A font description for family/weight/size (size in pt). Caller frees. */
PangoFontDescription *cp_ts_font_desc(const char *family, int weight, double size);

/* The half-width form of character ch in font, measured by shaping it with
 * HarfBuzz and the font's `halt` feature (cached per font and character). */
const cp_ts_half *cp_ts_half_get(cp_typesetter *ts, PangoFont *font, gunichar ch);
/* Ascent and descent of font, pt (cached). */
void cp_ts_font_extents(cp_typesetter *ts, PangoFont *font, double *ascent, double *descent);

/* shape.c */

/* Itemizes and shapes text (n_text bytes, valid UTF-8 without NUL) with
 * the source runs' fonts under the style's, kerning off, no wrapping: its
 * lines are the hard lines. Free with cp_ts_shaped_free. */
cp_ts_shaped *cp_ts_shape_text(cp_typesetter *ts, const cp_ts_style *style, const char *text,
                               size_t n_text, const GArray *srcs);
void cp_ts_shaped_free(cp_ts_shaped *sh);
/* Shapes item (of text, n_text bytes, the rest of it context) with
 * HarfBuzz on the item's font, kerning off: the glyphs, advances, offsets
 * and clusters pango_shape_item gives with the composer's attributes
 * (is_color stays 0). */
PangoGlyphString *cp_ts_shape_item(cp_typesetter *ts, cp_ts_shaped *sh, const PangoItem *item,
                                   const char *text, size_t n_text);
/* A glyph string of n zeroed glyphs in sh's arena (freed with sh). */
PangoGlyphString *cp_ts_glyphs_new(cp_ts_shaped *sh, int n);
/* The typesetter's shaping state (a buffer, sub-fonts); accepts NULL. */
typedef struct cp_ts_shaper cp_ts_shaper;
void cp_ts_shaper_free(cp_ts_shaper *sp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(cp_ts_shaped, cp_ts_shaped_free)
/* Reads the shaped lines into cells, glyphs and hard lines (all cleared
 * first); text is the paragraph's own (its '\n' cut hard lines). Trailing
 * white space of a hard line is kept as cells (breaks.c drops it from
 * lines). */
void cp_ts_shape_cells(const cp_ts_shaped *sh, const char *text, const GArray *srcs,
                       cp_ts_cells *out);
/* Puts cells [c0, c1] of a positioned line into visual order (UAX #9 rule
 * L2 on the cells' levels) and moves each cell, with the room it had up to
 * its logical successor, to its visual place; the line keeps its start and
 * width. Nothing moves when every level is 0. */
void cp_ts_reorder_line(cp_ts_cells *c, uint32_t c0, uint32_t c1);
/* Index of the source run holding byte offset off (srcs sorted by start). */
uint32_t cp_ts_src_find(const GArray *srcs, uint32_t off);

/* vshape.c */

/* Upright or rotated: a character's orientation in a vertical line (tcy is
 * decided on whole numbers by cp_ts_vshape_item). */
cp_ts_orient cp_ts_orient_of(gunichar ch);
/* Shapes item for a vertical line: cuts it where
 * the orientation changes (pango_item_split) and appends one glyph item
 * per piece to sh->runs and its orientation to sh->orients; the text of a source
 * run with the tcy flag is one tate-chu-yoko piece. Returns the pieces'
 * advance down the line, Pango units. */
int cp_ts_vshape_item(cp_typesetter *ts, cp_ts_shaped *sh, const cp_ts_style *style,
                      PangoItem *item, const char *text, size_t n_text, const GArray *srcs);

/* paragraph.c */

typedef struct cp_ts_scratch cp_ts_scratch;
cp_ts_scratch *cp_ts_scratch_new(void);
void cp_ts_scratch_free(cp_ts_scratch *sc);

/* Holds a reference to font in p (once per font); returns font. */
PangoFont *cp_ts_para_keep_font(cp_ts_para *p, PangoFont *font);

/* ruby.c */

/* The bases of a paragraph and their shaped readings; kept in the
 * scratch and reused. */
typedef struct cp_ts_ruby cp_ts_ruby;
cp_ts_ruby *cp_ts_ruby_new(void);
void cp_ts_ruby_free(cp_ts_ruby *rb);
/* True when a source run has a reading or emphasis dots. */
bool cp_ts_ruby_any(const GArray *srcs);
/* Finds the bases of the classified cells, shapes their readings and
 * widens the bases a longer reading needs (boxes and inner gaps); no
 * break inside a group base. Forgets the previous paragraph's bases. */
void cp_ts_ruby_prepare(cp_typesetter *ts, const cp_ts_style *style, cp_ts_ruby *rb, cp_ts_cells *c,
                        const GArray *srcs);
/* The annotations of the bases within cells [c0, c1] of a positioned line
 * into line->annots. */
void cp_ts_ruby_line(cp_typesetter *ts, const cp_ts_style *style, const cp_ts_ruby *rb,
                     cp_ts_para *p, const cp_ts_cells *c, const GArray *srcs, uint32_t c0,
                     uint32_t c1, cp_ts_line *line);

/* memo.c */

typedef struct cp_ts_memo cp_ts_memo;
cp_ts_memo *cp_ts_memo_new(void);
void cp_ts_memo_free(cp_ts_memo *m);
/* The typesetter's kept shaped cells (below), shared by its memos. */
typedef struct cp_ts_shapes cp_ts_shapes;
cp_ts_shapes *cp_ts_shapes_new(void);
void cp_ts_shapes_free(cp_ts_shapes *l);
/* Every input of cp_ts_set, serialised. */
GBytes *cp_ts_memo_key(const cp_ts_style *style, const cp_ts_run *runs, size_t n_runs,
                       double measure);
/* A new reference to the result kept under key, or NULL. */
cp_ts_para *cp_ts_memo_get(cp_ts_memo *m, GBytes *key);
/* Keeps p (with a reference of its own) under key, unless too large. */
void cp_ts_memo_put(cp_ts_memo *m, GBytes *key, cp_ts_para *p);
/* The inputs of cp_ts_set's steps 2-4 (shaping, classes, gaps):
 * cp_ts_memo_key without the measure, indent, alignment, pitch, hanging,
 * line limit, colours, links and spans. */
GBytes *cp_ts_memo_shape_key(const cp_ts_style *style, const cp_ts_run *runs, size_t n_runs);
/* Copies the cells, glyphs, gaps and hard lines kept under key into out's
 * arrays; false when none are kept. */
bool cp_ts_memo_shape_get(cp_ts_shapes *l, GBytes *key, cp_ts_cells *out);
/* Keeps copies of c's cells, glyphs, gaps and hard lines (and a reference
 * to each font they name) under key, the least recently used dropped. */
void cp_ts_memo_shape_put(cp_ts_shapes *l, GBytes *key, const cp_ts_cells *c);

/* classes.c */

/* The JLReq class of a character. */
cp_ts_class cp_ts_class_of(gunichar ch);
/* Classes every cell, measures halved punctuation and fills the gaps under
 * the line-start rules k. */
void cp_ts_classify(cp_typesetter *ts, cp_ts_cells *c, cp_ts_kinsoku k);

/* phrase.c */

/* Display text: keeps the breaks of the hard lines of text only between
 * phrases (bunsetsu); word boundaries inside a phrase become weak breaks
 * (CP_TS_WEAK_WORD) and the other breaks emergency ones. */
void cp_ts_phrase_gaps(cp_typesetter *ts, const char *text, cp_ts_cells *c);
/* Closes the typesetter's word break iterator (cp_ts_free). */
void cp_ts_phrase_fini(cp_typesetter *ts);

/* breaks.c */

/* An empty array of breaks.c's nodes (cp_ts_cells.nodes). */
GArray *cp_ts_nodes_new(void);
/* Breaks hard line h into lines by total fit; appends cp_ts_brk to out.
 * Uses c's work, nodes and active arrays as scratch. */
void cp_ts_break_hard(const cp_ts_cells *c, const cp_ts_hard *h, const cp_ts_opts *o, bool first,
                      GArray *out);

/* justify.c */

/* Natural width of cells [c0, c1] set as a line (with the line-end aki;
 * a hanging c1 not counted). */
double cp_ts_line_natural(const cp_ts_cells *c, uint32_t c0, uint32_t c1, bool hang);
/* Positions cells [c0, c1] as a line whose room is avail: natural width,
 * shrunk if it does not fit, stretched to avail when stretch is true;
 * end_aki (breaks.c's choice) keeps the closing mark's aki at its end.
 * Returns the width set (up to the end of the last box that is not hanging). */
double cp_ts_line_position(cp_ts_cells *c, uint32_t c0, uint32_t c1, bool hang, bool end_aki,
                           double avail, bool stretch, bool *justified);

#endif
