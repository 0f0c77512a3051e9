/* test_markup.c - unit tests of the markup stage (src/markup/): every
 * CommonMark construct an article body may use, how runs are styled and
 * merged, how soft breaks join Japanese and Western text, how positions map
 * to the YAML file, the warnings for what is not printed, and that hostile
 * bodies (deep nesting, a megabyte of brackets) finish without harm.
 *
 * Most cases compare cp_markup_dump output, which shows every field compose
 * reads; position cases look at the spans directly. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "markup/markup.h"

/* Parses body at file 1, line 1, column 1 and returns its dump; the number
 * of diagnostics goes to *n_diags when given. */
static char *dump_of(const char *body, size_t *n_diags)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	uint32_t file = cp_diags_add_file(d, "articles/t.yaml");
	g_autoptr(cp_markup_doc) doc = cp_markup_parse(body, strlen(body), file, 1, 1, d);
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	cp_markup_dump(doc, f);
	fclose(f);
	if (n_diags)
		*n_diags = cp_diags_len(d);
	return buf;
}

#define ASSERT_DUMP(body, expected)                                                                \
	do {                                                                                       \
		size_t n_diags_;                                                                   \
		g_autofree char *got_ = dump_of((body), &n_diags_);                                \
		g_assert_cmpstr(got_, ==, (expected));                                             \
		g_assert_cmpuint(n_diags_, ==, 0);                                                 \
	} while (0)

/* --- blocks ---------------------------------------------------------------- */

/* # and ## are level 2 (the article title is the page's level 1), ### and
 * deeper level 3; setext headings follow the same rule. */
static void test_paragraphs_and_headings(void)
{
	ASSERT_DUMP("# 一\n\n## 二\n\n### 三\n\n#### 四\n\n本文です。\n\nSetext\n======\n",
	            "heading 2 @1:1 \"一\"\n"
	            "heading 2 @3:1 \"二\"\n"
	            "heading 3 @5:1 \"三\"\n"
	            "heading 3 @7:1 \"四\"\n"
	            "para @9:1 \"本文です。\"\n"
	            "heading 2 @11:1 \"Setext\"\n");
	/* an empty body is no blocks, not an error */
	ASSERT_DUMP("", "");
	ASSERT_DUMP("\n\n  \n", "");
}

static void test_lists(void)
{
	/* bullets, numbers from the list's start, nesting, continuations */
	ASSERT_DUMP("- 一つ目\n- 二つ目\n\n  続き\n  - 入れ子\n",
	            "item 1 (bullet) @1:3 \"一つ目\"\n"
	            "item 1 (bullet) @2:3 \"二つ目\"\n"
	            "item 1 (bullet) cont @4:3 \"続き\"\n"
	            "item 2 (bullet) @5:5 \"入れ子\"\n");
	ASSERT_DUMP("3. 三\n4. 四\n   1. いち\n   2. に\n5. 五\n",
	            "item 1 (ordinal 3) @1:4 \"三\"\n"
	            "item 1 (ordinal 4) @2:4 \"四\"\n"
	            "item 2 (ordinal 1) @3:7 \"いち\"\n"
	            "item 2 (ordinal 2) @4:7 \"に\"\n"
	            "item 1 (ordinal 5) @5:4 \"五\"\n");
	/* an empty item and an item starting with a nested list keep their
	 * numbers as empty item blocks */
	ASSERT_DUMP("1. a\n2.\n3. - b\n", "item 1 (ordinal 1) @1:4 \"a\"\n"
	                                  "item 1 (ordinal 2) @2:1\n"
	                                  "item 1 (ordinal 3) @3:4\n"
	                                  "item 2 (bullet) @3:6 \"b\"\n");
}

/* Quote depth is counted per paragraph; lazy continuation lines belong to
 * the quoted paragraph (CommonMark), so "引用の" and "段落" join solid. */
static void test_quotes(void)
{
	ASSERT_DUMP("> 引用の\n> 段落\n>\n> > 二重\n\nふつう\n",
	            "quote 1 para @1:3 \"引用の段落\"\n"
	            "quote 2 para @4:5 \"二重\"\n"
	            "para @6:1 \"ふつう\"\n");
	/* a list inside a quote, a quote inside a list item */
	ASSERT_DUMP("> - a\n\n- b\n\n  > c\n", "quote 1 item 1 (bullet) @1:5 \"a\"\n"
	                                       "item 1 (bullet) @3:3 \"b\"\n"
	                                       "quote 1 para @5:5 \"c\"\n");
}

static void test_figures(void)
{
	/* alone in its paragraph (blanks and breaks around it allowed) */
	ASSERT_DUMP("![鍋を囲む5人](../images/a.jpg)\n\n  ![*強調* は平文](b.png \"題\")  \n",
	            "figure \"../images/a.jpg\" @1:1 \"鍋を囲む5人\"\n"
	            "figure \"b.png\" @3:3 \"強調 は平文\"\n");
	/* no alt text: the title is the caption; neither: no runs */
	ASSERT_DUMP("![](c.jpg \"タイトル\")\n\n![](d.jpg)\n",
	            "figure \"c.jpg\" @1:1 \"タイトル\"\n"
	            "figure \"d.jpg\" @3:1\n");
	/* two images are not a figure: both stay as alt text, two warnings */
	size_t n = 0;
	g_autofree char *got = dump_of("![a](x.jpg) ![b](y.jpg)\n", &n);
	g_assert_cmpstr(got, ==, "para @1:1 \"a b\"\n");
	g_assert_cmpuint(n, ==, 2);
}

/* An image among words cannot be placed: its alt text is kept in the
 * running text and a warning points at the '!' (columns in characters). */
static void test_image_in_text(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	uint32_t file = cp_diags_add_file(d, "a.yaml");
	const char *body = "写真 ![店の外観](x.jpg) を見てください。\n";
	g_autoptr(cp_markup_doc) doc = cp_markup_parse(body, strlen(body), file, 5, 3, d);
	g_assert_cmpuint(doc->n_blocks, ==, 1);
	g_assert_cmpint(doc->blocks[0].kind, ==, CP_MK_PARA);
	g_assert_cmpuint(doc->blocks[0].n_runs, ==, 1);
	g_assert_cmpstr(doc->blocks[0].runs[0].text, ==, "写真 店の外観 を見てください。");
	g_assert_cmpuint(cp_diags_len(d), ==, 1);
	const cp_diag *w = cp_diags_get(d, 0);
	g_assert_cmpint(w->code, ==, CP_DIAG_MARKUP_IGNORED);
	g_assert_cmpint(w->sev, ==, CP_WARNING);
	/* "写真 " is 3 characters (7 bytes): the '!' is character 4 */
	g_assert_cmpuint(w->span.line, ==, 5);
	g_assert_cmpuint(w->span.col, ==, 3 + 4 - 1);
}

/* Thematic breaks have no runs; code blocks (fenced or indented) are one
 * code run with the literal text, without the final newline. */
static void test_break_and_code(void)
{
	ASSERT_DUMP("前\n\n---\n\n```c\nint x;\n  \"y\"\n```\n\n    indented\n",
	            "para @1:1 \"前\"\n"
	            "break @3:1\n"
	            "code @5:1 [code]\"int x;\\n  \\\"y\\\"\"\n"
	            "code @10:5 [code]\"indented\"\n");
	/* an empty code block is still one (empty) run */
	ASSERT_DUMP("```\n```\n", "code @1:1 [code]\"\"\n");
}

/* --- inline runs ------------------------------------------------------------ */

/* Flags combine as the inline containers nest; neighbours with equal
 * flags and link are merged into one run. */
static void test_inline_styles(void)
{
	ASSERT_DUMP("a *em* **st** `co` [li](https://x.jp/) z\n",
	            "para @1:1 \"a \" [emph]\"em\" \" \" [strong]\"st\" \" \" [code]\"co\" \" \" "
	            "[link=https://x.jp/]\"li\" \" z\"\n");
	/* nested flags combine; a code span inside a link keeps the link */
	ASSERT_DUMP(
	    "***両方*** [*強* `c`](tel:1)\n",
	    "para @1:1 [emph|strong]\"両方\" \" \" [emph|link=tel:1]\"強\" [link=tel:1]\" \" "
	    "[code|link=tel:1]\"c\"\n");
	/* adjacent pieces with equal styling are one run; entities decoded,
	 * escapes removed */
	ASSERT_DUMP("*a* *b* x&amp;y \\*z\\*\n",
	            "para @1:1 [emph]\"a\" \" \" [emph]\"b\" \" x&y *z*\"\n");
	ASSERT_DUMP("*a*[*b*](http://u)*c*\n",
	            "para @1:1 [emph]\"a\" [emph|link=http://u]\"b\" [emph]\"c\"\n");
	/* different links never merge */
	ASSERT_DUMP("[a](mailto:u)[b](mailto:v)[c](mailto:v)\n",
	            "para @1:1 [link=mailto:u]\"a\" [link=mailto:v]\"bc\"\n");
}

/* Issue 10: only http, https, mailto and tel links are links; any other
 * scheme, a relative path or no address is plain text, with a warning at
 * the link's own line and column. */
static void test_link_schemes(void)
{
	g_assert_true(cp_markup_link_allowed("https://x.jp/"));
	g_assert_true(cp_markup_link_allowed("HTTP://x.jp/"));
	g_assert_true(cp_markup_link_allowed("mailto:a@b.jp"));
	g_assert_true(cp_markup_link_allowed("tel:+81-6"));
	const char *bad[] = {"javascript:alert(1)",
	                     "JavaScript:x",
	                     "file:///etc/passwd",
	                     "launch:calc",
	                     "data:text/html,x",
	                     "../x.html",
	                     "x.html",
	                     "",
	                     "https:",
	                     " https://x",
	                     "vbscript:x",
	                     NULL};
	for (size_t i = 0; bad[i] != NULL; i++)
		g_assert_false(cp_markup_link_allowed(bad[i]));
	g_assert_false(cp_markup_link_allowed(NULL));

	g_autoptr(cp_diags) d = cp_diags_new();
	uint32_t file = cp_diags_add_file(d, "articles/t.yaml");
	const char *body =
	    "前 [a](javascript:alert(1)) 中\n\n  [b](file:///x) [c](https://ok.jp/) [d]()\n";
	g_autoptr(cp_markup_doc) doc = cp_markup_parse(body, strlen(body), file, 7, 3, d);
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	cp_markup_dump(doc, f);
	fclose(f);
	g_autofree char *got = buf;
	g_assert_null(strstr(got, "javascript"));
	g_assert_null(strstr(got, "file:"));
	g_assert_nonnull(strstr(got, "[link=https://ok.jp/]\"c\""));
	g_assert_cmpuint(cp_diags_len(d), ==, 3);
	const cp_diag *dg = cp_diags_get(d, 0);
	g_assert_cmpint(dg->code, ==, CP_DIAG_LINK_DROPPED);
	g_assert_cmpint(dg->sev, ==, CP_WARNING);
	g_assert_cmpuint(dg->span.line, ==, 7);
	g_assert_cmpuint(dg->span.col, ==, 5);
	g_assert_nonnull(strstr(dg->msg, "'javascript:alert(1)'"));
	dg = cp_diags_get(d, 1);
	g_assert_cmpuint(dg->span.line, ==, 9);
	g_assert_nonnull(strstr(dg->msg, "'file:///x'"));
	g_assert_nonnull(strstr(cp_diags_get(d, 2)->msg, "without an address"));
}

static void test_soft_breaks(void)
{
	/* Japanese lines join with nothing, Western text with a space */
	ASSERT_DUMP("日本語の\n文章です。\n", "para @1:1 \"日本語の文章です。\"\n");
	ASSERT_DUMP("English\ntext\n", "para @1:1 \"English text\"\n");
	ASSERT_DUMP("日本語\ntext\n", "para @1:1 \"日本語 text\"\n");
	ASSERT_DUMP("word\n日本\n", "para @1:1 \"word 日本\"\n");
	/* punctuation and kana of every kind are set solid */
	ASSERT_DUMP("だった。\n「次」\n……\nカタカナ\n（全角）\n",
	            "para @1:1 \"だった。「次」……カタカナ（全角）\"\n");
	/* a break between styled pieces: solid, and the style boundary kept */
	ASSERT_DUMP("*強調*\nの後\n", "para @1:1 [emph]\"強調\" \"の後\"\n");
	/* a space from a break inside emphasis is emphasised */
	ASSERT_DUMP("*a\nb*\n", "para @1:1 [emph]\"a b\"\n");
	/* hard breaks (two spaces or a backslash) are "\n", no space after */
	ASSERT_DUMP("一行目  \n二行目\\\nthree\n", "para @1:1 \"一行目\\n二行目\\nthree\"\n");
}

/* Quotes, dashes and dots reach the page as typed (no CMARK_OPT_SMART). */
static void test_no_smart_punctuation(void)
{
	ASSERT_DUMP("\"quoted\" -- 'x' ...\n", "para @1:1 \"\\\"quoted\\\" -- 'x' ...\"\n");
}

/* --- notations (notation.c) ------------------------------------------------ */

/* Every well-formed notation becomes a run of its own holding the base. */
static void test_notations(void)
{
	ASSERT_DUMP("今日は{東京|とうきょう}へ。\n",
	            "para @1:1 \"今日は\" [ruby=とうきょう]\"東京\" \"へ。\"\n");
	ASSERT_DUMP("{漢字|かん|じ}の読み\n", "para @1:1 [mono=かん|じ]\"漢字\" \"の読み\"\n");
	ASSERT_DUMP("あの｜大坂城《おおさかじょう》から\n",
	            "para @1:1 \"あの\" [ruby=おおさかじょう]\"大坂城\" \"から\"\n");
	/* without ｜, the base is the run of kanji before 《 */
	ASSERT_DUMP("ここは難波宮《なにわのみや》の跡\n",
	            "para @1:1 \"ここは\" [ruby=なにわのみや]\"難波宮\" \"の跡\"\n");
	ASSERT_DUMP("一ヶ月《いっかげつ》\n", "para @1:1 [ruby=いっかげつ]\"一ヶ月\"\n");
	/* 《 after kana is a bracket, as in Aozora Bunko */
	ASSERT_DUMP("雑誌の《ニュース》欄\n", "para @1:1 \"雑誌の《ニュース》欄\"\n");
	ASSERT_DUMP("{大事|﹅}なこと、{要点|﹆}\n",
	            "para @1:1 [kenten=U+FE45]\"大事\" \"なこと、\" [kenten=U+FE46]\"要点\"\n");
	ASSERT_DUMP("{tcy:12}月{tcy:!?}\n", "para @1:1 [tcy]\"12\" \"月\" [tcy]\"!?\"\n");
	/* with emphasis and links: the flags stay on the base */
	ASSERT_DUMP("**{強|つよ}い**\n", "para @1:1 [strong|ruby=つよ]\"強\" [strong]\"い\"\n");
	ASSERT_DUMP("[{店|みせ}](https://example.jp/)\n",
	            "para @1:1 [link=https://example.jp/|ruby=みせ]\"店\"\n");
	/* code spans and blocks are never read for notations */
	ASSERT_DUMP("`{a|b}`\n", "para @1:1 [code]\"{a|b}\"\n");
	ASSERT_DUMP("    {a|b}\n", "code @1:5 [code]\"{a|b}\"\n");
	/* a soft break inside a base joins as usual */
	ASSERT_DUMP("{東\n京|とうきょう}\n", "para @1:1 [ruby=とうきょう]\"東京\"\n");
}

/* Backslashes make { | } \ ｜ 《 》 literal, in cmark's way for the ASCII
 * ones and in ours for the others; entities count as escapes. */
static void test_notation_escapes(void)
{
	ASSERT_DUMP("\\{a|b\\} と a\\|b\n", "para @1:1 \"{a|b} と a|b\"\n");
	ASSERT_DUMP("漢字\\《かんじ》と\\｜字\n", "para @1:1 \"漢字《かんじ》と｜字\"\n");
	ASSERT_DUMP("&#123;x&#124;y&#125;\n", "para @1:1 \"{x|y}\"\n");
	/* an escaped backslash before a notation leaves the notation */
	ASSERT_DUMP("\\\\{字|じ}\n", "para @1:1 \"\\\\\" [ruby=じ]\"字\"\n");
	/* a backslash before anything else is a backslash */
	ASSERT_DUMP("C:\\ドライブ\n", "para @1:1 \"C:\\\\ドライブ\"\n");
	/* inside a notation too */
	ASSERT_DUMP("{a\\|b|c}\n", "para @1:1 [ruby=c]\"a|b\"\n");
}

/* Each malformed form: one NOTATION error at the column of its mark, the
 * text kept as typed. */
static void test_notation_errors(void)
{
	static const struct {
		const char *body;
		uint32_t line, col;
		const char *text; /* the dump of the runs kept */
	} cases[] = {
	    {"ab{漢字|かんじ\n", 1, 3, "para @3:2 \"ab{漢字|かんじ\"\n"},
	    {"ab{漢字}\n", 1, 3, "para @3:2 \"ab{漢字}\"\n"},
	    {"x{|かんじ}\n", 1, 2, "para @3:2 \"x{|かんじ}\"\n"},
	    {"x{漢字|}\n", 1, 2, "para @3:2 \"x{漢字|}\"\n"},
	    {"x{漢字|かん||じ}\n", 1, 2, "para @3:2 \"x{漢字|かん||じ}\"\n"},
	    {"あい{漢字|か|ん|じ}\n", 1, 3, "para @3:2 \"あい{漢字|か|ん|じ}\"\n"},
	    {"{tcy:}\n", 1, 1, "para @3:2 \"{tcy:}\"\n"},
	    {"a{b{c|d}\n", 1, 2, "para @3:2 \"a{b\" [ruby=d]\"c\"\n"},
	    {"a}b\n", 1, 2, "para @3:2 \"a}b\"\n"},
	    {"あ｜漢字\n", 1, 2, "para @3:2 \"あ｜漢字\"\n"},
	    {"あ｜漢字《かんじ\n", 1, 5, "para @3:2 \"あ｜漢字《かんじ\"\n"},
	    {"あ｜《かんじ》\n", 1, 2, "para @3:2 \"あ｜《かんじ》\"\n"},
	    {"漢字《》\n", 1, 3, "para @3:2 \"漢字《》\"\n"},
	    /* on a later line of the paragraph */
	    {"一行目\n二行目{字}\n", 2, 4, "para @3:2 \"一行目二行目{字}\"\n"},
	    /* the second of two notations */
	    {"{字|じ}と{字}\n", 1, 7, "para @3:2 [ruby=じ]\"字\" \"と{字}\"\n"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(cp_diags) d = cp_diags_new();
		uint32_t file = cp_diags_add_file(d, "articles/t.yaml");
		const char *body = cases[i].body;
		/* the body starts at line 3, column 2 of the file */
		g_autoptr(cp_markup_doc) doc = cp_markup_parse(body, strlen(body), file, 3, 2, d);
		g_test_message("case %zu: %s", i, body);
		g_assert_cmpuint(cp_diags_len(d), ==, 1);
		const cp_diag *dg = cp_diags_get(d, 0);
		g_assert_cmpint(dg->code, ==, CP_DIAG_NOTATION);
		g_assert_cmpint(dg->sev, ==, CP_ERROR);
		g_assert_cmpuint(dg->span.line, ==, cases[i].line + 2);
		g_assert_cmpuint(dg->span.col, ==, cases[i].col + 1);
		g_assert_nonnull(dg->hint);
		char *buf = NULL;
		size_t size = 0;
		FILE *f = open_memstream(&buf, &size);
		cp_markup_dump(doc, f);
		fclose(f);
		g_assert_cmpstr(buf, ==, cases[i].text);
		free(buf);
	}
}

/* Plain strings (titles, member fields): the same notations, positions
 * from the string's own span. */
static void test_notation_inline(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_arena) a = cp_arena_new();
	cp_mk_run *runs = NULL;
	const char *s = "{株式会社|かぶしきがいしゃ}さくら";
	size_t n = cp_markup_inline(a, s, strlen(s), cp_span_at(1, 4, 8), d, &runs);
	g_assert_cmpuint(n, ==, 2);
	g_assert_cmpstr(runs[0].text, ==, "株式会社");
	g_assert_cmpstr(runs[0].ruby, ==, "かぶしきがいしゃ");
	g_assert_false(runs[0].ruby_mono);
	g_assert_cmpuint(runs[0].span.col, ==, 8);
	g_assert_cmpstr(runs[1].text, ==, "さくら");
	g_assert_null(runs[1].ruby);
	/* no notation: one run, the string itself */
	n = cp_markup_inline(a, "さくら印刷", strlen("さくら印刷"), cp_span_at(1, 4, 8), d, &runs);
	g_assert_cmpuint(n, ==, 1);
	g_assert_cmpstr(runs[0].text, ==, "さくら印刷");
	n = cp_markup_inline(a, "", 0, cp_span_at(1, 4, 8), d, &runs);
	g_assert_cmpuint(n, ==, 0);
	g_assert_null(runs);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
	/* an error at its own column */
	s = "社長 {山田|やま|だ|x}";
	n = cp_markup_inline(a, s, strlen(s), cp_span_at(1, 4, 8), d, &runs);
	g_assert_cmpuint(n, ==, 1);
	g_assert_cmpstr(runs[0].text, ==, s);
	g_assert_cmpuint(cp_diags_len(d), ==, 1);
	g_assert_cmpuint(cp_diags_get(d, 0)->span.line, ==, 4);
	g_assert_cmpuint(cp_diags_get(d, 0)->span.col, ==, 11);
}

/* --- positions -------------------------------------------------------------- */

static void test_spans(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	uint32_t file = cp_diags_add_file(d, "articles/a.yaml");
	/* body line 3 column 1 is file line 12 column 3 when the body starts
	 * at 10:3 (a block scalar indented by two) */
	const char *body = "一段落目の\n本文。\n## 見出し\n\n> 引用 *強調*\n";
	g_autoptr(cp_markup_doc) doc = cp_markup_parse(body, strlen(body), file, 10, 3, d);
	g_assert_cmpuint(doc->n_blocks, ==, 3);

	const cp_mk_block *para = &doc->blocks[0];
	g_assert_cmpuint(para->span.file, ==, file);
	g_assert_cmpuint(para->span.line, ==, 10);
	g_assert_cmpuint(para->span.col, ==, 3);
	/* the end is the last character of "本文。" (3 characters, 9 bytes) */
	g_assert_cmpuint(para->span.end_line, ==, 11);
	g_assert_cmpuint(para->span.end_col, ==, 5);

	const cp_mk_block *h = &doc->blocks[1];
	g_assert_cmpint(h->kind, ==, CP_MK_HEADING);
	g_assert_cmpuint(h->span.line, ==, 12);
	g_assert_cmpuint(h->span.col, ==, 3);
	g_assert_cmpuint(h->runs[0].span.line, ==, 12);

	/* a quoted paragraph starts after "> ", and its runs at the block */
	const cp_mk_block *q = &doc->blocks[2];
	g_assert_cmpint(q->quote, ==, 1);
	g_assert_cmpuint(q->span.line, ==, 14);
	g_assert_cmpuint(q->span.col, ==, 5);
	g_assert_cmpuint(q->n_runs, ==, 2);
	for (size_t i = 0; i < q->n_runs; i++) {
		g_assert_cmpuint(q->runs[i].span.line, ==, 14);
		g_assert_cmpuint(q->runs[i].span.col, ==, 5);
	}
	g_assert_cmpint(q->image_index, ==, -1);
	g_assert_cmpuint(cp_diags_len(d), ==, 0);
}

/* CRLF and lone CR end lines for positions exactly as for cmark. */
static void test_spans_crlf(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	const char *body = "a\r\n\r\nb\rc\r\n\r\n# h\r\n";
	g_autoptr(cp_markup_doc) doc = cp_markup_parse(body, strlen(body), 1, 1, 1, d);
	g_assert_cmpuint(doc->n_blocks, ==, 3);
	g_assert_cmpuint(doc->blocks[1].span.line, ==, 3);
	g_assert_cmpstr(doc->blocks[1].runs[0].text, ==, "b c");
	g_assert_cmpuint(doc->blocks[2].span.line, ==, 6);
}

/* --- what is not printed ---------------------------------------------------- */

static void test_html(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	uint32_t file = cp_diags_add_file(d, "articles/h.yaml");
	const char *body = "前\n\n<div>\nblock\n</div>\n\nあいう<b>太字</b>\n";
	g_autoptr(cp_markup_doc) doc = cp_markup_parse(body, strlen(body), file, 20, 3, d);

	/* the HTML block is gone; the tags are gone, their text stays */
	g_autofree char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	cp_markup_dump(doc, f);
	fclose(f);
	g_assert_cmpstr(buf, ==, "para @20:3 \"前\"\npara @26:3 \"あいう太字\"\n");

	/* one warning per piece of HTML, at its own place: the block at body
	 * 3:1, the tags after "あいう" (3 characters) and after "<b>太字" */
	g_assert_cmpuint(cp_diags_len(d), ==, 3);
	const uint32_t want[3][2] = {{22, 3}, {26, 6}, {26, 11}};
	for (size_t i = 0; i < 3; i++) {
		const cp_diag *w = cp_diags_get(d, i);
		g_assert_cmpint(w->code, ==, CP_DIAG_MARKUP_IGNORED);
		g_assert_cmpint(w->sev, ==, CP_WARNING);
		g_assert_cmpstr(w->msg, ==, "raw HTML is not printed");
		g_assert_cmpuint(w->span.file, ==, file);
		g_assert_cmpuint(w->span.line, ==, want[i][0]);
		g_assert_cmpuint(w->span.col, ==, want[i][1]);
	}
}

/* A pipe table (not CommonMark) stays a paragraph of text, with one
 * warning at its first line; in a quote too. Bars in running text, or a
 * dashed line without bars (a setext heading), are no table. */
static void test_pipe_table(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	uint32_t file = cp_diags_add_file(d, "a.yaml");
	const char *body = "前\n\n| 品 | 値 |\n|---|:--:|\n| 豆 | 500円 |\n\n"
	                   "> 店 | 住所\n> --- | ---\n\nA | B は記号\nです\n\n見出し\n---\n";
	g_autoptr(cp_markup_doc) doc = cp_markup_parse(body, strlen(body), file, 10, 3, d);
	g_assert_cmpuint(doc->n_blocks, ==, 5);
	g_assert_cmpint(doc->blocks[1].kind, ==, CP_MK_PARA);
	g_assert_cmpint(doc->blocks[4].kind, ==, CP_MK_HEADING);
	g_assert_cmpuint(cp_diags_len(d), ==, 2);
	const uint32_t want[2][2] = {{12, 3}, {16, 5}};
	for (size_t i = 0; i < 2; i++) {
		const cp_diag *w = cp_diags_get(d, i);
		g_assert_cmpint(w->code, ==, CP_DIAG_MARKUP_IGNORED);
		g_assert_nonnull(strstr(w->msg, "canpress sets no tables"));
		g_assert_cmpuint(w->span.line, ==, want[i][0]);
		g_assert_cmpuint(w->span.col, ==, want[i][1]);
	}
}

/* Depth of every block stays within the cap. */
static void assert_capped(const cp_markup_doc *doc)
{
	for (size_t i = 0; i < doc->n_blocks; i++) {
		g_assert_cmpint(doc->blocks[i].quote, <=, 8);
		g_assert_cmpint(doc->blocks[i].level, <=, 8);
		g_assert_cmpint(doc->blocks[i].quote +
		                    (doc->blocks[i].kind == CP_MK_ITEM ? doc->blocks[i].level : 0),
		                <=, 8);
	}
}

static void test_deep_nesting(void)
{
	/* twelve quotes: set at depth 8, one warning */
	g_autoptr(cp_diags) d = cp_diags_new();
	const char *q12 = "> > > > > > > > > > > > 深い\n";
	g_autoptr(cp_markup_doc) doc = cp_markup_parse(q12, strlen(q12), 1, 1, 1, d);
	g_assert_cmpuint(doc->n_blocks, ==, 1);
	g_assert_cmpint(doc->blocks[0].quote, ==, 8);
	g_assert_cmpstr(doc->blocks[0].runs[0].text, ==, "深い");
	g_assert_cmpuint(cp_diags_len(d), ==, 1);
	g_assert_cmpint(cp_diags_get(d, 0)->code, ==, CP_DIAG_MARKUP_IGNORED);
	g_assert_cmpuint(cp_diags_get(d, 0)->span.col, ==, 17); /* the ninth '>' */

	/* ten nested lists under two quotes: lists get the 6 levels left */
	g_autoptr(GString) s = g_string_new("> > ");
	for (int i = 0; i < 10; i++)
		g_string_append(s, "- ");
	g_string_append(s, "x\n");
	g_autoptr(cp_diags) d2 = cp_diags_new();
	g_autoptr(cp_markup_doc) doc2 = cp_markup_parse(s->str, s->len, 1, 1, 1, d2);
	assert_capped(doc2);
	const cp_mk_block *last = &doc2->blocks[doc2->n_blocks - 1];
	g_assert_cmpint(last->kind, ==, CP_MK_ITEM);
	g_assert_cmpint(last->quote, ==, 2);
	g_assert_cmpint(last->level, ==, 6);
	g_assert_cmpstr(last->runs[0].text, ==, "x");
	g_assert_cmpuint(cp_diags_len(d2), ==, 1);

	/* after a deep part, shallow text is at its real depth again */
	ASSERT_DUMP("> a\n\nb\n", "quote 1 para @1:3 \"a\"\npara @3:1 \"b\"\n");
}

/* The size of a hostile body: a megabyte. Sanitizer builds run the same
 * patterns at an eighth of that: the test's suite sets ASAN_OPTIONS
 * fast_unwind_on_malloc=0, which makes each of cmark's million node
 * allocations slow enough to pass meson's timeout, while memory errors
 * show as well at 128 KB. */
#if defined(__SANITIZE_ADDRESS__)
#define HOSTILE_BYTES (128 * 1024)
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HOSTILE_BYTES (128 * 1024)
#endif
#endif
#ifndef HOSTILE_BYTES
#define HOSTILE_BYTES (1024 * 1024)
#endif

/* A hostile body of one repeated pattern must parse, stay capped and
 * finish (cmark and the walk are both iterative and linear). */
static void hostile(const char *unit, const char *tail)
{
	g_autoptr(GString) s = g_string_new(NULL);
	while (s->len < HOSTILE_BYTES)
		g_string_append(s, unit);
	g_string_append(s, tail);
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_markup_doc) doc = cp_markup_parse(s->str, s->len, 1, 1, 1, d);
	assert_capped(doc);
	/* warnings are bounded: at most one for depth, plus per-node ones */
	g_assert_cmpuint(cp_diags_count(d, CP_ERROR), ==, 0);
}

static void test_hostile(void)
{
	hostile(">", " 引用\n");
	hostile("[", "x\n");
	hostile("*", "x\n");
	hostile("- ", "x\n");
	hostile("1. ", "x\n");
	hostile("![", "x](y)\n");
	hostile("*a **b ", "\n");
	hostile("あ\n", "");
}

/* A NULL or empty body and a body with NUL bytes are handled. */
static void test_odd_input(void)
{
	g_autoptr(cp_diags) d = cp_diags_new();
	g_autoptr(cp_markup_doc) empty = cp_markup_parse(NULL, 0, 1, 1, 1, d);
	g_assert_cmpuint(empty->n_blocks, ==, 0);
	const char nul[] = "a\0b\n\xff\xfe x";
	g_autoptr(cp_markup_doc) doc = cp_markup_parse(nul, sizeof nul - 1, 1, 1, 1, d);
	g_assert_cmpuint(doc->n_blocks, ==, 1);
	g_assert_true(g_utf8_validate(doc->blocks[0].runs[0].text, -1, NULL));
	cp_markup_doc_free(NULL);
}

/* Every kind has a dump name. */
static void test_kind_names(void)
{
	for (int k = 0; k < CP_MK_KIND_COUNT; k++)
		g_assert_nonnull(cp_mk_kind_names[k]);
	g_assert_cmpstr(cp_mk_kind_names[CP_MK_FIGURE], ==, "figure");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/markup/blocks/paragraphs-headings", test_paragraphs_and_headings);
	g_test_add_func("/markup/blocks/lists", test_lists);
	g_test_add_func("/markup/blocks/quotes", test_quotes);
	g_test_add_func("/markup/blocks/figures", test_figures);
	g_test_add_func("/markup/blocks/image-in-text", test_image_in_text);
	g_test_add_func("/markup/blocks/break-code", test_break_and_code);
	g_test_add_func("/markup/inline/styles", test_inline_styles);
	g_test_add_func("/markup/inline/soft-breaks", test_soft_breaks);
	g_test_add_func("/markup/inline/link-schemes", test_link_schemes);
	g_test_add_func("/markup/inline/no-smart", test_no_smart_punctuation);
	g_test_add_func("/markup/notation/forms", test_notations);
	g_test_add_func("/markup/notation/escapes", test_notation_escapes);
	g_test_add_func("/markup/notation/errors", test_notation_errors);
	g_test_add_func("/markup/notation/inline", test_notation_inline);
	g_test_add_func("/markup/spans/mapped", test_spans);
	g_test_add_func("/markup/spans/crlf", test_spans_crlf);
	g_test_add_func("/markup/ignored/html", test_html);
	g_test_add_func("/markup/ignored/pipe-table", test_pipe_table);
	g_test_add_func("/markup/limits/deep-nesting", test_deep_nesting);
	g_test_add_func("/markup/limits/hostile", test_hostile);
	g_test_add_func("/markup/limits/odd-input", test_odd_input);
	g_test_add_func("/markup/dump/kind-names", test_kind_names);
	return g_test_run();
}
