/* errcat benchmark: a synthetic clean catalog of N keys x 4 locales, timed
 * side by side with its floor (a bare libyaml parse of the same files) and
 * an anchor (msgfmt -c on the equivalent PO files).
 *
 *   errcat_bench [N] [--errcat PATH] [--runs R] [--keep DIR]
 *
 * Every program runs as a child process measured by wait4(): wall time, CPU
 * time (user + system) and peak RSS; the best of R runs (default 3) counts. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

static const char *const locales[] = {"en", "zh", "ja", "ko"};

/* Half the keys share one text per locale; the others are unique, carry the
 * terms RTMP and H264 and a number, in each locale's script. */
static void text_of(const char *loc, long i, char *out, size_t cap)
{
    if (i % 2 == 0) {
        static const char *const shared[] = {"Internal error in the live system.",
                                             "直播系统内部错误", "ライブシステム内部のエラー",
                                             "라이브 시스템 내부 오류"};
        for (int k = 0; k < 4; k++)
            if (!strcmp(loc, locales[k]))
                snprintf(out, cap, "%s", shared[k]);
        return;
    }
    if (!strcmp(loc, "en"))
        snprintf(out, cap, "Stream %ld: the RTMP push with H264 video was rejected.", i);
    else if (!strcmp(loc, "zh"))
        snprintf(out, cap, "流 %ld：使用 H264 视频的 RTMP 推流被拒绝。", i);
    else if (!strcmp(loc, "ja"))
        snprintf(out, cap, "ストリーム %ld：H264 映像の RTMP プッシュが拒否されました。", i);
    else
        snprintf(out, cap, "스트림 %ld: H264 영상의 RTMP 푸시가 거부되었습니다.", i);
}

static int write_catalog(const char *dir, long n)
{
    char path[4096], text[512];
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/catalog.yaml", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("name: bench\nsource: en\nlocales: [en, zh, ja, ko]\n", f);
    fclose(f);
    for (int l = 0; l < 4; l++) {
        snprintf(path, sizeof path, "%s/%s.yaml", dir, locales[l]);
        if (!(f = fopen(path, "w")))
            return -1;
        fprintf(f, "locale: %s\nmessages:\n", locales[l]);
        for (long i = 0; i < n; i++) {
            text_of(locales[l], i, text, sizeof text);
            fprintf(f, "  \"%ld/%ld\": \"%s\"\n", i / 100, i % 100, text);
        }
        if (fclose(f) != 0)
            return -1;
    }
    return 0;
}

/* The floor: parse the files with libyaml's event API and nothing else. */
static int bare_parse(int argc, char **argv)
{
    long events = 0;
    for (int i = 0; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        yaml_parser_t p;
        yaml_event_t e;
        if (!f)
            return 2;
        yaml_parser_initialize(&p);
        yaml_parser_set_input_file(&p, f);
        for (int done = 0; !done;) {
            if (!yaml_parser_parse(&p, &e))
                return 1;
            done = e.type == YAML_STREAM_END_EVENT;
            yaml_event_delete(&e);
            events++;
        }
        yaml_parser_delete(&p);
        fclose(f);
    }
    return events > 0 ? 0 : 1;
}

typedef struct {
    double wall, cpu;
    long rss_kb;
    int status;
} measure;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static measure run_once(char *const argv[])
{
    measure m = {0, 0, 0, -1};
    double t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", 1);
        dup2(null, 1);
        dup2(null, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &st, 0, &ru) < 0)
        return m;
    m.wall = now() - t0;
    m.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
            (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    m.rss_kb = ru.ru_maxrss;
    m.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return m;
}

/* Keeps in *best the faster of it and m (an unset *best has wall 0). */
static void keep_best(measure *best, measure m)
{
    if (best->wall == 0 || m.wall < best->wall)
        *best = m;
}

static measure best_of(int runs, char *const argv[])
{
    measure best = {0, 0, 0, -1};
    for (int r = 0; r < runs; r++)
        keep_best(&best, run_once(argv));
    return best;
}

/* msgfmt -c on each PO file, one after another, as one measurement. */
static measure msgfmt_all(int runs, const char *dir)
{
    measure total = {0, 0, 0, 0};
    for (int l = 1; l < 4; l++) {
        char po[4096];
        snprintf(po, sizeof po, "%s/out/po/%s.po", dir, locales[l]);
        char *argv[] = {"msgfmt", "-c", "-o", "/dev/null", po, NULL};
        measure m = best_of(runs, argv);
        total.wall += m.wall;
        total.cpu += m.cpu;
        total.rss_kb = m.rss_kb > total.rss_kb ? m.rss_kb : total.rss_kb;
        total.status |= m.status;
    }
    return total;
}

static long input_bytes(const char *dir)
{
    long sum = 0;
    char path[4096];
    for (int l = 0; l < 4; l++) {
        struct stat st;
        snprintf(path, sizeof path, "%s/%s.yaml", dir, locales[l]);
        if (stat(path, &st) == 0)
            sum += (long)st.st_size;
    }
    return sum;
}

/* The best of `runs` builds, each into an empty output directory, so that
 * every output is written. */
static measure fresh_build(int runs, char *const argv[], const char *out)
{
    measure best = {1e9, 0, 0, 0};
    for (int i = 0; i < runs; i++) {
        char *rm[] = {"rm", "-rf", (char *)out, NULL};
        run_once(rm);
        measure m = run_once(argv);
        if (m.wall < best.wall)
            best = m;
    }
    return best;
}

typedef struct {
    long n;
    long bytes;
    measure parse, check, check1, build, build_nopo, msgfmt;
} result;

static int bench(const char *self, const char *errcat, const char *dir, long n, int runs, result *r)
{
    char files[4][4096], out[4096];
    if (write_catalog(dir, n) != 0)
        return -1;
    for (int l = 0; l < 4; l++)
        snprintf(files[l], sizeof files[l], "%s/%s.yaml", dir, locales[l]);
    snprintf(out, sizeof out, "%s/out", dir);
    r->n = n;
    r->bytes = input_bytes(dir);
    char *parse[] = {(char *)self, "--parse", files[0], files[1], files[2], files[3], NULL};
    char *check[] = {(char *)errcat, "check", (char *)dir, NULL};
    char *build[] = {(char *)errcat, "build", (char *)dir, "-o", out, NULL};
    /* Interleaved, run by run: the floor and the check see the same
     * machine, even when its speed drifts (a shared VM's does). */
    r->parse = r->check = r->check1 = (measure){0, 0, 0, -1};
    for (int i = 0; i < runs; i++) {
        keep_best(&r->parse, run_once(parse));
        keep_best(&r->check, run_once(check));
        setenv("ERRCAT_THREADS", "1", 1);
        keep_best(&r->check1, run_once(check));
        unsetenv("ERRCAT_THREADS");
    }
    char *nopo[] = {(char *)errcat, "build",          (char *)dir, "-o", out,
                    "--only",       "md,html,docs,c", NULL};
    r->build_nopo = fresh_build(runs, nopo, out);
    r->build = fresh_build(runs, build, out); /* last: leaves the PO files for msgfmt */
    r->msgfmt = msgfmt_all(runs, dir);
    return 0;
}

static void row(const char *name, measure m, const result *r)
{
    printf("%-28s %8.3f %8.3f %9.1f %8.2fx %s\n", name, m.wall, m.cpu, m.rss_kb / 1024.0,
           m.wall / r->parse.wall, m.status == 0 ? "" : "(exit status not 0)");
}

static void print(const result *r)
{
    printf("\nN = %ld keys x 4 locales, %.1f MB of YAML\n", r->n, r->bytes / 1048576.0);
    printf("%-28s %8s %8s %9s %9s\n", "", "wall s", "cpu s", "RSS MB", "/ parse");
    row("libyaml parse (floor)", r->parse, r);
    row("errcat check", r->check, r);
    row("errcat check (1 thread)", r->check1, r);
    row("errcat build (all outputs)", r->build, r);
    row("errcat build (all but PO)", r->build_nopo, r);
    row("msgfmt -c (3 PO files)", r->msgfmt, r);
}

static void verdict(const char *what, double value, double limit, bool at_most)
{
    bool ok = at_most ? value <= limit : value >= limit;
    printf("  %-44s %8.2f  (target %s %.1f)  %s\n", what, value, at_most ? "<=" : ">=", limit,
           ok ? "met" : "NOT MET");
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--parse"))
        return bare_parse(argc - 2, argv + 2);
    long n = 200000;
    int runs = 3;
    const char *errcat = "errcat", *keep = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--errcat") && i + 1 < argc)
            errcat = argv[++i];
        else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--keep") && i + 1 < argc)
            keep = argv[++i];
        else
            n = atol(argv[i]);
    }
    if (n < 10 || runs < 1) {
        fputs("usage: errcat_bench [N] [--errcat PATH] [--runs R] [--keep DIR]\n", stderr);
        return 2;
    }
    char tmpl[] = "/tmp/errcat-bench-XXXXXX";
    const char *base = keep ? keep : mkdtemp(tmpl);
    if (!base)
        return 2;
    mkdir(base, 0777);
    char big[4096], small[4096];
    snprintf(big, sizeof big, "%s/n", base);
    snprintf(small, sizeof small, "%s/n10", base);
    result rb, rs;
    char self[4096];
    ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
    self[sl > 0 ? sl : 0] = '\0';
    if (bench(self, errcat, small, n / 10, runs, &rs) != 0 ||
        bench(self, errcat, big, n, runs, &rb) != 0) {
        fprintf(stderr, "errcat_bench: cannot write the catalog under %s: %s\n", base,
                strerror(errno));
        return 2;
    }
    print(&rs);
    print(&rb);
    printf("\nTargets at N = %ld:\n", n);
    verdict("check / bare parse (wall)", rb.check.wall / rb.parse.wall, 1.5, true);
    verdict("build / bare parse (wall)", rb.build.wall / rb.parse.wall, 3.0, true);
    verdict("msgfmt -c / check (wall)", rb.msgfmt.wall / rb.check.wall, 5.0, false);
    verdict("check peak RSS / input bytes", rb.check.rss_kb * 1024.0 / rb.bytes, 4.0, true);
    verdict("check at N / check at N/10 (wall)", rb.check.wall / rs.check.wall, 12.0, true);
    if (!keep) {
        char *rm[] = {"rm", "-rf", (char *)base, NULL};
        run_once(rm);
    }
    return 0;
}
