/* Tests of the Mustache engine (mustache.c) and the value tree (value.c):
 * the official spec suite, read with libyaml, plus engine unit tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <yaml.h>

#include "base/buf.h"
#include "output/mustache.h"

#define SPEC_DIR ERRCAT_SOURCE_DIR "/tests/mustache-spec"

/* ---- YAML to ec_value ---- */

static bool scalar_eq(const yaml_node_t *n, const char *s)
{
    return n && n->type == YAML_SCALAR_NODE && n->data.scalar.length == strlen(s) &&
           memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

static yaml_node_t *map_get(yaml_document_t *d, const yaml_node_t *m, const char *key)
{
    if (!m || m->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++)
        if (scalar_eq(yaml_document_get_node(d, p->key), key))
            return yaml_document_get_node(d, p->value);
    return NULL;
}

static char *scalar_dup(const yaml_node_t *n)
{
    return ec_xstrndup((const char *)n->data.scalar.value, n->data.scalar.length);
}

/* A plain scalar that reads as a YAML number in full. */
static bool plain_number(const char *s, double *d)
{
    if (!*s || !strchr("+-.0123456789", *s))
        return false;
    char *end;
    *d = strtod(s, &end);
    return *end == '\0';
}

/* Plain scalars follow the YAML core schema; quoted ones are strings. */
static ec_value *scalar_value(const yaml_node_t *n)
{
    const char *s = (const char *)n->data.scalar.value;
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return ec_v_strn(s, n->data.scalar.length);
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++)
        if (strcmp(s, nulls[i]) == 0)
            return ec_v_null();
    if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
        return ec_v_bool(true);
    if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
        return ec_v_bool(false);
    double d;
    if (plain_number(s, &d))
        return ec_v_num(d);
    return ec_v_strn(s, n->data.scalar.length);
}

/* Lambdas (tagged !code) cannot be expressed as values; they are skipped. */
static bool is_lambda(const yaml_node_t *n)
{
    return n && n->tag && strcmp((const char *)n->tag, "!code") == 0;
}

static ec_value *to_value(yaml_document_t *d, const yaml_node_t *n)
{
    if (!n)
        return ec_v_null();
    if (n->type == YAML_SCALAR_NODE)
        return scalar_value(n);
    if (n->type == YAML_SEQUENCE_NODE) {
        ec_value *l = ec_v_list();
        const yaml_node_item_t *i = n->data.sequence.items.start;
        for (; i < n->data.sequence.items.top; i++) {
            yaml_node_t *item = yaml_document_get_node(d, *i);
            if (!is_lambda(item))
                ec_v_push(l, to_value(d, item));
        }
        return l;
    }
    ec_value *m = ec_v_map();
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(d, p->key);
        yaml_node_t *v = yaml_document_get_node(d, p->value);
        if (k->type != YAML_SCALAR_NODE || is_lambda(v))
            continue;
        char *key = scalar_dup(k);
        ec_v_set(m, key, to_value(d, v));
        free(key);
    }
    return m;
}

/* ---- spec runner ---- */

typedef struct {
    yaml_document_t *doc;
    yaml_node_t *partials;
} spec_partials;

static char *spec_partial(const char *name, void *ctx)
{
    spec_partials *sp = ctx;
    yaml_node_t *n = map_get(sp->doc, sp->partials, name);
    return n && n->type == YAML_SCALAR_NODE ? scalar_dup(n) : NULL;
}

static void describe(ec_buf *b, const char *label, const char *s, size_t n)
{
    char *copy = ec_xstrndup(s, n);
    ec_buf_printf(b, "    %s \"", label);
    ec_buf_json(b, copy);
    ec_buf_puts(b, "\"\n");
    free(copy);
}

/* Runs one spec test; on failure appends a report to `log`. */
static bool run_spec_test(yaml_document_t *d, const yaml_node_t *test, const char *file,
                          ec_buf *log)
{
    yaml_node_t *name = map_get(d, test, "name"), *tmpl = map_get(d, test, "template");
    yaml_node_t *want = map_get(d, test, "expected");
    assert_true(name && tmpl && want && tmpl->type == YAML_SCALAR_NODE &&
                want->type == YAML_SCALAR_NODE);
    ec_value *data = to_value(d, map_get(d, test, "data"));
    spec_partials sp = {d, map_get(d, test, "partials")};
    char *src = scalar_dup(tmpl), *err = NULL;
    size_t len = 0;
    char *out = ec_mustache_render(src, data, spec_partial, &sp, &len, &err);
    bool ok =
        out && len == want->data.scalar.length && memcmp(out, want->data.scalar.value, len) == 0;
    if (!ok) {
        ec_buf_printf(log, "  %s: test \"%.*s\" failed\n", file, (int)name->data.scalar.length,
                      (const char *)name->data.scalar.value);
        describe(log, "template:", src, strlen(src));
        describe(log, "expected:", (const char *)want->data.scalar.value, want->data.scalar.length);
        if (out)
            describe(log, "got:     ", out, len);
        else
            ec_buf_printf(log, "    error:    %s\n", err);
    }
    free(out);
    free(err);
    free(src);
    ec_v_free(data);
    return ok;
}

/* One cmocka test per spec file; every failing named test is reported. */
static void test_spec_file(void **state)
{
    const char *file = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", SPEC_DIR, file);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    yaml_parser_t parser;
    yaml_document_t doc;
    assert_true(yaml_parser_initialize(&parser));
    yaml_parser_set_input_file(&parser, f);
    assert_true(yaml_parser_load(&parser, &doc));
    yaml_node_t *tests = map_get(&doc, yaml_document_get_root_node(&doc), "tests");
    assert_true(tests && tests->type == YAML_SEQUENCE_NODE);
    int passed = 0, total = 0;
    ec_buf log = {0};
    for (yaml_node_item_t *i = tests->data.sequence.items.start; i < tests->data.sequence.items.top;
         i++, total++)
        passed += run_spec_test(&doc, yaml_document_get_node(&doc, *i), file, &log);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    fclose(f);
    print_message("%s: %d of %d spec tests passed\n", file, passed, total);
    if (log.len)
        print_error("%s", log.data);
    ec_buf_free(&log);
    if (passed != total)
        fail_msg("%s: %d of %d spec tests failed", file, total - passed, total);
}

/* ---- engine unit tests ---- */

/* Partials for unit tests: a NULL-terminated list of name, template pairs. */
static char *table_partial(const char *name, void *ctx)
{
    for (const char *const *p = ctx; p[0]; p += 2)
        if (strcmp(p[0], name) == 0)
            return ec_xstrdup(p[1]);
    return NULL;
}

/* Renders and checks the output; NULL `partials` for none. */
static void expect_render(const char *tmpl, const ec_value *data, const char *const *partials,
                          const char *want)
{
    char *err = NULL;
    size_t len = 99;
    char *out = ec_mustache_render(tmpl, data, partials ? table_partial : NULL, (void *)partials,
                                   &len, &err);
    if (!out)
        fail_msg("rendering \"%s\" failed: %s", tmpl, err);
    assert_null(err);
    assert_string_equal(out, want);
    assert_int_equal(len, strlen(want));
    free(out);
}

static void expect_error(const char *tmpl, const char *const *partials, const char *want)
{
    char *err = NULL;
    size_t len = 99;
    char *out = ec_mustache_render(tmpl, NULL, partials ? table_partial : NULL, (void *)partials,
                                   &len, &err);
    assert_null(out);
    assert_int_equal(len, 0);
    if (!err || strncmp(err, want, strlen(want)) != 0)
        fail_msg("template \"%s\": error \"%s\", want one starting \"%s\"", tmpl,
                 err ? err : "(none)", want);
    free(err);
}

static void test_value_tree(void **state)
{
    (void)state;
    ec_value *m = ec_v_map();
    ec_v_set_str(m, "a", "one");
    ec_v_set(m, "b", ec_v_num(2));
    ec_v_set_str(m, "a", "uno"); /* replaces, keeps the order */
    assert_int_equal(m->n, 2);
    assert_string_equal(m->keys[0], "a");
    assert_string_equal(ec_v_get(m, "a")->str, "uno");
    assert_true(ec_v_get(m, "b")->num == 2);
    assert_null(ec_v_get(m, "c"));
    assert_null(ec_v_get(NULL, "a"));
    ec_value *l = ec_v_list();
    for (int i = 0; i < 100; i++)
        ec_v_push(l, ec_v_bool(i % 2));
    assert_int_equal(l->n, 100);
    ec_v_set(m, "l", l);
    ec_value *s = ec_v_strn("x\0y", 3);
    assert_int_equal(s->len, 3);
    assert_memory_equal(s->str, "x\0y", 4);
    ec_v_set(m, "s", s);
    /* Wrong container: the value is freed, not leaked. */
    assert_ptr_equal(ec_v_push(m, ec_v_str("z")), m);
    assert_null(ec_v_set(NULL, "k", ec_v_str("z")));
    ec_v_free(m);
    ec_v_free(NULL);
}

static void test_numbers_and_escaping(void **state)
{
    (void)state;
    ec_value *m = ec_v_map();
    ec_v_set(m, "i", ec_v_num(85));
    ec_v_set(m, "d", ec_v_num(1.21));
    ec_v_set(m, "n", ec_v_num(-3));
    ec_v_set(m, "t", ec_v_num(0.1));
    ec_v_set(m, "z", ec_v_num(-0.0));
    ec_v_set(m, "big", ec_v_num(1234567890123.0));
    ec_v_set(m, "yes", ec_v_bool(true));
    ec_v_set_str(m, "html", "<a href='x'>&\"</a>");
    expect_render("{{i}} {{d}} {{n}} {{t}} {{z}} {{big}} {{yes}}", m, NULL,
                  "85 1.21 -3 0.1 0 1234567890123 true");
    expect_render("{{html}}|{{{html}}}", m, NULL,
                  "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;|<a href='x'>&\"</a>");
    ec_v_free(m);
}

static void test_malformed(void **state)
{
    (void)state;
    expect_error("abc {{name", NULL, "line 1: unclosed tag");
    expect_error("a\nb\n{{#s}}\nx", NULL, "line 3: unclosed section \"s\"");
    expect_error("{{#a.b}}\n{{^c}}{{/c}}", NULL, "line 1: unclosed section \"a.b\"");
    expect_error("{{#a}}\n{{/b}}", NULL,
                 "line 2: end tag \"b\" does not match \"a\" opened on line 1");
    expect_error("x\n\n{{/a}}", NULL, "line 3: end tag \"a\" without an opening tag");
    expect_error("{{! a\ncomment }}\n{{=<% %>", NULL, "line 3: unclosed tag");
    expect_error("{{= a =}}", NULL, "line 1: invalid set-delimiter tag");
    expect_error("\n{{=a b c=}}", NULL, "line 2: invalid set-delimiter tag");
    expect_error("\n{{}}", NULL, "line 2: empty tag");
    expect_error("{{a b}}", NULL, "line 1: invalid tag name \"a b\"");
    expect_error("{{{x}}", NULL, "line 1: unclosed tag");
    expect_error("{{<p}}{{$b}}x{{/b}}", NULL, "line 1: unclosed parent \"p\"");
    expect_error("{{=<% %>=}}\n<%#a%>\n<%/b%>", NULL, "line 3: end tag \"b\" does not match");
    static const char *const bad[] = {"p", "ok\n{{#x}}", NULL};
    expect_error("{{>p}}", bad, "line 2: unclosed section \"x\" (in partial \"p\")");
    /* No error string wanted: still no crash and no leak. */
    assert_null(ec_mustache_render("{{#a}}", NULL, NULL, NULL, NULL, NULL));
}

static void test_nesting_limits(void **state)
{
    (void)state;
    static const char *const self[] = {"self", "x{{>self}}", "up", "{{<up}}{{/up}}", NULL};
    expect_error("{{>self}}", self, "line 1: partials nested deeper than 100");
    expect_error("{{<up}}{{/up}}", self, "line 1: partials nested deeper than 100");
    ec_buf b = {0};
    for (int i = 0; i < 150; i++)
        ec_buf_puts(&b, "{{#a}}");
    expect_error(b.data, NULL, "line 1: sections nested deeper than 100");
    ec_buf_free(&b);
    /* An argument cannot expand into itself. */
    static const char *const p[] = {"p", "{{$a}}{{/a}}", NULL};
    expect_render("{{<p}}{{$a}}x{{$a}}y{{/a}}{{/a}}{{/p}}", NULL, p, "xy");
}

static void test_large_section(void **state)
{
    (void)state;
    enum { ROWS = 100000 };
    ec_value *rows = ec_v_list();
    for (int i = 0; i < ROWS; i++) {
        char name[32];
        snprintf(name, sizeof name, "row <%d>", i);
        ec_value *r = ec_v_map();
        ec_v_set_str(r, "name", name);
        ec_v_set(r, "n", ec_v_num(i));
        ec_v_push(rows, r);
    }
    ec_value *m = ec_v_set(ec_v_map(), "rows", rows);
    static const char *const parts[] = {"cell", "<td>{{.}}</td>", NULL};
    char *err = NULL;
    size_t len = 0;
    char *out = ec_mustache_render("<table>\n{{#rows}}\n  <tr>{{#name}}{{>cell}}{{/name}}"
                                   "<td>{{n}}</td></tr>\n{{/rows}}\n</table>\n",
                                   m, table_partial, (void *)parts, &len, &err);
    assert_non_null(out);
    assert_int_equal(len, strlen(out));
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += out[i] == '\n';
    assert_int_equal(lines, ROWS + 2);
    assert_non_null(strstr(out, "<table>\n  <tr><td>row &lt;0&gt;</td><td>0</td></tr>\n"));
    assert_non_null(strstr(out, "<tr><td>row &lt;99999&gt;</td><td>99999</td></tr>\n</table>\n"));
    free(out);
    ec_v_free(m);
}

/* Row i of a list made on demand: {name: "row <i>", n: i, cells: [i, i+1]}
 * (the cells themselves a list made on demand). */
static ec_value *made_cell(const void *ctx, size_t i)
{
    return ec_v_num((double)(*(const size_t *)ctx + i));
}

static ec_value *made_row(const void *ctx, size_t i)
{
    (void)ctx;
    char name[32];
    snprintf(name, sizeof name, "row <%zu>", i);
    ec_value *r = ec_v_map();
    ec_v_put_str(r, "name", name);
    ec_v_put(r, "n", ec_v_num((double)i));
    size_t *at = ec_arena_alloc(ec_v_arena(), sizeof *at);
    *at = i;
    ec_v_put(r, "cells", ec_v_gen_list(2, made_cell, at, 2));
    return r;
}

/* A list made on demand renders exactly as the same list made whole, in
 * memory and streamed to a sink; a template that makes its items over and
 * over runs out of steps. */
static bool to_buf(const char *data, size_t len, void *ctx)
{
    ec_buf_put(ctx, data, len);
    return true;
}

static bool refuse(const char *data, size_t len, void *ctx)
{
    (void)data, (void)len, (void)ctx;
    return false;
}

static void test_made_on_demand(void **state)
{
    (void)state;
    enum { ROWS = 30000 };
    ec_arena a = {0};
    ec_v_use_arena(&a);
    ec_value *made = ec_v_map(), *whole = ec_v_map(), *list = ec_v_list();
    ec_v_put(made, "rows", ec_v_gen_list(ROWS, made_row, NULL, ROWS * 6));
    for (size_t i = 0; i < ROWS; i++)
        ec_v_push(list, made_row(NULL, i));
    ec_v_put(whole, "rows", list);
    ec_v_use_arena(NULL);
    const char *tmpl = "{{#rows}}<tr>{{name}}|{{n}}{{#cells}} {{.}}{{/cells}}</tr>\n{{/rows}}";
    char *err = NULL;
    size_t n1 = 0, n2 = 0;
    char *a1 = ec_mustache_render_strict(tmpl, made, NULL, NULL, &n1, &err);
    assert_null(err);
    char *a2 = ec_mustache_render_strict(tmpl, whole, NULL, NULL, &n2, &err);
    assert_null(err);
    assert_int_equal(n1, n2);
    assert_memory_equal(a1, a2, n1);
    assert_non_null(strstr(a1, "<tr>row &lt;29999&gt;|29999 29999 30000</tr>\n"));
    ec_buf streamed = {0};
    assert_true(ec_mustache_render_strict_to(tmpl, made, NULL, NULL, to_buf, &streamed, &err));
    assert_null(err);
    assert_int_equal(streamed.len, n1);
    assert_memory_equal(streamed.data, a1, n1);
    /* a sink that refuses stops the rendering without blaming the template */
    assert_false(ec_mustache_render_strict_to(tmpl, made, NULL, NULL, refuse, NULL, &err));
    assert_null(err);
    /* rows made for every row, three deep: 2.7e13 rows, refused in time */
    char *bomb = ec_mustache_render_strict("{{#rows}}{{#rows}}{{#rows}}{{n}}{{/rows}}{{/rows}}"
                                           "{{/rows}}",
                                           made, NULL, NULL, NULL, &err);
    assert_null(bomb);
    assert_non_null(err);
    assert_non_null(strstr(err, "steps to render"));
    free(err);
    ec_buf_free(&streamed);
    free(a1);
    free(a2);
    ec_arena_free(&a);
}

/* In an arena: booleans are shared, kept strings point at their source,
 * a sized map takes its keys without growing; on the heap each is a value
 * of its own that ec_v_free frees. All render as their plain kin do. */
static void test_arena_values(void **state)
{
    (void)state;
    static const char text[] = "kept <text>";
    ec_arena a = {0};
    ec_v_use_arena(&a);
    assert_ptr_equal(ec_v_bool(true), ec_v_bool(true));
    assert_ptr_not_equal(ec_v_bool(true), ec_v_bool(false));
    ec_value *kept = ec_v_strn_kept(text, 4);
    assert_ptr_equal(kept->str, text);
    assert_int_equal(kept->len, 4);
    ec_value *m = ec_v_map_sized(3);
    ec_value **items = m->items;
    ec_v_put_static(m, "t", ec_v_bool(true));
    ec_v_put_static(m, "f", ec_v_bool(false));
    ec_v_put_static(m, "s", ec_v_strn_kept(text, strlen(text)));
    assert_ptr_equal(m->items, items); /* no growing */
    ec_v_put(m, "more", ec_v_num(1));
    assert_int_equal(m->n, 4);
    ec_v_use_arena(NULL);
    char *err = NULL;
    char *out = ec_mustache_render_strict("{{#t}}T{{/t}}{{^f}}F{{/f}}{{s}}|{{{s}}}|{{more}}", m,
                                          NULL, NULL, NULL, &err);
    assert_null(err);
    assert_string_equal(out, "TFkept &lt;text&gt;|kept <text>|1");
    free(out);
    ec_arena_free(&a);
    ec_value *h = ec_v_map_sized(2), *b = ec_v_bool(true), *hs = ec_v_strn_kept(text, 4);
    assert_false(b->in_arena);
    assert_ptr_not_equal(hs->str, text);
    assert_string_equal(hs->str, "kept");
    ec_v_put(h, "b", b);
    ec_v_put(h, "s", hs);
    ec_v_free(h);
}

/* A hinted lookup finds what ec_v_get finds, whatever the hint says, and
 * leaves the index of the key it found. */
static void test_get_hinted(void **state)
{
    (void)state;
    ec_value *a = ec_v_map(), *b = ec_v_map();
    ec_v_put(a, "x", ec_v_num(1));
    ec_v_put(a, "y", ec_v_num(2));
    ec_v_put(b, "y", ec_v_num(3)); /* another order */
    ec_v_put(b, "x", ec_v_num(4));
    size_t hint = 0;
    assert_ptr_equal(ec_v_get_hinted(a, "y", &hint), ec_v_get(a, "y"));
    assert_int_equal(hint, 1);
    assert_ptr_equal(ec_v_get_hinted(b, "y", &hint), ec_v_get(b, "y"));
    assert_int_equal(hint, 0);
    hint = 99;
    assert_ptr_equal(ec_v_get_hinted(a, "x", &hint), ec_v_get(a, "x"));
    assert_int_equal(hint, 0);
    assert_null(ec_v_get_hinted(a, "z", &hint));
    assert_int_equal(hint, 0);
    assert_null(ec_v_get_hinted(NULL, "x", &hint));
    ec_v_free(a);
    ec_v_free(b);
}

static void test_unicode_passthrough(void **state)
{
    (void)state;
    /* Latin with diacritics, CJK, Greek, Hebrew (right to left), an emoji and
     * a ZWJ sequence. */
    const char *text = "Grüße, 世界! Ελληνικά — עברית 🎉 "
                       "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB";
    ec_value *m = ec_v_set_str(ec_v_map(), "t", text);
    ec_v_set_str(m, "名前", "値");
    ec_buf want = {0};
    ec_buf_printf(&want, "« %s » %s | %s", text, "値", text);
    char tmpl[256];
    snprintf(tmpl, sizeof tmpl, "« {{t}} » {{名前}} | %s", text);
    expect_render(tmpl, m, NULL, want.data);
    ec_buf_free(&want);
    /* A string holding a NUL is written in full; out_len tells its length. */
    ec_v_set(m, "nul", ec_v_strn("a\0b", 3));
    size_t len = 0;
    char *out = ec_mustache_render("[{{nul}}]", m, NULL, NULL, &len, NULL);
    assert_int_equal(len, 5);
    assert_memory_equal(out, "[a\0b]", 5);
    free(out);
    ec_v_free(m);
}

static void test_partial_indentation(void **state)
{
    (void)state;
    static const char *const p[] = {"row", "a\n\nb\n", "in", "  {{>row}}\n", NULL};
    /* Nested standalone partials add up; empty lines stay empty. */
    expect_render("x\n  {{>in}}\ny\n", NULL, p, "x\n    a\n\n    b\ny\n");
    /* An inline partial is not indented. */
    expect_render("  -{{>row}}", NULL, p, "  -a\n\nb\n");
    /* No callback: partials are empty. */
    expect_render("[{{>row}}]", NULL, NULL, "[]");
}

/* Strict mode: the error for `tmpl` rendered with `data`, or NULL when it
 * renders (then its output must be `want`). */
static void expect_strict(const char *tmpl, const ec_value *data, const char *want_err,
                          const char *want)
{
    static const char *const p[] = {"part", "<{{titel}}>", NULL};
    char *err = NULL;
    char *out = ec_mustache_render_strict(tmpl, data, table_partial, (void *)p, NULL, &err);
    if (want_err) {
        if (out || !err || strcmp(err, want_err) != 0)
            fail_msg("template \"%s\": error \"%s\", want \"%s\"", tmpl, err ? err : "(none)",
                     want_err);
    } else {
        if (!out)
            fail_msg("template \"%s\" failed: %s", tmpl, err);
        assert_string_equal(out, want);
    }
    free(out);
    free(err);
}

static void test_strict(void **state)
{
    (void)state;
    ec_value *m = ec_v_map();
    ec_v_set_str(m, "title", "T");
    ec_value *head = ec_v_map();
    ec_v_set_str(head, "code", "C");
    ec_v_set(m, "md_head", head);
    ec_value *rows = ec_v_list();
    ec_value *row = ec_v_map();
    ec_v_set_str(row, "text", "x");
    ec_v_push(rows, row);
    ec_v_set(m, "rows", rows);
    ec_v_set(m, "nothing", ec_v_null());
    /* a misspelt variable, raw or escaped, names the closest name */
    expect_strict("a\n{{titel}}", m,
                  "line 2: no variable \"titel\" in the view (did you mean "
                  "\"title\"?)",
                  NULL);
    expect_strict("{{{titl}}}", m,
                  "line 1: no variable \"titl\" in the view (did you mean "
                  "\"title\"?)",
                  NULL);
    expect_strict("{{&zzzzzz}}", m, "line 1: no variable \"zzzzzz\" in the view", NULL);
    /* inside a section, the section's names and the outer ones are known */
    expect_strict("{{#rows}}{{txet}}{{/rows}}", m,
                  "line 1: no variable \"txet\" in the view (did you mean \"text\"?)", NULL);
    expect_strict("{{#rows}}{{text}}{{title}}{{/rows}}", m, NULL, "xT");
    /* dotted names: the part not found, among the keys of what was reached */
    expect_strict("{{md_head.cod}}", m,
                  "line 1: no variable \"md_head.cod\" in the view (did you mean \"code\"?)", NULL);
    expect_strict("{{md_head.code}}", m, NULL, "C");
    /* in a partial: the partial is named */
    expect_strict("{{>part}}", m,
                  "line 1: no variable \"titel\" in the view (did you mean \"title\"?) (in "
                  "partial \"part\")",
                  NULL);
    /* unaffected: comments, sections and inverted sections over missing names
     * (falsey), missing partials, a null value (present: renders empty) */
    expect_strict("{{! titel }}{{#titel}}no{{/titel}}{{^titel}}yes{{/titel}}{{>none}}[{{nothing}}]",
                  m, NULL, "yes[]");
    /* the same templates render in the spec's way when not strict */
    expect_render("[{{titel}}]", m, NULL, "[]");
    ec_v_free(m);
}

int main(void)
{
/* One named cmocka test per spec file. */
#define SPEC_TEST(file)                                                                            \
    {                                                                                              \
        "spec " file, test_spec_file, NULL, NULL, (void *)file                                     \
    }
    const struct CMUnitTest tests[] = {
        SPEC_TEST("comments.yml"),
        SPEC_TEST("delimiters.yml"),
        SPEC_TEST("interpolation.yml"),
        SPEC_TEST("inverted.yml"),
        SPEC_TEST("partials.yml"),
        SPEC_TEST("sections.yml"),
        SPEC_TEST("~inheritance.yml"),
        cmocka_unit_test(test_value_tree),
        cmocka_unit_test(test_numbers_and_escaping),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_nesting_limits),
        cmocka_unit_test(test_large_section),
        cmocka_unit_test(test_made_on_demand),
        cmocka_unit_test(test_arena_values),
        cmocka_unit_test(test_get_hinted),
        cmocka_unit_test(test_unicode_passthrough),
        cmocka_unit_test(test_partial_indentation),
        cmocka_unit_test(test_strict),
    };
    return cmocka_run_group_tests_name("mustache", tests, NULL, NULL);
}
