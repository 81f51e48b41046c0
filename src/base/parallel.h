/* Running work on every core (base layer: src/base/parallel.c). */
#ifndef ERRCAT_BASE_PARALLEL_H
#define ERRCAT_BASE_PARALLEL_H

#include <stddef.h>

/* Calls fn(i, ctx) for i in [0, n) on up to as many threads as there are
 * cores (or as ec_set_threads(), public, says); returns when every call has
 * returned. Calls must not share mutable state. */
void ec_parallel_for(size_t n, void (*fn)(size_t i, void *ctx), void *ctx);
/* The same in two steps: the calls start on the other cores, the caller
 * does work of its own, then joins in with ec_parallel_finish(), which
 * returns when every call has returned. */
typedef struct ec_parallel ec_parallel;
ec_parallel *ec_parallel_start(size_t n, void (*fn)(size_t i, void *ctx), void *ctx);
void ec_parallel_finish(ec_parallel *p);
/* The end of phase `name` of a run (NULL: a run starts), for profiling:
 * calls the hook of ec_set_phase_hook() (public), if any. */
void ec_phase(const char *name);

#endif
