/* limits.h - the bounds load puts on hostile or broken input before it costs
 * memory or time (STYLE 3). Each limit has its own LIMIT diagnostic that names
 * it, so an editor learns which bound was hit. Private to src/load/. */
#ifndef CP_LOAD_LIMITS_H
#define CP_LOAD_LIMITS_H

/* Largest YAML file read at all (checked with stat before reading). */
#define CP_LIMIT_FILE_BYTES (4u * 1024u * 1024u)
/* Largest single scalar (an article body is the biggest legitimate one). */
#define CP_LIMIT_SCALAR_BYTES (256u * 1024u)
/* Deepest nesting of mappings and lists. libyaml 0.2.5 has no nesting limit
 * of its own (yaml_set_max_nest_level came later), so the tree builder
 * enforces this one on the event stream. */
#define CP_LIMIT_DEPTH 32u
/* Nodes (scalars, mappings, lists) in one file. */
#define CP_LIMIT_NODES 200000u
/* Total nodes that aliases may stand for in one file: a "billion laughs"
 * file stops at the first alias that crosses it. */
#define CP_LIMIT_ALIAS_NODES 10000u
/* Members and articles in one issue. */
#define CP_LIMIT_MEMBERS 2000u
#define CP_LIMIT_ARTICLES 500u
/* Largest image, in pixels each way. */
#define CP_LIMIT_IMAGE_PX 20000u
/* How far into an image file the header probe reads at most. */
#define CP_LIMIT_IMAGE_PROBE (4u * 1024u * 1024u)

#endif
