/* Fuzz target: `errcat build --force` of a fuzzed catalog (inputs as
 * fuzz_catalog's): view models, the built-in templates, the PO writer and
 * the staged writer. With the built-in templates every catalog that loads
 * must build. */
#include "fuzz.h"

#include "model/catalog.h"
#include "errcat/errcat.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_dir();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = fz_catalog_from(data, size);
    ec_report *r;
    ec_catalog *c = fz_check(dir, &r);
    if (c && ec_catalog_locale_count(c) > 0) {
        char out[4096];
        strcpy(out, fz_path("out"));
        ec_build_options o = {.out_dir = out};
        char *log = NULL;
        ec_build_status st = ec_build(c, &o, &log);
        FZ_ASSERT(st == EC_BUILD_OK || (st == EC_BUILD_BAD_TEMPLATE && strstr(log, "no usable name")),
                  "build status %d:\n%s", (int)st, log);
        free(log);
        /* A second build finds everything up to date. */
        o.check_only = true;
        st = ec_build(c, &o, &log);
        FZ_ASSERT(st == EC_BUILD_OK || (st == EC_BUILD_BAD_TEMPLATE && strstr(log, "no usable name")),
                  "second build status %d:\n%s", (int)st, log);
        free(log);
        fz_rm_rf(out);
    }
    ec_catalog_free(c);
    ec_report_free(r);
    return 0;
}
