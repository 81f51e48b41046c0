/* errcat sync: the `source:` snapshots of the translations. A translation
 * without one gets the current source text; with --accept the snapshots of
 * the named keys are refreshed after a review. Each locale file is edited
 * in place (load/yaml_edit.c): only the snapshots change, every other byte
 * stays; the files are written together, atomically, once every edit
 * succeeded. */
#include "base/buf.h"
#include "base/file.h"
#include "base/key.h"
#include "load/yaml.h"
#include "load/yaml_edit.h"
#include "model/catalog.h"
#include "model/report.h"
#include "output/output.h"
#include "errcat/errcat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int32_t code, sub;
} key;

static bool listed(const char *const *list, const char *s)
{
    if (!list)
        return true;
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(list[i], s))
            return true;
    return false;
}

static bool accepted(const key *keys, size_t n, int32_t code, int32_t sub)
{
    for (size_t i = 0; i < n; i++)
        if (keys[i].code == code && keys[i].sub == sub)
            return true;
    return false;
}

/* Reports `msg` (taken) as an error of `file`. */
static void sync_error(ec_report *r, const char *file, ec_check_id check, char *msg)
{
    ec_pos none = {0, 0};
    ec_report_add(r, file, none, EC_SEV_ERROR, check, "", "", "%s", msg);
    free(msg);
}

/* The --accept keys, each a key of the source locale. */
static key *parse_accept(const ec_locale *src, const char *const *accept, size_t *n, ec_report *r)
{
    size_t count = 0;
    while (accept && accept[count])
        count++;
    key *keys = ec_xcalloc(count + 1, sizeof *keys);
    bool ok = true;
    for (size_t i = 0; i < count; i++) {
        key *k = &keys[i];
        if (!ec_key_parse(accept[i], strlen(accept[i]), &k->code, &k->sub)) {
            sync_error(r, "", EC_CHECK_OUTPUT,
                       ec_xasprintf("--accept %s: not a key \"errcode/sub_errcode\"", accept[i]));
            ok = false;
        } else if (!ec_locale_find(src, k->code, k->sub)) {
            sync_error(r, "", EC_CHECK_OUTPUT,
                       ec_xasprintf("--accept %s: the source locale (%s) has no such key",
                                    accept[i], src->tag));
            ok = false;
        }
    }
    *n = count;
    if (ok)
        return keys;
    free(keys);
    return NULL;
}

/* The edits of locale `l`: a snapshot for every translation without one,
 * the current source text for every accepted key. */
static ec_yaml_edit *locale_edits(const ec_locale *l, const ec_locale *src, const key *keys,
                                  size_t nkeys, size_t *n, ec_sync_result *res)
{
    ec_yaml_edit *ed = ec_xcalloc(l->n + 1, sizeof *ed);
    *n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const ec_entry *e = &l->entries[i];
        const ec_entry *s = ec_locale_find(src, e->code, e->sub);
        if (!s || !s->text_ok || !s->text || !ec_norm_nonempty(e))
            continue; /* not a translation of a source text */
        if (*n && ed[*n - 1].code == e->code && ed[*n - 1].sub == e->sub)
            continue; /* a duplicate key (check reports it) */
        bool accept = accepted(keys, nkeys, e->code, e->sub);
        bool same = EC_X(e)->source && EC_X(e)->source_len == s->text_len &&
                    !memcmp(EC_X(e)->source, s->text, s->text_len);
        if (EC_X(e)->source && (!accept || same))
            continue;
        ed[(*n)++] = (ec_yaml_edit){
            .code = e->code, .sub = e->sub, .source = s->text, .source_len = s->text_len};
        if (EC_X(e)->source)
            res->refreshed++;
        else
            res->added++;
    }
    return ed;
}

/* Edits the file of `l` and stages it; false (reported) when it cannot. */
static bool sync_locale(const ec_locale *l, const ec_locale *src, const key *keys, size_t nkeys,
                        ec_out *out, ec_report *r, ec_sync_result *res)
{
    ec_sync_result counts = {0};
    size_t n = 0;
    ec_yaml_edit *ed = locale_edits(l, src, keys, nkeys, &n, &counts);
    bool ok = true;
    if (n) {
        size_t len = 0, olen = 0, changed = 0;
        char *err = NULL, *data = ec_read_file_max(l->path, EC_CATALOG_FILE_MAX, &len);
        char *edited = data ? ec_yaml_edit_locale(data, len, ed, n, &olen, &changed, &err) : NULL;
        const char *slash = strrchr(l->path, '/');
        if (!data)
            sync_error(r, l->path, EC_CHECK_IO,
                       ec_xasprintf("cannot read %s: %s", l->path, strerror(errno)));
        else if (!edited)
            sync_error(r, l->path, EC_CHECK_OUTPUT,
                       ec_xasprintf("cannot edit %s in place: %s", l->path, err));
        else if (!ec_out_stage(out, slash ? slash + 1 : l->path, edited, olen, &err))
            sync_error(r, l->path, EC_CHECK_OUTPUT, ec_xstrdup(err));
        ok = edited && !err;
        if (ok) {
            res->added += counts.added;
            res->refreshed += counts.refreshed;
        }
        free(err);
        free(edited);
        free(data);
    }
    free(ed);
    return ok;
}

ec_sync_status ec_sync(const ec_catalog *c, const ec_sync_options *o, ec_report *r,
                       ec_sync_result *res)
{
    ec_sync_result total = {0};
    const ec_locale *src = c ? ec_catalog_source(c) : NULL;
    if (res)
        *res = total;
    if (!src) {
        sync_error(r, c ? c->meta_path : "", EC_CHECK_OUTPUT,
                   ec_xstrdup("cannot sync: the source locale has no usable file"));
        return EC_SYNC_FAILED;
    }
    size_t nkeys = 0;
    key *keys = parse_accept(src, o ? o->accept : NULL, &nkeys, r);
    if (!keys)
        return EC_SYNC_USAGE;
    ec_out *out = ec_out_new(c->dir, false, true);
    bool ok = true;
    for (size_t i = 0; i < c->nlocales; i++) {
        const ec_locale *l = &c->locales[i];
        if (l == src || !l->present || !listed(o ? o->locales : NULL, l->tag))
            continue;
        if (!l->usable) {
            sync_error(r, l->path, EC_CHECK_OUTPUT,
                       ec_xasprintf("cannot sync %s: it has errors that keep it from being read",
                                    l->path));
            ok = false;
            continue;
        }
        ok &= sync_locale(l, src, keys, nkeys, out, r, &total);
    }
    char *err = NULL;
    if (ok && !ec_out_commit(out, &err)) {
        sync_error(r, "", EC_CHECK_OUTPUT, ec_xstrdup(err));
        ok = false;
    }
    if (ok) {
        total.files = ec_out_changed(out);
        if (res)
            *res = total;
    }
    free(err);
    ec_out_free(out);
    free(keys);
    return ok ? EC_SYNC_OK : EC_SYNC_FAILED;
}
