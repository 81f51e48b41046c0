/* Helpers of the output tests; see outtest.h. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE /* wait4 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "outtest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

char *ot_path(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

char *ot_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *d = malloc(cap + 1);
    assert_non_null(d);
    for (;;) {
        size_t got = fread(d + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        cap *= 2;
        d = realloc(d, cap + 1);
        assert_non_null(d);
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(d);
        return NULL;
    }
    d[n] = '\0';
    if (len)
        *len = n;
    return d;
}

char *ot_slurp(const char *path, size_t *len)
{
    char *d = ot_read(path, len);
    if (!d)
        fail_msg("cannot read %s: %s", path, strerror(errno));
    return d;
}

void ot_write(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot write %s: %s", path, strerror(errno));
    bool ok = fwrite(data, 1, len, f) == len;
    if (fclose(f) != 0 || !ok)
        fail_msg("cannot write %s", path);
}

bool ot_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

char *ot_mkdtemp(void)
{
    const char *t = getenv("TMPDIR");
    char *p = ot_path("%s/errcat-outtest-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(p))
        fail_msg("mkdtemp %s: %s", p, strerror(errno));
    return p;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

void ot_rm_rf(const char *path)
{
    if (path && ot_exists(path))
        nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void ot_mkdirs(const char *path)
{
    char *d = ot_path("%s", path);
    for (char *p = d + 1;; p++) {
        char c = *p;
        if (c == '/' || c == '\0') {
            *p = '\0';
            if (mkdir(d, 0777) != 0 && errno != EEXIST)
                fail_msg("mkdir %s: %s", d, strerror(errno));
            *p = c;
        }
        if (!c)
            break;
    }
    free(d);
}

void ot_copy_dir(const char *from, const char *to)
{
    ot_mkdirs(to);
    DIR *d = opendir(from);
    if (!d)
        fail_msg("cannot open %s: %s", from, strerror(errno));
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *src = ot_path("%s/%s", from, e->d_name), *dst = ot_path("%s/%s", to, e->d_name);
        size_t n;
        char *data = ot_slurp(src, &n);
        ot_write(dst, data, n);
        free(data);
        free(src);
        free(dst);
    }
    closedir(d);
}

/* ---- running programs ---- */

static void child(const char *cwd, const char *const *env, int out_fd, int err_fd,
                  const char *const *argv)
{
    if (cwd && chdir(cwd) != 0)
        _exit(127);
    for (size_t i = 0; env && env[i]; i++) {
        const char *eq = strchr(env[i], '=');
        if (eq) {
            char *name = strndup(env[i], (size_t)(eq - env[i]));
            setenv(name, eq + 1, 1);
        } else {
            unsetenv(env[i]);
        }
    }
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0)
        dup2(null_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execvp(argv[0], (char *const *)argv);
    fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

static int scratch_fd(char **path)
{
    const char *t = getenv("TMPDIR");
    *path = ot_path("%s/errcat-outtest-io-XXXXXX", t && *t ? t : "/tmp");
    int fd = mkstemp(*path);
    if (fd < 0)
        fail_msg("mkstemp: %s", strerror(errno));
    return fd;
}

static void take(char *path, int fd, char **dst)
{
    close(fd);
    if (dst) {
        *dst = ot_read(path, NULL);
        if (!*dst)
            *dst = ot_path("%s", "");
    }
    unlink(path);
    free(path);
}

int ot_run(const char *cwd, const char *const *env, char **out, char **err, const char *const *argv)
{
    char *out_path, *err_path;
    int out_fd = scratch_fd(&out_path), err_fd = scratch_fd(&err_path);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        fail_msg("fork: %s", strerror(errno));
    if (pid == 0)
        child(cwd, env, out_fd, err_fd, argv);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    take(out_path, out_fd, out);
    take(err_path, err_fd, err);
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 127;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int ot_run_limited(const char *cwd, const char *const *env, char **out, char **err,
                   const char *const *argv, const ot_limits *lim, ot_usage *use)
{
    char *out_path, *err_path;
    int out_fd = scratch_fd(&out_path), err_fd = scratch_fd(&err_path);
    fflush(stdout);
    fflush(stderr);
    double start = now();
    pid_t pid = fork();
    if (pid < 0)
        fail_msg("fork: %s", strerror(errno));
    if (pid == 0) {
        if (lim->max_mem) {
            struct rlimit rl = {(rlim_t)lim->max_mem, (rlim_t)lim->max_mem};
            setrlimit(RLIMIT_AS, &rl);
        }
        struct rlimit core = {0, 0};
        setrlimit(RLIMIT_CORE, &core);
        rlim_t cpu = (rlim_t)lim->seconds;
        struct rlimit cpu_limit = {cpu, cpu + 1}; /* SIGXCPU, then SIGKILL */
        setrlimit(RLIMIT_CPU, &cpu_limit);
        child(cwd, env, out_fd, err_fd, argv);
    }
    int st = 0;
    struct rusage ru = {0};
    bool timed_out = false;
    for (;;) {
        pid_t w = wait4(pid, &st, WNOHANG, &ru);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR)
            fail_msg("wait4: %s", strerror(errno));
        if (!timed_out && now() - start > 10 * lim->seconds) { /* blocked, not busy */
            kill(pid, SIGKILL);
            timed_out = true;
        }
        struct timespec nap = {0, 2000000};
        nanosleep(&nap, NULL);
    }
    if (use) {
        use->seconds = now() - start;
        use->max_rss_kb = ru.ru_maxrss;
    }
    take(out_path, out_fd, out);
    take(err_path, err_fd, err);
    if (timed_out || (WIFSIGNALED(st) && (WTERMSIG(st) == SIGXCPU || WTERMSIG(st) == SIGKILL)))
        return OT_TIMED_OUT;
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 127;
}

static int errcat_va(const char *const *env, char **out, char **err, va_list ap)
{
    const char *argv[64] = {ERRCAT_BINARY};
    size_t n = 1;
    const char *a;
    while ((a = va_arg(ap, const char *)) && n < 63)
        argv[n++] = a;
    argv[n] = NULL;
    const char *env2[32] = {"NO_COLOR=1"};
    size_t m = 1;
    for (size_t i = 0; env && env[i] && m < 31; i++)
        env2[m++] = env[i];
    env2[m] = NULL;
    return ot_run(NULL, env2, out, err, argv);
}

int ot_errcat(const char *const *env, char **out, char **err, ...)
{
    va_list ap;
    va_start(ap, err);
    int st = errcat_va(env, out, err, ap);
    va_end(ap);
    return st;
}

void ot_build(int want, const char *catalog, const char *out, ...)
{
    const char *argv[64] = {ERRCAT_BINARY, "build", catalog, "-o", out};
    size_t n = 5;
    va_list ap;
    va_start(ap, out);
    const char *a;
    while ((a = va_arg(ap, const char *)) && n < 63)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    const char *env[] = {"NO_COLOR=1", NULL};
    char *err = NULL;
    int st = ot_run(NULL, env, NULL, &err, argv);
    if (st != want) {
        ec_buf cmd = {0};
        for (size_t i = 0; i < n; i++)
            ec_buf_printf(&cmd, "%s%s", i ? " " : "", argv[i]);
        fail_msg("`%s` exited %d, expected %d; its stderr:\n%s", cmd.data, st, want, err);
    }
    free(err);
}

/* ---- trees ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *root, const char *rel, ot_list *l)
{
    char *dir = *rel ? ot_path("%s/%s", root, rel) : ot_path("%s", root);
    DIR *d = opendir(dir);
    if (!d) {
        free(dir);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *r = *rel ? ot_path("%s/%s", rel, e->d_name) : ot_path("%s", e->d_name);
        char *full = ot_path("%s/%s", root, r);
        struct stat st;
        if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
            walk(root, r, l);
            free(r);
        } else {
            l->v = realloc(l->v, (l->n + 1) * sizeof *l->v);
            assert_non_null(l->v);
            l->v[l->n++] = r;
        }
        free(full);
    }
    closedir(d);
    free(dir);
}

ot_list ot_tree(const char *dir)
{
    ot_list l = {0};
    walk(dir, "", &l);
    if (l.n)
        qsort(l.v, l.n, sizeof *l.v, cmp_str);
    return l;
}

void ot_list_free(ot_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

/* ---- the catalog ---- */

ec_catalog *ot_load(const char *dir)
{
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load(dir, r);
    if (!c) {
        char *text = ec_report_render(r, EC_FORMAT_TEXT, false);
        fail_msg("cannot load the catalog %s:\n%s", dir, text);
    }
    ec_report_free(r);
    return c;
}

const ec_locale *ot_locale(const ec_catalog *c, const char *tag)
{
    for (size_t i = 0; i < c->nlocales; i++)
        if (!strcmp(c->locales[i].tag, tag))
            return &c->locales[i];
    fail_msg("the catalog %s has no locale %s", c->dir, tag);
    return NULL;
}

/* Is key (code, sub) before, at or after entry e? (-1, 0, 1) */
static int key_order(int32_t code, int32_t sub, const ec_entry *e)
{
    if (code != e->code)
        return code < e->code ? -1 : 1;
    return sub < e->sub ? -1 : sub > e->sub;
}

ot_rows ot_table_rows(const ec_catalog *c, const ec_locale *l)
{
    const ec_locale *src = c->source_idx >= 0 ? &c->locales[c->source_idx] : NULL;
    size_t cap = l->n + (src ? src->n : 0) + 1;
    ot_rows r = {calloc(cap, sizeof *r.v), calloc(cap, sizeof *r.fallback), 0};
    /* every entry of l, then the source keys l lacks, by insertion */
    for (size_t i = 0; i < l->n; i++)
        r.v[r.n++] = &l->entries[i];
    for (size_t k = 0; src && src != l && k < src->n; k++) {
        const ec_entry *s = &src->entries[k];
        if (ec_locale_find(l, s->code, s->sub) ||
            (k && !key_order(s->code, s->sub, &src->entries[k - 1])))
            continue;
        size_t at = 0;
        while (at < r.n && key_order(s->code, s->sub, r.v[at]) > 0)
            at++;
        memmove(r.v + at + 1, r.v + at, (r.n - at) * sizeof *r.v);
        memmove(r.fallback + at + 1, r.fallback + at, (r.n - at) * sizeof *r.fallback);
        r.v[at] = s;
        r.fallback[at] = true;
        r.n++;
    }
    return r;
}

void ot_rows_free(ot_rows *r)
{
    free(r->v);
    free(r->fallback);
}

char *ot_show(const char *s, size_t n)
{
    ec_buf b = {0};
    ec_buf_putc(&b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
            ec_buf_putc(&b, (char)c);
        else
            ec_buf_printf(&b, "\\x%02x", c);
    }
    ec_buf_putc(&b, '"');
    return ec_buf_take(&b);
}

void ot_assert_bytes(const char *what, const char *want, size_t want_len, const char *got,
                     size_t got_len)
{
    if (want_len == got_len && !memcmp(want, got, want_len))
        return;
    size_t i = 0;
    while (i < want_len && i < got_len && want[i] == got[i])
        i++;
    size_t from = i > 20 ? i - 20 : 0;
    size_t wn = want_len - from < 60 ? want_len - from : 60;
    size_t gn = got_len - from < 60 ? got_len - from : 60;
    char *w = ot_show(want + from, wn), *g = ot_show(got + from, gn);
    fail_msg("%s: differs at byte %zu (want %zu bytes, got %zu)\n  want ...%s\n  got  ...%s", what,
             i, want_len, got_len, w, g);
}
