/* Reading whole files (base layer: src/base/file.c). */
#ifndef ERRCAT_BASE_FILE_H
#define ERRCAT_BASE_FILE_H

#include <stddef.h>

/* Reads a whole file; NULL with errno set on failure. */
char *ec_read_file(const char *path, size_t *len);
/* The same for a file of at most `max` bytes: NULL with errno EFBIG when it
 * is larger. */
char *ec_read_file_max(const char *path, size_t max, size_t *len);

#endif
