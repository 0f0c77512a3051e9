/* limits.h - the bounds on reading a PDF someone hands canpress (`preflight`,
 * `impose`, and anything later that reads a supplied PDF through reader.c).
 * A PDF is a graph of objects that may point at itself, streams that may
 * inflate a thousandfold, and a trailer that may claim anything, so every
 * recursion has a depth, every walk a budget, every inflate a cap and the
 * whole read a time budget. A file beyond any of them is refused with a
 * LIMIT error naming the bound "(limit: NAME)", exit status 1; the names are
 * the second column of the table in docs/hardening.md. Private to
 * src/press/.
 *
 * The figures leave a real print file far inside them: canpress's own print
 * PDF of a 32-page issue has a page tree 2 deep, forms nested 1 deep, about
 * 3000 objects and 100 000 content operators. */
#ifndef CP_PRESS_LIMITS_H
#define CP_PRESS_LIMITS_H

/* Largest PDF read at all (checked with stat before qpdf opens it): qpdf
 * scans the whole file to rebuild a damaged cross-reference table. */
#define CP_PRESS_MAX_FILE_BYTES (1024ull * 1024u * 1024u)
/* Largest PDF read into memory whole and parsed from there (qpdf reads a
 * file with a seek and a read per object); a larger one is read from the
 * file as qpdf goes. */
#define CP_PRESS_MAX_IN_MEMORY_BYTES (128u * 1024u * 1024u)
/* Pages in one PDF: a saddle-stitched booklet has at most about 100; ten
 * thousand impose in 1.6 s of processor time and 128 MB (bench/pdfread). */
#define CP_PRESS_MAX_PAGES 10000u
/* /Pages nodes above a page. qpdf walks the page tree recursively, so a
 * tree 50 000 levels deep overflowed the stack inside qpdf; real trees are
 * 2 to 5 deep. Checked by our own iterative walk before qpdf sees it. */
#define CP_PRESS_MAX_PAGE_TREE_DEPTH 64u
/* Nodes of the page tree visited (pages and /Pages nodes, repeats
 * counted): a /Kids array naming one page a million times. */
#define CP_PRESS_MAX_PAGE_TREE_NODES (4u * CP_PRESS_MAX_PAGES)
/* Colour spaces inside colour spaces ([/Indexed base], [/Pattern base],
 * DeviceN alternates): an Indexed space whose base is itself recursed for
 * ever. Real ones are 2 deep. */
#define CP_PRESS_MAX_COLORSPACE_DEPTH 8u
/* Form XObjects and tiling patterns drawn inside one another. A form that
 * draws itself is a loop PDF forbids; this stops it. */
#define CP_PRESS_MAX_FORM_DEPTH 16u
/* Form and pattern contents interpreted in one file, all pages together: a
 * form drawing another twenty times, five levels down, is 3.2 million
 * expansions of legal PDF (it ran for minutes). */
#define CP_PRESS_MAX_FORM_USES 20000u
/* Objects the preflight's object walk visits (direct ones included), from
 * the trailer: a trailer's /Size claiming ten million objects costs
 * nothing, as objects are found by following references, not by number. */
#define CP_PRESS_MAX_OBJECTS 1000000u
/* Content-stream tokens interpreted in one file, forms included. */
#define CP_PRESS_MAX_OPERATORS 20000000u
/* Decoded size of one content stream (a page's, a form's, a pattern's):
 * the lexer holds it in memory. A 1 MB stream of zeros inflates to 1 GB. */
#define CP_PRESS_MAX_CONTENT_BYTES (64u * 1024u * 1024u)
/* Decoded size of one image whose ink the preflight measures (declared
 * by /Width, /Height and the components, and checked while decoding):
 * 8192 x 8192 CMYK, a 600 ppi A3 spread. */
#define CP_PRESS_MAX_IMAGE_BYTES (256u * 1024u * 1024u)
/* Bytes decoded from all streams of one file together: inflate runs at
 * about 1 GB/s, so this bounds decoding to a few seconds. */
#define CP_PRESS_MAX_DECODED_BYTES (2048ull * 1024u * 1024u)
/* Direct objects inside one another (a dictionary in an array in a
 * dictionary...) copied from an artwork page: qpdf parses deeper ones; no
 * real resource is more than a few deep. */
#define CP_PRESS_MAX_OBJECT_DEPTH 64u
/* Bytes one artwork page takes along into the output (its content, fonts,
 * images and forms as stored): an advertisement's page is a few MB; a
 * page whose resources reach a whole photo library is not an ad. */
#define CP_PRESS_MAX_ARTWORK_BYTES (256u * 1024u * 1024u)
/* Processor time for reading one PDF, the backstop behind the budgets
 * above (checked between objects and operators). */
#define CP_PRESS_MAX_SECONDS 20u

#endif
