/* fuzz.h - what every fuzz target of tests/fuzz/ provides, so that the same
 * target function runs under libFuzzer (-Dfuzzing=true) and under replay.c,
 * the plain driver every build runs as the `fuzz` suite. Audience:
 * tests/fuzz/ only. */
#ifndef CP_TESTS_FUZZ_H
#define CP_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry point: one input, any bytes. Returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Releases what a target keeps between inputs (temporary folders, engines),
 * so that a replay run ends with nothing leaked for LeakSanitizer or
 * valgrind to report. libFuzzer never calls it; replay.c does at the end. */
void cp_fuzz_cleanup(void);

#endif
