/* Unit tests of ec_catalog_load_files(): a catalog given in memory loads as
 * the same files in a directory do, with the same findings (each field, in
 * the same order), before and after the checks, and the same entries. Every
 * catalog of tests/cases/ is compared, and what only memory can give: a
 * name given twice, a name that is no file of a directory, no bytes. */
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

#include "base/buf.h"
#include "base/file.h"
#include "base/unicode.h"
#include "model/catalog.h"
#include "errcat/errcat.h"

#define CASES ERRCAT_SOURCE_DIR "/tests/cases"

/* The regular files of a directory, read into memory, in readdir() order
 * reversed (so that memory does not merely repeat the directory's order). */
typedef struct {
    ec_file *v;
    size_t n;
} files;

static files read_dir(const char *dir)
{
    files f = {NULL, 0};
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("cannot open %s", dir);
    for (struct dirent *de; (de = readdir(d));) {
        char *path = ec_xasprintf("%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            size_t len = 0;
            char *data = ec_read_file(path, &len);
            if (!data)
                fail_msg("cannot read %s", path);
            f.v = ec_xrealloc(f.v, (f.n + 1) * sizeof *f.v);
            memmove(f.v + 1, f.v, f.n * sizeof *f.v);
            f.v[0] = (ec_file){ec_xstrdup(de->d_name), data, len};
            f.n++;
        }
        free(path);
    }
    closedir(d);
    return f;
}

/* Appends a file (name and data copied). */
static void add_file(files *f, const char *name, const char *data)
{
    f->v = ec_xrealloc(f->v, (f->n + 1) * sizeof *f->v);
    f->v[f->n++] =
        (ec_file){ec_xstrdup(name), data ? ec_xstrdup(data) : NULL, data ? strlen(data) : 0};
}

static void free_files(files *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free((char *)f->v[i].name);
        free((char *)f->v[i].data);
    }
    free(f->v);
}

static void same_findings(const char *what, const ec_report *a, const ec_report *b)
{
    if (ec_report_count(a) != ec_report_count(b)) {
        char *ta = ec_report_render(a, EC_FORMAT_TEXT, false);
        char *tb = ec_report_render(b, EC_FORMAT_TEXT, false);
        fail_msg("%s: %zu findings from the directory, %zu from memory:\n%s---\n%s", what,
                 ec_report_count(a), ec_report_count(b), ta, tb);
    }
    for (size_t i = 0; i < ec_report_count(a); i++) {
        ec_finding x = ec_report_get(a, i), y = ec_report_get(b, i);
        if (strcmp(x.file, y.file) || x.line != y.line || x.column != y.column ||
            x.severity != y.severity || x.check != y.check || strcmp(x.locale, y.locale) ||
            strcmp(x.key, y.key) || strcmp(x.message, y.message))
            fail_msg("%s: finding %zu differs:\n  directory: %s:%d:%d [%s] %s %s %s\n"
                     "  memory:    %s:%d:%d [%s] %s %s %s",
                     what, i, x.file, x.line, x.column, ec_check_name(x.check), x.locale, x.key,
                     x.message, y.file, y.line, y.column, ec_check_name(y.check), y.locale, y.key,
                     y.message);
    }
}

static void same_catalog(const char *what, const ec_catalog *a, const ec_catalog *b)
{
    if (!a || !b) {
        if (a || b)
            fail_msg("%s: the catalog loads from %s only", what, a ? "the directory" : "memory");
        return;
    }
    assert_int_equal(a->nlocales, b->nlocales);
    assert_int_equal(a->nkeys, b->nkeys);
    assert_int_equal(a->source_idx, b->source_idx);
    for (size_t i = 0; i < a->nlocales; i++) {
        const ec_locale *x = &a->locales[i], *y = &b->locales[i];
        assert_string_equal(x->tag, y->tag);
        assert_string_equal(x->path, y->path);
        assert_int_equal(x->usable, y->usable);
        assert_int_equal(x->n, y->n);
        for (size_t k = 0; k < x->n; k++) {
            const ec_entry *e = &x->entries[k], *f = &y->entries[k];
            assert_string_equal(EC_KEY(e), EC_KEY(f));
            assert_int_equal(e->text_ok, f->text_ok);
            assert_int_equal(e->text_len, f->text_len);
            if (e->text_len)
                assert_memory_equal(e->text, f->text, e->text_len);
        }
    }
}

/* Loads `dir` both ways and checks both; the findings and catalogs must be
 * equal. `extra` (may be NULL) changes the files given in memory. */
static void compare(const char *dir, void (*extra)(files *))
{
    files f = read_dir(dir);
    if (extra)
        extra(&f);
    ec_report *ra = ec_report_new(), *rb = ec_report_new();
    ec_catalog *a = ec_catalog_load(dir, ra);
    ec_catalog *b = ec_catalog_load_files(dir, f.v, f.n, rb);
    same_findings(dir, ra, rb);
    same_catalog(dir, a, b);
    ec_check_options opt = {0};
    ec_check_run(a, &opt, ra);
    ec_check_run(b, &opt, rb);
    same_findings(dir, ra, rb);
    ec_catalog_free(a);
    ec_catalog_free(b);
    ec_report_free(ra);
    ec_report_free(rb);
    free_files(&f);
}

static void test_seed_legacy(void **state)
{
    (void)state;
    compare(CASES "/seed-legacy/i18n", NULL);
}

static void test_stale_snapshot(void **state)
{
    (void)state;
    compare(CASES "/stale-snapshot/i18n", NULL);
}

static void test_syntax_error(void **state)
{
    (void)state;
    compare(CASES "/syntax-unclosed-quote/i18n", NULL);
    compare(CASES "/syntax-catalog-yaml/i18n", NULL);
}

/* The findings that need the file's bytes again (encoding) or its first
 * bytes (UTF-16), and the ones about which files exist. */
static void test_encoding_and_files(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "encoding-invalid-utf8", "encoding-utf16",    "encoding-utf8-bom",  "schema-listed-no-file",
        "schema-no-source-file", "source-not-listed", "cli-no-catalog-yaml"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *dir = ec_xasprintf("%s/%s/i18n", CASES, cases[i]);
        compare(dir, NULL);
        free(dir);
    }
}

/* Every catalog of tests/cases/. */
static void test_every_case(void **state)
{
    (void)state;
    DIR *d = opendir(CASES);
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *de; (de = readdir(d));) {
        char *dir = ec_xasprintf("%s/%s/i18n", CASES, de->d_name);
        struct stat st;
        if (de->d_name[0] != '.' && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
            compare(dir, NULL);
            n++;
        }
        free(dir);
    }
    closedir(d);
    assert_true(n >= 50);
    compare(ERRCAT_SOURCE_DIR "/i18n", NULL);
    compare(ERRCAT_SOURCE_DIR "/tests/data/hostile", NULL);
}

/* Only memory can give a name twice (the first counts), or a name that is
 * no plain file name (never a locale file). */
static void add_shadowed(files *f)
{
    add_file(f, "en.yaml", "garbage: [");
    add_file(f, "catalog.yaml", "{");
    add_file(f, "sub/fr.yaml", "locale: fr\nmessages: {}\n");
    add_file(f, "../fr.yaml", "locale: fr\nmessages: {}\n");
}

static void test_names_as_a_directory_has_them(void **state)
{
    (void)state;
    compare(CASES "/stale-snapshot/i18n", add_shadowed);
    compare(CASES "/clean-basic/i18n", add_shadowed);
}

/* A file without bytes is an empty file; no catalog.yaml is no catalog. */
static void test_empty_and_missing(void **state)
{
    (void)state;
    static const char meta[] = "name: m\nsource: en\n";
    ec_file v[] = {{"catalog.yaml", meta, strlen(meta)}, {"en.yaml", NULL, 0}};
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load_files("mem", v, 2, r);
    assert_non_null(c);
    assert_int_equal(ec_report_count(r), 1);
    ec_finding f = ec_report_get(r, 0);
    assert_string_equal(f.file, "mem/en.yaml");
    assert_string_equal(f.message, "the file is empty");
    ec_catalog_free(c);
    ec_report_free(r);

    r = ec_report_new();
    assert_null(ec_catalog_load_files("mem/", v + 1, 1, r));
    assert_int_equal(ec_report_count(r), 1);
    f = ec_report_get(r, 0);
    assert_int_equal(f.check, EC_CHECK_IO);
    assert_string_equal(f.file, "mem/catalog.yaml");
    assert_true(ec_report_has_io_error(r));
    ec_report_free(r);

    r = ec_report_new();
    assert_null(ec_catalog_load_files("mem", NULL, 0, r));
    assert_int_equal(ec_report_count(r), 1);
    ec_report_free(r);
}

/* A catalog of one locale, en, the source, loaded from memory. */
static ec_catalog *load_en(const char *en, ec_report *r)
{
    static const char meta[] = "name: m\nsource: en\n";
    ec_file v[] = {{"catalog.yaml", meta, strlen(meta)}, {"en.yaml", en, strlen(en)}};
    ec_catalog *c = ec_catalog_load_files("mem", v, 2, r);
    assert_non_null(c);
    return c;
}

/* An entry's note and its extra fields share one pointer: a note read
 * before or after the extra fields, or alone, is the note read back, and
 * the extra fields keep theirs. A comparable form that differs from its
 * text follows it, even past a NUL byte of the text. */
static void test_notes_extras_and_norms(void **state)
{
    (void)state;
    static const char en[] = "locale: en\nmessages:\n"
                             "  \"1/1\": {note: first, name: ONE, text: a}\n"
                             "  \"1/2\": {name: TWO, note: second, text: b}\n"
                             "  \"1/3\": {text: c, note: third}\n"
                             "  \"1/4\": {text: d, name: FOUR}\n"
                             "  \"1/5\": \"a  b\"\n"
                             "  \"1/6\": \"x\\0y  z\"\n";
    ec_report *r = ec_report_new();
    ec_catalog *c = load_en(en, r);
    const ec_locale *l = &c->locales[0];
    assert_int_equal(l->n, 6);
    static const char *const notes[] = {"first", "second", "third", NULL};
    static const char *const names[] = {"ONE", "TWO", NULL, "FOUR"};
    for (size_t i = 0; i < 4; i++) {
        const ec_entry *e = &l->entries[i];
        if (notes[i])
            assert_string_equal(ec_note(e), notes[i]);
        else
            assert_null(ec_note(e));
        if (names[i])
            assert_string_equal(EC_X(e)->name, names[i]);
        else
            assert_null(EC_X(e)->name);
        assert_false(e->norm_after);
        assert_ptr_equal(ec_norm(e), e->text);
    }
    const ec_entry *e = &l->entries[4];
    assert_string_equal(e->text, "a  b");
    assert_true(e->norm_after);
    assert_string_equal(ec_norm(e), "a b");
    e = &l->entries[5];
    assert_int_equal(e->text_len, 6);
    assert_memory_equal(e->text, "x\0y  z", 6);
    assert_true(e->norm_after);
    assert_ptr_equal(ec_norm(e), e->text + 7);
    ec_catalog_free(c);
    ec_report_free(r);
}

/* The facts the loader records for the checks: a text whose comparable
 * form is empty is blank (and only that one), and a '%' or '{' is markup,
 * found without the checks reading the text again. */
static void test_loaded_facts(void **state)
{
    (void)state;
    static const char en[] = "locale: en\nmessages:\n  \"1/1\": \"   \"\n  \"1/2\": \" a \"\n"
                             "  \"1/3\": \"\\u3000\"\n  \"1/4\": \"100%\"\n  \"1/5\": \"{n} x\"\n";
    ec_report *r = ec_report_new();
    ec_catalog *c = load_en(en, r);
    const ec_locale *l = &c->locales[0];
    assert_int_equal(l->n, 5);
    static const bool blank[] = {true, false, true, false, false};
    static const bool markup[] = {false, false, false, true, true};
    for (size_t i = 0; i < 5; i++) {
        const ec_entry *e = &l->entries[i];
        assert_true(e->facts & EC_FACT_KNOWN);
        assert_int_equal(!!(e->facts & EC_FACT_BLANK), blank[i]);
        const char *norm = ec_norm(e);
        assert_non_null(norm);
        assert_int_equal(norm && !norm[0], blank[i]);
        assert_int_equal(!!(e->facts & EC_FACT_MARKUP), markup[i]);
    }
    ec_catalog_free(c);
    ec_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_legacy),
        cmocka_unit_test(test_stale_snapshot),
        cmocka_unit_test(test_syntax_error),
        cmocka_unit_test(test_encoding_and_files),
        cmocka_unit_test(test_every_case),
        cmocka_unit_test(test_names_as_a_directory_has_them),
        cmocka_unit_test(test_empty_and_missing),
        cmocka_unit_test(test_loaded_facts),
        cmocka_unit_test(test_notes_extras_and_norms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
