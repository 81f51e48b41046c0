/* The checks that look at one entry at a time (with its source entry). */
#include "check/families.h"

#include "base/buf.h"
#include "base/unicode.h"
#include "check/context.h"
#include "model/catalog.h"
#include "model/report.h"
#include "errcat/errcat.h"

#include <stdlib.h>
#include <string.h>

void ec_check_empty(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src)
{
    if (!e->text_ok || !e->norm || e->norm[0])
        return;
    ec_finding_at(x, l, e, e->text_pos, EC_CHECK_EMPTY, 0,
                  e->text_len ? "the text of %s is only white space" : "the text of %s is empty",
                  e->key);
}

static void control_in(ec_ctx *x, const ec_locale *l, const ec_entry *e, const char *what,
                       const char *s, size_t n, ec_pos pos)
{
    size_t off = 0;
    int32_t c = ec_u_find_control(s, n, &off);
    if (c < 0)
        return;
    bool nonchar = c >= 0xfdd0; /* see ec_u_find_control */
    ec_finding_at(x, l, e, pos, EC_CHECK_ENCODING, 0,
                  "the %s of %s contains the %s U+%04X%s at byte %zu", what, e->key,
                  nonchar ? "noncharacter" : "control character", (unsigned)c,
                  c == 0 ? " (NUL)" : "", off);
}

void ec_check_encoding(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src)
{
    if (e->text && (e->facts & (EC_FACT_CONTROL | EC_FACT_KNOWN)) != EC_FACT_KNOWN)
        control_in(x, l, e, "text", e->text, e->text_len, e->text_pos);
    if (e->source)
        control_in(x, l, e, "source snapshot", e->source, e->source_len, e->source_pos);
}

/* ---- placeholders ---- */

typedef struct {
    char **v;
    size_t n;
    char **ordered; /* the non-positional conversions, in order */
    size_t nordered;
} placeholders;

static void ph_add(placeholders *p, const char *s, size_t n, bool ordered)
{
    p->v = ec_xrealloc(p->v, (p->n + 1) * sizeof *p->v);
    p->v[p->n++] = ec_xstrndup(s, n);
    if (ordered) {
        p->ordered = ec_xrealloc(p->ordered, (p->nordered + 1) * sizeof *p->ordered);
        p->ordered[p->nordered++] = p->v[p->n - 1];
    }
}

static size_t digits(const char *s)
{
    size_t i = 0;
    while (s[i] >= '0' && s[i] <= '9')
        i++;
    return i;
}

/* Length of the printf conversion at s ('%'), or 0 when it is none. A space
 * flag is not accepted: "50% off" is prose, not "% o". */
static size_t printf_conv(const char *s, bool *positional)
{
    size_t i = 1, d;
    *positional = false;
    if (s[1] == '%')
        return 2;
    if ((d = digits(s + i)) && s[i + d] == '$') {
        *positional = true;
        i += d + 1;
    }
    while (s[i] && strchr("-+#0'", s[i]))
        i++;
    if (s[i] == '*')
        i++;
    else
        i += digits(s + i);
    if (s[i] == '.') {
        i++;
        if (s[i] == '*')
            i++;
        else
            i += digits(s + i);
    }
    static const char *const lengths[] = {"hh", "ll", "h", "l", "L", "q", "j", "z", "t"};
    for (size_t k = 0; k < sizeof lengths / sizeof *lengths; k++) {
        size_t ln = strlen(lengths[k]);
        if (!strncmp(s + i, lengths[k], ln)) {
            i += ln;
            break;
        }
    }
    return (s[i] && strchr("diouxXeEfFgGaAcspnCS", s[i])) ? i + 1 : 0;
}

/* Length of a brace argument at s ('{'): {0}, {name}, {name,...}, {name:...}. */
static size_t brace_arg(const char *s, size_t *name_len)
{
    size_t i = 1;
    while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
           (s[i] >= '0' && s[i] <= '9') || s[i] == '_')
        i++;
    *name_len = i;
    if (i == 1)
        return 0;
    if (s[i] == '}')
        return i + 1;
    if (s[i] != ',' && s[i] != ':')
        return 0;
    for (int depth = 1; s[i]; i++) {
        depth += (s[i] == '{') - (s[i] == '}');
        if (depth == 0)
            return i + 1;
    }
    return 0;
}

static void ph_collect(placeholders *p, const char *s)
{
    for (size_t i = 0; s[i];) {
        bool pos;
        size_t n, name_len;
        if (s[i] == '%' && (n = printf_conv(s + i, &pos))) {
            ph_add(p, s + i, n, !pos && s[i + 1] != '%');
            i += n;
        } else if (s[i] == '{' && s[i + 1] == '{') {
            i += 2; /* an escaped brace */
        } else if (s[i] == '{' && (n = brace_arg(s + i, &name_len))) {
            ec_buf b = {0};
            ec_buf_put(&b, s + i, name_len);
            ec_buf_putc(&b, '}');
            ph_add(p, b.data, b.len, false);
            ec_buf_free(&b);
            i += n;
        } else {
            i++;
        }
    }
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ph_equal(placeholders *a, placeholders *b)
{
    if (a->n != b->n || a->nordered != b->nordered)
        return false;
    for (size_t i = 0; i < a->nordered; i++)
        if (strcmp(a->ordered[i], b->ordered[i]))
            return false;
    char **x = ec_xmalloc((a->n + 1) * sizeof *x), **y = ec_xmalloc((b->n + 1) * sizeof *y);
    if (a->n) { /* a->v and b->v are NULL without placeholders */
        memcpy(x, a->v, a->n * sizeof *x);
        memcpy(y, b->v, b->n * sizeof *y);
        qsort(x, a->n, sizeof *x, str_cmp);
        qsort(y, b->n, sizeof *y, str_cmp);
    }
    bool eq = true;
    for (size_t i = 0; i < a->n && eq; i++)
        eq = !strcmp(x[i], y[i]);
    free(x);
    free(y);
    return eq;
}

static void ph_describe(ec_buf *b, const placeholders *p)
{
    if (!p->n)
        ec_buf_puts(b, "none");
    for (size_t i = 0; i < p->n; i++)
        ec_buf_printf(b, "%s%s", i ? " " : "", p->v[i]);
}

static void ph_free(placeholders *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
    free(p->ordered);
}

void ec_check_placeholder(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src)
{
    if (!src || !src->text_ok || !e->text_ok)
        return;
    if (!strpbrk(src->text, "%{") && !strpbrk(e->text, "%{"))
        return;
    placeholders a = {0}, b = {0};
    ph_collect(&a, src->text);
    ph_collect(&b, e->text);
    if (!ph_equal(&a, &b)) {
        ec_buf sa = {0}, sb = {0};
        ph_describe(&sa, &a);
        ph_describe(&sb, &b);
        ec_finding_at(x, l, e, e->text_pos, EC_CHECK_PLACEHOLDER, 0,
                      "the placeholders of %s differ from the source text's: %s has %s, the "
                      "source has %s",
                      e->key, l->tag, sb.data, sa.data);
        ec_buf_free(&sa);
        ec_buf_free(&sb);
    }
    ph_free(&a);
    ph_free(&b);
}

/* ---- stale ---- */

void ec_check_stale(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src)
{
    ec_staleness st = ec_entry_staleness(x->cat, l, e, src);
    if (st == EC_STALE_NO_SNAPSHOT) {
        ec_finding_at(x, l, e, e->text_pos, EC_CHECK_STALE, 0,
                      "%s has no snapshot: the catalog keeps snapshots, and nothing says which "
                      "source text this translation was made from (errcat sync adds the current "
                      "one after a review)",
                      e->key);
        return;
    }
    if (st != EC_STALE_CHANGED)
        return;
    char *snap = ec_u_comparable(e->source, e->source_len);
    ec_finding_at(x, l, e, e->source_pos, EC_CHECK_STALE, 0,
                  "the source text of %s changed since this translation was made: it was "
                  "\"%s\", it is now \"%s\"",
                  e->key, snap, src->norm);
    free(snap);
}

/* ---- untranslated ---- */

static void translatable_token(const ec_token *t, void *ctx)
{
    bool *found = ctx;
    bool term = t->is_number || t->upper >= 2 || t->has_digit;
    if (!term)
        *found = true;
}

/* The EC_SCRIPT_* set of the letters of an entry's text. */
static unsigned scripts_of(const ec_entry *e)
{
    return (e->facts & EC_FACT_KNOWN) ? e->facts & EC_FACT_SCRIPTS
                                      : ec_u_scripts(e->text, e->text_len, NULL);
}

/* Does the text hold anything beyond terms and numbers, i.e. words to
 * translate? */
static bool has_words(const ec_entry *e)
{
    if (scripts_of(e) & ~(unsigned)EC_SCRIPT_LATIN)
        return true;
    bool found = false;
    ec_u_tokens(e->text, e->text_len, translatable_token, &found);
    return found;
}

void ec_check_untranslated(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src)
{
    if (!src || !src->norm || !e->norm || !e->norm[0] || strcmp(e->norm, src->norm) != 0)
        return;
    const ec_locale *sl = ec_catalog_source(x->cat);
    if (sl && !strcmp(sl->lang, l->lang))
        return; /* en-GB may well say what en says */
    if (!has_words(src))
        return;
    ec_finding_at(x, l, e, e->text_pos, EC_CHECK_UNTRANSLATED, 0,
                  "the %s text of %s is identical to the source text \"%s\"", l->tag, e->key,
                  src->norm);
}

/* ---- script ---- */

/* The letters of one EC_SCRIPT_* bit, as messages name them. */
static const char *script_name(unsigned bit)
{
    switch (bit) {
    case EC_SCRIPT_HANGUL: return "Hangul";
    case EC_SCRIPT_KANA: return "kana";
    case EC_SCRIPT_HAN: return "Han characters";
    case EC_SCRIPT_LATIN: return "Latin letters";
    default: return "letters of its script";
    }
}

/* What a text of a locale written in `s` needs. */
static const char *script_label(unsigned s)
{
    if (s == (EC_SCRIPT_KANA | EC_SCRIPT_HAN))
        return "kana or Han characters";
    return script_name(s);
}

/* The CJK scripts that are foreign to a locale written in `own`. */
static unsigned foreign_to(unsigned own)
{
    switch (own) {
    case EC_SCRIPT_HAN: return EC_SCRIPT_KANA | EC_SCRIPT_HANGUL;
    case EC_SCRIPT_KANA | EC_SCRIPT_HAN: return EC_SCRIPT_HANGUL;
    case EC_SCRIPT_HANGUL: return EC_SCRIPT_KANA;
    case 0: return 0;
    default: return EC_SCRIPT_HAN | EC_SCRIPT_KANA | EC_SCRIPT_HANGUL;
    }
}

/* The first of the foreign CJK scripts `s` that a message names. */
static const char *foreign_label(unsigned s)
{
    if (s & EC_SCRIPT_HANGUL)
        return script_name(EC_SCRIPT_HANGUL);
    if (s & EC_SCRIPT_KANA)
        return script_name(EC_SCRIPT_KANA);
    return script_name(EC_SCRIPT_HAN);
}

void ec_check_script(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src)
{
    if (!e->text_ok || !e->text_len || !l->script)
        return;
    unsigned set = scripts_of(e);
    if (!set)
        return; /* no letters at all: digits and punctuation need no script */
    if (!has_words(e))
        return; /* only terms and numbers ("OK", "HTTP 404"): they stay as they are */
    bool has_own = l->script == EC_SCRIPT_OTHER
                       ? ec_u_has_script(e->text, e->text_len, l->script_code)
                       : (set & l->script) != 0;
    if (!has_own) {
        if (l->script == EC_SCRIPT_OTHER)
            ec_finding_at(x, l, e, e->text_pos, EC_CHECK_SCRIPT, 0,
                          "the %s text of %s has no letters of the %s script", l->tag, e->key,
                          l->script_code);
        else
            ec_finding_at(x, l, e, e->text_pos, EC_CHECK_SCRIPT, 0, "the %s text of %s has no %s",
                          l->tag, e->key, script_label(l->script));
    }
    unsigned foreign = set & foreign_to(l->script);
    if (foreign)
        ec_finding_at(x, l, e, e->text_pos, EC_CHECK_SCRIPT, 0,
                      "the %s text of %s carries %s, which %s does not use", l->tag, e->key,
                      foreign_label(foreign), l->tag);
}

/* ---- whitespace and nfc ---- */

void ec_check_whitespace(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src)
{
    if (!e->text_ok || !e->norm || !e->norm[0])
        return;
    const char *problem = (e->facts & EC_FACT_KNOWN)
                              ? ec_u_facts_whitespace(e->facts)
                              : ec_u_whitespace_problem(e->text, e->text_len);
    /* a final line break from `>` or `|`: the block scalar's header says why */
    if (problem && e->clipped)
        ec_finding_at(x, l, e, e->text_pos, EC_CHECK_WHITESPACE, 0,
                      "the text of %s %s (the final line break of the `%c` block scalar: write "
                      "`%c-` to drop it)",
                      e->key, problem, e->clipped, e->clipped);
    else if (problem)
        ec_finding_at(x, l, e, e->text_pos, EC_CHECK_WHITESPACE, 0, "the text of %s %s", e->key,
                      problem);
}

void ec_check_nfc(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src)
{
    bool sure = (e->facts & (EC_FACT_KNOWN | EC_FACT_NFC_UNSURE)) == EC_FACT_KNOWN;
    if (e->text_ok && !sure && !ec_u_is_nfc(e->text, e->text_len))
        ec_finding_at(x, l, e, e->text_pos, EC_CHECK_NFC, 0,
                      "the text of %s is not in Unicode NFC (normalise it to NFC)", e->key);
}
