/* ruby.c - ruby and emphasis dots in the composer (JLReq 3.3, appendix F).
 *
 * A run with a reading (cp_ts_run.ruby) or an emphasis mark (kenten) is an
 * annotated base. Two steps, called by paragraph.c:
 *
 *   cp_ts_ruby_prepare, after the classes and gaps and before breaking:
 *     every base is found (a group-ruby base is one base; a mono-ruby base
 *     and an emphasised run are one base per character), its reading shaped
 *     at half the base size, and the base made as wide as the reading
 *     needs. A reading longer than its base first overhangs the
 *     neighbouring characters, by at most half a ruby character and only
 *     where the neighbour is kana that carries no annotation of its own
 *     (never kanji, punctuation, a line edge or another base); whatever
 *     the overhang does not take spaces the base out as JLReq's
 *     distribution does: the space shared 1:2:1, half a share before the
 *     first character, a share between characters, half a share after the
 *     last. When one side may overhang less than the other, the difference
 *     is added on that side outside the base, so the reading stays centred
 *     on its base either way. The space is put into the boxes of the first
 *     and last character (so it stays with the base at a line's start or
 *     end) and into the gaps inside the base. A group-ruby base gets no
 *     break opportunity inside (not even an emergency one); mono ruby
 *     keeps the breaks between its characters. A reading shorter than a
 *     group base is spread over it, 1:2:1 again.
 *
 *   cp_ts_ruby_line, after a line is positioned: the annotations of its
 *     bases as glyph runs (cp_ts_line.annots), each centred on its base's
 *     characters, with the block offset of its baseline: the reading's em
 *     box sits on the base's em box, in the line gap, so the line keeps its
 *     place on the grid (the pitch is never changed). A reading that would
 *     overhang the line's start or end (its kana neighbour went to another
 *     line) is moved inward to the line's edge (JLReq 3.3.8).
 *
 * Emphasis dots: the sesame ﹅ (or ﹆) at half the base size, centred over
 * every character of the base by its ink: in a horizontal line on the
 * character's centre and the mark's em box's centre; in a vertical one
 * (the font's vertical form of the mark) on the character's centre down
 * the column and on the marks' axis right of the line.
 * Vertical lines work the same in inline coordinates (x down the column);
 * the readings are shaped upright by the vertical shaper (vshape.c) and
 * stand right of the line. */
#include "typeset/typeset.h"

#include <math.h>
#include <string.h>

#include "typeset/typeset_int.h"

/* Ruby is half the base size (JLReq 3.3.3). */
#define RUBY_SCALE 0.5

/* One base: cells [c0, c1] and what goes over them. */
typedef struct rbase {
	uint32_t c0, c1;
	uint32_t src;
	double size;   /* the annotation's size, pt */
	double width;  /* the reading's natural advance, pt */
	double spread; /* the reading's own spacing: a share between its
	                * characters (a short group reading), pt */
	double over_l; /* the overhang taken at the start and end, pt */
	double over_r;
	PangoFont *font;  /* own ref */
	uint32_t g0, ng;  /* glyphs in rb->glyphs */
	uint32_t k0, nk;  /* clusters in rb->clusters */
	uint32_t t0, nt;  /* text in rb->text */
	bool mono_or_dot; /* one character of mono ruby or emphasis */
	uint8_t orient;   /* cp_ts_orient of the reading (upright in vertical) */
} rbase;

/* A glyph of a reading: its position from the reading's start. */
typedef struct rglyph {
	uint32_t id;
	double x, y, advance;
} rglyph;

/* A cluster of a reading: its start from the reading's start. */
typedef struct rcluster {
	uint32_t n_bytes, n_glyphs;
	double x; /* pen position of the cluster */
} rcluster;

struct cp_ts_ruby {
	GArray *bases;    /* rbase */
	GArray *glyphs;   /* rglyph */
	GArray *clusters; /* rcluster */
	GString *text;
	cp_ts_cells tmp; /* shaping a reading */
	GArray *srcs;    /* one cp_ts_src_run for a reading */
};

cp_ts_ruby *cp_ts_ruby_new(void)
{
	cp_ts_ruby *rb = g_new0(cp_ts_ruby, 1);
	rb->bases = g_array_new(FALSE, TRUE, sizeof(rbase));
	rb->glyphs = g_array_new(FALSE, TRUE, sizeof(rglyph));
	rb->clusters = g_array_new(FALSE, TRUE, sizeof(rcluster));
	rb->text = g_string_new(NULL);
	rb->tmp.cells = g_array_new(FALSE, TRUE, sizeof(cp_ts_cell));
	rb->tmp.glyphs = g_array_new(FALSE, TRUE, sizeof(cp_ts_cell_glyph));
	rb->tmp.hards = g_array_new(FALSE, TRUE, sizeof(cp_ts_hard));
	rb->srcs = g_array_new(FALSE, TRUE, sizeof(cp_ts_src_run));
	return rb;
}

static void reset(cp_ts_ruby *rb)
{
	for (guint i = 0; i < rb->bases->len; i++) {
		rbase *b = &g_array_index(rb->bases, rbase, i);
		if (b->font != NULL)
			g_object_unref(b->font);
	}
	g_array_set_size(rb->bases, 0);
	g_array_set_size(rb->glyphs, 0);
	g_array_set_size(rb->clusters, 0);
	g_string_truncate(rb->text, 0);
}

void cp_ts_ruby_free(cp_ts_ruby *rb)
{
	if (rb == NULL)
		return;
	reset(rb);
	g_array_unref(rb->bases);
	g_array_unref(rb->glyphs);
	g_array_unref(rb->clusters);
	g_string_free(rb->text, TRUE);
	g_array_unref(rb->tmp.cells);
	g_array_unref(rb->tmp.glyphs);
	g_array_unref(rb->tmp.hards);
	g_array_unref(rb->srcs);
	g_free(rb);
}

bool cp_ts_ruby_any(const GArray *srcs)
{
	for (guint i = 0; i < srcs->len; i++) {
		const cp_ts_src_run *s = &g_array_index(srcs, cp_ts_src_run, i);
		if (s->start < s->end && ((s->ruby != NULL && *s->ruby) || s->kenten != 0))
			return true;
	}
	return false;
}

/* Shapes text (n bytes) in the source run's font at size into the reading
 * of b: its glyphs, clusters, text and natural width. */
static void shape_reading(cp_typesetter *ts, const cp_ts_style *style, cp_ts_ruby *rb,
                          const cp_ts_src_run *src, double size, const char *text, size_t n,
                          rbase *b)
{
	cp_ts_src_run one = *src;
	one.start = 0;
	one.end = (uint32_t)n;
	one.size = size;
	one.link = NULL;
	g_array_set_size(rb->srcs, 0);
	g_array_append_val(rb->srcs, one);
	cp_ts_style st = *style;
	st.family = src->family;
	st.weight = src->weight;
	st.size = size;
	g_autoptr(cp_ts_shaped) sh = cp_ts_shape_text(ts, &st, text, n, rb->srcs);
	cp_ts_shape_cells(sh, text, rb->srcs, &rb->tmp);

	b->size = size;
	b->t0 = (uint32_t)rb->text->len;
	b->nt = (uint32_t)n;
	g_string_append_len(rb->text, text, (gssize)n);
	b->g0 = rb->glyphs->len;
	b->k0 = rb->clusters->len;
	double x = 0.0;
	for (guint c = 0; c < rb->tmp.cells->len; c++) {
		const cp_ts_cell *cell = &g_array_index(rb->tmp.cells, cp_ts_cell, c);
		if (b->font == NULL && cell->font != NULL) {
			b->font = g_object_ref(cell->font);
			b->orient = cell->orient;
		}
		rcluster k = {.n_bytes = cell->len, .n_glyphs = cell->n_glyphs, .x = x};
		for (uint32_t g = 0; g < cell->n_glyphs; g++) {
			const cp_ts_cell_glyph *cg =
			    &g_array_index(rb->tmp.glyphs, cp_ts_cell_glyph, cell->first_glyph + g);
			rglyph gl = {
			    .id = cg->id, .x = x + cg->dx, .y = cg->dy, .advance = cg->advance};
			g_array_append_val(rb->glyphs, gl);
		}
		g_array_append_val(rb->clusters, k);
		x += cell->advance;
	}
	b->ng = rb->glyphs->len - b->g0;
	b->nk = rb->clusters->len - b->k0;
	b->width = x;
}

/* The centre of a glyph's ink in the font's units scaled to points (x to
 * the right, y down from the origin); false for a glyph with no ink. */
static bool ink_centre(PangoFont *font, PangoGlyph id, double *cx, double *cy)
{
	PangoRectangle ink;
	pango_font_get_glyph_extents(font, id, &ink, NULL);
	if (ink.width <= 0 || ink.height <= 0)
		return false;
	*cx = ((double)ink.x + ink.width / 2.0) / PANGO_SCALE;
	*cy = ((double)ink.y + ink.height / 2.0) / PANGO_SCALE;
	return true;
}

/* A mark's ink centred in its em box: fonts draw ﹅ ﹆ where a vertical
 * line wants them, off the centre of a horizontal one. */
static void centre_ink(cp_typesetter *ts, const cp_ts_style *style, cp_ts_ruby *rb,
                       const cp_ts_src_run *src, const rbase *b)
{
	if (b->font == NULL)
		return;
	cp_ts_style bs = *style;
	bs.family = src->family;
	bs.weight = src->weight;
	double em = cp_ts_em_baseline(ts, &bs);
	for (uint32_t g = b->g0; g < b->g0 + b->ng; g++) {
		rglyph *gl = &g_array_index(rb->glyphs, rglyph, g);
		double cx, cy;
		if (!ink_centre(b->font, gl->id, &cx, &cy))
			continue;
		/* the em box's centre: (em - 1/2) of the size above the baseline */
		gl->x += b->width / 2.0 - (gl->x + cx);
		gl->y = -(em - 0.5) * b->size - cy;
	}
}

/* The same in a vertical line: the mark's ink centred down the column on
 * the middle of its box (which is centred on its character) and across on
 * the marks' axis. An upright glyph's (x, y) is its horizontal origin, x
 * down the column from the reading's start, y right of the axis; its ink
 * box is the font's, x to the right and y down the page. */
static void centre_ink_v(const rbase *b, cp_ts_ruby *rb)
{
	if (b->font == NULL || b->orient != CP_TS_ORIENT_UPRIGHT)
		return;
	for (uint32_t g = b->g0; g < b->g0 + b->ng; g++) {
		rglyph *gl = &g_array_index(rb->glyphs, rglyph, g);
		double cx, cy;
		if (!ink_centre(b->font, gl->id, &cx, &cy))
			continue;
		gl->x = b->width / 2.0 - cy;
		gl->y = -cx;
	}
}

/* True when cell i may carry the overhang of a neighbour's reading: kana
 * outside every base, in the same hard line. */
static bool takes_overhang(const cp_ts_cells *c, const uint8_t *in_base, uint32_t i)
{
	const cp_ts_cell *cell = &g_array_index(c->cells, cp_ts_cell, i);
	return !in_base[i] && (cell->cls == CP_TS_CL_KANA || cell->cls == CP_TS_CL_SMALL);
}

/* Emphasis dots go over characters, not over spaces or punctuation
 * (JLReq 3.3.? "emphasis dots": a mark per character of the text). */
static bool takes_dot(const cp_ts_cell *cell)
{
	switch (cell->cls) {
	case CP_TS_CL_OPEN:
	case CP_TS_CL_CLOSE:
	case CP_TS_CL_DIVIDING:
	case CP_TS_CL_MIDDLE:
	case CP_TS_CL_FULLSTOP:
	case CP_TS_CL_COMMA:
	case CP_TS_CL_SPACE:
	case CP_TS_CL_OTHER:
		return false;
	default:
		return !g_unichar_isspace(cell->ch);
	}
}

/* The hard line holding cell i. */
static const cp_ts_hard *hard_of(const cp_ts_cells *c, uint32_t i)
{
	for (guint h = 0; h < c->hards->len; h++) {
		const cp_ts_hard *hd = &g_array_index(c->hards, cp_ts_hard, h);
		if (i >= hd->c0 && i < hd->c1)
			return hd;
	}
	return NULL;
}

/* The bases of the cells, in text order: a group base per annotated run
 * (cut where a hard line ends), one per character for mono ruby and
 * emphasis dots. */
static void find_bases(cp_typesetter *ts, const cp_ts_style *style, cp_ts_ruby *rb,
                       const cp_ts_cells *c, const GArray *srcs)
{
	GArray *cs = c->cells;
	for (guint h = 0; h < c->hards->len; h++) {
		const cp_ts_hard *hd = &g_array_index(c->hards, cp_ts_hard, h);
		for (uint32_t i = hd->c0; i < hd->c1;) {
			uint32_t src = g_array_index(cs, cp_ts_cell, i).src;
			const cp_ts_src_run *s = &g_array_index(srcs, cp_ts_src_run, src);
			uint32_t j = i;
			while (j + 1 < hd->c1 && g_array_index(cs, cp_ts_cell, j + 1).src == src)
				j++;
			bool ruby = s->ruby != NULL && *s->ruby;
			if (!ruby && s->kenten == 0) {
				i = j + 1;
				continue;
			}
			double size = s->size * RUBY_SCALE;
			if (!ruby) {
				/* emphasis: a dot over every character but spaces */
				char mark[8];
				int n = g_unichar_to_utf8(s->kenten, mark);
				for (uint32_t k = i; k <= j; k++) {
					if (!takes_dot(&g_array_index(cs, cp_ts_cell, k)))
						continue;
					rbase b = {
					    .c0 = k, .c1 = k, .src = src, .mono_or_dot = true};
					shape_reading(ts, style, rb, s, size, mark, (size_t)n, &b);
					if (style->vertical)
						centre_ink_v(&b, rb);
					else
						centre_ink(ts, style, rb, s, &b);
					g_array_append_val(rb->bases, b);
				}
				i = j + 1;
				continue;
			}
			/* mono ruby: as many readings as cells, else one group */
			g_auto(GStrv) parts = s->ruby_mono ? g_strsplit(s->ruby, "|", -1) : NULL;
			if (parts != NULL && g_strv_length(parts) == j - i + 1) {
				for (uint32_t k = i; k <= j; k++) {
					rbase b = {
					    .c0 = k, .c1 = k, .src = src, .mono_or_dot = true};
					const char *r = parts[k - i];
					shape_reading(ts, style, rb, s, size, r, strlen(r), &b);
					g_array_append_val(rb->bases, b);
				}
			} else {
				g_autofree char *joined =
				    parts != NULL ? g_strjoinv("", parts) : g_strdup(s->ruby);
				rbase b = {.c0 = i, .c1 = j, .src = src};
				shape_reading(ts, style, rb, s, size, joined, strlen(joined), &b);
				g_array_append_val(rb->bases, b);
			}
			i = j + 1;
		}
	}
}

void cp_ts_ruby_prepare(cp_typesetter *ts, const cp_ts_style *style, cp_ts_ruby *rb, cp_ts_cells *c,
                        const GArray *srcs)
{
	reset(rb);
	if (!cp_ts_ruby_any(srcs))
		return;
	find_bases(ts, style, rb, c, srcs);
	if (rb->bases->len == 0)
		return;

	GArray *cs = c->cells;
	g_autofree uint8_t *in_base = g_new0(uint8_t, cs->len + 1);
	for (guint k = 0; k < rb->bases->len; k++) {
		const rbase *b = &g_array_index(rb->bases, rbase, k);
		for (uint32_t i = b->c0; i <= b->c1; i++)
			in_base[i] = 1;
	}

	for (guint k = 0; k < rb->bases->len; k++) {
		rbase *b = &g_array_index(rb->bases, rbase, k);
		const cp_ts_hard *hd = hard_of(c, b->c0);
		uint32_t n = b->c1 - b->c0 + 1;
		double wb = 0.0;
		for (uint32_t i = b->c0; i <= b->c1; i++) {
			wb += g_array_index(cs, cp_ts_cell, i).box;
			if (i < b->c1)
				wb += g_array_index(c->gaps, cp_ts_gap, i).nat;
		}
		/* a group base holds together: no break inside at all */
		for (uint32_t i = b->c0; i < b->c1; i++) {
			cp_ts_gap *g = &g_array_index(c->gaps, cp_ts_gap, i);
			g->brk = false;
			g->urgent = false;
			g->weak = CP_TS_WEAK_NONE;
		}
		double e = b->width - wb;
		if (e <= 0.0) {
			/* a shorter reading: centred; a group reading of several
			 * characters spread 1:2:1 over its base */
			if (!b->mono_or_dot && b->nk > 1)
				b->spread = -e / b->nk;
			continue;
		}
		/* a longer reading: overhang onto kana, then space the base */
		double half = b->size / 2.0;
		double ov_l = hd != NULL && b->c0 > hd->c0 && takes_overhang(c, in_base, b->c0 - 1)
		                  ? fmin(half, e / 2.0)
		                  : 0.0;
		double ov_r =
		    hd != NULL && b->c1 + 1 < hd->c1 && takes_overhang(c, in_base, b->c1 + 1)
		        ? fmin(half, e / 2.0)
		        : 0.0;
		double o = fmax(ov_l, ov_r);
		double share = (e - 2.0 * o) / n; /* 1:2:1: a share between characters */
		double pad_l = share / 2.0 + (o - ov_l);
		double pad_r = share / 2.0 + (o - ov_r);
		cp_ts_cell *first = &g_array_index(cs, cp_ts_cell, b->c0);
		cp_ts_cell *last = &g_array_index(cs, cp_ts_cell, b->c1);
		first->box += pad_l;
		first->ink += pad_l;
		last->box += pad_r;
		for (uint32_t i = b->c0; i < b->c1; i++)
			g_array_index(c->gaps, cp_ts_gap, i).nat += share;
		b->over_l = ov_l;
		b->over_r = ov_r;
		/* at a line's edge there is no kana to overhang: a line that
		 * starts with the base keeps ov_l before it, one that ends
		 * with it ov_r after it (breaks.c and justify.c count them),
		 * so the reading stays centred on its base and inside the
		 * measure without reaching over the neighbour on the other
		 * side (issue 12 point 3) */
		first->edge_lead = (float)ov_l;
		g_array_index(c->gaps, cp_ts_gap, b->c1).tail += ov_r;
	}
}

/* The glyphs of base b's reading as an annotation run at x (from the
 * line's start), its characters spread by spread. */
static void make_annot(cp_ts_para *p, const cp_ts_ruby *rb, const rbase *b,
                       const cp_ts_src_run *src, double x, double block, cp_ts_glyph_run *out)
{
	out->font = cp_ts_para_keep_font(p, b->font);
	out->size = b->size;
	out->color = src->color;
	out->link = NULL;
	out->text = cp_arena_strndup(p->arena, rb->text->str + b->t0, b->nt);
	out->n_text = b->nt;
	out->x = x;
	out->width = b->width + b->spread * (b->nk > 0 ? b->nk - 1 : 0);
	out->block = block;
	out->orient = b->orient;
	out->glyphs = cp_arena_new0(p->arena, cp_ts_glyph, b->ng);
	out->n_glyphs = b->ng;
	out->clusters = cp_arena_new0(p->arena, cp_ts_cluster, b->nk);
	out->n_clusters = b->nk;
	uint32_t g = b->g0;
	for (uint32_t k = 0; k < b->nk; k++) {
		const rcluster *kl = &g_array_index(rb->clusters, rcluster, b->k0 + k);
		out->clusters[k].n_bytes = kl->n_bytes;
		out->clusters[k].n_glyphs = kl->n_glyphs;
		for (uint32_t i = 0; i < kl->n_glyphs; i++, g++) {
			const rglyph *rg = &g_array_index(rb->glyphs, rglyph, g);
			cp_ts_glyph *gl = &out->glyphs[g - b->g0];
			gl->id = rg->id;
			gl->x = rg->x + b->spread * k;
			gl->y = rg->y;
			gl->advance = rg->advance;
		}
	}
}

void cp_ts_ruby_line(cp_typesetter *ts, const cp_ts_style *style, const cp_ts_ruby *rb,
                     cp_ts_para *p, const cp_ts_cells *c, const GArray *srcs, uint32_t c0,
                     uint32_t c1, cp_ts_line *line)
{
	if (rb->bases->len == 0)
		return;
	GArray *cs = c->cells;
	size_t n = 0;
	for (guint k = 0; k < rb->bases->len; k++) {
		const rbase *b = &g_array_index(rb->bases, rbase, k);
		if (b->c0 >= c0 && b->c1 <= c1 && b->ng > 0)
			n++;
	}
	if (n == 0)
		return;
	line->annots = cp_arena_new0(p->arena, cp_ts_glyph_run, n);
	line->n_annots = n;
	size_t a = 0;
	for (guint k = 0; k < rb->bases->len; k++) {
		const rbase *b = &g_array_index(rb->bases, rbase, k);
		if (!(b->c0 >= c0 && b->c1 <= c1 && b->ng > 0))
			continue;
		const cp_ts_src_run *src = &g_array_index(srcs, cp_ts_src_run, b->src);
		const cp_ts_cell *first = &g_array_index(cs, cp_ts_cell, b->c0);
		const cp_ts_cell *last = &g_array_index(cs, cp_ts_cell, b->c1);
		/* the base's characters: from the first glyph's origin to the
		 * last glyph's advance (spacing and justification included) */
		double gx0 = first->x + first->ink;
		double gx1 = last->x + last->ink + last->advance;
		double rw = b->width + b->spread * (b->nk > 0 ? b->nk - 1 : 0);
		double x = (gx0 + gx1) / 2.0 - rw / 2.0;
		/* at a line's edge, no overhang past it (the room the line
		 * kept for the overhang there, edge_lead and the gap's tail,
		 * included) */
		double end = last->x + last->box + g_array_index(c->gaps, cp_ts_gap, b->c1).tail;
		if (b->c1 == c1 && x + rw > end)
			x = end - rw;
		if (b->c0 == c0 && x < first->x - first->edge_lead)
			x = first->x - first->edge_lead;
		/* the reading's em box on the base's em box: above the base in
		 * a horizontal line; right of it in a vertical one, where block
		 * is the distance between the two centre axes */
		cp_ts_style bs = *style;
		bs.family = src->family;
		bs.weight = src->weight;
		double em = cp_ts_em_baseline(ts, &bs);
		double block = style->vertical ? (src->size + b->size) / 2.0
		                               : em * src->size + (1.0 - em) * b->size;
		make_annot(p, rb, b, src, x, block, &line->annots[a++]);
	}
}
