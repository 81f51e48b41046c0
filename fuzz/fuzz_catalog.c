/* Fuzz target: the catalog loader (libyaml events into the model) and every
 * check, with the report rendered in each format. The input is a locale
 * file (en.yaml, next to a fixed catalog.yaml and de.yaml), or several
 * files separated by FZ_SEP: catalog.yaml, en.yaml, de.yaml, ja.yaml,
 * ko.yaml, loaded from memory. */
#include "fuzz.h"

#include "model/catalog.h"
#include "errcat/errcat.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ec_file files[5];
    size_t n = fz_catalog_from(data, size, files);
    ec_report *r;
    ec_catalog *c = fz_check(files, n, &r);
    ec_catalog_free(c);
    ec_report_free(r);
    return 0;
}
