/* fonts.c - the display list's fonts as embedded CID fonts.
 *
 * One PDF font per face (font file and face index), whatever sizes the
 * display list uses it at: the size is the Tf operand. The face is read
 * from its file, which fontconfig names in the PangoFcFont's pattern
 * (FC_FILE, FC_INDEX) and mapped (privately, with its cmap hidden: see
 * hide_cmap), so nothing of Cairo's or Pango's font handling is involved and the large
 * CJK faces are never copied.
 *
 * Before the pages are written (cp_pdf_fonts_prepare, in page order), every
 * glyph shown is marked used; its code is the CID for a CID-keyed CFF face
 * (from the face's charset, cff.c), else the glyph id. The text each code
 * shows is recorded from the clusters for the ToUnicode map there too: a
 * code that shows different text in two places (a ligature, a fallback,
 * one glyph for several characters) keeps the first in page order, and the
 * content marks the others with /ActualText. After that the table is only
 * read, so pages' contents can be made on two threads in any order
 * (cp_pdf_fonts_shows).
 *
 * After the last page each face is subset once with hb-subset:
 *   CID-keyed CFF  glyphs renumbered (the subset's charset keeps the CIDs),
 *                  written as FontFile3 /CIDFontType0C, the bare CFF table;
 *                  charstrings desubroutinised (measured on the sample:
 *                  subsetting 25 % faster and the PDF 2 % smaller);
 *   other CFF      glyph ids retained (the PDF reads CIDs as glyph ids);
 *   TrueType       glyph ids retained, the whole subset sfnt as FontFile2
 *                  of a CIDFontType2 with /CIDToGIDMap /Identity.
 * Widths (/W, /DW the commonest) are the font's advances in 1/1000 em;
 * FontBBox, Ascent, Descent and CapHeight come from the face.
 *
 * Vertical writing (the display list's `vertical` runs, tategaki): a face
 * shown upright in a vertical line gets a second Type0 font, /Encoding
 * /Identity-V, on the same CIDFont, which then carries /W2 and /DW2: each
 * code's vertical advance (vmtx) and the vector from its horizontal origin
 * to its text point (half the advance across, the VORG height up less one
 * em: V_TEXT_POINT_DROP), as HarfBuzz reads them from the face. Viewers and text extraction then
 * see vertical text. The subset keeps every glyph shown, so the vertical forms the typesetter chose
 * (vert/vrt2) are in it; the font's own vertical tables are not needed by a PDF consumer and are
 * dropped. */
#include "pdf/pdf_int.h"

#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <glib/gstdio.h>
#include <pango/pangofc-font.h>

/* Pango's "no glyph" and "unknown character" markers are never drawn. */
#define NOT_A_GLYPH 0x0FFFFFFFu

typedef enum face_kind { FACE_CFF_CID, FACE_CFF_NAME, FACE_TRUETYPE } face_kind;

/* The first cluster to show a code: its text (the display list's bytes, up
 * to the first NUL, as the map keeps text) and its number in page order. */
typedef struct shown {
	const char *text;
	size_t len;
	uint64_t seq;
} shown;

typedef struct face {
	char *file;
	unsigned index;
	hb_blob_t *blob; /* the mapped file ... */
	const char *map; /* ... at map, map_len bytes */
	size_t map_len;
	hb_face_t *face;
	hb_font_t *font; /* scaled to upem: advances in font units */
	unsigned upem;
	uint32_t n_glyphs;
	face_kind kind;
	cp_pdf_cid_range *cids; /* CID-keyed CFF: gid -> CID (cff.c); else NULL */
	size_t n_cids;
	/* by gid: 0 unused, else the advance in font units + 1 (0xffff: used,
	 * ask HarfBuzz), read once before the pages rather than per glyph */
	uint16_t *used;
	uint32_t n_used; /* glyphs used */
	guint order;     /* in first-use order (the resource name /F<order>) */
	/* the text each code shows: the first cluster's, in page order */
	/* code -> index in firsts, open addressing: slot_code holds code + 1
	 * (0: empty), 1 << slot_bits slots, at least twice the glyphs used
	 * (a code is its glyph's), so a few KB, not a table by code */
	uint32_t *slot_code;
	uint32_t *slot_first;
	unsigned slot_bits;
	GArray *firsts; /* shown */
	int obj;        /* the Type0 font object, 0 until referenced */
	int obj_v;      /* the vertical (Identity-V) Type0 font, 0 unless used */
	char *psname;
	/* the subset program, deflated at level: a job (jobs.c) */
	size_t job;
	int level;
	unsigned char *prog_z; /* NULL when hb-subset failed */
	size_t prog_zlen;
	unsigned prog_len; /* before deflating (TrueType's /Length1) */
} face;

struct cp_pdf_fonts {
	const cp_dl *dl;
	int *of_dl;         /* by display-list font: face index, -1 unknown, -2 failed */
	GPtrArray *faces;   /* face * in first-use order */
	GHashTable *by_key; /* "file\nindex" -> face index + 1 */
	bool prepared;      /* every glyph shown is marked (cp_pdf_fonts_prepare) */
	cp_pdf_jobs *jobs;  /* the faces' programs, when prepared */
	uint64_t *page_seq; /* by page: the number of its first mapped cluster */
	int level_text;     /* the ToUnicode maps' deflate level */
};

static void face_free(face *f)
{
	if (f == NULL)
		return;
	hb_font_destroy(f->font);
	hb_face_destroy(f->face);
	hb_blob_destroy(f->blob);
	g_free(f->cids);
	g_free(f->used);
	g_free(f->slot_code);
	g_free(f->slot_first);
	if (f->firsts != NULL)
		g_array_unref(f->firsts);
	g_free(f->file);
	g_free(f->psname);
	g_free(f->prog_z);
	g_free(f);
}

cp_pdf_fonts *cp_pdf_fonts_new(const cp_dl *dl)
{
	cp_pdf_fonts *fs = g_new0(cp_pdf_fonts, 1);
	fs->dl = dl;
	fs->of_dl = g_new(int, MAX(dl->fonts->len, 1));
	for (guint i = 0; i < dl->fonts->len; i++)
		fs->of_dl[i] = -1;
	fs->faces = g_ptr_array_new_with_free_func((GDestroyNotify)face_free);
	fs->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	return fs;
}

void cp_pdf_fonts_free(cp_pdf_fonts *fs)
{
	if (fs == NULL)
		return;
	g_free(fs->of_dl);
	g_free(fs->page_seq);
	g_ptr_array_unref(fs->faces);
	g_hash_table_destroy(fs->by_key);
	g_free(fs);
}

/* The PostScript name from the name table, else the file's base name. */
static char *ps_name(hb_face_t *hf, const char *file)
{
	char buf[128];
	unsigned n = sizeof buf;
	if (hb_ot_name_get_utf8(hf, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &n, buf) >
	        0 &&
	    n > 0)
		return g_strdup(buf);
	g_autofree char *base = g_path_get_basename(file);
	char *dot = strrchr(base, '.');
	if (dot != NULL)
		*dot = '\0';
	return g_strdup(base);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Hides the face's cmap: its table record's length becomes 0 in a private
 * (copy-on-write) mapping of the file, so one page is copied and the file
 * is untouched. The writer never maps characters to glyphs (it is given
 * glyph ids), but hb-subset, given glyph ids, reads the whole cmap into a
 * map (some 20 ms for a Noto CJK face, every build, whatever the subset)
 * and adds every glyph the cmap's variation sequences reach from the
 * characters of the glyphs kept: for Noto CJK hundreds of ideographic
 * variants no page shows (a quarter of the embedded font). The subset
 * drops cmap anyway. A record outside the file is left alone. */
static void hide_cmap(unsigned char *data, size_t len, unsigned index)
{
	size_t off = 0;
	if (len >= 12 && memcmp(data, "ttcf", 4) == 0) {
		uint32_t n = be32(data + 8);
		if (index >= n || 12 + 4 * (size_t)index + 4 > len)
			return;
		off = be32(data + 12 + 4 * (size_t)index);
	} else if (index != 0) {
		return;
	}
	if (off > len || len - off < 12)
		return;
	size_t n_tables = (size_t)data[off + 4] << 8 | data[off + 5];
	if ((len - off - 12) / 16 < n_tables)
		return;
	for (size_t i = 0; i < n_tables; i++) {
		unsigned char *rec = data + off + 12 + 16 * i;
		if (memcmp(rec, "cmap", 4) == 0)
			memset(rec + 12, 0, 4);
	}
}

/* Opens the face and learns its kind; NULL with *why set. */
static face *face_open(const char *file, unsigned index, char **why)
{
	/* opened read-only: a private writable mapping needs no more */
	int fd = g_open(file, O_RDONLY | O_CLOEXEC, 0);
	GMappedFile *map = fd >= 0 ? g_mapped_file_new_from_fd(fd, TRUE, NULL) : NULL;
	if (fd >= 0)
		close(fd);
	if (map == NULL || g_mapped_file_get_length(map) == 0 ||
	    g_mapped_file_get_length(map) > UINT_MAX) {
		if (map != NULL)
			g_mapped_file_unref(map);
		*why = g_strdup("the font file cannot be read");
		return NULL;
	}
	hide_cmap((unsigned char *)g_mapped_file_get_contents(map), g_mapped_file_get_length(map),
	          index);
	const char *mdata = g_mapped_file_get_contents(map);
	size_t mlen = g_mapped_file_get_length(map);
	hb_blob_t *blob = hb_blob_create(mdata, (unsigned)mlen, HB_MEMORY_MODE_READONLY, map,
	                                 (hb_destroy_func_t)g_mapped_file_unref);
	face *f = g_new0(face, 1);
	f->file = g_strdup(file);
	f->index = index;
	f->blob = blob;
	f->map = mdata;
	f->map_len = mlen;
	f->face = hb_face_create(blob, index);
	f->upem = hb_face_get_upem(f->face);
	f->n_glyphs = hb_face_get_glyph_count(f->face);
	if (f->n_glyphs == 0 || f->upem == 0) {
		*why = g_strdup("the face has no glyphs");
		face_free(f);
		return NULL;
	}
	f->font = hb_font_create(f->face);
	hb_font_set_scale(f->font, (int)f->upem, (int)f->upem);
	f->used = g_new0(uint16_t, f->n_glyphs);
	f->firsts = g_array_new(FALSE, FALSE, sizeof(shown));
	f->psname = ps_name(f->face, file);

	hb_blob_t *cff = hb_face_reference_table(f->face, HB_TAG('C', 'F', 'F', ' '));
	unsigned len = 0;
	const char *data = hb_blob_get_data(cff, &len);
	if (len > 0) {
		bool cid = false;
		bool ok = cp_pdf_cff_charset((const unsigned char *)data, len, f->n_glyphs, &cid,
		                             &f->cids, &f->n_cids);
		hb_blob_destroy(cff);
		if (!ok) {
			*why = g_strdup("its CFF table cannot be read");
			face_free(f);
			return NULL;
		}
		f->kind = cid ? FACE_CFF_CID : FACE_CFF_NAME;
		return f;
	}
	hb_blob_destroy(cff);
	hb_blob_t *glyf = hb_face_reference_table(f->face, HB_TAG('g', 'l', 'y', 'f'));
	bool has_glyf = hb_blob_get_length(glyf) > 0;
	hb_blob_destroy(glyf);
	if (!has_glyf) {
		*why = g_strdup("it has neither CFF nor TrueType outlines (a bitmap or colour "
		                "font)");
		face_free(f);
		return NULL;
	}
	f->kind = FACE_TRUETYPE;
	return f;
}

int cp_pdf_fonts_use(cp_pdf_fonts *fs, uint32_t dl_font, cp_diags *d)
{
	g_assert(dl_font < fs->dl->fonts->len);
	int have = fs->of_dl[dl_font];
	if (have >= 0 || have == -2)
		return have >= 0 ? have : -1;
	const cp_dl_font *df = &g_array_index(fs->dl->fonts, cp_dl_font, dl_font);
	/* the typesetter's fonts are fontconfig fonts; anything else is a bug */
	g_assert(PANGO_IS_FC_FONT(df->font));
	FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(df->font));
	FcChar8 *file = NULL;
	int index = 0;
	if (FcPatternGetString(pat, FC_FILE, 0, &file) != FcResultMatch) {
		cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE, NULL,
		            "cannot embed the font '%s': fontconfig names no file", df->desc);
		fs->of_dl[dl_font] = -2;
		return -1;
	}
	if (FcPatternGetInteger(pat, FC_INDEX, 0, &index) != FcResultMatch)
		index = 0;
	unsigned face_index = (unsigned)index & 0xffffu; /* the upper half names an instance */
	g_autofree char *key = g_strdup_printf("%s\n%u", (const char *)file, face_index);
	gpointer got = g_hash_table_lookup(fs->by_key, key);
	if (got != NULL) {
		fs->of_dl[dl_font] = GPOINTER_TO_INT(got) - 1;
		return fs->of_dl[dl_font];
	}
	g_autofree char *why = NULL;
	face *f = face_open((const char *)file, face_index, &why);
	if (f == NULL) {
		cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE, NULL,
		            "cannot embed the font '%s' (%s): %s", df->desc, (const char *)file,
		            why);
		fs->of_dl[dl_font] = -2;
		return -1;
	}
	g_ptr_array_add(fs->faces, f);
	int idx = (int)fs->faces->len - 1;
	g_hash_table_insert(fs->by_key, g_steal_pointer(&key), GINT_TO_POINTER(idx + 1));
	fs->of_dl[dl_font] = idx;
	return idx;
}

/* The horizontal advance of gid (in range) in font units. */
static hb_position_t advance(const face *f, uint32_t gid)
{
	uint16_t v = f->used[gid];
	return v != 0 && v != 0xffff ? v - 1 : hb_font_get_glyph_h_advance(f->font, gid);
}

/* Marks gid (in range) used, keeping its advance. */
static void mark_used(face *f, uint32_t gid)
{
	if (f->used[gid] != 0)
		return;
	hb_position_t a = hb_font_get_glyph_h_advance(f->font, gid);
	f->used[gid] = a >= 0 && a < 0xfffe ? (uint16_t)(a + 1) : 0xffff;
	f->n_used++;
}

uint32_t cp_pdf_fonts_glyph(cp_pdf_fonts *fs, int fi, uint32_t gid, double *width)
{
	face *f = g_ptr_array_index(fs->faces, fi);
	if (gid >= f->n_glyphs)
		gid = 0;                        /* not in the face: .notdef (compose reported it) */
	g_assert(fs->prepared && f->used[gid]); /* read only: two threads read it */
	*width = advance(f, gid) * 1000.0 / f->upem;
	return f->kind == FACE_CFF_CID ? cp_pdf_cid_of(f->cids, f->n_cids, gid) : gid;
}

uint32_t cp_pdf_fonts_code(const cp_pdf_fonts *fs, int fi, uint32_t gid)
{
	const face *f = g_ptr_array_index(fs->faces, fi);
	if (gid >= f->n_glyphs)
		gid = 0;
	return f->kind == FACE_CFF_CID ? cp_pdf_cid_of(f->cids, f->n_cids, gid) : gid;
}

/* Where a glyph shown vertically has its text point: one em under the
 * font's vertical origin, at the foot of the glyph's em box rather than
 * its head. The glyph is drawn where it was (its position vector v says
 * so, in /W2 and in the text matrix alike), but text extraction, which
 * takes a vertical glyph to fill the em above its text point (poppler's
 * pdftotext), then finds it where it is, in line with the Western words
 * turned in the same line, whose text point is where they start: with the
 * text point at the head, every upright glyph seemed an em early, a line
 * starting with a turned word read the word after the line's next
 * characters, and every turned word broke its line in two. */
#define V_TEXT_POINT_DROP 1000

/* Vertical metrics of gid in 1/1000 em: w1y the displacement (negative:
 * down), (vx, vy) the text point from the horizontal origin (y up): the
 * font's vertical origin, V_TEXT_POINT_DROP lower. */
static void vmetrics(const face *f, uint32_t gid, long *w1y, long *vx, long *vy)
{
	hb_position_t ox = 0;
	hb_position_t oy = 0;
	hb_font_get_glyph_v_origin(f->font, gid, &ox, &oy);
	*w1y = lround(hb_font_get_glyph_v_advance(f->font, gid) * 1000.0 / f->upem);
	*vx = lround(ox * 1000.0 / f->upem);
	*vy = lround(oy * 1000.0 / f->upem) - V_TEXT_POINT_DROP;
}

uint32_t cp_pdf_fonts_glyph_v(cp_pdf_fonts *fs, int fi, uint32_t gid, double *w1y, double *vx,
                              double *vy)
{
	double w = 0.0;
	uint32_t code = cp_pdf_fonts_glyph(fs, fi, gid, &w);
	face *f = g_ptr_array_index(fs->faces, fi);
	long a = 0, b = 0, c = 0;
	vmetrics(f, gid < f->n_glyphs ? gid : 0, &a, &b, &c);
	*w1y = (double)a;
	*vx = (double)b;
	*vy = (double)c;
	return code;
}

int cp_pdf_fonts_obj_v(cp_pdf_fonts *fs, cp_pdf_w *w, int fi)
{
	face *f = g_ptr_array_index(fs->faces, fi);
	if (f->obj_v == 0 && w != NULL)
		f->obj_v = cp_pdf_obj_new(w);
	return f->obj_v;
}

/* The code of gid (in range). */
static uint32_t code_of(const face *f, uint32_t gid)
{
	return f->kind == FACE_CFF_CID ? cp_pdf_cid_of(f->cids, f->n_cids, gid) : gid;
}

/* The slot of code: where it is, or the empty one where it goes. */
static uint32_t slot_of(const face *f, uint32_t code)
{
	uint32_t mask = (1u << f->slot_bits) - 1;
	uint32_t i = (uint32_t)((code * 0x9E3779B1u) >> (32 - f->slot_bits));
	while (f->slot_code[i] != 0 && f->slot_code[i] != code + 1)
		i = (i + 1) & mask;
	return i;
}

/* The first text recorded for code, or NULL. */
static const shown *first_text(const face *f, uint32_t code)
{
	if (f->slot_code == NULL)
		return NULL;
	uint32_t i = slot_of(f, code);
	return f->slot_code[i] != 0 ? &g_array_index(f->firsts, shown, f->slot_first[i]) : NULL;
}

/* Records that the cluster numbered seq shows text (n bytes) with code,
 * unless an earlier cluster did. */
static void record_text(face *f, uint32_t code, const char *text, size_t n, uint64_t seq)
{
	if (f->slot_code == NULL) {
		/* codes come from glyphs, and gid 0 stands for those beyond
		 * the face: at most n_used + 1 codes fill at most half */
		f->slot_bits = 4;
		while ((1u << f->slot_bits) < 2 * ((size_t)f->n_used + 1))
			f->slot_bits++;
		f->slot_code = g_new0(uint32_t, (gsize)1 << f->slot_bits);
		f->slot_first = g_new0(uint32_t, (gsize)1 << f->slot_bits);
	}
	uint32_t i = slot_of(f, code);
	if (f->slot_code[i] != 0)
		return;
	g_assert(f->firsts->len < (1u << (f->slot_bits - 1)));
	shown sh = {text, strnlen(text, n), seq};
	f->slot_code[i] = code + 1;
	f->slot_first[i] = f->firsts->len;
	g_array_append_val(f->firsts, sh);
}

bool cp_pdf_fonts_shows(const cp_pdf_fonts *fs, int fi, uint32_t code, const char *text, size_t n,
                        uint64_t seq)
{
	const face *f = g_ptr_array_index(fs->faces, fi);
	g_assert(fs->prepared);
	const shown *sh = first_text(f, code);
	g_assert(sh != NULL); /* prepare_text saw this cluster */
	if (sh->seq == seq)
		return true; /* the first: its text is the map's */
	return sh->len == n && memcmp(sh->text, text, n) == 0;
}

uint64_t cp_pdf_fonts_page_seq(const cp_pdf_fonts *fs, size_t page)
{
	g_assert(fs->page_seq != NULL && page < cp_dl_page_count(fs->dl));
	return fs->page_seq[page];
}

int cp_pdf_fonts_index(const cp_pdf_fonts *fs, uint32_t dl_font)
{
	g_assert(fs->prepared && dl_font < fs->dl->fonts->len);
	return fs->of_dl[dl_font] >= 0 ? fs->of_dl[dl_font] : -1;
}

int cp_pdf_fonts_count(const cp_pdf_fonts *fs)
{
	return (int)fs->faces->len;
}

int cp_pdf_fonts_obj(cp_pdf_fonts *fs, cp_pdf_w *w, int fi)
{
	face *f = g_ptr_array_index(fs->faces, fi);
	if (f->obj == 0)
		f->obj = cp_pdf_obj_new(w);
	return f->obj;
}

/* ---- writing a face ------------------------------------------------------- */

typedef struct code_w {
	uint32_t code;
	uint32_t gid;
} code_w;

static int cmp_code(const void *a, const void *b)
{
	const code_w *x = a, *y = b;
	return x->code < y->code ? -1 : x->code > y->code;
}

/* Six capital letters from the glyph set: the same subset gets the same
 * tag, another subset of the face (almost surely) another. */
static void subset_tag(const face *f, const code_w *codes, size_t n, char tag[7])
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(c, (const guchar *)f->psname, -1);
	g_checksum_update(c, (const guchar *)codes, (gssize)(n * sizeof *codes));
	guint8 dig[32];
	gsize dl = sizeof dig;
	g_checksum_get_digest(c, dig, &dl);
	g_checksum_free(c);
	for (int i = 0; i < 6; i++)
		tag[i] = (char)('A' + dig[i] % 26);
	tag[6] = '\0';
}

/* The subset font program: the CFF table, or the whole TrueType sfnt.
 * NULL when hb-subset fails. */
static hb_blob_t *subset(const face *f)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (in == NULL)
		return NULL;
	hb_set_t *gids = hb_subset_input_glyph_set(in);
	hb_set_add(gids, 0);
	for (uint32_t g = 0; g < f->n_glyphs; g++)
		if (f->used[g])
			hb_set_add(gids, g);
	/* no layout, no vertical tables, no colour: the PDF shows glyphs by
	 * number, and every table dropped is work not done */
	static const hb_tag_t drop[] = {
	    HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
	    HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
	    HB_TAG('V', 'O', 'R', 'G'), HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
	    HB_TAG('k', 'e', 'r', 'n'), HB_TAG('C', 'O', 'L', 'R'), HB_TAG('C', 'P', 'A', 'L'),
	    HB_TAG('S', 'V', 'G', ' '), HB_TAG('s', 'b', 'i', 'x'), HB_TAG('C', 'B', 'D', 'T'),
	    HB_TAG('C', 'B', 'L', 'C'), HB_TAG('E', 'B', 'D', 'T'), HB_TAG('E', 'B', 'L', 'C'),
	    HB_TAG('D', 'S', 'I', 'G'), HB_TAG('m', 'e', 't', 'a'), HB_TAG('c', 'm', 'a', 'p'),
	    HB_TAG('G', 'S', 'U', 'B'), HB_TAG('h', 'd', 'm', 'x'), HB_TAG('V', 'D', 'M', 'X'),
	    HB_TAG('L', 'T', 'S', 'H'), HB_TAG('P', 'C', 'L', 'T'), HB_TAG('g', 'a', 's', 'p'),
	};
	hb_set_t *tables = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t i = 0; i < G_N_ELEMENTS(drop); i++)
		hb_set_add(tables, drop[i]);
	unsigned flags = HB_SUBSET_FLAGS_DESUBROUTINIZE;
	if (f->kind != FACE_CFF_CID)
		flags |= HB_SUBSET_FLAGS_RETAIN_GIDS;
	hb_subset_input_set_flags(in, flags);
	hb_face_t *sub = hb_subset_or_fail(f->face, in);
	hb_subset_input_destroy(in);
	if (sub == NULL)
		return NULL;
	hb_blob_t *b = f->kind == FACE_TRUETYPE
	                   ? hb_face_reference_blob(sub)
	                   : hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '));
	hb_face_destroy(sub);
	if (hb_blob_get_length(b) == 0) {
		hb_blob_destroy(b);
		return NULL;
	}
	return b;
}

/* The ToUnicode CMap of the face's recorded texts, codes in order. */
static GString *to_unicode(const face *f, const code_w *codes, size_t n)
{
	GString *s =
	    g_string_new("/CIDInit /ProcSet findresource begin\n"
	                 "12 dict begin\nbegincmap\n"
	                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 "
	                 ">> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	                 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	GString *block = g_string_new(NULL);
	int in_block = 0;
	uint32_t last = UINT32_MAX;
	for (size_t i = 0; i <= n; i++) {
		if (i < n) {
			uint32_t code = codes[i].code;
			const shown *t = first_text(f, code);
			if (code == last || t == NULL || t->len == 0 || code > 0xffff)
				continue;
			last = code;
			g_string_append_c(block, '<');
			cp_pdf_hex4(block, code);
			g_string_append(block, "> <");
			if (!cp_pdf_utf16_hex(block, t->text, (gssize)t->len))
				g_string_append(block, "FFFD");
			g_string_append(block, ">\n");
			in_block++;
		}
		/* at most 100 entries a block (the CMap format's limit) */
		if (in_block == 100 || (i == n && in_block > 0)) {
			g_string_append_printf(s, "%d beginbfchar\n%sendbfchar\n", in_block,
			                       block->str);
			g_string_truncate(block, 0);
			in_block = 0;
		}
	}
	g_string_free(block, TRUE);
	g_string_append(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	return s;
}

/* /W: runs of consecutive codes with their widths, default dw left out. */
static void widths(GString *s, const face *f, const code_w *codes, size_t n, long dw)
{
	g_string_append(s, " /W [");
	size_t i = 0;
	while (i < n) {
		long w = lround(advance(f, codes[i].gid) * 1000.0 / f->upem);
		if (w == dw || (i > 0 && codes[i].code == codes[i - 1].code)) {
			i++;
			continue;
		}
		g_string_append_printf(s, "%u [%ld", codes[i].code, w);
		size_t j = i + 1;
		while (j < n && codes[j].code == codes[j - 1].code + 1) {
			long wj = lround(advance(f, codes[j].gid) * 1000.0 / f->upem);
			if (wj == dw)
				break;
			g_string_append_printf(s, " %ld", wj);
			j++;
		}
		g_string_append(s, "]");
		i = j;
	}
	g_string_append(s, "]");
}

/* /DW2 and /W2 of a face used vertically: the commonest vertical metrics
 * as the default, every other code listed. */
static void widths_v(GString *s, const face *f, const code_w *codes, size_t n)
{
	GHashTable *count = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	long best[3] = {-1000, 500, 880 - V_TEXT_POINT_DROP};
	guint best_n = 0;
	for (size_t i = 0; i < n; i++) {
		long m[3];
		vmetrics(f, codes[i].gid, &m[0], &m[1], &m[2]);
		/* the default has no vx: only codes whose vx is half their
		 * horizontal advance can take it */
		long half = lround(advance(f, codes[i].gid) * 500.0 / f->upem);
		if (labs(m[1] - half) > 1)
			continue;
		char *key = g_strdup_printf("%ld %ld", m[0], m[2]);
		guint c = GPOINTER_TO_UINT(g_hash_table_lookup(count, key)) + 1;
		g_hash_table_insert(count, key, GUINT_TO_POINTER(c));
		if (c > best_n) {
			best_n = c;
			memcpy(best, m, sizeof best);
		}
	}
	g_hash_table_destroy(count);
	g_string_append_printf(s, " /DW2 [%ld %ld] /W2 [", best[2], best[0]);
	uint32_t open_code = UINT32_MAX;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && codes[i].code == codes[i - 1].code)
			continue;
		long m[3];
		vmetrics(f, codes[i].gid, &m[0], &m[1], &m[2]);
		long half = lround(advance(f, codes[i].gid) * 500.0 / f->upem);
		if (m[0] == best[0] && m[2] == best[2] && labs(m[1] - half) <= 1) {
			if (open_code != UINT32_MAX)
				g_string_append(s, "]");
			open_code = UINT32_MAX;
			continue;
		}
		if (open_code == UINT32_MAX || codes[i].code != open_code + 1) {
			if (open_code != UINT32_MAX)
				g_string_append(s, "]");
			g_string_append_printf(s, " %u [", codes[i].code);
		} else {
			g_string_append_c(s, ' ');
		}
		g_string_append_printf(s, "%ld %ld %ld", m[0], m[1], m[2]);
		open_code = codes[i].code;
	}
	if (open_code != UINT32_MAX)
		g_string_append(s, "]");
	g_string_append(s, "]");
}

/* The commonest advance of the used glyphs (1000 for CJK text). */
static long common_width(const face *f, const code_w *codes, size_t n)
{
	GHashTable *count = g_hash_table_new(g_direct_hash, g_direct_equal);
	long best = 1000;
	guint best_n = 0;
	for (size_t i = 0; i < n; i++) {
		long w = lround(advance(f, codes[i].gid) * 1000.0 / f->upem);
		guint c = GPOINTER_TO_UINT(g_hash_table_lookup(count, GINT_TO_POINTER((int)w))) + 1;
		g_hash_table_insert(count, GINT_TO_POINTER((int)w), GUINT_TO_POINTER(c));
		if (c > best_n || (c == best_n && w < best)) {
			best_n = c;
			best = w;
		}
	}
	g_hash_table_destroy(count);
	return best;
}

/* head's bounding box in 1/1000 em. */
static void font_bbox(const face *f, long bbox[4])
{
	hb_blob_t *head = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
	unsigned len = 0;
	const unsigned char *p = (const unsigned char *)hb_blob_get_data(head, &len);
	bbox[0] = 0;
	bbox[1] = -200;
	bbox[2] = 1000;
	bbox[3] = 900;
	if (len >= 54) {
		for (int i = 0; i < 4; i++) {
			int16_t v = (int16_t)((p[36 + 2 * i] << 8) | p[37 + 2 * i]);
			bbox[i] = lround(v * 1000.0 / f->upem);
		}
	}
	hb_blob_destroy(head);
}

static bool face_write(const face *f, int level_text, cp_pdf_w *w, cp_diags *d)
{
	/* the codes shown, in code order (ToUnicode and /W want order) */
	GArray *codes = g_array_new(FALSE, FALSE, sizeof(code_w));
	for (uint32_t g = 0; g < f->n_glyphs; g++) {
		if (!f->used[g])
			continue;
		code_w c = {code_of(f, g), g};
		g_array_append_val(codes, c);
	}
	qsort(codes->data, codes->len, sizeof(code_w), cmp_code);
	const code_w *cw = (const code_w *)(void *)codes->data;
	size_t n = codes->len;

	if (f->prog_z == NULL) {
		cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE, NULL,
		            "%s: hb-subset cannot subset the font '%s' (%s)", w->name, f->psname,
		            f->file);
		g_array_free(codes, TRUE);
		return false;
	}
	char tag[7];
	subset_tag(f, cw, n, tag);
	g_autofree char *base = g_strdup_printf("%s+%s", tag, f->psname);
	GString *bname = g_string_new(NULL);
	cp_pdf_name(bname, base);

	int o_file = cp_pdf_obj_new(w);
	int o_desc = cp_pdf_obj_new(w);
	int o_cid = cp_pdf_obj_new(w);
	int o_uni = cp_pdf_obj_new(w);

	/* the font program */
	bool cff = f->kind != FACE_TRUETYPE;
	g_autofree char *pdict = cff ? g_strdup(" /Subtype /CIDFontType0C")
	                             : g_strdup_printf(" /Length1 %u", f->prog_len);
	cp_pdf_stream_z(w, o_file, pdict, f->prog_z, f->prog_zlen, "/FlateDecode");

	/* the descriptor */
	long bbox[4];
	font_bbox(f, bbox);
	hb_font_extents_t ext = {0};
	hb_font_get_h_extents(f->font, &ext);
	hb_position_t cap = 0;
	if (!hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap))
		cap = ext.ascender;
	GString *s = g_string_new(NULL);
	g_string_append_printf(
	    s,
	    "<</Type /FontDescriptor /FontName %s /Flags 4 /FontBBox [%ld %ld "
	    "%ld %ld] /ItalicAngle 0 /Ascent %ld /Descent %ld /CapHeight %ld "
	    "/StemV 80 /%s %d 0 R>>",
	    bname->str, bbox[0], bbox[1], bbox[2], bbox[3], lround(ext.ascender * 1000.0 / f->upem),
	    lround(ext.descender * 1000.0 / f->upem), lround(cap * 1000.0 / f->upem),
	    cff ? "FontFile3" : "FontFile2", o_file);
	cp_pdf_obj_put(w, o_desc, s);

	/* the CIDFont with its widths */
	long dw = common_width(f, cw, n);
	g_string_printf(s,
	                "<</Type /Font /Subtype /%s /BaseFont %s /CIDSystemInfo <</Registry "
	                "(Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /DW "
	                "%ld",
	                cff ? "CIDFontType0" : "CIDFontType2", bname->str, o_desc, dw);
	widths(s, f, cw, n, dw);
	if (f->obj_v != 0)
		widths_v(s, f, cw, n);
	if (!cff)
		g_string_append(s, " /CIDToGIDMap /Identity");
	g_string_append(s, ">>");
	cp_pdf_obj_put(w, o_cid, s);

	/* ToUnicode, then the Type0 font the pages name */
	GString *cmap = to_unicode(f, cw, n);
	size_t ulen = 0;
	unsigned char *uz = cp_pdf_deflate_cached(level_text, cmap->str, cmap->len, &ulen);
	cp_pdf_stream_z(w, o_uni, "", uz, ulen, "/FlateDecode");
	g_free(uz);
	g_string_free(cmap, TRUE);
	g_string_printf(s,
	                "<</Type /Font /Subtype /Type0 /BaseFont %s /Encoding /Identity-H "
	                "/DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>",
	                bname->str, o_cid, o_uni);
	cp_pdf_obj_put(w, f->obj, s);
	if (f->obj_v != 0) {
		g_string_printf(s,
		                "<</Type /Font /Subtype /Type0 /BaseFont %s /Encoding /Identity-V "
		                "/DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>",
		                bname->str, o_cid, o_uni);
		cp_pdf_obj_put(w, f->obj_v, s);
	}
	g_string_free(s, TRUE);
	g_string_free(bname, TRUE);
	g_array_free(codes, TRUE);
	return true;
}

/* Unmaps a face once written: the faces are subset one after another, so
 * the peak memory holds one face's touched pages, not all of them. */
static void face_release(face *f)
{
	g_clear_pointer(&f->font, hb_font_destroy);
	g_clear_pointer(&f->face, hb_face_destroy);
	g_clear_pointer(&f->blob, hb_blob_destroy);
}

/* Gives back the memory of the outline table's pages the subsetting read
 * (a Noto CJK face's CFF is 16 MB; subsetting touches several of them):
 * nothing reads the outlines again, and the writer may hold several faces
 * at once while a second thread subsets them. The pages are the file's own
 * (the private mapping wrote only the table directory, outside the table),
 * so dropping them loses nothing; a later read would fault them in again. */
static void drop_outlines(const face *f)
{
	hb_tag_t tag =
	    f->kind == FACE_TRUETYPE ? HB_TAG('g', 'l', 'y', 'f') : HB_TAG('C', 'F', 'F', ' ');
	hb_blob_t *t = hb_face_reference_table(f->face, tag);
	unsigned len = 0;
	const char *p = hb_blob_get_data(t, &len);
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	/* only pages of the file's mapping: HarfBuzz may hold a table it had
	 * to patch in a copy of its own, which must not be touched */
	bool mapped = p != NULL && p >= f->map && len <= f->map_len &&
	              (size_t)(p - f->map) <= f->map_len - len;
	if (mapped && len > 0 && page > 0) {
		uintptr_t lo = ((uintptr_t)p + page - 1) / page * page;
		uintptr_t hi = ((uintptr_t)p + len) / page * page;
		if (hi > lo)
			(void)madvise((void *)lo, hi - lo, MADV_DONTNEED);
	}
	hb_blob_destroy(t);
}

/* Makes face f's program: the subset, deflated. Touches only f's face,
 * glyph marks and program (a job: it may run beside the page writer). */
static void make_prog(void *data)
{
	face *f = data;
	hb_blob_t *prog = subset(f);
	/* the subset is new memory: the source's outline pages can go before
	 * the deflating (the other thread may be subsetting another face) */
	drop_outlines(f);
	if (prog == NULL)
		return;
	const char *bytes = hb_blob_get_data(prog, &f->prog_len);
	f->prog_z = cp_pdf_deflate_cached(f->level, bytes, f->prog_len, &f->prog_zlen);
	hb_blob_destroy(prog);
}

/* Records the text of run g's clusters (resource font face f) as the page
 * writer's draw_glyphs will ask for it: a cluster of one drawn glyph and
 * some text is numbered *seq. */
static void record_run(face *f, const cp_dl_glyphs *g, uint64_t *seq)
{
	if (g->n_clusters == 0)
		return; /* no cluster has text */
	uint32_t gi = 0;
	uint32_t bi = 0;
	for (uint32_t k = 0; k < g->n_clusters; k++) {
		uint32_t ng = g->clusters[k].n_glyphs;
		uint32_t nb = g->clusters[k].n_bytes;
		const char *text = g->text != NULL ? g->text + bi : "";
		bi += nb;
		uint32_t drawn = 0;
		uint32_t gid = 0;
		for (uint32_t j = 0; j < ng; j++)
			if (g->glyphs[gi + j].id < NOT_A_GLYPH) {
				drawn++;
				gid = g->glyphs[gi + j].id;
			}
		gi += ng;
		if (drawn != 1 || nb == 0)
			continue;
		record_text(f, code_of(f, gid < f->n_glyphs ? gid : 0), text, nb, *seq);
		(*seq)++;
	}
}

/* Face jobs: the one with the most glyphs (the longest subset) first. */
static int cmp_cost(const void *a, const void *b)
{
	const face *x = *(const face *const *)a;
	const face *y = *(const face *const *)b;
	if (x->n_used != y->n_used)
		return x->n_used > y->n_used ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

void cp_pdf_fonts_prepare(cp_pdf_fonts *fs, cp_pdf_jobs *jobs, int level, int level_text,
                          cp_diags *d)
{
	g_assert(!fs->prepared);
	const cp_dl *dl = fs->dl;
	for (size_t p = 0; p < cp_dl_page_count(dl); p++) {
		const cp_dl_page *page = cp_dl_page_get(dl, p);
		for (size_t k = 0; k < cp_dl_item_count(page); k++) {
			const cp_dl_item *it = cp_dl_item_get(page, k);
			if (it->kind != CP_DL_GLYPHS || it->u.glyphs.n_glyphs == 0)
				continue;
			const cp_dl_glyphs *g = &it->u.glyphs;
			int fi = cp_pdf_fonts_use(fs, g->font, d);
			if (fi < 0)
				continue; /* reported; the page writer fails on it */
			face *f = g_ptr_array_index(fs->faces, fi);
			for (uint32_t j = 0; j < g->n_glyphs; j++) {
				uint32_t gid = g->glyphs[j].id;
				if (gid >= NOT_A_GLYPH)
					continue;
				mark_used(f, gid < f->n_glyphs ? gid : 0);
			}
		}
	}
	fs->prepared = true;
	fs->jobs = jobs;
	fs->level_text = level_text;
	GPtrArray *order = g_ptr_array_new();
	for (guint i = 0; i < fs->faces->len; i++) {
		face *f = g_ptr_array_index(fs->faces, i);
		f->level = level;
		f->order = i;
		g_ptr_array_add(order, f);
	}
	g_ptr_array_sort(order, cmp_cost);
	for (guint i = 0; i < order->len; i++) {
		face *f = g_ptr_array_index(order, i);
		f->job = cp_pdf_jobs_add(jobs, make_prog, f);
	}
	g_ptr_array_free(order, TRUE);
}

void cp_pdf_fonts_prepare_text(cp_pdf_fonts *fs)
{
	g_assert(fs->prepared && fs->page_seq == NULL);
	const cp_dl *dl = fs->dl;
	size_t n_pages = cp_dl_page_count(dl);
	fs->page_seq = g_new0(uint64_t, MAX(n_pages, 1));
	uint64_t seq = 0;
	for (size_t p = 0; p < n_pages; p++) {
		fs->page_seq[p] = seq;
		const cp_dl_page *page = cp_dl_page_get(dl, p);
		for (size_t k = 0; k < cp_dl_item_count(page); k++) {
			const cp_dl_item *it = cp_dl_item_get(page, k);
			if (it->kind != CP_DL_GLYPHS || it->u.glyphs.n_glyphs == 0)
				continue;
			int fi = cp_pdf_fonts_index(fs, it->u.glyphs.font);
			if (fi < 0)
				continue;
			record_run(g_ptr_array_index(fs->faces, fi), &it->u.glyphs, &seq);
		}
	}
}

bool cp_pdf_fonts_write(cp_pdf_fonts *fs, cp_pdf_w *w, cp_diags *d)
{
	bool ok = true;
	/* the faces are written in first-use order, but made longest first:
	 * help with them in that order rather than take the first face
	 * written before a longer one the other thread has not reached */
	cp_pdf_jobs_help(fs->jobs);
	for (guint i = 0; i < fs->faces->len; i++) {
		face *f = g_ptr_array_index(fs->faces, i);
		g_assert(fs->prepared);
		cp_pdf_jobs_await(fs->jobs, f->job);
		/* a face shown only vertically still needs its CIDFont */
		if (f->obj_v != 0 && f->obj == 0)
			f->obj = cp_pdf_obj_new(w);
		if (f->obj != 0 && !face_write(f, fs->level_text, w, d))
			ok = false;
		face_release(f);
		g_clear_pointer(&f->prog_z, g_free);
	}
	return ok;
}
