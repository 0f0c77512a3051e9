/* memo.c - the typesetter's memory of recent paragraphs.
 *
 * Compose sets the same paragraph again with the same inputs: balancing an
 * article's last page flows the page again for every column length it
 * tries, a member card is set to measure it and then to draw it, a heading
 * is measured before it is set. cp_ts_set is a pure function of its inputs
 * (the style, each run's text, font, colour, link and span, the measure)
 * and of the typesetter's fonts, so a result can be handed out again: the
 * memo keeps the most recent results, each under a key that serialises
 * every input, and cp_ts_set returns a new reference to a kept one.
 * Diagnostics are not lost: every diagnostic cp_ts_set gives is given once
 * per typesetter (cp_ts_diag_once, cp_ts_family_get), and the key holds
 * the runs' spans, so a second call with the same inputs gives none.
 *
 * Bounds: at most CP_TS_MEMO_ENTRIES results and CP_TS_MEMO_BYTES of their
 * arenas, the least recently used dropped first; a result larger than a
 * quarter of that is not kept. Results are shared, so nobody may change
 * one (compose only reads them). */
#include "typeset/typeset.h"

#include <string.h>

#include "typeset/typeset_int.h"

/* The key must hold every input: a new field of the style or of a run
 * changes these sizes, and then cp_ts_memo_key must learn it (the shape
 * key is made by it too). */
G_STATIC_ASSERT(sizeof(cp_ts_style) == 144);
G_STATIC_ASSERT(sizeof(cp_ts_run) == 96);

#define CP_TS_MEMO_ENTRIES 256
#define CP_TS_MEMO_BYTES (4u << 20)
/* The shaped cells kept for other measures. They pay for short texts: a
 * member card's fields are measured (all cards first) and set later at
 * another measure, a title is measured and then set, more than a thousand
 * paragraphs apart on the 64-page issue; a long paragraph is set again at
 * the same measure, which the paragraph memo catches. Cells cost about 250
 * bytes a character, so only texts of up to about 60 characters are kept
 * (CP_TS_SHAPES_ENTRY_MAX); measured on the peers' 64-page issue: 1,826 of
 * 3,991 paragraph memo misses found their cells here, with 5.5 MB kept. */
#define CP_TS_SHAPES_ENTRIES 4096
#define CP_TS_SHAPES_BYTES (8u << 20)
#define CP_TS_SHAPES_ENTRY_MAX (16u << 10)

typedef struct memo_entry {
	GBytes *key;
	cp_ts_para *para; /* one reference held */
	size_t bytes;
} memo_entry;

/* A paragraph's cells after steps 2-4 of cp_ts_set (shaped, classified,
 * gaps made), which do not depend on the measure: copies of the scratch
 * arrays, and a reference to each font the cells name, all in the one
 * allocation of the entry, each array exactly as long as it is (copies in
 * GArrays took a header and a block rounded up to a power of two each:
 * about a third of the memo's memory). A text's gaps are few different
 * ones over and over (on the 64-page issue 88 % have no width, no shrink
 * and no stretch, only their flags), so each distinct gap is kept once and
 * every gap as the index of its own: 80 bytes a character become about
 * one. */
typedef struct shape_entry {
	GBytes *key;
	size_t bytes;
	guint n_cells, n_glyphs, n_gaps, n_kinds, n_hards, n_fonts;
	cp_ts_cell *cells;
	cp_ts_cell_glyph *glyphs;
	cp_ts_hard *hards;
	cp_ts_gap *kinds;  /* the distinct gaps */
	PangoFont **fonts; /* one reference each */
	uint8_t *gap_kind; /* per gap, its index in kinds */
	                   /* the arrays follow */
} shape_entry;

/* Every array of an entry starts aligned for any of them (the bytes of
 * gap_kind come last). */
G_STATIC_ASSERT(sizeof(shape_entry) % 8 == 0 && sizeof(cp_ts_cell) % 8 == 0 &&
                sizeof(cp_ts_cell_glyph) % 8 == 0 && sizeof(cp_ts_gap) % 8 == 0 &&
                sizeof(cp_ts_hard) % 8 == 0);
/* A kind's index fits its byte: an entry holds fewer gaps and cells than
 * this (they count against its CP_TS_SHAPES_ENTRY_MAX bytes). */
#define SHAPE_KINDS_MAX 256
G_STATIC_ASSERT(CP_TS_SHAPES_ENTRY_MAX / sizeof(cp_ts_gap) < SHAPE_KINDS_MAX &&
                CP_TS_SHAPES_ENTRY_MAX / sizeof(cp_ts_cell) < SHAPE_KINDS_MAX);

struct cp_ts_memo {
	GHashTable *table; /* GBytes* key -> GList* link in lru */
	GQueue lru;        /* memo_entry*, most recent at the head */
	size_t bytes;
};

/* The shaped cells: one per typesetter, whichever paragraph memo it uses
 * (cp_ts_memo_swap). A kept entry gives no diagnostics, which is right
 * anywhere: cells are kept only when shaping them had nothing to report,
 * so shaping them again, in turn or out of it, would report nothing
 * either; a typesetter's second memo kept its own copies before. */
struct cp_ts_shapes {
	GHashTable *table; /* GBytes* key -> GList* link in queue */
	GQueue queue;      /* shape_entry*, most recent at the head */
	size_t bytes;
};

/* A key's hash, eight bytes a step: keys hold a paragraph's whole text
 * (kilobytes), and g_bytes_hash's byte-at-a-time loop was 1.5 % of a
 * 64-page build. Each step mixes the word in by a multiply and a shift
 * (the constants are the splitmix64 finaliser's); the tail's bytes are
 * one last, zero-padded word. */
static guint key_hash(gconstpointer key)
{
	gsize n = 0;
	const guint8 *p = g_bytes_get_data((GBytes *)key, &n);
	uint64_t h = 0x9e3779b97f4a7c15u ^ (uint64_t)n;

	for (; n >= 8; p += 8, n -= 8) {
		uint64_t v;
		memcpy(&v, p, 8);
		h = (h ^ v) * 0xbf58476d1ce4e5b9u;
		h ^= h >> 31;
	}
	uint64_t v = 0;
	if (n > 0)
		memcpy(&v, p, n);
	h = (h ^ v) * 0x94d049bb133111ebu;
	h ^= h >> 29;
	return (guint)(h ^ (h >> 32));
}

cp_ts_memo *cp_ts_memo_new(void)
{
	cp_ts_memo *m = g_new0(cp_ts_memo, 1);
	m->table = g_hash_table_new(key_hash, g_bytes_equal);
	g_queue_init(&m->lru);
	return m;
}

cp_ts_shapes *cp_ts_shapes_new(void)
{
	cp_ts_shapes *l = g_new0(cp_ts_shapes, 1);
	l->table = g_hash_table_new(key_hash, g_bytes_equal);
	g_queue_init(&l->queue);
	return l;
}

static void shape_entry_free(shape_entry *e)
{
	g_bytes_unref(e->key);
	for (guint i = 0; i < e->n_fonts; i++)
		g_object_unref(e->fonts[i]);
	g_free(e);
}

static void entry_free(memo_entry *e)
{
	g_bytes_unref(e->key);
	cp_ts_para_free(e->para);
	g_free(e);
}

void cp_ts_memo_free(cp_ts_memo *m)
{
	if (!m)
		return;
	g_hash_table_destroy(m->table);
	g_queue_clear_full(&m->lru, (GDestroyNotify)entry_free);
	g_free(m);
}

void cp_ts_shapes_free(cp_ts_shapes *l)
{
	if (!l)
		return;
	g_hash_table_destroy(l->table);
	g_queue_clear_full(&l->queue, (GDestroyNotify)shape_entry_free);
	g_free(l);
}

/* A key being written: the bytes of every input in turn, appended inline
 * (GByteArray's function call a field was a third of the key's cost). */
typedef struct key_buf {
	guint8 *data;
	size_t len, cap;
} key_buf;

static void put(key_buf *b, const void *p, size_t n)
{
	if (b->cap - b->len < n) {
		size_t cap = MAX(b->cap * 2, b->len + n);
		b->data = g_realloc(b->data, cap);
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
}

static void put_str(key_buf *b, const char *s)
{
	uint8_t tag = s != NULL;
	put(b, &tag, 1);
	if (s != NULL)
		put(b, s, strlen(s) + 1);
}

#define PUT(b, v) put((b), &(v), sizeof(v))

static void put_color(key_buf *b, const cp_color *c)
{
	uint8_t cmyk = c->cmyk;
	PUT(b, cmyk);
	PUT(b, c->c);
	PUT(b, c->m);
	PUT(b, c->y);
	PUT(b, c->k);
	PUT(b, c->r);
	PUT(b, c->g);
	PUT(b, c->b);
}

GBytes *cp_ts_memo_key(const cp_ts_style *style, const cp_ts_run *runs, size_t n_runs,
                       double measure)
{
	size_t text = 0;
	for (size_t i = 0; i < n_runs; i++)
		text += runs[i].text != NULL ? runs[i].len : 0;
	key_buf kb = {NULL, 0, 0};
	key_buf *b = &kb;
	kb.cap = 128 + text + 96 * n_runs;
	kb.data = g_malloc(kb.cap);
	uint8_t flags[6] = {style->vertical,       (uint8_t)style->kinsoku, style->hanging,
	                    (uint8_t)style->align, style->phrase,           style->tcy_digits};

	put_str(b, style->family);
	PUT(b, style->weight);
	PUT(b, style->size);
	PUT(b, style->pitch);
	PUT(b, style->indent);
	PUT(b, style->tracking);
	PUT(b, style->max_lines);
	put(b, flags, sizeof flags);
	put_color(b, &style->color);
	PUT(b, measure);
	PUT(b, n_runs);
	for (size_t i = 0; i < n_runs; i++) {
		const cp_ts_run *r = &runs[i];
		size_t len = r->text != NULL ? r->len : 0;
		PUT(b, len);
		if (len > 0)
			put(b, r->text, len);
		put_str(b, r->family);
		PUT(b, r->weight);
		PUT(b, r->size);
		uint8_t has_color = r->color != NULL;
		PUT(b, has_color);
		if (has_color)
			put_color(b, r->color);
		put_str(b, r->link);
		PUT(b, r->span);
		put_str(b, r->ruby);
		PUT(b, r->kenten);
		uint8_t notes[2] = {r->ruby_mono, r->tcy};
		put(b, notes, sizeof notes);
	}
	return g_bytes_new_take(kb.data, kb.len);
}

cp_ts_para *cp_ts_memo_get(cp_ts_memo *m, GBytes *key)
{
	GList *link = g_hash_table_lookup(m->table, key);
	if (link == NULL)
		return NULL;
	g_queue_unlink(&m->lru, link);
	g_queue_push_head_link(&m->lru, link);
	memo_entry *e = link->data;
	g_atomic_int_inc(&e->para->refs); /* results cross threads (compose's par.c) */
	return e->para;
}

void cp_ts_memo_put(cp_ts_memo *m, GBytes *key, cp_ts_para *p)
{
	size_t bytes = cp_arena_held(p->arena) + g_bytes_get_size(key);
	if (bytes > CP_TS_MEMO_BYTES / 4 || g_hash_table_contains(m->table, key))
		return;
	memo_entry *e = g_new0(memo_entry, 1);
	e->key = g_bytes_ref(key);
	e->para = p;
	e->bytes = bytes;
	g_atomic_int_inc(&p->refs);
	g_queue_push_head(&m->lru, e);
	g_hash_table_insert(m->table, e->key, m->lru.head);
	m->bytes += bytes;
	while (m->lru.length > CP_TS_MEMO_ENTRIES || m->bytes > CP_TS_MEMO_BYTES) {
		memo_entry *old = g_queue_pop_tail(&m->lru);
		g_hash_table_remove(m->table, old->key);
		m->bytes -= old->bytes;
		entry_free(old);
	}
}

/* ---- shaped cells, for every measure ------------------------------------------------- */

GBytes *cp_ts_memo_shape_key(const cp_ts_style *style, const cp_ts_run *runs, size_t n_runs)
{
	/* The paragraph key without what only steps 1 and 5-6 read (where
	 * the text was written, its colours and links, the measure, indent,
	 * alignment, pitch, hanging and line limit): every other input, new
	 * ones included, stays in the key as cp_ts_memo_key writes it. */
	cp_ts_style st = *style;
	st.pitch = 0.0;
	st.align = CP_TS_JUSTIFY;
	st.indent = 0.0;
	st.hanging = false;
	st.max_lines = 0;
	memset(&st.color, 0, sizeof st.color);
	cp_ts_run *rs = g_new(cp_ts_run, MAX(n_runs, 1));
	for (size_t i = 0; i < n_runs; i++) {
		rs[i] = runs[i];
		rs[i].color = NULL;
		rs[i].link = NULL;
		rs[i].span = CP_SPAN_NONE;
	}
	GBytes *key = cp_ts_memo_key(&st, rs, n_runs, 0.0);
	g_free(rs);
	return key;
}

static void copy_into(GArray *to, const void *from, guint len)
{
	g_array_set_size(to, len);
	if (len > 0)
		memcpy(to->data, from, (size_t)len * g_array_get_element_size(to));
}

/* Copies array from to *at, which moves past it; the copy. */
static void *copy_out(char **at, const GArray *from)
{
	size_t n = (size_t)from->len * g_array_get_element_size((GArray *)from);
	void *to = *at;
	if (n > 0)
		memcpy(to, from->data, n);
	*at += n;
	return to;
}

bool cp_ts_memo_shape_get(cp_ts_shapes *l, GBytes *key, cp_ts_cells *out)
{
	GList *link = g_hash_table_lookup(l->table, key);
	if (link == NULL)
		return false;
	g_queue_unlink(&l->queue, link);
	g_queue_push_head_link(&l->queue, link);
	const shape_entry *e = link->data;
	copy_into(out->cells, e->cells, e->n_cells);
	copy_into(out->glyphs, e->glyphs, e->n_glyphs);
	copy_into(out->hards, e->hards, e->n_hards);
	g_array_set_size(out->gaps, e->n_gaps);
	cp_ts_gap *gaps = (cp_ts_gap *)(void *)out->gaps->data;
	for (guint i = 0; i < e->n_gaps; i++)
		gaps[i] = e->kinds[e->gap_kind[i]];
	return true;
}

/* Two gaps the same to the bit in every field (not the padding between
 * them, which classes.c leaves as it finds it): a kept kind gives back
 * each gap exactly, -0.0 apart from 0.0. */
static bool gap_same(const cp_ts_gap *a, const cp_ts_gap *b)
{
	size_t head = offsetof(cp_ts_gap, digits) + sizeof a->digits;
	size_t tail = offsetof(cp_ts_gap, mid_a);
	return memcmp(a, b, head) == 0 &&
	       memcmp((const char *)a + tail, (const char *)b + tail, sizeof *a - tail) == 0;
}

void cp_ts_memo_shape_put(cp_ts_shapes *l, GBytes *key, const cp_ts_cells *c)
{
	size_t arrays = (size_t)c->cells->len * sizeof(cp_ts_cell) +
	                (size_t)c->glyphs->len * sizeof(cp_ts_cell_glyph) +
	                (size_t)c->gaps->len * sizeof(cp_ts_gap) +
	                (size_t)c->hards->len * sizeof(cp_ts_hard);
	/* what the bounds count (the arrays and the key, as when they were
	 * GArrays: the same entries are kept) */
	size_t bytes = arrays + g_bytes_get_size(key);
	if (bytes > CP_TS_SHAPES_ENTRY_MAX || g_hash_table_contains(l->table, key))
		return;
	guint n_cells = c->cells->len, n_gaps = c->gaps->len;
	g_assert(n_cells < SHAPE_KINDS_MAX && n_gaps < SHAPE_KINDS_MAX);
	const cp_ts_cell *cells = (const cp_ts_cell *)(void *)c->cells->data;
	const cp_ts_gap *gaps = (const cp_ts_gap *)(void *)c->gaps->data;

	/* the distinct gaps (each its first occurrence), every gap's kind */
	guint first[SHAPE_KINDS_MAX];
	uint8_t kind_of[SHAPE_KINDS_MAX];
	guint n_kinds = 0;
	for (guint i = 0; i < n_gaps; i++) {
		guint k = 0;
		while (k < n_kinds && !gap_same(&gaps[first[k]], &gaps[i]))
			k++;
		if (k == n_kinds)
			first[n_kinds++] = i;
		kind_of[i] = (uint8_t)k;
	}
	/* the cells name fonts: the entry holds each while it lives */
	PangoFont *fonts[SHAPE_KINDS_MAX];
	guint n_fonts = 0;
	PangoFont *last = NULL;
	for (guint i = 0; i < n_cells; i++) {
		PangoFont *f = cells[i].font;
		if (f == NULL || f == last)
			continue;
		last = f;
		bool seen = false;
		for (guint k = 0; k < n_fonts && !seen; k++)
			seen = fonts[k] == f;
		if (!seen)
			fonts[n_fonts++] = f;
	}

	shape_entry *e = g_malloc(sizeof(shape_entry) + (size_t)n_cells * sizeof(cp_ts_cell) +
	                          (size_t)c->glyphs->len * sizeof(cp_ts_cell_glyph) +
	                          (size_t)c->hards->len * sizeof(cp_ts_hard) +
	                          (size_t)n_kinds * sizeof(cp_ts_gap) +
	                          (size_t)n_fonts * sizeof(PangoFont *) + n_gaps);
	char *at = (char *)(e + 1);
	e->key = g_bytes_ref(key);
	e->bytes = bytes;
	e->cells = copy_out(&at, c->cells);
	e->n_cells = n_cells;
	e->glyphs = copy_out(&at, c->glyphs);
	e->n_glyphs = c->glyphs->len;
	e->hards = copy_out(&at, c->hards);
	e->n_hards = c->hards->len;
	e->kinds = (cp_ts_gap *)(void *)at;
	for (guint k = 0; k < n_kinds; k++)
		e->kinds[k] = gaps[first[k]];
	e->n_kinds = n_kinds;
	at += (size_t)n_kinds * sizeof(cp_ts_gap);
	e->fonts = (PangoFont **)(void *)at;
	for (guint k = 0; k < n_fonts; k++)
		e->fonts[k] = g_object_ref(fonts[k]);
	e->n_fonts = n_fonts;
	at += (size_t)n_fonts * sizeof(PangoFont *);
	e->gap_kind = (uint8_t *)at;
	if (n_gaps > 0)
		memcpy(e->gap_kind, kind_of, n_gaps);
	e->n_gaps = n_gaps;
	g_queue_push_head(&l->queue, e);
	g_hash_table_insert(l->table, e->key, l->queue.head);
	l->bytes += bytes;
	while (l->queue.length > CP_TS_SHAPES_ENTRIES || l->bytes > CP_TS_SHAPES_BYTES) {
		shape_entry *old = g_queue_pop_tail(&l->queue);
		g_hash_table_remove(l->table, old->key);
		l->bytes -= old->bytes;
		shape_entry_free(old);
	}
}
