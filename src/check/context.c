/* What every check gets and how it reports a finding. */
#include "check/context.h"

#include "base/buf.h"
#include "base/parallel.h"
#include "model/catalog.h"
#include "model/checkdef.h"
#include "model/report.h"
#include "errcat/errcat.h"

#include <stdarg.h>
#include <stdlib.h>

bool ec_finding_at(ec_ctx *x, const ec_locale *l, const ec_entry *e, ec_pos pos, ec_check_id check,
                   ec_severity sev, const char *fmt, ...)
{
    if (x->opt && x->opt->disabled[check])
        return false;
    if (x->opt && !ec_locale_selected(l->tag, x->opt->only_locales))
        return false;
    if (e && (EC_X(e)->ignore & EC_CHECK_BIT(check)))
        return false;
    const ec_locale *src = ec_catalog_source(x->cat);
    if (e && src && src != l && ec_check_follows_source(check)) {
        const ec_entry *s = ec_locale_find(src, e->code, e->sub);
        if (s && (EC_X(s)->ignore & EC_CHECK_BIT(check)))
            return false;
    }
    va_list ap;
    va_start(ap, fmt);
    ec_report_vadd(x->out, l->path, pos, sev ? sev : ec_check_default_severity(check), check,
                   l->tag, e ? EC_KEY(e) : "", fmt, ap);
    va_end(ap);
    return true;
}

typedef struct {
    ec_ctx *per;
    void (*fn)(ec_ctx *x, size_t li, void *arg);
    void *arg;
} per_locale_job;

static void per_locale_one(size_t i, void *ctx)
{
    per_locale_job *j = ctx;
    j->fn(&j->per[i], i, j->arg);
}

void ec_check_per_locale(ec_ctx *x, void (*fn)(ec_ctx *x, size_t li, void *arg), void *arg)
{
    size_t n = x->cat->nlocales;
    per_locale_job j = {ec_xcalloc(n + 1, sizeof *j.per), fn, arg};
    for (size_t i = 0; i < n; i++) {
        j.per[i] = *x;
        j.per[i].out = ec_report_new();
    }
    ec_parallel_for(n, per_locale_one, &j);
    for (size_t i = 0; i < n; i++) {
        ec_report_move(x->out, j.per[i].out);
        ec_report_free(j.per[i].out);
    }
    free(j.per);
}
