/* fuzz_pdf.c - the readers of a PDF someone hands canpress: qpdf's parse
 * through press/reader.c (header, encryption, the page tree walk), the
 * content-stream lexer, preflight's object walk and content pass (colour
 * spaces, forms, patterns, images decoded under their caps) and impose's
 * page reading and writing, all inside the bounds of press/limits.h.
 *
 * Input: the bytes are a PDF file. They are also lexed directly as a
 * content stream (the lexer sees every byte pattern that way, not only
 * those inside a stream qpdf could parse). Byte 0's low bit chooses the
 * binding for impose.
 *
 * Checked: the lexer always moves forward and its tokens lie inside the
 * buffer; preflight either prints its verdicts or adds an error (never
 * neither); impose either writes its output or adds an error (never
 * neither). Impose writes to /dev/null, as a device target is written in
 * place: a regular output would be synced to disk on every input, which
 * on a shared machine made the target ten times slower (its temporary
 * files and renames are the hostile and press suites' to check). The
 * input file is written with stdio for the same reason (GLib syncs a file
 * it replaces). Crashes, hangs and sanitizer reports are libFuzzer's to
 * find. The scratch folder is made once per process and removed by
 * cp_fuzz_cleanup. */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "press/press_int.h"
#include "tests/fuzz/fuzz.h"

static char *dir;
static char *in_path;
static FILE *sink;

void cp_fuzz_cleanup(void)
{
	if (dir == NULL)
		return;
	g_unlink(in_path);
	g_rmdir(dir);
	g_clear_pointer(&in_path, g_free);
	g_clear_pointer(&dir, g_free);
	if (sink != NULL)
		fclose(sink);
	sink = NULL;
}

/* The lexer over any bytes: progress and bounds. */
static void lex(const uint8_t *data, size_t size)
{
	cp_press_lexer lx;
	cp_press_lexer_init(&lx, data, size);
	size_t last = 0;
	for (;;) {
		cp_press_tok t = cp_press_lexer_next(&lx);
		if (t.kind == CP_TOK_END)
			break;
		g_assert(t.start + t.len <= size);
		g_assert(lx.pos > last);
		g_assert(lx.pos <= size);
		last = lx.pos;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (dir == NULL) {
		dir = g_dir_make_tmp("cp-fuzz-pdf-XXXXXX", NULL);
		g_assert(dir != NULL);
		in_path = g_build_filename(dir, "in.pdf", NULL);
		sink = fopen("/dev/null", "w");
		g_assert(sink != NULL);
	}
	lex(data, size);
	FILE *f = fopen(in_path, "wb");
	g_assert(f != NULL);
	g_assert(fwrite(data, 1, size, f) == size || size == 0);
	g_assert(fclose(f) == 0);

	cp_press_preflight_opts o;
	cp_press_preflight_opts_init(&o);
	cp_press_preflight_result res;
	cp_diags *d = cp_diags_new();
	bool read = cp_press_preflight(in_path, &o, sink, &res, d);
	g_assert(read || cp_diags_failed(d));
	if (read)
		g_assert(res.passed + res.failed + res.warnings > 0);
	cp_diags_free(d);

	d = cp_diags_new();
	bool right = size > 0 && (data[0] & 1);
	bool imposed = cp_press_impose(in_path, "/dev/null", right, 1.0, d);
	g_assert(imposed != cp_diags_failed(d));
	cp_diags_free(d);
	return 0;
}
