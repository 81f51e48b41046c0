/*
 * errcat: keep code-keyed message catalogs honest across languages.
 *
 * The public API of the errcat library. The library never prints and never
 * exits (nor reads or changes the environment): it loads a catalog
 * directory, runs checks into a report, and renders reports and statistics
 * into strings that the caller prints. Everything it returns is owned by the
 * caller unless stated otherwise.
 */
#ifndef ERRCAT_ERRCAT_H
#define ERRCAT_ERRCAT_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks the functions of this API: the library is built with
 * -fvisibility=hidden, so these are the only symbols it exports. */
#if defined(__GNUC__) || defined(__clang__)
#define EC_API __attribute__((visibility("default")))
#else
#define EC_API
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
    /** Not a check: `errcat build`, an output that is out of date (check_only) or cannot be
       written. */
    EC_CHECK_OUTPUT = 16,
    /** Not a check: `errcat import`, a problem of the file imported (a warning: of the
     * name of its output). */
    EC_CHECK_IMPORT = 17,
    /** A key that the source locale lacks and fewer than half of the locales have: reported
     * on each locale that has it, instead of `missing` on the others. */
    EC_CHECK_EXTRA = 18,
    /** ec_check_against(): a key of the old source locale that the source locale lacks. */
    EC_CHECK_REMOVED = 19,
    /** ec_check_against(): a key's C symbol changed, or a symbol names another key. */
    EC_CHECK_RENAMED = 20,
    /** ec_check_against(): the source text changed, a translation did not. */
    EC_CHECK_REWORDED = 21,
    /** The number of ids (at most 64: an entry's `ignore` is a 64-bit set). */
    EC_CHECK_COUNT
} ec_check_id;

typedef enum { EC_SEV_WARNING = 1, EC_SEV_ERROR = 2 } ec_severity;

/** Output formats of a report. */
typedef enum {
    EC_FORMAT_TEXT,
    EC_FORMAT_JSON,
    EC_FORMAT_SARIF,
    EC_FORMAT_GITHUB,
    EC_FORMAT_HTML /**< the review page (ec_report_render_html()) */
} ec_format;

/** The name --format takes for `fmt` ("text", "json", "sarif", "github", "html"), or
 * NULL past the last format: `for (int f = 0; ec_format_name(f); f++)`
 * lists them. */
EC_API const char *ec_format_name(ec_format fmt);

/** A loaded catalog directory (opaque). */
typedef struct ec_catalog ec_catalog;

/** A list of findings (opaque). */
typedef struct ec_report ec_report;

/** Another key a finding names (a tie's other keys), in the finding's file. */
typedef struct {
    const char *key; /**< "errcode/sub_errcode" */
    int line;        /**< 1-based line of its entry, 0 when none */
    int column;      /**< 1-based column in code points, 0 when none */
} ec_related;

/** One finding, as read back with ec_report_get(). Strings are owned by the report. */
typedef struct {
    const char *file; /**< path as given on the command line joined with the file name */
    int line;         /**< 1-based line, 0 when the finding has no position */
    int column;       /**< 1-based column in code points, 0 when none */
    ec_severity severity;
    ec_check_id check;
    const char *locale; /**< locale tag, or "" for catalog.yaml */
    const char *key;    /**< "errcode/sub_errcode", or "" */
    const char *message;
    size_t nrelated;           /**< the other keys the finding names, besides `key` */
    const ec_related *related; /**< nrelated of them, in the order the message names them */
} ec_finding;

/** Options of a check run. */
typedef struct {
    bool disabled[EC_CHECK_COUNT]; /**< checks switched off with --disable */
    const char **only_locales;     /**< NULL, or a NULL-terminated list (--locale) */
} ec_check_options;

/**
 * Out of memory: the library's allocations do not fail. When memory runs
 * out, the library undoes what it can (a build removes its temporary
 * files), then calls `fn`, which must not return and must not allocate
 * (errcat's prints "errcat: out of memory" and exits with status 2). With
 * no handler (NULL, the default), or when it returns, the library calls
 * abort(). One handler for the whole process: set it before other calls.
 */
EC_API void ec_set_oom_handler(void (*fn)(void));

/**
 * The threads that loading, checking and building run on: 0 (the default)
 * is one per online core; more than 16 is 16. Set it before other calls
 * (errcat takes it from ERRCAT_THREADS).
 */
EC_API void ec_set_threads(unsigned n);

/**
 * For profiling: `fn(phase, ctx)` is called where a phase of a run ends
 * (reading catalog.yaml, the locale files, each check, the outputs of a
 * build, ...) with its name, and with `phase` NULL where a run starts (in
 * ec_catalog_load()); always on the thread that called the library. NULL
 * (the default) calls nothing. errcat, with ERRCAT_TIMES set, prints the
 * wall time and peak memory of each phase.
 */
EC_API void ec_set_phase_hook(void (*fn)(const char *phase, void *ctx), void *ctx);

/** The version string, e.g. "0.1.0". */
EC_API const char *ec_version(void);

/** The id of a check or finding kind ("drift", "io"), or NULL for an out-of-range value. */
EC_API const char *ec_check_name(ec_check_id id);

/** True when `id` is a check (one that runs, that --disable and `ignore:`
 * name), false for the finding kinds that are not checks (EC_CHECK_IO, ...). */
EC_API bool ec_check_is_check(ec_check_id id);

/** Looks a check up by id ("drift"); returns -1 when there is no such check
 * (the ids of finding kinds that are not checks, "io", are not checks). */
EC_API int ec_check_from_name(const char *name);

/** The default severity of a check (catalog.yaml's `checks:` may set another one for a
 * catalog: ec_check_run() applies it). */
EC_API ec_severity ec_check_default_severity(ec_check_id id);

/** True when catalog.yaml's `checks:` may set the severity of `id` (or switch it off): the
 * checks that judge the loaded catalog; not syntax, schema and duplicate, which are the
 * reading of the files, nor the finding kinds that are not checks. */
EC_API bool ec_check_has_policy(ec_check_id id);

/** One-line description of a check, for --help and SARIF rules. */
EC_API const char *ec_check_description(ec_check_id id);

/** Creates an empty report. Free it with ec_report_free(). */
EC_API ec_report *ec_report_new(void);
EC_API void ec_report_free(ec_report *r);
EC_API size_t ec_report_count(const ec_report *r);
/** The i-th finding (after ec_report_sort(), in file, line, column order). */
EC_API ec_finding ec_report_get(const ec_report *r, size_t i);
/** Sorts findings by file, line, column, check and message. */
EC_API void ec_report_sort(ec_report *r);
EC_API size_t ec_report_count_severity(const ec_report *r, ec_severity sev);
/** True when some file could not be read at all (exit status 2). */
EC_API bool ec_report_has_io_error(const ec_report *r);
/** The findings a baseline silenced (ec_baseline_apply()): they are no longer
 * among those ec_report_count() counts; 0 when no baseline was applied. */
EC_API size_t ec_report_baselined(const ec_report *r);

/**
 * Loads the catalog in directory `dir`. Problems of the catalog become
 * findings in `r`. Returns NULL only when the directory or its catalog.yaml
 * cannot be read at all; the reason is then in `r` as an EC_CHECK_IO finding.
 * Free the result with ec_catalog_free().
 */
EC_API ec_catalog *ec_catalog_load(const char *dir, ec_report *r);

/** A file of a catalog given in memory (ec_catalog_load_files()). */
typedef struct {
    const char *name; /**< its name in the catalog directory: "catalog.yaml", "en.yaml" */
    const char *data; /**< its bytes (no final NUL needed) */
    size_t len;
} ec_file;

/**
 * Loads a catalog from memory: `files` are the files that directory `dir`
 * would hold (catalog.yaml and the locale files), read as ec_catalog_load()
 * reads the directory, with the same findings, which name each file
 * dir + "/" + name. Names are looked up as a directory's would be: `name`
 * must be a plain file name; of two files with one name, the first counts.
 * Returns NULL only when there is no catalog.yaml among them (an
 * EC_CHECK_IO finding). The bytes are read during the call only.
 */
EC_API ec_catalog *ec_catalog_load_files(const char *dir, const ec_file *files, size_t n,
                                         ec_report *r);
EC_API void ec_catalog_free(ec_catalog *c);

/** Number of locales of the catalog and their tags in output order. */
EC_API size_t ec_catalog_locale_count(const ec_catalog *c);
EC_API const char *ec_catalog_locale(const ec_catalog *c, size_t i);
/** Number of distinct keys over all locales. */
EC_API size_t ec_catalog_key_count(const ec_catalog *c);

/** Runs every enabled check (README "Checks") over `c`, appending findings to `r`. The
 * catalog's policies (catalog.yaml `checks:`) apply to every finding of `r`, those that
 * ec_catalog_load() put there included: a check set to `off` does not run and its findings
 * are dropped; one set to `warning` or `error` has its findings take that severity. */
EC_API void ec_check_run(const ec_catalog *c, const ec_check_options *opt, ec_report *r);

/** Runs the checks against an older version of the catalog, `old` (README
 * "Comparing with an older catalog"): removed, renamed and reworded, with the
 * options and the policies of ec_check_run(), appending their findings to `r`
 * (sorted). Nothing is compared when either catalog has no usable source
 * locale or their source locales differ. */
EC_API void ec_check_against(const ec_catalog *c, const ec_catalog *old,
                             const ec_check_options *opt, ec_report *r);

/**
 * Renders the findings of `r` in format `fmt` (text: one compiler-style line
 * each; json; sarif; github: workflow commands). With `color` the text format
 * uses ANSI colours. Returns a NUL-terminated string the caller frees.
 */
EC_API char *ec_report_render(const ec_report *r, ec_format fmt, bool color);

/**
 * The review page (README "The review page"): one self-contained HTML5
 * document with the catalog's facts and coverage (when `c` is not NULL),
 * one element per finding of `r` with the texts of its key in every locale
 * of `c`, and filters. The same catalog and report give the same bytes.
 * `only_locales` as in ec_check_options. Caller frees.
 * ec_report_render(r, EC_FORMAT_HTML, ...) is this with no catalog.
 */
EC_API char *ec_report_render_html(const ec_report *r, const ec_catalog *c,
                                   const char **only_locales);

/**
 * The summary line "errcat: 4 errors, 1 warning (en, zh, ja, ko; 70 keys)"
 * without a newline; after ec_baseline_apply() "errcat: 0 errors, 1 warning,
 * 3 baselined (...)". `only_locales` as in ec_check_options. Caller frees.
 */
EC_API char *ec_report_summary(const ec_report *r, const ec_catalog *c, const char **only_locales);

/**
 * Baselines (README "Baselines"). ec_baseline_write() records the
 * fingerprint of every finding of `r` that is a check's (check id, locale,
 * key, and the texts of catalog `c` the finding is about: the entry's text
 * and, in a translation, the source text; the message for a finding without
 * a key) in the JSON file `path`, sorted, one finding a line, written through
 * a temporary file renamed into place. *count (may be NULL) receives the
 * number recorded. False with *err (caller frees) when it cannot be written.
 */
EC_API bool ec_baseline_write(const ec_catalog *c, const ec_report *r, const char *path,
                              size_t *count, char **err);

/**
 * Reads the baseline `path` and moves every finding of `r` whose fingerprint
 * it records (each record silences one finding) out of the report: they are
 * counted by ec_report_baselined() and listed by the SARIF format with
 * baselineState "unchanged" (the others "new"). Sorts `r`. False with *err
 * (caller frees; "FILE:LINE: what is wrong") when the file cannot be read or
 * is not a baseline; `r` is then unchanged.
 */
EC_API bool ec_baseline_apply(const ec_catalog *c, ec_report *r, const char *path, char **err);

/**
 * Per-locale statistics of `c` with the findings of `r` (keys, translated,
 * stale, missing, errors, warnings), as an aligned text table or as JSON.
 * Caller frees.
 */
EC_API char *ec_stats_render(const ec_catalog *c, const ec_report *r, ec_format fmt,
                             const char **only_locales);

/** True when ec_stats_render() renders format `fmt` (text and json; it
 * renders any other as text). */
EC_API bool ec_stats_renders(ec_format fmt);

/** Output kinds of `errcat build`: the bits of ec_build_options.kinds
 * (--only; ec_output_kind_name() lists the names). */
enum {
    EC_OUT_MD = 1,
    EC_OUT_HTML = 2,
    EC_OUT_DOCS = 4,
    EC_OUT_C = 8,
    EC_OUT_PO = 16,
    EC_OUT_ALL = 31
};

/** The EC_OUT_* bit of a kind name ("md"), or 0 when there is none. */
EC_API unsigned ec_output_kind(const char *name);

/** The name of the i-th output kind ("md"), in the order --only lists them,
 * or NULL past the last. */
EC_API const char *ec_output_kind_name(size_t i);

/** The files the i-th output kind writes below the output directory,
 * separated by blanks ("po/<name>.pot po/<locale>.po"), or NULL past the
 * last. */
EC_API const char *ec_output_kind_files(size_t i);

typedef struct {
    const char *out_dir;       /**< where outputs go ("out") */
    const char *templates_dir; /**< NULL: the catalog's `templates:` directory, if any, else the
                                    built-in templates; else files there win */
    unsigned kinds;            /**< EC_OUT_* bits; 0 means all */
    bool check_only;           /**< write nothing, only tell what is out of date */
    const char **only_locales; /**< NULL, or a NULL-terminated list */
    /** The date of the PO headers, in seconds since 1970-01-01 00:00 UTC
     * (errcat takes it from SOURCE_DATE_EPOCH). Zero or negative, or a date
     * past the year 9999: 1970-01-01 00:00 itself, never the clock, so that
     * outputs are reproducible. */
    long long source_date_epoch;
    const char *tmp_dir; /**< unused since errcat writes PO files itself (no
                              scratch file); kept so that callers compile */
} ec_build_options;

typedef enum {
    EC_BUILD_OK = 0,           /**< written (or, with check_only, all up to date) */
    EC_BUILD_OUT_OF_DATE = 1,  /**< check_only: some output would change */
    EC_BUILD_BAD_TEMPLATE = 2, /**< a template is malformed: nothing written */
    EC_BUILD_WRITE_FAILED = 3  /**< an output could not be written: old files kept */
} ec_build_status;

/** What a build did: the counts of the summary "errcat: 17 outputs, 0 written, 17 unchanged". */
typedef struct {
    bool rendered;  /**< every output was rendered and compared with the disk (false:
                         nothing was written, and the counts are 0) */
    size_t outputs; /**< the outputs compared */
    size_t changed; /**< of those, the ones written (check_only: out of date) */
    size_t removed; /**< files of an earlier build removed: outputs no longer produced and
                         temporary files of an interrupted build (check_only: to remove) */
} ec_build_result;

/**
 * Renders every output of `c` and writes those whose bytes changed, each
 * through a temporary file renamed into place only after every output was
 * rendered and staged. Findings are appended to `r` in the order they
 * happen: EC_CHECK_TEMPLATE errors for a templates directory that is not
 * one and a template that cannot be found or rendered (a variable that the
 * view does not provide included), and warnings for a file of the
 * templates directory that no output uses (file: its path); EC_CHECK_OUTPUT
 * errors for an output that is out of date with check_only (file: its path;
 * message: "out of date"), for one that cannot be written and for a catalog
 * without a usable name (file: "", the message names what failed).
 *
 * The build lists the files it wrote in OUT/.errcat-outputs (README
 * "Outputs"); a file listed there that this build no longer produces, and a
 * temporary file an interrupted build left, is removed (an EC_CHECK_OUTPUT
 * warning with its path, "removed (...)") or, with check_only, reported (an
 * error, "... (errcat build removes it)"). `res` (NULL: not wanted)
 * receives the counts.
 *
 * libgettextpo writes PO files twice as fast, with the same bytes, when the
 * environment has OLD_PO_FILE_OUTPUT=1 (errcat sets it when it is unset):
 * a program that wants that sets it before it starts threads.
 */
EC_API ec_build_status ec_build(const ec_catalog *c, const ec_build_options *o, ec_report *r,
                                ec_build_result *res);

/** What `errcat import` reads (README "Migrating pages: `errcat import`"). */
typedef enum { EC_IMPORT_MD, EC_IMPORT_HTML, EC_IMPORT_PO } ec_import_format;

/** The format of that name (see ec_import_format_name()), or -1. */
EC_API int ec_import_format_from_name(const char *name);

/** The name --from takes for `f` ("md", "html", "po"), or NULL past the
 * last format: `for (int f = 0; ec_import_format_name(f); f++)` lists them. */
EC_API const char *ec_import_format_name(ec_import_format f);

/** For `errcat import --help`: what a file of format `f` is and what is
 * read from it, lines separated by "\n" (none at the end); NULL past the
 * last format. */
EC_API const char *ec_import_format_description(ec_import_format f);

typedef struct {
    ec_import_format from;
    const char *locale; /**< the BCP 47 tag of the file's language: `locale:` of the output */
    const char *output; /**< NULL: the YAML is returned; else it is written there atomically */
    bool force;         /**< po: import a file whose Language header names another language
                             than `locale` (else refused) */
} ec_import_options;

typedef enum {
    EC_IMPORT_OK = 0,
    EC_IMPORT_REFUSED = 1,     /**< no usable table, a bad code, a duplicate key...: no output */
    EC_IMPORT_USAGE = 2,       /**< o->locale is not a BCP 47 tag (nothing in the report) */
    EC_IMPORT_UNREADABLE = 3,  /**< the file cannot be read at all */
    EC_IMPORT_WRITE_FAILED = 4 /**< the output cannot be written (an old file stays intact) */
} ec_import_status;

/** What an import did: the counts of its summary line. */
typedef struct {
    size_t keys;           /**< entries of the locale file made */
    size_t untranslated;   /**< PO messages left out because they are untranslated */
    size_t fuzzy;          /**< PO messages imported as fuzzy: among `keys`, each with its
                                previous msgid (`#| msgid`) as `source:` */
    bool changed;          /**< with o->output: the file was written (false: it held these
                                bytes already and was left alone) */
    size_t errors;         /**< EC_IMPORT_REFUSED: the problems found, each in the report */
    size_t fuzzy_left_out; /**< PO messages left out because they are fuzzy without a
                                previous msgid (msgfmt leaves them out too) */
    bool in_place;         /**< o->output existed and was edited in place */
    size_t edited;         /**< in place: the entries changed or added */
    size_t not_in_catalog; /**< PO messages left out because the catalog's source locale
                                (catalog.yaml beside o->output) lacks their key */
} ec_import_result;

/**
 * Reads the docs page (md, html) or PO file at `path` and turns its table or
 * messages into a locale file (README "The catalog"), keys in numeric order.
 * Without o->output the file's bytes are returned in *yaml and *yaml_len
 * (caller frees; NULL unless EC_IMPORT_OK); with it, the file is written
 * through a temporary file in the same directory renamed into place, and only
 * when its content changes. An o->output that exists is edited in place
 * (README "Migrating pages"): only the texts, snapshots and notes that
 * differ change and missing keys are inserted; every other byte stays. The
 * snapshot (`source:`) of a PO message is its msgid (a fuzzy one's previous
 * msgid) when catalog.yaml beside o->output has `snapshots: true` or the
 * entry had one. Findings are appended to `r`: EC_CHECK_IMPORT
 * errors for the problems of the file (file: `path`; line when known, column
 * 0), and an EC_CHECK_IMPORT warning (file: o->output) when o->output is not
 * named <locale>.yaml, the name `errcat check` reads the locale from;
 * EC_CHECK_IO when `path` cannot be read; EC_CHECK_OUTPUT (file: "") when the
 * output cannot be written. `res` (NULL: not wanted) receives the counts.
 */
EC_API ec_import_status ec_import(const char *path, const ec_import_options *o, char **yaml,
                                  size_t *yaml_len, ec_report *r, ec_import_result *res);

/** What errcat sync does (README "errcat sync"). */
typedef struct {
    const char *const *locales; /**< NULL-terminated: only these locales; NULL: every one */
    const char *const *accept;  /**< NULL-terminated keys ("18/305") whose snapshots are set
                                     to the current source text; NULL: none */
} ec_sync_options;

typedef struct {
    size_t added;     /**< snapshots added to translations that had none */
    size_t refreshed; /**< snapshots of accepted keys that changed */
    size_t files;     /**< locale files written */
} ec_sync_result;

typedef enum {
    EC_SYNC_OK = 0,
    EC_SYNC_FAILED = 1, /**< a locale file could not be edited: nothing was written */
    EC_SYNC_USAGE = 2   /**< an --accept key the source locale lacks: nothing was written */
} ec_sync_status;

/**
 * Gives every translation of `c` (loaded from its directory) that has no
 * `source:` snapshot the current source text as one, and refreshes the
 * snapshots of the keys in o->accept, editing each locale file in place:
 * only those snapshots change, every other byte stays. The files are
 * written together through temporary files renamed into place, and only
 * when every edit succeeded. Problems are EC_CHECK_OUTPUT (EC_CHECK_IO for
 * an unreadable file) errors in `r`; `res` (NULL: not wanted) gets the
 * counts.
 */
EC_API ec_sync_status ec_sync(const ec_catalog *c, const ec_sync_options *o, ec_report *r,
                              ec_sync_result *res);

/**
 * errcat diff (README "Comparing two versions: errcat diff"): what changed
 * between two versions of a catalog, per key and locale. The kinds of
 * change, in the order every format lists them; append-only.
 */
typedef enum {
    EC_CHANGE_REMOVED,             /**< a key of OLD's source locale that NEW's lacks */
    EC_CHANGE_RENAMED,             /**< a key's C symbol changed */
    EC_CHANGE_REWORDED,            /**< a key's source text changed */
    EC_CHANGE_RETIRED,             /**< a key became `retired: true` */
    EC_CHANGE_UNRETIRED,           /**< a retired key is no longer retired */
    EC_CHANGE_ADDED,               /**< a key of NEW's source locale that OLD's lacks */
    EC_CHANGE_TRANSLATION_ADDED,   /**< a locale has a translation of a key it had none of */
    EC_CHANGE_TRANSLATION_CHANGED, /**< a translation's text changed */
    EC_CHANGE_TRANSLATION_REMOVED, /**< a locale no longer translates a key */
    EC_CHANGE_COUNT
} ec_change_kind;

/** Formats of ec_diff_render(). */
typedef enum { EC_DIFF_TEXT, EC_DIFF_MARKDOWN, EC_DIFF_JSON } ec_diff_format;

/** The comparison of two catalogs (opaque). */
typedef struct ec_diff ec_diff;

/** The name of a kind of change ("removed", "translation-changed"), or NULL
 * past the last: `for (int k = 0; ec_change_name(k); k++)` lists them. */
EC_API const char *ec_change_name(ec_change_kind k);
/** The kind named `name`, or -1. */
EC_API int ec_change_from_name(const char *name);
/** The name --format takes for `f` ("text", "markdown", "json"), or NULL past the last. */
EC_API const char *ec_diff_format_name(ec_diff_format f);

/**
 * Compares catalog `old` with catalog `cur`. NULL with *err (caller frees)
 * when either has no usable source locale. When their source locales
 * differ, keys, symbols and retirements are compared, source texts are not
 * (no EC_CHANGE_REWORDED), and ec_diff_notes() says so. Free with
 * ec_diff_free().
 */
EC_API ec_diff *ec_diff_catalogs(const ec_catalog *old, const ec_catalog *cur, char **err);
EC_API void ec_diff_free(ec_diff *d);
/** The number of changes of kind `k`; with k == EC_CHANGE_COUNT, of all kinds. */
EC_API size_t ec_diff_count(const ec_diff *d, ec_change_kind k);
/** What was not compared, one line each ("the source locales differ ..."),
 * or "" (owned by `d`). */
EC_API const char *ec_diff_notes(const ec_diff *d);
/** The changes as text, Markdown or JSON; `old_label` and `new_label` name
 * the two versions (a directory, a revision). Caller frees. */
EC_API char *ec_diff_render(const ec_diff *d, ec_diff_format f, const char *old_label,
                            const char *new_label);
/** "1 removed, 2 renamed, 3 translations changed", or "no changes". Caller frees. */
EC_API char *ec_diff_summary(const ec_diff *d);

#ifdef __cplusplus
}
#endif
#endif
