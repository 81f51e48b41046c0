/* The check table's data, for every layer from the model up (model layer:
 * src/model/checkdef.c, rows in src/model/checks.def). The public accessors
 * are in errcat/errcat.h: ec_check_name(), ec_check_from_name(),
 * ec_check_default_severity(), ec_check_description(). */
#ifndef ERRCAT_MODEL_CHECKDEF_H
#define ERRCAT_MODEL_CHECKDEF_H

#include "errcat/errcat.h"

#include <stdbool.h>

/* True for the checks whose findings on a translation are silenced by the
 * source entry's `ignore` too (terms, placeholder, untranslated, stale). */
bool ec_check_follows_source(ec_check_id id);

#endif
