/* errcat diff through the library (src/output/diff.c): the kinds' names,
 * the counts, and the Markdown for release notes parsed by libcmark-gfm on
 * the hostile catalog: every text cell is exactly the catalog's text, one
 * heading and one table per kind of change, one row per change. */
#include "gfm.h"
#include "outtest.h"

#include "model/catalog.h"
#include "errcat/errcat.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* The hostile catalog, and the same catalog cut down to `keep` of its files
 * (`en_text`, when not NULL, replaces en.yaml). */
static ec_catalog *hostile(void)
{
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load(OT_HOSTILE, r);
    ec_report_free(r);
    assert_non_null(c);
    return c;
}

static ec_catalog *cut_down(bool with_en, const char *en_text)
{
    size_t n = 0, len_meta, len_en = 0;
    char *meta = ot_read(OT_HOSTILE "/catalog.yaml", &len_meta);
    char *en = en_text ? strdup(en_text) : ot_read(OT_HOSTILE "/en.yaml", &len_en);
    if (en_text)
        len_en = strlen(en_text);
    ec_file files[2] = {{"catalog.yaml", meta, len_meta}, {"en.yaml", en, len_en}};
    n = with_en ? 2 : 1;
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load_files("cut", files, n, r);
    ec_report_free(r);
    free(meta);
    free(en);
    assert_non_null(c);
    return c;
}

/* ---- Markdown, as cmark-gfm reads it ---- */

/* With every GFM extension, autolink makes links of bare URLs (as in the
 * tables of errcat build, README "Outputs"): their text must still be the
 * catalog's. With the table extension alone, a cell is plain text. */
static bool all_gfm;

static cmark_node *parse(const char *text)
{
    return gfm_parse(text, strlen(text), all_gfm);
}

/* The text of a cell: text and code literals, `<br>` as a line break; fails
 * on any other node when `plain`. */
static char *cell_text(cmark_node *cell, bool plain)
{
    ec_buf b = {0};
    cmark_iter *it = cmark_iter_new(cell);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || node == cell)
            continue;
        const char *lit = cmark_node_get_literal(node);
        if (gfm_is(node, "text") || (!plain && gfm_is(node, "code")))
            ec_buf_puts(&b, lit);
        else if (gfm_is(node, "html_inline") && !strcmp(lit, "<br>"))
            ec_buf_putc(&b, '\n');
        else if (all_gfm && gfm_is(node, "link"))
            continue; /* its text is in its children */
        else
            fail_msg("a cell parses into a %s node: %s", cmark_node_get_type_string(node),
                     lit ? lit : "");
    }
    cmark_iter_free(it);
    return ec_buf_take(&b);
}

/* The i-th child of `n` (0-based). */
static cmark_node *child(cmark_node *n, size_t i)
{
    cmark_node *c = cmark_node_first_child(n);
    while (c && i--)
        c = cmark_node_next(c);
    assert_non_null(c);
    return c;
}

/* A text of the catalog as the diff has it (up to a NUL from an escape). */
static const char *text(const ec_entry *e)
{
    return e && e->text_ok ? e->text : "";
}

/* The Markdown of `d` has exactly one heading (`heading`) and one table,
 * whose rows are the keys of source locale `src` (added, removed) or the
 * translations of `old` (translation-removed), each cell the exact text. */
static void check_markdown_once(const ec_diff *d, const char *heading, const ec_catalog *cat,
                                bool translations)
{
    char *md = ec_diff_render(d, EC_DIFF_MARKDOWN, "old|*dir*", "new_`x`");
    cmark_node *doc = parse(md);
    size_t headings = 0, tables = 0;
    cmark_node *table = NULL;
    for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
        if (gfm_is(n, "heading")) {
            headings++;
            char *h = cell_text(n, true);
            assert_string_equal(h, heading);
            free(h);
        } else if (gfm_is(n, "table")) {
            tables++;
            table = n;
        } else if (gfm_is(n, "paragraph") && n == cmark_node_first_child(doc)) {
            char *p = cell_text(n, true);
            assert_non_null(strstr(p, "from old|*dir* to new_`x`: "));
            free(p);
        } else {
            fail_msg("unexpected %s node", cmark_node_get_type_string(n));
        }
    }
    assert_int_equal(headings, 1);
    assert_int_equal(tables, 1);
    const ec_locale *src = ec_catalog_source(cat);
    /* each row against the entry its key (and locale) names */
    size_t rows = 0;
    for (cmark_node *r = cmark_node_next(cmark_node_first_child(table)); r;
         r = cmark_node_next(r), rows++) {
        char *key = cell_text(child(r, 0), true);
        int32_t code, sub;
        assert_true(ec_key_parse(key, strlen(key), &code, &sub));
        const ec_locale *l = src;
        if (translations) {
            char *tag = cell_text(child(r, 1), true);
            l = NULL;
            for (size_t li = 0; li < cat->nlocales; li++)
                if (!strcmp(cat->locales[li].tag, tag))
                    l = &cat->locales[li];
            assert_non_null(l);
            free(tag);
        }
        const ec_entry *e = ec_locale_find(l, code, sub);
        assert_non_null(e);
        char *got = cell_text(child(r, 2), true);
        if (strcmp(got, text(e)) != 0)
            fail_msg("row of %s: cell \"%s\", catalog text \"%s\"", key, got, text(e));
        free(got);
        if (translations) {
            char *empty = cell_text(child(r, 3), true);
            assert_string_equal(empty, "");
            free(empty);
        }
        free(key);
    }
    assert_int_equal(rows, ec_diff_count(d, EC_CHANGE_COUNT));
    cmark_node_free(doc);
    free(md);
}

static void check_markdown(const ec_diff *d, const char *heading, const ec_catalog *cat,
                           bool translations)
{
    all_gfm = false;
    check_markdown_once(d, heading, cat, translations);
    all_gfm = true;
    check_markdown_once(d, heading, cat, translations);
}

static void test_names(void **state)
{
    (void)state;
    for (int k = 0; k < EC_CHANGE_COUNT; k++)
        assert_int_equal(ec_change_from_name(ec_change_name(k)), k);
    assert_null(ec_change_name(EC_CHANGE_COUNT));
    assert_int_equal(ec_change_from_name("deleted"), -1);
    assert_string_equal(ec_diff_format_name(EC_DIFF_MARKDOWN), "markdown");
    assert_null(ec_diff_format_name(EC_DIFF_JSON + 1));
}

/* Every key of the source locale removed, then added. */
static void test_keys_removed_added(void **state)
{
    (void)state;
    ec_catalog *all = hostile(), *none = cut_down(true, "locale: en\nmessages: {}\n");
    char *err = NULL;
    ec_diff *d = ec_diff_catalogs(all, none, &err);
    assert_non_null(d);
    assert_true(ec_diff_count(d, EC_CHANGE_REMOVED) > 10);
    assert_int_equal(ec_diff_count(d, EC_CHANGE_REMOVED), ec_diff_count(d, EC_CHANGE_COUNT));
    check_markdown(d, "Removed keys", all, false);
    ec_diff_free(d);
    d = ec_diff_catalogs(none, all, &err);
    assert_int_equal(ec_diff_count(d, EC_CHANGE_ADDED), ec_diff_count(d, EC_CHANGE_COUNT));
    check_markdown(d, "Added keys", all, false);
    ec_diff_free(d);
    ec_catalog_free(all);
    ec_catalog_free(none);
}

/* Every translation removed (the locale files are gone); the same catalog
 * has no changes. */
static void test_translations_removed(void **state)
{
    (void)state;
    ec_catalog *all = hostile(), *en = cut_down(true, NULL);
    char *err = NULL;
    ec_diff *d = ec_diff_catalogs(all, en, &err);
    assert_true(ec_diff_count(d, EC_CHANGE_TRANSLATION_REMOVED) > 10);
    assert_int_equal(ec_diff_count(d, EC_CHANGE_TRANSLATION_REMOVED),
                     ec_diff_count(d, EC_CHANGE_COUNT));
    check_markdown(d, "Translations removed", all, true);
    ec_diff_free(d);
    d = ec_diff_catalogs(all, all, &err);
    assert_int_equal(ec_diff_count(d, EC_CHANGE_COUNT), 0);
    char *s = ec_diff_summary(d);
    assert_string_equal(s, "no changes");
    free(s);
    ec_diff_free(d);
    ec_catalog_free(all);
    ec_catalog_free(en);
}

/* A catalog without a usable source locale cannot be compared. */
static void test_no_source(void **state)
{
    (void)state;
    ec_catalog *all = hostile(), *bare = cut_down(false, NULL);
    char *err = NULL;
    assert_null(ec_diff_catalogs(all, bare, &err));
    assert_string_equal(err, "the new catalog has no usable source locale (catalog.yaml's "
                             "source: and its file)");
    free(err);
    ec_catalog_free(all);
    ec_catalog_free(bare);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_keys_removed_added),
        cmocka_unit_test(test_translations_removed),
        cmocka_unit_test(test_no_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
