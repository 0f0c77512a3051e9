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
 * changes these sizes, and then cp_ts_memo_key must learn it. */
G_STATIC_ASSERT(sizeof(cp_ts_style) == 144);
G_STATIC_ASSERT(sizeof(cp_ts_run) == 96);

#define CP_TS_MEMO_ENTRIES 256
#define CP_TS_MEMO_BYTES (4u << 20)

typedef struct memo_entry {
	GBytes *key;
	cp_ts_para *para; /* one reference held */
	size_t bytes;
} memo_entry;

struct cp_ts_memo {
	GHashTable *table; /* GBytes* key -> GList* link in lru */
	GQueue lru;        /* memo_entry*, most recent at the head */
	size_t bytes;
};

cp_ts_memo *cp_ts_memo_new(void)
{
	cp_ts_memo *m = g_new0(cp_ts_memo, 1);
	m->table = g_hash_table_new(g_bytes_hash, g_bytes_equal);
	g_queue_init(&m->lru);
	return m;
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

static void put_str(GByteArray *b, const char *s)
{
	uint8_t tag = s != NULL;
	g_byte_array_append(b, &tag, 1);
	if (s != NULL)
		g_byte_array_append(b, (const guint8 *)s, (guint)strlen(s) + 1);
}

#define PUT(b, v) g_byte_array_append((b), (const guint8 *)&(v), sizeof(v))

static void put_color(GByteArray *b, const cp_color *c)
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
	GByteArray *b = g_byte_array_sized_new(256);
	uint8_t flags[6] = {style->vertical,       (uint8_t)style->kinsoku, style->hanging,
	                    (uint8_t)style->align, style->phrase,           style->tcy_digits};

	put_str(b, style->family);
	PUT(b, style->weight);
	PUT(b, style->size);
	PUT(b, style->pitch);
	PUT(b, style->indent);
	PUT(b, style->tracking);
	PUT(b, style->max_lines);
	g_byte_array_append(b, flags, sizeof flags);
	put_color(b, &style->color);
	PUT(b, measure);
	PUT(b, n_runs);
	for (size_t i = 0; i < n_runs; i++) {
		const cp_ts_run *r = &runs[i];
		size_t len = r->text != NULL ? r->len : 0;
		PUT(b, len);
		if (len > 0)
			g_byte_array_append(b, (const guint8 *)r->text, (guint)len);
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
		g_byte_array_append(b, notes, sizeof notes);
	}
	return g_byte_array_free_to_bytes(b);
}

cp_ts_para *cp_ts_memo_get(cp_ts_memo *m, GBytes *key)
{
	GList *link = g_hash_table_lookup(m->table, key);
	if (link == NULL)
		return NULL;
	g_queue_unlink(&m->lru, link);
	g_queue_push_head_link(&m->lru, link);
	memo_entry *e = link->data;
	e->para->refs++;
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
	p->refs++;
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
