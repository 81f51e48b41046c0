/* errcat import --from po: a PO file, read through libgettextpo (po.c),
 * into entries. msgctxt is the key and msgstr the text; untranslated
 * messages are left out; a fuzzy message keeps its previous msgid
 * (`#| msgid`) as the entry's `source:` snapshot, so that `errcat check`
 * reports it as stale, and one without a previous msgid of its own is left
 * out (as msgfmt leaves it out); `# ` translator comments become the entry's note,
 * `#.` extracted comments (the source's notes) never do. A file whose
 * Language header names another language than --locale is refused unless
 * --force. */
#include "import/readers.h"

#include "base/buf.h"
#include "base/key.h"
#include "base/unicode.h"
#include "import/table.h"
#include "output/po.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- where each message is ---- */

static bool keyword_at(const char *s, const char *end, const char *kw)
{
    size_t n = strlen(kw);
    return (size_t)(end - s) > n && !memcmp(s, kw, n) && strchr(" \t\"", s[n]);
}

/* The line of each non-obsolete message, in file order. libgettextpo does
 * not tell where a message is, but PO syntax starts every keyword on a line
 * of its own, so a message is where its msgctxt is (its msgid when it has
 * none); obsolete messages (`#~`) and previous ones (`#|`) are comments. */
static int *message_lines(const char *data, size_t len, size_t *n)
{
    int *lines = ec_xmalloc((len / 6 + 2) * sizeof *lines), line = 1, ctxt = 0;
    const char *p = data, *end = data + len;
    *n = 0;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *stop = eol ? eol : end;
        p += strspn(p, " \t");
        if (keyword_at(p, stop, "msgctxt"))
            ctxt = line;
        else if (keyword_at(p, stop, "msgid")) {
            lines[(*n)++] = ctxt ? ctxt : line;
            ctxt = 0;
        }
        p = stop + 1;
        line++;
    }
    return lines;
}

/* ---- the charset ---- */

static bool has_non_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return true;
    return false;
}

/* A PO file declared in another charset than UTF-8 is refused when it has
 * bytes beyond ASCII: errcat writes UTF-8 and converts nothing. */
static bool charset_ok(ec_imp *im, const char *content_type)
{
    const char *cs = content_type ? strstr(content_type, "charset=") : NULL;
    if (!cs)
        return true;
    cs += strlen("charset=");
    size_t n = strcspn(cs, " ;\t\n");
    static const char *const fine[] = {"UTF-8", "UTF8", "CHARSET", "ASCII", "US-ASCII"};
    for (size_t i = 0; i < sizeof fine / sizeof *fine; i++)
        if (n == strlen(fine[i]) && !strncasecmp(cs, fine[i], n))
            return true;
    if (!has_non_ascii(im->data, im->len))
        return true;
    ec_imp_error(im, 0,
                 "the file is in charset %.*s; errcat imports UTF-8 (convert it: "
                 "msgconv --to-code=UTF-8)",
                 (int)n, cs);
    return false;
}

/* ---- messages into entries ---- */

static char *without_final_newlines(const char *s)
{
    size_t n = strlen(s);
    while (n && s[n - 1] == '\n')
        n--;
    return ec_xstrndup(s, n);
}

static void import_message(ec_imp *im, const ec_po_msg *m, int line)
{
    int32_t code, sub;
    if (!m->msgctxt) {
        if (m->msgid && m->msgid[0])
            ec_imp_error(im, line,
                         "a message without msgctxt: errcat keys messages by "
                         "msgctxt \"errcode/sub_errcode\"");
        return; /* else the header */
    }
    if (!ec_key_parse(m->msgctxt, strlen(m->msgctxt), &code, &sub)) {
        ec_imp_error(im, line, "msgctxt \"%s\" is not a key \"errcode/sub_errcode\"", m->msgctxt);
        return;
    }
    if (m->plural) {
        ec_imp_error(im, line, "%s has plural forms, which errcat messages do not have",
                     m->msgctxt);
        return;
    }
    if (!m->msgstr || !m->msgstr[0]) {
        im->untranslated++;
        return;
    }
    /* a translation in doubt, of no known source; or msgmerge's guess from
     * another message (`#| msgctxt` names another key): nobody translated it */
    if (m->fuzzy && (!m->prev_msgid || (m->prev_msgctxt && strcmp(m->prev_msgctxt, m->msgctxt)))) {
        im->fuzzy_left_out++;
        return;
    }
    ec_imp_entry *e = ec_imp_add(im, code, sub, ec_xstrdup(m->msgstr), strlen(m->msgstr), line);
    if (m->comments) {
        e->note = without_final_newlines(m->comments);
        if (!e->note[0]) { /* "#" alone: no note (an empty one is a schema error) */
            free(e->note);
            e->note = NULL;
        }
    }
    e->msgid = ec_xstrdup(m->msgid ? m->msgid : "");
    e->msgid_len = strlen(e->msgid);
    if (m->fuzzy) { /* the source the translation was made from */
        im->fuzzy++;
        e->source = ec_xstrdup(m->prev_msgid);
        e->source_len = strlen(e->source);
    }
}

/* ---- the language ---- */

/* The file's Language header names the language of --locale, or none: the
 * primary subtags are compared, case aside, `_` read as `-` ("ko_KR" is ko,
 * "pt_BR" is pt), a charset or modifier ("de_DE.UTF-8", "sr@latin") cut
 * off. Another language is refused unless --force. */
static bool language_ok(ec_imp *im, const char *language)
{
    if (!language)
        return true;
    language += strspn(language, " \t");
    char *tag = ec_xstrndup(language, strcspn(language, ".@ \t\r\n"));
    char file_lang[EC_LANG_MAX], want[EC_LANG_MAX];
    ec_u_language(tag, file_lang);
    ec_u_language(im->locale ? im->locale : "", want);
    bool ok = !file_lang[0] || im->force || !strcmp(file_lang, want);
    if (!ok)
        ec_imp_error(im, 0,
                     "the PO file is in %s (its Language header), not %s (--locale); "
                     "--force imports it anyway",
                     tag, im->locale);
    free(tag);
    return ok;
}

void ec_imp_read_po(ec_imp *im, const char *path)
{
    ec_po_read_result r;
    if (im->len >= 3 && !memcmp(im->data, "\xef\xbb\xbf", 3)) {
        ec_imp_error(im, 1,
                     "the file starts with a byte order mark, which PO files do not "
                     "have (libgettextpo reads it as a syntax error): remove it");
        return;
    }
    if (!ec_po_read(path, &r)) {
        ec_imp_error(im, (int)r.error_line, "%s", r.error ? r.error : "cannot read the file");
        ec_po_read_free(&r);
        return;
    }
    size_t nlines = 0;
    int *lines = message_lines(im->data, im->len, &nlines);
    bool know_lines = nlines == r.n && !r.several_domains;
    if (charset_ok(im, r.content_type) && language_ok(im, r.language))
        for (size_t i = 0; i < r.n; i++)
            import_message(im, &r.v[i], know_lines ? lines[i] : 0);
    free(lines);
    ec_po_read_free(&r);
}
