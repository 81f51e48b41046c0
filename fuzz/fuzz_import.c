/* The import fuzz targets (fuzz_import_md.c, _html.c, _po.c): the input is a
 * page or PO file. `errcat import` of it must either refuse it or give a
 * locale file that errcat reads back as exactly the entries the reader took
 * from the page: same keys, texts, snapshots and notes, byte for byte. */
#include "fuzz_import.h"

#include "base/buf.h"
#include "base/key.h"
#include "import/readers.h"
#include "import/table.h"
#include "model/catalog.h"
#include "errcat/errcat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *status_name(ec_import_status st)
{
    static const char *const names[] = {"ok", "refused", "usage", "unreadable", "write failed"};
    return (unsigned)st < 5 ? names[st] : "?";
}

static int entry_cmp(const void *a, const void *b)
{
    const ec_imp_entry *x = a, *y = b;
    return ec_key_cmp(x->code, x->sub, y->code, y->sub);
}

/* The entries as the reader takes them from the page, sorted by key. */
static void read_entries(ec_imp *im, const char *path, const uint8_t *data, size_t size,
                         ec_import_format fmt)
{
    memset(im, 0, sizeof *im);
    im->file = path;
    im->locale = "de"; /* as the import's (fz_import) */
    im->r = ec_report_new();
    im->data = ec_xstrndup((const char *)data, size);
    im->len = size;
    if (fmt == EC_IMPORT_PO)
        ec_imp_read_po(im, path);
    else if (fmt == EC_IMPORT_MD)
        ec_imp_read_md(im);
    else
        ec_imp_read_html(im, im->data, im->len, 1);
    if (im->n > 1)
        qsort(im->v, im->n, sizeof *im->v, entry_cmp);
}

static void free_entries(ec_imp *im)
{
    for (size_t i = 0; i < im->n; i++)
        ec_imp_entry_free(&im->v[i]);
    free(im->v);
    free((char *)im->data);
    ec_report_free(im->r);
}

static void same_bytes(const char *what, const char *key, const char *want, size_t want_len,
                       const char *got, size_t got_len)
{
    FZ_ASSERT(got && want_len == got_len && !memcmp(want, got, want_len),
              "%s of %s: imported %zu bytes \"%.*s\", read back %zu bytes \"%.*s\"", what, key,
              want_len, (int)want_len, want, got_len, (int)(got ? got_len : 0), got ? got : "");
}

/* Reads the imported YAML back with the catalog loader and compares. */
static void read_back(const char *yaml, size_t len, const ec_imp *im)
{
    static const char cat[] = "name: rt\nsource: de\n";
    const ec_file files[] = {{"catalog.yaml", cat, strlen(cat)}, {"de.yaml", yaml, len}};
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load_files("rt", files, 2, r);
    FZ_ASSERT(c, "the imported file cannot be loaded");
    for (size_t i = 0; i < ec_report_count(r); i++) {
        ec_finding f = ec_report_get(r, i);
        bool fine = f.check == EC_CHECK_SCHEMA && strstr(f.message, "bytes long; the limit is");
        FZ_ASSERT(fine, "reading the import back: %d:%d: %s [%s]\n%s", f.line, f.column, f.message,
                  ec_check_name(f.check) ? ec_check_name(f.check) : "io", yaml);
    }
    const ec_locale *l = ec_catalog_source(c);
    FZ_ASSERT(l && l->n == im->n, "imported %zu entries, read back %zu", im->n, l ? l->n : 0);
    for (size_t i = 0; i < im->n; i++) {
        const ec_imp_entry *want = &im->v[i];
        const ec_entry *got = &l->entries[i];
        FZ_ASSERT(want->code == got->code && want->sub == got->sub, "key %d/%d read back as %s",
                  want->code, want->sub, EC_KEY(got));
        if (want->text_len <= 4096) {
            FZ_ASSERT(got->text_ok, "the text of %s does not read back", EC_KEY(got));
            same_bytes("text", EC_KEY(got), want->text, want->text_len, got->text, got->text_len);
        }
        if (want->source)
            same_bytes("source", EC_KEY(got), want->source, want->source_len, EC_X(got)->source,
                       EC_X(got)->source_len);
        if (want->note)
            same_bytes("note", EC_KEY(got), want->note, strlen(want->note), ec_note(got),
                       ec_note(got) ? strlen(ec_note(got)) : 0);
    }
    ec_catalog_free(c);
    ec_report_free(r);
}

void fz_import(const uint8_t *data, size_t size, ec_import_format fmt, const char *name)
{
    fz_write(name, (const char *)data, size);
    char path[4096];
    snprintf(path, sizeof path, "%s", fz_path(name));
    ec_import_options o = {fmt, "de", NULL, false};
    char *yaml = NULL;
    size_t len = 0;
    ec_report *r = ec_report_new();
    ec_import_result res;
    ec_import_status st = ec_import(path, &o, &yaml, &len, r, &res);
    char *log = ec_report_render(r, EC_FORMAT_TEXT, false);
    FZ_ASSERT(st == EC_IMPORT_OK || st == EC_IMPORT_REFUSED, "import: %s\n%s", status_name(st),
              log);
    FZ_ASSERT((yaml != NULL) == (st == EC_IMPORT_OK), "import %s with%s output", status_name(st),
              yaml ? "" : "out");
    size_t errors = ec_report_count_severity(r, EC_SEV_ERROR);
    /* a refusal says why, each problem a finding; an import without output has none */
    FZ_ASSERT(st == EC_IMPORT_OK ? ec_report_count(r) == 0 : errors > 0 && errors == res.errors,
              "%s with %zu errors (%zu counted):\n%s", status_name(st), errors, res.errors, log);
    if (yaml) {
        ec_imp im;
        read_entries(&im, path, data, size, fmt);
        read_back(yaml, len, &im);
        free_entries(&im);
    }
    free(yaml);
    free(log);
    ec_report_free(r);
}
