/* A string -> size_t hash map (base layer: src/base/map.c). */
#ifndef ERRCAT_BASE_MAP_H
#define ERRCAT_BASE_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A string -> size_t hash map (drift, terms, the catalog's locales). */
typedef struct ec_map_slot ec_map_slot;
typedef struct {
    ec_map_slot *slots;
    size_t cap, n;
} ec_map;

/* Returns the value for `k`, inserting `v` (below 2^32) when absent;
 * `*added` tells. */
size_t ec_map_get_or_add(ec_map *m, const char *k, size_t v, bool *added);
/* Room for `n` keys without growing: one table instead of a series of
 * ever larger ones, each copied into the next. */
void ec_map_reserve(ec_map *m, size_t n);
/* The hash of `k` that picks its slot: for a caller that groups texts in
 * its own way (sorting by it). */
uint32_t ec_map_hash(const char *k);
/* Whether `k` is in the map; its value in *v (v may be NULL). */
bool ec_map_find(const ec_map *m, const char *k, size_t *v);
void ec_map_free(ec_map *m);

#endif
