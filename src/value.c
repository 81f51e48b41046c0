/* The value tree of mustache.h. */
#include "mustache.h"

#include "internal.h"

#include <stdlib.h>
#include <string.h>

static ec_value *new_value(ec_vtype type)
{
    ec_value *v = ec_xcalloc(1, sizeof *v);
    v->type = type;
    return v;
}

ec_value *ec_v_null(void)
{
    return new_value(EC_V_NULL);
}

ec_value *ec_v_bool(bool b)
{
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
    v->str = ec_xstrndup(s ? s : "", s ? n : 0);
    v->len = s ? n : 0;
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

/* Makes room for one more item (and key, for maps); doubling keeps a long
 * series of appends linear. */
static void grow(ec_value *c)
{
    if (c->n < c->cap)
        return;
    c->cap = c->cap ? c->cap * 2 : 4;
    c->items = ec_xrealloc(c->items, c->cap * sizeof *c->items);
    if (c->type == EC_V_MAP)
        c->keys = ec_xrealloc(c->keys, c->cap * sizeof *c->keys);
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
    grow(map);
    map->keys[map->n] = ec_xstrdup(key);
    map->items[map->n] = v ? v : ec_v_null();
    map->n++;
    return map;
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

const ec_value *ec_v_get(const ec_value *map, const char *key)
{
    if (!map || map->type != EC_V_MAP || !key)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i], key) == 0)
            return map->items[i];
    return NULL;
}

void ec_v_free(ec_value *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        ec_v_free(v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}
