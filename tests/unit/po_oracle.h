/* The oracle of errcat's PO writer (tests and the fuzz target only): the
 * same messages written by libgettextpo's po_file_write, the writer errcat
 * used before it serialised PO itself. Not thread-safe (libgettextpo). */
#ifndef ERRCAT_TESTS_PO_ORACLE_H
#define ERRCAT_TESTS_PO_ORACLE_H

#include <stddef.h>

#include "output/po.h"

/* The bytes po_file_write writes for the messages m[0..n) (m[0] should be
 * the header, whose charset libgettextpo writes the file in), in *len;
 * NULL when libgettextpo reported an error. Caller frees. */
char *po_oracle_messages(const ec_po_message *m, size_t n, size_t *len);

/* The same for the PO file of locale `l` (NULL: the template), its
 * messages from ec_po_messages(). */
char *po_oracle_render(const ec_catalog *c, const ec_locale *l, const char *ref_name,
                       long long source_date_epoch, size_t *len);

#endif
