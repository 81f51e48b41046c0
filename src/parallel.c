/* A parallel for over independent tasks: locale files, locales' checks. */
#include "internal.h"

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

void ec_parallel_for(size_t n, void (*fn)(size_t i, void *ctx), void *ctx)
{
    job j = {n, 0, fn, ctx};
    size_t threads = cores() < n ? cores() : n;
    pthread_t tid[MAX_THREADS];
    size_t started = 0;
    for (size_t t = 1; t < threads; t++) /* this thread is the first worker */
        if (pthread_create(&tid[started], NULL, worker, &j) == 0)
            started++;
    worker(&j);
    for (size_t t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
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
