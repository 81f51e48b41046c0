/* errcat import, what the readers share (import layer: src/import/table.c):
 * the table grid, diagnostics, the entries and their codes, finding the code
 * columns. import.c holds the rest that every format shares (validation of
 * the whole, the output) and picks the reader (import/readers.h). */
#ifndef ERRCAT_IMPORT_TABLE_H
#define ERRCAT_IMPORT_TABLE_H

#include "base/buf.h"
#include "errcat/errcat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The columns of a table the importer reads: errcode, sub_errcode and the
 * message. Columns after them are ignored, so a grid never holds more. */
#define EC_IMP_COLS 3

typedef struct {
    const char *text; /* NULL: no cell at this place of the grid */
    size_t len;
    size_t id; /* the markup cell it comes from: spanned places share it */
} ec_imp_cell;

typedef struct {
    ec_imp_cell cell[EC_IMP_COLS];
    int line; /* of the row in the imported file; 0 when unknown */
} ec_imp_row;

/* A table as the grid a browser builds (rowspan/colspan expanded). */
typedef struct {
    ec_imp_row *rows;
    size_t n, cap;
    int line;       /* where the table starts */
    char **strings; /* the cell texts, owned */
    size_t nstrings, capstrings;
} ec_imp_table;

/* Appends an empty row. */
ec_imp_row *ec_imp_table_add_row(ec_imp_table *t, int line);
/* Takes ownership of s[0..len) and returns it, for cells of `t`. */
const char *ec_imp_table_keep(ec_imp_table *t, char *s);
void ec_imp_table_free(ec_imp_table *t);

/* A message read from the file. */
typedef struct {
    int32_t code, sub;
    char *text;
    size_t text_len;
    char *source; /* a fuzzy PO message's previous msgid, or NULL */
    size_t source_len;
    char *msgid; /* a PO message's msgid (the source text it translates), or NULL */
    size_t msgid_len;
    char *note; /* or NULL */
    int line;
} ec_imp_entry;

/* One import in progress. */
typedef struct {
    const char *file; /* the path, as diagnostics name it */
    const char *data; /* the whole file */
    size_t len;
    ec_imp_entry *v;
    size_t n, cap;
    ec_report *r; /* diagnostics: EC_CHECK_IMPORT findings */
    size_t errors;
    size_t tables;         /* tables seen */
    int first_table;       /* line of the first table seen */
    bool taken;            /* a table with a code column was taken */
    const char *locale;    /* --locale: the language of the file */
    bool force;            /* --force: a PO file in another language is imported */
    size_t untranslated;   /* PO messages left out: untranslated */
    size_t fuzzy;          /* PO messages imported as fuzzy (`#| msgid` as `source:`) */
    size_t fuzzy_left_out; /* PO messages left out: fuzzy without a previous msgid */
} ec_imp;

/* Frees what an entry holds. */
void ec_imp_entry_free(ec_imp_entry *e);

/* Reports an error of the file at LINE (0: none); the import fails. */
void ec_imp_error(ec_imp *im, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Appends an entry taking ownership of `text` (NUL-terminated, `len` bytes). */
ec_imp_entry *ec_imp_add(ec_imp *im, int32_t code, int32_t sub, char *text, size_t len, int line);

/* Offers table `t` to the import. When it has a code column (a first
 * column with integer cells) its rows become the entries and true is
 * returned; otherwise it is only counted. A row that does not fit the
 * table's columns is reported as an error, except the rows of a flattened
 * rowspan whose reading the table's order proves: those are read as the
 * sub-codes they are, and each such repair is reported as a warning. */
bool ec_imp_take_table(ec_imp *im, const ec_imp_table *t);

#endif
