/* Unit tests of report.c and render.c: ordering, counts, and the text, json,
 * sarif and github renderings, and the summary line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <unistd.h>

#include "model/catalog.h"
#include "model/report.h"
#include "errcat/errcat.h"

static void add(ec_report *r, const char *file, int line, int col, ec_severity sev,
                ec_check_id check, const char *locale, const char *key, const char *msg)
{
    ec_pos p = {line, col};
    ec_report_add(r, file, p, sev, check, locale, key, "%s", msg);
}

static void expect_contains(const char *s, const char *part)
{
    if (!strstr(s, part))
        fail_msg("output does not contain\n  %s\noutput:\n%s", part, s);
}

static void expect_not_contains(const char *s, const char *part)
{
    if (strstr(s, part))
        fail_msg("output contains\n  %s\noutput:\n%s", part, s);
}

static size_t count_of(const char *s, const char *part)
{
    size_t n = 0;
    for (const char *p = strstr(s, part); p; p = strstr(p + 1, part))
        n++;
    return n;
}

/* ---- report ---- */

static void test_report_basics(void **state)
{
    (void)state;
    ec_report *r = ec_report_new();
    assert_int_equal(ec_report_count(r), 0);
    assert_false(ec_report_has_io_error(r));
    ec_report_add(r, "i18n/ko.yaml", (ec_pos){41, 3}, EC_SEV_ERROR, EC_CHECK_DRIFT, "ko", "18/305",
                  "%s shares its text with %s", "18/305", "18/308");
    add(r, "i18n/zh.yaml", 2, 1, EC_SEV_WARNING, EC_CHECK_TERMS, "zh", "1/0", "w");
    add(r, NULL, 0, 0, EC_SEV_WARNING, EC_CHECK_NFC, NULL, NULL, "w2");
    assert_int_equal(ec_report_count(r), 3);
    assert_int_equal(ec_report_count_severity(r, EC_SEV_ERROR), 1);
    assert_int_equal(ec_report_count_severity(r, EC_SEV_WARNING), 2);
    ec_finding f = ec_report_get(r, 0);
    assert_string_equal(f.file, "i18n/ko.yaml");
    assert_int_equal(f.line, 41);
    assert_int_equal(f.column, 3);
    assert_int_equal(f.severity, EC_SEV_ERROR);
    assert_int_equal(f.check, EC_CHECK_DRIFT);
    assert_string_equal(f.locale, "ko");
    assert_string_equal(f.key, "18/305");
    assert_string_equal(f.message, "18/305 shares its text with 18/308");
    assert_int_equal(f.nrelated, 0);
    /* the other keys a finding names, with their positions */
    ec_report_relate(r, "9/0", (ec_pos){5, 3}); /* the last finding added: index 2 */
    ec_report_relate(r, "10/0", (ec_pos){6, 3});
    f = ec_report_get(r, 2);
    assert_int_equal(f.nrelated, 2);
    assert_string_equal(f.related[0].key, "9/0");
    assert_int_equal(f.related[0].line, 5);
    assert_int_equal(f.related[0].column, 3);
    assert_string_equal(f.related[1].key, "10/0");
    assert_int_equal(f.related[1].line, 6);
    /* NULL strings read back as "" */
    f = ec_report_get(r, 2);
    assert_string_equal(f.file, "");
    assert_string_equal(f.locale, "");
    assert_string_equal(f.key, "");
    assert_false(ec_report_has_io_error(r));
    add(r, "x", 0, 0, EC_SEV_ERROR, EC_CHECK_IO, "", "", "cannot read");
    assert_true(ec_report_has_io_error(r));
    ec_report_free(r);
    ec_report_free(NULL);
}

static void test_report_sort(void **state)
{
    (void)state;
    ec_report *r = ec_report_new();
    add(r, "b.yaml", 1, 1, EC_SEV_ERROR, EC_CHECK_SCHEMA, "", "", "b1");
    add(r, "a.yaml", 10, 2, EC_SEV_ERROR, EC_CHECK_SCHEMA, "", "", "a10c2");
    add(r, "a.yaml", 9, 5, EC_SEV_ERROR, EC_CHECK_SCHEMA, "", "", "a9");
    add(r, "a.yaml", 10, 1, EC_SEV_ERROR, EC_CHECK_NFC, "", "", "a10c1 nfc");
    add(r, "a.yaml", 10, 1, EC_SEV_ERROR, EC_CHECK_MISSING, "", "", "a10c1 missing");
    add(r, "a.yaml", 0, 0, EC_SEV_ERROR, EC_CHECK_IO, "", "", "a0");
    ec_report_sort(r);
    static const char *const want[] = {"a0", "a9", "a10c1 missing", "a10c1 nfc", "a10c2", "b1"};
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(ec_report_get(r, i).message, want[i]);
    ec_report_free(r);
}

/* errcat.h: "Sorts findings by file, line, column, check and message." */
static void test_report_sort_by_message(void **state)
{
    (void)state;
    ec_report *r = ec_report_new();
    add(r, "a.yaml", 3, 3, EC_SEV_ERROR, EC_CHECK_DRIFT, "en", "1/0", "zeta");
    add(r, "a.yaml", 3, 3, EC_SEV_ERROR, EC_CHECK_DRIFT, "en", "1/0", "alpha");
    add(r, "a.yaml", 3, 3, EC_SEV_ERROR, EC_CHECK_DRIFT, "en", "1/0", "mu");
    ec_report_sort(r);
    assert_string_equal(ec_report_get(r, 0).message, "alpha");
    assert_string_equal(ec_report_get(r, 1).message, "mu");
    assert_string_equal(ec_report_get(r, 2).message, "zeta");
    ec_report_free(r);
}

static void test_report_filter(void **state)
{
    (void)state;
    ec_report *r = ec_report_new();
    add(r, "en.yaml", 1, 1, EC_SEV_ERROR, EC_CHECK_SCHEMA, "en", "", "en schema");
    add(r, "zh.yaml", 1, 1, EC_SEV_ERROR, EC_CHECK_MISSING, "zh", "1/0", "zh missing");
    add(r, "ja.yaml", 1, 1, EC_SEV_WARNING, EC_CHECK_TERMS, "ja", "1/0", "ja terms");
    add(r, "catalog.yaml", 1, 1, EC_SEV_ERROR, EC_CHECK_SCHEMA, "", "", "catalog");
    add(r, "ko.yaml", 0, 0, EC_SEV_ERROR, EC_CHECK_IO, "ko", "", "io");
    bool disabled[EC_CHECK_COUNT] = {0};
    disabled[EC_CHECK_TERMS] = true;
    const char *only[] = {"ja", "zh", NULL};
    ec_report_filter(r, disabled, only);
    /* terms disabled, en and ko not chosen; catalog.yaml and io findings stay */
    assert_int_equal(ec_report_count(r), 3);
    assert_string_equal(ec_report_get(r, 0).message, "zh missing");
    assert_string_equal(ec_report_get(r, 1).message, "catalog");
    assert_string_equal(ec_report_get(r, 2).message, "io");
    ec_report_free(r);

    assert_true(ec_locale_selected("en", NULL));
    assert_true(ec_locale_selected("", only));
    assert_true(ec_locale_selected("zh", only));
    assert_false(ec_locale_selected("zh-TW", only));
}

/* ---- text ---- */

static ec_report *sample(void)
{
    ec_report *r = ec_report_new();
    add(r, "i18n/ko.yaml", 41, 3, EC_SEV_ERROR, EC_CHECK_DRIFT, "ko", "18/305",
        "18/305 shares its text with 18/308, but en, zh, ja give them different texts");
    ec_report_relate(r, "18/308", (ec_pos){44, 3});
    add(r, "i18n/zh.yaml", 7, 12, EC_SEV_WARNING, EC_CHECK_TERMS, "zh", "18/300",
        "the zh text of 18/300 drops IP");
    return r;
}

static void test_render_text(void **state)
{
    (void)state;
    ec_report *r = sample();
    add(r, "nope", 0, 0, EC_SEV_ERROR, EC_CHECK_IO, "", "", "cannot read catalog: x");
    char *s = ec_report_render(r, EC_FORMAT_TEXT, false);
    assert_string_equal(s, "i18n/ko.yaml:41:3: error: 18/305 shares its text with 18/308, but en, "
                           "zh, ja give them different texts [drift]\n"
                           "i18n/zh.yaml:7:12: warning: the zh text of 18/300 drops IP [terms]\n"
                           "nope: error: cannot read catalog: x [io]\n");
    assert_null(strchr(s, '\033'));
    free(s);
    ec_report_free(r);
}

static void test_render_text_color(void **state)
{
    (void)state;
    ec_report *r = sample();
    char *s = ec_report_render(r, EC_FORMAT_TEXT, true);
    assert_string_equal(s,
                        "\033[1mi18n/ko.yaml:41:3:\033[0m \033[1;31merror:\033[0m 18/305 shares "
                        "its text with 18/308, but en, zh, ja give them different texts [drift]\n"
                        "\033[1mi18n/zh.yaml:7:12:\033[0m \033[1;35mwarning:\033[0m the zh text "
                        "of 18/300 drops IP [terms]\n");
    free(s);
    ec_report_free(r);
}

static void test_render_empty(void **state)
{
    (void)state;
    ec_report *r = ec_report_new();
    char *s = ec_report_render(r, EC_FORMAT_TEXT, false);
    assert_string_equal(s, "");
    free(s);
    s = ec_report_render(r, EC_FORMAT_GITHUB, false);
    assert_string_equal(s, "");
    free(s);
    s = ec_report_render(r, EC_FORMAT_JSON, false);
    assert_string_equal(s, "[]\n");
    free(s);
    s = ec_report_render(r, EC_FORMAT_SARIF, false);
    expect_contains(s, "\"version\": \"2.1.0\"");
    expect_contains(s, "\"results\": []");
    free(s);
    ec_report_free(r);
}

/* ---- json ---- */

static void test_render_json(void **state)
{
    (void)state;
    ec_report *r = sample();
    char *s = ec_report_render(r, EC_FORMAT_JSON, false);
    assert_string_equal(
        s, "[\n"
           "  {\"file\": \"i18n/ko.yaml\", \"line\": 41, \"column\": 3, \"severity\": \"error\", "
           "\"check\": \"drift\", \"locale\": \"ko\", \"key\": \"18/305\", \"keys\": "
           "[\"18/305\", \"18/308\"], \"message\": \"18/305 shares its text with 18/308, but en, "
           "zh, ja give them different texts\"},\n"
           "  {\"file\": \"i18n/zh.yaml\", \"line\": 7, \"column\": 12, \"severity\": "
           "\"warning\", \"check\": \"terms\", \"locale\": \"zh\", \"key\": \"18/300\", "
           "\"keys\": [\"18/300\"], \"message\": \"the zh text of 18/300 drops IP\"}\n"
           "]\n");
    free(s);
    ec_report_free(r);
}

static void test_render_json_escaping(void **state)
{
    (void)state;
    ec_report *r = ec_report_new();
    add(r, "dir \"q\"\\x.yaml", 2, 1, EC_SEV_ERROR, EC_CHECK_STALE, "ko", "1/0",
        "it was \"old\",\nit is now \"new\"\tand\x01 \\ done");
    add(r, "catalog.yaml", 0, 0, EC_SEV_ERROR, EC_CHECK_IO, "", "", "gone");
    char *s = ec_report_render(r, EC_FORMAT_JSON, false);
    expect_contains(s, "\"file\": \"dir \\\"q\\\"\\\\x.yaml\"");
    expect_contains(s, "\"message\": \"it was \\\"old\\\",\\nit is now \\\"new\\\"\\tand\\u0001 "
                       "\\\\ done\"");
    /* no raw newline inside a value: one line per finding plus the brackets */
    assert_int_equal(count_of(s, "\n"), 4);
    /* a finding without a position */
    expect_contains(s, "{\"file\": \"catalog.yaml\", \"line\": null, \"column\": null, "
                       "\"severity\": \"error\", \"check\": \"io\", \"locale\": \"\", \"key\": "
                       "\"\", \"keys\": [], \"message\": \"gone\"}");
    free(s);
    ec_report_free(r);
}

/* ---- sarif ---- */

static void test_render_sarif(void **state)
{
    (void)state;
    ec_report *r = ec_report_new();
    add(r, "my dir/ko#1.yaml", 41, 3, EC_SEV_ERROR, EC_CHECK_DRIFT, "ko", "18/305",
        "shares \"x\"\nnext");
    ec_report_relate(r, "18/308", (ec_pos){44, 3});
    ec_report_relate(r, "18/309", (ec_pos){45, 5});
    add(r, "i18n/zh.yaml", 7, 12, EC_SEV_WARNING, EC_CHECK_TERMS, "zh", "18/300", "drops IP");
    add(r, "gone", 0, 0, EC_SEV_ERROR, EC_CHECK_IO, "", "", "cannot read");
    add(r,
        "//home/me/\xc3\xbc"
        "ber x/de.yaml",
        2, 1, EC_SEV_WARNING, EC_CHECK_NFC, "de", "1/0", "not NFC");
    char *s = ec_report_render(r, EC_FORMAT_SARIF, false);
    expect_contains(s, "\"version\": \"2.1.0\"");
    expect_contains(s, "\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\"");
    expect_contains(s, "\"name\": \"errcat\"");
    expect_contains(s, "\"ruleId\": \"drift\"");
    expect_contains(s, "\"ruleId\": \"terms\"");
    expect_contains(s, "\"ruleId\": \"io\"");
    expect_contains(s, "\"level\": \"error\"");
    expect_contains(s, "\"level\": \"warning\"");
    /* relative paths: relative references against SRCROOT, the directory
     * errcat ran in; absolute ones: file URIs */
    expect_contains(s, "{\"uri\": \"my%20dir/ko%231.yaml\", \"uriBaseId\": \"SRCROOT\"}");
    expect_contains(s, "{\"uri\": \"i18n/zh.yaml\", \"uriBaseId\": \"SRCROOT\"}");
    expect_contains(s, "{\"uri\": \"file:///home/me/%C3%BCber%20x/de.yaml\"}");
    expect_contains(s, "\"originalUriBaseIds\": {\"SRCROOT\": ");
    expect_contains(s, "\"informationUri\": \"https://github.com/errcat/errcat\"");
    expect_contains(s, "\"region\": {\"startLine\": 41, \"startColumn\": 3}");
    expect_contains(s, "\"region\": {\"startLine\": 7, \"startColumn\": 12}");
    /* a finding without a position points at line 1 */
    expect_contains(s, "{\"uri\": \"gone\", \"uriBaseId\": \"SRCROOT\"}, "
                       "\"region\": {\"startLine\": 1}}");
    /* the other keys a tie names: related locations in the same file */
    expect_contains(
        s, "\"relatedLocations\": [{\"id\": 1, \"message\": {\"text\": \"18/308\"}, "
           "\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"my%20dir/ko%231.yaml\", "
           "\"uriBaseId\": \"SRCROOT\"}, \"region\": {\"startLine\": 44, "
           "\"startColumn\": 3}}}, {\"id\": 2, \"message\": {\"text\": \"18/309\"}, ");
    expect_contains(s, "\"region\": {\"startLine\": 45, \"startColumn\": 5}}}], \"properties\"");
    assert_int_equal(count_of(s, "\"relatedLocations\""), 1);
    assert_int_equal(count_of(s, "\"region\""), 6);
    expect_contains(s, "\"message\": {\"text\": \"shares \\\"x\\\"\\nnext\"}");
    expect_contains(s, "\"locale\": \"ko\", \"key\": \"18/305\"");
    /* ruleIndex points at the rule of the same id */
    char want[64];
    snprintf(want, sizeof want, "\"ruleId\": \"drift\", \"ruleIndex\": %d", EC_CHECK_DRIFT);
    expect_contains(s, want);
    /* one rule per check, plus io */
    for (int c = 0; c < EC_CHECK_COUNT; c++) {
        snprintf(want, sizeof want, "{\"id\": \"%s\"", ec_check_name((ec_check_id)c));
        assert_int_equal(count_of(s, want), ec_check_is_check((ec_check_id)c) || c == EC_CHECK_IO);
    }
    assert_int_equal(count_of(s, "{\"id\": \"io\""), 1);
    /* the rules array is in ruleIndex order: drift is the 8th */
    const char *rules = strstr(s, "\"rules\"");
    assert_non_null(rules);
    const char *p = rules;
    for (int i = 0; i <= EC_CHECK_DRIFT; i++) {
        p = strstr(p + 1, "{\"id\": ");
        assert_non_null(p);
    }
    assert_memory_equal(p, "{\"id\": \"drift\"", strlen("{\"id\": \"drift\""));
    /* the raw newline of the message is escaped */
    expect_not_contains(s, "shares \"x\"\nnext");
    /* balanced braces and brackets (no string here contains them) */
    assert_int_equal(count_of(s, "{"), count_of(s, "}"));
    assert_int_equal(count_of(s, "["), count_of(s, "]"));
    free(s);
    ec_report_free(r);
}

/* ---- github ---- */

/* A report of ec_build or ec_import (finding kinds that are not rules) still
 * gives SARIF whose indices point into the rules: such a result has none. */
static void test_render_sarif_build_findings(void **state)
{
    (void)state;
    ec_report *r = ec_report_new();
    add(r, "out/md/en.md", 0, 0, EC_SEV_ERROR, EC_CHECK_OUTPUT, "", "", "out of date");
    add(r, "i18n/en.yaml", 3, 3, EC_SEV_ERROR, EC_CHECK_DRIFT, "en", "1/0", "drift");
    char *s = ec_report_render(r, EC_FORMAT_SARIF, false);
    expect_contains(s, "{\"ruleId\": \"output\", \"level\": \"error\"");
    char want[64];
    snprintf(want, sizeof want, "{\"ruleId\": \"drift\", \"ruleIndex\": %d,", EC_CHECK_DRIFT);
    expect_contains(s, want);
    assert_int_equal(count_of(s, "\"ruleIndex\""), 1);
    assert_int_equal(count_of(s, "{\"id\": \"output\""), 0);
    free(s);
    ec_report_free(r);
}

static void test_render_github(void **state)
{
    (void)state;
    ec_report *r = sample();
    char *s = ec_report_render(r, EC_FORMAT_GITHUB, false);
    assert_string_equal(s, "::error file=i18n/ko.yaml,line=41,col=3,title=errcat drift::18/305 "
                           "shares its text with 18/308, but en, zh, ja give them different "
                           "texts\n"
                           "::warning file=i18n/zh.yaml,line=7,col=12,title=errcat terms::the zh "
                           "text of 18/300 drops IP\n");
    free(s);
    ec_report_free(r);
}

static void test_render_github_escaping(void **state)
{
    (void)state;
    ec_report *r = ec_report_new();
    add(r, "C:/a,b%c.yaml", 2, 5, EC_SEV_ERROR, EC_CHECK_PLACEHOLDER, "zh", "1/0",
        "100% of it\nnext: a, b\r");
    add(r, "gone", 0, 0, EC_SEV_ERROR, EC_CHECK_IO, "", "", "cannot read");
    char *s = ec_report_render(r, EC_FORMAT_GITHUB, false);
    /* properties escape % CR LF : , ; the message escapes % CR LF only */
    assert_string_equal(s, "::error file=C%3A/a%2Cb%25c.yaml,line=2,col=5,title=errcat "
                           "placeholder::100%25 of it%0Anext: a, b%0D\n"
                           "::error file=gone,title=errcat io::cannot read\n");
    free(s);
    ec_report_free(r);
}

/* ---- summary ---- */

static void expect_summary(size_t errors, size_t warnings, const char *want)
{
    ec_report *r = ec_report_new();
    for (size_t i = 0; i < errors; i++)
        add(r, "f", 1, 1, EC_SEV_ERROR, EC_CHECK_SCHEMA, "", "", "e");
    for (size_t i = 0; i < warnings; i++)
        add(r, "f", 1, 1, EC_SEV_WARNING, EC_CHECK_NFC, "", "", "w");
    char *s = ec_report_summary(r, NULL, NULL);
    if (strcmp(s, want) != 0)
        fail_msg("summary \"%s\", want \"%s\"", s, want);
    free(s);
    ec_report_free(r);
}

static void test_summary_counts(void **state)
{
    (void)state;
    expect_summary(1, 2, "errcat: 1 error, 2 warnings");
    expect_summary(0, 0, "errcat: 0 errors, 0 warnings");
    expect_summary(2, 1, "errcat: 2 errors, 1 warning");
    expect_summary(1, 1, "errcat: 1 error, 1 warning");
    expect_summary(12, 0, "errcat: 12 errors, 0 warnings");
}

/* the path of a temporary directory, and one of a file in it */
enum { DIR_SIZE = 512, PATH_SIZE = DIR_SIZE + 256 };

/* A fresh directory under $TMPDIR (default /tmp) into dir[DIR_SIZE]. */
static void make_temp_dir(char *dir)
{
    const char *tmp = getenv("TMPDIR");
    int n = snprintf(dir, DIR_SIZE, "%s/errcat-unit-render-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_true(n > 0 && n < DIR_SIZE);
    assert_non_null(mkdtemp(dir));
}

static void write_file(const char *dir, const char *name, const char *content)
{
    char p[PATH_SIZE];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    fputs(content, fp);
    fclose(fp);
}

static void remove_file(const char *dir, const char *name)
{
    char p[PATH_SIZE];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    unlink(p);
}

/* The catalog part: locales in output order, restricted by only_locales,
 * and the key count. The temporary catalog is removed right after loading. */
static void test_summary_catalog(void **state)
{
    (void)state;
    char dir[DIR_SIZE];
    make_temp_dir(dir);
    write_file(dir, "catalog.yaml", "name: test\nsource: en\nlocales: [en, zh, ja]\n");
    write_file(dir, "en.yaml", "locale: en\nmessages:\n  \"1/0\": Unknown\n  \"2/0\": Network\n");
    write_file(dir, "zh.yaml", "locale: zh\nmessages:\n  \"1/0\": 未知\n  \"3/0\": 网络\n");
    write_file(dir, "ja.yaml", "locale: ja\nmessages:\n  \"1/0\": 不明\n");
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load(dir, r);
    remove_file(dir, "catalog.yaml");
    remove_file(dir, "en.yaml");
    remove_file(dir, "zh.yaml");
    remove_file(dir, "ja.yaml");
    assert_int_equal(rmdir(dir), 0);
    assert_non_null(c);
    assert_int_equal(ec_report_count(r), 0);
    assert_int_equal(ec_catalog_key_count(c), 3);

    add(r, "f", 1, 1, EC_SEV_ERROR, EC_CHECK_MISSING, "zh", "2/0", "e");
    char *s = ec_report_summary(r, c, NULL);
    assert_string_equal(s, "errcat: 1 error, 0 warnings (en, zh, ja; 3 keys)");
    free(s);
    const char *only[] = {"ja", "en", NULL};
    s = ec_report_summary(r, c, only);
    assert_string_equal(s, "errcat: 1 error, 0 warnings (en, ja; 3 keys)");
    free(s);
    const char *none[] = {"fr", NULL};
    s = ec_report_summary(r, c, none);
    assert_string_equal(s, "errcat: 1 error, 0 warnings (3 keys)");
    free(s);
    ec_catalog_free(c);
    ec_report_free(r);
}

static void test_summary_one_key(void **state)
{
    (void)state;
    char dir[DIR_SIZE];
    make_temp_dir(dir);
    write_file(dir, "catalog.yaml", "name: test\nsource: en\n");
    write_file(dir, "en.yaml", "locale: en\nmessages:\n  \"1/0\": Unknown\n");
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load(dir, r);
    remove_file(dir, "catalog.yaml");
    remove_file(dir, "en.yaml");
    assert_int_equal(rmdir(dir), 0);
    assert_non_null(c);
    char *s = ec_report_summary(r, c, NULL);
    assert_string_equal(s, "errcat: 0 errors, 0 warnings (en; 1 key)");
    free(s);
    ec_catalog_free(c);
    ec_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_basics),
        cmocka_unit_test(test_report_sort),
        cmocka_unit_test(test_report_sort_by_message),
        cmocka_unit_test(test_report_filter),
        cmocka_unit_test(test_render_text),
        cmocka_unit_test(test_render_text_color),
        cmocka_unit_test(test_render_empty),
        cmocka_unit_test(test_render_json),
        cmocka_unit_test(test_render_json_escaping),
        cmocka_unit_test(test_render_sarif),
        cmocka_unit_test(test_render_sarif_build_findings),
        cmocka_unit_test(test_render_github),
        cmocka_unit_test(test_render_github_escaping),
        cmocka_unit_test(test_summary_counts),
        cmocka_unit_test(test_summary_catalog),
        cmocka_unit_test(test_summary_one_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
