/* cmark_walk.c - from libcmark's tree to markup blocks (markup stage).
 *
 * libcmark parses the body (CMARK_OPT_DEFAULT: no smart punctuation, since a
 * Japanese editor's quotes and dashes must reach the page unchanged; raw HTML
 * is kept in the tree only so that we can warn about it). The tree is walked
 * with cmark's iterator, which is iterative: the input decides how deep the
 * tree is, so there is no recursion here either. What the walk needs to know
 * about enclosing containers lives on a heap stack of frames:
 *
 *   document > (quote | list > item)* > paragraph | heading | code | break | html
 *
 * Each frame records whether it counted towards the reported nesting; lists
 * and quotes beyond CP_MARKUP_MAX_NEST (together) are flattened to that depth
 * with one warning per body, so compose never sees a depth above the cap.
 *
 * Block mapping (the contract in markup.h):
 *   paragraph      -> PARA, or ITEM when its parent is a list item (the
 *                     item's first paragraph carries the number; later ones
 *                     are continuations), or FIGURE when its only inline
 *                     content is one image (whitespace and breaks aside)
 *   heading        -> HEADING, level 2 for # and ##, 3 for ### and deeper
 *   code block     -> CODE, one run with the literal text
 *   thematic break -> BREAK
 *   HTML block     -> dropped with a MARKUP_IGNORED warning
 *   pipe table     -> (GitHub's, not CommonMark) a paragraph, printed as
 *                     text, with a MARKUP_IGNORED warning
 * Inline nodes become runs (runs.c); inline HTML is dropped with a warning,
 * an image inside running text keeps its alt text, with a warning.
 *
 * Positions: blocks take cmark's start line/column; cmark's inline positions
 * are unreliable (lazy continuation lines shift them), so runs take their
 * block's position, and a warning about an inline node uses the node's own
 * position only when the byte there is the one the node must start with. */
#include "markup/markup_int.h"

#include <string.h>

#include <cmark.h>

typedef enum frame_kind { FRAME_LIST, FRAME_ITEM, FRAME_QUOTE } frame_kind;

/* One open container. */
typedef struct frame {
	frame_kind kind;
	bool counted;     /* raised the reported depth (false beyond the cap) */
	bool ordered;     /* lists: numbered */
	int next_ordinal; /* lists: the number the next item gets */
	int ordinal;      /* items: their number, 0 for bullets */
	int blocks;       /* items: blocks emitted so far */
} frame;

/* What is being collected between a block's ENTER and EXIT events. */
typedef enum collect_mode { COLLECT_NONE, COLLECT_TEXT, COLLECT_CAPTION } collect_mode;

typedef struct walk {
	cp_markup_builder *b;
	GArray *frames;  /* frame, innermost last */
	int list_depth;  /* counted lists: reported item level */
	int quote_depth; /* counted quotes: reported quote depth */
	/* the open block */
	collect_mode mode;
	cp_mk_block blk;
	cmark_node *figure_image; /* COLLECT_CAPTION: the image */
	/* inline state */
	int emph, strong; /* open emph/strong nodes (flags combine) */
	GPtrArray *links; /* URIs of open links, interned in the doc arena */
	int image_depth;  /* open image nodes: only their alt text counts */
} walk;

/* Adds a MARKUP_IGNORED warning; a NULL sink (fuzzing) drops it. */
static void warn(walk *w, cp_span span, const char *hint, const char *msg)
{
	if (w->b->d != NULL)
		cp_diag_add(w->b->d, CP_DIAG_MARKUP_IGNORED, span, hint, "%s", msg);
}

static cp_span node_span(walk *w, cmark_node *n)
{
	return cp_markup_span_range(w->b, cmark_node_get_start_line(n),
	                            cmark_node_get_start_column(n), cmark_node_get_end_line(n),
	                            cmark_node_get_end_column(n));
}

/* An inline node's position when cmark's is trustworthy (the byte there is
 * first, the node's first byte), else the open block's. */
static cp_span inline_span(walk *w, cmark_node *n, char first)
{
	int line = cmark_node_get_start_line(n);
	int col = cmark_node_get_start_column(n);
	if (cp_markup_byte_at(w->b, line, col) == (unsigned char)first)
		return cp_markup_span_at(w->b, line, col);
	return w->blk.span;
}

static frame *top_frame(walk *w)
{
	return w->frames->len ? &g_array_index(w->frames, frame, w->frames->len - 1) : NULL;
}

/* --- containers ----------------------------------------------------------- */

/* Opens a list or quote frame, counting it unless the cap is reached. */
static void open_nesting(walk *w, cmark_node *n, frame f)
{
	f.counted = w->list_depth + w->quote_depth < CP_MARKUP_MAX_NEST;
	if (f.counted) {
		if (f.kind == FRAME_LIST)
			w->list_depth++;
		else
			w->quote_depth++;
	} else if (!w->b->warned_depth) {
		w->b->warned_depth = true;
		char *msg = g_strdup_printf("lists and quotes nested deeper than %d levels are "
		                            "set at level %d",
		                            CP_MARKUP_MAX_NEST, CP_MARKUP_MAX_NEST);
		warn(w, node_span(w, n), NULL, msg);
		g_free(msg);
	}
	g_array_append_val(w->frames, f);
}

static void close_frame(walk *w)
{
	frame *f = top_frame(w);
	g_assert(f != NULL);
	if (f->counted && f->kind == FRAME_LIST)
		w->list_depth--;
	else if (f->counted && f->kind == FRAME_QUOTE)
		w->quote_depth--;
	g_array_set_size(w->frames, w->frames->len - 1);
}

/* --- blocks ------------------------------------------------------------------ */

/* A new block of kind at n's position, with the current quote depth. */
static cp_mk_block block_at(walk *w, cp_mk_kind kind, cmark_node *n)
{
	return (cp_mk_block){
	    .kind = kind,
	    .quote = w->quote_depth,
	    .image_index = -1,
	    .span = node_span(w, n),
	};
}

/* Appends a block that has no runs collected through runs.c. */
static void emit(walk *w, cp_mk_block *blk)
{
	g_assert(w->b->runs->len == 0);
	cp_markup_runs_finish_block(w->b, blk);
}

/* An item whose first block is not a paragraph (a nested list, a figure, a
 * code block, nothing at all) still shows its bullet or number: it gets an
 * empty ITEM block first. */
static void item_head(walk *w, frame *item, cmark_node *n)
{
	cp_mk_block blk = block_at(w, CP_MK_ITEM, n);
	blk.level = w->list_depth;
	blk.ordinal = item->ordinal;
	emit(w, &blk);
	item->blocks++;
}

/* Called before any block inside an item: a non-paragraph first block gets
 * its item head; counts the block. */
static void note_block_in_item(walk *w, cmark_node *n, bool is_item_para)
{
	frame *f = top_frame(w);
	if (f == NULL || f->kind != FRAME_ITEM)
		return;
	if (!is_item_para && f->blocks == 0)
		item_head(w, f, n);
	f->blocks++;
}

/* True when the paragraph's inline content is one image and nothing but
 * whitespace and line breaks around it. Looks at direct children only. */
static cmark_node *lone_image(cmark_node *para)
{
	cmark_node *image = NULL;
	for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			break;
		case CMARK_NODE_TEXT: {
			const char *s = cmark_node_get_literal(c);
			for (; s && *s; s++) {
				if (!g_ascii_isspace(*s))
					return NULL;
			}
			break;
		}
		case CMARK_NODE_IMAGE:
			if (image != NULL)
				return NULL;
			image = c;
			break;
		default:
			return NULL;
		}
	}
	return image;
}

/* ENTER of a paragraph or heading: opens the block whose runs follow. */
/* The bytes of body line `line` (1-based) in *len, without its line end;
 * NULL past the text. */
static const char *body_line(const cp_markup_builder *b, int line, size_t *len)
{
	if (line <= 0 || (size_t)line > b->line_starts->len)
		return NULL;
	size_t s = g_array_index(b->line_starts, size_t, (size_t)line - 1);
	size_t e = (size_t)line < b->line_starts->len
	               ? g_array_index(b->line_starts, size_t, (size_t)line)
	               : b->len;
	while (e > s && (b->text[e - 1] == '\n' || b->text[e - 1] == '\r'))
		e--;
	*len = e - s;
	return b->text + s;
}

/* Whether a line is the delimiter row of a GitHub-style pipe table
 * ("|---|:--:|", "--- | ---"): after the containers' markers (spaces, '>'),
 * only cells of dashes with optional colons, at least one '|' between or
 * around them, and at least one dash. */
static bool table_delimiter_row(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '>'))
		i++;
	bool pipe = false, dash = false;
	for (; i < len; i++) {
		if (s[i] == '|')
			pipe = true;
		else if (s[i] == '-')
			dash = true;
		else if (s[i] != ':' && s[i] != ' ' && s[i] != '\t')
			return false;
	}
	return pipe && dash;
}

/* A pipe table (GitHub's extension, which CommonMark does not have) reads
 * as a paragraph whose second line is a delimiter row: its bars and dashes
 * would be printed as text, so the editor hears of it. */
static void warn_pipe_table(walk *w, cmark_node *n)
{
	int line = cmark_node_get_start_line(n);
	if (cmark_node_get_end_line(n) <= line)
		return;
	size_t len1 = 0, len2 = 0;
	const char *first = body_line(w->b, line, &len1);
	const char *second = body_line(w->b, line + 1, &len2);
	if (first == NULL || second == NULL || memchr(first, '|', len1) == NULL ||
	    !table_delimiter_row(second, len2))
		return;
	warn(w, node_span(w, n),
	     "write the rows as a list (one item a row), or as an image of the table",
	     "a table in Markdown is printed as text, bars and dashes included: canpress "
	     "sets no tables");
}

static void open_text_block(walk *w, cmark_node *n)
{
	cmark_node_type type = cmark_node_get_type(n);
	frame *f = top_frame(w);
	bool in_item = f != NULL && f->kind == FRAME_ITEM;

	/* notations are looked for in the body from the block's start on */
	w->b->cursor =
	    cp_markup_offset_at(w->b, cmark_node_get_start_line(n), cmark_node_get_start_column(n));

	if (type == CMARK_NODE_HEADING) {
		note_block_in_item(w, n, false);
		w->blk = block_at(w, CP_MK_HEADING, n);
		w->blk.level = cmark_node_get_heading_level(n) <= 2 ? 2 : 3;
		w->mode = COLLECT_TEXT;
		return;
	}

	/* a paragraph holding only an image is a figure; its alt text
	 * (or else its title) is the caption */
	cmark_node *image = lone_image(n);
	if (image == NULL)
		warn_pipe_table(w, n);
	if (image != NULL) {
		note_block_in_item(w, n, false);
		w->blk = block_at(w, CP_MK_FIGURE, n);
		const char *url = cmark_node_get_url(image);
		w->blk.image = cp_markup_strdup(w->b, url, url ? strlen(url) : 0);
		w->figure_image = image;
		w->mode = COLLECT_CAPTION;
		return;
	}

	/* a paragraph of a list item carries the item's number and level */
	note_block_in_item(w, n, in_item);
	if (in_item) {
		w->blk = block_at(w, CP_MK_ITEM, n);
		w->blk.level = w->list_depth;
		w->blk.ordinal = f->ordinal;
		w->blk.continuation = f->blocks > 1;
	} else {
		w->blk = block_at(w, CP_MK_PARA, n);
	}
	w->mode = COLLECT_TEXT;
}

/* EXIT of a paragraph or heading: the collected runs become the block's. */
static void close_text_block(walk *w)
{
	if (w->mode == COLLECT_CAPTION && w->b->runs->len == 0) {
		const char *title = cmark_node_get_title(w->figure_image);
		if (title != NULL)
			cp_markup_runs_add(w->b, title, strlen(title), 0, NULL, w->blk.span);
	}
	cp_markup_runs_finish_block(w->b, &w->blk);
	w->mode = COLLECT_NONE;
	w->figure_image = NULL;
	w->emph = w->strong = 0;
	w->image_depth = 0;
	g_ptr_array_set_size(w->links, 0);
}

/* A code block: one run of its literal text, without the final newline. */
static void code_block(walk *w, cmark_node *n)
{
	note_block_in_item(w, n, false);
	cp_mk_block blk = block_at(w, CP_MK_CODE, n);
	const char *lit = cmark_node_get_literal(n);
	size_t len = lit ? strlen(lit) : 0;
	if (len > 0 && lit[len - 1] == '\n')
		len--;
	cp_mk_run *run = cp_arena_new0(w->b->doc->arena, cp_mk_run, 1);
	run->text = cp_markup_strdup(w->b, lit, len);
	run->len = strlen(run->text);
	run->flags = CP_MK_CODE_SPAN;
	run->span = blk.span;
	blk.runs = run;
	blk.n_runs = 1;
	/* appended as it is: runs.c would drop an empty run */
	g_array_append_val(w->b->blocks, blk);
}

/* --- inlines ---------------------------------------------------------------- */

static unsigned current_flags(const walk *w)
{
	unsigned flags = 0;
	if (w->mode == COLLECT_CAPTION)
		return 0;
	if (w->emph > 0)
		flags |= CP_MK_EMPH;
	if (w->strong > 0)
		flags |= CP_MK_STRONG;
	if (w->links->len > 0 && g_ptr_array_index(w->links, w->links->len - 1) != NULL)
		flags |= CP_MK_LINK;
	return flags;
}

static const char *current_link(const walk *w)
{
	if (w->mode == COLLECT_CAPTION || w->links->len == 0)
		return NULL;
	return g_ptr_array_index(w->links, w->links->len - 1);
}

/* A text node's literal with cmark's backslash escapes and entities of
 * { | } \ written again as \{ \| \} \\, so notation.c keeps them literal
 * (cmark has resolved them and merged the text around them). The literal is
 * read against the source line from the node's position on; where the two
 * part (a position cmark shifted), the rest is taken as it is. */
static void add_text(walk *w, cmark_node *n, const char *lit, size_t len)
{
	cp_markup_builder *b = w->b;
	unsigned flags = current_flags(w);
	const char *link = current_link(w);
	if (strpbrk(lit, "{|}\\") == NULL) {
		cp_markup_runs_add(b, lit, len, flags, link, w->blk.span);
		return;
	}
	int line = cmark_node_get_start_line(n);
	int col = cmark_node_get_start_column(n);
	size_t j = cp_markup_offset_at(b, line, col);
	bool aligned = cp_markup_byte_at(b, line, col) >= 0;
	g_autoptr(GString) out = g_string_sized_new(len + 8);
	size_t i = 0;
	while (i < len) {
		if (aligned && j < b->len && b->text[j] == '\\' && j + 1 < b->len &&
		    g_ascii_ispunct(b->text[j + 1]) && b->text[j + 1] == lit[i]) {
			if (strchr("{|}\\", lit[i]) != NULL)
				g_string_append_c(out, '\\');
			g_string_append_c(out, lit[i]);
			i++;
			j += 2;
			continue;
		}
		if (aligned && j < b->len && b->text[j] == '&' && lit[i] != '&') {
			/* an entity: one character of the literal */
			const char *semi = memchr(b->text + j, ';', MIN(b->len - j, (size_t)40));
			if (semi != NULL) {
				size_t k = (size_t)(g_utf8_next_char(lit + i) - lit);
				if (k == i + 1 && strchr("{|}\\", lit[i]) != NULL)
					g_string_append_c(out, '\\');
				g_string_append_len(out, lit + i, (gssize)(k - i));
				i = k;
				j = (size_t)(semi - b->text) + 1;
				continue;
			}
		}
		if (!aligned || j >= b->len || b->text[j] != lit[i])
			aligned = false;
		g_string_append_c(out, lit[i]);
		i++;
		j++;
	}
	cp_markup_runs_add(b, out->str, out->len, flags, link, w->blk.span);
}

/* One inline event inside an open block. Styling containers inside an
 * image only make up its alt text, which is taken as plain text. */
static void inline_event(walk *w, cmark_node *n, cmark_event_type ev)
{
	cp_markup_builder *b = w->b;
	bool enter = ev == CMARK_EVENT_ENTER;
	/* a figure's caption is the image's content; text around it is blank */
	bool text_counts = w->mode == COLLECT_TEXT || w->image_depth > 0;
	bool styling = w->image_depth == 0 && w->mode == COLLECT_TEXT;
	const char *lit = cmark_node_get_literal(n);
	size_t len = lit ? strlen(lit) : 0;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
		if (text_counts)
			add_text(w, n, lit ? lit : "", len);
		break;
	case CMARK_NODE_CODE:
		if (text_counts)
			cp_markup_runs_add(b, lit, len,
			                   current_flags(w) | (styling ? CP_MK_CODE_SPAN : 0),
			                   current_link(w), w->blk.span);
		break;
	case CMARK_NODE_SOFTBREAK:
		if (text_counts)
			cp_markup_runs_soft_break(b, current_flags(w), current_link(w),
			                          w->blk.span);
		break;
	case CMARK_NODE_LINEBREAK:
		/* a hard break: compose starts a new line at the "\n" */
		if (text_counts)
			cp_markup_runs_add(b, "\n", 1, current_flags(w), current_link(w),
			                   w->blk.span);
		break;
	case CMARK_NODE_HTML_INLINE:
		warn(w, inline_span(w, n, '<'), "write the text without tags",
		     "raw HTML is not printed");
		break;
	/* an inline container's ENTER and EXIT come under the same state,
	 * so counting only while styling keeps them balanced */
	case CMARK_NODE_EMPH:
		if (styling)
			w->emph += enter ? 1 : -1;
		break;
	case CMARK_NODE_STRONG:
		if (styling)
			w->strong += enter ? 1 : -1;
		break;
	case CMARK_NODE_LINK:
		if (styling && enter) {
			const char *url = cmark_node_get_url(n);
			/* only web, mail and telephone links go into the PDF: a
			 * javascript:, file:, launch: or data: link, or a relative
			 * path, is set as plain text (a NULL on the stack) */
			if (!cp_markup_link_allowed(url)) {
				cp_span at = inline_span(w, n, '[');
				if (at.line == w->blk.span.line && at.col == w->blk.span.col)
					at = inline_span(w, n, '<');
				size_t ulen = url != NULL ? strlen(url) : 0;
				if (b->d == NULL)
					;
				else if (ulen == 0)
					cp_diag_add(
					    b->d, CP_DIAG_LINK_DROPPED, at,
					    "write the address in full, like https://example.jp/",
					    "a link without an address is set as plain text");
				else
					cp_diag_add(
					    b->d, CP_DIAG_LINK_DROPPED, at,
					    "write the address in full, like https://example.jp/",
					    "the link to '%.*s%s' is not put in the PDF: only "
					    "http, "
					    "https, mailto and tel links are",
					    (int)MIN(ulen, (size_t)60), url,
					    ulen > 60 ? "..." : "");
				g_ptr_array_add(w->links, NULL);
				break;
			}
			g_ptr_array_add(w->links, cp_markup_strdup(b, url, url ? strlen(url) : 0));
		} else if (styling) {
			g_assert(w->links->len > 0);
			g_ptr_array_set_size(w->links, (gint)w->links->len - 1);
		}
		break;
	case CMARK_NODE_IMAGE:
		/* the figure's own image, or an image in running text (kept as
		 * its alt text, since a picture cannot sit inside a line) */
		if (enter && w->mode == COLLECT_TEXT && w->image_depth == 0)
			warn(w, inline_span(w, n, '!'),
			     "put the image alone in its own paragraph to make it a figure",
			     "an image inside running text is not printed; its alt text is kept");
		w->image_depth += enter ? 1 : -1;
		break;
	default:
		break;
	}
}

/* --- the walk ------------------------------------------------------------------ */

void cp_markup_walk(cp_markup_builder *b)
{
	cmark_node *root = cmark_parse_document(b->text, b->len, CMARK_OPT_DEFAULT);
	g_assert(root != NULL); /* cmark returns NULL only when out of memory */

	walk w = {
	    .b = b,
	    .frames = g_array_new(FALSE, TRUE, sizeof(frame)),
	    .links = g_ptr_array_new(),
	};
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		bool enter = ev == CMARK_EVENT_ENTER;
		cmark_node_type type = cmark_node_get_type(n);

		/* inside a paragraph or heading: inline events only */
		if (w.mode != COLLECT_NONE &&
		    !((type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING) && !enter)) {
			inline_event(&w, n, ev);
			continue;
		}

		switch (type) {
		case CMARK_NODE_BLOCK_QUOTE:
			if (enter) {
				note_block_in_item(&w, n, false);
				open_nesting(&w, n, (frame){.kind = FRAME_QUOTE});
			} else {
				close_frame(&w);
			}
			break;
		case CMARK_NODE_LIST:
			if (enter) {
				bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
				note_block_in_item(&w, n, false);
				open_nesting(&w, n,
				             (frame){.kind = FRAME_LIST,
				                     .ordered = ordered,
				                     .next_ordinal = cmark_node_get_list_start(n)});
			} else {
				close_frame(&w);
			}
			break;
		case CMARK_NODE_ITEM:
			if (enter) {
				frame *list = top_frame(&w);
				g_assert(list != NULL && list->kind == FRAME_LIST);
				frame item = {.kind = FRAME_ITEM, .counted = true};
				if (list->ordered) {
					/* cmark caps list starts at 9 digits, so no overflow
					 * until some 2^31 - 10^9 items, more than any body */
					item.ordinal = list->next_ordinal;
					if (list->next_ordinal < G_MAXINT)
						list->next_ordinal++;
				}
				g_array_append_val(w.frames, item);
			} else {
				frame *item = top_frame(&w);
				if (item->blocks == 0)
					item_head(&w, item, n);
				close_frame(&w);
			}
			break;
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
			if (enter)
				open_text_block(&w, n);
			else if (w.mode != COLLECT_NONE)
				close_text_block(&w);
			break;
		case CMARK_NODE_CODE_BLOCK:
			code_block(&w, n);
			break;
		case CMARK_NODE_THEMATIC_BREAK: {
			note_block_in_item(&w, n, false);
			cp_mk_block blk = block_at(&w, CP_MK_BREAK, n);
			emit(&w, &blk);
			break;
		}
		case CMARK_NODE_HTML_BLOCK:
			warn(&w, node_span(&w, n), "write the text without tags",
			     "raw HTML is not printed");
			break;
		default:
			/* the document itself; custom nodes never come from the parser */
			break;
		}
	}

	cmark_iter_free(it);
	cmark_node_free(root);
	g_ptr_array_free(w.links, TRUE);
	g_array_free(w.frames, TRUE);
}
