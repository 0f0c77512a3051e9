/* fuzz_markup.c - the body markup (libcmark + our walk into runs) under
 * hostile text, through cp_markup_parse exactly as the cli calls it.
 *
 * Input: byte 0 chooses the column the body starts at in its file (1..16),
 * byte 1 the line (1..256), as a block scalar's indentation and position
 * would; the rest is the body. Load only ever hands markup valid UTF-8
 * without NUL bytes (yamltree.c refuses anything else), so invalid
 * sequences are replaced by U+FFFD first, as the loader's contract would
 * have them: this target explores markup, not inputs load cannot produce.
 * The doc is dumped (to /dev/null) to walk every run and span. */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "markup/markup.h"
#include "tests/fuzz/fuzz.h"

static FILE *devnull;

void cp_fuzz_cleanup(void)
{
	g_clear_pointer(&devnull, fclose);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	if (devnull == NULL)
		devnull = fopen("/dev/null", "w");
	uint32_t col0 = 1u + (data[0] & 15u);
	uint32_t line0 = 1u + data[1];
	g_autofree char *text = g_utf8_make_valid((const char *)data + 2, (gssize)(size - 2));

	cp_diags *d = cp_diags_new();
	uint32_t file = cp_diags_add_file(d, "articles/fuzz.yaml");
	cp_markup_doc *doc = cp_markup_parse(text, strlen(text), file, line0, col0, d);
	g_assert(doc != NULL);

	/* every span points into the body: at or after where it starts */
	for (size_t i = 0; i < doc->n_blocks; i++) {
		const cp_mk_block *b = &doc->blocks[i];
		for (size_t k = 0; k < b->n_runs; k++) {
			const cp_mk_run *r = &b->runs[k];
			g_assert(r->text != NULL && strlen(r->text) == r->len);
			g_assert(r->span.line == 0 || r->span.line >= line0);
		}
	}
	cp_markup_dump(doc, devnull);
	cp_diags_print(d, devnull);
	cp_markup_doc_free(doc);
	cp_diags_free(d);
	return 0;
}
