/* paragraph.c - the paragraph typesetter: styled runs + a measure + a style
 * -> lines of positioned glyphs (cp_ts_set), and the single-line width
 * measurement compose uses for folios and headings (cp_ts_text_width).
 *
 * The steps of cp_ts_set, in order (one comment each below):
 *   1. concatenate the runs, resolving their styles and font families;
 *   2. one PangoLayout with one attribute set per run (print settings of
 *      pango-spike.md section 0: absolute sizes, kern off, no hyphens);
 *   3. check the fonts Pango chose (fallback, missing glyphs);
 *   4. read each Pango line back as cells (line.c);
 *   5. justify every line but the paragraph's last, in justified styles (justify.c);
 *   6. place the line (indent, alignment, grid) and cut its cells into glyph
 *      runs per font, colour and link.
 * Line breaking is Pango's UAX #14 in its strict form, which keeps the
 * line-start and line-end prohibitions of JLReq 3.1.7 and 3.1.8 (cl-01 never
 * at a line end; cl-02, cl-04..cl-07, cl-09..cl-11 never at a line start).
 * The JLReq composer of a later issue replaces steps 2-5 behind the same
 * API. Knows nothing of pages, frames or the layout file. */
#include "typeset/typeset.h"

#include <math.h>
#include <string.h>

#include "typeset/typeset_int.h"

/* Largest width (pt) we hand Pango as a wrapping width; beyond it a
 * paragraph is simply not wrapped (Pango's width is an int of 1/1024 pt). */
#define CP_TS_MAX_MEASURE 1.0e6

/* Appends len bytes of s as valid UTF-8: invalid sequences and NUL bytes
 * become U+FFFD, so Pango never sees bytes it would reject. */
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
		const char *next = g_utf8_next_char(p);
		g_string_append_len(buf, p, next - p);
		p = next;
	}
}

static PangoAttribute *attr_range(PangoAttribute *a, uint32_t start, uint32_t end)
{
	a->start_index = start;
	a->end_index = end;
	return a;
}

/* Step 2: the layout. Attributes per source run: family, weight, absolute
 * size (1 unit = 1 pt at 72 dpi); over the whole text: kerning off (solid
 * setting, beta-gumi: the spike measured Noto's kern moving kana pairs),
 * no inserted hyphens, and the style's tracking as letter spacing. */
static PangoLayout *layout_new(cp_typesetter *ts, const cp_ts_style *style, const char *text,
			       size_t n_text, const GArray *srcs)
{
	PangoLayout *layout = pango_layout_new(ts->context);
	PangoAttrList *al = pango_attr_list_new();

	for (guint i = 0; i < srcs->len; i++) {
		const cp_ts_src_run *s = &g_array_index(srcs, cp_ts_src_run, i);
		if (s->start == s->end)
			continue;
		pango_attr_list_insert(al, attr_range(pango_attr_family_new(s->family), s->start,
						      s->end));
		pango_attr_list_insert(al, attr_range(pango_attr_weight_new((PangoWeight)s->weight),
						      s->start, s->end));
		pango_attr_list_insert(al, attr_range(pango_attr_size_new_absolute(
							      (int)lround(s->size * PANGO_SCALE)),
						      s->start, s->end));
	}
	pango_attr_list_insert(al, pango_attr_font_features_new("kern 0"));
	pango_attr_list_insert(al, pango_attr_insert_hyphens_new(FALSE));
	if (style->tracking != 0.0)
		pango_attr_list_insert(al, pango_attr_letter_spacing_new(
						   (int)lround(style->tracking * PANGO_SCALE)));

	/* The style's font also gives an empty line its metrics. */
	PangoFontDescription *fd = cp_ts_font_desc(style->family ? style->family : "serif",
						   style->weight, style->size);
	pango_layout_set_font_description(layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_auto_dir(layout, FALSE);
	pango_layout_set_attributes(layout, al);
	pango_attr_list_unref(al);
	pango_layout_set_text(layout, text, (int)n_text);
	return layout;
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
		s.family = r->family && *r->family ? r->family
			   : style->family && *style->family ? style->family
							     : "serif";
		s.weight = r->weight > 0 ? r->weight : style->weight > 0 ? style->weight : 400;
		s.size = r->size > 0.0 ? r->size : style->size;
		s.color = r->color ? *r->color : style->color;
		s.link = r->link ? cp_arena_strdup(arena, r->link) : NULL;
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

static bool same_paint(const cp_ts_src_run *a, const cp_ts_src_run *b)
{
	if (a == b)
		return true;
	return a->color.cmyk == b->color.cmyk && a->color.c == b->color.c &&
	       a->color.m == b->color.m && a->color.y == b->color.y && a->color.k == b->color.k &&
	       a->color.r == b->color.r && a->color.g == b->color.g && a->color.b == b->color.b &&
	       g_strcmp0(a->link, b->link) == 0;
}

/* Makes one glyph run of cells [c0, c1) of the line. x is the start of the
 * next run (or the line's end) for the run's width. */
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
	out->glyphs = cp_arena_new0(p->arena, cp_ts_glyph, n_glyphs);
	out->n_glyphs = n_glyphs;
	out->clusters = cp_arena_new0(p->arena, cp_ts_cluster, c1 - c0);
	out->n_clusters = c1 - c0;

	/* Glyph positions become relative to the run's start; one cluster per
	 * cell, in text order. */
	uint32_t k = 0;
	for (guint c = c0; c < c1; c++) {
		const cp_ts_cell *cell = &g_array_index(cells->cells, cp_ts_cell, c);
		for (uint32_t g = 0; g < cell->n_glyphs; g++) {
			const cp_ts_cell_glyph *cg =
				&g_array_index(cells->glyphs, cp_ts_cell_glyph, cell->first_glyph + g);
			cp_ts_glyph *gl = &out->glyphs[k++];
			gl->id = cg->id;
			gl->x = cell->x + cg->dx - out->x;
			gl->y = cg->dy;
			gl->advance = cg->advance;
		}
		out->clusters[c - c0].n_bytes = cell->len;
		out->clusters[c - c0].n_glyphs = cell->n_glyphs;
	}
}

/* Step 6b: cut the line's cells into glyph runs. A new run starts where
 * the font, the colour or the link changes, or where the text is not
 * contiguous (a right-to-left stretch reordered by the bidi algorithm). */
static void cut_runs(cp_ts_para *p, const cp_ts_cells *cells, const GArray *srcs,
		     cp_ts_line *line)
{
	GArray *cs = cells->cells;
	size_t n_runs = 0;
	guint c0 = 0;

	if (cs->len == 0)
		return;
	/* Pass 1 counts, pass 2 fills the arena array. */
	for (int pass = 0; pass < 2; pass++) {
		n_runs = 0;
		c0 = 0;
		for (guint c = 1; c <= cs->len; c++) {
			bool cut = c == cs->len;
			if (!cut) {
				const cp_ts_cell *a = &g_array_index(cs, cp_ts_cell, c - 1);
				const cp_ts_cell *b = &g_array_index(cs, cp_ts_cell, c);
				cut = a->font != b->font || a->start + a->len != b->start ||
				      !same_paint(&g_array_index(srcs, cp_ts_src_run, a->src),
						  &g_array_index(srcs, cp_ts_src_run, b->src));
			}
			if (!cut)
				continue;
			if (pass == 1) {
				const cp_ts_cell *last = &g_array_index(cs, cp_ts_cell, c - 1);
				double next_x = c < cs->len ? g_array_index(cs, cp_ts_cell, c).x
							    : last->x + last->advance;
				make_run(p, cells, srcs, c0, c, next_x, &line->runs[n_runs]);
			}
			n_runs++;
			c0 = c;
		}
		if (pass == 0)
			line->runs = cp_arena_new0(p->arena, cp_ts_glyph_run, n_runs);
	}
	line->n_runs = n_runs;
}

/* Converts the ascii decimal of a length for a message ("3.25"). */
static const char *fmt_pt(char *buf, size_t size, double v)
{
	return g_ascii_formatd(buf, (int)size, "%.2f", v);
}

cp_ts_para *cp_ts_set(cp_typesetter *ts, const cp_ts_style *style, const cp_ts_run *runs,
		      size_t n_runs, double measure, cp_diags *d)
{
	g_assert(ts != NULL && style != NULL && (runs != NULL || n_runs == 0));
	g_assert(isfinite(style->size) && style->size > 0.0);
	g_assert(isfinite(measure));

	cp_ts_para *p = g_new0(cp_ts_para, 1);
	p->arena = cp_arena_new();
	p->fonts = g_ptr_array_new_with_free_func(g_object_unref);
	p->measure = measure;

	/* Step 1: one text, one source run per caller run. */
	g_autoptr(GString) buf = g_string_new(NULL);
	g_autoptr(GArray) srcs = g_array_new(FALSE, TRUE, sizeof(cp_ts_src_run));
	collect_runs(ts, p->arena, style, runs, n_runs, buf, srcs, d);
	p->text = cp_arena_strndup(p->arena, buf->str, buf->len);
	p->n_text = buf->len;
	if (p->n_text == 0) {
		p->text = cp_arena_strdup(p->arena, "");
		return p;
	}

	/* Step 2: the Pango layout, wrapped at the measure (plus the rounding
	 * tolerance of typeset_int.h) after the first-line indent. */
	g_autoptr(PangoLayout) layout = layout_new(ts, style, p->text, p->n_text, srcs);
	double indent = style->indent > 0.0 ? style->indent : 0.0;
	double wrap = measure + CP_TS_FIT_TOLERANCE;
	if (wrap > CP_TS_MAX_MEASURE)
		pango_layout_set_width(layout, -1);
	else
		pango_layout_set_width(layout, wrap > 0.0 ? (int)floor(wrap * PANGO_SCALE) : 0);
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_indent(layout, (int)lround(indent * PANGO_SCALE));

	/* Step 3: fonts Pango fell back to, glyphs no font has. */
	cp_ts_check_fonts(ts, layout, p->text, srcs, d);

	/* Steps 4-6, line by line. */
	GSList *plines = pango_layout_get_lines_readonly(layout);
	size_t n_total = g_slist_length(plines);
	size_t n_lines = n_total;
	if (style->max_lines > 0 && (size_t)style->max_lines < n_total)
		n_lines = (size_t)style->max_lines;
	p->lines = cp_arena_new0(p->arena, cp_ts_line, n_lines);
	p->n_lines = n_lines;
	p->truncated = n_lines < n_total;

	cp_ts_cells cells = {
		.cells = g_array_new(FALSE, TRUE, sizeof(cp_ts_cell)),
		.glyphs = g_array_new(FALSE, TRUE, sizeof(cp_ts_cell_glyph)),
	};
	double overset = 0.0;
	size_t i = 0;
	for (GSList *l = plines; l && i < n_lines; l = l->next, i++) {
		PangoLayoutLine *pl = l->data;
		cp_ts_line *line = &p->lines[i];

		/* Step 4: cells, trailing spaces dropped. */
		cp_ts_line_cells(pl, p->text, srcs, &cells);
		line->start = (uint32_t)pl->start_index;
		line->end = (uint32_t)(pl->start_index + pl->length);
		line->last = i + 1 == n_total;
		line->y = (double)i * style->pitch;
		PangoRectangle logical;
		pango_layout_line_get_extents(pl, NULL, &logical);
		line->ascent = -(double)logical.y / PANGO_SCALE;
		line->descent = (double)(logical.y + logical.height) / PANGO_SCALE;

		/* Step 5: in a justified paragraph, justify every line that does
		 * not end the paragraph or a hard break (JLReq 3.8: the last line
		 * keeps its natural width). Ragged styles (titles, catch copy,
		 * captions) keep every line at its natural width. */
		double start = i == 0 ? indent : 0.0;
		double avail = measure - start;
		double natural = cp_ts_cells_natural(&cells);
		double slack = avail - natural;
		bool justified = false;
		line->natural = natural;
		if (slack < -CP_TS_FIT_TOLERANCE && -slack > overset)
			overset = -slack;
		if (style->align == CP_TS_JUSTIFY && !line->last && !cells.forced_break &&
		    slack >= -CP_TS_FIT_TOLERANCE)
			justified = cp_ts_cells_justify(&cells, slack);

		/* Step 6: place the line in the measure, then cut glyph runs. */
		if (justified) {
			line->x = start;
			line->width = avail;
		} else {
			double room = slack > 0.0 ? slack : 0.0;
			line->width = natural;
			switch (style->align) {
			case CP_TS_CENTER:
				line->x = start + room / 2.0;
				break;
			case CP_TS_END:
				line->x = start + room;
				break;
			case CP_TS_JUSTIFY:
			case CP_TS_START:
			default:
				line->x = start;
				break;
			}
		}
		cut_runs(p, &cells, srcs, line);
	}
	g_array_unref(cells.cells);
	g_array_unref(cells.glyphs);

	/* Overfull lines (a character wider than the measure) are left as they
	 * are; one warning per paragraph, at its first run. */
	if (overset > 0.0) {
		char num[G_ASCII_DTOSTR_BUF_SIZE];
		cp_ts_diag_once(ts, d, CP_DIAG_OVERSET, n_runs > 0 ? runs[0].span : CP_SPAN_NONE,
				"widen the frame or shorten the text",
				"text runs past the measure by %s pt",
				fmt_pt(num, sizeof num, overset));
	}
	return p;
}

void cp_ts_para_free(cp_ts_para *p)
{
	if (!p)
		return;
	g_ptr_array_unref(p->fonts);
	cp_arena_free(p->arena);
	g_free(p);
}

double cp_ts_text_width(cp_typesetter *ts, const cp_ts_style *style, const char *text,
			cp_diags *d)
{
	g_assert(ts != NULL && style != NULL);
	g_assert(isfinite(style->size) && style->size > 0.0);
	if (!text || !*text)
		return 0.0;

	/* The same text, attributes and font checks as one run of cp_ts_set,
	 * unwrapped; the width is Pango's logical width of the whole text (the
	 * widest line when the text holds a hard break). */
	g_autoptr(cp_arena) arena = cp_arena_new();
	cp_ts_run run = {.text = text, .len = strlen(text), .span = CP_SPAN_NONE};
	g_autoptr(GString) buf = g_string_new(NULL);
	g_autoptr(GArray) srcs = g_array_new(FALSE, TRUE, sizeof(cp_ts_src_run));
	collect_runs(ts, arena, style, &run, 1, buf, srcs, d);

	g_autoptr(PangoLayout) layout = layout_new(ts, style, buf->str, buf->len, srcs);
	pango_layout_set_width(layout, -1);
	cp_ts_check_fonts(ts, layout, buf->str, srcs, d);
	PangoRectangle logical;
	pango_layout_get_extents(layout, NULL, &logical);
	return (double)logical.width / PANGO_SCALE;
}
