/* errcat's PO writer against libgettextpo's po_file_write (the oracle,
 * tests/unit/po_oracle.c), byte for byte: the PO files of the shipped, the
 * hostile and the seed-table catalogs, and tens of thousands of random
 * messages built to be hard on the line breaking (CJK, combining marks,
 * wide and ambiguous characters, emoji, words longer than a line, "\n",
 * tabs, quotes, backslashes, control characters, c-format directives, long
 * keys and references). And `msgcat` leaves every PO errcat writes as it
 * is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/file.h"
#include "model/catalog.h"
#include "output/po.h"
#include "outtest.h"
#include "po_oracle.h"
#include "errcat/errcat.h"

/* ---- helpers ---- */

static ec_catalog *load(const char *dir)
{
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load(dir, r);
    ec_report_free(r);
    if (!c)
        fail_msg("cannot load the catalog %s", dir);
    return c;
}

/* Fails, showing where two renderings part, unless they are equal. */
static void expect_same_as(const char *what, const char *want_name, const char *got_name,
                           const char *want, size_t want_len, const char *got, size_t got_len)
{
    if (want_len == got_len && !memcmp(want, got, got_len))
        return;
    size_t i = 0;
    while (i < want_len && i < got_len && want[i] == got[i])
        i++;
    size_t from = i;
    while (from > 0 && want[from - 1] != '\n')
        from--;
    int want_n = (int)(want_len - from > 400 ? 400 : want_len - from);
    int got_n = (int)(got_len - from > 400 ? 400 : got_len - from);
    print_message("%s: differs at byte %zu (%s %zu bytes, %s %zu)\n"
                  "--- %s from byte %zu:\n%.*s\n--- %s:\n%.*s\n",
                  what, i, want_name, want_len, got_name, got_len, want_name, from, want_n,
                  want + from, got_name, got_n, got + from);
    fail_msg("%s: %s differs from %s", what, got_name, want_name);
}

/* errcat's PO (`got`) against libgettextpo's (`want`). */
static void expect_same(const char *what, const char *want, size_t want_len, const char *got,
                        size_t got_len)
{
    expect_same_as(what, "libgettextpo", "errcat", want, want_len, got, got_len);
}

/* `msgcat` reads the PO file `data` and writes it back: the same bytes. */
static void expect_msgcat_same(const char *tmp, const char *what, const char *data, size_t n)
{
    char *in = ec_xasprintf("%s/in.po", tmp), *out = ec_xasprintf("%s/out.po", tmp);
    ot_write(in, data, n);
    unlink(out);
    char *cmd = ec_xasprintf("msgcat -o '%s' '%s' 2>'%s/msgcat.err'", out, in, tmp);
    int st = system(cmd);
    if (st != 0) {
        char *e = ec_xasprintf("%s/msgcat.err", tmp);
        size_t n_err = 0;
        char *msg = ec_read_file(e, &n_err);
        print_message("msgcat: %s\n", msg ? msg : "");
        free(msg);
        free(e);
        fail_msg("%s: msgcat failed", what);
    }
    size_t len = 0;
    char *back = ec_read_file(out, &len);
    assert_non_null(back);
    expect_same_as(what, "errcat", "msgcat", data, n, back, len);
    free(back);
    free(cmd);
    free(in);
    free(out);
}

/* ---- the catalogs ---- */

/* Every PO file of catalog `dir` (the template and every locale's, the
 * source's too), by both writers; with `tmp`, through msgcat as well. */
static void compare_catalog(const char *dir, const char *tmp)
{
    ec_catalog *c = load(dir);
    if (!c) /* load() failed the test */
        return;
    for (size_t i = 0; i <= c->nlocales; i++) {
        const ec_locale *l = i < c->nlocales ? &c->locales[i] : NULL;
        const char *ref_names[] = {"i18n", NULL, ""};
        for (size_t k = 0; k < 3; k++) {
            size_t want_len = 0;
            char *want = po_oracle_render(c, l, ref_names[k], 1700000000, &want_len);
            assert_non_null(want);
            ec_buf got = {0};
            char *err = NULL;
            assert_true(ec_po_render(c, l, ref_names[k], 1700000000, &got, &err));
            char *what = ec_xasprintf("%s, %s", dir, l ? l->tag : "template");
            expect_same(what, want, want_len, got.data, got.len);
            if (tmp && k == 0)
                expect_msgcat_same(tmp, what, got.data, got.len);
            free(what);
            free(want);
            ec_buf_free(&got);
        }
    }
    ec_catalog_free(c);
}

static void test_shipped_catalog(void **state)
{
    (void)state;
    char *tmp = ot_mkdtemp();
    compare_catalog(ERRCAT_SOURCE_DIR "/i18n", tmp);
    ot_rm_rf(tmp);
    free(tmp);
}

static void test_hostile_catalog(void **state)
{
    (void)state;
    compare_catalog(ERRCAT_SOURCE_DIR "/tests/data/hostile", NULL);
}

static void test_seed_catalog(void **state)
{
    (void)state;
    compare_catalog(ERRCAT_SOURCE_DIR "/tests/cases/seed-legacy/i18n", NULL);
}

/* ec_po_write writes what ec_po_render renders. */
static void test_write_is_render(void **state)
{
    (void)state;
    ec_catalog *c = load(ERRCAT_SOURCE_DIR "/i18n");
    char *tmp = ot_mkdtemp(), *p = ec_xasprintf("%s/x.po", tmp), *err = NULL;
    const ec_locale *l = &c->locales[c->nlocales - 1];
    assert_true(ec_po_write(c, l, p, "i18n", 5, &err));
    ec_buf b = {0};
    assert_true(ec_po_render(c, l, "i18n", 5, &b, &err));
    size_t n = 0;
    char *data = ec_read_file(p, &n);
    expect_same("ec_po_write", b.data, b.len, data, n);
    free(data);
    ec_buf_free(&b);
    ot_rm_rf(tmp);
    free(p);
    free(tmp);
    ec_catalog_free(c);
}

/* What the pieces of ec_po_render_to() add up to, and how many there were;
 * with `refuse_at` > 0 the sink refuses that piece. */
typedef struct {
    ec_buf all;
    size_t pieces, refuse_at;
} collected;

static bool collect(const char *data, size_t len, void *ctx)
{
    collected *c = ctx;
    if (++c->pieces == c->refuse_at)
        return false;
    ec_buf_put(&c->all, data, len);
    return true;
}

/* A catalog of `n` keys in en and de, in memory, whose PO file is several
 * MiB: its texts are long. */
static ec_catalog *big_catalog(size_t n)
{
    ec_buf en = {0}, de = {0};
    ec_buf_puts(&en, "locale: en\nmessages:\n");
    ec_buf_puts(&de, "locale: de\nmessages:\n");
    for (size_t i = 0; i < n; i++) {
        ec_buf_printf(&en,
                      "  \"%zu/0\": \"The stream %zu stopped because the upstream server "
                      "closed the connection while the encoder was still sending data\"\n",
                      i + 1, i);
        ec_buf_printf(&de,
                      "  \"%zu/0\": \"Der Stream %zu hielt an, weil der Server die "
                      "Verbindung schloss, während der Encoder noch Daten sandte\"\n",
                      i + 1, i);
    }
    static const char cat[] = "name: big\nsource: en\nlocales: [en, de]\n";
    ec_file files[] = {{"catalog.yaml", cat, sizeof cat - 1},
                       {"en.yaml", en.data, en.len},
                       {"de.yaml", de.data, de.len}};
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load_files("big", files, 3, r);
    ec_report_free(r);
    ec_buf_free(&en);
    ec_buf_free(&de);
    assert_non_null(c);
    return c;
}

/* ec_po_render_to() hands over, piece by piece, exactly what ec_po_render()
 * renders, in pieces of about 1 MiB; a sink that refuses a piece stops it,
 * and the failure is the sink's (no message). */
static void test_render_in_pieces(void **state)
{
    (void)state;
    ec_catalog *c = big_catalog(20000);
    const ec_locale *de = &c->locales[1];
    ec_buf whole = {0};
    char *err = NULL;
    assert_true(ec_po_render(c, de, "big", 5, &whole, &err));
    collected got = {0};
    assert_true(ec_po_render_to(c, de, "big", 5, collect, &got, &err));
    assert_null(err);
    expect_same("ec_po_render_to", whole.data, whole.len, got.all.data, got.all.len);
    assert_true(whole.len > 3u << 20);
    assert_true(got.pieces >= 3 && got.pieces <= whole.len / (1u << 20) + 1);
    collected refused = {.refuse_at = 2};
    assert_false(ec_po_render_to(c, de, "big", 5, collect, &refused, &err));
    assert_null(err);
    assert_int_equal(refused.pieces, 2);
    ec_buf_free(&whole);
    ec_buf_free(&got.all);
    ec_buf_free(&refused.all);
    ec_catalog_free(c);
}

/* ---- random texts ---- */

/* xorshift64*: the same texts on every run. */
static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

/* A number below n. */
static size_t below(size_t n)
{
    return (size_t)(rnd() % n);
}

/* Appends code point `u` as UTF-8. */
static void put_cp(ec_buf *b, uint32_t u)
{
    char s[4];
    size_t n;
    if (u < 0x80) {
        s[0] = (char)u;
        n = 1;
    } else if (u < 0x800) {
        s[0] = (char)(0xC0 | u >> 6);
        s[1] = (char)(0x80 | (u & 0x3F));
        n = 2;
    } else if (u < 0x10000) {
        s[0] = (char)(0xE0 | u >> 12);
        s[1] = (char)(0x80 | (u >> 6 & 0x3F));
        s[2] = (char)(0x80 | (u & 0x3F));
        n = 3;
    } else {
        s[0] = (char)(0xF0 | u >> 18);
        s[1] = (char)(0x80 | (u >> 12 & 0x3F));
        s[2] = (char)(0x80 | (u >> 6 & 0x3F));
        s[3] = (char)(0x80 | (u & 0x3F));
        n = 4;
    }
    ec_buf_put(b, s, n);
}

/* Fixed pieces: every width class, break class and escape gettext knows. */
static const char *const pieces[] = {
    " ",
    " ",
    " ",
    "  ",
    "\n",
    "\n",
    "\t",
    "\"",
    "\\",
    "\r",
    "\a",
    "\b",
    "\f",
    "\v",
    "\x01",
    "\x1b",
    "\x7f",
    "\xc2\x80",
    "\xc2\x85",
    "\xc2\xa0",
    "\xc2\xad",
    "\xe2\x80\x8b",
    "\xe2\x80\x8d",
    "\xef\xbb\xbf",
    "\xe2\x80\xa8",
    "\xe2\x80\xaf",
    "the",
    "file",
    "could not",
    "open",
    "error",
    "-",
    "/",
    ",",
    ".",
    "!",
    "?",
    ":",
    ";",
    "(",
    ")",
    "[x]",
    "{y}",
    "'",
    "\xc2\xab",
    "\xc2\xbb",
    "\xe2\x80\x9e",
    "\xe2\x80\x9c",
    "\xe2\x80\x94",
    "\xe2\x80\xa6",
    "\xc2\xb1",
    "\xc3\x97",
    "\xce\xb1",
    "\xce\xa9",
    "\xe2\x91\xa0",
    "\xc2\xa7",
    "e\xcc\x81",
    "a\xcc\x88\xcc\xa3",
    "\xcc\x80",
    "\xe6\xbc\xa2\xe5\xad\x97",
    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae",
    "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4",
    "\xe3\x80\x82",
    "\xe3\x80\x81",
    "\xef\xbc\x88",
    "\xf0\x9f\x98\x80",
    "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7",
    "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7",
    "\xe2\x9d\xa4\xef\xb8\x8f",
    "\xe0\xb8\xa0\xe0\xb8\xb2\xe0\xb8\xa9\xe0\xb8\xb2",
    "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9",
    "\xd7\xa2\xd7\x91\xd7\xa8\xd7\x99\xd7\xaa",
    "\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\x82\xe0\xa4\xa6\xe0\xa5\x80",
    "%s",
    "%d",
    "% d",
    "%1$s",
    "%2$d",
    "%%",
    "%-10s",
    "%5.2f",
    "100% ",
    "%",
    "%<PRId64>",
    "%I d",
    "%zu",
    "%lld",
    "%*d",
    "%.*s",
    "%'d",
    "%#x",
    "%c",
    "https://example.com/a/b?c=d&e=f",
    "12,345.67",
    "$5",
    "50%",
    "#",
    "|",
    "~",
    "=",
    "+",
    "<",
    ">",
    "&",
    "*",
    "_",
    "`",
    "^",
    "@",
};

/* Code point ranges for random characters. */
static const uint32_t ranges[][2] = {
    {0x20, 0x7E},     {0xA0, 0x24F},    {0x300, 0x36F},     {0x370, 0x3FF},     {0x400, 0x4FF},
    {0x590, 0x6FF},   {0x900, 0x97F},   {0xE00, 0xE7F},     {0x1100, 0x115F},   {0x2000, 0x206F},
    {0x2190, 0x23FF}, {0x2460, 0x27BF}, {0x3000, 0x30FF},   {0x4E00, 0x9FFF},   {0xAC00, 0xD7A3},
    {0xFE00, 0xFE6F}, {0xFF00, 0xFFEF}, {0x1F300, 0x1FAFF}, {0x20000, 0x2A6DF}, {0xE0000, 0xE007F},
    {0x1, 0x1F},
};

/* A word of `n` ASCII letters. */
static void put_word(ec_buf *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ec_buf_putc(b, (char)('a' + below(26)));
}

/* PO readers refuse U+0004 (gettext's context separator) in a string:
 * texts meant for msgcat have none. */
static bool no_eot;

/* A random text of about `pieces_max` pieces. */
static char *random_text(size_t pieces_max)
{
    ec_buf b = {0};
    size_t n = below(pieces_max + 1);
    for (size_t i = 0; i < n; i++) {
        switch (below(8)) {
        case 0:
        case 1:
        case 2: ec_buf_puts(&b, pieces[below(sizeof pieces / sizeof pieces[0])]); break;
        case 3: put_word(&b, 1 + below(below(10) ? 10 : 150)); break;
        case 4: ec_buf_putc(&b, ' '); break;
        default: {
            const uint32_t *r = ranges[below(sizeof ranges / sizeof ranges[0])];
            uint32_t u = r[0] + (uint32_t)below(r[1] - r[0] + 1);
            put_cp(&b, u == 4 && no_eot ? '?' : u);
        }
        }
    }
    return ec_buf_take(&b);
}

/* A random comment. For msgcat, without control characters other than
 * '\n' and '\t' (a PO reader takes a CR in a comment for a line end) and
 * without backslashes (gettext's reader joins a line ending in one with
 * the next, in comments too). */
static char *random_comment(void)
{
    char *s = random_text(20);
    for (char *p = s; no_eot && *p; p++)
        if (((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t') || *p == '\\')
            *p = '?';
    return s;
}

/* A random message `i` of a batch, its strings owned (freed by free_message). */
static ec_po_message random_message(size_t i)
{
    ec_po_message m = {0};
    char *suffix = random_text(below(6) ? 3 : 40);
    m.msgctxt = ec_xasprintf("%zu/%s", i, below(3) ? "" : suffix);
    free(suffix);
    size_t size = below(10) ? 25 : 200;
    char *id = random_text(size);
    if (!id[0]) {
        free(id);
        id = ec_xstrdup("x");
    }
    m.msgid = id;
    m.msgstr = below(4) ? random_text(size) : ec_xstrdup("");
    m.prev_msgid = below(4) ? NULL : random_text(size);
    m.comments = below(3) ? NULL : random_comment();
    m.extracted = below(3) ? NULL : random_comment();
    if (below(8)) {
        ec_buf f = {0};
        if (!below(5))
            ec_buf_puts(&f, below(2) ? "./" : "././");
        put_word(&f, 1 + below(below(4) ? 12 : 120));
        /* (msgcat reads a blank in a reference as two references) */
        ec_buf_puts(&f, below(4) ? "/ko.yaml"
                        : no_eot ? "/\xe6\x97\xa5"
                                   "b.yaml"
                                 : "/\xe6\x97\xa5 b.yaml");
        m.file = ec_buf_take(&f);
        m.line = below(5) ? 1 + below(100000) : (size_t)-1;
    } else {
        m.line = (size_t)-1;
    }
    m.fuzzy = below(3) == 0;
    m.c_format = (int)below(3) - 1;
    return m;
}

static void free_message(ec_po_message *m)
{
    free((char *)m->msgctxt);
    free((char *)m->msgid);
    free((char *)m->msgstr);
    free((char *)m->prev_msgid);
    free((char *)m->comments);
    free((char *)m->extracted);
    free((char *)m->file);
}

static const char random_header[] = "Project-Id-Version: random\n"
                                    "MIME-Version: 1.0\n"
                                    "Content-Type: text/plain; charset=UTF-8\n"
                                    "Content-Transfer-Encoding: 8bit\n";

/* Messages m[0..n] (m[0] the header) through both writers; with `tmp`,
 * through msgcat as well. Frees m[1..n] and m. */
static void compare_messages(const char *what, ec_po_message *m, size_t n, const char *tmp)
{
    size_t want_len = 0;
    char *want = po_oracle_messages(m, n + 1, &want_len);
    assert_non_null(want);
    ec_buf got = {0};
    for (size_t i = 0; i <= n; i++)
        ec_po_put_message(&got, &m[i], i == 0);
    expect_same(what, want, want_len, got.data, got.len);
    if (tmp)
        expect_msgcat_same(tmp, what, got.data, got.len);
    free(want);
    ec_buf_free(&got);
    for (size_t i = 1; i <= n; i++)
        free_message(&m[i]);
    free(m);
}

/* Batch `batch` of `n` random messages (after the header) through both
 * writers; with `tmp`, through msgcat as well. */
static void compare_batch(uint64_t batch, size_t n, const char *tmp)
{
    rng_state = 0x9E3779B97F4A7C15ULL ^ (batch * 0x100000001B3ULL) ^ 1;
    no_eot = tmp != NULL;
    ec_po_message *m = ec_xcalloc(n + 1, sizeof *m);
    m[0] = (ec_po_message){.msgid = "", .msgstr = random_header, .line = (size_t)-1};
    for (size_t i = 1; i <= n; i++)
        m[i] = random_message(i);
    char *what = ec_xasprintf("random batch %llu", (unsigned long long)batch);
    compare_messages(what, m, n, tmp);
    free(what);
}

/* 40,000 random messages in batches of 1,000. */
static void test_random_texts(void **state)
{
    (void)state;
    for (uint64_t batch = 0; batch < 40; batch++)
        compare_batch(batch, 1000, NULL);
}

/* Texts around the page width, where the writer decides whether a line
 * needs breaking at all: every length from 40 to 100 bytes of each kind of
 * character (ASCII, two-byte Latin, three-byte CJK of two columns,
 * combining marks of none, escapes of two bytes), with and without blanks,
 * in every field that wraps. */
static void test_page_width_edges(void **state)
{
    (void)state;
    static const char *const units[] = {
        "a",         "a ", "\xc3\xa9", "\xc3\xa9 ", "\xe4\xb8\xad", "\xe4\xb8\xad ",
        "e\xcc\x81", "\"", "\\ ",      "\t",        "%d ",          "x%1$s "};
    enum { NU = sizeof units / sizeof *units, LO = 40, HI = 100 };
    size_t n = NU * (HI - LO + 1);
    ec_po_message *m = ec_xcalloc(n + 1, sizeof *m);
    m[0] = (ec_po_message){.msgid = "", .msgstr = random_header, .line = (size_t)-1};
    size_t k = 1;
    for (size_t u = 0; u < NU; u++)
        for (size_t len = LO; len <= HI; len++, k++) {
            ec_buf t = {0};
            while (t.len + strlen(units[u]) <= len)
                ec_buf_puts(&t, units[u]);
            while (t.len < len)
                ec_buf_putc(&t, 'z');
            char *text = ec_buf_take(&t);
            m[k].msgctxt = ec_xasprintf("%zu/%s", k, k % 3 ? "" : text);
            m[k].msgid = ec_xstrdup(text);
            m[k].msgstr = k % 2 ? ec_xstrdup(text) : ec_xstrdup("");
            m[k].prev_msgid = k % 4 == 1 ? ec_xstrdup(text) : NULL;
            m[k].fuzzy = m[k].prev_msgid != NULL;
            m[k].c_format = (int)(k % 3) - 1;
            m[k].line = (size_t)-1;
            free(text);
        }
    compare_messages("texts around the page width", m, n, NULL);
}

/* msgcat leaves errcat's PO files of random messages as they are. */
static void test_msgcat_random(void **state)
{
    (void)state;
    char *tmp = ot_mkdtemp();
    for (uint64_t batch = 0; batch < 4; batch++)
        compare_batch(batch, 1000, tmp);
    ot_rm_rf(tmp);
    free(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_catalog),  cmocka_unit_test(test_hostile_catalog),
        cmocka_unit_test(test_seed_catalog),     cmocka_unit_test(test_write_is_render),
        cmocka_unit_test(test_render_in_pieces), cmocka_unit_test(test_random_texts),
        cmocka_unit_test(test_msgcat_random),    cmocka_unit_test(test_page_width_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
