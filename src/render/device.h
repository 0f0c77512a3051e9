/* device.h - what render's output devices (pdf.c, png.c) share: the stream
 * sink that remembers write errors, the per-document image cache, and the
 * drawing of one display-list page onto a cairo_t.
 * Audience: src/render/ only; never included outside this folder.
 *
 * Every device draws the same list the same way; only the surface differs.
 * Nothing here lays anything out: positions come from the list as they are. */
#ifndef CP_RENDER_DEVICE_H
#define CP_RENDER_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cairo.h>

#include "base/diag.h"
#include "base/limits.h"
#include "displist/displist.h"
#include "render/render.h"

/* Limits on an image file before it costs memory (hostile or broken input)
 * are CP_LIMIT_IMAGE_BYTES, _PX and _PIXELS of base/limits.h (cairo's own
 * limit is 32767 a side): load refuses such images with a diagnostic first;
 * render checks them again for a file that changed between load and render. */
/* The most scans a progressive JPEG may have (cameras and editors write
 * about ten; each scan is a pass over the whole image). */
#define CP_RENDER_MAX_JPEG_SCANS 500
/* A raster draws images with this many source pixels per output pixel at
 * most, so Cairo's downscaling filter still has some to average. */
#define CP_RENDER_RASTER_OVERSAMPLE 2.0

/* A cairo write function's closure: the stream and the first errno seen.
 * Cairo only learns "write error"; the sink keeps the reason for the
 * diagnostic. */
typedef struct cp_render_sink {
	FILE *f;
	int err; /* 0 until a write fails */
} cp_render_sink;

/* A cairo_write_func_t writing to sink->f (closure is a cp_render_sink). */
cairo_status_t cp_render_sink_write(void *closure, const unsigned char *data, unsigned int length);

/* Decoded images for one document, by index into dl->images: each file is
 * read and decoded once, and the same surface is painted wherever it is
 * used.
 *
 * ppi is how many image pixels per inch of its largest placed size the
 * output can use: an image with more is scaled down when decoded (JPEGs by
 * libjpeg's DCT scaling, then both kinds by a box-filtered Cairo paint), so
 * memory follows the placed sizes, not the files (a 30 Mpx PNG placed as a
 * 22 mm card photo keeps 0.3 Mpx). A raster passes its own dpi times
 * CP_RENDER_RASTER_OVERSAMPLE. (PDFs are the PDF writer's, src/pdf/.) */
typedef struct cp_render_images cp_render_images;

cp_render_images *cp_render_images_new(const cp_dl *dl, double ppi, const cp_render_colors *colors);
/* The screen RGB of col: through the caller's colours (render.h), else its
 * own r, g, b. */
void cp_render_images_color(const cp_render_images *images, const cp_color *col, double rgb[3]);
/* Destroys every surface; accepts NULL. */
void cp_render_images_free(cp_render_images *images);
/* The surface for image index i, loading it on first use. JPEGs keep their
 * original bytes as CAIRO_MIME_TYPE_JPEG (the PDF embeds them untouched)
 * and every image gets CAIRO_MIME_TYPE_UNIQUE_ID = its path. Returns NULL
 * after adding a BAD_IMAGE error naming the path (once per image; later
 * calls return NULL silently). The surface belongs to the cache. */
cairo_surface_t *cp_render_images_get(cp_render_images *images, uint32_t i, cp_diags *d);

/* Decodes the PNG file held in data (pngread.c) into an RGB24 surface, or
 * a premultiplied ARGB32 one when it has transparency, box-filtered down
 * when it is larger than need_w x need_h pixels by a quarter or more (need
 * below 1: full size). Returns NULL with *why set (caller frees) for a
 * damaged or truncated file or one over CP_LIMIT_IMAGE_PIXELS. */
cairo_surface_t *cp_render_png_decode(const unsigned char *data, size_t len, double need_w,
                                      double need_h, char **why);

/* Draws page page_index of dl onto cr, every item shifted by offset points
 * in x and y (the bleed, when the surface includes it). Outline entries are
 * the device's business and are not drawn; links become link tags (PDF
 * annotations; nothing on image surfaces). Returns false after adding an
 * error (a bad image); the rest of the page is still drawn so every
 * problem is reported. */
bool cp_render_page_draw(cairo_t *cr, const cp_dl *dl, size_t page_index, double offset,
                         cp_render_images *images, cp_diags *d);

#endif
