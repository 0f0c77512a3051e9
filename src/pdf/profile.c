/* profile.c - the output profile and the Little CMS transforms the PDF
 * writer converts with (moved here from the press step, which no longer
 * converts anything).
 *
 * Three transforms are built once per profile (docs/prepress.md section 3):
 *   vector  sRGB -> profile -> ink limit, relative colorimetric + BPC, doubles:
 *           for layout colours given as RGB (press mode);
 *   image   sRGB -> profile -> ink limit, perceptual, 8 bits: for photos and
 *           other RGB images, limited 10 points below the vector limit because
 *           JPEG re-encoding adds a few percent at single pixels;
 *   screen  profile -> sRGB, relative colorimetric + BPC, doubles: what a
 *           screen shows for a CMYK colour (preview, screen PDF).
 * Neutral RGB (r = g = b) never goes through the profile: it is K only, the
 * DeviceGray meaning (50 % grey is K 50), so black text is 0 0 0 1 k.
 *
 * Little CMS gives CMYK doubles in percent (0..100); everything public here
 * is 0..1. Knows nothing of PDF. */
#include "pdf/pdf_int.h"

#include <lcms2.h>

#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

struct cp_pdf_profile {
	char *path;
	unsigned char *data; /* the ICC file, embedded in the OutputIntent */
	size_t len;
	char *description;
	int tac;              /* percent */
	cmsHTRANSFORM vector; /* RGB_DBL -> CMYK_DBL */
	cmsHTRANSFORM image;  /* RGB_8 -> CMYK_8 */
	cmsHTRANSFORM screen; /* CMYK_DBL -> RGB_DBL */
	unsigned char *z;     /* data deflated at z_level (cp_pdf_profile_deflate) */
	size_t zlen;
	int z_level;
};

/* lcms reports problems through a global handler; we check every return
 * value instead and keep its messages off stderr. */
static void quiet_lcms(cmsContext ctx, cmsUInt32Number code, const char *text)
{
	(void)ctx;
	(void)code;
	(void)text;
}

/* sRGB -> out -> ink limit, in one transform. */
static cmsHTRANSFORM make_limited(cmsHPROFILE srgb, cmsHPROFILE out, double tac,
                                  cmsUInt32Number in_fmt, cmsUInt32Number out_fmt,
                                  cmsUInt32Number intent)
{
	cmsHPROFILE limit = cmsCreateInkLimitingDeviceLink(cmsSigCmykData, tac);
	if (limit == NULL)
		return NULL;
	cmsHPROFILE chain[3] = {srgb, out, limit};
	cmsHTRANSFORM t = cmsCreateMultiprofileTransform(chain, 3, in_fmt, out_fmt, intent,
	                                                 cmsFLAGS_BLACKPOINTCOMPENSATION |
	                                                     cmsFLAGS_HIGHRESPRECALC);
	cmsCloseProfile(limit);
	return t;
}

/* The largest output profile read (real ones are 0.5-10 MB). */
#define MAX_PROFILE_BYTES (64u * 1024u * 1024u)

/* Loads the profile; with print set, also the two print transforms (the
 * costly part: a three-profile chain precalculated at high resolution). */
static cp_pdf_profile *profile_load(const char *path, int tac, bool print, cp_diags *d)
{
	cmsSetLogErrorHandler(quiet_lcms);
	g_autoptr(GError) err = NULL;
	gchar *data = NULL;
	gsize len = 0;
	/* only a regular file of a profile's size: /dev/zero or a FIFO named
	 * by --icc would otherwise be read for ever */
	GStatBuf st;
	if (path != NULL && g_stat(path, &st) == 0 &&
	    (!S_ISREG(st.st_mode) || (guint64)st.st_size > MAX_PROFILE_BYTES)) {
		cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE, "name an ICC profile file (.icc, .icm)",
		            S_ISREG(st.st_mode) ? "the output profile '%s' is larger than 64 MiB"
		                                : "the output profile '%s' is not a regular file",
		            path);
		return NULL;
	}
	if (path == NULL || !g_file_get_contents(path, &data, &len, &err)) {
		cp_diag_add(
		    d, CP_DIAG_PRESS, CP_SPAN_NONE,
		    "run scripts/setup (it builds the free FOGRA39 profile with ArgyllCMS), "
		    "or name a profile with press: icc: or --icc",
		    "cannot read the output profile '%s': %s", path ? path : "(none)",
		    err ? err->message : "no path");
		return NULL;
	}
	cmsHPROFILE out = cmsOpenProfileFromMem(data, (cmsUInt32Number)len);
	if (out == NULL || cmsGetColorSpace(out) != cmsSigCmykData ||
	    cmsGetDeviceClass(out) != cmsSigOutputClass) {
		cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE, NULL,
		            "'%s' is not a CMYK output (prtr) ICC profile", path);
		if (out != NULL)
			cmsCloseProfile(out);
		g_free(data);
		return NULL;
	}

	cp_pdf_profile *p = g_new0(cp_pdf_profile, 1);
	p->path = g_strdup(path);
	p->data = (unsigned char *)data;
	p->len = len;
	p->tac = tac;
	char desc[256] = "";
	cmsGetProfileInfoASCII(out, cmsInfoDescription, "en", "US", desc, sizeof desc);
	p->description = g_strdup(desc[0] ? desc : path);

	/* the three transforms */
	cmsHPROFILE srgb = cmsCreate_sRGBProfile();
	if (print) {
		p->vector = make_limited(srgb, out, tac, TYPE_RGB_DBL, TYPE_CMYK_DBL,
		                         INTENT_RELATIVE_COLORIMETRIC);
		p->image = make_limited(srgb, out, MAX(tac - 10, 100), TYPE_RGB_8, TYPE_CMYK_8,
		                        INTENT_PERCEPTUAL);
	}
	p->screen =
	    cmsCreateTransform(out, TYPE_CMYK_DBL, srgb, TYPE_RGB_DBL, INTENT_RELATIVE_COLORIMETRIC,
	                       cmsFLAGS_BLACKPOINTCOMPENSATION);
	cmsCloseProfile(srgb);
	cmsCloseProfile(out);
	if ((print && (p->vector == NULL || p->image == NULL)) || p->screen == NULL) {
		cp_diag_add(d, CP_DIAG_PRESS, CP_SPAN_NONE, NULL,
		            "Little CMS cannot build transforms from the profile '%s'", path);
		cp_pdf_profile_free(p);
		return NULL;
	}
	return p;
}

cp_pdf_profile *cp_pdf_profile_new(const char *path, int tac, cp_diags *d)
{
	return profile_load(path, tac, true, d);
}

cp_pdf_profile *cp_pdf_profile_new_screen(const char *path, cp_diags *d)
{
	return profile_load(path, 300, false, d);
}

void cp_pdf_profile_free(cp_pdf_profile *p)
{
	if (p == NULL)
		return;
	if (p->vector != NULL)
		cmsDeleteTransform(p->vector);
	if (p->image != NULL)
		cmsDeleteTransform(p->image);
	if (p->screen != NULL)
		cmsDeleteTransform(p->screen);
	g_free(p->path);
	g_free(p->data);
	g_free(p->z);
	g_free(p->description);
	g_free(p);
}

const unsigned char *cp_pdf_profile_get_data(const cp_pdf_profile *p, size_t *len)
{
	*len = p->len;
	return p->data;
}

void cp_pdf_profile_deflate(cp_pdf_profile *p, int level)
{
	g_clear_pointer(&p->z, g_free);
	p->z = cp_pdf_deflate(level, p->data, p->len, &p->zlen);
	p->z_level = level;
}

const unsigned char *cp_pdf_profile_get_deflated(const cp_pdf_profile *p, int level, size_t *zlen)
{
	if (p->z == NULL || p->z_level != level)
		return NULL;
	*zlen = p->zlen;
	return p->z;
}

const char *cp_pdf_profile_get_description(const cp_pdf_profile *p)
{
	return p->description;
}

int cp_pdf_profile_get_tac(const cp_pdf_profile *p)
{
	return p->tac;
}

void cp_pdf_profile_to_screen(const cp_pdf_profile *p, const double cmyk[4], double rgb[3])
{
	double in[4];
	for (int i = 0; i < 4; i++)
		in[i] = CLAMP(cmyk[i], 0.0, 1.0) * 100.0;
	cmsDoTransform(p->screen, in, rgb, 1);
	for (int i = 0; i < 3; i++)
		rgb[i] = CLAMP(rgb[i], 0.0, 1.0);
}

void cp_pdf_profile_rgb_to_cmyk(const cp_pdf_profile *p, const double rgb[3], double cmyk[4])
{
	/* neutrals are K only, exactly (docs/prepress.md section 3, rule 2) */
	if (rgb[0] == rgb[1] && rgb[1] == rgb[2]) {
		cmyk[0] = cmyk[1] = cmyk[2] = 0.0;
		cmyk[3] = CLAMP(1.0 - rgb[0], 0.0, 1.0);
		return;
	}
	double in[3];
	double out[4];
	g_assert(p->vector != NULL); /* a screen-only profile has no print transforms */
	for (int i = 0; i < 3; i++)
		in[i] = CLAMP(rgb[i], 0.0, 1.0);
	cmsDoTransform(p->vector, in, out, 1);
	for (int i = 0; i < 4; i++)
		cmyk[i] = CLAMP(out[i] / 100.0, 0.0, 1.0);
}

void cp_pdf_profile_image(const cp_pdf_profile *p, const unsigned char *rgb, unsigned char *cmyk,
                          size_t n_pixels)
{
	/* lcms takes a 32-bit count: convert in slices */
	const size_t slice = 1u << 20;
	g_assert(p->image != NULL);
	for (size_t done = 0; done < n_pixels; done += slice) {
		size_t n = MIN(slice, n_pixels - done);
		cmsDoTransform(p->image, rgb + 3 * done, cmyk + 4 * done, (cmsUInt32Number)n);
	}
}
