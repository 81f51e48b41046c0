/* The CI integrations: .pre-commit-hooks.yaml (the pre-commit framework's
 * hook manifest) and action.yml (a GitHub composite action). Both are read
 * with libyaml and checked for what their consumers require; then the hooks
 * are run the way pre-commit runs them, and the action's steps the way the
 * runner runs them (expressions evaluated, `env:` set, `bash --noprofile
 * --norc -eo pipefail`, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), against
 * copies of the shipped catalog with the errcat just built. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "outtest.h"

#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#define HOOKS_FILE ERRCAT_SOURCE_DIR "/.pre-commit-hooks.yaml"
#define ACTION_FILE ERRCAT_SOURCE_DIR "/action.yml"
#define SEED_LEGACY ERRCAT_SOURCE_DIR "/tests/cases/seed-legacy/i18n"

/* ---- YAML, through libyaml's document API ---- */

typedef struct {
    yaml_document_t doc;
    yaml_node_t *root;
    const char *path;
} ydoc;

static ydoc *y_load(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    yaml_parser_t p;
    assert_true(yaml_parser_initialize(&p));
    yaml_parser_set_input_file(&p, f);
    ydoc *d = calloc(1, sizeof *d);
    assert_non_null(d);
    d->path = path;
    if (!yaml_parser_load(&p, &d->doc))
        fail_msg("%s:%zu:%zu: %s", path, p.problem_mark.line + 1, p.problem_mark.column + 1,
                 p.problem ? p.problem : "cannot parse");
    d->root = yaml_document_get_root_node(&d->doc);
    if (!d->root)
        fail_msg("%s holds no document", path);
    yaml_document_t next;
    if (!yaml_parser_load(&p, &next))
        fail_msg("%s: %s after the first document", path, p.problem ? p.problem : "error");
    bool more = yaml_document_get_root_node(&next) != NULL;
    yaml_document_delete(&next);
    yaml_parser_delete(&p);
    fclose(f);
    if (more)
        fail_msg("%s holds more than one document", path);
    return d;
}

static void y_free(ydoc *d)
{
    yaml_document_delete(&d->doc);
    free(d);
}

static yaml_node_t *y_node(ydoc *d, int id)
{
    return yaml_document_get_node(&d->doc, id);
}

static const char *y_str(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static size_t y_npairs(const yaml_node_t *n)
{
    return n && n->type == YAML_MAPPING_NODE
               ? (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start)
               : 0;
}

/* The key and value of the i-th pair of a mapping. */
static const char *y_pair(ydoc *d, const yaml_node_t *map, size_t i, yaml_node_t **value)
{
    yaml_node_pair_t *p = map->data.mapping.pairs.start + i;
    *value = y_node(d, p->value);
    return y_str(y_node(d, p->key));
}

static yaml_node_t *y_get(ydoc *d, const yaml_node_t *map, const char *key)
{
    for (size_t i = 0; i < y_npairs(map); i++) {
        yaml_node_t *v;
        const char *k = y_pair(d, map, i, &v);
        if (k && !strcmp(k, key))
            return v;
    }
    return NULL;
}

static const char *y_get_str(ydoc *d, const yaml_node_t *map, const char *key)
{
    return y_str(y_get(d, map, key));
}

static size_t y_nitems(const yaml_node_t *n)
{
    return n && n->type == YAML_SEQUENCE_NODE
               ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start)
               : 0;
}

static yaml_node_t *y_item(ydoc *d, const yaml_node_t *seq, size_t i)
{
    return y_node(d, seq->data.sequence.items.start[i]);
}

/* A non-empty string under `key`; fails naming `what` otherwise. */
static const char *y_need(ydoc *d, const yaml_node_t *map, const char *key, const char *what)
{
    const char *s = y_get_str(d, map, key);
    if (!s || !*s)
        fail_msg("%s: %s has no `%s` (a non-empty string)", d->path, what, key);
    return s;
}

/* No mapping anywhere in the document has a key twice (pre-commit and the
 * Actions runner refuse, or silently keep one). */
static void y_unique_keys(ydoc *d)
{
    for (yaml_node_t *n = d->doc.nodes.start; n < d->doc.nodes.top; n++) {
        for (size_t i = 0; i < y_npairs(n); i++) {
            yaml_node_t *v;
            const char *a = y_pair(d, n, i, &v);
            for (size_t j = i + 1; a && j < y_npairs(n); j++) {
                const char *b = y_pair(d, n, j, &v);
                if (b && !strcmp(a, b))
                    fail_msg("%s: the key `%s` twice in one mapping (line %zu)", d->path, a,
                             n->start_mark.line + 1);
            }
        }
    }
}

static void only_keys(ydoc *d, const yaml_node_t *map, const char *const *known, const char *what)
{
    for (size_t i = 0; i < y_npairs(map); i++) {
        yaml_node_t *v;
        const char *k = y_pair(d, map, i, &v);
        bool ok = false;
        for (size_t j = 0; k && known[j]; j++)
            ok = ok || !strcmp(k, known[j]);
        if (!ok)
            fail_msg("%s: %s has the key `%s`, which its consumer does not know", d->path, what,
                     k ? k : "(not a string)");
    }
}

/* ---- small helpers ---- */

static bool has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; (p = strstr(p, line)); p++)
        if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
            return true;
    return false;
}

static size_t count_prefix_lines(const char *text, const char *prefix)
{
    size_t n = 0, len = strlen(prefix);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        n += !strncmp(p, prefix, len);
    return n;
}

static void assert_contains(const char *what, const char *text, const char *needle)
{
    if (!strstr(text, needle))
        fail_msg("%s lacks \"%s\"; it is:\n%s", what, needle, text);
}

static void assert_lacks(const char *what, const char *text, const char *needle)
{
    if (strstr(text, needle))
        fail_msg("%s has \"%s\"; it is:\n%s", what, needle, text);
}

static void write_str(const char *path, const char *s)
{
    ot_write(path, s, strlen(s));
}

static void write_exec(const char *path, const char *s)
{
    write_str(path, s);
    assert_int_equal(chmod(path, 0755), 0);
}

static void copy_tree(const char *from, const char *to)
{
    const char *argv[] = {"cp", "-R", from, to, NULL};
    char *err = NULL;
    if (ot_run(NULL, NULL, NULL, &err, argv) != 0)
        fail_msg("cp -R %s %s: %s", from, to, err);
    free(err);
}

/* The shipped catalog copied to `i18n` (".../i18n"), with the templates
 * directory its catalog.yaml names (`templates: ../templates`) beside it. */
static void copy_shipped(const char *i18n)
{
    copy_tree(OT_I18N, i18n);
    size_t n = strlen(i18n);
    assert_true(n >= 5 && !strcmp(i18n + n - 5, "/i18n"));
    char *templates = ot_path("%.*s/templates", (int)(n - 5), i18n);
    copy_tree(ERRCAT_SOURCE_DIR "/templates", templates);
    free(templates);
}

/* Replaces the first line of `path` that starts with `prefix` by `f(line)`. */
static void edit_first_line(const char *path, const char *prefix, char *(*f)(const char *))
{
    size_t n;
    char *data = ot_slurp(path, &n);
    char *line = NULL;
    for (char *p = data; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (!strncmp(p, prefix, strlen(prefix))) {
            line = p;
            break;
        }
    }
    if (!line)
        fail_msg("%s has no line starting with \"%s\"", path, prefix);
    char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) : strlen(line);
    char *old = strndup(line, len), *repl = f(old);
    ec_buf b = {0};
    ec_buf_put(&b, data, (size_t)(line - data));
    ec_buf_puts(&b, repl);
    ec_buf_puts(&b, line + len);
    ot_write(path, b.data, b.len);
    ec_buf_free(&b);
    free(old);
    free(repl);
    free(data);
}

/* A note edited: no finding, but outputs (the PO files) out of date. */
static char *edit_note(const char *line)
{
    return ot_path("%s (edited)", line);
}

/* The first space of a text doubled: a `whitespace` warning only (texts are
 * compared with white space collapsed, so no drift). */
static char *double_space(const char *line)
{
    const char *v = line + strlen("    text: ");
    const char *sp = strchr(v, ' ');
    if (!sp)
        fail_msg("the text of \"%s\" has no space to double", line);
    return ot_path("%.*s %s", (int)(sp - line), line, sp);
}

/* A directory `bin` holding `errcat` (a link to the binary under test), and
 * the PATH that finds it first. */
static char *path_with_errcat(const char *bin)
{
    ot_mkdirs(bin);
    char *link = ot_path("%s/errcat", bin);
    assert_int_equal(symlink(ERRCAT_BINARY, link), 0);
    free(link);
    const char *path = getenv("PATH");
    return ot_path("PATH=%s:%s", bin, path && *path ? path : "/usr/bin:/bin");
}

/* ---- .pre-commit-hooks.yaml ---- */

static const char *const hook_keys[] = {"id",
                                        "name",
                                        "entry",
                                        "language",
                                        "alias",
                                        "files",
                                        "exclude",
                                        "types",
                                        "types_or",
                                        "exclude_types",
                                        "always_run",
                                        "fail_fast",
                                        "verbose",
                                        "pass_filenames",
                                        "require_serial",
                                        "description",
                                        "language_version",
                                        "minimum_pre_commit_version",
                                        "args",
                                        "stages",
                                        NULL};

static yaml_node_t *find_hook(ydoc *d, const char *id)
{
    for (size_t i = 0; i < y_nitems(d->root); i++) {
        yaml_node_t *h = y_item(d, d->root, i);
        const char *hid = y_get_str(d, h, "id");
        if (hid && !strcmp(hid, id))
            return h;
    }
    fail_msg("%s has no hook `%s`", d->path, id);
    return NULL;
}

static bool files_match(const char *re, const char *path)
{
    regex_t r;
    if (regcomp(&r, re, REG_EXTENDED | REG_NOSUB) != 0)
        fail_msg("`files: %s` is not a regular expression", re);
    bool m = regexec(&r, path, 0, NULL, 0) == 0;
    regfree(&r);
    return m;
}

/* The command line pre-commit runs: `entry` split at spaces (as shlex
 * splits it: the test refuses quotes), then `args`; pass_filenames is
 * false, so no file names. NULL-terminated; free with free_argv. */
static char **hook_argv(ydoc *d, const yaml_node_t *hook, const char *const *args_override)
{
    const char *entry = y_need(d, hook, "entry", "a hook");
    if (strpbrk(entry, "\"'\\"))
        fail_msg("the entry \"%s\" has quotes or backslashes; the test splits at spaces", entry);
    char **argv = calloc(64, sizeof *argv);
    assert_non_null(argv);
    size_t n = 0;
    char *copy = strdup(entry), *save = NULL;
    for (char *w = strtok_r(copy, " ", &save); w && n < 60; w = strtok_r(NULL, " ", &save))
        argv[n++] = strdup(w);
    free(copy);
    if (args_override) {
        for (size_t i = 0; args_override[i] && n < 63; i++)
            argv[n++] = strdup(args_override[i]);
    } else {
        yaml_node_t *args = y_get(d, hook, "args");
        for (size_t i = 0; i < y_nitems(args) && n < 63; i++)
            argv[n++] = strdup(y_str(y_item(d, args, i)));
    }
    return argv;
}

static void free_argv(char **argv)
{
    for (size_t i = 0; argv[i]; i++)
        free(argv[i]);
    free(argv);
}

static void test_hooks_manifest(void **state)
{
    (void)state;
    ydoc *d = y_load(HOOKS_FILE);
    y_unique_keys(d);
    if (d->root->type != YAML_SEQUENCE_NODE || y_nitems(d->root) == 0)
        fail_msg("%s: the manifest is a list of hooks", d->path);
    for (size_t i = 0; i < y_nitems(d->root); i++) {
        yaml_node_t *h = y_item(d, d->root, i);
        if (h->type != YAML_MAPPING_NODE)
            fail_msg("%s: hook %zu is not a mapping", d->path, i + 1);
        only_keys(d, h, hook_keys, "a hook");
        const char *id = y_need(d, h, "id", "a hook");
        y_need(d, h, "name", id);
        y_need(d, h, "description", id);
        assert_string_equal(y_need(d, h, "language", id), "system");
        const char *entry = y_need(d, h, "entry", id);
        if (strncmp(entry, "errcat ", 7))
            fail_msg("the entry of %s, \"%s\", does not run errcat", id, entry);
        /* The catalog is given in args, never file names. */
        assert_string_equal(y_get_str(d, h, "pass_filenames"), "false");
        yaml_node_t *args = y_get(d, h, "args");
        if (!args || args->type != YAML_SEQUENCE_NODE || y_nitems(args) == 0)
            fail_msg("%s has no `args` list (the catalog directory)", id);
        for (size_t j = 0; j < y_nitems(args); j++)
            assert_non_null(y_str(y_item(d, args, j)));
        assert_non_null(y_get_str(d, h, "files"));
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(id, y_get_str(d, y_item(d, d->root, j), "id"));
    }

    yaml_node_t *check = find_hook(d, "errcat-check");
    yaml_node_t *build = find_hook(d, "errcat-build-check");
    assert_string_equal(y_get_str(d, check, "entry"), "errcat check --strict");
    assert_string_equal(y_get_str(d, build, "entry"), "errcat build --check");
    const char *cre = y_get_str(d, check, "files"), *bre = y_get_str(d, build, "files");
    assert_string_equal(cre, "(^|/)i18n/.*\\.ya?ml$");

    /* Which changes trigger them. */
    static const char *const catalog_files[] = {"i18n/en.yaml", "i18n/catalog.yaml",
                                                "app/i18n/zh-TW.yml", NULL};
    static const char *const others[] = {"src/main.c", "i18n/README.md", "README.md",
                                         "i18n.yaml",  "tests/i18n.c",   NULL};
    for (size_t i = 0; catalog_files[i]; i++) {
        assert_true(files_match(cre, catalog_files[i]));
        assert_true(files_match(bre, catalog_files[i]));
    }
    for (size_t i = 0; others[i]; i++) {
        assert_false(files_match(cre, others[i]));
        assert_false(files_match(bre, others[i]));
    }
    assert_false(files_match(cre, "out/md/en.md"));
    /* the templates of the catalog (`templates: ../templates`) and the
     * manifest of out/ */
    assert_true(files_match(bre, "templates/md.mustache"));
    assert_true(files_match(bre, "templates/docs/en.md.mustache"));
    assert_true(files_match(bre, "out/.errcat-outputs"));
    assert_false(files_match(cre, "templates/md.mustache"));
    /* Every file of the shipped catalog and of its outputs. */
    ot_list l = ot_tree(OT_I18N);
    for (size_t i = 0; i < l.n; i++) {
        char *p = ot_path("i18n/%s", l.v[i]);
        if (!files_match(cre, p) || !files_match(bre, p))
            fail_msg("a change to %s triggers no hook", p);
        free(p);
    }
    ot_list_free(&l);
    l = ot_tree(ERRCAT_SOURCE_DIR "/out");
    assert_true(l.n > 0);
    for (size_t i = 0; i < l.n; i++) {
        char *p = ot_path("out/%s", l.v[i]);
        if (!files_match(bre, p))
            fail_msg("a change to %s does not trigger errcat-build-check", p);
        free(p);
    }
    ot_list_free(&l);
    y_free(d);
}

/* Each hook run as pre-commit runs it, from the top of a work tree holding
 * copies of i18n/ and out/, with errcat found on PATH. */
static int run_hook(ydoc *d, const char *id, const char *ws, const char *path_env, char **err)
{
    char **argv = hook_argv(d, find_hook(d, id), NULL);
    const char *env[] = {path_env, NULL};
    int st = ot_run(ws, env, NULL, err, (const char *const *)argv);
    free_argv(argv);
    return st;
}

static void test_hooks_run(void **state)
{
    (void)state;
    ydoc *d = y_load(HOOKS_FILE);
    char *dir = ot_mkdtemp(), *ws = ot_path("%s/ws", dir), *bin = ot_path("%s/bin", dir);
    char *path_env = path_with_errcat(bin);
    ot_mkdirs(ws);
    char *i18n = ot_path("%s/i18n", ws), *out = ot_path("%s/out", ws);
    char *en = ot_path("%s/en.yaml", i18n);
    copy_shipped(i18n);
    copy_tree(ERRCAT_SOURCE_DIR "/out", out);

    /* The shipped catalog passes both. */
    char *err = NULL;
    int st = run_hook(d, "errcat-check", ws, path_env, &err);
    if (st != 0)
        fail_msg("errcat-check exited %d on the shipped catalog:\n%s", st, err);
    free(err);
    st = run_hook(d, "errcat-build-check", ws, path_env, &err);
    if (st != 0)
        fail_msg("errcat-build-check exited %d on the shipped catalog:\n%s", st, err);
    free(err);

    /* The catalog changed, out/ not rebuilt: the check passes, the build
     * check fails naming a stale output. */
    edit_first_line(en, "    note: ", edit_note);
    st = run_hook(d, "errcat-check", ws, path_env, &err);
    if (st != 0)
        fail_msg("errcat-check exited %d on an edited note:\n%s", st, err);
    free(err);
    st = run_hook(d, "errcat-build-check", ws, path_env, &err);
    if (st != 1)
        fail_msg("errcat-build-check exited %d, not 1, with out/ out of date:\n%s", st, err);
    assert_contains("errcat-build-check's stderr", err, "out/po/");
    assert_contains("errcat-build-check's stderr", err, ": out of date");
    free(err);

    /* Rebuilt: passes again. */
    ot_build(0, i18n, out, NULL);
    st = run_hook(d, "errcat-build-check", ws, path_env, &err);
    if (st != 0)
        fail_msg("errcat-build-check exited %d after errcat build:\n%s", st, err);
    free(err);

    /* A warning fails errcat-check (--strict), though `errcat check` alone
     * passes; a user's args name another catalog directory. */
    edit_first_line(en, "    text: ", double_space);
    st = ot_errcat(NULL, NULL, NULL, "check", i18n, NULL);
    assert_int_equal(st, 0);
    st = run_hook(d, "errcat-check", ws, path_env, &err);
    if (st != 1)
        fail_msg("errcat-check exited %d, not 1, on a warning:\n%s", st, err);
    assert_contains("errcat-check's stderr", err, "[whitespace]");
    free(err);
    char *moved = ot_path("%s/locales", ws);
    assert_int_equal(rename(i18n, moved), 0);
    const char *const user_args[] = {"locales", NULL};
    char **argv = hook_argv(d, find_hook(d, "errcat-check"), user_args);
    const char *env[] = {path_env, NULL};
    st = ot_run(ws, env, NULL, &err, (const char *const *)argv);
    assert_int_equal(st, 1);
    assert_contains("errcat-check's stderr", err, "locales/en.yaml:");
    free(err);
    free_argv(argv);

    free(moved);
    free(en);
    free(i18n);
    free(out);
    ot_rm_rf(dir);
    free(path_env);
    free(bin);
    free(ws);
    free(dir);
    y_free(d);
}

/* ---- action.yml ---- */

static const char *const action_keys[] = {"name",    "description", "author",   "inputs",
                                          "outputs", "runs",        "branding", NULL};
static const char *const input_keys[] = {"description", "required", "default", "deprecationMessage",
                                         NULL};
static const char *const output_keys[] = {"description", "value", NULL};
static const char *const step_keys[] = {"name", "id",
                                        "run",  "shell",
                                        "env",  "working-directory",
                                        "if",   "uses",
                                        "with", "continue-on-error",
                                        NULL};

static yaml_node_t *action_steps(ydoc *d)
{
    yaml_node_t *runs = y_get(d, d->root, "runs");
    yaml_node_t *steps = y_get(d, runs, "steps");
    if (!steps || y_nitems(steps) == 0)
        fail_msg("%s: runs.steps is not a non-empty list", d->path);
    return steps;
}

/* Calls f(expression, ctx) for each `${{ expression }}` (trimmed) in `s`. */
static void each_expr(const char *s, void (*f)(const char *expr, void *ctx), void *ctx)
{
    for (const char *p = s; (p = strstr(p, "${{"));) {
        const char *e = strstr(p, "}}");
        if (!e)
            fail_msg("an unclosed ${{ in \"%s\"", s);
        const char *a = p + 3, *b = e;
        while (a < b && isspace((unsigned char)*a))
            a++;
        while (b > a && isspace((unsigned char)b[-1]))
            b--;
        char *expr = strndup(a, (size_t)(b - a));
        f(expr, ctx);
        free(expr);
        p = e + 2;
    }
}

typedef struct {
    ydoc *d;
    yaml_node_t *inputs;
    ec_buf used; /* "\nname\n" of every input referenced */
} refs;

static void check_refs(const char *expr, void *ctx)
{
    refs *r = ctx;
    for (const char *p = expr; (p = strstr(p, "inputs."));) {
        if (p > expr && (isalnum((unsigned char)p[-1]) || p[-1] == '.' || p[-1] == '_')) {
            p += 7;
            continue;
        }
        p += 7;
        size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
        char *name = strndup(p, n);
        if (!y_get(r->d, r->inputs, name))
            fail_msg("%s: ${{ %s }} names the input `%s`, which is not declared", r->d->path, expr,
                     name);
        ec_buf_printf(&r->used, "\n%s\n", name);
        free(name);
        p += n;
    }
}

static void scan_scalars(ydoc *d, refs *r)
{
    for (yaml_node_t *n = d->doc.nodes.start; n < d->doc.nodes.top; n++)
        if (n->type == YAML_SCALAR_NODE)
            each_expr((const char *)n->data.scalar.value, check_refs, r);
}

static void test_action_metadata(void **state)
{
    (void)state;
    ydoc *d = y_load(ACTION_FILE);
    y_unique_keys(d);
    if (d->root->type != YAML_MAPPING_NODE)
        fail_msg("%s is not a mapping", d->path);
    only_keys(d, d->root, action_keys, "the action");
    y_need(d, d->root, "name", "the action");
    y_need(d, d->root, "description", "the action");
    yaml_node_t *runs = y_get(d, d->root, "runs");
    assert_string_equal(y_need(d, runs, "using", "runs"), "composite");

    /* Inputs: each described; the ones the README documents, with their
     * defaults. */
    yaml_node_t *inputs = y_get(d, d->root, "inputs");
    assert_true(y_npairs(inputs) > 0);
    for (size_t i = 0; i < y_npairs(inputs); i++) {
        yaml_node_t *in;
        const char *name = y_pair(d, inputs, i, &in);
        only_keys(d, in, input_keys, name);
        y_need(d, in, "description", name);
    }
    static const char *const defaults[][2] = {{"catalog", "i18n"}, {"strict", "true"},
                                              {"sarif", ""},       {"build-check", "false"},
                                              {"output", "out"},   {"errcat-path", ""}};
    for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++) {
        yaml_node_t *in = y_get(d, inputs, defaults[i][0]);
        if (!in)
            fail_msg("%s: no input `%s`", d->path, defaults[i][0]);
        const char *def = y_get_str(d, in, "default");
        if (!def || strcmp(def, defaults[i][1]))
            fail_msg("the input %s defaults to \"%s\", not \"%s\"", defaults[i][0],
                     def ? def : "(none)", defaults[i][1]);
    }
    /* Outputs of a composite action need a value. */
    yaml_node_t *outputs = y_get(d, d->root, "outputs");
    static const char *const want_outputs[] = {"errors", "warnings", "status", NULL};
    for (size_t i = 0; want_outputs[i]; i++)
        assert_non_null(y_get(d, outputs, want_outputs[i]));
    for (size_t i = 0; i < y_npairs(outputs); i++) {
        yaml_node_t *o;
        const char *name = y_pair(d, outputs, i, &o);
        only_keys(d, o, output_keys, name);
        y_need(d, o, "description", name);
        y_need(d, o, "value", name);
    }

    /* Steps: a run step has a shell; a script starts with set -euo
     * pipefail and holds no expression (inputs come through env:, never
     * pasted into the script: no script injection). */
    yaml_node_t *steps = action_steps(d);
    ec_buf ids = {0};
    for (size_t i = 0; i < y_nitems(steps); i++) {
        yaml_node_t *s = y_item(d, steps, i);
        char *what = ot_path("step %zu", i + 1);
        only_keys(d, s, step_keys, what);
        y_need(d, s, "name", what);
        const char *run = y_get_str(d, s, "run");
        if (run) {
            const char *shell = y_get_str(d, s, "shell");
            if (!shell)
                fail_msg("%s: %s runs a script without `shell`", d->path, what);
            assert_string_equal(shell, "bash");
            const char *p = run;
            while (*p == '#' || *p == '\n') /* comment lines first are fine */
                p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p);
            if (strncmp(p, "set -euo pipefail\n", 18))
                fail_msg("%s: the script of %s does not start with set -euo pipefail", d->path,
                         what);
            if (strstr(run, "${{"))
                fail_msg("%s: the script of %s has an expression ${{ }}; pass it in env:", d->path,
                         what);
        } else if (!y_get_str(d, s, "uses")) {
            fail_msg("%s: %s has neither run nor uses", d->path, what);
        }
        yaml_node_t *env = y_get(d, s, "env");
        for (size_t j = 0; j < y_npairs(env); j++) {
            yaml_node_t *v;
            const char *k = y_pair(d, env, j, &v);
            if (!k || !y_str(v))
                fail_msg("%s: the env of %s is not a mapping of strings", d->path, what);
        }
        const char *id = y_get_str(d, s, "id");
        if (id) {
            char *key = ot_path("\n%s\n", id);
            if (ids.data && strstr(ids.data, key))
                fail_msg("%s: two steps have the id %s", d->path, id);
            ec_buf_puts(&ids, key);
            free(key);
        }
        free(what);
    }
    ec_buf_free(&ids);

    /* Every input referenced is declared, and every declared one is used. */
    refs r = {.d = d, .inputs = inputs};
    scan_scalars(d, &r);
    for (size_t i = 0; i < y_npairs(inputs); i++) {
        yaml_node_t *in;
        char *key = ot_path("\n%s\n", y_pair(d, inputs, i, &in));
        if (!r.used.data || !strstr(r.used.data, key))
            fail_msg("%s: the input%.*s is never used", d->path, (int)strlen(key) - 1, key);
        free(key);
    }
    ec_buf_free(&r.used);
    y_free(d);
}

/* ---- running the action's steps as the runner does ---- */

typedef struct {
    ydoc *d;
    char *dir;                 /* scratch root */
    char *ws;                  /* the workspace: where the steps run */
    char *rt;                  /* RUNNER_TEMP */
    char *summary;             /* GITHUB_STEP_SUMMARY */
    const char *const *inputs; /* "name=value" given in `with:` */
    const char *const *env;    /* more environment for every step */
    ec_buf outputs;            /* "step.name=value\n" of each step's GITHUB_OUTPUT */
    ec_buf out, err;           /* every step's stdout and stderr */
    int failed;                /* the step that failed (index), -1 when none */
    int status;                /* its exit status */
} sim;

static void sim_init(sim *s, const char *const *inputs, const char *const *env)
{
    memset(s, 0, sizeof *s);
    s->d = y_load(ACTION_FILE);
    s->dir = ot_mkdtemp();
    s->ws = ot_path("%s/ws", s->dir);
    s->rt = ot_path("%s/runner-temp", s->dir);
    s->summary = ot_path("%s/step-summary.md", s->dir);
    ot_mkdirs(s->ws);
    ot_mkdirs(s->rt);
    write_str(s->summary, "");
    s->inputs = inputs;
    s->env = env;
    s->failed = -1;
}

static void sim_free(sim *s)
{
    ot_rm_rf(s->dir);
    free(s->dir);
    free(s->ws);
    free(s->rt);
    free(s->summary);
    ec_buf_free(&s->outputs);
    ec_buf_free(&s->out);
    ec_buf_free(&s->err);
    y_free(s->d);
}

static char *sim_input(sim *s, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; s->inputs && s->inputs[i]; i++)
        if (!strncmp(s->inputs[i], name, n) && s->inputs[i][n] == '=')
            return strdup(s->inputs[i] + n + 1);
    yaml_node_t *in = y_get(s->d, y_get(s->d, s->d->root, "inputs"), name);
    if (!in)
        fail_msg("the input %s is not declared", name);
    const char *def = y_get_str(s->d, in, "default");
    return strdup(def ? def : "");
}

static char *sim_step_output(sim *s, const char *step, const char *name)
{
    char *key = ot_path("%s.%s=", step, name);
    const char *all = s->outputs.data ? s->outputs.data : "";
    char *v = NULL;
    for (const char *p = all; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (!strncmp(p, key, strlen(key))) { /* the last one written counts */
            free(v);
            const char *a = p + strlen(key), *e = strchr(a, '\n');
            v = strndup(a, e ? (size_t)(e - a) : strlen(a));
        }
    }
    free(key);
    return v ? v : strdup("");
}

/* The value of one expression: the forms this action may use. */
static char *sim_expr(sim *s, const char *e)
{
    if (!strncmp(e, "inputs.", 7))
        return sim_input(s, e + 7);
    if (!strcmp(e, "github.action_path"))
        return strdup(ERRCAT_SOURCE_DIR);
    if (!strcmp(e, "runner.temp"))
        return strdup(s->rt);
    if (!strncmp(e, "steps.", 6)) {
        const char *o = strstr(e, ".outputs.");
        if (o) {
            char *step = strndup(e + 6, (size_t)(o - e - 6));
            char *v = sim_step_output(s, step, o + 9);
            free(step);
            return v;
        }
    }
    fail_msg("the simulation cannot evaluate ${{ %s }}", e);
    return NULL;
}

static char *sim_eval(sim *s, const char *text)
{
    ec_buf b = {0};
    const char *p = text;
    for (const char *q; (q = strstr(p, "${{"));) {
        const char *e = strstr(q, "}}");
        assert_non_null(e);
        ec_buf_put(&b, p, (size_t)(q - p));
        const char *a = q + 3, *z = e;
        while (a < z && isspace((unsigned char)*a))
            a++;
        while (z > a && isspace((unsigned char)z[-1]))
            z--;
        char *expr = strndup(a, (size_t)(z - a)), *v = sim_expr(s, expr);
        ec_buf_puts(&b, v);
        free(v);
        free(expr);
        p = e + 2;
    }
    ec_buf_puts(&b, p);
    return ec_buf_take(&b);
}

/* Runs the steps in order until one fails, as the runner would. */
static void sim_run(sim *s)
{
    yaml_node_t *steps = action_steps(s->d);
    for (size_t i = 0; i < y_nitems(steps); i++) {
        yaml_node_t *st = y_item(s->d, steps, i);
        const char *run = y_get_str(s->d, st, "run");
        if (!run || y_get(s->d, st, "if") || y_get(s->d, st, "working-directory"))
            fail_msg("step %zu: the simulation runs only plain `run:` steps", i + 1);
        char *script = ot_path("%s/step-%zu.sh", s->rt, i + 1);
        char *output = ot_path("%s/step-%zu.out", s->rt, i + 1);
        write_str(script, run);
        write_str(output, "");
        const char *env[64];
        char *owned[64];
        size_t n = 0, m = 0;
        env[n++] = owned[m++] = ot_path("GITHUB_OUTPUT=%s", output);
        env[n++] = owned[m++] = ot_path("GITHUB_STEP_SUMMARY=%s", s->summary);
        env[n++] = owned[m++] = ot_path("RUNNER_TEMP=%s", s->rt);
        env[n++] = owned[m++] = ot_path("GITHUB_WORKSPACE=%s", s->ws);
        env[n++] = owned[m++] = ot_path("GITHUB_ACTION_PATH=%s", ERRCAT_SOURCE_DIR);
        env[n++] = "GITHUB_ACTIONS=true";
        env[n++] = "NO_COLOR";
        for (size_t j = 0; s->env && s->env[j] && n < 40; j++)
            env[n++] = s->env[j];
        yaml_node_t *senv = y_get(s->d, st, "env");
        for (size_t j = 0; j < y_npairs(senv) && n < 62; j++) {
            yaml_node_t *v;
            const char *k = y_pair(s->d, senv, j, &v);
            char *val = sim_eval(s, y_str(v));
            env[n++] = owned[m++] = ot_path("%s=%s", k, val);
            free(val);
        }
        env[n] = NULL;
        const char *argv[] = {"bash", "--noprofile", "--norc", "-eo", "pipefail", script, NULL};
        char *out = NULL, *err = NULL;
        int status = ot_run(s->ws, env, &out, &err, argv);
        ec_buf_puts(&s->out, out);
        ec_buf_puts(&s->err, err);
        free(out);
        free(err);
        /* GITHUB_OUTPUT: name=value lines (the action writes no heredocs). */
        const char *id = y_get_str(s->d, st, "id");
        char *o = ot_slurp(output, NULL);
        for (char *p = o; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
            char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            const char *heredoc = strstr(p, "<<");
            if (!memchr(p, '=', len) || (heredoc && heredoc < p + len))
                fail_msg("step %zu wrote \"%.*s\" to GITHUB_OUTPUT", i + 1, (int)len, p);
            if (id)
                ec_buf_printf(&s->outputs, "%s.%.*s\n", id, (int)len, p);
        }
        free(o);
        for (size_t j = 0; j < m; j++)
            free(owned[j]);
        free(script);
        free(output);
        if (status != 0) {
            s->failed = (int)i;
            s->status = status;
            return;
        }
    }
}

/* The action's output `name` (its `value:` evaluated). */
static char *sim_output(sim *s, const char *name)
{
    yaml_node_t *o = y_get(s->d, y_get(s->d, s->d->root, "outputs"), name);
    assert_non_null(o);
    return sim_eval(s, y_get_str(s->d, o, "value"));
}

static void assert_output(sim *s, const char *name, const char *want)
{
    char *v = sim_output(s, name);
    if (strcmp(v, want))
        fail_msg("the output %s is \"%s\", not \"%s\"", name, v, want);
    free(v);
}

static size_t nsteps(sim *s)
{
    return y_nitems(action_steps(s->d));
}

/* The step that failed must be the last one, with `status`: the check step
 * itself finished (summary, outputs, SARIF written). */
static void assert_failed_last(sim *s, int status)
{
    if (s->failed != (int)nsteps(s) - 1 || s->status != status)
        fail_msg("step %d failed with %d; expected the last step (%zu) with %d\nstdout:\n%s\n"
                 "stderr:\n%s",
                 s->failed + 1, s->status, nsteps(s), status, s->out.data, s->err.data);
}

static void assert_passed(sim *s)
{
    if (s->failed >= 0)
        fail_msg("step %d failed with %d\nstdout:\n%s\nstderr:\n%s", s->failed + 1, s->status,
                 s->out.data, s->err.data);
}

/* The rows `errcat stats` prints, as Markdown table rows: what the summary
 * must hold (the action builds them from --format json). */
static void assert_stats_table(const char *summary, const char *catalog)
{
    char *out = NULL;
    assert_int_equal(ot_errcat(NULL, &out, NULL, "stats", catalog, NULL), 0);
    size_t rows = 0;
    for (char *p = out; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        char *nl = strchr(p, '\n');
        char *line = strndup(p, nl ? (size_t)(nl - p) : strlen(p)), *save = NULL;
        ec_buf row = {0};
        ec_buf_puts(&row, "|");
        size_t cells = 0;
        for (char *w = strtok_r(line, " ", &save); w; w = strtok_r(NULL, " ", &save), cells++)
            ec_buf_printf(&row, " %s |", w);
        if (cells) {
            if (!has_line(summary, row.data))
                fail_msg("the summary lacks the row \"%s\"; it is:\n%s", row.data, summary);
            if (rows++ == 0) { /* the header, then the rule */
                ec_buf rule = {0};
                ec_buf_puts(&rule, "| --- |");
                for (size_t i = 1; i < cells; i++)
                    ec_buf_puts(&rule, " ---: |");
                if (!has_line(summary, rule.data))
                    fail_msg("the summary lacks the rule \"%s\"; it is:\n%s", rule.data, summary);
                ec_buf_free(&rule);
            }
        }
        ec_buf_free(&row);
        free(line);
    }
    assert_true(rows >= 2);
    free(out);
}

/* The shipped catalog: every step passes, no annotation, the summary holds
 * the stats table, the outputs count nothing, SARIF with no result. */
static void test_action_clean(void **state)
{
    (void)state;
    const char *inputs[] = {"errcat-path=" ERRCAT_BINARY, "sarif=reports/errcat.sarif",
                            "build-check=true", NULL};
    sim s;
    sim_init(&s, inputs, NULL);
    char *i18n = ot_path("%s/i18n", s.ws), *out = ot_path("%s/out", s.ws);
    copy_shipped(i18n);
    copy_tree(ERRCAT_SOURCE_DIR "/out", out);
    sim_run(&s);
    assert_passed(&s);
    assert_lacks("stdout", s.out.data, "::error");
    assert_lacks("stdout", s.out.data, "::warning");
    assert_output(&s, "errors", "0");
    assert_output(&s, "warnings", "0");
    assert_output(&s, "status", "0");
    char *summary = ot_slurp(s.summary, NULL);
    assert_contains("the summary", summary, "## errcat: `i18n`");
    assert_contains("the summary", summary, "**Passed**: 0 errors, 0 warnings.");
    assert_contains("the summary", summary, "Outputs in `out`: up to date.");
    assert_lacks("the summary", summary, "Findings");
    assert_stats_table(summary, OT_I18N);
    char *sarif_path = ot_path("%s/reports/errcat.sarif", s.ws);
    char *sarif = ot_slurp(sarif_path, NULL);
    assert_contains("the SARIF file", sarif, "\"version\": \"2.1.0\"");
    assert_contains("the SARIF file", sarif, "\"results\": []");
    free(sarif);
    free(sarif_path);
    free(summary);
    free(i18n);
    free(out);
    sim_free(&s);
}

/* The seed pages' catalog: annotations for every finding, the counts errcat
 * reports, the summary and SARIF written, then the last step fails with 1.
 * strict off: the errors fail it. */
static void test_action_findings(void **state)
{
    (void)state;
    const char *inputs[] = {"errcat-path=" ERRCAT_BINARY, "catalog=legacy", "strict=false",
                            "sarif=errcat.sarif", NULL};
    sim s;
    sim_init(&s, inputs, NULL);
    char *legacy = ot_path("%s/legacy", s.ws);
    copy_tree(SEED_LEGACY, legacy);
    sim_run(&s);
    assert_failed_last(&s, 1);

    /* What errcat itself prints with --format github, run here. */
    char *gh = NULL;
    const char *argv[] = {ERRCAT_BINARY, "check", "legacy", "--format", "github", NULL};
    assert_int_equal(ot_run(s.ws, NULL, &gh, NULL, argv), 1);
    size_t errors = count_prefix_lines(gh, "::error "),
           warnings = count_prefix_lines(gh, "::warning ");
    assert_true(errors > 0 && warnings > 0);
    for (char *p = gh; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        char *nl = strchr(p, '\n');
        char *line = strndup(p, nl ? (size_t)(nl - p) : strlen(p));
        if (*line && !has_line(s.out.data, line))
            fail_msg("the action did not print the annotation \"%s\"", line);
        free(line);
    }
    free(gh);
    assert_contains("stdout", s.out.data, "::error file=legacy/en.yaml,line=");
    assert_contains("stdout", s.out.data, "title=errcat drift::");
    char *want = ot_path("%zu", errors);
    assert_output(&s, "errors", want);
    free(want);
    want = ot_path("%zu", warnings);
    assert_output(&s, "warnings", want);
    free(want);
    assert_output(&s, "status", "1");

    char *summary = ot_slurp(s.summary, NULL);
    char *line = ot_path("**Failed**: %zu errors, %zu warnings.", errors, warnings);
    assert_contains("the summary", summary, line);
    free(line);
    assert_contains("the summary", summary, "<details open><summary>Findings</summary>");
    assert_contains("the summary", summary, "legacy/en.yaml:3:3: error: ");
    assert_contains("the summary", summary, "[drift]");
    assert_lacks("the summary", summary, "Outputs in");
    assert_stats_table(summary, SEED_LEGACY);
    char *sarif_path = ot_path("%s/errcat.sarif", s.ws);
    char *sarif = ot_slurp(sarif_path, NULL);
    assert_contains("the SARIF file", sarif, "\"ruleId\": \"drift\"");
    free(sarif);
    free(sarif_path);
    free(summary);
    free(legacy);
    sim_free(&s);
}

/* A warning only, and out/ not rebuilt: with strict the warning fails; the
 * build check annotates each stale output; without strict and without the
 * build check the same catalog passes. */
static void test_action_strict_and_stale_outputs(void **state)
{
    (void)state;
    const char *strict[] = {"errcat-path=" ERRCAT_BINARY, "build-check=true", NULL};
    sim s;
    sim_init(&s, strict, NULL);
    char *i18n = ot_path("%s/i18n", s.ws), *out = ot_path("%s/out", s.ws);
    char *en = ot_path("%s/en.yaml", i18n);
    copy_shipped(i18n);
    copy_tree(ERRCAT_SOURCE_DIR "/out", out);
    edit_first_line(en, "    text: ", double_space);
    sim_run(&s);
    assert_failed_last(&s, 1);
    assert_output(&s, "errors", "0");
    assert_output(&s, "warnings", "1");
    assert_contains("stdout", s.out.data, "::warning file=i18n/en.yaml,line=");
    assert_contains("stdout", s.out.data,
                    "::error file=out/md/en.md,title=errcat build::out/md/en.md is out of date");
    char *summary = ot_slurp(s.summary, NULL);
    assert_contains("the summary", summary,
                    "**Failed**: 0 errors, 1 warning (strict: warnings fail too).");
    assert_contains("the summary", summary, "[whitespace]");
    assert_contains("the summary", summary, "Outputs in `out`: `errcat build --check` exited");
    assert_contains("the summary", summary, "out/md/en.md: out of date");
    free(summary);
    free(en);
    free(i18n);
    free(out);
    sim_free(&s);

    const char *lenient[] = {"errcat-path=" ERRCAT_BINARY, "strict=false", NULL};
    sim_init(&s, lenient, NULL);
    i18n = ot_path("%s/i18n", s.ws);
    en = ot_path("%s/en.yaml", i18n);
    copy_shipped(i18n);
    edit_first_line(en, "    text: ", double_space);
    sim_run(&s);
    assert_passed(&s);
    assert_output(&s, "warnings", "1");
    assert_output(&s, "status", "0");
    assert_contains("stdout", s.out.data, "::warning file=i18n/en.yaml,line=");
    summary = ot_slurp(s.summary, NULL);
    assert_contains("the summary", summary, "**Passed**: 0 errors, 1 warning.");
    free(summary);
    free(en);
    free(i18n);
    sim_free(&s);

    /* No finding at all, but a note changed and out/ not rebuilt: the build
     * check alone fails the action. */
    const char *build_only[] = {"errcat-path=" ERRCAT_BINARY, "build-check=true", NULL};
    sim_init(&s, build_only, NULL);
    i18n = ot_path("%s/i18n", s.ws);
    out = ot_path("%s/out", s.ws);
    en = ot_path("%s/en.yaml", i18n);
    copy_shipped(i18n);
    copy_tree(ERRCAT_SOURCE_DIR "/out", out);
    edit_first_line(en, "    note: ", edit_note);
    sim_run(&s);
    assert_failed_last(&s, 1);
    assert_output(&s, "errors", "0");
    assert_output(&s, "warnings", "0");
    assert_output(&s, "status", "1");
    assert_contains("stdout", s.out.data, "::error file=out/po/");
    assert_lacks("stdout", s.out.data, "::warning");
    summary = ot_slurp(s.summary, NULL);
    assert_contains("the summary", summary, "**Failed**: 0 errors, 0 warnings");
    assert_contains("the summary", summary, "Outputs in `out`: `errcat build --check` exited");
    free(summary);
    free(en);
    free(i18n);
    free(out);
    sim_free(&s);
}

/* No catalog there: status 2 all the same after the summary; bad inputs
 * stop the check step at once. */
static void test_action_errors(void **state)
{
    (void)state;
    const char *missing[] = {"errcat-path=" ERRCAT_BINARY, "catalog=no/such/dir", NULL};
    sim s;
    sim_init(&s, missing, NULL);
    sim_run(&s);
    assert_failed_last(&s, 2);
    assert_output(&s, "status", "2");
    char *summary = ot_slurp(s.summary, NULL);
    assert_contains("the summary", summary, "**Failed**: errcat exited with status 2.");
    assert_contains("the summary", summary, "cannot read catalog");
    free(summary);
    sim_free(&s);

    const char *bad_strict[] = {"errcat-path=" ERRCAT_BINARY, "strict=yes", NULL};
    sim_init(&s, bad_strict, NULL);
    sim_run(&s);
    assert_int_equal(s.failed, 1);
    assert_int_equal(s.status, 2);
    assert_contains("stdout", s.out.data, "::error title=errcat::the input strict");
    sim_free(&s);

    const char *bad_path[] = {"errcat-path=/no/such/errcat", NULL};
    sim_init(&s, bad_path, NULL);
    sim_run(&s);
    assert_int_equal(s.failed, 0);
    assert_int_equal(s.status, 2);
    assert_contains("stdout", s.out.data, "::error title=errcat::errcat-path");
    sim_free(&s);
}

/* Without errcat-path the first step installs the build dependencies and
 * builds errcat. Here apt-get, sudo, cmake and `id` are stubs that log what
 * they are asked (cmake --build leaves an errcat that runs the one under
 * test): the packages are scripts/deps' less the test-only cmocka, as a
 * non-root user through sudo, the build without tests into RUNNER_TEMP. */
static void test_action_build_step(void **state)
{
    (void)state;
    char *stubs = NULL, *log = NULL;
    sim s;
    const char *env[4];
    sim_init(&s, NULL, NULL);
    stubs = ot_path("%s/stubs", s.dir);
    log = ot_path("%s/stubs.log", s.dir);
    ot_mkdirs(stubs);
    write_str(log, "");
    char *p;
    write_exec(p = ot_path("%s/sudo", stubs),
               "#!/bin/sh\necho \"sudo $*\" >>\"$STUB_LOG\"\nexec \"$@\"\n");
    free(p);
    write_exec(p = ot_path("%s/apt-get", stubs),
               "#!/bin/sh\necho \"apt-get $*\" >>\"$STUB_LOG\"\n");
    free(p);
    write_exec(p = ot_path("%s/id", stubs), "#!/bin/sh\necho 1001\n");
    free(p);
    char *cmake = ot_path("#!/bin/sh\n"
                          "echo \"cmake $*\" >>\"$STUB_LOG\"\n"
                          "if [ \"$1\" = --build ]; then\n"
                          "  mkdir -p \"$2\" && printf '#!/bin/sh\\nexec %%s \"$@\"\\n' '%s' "
                          ">\"$2/errcat\" && chmod +x \"$2/errcat\"\n"
                          "fi\n",
                          ERRCAT_BINARY);
    write_exec(p = ot_path("%s/cmake", stubs), cmake);
    free(p);
    free(cmake);
    const char *path = getenv("PATH");
    char *path_env = ot_path("PATH=%s:%s", stubs, path && *path ? path : "/usr/bin:/bin");
    char *log_env = ot_path("STUB_LOG=%s", log);
    env[0] = path_env;
    env[1] = log_env;
    env[2] = NULL;
    s.env = env;
    copy_shipped(p = ot_path("%s/i18n", s.ws));
    free(p);
    sim_run(&s);
    assert_passed(&s);
    assert_output(&s, "status", "0");

    /* The packages: ERRCAT_PACKAGES of scripts/deps without libcmocka-dev. */
    char *pk = NULL;
    const char *argv[] = {"bash",
                          "-c",
                          "source \"$1\"; echo \"${ERRCAT_PACKAGES[*]}\"",
                          "deps",
                          ERRCAT_SOURCE_DIR "/scripts/deps",
                          NULL};
    assert_int_equal(ot_run(NULL, NULL, &pk, NULL, argv), 0);
    ec_buf want = {0};
    char *save = NULL;
    for (char *w = strtok_r(pk, " \n", &save); w; w = strtok_r(NULL, " \n", &save))
        if (strcmp(w, "libcmocka-dev"))
            ec_buf_printf(&want, " %s", w);
    free(pk);
    assert_non_null(want.data);
    assert_non_null(strstr(want.data, " cmake"));
    assert_non_null(strstr(want.data, " libyaml-dev"));

    char *got = ot_slurp(log, NULL);
    char *build = ot_path("%s/errcat-build", s.rt);
    char *update = ot_path("sudo apt-get update -q");
    char *install = ot_path("sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "
                            "--no-install-recommends%s",
                            want.data);
    char *configure = ot_path("cmake -S %s -B %s -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF",
                              ERRCAT_SOURCE_DIR, build);
    char *compile = ot_path("cmake --build %s --target errcat -j ", build);
    const char *order[] = {update, install, configure, compile};
    const char *at = got;
    for (size_t i = 0; i < 4; i++) {
        const char *q = strstr(at, order[i]);
        if (!q || (q != got && q[-1] != '\n'))
            fail_msg("the stubs' log lacks \"%s\" (in this order); it is:\n%s", order[i], got);
        at = q + strlen(order[i]);
    }
    assert_lacks("the stubs' log", got, "cmocka");
    free(update);
    free(install);
    free(configure);
    free(compile);
    free(build);
    free(got);
    ec_buf_free(&want);
    free(path_env);
    free(log_env);
    free(stubs);
    free(log);
    sim_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hooks_manifest),
        cmocka_unit_test(test_hooks_run),
        cmocka_unit_test(test_action_metadata),
        cmocka_unit_test(test_action_clean),
        cmocka_unit_test(test_action_findings),
        cmocka_unit_test(test_action_strict_and_stale_outputs),
        cmocka_unit_test(test_action_errors),
        cmocka_unit_test(test_action_build_step),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
