/* paragraph.c - the paragraph composer: styled runs + a measure + a style
 * -> lines of positioned glyphs (cp_ts_set), and the single-line width
 * measurement compose uses for folios and headings (cp_ts_text_width).
 *
 * The steps of cp_ts_set, in order (one comment each below; docs/architecture.md,
 * "typeset"):
 *   1. concatenate the runs, resolving their styles and font families;
 *   2. the text itemized and shaped once, unwrapped, with one attribute set
 *      per run (print settings of docs/pango-notes.md section 0: absolute sizes,
 *      kern off, no hyphens; shape.c); its fonts checked (fallback,
 *      missing glyphs);
 *   3. cells: one per cluster, per hard line (shape.c);
 *   4. JLReq classes, boxes and gaps (classes.c); for display text the
 *      breaks kept between phrases only (phrase.c);
 *   5. total-fit breaking of each hard line (breaks.c);
 *   6. each line justified or set at natural width (justify.c), placed
 *      (indent, alignment, the grid: line i at i * pitch) and cut into glyph
 *      runs per font, colour and link.
 * Pango's own line breaking and justification are not used (docs/pango-notes.md
 * section 1: no push-in, no hanging, slack dumped into spaces, whole-point
 * rounding). Knows nothing of pages, frames or the layout file. */
#include "typeset/typeset.h"

#include <math.h>
#include <string.h>

#include "typeset/typeset_int.h"

/* Appends len bytes of s as valid UTF-8: invalid sequences, NUL bytes and
 * the other control characters but tab and line feed (C0, DEL, C1: no
 * glyph, and break properties that left a line collapsed before them in
 * the paragraph fuzz) become U+FFFD, so Pango never sees bytes it would
 * reject. */
static void append_valid(GString *buf, const char *s, size_t len)
{
	const char *p = s;
	const char *end = s + len;

	while (p < end) {
		gunichar ch = g_utf8_get_char_validated(p, (gssize)(end - p));
		if (ch == (gunichar)-1 || ch == (gunichar)-2 || ch == 0) {
			g_string_append(buf, "\xef\xbf\xbd");
			p++;
			continue;
		}
		if ((ch < 0x20 && ch != '\n' && ch != '\t') || (ch >= 0x7F && ch <= 0x9F)) {
			g_string_append(buf, "\xef\xbf\xbd");
			p = g_utf8_next_char(p);
			continue;
		}
		const char *next = g_utf8_next_char(p);
		g_string_append_len(buf, p, next - p);
		p = next;
	}
}

/* True when text has right-to-left characters or bidi controls. Their
 * embedding levels are resolved per Pango paragraph, so such a paragraph
 * keeps its '\n' as Pango's paragraph separators. */
static bool has_rtl(const char *text, size_t n)
{
	for (const char *q = text; q < text + n; q = g_utf8_next_char(q)) {
		gunichar ch = g_utf8_get_char(q);
		if (ch < 0x0590)
			continue;
		if ((ch >= 0x0590 && ch <= 0x08FF) || (ch >= 0xFB1D && ch <= 0xFDFF) ||
		    (ch >= 0xFE70 && ch <= 0xFEFF) || (ch >= 0x10800 && ch <= 0x10FFF) ||
		    (ch >= 0x1E800 && ch <= 0x1EFFF) || ch == 0x200F || ch == 0x202B ||
		    ch == 0x202E || ch == 0x2067)
			return true;
	}
	return false;
}

/* Step 1: concatenate the runs into buf and describe each as a source run.
 * Empty runs are kept (with an empty range) so indexes stay simple. */
static void collect_runs(cp_typesetter *ts, cp_arena *arena, const cp_ts_style *style,
                         const cp_ts_run *runs, size_t n_runs, GString *buf, GArray *srcs,
                         cp_diags *d)
{
	for (size_t i = 0; i < n_runs; i++) {
		const cp_ts_run *r = &runs[i];
		cp_ts_src_run s = {0};

		s.span = r->span;
		s.start = (uint32_t)buf->len;
		if (r->text && r->len > 0)
			append_valid(buf, r->text, r->len);
		s.end = (uint32_t)buf->len;
		s.family = r->family && *r->family           ? r->family
		           : style->family && *style->family ? style->family
		                                             : "serif";
		s.weight = r->weight > 0 ? r->weight : style->weight > 0 ? style->weight : 400;
		s.size = r->size > 0.0 ? r->size : style->size;
		s.color = r->color ? *r->color : style->color;
		s.link = r->link ? cp_arena_strdup(arena, r->link) : NULL;
		s.ruby = r->ruby;
		s.ruby_mono = r->ruby_mono;
		s.kenten = r->kenten;
		s.tcy = r->tcy;
		if (s.start < s.end)
			s.fam = cp_ts_family_get(ts, s.family, r->span, d);
		else
			s.fam = NULL;
		g_array_append_val(srcs, s);
	}
}

/* Holds one ref per distinct font in the result. */
static PangoFont *keep_font(cp_ts_para *p, PangoFont *font)
{
	for (guint i = 0; i < p->fonts->len; i++)
		if (p->fonts->pdata[i] == font)
			return font;
	g_ptr_array_add(p->fonts, g_object_ref(font));
	return font;
}

PangoFont *cp_ts_para_keep_font(cp_ts_para *p, PangoFont *font)
{
	return keep_font(p, font);
}

static bool same_paint(const cp_ts_src_run *a, const cp_ts_src_run *b)
{
	if (a == b)
		return true;
	return a->color.cmyk == b->color.cmyk && a->color.c == b->color.c &&
	       a->color.m == b->color.m && a->color.y == b->color.y && a->color.k == b->color.k &&
	       a->color.r == b->color.r && a->color.g == b->color.g && a->color.b == b->color.b &&
	       g_strcmp0(a->link, b->link) == 0;
}

/* Makes one glyph run of cells [c0, c1). next_x is the start of the next
 * run (or the line's end) for the run's width. */
static void make_run(cp_ts_para *p, const cp_ts_cells *cells, const GArray *srcs, guint c0,
                     guint c1, double next_x, cp_ts_glyph_run *out)
{
	const cp_ts_cell *first = &g_array_index(cells->cells, cp_ts_cell, c0);
	const cp_ts_src_run *src = &g_array_index(srcs, cp_ts_src_run, first->src);
	uint32_t n_glyphs = 0;
	uint32_t n_text = 0;

	for (guint c = c0; c < c1; c++) {
		const cp_ts_cell *cell = &g_array_index(cells->cells, cp_ts_cell, c);
		n_glyphs += cell->n_glyphs;
		n_text += cell->len;
	}
	out->font = keep_font(p, first->font);
	out->size = src->size;
	out->color = src->color;
	out->link = src->link;
	out->text = p->text + first->start;
	out->n_text = n_text;
	out->x = first->x;
	out->width = next_x - first->x;
	out->orient = first->orient;
	out->glyphs = cp_arena_new0(p->arena, cp_ts_glyph, n_glyphs);
	out->n_glyphs = n_glyphs;
	out->clusters = cp_arena_new0(p->arena, cp_ts_cluster, c1 - c0);
	out->n_clusters = c1 - c0;

	/* Glyph positions become relative to the run's start: the cell's box,
	 * plus where its ink sits in the box (a halved bracket's glyph origin
	 * lies before its box), plus the glyph's offset in the cluster. One
	 * cluster per cell, in text order. The last glyph of a cell advances
	 * to the end of the cell's box. */
	uint32_t k = 0;
	for (guint c = c0; c < c1; c++) {
		const cp_ts_cell *cell = &g_array_index(cells->cells, cp_ts_cell, c);
		for (uint32_t g = 0; g < cell->n_glyphs; g++) {
			const cp_ts_cell_glyph *cg =
			    &g_array_index(cells->glyphs, cp_ts_cell_glyph, cell->first_glyph + g);
			cp_ts_glyph *gl = &out->glyphs[k++];
			gl->id = cg->id;
			gl->x = cell->x + cell->ink + cg->dx - out->x;
			gl->y = cg->dy;
			gl->advance = cg->advance;
			if (g + 1 == cell->n_glyphs && cell->box != cell->advance)
				gl->advance = cell->x + cell->box - out->x - gl->x;
		}
		out->clusters[c - c0].n_bytes = cell->len;
		out->clusters[c - c0].n_glyphs = cell->n_glyphs;
	}
}

/* Step 6b: cut cells [c0, c1] of a line into glyph runs. A new run starts
 * where the font, the colour or the link changes, or where the text is not
 * contiguous (a right-to-left stretch reordered by the bidi algorithm). */
/* A line that right-to-left text reordered (cp_ts_reorder_line) has its
 * cells in visual order while the gaps stay in text order: each box's
 * brk_after is the gap after its cell's place in the text, the rank of its
 * start among the line's cells. */
static int box_start_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a;
	uint32_t y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static void logical_breaks(const cp_ts_cells *cells, guint c0, cp_ts_line *line)
{
	size_t n = line->n_boxes;
	g_autofree uint32_t *starts = g_new(uint32_t, n);
	for (size_t k = 0; k < n; k++)
		starts[k] = line->boxes[k].start;
	qsort(starts, n, sizeof *starts, box_start_cmp);
	for (size_t k = 0; k < n; k++) {
		const uint32_t *at =
		    bsearch(&line->boxes[k].start, starts, n, sizeof *starts, box_start_cmp);
		g_assert(at != NULL);
		const cp_ts_gap *g =
		    &g_array_index(cells->gaps, cp_ts_gap, c0 + (guint)(at - starts));
		line->boxes[k].brk_after = g->brk || g->weak != CP_TS_WEAK_NONE;
	}
}

static void cut_runs(cp_ts_para *p, const cp_ts_cells *cells, const GArray *srcs, guint c0,
                     guint c1, cp_ts_line *line)
{
	GArray *cs = cells->cells;
	size_t n_runs = 0;

	/* Pass 1 counts, pass 2 fills the arena array. */
	for (int pass = 0; pass < 2; pass++) {
		guint r0 = c0;
		n_runs = 0;
		for (guint c = c0 + 1; c <= c1 + 1; c++) {
			bool cut = c == c1 + 1;
			if (!cut) {
				const cp_ts_cell *a = &g_array_index(cs, cp_ts_cell, c - 1);
				const cp_ts_cell *b = &g_array_index(cs, cp_ts_cell, c);
				cut = a->font != b->font || a->start + a->len != b->start ||
				      a->hang != b->hang || a->orient != b->orient ||
				      a->orient == CP_TS_ORIENT_TCY ||
				      !same_paint(&g_array_index(srcs, cp_ts_src_run, a->src),
				                  &g_array_index(srcs, cp_ts_src_run, b->src));
			}
			if (!cut)
				continue;
			if (pass == 1) {
				const cp_ts_cell *last = &g_array_index(cs, cp_ts_cell, c - 1);
				/* the line's last run ends where the line does: after
				 * the quarter a middle dot keeps at the line end
				 * (its glyph's frame is flush with the measure) */
				double tail =
				    last->hang ? 0.0
				               : g_array_index(cells->gaps, cp_ts_gap, c - 1).tail;
				double next_x = c <= c1 ? g_array_index(cs, cp_ts_cell, c).x
				                        : last->x + last->box + tail;
				make_run(p, cells, srcs, r0, c, next_x, &line->runs[n_runs]);
			}
			n_runs++;
			r0 = c;
		}
		if (pass == 0)
			line->runs = cp_arena_new0(p->arena, cp_ts_glyph_run, n_runs);
	}
	line->n_runs = n_runs;

	/* The boxes, for tests and checks. */
	line->n_boxes = c1 - c0 + 1;
	line->boxes = cp_arena_new0(p->arena, cp_ts_box, line->n_boxes);
	bool reordered = false;
	for (guint c = c0; c <= c1; c++) {
		const cp_ts_cell *cell = &g_array_index(cs, cp_ts_cell, c);
		cp_ts_box *b = &line->boxes[c - c0];
		b->start = cell->start;
		b->len = cell->len;
		b->x = cell->x;
		b->width = cell->box;
		b->cls = cell->cls;
		b->hang = cell->hang;
		const cp_ts_gap *g = &g_array_index(cells->gaps, cp_ts_gap, c);
		b->brk_after = g->brk || g->weak != CP_TS_WEAK_NONE;
		reordered = reordered || (c > c0 && cell->start < line->boxes[c - c0 - 1].start);
	}
	if (reordered)
		logical_breaks(cells, c0, line);
}

/* Converts the ascii decimal of a length for a message ("3.25"). */
static const char *fmt_pt(char *buf, size_t size, double v)
{
	return g_ascii_formatd(buf, (int)size, "%.2f", v);
}

/* Step 6a: a line's vertical extents from the fonts of its cells. */
static void line_extents(cp_typesetter *ts, const cp_ts_cells *cells, guint c0, guint c1,
                         cp_ts_line *line)
{
	PangoFont *seen = NULL;
	for (guint c = c0; c <= c1; c++) {
		const cp_ts_cell *cell = &g_array_index(cells->cells, cp_ts_cell, c);
		if (!cell->font || cell->font == seen)
			continue;
		seen = cell->font;
		double asc = 0.0;
		double desc = 0.0;
		cp_ts_font_extents(ts, cell->font, &asc, &desc);
		if (asc > line->ascent)
			line->ascent = asc;
		if (desc > line->descent)
			line->descent = desc;
	}
}

/* Steps 2 and 3: the text itemized and shaped once, unwrapped (its fonts
 * checked: fallback, missing glyphs), read into cells per hard line; the style's
 * tracking is added to every character that is not a space. True when the
 * font check found nothing to report (then the cells may be kept for the
 * same text from another place: no diagnostic names a place).
 * Pango makes a paragraph of every '\n' and measures each one from the
 * start of the text (quadratic in the number of hard breaks: 20000 of them
 * took seconds). Pango gets spaces instead, one paragraph in all; the hard
 * lines are cut at the '\n' cells afterwards (cp_ts_shape_cells reads the
 * real text). */
static bool shape_text(cp_typesetter *ts, const cp_ts_style *style, const cp_ts_para *p,
                       const GArray *srcs, cp_ts_cells *cells, cp_diags *d)
{
	g_autofree char *shaped = NULL;
	if (memchr(p->text, '\n', p->n_text) != NULL && !has_rtl(p->text, p->n_text)) {
		shaped = g_strndup(p->text, p->n_text);
		for (char *q = shaped; (q = memchr(q, '\n', p->n_text - (size_t)(q - shaped)));)
			*q = ' ';
	}
	g_autoptr(cp_ts_shaped) sh =
	    cp_ts_shape_text(ts, style, shaped != NULL ? shaped : p->text, p->n_text, srcs);
	bool reported = cp_ts_check_fonts(ts, sh, p->text, srcs, d);

	cp_ts_shape_cells(sh, p->text, srcs, cells);
	if (style->tracking != 0.0) {
		for (guint i = 0; i < cells->cells->len; i++) {
			cp_ts_cell *cell = &g_array_index(cells->cells, cp_ts_cell, i);
			if (!g_unichar_isspace(cell->ch) && cell->advance > 0.0)
				cell->advance += style->tracking;
		}
	}
	return !reported;
}

/* Step 5: total-fit breaking, hard line by hard line; hard_of gets each
 * line's hard line. */
static void break_lines(const cp_ts_cells *cells, const cp_ts_opts *o, GArray *brks,
                        GArray *hard_of)
{
	for (guint h = 0; h < cells->hards->len; h++) {
		guint before = brks->len;
		cp_ts_break_hard(cells, &g_array_index(cells->hards, cp_ts_hard, h), o, h == 0,
		                 brks);
		for (guint k = before; k < brks->len; k++)
			g_array_append_val(hard_of, h);
	}
}

/* Step 6a: where a line sits across the measure: at its start when
 * justified or full, else by the style's alignment in the room left. */
static double line_x(const cp_ts_style *style, const cp_ts_line *line, double start, double avail,
                     double width)
{
	if (line->justified || width >= avail)
		return start;
	double room = avail - width;
	switch (style->align) {
	case CP_TS_CENTER:
		return start + room / 2.0;
	case CP_TS_END:
		return start + room;
	case CP_TS_JUSTIFY:
	case CP_TS_START:
	default:
		return start;
	}
}

/* What setting the lines found, for the paragraph's warnings. */
typedef struct set_report {
	double overset; /* the widest overrun past the measure, pt */
	bool urgent;    /* a word was broken inside */
} set_report;

static const cp_ts_ruby *scratch_ruby(const cp_ts_scratch *sc);

/* Step 6: line i of the paragraph (break b, in hard line hd) justified or
 * set at natural width, placed (indent, alignment, the grid: line i at i *
 * pitch) and cut into glyph runs. */
static void set_line(cp_typesetter *ts, cp_ts_para *p, const cp_ts_style *style,
                     const cp_ts_opts *o, cp_ts_cells *cells, const GArray *srcs,
                     const GArray *brks, const GArray *hard_of, size_t i, set_report *rep)
{
	size_t n_total = brks->len;
	const cp_ts_brk *b = &g_array_index(brks, cp_ts_brk, i);
	rep->urgent = rep->urgent || b->urgent;
	const cp_ts_hard *hd =
	    &g_array_index(cells->hards, cp_ts_hard, g_array_index(hard_of, guint, i));
	bool hard_first =
	    i == 0 || g_array_index(hard_of, guint, i - 1) != g_array_index(hard_of, guint, i);
	bool hard_last = i + 1 == n_total ||
	                 g_array_index(hard_of, guint, i + 1) != g_array_index(hard_of, guint, i);
	cp_ts_line *line = &p->lines[i];

	/* the line's bytes run to the next line's start (spaces at a break
	 * belong to the line before) */
	line->start = hard_first ? hd->start : g_array_index(cells->cells, cp_ts_cell, b->c0).start;
	if (hard_last)
		line->end = hd->end;
	else
		line->end = g_array_index(cells->cells, cp_ts_cell,
		                          g_array_index(brks, cp_ts_brk, i + 1).c0)
		                .start;
	line->last = i + 1 == n_total;
	line->broken = !hard_first;
	line->vertical = style->vertical;
	line->y = (double)i * style->pitch;

	double start = i == 0 ? o->indent : 0.0;
	double avail = o->measure - start;
	if (b->empty) {
		/* an empty hard line: the style's em box for its extents */
		line->ascent = style->size * 0.88;
		line->descent = style->size * 0.12;
		line->x = start;
		return;
	}

	/* JLReq 3.8: justify every line that does not end the paragraph or a
	 * hard line; the others keep their natural width (pushed in only when
	 * they would not fit). Ragged styles (titles, catch copy, captions)
	 * and display text never stretch, nor does a line left ragged before a
	 * web address (breaks.c). */
	bool stretch = o->justify && !hard_last && !b->ragged && !o->phrase;
	bool justified = false;
	double natural = cp_ts_line_natural(cells, b->c0, b->c1, b->hang);
	double width = cp_ts_line_position(cells, b->c0, b->c1, b->hang, b->end_aki, avail, stretch,
	                                   &justified);
	line->natural = natural;
	line->justified = justified && stretch;
	if (width > avail + CP_TS_FIT_TOLERANCE && width - avail > rep->overset)
		rep->overset = width - avail;
	line->width = line->justified ? avail : width;
	line->x = line_x(style, line, start, avail, width);
	/* cells shown: up to the last that is not a trailing space */
	guint last_cell = b->c1;
	while (!b->hang && last_cell > b->c0 &&
	       g_array_index(cells->cells, cp_ts_cell, last_cell).cls == CP_TS_CL_SPACE)
		last_cell--;
	if (b->hang)
		line->hang = g_array_index(cells->cells, cp_ts_cell, b->c1).box;
	/* right-to-left text: the chosen line in visual order (a hanging mark
	 * stays at the end) */
	cp_ts_reorder_line(cells, b->c0, b->hang && last_cell > b->c0 ? last_cell - 1 : last_cell);
	line_extents(ts, cells, b->c0, last_cell, line);
	cut_runs(p, cells, srcs, b->c0, last_cell, line);
	/* ruby and emphasis dots over its bases (ruby.c) */
	cp_ts_ruby_line(ts, style, scratch_ruby(ts->scratch), p, cells, srcs, b->c0, last_cell,
	                line);
}

/* The working arrays of cp_ts_set, kept by the typesetter and reused by
 * every paragraph (no allocation once they have grown). */
struct cp_ts_scratch {
	GString *buf; /* the concatenated text */
	GArray *srcs; /* cp_ts_src_run */
	cp_ts_cells cells;
	GArray *brks;     /* cp_ts_brk */
	GArray *hard_of;  /* guint: the hard line of each break */
	cp_ts_ruby *ruby; /* the paragraph's ruby bases (ruby.c) */
};

static const cp_ts_ruby *scratch_ruby(const cp_ts_scratch *sc)
{
	return sc->ruby;
}

cp_ts_scratch *cp_ts_scratch_new(void)
{
	cp_ts_scratch *sc = g_new0(cp_ts_scratch, 1);
	sc->buf = g_string_new(NULL);
	sc->srcs = g_array_new(FALSE, TRUE, sizeof(cp_ts_src_run));
	sc->cells.cells = g_array_new(FALSE, TRUE, sizeof(cp_ts_cell));
	sc->cells.glyphs = g_array_new(FALSE, TRUE, sizeof(cp_ts_cell_glyph));
	sc->cells.gaps = g_array_new(FALSE, FALSE, sizeof(cp_ts_gap)); /* classes.c sets each */
	sc->cells.hards = g_array_new(FALSE, TRUE, sizeof(cp_ts_hard));
	sc->cells.work = g_byte_array_new();
	sc->cells.nodes = cp_ts_nodes_new();
	sc->cells.active = g_array_new(FALSE, FALSE, sizeof(int));
	sc->brks = g_array_new(FALSE, FALSE, sizeof(cp_ts_brk));
	sc->hard_of = g_array_new(FALSE, FALSE, sizeof(guint));
	sc->ruby = cp_ts_ruby_new();
	return sc;
}

void cp_ts_scratch_free(cp_ts_scratch *sc)
{
	if (!sc)
		return;
	g_string_free(sc->buf, TRUE);
	g_array_unref(sc->srcs);
	g_array_unref(sc->cells.cells);
	g_array_unref(sc->cells.glyphs);
	g_array_unref(sc->cells.gaps);
	g_array_unref(sc->cells.hards);
	g_byte_array_unref(sc->cells.work);
	g_array_unref(sc->cells.nodes);
	g_array_unref(sc->cells.active);
	g_array_unref(sc->brks);
	g_array_unref(sc->hard_of);
	cp_ts_ruby_free(sc->ruby);
	g_free(sc);
}

static cp_ts_para *set_para(cp_typesetter *ts, const cp_ts_style *style, const cp_ts_run *runs,
                            size_t n_runs, double measure, cp_diags *d);

cp_ts_para *cp_ts_set(cp_typesetter *ts, const cp_ts_style *style, const cp_ts_run *runs,
                      size_t n_runs, double measure, cp_diags *d)
{
	g_assert(ts != NULL && style != NULL && (runs != NULL || n_runs == 0));
	g_assert(isfinite(style->size) && style->size > 0.0);
	g_assert(isfinite(measure));

	/* The same inputs gave this result before (memo.c). */
	g_autoptr(GBytes) key = cp_ts_memo_key(style, runs, n_runs, measure);
	cp_ts_para *kept = cp_ts_memo_get(ts->memo, key);
	if (kept != NULL)
		return kept;
	cp_ts_para *p = set_para(ts, style, runs, n_runs, measure, d);
	cp_ts_memo_put(ts->memo, key, p);
	return p;
}

static cp_ts_para *set_para(cp_typesetter *ts, const cp_ts_style *style, const cp_ts_run *runs,
                            size_t n_runs, double measure, cp_diags *d)
{
	/* The result's arena sized for its glyphs, clusters and boxes (about
	 * 90 bytes a character), so the memo's small results stay small. */
	size_t n_chars = 0;
	for (size_t i = 0; i < n_runs; i++)
		if (runs[i].text != NULL && runs[i].len > 0)
			n_chars += (size_t)g_utf8_strlen(runs[i].text, (gssize)runs[i].len);
	cp_ts_para *p = g_new0(cp_ts_para, 1);
	p->refs = 1;
	p->arena = cp_arena_new_sized(1024 + 96 * n_chars);
	p->fonts = g_ptr_array_new_with_free_func(g_object_unref);
	p->measure = measure;

	/* Step 1: one text, one source run per caller run. */
	cp_ts_scratch *sc = ts->scratch;
	GString *buf = sc->buf;
	GArray *srcs = sc->srcs;
	g_string_truncate(buf, 0);
	g_array_set_size(srcs, 0);
	collect_runs(ts, p->arena, style, runs, n_runs, buf, srcs, d);
	p->text = cp_arena_strndup(p->arena, buf->str, buf->len);
	p->n_text = buf->len;
	if (p->n_text == 0) {
		p->text = cp_arena_strdup(p->arena, "");
		return p;
	}

	/* Steps 2 to 4 depend on the text and its fonts only, not on the
	 * measure, the alignment or where the text was written: their cells
	 * are kept (memo.c) for the same text set again at another measure
	 * (a card field measured, then set; a heading measured, then set),
	 * when the font check had nothing to report. */
	cp_ts_cells cells = sc->cells;
	g_autoptr(GBytes) shape_key = cp_ts_memo_shape_key(style, runs, n_runs);
	if (!cp_ts_memo_shape_get(ts->shapes, shape_key, &cells)) {
		/* Steps 2 and 3: shaped cells per hard line. */
		g_array_set_size(cells.gaps, 0);
		bool clean = shape_text(ts, style, p, srcs, &cells, d);

		/* Step 4: classes, boxes and gaps; display text keeps its
		 * breaks between phrases only (phrase.c). */
		cp_ts_classify(ts, &cells, style->kinsoku);
		if (style->phrase)
			cp_ts_phrase_gaps(ts, p->text, &cells);
		if (clean)
			cp_ts_memo_shape_put(ts->shapes, shape_key, &cells);
	}
	/* ruby and emphasis dots: bases widened for their readings, no break
	 * inside a group base (ruby.c); after the kept cells, which stay as
	 * the text alone sets them */
	cp_ts_ruby_prepare(ts, style, sc->ruby, &cells, srcs);

	/* Step 5: total-fit breaking, hard line by hard line. */
	cp_ts_opts o = {
	    .measure = measure,
	    .indent = style->indent > 0.0 ? style->indent : 0.0,
	    .justify = style->align == CP_TS_JUSTIFY,
	    .hanging = style->hanging,
	    .phrase = style->phrase,
	    .line_limit = style->max_lines > 0,
	};
	GArray *brks = sc->brks;
	GArray *hard_of = sc->hard_of;
	g_array_set_size(brks, 0);
	g_array_set_size(hard_of, 0);
	break_lines(&cells, &o, brks, hard_of);

	/* Step 6: justify, place and cut each line (max_lines keeps the first
	 * lines; they were broken as lines that are not the last). */
	size_t n_lines = brks->len;
	if (style->max_lines > 0 && (size_t)style->max_lines < n_lines)
		n_lines = (size_t)style->max_lines;
	p->lines = cp_arena_new0(p->arena, cp_ts_line, n_lines);
	p->n_lines = n_lines;
	p->truncated = n_lines < brks->len;
	set_report rep = {0};
	for (size_t i = 0; i < n_lines; i++)
		set_line(ts, p, style, &o, &cells, srcs, brks, hard_of, i, &rep);

	/* A word wider than the measure was broken inside (breaks.c); one
	 * warning per paragraph, at its first run. */
	if (rep.urgent)
		cp_ts_diag_once(ts, d, CP_DIAG_OVERSET, n_runs > 0 ? runs[0].span : CP_SPAN_NONE,
		                "shorten it, or write a space or a line break where it may break",
		                "a word longer than the line is broken inside it");
	/* Overfull lines (a single character wider than the measure) are left
	 * as they are; one warning per paragraph, at its first run. */
	if (rep.overset > 0.0) {
		char num[G_ASCII_DTOSTR_BUF_SIZE];
		cp_ts_diag_once(ts, d, CP_DIAG_OVERSET, n_runs > 0 ? runs[0].span : CP_SPAN_NONE,
		                "widen the frame or shorten the text",
		                "text runs past the measure by %s pt",
		                fmt_pt(num, sizeof num, rep.overset));
	}
	return p;
}

void cp_ts_para_free(cp_ts_para *p)
{
	/* atomic: a result made on compose's worker thread is freed on
	 * either (par.c) */
	if (!p || !g_atomic_int_dec_and_test(&p->refs))
		return;
	g_ptr_array_unref(p->fonts);
	cp_arena_free(p->arena);
	g_free(p);
}

double cp_ts_text_width(cp_typesetter *ts, const cp_ts_style *style, const char *text, cp_diags *d)
{
	g_assert(ts != NULL && style != NULL);
	g_assert(isfinite(style->size) && style->size > 0.0);
	if (!text || !*text)
		return 0.0;

	/* The composer's own natural width, so a measured text is exactly as
	 * wide as the same text set: one run, no indent, no wrapping (a
	 * measure no line reaches), the widest line when the text holds a
	 * hard break. Halved punctuation and wa-ou-kan count; the aki after a
	 * closing mark at the end does not (JLReq 3.1.6). */
	cp_ts_style st = *style;
	st.indent = 0.0;
	st.align = CP_TS_START;
	st.max_lines = 0;
	cp_ts_run run = {.text = text, .len = strlen(text), .span = CP_SPAN_NONE};
	g_autoptr(cp_ts_para) p = cp_ts_set(ts, &st, &run, 1, 1.0e9, d);
	double w = 0.0;
	for (size_t i = 0; i < p->n_lines; i++)
		if (p->lines[i].natural > w)
			w = p->lines[i].natural;
	return w;
}
