/* errcat import (README "Migrating pages: `errcat import`"): round trips
 * (`build`, then `import` of what it wrote gives back the catalog, text by
 * text, for md, html and po), the seed pages as a legacy catalog checked by
 * `errcat check`, YAML quoting, PO fuzzy/untranslated handling, and refusals
 * that write nothing. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "outtest.h"
#include "base/buf.h"
#include "model/catalog.h"
#include "output/view.h"
#include "errcat/errcat.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SEEDS ERRCAT_SOURCE_DIR "/docs/legacy"
#define SEED_LEGACY ERRCAT_SOURCE_DIR "/tests/cases/seed-legacy"

static const char *const seed_files[] = {"000_294b1c5da110be6a.txt", "001_b0f3029a50c4c4e3.txt",
                                         "002_d8641c82c21c3292.txt", "003_28a41afd427cad2f.txt",
                                         "004_33268bca9cf812d4.txt"};

/* ---- helpers ---- */

/* `errcat import --from FMT FILE --locale L -o OUT`; returns the status. */
static int import_to(const char *fmt, const char *file, const char *locale, const char *out,
                     char **err)
{
    return ot_errcat(NULL, NULL, err, "import", "--from", fmt, file, "--locale", locale, "-o", out,
                     NULL);
}

/* A catalog directory holding one locale file, so the loader reads it. */
static char *one_locale_catalog(const char *dir, const char *tag)
{
    ot_mkdirs(dir);
    char *meta = ot_path("%s/catalog.yaml", dir);
    char *text = ot_path("name: round-trip\nsource: %s\nlocales: [%s]\n", tag, tag);
    ot_write(meta, text, strlen(text));
    free(meta);
    free(text);
    return ot_path("%s/%s.yaml", dir, tag);
}

/* Imports FILE as locale `tag` and loads the result; fails on any problem. */
static ec_catalog *import_and_load(const char *fmt, const char *file, const char *tag,
                                   const char *dir)
{
    char *yaml = one_locale_catalog(dir, tag), *err = NULL;
    int st = import_to(fmt, file, tag, yaml, &err);
    if (st != 0)
        fail_msg("import --from %s %s exited %d:\n%s", fmt, file, st, err);
    free(err);
    free(yaml);
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load(dir, r);
    if (!c || ec_report_count(r)) {
        char *text = ec_report_render(r, EC_FORMAT_TEXT, false);
        fail_msg("the import of %s does not load cleanly:\n%s", file, text);
    }
    ec_report_free(r);
    return c;
}

static void assert_entry(const char *what, const ec_entry *want, const ec_entry *got)
{
    if (!got)
        fail_msg("%s: %s is missing", what, EC_KEY(want));
    assert_string_equal(EC_KEY(want), EC_KEY(got));
    ot_assert_bytes(what, want->text, want->text_len, got->text, got->text_len);
}

/* ---- round trips ---- */

/* md and html: every entry of the locale comes back with its text. */
static void round_trip_table(const char *fmt, const char *out, const ec_locale *l, const char *tmp)
{
    char *file = ot_path("%s/%s/%s.%s", out, fmt, l->tag, fmt);
    char *dir = ot_path("%s/%s-%s", tmp, fmt, l->tag);
    ec_catalog *c = import_and_load(fmt, file, l->tag, dir);
    const ec_locale *got = ot_locale(c, l->tag);
    char *what = ot_path("%s (%s)", file, l->tag);
    assert_int_equal(l->n, got->n);
    for (size_t i = 0; i < l->n; i++)
        assert_entry(what, &l->entries[i], &got->entries[i]);
    free(what);
    ec_catalog_free(c);
    free(dir);
    free(file);
}

/* What the PO writer puts into msgstr (po.c: text_usable). */
static bool po_usable(const ec_entry *e)
{
    return e && ec_norm_nonempty(e) && strlen(e->text) == e->text_len;
}

static void assert_po_entry(const char *what, const ec_entry *t, const ec_entry *got)
{
    assert_entry(what, t, got);
    if (EC_X(got)->source) {
        assert_non_null(EC_X(t)->source);
        assert_string_equal(EC_X(t)->source, EC_X(got)->source);
    }
    const char *note = ec_note(t), *got_note = ec_note(got);
    if (note && note[0]) {
        assert_non_null(got_note);
        assert_int_equal(0, strncmp(note, got_note, strlen(got_note)));
    }
}

/* po: each translated key of the source comes back with its text, stale
 * ones with their snapshot, and notes. */
static void round_trip_po(const char *out, const ec_catalog *cat, const ec_locale *l,
                          const char *tmp)
{
    char *file = ot_path("%s/po/%s.po", out, l->tag);
    char *dir = ot_path("%s/po-%s", tmp, l->tag);
    ec_catalog *c = import_and_load("po", file, l->tag, dir);
    const ec_locale *got = ot_locale(c, l->tag), *src = ec_catalog_source(cat);
    size_t want = 0;
    for (size_t i = 0; i < src->n; i++) {
        const ec_entry *s = &src->entries[i];
        const ec_entry *t = ec_locale_find(l, s->code, s->sub);
        if (!po_usable(s) || !po_usable(t))
            continue;
        want++;
        assert_po_entry(file, t, ec_locale_find(got, s->code, s->sub));
    }
    assert_int_equal(want, got->n);
    ec_catalog_free(c);
    free(dir);
    free(file);
}

static void round_trip(const char *catalog)
{
    char *tmp = ot_mkdtemp(), *out = ot_path("%s/out", tmp);
    ot_build(0, catalog, out, NULL);
    ec_catalog *cat = ot_load(catalog);
    const ec_locale *src = ec_catalog_source(cat);
    for (size_t i = 0; i < cat->nlocales; i++) {
        const ec_locale *l = &cat->locales[i];
        round_trip_table("md", out, l, tmp);
        round_trip_table("html", out, l, tmp);
        if (l != src)
            round_trip_po(out, cat, l, tmp);
    }
    ec_catalog_free(cat);
    ot_rm_rf(tmp);
    free(out);
    free(tmp);
}

static void test_round_trip_i18n(void **state)
{
    round_trip(OT_I18N);
}

static void test_round_trip_hostile(void **state)
{
    round_trip(OT_HOSTILE);
}

/* ---- the seed pages ---- */

static char *seed(size_t i)
{
    return ot_path("%s/%s", SEEDS, seed_files[i]);
}

/* The older English table, as md and as html: the same 64 keys. */
static void test_seed_001_md_and_html(void **state)
{
    char *file = seed(1), *md = NULL, *html = NULL, *err = NULL;
    assert_int_equal(
        0, ot_errcat(NULL, &md, &err, "import", "--from", "md", file, "--locale", "en", NULL));
    free(err);
    assert_int_equal(
        0, ot_errcat(NULL, &html, &err, "import", "--from", "html", file, "--locale", "en", NULL));
    free(err);
    assert_string_equal(md, html);
    size_t keys = 0;
    for (const char *p = strstr(md, "\n  \""); p; p = strstr(p + 1, "\n  \""))
        keys++;
    assert_int_equal(64, keys);
    free(md);
    free(html);
    free(file);
}

/* The older English page as text tools convert it (a GFM pipe table, each
 * rowspan cell only in its first row, the rows after it shifted one column
 * left): the repaired import is the import of the page itself, key for key
 * and text for text, and each repair is reported. */
#define FLATTENED ERRCAT_SOURCE_DIR "/tests/cases/import-flattened-rowspan/page.md"

static void test_flattened_rowspan_md(void **state)
{
    char *file = seed(1), *want = NULL, *got = NULL, *err = NULL;
    assert_int_equal(
        0, ot_errcat(NULL, &want, &err, "import", "--from", "md", file, "--locale", "en", NULL));
    free(err);
    assert_int_equal(0, ot_errcat(NULL, &got, &err, "import", "--from", "md", FLATTENED, "--locale",
                                  "en", NULL));
    assert_string_equal(want, got);
    assert_non_null(strstr(err, ":40: warning: repaired 26 rows as sub-codes of 18 (the table's "
                                "rowspan was flattened): lines 41-66 read as 18/101 to 18/601\n"));
    assert_non_null(strstr(err, ":69: warning: repaired 2 rows as sub-codes of 21 (the table's "
                                "rowspan was flattened): lines 70-71 read as 21/101 to 21/102\n"));
    free(want), free(got), free(err), free(file);
}

/* The same table in HTML, with rowspan and colspan, and flattened (each
 * cell once, where it starts): the same keys and texts. */
static const char html_spans[] =
    "<table>\n<tr><th colspan=2>Error Code</th><th>Reason</th></tr>\n"
    "<tr><td colspan=2>0</td><td>Unknown.</td></tr>\n"
    "<tr><td rowspan=3>18</td><td>100</td><td>A</td></tr>\n"
    "<tr><td>101</td><td>B</td></tr>\n<tr><td>200</td><td>C</td></tr>\n"
    "<tr><td colspan=2>19</td><td>D</td></tr>\n"
    "<tr><td rowspan=2>21</td><td>100</td><td>E</td></tr>\n<tr><td>101</td><td>F</td></tr>\n"
    "<tr><td colspan=2>22</td><td>G</td></tr>\n</table>\n";
static const char html_flat[] =
    "<table>\n<tr><th>Error Code</th><th>Reason</th></tr>\n"
    "<tr><td>0</td><td>Unknown.</td></tr>\n"
    "<tr><td>18</td><td>100</td><td>A</td></tr>\n"
    "<tr><td>101</td><td>B</td></tr>\n<tr><td>200</td><td>C</td></tr>\n"
    "<tr><td>19</td><td>D</td></tr>\n"
    "<tr><td>21</td><td>100</td><td>E</td></tr>\n<tr><td>101</td><td>F</td></tr>\n"
    "<tr><td>22</td><td>G</td></tr>\n</table>\n";

static void test_flattened_rowspan_html(void **state)
{
    char *tmp = ot_mkdtemp(), *a = ot_path("%s/spans.html", tmp), *b = ot_path("%s/flat.html", tmp);
    char *want = NULL, *got = NULL, *err = NULL;
    ot_write(a, html_spans, strlen(html_spans));
    ot_write(b, html_flat, strlen(html_flat));
    assert_int_equal(
        0, ot_errcat(NULL, &want, &err, "import", "--from", "html", a, "--locale", "en", NULL));
    assert_null(strstr(err, "warning"));
    free(err);
    assert_int_equal(
        0, ot_errcat(NULL, &got, &err, "import", "--from", "html", b, "--locale", "en", NULL));
    assert_string_equal(want, got);
    assert_string_equal("locale: en\nmessages:\n  \"0/0\": Unknown.\n  \"18/100\": A\n"
                        "  \"18/101\": B\n  \"18/200\": C\n  \"19/0\": D\n  \"21/100\": E\n"
                        "  \"21/101\": F\n  \"22/0\": G\n",
                        got);
    assert_non_null(strstr(err, "flat.html:4: warning: repaired 2 rows as sub-codes of 18"));
    assert_non_null(strstr(err, "flat.html:8: warning: repaired 1 row as a sub-code of 21"));
    free(want), free(got), free(err), free(a), free(b);
    ot_rm_rf(tmp);
    free(tmp);
}

static void import_seeds(const char *i18n)
{
    static const char *const tags[] = {NULL, "en", "zh", "ja", "ko"};
    for (size_t i = 1; i < 5; i++) {
        char *file = seed(i), *out = ot_path("%s/%s.yaml", i18n, tags[i]), *err = NULL;
        int st = import_to("md", file, tags[i], out, &err);
        if (st != 0)
            fail_msg("importing %s exited %d:\n%s", file, st, err);
        free(err);
        free(out);
        free(file);
    }
}

/* The entries of every locale equal those of the hand-made legacy catalog. */
static void assert_same_catalog(const char *dir, const char *ref)
{
    ec_catalog *a = ot_load(dir), *b = ot_load(ref);
    assert_int_equal(b->nlocales, a->nlocales);
    for (size_t i = 0; i < b->nlocales; i++) {
        const ec_locale *want = &b->locales[i], *got = ot_locale(a, want->tag);
        assert_int_equal(want->n, got->n);
        for (size_t k = 0; k < want->n; k++)
            assert_entry(want->path, &want->entries[k], &got->entries[k]);
    }
    ec_catalog_free(a);
    ec_catalog_free(b);
}

/* The four pages with a table, imported into one catalog: `errcat check`
 * finds what the committed legacy case expects (missing 18/602, 21/103 and
 * 36/0-39/0 in en, ko's 18/305 drift, en's 0/0 and 16/0 drift, trailing
 * spaces in en, ko dropping IP), each on its locale and key. */
static void test_seed_legacy_set(void **state)
{
    char *tmp = ot_mkdtemp(), *i18n = ot_path("%s/i18n", tmp);
    ot_mkdirs(i18n);
    char *meta = ot_path("%s/catalog.yaml", i18n);
    size_t n;
    char *text = ot_slurp(SEED_LEGACY "/i18n/catalog.yaml", &n);
    ot_write(meta, text, n);
    free(text);
    import_seeds(i18n);
    assert_same_catalog(i18n, SEED_LEGACY "/i18n");
    const char *argv[] = {ERRCAT_BINARY, "check", "i18n", NULL};
    const char *env[] = {"NO_COLOR=1", NULL};
    char *err = NULL, *want = ot_slurp(SEED_LEGACY "/expected.stderr", &n);
    assert_int_equal(1, ot_run(tmp, env, NULL, &err, argv));
    assert_string_equal(want, err);
    free(want);
    free(err);
    free(meta);
    ot_rm_rf(tmp);
    free(i18n);
    free(tmp);
}

/* ---- YAML quoting ---- */

static const char *const tricky[] = {"true",
                                     "False",
                                     "42",
                                     "-7",
                                     "0x1F",
                                     "1e3",
                                     ".inf",
                                     "~",
                                     "null",
                                     "yes",
                                     "no",
                                     "on",
                                     "- dash",
                                     "? question",
                                     ": colon",
                                     "a: b",
                                     "a #b",
                                     "#hash",
                                     "'single'",
                                     "\"double\"",
                                     "back\\slash",
                                     "[flow]",
                                     "{map}",
                                     "&anchor",
                                     "*alias",
                                     "!tag",
                                     "%directive",
                                     "@at",
                                     "`tick",
                                     "|pipe",
                                     ">fold",
                                     "---",
                                     "...",
                                     " lead",
                                     "trail ",
                                     "tab\tin",
                                     "line\nbreak",
                                     "caf\xc3\xa9",
                                     "\xe6\xbc\xa2\xe5\xad\x97",
                                     "\xf0\x9f\x98\x80 astral",
                                     "\xc2\xa0nbsp",
                                     "x, y",
                                     "a , b",
                                     "\xe2\x80\xa8ls",
                                     "end:"};

static void write_tricky_md(const char *path)
{
    ec_buf b = {0};
    ec_buf_puts(&b, "| errcode | sub_errcode | errmsg |\n|---|---|---|\n");
    for (size_t i = 0; i < sizeof tricky / sizeof *tricky; i++) {
        char *cell = ec_md_cell(tricky[i], strlen(tricky[i]));
        ec_buf_printf(&b, "| %zu | 0 | %s |\n", i, cell);
        free(cell);
    }
    ot_write(path, b.data, b.len);
    ec_buf_free(&b);
}

/* Texts that look like YAML of another type or hold its indicators read
 * back as the very strings they were. */
static void test_yaml_quoting(void **state)
{
    char *tmp = ot_mkdtemp(), *md = ot_path("%s/t.md", tmp), *dir = ot_path("%s/c", tmp);
    write_tricky_md(md);
    ec_catalog *c = import_and_load("md", md, "en", dir);
    const ec_locale *l = ot_locale(c, "en");
    assert_int_equal(sizeof tricky / sizeof *tricky, l->n);
    for (size_t i = 0; i < l->n; i++)
        ot_assert_bytes(EC_KEY(&l->entries[i]), tricky[i], strlen(tricky[i]), l->entries[i].text,
                        l->entries[i].text_len);
    ec_catalog_free(c);
    ot_rm_rf(tmp);
    free(md);
    free(dir);
    free(tmp);
}

/* ---- PO ---- */

static const char po_text[] =
    "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
    "# keep the tone\n#. the source's note\nmsgctxt \"1/0\"\nmsgid \"One.\"\nmsgstr \"Eins.\"\n\n"
    "#. not a note\n#, fuzzy\n#| msgid \"Two old.\"\nmsgctxt \"2/0\"\nmsgid \"Two.\"\nmsgstr "
    "\"Zwei alt.\"\n\n"
    "msgctxt \"3/0\"\nmsgid \"Three.\"\nmsgstr \"\"\n\n"
    "#, fuzzy\nmsgctxt \"4/0\"\nmsgid \"Four.\"\nmsgstr \"Vier?\"\n\n"
    "#~ msgctxt \"5/0\"\n#~ msgid \"Five.\"\n#~ msgstr \"F\\303\\274nf.\"\n";

static const char po_yaml[] = "locale: de\nmessages:\n"
                              "  \"1/0\":\n    text: Eins.\n    note: keep the tone\n"
                              "  \"2/0\":\n    text: Zwei alt.\n    source: Two old.\n";

/* msgctxt keys; untranslated and obsolete messages left out; fuzzy ones
 * keep the previous msgid as `source:`, and without one are left out;
 * `# ` becomes the note, `#.` never. */
static void test_po_import(void **state)
{
    char *tmp = ot_mkdtemp(), *po = ot_path("%s/de.po", tmp), *out = NULL, *err = NULL;
    ot_write(po, po_text, strlen(po_text));
    assert_int_equal(
        0, ot_errcat(NULL, &out, &err, "import", "--from", "po", po, "--locale", "de", NULL));
    assert_string_equal(po_yaml, out);
    assert_non_null(strstr(err, "imported 2 keys"));
    assert_non_null(strstr(err, "(1 fuzzy, with the previous msgid as source:), leaving out 1 "
                                "untranslated and 1 fuzzy without a previous msgid"));
    free(out);
    free(err);
    ot_rm_rf(tmp);
    free(po);
    free(tmp);
}

/* The snapshot makes `check` report the fuzzy translation as stale. */
static void test_po_fuzzy_is_stale(void **state)
{
    char *tmp = ot_mkdtemp(), *po = ot_path("%s/de.po", tmp), *i18n = ot_path("%s/i18n", tmp);
    char *meta = ot_path("%s/catalog.yaml", i18n), *en = ot_path("%s/en.yaml", i18n);
    char *de = ot_path("%s/de.yaml", i18n), *err = NULL;
    const char meta_text[] = "name: t\nsource: en\n",
               en_text[] = "locale: en\nmessages:\n  \"1/0\": One.\n  \"2/0\": Two.\n"
                           "  \"3/0\": Three.\n  \"4/0\": Four.\n";
    ot_mkdirs(i18n);
    ot_write(po, po_text, strlen(po_text));
    ot_write(meta, meta_text, strlen(meta_text));
    ot_write(en, en_text, strlen(en_text));
    assert_int_equal(0, import_to("po", po, "de", de, &err));
    free(err);
    const char *argv[] = {ERRCAT_BINARY,          "check", "i18n", "--disable",
                          "missing,untranslated", NULL};
    const char *env[] = {"NO_COLOR=1", NULL};
    assert_int_equal(0, ot_run(tmp, env, NULL, &err, argv));
    if (!strstr(err, "warning: the source text of 2/0 changed since this translation was made: "
                     "it was \"Two old.\", it is now \"Two.\" [stale]"))
        fail_msg("no stale finding for 2/0 in:\n%s", err);
    free(err);
    ot_rm_rf(tmp);
    free(po), free(i18n), free(meta), free(en), free(de), free(tmp);
}

/* ---- refusals: exit 1, FILE:LINE in the diagnostic, nothing written ---- */

typedef struct {
    const char *fmt, *name, *content, *diagnostic;
} refusal;

static const refusal refusals[] = {
    {"md", "none.md", "# Title\n\nNo table here.\n", "none.md: error: no table found"},
    {"md", "text.md", "intro\n\n| a | b |\n|---|---|\n| x | y |\n",
     "text.md:3: error: no usable table"},
    {"md", "bad.md", "| code | msg |\n|---|---|\n| 1 | one |\n| 2x | two |\n",
     "bad.md:4: error: the errcode cell \"2x\" is not an integer"},
    {"md", "big.md", "| code | msg |\n|---|---|\n| 1 | one |\n| 2147483648 | two |\n",
     "big.md:4: error: the errcode cell \"2147483648\" is out of the signed 32-bit range"},
    {"md", "dup.md", "| c | s | m |\n|---|---|---|\n| 1 | 0 | a |\n| 2 | 0 | b |\n| 1 | 0 | c |\n",
     "dup.md:5: error: duplicate key 1/0 (line 3 has it too)"},
    {"html", "sub.html",
     "<table>\n<tr><td>1</td><td>0</td><td>a</td></tr>\n"
     "<tr><td>1</td><td>x</td><td>b</td></tr>\n"
     "<tr><td>2</td><td>0</td><td>c</td></tr>\n</table>\n",
     "sub.html:3: error: the sub_errcode cell \"x\" is not an integer"},
    {"html", "dup.html",
     "<p>x</p>\n<table>\n<tr><td colspan=2>7</td><td>a</td></tr>\n"
     "<tr><td>7</td><td>0</td><td>b</td></tr>\n</table>\n",
     "dup.html:4: error: duplicate key 7/0 (line 3 has it too)"},
    {"po", "key.po", "msgid \"\"\nmsgstr \"\"\n\n\nmsgctxt \"05/0\"\nmsgid \"a\"\nmsgstr \"b\"\n",
     "key.po:5: error: msgctxt \"05/0\" is not a key"},
    {"po", "ko.po",
     "msgid \"\"\nmsgstr \"\"\n\"Language: ko_KR\\n\"\n\nmsgctxt \"1/0\"\nmsgid \"a\"\nmsgstr "
     "\"b\"\n",
     "ko.po: error: the PO file is in ko_KR (its Language header), not de (--locale); --force "
     "imports it anyway"},
    {"po", "syntax.po", "msgid \"\"\nmsgstr \"\"\n\nmsgctxt \"1/0\"\nmsgid \"a\nmsgstr \"b\"\n",
     "syntax.po:6: error: end-of-line within string"},
    {"po", "dup.po",
     "msgctxt \"1/0\"\nmsgid \"a\"\nmsgstr \"x\"\n\nmsgctxt \"1/0\"\nmsgid "
     "\"b\"\nmsgstr \"y\"\n",
     "dup.po:5: error: duplicate key 1/0 (line 1 has it too)"},
    /* rows that change shape (README "How pages are read") */
    {"md", "order.md",
     "| Code | Reason | |\n|---|---|---|\n| 18 | 100 | a |\n| 101 | b | |\n"
     "| 5 | c | |\n",
     "order.md:4: error: the row \"| 101 | b |  |\" after \"| 18 | 100 | a |\" may be a "
     "sub-code of 18 whose errcode cell was left out (a flattened rowspan) or a code of its "
     "own, and errcat cannot tell which (the table is not in key order)"},
    {"md", "named.md",
     "| Code | Reason | Solution |\n|---|---|---|\n| 17 | a | |\n| 18 | 100 | b |\n"
     "| 101 | c | |\n| 19 | d | |\n",
     "named.md:4: error: the row \"| 18 | 100 | b |\" has a number where the text column is; "
     "errcat does not guess"},
    {"html", "short.html",
     "<table>\n<tr><td>1</td><td>0</td><td>a</td></tr>\n<tr><td>2</td><td>0</td></tr>\n"
     "</table>\n",
     "short.html:3: error: the row \"| 2 | 0 |\" has fewer cells than the table's errcode, "
     "sub_errcode and text; give it all three"},
    {"html", "empty.html",
     "<table>\n<tr><th>Code</th><th>Reason</th></tr>\n<tr><td>1</td><td>a</td></tr>\n"
     "<tr><td>2</td><td> </td></tr>\n</table>\n",
     "empty.html:4: error: the row \"| 2 |  |\" has an empty text column"},
};

static void check_refusal(const char *tmp, const refusal *r)
{
    char *file = ot_path("%s/%s", tmp, r->name), *out = ot_path("%s/out/de.yaml", tmp);
    char *err = NULL, *want = ot_path("%s/%s", tmp, r->diagnostic);
    ot_write(file, r->content, strlen(r->content));
    int st = import_to(r->fmt, file, "de", out, &err);
    if (st != 1 || !strstr(err, want))
        fail_msg("import of %s: exit %d, want 1 and \"%s\" in:\n%s", r->name, st, want, err);
    assert_non_null(strstr(err, "errcat: nothing imported"));
    assert_false(ot_exists(out));
    free(err), free(want), free(out), free(file);
}

static void test_refusals(void **state)
{
    char *tmp = ot_mkdtemp();
    for (size_t i = 0; i < sizeof refusals / sizeof *refusals; i++)
        check_refusal(tmp, &refusals[i]);
    ot_rm_rf(tmp);
    free(tmp);
}

/* A refused import leaves an existing output as it was. */
static void test_refusal_keeps_old_file(void **state)
{
    char *tmp = ot_mkdtemp(), *out = ot_path("%s/en.yaml", tmp), *err = NULL, *file = seed(0);
    ot_write(out, "old\n", 4);
    assert_int_equal(1, import_to("md", file, "en", out, &err));
    size_t n;
    char *now = ot_slurp(out, &n);
    assert_string_equal("old\n", now);
    ot_list files = ot_tree(tmp);
    assert_int_equal(1, files.n); /* no temporary file left */
    ot_list_free(&files);
    free(now), free(err), free(file), free(out);
    ot_rm_rf(tmp);
    free(tmp);
}

/* -o writes through a temporary file; an unchanged output keeps its mtime. */
static void test_output_unchanged(void **state)
{
    char *tmp = ot_mkdtemp(), *out = ot_path("%s/ko.yaml", tmp), *err = NULL, *file = seed(4);
    assert_int_equal(0, import_to("md", file, "ko", out, &err));
    free(err);
    struct stat a, b;
    assert_int_equal(0, stat(out, &a));
    assert_int_equal(0, import_to("md", file, "ko", out, &err));
    assert_non_null(strstr(err, "(unchanged)"));
    assert_int_equal(0, stat(out, &b));
    assert_true(a.st_ino == b.st_ino && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec &&
                a.st_mtime == b.st_mtime);
    ot_list files = ot_tree(tmp);
    assert_int_equal(1, files.n);
    ot_list_free(&files);
    free(err), free(file), free(out);
    ot_rm_rf(tmp);
    free(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_i18n),        cmocka_unit_test(test_round_trip_hostile),
        cmocka_unit_test(test_seed_001_md_and_html),   cmocka_unit_test(test_flattened_rowspan_md),
        cmocka_unit_test(test_flattened_rowspan_html), cmocka_unit_test(test_seed_legacy_set),
        cmocka_unit_test(test_yaml_quoting),           cmocka_unit_test(test_po_import),
        cmocka_unit_test(test_po_fuzzy_is_stale),      cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_refusal_keeps_old_file), cmocka_unit_test(test_output_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
