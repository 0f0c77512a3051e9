/* form.c - supplied PDF pages (advertisers' artwork, issue 15) embedded as
 * form XObjects, untouched.
 *
 * The press step hands each page over as a cp_pdf_form (pdf.h): its content,
 * box and resources, and every object those reach as PDF syntax whose
 * references are numbered in the form's own table. The first time a page
 * draws an artwork, its objects get numbers of this file, are written with
 * their references renumbered (the offsets in cp_pdf_syntax say where each
 * number is, so nothing is parsed) and their stream bytes as they came -
 * fonts, images and nested forms keep their filters - and then the form
 * XObject itself, its content deflated. Nothing in the artwork is
 * converted or re-encoded here: its K100 text stays 0 0 0 1 k. */
#include "pdf/pdf_int.h"

#include <stdlib.h>
#include <string.h>

void cp_pdf_syntax_clear(cp_pdf_syntax *s)
{
	g_clear_pointer(&s->text, g_free);
	g_clear_pointer(&s->ref_at, g_free);
	s->len = s->n_refs = 0;
}

void cp_pdf_form_free(cp_pdf_form *f)
{
	if (f == NULL)
		return;
	g_free(f->path);
	cp_pdf_syntax_clear(&f->resources);
	cp_pdf_syntax_clear(&f->group);
	g_free(f->content);
	for (size_t i = 0; i < f->n_objs; i++) {
		cp_pdf_syntax_clear(&f->objs[i].syntax);
		g_free(f->objs[i].data);
	}
	g_free(f->objs);
	g_free(f->fonts_missing);
	g_free(f);
}

struct cp_pdf_forms {
	const cp_dl *dl;
	const cp_pdf_opts *o;
	int *obj;     /* by artwork index: the form XObject's number, 0 until written */
	bool *failed; /* reported once */
};

cp_pdf_forms *cp_pdf_forms_new(const cp_dl *dl, const cp_pdf_opts *o)
{
	cp_pdf_forms *fs = g_new0(cp_pdf_forms, 1);
	fs->dl = dl;
	fs->o = o;
	fs->obj = g_new0(int, dl->artworks->len + 1);
	fs->failed = g_new0(bool, dl->artworks->len + 1);
	return fs;
}

void cp_pdf_forms_free(cp_pdf_forms *fs)
{
	if (fs == NULL)
		return;
	g_free(fs->obj);
	g_free(fs->failed);
	g_free(fs);
}

const cp_pdf_form *cp_pdf_forms_get(const cp_pdf_forms *fs, uint32_t i)
{
	if (i >= fs->dl->artworks->len || i >= fs->o->n_forms || fs->o->forms == NULL)
		return NULL;
	return fs->o->forms[i];
}

/* syn into out with local reference n written as map[n - 1]. A number out
 * of the table (a description built wrong) becomes null, which every
 * reader accepts, rather than a reference to some other object. */
static void put_syntax(GString *out, const cp_pdf_syntax *syn, const int *map, size_t n_map)
{
	size_t pos = 0;
	for (size_t k = 0; k < syn->n_refs; k++) {
		size_t at = syn->ref_at[k];
		if (at < pos || at >= syn->len)
			continue;
		g_string_append_len(out, syn->text + pos, (gssize)(at - pos));
		char *end = NULL;
		unsigned long n = strtoul(syn->text + at, &end, 10);
		size_t stop = (size_t)(end - syn->text);
		if (stop + 4 <= syn->len && memcmp(syn->text + stop, " 0 R", 4) == 0) {
			stop += 4;
			if (n >= 1 && n <= n_map)
				g_string_append_printf(out, "%d 0 R", map[n - 1]);
			else
				g_string_append(out, "null");
		}
		pos = stop;
	}
	if (pos < syn->len)
		g_string_append_len(out, syn->text + pos, (gssize)(syn->len - pos));
}

static void put_nums(GString *s, const double *v, int n)
{
	g_string_append_c(s, '[');
	for (int i = 0; i < n; i++) {
		if (i > 0)
			g_string_append_c(s, ' ');
		cp_pdf_num(s, v[i], 4);
	}
	g_string_append_c(s, ']');
}

int cp_pdf_forms_use(cp_pdf_forms *fs, cp_pdf_w *w, uint32_t i, cp_diags *d)
{
	if (i < fs->dl->artworks->len && fs->obj[i] > 0)
		return fs->obj[i];
	if (i >= fs->dl->artworks->len || fs->failed[i])
		return -1;
	const cp_pdf_form *f = cp_pdf_forms_get(fs, i);
	if (f == NULL) {
		const cp_dl_artwork_src *a = &g_array_index(fs->dl->artworks, cp_dl_artwork_src, i);
		cp_diag_add(d, CP_DIAG_PRESS, a->span, NULL,
		            "%s: artwork '%s' page %d was not read for the writer", w->name,
		            a->path, a->page);
		fs->failed[i] = true;
		return -1;
	}
	/* numbers for the form's objects, then the objects */
	int *map = g_new(int, f->n_objs + 1);
	for (size_t k = 0; k < f->n_objs; k++)
		map[k] = cp_pdf_obj_new(w);
	GString *s = g_string_new(NULL);
	for (size_t k = 0; k < f->n_objs; k++) {
		const cp_pdf_form_obj *fo = &f->objs[k];
		g_string_truncate(s, 0);
		put_syntax(s, &fo->syntax, map, f->n_objs);
		if (!fo->stream) {
			cp_pdf_obj_begin(w, map[k]);
			cp_pdf_put(w, s->str, s->len);
			cp_pdf_obj_end(w);
			continue;
		}
		/* the dictionary came without /Length: it goes in before the
		 * closing >>, the data as stored */
		if (s->len >= 2 && memcmp(s->str + s->len - 2, ">>", 2) == 0)
			g_string_truncate(s, s->len - 2);
		else
			g_string_assign(s, "<<");
		g_string_append_printf(s, " /Length %zu>>\nstream\n", fo->len);
		cp_pdf_obj_begin(w, map[k]);
		cp_pdf_put(w, s->str, s->len);
		cp_pdf_put(w, fo->data, fo->len);
		cp_pdf_puts(w, "\nendstream");
		cp_pdf_obj_end(w);
	}
	/* the form itself */
	g_string_assign(s, "/Type /XObject /Subtype /Form /BBox ");
	put_nums(s, f->bbox, 4);
	g_string_append(s, " /Matrix ");
	put_nums(s, f->matrix, 6);
	g_string_append(s, " /Resources ");
	put_syntax(s, &f->resources, map, f->n_objs);
	if (f->group.text != NULL) {
		g_string_append(s, " /Group ");
		put_syntax(s, &f->group, map, f->n_objs);
	}
	int n = cp_pdf_obj_new(w);
	cp_pdf_stream(w, n, s->str, f->content, f->content_len, true, NULL);
	g_string_free(s, TRUE);
	g_free(map);
	fs->obj[i] = n;
	return n;
}

int cp_pdf_forms_obj(const cp_pdf_forms *fs, uint32_t i)
{
	return i < fs->dl->artworks->len ? fs->obj[i] : 0;
}
