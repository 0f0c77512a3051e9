/* pdfx.c - the names of the PDF/X flavours (pdfx.h). */
#include "base/pdfx.h"

#include <string.h>

const char *const cp_pdfx_names[CP_PDFX_COUNT] = {"auto", "x1a", "x4"};
const char *const cp_pdfx_titles[CP_PDFX_COUNT] = {"PDF/X", "PDF/X-1a:2001", "PDF/X-4"};

bool cp_pdfx_from_name(const char *name, cp_pdfx *out)
{
	for (int i = 0; i < CP_PDFX_COUNT; i++) {
		if (name != NULL && strcmp(name, cp_pdfx_names[i]) == 0) {
			*out = (cp_pdfx)i;
			return true;
		}
	}
	return false;
}
