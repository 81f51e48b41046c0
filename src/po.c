/* PO output through libgettextpo. */
#include "po.h"
