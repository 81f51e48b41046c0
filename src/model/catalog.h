/* The catalog model: entries, locales, the catalog (model layer:
 * src/model/catalog.c). Loading it is src/load/. */
#ifndef ERRCAT_MODEL_CATALOG_H
#define ERRCAT_MODEL_CATALOG_H

#include "base/buf.h"
#include "base/key.h"
#include "base/unicode.h"
#include "model/report.h"
#include "errcat/errcat.h"

#include <stdbool.h>
#include <stdint.h>

/* The bit of a check in an entry's `ignore` set. */
#define EC_CHECK_BIT(check) ((uint64_t)1 << (check))

/* What few entries have (a snapshot, a name, ignored checks): kept apart,
 * so that the entries of a big catalog stay small. */
typedef struct {
    char *note;   /* the entry's note, moved here (read through ec_note()) */
    char *source; /* `source:` snapshot or NULL */
    char *name;
    uint64_t ignore;     /* bit set of EC_CHECK_BIT(ec_check_id) */
    uint32_t source_len; /* of `source` */
    ec_pos source_pos;
    ec_pos name_pos;
} ec_entry_extra;

/* A big catalog holds hundreds of thousands of these: 48 bytes (one of
 * them padding), the fields in an order that leaves no holes, lengths of
 * 32 bits (a file is at most EC_CATALOG_FILE_MAX bytes). */
typedef struct {
    int32_t code, sub; /* the key "18/305": EC_KEY(e) */
    char *text;        /* then, when norm_after, its comparable form: read through ec_norm() */
    /* NULL; the `note:` (has_extra clear); or the extra fields, note
     * included (has_extra set): read through ec_note() and EC_X() */
    void *more;
    uint32_t text_len;  /* may hold NUL bytes from escapes */
    ec_pos pos;         /* of the key */
    ec_pos text_pos;    /* of the text scalar */
    uint16_t facts;     /* ec_u_facts(text) when text is set, else 0 */
    bool text_seen : 1; /* a text field (or short form) was present */
    bool text_ok : 1;   /* a string text was read */
    bool text_null : 1; /* the plain scalar was empty (no text at all) */
    bool retired : 1;   /* `retired: true`: kept for compatibility, needs no translations */
    /* a block scalar whose final line break came from clip chomping (no
     * `-` or `+`): EC_CLIP_FOLDED ('>') or EC_CLIP_LITERAL ('|'), else 0 */
    unsigned clipped : 2;
    bool norm_after : 1; /* the comparable form differs from the text, and follows it */
    bool has_extra : 1;  /* `more` is an ec_entry_extra */
} ec_entry;

/* The comparable form of entry e's text, ec_u_comparable(text): often the
 * text itself; NULL when the entry has no usable text. */
static inline const char *ec_norm(const ec_entry *e)
{
    return !e->text_ok ? NULL : e->norm_after ? e->text + e->text_len + 1 : e->text;
}
/* Whether entry e has a text whose comparable form is not empty. */
static inline bool ec_norm_nonempty(const ec_entry *e)
{
    const char *n = ec_norm(e);
    return n && n[0];
}

enum { EC_CLIP_FOLDED = 1, EC_CLIP_LITERAL = 2 };

/* The key "code/sub" of entry e, written into a buffer that lives until the
 * end of the enclosing block: for a call's argument, not for keeping. */
#define EC_KEY(e) ec_key_of((e), (char[EC_KEY_MAX]){0})
const char *ec_key_of(const ec_entry *e, char buf[EC_KEY_MAX]);

/* The extra fields of entry e for reading: all empty when it has none. */
extern const ec_entry_extra ec_entry_no_extra;
#define EC_X(e) ((e)->has_extra ? (const ec_entry_extra *)(e)->more : &ec_entry_no_extra)
/* The extra fields of entry e for writing, made in arena `a` (zeroed, but
 * for the note, which moves in) the first time. */
ec_entry_extra *ec_entry_extra_of(ec_arena *a, ec_entry *e);
/* Entry e's `note:`, or NULL. */
static inline const char *ec_note(const ec_entry *e)
{
    return e->has_extra ? ((const ec_entry_extra *)e->more)->note : (const char *)e->more;
}
/* Sets entry e's note (a string that lives as long as the entry). */
void ec_entry_set_note(ec_entry *e, char *note);

/* The strings of every entry of a locale live in its arena. */
typedef struct {
    char *tag;
    char *path; /* as displayed: dir + "/" + tag + ".yaml" */
    ec_arena arena;
    ec_entry *entries;
    size_t n, cap;
    bool present;    /* the file exists */
    bool usable;     /* parsed well enough to take part in cross-locale checks */
    unsigned script; /* EC_SCRIPT_* the locale is written in (ec_u_locale_script) */
    char script_code[EC_SCRIPT_MAX];
    char lang[EC_LANG_MAX]; /* primary language subtag */
    ec_pos messages_pos;
    size_t nminority; /* of its keys, the minority keys (ec_catalog_key_minority) */
} ec_locale;

typedef struct {
    char *locale;
    char *rendering;
} ec_rendering;

typedef struct {
    char *word;
    ec_rendering *r;
    size_t n;
    ec_pos pos;
} ec_term;

/* A catalog's policy for a check (catalog.yaml `checks:`): the table's default,
 * a severity (the values of ec_severity), or off. */
typedef enum {
    EC_POLICY_DEFAULT = 0,
    EC_POLICY_WARNING = EC_SEV_WARNING,
    EC_POLICY_ERROR = EC_SEV_ERROR,
    EC_POLICY_OFF = 3
} ec_policy;

struct ec_catalog {
    char *dir;
    char *meta_path; /* dir/catalog.yaml */
    char *name;
    char *source;
    ec_pos source_pos;
    char *c_prefix;
    bool snapshots;       /* every translation carries its `source:` snapshot */
    char *templates;      /* `templates:` as written (NULL: none) */
    ec_pos templates_pos; /* ... its position in catalog.yaml */
    char *templates_dir;  /* ... joined to dir */
    ec_locale *locales;   /* output order */
    size_t nlocales;
    int source_idx; /* -1 when the source locale has no usable file */
    ec_term *terms;
    size_t nterms;
    size_t nkeys;     /* distinct keys over all usable locales */
    size_t nminority; /* of those, the minority keys (ec_catalog_key_minority) */
    unsigned char policy[EC_CHECK_COUNT]; /* ec_policy of each check */
};

ec_entry *ec_locale_add(ec_locale *l);
/* Room for `n` entries without growing, when it can be had: reserved
 * address space, of which only the entries added take memory. */
void ec_locale_reserve(ec_locale *l, size_t n);
/* Frees what `l` holds (not `l` itself). */
void ec_locale_free(ec_locale *l);
/* Sorts entries by key (stable: a duplicate keeps its file order). */
void ec_locale_sort(ec_locale *l);
/* Binary search; NULL when the locale lacks the key. */
const ec_entry *ec_locale_find(const ec_locale *l, int32_t code, int32_t sub);
/* ec_locale_find() for keys asked in ascending order: `*at` (0 to start)
 * is where the previous search ended, so that the next one usually takes a
 * step or two. Any key may be asked; one before the cursor is found by a
 * search of the whole locale. */
const ec_entry *ec_locale_find_next(const ec_locale *l, int32_t code, int32_t sub, size_t *at);
/* Whether translation `e` (of locale `l`) is current (README "Checks":
 * stale). EC_STALE_CHANGED: its `source:` snapshot, compared as
 * ec_u_comparable() compares texts, differs from the source entry's text;
 * EC_STALE_NO_SNAPSHOT: the catalog has `snapshots: true` and the
 * translation has no snapshot. EC_FRESH when `src` (the source locale's
 * entry with e's key; may be NULL) has no usable text, or `l` is the
 * source locale. */
typedef enum { EC_FRESH, EC_STALE_CHANGED, EC_STALE_NO_SNAPSHOT } ec_staleness;
ec_staleness ec_entry_staleness(const ec_catalog *c, const ec_locale *l, const ec_entry *e,
                                const ec_entry *src);
void ec_catalog_finish(ec_catalog *c);
/* The C symbol of key code/sub: prefix_NAME with the source entry's `name`
 * (src_entry may be NULL), else prefix_<code>_<sub> (M for a minus sign).
 * Caller frees. */
char *ec_symbol(const char *prefix, const ec_entry *src_entry, int32_t code, int32_t sub);
/* A k-way merge over the sorted usable locales, `at` holding one position
 * per locale (all 0 to start): the entry with the next key in numeric order
 * (NULL at the end), and the step past that key in every locale. */
const ec_entry *ec_catalog_next_key(const ec_catalog *c, const size_t *at);
void ec_catalog_pass_key(const ec_catalog *c, size_t *at, int32_t code, int32_t sub);
const ec_locale *ec_catalog_source(const ec_catalog *c);
/* Whether the key of the merge at `at` (ec_catalog_next_key) is a minority key:
 * the source locale has a usable file and lacks it, and fewer than half of the
 * usable locales have it (README "Checks": extra). Such a key is reported as
 * `extra` on each locale that has it, and as `missing` nowhere. */
bool ec_catalog_key_minority(const ec_catalog *c, const size_t *at, int32_t code, int32_t sub);

#endif
