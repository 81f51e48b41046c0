/* errcat build: view models through templates into staged output files. */
#include "base/buf.h"
#include "base/file.h"
#include "base/parallel.h"
#include "model/catalog.h"
#include "model/report.h"
#include "output/mustache.h"
#include "output/output.h"
#include "output/po.h"
#include "output/view.h"
#include "errcat/errcat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct ec_builtin_template {
    const char *name;
    const char *text;
};
extern const struct ec_builtin_template ec_builtin_templates[];

static const struct {
    const char *name;
    unsigned bit;
} kinds[] = {{"md", EC_OUT_MD}, {"html", EC_OUT_HTML}, {"docs", EC_OUT_DOCS},
             {"c", EC_OUT_C},   {"po", EC_OUT_PO}};

unsigned ec_output_kind(const char *name)
{
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (!strcmp(kinds[i].name, name))
            return kinds[i].bit;
    return 0;
}

typedef struct {
    const ec_catalog *c;
    const ec_build_options *o;
    ec_out *out;
    ec_buf log;
    ec_build_status status;
} build;

/* A template by name (no ".mustache"): the user's directory first, then the
 * built-in one. NULL when neither has it. */
static char *find_template(const char *name, void *ctx)
{
    const build *b = ctx;
    if (b->o->templates_dir) {
        char *path = ec_xasprintf("%s/%s.mustache", b->o->templates_dir, name);
        size_t n;
        char *text = ec_read_file(path, &n);
        free(path);
        if (text)
            return text;
    }
    for (size_t i = 0; ec_builtin_templates[i].name; i++)
        if (!strcmp(ec_builtin_templates[i].name, name))
            return ec_xstrdup(ec_builtin_templates[i].text);
    return NULL;
}

static bool has_template(const build *b, const char *name)
{
    char *t = find_template(name, (void *)b);
    free(t);
    return t != NULL;
}

/* Logs "errcat: <what><detail>" and raises the status to `st`. */
static void fail(build *b, ec_build_status st, const char *what, const char *detail)
{
    ec_buf_printf(&b->log, "errcat: %s%s\n", what, detail);
    if (b->status < st)
        b->status = st;
}

/* One rendered output, or why there is none: made on any thread, staged
 * (or failed) on the main one, in a fixed order. */
typedef struct {
    char *rel;       /* the output's path below the output directory */
    char *text;      /* the rendering */
    size_t len;
    ec_build_status st;
    char *what, *detail; /* fail()'s words when st is not EC_BUILD_OK */
} rendered;

/* Renders template `name` with `view` into `out`. */
static void render_to(const build *b, const char *name, const ec_value *view, char *rel,
                      rendered *out)
{
    char *tmpl = find_template(name, (void *)b), *err = NULL;
    out->rel = rel;
    if (!tmpl) {
        out->st = EC_BUILD_BAD_TEMPLATE;
        out->what = ec_xasprintf("no template %s.mustache", name);
        out->detail = ec_xstrdup(b->o->templates_dir ? " in the templates directory or built in"
                                                     : "");
        return;
    }
    out->text = ec_mustache_render(tmpl, view, find_template, (void *)b, &out->len, &err);
    free(tmpl);
    if (!out->text) {
        out->st = EC_BUILD_BAD_TEMPLATE;
        out->what = ec_xasprintf("template %s.mustache: ", name);
        out->detail = err ? err : ec_xstrdup("cannot render");
        err = NULL;
    }
    free(err);
}

/* Stages a rendering, or fails the build with its reason; frees it. Once
 * the build failed, the first reason stands (`every`: all of them are
 * logged, but still nothing more is staged). */
static void stage_rendered(build *b, rendered *r, bool every)
{
    char *err = NULL;
    if (!r->rel) {
        /* not rendered */
    } else if (r->st != EC_BUILD_OK) {
        if (b->status == EC_BUILD_OK || every)
            fail(b, r->st, r->what, r->detail);
    } else if (b->status == EC_BUILD_OK && !ec_out_stage(b->out, r->rel, r->text, r->len, &err)) {
        fail(b, EC_BUILD_WRITE_FAILED, "", err);
    }
    free(err);
    free(r->rel);
    free(r->text);
    free(r->what);
    free(r->detail);
}

static bool wanted(const build *b, unsigned kind)
{
    return b->status == EC_BUILD_OK && (!b->o->kinds || (b->o->kinds & kind));
}

/* The outputs made from one view: a locale's pages, or the C header. */
typedef struct {
    const build *b;
    const ec_locale *l; /* NULL: the header */
    rendered out[3];
} view_job;

static void locale_outputs(const build *b, const ec_locale *l, rendered *out)
{
    if (!wanted(b, EC_OUT_MD | EC_OUT_HTML | EC_OUT_DOCS))
        return; /* no view to build */
    ec_arena arena = {0};
    ec_value *view = ec_view_locale(b->c, l, &arena);
    if (wanted(b, EC_OUT_MD))
        render_to(b, "md", view, ec_xasprintf("md/%s.md", l->tag), &out[0]);
    if (wanted(b, EC_OUT_HTML))
        render_to(b, "html", view, ec_xasprintf("html/%s.html", l->tag), &out[1]);
    if (wanted(b, EC_OUT_DOCS)) {
        char *name = ec_xasprintf("docs/%s.md", l->tag);
        render_to(b, has_template(b, name) ? name : "docs/default.md", view,
                  ec_xasprintf("docs/%s.md", l->tag), &out[2]);
        free(name);
    }
    ec_arena_free(&arena); /* the whole view */
}

static void header_output(const build *b, rendered *out)
{
    if (!wanted(b, EC_OUT_C))
        return;
    ec_arena arena = {0};
    ec_value *view = ec_view_header(b->c, &arena);
    render_to(b, "header.h", view, ec_xasprintf("include/%s.h", b->c->name), out);
    ec_arena_free(&arena);
}

static void view_outputs(size_t i, void *ctx)
{
    view_job *j = &((view_job *)ctx)[i];
    if (j->l)
        locale_outputs(j->b, j->l, j->out);
    else
        header_output(j->b, j->out);
}

/* Every locale's pages and the header, one job each. */
static view_job *view_jobs(build *b, size_t *n)
{
    view_job *jobs = ec_xcalloc(b->c->nlocales + 1, sizeof *jobs);
    *n = 0;
    for (size_t i = 0; i < b->c->nlocales; i++) {
        const ec_locale *l = &b->c->locales[i];
        if (l->usable && ec_locale_selected(l->tag, b->o->only_locales))
            jobs[(*n)++] = (view_job){.b = b, .l = l};
    }
    jobs[(*n)++] = (view_job){.b = b, .l = NULL};
    return jobs;
}

typedef struct {
    const ec_catalog *c;
    const ec_locale *l;
    const char *ref_base;
} po_job;

static bool po_writer(const char *tmp, void *ctx, char **err)
{
    po_job *j = ctx;
    return ec_po_write(j->c, j->l, tmp, j->ref_base, err);
}

/* PO references name the YAML files relative to the catalog's parent, so
 * they read "i18n/ko.yaml" wherever the catalog lives. */
static char *ref_base_of(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    while (n > 0 && dir[n - 1] != '/')
        n--;
    return ec_xstrndup(dir, n);
}

/* The PO template and each translation's PO file, written by libgettextpo
 * one after another (it is not thread-safe), into `out` (a rendering per
 * locale and one for the template, at index nlocales). */
static void po_outputs(const build *b, rendered *out)
{
    if (!wanted(b, EC_OUT_PO))
        return;
    char *base = ref_base_of(b->c->dir);
    const ec_locale *src = ec_catalog_source(b->c);
    for (size_t i = 0; src && i <= b->c->nlocales; i++) {
        const ec_locale *l = i < b->c->nlocales ? &b->c->locales[i] : NULL;
        if (l && (l == src || !l->usable ||
                  !ec_locale_selected(l->tag, b->o->only_locales)))
            continue;
        po_job j = {b->c, l, base};
        rendered *r = &out[i];
        r->rel = l ? ec_xasprintf("po/%s.po", l->tag) : ec_xasprintf("po/%s.pot", b->c->name);
        r->text = ec_out_produce(po_writer, &j, &r->len, &r->detail);
        if (!r->text) {
            r->st = EC_BUILD_WRITE_FAILED;
            r->what = ec_xstrdup("");
        }
    }
    free(base);
}

/* libgettextpo's writer finds the length of every character of a UTF-8
 * text with iconv(), one call per byte it adds; with OLD_PO_FILE_OUTPUT set
 * it takes each byte as it is, which for valid UTF-8 (all errcat writes:
 * see po.c) gives the same bytes at twice the speed. Its only other effect,
 * a backslash after a multibyte character ending in 0x5C, cannot happen in
 * UTF-8. Set while no other thread runs, restored afterwards. */
static char *po_fast_begin(void)
{
    const char *old = getenv("OLD_PO_FILE_OUTPUT");
    char *saved = old ? ec_xstrdup(old) : NULL;
    setenv("OLD_PO_FILE_OUTPUT", "1", 1);
    return saved;
}

static void po_fast_end(char *saved)
{
    if (saved)
        setenv("OLD_PO_FILE_OUTPUT", saved, 1);
    else
        unsetenv("OLD_PO_FILE_OUTPUT");
    free(saved);
}

/* The pages and the header are rendered on the other cores while this
 * thread writes the PO files; then everything is staged in a fixed order
 * (pages and header by locale, then PO), so that outputs and log do not
 * depend on the threads. */
static void stage_all(build *b)
{
    size_t n = 0;
    view_job *jobs = view_jobs(b, &n);
    rendered *po = ec_xcalloc(b->c->nlocales + 1, sizeof *po);
    char *saved = po_fast_begin();
    ec_parallel *p = ec_parallel_start(n, view_outputs, jobs);
    po_outputs(b, po);
    ec_phase("po (other cores: md, html, docs, header)");
    ec_parallel_finish(p);
    po_fast_end(saved);
    ec_phase("md, html, docs, header");
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < 3; k++)
            stage_rendered(b, &jobs[i].out[k], false);
    bool views_ok = b->status == EC_BUILD_OK;
    for (size_t i = 0; i <= b->c->nlocales; i++)
        stage_rendered(b, &po[i], views_ok);
    free(jobs);
    free(po);
    ec_phase("stage");
}

static void report_changes(build *b)
{
    size_t n = ec_out_count(b->out), changed = ec_out_changed(b->out);
    for (size_t i = 0; i < n && b->o->check_only; i++) {
        bool ch;
        const char *path = ec_out_path(b->out, i, &ch);
        if (ch)
            ec_buf_printf(&b->log, "%s: out of date\n", path);
    }
    if (b->o->check_only && changed)
        b->status = EC_BUILD_OUT_OF_DATE;
    ec_buf_printf(&b->log, "errcat: %zu output%s, %zu %s, %zu unchanged\n", n, n == 1 ? "" : "s",
                  changed, b->o->check_only ? "out of date" : "written", n - changed);
}

ec_build_status ec_build(const ec_catalog *c, const ec_build_options *o, char **log)
{
    build b = {c, o, ec_out_new(o->out_dir ? o->out_dir : "out", o->check_only), {0},
               EC_BUILD_OK};
    if (!c->name) {
        fail(&b, EC_BUILD_BAD_TEMPLATE, "the catalog has no usable name", "");
    } else {
        stage_all(&b);
    }
    char *err = NULL;
    if (b.status == EC_BUILD_OK) {
        if (!o->check_only && !ec_out_commit(b.out, &err)) {
            fail(&b, EC_BUILD_WRITE_FAILED, "", err);
            free(err);
        } else {
            report_changes(&b);
        }
        ec_phase("commit");
    } else {
        ec_buf_puts(&b.log, "errcat: nothing was written\n");
    }
    ec_out_free(b.out);
    *log = ec_buf_take(&b.log);
    return b.status;
}
