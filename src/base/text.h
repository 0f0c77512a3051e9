/* text.h - writing text into the stages' text dumps. Audience: model,
 * markup, displist (their _dump functions) and tests. */
#ifndef CP_BASE_TEXT_H
#define CP_BASE_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Writes n bytes of s as a double-quoted string: \" \\ \n \t and \xnn for
 * other control bytes, everything else (UTF-8 included) as it is, so one
 * dump item stays on one line. s may be NULL (writes ""). */
void cp_text_put_quoted(FILE *f, const char *s, size_t n);

#endif
