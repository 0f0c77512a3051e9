/* load_int.h - what the files of src/load/ share: the YAML node tree
 * (yamltree.c), the typed field readers (schema.c) and the per-run context.
 * Never included outside src/load/.
 *
 * Flow: load.c reads the issue file into a node tree, issue.c walks it and
 * calls member.c, article.c, layout.c and image.c for every file it names;
 * each of those reads its own file into a tree of its own (in a scratch
 * arena freed right after) and copies what it keeps into the model's arena. */
#ifndef CP_LOAD_LOAD_INT_H
#define CP_LOAD_LOAD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>
#include <yaml.h>

#include "base/arena.h"
#include "base/diag.h"
#include "load/load.h"
#include "model/model.h"

/* --- the node tree (yamltree.c) ------------------------------------------ */

typedef enum cp_ynode_kind { CP_YNODE_SCALAR, CP_YNODE_MAP, CP_YNODE_SEQ } cp_ynode_kind;

/* How a scalar was written; decides whether `12` is a number or text. */
typedef enum cp_ystyle {
	CP_YSTYLE_PLAIN,
	CP_YSTYLE_QUOTED,  /* single or double quotes */
	CP_YSTYLE_LITERAL, /* | */
	CP_YSTYLE_FOLDED,  /* > */
} cp_ystyle;

/* One YAML node. Mappings keep their keys in file order (keys[i] is always a
 * scalar); an alias is the very node its anchor names (shared, not copied),
 * which is why the tree is a DAG and `weight` bounds what walking it costs. */
typedef struct cp_ynode {
	cp_ynode_kind kind;
	cp_span span;    /* start .. end of the node */
	uint32_t weight; /* nodes in this subtree, saturating */
	/* scalars */
	const char *text; /* NUL-terminated; len bytes (may hold NULs) */
	size_t len;
	cp_ystyle style;
	uint32_t body_line; /* where the value's first character is */
	uint32_t body_col;
	/* mappings (keys + vals) and lists (vals) */
	struct cp_ynode **keys;
	struct cp_ynode **vals;
	size_t n;
	size_t cap;
} cp_ynode;

/* Reads the YAML file at path (as the user reads it; registered in d as
 * file index `file`) into a tree allocated in a. Returns NULL after adding a
 * diagnostic when the file cannot be read, breaks a limit or is not valid
 * YAML (reading stops at the first such error). An empty file gives a NULL
 * tree too, with *empty set. */
cp_ynode *cp_ynode_read_file(const char *path, uint32_t file, cp_arena *a, cp_diags *d,
                             bool *empty);
/* The same for text already in memory (tests, the built-in layout). */
cp_ynode *cp_ynode_read_string(const char *text, size_t len, uint32_t file, cp_arena *a,
                               cp_diags *d, bool *empty);
/* 1-based span from libyaml's 0-based marks; the only place that adds 1. */
cp_span cp_span_from_mark(uint32_t file, yaml_mark_t start, yaml_mark_t end);
/* The value for key in a mapping, or NULL. */
const cp_ynode *cp_ynode_get(const cp_ynode *map, const char *key);
/* True for a plain empty, ~ or null scalar. */
bool cp_ynode_is_null(const cp_ynode *n);
/* "a mapping", "a list", "text": for wrong-type messages. */
const char *cp_ynode_kind_name(const cp_ynode *n);

/* --- the run (load.c) ------------------------------------------------------ */

/* Everything one cp_load_issue run carries between files. */
typedef struct cp_ld {
	cp_model *m;
	cp_diags *d;
	const char *layouts_dir;
	const char *layout_override; /* the command line's --layout, or NULL */
	GArray *parts;               /* cp_part */
	GArray *articles;            /* cp_article */
	GArray *members;             /* cp_member */
	/* member and article files met so far: identity -> cp_ld_seen, so a
	 * file reached twice (listed twice, through a symbolic link, in two
	 * members entries) is printed once */
	GHashTable *seen;
	GArray *ads;           /* cp_ad, per ads part */
	GArray *house_ads;     /* cp_ad */
	bool too_many_members; /* the limit was reported once */
	bool too_many_articles;
} cp_ld;

/* Where a member or article file was first named. */
typedef struct cp_ld_seen {
	char *path;
	cp_span span;
} cp_ld_seen;

/* The identity of the file at path: "dev:inode" (the same through any
 * link or "../" spelling), or the cleaned path when it cannot be stat'ed.
 * Caller frees. */
char *cp_ld_file_key(const char *path);
/* False after a DUPLICATE_ENTRY warning naming both mentions when path's
 * file was met before (what: "member file"); else remembers it. */
bool cp_ld_first_mention(cp_ld *L, const char *path, cp_span span, const char *what);

/* One file being read: its tree lives in tmp, freed by cp_ldfile_clear. */
typedef struct cp_ldfile {
	const char *path; /* in the model's arena, as the user reads it */
	uint32_t file;    /* index in the sink */
	cp_arena *tmp;
	cp_ynode *root; /* NULL: unreadable (diagnosed) */
} cp_ldfile;

/* Registers path, reads it and checks that its top is a mapping (what is the
 * file's kind for messages: "member"). False: diagnosed, f->root NULL. */
bool cp_ldfile_open(cp_ldfile *f, cp_model *m, const char *path, const char *what, cp_diags *d);
void cp_ldfile_clear(cp_ldfile *f);

/* Checks that path names a readable regular file; otherwise adds MISSING_FILE
 * or NOT_A_FILE at span (what: "article file") and returns false. */
bool cp_ld_check_file(cp_diags *d, const char *path, cp_span span, const char *what);
/* The folders contents names: a members folder, an ads folder. */
typedef enum cp_ld_folder { CP_LD_FOLDER_MEMBERS, CP_LD_FOLDER_ADS } cp_ld_folder;
/* The *.yaml files of the folder that n names (relative to issue_path), in
 * name order, so the load order (and with it the order of diagnostics of
 * equal place) does not depend on the file system: hidden files, other
 * extensions and subfolders are left out, anything else that is not a file
 * (a link loop, a dangling link, a FIFO) is said by cp_ld_check_file and
 * left out. NULL after MISSING_FILE (no such folder) or BAD_VALUE (a file
 * where a folder is expected: the hint gives the list form) at n; an empty
 * folder is an empty array (the caller says so). g_ptr_array_unref it. */
GPtrArray *cp_ld_folder_files(cp_diags *d, const char *issue_path, const cp_ynode *n,
                              cp_ld_folder kind);
/* Warns (IMAGE_OUTSIDE) at span when path lies outside the issue file's
 * folder, where it would not travel with the issue (what: "image"). */
void cp_ld_check_inside(const cp_model *m, cp_diags *d, const char *path, cp_span span,
                        const char *what);

/* --- typed readers (schema.c) ---------------------------------------------- */

/* A mapping being read: what names the file kind ("member"), where the
 * nested place ("style 'title'", "'contact'") or NULL at the top. */
typedef struct cp_rd {
	cp_model *m;
	cp_diags *d;
	const cp_ynode *map;
	const char *what;
	const char *where;
	char *scratch; /* the last label, freed by the next */
	/* unknown keys whose nearest known key is absent, reported by
	 * cp_rd_missing (as one) or cp_rd_clear */
	struct {
		const cp_ynode *key;
		const char *near;
		bool taken;
	} pending[8];
	size_t n_pending;
	size_t n_ignored; /* unknown keys reported that hide no required field */
} cp_rd;

/* Starts reading map; reports every key not in keys (NULL-terminated) as
 * UNKNOWN_KEY with the nearest known key as a hint (a misspelling of a
 * key the map lacks waits for cp_rd_missing or cp_rd_clear). */
void cp_rd_init(cp_rd *r, cp_model *m, cp_diags *d, const cp_ynode *map, const char *what,
                const char *where, const char *const *keys);
void cp_rd_clear(cp_rd *r);
/* "'key'" or "'key' in <where>", valid until the next call. */
const char *cp_rd_label(cp_rd *r, const char *key);
/* Adds WRONG_TYPE "<label> must be <wanted>, not <kind of n>". */
void cp_rd_wrong_type(cp_rd *r, const char *key, const cp_ynode *n, const char *wanted);
/* Adds MISSING_FIELD at the mapping's start, or, when an unknown key of
 * the map is this key misspelt, one UNKNOWN_KEY at it saying so. */
void cp_rd_missing(cp_rd *r, const char *key);

/* Each reader: absent (or null) and not required -> true, *out untouched;
 * absent and required -> MISSING_FIELD, false; present but wrong -> one
 * diagnostic, false, *out untouched. */
bool cp_rd_text(cp_rd *r, const char *key, bool required, cp_text *out);
bool cp_rd_text_node(cp_rd *r, const char *key, const cp_ynode *n, cp_text *out);
/* A text that is printed: as cp_rd_text, with half-width katakana (ｶﾌｪ)
 * made the full-width characters print uses (カフェ; ｶﾞ as ガ). */
bool cp_rd_print_text(cp_rd *r, const char *key, bool required, cp_text *out);
void cp_rd_fullwidth_kana(cp_rd *r, cp_text *t);
/* t, read from the scalar n: a space YAML made of a line break between two
 * Japanese characters (a `>` value, a plain one over several lines) is
 * dropped, as Japanese is set solid; a value on one line stays as written. */
void cp_rd_unfold_solid(cp_rd *r, const cp_ynode *n, cp_text *t);
bool cp_rd_int(cp_rd *r, const char *key, bool required, int min, int max, int *out, cp_span *span);
bool cp_rd_length(cp_rd *r, const char *key, bool zw_ok, cp_dim *out);
bool cp_rd_enum(cp_rd *r, const char *key, const char *const *names, int count, int *out,
                cp_span *span);
bool cp_rd_color(cp_rd *r, const char *key, cp_color *out);
bool cp_rd_bool(cp_rd *r, const char *key, bool *out);
bool cp_rd_date(cp_rd *r, const char *key, bool required, cp_date *out);
/* A nested mapping (or NULL when absent and not required). */
const cp_ynode *cp_rd_map(cp_rd *r, const char *key, bool required);
/* A length from text alone, with the messages of cp_rd_length. */
bool cp_rd_parse_length(cp_rd *r, const char *key, const cp_ynode *n, bool zw_ok, cp_length *out);

/* --- the file kinds -------------------------------------------------------- */

/* Each reads one file and appends to L's arrays; false when it added errors. */
bool cp_ld_member(cp_ld *L, const char *path, cp_span named_at);
/* Returns the article's index, or -1 when the file could not be read. */
int32_t cp_ld_article(cp_ld *L, const char *path, cp_span named_at);
/* Fills layout from path on top of the built-in defaults. */
bool cp_ld_layout(cp_model *m, const char *path, cp_diags *d);
/* Resets layout to the built-in defaults (the values of a4-yoko.yaml). */
void cp_ld_layout_defaults(cp_model *m);
/* An `ads` entry of contents (ad.c): a folder of ad files or a list of
 * files and inline ads, appended to L->ads, the part's range sorted
 * largest first, then by the advertiser's reading. */
void cp_ld_ads_part(cp_ld *L, const char *issue_path, uint32_t issue_file, const cp_ynode *v,
                    cp_part *part);
/* The issue's `house_ads:` list into L->house_ads, in order. */
void cp_ld_house_ads(cp_ld *L, const char *issue_path, uint32_t issue_file, const cp_ynode *v);
/* The layout's `ads:` section (top: the layout's reader). */
void cp_ld_ads_layout(cp_rd *top, const cp_ynode *n);
/* Clears the places of the built-in ads section (defaults have none). */
void cp_ld_ads_layout_unset(cp_model *m);
/* One style mapping over st (layout.c; where: its name in messages). */
void cp_ld_style(cp_model *m, cp_diags *d, const cp_ynode *n, const char *name, cp_style *st);
/* Reads the issue tree into m, loading every file it names. */
void cp_ld_issue(cp_ld *L, cp_ldfile *f);

#endif
