/* Baselines: the fingerprints of today's findings in a JSON file, and
 * silencing the findings a later run finds again (README "Baselines").
 *
 * A fingerprint is one line of the file, a JSON object with the fields
 * check, locale, key, text, source and message (those that are empty left
 * out), written by fingerprint() alone: a line read back is parsed and
 * written again the same way, so that two fingerprints match when their
 * lines are the same bytes. */
#include "base/buf.h"
#include "base/file.h"
#include "base/key.h"
#include "model/catalog.h"
#include "model/checkdef.h"
#include "model/report.h"
#include "output/output.h"
#include "errcat/errcat.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fields of a fingerprint, in the order a line gives them. */
enum { F_CHECK, F_LOCALE, F_KEY, F_TEXT, F_SOURCE, F_MESSAGE, NFIELDS };
static const char *const field_names[NFIELDS] = {"check", "locale", "key",
                                                 "text",  "source", "message"};

/* The largest baseline file read (a million findings of long texts). */
#define BASELINE_MAX ((size_t)1 << 30)

/* Appends the line of a fingerprint whose fields are `v` (NULL or "": left
 * out), without a line break. */
static void fingerprint_line(ec_buf *b, const char *const v[NFIELDS])
{
    ec_buf_putc(b, '{');
    bool first = true;
    for (int i = 0; i < NFIELDS; i++) {
        if (!v[i] || !*v[i])
            continue;
        ec_buf_printf(b, "%s\"%s\": \"", first ? "" : ", ", field_names[i]);
        ec_buf_json(b, v[i]);
        ec_buf_putc(b, '"');
        first = false;
    }
    ec_buf_putc(b, '}');
}

/* The text of `key` in locale `tag` of `c`, or NULL. */
static const char *text_of(const ec_catalog *c, const char *tag, int32_t code, int32_t sub)
{
    for (size_t i = 0; i < c->nlocales; i++) {
        const ec_locale *l = &c->locales[i];
        if (!strcmp(l->tag, tag)) {
            const ec_entry *e = l->usable ? ec_locale_find(l, code, sub) : NULL;
            return e && e->text_ok ? e->text : NULL;
        }
    }
    return NULL;
}

/* The fingerprint line of finding `f` of catalog `c` (README "Baselines"):
 * the texts the finding is about rather than its position, so that it
 * survives moved lines and comes back when those texts change. */
static char *fingerprint(const ec_catalog *c, const ec_finding *f)
{
    const char *v[NFIELDS] = {ec_check_name(f->check), f->locale, f->key, NULL, NULL, NULL};
    int32_t code, sub;
    if (c && ec_key_parse(f->key, strlen(f->key), &code, &sub)) {
        v[F_TEXT] = text_of(c, f->locale, code, sub);
        const ec_locale *src = ec_catalog_source(c);
        if (src && strcmp(src->tag, f->locale) != 0)
            v[F_SOURCE] = text_of(c, src->tag, code, sub);
    } else {
        v[F_MESSAGE] = f->message;
    }
    ec_buf b = {0};
    fingerprint_line(&b, v);
    return ec_buf_take(&b);
}

/* Whether finding `f` can be baselined: a check's finding, not a file that
 * cannot be read nor one of build or import. */
static bool baselinable(const ec_finding *f)
{
    return ec_check_is_check(f->check);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Splits `path` into its directory (caller frees) and its file name. */
static char *split_path(const char *path, const char **name)
{
    const char *slash = strrchr(path, '/');
    *name = slash ? slash + 1 : path;
    if (!slash)
        return ec_xstrdup(".");
    if (slash == path)
        return ec_xstrdup("/");
    return ec_xasprintf("%.*s", (int)(slash - path), path);
}

bool ec_baseline_write(const ec_catalog *c, const ec_report *r, const char *path, size_t *count,
                       char **err)
{
    size_t n = 0, total = ec_report_count(r);
    char **lines = ec_xcalloc(total + 1, sizeof *lines);
    for (size_t i = 0; i < total; i++) {
        ec_finding f = ec_report_get(r, i);
        if (baselinable(&f))
            lines[n++] = fingerprint(c, &f);
    }
    qsort(lines, n, sizeof *lines, cmp_str);
    ec_buf b = {0};
    ec_buf_puts(&b, "{\"version\": 1, \"findings\": [");
    for (size_t i = 0; i < n; i++) {
        ec_buf_printf(&b, "\n  %s%s", lines[i], i + 1 < n ? "," : "");
        free(lines[i]);
    }
    ec_buf_puts(&b, n ? "\n]}\n" : "]}\n");
    free(lines);
    const char *name;
    char *dir = split_path(path, &name);
    bool ok = *name != '\0';
    if (!ok)
        *err = ec_xasprintf("%s: not a file name", path);
    ec_out *o = ok ? ec_out_new(dir, false, true) : NULL;
    char *data = ec_buf_take(&b);
    if (ok)
        ok = ec_out_stage(o, name, data, strlen(data), err) && ec_out_commit(o, err);
    ec_out_free(o);
    free(data);
    free(dir);
    if (count)
        *count = n;
    return ok;
}

/* ---- reading a baseline: the JSON that ec_baseline_write() writes, with
 * any white space, and nothing else ---- */

typedef struct {
    const char *s, *end;
    const char *path;
    char *err; /* the first problem */
} reader;

/* The line of the reader's position, for a message. */
static int line_at(const reader *rd, const char *at)
{
    int line = 1;
    for (const char *p = rd->s; p < at; p++)
        line += *p == '\n';
    return line;
}

/* Records the problem at `at` (the first one only); false. */
static bool bad(reader *rd, const char *at, const char *what)
{
    if (!rd->err)
        rd->err =
            ec_xasprintf("%s:%d: not an errcat baseline: %s", rd->path, line_at(rd, at), what);
    return false;
}

static void skip_ws(reader *rd, const char **p)
{
    while (*p < rd->end && (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r'))
        (*p)++;
}

/* Whether the next character (after white space) is `ch`; consumes it. */
static bool accept_char(reader *rd, const char **p, char ch)
{
    skip_ws(rd, p);
    if (*p < rd->end && **p == ch) {
        (*p)++;
        return true;
    }
    return false;
}

static bool expect(reader *rd, const char **p, char ch)
{
    if (accept_char(rd, p, ch))
        return true;
    char what[32];
    snprintf(what, sizeof what, "'%c' expected", ch);
    return bad(rd, *p, what);
}

static int hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char ch = p[i];
        int d = ch >= '0' && ch <= '9'   ? ch - '0'
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                         : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Appends code point `cp` in UTF-8. */
static void put_utf8(ec_buf *b, uint32_t cp)
{
    char u[4];
    size_t n = 0;
    if (cp < 0x80) {
        u[n++] = (char)cp;
    } else if (cp < 0x800) {
        u[n++] = (char)(0xC0 | cp >> 6);
        u[n++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        u[n++] = (char)(0xE0 | cp >> 12);
        u[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[n++] = (char)(0x80 | (cp & 0x3F));
    } else {
        u[n++] = (char)(0xF0 | cp >> 18);
        u[n++] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[n++] = (char)(0x80 | (cp & 0x3F));
    }
    ec_buf_put(b, u, n);
}

/* A JSON string's escape at *p (past the backslash) appended to `b`. */
static bool parse_escape(reader *rd, const char **p, ec_buf *b)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *hit = *p < rd->end ? strchr(from, **p) : NULL;
    if (hit && **p) {
        ec_buf_putc(b, to[hit - from]);
        (*p)++;
        return true;
    }
    if (*p >= rd->end || **p != 'u' || rd->end - *p < 5 || hex4(*p + 1) < 0)
        return bad(rd, *p, "bad escape in a string");
    uint32_t cp = (uint32_t)hex4(*p + 1);
    *p += 5;
    if (cp >= 0xD800 && cp < 0xDC00 && rd->end - *p >= 6 && (*p)[0] == '\\' && (*p)[1] == 'u') {
        int lo = hex4(*p + 2);
        if (lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
            *p += 6;
        }
    }
    if (cp >= 0xD800 && cp < 0xE000)
        cp = 0xFFFD;
    put_utf8(b, cp);
    return true;
}

/* A JSON string at *p; NULL (caller frees the result otherwise). */
static char *parse_string(reader *rd, const char **p)
{
    if (!expect(rd, p, '"'))
        return NULL;
    ec_buf b = {0};
    ec_buf_puts(&b, "");
    while (*p < rd->end && **p != '"') {
        unsigned char ch = (unsigned char)**p;
        if (ch < 0x20) {
            bad(rd, *p, "a control character in a string");
            break;
        }
        (*p)++;
        if (ch != '\\')
            ec_buf_putc(&b, (char)ch);
        else if (!parse_escape(rd, p, &b))
            break;
    }
    if (!rd->err && *p >= rd->end)
        bad(rd, *p, "a string without its closing quote");
    if (rd->err) {
        free(ec_buf_take(&b));
        return NULL;
    }
    (*p)++;
    return ec_buf_take(&b);
}

/* One finding's object at *p, as its fingerprint line. */
static char *parse_finding(reader *rd, const char **p)
{
    char *v[NFIELDS] = {0};
    char *line = NULL;
    if (!expect(rd, p, '{'))
        return NULL;
    bool ok = true;
    if (!accept_char(rd, p, '}')) {
        do {
            skip_ws(rd, p);
            const char *at = *p;
            char *name = parse_string(rd, p);
            int field = -1;
            for (int i = 0; name && i < NFIELDS; i++)
                if (!strcmp(name, field_names[i]))
                    field = i;
            ok = name && (field >= 0 || bad(rd, at, "unknown field in a finding")) &&
                 (!v[field] || bad(rd, at, "a field twice in a finding")) && expect(rd, p, ':');
            free(name);
            if (ok)
                ok = (v[field] = parse_string(rd, p)) != NULL;
        } while (ok && accept_char(rd, p, ','));
        ok = ok && expect(rd, p, '}');
    }
    if (ok && (!v[F_CHECK] || ec_check_from_name(v[F_CHECK]) < 0))
        ok = bad(rd, *p, "a finding without a known check");
    if (ok) {
        ec_buf b = {0};
        fingerprint_line(&b, (const char *const *)v);
        line = ec_buf_take(&b);
    }
    for (int i = 0; i < NFIELDS; i++)
        free(v[i]);
    return line;
}

/* The whole file: {"version": 1, "findings": [...]}; the fingerprints in
 * *lines, *n of them; false with rd->err. */
static bool parse_baseline(reader *rd, char ***lines, size_t *n)
{
    const char *p = rd->s;
    size_t cap = 0;
    *lines = NULL;
    *n = 0;
    if (!expect(rd, &p, '{'))
        return false;
    bool version = false, findings = false, ok = true;
    do {
        skip_ws(rd, &p);
        const char *at = p;
        char *name = parse_string(rd, &p);
        ok = name && expect(rd, &p, ':');
        if (ok && !strcmp(name, "version")) {
            skip_ws(rd, &p);
            ok = !version && rd->end - p >= 1 && *p == '1' && (p++, true);
            ok = ok || bad(rd, at, "a version other than 1");
            version = true;
        } else if (ok && !strcmp(name, "findings") && !findings) {
            findings = true;
            ok = expect(rd, &p, '[');
            if (ok && !accept_char(rd, &p, ']')) {
                do {
                    char *line = parse_finding(rd, &p);
                    if (!(ok = line != NULL))
                        break;
                    if (*n == cap) {
                        cap = cap ? cap * 2 : 64;
                        *lines = ec_xrealloc(*lines, cap * sizeof **lines);
                    }
                    (*lines)[(*n)++] = line;
                } while (accept_char(rd, &p, ','));
                ok = ok && expect(rd, &p, ']');
            }
        } else if (ok) {
            ok = bad(rd, at, "unknown field (version and findings only)");
        }
        free(name);
    } while (ok && accept_char(rd, &p, ','));
    ok = ok && expect(rd, &p, '}');
    if (ok && (!version || !findings))
        ok = bad(rd, p, "version and findings are both needed");
    skip_ws(rd, &p);
    if (ok && p < rd->end)
        ok = bad(rd, p, "more after the end");
    return ok;
}

/* Frees `n` lines and their array. */
static void free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

bool ec_baseline_apply(const ec_catalog *c, ec_report *r, const char *path, char **err)
{
    size_t len;
    char *data = ec_read_file_max(path, BASELINE_MAX, &len);
    if (!data) {
        *err = ec_xasprintf("%s: %s", path, strerror(errno));
        return false;
    }
    reader rd = {data, data + len, path, NULL};
    char **lines;
    size_t n;
    if (memchr(data, '\0', len))
        bad(&rd, memchr(data, '\0', len), "a NUL byte");
    if (rd.err || !parse_baseline(&rd, &lines, &n)) {
        if (!rd.err) /* cannot happen: every failure says why */
            rd.err = ec_xasprintf("%s: not an errcat baseline", path);
        *err = rd.err;
        free(data);
        return false;
    }
    free(data);
    qsort(lines, n, sizeof *lines, cmp_str);
    bool *used = ec_xcalloc(n + 1, sizeof *used);
    ec_report_sort(r);
    size_t total = ec_report_count(r);
    bool *silenced = ec_xcalloc(total + 1, sizeof *silenced);
    for (size_t i = 0; i < total; i++) {
        ec_finding f = ec_report_get(r, i);
        if (!baselinable(&f))
            continue;
        char *line = fingerprint(c, &f);
        /* the first unused record with these bytes: a record silences one finding */
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(lines[mid], line) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < n && !strcmp(lines[lo], line); lo++)
            if (!used[lo]) {
                used[lo] = silenced[i] = true;
                break;
            }
        free(line);
    }
    ec_report_take_baselined(r, silenced);
    free(silenced);
    free(used);
    free_lines(lines, n);
    return true;
}
