/* The checks that look at one entry at a time (with its source entry). */
#include "check/families.h"

#include "base/buf.h"
#include "base/cformat.h"
#include "base/unicode.h"
#include "check/context.h"
#include "model/catalog.h"
#include "model/report.h"
#include "errcat/errcat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether the comparable form of e's text is empty, from the facts when
 * the loader found them (without reading the text). */
static bool blank(const ec_entry *e)
{
    return (e->facts & EC_FACT_KNOWN) ? (e->facts & EC_FACT_BLANK) != 0 : !ec_norm(e)[0];
}

void ec_check_empty(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src)
{
    if (!e->text_ok || !ec_norm(e) || !blank(e))
        return;
    ec_finding_at(x, l, e, e->text_pos, EC_CHECK_EMPTY, 0,
                  e->text_len ? "the text of %s is only white space" : "the text of %s is empty",
                  EC_KEY(e));
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
                  "the %s of %s contains the %s U+%04X%s at byte %zu", what, EC_KEY(e),
                  nonchar ? "noncharacter" : "control character", (unsigned)c,
                  c == 0 ? " (NUL)" : "", off);
}

void ec_check_encoding(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src)
{
    if (e->text && (e->facts & (EC_FACT_CONTROL | EC_FACT_KNOWN)) != EC_FACT_KNOWN)
        control_in(x, l, e, "text", e->text, e->text_len, e->text_pos);
    if (EC_X(e)->source)
        control_in(x, l, e, "source snapshot", EC_X(e)->source, EC_X(e)->source_len,
                   EC_X(e)->source_pos);
}

/* ---- placeholders ---- */

/* The brace arguments of a text ("{0}", "{name}", "{}"), each with where it
 * starts. */
typedef struct {
    char **v;
    size_t *at, *len; /* where each starts, and its length in the text */
    size_t n;
} braces;

static void brace_add(braces *p, const char *s, size_t n, size_t at, size_t len)
{
    p->v = ec_xrealloc(p->v, (p->n + 1) * sizeof *p->v);
    p->at = ec_xrealloc(p->at, (p->n + 1) * sizeof *p->at);
    p->len = ec_xrealloc(p->len, (p->n + 1) * sizeof *p->len);
    p->at[p->n] = at;
    p->len[p->n] = len;
    p->v[p->n++] = ec_xstrndup(s, n);
}

/* Length of a brace argument at s ('{'): {0}, {name}, {name,...},
 * {name:...}, and the auto-numbered {} and {:...}; `name_len` gets the
 * length of its '{' and name. */
static size_t brace_arg(const char *s, size_t *name_len)
{
    size_t i = 1;
    while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
           (s[i] >= '0' && s[i] <= '9') || s[i] == '_')
        i++;
    *name_len = i;
    if (s[i] == '}')
        return i + 1;
    if ((s[i] != ',' || i == 1) && s[i] != ':')
        return 0;
    for (int depth = 1; s[i]; i++) {
        depth += (s[i] == '{') - (s[i] == '}');
        if (depth == 0)
            return i + 1;
    }
    return 0;
}

static void braces_collect(braces *p, const char *s)
{
    for (size_t i = 0; s[i];) {
        size_t n, name_len;
        if (s[i] == '{' && s[i + 1] == '{') {
            i += 2; /* an escaped brace */
        } else if (s[i] == '{' && (n = brace_arg(s + i, &name_len))) {
            ec_buf b = {0};
            ec_buf_put(&b, s + i, name_len);
            ec_buf_putc(&b, '}');
            brace_add(p, b.data, b.len, i, n);
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

/* Do two texts have the same multiset of brace arguments? */
static bool braces_equal(const braces *a, const braces *b)
{
    if (a->n != b->n)
        return false;
    if (!a->n)
        return true;
    char **x = ec_xmalloc(a->n * sizeof *x), **y = ec_xmalloc(b->n * sizeof *y);
    memcpy(x, a->v, a->n * sizeof *x);
    memcpy(y, b->v, b->n * sizeof *y);
    qsort(x, a->n, sizeof *x, str_cmp);
    qsort(y, b->n, sizeof *y, str_cmp);
    bool eq = true;
    for (size_t i = 0; i < a->n && eq; i++)
        eq = !strcmp(x[i], y[i]);
    free(x);
    free(y);
    return eq;
}

static void braces_free(braces *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
    free(p->at);
    free(p->len);
}

/* The placeholders of text `s` in text order: its printf directives as
 * written and its brace arguments by name; "none" without any. */
static void describe(ec_buf *out, const char *s, const ec_cfmt *f, const braces *b)
{
    size_t i = 0, j = 0;
    if (!f->ndirs && !b->n)
        ec_buf_puts(out, "none");
    while (i < f->ndirs || j < b->n) {
        if (i + j)
            ec_buf_putc(out, ' ');
        if (j == b->n || (i < f->ndirs && f->dirs[i].start < b->at[j])) {
            ec_buf_put(out, s + f->dirs[i].start, f->dirs[i].len);
            i++;
        } else {
            ec_buf_puts(out, b->v[j++]);
        }
    }
}

/* Why translation `t` (of locale `tag`) does not take the printf arguments
 * source `s` takes, as msgfmt -c judges c-format strings: into `why`, left
 * empty when it does. A source that is no valid format is not compared; a
 * source without directives only wants a translation without arguments. */
static void printf_difference(char *why, size_t size, const ec_cfmt *s, const ec_cfmt *t,
                              const char *tag)
{
    why[0] = '\0';
    if (!s->valid)
        return;
    if (s->ndirs && !t->valid) {
        snprintf(why, size, "the %s text is no valid printf format: %s", tag, t->why);
    } else if (s->nargs != t->nargs && (s->ndirs || t->nargs)) {
        char n[24] = "none";
        if (s->nargs)
            snprintf(n, sizeof n, "%zu", s->nargs);
        snprintf(why, size, "%s takes %zu printf argument%s, the source %s", tag, t->nargs,
                 t->nargs == 1 ? "" : "s", n);
    } else if (s->ndirs) {
        for (size_t i = 0; i < s->nargs; i++) {
            if (s->args[i] == t->args[i])
                continue;
            char a[40], b[40];
            snprintf(why, size, "printf argument %zu is %s in the source, %s in %s", i + 1,
                     ec_cfmt_type_name(s->args[i], a), ec_cfmt_type_name(t->args[i], b), tag);
            break;
        }
    }
}

bool ec_placeholders_differ(const char *src, const char *text, const char *tag, ec_buf *out)
{
    ec_cfmt fs, ft;
    braces bs = {0}, bt = {0};
    ec_cfmt_parse(&fs, src, EC_CFMT_SPACE_IS_PROSE);
    ec_cfmt_parse(&ft, text, EC_CFMT_SPACE_IS_PROSE | EC_CFMT_TRANSLATED);
    braces_collect(&bs, src);
    braces_collect(&bt, text);
    char why[256];
    printf_difference(why, sizeof why, &fs, &ft, tag);
    bool differ = why[0] || !braces_equal(&bs, &bt);
    if (differ && out) {
        ec_buf_printf(out, "%s has ", tag);
        describe(out, text, &ft, &bt);
        ec_buf_puts(out, ", the source has ");
        describe(out, src, &fs, &bs);
        if (why[0])
            ec_buf_printf(out, "; %s", why);
    }
    ec_cfmt_free(&fs);
    ec_cfmt_free(&ft);
    braces_free(&bs);
    braces_free(&bt);
    return differ;
}

ec_span *ec_placeholder_spans(const char *s, bool translated, size_t *n)
{
    ec_cfmt f;
    braces b = {0};
    ec_cfmt_parse(&f, s, EC_CFMT_SPACE_IS_PROSE | (translated ? EC_CFMT_TRANSLATED : 0));
    braces_collect(&b, s);
    ec_span *v = ec_xmalloc((f.ndirs + b.n + 1) * sizeof *v);
    size_t i = 0, j = 0, k = 0, end = 0;
    while (i < f.ndirs || j < b.n) {
        ec_span next;
        if (j == b.n || (i < f.ndirs && f.dirs[i].start < b.at[j])) {
            next = (ec_span){f.dirs[i].start, f.dirs[i].len};
            i++;
        } else {
            next = (ec_span){b.at[j], b.len[j]};
            j++;
        }
        if (next.start >= end) { /* "{a,%s}": the brace argument holds the directive */
            v[k++] = next;
            end = next.start + next.len;
        }
    }
    ec_cfmt_free(&f);
    braces_free(&b);
    *n = k;
    return v;
}

/* Whether the text may hold a placeholder: a '%' or '{', from the facts
 * when they are known (which also see past a NUL byte, where the
 * placeholders' parser then finds nothing). */
static bool has_markup(const ec_entry *e)
{
    return (e->facts & EC_FACT_KNOWN) ? (e->facts & EC_FACT_MARKUP) != 0
                                      : strpbrk(e->text, "%{") != NULL;
}

void ec_check_placeholder(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src)
{
    if (!src || !src->text_ok || !e->text_ok)
        return;
    if (!has_markup(src) && !has_markup(e))
        return;
    ec_buf msg = {0};
    if (ec_placeholders_differ(src->text, e->text, l->tag, &msg))
        ec_finding_at(x, l, e, e->text_pos, EC_CHECK_PLACEHOLDER, 0,
                      "the placeholders of %s differ from the source text's: %s", EC_KEY(e),
                      msg.data);
    ec_buf_free(&msg);
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
                      EC_KEY(e));
        return;
    }
    if (st != EC_STALE_CHANGED)
        return;
    char *snap = ec_u_comparable(EC_X(e)->source, EC_X(e)->source_len);
    ec_finding_at(x, l, e, EC_X(e)->source_pos, EC_CHECK_STALE, 0,
                  "the source text of %s changed since this translation was made: it was "
                  "\"%s\", it is now \"%s\"",
                  EC_KEY(e), snap, ec_norm(src));
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
    if (!src || !ec_norm(src) || !ec_norm(e))
        return;
    /* Facts are a function of the text: plain texts (each its own
     * comparable form) with different facts differ, unread. */
    if ((e->facts & src->facts & EC_FACT_PLAIN) && e->facts != src->facts)
        return;
    if (blank(e) || strcmp(ec_norm(e), ec_norm(src)) != 0)
        return;
    const ec_locale *sl = ec_catalog_source(x->cat);
    if (sl && !strcmp(sl->lang, l->lang))
        return; /* en-GB may well say what en says */
    if (!has_words(src))
        return;
    if (ec_u_one_word(ec_norm(src), strlen(ec_norm(src))))
        return; /* "Mozilla", "OK": a word many languages keep as it is */
    ec_finding_at(x, l, e, e->text_pos, EC_CHECK_UNTRANSLATED, 0,
                  "the %s text of %s is identical to the source text \"%s\"", l->tag, EC_KEY(e),
                  ec_norm(src));
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
    bool has_own = l->script == EC_SCRIPT_OTHER
                       ? ec_u_has_script(e->text, e->text_len, l->script_code)
                       : (set & l->script) != 0;
    unsigned foreign = set & foreign_to(l->script);
    /* (asked last: the words are found by a pass over the text) */
    if ((has_own && !foreign) || !has_words(e))
        return; /* only terms and numbers ("OK", "HTTP 404"): they stay as they are */
    if (!has_own) {
        if (l->script == EC_SCRIPT_OTHER)
            ec_finding_at(x, l, e, e->text_pos, EC_CHECK_SCRIPT, 0,
                          "the %s text of %s has no letters of the %s script", l->tag, EC_KEY(e),
                          l->script_code);
        else
            ec_finding_at(x, l, e, e->text_pos, EC_CHECK_SCRIPT, 0, "the %s text of %s has no %s",
                          l->tag, EC_KEY(e), script_label(l->script));
    }
    if (foreign)
        ec_finding_at(x, l, e, e->text_pos, EC_CHECK_SCRIPT, 0,
                      "the %s text of %s carries %s, which %s does not use", l->tag, EC_KEY(e),
                      foreign_label(foreign), l->tag);
}

/* ---- whitespace and nfc ---- */

/* What a leading (or trailing) run of white space is, in messages. */
static const char *run_name(unsigned shape, unsigned brk)
{
    return (shape & brk) ? "line break" : "white space";
}

/* What is wrong with the white space of translation `t` (shape) against its
 * source's (`s`), or NULL: the translation keeps the source's leading and
 * trailing white space and line breaks, and adds no line break, tab or
 * doubled space the source does not have. */
static const char *ws_against_source(unsigned t, unsigned s, char *buf, size_t size)
{
    static const struct {
        unsigned space, brk;
        const char *where; /* "leading", "trailing" */
        const char *verb;  /* "starts", "ends" */
    } runs[] = {{EC_WS_LEAD_SPACE, EC_WS_LEAD_BREAK, "leading", "starts"},
                {EC_WS_TRAIL_SPACE, EC_WS_TRAIL_BREAK, "trailing", "ends"}};
    for (size_t i = 0; i < 2; i++) {
        unsigned mask = runs[i].space | runs[i].brk, tr = t & mask, sr = s & mask;
        if (tr == sr)
            continue;
        if (!tr)
            snprintf(buf, size, "lacks the %s %s of the source text", runs[i].where,
                     run_name(s, runs[i].brk));
        else if (!sr)
            snprintf(buf, size, "has %s%s %s", (t & runs[i].brk) ? "a " : "", runs[i].where,
                     run_name(t, runs[i].brk));
        else
            snprintf(buf, size, "%s with %s, the source text with %s", runs[i].verb,
                     tr & runs[i].brk ? "a line break" : "white space",
                     sr & runs[i].brk ? "a line break" : "white space");
        return buf;
    }
    unsigned added = t & ~s;
    return (added & EC_WS_INNER_BREAK) ? "contains a line break"
           : (added & EC_WS_TAB)       ? "contains a tab"
           : (added & EC_WS_DOUBLED)   ? "has doubled spaces"
                                       : NULL;
}

/* The white-space problem of a text on its own (the source's), or NULL. */
static const char *ws_own(const ec_entry *e)
{
    return (e->facts & EC_FACT_KNOWN) ? ec_u_facts_whitespace(e->facts)
                                      : ec_u_whitespace_problem(e->text, e->text_len);
}

void ec_check_whitespace(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src)
{
    if (!e->text_ok || !ec_norm(e) || blank(e))
        return;
    const char *problem = ws_own(e);
    char buf[128];
    if (src && src->text_ok && src != e) {
        /* a translation: judged against its source, which gets its own finding */
        if (!problem && !ws_own(src))
            return;
        problem =
            ws_against_source(ec_u_whitespace_shape(e->text, e->text_len),
                              ec_u_whitespace_shape(src->text, src->text_len), buf, sizeof buf);
    }
    /* a final line break from `>` or `|`: the block scalar's header says why */
    char clip = e->clipped == EC_CLIP_FOLDED ? '>' : '|';
    if (problem && e->clipped)
        ec_finding_at(x, l, e, e->text_pos, EC_CHECK_WHITESPACE, 0,
                      "the text of %s %s (the final line break of the `%c` block scalar: write "
                      "`%c-` to drop it)",
                      EC_KEY(e), problem, clip, clip);
    else if (problem)
        ec_finding_at(x, l, e, e->text_pos, EC_CHECK_WHITESPACE, 0, "the text of %s %s", EC_KEY(e),
                      problem);
}

void ec_check_nfc(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src)
{
    bool sure = (e->facts & (EC_FACT_KNOWN | EC_FACT_NFC_UNSURE)) == EC_FACT_KNOWN;
    if (e->text_ok && !sure && !ec_u_is_nfc(e->text, e->text_len))
        ec_finding_at(x, l, e, e->text_pos, EC_CHECK_NFC, 0,
                      "the text of %s is not in Unicode NFC (normalise it to NFC)", EC_KEY(e));
}
