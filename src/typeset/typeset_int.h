/* typeset_int.h - what the files of src/typeset/ share and nobody else sees.
 * Audience: the .c files of src/typeset/ only (never another folder).
 *
 * The stage is split into steps, one file each:
 *   typesetter.c  the engine: private fontconfig, font map, print context,
 *                 family lookup, font checks, once-only diagnostics;
 *   paragraph.c   cp_ts_set: runs -> one PangoLayout -> our lines (in order:
 *                 concatenate, attributes, break, convert, justify, place);
 *   line.c        one PangoLayoutLine -> positioned clusters (glyphs in
 *                 points, cairo-style clusters, trailing spaces dropped);
 *   justify.c     the justification gaps of a line and the slack spread
 *                 over them (JLReq 3.8, interim form).
 * The JLReq composer of a later issue replaces paragraph.c, line.c and
 * justify.c behind the unchanged typeset.h. */
#ifndef CP_TYPESET_TYPESET_INT_H
#define CP_TYPESET_TYPESET_INT_H

#include "typeset/typeset.h"

#include <fontconfig/fontconfig.h>

/* How far (pt) a line may exceed the measure and still count as fitting.
 * HarfBuzz hands Pango advances in whole Pango units (1/1024 pt), so a line
 * of N glyphs can be up to N/2048 pt longer than the sum of the true
 * advances; such a line is brought back to the measure by justification
 * (a negative slack spread like a positive one), not reported as overset. */
#define CP_TS_FIT_TOLERANCE 0.05

/* The engine. One per process run; owns everything below. */
struct cp_typesetter {
	FcConfig *config;          /* the private configuration (own ref) */
	PangoFontMap *fontmap;     /* PangoCairo FT font map on config */
	PangoContext *context;     /* print settings, reused for every layout */
	GHashTable *families;      /* family name -> cp_ts_family_info* */
	GHashTable *font_families; /* PangoFont* (ref held) -> its families, g_strv */
	GHashTable *baselines;     /* "family|weight" -> double* em baseline */
	GHashTable *reported;      /* keys of diagnostics already given */
	char **all_families;       /* every family in config (hints), lazily */
};

/* What the engine knows about one requested family name. */
typedef struct cp_ts_family_info {
	bool exists;               /* a font of this family is in the config */
	char *canonical;           /* the family fallback checks compare with */
} cp_ts_family_info;

/* A source run after defaults are applied, with its place in the
 * concatenated text. Lives in the paragraph's scratch (a GArray). */
typedef struct cp_ts_src_run {
	cp_span span;              /* the caller's run's span */
	uint32_t start, end;       /* byte range in the paragraph text */
	const char *family;
	int weight;
	double size;
	cp_color color;
	const char *link;          /* copied into the result's arena */
	const cp_ts_family_info *fam;
} cp_ts_src_run;

/* One cluster of a line before it is cut into glyph runs: a range of the
 * paragraph text and the glyphs that show it, at absolute line x. */
typedef struct cp_ts_cell {
	uint32_t start, len;       /* bytes in the paragraph text */
	uint32_t first_glyph;      /* index into the line's glyph scratch */
	uint32_t n_glyphs;
	uint32_t src;              /* index of the source run of the first byte */
	PangoFont *font;
	double x;                  /* pen position from the line's start, pt */
	double advance;            /* natural advance of the cluster, pt */
	gunichar ch;               /* the cluster's first character */
} cp_ts_cell;

/* A glyph of the line scratch: id, offset from its cluster's pen position. */
typedef struct cp_ts_cell_glyph {
	uint32_t id;
	double dx, dy, advance;
} cp_ts_cell_glyph;

/* The line scratch filled by cp_ts_line_cells and read by justify/place. */
typedef struct cp_ts_cells {
	GArray *cells;             /* cp_ts_cell, in text order */
	GArray *glyphs;            /* cp_ts_cell_glyph */
	bool forced_break;         /* the line ends at a hard break (\n, U+2028) */
} cp_ts_cells;

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
void cp_ts_check_fonts(cp_typesetter *ts, PangoLayout *layout, const char *text,
		       const GArray *srcs, cp_diags *d);
/* A font description for family/weight/size (size in pt). Caller frees. */
PangoFontDescription *cp_ts_font_desc(const char *family, int weight, double size);

/* line.c */

/* Reads one Pango line into cells (cleared first). Trailing white space and
 * paragraph separators at the line's end are dropped. */
void cp_ts_line_cells(PangoLayoutLine *pline, const char *text, const GArray *srcs,
		      cp_ts_cells *out);
/* Index of the source run holding byte offset off (srcs sorted by start). */
uint32_t cp_ts_src_find(const GArray *srcs, uint32_t off);

/* justify.c */

/* Natural width of the cells: from the first cell's pen to the end of the
 * last one's advance. */
double cp_ts_cells_natural(const cp_ts_cells *c);
/* Spreads slack (pt, may be slightly negative) evenly over the line's
 * justification gaps by moving cells right. Returns false (and moves
 * nothing) when the line has no gap. */
bool cp_ts_cells_justify(cp_ts_cells *c, double slack);

#endif
