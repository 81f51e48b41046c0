/* The check functions (check layer), declared from the table itself
 * (model/checks.def), one file per family: missing (check_missing.c), drift
 * (check_drift.c), terms (check_terms.c), the per-entry checks
 * (check_entry.c). */
#ifndef ERRCAT_CHECK_FAMILIES_H
#define ERRCAT_CHECK_FAMILIES_H

#include "check/context.h"
#include "base/buf.h"
#include "model/catalog.h"

/* A check of one entry `e` of locale `l`; `src` is the source locale's entry
 * of the same key, or NULL (also when `l` is the source locale). */
typedef void (*ec_entry_check)(ec_ctx *x, const ec_locale *l, const ec_entry *e,
                               const ec_entry *src);

#define NONE
#define AGAINST
#define ENTRY(fn) void fn(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src);
#define CATALOG(fn) void fn(ec_ctx *x);
#define EC_CHECK_ROW(e, id, kind, sev, follows, run, desc) run
#include "model/checks.def"
#undef EC_CHECK_ROW
#undef NONE
#undef AGAINST
#undef ENTRY
#undef CATALOG

/* Do the placeholders of translation `text` (of locale `tag`) differ from
 * those of source text `src`? printf directives as msgfmt -c compares
 * c-format strings (argument count and types by number), brace arguments as
 * a multiset. When they differ and `out` is given, it gets "de has ..., the
 * source has ...; why". */
bool ec_placeholders_differ(const char *src, const char *text, const char *tag, ec_buf *out);

/* Bytes s[start, start + len) of a text. */
typedef struct {
    size_t start, len;
} ec_span;

/* The placeholders of text `s` (a translation when `translated`, else a
 * source text) as ec_placeholders_differ reads them: its printf directives
 * and brace arguments, in text order, none inside another; *n gets their
 * number. Caller frees. */
ec_span *ec_placeholder_spans(const char *s, bool translated, size_t *n);

#endif
