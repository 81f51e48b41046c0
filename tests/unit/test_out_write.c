/* How `errcat build` writes (README "Outputs: `errcat build`"): deterministic
 * outputs, written atomically and only when their bytes change; --check,
 * --only, --force, --templates; refusing to write on catalog errors,
 * malformed templates and output directories that cannot be created, leaving
 * every old file and no temporary file behind. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "outtest.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- snapshots of an output tree ---- */

typedef struct {
    ot_list files;
    struct stat *st;
    char **data;
    size_t *len;
} snapshot;

static snapshot snap(const char *dir)
{
    snapshot s = {.files = ot_tree(dir)};
    s.st = calloc(s.files.n + 1, sizeof *s.st);
    s.data = calloc(s.files.n + 1, sizeof *s.data);
    s.len = calloc(s.files.n + 1, sizeof *s.len);
    for (size_t i = 0; i < s.files.n; i++) {
        char *p = ot_path("%s/%s", dir, s.files.v[i]);
        if (lstat(p, &s.st[i]) != 0)
            fail_msg("lstat %s failed", p);
        s.data[i] = ot_slurp(p, &s.len[i]);
        free(p);
    }
    return s;
}

static void snap_free(snapshot *s)
{
    for (size_t i = 0; i < s->files.n; i++)
        free(s->data[i]);
    free(s->data);
    free(s->len);
    free(s->st);
    ot_list_free(&s->files);
}

static bool skipped(const char *rel, const char *skip_prefix)
{
    return skip_prefix && !strncmp(rel, skip_prefix, strlen(skip_prefix));
}

/* Same file list and bytes (files under `skip_prefix` ignored); with
 * `same_inode`, every file is the very same file with the same mtime: not
 * rewritten, not replaced. */
static void assert_same(const char *what, const snapshot *a, const snapshot *b,
                        const char *skip_prefix, bool same_inode)
{
    size_t i = 0, j = 0;
    while (i < a->files.n || j < b->files.n) {
        if (i < a->files.n && skipped(a->files.v[i], skip_prefix)) {
            i++;
            continue;
        }
        if (j < b->files.n && skipped(b->files.v[j], skip_prefix)) {
            j++;
            continue;
        }
        if (i == a->files.n || (j < b->files.n && strcmp(a->files.v[i], b->files.v[j]) > 0))
            fail_msg("%s: %s appeared", what, b->files.v[j]);
        if (j == b->files.n || strcmp(a->files.v[i], b->files.v[j]) < 0)
            fail_msg("%s: %s disappeared", what, a->files.v[i]);
        char *w = ot_path("%s: %s", what, a->files.v[i]);
        ot_assert_bytes(w, a->data[i], a->len[i], b->data[j], b->len[j]);
        if (same_inode) {
            const struct stat *x = &a->st[i], *y = &b->st[j];
            if (x->st_ino != y->st_ino)
                fail_msg("%s: was replaced (inode %lu -> %lu)", w, (unsigned long)x->st_ino,
                         (unsigned long)y->st_ino);
            if (x->st_mtim.tv_sec != y->st_mtim.tv_sec || x->st_mtim.tv_nsec != y->st_mtim.tv_nsec)
                fail_msg("%s: mtime changed (%lld.%09ld -> %lld.%09ld)", w,
                         (long long)x->st_mtim.tv_sec, x->st_mtim.tv_nsec,
                         (long long)y->st_mtim.tv_sec, y->st_mtim.tv_nsec);
        }
        free(w);
        i++;
        j++;
    }
}

/* Sets every file's mtime to 2001-09-09 so a rewrite cannot go unnoticed
 * within one clock tick. */
static void age(const char *dir)
{
    ot_list l = ot_tree(dir);
    struct timespec t[2] = {{1000000000, 0}, {1000000000, 0}};
    for (size_t i = 0; i < l.n; i++) {
        char *p = ot_path("%s/%s", dir, l.v[i]);
        if (utimensat(AT_FDCWD, p, t, 0) != 0)
            fail_msg("utimensat %s failed", p);
        free(p);
    }
    ot_list_free(&l);
}

/* No "*.errcat-*" temporary file below dir. */
/* A temporary file of errcat's ("md/en.md.errcat-XXXXXX"), not its
 * manifest (".errcat-outputs"). */
static bool is_temporary(const char *rel)
{
    const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
    return strstr(base, ".errcat-") && strcmp(base, ".errcat-outputs") != 0;
}

static void assert_no_temp(const char *dir)
{
    ot_list l = ot_tree(dir);
    for (size_t i = 0; i < l.n; i++)
        if (is_temporary(l.v[i]))
            fail_msg("a temporary file was left behind: %s/%s", dir, l.v[i]);
    ot_list_free(&l);
}

static void assert_empty_or_absent(const char *what, const char *dir)
{
    ot_list l = ot_tree(dir);
    if (l.n)
        fail_msg("%s: %s/%s was written (nothing should be)", what, dir, l.v[0]);
    ot_list_free(&l);
}

typedef struct {
    char *root, *out;
} scratch;

static scratch fresh(void)
{
    scratch s;
    s.root = ot_mkdtemp();
    s.out = ot_path("%s/out", s.root);
    return s;
}

static void done(scratch *s)
{
    ot_rm_rf(s->root);
    free(s->root);
    free(s->out);
}

/* errcat build with an environment; returns the status, stderr in *err. */
static int build_env(const char *const *env, char **err, const char *catalog, const char *out,
                     const char *a1, const char *a2, const char *a3)
{
    return ot_errcat(env, NULL, err, "build", catalog, "-o", out, a1, a2, a3, (const char *)NULL);
}

/* ---- the tests ---- */

static void test_rebuild_writes_nothing(void **state)
{
    (void)state;
    scratch s = fresh();
    ot_build(0, OT_I18N, s.out, NULL);
    age(s.out);
    snapshot a = snap(s.out);
    if (a.files.n < 4 * 3 + 1 + 4)
        fail_msg("a build of i18n/ wrote only %zu files", a.files.n);
    ot_build(0, OT_I18N, s.out, NULL);
    snapshot b = snap(s.out);
    assert_same("a second build", &a, &b, NULL, true);
    snap_free(&a);
    snap_free(&b);
    done(&s);
}

static void test_deterministic(void **state)
{
    (void)state;
    scratch s = fresh();
    char *o1 = ot_path("%s/one", s.root), *o2 = ot_path("%s/two-other-name", s.root);
    /* and whatever the number of threads: one, or more than the jobs */
    const char *env1[] = {"SOURCE_DATE_EPOCH", "LC_ALL=C", "TZ=UTC", "ERRCAT_THREADS=1", NULL};
    const char *env2[] = {"SOURCE_DATE_EPOCH", "LC_ALL=C.UTF-8", "TZ=Asia/Tokyo",
                          "ERRCAT_THREADS=16", NULL};
    for (int k = 0; k < 2; k++) {
        const char *cat = k ? OT_HOSTILE : OT_I18N;
        char *err = NULL;
        if (build_env(env1, &err, cat, o1, NULL, NULL, NULL) != 0)
            fail_msg("build %s: %s", cat, err);
        free(err);
        sleep(1); /* a clock-dependent output would now differ */
        if (build_env(env2, &err, cat, o2, NULL, NULL, NULL) != 0)
            fail_msg("build %s: %s", cat, err);
        free(err);
        snapshot a = snap(o1), b = snap(o2);
        assert_same(k ? "two builds of the hostile catalog" : "two builds of i18n/", &a, &b, NULL,
                    false);
        snap_free(&a);
        snap_free(&b);
        ot_rm_rf(o1);
        ot_rm_rf(o2);
    }
    free(o1);
    free(o2);
    done(&s);
}

static void test_source_date_epoch(void **state)
{
    (void)state;
    scratch s = fresh();
    char *o1 = ot_path("%s/one", s.root), *o2 = ot_path("%s/two", s.root);
    const char *env1[] = {"SOURCE_DATE_EPOCH=0", NULL};
    const char *env2[] = {"SOURCE_DATE_EPOCH=2000000000", NULL};
    char *err = NULL;
    if (build_env(env1, &err, OT_I18N, o1, NULL, NULL, NULL) != 0)
        fail_msg("%s", err);
    free(err);
    if (build_env(env2, &err, OT_I18N, o2, NULL, NULL, NULL) != 0)
        fail_msg("%s", err);
    free(err);
    snapshot a = snap(o1), b = snap(o2);
    /* po/ may carry the date (POT-Creation-Date); nothing else may */
    assert_same("builds with SOURCE_DATE_EPOCH 0 and 2000000000", &a, &b, "po/", false);
    snap_free(&a);
    snap_free(&b);
    free(o1);
    free(o2);
    done(&s);
}

/* Names `want` (a path relative to out) in stderr and no other output. */
static void assert_names(const char *err, const char *out, const snapshot *all,
                         const char *const *want)
{
    for (size_t i = 0; i < all->files.n; i++) {
        bool wanted = false;
        for (size_t k = 0; want[k]; k++)
            wanted |= !strcmp(all->files.v[i], want[k]);
        char *full = ot_path("%s/%s", out, all->files.v[i]);
        bool named = strstr(err, full) != NULL;
        if (wanted && !named)
            fail_msg("build --check does not name %s as out of date; stderr:\n%s", full, err);
        if (!wanted && named)
            fail_msg("build --check names %s, which is up to date; stderr:\n%s", full, err);
        free(full);
    }
}

static void test_check(void **state)
{
    (void)state;
    scratch s = fresh();
    ot_build(0, OT_I18N, s.out, NULL);
    age(s.out);
    snapshot a = snap(s.out);
    ot_build(0, OT_I18N, s.out, "--check", NULL);
    snapshot b = snap(s.out);
    assert_same("build --check of an up-to-date directory", &a, &b, NULL, true);
    snap_free(&b);

    /* one edited file */
    char *en = ot_path("%s/md/en.md", s.out);
    ot_write(en, "edited\n", 7);
    age(s.out);
    snapshot edited = snap(s.out);
    char *err = NULL;
    int st = build_env(NULL, &err, OT_I18N, s.out, "--check", NULL, NULL);
    if (st != 1)
        fail_msg("build --check after editing md/en.md exited %d, want 1; stderr:\n%s", st, err);
    const char *want1[] = {"md/en.md", NULL};
    assert_names(err, s.out, &a, want1);
    free(err);
    b = snap(s.out);
    assert_same("build --check (it must write nothing)", &edited, &b, NULL, true);
    snap_free(&b);

    /* and one deleted file */
    char *ko = ot_path("%s/html/ko.html", s.out);
    unlink(ko);
    st = build_env(NULL, &err, OT_I18N, s.out, "--check", NULL, NULL);
    if (st != 1)
        fail_msg("build --check after deleting html/ko.html exited %d, want 1", st);
    const char *want2[] = {"md/en.md", "html/ko.html", NULL};
    assert_names(err, s.out, &a, want2);
    free(err);
    if (ot_exists(ko))
        fail_msg("build --check recreated %s", ko);
    assert_no_temp(s.out);

    /* a directory that does not exist yet: all out of date, none created */
    char *none = ot_path("%s/none", s.root);
    st = build_env(NULL, &err, OT_I18N, none, "--check", NULL, NULL);
    if (st != 1)
        fail_msg("build --check into an empty directory exited %d, want 1", st);
    free(err);
    if (ot_exists(none))
        fail_msg("build --check created %s", none);
    free(none);
    free(en);
    free(ko);
    snap_free(&a);
    snap_free(&edited);
    done(&s);
}

static void test_only(void **state)
{
    (void)state;
    scratch s = fresh();
    ot_build(0, OT_I18N, s.out, "--only", "md,c", NULL);
    ot_list l = ot_tree(s.out);
    static const char *const want[] = {".errcat-outputs", "include/css-stream-interruption.h",
                                       "md/en.md",        "md/ja.md",
                                       "md/ko.md",        "md/zh.md"};
    if (l.n != 6)
        fail_msg("--only md,c wrote %zu files, want the 4 md pages, the header and the manifest",
                 l.n);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(l.v[i], want[i]);
    ot_list_free(&l);
    char *err = NULL;
    int st = build_env(NULL, &err, OT_I18N, s.out, "--only", "md,pdf", NULL);
    if (st != 2)
        fail_msg("--only md,pdf exited %d, want 2 (usage error)", st);
    free(err);
    done(&s);
}

/* A catalog whose de lacks a key: an error, so nothing is written unless
 * --force. */
static char *gappy_catalog(const char *root)
{
    char *cat = ot_path("%s/cat", root);
    ot_mkdirs(cat);
    static const struct {
        const char *file, *text;
    } files[] = {
        {"catalog.yaml", "name: small\nsource: en\n"},
        {"en.yaml", "locale: en\nmessages:\n  \"1/0\": One.\n  \"2/0\": Two.\n"},
        {"de.yaml", "locale: de\nmessages:\n  \"1/0\": Eins.\n"},
    };
    for (size_t i = 0; i < 3; i++) {
        char *p = ot_path("%s/%s", cat, files[i].file);
        ot_write(p, files[i].text, strlen(files[i].text));
        free(p);
    }
    return cat;
}

static void test_errors_write_nothing(void **state)
{
    (void)state;
    scratch s = fresh();
    char *cat = gappy_catalog(s.root);
    char *err = NULL;
    int st = build_env(NULL, &err, cat, s.out, NULL, NULL, NULL);
    if (st != 1)
        fail_msg("build of a catalog with a missing key exited %d, want 1; stderr:\n%s", st, err);
    free(err);
    assert_empty_or_absent("build of a catalog with errors", s.out);
    if (ot_exists(s.out))
        fail_msg("build of a catalog with errors created %s", s.out);
    st = build_env(NULL, &err, cat, s.out, "--force", NULL, NULL);
    if (st != 1)
        fail_msg("build --force of a catalog with errors exited %d, want 1 (errors found, "
                 "outputs written); stderr:\n%s",
                 st, err);
    free(err);
    static const char *const want[] = {"md/de.md", "md/en.md", "html/de.html", "include/small.h",
                                       "docs/en.md"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char *p = ot_path("%s/%s", s.out, want[i]);
        if (!ot_exists(p))
            fail_msg("build --force did not write %s", p);
        free(p);
    }
    free(cat);
    done(&s);
}

static void test_unwritable(void **state)
{
    (void)state;
    scratch s = fresh();
    ot_build(0, OT_I18N, s.out, NULL);
    /* Outputs that the next build must replace, and a regular file where
     * the html/ directory should be. */
    char *en = ot_path("%s/md/en.md", s.out), *docs = ot_path("%s/docs/ko.md", s.out);
    ot_write(en, "old md\n", 7);
    ot_write(docs, "old docs\n", 9);
    char *html = ot_path("%s/html", s.out);
    ot_rm_rf(html);
    ot_write(html, "in the way\n", 11);
    age(s.out);
    snapshot before = snap(s.out);
    char *tmp = ot_path("%s/tmpdir", s.root);
    ot_mkdirs(tmp);
    char *tmpenv = ot_path("TMPDIR=%s", tmp);
    const char *env[] = {tmpenv, NULL};
    char *err = NULL;
    int st = build_env(env, &err, OT_I18N, s.out, NULL, NULL, NULL);
    if (st != 2)
        fail_msg("build with a file where html/ should be exited %d, want 2; stderr:\n%s", st, err);
    if (!strstr(err, "html"))
        fail_msg("the error does not name html: %s", err);
    free(err);
    snapshot after = snap(s.out);
    assert_same("a failed build (old files must stay)", &before, &after, NULL, true);
    assert_no_temp(s.out);
    assert_empty_or_absent("a failed build's scratch files in TMPDIR", tmp);

    /* -o naming a regular file */
    char *file = ot_path("%s/plain-file", s.root);
    ot_write(file, "x", 1);
    st = build_env(env, &err, OT_I18N, file, NULL, NULL, NULL);
    if (st != 2)
        fail_msg("build -o <a regular file> exited %d, want 2; stderr:\n%s", st, err);
    free(err);
    size_t n;
    char *data = ot_slurp(file, &n);
    ot_assert_bytes("the regular file given as -o", "x", 1, data, n);
    assert_no_temp(s.root);
    assert_empty_or_absent("a failed build's scratch files in TMPDIR", tmp);
    free(data);
    free(file);
    snap_free(&before);
    snap_free(&after);
    free(tmpenv);
    free(tmp);
    free(html);
    free(en);
    free(docs);
    done(&s);
}

static void test_templates_dir(void **state)
{
    (void)state;
    scratch s = fresh();
    char *t = ot_path("%s/templates", s.root);
    ot_mkdirs(t);
    char *md = ot_path("%s/md.mustache", t);
    static const char tmpl[] = "CUSTOM {{locale}}\n{{#rows}}{{key}}={{{text}}}\n{{/rows}}";
    ot_write(md, tmpl, strlen(tmpl));
    ot_build(0, OT_HOSTILE, s.out, "--templates", t, NULL);
    ec_catalog *c = ot_load(OT_HOSTILE);
    char *ref = ot_path("%s/ref", s.root);
    ot_build(0, OT_HOSTILE, ref, NULL);
    for (size_t i = 0; i < c->nlocales; i++) {
        const ec_locale *l = &c->locales[i];
        ec_buf want = {0};
        ec_buf_printf(&want, "CUSTOM %s\n", l->tag);
        for (size_t k = 0; k < l->n; k++) {
            ec_buf_printf(&want, "%s=", EC_KEY(&l->entries[k]));
            ec_buf_put(&want, l->entries[k].text, l->entries[k].text_len);
            ec_buf_putc(&want, '\n');
        }
        char *p = ot_path("%s/md/%s.md", s.out, l->tag);
        size_t n;
        char *got = ot_slurp(p, &n);
        ot_assert_bytes(p, want.data, want.len, got, n);
        free(got);
        free(p);
        ec_buf_free(&want);
    }
    /* the templates the directory lacks stay the built-in ones */
    char *a = ot_path("%s/html", s.out), *b = ot_path("%s/html", ref);
    snapshot x = snap(a), y = snap(b);
    assert_same("html/ with a templates directory holding only md.mustache", &y, &x, NULL, false);
    snap_free(&x);
    snap_free(&y);
    free(a);
    free(b);

    /* a partial overridden: both md.mustache and the docs pages use it */
    char *t2 = ot_path("%s/templates2", s.root), *out2 = ot_path("%s/out2", s.root);
    ot_mkdirs(t2);
    char *part = ot_path("%s/table.md.mustache", t2);
    ot_write(part, "TABLE {{locale}}\n", 17);
    ot_build(0, OT_I18N, out2, "--templates", t2, "--only", "md,docs", NULL);
    size_t n;
    char *p = ot_path("%s/md/ja.md", out2);
    char *got = ot_slurp(p, &n);
    ot_assert_bytes("md/ja.md through a user's table.md partial", "TABLE ja\n", 9, got, n);
    free(got);
    free(p);
    p = ot_path("%s/docs/ja.md", out2);
    got = ot_slurp(p, &n);
    if (!strstr(got, "TABLE ja\n") || strstr(got, "| errcode"))
        fail_msg("docs/ja.md does not use the user's table.md partial:\n%.600s", got);
    free(got);
    free(p);
    free(part);
    free(t2);
    free(out2);
    ec_catalog_free(c);
    free(ref);
    free(md);
    free(t);
    done(&s);
}

static void test_bad_template(void **state)
{
    (void)state;
    /* md.mustache is rendered first, html.mustache after md/<locale>.md was
     * already staged */
    static const struct {
        const char *name, *text;
    } bad[] = {
        {"md", "{{#rows}}unclosed section\n"},
        {"md", "{{name\n"},
        {"md", "{{/rows}}\n"},
        {"md", "{{#rows}}{{/locale}}\n"},
        {"html", "{{#groups}}unclosed section\n"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        scratch s = fresh();
        char *t = ot_path("%s/templates", s.root);
        ot_mkdirs(t);
        char *file = ot_path("%s/%s.mustache", t, bad[i].name);
        char *name = ot_path("%s.mustache", bad[i].name);
        ot_write(file, bad[i].text, strlen(bad[i].text));
        char *err = NULL;
        int st = build_env(NULL, &err, OT_I18N, s.out, "--templates", t, NULL);
        if (st != 1)
            fail_msg("a malformed %s (%s) made build exit %d, want 1; stderr:\n%s", name,
                     bad[i].text, st, err);
        if (!strstr(err, name))
            fail_msg("the error for a malformed %s does not name it:\n%s", name, err);
        free(err);
        assert_empty_or_absent("build with a malformed template", s.out);

        /* over an existing output directory: every old file stays */
        ot_build(0, OT_I18N, s.out, NULL);
        char *en = ot_path("%s/md/en.md", s.out);
        ot_write(en, "old\n", 4);
        age(s.out);
        snapshot before = snap(s.out);
        st = build_env(NULL, &err, OT_I18N, s.out, "--templates", t, NULL);
        if (st != 1)
            fail_msg("a malformed %s made build exit %d, want 1", name, st);
        free(err);
        snapshot after = snap(s.out);
        assert_same("build with a malformed template", &before, &after, NULL, true);
        assert_no_temp(s.out);
        snap_free(&before);
        snap_free(&after);
        free(en);
        free(name);
        free(file);
        free(t);
        done(&s);
    }
}

/* A failed build does not even create directories: md/, html/ and docs/
 * of a locale are staged (their directories made) before a later template
 * fails. */
static void test_failed_build_creates_no_directory(void **state)
{
    (void)state;
    static const char *const names[] = {"md", "html"};
    for (size_t i = 0; i < 2; i++) {
        scratch s = fresh();
        char *t = ot_path("%s/templates", s.root);
        ot_mkdirs(t);
        char *file = ot_path("%s/%s.mustache", t, names[i]);
        ot_write(file, "{{#rows}}\n", 10);
        char *err = NULL;
        int st = build_env(NULL, &err, OT_I18N, s.out, "--templates", t, NULL);
        if (st != 1)
            fail_msg("a malformed %s.mustache made build exit %d, want 1", names[i], st);
        free(err);
        if (ot_exists(s.out))
            fail_msg("build with a malformed %s.mustache wrote no file but created the "
                     "directory %s (and subdirectories): a failed build must leave no trace",
                     names[i], s.out);
        free(file);
        free(t);
        done(&s);
    }
}

/* Writes `text` to root/rel. */
static void put(const char *root, const char *rel, const char *text)
{
    char *p = ot_path("%s/%s", root, rel);
    ot_write(p, text, strlen(text));
    free(p);
}

static void expect_file(const char *root, const char *rel, bool there)
{
    char *p = ot_path("%s/%s", root, rel);
    if (ot_exists(p) != there)
        fail_msg("%s %s", p, there ? "is missing" : "was not removed");
    free(p);
}

/* The manifest: a locale dropped from the catalog loses its outputs, with
 * --only and --locale builds keeping what they do not decide about; files
 * errcat did not write stay; the temporaries of an interrupted build go. */
static void test_manifest(void **state)
{
    (void)state;
    scratch s = fresh();
    char *cat = ot_path("%s/cat", s.root);
    ot_mkdirs(cat);
    put(cat, "catalog.yaml", "name: small\nsource: en\n");
    put(cat, "en.yaml", "locale: en\nmessages:\n  \"1/0\": One.\n");
    put(cat, "de.yaml", "locale: de\nmessages:\n  \"1/0\": Eins.\n");
    put(cat, "fr.yaml", "locale: fr\nmessages:\n  \"1/0\": Un.\n");
    ot_build(0, cat, s.out, NULL);
    char *manifest = ot_path("%s/.errcat-outputs", s.out);
    char *text = ot_slurp(manifest, NULL);
    assert_string_equal(text, "docs/de.md\ndocs/en.md\ndocs/fr.md\nhtml/de.html\nhtml/en.html\n"
                              "html/fr.html\ninclude/small.h\nmd/de.md\nmd/en.md\nmd/fr.md\n"
                              "po/de.po\npo/fr.po\npo/small.pot\n");
    free(text);

    /* fr dropped: --only md and --locale en do not decide about fr's pages */
    char *fr = ot_path("%s/fr.yaml", cat);
    unlink(fr);
    ot_build(0, cat, s.out, "--only", "md", "--locale", "en", NULL);
    ot_build(0, cat, s.out, "--only", "c", NULL);
    expect_file(s.out, "md/fr.md", true);
    expect_file(s.out, "po/fr.po", true);

    /* a user's file, a leftover temporary, and look-alikes that are not
     * errcat's temporaries */
    put(s.out, "md/notes.md", "mine\n");
    put(s.out, "md/en.md.errcat-a1B2c3", "partial");
    put(s.out, ".errcat-outputs.errcat-Zz9Zz9", "partial");
    put(s.out, "md/notes.md.errcat-a1B2c3", "mine too\n");
    put(s.out, "md/en.md.errcat-a1B2", "mine too\n");
    char *err = NULL;
    int st = build_env(NULL, &err, cat, s.out, "--check", NULL, NULL);
    if (st != 1 || !strstr(err, "/md/fr.md: no longer produced (errcat build removes it)\n") ||
        !strstr(err, "/md/en.md.errcat-a1B2c3: a temporary file of an interrupted errcat build") ||
        !strstr(err, ", 6 to remove\n") || strstr(err, "notes"))
        fail_msg("build --check with fr dropped exited %d:\n%s", st, err);
    free(err);
    expect_file(s.out, "md/fr.md", true);
    expect_file(s.out, "md/en.md.errcat-a1B2c3", true);

    st = build_env(NULL, &err, cat, s.out, NULL, NULL, NULL);
    if (st != 0 || !strstr(err, "/po/fr.po: removed (no longer produced)\n") ||
        !strstr(err, ", 6 removed\n"))
        fail_msg("build with fr dropped exited %d:\n%s", st, err);
    free(err);
    static const char *const gone[] = {
        "md/fr.md", "html/fr.html",           "docs/fr.md",
        "po/fr.po", "md/en.md.errcat-a1B2c3", ".errcat-outputs.errcat-Zz9Zz9"};
    for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
        expect_file(s.out, gone[i], false);
    static const char *const kept[] = {"md/notes.md", "md/notes.md.errcat-a1B2c3",
                                       "md/en.md.errcat-a1B2", "md/en.md", "po/de.po"};
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        expect_file(s.out, kept[i], true);
    text = ot_slurp(manifest, NULL);
    assert_string_equal(text, "docs/de.md\ndocs/en.md\nhtml/de.html\nhtml/en.html\n"
                              "include/small.h\nmd/de.md\nmd/en.md\npo/de.po\npo/small.pot\n");
    free(text);
    ot_build(0, cat, s.out, "--check", NULL);

    /* a manifest naming files outside the outputs is not obeyed */
    put(s.out, ".errcat-outputs", "../cat/en.yaml\nmd/../../cat/de.yaml\nmd/..\n/etc/x.md\n");
    ot_build(0, cat, s.out, NULL);
    expect_file(s.root, "cat/en.yaml", true);
    expect_file(s.root, "cat/de.yaml", true);
    expect_file(s.out, "md/notes.md", true);
    free(fr);
    free(manifest);
    free(cat);
    done(&s);
}

/* --templates naming no directory: a usage error, nothing written. */
static void test_templates_not_a_directory(void **state)
{
    (void)state;
    scratch s = fresh();
    char *file = ot_path("%s/file", s.root), *none = ot_path("%s/none", s.root);
    ot_write(file, "x", 1);
    const char *const dirs[] = {"", file, none};
    for (size_t i = 0; i < 3; i++) {
        char *err = NULL;
        int st = build_env(NULL, &err, OT_I18N, s.out, "--templates", dirs[i], NULL);
        char *want = ot_path("errcat: --templates '%s': ", dirs[i]);
        if (st != 2 || strncmp(err, want, strlen(want)) != 0)
            fail_msg("--templates '%s' exited %d, want 2 naming it:\n%s", dirs[i], st, err);
        free(want);
        free(err);
        assert_empty_or_absent("build with a bad --templates", s.out);
    }
    free(file);
    free(none);
    done(&s);
}

/* A build's own temporary files are not reported as left by an interrupted
 * build: a first build and a build that changes files say nothing but the
 * summary. */
static void test_no_own_temporaries(void **state)
{
    (void)state;
    scratch s = fresh();
    for (int round = 0; round < 2; round++) {
        char *err = NULL;
        int st = build_env(NULL, &err, OT_I18N, s.out, NULL, NULL, NULL);
        if (st != 0 || strstr(err, "removed") || strstr(err, ".errcat-"))
            fail_msg("build %d: exit %d, stderr:\n%s", round, st, err);
        free(err);
        char *md = ot_path("%s/md/en.md", s.out);
        ot_write(md, "old\n", 4); /* the second build rewrites it */
        free(md);
    }
    done(&s);
}

/* Peak memory stays in proportion to the input, not to the outputs: each
 * output is streamed to its temporary file as it renders (README
 * "Performance"). A catalog of 2 x 40,000 keys (about 5 MB of YAML and
 * 45 MB of outputs) builds within 6 times its bytes plus 40 MiB (the
 * program and its libraries); holding every output until the commit, as
 * errcat once did, takes several times more. Not under a sanitizer, whose
 * shadow memory counts too. */
static void test_peak_memory(void **state)
{
    (void)state;
#if defined(__SANITIZE_ADDRESS__)
    skip();
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    skip();
#endif
#endif
    scratch s = fresh();
    char *cat = ot_path("%s/cat", s.root);
    ot_mkdirs(cat);
    char *meta = ot_path("%s/catalog.yaml", cat);
    const char m[] = "name: big\nsource: en\nlocales: [en, de]\n";
    ot_write(meta, m, strlen(m));
    size_t bytes = strlen(m);
    static const char *const tags[] = {"en", "de"};
    for (int l = 0; l < 2; l++) {
        ec_buf b = {0};
        ec_buf_printf(&b, "locale: %s\nmessages:\n", tags[l]);
        for (int i = 0; i < 40000; i++)
            ec_buf_printf(&b, "  \"%d/%d\": \"%s %d: the stream was rejected by the server.\"\n",
                          i / 16, i % 16, l ? "Strom" : "Stream", i);
        char *p = ot_path("%s/%s.yaml", cat, tags[l]);
        ot_write(p, b.data, b.len);
        bytes += b.len;
        free(p);
        ec_buf_free(&b);
    }
    const char *argv[] = {ERRCAT_BINARY, "build", cat, "-o", s.out, NULL};
    ot_limits lim = {120, 0};
    ot_usage use = {0, 0};
    char *err = NULL;
    int st = ot_run_limited(NULL, NULL, NULL, &err, argv, &lim, &use);
    if (st != 0)
        fail_msg("the build exited %d:\n%s", st, err);
    double limit = 6.0 * (double)bytes + 40.0 * 1024 * 1024;
    print_message("peak RSS %.1f MB for %.1f MB of YAML (limit %.1f MB)\n", use.max_rss_kb / 1024.0,
                  (double)bytes / 1e6, limit / 1048576.0);
    if ((double)use.max_rss_kb * 1024.0 > limit)
        fail_msg("peak RSS %ld KiB for %zu bytes of YAML", use.max_rss_kb, bytes);
    free(err);
    free(meta);
    free(cat);
    done(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rebuild_writes_nothing),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_source_date_epoch),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_only),
        cmocka_unit_test(test_errors_write_nothing),
        cmocka_unit_test(test_unwritable),
        cmocka_unit_test(test_templates_dir),
        cmocka_unit_test(test_bad_template),
        cmocka_unit_test(test_failed_build_creates_no_directory),
        cmocka_unit_test(test_manifest),
        cmocka_unit_test(test_templates_not_a_directory),
        cmocka_unit_test(test_no_own_temporaries),
        cmocka_unit_test(test_peak_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
