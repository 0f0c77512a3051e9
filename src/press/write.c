/* write.c - the press step's one way of writing a PDF that qpdf holds:
 * the print PDF (press.c), the screen rewrite and the imposed booklet
 * (impose.c) all end here, so every output gets the same settings
 * (deterministic /ID, stream filters kept) and the same temporary file
 * renamed over the target only when complete (base/files.c). */
#include "press/press_int.h"

#include <errno.h>

#include "base/files.h"

/* The text of qpdf's pending error, or NULL. */
char *cp_press_qpdf_error(qpdf_data q)
{
	if (!qpdf_has_error(q))
		return NULL;
	qpdf_error e = qpdf_get_error(q);
	return g_strdup(qpdf_get_error_full_text(q, e));
}

/* Writes q with the settings through a temporary file over path (qpdf
 * writes the file itself; a device target gets the bytes from memory).
 * Stream filters are kept: nothing is inflated to be deflated again.
 * version NULL keeps the input's version and
 * object streams (the screen rewrite); else object streams are off, as
 * PDF 1.3 has none. The deterministic /ID is a hash of the content, so two
 * builds of one issue are byte-identical. */
bool cp_press_write(qpdf_data q, const char *path, const char *version, cp_diags *d)
{
	/* a regular target: qpdf writes the temporary file itself, so the
	 * PDF is never held in memory a second time; a device target (tmp
	 * NULL) gets the bytes through our FILE, which reports ENOSPC */
	cp_outfile o;
	if (!cp_outfile_open(&o, path, d))
		return false;
	bool direct = o.tmp != NULL;
	if ((direct ? qpdf_init_write(q, o.tmp) : qpdf_init_write_memory(q)) & QPDF_ERRORS)
		goto fail;
	qpdf_set_object_stream_mode(q, version != NULL ? qpdf_o_disable : qpdf_o_preserve);
	/* streams keep their filters (photos are not inflated and deflated
	 * again); streams without one are compressed */
	qpdf_set_decode_level(q, qpdf_dl_none);
	qpdf_set_compress_streams(q, QPDF_TRUE);
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_set_suppress_original_object_IDs(q, QPDF_TRUE);
	if (version != NULL)
		qpdf_force_pdf_version(q, version);
	if (qpdf_write(q) & QPDF_ERRORS)
		goto fail;
	if (!direct) {
		size_t n = qpdf_get_buffer_length(q);
		const unsigned char *buf = qpdf_get_buffer(q);
		if (fwrite(buf, 1, n, o.f) != n) {
			int e = errno != 0 ? errno : EIO; /* ENOSPC on a full disk, /dev/full */
			cp_outfile_abort(&o);
			cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': %s",
			            path, g_strerror(e));
			return false;
		}
	}
	return cp_outfile_commit(&o, d);
fail:;
	cp_outfile_abort(&o);
	g_autofree char *msg = cp_press_qpdf_error(q);
	cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL, "cannot write '%s': qpdf: %s", path,
	            msg != NULL ? msg : "unknown error");
	return false;
}
