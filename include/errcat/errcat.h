/*
 * errcat: keep code-keyed message catalogs honest across languages.
 *
 * The public API of the errcat library. The library never prints and never
 * exits: it loads a catalog directory, runs checks into a report, and renders
 * reports and statistics into strings that the caller prints. Everything it
 * returns is owned by the caller unless stated otherwise.
 */
#ifndef ERRCAT_ERRCAT_H
#define ERRCAT_ERRCAT_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * What a finding is about: one of the checks (README "Checks"), or one of the
 * kinds of finding that are not checks (a file that cannot be read, and the
 * problems `errcat build` and `errcat import` report). Append-only: a value
 * never changes once released, and a new check takes the next free value
 * before EC_CHECK_COUNT (README "Code layout": adding a check).
 */
typedef enum {
    EC_CHECK_SYNTAX = 0,
    EC_CHECK_SCHEMA = 1,
    EC_CHECK_DUPLICATE = 2,
    EC_CHECK_ENCODING = 3,
    EC_CHECK_MISSING = 4,
    EC_CHECK_EMPTY = 5,
    EC_CHECK_PLACEHOLDER = 6,
    EC_CHECK_DRIFT = 7,
    EC_CHECK_TERMS = 8,
    EC_CHECK_STALE = 9,
    EC_CHECK_UNTRANSLATED = 10,
    EC_CHECK_SCRIPT = 11,
    EC_CHECK_WHITESPACE = 12,
    EC_CHECK_NFC = 13,
    /** Not a check: a file that exists but cannot be read (exit status 2). */
    EC_CHECK_IO = 14,
    /** Not a check: `errcat build`, a template that cannot be rendered. */
    EC_CHECK_TEMPLATE = 15,
    /** Not a check: `errcat build`, an output that is out of date (check_only) or cannot be written. */
    EC_CHECK_OUTPUT = 16,
    /** Not a check: `errcat import`, a problem of the file imported. */
    EC_CHECK_IMPORT = 17,
    /** The number of ids (at most 64: an entry's `ignore` is a 64-bit set). */
    EC_CHECK_COUNT
} ec_check_id;

typedef enum { EC_SEV_WARNING = 1, EC_SEV_ERROR = 2 } ec_severity;

/** Output formats of a report. */
typedef enum { EC_FORMAT_TEXT, EC_FORMAT_JSON, EC_FORMAT_SARIF, EC_FORMAT_GITHUB } ec_format;

/** A loaded catalog directory (opaque). */
typedef struct ec_catalog ec_catalog;

/** A list of findings (opaque). */
typedef struct ec_report ec_report;

/** One finding, as read back with ec_report_get(). Strings are owned by the report. */
typedef struct {
    const char *file;    /**< path as given on the command line joined with the file name */
    int line;            /**< 1-based line, 0 when the finding has no position */
    int column;          /**< 1-based column in code points, 0 when none */
    ec_severity severity;
    ec_check_id check;
    const char *locale;  /**< locale tag, or "" for catalog.yaml */
    const char *key;     /**< "errcode/sub_errcode", or "" */
    const char *message;
} ec_finding;

/** Options of a check run. */
typedef struct {
    bool disabled[EC_CHECK_COUNT]; /**< checks switched off with --disable */
    const char **only_locales;     /**< NULL, or a NULL-terminated list (--locale) */
} ec_check_options;

/** The version string, e.g. "0.1.0". */
const char *ec_version(void);

/** The id of a check or finding kind ("drift", "io"), or NULL for an out-of-range value. */
const char *ec_check_name(ec_check_id id);

/** True when `id` is a check (one that runs, that --disable and `ignore:`
 * name), false for the finding kinds that are not checks (EC_CHECK_IO, ...). */
bool ec_check_is_check(ec_check_id id);

/** Looks a check up by id ("drift"); returns -1 when there is no such check
 * (the ids of finding kinds that are not checks, "io", are not checks). */
int ec_check_from_name(const char *name);

/** The default severity of a check. */
ec_severity ec_check_default_severity(ec_check_id id);

/** One-line description of a check, for --help and SARIF rules. */
const char *ec_check_description(ec_check_id id);

/** Creates an empty report. Free it with ec_report_free(). */
ec_report *ec_report_new(void);
void ec_report_free(ec_report *r);
size_t ec_report_count(const ec_report *r);
/** The i-th finding (after ec_report_sort(), in file, line, column order). */
ec_finding ec_report_get(const ec_report *r, size_t i);
/** Sorts findings by file, line, column, check and message. */
void ec_report_sort(ec_report *r);
size_t ec_report_count_severity(const ec_report *r, ec_severity sev);
/** True when some file could not be read at all (exit status 2). */
bool ec_report_has_io_error(const ec_report *r);

/**
 * Loads the catalog in directory `dir`. Problems of the catalog become
 * findings in `r`. Returns NULL only when the directory or its catalog.yaml
 * cannot be read at all; the reason is then in `r` as an EC_CHECK_IO finding.
 * Free the result with ec_catalog_free().
 */
ec_catalog *ec_catalog_load(const char *dir, ec_report *r);
void ec_catalog_free(ec_catalog *c);

/** Number of locales of the catalog and their tags in output order. */
size_t ec_catalog_locale_count(const ec_catalog *c);
const char *ec_catalog_locale(const ec_catalog *c, size_t i);
/** Number of distinct keys over all locales. */
size_t ec_catalog_key_count(const ec_catalog *c);

/** Runs every enabled check of SPEC 3 over `c`, appending findings to `r`. */
void ec_check_run(const ec_catalog *c, const ec_check_options *opt, ec_report *r);

/**
 * Renders the findings of `r` in format `fmt` (text: one compiler-style line
 * each; json; sarif; github: workflow commands). With `color` the text format
 * uses ANSI colours. Returns a NUL-terminated string the caller frees.
 */
char *ec_report_render(const ec_report *r, ec_format fmt, bool color);

/**
 * The summary line "errcat: 4 errors, 1 warning (en, zh, ja, ko; 70 keys)"
 * without a newline. `only_locales` as in ec_check_options. Caller frees.
 */
char *ec_report_summary(const ec_report *r, const ec_catalog *c, const char **only_locales);

/**
 * Per-locale statistics of `c` with the findings of `r` (keys, translated,
 * stale, missing, errors, warnings), as an aligned text table or as JSON.
 * Caller frees.
 */
char *ec_stats_render(const ec_catalog *c, const ec_report *r, ec_format fmt,
                      const char **only_locales);

/** Output kinds of `errcat build` (--only md,html,docs,c,po). */
enum {
    EC_OUT_MD = 1,
    EC_OUT_HTML = 2,
    EC_OUT_DOCS = 4,
    EC_OUT_C = 8,
    EC_OUT_PO = 16,
    EC_OUT_ALL = 31
};

/** The EC_OUT_* bit of a kind name ("md"), or 0 when there is none. */
unsigned ec_output_kind(const char *name);

typedef struct {
    const char *out_dir;       /**< where outputs go ("out") */
    const char *templates_dir; /**< NULL: the built-in templates; else files there win */
    unsigned kinds;            /**< EC_OUT_* bits; 0 means all */
    bool check_only;           /**< write nothing, only tell what is out of date */
    const char **only_locales; /**< NULL, or a NULL-terminated list */
} ec_build_options;

typedef enum {
    EC_BUILD_OK = 0,          /**< written (or, with check_only, all up to date) */
    EC_BUILD_OUT_OF_DATE = 1, /**< check_only: some output would change */
    EC_BUILD_BAD_TEMPLATE = 2,/**< a template is malformed: nothing written */
    EC_BUILD_WRITE_FAILED = 3 /**< an output could not be written: old files kept */
} ec_build_status;

/**
 * Renders every output of `c` and writes those whose bytes changed, each
 * through a temporary file renamed into place only after every output was
 * rendered and staged. Lines for the user (out-of-date files, errors, a
 * summary) are appended to `*log`, which the caller frees.
 */
ec_build_status ec_build(const ec_catalog *c, const ec_build_options *o, char **log);

/** What `errcat import` reads (SPEC 5). */
typedef enum { EC_IMPORT_MD, EC_IMPORT_HTML, EC_IMPORT_PO } ec_import_format;

/** The format named "md", "html" or "po", or -1. */
int ec_import_format_from_name(const char *name);

typedef struct {
    ec_import_format from;
    const char *locale; /**< the BCP 47 tag of the file's language: `locale:` of the output */
    const char *output; /**< NULL: the YAML is returned; else it is written there atomically */
} ec_import_options;

typedef enum {
    EC_IMPORT_OK = 0,
    EC_IMPORT_REFUSED = 1,      /**< no usable table, a bad code, a duplicate key...: no output */
    EC_IMPORT_USAGE = 2,        /**< a bad option (a locale that is not a BCP 47 tag) */
    EC_IMPORT_UNREADABLE = 3,   /**< the file cannot be read at all */
    EC_IMPORT_WRITE_FAILED = 4  /**< the output cannot be written (an old file stays intact) */
} ec_import_status;

/**
 * Reads the docs page (md, html) or PO file at `path` and turns its table or
 * messages into the locale file of SPEC 1, keys in numeric order. Without
 * o->output the file's bytes are returned in *yaml and *yaml_len (caller
 * frees; NULL unless EC_IMPORT_OK); with it, the file is written through a
 * temporary file in the same directory renamed into place, and only when
 * its content changes. Diagnostics ("FILE:LINE: error: ...") and a summary
 * line are appended to *log, which the caller frees.
 */
ec_import_status ec_import(const char *path, const ec_import_options *o, char **yaml,
                           size_t *yaml_len, char **log);

#ifdef __cplusplus
}
#endif
#endif
