/* The driver: runs every enabled check of the table (model/checks.def). */
#include "check/families.h"

#include "base/buf.h"
#include "base/key.h"
#include "base/parallel.h"
#include "base/unicode.h"
#include "check/context.h"
#include "model/catalog.h"
#include "model/report.h"
#include "errcat/errcat.h"

#include <stdlib.h>

/* What each row runs. */
typedef struct {
    ec_entry_check per_entry;      /* run on every entry of every locale */
    void (*per_catalog)(ec_ctx *); /* run once over all locales */
} check_run;

#define NONE NULL, NULL
#define ENTRY(fn) fn, NULL
#define CATALOG(fn) NULL, fn
#define AGAINST NULL, NULL
#define EC_CHECK_ROW(e, id, kind, sev, follows, run, desc) [EC_CHECK_##e] = {run},
static const check_run checks[] = {
#include "model/checks.def"
};
#undef EC_CHECK_ROW
#undef NONE
#undef ENTRY
#undef CATALOG
#undef AGAINST

/* The checks of every entry of locale i. */
static void entry_checks_of(ec_ctx *x, size_t i, void *arg)
{
    (void)arg;
    const ec_locale *src = ec_catalog_source(x->cat), *l = &x->cat->locales[i];
    if (x->opt && !ec_locale_selected(l->tag, x->opt->only_locales))
        return;
    /* the source entry of each key by a merge, not a search per entry */
    size_t k = 0;
    for (size_t j = 0; j < l->n; j++) {
        const ec_entry *e = &l->entries[j], *s = NULL;
        if (src && src != l) {
            while (k < src->n &&
                   ec_key_cmp(src->entries[k].code, src->entries[k].sub, e->code, e->sub) < 0)
                k++;
            if (k < src->n && src->entries[k].code == e->code && src->entries[k].sub == e->sub)
                s = &src->entries[k];
        }
        for (int c = 0; c < EC_CHECK_COUNT; c++)
            if (checks[c].per_entry && !(x->opt && x->opt->disabled[c]))
                checks[c].per_entry(x, l, e, s);
    }
}

/* The options a run goes by: `opt` (NULL: none) with the checks that the
 * catalog's policy switches off disabled too. */
static ec_check_options effective_options(const ec_catalog *c, const ec_check_options *opt)
{
    ec_check_options o = opt ? *opt : (ec_check_options){0};
    for (int i = 0; c && i < EC_CHECK_COUNT; i++)
        if (c->policy[i] == EC_POLICY_OFF)
            o.disabled[i] = true;
    return o;
}

void ec_check_run(const ec_catalog *c, const ec_check_options *opt, ec_report *r)
{
    ec_check_options o = effective_options(c, opt);
    ec_ctx x = {c, &o, r, NULL};
    if (c) {
        ec_u_init(); /* before any thread uses ICU's shared objects */
        const ec_locale *src = ec_catalog_source(c);
        x.src_drifted = ec_xcalloc(src ? src->n + 1 : 1, sizeof *x.src_drifted);
        ec_check_per_locale(&x, entry_checks_of, NULL);
        ec_phase("entry checks");
        for (int i = 0; i < EC_CHECK_COUNT; i++)
            if (checks[i].per_catalog && !o.disabled[i]) {
                checks[i].per_catalog(&x);
                ec_phase(ec_check_name(i));
            }
        free(x.src_drifted);
        ec_report_apply_policy(r, c->policy);
    }
    ec_report_filter(r, o.disabled, o.only_locales);
    ec_report_sort(r);
    ec_phase("sort findings");
}
