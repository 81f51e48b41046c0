/* A string -> size_t hash map (drift, terms, the catalog's locales). */
#include "base/map.h"

#include "base/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- ec_map: open addressing with linear probing; keys are borrowed,
 * not copied; each slot keeps its key's hash, so that a probe compares
 * strings only when the hashes are equal ---- */

struct ec_map_slot {
    const char *key; /* NULL: free */
    uint32_t hash;   /* the low half of the key's hash, which picks the slot */
    uint32_t val;
};
/* 16 bytes a slot: a map has fewer than 2^31 keys, and its values are
 * indices below 2^32. */

/* Eight bytes at a time, multiply and fold: the texts are short. */
static uint32_t hash_str(const char *s)
{
    size_t n = strlen(s), i = 0;
    uint64_t h = 0x9E3779B97F4A7C15u ^ n, w;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, s + i, n - i);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
    /* a final avalanche: every byte reaches the low bits that pick a slot */
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDu;
    return (uint32_t)(h ^ (h >> 33));
}

/* Moves the keys into a table of `cap` slots (a power of two). */
static void map_rehash(ec_map *m, size_t cap)
{
    ec_map_slot *slots = ec_xmalloc_pages(cap * sizeof *slots);
    memset(slots, 0, cap * sizeof *slots);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key)
            continue;
        size_t j = m->slots[i].hash & (cap - 1);
        while (slots[j].key)
            j = (j + 1) & (cap - 1);
        slots[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

static size_t map_slot(const ec_map *m, const char *k, uint32_t h)
{
    size_t j = h & (m->cap - 1);
    while (m->slots[j].key && (m->slots[j].hash != h || strcmp(m->slots[j].key, k) != 0))
        j = (j + 1) & (m->cap - 1);
    return j;
}

void ec_map_reserve(ec_map *m, size_t n)
{
    size_t cap = m->cap ? m->cap : 64;
    while (cap / 2 < n && cap < ((size_t)1 << 32))
        cap *= 2;
    if (cap > m->cap)
        map_rehash(m, cap);
}

uint32_t ec_map_hash(const char *k)
{
    return hash_str(k);
}

size_t ec_map_get_or_add(ec_map *m, const char *k, size_t v, bool *added)
{
    if ((m->n + 1) * 2 > m->cap)
        map_rehash(m, m->cap ? m->cap * 2 : 64);
    uint32_t h = hash_str(k);
    ec_map_slot *s = &m->slots[map_slot(m, k, h)];
    if (s->key) {
        if (added)
            *added = false;
        return s->val;
    }
    *s = (ec_map_slot){k, h, (uint32_t)v};
    m->n++;
    if (added)
        *added = true;
    return v;
}

bool ec_map_find(const ec_map *m, const char *k, size_t *v)
{
    if (!m->cap)
        return false;
    const ec_map_slot *s = &m->slots[map_slot(m, k, hash_str(k))];
    if (s->key && v)
        *v = s->val;
    return s->key != NULL;
}

void ec_map_free(ec_map *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}
