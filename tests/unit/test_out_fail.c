/* A build that fails part way leaves each output either exactly as it was or
 * exactly new, never partial, and no temporary file or new empty directory
 * behind (README "Outputs: `errcat build`" and "Bad input and failures");
 * so does an import into a locale file, which also fsyncs it before the
 * rename (a build does not fsync its outputs).
 *
 * The proof injects the failure: tests/inject/fail.c, preloaded into
 * errcat, fails the n-th file-system call on the output tree (open, mkstemp,
 * mkdir, fchmod, write, close, rename; a build makes no fsync, an import
 * does). The build runs once without a
 * failure to count those calls, then once for every n, each time over the
 * same old output tree: a build of catalog A (md and C header) updated to
 * catalog B (every kind, a new locale: changed files, new files, new
 * directories). */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "outtest.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char catalog_a[] = "name: fail-test\nsource: en\nlocales: [en, de]\n";
static const char catalog_b[] = "name: fail-test\nsource: en\nlocales: [en, de, fr]\n";
static const char en_a[] = "locale: en\nmessages:\n  \"1/0\": One.\n  \"2/0\": Two.\n";
static const char en_b[] = "locale: en\nmessages:\n  \"1/0\": One!\n  \"2/0\": Two.\n"
                           "  \"3/0\": Three {{x}} </td> */ ?\?/ %s.\n";
static const char de_a[] = "locale: de\nmessages:\n  \"1/0\": Eins.\n  \"2/0\": Zwei.\n";
static const char de_b[] = "locale: de\nmessages:\n  \"1/0\": Eins!\n  \"2/0\": Zwei.\n"
                           "  \"3/0\": Drei {{x}} </td> */ ?\?/ %s.\n";
static const char fr_b[] = "locale: fr\nmessages:\n  \"1/0\": Un !\n  \"2/0\": Deux.\n"
                           "  \"3/0\": Trois {{x}} </td> */ ?\?/ %s.\n";

static void write_str(const char *dir, const char *name, const char *text)
{
    char *p = ot_path("%s/%s", dir, name);
    ot_write(p, text, strlen(text));
    free(p);
}

/* Catalog A (en, de) or, with `b`, catalog B (en, de, fr) in `dir`. */
static void write_catalog(const char *dir, bool b)
{
    ot_mkdirs(dir);
    write_str(dir, "catalog.yaml", b ? catalog_b : catalog_a);
    write_str(dir, "en.yaml", b ? en_b : en_a);
    write_str(dir, "de.yaml", b ? de_b : de_a);
    if (b)
        write_str(dir, "fr.yaml", fr_b);
}

/* The files of a tree with their bytes. */
typedef struct {
    ot_list files;
    char **data;
    size_t *len;
} tree;

static tree read_tree(const char *dir)
{
    tree t = {.files = ot_tree(dir)};
    t.data = calloc(t.files.n + 1, sizeof *t.data);
    t.len = calloc(t.files.n + 1, sizeof *t.len);
    for (size_t i = 0; i < t.files.n; i++) {
        char *p = ot_path("%s/%s", dir, t.files.v[i]);
        t.data[i] = ot_slurp(p, &t.len[i]);
        free(p);
    }
    return t;
}

static void tree_free(tree *t)
{
    for (size_t i = 0; i < t->files.n; i++)
        free(t->data[i]);
    free(t->data);
    free(t->len);
    ot_list_free(&t->files);
}

static const char *find(const tree *t, const char *rel, size_t *len)
{
    for (size_t i = 0; i < t->files.n; i++)
        if (!strcmp(t->files.v[i], rel)) {
            *len = t->len[i];
            return t->data[i];
        }
    return NULL;
}

/* Restores `dir` to the files of `t`. */
static void restore(const char *dir, const tree *t)
{
    ot_rm_rf(dir);
    ot_mkdirs(dir);
    for (size_t i = 0; i < t->files.n; i++) {
        char *p = ot_path("%s/%s", dir, t->files.v[i]);
        char *slash = strrchr(p, '/');
        *slash = '\0';
        ot_mkdirs(p);
        *slash = '/';
        ot_write(p, t->data[i], t->len[i]);
        free(p);
    }
}

static bool same(const char *a, size_t an, const char *b, size_t bn)
{
    return a && b && an == bn && !memcmp(a, b, an);
}

/* Every file old or new; nothing else; directories old or non-empty. */
static void check_state(const char *what, const char *out, const tree *old, const tree *new_,
                        bool succeeded)
{
    tree cur = read_tree(out);
    for (size_t i = 0; i < cur.files.n; i++) {
        const char *rel = cur.files.v[i];
        size_t on = 0, nn = 0;
        const char *o = find(old, rel, &on), *n = find(new_, rel, &nn);
        if (!o && !n)
            fail_msg("%s: %s is left behind (neither an old nor a new output)", what, rel);
        bool is_new = same(cur.data[i], cur.len[i], n, nn);
        if (succeeded && !is_new)
            fail_msg("%s: the build succeeded but %s is not the new output", what, rel);
        if (!is_new && !same(cur.data[i], cur.len[i], o, on))
            fail_msg("%s: %s is neither the old nor the new output (%zu bytes)", what, rel,
                     cur.len[i]);
    }
    /* Old files that vanished */
    for (size_t i = 0; i < old->files.n; i++) {
        size_t n;
        if (!find(&cur, old->files.v[i], &n))
            fail_msg("%s: %s was removed", what, old->files.v[i]);
    }
    if (succeeded)
        for (size_t i = 0; i < new_->files.n; i++) {
            size_t n;
            if (!find(&cur, new_->files.v[i], &n))
                fail_msg("%s: the build succeeded but %s is missing", what, new_->files.v[i]);
        }
    tree_free(&cur);
    /* Directories the failed build created are gone unless a new file is in them. */
    static const char *const dirs[] = {"md", "html", "docs", "include", "po"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        char *d = ot_path("%s/%s", out, dirs[i]);
        struct stat st;
        if (stat(d, &st) == 0) {
            ot_list l = ot_tree(d);
            if (l.n == 0)
                fail_msg("%s: the empty directory %s is left behind", what, dirs[i]);
            ot_list_free(&l);
        }
        free(d);
    }
}

/* "NAME=VALUE" of a sanitizer's options without log_path, or "NAME" (unset)
 * when it has none. A sanitizer runtime that writes its log to a file no
 * longer lets calls through to a preloaded library; without log_path a
 * report goes to stderr and makes errcat exit 86, which fails the test. */
static char *without_log_path(const char *name)
{
    const char *v = getenv(name);
    if (!v)
        return ot_path("%s", name);
    ec_buf b = {0};
    ec_buf_printf(&b, "%s=", name);
    for (const char *p = v; *p;) {
        size_t n = strcspn(p, ":");
        if (strncmp(p, "log_path=", 9) != 0)
            ec_buf_printf(&b, "%s%.*s", b.data[b.len - 1] == '=' ? "" : ":", (int)n, p);
        p += n + (p[n] == ':');
    }
    return ec_buf_take(&b);
}

static unsigned long read_count(const char *path)
{
    char *s = ot_slurp(path, NULL);
    unsigned long n = strtoul(s, NULL, 10);
    free(s);
    return n;
}

static void test_fail_each_call(void **state)
{
    (void)state;
    char *s = ot_mkdtemp();
    char *cat_a = ot_path("%s/a", s), *cat_b = ot_path("%s/b", s), *ref = ot_path("%s/ref", s);
    char *root = ot_path("%s/run", s), *out = ot_path("%s/run/out", s);
    char *tmp = ot_path("%s/run/tmp", s), *count = ot_path("%s/count", s);
    write_catalog(cat_a, false);
    write_catalog(cat_b, true);
    ot_build(0, cat_b, ref, NULL);
    tree new_ = read_tree(ref);
    ot_build(0, cat_a, out, "--only", "md,c", NULL);
    tree old = read_tree(out);
    assert_int_equal(old.files.n, 4); /* and the manifest, .errcat-outputs */
    assert_int_equal(new_.files.n, 14);

    char *env_prefix = ot_path("ERRCAT_FAIL_PREFIX=%s", root);
    char *env_tmp = ot_path("TMPDIR=%s", tmp);
    char *env_count = ot_path("ERRCAT_FAIL_COUNT=%s", count);
    const char *preload = "LD_PRELOAD=" ERRCAT_INJECT_LIB;
    char *asan = without_log_path("ASAN_OPTIONS"), *ubsan = without_log_path("UBSAN_OPTIONS");
    ot_mkdirs(tmp);
    const char *env0[] = {preload, env_prefix, env_tmp, env_count, "ERRCAT_FAIL_AT=0",
                          asan,    ubsan,      NULL};
    char *err = NULL;
    int st = ot_errcat(env0, NULL, &err, "build", cat_b, "-o", out, NULL);
    if (st != 0)
        fail_msg("the build without a failure exited %d:\n%s", st, err);
    free(err);
    check_state("no failure", out, &old, &new_, true);
    unsigned long calls = read_count(count);
    if (calls < 50)
        fail_msg("only %lu calls counted: is the library preloaded?", calls);

    /* What failed, for the calls that made the build fail. */
    static const char *const kinds[] = {"mkdir", "mkstemp", "fchmod", "write", "rename"};
    bool seen[sizeof kinds / sizeof *kinds] = {0};
    unsigned long failed = 0;
    for (unsigned long n = 1; n <= calls; n++) {
        restore(out, &old);
        ot_rm_rf(tmp);
        ot_mkdirs(tmp);
        char *env_at = ot_path("ERRCAT_FAIL_AT=%lu", n);
        const char *env[] = {preload, env_prefix,          env_tmp, env_at, asan,
                             ubsan,   "ERRCAT_FAIL_LOG=1", NULL};
        err = NULL;
        st = ot_errcat(env, NULL, &err, "build", cat_b, "-o", out, NULL);
        char *what = ot_path("call %lu (%s)", n, err);
        if (st != 0 && st != 2)
            fail_msg("%s: exit status %d, not 0 or 2", what, st);
        if (st == 2) {
            failed++;
            if (!strstr(err, "\nerrcat: cannot ") && !strstr(err, "\nerrcat: template "))
                fail_msg("%s: exit 2 without saying what could not be written", what);
            const char *k = strstr(err, " fails: ");
            for (size_t i = 0; k && i < sizeof kinds / sizeof *kinds; i++)
                if (!strncmp(k + 8, kinds[i], strlen(kinds[i])) && k[8 + strlen(kinds[i])] == ' ') {
                    seen[i] = true;
                    break;
                }
        }
        check_state(what, out, &old, &new_, st == 0);
        ot_list left = ot_tree(tmp);
        if (left.n)
            fail_msg("%s: %s left in TMPDIR", what, left.v[0]);
        ot_list_free(&left);
        free(what);
        free(env_at);
        free(err);
    }
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (!seen[i])
            fail_msg("no failing %s call made the build fail (of %lu calls, %lu failed it)",
                     kinds[i], calls, failed);
    print_message("%lu calls failed one at a time: %lu failed the build, each left every "
                  "output old or new\n",
                  calls, failed);

    tree_free(&old);
    tree_free(&new_);
    free(env_prefix);
    free(env_tmp);
    free(env_count);
    free(asan);
    free(ubsan);
    ot_rm_rf(s);
    free(s);
    free(cat_a);
    free(cat_b);
    free(ref);
    free(root);
    free(out);
    free(tmp);
    free(count);
}

/* `import -o` over an existing locale file, every call of it failed in
 * turn: the file is always its old or its new bytes, nothing else is left
 * in its directory, and a failing fsync is one of the failures (the file
 * holds the user's data: it is on disk before it is renamed into place). */
static void test_import_fail_each_call(void **state)
{
    (void)state;
    char *s = ot_mkdtemp();
    char *cat_b = ot_path("%s/b", s), *ref = ot_path("%s/ref", s), *root = ot_path("%s/run", s);
    char *cat = ot_path("%s/run/cat", s), *page = ot_path("%s/ref/md/de.md", s);
    char *target = ot_path("%s/run/cat/de.yaml", s), *count = ot_path("%s/count", s);
    write_catalog(cat_b, true);
    ot_build(0, cat_b, ref, NULL);
    write_catalog(cat, false);
    tree old = read_tree(cat);

    char *env_prefix = ot_path("ERRCAT_FAIL_PREFIX=%s", root);
    char *env_count = ot_path("ERRCAT_FAIL_COUNT=%s", count);
    const char *preload = "LD_PRELOAD=" ERRCAT_INJECT_LIB;
    char *asan = without_log_path("ASAN_OPTIONS"), *ubsan = without_log_path("UBSAN_OPTIONS");
    const char *env0[] = {preload, env_prefix, env_count, "ERRCAT_FAIL_AT=0", asan, ubsan, NULL};
    char *err = NULL;
    int st = ot_errcat(env0, NULL, &err, "import", "--from", "md", page, "--locale", "de", "-o",
                       target, NULL);
    if (st != 0)
        fail_msg("the import without a failure exited %d:\n%s", st, err);
    free(err);
    tree new_ = read_tree(cat);
    size_t on = 0, nn = 0;
    const char *o = find(&old, "de.yaml", &on), *n = find(&new_, "de.yaml", &nn);
    assert_false(same(o, on, n, nn)); /* the import changes the file */
    unsigned long calls = read_count(count);
    if (calls < 5)
        fail_msg("only %lu calls counted: is the library preloaded?", calls);

    bool fsync_failed = false;
    unsigned long failed = 0;
    for (unsigned long k = 1; k <= calls; k++) {
        restore(cat, &old);
        char *env_at = ot_path("ERRCAT_FAIL_AT=%lu", k);
        const char *env[] = {preload, env_prefix, env_at, asan, ubsan, "ERRCAT_FAIL_LOG=1", NULL};
        err = NULL;
        st = ot_errcat(env, NULL, &err, "import", "--from", "md", page, "--locale", "de", "-o",
                       target, NULL);
        char *what = ot_path("call %lu (%s)", k, err);
        if (st != 0 && st != 2)
            fail_msg("%s: exit status %d, not 0 or 2", what, st);
        if (st == 2) {
            failed++;
            if (!strstr(err, "cannot "))
                fail_msg("%s: exit 2 without saying what could not be written", what);
            fsync_failed |= strstr(err, " fails: fsync ") != NULL;
        }
        check_state(what, cat, &old, &new_, st == 0);
        free(what);
        free(env_at);
        free(err);
    }
    if (!fsync_failed)
        fail_msg("no failing fsync made the import fail (of %lu calls, %lu failed it)", calls,
                 failed);

    tree_free(&old);
    tree_free(&new_);
    free(env_prefix);
    free(env_count);
    free(asan);
    free(ubsan);
    ot_rm_rf(s);
    free(s);
    free(cat_b);
    free(ref);
    free(root);
    free(cat);
    free(page);
    free(target);
    free(count);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fail_each_call),
        cmocka_unit_test(test_import_fail_each_call),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
