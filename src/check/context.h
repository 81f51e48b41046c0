/* What every check gets and how it reports (check layer: src/check/context.c). */
#ifndef ERRCAT_CHECK_CONTEXT_H
#define ERRCAT_CHECK_CONTEXT_H

#include "model/catalog.h"
#include "model/report.h"
#include "errcat/errcat.h"

/* What every check function gets. */
typedef struct {
    const ec_catalog *cat;
    const ec_check_options *opt;
    ec_report *out;
    /* per source entry: drift blames its text, so translations are not
     * measured against it by terms */
    bool *src_drifted;
} ec_ctx;

/* Reports a finding on entry `e` of locale `l` at `pos` unless the entry (or,
 * for translation checks, its source entry) ignores the check; true when it
 * did (ec_report_relate(x->out, ...) then adds the other keys it names). */
bool ec_finding_at(ec_ctx *x, const ec_locale *l, const ec_entry *e, ec_pos pos, ec_check_id check,
                   ec_severity sev, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* Runs fn(x_i, li, arg) for every locale li on all cores; x_i is x with a
 * report of its own, merged into x's in locale order afterwards. */
void ec_check_per_locale(ec_ctx *x, void (*fn)(ec_ctx *x, size_t li, void *arg), void *arg);

#endif
