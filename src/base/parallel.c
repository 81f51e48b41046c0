/* A parallel for over independent tasks: locale files, locales' checks. */
#include "base/parallel.h"

#include "base/buf.h"
#include "errcat/errcat.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#define MAX_THREADS 16

typedef struct {
    size_t n;
    atomic_size_t next;
    void (*fn)(size_t, void *);
    void *ctx;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    for (size_t i; (i = atomic_fetch_add(&j->next, 1)) < j->n;)
        j->fn(i, j->ctx);
    return NULL;
}

/* ec_set_threads(): 0 is one per core. Set before the library runs. */
static unsigned threads_wanted;

void ec_set_threads(unsigned n)
{
    threads_wanted = n;
}

static size_t cores(void)
{
    long n = threads_wanted ? (long)(threads_wanted > MAX_THREADS ? MAX_THREADS : threads_wanted)
                            : sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (size_t)n;
}

struct ec_parallel {
    job j;
    pthread_t tid[MAX_THREADS];
    size_t started;
};

ec_parallel *ec_parallel_start(size_t n, void (*fn)(size_t i, void *ctx), void *ctx)
{
    ec_parallel *p = ec_xcalloc(1, sizeof *p);
    p->j = (job){n, 0, fn, ctx};
    size_t threads = cores() < n ? cores() : n;
    for (size_t t = 1; t < threads; t++) /* the caller is the last worker */
        if (pthread_create(&p->tid[p->started], NULL, worker, &p->j) == 0)
            p->started++;
    return p;
}

void ec_parallel_finish(ec_parallel *p)
{
    worker(&p->j);
    for (size_t t = 0; t < p->started; t++)
        pthread_join(p->tid[t], NULL);
    free(p);
}

void ec_parallel_for(size_t n, void (*fn)(size_t i, void *ctx), void *ctx)
{
    ec_parallel_finish(ec_parallel_start(n, fn, ctx));
}

/* ec_set_phase_hook(): measuring is the program's business (errcat's
 * ERRCAT_TIMES), the library only says where the phases end. */
static void (*phase_hook)(const char *phase, void *ctx);
static void *phase_ctx;

void ec_set_phase_hook(void (*fn)(const char *phase, void *ctx), void *ctx)
{
    phase_hook = fn;
    phase_ctx = ctx;
}

void ec_phase(const char *name)
{
    if (phase_hook)
        phase_hook(name, phase_ctx);
}
