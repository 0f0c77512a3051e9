/* ts_fixture.h - what the typesetter's unit tests (test_typeset.c,
 * test_ruby.c) share: the repository's private font configuration, a
 * typesetter on it, and the body style they set text in (9 pt Noto Serif
 * CJK JP on a 15 pt pitch, justified, black: every kanji and kana 9 pt
 * wide). */
#ifndef CP_TESTS_TS_FIXTURE_H
#define CP_TESTS_TS_FIXTURE_H

#include "typeset/typeset.h"

#define MINCHO "Noto Serif CJK JP"
#define TS_BODY_SIZE 9.0
#define TS_BODY_PITCH 15.0

/* fonts/fonts.conf of the source tree ($CP_SOURCE_DIR, else the one the
 * build was configured in); set by ts_fixture_init. */
extern char *conf_path;

/* Call first in main: unsets FONTCONFIG_FILE (the typesetter must not
 * read it) and finds the font configuration. ts_fixture_clear frees it. */
void ts_fixture_init(void);
void ts_fixture_clear(void);

/* A typesetter on the font configuration; asserts it opens. */
cp_typesetter *ts_open(cp_diags *d);

/* The body style (above). */
cp_ts_style body_style(void);

#endif
