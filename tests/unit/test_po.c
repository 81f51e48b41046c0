/* Unit tests of po.c: the PO template and PO files of the shipped catalog
 * and of a hostile one pass `msgfmt -c`, count what the catalog says, and
 * read back (through libgettextpo, and through msgfmt + msgunfmt) as the
 * catalog's texts byte for byte; output is deterministic; errors are
 * returned, not fatal; the Plural-Forms table is valid gettext. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <gettext-po.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/file.h"
#include "base/unicode.h"
#include "model/catalog.h"
#include "output/po.h"
#include "outtest.h"
#include "errcat/errcat.h"

/* ---- helpers ---- */

/* Runs a shell command; returns its exit status (-1 when it did not exit). */
static int run(const char *cmd)
{
    int st = system(cmd);
    return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *path)
{
    size_t len = 0;
    char *s = ec_read_file(path, &len);
    if (!s)
        fail_msg("cannot read %s", path);
    return s;
}

static void expect_contains(const char *s, const char *part)
{
    if (!strstr(s, part))
        fail_msg("output does not contain\n  %s\noutput:\n%s", part, s);
}

static ec_catalog *load(const char *dir)
{
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load(dir, r);
    ec_report_free(r);
    if (!c)
        fail_msg("cannot load the catalog %s", dir);
    assert_true(c->source_idx >= 0);
    return c;
}

/* The date the PO files are written with (as errcat's SOURCE_DATE_EPOCH;
 * -1: unset). */
static long long source_date_epoch = -1;

/* Writes `l`'s PO file (the template for NULL) to `path`; fails on error. */
static void write_po(const ec_catalog *c, const ec_locale *l, const char *path,
                     const char *ref_base)
{
    char *err = NULL;
    if (!ec_po_write(c, l, path, ref_base, source_date_epoch, &err))
        fail_msg("ec_po_write %s: %s", path, err ? err : "(no message)");
    assert_null(err);
}

/* ---- what the catalog says a PO file holds ---- */

/* Mirrors po.c: a text a PO file carries (no NUL, valid UTF-8, not blank). */
static bool usable(const ec_entry *e)
{
    return e && ec_norm_nonempty(e) && strlen(e->text) == e->text_len &&
           ec_u_valid_utf8(e->text, e->text_len, NULL);
}

static bool stale(const ec_entry *t, const ec_entry *s)
{
    if (!EC_X(t)->source)
        return false;
    char *snap = ec_u_comparable(EC_X(t)->source, EC_X(t)->source_len);
    bool differs = strcmp(snap, ec_norm(s)) != 0;
    free(snap);
    return differs;
}

static const ec_entry *translation(const ec_locale *l, const ec_entry *s)
{
    return l ? ec_locale_find(l, s->code, s->sub) : NULL;
}

typedef struct {
    int translated, fuzzy, untranslated;
} counts;

static counts expected_counts(const ec_catalog *c, const ec_locale *l)
{
    const ec_locale *src = ec_catalog_source(c);
    counts k = {0, 0, 0};
    for (size_t i = 0; i < src->n; i++) {
        const ec_entry *s = &src->entries[i], *t = translation(l, s);
        if (!usable(s))
            continue;
        if (!usable(t))
            k.untranslated++;
        else if (stale(t, s))
            k.fuzzy++;
        else
            k.translated++;
    }
    return k;
}

/* msgfmt's --statistics line for `k`. */
static char *stats_line(counts k)
{
    ec_buf b = {0};
    ec_buf_printf(&b, "%d translated message%s", k.translated, k.translated == 1 ? "" : "s");
    if (k.fuzzy)
        ec_buf_printf(&b, ", %d fuzzy translation%s", k.fuzzy, k.fuzzy == 1 ? "" : "s");
    if (k.untranslated)
        ec_buf_printf(&b, ", %d untranslated message%s", k.untranslated,
                      k.untranslated == 1 ? "" : "s");
    ec_buf_puts(&b, ".\n");
    return ec_buf_take(&b);
}

/* ---- msgfmt and msgunfmt ---- */

/* `msgfmt -c --statistics` accepts `po` and counts `k`. */
static void check_msgfmt(const char *po, const char *mo, counts k)
{
    char *log = ec_xasprintf("%s.log", mo);
    char *cmd = ec_xasprintf("LC_ALL=C msgfmt -c --statistics -o '%s' '%s' 2>'%s'", mo, po, log);
    int status = run(cmd);
    char *out = slurp(log), *want = stats_line(k);
    if (status != 0)
        fail_msg("%s exited with %d:\n%s", cmd, status, out);
    const char *last = strstr(out, want);
    if (!last || strlen(last) != strlen(want))
        fail_msg("%s: statistics\n%s\nexpected\n%s", po, out, want);
    free(out);
    free(want);
    free(cmd);
    free(log);
}

static void on_xerror(int severity, po_message_t message, const char *file, size_t line,
                      size_t column, int multiline, const char *text)
{
    if (severity != PO_SEVERITY_WARNING)
        fail_msg("libgettextpo: %s:%zu: %s", file ? file : "", line, text);
}

static void on_xerror2(int severity, po_message_t m1, const char *file1, size_t line1,
                       size_t column1, int multiline1, const char *text1, po_message_t m2,
                       const char *file2, size_t line2, size_t column2, int multiline2,
                       const char *text2)
{
    on_xerror(severity, m1, file1, line1, column1, multiline1, text1);
}

static const struct po_xerror_handler handler = {on_xerror, on_xerror2};

static po_file_t read_po(const char *path)
{
    po_file_t f = po_file_read(path, &handler);
    if (!f)
        fail_msg("po_file_read %s failed", path);
    return f;
}

/* po_file_free of libgettextpo 0.21 leaks msgctxt; see po.c. */
static void free_po(po_file_t f)
{
    po_message_iterator_t it = po_message_iterator(f, NULL);
    po_message_t m;
    while ((m = po_next_message(it)) != NULL)
        po_message_set_msgctxt(m, NULL);
    po_message_iterator_free(it);
    po_file_free(f);
}

/* The message of `f` with context `ctxt`, or NULL. */
static po_message_t find_message(po_file_t f, const char *ctxt)
{
    po_message_iterator_t it = po_message_iterator(f, NULL);
    po_message_t m;
    while ((m = po_next_message(it)) != NULL) {
        const char *x = po_message_msgctxt(m);
        if (x && !strcmp(x, ctxt))
            break;
    }
    po_message_iterator_free(it);
    return m;
}

/* Compiles `po`, decompiles the .mo with msgunfmt and finds exactly the
 * translated, non-fuzzy messages there with the catalog's texts. */
static void check_mo(const ec_catalog *c, const ec_locale *l, const char *mo)
{
    char *back = ec_xasprintf("%s.back.po", mo);
    char *cmd = ec_xasprintf("LC_ALL=C msgunfmt -o '%s' '%s'", back, mo);
    assert_int_equal(run(cmd), 0);
    po_file_t f = read_po(back);
    const ec_locale *src = ec_catalog_source(c);
    size_t found = 0;
    for (size_t i = 0; i < src->n; i++) {
        const ec_entry *s = &src->entries[i], *t = translation(l, s);
        po_message_t m = usable(s) ? find_message(f, EC_KEY(s)) : NULL;
        if (!usable(s) || !usable(t) || stale(t, s)) {
            assert_null(m);
            continue;
        }
        if (!m)
            fail_msg("%s: the .mo lacks %s", l->tag, EC_KEY(s));
        assert_string_equal(po_message_msgid(m), s->text);
        assert_string_equal(po_message_msgstr(m), t->text);
        found++;
    }
    assert_int_equal(found, (size_t)expected_counts(c, l).translated);
    free_po(f);
    free(cmd);
    free(back);
}

/* ---- reading a PO file back ---- */

static void check_header(po_file_t f, const ec_catalog *c, const ec_locale *l)
{
    /* A fresh copy the caller frees (libgettextpo 0.21: xstrdup). */
    char *h = (char *)po_file_domain_header(f, NULL);
    assert_non_null(h);
    static const char *const fields[] = {"Project-Id-Version", "Language", "Plural-Forms",
                                         "Content-Type", "POT-Creation-Date"};
    const char *want[] = {c->name, l ? l->tag : "", l ? ec_po_plural_forms(l->tag) : NULL,
                          "text/plain; charset=UTF-8", "1970-01-01 00:00+0000"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        char *v = po_header_field(h, fields[i]);
        if (want[i])
            assert_string_equal(v ? v : "(missing)", want[i]);
        else
            assert_null(v);
        free(v);
    }
    free(h);
}

/* The file position `path`:`line` written relative to `base`. */
static void check_filepos(po_message_t m, const char *path, int line, const char *base)
{
    size_t n = strlen(base);
    if (!strncmp(path, base, n) && path[n] == '/')
        path += n + 1;
    po_filepos_t p = po_message_filepos(m, 0);
    assert_non_null(p);
    assert_string_equal(po_filepos_file(p), path);
    assert_int_equal(po_filepos_start_line(p), (size_t)line);
    assert_null(po_message_filepos(m, 1));
}

/* libgettextpo returns "" or a fresh string it never frees ("FIXME: memory
 * leak" in its source): compared, then freed here. */
static bool same_comments(const char *what, char *got, const char *note)
{
    char *want = note && note[0] ? ec_xasprintf("%s\n", note) : ec_xstrdup("");
    bool same = !strcmp(got, want);
    if (!same)
        print_error("%s\n%s\nexpected\n%s\n", what, got, want);
    if (got[0])
        free(got);
    free(want);
    return same;
}

/* `#.` is the source's note, `# ` the translation's own. */
static void check_note(po_message_t m, const char *source_note, const char *own_note)
{
    assert_true(
        same_comments("extracted comments", (char *)po_message_extracted_comments(m), source_note));
    assert_true(same_comments("translator comments", (char *)po_message_comments(m), own_note));
}

typedef struct {
    const ec_catalog *c;
    const ec_locale *src, *l;
    const char *base;
} expect_ctx;

static void check_message(const expect_ctx *x, po_message_t m, const ec_entry *s)
{
    const ec_entry *t = translation(x->l, s);
    bool fuzzy = usable(t) && stale(t, s);
    assert_string_equal(po_message_msgctxt(m), EC_KEY(s));
    assert_string_equal(po_message_msgid(m), s->text);
    assert_string_equal(po_message_msgstr(m), usable(t) ? t->text : "");
    assert_int_equal(!!po_message_is_fuzzy(m), fuzzy);
    if (fuzzy)
        assert_string_equal(po_message_prev_msgid(m), EC_X(t)->source);
    else
        assert_null(po_message_prev_msgid(m));
    assert_int_equal(!!po_message_is_format(m, "c-format"), ec_po_c_format(s->text) > 0);
    check_note(m, ec_note(s), x->l && t ? ec_note(t) : NULL);
    if (t)
        check_filepos(m, x->l->path, t->pos.line, x->base);
    else
        check_filepos(m, x->src->path, s->pos.line, x->base);
}

/* Every message of the PO file `path`, in order, is the catalog's. */
static void check_read_back(const expect_ctx *x, const char *path)
{
    po_file_t f = read_po(path);
    check_header(f, x->c, x->l);
    po_message_iterator_t it = po_message_iterator(f, NULL);
    po_message_t m = po_next_message(it);
    assert_non_null(m);
    assert_string_equal(po_message_msgid(m), "");
    for (size_t i = 0; i < x->src->n; i++) {
        const ec_entry *s = &x->src->entries[i];
        if (!usable(s))
            continue;
        m = po_next_message(it);
        if (!m)
            fail_msg("%s ends before %s", path, EC_KEY(s));
        check_message(x, m, s);
    }
    assert_null(po_next_message(it));
    po_message_iterator_free(it);
    free_po(f);
}

/* Writes the template and every translation's PO file of `c` into `out`,
 * and checks each with msgfmt, msgunfmt and libgettextpo. */
static void check_catalog_outputs(const ec_catalog *c, const char *out, const char *ref_base)
{
    const ec_locale *src = ec_catalog_source(c);
    for (size_t i = 0; i <= c->nlocales; i++) {
        const ec_locale *l = i < c->nlocales ? &c->locales[i] : NULL;
        if (l == src)
            continue;
        char *po = ec_xasprintf("%s/%s.po%s", out, l ? l->tag : c->name, l ? "" : "t");
        char *mo = ec_xasprintf("%s/%s.mo", out, l ? l->tag : c->name);
        write_po(c, l, po, "i18n"); /* both catalogs are <ref_base>/i18n */
        check_msgfmt(po, mo, expected_counts(c, l));
        expect_ctx x = {c, src, l, ref_base};
        check_read_back(&x, po);
        if (l)
            check_mo(c, l, mo);
        free(po);
        free(mo);
    }
}

/* ---- the shipped catalog ---- */

static void test_shipped_catalog(void **state)
{
    (void)state;
    unsetenv("SOURCE_DATE_EPOCH");
    ec_catalog *c = load(ERRCAT_SOURCE_DIR "/i18n");
    char *out = ot_mkdtemp();
    check_catalog_outputs(c, out, ERRCAT_SOURCE_DIR);
    /* A clean catalog: everything translated. */
    for (size_t i = 0; i < c->nlocales; i++) {
        counts k = expected_counts(c, &c->locales[i]);
        assert_int_equal(k.translated, (int)c->nkeys);
        assert_int_equal(k.fuzzy + k.untranslated, 0);
    }
    char *ko = ec_xasprintf("%s/ko.po", out), *text = slurp(ko);
    expect_contains(text, "\"Language: ko\\n\"\n");
    expect_contains(text, "\"Plural-Forms: nplurals=1; plural=0;\\n\"\n");
    expect_contains(text, "#: i18n/ko.yaml:3\nmsgctxt \"0/0\"\n");
    free(text);
    free(ko);
    ot_rm_rf(out);
    free(out);
    ec_catalog_free(c);
}

/* ---- keys a translation lacks ---- */

/* A key that a translation lacks is an untranslated message (empty msgstr)
 * in its PO file, as msgfmt counts it: tests/data/fallback, where de lacks
 * 2/1 and ja lacks 1/0 and 3/0 (README "Outputs": fallbacks). */
static void test_fallback_catalog(void **state)
{
    (void)state;
    ec_catalog *c = load(ERRCAT_SOURCE_DIR "/tests/data/fallback");
    char *out = ot_mkdtemp();
    static const struct {
        const char *tag;
        counts want;
    } locales[] = {{"de", {3, 0, 1}}, {"ja", {2, 0, 2}}};
    for (size_t i = 0; i < sizeof locales / sizeof locales[0]; i++) {
        const ec_locale *l = NULL;
        for (size_t j = 0; j < c->nlocales; j++)
            if (!strcmp(c->locales[j].tag, locales[i].tag))
                l = &c->locales[j];
        assert_non_null(l);
        if (!l)
            return; /* not reached: for the compiler, which does not know cmocka's asserts */
        char *po = ec_xasprintf("%s/%s.po", out, l->tag),
             *mo = ec_xasprintf("%s/%s.mo", out, l->tag);
        write_po(c, l, po, "fallback");
        check_msgfmt(po, mo, locales[i].want);
        counts k = expected_counts(c, l);
        assert_memory_equal(&k, &locales[i].want, sizeof k);
        free(po);
        free(mo);
    }
    ot_rm_rf(out);
    free(out);
    ec_catalog_free(c);
}

/* ---- a hostile catalog ---- */

static const char hostile_meta[] = "name: hostile-test\n"
                                   "source: en\n"
                                   "locales: [en, fr, ar, ru]\n";

static const char hostile_en[] =
    "locale: en\n"
    "messages:\n"
    "  \"1/0\": 'He said \"stop\" and left.'\n"
    "  \"2/0\": \"back\\\\slash and C:\\\\path\\\\\"\n"
    "  \"3/0\": \"column\\tseparated\"\n"
    "  \"4/0\": \"first line\\nsecond line\"\n"
    "  \"5/0\": \"%s failed with %d at 100%\"\n"
    "  \"6/0\": 'comment */ trigraph ?\?/ mustache {{x}} brace {0} msgstr \"x\" #~ old'\n"
    "  \"7/0\": \"smile \\U0001F600 and clef \\U0001D11E\"\n"
    "  \"8/0\":\n"
    "    text: Connection refused.\n"
    "    note: 'The server said \"no\".'\n"
    "  \"9/0\": Missing in French.\n"
    "  \"10/0\": Empty in French.\n"
    "  \"11/0\": Cut short in French.\n"
    "  \"12/0\": \"  padded  text  \"\n"
    "  \"-5/-7\": Negative key.\n"
    "  \"13/0\": \"A long text that goes on and on, well past the seventy-nine columns at "
    "which gettext wraps its strings, withaverylongwordthatcannotbebrokenanywhereatall.\"\n";

static const char hostile_fr[] =
    "locale: fr\n"
    "messages:\n"
    "  \"1/0\": 'Il a dit « stop » et \"part\".'\n"
    "  \"2/0\": \"barre\\\\oblique et C:\\\\chemin\\\\\"\n"
    "  \"3/0\": \"colonne\\tséparée\"\n"
    "  \"4/0\": \"première ligne\\ndeuxième ligne\"\n"
    "  \"5/0\": \"%s a échoué avec %d à 100%\"\n"
    "  \"6/0\": 'commentaire */ trigraphe ?\?/ {{x}} {0} msgstr \"x\" #~ vieux'\n"
    "  \"7/0\": \"sourire \\U0001F600 et clé \\U0001D11E\"\n"
    "  \"8/0\":\n"
    "    text: Connexion refusée.\n"
    "    source: The connection was refused.\n"
    "    note: Old wording; check again.\n"
    "  \"10/0\": \"\"\n"
    "  \"11/0\": \"coupé\\0caché\"\n"
    "  \"12/0\": \"  texte  rembourré  \"\n"
    "  \"-5/-7\": Clé négative.\n"
    "  \"13/0\": Un texte long.\n"
    "  \"99/0\": Not in the source.\n";

static const char hostile_ar[] =
    "locale: ar\n"
    "messages:\n"
    "  \"1/0\": 'قال \"توقف\" وغادر.'\n"
    "  \"2/0\": \"شرطة\\\\مائلة و C:\\\\مسار\\\\\"\n"
    "  \"3/0\": \"عمود\\tمفصول\"\n"
    "  \"4/0\": \"السطر الأول\\nالسطر الثاني\"\n"
    "  \"5/0\": \"%s فشل مع %d عند 100%\"\n"
    "  \"6/0\": 'تعليق */ ?\?/ {{x}} {0} msgstr \"x\" #~'\n"
    "  \"7/0\": \"ابتسامة \\U0001F600 و \\U0001D11E\\u200F\"\n"
    "  \"8/0\":\n"
    "    text: تم رفض الاتصال.\n"
    "    source: \"  Connection   refused. \"\n"
    "  \"9/0\": مفقود في الفرنسية.\n"
    "  \"10/0\": فارغ في الفرنسية.\n"
    "  \"11/0\": مقطوع في الفرنسية.\n"
    "  \"12/0\": \"  نص  مبطن  \"\n"
    "  \"-5/-7\": مفتاح سالب.\n"
    "  \"13/0\": \"نص طويل يستمر ويستمر إلى ما بعد العمود التاسع والسبعين الذي يلف عنده "
    "gettext سلاسله، مع كلمة طويلة جدا.\"\n";

static const char hostile_ru[] = "locale: ru\n"
                                 "messages:\n"
                                 "  \"1/0\":\n"
                                 "    text: Он сказал «стоп».\n"
                                 "    source: He said stop.\n"
                                 "  \"-5/-7\": Отрицательный ключ.\n";

/* A catalog directory `<tmp>/i18n` with the hostile files. */
static char *make_hostile(char **tmp)
{
    *tmp = ot_mkdtemp();
    char *dir = ec_xasprintf("%s/i18n", *tmp);
    assert_int_equal(mkdir(dir, 0777), 0);
    static const char *const files[][2] = {{"catalog.yaml", hostile_meta},
                                           {"en.yaml", hostile_en},
                                           {"fr.yaml", hostile_fr},
                                           {"ar.yaml", hostile_ar},
                                           {"ru.yaml", hostile_ru}};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char *p = ec_xasprintf("%s/%s", dir, files[i][0]);
        ot_write(p, files[i][1], strlen(files[i][1]));
        free(p);
    }
    return dir;
}

static const ec_locale *locale_of(const ec_catalog *c, const char *tag)
{
    for (size_t i = 0; i < c->nlocales; i++)
        if (!strcmp(c->locales[i].tag, tag))
            return &c->locales[i];
    fail_msg("no locale %s", tag);
    return NULL;
}

/* The counts the hostile files are built to give. */
static void check_hostile_counts(const ec_catalog *c)
{
    assert_int_equal(ec_catalog_source(c)->n, 14);
    counts fr = expected_counts(c, locale_of(c, "fr"));
    assert_int_equal(fr.translated, 10);  /* all but 8/0, 9/0, 10/0, 11/0 */
    assert_int_equal(fr.fuzzy, 1);        /* 8/0 */
    assert_int_equal(fr.untranslated, 3); /* missing, empty, NUL inside */
    counts ar = expected_counts(c, locale_of(c, "ar"));
    assert_int_equal(ar.translated, 14); /* 8/0's snapshot differs in white space only */
    counts ru = expected_counts(c, locale_of(c, "ru"));
    assert_int_equal(ru.translated, 1);
    assert_int_equal(ru.fuzzy, 1);
    assert_int_equal(ru.untranslated, 12);
}

/* How the hostile texts look in fr.po. */
static void check_hostile_text(const char *out)
{
    char *p = ec_xasprintf("%s/fr.po", out), *s = slurp(p);
    expect_contains(s, "msgid \"He said \\\"stop\\\" and left.\"\n");
    expect_contains(s, "msgid \"back\\\\slash and C:\\\\path\\\\\"\n");
    expect_contains(s, "msgid \"column\\tseparated\"\n");
    expect_contains(s, "msgid \"\"\n\"first line\\n\"\n\"second line\"\n");
    expect_contains(s, "# Old wording; check again.\n#. The server said \"no\".\n"
                       "#: i18n/fr.yaml:10\n#, fuzzy\n"
                       "#| msgid \"The connection was refused.\"\nmsgctxt \"8/0\"\n");
    expect_contains(s, "#: i18n/en.yaml:13\nmsgctxt \"9/0\"\nmsgid \"Missing in French.\"\n"
                       "msgstr \"\"\n");
    expect_contains(s, "msgid \"smile \xF0\x9F\x98\x80 and clef \xF0\x9D\x84\x9E\"\n");
    expect_contains(s, "\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n");
    /* "100%" at the end is no directive: not a format string */
    expect_contains(s, "#, no-c-format\nmsgctxt \"5/0\"\n");
    assert_null(strstr(s, "#, c-format"));
    assert_null(strstr(s, "99/0"));
    free(s);
    free(p);
    p = ec_xasprintf("%s/hostile-test.pot", out);
    s = slurp(p);
    expect_contains(s, "#. The server said \"no\".\n#: i18n/en.yaml:10\nmsgctxt \"8/0\"\n");
    assert_null(strstr(s, "fuzzy"));
    assert_null(strstr(s, "Plural-Forms"));
    free(s);
    free(p);
}

static void test_hostile_catalog(void **state)
{
    (void)state;
    unsetenv("SOURCE_DATE_EPOCH");
    char *tmp = NULL, *dir = make_hostile(&tmp);
    ec_catalog *c = load(dir);
    check_hostile_counts(c);
    char *out = ec_xasprintf("%s/out", tmp);
    assert_int_equal(mkdir(out, 0777), 0);
    check_catalog_outputs(c, out, tmp);
    check_hostile_text(out);
    ec_catalog_free(c);
    ot_rm_rf(tmp);
    free(out);
    free(dir);
    free(tmp);
}

/* ---- determinism, dates, paths ---- */

static char *write_and_read(const ec_catalog *c, const ec_locale *l, const char *path,
                            const char *base)
{
    write_po(c, l, path, base);
    return slurp(path);
}

static void test_deterministic(void **state)
{
    (void)state;
    unsetenv("SOURCE_DATE_EPOCH");
    char *tmp = NULL, *dir = make_hostile(&tmp);
    ec_catalog *c = load(dir);
    char *p1 = ec_xasprintf("%s/1.po", tmp), *p2 = ec_xasprintf("%s/2.po", tmp);
    for (size_t i = 0; i <= c->nlocales; i++) {
        const ec_locale *l = i < c->nlocales ? &c->locales[i] : NULL;
        char *a = write_and_read(c, l, p1, tmp), *b = write_and_read(c, l, p2, tmp);
        assert_string_equal(a, b);
        /* libgettextpo's byte-by-byte writing (build sets OLD_PO_FILE_OUTPUT
         * for speed) writes the same bytes for the hostile texts */
        setenv("OLD_PO_FILE_OUTPUT", "1", 1);
        char *fast = write_and_read(c, l, p2, tmp);
        unsetenv("OLD_PO_FILE_OUTPUT");
        assert_string_equal(a, fast);
        free(fast);
        free(a);
        free(b);
    }
    free(p1);
    free(p2);
    ec_catalog_free(c);
    ot_rm_rf(tmp);
    free(dir);
    free(tmp);
}

static void expect_dates(const char *s, const char *date)
{
    char *a = ec_xasprintf("\"POT-Creation-Date: %s\\n\"\n", date);
    char *b = ec_xasprintf("\"PO-Revision-Date: %s\\n\"\n", date);
    expect_contains(s, a);
    expect_contains(s, b);
    free(a);
    free(b);
}

static void expect_date(const ec_catalog *c, const char *path, long long epoch, const char *date)
{
    source_date_epoch = epoch;
    char *s = write_and_read(c, &c->locales[1], path, NULL);
    source_date_epoch = -1;
    expect_dates(s, date);
    free(s);
}

/* The same through errcat, which reads SOURCE_DATE_EPOCH (NULL: unset). */
static void expect_cli_date(const char *tmp, const char *epoch, const char *date)
{
    char *env =
        epoch ? ec_xasprintf("SOURCE_DATE_EPOCH='%s'", epoch) : ec_xstrdup("-u SOURCE_DATE_EPOCH");
    char *cmd = ec_xasprintf("env %s '%s' build '%s/i18n' -o '%s/cli' --only po >/dev/null", env,
                             ERRCAT_BINARY, ERRCAT_SOURCE_DIR, tmp);
    if (run(cmd) != 0)
        fail_msg("%s failed", cmd);
    char *po = ec_xasprintf("%s/cli/po/zh.po", tmp), *s = slurp(po);
    expect_dates(s, date);
    free(s);
    free(po);
    free(cmd);
    free(env);
}

static void test_source_date_epoch(void **state)
{
    (void)state;
    char *tmp = NULL, *dir = make_hostile(&tmp);
    ec_catalog *c = load(dir);
    char *p = ec_xasprintf("%s/x.po", tmp);
    expect_date(c, p, 1700000000, "2023-11-14 22:13+0000");
    expect_date(c, p, 0, "1970-01-01 00:00+0000");
    expect_date(c, p, -1, "1970-01-01 00:00+0000");
    expect_date(c, p, 99999999999999, "1970-01-01 00:00+0000"); /* past the year 9999 */
    /* what errcat makes of the variable's value */
    expect_cli_date(tmp, "1700000000", "2023-11-14 22:13+0000");
    expect_cli_date(tmp, "0", "1970-01-01 00:00+0000");
    expect_cli_date(tmp, NULL, "1970-01-01 00:00+0000");
    expect_cli_date(tmp, "", "1970-01-01 00:00+0000");
    expect_cli_date(tmp, "12abc", "1970-01-01 00:00+0000");
    expect_cli_date(tmp, "-5", "1970-01-01 00:00+0000");
    expect_cli_date(tmp, "99999999999999", "1970-01-01 00:00+0000");
    free(p);
    ec_catalog_free(c);
    ot_rm_rf(tmp);
    free(dir);
    free(tmp);
}

/* File positions: ref_name, then the path relative to the catalog
 * directory; without ref_name the path as given. */
static void test_ref_name(void **state)
{
    (void)state;
    unsetenv("SOURCE_DATE_EPOCH");
    char *tmp = NULL, *dir = make_hostile(&tmp);
    ec_catalog *c = load(dir);
    const ec_locale *fr = locale_of(c, "fr");
    char *p = ec_xasprintf("%s/x.po", tmp);
    char *s = write_and_read(c, fr, p, NULL), *want = ec_xasprintf("#: %s:10\n", fr->path);
    expect_contains(s, want);
    free(s);
    s = write_and_read(c, fr, p, "i18n");
    expect_contains(s, "#: i18n/fr.yaml:10\n");
    free(s);
    s = write_and_read(c, fr, p, "other");
    expect_contains(s, "#: other/fr.yaml:10\n");
    free(s);
    s = write_and_read(c, fr, p, "");
    expect_contains(s, "#: fr.yaml:10\n");
    free(s);
    free(want);
    free(p);
    ec_catalog_free(c);
    ot_rm_rf(tmp);
    free(dir);
    free(tmp);
}

/* ---- errors ---- */

static void test_unwritable(void **state)
{
    (void)state;
    ec_catalog *c = load(ERRCAT_SOURCE_DIR "/i18n");
    char *err = NULL;
    assert_false(ec_po_write(c, &c->locales[1], "/nonexistent-dir/x/ko.po", NULL, -1, &err));
    assert_non_null(err);
    expect_contains(err, "/nonexistent-dir/x/ko.po");
    free(err);
    err = NULL;
    char *tmp = ot_mkdtemp();
    assert_false(ec_po_write(c, NULL, tmp, NULL, -1, &err)); /* a directory */
    assert_non_null(err);
    free(err);
    assert_false(ec_po_write(c, NULL, tmp, NULL, -1, NULL)); /* no message wanted */
    ot_rm_rf(tmp);
    free(tmp);
    ec_catalog_free(c);
}

/* A write that runs out of space (here: a file size limit) is an error,
 * although libgettextpo itself does not notice it. Runs in a child. */
static void test_short_write(void **state)
{
    (void)state;
    ec_catalog *c = load(ERRCAT_SOURCE_DIR "/i18n");
    char *tmp = ot_mkdtemp(), *p = ec_xasprintf("%s/ko.po", tmp);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit lim = {2000, 2000};
        char *err = NULL;
        bool ok =
            setrlimit(RLIMIT_FSIZE, &lim) == 0 && ec_po_write(c, &c->locales[3], p, NULL, -1, &err);
        _exit(!ok && err && strstr(err, p) ? 0 : 1);
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    /* And the same write without the limit succeeds. */
    write_po(c, &c->locales[3], p, NULL);
    ot_rm_rf(tmp);
    free(p);
    free(tmp);
    ec_catalog_free(c);
}

/* ---- Plural-Forms ---- */

static void test_plural_forms_lookup(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"ja", "nplurals=1; plural=0;"},          {"ko-KR", "nplurals=1; plural=0;"},
        {"zh_Hant_TW", "nplurals=1; plural=0;"},  {"ZH", "nplurals=1; plural=0;"},
        {"en", "nplurals=2; plural=(n != 1);"},   {"de-CH", "nplurals=2; plural=(n != 1);"},
        {"pt", "nplurals=2; plural=(n != 1);"},   {"pt-PT", "nplurals=2; plural=(n != 1);"},
        {"pt-BR", "nplurals=2; plural=(n > 1);"}, {"pt_br.UTF-8", "nplurals=2; plural=(n > 1);"},
        {"fr-CA", "nplurals=2; plural=(n > 1);"}, {"tlh", "nplurals=2; plural=(n != 1);"},
        {"", "nplurals=2; plural=(n != 1);"},     {"a", "nplurals=2; plural=(n != 1);"},
        {"s", "nplurals=2; plural=(n != 1);"},    {"br", "nplurals=2; plural=(n != 1);"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_string_equal(ec_po_plural_forms(cases[i][0]), cases[i][1]);
    assert_non_null(strstr(ec_po_plural_forms("ru"), "nplurals=3;"));
    assert_string_equal(ec_po_plural_forms("uk"), ec_po_plural_forms("ru"));
    assert_string_equal(ec_po_plural_forms("bs"), ec_po_plural_forms("hr"));
    assert_non_null(strstr(ec_po_plural_forms("ar-EG"), "nplurals=6;"));
    assert_non_null(strstr(ec_po_plural_forms("sl"), "nplurals=4;"));
    assert_non_null(strstr(ec_po_plural_forms("cy"), "nplurals=4;"));
    assert_non_null(strstr(ec_po_plural_forms(NULL), "nplurals=2;"));
}

/* A PO file with one plural message for `tag`'s Plural-Forms. */
static char *plural_po(const char *tag)
{
    const char *forms = ec_po_plural_forms(tag);
    int n = atoi(strstr(forms, "nplurals=") + 9);
    ec_buf b = {0};
    ec_buf_printf(&b,
                  "msgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: t\\n\"\n"
                  "\"PO-Revision-Date: 1970-01-01 00:00+0000\\n\"\n\"Last-Translator: \\n\"\n"
                  "\"Language-Team: %s\\n\"\n\"Language: %s\\n\"\n\"MIME-Version: 1.0\\n\"\n"
                  "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                  "\"Content-Transfer-Encoding: 8bit\\n\"\n\"Plural-Forms: %s\\n\"\n\n"
                  "msgid \"%%d file\"\nmsgid_plural \"%%d files\"\n",
                  tag, tag, forms);
    for (int i = 0; i < n; i++)
        ec_buf_printf(&b, "msgstr[%d] \"%%d x%d\"\n", i, i);
    return ec_buf_take(&b);
}

/* msgfmt -c accepts every formula of the table (it evaluates them). */
static void test_plural_forms_msgfmt(void **state)
{
    (void)state;
    static const char *const tags[] = {"ja", "en", "fr", "pt-BR", "lv", "ga", "ro", "lt",
                                       "ru", "cs", "pl", "sl",    "cy", "ar", "he", "xx"};
    char *tmp = ot_mkdtemp(), *po = ec_xasprintf("%s/p.po", tmp);
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++) {
        char *text = plural_po(tags[i]);
        ot_write(po, text, strlen(text));
        char *cmd = ec_xasprintf("LC_ALL=C msgfmt -c -o /dev/null '%s'", po);
        if (run(cmd) != 0)
            fail_msg("msgfmt -c rejects the Plural-Forms of %s:\n%s", tags[i], text);
        free(cmd);
        free(text);
    }
    ot_rm_rf(tmp);
    free(po);
    free(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_catalog),     cmocka_unit_test(test_fallback_catalog),
        cmocka_unit_test(test_hostile_catalog),     cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_source_date_epoch),   cmocka_unit_test(test_ref_name),
        cmocka_unit_test(test_unwritable),          cmocka_unit_test(test_short_write),
        cmocka_unit_test(test_plural_forms_lookup), cmocka_unit_test(test_plural_forms_msgfmt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
