/* yamltree.c - libyaml's event stream into a small node tree with spans.
 *
 * libyaml parses; this file only builds. What libyaml does not do is ours:
 * duplicate keys, alias expansion with a budget, the nesting limit (libyaml
 * 0.2.5 has none), the node and scalar limits, and clear messages for the
 * two commonest editor mistakes (tabs, non-UTF-8 text). It knows nothing of
 * what the keys mean; schema.c does.
 *
 * Invariants of the builder:
 * - frames[0 .. depth) are the open collections; a mapping frame holds the
 *   key waiting for its value (NULL when the next node is a key);
 * - every event obtained from yaml_parser_parse is deleted exactly once,
 *   on every path (the loop deletes it at the bottom, errors `goto out`
 *   after deleting);
 * - an anchor is registered only when its node is complete, so an alias can
 *   never point into an open collection: the tree has no cycles;
 * - aliases share their node; the sum of the weights of aliased nodes is
 *   bounded by CP_LIMIT_ALIAS_NODES, so walking the tree is bounded too. */
#include "load/load_int.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "base/limits.h"

cp_span cp_span_from_mark(uint32_t file, yaml_mark_t start, yaml_mark_t end)
{
	cp_span s;
	s.file = file;
	s.line = (uint32_t)start.line + 1;
	s.col = (uint32_t)start.column + 1;
	s.end_line = (uint32_t)end.line + 1;
	s.end_col = (uint32_t)end.column + 1;
	return s;
}

/* Unicode's noncharacters (U+FDD0..U+FDEF and the last two code points of
 * every plane): valid UTF-8, never text to print. */
static bool is_noncharacter(gunichar c)
{
	return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

/* The offset of the first noncharacter in valid UTF-8 s, or len. Every
 * noncharacter starts with byte EF (three bytes) or F0..F4 (four), and no
 * continuation byte looks like either, so a byte scan finds them. */
static size_t find_noncharacter(const char *s, size_t len, gunichar *c)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char b0 = (unsigned char)s[i];
		if (b0 != 0xEF && (b0 < 0xF0 || b0 > 0xF4))
			continue;
		gunichar u = g_utf8_get_char_validated(s + i, (gssize)(len - i));
		if (u < 0x110000 && is_noncharacter(u)) {
			*c = u;
			return i;
		}
	}
	return len;
}

/* The offset of the first control character YAML refuses in valid UTF-8
 * s (C0 but tab and line ends, DEL, C1 but NEL), or len: libyaml's own
 * message does not say which character or where. */
static size_t find_control(const char *s, size_t len, gunichar *c)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char b0 = (unsigned char)s[i];
		if ((b0 < 0x20 && b0 != '\t' && b0 != '\n' && b0 != '\r') || b0 == 0x7F) {
			*c = b0;
			return i;
		}
		/* C1: U+0080..U+009F are C2 80..C2 9F; U+0085 is a line end */
		if (b0 == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9F && (unsigned char)s[i + 1] != 0x85) {
			*c = (unsigned char)s[i + 1];
			return i;
		}
	}
	return len;
}

/* --- the source text, for positions libyaml does not give ------------------ */

/* Byte offset of the start of 0-based line `line`, or len when past the end. */
/* Positions libyaml does not give us (block scalar bodies, the character
 * at an error mark, reader errors that carry only a byte offset) are found
 * by walking the source text. Each walk is linear in the text and runs at
 * most once per scalar or per error, so it costs nothing worth caching. */
static size_t line_start(const char *text, size_t len, size_t line)
{
	size_t off = 0;
	for (size_t l = 0; l < line && off < len; off++)
		if (text[off] == '\n')
			l++;
	return off;
}

/* The byte offset of the character at 0-based (line, column). */
static size_t char_offset(const char *text, size_t len, size_t line, size_t column)
{
	size_t off = line_start(text, len, line);
	/* a BOM is not a column */
	if (line == 0 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	for (size_t c = 0; c < column && off < len && text[off] != '\n'; c++) {
		off++;
		while (off < len && ((unsigned char)text[off] & 0xC0) == 0x80)
			off++;
	}
	return off;
}

/* 1-based line and column (in characters) of a byte offset. */
static cp_span span_of_offset(uint32_t file, const char *text, size_t off)
{
	uint32_t line = 1;
	uint32_t col = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			col++;
		}
	}
	return cp_span_at(file, line, col);
}

/* Where a block scalar's text starts: the line after its header, at the
 * indentation of its first non-blank line (the value's line 1, column 1). */
static void block_body_start(const char *text, size_t len, yaml_mark_t header, uint32_t *line,
                             uint32_t *col)
{
	size_t off = line_start(text, len, header.line + 1);
	*line = (uint32_t)header.line + 2;
	*col = 1;
	/* skip blank lines to find the indentation, but keep line 1 where it is:
	 * leading blank lines are part of the value */
	while (off < len) {
		size_t indent = 0;
		while (off + indent < len && text[off + indent] == ' ')
			indent++;
		if (off + indent < len && text[off + indent] != '\n' &&
		    text[off + indent] != '\r') {
			*col = (uint32_t)indent + 1;
			return;
		}
		off += indent;
		while (off < len && text[off] != '\n')
			off++;
		off++;
	}
}

/* --- the builder ------------------------------------------------------------ */

typedef struct frame {
	cp_ynode *node;
	cp_ynode *key;    /* mapping: the key waiting for its value */
	bool skip_value;  /* mapping: the key was bad or a duplicate */
	GHashTable *seen; /* mapping: key text -> key node */
	char *anchor;     /* to register when the node ends */
} frame;

typedef struct builder {
	const char *text;
	size_t len;
	uint32_t file;
	cp_arena *a;
	cp_diags *d;
	frame frames[CP_LIMIT_DEPTH + 1];
	uint32_t depth;
	uint32_t nodes;
	uint32_t alias_nodes;
	GHashTable *anchors; /* name -> cp_ynode */
	cp_ynode *root;
	bool failed;
} builder;

/* Appends to a collection, doubling its arrays in the arena (the old ones
 * stay behind until the file's arena goes; bounded by twice the live size).
 * The weight is the subtree's node count, saturating so that aliases of
 * aliases cannot overflow it. */
static void child_add(builder *b, cp_ynode *parent, cp_ynode *key, cp_ynode *val)
{
	if (parent->n == parent->cap) {
		size_t cap = parent->cap ? parent->cap * 2 : 4;
		cp_ynode **vals = cp_arena_new0(b->a, cp_ynode *, cap);
		if (parent->n)
			memcpy(vals, parent->vals, parent->n * sizeof *vals);
		parent->vals = vals;
		if (parent->kind == CP_YNODE_MAP) {
			cp_ynode **keys = cp_arena_new0(b->a, cp_ynode *, cap);
			if (parent->n)
				memcpy(keys, parent->keys, parent->n * sizeof *keys);
			parent->keys = keys;
		}
		parent->cap = cap;
	}
	if (parent->kind == CP_YNODE_MAP)
		parent->keys[parent->n] = key;
	parent->vals[parent->n++] = val;
	uint64_t w = (uint64_t)parent->weight + val->weight;
	parent->weight = w > UINT32_MAX / 2 ? UINT32_MAX / 2 : (uint32_t)w;
}

/* Places a finished node: as the root, a list item, a key or a value. */
static void attach(builder *b, cp_ynode *n)
{
	if (b->depth == 0) {
		b->root = n;
		return;
	}
	frame *f = &b->frames[b->depth - 1];
	if (f->node->kind == CP_YNODE_SEQ) {
		child_add(b, f->node, NULL, n);
		return;
	}
	if (f->key == NULL && !f->skip_value) {
		/* n is a key */
		if (n->kind != CP_YNODE_SCALAR) {
			cp_diag_add(b->d, CP_DIAG_WRONG_TYPE, n->span, NULL,
			            "a key must be a plain name, not %s", cp_ynode_kind_name(n));
			f->skip_value = true;
			return;
		}
		cp_ynode *first = g_hash_table_lookup(f->seen, n->text);
		if (first != NULL) {
			cp_diag *dg = cp_diag_add(b->d, CP_DIAG_DUPLICATE_KEY, n->span, NULL,
			                          "duplicate key '%s'", n->text);
			cp_diag_set_note(dg, first->span, "'%s' is first written here", n->text);
			f->skip_value = true;
			return;
		}
		g_hash_table_insert(f->seen, (gpointer)n->text, n);
		f->key = n;
		return;
	}
	/* n is the value */
	if (!f->skip_value)
		child_add(b, f->node, f->key, n);
	f->key = NULL;
	f->skip_value = false;
}

/* Every node counts, aliases included through their weight elsewhere. */
static bool count_node(builder *b, cp_span span)
{
	if (++b->nodes > CP_LIMIT_NODES) {
		cp_diag_add(
		    b->d, CP_DIAG_LIMIT, span, "split the file, or check it for a runaway list",
		    "more than %u values in one file (limit: nodes per file)", CP_LIMIT_NODES);
		return false;
	}
	return true;
}

/* A later anchor of the same name replaces the earlier one, as in YAML. */
static void remember_anchor(builder *b, const char *anchor, cp_ynode *n)
{
	if (anchor != NULL)
		g_hash_table_replace(b->anchors, g_strdup(anchor), n);
}

/* True unless the node carries an explicit YAML tag canpress does not
 * read (!!binary, !!set, a local !tag); !!str, !!map and !!seq say what the
 * node is anyway. Adds a WRONG_TYPE error naming the tag. */
static bool tag_ok(builder *b, const yaml_char_t *tag, cp_span span)
{
	static const char std[] = "tag:yaml.org,2002:";
	if (tag == NULL)
		return true;
	const char *t = (const char *)tag;
	bool is_std = strncmp(t, std, sizeof std - 1) == 0;
	const char *name = is_std ? t + sizeof std - 1 : t;
	if (is_std &&
	    (strcmp(name, "str") == 0 || strcmp(name, "map") == 0 || strcmp(name, "seq") == 0))
		return true;
	cp_diag_add(b->d, CP_DIAG_WRONG_TYPE, span, "write the value without a tag",
	            "the YAML tag '%s%.40s' is not used by canpress", is_std ? "!!" : "", name);
	return false;
}

/* A scalar: copied out of the event (the event is deleted right after),
 * with its style, which decides whether `12` is a number, and the place of
 * its first character (body_line/body_col). */
static bool on_scalar(builder *b, const yaml_event_t *ev)
{
	cp_span span = cp_span_from_mark(b->file, ev->start_mark, ev->end_mark);
	if (!count_node(b, span))
		return false;
	if (ev->data.scalar.length > CP_LIMIT_SCALAR_BYTES) {
		cp_diag_add(b->d, CP_DIAG_LIMIT, span, "split the text into smaller pieces",
		            "a value of %zu bytes is longer than 256 KiB (limit: scalar size)",
		            (size_t)ev->data.scalar.length);
		return false;
	}
	/* a NUL can be written as "\0" in a quoted value: it would cut a
	 * file name or a text short without a trace */
	if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length) != NULL) {
		cp_diag_add(b->d, CP_DIAG_BAD_VALUE, span, "remove the \\0 escape",
		            "the value holds a NUL character");
		return false;
	}
	/* "\uFFFE" in a quoted value: the same noncharacter, by escape */
	gunichar nc = 0;
	if (find_noncharacter((const char *)ev->data.scalar.value, ev->data.scalar.length, &nc) <
	    ev->data.scalar.length) {
		cp_diag_add(b->d, CP_DIAG_BAD_VALUE, span, "remove the escape",
		            "the value holds U+%04X, a Unicode noncharacter", (unsigned)nc);
		return false;
	}
	if (!ev->data.scalar.plain_implicit && !ev->data.scalar.quoted_implicit &&
	    !tag_ok(b, ev->data.scalar.tag, span))
		return false;
	cp_ynode *n = cp_arena_new0(b->a, cp_ynode, 1);
	n->kind = CP_YNODE_SCALAR;
	n->span = span;
	n->weight = 1;
	n->len = ev->data.scalar.length;
	n->text = cp_arena_strndup(b->a, (const char *)ev->data.scalar.value, n->len);
	n->body_line = span.line;
	n->body_col = span.col;
	switch (ev->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		n->style = CP_YSTYLE_QUOTED;
		n->body_col = span.col + 1; /* after the quote */
		break;
	case YAML_LITERAL_SCALAR_STYLE:
	case YAML_FOLDED_SCALAR_STYLE:
		n->style = ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ? CP_YSTYLE_LITERAL
		                                                              : CP_YSTYLE_FOLDED;
		block_body_start(b->text, b->len, ev->start_mark, &n->body_line, &n->body_col);
		break;
	case YAML_ANY_SCALAR_STYLE:
	case YAML_PLAIN_SCALAR_STYLE:
		n->style = CP_YSTYLE_PLAIN;
		break;
	}
	remember_anchor(b, (const char *)ev->data.scalar.anchor, n);
	attach(b, n);
	return true;
}

/* A mapping or list opens a frame. The depth check is here, before the
 * frame exists, so frames[] never overflows. */
static bool on_start(builder *b, const yaml_event_t *ev, cp_ynode_kind kind)
{
	cp_span span = cp_span_from_mark(b->file, ev->start_mark, ev->end_mark);
	if (!count_node(b, span))
		return false;
	if (b->depth >= CP_LIMIT_DEPTH) {
		cp_diag_add(
		    b->d, CP_DIAG_LIMIT, span, NULL,
		    "mappings and lists nested deeper than %u levels (limit: nesting depth)",
		    CP_LIMIT_DEPTH);
		return false;
	}
	bool implicit = kind == CP_YNODE_MAP ? ev->data.mapping_start.implicit
	                                     : ev->data.sequence_start.implicit;
	const yaml_char_t *tag =
	    kind == CP_YNODE_MAP ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
	if (!implicit && !tag_ok(b, tag, span))
		return false;
	cp_ynode *n = cp_arena_new0(b->a, cp_ynode, 1);
	n->kind = kind;
	n->span = span;
	n->weight = 1;
	frame *f = &b->frames[b->depth++];
	memset(f, 0, sizeof *f);
	f->node = n;
	const yaml_char_t *anchor =
	    kind == CP_YNODE_MAP ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
	f->anchor = g_strdup((const char *)anchor);
	if (kind == CP_YNODE_MAP)
		f->seen = g_hash_table_new(g_str_hash, g_str_equal);
	return true;
}

/* Frees what a frame owns (not its node: that lives in the arena). */
static void frame_clear(frame *f)
{
	g_clear_pointer(&f->seen, g_hash_table_unref);
	g_clear_pointer(&f->anchor, g_free);
}

/* A collection closes: its span gets its end, its anchor becomes usable,
 * and it is placed in its parent like any finished node. */
static void on_end(builder *b, const yaml_event_t *ev)
{
	g_assert(b->depth > 0);
	frame *f = &b->frames[--b->depth];
	cp_ynode *n = f->node;
	n->span.end_line = (uint32_t)ev->end_mark.line + 1;
	n->span.end_col = (uint32_t)ev->end_mark.column + 1;
	remember_anchor(b, f->anchor, n);
	frame_clear(f);
	attach(b, n);
}

/* An alias is its anchor's node, shared. What it costs is the node's
 * weight, added to the file's alias budget: a "billion laughs" file stops
 * at the first alias that would cross it, long before anything is
 * expanded. */
static bool on_alias(builder *b, const yaml_event_t *ev)
{
	cp_span span = cp_span_from_mark(b->file, ev->start_mark, ev->end_mark);
	const char *name = (const char *)ev->data.alias.anchor;
	cp_ynode *target = g_hash_table_lookup(b->anchors, name);
	if (target == NULL) {
		cp_diag_add(b->d, CP_DIAG_ALIAS, span, "write the anchor '&name' before its alias",
		            "alias '*%s' names no anchor written before it", name);
		return false;
	}
	uint64_t total = (uint64_t)b->alias_nodes + target->weight;
	if (total > CP_LIMIT_ALIAS_NODES) {
		cp_diag_add(b->d, CP_DIAG_LIMIT, span,
		            "write the values out instead of using aliases",
		            "aliases expand to more than %u values (limit: alias expansion)",
		            CP_LIMIT_ALIAS_NODES);
		return false;
	}
	b->alias_nodes = (uint32_t)total;
	attach(b, target);
	return true;
}

/* libyaml's error as a diagnostic: problem at its mark, context as a note.
 * Tabs and encoding problems get a message an editor can act on. */
static void report_parser_error(builder *b, const yaml_parser_t *p)
{
	if (p->error == YAML_MEMORY_ERROR)
		g_error("libyaml: out of memory");
	if (p->error == YAML_READER_ERROR) {
		cp_span span = span_of_offset(
		    b->file, b->text, p->problem_offset < b->len ? p->problem_offset : b->len);
		cp_diag_add(b->d, CP_DIAG_BAD_ENCODING, span, "save the file as UTF-8 text",
		            "the file cannot be read as text: %s", p->problem);
		return;
	}
	cp_span span = cp_span_from_mark(b->file, p->problem_mark, p->problem_mark);
	size_t off = char_offset(b->text, b->len, p->problem_mark.line, p->problem_mark.column);
	bool tab = (off < b->len && b->text[off] == '\t') ||
	           (p->problem != NULL && strstr(p->problem, "tab") != NULL);
	cp_diag *dg;
	if (tab)
		dg = cp_diag_add(b->d, CP_DIAG_YAML_SYNTAX, span,
		                 "indent with spaces; YAML does not allow tabs there",
		                 "a tab character in the indentation");
	else
		dg = cp_diag_add(b->d, CP_DIAG_YAML_SYNTAX, span, NULL, "%s",
		                 p->problem ? p->problem : "not valid YAML");
	if (p->context != NULL)
		cp_diag_set_note(dg, cp_span_from_mark(b->file, p->context_mark, p->context_mark),
		                 "%s", p->context);
}

/* The first byte that is not UTF-8 (or a NUL), as BAD_ENCODING. libyaml
 * would say "invalid leading UTF-8 octet"; this says where and what to do. */
static bool check_utf8(builder *b)
{
	const char *end = NULL;
	if (g_utf8_validate_len(b->text, b->len, &end)) {
		/* valid, but a noncharacter is no text: said by its code point
		 * at its place (libyaml would call U+FFFE a "control character"
		 * and take U+FDD0 without a word) */
		gunichar c = 0;
		size_t off = find_control(b->text, b->len, &c);
		if (off < b->len) {
			cp_diag_add(b->d, CP_DIAG_BAD_ENCODING,
			            span_of_offset(b->file, b->text, off),
			            "delete it: YAML text cannot hold control characters",
			            "the file holds U+%04X, a control character", (unsigned)c);
			return false;
		}
		off = find_noncharacter(b->text, b->len, &c);
		if (off == b->len)
			return true;
		cp_diag_add(b->d, CP_DIAG_BAD_ENCODING, span_of_offset(b->file, b->text, off),
		            "delete it: a noncharacter is never text (a broken conversion often "
		            "leaves one)",
		            "the file holds U+%04X, a Unicode noncharacter", (unsigned)c);
		return false;
	}
	size_t off = (size_t)(end - b->text);
	cp_span span = span_of_offset(b->file, b->text, off);
	if (b->text[off] == '\0')
		cp_diag_add(b->d, CP_DIAG_BAD_ENCODING, span, "save the file as UTF-8 text",
		            "the file holds a NUL byte; it is not a text file");
	else
		cp_diag_add(b->d, CP_DIAG_BAD_ENCODING, span, "save the file as UTF-8 text",
		            "the file is not valid UTF-8 (byte 0x%02x)",
		            (unsigned char)b->text[off]);
	return false;
}

/* The event loop. Steps: check UTF-8 ourselves (a clearer message than
 * libyaml's), then feed every event to the builder until the stream ends
 * or something fails; the event is deleted at the bottom of the loop on
 * every path, the parser after the loop. A second document is refused:
 * one file holds one mapping. */
cp_ynode *cp_ynode_read_string(const char *text, size_t len, uint32_t file, cp_arena *a,
                               cp_diags *d, bool *empty)
{
	builder b = {0};
	b.text = text;
	b.len = len;
	b.file = file;
	b.a = a;
	b.d = d;
	if (empty != NULL)
		*empty = false;
	if (!check_utf8(&b))
		return NULL;
	b.anchors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		g_error("libyaml: cannot initialize a parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);

	bool done = false;
	int documents = 0;
	while (!done && !b.failed) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			report_parser_error(&b, &parser);
			b.failed = true;
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1) {
				cp_diag_add(d, CP_DIAG_YAML_SYNTAX,
				            cp_span_from_mark(file, ev.start_mark, ev.end_mark),
				            "remove the '---' line, or split the file",
				            "a second YAML document; a file holds one");
				b.failed = true;
			}
			break;
		case YAML_SCALAR_EVENT:
			b.failed = !on_scalar(&b, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			b.failed = !on_start(&b, &ev, CP_YNODE_SEQ);
			break;
		case YAML_MAPPING_START_EVENT:
			b.failed = !on_start(&b, &ev, CP_YNODE_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(&b, &ev);
			break;
		case YAML_ALIAS_EVENT:
			b.failed = !on_alias(&b, &ev);
			break;
		case YAML_NO_EVENT:
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);

	/* frames left open after an error */
	while (b.depth > 0)
		frame_clear(&b.frames[--b.depth]);
	g_hash_table_unref(b.anchors);
	if (b.failed)
		return NULL;
	if (b.root == NULL && empty != NULL)
		*empty = true;
	return b.root;
}

/* stat before reading, so a huge file costs nothing; then read it whole
 * (4 MiB at most) and build. A diagnostic about the file as a whole has
 * line 0, which the printer shows as "file: error: ...". */
cp_ynode *cp_ynode_read_file(const char *path, uint32_t file, cp_arena *a, cp_diags *d, bool *empty)
{
	cp_span whole = cp_span_at(file, 0, 0);
	if (empty != NULL)
		*empty = false;
	struct stat st;
	if (stat(path, &st) != 0) {
		int e = errno;
		cp_diag_add(d, e == ENOENT ? CP_DIAG_MISSING_FILE : CP_DIAG_IO, whole, NULL,
		            "cannot read '%s': %s", path, g_strerror(e));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		cp_diag_add(d, CP_DIAG_NOT_A_FILE, whole, NULL, "'%s' is a folder, not a file",
		            path);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		/* reading a FIFO or /dev/stdin would wait for ever */
		cp_diag_add(d, CP_DIAG_NOT_A_FILE, whole, NULL,
		            "'%s' is not a regular file (a device, pipe or socket)", path);
		return NULL;
	}
	if ((uint64_t)st.st_size > CP_LIMIT_FILE_BYTES) {
		cp_diag_add(d, CP_DIAG_LIMIT, whole, "split the file",
		            "the file is larger than 4 MiB (limit: file size)");
		return NULL;
	}
	g_autofree char *text = NULL;
	gsize len = 0;
	g_autoptr(GError) err = NULL;
	if (!g_file_get_contents(path, &text, &len, &err)) {
		cp_diag_add(d, CP_DIAG_IO, whole, NULL, "cannot read '%s': %s", path, err->message);
		return NULL;
	}
	/* the file may have grown since stat */
	if (len > CP_LIMIT_FILE_BYTES) {
		cp_diag_add(d, CP_DIAG_LIMIT, whole, "split the file",
		            "the file is larger than 4 MiB (limit: file size)");
		return NULL;
	}
	return cp_ynode_read_string(text, len, file, a, d, empty);
}

/* Linear: duplicates were refused while building, so the first match is
 * the only one, and schema mappings are small. */
const cp_ynode *cp_ynode_get(const cp_ynode *map, const char *key)
{
	if (map == NULL || map->kind != CP_YNODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->text, key) == 0)
			return map->vals[i];
	return NULL;
}

/* YAML 1.1's null spellings, plain only: a quoted "null" is text. */
bool cp_ynode_is_null(const cp_ynode *n)
{
	if (n == NULL)
		return true;
	if (n->kind != CP_YNODE_SCALAR || n->style != CP_YSTYLE_PLAIN)
		return false;
	return n->len == 0 || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0 ||
	       strcmp(n->text, "Null") == 0 || strcmp(n->text, "NULL") == 0;
}

const char *cp_ynode_kind_name(const cp_ynode *n)
{
	switch (n->kind) {
	case CP_YNODE_MAP:
		return "a mapping";
	case CP_YNODE_SEQ:
		return "a list";
	case CP_YNODE_SCALAR:
		break;
	}
	return "text";
}
