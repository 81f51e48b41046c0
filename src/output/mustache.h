/* A Mustache template engine that renders a value tree (output/value.h).
 * Private to the errcat library. */
#ifndef ERRCAT_MUSTACHE_H
#define ERRCAT_MUSTACHE_H

#include "output/value.h"

#include <stdbool.h>
#include <stddef.h>

/* Returns a template by name (malloc'd) or NULL when there is none. */
typedef char *(*ec_partial_fn)(const char *name, void *ctx);

/*
 * Renders Mustache template `tmpl` (spec v1.3: variables with HTML escaping,
 * triple mustache and & unescaped, sections, inverted sections, comments,
 * partials with standalone indentation, set delimiters, dotted names,
 * implicit iterator; inheritance: blocks and parents) with `data` as the root
 * context. Returns the output (caller frees) and its length in *out_len (may
 * be NULL), or NULL with a message "line N: ..." in *error (caller frees) for
 * a malformed template. `partials` may be NULL.
 */
char *ec_mustache_render(const char *tmpl, const ec_value *data, ec_partial_fn partials, void *ctx,
                         size_t *out_len, char **error);

/*
 * The same in strict mode: a variable ({{x}}, {{{x}}}, {{&x}}, dotted names
 * too) that the context stack does not provide is an error ("line N: no
 * variable \"titel\" in the view (did you mean \"title\"?)"), where the spec
 * renders it empty. Comments, sections and inverted sections over a missing
 * name (falsey, as the spec says) and missing partials (empty) are unaffected.
 */
char *ec_mustache_render_strict(const char *tmpl, const ec_value *data, ec_partial_fn partials,
                                void *ctx, size_t *out_len, char **error);

/* Receives a rendering piece by piece (about 1 MiB at a time, the rest at
 * the end); false stops the rendering. */
typedef bool (*ec_mustache_sink)(const char *data, size_t len, void *ctx);

/*
 * ec_mustache_render_strict() into `sink` instead of memory, so that the
 * output is never held whole. False when the template is malformed (with the
 * message in *error, which may be NULL) or when the sink stopped the
 * rendering (then *error is NULL: the sink knows why). What the sink received
 * before a failure is not the rendering.
 */
bool ec_mustache_render_strict_to(const char *tmpl, const ec_value *data, ec_partial_fn partials,
                                  void *ctx, ec_mustache_sink sink, void *sink_ctx, char **error);

/* The names of the partials and parents template `tmpl` includes, in the
 * order they appear (duplicates kept), as a NULL-terminated list (caller
 * frees the names and the list); an empty list for a malformed template. */
char **ec_mustache_partials(const char *tmpl);

#endif
