/* ad.c - advertisements (issue 15): the ad files of an `ads` entry of
 * `contents` (a folder of *.yaml, or a list of files and inline ads), the
 * issue's `house_ads:`, and the layout's `ads:` section (the ad grid, the
 * sizes' frames, the text-ad styles). Knows the ad schema; not where an ad
 * goes on a page (compose/ads.c does that). */
#include "load/load_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>

#include "base/files.h"

/* At most this many ads (and house ads) in one issue: a hostile folder of
 * ten thousand files stops here with one message. */
#define AD_LIMIT 400u

static const char *const ad_keys[] = {"member",  "size", "artwork", "catch", "body",
                                      "contact", "logo", "qr",      "style", NULL};
static const char *const house_keys[] = {"size", "artwork", "catch", "body",  "contact",
                                         "logo", "qr",      "style", "notes", NULL};
/* the keys of a text ad: none of them goes with `artwork` */
static const char *const text_keys[] = {"catch", "body", "contact", "logo", "qr", "style", NULL};

/* --- the advertiser ------------------------------------------------------- */

/* The advertiser's name, reading and contact from the member file at path:
 * from the directory when the issue loaded it already (its problems are
 * reported there), otherwise read here for those fields alone. */
static bool read_advertiser(cp_ld *L, cp_ad *ad, const char *path)
{
	g_autofree char *key = cp_ld_file_key(path);
	for (guint i = 0; i < L->members->len; i++) {
		const cp_member *mb = &g_array_index(L->members, cp_member, i);
		g_autofree char *k = cp_ld_file_key(mb->file);
		if (strcmp(k, key) != 0)
			continue;
		ad->company = mb->company;
		ad->company_kana = mb->company_kana;
		ad->address = mb->address;
		ad->tel = mb->tel;
		ad->url = mb->url;
		ad->email = mb->email;
		return true;
	}
	cp_ldfile f;
	if (!cp_ldfile_open(&f, L->m, path, "member", L->d)) {
		cp_ldfile_clear(&f);
		return false;
	}
	/* only the fields an ad shows: the directory checks the rest */
	cp_rd r;
	cp_rd_init(&r, L->m, L->d, f.root, "member", NULL, NULL);
	bool ok = cp_rd_text(&r, "company", true, &ad->company);
	ok = cp_rd_text(&r, "company_kana", true, &ad->company_kana) && ok;
	const cp_ynode *contact = cp_rd_map(&r, "contact", false);
	if (contact != NULL) {
		cp_rd c;
		cp_rd_init(&c, L->m, L->d, contact, "member", "'contact'", NULL);
		cp_rd_text(&c, "address", false, &ad->address);
		cp_rd_text(&c, "tel", false, &ad->tel);
		cp_rd_text(&c, "url", false, &ad->url);
		cp_rd_text(&c, "email", false, &ad->email);
		cp_rd_clear(&c);
	}
	cp_rd_clear(&r);
	cp_ldfile_clear(&f);
	return ok && ad->company.s != NULL;
}

/* --- one ad ------------------------------------------------------------------ */

/* `style` names one of the layout's ad styles. */
static void check_style(cp_rd *r, const cp_ad *ad)
{
	const cp_layout *lay = &r->m->layout;
	if (ad->style.s == NULL)
		return;
	const char **names = g_new0(const char *, lay->n_ad_styles + 1);
	GString *list = g_string_new(NULL);
	bool found = false;
	for (size_t i = 0; i < lay->n_ad_styles; i++) {
		names[i] = lay->ad_styles[i].name;
		found = found || strcmp(names[i], ad->style.s) == 0;
		g_string_append_printf(list, "%s%s", i ? ", " : "", names[i]);
	}
	if (!found) {
		const char *near = cp_diag_nearest(ad->style.s, names);
		char *hint = near ? cp_diag_hint_nearest(near)
		                  : g_strdup_printf(_("the layout's ad styles: %s"), list->str);
		cp_diag_add(r->d, CP_DIAG_BAD_VALUE, ad->style.span, hint,
		            "'style' names the ad style '%s', which the layout does not define",
		            ad->style.s);
		g_free(hint);
	}
	g_free(names);
	g_string_free(list, TRUE);
}

/* A QR code's URL: a web address (what a phone opens). */
static void check_qr(cp_rd *r, cp_ad *ad)
{
	if (ad->qr.s == NULL)
		return;
	if (g_str_has_prefix(ad->qr.s, "https://") || g_str_has_prefix(ad->qr.s, "http://"))
		return;
	cp_diag_add(r->d, CP_DIAG_BAD_VALUE, ad->qr.span, "e.g. qr: https://example.jp/shop",
	            "'qr' must be a web address starting with https:// or http://, not '%s'",
	            ad->qr.s);
	ad->qr.s = NULL;
}

/* PDF artwork: the file starts with %PDF (whatever its name says). */
static bool is_pdf(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char head[5] = {0};
	size_t n = fp != NULL ? fread(head, 1, 4, fp) : 0;
	if (fp != NULL)
		fclose(fp);
	return n == 4 && memcmp(head, "%PDF", 4) == 0;
}

/* `artwork`: a PNG or JPEG through the image code, or a PDF page. */
static void read_artwork(cp_ld *L, const char *file, cp_ad *ad, const cp_text *art)
{
	g_autofree char *path = cp_path_resolve(file, art->s);
	ad->artwork.span = art->span;
	if (g_file_test(path, G_FILE_TEST_IS_REGULAR) && is_pdf(path)) {
		/* its first page, read by the press step before compose and
		 * placed as a form XObject (compose/artwork.c) */
		ad->artwork_pdf.index = cp_load_artwork(L->m, file, art->s, 1, art->span, L->d);
		ad->artwork_pdf.span = art->span;
		return;
	}
	ad->artwork.index = cp_load_image(L->m, file, art->s, art->span, L->d);
}

/* Reads one ad mapping (in file; inline ads: the issue file) into ad.
 * False when it cannot be printed (an error is reported). */
static bool read_ad(cp_ld *L, const char *file, uint32_t file_index, const cp_ynode *map,
                    bool house, cp_ad *ad)
{
	(void)file_index;
	cp_model *m = L->m;
	size_t errors = cp_diags_count(L->d, CP_ERROR);
	memset(ad, 0, sizeof *ad);
	ad->file = cp_arena_strdup(m->arena, file);
	ad->span = map->span;
	ad->house = house;
	ad->artwork.index = -1;
	ad->artwork_pdf.index = -1;
	ad->logo.index = -1;
	const char *what = house ? "house ad" : "ad";
	cp_rd r;
	cp_rd_init(&r, m, L->d, map, what, NULL, house ? house_keys : ad_keys);

	/* the advertiser */
	if (!house) {
		cp_text member = {0};
		if (cp_rd_text(&r, "member", true, &member) && member.s != NULL) {
			g_autofree char *path = cp_path_resolve(file, member.s);
			ad->member_file = cp_arena_strdup(m->arena, path);
			ad->member_span = member.span;
			if (cp_ld_check_file(L->d, path, member.span, "member file"))
				read_advertiser(L, ad, path);
		}
	}
	/* the size: required for a member's ad, a house ad fits any space */
	int size = 0;
	cp_span size_span = CP_SPAN_NONE;
	if (cp_rd_enum(&r, "size", cp_model_ad_size_names, CP_AD_SIZE_COUNT, &size, &size_span) &&
	    size_span.line != 0) {
		ad->size = (cp_ad_size)size;
		ad->size_span = size_span;
	} else if (!house && cp_ynode_is_null(cp_ynode_get(map, "size"))) {
		cp_rd_missing(&r, "size");
	}

	/* artwork, or the text ad's fields: never both */
	cp_text art = {0};
	cp_rd_text(&r, "artwork", false, &art);
	cp_rd_print_text(&r, "catch", false, &ad->catch_copy);
	cp_rd_print_text(&r, "body", false, &ad->body);
	cp_rd_print_text(&r, "contact", false, &ad->contact);
	cp_rd_text(&r, "qr", false, &ad->qr);
	cp_rd_text(&r, "style", false, &ad->style);
	if (house)
		cp_rd_bool(&r, "notes", &ad->notes);
	check_qr(&r, ad);
	check_style(&r, ad);
	if (art.s != NULL) {
		const cp_ynode *clash = NULL;
		for (size_t i = 0; text_keys[i] != NULL && clash == NULL; i++)
			clash = cp_ynode_get(map, text_keys[i]);
		if (clash != NULL) {
			/* the key node itself, for its place */
			for (size_t i = 0; i < map->n; i++)
				if (map->vals[i] == clash)
					cp_diag_add(
					    L->d, CP_DIAG_BAD_VALUE, map->keys[i]->span,
					    "keep 'artwork' or the text ad's fields, not both",
					    "an ad is supplied artwork or a text ad: '%s' cannot "
					    "go with 'artwork'",
					    map->keys[i]->text);
		} else {
			read_artwork(L, file, ad, &art);
		}
	} else if (ad->catch_copy.s == NULL && !ad->notes &&
	           cp_ynode_is_null(cp_ynode_get(map, "catch"))) {
		cp_span s = map->span;
		s.end_line = s.line;
		s.end_col = s.col;
		if (r.n_pending == 0)
			cp_diag_add(L->d, CP_DIAG_MISSING_FIELD, s,
			            "give 'artwork' (a PDF, PNG or JPEG) or a text ad's 'catch'",
			            "the %s has neither 'artwork' nor 'catch'", what);
	}
	/* a logo, relative to the file that names it */
	cp_text logo = {0};
	if (cp_rd_text(&r, "logo", false, &logo) && logo.s != NULL)
		ad->logo.index = cp_load_image(m, file, logo.s, logo.span, L->d);
	ad->logo.span = logo.span;
	cp_rd_clear(&r);
	return cp_diags_count(L->d, CP_ERROR) == errors;
}

/* Reads the ad at path (a file of its own). */
static bool read_ad_file(cp_ld *L, const char *path, bool house, cp_ad *ad)
{
	cp_ldfile f;
	if (!cp_ldfile_open(&f, L->m, path, house ? "house ad" : "ad", L->d)) {
		cp_ldfile_clear(&f);
		return false;
	}
	bool ok = read_ad(L, f.path, f.file, f.root, house, ad);
	cp_ldfile_clear(&f);
	return ok;
}

/* --- lists of ads --------------------------------------------------------------- */

typedef struct ad_list {
	cp_ld *L;
	GArray *ads; /* cp_ad */
	bool house;
	bool too_many;
} ad_list;

/* An ad that could not be read whole is left out of the pages, with a
 * note; its errors stay with it (errors_contained). */
static void keep(ad_list *al, const cp_ad *ad, bool ok, size_t errors_before)
{
	cp_ld *L = al->L;
	L->m->errors_contained += cp_diags_count(L->d, CP_ERROR) - errors_before;
	bool whole = ok && (al->house || (ad->company.s != NULL && ad->size_span.line != 0)) &&
	             (ad->artwork.index >= 0 || ad->artwork_pdf.index >= 0 ||
	              ad->catch_copy.s != NULL || ad->notes);
	if (whole) {
		g_array_append_val(al->ads, *ad);
		return;
	}
	cp_diag_add(L->d, CP_DIAG_LEFT_OUT, ad->span, NULL,
	            "this ad is left out of the pages until its errors are fixed");
}

static bool room(ad_list *al, cp_span span)
{
	if (al->ads->len < AD_LIMIT)
		return true;
	if (!al->too_many)
		cp_diag_add(al->L->d, CP_DIAG_LIMIT, span, NULL,
		            "more than %u ads in one issue (limit: ads)", AD_LIMIT);
	al->too_many = true;
	return false;
}

static void add_file(ad_list *al, const char *path, cp_span named_at)
{
	cp_ld *L = al->L;
	if (!room(al, named_at) || !cp_ld_first_mention(L, path, named_at, "ad file"))
		return;
	size_t before = cp_diags_count(L->d, CP_ERROR);
	cp_ad ad;
	memset(&ad, 0, sizeof ad);
	ad.artwork.index = ad.logo.index = ad.artwork_pdf.index = -1;
	bool ok = read_ad_file(L, path, al->house, &ad);
	if (ad.file == NULL) {
		/* unreadable: its error is said; nothing to keep */
		L->m->errors_contained += cp_diags_count(L->d, CP_ERROR) - before;
		return;
	}
	keep(al, &ad, ok, before);
}

/* Every *.yaml in a folder, in name order. */
static void add_folder(ad_list *al, const char *issue_path, const cp_ynode *n)
{
	GPtrArray *files = cp_ld_folder_files(al->L->d, issue_path, n, CP_LD_FOLDER_ADS);
	if (files == NULL)
		return;
	if (files->len == 0) {
		g_autofree char *dir = cp_path_resolve(issue_path, n->text);
		cp_diag_add(al->L->d, CP_DIAG_EMPTY_VALUE, n->span, NULL,
		            "no ad files (*.yaml) in folder '%s'", dir);
	}
	for (guint i = 0; i < files->len; i++)
		add_file(al, g_ptr_array_index(files, i), n->span);
	g_ptr_array_unref(files);
}

/* A folder, or a list whose items are ad files or ads written inline. */
static void add_value(ad_list *al, const char *issue_path, uint32_t issue_file, const char *key,
                      const cp_ynode *v)
{
	cp_ld *L = al->L;
	if (v->kind == CP_YNODE_SCALAR && !cp_ynode_is_null(v) && !al->house) {
		add_folder(al, issue_path, v);
		return;
	}
	if (v->kind != CP_YNODE_SEQ) {
		cp_rd r;
		cp_rd_init(&r, L->m, L->d, NULL, "issue", "'contents'", NULL);
		cp_rd_wrong_type(&r, key, v,
		                 al->house ? "a list of house ads (files or mappings)"
		                           : "a folder of ad files or a list of ads");
		cp_rd_clear(&r);
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const cp_ynode *item = v->vals[i];
		if (item->kind == CP_YNODE_MAP) {
			if (!room(al, item->span))
				return;
			size_t before = cp_diags_count(L->d, CP_ERROR);
			cp_ad ad;
			bool ok = read_ad(L, issue_path, issue_file, item, al->house, &ad);
			keep(al, &ad, ok, before);
			continue;
		}
		if (item->kind != CP_YNODE_SCALAR || cp_ynode_is_null(item)) {
			cp_rd r;
			cp_rd_init(&r, L->m, L->d, NULL, "issue", "'contents'", NULL);
			cp_rd_wrong_type(&r, key, item, "an ad file or an ad (a mapping)");
			cp_rd_clear(&r);
			continue;
		}
		g_autofree char *path = cp_path_resolve(issue_path, item->text);
		if (cp_ld_check_file(L->d, path, item->span, "ad file"))
			add_file(al, path, item->span);
		else
			L->m->errors_contained++;
	}
}

/* The placement's order: largest first, then by the advertiser's reading,
 * then file and place, a total order (qsort is not stable). */
static int compare_ads(const void *a, const void *b)
{
	const cp_ad *x = a;
	const cp_ad *y = b;
	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	int c = strcmp(x->company_kana.s ? x->company_kana.s : "",
	               y->company_kana.s ? y->company_kana.s : "");
	if (c == 0)
		c = strcmp(x->file, y->file);
	if (c == 0)
		c = x->span.line < y->span.line ? -1 : x->span.line > y->span.line;
	return c;
}

void cp_ld_ads_part(cp_ld *L, const char *issue_path, uint32_t issue_file, const cp_ynode *v,
                    cp_part *part)
{
	part->index = L->ads->len;
	if (cp_ynode_is_null(v))
		cp_diag_add(L->d, CP_DIAG_EMPTY_VALUE, v->span, NULL,
		            "'ads' in 'contents' is empty");
	else {
		ad_list al = {L, L->ads, false, false};
		add_value(&al, issue_path, issue_file, "ads", v);
	}
	part->count = L->ads->len - part->index;
	if (part->count > 1)
		qsort((cp_ad *)(void *)L->ads->data + part->index, part->count, sizeof(cp_ad),
		      compare_ads);
}

void cp_ld_house_ads(cp_ld *L, const char *issue_path, uint32_t issue_file, const cp_ynode *v)
{
	ad_list al = {L, L->house_ads, true, false};
	add_value(&al, issue_path, issue_file, "house_ads", v);
}

/* --- the layout's `ads:` ------------------------------------------------------------ */

static const char *const ads_layout_keys[] = {"grid",   "gap",    "sizes",  "index",
                                              "styles", "qr_min", "qr_max", NULL};
static const char *const ad_style_keys[] = {"design", "paper",   "accent", "catch",
                                            "body",   "contact", NULL};

/* "2x12": two positive integers at most max, split at x or ×. */
static bool parse_cells(const char *s, int max, int *w, int *h)
{
	g_auto(GStrv) parts = g_regex_split_simple("\\s*(?:x|×)\\s*", s, 0, 0);
	if (g_strv_length(parts) != 2)
		return false;
	int v[2];
	for (int i = 0; i < 2; i++) {
		const char *p = parts[i];
		if (*p == '\0' || strlen(p) > 3)
			return false;
		for (const char *q = p; *q; q++)
			if (!g_ascii_isdigit(*q))
				return false;
		v[i] = atoi(p);
		if (v[i] < 1 || v[i] > max)
			return false;
	}
	*w = v[0];
	*h = v[1];
	return true;
}

#define AD_GRID_MAX 24

static void read_sizes(cp_rd *top, const cp_ynode *n, cp_layout *lay)
{
	cp_model *m = top->m;
	cp_rd r;
	const char *names[CP_AD_SIZE_COUNT + 1];
	for (int i = 0; i < CP_AD_SIZE_COUNT; i++)
		names[i] = cp_model_ad_size_names[i];
	names[CP_AD_SIZE_COUNT] = NULL;
	cp_rd_init(&r, m, top->d, n, "layout", "'sizes' in 'ads'", names);
	/* the table as a whole: sizes left out are not offered */
	memset(lay->ad_n_shapes, 0, sizeof lay->ad_n_shapes);
	lay->ad_sizes_span = n->span;
	for (size_t i = 0; i < n->n; i++) {
		int s = 0;
		while (s < CP_AD_SIZE_COUNT && strcmp(names[s], n->keys[i]->text) != 0)
			s++;
		if (s == CP_AD_SIZE_COUNT)
			continue; /* reported as unknown */
		const cp_ynode *v = n->vals[i];
		const cp_ynode *one[1] = {v};
		const cp_ynode *const *items =
		    v->kind == CP_YNODE_SEQ ? (const cp_ynode *const *)v->vals : one;
		size_t count = v->kind == CP_YNODE_SEQ ? v->n : 1;
		for (size_t k = 0; k < count; k++) {
			const cp_ynode *it = items[k];
			int w, h;
			if (it->kind != CP_YNODE_SCALAR ||
			    !parse_cells(it->text, AD_GRID_MAX, &w, &h)) {
				cp_diag_add(
				    top->d, CP_DIAG_BAD_VALUE, it->span,
				    "e.g. \"1/2\": [2x6, 1x12] (columns x rows of the grid)",
				    "a frame of size %s must be columns x rows of cells, not "
				    "'%s'",
				    names[s],
				    it->kind == CP_YNODE_SCALAR ? it->text : "a collection");
				continue;
			}
			if (lay->ad_n_shapes[s] >= CP_AD_MAX_SHAPES) {
				cp_diag_add(top->d, CP_DIAG_BAD_VALUE, it->span, NULL,
				            "size %s has more than %d frames", names[s],
				            CP_AD_MAX_SHAPES);
				break;
			}
			lay->ad_shapes[s][lay->ad_n_shapes[s]++] = (cp_ad_shape){w, h};
		}
	}
	cp_rd_clear(&r);
}

/* One text-ad style over what it holds (a default or an earlier layout). */
static void read_ad_style(cp_model *m, cp_diags *d, const cp_ynode *n, cp_ad_style *st)
{
	g_autofree char *where = g_strdup_printf("ad style '%s'", st->name);
	cp_rd r;
	cp_rd_init(&r, m, d, n, "layout", where, ad_style_keys);
	st->span = n->span;
	int e = (int)st->design;
	if (cp_rd_enum(&r, "design", cp_model_ad_design_names, CP_AD_DESIGN_COUNT, &e, NULL))
		st->design = (cp_ad_design)e;
	cp_rd_color(&r, "paper", &st->paper);
	cp_rd_color(&r, "accent", &st->accent);
	static const char *const parts[] = {"catch", "body", "contact"};
	cp_style *styles[] = {&st->catch_style, &st->body, &st->contact};
	for (int i = 0; i < 3; i++) {
		const cp_ynode *v = cp_rd_map(&r, parts[i], false);
		if (v == NULL)
			continue;
		g_autofree char *name = g_strdup_printf("%s' of ad style '%s", parts[i], st->name);
		cp_ld_style(m, d, v, name, styles[i]);
	}
	cp_rd_clear(&r);
}

static void read_ad_styles(cp_rd *top, const cp_ynode *n, cp_layout *lay)
{
	cp_model *m = top->m;
	cp_ad_style *styles = cp_arena_new0(m->arena, cp_ad_style, lay->n_ad_styles + n->n);
	if (lay->n_ad_styles)
		memcpy(styles, lay->ad_styles, sizeof *styles * lay->n_ad_styles);
	size_t count = lay->n_ad_styles;
	cp_rd r;
	cp_rd_init(&r, m, top->d, n, "layout", "'styles' in 'ads'", NULL);
	for (size_t i = 0; i < n->n; i++) {
		const char *name = n->keys[i]->text;
		if (n->vals[i]->kind != CP_YNODE_MAP) {
			cp_rd_wrong_type(&r, name, n->vals[i], "a mapping");
			continue;
		}
		size_t k = 0;
		while (k < count && strcmp(styles[k].name, name) != 0)
			k++;
		if (k == count) {
			/* a new style starts from a quiet card in the body's fonts */
			cp_ad_style *s = &styles[count++];
			s->name = cp_arena_strdup(m->arena, name);
			s->design = CP_AD_CARD;
			s->paper = cp_color_gray(0.0);
			s->accent = lay->accent;
			cp_style *sub[] = {&s->catch_style, &s->body, &s->contact};
			for (int j = 0; j < 3; j++) {
				sub[j]->weight = j == 0 ? 700 : 400;
				sub[j]->color = cp_color_gray(1.0);
				sub[j]->size.len = cp_mm(j == 0 ? 5.0 : j == 1 ? 2.6 : 2.2);
			}
		}
		read_ad_style(m, top->d, n->vals[i], &styles[k]);
	}
	cp_rd_clear(&r);
	lay->ad_styles = styles;
	lay->n_ad_styles = count;
}

void cp_ld_ads_layout(cp_rd *top, const cp_ynode *n)
{
	cp_model *m = top->m;
	cp_layout *lay = &m->layout;
	cp_rd r;
	cp_rd_init(&r, m, top->d, n, "layout", "'ads'", ads_layout_keys);
	const cp_ynode *grid = cp_ynode_get(n, "grid");
	if (!cp_ynode_is_null(grid)) {
		int w, h;
		if (grid->kind == CP_YNODE_SCALAR && parse_cells(grid->text, AD_GRID_MAX, &w, &h)) {
			lay->ad_columns = w;
			lay->ad_rows = h;
			lay->ad_grid_span = grid->span;
		} else {
			cp_diag_add(top->d, CP_DIAG_BAD_VALUE, grid->span,
			            "e.g. grid: 2x12 (columns x rows, each 1 to 24)",
			            "'grid' in 'ads' must be columns x rows, not '%s'",
			            grid->kind == CP_YNODE_SCALAR ? grid->text : "a collection");
		}
	}
	cp_rd_length(&r, "gap", true, &lay->ad_gap);
	cp_rd_length(&r, "qr_min", true, &lay->ad_qr_min);
	cp_rd_length(&r, "qr_max", true, &lay->ad_qr_max);
	const cp_ynode *sizes = cp_rd_map(&r, "sizes", false);
	if (sizes != NULL)
		read_sizes(&r, sizes, lay);
	cp_rd_bool(&r, "index", &lay->ad_index);
	const cp_ynode *styles = cp_rd_map(&r, "styles", false);
	if (styles != NULL)
		read_ad_styles(&r, styles, lay);
	cp_rd_clear(&r);
	/* every frame inside the grid */
	for (int s = 0; s < CP_AD_SIZE_COUNT; s++)
		for (int k = 0; k < lay->ad_n_shapes[s]; k++) {
			cp_ad_shape sh = lay->ad_shapes[s][k];
			if (sh.w <= lay->ad_columns && sh.h <= lay->ad_rows)
				continue;
			cp_span span = lay->ad_sizes_span.line ? lay->ad_sizes_span : n->span;
			cp_diag_add(top->d, CP_DIAG_LAYOUT, span,
			            "make the frame smaller or the grid larger",
			            "the frame %dx%d of ad size %s does not fit the ad grid %dx%d",
			            sh.w, sh.h, cp_model_ad_size_names[s], lay->ad_columns,
			            lay->ad_rows);
			lay->ad_shapes[s][k] = lay->ad_shapes[s][--lay->ad_n_shapes[s]];
			k--;
		}
}

void cp_ld_ads_layout_unset(cp_model *m)
{
	cp_layout *lay = &m->layout;
	lay->ad_grid_span = CP_SPAN_NONE;
	lay->ad_sizes_span = CP_SPAN_NONE;
	lay->ad_gap.span = CP_SPAN_NONE;
	lay->ad_gap.set = false;
	cp_dim *qr[] = {&lay->ad_qr_min, &lay->ad_qr_max};
	for (int i = 0; i < 2; i++) {
		qr[i]->span = CP_SPAN_NONE;
		qr[i]->set = false;
	}
	for (size_t i = 0; i < lay->n_ad_styles; i++) {
		cp_ad_style *s = &lay->ad_styles[i];
		s->span = CP_SPAN_NONE;
		cp_style *sub[] = {&s->catch_style, &s->body, &s->contact};
		for (int j = 0; j < 3; j++) {
			sub[j]->span = CP_SPAN_NONE;
			sub[j]->font.span = CP_SPAN_NONE;
			sub[j]->size.span = CP_SPAN_NONE;
			sub[j]->size.set = false;
			sub[j]->pitch.span = CP_SPAN_NONE;
			sub[j]->tracking.span = CP_SPAN_NONE;
		}
	}
}
