/* The per-locale numbers of `errcat stats`, shared by its table and the
 * coverage section of the review page (src/output/review.c). Private. */
#ifndef ERRCAT_OUTPUT_STATS_H
#define ERRCAT_OUTPUT_STATS_H

#include "errcat/errcat.h"

#include <stddef.h>

typedef struct {
    const char *tag;
    size_t keys, translated, stale, untranslated, missing, errors, warnings;
} ec_stats_row;

/* One row per locale of `c` that `only` selects (NULL: all), in output
 * order; *n receives how many. Caller frees the array. */
ec_stats_row *ec_stats_rows(const ec_catalog *c, const ec_report *r, const char **only, size_t *n);

#endif
