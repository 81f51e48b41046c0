/* A deliberately simple reference of the drift check (README "drift"),
 * shared by the unit test tests/unit/test_drift_ref.c and the fuzz target
 * fuzz/fuzz_drift.c, and errcat's own drift findings in the same form.
 *
 * A catalog here is a table: per locale, per key, a group number (equal
 * numbers: one text; DR_ABSENT: the locale lacks the key). Its keys are
 * "code/1", "code/2", ... for a code the caller gives; locale 0 ("en") is
 * the source and has every key. */
#ifndef ERRCAT_DRIFT_REF_H
#define ERRCAT_DRIFT_REF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { DR_MAXL = 8, DR_MAXK = 320, DR_ABSENT = -1 };

typedef struct {
    int nl, nk;
    int grp[DR_MAXL][DR_MAXK];
} dr_cat;

/* What random catalogs dr_make() gives. */
typedef struct {
    int min_locales, max_locales; /* at most DR_MAXL */
    int min_keys, max_keys;       /* at most DR_MAXK */
    int max_group;                /* largest group the locales agree on */
    int max_faults;               /* 1 to this many faults */
    int absent_percent;           /* catalogs where translations lack keys */
} dr_params;

/* The findings of a catalog, one string each, sorted:
 * "LOCALE KEY[,KEY...] SEVERITY", and " too-large" after a finding that says
 * its component was too large to solve exactly. */
typedef struct {
    char **v;
    size_t n, cap;
} dr_list;

void dr_list_free(dr_list *l);

/* xorshift64 on *state: the same catalogs on every run. A number in [0, n). */
int dr_rand(uint64_t *state, int n);

/* A random catalog: groups of every size from 1 to p->max_group that all
 * locales agree on, then 1 to p->max_faults faults in any locale, the
 * source included: a key copies another key's text, or is re-worded on its
 * own. */
void dr_make(dr_cat *c, const dr_params *p, uint64_t *state);

/* Does any locale lack a key? (Then single-voter warnings may come.) */
bool dr_has_absent(const dr_cat *c);

/* The reference's drift errors, keys named "code/k" (k from 1). Returns
 * false, with `out` empty, when a component is too large for its exhaustive
 * search (more than `budget` steps). */
bool dr_reference(const dr_cat *c, int code, size_t budget, dr_list *out);

/* errcat's drift findings on the catalogs c[0..n), loaded from memory as
 * one catalog (catalog j's keys are "j/1", "j/2", ...; its texts are its
 * own, so keys of two catalogs never share a text in any locale and never
 * disagree: the findings are those of each catalog alone) and checked with
 * every other check disabled. out[j] gets catalog j's findings; its
 * warnings only when no locale lacks a key of it (then it has none, as
 * every pair has two voters or more: the reference defines no warning).
 * Returns false when the catalog does not load or a finding names no key
 * of the catalogs. */
bool dr_errcat(const dr_cat *c, size_t n, dr_list *out);

/* Prints the catalog's table and both lists to stderr. */
void dr_dump(const dr_cat *c, const dr_list *want, const dr_list *got);

/* Are both lists the same strings? */
bool dr_same(const dr_list *a, const dr_list *b);

/* How many strings of the list end in " too-large". */
size_t dr_too_large(const dr_list *l);

#endif
