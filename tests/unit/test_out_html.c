/* The HTML pages of `errcat build` (README "Outputs: `errcat build`",
 * html/<locale>.html), for i18n/ and the hostile catalog:
 *  - zero errors from the Nu Html Checker (npm vnu-jar, run with java);
 *  - as a browser parses them (parse5, the WHATWG algorithm, through
 *    tests/node/html_rows.mjs): no parse error, no-quirks mode, <html lang>
 *    equal to the locale, <meta charset="utf-8">, a title, one table whose
 *    body has one row per key after expanding rowspan/colspan, each cell equal
 *    to the catalog's code, sub-code and text, and an errcode's rows sharing
 *    one code cell (rowspan).
 * The node packages are installed by scripts/test (npm ci in tests/node). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "outtest.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>

#define NODE_DIR ERRCAT_SOURCE_DIR "/tests/node"
#define VNU_JAR NODE_DIR "/node_modules/vnu-jar/build/dist/vnu.jar"

static void need(const char *path, const char *what)
{
    if (!ot_exists(path))
        fail_msg("%s is missing (%s): run scripts/test, which installs the test tools "
                 "(npm ci --ignore-scripts in tests/node)",
                 path, what);
}

/* ---- a small JSON reader for html_rows.mjs's lines ---- */

static void put_utf8(ec_buf *b, unsigned long c)
{
    if (c < 0x80) {
        ec_buf_putc(b, (char)c);
    } else if (c < 0x800) {
        ec_buf_putc(b, (char)(0xC0 | (c >> 6)));
        ec_buf_putc(b, (char)(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        ec_buf_putc(b, (char)(0xE0 | (c >> 12)));
        ec_buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
        ec_buf_putc(b, (char)(0x80 | (c & 0x3F)));
    } else {
        ec_buf_putc(b, (char)(0xF0 | (c >> 18)));
        ec_buf_putc(b, (char)(0x80 | ((c >> 12) & 0x3F)));
        ec_buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
        ec_buf_putc(b, (char)(0x80 | (c & 0x3F)));
    }
}

static unsigned long hex4(const char *s)
{
    char h[5] = {s[0], s[1], s[2], s[3], 0};
    return strtoul(h, NULL, 16);
}

/* Reads the JSON string at *p (which must start with '"'). */
static char *json_string(const char **p, size_t *len)
{
    const char *s = *p;
    if (*s != '"')
        fail_msg("html_rows.mjs: expected a JSON string at: %.40s", s);
    ec_buf b = {0};
    for (s++; *s != '"'; s++) {
        if (!*s)
            fail_msg("html_rows.mjs: unterminated JSON string");
        if (*s != '\\') {
            ec_buf_putc(&b, *s);
            continue;
        }
        s++;
        switch (*s) {
        case 'b': ec_buf_putc(&b, '\b'); break;
        case 'f': ec_buf_putc(&b, '\f'); break;
        case 'n': ec_buf_putc(&b, '\n'); break;
        case 'r': ec_buf_putc(&b, '\r'); break;
        case 't': ec_buf_putc(&b, '\t'); break;
        case 'u': {
            unsigned long c = hex4(s + 1);
            s += 4;
            if (c >= 0xD800 && c < 0xDC00 && s[1] == '\\' && s[2] == 'u') {
                unsigned long lo = hex4(s + 3);
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                s += 6;
            }
            put_utf8(&b, c);
            break;
        }
        default: ec_buf_putc(&b, *s);
        }
    }
    *p = s + 1;
    if (len)
        *len = b.len;
    return ec_buf_take(&b);
}

/* Reads a JSON array of strings; returns how many (at most max). */
static size_t json_strings(const char *s, char **v, size_t *lens, size_t max)
{
    size_t n = 0;
    if (*s++ != '[')
        fail_msg("html_rows.mjs: expected a JSON array");
    while (*s && *s != ']') {
        if (*s == ',' || *s == ' ') {
            s++;
            continue;
        }
        size_t len;
        char *str = json_string(&s, &len);
        if (n < max) {
            v[n] = str;
            lens[n++] = len;
        } else {
            free(str);
        }
    }
    return n;
}

/* ---- the checks ---- */

typedef struct {
    const char *path;
    const ec_locale *l;
    ot_rows want; /* the rows the page must show (ot_table_rows) */
    size_t rows;
    bool charset, title, doctype, tables, head, mode, lang;
} page;

static void check_row(page *pg, const char *json)
{
    char *v[4] = {0};
    size_t lens[4] = {0};
    size_t n = json_strings(json, v, lens, 4);
    size_t k = pg->rows++;
    if (n != 4)
        fail_msg("%s: body row %zu: %zu values from html_rows.mjs", pg->path, k + 1, n);
    if (k >= pg->want.n)
        fail_msg("%s: more body rows than the %zu keys of %s", pg->path, pg->want.n, pg->l->tag);
    const ec_entry *e = pg->want.v[k];
    char code[16], sub[16];
    snprintf(code, sizeof code, "%d", e->code);
    snprintf(sub, sizeof sub, "%d", e->sub);
    if (strcmp(v[0], code) || strcmp(v[1], sub))
        fail_msg("%s: body row %zu reads as %s/%s, want %s (a code cell spanning both code "
                 "columns means sub-code 0)",
                 pg->path, k + 1, v[0], v[1], EC_KEY(e));
    char *where = ot_path("%s: body row %zu (%s), errmsg cell as parse5 reads it", pg->path, k + 1,
                          EC_KEY(e));
    ot_assert_bytes(where, e->text ? e->text : "", e->text ? e->text_len : 0, v[2], lens[2]);
    free(where);
    /* rowspan: the rows of one errcode share the code cell of its first row */
    size_t first = k;
    while (first > 0 && pg->want.v[first - 1]->code == e->code)
        first--;
    if ((size_t)strtoul(v[3], NULL, 10) != first)
        fail_msg("%s: body row %zu (%s) takes its code cell from body row %s, want %zu: the rows "
                 "of errcode %d should share one cell (rowspan)",
                 pg->path, k + 1, EC_KEY(e), v[3], first, e->code);
    for (size_t i = 0; i < 4; i++)
        free(v[i]);
}

static void check_line(page *pg, const char *line)
{
    const char *sp = strchr(line, ' ');
    if (!sp)
        fail_msg("%s: html_rows.mjs printed: %s", pg->path, line);
    size_t kn = (size_t)(sp - line);
    const char *json = sp + 1;
    if (kn == 3 && !strncmp(line, "row", 3)) {
        check_row(pg, json);
        return;
    }
    if (kn == 4 && !strncmp(line, "head", 4)) {
        char *v[4] = {0};
        size_t lens[4];
        size_t n = json_strings(json, v, lens, 4);
        if (n != 3 || strcmp(v[0], "errcode") || strcmp(v[1], "sub_errcode") ||
            strcmp(v[2], "errmsg"))
            fail_msg("%s: header row %s, want errcode, sub_errcode, errmsg", pg->path, json);
        for (size_t i = 0; i < n; i++)
            free(v[i]);
        pg->head = true;
        return;
    }
    const char *p = json;
    char *s = json_string(&p, NULL);
    if (kn == 11 && !strncmp(line, "parse-error", 11))
        fail_msg("%s: HTML parse error (parse5): %s", pg->path, s);
    else if (kn == 7 && !strncmp(line, "bad-row", 7))
        fail_msg("%s: %s", pg->path, s);
    else if (kn == 7 && !strncmp(line, "doctype", 7))
        pg->doctype = !strcmp(s, "html");
    else if (kn == 4 && !strncmp(line, "mode", 4))
        pg->mode = !strcmp(s, "no-quirks");
    else if (kn == 4 && !strncmp(line, "lang", 4)) {
        if (strcmp(s, pg->l->tag))
            fail_msg("%s: <html lang=\"%s\">, want \"%s\"", pg->path, s, pg->l->tag);
        pg->lang = true;
    } else if (kn == 7 && !strncmp(line, "charset", 7))
        pg->charset |= !strcasecmp(s, "utf-8");
    else if (kn == 5 && !strncmp(line, "title", 5))
        pg->title |= s[strspn(s, " \t\n")] != '\0';
    else if (kn == 6 && !strncmp(line, "tables", 6)) {
        if (strcmp(s, "1"))
            fail_msg("%s: %s tables, want 1", pg->path, s);
        pg->tables = true;
    } else
        fail_msg("%s: html_rows.mjs printed: %s", pg->path, line);
    free(s);
}

/* Each fallback row's text cell is marked: class="fallback" and the source
 * locale's lang, the language the text is in. */
static void check_fallback_cells(const char *path, const ec_catalog *c, const ot_rows *want)
{
    char *html = ot_slurp(path, NULL);
    for (size_t i = 0; i < want->n; i++) {
        if (!want->fallback[i])
            continue;
        char *cell =
            ot_path("<td class=\"fallback\" lang=\"%s\">%s</td>", c->source, want->v[i]->text);
        if (!strstr(html, cell))
            fail_msg("%s: no %s for %s, which the locale lacks", path, cell, EC_KEY(want->v[i]));
        free(cell);
    }
    free(html);
}

static void check_page(const char *path, const ec_catalog *c, const ec_locale *l)
{
    const char *argv[] = {"node", NODE_DIR "/html_rows.mjs", path, NULL};
    char *out = NULL, *err = NULL;
    int st = ot_run(NULL, NULL, &out, &err, argv);
    if (st != 0)
        fail_msg("node html_rows.mjs %s exited %d: %s", path, st, err);
    page pg = {.path = path, .l = l, .want = ot_table_rows(c, l)};
    for (char *save = NULL, *line = strtok_r(out, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        check_line(&pg, line);
    if (!pg.doctype)
        fail_msg("%s: no <!DOCTYPE html>", path);
    if (!pg.mode)
        fail_msg("%s: the page renders in quirks mode", path);
    if (!pg.lang)
        fail_msg("%s: no <html lang>", path);
    if (!pg.charset)
        fail_msg("%s: no <meta charset=\"utf-8\">", path);
    if (!pg.title)
        fail_msg("%s: no <title> with text", path);
    if (!pg.tables || !pg.head)
        fail_msg("%s: no table with a header row", path);
    if (pg.rows != pg.want.n)
        fail_msg("%s: %zu body rows, want one per key of %s: %zu", path, pg.rows, l->tag,
                 pg.want.n);
    check_fallback_cells(path, c, &pg.want);
    ot_rows_free(&pg.want);
    free(out);
    free(err);
}

static void test_parse5(const char *catalog)
{
    need(NODE_DIR "/node_modules/parse5", "npm package parse5");
    char *dir = ot_mkdtemp(), *out = ot_path("%s/out", dir);
    ot_build(0, catalog, out, "--only", "html", NULL);
    ec_catalog *c = ot_load(catalog);
    for (size_t i = 0; i < c->nlocales; i++) {
        char *path = ot_path("%s/html/%s.html", out, c->locales[i].tag);
        check_page(path, c, &c->locales[i]);
        free(path);
    }
    ec_catalog_free(c);
    ot_rm_rf(dir);
    free(out);
    free(dir);
}

static void test_parse5_i18n(void **state)
{
    (void)state;
    test_parse5(OT_I18N);
}

static void test_parse5_hostile(void **state)
{
    (void)state;
    test_parse5(OT_HOSTILE);
}

/* Keys a translation lacks show the source text, marked (built with exit 0:
 * the catalog's policy makes missing a warning). */
static void test_parse5_fallback(void **state)
{
    (void)state;
    test_parse5(OT_FALLBACK);
}

/* One JVM start for every page of the three catalogs. */
static void test_vnu(void **state)
{
    (void)state;
    need(VNU_JAR, "npm package vnu-jar");
    char *dir = ot_mkdtemp();
    static const char *const catalogs[] = {OT_I18N, OT_HOSTILE, OT_FALLBACK};
    /* the JVM's scratch files under $TMPDIR too, and no /tmp/hsperfdata_USER */
    char *java_tmp = ot_path("-Djava.io.tmpdir=%s", dir);
    const char *argv[64] = {"java",  "-XX:-UsePerfData", java_tmp,   "-jar",
                            VNU_JAR, "--errors-only",    "--format", "gnu"};
    size_t n = 8;
    char *paths[64];
    size_t np = 0;
    for (size_t k = 0; k < sizeof catalogs / sizeof catalogs[0]; k++) {
        char *out = ot_path("%s/out%zu", dir, k);
        ot_build(0, catalogs[k], out, "--only", "html", NULL);
        ec_catalog *c = ot_load(catalogs[k]);
        for (size_t i = 0; i < c->nlocales && np < 50; i++) {
            paths[np] = ot_path("%s/html/%s.html", out, c->locales[i].tag);
            argv[n++] = paths[np++];
        }
        ec_catalog_free(c);
        free(out);
    }
    argv[n] = NULL;
    char *o = NULL, *e = NULL;
    int st = ot_run(NULL, NULL, &o, &e, argv);
    if (st == 127)
        fail_msg("cannot run java (install default-jre-headless; scripts/test does): %s", e);
    /* vnu prints errors on stderr; the JVM may add unrelated notes there */
    if (st != 0 || strstr(o, "error") || strstr(e, "error"))
        fail_msg("the Nu Html Checker exited %d (README: the pages are valid):\n%s%s", st, o, e);
    for (size_t i = 0; i < np; i++)
        free(paths[i]);
    free(java_tmp);
    free(o);
    free(e);
    ot_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse5_i18n),
        cmocka_unit_test(test_parse5_hostile),
        cmocka_unit_test(test_parse5_fallback),
        cmocka_unit_test(test_vnu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
