/* member.c - one member profile file into a cp_member. Also the paragraph
 * splitting shared by `intro` (blank lines part paragraphs; single newlines
 * inside one are joined without a space, as Japanese text runs on, except
 * between two Latin characters where a space is what the writer meant).
 * Knows the member schema; not how a card is laid out. */
#include "load/load_int.h"

#include <string.h>

/* The member schema (docs/format.md, "Member files"). */
static const char *const member_keys[] = {
    "company",  "company_kana", "representative", "representative_kana",
    "industry", "catch",        "intro",          "recent",
    "contact",  "photo",        "referred_by",    "tags",
    NULL};
static const char *const contact_keys[] = {"address", "tel", "url", "email", NULL};

/* Latin letters, digits and ASCII punctuation: the characters between
 * which a line break in the source stands for a space. */
static bool is_latin(gunichar c)
{
	return c < 0x250 && !g_unichar_isspace(c);
}

/* Kana (hiragana, katakana, half-width katakana): a reading has some. */
static bool has_kana(const char *s)
{
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if ((c >= 0x3041 && c <= 0x30FF) || (c >= 0xFF66 && c <= 0xFF9D))
			return true;
	}
	return false;
}

/* Appends one source line to a paragraph, trimmed of ASCII blanks, joining
 * as the file comment says. */
static void join_line(GString *para, const char *line, size_t len)
{
	while (len > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
		len--;
	if (len == 0)
		return;
	if (para->len > 0) {
		const char *last = g_utf8_find_prev_char(para->str, para->str + para->len);
		gunichar a = last ? g_utf8_get_char(last) : 0;
		gunichar b = g_utf8_get_char(line);
		if (is_latin(a) && is_latin(b))
			g_string_append_c(para, ' ');
	}
	g_string_append_len(para, line, (gssize)len);
}

/* Splits node's text into paragraphs appended to out (cp_text). For a block
 * scalar each paragraph's span is the line it starts on. */
/* The walk goes line by line over the scalar's text: a blank line (spaces
 * only) closes the paragraph being built, any other line is joined to it.
 * para_line counts lines inside the value, so for a block scalar the span
 * is body_line + para_line at the block's indentation. Plain and quoted
 * scalars fold their lines already, so their paragraphs keep the value's
 * span. */
static void split_paragraphs(cp_model *m, const cp_ynode *n, GArray *out)
{
	g_autoptr(GString) para = g_string_new(NULL);
	bool block = n->style == CP_YSTYLE_LITERAL || n->style == CP_YSTYLE_FOLDED;
	uint32_t line_no = 0;
	uint32_t para_line = 0;
	const char *p = n->text;
	const char *end = n->text + n->len;
	while (p <= end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		bool blank = true;
		for (const char *q = p; q < le && blank; q++)
			blank = *q == ' ' || *q == '\t' || *q == '\r';
		if (!blank && para->len == 0)
			para_line = line_no;
		if (!blank)
			join_line(para, p, (size_t)(le - p));
		/* in a folded (>) value YAML has made each blank line a single
		 * line break: every line of its text is a paragraph */
		bool folded = n->style == CP_YSTYLE_FOLDED;
		if ((blank || nl == NULL || folded) && para->len > 0) {
			cp_text t;
			t.s = cp_arena_strndup(m->arena, para->str, para->len);
			t.span = n->span;
			if (block) {
				t.span.line = n->body_line + para_line;
				t.span.col = n->body_col;
				t.span.end_line = t.span.line;
				t.span.end_col = t.span.col;
			}
			g_array_append_val(out, t);
			g_string_truncate(para, 0);
		}
		if (nl == NULL)
			break;
		p = nl + 1;
		line_no++;
	}
}

/* `intro`: text with blank-line paragraphs, or a list with one each. */
/* A list item is one paragraph even if it holds a blank line: its pieces
 * are joined again with the same rule as single newlines. */
static void read_intro(cp_rd *r, cp_member *mb)
{
	const cp_ynode *n = cp_ynode_get(r->map, "intro");
	if (cp_ynode_is_null(n)) {
		if (n == NULL)
			cp_rd_missing(r, "intro");
		else
			cp_diag_add(r->d, CP_DIAG_EMPTY_VALUE, n->span, NULL, "'intro' is empty");
		return;
	}
	GArray *paras = g_array_new(FALSE, TRUE, sizeof(cp_text));
	if (n->kind == CP_YNODE_SCALAR) {
		split_paragraphs(r->m, n, paras);
		for (guint k = 0; k < paras->len; k++)
			cp_rd_unfold_solid(r, n, &g_array_index(paras, cp_text, k));
	} else if (n->kind == CP_YNODE_SEQ) {
		for (size_t i = 0; i < n->n; i++) {
			const cp_ynode *item = n->vals[i];
			if (item->kind != CP_YNODE_SCALAR) {
				cp_rd_wrong_type(r, "intro", item, "text or a list of paragraphs");
				continue;
			}
			/* one paragraph per item: its blank lines are not breaks */
			size_t before = paras->len;
			split_paragraphs(r->m, item, paras);
			if (paras->len > before + 1) {
				GString *all = g_string_new(NULL);
				for (size_t k = before; k < paras->len; k++)
					join_line(all, g_array_index(paras, cp_text, k).s,
					          strlen(g_array_index(paras, cp_text, k).s));
				cp_text t = g_array_index(paras, cp_text, before);
				t.s = cp_arena_strndup(r->m->arena, all->str, all->len);
				g_string_free(all, TRUE);
				g_array_set_size(paras, before);
				g_array_append_val(paras, t);
			}
			for (guint k = (guint)before; k < paras->len; k++)
				cp_rd_unfold_solid(r, item, &g_array_index(paras, cp_text, k));
		}
	} else {
		cp_rd_wrong_type(r, "intro", n, "text or a list of paragraphs");
	}
	if (paras->len == 0 && n->kind != CP_YNODE_MAP)
		cp_diag_add(r->d, CP_DIAG_EMPTY_VALUE, n->span, NULL, "'intro' is empty");
	for (guint i = 0; i < paras->len; i++)
		cp_rd_fullwidth_kana(r, &g_array_index(paras, cp_text, i));
	mb->n_intro = paras->len;
	mb->intro = paras->len
	                ? cp_arena_memdup(r->m->arena, paras->data, sizeof(cp_text) * paras->len)
	                : NULL;
	g_array_unref(paras);
}

/* Tags: a list of text; a bad item is reported and left out. */
static void read_tags(cp_rd *r, cp_member *mb)
{
	const cp_ynode *n = cp_ynode_get(r->map, "tags");
	if (cp_ynode_is_null(n))
		return;
	if (n->kind != CP_YNODE_SEQ) {
		cp_rd_wrong_type(r, "tags", n, "a list");
		return;
	}
	mb->tags = cp_arena_new0(r->m->arena, cp_text, n->n);
	for (size_t i = 0; i < n->n; i++)
		if (cp_rd_text_node(r, "tags", n->vals[i], &mb->tags[mb->n_tags]))
			cp_rd_fullwidth_kana(r, &mb->tags[mb->n_tags++]);
}

/* A reading is the directory's sort key; one with no kana at all (a
 * romanised or kanji reading) would sort wrongly, so it is a warning. */
static void check_kana(cp_rd *r, const char *key, const cp_text *t)
{
	if (t->s == NULL || has_kana(t->s))
		return;
	cp_diag_add(r->d, CP_DIAG_NO_KANA, t->span,
	            "write the reading in hiragana, e.g. さくらいんさつ", "'%s' has no kana: '%s'",
	            key, t->s);
}

/* Every required field is there: the card can be set. */
static bool whole(const cp_member *mb)
{
	return mb->company.s != NULL && mb->company_kana.s != NULL &&
	       mb->representative.s != NULL && mb->representative_kana.s != NULL &&
	       mb->industry.s != NULL && mb->catch_copy.s != NULL && mb->n_intro > 0;
}

/* A member keeps going with a wrong optional field (the field is simply
 * absent), but one without a required field is left out of the model, with
 * a note, so the rest of the issue can still be composed and checked (see
 * errors_contained in model/model.h). The contact's "at least one" check
 * is skipped when the contact already had errors or a misspelt key, so one
 * mistake gives one message. Returns false when this file added errors. */
bool cp_ld_member(cp_ld *L, const char *path, cp_span named_at)
{
	cp_model *m = L->m;
	cp_ldfile f;
	if (!cp_ldfile_open(&f, m, path, "member", L->d)) {
		cp_ldfile_clear(&f);
		return false;
	}
	size_t errors = cp_diags_count(L->d, CP_ERROR);
	cp_member mb = {0};
	mb.file = f.path;
	mb.span = f.root->span;
	mb.photo.index = -1;

	cp_rd r;
	cp_rd_init(&r, m, L->d, f.root, "member", NULL, member_keys);
	cp_rd_print_text(&r, "company", true, &mb.company);
	cp_rd_print_text(&r, "company_kana", true, &mb.company_kana);
	cp_rd_print_text(&r, "representative", true, &mb.representative);
	cp_rd_print_text(&r, "representative_kana", true, &mb.representative_kana);
	cp_rd_print_text(&r, "industry", true, &mb.industry);
	cp_rd_print_text(&r, "catch", true, &mb.catch_copy);
	read_intro(&r, &mb);
	cp_rd_print_text(&r, "recent", false, &mb.recent);
	cp_rd_print_text(&r, "referred_by", false, &mb.referred_by);
	read_tags(&r, &mb);
	check_kana(&r, "company_kana", &mb.company_kana);
	check_kana(&r, "representative_kana", &mb.representative_kana);

	/* contact: at least one way to reach the member */
	const cp_ynode *contact = cp_rd_map(&r, "contact", true);
	if (contact != NULL) {
		cp_rd c;
		cp_rd_init(&c, m, L->d, contact, "member", "'contact'", contact_keys);
		cp_rd_print_text(&c, "address", false, &mb.address);
		cp_rd_text(&c, "tel", false, &mb.tel);
		cp_rd_text(&c, "url", false, &mb.url);
		cp_rd_text(&c, "email", false, &mb.email);
		if (!mb.address.s && !mb.tel.s && !mb.url.s && !mb.email.s &&
		    cp_diags_count(L->d, CP_ERROR) == errors && c.n_pending == 0)
			cp_diag_add(L->d, CP_DIAG_EMPTY_VALUE, contact->span,
			            "write at least one of address, tel, url, email",
			            "'contact' in member gives no way to reach the member");
		cp_rd_clear(&c);
	}

	/* the photo, relative to this file */
	cp_text photo = {0};
	if (cp_rd_text(&r, "photo", false, &photo) && photo.s != NULL)
		mb.photo.index = cp_load_image(m, f.path, photo.s, photo.span, L->d);
	mb.photo.span = photo.span;
	cp_rd_clear(&r);
	(void)named_at;

	if (whole(&mb))
		g_array_append_val(L->members, mb);
	else
		cp_diag_add(L->d, CP_DIAG_LEFT_OUT, cp_span_at(f.file, 1, 1), NULL,
		            "member '%s' is left out of the pages until this file's errors are "
		            "fixed",
		            mb.company.s != NULL ? mb.company.s : f.path);
	cp_ldfile_clear(&f);
	return cp_diags_count(L->d, CP_ERROR) == errors;
}
