/* paths.c - where canpress finds its layouts and fonts, whatever the current
 * folder: $CANPRESS_DATADIR, else the source tree for an uninstalled build,
 * else the installed data folder (meson install puts layouts/ and fonts/
 * there). */
#include "cli/cli.h"

#include <string.h>

#include "cp_config.h"

/* True when the running binary lives in the build folder it was built in. */
static bool running_uninstalled(void)
{
	g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
	if (exe == NULL)
		return false;
	size_t n = strlen(CP_BUILD_DIR);
	return strncmp(exe, CP_BUILD_DIR, n) == 0 && exe[n] == '/';
}

char *cp_cli_data_dir(void)
{
	const char *env = g_getenv("CANPRESS_DATADIR");
	if (env != NULL && *env != '\0')
		return g_strdup(env);
	if (running_uninstalled())
		return g_strdup(CP_SOURCE_DIR);
	return g_strdup(CP_DATADIR);
}
