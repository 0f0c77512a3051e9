/* dl_fixture.h - the hand-built display list test_pdf and test_render
 * share: Japanese text shaped by Pango through canpress's private
 * fontconfig and a PangoCairo font map at 72 dpi (as the typesetter sets it
 * up), a JPEG written with libjpeg (used on both pages), a PNG, a rule, a
 * rect, a link and outline entries, on two A4 pages with 3 mm bleed.
 * Each test gets a fresh temporary folder named after its program. */
#ifndef CP_TESTS_DL_FIXTURE_H
#define CP_TESTS_DL_FIXTURE_H

#include <stdio.h>

#include <jpeglib.h>
#include <pango/pangocairo.h>

#include "displist/displist.h"

#define LINE1 "大阪の町で、小さな会社が集まる。"
#define LINE2 "第二頁は「写真」と本文です。"

typedef struct fixture {
	PangoFontMap *map;
	PangoContext *ctx;
	char *dir;  /* a fresh temporary folder */
	char *jpeg; /* its photo.jpg */
	char *png;  /* its logo.png */
} fixture;

/* A w x h JPEG written with libjpeg: RGB with a colour ramp, or flat
 * greyscale, or flat CMYK stored inverted with an Adobe marker (as
 * Photoshop writes it). With scans, a progressive file written by that
 * scan script of n_scans entries. */
void write_jpeg_scripted(const char *path, int w, int h, J_COLOR_SPACE space,
                         const jpeg_scan_info *scans, int n_scans);
void write_jpeg_as(const char *path, int w, int h, J_COLOR_SPACE space);
/* An RGB ramp. */
void write_jpeg(const char *path, int w, int h);
/* An 8 x 4 flat blue PNG. */
void write_png(const char *path);

/* g_test_add's setup and teardown: the fonts, the folder, photo.jpg
 * (60 x 80) and logo.png in it; teardown empties and removes the folder. */
void fixture_setup(fixture *fx, gconstpointer data);
void fixture_teardown(fixture *fx, gconstpointer data);

/* Shapes text with Pango and appends one glyph run per Pango run at
 * (x, y), with clusters from Pango's log clusters (left to right). */
void add_text(fixture *fx, cp_dl *dl, cp_dl_page *page, const char *text, double x, double y);
/* The test document, its photo the JPEG at path jpeg (60 x 80 px). */
cp_dl *build_list(fixture *fx, const char *jpeg);

#endif
