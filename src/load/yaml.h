/* Reading and writing catalog files: every use of libyaml lives in
 * src/load/yaml_load.c and, for editing a locale file in place,
 * src/load/yaml_edit.c (loading layer). */
#ifndef ERRCAT_LOAD_YAML_H
#define ERRCAT_LOAD_YAML_H

#include "model/catalog.h"
#include "errcat/errcat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A catalog file given in memory (ec_catalog_load_files): its bytes, or
 * `data` NULL when the catalog has no such file. */
typedef struct {
    const char *data;
    size_t len;
} ec_yaml_bytes;

/* Reads catalog.yaml (c->meta_path, or `mem` when not NULL) into `c` (name,
 * source, locales, c_prefix, terms). Returns false when the file cannot be
 * read at all. */
bool ec_yaml_load_meta(ec_catalog *c, const ec_yaml_bytes *mem, ec_report *r, bool *listed_locales);
/* Reads one locale file (l->path, or `mem` when not NULL) into `l`. */
void ec_yaml_load_locale(const ec_catalog *c, ec_locale *l, const ec_yaml_bytes *mem, ec_report *r);
/* Catalog files (catalog.yaml, locale files) errcat reads: at most 1 GiB
 * each, room for some ten million entries (a company-wide catalog of
 * 200,000 keys is 10-15 MB per locale). Larger ones are refused unread. */
#define EC_CATALOG_FILE_MAX ((size_t)1 << 30)
/* Problems the reader reports in one catalog file before it gives up on the
 * rest of the file (an alias bomb or a garbage file is not read to its end). */
#define EC_FILE_PROBLEMS_MAX 100

/* One message of a locale file to write (errcat import). */
typedef struct {
    int32_t code, sub;
    const char *text;
    size_t text_len;
    const char *source; /* `source:` snapshot, or NULL */
    size_t source_len;
    const char *note; /* or NULL */
} ec_yaml_out_entry;

/* A locale file (README "The catalog": `locale:`, then `messages:` with the
 * entries in the order given: short form `"key": text`, long form when an
 * entry has a source or a note), written through libyaml's emitter: UTF-8
 * unescaped, lines never folded. NULL with *err (caller frees) on failure. */
char *ec_yaml_emit_locale(const char *locale, const ec_yaml_out_entry *e, size_t n, size_t *len,
                          char **err);

#endif
