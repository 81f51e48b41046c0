/* Helpers shared by the tests of `errcat build` outputs (test_out_*.c):
 * running programs, scratch directories, files, and the catalog as the
 * library loads it (the reference every output is compared with). */
#ifndef ERRCAT_OUTTEST_H
#define ERRCAT_OUTTEST_H

#include "model/catalog.h"
#include "errcat/errcat.h"

#include <stdbool.h>
#include <stddef.h>

#define OT_I18N ERRCAT_SOURCE_DIR "/i18n"
#define OT_HOSTILE ERRCAT_SOURCE_DIR "/tests/data/hostile"
#define OT_GAPPY ERRCAT_SOURCE_DIR "/tests/data/gappy"
#define OT_FALLBACK ERRCAT_SOURCE_DIR "/tests/data/fallback"

/* Runs argv[0] (searched in PATH) with argv in directory `cwd` (NULL: the
 * current one). `env` is NULL or a NULL-terminated list of "NAME=VALUE"
 * (set) and "NAME" (unset) changes to the environment. Captures stdout and
 * stderr into *out and *err when those are not NULL (caller frees). Returns
 * the exit status, 128 + signal when killed, 127 when it could not start. */
int ot_run(const char *cwd, const char *const *env, char **out, char **err,
           const char *const *argv);

/* Limits of ot_run_limited: wall-clock seconds, and the address space of
 * the child in bytes (0: no limit; sanitizer builds cannot have one). */
typedef struct {
    double seconds; /* of CPU time (RLIMIT_CPU): a guard against a run that
                       never ends, the same on a busy machine as on a quiet
                       one; the wall clock stops a child at 10 times that */
    size_t max_mem;
} ot_limits;
/* What the child used: wall-clock seconds and peak resident set (KiB). */
typedef struct {
    double seconds;
    long max_rss_kb;
} ot_usage;
/* The status ot_run_limited returns for a child stopped at its time limit. */
#define OT_TIMED_OUT 1000
/* ot_run within limits; `use` may be NULL. No core dumps. */
int ot_run_limited(const char *cwd, const char *const *env, char **out, char **err,
                   const char *const *argv, const ot_limits *lim, ot_usage *use);

/* Runs `errcat ARGS...` (a NULL-terminated list) in the current directory,
 * NO_COLOR=1, with `env` as in ot_run. */
int ot_errcat(const char *const *env, char **out, char **err, ...);

/* `errcat build CATALOG -o OUT EXTRA...` (EXTRA NULL-terminated) expecting
 * exit status `want`; fails the test with errcat's stderr otherwise. */
void ot_build(int want, const char *catalog, const char *out, ...);

/* A fresh directory under $TMPDIR (or /tmp); remove it with ot_rm_rf. */
char *ot_mkdtemp(void);
void ot_rm_rf(const char *path);
/* mkdir -p; fails the test on error. */
void ot_mkdirs(const char *path);
/* cp -r of a directory of regular files (one level). */
void ot_copy_dir(const char *from, const char *to);

char *ot_path(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* The whole file, NUL-terminated, or NULL when it cannot be read. */
char *ot_read(const char *path, size_t *len);
/* The whole file; fails the test when it cannot be read. */
char *ot_slurp(const char *path, size_t *len);
void ot_write(const char *path, const char *data, size_t len);
bool ot_exists(const char *path);

/* The regular files below `dir`, relative to it ("md/en.md"), sorted. */
typedef struct {
    char **v;
    size_t n;
} ot_list;
ot_list ot_tree(const char *dir);
void ot_list_free(ot_list *l);

/* The catalog as the library loads it; fails the test when it cannot be
 * loaded. Free with ec_catalog_free. */
ec_catalog *ot_load(const char *dir);
/* The locale `tag` of `c`; fails the test when there is none. */
const ec_locale *ot_locale(const ec_catalog *c, const char *tag);

/* The rows a table of locale `l` must show (README "Outputs"): its own
 * entries and, for each key of the source locale that it lacks, the source
 * entry (fallback[i] true), in key order. Free v and fallback. */
typedef struct {
    const ec_entry **v;
    bool *fallback;
    size_t n;
} ot_rows;
ot_rows ot_table_rows(const ec_catalog *c, const ec_locale *l);
void ot_rows_free(ot_rows *r);

/* "\x.." escaped copy of s[0..n) for failure messages (caller frees). */
char *ot_show(const char *s, size_t n);
/* Fails with a message naming the first differing byte when a != b. */
void ot_assert_bytes(const char *what, const char *want, size_t want_len, const char *got,
                     size_t got_len);

#endif
