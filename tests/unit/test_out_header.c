/* The C header of `errcat build` (README "Outputs: `errcat build`",
 * include/<name>.h): pure ASCII; compiles without a warning under gcc and
 * clang (-std=c99, -std=c11) and g++ -std=c++11, all with -Wall -Wextra
 * -pedantic -Werror, in a program of two translation units that both include
 * it; and, compiled, returns every message byte-identical to the catalog as
 * the library loads it, with the locale fallback that README states and NULL
 * for unknown keys.
 *
 * Catalogs: i18n/ (the shipped one), tests/data/hostile/ (texts hard on every
 * escaping: trigraphs, comment closers, backslashes, astral characters, texts
 * of exactly 4,095 and 4,096 bytes, INT32_MIN keys) and tests/data/gappy/
 * (built with --force: keys missing in some locales fall back to the source
 * locale; the source is not the first locale). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "outtest.h"

#include "base/key.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *dir;
    int build_status; /* gappy has missing keys: built with --force, exit 1 */
} catalog_case;

static const catalog_case catalogs[] = {
    {OT_I18N, 0},
    {OT_HOSTILE, 0},
    {OT_GAPPY, 1},
    {OT_FALLBACK, 0}, /* missing: warning, so built without --force */
};

/* Each compiler line: program, then its flags. */
static const char *const compilers[][10] = {
    {"gcc", "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror", "-O2", NULL},
    {"gcc", "-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror", "-O2", NULL},
    {"clang", "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror", "-O2", NULL},
    {"clang", "-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror", "-O2", NULL},
    {"g++", "-std=c++11", "-Wall", "-Wextra", "-pedantic", "-Werror", "-O2", "-x", "c++", NULL},
};

/* Locale requests beyond the catalog's own tags; "(null)" stands for NULL. */
static const char *const extra_queries[] = {
    "(null)",
    "ko-KR",
    "ko_KR.UTF-8",
    "KO",
    "zz",
    "en-US",
    "",
    "EN",
    "en_US.UTF-8@euro",
    "zh-Hant-TW",
    "ja_JP.eucJP",
    "de-",
    "-de",
    "de-CH-1901",
    "pt",
    "pt_BR.UTF-8",
    "PT-br",
    "pt-BR-x-private",
    "C",
    "POSIX",
    "x",
    "ar_EG",
    "gappy",
    "de_DE@euro",
};

/* Keys that are in none of the catalogs. */
static const int32_t unknown_keys[][2] = {
    {99999, 1}, {0, -1}, {-6, 0}, {2147483647, 0}, {INT32_MIN, 0}, {12, 1}, {1, 2}, {-1, -1},
};

typedef struct {
    int32_t code, sub;
} key;

/* ---- the reference: what the header must answer ---- */

typedef struct {
    const ec_catalog *c;
    const ec_locale **loc; /* usable locales, in output order */
    size_t nloc;
    size_t source; /* index into loc */
    key *keys;     /* the union of the keys, sorted */
    size_t nkeys;
    char *prefix, *lower;
} model;

static int key_cmp(const void *a, const void *b)
{
    const key *x = a, *y = b;
    return ec_key_cmp(x->code, x->sub, y->code, y->sub);
}

static char *ident(const char *s, bool upper)
{
    char *d = ot_path("%s", s);
    for (char *p = d; *p; p++) {
        if (*p >= 'a' && *p <= 'z' && upper)
            *p = (char)(*p - 'a' + 'A');
        else if (*p >= 'A' && *p <= 'Z' && !upper)
            *p = (char)(*p - 'A' + 'a');
        else if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                   (*p >= '0' && *p <= '9')))
            *p = '_';
    }
    return d;
}

static model model_of(const ec_catalog *c)
{
    model m = {.c = c};
    m.loc = calloc(c->nlocales + 1, sizeof *m.loc);
    size_t total = 0;
    for (size_t i = 0; i < c->nlocales; i++) {
        if (!c->locales[i].usable)
            continue;
        if ((int)i == c->source_idx)
            m.source = m.nloc;
        m.loc[m.nloc++] = &c->locales[i];
        total += c->locales[i].n;
    }
    assert_true(c->source_idx >= 0);
    m.keys = calloc(total + 1, sizeof *m.keys);
    for (size_t i = 0; i < m.nloc; i++)
        for (size_t j = 0; j < m.loc[i]->n; j++)
            m.keys[m.nkeys++] = (key){m.loc[i]->entries[j].code, m.loc[i]->entries[j].sub};
    qsort(m.keys, m.nkeys, sizeof *m.keys, key_cmp);
    size_t u = 0;
    for (size_t i = 0; i < m.nkeys; i++)
        if (!u || key_cmp(&m.keys[u - 1], &m.keys[i]))
            m.keys[u++] = m.keys[i];
    m.nkeys = u;
    assert_int_equal(m.nkeys, c->nkeys);
    m.prefix = ident(c->c_prefix, true);
    m.lower = ident(c->c_prefix, false);
    return m;
}

static void model_free(model *m)
{
    free(m->loc);
    free(m->keys);
    free(m->prefix);
    free(m->lower);
}

/* README "Outputs": "ko-KR", "ko_KR.UTF-8" -> "ko" -> the source locale. The
 * request loses its encoding (.UTF-8) and modifier (@euro), then subtags from
 * the end until it names a catalog locale (case-insensitive, '_' = '-'). */
static size_t serve(const model *m, const char *query)
{
    if (!strcmp(query, "(null)"))
        return m->source;
    char *q = ot_path("%.*s", (int)strcspn(query, ".@"), query);
    for (char *p = q; *p; p++)
        if (*p == '_')
            *p = '-';
    for (;;) {
        for (size_t i = 0; i < m->nloc; i++)
            if (*q && !strcasecmp(q, m->loc[i]->tag)) {
                free(q);
                return i;
            }
        char *dash = strrchr(q, '-');
        if (!dash)
            break;
        *dash = '\0';
    }
    free(q);
    return m->source;
}

/* The message for key k asked in catalog locale `li`: its own text, else
 * the source locale's, else none. */
static const ec_entry *expected(const model *m, key k, size_t li)
{
    const ec_entry *e = ec_locale_find(m->loc[li], k.code, k.sub);
    if (e && e->text_ok)
        return e;
    e = ec_locale_find(m->loc[m->source], k.code, k.sub);
    return e && e->text_ok ? e : NULL;
}

static char *symbol_of(const model *m, key k)
{
    const ec_entry *se = ec_locale_find(m->loc[m->source], k.code, k.sub);
    if (se && EC_X(se)->name)
        return ot_path("%s_%s", m->prefix, EC_X(se)->name);
    return ot_path("%s_%s%lld_%s%lld", m->prefix, k.code < 0 ? "M" : "",
                   k.code < 0 ? -(long long)k.code : (long long)k.code, k.sub < 0 ? "M" : "",
                   k.sub < 0 ? -(long long)k.sub : (long long)k.sub);
}

static char *c_int(int32_t v)
{
    return v == INT32_MIN ? ot_path("%s", "(-2147483647 - 1)") : ot_path("%d", v);
}

/* ---- the program of two translation units ---- */

static bool is_unknown(const model *m, const int32_t k[2])
{
    key x = {k[0], k[1]};
    return !bsearch(&x, m->keys, m->nkeys, sizeof x, key_cmp);
}

static char **queries_of(const model *m, size_t *n)
{
    size_t cap = m->nloc * 3 + sizeof extra_queries / sizeof *extra_queries;
    char **q = calloc(cap + 1, sizeof *q);
    *n = 0;
    for (size_t i = 0; i < m->nloc; i++) {
        q[(*n)++] = ot_path("%s", m->loc[i]->tag);
        char *up = ot_path("%s", m->loc[i]->tag);
        for (char *p = up; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 'a' + 'A');
        q[(*n)++] = up;
        q[(*n)++] = ot_path("%s_XX.UTF-8", m->loc[i]->tag);
    }
    for (size_t i = 0; i < sizeof extra_queries / sizeof *extra_queries; i++)
        q[(*n)++] = ot_path("%s", extra_queries[i]);
    return q;
}

static void write_tu2(const model *m, const char *dir)
{
    /* Includes the header but calls no function of it: a second TU must not
     * get unused-function warnings or duplicate definitions. */
    char *path = ot_path("%s/tu2.c", dir);
    char *src = ot_path("#include \"%s.h\"\n"
                        "int tu2_key_count(void);\n"
                        "const char *tu2_source(void);\n"
                        "int tu2_key_count(void) { return %s_KEY_COUNT; }\n"
                        "const char *tu2_source(void) { return %s_SOURCE_LOCALE; }\n",
                        m->c->name, m->prefix, m->prefix);
    ot_write(path, src, strlen(src));
    free(src);
    free(path);
}

static void write_tu1(const model *m, const char *dir, char **queries, size_t nq)
{
    ec_buf b = {0};
    ec_buf_printf(&b,
                  "#include \"%s.h\"\n#include <stdio.h>\n\n"
                  "int tu2_key_count(void);\nconst char *tu2_source(void);\n\n",
                  m->c->name);
    ec_buf_puts(&b, "static const int keys[][2] = {\n");
    for (size_t i = 0; i < m->nkeys; i++) {
        char *sym = symbol_of(m, m->keys[i]);
        ec_buf_printf(&b, "    { %s },\n", sym);
        free(sym);
    }
    ec_buf_puts(&b, "    { 0, 0 }\n};\n\nstatic const int unknown[][2] = {\n");
    size_t nu = 0;
    for (size_t i = 0; i < sizeof unknown_keys / sizeof *unknown_keys; i++) {
        if (!is_unknown(m, unknown_keys[i]))
            continue;
        char *a = c_int(unknown_keys[i][0]), *s = c_int(unknown_keys[i][1]);
        ec_buf_printf(&b, "    { %s, %s },\n", a, s);
        free(a);
        free(s);
        nu++;
    }
    ec_buf_puts(&b, "    { 0, 0 }\n};\n\nstatic const char *const queries[] = {\n");
    for (size_t i = 0; i < nq; i++)
        ec_buf_printf(&b, "    %s%s%s,\n", strcmp(queries[i], "(null)") ? "\"" : "",
                      strcmp(queries[i], "(null)") ? queries[i] : "NULL",
                      strcmp(queries[i], "(null)") ? "\"" : "");
    ec_buf_puts(&b, "    \"\"\n};\n\n");
    ec_buf_puts(&b, "static void dump(const char *s)\n{\n"
                    "    if (!s) {\n        fputs(\"NULL\", stdout);\n        return;\n    }\n"
                    "    putchar('\"');\n"
                    "    for (; *s; s++) {\n"
                    "        unsigned char c = (unsigned char)*s;\n"
                    "        if (c > 0x20 && c < 0x7f && c != '\\\\' && c != '\"')\n"
                    "            putchar(c);\n"
                    "        else\n"
                    "            printf(\"\\\\x%02x\", c);\n"
                    "    }\n    putchar('\"');\n}\n\n");
    ec_buf_printf(
        &b,
        "int main(void)\n{\n"
        "    size_t i, j;\n    int code = 0, sub = 0;\n"
        "    printf(\"count %%d %%d %%d\\n\", %s_KEY_COUNT, tu2_key_count(), "
        "%s_LOCALE_COUNT);\n"
        "    printf(\"source %%s %%s\\n\", %s_SOURCE_LOCALE, tu2_source());\n"
        "    for (i = 0; %s_locale(i); i++)\n"
        "        printf(\"locale %%u %%s\\n\", (unsigned)i, %s_locale(i));\n"
        "    printf(\"locales %%u\\n\", (unsigned)i);\n"
        "    for (i = 0; %s_key(i, &code, &sub); i++)\n"
        "        printf(\"key %%u %%d %%d\\n\", (unsigned)i, code, sub);\n"
        "    printf(\"keys %%u\\n\", (unsigned)i);\n"
        "    for (i = 0; i < %zu; i++)\n"
        "        printf(\"symbol %%u %%d %%d\\n\", (unsigned)i, keys[i][0], keys[i][1]);\n"
        "    for (i = 0; i < %zu; i++)\n"
        "        for (j = 0; j < %zu; j++) {\n"
        "            printf(\"m %%u %%u \", (unsigned)i, (unsigned)j);\n"
        "            dump(%s_message(keys[i][0], keys[i][1], queries[j]));\n"
        "            putchar('\\n');\n"
        "        }\n"
        "    for (i = 0; i < %zu; i++)\n"
        "        for (j = 0; j < %zu; j++) {\n"
        "            printf(\"u %%u %%u \", (unsigned)i, (unsigned)j);\n"
        "            dump(%s_message(unknown[i][0], unknown[i][1], queries[j]));\n"
        "            putchar('\\n');\n"
        "        }\n"
        "    return 0;\n}\n",
        m->prefix, m->prefix, m->prefix, m->lower, m->lower, m->lower, m->nkeys, m->nkeys, nq,
        m->lower, nu, nq, m->lower);
    char *path = ot_path("%s/tu1.c", dir);
    ot_write(path, b.data, b.len);
    free(path);
    ec_buf_free(&b);
}

/* ---- reading the program's answers ---- */

/* Decodes a dump() value at *p: "NULL" (returns NULL) or "..." with \xHH. */
static char *undump(const char **p, size_t *len)
{
    const char *s = *p;
    if (!strncmp(s, "NULL", 4)) {
        *p = s + 4;
        return NULL;
    }
    assert_int_equal(*s, '"');
    ec_buf b = {0};
    for (s++; *s && *s != '"'; s++) {
        if (*s == '\\' && s[1] == 'x') {
            char hex[3] = {s[2], s[3], 0};
            ec_buf_putc(&b, (char)strtol(hex, NULL, 16));
            s += 3;
        } else {
            ec_buf_putc(&b, *s);
        }
    }
    assert_int_equal(*s, '"');
    *p = s + 1;
    *len = b.len;
    return ec_buf_take(&b);
}

static void check_message(const model *m, const char *what, const ec_entry *want, const char *got,
                          size_t got_len)
{
    if (!want && got) {
        char *g = ot_show(got, got_len < 80 ? got_len : 80);
        fail_msg("%s: expected NULL, the header returned %s", what, g);
    }
    if (want && !got)
        fail_msg("%s: expected %s, the header returned NULL", what, EC_KEY(want));
    if (want)
        ot_assert_bytes(what, want->text, want->text_len, got, got_len);
    (void)m;
}

static void check_answers(const model *m, const char *compiler, char *out, char **queries,
                          size_t nq)
{
    size_t n_m = 0, n_u = 0, n_locale = 0, n_key = 0, n_symbol = 0, nu = 0;
    for (size_t i = 0; i < sizeof unknown_keys / sizeof *unknown_keys; i++)
        nu += is_unknown(m, unknown_keys[i]);
    for (char *save = NULL, *line = strtok_r(out, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        unsigned a, b;
        int x, y, z;
        char tag[64], tag2[64];
        int used = 0;
        if (sscanf(line, "count %d %d %d", &x, &y, &z) == 3) {
            if ((size_t)x != m->nkeys || (size_t)y != m->nkeys || (size_t)z != m->nloc)
                fail_msg("%s: KEY_COUNT %d (second TU %d), LOCALE_COUNT %d; the catalog has %zu "
                         "keys and %zu locales",
                         compiler, x, y, z, m->nkeys, m->nloc);
        } else if (sscanf(line, "source %63s %63s", tag, tag2) == 2) {
            if (strcmp(tag, m->loc[m->source]->tag) || strcmp(tag2, tag))
                fail_msg("%s: SOURCE_LOCALE \"%s\" (second TU \"%s\"), want \"%s\"", compiler, tag,
                         tag2, m->loc[m->source]->tag);
        } else if (sscanf(line, "locale %u %63s", &a, tag) == 2) {
            if (a >= m->nloc || strcmp(tag, m->loc[a]->tag))
                fail_msg("%s: _locale(%u) is \"%s\", want \"%s\"", compiler, a, tag,
                         a < m->nloc ? m->loc[a]->tag : "NULL");
            n_locale++;
        } else if (sscanf(line, "locales %u", &a) == 1) {
            if (a != m->nloc)
                fail_msg("%s: _locale(i) gives %u locales before NULL, want %zu", compiler, a,
                         m->nloc);
        } else if (sscanf(line, "key %u %d %d", &a, &x, &y) == 3) {
            if (a >= m->nkeys || x != m->keys[a].code || y != m->keys[a].sub)
                fail_msg("%s: _key(%u) is %d/%d, want the %u-th key of the catalog", compiler, a, x,
                         y, a);
            n_key++;
        } else if (sscanf(line, "keys %u", &a) == 1) {
            if (a != m->nkeys)
                fail_msg("%s: _key(i) visits %u keys, want %zu", compiler, a, m->nkeys);
        } else if (sscanf(line, "symbol %u %d %d", &a, &x, &y) == 3) {
            if (x != m->keys[a].code || y != m->keys[a].sub) {
                char *sym = symbol_of(m, m->keys[a]);
                fail_msg("%s: %s expands to %d, %d, want %d, %d", compiler, sym, x, y,
                         m->keys[a].code, m->keys[a].sub);
            }
            n_symbol++;
        } else if (sscanf(line, "m %u %u %n", &a, &b, &used) == 2 && used) {
            const char *p = line + used;
            size_t len = 0;
            char *got = undump(&p, &len);
            size_t li = serve(m, queries[b]);
            char *what = ot_path("%s: %s_message(%d, %d, \"%s\") [%s]", compiler, m->lower,
                                 m->keys[a].code, m->keys[a].sub, queries[b], m->c->dir);
            check_message(m, what, expected(m, m->keys[a], li), got, len);
            free(what);
            free(got);
            n_m++;
        } else if (sscanf(line, "u %u %u %n", &a, &b, &used) == 2 && used) {
            const char *p = line + used;
            size_t len = 0;
            char *got = undump(&p, &len);
            if (got)
                fail_msg("%s: an unknown key (the %u-th of the test's list) asked in \"%s\" "
                         "gave a message instead of NULL",
                         compiler, a, queries[b]);
            n_u++;
        } else {
            fail_msg("%s: unexpected output line: %s", compiler, line);
        }
    }
    assert_int_equal(n_locale, m->nloc);
    assert_int_equal(n_key, m->nkeys);
    assert_int_equal(n_symbol, m->nkeys);
    assert_int_equal(n_m, m->nkeys * nq);
    assert_int_equal(n_u, nu * nq);
}

/* ---- the test ---- */

static void assert_ascii(const char *path, const char *h, size_t n)
{
    size_t line = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)h[i];
        if (c == '\n')
            line++;
        else if (c >= 0x80 || (c < 0x20 && c != '\t') || c == 0x7f)
            fail_msg("%s:%zu: byte 0x%02x is not printable ASCII (README: pure ASCII)", path, line,
                     c);
    }
}

static void compile_and_run(const model *m, const char *dir, const char *const *cc, char **queries,
                            size_t nq)
{
    const char *argv[24];
    size_t n = 0;
    for (; cc[n]; n++)
        argv[n] = cc[n];
    char *inc = ot_path("-I%s/out/include", dir);
    argv[n++] = inc;
    argv[n++] = "-o";
    argv[n++] = "prog";
    argv[n++] = "tu1.c";
    argv[n++] = "tu2.c";
    argv[n] = NULL;
    char *err = NULL, *out = NULL;
    ec_buf cmd = {0};
    for (size_t i = 0; i < n; i++)
        ec_buf_printf(&cmd, "%s%s", i ? " " : "", argv[i]);
    int st = ot_run(dir, NULL, NULL, &err, argv);
    if (st != 0 || *err)
        fail_msg("[%s] `%s` (in %s) exited %d; the header %s/out/include/%s.h must compile "
                 "without a warning:\n%.1500s",
                 m->c->dir, cmd.data, dir, st, dir, m->c->name, err);
    free(err);
    char *prog = ot_path("%s/prog", dir);
    const char *run[] = {prog, NULL};
    st = ot_run(dir, NULL, &out, &err, run);
    if (st != 0)
        fail_msg("[%s] the program compiled by `%s` exited %d: %s", m->c->dir, cmd.data, st, err);
    check_answers(m, cmd.data, out, queries, nq);
    free(out);
    free(err);
    free(prog);
    free(inc);
    ec_buf_free(&cmd);
}

static void test_header(const catalog_case *cc)
{
    char *dir = ot_mkdtemp(), *out = ot_path("%s/out", dir);
    if (cc->build_status)
        ot_build(cc->build_status, cc->dir, out, "--only", "c", "--force", NULL);
    else
        ot_build(cc->build_status, cc->dir, out, "--only", "c", NULL);
    ec_catalog *c = ot_load(cc->dir);
    model m = model_of(c);
    char *hpath = ot_path("%s/include/%s.h", out, c->name);
    size_t hn;
    char *h = ot_slurp(hpath, &hn);
    assert_ascii(hpath, h, hn);
    ot_list files = ot_tree(out);
    if (files.n != 2 || strcmp(files.v[0], ".errcat-outputs") != 0)
        fail_msg("--only c wrote %zu files, want just include/%s.h and the manifest", files.n,
                 c->name);
    size_t nq;
    char **queries = queries_of(&m, &nq);
    write_tu1(&m, dir, queries, nq);
    write_tu2(&m, dir);
    for (size_t i = 0; i < sizeof compilers / sizeof *compilers; i++)
        compile_and_run(&m, dir, compilers[i], queries, nq);
    for (size_t i = 0; i < nq; i++)
        free(queries[i]);
    free(queries);
    ot_list_free(&files);
    free(h);
    free(hpath);
    model_free(&m);
    ec_catalog_free(c);
    ot_rm_rf(dir);
    free(out);
    free(dir);
}

static void test_header_i18n(void **state)
{
    (void)state;
    test_header(&catalogs[0]);
}

static void test_header_hostile(void **state)
{
    (void)state;
    test_header(&catalogs[1]);
}

static void test_header_gappy(void **state)
{
    (void)state;
    test_header(&catalogs[2]);
}

static void test_header_fallback(void **state)
{
    (void)state;
    test_header(&catalogs[3]);
}

/* The reference rule itself, on i18n: the examples of README "Outputs". */
static void test_fallback_reference(void **state)
{
    (void)state;
    ec_catalog *c = ot_load(OT_I18N);
    model m = model_of(c);
    static const struct {
        const char *q, *want;
    } cases[] = {{"ko-KR", "ko"},  {"ko_KR.UTF-8", "ko"}, {"KO", "ko"},        {"zz", "en"},
                 {"(null)", "en"}, {"en-US", "en"},       {"zh-Hant-TW", "zh"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_string_equal(m.loc[serve(&m, cases[i].q)]->tag, cases[i].want);
    model_free(&m);
    ec_catalog_free(c);
}

/* The name between "#define " and `suffix` on the line that has both. */
static char *defined_prefix(const char *h, const char *suffix)
{
    for (const char *p = strstr(h, "#define "); p; p = strstr(p + 1, "#define ")) {
        const char *name = p + 8, *end = name + strcspn(name, " \n");
        size_t sn = strlen(suffix);
        if ((size_t)(end - name) > sn && !strncmp(end - sn, suffix, sn))
            return ot_path("%.*s", (int)(end - name - sn), name);
    }
    return NULL;
}

/* A c_prefix in mixed case: the key symbols and the macros must share one
 * prefix (README "Outputs": <PREFIX>_<name>, <PREFIX>_KEY_COUNT ...). */
static void test_prefix_consistent(void **state)
{
    (void)state;
    char *dir = ot_mkdtemp(), *cat = ot_path("%s/cat", dir), *out = ot_path("%s/out", dir);
    ot_copy_dir(OT_GAPPY, cat);
    char *meta = ot_path("%s/catalog.yaml", cat);
    static const char yaml[] = "name: gappy\nsource: en\nc_prefix: Gap\n";
    ot_write(meta, yaml, strlen(yaml));
    ot_build(1, cat, out, "--only", "c", "--force", NULL);
    char *hpath = ot_path("%s/include/gappy.h", out);
    char *h = ot_slurp(hpath, NULL);
    char *count = defined_prefix(h, "_KEY_COUNT"), *one = defined_prefix(h, "_ONE");
    if (!count || !one)
        fail_msg("%s: no #define ..._KEY_COUNT or ..._ONE", hpath);
    if (strcmp(count, one))
        fail_msg("%s: c_prefix Gap gives the macros the prefix %s but the key symbols %s "
                 "(%s_KEY_COUNT, %s_ONE)",
                 hpath, count, one, count, one);
    free(count);
    free(one);
    free(h);
    free(hpath);
    free(meta);
    ot_rm_rf(dir);
    free(out);
    free(cat);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fallback_reference), cmocka_unit_test(test_prefix_consistent),
        cmocka_unit_test(test_header_i18n),        cmocka_unit_test(test_header_hostile),
        cmocka_unit_test(test_header_gappy),       cmocka_unit_test(test_header_fallback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
