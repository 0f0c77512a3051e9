/* palette.c - the CMYK colours a document uses, each with an RGB that is
 * unique in the palette, so the press step can map what Cairo wrote back to
 * the designer's exact values.
 *
 * Invariants: every entry's RGB is a multiple of 1/65535 per channel (Cairo
 * 1.16 writes colour operands with six decimals, so k/65535 round-trips);
 * two different CMYKs never share an RGB; a non-neutral CMYK never gets an
 * r = g = b RGB (that would read as a grey, K only). Collisions are nudged
 * one 1/65535 step at a time on the blue channel (then green), invisible on
 * any screen. A linear scan is enough: a magazine uses a few dozen colours. */
#include "press/press_int.h"

#include <math.h>

typedef struct entry {
	double cmyk[4];
	uint32_t rgb[3]; /* 0..65535 */
} entry;

struct cp_press_palette {
	GArray *entries; /* entry */
};

#define STEPS 65535.0

cp_press_palette *cp_press_palette_new(void)
{
	cp_press_palette *pal = g_new0(cp_press_palette, 1);
	pal->entries = g_array_new(FALSE, FALSE, sizeof(entry));
	return pal;
}

void cp_press_palette_free(cp_press_palette *pal)
{
	if (pal == NULL)
		return;
	g_array_free(pal->entries, TRUE);
	g_free(pal);
}

size_t cp_press_palette_len(const cp_press_palette *pal)
{
	return pal->entries->len;
}

static bool same_cmyk(const double a[4], const double b[4])
{
	for (int i = 0; i < 4; i++)
		if (fabs(a[i] - b[i]) > 1e-9)
			return false;
	return true;
}

static const entry *find_rgb(const cp_press_palette *pal, const uint32_t rgb[3])
{
	for (guint i = 0; i < pal->entries->len; i++) {
		const entry *e = &g_array_index(pal->entries, entry, i);
		if (e->rgb[0] == rgb[0] && e->rgb[1] == rgb[1] && e->rgb[2] == rgb[2])
			return e;
	}
	return NULL;
}

void cp_press_palette_add(cp_press_palette *pal, const cp_press_profile *p, cp_color *col)
{
	if (!col->cmyk)
		return;
	double cmyk[4] = {col->c, col->m, col->y, col->k};
	bool k_only = col->c == 0 && col->m == 0 && col->y == 0;

	/* the same CMYK again: the same RGB */
	for (guint i = 0; i < pal->entries->len; i++) {
		const entry *e = &g_array_index(pal->entries, entry, i);
		if (same_cmyk(e->cmyk, cmyk)) {
			col->r = e->rgb[0] / STEPS;
			col->g = e->rgb[1] / STEPS;
			col->b = e->rgb[2] / STEPS;
			return;
		}
	}

	/* K only: a grey, mapped to K only by the neutral rule; no entry needed
	 * unless the palette must keep another colour off it */
	double rgb[3];
	if (k_only) {
		rgb[0] = rgb[1] = rgb[2] = 1.0 - col->k;
	} else if (p != NULL) {
		cp_press_profile_to_screen(p, cmyk, rgb);
	} else {
		rgb[0] = (1 - col->c) * (1 - col->k);
		rgb[1] = (1 - col->m) * (1 - col->k);
		rgb[2] = (1 - col->y) * (1 - col->k);
	}
	entry e;
	memcpy(e.cmyk, cmyk, sizeof cmyk);
	for (int i = 0; i < 3; i++)
		e.rgb[i] = (uint32_t)lround(CLAMP(rgb[i], 0.0, 1.0) * STEPS);

	/* make it unique; a colour must not look neutral */
	if (!k_only) {
		for (int guard = 0; guard < 4096; guard++) {
			bool neutral = e.rgb[0] == e.rgb[1] && e.rgb[1] == e.rgb[2];
			const entry *other = find_rgb(pal, e.rgb);
			if (!neutral && other == NULL)
				break;
			int ch = guard % 2 == 0 ? 2 : 1;
			e.rgb[ch] = e.rgb[ch] > 0 ? e.rgb[ch] - 1 : e.rgb[ch] + 1;
		}
	}
	g_array_append_val(pal->entries, e);
	col->r = e.rgb[0] / STEPS;
	col->g = e.rgb[1] / STEPS;
	col->b = e.rgb[2] / STEPS;
}

bool cp_press_palette_lookup(const cp_press_palette *pal, const double rgb[3], double cmyk[4])
{
	uint32_t q[3];
	for (int i = 0; i < 3; i++) {
		double v = CLAMP(rgb[i], 0.0, 1.0) * STEPS;
		q[i] = (uint32_t)lround(v);
		if (fabs(v - q[i]) > 0.25)
			return false; /* not on the palette's grid */
	}
	const entry *e = find_rgb(pal, q);
	if (e == NULL)
		return false;
	memcpy(cmyk, e->cmyk, sizeof e->cmyk);
	return true;
}
