/* writer.c - PDF objects as bytes: numbered objects with recorded offsets,
 * streams deflated by libdeflate, the cross-reference table and the trailer, and
 * the number and string formats every other file of the writer uses.
 *
 * Why bytes and not libqpdf's object API: the writer knows every object's
 * content when it writes it, so building a tree only to serialise it again
 * costs memory (the whole document at once) and time (docs/design-notes.md,
 * "The PDF writer", has the measurement). Writing is sequential; only the
 * xref needs the offsets, which are recorded as objects begin.
 *
 * Numbers are formatted here, never with printf("%f") (locale, and
 * exponents): a value is rounded to a fixed number of decimals as an
 * integer and printed from that, so the same double always gives the same
 * bytes. Write errors are sticky: the first errno is kept, later writes do
 * nothing, and the caller reports it once.
 *
 * Deflate: libdeflate rather than zlib (docs/design-notes.md, "Deflate
 * levels"): the writer always has a stream's whole bytes, which is what
 * libdeflate wants, and it makes smaller streams in less time at every
 * level. Its output is a plain zlib stream. A compressor holds 200-650 KB
 * that a fresh allocation faults in, so each thread keeps one per level
 * while it writes (cp_pdf_deflate_cached) and gives them back at the end
 * (cp_pdf_deflate_release). */
#include "pdf/pdf_int.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <libdeflate.h>

void cp_pdf_w_init(cp_pdf_w *w, FILE *f, const char *name, int level)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	w->name = name;
	w->level = level;
	w->offsets = g_array_new(FALSE, TRUE, sizeof(uint64_t));
	uint64_t zero = 0;
	g_array_append_val(w->offsets, zero); /* object 0 is the free list head */
	w->md5 = g_checksum_new(G_CHECKSUM_MD5);
	w->scratch = g_string_sized_new(256);
}

void cp_pdf_w_clear(cp_pdf_w *w)
{
	g_clear_pointer(&w->offsets, g_array_unref);
	g_clear_pointer(&w->md5, g_checksum_free);
	if (w->scratch != NULL)
		g_string_free(w->scratch, TRUE);
	w->scratch = NULL;
}

void cp_pdf_put(cp_pdf_w *w, const void *data, size_t len)
{
	if (w->err != 0 || len == 0)
		return;
	errno = 0;
	if (fwrite(data, 1, len, w->f) != len) {
		w->err = errno != 0 ? errno : EIO;
		return;
	}
	g_checksum_update(w->md5, data, (gssize)len);
	w->pos += len;
}

void cp_pdf_puts(cp_pdf_w *w, const char *s)
{
	cp_pdf_put(w, s, strlen(s));
}

void cp_pdf_printf(cp_pdf_w *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_string_vprintf(w->scratch, fmt, ap);
	va_end(ap);
	cp_pdf_put(w, w->scratch->str, w->scratch->len);
}

int cp_pdf_obj_new(cp_pdf_w *w)
{
	uint64_t none = 0;
	g_array_append_val(w->offsets, none);
	return (int)w->offsets->len - 1;
}

void cp_pdf_obj_begin(cp_pdf_w *w, int n)
{
	g_assert(n > 0 && (guint)n < w->offsets->len);
	g_assert(g_array_index(w->offsets, uint64_t, n) == 0); /* written once */
	g_array_index(w->offsets, uint64_t, n) = w->pos;
	char buf[32];
	int k = g_snprintf(buf, sizeof buf, "%d 0 obj\n", n);
	cp_pdf_put(w, buf, (size_t)k);
}

void cp_pdf_obj_end(cp_pdf_w *w)
{
	cp_pdf_puts(w, "\nendobj\n");
}

void cp_pdf_obj_put(cp_pdf_w *w, int n, const GString *body)
{
	cp_pdf_obj_begin(w, n);
	cp_pdf_put(w, body->str, body->len);
	cp_pdf_obj_end(w);
}

#define MAX_LEVEL 12 /* libdeflate's */

static unsigned char *deflate_with(struct libdeflate_compressor *c, const void *data, size_t len,
                                   size_t *zlen)
{
	size_t cap = libdeflate_zlib_compress_bound(c, len);
	unsigned char *z = g_malloc(cap);
	/* cannot fail with a bound-sized buffer */
	size_t n = libdeflate_zlib_compress(c, data, len, z, cap);
	g_assert(n > 0);
	*zlen = n;
	return z;
}

static struct libdeflate_compressor *new_compressor(int level)
{
	g_assert(level >= 1 && level <= MAX_LEVEL);
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
	if (c == NULL)
		g_error("out of memory (a deflate compressor)");
	return c;
}

unsigned char *cp_pdf_deflate(int level, const void *data, size_t len, size_t *zlen)
{
	struct libdeflate_compressor *c = new_compressor(level);
	unsigned char *z = deflate_with(c, data, len, zlen);
	libdeflate_free_compressor(c);
	return z;
}

/* The calling thread's compressors, by level. */
static __thread struct libdeflate_compressor *thread_z[MAX_LEVEL + 1];

unsigned char *cp_pdf_deflate_cached(int level, const void *data, size_t len, size_t *zlen)
{
	g_assert(level >= 1 && level <= MAX_LEVEL);
	if (thread_z[level] == NULL)
		thread_z[level] = new_compressor(level);
	return deflate_with(thread_z[level], data, len, zlen);
}

void cp_pdf_deflate_release(void)
{
	for (int i = 0; i <= MAX_LEVEL; i++)
		g_clear_pointer(&thread_z[i], libdeflate_free_compressor);
}

void cp_pdf_stream_z(cp_pdf_w *w, int n, const char *dict, const void *data, size_t len,
                     const char *filter)
{
	cp_pdf_obj_begin(w, n);
	cp_pdf_printf(w, "<<%s /Length %zu%s%s>>\nstream\n", dict, len,
	              filter != NULL ? " /Filter " : "", filter != NULL ? filter : "");
	cp_pdf_put(w, data, len);
	cp_pdf_puts(w, "\nendstream");
	cp_pdf_obj_end(w);
}

void cp_pdf_stream(cp_pdf_w *w, int n, const char *dict, const void *data, size_t len, bool deflate,
                   const char *extra_filter)
{
	if (!deflate) {
		cp_pdf_stream_z(w, n, dict, data, len, extra_filter);
		return;
	}
	size_t zlen = 0;
	unsigned char *z = cp_pdf_deflate_cached(w->level, data, len, &zlen);
	cp_pdf_stream_z(w, n, dict, z, zlen, "/FlateDecode");
	g_free(z);
}

void cp_pdf_w_finish(cp_pdf_w *w, int root, int info)
{
	/* every number handed out must have been written */
	guint n = w->offsets->len;
	uint64_t xref = w->pos;
	cp_pdf_printf(w, "xref\n0 %u\n0000000000 65535 f \n", n);
	GString *x = g_string_sized_new(20 * (gsize)n);
	for (guint i = 1; i < n; i++) {
		uint64_t off = g_array_index(w->offsets, uint64_t, i);
		g_assert(off > 0);
		g_string_append_printf(x, "%010" G_GUINT64_FORMAT " 00000 n \n", off);
	}
	cp_pdf_put(w, x->str, x->len);
	g_string_free(x, TRUE);
	/* the /ID: the MD5 of everything before the trailer, so the same
	 * document gives the same bytes and another document another id */
	GChecksum *sum = g_checksum_copy(w->md5);
	g_autofree char *id = g_strdup(g_checksum_get_string(sum));
	g_checksum_free(sum);
	cp_pdf_printf(w,
	              "trailer\n<</Size %u /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>]>>\n"
	              "startxref\n%" G_GUINT64_FORMAT "\n%%%%EOF\n",
	              n, root, info, id, id, xref);
}

/* ---- numbers and strings -------------------------------------------------- */

void cp_pdf_int(GString *s, int64_t v)
{
	char buf[24];
	size_t k = sizeof buf;
	/* as unsigned: the most negative value has no positive */
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		buf[--k] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		buf[--k] = '-';
	g_string_append_len(s, buf + k, (gssize)(sizeof buf - k));
}

void cp_pdf_hex4(GString *s, uint32_t v)
{
	static const char hex[] = "0123456789ABCDEF";
	char buf[4] = {hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15]};
	g_string_append_len(s, buf, 4);
}

void cp_pdf_num(GString *s, double v, int decimals)
{
	static const int64_t scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
	g_assert(decimals >= 0 && decimals <= 6);
	if (!isfinite(v))
		v = 0;
	/* beyond this a PDF reader's reals stop meaning anything anyway */
	v = CLAMP(v, -1e9, 1e9);
	int64_t m = scale[decimals];
	int64_t i = llround(v * (double)m);
	if (i == 0) {
		g_string_append_c(s, '0');
		return;
	}
	if (i < 0) {
		g_string_append_c(s, '-');
		i = -i;
	}
	int64_t whole = i / m;
	int64_t frac = i % m;
	cp_pdf_int(s, whole);
	if (frac == 0)
		return;
	char digits[8];
	int nd = decimals;
	for (int p = nd - 1; p >= 0; p--) {
		digits[p] = (char)('0' + frac % 10);
		frac /= 10;
	}
	while (nd > 0 && digits[nd - 1] == '0')
		nd--;
	g_string_append_c(s, '.');
	g_string_append_len(s, digits, nd);
}

bool cp_pdf_utf16_hex(GString *s, const char *utf8, gssize len)
{
	glong n = 0;
	g_autofree gunichar2 *u = g_utf8_to_utf16(utf8, len, NULL, &n, NULL);
	if (u == NULL)
		return false;
	for (glong i = 0; i < n; i++)
		cp_pdf_hex4(s, u[i]);
	return true;
}

void cp_pdf_text(GString *s, const char *utf8)
{
	bool ascii = true;
	for (const char *p = utf8; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			ascii = false;
	if (ascii) {
		g_string_append_c(s, '(');
		for (const char *p = utf8; *p != '\0'; p++) {
			if (*p == '(' || *p == ')' || *p == '\\')
				g_string_append_c(s, '\\');
			g_string_append_c(s, *p);
		}
		g_string_append_c(s, ')');
		return;
	}
	g_string_append(s, "<FEFF");
	if (!cp_pdf_utf16_hex(s, utf8, -1))
		g_string_append(s, "FFFD"); /* load gives valid UTF-8; a bug otherwise */
	g_string_append_c(s, '>');
}

void cp_pdf_name(GString *s, const char *name)
{
	g_string_append_c(s, '/');
	for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++) {
		if (*p < 0x21 || *p > 0x7e || strchr("#()<>[]{}/%", *p) != NULL)
			g_string_append_printf(s, "#%02X", *p);
		else
			g_string_append_c(s, (char)*p);
	}
}

char *cp_pdf_date(const char *iso)
{
	char digits[15] = "19700101000000";
	size_t n = 0;
	for (const char *p = iso != NULL ? iso : ""; *p != '\0' && n < 14; p++)
		if (g_ascii_isdigit(*p))
			digits[n++] = *p;
	return g_strdup_printf("D:%sZ", digits);
}
