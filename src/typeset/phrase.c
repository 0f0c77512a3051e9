/* phrase.c - display text broken between phrases (issue 12): titles,
 * subtitles, headings, catch copy, contents entries and card names.
 *
 * Body text breaks between any two characters that kinsoku allows; a title
 * broken that way reads badly (特|別に, かかりつ|け医, ぬる|燗). Display text
 * breaks only between phrases (bunsetsu: a word with the particles and the
 * punctuation that follow it). The words come from ICU's word break
 * iterator for Japanese, which segments kana and kanji with its dictionary
 * (UAX #29 plus the CJ dictionary of ICU's data); the phrases from one rule
 * on top of it:
 *
 *   1. A phrase ends after a particle or after punctuation. A particle is
 *      a word ICU returns written wholly in hiragana that is one of the
 *      particles of school grammar (case, binding, adverbial, conjunctive
 *      and final particles: の を に が は で と へ も や から まで より だけ
 *      ..., `particles` below), or the hiragana ending of a word ICU
 *      returns with its kanji when that ending is a case or binding
 *      particle (後に, 時間に: `tails` below); punctuation is a word ICU
 *      gives no word status (、 。 ！ ？ closing brackets, spaces). A
 *      particle or punctuation that follows another stays with it
 *      (「一歩」から。 is one phrase), and an opening bracket starts a
 *      phrase after any word. A final or conjunctive particle that is also
 *      an inflection's kana ending (さ わ な て って ..., `endings` below)
 *      counts only when no hiragana word follows it: ICU's dictionary
 *      splits some verbs there (交|わ|さ|れる, 使|って|きた).
 *   2. A phrase also ends after an inflected ending written in kana (a
 *      hiragana word of two or more characters inside a phrase: なる in
 *      見返したくなる, する in ほっとする) when a word written in kanji,
 *      katakana or Latin letters follows: 見返したくなる|一枚を.
 *   3. An auxiliary verb or inflected ending ICU returns on its own (ない
 *      ます れる です ..., `auxiliaries` below) never starts a phrase, even
 *      after a word that is also a particle (わ|から|ない: から is the
 *      verb's, not the particle); a compound particle ICU returns whole
 *      (という, として, ...) is a particle (高くつく』という|言葉を).
 *   4. Katakana pieces of one or two characters that ICU's dictionary
 *      leaves of a word it does not know (サン|ラ|イズ) are joined into one
 *      word; the word after a middle dot continues the compound before it
 *      (サステナビリティ・トランスフォーメーションを is one phrase, with a
 *      word boundary after ・).
 *
 * Display text is broken at word boundaries inside a phrase only when the
 * phrases alone cannot set it in as many lines (breaks.c, phrase_only).
 *
 * So 暮らしの|片すみに、|季節を|ひと枝。 and 町を|走る自転車の、|かかりつけ医。:
 * a prefix written in kana (ひと, お, ぬる) starts its phrase and never ends
 * it, because it is no particle and no ending inside a phrase. Compound
 * words, names and verbs with their endings (株式会社ブルーハーバー,
 * 駆けつけます) stay whole.
 *
 * Every break that kinsoku allows elsewhere stays possible at a cost: at a
 * word boundary inside a phrase as a weak break (CP_TS_WEAK_WORD, taken only
 * when a phrase is wider than the line), between two characters only as an
 * emergency break (breaks.c), so a phrase longer than the measure still
 * fits. A line break written in the text is a hard break and always wins
 * (paragraph.c cuts hard lines before this step). */
#include "typeset/typeset.h"

#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "typeset/typeset_int.h"

/* The particles (joshi) of Japanese school grammar that ICU returns as
 * words of their own. */
static const char *const particles[] = {
    "の",
    "を",
    "に",
    "が",
    "は",
    "で",
    "と",
    "へ",
    "も",
    "や",
    "か",
    "ね",
    "よ",
    "な",
    "ぞ",
    "さ",
    "わ",
    "ば",
    "て",
    "から",
    "まで",
    "より",
    "だけ",
    "など",
    "ほど",
    "しか",
    "こそ",
    "でも",
    "ので",
    "のに",
    "ても",
    "けど",
    "けれど",
    "ながら",
    "ばかり",
    "くらい",
    "ぐらい",
    "って",
    "とか",
    "への",
    "での",
    "との",
    "では",
    "には",
    "とは",
    "へと",
    "からの",
    "までの",
    "よりも",
    "なら",
    "さえ",
    "すら",
    "のみ",
    "きり",
    "やら",
    "つつ",
    "ずつ",
    /* compound particles (IPADIC's 格助詞,連語) ICU returns whole */
    "という",
    "といった",
    "として",
    "について",
    "によって",
    "による",
    "にとって",
    NULL,
};

/* The auxiliary verbs (jodoushi) and inflected endings that ICU returns
 * as hiragana words of their own after a stem (わ|から|ない, 会|え|ます):
 * they never start a phrase, even after a word that looks like a particle
 * (から in わからない). */
static const char *const auxiliaries[] = {
    "ない",   "なかっ", "なかった", "なく",   "なけれ", "ます",   "まし", "ました", "ませ",
    "ません", "たい",   "たく",     "たかっ", "れる",   "られる", "せる", "させる", "ず",
    "ぬ",     "よう",   "らしい",   "です",   "でし",   "でした", "だっ", "だった", NULL,
};

/* The final and conjunctive particles that are also the kana endings of
 * inflected words, which ICU's dictionary sometimes returns as words of
 * their own (交|わ|さ|れる, 使|って|きた): such a particle ends a phrase
 * only when no hiragana word follows it (会えるかな。, 静かな町, 焼けば、). */
static const char *const endings[] = {
    "か", "ね", "よ", "な", "ぞ", "さ", "わ", "ば", "て", "って", NULL,
};

/* The case and binding particles that end a phrase when ICU returns them
 * glued to the kanji before them (後に); the final and conjunctive ones
 * (さ な て ば) would too often be a word's own kana ending. */
static const char *const tails[] = {
    "の",   "を",   "に",   "が",   "は",   "で",   "と",   "へ",   "も",   "や", "から",
    "まで", "より", "だけ", "には", "では", "とは", "への", "での", "との", NULL,
};

static bool in_list(const char *const *list, const char *s, size_t n)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
			return true;
	return false;
}

static bool is_hiragana(gunichar ch)
{
	return ch >= 0x3041 && ch <= 0x309F;
}

/* A word that starts in kanji and ends in a particle (後に). */
static bool particle_tail(const char *s, size_t n)
{
	const char *end = s + n;
	const char *t = end;
	while (t > s) {
		const char *p = g_utf8_prev_char(t);
		if (!is_hiragana(g_utf8_get_char(p)))
			break;
		t = p;
	}
	gunichar first = g_utf8_get_char(s);
	return t > s && t < end && first >= 0x3400 && first <= 0x9FFF &&
	       in_list(tails, t, (size_t)(end - t));
}

/* The kinds of ICU words the rule looks at. */
typedef enum word_kind { W_WORD, W_PARTICLE, W_PUNCT, W_OPEN } word_kind;

typedef struct word {
	uint32_t start; /* byte offset in the paragraph text */
	word_kind kind;
	bool kana;   /* written wholly in hiragana, two or more characters */
	bool letter; /* starts with kanji, katakana or a Latin letter or digit */
	bool starts; /* starts a phrase (the rule's result) */
	bool tail;   /* ends in a particle glued to its kanji (後に) */
	bool aux;    /* an auxiliary verb or inflected ending (auxiliaries) */
	bool dot;    /* a middle dot: the words either side make one compound */
} word;

/* Katakana or the prolonged sound mark (not the middle dot), full- or
 * half-width: a run of them is one word. */
static bool is_katakana(gunichar ch)
{
	return (ch >= 0x30A1 && ch <= 0x30FA) || ch == 0x30FC || (ch >= 0xFF66 && ch <= 0xFF9F);
}

/* Is s (n bytes) two or more hiragana? */
static bool all_hiragana(const char *s, size_t n)
{
	size_t k = 0;
	for (const char *p = s; p < s + n; p = g_utf8_next_char(p), k++) {
		gunichar ch = g_utf8_get_char(p);
		if (!is_hiragana(ch))
			return false;
	}
	return k >= 2;
}

/* The word boundaries of bytes [b0, b1) of text: appended to words. */
/* The typesetter's word break iterator, opened once (opening one for
 * "ja" loads its rules and dictionary engines: 40,000 instructions, a
 * third of the phrase analysis) and given each text with ubrk_setText. */
static UBreakIterator *word_iterator(cp_typesetter *ts, const UChar *u, int32_t n16,
                                     UErrorCode *err)
{
	if (ts->words == NULL) {
		ts->words = ubrk_open(UBRK_WORD, "ja", u, n16, err);
		return U_SUCCESS(*err) ? ts->words : NULL;
	}
	ubrk_setText(ts->words, u, n16, err);
	return U_SUCCESS(*err) ? ts->words : NULL;
}

void cp_ts_phrase_fini(cp_typesetter *ts)
{
	if (ts->words != NULL)
		ubrk_close(ts->words);
	ts->words = NULL;
}

static void icu_words(cp_typesetter *ts, const char *text, uint32_t b0, uint32_t b1, GArray *words)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t n16 = 0;
	u_strFromUTF8(NULL, 0, &n16, text + b0, (int32_t)(b1 - b0), &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return;
	err = U_ZERO_ERROR;
	UChar *u = g_new(UChar, (gsize)n16 + 1);
	u_strFromUTF8(u, n16 + 1, NULL, text + b0, (int32_t)(b1 - b0), &err);
	/* UTF-16 index -> byte offset */
	uint32_t *off = g_new(uint32_t, (gsize)n16 + 1);
	int32_t k = 0;
	for (const char *p = text + b0; p < text + b1 && k < n16; p = g_utf8_next_char(p)) {
		gunichar ch = g_utf8_get_char(p);
		off[k++] = (uint32_t)(p - text);
		if (ch > 0xFFFF && k < n16)
			off[k++] = (uint32_t)(p - text);
	}
	off[n16] = b1;
	UBreakIterator *bi = U_SUCCESS(err) ? word_iterator(ts, u, n16, &err) : NULL;
	if (bi != NULL) {
		int32_t a = ubrk_first(bi);
		glong prev_piece = 99; /* characters of the last katakana piece */
		for (int32_t b = ubrk_next(bi); b != UBRK_DONE; a = b, b = ubrk_next(bi)) {
			word w = {off[a], W_WORD, false, false, false, false, false, false};
			const char *s = text + off[a];
			size_t len = off[b] - off[a];
			gunichar ch = g_utf8_get_char(s);
			/* ICU's dictionary cuts katakana it does not know into
			 * pieces of one or two characters (サン|ラ|イズ, クラ|ウド):
			 * such a piece is joined to the katakana beside it. Longer
			 * pieces are the loanwords of a compound (ブルー|ハーバー,
			 * スマート|フォン), whose boundary stays a word boundary
			 * inside the phrase (a weak break, for a phrase wider than
			 * the line) */
			glong chars = g_utf8_strlen(s, (gssize)len);
			bool kata = is_katakana(ch) &&
			            is_katakana(g_utf8_get_char(g_utf8_prev_char(s + len)));
			if (words->len > 0 && off[a] > b0 && kata &&
			    (chars <= 2 || prev_piece <= 2) &&
			    is_katakana(g_utf8_get_char(g_utf8_prev_char(s))) &&
			    g_array_index(words, word, words->len - 1).kind == W_WORD) {
				prev_piece = chars;
				continue;
			}
			prev_piece = kata ? chars : 99;
			w.kana = all_hiragana(s, len);
			w.letter = g_unichar_isalnum(ch) && !(ch >= 0x3041 && ch <= 0x309F);
			if (ubrk_getRuleStatus(bi) < UBRK_WORD_NONE_LIMIT) {
				w.kind = cp_ts_class_of(ch) == CP_TS_CL_OPEN ? W_OPEN : W_PUNCT;
				w.dot = len == strlen("・") && (ch == 0x30FB || ch == 0xFF65);
			} else if (in_list(particles, s, len))
				w.kind = W_PARTICLE;
			else {
				w.tail = particle_tail(s, len);
				w.aux = in_list(auxiliaries, s, len);
			}
			g_array_append_val(words, w);
		}
	}
	if (bi != NULL) {
		/* the iterator keeps no pointer to the text freed below */
		static const UChar empty[1] = {0};
		UErrorCode e2 = U_ZERO_ERROR;
		ubrk_setText(bi, empty, 0, &e2);
	}
	g_free(off);
	g_free(u);
	/* an ending that is followed by a hiragana word (a particle too:
	 * わ|から|ない) is part of the inflected word, not a particle (endings
	 * above); from the end, so that a run of them (わ|さ|れる) is seen
	 * whole */
	for (guint i = words->len; i-- > 1;) {
		word *w = &g_array_index(words, word, i - 1);
		const word *n = &g_array_index(words, word, i);
		if (w->kind != W_PARTICLE || (n->kind != W_WORD && n->kind != W_PARTICLE) ||
		    !is_hiragana(g_utf8_get_char(text + n->start)))
			continue;
		size_t len = n->start - w->start;
		if (in_list(endings, text + w->start, len))
			w->kind = W_WORD;
	}
}

/* Does a phrase start with word w, after word p (rules 1 and 2)? */
static bool phrase_starts(const word *p, const word *w)
{
	if (w->kind == W_OPEN)
		return p->kind != W_OPEN;
	if (w->kind == W_PARTICLE || w->kind == W_PUNCT || w->aux)
		return false;
	/* the word after a middle dot continues its compound
	 * (サステナビリティ・トランスフォーメーション, 冷凍・冷蔵の): a break
	 * there is a word boundary inside the phrase */
	if (p->dot)
		return false;
	if (p->kind == W_PARTICLE || p->kind == W_PUNCT || p->tail)
		return true;
	return p->kind == W_WORD && p->kana && !p->starts && w->letter;
}

void cp_ts_phrase_gaps(cp_typesetter *ts, const char *text, cp_ts_cells *c)
{
	g_autoptr(GArray) words = g_array_new(FALSE, FALSE, sizeof(word));
	for (guint h = 0; h < c->hards->len; h++) {
		const cp_ts_hard *hd = &g_array_index(c->hards, cp_ts_hard, h);
		if (hd->c1 - hd->c0 < 2)
			continue;
		const cp_ts_cell *first = &g_array_index(c->cells, cp_ts_cell, hd->c0);
		const cp_ts_cell *last = &g_array_index(c->cells, cp_ts_cell, hd->c1 - 1);
		g_array_set_size(words, 0);
		icu_words(ts, text, first->start, last->start + last->len, words);
		for (guint k = 0; k < words->len; k++) {
			word *wk = &g_array_index(words, word, k);
			wk->starts =
			    k == 0 || phrase_starts(&g_array_index(words, word, k - 1), wk);
		}

		/* walk the gaps and the words together: gap i lies at the start
		 * byte of cell i + 1 */
		guint w = 0;
		for (uint32_t i = hd->c0; i + 1 < hd->c1; i++) {
			cp_ts_gap *g = &g_array_index(c->gaps, cp_ts_gap, i);
			uint32_t at = g_array_index(c->cells, cp_ts_cell, i + 1).start;
			while (w < words->len && g_array_index(words, word, w).start < at)
				w++;
			bool boundary =
			    w > 0 && w < words->len && g_array_index(words, word, w).start == at;
			if (!g->brk)
				continue;
			if (boundary && g_array_index(words, word, w).starts)
				continue;
			/* inside a phrase: a weak break at a word boundary, an
			 * emergency one elsewhere */
			g->brk = false;
			if (boundary)
				g->weak = CP_TS_WEAK_WORD;
			else
				g->urgent = true;
		}
	}
}
