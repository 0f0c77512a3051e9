/* compose_int.h - what the files of compose share; never leaves src/compose.
 *
 * Geometry: every length is in points on the trimmed page, origin top-left,
 * y down. The type area (hanmen) is `columns` columns of `chars` body
 * characters, `lines` lines on a constant pitch; line i of a column has its
 * baseline at area_top + em_base + i * pitch, where em_base is how far the
 * body font's ideographic em box top sits above its baseline. Everything
 * that flows with the body (headings, figures, quotes) takes whole lines of
 * this grid, so baselines line up across columns and facing pages. */
#ifndef CP_COMPOSE_COMPOSE_INT_H
#define CP_COMPOSE_COMPOSE_INT_H

#include "compose/compose.h"

#include "base/limits.h"

typedef enum cp_page_role {
	CP_PAGE_COVER,
	CP_PAGE_TOC,
	CP_PAGE_ARTICLE,
	CP_PAGE_MEMBERS,
	CP_PAGE_COLOPHON,
	CP_PAGE_BLANK,
	CP_PAGE_ADS, /* the joint advertising pages, and house-ad pages (issue 15) */
} cp_page_role;

/* What pages.c needs to add running heads and folios afterwards. */
typedef struct cp_page_info {
	cp_page_role role;
	const char *head; /* the running head's section text (dl arena) */
} cp_page_info;

typedef struct cp_geom {
	double page_w, page_h, bleed;
	double size;    /* body type size */
	double pitch;   /* body line pitch */
	double em_base; /* em box top to baseline, pt */
	double measure; /* column width = chars * size */
	double gap;     /* column gap */
	int columns;
	int chars;
	int lines;
	double area_w, area_h; /* the type area */
	double area_top;
	double inner, outer; /* margins as they come out */
	double bottom;
	bool right_bound;
} cp_geom;

/* The vertical type area (tategaki): `tiers` tiers (dan) stacked top to
 * bottom, each `lines` lines read right to left, each line `chars`
 * characters top to bottom. Grid line i of a tier (0 = the rightmost) has
 * its centre axis at area_x + area_w - size / 2 - i * pitch; tier t's
 * lines start at area_top + t * (measure + tier_gap). A layout whose body
 * is vertical makes this the body; a horizontal layout gives it to its
 * vertical articles, centred on the horizontal type area. */
typedef struct cp_vgeom {
	double size;     /* type size */
	double pitch;    /* line pitch, axis to axis */
	double measure;  /* a tier's height: chars * size */
	double tier_gap; /* between tiers */
	int chars;
	int lines;
	int tiers;
	double area_w, area_h; /* the vertical type area */
	double area_top;
	double inner; /* a vertical body: from the binding edge */
} cp_vgeom;

typedef struct cp_compose {
	const cp_model *m;
	const cp_layout *layout;
	cp_typesetter *ts;
	cp_diags *d;
	cp_dl *dl;
	cp_geom g;
	cp_vgeom vg; /* the vertical type area */
	cp_ts_style styles[CP_STYLE_COUNT];
	cp_ts_style body;        /* the body text style */
	double em_frac;          /* em box top to baseline as a fraction of the size */
	GArray *info;            /* cp_page_info, one per page */
	size_t *part_page;       /* first page (0-based) of each part */
	size_t *member_page;     /* the page of each member's card */
	bool too_many_pages;     /* CP_COMPOSE_MAX_PAGES reached: parts stop early */
	bool quiet;              /* a page set again: its warnings were given */
	GHashTable *notes;       /* "file:line:col" of plain strings whose notations
	                          * were read once with their diagnostics */
	size_t house_next;       /* the next house ad to place (ads.c) */
	GPtrArray *house_placed; /* what was placed in ad space, for the note */
	GPtrArray *house_padded; /* what was placed on pages that would be blank */
	size_t *index_page;      /* per part: an ads part's index page + 1 (0: none) */
	struct cp_par *par;      /* the jobs and the worker thread (par.c) */
	GArray *rec;             /* a worker's job: cp_ts_rec of the notations read
	                          * (reported every time, given once by par.c) */
	struct cp_article_jobs **article_jobs; /* per article: its blocks' jobs */
} cp_compose;

/* The most pages one issue may have (its own LIMIT diagnostic). Hostile
 * input that multiplies pages (a body of 100 000 hard line breaks) stops
 * here instead of typesetting for minutes. */
#define CP_COMPOSE_MAX_PAGES 500u
/* Bounds on a layout's sizes: anything outside is a typo, not a booklet.
 * Pages from a postcard's half to B1; bleed up to 20 mm (shops ask 3 or
 * 5 mm); type from 4Q (1 mm) to 72 pt for the body and 600 pt (a cover
 * title 21 cm high) for a style. */
#define CP_COMPOSE_MIN_PAGE_MM 50.0
#define CP_COMPOSE_MAX_PAGE_MM 1000.0
#define CP_COMPOSE_MAX_BLEED_MM 20.0
#define CP_COMPOSE_MIN_TYPE_PT 2.83
#define CP_COMPOSE_MAX_BODY_PT 72.0
#define CP_COMPOSE_MAX_TYPE_PT 600.0

/* --- frame.c: geometry, styles, emitting lines ---------------------------- */

/* A layout length in points (zw: the body size). */
double cp_compose_len(const cp_compose *c, cp_dim dim);
/* Works out the type area from the layout; false after a LAYOUT error. */
bool cp_compose_geom_init(cp_compose *c);
/* Resolves the layout's styles (fonts by role, units to points); false
 * after a LAYOUT error (a size out of range, cards with no room). */
bool cp_compose_styles_init(cp_compose *c);
/* Left edge of the type area on page index p (0-based): the binding side
 * alternates between recto and verso. */
double cp_compose_area_x(const cp_compose *c, size_t p);
/* True when page index p has its binding edge on the left. */
bool cp_compose_binding_left(const cp_compose *c, size_t p);
/* Left edge of column col on page p. */
double cp_compose_column_x(const cp_compose *c, size_t p, int col);
/* Baseline of grid line i (0-based) of the type area. */
double cp_compose_grid_baseline(const cp_compose *c, int i);
/* Top of grid line i's em box. */
double cp_compose_grid_top(const cp_compose *c, int i);

/* Left edge of the vertical type area on page p. */
double cp_compose_varea_x(const cp_compose *c, size_t p);
/* Centre axis x of grid line i (0 = the rightmost) of a tier on page p. */
double cp_compose_vline_axis(const cp_compose *c, size_t p, int i);
/* Top of tier t (0 = the top tier): where its lines start. */
double cp_compose_vtier_top(const cp_compose *c, int t);
/* True when the layout's body is vertical (the issue reads right to left
 * in its articles unless they say horizontal). */
bool cp_compose_body_vertical(const cp_compose *c);

/* Appends a page with its role and running-head text. */
cp_dl_page *cp_compose_page_add(cp_compose *c, cp_page_role role, const char *head);
cp_dl_page *cp_compose_page(cp_compose *c, size_t p);
size_t cp_compose_page_count(const cp_compose *c);

/* A plain string with its notations read and only their bases kept, on one
 * line (cp_compose_one_line) for running heads, bookmarks, the cover's
 * list; s itself when there is nothing to change, else a copy in the
 * display list's arena. */
const char *cp_compose_plain(cp_compose *c, const char *s);
/* s on one line: an editor's line break in a title ("紙の話、\nもう一度") is
 * for its display lines only; where the text is set as one line (the
 * contents, a running head, a bookmark) the lines are joined, with a space
 * only between two Latin letters or digits, and the spaces around the break
 * dropped. s itself when it has no line break, else a copy in the display
 * list's arena. */
const char *cp_compose_one_line(cp_compose *c, const char *s);
/* The runs of tmpl's text with its inline notations read (ruby, emphasis
 * dots, tate-chu-yoko), each keeping tmpl's overrides (family, size,
 * colour ...): one run, tmpl itself, when the text has none. The runs live
 * in a; a malformed notation is reported once per span when report and
 * tmpl's span is a place (CP_SPAN_NONE, for text made of several fields,
 * reports nothing). Returns how many runs *out holds. */
size_t cp_compose_runs(cp_compose *c, cp_arena *a, const cp_ts_run *tmpl, bool report,
                       cp_ts_run **out);
/* Sets a plain string in style at measure, its inline notations (ruby,
 * emphasis dots, tate-chu-yoko: markup's cp_markup_inline) read, their
 * errors reported as cp_compose_runs says; the caller frees. */
cp_ts_para *cp_compose_set_text(cp_compose *c, const cp_ts_style *style, const char *text,
                                cp_span span, double measure);
/* Adds one typeset line's glyph runs with its start at x and baseline y. */
void cp_compose_emit_line(cp_compose *c, cp_dl_page *page, const cp_ts_line *line, double x,
                          double y);
/* Adds one line set in a vertical style (cp_ts_style.vertical) running
 * down the page: its centre axis at x_axis, its start (the measure's top)
 * at y_top. The typesetter's line model is in inline coordinates: the
 * line's x and its runs' x are distances down from y_top, and line->y is
 * how far the line is from the paragraph's first line across the columns
 * (a caller puts line i's axis at x_axis0 - line->y: columns read right to
 * left). Upright runs become `vertical` glyph runs, Western words
 * `rotated` ones (their em box centred on the axis), tate-chu-yoko numbers
 * plain horizontal runs centred on the axis (displist.h). */
void cp_compose_emit_line_v(cp_compose *c, cp_dl_page *page, const cp_ts_line *line, double x_axis,
                            double y_top);
/* Adds every line of para, the first baseline at y, line i at y + line->y. */
void cp_compose_emit_para(cp_compose *c, cp_dl_page *page, const cp_ts_para *para, double x,
                          double y);
/* Height of n lines of a style from the first em top to the last em bottom. */
double cp_compose_block_height(const cp_ts_style *style, size_t n);
/* Em box top to baseline for a style. */
double cp_compose_em_base(const cp_compose *c, const cp_ts_style *style);

void cp_compose_rule(cp_dl_page *page, double x0, double y0, double x1, double y1, double w,
                     cp_color color);
void cp_compose_rect(cp_dl_page *page, double x, double y, double w, double h, const cp_color *fill,
                     double stroke_w, const cp_color *stroke);
/* The short accent bar (layout `section_bar`) over the first grid line of
 * page, from x: the magazine's one ornament, over an article's title, the
 * contents and the directory. */
void cp_compose_section_bar(cp_compose *c, cp_dl_page *page, double x);
/* The same bar for a vertical title: down from the vertical area's top,
 * right of x_right (the right edge of the title's first line). */
void cp_compose_section_bar_v(cp_compose *c, cp_dl_page *page, double x_right);
void cp_compose_outline(cp_compose *c, cp_dl_page *page, int level, const char *title, double y);
/* Places image ref (model) into the frame, covering it (cropped, centred);
 * its resolution there is checked against the layout's `press` floor,
 * reported at the ref's place. */
/* The resolution check of an image placed at dw x dh pt (the one rule
 * cp_compose_image_cover applies), reported at span. */
void cp_compose_image_check(cp_compose *c, const cp_model_image *img, cp_span span, double dw,
                            double dh);
void cp_compose_image_cover(cp_compose *c, cp_dl_page *page, cp_image_ref ref, double x, double y,
                            double w, double h);

/* The natural width of text set on one line in style (the widest line
 * when it holds a line break), its inline notations read: what the bases
 * take, not the braces and readings as typed (cp_ts_text_width measures
 * a string as it is). */
double cp_compose_text_width(cp_compose *c, const cp_ts_style *style, const char *text);
/* The natural width of runs set together on one line, as
 * cp_compose_text_width measures a text: each run keeps its span, so what
 * the typesetter reports while measuring (a symbol set in a fallback font)
 * is at the runs' own place, not without one. */
double cp_compose_runs_width(cp_compose *c, const cp_ts_style *style, const cp_ts_run *runs,
                             size_t n_runs);
/* The longest prefix of text that, with "…" after it, is at most w wide
 * in style (g_free it): what a line shows of a text it cannot hold. A
 * text with notations is cut in its bases, their readings dropped. */
char *cp_compose_ellipsize(cp_compose *c, const cp_ts_style *style, const char *text, double w);

/* "2026年12月1日" into the dl arena. */
const char *cp_compose_date_ja(cp_compose *c);
/* "CAN Vol.7" style issue mark into the dl arena. */
const char *cp_compose_issue_mark(cp_compose *c);

/* --- qr.c: QR codes as vector rectangles ------------------------------------ */

/* Modules of light margin on every side (ISO/IEC 18004: at least 4). */
#define CP_COMPOSE_QR_QUIET 4
/* The smallest module printed: 0.25 mm. */
#define CP_COMPOSE_QR_MIN_MODULE (0.25 * CP_MM_TO_PT)

/* The width in modules, quiet zone included, of text's QR code (error
 * correction M, the smallest version that holds it); 0 when no QR code
 * holds it. The smallest square for it is that times
 * CP_COMPOSE_QR_MIN_MODULE. */
int cp_compose_qr_modules(const char *text);
/* Draws text as a QR code filling the square of side size at x, y
 * (top-left; the quiet zone is inside the square, white): K100 rectangles,
 * one per run of dark modules, runs repeated in the rows below merged into
 * one; an http(s) text is also a link over the square. Returns false,
 * drawing nothing, after a QR_TOO_LONG error at span when the module would
 * be under CP_COMPOSE_QR_MIN_MODULE or no QR code holds the text (an
 * EMPTY_VALUE error for an empty text). page NULL: only checks (and
 * reports). */
bool cp_compose_qr(cp_compose *c, cp_dl_page *page, const char *text, double x, double y,
                   double size, cp_span span);

/* --- artwork.c: supplied PDF pages ------------------------------------------ */

/* Places the supplied PDF page ref names (cp_load_artwork, read by the press
 * step before compose) in the frame x, y, w, h, centred: at 100 %, or, when
 * allow_scale, scaled to fit inside the frame whole (up or down). What
 * exceeds the frame is clipped. *art_w, *art_h (when not NULL) get the
 * page's size at 100 % in points (its TrimBox, else CropBox, else
 * MediaBox), 0 when it could not be read, for the caller's size and aspect
 * checks. The images inside are checked at the placed scale (a
 * LOW_RESOLUTION warning under 300 ppi, RESOLUTION_FLOOR under press.min_ppi)
 * at ref.span. Returns false, drawing nothing, when the page was not read
 * (its error was given when it was read). page NULL: only measures and
 * checks. In the PDF the page is a form XObject with its own fonts, vectors
 * and CMYK values; in previews the page itself is drawn. */
bool cp_compose_artwork(cp_compose *c, cp_dl_page *page, cp_artwork_ref ref, double x, double y,
                        double w, double h, bool allow_scale, double *art_w, double *art_h);

/* --- par.c: independent units composed on a second thread ------------------- */

typedef struct cp_par_job cp_par_job;
/* What a job does on the context it is given (the main one, or the
 * worker's with its own typesetter, display list and sinks); a drawing
 * job draws on cp_par_page(job). It may run twice (the worker's run given
 * up): it replaces the results it left in its data. */
typedef void (*cp_par_fn)(cp_compose *c, cp_par_job *job);

/* Starts the jobs (c->par), with a worker thread when threads > 1; after
 * the geometry and styles are made. */
void cp_par_start(cp_compose *c, int threads);
/* Stops the worker and frees the jobs; what worker jobs drew on the
 * issue's pages stays valid with c->dl. */
void cp_par_end(cp_compose *c);
/* A job, to be taken in the order of submission (one passed over is
 * given up); data is the job's (free_data frees it with the job). */
cp_par_job *cp_par_submit(cp_compose *c, cp_par_fn fn, void *data, GDestroyNotify free_data,
                          bool draws);
/* The job done: run here when the worker has not taken it, else its
 * diagnostics given and its drawing moved onto page, as if run here. */
void cp_par_take(cp_compose *c, cp_par_job *job, cp_dl_page *page);
void *cp_par_data(cp_par_job *job);
cp_dl_page *cp_par_page(cp_par_job *job);
/* cp_ts_set as a job (runs: g_new'd, the job's). */
cp_par_job *cp_par_submit_set(cp_compose *c, const cp_ts_style *style, cp_ts_run *runs,
                              size_t n_runs, double measure);
/* cp_compose_set_text as a job (text: the model's, not copied). */
cp_par_job *cp_par_submit_text(cp_compose *c, const cp_ts_style *style, const char *text,
                               cp_span span, double measure);
/* The paragraph of either (the caller's reference). */
cp_ts_para *cp_par_take_set(cp_compose *c, cp_par_job *job);

/* frame.c: true when the notations of the string at place key
 * ("file:line:col") have not been read with their diagnostics yet (now
 * they count as read). */
bool cp_compose_note_claim(cp_compose *c, const char *key);

/* --- the parts -------------------------------------------------------------- */

void cp_compose_cover(cp_compose *c, const cp_part *part);
/* Reserves the table of contents' page(s); filled by cp_compose_toc_fill. */
void cp_compose_toc_reserve(cp_compose *c, const cp_part *part, size_t part_index);
void cp_compose_toc_fill(cp_compose *c, size_t part_index);
void cp_compose_article(cp_compose *c, const cp_article *a, const cp_markup_doc *doc);
/* Submits the typesetter jobs of the article's blocks (cp_par_submit_set),
 * before it is composed; c->article_jobs[index] holds them. */
void cp_compose_article_submit(cp_compose *c, size_t index, const cp_markup_doc *doc);
void cp_compose_article_jobs_free(struct cp_article_jobs *aj);
void cp_compose_members(cp_compose *c, const cp_part *part);
void cp_compose_colophon(cp_compose *c, const cp_part *part);
/* The ads of an ads part on as few pages as the layout's ad grid allows,
 * the advertisers' index, house ads in what is left (ads.c). */
void cp_compose_ads(cp_compose *c, const cp_part *part);
/* A page with the next house ad, when one is left (false: none left). */
bool cp_compose_house_page(cp_compose *c);
/* The warning naming the house ads on pages that would be blank, and the
 * note naming those placed in empty ad space, each with its page. */
void cp_compose_house_report(cp_compose *c);
/* Running heads and folios on every page but the cover and blank pages. */
void cp_compose_page_furniture(cp_compose *c);

#endif
