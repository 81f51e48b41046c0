/* Findings: storage, order and counts. */
#include "model/report.h"

#include "base/buf.h"
#include "base/key.h"
#include "model/checkdef.h"
#include "errcat/errcat.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *file, *locale, *key, *message;
    ec_pos pos;
    ec_severity sev;
    ec_check_id check;
    size_t seq;      /* insertion order, the last sort key */
    ec_related *rel; /* the other keys it names (keys owned) */
    size_t nrel;
    char *subject; /* the text it is about (a term), or NULL */
} finding;

struct ec_report {
    finding *v;
    size_t n, cap;
    ec_report *baselined; /* findings a baseline silenced (NULL: none applied) */
};

/* Frees what a finding owns. */
static void free_finding(finding *f)
{
    free(f->file);
    free(f->locale);
    free(f->key);
    free(f->message);
    for (size_t k = 0; k < f->nrel; k++)
        free((char *)f->rel[k].key);
    free(f->rel);
    free(f->subject);
}

ec_report *ec_report_new(void)
{
    return ec_xcalloc(1, sizeof(ec_report));
}

void ec_report_free(ec_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free_finding(&r->v[i]);
    free(r->v);
    ec_report_free(r->baselined);
    free(r);
}

void ec_report_vadd(ec_report *r, const char *file, ec_pos pos, ec_severity sev, ec_check_id check,
                    const char *locale, const char *key, const char *fmt, va_list ap)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 32;
        r->v = ec_xrealloc(r->v, r->cap * sizeof *r->v);
    }
    ec_buf b = {0};
    ec_buf_vprintf(&b, fmt, ap);
    finding *f = &r->v[r->n];
    f->file = ec_xstrdup(file ? file : "");
    f->locale = ec_xstrdup(locale ? locale : "");
    f->key = ec_xstrdup(key ? key : "");
    f->message = ec_buf_take(&b);
    f->pos = pos;
    f->sev = sev;
    f->check = check;
    f->seq = r->n++;
    f->rel = NULL;
    f->nrel = 0;
    f->subject = NULL;
}

void ec_report_relate(ec_report *r, const char *key, ec_pos pos)
{
    finding *f = &r->v[r->n - 1];
    f->rel = ec_xrealloc(f->rel, (f->nrel + 1) * sizeof *f->rel);
    f->rel[f->nrel++] = (ec_related){ec_xstrdup(key), pos.line, pos.col};
}

void ec_report_add(ec_report *r, const char *file, ec_pos pos, ec_severity sev, ec_check_id check,
                   const char *locale, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ec_report_vadd(r, file, pos, sev, check, locale, key, fmt, ap);
    va_end(ap);
}

void ec_report_set_subject(ec_report *r, const char *s, size_t n)
{
    finding *f = &r->v[r->n - 1];
    free(f->subject);
    f->subject = ec_xstrndup(s, n);
}

const char *ec_report_subject(const ec_report *r, size_t i)
{
    return r->v[i].subject;
}

size_t ec_report_count(const ec_report *r)
{
    return r->n;
}

ec_finding ec_report_get(const ec_report *r, size_t i)
{
    const finding *f = &r->v[i];
    ec_finding out = {f->file,   f->pos.line, f->pos.col, f->sev,  f->check,
                      f->locale, f->key,      f->message, f->nrel, f->rel};
    return out;
}

static int cmp_finding(const void *a, const void *b)
{
    const finding *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->pos.line != y->pos.line)
        return x->pos.line < y->pos.line ? -1 : 1;
    if (x->pos.col != y->pos.col)
        return x->pos.col < y->pos.col ? -1 : 1;
    if (x->check != y->check)
        return x->check < y->check ? -1 : 1;
    int32_t xc, xs, yc, ys;
    bool xk = ec_key_parse(x->key, strlen(x->key), &xc, &xs);
    bool yk = ec_key_parse(y->key, strlen(y->key), &yc, &ys);
    if (xk && yk && (c = ec_key_cmp(xc, xs, yc, ys)) != 0)
        return c;
    if ((c = strcmp(x->message, y->message)) != 0)
        return c;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

void ec_report_sort(ec_report *r)
{
    if (r->n > 1)
        qsort(r->v, r->n, sizeof *r->v, cmp_finding);
}

size_t ec_report_count_severity(const ec_report *r, ec_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        n += r->v[i].sev == sev;
    return n;
}

bool ec_report_has_io_error(const ec_report *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].check == EC_CHECK_IO)
            return true;
    return false;
}

bool ec_locale_selected(const char *tag, const char **only)
{
    if (!only || !tag || !*tag)
        return true;
    for (; *only; only++)
        if (!strcmp(*only, tag))
            return true;
    return false;
}

void ec_report_filter(ec_report *r, const bool *disabled, const char **only)
{
    size_t out = 0;
    for (size_t i = 0; i < r->n; i++) {
        finding *f = &r->v[i];
        bool drop = ec_check_is_check(f->check) &&
                    ((disabled && disabled[f->check]) || !ec_locale_selected(f->locale, only));
        if (drop) {
            free_finding(f);
            continue;
        }
        r->v[out++] = *f;
    }
    r->n = out;
}

void ec_report_apply_policy(ec_report *r, const unsigned char *policy)
{
    for (size_t i = 0; i < r->n; i++) {
        unsigned p = policy[r->v[i].check];
        if (p == EC_SEV_WARNING || p == EC_SEV_ERROR)
            r->v[i].sev = (ec_severity)p;
    }
}

void ec_report_move(ec_report *to, ec_report *from)
{
    if (to->n + from->n > to->cap) {
        to->cap = to->n + from->n;
        to->v = ec_xrealloc(to->v, to->cap * sizeof *to->v);
    }
    for (size_t i = 0; i < from->n; i++) {
        to->v[to->n] = from->v[i];
        to->v[to->n].seq = to->n;
        to->n++;
    }
    from->n = 0;
}

void ec_report_take_baselined(ec_report *r, const bool *silenced)
{
    if (!r->baselined)
        r->baselined = ec_report_new();
    ec_report *to = r->baselined;
    size_t out = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (!silenced[i]) {
            r->v[out++] = r->v[i];
            continue;
        }
        if (to->n == to->cap) {
            to->cap = to->cap ? to->cap * 2 : 32;
            to->v = ec_xrealloc(to->v, to->cap * sizeof *to->v);
        }
        to->v[to->n] = r->v[i];
        to->v[to->n].seq = to->n;
        to->n++;
    }
    r->n = out;
}

const ec_report *ec_report_baselined_findings(const ec_report *r)
{
    return r->baselined;
}

size_t ec_report_baselined(const ec_report *r)
{
    return r->baselined ? r->baselined->n : 0;
}
