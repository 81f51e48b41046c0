/* A translator's round trip through the gettext tools: the translation's
 * notes survive msgmerge (they are `# ` translator comments, the source's
 * notes `#.`), msgfmt -c checks the placeholders of c-format entries, `#:`
 * references do not depend on how the catalog directory is spelled, and
 * the c-format rule is xgettext's. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include "outtest.h"

#include "base/buf.h"
#include "base/file.h"
#include "model/catalog.h"
#include "output/po.h"
#include "errcat/errcat.h"

/* ---- helpers ---- */

/* Runs a shell command; its exit status (-1 when it did not exit). */
static int run(const char *cmd)
{
    int st = system(cmd);
    return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void must_run(const char *cmd)
{
    if (run(cmd) != 0)
        fail_msg("failed: %s", cmd);
}

/* ---- msgmerge keeps the translation's notes ---- */

/* The locale file `yaml` as the source locale of a catalog in memory. */
static ec_catalog *load_imported(const char *yaml)
{
    static const char meta[] = "name: rt\nsource: ko\n";
    const ec_file files[] = {{"catalog.yaml", meta, strlen(meta)}, {"ko.yaml", yaml, strlen(yaml)}};
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load_files("rt", files, 2, r);
    ec_report_free(r);
    assert_non_null(c);
    return c;
}

static void test_msgmerge_keeps_notes(void **state)
{
    (void)state;
    char *tmp = ot_mkdtemp();
    char *cmd =
        ec_xasprintf("cd '%s' && '%s' build i18n -o '%s/out' --only po >/dev/null &&"
                     " msgmerge -q '%s/out/po/ko.po' '%s/out/po/css-stream-interruption.pot'"
                     " -o '%s/merged.po' && '%s' import --from po '%s/merged.po'"
                     " --locale ko -o '%s/ko.yaml' 2>/dev/null",
                     ERRCAT_SOURCE_DIR, ERRCAT_BINARY, tmp, tmp, tmp, tmp, ERRCAT_BINARY, tmp, tmp);
    must_run(cmd);
    char *merged = ec_xasprintf("%s/merged.po", tmp), *m = ot_slurp(merged, NULL);
    /* msgmerge kept the ko notes and took the en notes from the template */
    assert_non_null(strstr(m, "# Seed 004 (ko) dropped \"IP\" from 18/300"));
    assert_non_null(strstr(m, "#. Missing from seed 001; written from zh, ja, ko.\n"));
    char *path = ec_xasprintf("%s/ko.yaml", tmp), *yaml = ot_slurp(path, NULL);
    ec_catalog *got = load_imported(yaml);
    ec_report *r = ec_report_new();
    ec_catalog *cat = ec_catalog_load(ERRCAT_SOURCE_DIR "/i18n", r);
    ec_report_free(r);
    assert_non_null(cat);
    const ec_locale *ko = ot_locale(cat, "ko"), *back = ec_catalog_source(got);
    assert_int_equal(ko->n, back->n);
    size_t notes = 0;
    for (size_t i = 0; i < ko->n; i++) {
        const ec_entry *want = &ko->entries[i];
        const ec_entry *e = ec_locale_find(back, want->code, want->sub);
        assert_non_null(e);
        const char *want_note = ec_note(want), *note = ec_note(e);
        if (want_note) {
            assert_non_null(note);
            assert_string_equal(note, want_note);
            notes++;
        } else if (note) {
            fail_msg("%s: the ko translation got the note \"%s\"", EC_KEY(want), note);
        }
    }
    assert_true(notes > 0);
    ec_catalog_free(cat);
    ec_catalog_free(got);
    free(yaml);
    free(path);
    free(m);
    free(merged);
    free(cmd);
    ot_rm_rf(tmp);
    free(tmp);
}

/* ---- msgfmt -c ---- */

/* msgfmt -c accepts every PO file errcat writes for `dir`. */
static void check_msgfmt_all(const char *dir, const char *tmp)
{
    char *cmd = ec_xasprintf("'%s' build '%s' -o '%s/out' --only po --force >/dev/null 2>&1;"
                             " n=0; for f in '%s'/out/po/*.po*; do"
                             " LC_ALL=C msgfmt -c -o /dev/null \"$f\" 2>/dev/null || exit 1;"
                             " n=$((n+1)); done; test $n -ge 2",
                             ERRCAT_BINARY, dir, tmp, tmp);
    must_run(cmd);
    free(cmd);
}

static void test_msgfmt_accepts(void **state)
{
    (void)state;
    char *tmp = ot_mkdtemp();
    check_msgfmt_all(ERRCAT_SOURCE_DIR "/i18n", tmp);
    char *hostile = ec_xasprintf("%s/h", tmp);
    assert_int_equal(mkdir(hostile, 0777), 0);
    check_msgfmt_all(ERRCAT_SOURCE_DIR "/tests/data/hostile", hostile);
    free(hostile);
    ot_rm_rf(tmp);
    free(tmp);
}

/* A translation that drops a placeholder of a c-format entry: msgfmt -c
 * refuses it; prose with '%' is no-c-format and not checked. */
static void test_msgfmt_checks_placeholders(void **state)
{
    (void)state;
    char *tmp = ot_mkdtemp(), *dir = ec_xasprintf("%s/i18n", tmp);
    assert_int_equal(mkdir(dir, 0777), 0);
    static const char *const files[][2] = {
        {"catalog.yaml", "name: fmt\nsource: en\n"},
        {"en.yaml", "locale: en\nmessages:\n  \"1/0\": \"%s failed after %d tries\"\n"
                    "  \"2/0\": 50% off\n  \"3/0\": Done at 100%%.\n  \"4/0\": No percent.\n"},
        {"de.yaml", "locale: de\nmessages:\n  \"1/0\": \"%s ist fehlgeschlagen\"\n"
                    "  \"2/0\": 50 % Rabatt\n  \"3/0\": Fertig zu 100%%.\n"
                    "  \"4/0\": Kein Prozent.\n"},
        {"fr.yaml", "locale: fr\nmessages:\n  \"1/0\": \"%s a échoué après %d essais\"\n"
                    "  \"2/0\": 50 % de remise\n  \"3/0\": Fini à 100%%.\n"
                    "  \"4/0\": Pas de pourcentage.\n"},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char *p = ec_xasprintf("%s/%s", dir, files[i][0]);
        ot_write(p, files[i][1], strlen(files[i][1]));
        free(p);
    }
    char *cmd = ec_xasprintf("'%s' build '%s' -o '%s/out' --only po --force >/dev/null 2>&1",
                             ERRCAT_BINARY, dir, tmp);
    run(cmd); /* the check reports the dropped placeholder; --force writes anyway */
    char *po = ec_xasprintf("%s/out/po/de.po", tmp), *s = ot_slurp(po, NULL);
    assert_non_null(strstr(s, "#, c-format\nmsgctxt \"1/0\"\n"));
    assert_non_null(strstr(s, "#, no-c-format\nmsgctxt \"2/0\"\n"));
    assert_non_null(strstr(s, "#, c-format\nmsgctxt \"3/0\"\n"));
    assert_non_null(strstr(s, "#: i18n/de.yaml:6\nmsgctxt \"4/0\"\n"));
    char *check = ec_xasprintf("LC_ALL=C msgfmt -c -o /dev/null '%s' 2>/dev/null", po);
    assert_int_not_equal(run(check), 0);
    free(check);
    check = ec_xasprintf("LC_ALL=C msgfmt -c -o /dev/null '%s/out/po/fr.po'", tmp);
    must_run(check);
    free(check);
    free(s);
    free(po);
    free(cmd);
    ot_rm_rf(tmp);
    free(dir);
    free(tmp);
}

/* ---- references ---- */

/* The PO files of the shipped catalog built with `cd CWD && errcat build
 * DIR` into `out`. */
static void build_in(const char *cwd, const char *dir, const char *out)
{
    char *cmd = ec_xasprintf("cd '%s' && '%s' build '%s' -o '%s' --only po >/dev/null", cwd,
                             ERRCAT_BINARY, dir, out);
    must_run(cmd);
    free(cmd);
}

static void test_references_whatever_the_spelling(void **state)
{
    (void)state;
    char *tmp = ot_mkdtemp();
    const char *spellings[][2] = {
        {ERRCAT_SOURCE_DIR, "i18n"},       {ERRCAT_SOURCE_DIR "/i18n", "."},
        {ERRCAT_SOURCE_DIR "/i18n", "./"}, {ERRCAT_SOURCE_DIR "/src", "../i18n/"},
        {"/", ERRCAT_SOURCE_DIR "/i18n"},
    };
    size_t n = sizeof spellings / sizeof *spellings;
    for (size_t i = 0; i < n; i++) {
        char *out = ec_xasprintf("%s/%zu", tmp, i);
        build_in(spellings[i][0], spellings[i][1], out);
        free(out);
    }
    static const char *const files[] = {"ko.po", "zh.po", "ja.po", "css-stream-interruption.pot"};
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        char *p0 = ec_xasprintf("%s/0/po/%s", tmp, files[f]), *first = ot_slurp(p0, NULL);
        assert_non_null(strstr(first, "#: i18n/"));
        for (size_t i = 1; i < n; i++) {
            char *p = ec_xasprintf("%s/%zu/po/%s", tmp, i, files[f]), *s = ot_slurp(p, NULL);
            if (strcmp(first, s) != 0)
                fail_msg("%s differs for `cd %s && errcat build %s`", files[f], spellings[i][0],
                         spellings[i][1]);
            free(s);
            free(p);
        }
        free(first);
        free(p0);
    }
    /* the committed out/po is what these give */
    char *cmd = ec_xasprintf("diff -r '%s/0/po' '%s/out/po' >/dev/null", tmp, ERRCAT_SOURCE_DIR);
    must_run(cmd);
    free(cmd);
    ot_rm_rf(tmp);
    free(tmp);
}

/* ---- the c-format rule ---- */

static void test_c_format_rule(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int want;
    } cases[] = {
        {"No percent sign.", 0},
        {"", 0},
        {"%s failed with %d", 1},
        {"100%%", 1}, /* xgettext: c-format */
        {"%d%%", 1},
        {"%1$s %2$d", 1},
        {"%2$s %1$s", 1},
        {"%1$*2$d", 1},
        {"%.*d and %5.3s", 1},
        {"%'d %p %C %S %qd %Lf %lf %zd %Zd %hs %m", 1},
        {"%<PRId64> %<PRIxMAX> %<PRIuLEAST16>", 1},
        {"%n %*d %ls %lc %hhn %jd %zu %%s", 1},
        {"100% of %s", 1}, /* one directive without a space */
        {"50% off", -1},   /* "% o" with a space flag: prose */
        {"100% complete", -1},
        {"% s and 5% off", -1},
        {"abc %", -1},     /* unterminated */
        {"%2%", -1},       /* "%2%" is not meant as a format */
        {"%2$s", -1},      /* argument 1 unused */
        {"%1$s %1$d", -1}, /* one argument, two types */
        {"%1$s %s", -1},   /* numbered and unnumbered mixed */
        {"%0$s", -1},
        {"%b %w8d", -1}, /* unknown to gettext 0.21 */
        {"%<PRId>", -1},
        {"%s failed with %d at 100%", -1},
        {"printf %s and %d and %5.2f and 100% and %% and %-10s and %1$s", -1},
        {"<%= z %>", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (ec_po_c_format(cases[i].text) != cases[i].want)
            fail_msg("\"%s\": %d, expected %d", cases[i].text, ec_po_c_format(cases[i].text),
                     cases[i].want);
}

/* xgettext agrees wherever a string is marked c-format by errcat, and where
 * it is not a valid format string at all. */
static void test_c_format_like_xgettext(void **state)
{
    (void)state;
    static const char *const texts[] = {"%s failed", "100%%", "%1$s %2$d", "%2$s", "%lf",
                                        "%<PRId64>", "%m",    "abc %",     "%2%"};
    char *tmp = ot_mkdtemp(), *src = ec_xasprintf("%s/x.c", tmp);
    ec_buf b = {0};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        ec_buf_printf(&b, "_(\"%s\");\n", texts[i]);
    ot_write(src, b.data, strlen(b.data));
    char *cmd = ec_xasprintf("cd '%s' && xgettext -k_ --no-location -o x.pot x.c 2>/dev/null", tmp);
    if (run(cmd) != 0) {
        print_message("xgettext not available; skipped\n");
    } else {
        char *pot = ec_xasprintf("%s/x.pot", tmp), *s = ot_slurp(pot, NULL);
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
            char *marked = ec_xasprintf("#, c-format\nmsgid \"%s\"\n", texts[i]);
            bool x = strstr(s, marked) != NULL;
            if (x != (ec_po_c_format(texts[i]) > 0))
                fail_msg("\"%s\": xgettext %s c-format, errcat %d", texts[i],
                         x ? "marks" : "does not mark", ec_po_c_format(texts[i]));
            free(marked);
        }
        free(s);
        free(pot);
    }
    free(cmd);
    ec_buf_free(&b);
    free(src);
    ot_rm_rf(tmp);
    free(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_msgmerge_keeps_notes),
        cmocka_unit_test(test_msgfmt_accepts),
        cmocka_unit_test(test_msgfmt_checks_placeholders),
        cmocka_unit_test(test_references_whatever_the_spelling),
        cmocka_unit_test(test_c_format_rule),
        cmocka_unit_test(test_c_format_like_xgettext),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
