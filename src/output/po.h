/* gettext PO output through libgettextpo. Private to the errcat library. */
#ifndef ERRCAT_PO_H
#define ERRCAT_PO_H

#include "model/catalog.h"
#include "errcat/errcat.h"

/*
 * Writes the PO template (locale == NULL) or the PO file of translation
 * locale `l` of catalog `c` to `path` through libgettextpo:
 * msgctxt = key, msgid = source text, msgstr = translation or "" (missing,
 * empty or unusable), `#, fuzzy` with `#| msgid` the snapshot for stale
 * entries, the source entry's note as `#.` (extracted comments), the
 * translation's own note as `# ` (translator comments), `#, c-format` or
 * `#, no-c-format` after ec_po_c_format() of the source text, `#:` the
 * YAML file and line: `ref_name` + "/" + the file's path relative to the
 * catalog directory c->dir ("i18n/ko.yaml"; `ref_name` "": no prefix;
 * NULL: ec_locale.path as it is), and a complete header with the locale's Plural-Forms. Its dates
 * are `source_date_epoch` (seconds since 1970; zero or negative, or past
 * the year 9999: the epoch 0), so output is deterministic.
 * Returns true on success; on failure false with a message in *err (caller
 * frees).
 */
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
