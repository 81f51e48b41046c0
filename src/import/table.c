/* What the import formats share while reading: the table grid, the
 * diagnostics, the entries and their codes, and finding the code columns
 * of a table. */
#include "import/table.h"

#include "base/buf.h"
#include "model/report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- the table grid ---- */

ec_imp_row *ec_imp_table_add_row(ec_imp_table *t, int line)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->rows = ec_xrealloc(t->rows, t->cap * sizeof *t->rows);
    }
    ec_imp_row *r = &t->rows[t->n++];
    memset(r, 0, sizeof *r);
    r->line = line;
    return r;
}

const char *ec_imp_table_keep(ec_imp_table *t, char *s)
{
    if (t->nstrings == t->capstrings) {
        t->capstrings = t->capstrings ? t->capstrings * 2 : 64;
        t->strings = ec_xrealloc(t->strings, t->capstrings * sizeof *t->strings);
    }
    t->strings[t->nstrings++] = s;
    return s;
}

void ec_imp_table_free(ec_imp_table *t)
{
    for (size_t i = 0; i < t->nstrings; i++)
        free(t->strings[i]);
    free(t->strings);
    free(t->rows);
    memset(t, 0, sizeof *t);
}

/* ---- diagnostics and entries ---- */

void ec_imp_entry_free(ec_imp_entry *e)
{
    free(e->text);
    free(e->source);
    free(e->msgid);
    free(e->note);
}

void ec_imp_error(ec_imp *im, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ec_pos pos = {line > 0 ? line : 0, 0};
    ec_report_vadd(im->r, im->file, pos, EC_SEV_ERROR, EC_CHECK_IMPORT, "", "", fmt, ap);
    va_end(ap);
    im->errors++;
}

ec_imp_entry *ec_imp_add(ec_imp *im, int32_t code, int32_t sub, char *text, size_t len, int line)
{
    if (im->n == im->cap) {
        im->cap = im->cap ? im->cap * 2 : 64;
        im->v = ec_xrealloc(im->v, im->cap * sizeof *im->v);
    }
    ec_imp_entry *e = &im->v[im->n++];
    memset(e, 0, sizeof *e);
    e->code = code;
    e->sub = sub;
    e->text = text;
    e->text_len = len;
    e->line = line;
    return e;
}

/* The length of the white space (ASCII, NBSP, ideographic space) at s[0..n). */
static size_t space_at(const char *s, size_t n)
{
    if (n >= 1 && strchr(" \t\n\r\f\v", s[0]) && s[0])
        return 1;
    if (n >= 2 && (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
        return 2;
    if (n >= 3 && !memcmp(s, "\xe3\x80\x80", 3))
        return 3;
    return 0;
}

/* Trims white space on both sides of s[0..*n); returns the new start. */
static const char *trim_code(const char *s, size_t *n)
{
    size_t k;
    while (*n && (k = space_at(s, *n)) != 0)
        s += k, *n -= k;
    for (bool more = true; more && *n;) {
        more = false;
        for (k = 1; k <= 3 && k <= *n; k++)
            if (space_at(s + *n - k, k) == k) {
                *n -= k;
                more = true;
                break;
            }
    }
    return s;
}

/* Digits of a code cell (after an optional '-'), or NULL when it has none
 * or anything else. */
static const char *code_digits(const char *s, size_t n, size_t *nd, bool *neg)
{
    if (!s)
        return NULL;
    s = trim_code(s, &n);
    *neg = n && s[0] == '-';
    if (*neg)
        s++, n--;
    if (n == 0)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return NULL;
    *nd = n;
    return s;
}

/* An integer code cell: optional '-', ASCII digits (leading zeros allowed),
 * within int32; white space around it (also NBSP) is ignored. */
static bool parse_code(const char *s, size_t n, int32_t *out)
{
    size_t nd;
    bool neg;
    const char *d = code_digits(s, n, &nd, &neg);
    if (!d)
        return false;
    int64_t v = 0;
    for (size_t i = 0; i < nd; i++) {
        v = v * 10 + (d[i] - '0');
        if (v > (int64_t)INT32_MAX + 1)
            return false;
    }
    if (neg)
        v = -v;
    if (v < INT32_MIN || v > INT32_MAX)
        return false;
    *out = (int32_t)v;
    return true;
}

/* Why a code cell is not a code. */
static const char *code_problem(const char *s, size_t n)
{
    size_t nd;
    bool neg;
    const char *t = s ? trim_code(s, &n) : NULL;
    if (!t || n == 0)
        return "is empty";
    return code_digits(t, n, &nd, &neg) ? "is out of the signed 32-bit range" : "is not an integer";
}

/* A cell's text for a message: quoted, at most SHOWN_MAX bytes, on one line. */
#define SHOWN_MAX 40
static char *shown(const char *s, size_t n)
{
    ec_buf b = {0};
    size_t max = n > SHOWN_MAX ? SHOWN_MAX : n;
    while (max < n && max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
        max--;
    ec_buf_putc(&b, '"');
    for (size_t i = 0; i < max; i++)
        ec_buf_putc(&b, (unsigned char)s[i] < 0x20 ? ' ' : s[i]);
    ec_buf_puts(&b, max < n ? "...\"" : "\"");
    return ec_buf_take(&b);
}

/* ---- finding the code columns of a table ---- */

static bool cell_blank(const ec_imp_cell *c)
{
    size_t n = c->text ? c->len : 0;
    return !c->text || (trim_code(c->text, &n) && n == 0);
}

static bool row_blank(const ec_imp_row *r)
{
    for (int i = 0; i < EC_IMP_COLS; i++)
        if (!cell_blank(&r->cell[i]))
            return false;
    return true;
}

static bool is_code(const ec_imp_cell *c)
{
    int32_t v;
    return c->text && parse_code(c->text, c->len, &v);
}

/* A row that is blank, or one cell across the table that is not a code:
 * a caption between groups of rows ("Network errors"). Not an entry. */
static bool row_skipped(const ec_imp_row *r)
{
    const ec_imp_cell *c = r->cell;
    bool across = c[0].id && c[1].id == c[0].id && c[2].id == c[0].id;
    return row_blank(r) || (across && !is_code(&c[0]));
}

/* The sub_errcode place of a row holds the errcode cell spanning both. */
static bool spans_both(const ec_imp_row *r)
{
    return r->cell[1].text && r->cell[1].id && r->cell[1].id == r->cell[0].id;
}

/* The first body row: the first whose first cell is a code. Rows before it
 * are header rows. t->n when there is none. */
static size_t first_body_row(const ec_imp_table *t)
{
    size_t i = 0;
    while (i < t->n && !is_code(&t->rows[i].cell[0]))
        i++;
    return i;
}

/* The second column holds sub-codes when the table has a third column and
 * more than half of the body rows have a code there (or the errcode cell
 * spans it); the other rows are then reported. */
static bool has_sub_column(const ec_imp_table *t, size_t body)
{
    size_t rows = 0, subs = 0;
    bool third = false;
    for (size_t i = body; i < t->n; i++) {
        const ec_imp_row *r = &t->rows[i];
        if (row_skipped(r))
            continue;
        rows++;
        subs += spans_both(r) || is_code(&r->cell[1]);
        third = third || r->cell[2].text;
    }
    return third && subs * 2 > rows;
}

static void bad_code(ec_imp *im, const ec_imp_row *r, const ec_imp_cell *c, const char *what)
{
    char *s = shown(c->text ? c->text : "", c->text ? c->len : 0);
    ec_imp_error(im, r->line, "the %s cell %s %s", what, s, code_problem(c->text, c->len));
    free(s);
}

/* One body row into an entry. */
static void take_row(ec_imp *im, const ec_imp_row *r, bool has_sub)
{
    const ec_imp_cell *c = r->cell;
    int32_t code, sub = 0;
    if (!parse_code(c[0].text, c[0].len, &code)) {
        bad_code(im, r, &c[0], "errcode");
        return;
    }
    if (has_sub && !spans_both(r) && !parse_code(c[1].text, c[1].len, &sub)) {
        bad_code(im, r, &c[1], "sub_errcode");
        return;
    }
    const ec_imp_cell *m = &c[has_sub ? 2 : 1];
    if (!m->text || m->id == c[0].id || (has_sub && m->id == c[1].id)) {
        ec_imp_error(im, r->line, "the row of %d/%d has no message cell", code, sub);
        return;
    }
    ec_imp_add(im, code, sub, ec_xstrndup(m->text, m->len), m->len, r->line);
}

bool ec_imp_take_table(ec_imp *im, const ec_imp_table *t)
{
    if (im->tables++ == 0)
        im->first_table = t->line;
    size_t body = first_body_row(t);
    bool two_columns = false;
    for (size_t i = body; i < t->n; i++)
        two_columns = two_columns || t->rows[i].cell[1].text;
    if (body == t->n || !two_columns)
        return false;
    bool has_sub = has_sub_column(t, body);
    for (size_t i = body; i < t->n; i++)
        if (!row_skipped(&t->rows[i]))
            take_row(im, &t->rows[i], has_sub);
    im->taken = true;
    return true;
}
