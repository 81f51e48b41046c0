/* Private declarations shared by the errcat library sources. Never installed. */
#ifndef ERRCAT_INTERNAL_H
#define ERRCAT_INTERNAL_H

#include "errcat/errcat.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

/* ---- buf.c: a growable byte buffer, always NUL-terminated ---- */

typedef struct {
    char *data;
    size_t len;
    size_t cap;
} ec_buf;

void ec_buf_reserve(ec_buf *b, size_t extra);
void ec_buf_put(ec_buf *b, const char *s, size_t n);
void ec_buf_puts(ec_buf *b, const char *s);
void ec_buf_putc(ec_buf *b, char c);
void ec_buf_printf(ec_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void ec_buf_vprintf(ec_buf *b, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 0)))
#endif
    ;
/* Returns the data (never NULL) and leaves `b` empty; the caller frees it. */
char *ec_buf_take(ec_buf *b);
void ec_buf_free(ec_buf *b);
/* Appends `s` as the contents of a JSON string (without the quotes); bytes
 * that are not UTF-8 become U+FFFD. */
void ec_buf_json(ec_buf *b, const char *s);
/* Appends `s` safe to show on a terminal, on one line: line breaks and tabs
 * as \n \r \t, other control characters (C0, DEL, C1) and bytes that are
 * not UTF-8 as \xNN or \uNNNN, and so are the bidirectional embeddings,
 * overrides and isolates (U+202A-202E, U+2066-2069), which could reorder
 * what the line shows. */
void ec_buf_printable(ec_buf *b, const char *s);

/* An arena: many small strings in a few big blocks, freed all at once. */
typedef struct ec_arena_block ec_arena_block;
typedef struct {
    ec_arena_block *head;
    char *p;
    size_t left;
} ec_arena;

/* `size` zeroed bytes from the arena, aligned for any type. */
void *ec_arena_alloc(ec_arena *a, size_t size);
/* Copies s[0..n) into the arena, NUL-terminated. */
char *ec_arena_dup(ec_arena *a, const char *s, size_t n);
void ec_arena_free(ec_arena *a);

/* Allocation that does not fail: out of memory, errcat calls the function
 * given to ec_on_oom (NULL: none; it must not allocate), says so on stderr
 * and exits with status 2. */
void ec_on_oom(void (*cleanup)(void));
void *ec_xmalloc(size_t n);
void *ec_xcalloc(size_t n, size_t size);
void *ec_xrealloc(void *p, size_t n);
char *ec_xstrdup(const char *s);
char *ec_xstrndup(const char *s, size_t n);
char *ec_xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* ---- unicode.c: every use of ICU lives there ---- */

/* Script classes the script and terms checks care about. */
enum {
    EC_SCRIPT_LATIN = 1u << 0,
    EC_SCRIPT_HAN = 1u << 1,
    EC_SCRIPT_KANA = 1u << 2, /* Hiragana or Katakana */
    EC_SCRIPT_HANGUL = 1u << 3,
    EC_SCRIPT_OTHER = 1u << 4 /* a letter of any other script */
};

/* NFC, then trim and collapse runs of white space to one U+0020. */
char *ec_u_comparable(const char *s, size_t n);
/* The same into `out` (emptied first), without allocating when it can. */
void ec_u_comparable_into(ec_buf *out, const char *s, size_t n);
bool ec_u_is_nfc(const char *s, size_t n);
/* Validates UTF-8; on failure stores the byte offset of the first bad sequence. */
bool ec_u_valid_utf8(const char *s, size_t n, size_t *bad_offset);
/* The first code point of `s` that is a control character other than TAB,
 * LF or CR (C0, DEL, C1 except NEL) or a noncharacter (U+FDD0-FDEF, U+FFFE,
 * U+FFFF and their kin in every plane), as its value, or -1; `*offset` gets
 * its byte offset. */
int32_t ec_u_find_control(const char *s, size_t n, size_t *offset);
/* What is wrong with the white space of a text ("has trailing white space"),
 * or NULL. */
const char *ec_u_whitespace_problem(const char *s, size_t n);
/* The facts of a text that the checks and the comparable form need, found
 * in one pass (at load time, for every entry): EC_SCRIPT_* of its letters
 * (ec_u_scripts), EC_FACT_* flags, and its white-space problem
 * (ec_u_facts_whitespace). */
enum {
    EC_FACT_SCRIPTS = 0x1f,       /* EC_SCRIPT_* bits */
    EC_FACT_CONTROL = 1u << 5,    /* ec_u_find_control() finds something */
    EC_FACT_NFC_UNSURE = 1u << 6, /* ask ec_u_is_nfc(); else it is NFC */
    EC_FACT_PLAIN = 1u << 7,      /* ec_u_comparable(s) == s */
    EC_FACT_WS_SHIFT = 8,         /* 3 bits: the white-space problem */
    EC_FACT_KNOWN = 1u << 11      /* the facts were found */
};
unsigned ec_u_facts(const char *s, size_t n);
/* ec_u_whitespace_problem() of the text with these facts. */
const char *ec_u_facts_whitespace(unsigned facts);
/* Columns `s` takes in a monospace font: East Asian Wide and Fullwidth
 * characters count 2, combining marks and format characters 0. */
size_t ec_u_display_width(const char *s, size_t n);
/* Number of code points in s[0..n). */
size_t ec_u_count_chars(const char *s, size_t n);
/* Bit set of EC_SCRIPT_* among the letters of `s`; with `other_script` the
 * ICU short name of the first "other" script is stored ("Cyrl"). */
unsigned ec_u_scripts(const char *s, size_t n, const char **other_script);
/* The script a locale is written in, from ICU likely subtags: one
 * EC_SCRIPT_* bit set for CJK locales (Kore: HANGUL, Jpan: KANA|HAN,
 * Hans/Hant: HAN), EC_SCRIPT_LATIN for Latin, EC_SCRIPT_OTHER otherwise with
 * the ISO 15924 code in `code` (5 bytes). */
unsigned ec_u_locale_script(const char *tag, char code[5]);
/* True when `s` holds a letter of the ISO 15924 script `code`. */
bool ec_u_has_script(const char *s, size_t n, const char *code);
/* Sets up ICU's shared objects; call once before using unicode.c from
 * several threads. */
void ec_u_init(void);
/* Well-formed BCP 47 language tag? */
bool ec_u_valid_langtag(const char *tag);
/* The primary language subtag of `tag`, lower-cased, into out[12]. */
void ec_u_language(const char *tag, char out[12]);

/* Latin words and numbers of a text, for the terms check. */
typedef struct {
    const char *start; /* into the text */
    size_t len;
    bool is_number; /* digits only */
    int upper;      /* number of upper-case letters */
    bool has_digit;
} ec_token;

/* Calls `fn` for every maximal run of Latin letters and decimal digits. */
void ec_u_tokens(const char *s, size_t n, void (*fn)(const ec_token *, void *), void *ctx);
/* Is w[0..wn), made of token characters, one of the tokens of s[0..n)?
 * (A search, not a tokenisation of s.) */
bool ec_u_has_token(const char *s, size_t n, const char *w, size_t wn);

/* ---- parallel.c ---- */

/* Calls fn(i, ctx) for i in [0, n) on up to as many threads as there are
 * cores; returns when every call has returned. Calls must not share
 * mutable state. */
void ec_parallel_for(size_t n, void (*fn)(size_t i, void *ctx), void *ctx);
/* The same in two steps: the calls start on the other cores, the caller
 * does work of its own, then joins in with ec_parallel_finish(), which
 * returns when every call has returned. */
typedef struct ec_parallel ec_parallel;
ec_parallel *ec_parallel_start(size_t n, void (*fn)(size_t i, void *ctx), void *ctx);
void ec_parallel_finish(ec_parallel *p);
/* With ERRCAT_TIMES set, prints to stderr the wall time since the previous
 * call under `name` (NULL: starts the clock): the phases of a run, for profiling. */
void ec_phase(const char *name);

/* Moves every finding of `from` to the end of `to`; `from` is left empty. */
void ec_report_move(ec_report *to, ec_report *from);

/* ---- catalog.c: the model ---- */

typedef struct {
    int line; /* 1-based; 0 = none */
    int col;  /* 1-based, in code points */
} ec_pos;

typedef struct {
    int32_t code, sub;
    char key[24]; /* "18/305" */
    char *text;
    size_t text_len;  /* may hold NUL bytes from escapes */
    char *norm;       /* ec_u_comparable(text), often `text` itself; NULL when unusable */
    char *source;     /* `source:` snapshot or NULL */
    size_t source_len;
    char *note;
    char *name;
    uint16_t ignore;  /* bit set of 1u << ec_check_id */
    uint16_t facts;   /* ec_u_facts(text) when text is set, else 0 */
    ec_pos pos;       /* of the key */
    ec_pos text_pos;  /* of the text scalar */
    ec_pos source_pos;
    ec_pos name_pos;
    bool text_seen;   /* a text field (or short form) was present */
    bool text_ok;     /* a string text was read */
    bool text_null;   /* the plain scalar was empty (no text at all) */
} ec_entry;

/* The strings of every entry of a locale live in its arena. */
typedef struct {
    char *tag;
    char *path;       /* as displayed: dir + "/" + tag + ".yaml" */
    ec_arena arena;
    ec_entry *entries;
    size_t n, cap;
    bool present;     /* the file exists */
    bool usable;      /* parsed well enough to take part in cross-locale checks */
    unsigned script;  /* EC_SCRIPT_* the locale is written in (ec_u_locale_script) */
    char script_code[5];
    char lang[12];    /* primary language subtag */
    ec_pos messages_pos;
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

struct ec_catalog {
    char *dir;
    char *meta_path; /* dir/catalog.yaml */
    char *name;
    char *source;
    ec_pos source_pos;
    char *c_prefix;
    ec_locale *locales; /* output order */
    size_t nlocales;
    int source_idx;     /* -1 when the source locale has no usable file */
    ec_term *terms;
    size_t nterms;
    size_t nkeys;       /* distinct keys over all usable locales */
};

/* Writes the canonical key "code/sub" into out[24]. */
void ec_key_format(char out[24], int32_t code, int32_t sub);
/* Parses "<errcode>/<sub_errcode>"; false when the key breaks SPEC 1. */
bool ec_key_parse(const char *s, size_t n, int32_t *code, int32_t *sub);
int ec_key_cmp(int32_t c1, int32_t s1, int32_t c2, int32_t s2);
ec_entry *ec_locale_add(ec_locale *l);
/* Sorts entries by key (stable: a duplicate keeps its file order). */
void ec_locale_sort(ec_locale *l);
/* Binary search; NULL when the locale lacks the key. */
const ec_entry *ec_locale_find(const ec_locale *l, int32_t code, int32_t sub);
void ec_catalog_finish(ec_catalog *c);
/* A k-way merge over the sorted usable locales, `at` holding one position
 * per locale (all 0 to start): the entry with the next key in numeric order
 * (NULL at the end), and the step past that key in every locale. */
const ec_entry *ec_catalog_next_key(const ec_catalog *c, const size_t *at);
void ec_catalog_pass_key(const ec_catalog *c, size_t *at, int32_t code, int32_t sub);
const ec_locale *ec_catalog_source(const ec_catalog *c);

/* ---- yaml_load.c: every use of libyaml lives there ---- */

/* Reads catalog.yaml into `c` (name, source, locales, c_prefix, terms).
 * Returns false when the file cannot be read at all. */
bool ec_yaml_load_meta(ec_catalog *c, ec_report *r, bool *listed_locales);
/* Reads one locale file into `l`. */
void ec_yaml_load_locale(const ec_catalog *c, ec_locale *l, ec_report *r);
/* Reads a whole file; NULL with errno set on failure. */
char *ec_read_file(const char *path, size_t *len);
/* The same for a file of at most `max` bytes: NULL with errno EFBIG when it
 * is larger. */
char *ec_read_file_max(const char *path, size_t max, size_t *len);
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
    const char *note;   /* or NULL */
} ec_yaml_out_entry;

/* The locale file of SPEC 1 (`locale:`, then `messages:` with the entries in
 * the order given: short form `"key": text`, long form when an entry has a
 * source or a note), written through libyaml's emitter: UTF-8 unescaped,
 * lines never folded. NULL with *err (caller frees) on failure. */
char *ec_yaml_emit_locale(const char *locale, const ec_yaml_out_entry *e, size_t n, size_t *len,
                          char **err);

/* ---- report.c ---- */

void ec_report_add(ec_report *r, const char *file, ec_pos pos, ec_severity sev, ec_check_id check,
                   const char *locale, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;
void ec_report_vadd(ec_report *r, const char *file, ec_pos pos, ec_severity sev,
                    ec_check_id check, const char *locale, const char *key, const char *fmt,
                    va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 0)))
#endif
    ;
bool ec_locale_selected(const char *tag, const char **only);
/* Drops findings of disabled checks and of locales not in `only`. */
void ec_report_filter(ec_report *r, const bool *disabled, const char **only);

/* ---- checks ---- */

/* What every check function gets. */
typedef struct {
    const ec_catalog *cat;
    const ec_check_options *opt;
    ec_report *out;
    /* per source entry: drift blames its text, so translations are not
     * measured against it by terms */
    bool *src_drifted;
} ec_ctx;

/* Reports a finding on entry `e` of locale `l` at `pos` unless the entry (or,
 * for translation checks, its source entry) ignores the check. */
void ec_finding_at(ec_ctx *x, const ec_locale *l, const ec_entry *e, ec_pos pos,
                   ec_check_id check, ec_severity sev, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* Checks over the whole catalog. */
/* Runs fn(x_i, li, arg) for every locale li on all cores; x_i is x with a
 * report of its own, merged into x's in locale order afterwards. */
void ec_check_per_locale(ec_ctx *x, void (*fn)(ec_ctx *x, size_t li, void *arg), void *arg);
void ec_check_missing(ec_ctx *x);
void ec_check_drift(ec_ctx *x);
void ec_check_terms(ec_ctx *x);

/* Checks of one entry `e` of locale `l`; `src` is the source locale's entry
 * of the same key, or NULL (also when `l` is the source locale). */
typedef void (*ec_entry_check)(ec_ctx *x, const ec_locale *l, const ec_entry *e,
                               const ec_entry *src);
void ec_check_empty(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src);
void ec_check_encoding(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src);
void ec_check_placeholder(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src);
void ec_check_stale(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src);
void ec_check_untranslated(ec_ctx *x, const ec_locale *l, const ec_entry *e,
                           const ec_entry *src);
void ec_check_script(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src);
void ec_check_whitespace(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src);
void ec_check_nfc(ec_ctx *x, const ec_locale *l, const ec_entry *e, const ec_entry *src);

/* Appends "a, b, c and 4 more" for a list of keys. */
void ec_buf_key_list(ec_buf *b, const char **keys, size_t n, size_t total);
/* Appends "en, zh and ja". */
void ec_buf_name_list(ec_buf *b, const char **names, size_t n);

/* A string -> size_t hash map (drift, terms, the catalog's locales). */
typedef struct ec_map_slot ec_map_slot;
typedef struct {
    ec_map_slot *slots;
    size_t cap, n;
} ec_map;

/* Returns the value for `k`, inserting `v` when absent; `*added` tells. */
size_t ec_map_get_or_add(ec_map *m, const char *k, size_t v, bool *added);
/* Pointer to the value of `k` or NULL. */
size_t *ec_map_find(const ec_map *m, const char *k);
void ec_map_free(ec_map *m);

#endif
