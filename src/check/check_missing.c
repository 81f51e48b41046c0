/* missing: a key that another locale has and this one lacks, found by one
 * k-way merge over the sorted locales. */
#include "check/families.h"

#include "base/buf.h"
#include "base/key.h"
#include "check/context.h"
#include "model/catalog.h"
#include "model/report.h"
#include "errcat/errcat.h"

#include <stdlib.h>
#include <string.h>

/* Appends the tags of the usable locales that have the key (at[] positions);
 * returns how many there are. */
static size_t holders(ec_buf *b, const ec_catalog *c, const size_t *at, int32_t code, int32_t sub)
{
    const char **names = ec_xmalloc(c->nlocales * sizeof *names);
    size_t n = 0;
    for (size_t i = 0; i < c->nlocales; i++) {
        const ec_locale *l = &c->locales[i];
        if (l->usable && at[i] < l->n && l->entries[at[i]].code == code &&
            l->entries[at[i]].sub == sub)
            names[n++] = l->tag;
    }
    ec_buf_name_list(b, names, n);
    free(names);
    return n;
}

/* Where a missing key belongs: after the entry before it, else at `messages:`. */
static ec_pos insert_pos(const ec_locale *l, size_t at)
{
    if (at > 0)
        return l->entries[at - 1].pos;
    return l->messages_pos.line ? l->messages_pos : (ec_pos){1, 1};
}

static void report_missing(ec_ctx *x, const size_t *at, int32_t code, int32_t sub)
{
    const ec_catalog *c = x->cat;
    for (size_t i = 0; i < c->nlocales; i++) {
        const ec_locale *l = &c->locales[i];
        bool has = at[i] < l->n && l->entries[at[i]].code == code && l->entries[at[i]].sub == sub;
        if (!l->usable || has)
            continue;
        ec_buf who = {0};
        size_t nwho = holders(&who, c, at, code, sub);
        ec_entry fake = {.code = code, .sub = sub};
        ec_key_format(fake.key, code, sub);
        const char *where = at[i] > 0 ? l->entries[at[i] - 1].key : NULL;
        ec_finding_at(x, l, &fake, insert_pos(l, at[i]), EC_CHECK_MISSING, 0,
                      "%s lacks %s, which %s %s%s%s", l->tag, fake.key, who.data,
                      nwho == 1 ? "has" : "have", where ? "; it belongs after " : "",
                      where ? where : "");
        ec_buf_free(&who);
    }
}

void ec_check_missing(ec_ctx *x)
{
    const ec_catalog *c = x->cat;
    size_t *at = ec_xcalloc(c->nlocales + 1, sizeof *at);
    for (const ec_entry *e; (e = ec_catalog_next_key(c, at));) {
        int32_t code = e->code, sub = e->sub;
        report_missing(x, at, code, sub);
        ec_catalog_pass_key(c, at, code, sub);
    }
    free(at);
}
