/* errcat build: view models through templates into staged output files. */
#include "mustache.h"
#include "output.h"
#include "po.h"
#include "view.h"

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

static bool has_template(build *b, const char *name)
{
    char *t = find_template(name, b);
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

/* Renders template `name` with `view` and stages it as `rel`. */
static void render_to(build *b, const char *name, const ec_value *view, const char *rel)
{
    char *tmpl = find_template(name, b), *err = NULL;
    if (!tmpl) {
        char *what = ec_xasprintf("no template %s.mustache", name);
        fail(b, EC_BUILD_BAD_TEMPLATE, what,
             b->o->templates_dir ? " in the templates directory or built in" : "");
        free(what);
        return;
    }
    size_t len = 0;
    char *text = ec_mustache_render(tmpl, view, find_template, b, &len, &err);
    free(tmpl);
    if (!text) {
        char *where = ec_xasprintf("template %s.mustache: ", name);
        fail(b, EC_BUILD_BAD_TEMPLATE, where, err ? err : "cannot render");
        free(where);
    } else if (!ec_out_stage(b->out, rel, text, len, &err)) {
        fail(b, EC_BUILD_WRITE_FAILED, "", err);
    }
    free(text);
    free(err);
}

static bool wanted(const build *b, unsigned kind)
{
    return b->status == EC_BUILD_OK && (!b->o->kinds || (b->o->kinds & kind));
}

static void locale_outputs(build *b, const ec_locale *l)
{
    ec_arena arena = {0};
    ec_value *view = ec_view_locale(b->c, l, &arena);
    char *rel = NULL;
    if (wanted(b, EC_OUT_MD)) {
        rel = ec_xasprintf("md/%s.md", l->tag);
        render_to(b, "md", view, rel);
        free(rel);
    }
    if (wanted(b, EC_OUT_HTML)) {
        rel = ec_xasprintf("html/%s.html", l->tag);
        render_to(b, "html", view, rel);
        free(rel);
    }
    if (wanted(b, EC_OUT_DOCS)) {
        char *name = ec_xasprintf("docs/%s.md", l->tag);
        rel = ec_xasprintf("docs/%s.md", l->tag);
        render_to(b, has_template(b, name) ? name : "docs/default.md", view, rel);
        free(name);
        free(rel);
    }
    ec_arena_free(&arena); /* the whole view */
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

static void po_outputs(build *b)
{
    char *base = ref_base_of(b->c->dir), *err = NULL;
    const ec_locale *src = ec_catalog_source(b->c);
    for (size_t i = 0; src && i <= b->c->nlocales; i++) {
        const ec_locale *l = i < b->c->nlocales ? &b->c->locales[i] : NULL;
        if (l && (l == src || !l->usable ||
                  !ec_locale_selected(l->tag, b->o->only_locales)))
            continue;
        po_job j = {b->c, l, base};
        char *rel = l ? ec_xasprintf("po/%s.po", l->tag) : ec_xasprintf("po/%s.pot", b->c->name);
        if (!ec_out_stage_file(b->out, rel, po_writer, &j, &err))
            fail(b, EC_BUILD_WRITE_FAILED, "", err);
        free(err);
        err = NULL;
        free(rel);
    }
    free(base);
}

static void header_output(build *b)
{
    ec_arena arena = {0};
    ec_value *view = ec_view_header(b->c, &arena);
    char *rel = ec_xasprintf("include/%s.h", b->c->name);
    render_to(b, "header.h", view, rel);
    free(rel);
    ec_arena_free(&arena);
}

static void stage_all(build *b)
{
    for (size_t i = 0; i < b->c->nlocales && b->status == EC_BUILD_OK; i++) {
        const ec_locale *l = &b->c->locales[i];
        if (l->usable && ec_locale_selected(l->tag, b->o->only_locales))
            locale_outputs(b, l);
    }
    ec_phase("md, html, docs");
    if (b->status == EC_BUILD_OK && wanted(b, EC_OUT_C))
        header_output(b);
    ec_phase("header");
    if (b->status == EC_BUILD_OK && wanted(b, EC_OUT_PO))
        po_outputs(b);
    ec_phase("po");
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
