/* typeset.h - the paragraph typesetter: styled runs + a measure + a style ->
 * lines of positioned glyphs. Audience: compose (and tests, benchmarks).
 * Knows nothing of pages, YAML or the layout file: compose hands it font
 * families, sizes and measures in points.
 *
 * The typesetter owns a private fontconfig configuration (fonts/fonts.conf),
 * a Pango font map and a context with the print settings measured in
 * docs/pango-notes.md: 72 dpi (1 unit = 1 pt), no hinting, no glyph
 * position rounding, kerning off, no inserted hyphens.
 *
 * Paragraph results (cp_ts_para) are roots: their lines, runs and glyphs live
 * in the result's arena, and each PangoFont a run names is referenced by the
 * result until cp_ts_para_free. */
#ifndef CP_TYPESET_TYPESET_H
#define CP_TYPESET_TYPESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pango/pango.h>

#include "base/arena.h"
#include "base/color.h"
#include "base/diag.h"
#include "base/span.h"

typedef struct cp_typesetter cp_typesetter;

typedef enum cp_ts_align { CP_TS_JUSTIFY, CP_TS_START, CP_TS_CENTER, CP_TS_END } cp_ts_align;

/* Line-start and line-end rules, as CSS Text 3 (section 5.3, the
 * line-break property) defines them for Japanese; docs/format.md lists what
 * each allows. Brackets, commas and full stops never start a line and
 * opening brackets never end one, whichever is chosen. */
typedef enum cp_ts_kinsoku {
	CP_TS_KINSOKU_STRICT, /* the default: none of the marks below starts a line */
	CP_TS_KINSOKU_NORMAL, /* small kana, ー and the hyphens ‐ – 〜 ゠ may start a line */
	CP_TS_KINSOKU_LOOSE,  /* also iteration marks, ・：；！？, a single … ‥ and
	                       * postfixes (％ ℃); a line may end after a prefix (￥) */
} cp_ts_kinsoku;

typedef struct cp_ts_style {
	const char *family; /* font family ("Noto Serif CJK JP") */
	int weight;         /* CSS weight, 400 = regular */
	double size;        /* pt */
	double pitch;       /* line pitch, pt: line i's baseline is at i * pitch */
	cp_ts_align align;  /* justify: every line but the last fills the measure */
	double indent;      /* first-line indent, pt (e.g. 1 zw) */
	double tracking;    /* extra space after every character, pt */
	cp_color color;
	bool vertical;         /* tategaki: lines run down the column (vshape.c; the
	                        * line model stays in inline coordinates, see
	                        * cp_ts_glyph_run) */
	cp_ts_kinsoku kinsoku; /* line-start rules (strict by default) */
	bool hanging;          /* burasagari of 、。，． (issue 3) */
	int max_lines;         /* 0 = no limit; else stop after this many lines */
	bool phrase;           /* display text (titles, headings, catch copy): lines
	                        * break only between phrases (bunsetsu, phrase.c)
	                        * and are balanced, the last never a stub of 1-3
	                        * characters; a '\n' in the text still breaks */
	uint8_t tcy_digits;    /* vertical: numbers of up to this many ASCII digits
	                        * are set as tate-chu-yoko: 2 (also when 0) or 3 */
} cp_ts_style;

/* How a glyph run stands in a line. Horizontal lines have only
 * CP_TS_ORIENT_HORIZONTAL; a vertical line (cp_ts_style.vertical) has the
 * other three. */
typedef enum cp_ts_orient {
	CP_TS_ORIENT_HORIZONTAL = 0,
	CP_TS_ORIENT_UPRIGHT, /* vertical forms and vertical metrics (Japanese) */
	CP_TS_ORIENT_ROTATED, /* horizontal glyphs turned 90 degrees clockwise
	                       * (Western words, long numbers) */
	CP_TS_ORIENT_TCY,     /* tate-chu-yoko: horizontal glyphs set upright, one
	                       * em long, centred on the line's axis */
} cp_ts_orient;

/* A run of text in one style. Fields left 0/NULL take the paragraph style's. */
typedef struct cp_ts_run {
	const char *text; /* UTF-8 */
	size_t len;       /* bytes */
	const char *family;
	int weight;
	double size;
	const cp_color *color;
	const char *link; /* a URI: the glyph runs carry it */
	cp_span span;     /* where the text was written, for font diagnostics */
	/* The inline notations (markup's notation.c; ruby.c sets them): a run
	 * that has one is one annotated base. */
	const char *ruby; /* group ruby reading (UTF-8); mono: one reading per
	                   * base character joined with '|'; NULL for none */
	uint32_t kenten;  /* emphasis mark over each character (U+FE45 ﹅), 0 none */
	bool ruby_mono;   /* ruby holds one reading per base character */
	bool tcy;         /* tate-chu-yoko: upright as one cell in vertical lines */
} cp_ts_run;

/* Vertical lines keep the horizontal model along the line: x and widths
 * run down the column, the line's y is its index * pitch across the
 * columns. A glyph of an UPRIGHT or TCY run has x = how far down from the
 * run's start its origin sits, y = how far right of the line's centre axis
 * (negative: left); a ROTATED run's glyphs keep horizontal geometry (x
 * along its baseline, y below it), the run turned clockwise as a whole. */
typedef struct cp_ts_glyph {
	uint32_t id;
	double x, y;    /* origin relative to the glyph run's start on the baseline */
	double advance; /* natural advance, pt (justification moves the next origin) */
} cp_ts_glyph;

typedef struct cp_ts_cluster {
	uint32_t n_bytes;
	uint32_t n_glyphs;
} cp_ts_cluster;

/* Glyphs of one font, colour and link on one line. */
typedef struct cp_ts_glyph_run {
	PangoFont *font; /* referenced by the paragraph result */
	double size;     /* pt */
	cp_color color;
	const char *link; /* NULL or the run's URI */
	const char *text; /* the characters shown, UTF-8 */
	uint32_t n_text;
	cp_ts_glyph *glyphs;
	uint32_t n_glyphs;
	cp_ts_cluster *clusters;
	uint32_t n_clusters;
	double x;       /* start of the run from the line's start, pt */
	double width;   /* advance, pt */
	uint8_t orient; /* cp_ts_orient */
	double block;   /* annotations (cp_ts_line.annots): in a horizontal line
	                 * the baseline's distance above the line's baseline; in
	                 * a vertical one the centre axis's distance right of the
	                 * line's axis, pt; 0 for the line's own runs */
} cp_ts_glyph_run;

/* JLReq character classes (appendix A) as the composer uses them; a
 * class decides the spacing of a character with its neighbours and where a
 * line may break around it (classes.c). */
typedef enum cp_ts_class {
	CP_TS_CL_OPEN,      /* cl-01 opening brackets 「（ */
	CP_TS_CL_CLOSE,     /* cl-02 closing brackets 」） */
	CP_TS_CL_HYPHEN,    /* cl-03 hyphens ‐ 〜 */
	CP_TS_CL_DIVIDING,  /* cl-04 dividing punctuation ！？ */
	CP_TS_CL_MIDDLE,    /* cl-05 middle dots ・：； */
	CP_TS_CL_FULLSTOP,  /* cl-06 full stops 。． */
	CP_TS_CL_COMMA,     /* cl-07 commas 、， */
	CP_TS_CL_INSEP,     /* cl-08 inseparable characters — … */
	CP_TS_CL_ITER,      /* cl-09 iteration marks 々 ゝ */
	CP_TS_CL_PROLONGED, /* cl-10 prolonged sound mark ー */
	CP_TS_CL_SMALL,     /* cl-11 small kana っ ャ */
	CP_TS_CL_PREFIX,    /* cl-12 prefixed abbreviations ￥ ＄ */
	CP_TS_CL_POSTFIX,   /* cl-13 postfixed abbreviations ％ ℃ */
	CP_TS_CL_IDSPACE,   /* cl-14 ideographic space */
	CP_TS_CL_KANA,      /* cl-15/16 hiragana and katakana */
	CP_TS_CL_IDEO,      /* cl-19 ideographs and other full-width characters */
	CP_TS_CL_FWDIGIT,   /* full-width digits (kept together like a number) */
	CP_TS_CL_WESTERN,   /* cl-27 Western letters, digits and their punctuation */
	CP_TS_CL_SPACE,     /* a word space (U+0020 and friends) */
	CP_TS_CL_OTHER,     /* zero-width and control characters */
	CP_TS_CL_COUNT
} cp_ts_class;

/* One character (cluster) of a composed line, for tests and checks: where
 * its box sits. The box of a punctuation mark set with its half-width form
 * (JLReq 3.1.2) is the ink half only; the space around it is the gap to the
 * neighbours. Other characters' boxes are their advances. */
typedef struct cp_ts_box {
	uint32_t start, len; /* bytes in the paragraph text */
	double x;            /* box start from the line's start (the runs' frame), pt */
	double width;        /* box width, pt */
	uint8_t cls;         /* cp_ts_class */
	bool hang;           /* a hanging mark (burasagari) past the measure */
	bool brk_after;      /* a line may break after this character (an
	                      * ordinary opportunity, or a natural point of a
	                      * web address), for checks of the line lengths */
} cp_ts_box;

typedef struct cp_ts_line {
	cp_ts_glyph_run *runs;
	size_t n_runs;
	cp_ts_box *boxes; /* the line's characters left to right: text order
	                   * unless the line holds right-to-left text; no
	                   * trailing spaces */
	size_t n_boxes;
	bool justified; /* brought to the measure by justification (JLReq 3.8) */
	bool broken;    /* starts after a break the composer chose (not at the
	                 * paragraph's start or after a hard break) */
	double hang;    /* width of a hanging mark past the measure, or 0 */
	double x;       /* the line's start from the measure's start (indent, centring) */
	double width;   /* set width: the measure for justified lines */
	double natural; /* width before justification */
	double y;       /* baseline from the first line's baseline: index * pitch */
	double ascent;  /* largest ascent and descent of the line's fonts */
	double descent;
	uint32_t start, end; /* byte range in the paragraph's text */
	bool last;           /* last line of the paragraph (set at natural width) */
	bool vertical;       /* set by a vertical style: x runs down the column */
	/* ruby and emphasis dots over the line's bases (ruby.c): glyph runs
	 * with x from the line's start, like runs, and their block offset;
	 * they sit in the line gap and never change y */
	cp_ts_glyph_run *annots;
	size_t n_annots;
} cp_ts_line;

typedef struct cp_ts_para {
	cp_arena *arena;
	GPtrArray *fonts; /* PangoFont refs the runs use */
	const char *text; /* the runs' text, concatenated */
	size_t n_text;
	cp_ts_line *lines;
	size_t n_lines;
	double measure;
	bool truncated; /* max_lines stopped the paragraph early */
	int refs;       /* typeset's own: results are shared (memo.c) */
} cp_ts_para;

/* Creates a typesetter on the private font configuration fonts_conf. Returns
 * NULL after adding a diagnostic when the file cannot be loaded. */
cp_typesetter *cp_ts_new(const char *fonts_conf, cp_diags *d);
void cp_ts_free(cp_typesetter *ts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(cp_typesetter, cp_ts_free)

/* A second typesetter for another thread: the same font configuration
 * (shared: fontconfig's queries are thread-safe), its own Pango font map,
 * context, caches and memo. Pango's objects are never shared between
 * threads: each thread uses only its own typesetter and the fonts it
 * gave. Results set by either are the same, but for the PangoFont objects
 * they name (the same face and size from two font maps: displist.h's font
 * table keeps one entry for both). Free it with cp_ts_free on any thread
 * once its thread is done. */
cp_typesetter *cp_ts_new_sibling(cp_typesetter *ts);

/* Recording, for a typesetter whose diagnostics another thread replays in
 * order (compose's par.c): while rec is set, every diagnostic the
 * typesetter would give once (font, glyph and overset diagnostics) is
 * added to the sink it is given every time, and rec gets its index in the
 * sink and its key; cp_ts_diag_claim on the typesetter that gives them
 * then says whether it is new. rec is a GArray of cp_ts_rec (the caller
 * frees the keys); NULL stops recording. */
typedef struct cp_ts_rec {
	size_t index; /* in the sink */
	char *key;    /* the diagnostic's identity (g_free) */
} cp_ts_rec;
void cp_ts_record(cp_typesetter *ts, GArray *rec);
/* True when the diagnostic of key has not been given by ts, which now
 * counts it as given (the replay of a recorded one). */
bool cp_ts_diag_claim(cp_typesetter *ts, const char *key);

/* Swaps the typesetter's memory of recent results with a second one (made
 * empty the first time). A result the memory hands out again gives no
 * diagnostics, which is right only when the work that made it gave them
 * first; work done on the typesetter's thread out of turn (compose's
 * par.c: jobs run, recorded, while waiting for another) keeps its results
 * in the second memory, so what the typesetter's own turn finds in its
 * memory was made in turn. Call again to swap back. */
void cp_ts_memo_swap(cp_typesetter *ts);

/* Drops what the typesetter keeps only to be faster (recent paragraph
 * results, working arrays), e.g. once composition is done; results already
 * handed out stay valid. */
void cp_ts_trim(cp_typesetter *ts);

/* True when family resolves to a font file of that family in the private
 * configuration (not a fallback). */
bool cp_ts_has_family(cp_typesetter *ts, const char *family);
/* The same, reporting a missing family (FONT_MISSING) at span, where the
 * layout names it; the family is then not reported again where text uses
 * it. */
bool cp_ts_check_family(cp_typesetter *ts, const char *family, cp_span span, cp_diags *d);

/* Sets a paragraph. The result is shared with the typesetter's memory of
 * recent paragraphs (memo.c): read it, never change it. Characters that fall back to another family
 * give one FONT_FALLBACK warning per run (naming the characters, at the run's span); characters no
 * font has give MISSING_GLYPH. Never NULL; free with cp_ts_para_free. An empty paragraph has no
 * lines. */
cp_ts_para *cp_ts_set(cp_typesetter *ts, const cp_ts_style *style, const cp_ts_run *runs,
                      size_t n_runs, double measure, cp_diags *d);
void cp_ts_para_free(cp_ts_para *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(cp_ts_para, cp_ts_para_free)
/* Another reference to p (atomic, like cp_ts_para_free: a result may be
 * made on one thread and freed on another). */
cp_ts_para *cp_ts_para_ref(cp_ts_para *p);

/* Natural width of a text set in a style without breaking, as the composer
 * sets it (halved punctuation, wa-ou-kan, no aki after a final closing
 * mark); the widest line when the text holds a hard break. pt. */
double cp_ts_text_width(cp_typesetter *ts, const cp_ts_style *style, const char *text, cp_diags *d);

/* The ideographic em box of a style's font: where the baseline sits below
 * the em box's top, as a fraction of the size (0.88 for Noto CJK). */
double cp_ts_em_baseline(cp_typesetter *ts, const cp_ts_style *style);

#endif
