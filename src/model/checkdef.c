/* The check table: ids, default severities, descriptions (src/model/checks.def). */
#include "model/checkdef.h"

#include "errcat/errcat.h"

#include <string.h>

typedef struct {
    const char *id;
    ec_severity severity;
    bool follows_source;
    const char *description;
} check_row;

#define EC_CHECK_ROW(e, id, sev, follows, run, desc) [EC_CHECK_##e] = {id, EC_SEV_##sev, follows, desc},
static const check_row checks[] = {
#include "model/checks.def"
};
#undef EC_CHECK_ROW
_Static_assert(sizeof checks / sizeof checks[0] == EC_CHECK_COUNT,
               "every ec_check_id has a row in model/checks.def");

const char *ec_version(void)
{
    return ERRCAT_VERSION;
}

const char *ec_check_name(ec_check_id id)
{
    return (unsigned)id < EC_CHECK_COUNT ? checks[id].id : NULL;
}

int ec_check_from_name(const char *name)
{
    for (int i = 0; i < EC_CHECK_COUNT; i++)
        if (!strcmp(checks[i].id, name))
            return i;
    return -1;
}

ec_severity ec_check_default_severity(ec_check_id id)
{
    return (unsigned)id < EC_CHECK_COUNT ? checks[id].severity : EC_SEV_ERROR;
}

const char *ec_check_description(ec_check_id id)
{
    return (unsigned)id < EC_CHECK_COUNT ? checks[id].description : "";
}

bool ec_check_follows_source(ec_check_id id)
{
    return (unsigned)id < EC_CHECK_COUNT && checks[id].follows_source;
}
