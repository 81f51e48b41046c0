/* errcat build: view models through templates into staged output files. */
#define _XOPEN_SOURCE 700 /* realpath() */

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

/* The output kinds, in the order --only and `errcat build --help` list
 * them: the name --only takes, the EC_OUT_* bit, and the files the kind
 * writes below the output directory (separated by blanks). */
static const struct {
    const char *name;
    unsigned bit;
    const char *files;
} kinds[] = {
    {"md", EC_OUT_MD, "md/<locale>.md"},
    {"html", EC_OUT_HTML, "html/<locale>.html"},
    {"docs", EC_OUT_DOCS, "docs/<locale>.md"},
    {"c", EC_OUT_C, "include/<name>.h"},
    {"po", EC_OUT_PO, "po/<name>.pot po/<locale>.po"},
};

#define NKINDS (sizeof kinds / sizeof *kinds)

unsigned ec_output_kind(const char *name)
{
    for (size_t i = 0; i < NKINDS; i++)
        if (!strcmp(kinds[i].name, name))
            return kinds[i].bit;
    return 0;
}

const char *ec_output_kind_name(size_t i)
{
    return i < NKINDS ? kinds[i].name : NULL;
}

const char *ec_output_kind_files(size_t i)
{
    return i < NKINDS ? kinds[i].files : NULL;
}

typedef struct {
    const ec_catalog *c;
    const ec_build_options *o;
    ec_out *out;
    ec_report *r;
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

/* Reports "<what><detail>" (a finding without a file: the message names
 * what failed) and raises the status to `st`. */
static void fail(build *b, ec_build_status st, ec_check_id kind, const char *what,
                 const char *detail)
{
    ec_pos none = {0, 0};
    ec_report_add(b->r, "", none, EC_SEV_ERROR, kind, "", "", "%s%s", what, detail);
    if (b->status < st)
        b->status = st;
}

/* The kind of finding of a failed rendering or staging. */
static ec_check_id kind_of(ec_build_status st)
{
    return st == EC_BUILD_BAD_TEMPLATE ? EC_CHECK_TEMPLATE : EC_CHECK_OUTPUT;
}

/* One rendered output, or why there is none: made on any thread, staged
 * (or failed) on the main one, in a fixed order. */
typedef struct {
    char *rel;  /* the output's path below the output directory */
    char *text; /* the rendering */
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
        out->detail =
            ec_xstrdup(b->o->templates_dir ? " in the templates directory or built in" : "");
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
            fail(b, r->st, kind_of(r->st), r->what, r->detail);
    } else if (b->status == EC_BUILD_OK && !ec_out_stage(b->out, r->rel, r->text, r->len, &err)) {
        fail(b, EC_BUILD_WRITE_FAILED, EC_CHECK_OUTPUT, "", err);
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

/* The outputs made from one view, in the order they are staged: a locale's
 * pages, or the C header (in the first place). */
enum { PAGE_MD, PAGE_HTML, PAGE_DOCS, PAGES };

typedef struct {
    const build *b;
    const ec_locale *l; /* NULL: the header */
    rendered out[PAGES];
} view_job;

static void locale_outputs(const build *b, const ec_locale *l, rendered *out)
{
    if (!wanted(b, EC_OUT_MD | EC_OUT_HTML | EC_OUT_DOCS))
        return; /* no view to build */
    ec_arena arena = {0};
    ec_value *view = ec_view_locale(b->c, l, &arena);
    if (wanted(b, EC_OUT_MD))
        render_to(b, "md", view, ec_xasprintf("md/%s.md", l->tag), &out[PAGE_MD]);
    if (wanted(b, EC_OUT_HTML))
        render_to(b, "html", view, ec_xasprintf("html/%s.html", l->tag), &out[PAGE_HTML]);
    if (wanted(b, EC_OUT_DOCS)) {
        char *name = ec_xasprintf("docs/%s.md", l->tag);
        render_to(b, has_template(b, name) ? name : "docs/default.md", view,
                  ec_xasprintf("docs/%s.md", l->tag), &out[PAGE_DOCS]);
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
    const char *ref_name;
    long long source_date_epoch;
} po_job;

static bool po_writer(const char *tmp, void *ctx, char **err)
{
    po_job *j = ctx;
    return ec_po_write(j->c, j->l, tmp, j->ref_name, j->source_date_epoch, err);
}

/* PO references name the YAML files relative to the catalog directory,
 * behind the directory's own name, so they read "i18n/ko.yaml" however
 * the directory is spelled ("i18n", ".", "../x/i18n/", an absolute path):
 * the last component of its real path, or, when it has none (an
 * in-memory catalog), of the name as given. "" for the root. */
static char *ref_name_of(const char *dir)
{
    char *real = realpath(dir, NULL);
    const char *d = real ? real : dir;
    size_t n = strlen(d);
    while (n > 1 && d[n - 1] == '/')
        n--;
    size_t start = n;
    while (start > 0 && d[start - 1] != '/')
        start--;
    char *name = ec_xstrndup(d + start, n - start);
    free(real);
    return name;
}

/* The PO template and each translation's PO file, written by libgettextpo
 * one after another (it is not thread-safe), into `out` (a rendering per
 * locale and one for the template, at index nlocales). */
static void po_outputs(const build *b, rendered *out)
{
    if (!wanted(b, EC_OUT_PO))
        return;
    char *base = ref_name_of(b->c->dir);
    const ec_locale *src = ec_catalog_source(b->c);
    for (size_t i = 0; src && i <= b->c->nlocales; i++) {
        const ec_locale *l = i < b->c->nlocales ? &b->c->locales[i] : NULL;
        if (l && (l == src || !l->usable || !ec_locale_selected(l->tag, b->o->only_locales)))
            continue;
        po_job j = {b->c, l, base, b->o->source_date_epoch};
        rendered *r = &out[i];
        r->rel = l ? ec_xasprintf("po/%s.po", l->tag) : ec_xasprintf("po/%s.pot", b->c->name);
        r->text = ec_out_produce(b->o->tmp_dir, po_writer, &j, &r->len, &r->detail);
        if (!r->text) {
            r->st = EC_BUILD_WRITE_FAILED;
            r->what = ec_xstrdup("");
        }
    }
    free(base);
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
    ec_parallel *p = ec_parallel_start(n, view_outputs, jobs);
    po_outputs(b, po);
    ec_phase("po (other cores: md, html, docs, header)");
    ec_parallel_finish(p);
    ec_phase("md, html, docs, header");
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < PAGES; k++)
            stage_rendered(b, &jobs[i].out[k], false);
    bool views_ok = b->status == EC_BUILD_OK;
    for (size_t i = 0; i <= b->c->nlocales; i++)
        stage_rendered(b, &po[i], views_ok);
    free(jobs);
    free(po);
    ec_phase("stage");
}

/* With check_only, each output that would change is a finding. */
static void report_changes(build *b)
{
    size_t n = ec_out_count(b->out);
    for (size_t i = 0; i < n && b->o->check_only; i++) {
        bool ch;
        const char *path = ec_out_path(b->out, i, &ch);
        ec_pos none = {0, 0};
        if (ch)
            ec_report_add(b->r, path, none, EC_SEV_ERROR, EC_CHECK_OUTPUT, "", "", "out of date");
    }
    if (b->o->check_only && ec_out_changed(b->out))
        b->status = EC_BUILD_OUT_OF_DATE;
}

ec_build_status ec_build(const ec_catalog *c, const ec_build_options *o, ec_report *r,
                         ec_build_result *res)
{
    build b = {c, o, ec_out_new(o->out_dir ? o->out_dir : "out", o->check_only), r, EC_BUILD_OK};
    ec_build_result counts = {false, 0, 0};
    if (!c->name) {
        fail(&b, EC_BUILD_BAD_TEMPLATE, EC_CHECK_OUTPUT, "the catalog has no usable name", "");
    } else {
        stage_all(&b);
    }
    char *err = NULL;
    if (b.status == EC_BUILD_OK) {
        /* every output was rendered and compared: the counts hold, even
         * when the commit then fails */
        counts = (ec_build_result){true, ec_out_count(b.out), ec_out_changed(b.out)};
        if (!o->check_only && !ec_out_commit(b.out, &err)) {
            fail(&b, EC_BUILD_WRITE_FAILED, EC_CHECK_OUTPUT, "", err);
            free(err);
        } else {
            report_changes(&b);
        }
        ec_phase("commit");
    }
    ec_out_free(b.out);
    if (res)
        *res = counts;
    return b.status;
}
