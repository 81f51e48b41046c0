/* gettext PO files: errcat's own writer (po_write.c) and the reader through
 * libgettextpo (po.c). Private to the errcat library. */
#ifndef ERRCAT_PO_H
#define ERRCAT_PO_H

#include "base/buf.h"
#include "model/catalog.h"
#include "errcat/errcat.h"

/*
 * The PO template (locale == NULL) or the PO file of translation locale `l`
 * of catalog `c`: msgctxt = key, msgid = source text, msgstr = translation
 * or "" (missing, empty or unusable), `#, fuzzy` with `#| msgid` the
 * snapshot for stale entries, the source entry's note as `#.` (extracted
 * comments), the translation's own note as `# ` (translator comments),
 * `#, c-format` or `#, no-c-format` after ec_po_c_format() of the source
 * text, `#:` the YAML file and line: `ref_name` + "/" + the file's path
 * relative to the catalog directory c->dir ("i18n/ko.yaml"; `ref_name` "":
 * no prefix; NULL: ec_locale.path as it is), and a complete header with the
 * locale's Plural-Forms. Its dates are `source_date_epoch` (seconds since
 * 1970; zero or negative, or past the year 9999: the epoch 0), so output is
 * deterministic.
 *
 * errcat serialises PO itself (po_write.c), byte for byte what
 * libgettextpo's po_file_write writes for the same messages (the tests
 * compare the two), with libunistring's line breaking at width 79.
 */

/* One message as errcat hands it to the PO serialiser (strings borrowed). */
typedef struct {
    const char *msgctxt;    /* NULL: none (the header) */
    const char *msgid;      /* "" for the header */
    const char *msgstr;     /* never NULL */
    const char *prev_msgid; /* `#| msgid`, or NULL */
    const char *comments;   /* `# ` lines, one per '\n'-ended line, or NULL */
    const char *extracted;  /* `#.` lines, likewise, or NULL */
    const char *file;       /* the `#:` reference's file, or NULL: none */
    size_t line;            /* its line, or (size_t)-1: none */
    bool fuzzy;
    int c_format; /* 0: no flag; 1: c-format; -1: no-c-format */
} ec_po_message;

/* Calls `fn` with each message of the PO file described above, the header
 * first. Its strings live until `fn` returns. False (with *err) when the
 * catalog has no usable source locale. Reads the catalog only: safe to run
 * on several threads at once. */
bool ec_po_messages(const ec_catalog *c, const ec_locale *l, const char *ref_name,
                    long long source_date_epoch, void (*fn)(void *ctx, const ec_po_message *m),
                    void *ctx, char **err);

/* Appends message `m` to `out` as a PO entry (preceded by a blank line
 * unless `first`), as libgettextpo's po_file_write would. Thread-safe. */
void ec_po_put_message(ec_buf *out, const ec_po_message *m, bool first);

/* Renders the whole PO file into `out` (appended). False with a message in
 * *err (caller frees; `err` may be NULL) when there is nothing to render.
 * Thread-safe: any number of calls may run at once. */
bool ec_po_render(const ec_catalog *c, const ec_locale *l, const char *ref_name,
                  long long source_date_epoch, ec_buf *out, char **err);

/* Where ec_po_render_to() hands the file, piece by piece: false stops it. */
typedef bool (*ec_po_sink)(const char *data, size_t len, void *ctx);

/* Renders the whole PO file as ec_po_render() does, but hands it to `sink`
 * in order, in pieces of about 1 MiB, so that the file is never held
 * whole. False with a message in *err when there is nothing to render, or
 * with *err NULL when the sink refused a piece (the sink knows why; nothing
 * more is rendered). Thread-safe. */
bool ec_po_render_to(const ec_catalog *c, const ec_locale *l, const char *ref_name,
                     long long source_date_epoch, ec_po_sink sink, void *sink_ctx, char **err);

/* ec_po_render() written to `path` (created or truncated) in one write.
 * Returns true on success; on failure false with a message naming `path`
 * in *err (caller frees; `err` may be NULL). Thread-safe. */
bool ec_po_write(const ec_catalog *c, const ec_locale *l, const char *path, const char *ref_name,
                 long long source_date_epoch, char **err);

/* Whether a source text is a C format string, by xgettext's rule for C: 0
 * when it has no '%'; 1 (c-format) when it is a valid format string with
 * at least one directive (`%%` counts) that is likely intentional (not
 * only directives with a space flag, as in "100% complete", and no "%2%");
 * -1 (no-c-format) otherwise. Directives gettext 0.21 may accept but
 * errcat does not know (%m, %b, %<PRId64>) give -1, which msgfmt accepts. */
int ec_po_c_format(const char *text);

/* The Plural-Forms header value for a language tag ("nplurals=1; plural=0;"). */
const char *ec_po_plural_forms(const char *tag);

/* ---- reading (errcat import) ---- */

/* One message of a PO file as libgettextpo reads it (strings owned). */
typedef struct {
    char *msgctxt; /* NULL when it has none */
    char *msgid;
    char *msgstr;       /* msgstr[0] of a plural message */
    char *prev_msgid;   /* `#| msgid`, or NULL */
    char *prev_msgctxt; /* `#| msgctxt`, or NULL */
    char *comments;     /* `# ` translator comments, or NULL (never `#.`) */
    bool fuzzy;
    bool plural; /* it has a msgid_plural */
} ec_po_msg;

typedef struct {
    ec_po_msg *v; /* the non-obsolete messages (the header too) in file order */
    size_t n;
    char *content_type;   /* the header's Content-Type, or NULL */
    char *language;       /* the header's Language, or NULL */
    bool several_domains; /* `domain` directives: messages grouped by domain */
    char *error;          /* why the file could not be read */
    size_t error_line;    /* where, when libgettextpo says (else 0) */
} ec_po_read_result;

/* Reads the PO file at `path` through libgettextpo. False with r->error
 * when it is malformed or cannot be read. Free with ec_po_read_free. */
bool ec_po_read(const char *path, ec_po_read_result *r);
void ec_po_read_free(ec_po_read_result *r);

#endif
