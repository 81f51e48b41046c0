/* Fuzz target: the drift check against its reference (tests/drift_ref.c,
 * the one the unit test test_drift_ref uses) on small catalogs decoded
 * from the input bytes:
 *
 *   byte 0        the number of locales, 3 to 8 (en, the source, first)
 *   byte 1        the number of keys, 2 to 16
 *   next nk bytes the group each key has in every locale (mod nk; a key
 *                 without its byte gets a group of its own)
 *   then triples  (locale, key, what): a fault in that locale; `what` below
 *                 0x40: the key copies the text of key what (mod nk);
 *                 0x40 to 0xbf: the key gets text number what (two faults
 *                 with one number give two keys one new text); from 0xc0:
 *                 the locale lacks the key (never the source)
 *
 * The catalog is loaded from memory and checked with drift alone; any
 * difference from the reference's findings aborts. Components have at most
 * 16 keys, so the reference always solves them. */
#include "fuzz.h"

#include "drift_ref.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ec_set_threads(1); /* small catalogs: threads cost more than they give */
    return 0;
}

/* The catalog of the input bytes (see the top of the file). */
static void decode(const uint8_t *data, size_t size, dr_cat *c)
{
    c->nl = 3 + (size > 0 ? data[0] % 6 : 0);
    c->nk = 2 + (size > 1 ? data[1] % 15 : 0);
    size_t at = 2;
    for (int k = 0; k < c->nk; k++, at++) {
        int g = at < size ? data[at] % c->nk : k;
        for (int l = 0; l < c->nl; l++)
            c->grp[l][k] = g;
    }
    for (; at + 3 <= size; at += 3) {
        int l = data[at] % c->nl, k = data[at + 1] % c->nk, what = data[at + 2];
        if (what < 0x40) {
            int from = c->grp[l][what % c->nk];
            if (from != DR_ABSENT)
                c->grp[l][k] = from;
        } else if (what < 0xc0) {
            c->grp[l][k] = 1000 + what;
        } else if (l != 0) {
            c->grp[l][k] = DR_ABSENT;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dr_cat c;
    decode(data, size, &c);
    dr_list want = {0}, got = {0};
    bool solved = dr_reference(&c, 0, (size_t)1 << 16, &want);
    FZ_ASSERT(solved, "the reference could not solve a catalog of %d keys", c.nk);
    FZ_ASSERT(dr_errcat(&c, 1, &got), "the catalog did not load");
    if (!dr_same(&want, &got)) {
        dr_dump(&c, &want, &got);
        FZ_ASSERT(0, "errcat's drift findings differ from the reference");
    }
    dr_list_free(&want);
    dr_list_free(&got);
    return 0;
}
