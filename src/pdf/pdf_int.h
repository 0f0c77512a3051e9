/* pdf_int.h - what the files of src/pdf/ share: the object writer, the font
 * and image tables, number formatting. Never included outside src/pdf/.
 *
 * The file is written front to back in one pass. Object numbers are handed
 * out on demand (cp_pdf_obj_new) and may be referenced before the object is
 * written; each object records its byte offset when it is begun, and the
 * cross-reference table is written from those offsets at the end. A page's
 * content is built in memory (by a job, on either thread), deflated and
 * written with the page; images are written the first time a page uses
 * them; fonts are subset beside the pages and written after the last
 * page. */
#ifndef CP_PDF_PDF_INT_H
#define CP_PDF_PDF_INT_H

#include "pdf/pdf.h"

#include <stdint.h>

#include <glib.h>

/* --- the object writer (writer.c) ----------------------------------------- */

typedef struct cp_pdf_w {
	FILE *f;
	const char *name; /* for diagnostics */
	int err;          /* first errno of a failed write, 0 until then */
	uint64_t pos;     /* bytes written */
	GArray *offsets;  /* uint64_t by object number (0 unused) */
	GChecksum *md5;   /* of every byte: the trailer /ID */
	int level;        /* deflate level */
	GString *scratch; /* reused for dictionaries */
} cp_pdf_w;

void cp_pdf_w_init(cp_pdf_w *w, FILE *f, const char *name, int level);
void cp_pdf_w_clear(cp_pdf_w *w);
/* A new object number (its offset is set by cp_pdf_obj_begin). */
int cp_pdf_obj_new(cp_pdf_w *w);
/* "n 0 obj\n", recording the offset. */
void cp_pdf_obj_begin(cp_pdf_w *w, int n);
void cp_pdf_obj_end(cp_pdf_w *w);
/* Writes object n whose whole body is body. */
void cp_pdf_obj_put(cp_pdf_w *w, int n, const GString *body);
void cp_pdf_put(cp_pdf_w *w, const void *data, size_t len);
void cp_pdf_puts(cp_pdf_w *w, const char *s);
void cp_pdf_printf(cp_pdf_w *w, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Writes object n as a stream: dict holds the entries without /Length and
 * /Filter (may be ""); data is deflated when deflate, else written as is
 * (extra_filter, e.g. "/DCTDecode", names the filter the data already has). */
void cp_pdf_stream(cp_pdf_w *w, int n, const char *dict, const void *data, size_t len, bool deflate,
                   const char *extra_filter);
/* data deflated at level (1..12, libdeflate's) as a zlib stream (g_free'd
 * by the caller), *zlen bytes; safe on any thread. */
unsigned char *cp_pdf_deflate(int level, const void *data, size_t len, size_t *zlen);
/* The same with the calling thread's compressor for level, made on first
 * use and kept until cp_pdf_deflate_release on that thread (the writer's
 * threads release theirs when the document is written). */
unsigned char *cp_pdf_deflate_cached(int level, const void *data, size_t len, size_t *zlen);
void cp_pdf_deflate_release(void);
/* Writes object n as a stream of data as it is, filter (e.g.
 * "/FlateDecode") naming its filter, or NULL. */
void cp_pdf_stream_z(cp_pdf_w *w, int n, const char *dict, const void *data, size_t len,
                     const char *filter);
/* The xref table and the trailer. */
void cp_pdf_w_finish(cp_pdf_w *w, int root, int info);

/* --- numbers and strings (writer.c) -------------------------------------- */

/* Appends v with at most decimals (<= 6) places, trailing zeros dropped,
 * C locale, no exponent: "12.5", "-0.333", "0". */
void cp_pdf_num(GString *s, double v, int decimals);
/* Appends v in decimal, as printf's "%" PRId64 would (no locale). */
void cp_pdf_int(GString *s, int64_t v);
/* Appends the low 16 bits of v as four upper-case hex digits ("%04X"). */
void cp_pdf_hex4(GString *s, uint32_t v);
/* A PDF text string: (ASCII) when printable ASCII, else <FEFF...> UTF-16BE. */
void cp_pdf_text(GString *s, const char *utf8);
/* UTF-8 as UTF-16BE hex digits (no brackets); returns false on bad UTF-8. */
bool cp_pdf_utf16_hex(GString *s, const char *utf8, gssize len);
/* A name (with the slash), escaping what PDF names cannot hold. */
void cp_pdf_name(GString *s, const char *name);
/* "D:20261201000000Z" from an ISO 8601 date (epoch when unparseable). */
char *cp_pdf_date(const char *iso);

/* The profile's bytes deflated at level when cp_pdf_profile_deflate kept
 * them, else NULL. */
const unsigned char *cp_pdf_profile_get_deflated(const cp_pdf_profile *p, int level, size_t *zlen);

/* --- jobs for a second thread (jobs.c) ----------------------------------- */

typedef struct cp_pdf_jobs cp_pdf_jobs;
typedef void (*cp_pdf_job_fn)(void *data);

cp_pdf_jobs *cp_pdf_jobs_new(void);
/* Adds a job (before cp_pdf_jobs_start); returns its index. */
size_t cp_pdf_jobs_add(cp_pdf_jobs *j, cp_pdf_job_fn fn, void *data);
/* Before cp_pdf_jobs_start: jobs from index from on are not taken until
 * cp_pdf_jobs_release (the caller still may await them). */
void cp_pdf_jobs_hold(cp_pdf_jobs *j, size_t from);
void cp_pdf_jobs_release(cp_pdf_jobs *j);
/* With threads > 1, a worker thread begins taking the jobs in order. */
void cp_pdf_jobs_start(cp_pdf_jobs *j, int threads);
/* Returns when job i is done: run here when no one took it; when the
 * worker did, the waiting jobs are run here meanwhile (first added first),
 * then the rest waited for. */
void cp_pdf_jobs_await(cp_pdf_jobs *j, size_t i);
/* Runs the waiting jobs (not held) here, in order, until none is left:
 * before awaiting several jobs in another order than theirs. */
void cp_pdf_jobs_help(cp_pdf_jobs *j);
/* Stops the worker (it finishes its job, takes no other) and frees j. */
void cp_pdf_jobs_free(cp_pdf_jobs *j);

/* --- fonts (fonts.c, cff.c) ---------------------------------------------- */

typedef struct cp_pdf_fonts cp_pdf_fonts;

cp_pdf_fonts *cp_pdf_fonts_new(const cp_dl *dl);
void cp_pdf_fonts_free(cp_pdf_fonts *fs);
/* The resource name index (/F<n>) and the code width for glyph run font
 * index dl_font; -1 after a PRESS error when the face cannot be read. */
int cp_pdf_fonts_use(cp_pdf_fonts *fs, uint32_t dl_font, cp_diags *d);
/* The code (CID) that shows glyph id gid of resource font f (marked used
 * by cp_pdf_fonts_prepare); *width is its advance in 1/1000 of the font
 * size. Read only: safe on any thread. */
uint32_t cp_pdf_fonts_glyph(cp_pdf_fonts *fs, int f, uint32_t gid, double *width);
/* The code alone. */
uint32_t cp_pdf_fonts_code(const cp_pdf_fonts *fs, int f, uint32_t gid);
/* The same for a glyph shown upright in a vertical line: *w1y its vertical
 * displacement (negative: down), (*vx, *vy) its vertical origin from its
 * horizontal one, y up, all in 1/1000 of the font size (the font's W2). */
uint32_t cp_pdf_fonts_glyph_v(cp_pdf_fonts *fs, int f, uint32_t gid, double *w1y, double *vx,
                              double *vy);
/* The object number of resource font f's vertical (Identity-V) Type0 font,
 * allocated on first call with w; with w NULL, 0 when never used. */
int cp_pdf_fonts_obj_v(cp_pdf_fonts *fs, cp_pdf_w *w, int f);
/* Whether the ToUnicode map gives code the text (UTF-8, n bytes) of the
 * cluster numbered seq: true for the first cluster in page order to show
 * the code (the map holds its text) and for a later one with the same
 * text; false otherwise (the caller marks the text with ActualText).
 * Clusters are numbered in page order from 0, counting those of one drawn
 * glyph with text (n > 0); page p's first has cp_pdf_fonts_page_seq(p).
 * Read only, after cp_pdf_fonts_prepare: safe on any thread. */
bool cp_pdf_fonts_shows(const cp_pdf_fonts *fs, int f, uint32_t code, const char *text, size_t n,
                        uint64_t seq);
uint64_t cp_pdf_fonts_page_seq(const cp_pdf_fonts *fs, size_t page);
/* After cp_pdf_fonts_prepare: the resource font of display-list font
 * dl_font, -1 when it cannot be embedded (prepare reported it). Read
 * only. */
int cp_pdf_fonts_index(const cp_pdf_fonts *fs, uint32_t dl_font);
/* The number of resource fonts and the object number of each. */
int cp_pdf_fonts_count(const cp_pdf_fonts *fs);
int cp_pdf_fonts_obj(cp_pdf_fonts *fs, cp_pdf_w *w, int f);
/* Before the pages: opens the faces of every glyph run of the display
 * list in page order (the order the pages name them in), marks the glyphs
 * they show and adds a job per face to jobs making its subset program
 * (deflated at level; the ToUnicode maps will be at level_text), the
 * face with the most glyphs first, so the
 * programs can be made while the pages are written (cp_pdf_jobs_start).
 * A face that cannot be read is a PRESS error here; the page naming it
 * fails. jobs must outlive fs's writing. */
void cp_pdf_fonts_prepare(cp_pdf_fonts *fs, cp_pdf_jobs *jobs, int level, int level_text,
                          cp_diags *d);
/* Then (the face jobs may run meanwhile): records the text of each code
 * for the ToUnicode map, the first cluster's in page order
 * (cp_pdf_fonts_shows). From here on the pages' contents only read fs. */
void cp_pdf_fonts_prepare_text(cp_pdf_fonts *fs);
/* Subsets every face used and writes the font objects. Returns false
 * after a PRESS error (hb-subset failed). */
bool cp_pdf_fonts_write(cp_pdf_fonts *fs, cp_pdf_w *w, cp_diags *d);

/* cff.c: from a CFF table, whether it is CID-keyed and its charset as
 * ranges of glyph ids with consecutive CIDs, in glyph order from 0 (one
 * range for the Noto CJK faces, whose CIDs are their glyph ids; name-keyed
 * fonts: NULL, the CID is the gid). Returns false when the table cannot be
 * parsed. *ranges is g_free'd by the caller. */
typedef struct cp_pdf_cid_range {
	uint32_t gid, cid, n; /* glyphs gid .. gid + n - 1 are CIDs cid ... */
} cp_pdf_cid_range;
bool cp_pdf_cff_charset(const unsigned char *cff, size_t len, uint32_t n_glyphs, bool *cid_keyed,
                        cp_pdf_cid_range **ranges, size_t *n_ranges);
/* The CID of gid in the ranges (0 when no range has it). */
uint32_t cp_pdf_cid_of(const cp_pdf_cid_range *ranges, size_t n_ranges, uint32_t gid);

/* --- images (images.c) --------------------------------------------------- */

typedef struct cp_pdf_images cp_pdf_images;

/* The image table for dl: each image's largest placement is measured
 * here, so oversized pixels are reduced to CP_PDF_MAX_PPI. In press mode
 * RGB images are converted to CMYK through profile. */
cp_pdf_images *cp_pdf_images_new(const cp_dl *dl, bool press, const cp_pdf_profile *profile,
                                 int jpeg_quality);
void cp_pdf_images_free(cp_pdf_images *im);
/* The object number of image i, written on first use; -1 after a
 * BAD_IMAGE or PRESS error (given once). */
int cp_pdf_images_use(cp_pdf_images *im, cp_pdf_w *w, uint32_t i, cp_diags *d);
/* The object number of image i when written, else 0. */
int cp_pdf_images_obj(const cp_pdf_images *im, uint32_t i);
/* True when image i, written, needs transparency (a soft mask). Reads
 * the file when it has not been written yet (press mode decides the
 * PDF/X flavour before writing). */
bool cp_pdf_images_transparent(cp_pdf_images *im, uint32_t i, cp_diags *d);

/* --- supplied PDF pages (form.c) ------------------------------------------- */

typedef struct cp_pdf_forms cp_pdf_forms;

/* The artworks of dl as the options give them (o->forms by artwork index). */
cp_pdf_forms *cp_pdf_forms_new(const cp_dl *dl, const cp_pdf_opts *o);
void cp_pdf_forms_free(cp_pdf_forms *fs);
/* The form given for artwork i, or NULL. */
const cp_pdf_form *cp_pdf_forms_get(const cp_pdf_forms *fs, uint32_t i);
/* The object number of artwork i's form XObject, written (with every object
 * it reaches) on first use; -1 after a PRESS error (no form given). */
int cp_pdf_forms_use(cp_pdf_forms *fs, cp_pdf_w *w, uint32_t i, cp_diags *d);
/* The object number of artwork i when written, else 0. */
int cp_pdf_forms_obj(const cp_pdf_forms *fs, uint32_t i);

/* --- press marks (marks.c) ----------------------------------------------- */

/* Appends the tombo for the trim box (PDF coordinates, y up) to content,
 * stroked in the registration colour named /CSReg. */
void cp_pdf_marks_draw(GString *out, double tx0, double ty0, double tx1, double ty1, double bleed);
/* Appends a stroked page number (seven-segment digits, K only) with its
 * baseline-left at x, y, digit height h. */
void cp_pdf_folio_draw(GString *out, int number, double x, double y, double h);
/* The registration colour space [/Separation /All /DeviceCMYK ...]. */
extern const char cp_pdf_registration_cs[];

#endif
