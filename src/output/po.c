/* PO files: the messages errcat writes (errcat build; po_write.c serialises
 * them) and the reader through libgettextpo (errcat import). */
#include "output/po.h"

#include "base/buf.h"
#include "base/cformat.h"
#include "base/file.h"
#include "base/unicode.h"
#include "model/catalog.h"
#include "errcat/errcat.h"

#include <gettext-po.h>

#include <errno.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/stat.h>
#include <stdio.h>

/* ---- Plural-Forms ---- */

typedef struct {
    const char *langs; /* primary language subtags, each followed by a space */
    const char *forms;
} plural_rule;

/* After the gettext manual, node "Plural forms", and gettext's own table
 * (gettext-tools/src/plural-table.c), with the usual values for the CJK and
 * South-East Asian languages, Arabic and Welsh that the table lacks. */
static const plural_rule plural_rules[] = {
    {"ja ko zh yue vi th id ms lo km my ", "nplurals=1; plural=0;"},
    {"fr ", "nplurals=2; plural=(n > 1);"},
    {"lv ", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);"},
    {"ga ", "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;"},
    {"ro ", "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;"},
    {"lt ", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) "
            "? 1 : 2);"},
    {"ru uk be sr hr bs ", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 "
                           "&& (n%100<10 || n%100>=20) ? 1 : 2);"},
    {"cs sk ", "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"},
    {"pl ", "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 "
            ": 2);"},
    {"sl ", "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);"},
    {"cy ", "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;"},
    {"ar ", "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
            ": n%100>=11 ? 4 : 5);"},
};

/* English, German, Dutch, the Scandinavian languages, Spanish, Portuguese,
 * Italian, Greek, Hebrew, Hungarian, Turkish... and anything unknown. */
static const char default_forms[] = "nplurals=2; plural=(n != 1);";

/* True when `tag` has the two-letter region subtag `region` ("pt-BR"). */
static bool has_region(const char *tag, const char *region)
{
    const char *p = tag;
    while ((p = strpbrk(p, "-_")) != NULL) {
        p++;
        size_t n = strcspn(p, "-_.@");
        if (n == 2 && (p[0] | 0x20) == (region[0] | 0x20) && (p[1] | 0x20) == (region[1] | 0x20))
            return true;
    }
    return false;
}

const char *ec_po_plural_forms(const char *tag)
{
    char lang[EC_LANG_MAX];
    ec_u_language(tag ? tag : "", lang);
    if (!lang[0])
        return default_forms;
    if (!strcmp(lang, "pt") && has_region(tag, "BR"))
        return "nplurals=2; plural=(n > 1);";
    char word[EC_LANG_MAX + 1]; /* the language and a blank, as plural_rules lists it */
    snprintf(word, sizeof word, "%s ", lang);
    for (size_t i = 0; i < sizeof plural_rules / sizeof plural_rules[0]; i++) {
        const char *langs = plural_rules[i].langs;
        for (const char *p = strstr(langs, word); p; p = strstr(p + 1, word))
            if (p == langs || p[-1] == ' ')
                return plural_rules[i].forms;
    }
    return default_forms;
}

/* ---- the header entry ---- */

/* "YYYY-MM-DD HH:MM+0000" from the build's source_date_epoch (errcat's
 * SOURCE_DATE_EPOCH). Output must not depend on the clock, so a negative
 * value (unset) or a date past the year 9999 gives the epoch itself,
 * 1970-01-01 00:00+0000, rather than the current time. */
static void format_date(char out[32], long long epoch)
{
    time_t t = epoch > 0 ? (time_t)epoch : 0;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || tm.tm_year > 9999 - 1900) {
        t = 0;
        gmtime_r(&t, &tm);
    }
    strftime(out, 32, "%Y-%m-%d %H:%M+0000", &tm);
}

/* The header's msgstr. The template leaves Language, Language-Team and
 * Plural-Forms to msginit (they depend on the target language) but carries
 * no placeholder that `msgfmt -c` would reject. */
static char *header_text(const ec_catalog *c, const ec_locale *l, long long epoch)
{
    char date[32];
    format_date(date, epoch);
    ec_buf b = {0};
    ec_buf_printf(&b, "Project-Id-Version: %s\n", c->name ? c->name : "");
    ec_buf_puts(&b, "Report-Msgid-Bugs-To: \n");
    ec_buf_printf(&b, "POT-Creation-Date: %s\n", date);
    ec_buf_printf(&b, "PO-Revision-Date: %s\n", date);
    ec_buf_puts(&b, "Last-Translator: \n");
    ec_buf_printf(&b, "Language-Team: %s\n", l ? l->tag : "");
    ec_buf_printf(&b, "Language: %s\n", l ? l->tag : "");
    ec_buf_puts(&b, "MIME-Version: 1.0\n");
    ec_buf_puts(&b, "Content-Type: text/plain; charset=UTF-8\n");
    ec_buf_puts(&b, "Content-Transfer-Encoding: 8bit\n");
    if (l)
        ec_buf_printf(&b, "Plural-Forms: %s\n", ec_po_plural_forms(l->tag));
    ec_buf_puts(&b, "X-Generator: errcat\n");
    return ec_buf_take(&b);
}

/* ---- messages ---- */

/* A string a PO file can carry: no NUL byte inside, valid UTF-8. */
static bool po_string_ok(const char *s, size_t n)
{
    return s && strlen(s) == n && ec_u_valid_utf8(s, n, NULL);
}

/* An entry whose text can become a msgid or msgstr: a string text that is
 * not empty or white space only. */
static bool text_usable(const ec_entry *e)
{
    return e && ec_norm_nonempty(e) && po_string_ok(e->text, e->text_len);
}

/* `path` relative to the directory `base` when it lies inside it. */
static const char *relative_path(const char *path, const char *base)
{
    size_t n = base ? strlen(base) : 0;
    while (n > 1 && base[n - 1] == '/')
        n--;
    if (n == 0 || strncmp(path, base, n) != 0)
        return path;
    if (n == 1 && base[0] == '/')
        return path + 1;
    if (path[n] != '/')
        return path;
    path += n;
    while (*path == '/')
        path++;
    return path;
}

/* A note as PO comment lines: NULL when there is none or it cannot be
 * carried (a NUL inside, not UTF-8). */
static const char *note_lines(const char *note)
{
    return note && note[0] && po_string_ok(note, strlen(note)) ? note : NULL;
}

/* The `#:` file of the messages of locale `l`, allocated: the YAML file
 * relative to the catalog directory, behind `ref_name`; NULL when `l` has
 * no file. */
static char *origin_file(const ec_catalog *c, const ec_locale *l, const char *ref_name)
{
    if (!l->path)
        return NULL;
    if (!ref_name || !c->dir)
        return ec_xstrdup(l->path);
    const char *rel = relative_path(l->path, c->dir);
    if (rel == l->path || !ref_name[0])
        return ec_xstrdup(rel);
    return ec_xasprintf("%s/%s", ref_name, rel);
}

/* ---- c-format ---- */

/* Only directives with a space flag ("100% complete", "50% off") and "%2%"
 * are prose, as newer gettext judges them ("likely intentional"). */
int ec_po_c_format(const char *text)
{
    if (!text || !strchr(text, '%'))
        return 0;
    ec_cfmt f;
    ec_cfmt_parse(&f, text, 0);
    int r = f.valid && f.ndirs > 0 && f.likely > 0 && !f.odd_percent ? 1 : -1;
    ec_cfmt_free(&f);
    return r;
}

typedef struct {
    const ec_locale *src;
    const ec_locale *l; /* NULL for the template */
    const ec_catalog *c;
    char *src_file; /* the `#:` files of the source and of the translation */
    char *l_file;
    size_t at; /* ec_locale_find_next()'s cursor in l: messages go in key order */
} msg_ctx;

/* The message of source entry `s`; its msgctxt, the key, is written into
 * `key`. */
static ec_po_message make_message(msg_ctx *x, const ec_entry *s, char key[EC_KEY_MAX])
{
    const ec_entry *t = x->l ? ec_locale_find_next(x->l, s->code, s->sub, &x->at) : NULL;
    ec_po_message m = {.msgctxt = ec_key_of(s, key), .msgid = s->text, .msgstr = ""};
    bool translated = text_usable(t);
    if (translated)
        m.msgstr = t->text;
    /* a stale translation is fuzzy, with the snapshot as previous msgid;
     * one without a snapshot (snapshots: true) is fuzzy without one */
    if (translated && ec_entry_staleness(x->c, x->l, t, s) != EC_FRESH) {
        m.fuzzy = true;
        if (EC_X(t)->source && po_string_ok(EC_X(t)->source, EC_X(t)->source_len))
            m.prev_msgid = EC_X(t)->source;
    }
    /* the source's note for everyone, the translation's own for its translator */
    m.extracted = note_lines(ec_note(s));
    m.comments = t ? note_lines(ec_note(t)) : NULL;
    m.c_format = ec_po_c_format(s->text);
    const ec_entry *at = t ? t : s;
    m.file = t ? x->l_file : x->src_file;
    m.line = at->pos.line > 0 ? (size_t)at->pos.line : (size_t)-1;
    if (!m.file)
        m.line = (size_t)-1;
    return m;
}

bool ec_po_messages(const ec_catalog *c, const ec_locale *l, const char *ref_name,
                    long long source_date_epoch, void (*fn)(void *ctx, const ec_po_message *m),
                    void *ctx, char **err)
{
    msg_ctx x = {ec_catalog_source(c), l, c, NULL, NULL, 0};
    if (!x.src) {
        if (err)
            *err = ec_xstrdup("the catalog has no usable source locale");
        return false;
    }
    char *header = header_text(c, l, source_date_epoch);
    ec_po_message h = {.msgid = "", .msgstr = header, .line = (size_t)-1};
    fn(ctx, &h);
    free(header);
    x.src_file = origin_file(c, x.src, ref_name);
    x.l_file = l ? origin_file(c, l, ref_name) : NULL;
    const ec_entry *prev = NULL;
    for (size_t i = 0; i < x.src->n; i++) {
        const ec_entry *s = &x.src->entries[i];
        if (!text_usable(s))
            continue;
        if (prev && prev->code == s->code && prev->sub == s->sub)
            continue; /* a duplicate key: its first occurrence stands */
        prev = s;
        char key[EC_KEY_MAX];
        ec_po_message m = make_message(&x, s, key);
        fn(ctx, &m);
    }
    free(x.src_file);
    free(x.l_file);
    return true;
}

/* ---- libgettextpo's errors, for the writer and the reader ---- */

/* libgettextpo reports through a handler without a user pointer, and keeps
 * the handler in a global while it works, so it is not thread-safe anyway:
 * the errors of the call in progress live here. The writer reports them
 * all; the reader the first, with its line, for the import's FILE:LINE. */
typedef struct {
    ec_buf all;        /* every error, "file:line: text", joined by "; " */
    char *first;       /* the first error's text; NULL while there is none */
    size_t first_line; /* its line, or 0 when libgettextpo names none */
    jmp_buf fatal;     /* a fatal error must not return into libgettextpo */
} po_errors;

static po_errors *current_errors;

/* Warnings are left out: libgettextpo goes on after them, and so do we. */
static void note_error(int severity, const char *file, size_t line, const char *text)
{
    po_errors *pe = current_errors;
    if (!pe || severity == PO_SEVERITY_WARNING)
        return;
    bool has_line = file && line != (size_t)-1;
    if (!text)
        text = "";
    size_t n = strlen(text);
    while (n && text[n - 1] == '\n') /* libgettextpo ends some with one */
        n--;
    if (pe->all.len)
        ec_buf_puts(&pe->all, "; ");
    if (has_line)
        ec_buf_printf(&pe->all, "%s:%zu: ", file, line);
    ec_buf_put(&pe->all, text, n);
    if (!pe->first) {
        pe->first = ec_xstrndup(text, n);
        pe->first_line = has_line ? line : 0;
    }
}

static void on_xerror(int severity, po_message_t message, const char *file, size_t line,
                      size_t column, int multiline, const char *text)
{
    (void)message, (void)column, (void)multiline;
    note_error(severity, file, line, text);
    if (severity == PO_SEVERITY_FATAL_ERROR && current_errors)
        longjmp(current_errors->fatal, 1);
}

/* A problem with two places: both are noted before a fatal one leaves. */
static void on_xerror2(int severity, po_message_t message1, const char *file1, size_t line1,
                       size_t column1, int multiline1, const char *text1, po_message_t message2,
                       const char *file2, size_t line2, size_t column2, int multiline2,
                       const char *text2)
{
    (void)message1, (void)column1, (void)multiline1;
    note_error(severity, file1, line1, text1);
    on_xerror(severity, message2, file2, line2, column2, multiline2, text2);
}

static const struct po_xerror_handler error_handler = {on_xerror, on_xerror2};

/* po_file_free of libgettextpo 0.21 forgets the msgctxt strings (its
 * message_free() frees every other string of a message); setting them to
 * NULL frees them (and is harmless where po_file_free does). Every domain: a
 * file that was read can have several. */
static void free_po_file(po_file_t f)
{
    const char *const *domains = po_file_domains(f);
    for (size_t d = 0; domains && domains[d]; d++) {
        po_message_iterator_t it = po_message_iterator(f, domains[d]);
        for (po_message_t m; (m = po_next_message(it)) != NULL;)
            po_message_set_msgctxt(m, NULL);
        po_message_iterator_free(it);
    }
    po_file_free(f);
}

/* After a longjmp out of libgettextpo (0.21 keeps the handler in a global),
 * it still points at our handler; any call that installs and then restores
 * a handler puts its own back. Checking the format strings of a message
 * without any reports nothing, and unlike po_file_check_all() (whose
 * plural check forgets an allocation) allocates nothing. */
static void restore_handlers(void)
{
    po_file_t f = po_file_create();
    po_message_iterator_t it = po_message_iterator(f, NULL);
    po_message_t m = po_message_create(); /* f's, once inserted */
    po_message_set_msgid(m, "");
    po_message_insert(it, m);
    po_message_iterator_free(it);
    po_message_check_format(m, &error_handler);
    free_po_file(f);
}

static void free_errors(po_errors *pe)
{
    ec_buf_free(&pe->all);
    free(pe->first);
}

/* ---- guarded calls into libgettextpo ---- */

typedef struct {
    const char *path;
    po_file_t read;
} io_job;

static void do_read(io_job *j)
{
    j->read = po_file_read(j->path, &error_handler);
}

/* Runs `fn` with libgettextpo's errors collected in `pe` (zeroed by the
 * caller, who frees it with free_errors); true when there were none. A
 * fatal error lands back here, leaving j->read as it was. */
static bool guarded(void (*fn)(io_job *), io_job *j, po_errors *pe)
{
    current_errors = pe;
    if (setjmp(pe->fatal) == 0)
        fn(j);
    else
        restore_handlers(); /* what libgettextpo had allocated is lost to us */
    current_errors = NULL;
    return pe->first == NULL;
}

/* ---- reading (errcat import) ---- */

/* guarded() po_file_read() for the reader: the file, or NULL with the
 * first error libgettextpo named and its line in r->error and
 * r->error_line. */
static po_file_t read_file(const char *path, ec_po_read_result *r)
{
    po_errors pe = {0};
    io_job j = {path, NULL};
    if (guarded(do_read, &j, &pe) && j.read) {
        free_errors(&pe);
        return j.read;
    }
    /* No error named and no file: po_file_read could not open it, errno
     * says why. Read before anything else can change it. */
    r->error = pe.first ? pe.first : ec_xasprintf("cannot read the file: %s", strerror(errno));
    r->error_line = pe.first_line;
    pe.first = NULL;
    if (j.read) /* errors but no fatal one: what it read is not to be trusted */
        free_po_file(j.read);
    free_errors(&pe);
    return NULL;
}

static char *dup_or_null(const char *s)
{
    return s ? ec_xstrdup(s) : NULL;
}

/* The `# ` translator comments of `m`, or NULL. po_message_comments()
 * of libgettextpo (0.21, and upstream's sources of 2025 alike) joins the
 * lines into a new string on every call, returns it as const and never
 * frees it (upstream's own "FIXME: memory leak"), or the literal "" when
 * there are none. Asking twice tells: two different strings are two
 * copies of our own; should a later version keep the string in the
 * message, both calls give the same one, which is the message's and left
 * alone. The `#.` extracted comments are the source's, never read. */
static char *take_comments(po_message_t m)
{
    const char *a = po_message_comments(m);
    if (!a || !a[0])
        return NULL;
    const char *b = po_message_comments(m);
    if (a == b)
        return ec_xstrdup(a);
    free((char *)b);
    return (char *)a;
}

/* The strings of `m` other than the comments are the message's
 * own: libgettextpo returns them as they are stored, so they are copied. */
static void copy_message(ec_po_read_result *r, po_message_t m)
{
    r->v = ec_xrealloc(r->v, (r->n + 1) * sizeof *r->v);
    ec_po_msg *d = &r->v[r->n++];
    d->msgctxt = dup_or_null(po_message_msgctxt(m));
    d->msgid = dup_or_null(po_message_msgid(m));
    const char *plural = po_message_msgid_plural(m);
    d->plural = plural != NULL;
    d->msgstr = dup_or_null(d->plural ? po_message_msgstr_plural(m, 0) : po_message_msgstr(m));
    d->prev_msgid = dup_or_null(po_message_prev_msgid(m));
    d->prev_msgctxt = dup_or_null(po_message_prev_msgctxt(m));
    d->comments = take_comments(m);
    d->fuzzy = po_message_is_fuzzy(m) != 0;
}

/* A header field, or NULL. po_header_field() returns a new string. */
static char *header_field(const char *header, const char *field)
{
    char *v = po_header_field(header, field);
    char *copy = dup_or_null(v);
    free(v);
    return copy;
}

/* The Content-Type and Language of the first header among the messages
 * copied, in whichever domain it is. (po_file_domain_header() looks in one
 * domain only, and returns a copy it calls const.) */
static void find_header_fields(ec_po_read_result *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const ec_po_msg *m = &r->v[i];
        if (m->msgctxt || !m->msgid || m->msgid[0] || !m->msgstr)
            continue;
        r->content_type = header_field(m->msgstr, "Content-Type");
        r->language = header_field(m->msgstr, "Language");
        return;
    }
}

/* Every non-obsolete message of every domain, in order. */
static void copy_messages(ec_po_read_result *r, po_file_t f)
{
    const char *const *domains = po_file_domains(f); /* the file's own */
    for (size_t d = 0; domains && domains[d]; d++) {
        r->several_domains = d > 0;
        po_message_iterator_t it = po_message_iterator(f, domains[d]);
        for (po_message_t m; (m = po_next_message(it)) != NULL;)
            if (!po_message_is_obsolete(m))
                copy_message(r, m);
        po_message_iterator_free(it);
    }
    find_header_fields(r);
}

bool ec_po_read(const char *path, ec_po_read_result *r)
{
    memset(r, 0, sizeof *r);
    /* libgettextpo reads standard input for "-". */
    po_file_t f = read_file(strcmp(path, "-") ? path : "./-", r);
    if (!f)
        return false;
    copy_messages(r, f);
    free_po_file(f);
    return true;
}

void ec_po_read_free(ec_po_read_result *r)
{
    for (size_t i = 0; i < r->n; i++) {
        ec_po_msg *m = &r->v[i];
        free(m->msgctxt);
        free(m->msgid);
        free(m->msgstr);
        free(m->prev_msgid);
        free(m->prev_msgctxt);
        free(m->comments);
    }
    free(r->v);
    free(r->content_type);
    free(r->language);
    free(r->error);
    memset(r, 0, sizeof *r);
}
