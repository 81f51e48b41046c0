/* Fuzz target: errcat import --from html (see fuzz_import.c). */
#include "fuzz_import.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_dir();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_import(data, size, EC_IMPORT_HTML, "page.html");
    return 0;
}
