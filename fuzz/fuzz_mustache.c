/* Fuzz target: the Mustache engine. The input is a template, optionally
 * followed (FZ_SEP) by the partials a, b and c; it is rendered against a
 * fixed data tree with every kind of value. A malformed template must give
 * an error message, never a crash or a hang. */
#include "fuzz.h"

#include "base/buf.h"
#include "output/mustache.h"

#include <stdlib.h>
#include <string.h>

static ec_value *tree;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    tree = fz_data_tree();
    return 0;
}

typedef struct {
    fz_part parts[4];
    size_t n;
} partials;

static char *partial(const char *name, void *ctx)
{
    const partials *p = ctx;
    if (name[0] < 'a' || name[0] > 'c' || name[1])
        return NULL;
    size_t i = (size_t)(name[0] - 'a') + 1;
    return i < p->n ? ec_xstrndup(p->parts[i].p, p->parts[i].n) : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!tree)
        tree = fz_data_tree();
    partials p;
    p.n = fz_split(data, size, p.parts, 4);
    char *tmpl = ec_xstrndup(p.parts[0].p, p.parts[0].n);
    size_t len = 0;
    char *err = NULL;
    char *out = ec_mustache_render(tmpl, tree, partial, &p, &len, &err);
    FZ_ASSERT((out != NULL) != (err != NULL), "output %p, error %p", (void *)out, (void *)err);
    if (out) {
        /* Text without tags renders as itself. */
        if (!strstr(tmpl, "{{"))
            FZ_ASSERT(len == strlen(tmpl) && !memcmp(out, tmpl, len), "plain text changed");
    } else {
        FZ_ASSERT(!strncmp(err, "line ", 5), "error without a line: %s", err);
    }
    free(out);
    free(err);
    free(tmpl);
    return 0;
}
