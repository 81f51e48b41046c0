/* The shared body of the import fuzz targets. */
#ifndef ERRCAT_FUZZ_IMPORT_H
#define ERRCAT_FUZZ_IMPORT_H

#include "fuzz.h"

#include "errcat/errcat.h"

/* Imports data[0..size), written to the scratch file `name`, as `fmt`. */
void fz_import(const uint8_t *data, size_t size, ec_import_format fmt, const char *name);

#endif
