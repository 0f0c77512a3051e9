/* test_typeset.c - unit tests of the typesetting stage (src/typeset/).
 *
 * The tests assert properties of set paragraphs rather than pinned
 * positions: justified lines end at the measure, kinsoku classes of JLReq
 * 3.1.7/3.1.8 never start or end a line, Latin words keep their natural
 * advances, baselines sit on the grid, clusters cover text and glyphs, and
 * font problems give exactly the diagnostics typeset.h promises.
 *
 * They run on the project's private font configuration (fonts/fonts.conf
 * under CP_SOURCE_DIR) with FONTCONFIG_FILE unset or pointing elsewhere: the
 * typesetter must not care. All sample text is our own prose. */
#include "typeset/typeset.h"

#include <math.h>
#include <string.h>

#include "ts_fixture.h"

#define GOTHIC "Noto Sans CJK JP"
#define EPS 0.01

/* ---- helpers --------------------------------------------------------- */

static cp_ts_para *set_text(cp_typesetter *ts, const cp_ts_style *st, const char *text,
                            double measure, cp_diags *d)
{
	cp_ts_run run = {.text = text, .len = strlen(text), .span = cp_span_at(1, 2, 3)};
	return cp_ts_set(ts, st, &run, 1, measure, d);
}

/* Where the last glyph's advance ends, from the measure's start. */
static double line_end(const cp_ts_line *line)
{
	g_assert_cmpuint(line->n_runs, >, 0);
	const cp_ts_glyph_run *r = &line->runs[line->n_runs - 1];
	g_assert_cmpuint(r->n_glyphs, >, 0);
	const cp_ts_glyph *g = &r->glyphs[r->n_glyphs - 1];
	return line->x + r->x + g->x + g->advance;
}

static gunichar first_char(const cp_ts_para *p, const cp_ts_line *line)
{
	return g_utf8_get_char(p->text + line->start);
}

/* The last character of a line that is not white space, or 0. */
static gunichar last_char(const cp_ts_para *p, const cp_ts_line *line)
{
	const char *s = p->text + line->start;
	const char *e = p->text + line->end;
	gunichar last = 0;
	for (; s < e; s = g_utf8_next_char(s)) {
		gunichar ch = g_utf8_get_char(s);
		if (!g_unichar_isspace(ch))
			last = ch;
	}
	return last;
}

/* JLReq line-start prohibited classes, strict: cl-02, cl-04..cl-07,
 * cl-09..cl-11 (JLReq 3.1.7). */
static const char *const no_start =
    "」』）］】〉》〕”’｝〙〗"                      /* cl-02 closing brackets */
    "！？‼⁇"                                        /* cl-04 dividing punctuation */
    "・：；"                                        /* cl-05 middle dots */
    "。．"                                          /* cl-06 full stops */
    "、，"                                          /* cl-07 commas */
    "ヽヾゝゞ々〻"                                  /* cl-09 iteration marks */
    "ー"                                            /* cl-10 prolonged sound mark */
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"; /* cl-11 small kana */

/* JLReq line-end prohibited class: cl-01 opening brackets (JLReq 3.1.8). */
static const char *const no_end = "「『（［【〈《〔“‘";

static bool in_set(const char *set, gunichar ch)
{
	for (const char *s = set; *s; s = g_utf8_next_char(s))
		if (g_utf8_get_char(s) == ch)
			return true;
	return false;
}

/* Where a justified line ends: its last glyph's end, or when that falls
 * short of the measure by a closing mark's half-zw aki, the end of the
 * mark's full-width frame (the aki a line may keep: typeset_int.h). */
static double framed_end(const cp_ts_para *p, const cp_ts_line *line, double measure)
{
	double end = line_end(line);
	const cp_ts_glyph_run *r = &line->runs[line->n_runs - 1];
	if (in_set("」』）］】〉》〕｝〙〗、。，．", last_char(p, line)) &&
	    fabs(end + r->size / 2 - measure) <= EPS)
		return end + r->size / 2;
	return end;
}

/* The properties every paragraph must have, whatever its text. */
static void check_props(const cp_ts_para *p, const cp_ts_style *st, double measure)
{
	guint8 *covered = g_new0(guint8, p->n_text + 1);

	for (size_t i = 0; i < p->n_lines; i++) {
		const cp_ts_line *line = &p->lines[i];

		/* baselines on the grid */
		g_assert_cmpfloat_with_epsilon(line->y, (double)i * st->pitch, 1e-9);
		g_assert_true(line->start <= line->end && line->end <= p->n_text);
		if (i > 0)
			g_assert_cmpuint(line->start, >=, p->lines[i - 1].end);
		g_assert_true(line->last == (i + 1 == p->n_lines && !p->truncated));

		/* kinsoku (a measure of a few characters may force any break) */
		bool kinsoku = measure >= 5 * st->size;
		if (kinsoku && line->end > line->start && i > 0)
			g_assert_false(in_set(no_start, first_char(p, line)));
		if (kinsoku && !line->last && line->end > line->start)
			g_assert_false(in_set(no_end, last_char(p, line)));

		/* clusters cover all text and all glyphs of each run; the run's
		 * text is a slice of the paragraph's text inside the line */
		for (size_t r = 0; r < line->n_runs; r++) {
			const cp_ts_glyph_run *run = &line->runs[r];
			uint32_t nb = 0;
			uint32_t ng = 0;
			for (uint32_t c = 0; c < run->n_clusters; c++) {
				g_assert_true(run->clusters[c].n_bytes > 0 ||
				              run->clusters[c].n_glyphs > 0);
				nb += run->clusters[c].n_bytes;
				ng += run->clusters[c].n_glyphs;
			}
			g_assert_cmpuint(nb, ==, run->n_text);
			g_assert_cmpuint(ng, ==, run->n_glyphs);
			size_t off = (size_t)(run->text - p->text);
			g_assert_cmpuint(off, >=, line->start);
			g_assert_cmpuint(off + run->n_text, <=, line->end);
			for (size_t b = off; b < off + run->n_text; b++) {
				g_assert_cmpuint(covered[b], ==, 0);
				covered[b] = 1;
			}
			g_assert_nonnull(run->font);
			g_assert_true(g_ptr_array_find(p->fonts, run->font, NULL));
		}

		/* justified lines end at the measure; others keep their width */
		if (line->n_runs > 0 && line->x + line->natural <= measure + 0.05) {
			double end = line_end(line);
			if (!line->last && st->align == CP_TS_JUSTIFY &&
			    line->width != line->natural)
				g_assert_cmpfloat_with_epsilon(framed_end(p, line, measure),
				                               measure, EPS);
			g_assert_cmpfloat(end, <=, measure + EPS);
		}
	}

	/* every visible character of the text is shown by exactly one run */
	if (!p->truncated) {
		for (const char *s = p->text; *s; s = g_utf8_next_char(s)) {
			gunichar ch = g_utf8_get_char(s);
			if (!g_unichar_isspace(ch))
				g_assert_cmpuint(covered[s - p->text], ==, 1);
		}
	}
	g_free(covered);
}

static size_t count_code(const cp_diags *d, cp_diag_code code)
{
	size_t n = 0;
	for (size_t i = 0; i < cp_diags_len(d); i++)
		if (cp_diags_get(d, i)->code == code)
			n++;
	return n;
}

static const cp_diag *find_code(const cp_diags *d, cp_diag_code code)
{
	for (size_t i = 0; i < cp_diags_len(d); i++)
		if (cp_diags_get(d, i)->code == code)
			return cp_diags_get(d, i);
	return NULL;
}

/* ---- sample text (our own) ------------------------------------------- */

static const char *const sample_paras[] = {
    "大阪の北区で小さな会社を営む仲間が、毎月第二木曜日の夜に集まって勉強会を開いている。"
    "今年のテーマは「印刷物を自分たちで作る」ことで、冊子の組版から入稿データの確認まで、"
    "実際に手を動かしながら学んできた。参加者は十二名、業種は印刷、写真、税理士、酒屋とさまざまだ"
    "。",
    "会報誌『CAN』の第一号は、PangoとCairoで組んだPDFを印刷所に渡した。"
    "ところが校正刷りを見ると、行末がそろわず、括弧の前後に妙なアキが出ていた。"
    "原因を調べると、ジャスティフィケーションの規則が日本語向けではなかったのだ。",
    "ショップの営業時間は午前十時から午後七時まで（水曜定休）です。"
    "ご予約はウェブサイト https://example.jp/yoyaku からどうぞ。"
    "お問い合わせは、メールでもお電話でも、お気軽にお寄せください。",
    "「ちょっと待って」と彼女は言った。「その見積もり、もう一度だけ確認させてもらえますか？」"
    "ええ、もちろんです――と答えながら、私は電卓をたたき直した……。",
};

/* ---- tests ----------------------------------------------------------- */

static void test_new_bad_conf(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	cp_typesetter *ts = cp_ts_new("/nonexistent/canpress/fonts.conf", d);
	g_assert_null(ts);
	g_assert_cmpuint(count_code(d, CP_DIAG_IO), ==, 1);
	g_assert_true(cp_diags_has_errors(d));
}

static void test_env_ignored(void)
{
	/* A bogus FONTCONFIG_FILE must not matter: we load the file we are given. */
	g_autoptr(cp_diags) d = cp_diags_new();
	g_setenv("FONTCONFIG_FILE", "/nonexistent/fonts.conf", TRUE);
	g_autoptr(cp_typesetter) ts = ts_open(d);
	g_unsetenv("FONTCONFIG_FILE");
	g_assert_true(cp_ts_has_family(ts, MINCHO));
	g_assert_true(cp_ts_has_family(ts, GOTHIC));
	g_assert_true(cp_ts_has_family(ts, "DejaVu Sans"));
	g_assert_true(cp_ts_has_family(ts, "noto serif cjk jp"));
	g_assert_true(cp_ts_has_family(ts, "serif"));
	g_assert_false(cp_ts_has_family(ts, "Comic Sans MS"));
	g_assert_false(cp_ts_has_family(ts, ""));
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
}

static void test_justify_samples(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	st.indent = 9.0;

	/* 20 zw and 25 zw measures, plus a measure that is no whole number of
	 * characters, so every line has slack to spread */
	const double measures[] = {180.0, 225.0, 183.7};
	size_t justified = 0;
	for (size_t m = 0; m < G_N_ELEMENTS(measures); m++) {
		for (size_t i = 0; i < G_N_ELEMENTS(sample_paras); i++) {
			g_autoptr(cp_ts_para) p =
			    set_text(ts, &st, sample_paras[i], measures[m], d);
			g_assert_cmpuint(p->n_lines, >=, 2);
			check_props(p, &st, measures[m]);
			g_assert_cmpfloat_with_epsilon(p->lines[0].x, 9.0, 1e-9);
			for (size_t k = 0; k + 1 < p->n_lines; k++) {
				const cp_ts_line *line = &p->lines[k];
				if (line->x + line->natural > measures[m] + 0.05)
					continue; /* the URL line may be overfull */
				g_assert_cmpfloat_with_epsilon(framed_end(p, line, measures[m]),
				                               measures[m], EPS);
				g_assert_cmpfloat_with_epsilon(line->x + line->width, measures[m],
				                               EPS);
				justified++;
			}
			/* the last line is at natural width */
			const cp_ts_line *last = &p->lines[p->n_lines - 1];
			g_assert_true(last->last);
			g_assert_cmpfloat_with_epsilon(last->width, last->natural, 1e-9);
		}
	}
	g_assert_cmpuint(justified, >, 20);
}

/* Puts each prohibited character right at the break position of a 20 zw
 * measure (and one either side) and checks where the lines break. */
static void test_kinsoku(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	const char *base = "大阪北区小会社仲間毎月集勉強会開今年印刷組版話実際手動学参加者業種様";
	size_t checked = 0;

	for (const char *s = no_start; *s; s = g_utf8_next_char(s)) {
		char x[8] = {0};
		memcpy(x, s, (size_t)(g_utf8_next_char(s) - s));
		for (long k = 18; k <= 21; k++) {
			const char *cut = g_utf8_offset_to_pointer(base, k);
			g_autofree char *head = g_strndup(base, (gsize)(cut - base));
			g_autofree char *text = g_strconcat(head, x, cut, NULL);
			g_autoptr(cp_ts_para) p = set_text(ts, &st, text, 180.0, d);
			g_assert_cmpuint(p->n_lines, >=, 2);
			check_props(p, &st, 180.0);
			checked++;
		}
	}
	for (const char *s = no_end; *s; s = g_utf8_next_char(s)) {
		char x[8] = {0};
		memcpy(x, s, (size_t)(g_utf8_next_char(s) - s));
		for (long k = 18; k <= 21; k++) {
			const char *cut = g_utf8_offset_to_pointer(base, k);
			g_autofree char *head = g_strndup(base, (gsize)(cut - base));
			g_autofree char *text = g_strconcat(head, x, cut, NULL);
			g_autoptr(cp_ts_para) p = set_text(ts, &st, text, 180.0, d);
			check_props(p, &st, 180.0);
			checked++;
		}
	}
	g_assert_cmpuint(checked, >, 200);

	/* A sample where the rule really moves text: 20 kanji then 。 cannot
	 * fit; the 。 must not start line 2, so line 1 holds fewer than 20
	 * characters and is spread to the measure. */
	g_autoptr(cp_ts_para) p =
	    set_text(ts, &st, "一二三四五六七八九十一二三四五六七八九十。次の行", 180.0, d);
	g_assert_cmpuint(p->n_lines, ==, 2);
	g_assert_false(in_set(no_start, first_char(p, &p->lines[1])));
	g_assert_cmpfloat(p->lines[0].natural, <, 180.0 - 1.0);
	g_assert_cmpfloat_with_epsilon(line_end(&p->lines[0]), 180.0, EPS);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
}

/* The glyphs of a text range in a line, in order, with absolute x. */
static size_t glyphs_of(const cp_ts_para *p, const cp_ts_line *line, const char *word, double *xs,
                        double *adv, size_t max)
{
	const char *at = g_strstr_len(p->text + line->start, line->end - line->start, word);
	g_assert_nonnull(at);
	size_t from = (size_t)(at - p->text);
	size_t to = from + strlen(word);
	size_t n = 0;

	for (size_t r = 0; r < line->n_runs; r++) {
		const cp_ts_glyph_run *run = &line->runs[r];
		size_t off = (size_t)(run->text - p->text);
		uint32_t g = 0;
		for (uint32_t c = 0; c < run->n_clusters; c++) {
			for (uint32_t k = 0; k < run->clusters[c].n_glyphs; k++, g++) {
				if (off >= from && off < to && n < max) {
					xs[n] = line->x + run->x + run->glyphs[g].x;
					adv[n] = run->glyphs[g].advance;
					n++;
				}
			}
			off += run->clusters[c].n_bytes;
		}
	}
	return n;
}

static void test_latin_not_spaced(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();

	/* 12 kanji + "Cairo" + 3 kanji fill about 157 pt of 180; the long
	 * word after them cannot follow, so line 1 has some 20 pt of slack. */
	const char *text = "会報誌の組版には今回からCairo版を使用Typesetting"
	                   "の仕組みも少しずつ覚えていきたい。";
	g_autoptr(cp_ts_para) p = set_text(ts, &st, text, 180.0, d);
	check_props(p, &st, 180.0);
	const cp_ts_line *line = &p->lines[0];
	g_assert_false(line->last);
	g_assert_cmpfloat(180.0 - line->natural, >, 5.0);
	g_assert_cmpfloat_with_epsilon(line_end(line), 180.0, EPS);

	/* inside "Cairo": each glyph follows the previous at its advance */
	double xs[8];
	double adv[8];
	size_t n = glyphs_of(p, line, "Cairo", xs, adv, 8);
	g_assert_cmpuint(n, ==, 5);
	for (size_t i = 0; i + 1 < n; i++)
		g_assert_cmpfloat_with_epsilon(xs[i + 1] - xs[i], adv[i], 1e-6);

	/* while the kanji around it were spread apart, after the wa-ou-kan
	 * spaces around "Cairo" took their first share (JLReq 3.8.4) */
	n = glyphs_of(p, line, "会報", xs, adv, 8);
	g_assert_cmpuint(n, ==, 2);
	g_assert_cmpfloat(xs[1] - xs[0], >, adv[0] + 0.1);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
}

static void test_spaces_and_trailing(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	st.family = "DejaVu Sans";

	/* Latin text: lines break at spaces, the trailing space is not drawn,
	 * and the slack goes into the word spaces (not between letters). */
	const char *text = "The members of the network meet once a month to share what they "
	                   "have learned about printing, layout and the web.";
	g_autoptr(cp_ts_para) p = set_text(ts, &st, text, 150.0, d);
	check_props(p, &st, 150.0);
	g_assert_cmpuint(p->n_lines, >=, 3);
	for (size_t i = 0; i + 1 < p->n_lines; i++) {
		const cp_ts_line *line = &p->lines[i];
		const cp_ts_glyph_run *last = &line->runs[line->n_runs - 1];
		g_assert_false(g_ascii_isspace(last->text[last->n_text - 1]));
		g_assert_cmpfloat_with_epsilon(line_end(line), 150.0, EPS);
		/* the line's text ends with the space that was dropped */
		g_assert_true(p->text[line->end - 1] == ' ');
	}
	double xs[16];
	double adv[16];
	size_t n = glyphs_of(p, &p->lines[0], "members", xs, adv, 16);
	g_assert_cmpuint(n, ==, 7);
	for (size_t i = 0; i + 1 < n; i++)
		g_assert_cmpfloat_with_epsilon(xs[i + 1] - xs[i], adv[i], 1e-6);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
}

static void test_grid_and_forced_break(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	st.pitch = 16.25;

	g_autoptr(cp_ts_para) p = set_text(ts, &st, "短い行\n次の行も短い\n終わり", 180.0, d);
	g_assert_cmpuint(p->n_lines, ==, 3);
	check_props(p, &st, 180.0);
	for (size_t i = 0; i < 3; i++) {
		/* a hard break ends a line that is not stretched */
		g_assert_cmpfloat_with_epsilon(p->lines[i].y, 16.25 * (double)i, 1e-12);
		g_assert_cmpfloat_with_epsilon(p->lines[i].width, p->lines[i].natural, 1e-9);
		g_assert_cmpfloat(p->lines[i].ascent, >, 0.0);
		g_assert_cmpfloat(p->lines[i].descent, >, 0.0);
	}
	g_assert_false(p->lines[0].last);
	g_assert_true(p->lines[2].last);
	g_assert_cmpfloat_with_epsilon(p->lines[0].natural, 27.0, 1e-6);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
}

static void test_solid_setting(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	st.align = CP_TS_START;

	/* 9 pt kanji are exactly 9 pt apart: no kerning, no rounding */
	g_autoptr(cp_ts_para) p = set_text(ts, &st, "永遠の春夏秋冬", 500.0, d);
	g_assert_cmpuint(p->n_lines, ==, 1);
	const cp_ts_line *line = &p->lines[0];
	g_assert_cmpuint(line->n_runs, ==, 1);
	const cp_ts_glyph_run *run = &line->runs[0];
	g_assert_cmpuint(run->n_glyphs, ==, 7);
	g_assert_cmpfloat(run->size, ==, 9.0);
	for (uint32_t i = 0; i < run->n_glyphs; i++) {
		g_assert_cmpfloat(run->glyphs[i].advance, ==, 9.0);
		g_assert_cmpfloat(run->glyphs[i].x, ==, 9.0 * i);
		g_assert_cmpfloat(run->glyphs[i].y, ==, 0.0);
	}
	g_assert_cmpfloat(line->natural, ==, 63.0);

	/* kana pairs Noto kerns (ねえ, で、, す。; docs/pango-notes.md section 0)
	 * stay 1 zw each; a
	 * final comma or stop is its half-width box (JLReq 3.1.6: no aki
	 * after it at a line end), and a comma inside keeps its half aki */
	g_assert_cmpfloat(cp_ts_text_width(ts, &st, "ねえ", d), ==, 18.0);
	g_assert_cmpfloat(cp_ts_text_width(ts, &st, "で、", d), ==, 13.5);
	g_assert_cmpfloat(cp_ts_text_width(ts, &st, "です。", d), ==, 22.5);
	g_assert_cmpfloat(cp_ts_text_width(ts, &st, "で、す", d), ==, 27.0);
	/* a 13Q size (9.2125 pt) is not rounded to whole points either */
	st.size = 9.2125;
	g_assert_cmpfloat_with_epsilon(cp_ts_text_width(ts, &st, "春夏秋冬", d), 4 * 9.2125, 0.002);
	g_assert_cmpfloat(cp_ts_text_width(ts, &st, "", d), ==, 0.0);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
}

static void test_fallback_once(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	/* Armenian letters: DejaVu has them, the CJK fonts do not */
	const char *text = "アルメニア文字のԱとԲを並べた。";
	cp_ts_run run = {.text = text, .len = strlen(text), .span = cp_span_at(1, 7, 11)};

	/* compose may set the same paragraph twice (e.g. to fit a frame) */
	for (int k = 0; k < 2; k++) {
		g_autoptr(cp_ts_para) p = cp_ts_set(ts, &st, &run, 1, 180.0, d);
		check_props(p, &st, 180.0);
		/* the fallback glyphs are in a run of their own font */
		g_assert_cmpuint(p->fonts->len, ==, 2);
	}
	g_assert_cmpuint(count_code(d, CP_DIAG_FONT_FALLBACK), ==, 1);
	const cp_diag *w = find_code(d, CP_DIAG_FONT_FALLBACK);
	g_assert_cmpint(w->sev, ==, CP_WARNING);
	g_assert_cmpuint(w->span.file, ==, 1);
	g_assert_cmpuint(w->span.line, ==, 7);
	g_assert_cmpuint(w->span.col, ==, 11);
	g_assert_nonnull(strstr(w->msg, "ԱԲ"));
	g_assert_nonnull(strstr(w->msg, "not in " MINCHO "; set in DejaVu"));
	g_assert_nonnull(w->hint);
	g_assert_cmpuint(count_code(d, CP_DIAG_MISSING_GLYPH), ==, 0);
	g_assert_false(cp_diags_has_errors(d));

	/* another run (another span) with the same character warns again */
	run.span = cp_span_at(1, 9, 1);
	g_autoptr(cp_ts_para) p = cp_ts_set(ts, &st, &run, 1, 180.0, d);
	g_assert_cmpuint(count_code(d, CP_DIAG_FONT_FALLBACK), ==, 2);
}

/* Emoji and symbols the CJK fonts lack print in a monochrome outline font
 * (Symbola or DejaVu, never a colour font: fonts/fonts.conf), with one note
 * naming them, and no warning or error. */
static void test_symbol_fallback(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	const char *text = "打ち上げは🍺と🍜で、みんなで👍した。";
	cp_ts_run run = {.text = text, .len = strlen(text), .span = cp_span_at(2, 5, 3)};
	for (int k = 0; k < 2; k++) {
		g_autoptr(cp_ts_para) p = cp_ts_set(ts, &st, &run, 1, 180.0, d);
		check_props(p, &st, 180.0);
		/* the symbols in a run of their own font: mincho and Symbola */
		g_assert_cmpuint(p->fonts->len, ==, 2);
	}
	g_assert_cmpuint(cp_diags_len(d), ==, 1);
	const cp_diag *n = find_code(d, CP_DIAG_SYMBOL_FALLBACK);
	g_assert_nonnull(n);
	g_assert_cmpint(n->sev, ==, CP_NOTE);
	g_assert_cmpstr(n->msg, ==, "symbols '🍺🍜👍' are not in " MINCHO "; set in Symbola");
	g_assert_cmpuint(n->span.line, ==, 5);
	g_assert_false(cp_diags_has_errors(d));
}

static void test_missing_glyph(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();

	/* U+1FAE0 MELTING FACE (Unicode 14): newer than every font of
	 * fonts/fonts.conf, Symbola 2.60 included (fc-list :charset=1fae0) */
	const char *text = "打ち上げは🫠で乾杯した。";
	cp_ts_run run = {.text = text, .len = strlen(text), .span = cp_span_at(2, 4, 6)};
	for (int k = 0; k < 2; k++) {
		g_autoptr(cp_ts_para) p = cp_ts_set(ts, &st, &run, 1, 180.0, d);
		check_props(p, &st, 180.0);
	}
	g_assert_cmpuint(count_code(d, CP_DIAG_MISSING_GLYPH), ==, 1);
	const cp_diag *e = find_code(d, CP_DIAG_MISSING_GLYPH);
	g_assert_cmpint(e->sev, ==, CP_ERROR);
	g_assert_cmpstr(e->msg, ==, "no font has U+1FAE0 '🫠'");
	g_assert_cmpuint(e->span.line, ==, 4);
	g_assert_true(cp_diags_has_errors(d));
}

static void test_font_missing(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	st.family = "Noto Serif CJK JQ";

	cp_ts_run runs[2] = {
	    {.text = "存在しない書体",
	     .len = strlen("存在しない書体"),
	     .span = cp_span_at(3, 1, 1)},
	    {.text = "で組む。", .len = strlen("で組む。"), .span = cp_span_at(3, 2, 1)},
	};
	for (int k = 0; k < 2; k++) {
		g_autoptr(cp_ts_para) p = cp_ts_set(ts, &st, runs, 2, 180.0, d);
		/* still set, in whatever fontconfig substitutes */
		g_assert_cmpuint(p->n_lines, ==, 1);
		check_props(p, &st, 180.0);
	}
	g_assert_cmpuint(count_code(d, CP_DIAG_FONT_MISSING), ==, 1);
	const cp_diag *e = find_code(d, CP_DIAG_FONT_MISSING);
	g_assert_cmpint(e->sev, ==, CP_ERROR);
	g_assert_nonnull(strstr(e->msg, "Noto Serif CJK JQ"));
	g_assert_cmpstr(e->hint, ==, "did you mean 'Noto Serif CJK JP'?");
	/* the stand-in font is not reported as a fallback on top */
	g_assert_cmpuint(count_code(d, CP_DIAG_FONT_FALLBACK), ==, 0);
	g_assert_false(cp_ts_has_family(ts, "Noto Serif CJK JQ"));
}

static void test_max_lines(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();

	g_autoptr(cp_ts_para) all = set_text(ts, &st, sample_paras[0], 180.0, d);
	g_assert_false(all->truncated);
	g_assert_cmpuint(all->n_lines, >, 3);

	st.max_lines = 2;
	g_autoptr(cp_ts_para) p = set_text(ts, &st, sample_paras[0], 180.0, d);
	check_props(p, &st, 180.0);
	g_assert_true(p->truncated);
	g_assert_cmpuint(p->n_lines, ==, 2);
	g_assert_false(p->lines[1].last);
	/* the truncated lines are the same as the first lines of the whole */
	g_assert_cmpuint(p->lines[1].end, ==, all->lines[1].end);
	g_assert_cmpfloat_with_epsilon(line_end(&p->lines[1]), 180.0, EPS);

	st.max_lines = 100;
	g_autoptr(cp_ts_para) q = set_text(ts, &st, sample_paras[0], 180.0, d);
	g_assert_false(q->truncated);
	g_assert_cmpuint(q->n_lines, ==, all->n_lines);
}

static void test_empty(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();

	g_autoptr(cp_ts_para) p = cp_ts_set(ts, &st, NULL, 0, 180.0, d);
	g_assert_cmpuint(p->n_lines, ==, 0);
	g_assert_cmpuint(p->n_text, ==, 0);
	cp_ts_run run = {.text = "", .len = 0};
	g_autoptr(cp_ts_para) q = cp_ts_set(ts, &st, &run, 1, 180.0, d);
	g_assert_cmpuint(q->n_lines, ==, 0);
	g_assert_false(q->truncated);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
}

static void test_narrow_measure(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	const double measures[] = {4.0, 0.0, -10.0};

	for (size_t m = 0; m < G_N_ELEMENTS(measures); m++) {
		g_autoptr(cp_ts_para) p = set_text(ts, &st, "狭い欄に組む。", measures[m], d);
		/* one character a line, all overfull; the full stop stays with the
		 * character before it (JLReq 3.1.7 holds even in an emergency) */
		g_assert_cmpuint(p->n_lines, ==, 6);
		for (size_t i = 0; i < p->n_lines; i++)
			g_assert_cmpfloat(p->lines[i].natural, >, 0.0);
		check_props(p, &st, measures[m]);
	}
	/* one OVERSET warning per paragraph, by the worst line: む。 is 9 pt
	 * and the stop's 4.5 pt half, against 4 pt */
	g_assert_cmpuint(count_code(d, CP_DIAG_OVERSET), ==, 3);
	const cp_diag *w = find_code(d, CP_DIAG_OVERSET);
	g_assert_cmpint(w->sev, ==, CP_WARNING);
	g_assert_cmpstr(w->msg, ==, "text runs past the measure by 9.50 pt");
	g_assert_cmpuint(w->span.line, ==, 2);
}

static void test_align(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();

	st.align = CP_TS_CENTER;
	g_autoptr(cp_ts_para) c = set_text(ts, &st, "見出し", 180.0, d);
	g_assert_cmpfloat_with_epsilon(c->lines[0].x, (180.0 - 27.0) / 2.0, 1e-6);
	st.align = CP_TS_END;
	g_autoptr(cp_ts_para) e = set_text(ts, &st, "署名", 180.0, d);
	g_assert_cmpfloat_with_epsilon(line_end(&e->lines[0]), 180.0, 1e-6);
	st.align = CP_TS_START;
	g_autoptr(cp_ts_para) s = set_text(ts, &st, "左寄せ", 180.0, d);
	g_assert_cmpfloat(s->lines[0].x, ==, 0.0);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
}

static void test_runs_paint_and_links(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	cp_color red = cp_color_cmyk(0, 0.9, 0.85, 0);

	cp_ts_run runs[4] = {
	    {.text = "詳しくは", .len = strlen("詳しくは")},
	    {.text = "会のサイト",
	     .len = strlen("会のサイト"),
	     .color = &red,
	     .link = "https://example.jp/"},
	    {.text = "をご覧ください。", .len = strlen("をご覧ください。")},
	    {.text = "太字", .len = strlen("太字"), .family = GOTHIC, .weight = 700, .size = 12.0},
	};
	g_autoptr(cp_ts_para) p = cp_ts_set(ts, &st, runs, 4, 300.0, d);
	check_props(p, &st, 300.0);
	g_assert_cmpuint(p->n_lines, ==, 1);
	const cp_ts_line *line = &p->lines[0];
	g_assert_cmpuint(line->n_runs, ==, 4);
	g_assert_null(line->runs[0].link);
	g_assert_cmpstr(line->runs[1].link, ==, "https://example.jp/");
	g_assert_true(line->runs[1].color.cmyk);
	g_assert_cmpuint(line->runs[1].n_text, ==, strlen("会のサイト"));
	g_assert_true(line->runs[1].font == line->runs[0].font);
	g_assert_true(line->runs[3].font != line->runs[0].font);
	g_assert_cmpfloat(line->runs[3].size, ==, 12.0);
	g_assert_cmpuint(p->fonts->len, ==, 2);
	/* runs follow one another without gaps on a last line */
	for (size_t r = 0; r + 1 < line->n_runs; r++)
		g_assert_cmpfloat_with_epsilon(line->runs[r].x + line->runs[r].width,
		                               line->runs[r + 1].x, 1e-9);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
}

/* Two results with the same lines, runs, glyphs and boxes. */
static void assert_same_para(const cp_ts_para *a, const cp_ts_para *b)
{
	g_assert_cmpuint(a->n_lines, ==, b->n_lines);
	g_assert_cmpmem(a->text, a->n_text, b->text, b->n_text);
	for (size_t i = 0; i < a->n_lines; i++) {
		const cp_ts_line *la = &a->lines[i];
		const cp_ts_line *lb = &b->lines[i];
		g_assert_cmpuint(la->n_runs, ==, lb->n_runs);
		g_assert_cmpfloat(la->x, ==, lb->x);
		g_assert_cmpfloat(la->width, ==, lb->width);
		for (size_t r = 0; r < la->n_runs; r++) {
			g_assert_cmpuint(la->runs[r].n_glyphs, ==, lb->runs[r].n_glyphs);
			g_assert_true(la->runs[r].font == lb->runs[r].font);
			g_assert_cmpmem(
			    la->runs[r].glyphs, la->runs[r].n_glyphs * sizeof(cp_ts_glyph),
			    lb->runs[r].glyphs, lb->runs[r].n_glyphs * sizeof(cp_ts_glyph));
		}
		g_assert_cmpmem(la->boxes, la->n_boxes * sizeof(cp_ts_box), lb->boxes,
		                lb->n_boxes * sizeof(cp_ts_box));
	}
}

/* The typesetter's memory of recent paragraphs (memo.c): the same inputs
 * give the kept result, any changed input a result of its own, and the
 * diagnostics are those of setting every paragraph anew. */
static void test_memo(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	cp_color red = cp_color_cmyk(0, 0.9, 0.85, 0);
	cp_color blue = cp_color_cmyk(1, 0.5, 0, 0);
	cp_ts_run runs[2] = {
	    {.text = "会報の原稿は", .len = strlen("会報の原稿は"), .span = cp_span_at(1, 2, 3)},
	    {.text = "事務局まで",
	     .len = strlen("事務局まで"),
	     .color = &red,
	     .link = "https://example.jp/a",
	     .span = cp_span_at(1, 2, 9)},
	};
	g_autoptr(cp_ts_para) p1 = cp_ts_set(ts, &st, runs, 2, 60.0, d);
	g_autoptr(cp_ts_para) p2 = cp_ts_set(ts, &st, runs, 2, 60.0, d);
	g_assert_true(p1 == p2);
	assert_same_para(p1, p2);

	/* each input counts: a run's colour, its link, the measure, the style */
	runs[1].color = &blue;
	g_autoptr(cp_ts_para) q = cp_ts_set(ts, &st, runs, 2, 60.0, d);
	g_assert_true(q != p1);
	const cp_ts_line *ql = &q->lines[q->n_lines - 1];
	g_assert_cmpfloat(ql->runs[ql->n_runs - 1].color.c, ==, 1.0);
	runs[1].link = "https://example.jp/b";
	g_autoptr(cp_ts_para) r = cp_ts_set(ts, &st, runs, 2, 60.0, d);
	const cp_ts_line *rl = &r->lines[r->n_lines - 1];
	g_assert_cmpstr(rl->runs[rl->n_runs - 1].link, ==, "https://example.jp/b");
	g_autoptr(cp_ts_para) w = cp_ts_set(ts, &st, runs, 2, 200.0, d);
	g_assert_cmpuint(w->n_lines, ==, 1);
	g_assert_cmpuint(r->n_lines, >, 1);
	cp_ts_style big = st;
	big.size = 12.0;
	g_autoptr(cp_ts_para) b = cp_ts_set(ts, &big, runs, 2, 200.0, d);
	g_assert_cmpfloat(b->lines[0].runs[0].size, ==, 12.0);

	/* the same missing glyph at another span is reported there too */
	const char *text = "乾杯は🫠で";
	cp_ts_run m = {.text = text, .len = strlen(text), .span = cp_span_at(2, 4, 6)};
	g_autoptr(cp_ts_para) m1 = cp_ts_set(ts, &st, &m, 1, 180.0, d);
	m.span = cp_span_at(2, 7, 6);
	g_autoptr(cp_ts_para) m2 = cp_ts_set(ts, &st, &m, 1, 180.0, d);
	g_assert_true(m1 != m2);
	g_assert_cmpuint(count_code(d, CP_DIAG_MISSING_GLYPH), ==, 2);

	/* trimmed, the typesetter sets the paragraph anew, to the same result;
	 * the results handed out before stay valid */
	cp_ts_trim(ts);
	g_autoptr(cp_ts_para) p3 = cp_ts_set(ts, &st, runs, 2, 60.0, d);
	g_assert_true(p3 != r);
	assert_same_para(p3, r);
	assert_same_para(p1, p2);
}

/* Shaped cells kept for other measures (memo.c): a text set at one measure
 * and then at others, with another indent or alignment, from another
 * place, gives what setting it anew gives; a text whose fonts had
 * something to report is shaped again, so each place gets its report. */
static void test_memo_shapes(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	const char *text = "会員の皆さまへ、「秋の交流会」は十月十八日（土）に開きます。"
	                   "参加の申し込みは事務局まで、お早めにどうぞ。";
	cp_ts_run run = {.text = text, .len = strlen(text), .span = cp_span_at(1, 3, 1)};
	const double measures[] = {300.0, 120.0, 95.5, 61.0, 300.0};
	cp_ts_para *kept[G_N_ELEMENTS(measures)][2];

	/* first the variants through the kept cells (the first setting
	 * keeps them, every other one finds them) ... */
	for (size_t i = 0; i < G_N_ELEMENTS(measures); i++) {
		cp_ts_style s2 = st;
		s2.indent = i % 2 ? 9.0 : 0.0;
		s2.align = i % 2 ? CP_TS_JUSTIFY : CP_TS_CENTER;
		run.span = cp_span_at(1, 3 + (unsigned)i, 1);
		kept[i][0] = cp_ts_set(ts, &s2, &run, 1, measures[i], d);
		/* another paragraph between: nothing of its working state
		 * may leak into the next setting */
		g_autoptr(cp_ts_para) other = set_text(
		    ts, &st, "ＣＡＮの次号は一月に。「新春特集」あり。", 50.0 + (double)i, d);
		s2.hanging = true;
		kept[i][1] = cp_ts_set(ts, &s2, &run, 1, measures[i], d);
	}
	g_assert_cmpuint(kept[3][0]->n_lines, >, kept[1][0]->n_lines);
	/* ... then each anew, the memo dropped before every setting */
	for (size_t i = 0; i < G_N_ELEMENTS(measures); i++)
		for (int h = 0; h < 2; h++) {
			cp_ts_style s2 = st;
			s2.indent = i % 2 ? 9.0 : 0.0;
			s2.align = i % 2 ? CP_TS_JUSTIFY : CP_TS_CENTER;
			s2.hanging = h == 1;
			run.span = cp_span_at(1, 3 + (unsigned)i, 1);
			cp_ts_trim(ts);
			g_autoptr(cp_ts_para) fresh = cp_ts_set(ts, &s2, &run, 1, measures[i], d);
			g_assert_true(fresh != kept[i][h]);
			assert_same_para(kept[i][h], fresh);
			check_props(kept[i][h], &s2, measures[i]);
			cp_ts_para_free(kept[i][h]);
		}
	g_assert_cmpuint(cp_diags_len(d), ==, 0);

	/* the same text in another font or size is shaped for it */
	cp_ts_run gothic = run;
	gothic.family = GOTHIC;
	g_autoptr(cp_ts_para) g1 = cp_ts_set(ts, &st, &gothic, 1, 200.0, d);
	g_autoptr(cp_ts_para) m1 = cp_ts_set(ts, &st, &run, 1, 210.0, d);
	g_assert_true(g1->lines[0].runs[0].font != m1->lines[0].runs[0].font);
	cp_ts_style big = st;
	big.size = 12.0;
	g_autoptr(cp_ts_para) b1 = cp_ts_set(ts, &big, &run, 1, 220.0, d);
	g_assert_cmpfloat(b1->lines[0].runs[0].size, ==, 12.0);
	g_assert_cmpfloat_with_epsilon(b1->lines[0].runs[0].glyphs[0].advance, 12.0, 1e-3);
	g_assert_cmpfloat_with_epsilon(m1->lines[0].runs[0].glyphs[0].advance, 9.0, 1e-3);

	/* cells of two fonts and two hard lines come back whole: set at one
	 * measure, found at another, the same as set anew */
	cp_ts_run two[2] = {
	    {.text = "組版の勉強会\u2028次回は", .len = strlen("組版の勉強会\u2028次回は")},
	    {.text = "「禁則」と「約物」", .len = strlen("「禁則」と「約物」"), .family = GOTHIC},
	};
	g_autoptr(cp_ts_para) t1 = cp_ts_set(ts, &st, two, 2, 250.0, d);
	g_autoptr(cp_ts_para) t2 = cp_ts_set(ts, &st, two, 2, 64.0, d);
	g_assert_cmpuint(t1->n_lines, ==, 2);
	g_assert_cmpuint(t2->n_lines, >, 2);
	g_assert_true(t1->lines[1].runs[0].font != t1->lines[1].runs[t1->lines[1].n_runs - 1].font);
	cp_ts_trim(ts);
	g_autoptr(cp_ts_para) t3 = cp_ts_set(ts, &st, two, 2, 64.0, d);
	assert_same_para(t2, t3);

	/* a missing glyph is reported at each place the text is set, at any
	 * measure: such cells are not kept */
	const char *odd = "乾杯は🫠で";
	cp_ts_run m = {.text = odd, .len = strlen(odd), .span = cp_span_at(2, 4, 6)};
	g_autoptr(cp_ts_para) o1 = cp_ts_set(ts, &st, &m, 1, 180.0, d);
	m.span = cp_span_at(2, 7, 6);
	g_autoptr(cp_ts_para) o2 = cp_ts_set(ts, &st, &m, 1, 150.0, d);
	g_assert_cmpuint(count_code(d, CP_DIAG_MISSING_GLYPH), ==, 2);
	g_assert_cmpuint(find_code(d, CP_DIAG_MISSING_GLYPH)->span.line, ==, 4);
}

static void test_bad_utf8(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();
	const char bytes[] = "壊れた\xff\xfe文字\0列";
	cp_ts_run run = {.text = bytes, .len = sizeof bytes - 1};

	g_autoptr(cp_ts_para) p = cp_ts_set(ts, &st, &run, 1, 180.0, d);
	g_assert_true(g_utf8_validate(p->text, (gssize)p->n_text, NULL));
	g_assert_cmpuint(p->n_lines, ==, 1);
	check_props(p, &st, 180.0);
}

static void test_em_baseline(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	cp_ts_style st = body_style();

	/* Noto CJK's BASE table: em box from -0.12 to 0.88 em */
	g_assert_cmpfloat_with_epsilon(cp_ts_em_baseline(ts, &st), 0.88, 0.005);
	st.family = GOTHIC;
	g_assert_cmpfloat_with_epsilon(cp_ts_em_baseline(ts, &st), 0.88, 0.005);
	st.family = "DejaVu Sans";
	double v = cp_ts_em_baseline(ts, &st);
	g_assert_cmpfloat(v, >, 0.5);
	g_assert_cmpfloat(v, <, 1.0);
}

/* Mixed weights keep one baseline (issue 12): a paragraph of regular and
 * bold runs, Mincho and Gothic, at 13Q and 12Q, starting either way. The
 * runs are aligned on their em boxes, which Noto CJK's weights share, so
 * every glyph sits on its line's baseline (0.01 pt), whatever the weight
 * (the character faces differ: aligning them moved bold 0.06 pt). */
static void test_mixed_weight_baseline(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_typesetter) ts = ts_open(d);
	static const double sizes[] = {9.2126, 8.5039}; /* 13Q, 12Q */
	static const char *const families[] = {MINCHO, GOTHIC};
	for (int bold_first = 0; bold_first < 2; bold_first++)
		for (size_t si = 0; si < G_N_ELEMENTS(sizes); si++)
			for (size_t fi = 0; fi < G_N_ELEMENTS(families); fi++) {
				cp_ts_style st = body_style();
				st.family = families[fi];
				st.size = sizes[si];
				st.pitch = 15.59;
				const char *t[4] = {"強調したい語", "が行の途中にあり、",
				                    "二度目の太字", "のあとも本文が続きます。"};
				cp_ts_run runs[4];
				for (int i = 0; i < 4; i++)
					runs[i] = (cp_ts_run){
					    .text = t[i],
					    .len = strlen(t[i]),
					    .weight = (i % 2 == 0) == bold_first ? 700 : 0};
				g_autoptr(cp_ts_para) p =
				    cp_ts_set(ts, &st, runs, 4, 10 * st.size, d);
				g_assert_cmpuint(p->n_lines, >=, 2);
				size_t bold_runs = 0;
				for (size_t l = 0; l < p->n_lines; l++) {
					const cp_ts_line *line = &p->lines[l];
					g_assert_cmpfloat_with_epsilon(line->y, l * st.pitch, EPS);
					for (size_t r = 0; r < line->n_runs; r++) {
						const cp_ts_glyph_run *run = &line->runs[r];
						bold_runs += run->font != line->runs[0].font;
						for (uint32_t gi = 0; gi < run->n_glyphs; gi++)
							g_assert_cmpfloat_with_epsilon(
							    run->glyphs[gi].y, 0.0, EPS);
					}
				}
				/* the bold runs really are in a font of their own */
				g_assert_cmpuint(bold_runs, >, 0);
			}
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
}

int main(int argc, char **argv)
{
	ts_fixture_init();

	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/typeset/new/bad-conf", test_new_bad_conf);
	g_test_add_func("/typeset/new/env-ignored", test_env_ignored);
	g_test_add_func("/typeset/justify/samples", test_justify_samples);
	g_test_add_func("/typeset/justify/latin-not-spaced", test_latin_not_spaced);
	g_test_add_func("/typeset/justify/spaces-trailing", test_spaces_and_trailing);
	g_test_add_func("/typeset/kinsoku", test_kinsoku);
	g_test_add_func("/typeset/grid-forced-break", test_grid_and_forced_break);
	g_test_add_func("/typeset/solid-setting", test_solid_setting);
	g_test_add_func("/typeset/fonts/fallback-once", test_fallback_once);
	g_test_add_func("/typeset/fonts/symbol-fallback", test_symbol_fallback);
	g_test_add_func("/typeset/fonts/missing-glyph", test_missing_glyph);
	g_test_add_func("/typeset/fonts/family-missing", test_font_missing);
	g_test_add_func("/typeset/max-lines", test_max_lines);
	g_test_add_func("/typeset/empty", test_empty);
	g_test_add_func("/typeset/narrow-measure", test_narrow_measure);
	g_test_add_func("/typeset/align", test_align);
	g_test_add_func("/typeset/runs-paint-links", test_runs_paint_and_links);
	g_test_add_func("/typeset/bad-utf8", test_bad_utf8);
	g_test_add_func("/typeset/memo", test_memo);
	g_test_add_func("/typeset/memo-shapes", test_memo_shapes);
	g_test_add_func("/typeset/em-baseline", test_em_baseline);
	g_test_add_func("/typeset/mixed-weight-baseline", test_mixed_weight_baseline);
	int rc = g_test_run();
	ts_fixture_clear();
	return rc;
}
