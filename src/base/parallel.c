/* A parallel for over independent tasks: locale files, locales' checks. */
#include "base/parallel.h"

#include "base/buf.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
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

static size_t cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    const char *env = getenv("ERRCAT_THREADS"); /* for measurements and tests */
    if (env && atoi(env) > 0)
        n = atoi(env);
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

void ec_phase(const char *name)
{
    static int on = -1;
    static struct timespec last;
    if (on < 0) {
        on = getenv("ERRCAT_TIMES") != NULL;
        clock_gettime(CLOCK_MONOTONIC, &last);
    }
    if (!on)
        return;
    struct timespec now;
    if (!name) {
        clock_gettime(CLOCK_MONOTONIC, &last);
        return;
    }
    clock_gettime(CLOCK_MONOTONIC, &now);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(stderr, "errcat: %-24s %8.3f s  peak RSS %7.1f MB\n", name,
            (double)(now.tv_sec - last.tv_sec) + (double)(now.tv_nsec - last.tv_nsec) / 1e9,
            (double)ru.ru_maxrss / 1024);
    last = now;
}
