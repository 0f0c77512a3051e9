/* pdfx.c - the document-level keys of PDF/X (ISO 15930-1 for X-1a:2001,
 * 15930-7 for X-4): one GTS_PDFX OutputIntent with the output profile
 * embedded, the Info keys (Title, CreationDate, ModDate, Trapped, the
 * GTS_PDFX version keys) and, for X-4, the XMP packet that carries the same
 * facts. The checklist is docs/prepress.md section 1 ("PDF/X-1a's
 * mechanics").
 *
 * Dates come from the job (the date), never from the clock, so two
 * builds of the same issue give the same keys; qpdf's deterministic /ID
 * does the rest (press.c). */
#include "press/press_int.h"

#include <string.h>

/* "2026-12-01T00:00:00Z" -> "D:20261201000000Z"; anything shorter than a
 * date gives the epoch, a valid if unhelpful value. */
static char *pdf_date(const char *iso)
{
	char digits[15] = "19700101000000";
	size_t n = 0;
	for (const char *p = iso ? iso : ""; *p != '\0' && n < 14; p++)
		if (g_ascii_isdigit(*p))
			digits[n++] = *p;
	return g_strdup_printf("D:%sZ", digits);
}

/* A PDF text string from UTF-8: PDFDocEncoding for ASCII, else UTF-16. */
static qpdf_oh text(qpdf_data q, const char *s)
{
	return qpdf_oh_new_unicode_string(q, s != NULL ? s : "");
}

static char *xml_escape(const char *s)
{
	return g_markup_escape_text(s != NULL ? s : "", -1);
}

/* The XMP packet for X-4: version, dates, document ids, trapping, title. */
static GString *xmp_packet(cp_press_ctx *c, const char *title, const char *iso)
{
	const cp_press_job *job = c->job;
	g_autofree char *t = xml_escape(title);
	g_autofree char *date = xml_escape(iso != NULL && *iso ? iso : "1970-01-01T00:00:00Z");
	/* a stable document id from the title and date (uuid form) */
	g_autofree char *seed =
	    g_strdup_printf("%s|%s|%s", title ? title : "", date, job->icc_id ? job->icc_id : "");
	g_autofree char *sum = g_compute_checksum_for_string(G_CHECKSUM_MD5, seed, -1);
	g_autofree char *uuid = g_strdup_printf("uuid:%.8s-%.4s-%.4s-%.4s-%.12s", sum, sum + 8,
	                                        sum + 12, sum + 16, sum + 20);
	GString *x = g_string_new(NULL);
	g_string_append_printf(
	    x,
	    "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "  <rdf:Description rdf:about=\"\"\n"
	    "    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"\n"
	    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	    "    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n"
	    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	    "   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n"
	    "   <xmp:CreateDate>%s</xmp:CreateDate>\n"
	    "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
	    "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n"
	    "   <xmp:CreatorTool>canpress</xmp:CreatorTool>\n"
	    "   <xmpMM:DocumentID>%s</xmpMM:DocumentID>\n"
	    "   <xmpMM:InstanceID>%s</xmpMM:InstanceID>\n"
	    "   <xmpMM:VersionID>1</xmpMM:VersionID>\n"
	    "   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n"
	    "   <pdf:Trapped>False</pdf:Trapped>\n"
	    "   <pdf:Producer>canpress (Cairo, qpdf, Little CMS)</pdf:Producer>\n"
	    "   <dc:format>application/pdf</dc:format>\n"
	    "   <dc:title><rdf:Alt><rdf:li "
	    "xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n"
	    "  </rdf:Description>\n"
	    " </rdf:RDF>\n"
	    "</x:xmpmeta>\n",
	    date, date, date, uuid, uuid, t);
	/* the usual padding, so an editor can update in place */
	for (int i = 0; i < 20; i++)
		g_string_append(x, "                                                  \n");
	g_string_append(x, "<?xpacket end=\"w\"?>");
	return x;
}

/* Writes the document keys. The Info dictionary Cairo wrote is kept
 * (Author, Subject, Keywords) and completed; an existing /Title wins over
 * none, the job's over both. X-1a gets no XMP (PDF 1.3 has no /Metadata). */
void cp_press_pdfx_finish(cp_press_ctx *c)
{
	qpdf_data q = c->q;
	const cp_press_job *job = c->job;
	qpdf_oh root = qpdf_get_root(q);
	qpdf_oh trailer = qpdf_get_trailer(q);

	/* the output intent, with the profile */
	size_t icc_len = 0;
	const unsigned char *icc = cp_press_profile_get_data(c->profile, &icc_len);
	qpdf_oh prof = qpdf_oh_new_stream(q);
	qpdf_oh_replace_stream_data(q, prof, icc, icc_len, qpdf_oh_new_null(q),
	                            qpdf_oh_new_null(q));
	qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, prof), "/N", qpdf_oh_new_integer(q, 4));
	qpdf_oh oi = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, oi, "/Type", qpdf_oh_new_name(q, "/OutputIntent"));
	qpdf_oh_replace_key(q, oi, "/S", qpdf_oh_new_name(q, "/GTS_PDFX"));
	const char *id = job->icc_id != NULL ? job->icc_id : "Custom";
	const char *cond =
	    job->icc_name != NULL ? job->icc_name : cp_press_profile_get_description(c->profile);
	const char *info = job->icc_info != NULL ? job->icc_info : cond;
	qpdf_oh_replace_key(q, oi, "/OutputConditionIdentifier", text(q, id));
	qpdf_oh_replace_key(q, oi, "/OutputCondition", text(q, cond));
	qpdf_oh_replace_key(q, oi, "/Info", text(q, info));
	qpdf_oh_replace_key(q, oi, "/RegistryName", text(q, "http://www.color.org"));
	qpdf_oh_replace_key(q, oi, "/DestOutputProfile", prof);
	qpdf_oh ois = qpdf_oh_new_array(q);
	qpdf_oh_append_item(q, ois, qpdf_make_indirect_object(q, oi));
	qpdf_oh_replace_key(q, root, "/OutputIntents", ois);

	/* the Info dictionary */
	qpdf_oh inf = qpdf_oh_get_key(q, trailer, "/Info");
	if (!qpdf_oh_is_dictionary(q, inf)) {
		inf = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
		qpdf_oh_replace_key(q, trailer, "/Info", inf);
	}
	const char *title = job->title;
	g_autofree char *old_title = NULL;
	if (title == NULL && qpdf_oh_has_key(q, inf, "/Title")) {
		old_title = g_strdup(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, inf, "/Title")));
		title = old_title;
	}
	if (title == NULL || *title == '\0')
		title = job->file_name != NULL ? job->file_name : "untitled";
	g_autofree char *date = pdf_date(job->date);
	qpdf_oh_replace_key(q, inf, "/Title", text(q, title));
	qpdf_oh_replace_key(q, inf, "/CreationDate", qpdf_oh_new_string(q, date));
	qpdf_oh_replace_key(q, inf, "/ModDate", qpdf_oh_new_string(q, date));
	qpdf_oh_replace_key(q, inf, "/Trapped", qpdf_oh_new_name(q, "/False"));
	qpdf_oh_replace_key(q, inf, "/Producer", text(q, "canpress (Cairo, qpdf, Little CMS)"));
	if (c->x1a) {
		qpdf_oh_replace_key(q, inf, "/GTS_PDFXVersion",
		                    qpdf_oh_new_string(q, "PDF/X-1:2001"));
		qpdf_oh_replace_key(q, inf, "/GTS_PDFXConformance",
		                    qpdf_oh_new_string(q, cp_pdfx_titles[CP_PDFX_X1A]));
		qpdf_oh_remove_key(q, root, "/Metadata");
	} else {
		qpdf_oh_replace_key(q, inf, "/GTS_PDFXVersion",
		                    qpdf_oh_new_string(q, cp_pdfx_titles[CP_PDFX_X4]));
		qpdf_oh_remove_key(q, inf, "/GTS_PDFXConformance");
		GString *x = xmp_packet(c, title, job->date);
		qpdf_oh md = qpdf_oh_new_stream(q);
		qpdf_oh_replace_stream_data(q, md, (const unsigned char *)x->str, x->len,
		                            qpdf_oh_new_null(q), qpdf_oh_new_null(q));
		qpdf_oh mdd = qpdf_oh_get_dict(q, md);
		qpdf_oh_replace_key(q, mdd, "/Type", qpdf_oh_new_name(q, "/Metadata"));
		qpdf_oh_replace_key(q, mdd, "/Subtype", qpdf_oh_new_name(q, "/XML"));
		qpdf_oh_replace_key(q, root, "/Metadata", md);
		g_string_free(x, TRUE);
	}
}
