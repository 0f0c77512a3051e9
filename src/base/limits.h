/* limits.h - the bounds on hostile or broken input before it costs memory
 * or time (CONTRIBUTING.md section 3), each defined once. Load refuses input
 * beyond them with a LIMIT diagnostic that names the bound, so an editor
 * learns which one was hit; later stages (compose, render, the PDF writer)
 * check the same figures again where a file could have changed since load
 * or a structure is sized by them. Audience: every stage. The press step's
 * bounds on reading PDFs are its own, in src/press/. */
#ifndef CP_BASE_LIMITS_H
#define CP_BASE_LIMITS_H

/* Largest YAML file read at all (checked with stat before reading). */
#define CP_LIMIT_FILE_BYTES (4u * 1024u * 1024u)
/* Largest single scalar (an article body is the biggest legitimate one). */
#define CP_LIMIT_SCALAR_BYTES (256u * 1024u)
/* Deepest nesting of mappings and lists. libyaml 0.2.5 has no nesting limit
 * of its own (yaml_set_max_nest_level came later), so the tree builder
 * enforces this one on the event stream. */
#define CP_LIMIT_DEPTH 32u
/* YAML read for one issue, all files together: the issue, its layout, its
 * articles and members. Bounds the time a load (and the typesetting after
 * it) can take, e.g. 2000 member entries naming one 4 MiB file. 50 times
 * the sample issue. */
#define CP_LIMIT_ISSUE_BYTES (8u * 1024u * 1024u)
/* Nodes (scalars, mappings, lists) in one file. */
#define CP_LIMIT_NODES 200000u
/* Total nodes that aliases may stand for in one file: a "billion laughs"
 * file stops at the first alias that crosses it. */
#define CP_LIMIT_ALIAS_NODES 10000u
/* Members and articles in one issue. */
#define CP_LIMIT_MEMBERS 1000u
#define CP_LIMIT_ARTICLES 500u
/* Columns of the type area a layout may ask for (compose sizes its
 * per-column arrays by it). */
#define CP_LIMIT_COLUMNS 16
/* Largest image, in pixels each way. */
#define CP_LIMIT_IMAGE_PX 20000u
/* Largest image in pixels all told: decoded at 4 bytes a pixel, 32 Mpx is
 * 128 MB, so a "decompression bomb" (a small file claiming a huge picture)
 * cannot make render allocate more. An A3 spread at 350 dpi is 24 Mpx. The
 * same figure bounds every image decoder (render, the PDF writer). */
#define CP_LIMIT_IMAGE_PIXELS (32u * 1000u * 1000u)
/* Pixels of the images render must decode whole, all together: PNGs and
 * CMYK JPEGs (RGB and grey JPEGs go into a PDF as their own bytes and are
 * decoded at 1/8). Decoding costs about 30 ns a pixel (inflate, or the
 * JPEG entropy decoder), so this bounds a build to about two seconds of
 * it: two images at the per-image limit, or eight 8 Mpx scans. */
#define CP_LIMIT_ISSUE_PIXELS (64u * 1000u * 1000u)
/* Largest image file: the decoders read it whole before decoding. */
#define CP_LIMIT_IMAGE_BYTES (64u * 1024u * 1024u)
/* How far into an image file the header probe reads at most. */
#define CP_LIMIT_IMAGE_PROBE (4u * 1024u * 1024u)

#endif
