/* gettext PO output through libgettextpo. Private to the errcat library. */
#ifndef ERRCAT_PO_H
#define ERRCAT_PO_H

#include "internal.h"

/*
 * Writes the PO template (locale == NULL) or the PO file of translation
 * locale `l` of catalog `c` to `path` through libgettextpo:
 * msgctxt = key, msgid = source text, msgstr = translation or "" (missing,
 * empty or unusable), `#, fuzzy` with `#| msgid` the snapshot for stale
 * entries, the entry's note as `#.`, `#:` the YAML file (as given in
 * ec_locale.path, made relative to `ref_base` when it starts with it) and
 * line, and a complete header with the locale's Plural-Forms. Dates come
 * from SOURCE_DATE_EPOCH (unset: the epoch 0), so output is deterministic.
 * Returns true on success; on failure false with a message in *err (caller
 * frees).
 */
bool ec_po_write(const ec_catalog *c, const ec_locale *l, const char *path, const char *ref_base,
                 char **err);

/* The Plural-Forms header value for a language tag ("nplurals=1; plural=0;"). */
const char *ec_po_plural_forms(const char *tag);

#endif
