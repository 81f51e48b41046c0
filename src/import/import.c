/* errcat import: what the formats share. A table grid becomes entries (the
 * code columns found by their content), entries are checked (codes,
 * duplicates) and written as a locale file. */
#include "base/buf.h"
#include "base/file.h"
#include "base/key.h"
#include "base/unicode.h"
#include "import/readers.h"
#include "import/table.h"
#include "load/yaml.h"
#include "load/yaml_edit.h"
#include "model/report.h"
#include "output/output.h"
#include "errcat/errcat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* A page or PO file errcat imports: at most 8 MiB (a docs page is some
 * 20 KB; the Markdown parser takes about 1.5 KB of memory per table cell). */
#define EC_IMPORT_FILE_MAX ((size_t)8 << 20)

/* ---- after reading ---- */

static void no_table(ec_imp *im)
{
    if (im->tables == 0) {
        ec_imp_error(im, 0,
                     "no table found (errcat imports the first table whose first "
                     "column holds integer error codes)");
        return;
    }
    ec_imp_error(im, im->first_table,
                 "no usable table: this table has no code column (a first column of integer "
                 "error codes)%s",
                 im->tables > 1 ? ", nor has any other table of the page" : "");
}

static int entry_cmp(const void *a, const void *b)
{
    const ec_imp_entry *x = a, *y = b;
    int c = ec_key_cmp(x->code, x->sub, y->code, y->sub);
    if (c)
        return c;
    return (x->line > y->line) - (x->line < y->line);
}

/* Sorts by key and reports every key given twice, at its second place. */
static void sort_and_dedupe(ec_imp *im)
{
    if (im->n > 1)
        qsort(im->v, im->n, sizeof *im->v, entry_cmp);
    for (size_t i = 1; i < im->n; i++) {
        const ec_imp_entry *a = &im->v[i - 1], *b = &im->v[i];
        if (a->code != b->code || a->sub != b->sub)
            continue;
        if (a->line > 0)
            ec_imp_error(im, b->line, "duplicate key %d/%d (line %d has it too)", b->code, b->sub,
                         a->line);
        else
            ec_imp_error(im, b->line, "duplicate key %d/%d", b->code, b->sub);
    }
}

static void free_entries(ec_imp *im)
{
    for (size_t i = 0; i < im->n; i++)
        ec_imp_entry_free(&im->v[i]);
    free(im->v);
    im->v = NULL;
    im->n = im->cap = 0;
}

/* ---- the snapshots ---- */

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* What the import knows of the catalog the output belongs to (catalog.yaml
 * beside it): whether it keeps snapshots, the keys of its source locale
 * (`src`, NULL when unknown) and the entries the output file has now
 * (`old`, NULL when it is new). */
typedef struct {
    bool snapshots;
    bool is_source; /* the output is the catalog's source locale: no snapshots */
    ec_catalog *cat;
    ec_locale *src;
    ec_locale *old;
    char *old_data; /* the output file's bytes */
    size_t old_len;
} target;

static void free_locale(ec_locale *l)
{
    if (l) {
        ec_locale_free(l);
        free(l);
    }
}

static void target_free(target *t)
{
    free_locale(t->old);
    free_locale(t->src);
    if (t->cat)
        ec_catalog_free(t->cat);
    free(t->old_data);
}

/* The file holds more than blank lines and comments. */
static bool has_content(const char *data, size_t len)
{
    for (const char *p = data, *end = data + len; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *stop = eol ? eol : end;
        const char *q = p;
        while (q < stop && (*q == ' ' || *q == '\t' || *q == '\r'))
            q++;
        if (q < stop && *q != '#')
            return true;
        p = stop + 1;
    }
    return false;
}

/* Locale `tag` of the catalog from data[0..len) (file `path`), sorted. */
static ec_locale *read_locale(const ec_catalog *c, const char *tag, const char *path,
                              const char *data, size_t len, ec_report *quiet)
{
    ec_locale *l = ec_xcalloc(1, sizeof *l);
    l->tag = ec_xstrdup(tag);
    l->path = ec_xstrdup(path);
    ec_yaml_bytes mem = {data, len};
    ec_yaml_load_locale(c, l, &mem, quiet);
    ec_locale_sort(l);
    return l;
}

static void open_target(target *t, const ec_import_options *o)
{
    memset(t, 0, sizeof *t);
    if (!o->output)
        return;
    const char *base = base_name(o->output);
    ec_report *quiet = ec_report_new(); /* check reports the catalog's own problems */
    t->cat = ec_xcalloc(1, sizeof *t->cat);
    t->cat->dir =
        base == o->output ? ec_xstrdup(".") : ec_xstrndup(o->output, (size_t)(base - o->output));
    t->cat->meta_path = ec_xasprintf("%s/catalog.yaml", t->cat->dir);
    t->cat->source_idx = -1;
    struct stat st;
    bool listed;
    if (stat(t->cat->meta_path, &st) == 0 && ec_yaml_load_meta(t->cat, NULL, quiet, &listed))
        t->is_source = t->cat->source && !strcmp(t->cat->source, o->locale);
    t->snapshots = t->cat->snapshots && !t->is_source;
    size_t len = 0;
    char *data = ec_read_file_max(o->output, EC_CATALOG_FILE_MAX, &len);
    if (data && !has_content(data, len)) { /* empty, or comments only: a new file */
        free(data);
        data = NULL;
    }
    if (data) {
        t->old_data = data;
        t->old_len = len;
        t->old = read_locale(t->cat, o->locale, o->output, data, len, quiet);
    }
    if (t->cat->source && strcmp(t->cat->source, o->locale) != 0) {
        char *path = ec_xasprintf("%s/%s.yaml", t->cat->dir, t->cat->source);
        char *src = ec_read_file_max(path, EC_CATALOG_FILE_MAX, &len);
        if (src)
            t->src = read_locale(t->cat, t->cat->source, path, src, len, quiet);
        if (t->src && !t->src->usable) {
            free_locale(t->src);
            t->src = NULL;
        }
        free(src);
        free(path);
    }
    ec_report_free(quiet);
}

/* Report which keys of an imported PO file the catalog's source locale
 * lacks: each is left out (a message of an old template, or of another
 * catalog), reported with its line. */
static void leave_out_unknown_keys(ec_imp *im, const target *t, size_t *left_out)
{
    *left_out = 0;
    if (!t->src)
        return;
    size_t kept = 0;
    for (size_t i = 0; i < im->n; i++) {
        ec_imp_entry *e = &im->v[i];
        if (ec_locale_find(t->src, e->code, e->sub)) {
            im->v[kept++] = *e;
            continue;
        }
        ec_pos at = {e->line, 0};
        ec_report_add(im->r, im->file, at, EC_SEV_WARNING, EC_CHECK_IMPORT, "", "",
                      "%d/%d is not a key of the catalog (its source locale %s lacks it): left "
                      "out",
                      e->code, e->sub, t->src->tag);
        if (e->source) /* it was counted as an imported fuzzy message */
            im->fuzzy--;
        ec_imp_entry_free(e);
        (*left_out)++;
    }
    im->n = kept;
}

/* The `source:` snapshot an imported entry gets: a fuzzy message's previous
 * msgid; else its msgid when the catalog keeps snapshots, or when the entry
 * had one (so that a translation made against an old source text stays
 * stale); else none (NULL: an existing one is left as it is). */
static const char *snapshot_of(const ec_imp_entry *e, const target *t, size_t *len)
{
    const ec_entry *old = t->old ? ec_locale_find(t->old, e->code, e->sub) : NULL;
    if (t->is_source) {
        *len = 0;
        return NULL;
    }
    if (e->source) {
        *len = e->source_len;
        return e->source;
    }
    if (e->msgid && (t->snapshots || (old && EC_X(old)->source))) {
        *len = e->msgid_len;
        return e->msgid;
    }
    *len = 0;
    return NULL;
}

/* A new locale file of the entries. */
static char *render_yaml(ec_imp *im, const target *t, const char *locale, size_t *len)
{
    ec_yaml_out_entry *out = ec_xcalloc(im->n + 1, sizeof *out);
    for (size_t i = 0; i < im->n; i++) {
        const ec_imp_entry *e = &im->v[i];
        size_t slen;
        const char *snap = snapshot_of(e, t, &slen);
        out[i] = (ec_yaml_out_entry){e->code, e->sub, e->text, e->text_len, snap, slen, e->note};
    }
    char *err = NULL;
    char *yaml = ec_yaml_emit_locale(locale, out, im->n, len, &err);
    if (!yaml)
        ec_imp_error(im, 0, "%s", err);
    free(err);
    free(out);
    return yaml;
}

/* The output file edited in place: the texts, snapshots and notes that
 * differ, and the keys it lacks; every other byte stays. */
static char *edit_yaml(ec_imp *im, const target *t, const char *output, size_t *len, size_t *edited)
{
    ec_yaml_edit *ed = ec_xcalloc(im->n + 1, sizeof *ed);
    for (size_t i = 0; i < im->n; i++) {
        const ec_imp_entry *e = &im->v[i];
        size_t slen;
        const char *snap = snapshot_of(e, t, &slen);
        ed[i] = (ec_yaml_edit){e->code, e->sub, e->text, e->text_len, snap, slen, e->note};
    }
    char *err = NULL;
    char *yaml = ec_yaml_edit_locale(t->old_data, t->old_len, ed, im->n, len, edited, &err);
    if (!yaml) {
        ec_pos none = {0, 0};
        ec_report_add(im->r, output, none, EC_SEV_ERROR, EC_CHECK_IMPORT, "", "", "%s", err);
        im->errors++;
    }
    free(err);
    free(ed);
    return yaml;
}

/* ---- reading the file ---- */

static int line_at(const char *data, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        line += data[i] == '\n';
    return line;
}

/* The file must be UTF-8 without NUL bytes: the parsers would otherwise
 * replace or drop bytes silently. */
static bool valid_input(ec_imp *im)
{
    size_t bad = 0;
    if (!ec_u_valid_utf8(im->data, im->len, &bad)) {
        ec_imp_error(im, line_at(im->data, bad),
                     "invalid UTF-8: errcat imports UTF-8 files (convert it first: iconv, or "
                     "msgconv --to-code=UTF-8 for a PO file)");
        return false;
    }
    const char *nul = memchr(im->data, '\0', im->len);
    if (nul) {
        ec_imp_error(im, line_at(im->data, (size_t)(nul - im->data)), "a NUL byte");
        return false;
    }
    return true;
}

static void read_md(ec_imp *im, const char *path)
{
    (void)path;
    ec_imp_read_md(im);
}

static void read_html(ec_imp *im, const char *path)
{
    (void)path;
    ec_imp_read_html(im, im->data, im->len, 1);
}

/* The formats, by ec_import_format: the name --from takes, the reader (of
 * the file at `path`, read into im->data), whether the file is a page whose
 * table is imported (a page without a usable table is refused), whether its
 * keys come from the catalog (a PO file's msgctxt from its template: a key
 * the source locale lacks is left out), and the description `errcat import
 * --help` prints. */
static const struct {
    const char *name;
    void (*read)(ec_imp *im, const char *path);
    bool page, keyed;
    const char *description;
} formats[] = {
    [EC_IMPORT_MD] = {"md", read_md, true, false,
                      "a Markdown page: its first table whose first column holds\n"
                      "integer error codes, a GFM pipe table or an HTML table in the page"},
    [EC_IMPORT_HTML] = {"html", read_html, true, false,
                        "an HTML page or fragment: the same, rowspan/colspan expanded (a\n"
                        "code spanning both code columns has sub-code 0)"},
    [EC_IMPORT_PO] = {"po", ec_imp_read_po, false, true,
                      "a PO file: msgctxt is the key, msgstr the text; untranslated\n"
                      "messages are left out, fuzzy ones keep `#| msgid` as `source:`\n"
                      "(without one they are left out); refused when its Language\n"
                      "header names another language than L, unless --force"},
};

#define NFORMATS (sizeof formats / sizeof *formats)

static void read_format(ec_imp *im, const char *path, ec_import_format from)
{
    if (!valid_input(im))
        return;
    /* a value that is no format reads HTML */
    size_t f = (size_t)from < NFORMATS ? (size_t)from : EC_IMPORT_HTML;
    formats[f].read(im, path);
    if (formats[f].page && !im->taken && !im->errors)
        no_table(im);
}

/* ---- the output ---- */

/* Writes `yaml` to `path` atomically (ec_out: a temporary file in the same
 * directory renamed into place; an unchanged file is left alone). */
static bool write_output(const char *path, const char *yaml, size_t len, bool *changed, char **err)
{
    struct stat st;
    if (!*base_name(path) || (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
        *err = ec_xasprintf("cannot write %s: %s", path, strerror(EISDIR));
        return false;
    }
    const char *base = base_name(path);
    char *dir = base == path ? ec_xstrdup(".") : ec_xstrndup(path, (size_t)(base - path));
    ec_out *o = ec_out_new(dir, false, true);
    bool ok = ec_out_stage(o, base, yaml, len, err) && ec_out_commit(o, err);
    *changed = ok && ec_out_changed(o) > 0;
    ec_out_free(o);
    free(dir);
    return ok;
}

/* The output is read back as locale `locale` only from <locale>.yaml. */
static void check_output_name(ec_imp *im, const ec_import_options *o)
{
    char *want = ec_xasprintf("%s.yaml", o->locale);
    ec_pos none = {0, 0};
    if (strcmp(base_name(o->output), want) != 0)
        ec_report_add(im->r, o->output, none, EC_SEV_WARNING, EC_CHECK_IMPORT, "", "",
                      "errcat check reads locale %s from a file named %s", o->locale, want);
    free(want);
}

/* The existing output file is the locale file of --locale: its `locale:`
 * says so (an import into another locale's file is refused). */
static bool same_locale(ec_imp *im, const target *t, const ec_import_options *o)
{
    char *tag = ec_yaml_locale_of(t->old_data, t->old_len);
    bool same = !tag || !strcasecmp(tag, o->locale);
    if (!same) {
        ec_pos none = {0, 0};
        ec_report_add(im->r, o->output, none, EC_SEV_ERROR, EC_CHECK_IMPORT, "", "",
                      "it is the locale file of %s (its locale:), not of %s (--locale)", tag,
                      o->locale);
        im->errors++;
    }
    free(tag);
    return same;
}

static ec_import_status produce(ec_imp *im, const ec_import_options *o, char **yaml,
                                size_t *yaml_len, ec_import_result *res)
{
    size_t len = 0, edited = 0, unknown = 0;
    target t;
    open_target(&t, o);
    if ((size_t)o->from < NFORMATS && formats[o->from].keyed)
        leave_out_unknown_keys(im, &t, &unknown);
    bool in_place = t.old_data != NULL;
    if (in_place && !same_locale(im, &t, o)) {
        target_free(&t);
        return EC_IMPORT_REFUSED;
    }
    char *text = in_place ? edit_yaml(im, &t, o->output, &len, &edited)
                          : render_yaml(im, &t, o->locale, &len);
    target_free(&t);
    if (!text)
        return EC_IMPORT_REFUSED;
    bool changed = true;
    if (o->output) {
        char *err = NULL;
        bool ok = write_output(o->output, text, len, &changed, &err);
        free(text);
        if (!ok) {
            ec_pos none = {0, 0};
            ec_report_add(im->r, "", none, EC_SEV_ERROR, EC_CHECK_OUTPUT, "", "", "%s", err);
            free(err);
            return EC_IMPORT_WRITE_FAILED;
        }
        check_output_name(im, o);
    } else {
        *yaml = text;
        *yaml_len = len;
    }
    *res = (ec_import_result){.keys = im->n,
                              .untranslated = im->untranslated,
                              .fuzzy = im->fuzzy,
                              .changed = changed,
                              .fuzzy_left_out = im->fuzzy_left_out,
                              .in_place = in_place,
                              .edited = edited,
                              .not_in_catalog = unknown};
    return EC_IMPORT_OK;
}

int ec_import_format_from_name(const char *name)
{
    for (size_t i = 0; i < NFORMATS; i++)
        if (!strcmp(name, formats[i].name))
            return (int)i;
    return -1;
}

const char *ec_import_format_name(ec_import_format f)
{
    return (size_t)f < NFORMATS ? formats[f].name : NULL;
}

const char *ec_import_format_description(ec_import_format f)
{
    return (size_t)f < NFORMATS ? formats[f].description : NULL;
}

static ec_import_status open_input(ec_imp *im, const char *path, const ec_import_options *o)
{
    if (!o->locale || !ec_u_valid_langtag(o->locale))
        return EC_IMPORT_USAGE;
    char *data = ec_read_file_max(path, EC_IMPORT_FILE_MAX, &im->len);
    if (!data && errno == EFBIG) {
        ec_imp_error(im, 0, "the file is larger than %zu MiB, the most errcat imports",
                     EC_IMPORT_FILE_MAX >> 20);
        return EC_IMPORT_REFUSED;
    }
    if (!data) {
        ec_pos none = {0, 0};
        ec_report_add(im->r, path, none, EC_SEV_ERROR, EC_CHECK_IO, "", "", "cannot read %s: %s",
                      path, strerror(errno));
        return EC_IMPORT_UNREADABLE;
    }
    im->data = data;
    return EC_IMPORT_OK;
}

ec_import_status ec_import(const char *path, const ec_import_options *o, char **yaml,
                           size_t *yaml_len, ec_report *r, ec_import_result *res)
{
    ec_imp im = {0};
    ec_import_result counts = {0};
    im.file = path;
    im.r = r;
    im.locale = o->locale;
    im.force = o->force;
    *yaml = NULL;
    *yaml_len = 0;
    ec_import_status st = open_input(&im, path, o);
    if (st == EC_IMPORT_OK) {
        read_format(&im, path, o->from);
        if (!im.errors)
            sort_and_dedupe(&im);
        if (!im.errors)
            st = produce(&im, o, yaml, yaml_len, &counts);
    }
    if (im.errors) {
        counts = (ec_import_result){0};
        counts.errors = im.errors;
        st = EC_IMPORT_REFUSED;
    }
    free_entries(&im);
    free((char *)im.data);
    if (res)
        *res = counts;
    return st;
}
