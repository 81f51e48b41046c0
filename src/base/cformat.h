/* printf format strings as GNU gettext's c-format reads them (msgfmt -c,
 * gettext 0.21): the directives of a text and the type of each argument, by
 * argument number. Used by the placeholder check and the PO writer. */
#ifndef ERRCAT_BASE_CFORMAT_H
#define ERRCAT_BASE_CFORMAT_H

#include <stdbool.h>
#include <stddef.h>

/* One directive ("%s", "%1$*2$d", "%%"): its bytes in the text. */
typedef struct {
    size_t start, len;
} ec_cfmt_dir;

typedef struct {
    bool valid;        /* a valid c-format string */
    char why[128];     /* when not: the first reason, for messages */
    ec_cfmt_dir *dirs; /* the directives that parsed, in text order ("%%" too) */
    size_t ndirs;
    unsigned *args; /* the type of argument 1, 2, ... (0: not used) */
    size_t nargs;
    size_t likely;    /* directives without a space flag */
    bool odd_percent; /* a "%%" with something in between ("%2%") */
} ec_cfmt;

enum {
    /* A translation (msgstr): glibc's 'I' flag is allowed, as gettext does. */
    EC_CFMT_TRANSLATED = 1u << 0,
    /* errcat's rule: a '%' whose directive has a space flag is prose
     * ("50% off"), not a directive ("% o"). */
    EC_CFMT_SPACE_IS_PROSE = 1u << 1
};

/* Parses `s` into `f` (to be freed with ec_cfmt_free). After the first
 * problem the rest is still read, so `dirs` and `args` list what could be
 * understood. */
void ec_cfmt_parse(ec_cfmt *f, const char *s, unsigned flags);
void ec_cfmt_free(ec_cfmt *f);
/* The C type of an argument type of ec_cfmt.args ("unsigned long",
 * "string", "long double"), written into `buf`. */
const char *ec_cfmt_type_name(unsigned type, char buf[40]);

#endif
