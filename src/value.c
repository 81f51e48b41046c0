/* The value tree of mustache.h. */
#include "mustache.h"
