/* The PO writers side by side (scripts/bench, README "Performance"):
 * errcat_po_bench DIR renders every PO file of the catalog DIR with
 * errcat's serialiser (ec_po_render) and with libgettextpo's po_file_write
 * (the test oracle, tests/unit/po_oracle.c), checks that the bytes agree
 * and prints the CPU time of each. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "model/catalog.h"
#include "output/po.h"
#include "po_oracle.h"
#include "errcat/errcat.h"

/* CPU seconds of this process so far. */
static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: errcat_po_bench CATALOG-DIR\n", stderr);
        return 2;
    }
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load(argv[1], r);
    ec_report_free(r);
    if (!c || !ec_catalog_source(c)) {
        fprintf(stderr, "errcat_po_bench: cannot load %s\n", argv[1]);
        return 2;
    }
    double t_errcat = 0, t_oracle = 0;
    size_t bytes = 0;
    int status = 0;
    for (size_t i = 0; i <= c->nlocales; i++) {
        const ec_locale *l = i < c->nlocales ? &c->locales[i] : NULL;
        if (l == ec_catalog_source(c))
            continue;
        double t0 = cpu();
        ec_buf b = {0};
        ec_po_render(c, l, "i18n", 0, &b, NULL);
        double t1 = cpu();
        size_t len = 0;
        char *want = po_oracle_render(c, l, "i18n", 0, &len);
        double t2 = cpu();
        t_errcat += t1 - t0;
        t_oracle += t2 - t1;
        bytes += b.len;
        if (!want || len != b.len || memcmp(want, b.data, len)) {
            fprintf(stderr, "errcat_po_bench: %s: the writers differ\n", l ? l->tag : "template");
            status = 1;
        }
        free(want);
        ec_buf_free(&b);
    }
    printf("PO files of %s (%.1f MB): errcat %.3f s CPU, libgettextpo %.3f s CPU (%.1fx)%s\n",
           argv[1], (double)bytes / 1e6, t_errcat, t_oracle,
           t_errcat > 0 ? t_oracle / t_errcat : 0.0, status ? ", BYTES DIFFER" : ", same bytes");
    ec_catalog_free(c);
    return status;
}
