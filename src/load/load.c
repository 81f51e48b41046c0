/* Loading a catalog directory, or the same files given in memory:
 * catalog.yaml, then the locale files on all cores (src/load/yaml_load.c
 * reads each). */
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

/* Where the catalog's files are: the directory `dir`, or (files not NULL)
 * the files given in memory, found by name through `by_name`. */
typedef struct {
    const char *dir;
    const ec_file *files;
    size_t nfiles;
    ec_map by_name; /* name -> index in files; the first of a name counts */
} source;

static char *join(const char *dir, const char *file)
{
    size_t n = strlen(dir);
    return ec_xasprintf("%s%s%s", dir, (n && dir[n - 1] == '/') ? "" : "/", file);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A locale file's name: <stem>.yaml other than catalog.yaml and hidden files. */
static bool locale_file_name(const char *name)
{
    size_t len = strlen(name);
    return len > 5 && !strcmp(name + len - 5, ".yaml") && strcmp(name, "catalog.yaml") != 0 &&
           name[0] != '.';
}

/* The stems of the locale files, sorted. */
static char **list_locale_files(const source *s, size_t *count)
{
    char **v = NULL;
    size_t n = 0;
    DIR *d = s->files ? NULL : opendir(s->dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (!locale_file_name(de->d_name))
                continue;
            v = ec_xrealloc(v, (n + 1) * sizeof *v);
            v[n++] = ec_xstrndup(de->d_name, strlen(de->d_name) - 5);
        }
        closedir(d);
    }
    for (size_t i = 0; s->files && i < s->nfiles; i++) {
        const char *name = s->files[i].name;
        /* what a directory could list, once */
        size_t first = i;
        (void)ec_map_find(&s->by_name, name, &first);
        if (!locale_file_name(name) || strchr(name, '/') || first != i)
            continue;
        v = ec_xrealloc(v, (n + 1) * sizeof *v);
        v[n++] = ec_xstrndup(name, strlen(name) - 5);
    }
    if (n > 1)
        qsort(v, n, sizeof *v, str_cmp);
    *count = n;
    return v;
}

/* The file `name` given in memory: its bytes, or data NULL when there is
 * no such file. */
static ec_yaml_bytes file_bytes(const source *s, const char *name)
{
    size_t i;
    ec_yaml_bytes b = {NULL, 0};
    if (ec_map_find(&s->by_name, name, &i)) {
        b.data = s->files[i].data ? s->files[i].data : "";
        b.len = s->files[i].data ? s->files[i].len : 0;
    }
    return b;
}

/* Is there a file `name` (in the directory, or in memory)? */
static bool file_exists(const source *s, const char *name)
{
    if (s->files)
        return ec_map_find(&s->by_name, name, NULL);
    char *path = join(s->dir, name);
    struct stat st;
    bool exists = stat(path, &st) == 0;
    free(path);
    return exists;
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
                          "'%s' is not a BCP 47 language tag, so %s is not a locale file", stems[i],
                          file);
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
                          "", "locale '%s' is listed, but %s.yaml does not exist", l->tag, l->tag);
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
        if (ec_map_find(&listed, stems[i], NULL) || (c->source && !strcmp(stems[i], c->source)))
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

static void find_source(ec_catalog *c, const source *s, ec_report *r)
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
    char *file = ec_xasprintf("%s.yaml", c->source);
    bool exists = file_exists(s, file);
    free(file);
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
    ec_yaml_bytes *mem; /* each locale's bytes in memory, or NULL: read each l->path */
} load_job;

static void load_one(size_t i, void *ctx)
{
    load_job *j = ctx;
    ec_locale *l = &j->c->locales[i];
    ec_yaml_load_locale(j->c, l, j->mem ? &j->mem[i] : NULL, j->reports[i]);
}

/* The locale files are independent: parse them on all cores, each into its
 * own report, merged in locale order. */
static void load_locales(ec_catalog *c, const source *s, ec_report *r)
{
    load_job j = {c, ec_xcalloc(c->nlocales + 1, sizeof *j.reports), NULL};
    if (s->files)
        j.mem = ec_xcalloc(c->nlocales + 1, sizeof *j.mem);
    for (size_t i = 0; i < c->nlocales; i++) {
        ec_locale *l = &c->locales[i];
        char *file = ec_xasprintf("%s.yaml", l->tag);
        l->path = join(c->dir, file);
        if (j.mem)
            j.mem[i] = file_bytes(s, file);
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
    free(j.mem);
}

/* What a directory and the files in memory share: everything after the
 * directory was found. */
static ec_catalog *load(const source *s, ec_report *r)
{
    ec_catalog *c = ec_xcalloc(1, sizeof *c);
    c->dir = ec_xstrdup(s->dir);
    c->meta_path = join(s->dir, "catalog.yaml");
    c->source_idx = -1;
    bool listed = false;
    ec_yaml_bytes meta = s->files ? file_bytes(s, "catalog.yaml") : (ec_yaml_bytes){NULL, 0};
    if (!ec_yaml_load_meta(c, s->files ? &meta : NULL, r, &listed)) {
        ec_catalog_free(c);
        return NULL;
    }
    size_t nstems = 0;
    char **stems = list_locale_files(s, &nstems);
    if (listed)
        match_listed(c, stems, nstems, r);
    else
        discover_locales(c, stems, nstems, r);
    for (size_t i = 0; i < nstems; i++)
        free(stems[i]);
    free(stems);
    ec_phase("catalog.yaml");
    load_locales(c, s, r);
    ec_phase("load locales");
    find_source(c, s, r);
    ec_catalog_finish(c);
    ec_phase("index");
    return c;
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
    source s = {dir, NULL, 0, {0}};
    return load(&s, r);
}

ec_catalog *ec_catalog_load_files(const char *dir, const ec_file *files, size_t n, ec_report *r)
{
    ec_phase(NULL);
    /* never NULL, so that an empty set is not taken for the directory */
    static const ec_file none[1] = {{"", "", 0}};
    source s = {dir, files ? files : none, files ? n : 0, {0}};
    for (size_t i = 0; i < s.nfiles; i++) {
        bool added;
        ec_map_get_or_add(&s.by_name, files[i].name, i, &added);
    }
    ec_catalog *c = load(&s, r);
    ec_map_free(&s.by_name);
    return c;
}
