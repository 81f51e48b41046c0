/* Hostile catalogs (README "Bad input and failures"): every one gives exit
 * status 1 or 2 and diagnostics that name the file (and line:column where
 * there is one), within 20 seconds of CPU time and a 2 GiB address space, without a
 * crash; `build` refuses it and leaves an existing output tree exactly as
 * it was (same files, bytes, inodes and mtimes); `build --force`, `stats`
 * and `check --format json` get through it too.
 *
 * The catalogs are the committed tests/hostile/<case>/ (each with an
 * `expect` file: `status N`, then `finding FILE:LINE:COL: SEVERITY [CHECK]`
 * lines that errcat check must print) and those made here, which cannot be
 * committed or are too big to: directories, FIFOs, devices and symlink loops
 * in place of files; random garbage; nesting 300,000 levels deep; 10 MB
 * scalars, a 50 MB line, a million aliases, a million lines. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "outtest.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#define HOSTILE_DIR ERRCAT_SOURCE_DIR "/tests/hostile"
#define MAX_FINDINGS 40

/* AddressSanitizer reserves terabytes of address space (no RLIMIT_AS) and
 * runs errcat a few times slower. */
#ifdef UNDER_ASAN
static const ot_limits limits = {60, 0};
/* sizes of the big cases, divided: the sanitizers look for memory errors,
 * the plain build for time and space */
#define BIG(n) ((n) / 10)
#else
static const ot_limits limits = {20, (size_t)2 << 30};
#define BIG(n) (n)
#endif

typedef struct {
    char *dir;                    /* where the case directory is */
    char *name;                   /* the case directory, as errcat is given it */
    int status;                   /* of errcat check */
    char *findings[MAX_FINDINGS]; /* "en.yaml:3:10: error [schema]"; LINE:COL may be "*" */
    size_t n;
} hcase;

typedef struct {
    char *scratch;
    char *out;     /* an output tree every refused build must leave alone */
    ot_list files; /* its files, */
    char **data;   /* their bytes */
    size_t *len;
    struct stat *st;
    double max_seconds;
    long max_rss_kb;
    char *max_case;
    size_t cases;
} suite;

static suite S;

/* ---- running errcat ---- */

static int run(const hcase *c, char **out, char **err, ...)
{
    const char *argv[16] = {ERRCAT_BINARY};
    size_t n = 1;
    va_list ap;
    va_start(ap, err);
    const char *a;
    while ((a = va_arg(ap, const char *)) && n < 15)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    const char *env[] = {"NO_COLOR=1", NULL};
    ot_usage use;
    int st = ot_run_limited(c->dir, env, out, err, argv, &limits, &use);
    if (st == OT_TIMED_OUT)
        fail_msg("%s: `errcat %s %s` used more than %.0f s of CPU time", c->name, argv[1], argv[2],
                 limits.seconds);
    if (st >= 128)
        fail_msg("%s: `errcat %s %s` died of signal %d; stderr:\n%.2000s", c->name, argv[1],
                 argv[2], st - 128, err && *err ? *err : "");
    if (use.seconds > S.max_seconds || use.max_rss_kb > S.max_rss_kb) {
        free(S.max_case);
        S.max_case = ot_path("%s (%s)", c->name, argv[1]);
    }
    if (use.seconds > limits.seconds / 4)
        print_message("slow: %s `errcat %s` took %.1f s\n", c->name, argv[1], use.seconds);
    if (use.seconds > S.max_seconds)
        S.max_seconds = use.seconds;
    if (use.max_rss_kb > S.max_rss_kb)
        S.max_rss_kb = use.max_rss_kb;
    return st;
}

/* ---- expectations ---- */

static bool digits(const char **s)
{
    const char *p = *s;
    while (*p >= '0' && *p <= '9')
        p++;
    bool any = p > *s;
    *s = p;
    return any;
}

/* Matches one number of a position: digits of `line` against digits of
 * `spec` or "*" (any number). Advances both past it. */
static bool number_matches(const char **line, const char **spec)
{
    const char *l = *line;
    if (!digits(&l))
        return false;
    if (**spec == '*') {
        (*spec)++;
    } else {
        const char *sp = *spec;
        if (!digits(&sp) || (size_t)(sp - *spec) != (size_t)(l - *line) ||
            strncmp(*line, *spec, (size_t)(l - *line)) != 0)
            return false;
        *spec = sp;
    }
    *line = l;
    return true;
}

/* Does stderr line `line` match `spec` ("en.yaml:3:10: error [schema]";
 * LINE, COL and CHECK may be "*"; "en.yaml: error [io]" has no position)? */
static bool line_matches(const char *name, const char *line, const char *spec)
{
    size_t nl = strlen(name);
    if (strncmp(line, name, nl) != 0 || line[nl] != '/')
        return false;
    line += nl + 1;
    const char *colon = strchr(spec, ':');
    size_t fl = (size_t)(colon - spec);
    if (strncmp(line, spec, fl) != 0 || line[fl] != ':')
        return false;
    const char *l = line + fl + 1, *p = colon + 1;
    if (!strncmp(p, "*: ", 3)) { /* any position */
        const char *any1 = "*", *any2 = "*";
        if (!number_matches(&l, &any1) || *l++ != ':' || !number_matches(&l, &any2) || *l++ != ':')
            return false;
        p += 2;
    } else if (*p != ' ') {
        if (!number_matches(&l, &p) || *l++ != ':' || *p++ != ':' || !number_matches(&l, &p) ||
            *l++ != ':' || *p++ != ':')
            return false;
    }
    /* " error [schema]" against " error: ... [schema]" */
    const char *sev = p + 1, *br = strchr(sev, ' ');
    size_t sl = (size_t)(br - sev);
    if (*l != ' ' || strncmp(l + 1, sev, sl) != 0 || l[1 + sl] != ':')
        return false;
    size_t ll = strlen(line), cl = strlen(br);
    if (!strcmp(br, " [*]")) /* any check */
        return ll > 3 && line[ll - 1] == ']' && strstr(line, " [");
    return ll >= cl && !strcmp(line + ll - cl, br);
}

static char *line_of(const char *s, size_t *len)
{
    const char *nl = strchr(s, '\n');
    *len = nl ? (size_t)(nl - s) : strlen(s);
    return ot_path("%.*s", (int)*len, s);
}

/* Every line of errcat check's stderr is a finding on a file of the case
 * or the summary (and the line before it saying that without a usable
 * source locale the checks against the source text were skipped); every
 * expected finding is there, each on a line of its own. */
static void check_diagnostics(const hcase *c, const char *err)
{
    bool found[MAX_FINDINGS] = {0};
    size_t nl = strlen(c->name), lines = 0;
    for (const char *s = err; *s;) {
        size_t len;
        char *line = line_of(s, &len);
        s += len + (s[len] == '\n');
        lines++;
        bool summary = !strncmp(line, "errcat: ", 8) &&
                       (!s[0] || strstr(line, "; the checks against the source text ("));
        bool finding = !strncmp(line, c->name, nl) && (line[nl] == '/' || line[nl] == ':') &&
                       (strstr(line, ": error: ") || strstr(line, ": warning: ")) &&
                       line[len - 1] == ']';
        if (!summary && !finding)
            fail_msg("%s: a line of errcat check that is neither a finding on a file of the "
                     "case nor the summary:\n%.300s",
                     c->name, line);
        /* each expected finding takes a line of its own */
        for (size_t i = 0; i < c->n; i++)
            if (!found[i] && line_matches(c->name, line, c->findings[i])) {
                found[i] = true;
                break;
            }
        free(line);
    }
    if (lines < 2)
        fail_msg("%s: errcat check printed no finding:\n%s", c->name, err);
    for (size_t i = 0; i < c->n; i++)
        if (!found[i])
            fail_msg("%s: expected the finding %s in:\n%.4000s", c->name, c->findings[i], err);
}

/* ---- the output tree a refused build must not touch ---- */

static void snapshot_out(void)
{
    S.files = ot_tree(S.out);
    S.data = calloc(S.files.n + 1, sizeof *S.data);
    S.len = calloc(S.files.n + 1, sizeof *S.len);
    S.st = calloc(S.files.n + 1, sizeof *S.st);
    for (size_t i = 0; i < S.files.n; i++) {
        char *p = ot_path("%s/%s", S.out, S.files.v[i]);
        S.data[i] = ot_slurp(p, &S.len[i]);
        assert_int_equal(lstat(p, &S.st[i]), 0);
        free(p);
    }
}

static void assert_out_untouched(const hcase *c)
{
    ot_list now = ot_tree(S.out);
    if (now.n != S.files.n)
        fail_msg("%s: the output tree had %zu files, now %zu", c->name, S.files.n, now.n);
    for (size_t i = 0; i < now.n; i++) {
        if (strcmp(now.v[i], S.files.v[i]) != 0)
            fail_msg("%s: %s appeared in the output tree", c->name, now.v[i]);
        char *p = ot_path("%s/%s", S.out, now.v[i]);
        struct stat st;
        size_t len;
        char *data = ot_slurp(p, &len);
        assert_int_equal(lstat(p, &st), 0);
        if (len != S.len[i] || memcmp(data, S.data[i], len) != 0 || st.st_ino != S.st[i].st_ino ||
            st.st_mtim.tv_sec != S.st[i].st_mtim.tv_sec ||
            st.st_mtim.tv_nsec != S.st[i].st_mtim.tv_nsec)
            fail_msg("%s: the refused build changed %s", c->name, now.v[i]);
        free(data);
        free(p);
    }
    ot_list_free(&now);
}

/* A temporary file of errcat's ("md/en.md.errcat-XXXXXX"), not its
 * manifest (".errcat-outputs"). */
static bool is_temporary(const char *rel)
{
    const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
    return strstr(base, ".errcat-") && strcmp(base, ".errcat-outputs") != 0;
}

static void assert_no_temp(const hcase *c, const char *dir)
{
    ot_list l = ot_tree(dir);
    for (size_t i = 0; i < l.n; i++)
        if (is_temporary(l.v[i]))
            fail_msg("%s: build --force left %s behind", c->name, l.v[i]);
    ot_list_free(&l);
}

/* ---- one case ---- */

static void run_case(const hcase *c)
{
    char *out = NULL, *err = NULL;
    int st = run(c, &out, &err, "check", c->name, NULL);
    if (st != c->status)
        fail_msg("%s: errcat check exited %d, expected %d; stderr:\n%.4000s", c->name, st,
                 c->status, err);
    if (*out)
        fail_msg("%s: errcat check printed on stdout:\n%.500s", c->name, out);
    check_diagnostics(c, err);
    free(out);
    free(err);

    st = run(c, NULL, &err, "build", c->name, "-o", S.out, NULL);
    if (st != c->status)
        fail_msg("%s: errcat build exited %d, expected %d; stderr:\n%.4000s", c->name, st,
                 c->status, err);
    free(err);
    assert_out_untouched(c);

    char *fresh = ot_path("%s/fresh", S.scratch);
    st = run(c, NULL, &err, "build", "--force", c->name, "-o", fresh, NULL);
    if (st > 2)
        fail_msg("%s: errcat build --force exited %d; stderr:\n%.4000s", c->name, st, err);
    free(err);
    assert_no_temp(c, fresh);
    ot_rm_rf(fresh);
    free(fresh);

    st = run(c, &out, &err, "check", "--format", "json", c->name, NULL);
    size_t n = strlen(out);
    if (st != c->status || n < 3 || out[0] != '[' || strcmp(out + n - 2, "]\n") != 0)
        fail_msg("%s: check --format json exited %d with:\n%.1000s", c->name, st, out);
    free(out);
    free(err);

    st = run(c, &out, &err, "stats", c->name, NULL);
    if (st != 0 && st != 2)
        fail_msg("%s: errcat stats exited %d; stderr:\n%.2000s", c->name, st, err);
    free(out);
    free(err);
    S.cases++;
}

static void case_free(hcase *c)
{
    free(c->dir);
    free(c->name);
    for (size_t i = 0; i < c->n; i++)
        free(c->findings[i]);
}

/* ---- the committed cases ---- */

static bool read_expect(const char *dir, const char *name, hcase *c)
{
    char *path = ot_path("%s/%s/expect", dir, name);
    char *text = ot_read(path, NULL);
    free(path);
    if (!text)
        return false;
    memset(c, 0, sizeof *c);
    c->dir = ot_path("%s", dir);
    c->name = ot_path("%s", name);
    c->status = -1;
    for (const char *s = text; *s;) {
        size_t len;
        char *line = line_of(s, &len);
        s += len + (s[len] == '\n');
        if (!strncmp(line, "status ", 7))
            c->status = atoi(line + 7);
        else if (!strncmp(line, "finding ", 8) && c->n < MAX_FINDINGS)
            c->findings[c->n++] = ot_path("%s", line + 8);
        else if (line[0] && line[0] != '#')
            fail_msg("%s/expect: cannot read the line '%s'", name, line);
        free(line);
    }
    free(text);
    if (c->status != 1 && c->status != 2)
        fail_msg("%s/expect: the status must be 1 or 2", name);
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_committed(void **state)
{
    (void)state;
    DIR *d = opendir(HOSTILE_DIR);
    assert_non_null(d);
    char *names[512];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 512)
        if (e->d_name[0] != '.')
            names[n++] = ot_path("%s", e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    size_t ran = 0;
    for (size_t i = 0; i < n; i++) {
        hcase c;
        if (read_expect(HOSTILE_DIR, names[i], &c)) {
            run_case(&c);
            case_free(&c);
            ran++;
        }
        free(names[i]);
    }
    if (ran < 50)
        fail_msg("only %zu cases in %s", ran, HOSTILE_DIR);
    print_message("%zu committed hostile catalogs\n", ran);
}

/* ---- the generated cases ---- */

static const char meta[] = "name: hostile\nsource: en\n";
static const char head[] = "locale: en\nmessages:\n";

/* A case directory gen/<name> with catalog.yaml; NULL meta: none. */
static hcase gen(const char *name, const char *catalog, int status, ...)
{
    hcase c = {.dir = ot_path("%s/gen", S.scratch), .name = ot_path("%s", name), .status = status};
    char *d = ot_path("%s/%s", c.dir, name);
    ot_mkdirs(d);
    if (catalog) {
        char *p = ot_path("%s/catalog.yaml", d);
        ot_write(p, catalog, strlen(catalog));
        free(p);
    }
    free(d);
    va_list ap;
    va_start(ap, status);
    const char *f;
    while ((f = va_arg(ap, const char *)) && c.n < MAX_FINDINGS)
        c.findings[c.n++] = ot_path("%s", f);
    va_end(ap);
    return c;
}

static char *gen_path(const hcase *c, const char *file)
{
    return ot_path("%s/%s/%s", c->dir, c->name, file);
}

static void gen_file(const hcase *c, const char *file, const char *data, size_t len)
{
    char *p = gen_path(c, file);
    ot_write(p, data, len);
    free(p);
}

static void gen_text(const hcase *c, const char *file, const ec_buf *b)
{
    gen_file(c, file, b->data, b->len);
}

static void done(hcase *c)
{
    run_case(c);
    char *d = ot_path("%s/%s", c->dir, c->name);
    ot_rm_rf(d);
    free(d);
    case_free(c);
}

static void repeat(ec_buf *b, const char *s, size_t times)
{
    size_t n = strlen(s);
    ec_buf_reserve(b, n * times);
    for (size_t i = 0; i < times; i++)
        ec_buf_put(b, s, n);
}

static void test_special_files(void **state)
{
    (void)state;
    hcase c = gen("en-is-a-directory", meta, 2, "en.yaml: error [io]", NULL);
    char *p = gen_path(&c, "en.yaml");
    ot_mkdirs(p);
    free(p);
    done(&c);

    c = gen("catalog-is-a-directory", NULL, 2, "catalog.yaml: error [io]", NULL);
    p = gen_path(&c, "catalog.yaml");
    ot_mkdirs(p);
    free(p);
    done(&c);

    c = gen("symlink-loop", meta, 2, "en.yaml: error [io]", NULL);
    p = gen_path(&c, "en.yaml");
    assert_int_equal(symlink("en.yaml", p), 0);
    free(p);
    done(&c);

    c = gen("symlink-cycle", meta, 2, "en.yaml: error [io]", "de.yaml: error [io]", NULL);
    p = gen_path(&c, "en.yaml");
    assert_int_equal(symlink("de.yaml", p), 0);
    free(p);
    p = gen_path(&c, "de.yaml");
    assert_int_equal(symlink("en.yaml", p), 0);
    free(p);
    done(&c);

    c = gen("catalog-symlink-loop", NULL, 2, "catalog.yaml: error [io]", NULL);
    p = gen_path(&c, "catalog.yaml");
    assert_int_equal(symlink("catalog.yaml", p), 0);
    free(p);
    done(&c);

    c = gen("dangling-symlink", meta, 2, "en.yaml: error [io]", NULL);
    p = gen_path(&c, "en.yaml");
    assert_int_equal(symlink("nowhere/en.yaml", p), 0);
    free(p);
    done(&c);

    c = gen("fifo", meta, 2, "en.yaml: error [io]", NULL);
    p = gen_path(&c, "en.yaml");
    assert_int_equal(mkfifo(p, 0600), 0);
    free(p);
    done(&c);

    c = gen("catalog-fifo", NULL, 2, "catalog.yaml: error [io]", NULL);
    p = gen_path(&c, "catalog.yaml");
    assert_int_equal(mkfifo(p, 0600), 0);
    free(p);
    done(&c);

    static const char *const devices[] = {"/dev/zero", "/dev/urandom", "/dev/null"};
    for (size_t i = 0; i < 3; i++) {
        char *name = ot_path("device-%zu", i);
        c = gen(name, meta, 2, "en.yaml: error [io]", NULL);
        p = gen_path(&c, "en.yaml");
        assert_int_equal(symlink(devices[i], p), 0);
        free(p);
        done(&c);
        free(name);
    }

    /* The catalog directory itself: a loop, and a regular file. */
    c = gen("dir-loop", NULL, 2, NULL);
    p = ot_path("%s/%s", c.dir, c.name);
    ot_rm_rf(p);
    assert_int_equal(symlink(c.name, p), 0);
    free(p);
    /* "dir-loop: error: cannot read catalog: ..." names the directory itself */
    char *out = NULL, *err = NULL;
    int st = run(&c, &out, &err, "check", c.name, NULL);
    if (st != 2 || strncmp(err, "dir-loop: error: cannot read catalog: ", 38) != 0)
        fail_msg("a catalog directory that is a symlink loop: exit %d\n%s", st, err);
    free(out);
    free(err);
    p = ot_path("%s/%s", c.dir, c.name);
    unlink(p);
    free(p);
    case_free(&c);
}

/* Deterministic garbage. */
static uint32_t rnd(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static void test_garbage(void **state)
{
    (void)state;
    static const char *const alphabets[] = {
        NULL, /* any byte */
        " \n\t\r!\"#$%&'()*+,-./0123456789:;<=>?@ABCxyz[\\]^_`{|}~",
        "[]{}:-?,&*!|>'\"%@` \n#0123/ab\\",
        "\"\\xu0123456789abcdefU \n",
    };
    for (size_t a = 0; a < 4; a++) {
        for (uint32_t seed = 1; seed <= 3; seed++) {
            char *name = ot_path("garbage-%zu-%u", a, seed);
            /* some files are not YAML at all: any finding on en.yaml will do */
            hcase c = gen(name, meta, 1, "en.yaml:*: error [*]", NULL);
            ec_buf b = {0};
            ec_buf_puts(&b, seed == 3 ? head : "");
            uint32_t s = seed * 7919u + (uint32_t)a;
            for (int i = 0; i < 20000; i++) {
                const char *al = alphabets[a];
                char ch = al ? al[rnd(&s) % strlen(al)] : (char)(rnd(&s) & 0xff);
                ec_buf_putc(&b, ch);
            }
            gen_text(&c, "en.yaml", &b);
            ec_buf_free(&b);
            run_case(&c);
            char *d = ot_path("%s/%s", c.dir, c.name);
            ot_rm_rf(d);
            free(d);
            case_free(&c);
            free(name);
        }
    }
}

#define DEEP 300000

static void deep_case(const char *name, const char *catalog, const char *file, const char *before,
                      const char *unit, const char *after, const char *finding)
{
    hcase c = gen(name, catalog ? catalog : meta, 1, finding, NULL);
    ec_buf b = {0};
    ec_buf_puts(&b, before);
    repeat(&b, unit, DEEP);
    ec_buf_puts(&b, after);
    gen_text(&c, file, &b);
    ec_buf_free(&b);
    if (strcmp(file, "en.yaml") != 0) {
        ec_buf e = {0};
        ec_buf_puts(&e, head);
        ec_buf_puts(&e, "  \"1/0\": One\n");
        gen_text(&c, "en.yaml", &e);
        ec_buf_free(&e);
    }
    done(&c);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    const char *t = "locale: en\nmessages:\n  \"1/0\": ";
    deep_case("deep-flow-sequence", NULL, "en.yaml", t, "[", "\n", "en.yaml:3:*: error [schema]");
    deep_case("deep-flow-sequence-closed", NULL, "en.yaml", t, "[", "x",
              "en.yaml:3:*: error [schema]");
    deep_case("deep-flow-mapping", NULL, "en.yaml", t, "{a: ", "x", "en.yaml:3:*: error [schema]");
    deep_case("deep-flow-mixed", NULL, "en.yaml", t, "[{a: ", "x", "en.yaml:3:*: error [schema]");
    deep_case("deep-block-sequence", NULL, "en.yaml", "", "- ", "x\n", "en.yaml:1:*: error [*]");
    deep_case("deep-block-sequence-in-text", NULL, "en.yaml", t, "- ", "x\n",
              "en.yaml:3:*: error [*]");
    deep_case("deep-root", NULL, "en.yaml", "", "[", "", "en.yaml:1:*: error [schema]");
    deep_case("deep-key", NULL, "en.yaml", "locale: en\nmessages:\n  ? ", "[", "\n  : x\n",
              "en.yaml:3:*: error [schema]");
    deep_case("deep-in-entry", NULL, "en.yaml",
              "locale: en\nmessages:\n  \"1/0\":\n    text: ", "{t: ", "\n",
              "en.yaml:4:*: error [schema]");
    deep_case("deep-catalog", "", "catalog.yaml", "name: hostile\nsource: en\nterms: ", "[", "\n",
              "catalog.yaml:3:*: error [schema]");
    deep_case("deep-catalog-terms", "", "catalog.yaml",
              "name: hostile\nsource: en\nterms:\n  X: ", "{a: ", "\n",
              "catalog.yaml:4:*: error [schema]");

    /* Block mappings nest by indentation: 3,000 levels make a 9 MB file. */
    hcase c = gen("deep-block-mapping", meta, 1, "en.yaml:*: error [schema]", NULL);
    ec_buf b = {0};
    ec_buf_puts(&b, head);
    for (int i = 0; i < 3000; i++) {
        repeat(&b, " ", (size_t)i + 2);
        ec_buf_puts(&b, i ? "a:\n" : "\"1/0\":\n");
    }
    repeat(&b, " ", 3002);
    ec_buf_puts(&b, "x\n");
    gen_text(&c, "en.yaml", &b);
    ec_buf_free(&b);
    done(&c);
}

static void test_huge(void **state)
{
    (void)state;
    const size_t MB = (size_t)1 << 20;
    ec_buf b = {0};

    hcase c = gen("huge-plain-text", meta, 1, "en.yaml:3:10: error [schema]", NULL);
    ec_buf_puts(&b, head);
    ec_buf_puts(&b, "  \"1/0\": ");
    repeat(&b, "word ", BIG(2 * MB));
    ec_buf_puts(&b, "end\n");
    gen_text(&c, "en.yaml", &b);
    b.len = 0;
    done(&c);

    c = gen("huge-quoted-escapes", meta, 1, "en.yaml:3:10: error [schema]", NULL);
    ec_buf_puts(&b, head);
    ec_buf_puts(&b, "  \"1/0\": \"");
    repeat(&b, "\\x41\\u00e9\\U0001F600\\\"", BIG(MB / 2));
    ec_buf_puts(&b, "\"\n");
    gen_text(&c, "en.yaml", &b);
    b.len = 0;
    done(&c);

    c = gen("huge-block-literal", meta, 1, "en.yaml:3:10: error [schema]", NULL);
    ec_buf_puts(&b, head);
    ec_buf_puts(&b, "  \"1/0\": |\n");
    repeat(&b, "    a line of the literal\n", BIG(MB / 2));
    gen_text(&c, "en.yaml", &b);
    b.len = 0;
    done(&c);

    c = gen("huge-key", meta, 1, "en.yaml:*: error [*]", NULL);
    ec_buf_puts(&b, head);
    ec_buf_puts(&b, "  \"");
    repeat(&b, "1234567890", BIG(MB));
    ec_buf_puts(&b, "/0\": x\n");
    gen_text(&c, "en.yaml", &b);
    b.len = 0;
    done(&c);

    c = gen("huge-plain-key", meta, 1, "en.yaml:*: error [*]", NULL);
    ec_buf_puts(&b, head);
    ec_buf_puts(&b, "  ");
    repeat(&b, "1234567890", BIG(MB));
    ec_buf_puts(&b, ": x\n");
    gen_text(&c, "en.yaml", &b);
    b.len = 0;
    done(&c);

    c = gen("huge-anchor-name", meta, 1, "en.yaml:3:10: error [schema]", NULL);
    ec_buf_puts(&b, head);
    ec_buf_puts(&b, "  \"1/0\": &");
    repeat(&b, "anchor", BIG(MB));
    ec_buf_puts(&b, " x\n");
    gen_text(&c, "en.yaml", &b);
    b.len = 0;
    done(&c);

    /* a 50 MB line: read, and refused as a text over 4,096 bytes */
    c = gen("huge-line", meta, 1, "en.yaml:3:10: error [schema]", NULL);
    ec_buf_puts(&b, head);
    ec_buf_puts(&b, "  \"1/0\": \"");
    repeat(&b, "0123456789", BIG(5 * 1000 * 1000));
    ec_buf_puts(&b, "\"\n");
    gen_text(&c, "en.yaml", &b);
    b.len = 0;
    done(&c);

    /* 21 MB of catalog.yaml, then an unknown field: found at its line */
    char *bogus = ot_path("catalog.yaml:%d:1: error [schema]", BIG(400000) + 3);
    c = gen("huge-catalog-yaml", NULL, 1, bogus, NULL);
    free(bogus);
    ec_buf_puts(&b, meta);
    repeat(&b, "# a comment line of the catalog that takes some room\n", BIG(400000));
    ec_buf_puts(&b, "bogus: 1\n");
    gen_text(&c, "catalog.yaml", &b);
    b.len = 0;
    done(&c);

    /* a million lines, then an error: its line number is right */
    char *want = ot_path("en.yaml:%d:10: error [syntax]", BIG(1000000) + 4);
    c = gen("million-lines", meta, 1, want, NULL);
    free(want);
    ec_buf_puts(&b, head);
    ec_buf_puts(&b, "  \"1/0\": One\n");
    repeat(&b, "\n", BIG(1000000));
    ec_buf_puts(&b, "  \"2/0\": [Two]\n");
    gen_text(&c, "en.yaml", &b);
    b.len = 0;
    done(&c);

    /* a long line of multibyte characters, then an error: columns count
     * code points */
    want = ot_path("en.yaml:3:%d: error [encoding]", BIG(1000000) + 10);
    c = gen("long-line-column", meta, 1, want, NULL);
    free(want);
    ec_buf_puts(&b, head);
    ec_buf_puts(&b, "  \"1/0\": ");
    repeat(&b, "\xe6\xbc\xa2", BIG(1000000));
    ec_buf_puts(&b, "\x01\n");
    gen_text(&c, "en.yaml", &b);
    b.len = 0;
    done(&c);

    ec_buf_free(&b);
}

static void test_many(void **state)
{
    (void)state;
    ec_buf b = {0};

    /* a million aliases: the reader stops after 100 problems */
    hcase c = gen("million-aliases", meta, 1, "en.yaml:3:10: error [schema]",
                  "en.yaml:4:*: error [schema]", NULL);
    ec_buf_puts(&b, head);
    ec_buf_puts(&b, "  \"1/0\": &a x\n  \"2/0\": [");
    repeat(&b, "*a, ", BIG(1000000));
    ec_buf_puts(&b, "*a]\n");
    gen_text(&c, "en.yaml", &b);
    b.len = 0;
    done(&c);

    /* the same key 200,000 times */
    c = gen("duplicate-keys", meta, 1, "en.yaml:4:3: error [duplicate]", NULL);
    ec_buf_puts(&b, head);
    repeat(&b, "  \"1/0\": One\n", BIG(200000));
    gen_text(&c, "en.yaml", &b);
    b.len = 0;
    done(&c);

    /* 100,000 documents */
    c = gen("many-documents", meta, 1, "en.yaml:4:1: error [schema]", NULL);
    ec_buf_puts(&b, head);
    ec_buf_puts(&b, "  \"1/0\": One\n");
    repeat(&b, "---\nx\n", BIG(100000));
    gen_text(&c, "en.yaml", &b);
    b.len = 0;
    done(&c);

    /* 50,000 keys that the other locale lacks, each way: 100,000 findings */
    c = gen("many-missing", meta, 1, "de.yaml:*: error [missing]", "en.yaml:*: error [missing]",
            NULL);
    for (int l = 0; l < 2; l++) {
        ec_buf_printf(&b, "locale: %s\nmessages:\n", l ? "de" : "en");
        for (int i = 0; i < BIG(50000); i++)
            ec_buf_printf(&b, "  \"%d/%d\": Text number %d.\n", i, l, i);
        gen_text(&c, l ? "de.yaml" : "en.yaml", &b);
        b.len = 0;
    }
    done(&c);

    /* 200,000 locales listed in catalog.yaml, none there but en */
    c = gen("many-locales", NULL, 1, "catalog.yaml:3:*: error [schema]", NULL);
    ec_buf_puts(&b, meta);
    ec_buf_puts(&b, "locales: [en");
    for (int i = 0; i < BIG(200000); i++)
        ec_buf_printf(&b, ", x-l%d", i);
    ec_buf_puts(&b, "]\n");
    gen_text(&c, "catalog.yaml", &b);
    b.len = 0;
    ec_buf_puts(&b, head);
    ec_buf_puts(&b, "  \"1/0\": One\n");
    gen_text(&c, "en.yaml", &b);
    b.len = 0;
    done(&c);

    ec_buf_free(&b);
}

/* A template that expands forever is refused, and nothing is written. */
static void test_template_bomb(void **state)
{
    (void)state;
    hcase c = gen("template-bomb", NULL, 1, NULL);
    char *t = ot_path("%s/templates", S.scratch);
    ot_mkdirs(t);
    static const char *const bombs[] = {
        "{{>md}}{{>md}}", /* doubles at every level */
        ("{{#rows}}{{#rows}}{{#rows}}{{#rows}}{{#rows}}{{#rows}}{{#rows}}{{#rows}}"
         "{{.}}{{/rows}}{{/rows}}{{/rows}}{{/rows}}{{/rows}}{{/rows}}{{/rows}}{{/rows}}"),
        "{{#rows}}{{>md}}{{/rows}}",
    };
    for (size_t i = 0; i < sizeof bombs / sizeof *bombs; i++) {
        char *p = ot_path("%s/md.mustache", t);
        ot_write(p, bombs[i], strlen(bombs[i]));
        free(p);
        char *err = NULL;
        free(c.dir);
        c.dir = ot_path("%s", ERRCAT_SOURCE_DIR);
        int st = run(&c, NULL, &err, "build", "i18n", "-o", S.out, "--templates", t, NULL);
        if (st != 1 || !strstr(err, "/md.mustache: line "))
            fail_msg("template bomb %zu: exit %d\n%s", i, st, err);
        free(err);
        assert_out_untouched(&c);
    }
    ot_rm_rf(t);
    free(t);
    case_free(&c);
}

/* ---- pages to import ---- */

typedef struct {
    const char *name, *from;
    int status;       /* -1: 0 or 1 */
    const char *says; /* in stderr, or NULL */
} import_case;

static void import_one(const import_case *ic, const ec_buf *page)
{
    hcase c = {.dir = ot_path("%s", S.scratch), .name = ot_path("%s", ic->name)};
    char *path = ot_path("%s/%s", S.scratch, ic->name);
    ot_write(path, page->data, page->len);
    char *out = NULL, *err = NULL;
    int st = run(&c, &out, &err, "import", "--from", ic->from, ic->name, "--locale", "en", NULL);
    if (ic->status >= 0 ? st != ic->status : st > 1)
        fail_msg("import %s: exit %d; stderr:\n%.2000s", ic->name, st, err);
    if (ic->says && !strstr(err, ic->says))
        fail_msg("import %s: expected \"%s\" in:\n%.2000s", ic->name, ic->says, err);
    for (const char *l = err; *l;) {
        size_t len;
        char *line = line_of(l, &len);
        l += len + (l[len] == '\n');
        if (strncmp(line, "errcat: ", 8) != 0 && strncmp(line, ic->name, strlen(ic->name)) != 0)
            fail_msg("import %s: a line that names no file: %.300s", ic->name, line);
        free(line);
    }
    unlink(path);
    free(path);
    free(out);
    free(err);
    case_free(&c);
    S.cases++;
}

static void test_import_pages(void **state)
{
    (void)state;
    ec_buf b = {0};
    uint32_t seed = 42;

    /* a row of 30,000 cells: libcmark-gfm would take seconds */
    ec_buf_puts(&b, "| a | b |\n|---|---|\n|");
    repeat(&b, "1|", 30000);
    import_case wide = {"wide.md", "md", 1, "wide.md:3: error: more than 100 '|'"};
    import_one(&wide, &b);
    b.len = 0;

    /* a page past the 8 MiB errcat imports */
    ec_buf_puts(&b, "| errcode | errmsg |\n|---|---|\n");
    repeat(&b, "| 1 | x |\n", 1000000);
    import_case big = {"big.md", "md", 1, "big.md: error: the file is larger than 8 MiB"};
    import_one(&big, &b);
    b.len = 0;

    /* 7 MB of three-cell rows: 400,000 keys */
    ec_buf_puts(&b, "| errcode | sub | errmsg |\n|---|---|---|\n");
    for (int i = 0; i < BIG(400000); i++)
        ec_buf_printf(&b, "| %d | 0 | t |\n", i);
    char *imported = ot_path("imported %d keys", BIG(400000));
    import_case rows = {"rows.md", "md", 0, imported};
    import_one(&rows, &b);
    free(imported);
    b.len = 0;

    /* nesting: Markdown block quotes and lists, HTML elements */
    repeat(&b, ">", 300000);
    import_case quotes = {"quotes.md", "md", 1, NULL};
    import_one(&quotes, &b);
    b.len = 0;
    repeat(&b, "- ", 300000);
    import_case lists = {"lists.md", "md", 1, NULL};
    import_one(&lists, &b);
    b.len = 0;
    repeat(&b, "<div><table><tr><td>", 100000);
    import_case divs = {"divs.html", "html", -1, NULL};
    import_one(&divs, &b);
    b.len = 0;

    /* spans: every row spans 65,534 rows and 1,000 columns */
    ec_buf_puts(&b, "<table>");
    for (int i = 0; i < 20000; i++)
        ec_buf_printf(&b, "<tr><td rowspan=65534 colspan=1000>%d</td><td>x</td></tr>", i);
    ec_buf_puts(&b, "</table>");
    import_case spans = {"spans.html", "html", -1, NULL};
    import_one(&spans, &b);
    b.len = 0;

    /* a PO file with a 5 MB msgstr and one with a million continuation lines */
    ec_buf_puts(&b, "msgctxt \"1/0\"\nmsgid \"a\"\nmsgstr \"");
    repeat(&b, "x", BIG(5000000));
    ec_buf_puts(&b, "\"\n");
    import_case longstr = {"long.po", "po", 0, NULL};
    import_one(&longstr, &b);
    b.len = 0;
    ec_buf_puts(&b, "msgctxt \"1/0\"\nmsgid \"a\"\nmsgstr \"\"\n");
    repeat(&b, "\"x\"\n", BIG(1000000));
    import_case lines = {"lines.po", "po", 0, NULL};
    import_one(&lines, &b);
    b.len = 0;

    /* garbage of every kind, in every format */
    static const char *const froms[] = {"md", "html", "po"};
    for (int f = 0; f < 3; f++) {
        for (int i = 0; i < 200000; i++)
            ec_buf_putc(&b, (char)(rnd(&seed) & 0xff));
        char *name = ot_path("garbage.%s", froms[f]);
        import_case g = {name, froms[f], 1, "error: invalid UTF-8"};
        import_one(&g, &b);
        free(name);
        b.len = 0;
        static const char markup[] = "|<>&;#\"'\\`*_[]()!-=:\n\t ax1";
        for (int i = 0; i < 200000; i++)
            ec_buf_putc(&b, markup[rnd(&seed) % (sizeof markup - 1)]);
        name = ot_path("text-garbage.%s", froms[f]);
        import_case t = {name, froms[f], -1, NULL};
        import_one(&t, &b);
        free(name);
        b.len = 0;
    }
    ec_buf_free(&b);
}

static int setup(void **state)
{
    (void)state;
    S.scratch = ot_mkdtemp();
    S.out = ot_path("%s/out", S.scratch);
    ot_build(0, ERRCAT_SOURCE_DIR "/i18n", S.out, NULL);
    snapshot_out();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    print_message("%zu hostile catalogs; the slowest run took %.2f s, the largest %ld MiB "
                  "(%s)\n",
                  S.cases, S.max_seconds, S.max_rss_kb / 1024, S.max_case ? S.max_case : "");
    for (size_t i = 0; i < S.files.n; i++)
        free(S.data[i]);
    free(S.data);
    free(S.len);
    free(S.st);
    ot_list_free(&S.files);
    ot_rm_rf(S.scratch);
    free(S.scratch);
    free(S.out);
    free(S.max_case);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_committed),     cmocka_unit_test(test_special_files),
        cmocka_unit_test(test_garbage),       cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_huge),          cmocka_unit_test(test_many),
        cmocka_unit_test(test_template_bomb), cmocka_unit_test(test_import_pages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
