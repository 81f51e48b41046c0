/* A generic value tree: the view model that templates render (output layer:
 * src/output/value.c). */
#ifndef ERRCAT_OUTPUT_VALUE_H
#define ERRCAT_OUTPUT_VALUE_H

#include "base/buf.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum { EC_V_NULL, EC_V_BOOL, EC_V_NUM, EC_V_STR, EC_V_LIST, EC_V_MAP } ec_vtype;

typedef struct ec_value ec_value;
struct ec_value {
    ec_vtype type;
    bool b;           /* EC_V_BOOL */
    double num;       /* EC_V_NUM */
    char *str;        /* EC_V_STR, NUL-terminated, may hold NULs within len */
    size_t len;       /* EC_V_STR length */
    ec_value **items; /* EC_V_LIST items, EC_V_MAP values (insertion order) */
    char **keys;      /* EC_V_MAP keys */
    size_t n, cap;
    /* A list made on demand (items NULL): gen(gen_ctx, i) makes item i of
     * the n, with values made while a scratch arena is in use. */
    ec_value *(*gen)(const void *gen_ctx, size_t i);
    const void *gen_ctx;
    size_t gen_values; /* how many values the n items hold, all together */
    bool in_arena;     /* allocated from the arena given to ec_v_use_arena() */
};

/* From now on (until called with NULL) values this thread makes are
 * allocated from `a`; such values may be shared between lists, are never
 * freed one by one, and must only be modified while the same arena is in
 * use. Each thread has its own setting. */
void ec_v_use_arena(ec_arena *a);
/* The arena in use on this thread, or NULL. */
ec_arena *ec_v_arena(void);

ec_value *ec_v_null(void);
ec_value *ec_v_bool(bool b);
ec_value *ec_v_num(double d);
ec_value *ec_v_str(const char *s);
ec_value *ec_v_strn(const char *s, size_t n);
/* ec_v_strn() of a string that outlives the value (s[n] a NUL, s not
 * modified meanwhile): while an arena is in use, the value points at s
 * instead of holding a copy. */
ec_value *ec_v_strn_kept(const char *s, size_t n);
ec_value *ec_v_list(void);
ec_value *ec_v_map(void);
/* A map with room for n keys before it grows (in an arena; else ec_v_map). */
ec_value *ec_v_map_sized(size_t n);
/* Sets map[key] = v, taking ownership of v (replaces an existing key). Returns map. */
ec_value *ec_v_set(ec_value *map, const char *key, ec_value *v);
/* Appends map[key] = v when the caller knows `key` is not there yet (no
 * search: building big views stays linear). Returns map. */
ec_value *ec_v_put(ec_value *map, const char *key, ec_value *v);
/* ec_v_put() with a key that lives as long as the program (a string
 * literal): a map in an arena keeps the pointer instead of a copy. */
ec_value *ec_v_put_static(ec_value *map, const char *key, ec_value *v);
ec_value *ec_v_put_str(ec_value *map, const char *key, const char *s);
/* Convenience: map[key] = string s. Returns map. */
ec_value *ec_v_set_str(ec_value *map, const char *key, const char *s);
/* A list of n items that are made only when a template visits them, one at
 * a time: item i is gen(ctx, i), whose values live until the next item is
 * made. A big table then never exists whole. `ctx` must outlive the list;
 * `values` is the number of values in all the items together (what the
 * template engine's budget counts without making them). */
ec_value *ec_v_gen_list(size_t n, ec_value *(*gen)(const void *ctx, size_t i), const void *ctx,
                        size_t values);
/* Item i of a list, made (in the arena in use) if the list is made on
 * demand. */
const ec_value *ec_v_item(const ec_value *list, size_t i);
/* Appends v to list, taking ownership. Returns list. */
ec_value *ec_v_push(ec_value *list, ec_value *v);
/* map[key] or NULL. */
const ec_value *ec_v_get(const ec_value *map, const char *key);
/* ec_v_get() that looks first at index *hint, and leaves there the index
 * it found `key` at: maps made alike, one after another, find each key at
 * once. */
const ec_value *ec_v_get_hinted(const ec_value *map, const char *key, size_t *hint);
void ec_v_free(ec_value *v);

#endif
