/* End-to-end tests of the check library: catalogs written to a temporary
 * directory, loaded with ec_catalog_load, checked with ec_check_run, and the
 * findings read back with ec_report_get. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "model/catalog.h"
#include "errcat/errcat.h"

/* ---- fixture: a fresh temporary directory per test, under $TMPDIR ---- */

/* the directory's path, and one of a file in it */
enum { DIR_SIZE = 512, PATH_SIZE = DIR_SIZE + 256 };

typedef struct {
    char dir[DIR_SIZE];
    char path[PATH_SIZE];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    const char *tmp = getenv("TMPDIR");
    int n =
        snprintf(f->dir, sizeof f->dir, "%s/errcat-unit-check-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (n < 0 || (size_t)n >= sizeof f->dir || !mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    DIR *d = opendir(f->dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            char p[PATH_SIZE];
            snprintf(p, sizeof p, "%s/%s", f->dir, de->d_name);
            unlink(p);
        }
        closedir(d);
    }
    int rc = rmdir(f->dir);
    free(f);
    return rc;
}

static void write_file(const fixture *f, const char *name, const char *content)
{
    char p[PATH_SIZE];
    snprintf(p, sizeof p, "%s/%s", f->dir, name);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(content, 1, strlen(content), fp), strlen(content));
    assert_int_equal(fclose(fp), 0);
}

/* dir + "/" + name, as the library names files */
static const char *path_of(fixture *f, const char *name)
{
    snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
    return f->path;
}

static void dump(const ec_report *r)
{
    for (size_t i = 0; i < ec_report_count(r); i++) {
        ec_finding x = ec_report_get(r, i);
        print_message("  [%zu] %s:%d:%d %s %s locale=%s key=%s: %s\n", i, x.file, x.line, x.column,
                      x.severity == EC_SEV_ERROR ? "error" : "warning",
                      x.check == EC_CHECK_IO ? "io" : ec_check_name(x.check), x.locale, x.key,
                      x.message);
    }
}

/* Loads and checks the catalog of the fixture. */
static ec_report *check(const fixture *f, const ec_check_options *opt)
{
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load(f->dir, r);
    assert_non_null(c);
    ec_check_run(c, opt, r);
    ec_catalog_free(c);
    return r;
}

static void expect_count(const ec_report *r, size_t n)
{
    if (ec_report_count(r) != n) {
        print_message("expected %zu findings, got %zu:\n", n, ec_report_count(r));
        dump(r);
        fail();
    }
}

/* Asserts every field but the message of finding i. */
static ec_finding expect_finding(const ec_report *r, size_t i, const char *file, int line, int col,
                                 ec_severity sev, ec_check_id check, const char *locale,
                                 const char *key)
{
    if (i >= ec_report_count(r)) {
        dump(r);
        fail_msg("no finding %zu", i);
    }
    ec_finding x = ec_report_get(r, i);
    bool ok = !strcmp(x.file, file) && x.line == line && x.column == col && x.severity == sev &&
              x.check == check && !strcmp(x.locale, locale) && !strcmp(x.key, key);
    if (!ok) {
        dump(r);
        fail_msg("finding %zu: want %s:%d:%d sev=%d %s locale=%s key=%s", i, file, line, col,
                 (int)sev, ec_check_name(check), locale, key);
    }
    return x;
}

static void expect_message(const ec_finding *x, const char *want)
{
    if (strcmp(x->message, want) != 0)
        fail_msg("message:\n  got  \"%s\"\n  want \"%s\"", x->message, want);
}

static void expect_contains(const char *s, const char *part)
{
    if (!strstr(s, part))
        fail_msg("\"%s\" does not contain \"%s\"", s, part);
}

static const char *META2 = "name: test\nsource: en\nlocales: [en, zh]\n";
static const char *META4 = "name: test\nsource: en\nlocales: [en, zh, ja, ko]\n";

/* ---- a clean catalog has no finding ---- */

static void test_clean_catalog(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", META2);
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n  \"1/0\": Unknown cause\n  \"2/0\": Network error\n");
    write_file(f, "zh.yaml", "locale: zh\nmessages:\n  \"1/0\": 未知原因\n  \"2/0\": 网络错误\n");
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load(f->dir, r);
    assert_non_null(c);
    assert_int_equal(ec_catalog_locale_count(c), 2);
    assert_string_equal(ec_catalog_locale(c, 0), "en");
    assert_string_equal(ec_catalog_locale(c, 1), "zh");
    assert_null(ec_catalog_locale(c, 2));
    assert_int_equal(ec_catalog_key_count(c), 2);
    ec_check_run(c, NULL, r);
    expect_count(r, 0);
    assert_false(ec_report_has_io_error(r));
    ec_catalog_free(c);
    ec_report_free(r);
}

/* ---- missing ---- */

static void test_missing_key(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", META2);
    write_file(f, "en.yaml",
               "locale: en\n"
               "messages:\n"
               "  \"1/0\": Unknown cause\n"
               "  \"2/0\": Network error\n"
               "  \"3/0\": Server busy\n");
    write_file(f, "zh.yaml",
               "locale: zh\n"
               "messages:\n"
               "  \"1/0\": 未知原因\n"
               "  \"3/0\": 服务器繁忙\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 1);
    /* reported where the key belongs: after 1/0 (line 3) */
    ec_finding x = expect_finding(r, 0, path_of(f, "zh.yaml"), 3, 3, EC_SEV_ERROR, EC_CHECK_MISSING,
                                  "zh", "2/0");
    expect_message(&x, "zh lacks 2/0, which en has; it belongs after 1/0");
    assert_int_equal(ec_report_count_severity(r, EC_SEV_ERROR), 1);
    assert_int_equal(ec_report_count_severity(r, EC_SEV_WARNING), 0);
    ec_report_free(r);
}

/* Gaps of the source locale are reported too; a key missing before the
 * first entry is reported at `messages:`. */
static void test_missing_in_source(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", META4);
    write_file(f, "en.yaml", "locale: en\nmessages:\n  \"2/0\": Network error\n");
    write_file(f, "zh.yaml", "locale: zh\nmessages:\n  \"1/0\": 未知原因\n  \"2/0\": 网络错误\n");
    write_file(f, "ja.yaml",
               "locale: ja\nmessages:\n  \"1/0\": 不明な原因\n  \"2/0\": ネットワークエラー\n");
    write_file(f, "ko.yaml",
               "locale: ko\nmessages:\n  \"1/0\": 알 수 없는 원인\n  \"2/0\": 네트워크 오류\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 1);
    ec_finding x = expect_finding(r, 0, path_of(f, "en.yaml"), 2, 1, EC_SEV_ERROR, EC_CHECK_MISSING,
                                  "en", "1/0");
    expect_message(&x, "en lacks 1/0, which zh, ja and ko have");
    ec_report_free(r);
}

/* ---- drift ---- */

static void test_drift_tie(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", "name: test\nsource: en\nlocales: [en, zh, ja]\n");
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": Unknown cause\n"
               "  \"2/0\": Network error\n"
               "  \"3/0\": Server busy\n");
    write_file(f, "zh.yaml",
               "locale: zh\nmessages:\n"
               "  \"1/0\": 未知原因\n"
               "  \"2/0\": 网络错误\n"
               "  \"3/0\": 服务器繁忙\n");
    /* ja alone gives 1/0 and 2/0 one text */
    write_file(f, "ja.yaml",
               "locale: ja\nmessages:\n"
               "  \"1/0\": ネットワークエラー\n"
               "  \"2/0\": ネットワークエラー\n"
               "  \"3/0\": サーバーがビジーです\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 1);
    ec_finding x = expect_finding(r, 0, path_of(f, "ja.yaml"), 3, 3, EC_SEV_ERROR, EC_CHECK_DRIFT,
                                  "ja", "1/0");
    expect_message(&x, "1/0 shares its text with 2/0, but en, zh give them different texts; one of "
                       "them is wrong, and the catalog alone cannot tell which");
    ec_report_free(r);
}

/* en groups 7/0 with the internal-error keys, every other locale with the
 * network-error keys: en 7/0 alone is blamed, nothing else. */
static void test_drift_single_key(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", META4);
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": Internal error\n"
               "  \"2/0\": Internal error\n"
               "  \"3/0\": Internal error\n"
               "  \"4/0\": Network error\n"
               "  \"5/0\": Network error\n"
               "  \"6/0\": Network error\n"
               "  \"7/0\": Internal error\n");
    write_file(f, "zh.yaml",
               "locale: zh\nmessages:\n"
               "  \"1/0\": 内部错误\n"
               "  \"2/0\": 内部错误\n"
               "  \"3/0\": 内部错误\n"
               "  \"4/0\": 网络错误\n"
               "  \"5/0\": 网络错误\n"
               "  \"6/0\": 网络错误\n"
               "  \"7/0\": 网络错误\n");
    write_file(f, "ja.yaml",
               "locale: ja\nmessages:\n"
               "  \"1/0\": 内部エラー\n"
               "  \"2/0\": 内部エラー\n"
               "  \"3/0\": 内部エラー\n"
               "  \"4/0\": ネットワークエラー\n"
               "  \"5/0\": ネットワークエラー\n"
               "  \"6/0\": ネットワークエラー\n"
               "  \"7/0\": ネットワークエラー\n");
    write_file(f, "ko.yaml",
               "locale: ko\nmessages:\n"
               "  \"1/0\": 내부 오류\n"
               "  \"2/0\": 내부 오류\n"
               "  \"3/0\": 내부 오류\n"
               "  \"4/0\": 네트워크 오류\n"
               "  \"5/0\": 네트워크 오류\n"
               "  \"6/0\": 네트워크 오류\n"
               "  \"7/0\": 네트워크 오류\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 1);
    ec_finding x = expect_finding(r, 0, path_of(f, "en.yaml"), 9, 3, EC_SEV_ERROR, EC_CHECK_DRIFT,
                                  "en", "7/0");
    expect_message(&x, "7/0 shares its text with 1/0, 2/0, 3/0, but zh, ja, ko give it the "
                       "text of 4/0, 5/0, 6/0");
    ec_report_free(r);
}

/* Two locales: a single voter; the disagreement is a warning on the
 * translation, and the source is not blamed. */
static void test_drift_two_locales(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", META2);
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": Unknown cause\n"
               "  \"2/0\": Network error\n");
    write_file(f, "zh.yaml",
               "locale: zh\nmessages:\n"
               "  \"1/0\": 网络错误\n"
               "  \"2/0\": 网络错误\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 1);
    ec_finding x = expect_finding(r, 0, path_of(f, "zh.yaml"), 3, 3, EC_SEV_WARNING, EC_CHECK_DRIFT,
                                  "zh", "1/0");
    expect_contains(x.message, "1/0 shares its text with 2/0");
    expect_contains(x.message, "different texts");
    assert_int_equal(ec_report_count_severity(r, EC_SEV_ERROR), 0);
    ec_report_free(r);
}

/* A split: zh gives two keys different texts where en (single voter) gives one. */
static void test_drift_two_locales_split(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", META2);
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": Network error\n"
               "  \"2/0\": Network error\n");
    write_file(f, "zh.yaml",
               "locale: zh\nmessages:\n"
               "  \"1/0\": 网络错误\n"
               "  \"2/0\": 未知原因\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 1);
    ec_finding x = expect_finding(r, 0, path_of(f, "zh.yaml"), 3, 3, EC_SEV_WARNING, EC_CHECK_DRIFT,
                                  "zh", "1/0");
    expect_contains(x.message, "1/0 has a different text from 2/0");
    expect_contains(x.message, "one text");
    ec_report_free(r);
}

/* Texts are compared after NFC, trimming and white-space collapsing: equal
 * after normalisation is equal for drift. */
static void test_drift_uses_comparable_text(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", "name: test\nsource: en\nlocales: [en, zh, ja]\n");
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": Network error\n"
               "  \"2/0\": Network error\n");
    write_file(f, "zh.yaml",
               "locale: zh\nmessages:\n"
               "  \"1/0\": 网络错误\n"
               "  \"2/0\": 网络错误\n");
    write_file(f, "ja.yaml",
               "locale: ja\nmessages:\n"
               "  \"1/0\": ネットワーク　エラー\n"       /* U+3000 */
               "  \"2/0\": \"ネットワーク  エラー\"\n"); /* two spaces */
    ec_check_options opt = {0};
    opt.disabled[EC_CHECK_WHITESPACE] = true;
    ec_report *r = check(f, &opt);
    expect_count(r, 0);
    ec_report_free(r);
}

/* README "Checks" (drift): en groups 16/0 with nine internal-error keys, all
 * the others group it with the network-error keys: en 16/0 alone is blamed. */
static void test_drift_spec_example(void **state)
{
    fixture *f = *state;
    static const char *const tags[] = {"en", "zh", "ja", "ko"};
    static const char *const internal[] = {"Internal error", "内部错误", "内部エラー", "내부 오류"};
    static const char *const network[] = {"Network error", "网络错误", "ネットワークエラー",
                                          "네트워크 오류"};
    write_file(f, "catalog.yaml", META4);
    for (int t = 0; t < 4; t++) {
        ec_buf b = {0};
        ec_buf_printf(&b, "locale: %s\nmessages:\n", tags[t]);
        for (int k = 1; k <= 9; k++)
            ec_buf_printf(&b, "  \"%d/0\": %s\n", k, internal[t]);
        for (int k = 12; k <= 17; k++)
            ec_buf_printf(&b, "  \"%d/0\": %s\n", k,
                          (k == 16 && t == 0) ? internal[t] : network[t]);
        char name[16];
        snprintf(name, sizeof name, "%s.yaml", tags[t]);
        write_file(f, name, b.data);
        ec_buf_free(&b);
    }
    ec_report *r = check(f, NULL);
    expect_count(r, 1);
    /* 16/0 is the 14th entry: line 2 + 14 */
    ec_finding x = expect_finding(r, 0, path_of(f, "en.yaml"), 16, 3, EC_SEV_ERROR, EC_CHECK_DRIFT,
                                  "en", "16/0");
    expect_message(&x, "16/0 shares its text with 1/0, 2/0, 3/0, 4/0, 5/0, 6/0, 7/0, 8/0 and 1 "
                       "more, but zh, ja, ko give it the text of 12/0, 13/0, 14/0, 15/0, 17/0");
    ec_report_free(r);
}

/* ko gives 20,000 keys one text, the others give each its own: one finding,
 * and fast (no pairwise loops). */
static void test_drift_scales(void **state)
{
    fixture *f = *state;
    enum { N = 20000 };
    static const char *const tags[] = {"en", "zh", "ja", "ko"};
    static const char *const word[] = {"Error", "错误", "エラー", "오류"};
    write_file(f, "catalog.yaml", META4);
    for (int t = 0; t < 4; t++) {
        ec_buf b = {0};
        ec_buf_printf(&b, "locale: %s\nmessages:\n", tags[t]);
        for (int k = 0; k < N; k++) {
            if (t == 3)
                ec_buf_printf(&b, "  \"%d/%d\": %s\n", k / 100, k % 100, word[t]);
            else
                ec_buf_printf(&b, "  \"%d/%d\": %s %d\n", k / 100, k % 100, word[t], k);
        }
        char name[16];
        snprintf(name, sizeof name, "%s.yaml", tags[t]);
        write_file(f, name, b.data);
        ec_buf_free(&b);
    }
    ec_check_options opt = {0};
    opt.disabled[EC_CHECK_TERMS] = true; /* ko drops the numbers */
    ec_report *r = check(f, &opt);       /* its speed is scripts/bench's business */
    expect_count(r, 1);
    ec_finding x = expect_finding(r, 0, path_of(f, "ko.yaml"), 3, 3, EC_SEV_ERROR, EC_CHECK_DRIFT,
                                  "ko", "0/0");
    expect_message(&x,
                   "0/0 shares its text with 0/1, 0/2, 0/3, 0/4, 0/5, 0/6, 0/7, 0/8 and "
                   "19991 more, but en, zh, ja give them different texts; one of them or more is "
                   "wrong, but these keys disagree too much for errcat to find the fewest to "
                   "correct: compare them by hand");
    ec_report_free(r);
}

/* ---- terms ---- */

static void write_terms_catalog(fixture *f)
{
    write_file(f, "catalog.yaml", META4);
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"18/300\": Invalid IP address\n"
               "  \"18/400\": IP blocked\n"
               "  \"18/401\": IP not allowed\n"
               "  \"18/500\": CSS stream failed\n"
               "  \"18/600\": AMF data error\n");
    write_file(f, "zh.yaml",
               "locale: zh\nmessages:\n"
               "  \"18/300\": IP地址无效\n"
               "  \"18/400\": IP被封禁\n"
               "  \"18/401\": IP不允许\n"
               "  \"18/500\": 直播流失败\n"
               "  \"18/600\": AMF数据错误\n");
    write_file(f, "ja.yaml",
               "locale: ja\nmessages:\n"
               "  \"18/300\": IPアドレスが無効です\n"
               "  \"18/400\": IPがブロックされました\n"
               "  \"18/401\": IPは許可されていません\n"
               "  \"18/500\": ライブ配信に失敗しました\n"
               "  \"18/600\": メタデータのエラー\n");
    write_file(f, "ko.yaml",
               "locale: ko\nmessages:\n"
               "  \"18/300\": 잘못된 주소\n"
               "  \"18/400\": IP 차단됨\n"
               "  \"18/401\": IP 허용 안 됨\n"
               "  \"18/500\": 라이브 방송 실패\n"
               "  \"18/600\": 메타데이터 오류\n");
}

/* ko drops IP from 18/300 while zh and ja keep it and ko keeps it in 18/400
 * and 18/401: reported. CSS, kept by no translation, is not. AMF, kept by
 * zh only (1 of 2, no own evidence), is not: no strict majority. */
static void test_terms_majority(void **state)
{
    fixture *f = *state;
    write_terms_catalog(f);
    ec_report *r = check(f, NULL);
    expect_count(r, 1);
    ec_finding x = expect_finding(r, 0, path_of(f, "ko.yaml"), 3, 13, EC_SEV_WARNING,
                                  EC_CHECK_TERMS, "ko", "18/300");
    expect_message(&x, "the ko text of 18/300 drops IP of the source text, which 2 of 2 other "
                       "translations and 2 of 2 other ko entries with IP keep");
    ec_report_free(r);
}

/* The same catalog with ignore: [terms] on the ko entry: no finding. */
static void test_terms_ignored_on_entry(void **state)
{
    fixture *f = *state;
    write_terms_catalog(f);
    write_file(f, "ko.yaml",
               "locale: ko\nmessages:\n"
               "  \"18/300\":\n"
               "    text: 잘못된 주소\n"
               "    ignore: [terms]\n"
               "  \"18/400\": IP 차단됨\n"
               "  \"18/401\": IP 허용 안 됨\n"
               "  \"18/500\": 라이브 방송 실패\n"
               "  \"18/600\": 메타데이터 오류\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 0);
    ec_report_free(r);
}

/* A number of two or more digits must appear in every translation. */
static void test_terms_number(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", META2);
    write_file(f, "en.yaml", "locale: en\nmessages:\n  \"1/0\": Error 404 at the origin\n");
    write_file(f, "zh.yaml", "locale: zh\nmessages:\n  \"1/0\": 源站错误\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 1);
    ec_finding x = expect_finding(r, 0, path_of(f, "zh.yaml"), 3, 10, EC_SEV_WARNING,
                                  EC_CHECK_TERMS, "zh", "1/0");
    expect_message(&x, "the zh text of 1/0 lacks the number 404 of the source text");
    ec_report_free(r);
}

/* The glossary: a rendering per locale, or verbatim. */
static void test_terms_glossary(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml",
               "name: test\nsource: en\nlocales: [en, zh, ja]\n"
               "terms:\n"
               "  RTMP: {}\n"
               "  CSS: {zh: 直播, ja: ライブ}\n");
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": CSS stream failed\n"
               "  \"2/0\": RTMP error\n");
    write_file(f, "zh.yaml",
               "locale: zh\nmessages:\n"
               "  \"1/0\": 推流失败\n"
               "  \"2/0\": 协议错误\n");
    write_file(f, "ja.yaml",
               "locale: ja\nmessages:\n"
               "  \"1/0\": ライブ配信に失敗しました\n"
               "  \"2/0\": RTMPエラー\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 2);
    ec_finding x = expect_finding(r, 0, path_of(f, "zh.yaml"), 3, 10, EC_SEV_WARNING,
                                  EC_CHECK_TERMS, "zh", "1/0");
    expect_message(&x, "the zh text of 1/0 lacks \"直播\", the glossary's zh rendering of CSS");
    x = expect_finding(r, 1, path_of(f, "zh.yaml"), 4, 10, EC_SEV_WARNING, EC_CHECK_TERMS, "zh",
                       "2/0");
    expect_message(&x, "the zh text of 2/0 drops RTMP, which the glossary keeps verbatim");
    ec_report_free(r);
}

/* ---- placeholder ---- */

static void test_placeholder_mismatch(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", META2);
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": Cannot open %s\n"
               "  \"2/0\": \"{0} failed after {1} tries\"\n"
               "  \"3/0\": \"%1$s of %2$d\"\n");
    write_file(f, "zh.yaml",
               "locale: zh\nmessages:\n"
               "  \"1/0\": 无法打开 %d\n"
               "  \"2/0\": \"{0} 失败\"\n"
               "  \"3/0\": \"%2$d 的 %1$s\"\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 2);
    ec_finding x = expect_finding(r, 0, path_of(f, "zh.yaml"), 3, 10, EC_SEV_ERROR,
                                  EC_CHECK_PLACEHOLDER, "zh", "1/0");
    expect_message(&x, "the placeholders of 1/0 differ from the source text's: zh has %d, the "
                       "source has %s; printf argument 1 is string in the source, int in zh");
    x = expect_finding(r, 1, path_of(f, "zh.yaml"), 4, 10, EC_SEV_ERROR, EC_CHECK_PLACEHOLDER, "zh",
                       "2/0");
    expect_message(&x, "the placeholders of 2/0 differ from the source text's: zh has {0}, the "
                       "source has {0} {1}");
    ec_report_free(r);
}

/* ignore: [placeholder] on the translation, or on the source entry. */
static void test_placeholder_ignored(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", META2);
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": Cannot open %s\n"
               "  \"2/0\":\n"
               "    text: \"{0} failed\"\n"
               "    ignore: [placeholder]\n");
    write_file(f, "zh.yaml",
               "locale: zh\nmessages:\n"
               "  \"1/0\":\n"
               "    text: 无法打开 %d\n"
               "    ignore: [placeholder]\n"
               "  \"2/0\": 失败\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 0);
    ec_report_free(r);
}

/* ---- stale ---- */

static void test_stale_snapshot(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", META2);
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": The stream name is invalid.\n"
               "  \"2/0\": Network error\n");
    write_file(f, "zh.yaml",
               "locale: zh\nmessages:\n"
               "  \"1/0\":\n"
               "    text: 流名称包含无效字符\n"
               "    source: The stream name contains invalid characters.\n"
               "  \"2/0\":\n"
               "    text: 网络错误\n"
               "    source: \"  Network\\terror \"\n"); /* same after normalisation */
    ec_report *r = check(f, NULL);
    expect_count(r, 1);
    ec_finding x = expect_finding(r, 0, path_of(f, "zh.yaml"), 5, 13, EC_SEV_WARNING,
                                  EC_CHECK_STALE, "zh", "1/0");
    expect_message(&x, "the source text of 1/0 changed since this translation was made: it was "
                       "\"The stream name contains invalid characters.\", it is now \"The "
                       "stream name is invalid.\"");
    ec_report_free(r);
}

static void test_stale_ignored(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", META2);
    write_file(f, "en.yaml", "locale: en\nmessages:\n  \"1/0\": The stream name is invalid.\n");
    write_file(f, "zh.yaml",
               "locale: zh\nmessages:\n"
               "  \"1/0\":\n"
               "    text: 流名称包含无效字符\n"
               "    source: The stream name contains invalid characters.\n"
               "    ignore: [stale, script]\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 0);
    ec_report_free(r);
}

/* ---- untranslated, script, duplicate, empty ---- */

static void test_untranslated_and_script(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", META2);
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": Unknown cause\n"
               "  \"2/0\": \"404\"\n"
               "  \"3/0\":\n"
               "    text: Server busy\n"
               "    ignore: [untranslated]\n");
    write_file(f, "zh.yaml",
               "locale: zh\nmessages:\n"
               "  \"1/0\": Unknown cause\n"
               "  \"2/0\": \"404\"\n"
               "  \"3/0\": Server busy\n");
    ec_check_options opt = {0};
    opt.disabled[EC_CHECK_DRIFT] = true;
    ec_report *r = check(f, &opt);
    /* 1/0: untranslated and script; 2/0 only a number: nothing;
     * 3/0: the source ignores untranslated, script remains */
    expect_count(r, 3);
    ec_finding x = expect_finding(r, 0, path_of(f, "zh.yaml"), 3, 10, EC_SEV_WARNING,
                                  EC_CHECK_UNTRANSLATED, "zh", "1/0");
    expect_message(&x, "the zh text of 1/0 is identical to the source text \"Unknown cause\"");
    x = expect_finding(r, 1, path_of(f, "zh.yaml"), 3, 10, EC_SEV_WARNING, EC_CHECK_SCRIPT, "zh",
                       "1/0");
    expect_message(&x, "the zh text of 1/0 has no Han characters");
    expect_finding(r, 2, path_of(f, "zh.yaml"), 5, 10, EC_SEV_WARNING, EC_CHECK_SCRIPT, "zh",
                   "3/0");
    ec_report_free(r);
}

static void test_duplicate_key(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", "name: test\nsource: en\n");
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": Unknown cause\n"
               "  \"2/0\": Network error\n"
               "  \"1/0\": Unknown cause again\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 1);
    ec_finding x = expect_finding(r, 0, path_of(f, "en.yaml"), 5, 3, EC_SEV_ERROR,
                                  EC_CHECK_DUPLICATE, "en", "1/0");
    expect_contains(x.message, "line 3");
    ec_report_free(r);
}

static void test_empty_texts(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", "name: test\nsource: en\n");
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": \"\"\n"
               "  \"2/0\": Network error\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 1);
    ec_finding x = expect_finding(r, 0, path_of(f, "en.yaml"), 3, 10, EC_SEV_ERROR, EC_CHECK_EMPTY,
                                  "en", "1/0");
    expect_message(&x, "the text of 1/0 is empty");
    ec_report_free(r);
}

/* README "Checks": `empty` is "empty or white-space-only text". */
static void test_blank_text_is_empty(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", "name: test\nsource: en\n");
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": \"   \"\n"
               "  \"2/0\": Network error\n");
    ec_check_options opt = {0};
    opt.disabled[EC_CHECK_WHITESPACE] = true;
    ec_report *r = check(f, &opt);
    expect_count(r, 1);
    ec_finding x = expect_finding(r, 0, path_of(f, "en.yaml"), 3, 10, EC_SEV_ERROR, EC_CHECK_EMPTY,
                                  "en", "1/0");
    expect_message(&x, "the text of 1/0 is only white space");
    ec_report_free(r);
}

static void test_encoding_nfc_whitespace(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", "name: test\nsource: en\n");
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": \"Bell\\x07 here\"\n"
               "  \"2/0\": \"Cafe\\u0301 closed\"\n"
               "  \"3/0\": \"Network  error\"\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 3);
    ec_finding x = expect_finding(r, 0, path_of(f, "en.yaml"), 3, 10, EC_SEV_ERROR,
                                  EC_CHECK_ENCODING, "en", "1/0");
    expect_message(&x, "the text of 1/0 contains the control character U+0007 at byte 4");
    x = expect_finding(r, 1, path_of(f, "en.yaml"), 4, 10, EC_SEV_WARNING, EC_CHECK_NFC, "en",
                       "2/0");
    expect_contains(x.message, "NFC");
    x = expect_finding(r, 2, path_of(f, "en.yaml"), 5, 10, EC_SEV_WARNING, EC_CHECK_WHITESPACE,
                       "en", "3/0");
    expect_message(&x, "the text of 3/0 has doubled spaces");
    ec_report_free(r);
}

/* NEL (U+0085) is not a control character finding. */
static void test_encoding_nel_not_control(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", "name: test\nsource: en\n");
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": \"Line\\u0085break\"\n"
               "  \"2/0\": \"Bad\\u0080byte\"\n");
    ec_check_options opt = {0};
    opt.disabled[EC_CHECK_WHITESPACE] = true;
    ec_report *r = check(f, &opt);
    expect_count(r, 1);
    ec_finding x = expect_finding(r, 0, path_of(f, "en.yaml"), 4, 10, EC_SEV_ERROR,
                                  EC_CHECK_ENCODING, "en", "2/0");
    expect_message(&x, "the text of 2/0 contains the control character U+0080 at byte 3");
    ec_report_free(r);
}

/* README "Checks", whitespace: "tabs, line breaks". U+2028 LINE SEPARATOR,
 * U+2029 PARAGRAPH SEPARATOR and U+0085 NEXT LINE are line breaks as much as
 * LF. */
static void test_whitespace_line_breaks(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", "name: test\nsource: en\n");
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": \"One\\ntwo\"\n"
               "  \"2/0\": \"One\\ttwo\"\n"
               "  \"3/0\": \"One\\u2028two\"\n"
               "  \"4/0\": \"One\\u2029two\"\n"
               "  \"5/0\": \"One\\u0085two\"\n"
               "  \"6/0\": \" One two\"\n"
               "  \"7/0\": \"One two\\u3000\"\n");
    ec_report *r = check(f, NULL);
    static const char *const want[] = {
        "the text of 1/0 contains a line break",   "the text of 2/0 contains a tab",
        "the text of 3/0 contains a line break",   "the text of 4/0 contains a line break",
        "the text of 5/0 contains a line break",   "the text of 6/0 has leading white space",
        "the text of 7/0 has trailing white space"};
    bool ok = true;
    for (size_t i = 0; i < 7; i++) {
        bool found = false;
        for (size_t j = 0; j < ec_report_count(r); j++) {
            ec_finding x = ec_report_get(r, j);
            if (x.check == EC_CHECK_WHITESPACE && x.severity == EC_SEV_WARNING &&
                x.line == (int)i + 3 && x.column == 10 && !strcmp(x.message, want[i]))
                found = true;
        }
        if (!found) {
            print_message("missing whitespace finding on line %zu: %s\n", i + 3, want[i]);
            ok = false;
        }
    }
    if (!ok)
        dump(r);
    assert_true(ok);
    expect_count(r, 7);
    ec_report_free(r);
}

/* Leading and trailing white space is any Unicode white space, the same the
 * text comparison trims (EM SPACE U+2003, THIN SPACE U+2009). */
static void test_whitespace_unicode_spaces(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", "name: test\nsource: en\n");
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": \"\\u2003One two\"\n"
               "  \"2/0\": \"One two\\u2009\"\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 2);
    ec_finding x = expect_finding(r, 0, path_of(f, "en.yaml"), 3, 10, EC_SEV_WARNING,
                                  EC_CHECK_WHITESPACE, "en", "1/0");
    expect_message(&x, "the text of 1/0 has leading white space");
    x = expect_finding(r, 1, path_of(f, "en.yaml"), 4, 10, EC_SEV_WARNING, EC_CHECK_WHITESPACE,
                       "en", "2/0");
    expect_message(&x, "the text of 2/0 has trailing white space");
    ec_report_free(r);
}

/* ---- options ---- */

static void write_two_problems(fixture *f)
{
    write_file(f, "catalog.yaml", "name: test\nsource: en\nlocales: [en, zh, ja]\n");
    write_file(f, "en.yaml",
               "locale: en\nmessages:\n"
               "  \"1/0\": Unknown cause\n"
               "  \"2/0\": Network error %s\n");
    write_file(f, "zh.yaml", "locale: zh\nmessages:\n  \"1/0\": 未知原因\n");
    write_file(f, "ja.yaml",
               "locale: ja\nmessages:\n"
               "  \"1/0\": 不明な原因\n"
               "  \"2/0\": ネットワークエラー\n");
}

static void test_options_none(void **state)
{
    fixture *f = *state;
    write_two_problems(f);
    ec_report *r = check(f, NULL);
    expect_count(r, 2);
    expect_finding(r, 0, path_of(f, "ja.yaml"), 4, 10, EC_SEV_ERROR, EC_CHECK_PLACEHOLDER, "ja",
                   "2/0");
    expect_finding(r, 1, path_of(f, "zh.yaml"), 3, 3, EC_SEV_ERROR, EC_CHECK_MISSING, "zh", "2/0");
    ec_report_free(r);
}

static void test_options_disabled(void **state)
{
    fixture *f = *state;
    write_two_problems(f);
    ec_check_options opt = {0};
    opt.disabled[EC_CHECK_MISSING] = true;
    ec_report *r = check(f, &opt);
    expect_count(r, 1);
    expect_finding(r, 0, path_of(f, "ja.yaml"), 4, 10, EC_SEV_ERROR, EC_CHECK_PLACEHOLDER, "ja",
                   "2/0");
    ec_report_free(r);

    memset(&opt, 0, sizeof opt);
    opt.disabled[EC_CHECK_MISSING] = true;
    opt.disabled[EC_CHECK_PLACEHOLDER] = true;
    r = check(f, &opt);
    expect_count(r, 0);
    ec_report_free(r);
}

/* Load-time findings (schema here) are dropped by --disable too. */
static void test_options_disabled_schema(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", "name: test\nsource: en\nbogus: 1\n");
    write_file(f, "en.yaml", "locale: en\nmessages:\n  \"1/0\": Unknown cause\n  \"05/0\": x\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 2);
    ec_finding x = expect_finding(r, 0, path_of(f, "catalog.yaml"), 3, 1, EC_SEV_ERROR,
                                  EC_CHECK_SCHEMA, "", "");
    expect_contains(x.message, "bogus");
    x = expect_finding(r, 1, path_of(f, "en.yaml"), 4, 3, EC_SEV_ERROR, EC_CHECK_SCHEMA, "en", "");
    expect_contains(x.message, "05/0");
    ec_report_free(r);

    ec_check_options opt = {0};
    opt.disabled[EC_CHECK_SCHEMA] = true;
    r = check(f, &opt);
    expect_count(r, 0);
    ec_report_free(r);
}

static void test_options_only_locales(void **state)
{
    fixture *f = *state;
    write_two_problems(f);
    const char *only_ja[] = {"ja", NULL};
    ec_check_options opt = {0};
    opt.only_locales = only_ja;
    ec_report *r = check(f, &opt);
    expect_count(r, 1);
    expect_finding(r, 0, path_of(f, "ja.yaml"), 4, 10, EC_SEV_ERROR, EC_CHECK_PLACEHOLDER, "ja",
                   "2/0");
    ec_report_free(r);

    const char *only_zh[] = {"zh", NULL};
    opt.only_locales = only_zh;
    r = check(f, &opt);
    expect_count(r, 1);
    expect_finding(r, 0, path_of(f, "zh.yaml"), 3, 3, EC_SEV_ERROR, EC_CHECK_MISSING, "zh", "2/0");
    ec_report_free(r);

    const char *only_en[] = {"en", NULL};
    opt.only_locales = only_en;
    r = check(f, &opt);
    expect_count(r, 0);
    ec_report_free(r);
}

/* catalog.yaml findings (locale "") are kept whatever the locales chosen. */
static void test_options_only_locales_keeps_catalog(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", "name: test\nsource: en\nbogus: 1\n");
    write_file(f, "en.yaml", "locale: en\nmessages:\n  \"1/0\": Unknown cause\n");
    const char *only_zh[] = {"zh", NULL};
    ec_check_options opt = {0};
    opt.only_locales = only_zh;
    ec_report *r = check(f, &opt);
    expect_count(r, 1);
    expect_finding(r, 0, path_of(f, "catalog.yaml"), 3, 1, EC_SEV_ERROR, EC_CHECK_SCHEMA, "", "");
    ec_report_free(r);
}

/* ---- loading ---- */

static void test_load_nonexistent(void **state)
{
    fixture *f = *state;
    char dir[PATH_SIZE];
    snprintf(dir, sizeof dir, "%s/no-such-dir", f->dir);
    ec_report *r = ec_report_new();
    assert_null(ec_catalog_load(dir, r));
    expect_count(r, 1);
    ec_finding x = expect_finding(r, 0, dir, 0, 0, EC_SEV_ERROR, EC_CHECK_IO, "", "");
    expect_contains(x.message, "No such file or directory");
    assert_true(ec_report_has_io_error(r));
    ec_report_free(r);
}

static void test_load_not_a_directory(void **state)
{
    fixture *f = *state;
    write_file(f, "file.txt", "x");
    ec_report *r = ec_report_new();
    assert_null(ec_catalog_load(path_of(f, "file.txt"), r));
    expect_count(r, 1);
    ec_finding x =
        expect_finding(r, 0, path_of(f, "file.txt"), 0, 0, EC_SEV_ERROR, EC_CHECK_IO, "", "");
    expect_contains(x.message, "not a directory");
    assert_true(ec_report_has_io_error(r));
    ec_report_free(r);
}

static void test_load_no_catalog_yaml(void **state)
{
    fixture *f = *state;
    write_file(f, "en.yaml", "locale: en\nmessages:\n  \"1/0\": Unknown cause\n");
    ec_report *r = ec_report_new();
    assert_null(ec_catalog_load(f->dir, r));
    expect_count(r, 1);
    expect_finding(r, 0, path_of(f, "catalog.yaml"), 0, 0, EC_SEV_ERROR, EC_CHECK_IO, "", "");
    assert_true(ec_report_has_io_error(r));
    ec_report_free(r);
}

/* A listed locale without its file, and a locale file that names another
 * locale, are schema errors. */
static void test_load_schema_locales(void **state)
{
    fixture *f = *state;
    write_file(f, "catalog.yaml", "name: test\nsource: en\nlocales: [en, fr]\n");
    write_file(f, "en.yaml", "locale: en-US\nmessages:\n  \"1/0\": Unknown cause\n");
    ec_report *r = check(f, NULL);
    expect_count(r, 2);
    ec_finding x = expect_finding(r, 0, path_of(f, "catalog.yaml"), 3, 15, EC_SEV_ERROR,
                                  EC_CHECK_SCHEMA, "fr", "");
    expect_contains(x.message, "fr.yaml");
    x = expect_finding(r, 1, path_of(f, "en.yaml"), 1, 9, EC_SEV_ERROR, EC_CHECK_SCHEMA, "en", "");
    expect_contains(x.message, "en-US");
    ec_report_free(r);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_clean_catalog),
        T(test_missing_key),
        T(test_missing_in_source),
        T(test_drift_tie),
        T(test_drift_single_key),
        T(test_drift_two_locales),
        T(test_drift_two_locales_split),
        T(test_drift_uses_comparable_text),
        T(test_drift_spec_example),
        T(test_drift_scales),
        T(test_terms_majority),
        T(test_terms_ignored_on_entry),
        T(test_terms_number),
        T(test_terms_glossary),
        T(test_placeholder_mismatch),
        T(test_placeholder_ignored),
        T(test_stale_snapshot),
        T(test_stale_ignored),
        T(test_untranslated_and_script),
        T(test_duplicate_key),
        T(test_empty_texts),
        T(test_blank_text_is_empty),
        T(test_encoding_nfc_whitespace),
        T(test_encoding_nel_not_control),
        T(test_whitespace_line_breaks),
        T(test_whitespace_unicode_spaces),
        T(test_options_none),
        T(test_options_disabled),
        T(test_options_disabled_schema),
        T(test_options_only_locales),
        T(test_options_only_locales_keeps_catalog),
        T(test_load_nonexistent),
        T(test_load_not_a_directory),
        T(test_load_no_catalog_yaml),
        T(test_load_schema_locales),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
