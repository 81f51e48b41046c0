/* Unit tests of baselines (ec_baseline_write(), ec_baseline_apply()): the
 * file written is sorted, one finding a line, the same bytes every time; a
 * baseline silences exactly its findings, still after lines moved, and lets
 * one through again when its texts changed; a file that is no baseline is
 * refused with its line and leaves the report alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <unistd.h>

#include "base/buf.h"
#include "base/file.h"
#include "errcat/errcat.h"

/* A scratch directory for one test, with its catalog. */
static char dir[64];

/* Writes dir/name. */
static void put(const char *name, const char *text)
{
    char *path = ec_xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

/* The bytes of dir/name (caller frees). */
static char *get(const char *name)
{
    char *path = ec_xasprintf("%s/%s", dir, name);
    size_t len;
    char *data = ec_read_file(path, &len);
    assert_non_null(data);
    free(path);
    return data;
}

/* en has a doubled space (whitespace), de leaves 1/0 untranslated. */
static const char *const catalog_yaml = "name: demo\nsource: en\nlocales: [en, de]\n";
static const char *const en_yaml = "locale: en\nmessages:\n"
                                   "  \"1/0\": The file was saved.\n"
                                   "  \"2/0\": Failed  twice.\n";
static const char *const de_yaml = "locale: de\nmessages:\n"
                                   "  \"1/0\": The file was saved.\n"
                                   "  \"2/0\": Zweimal fehlgeschlagen.\n";

static int set_up(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/errcat-baseline-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    put("catalog.yaml", catalog_yaml);
    put("en.yaml", en_yaml);
    put("de.yaml", de_yaml);
    return 0;
}

static int tear_down(void **state)
{
    (void)state;
    char *cmd = ec_xasprintf("rm -rf '%s'", dir);
    int st = system(cmd);
    free(cmd);
    return st == 0 ? 0 : -1;
}

/* Loads and checks the catalog; the caller frees both. */
static ec_report *run(ec_catalog **cat)
{
    ec_report *r = ec_report_new();
    *cat = ec_catalog_load(dir, r);
    assert_non_null(*cat);
    ec_check_options opt = {0};
    ec_check_run(*cat, &opt, r);
    return r;
}

/* Records today's findings in dir/b.json. */
static void record(void)
{
    ec_catalog *cat;
    ec_report *r = run(&cat);
    char *path = ec_xasprintf("%s/b.json", dir), *err = NULL;
    size_t n = 0;
    assert_true(ec_baseline_write(cat, r, path, &n, &err));
    assert_int_equal(n, 2);
    free(path);
    ec_catalog_free(cat);
    ec_report_free(r);
}

/* The findings a run reports after the baseline, and how many it silenced. */
static void apply(size_t want_new, size_t want_baselined)
{
    ec_catalog *cat;
    ec_report *r = run(&cat);
    char *path = ec_xasprintf("%s/b.json", dir), *err = NULL;
    assert_true(ec_baseline_apply(cat, r, path, &err));
    assert_int_equal(ec_report_count(r), want_new);
    assert_int_equal(ec_report_baselined(r), want_baselined);
    free(path);
    ec_catalog_free(cat);
    ec_report_free(r);
}

/* The file: sorted by line, one finding a line, no positions; written
 * twice, the same bytes. */
static void test_write(void **state)
{
    (void)state;
    record();
    char *first = get("b.json");
    assert_string_equal(
        first, "{\"version\": 1, \"findings\": [\n"
               "  {\"check\": \"untranslated\", \"locale\": \"de\", \"key\": "
               "\"1/0\", \"text\": \"The file was saved.\", \"source\": \"The file was saved.\"},\n"
               "  {\"check\": \"whitespace\", \"locale\": \"en\", \"key\": "
               "\"2/0\", \"text\": \"Failed  twice.\"}\n"
               "]}\n");
    record();
    char *second = get("b.json");
    assert_string_equal(first, second);
    free(first);
    free(second);
}

/* Every finding recorded is silenced; a clean report says 0. */
static void test_apply(void **state)
{
    (void)state;
    record();
    apply(0, 2);
}

/* Entries moved to other lines (reordered, blank lines and comments
 * between them) are the same findings. */
static void test_moved_lines(void **state)
{
    (void)state;
    record();
    put("en.yaml", "# moved\nlocale: en\n\nmessages:\n\n"
                   "  \"2/0\": Failed  twice.\n\n"
                   "  # a comment\n"
                   "  \"1/0\": The file was saved.\n");
    put("de.yaml", "locale: de\nmessages:\n"
                   "  \"2/0\": Zweimal fehlgeschlagen.\n\n\n"
                   "  \"1/0\": The file was saved.\n");
    apply(0, 2);
}

/* A new source text brings the untranslated finding back (its texts
 * changed), and the whitespace one stays silenced. */
static void test_changed_text_comes_back(void **state)
{
    (void)state;
    record();
    put("en.yaml", "locale: en\nmessages:\n"
                   "  \"1/0\": The file was written.\n"
                   "  \"2/0\": Failed  twice.\n");
    put("de.yaml", "locale: de\nmessages:\n"
                   "  \"1/0\": The file was written.\n"
                   "  \"2/0\": Zweimal fehlgeschlagen.\n");
    apply(1, 1);
}

/* Not a baseline: refused with the file and line, the report untouched. */
static void test_corrupt(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } bad[] = {
        {"", ":1: not an errcat baseline: '{' expected"},
        {"{\"version\": 1, \"findings\": [\n  {\"check\": \"nope\"}\n]}\n",
         ":2: not an errcat baseline: a finding without a known check"},
        {"{\"version\": 2, \"findings\": []}",
         ":1: not an errcat baseline: a version other than 1"},
        {"{\"version\": 1, \"findings\": [\n{\"check\": \"empty\", \"colour\": \"x\"}]}",
         ":2: not an errcat baseline: unknown field in a finding"},
        {"{\"version\": 1, \"findings\": [\n{\"check\": \"empty\", \"key\": \"1/0",
         ":2: not an errcat baseline: a string without its closing quote"},
        {"{\"version\": 1, \"findings\": []} x", ":1: not an errcat baseline: more after the end"},
        {"[1, 2]", ":1: not an errcat baseline: '{' expected"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        put("b.json", bad[i].text);
        ec_catalog *cat;
        ec_report *r = run(&cat);
        size_t before = ec_report_count(r);
        char *path = ec_xasprintf("%s/b.json", dir), *err = NULL;
        assert_false(ec_baseline_apply(cat, r, path, &err));
        assert_non_null(err);
        char *want = ec_xasprintf("%s%s", path, bad[i].want);
        assert_string_equal(err, want);
        assert_int_equal(ec_report_count(r), before);
        assert_int_equal(ec_report_baselined(r), 0);
        free(want);
        free(err);
        free(path);
        ec_catalog_free(cat);
        ec_report_free(r);
    }
    /* no such file */
    ec_catalog *cat;
    ec_report *r = run(&cat);
    char *path = ec_xasprintf("%s/none.json", dir), *err = NULL;
    assert_false(ec_baseline_apply(cat, r, path, &err));
    char *want = ec_xasprintf("%s: No such file or directory", path);
    assert_string_equal(err, want);
    free(want);
    free(err);
    free(path);
    ec_catalog_free(cat);
    ec_report_free(r);
}

/* A record silences one finding: two equal findings need two records. */
static void test_one_record_one_finding(void **state)
{
    (void)state;
    record();
    char *data = get("b.json");
    /* drop the whitespace record: the untranslated one is left */
    char *cut = strstr(data, ",\n  {\"check\": \"whitespace\"");
    assert_non_null(cut);
    strcpy(cut, "\n]}\n");
    put("b.json", data);
    free(data);
    apply(1, 1);
}

/* errcat check --write-baseline, then --baseline: what the command line says. */
static void test_command_line(void **state)
{
    (void)state;
    char *cmd = ec_xasprintf("cd '%s' && '%s' check . --write-baseline b.json 2>said.txt"
                             " && '%s' check . --baseline b.json 2>>said.txt",
                             dir, ERRCAT_BINARY, ERRCAT_BINARY);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    char *said = get("said.txt");
    assert_string_equal(said, "errcat: baseline b.json: 2 findings recorded\n"
                              "errcat: 0 errors, 0 warnings, 2 baselined (en, de; 2 keys)\n");
    free(said);
    char *written = get("b.json");
    assert_non_null(strstr(written, "\"check\": \"untranslated\""));
    free(written);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_write, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_apply, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_moved_lines, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_changed_text_comes_back, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_corrupt, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_one_record_one_finding, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_command_line, set_up, tear_down),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
