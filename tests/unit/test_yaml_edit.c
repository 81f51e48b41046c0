/* Unit tests of yaml_edit.c: editing a locale file in place changes the
 * bytes of what changes and nothing else. Every result is compared byte for
 * byte with the file expected, and loaded with the library's own loader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "load/yaml_edit.h"
#include "model/catalog.h"
#include "errcat/errcat.h"

/* A hand-written file: header comment, blank lines, a comment between
 * entries and one after a value, keys and texts plain, single- and
 * double-quoted, a literal block, a long form with name, note and ignore. */
static const char base[] = "# Korean messages, written by hand\n"
                           "locale: ko\n"
                           "\n"
                           "messages:\n"
                           "  \"0/0\": 알 수 없는 원인   # trailing comment\n"
                           "  '1/0': 'single quoted'\n"
                           "  1/1: plain text\n"
                           "\n"
                           "  # between entries\n"
                           "  \"1/2\": |\n"
                           "    line one\n"
                           "    line two\n"
                           "  \"18/308\":\n"
                           "    name: STREAM_NAME_INVALID\n"
                           "    text: 푸시 스트림 이름\n"
                           "    note: a note\n"
                           "    ignore: [drift]\n"
                           "  \"20/1\": \"double \\\"quoted\\\"\"\n"
                           "# the end\n";

/* ---- helpers ---- */

static ec_yaml_edit text_edit(int32_t code, int32_t sub, const char *text)
{
    ec_yaml_edit e = {.code = code, .sub = sub, .text = text, .text_len = strlen(text)};
    return e;
}

/* `data` replaced at its only occurrence of `from` by `to`. */
static char *swap(const char *data, const char *from, const char *to)
{
    const char *at = strstr(data, from);
    assert_non_null(at);
    assert_null(strstr(at + 1, from));
    ec_buf b = {0};
    ec_buf_put(&b, data, (size_t)(at - data));
    ec_buf_puts(&b, to);
    ec_buf_puts(&b, at + strlen(from));
    return ec_buf_take(&b);
}

/* The file loaded by the library as the source locale of a catalog: no
 * finding at all. */
static ec_catalog *load(const char *yaml, size_t len)
{
    static const char meta[] = "name: t\nsource: ko\n";
    const ec_file files[] = {{"catalog.yaml", meta, strlen(meta)}, {"ko.yaml", yaml, len}};
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load_files("t", files, 2, r);
    assert_non_null(c);
    for (size_t i = 0; i < ec_report_count(r); i++) {
        ec_finding f = ec_report_get(r, i);
        print_error("finding: line %d: %s\n%.*s\n", f.line, f.message, (int)len, yaml);
    }
    assert_int_equal(ec_report_count(r), 0);
    ec_report_free(r);
    return c;
}

static const ec_entry *entry(const ec_catalog *c, int32_t code, int32_t sub)
{
    const ec_entry *e = ec_locale_find(ec_catalog_source(c), code, sub);
    assert_non_null(e);
    return e;
}

static void assert_bytes(const char *got, size_t got_len, const char *want, size_t want_len)
{
    if (got_len != want_len || memcmp(got, want, got_len) != 0)
        fail_msg("got:\n%.*s<<end\nwanted:\n%.*s<<end", (int)got_len, got, (int)want_len, want);
}

/* Edits `in`, expects `want` and `changed`, and loads the result. */
static ec_catalog *edit_expect(const char *in, size_t in_len, const ec_yaml_edit *e, size_t n,
                               const char *want, size_t want_len, size_t want_changed)
{
    size_t out_len = 0, changed = 99;
    char *err = NULL;
    char *out = ec_yaml_edit_locale(in, in_len, e, n, &out_len, &changed, &err);
    if (!out)
        fail_msg("refused: %s", err);
    assert_null(err);
    assert_bytes(out, out_len, want, want_len);
    assert_int_equal(changed, want_changed);
    ec_catalog *c = load(out, out_len);
    free(out);
    return c;
}

static ec_catalog *edit_base(const ec_yaml_edit *e, size_t n, const char *want, size_t want_changed)
{
    return edit_expect(base, strlen(base), e, n, want, strlen(want), want_changed);
}

/* Expects a refusal whose message holds `says`. */
static void refused(const char *in, size_t len, const ec_yaml_edit *e, size_t n, const char *says)
{
    size_t out_len = 7, changed = 7;
    char *err = NULL;
    char *out = ec_yaml_edit_locale(in, len, e, n, &out_len, &changed, &err);
    assert_null(out);
    assert_non_null(err);
    if (!strstr(err, says))
        fail_msg("error \"%s\" does not say \"%s\"", err, says);
    assert_int_equal(changed, 0);
    free(err);
}

/* ---- changing values ---- */

static void test_short_text_only_its_bytes(void **state)
{
    (void)state;
    ec_yaml_edit e = text_edit(0, 0, "새 원인");
    char *want = swap(base, "알 수 없는 원인   #", "새 원인   #");
    ec_catalog *c = edit_base(&e, 1, want, 1);
    assert_string_equal(entry(c, 0, 0)->text, "새 원인");
    assert_string_equal(entry(c, 1, 0)->text, "single quoted");
    ec_catalog_free(c);
    free(want);
}

static void test_single_quoted_keeps_quotes(void **state)
{
    (void)state;
    ec_yaml_edit e = text_edit(1, 0, "it's done");
    char *want = swap(base, "'single quoted'", "'it''s done'");
    ec_catalog *c = edit_base(&e, 1, want, 1);
    assert_string_equal(entry(c, 1, 0)->text, "it's done");
    ec_catalog_free(c);
    free(want);
}

static void test_double_quoted_keeps_quotes(void **state)
{
    (void)state;
    ec_yaml_edit e = text_edit(20, 1, "now \"this\"");
    char *want = swap(base, "\"double \\\"quoted\\\"\"", "\"now \\\"this\\\"\"");
    ec_catalog *c = edit_base(&e, 1, want, 1);
    assert_string_equal(entry(c, 20, 1)->text, "now \"this\"");
    ec_catalog_free(c);
    free(want);
}

/* A plain text that would read as a boolean, a number or null is quoted. */
static void test_special_words_quoted(void **state)
{
    (void)state;
    static const char *const words[] = {"yes", "123", "null", "~", "On", "1.5e3", "0x1F", ".inf"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        ec_yaml_edit e = text_edit(1, 1, words[i]);
        char to[64];
        snprintf(to, sizeof to, "1/1: \"%s\"", words[i]);
        char *want = swap(base, "1/1: plain text", to);
        ec_catalog *c = edit_base(&e, 1, want, 1);
        assert_string_equal(entry(c, 1, 1)->text, words[i]);
        ec_catalog_free(c);
        free(want);
    }
    /* a plain text the emitter cannot write plain is quoted its way */
    ec_yaml_edit e = text_edit(1, 1, "key: value");
    char *want = swap(base, "1/1: plain text", "1/1: 'key: value'");
    ec_catalog_free(edit_base(&e, 1, want, 1));
    free(want);
    /* and a plain one stays plain */
    e = text_edit(1, 1, "still plain, yes");
    want = swap(base, "1/1: plain text", "1/1: still plain, yes");
    ec_catalog_free(edit_base(&e, 1, want, 1));
    free(want);
}

/* A text with a line break in a flow scalar: double-quoted, on one line. */
static void test_multiline_into_flow_scalar(void **state)
{
    (void)state;
    ec_yaml_edit e = text_edit(1, 1, "two\nlines");
    char *want = swap(base, "1/1: plain text", "1/1: \"two\\nlines\"");
    ec_catalog *c = edit_base(&e, 1, want, 1);
    assert_string_equal(entry(c, 1, 1)->text, "two\nlines");
    ec_catalog_free(c);
    free(want);
}

static void test_literal_stays_literal(void **state)
{
    (void)state;
    ec_yaml_edit e = text_edit(1, 2, "first\nsecond\nthird\n");
    char *want = swap(base, "    line one\n    line two\n", "    first\n    second\n    third\n");
    ec_catalog *c = edit_base(&e, 1, want, 1);
    assert_string_equal(entry(c, 1, 2)->text, "first\nsecond\nthird\n");
    ec_catalog_free(c);
    free(want);
    /* without a final line break: "|-", the same indentation */
    e = text_edit(1, 2, "only\nthis");
    want = swap(base, "|\n    line one\n    line two\n", "|-\n    only\n    this\n");
    c = edit_base(&e, 1, want, 1);
    assert_string_equal(entry(c, 1, 2)->text, "only\nthis");
    ec_catalog_free(c);
    free(want);
}

/* A deeper literal with a comment on its header keeps both. */
static void test_literal_header_comment_and_indent(void **state)
{
    (void)state;
    static const char in[] = "locale: ko\n"
                             "messages:\n"
                             "  \"1/1\": |  # keep me\n"
                             "        deep one\n"
                             "        deep two\n"
                             "\n"
                             "  \"1/2\": x\n";
    static const char want[] = "locale: ko\n"
                               "messages:\n"
                               "  \"1/1\": |-  # keep me\n"
                               "        a\n"
                               "        b\n"
                               "\n"
                               "  \"1/2\": x\n";
    ec_yaml_edit e = text_edit(1, 1, "a\nb");
    ec_catalog *c = edit_expect(in, strlen(in), &e, 1, want, strlen(want), 1);
    assert_string_equal(entry(c, 1, 1)->text, "a\nb");
    ec_catalog_free(c);
}

/* ---- adding fields ---- */

static void test_add_source_to_long_form(void **state)
{
    (void)state;
    ec_yaml_edit e = {.code = 18,
                      .sub = 308,
                      .source = "The stream name is invalid.",
                      .source_len = strlen("The stream name is invalid.")};
    char *want = swap(base, "    text: 푸시 스트림 이름\n",
                      "    text: 푸시 스트림 이름\n    source: The stream name is invalid.\n");
    ec_catalog *c = edit_base(&e, 1, want, 1);
    const ec_entry *x = entry(c, 18, 308);
    assert_string_equal(EC_X(x)->source, "The stream name is invalid.");
    assert_string_equal(x->text, "푸시 스트림 이름");
    assert_string_equal(ec_note(x), "a note");
    assert_string_equal(EC_X(x)->name, "STREAM_NAME_INVALID");
    assert_true(EC_X(x)->ignore != 0);
    ec_catalog_free(c);
    free(want);
}

static void test_short_to_long_form(void **state)
{
    (void)state;
    ec_yaml_edit e = {
        .code = 0, .sub = 0, .source = "Unknown cause", .source_len = 13, .note = "no"};
    char *want = swap(base, "  \"0/0\": 알 수 없는 원인   # trailing comment\n",
                      "  \"0/0\":\n"
                      "    text: 알 수 없는 원인\n"
                      "    source: Unknown cause\n"
                      "    note: \"no\"   # trailing comment\n");
    ec_catalog *c = edit_base(&e, 1, want, 1);
    const ec_entry *x = entry(c, 0, 0);
    assert_string_equal(x->text, "알 수 없는 원인");
    assert_string_equal(EC_X(x)->source, "Unknown cause");
    assert_string_equal(ec_note(x), "no");
    ec_catalog_free(c);
    free(want);
    /* a quoted text is kept as it was; a literal one moves under text: */
    ec_yaml_edit two[] = {
        {.code = 1, .sub = 0, .note = "n1"},
        {.code = 1, .sub = 2, .text = "x\ny\n", .text_len = 4, .source = "s", .source_len = 1}};
    char *w1 = swap(base, "  '1/0': 'single quoted'\n",
                    "  '1/0':\n    text: 'single quoted'\n    note: n1\n");
    char *w2 = swap(w1, "  \"1/2\": |\n    line one\n    line two\n",
                    "  \"1/2\":\n    text: |\n      x\n      y\n    source: s\n");
    c = edit_base(two, 2, w2, 2);
    assert_string_equal(entry(c, 1, 0)->text, "single quoted");
    assert_string_equal(ec_note(entry(c, 1, 0)), "n1");
    assert_string_equal(entry(c, 1, 2)->text, "x\ny\n");
    assert_string_equal(EC_X(entry(c, 1, 2))->source, "s");
    ec_catalog_free(c);
    free(w1);
    free(w2);
}

/* ---- new keys ---- */

static void test_new_keys_in_order(void **state)
{
    (void)state;
    ec_yaml_edit e[] = {
        text_edit(-1, 0, "before all"),
        text_edit(1, 5, "between"),
        {.code = 18, .sub = 309, .text = "long", .text_len = 4, .note = "with a note"},
        text_edit(30, 0, "yes"),
        {.code = 31, .sub = 0, .note = "no text: skipped"},
    };
    char *w1 = swap(base, "  \"0/0\":", "  \"-1/0\": before all\n  \"0/0\":");
    char *w2 = swap(w1, "    line two\n", "    line two\n  \"1/5\": between\n");
    char *w3 = swap(w2, "    ignore: [drift]\n",
                    "    ignore: [drift]\n  \"18/309\":\n    text: long\n    note: with a note\n");
    char *w4 = swap(w3, "quoted\\\"\"\n", "quoted\\\"\"\n  \"30/0\": \"yes\"\n");
    ec_catalog *c = edit_base(e, sizeof e / sizeof *e, w4, 4);
    assert_string_equal(entry(c, -1, 0)->text, "before all");
    assert_string_equal(entry(c, 1, 5)->text, "between");
    assert_string_equal(ec_note(entry(c, 18, 309)), "with a note");
    assert_string_equal(entry(c, 30, 0)->text, "yes");
    assert_null(ec_locale_find(ec_catalog_source(c), 31, 0));
    ec_catalog_free(c);
    free(w1);
    free(w2);
    free(w3);
    free(w4);
}

/* Single-quoted and plain keys are copied from the first key. */
static void test_new_key_quoting(void **state)
{
    (void)state;
    static const char in1[] = "locale: ko\nmessages:\n    '1/1': a\n";
    static const char want1[] = "locale: ko\nmessages:\n    '1/1': a\n    '1/2': b\n";
    ec_yaml_edit e = text_edit(1, 2, "b");
    ec_catalog_free(edit_expect(in1, strlen(in1), &e, 1, want1, strlen(want1), 1));
    static const char in2[] = "locale: ko\nmessages:\n  1/1: a\n";
    static const char want2[] = "locale: ko\nmessages:\n  1/1: a\n  1/2: b\n";
    ec_catalog_free(edit_expect(in2, strlen(in2), &e, 1, want2, strlen(want2), 1));
}

/* ---- nothing to do ---- */

static void test_equal_edit_changes_nothing(void **state)
{
    (void)state;
    ec_yaml_edit e[] = {
        text_edit(0, 0, "알 수 없는 원인"),
        text_edit(1, 0, "single quoted"),
        text_edit(1, 2, "line one\nline two\n"),
        {.code = 18,
         .sub = 308,
         .text = "푸시 스트림 이름",
         .text_len = strlen("푸시 스트림 이름"),
         .note = "a note"},
        text_edit(20, 1, "double \"quoted\""),
        {.code = 40, .sub = 0, .source = "new key without a text"},
    };
    e[5].source_len = strlen(e[5].source);
    ec_catalog_free(edit_base(e, sizeof e / sizeof *e, base, 0));
    ec_catalog_free(edit_base(NULL, 0, base, 0));
}

/* A plain `42` is not the text "42" (the loader refuses it): rewritten. */
static void test_plain_number_is_not_equal(void **state)
{
    (void)state;
    static const char in[] = "locale: ko\nmessages:\n  \"1/1\": 42\n";
    static const char want[] = "locale: ko\nmessages:\n  \"1/1\": \"42\"\n";
    ec_yaml_edit e = text_edit(1, 1, "42");
    ec_catalog_free(edit_expect(in, strlen(in), &e, 1, want, strlen(want), 1));
}

/* ---- line endings and empty files ---- */

static void test_crlf(void **state)
{
    (void)state;
    static const char in[] = "# crlf\r\n"
                             "locale: ko\r\n"
                             "messages:\r\n"
                             "  \"1/1\": a\r\n"
                             "  \"1/3\":\r\n"
                             "    text: |\r\n"
                             "      c\r\n"
                             "      d\r\n"
                             "    note: n\r\n";
    static const char want[] = "# crlf\r\n"
                               "locale: ko\r\n"
                               "messages:\r\n"
                               "  \"1/1\":\r\n"
                               "    text: a\r\n"
                               "    source: S\r\n"
                               "  \"1/2\": new\r\n"
                               "  \"1/3\":\r\n"
                               "    text: |\r\n"
                               "      e\r\n"
                               "      f\r\n"
                               "      g\r\n"
                               "    source: src\r\n"
                               "    note: n\r\n"
                               "  \"1/4\": \"x\\ny\"\r\n";
    ec_yaml_edit e[] = {
        {.code = 1, .sub = 1, .source = "S", .source_len = 1},
        text_edit(1, 2, "new"),
        {.code = 1, .sub = 3, .text = "e\nf\ng\n", .text_len = 6, .source = "src", .source_len = 3},
        text_edit(1, 4, "x\ny"),
    };
    ec_catalog *c = edit_expect(in, strlen(in), e, 4, want, strlen(want), 4);
    assert_string_equal(entry(c, 1, 3)->text, "e\nf\ng\n");
    assert_string_equal(entry(c, 1, 4)->text, "x\ny");
    ec_catalog_free(c);
}

/* No final line break: none after the edit either. */
static void test_no_final_newline(void **state)
{
    (void)state;
    static const char in[] = "locale: ko\nmessages:\n  \"1/1\": |\n    abc";
    static const char want[] = "locale: ko\nmessages:\n  \"1/1\": |-\n    abc\n  \"1/2\": b";
    ec_yaml_edit e = text_edit(1, 2, "b");
    ec_catalog *c = edit_expect(in, strlen(in), &e, 1, want, strlen(want), 1);
    assert_string_equal(entry(c, 1, 1)->text, "abc");
    ec_catalog_free(c);
    static const char in2[] = "locale: ko\nmessages:\n  \"1/1\": a";
    static const char want2[] = "locale: ko\nmessages:\n  \"1/1\": b";
    e = text_edit(1, 1, "b");
    ec_catalog_free(edit_expect(in2, strlen(in2), &e, 1, want2, strlen(want2), 1));
}

static void test_empty_messages(void **state)
{
    (void)state;
    ec_yaml_edit e[] = {
        text_edit(1, 1, "a"),
        {.code = 1, .sub = 2, .text = "b", .text_len = 1, .source = "B", .source_len = 1},
    };
    static const char want[] = "locale: ko\n"
                               "messages:\n"
                               "  \"1/1\": a\n"
                               "  \"1/2\":\n"
                               "    text: b\n"
                               "    source: B\n";
    static const char in1[] = "locale: ko\nmessages: {}\n";
    ec_catalog_free(edit_expect(in1, strlen(in1), e, 2, want, strlen(want), 2));
    static const char in2[] = "locale: ko\nmessages:\n";
    ec_catalog_free(edit_expect(in2, strlen(in2), e, 2, want, strlen(want), 2));
    static const char in3[] = "locale: ko\n";
    ec_catalog_free(edit_expect(in3, strlen(in3), e, 2, want, strlen(want), 2));
    /* nothing to add: unchanged */
    ec_yaml_edit none = {.code = 1, .sub = 1, .note = "no text"};
    ec_catalog_free(edit_expect(in1, strlen(in1), &none, 1, in1, strlen(in1), 0));
}

/* ---- refusals ---- */

static void test_refusals(void **state)
{
    (void)state;
    ec_yaml_edit e = text_edit(1, 1, "x");
    static const char flow[] = "locale: ko\nmessages: {\"1/1\": a, \"1/2\": b}\n";
    refused(flow, strlen(flow), &e, 1, "line 2: cannot edit the messages mapping in place");
    static const char flow_entry[] = "locale: ko\nmessages:\n  \"1/1\": {text: a}\n";
    refused(flow_entry, strlen(flow_entry), &e, 1, "line 3: cannot edit entry 1/1 in place");
    static const char anchor[] = "locale: ko\nmessages:\n  \"1/1\": &a x\n  \"1/2\": *a\n";
    refused(anchor, strlen(anchor), &e, 1,
            "line 3: cannot edit the file in place: it has an "
            "anchor (&a)");
    static const char two_docs[] = "locale: ko\nmessages:\n  \"1/1\": a\n---\nlocale: ja\n";
    refused(two_docs, strlen(two_docs), &e, 1, "second YAML document");
    static const char twice[] = "locale: ko\nmessages:\n  \"1/1\":\n    text: a\n    text: b\n";
    refused(twice, strlen(twice), &e, 1, "its field 'text' appears twice");
    static const char list[] = "- locale\n- ko\n";
    refused(list, strlen(list), &e, 1, "not a block mapping");
    static const char syntax[] = "locale: ko\nmessages:\n  \"1/1\": \"unclosed\n";
    refused(syntax, strlen(syntax), &e, 1, "cannot edit the file in place");
    refused("", 0, &e, 1, "empty");
    static const char nul[] = "locale: ko\0\nmessages:\n";
    refused(nul, sizeof nul - 1, &e, 1, "cannot edit the file in place");
    static const char utf16[] = "\xff\xfel\0o\0";
    refused(utf16, sizeof utf16 - 1, &e, 1, "UTF-16");
    static const char bad_utf8[] = "locale: ko\nmessages:\n  \"1/1\": \xc3\x28\n";
    refused(bad_utf8, sizeof bad_utf8 - 1, &e, 1, "cannot edit the file in place");
    ec_yaml_edit bad_text = text_edit(1, 1, "\xff\xfe");
    refused(base, strlen(base), &bad_text, 1, "cannot edit entry 1/1: cannot write");
    ec_yaml_edit dup[] = {text_edit(1, 1, "a"), text_edit(1, 1, "b")};
    refused(base, strlen(base), dup, 2, "two edits of key 1/1");
    /* bytes of every kind: refused or edited, never a crash */
    unsigned seed = 12345;
    char junk[200];
    for (int round = 0; round < 2000; round++) {
        size_t len = (size_t)(round % 199) + 1;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            static const char alphabet[] = "ab: \n-[]{}\"'|>#&*!%@`,?~\t\r1/\\";
            char c = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
            junk[i] = (seed >> 8) % 17 == 0 ? (char)(seed >> 3) : c;
        }
        size_t out_len, changed;
        char *err = NULL;
        char *out = ec_yaml_edit_locale(junk, len, &e, 1, &out_len, &changed, &err);
        assert_true((out == NULL) != (err == NULL));
        free(out);
        free(err);
    }
}

/* ---- many edits at once, read back by the loader ---- */

static void test_random_edits_read_back(void **state)
{
    (void)state;
    static const char *const texts[] = {"plain",    "yes",         "no",         "123",
                                        "1.5",      "null",        "~",          "",
                                        "it's",     "\"q\"",       "a: b",       "# not",
                                        "- item",   "multi\nline", "ends\n",     "two\n\n",
                                        " lead",    "trail ",      "tab\there",  "é ü 中",
                                        "[x]",      "{y}",         "%p",         "@at",
                                        "`b`",      "back\\slash", "2001-12-14", "1:30",
                                        "0o17",     "*star",       "&amp",       "!bang",
                                        "|bar",     ">gt",         "?q",         "line\n  indented",
                                        "\nleading"};
    const size_t nt = sizeof texts / sizeof *texts;
    static const int32_t keys[][2] = {{-1, 0}, {0, 0},    {1, 0},  {1, 1},  {1, 2},
                                      {1, 3},  {18, 308}, {19, 0}, {20, 1}, {99, 9}};
    unsigned seed = 42;
    for (int round = 0; round < 300; round++) {
        ec_yaml_edit e[10];
        size_t n = 0;
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16;
            if (r % 3 == 0)
                continue;
            ec_yaml_edit *x = &e[n++];
            memset(x, 0, sizeof *x);
            x->code = keys[k][0];
            x->sub = keys[k][1];
            if (r & 8) {
                x->text = texts[(r >> 4) % nt];
                x->text_len = strlen(x->text);
            }
            if (r & 16) {
                x->source = texts[(r >> 5) % nt];
                x->source_len = strlen(x->source);
            }
            if ((r & 32) && strlen(texts[(r >> 6) % nt]))
                x->note = texts[(r >> 6) % nt];
        }
        size_t out_len, changed;
        char *err = NULL;
        char *out = ec_yaml_edit_locale(base, strlen(base), e, n, &out_len, &changed, &err);
        if (!out)
            fail_msg("round %d refused: %s", round, err);
        /* texts the loader refuses as schema errors are never written */
        ec_catalog *c = load(out, out_len);
        for (size_t i = 0; i < n; i++) {
            const ec_entry *x = ec_locale_find(ec_catalog_source(c), e[i].code, e[i].sub);
            if (!x) {
                assert_null(e[i].text);
                continue;
            }
            if (e[i].text) {
                assert_int_equal(x->text_len, e[i].text_len);
                assert_memory_equal(x->text, e[i].text, e[i].text_len);
            }
            if (e[i].source) {
                assert_non_null(EC_X(x)->source);
                assert_int_equal(EC_X(x)->source_len, e[i].source_len);
                assert_memory_equal(EC_X(x)->source, e[i].source, e[i].source_len);
            }
            if (e[i].note)
                assert_string_equal(ec_note(x), e[i].note);
        }
        /* the untouched parts stay: header, locale line, last comment */
        assert_true(
            !strncmp(out, "# Korean messages, written by hand\nlocale: ko\n\nmessages:\n", 54));
        assert_non_null(strstr(out, "    name: STREAM_NAME_INVALID\n"));
        assert_true(out_len >= 10 && !memcmp(out + out_len - 10, "# the end\n", 10));
        ec_catalog_free(c);
        free(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_text_only_its_bytes),
        cmocka_unit_test(test_single_quoted_keeps_quotes),
        cmocka_unit_test(test_double_quoted_keeps_quotes),
        cmocka_unit_test(test_special_words_quoted),
        cmocka_unit_test(test_multiline_into_flow_scalar),
        cmocka_unit_test(test_literal_stays_literal),
        cmocka_unit_test(test_literal_header_comment_and_indent),
        cmocka_unit_test(test_add_source_to_long_form),
        cmocka_unit_test(test_short_to_long_form),
        cmocka_unit_test(test_new_keys_in_order),
        cmocka_unit_test(test_new_key_quoting),
        cmocka_unit_test(test_equal_edit_changes_nothing),
        cmocka_unit_test(test_plain_number_is_not_equal),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_no_final_newline),
        cmocka_unit_test(test_empty_messages),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_random_edits_read_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
