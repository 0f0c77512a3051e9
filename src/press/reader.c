/* reader.c - opening a PDF someone hands canpress, and reading it inside
 * the bounds of limits.h: what `preflight` and `impose` share.
 *
 * Opening checks, in order, what qpdf would otherwise trip over: a regular
 * file (a FIFO would block, /dev/zero never ends), its size, the %PDF-
 * header (a JPEG named .pdf gets "not a PDF", not qpdf's attempt to rebuild
 * it), qpdf's parse (its error classed: password, damage, or a failure
 * inside qpdf, which is never shown as qpdf's "internal error" text),
 * encryption, and the page tree, walked by hand and iteratively before qpdf
 * walks it recursively. Every failure is one diagnostic naming the file,
 * and exit status 1.
 *
 * Reading counts against the reader's budgets: objects, operators, form
 * uses and decoded bytes, and the processor time. The first budget
 * exceeded adds its LIMIT error and sets `over`; every walk stops as soon
 * as a tick fails, so a hostile file costs at most one budget's worth.
 *
 * Streams are decoded under a cap: a FlateDecode filter by our own inflate,
 * which stops at the cap; the other filters through qpdf, but only when
 * their largest possible expansion of the input stays within the cap. */
#include "press/reader.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <zlib.h>

#include "base/files.h"

/* Processor time of this process, nanoseconds. */
static int64_t cpu_ns(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void cp_press_reader_error(cp_press_reader *r, cp_diag_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	/* translated here, as cp_diag_add does (po/update-pot knows the
	 * keyword) */
	g_autofree char *msg = g_strdup_vprintf(g_dgettext(GETTEXT_PACKAGE, fmt), ap);
	va_end(ap);
	cp_diag_add(r->d, code, r->span, NULL, "%s: %s", r->path, msg);
	r->over = true;
}

/* The budgets' limits, and the message for each (naming its limit as the
 * table in docs/hardening.md does). */
static const unsigned long long budget_max[CP_PRESS_BUDGET_COUNT] = {
    [CP_PRESS_BUDGET_OBJECTS] = CP_PRESS_MAX_OBJECTS,
    [CP_PRESS_BUDGET_OPERATORS] = CP_PRESS_MAX_OPERATORS,
    [CP_PRESS_BUDGET_FORMS] = CP_PRESS_MAX_FORM_USES,
    [CP_PRESS_BUDGET_DECODED] = CP_PRESS_MAX_DECODED_BYTES,
};

static void budget_exceeded(cp_press_reader *r, cp_press_budget b)
{
	unsigned long long max = budget_max[b];
	switch (b) {
	case CP_PRESS_BUDGET_OBJECTS:
		cp_press_reader_error(r, CP_DIAG_LIMIT,
		                      "more than %llu objects (limit: objects visited)", max);
		break;
	case CP_PRESS_BUDGET_OPERATORS:
		cp_press_reader_error(r, CP_DIAG_LIMIT,
		                      "more than %llu content tokens (limit: content operators)",
		                      max);
		break;
	case CP_PRESS_BUDGET_FORMS:
		cp_press_reader_error(r, CP_DIAG_LIMIT,
		                      "more than %llu form and pattern contents drawn "
		                      "(limit: form uses)",
		                      max);
		break;
	case CP_PRESS_BUDGET_DECODED:
	case CP_PRESS_BUDGET_COUNT:
		cp_press_reader_error(
		    r, CP_DIAG_LIMIT,
		    "more than %llu MiB of decoded streams (limit: decoded bytes)", max >> 20);
		break;
	}
}

bool cp_press_reader_tick(cp_press_reader *r, cp_press_budget b, unsigned long long n)
{
	if (r->over)
		return false;
	r->used[b] += n;
	if (r->used[b] > budget_max[b]) {
		budget_exceeded(r, b);
		return false;
	}
	/* the clock costs a system call: look at it every 4096 ticks */
	if ((++r->ticks & 4095) == 0 &&
	    cpu_ns() - r->start_ns > CP_PRESS_MAX_SECONDS * 1000000000ll) {
		cp_press_reader_error(r, CP_DIAG_LIMIT,
		                      "reading took more than %u seconds of processor time "
		                      "(limit: reading time)",
		                      CP_PRESS_MAX_SECONDS);
		return false;
	}
	return true;
}

/* qpdf's C API numbers its handles in the order it makes them (qpdf 11,
 * qpdf-c.cc new_object) and keeps each until it is released or the
 * qpdf_data is cleaned up; releasing a number twice, or one never made,
 * does nothing. */
qpdf_oh cp_press_reader_mark(cp_press_reader *r)
{
	return qpdf_oh_new_null(r->q);
}

void cp_press_reader_release(cp_press_reader *r, qpdf_oh mark)
{
	qpdf_oh end = qpdf_oh_new_null(r->q);
	for (qpdf_oh h = mark; h <= end; h++)
		qpdf_oh_release(r->q, h);
}

/* ---- opening --------------------------------------------------------------- */

/* Regular file, size, header. */
static bool check_file(cp_press_reader *r)
{
	GStatBuf st;
	if (g_stat(r->path, &st) != 0) {
		cp_diag_add(r->d, errno == ENOENT ? CP_DIAG_MISSING_FILE : CP_DIAG_NOT_A_FILE,
		            r->span, NULL, "cannot read '%s': %s", r->path, g_strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		cp_diag_add(r->d, CP_DIAG_NOT_A_FILE, r->span, NULL,
		            "'%s' is not a regular file (a folder, device or pipe)", r->path);
		return false;
	}
	r->file_bytes = (unsigned long long)st.st_size;
	if ((unsigned long long)st.st_size > CP_PRESS_MAX_FILE_BYTES) {
		cp_diag_add(r->d, CP_DIAG_LIMIT, r->span, NULL,
		            "%s: larger than %llu MiB (limit: PDF file size)", r->path,
		            CP_PRESS_MAX_FILE_BYTES >> 20);
		return false;
	}
	size_t n = 0;
	int header = cp_file_pdf_header(r->path, &n);
	if (header < 0) {
		cp_diag_add(r->d, CP_DIAG_NOT_A_FILE, r->span, NULL, "cannot read '%s': %s",
		            r->path, g_strerror(errno));
		return false;
	}
	if (header == 1)
		return true;
	cp_diag_add(r->d, CP_DIAG_PRESS, r->span, NULL,
	            /* N_: xgettext does not look into a conditional argument */
	            n == 0 ? N_("%s: the file is empty, not a PDF")
	                   : N_("%s: not a PDF (no %%PDF- header in its first 1024 bytes)"),
	            r->path);
	return false;
}

/* qpdf's pending error as one diagnostic. A failure inside qpdf (its
 * "internal error") says only that the file is damaged: its text names
 * qpdf's source, not the file. */
static void qpdf_failed(cp_press_reader *r, const char *doing)
{
	qpdf_error e = qpdf_has_error(r->q) ? qpdf_get_error(r->q) : NULL;
	enum qpdf_error_code_e code = e != NULL ? qpdf_get_error_code(r->q, e) : qpdf_e_internal;
	const char *detail = e != NULL ? qpdf_get_error_message_detail(r->q, e) : NULL;
	switch (code) {
	case qpdf_e_password:
		cp_press_reader_error(r, CP_DIAG_PRESS,
		                      "the PDF is protected by a password; canpress reads only "
		                      "PDFs without encryption");
		return;
	case qpdf_e_unsupported:
		cp_press_reader_error(r, CP_DIAG_PRESS,
		                      "%s: a PDF feature canpress cannot read: %s", doing,
		                      detail != NULL && *detail ? detail : "unsupported");
		return;
	case qpdf_e_system:
		cp_press_reader_error(r, CP_DIAG_PRESS, "%s: %s", doing,
		                      detail != NULL && *detail ? detail : "input/output error");
		return;
	case qpdf_e_damaged_pdf:
	case qpdf_e_pages:
	case qpdf_e_object:
		if (detail != NULL && *detail != '\0') {
			cp_press_reader_error(r, CP_DIAG_PRESS, "%s: the PDF is damaged: %s", doing,
			                      detail);
			return;
		}
		break;
	default:
		break;
	}
	cp_press_reader_error(r, CP_DIAG_PRESS,
	                      "%s: the PDF is damaged beyond what canpress can repair", doing);
}

/* The page tree, walked iteratively: depth, node count, loops. qpdf's own
 * walk (qpdf_get_num_pages) is recursive and copies a page named twice, so
 * it runs only on a tree that passed this. */
typedef struct node {
	qpdf_oh oh;
	unsigned depth;
} node;

static bool check_page_tree(cp_press_reader *r)
{
	qpdf_data q = r->q;
	qpdf_oh pages = qpdf_oh_get_key(q, qpdf_get_root(q), "/Pages");
	if (!qpdf_oh_is_dictionary(q, pages)) {
		cp_press_reader_error(r, CP_DIAG_PRESS, "the PDF has no page tree (/Pages)");
		return false;
	}
	GArray *stack = g_array_new(FALSE, FALSE, sizeof(node));
	GHashTable *path = g_hash_table_new(g_direct_hash, g_direct_equal);
	node top = {pages, 1};
	g_array_append_val(stack, top);
	unsigned long long nodes = 0, n_pages = 0;
	bool ok = true;
	while (ok && stack->len > 0) {
		node n = g_array_index(stack, node, stack->len - 1);
		g_array_set_size(stack, stack->len - 1);
		qpdf_oh kids = qpdf_oh_get_key(q, n.oh, "/Kids");
		if (!qpdf_oh_is_array(q, kids)) {
			n_pages++; /* a leaf: a page */
			if (n_pages > CP_PRESS_MAX_PAGES) {
				cp_press_reader_error(r, CP_DIAG_LIMIT,
				                      "more than %u pages (limit: pages)",
				                      CP_PRESS_MAX_PAGES);
				ok = false;
			}
			continue;
		}
		if (n.depth > CP_PRESS_MAX_PAGE_TREE_DEPTH) {
			cp_press_reader_error(r, CP_DIAG_LIMIT,
			                      "the page tree is nested more than %u levels deep "
			                      "(limit: page tree depth)",
			                      CP_PRESS_MAX_PAGE_TREE_DEPTH);
			ok = false;
			break;
		}
		/* a /Pages node met again: a loop, or a node shared by two
		 * parents; PDF allows neither */
		int id = qpdf_oh_get_object_id(q, n.oh);
		if (id != 0 && !g_hash_table_add(path, GINT_TO_POINTER(id))) {
			cp_press_reader_error(r, CP_DIAG_PRESS,
			                      "the page tree reaches object %d twice (a loop)", id);
			ok = false;
			break;
		}
		int k = qpdf_oh_get_array_n_items(q, kids);
		for (int i = k - 1; i >= 0 && ok; i--) {
			if (++nodes > CP_PRESS_MAX_PAGE_TREE_NODES) {
				cp_press_reader_error(r, CP_DIAG_LIMIT,
				                      "the page tree has more than %u nodes "
				                      "(limit: page tree nodes)",
				                      CP_PRESS_MAX_PAGE_TREE_NODES);
				ok = false;
				break;
			}
			qpdf_oh kid = qpdf_oh_get_array_item(q, kids, i);
			if (!qpdf_oh_is_dictionary(q, kid)) {
				qpdf_oh_release(q, kid);
				continue;
			}
			node c = {kid, n.depth + 1};
			g_array_append_val(stack, c);
		}
	}
	g_array_free(stack, TRUE);
	g_hash_table_destroy(path);
	return ok;
}

/* Streams qpdf decodes whole by itself, before or while it parses: the
 * cross-reference streams (/Type /XRef, during qpdf_read) and the object
 * streams (/Type /ObjStm, at the first object read from one). A 1 MB
 * object stream inflating to 1 GB cost qpdf 2 GB and twelve seconds, and
 * nothing outside qpdf sees it happen; so the file's bytes are searched
 * for both names first, and the data after each such dictionary is
 * inflated here, counted and thrown away 64 KiB at a time, under the
 * content cap. Bytes that are no zlib stream are qpdf's to judge. */
static bool check_internal_streams(cp_press_reader *r, const unsigned char *b, size_t n)
{
	static const char *const names[] = {"/ObjStm", "/XRef"};
	unsigned char scratch[64 * 1024];
	for (size_t k = 0; k < G_N_ELEMENTS(names); k++) {
		size_t nl = strlen(names[k]);
		const unsigned char *p = b;
		while (!r->over && (p = memmem(p, n - (size_t)(p - b), names[k], nl)) != NULL) {
			p += nl;
			/* the stream keyword after the dictionary (not "endstream") */
			const unsigned char *end = b + n;
			const unsigned char *lim = p + MIN((size_t)(end - p), (size_t)65536);
			const unsigned char *s = p;
			while ((s = memmem(s, (size_t)(lim - s), "stream", 6)) != NULL &&
			       s[-1] == 'd')
				s += 6;
			if (s == NULL)
				continue;
			s += 6;
			if (s < end && *s == '\r')
				s++;
			if (s < end && *s == '\n')
				s++;
			const unsigned char *e = memmem(s, (size_t)(end - s), "endstream", 9);
			size_t len = (size_t)((e != NULL ? e : end) - s);
			z_stream z = {0};
			if (inflateInit(&z) != Z_OK)
				return false;
			z.next_in = (unsigned char *)s;
			z.avail_in = (uInt)MIN(len, (size_t)UINT_MAX);
			size_t total = 0;
			int rc;
			do {
				z.next_out = scratch;
				z.avail_out = sizeof scratch;
				rc = inflate(&z, Z_NO_FLUSH);
				size_t got = sizeof scratch - z.avail_out;
				total += got;
				if (!cp_press_reader_tick(r, CP_PRESS_BUDGET_DECODED, got))
					break;
				if (total <= CP_PRESS_MAX_CONTENT_BYTES)
					continue;
				if (k == 0)
					cp_press_reader_error(
					    r, CP_DIAG_LIMIT,
					    "an object stream at byte %zu inflates to more "
					    "than %u MiB (limit: decoded stream size)",
					    (size_t)(s - b), CP_PRESS_MAX_CONTENT_BYTES >> 20);
				else
					cp_press_reader_error(
					    r, CP_DIAG_LIMIT,
					    "a cross-reference stream at byte %zu inflates to "
					    "more than %u MiB (limit: decoded stream size)",
					    (size_t)(s - b), CP_PRESS_MAX_CONTENT_BYTES >> 20);
				break;
			} while (rc == Z_OK && z.avail_out == 0);
			inflateEnd(&z);
		}
	}
	return !r->over;
}

bool cp_press_reader_open(cp_press_reader *r, const char *path, cp_diags *d)
{
	return cp_press_reader_open_at(r, path, CP_SPAN_NONE, d);
}

bool cp_press_reader_open_at(cp_press_reader *r, const char *path, cp_span span, cp_diags *d)
{
	memset(r, 0, sizeof *r);
	r->path = path;
	r->span = span;
	r->d = d;
	r->start_ns = cpu_ns();
	if (!check_file(r)) {
		r->over = true;
		return false;
	}
	r->q = qpdf_init();
	qpdf_silence_errors(r->q);
	qpdf_set_suppress_warnings(r->q, QPDF_TRUE);
	/* qpdf reads a file with a seek and a read per object (a system call
	 * each, most of impose's time on 10,000 pages); a file of ordinary
	 * size is read once and parsed from memory */
	QPDF_ERROR_CODE rc;
	gsize size = 0;
	if (r->file_bytes <= CP_PRESS_MAX_IN_MEMORY_BYTES &&
	    g_file_get_contents(path, &r->data, &size, NULL)) {
		if (!check_internal_streams(r, (const unsigned char *)r->data, size))
			return false;
		rc = qpdf_read_memory(r->q, path, r->data, size, NULL);
	} else {
		/* a big file is searched through a read-only mapping */
		g_autoptr(GMappedFile) map = g_mapped_file_new(path, FALSE, NULL);
		if (map != NULL && !check_internal_streams(
		                       r, (const unsigned char *)g_mapped_file_get_contents(map),
		                       g_mapped_file_get_length(map)))
			return false;
		rc = qpdf_read(r->q, path, NULL);
	}
	if (rc & QPDF_ERRORS) {
		qpdf_failed(r, "cannot read the PDF");
		return false;
	}
	if (qpdf_is_encrypted(r->q)) {
		cp_press_reader_error(r, CP_DIAG_PRESS,
		                      "the PDF is encrypted; canpress reads only PDFs without "
		                      "encryption (PDF/X forbids it)");
		return false;
	}
	if (!check_page_tree(r))
		return false;
	int n = qpdf_get_num_pages(r->q);
	if (n < 0 || qpdf_has_error(r->q)) {
		qpdf_failed(r, "cannot read the page tree");
		return false;
	}
	r->n_pages = n;
	qpdf_oh_release_all(r->q);
	return true;
}

void cp_press_reader_close(cp_press_reader *r)
{
	if (r->q == NULL) {
		g_clear_pointer(&r->data, g_free);
		return;
	}
	/* an error left pending is printed by qpdf_cleanup ("application did
	 * not handle error"): every one that matters was reported already */
	if (qpdf_has_error(r->q))
		(void)qpdf_get_error(r->q);
	qpdf_cleanup(&r->q);
	g_clear_pointer(&r->data, g_free); /* qpdf read from it until now */
}

/* A cap for a message: "64 MiB", "40 KiB", "900 bytes". g_free it. */
static char *size_text(size_t n)
{
	if (n >= 1024 * 1024)
		return g_strdup_printf("%zu MiB", n >> 20);
	if (n >= 1024)
		return g_strdup_printf("%zu KiB", n >> 10);
	return g_strdup_printf("%zu bytes", n);
}

/* ---- streams ------------------------------------------------------------- */

/* A filter's name without its abbreviation (PDF 1.7 table H.7: inline
 * images may use the short forms). */
static const char *filter_name(const char *f)
{
	static const char *const pairs[][2] = {
	    {"/Fl", "/FlateDecode"}, {"/AHx", "/ASCIIHexDecode"}, {"/A85", "/ASCII85Decode"},
	    {"/LZW", "/LZWDecode"},  {"/RL", "/RunLengthDecode"}, {"/DCT", "/DCTDecode"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++)
		if (strcmp(f, pairs[i][0]) == 0)
			return pairs[i][1];
	return f;
}

/* How many times a filter can multiply its input at most; 0 when qpdf
 * cannot decode it at all (JBIG2, JPX, CCITT, Crypt: images only). */
static double max_ratio(const char *f)
{
	if (!strcmp(f, "/ASCIIHexDecode"))
		return 0.5;
	if (!strcmp(f, "/ASCII85Decode"))
		return 4; /* "z" is four zero bytes */
	if (!strcmp(f, "/RunLengthDecode"))
		return 128;
	if (!strcmp(f, "/FlateDecode"))
		return 1032; /* deflate's largest ratio */
	if (!strcmp(f, "/LZWDecode"))
		return 4096; /* a 9-bit code stands for at most 4096 bytes */
	return 0;
}

/* Inflates src into a new buffer of at most cap bytes. Damage ends the
 * data where it is (as readers do); more than cap is a limit error. */
static unsigned char *inflate_capped(cp_press_reader *r, const unsigned char *src, size_t len,
                                     size_t cap, const char *what, size_t *out_len)
{
	z_stream z = {0};
	if (inflateInit(&z) != Z_OK)
		return NULL;
	size_t size = MIN(MAX(len * 4, (size_t)4096), cap + 1);
	unsigned char *out = g_malloc(size);
	size_t have = 0;
	z.next_in = (unsigned char *)src;
	z.avail_in = (uInt)MIN(len, (size_t)UINT_MAX);
	for (;;) {
		if (have == size) {
			if (size > cap) {
				g_free(out);
				inflateEnd(&z);
				g_autofree char *most = size_text(cap);
				cp_press_reader_error(r, CP_DIAG_LIMIT,
				                      "%s inflates to more than %s "
				                      "(limit: decoded stream size)",
				                      what, most);
				return NULL;
			}
			size = MIN(size * 2, cap + 1);
			out = g_realloc(out, size);
		}
		z.next_out = out + have;
		z.avail_out = (uInt)MIN(size - have, (size_t)UINT_MAX);
		int rc = inflate(&z, Z_NO_FLUSH);
		size_t got = (size_t)(z.next_out - (out + have));
		have += got;
		if (!cp_press_reader_tick(r, CP_PRESS_BUDGET_DECODED, got)) {
			g_free(out);
			inflateEnd(&z);
			return NULL;
		}
		/* the end, damage (the data so far stands, as in readers), or
		 * the input used up without an end; else more room is needed */
		if (rc == Z_STREAM_END || (rc != Z_OK && rc != Z_BUF_ERROR))
			break;
		if (z.avail_out > 0)
			break;
	}
	inflateEnd(&z);
	*out_len = have;
	return out;
}

/* One filter through qpdf, on a scratch stream holding data; NULL when
 * qpdf cannot decode it. */
static unsigned char *qpdf_filter(cp_press_reader *r, const unsigned char *data, size_t len,
                                  const char *filter, qpdf_oh parms, size_t *out_len)
{
	qpdf_data q = r->q;
	qpdf_oh s = qpdf_oh_new_stream(q);
	qpdf_oh_replace_stream_data(q, s, data, len, qpdf_oh_new_name(q, filter),
	                            qpdf_oh_is_dictionary(q, parms) ? parms : qpdf_oh_new_null(q));
	unsigned char *buf = NULL;
	QPDF_BOOL filtered = QPDF_FALSE;
	*out_len = 0;
	bool ok =
	    !(qpdf_oh_get_stream_data(q, s, qpdf_dl_all, &filtered, &buf, out_len) & QPDF_ERRORS) &&
	    filtered;
	if (qpdf_has_error(q))
		(void)qpdf_get_error(q);
	/* the scratch stream keeps a copy of its data until qpdf_cleanup */
	qpdf_oh_replace_stream_data(q, s, (const unsigned char *)"", 0, qpdf_oh_new_null(q),
	                            qpdf_oh_new_null(q));
	qpdf_oh_release(q, s);
	if (!ok) {
		free(buf);
		return NULL;
	}
	return buf; /* malloc'd: g_free is free since GLib 2.46 */
}

/* The size a JPEG decodes to, from its first SOF marker (ITU T.81 annex
 * B.2.2): width x height x components bytes. 0 when there is none. */
static double jpeg_bytes(const unsigned char *b, size_t n)
{
	if (n < 4 || b[0] != 0xFF || b[1] != 0xD8)
		return 0;
	size_t p = 2;
	while (p + 4 <= n) {
		if (b[p] != 0xFF)
			return 0;
		unsigned m = b[p + 1];
		if (m == 0xFF) { /* fill byte */
			p++;
			continue;
		}
		if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) { /* no length */
			p += 2;
			continue;
		}
		size_t seg = (size_t)b[p + 2] << 8 | b[p + 3];
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (p + 10 > n)
				return 0;
			double h = b[p + 5] << 8 | b[p + 6];
			double w = b[p + 7] << 8 | b[p + 8];
			return w * h * b[p + 9];
		}
		if (seg < 2)
			return 0;
		p += 2 + seg;
	}
	return 0;
}

unsigned char *cp_press_reader_stream(cp_press_reader *r, qpdf_oh stream, size_t cap,
                                      const char *what, size_t *len)
{
	qpdf_data q = r->q;
	*len = 0;
	if (r->over || !qpdf_oh_is_stream(q, stream))
		return NULL;
	/* the raw bytes: at most the file's size */
	unsigned char *raw = NULL;
	size_t n = 0;
	QPDF_BOOL filtered = QPDF_FALSE;
	if (qpdf_oh_get_stream_data(q, stream, qpdf_dl_none, &filtered, &raw, &n) & QPDF_ERRORS) {
		free(raw);
		if (qpdf_has_error(q))
			(void)qpdf_get_error(q);
		return NULL;
	}
	unsigned char *cur = raw != NULL ? raw : g_malloc0(1);

	qpdf_oh dict = qpdf_oh_get_dict(q, stream);
	qpdf_oh filters = qpdf_oh_get_key(q, dict, "/Filter");
	qpdf_oh parms = qpdf_oh_get_key(q, dict, "/DecodeParms");
	int k = qpdf_oh_is_array(q, filters)  ? qpdf_oh_get_array_n_items(q, filters)
	        : qpdf_oh_is_name(q, filters) ? 1
	                                      : 0;
	for (int i = 0; i < k && cur != NULL; i++) {
		qpdf_oh f =
		    qpdf_oh_is_array(q, filters) ? qpdf_oh_get_array_item(q, filters, i) : filters;
		qpdf_oh p =
		    qpdf_oh_is_array(q, parms) ? qpdf_oh_get_array_item(q, parms, i) : parms;
		if (!qpdf_oh_is_name(q, f)) {
			g_clear_pointer(&cur, g_free);
			break;
		}
		g_autofree char *name = g_strdup(filter_name(qpdf_oh_get_name(q, f)));
		double predictor = cp_press_num(q, qpdf_oh_get_key_if_dict(q, p, "/Predictor"), 1);
		unsigned char *next = NULL;
		size_t m = 0;
		if (!strcmp(name, "/FlateDecode") && predictor <= 1) {
			next = inflate_capped(r, cur, n, cap, what, &m);
		} else if (!strcmp(name, "/DCTDecode") && i == k - 1) {
			/* a JPEG decodes to the size its header says */
			double size = jpeg_bytes(cur, n);
			if (size > (double)cap) {
				g_autofree char *most = size_text(cap);
				cp_press_reader_error(r, CP_DIAG_LIMIT,
				                      "%s is a JPEG that decodes to more than %s "
				                      "(limit: decoded stream size)",
				                      what, most);
			} else if (size > 0) {
				next = qpdf_filter(r, cur, n, name, p, &m);
				if (next != NULL &&
				    !cp_press_reader_tick(r, CP_PRESS_BUDGET_DECODED, m))
					g_clear_pointer(&next, g_free);
			}
		} else if (max_ratio(name) > 0) {
			if ((double)n * max_ratio(name) > (double)cap) {
				g_autofree char *most = size_text(cap);
				cp_press_reader_error(
				    r, CP_DIAG_LIMIT,
				    "%s (%zu bytes through %s) could decode to more than "
				    "%s (limit: decoded stream size)",
				    what, n, name + 1, most);
			} else {
				next = qpdf_filter(r, cur, n, name, p, &m);
				if (next != NULL &&
				    !cp_press_reader_tick(r, CP_PRESS_BUDGET_DECODED, m))
					g_clear_pointer(&next, g_free);
			}
		}
		/* else: an image filter qpdf cannot decode (JPX, JBIG2,
		 * CCITT), or a JPEG not last in the chain */
		g_free(cur);
		cur = next;
		n = m;
	}
	qpdf_oh_release(q, filters);
	qpdf_oh_release(q, parms);
	qpdf_oh_release(q, dict);
	if (cur == NULL)
		return NULL;
	*len = n;
	return cur;
}

unsigned char *cp_press_reader_page_content(cp_press_reader *r, qpdf_oh page, const char *what,
                                            size_t *len)
{
	qpdf_data q = r->q;
	*len = 0;
	qpdf_oh contents = qpdf_oh_get_key(q, page, "/Contents");
	int k = qpdf_oh_is_array(q, contents) ? qpdf_oh_get_array_n_items(q, contents) : 1;
	GByteArray *all = g_byte_array_new();
	for (int i = 0; i < k && !r->over; i++) {
		qpdf_oh s = qpdf_oh_is_array(q, contents) ? qpdf_oh_get_array_item(q, contents, i)
		                                          : contents;
		size_t n = 0;
		if (all->len >= CP_PRESS_MAX_CONTENT_BYTES) {
			cp_press_reader_error(
			    r, CP_DIAG_LIMIT,
			    "%s is longer than %u MiB (limit: decoded stream size)", what,
			    CP_PRESS_MAX_CONTENT_BYTES >> 20);
			break;
		}
		g_autofree unsigned char *data =
		    cp_press_reader_stream(r, s, CP_PRESS_MAX_CONTENT_BYTES - all->len, what, &n);
		if (data != NULL) {
			g_byte_array_append(all, data, (guint)n);
			/* streams of an array are joined at a token boundary */
			g_byte_array_append(all, (const guint8 *)"\n", 1);
		}
		if (s != contents)
			qpdf_oh_release(q, s);
	}
	qpdf_oh_release(q, contents);
	if (r->over) {
		g_byte_array_free(all, TRUE);
		return NULL;
	}
	*len = all->len;
	return g_byte_array_free(all, FALSE);
}
