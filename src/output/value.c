/* The value tree of mustache.h. */
#include "output/value.h"

#include "base/buf.h"

#include <stdlib.h>
#include <string.h>

/* While an arena is in use, every node, string and array comes from it:
 * building a view of 200,000 rows is then a few big allocations instead of
 * millions of small ones, and ec_v_free() leaves arena nodes alone. */
static _Thread_local ec_arena *arena; /* per thread: views are built in parallel */

void ec_v_use_arena(ec_arena *a)
{
    arena = a;
}

ec_arena *ec_v_arena(void)
{
    return arena;
}

static void *v_alloc(size_t size)
{
    return arena ? ec_arena_alloc(arena, size) : ec_xcalloc(1, size);
}

static char *v_strdup(const char *s, size_t n)
{
    return arena ? ec_arena_dup(arena, s, n) : ec_xstrndup(s, n);
}

static ec_value *new_value(ec_vtype type)
{
    ec_value *v = v_alloc(sizeof *v);
    v->type = type;
    v->in_arena = arena != NULL;
    return v;
}

ec_value *ec_v_null(void)
{
    return new_value(EC_V_NULL);
}

ec_value *ec_v_bool(bool b)
{
    /* Values in an arena are never modified nor freed one by one: one true
     * and one false serve every view. */
    static ec_value shared[2] = {{.type = EC_V_BOOL, .b = false, .in_arena = true},
                                 {.type = EC_V_BOOL, .b = true, .in_arena = true}};
    if (arena)
        return &shared[b];
    ec_value *v = new_value(EC_V_BOOL);
    v->b = b;
    return v;
}

ec_value *ec_v_num(double d)
{
    ec_value *v = new_value(EC_V_NUM);
    v->num = d;
    return v;
}

ec_value *ec_v_strn(const char *s, size_t n)
{
    ec_value *v = new_value(EC_V_STR);
    v->str = v_strdup(s ? s : "", s ? n : 0);
    v->len = s ? n : 0;
    return v;
}

ec_value *ec_v_strn_kept(const char *s, size_t n)
{
    if (!arena || !s)
        return ec_v_strn(s, n);
    ec_value *v = new_value(EC_V_STR);
    v->str = (char *)s;
    v->len = n;
    return v;
}

ec_value *ec_v_str(const char *s)
{
    return ec_v_strn(s, s ? strlen(s) : 0);
}

ec_value *ec_v_list(void)
{
    return new_value(EC_V_LIST);
}

ec_value *ec_v_map(void)
{
    return new_value(EC_V_MAP);
}

ec_value *ec_v_map_sized(size_t n)
{
    ec_value *v = new_value(EC_V_MAP);
    if (arena && n) {
        v->items = ec_arena_alloc(arena, n * sizeof *v->items);
        v->keys = ec_arena_alloc(arena, n * sizeof *v->keys);
        v->cap = n;
    }
    return v;
}

/* Makes room for one more item (and key, for maps); doubling keeps a long
 * series of appends linear. */
static void grow(ec_value *c)
{
    if (c->n < c->cap)
        return;
    size_t cap = c->cap ? c->cap * 2 : 4;
    if (c->in_arena) {
        /* the old arrays stay in the arena: doubling wastes at most half */
        ec_value **items = ec_arena_alloc(arena, cap * sizeof *items);
        if (c->n) /* NULL arrays while empty */
            memcpy(items, c->items, c->n * sizeof *items);
        c->items = items;
        if (c->type == EC_V_MAP) {
            char **keys = ec_arena_alloc(arena, cap * sizeof *keys);
            if (c->n)
                memcpy(keys, c->keys, c->n * sizeof *keys);
            c->keys = keys;
        }
    } else {
        c->items = ec_xrealloc(c->items, cap * sizeof *c->items);
        if (c->type == EC_V_MAP)
            c->keys = ec_xrealloc(c->keys, cap * sizeof *c->keys);
    }
    c->cap = cap;
}

ec_value *ec_v_set(ec_value *map, const char *key, ec_value *v)
{
    /* Ownership of v passes to us even when it cannot be stored. */
    if (!map || map->type != EC_V_MAP || !key) {
        ec_v_free(v);
        return map;
    }
    for (size_t i = 0; i < map->n; i++) {
        if (strcmp(map->keys[i], key) == 0) {
            ec_v_free(map->items[i]);
            map->items[i] = v ? v : ec_v_null();
            return map;
        }
    }
    return ec_v_put(map, key, v);
}

/* ec_v_put(), the key borrowed when the map is in an arena (`borrow`). */
static ec_value *put(ec_value *map, const char *key, ec_value *v, bool borrow)
{
    if (!map || map->type != EC_V_MAP || !key) {
        ec_v_free(v);
        return map;
    }
    grow(map);
    map->keys[map->n] = !map->in_arena ? ec_xstrdup(key)
                        : borrow       ? (char *)key
                                       : ec_arena_dup(arena, key, strlen(key));
    map->items[map->n] = v ? v : ec_v_null();
    map->n++;
    return map;
}

ec_value *ec_v_put(ec_value *map, const char *key, ec_value *v)
{
    return put(map, key, v, false);
}

ec_value *ec_v_put_static(ec_value *map, const char *key, ec_value *v)
{
    return put(map, key, v, true);
}

ec_value *ec_v_put_str(ec_value *map, const char *key, const char *s)
{
    return ec_v_put(map, key, ec_v_str(s));
}

ec_value *ec_v_set_str(ec_value *map, const char *key, const char *s)
{
    return ec_v_set(map, key, ec_v_str(s));
}

ec_value *ec_v_push(ec_value *list, ec_value *v)
{
    if (!list || list->type != EC_V_LIST) {
        ec_v_free(v);
        return list;
    }
    grow(list);
    list->items[list->n++] = v ? v : ec_v_null();
    return list;
}

ec_value *ec_v_gen_list(size_t n, ec_value *(*gen)(const void *ctx, size_t i), const void *ctx,
                        size_t values)
{
    ec_value *v = new_value(EC_V_LIST);
    v->n = n;
    v->gen_values = values;
    v->gen = gen;
    v->gen_ctx = ctx;
    return v;
}

const ec_value *ec_v_item(const ec_value *list, size_t i)
{
    return list->gen ? list->gen(list->gen_ctx, i) : list->items[i];
}

/* The index of `key` in `map`, or map->n when it is not there. */
static size_t key_index(const ec_value *map, const char *key)
{
    size_t i = 0;
    /* the first byte tells most keys apart without a call */
    while (i < map->n && !(map->keys[i][0] == key[0] && strcmp(map->keys[i], key) == 0))
        i++;
    return i;
}

const ec_value *ec_v_get(const ec_value *map, const char *key)
{
    if (!map || map->type != EC_V_MAP || !key)
        return NULL;
    size_t i = key_index(map, key);
    return i < map->n ? map->items[i] : NULL;
}

const ec_value *ec_v_get_hinted(const ec_value *map, const char *key, size_t *hint)
{
    if (!map || map->type != EC_V_MAP || !key)
        return NULL;
    if (*hint < map->n) {
        const char *k = map->keys[*hint];
        if (k == key || (k[0] == key[0] && strcmp(k, key) == 0))
            return map->items[*hint];
    }
    size_t i = key_index(map, key);
    if (i == map->n)
        return NULL;
    *hint = i;
    return map->items[i];
}

void ec_v_free(ec_value *v)
{
    if (!v || v->in_arena)
        return; /* arena nodes go with their arena */
    for (size_t i = 0; !v->gen && i < v->n; i++) {
        ec_v_free(v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}
