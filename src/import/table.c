/* What the import formats share while reading: the table grid, the
 * diagnostics, the entries and their codes, and finding the code columns
 * of a table. */
#include "import/table.h"

#include "base/buf.h"
#include "base/key.h"
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

/* Reports a code cell that is not a code. */
static void bad_code(ec_imp *im, const ec_imp_row *r, const ec_imp_cell *c, const char *what)
{
    char *s = shown(c->text ? c->text : "", c->text ? c->len : 0);
    ec_imp_error(im, r->line, "the %s cell %s %s", what, s, code_problem(c->text, c->len));
    free(s);
}

/* ---- the rows of a table: their shapes, flattened rowspans, refusals ---- */

/* What a body row holds. */
typedef enum {
    ROW_SKIPPED, /* blank, or a caption across the table */
    ROW_FULL,    /* code | code | text */
    ROW_SPAN,    /* a code spanning both code columns, then the rest */
    ROW_PAIR,    /* code | text that is not a number | nothing */
    ROW_OTHER,   /* anything else: reported by take_row */
} row_shape;

/* No row: a row_info's head when it is not in a run. */
#define NO_ROW ((size_t)-1)

/* A body row as the table reads it. A run is the rows after a FULL row
 * (its head) that look like `sub | text`: the sub-codes of the head's
 * errcode, shifted one column left where a text tool flattened the rowspan
 * of the errcode cell. */
typedef struct {
    row_shape shape;
    int32_t code, sub; /* code: the first cell; sub: the second of a FULL row */
    size_t head;       /* the run's FULL row when the row is in one, else NO_ROW */
    size_t run;        /* a head's rows in its run */
    bool repair;       /* a head whose run is read as its sub-codes */
} row_info;

/* One table being read. */
typedef struct {
    ec_imp *im;
    const ec_imp_table *t;
    size_t body;             /* the first body row */
    bool has_sub;            /* errcode | sub_errcode | text, else errcode | text */
    bool third;              /* a body row has text in a third column of its own */
    bool named[EC_IMP_COLS]; /* the header names the column */
    const char *unordered;   /* why runs cannot be repaired, or NULL */
    row_info *info;          /* by row */
} reading;

/* A cell with more than white space in it. */
static bool cell_filled(const ec_imp_cell *c)
{
    return c->text && !cell_blank(c);
}

/* A cell that is a place of the cell to its left (a colspan). */
static bool cell_spanned(const ec_imp_row *r, int i)
{
    return i > 0 && r->cell[i].text && r->cell[i].id == r->cell[i - 1].id;
}

/* The shape of a body row, by which cells it has and what they hold. */
static row_shape shape_of(const ec_imp_row *r)
{
    const ec_imp_cell *c = r->cell;
    if (row_skipped(r))
        return ROW_SKIPPED;
    if (!is_code(&c[0]))
        return ROW_OTHER;
    if (spans_both(r))
        return ROW_SPAN;
    if (is_code(&c[1]) && cell_filled(&c[2]) && !cell_spanned(r, 2))
        return ROW_FULL;
    if (cell_filled(&c[1]) && !is_code(&c[1]) && (!cell_filled(&c[2]) || cell_spanned(r, 2)))
        return ROW_PAIR;
    return ROW_OTHER;
}

/* A row as the diagnostics show it: `| 18 | 100 | Internal error... |`,
 * each cell trimmed and cut short, a colspan shown once. */
#define LOOK_CELL_MAX 30
static char *row_look(const ec_imp_row *r)
{
    ec_buf b = {0};
    ec_buf_putc(&b, '|');
    for (int i = 0; i < EC_IMP_COLS; i++) {
        const ec_imp_cell *c = &r->cell[i];
        if (!c->text || cell_spanned(r, i))
            continue;
        size_t n = c->len;
        const char *s = trim_code(c->text, &n);
        size_t max = n > LOOK_CELL_MAX ? LOOK_CELL_MAX : n;
        while (max < n && max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
            max--;
        ec_buf_putc(&b, ' ');
        for (size_t k = 0; k < max; k++)
            ec_buf_putc(&b, (unsigned char)s[k] < 0x20 ? ' ' : s[k]);
        ec_buf_puts(&b, max < n ? "... |" : " |");
    }
    return ec_buf_take(&b);
}

/* Reports an error about row `r` that shows what the row looks like. */
static void row_error(reading *rd, const ec_imp_row *r, const char *what, const char *todo)
{
    char *look = row_look(r);
    ec_imp_error(rd->im, r->line, "the row \"%s\" %s; %s", look, what, todo);
    free(look);
}

/* The key a row has as it reads on its own (a run's rows as codes). */
static bool own_key(const row_info *in, int32_t *code, int32_t *sub)
{
    if (in->shape != ROW_FULL && in->shape != ROW_SPAN && in->shape != ROW_PAIR)
        return false;
    *code = in->code;
    *sub = in->shape == ROW_FULL ? in->sub : 0;
    return true;
}

/* The first row from `i` on that is not skipped, or t->n. */
static size_t next_row(const reading *rd, size_t i)
{
    while (i < rd->t->n && rd->info[i].shape == ROW_SKIPPED)
        i++;
    return i;
}

/* Finds the run after FULL row `h` (sub-codes ascending past its own) and
 * decides whether it is, beyond doubt, the head's sub-codes: in a table in
 * key order, the last row of the run read as a code of its own would come
 * after the head's errcode and before the row that follows the run. */
static void find_run(reading *rd, size_t h)
{
    row_info *head = &rd->info[h];
    int32_t prev = head->sub;
    size_t j = h + 1;
    while (j < rd->t->n && rd->info[j].shape == ROW_PAIR && rd->info[j].code > prev) {
        prev = rd->info[j].code;
        rd->info[j++].head = h;
    }
    head->run = j - h - 1;
    if (head->run == 0)
        return;
    size_t nx = next_row(rd, j);
    int32_t code = 0, sub = 0;
    bool after = nx < rd->t->n && own_key(&rd->info[nx], &code, &sub);
    bool own_fits = prev > head->code && (!after || ec_key_cmp(prev, 0, code, sub) < 0);
    /* in a table of errcode | text, a third column the header names is a
     * column of its own, not the text of a flattened row */
    head->repair = !own_fits && (rd->has_sub || !rd->named[2]);
}

/* The key of a row as the table is read: a repaired run's rows are the
 * sub-codes of their head. */
static bool read_key(const reading *rd, size_t i, int32_t *code, int32_t *sub)
{
    const row_info *in = &rd->info[i];
    if (in->head != NO_ROW && rd->info[in->head].repair) {
        *code = rd->info[in->head].code;
        *sub = in->code;
        return true;
    }
    return own_key(in, code, sub);
}

/* Repairs rely on the table's order: when its keys, read with the repairs,
 * are not ascending, no run is repaired. */
static void check_order(reading *rd)
{
    bool any = false, have = false;
    int32_t pc = 0, ps = 0, c = 0, s = 0;
    for (size_t i = rd->body; i < rd->t->n; i++)
        any = any || (rd->info[i].shape == ROW_FULL && rd->info[i].repair);
    for (size_t i = rd->body; any && i < rd->t->n; i++) {
        if (!read_key(rd, i, &c, &s))
            continue;
        if (have && ec_key_cmp(pc, ps, c, s) >= 0) {
            rd->unordered = "the table is not in key order";
            for (size_t k = rd->body; k < rd->t->n; k++)
                rd->info[k].repair = false;
            return;
        }
        have = true;
        pc = c, ps = s;
    }
}

/* The shapes of the rows, the layout, the header's names and the runs. */
static void classify(reading *rd)
{
    const ec_imp_table *t = rd->t;
    rd->info = ec_xcalloc(t->n ? t->n : 1, sizeof *rd->info);
    for (size_t i = 0; i < t->n; i++) {
        row_info *in = &rd->info[i];
        in->head = NO_ROW;
        in->shape = i < rd->body ? ROW_OTHER : shape_of(&t->rows[i]);
        parse_code(t->rows[i].cell[0].text, t->rows[i].cell[0].len, &in->code);
        if (in->shape == ROW_FULL)
            parse_code(t->rows[i].cell[1].text, t->rows[i].cell[1].len, &in->sub);
        for (int k = 0; k < EC_IMP_COLS && i < rd->body; k++)
            rd->named[k] = rd->named[k] || cell_filled(&t->rows[i].cell[k]);
        const ec_imp_row *r = &t->rows[i];
        if (i >= rd->body && in->shape != ROW_SKIPPED)
            rd->third = rd->third || (cell_filled(&r->cell[2]) && !cell_spanned(r, 2));
    }
    for (size_t i = rd->body; i < t->n; i++)
        if (rd->info[i].shape == ROW_FULL)
            find_run(rd, i);
    check_order(rd);
}

/* Why a run that is not repaired could be either. */
static const char *run_doubt(const reading *rd, size_t h)
{
    if (rd->unordered)
        return rd->unordered;
    if (!rd->has_sub && rd->named[2])
        return "the header names a third column";
    size_t nx = next_row(rd, h + rd->info[h].run + 1);
    return nx < rd->t->n ? "the row after them could follow either" : "the table ends after them";
}

/* The error of a run that is not repaired, at its first row. */
static void run_refused(reading *rd, size_t h)
{
    const row_info *head = &rd->info[h];
    const ec_imp_row *first = &rd->t->rows[h + 1], *last = &rd->t->rows[h + head->run];
    char *look = row_look(first), *hl = row_look(&rd->t->rows[h]);
    ec_buf where = {0};
    if (head->run == 1)
        ec_buf_printf(&where, "the row \"%s\"", look);
    else if (first->line > 0 && last->line > first->line)
        ec_buf_printf(&where, "the rows of lines %d-%d (\"%s\" and on)", first->line, last->line,
                      look);
    else
        ec_buf_printf(&where, "%zu rows (\"%s\" and on)", head->run, look);
    ec_imp_error(rd->im, first->line,
                 "%s after \"%s\" may be %s of %d whose errcode cell was left out (a "
                 "flattened rowspan) or %s, and errcat cannot tell which (%s): write %s as "
                 "\"| %d | %d | ... |\"",
                 where.data, hl, head->run == 1 ? "a sub-code" : "sub-codes", head->code,
                 head->run == 1 ? "a code of its own" : "codes of their own", run_doubt(rd, h),
                 head->run == 1 ? "it" : "each", head->code, rd->info[h + 1].code);
    ec_buf_free(&where);
    free(look);
    free(hl);
}

/* The warning that a run was read as the sub-codes of its head. */
static void run_repaired(reading *rd, size_t h)
{
    const row_info *head = &rd->info[h];
    const ec_imp_row *first = &rd->t->rows[h + 1], *last = &rd->t->rows[h + head->run];
    ec_buf b = {0};
    ec_buf_printf(
        &b, "repaired %zu row%s as %s of %d (the table's rowspan was flattened): ", head->run,
        head->run == 1 ? "" : "s", head->run == 1 ? "a sub-code" : "sub-codes", head->code);
    if (head->run == 1)
        ec_buf_printf(&b, "line %d read as %d/%d", first->line, head->code, rd->info[h + 1].code);
    else
        ec_buf_printf(&b, "lines %d-%d read as %d/%d to %d/%d", first->line, last->line, head->code,
                      rd->info[h + 1].code, head->code, rd->info[h + head->run].code);
    ec_pos pos = {rd->t->rows[h].line, 0};
    ec_report_add(rd->im->r, rd->im->file, pos, EC_SEV_WARNING, EC_CHECK_IMPORT, "", "", "%s",
                  b.data);
    ec_buf_free(&b);
}

/* Adds the entry of row `r` with its text from cell `m`. */
static void add_row(reading *rd, const ec_imp_row *r, int32_t code, int32_t sub,
                    const ec_imp_cell *m)
{
    ec_imp_add(rd->im, code, sub, ec_xstrndup(m->text, m->len), m->len, r->line);
}

/* The text cell `m` of a row: false (reported) when it is missing or empty. */
static bool text_cell_ok(reading *rd, const ec_imp_row *r, const ec_imp_cell *m, bool spanned)
{
    if (!m->text || spanned) {
        row_error(rd, r,
                  rd->has_sub ? "has fewer cells than the table's errcode, sub_errcode and text"
                              : "has fewer cells than the table's errcode and text",
                  rd->has_sub ? "give it all three (sub_errcode 0 for a code without sub-codes)"
                              : "give it its text");
        return false;
    }
    if (cell_blank(m)) {
        row_error(rd, r, "has an empty text column",
                  "write the text, or delete the row (a key without a text is no message)");
        return false;
    }
    return true;
}

/* A row of a table of errcode | sub_errcode | text. */
static void take_row_sub(reading *rd, size_t i)
{
    const ec_imp_row *r = &rd->t->rows[i];
    const ec_imp_cell *c = r->cell;
    int32_t code = rd->info[i].code, sub = 0;
    if (!spans_both(r) && rd->info[i].shape == ROW_PAIR) {
        row_error(rd, r, "has an errcode and a text only, where the table has a sub_errcode too",
                  "write its sub_errcode (0 for a code without sub-codes)");
        return;
    }
    if (!spans_both(r) && !parse_code(c[1].text, c[1].len, &sub)) {
        bad_code(rd->im, r, &c[1], "sub_errcode");
        return;
    }
    if (text_cell_ok(rd, r, &c[2], c[2].id == c[0].id || c[2].id == c[1].id))
        add_row(rd, r, code, sub, &c[2]);
}

/* A row of a table of errcode | text. */
static void take_row_plain(reading *rd, size_t i)
{
    const ec_imp_row *r = &rd->t->rows[i];
    const ec_imp_cell *c = r->cell;
    int32_t code = rd->info[i].code;
    if (!text_cell_ok(rd, r, &c[1], c[1].id == c[0].id))
        return;
    bool more = cell_filled(&c[2]) && !cell_spanned(r, 2);
    if (is_code(&c[1]) && rd->third) {
        row_error(rd, r,
                  more && !rd->named[2]
                      ? "has a number where the text column is, and text in a third column, "
                        "which the header does not name"
                      : "has a number where the text column is",
                  "errcat does not guess whether it is a sub_errcode or the text: write every "
                  "row as errcode | sub_errcode | text (sub_errcode 0 for a code without "
                  "sub-codes)");
        return;
    }
    if (more && !rd->named[2]) {
        row_error(rd, r, "has text in a third column, which the header does not name",
                  "move it into the text column, or name the column in the header (errcat "
                  "reads errcode and text, and leaves a named column after them)");
        return;
    }
    add_row(rd, r, code, 0, &c[1]);
}

/* One body row into an entry, or its problem reported. */
static void take_row(reading *rd, size_t i)
{
    const row_info *in = &rd->info[i];
    const ec_imp_row *r = &rd->t->rows[i];
    if (in->head != NO_ROW) {
        const row_info *head = &rd->info[in->head];
        if (head->repair)
            add_row(rd, r, head->code, in->code, &r->cell[1]);
        else if (i == in->head + 1)
            run_refused(rd, in->head);
        return;
    }
    if (in->shape == ROW_FULL && in->repair) {
        run_repaired(rd, i);
        add_row(rd, r, in->code, in->sub, &r->cell[2]);
        return;
    }
    if (!is_code(&r->cell[0]))
        bad_code(rd->im, r, &r->cell[0], "errcode");
    else if (rd->has_sub)
        take_row_sub(rd, i);
    else
        take_row_plain(rd, i);
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
    reading rd = {.im = im, .t = t, .body = body, .has_sub = has_sub_column(t, body)};
    classify(&rd);
    for (size_t i = body; i < t->n; i++)
        if (rd.info[i].shape != ROW_SKIPPED)
            take_row(&rd, i);
    free(rd.info);
    im->taken = true;
    return true;
}
