/* The import readers, one per format, each talking to one library:
 * import_md.c to libcmark-gfm, import_html.c to libxml2's HTML parser,
 * import_po.c to libgettextpo (through output/po.c). A Markdown page may
 * embed an HTML table, so import_md.c uses the HTML reader. */
#ifndef ERRCAT_IMPORT_READERS_H
#define ERRCAT_IMPORT_READERS_H

#include "import/table.h"

/* The readers. Markdown: the first GFM table or embedded HTML table with a
 * code column. */
void ec_imp_read_md(ec_imp *im);
/* HTML in data[0..len), which starts at line `first_line` of the file: the
 * first table with a code column. True when one was taken. */
bool ec_imp_read_html(ec_imp *im, const char *data, size_t len, int first_line);
/* The PO file at `path` (already read into im->data). */
void ec_imp_read_po(ec_imp *im, const char *path);

#endif
