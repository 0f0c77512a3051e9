/* term.c - the terminal device: a page raster printed in a terminal with
 * libchafa, for proofing without a PDF viewer (`canpress preview --term`).
 *
 * The raster (raster.c) is the same drawing of the display list as the PNG
 * preview; chafa turns its pixels into one of:
 *   kitty   - the kitty graphics protocol (kitty, WezTerm, Konsole, ...);
 *   iterm2  - iTerm2's inline images (iTerm2, WezTerm, mintty);
 *   sixel   - DEC sixels (xterm -ti vt340, mlterm, foot, ...);
 *   symbols - coloured character art (block and border symbols), which every
 *             terminal shows and tmux's capture-pane keeps.
 * AUTO asks chafa's terminal database which of the graphics sequences the
 * terminal described by the environment (TERM, TERM_PROGRAM, KITTY_WINDOW_ID,
 * ...) understands, in the order kitty, iTerm2, sixel; otherwise symbols.
 * A mode asked for by name is printed with that mode's sequences whatever
 * the database says of TERM (chafa's fallback sequences fill in what the
 * detected terminal lacks: without them chafa prints nothing, or bare
 * base64 for iTerm2). Inside tmux or GNU screen, graphics would reach the
 * multiplexer, not the terminal (tmux 3.3 drops passthrough unless
 * allow-passthrough is set, and then places images badly), so pages are
 * drawn as symbol art there, with a note when a graphics mode was asked for.
 *
 * Knows nothing of pages or layouts: it prints pixels with a title above. */
#include "render/render.h"

#include <errno.h>
#include <string.h>

#include <chafa.h>

const char *const cp_render_term_mode_names[CP_RENDER_TERM_MODE_COUNT] = {
    "auto", "symbols", "sixel", "kitty", "iterm2",
};

bool cp_render_term_mode_from_name(const char *name, cp_render_term_mode *mode)
{
	for (int m = 0; m < CP_RENDER_TERM_MODE_COUNT; m++) {
		if (strcmp(name, cp_render_term_mode_names[m]) == 0) {
			*mode = (cp_render_term_mode)m;
			return true;
		}
	}
	return false;
}

/* A terminal cell's pixel size when the terminal does not say: most
 * monospace fonts are about twice as tall as wide. */
#define CELL_W 10
#define CELL_H 20

/* tmux sets TMUX in the environment of every pane, GNU screen STY. */
static bool in_multiplexer(char **envp)
{
	return g_environ_getenv(envp, "TMUX") != NULL || g_environ_getenv(envp, "STY") != NULL;
}

cp_render_term_mode cp_render_term_choose(cp_render_term_mode asked, char **envp, cp_diags *d)
{
	g_auto(GStrv) own = envp == NULL ? g_get_environ() : NULL;
	char **env = envp != NULL ? envp : own;
	cp_render_term_mode mode =
	    asked == CP_RENDER_TERM_AUTO ? cp_render_term_detect(env) : asked;
	if (mode == CP_RENDER_TERM_SYMBOLS || !in_multiplexer(env))
		return mode;
	const char *name = cp_render_term_mode_names[mode];
	if (asked != CP_RENDER_TERM_AUTO)
		cp_diag_add(d, CP_DIAG_TERM_FALLBACK, CP_SPAN_NONE,
		            "run preview outside tmux or screen to see the pages as images",
		            "%s images do not pass through tmux or screen to the terminal; "
		            "the pages are drawn as symbol art",
		            name);
	return CP_RENDER_TERM_SYMBOLS;
}

cp_render_term_mode cp_render_term_detect(char **envp)
{
	g_auto(GStrv) own = envp == NULL ? g_get_environ() : NULL;
	ChafaTermInfo *ti =
	    chafa_term_db_detect(chafa_term_db_get_default(), envp != NULL ? envp : own);
	cp_render_term_mode mode = CP_RENDER_TERM_SYMBOLS;
	if (chafa_term_info_have_seq(ti, CHAFA_TERM_SEQ_BEGIN_KITTY_IMMEDIATE_IMAGE_V1))
		mode = CP_RENDER_TERM_KITTY;
	else if (chafa_term_info_have_seq(ti, CHAFA_TERM_SEQ_BEGIN_ITERM2_IMAGE))
		mode = CP_RENDER_TERM_ITERM2;
	else if (chafa_term_info_have_seq(ti, CHAFA_TERM_SEQ_BEGIN_SIXELS))
		mode = CP_RENDER_TERM_SIXEL;
	chafa_term_info_unref(ti);
	return mode;
}

/* The colours symbol art may use, from what the terminal can set. */
static ChafaCanvasMode canvas_mode(const ChafaTermInfo *ti)
{
	if (chafa_term_info_have_seq(ti, CHAFA_TERM_SEQ_SET_COLOR_FGBG_DIRECT))
		return CHAFA_CANVAS_MODE_TRUECOLOR;
	if (chafa_term_info_have_seq(ti, CHAFA_TERM_SEQ_SET_COLOR_FGBG_256))
		return CHAFA_CANVAS_MODE_INDEXED_240;
	if (chafa_term_info_have_seq(ti, CHAFA_TERM_SEQ_SET_COLOR_FGBG_16))
		return CHAFA_CANVAS_MODE_INDEXED_16;
	/* no colour sequences known (a dumb or unknown terminal, a pipe): still
	 * print in full colour; a terminal that cannot shows the symbols */
	return CHAFA_CANVAS_MODE_TRUECOLOR;
}

/* Cairo's RGB24 (native-endian xRGB words, the x byte undefined) to packed
 * RGBA bytes with full alpha, which chafa reads on any byte order. */
static guint8 *to_rgba(const cp_render_raster *r, int *w, int *h)
{
	int stride = 0;
	const uint8_t *px = cp_render_raster_pixels(r, &stride);
	*w = cp_render_raster_width(r);
	*h = cp_render_raster_height(r);
	guint8 *out = g_malloc((size_t)*w * (size_t)*h * 4);
	for (int y = 0; y < *h; y++) {
		const uint32_t *row =
		    (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
		guint8 *o = out + (size_t)y * (size_t)*w * 4;
		for (int x = 0; x < *w; x++) {
			uint32_t v = row[x];
			o[4 * x + 0] = (guint8)(v >> 16);
			o[4 * x + 1] = (guint8)(v >> 8);
			o[4 * x + 2] = (guint8)v;
			o[4 * x + 3] = 0xff;
		}
	}
	return out;
}

bool cp_render_term(const cp_render_raster *r, const char *title, cp_render_term_mode mode,
                    int cols, int rows, int cell_w, int cell_h, FILE *f, cp_diags *d)
{
	g_assert(mode < CP_RENDER_TERM_MODE_COUNT);
	if (mode == CP_RENDER_TERM_AUTO)
		mode = cp_render_term_detect(NULL);
	g_auto(GStrv) envp = g_get_environ();
	ChafaTermInfo *ti = chafa_term_db_detect(chafa_term_db_get_default(), envp);
	if (mode != CP_RENDER_TERM_SYMBOLS) {
		/* the mode's sequences even when TERM does not list them */
		ChafaTermInfo *all = chafa_term_db_get_fallback_info(chafa_term_db_get_default());
		chafa_term_info_supplement(ti, all);
		chafa_term_info_unref(all);
	}

	/* the canvas: the raster's aspect in at most cols x rows cells, one row
	 * kept for the title and one for the line after the picture (the
	 * shell's prompt), so the title does not scroll away */
	int w = 0;
	int h = 0;
	g_autofree guint8 *rgba = to_rgba(r, &w, &h);
	if (cell_w <= 0 || cell_h <= 0) {
		cell_w = CELL_W;
		cell_h = CELL_H;
	}
	int cw = MAX(cols, 1);
	int ch = MAX(rows - (title != NULL ? 1 : 0) - 1, 1);
	chafa_calc_canvas_geometry(w, h, &cw, &ch, (gfloat)cell_w / (gfloat)cell_h, TRUE, FALSE);

	static const ChafaPixelMode pixel_modes[CP_RENDER_TERM_MODE_COUNT] = {
	    [CP_RENDER_TERM_AUTO] = CHAFA_PIXEL_MODE_SYMBOLS,
	    [CP_RENDER_TERM_SYMBOLS] = CHAFA_PIXEL_MODE_SYMBOLS,
	    [CP_RENDER_TERM_SIXEL] = CHAFA_PIXEL_MODE_SIXELS,
	    [CP_RENDER_TERM_KITTY] = CHAFA_PIXEL_MODE_KITTY,
	    [CP_RENDER_TERM_ITERM2] = CHAFA_PIXEL_MODE_ITERM2,
	};
	ChafaCanvasConfig *cfg = chafa_canvas_config_new();
	chafa_canvas_config_set_geometry(cfg, cw, ch);
	chafa_canvas_config_set_cell_geometry(cfg, cell_w, cell_h);
	chafa_canvas_config_set_pixel_mode(cfg, pixel_modes[mode]);
	chafa_canvas_config_set_canvas_mode(cfg, canvas_mode(ti));
	if (mode == CP_RENDER_TERM_SYMBOLS) {
		/* blocks and borders draw text lines and frames best; no ASCII
		 * letters, which read as text that is not on the page */
		ChafaSymbolMap *map = chafa_symbol_map_new();
		chafa_symbol_map_add_by_tags(map, CHAFA_SYMBOL_TAG_BLOCK | CHAFA_SYMBOL_TAG_BORDER |
		                                      CHAFA_SYMBOL_TAG_SPACE |
		                                      CHAFA_SYMBOL_TAG_STIPPLE);
		chafa_symbol_map_remove_by_tags(map, CHAFA_SYMBOL_TAG_WIDE);
		chafa_canvas_config_set_symbol_map(cfg, map);
		chafa_symbol_map_unref(map);
		/* foreground only: every cell's shape is in its character, so the
		 * page still shows where colours are lost (tmux capture-pane, a log,
		 * a monochrome terminal); the paper is drawn, the terminal's own
		 * background stays around it */
		chafa_canvas_config_set_fg_only_enabled(cfg, TRUE);
		chafa_canvas_config_set_canvas_mode(cfg, CHAFA_CANVAS_MODE_FGBG);
		chafa_canvas_config_set_fg_color(cfg, 0xffffff);
		chafa_canvas_config_set_bg_color(cfg, 0x000000);
		chafa_canvas_config_set_dither_mode(cfg, CHAFA_DITHER_MODE_ORDERED);
	}
	ChafaCanvas *canvas = chafa_canvas_new(cfg);
	chafa_canvas_draw_all_pixels(canvas, CHAFA_PIXEL_RGBA8_UNASSOCIATED, rgba, w, h, w * 4);
	GString *out = chafa_canvas_print(canvas, ti);

	/* title, picture, attributes reset (symbol art leaves colours set) */
	errno = 0;
	if (title != NULL)
		fprintf(f, "%s\n", title);
	fwrite(out->str, 1, out->len, f);
	fputs("\033[0m\n", f);
	bool ok = fflush(f) == 0 && !ferror(f);
	if (!ok)
		cp_diag_add(d, CP_DIAG_OUTPUT, CP_SPAN_NONE, NULL,
		            "cannot write to the terminal: %s", g_strerror(errno ? errno : EIO));
	g_string_free(out, TRUE);
	chafa_canvas_unref(canvas);
	chafa_canvas_config_unref(cfg);
	chafa_term_info_unref(ti);
	return ok;
}
