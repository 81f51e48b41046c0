/* The catalog model: keys, entries, locales, and the catalog as a whole. */
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* One signed 32-bit decimal without leading zeros or "-0". */
static bool parse_int32(const char *s, size_t n, int32_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && s[i] == '-') {
        neg = true;
        i++;
    }
    if (i == n || s[i] < '0' || s[i] > '9')
        return false;
    if (s[i] == '0' && (n - i > 1 || neg))
        return false;
    int64_t v = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
        if (v > (int64_t)INT32_MAX + 1)
            return false;
    }
    if (neg)
        v = -v;
    if (v > INT32_MAX || v < INT32_MIN)
        return false;
    *out = (int32_t)v;
    return true;
}

bool ec_key_parse(const char *s, size_t n, int32_t *code, int32_t *sub)
{
    const char *slash = memchr(s, '/', n);
    if (!slash)
        return false;
    size_t a = (size_t)(slash - s);
    return parse_int32(s, a, code) && parse_int32(slash + 1, n - a - 1, sub);
}

/* Decimal digits of v (which may be negative) at p; returns the end. */
static char *put_int(char *p, int32_t v)
{
    char tmp[12];
    int n = 0;
    int64_t x = v;
    if (x < 0) {
        *p++ = '-';
        x = -x;
    }
    do {
        tmp[n++] = (char)('0' + x % 10);
        x /= 10;
    } while (x);
    while (n)
        *p++ = tmp[--n];
    return p;
}

void ec_key_format(char out[24], int32_t code, int32_t sub)
{
    char *p = put_int(out, code);
    *p++ = '/';
    p = put_int(p, sub);
    *p = '\0';
}

int ec_key_cmp(int32_t c1, int32_t s1, int32_t c2, int32_t s2)
{
    if (c1 != c2)
        return c1 < c2 ? -1 : 1;
    if (s1 != s2)
        return s1 < s2 ? -1 : 1;
    return 0;
}

ec_entry *ec_locale_add(ec_locale *l)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->entries = ec_xrealloc(l->entries, l->cap * sizeof *l->entries);
    }
    ec_entry *e = &l->entries[l->n++];
    memset(e, 0, sizeof *e);
    return e;
}

static int entry_cmp(const void *a, const void *b)
{
    const ec_entry *x = a, *y = b;
    int c = ec_key_cmp(x->code, x->sub, y->code, y->sub);
    if (c)
        return c;
    /* Stable for duplicates: earlier line first. */
    return (x->pos.line > y->pos.line) - (x->pos.line < y->pos.line);
}

void ec_locale_sort(ec_locale *l)
{
    size_t i = 1;
    while (i < l->n && entry_cmp(&l->entries[i - 1], &l->entries[i]) <= 0)
        i++;
    if (i < l->n) /* catalogs are usually written in order: sort only when not */
        qsort(l->entries, l->n, sizeof *l->entries, entry_cmp);
}

const ec_entry *ec_locale_find(const ec_locale *l, int32_t code, int32_t sub)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = ec_key_cmp(l->entries[mid].code, l->entries[mid].sub, code, sub);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < l->n && l->entries[lo].code == code && l->entries[lo].sub == sub)
        return &l->entries[lo];
    return NULL;
}

const ec_locale *ec_catalog_source(const ec_catalog *c)
{
    return c->source_idx >= 0 ? &c->locales[c->source_idx] : NULL;
}

const ec_entry *ec_catalog_next_key(const ec_catalog *c, const size_t *at)
{
    const ec_entry *min = NULL;
    for (size_t i = 0; i < c->nlocales; i++) {
        const ec_locale *l = &c->locales[i];
        if (!l->usable || at[i] >= l->n)
            continue;
        const ec_entry *e = &l->entries[at[i]];
        if (!min || ec_key_cmp(e->code, e->sub, min->code, min->sub) < 0)
            min = e;
    }
    return min;
}

void ec_catalog_pass_key(const ec_catalog *c, size_t *at, int32_t code, int32_t sub)
{
    for (size_t i = 0; i < c->nlocales; i++) {
        const ec_locale *l = &c->locales[i];
        while (l->usable && at[i] < l->n && l->entries[at[i]].code == code &&
               l->entries[at[i]].sub == sub)
            at[i]++;
    }
}

/* Counts the distinct keys of all usable locales. */
static size_t count_keys(const ec_catalog *c)
{
    size_t *at = ec_xcalloc(c->nlocales + 1, sizeof *at), count = 0;
    for (const ec_entry *e; (e = ec_catalog_next_key(c, at)); count++)
        ec_catalog_pass_key(c, at, e->code, e->sub);
    free(at);
    return count;
}

void ec_catalog_finish(ec_catalog *c)
{
    c->nkeys = count_keys(c);
}

size_t ec_catalog_locale_count(const ec_catalog *c)
{
    return c ? c->nlocales : 0;
}

const char *ec_catalog_locale(const ec_catalog *c, size_t i)
{
    return i < c->nlocales ? c->locales[i].tag : NULL;
}

size_t ec_catalog_key_count(const ec_catalog *c)
{
    return c ? c->nkeys : 0;
}

void ec_catalog_free(ec_catalog *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nlocales; i++) {
        ec_locale *l = &c->locales[i];
        ec_arena_free(&l->arena);
        free(l->entries);
        free(l->tag);
        free(l->path);
    }
    for (size_t i = 0; i < c->nterms; i++) {
        for (size_t j = 0; j < c->terms[i].n; j++) {
            free(c->terms[i].r[j].locale);
            free(c->terms[i].r[j].rendering);
        }
        free(c->terms[i].r);
        free(c->terms[i].word);
    }
    free(c->terms);
    free(c->locales);
    free(c->dir);
    free(c->meta_path);
    free(c->name);
    free(c->source);
    free(c->c_prefix);
    free(c);
}

/* ---- loading a catalog directory ---- */

#include <dirent.h>
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
