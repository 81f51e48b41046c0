/* The review page, `errcat check --format html` (README "The review page"),
 * for the shipped catalog, the seed tables (tests/cases/seed-legacy), the
 * hostile catalog, a hostile catalog with findings on its hostile texts
 * (markup, bidi controls, RTL, control characters) and a generated one with
 * 2,000 findings of four checks:
 *  - the exit status is that of --format json;
 *  - as parse5 reads it (tests/node/review_page.mjs): one finding element per
 *    JSON finding with its check, locale, severity, key, message and place,
 *    nothing that loads a resource, a CSP meta, the filters, the coverage
 *    chart labelled;
 *  - zero errors from the Nu Html Checker (vnu-jar);
 *  - the same catalog gives the same bytes, and `build --format html` prints
 *    what `check --format html` does;
 *  - a drift finding's key matrix and the marks of placeholders and terms,
 *    exactly, for known catalogs;
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
 * control characters, a NUL, a noncharacter; a term (HTTP) and placeholders
 * marked amid them. */
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
        "  \"3/0\": \"<b>{nom}</b> \\u202E %s \\u2067\"\n"
        "  \"4/0\": \"مفتاح زائد \\u202E\"\n");
    return cat;
}

/* A catalog of en (the source), de, fr and ja with at least `n` findings of
 * four checks, from groups of five keys k..k+4: de lacks k (missing, an
 * error); de has %s for the source's %d in k+1 (placeholder, an error); de
 * drops the number of k+2 (terms, a warning, for k + 2 >= 10); en, fr and ja give
 * k+3 and k+4 one text, de two (a drift tie naming both, an error). */
static char *many_findings(const char *dir, size_t n)
{
    char *cat = ot_path("%s/large", dir);
    ot_mkdirs(cat);
    put(cat, "catalog.yaml", "name: large\nsource: en\nlocales: [en, de, fr, ja]\n");
    static const char *const tag[] = {"en", "de", "fr", "ja"};
    static const char *const word[] = {"Message", "Nachricht", "Message de", "メッセージ"};
    static const char *const shared[] = {"Shared", "Geteilt", "Partagé", "共有"};
    ec_buf b[4] = {{0}};
    for (size_t l = 0; l < 4; l++)
        ec_buf_printf(&b[l], "locale: %s\nmessages:\n", tag[l]);
    for (size_t k = 0, found = 0; found < n; k += 5) {
        for (size_t l = 0; l < 4; l++) {
            size_t code = k / 5 + 1;
            if (l != 1) /* de lacks it */
                ec_buf_printf(&b[l], "  \"%zu/0\": \"%s <%zu> & text\"\n", code, word[l], k);
            ec_buf_printf(&b[l], "  \"%zu/1\": \"%s <%zu> %s\"\n", code, word[l], k + 1,
                          l == 1 ? "%s" : "%d");
            if (l == 1) { /* no digits, yet a text of its own: k in letters */
                char letters[24];
                int m = snprintf(letters, sizeof letters, "%zu", k + 2);
                for (int i = 0; i < m; i++)
                    letters[i] = (char)('a' + letters[i] - '0');
                ec_buf_printf(&b[l], "  \"%zu/2\": \"%s & text %s\"\n", code, word[l], letters);
            } else
                ec_buf_printf(&b[l], "  \"%zu/2\": \"%s <%zu> & text\"\n", code, word[l], k + 2);
            ec_buf_printf(&b[l], "  \"%zu/3\": \"%s <%zu>%s\"\n", code, shared[l], k + 3,
                          l == 1 ? " eins" : "");
            ec_buf_printf(&b[l], "  \"%zu/4\": \"%s <%zu>%s\"\n", code, shared[l], k + 3,
                          l == 1 ? " zwei" : "");
        }
        found += k + 2 >= 10 ? 4 : 3;
    }
    for (size_t l = 0; l < 4; l++) {
        char *name = ot_path("%s.yaml", tag[l]);
        put(cat, name, b[l].data);
        free(name);
        ec_buf_free(&b[l]);
    }
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
    /* marks amid them: the term of 1/0, the placeholders of 3/0 */
    assert_non_null(strstr(html, "&amp;amp; <mark class=\"term\">HTTP</mark> \xE2\x80\xAE evil"));
    assert_non_null(strstr(html, "<td lang=\"ar\"><bdi>&lt;b&gt;<mark class=\"placeholder\">{nom}"
                                 "</mark>&lt;/b&gt; \xE2\x80\xAE <mark class=\"placeholder\">%s"
                                 "</mark> \xE2\x81\xA7</bdi></td>"));
    /* the finding's locale is marked among the texts, the source first */
    assert_non_null(strstr(html, "<tr><th scope=\"row\"><bdi>en</bdi></th>"));
    assert_non_null(strstr(html, "<tr class=\"here\"><th scope=\"row\"><bdi>ar</bdi> "
                                 "<small>(this finding)</small></th>"));
    free(html);
    ot_rm_rf(dir);
    free(cat);
    free(dir);
}

/* `errcat build --format html` prints the page of its check: the bytes and
 * the exit status of `check --format html`, for a catalog with errors (not
 * built) and for the shipped one (built into a temporary directory). */
static void test_build_page(void **state)
{
    (void)state;
    const char *const catalogs[] = {ERRCAT_SOURCE_DIR "/tests/cases/drift-tie/i18n", OT_I18N};
    for (size_t i = 0; i < 2; i++) {
        char *dir = ot_mkdtemp(), *out = ot_path("%s/out", dir);
        char *page = NULL, *built = NULL, *err = NULL;
        int cs = check(catalogs[i], "html", &page);
        int bs = ot_errcat(NULL, &built, &err, "build", catalogs[i], "--format", "html", "-o", out,
                           NULL);
        assert_int_equal(bs, cs);
        assert_int_equal(cs, i == 0 ? 1 : 0);
        assert_string_equal(built, page);
        free(page);
        free(built);
        free(err);
        free(out);
        ot_rm_rf(dir);
        free(dir);
    }
}

/* Fails unless `hay` contains `needle`, showing the page's part around
 * `near` when it does not. */
static void has(const char *hay, const char *needle, const char *near)
{
    if (strstr(hay, needle))
        return;
    const char *at = near ? strstr(hay, near) : NULL;
    fail_msg("not on the page: %s\n--- near %s:\n%.1500s", needle, near ? near : "", at ? at : "");
}

/* The number of times `needle` occurs in `hay`. */
static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* A drift finding shows the keys involved by locale, each cell the letter of
 * its group in that locale (A: the named key's), the odd locale's row
 * marked; a tie names its keys in data-keys and links to each. */
static void test_drift_matrix(void **state)
{
    (void)state;
    char *html = NULL;
    /* de gives 6/0 the text of 1/0 and 2/0; en, fr, ja that of 5/0 */
    check(ERRCAT_SOURCE_DIR "/tests/cases/drift-minimum/i18n", "html", &html);
    assert_int_equal(count(html, "<table class=\"matrix\">"), 1);
    has(html,
        "<thead><tr><th scope=\"col\">locale</th><th scope=\"col\" class=\"named\">6/0</th>"
        "<th scope=\"col\">5/0</th><th scope=\"col\">1/0</th><th scope=\"col\">2/0</th></tr>"
        "</thead>\n<tbody>\n"
        "<tr><th scope=\"row\"><bdi>en</bdi></th><td class=\"g0\">A</td><td class=\"g0\">A</td>"
        "<td class=\"g1\">B</td><td class=\"g1\">B</td></tr>\n"
        "<tr class=\"here\"><th scope=\"row\"><bdi>de</bdi> <small>(this finding)</small></th>"
        "<td class=\"g0\">A</td><td class=\"g1\">B</td><td class=\"g0\">A</td>"
        "<td class=\"g0\">A</td></tr>\n"
        "<tr><th scope=\"row\"><bdi>fr</bdi></th><td class=\"g0\">A</td><td class=\"g0\">A</td>"
        "<td class=\"g1\">B</td><td class=\"g1\">B</td></tr>\n"
        "<tr><th scope=\"row\"><bdi>ja</bdi></th><td class=\"g0\">A</td><td class=\"g0\">A</td>"
        "<td class=\"g1\">B</td><td class=\"g1\">B</td></tr>\n</tbody>\n</table>\n</li>",
        "class=\"matrix\"");
    assert_null(strstr(html, "data-keys"));
    free(html);

    /* en, de, fr give 2/0 and 3/0 two texts, ru one: a tie */
    check(ERRCAT_SOURCE_DIR "/tests/cases/drift-tie/i18n", "html", &html);
    has(html, "data-key=\"2/0\" data-keys=\"2/0 3/0\">", NULL);
    has(html,
        "<a class=\"key\" href=\"#key-2/0\"><bdi>2/0</bdi></a> <span class=\"also\">with <a "
        "class=\"key\" href=\"#key-3/0\"><bdi>3/0</bdi></a></span>",
        "data-keys");
    has(html,
        "<th scope=\"col\" class=\"named\">2/0</th><th scope=\"col\" class=\"named\">3/0</th>"
        "</tr></thead>\n<tbody>\n"
        "<tr><th scope=\"row\"><bdi>en</bdi></th><td class=\"g0\">A</td><td class=\"g1\">B</td>"
        "</tr>\n<tr><th scope=\"row\"><bdi>de</bdi></th><td class=\"g0\">A</td><td "
        "class=\"g1\">B</td></tr>\n<tr><th scope=\"row\"><bdi>fr</bdi></th><td "
        "class=\"g0\">A</td><td class=\"g1\">B</td></tr>\n<tr class=\"here\"><th "
        "scope=\"row\"><bdi>ru</bdi> <small>(this finding)</small></th><td class=\"g0\">A</td>"
        "<td class=\"g0\">A</td></tr>\n</tbody>",
        "class=\"matrix\"");
    /* both keys have their row in the index, each listing the finding */
    has(html,
        "<tr id=\"key-2/0\"><th scope=\"row\"><bdi>2/0</bdi></th><td><a href=\"#f1\">drift "
        "<bdi>ru</bdi></a></td></tr>\n<tr id=\"key-3/0\"><th scope=\"row\"><bdi>3/0</bdi>"
        "</th><td><a href=\"#f1\">drift <bdi>ru</bdi></a></td></tr>",
        "id=\"keys\"");
    free(html);
}

/* A placeholder finding marks the placeholders of every text; a terms finding
 * marks its own term, and only it, in the source text: whole tokens (SFTP,
 * not SFTPS) for a Latin word or number; marks stay inside the <bdi> and
 * around escaped text. */
static void test_marks(void **state)
{
    (void)state;
    char *html = NULL;
    check(ERRCAT_SOURCE_DIR "/tests/cases/placeholder-mismatch/i18n", "html", &html);
    has(html,
        "<tr><th scope=\"row\"><bdi>en</bdi></th><td lang=\"en\"><bdi>Uploaded <mark "
        "class=\"placeholder\">%d</mark> of <mark class=\"placeholder\">%d</mark> "
        "files.</bdi></td></tr>\n<tr class=\"here\"><th scope=\"row\"><bdi>de</bdi> <small>(this "
        "finding)</small></th><td lang=\"de\"><bdi><mark class=\"placeholder\">%s</mark> von "
        "<mark class=\"placeholder\">%d</mark> Dateien hochgeladen.</bdi></td></tr>",
        "data-key=\"20/0\"");
    has(html,
        "<td lang=\"en\"><bdi><mark class=\"placeholder\">{user}</mark> shared the folder <mark "
        "class=\"placeholder\">{folder}</mark> with you.</bdi></td>",
        "data-key=\"22/0\"");
    assert_null(strstr(html, "class=\"term\""));
    free(html);

    char *dir = ot_mkdtemp();
    put(dir, "catalog.yaml", "name: marks\nsource: en\nterms:\n  SFTP: {}\n");
    put(dir, "en.yaml",
        "locale: en\nmessages:\n  \"1/0\": \"SFTP or SFTPS: <SFTP> 12 failed\"\n"
        "  \"2/0\": \"Copy {name} & %s\"\n");
    put(dir, "de.yaml",
        "locale: de\nmessages:\n  \"1/0\": \"SFTPS fehlgeschlagen\"\n"
        "  \"2/0\": \"<b>{nom}</b> & %d kopieren\"\n");
    assert_int_equal(check(dir, "html", &html), 1);
    /* the finding about SFTP marks both SFTP, the one about 12 only 12 */
    has(html,
        "<td lang=\"en\"><bdi><mark class=\"term\">SFTP</mark> or SFTPS: &lt;<mark "
        "class=\"term\">SFTP</mark>&gt; 12 failed</bdi></td>",
        "drops SFTP");
    has(html,
        "<td lang=\"en\"><bdi>SFTP or SFTPS: &lt;SFTP&gt; <mark class=\"term\">12</mark> "
        "failed</bdi></td>",
        "number 12");
    /* no term marked in the translation */
    has(html, "<td lang=\"de\"><bdi>SFTPS fehlgeschlagen</bdi></td>", NULL);
    assert_int_equal(count(html, "<mark class=\"term\">"), 3);
    has(html,
        "<td lang=\"en\"><bdi>Copy <mark class=\"placeholder\">{name}</mark> &amp; <mark "
        "class=\"placeholder\">%s</mark></bdi></td>",
        "data-key=\"2/0\"");
    has(html,
        "<td lang=\"de\"><bdi>&lt;b&gt;<mark class=\"placeholder\">{nom}</mark>&lt;/b&gt; &amp; "
        "<mark class=\"placeholder\">%d</mark> kopieren</bdi></td>",
        "data-key=\"2/0\"");
    free(html);
    ot_rm_rf(dir);
    free(dir);
}

/* The generated catalog has the findings it is made for: at least `n`, of
 * missing, placeholder, terms and drift. */
static void test_many(void **state)
{
    (void)state;
    char *dir = ot_mkdtemp(), *cat = many_findings(dir, 10000), *json = NULL;
    check(cat, "json", &json);
    size_t n = count(json, "\"check\": ");
    if (n < 10000)
        fail_msg("%zu findings, want 10000 or more", n);
    static const char *const checks[] = {"missing", "placeholder", "terms", "drift"};
    for (size_t i = 0; i < 4; i++) {
        char want[40];
        snprintf(want, sizeof want, "\"check\": \"%s\"", checks[i]);
        if (count(json, want) < 2000)
            fail_msg("%zu %s findings, want 2000 or more", count(json, want), checks[i]);
    }
    assert_int_equal(count(json, "\"check\": \"missing\"") +
                         count(json, "\"check\": "
                                     "\"placeholder\"") +
                         count(json, "\"check\": \"terms\"") + count(json, "\"check\": \"drift\""),
                     n);
    free(json);
    free(cat);
    ot_rm_rf(dir);
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
        cmocka_unit_test(test_pages),        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_escaped),      cmocka_unit_test(test_build_page),
        cmocka_unit_test(test_drift_matrix), cmocka_unit_test(test_marks),
        cmocka_unit_test(test_many),         cmocka_unit_test(test_browser),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
