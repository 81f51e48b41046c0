/* The Markdown outputs of `errcat build` (README "Outputs: `errcat build`"):
 * md/<locale>.md and the table of docs/<locale>.md, parsed by libcmark-gfm
 * with its table extension, hold one row per key whose cells are exactly the
 * codes and the catalog text; in md/<locale>.md the pipes line up in a
 * monospace font (East Asian Wide and Fullwidth characters count two columns,
 * combining marks zero).
 *
 * Each page is parsed twice: with the table extension alone, where an errmsg
 * cell must be nothing but text nodes (no emphasis, code, link or HTML got
 * through the escaping), and with every GFM extension GitHub uses (autolink,
 * strikethrough, tagfilter, tasklist too), where the cell's text must still
 * be the catalog text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "gfm.h"
#include "outtest.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* ---- display width, as README "Outputs" states it ----
 * Format characters (bidi controls, zero-width space and joiner, U+FEFF)
 * take no column either, as on a terminal (wcwidth). */

static size_t display_width(const char *s, size_t n)
{
    size_t w = 0;
    int32_t i = 0, len = (int32_t)n;
    while (i < len) {
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c < 0) {
            w++;
            continue;
        }
        int8_t gc = u_charType(c);
        if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK || gc == U_FORMAT_CHAR)
            continue;
        int eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        w += (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) ? 2 : 1;
    }
    return w;
}

/* The display columns of the cell separators of a table line: the pipes not
 * escaped by a backslash. Returns how many were found (at most max). */
static size_t pipe_columns(const char *line, size_t n, size_t *cols, size_t max)
{
    size_t found = 0, backslashes = 0;
    for (size_t i = 0; i < n; i++) {
        if (line[i] == '|' && backslashes % 2 == 0 && found < max)
            cols[found++] = display_width(line, i);
        backslashes = line[i] == '\\' ? backslashes + 1 : 0;
    }
    return found;
}

/* Every line of `text` that is a table line (all of them, or those starting
 * with '|') has its pipes at the same display columns. */
static void assert_aligned(const char *path, const char *text, bool only_pipe_lines)
{
    size_t first[8], cols[8], nfirst = 0, lineno = 0, tables = 0;
    const char *first_line = NULL;
    for (const char *p = text; *p;) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        lineno++;
        if (n && (!only_pipe_lines || p[0] == '|')) {
            size_t nc = pipe_columns(p, n, cols, 8);
            if (!first_line) {
                memcpy(first, cols, sizeof cols);
                nfirst = nc;
                first_line = p;
                tables++;
                if (nc != 4)
                    fail_msg("%s:%zu: %zu cell separators, want 4: %.*s", path, lineno, nc, (int)n,
                             p);
            } else if (nc != nfirst || memcmp(cols, first, nc * sizeof *cols)) {
                ec_buf b = {0}, a = {0};
                for (size_t i = 0; i < nc; i++)
                    ec_buf_printf(&b, " %zu", cols[i]);
                for (size_t i = 0; i < nfirst; i++)
                    ec_buf_printf(&a, " %zu", first[i]);
                fail_msg("%s:%zu: pipes at display columns%s, the header line has them at%s "
                         "(README: pipes line up):\n  %.*s",
                         path, lineno, b.data, a.data, (int)(n < 300 ? n : 300), p);
            }
        }
        p = end ? end + 1 : p + n;
    }
    if (!tables)
        fail_msg("%s: no table line", path);
}

/* ---- parsing ---- */

/* The tables of the document, in order. */
static size_t find_tables(cmark_node *doc, cmark_node **out, size_t max)
{
    size_t n = 0;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && gfm_is(node, "table") && n < max)
            out[n++] = node;
    }
    cmark_iter_free(it);
    return n;
}

/* The text of a cell (text and code literals; breaks as " " and "\n"), and
 * the types of its nodes other than text. */
static char *cell_text(cmark_node *cell, size_t *len, ec_buf *other)
{
    ec_buf b = {0};
    cmark_iter *it = cmark_iter_new(cell);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || node == cell)
            continue;
        const char *type = cmark_node_get_type_string(node);
        if (!strcmp(type, "text")) {
            ec_buf_puts(&b, cmark_node_get_literal(node));
            continue;
        }
        if (!strcmp(type, "code"))
            ec_buf_puts(&b, cmark_node_get_literal(node));
        else if (!strcmp(type, "softbreak"))
            ec_buf_putc(&b, ' ');
        else if (!strcmp(type, "linebreak"))
            ec_buf_putc(&b, '\n');
        if (other)
            ec_buf_printf(other, "%s%s", other->len ? ", " : "", type);
    }
    cmark_iter_free(it);
    *len = b.len;
    return ec_buf_take(&b);
}

static void check_cell(const char *where, cmark_node *cell, const char *want, size_t want_len,
                       bool strict)
{
    ec_buf other = {0};
    size_t len;
    char *got = cell_text(cell, &len, &other);
    if (strict && other.len) {
        char *w = ot_show(want, want_len < 100 ? want_len : 100);
        fail_msg("%s: the cell parses into %s nodes, not plain text; catalog text %s", where,
                 other.data, w);
    }
    ot_assert_bytes(where, want, want_len, got, len);
    free(got);
    ec_buf_free(&other);
}

/* The one table of `path`: header errcode | sub_errcode | errmsg, then one
 * row per key of locale `l` (and per source key it lacks, with the source
 * text: ot_table_rows), in key order, cells equal to the catalog. */
static void check_table(const char *path, const char *text, size_t n, const ec_catalog *c,
                        const ec_locale *l, bool all_gfm)
{
    ot_rows want_rows = ot_table_rows(c, l);
    cmark_node *doc = gfm_parse(text, n, all_gfm), *tables[4];
    size_t nt = find_tables(doc, tables, 4);
    if (nt != 1)
        fail_msg("%s: %zu tables as cmark-gfm parses it (%s), want 1", path, nt,
                 all_gfm ? "all GFM extensions" : "table extension");
    cmark_node *row = cmark_node_first_child(tables[0]);
    assert_non_null(row);
    if (!gfm_is(row, "table_header"))
        fail_msg("%s: the first row is a %s, not a table_header", path,
                 cmark_node_get_type_string(row));
    static const char *const heads[] = {"errcode", "sub_errcode", "errmsg"};
    cmark_node *cell = cmark_node_first_child(row);
    for (size_t i = 0; i < 3; i++, cell = cmark_node_next(cell)) {
        if (!cell)
            fail_msg("%s: the header row has %zu cells, want 3", path, i);
        char *where = ot_path("%s: header cell %zu", path, i + 1);
        check_cell(where, cell, heads[i], strlen(heads[i]), true);
        free(where);
    }
    if (cell)
        fail_msg("%s: the header row has more than 3 cells", path);
    size_t k = 0;
    for (row = cmark_node_next(row); row; row = cmark_node_next(row), k++) {
        if (k >= want_rows.n)
            fail_msg("%s: more rows than the %zu keys of %s", path, want_rows.n, l->tag);
        const ec_entry *e = want_rows.v[k];
        char code[16], sub[16];
        snprintf(code, sizeof code, "%d", e->code);
        snprintf(sub, sizeof sub, "%d", e->sub);
        const char *want[] = {code, sub, e->text ? e->text : ""};
        size_t want_len[] = {strlen(code), strlen(sub), e->text ? e->text_len : 0};
        cell = cmark_node_first_child(row);
        for (size_t i = 0; i < 3; i++, cell = cmark_node_next(cell)) {
            char *where = ot_path("%s: row %zu (%s), %s cell (%s)", path, k + 1, EC_KEY(e),
                                  heads[i], all_gfm ? "all GFM extensions" : "table extension");
            if (!cell)
                fail_msg("%s: missing", where);
            check_cell(where, cell, want[i], want_len[i], !all_gfm);
            free(where);
        }
        if (cell)
            fail_msg("%s: row %zu (%s) has more than 3 cells", path, k + 1, EC_KEY(e));
    }
    if (k != want_rows.n)
        fail_msg("%s: %zu rows, want one per key of %s: %zu", path, k, l->tag, want_rows.n);
    ot_rows_free(&want_rows);
    cmark_node_free(doc);
}

/* ---- the tests ---- */

static void test_catalog(const char *catalog)
{
    char *dir = ot_mkdtemp(), *out = ot_path("%s/out", dir);
    ot_build(0, catalog, out, "--only", "md,docs", NULL);
    ec_catalog *c = ot_load(catalog);
    for (size_t i = 0; i < c->nlocales; i++) {
        const ec_locale *l = &c->locales[i];
        assert_true(l->usable);
        char *md = ot_path("%s/md/%s.md", out, l->tag),
             *docs = ot_path("%s/docs/%s.md", out, l->tag);
        size_t n;
        char *text = ot_slurp(md, &n);
        check_table(md, text, n, c, l, false);
        check_table(md, text, n, c, l, true);
        assert_aligned(md, text, false);
        free(text);
        text = ot_slurp(docs, &n);
        check_table(docs, text, n, c, l, false);
        check_table(docs, text, n, c, l, true);
        assert_aligned(docs, text, true);
        free(text);
        free(md);
        free(docs);
    }
    ec_catalog_free(c);
    ot_rm_rf(dir);
    free(out);
    free(dir);
}

static void test_md_i18n(void **state)
{
    (void)state;
    test_catalog(OT_I18N);
}

static void test_md_hostile(void **state)
{
    (void)state;
    test_catalog(OT_HOSTILE);
}

/* Keys a translation lacks show the source text (built with exit 0: the
 * catalog's policy makes missing a warning). */
static void test_md_fallback(void **state)
{
    (void)state;
    test_catalog(OT_FALLBACK);
}

/* The width rule of this test itself. */
static void test_display_width(void **state)
{
    (void)state;
    assert_int_equal(display_width("abc", 3), 3);
    assert_int_equal(display_width("\xe6\xbc\xa2", 3), 2);     /* 漢 W */
    assert_int_equal(display_width("\xef\xbc\xa1", 3), 2);     /* Ａ F */
    assert_int_equal(display_width("\xef\xbd\xb6", 3), 1);     /* ｶ H */
    assert_int_equal(display_width("e\xcc\x81", 3), 1);        /* e + U+0301 Mn */
    assert_int_equal(display_width("x\xe2\x83\x9d", 4), 1);    /* x + U+20DD Me */
    assert_int_equal(display_width("\xf0\x9f\x98\x80", 4), 2); /* 😀 W */
    assert_int_equal(display_width("\xf0\x9d\x84\x9e", 4), 1); /* 𝄞 N */
    size_t cols[8];
    assert_int_equal(pipe_columns("| a \\| b | \\\\| c |", 18, cols, 8), 4);
    assert_int_equal(cols[1], 9);
    assert_int_equal(cols[2], 13);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_display_width),
        cmocka_unit_test(test_md_i18n),
        cmocka_unit_test(test_md_hostile),
        cmocka_unit_test(test_md_fallback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
