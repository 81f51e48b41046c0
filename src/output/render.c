/* Rendering a report: compiler-style text, JSON, SARIF 2.1.0, GitHub commands. */
#include "base/buf.h"
#include "model/catalog.h"
#include "model/checkdef.h"
#include "model/report.h"
#include "errcat/errcat.h"

#include <stdlib.h>
#include <string.h>

static const char *sev_name(ec_severity s)
{
    return s == EC_SEV_ERROR ? "error" : "warning";
}

/* One line per finding, whatever the file name and the message quote from
 * the catalog (line breaks, escape sequences, bidi overrides are escaped). */
static void render_text(ec_buf *b, const ec_finding *f, bool color)
{
    const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
    const char *sevc = !color ? "" : f->severity == EC_SEV_ERROR ? "\033[1;31m" : "\033[1;35m";
    ec_buf_puts(b, bold);
    ec_buf_printable(b, f->file);
    if (f->line > 0)
        ec_buf_printf(b, ":%d:%d", f->line, f->column);
    ec_buf_printf(b, ":%s %s%s:%s ", reset, sevc, sev_name(f->severity), reset);
    ec_buf_printable(b, f->message);
    ec_buf_printf(b, " [%s]\n", ec_check_name(f->check));
}

static void json_str(ec_buf *b, const char *name, const char *v, bool comma)
{
    ec_buf_printf(b, "\"%s\": \"", name);
    ec_buf_json(b, v);
    ec_buf_puts(b, comma ? "\", " : "\"");
}

static const char *check_id(ec_check_id c)
{
    return ec_check_name(c);
}

/* "keys": every key the finding names, its own first; none when it has no key. */
static void json_keys(ec_buf *b, const ec_finding *f)
{
    ec_buf_puts(b, "\"keys\": [");
    if (f->key[0]) {
        ec_buf_puts(b, "\"");
        ec_buf_json(b, f->key);
        ec_buf_puts(b, "\"");
    }
    for (size_t k = 0; k < f->nrelated; k++) {
        ec_buf_puts(b, ", \"");
        ec_buf_json(b, f->related[k].key);
        ec_buf_puts(b, "\"");
    }
    ec_buf_puts(b, "], ");
}

static void render_json(ec_buf *b, const ec_report *r, bool color)
{
    (void)color;
    size_t n = ec_report_count(r);
    ec_buf_puts(b, n ? "[\n" : "[]\n");
    for (size_t i = 0; i < n; i++) {
        ec_finding f = ec_report_get(r, i);
        ec_buf_puts(b, "  {");
        json_str(b, "file", f.file, true);
        if (f.line > 0)
            ec_buf_printf(b, "\"line\": %d, \"column\": %d, ", f.line, f.column);
        else
            ec_buf_puts(b, "\"line\": null, \"column\": null, ");
        json_str(b, "severity", sev_name(f.severity), true);
        json_str(b, "check", check_id(f.check), true);
        json_str(b, "locale", f.locale, true);
        json_str(b, "key", f.key, true);
        json_keys(b, &f);
        json_str(b, "message", f.message, false);
        ec_buf_puts(b, i + 1 < n ? "},\n" : "}\n");
    }
    if (n)
        ec_buf_puts(b, "]\n");
}

/* The bytes of a path as a URI path (RFC 3986): every byte but the
 * unreserved characters and '/' is percent-encoded, UTF-8 bytes included, so
 * that no ':' can pass for a scheme, nor '%', '?' or '#' for syntax. */
static void sarif_uri(ec_buf *b, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || strchr("-._~/", *p);
        if (plain)
            ec_buf_putc(b, (char)*p);
        else
            ec_buf_printf(b, "%%%02X", *p);
    }
}

/* The artifactLocation of a file: an absolute path becomes a file URI
 * (file:///home/me/i18n/de.yaml), since a bare one would be a relative
 * reference starting with a slash, which SARIF rejects; a relative path stays
 * a relative reference, against the uriBaseId SRCROOT: the directory errcat
 * ran in. */
static void sarif_artifact(ec_buf *b, const char *path)
{
    ec_buf_puts(b, "{\"uri\": \"");
    if (path[0] == '/') {
        while (path[1] == '/') /* "//x" is "/x": no authority */
            path++;
        ec_buf_puts(b, "file://");
        sarif_uri(b, path);
        ec_buf_puts(b, "\"}");
    } else {
        sarif_uri(b, path);
        ec_buf_puts(b, "\", \"uriBaseId\": \"SRCROOT\"}");
    }
}

/* The rules: the checks and io, in id order (the finding kinds of build and
 * import are never in a check's report). */
static bool sarif_rule(int c)
{
    return ec_check_is_check(c) || c == EC_CHECK_IO;
}

static int sarif_rule_index(ec_check_id id)
{
    int n = 0;
    for (int c = 0; c < (int)id; c++)
        n += sarif_rule(c);
    return n;
}

static void sarif_rules(ec_buf *b)
{
    const char *sep = "";
    for (int c = 0; c < EC_CHECK_COUNT; c++) {
        if (!sarif_rule(c))
            continue;
        ec_buf_printf(b, "%s            {\"id\": \"%s\", \"shortDescription\": {\"text\": \"", sep,
                      check_id(c));
        ec_buf_json(b, ec_check_description(c));
        ec_buf_printf(b, "\"}, \"defaultConfiguration\": {\"level\": \"%s\"}}",
                      sev_name(ec_check_default_severity(c)));
        sep = ",\n";
    }
    ec_buf_putc(b, '\n');
}

/* The "physicalLocation" member for `file` at line:col (line 0: line 1). */
static void sarif_location(ec_buf *b, const char *file, int line, int col)
{
    ec_buf_puts(b, "\"physicalLocation\": {\"artifactLocation\": ");
    sarif_artifact(b, file);
    /* A file-level finding (line 0: a file that cannot be read) points at
     * line 1: validators want a region, GitHub code scanning a startLine. */
    if (line > 0)
        ec_buf_printf(b, ", \"region\": {\"startLine\": %d, \"startColumn\": %d}", line, col);
    else
        ec_buf_puts(b, ", \"region\": {\"startLine\": 1}");
    ec_buf_puts(b, "}");
}

/* The other keys a finding names: relatedLocations, each with its key as
 * message. */
static void sarif_related(ec_buf *b, const ec_finding *f)
{
    if (!f->nrelated)
        return;
    ec_buf_puts(b, "\"relatedLocations\": [");
    for (size_t k = 0; k < f->nrelated; k++) {
        ec_buf_printf(b, "%s{\"id\": %zu, ", k ? ", " : "", k + 1);
        ec_buf_puts(b, "\"message\": {\"text\": \"");
        ec_buf_json(b, f->related[k].key);
        ec_buf_puts(b, "\"}, ");
        sarif_location(b, f->file, f->related[k].line, f->related[k].column);
        ec_buf_puts(b, "}");
    }
    ec_buf_puts(b, "], ");
}

static void render_sarif(ec_buf *b, const ec_report *r, bool color)
{
    (void)color;
    ec_buf_puts(b, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
                   "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
                   "      \"tool\": {\n        \"driver\": {\n"
                   "          \"name\": \"errcat\",\n");
    ec_buf_printf(b, "          \"version\": \"%s\",\n", ec_version());
    ec_buf_puts(b, "          \"informationUri\": \"https://github.com/errcat/errcat\",\n"
                   "          \"rules\": [\n");
    sarif_rules(b);
    ec_buf_puts(b, "          ]\n        }\n      },\n"
                   "      \"originalUriBaseIds\": {\"SRCROOT\": {\"description\": "
                   "{\"text\": \"The directory errcat ran in.\"}}},\n"
                   "      \"results\": [");
    /* After a baseline: the new findings, then those it silenced */
    const ec_report *old = ec_report_baselined_findings(r);
    size_t n_new = ec_report_count(r), n = n_new + (old ? ec_report_count(old) : 0);
    for (size_t i = 0; i < n; i++) {
        ec_finding f = i < n_new ? ec_report_get(r, i) : ec_report_get(old, i - n_new);
        ec_buf_printf(b, "%s\n        {\"ruleId\": \"%s\", ", i ? "," : "", check_id(f.check));
        if (old)
            ec_buf_printf(b, "\"baselineState\": \"%s\", ", i < n_new ? "new" : "unchanged");
        /* the finding kinds of build and import have no rule to point at */
        if (sarif_rule(f.check))
            ec_buf_printf(b, "\"ruleIndex\": %d, ", sarif_rule_index(f.check));
        ec_buf_printf(b, "\"level\": \"%s\", ", sev_name(f.severity));
        ec_buf_puts(b, "\"message\": {\"text\": \"");
        ec_buf_json(b, f.message);
        ec_buf_puts(b, "\"}, \"locations\": [{");
        sarif_location(b, f.file, f.line, f.column);
        ec_buf_puts(b, "}], ");
        sarif_related(b, &f);
        ec_buf_puts(b, "\"properties\": {");
        json_str(b, "locale", f.locale, true);
        json_str(b, "key", f.key, false);
        ec_buf_puts(b, "}}");
    }
    ec_buf_puts(b, n ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n");
}

/* Workflow command escaping: data, and (with `prop`) property values. */
static void gh_escape(ec_buf *b, const char *s, bool prop)
{
    for (; *s; s++) {
        if (*s == '%')
            ec_buf_puts(b, "%25");
        else if (*s == '\r')
            ec_buf_puts(b, "%0D");
        else if (*s == '\n')
            ec_buf_puts(b, "%0A");
        else if (prop && *s == ':')
            ec_buf_puts(b, "%3A");
        else if (prop && *s == ',')
            ec_buf_puts(b, "%2C");
        else
            ec_buf_putc(b, *s);
    }
}

static void render_github(ec_buf *b, const ec_finding *f)
{
    ec_buf_printf(b, "::%s file=", sev_name(f->severity));
    gh_escape(b, f->file, true);
    if (f->line > 0)
        ec_buf_printf(b, ",line=%d,col=%d", f->line, f->column);
    ec_buf_printf(b, ",title=errcat %s::", check_id(f->check));
    gh_escape(b, f->message, false);
    ec_buf_putc(b, '\n');
}

static void render_lines(ec_buf *b, const ec_report *r, bool color)
{
    for (size_t i = 0; i < ec_report_count(r); i++) {
        ec_finding f = ec_report_get(r, i);
        render_text(b, &f, color);
    }
}

static void render_commands(ec_buf *b, const ec_report *r, bool color)
{
    (void)color;
    for (size_t i = 0; i < ec_report_count(r); i++) {
        ec_finding f = ec_report_get(r, i);
        render_github(b, &f);
    }
}

/* The review page without a catalog: findings only. */
static void render_page(ec_buf *b, const ec_report *r, bool color)
{
    (void)color;
    char *page = ec_report_render_html(r, NULL, NULL);
    ec_buf_puts(b, page);
    free(page);
}

/* The formats, by ec_format: the name --format takes and the renderer. */
static const struct {
    const char *name;
    void (*render)(ec_buf *b, const ec_report *r, bool color);
} formats[] = {
    [EC_FORMAT_TEXT] = {"text", render_lines},   [EC_FORMAT_JSON] = {"json", render_json},
    [EC_FORMAT_SARIF] = {"sarif", render_sarif}, [EC_FORMAT_GITHUB] = {"github", render_commands},
    [EC_FORMAT_HTML] = {"html", render_page},
};

#define NFORMATS (sizeof formats / sizeof *formats)

const char *ec_format_name(ec_format fmt)
{
    return (size_t)fmt < NFORMATS ? formats[fmt].name : NULL;
}

char *ec_report_render(const ec_report *r, ec_format fmt, bool color)
{
    ec_buf b = {0};
    /* a value that is no format: text */
    formats[(size_t)fmt < NFORMATS ? fmt : EC_FORMAT_TEXT].render(&b, r, color);
    return ec_buf_take(&b);
}

static void count_phrase(ec_buf *b, size_t n, const char *word)
{
    ec_buf_printf(b, "%zu %s%s", n, word, n == 1 ? "" : "s");
}

/* The line before the summary of a catalog without a usable source locale:
 * the checks that compare a translation with its source did not run. */
static void no_source_note(ec_buf *b, const ec_catalog *c)
{
    if (!c || !c->nlocales || ec_catalog_source(c))
        return;
    if (!c->source)
        ec_buf_puts(b, "errcat: no source locale (catalog.yaml has no usable source:)");
    else
        ec_buf_printf(b, "errcat: the source locale %s cannot be used (see above)", c->source);
    ec_buf_puts(b, "; the checks against the source text (");
    const char *ids[EC_CHECK_COUNT];
    size_t n = 0;
    for (int i = 0; i < EC_CHECK_COUNT; i++)
        if (ec_check_follows_source(i))
            ids[n++] = ec_check_name(i);
    ec_buf_name_list(b, ids, n);
    ec_buf_puts(b, ") were skipped\n");
}

char *ec_report_summary(const ec_report *r, const ec_catalog *c, const char **only)
{
    ec_buf b = {0};
    no_source_note(&b, c);
    ec_buf_puts(&b, "errcat: ");
    count_phrase(&b, ec_report_count_severity(r, EC_SEV_ERROR), "error");
    ec_buf_puts(&b, ", ");
    count_phrase(&b, ec_report_count_severity(r, EC_SEV_WARNING), "warning");
    if (ec_report_baselined_findings(r))
        ec_buf_printf(&b, ", %zu baselined", ec_report_baselined(r));
    if (c) {
        ec_buf_puts(&b, " (");
        const char **tags = ec_xcalloc(ec_catalog_locale_count(c) + 1, sizeof *tags);
        size_t n = 0;
        for (size_t i = 0; i < ec_catalog_locale_count(c); i++)
            if (ec_locale_selected(ec_catalog_locale(c, i), only))
                tags[n++] = ec_catalog_locale(c, i);
        ec_buf_key_list(&b, tags, n, n);
        free(tags);
        ec_buf_printf(&b, "%s%zu key%s)", n ? "; " : "", ec_catalog_key_count(c),
                      ec_catalog_key_count(c) == 1 ? "" : "s");
    }
    return ec_buf_take(&b);
}
