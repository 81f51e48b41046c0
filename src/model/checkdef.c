/* The check table: ids, default severities, descriptions (src/model/checks.def). */
#include "model/checkdef.h"

#include "errcat/errcat.h"

#include <string.h>

/* What a row of the table is: a check, or a kind of finding that is not one. */
typedef enum { EC_KIND_CHECK, EC_KIND_READ, EC_KIND_BUILD, EC_KIND_IMPORT } ec_check_kind;

typedef struct {
    const char *id;
    ec_check_kind kind;
    ec_severity severity;
    bool follows_source;
    bool runs; /* run on the loaded catalog (ENTRY or CATALOG), not found while loading */
    const char *description;
} check_row;

#define NONE false
#define ENTRY(fn) true
#define CATALOG(fn) true
#define AGAINST true
#define EC_CHECK_ROW(e, id, kind, sev, follows, run, desc)                                         \
    [EC_CHECK_##e] = {id, EC_KIND_##kind, EC_SEV_##sev, follows, run, desc},
static const check_row checks[] = {
#include "model/checks.def"
};
#undef EC_CHECK_ROW
#undef NONE
#undef ENTRY
#undef CATALOG
#undef AGAINST
_Static_assert(sizeof checks / sizeof checks[0] == EC_CHECK_COUNT,
               "every ec_check_id has a row in model/checks.def");
_Static_assert(EC_CHECK_COUNT <= 64, "an entry's ignore set (uint64_t) holds every check");

const char *ec_version(void)
{
    return ERRCAT_VERSION;
}

const char *ec_check_name(ec_check_id id)
{
    return (unsigned)id < EC_CHECK_COUNT ? checks[id].id : NULL;
}

bool ec_check_is_check(ec_check_id id)
{
    return (unsigned)id < EC_CHECK_COUNT && checks[id].kind == EC_KIND_CHECK;
}

bool ec_check_has_policy(ec_check_id id)
{
    return ec_check_is_check(id) && checks[id].runs;
}

int ec_check_from_name(const char *name)
{
    for (int i = 0; i < EC_CHECK_COUNT; i++)
        if (checks[i].kind == EC_KIND_CHECK && !strcmp(checks[i].id, name))
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
