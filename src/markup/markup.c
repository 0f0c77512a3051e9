/* markup.c - the markup stage: an article body (CommonMark) in, a
 * cp_markup_doc (blocks of styled inline runs) out. Steps:
 *
 *   1. index the body's lines, so cmark's byte positions can be turned into
 *      file line:column spans (columns count characters, as cp_span says);
 *   2. walk libcmark's tree into blocks (cmark_walk.c), collecting each
 *      block's runs (runs.c);
 *   3. copy the blocks into the doc's arena.
 *
 * Also the dump used by golden tests and `canpress dump --stage=runs`.
 * Knows nothing of YAML (the caller passes where the body starts in its
 * file), of the layout or of pages. */
#include "markup/markup.h"

#include "base/text.h"

#include <string.h>

#include "markup/markup_int.h"

const char *const cp_mk_kind_names[CP_MK_KIND_COUNT] = {
    [CP_MK_PARA] = "para",     [CP_MK_HEADING] = "heading", [CP_MK_ITEM] = "item",
    [CP_MK_FIGURE] = "figure", [CP_MK_BREAK] = "break",     [CP_MK_CODE] = "code",
};
_Static_assert(CP_MK_KIND_COUNT == 6, "cp_mk_kind_names needs a name for every kind");

/* --- positions ------------------------------------------------------------ */

#define CHAR_MARK_STEP 64 /* bytes between character-count checkpoints */

/* Records the byte offset where every line starts, and every CHAR_MARK_STEP
 * bytes how many characters came before (for chars_before). Line ends are
 * the ones cmark counts: "\n", "\r\n" and a lone "\r". */
static void index_lines(cp_markup_builder *b)
{
	size_t zero = 0;
	size_t chars = 0;
	b->line_starts = g_array_new(FALSE, FALSE, sizeof(size_t));
	b->char_marks =
	    g_array_sized_new(FALSE, FALSE, sizeof(size_t), (guint)(b->len / CHAR_MARK_STEP + 1));
	g_array_append_val(b->line_starts, zero);
	for (size_t i = 0; i < b->len; i++) {
		if (i % CHAR_MARK_STEP == 0)
			g_array_append_val(b->char_marks, chars);
		if (((unsigned char)b->text[i] & 0xC0) != 0x80)
			chars++;
		if (b->text[i] == '\n' ||
		    (b->text[i] == '\r' && (i + 1 >= b->len || b->text[i + 1] != '\n'))) {
			size_t next = i + 1;
			g_array_append_val(b->line_starts, next);
		}
	}
	/* the mark for offset len itself (positions just past the end) */
	if (b->len % CHAR_MARK_STEP == 0)
		g_array_append_val(b->char_marks, chars);
}

/* The byte offset of a cmark position, clamped to its line; false when the
 * line is not in the text (cmark says 0 for "unknown"). */
static bool offset_of(const cp_markup_builder *b, int line, int byte_col, size_t *start,
                      size_t *off)
{
	if (line <= 0 || (size_t)line > b->line_starts->len)
		return false;
	size_t s = g_array_index(b->line_starts, size_t, (size_t)line - 1);
	size_t e = (size_t)line < b->line_starts->len
	               ? g_array_index(b->line_starts, size_t, (size_t)line)
	               : b->len;
	size_t o = s + (byte_col > 1 ? (size_t)byte_col - 1 : 0);
	*start = s;
	*off = o < e ? o : e;
	return true;
}

/* Characters that start before byte off: the nearest checkpoint (taken every
 * CHAR_MARK_STEP bytes while indexing) plus a short count, so a column costs
 * O(CHAR_MARK_STEP) however long the line is. Counting from the line start
 * instead would make a megabyte-long line of nested lists quadratic. */
static size_t chars_before(const cp_markup_builder *b, size_t off)
{
	size_t mark = off / CHAR_MARK_STEP;
	size_t n = g_array_index(b->char_marks, size_t, mark);
	for (size_t i = mark * CHAR_MARK_STEP; i < off; i++) {
		if (((unsigned char)b->text[i] & 0xC0) != 0x80)
			n++;
	}
	return n;
}

/* The 1-based character column of the character holding byte off, in the
 * line starting at start: every byte that does not continue a UTF-8 sequence
 * starts a character, and a byte inside a sequence belongs to the character
 * begun before it (cmark's end columns point at a character's last byte). */
static uint32_t char_col(const cp_markup_builder *b, size_t start, size_t off)
{
	size_t col = chars_before(b, off) - chars_before(b, start);
	if (off >= b->len || ((unsigned char)b->text[off] & 0xC0) != 0x80)
		col++;
	return (uint32_t)col;
}

cp_span cp_markup_span_at(const cp_markup_builder *b, int line, int byte_col)
{
	size_t start;
	size_t off;
	if (!offset_of(b, line, byte_col, &start, &off))
		return cp_span_at(b->file, b->line0, b->col0);
	/* Every body line sits col0 - 1 columns into the file (a YAML block
	 * scalar strips the same indentation from each line). */
	return cp_span_at(b->file, b->line0 + (uint32_t)line - 1,
	                  b->col0 + char_col(b, start, off) - 1);
}

cp_span cp_markup_span_range(const cp_markup_builder *b, int line, int byte_col, int end_line,
                             int end_byte_col)
{
	cp_span sp = cp_markup_span_at(b, line, byte_col);
	size_t start;
	size_t off;
	if (end_line >= line && offset_of(b, end_line, end_byte_col, &start, &off)) {
		sp.end_line = b->line0 + (uint32_t)end_line - 1;
		sp.end_col = b->col0 + char_col(b, start, off) - 1;
	}
	return sp;
}

size_t cp_markup_offset_at(const cp_markup_builder *b, int line, int byte_col)
{
	size_t start;
	size_t off;
	return offset_of(b, line, byte_col, &start, &off) ? off : 0;
}

cp_span cp_markup_span_of(const cp_markup_builder *b, size_t off)
{
	if (off > b->len)
		off = b->len;
	/* the last line starting at or before off */
	guint lo = 0;
	guint hi = b->line_starts->len;
	while (hi - lo > 1) {
		guint mid = lo + (hi - lo) / 2;
		if (g_array_index(b->line_starts, size_t, mid) <= off)
			lo = mid;
		else
			hi = mid;
	}
	size_t start = g_array_index(b->line_starts, size_t, lo);
	return cp_span_at(b->file, b->line0 + (uint32_t)lo, b->col0 + char_col(b, start, off) - 1);
}

int cp_markup_byte_at(const cp_markup_builder *b, int line, int byte_col)
{
	size_t start;
	size_t off;
	if (!offset_of(b, line, byte_col, &start, &off) || off >= b->len)
		return -1;
	return (unsigned char)b->text[off];
}

/* --- strings -------------------------------------------------------------- */

bool cp_markup_link_allowed(const char *uri)
{
	static const char *const schemes[] = {"http:", "https:", "mailto:", "tel:"};
	if (uri == NULL)
		return false;
	for (size_t i = 0; i < G_N_ELEMENTS(schemes); i++) {
		size_t n = strlen(schemes[i]);
		/* something after the colon: "https:" alone goes nowhere */
		if (g_ascii_strncasecmp(uri, schemes[i], n) == 0 && uri[n] != '\0')
			return true;
	}
	return false;
}

char *cp_markup_strdup(const cp_markup_builder *b, const char *s, size_t len)
{
	/* The loader rejects bodies that are not UTF-8, but markup must not
	 * rely on it (fuzzing feeds raw bytes, and cmark passes bytes through):
	 * broken sequences and NULs become U+FFFD before Pango sees them. */
	if (s == NULL)
		s = "";
	if (g_utf8_validate_len(s, len, NULL))
		return cp_arena_strndup(b->doc->arena, s, len);
	g_autoptr(GString) fixed = g_string_sized_new(len + 8);
	const char *p = s;
	const char *end = s + len;
	while (p < end) {
		const char *bad = NULL;
		g_utf8_validate_len(p, (gsize)(end - p), &bad);
		g_string_append_len(fixed, p, bad - p);
		if (bad >= end)
			break;
		g_string_append(fixed, "\xEF\xBF\xBD");
		/* skip the offending byte; a NUL is one byte as well */
		p = bad + 1;
	}
	return cp_arena_strndup(b->doc->arena, fixed->str, fixed->len);
}

/* --- the stage ------------------------------------------------------------- */

cp_markup_doc *cp_markup_parse(const char *text, size_t len, uint32_t file, uint32_t line0,
                               uint32_t col0, cp_diags *d)
{
	cp_markup_doc *doc = g_new0(cp_markup_doc, 1);
	doc->arena = cp_arena_new();
	if (text == NULL)
		len = 0;

	/* 1. index lines; positions before line 1 would be nonsense */
	cp_markup_builder b = {
	    .doc = doc,
	    .d = d,
	    .text = text ? text : "",
	    .len = len,
	    .file = file,
	    .line0 = line0 ? line0 : 1,
	    .col0 = col0 ? col0 : 1,
	    .blocks = g_array_new(FALSE, TRUE, sizeof(cp_mk_block)),
	    .runs = g_array_new(FALSE, TRUE, sizeof(cp_markup_tmp_run)),
	};

	index_lines(&b);

	/* 2. walk cmark's tree into blocks */
	cp_markup_walk(&b);

	/* 3. move the blocks into the arena */
	doc->n_blocks = b.blocks->len;
	if (doc->n_blocks) {
		doc->blocks = cp_arena_memdup(doc->arena, b.blocks->data,
		                              sizeof(cp_mk_block) * doc->n_blocks);
	}
	g_assert(b.runs->len == 0);
	g_array_free(b.runs, TRUE);
	g_array_free(b.blocks, TRUE);
	g_array_free(b.line_starts, TRUE);
	g_array_free(b.char_marks, TRUE);
	return doc;
}

void cp_markup_doc_free(cp_markup_doc *doc)
{
	if (doc == NULL)
		return;
	cp_arena_free(doc->arena);
	g_free(doc);
}

/* --- dump ------------------------------------------------------------------ */

/* One block per line:
 *   [quote N ]KIND[ DETAIL] @LINE:COL RUN RUN ...
 * where DETAIL is the heading level, "L (ordinal N)"/"L (bullet)" plus
 * " cont" for items, or the quoted URL of a figure; each RUN is
 * [emph|strong|code|link=URI|ruby=R|mono=R|kenten=U+XXXX|tcy]"text", the
 * bracket left out for plain text. */
void cp_markup_dump(const cp_markup_doc *doc, FILE *f)
{
	for (size_t i = 0; i < doc->n_blocks; i++) {
		const cp_mk_block *blk = &doc->blocks[i];

		/* the block: kind and its details */
		if (blk->quote > 0)
			fprintf(f, "quote %d ", blk->quote);
		fputs(cp_mk_kind_names[blk->kind], f);
		switch (blk->kind) {
		case CP_MK_HEADING:
			fprintf(f, " %d", blk->level);
			break;
		case CP_MK_ITEM:
			if (blk->ordinal > 0)
				fprintf(f, " %d (ordinal %d)", blk->level, blk->ordinal);
			else
				fprintf(f, " %d (bullet)", blk->level);
			if (blk->continuation)
				fputs(" cont", f);
			break;
		case CP_MK_FIGURE:
			fputc(' ', f);
			cp_text_put_quoted(f, blk->image, strlen(blk->image));
			break;
		case CP_MK_PARA:
		case CP_MK_BREAK:
		case CP_MK_CODE:
		case CP_MK_KIND_COUNT:
			break;
		}
		fprintf(f, " @%u:%u", blk->span.line, blk->span.col);

		/* the runs, flags in a fixed order */
		for (size_t r = 0; r < blk->n_runs; r++) {
			const cp_mk_run *run = &blk->runs[r];
			fputc(' ', f);
			bool annotated = run->ruby != NULL || run->kenten != 0 || run->tcy;
			if (run->flags || annotated) {
				const char *sep = "";
				fputc('[', f);
				if (run->flags & CP_MK_EMPH) {
					fprintf(f, "%semph", sep);
					sep = "|";
				}
				if (run->flags & CP_MK_STRONG) {
					fprintf(f, "%sstrong", sep);
					sep = "|";
				}
				if (run->flags & CP_MK_CODE_SPAN) {
					fprintf(f, "%scode", sep);
					sep = "|";
				}
				if (run->flags & CP_MK_LINK) {
					fprintf(f, "%slink=%s", sep, run->link ? run->link : "");
					sep = "|";
				}
				if (run->ruby != NULL)
					fprintf(f, "%s%s=%s", sep, run->ruby_mono ? "mono" : "ruby",
					        run->ruby);
				else if (run->kenten != 0)
					fprintf(f, "%skenten=U+%04X", sep, (unsigned)run->kenten);
				else if (run->tcy)
					fprintf(f, "%stcy", sep);
				fputc(']', f);
			}
			cp_text_put_quoted(f, run->text, run->len);
		}
		fputc('\n', f);
	}
}
