/* errcat's PO serialiser: the bytes libgettextpo's po_file_write (gettext
 * 0.21, write-po.c) writes for the same messages in a UTF-8 PO file, with
 * the page width 79, no indentation and no escaping of other control
 * characters. Line breaking is libunistring's, as gettext's own. Nothing
 * here keeps state between calls: any number of threads may render. */
#include "output/po.h"

#include "base/buf.h"
#include "base/cformat.h"

#include <unilbrk.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The page width of libgettextpo's writer. */
#define PAGE_WIDTH 79

/* Scratch arrays for one string's portion, reused from string to string. */
typedef struct {
    char *portion;   /* the escaped bytes */
    char *overrides; /* UC_BREAK_PROHIBITED where a break must not be */
    char *breaks;    /* what libunistring decided */
    size_t cap;
    char *inside; /* per byte of the value: 1 inside a format directive, after its '%' */
    size_t inside_cap;
} scratch;

/* Grows the scratch arrays to hold `n` bytes of portion. */
static void scratch_reserve(scratch *sc, size_t n)
{
    if (n <= sc->cap)
        return;
    size_t cap = sc->cap ? sc->cap : 256;
    while (cap < n)
        cap *= 2;
    sc->portion = ec_xrealloc(sc->portion, cap);
    sc->overrides = ec_xrealloc(sc->overrides, cap);
    sc->breaks = ec_xrealloc(sc->breaks, cap);
    sc->cap = cap;
}

static void scratch_free(scratch *sc)
{
    free(sc->portion);
    free(sc->overrides);
    free(sc->breaks);
    free(sc->inside);
}

/* The letter of a C escape gettext writes for byte `c`, or 0. */
static char escape_letter(char c)
{
    switch (c) {
    case '\a': return 'a';
    case '\b': return 'b';
    case '\f': return 'f';
    case '\n': return 'n';
    case '\r': return 'r';
    case '\t': return 't';
    case '\v': return 'v';
    case '\\': return '\\';
    case '"': return '"';
    default: return 0;
    }
}

/* Reads "m$" (digits, then '$') at *p: m, and *p past it; else 0. */
static size_t arg_number(const char **p)
{
    const char *q = *p;
    size_t m = 0;
    while (*q >= '0' && *q <= '9')
        m = m * 10 + (size_t)(*q++ - '0');
    if (q == *p || *q != '$')
        return 0;
    *p = q + 1;
    return m;
}

/* Counts of numbered and unnumbered arguments so far, as gettext's parser
 * keeps them: it rejects the first argument that mixes the two kinds. */
typedef struct {
    size_t numbered, unnumbered;
} arg_kinds;

/* Notes one argument; false when it mixes the kinds. */
static bool note_arg(arg_kinds *k, bool numbered)
{
    if (numbered ? k->unnumbered : k->numbered)
        return false;
    numbered ? k->numbered++ : k->unnumbered++;
    return true;
}

/* Notes the arguments of the directive dir[0..len) (which parsed) in the
 * order gettext reads them: width, precision, conversion. False when one
 * of them mixes numbered and unnumbered arguments: gettext stops there. */
static bool directive_args(arg_kinds *k, const char *dir, size_t len)
{
    const char *p = dir + 1;
    size_t number = arg_number(&p);
    while (*p && strchr(" +-#0'I", *p))
        p++;
    for (int field = 0; field < 2; field++) { /* the width, then the precision */
        if (field == 1) {
            if (*p != '.')
                break;
            p++;
        }
        if (*p == '*') {
            p++;
            if (!note_arg(k, arg_number(&p) > 0))
                return false;
        }
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return dir[len - 1] == '%' || note_arg(k, number > 0);
}

/* Marks in sc->inside the bytes of `value` that gettext keeps on one line
 * because they continue a c-format directive: every byte of a directive
 * after its '%', for the directives before the first one gettext's parser
 * rejects (it stops there). NULL when `value` has none. */
static const char *directive_bytes(scratch *sc, const char *value, size_t n, bool msgstr)
{
    if (!memchr(value, '%', n))
        return NULL;
    if (n > sc->inside_cap) {
        sc->inside = ec_xrealloc(sc->inside, n);
        sc->inside_cap = n;
    }
    memset(sc->inside, 0, n);
    ec_cfmt f;
    ec_cfmt_parse(&f, value, msgstr ? EC_CFMT_TRANSLATED : 0);
    size_t at = 0; /* every '%' before `at` began a directive that parsed */
    arg_kinds k = {0, 0};
    for (size_t d = 0; d < f.ndirs; d++) {
        const ec_cfmt_dir *dir = &f.dirs[d];
        if (memchr(value + at, '%', dir->start - at))
            break; /* a '%' that began no directive: gettext stopped there */
        if (!directive_args(&k, value + dir->start, dir->len))
            break;
        memset(sc->inside + dir->start + 1, 1, dir->len - 1);
        at = dir->start + dir->len;
    }
    ec_cfmt_free(&f);
    return sc->inside;
}

/* Escapes the portion value[from..to) into sc->portion, the runs without
 * a byte to escape copied at once; returns its length. */
static size_t escape_portion(scratch *sc, const char *value, size_t from, size_t to)
{
    scratch_reserve(sc, 2 * (to - from) + 1);
    char *p = sc->portion;
    for (size_t i = from; i < to;) {
        size_t run = i;
        while (run < to && !escape_letter(value[run]))
            run++;
        memcpy(p, value + i, run - i);
        p += run - i;
        if (run == to)
            break;
        *p++ = '\\';
        *p++ = escape_letter(value[run]);
        i = run + 1;
    }
    return (size_t)(p - sc->portion);
}

/* The break overrides of the portion value[from..to), escaped by
 * escape_portion() into `len` bytes, into sc->overrides (`inside`: see
 * directive_bytes): only a portion that needs breaking needs them. */
static void portion_overrides(scratch *sc, const char *value, size_t from, size_t to, size_t len,
                              const char *inside)
{
    char *o = sc->overrides;
    for (size_t i = from; i < to; i++) {
        unsigned char c = (unsigned char)value[i];
        char brk = inside && inside[i] ? UC_BREAK_PROHIBITED : UC_BREAK_UNDEFINED;
        if (escape_letter((char)c)) {
            *o++ = brk;
            *o++ = UC_BREAK_PROHIBITED;
        } else { /* never inside a UTF-8 character */
            *o++ = (c & 0xC0) == 0x80 ? UC_BREAK_PROHIBITED : brk;
        }
    }
    /* no break right before a final "\n" */
    if (to > from && value[to - 1] == '\n')
        sc->overrides[len - 2] = UC_BREAK_PROHIBITED;
}

/* Starts a line: the prefix ("#| " or none). */
static void put_prefix(ec_buf *b, const char *prefix, size_t prefix_len)
{
    if (prefix_len)
        ec_buf_put(b, prefix, prefix_len);
}

/* Appends `name "value"` as gettext wraps it: one line per '\n'-ended
 * portion, each broken where libunistring allows, so that no line passes
 * the page width when it can be helped; a first line `name ""` when the
 * value takes several lines. */
static void put_string(ec_buf *b, scratch *sc, const char *prefix, const char *name,
                       const char *value, bool c_format, bool msgstr)
{
    /* the directives, found only for a portion that needs breaking */
    const char *inside = NULL;
    bool inside_known = !c_format;
    size_t prefix_len = prefix ? strlen(prefix) : 0, name_len = strlen(name);
    int after_break = (int)prefix_len + 1; /* column of a continuation's text */
    int width = PAGE_WIDTH - 1 - after_break;
    bool first = true;
    size_t s = 0;
    do {
        const char *nl = strchr(value + s, '\n');
        size_t es = nl ? (size_t)(nl - value) + 1 : s + strlen(value + s);
        size_t len = escape_portion(sc, value, s, es);
        int start;
        bool broken = false; /* sc->breaks holds libunistring's breaks */
        for (;;) {
            start = (int)prefix_len + (first ? (int)name_len + 1 : 0) + 1 - after_break;
            /* No character is wider than its UTF-8 bytes (two columns at
             * most, from three bytes up), so a portion whose bytes fit on
             * the line takes no break: most messages do. */
            broken = !(start >= 0 && (size_t)start + len < (size_t)width);
            if (broken) {
                if (!inside_known) {
                    inside = directive_bytes(sc, value, strlen(value), msgstr);
                    inside_known = true;
                }
                portion_overrides(sc, value, s, es, len, inside);
                u8_width_linebreaks((const uint8_t *)sc->portion, len, width, start, 0,
                                    sc->overrides, "UTF-8", sc->breaks);
            }
            if (!(first && len > 0 &&
                  (value[es] || start > width ||
                   (broken && memchr(sc->breaks, UC_BREAK_POSSIBLE, len)))))
                break;
            put_prefix(b, prefix, prefix_len);
            ec_buf_put(b, name, name_len);
            ec_buf_put(b, " \"\"\n", 4);
            first = false;
        }
        ec_buf_reserve(b, prefix_len + name_len + len + 4);
        put_prefix(b, prefix, prefix_len);
        if (first) {
            ec_buf_put(b, name, name_len);
            ec_buf_putc(b, ' ');
            first = false;
        }
        ec_buf_putc(b, '"');
        size_t run = 0; /* the bytes of the current line not yet appended */
        for (size_t i = 0; broken && i < len; i++) {
            if (sc->breaks[i] != UC_BREAK_POSSIBLE)
                continue;
            ec_buf_put(b, sc->portion + run, i - run);
            ec_buf_put(b, "\"\n", 2);
            put_prefix(b, prefix, prefix_len);
            ec_buf_putc(b, '"');
            run = i;
        }
        ec_buf_put(b, sc->portion + run, len - run);
        ec_buf_put(b, "\"\n", 2);
        s = es;
    } while (value[s]);
}

/* Appends comment lines: `mark`, a blank unless the line is empty, the
 * line; one per '\n'-separated line of `text` (a final '\n' ends the last
 * line), as libgettextpo splits comments. */
static void put_comments(ec_buf *b, const char *mark, const char *text)
{
    if (!text)
        return;
    for (const char *s = text; *s;) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        ec_buf_puts(b, mark);
        if (n)
            ec_buf_putc(b, ' ');
        ec_buf_put(b, s, n);
        ec_buf_putc(b, '\n');
        if (!e)
            break;
        s = e + 1;
    }
}

/* Appends the `#:` line: the file without leading "./", and ":line". */
static void put_reference(ec_buf *b, const char *file, size_t line)
{
    if (!file)
        return;
    while (file[0] == '.' && file[1] == '/')
        file += 2;
    ec_buf_puts(b, "#: ");
    ec_buf_puts(b, file);
    if (line != (size_t)-1)
        ec_buf_printf(b, ":%ld", (long)line);
    ec_buf_putc(b, '\n');
}

/* Appends the `#,` line: fuzzy (only with a translation), then the format. */
static void put_flags(ec_buf *b, const ec_po_message *m)
{
    bool fuzzy = m->fuzzy && m->msgstr[0];
    if (!fuzzy && !m->c_format)
        return;
    ec_buf_puts(b, "#,");
    if (fuzzy)
        ec_buf_puts(b, " fuzzy");
    if (m->c_format)
        ec_buf_puts(b, fuzzy ? ", " : " ");
    if (m->c_format)
        ec_buf_puts(b, m->c_format > 0 ? "c-format" : "no-c-format");
    ec_buf_putc(b, '\n');
}

/* A string of `m` whose c-format directives stay whole: only when the
 * message is c-format, as gettext marks them. */
static void put_field(ec_buf *b, scratch *sc, const ec_po_message *m, const char *prefix,
                      const char *name, const char *value, bool msgstr)
{
    put_string(b, sc, prefix, name, value, m->c_format > 0, msgstr);
}

/* ec_po_put_message() with the caller's scratch arrays. */
static void put_message(ec_buf *b, scratch *sc, const ec_po_message *m, bool first)
{
    if (!first)
        ec_buf_putc(b, '\n');
    put_comments(b, "#", m->comments);
    put_comments(b, "#.", m->extracted);
    put_reference(b, m->file, m->line);
    put_flags(b, m);
    if (m->prev_msgid)
        put_field(b, sc, m, "#| ", "msgid", m->prev_msgid, false);
    if (m->msgctxt)
        put_field(b, sc, m, NULL, "msgctxt", m->msgctxt, false);
    put_field(b, sc, m, NULL, "msgid", m->msgid, false);
    put_field(b, sc, m, NULL, "msgstr", m->msgstr, true);
}

void ec_po_put_message(ec_buf *out, const ec_po_message *m, bool first)
{
    scratch sc = {0};
    put_message(out, &sc, m, first);
    scratch_free(&sc);
}

/* The pieces ec_po_render_to() hands over: about this many bytes. */
#define PIECE (1u << 20)

typedef struct {
    ec_buf *out;
    scratch sc;
    bool first;
    ec_po_sink sink; /* NULL: keep the whole file in *out */
    void *sink_ctx;
    bool refused; /* the sink refused a piece: render nothing more */
} render_ctx;

/* Hands what *out holds to the sink, if there is one, and empties it. */
static void flush(render_ctx *r)
{
    if (r->sink && !r->refused && r->out->len && !r->sink(r->out->data, r->out->len, r->sink_ctx))
        r->refused = true;
    if (r->sink)
        r->out->len = 0;
}

/* ec_po_messages() callback: one message into the file's buffer. */
static void render_one(void *ctx, const ec_po_message *m)
{
    render_ctx *r = ctx;
    if (r->refused)
        return;
    put_message(r->out, &r->sc, m, r->first);
    r->first = false;
    if (r->out->len >= PIECE)
        flush(r);
}

/* Renders the file into `out`, or through `sink` when there is one; false
 * with the reason in *why (NULL when the sink refused). */
static bool render(const ec_catalog *c, const ec_locale *l, const char *ref_name,
                   long long source_date_epoch, ec_buf *out, ec_po_sink sink, void *sink_ctx,
                   char **why)
{
    render_ctx r = {out, {0}, true, sink, sink_ctx, false};
    bool ok = ec_po_messages(c, l, ref_name, source_date_epoch, render_one, &r, why);
    if (ok)
        flush(&r);
    scratch_free(&r.sc);
    return ok && !r.refused;
}

bool ec_po_render(const ec_catalog *c, const ec_locale *l, const char *ref_name,
                  long long source_date_epoch, ec_buf *out, char **err)
{
    char *why = NULL;
    bool ok = render(c, l, ref_name, source_date_epoch, out, NULL, NULL, &why);
    if (!ok && err)
        *err = ec_xasprintf("cannot render PO: %s", why);
    free(why);
    return ok;
}

bool ec_po_render_to(const ec_catalog *c, const ec_locale *l, const char *ref_name,
                     long long source_date_epoch, ec_po_sink sink, void *sink_ctx, char **err)
{
    if (err)
        *err = NULL;
    ec_buf b = {0};
    char *why = NULL;
    bool ok = render(c, l, ref_name, source_date_epoch, &b, sink, sink_ctx, &why);
    if (!ok && why && err)
        *err = ec_xasprintf("cannot render PO: %s", why);
    free(why);
    ec_buf_free(&b);
    return ok;
}

/* Writes data[0..n) to `path` at once; false with errno set. */
static bool write_all(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, n, f) == n;
    int saved = errno;
    if (fclose(f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    errno = saved;
    return ok;
}

bool ec_po_write(const ec_catalog *c, const ec_locale *l, const char *path, const char *ref_name,
                 long long source_date_epoch, char **err)
{
    if (err)
        *err = NULL;
    ec_buf b = {0};
    char *why = NULL;
    bool ok = render(c, l, ref_name, source_date_epoch, &b, NULL, NULL, &why);
    if (!ok) {
        if (err)
            *err = ec_xasprintf("cannot write %s: %s", path, why);
    } else if (!write_all(path, b.data ? b.data : "", b.len)) {
        ok = false;
        if (err)
            *err = ec_xasprintf("cannot write %s: %s", path, strerror(errno ? errno : EIO));
    }
    free(why);
    ec_buf_free(&b);
    return ok;
}
