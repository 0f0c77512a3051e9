/* cards.c - the member directory: an index page, then the members' cards in
 * the layout's grid of cells (2 x 2 on an A4 page by default), sorted by
 * reading.
 *
 * A card, top to bottom: industry, the company's reading and name, the
 * representative with reading, the catch copy (beside the photo when there
 * is one), a hairline, the introduction and recent activity; anchored to
 * the card's foot, the contact block, the "紹介" line and tags. The foot is
 * packed from short units that never split (a telephone number, a postal
 * code, an address, a name, a hashtag): a unit goes whole to the next line,
 * and one longer than the card's measure is shortened with "…" and a
 * SHORTENED warning.
 *
 * The layout's `cards.overflow` chooses what a card does with more text
 * than its cell holds:
 *   fit    - (the default) every card keeps the layout's one text size; a
 *            profile that does not fit one cell takes two (the cell below,
 *            or the one beside it when the grid has a single row), one that
 *            does not fit two takes a whole page, and only a profile longer
 *            than a page is an OVERFLOW error saying how many characters
 *            too long it is. CARD_SPANS notes name each card that spans
 *            cells. Packing: see pack_cards.
 *   error  - OVERFLOW error: the card must be shortened;
 *   warn   - OVERFLOW_WARN warning: the lines that fit are set, the rest cut;
 *   shrink - the introduction and recent activity are set again 0.5Q (an
 *            eighth of a millimetre) smaller at a time, pitch in proportion,
 *            down to `cards.min_size`; a CARD_SHRUNK note says which size the
 *            card got. Text that does not fit even at min_size is an
 *            OVERFLOW error. Only the body text shrinks: the header and the
 *            contact block keep the layout's sizes, so cards stay alike. */
#include "compose/compose_int.h"

#include <math.h>
#include <string.h>

#define MM CP_MM_TO_PT
/* The shrink step: 0.5Q = 0.125 mm, in points: the finest step type sizes
 * come in (docs/format.md says so), not a layout's choice. */
#define Q_STEP (0.125 * MM)

/* The card's inner rhythm, top to bottom, is the layout's (`cards:`
 * photo_gap ... before_foot, cp_layout_card). Rule weights, in points,
 * are weights, not distances: */
#define CARD_FRAME_WIDTH 0.5
#define CARD_HAIRLINE_WIDTH 0.35
#define INDEX_RULE_WIDTH 0.4
/* The index: grid lines its header takes on the first page, and the
 * characters of the body size its page numbers keep free at the end of
 * each column (both in units of the grid, so they follow the body). */
#define INDEX_HEADER_LINES 7
#define INDEX_NUMBER_CHARS 3

/* A photo is set 3:4 (width to height), as docs/format.md promises. */
static double photo_height(double w)
{
	return w * 4.0 / 3.0;
}

/* A size in points as Q (1Q = 0.25 mm: a unit, not a distance) for messages
 * ("10.5"), locale-independent, in buf. */
static const char *q_text(char buf[G_ASCII_DTOSTR_BUF_SIZE], double pt)
{
	return g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, "%.1f", pt / (0.25 * MM));
}

static const char *who(const cp_member *mb)
{
	return mb->company.s != NULL ? mb->company.s : mb->file;
}

typedef struct card_box {
	double x, y, w, h;
} card_box;

/* Where a card's text goes: positions are `along` its lines and `across`
 * them from the inner box's first corner. Horizontal: along is right of
 * (x, y), the inner top left, and across below it. Vertical (`cards:
 * writing: vertical`): (x, y) is the inner top right, along runs down the
 * lines and across leftwards, line after line. */
typedef struct card_axes {
	bool v;
	double x, y;
} card_axes;

/* The page rectangle of a box `al` long along and `ac` across, from
 * (along, across). */
static card_box ax_rect(const card_axes *ax, double along, double across, double al, double ac)
{
	if (ax->v)
		return (card_box){ax->x - across - ac, ax->y + along, ac, al};
	return (card_box){ax->x + along, ax->y + across, al, ac};
}

/* A hairline across the text at `across`, from along 0 to `len`. */
static void ax_rule(cp_dl_page *page, const card_axes *ax, double across, double len,
                    cp_color color)
{
	card_box r = ax_rect(ax, 0, across, len, 0);
	cp_compose_rule(page, r.x, r.y, r.x + r.w, r.y + r.h, CARD_HAIRLINE_WIDTH, color);
}

/* Sets and places a paragraph of runs (their inline notations read) in
 * style at `along`, its first line's em box from `across` on, returning
 * its extent across the lines (first em top to last em bottom, or right
 * edge to left edge); max_across > 0 stops at lines whose em box would
 * pass it (returns via *cut how many lines did not fit). With page NULL
 * nothing is placed and nothing reported: the call only measures. */
static double put_runs(cp_compose *c, cp_dl_page *page, const card_axes *ax,
                       const cp_ts_style *style, const cp_ts_run *runs, size_t n, double along,
                       double across, double w, double max_across, size_t *cut)
{
	cp_ts_style st = *style;
	st.vertical = ax->v;
	g_autoptr(cp_arena) a = cp_arena_new();
	GArray *all = g_array_new(FALSE, FALSE, sizeof(cp_ts_run));
	for (size_t i = 0; i < n; i++) {
		cp_ts_run *r = NULL;
		size_t k = cp_compose_runs(c, a, &runs[i], page != NULL, &r);
		g_array_append_vals(all, r, (guint)k);
	}
	g_autoptr(cp_ts_para) para =
	    cp_ts_set(c->ts, &st, (const cp_ts_run *)(void *)all->data, all->len, w, c->d);
	g_array_unref(all);
	double base = cp_compose_em_base(c, &st);
	size_t placed = 0;
	for (size_t i = 0; i < para->n_lines; i++) {
		const cp_ts_line *line = &para->lines[i];
		double em_end = across + line->y + st.size;
		if (em_end > max_across + 0.01)
			break;
		if (page != NULL && ax->v)
			cp_compose_emit_line_v(
			    c, page, line, ax->x - across - line->y - st.size / 2, ax->y + along);
		else if (page != NULL)
			cp_compose_emit_line(c, page, line, ax->x + along,
			                     ax->y + across + base + line->y);
		placed++;
	}
	if (cut != NULL)
		*cut = para->n_lines - placed;
	return cp_compose_block_height(&st, para->n_lines);
}

static double put_text(cp_compose *c, cp_dl_page *page, const card_axes *ax,
                       const cp_ts_style *style, cp_text text, double along, double across,
                       double w)
{
	if (text.s == NULL)
		return 0.0;
	cp_ts_run run = {.text = text.s, .len = strlen(text.s), .span = text.span};
	return put_runs(c, page, ax, style, &run, 1, along, across, w, INFINITY, NULL);
}

/* --- readings as ruby ------------------------------------------------------------------ */

/* A name cut into pieces of one kind: kana (hiragana, katakana, ー), spaces
 * and the rest (kanji, Latin ...), which take the reading between the kana. */
enum { PIECE_KANA, PIECE_SPACE, PIECE_OTHER, PIECE_FORM };

/* A company's legal form, which a reading often leaves out (株式会社さくら
 *印刷工房 / さくらいんさつこうぼう): at the start or end of a name it takes its
 * own reading when the reading has it there, else none. */
static const struct {
	const char *form, *reading;
} legal_forms[] = {
    {"株式会社", "かぶしきがいしゃ"},
    {"有限会社", "ゆうげんがいしゃ"},
    {"合同会社", "ごうどうがいしゃ"},
    {"合資会社", "ごうしがいしゃ"},
    {"合名会社", "ごうめいがいしゃ"},
    {"一般社団法人", "いっぱんしゃだんほうじん"},
    {"一般財団法人", "いっぱんざいだんほうじん"},
    {"特定非営利活動法人", "とくていひえいりかつどうほうじん"},
    {"社会福祉法人", "しゃかいふくしほうじん"},
    {"医療法人", "いりょうほうじん"},
};
/* Names longer than this many pieces get one group ruby over the whole
 * (the search below tries positions in the reading for each piece). */
#define MAX_PIECES 16
#define MATCH_BUDGET 20000

typedef struct name_piece {
	const char *s;
	size_t len;
	int kind;
	glong r0, r1;        /* the piece's reading: characters [r0, r1) of the reading */
	const char *reading; /* PIECE_FORM: the form's own reading */
} name_piece;

static bool is_space_char(gunichar u)
{
	return u == ' ' || u == 0x3000;
}

/* Katakana as hiragana (ヨガ -> よが), for comparing kana with a reading. */
static gunichar hira(gunichar u)
{
	return u >= 0x30A1 && u <= 0x30F6 ? u - 0x60 : u;
}

static int piece_kind(gunichar u)
{
	if (is_space_char(u))
		return PIECE_SPACE;
	if ((u >= 0x3041 && u <= 0x3096) || (u >= 0x30A1 && u <= 0x30FA) || u == 0x30FC)
		return PIECE_KANA;
	return PIECE_OTHER;
}

/* Matches pieces [i, n) against the reading's characters [r, nr): kana
 * must be found as they are, other pieces take what lies between (at
 * least one character unless allow_empty: a reading may leave out a
 * company's legal form, 株式会社). */
static bool match_pieces(name_piece *p, size_t i, size_t n, const gunichar *rd, glong r, glong nr,
                         bool allow_empty, int *budget)
{
	if (--*budget < 0)
		return false;
	if (i == n)
		return r == nr;
	if (p[i].kind == PIECE_SPACE) {
		p[i].r0 = p[i].r1 = r;
		return match_pieces(p, i + 1, n, rd, r, nr, allow_empty, budget);
	}
	if (p[i].kind == PIECE_FORM) {
		/* its own reading, when the reading has it here; else none */
		glong k = r;
		const char *q = p[i].reading;
		while (*q != '\0' && k < nr && g_utf8_get_char(q) == rd[k]) {
			q = g_utf8_next_char(q);
			k++;
		}
		p[i].r0 = r;
		p[i].r1 = k;
		if (*q == '\0' && match_pieces(p, i + 1, n, rd, k, nr, allow_empty, budget))
			return true;
		p[i].r1 = r;
		return match_pieces(p, i + 1, n, rd, r, nr, allow_empty, budget);
	}
	if (p[i].kind == PIECE_KANA) {
		const char *q = p[i].s;
		glong k = r;
		while (q < p[i].s + p[i].len) {
			if (k >= nr || hira(g_utf8_get_char(q)) != hira(rd[k]))
				return false;
			q = g_utf8_next_char(q);
			k++;
		}
		p[i].r0 = r;
		p[i].r1 = k;
		return match_pieces(p, i + 1, n, rd, k, nr, allow_empty, budget);
	}
	for (glong k = allow_empty ? r : r + 1; k <= nr; k++) {
		p[i].r0 = r;
		p[i].r1 = k;
		if (match_pieces(p, i + 1, n, rd, k, nr, allow_empty, budget))
			return true;
	}
	return false;
}

/* Splits a legal form off the start (head) or end of piece i of p[*n]
 * when the piece is more than the form and not kana. */
static void split_form(name_piece *p, size_t *n, size_t i, bool head)
{
	if (p[i].kind != PIECE_OTHER || *n == MAX_PIECES)
		return;
	for (size_t f = 0; f < G_N_ELEMENTS(legal_forms); f++) {
		size_t fl = strlen(legal_forms[f].form);
		if (p[i].len <= fl)
			continue;
		const char *at = head ? p[i].s : p[i].s + p[i].len - fl;
		if (strncmp(at, legal_forms[f].form, fl) != 0)
			continue;
		name_piece form = {at, fl, PIECE_FORM, 0, 0, legal_forms[f].reading};
		memmove(&p[i + 1], &p[i], (*n - i) * sizeof *p);
		(*n)++;
		if (head) {
			p[i] = form;
			p[i + 1].s += fl;
			p[i + 1].len -= fl;
		} else {
			p[i].len -= fl;
			p[i + 1] = form;
		}
		return;
	}
}

/* Appends the runs of name with its reading as ruby to out: each piece
 * that is not kana gets the part of the reading that falls between the
 * kana (珈琲焙煎所 ひだまり / こーひーばいせんじょひだまり: こーひーばいせんじょ over
 * 珈琲焙煎所 only); a name whose kana cannot be found in the reading gets
 * the whole reading as one group. Strings live in a. */
static void append_reading(cp_arena *a, GArray *out, const cp_ts_run *tmpl, const char *name,
                           size_t len, const char *reading)
{
	name_piece p[MAX_PIECES];
	size_t n = 0;
	const char *q = name;
	bool fits = true;
	while (q < name + len) {
		int kind = piece_kind(g_utf8_get_char(q));
		const char *e = q;
		while (e < name + len && piece_kind(g_utf8_get_char(e)) == kind)
			e = g_utf8_next_char(e);
		if (n == MAX_PIECES) {
			fits = false;
			break;
		}
		p[n++] = (name_piece){q, (size_t)(e - q), kind, 0, 0, NULL};
		q = e;
	}
	/* a legal form that starts the name or ends it is a piece of its own */
	if (fits && n > 0) {
		split_form(p, &n, 0, true);
		split_form(p, &n, n - 1, false);
	}
	/* the reading without its spaces, as characters */
	GArray *rd = g_array_new(FALSE, FALSE, sizeof(gunichar));
	for (const char *r = reading; *r != '\0'; r = g_utf8_next_char(r)) {
		gunichar u = g_utf8_get_char(r);
		if (!is_space_char(u))
			g_array_append_val(rd, u);
	}
	const gunichar *rc = (const gunichar *)(void *)rd->data;
	glong nr = (glong)rd->len;
	int budget = MATCH_BUDGET;
	bool ok = fits && nr > 0 && match_pieces(p, 0, n, rc, 0, nr, false, &budget);
	budget = MATCH_BUDGET;
	if (fits && nr > 0 && !ok)
		ok = match_pieces(p, 0, n, rc, 0, nr, true, &budget);
	if (!ok) {
		/* one group over the whole name */
		p[0] = (name_piece){name, len, PIECE_OTHER, 0, nr, NULL};
		n = 1;
	}
	for (size_t i = 0; i < n; i++) {
		cp_ts_run r = *tmpl;
		r.text = p[i].s;
		r.len = p[i].len;
		r.ruby = NULL;
		if ((p[i].kind == PIECE_OTHER || p[i].kind == PIECE_FORM) && p[i].r1 > p[i].r0) {
			GString *g = g_string_new(NULL);
			for (glong k = p[i].r0; k < p[i].r1; k++)
				g_string_append_unichar(g, rc[k]);
			r.ruby = cp_arena_strdup(a, g->str);
			g_string_free(g, TRUE);
		}
		g_array_append_val(out, r);
	}
	g_array_unref(rd);
}

/* The runs of a name with its reading as ruby (`cards: readings: ruby`):
 * a reading with as many space-separated parts as the name (石川 あかり /
 * いしかわ あかり) is matched part by part, else as a whole. A name that
 * holds notations of its own, or has no reading, is set as written. */
static GArray *reading_runs(cp_arena *a, const cp_text *name, const cp_text *reading)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(cp_ts_run));
	size_t len = strlen(name->s);
	cp_ts_run tmpl = {.text = name->s, .len = len, .span = name->span};
	if (len == 0 || reading->s == NULL || *reading->s == '\0' ||
	    cp_markup_has_notation(name->s, len)) {
		g_array_append_val(out, tmpl);
		return out;
	}
	/* the name's and the reading's parts between spaces */
	g_auto(GStrv) np = g_regex_split_simple("[ 　]+", name->s, 0, 0);
	g_auto(GStrv) rp = g_regex_split_simple("[ 　]+", reading->s, 0, 0);
	guint nn = g_strv_length(np), nrd = g_strv_length(rp);
	bool parts = nn >= 2 && nn == nrd;
	for (guint i = 0; parts && i < nn; i++)
		parts = *np[i] != '\0' && *rp[i] != '\0';
	if (!parts) {
		append_reading(a, out, &tmpl, name->s, len, reading->s);
		return out;
	}
	const char *q = name->s;
	for (guint i = 0; i < nn; i++) {
		/* the parts come in order, with only spaces between them */
		const char *part = strstr(q, np[i]);
		if (part > q) { /* the space as written */
			cp_ts_run sp = tmpl;
			sp.text = q;
			sp.len = (size_t)(part - q);
			g_array_append_val(out, sp);
		}
		append_reading(a, out, &tmpl, part, strlen(np[i]), rp[i]);
		q = part + strlen(np[i]);
	}
	return out;
}

/* `cards: writing`, the body's writing when the layout does not say. */
static bool cards_vertical(const cp_compose *c)
{
	const cp_layout *L = c->layout;
	cp_writing w = L->card_writing_set ? L->card_writing : L->writing;
	return w == CP_WRITING_VERTICAL;
}

static bool readings_ruby(const cp_compose *c)
{
	return c->layout->card_readings == CP_READINGS_RUBY;
}

/* --- the foot: short units that never split ------------------------------------------ */

/* One unit of the foot: set whole on one line, or shortened. */
typedef struct foot_unit {
	const char *text;
	const cp_color *color; /* NULL: the style's */
	cp_span span;
	bool may_wrap; /* an address part longer than a line may wrap */
} foot_unit;

/* The foot as lines of runs: runs[starts[i] .. starts[i + 1]) is line i. */
typedef struct foot {
	GArray *runs;    /* cp_ts_run */
	GArray *starts;  /* guint, one per line and one past the end */
	GPtrArray *keep; /* the strings the runs point into */
	const cp_ts_style *style;
	double height; /* first em top to last em bottom */
} foot;

static void foot_clear(foot *f)
{
	g_array_unref(f->runs);
	g_array_unref(f->starts);
	g_ptr_array_unref(f->keep);
}

static char *keep_str(foot *f, char *s)
{
	g_ptr_array_add(f->keep, s);
	return s;
}

/* Packs units (separated by sep) into lines at most w wide, greedily and
 * in order; a unit wider than w alone is shortened with "…" (a SHORTENED
 * warning when report) or, when it may wrap, set on lines of its own. */
static void foot_pack(cp_compose *c, foot *f, const foot_unit *units, size_t n, const char *sep,
                      double w, bool report)
{
	GString *line = g_string_new(NULL);
	guint first = f->runs->len;
	for (size_t i = 0; i < n; i++) {
		const foot_unit *u = &units[i];
		const char *text = u->text;
		if (line->len > 0) {
			/* the line's runs and this one, each measured at its own
			 * place (a symbol's fallback note at its tag, not nowhere) */
			char *s = keep_str(f, g_strconcat(sep, text, NULL));
			cp_ts_run r = {
			    .text = s, .len = strlen(s), .color = u->color, .span = u->span};
			g_array_append_val(f->runs, r);
			if (cp_compose_runs_width(c, f->style,
			                          &g_array_index(f->runs, cp_ts_run, first),
			                          f->runs->len - first) <= w) {
				g_string_append(line, sep);
				g_string_append(line, text);
				continue;
			}
			g_array_set_size(f->runs, f->runs->len - 1);
			/* the line is full: close it */
			g_array_append_val(f->starts, first);
			first = f->runs->len;
			g_string_truncate(line, 0);
		}
		cp_ts_run alone = {.text = text, .len = strlen(text), .span = u->span};
		if (!u->may_wrap && cp_compose_runs_width(c, f->style, &alone, 1) > w) {
			text = keep_str(f, cp_compose_ellipsize(c, f->style, text, w));
			if (report)
				cp_diag_add(c->d, CP_DIAG_SHORTENED, u->span,
				            "shorten it, or give the cards more room in the layout",
				            "'%s' is longer than the card's line of %.0fmm and is "
				            "printed as '%s'",
				            u->text, w / MM, text);
		}
		g_string_append(line, text);
		cp_ts_run r = {
		    .text = text, .len = strlen(text), .color = u->color, .span = u->span};
		g_array_append_val(f->runs, r);
	}
	if (line->len > 0)
		g_array_append_val(f->starts, first);
	g_string_free(line, TRUE);
}

/* The address as units: a leading postal code (〒550-0000) and each part
 * between spaces; parts may wrap when one is longer than a line. */
static size_t address_units(foot *f, const cp_text *address, foot_unit *out, size_t cap)
{
	size_t n = 0;
	const char *p = address->s;
	const char *mark = "〒";
	if (g_str_has_prefix(p, mark)) {
		const char *q = p + strlen(mark);
		while (*q == ' ')
			q++;
		while (g_ascii_isdigit(*q) || *q == '-')
			q++;
		out[n++] = (foot_unit){keep_str(f, g_strndup(p, (gsize)(q - p))), NULL,
		                       address->span, false};
		p = q;
	}
	while (*p != '\0' && n < cap) {
		while (*p == ' ' || g_str_has_prefix(p, "　"))
			p += *p == ' ' ? 1 : strlen("　");
		if (*p == '\0')
			break;
		const char *q = p;
		while (*q != '\0' && *q != ' ' && !g_str_has_prefix(q, "　"))
			q = g_utf8_next_char(q);
		/* the last unit takes the rest when the cap is reached */
		if (n + 1 == cap)
			q = p + strlen(p);
		out[n++] = (foot_unit){keep_str(f, g_strndup(p, (gsize)(q - p))), NULL,
		                       address->span, true};
		p = q;
	}
	return n;
}

/* The foot's runs [a, b) set at measure w, their notations read (a
 * referral may give a name's reading: 紹介：{東海林|しょうじ} 誠); report:
 * a malformed one is reported (once). */
static cp_ts_para *foot_line(cp_compose *c, const foot *f, guint a, guint b, double w, bool report)
{
	g_autoptr(cp_arena) ar = cp_arena_new();
	GArray *all = g_array_new(FALSE, FALSE, sizeof(cp_ts_run));
	for (guint i = a; i < b; i++) {
		cp_ts_run *r = NULL;
		size_t k =
		    cp_compose_runs(c, ar, &g_array_index(f->runs, cp_ts_run, i), report, &r);
		g_array_append_vals(all, r, (guint)k);
	}
	cp_ts_para *p =
	    cp_ts_set(c->ts, f->style, (const cp_ts_run *)(void *)all->data, all->len, w, c->d);
	g_array_unref(all);
	return p;
}

/* Builds the foot of mb's card at measure w: each contact item on lines of
 * its own, then the referral and the tags packed together. */
static foot foot_build(cp_compose *c, const cp_member *mb, double w, bool report)
{
	foot f = {g_array_new(FALSE, FALSE, sizeof(cp_ts_run)),
	          g_array_new(FALSE, FALSE, sizeof(guint)), g_ptr_array_new_with_free_func(g_free),
	          &c->styles[CP_STYLE_CARD_CONTACT], 0};
	foot_unit units[32];
	if (mb->address.s != NULL) {
		size_t n = address_units(&f, &mb->address, units, G_N_ELEMENTS(units));
		foot_pack(c, &f, units, n, " ", w, report);
	}
	if (mb->tel.s != NULL) {
		units[0] = (foot_unit){keep_str(&f, g_strconcat("TEL ", mb->tel.s, NULL)), NULL,
		                       mb->tel.span, false};
		foot_pack(c, &f, units, 1, "", w, report);
	}
	const cp_text *single[] = {&mb->url, &mb->email};
	for (size_t i = 0; i < G_N_ELEMENTS(single); i++) {
		if (single[i]->s == NULL)
			continue;
		units[0] = (foot_unit){single[i]->s, NULL, single[i]->span, false};
		foot_pack(c, &f, units, 1, "", w, report);
	}
	GArray *tail = g_array_new(FALSE, FALSE, sizeof(foot_unit));
	if (mb->referred_by.s != NULL) {
		foot_unit u = {keep_str(&f, g_strconcat("紹介：", mb->referred_by.s, NULL)), NULL,
		               mb->referred_by.span, false};
		g_array_append_val(tail, u);
	}
	for (size_t i = 0; i < mb->n_tags; i++) {
		foot_unit u = {keep_str(&f, g_strconcat("#", mb->tags[i].s, NULL)),
		               &c->layout->accent, mb->tags[i].span, false};
		g_array_append_val(tail, u);
	}
	foot_pack(c, &f, (const foot_unit *)(void *)tail->data, tail->len, "　", w, report);
	g_array_unref(tail);
	guint end = f.runs->len;
	g_array_append_val(f.starts, end);

	size_t lines = 0;
	for (guint i = 0; i + 1 < f.starts->len; i++) {
		guint a = g_array_index(f.starts, guint, i);
		guint b = g_array_index(f.starts, guint, i + 1);
		g_autoptr(cp_ts_para) p = foot_line(c, &f, a, b, w, false);
		lines += p->n_lines;
	}
	f.height = cp_compose_block_height(f.style, lines);
	return f;
}

/* Places the foot's lines from top down. */
static void foot_place(cp_compose *c, cp_dl_page *page, const foot *f, double x, double top,
                       double w)
{
	for (guint i = 0; i + 1 < f->starts->len; i++) {
		guint a = g_array_index(f->starts, guint, i);
		guint b = g_array_index(f->starts, guint, i + 1);
		g_autoptr(cp_ts_para) p = foot_line(c, f, a, b, w, true);
		double base = cp_compose_em_base(c, f->style);
		for (size_t k = 0; k < p->n_lines; k++) {
			cp_compose_emit_line(c, page, &p->lines[k], x, top + base);
			top += f->style->pitch;
		}
	}
}

/* --- the body ---------------------------------------------------------------------- */

/* The number of lines in a block of height h (cp_compose_block_height's inverse). */
static size_t block_lines(const cp_ts_style *style, double h)
{
	if (h <= 0)
		return 0;
	return (size_t)lround((h - style->size) / style->pitch) + 1;
}

/* How the card's body text fitted: lines set and lines cut, per field. */
typedef struct body_fit {
	size_t intro_lines, intro_over;
	size_t recent_lines, recent_over;
} body_fit;

/* The introduction paragraphs, then recent activity, set from `across`
 * on up to text_end (across) in style ts, w along (page NULL: measured
 * only). */
static body_fit put_body(cp_compose *c, cp_dl_page *page, const card_axes *ax, const cp_member *mb,
                         const cp_ts_style *ts, double y, double iw, double text_bottom)
{
	body_fit fit = {0};
	for (size_t i = 0; i < mb->n_intro; i++) {
		if (i)
			y += ts->pitch - ts->size;
		cp_ts_run run = {.text = mb->intro[i].s,
		                 .len = strlen(mb->intro[i].s),
		                 .span = mb->intro[i].span};
		size_t cut = 0;
		double h = put_runs(c, page, ax, ts, &run, 1, 0, y, iw, text_bottom, &cut);
		y += h;
		fit.intro_lines += block_lines(ts, h);
		fit.intro_over += cut;
	}
	if (mb->recent.s == NULL)
		return fit;
	y += ts->pitch - ts->size + cp_compose_len(c, c->layout->card.before_recent);
	const cp_ts_style *ls = &c->styles[CP_STYLE_CARD_LABEL];
	cp_ts_run runs[2] = {
	    {.text = "近況　",
	     .len = strlen("近況　"),
	     .family = ls->family,
	     .weight = ls->weight,
	     .color = &ls->color,
	     .span = mb->recent.span},
	    {.text = mb->recent.s, .len = strlen(mb->recent.s), .span = mb->recent.span},
	};
	cp_ts_style rs = *ts;
	rs.indent = 0;
	double h = put_runs(c, page, ax, &rs, runs, 2, 0, y, iw, text_bottom, &fit.recent_over);
	fit.recent_lines = block_lines(&rs, h);
	return fit;
}

/* The card text style at size_pt, its pitch in proportion to the layout's;
 * the introduction's first-line indent is 1 zw. */
static cp_ts_style body_style(const cp_compose *c, double size_pt)
{
	cp_ts_style ts = c->styles[CP_STYLE_CARD_TEXT];
	double ratio = size_pt / ts.size;
	ts.pitch *= ratio;
	ts.size = size_pt;
	ts.indent = size_pt;
	return ts;
}

/* How many characters must go from the end of mb's introduction and recent
 * activity so that the body fits from y to text_bottom: the least k, found
 * by bisection (a body of nothing always fits). */
static size_t chars_too_long(cp_compose *c, const card_axes *ax, const cp_member *mb,
                             const cp_ts_style *ts, double y, double iw, double text_bottom)
{
	size_t nf = mb->n_intro + (mb->recent.s != NULL);
	g_autofree glong *len = g_new0(glong, nf);
	size_t total = 0;
	for (size_t i = 0; i < nf; i++) {
		const char *s = i < mb->n_intro ? mb->intro[i].s : mb->recent.s;
		len[i] = g_utf8_strlen(s, -1);
		total += (size_t)len[i];
	}
	cp_member cut = *mb;
	g_autofree cp_text *intro = g_new0(cp_text, mb->n_intro);
	size_t lo = 1, hi = total;
	while (lo < hi) {
		size_t k = (lo + hi) / 2;
		/* the fields with the last k characters taken off */
		GPtrArray *keep = g_ptr_array_new_with_free_func(g_free);
		size_t left = k;
		cut.recent = mb->recent;
		memcpy(intro, mb->intro, mb->n_intro * sizeof *intro);
		for (size_t j = nf; j-- > 0;) {
			cp_text *t = j < mb->n_intro ? &intro[j] : &cut.recent;
			size_t take = MIN(left, (size_t)len[j]);
			const char *end = g_utf8_offset_to_pointer(t->s, len[j] - (glong)take);
			char *s = g_strndup(t->s, (gsize)(end - t->s));
			g_ptr_array_add(keep, s);
			t->s = s;
			left -= take;
		}
		cut.intro = intro;
		body_fit f = put_body(c, NULL, ax, &cut, ts, y, iw, text_bottom);
		g_ptr_array_unref(keep);
		if (f.intro_over + f.recent_over == 0)
			hi = k;
		else
			lo = k + 1;
	}
	return lo;
}

/* --- one card ------------------------------------------------------------------------ */

/* The header: industry, reading, company, representative and catch copy
 * beside the photo, then the hairline; returns where the body starts
 * (across). Horizontal: lines from the top, the photo at their end (the
 * top right corner). Vertical: lines from the right, the photo at their
 * foot, right-aligned with the card's text. w is the text's measure along. */
static double card_header(cp_compose *c, cp_dl_page *page, const card_axes *ax, const cp_member *mb,
                          double w)
{
	const cp_layout *L = c->layout;
	const cp_layout_card *lc = &L->card;
	double photo_w = cp_unit_to_pt(L->card_photo_width.len, c->g.size);
	double hw = w;
	double photo_end = 0; /* across: the photo's far edge */
	double y = 0;
	bool ruby = readings_ruby(c);
	if (cp_model_image_get(c->m, mb->photo) != NULL) {
		double ph = photo_height(photo_w);
		double al = ax->v ? ph : photo_w; /* the photo along the lines */
		double ac = ax->v ? photo_w : ph;
		if (page != NULL) {
			card_box r = ax_rect(ax, w - al, 0, al, ac);
			cp_compose_image_cover(c, page, mb->photo, r.x, r.y, r.w, r.h);
		}
		hw = w - al - cp_compose_len(c, lc->photo_gap);
		photo_end = ac;
	}
	g_autoptr(cp_arena) a = cp_arena_new();
	y += put_text(c, page, ax, &c->styles[CP_STYLE_CARD_INDUSTRY], mb->industry, 0, y, hw);
	y += cp_compose_len(c, lc->after_industry);
	const cp_ts_style *cs = &c->styles[CP_STYLE_CARD_COMPANY];
	if (!ruby) {
		y += put_text(c, page, ax, &c->styles[CP_STYLE_CARD_KANA], mb->company_kana, 0, y,
		              hw);
		y += cp_compose_len(c, lc->after_kana);
		y += put_text(c, page, ax, cs, mb->company, 0, y, hw);
	} else if (mb->company.s != NULL) {
		/* the reading over the name, in the room the reading's line had */
		GArray *runs = reading_runs(a, &mb->company, &mb->company_kana);
		y += cs->size / 2;
		y += put_runs(c, page, ax, cs, (const cp_ts_run *)(void *)runs->data, runs->len, 0,
		              y, hw, INFINITY, NULL);
		g_array_unref(runs);
	}
	y += cp_compose_len(c, lc->after_company);
	if (mb->representative.s != NULL) {
		const cp_ts_style *ps = &c->styles[CP_STYLE_CARD_PERSON];
		const cp_ts_style *ks = &c->styles[CP_STYLE_CARD_KANA];
		GArray *runs = NULL;
		if (ruby) {
			runs = reading_runs(a, &mb->representative, &mb->representative_kana);
			y += ps->size / 2;
		} else {
			runs = g_array_new(FALSE, FALSE, sizeof(cp_ts_run));
			cp_ts_run name = {.text = mb->representative.s,
			                  .len = strlen(mb->representative.s),
			                  .span = mb->representative.span};
			g_array_append_val(runs, name);
			if (mb->representative_kana.s != NULL) {
				/* the reading follows the name on its line when both
				 * fit, else it takes the next line whole: a reading
				 * broken inside (そうえ|もんたろう) reads as two names */
				cp_ts_style kst = *ks;
				bool fits = cp_compose_text_width(c, ps, mb->representative.s) +
				                cp_compose_text_width(
				                    c, &kst,
				                    cp_arena_printf(a, "　%s",
				                                    mb->representative_kana.s)) <=
				            hw;
				const char *kana = cp_arena_printf(a, fits ? "　%s" : "\n%s",
				                                   mb->representative_kana.s);
				cp_ts_run r = {.text = kana,
				               .len = strlen(kana),
				               .size = ks->size,
				               .color = &ks->color,
				               .family = ks->family,
				               .span = mb->representative_kana.span};
				g_array_append_val(runs, r);
			}
		}
		y += put_runs(c, page, ax, ps, (const cp_ts_run *)(void *)runs->data, runs->len, 0,
		              y, hw, INFINITY, NULL);
		g_array_unref(runs);
	}
	y += cp_compose_len(c, lc->after_person);
	y += put_text(c, page, ax, &c->styles[CP_STYLE_CARD_CATCH], mb->catch_copy, 0, y, hw);
	double rule_space = cp_compose_len(c, lc->rule_space);
	y = fmax(y, photo_end) + rule_space;
	if (page != NULL)
		ax_rule(page, ax, y, w, L->card_rule);
	return y + rule_space;
}

/* What setting a card in a box came to. */
typedef struct card_fit {
	body_fit body;
	size_t over;               /* body lines that did not fit */
	bool foot_over;            /* the contact lines alone are taller than the room */
	double foot_h, room;       /* for foot_over's message */
	card_axes ax;              /* where the body went: */
	double y, iw, text_bottom; /* from across y to text_bottom, iw along */
	cp_ts_style ts;            /* in which style */
} card_fit;

/* Vertical cards: the least length of the lines above the contact lines,
 * in characters of the card text (shorter, and the card has no room). */
#define VCARD_MIN_CHARS 8

/* Sets mb's card in box at body text size size_pt; page NULL only
 * measures (and reports nothing).
 *
 * A vertical card (`cards: writing: vertical`) reads right to left: the
 * header's lines at the right (industry, company, representative, catch
 * copy; the photo at their foot), a hairline, the introduction and recent
 * activity in lines to the left. Its contact lines stay horizontal across
 * the card's foot, as the data box of a vertical magazine page has them:
 * addresses, telephone numbers, web and e-mail addresses read and are
 * typed from left to right, and a QR code sits beside them. */
static card_fit card_set(cp_compose *c, cp_dl_page *page, const cp_member *mb, card_box box,
                         double size_pt)
{
	const cp_layout *L = c->layout;
	double pad = cp_unit_to_pt(L->card_padding.len, c->g.size);
	bool v = cards_vertical(c);
	card_fit fit = {0};
	double iw = box.w - 2 * pad; /* the inner box */
	double ih = box.h - 2 * pad;
	fit.ts = body_style(c, size_pt);
	if (page != NULL) {
		cp_compose_rect(page, box.x, box.y, box.w, box.h, NULL, CARD_FRAME_WIDTH,
		                &L->card_rule);
		cp_compose_outline(c, page, 2, who(mb), box.y);
	}

	/* the layout's `qr`: the address as a QR code in the foot's outer
	 * corner, the contact lines beside it */
	double qr =
	    L->card_qr && mb->url.s != NULL ? cp_unit_to_pt(L->card_qr_size.len, c->g.size) : 0.0;
	double foot_w = qr > 0 ? iw - qr - cp_compose_len(c, L->card.qr_gap) : iw;

	/* the foot, measured first and anchored to the card's bottom */
	foot f = foot_build(c, mb, foot_w, page != NULL);
	double foot_h = fmax(f.height, qr);
	double bottom = box.y + box.h - pad;
	double before_foot = cp_compose_len(c, L->card.before_foot);
	if (v) {
		/* the text's lines end above the foot */
		fit.ax = (card_axes){true, box.x + box.w - pad, box.y + pad};
		double along = ih - foot_h - before_foot;
		/* the header's lines beside the photo need their room too */
		double least = VCARD_MIN_CHARS * fit.ts.size;
		if (cp_model_image_get(c->m, mb->photo) != NULL)
			least += photo_height(cp_unit_to_pt(L->card_photo_width.len, c->g.size)) +
			         cp_compose_len(c, L->card.photo_gap);
		fit.iw = along;
		if (along < least || foot_w <= 0) {
			fit.foot_over = true;
			fit.foot_h = foot_h;
			fit.room = fmax(0.0, ih - before_foot - least);
			fit.iw = fmax(least, along);
		}
		fit.y = card_header(c, page, &fit.ax, mb, fit.iw);
		fit.text_bottom = iw;
	} else {
		fit.ax = (card_axes){false, box.x + pad, box.y + pad};
		fit.iw = iw;
		fit.y = card_header(c, page, &fit.ax, mb, iw);
		double foot_top = ih - foot_h;
		if (foot_top < fit.y || foot_w <= 0) {
			fit.foot_over = true;
			fit.foot_h = foot_h;
			fit.room = fmax(0.0, ih - fit.y);
			foot_top = ih;
		}
		fit.text_bottom = foot_top - before_foot;
	}
	if (!fit.foot_over && page != NULL) {
		foot_place(c, page, &f, box.x + pad, bottom - f.height, foot_w);
		if (qr > 0)
			cp_compose_qr(c, page, mb->url.s, box.x + pad + iw - qr, bottom - qr, qr,
			              mb->url.span);
	}
	foot_clear(&f);
	fit.body = put_body(c, page, &fit.ax, mb, &fit.ts, fit.y, fit.iw, fit.text_bottom);
	fit.over = fit.body.intro_over + fit.body.recent_over;
	return fit;
}

/* Measures only. The typesetter reports a missing glyph once however
 * often a card is measured; compose's own warnings wait for the placing. */
static card_fit card_measure(cp_compose *c, const cp_member *mb, card_box box, double size_pt)
{
	return card_set(c, NULL, mb, box, size_pt);
}

static bool card_fits(const card_fit *f)
{
	return f->over == 0 && !f->foot_over;
}

/* The contact lines taller than the room under the header. */
static void report_foot(cp_compose *c, const cp_member *mb, const card_fit *f)
{
	bool warn = c->layout->card_overflow == CP_OVERFLOW_WARN;
	cp_span span = mb->address.s != NULL ? mb->address.span : mb->span;
	cp_diag_add(c->d, warn ? CP_DIAG_OVERFLOW_WARN : CP_DIAG_OVERFLOW, span,
	            "shorten the contact details",
	            "the card of '%s' overflows: its contact lines are %.0fmm high and "
	            "the card has %.0fmm under its header",
	            who(mb), f->foot_h / MM, f->room / MM);
}

/* Body text that did not fit: the blame goes to the longer field, as
 * shortening it helps most (an introduction too long pushes a short
 * recent-activity line out). chars > 0: how many characters too long. */
static void report_body(cp_compose *c, const cp_member *mb, const card_fit *f, double min_size_pt,
                        size_t chars)
{
	const body_fit *b = &f->body;
	bool intro = mb->recent.s == NULL ||
	             b->intro_lines + b->intro_over >= b->recent_lines + b->recent_over;
	const cp_text *field = intro ? &mb->intro[0] : &mb->recent;
	const char *key = intro ? "intro" : "recent";
	if (chars > 0) {
		cp_diag_add(c->d, CP_DIAG_OVERFLOW, field->span,
		            "shorten the introduction or recent activity",
		            "the card of '%s' does not fit even a whole page: its text is %zu "
		            "character(s) too long (shorten '%s')",
		            who(mb), chars, key);
	} else if (c->layout->card_overflow == CP_OVERFLOW_WARN) {
		cp_diag_add(c->d, CP_DIAG_OVERFLOW_WARN, field->span,
		            "the lines that do not fit are left out of the card",
		            "the card of '%s' overflows: '%s' needs %zu more line(s) than the "
		            "card has",
		            who(mb), key, f->over);
	} else if (min_size_pt > 0) {
		/* shrink reached the layout's minimum and still does not fit */
		char qbuf[G_ASCII_DTOSTR_BUF_SIZE];
		cp_diag_add(c->d, CP_DIAG_OVERFLOW, field->span,
		            "shorten the text, or lower cards.min_size in the layout",
		            "the card of '%s' overflows even at %sQ: '%s' needs %zu more line(s) "
		            "than the card has",
		            who(mb), q_text(qbuf, min_size_pt), key, f->over);
	} else {
		cp_diag_add(c->d, CP_DIAG_OVERFLOW, field->span,
		            "shorten the text or choose a layout with larger cards",
		            "the card of '%s' overflows: '%s' needs %zu more line(s) than the "
		            "card has",
		            who(mb), key, f->over);
	}
}

/* Under `overflow: shrink`, the largest body size in 0.5Q steps down to
 * cards.min_size at which mb's card fits box (min_size when none does). */
static double shrink_size(cp_compose *c, const cp_member *mb, card_box box)
{
	double size = c->styles[CP_STYLE_CARD_TEXT].size;
	double min_size = fmin(cp_unit_to_pt(c->layout->card_min_size.len, c->g.size), size);
	card_fit f = card_measure(c, mb, box, size);
	while (f.over > 0 && size - Q_STEP >= min_size - 0.001) {
		size -= Q_STEP;
		f = card_measure(c, mb, box, size);
	}
	return size;
}

/* Composes mb's card into box and reports what did not fit. */
static void compose_card(cp_compose *c, cp_dl_page *page, const cp_member *mb, card_box box)
{
	double size = c->styles[CP_STYLE_CARD_TEXT].size;
	double min_size = 0;
	if (c->layout->card_overflow == CP_OVERFLOW_SHRINK) {
		min_size = fmin(cp_unit_to_pt(c->layout->card_min_size.len, c->g.size), size);
		size = shrink_size(c, mb, box);
	}
	card_fit f = card_set(c, page, mb, box, size);
	if (f.foot_over)
		report_foot(c, mb, &f);
	if (f.over > 0) {
		size_t chars = c->layout->card_overflow == CP_OVERFLOW_FIT
		                   ? chars_too_long(c, &f.ax, mb, &f.ts, f.y, f.iw, f.text_bottom)
		                   : 0;
		report_body(c, mb, &f, min_size, chars);
	} else if (size < c->styles[CP_STYLE_CARD_TEXT].size - 0.001) {
		char now[G_ASCII_DTOSTR_BUF_SIZE];
		char was[G_ASCII_DTOSTR_BUF_SIZE];
		cp_diag_add(c->d, CP_DIAG_CARD_SHRUNK, mb->intro[0].span, NULL,
		            "the text of the card of '%s' is set at %sQ instead of %sQ to fit",
		            who(mb), q_text(now, size),
		            q_text(was, c->styles[CP_STYLE_CARD_TEXT].size));
	}
}

/* --- the grid and packing -------------------------------------------------------------- */

/* The directory's grid: cols x rows cells of cw x ch a page. */
typedef struct card_grid {
	int cols, rows;
	double cw, ch, gap;
	bool tall; /* a two-cell card takes the cell below (else beside) */
} card_grid;

/* Where one card goes: on directory page `page` (0-based), cells
 * [col, col + w) x [row, row + h). */
typedef struct card_place {
	size_t member; /* index in the part */
	size_t page;
	int col, row, w, h;
	int need; /* cells its text needs: 1, 2 or a page */
} card_place;

static card_box cell_box(const cp_compose *c, const card_grid *g, size_t pi, int col, int row,
                         int w, int h)
{
	/* vertical cards read right to left: the first column is the right */
	if (cards_vertical(c))
		col = g->cols - col - w;
	return (card_box){cp_compose_area_x(c, pi) + col * (g->cw + g->gap),
	                  c->g.area_top + row * (g->ch + g->gap), w * g->cw + (w - 1) * g->gap,
	                  h * g->ch + (h - 1) * g->gap};
}

/* The shape of a card of n cells: 1 x 1, the cell below (or beside), or
 * the whole page. */
static void shape_of(const card_grid *g, int n, int *w, int *h)
{
	*w = *h = 1;
	if (n >= g->cols * g->rows) {
		*w = g->cols;
		*h = g->rows;
	} else if (n == 2) {
		*w = g->tall ? 1 : 2;
		*h = g->tall ? 2 : 1;
	}
}

/* Cells mb's text needs under `overflow: fit`: 1, 2 or the page's (a
 * text too long even for a page also gets the page and its error). */
static int cells_needed(cp_compose *c, const card_grid *g, const cp_member *mb)
{
	int page = g->cols * g->rows;
	double size = c->styles[CP_STYLE_CARD_TEXT].size;
	int sizes[2] = {1, 2};
	for (int i = 0; i < 2 && sizes[i] < page; i++) {
		int w, h;
		shape_of(g, sizes[i], &w, &h);
		card_fit f = card_measure(c, mb, cell_box(c, g, 0, 0, 0, w, h), size);
		if (card_fits(&f))
			return sizes[i];
	}
	return page;
}

static bool cells_free(const card_grid *g, const int *cell, int col, int row, int w, int h)
{
	if (col + w > g->cols || row + h > g->rows)
		return false;
	for (int r = row; r < row + h; r++)
		for (int k = col; k < col + w; k++)
			if (cell[r * g->cols + k] >= 0)
				return false;
	return true;
}

static void cells_take(const card_grid *g, int *cell, const card_place *p, int id)
{
	for (int r = p->row; r < p->row + p->h; r++)
		for (int k = p->col; k < p->col + p->w; k++)
			cell[r * g->cols + k] = id;
}

/* Fills the free cells of a page that is not the directory's last by
 * growing a neighbour over them: the card above down into the free row
 * (when it spans exactly the columns that are free), else the card to the
 * left rightwards. Free cells come last in reading order (every cell was
 * offered to every card left), so one of the two always applies. */
static void grow_into_free(const card_grid *g, int *cell, card_place *places)
{
	bool changed = true;
	while (changed) {
		changed = false;
		for (int i = 0; i < g->cols * g->rows; i++) {
			if (cell[i] >= 0)
				continue;
			int row = i / g->cols, col = i % g->cols;
			int above = row > 0 ? cell[i - g->cols] : -1;
			int left = col > 0 ? cell[i - 1] : -1;
			card_place *p = NULL;
			if (above >= 0 && places[above].row + places[above].h == row &&
			    cells_free(g, cell, places[above].col, row, places[above].w, 1)) {
				p = &places[above];
				p->h++;
			} else if (left >= 0 && places[left].col + places[left].w == col &&
			           cells_free(g, cell, col, places[left].row, 1, places[left].h)) {
				p = &places[left];
				p->w++;
			}
			if (p != NULL) {
				cells_take(g, cell, p, (int)(p - places));
				changed = true;
			}
		}
	}
}

/* Packs the cards onto pages, the cells of each page filled in reading
 * order: each free cell takes the first member in reading order whose card
 * fits there, so a card that needs two cells and meets a cell in the
 * bottom row waits for the next top row while the cards after it move up.
 * A page that no waiting card can fill grows its cards over the free cells
 * (only the directory's last page keeps empty cells). Depends only on the
 * members' order and what their texts need: the same issue packs the same
 * way every build. Returns the number of directory pages. */
static size_t pack_cards(const card_grid *g, card_place *places, size_t n)
{
	int ncell = g->cols * g->rows;
	g_autofree int *cell = g_new(int, ncell);
	g_autofree bool *done = g_new0(bool, n);
	size_t first = 0; /* the first member not yet placed */
	size_t pages = 0;
	while (first < n) {
		for (int i = 0; i < ncell; i++)
			cell[i] = -1;
		for (int i = 0; i < ncell && first < n; i++) {
			if (cell[i] >= 0)
				continue;
			int row = i / g->cols, col = i % g->cols;
			for (size_t j = first; j < n; j++) {
				int w, h;
				if (done[j])
					continue;
				shape_of(g, places[j].need, &w, &h);
				if (!cells_free(g, cell, col, row, w, h))
					continue;
				places[j].page = pages;
				places[j].col = col;
				places[j].row = row;
				places[j].w = w;
				places[j].h = h;
				cells_take(g, cell, &places[j], (int)j);
				done[j] = true;
				break;
			}
			while (first < n && done[first])
				first++;
		}
		if (first < n)
			grow_into_free(g, cell, places);
		pages++;
	}
	return pages;
}

/* --- the index page ------------------------------------------------------------------ */

/* One entry of the index: the company (wrapping in its column, never cut),
 * the page number at the column's end, the industry under it. */
typedef struct index_entry {
	cp_ts_para *company;
	cp_ts_para *industry;
	int lines;
} index_entry;

static double index_name_measure(const cp_compose *c)
{
	return c->g.measure - INDEX_NUMBER_CHARS * c->g.size;
}

static void index_entry_set(cp_compose *c, const cp_member *mb, index_entry *e)
{
	const char *name = mb->company.s != NULL ? mb->company.s : mb->file;
	/* a name that wraps breaks between its phrases (大阪|南支店, never
	 * 大|阪南支店), as the cards' own company lines do */
	cp_ts_style ns = c->styles[CP_STYLE_CARD_PERSON];
	ns.phrase = true;
	cp_ts_style is = c->styles[CP_STYLE_CARD_KANA];
	is.phrase = true;
	e->company = cp_compose_set_text(c, &ns, name, mb->company.span, index_name_measure(c));
	e->industry = mb->industry.s != NULL
	                  ? cp_compose_set_text(c, &is, mb->industry.s, mb->industry.span,
	                                        index_name_measure(c))
	                  : NULL;
	e->lines = (int)MAX(e->company->n_lines, 1) +
	           (e->industry != NULL ? (int)e->industry->n_lines : 0);
}

/* Where each entry goes: page, column and first grid line, flowing down
 * the columns; an entry is never split between columns. Returns the
 * number of index pages. */
static size_t index_flow(const cp_compose *c, const index_entry *e, size_t n, size_t *page,
                         int *col, int *line)
{
	int lines = c->g.lines;
	size_t p = 0;
	int k = 0;
	int y = INDEX_HEADER_LINES;
	for (size_t i = 0; i < n; i++) {
		int need = MIN(e[i].lines, lines - INDEX_HEADER_LINES);
		if (y + need > lines) {
			if (++k == c->g.columns) {
				k = 0;
				p++;
			}
			y = INDEX_HEADER_LINES;
		}
		page[i] = p;
		col[i] = k;
		line[i] = y;
		y += need;
	}
	return n > 0 ? p + 1 : 0;
}

static void index_header(cp_compose *c, cp_dl_page *page, size_t pi, const cp_part *part,
                         const char *title)
{
	double x = cp_compose_area_x(c, pi);
	const cp_ts_style *ss = &c->styles[CP_STYLE_SECTION];
	cp_compose_outline(c, page, 1, title, cp_compose_grid_top(c, 0));
	cp_compose_section_bar(c, page, x);
	g_autoptr(cp_ts_para) tp = cp_compose_set_text(c, ss, title, part->span, c->g.area_w);
	cp_compose_emit_para(c, page, tp, x, cp_compose_grid_baseline(c, 2));
	g_autofree char *about =
	    g_strdup_printf("%zuの会員事業者を、よみがなの順にご紹介します。", part->count);
	g_autoptr(cp_ts_para) ap =
	    cp_compose_set_text(c, &c->styles[CP_STYLE_TOC_AUTHOR], about, part->span, c->g.area_w);
	cp_compose_emit_para(c, page, ap, x, cp_compose_grid_baseline(c, 4));
	double ry = cp_compose_grid_top(c, 5) + c->g.size / 2;
	cp_compose_rule(page, x, ry, x + c->g.area_w, ry, INDEX_RULE_WIDTH, c->layout->card_rule);
}

/* The index pages; card_page[i] is the (0-based) page of member i's card. */
static void compose_index(cp_compose *c, const cp_part *part, const char *title, index_entry *e,
                          size_t n_pages, const size_t *page_of, const int *col_of,
                          const int *line_of, const size_t *card_page)
{
	size_t first = cp_compose_page_count(c);
	for (size_t p = 0; p < n_pages; p++) {
		cp_dl_page *page = cp_compose_page_add(c, CP_PAGE_MEMBERS, title);
		if (p == 0)
			index_header(c, page, first, part, title);
	}
	const cp_ts_style *es = &c->styles[CP_STYLE_CARD_PERSON];
	cp_ts_style ns = *es;
	ns.color = c->layout->accent;
	ns.align = CP_TS_END;
	for (size_t i = 0; i < part->count; i++) {
		size_t pi = first + page_of[i];
		cp_dl_page *page = cp_compose_page(c, pi);
		double cx = cp_compose_column_x(c, pi, col_of[i]);
		int line = line_of[i];
		int last = c->g.lines;
		g_autofree char *num = g_strdup_printf("%zu", card_page[i] + 1);
		g_autoptr(cp_ts_para) np =
		    cp_compose_set_text(c, &ns, num, part->span, c->g.measure);
		cp_compose_emit_para(c, page, np, cx, cp_compose_grid_baseline(c, line));
		for (size_t k = 0; k < e[i].company->n_lines && line < last; k++, line++)
			cp_compose_emit_line(c, page, &e[i].company->lines[k], cx,
			                     cp_compose_grid_baseline(c, line));
		for (size_t k = 0;
		     e[i].industry != NULL && k < e[i].industry->n_lines && line < last;
		     k++, line++)
			cp_compose_emit_line(c, page, &e[i].industry->lines[k], cx,
			                     cp_compose_grid_baseline(c, line));
	}
}

/* The CARD_SPANS note for a card of more than one cell: its text needs
 * them, or it grew over cells no later card fitted. */
static void note_spans(cp_compose *c, const cp_member *mb, int cells, bool page, bool needed)
{
	if (page && needed)
		cp_diag_add(c->d, CP_DIAG_CARD_SPANS, mb->span, NULL,
		            "the card of '%s' takes a whole page: its text does not fit two cells",
		            who(mb));
	else if (page)
		cp_diag_add(c->d, CP_DIAG_CARD_SPANS, mb->span, NULL,
		            "the card of '%s' takes a whole page: no later card fits beside it",
		            who(mb));
	else if (needed)
		cp_diag_add(c->d, CP_DIAG_CARD_SPANS, mb->span, NULL,
		            "the card of '%s' takes %d cells: its text does not fit one", who(mb),
		            cells);
	else
		cp_diag_add(c->d, CP_DIAG_CARD_SPANS, mb->span, NULL,
		            "the card of '%s' takes %d cells: no later card fits the cell it fills",
		            who(mb), cells);
}

/* --- the directory's jobs (par.c) ----------------------------------------------------- */

/* The cells a card needs (cells_needed). */
typedef struct need_job {
	card_grid g;
	const cp_member *mb;
	int need;
} need_job;

static void need_run(cp_compose *c, cp_par_job *job)
{
	need_job *nj = cp_par_data(job);
	nj->need = cells_needed(c, &nj->g, nj->mb);
}

static void index_entry_clear(index_entry *e)
{
	g_clear_pointer(&e->company, cp_ts_para_free);
	g_clear_pointer(&e->industry, cp_ts_para_free);
}

/* A member's index entry (index_entry_set). */
typedef struct entry_job {
	const cp_member *mb;
	index_entry e;
} entry_job;

static void entry_run(cp_compose *c, cp_par_job *job)
{
	entry_job *ej = cp_par_data(job);
	index_entry_clear(&ej->e);
	index_entry_set(c, ej->mb, &ej->e);
}

static void entry_job_free(gpointer p)
{
	entry_job *ej = p;
	index_entry_clear(&ej->e);
	g_free(ej);
}

/* A card drawn in its box (compose_card). */
typedef struct card_job {
	const cp_member *mb;
	card_box box;
} card_job;

static void card_run(cp_compose *c, cp_par_job *job)
{
	card_job *cj = cp_par_data(job);
	compose_card(c, cp_par_page(job), cj->mb, cj->box);
}

/* --- the directory --------------------------------------------------------------------- */

void cp_compose_members(cp_compose *c, const cp_part *part)
{
	const cp_layout *L = c->layout;
	const char *title = part->title.s != NULL ? part->title.s : "メンバー紹介";
	if (part->count == 0)
		return;
	card_grid g = {0};
	g.cols = L->card_columns > 0 ? L->card_columns : 2;
	g.rows = L->card_rows > 0 ? L->card_rows : 2;
	g.gap = cp_unit_to_pt(L->card_gap.len, c->g.size);
	g.cw = (c->g.area_w - (g.cols - 1) * g.gap) / g.cols;
	g.ch = (c->g.area_h - (g.rows - 1) * g.gap) / g.rows;
	/* a card of two cells takes the one below, or in a single row the one
	 * beside; a vertical card the one beside when there is a column to
	 * spare, so that its lines stay as long as a cell's */
	g.tall = g.rows >= 2 && !(cards_vertical(c) && g.cols >= 2);
	const cp_member *members = &c->m->members[part->index];
	size_t n = part->count;

	/* 1. what each card needs, and where it goes; each card's fitting
	 * and index entry are independent jobs (par.c), taken in order */
	g_autofree card_place *places = g_new0(card_place, n);
	g_autofree cp_par_job **needs = g_new0(cp_par_job *, n);
	g_autofree cp_par_job **entry_jobs = g_new0(cp_par_job *, n);
	for (size_t i = 0; i < n && L->card_overflow == CP_OVERFLOW_FIT; i++) {
		need_job *nj = g_new0(need_job, 1);
		nj->g = g;
		nj->mb = &members[i];
		needs[i] = cp_par_submit(c, need_run, nj, g_free, false);
	}
	for (size_t i = 0; i < n; i++) {
		entry_job *ej = g_new0(entry_job, 1);
		ej->mb = &members[i];
		entry_jobs[i] = cp_par_submit(c, entry_run, ej, entry_job_free, false);
	}
	for (size_t i = 0; i < n; i++) {
		places[i].member = i;
		places[i].need = 1;
		if (needs[i] != NULL) {
			cp_par_take(c, needs[i], NULL);
			places[i].need = ((need_job *)cp_par_data(needs[i]))->need;
		}
	}
	size_t card_pages = pack_cards(&g, places, n);

	/* 2. the index, now that every card's page is known */
	g_autofree index_entry *entries = g_new0(index_entry, n);
	g_autofree size_t *page_of = g_new0(size_t, n);
	g_autofree int *col_of = g_new0(int, n);
	g_autofree int *line_of = g_new0(int, n);
	g_autofree size_t *card_page = g_new0(size_t, n);
	for (size_t i = 0; i < n; i++) {
		cp_par_take(c, entry_jobs[i], NULL);
		entry_job *ej = cp_par_data(entry_jobs[i]);
		entries[i] = ej->e;
		ej->e = (index_entry){0};
	}
	size_t index_pages = index_flow(c, entries, n, page_of, col_of, line_of);
	size_t first_card_page = cp_compose_page_count(c) + index_pages;
	for (size_t i = 0; i < n; i++)
		card_page[i] = first_card_page + places[i].page;
	/* the cards, drawn by jobs while the index is composed */
	g_autofree cp_par_job **cards = g_new0(cp_par_job *, n);
	for (size_t i = 0; i < n; i++) {
		const card_place *pl = &places[i];
		size_t pi = first_card_page + pl->page;
		card_job *cj = g_new0(card_job, 1);
		cj->mb = &members[i];
		cj->box = cell_box(c, &g, pi, pl->col, pl->row, pl->w, pl->h);
		cards[i] = cp_par_submit(c, card_run, cj, g_free, true);
	}
	compose_index(c, part, title, entries, index_pages, page_of, col_of, line_of, card_page);
	for (size_t i = 0; i < n; i++)
		index_entry_clear(&entries[i]);

	/* 3. the cards, page by page */
	for (size_t p = 0; p < card_pages; p++)
		cp_compose_page_add(c, CP_PAGE_MEMBERS, title);
	for (size_t i = 0; i < n; i++) {
		const card_place *pl = &places[i];
		const cp_member *mb = &members[i];
		size_t pi = first_card_page + pl->page;
		int cells = pl->w * pl->h;
		c->member_page[part->index + i] = pi;
		cp_par_take(c, cards[i], cp_compose_page(c, pi));
		if (cells > 1)
			note_spans(c, mb, cells, cells == g.cols * g.rows, pl->need > 1);
	}
}
