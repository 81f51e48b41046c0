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

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The manifest below the output directory: what errcat wrote there. */
#define MANIFEST ".errcat-outputs"
/* What write_temp() in output.c appends to an output's name: mkstemp()'s
 * six letters and digits after it. */
#define TEMP_INFIX ".errcat-"
#define TEMP_RANDOM 6

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
    char **rels; /* the outputs staged, below the output directory */
    size_t nrels;
    char *ref_name;  /* the catalog directory's name, for PO references */
    char **gone;     /* the files of an earlier build to remove */
    bool *gone_temp; /* ... and whether each is a temporary file */
    size_t ngone;
} build;

/* The templates directory in effect: --templates, else the catalog's
 * `templates:`, else none (the built-in templates only). */
static const char *templates_dir(const build *b)
{
    return b->o->templates_dir ? b->o->templates_dir : b->c->templates_dir;
}

/* A template by name (no ".mustache"): the user's directory first, then the
 * built-in one. NULL when neither has it. */
static char *find_template(const char *name, void *ctx)
{
    const build *b = ctx;
    if (templates_dir(b)) {
        char *path = ec_xasprintf("%s/%s.mustache", templates_dir(b), name);
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

/* The file template `name` comes from, for messages: its path in the
 * templates directory, or "name.mustache" for a built-in one. */
static char *template_file(const build *b, const char *name)
{
    if (templates_dir(b)) {
        char *path = ec_xasprintf("%s/%s.mustache", templates_dir(b), name);
        struct stat st;
        if (stat(path, &st) == 0)
            return path;
        free(path);
    }
    return ec_xasprintf("%s.mustache", name);
}

static bool has_template(const build *b, const char *name)
{
    char *t = find_template(name, (void *)b);
    free(t);
    return t != NULL;
}

/* Whether template text `t`, or a partial or parent it includes, names a
 * field beginning "md_" (a locale view's Markdown cells). Names in a
 * template are written out, so a template without "md_" anywhere in its
 * text or its partials' never asks for them; a chain of partials deeper than
 * a template needs counts as asking. */
static bool uses_markdown(const build *b, const char *t, int depth)
{
    bool md = depth > 8 || strstr(t, "md_") != NULL;
    char **parts = md ? NULL : ec_mustache_partials(t);
    for (size_t i = 0; parts && parts[i]; i++) {
        char *part = md ? NULL : find_template(parts[i], (void *)b);
        if (part)
            md = uses_markdown(b, part, depth + 1);
        free(part);
        free(parts[i]);
    }
    free(parts);
    return md;
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

/* One output of the build: its place in the session, and why it could not
 * be made. Made on any thread, reported on the main one, in a fixed order. */
typedef struct {
    bool made;           /* this build makes the output */
    size_t slot;         /* its index in the ec_out session */
    ec_build_status st;  /* EC_BUILD_OK, or why it failed */
    char *what, *detail; /* fail()'s words when st is not EC_BUILD_OK */
} result;

/* Hands a piece of a rendering to the output file being staged. */
static bool to_file(const char *data, size_t len, void *ctx)
{
    return ec_out_write(ctx, data, len);
}

/* Renders template `name` with `view` straight into the output of `res`
 * (compared with the disk, written to its temporary file as it comes); a
 * locale view (`locale_view`) is told first whether the template uses its
 * Markdown cells. */
static void render_to(const build *b, const char *name, ec_value *view, bool locale_view,
                      result *res)
{
    char *tmpl = find_template(name, (void *)b), *err = NULL;
    if (!tmpl) {
        res->st = EC_BUILD_BAD_TEMPLATE;
        res->what = ec_xasprintf("no template %s.mustache", name);
        res->detail = ec_xstrdup(templates_dir(b) ? " in the templates directory or built in" : "");
        return;
    }
    if (locale_view)
        ec_view_markdown(view, uses_markdown(b, tmpl, 0));
    ec_out_file *f = ec_out_open(b->out, res->slot);
    bool ok = ec_mustache_render_strict_to(tmpl, view, find_template, (void *)b, to_file, f, &err);
    free(tmpl);
    if (!ok && err) { /* the template's fault */
        ec_out_discard(f);
        res->st = EC_BUILD_BAD_TEMPLATE;
        char *path = template_file(b, name);
        res->what = ec_xasprintf("template %s: ", path);
        free(path);
        res->detail = err;
    } else if (!ec_out_close(f, &res->detail)) { /* the writing's */
        res->st = EC_BUILD_WRITE_FAILED;
        res->what = ec_xstrdup("");
    }
}

/* Reports why output `res` failed, if it did, and frees its words. Once
 * the build failed, the first reason stands (`every`: all of them are
 * logged). */
static void report_result(build *b, result *res, bool every)
{
    if (res->made && res->st != EC_BUILD_OK && (b->status == EC_BUILD_OK || every))
        fail(b, res->st, kind_of(res->st), res->what, res->detail);
    free(res->what);
    free(res->detail);
}

static bool wanted(const build *b, unsigned kind)
{
    return b->status == EC_BUILD_OK && (!b->o->kinds || (b->o->kinds & kind));
}

/* The outputs made from one view, in the order they are listed: a locale's
 * pages; the C header and each PO file are jobs of one output. */
enum { PAGE_MD, PAGE_HTML, PAGE_DOCS, PAGES };

typedef enum { JOB_PAGES, JOB_HEADER, JOB_PO } job_kind;

typedef struct {
    const build *b;
    job_kind kind;
    const ec_locale *l; /* the locale; NULL for the PO template */
    result out[PAGES];  /* JOB_PAGES: md, html, docs; the others: out[0] */
} job;

/* A locale's pages, rendered from one view built for them. */
static void locale_outputs(const build *b, const ec_locale *l, result *out)
{
    ec_arena arena = {0};
    ec_value *view = ec_view_locale(b->c, l, &arena);
    char *docs = ec_xasprintf("docs/%s.md", l->tag);
    const char *name[PAGES] = {"md", "html", has_template(b, docs) ? docs : "docs/default.md"};
    for (int p = 0; p < PAGES; p++) {
        if (!out[p].made)
            continue;
        render_to(b, name[p], view, true, &out[p]);
    }
    free(docs);
    ec_arena_free(&arena); /* the whole view */
}

static void header_output(const build *b, result *out)
{
    ec_arena arena = {0};
    ec_value *view = ec_view_header(b->c, &arena);
    render_to(b, "header.h", view, false, out);
    ec_arena_free(&arena);
}

/* The PO template (l NULL) or a translation's PO file, rendered by
 * errcat's PO writer (thread-safe) straight into its place in the session,
 * piece by piece. */
static void po_output(const build *b, const ec_locale *l, result *out)
{
    ec_out_file *f = ec_out_open(b->out, out->slot);
    char *err = NULL;
    bool ok = ec_po_render_to(b->c, l, b->ref_name, b->o->source_date_epoch, to_file, f, &err);
    if (!ok && err) { /* nothing to render */
        ec_out_discard(f);
        out->st = EC_BUILD_WRITE_FAILED;
        out->what = ec_xstrdup("");
        out->detail = err;
    } else if (!ec_out_close(f, &out->detail)) { /* the writing's */
        out->st = EC_BUILD_WRITE_FAILED;
        out->what = ec_xstrdup("");
    }
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

/* Makes the outputs of job i (ec_parallel_for()'s task). */
static void run_job(size_t i, void *ctx)
{
    job *j = &((job *)ctx)[i];
    switch (j->kind) {
    case JOB_PAGES: locale_outputs(j->b, j->l, j->out); break;
    case JOB_HEADER: header_output(j->b, j->out); break;
    case JOB_PO: po_output(j->b, j->l, j->out); break;
    }
}

/* Adds output `rel` (taken) to the session and the list of outputs. */
static void add_output(build *b, char *rel, result *res)
{
    res->made = true;
    res->slot = ec_out_add(b->out, rel);
    b->rels = ec_xrealloc(b->rels, (b->nrels + 1) * sizeof *b->rels);
    b->rels[b->nrels++] = rel;
}

/* The jobs of this build, in the order their outputs are listed: each
 * locale's pages, the header, each translation's PO file, the PO template. */
static job *plan_jobs(build *b, size_t *n)
{
    const ec_catalog *c = b->c;
    job *jobs = ec_xcalloc(2 * c->nlocales + 2, sizeof *jobs);
    *n = 0;
    for (size_t i = 0; i < c->nlocales && wanted(b, EC_OUT_MD | EC_OUT_HTML | EC_OUT_DOCS); i++) {
        const ec_locale *l = &c->locales[i];
        if (!l->usable || !ec_locale_selected(l->tag, b->o->only_locales))
            continue;
        job *j = &jobs[(*n)++];
        *j = (job){.b = b, .kind = JOB_PAGES, .l = l};
        if (wanted(b, EC_OUT_MD))
            add_output(b, ec_xasprintf("md/%s.md", l->tag), &j->out[PAGE_MD]);
        if (wanted(b, EC_OUT_HTML))
            add_output(b, ec_xasprintf("html/%s.html", l->tag), &j->out[PAGE_HTML]);
        if (wanted(b, EC_OUT_DOCS))
            add_output(b, ec_xasprintf("docs/%s.md", l->tag), &j->out[PAGE_DOCS]);
    }
    if (wanted(b, EC_OUT_C)) {
        jobs[*n] = (job){.b = b, .kind = JOB_HEADER};
        add_output(b, ec_xasprintf("include/%s.h", c->name), &jobs[(*n)++].out[0]);
    }
    const ec_locale *src = ec_catalog_source(c);
    for (size_t i = 0; src && wanted(b, EC_OUT_PO) && i <= c->nlocales; i++) {
        const ec_locale *l = i < c->nlocales ? &c->locales[i] : NULL;
        if (l && (l == src || !l->usable || !ec_locale_selected(l->tag, b->o->only_locales)))
            continue;
        jobs[*n] = (job){.b = b, .kind = JOB_PO, .l = l};
        add_output(b, l ? ec_xasprintf("po/%s.po", l->tag) : ec_xasprintf("po/%s.pot", c->name),
                   &jobs[(*n)++].out[0]);
    }
    return jobs;
}

/* Renders every output straight into its place in the session, so that no
 * output is held whole in memory: pages, header and PO files, one job each,
 * on every core; then the failures are reported in
 * the fixed order of the outputs (pages and header by locale, then PO), so
 * that outputs and log do not depend on the threads. */
static void stage_all(build *b)
{
    size_t n = 0, npages = 0;
    b->ref_name = ref_name_of(b->c->dir);
    job *jobs = plan_jobs(b, &n);
    while (npages < n && jobs[npages].kind != JOB_PO)
        npages++;
    ec_parallel_for(n, run_job, jobs);
    ec_phase("md, html, docs, header, po");
    for (size_t i = 0; i < npages; i++)
        for (size_t k = 0; k < PAGES; k++)
            report_result(b, &jobs[i].out[k], false);
    bool views_ok = b->status == EC_BUILD_OK;
    for (size_t i = npages; i < n; i++)
        report_result(b, &jobs[i].out[0], views_ok);
    free(jobs);
}

/* ------------------------------------------------------- templates */

/* qsort() and bsearch() order of strings. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds `name` to the list `v` (NULL-terminated, *n long) unless there. */
static bool add_name(char ***v, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*v)[i], name))
            return false;
    *v = ec_xrealloc(*v, (*n + 2) * sizeof **v);
    (*v)[(*n)++] = ec_xstrdup(name);
    (*v)[*n] = NULL;
    return true;
}

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* The names (without ".mustache") of the *.mustache files below `dir`
 * (`sub`: the path so far, "" at the top), a few levels deep. */
static void list_templates(const char *dir, const char *sub, int depth, char ***v, size_t *n)
{
    char *path = *sub ? ec_xasprintf("%s/%s", dir, sub) : ec_xstrdup(dir);
    DIR *d = depth < 8 ? opendir(path) : NULL;
    struct dirent *de;
    while (d && (de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char *rel = *sub ? ec_xasprintf("%s/%s", sub, de->d_name) : ec_xstrdup(de->d_name);
        char *full = ec_xasprintf("%s/%s", dir, rel);
        struct stat st;
        size_t len = strlen(rel), ext = strlen(".mustache");
        if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
            list_templates(dir, rel, depth + 1, v, n);
        } else if (len > ext && !strcmp(rel + len - ext, ".mustache")) {
            rel[len - ext] = '\0';
            add_name(v, n, rel);
        }
        free(full);
        free(rel);
    }
    if (d)
        closedir(d);
    free(path);
}

/* The templates an output of this catalog is rendered from, and every
 * partial or parent they include, however deep. */
static void used_templates(const build *b, char ***v, size_t *n)
{
    add_name(v, n, "md");
    add_name(v, n, "html");
    add_name(v, n, "header.h");
    add_name(v, n, "docs/default.md");
    for (size_t i = 0; i < b->c->nlocales; i++) {
        char *name = ec_xasprintf("docs/%s.md", b->c->locales[i].tag);
        add_name(v, n, name);
        free(name);
    }
    for (size_t i = 0; i < *n; i++) { /* the list grows as it is walked */
        char *text = find_template((*v)[i], (void *)b);
        char **parts = ec_mustache_partials(text);
        for (size_t k = 0; parts[k]; k++) {
            add_name(v, n, parts[k]);
            free(parts[k]);
        }
        free(parts);
        free(text);
    }
}

/* The templates directory must be one; a template file in it that no
 * output uses (a misspelt name) is a warning naming the ones used. */
static void check_templates(build *b)
{
    const char *dir = templates_dir(b);
    if (!dir)
        return;
    struct stat st;
    const char *why = !*dir ? "no directory named"
                      : stat(dir, &st) != 0
                          ? (errno == ENOENT ? "no such directory" : strerror(errno))
                      : !S_ISDIR(st.st_mode) ? "not a directory"
                                             : NULL;
    if (why && !b->o->templates_dir) {
        /* the catalog's `templates:`, at its place in catalog.yaml */
        ec_report_add(b->r, b->c->meta_path, b->c->templates_pos, EC_SEV_ERROR, EC_CHECK_TEMPLATE,
                      "", "", "templates '%s': %s (%s)", b->c->templates, why, dir);
        b->status = EC_BUILD_BAD_TEMPLATE;
        return;
    }
    if (why) {
        char *detail = ec_xasprintf("'%s': %s", dir, why);
        fail(b, EC_BUILD_BAD_TEMPLATE, EC_CHECK_TEMPLATE, "templates directory ", detail);
        free(detail);
        return;
    }
    char **files = NULL, **used = NULL;
    size_t nfiles = 0, nused = 0;
    list_templates(dir, "", 0, &files, &nfiles);
    used_templates(b, &used, &nused);
    if (nfiles)
        qsort(files, nfiles, sizeof *files, cmp_str);
    if (nused)
        qsort(used, nused, sizeof *used, cmp_str);
    for (size_t i = 0; i < nfiles; i++) {
        size_t k = 0;
        while (k < nused && strcmp(used[k], files[i]) != 0)
            k++;
        if (k < nused)
            continue;
        ec_buf known = {0};
        for (size_t j = 0; j < nused; j++)
            ec_buf_printf(&known, "%s%s.mustache", j ? ", " : "", used[j]);
        char *path = ec_xasprintf("%s/%s.mustache", dir, files[i]);
        ec_pos none = {0, 0};
        ec_report_add(b->r, path, none, EC_SEV_WARNING, EC_CHECK_TEMPLATE, "", "",
                      "no output uses this template (errcat uses %s)", known.data);
        free(path);
        ec_buf_free(&known);
    }
    free_names(files, nfiles);
    free_names(used, nused);
}

/* -------------------------------------------------------- manifest */

static bool listed(char **sorted, size_t n, const char *s)
{
    return n && bsearch(&s, sorted, n, sizeof *sorted, cmp_str) != NULL;
}

/* Whether `rel` is a file that output kind pattern `pat` (`plen` bytes:
 * "md/<locale>.md") names; *locale receives the locale (malloc'd) when the
 * pattern has one. The placeholder stands for one non-empty path component
 * other than "." and "..". */
static bool matches(const char *pat, size_t plen, const char *rel, char **locale)
{
    const char *lt = memchr(pat, '<', plen),
               *gt = lt ? memchr(lt, '>', plen - (size_t)(lt - pat)) : NULL;
    if (!gt)
        return false;
    size_t pre = (size_t)(lt - pat), suf = plen - (size_t)(gt + 1 - pat), n = strlen(rel);
    if (n <= pre + suf || strncmp(rel, pat, pre) != 0 || strncmp(rel + n - suf, gt + 1, suf) != 0)
        return false;
    char *mid = ec_xstrndup(rel + pre, n - pre - suf);
    bool ok = !strchr(mid, '/') && strcmp(mid, ".") != 0 && strcmp(mid, "..") != 0;
    if (ok && !strncmp(lt, "<locale>", 8))
        *locale = mid;
    else
        free(mid);
    return ok;
}

/* The output kind (EC_OUT_* bit) of a path below the output directory, and
 * its locale (malloc'd; NULL for the header and the PO template); 0 for a
 * path that no output kind writes. */
static unsigned kind_of_path(const char *rel, char **locale)
{
    *locale = NULL;
    for (size_t i = 0; i < NKINDS; i++) {
        for (const char *p = kinds[i].files; *p;) {
            size_t len = strcspn(p, " ");
            if (matches(p, len, rel, locale))
                return kinds[i].bit;
            p += len + (p[len] == ' ');
        }
    }
    return 0;
}

/* Whether this build decides about output `rel` of kind `bit`: a kind it
 * writes, and for a locale's file, a locale it writes (not one left out by
 * --locale, nor a locale of the catalog that cannot be read). */
static bool in_scope(const build *b, unsigned bit, const char *locale)
{
    if (b->o->kinds && !(b->o->kinds & bit))
        return false;
    if (!locale)
        return true;
    if (!ec_locale_selected(locale, b->o->only_locales))
        return false;
    for (size_t i = 0; i < b->c->nlocales; i++)
        if (!strcmp(b->c->locales[i].tag, locale) && !b->c->locales[i].usable)
            return false;
    return true;
}

/* A regular file (not a link, a directory) at dir/rel? */
static bool regular_file(const build *b, const char *rel)
{
    char *path = ec_xasprintf("%s/%s", b->o->out_dir ? b->o->out_dir : "out", rel);
    struct stat st;
    bool ok = lstat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    return ok;
}

static void to_remove(build *b, const char *rel, bool temp)
{
    b->gone = ec_xrealloc(b->gone, (b->ngone + 1) * sizeof *b->gone);
    b->gone_temp = ec_xrealloc(b->gone_temp, (b->ngone + 1) * sizeof *b->gone_temp);
    b->gone[b->ngone] = ec_xstrdup(rel);
    b->gone_temp[b->ngone++] = temp;
    ec_out_remove(b->out, rel);
}

/* The entries of the old manifest that name an output errcat writes, sorted. */
static char **old_manifest(const build *b, size_t *n)
{
    char *path = ec_xasprintf("%s/%s", b->o->out_dir ? b->o->out_dir : "out", MANIFEST);
    size_t len;
    char *text = ec_read_file(path, &len);
    free(path);
    char **v = ec_xmalloc(sizeof *v);
    *n = 0;
    for (char *line = text, *end; line && *line; line = end + (*end != '\0')) {
        end = line + strcspn(line, "\n");
        char *rel = ec_xstrndup(line, (size_t)(end - line)), *locale = NULL;
        if (kind_of_path(rel, &locale)) {
            v = ec_xrealloc(v, (*n + 2) * sizeof *v);
            v[(*n)++] = rel;
        } else {
            free(rel);
        }
        free(locale);
    }
    v[*n] = NULL;
    free(text);
    qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

/* The temporary files next to the files `rels` (sorted) that an interrupted
 * build left: "<file>.errcat-XXXXXX", in the directories of those files,
 * other than this build's own. */
static void find_temporaries(build *b, char **rels, size_t n)
{
    const char *out = b->o->out_dir ? b->o->out_dir : "out";
    char **dirs = NULL, **found = NULL;
    size_t ndirs = 0, nfound = 0;
    for (size_t i = 0; i < n; i++) {
        const char *slash = strrchr(rels[i], '/');
        char *d = slash ? ec_xstrndup(rels[i], (size_t)(slash - rels[i])) : ec_xstrdup("");
        add_name(&dirs, &ndirs, d);
        free(d);
    }
    for (size_t i = 0; i < ndirs; i++) {
        char *path = *dirs[i] ? ec_xasprintf("%s/%s", out, dirs[i]) : ec_xstrdup(out);
        DIR *d = opendir(path);
        struct dirent *de;
        while (d && (de = readdir(d))) {
            size_t len = strlen(de->d_name), tail = strlen(TEMP_INFIX) + TEMP_RANDOM;
            const char *rnd = de->d_name + len - TEMP_RANDOM;
            if (len <= tail || strncmp(rnd - strlen(TEMP_INFIX), TEMP_INFIX, strlen(TEMP_INFIX)) ||
                strspn(rnd, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") !=
                    TEMP_RANDOM)
                continue;
            char *base = ec_xstrndup(de->d_name, len - tail);
            char *of = *dirs[i] ? ec_xasprintf("%s/%s", dirs[i], base) : ec_xstrdup(base);
            char *rel =
                *dirs[i] ? ec_xasprintf("%s/%s", dirs[i], de->d_name) : ec_xstrdup(de->d_name);
            if (listed(rels, n, of) && regular_file(b, rel) && !ec_out_is_temp(b->out, rel))
                add_name(&found, &nfound, rel);
            free(base);
            free(of);
            free(rel);
        }
        if (d)
            closedir(d);
        free(path);
    }
    if (nfound)
        qsort(found, nfound, sizeof *found, cmp_str);
    for (size_t i = 0; i < nfound; i++)
        to_remove(b, found[i], true);
    free_names(found, nfound);
    free_names(dirs, ndirs);
}

/* Stages the new manifest and schedules the removal of what the old one
 * lists and this build no longer produces, and of left temporary files.
 * The new manifest lists the outputs staged and the old entries this build
 * does not decide about (other kinds, other locales) that are still there. */
static void plan_manifest(build *b)
{
    size_t nold = 0, nall = 0;
    char **old = old_manifest(b, &nold), **all = NULL;
    qsort(b->rels, b->nrels, sizeof *b->rels, cmp_str);
    for (size_t i = 0; i < b->nrels; i++)
        add_name(&all, &nall, b->rels[i]);
    for (size_t i = 0; i < nold; i++) {
        char *locale = NULL;
        unsigned bit = kind_of_path(old[i], &locale);
        if (listed(b->rels, b->nrels, old[i]) || !regular_file(b, old[i])) {
            /* produced now, or gone */
        } else if (in_scope(b, bit, locale)) {
            to_remove(b, old[i], false);
        } else {
            add_name(&all, &nall, old[i]);
        }
        free(locale);
    }
    ec_buf text = {0};
    if (nall)
        qsort(all, nall, sizeof *all, cmp_str);
    for (size_t i = 0; i < nall; i++)
        ec_buf_printf(&text, "%s\n", all[i]);
    /* temporaries of the files written now, before, and of the manifest */
    for (size_t i = 0; i < nold; i++)
        add_name(&all, &nall, old[i]);
    add_name(&all, &nall, MANIFEST);
    qsort(all, nall, sizeof *all, cmp_str);
    find_temporaries(b, all, nall);
    char *err = NULL;
    if (!ec_out_stage_manifest(b->out, MANIFEST, text.data ? text.data : "", text.len, &err))
        fail(b, EC_BUILD_WRITE_FAILED, EC_CHECK_OUTPUT, "", err);
    free(err);
    ec_buf_free(&text);
    free_names(all, nall);
    free_names(old, nold);
}

/* The files of an earlier build removed (or, check_only, to remove). */
static void report_removals(build *b)
{
    for (size_t i = 0; i < b->ngone; i++) {
        char *path = ec_xasprintf("%s/%s", b->o->out_dir ? b->o->out_dir : "out", b->gone[i]);
        ec_pos none = {0, 0};
        const char *what = b->gone_temp[i] ? "a temporary file of an interrupted errcat build"
                                           : "no longer produced";
        if (b->o->check_only)
            ec_report_add(b->r, path, none, EC_SEV_ERROR, EC_CHECK_OUTPUT, "", "",
                          "%s (errcat build removes it)", what);
        else
            ec_report_add(b->r, path, none, EC_SEV_WARNING, EC_CHECK_OUTPUT, "", "", "removed (%s)",
                          what);
        free(path);
    }
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
    if (b->o->check_only && ec_out_manifest_changed(b->out)) {
        ec_pos none = {0, 0};
        char *path = ec_xasprintf("%s/%s", b->o->out_dir ? b->o->out_dir : "out", MANIFEST);
        ec_report_add(b->r, path, none, EC_SEV_ERROR, EC_CHECK_OUTPUT, "", "", "out of date");
        free(path);
    }
    report_removals(b);
    if (b->o->check_only && (ec_out_changed(b->out) || ec_out_manifest_changed(b->out) || b->ngone))
        b->status = EC_BUILD_OUT_OF_DATE;
}

ec_build_status ec_build(const ec_catalog *c, const ec_build_options *o, ec_report *r,
                         ec_build_result *res)
{
    build b = {.c = c,
               .o = o,
               .out = ec_out_new(o->out_dir ? o->out_dir : "out", o->check_only, false),
               .r = r,
               .status = EC_BUILD_OK};
    ec_build_result counts = {false, 0, 0, 0};
    if (!c->name) {
        fail(&b, EC_BUILD_BAD_TEMPLATE, EC_CHECK_OUTPUT, "the catalog has no usable name", "");
    } else {
        check_templates(&b);
        if (b.status == EC_BUILD_OK)
            stage_all(&b);
        if (b.status == EC_BUILD_OK)
            plan_manifest(&b);
    }
    char *err = NULL;
    if (b.status == EC_BUILD_OK) {
        /* every output was rendered and compared: the counts hold, even
         * when the commit then fails */
        counts = (ec_build_result){true, ec_out_count(b.out), ec_out_changed(b.out), b.ngone};
        if (!o->check_only && !ec_out_commit(b.out, &err)) {
            fail(&b, EC_BUILD_WRITE_FAILED, EC_CHECK_OUTPUT, "", err);
            free(err);
        } else {
            report_changes(&b);
        }
        ec_phase("commit");
    }
    ec_out_free(b.out);
    free_names(b.rels, b.nrels);
    free(b.ref_name);
    free_names(b.gone, b.ngone);
    free(b.gone_temp);
    if (res)
        *res = counts;
    return b.status;
}
