/* errcat benchmark: synthetic clean catalogs of N keys x 4 locales in
 * several shapes, each timed side by side with its floor (a bare libyaml
 * parse of the same files) and an anchor (msgfmt -c on the equivalent PO
 * files).
 *
 *   errcat_bench [N] [--errcat PATH] [--runs R] [--keep DIR] [--shape S]
 *
 * Every program runs as a child process measured by wait4(): wall time, CPU
 * time (user + system) and peak RSS; the median of R runs (default 5)
 * counts, and the floor and the checks run interleaved, run by run. Before
 * the first measurement the benchmark waits (up to BENCH_SETTLE seconds,
 * default 180) for the 1-minute load average to fall to half the cores; per
 * shape it measures the CPU time other processes used while it ran. When
 * the load did not settle, or others used more than a tenth of the
 * machine, the figures are marked UNRELIABLE and the exit status is 3
 * (unless BENCH_ALLOW_BUSY=1). */
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

/* The shapes of catalog the benchmark writes (README "Performance"). */
typedef enum {
    SHAPE_QUOTED, /* short form, double-quoted keys and texts */
    SHAPE_PLAIN,  /* short form, plain (unquoted) keys and texts */
    SHAPE_LONG,   /* long form: `text:` and `note:` under each key */
    SHAPE_WORDS,  /* short form, quoted; every text of many distinct words */
    NSHAPES
} shape;

static const char *const shape_names[NSHAPES] = {"quoted", "plain", "long", "words"};

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

/* A text of distinct words: the English one of key i names a made-up
 * component and action drawn from i, in the others a word of the locale's
 * script follows them, so that drift and terms see many groups and words. */
static void words_of(const char *loc, long i, char *out, size_t cap)
{
    static const char *const syl[] = {"ka", "lo", "mi", "ne", "su", "ra", "to", "vi"};
    char w1[16], w2[16];
    snprintf(w1, sizeof w1, "%s%s%s", syl[i % 8], syl[(i / 8) % 8], syl[(i / 64) % 8]);
    snprintf(w2, sizeof w2, "%s%s", syl[(i / 512) % 8], syl[(i / 4096) % 8]);
    if (!strcmp(loc, "en"))
        snprintf(out, cap, "The %s service could not %s the %s queue in time.", w1, w2, w1);
    else if (!strcmp(loc, "zh"))
        snprintf(out, cap, "%s 服务未能及时%s %s 队列。", w1, w2, w1);
    else if (!strcmp(loc, "ja"))
        snprintf(out, cap, "%s サービスは %s のキューを時間内に%sできませんでした。", w1, w1, w2);
    else
        snprintf(out, cap, "%s 서비스가 %s 대기열을 제시간에 %s하지 못했습니다.", w1, w1, w2);
}

/* One entry of locale `loc` in the shape's syntax. */
static void write_entry(FILE *f, shape sh, const char *loc, long i)
{
    char text[512];
    if (sh == SHAPE_WORDS)
        words_of(loc, i, text, sizeof text);
    else
        text_of(loc, i, text, sizeof text);
    switch (sh) {
    case SHAPE_PLAIN:
        /* ": " is not allowed in a plain scalar: "Stream N, the ..." */
        for (char *c = strstr(text, ": "); c; c = strstr(c, ": "))
            *c = ',';
        fprintf(f, "  %ld/%ld: %s\n", i / 100, i % 100, text);
        break;
    case SHAPE_LONG:
        fprintf(f, "  \"%ld/%ld\":\n    text: \"%s\"\n    note: \"Shown when stream %ld fails.\"\n",
                i / 100, i % 100, text, i);
        break;
    default: fprintf(f, "  \"%ld/%ld\": \"%s\"\n", i / 100, i % 100, text); break;
    }
}

static int write_catalog(const char *dir, long n, shape sh)
{
    char path[4096];
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
        for (long i = 0; i < n; i++)
            write_entry(f, sh, locales[l], i);
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

/* The median of each figure of runs[0..n) (n >= 1), taken one by one; the
 * status is the worst. */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static measure median(const measure *runs, int n)
{
    double wall[n], cpu[n], rss[n];
    measure m = {0, 0, 0, 0};
    for (int i = 0; i < n; i++) {
        wall[i] = runs[i].wall;
        cpu[i] = runs[i].cpu;
        rss[i] = (double)runs[i].rss_kb;
        if (runs[i].status != 0)
            m.status = runs[i].status;
    }
    qsort(wall, (size_t)n, sizeof *wall, cmp_double);
    qsort(cpu, (size_t)n, sizeof *cpu, cmp_double);
    qsort(rss, (size_t)n, sizeof *rss, cmp_double);
    m.wall = n % 2 ? wall[n / 2] : (wall[n / 2 - 1] + wall[n / 2]) / 2;
    m.cpu = n % 2 ? cpu[n / 2] : (cpu[n / 2 - 1] + cpu[n / 2]) / 2;
    m.rss_kb = (long)(n % 2 ? rss[n / 2] : (rss[n / 2 - 1] + rss[n / 2]) / 2);
    return m;
}

#define MAX_RUNS 99

/* msgfmt -c on each PO file, one after another, as one measurement. */
static measure msgfmt_once(const char *dir)
{
    measure total = {0, 0, 0, 0};
    for (int l = 1; l < 4; l++) {
        char po[4096];
        snprintf(po, sizeof po, "%s/out/po/%s.po", dir, locales[l]);
        char *argv[] = {"msgfmt", "-c", "-o", "/dev/null", po, NULL};
        measure m = run_once(argv);
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

/* One build into an empty output directory, so that every output is
 * written. */
static measure fresh_build(char *const argv[], const char *out)
{
    char *rm[] = {"rm", "-rf", (char *)out, NULL};
    run_once(rm);
    return run_once(argv);
}

/* ---- is the machine quiet? ---- */

/* The 1-minute load average, or -1. */
static double loadavg(void)
{
    double l = -1;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &l) != 1)
            l = -1;
        fclose(f);
    }
    return l;
}

/* CPU seconds the whole machine spent busy so far (/proc/stat: user, nice,
 * system, irq, softirq and steal, the time a hypervisor gave to others),
 * or -1. */
static double machine_busy(void)
{
    unsigned long long v[8] = {0};
    FILE *f = fopen("/proc/stat", "r");
    if (!f)
        return -1;
    int got = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
                     &v[4], &v[5], &v[6], &v[7]);
    fclose(f);
    if (got != 8)
        return -1;
    return (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / (double)sysconf(_SC_CLK_TCK);
}

/* CPU seconds of this process's finished children. */
static double children_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* The machine's state around the measurements of one shape. */
typedef struct {
    double load_before, load_after; /* 1-minute load averages */
    double others;                  /* cores' worth of CPU others used meanwhile */
    bool busy;
} quiet;

typedef struct {
    double t, busy, own;
} quiet_mark;

static quiet_mark quiet_begin(quiet *q)
{
    q->load_before = loadavg();
    return (quiet_mark){now(), machine_busy(), children_cpu()};
}

/* Busy: other processes used more than a tenth of the machine's CPU time
 * while the measurements ran (what the machine was busy with, less the
 * benchmark's own children). The load average is shown, not judged, here:
 * the benchmark's own runs raise it (it is judged once, before the first
 * measurement: settle()). */
static void quiet_end(quiet *q, quiet_mark m, long cores)
{
    double dt = now() - m.t;
    double busy = machine_busy(), own = children_cpu() - m.own;
    q->load_after = loadavg();
    q->others = busy >= 0 && m.busy >= 0 && dt > 0 ? (busy - m.busy - own) / dt : 0;
    if (q->others < 0)
        q->others = 0;
    q->busy = q->others > 0.1 * (double)cores;
}

/* Waits, up to BENCH_SETTLE seconds (default 180), for the 1-minute load
 * average to fall to half the cores (a build just before, such as
 * scripts/bench's own, leaves it high for a minute or two). False when it
 * did not. */
static bool settle(long cores)
{
    const char *env = getenv("BENCH_SETTLE");
    long limit = env && *env ? atol(env) : 180, waited = 0;
    double load = loadavg();
    if (load > 0.5 * (double)cores)
        printf("waiting for the load average (%.2f) to fall to %.2f...\n", load,
               0.5 * (double)cores);
    for (; load > 0.5 * (double)cores && waited < limit; waited += 5) {
        fflush(stdout);
        sleep(5);
        load = loadavg();
    }
    if (load > 0.5 * (double)cores) {
        printf("UNRELIABLE: the load average stayed at %.2f (more than half of %ld cores) for "
               "%ld s\n",
               load, cores, waited);
        return false;
    }
    if (waited)
        printf("load average %.2f after %ld s\n", load, waited);
    return true;
}

/* ---- one shape ---- */

typedef struct {
    long n;
    long bytes;
    measure parse, check, check1, build, build_nopo, msgfmt;
    quiet q;
} result;

static int bench(const char *self, const char *errcat, const char *dir, long n, shape sh, int runs,
                 long cores, result *r)
{
    char files[4][4096], out[4096];
    if (write_catalog(dir, n, sh) != 0)
        return -1;
    for (int l = 0; l < 4; l++)
        snprintf(files[l], sizeof files[l], "%s/%s.yaml", dir, locales[l]);
    snprintf(out, sizeof out, "%s/out", dir);
    r->n = n;
    r->bytes = input_bytes(dir);
    char *parse[] = {(char *)self, "--parse", files[0], files[1], files[2], files[3], NULL};
    char *check[] = {(char *)errcat, "check", (char *)dir, NULL};
    char *build[] = {(char *)errcat, "build", (char *)dir, "-o", out, NULL};
    char *nopo[] = {(char *)errcat, "build",          (char *)dir, "-o", out,
                    "--only",       "md,html,docs,c", NULL};
    measure p[MAX_RUNS], c[MAX_RUNS], c1[MAX_RUNS], b[MAX_RUNS], bn[MAX_RUNS], mf[MAX_RUNS];
    quiet_mark qm = quiet_begin(&r->q);
    /* Interleaved, run by run: the floor and the check see the same
     * machine, even when its speed drifts (a shared VM's does). */
    for (int i = 0; i < runs; i++) {
        p[i] = run_once(parse);
        c[i] = run_once(check);
        setenv("ERRCAT_THREADS", "1", 1);
        c1[i] = run_once(check);
        unsetenv("ERRCAT_THREADS");
        bn[i] = fresh_build(nopo, out);
        b[i] = fresh_build(build, out); /* leaves the PO files for msgfmt */
        mf[i] = msgfmt_once(dir);
    }
    quiet_end(&r->q, qm, cores);
    r->parse = median(p, runs);
    r->check = median(c, runs);
    r->check1 = median(c1, runs);
    r->build = median(b, runs);
    r->build_nopo = median(bn, runs);
    r->msgfmt = median(mf, runs);
    return 0;
}

static void row(const char *name, measure m, const result *r)
{
    printf("%-28s %8.3f %8.3f %9.1f %8.2fx %s\n", name, m.wall, m.cpu, m.rss_kb / 1024.0,
           m.wall / r->parse.wall, m.status == 0 ? "" : "(exit status not 0)");
}

static void print(const char *shape_name, const result *r)
{
    printf("\n%s: N = %ld keys x 4 locales, %.1f MB of YAML; load %.2f before, %.2f after, "
           "others %.2f cores\n",
           shape_name, r->n, r->bytes / 1048576.0, r->q.load_before, r->q.load_after, r->q.others);
    if (r->q.busy)
        printf("UNRELIABLE: the machine was busy (others used %.2f cores)\n", r->q.others);
    printf("%-28s %8s %8s %9s %9s\n", "", "wall s", "cpu s", "RSS MB", "/ parse");
    row("libyaml parse (floor)", r->parse, r);
    row("errcat check", r->check, r);
    row("errcat check (1 thread)", r->check1, r);
    row("errcat build (all outputs)", r->build, r);
    row("errcat build (all but PO)", r->build_nopo, r);
    row("msgfmt -c (3 PO files)", r->msgfmt, r);
}

/* Prints one target's line; returns whether it is met. */
static bool verdict(const char *what, double value, double limit, bool at_most)
{
    bool ok = at_most ? value <= limit : value >= limit;
    printf("  %-44s %8.2f  (target %s %.1f)  %s\n", what, value, at_most ? "<=" : ">=", limit,
           ok ? "met" : "NOT MET");
    return ok;
}

/* The targets of README "Performance" for one shape, at N and N/10. */
static void verdicts(const char *shape_name, const result *rb, const result *rs)
{
    printf("\nTargets, %s, at N = %ld%s:\n", shape_name, rb->n,
           rb->q.busy || rs->q.busy ? " (UNRELIABLE: the machine was busy)" : "");
    verdict("check / bare parse (wall)", rb->check.wall / rb->parse.wall, 1.5, true);
    verdict("build / bare parse (wall)", rb->build.wall / rb->parse.wall, 4.0, true);
    verdict("msgfmt -c / check (wall)", rb->msgfmt.wall / rb->check.wall, 5.0, false);
    verdict("check peak RSS / input bytes", rb->check.rss_kb * 1024.0 / rb->bytes, 4.0, true);
    verdict("build peak RSS / input bytes", rb->build.rss_kb * 1024.0 / rb->bytes, 4.0, true);
    verdict("check at N / check at N/10 (wall)", rb->check.wall / rs->check.wall, 12.0, true);
}

static int usage(void)
{
    fputs("usage: errcat_bench [N] [--errcat PATH] [--runs R] [--keep DIR] [--shape "
          "quoted|plain|long|words]...\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--parse"))
        return bare_parse(argc - 2, argv + 2);
    long n = 200000;
    int runs = 5;
    bool want[NSHAPES] = {false}, any = false;
    const char *errcat = "errcat", *keep = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--errcat") && i + 1 < argc)
            errcat = argv[++i];
        else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--keep") && i + 1 < argc)
            keep = argv[++i];
        else if (!strcmp(argv[i], "--shape") && i + 1 < argc) {
            int k = 0;
            while (k < NSHAPES && strcmp(argv[i + 1], shape_names[k]))
                k++;
            if (k == NSHAPES)
                return usage();
            want[k] = any = true;
            i++;
        } else
            n = atol(argv[i]);
    }
    if (n < 10 || runs < 1 || runs > MAX_RUNS)
        return usage();
    for (int k = 0; k < NSHAPES && !any; k++)
        want[k] = true;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    cores = cores > 0 ? cores : 1;
    char tmpl[] = "/tmp/errcat-bench-XXXXXX";
    const char *base = keep ? keep : mkdtemp(tmpl);
    if (!base)
        return 2;
    mkdir(base, 0777);
    char self[4096];
    ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
    self[sl > 0 ? sl : 0] = '\0';
    const char *allow = getenv("BENCH_ALLOW_BUSY");
    printf("errcat_bench: N = %ld, median of %d runs, %ld cores; load average %.2f at the start\n",
           n, runs, cores, loadavg());
    bool busy = !settle(cores);
    for (int k = 0; k < NSHAPES; k++) {
        if (!want[k])
            continue;
        char big[4096], small[4096];
        snprintf(big, sizeof big, "%s/%s", base, shape_names[k]);
        snprintf(small, sizeof small, "%s/%s-n10", base, shape_names[k]);
        result rb, rs;
        if (bench(self, errcat, small, n / 10, (shape)k, runs, cores, &rs) != 0 ||
            bench(self, errcat, big, n, (shape)k, runs, cores, &rb) != 0) {
            fprintf(stderr, "errcat_bench: cannot write the catalog under %s: %s\n", base,
                    strerror(errno));
            return 2;
        }
        print(shape_names[k], &rs);
        print(shape_names[k], &rb);
        verdicts(shape_names[k], &rb, &rs);
        busy |= rb.q.busy || rs.q.busy;
        fflush(stdout);
    }
    printf("\nload average %.2f at the end\n", loadavg());
    if (!keep) {
        char *rm[] = {"rm", "-rf", (char *)base, NULL};
        run_once(rm);
    }
    if (busy) {
        printf("UNRELIABLE: the machine was busy while the benchmark ran: these figures are not "
               "results%s\n",
               allow && !strcmp(allow, "1") ? " (BENCH_ALLOW_BUSY=1)" : "");
        if (!(allow && !strcmp(allow, "1")))
            return 3;
    }
    return 0;
}
