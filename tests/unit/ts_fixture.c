/* ts_fixture.c - the typesetter tests' shared fixture (ts_fixture.h). */
#include "ts_fixture.h"

#include "cp_config.h"

char *conf_path;

void ts_fixture_init(void)
{
	g_unsetenv("FONTCONFIG_FILE");
	const char *src = g_getenv("CP_SOURCE_DIR");
	conf_path = g_build_filename(src ? src : CP_SOURCE_DIR, "fonts", "fonts.conf", NULL);
}

void ts_fixture_clear(void)
{
	g_free(conf_path);
	conf_path = NULL;
}

cp_typesetter *ts_open(cp_diags *d)
{
	cp_typesetter *ts = cp_ts_new(conf_path, d);
	g_assert_nonnull(ts);
	return ts;
}

cp_ts_style body_style(void)
{
	cp_ts_style st = {0};
	st.family = MINCHO;
	st.weight = 400;
	st.size = TS_BODY_SIZE;
	st.pitch = TS_BODY_PITCH;
	st.align = CP_TS_JUSTIFY;
	st.color = cp_color_gray(1.0);
	return st;
}
