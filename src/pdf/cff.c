/* cff.c - the one thing the writer reads from a CFF table itself: whether
 * the font is CID-keyed, and its charset (glyph id -> CID).
 *
 * Why: in a PDF CIDFontType0 font the content's codes are CIDs (Identity-H)
 * and the CFF's charset turns them into glyphs. hb-subset renumbers the
 * glyphs but keeps each glyph's CID in the subset's charset, so content
 * written with the original CIDs shows the right glyphs whatever numbers
 * the subset gives them. For a name-keyed CFF the PDF reads the CID as the
 * glyph id, and such faces are subset with their glyph ids retained.
 *
 * Layout read (Adobe TN 5176): header (hdrSize), Name INDEX, Top DICT
 * INDEX (first DICT), then in the Top DICT the ROS operator (12 30) marks a
 * CID font, charset (15) is the offset of the charset, CharStrings (17)
 * gives the glyph count. Charset formats 0, 1 and 2. Every offset is
 * checked against the table's length: a damaged font is refused, never
 * read past. */
#include "pdf/pdf_int.h"

#include <string.h>

typedef struct rd {
	const unsigned char *p;
	size_t len;
} rd;

static bool u16(const rd *r, size_t off, uint32_t *v)
{
	if (off + 2 > r->len)
		return false;
	*v = ((uint32_t)r->p[off] << 8) | r->p[off + 1];
	return true;
}

static bool offn(const rd *r, size_t off, unsigned size, uint32_t *v)
{
	if (size < 1 || size > 4 || off + size > r->len)
		return false;
	uint32_t x = 0;
	for (unsigned i = 0; i < size; i++)
		x = (x << 8) | r->p[off + i];
	*v = x;
	return true;
}

/* An INDEX at off: its count, the start and end of element 0 (when
 * first0/end0 are not NULL) and the offset just past it. */
static bool index_at(const rd *r, size_t off, uint32_t *count, size_t *first0, size_t *end0,
                     size_t *next)
{
	if (!u16(r, off, count))
		return false;
	if (*count == 0) {
		*next = off + 2;
		return true;
	}
	if (off + 3 > r->len)
		return false;
	unsigned size = r->p[off + 2];
	size_t offs = off + 3;
	size_t data = offs + (size_t)(*count + 1) * size - 1; /* offsets are 1-based */
	uint32_t o0, o1, olast;
	if (!offn(r, offs, size, &o0) || !offn(r, offs + size, size, &o1) ||
	    !offn(r, offs + (size_t)*count * size, size, &olast))
		return false;
	if (o0 > o1 || o1 > olast || data + olast > r->len)
		return false;
	if (first0 != NULL)
		*first0 = data + o0;
	if (end0 != NULL)
		*end0 = data + o1;
	*next = data + olast;
	return true;
}

/* Reads the Top DICT operators we need. Operands are skipped or kept as
 * integers (reals are skipped whole). */
static bool top_dict(const rd *r, size_t at, size_t end, bool *ros, long *charset,
                     long *charstrings)
{
	long stack[48];
	int n = 0;
	size_t i = at;
	while (i < end) {
		unsigned b = r->p[i];
		if (b <= 21) {
			unsigned op = b;
			if (b == 12) {
				if (i + 1 >= end)
					return false;
				op = 1200 + r->p[i + 1];
				i++;
			}
			i++;
			if (op == 1230)
				*ros = true;
			else if (op == 15 && n >= 1)
				*charset = stack[n - 1];
			else if (op == 17 && n >= 1)
				*charstrings = stack[n - 1];
			n = 0;
			continue;
		}
		long v = 0;
		if (b == 28) {
			if (i + 3 > end)
				return false;
			v = (int16_t)((r->p[i + 1] << 8) | r->p[i + 2]);
			i += 3;
		} else if (b == 29) {
			if (i + 5 > end)
				return false;
			v = (int32_t)(((uint32_t)r->p[i + 1] << 24) |
			              ((uint32_t)r->p[i + 2] << 16) | ((uint32_t)r->p[i + 3] << 8) |
			              r->p[i + 4]);
			i += 5;
		} else if (b == 30) {
			/* a real: nibbles up to an 0xf nibble */
			i++;
			while (i < end && (r->p[i] & 0x0f) != 0x0f && (r->p[i] >> 4) != 0x0f)
				i++;
			i++;
		} else if (b >= 32 && b <= 246) {
			v = (long)b - 139;
			i++;
		} else if (b >= 247 && b <= 250) {
			if (i + 2 > end)
				return false;
			v = ((long)b - 247) * 256 + r->p[i + 1] + 108;
			i += 2;
		} else if (b >= 251 && b <= 254) {
			if (i + 2 > end)
				return false;
			v = -((long)b - 251) * 256 - r->p[i + 1] - 108;
			i += 2;
		} else {
			return false; /* 22..27, 31, 255: reserved */
		}
		if (n < (int)G_N_ELEMENTS(stack))
			stack[n++] = v;
	}
	return true;
}

/* Appends gid -> cid to the ranges, extending the last one when it goes on. */
static void add_cid(GArray *ranges, uint32_t gid, uint32_t cid)
{
	if (ranges->len > 0) {
		cp_pdf_cid_range *last = &g_array_index(ranges, cp_pdf_cid_range, ranges->len - 1);
		if (last->gid + last->n == gid && last->cid + last->n == cid) {
			last->n++;
			return;
		}
	}
	cp_pdf_cid_range r = {gid, cid, 1};
	g_array_append_val(ranges, r);
}

bool cp_pdf_cff_charset(const unsigned char *cff, size_t len, uint32_t n_glyphs, bool *cid_keyed,
                        cp_pdf_cid_range **ranges, size_t *n_ranges)
{
	rd r = {cff, len};
	*cid_keyed = false;
	*ranges = NULL;
	*n_ranges = 0;
	if (len < 4)
		return false;
	size_t hdr = cff[2];
	uint32_t count;
	size_t next, top0, top1;
	if (!index_at(&r, hdr, &count, NULL, NULL, &next)) /* Name INDEX */
		return false;
	if (!index_at(&r, next, &count, &top0, &top1, &next) || count < 1) /* Top DICT */
		return false;
	bool ros = false;
	long charset = 0, charstrings = -1;
	if (!top_dict(&r, top0, top1, &ros, &charset, &charstrings))
		return false;
	*cid_keyed = ros;
	if (!ros)
		return true;
	/* the glyph count from the CharStrings INDEX, bounded by the face's */
	uint32_t n_cs;
	if (charstrings <= 0 || !u16(&r, (size_t)charstrings, &n_cs))
		return false;
	uint32_t n = MAX(MIN(n_cs, n_glyphs), 1);
	if (charset <= 2 || (size_t)charset >= len)
		return false; /* a CID font has its own charset */
	GArray *map = g_array_new(FALSE, FALSE, sizeof(cp_pdf_cid_range));
	add_cid(map, 0, 0); /* .notdef */
	size_t p = (size_t)charset;
	unsigned format = cff[p++];
	uint32_t gid = 1;
	bool ok = true;
	if (format == 0) {
		for (; gid < n && ok; gid++, p += 2) {
			uint32_t cid = 0;
			ok = u16(&r, p, &cid);
			if (ok)
				add_cid(map, gid, cid);
		}
	} else if (format == 1 || format == 2) {
		while (gid < n && ok) {
			uint32_t first, left;
			ok = u16(&r, p, &first) &&
			     (format == 1 ? offn(&r, p + 2, 1, &left) : u16(&r, p + 2, &left));
			p += format == 1 ? 3 : 4;
			for (uint32_t k = 0; ok && k <= left && gid < n; k++)
				add_cid(map, gid++, first + k);
		}
	} else {
		ok = false;
	}
	if (!ok) {
		g_array_free(map, TRUE);
		return false;
	}
	*n_ranges = map->len;
	*ranges = (cp_pdf_cid_range *)(void *)g_array_free(map, FALSE);
	return true;
}

uint32_t cp_pdf_cid_of(const cp_pdf_cid_range *ranges, size_t n_ranges, uint32_t gid)
{
	size_t lo = 0;
	size_t hi = n_ranges;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const cp_pdf_cid_range *r = &ranges[mid];
		if (gid < r->gid)
			hi = mid;
		else if (gid - r->gid >= r->n)
			lo = mid + 1;
		else
			return r->cid + (gid - r->gid);
	}
	return 0; /* not in the charset (beyond its glyphs): .notdef's */
}
