/* Fuzz target: `errcat build --force` of a fuzzed catalog (inputs as
 * fuzz_catalog's, loaded from memory): view models, the built-in templates,
 * the PO writer and the staged writer. With the built-in templates every
 * catalog that loads must build. */
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

/* The one failure a catalog that loads may have: no usable name. */
static bool build_ok(ec_build_status st, const ec_report *r)
{
    if (st == EC_BUILD_OK)
        return true;
    if (st != EC_BUILD_BAD_TEMPLATE || ec_report_count(r) != 1)
        return false;
    ec_finding f = ec_report_get(r, 0);
    return f.check == EC_CHECK_OUTPUT && strstr(f.message, "no usable name");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ec_file files[5];
    size_t n = fz_catalog_from(data, size, files);
    ec_report *r;
    ec_catalog *c = fz_check(files, n, &r);
    if (c && ec_catalog_locale_count(c) > 0) {
        char out[4096];
        strcpy(out, fz_path("out"));
        ec_build_options o = {.out_dir = out, .tmp_dir = fz_dir()};
        ec_report *br = ec_report_new();
        ec_build_result res;
        ec_build_status st = ec_build(c, &o, br, &res);
        char *text = ec_report_render(br, EC_FORMAT_TEXT, false);
        FZ_ASSERT(build_ok(st, br), "build status %d:\n%s", (int)st, text);
        FZ_ASSERT(res.rendered == (st == EC_BUILD_OK), "build status %d, rendered %d", (int)st,
                  (int)res.rendered);
        free(text);
        ec_report_free(br);
        /* A second build finds everything up to date. */
        o.check_only = true;
        br = ec_report_new();
        st = ec_build(c, &o, br, &res);
        text = ec_report_render(br, EC_FORMAT_TEXT, false);
        FZ_ASSERT(build_ok(st, br), "second build status %d:\n%s", (int)st, text);
        FZ_ASSERT(st != EC_BUILD_OK || res.changed == 0, "second build: %zu out of date",
                  res.changed);
        free(text);
        ec_report_free(br);
        fz_rm_rf(out);
    }
    ec_catalog_free(c);
    ec_report_free(r);
    return 0;
}
