/* errcat diff: what changed between two versions of a catalog, per key and
 * locale, as text, Markdown or JSON (README "Comparing two versions: errcat
 * diff"). */
#include "base/buf.h"
#include "base/key.h"
#include "model/catalog.h"
#include "output/view.h"
#include "errcat/errcat.h"

#include <stdlib.h>
#include <string.h>

/* One change. `old` and `new` are what changed (texts, or symbols for
 * renamed), NULL where absent; strings are owned by the change. */
typedef struct {
    ec_change_kind kind;
    int32_t code, sub;
    char key[EC_KEY_MAX];
    char *locale;
    char *symbol; /* the key's C symbol: NEW's, or OLD's for a removed key */
    char *old, *new;
} change;

struct ec_diff {
    change *v;
    size_t n, cap;
    size_t count[EC_CHANGE_COUNT];
    ec_buf notes;
};

/* The names of the kinds (--fail-on, JSON "kind"), by ec_change_kind. */
static const char *const kind_names[EC_CHANGE_COUNT] = {
    [EC_CHANGE_REMOVED] = "removed",
    [EC_CHANGE_RENAMED] = "renamed",
    [EC_CHANGE_REWORDED] = "reworded",
    [EC_CHANGE_RETIRED] = "retired",
    [EC_CHANGE_UNRETIRED] = "unretired",
    [EC_CHANGE_ADDED] = "added",
    [EC_CHANGE_TRANSLATION_ADDED] = "translation-added",
    [EC_CHANGE_TRANSLATION_CHANGED] = "translation-changed",
    [EC_CHANGE_TRANSLATION_REMOVED] = "translation-removed",
};

/* The Markdown heading of each kind, and what its count is called in the summary. */
static const struct {
    const char *heading, *one, *many;
} kind_text[EC_CHANGE_COUNT] = {
    [EC_CHANGE_REMOVED] = {"Removed keys", "removed", "removed"},
    [EC_CHANGE_RENAMED] = {"Renamed C symbols", "renamed", "renamed"},
    [EC_CHANGE_REWORDED] = {"Reworded source texts", "reworded", "reworded"},
    [EC_CHANGE_RETIRED] = {"Retired keys", "retired", "retired"},
    [EC_CHANGE_UNRETIRED] = {"Keys no longer retired", "unretired", "unretired"},
    [EC_CHANGE_ADDED] = {"Added keys", "added", "added"},
    [EC_CHANGE_TRANSLATION_ADDED] = {"Translations added", "translation added",
                                     "translations added"},
    [EC_CHANGE_TRANSLATION_CHANGED] = {"Translations changed", "translation changed",
                                       "translations changed"},
    [EC_CHANGE_TRANSLATION_REMOVED] = {"Translations removed", "translation removed",
                                       "translations removed"},
};

static const char *const format_names[] = {"text", "markdown", "json"};

const char *ec_change_name(ec_change_kind k)
{
    return (unsigned)k < EC_CHANGE_COUNT ? kind_names[k] : NULL;
}

int ec_change_from_name(const char *name)
{
    for (int k = 0; k < EC_CHANGE_COUNT; k++)
        if (!strcmp(name, kind_names[k]))
            return k;
    return -1;
}

const char *ec_diff_format_name(ec_diff_format f)
{
    return (unsigned)f < sizeof format_names / sizeof *format_names ? format_names[f] : NULL;
}

/* ---- comparing ---- */

/* A copy of entry e's text, or NULL when it has none. */
static char *text_of(const ec_entry *e)
{
    return e && e->text_ok && e->text ? ec_xstrdup(e->text) : NULL;
}

/* Whether two entries hold the same text (both absent counts as the same). */
static bool same_text(const ec_entry *a, const ec_entry *b)
{
    bool ha = a && a->text_ok, hb = b && b->text_ok;
    if (!ha || !hb)
        return ha == hb;
    return a->text_len == b->text_len && !memcmp(a->text, b->text, a->text_len);
}

/* The prefix of a catalog's C symbols (as check_against.c and view.c have it). */
static const char *prefix_of(const ec_catalog *c)
{
    return c->c_prefix ? c->c_prefix : "ERRCAT";
}

/* Records a change; takes `old_text` and `new_text`. */
static void add(ec_diff *d, ec_change_kind kind, const ec_entry *key, const char *locale,
                char *symbol, char *old_text, char *new_text)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->v = ec_xrealloc(d->v, d->cap * sizeof *d->v);
    }
    change *c = &d->v[d->n++];
    *c = (change){kind, key->code, key->sub, {0}, ec_xstrdup(locale), symbol, old_text, new_text};
    ec_key_format(c->key, key->code, key->sub);
    d->count[kind]++;
}

/* The locale of `c` tagged `tag`, or NULL. */
static const ec_locale *locale_of(const ec_catalog *c, const char *tag)
{
    for (size_t i = 0; i < c->nlocales; i++)
        if (!strcmp(c->locales[i].tag, tag))
            return &c->locales[i];
    return NULL;
}

/* The keys of the two source locales: added, removed, renamed, reworded,
 * retired and unretired (a key given twice counts once). */
static void diff_keys(ec_diff *d, const ec_catalog *old, const ec_catalog *cur, const ec_locale *os,
                      const ec_locale *ns, bool same_source)
{
    size_t i = 0, j = 0;
    while (i < os->n || j < ns->n) {
        const ec_entry *o = i < os->n ? &os->entries[i] : NULL;
        const ec_entry *e = j < ns->n ? &ns->entries[j] : NULL;
        int cmp = !o ? 1 : !e ? -1 : ec_key_cmp(o->code, o->sub, e->code, e->sub);
        const ec_entry *k = cmp <= 0 ? o : e;
        if (!k)
            break; /* cannot happen: the loop's condition */
        if (cmp < 0 && o) {
            add(d, EC_CHANGE_REMOVED, o, os->tag, ec_symbol(prefix_of(old), o, o->code, o->sub),
                text_of(o), NULL);
        } else if (cmp > 0 && e) {
            add(d, EC_CHANGE_ADDED, e, ns->tag, ec_symbol(prefix_of(cur), e, e->code, e->sub), NULL,
                text_of(e));
        } else if (o && e) {
            char *was = ec_symbol(prefix_of(old), o, o->code, o->sub);
            char *sym = ec_symbol(prefix_of(cur), e, e->code, e->sub);
            if (strcmp(was, sym) != 0)
                add(d, EC_CHANGE_RENAMED, e, ns->tag, ec_xstrdup(sym), ec_xstrdup(was),
                    ec_xstrdup(sym));
            if (same_source && !same_text(o, e))
                add(d, EC_CHANGE_REWORDED, e, ns->tag, ec_xstrdup(sym), text_of(o), text_of(e));
            if (o->retired != e->retired)
                add(d, e->retired ? EC_CHANGE_RETIRED : EC_CHANGE_UNRETIRED, e, ns->tag,
                    ec_xstrdup(sym), text_of(o), text_of(e));
            free(was);
            free(sym);
        }
        /* past this key in both, duplicates included */
        for (; i < os->n && os->entries[i].code == k->code && os->entries[i].sub == k->sub; i++)
            ;
        for (; j < ns->n && ns->entries[j].code == k->code && ns->entries[j].sub == k->sub; j++)
            ;
    }
}

/* The translations of locale `tag` (ol in OLD, nl in NEW; either may be
 * NULL) of the keys both source locales have: added, changed, removed. */
static void diff_locale(ec_diff *d, const ec_catalog *cur, const char *tag, const ec_locale *ol,
                        const ec_locale *nl, const ec_locale *os, const ec_locale *ns)
{
    for (size_t j = 0; j < ns->n; j++) {
        const ec_entry *k = &ns->entries[j];
        if ((j > 0 && ns->entries[j - 1].code == k->code && ns->entries[j - 1].sub == k->sub) ||
            !ec_locale_find(os, k->code, k->sub))
            continue;
        const ec_entry *o = ol ? ec_locale_find(ol, k->code, k->sub) : NULL;
        const ec_entry *e = nl ? ec_locale_find(nl, k->code, k->sub) : NULL;
        bool ho = o && o->text_ok, hn = e && e->text_ok;
        if (!ho && !hn)
            continue;
        ec_change_kind kind = !ho   ? EC_CHANGE_TRANSLATION_ADDED
                              : !hn ? EC_CHANGE_TRANSLATION_REMOVED
                                    : EC_CHANGE_TRANSLATION_CHANGED;
        if (kind == EC_CHANGE_TRANSLATION_CHANGED && same_text(o, e))
            continue;
        add(d, kind, k, tag, ec_symbol(prefix_of(cur), k, k->code, k->sub), text_of(o), text_of(e));
    }
}

/* Whether locale `tag` takes part in the comparison of translations: not a
 * source locale, readable in both catalogs (a locale one catalog lacks is
 * compared as empty). Notes the ones that cannot be read. */
static bool comparable(ec_diff *d, const char *tag, const ec_locale *ol, const ec_locale *nl,
                       const ec_locale *os, const ec_locale *ns)
{
    if (!strcmp(tag, os->tag) || !strcmp(tag, ns->tag))
        return false;
    if ((ol && ol->present && !ol->usable) || (nl && nl->present && !nl->usable)) {
        ec_buf_printf(&d->notes,
                      "the %s file of the %s catalog cannot be read; its translations "
                      "were not compared\n",
                      tag, ol && ol->present && !ol->usable ? "old" : "new");
        return false;
    }
    return true;
}

/* Orders changes by kind, key and locale. */
static int cmp_change(const void *pa, const void *pb)
{
    const change *a = pa, *b = pb;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    int k = ec_key_cmp(a->code, a->sub, b->code, b->sub);
    return k ? k : strcmp(a->locale, b->locale);
}

ec_diff *ec_diff_catalogs(const ec_catalog *old, const ec_catalog *cur, char **err)
{
    const ec_locale *os = ec_catalog_source(old), *ns = ec_catalog_source(cur);
    if (!os || !os->usable || !ns || !ns->usable) {
        *err = ec_xasprintf("the %s catalog has no usable source locale (catalog.yaml's source: "
                            "and its file)",
                            !os || !os->usable ? "old" : "new");
        return NULL;
    }
    ec_diff *d = ec_xcalloc(1, sizeof *d);
    bool same_source = !strcmp(os->tag, ns->tag);
    if (!same_source)
        ec_buf_printf(&d->notes,
                      "the source locales differ (the old catalog's is %s, the new one's %s): "
                      "keys, symbols and retirements were compared, source texts were not\n",
                      os->tag, ns->tag);
    diff_keys(d, old, cur, os, ns, same_source);
    for (size_t i = 0; i < cur->nlocales; i++) {
        const ec_locale *nl = &cur->locales[i], *ol = locale_of(old, nl->tag);
        if (comparable(d, nl->tag, ol, nl, os, ns))
            diff_locale(d, cur, nl->tag, ol && ol->present ? ol : NULL, nl->present ? nl : NULL, os,
                        ns);
    }
    for (size_t i = 0; i < old->nlocales; i++) {
        const ec_locale *ol = &old->locales[i];
        if (!locale_of(cur, ol->tag) && comparable(d, ol->tag, ol, NULL, os, ns))
            diff_locale(d, cur, ol->tag, ol->present ? ol : NULL, NULL, os, ns);
    }
    if (d->n) /* qsort() wants an array, even of no elements */
        qsort(d->v, d->n, sizeof *d->v, cmp_change);
    return d;
}

void ec_diff_free(ec_diff *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].locale);
        free(d->v[i].symbol);
        free(d->v[i].old);
        free(d->v[i].new);
    }
    free(d->v);
    ec_buf_free(&d->notes);
    free(d);
}

size_t ec_diff_count(const ec_diff *d, ec_change_kind k)
{
    if ((unsigned)k < EC_CHANGE_COUNT)
        return d->count[k];
    return d->n;
}

const char *ec_diff_notes(const ec_diff *d)
{
    return d->notes.data ? d->notes.data : "";
}

char *ec_diff_summary(const ec_diff *d)
{
    ec_buf b = {0};
    for (int k = 0; k < EC_CHANGE_COUNT; k++)
        if (d->count[k])
            ec_buf_printf(&b, "%s%zu %s", b.len ? ", " : "", d->count[k],
                          d->count[k] == 1 ? kind_text[k].one : kind_text[k].many);
    if (!b.len)
        ec_buf_puts(&b, "no changes");
    return ec_buf_take(&b);
}

/* ---- rendering ---- */

/* A text in double quotes, on one line and safe on a terminal; its own
 * quotes and backslashes escaped. */
static void quoted(ec_buf *b, const char *s)
{
    ec_buf_putc(b, '"');
    while (*s) {
        size_t n = strcspn(s, "\\\"");
        if (n) {
            char *run = ec_xstrndup(s, n);
            ec_buf_printable(b, run);
            free(run);
            s += n;
        }
        if (*s) {
            ec_buf_putc(b, '\\');
            ec_buf_putc(b, *s++);
        }
    }
    ec_buf_putc(b, '"');
}

/* Text: one line a change, "KIND KEY [LOCALE]: DETAIL". */
static void render_text(ec_buf *b, const ec_diff *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const change *c = &d->v[i];
        bool translation = c->kind >= EC_CHANGE_TRANSLATION_ADDED;
        ec_buf_printf(b, "%s %s%s%s: ", kind_names[c->kind], c->key, translation ? " " : "",
                      translation ? c->locale : "");
        if (c->kind == EC_CHANGE_RENAMED) {
            ec_buf_printf(b, "%s -> %s", c->old, c->new);
        } else if (c->old && c->new &&strcmp(c->old, c->new) != 0) {
            quoted(b, c->old);
            ec_buf_puts(b, " -> ");
            quoted(b, c->new);
        } else {
            quoted(b, c->new ? c->new : c->old ? c->old : "");
        }
        if (c->kind == EC_CHANGE_ADDED || c->kind == EC_CHANGE_REMOVED)
            ec_buf_printf(b, " (%s)", c->symbol);
        ec_buf_putc(b, '\n');
    }
}

/* A Markdown table cell holding exactly `s` (empty for NULL). */
static void md_cell(ec_buf *b, const char *s)
{
    char *cell = ec_md_cell(s ? s : "", s ? strlen(s) : 0);
    ec_buf_printf(b, " %s |", cell);
    free(cell);
}

/* Markdown: a paragraph naming the versions, then per kind of change a
 * heading and a table. Symbols are code spans (they are [A-Z0-9_]). */
static void render_markdown(ec_buf *b, const ec_diff *d, const char *old_label,
                            const char *new_label)
{
    char *summary = ec_diff_summary(d);
    char *ol = ec_md_cell(old_label, strlen(old_label)),
         *nl = ec_md_cell(new_label, strlen(new_label));
    ec_buf_printf(b, "Message catalog changes from %s to %s: %s.\n", ol, nl, summary);
    free(ol);
    free(nl);
    free(summary);
    for (size_t i = 0; i < d->n;) {
        ec_change_kind k = d->v[i].kind;
        bool translation = k >= EC_CHANGE_TRANSLATION_ADDED;
        ec_buf_printf(b, "\n### %s\n\n", kind_text[k].heading);
        if (k == EC_CHANGE_RENAMED)
            ec_buf_puts(b, "| key | old symbol | new symbol |\n| --- | --- | --- |\n");
        else if (translation)
            ec_buf_puts(b, "| key | locale | old text | new text |\n| --- | --- | --- | --- |\n");
        else if (k == EC_CHANGE_REWORDED)
            ec_buf_puts(b, "| key | symbol | old text | new text |\n| --- | --- | --- | --- |\n");
        else
            ec_buf_puts(b, "| key | symbol | text |\n| --- | --- | --- |\n");
        for (; i < d->n && d->v[i].kind == k; i++) {
            const change *c = &d->v[i];
            ec_buf_printf(b, "| %s |", c->key);
            if (k == EC_CHANGE_RENAMED) {
                ec_buf_printf(b, " `%s` | `%s` |\n", c->old, c->new);
                continue;
            }
            if (translation)
                md_cell(b, c->locale);
            else
                ec_buf_printf(b, " `%s` |", c->symbol);
            if (translation || k == EC_CHANGE_REWORDED) {
                md_cell(b, c->old);
                md_cell(b, c->new);
            } else {
                md_cell(b, c->new ? c->new : c->old);
            }
            ec_buf_putc(b, '\n');
        }
    }
}

/* A JSON string, or null. */
static void json_str(ec_buf *b, const char *s)
{
    if (!s) {
        ec_buf_puts(b, "null");
        return;
    }
    ec_buf_putc(b, '"');
    ec_buf_json(b, s);
    ec_buf_putc(b, '"');
}

/* JSON: {"version", "old", "new", "counts", "changes"}, a change a line. */
static void render_json(ec_buf *b, const ec_diff *d, const char *old_label, const char *new_label)
{
    ec_buf_puts(b, "{\"version\": 1, \"old\": ");
    json_str(b, old_label);
    ec_buf_puts(b, ", \"new\": ");
    json_str(b, new_label);
    ec_buf_puts(b, ",\n \"counts\": {");
    for (int k = 0; k < EC_CHANGE_COUNT; k++)
        ec_buf_printf(b, "%s\"%s\": %zu", k ? ", " : "", kind_names[k], d->count[k]);
    ec_buf_puts(b, "},\n \"changes\": [");
    for (size_t i = 0; i < d->n; i++) {
        const change *c = &d->v[i];
        ec_buf_printf(b, "%s\n  {\"kind\": \"%s\", \"key\": \"%s\", \"locale\": ", i ? "," : "",
                      kind_names[c->kind], c->key);
        json_str(b, c->locale);
        ec_buf_puts(b, ", \"symbol\": ");
        json_str(b, c->symbol);
        ec_buf_puts(b, ", \"old\": ");
        json_str(b, c->old);
        ec_buf_puts(b, ", \"new\": ");
        json_str(b, c->new);
        ec_buf_putc(b, '}');
    }
    ec_buf_puts(b, d->n ? "\n]}\n" : "]}\n");
}

char *ec_diff_render(const ec_diff *d, ec_diff_format f, const char *old_label,
                     const char *new_label)
{
    ec_buf b = {0};
    if (f == EC_DIFF_MARKDOWN)
        render_markdown(&b, d, old_label, new_label);
    else if (f == EC_DIFF_JSON)
        render_json(&b, d, old_label, new_label);
    else
        render_text(&b, d);
    return ec_buf_take(&b);
}
