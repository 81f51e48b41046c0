/* The Mustache engine of mustache.h. */
#include "mustache.h"
