/* Editing a locale file in place (loading layer: src/load/yaml_edit.c):
 * a few entries change, every other byte of the file stays as it was. */
#ifndef ERRCAT_LOAD_YAML_EDIT_H
#define ERRCAT_LOAD_YAML_EDIT_H

#include <stddef.h>
#include <stdint.h>

/* One change to an entry of a locale file. NULL fields are left as they are. */
typedef struct {
    int32_t code, sub;
    const char *text; /* new text, or NULL */
    size_t text_len;
    const char *source; /* new `source:` snapshot, or NULL */
    size_t source_len;
    const char *note; /* new note (NUL-terminated), or NULL */
} ec_yaml_edit;

/* Applies `n` edits (sorted by key, each key once) to the locale file
 * `data[0..len)` and returns the new bytes (malloc'd, *out_len), or NULL
 * with *err (malloc'd message, naming the line when it can) when the file
 * cannot be edited in place. `*changed` says how many edits changed a byte.
 *
 * Only the bytes of the values that change are rewritten: a changed scalar
 * keeps its quoting where the new text allows it (double quotes where a
 * plain scalar would read as something other than the text), a literal
 * block stays literal, a missing field gets a line of its own after the
 * fields before it, a short-form entry that gains a source or a note turns
 * into the long form, and a new key goes in key order after the key before
 * it, quoted and indented as the file's keys are. An edit for a key the
 * file lacks that gives no text is skipped. Refused: files that are not a
 * block mapping with a block `messages` mapping (a flow-style `{...}` one
 * with entries), anchors, aliases and tags, more than one document, and
 * edits of flow-style entries or of fields given twice. The result is read
 * back before it is returned: it is never wrong, at worst refused. */
char *ec_yaml_edit_locale(const char *data, size_t len, const ec_yaml_edit *e, size_t n,
                          size_t *out_len, size_t *changed, char **err);

/* The value of the `locale:` field of the locale file data[0..len)
 * (malloc'd), or NULL when the file has none or cannot be read. */
char *ec_yaml_locale_of(const char *data, size_t len);

#endif
