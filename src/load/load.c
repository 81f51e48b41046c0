/* Loading a catalog directory: catalog.yaml, then the locale files on all
 * cores (src/load/yaml_load.c reads each). */
#include "load/yaml.h"

#include "base/buf.h"
#include "base/map.h"
#include "base/parallel.h"
#include "base/unicode.h"
#include "model/catalog.h"
#include "model/report.h"
#include "errcat/errcat.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *join(const char *dir, const char *file)
{
    size_t n = strlen(dir);
    return ec_xasprintf("%s%s%s", dir, (n && dir[n - 1] == '/') ? "" : "/", file);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The stems of DIR/<stem>.yaml other than catalog.yaml, sorted. */
static char **list_locale_files(const char *dir, size_t *count)
{
    char **v = NULL;
    size_t n = 0;
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            size_t len = strlen(de->d_name);
            if (len <= 5 || strcmp(de->d_name + len - 5, ".yaml") != 0 ||
                !strcmp(de->d_name, "catalog.yaml") || de->d_name[0] == '.')
                continue;
            v = ec_xrealloc(v, (n + 1) * sizeof *v);
            v[n++] = ec_xstrndup(de->d_name, len - 5);
        }
        closedir(d);
    }
    if (n > 1)
        qsort(v, n, sizeof *v, str_cmp);
    *count = n;
    return v;
}

/* `stems` is sorted (list_locale_files). */
static bool has_stem(char **stems, size_t n, const char *tag)
{
    return n && bsearch(&tag, stems, n, sizeof *stems, str_cmp) != NULL;
}

static void add_locale(ec_catalog *c, const char *tag)
{
    c->locales = ec_xrealloc(c->locales, (c->nlocales + 1) * sizeof *c->locales);
    ec_locale *l = &c->locales[c->nlocales++];
    memset(l, 0, sizeof *l);
    l->tag = ec_xstrdup(tag);
}

/* Without `locales:`, every <tag>.yaml is a locale: source first, then by name. */
static void discover_locales(ec_catalog *c, char **stems, size_t n, ec_report *r)
{
    if (c->source && has_stem(stems, n, c->source))
        add_locale(c, c->source);
    for (size_t i = 0; i < n; i++) {
        if (c->source && !strcmp(stems[i], c->source))
            continue;
        if (!ec_u_valid_langtag(stems[i])) {
            char *file = ec_xasprintf("%s.yaml", stems[i]);
            char *path = join(c->dir, file);
            ec_pos p = {1, 1};
            ec_report_add(r, path, p, EC_SEV_ERROR, EC_CHECK_SCHEMA, "", "",
                          "'%s' is not a BCP 47 language tag, so %s is not a locale file",
                          stems[i], file);
            free(path);
            free(file);
            continue;
        }
        add_locale(c, stems[i]);
    }
}

/* With `locales:`, each listed locale needs its file; unlisted files are noted. */
static void match_listed(ec_catalog *c, char **stems, size_t n, ec_report *r)
{
    size_t keep = 0;
    for (size_t i = 0; i < c->nlocales; i++) {
        ec_locale *l = &c->locales[i];
        if (!has_stem(stems, n, l->tag)) {
            ec_report_add(r, c->meta_path, l->messages_pos, EC_SEV_ERROR, EC_CHECK_SCHEMA, l->tag,
                          "", "locale '%s' is listed, but %s.yaml does not exist", l->tag,
                          l->tag);
            free(l->tag);
            continue;
        }
        memset(&l->messages_pos, 0, sizeof l->messages_pos);
        c->locales[keep++] = *l;
    }
    c->nlocales = keep;
    /* Hashed: a catalog may list many locales, a directory hold many files. */
    ec_map listed = {0};
    for (size_t i = 0; i < c->nlocales; i++) {
        bool added;
        ec_map_get_or_add(&listed, c->locales[i].tag, i, &added);
    }
    for (size_t i = 0; i < n; i++) {
        /* an unlisted source locale is find_source()'s to report */
        if (ec_map_find(&listed, stems[i]) || (c->source && !strcmp(stems[i], c->source)))
            continue;
        char *file = ec_xasprintf("%s.yaml", stems[i]);
        char *path = join(c->dir, file);
        ec_pos p = {1, 1};
        ec_report_add(r, path, p, EC_SEV_WARNING, EC_CHECK_SCHEMA, "", "",
                      "%s is not listed in catalog.yaml's locales, so it is not checked", file);
        free(path);
        free(file);
    }
    ec_map_free(&listed);
}

static void find_source(ec_catalog *c, ec_report *r)
{
    c->source_idx = -1;
    if (!c->source)
        return;
    for (size_t i = 0; i < c->nlocales; i++)
        if (!strcmp(c->locales[i].tag, c->source))
            c->source_idx = c->locales[i].usable ? (int)i : -1;
    bool present = false;
    for (size_t i = 0; i < c->nlocales; i++)
        present |= !strcmp(c->locales[i].tag, c->source) && c->locales[i].present;
    ec_pos p = c->source_pos.line ? c->source_pos : (ec_pos){1, 1};
    char *file = ec_xasprintf("%s.yaml", c->source), *path = join(c->dir, file);
    struct stat st;
    bool exists = stat(path, &st) == 0;
    free(file);
    free(path);
    if (!present && exists) {
        ec_report_add(r, c->meta_path, p, EC_SEV_ERROR, EC_CHECK_SCHEMA, "", "",
                      "the source locale '%s' is not listed in locales", c->source);
    } else if (!present) {
        ec_report_add(r, c->meta_path, p, EC_SEV_ERROR, EC_CHECK_SCHEMA, "", "",
                      "the source locale '%s' has no file %s.yaml%s", c->source, c->source,
                      c->nlocales ? "" : " (and the catalog has no locale files)");
    }
}

typedef struct {
    ec_catalog *c;
    ec_report **reports;
} load_job;

static void load_one(size_t i, void *ctx)
{
    load_job *j = ctx;
    ec_locale *l = &j->c->locales[i];
    ec_yaml_load_locale(j->c, l, j->reports[i]);
}

/* The locale files are independent: parse them on all cores, each into its
 * own report, merged in locale order. */
static void load_locales(ec_catalog *c, ec_report *r)
{
    load_job j = {c, ec_xcalloc(c->nlocales + 1, sizeof *j.reports)};
    for (size_t i = 0; i < c->nlocales; i++) {
        ec_locale *l = &c->locales[i];
        char *file = ec_xasprintf("%s.yaml", l->tag);
        l->path = join(c->dir, file);
        free(file);
        l->present = true;
        l->script = ec_u_locale_script(l->tag, l->script_code);
        ec_u_language(l->tag, l->lang);
        j.reports[i] = ec_report_new();
    }
    ec_u_init();
    ec_parallel_for(c->nlocales, load_one, &j);
    for (size_t i = 0; i < c->nlocales; i++) {
        ec_report_move(r, j.reports[i]);
        ec_report_free(j.reports[i]);
    }
    free(j.reports);
}

ec_catalog *ec_catalog_load(const char *dir, ec_report *r)
{
    struct stat st;
    ec_pos none = {0, 0};
    const char *why = NULL;
    ec_phase(NULL);
    if (stat(dir, &st) != 0)
        why = strerror(errno);
    else if (!S_ISDIR(st.st_mode))
        why = "not a directory";
    if (why) {
        ec_report_add(r, dir, none, EC_SEV_ERROR, EC_CHECK_IO, "", "", "cannot read catalog: %s",
                      why);
        return NULL;
    }
    ec_catalog *c = ec_xcalloc(1, sizeof *c);
    c->dir = ec_xstrdup(dir);
    c->meta_path = join(dir, "catalog.yaml");
    c->source_idx = -1;
    bool listed = false;
    if (!ec_yaml_load_meta(c, r, &listed)) {
        ec_catalog_free(c);
        return NULL;
    }
    size_t nstems = 0;
    char **stems = list_locale_files(dir, &nstems);
    if (listed)
        match_listed(c, stems, nstems, r);
    else
        discover_locales(c, stems, nstems, r);
    for (size_t i = 0; i < nstems; i++)
        free(stems[i]);
    free(stems);
    ec_phase("catalog.yaml");
    load_locales(c, r);
    ec_phase("load locales");
    find_source(c, r);
    ec_catalog_finish(c);
    ec_phase("index");
    return c;
}
