/* The review page, `errcat check --format html` (README "The review page"),
 * for the shipped catalog, the seed tables (tests/cases/seed-legacy), the
 * hostile catalog, a hostile catalog with findings on its hostile texts
 * (markup, bidi controls, RTL, control characters) and a generated one with
 * 2,000 findings:
 *  - the exit status is that of --format json;
 *  - as parse5 reads it (tests/node/review_page.mjs): one finding element per
 *    JSON finding with its check, locale, severity, key, message and place,
 *    nothing that loads a resource, a CSP meta, the filters, the coverage
 *    chart labelled;
 *  - zero errors from the Nu Html Checker (vnu-jar);
 *  - the same catalog gives the same bytes;
 *  - catalog texts never become markup;
 *  - in headless Chromium (Debian's chromium, driven by puppeteer-core through
 *    tests/node/review_browser.mjs), for the seed tables, the hostile
 *    catalog with findings and a generated one with 10,000 findings: no
 *    console error, no request outside the page, one element per JSON
 *    finding, and each filter value shows exactly the matching findings.
 * The node packages are installed by scripts/test (npm ci in tests/node). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "outtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NODE_DIR ERRCAT_SOURCE_DIR "/tests/node"
#define VNU_JAR NODE_DIR "/node_modules/vnu-jar/build/dist/vnu.jar"
#define SEED ERRCAT_SOURCE_DIR "/tests/cases/seed-legacy/i18n"

/* Fails unless the test tool at `path` is installed. */
static void need(const char *path, const char *what)
{
    if (!ot_exists(path))
        fail_msg("%s is missing (%s): run scripts/test, which installs the test tools "
                 "(npm ci --ignore-scripts in tests/node)",
                 path, what);
}

/* Writes `text` to dir/name. */
static void put(const char *dir, const char *name, const char *text)
{
    char *path = ot_path("%s/%s", dir, name);
    ot_write(path, text, strlen(text));
    free(path);
}

/* A catalog whose findings are about hostile texts: markup that would close
 * the page's elements, bidi overrides and isolates left open, RTL texts,
 * control characters, a NUL, a noncharacter. */
static char *hostile_findings(const char *dir)
{
    char *cat = ot_path("%s/hostile", dir);
    ot_mkdirs(cat);
    put(cat, "catalog.yaml", "name: hostile-review\nsource: en\nterms:\n  HTTP: {}\n");
    put(cat, "en.yaml",
        "locale: en\nmessages:\n"
        "  \"1/0\": \"</bdi></td></table><script>alert(1)</script> &amp; HTTP \\u202E evil\"\n"
        "  \"1/1\": \"Bell \\a NUL \\0 DEL \\x7F C1 \\x85 nonchar \\uFDD0 text \"\n"
        "  \"2/0\": \"Shared <b>text</b>\"\n"
        "  \"2/1\": \"Shared <b>text</b>\"\n"
        "  \"3/0\": \"RTL \\u2067isolate \\u202Boverride {name}\"\n");
    put(cat, "ar.yaml",
        "locale: ar\nmessages:\n"
        "  \"1/0\": \"<img src=x onerror=alert(1)> \\u202Bعربي\"\n"
        "  \"1/1\": \"جرس \\a\"\n"
        "  \"2/0\": \"نص <i>مشترك</i>\"\n"
        "  \"2/1\": \"نص مختلف\"\n"
        "  \"4/0\": \"مفتاح زائد \\u202E\"\n");
    return cat;
}

/* A catalog with `n` findings: n source keys its second locale lacks. */
static char *many_findings(const char *dir, size_t n)
{
    char *cat = ot_path("%s/large", dir);
    ot_mkdirs(cat);
    put(cat, "catalog.yaml", "name: large\nsource: en\n");
    put(cat, "de.yaml", "locale: de\nmessages: {}\n");
    ec_buf b = {0};
    ec_buf_puts(&b, "locale: en\nmessages:\n");
    for (size_t i = 0; i < n; i++)
        ec_buf_printf(&b, "  \"%zu/%zu\": \"Message <%zu> & text\"\n", i / 10 + 1, i % 10, i);
    put(cat, "en.yaml", b.data);
    ec_buf_free(&b);
    return cat;
}

/* `errcat check CATALOG --format FMT` into *out; returns its exit status. */
static int check(const char *catalog, const char *fmt, char **out)
{
    char *err = NULL;
    int st = ot_errcat(NULL, out, &err, "check", catalog, "--format", fmt, NULL);
    free(err);
    return st;
}

/* Writes the page of `catalog` to dir/NAME.html, its JSON to dir/NAME.json,
 * checks the exit status and the page against the JSON; returns the page's
 * path. */
static char *page(const char *dir, const char *catalog, const char *name)
{
    char *html = NULL, *json = NULL;
    int hs = check(catalog, "html", &html), js = check(catalog, "json", &json);
    if (hs != js)
        fail_msg("%s: --format html exited %d, --format json %d", catalog, hs, js);
    char *hp = ot_path("%s/%s.html", dir, name), *jp = ot_path("%s/%s.json", dir, name);
    ot_write(hp, html, strlen(html));
    ot_write(jp, json, strlen(json));
    const char *argv[] = {"node", NODE_DIR "/review_page.mjs", hp, jp, NULL};
    char *o = NULL, *e = NULL;
    int st = ot_run(NULL, NULL, &o, &e, argv);
    if (st != 0)
        fail_msg("%s: node review_page.mjs exited %d:\n%s%s", catalog, st, o, e);
    free(o);
    free(e);
    free(html);
    free(json);
    free(jp);
    return hp;
}

/* Every page against its JSON, then all of them through the Nu Html Checker
 * (one JVM start). */
static void test_pages(void **state)
{
    (void)state;
    need(NODE_DIR "/node_modules/parse5", "npm package parse5");
    need(VNU_JAR, "npm package vnu-jar");
    char *dir = ot_mkdtemp();
    char *hostile = hostile_findings(dir), *large = many_findings(dir, 2000);
    const char *const catalogs[] = {OT_I18N, SEED, OT_HOSTILE, hostile, large};
    const char *const names[] = {"i18n", "seed", "hostile", "hostile-findings", "large"};
    enum { N = sizeof catalogs / sizeof *catalogs };
    char *paths[N];
    char *java_tmp = ot_path("-Djava.io.tmpdir=%s", dir);
    const char *argv[N + 9] = {"java",  "-XX:-UsePerfData", java_tmp,   "-jar",
                               VNU_JAR, "--errors-only",    "--format", "gnu"};
    for (size_t i = 0; i < N; i++)
        argv[8 + i] = paths[i] = page(dir, catalogs[i], names[i]);
    argv[8 + N] = NULL;
    char *o = NULL, *e = NULL;
    int st = ot_run(NULL, NULL, &o, &e, argv);
    if (st == 127)
        fail_msg("cannot run java (install default-jre-headless; scripts/test does): %s", e);
    if (st != 0 || strstr(o, "error") || strstr(e, "error"))
        fail_msg("the Nu Html Checker exited %d (README: the page is valid):\n%s%s", st, o, e);
    for (size_t i = 0; i < N; i++)
        free(paths[i]);
    free(o);
    free(e);
    free(java_tmp);
    free(hostile);
    free(large);
    ot_rm_rf(dir);
    free(dir);
}

/* The same catalog gives the same bytes. */
static void test_deterministic(void **state)
{
    (void)state;
    char *a = NULL, *b = NULL;
    check(SEED, "html", &a);
    check(SEED, "html", &b);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* The hostile texts are on the page as text: escaped, isolated, their
 * control characters shown as U+XXXX. */
static void test_escaped(void **state)
{
    (void)state;
    char *dir = ot_mkdtemp(), *cat = hostile_findings(dir), *html = NULL;
    assert_int_equal(check(cat, "html", &html), 1);
    assert_null(strstr(html, "<script>alert"));
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "<b>text"));
    assert_non_null(strstr(html, "<bdi>&lt;/bdi&gt;&lt;/td&gt;&lt;/table&gt;&lt;script&gt;"));
    assert_non_null(strstr(html, "<td lang=\"ar\"><bdi>&lt;img src=x"));
    assert_non_null(strstr(html, "Bell <span class=\"esc\">U+0007</span> NUL <span "
                                 "class=\"esc\">U+0000</span> DEL <span class=\"esc\">U+007F"));
    assert_non_null(strstr(html, "<span class=\"esc\">U+FDD0</span>"));
    /* the finding's locale is marked among the texts, the source first */
    assert_non_null(strstr(html, "<tr><th scope=\"row\"><bdi>en</bdi></th>"));
    assert_non_null(strstr(html, "<tr class=\"here\"><th scope=\"row\"><bdi>ar</bdi> "
                                 "<small>(this finding)</small></th>"));
    free(html);
    ot_rm_rf(dir);
    free(cat);
    free(dir);
}

/* The Chromium binary: $CHROMIUM, else Debian's /usr/bin/chromium. */
static const char *chromium(void)
{
    const char *env = getenv("CHROMIUM");
    return env && *env ? env : "/usr/bin/chromium";
}

/* The pages in a real browser. */
static void test_browser(void **state)
{
    (void)state;
    need(NODE_DIR "/node_modules/parse5", "npm package parse5");
    need(NODE_DIR "/node_modules/puppeteer-core", "npm package puppeteer-core");
    if (!ot_exists(chromium()))
        fail_msg("%s is missing: install Debian's chromium (scripts/test does, through "
                 "scripts/deps), or set CHROMIUM",
                 chromium());
    char *dir = ot_mkdtemp();
    char *hostile = hostile_findings(dir), *large = many_findings(dir, 10000);
    const char *const catalogs[] = {SEED, hostile, large};
    const char *const names[] = {"seed", "hostile-findings", "large"};
    for (size_t i = 0; i < sizeof catalogs / sizeof *catalogs; i++) {
        char *hp = page(dir, catalogs[i], names[i]), *jp = ot_path("%s/%s.json", dir, names[i]);
        const char *argv[] = {"node", NODE_DIR "/review_browser.mjs", chromium(), hp, jp, NULL};
        char *o = NULL, *e = NULL;
        int st = ot_run(NULL, NULL, &o, &e, argv);
        if (st != 0)
            fail_msg("%s in Chromium: node review_browser.mjs exited %d:\n%s%s", names[i], st, o,
                     e);
        free(o);
        free(e);
        free(hp);
        free(jp);
    }
    free(hostile);
    free(large);
    ot_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_escaped),
        cmocka_unit_test(test_browser),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
