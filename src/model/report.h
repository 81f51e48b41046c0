/* Findings: adding, filtering and moving them (model layer: src/model/report.c;
 * reading them back is public, in errcat/errcat.h). */
#ifndef ERRCAT_MODEL_REPORT_H
#define ERRCAT_MODEL_REPORT_H

#include "errcat/errcat.h"

#include <stdarg.h>
#include <stdbool.h>

/* A position in a file. */
typedef struct {
    int line; /* 1-based; 0 = none */
    int col;  /* 1-based, in code points */
} ec_pos;

void ec_report_add(ec_report *r, const char *file, ec_pos pos, ec_severity sev, ec_check_id check,
                   const char *locale, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;
void ec_report_vadd(ec_report *r, const char *file, ec_pos pos, ec_severity sev, ec_check_id check,
                    const char *locale, const char *key, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 0)))
#endif
    ;
/* Adds another key the last finding of `r` names, at `pos` in its file. */
void ec_report_relate(ec_report *r, const char *key, ec_pos pos);
/* Records s[0..n) as the text the last finding of `r` is about: the term a
 * `terms` finding says a translation drops (the review page marks it). */
void ec_report_set_subject(ec_report *r, const char *s, size_t n);
/* The text finding i of `r` is about, or NULL when none was recorded. */
const char *ec_report_subject(const ec_report *r, size_t i);
bool ec_locale_selected(const char *tag, const char **only);
/* Drops findings of disabled checks and of locales not in `only`. */
void ec_report_filter(ec_report *r, const bool *disabled, const char **only);

/* Gives every finding of a check whose policy[check] is EC_SEV_WARNING or
 * EC_SEV_ERROR that severity (policy: one ec_policy per check). */
void ec_report_apply_policy(ec_report *r, const unsigned char *policy);

/* Moves every finding of `from` to the end of `to`; `from` is left empty. */
void ec_report_move(ec_report *to, ec_report *from);

/* Moves the findings i of `r` with silenced[i] (in the order of `r` now) to
 * the list of findings a baseline silenced (ec_report_baselined()); marks `r`
 * as checked against a baseline even when none moves. */
void ec_report_take_baselined(ec_report *r, const bool *silenced);
/* The findings a baseline silenced, or NULL when no baseline was applied. */
const ec_report *ec_report_baselined_findings(const ec_report *r);

#endif
