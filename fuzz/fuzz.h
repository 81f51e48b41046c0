/* What the fuzz targets share (fuzz/fuzz_*.c). Each target is built twice:
 * with libFuzzer (cmake -DERRCAT_FUZZ=ON, clang) as fuzz_<target>, and in
 * every build as replay_<target>, whose main() (replay.c) feeds the files and
 * directories named on its command line through the same
 * LLVMFuzzerTestOneInput: the committed corpus and the crash inputs of
 * tests/regress/ run as tests that way. */
#ifndef ERRCAT_FUZZ_H
#define ERRCAT_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/catalog.h"
#include "output/mustache.h"
#include "errcat/errcat.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs made of several files separate them by this line. */
#define FZ_SEP "\n#@@\n"

/* Splits data[0..size) at FZ_SEP into at most `max` parts. Returns the
 * number of parts (at least 1). */
typedef struct {
    const char *p;
    size_t n;
} fz_part;
size_t fz_split(const uint8_t *data, size_t size, fz_part *parts, size_t max);

/* A scratch directory of this process, on tmpfs where there is one; removed
 * at exit (build outputs, import inputs and PO scratch files go there;
 * catalogs are loaded from memory). fz_path() names a file in it (valid
 * until the next call). */
const char *fz_dir(void);
const char *fz_path(const char *name);
/* Writes (or, with data NULL, removes) the file `name` of the scratch dir. */
void fz_write(const char *name, const char *data, size_t n);
/* rm -rf of a path below the scratch directory. */
void fz_rm_rf(const char *path);

/* The directory the fuzzed catalogs' findings name. */
#define FZ_CATALOG_DIR "cat"

/* Loads the catalog files[0..n) from memory (ec_catalog_load_files, as
 * directory FZ_CATALOG_DIR), runs every check and renders the report in
 * each format, asserting what holds for any input: one text line per
 * finding, positions >= 0, every finding naming a file. Returns the catalog
 * (NULL when it could not be loaded) and the report. */
ec_catalog *fz_check(const ec_file *files, size_t n, ec_report **report);

/* The files of a catalog from a fuzz input: with FZ_SEP, the parts are
 * catalog.yaml, en.yaml, de.yaml, ja.yaml and ko.yaml; without, the whole
 * input is en.yaml next to a fixed catalog.yaml and de.yaml. Fills
 * files[0..5) (pointing into `data` and static text) and returns how many. */
size_t fz_catalog_from(const uint8_t *data, size_t size, ec_file files[5]);

/* The data tree fuzz_mustache renders: every kind of value, HTML-special
 * strings, nested maps and lists. */
ec_value *fz_data_tree(void);

/* Stops the run with a message when `cond` is false (a property failed). */
#define FZ_ASSERT(cond, ...)                                                                       \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fz_fail(__FILE__, __LINE__, __VA_ARGS__);                                              \
    } while (0)
_Noreturn void fz_fail(const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
