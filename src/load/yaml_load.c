/* Loading catalog.yaml and the locale files. The only file that talks to
 * libyaml: it walks the event stream (no document tree, no recursion) and
 * turns every problem into a finding with libyaml's line and column. */
#include "load/yaml.h"
#include "load/yaml_props.h"

#include "base/buf.h"
#include "base/file.h"
#include "base/key.h"
#include "base/map.h"
#include "base/unicode.h"
#include "model/catalog.h"
#include "model/report.h"
#include "errcat/errcat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#define EC_TEXT_MAX 4096

/* ---- the event reader ---- */

/* Code points of a name or value quoted in a message; longer ones are cut. */
#define SHOWN_MAX 64

typedef struct {
    yaml_parser_t parser;
    yaml_event_t ev;
    bool have_ev;
    bool failed; /* libyaml gave up: no further events */
    const char *path;
    const char *locale;
    int fd;           /* libyaml reads the file through it; -1 once closed */
    size_t fed;       /* bytes given to libyaml so far */
    int read_errno;   /* why the input stopped, or 0 */
    bool opened;      /* libyaml reads the file (reader_open() returned 1) */
    const char *data; /* the whole file: in memory, or read only to place an encoding error */
    size_t len;
    size_t size;     /* of the file (in memory or on disk), once opened */
    bool data_owned; /* data was read here, and is freed by reader_close() */
    ec_report *r;
    size_t problems;               /* reported so far; see EC_FILE_PROBLEMS_MAX */
    int quote_line;                /* 1-based line of a "must be quoted" finding, or 0 */
    ec_arena *arena;               /* where entry strings go (locale files) */
    ec_buf norm;                   /* scratch for the comparable form of a text */
    char shown[SHOWN_MAX * 4 + 4]; /* see sh() */
} reader;

/* `s` as a message quotes it: cut after SHOWN_MAX code points ("..."), in
 * a buffer of the reader valid until the next call. */
static const char *sh(reader *rd, const char *s)
{
    char *out = rd->shown;
    size_t i = 0, chars = 0;
    while (s[i] && chars < SHOWN_MAX) {
        i++;
        while (((unsigned char)s[i] & 0xc0) == 0x80)
            i++;
        chars++;
    }
    if (!s[i] || i + 4 > sizeof rd->shown) {
        snprintf(out, sizeof rd->shown, "%s", s);
        return out;
    }
    memcpy(out, s, i);
    memcpy(out + i, "...", 4);
    return out;
}

static ec_pos mark_pos(yaml_mark_t m)
{
    ec_pos p = {(int)m.line + 1, (int)m.column + 1};
    return p;
}

static ec_pos ev_pos(const reader *rd)
{
    return mark_pos(rd->ev.start_mark);
}

static void report(reader *rd, ec_pos pos, ec_check_id check, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void report(reader *rd, ec_pos pos, ec_check_id check, const char *key, const char *fmt, ...)
{
    if (rd->problems >= EC_FILE_PROBLEMS_MAX)
        return;
    va_list ap;
    va_start(ap, fmt);
    ec_report_vadd(rd->r, rd->path, pos, EC_SEV_ERROR, check, rd->locale, key ? key : "", fmt, ap);
    va_end(ap);
    if (++rd->problems == EC_FILE_PROBLEMS_MAX) {
        /* A garbage file or an alias bomb is not read to its end. */
        ec_report_add(rd->r, rd->path, pos, EC_SEV_ERROR, EC_CHECK_SCHEMA, rd->locale, "",
                      "%d problems in this file: errcat stops reading it here",
                      EC_FILE_PROBLEMS_MAX);
        rd->failed = true;
    }
}

/* Line and column (in code points) of a byte offset of the raw file, which
 * is read again for that: libyaml saw it in pieces. {0, 0} (the file as a
 * whole) when it cannot be. */
static ec_pos offset_pos(reader *rd, size_t off)
{
    ec_pos p = {1, 1};
    if (!rd->data) {
        rd->data = ec_read_file_max(rd->path, EC_CATALOG_FILE_MAX, &rd->len);
        rd->data_owned = true;
    }
    if (!rd->data)
        return (ec_pos){0, 0};
    size_t line_start = 0;
    if (off > rd->len)
        off = rd->len;
    for (size_t i = 0; i < off; i++) {
        char c = rd->data[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= rd->len || rd->data[i + 1] != '\n'))) {
            p.line++;
            line_start = i + 1;
        }
    }
    p.col = (int)ec_u_count_chars(rd->data + line_start, off - line_start) + 1;
    return p;
}

/* A file past EC_CATALOG_FILE_MAX, whether seen when opened or grown while
 * read: reported at its top. */
static void report_too_big(reader *rd)
{
    ec_pos top = {1, 1};
    report(rd, top, EC_CHECK_SCHEMA, NULL,
           "the file is larger than %zu MiB, the most errcat reads of a catalog file",
           (size_t)(EC_CATALOG_FILE_MAX >> 20));
}

/* The file cannot be read: an io finding, at no position. */
static void cannot_read(reader *rd, const char *why)
{
    ec_pos none = {0, 0};
    ec_report_add(rd->r, rd->path, none, EC_SEV_ERROR, EC_CHECK_IO, rd->locale, "",
                  "cannot read: %s", why);
}

/* ---- a text that YAML does not read as a text ----
 * An unquoted text that starts with '{' or '[' is a flow collection to YAML,
 * one that starts with '%', '@' or '`' no token at all. These are common in
 * message catalogs ("{0} files", "%s not found"), so the finding says to
 * quote the text rather than what libyaml or the schema makes of it. */

/* The bytes of 0-based line `line` of the file (read again when libyaml
 * read it in pieces), without its line break; NULL when it cannot be. */
static const char *raw_line(reader *rd, size_t line, size_t *len)
{
    if (!rd->data && rd->path) {
        rd->data = ec_read_file_max(rd->path, EC_CATALOG_FILE_MAX, &rd->len);
        rd->data_owned = true;
    }
    if (!rd->data)
        return NULL;
    /* data in memory need not end in a NUL: every search is bounded */
    size_t i = 0;
    for (size_t l = 0; l < line; l++) {
        const char *nl = memchr(rd->data + i, '\n', rd->len - i);
        if (!nl)
            return NULL;
        i = (size_t)(nl - rd->data) + 1;
    }
    if (i >= rd->len)
        return NULL;
    const char *nl = memchr(rd->data + i, '\n', rd->len - i);
    size_t n = nl ? (size_t)(nl - rd->data) - i : rd->len - i;
    while (n && (rd->data[i + n - 1] == '\r' || rd->data[i + n - 1] == ' '))
        n--;
    *len = n;
    return rd->data + i;
}

/* The value of a one-line "key: value" (the key plain or quoted), or NULL
 * when the line is not one. */
static const char *line_value(const char *line, size_t len, size_t *vlen)
{
    size_t i = 0;
    while (i < len && line[i] == ' ')
        i++;
    if (i < len && (line[i] == '"' || line[i] == '\'')) {
        const char *close = memchr(line + i + 1, line[i], len - i - 1);
        if (!close)
            return NULL;
        i = (size_t)(close - line) + 1;
    } else {
        while (i < len && line[i] != ':')
            i++;
    }
    if (i >= len || line[i] != ':' || i + 1 >= len || line[i + 1] != ' ')
        return NULL;
    for (i++; i < len && line[i] == ' ';)
        i++;
    if (i >= len)
        return NULL;
    *vlen = len - i;
    return line + i;
}

/* The value of 0-based line `line` when it is a text that YAML cannot read
 * as one: it starts with one of `starts`. */
static const char *unquoted_text(reader *rd, size_t line, const char *starts, size_t *vlen)
{
    size_t len;
    const char *l = raw_line(rd, line, &len);
    const char *v = l ? line_value(l, len, vlen) : NULL;
    return v && strchr(starts, v[0]) ? v : NULL;
}

/* Reports "a text that starts with 'C' must be quoted: "TEXT"" at `pos`,
 * TEXT in the quotes that suit it (single quotes when it holds a double
 * quote or a backslash), once per line. */
static void report_unquoted(reader *rd, ec_pos pos, const char *v, size_t vlen)
{
    if (rd->quote_line == pos.line)
        return;
    rd->quote_line = pos.line;
    ec_buf q = {0};
    bool single = memchr(v, '"', vlen) || memchr(v, '\\', vlen);
    ec_buf_puts(&q, single ? "'" : "\"");
    for (size_t i = 0; i < vlen; i++) {
        if (single && v[i] == '\'')
            ec_buf_puts(&q, "'");
        ec_buf_putc(&q, v[i]);
    }
    ec_buf_puts(&q, single ? "'" : "\"");
    report(rd, pos, EC_CHECK_SYNTAX, NULL, "a text that starts with '%c' must be quoted: %s", v[0],
           sh(rd, q.data));
    ec_buf_free(&q);
}

/* A parser error that an unquoted text explains: reported as such. */
static bool unquoted_parser_error(reader *rd)
{
    yaml_parser_t *p = &rd->parser;
    const char *problem = p->problem ? p->problem : "";
    const char *starts = NULL;
    if (p->error == YAML_SCANNER_ERROR && strstr(problem, "cannot start any token"))
        starts = "%@`";
    else if (p->error == YAML_PARSER_ERROR || p->error == YAML_SCANNER_ERROR)
        starts = "{[";
    size_t vlen;
    const char *v = starts ? unquoted_text(rd, p->problem_mark.line, starts, &vlen) : NULL;
    if (!v)
        return false;
    ec_pos pos = mark_pos(p->problem_mark);
    if (rd->quote_line == pos.line) /* said already, at the collection */
        return true;
    report_unquoted(rd, pos, v, vlen);
    return true;
}

static void report_parser_error(reader *rd)
{
    yaml_parser_t *p = &rd->parser;
    const char *problem = p->problem ? p->problem : "unknown YAML error";
    if (p->error == YAML_READER_ERROR && rd->read_errno) {
        if (rd->read_errno == EFBIG)
            report_too_big(rd);
        else
            cannot_read(rd, strerror(rd->read_errno));
        return;
    }
    if (p->error == YAML_READER_ERROR) {
        size_t bad = p->problem_offset;
        /* Invalid UTF-8, surrogates and code points past U+10FFFF ("invalid
         * Unicode character") are named by their first byte. */
        if ((strstr(problem, "UTF-8") || strstr(problem, "Unicode")) && offset_pos(rd, 0).line &&
            !ec_u_valid_utf8(rd->data, rd->len, &bad)) {
            report(rd, offset_pos(rd, bad), EC_CHECK_ENCODING, NULL,
                   "invalid UTF-8: byte 0x%02X does not begin a valid sequence (%s)",
                   (unsigned char)rd->data[bad], problem);
            return;
        }
        ec_pos pos = offset_pos(rd, p->problem_offset);
        if (p->problem_value >= 0x80) /* a code point: C1 controls, U+FFFE... */
            report(rd, pos, EC_CHECK_ENCODING, NULL, "%s (U+%04X)", problem,
                   (unsigned)p->problem_value);
        else if (p->problem_value > 0)
            report(rd, pos, EC_CHECK_ENCODING, NULL, "%s (byte 0x%02X)", problem,
                   (unsigned)p->problem_value);
        else if (p->problem_value == 0 && strstr(problem, "control"))
            report(rd, pos, EC_CHECK_ENCODING, NULL, "%s (NUL byte)", problem);
        else
            report(rd, pos, EC_CHECK_ENCODING, NULL, "%s", problem);
        return;
    }
    if (unquoted_parser_error(rd))
        return;
    ec_pos pos = mark_pos(p->problem_mark);
    if (p->context)
        report(rd, pos, EC_CHECK_SYNTAX, NULL, "%s (%s at line %d, column %d)", problem, p->context,
               (int)p->context_mark.line + 1, (int)p->context_mark.column + 1);
    else
        report(rd, pos, EC_CHECK_SYNTAX, NULL, "%s", problem);
}

/* Checks what README "The catalog" forbids on any node: anchors, tags,
 * aliases. */
static void check_node_props(reader *rd)
{
    yaml_event_t *e = &rd->ev;
    const yaml_char_t *anchor, *tag;
    ec_yaml_props(e, &anchor, &tag);
    if (e->type == YAML_ALIAS_EVENT) {
        report(rd, ev_pos(rd), EC_CHECK_SCHEMA, NULL,
               "alias *%s: aliases are not allowed in a catalog",
               sh(rd, (const char *)e->data.alias.anchor));
        return;
    }
    if (anchor)
        report(rd, ev_pos(rd), EC_CHECK_SCHEMA, NULL,
               "anchor &%s: anchors are not allowed in a catalog", sh(rd, (const char *)anchor));
    if (tag)
        report(rd, ev_pos(rd), EC_CHECK_SCHEMA, NULL, "tag %s: tags are not allowed in a catalog",
               sh(rd, (const char *)tag));
}

/* Advances to the next event; false when libyaml failed (reported once). */
static bool next(reader *rd)
{
    if (rd->failed)
        return false;
    if (rd->have_ev)
        yaml_event_delete(&rd->ev);
    rd->have_ev = false;
    if (!yaml_parser_parse(&rd->parser, &rd->ev)) {
        rd->failed = true;
        report_parser_error(rd);
        return false;
    }
    rd->have_ev = true;
    check_node_props(rd);
    return true;
}

/* A catalog nests four levels deep. libyaml's scanner slows down
 * quadratically with flow nesting, so a file nesting much deeper than a
 * catalog can is refused at the first node past the limit. */
#define MAX_SKIP_DEPTH 64

/* Skips the node that starts at the current event, iteratively. */
static bool skip_node(reader *rd)
{
    size_t depth = 0;
    do {
        yaml_event_type_t t = rd->ev.type;
        if (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT)
            depth++;
        else if (t == YAML_SEQUENCE_END_EVENT || t == YAML_MAPPING_END_EVENT)
            depth--;
        if (depth == 0)
            return true;
        if (depth > MAX_SKIP_DEPTH) {
            report(rd, ev_pos(rd), EC_CHECK_SCHEMA, NULL,
                   "the YAML nests more than %d levels deep here; a catalog needs four, so the "
                   "rest of the file is not read",
                   MAX_SKIP_DEPTH);
            rd->failed = true;
            return false;
        }
    } while (next(rd));
    return false;
}

static const char *node_kind(const reader *rd)
{
    switch (rd->ev.type) {
    case YAML_SCALAR_EVENT: return "a scalar";
    case YAML_SEQUENCE_START_EVENT: return "a sequence";
    case YAML_MAPPING_START_EVENT: return "a mapping";
    case YAML_ALIAS_EVENT: return "an alias";
    default: return "nothing";
    }
}

static bool is_scalar(const reader *rd)
{
    return rd->ev.type == YAML_SCALAR_EVENT;
}

static const char *scalar(const reader *rd, size_t *len)
{
    if (len)
        *len = rd->ev.data.scalar.length;
    return (const char *)rd->ev.data.scalar.value;
}

static bool plain(const reader *rd)
{
    return rd->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* ---- YAML 1.2 core schema resolution of plain scalars ---- */

static bool all_in(const char *s, const char *set)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!strchr(set, *s))
            return false;
    return true;
}

static bool is_core_float(const char *s)
{
    static const char *special[] = {".inf",  ".Inf",  ".INF",  "+.inf", "+.Inf", "+.INF",
                                    "-.inf", "-.Inf", "-.INF", ".nan",  ".NaN",  ".NAN"};
    for (size_t i = 0; i < sizeof special / sizeof *special; i++)
        if (!strcmp(s, special[i]))
            return true;
    if (*s == '-' || *s == '+')
        s++;
    bool digits = false, dot = false;
    for (; *s && *s != 'e' && *s != 'E'; s++) {
        if (*s >= '0' && *s <= '9')
            digits = true;
        else if (*s == '.' && !dot)
            dot = true;
        else
            return false;
    }
    if (!digits)
        return false;
    if (*s) {
        s++;
        if (*s == '-' || *s == '+')
            s++;
        return all_in(s, "0123456789");
    }
    return true;
}

/* The YAML type a plain scalar resolves to, or NULL for a string. */
static const char *plain_type(const char *s)
{
    if (*s && !strchr("~nNtTfF+-.0123456789", *s))
        return NULL; /* no null, boolean or number starts otherwise: most texts */
    if (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL"))
        return "null";
    if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE") || !strcmp(s, "false") ||
        !strcmp(s, "False") || !strcmp(s, "FALSE"))
        return "a boolean";
    const char *d = (*s == '-' || *s == '+') ? s + 1 : s;
    if (all_in(d, "0123456789") || (!strncmp(s, "0o", 2) && all_in(s + 2, "01234567")) ||
        (!strncmp(s, "0x", 2) && all_in(s + 2, "0123456789abcdefABCDEF")))
        return "an integer";
    if (is_core_float(s))
        return "a number";
    return NULL;
}

/* Reads the current node as a non-empty string field; reports and skips otherwise. */
static char *string_field(reader *rd, const char *field, const char *key)
{
    if (!is_scalar(rd)) {
        report(rd, ev_pos(rd), EC_CHECK_SCHEMA, key, "%s must be a string, not %s", field,
               node_kind(rd));
        skip_node(rd);
        return NULL;
    }
    size_t n;
    const char *s = scalar(rd, &n);
    if (n == 0) {
        report(rd, ev_pos(rd), EC_CHECK_SCHEMA, key, "%s is empty", field);
        return NULL;
    }
    if (strlen(s) != n) {
        report(rd, ev_pos(rd), EC_CHECK_ENCODING, key, "%s contains a NUL character", field);
        return NULL;
    }
    return ec_xstrndup(s, n);
}

/* ---- mappings ---- */

typedef bool (*field_fn)(reader *rd, const char *field, ec_pos key_pos, void *ctx);

/* The fields of catalog.yaml, of a locale file and of an entry in its long
 * form (NULL-terminated, at most FIELDS_MAX), as "allowed:" lists them. */
#define FIELDS_MAX 16
static const char *const meta_fields[] = {"name",      "source", "locales",   "c_prefix", "terms",
                                          "snapshots", "checks", "templates", NULL};
static const char *const locale_fields[] = {"locale", "messages", NULL};
static const char *const entry_fields[] = {"text", "source",  "note", "ignore",
                                           "name", "retired", NULL};

/* Walks the mapping at the current event, calling `fn` with the current event
 * at each value; `fn` must consume exactly one node. Reports non-scalar keys
 * and duplicate field names among `fields` (NULL-terminated, or NULL). */
static bool walk_mapping(reader *rd, const char *what, const char *const *fields, field_fn fn,
                         void *ctx)
{
    if (rd->ev.type != YAML_MAPPING_START_EVENT) {
        report(rd, ev_pos(rd), EC_CHECK_SCHEMA, NULL, "%s must be a mapping, not %s", what,
               node_kind(rd));
        return skip_node(rd) && false;
    }
    int seen_line[FIELDS_MAX] = {0};
    while (next(rd)) {
        if (rd->ev.type == YAML_MAPPING_END_EVENT)
            return true;
        ec_pos kpos = ev_pos(rd);
        if (!is_scalar(rd)) {
            report(rd, kpos, EC_CHECK_SCHEMA, NULL, "a key in %s must be a string, not %s", what,
                   node_kind(rd));
            if (!skip_node(rd) || !next(rd) || !skip_node(rd))
                return false;
            continue;
        }
        /* the event (and its string) goes away with next(): keep a copy */
        size_t flen;
        const char *fs = scalar(rd, &flen);
        char small[64];
        char *field = flen < sizeof small ? memcpy(small, fs, flen + 1) : ec_xstrdup(fs);
        bool again = false;
        for (size_t i = 0; fields && fields[i] && i < FIELDS_MAX; i++) {
            if (strcmp(fields[i], field) != 0)
                continue;
            again = seen_line[i] != 0;
            if (again)
                report(rd, kpos, EC_CHECK_DUPLICATE, NULL,
                       "field '%s' appears twice in %s (first at line %d)", field, what,
                       seen_line[i]);
            else
                seen_line[i] = kpos.line;
        }
        /* the first value counts, as for a key given twice: a later one is
         * reported above and skipped */
        bool ok = next(rd) && (again ? skip_node(rd) : fn(rd, field, kpos, ctx));
        if (field != small)
            free(field);
        if (!ok)
            return false;
    }
    return false;
}

/* A field that is not one of `allowed` (meta_fields, ...). */
static void unknown_field(reader *rd, const char *field, ec_pos pos, const char *where,
                          const char *const *allowed)
{
    size_t n = 0;
    while (allowed[n])
        n++;
    ec_buf list = {0};
    ec_buf_key_list(&list, allowed, n, n);
    report(rd, pos, EC_CHECK_SCHEMA, NULL, "unknown field '%s' in %s (allowed: %s)", sh(rd, field),
           where, list.data);
    ec_buf_free(&list);
}

/* Opens the stream and positions the reader on the root node. */
static bool open_document(reader *rd)
{
    if (!next(rd) || rd->ev.type != YAML_STREAM_START_EVENT)
        return false;
    if (!next(rd))
        return false;
    if (rd->ev.type == YAML_STREAM_END_EVENT) {
        ec_pos p = {1, 1};
        report(rd, p, EC_CHECK_SCHEMA, NULL, "the file is empty");
        rd->failed = true; /* nothing more to say about it */
        return false;
    }
    return next(rd); /* past DOCUMENT-START, onto the root node */
}

/* After the root node: exactly one document. */
static void close_document(reader *rd)
{
    if (!next(rd)) /* DOCUMENT-END */
        return;
    if (!next(rd))
        return;
    if (rd->ev.type == YAML_DOCUMENT_START_EVENT)
        report(rd, ev_pos(rd), EC_CHECK_SCHEMA, NULL,
               "a second YAML document: a catalog file holds exactly one");
}

/* Without a byte order mark, UTF-16 shows in the first two characters of a
 * catalog file (ASCII: "locale:", "name:", a comment): a NUL byte after
 * (LE) or before (BE) each. NULL when the bytes do not look like that. */
static const char *utf16_without_bom(const unsigned char *u)
{
    if (u[0] && !u[1] && u[2] && !u[3] && u[0] < 0x80 && u[2] < 0x80)
        return "UTF-16LE";
    if (!u[0] && u[1] && !u[2] && u[3] && u[1] < 0x80 && u[3] < 0x80)
        return "UTF-16BE";
    return NULL;
}

/* A UTF-16 file is refused before libyaml, which would read it (with a
 * byte order mark) or report its NUL bytes as control characters
 * (without). */
static bool bom_check(reader *rd)
{
    unsigned char u[4];
    size_t got;
    if (rd->data) { /* in memory */
        got = rd->len < 4 ? rd->len : 4;
        memcpy(u, rd->data, got);
    } else {
        ssize_t n = pread(rd->fd, u, 4, 0);
        got = n > 0 ? (size_t)n : 0;
    }
    bool utf16 = got >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
    const char *bare = got == 4 && !utf16 ? utf16_without_bom(u) : NULL;
    ec_pos p = {1, 1};
    if (utf16)
        report(rd, p, EC_CHECK_ENCODING, NULL,
               "the file is UTF-16 (byte order mark %02X %02X); catalog files must be UTF-8", u[0],
               u[1]);
    else if (bare)
        report(rd, p, EC_CHECK_ENCODING, NULL,
               "the file looks like %s without a byte order mark (a NUL byte by each ASCII "
               "character); catalog files must be UTF-8: convert it (iconv -f %s -t UTF-8)",
               bare, bare);
    return !utf16 && !bare;
}

/* libyaml's input: the file, read as it goes (never all of it in memory).
 * A failed read, or a file grown past the limit while read, stops it with
 * rd->read_errno set. */
static int feed(void *ctx, unsigned char *buf, size_t size, size_t *got)
{
    reader *rd = ctx;
    ssize_t n;
    while ((n = read(rd->fd, buf, size)) < 0 && errno == EINTR)
        ;
    if (n < 0) {
        rd->read_errno = errno;
        return 0;
    }
    rd->fed += (size_t)n;
    if (rd->fed > EC_CATALOG_FILE_MAX) {
        rd->read_errno = EFBIG;
        return 0;
    }
    *got = (size_t)n;
    return 1;
}

/* The bytes of a file in memory: those of `mem`, or, when mem->data is
 * NULL, no such file. */
static int memory_open(reader *rd, const ec_yaml_bytes *mem)
{
    rd->fd = -1;
    rd->data = mem->data;
    rd->len = mem->len;
    return !mem->data ? ENOENT : mem->len > EC_CATALOG_FILE_MAX ? EFBIG : 0;
}

/* Opens the file at `path`, or (mem not NULL) the same file given in
 * memory. 1: ready; 0: the file cannot be read (an io finding); -1:
 * readable, but not something libyaml should see (reported). */
static int reader_open(reader *rd, const char *path, const char *locale, const ec_yaml_bytes *mem,
                       ec_report *r)
{
    memset(rd, 0, sizeof *rd);
    rd->path = path;
    rd->locale = locale;
    rd->r = r;
    struct stat st;
    int err = 0;
    if (mem)
        err = memory_open(rd, mem);
    /* O_NONBLOCK: a FIFO in place of a catalog file must not hang us. */
    else if ((rd->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
        err = errno;
    else
        err = fstat(rd->fd, &st) != 0                       ? errno
              : S_ISDIR(st.st_mode)                         ? EISDIR
              : !S_ISREG(st.st_mode)                        ? EINVAL
              : (uintmax_t)st.st_size > EC_CATALOG_FILE_MAX ? EFBIG
                                                            : 0;
    rd->size = mem ? mem->len : !err ? (size_t)st.st_size : 0;
    if (err == EFBIG) {
        report_too_big(rd);
    } else if (err) {
        cannot_read(rd, err == EINVAL ? "not a regular file" : strerror(err));
    }
    if (!err && bom_check(rd)) {
        yaml_parser_initialize(&rd->parser);
        if (mem)
            yaml_parser_set_input_string(&rd->parser, (const unsigned char *)mem->data, mem->len);
        else
            yaml_parser_set_input(&rd->parser, feed, rd);
        rd->opened = true;
        return 1;
    }
    if (rd->fd >= 0)
        close(rd->fd);
    rd->fd = -1;
    return err && err != EFBIG ? 0 : -1;
}

static void reader_close(reader *rd)
{
    if (rd->have_ev)
        yaml_event_delete(&rd->ev);
    yaml_parser_delete(&rd->parser);
    if (rd->fd >= 0)
        close(rd->fd);
    if (rd->data_owned)
        free((char *)rd->data);
    ec_buf_free(&rd->norm);
}

/* ---- catalog.yaml ---- */

typedef struct {
    ec_catalog *c;
    bool has_name, has_source, listed;
    char **locales;
    ec_pos *locale_pos;
    size_t nlocales, cap;
    ec_map listed_at; /* tag -> index in locales, to find one listed twice */
} meta_ctx;

static bool read_locales(reader *rd, meta_ctx *m)
{
    if (rd->ev.type != YAML_SEQUENCE_START_EVENT) {
        report(rd, ev_pos(rd), EC_CHECK_SCHEMA, NULL,
               "locales must be a sequence of language tags, not %s", node_kind(rd));
        return skip_node(rd);
    }
    while (next(rd) && rd->ev.type != YAML_SEQUENCE_END_EVENT) {
        ec_pos p = ev_pos(rd);
        char *tag = string_field(rd, "a locale", NULL);
        if (!tag)
            continue;
        if (!ec_u_valid_langtag(tag)) {
            report(rd, p, EC_CHECK_SCHEMA, NULL, "locale '%s' is not a BCP 47 language tag",
                   sh(rd, tag));
            free(tag);
            continue;
        }
        /* A hash, not a loop over the list: catalog.yaml may list a million. */
        bool added;
        size_t first = ec_map_get_or_add(&m->listed_at, tag, m->nlocales, &added);
        if (!added) {
            report(rd, p, EC_CHECK_DUPLICATE, NULL,
                   "locale '%s' is listed twice (first at line %d)", sh(rd, tag),
                   m->locale_pos[first].line);
            free(tag);
            continue;
        }
        if (m->nlocales == m->cap) {
            m->cap = m->cap ? m->cap * 2 : 16;
            m->locales = ec_xrealloc(m->locales, m->cap * sizeof *m->locales);
            m->locale_pos = ec_xrealloc(m->locale_pos, m->cap * sizeof *m->locale_pos);
        }
        m->locales[m->nlocales] = tag;
        m->locale_pos[m->nlocales++] = p;
    }
    m->listed = true;
    return !rd->failed;
}

static bool term_rendering(reader *rd, const char *field, ec_pos kpos, void *ctx)
{
    ec_term *t = ctx;
    char *s = string_field(rd, "a term rendering", NULL);
    if (!s)
        return !rd->failed;
    t->r = ec_xrealloc(t->r, (t->n + 1) * sizeof *t->r);
    t->r[t->n].locale = ec_xstrdup(field);
    t->r[t->n++].rendering = s;
    return true;
}

static bool read_term(reader *rd, const char *field, ec_pos kpos, void *ctx)
{
    ec_catalog *c = ctx;
    if (!*field) {
        report(rd, kpos, EC_CHECK_SCHEMA, NULL, "a term must not be empty");
        return skip_node(rd);
    }
    c->terms = ec_xrealloc(c->terms, (c->nterms + 1) * sizeof *c->terms);
    ec_term *t = &c->terms[c->nterms++];
    memset(t, 0, sizeof *t);
    t->word = ec_xstrdup(field);
    t->pos = kpos;
    if (is_scalar(rd) && plain(rd) && rd->ev.data.scalar.length == 0)
        return true; /* "RTMP:" means verbatim, as "RTMP: {}" */
    return walk_mapping(rd, "a term", NULL, term_rendering, t) || !rd->failed;
}

/* A boolean field: the core schema's true or false, plain. */
static bool read_bool(reader *rd, const char *field, bool *out)
{
    size_t n = 0;
    const char *s = is_scalar(rd) && plain(rd) ? scalar(rd, &n) : NULL;
    const char *kind = s ? plain_type(s) : NULL;
    if (!kind || strcmp(kind, "a boolean") != 0) {
        report(rd, ev_pos(rd), EC_CHECK_SCHEMA, NULL, "%s must be true or false, not %s", field,
               s               ? (kind ? kind : "a string")
               : is_scalar(rd) ? "a quoted string"
                               : node_kind(rd));
        return s ? !rd->failed : skip_node(rd);
    }
    *out = s[0] == 't' || s[0] == 'T';
    return !rd->failed;
}

/* The ids of the checks a policy may set, as "a, b or c" in `b`; fills
 * `names` (NULL-terminated) when it is not NULL. */
static void policy_checks(ec_buf *b, const char **names)
{
    const char *v[EC_CHECK_COUNT];
    size_t n = 0;
    for (int i = 0; i < EC_CHECK_COUNT; i++)
        if (ec_check_has_policy(i))
            v[n++] = ec_check_name(i);
    for (size_t i = 0; i < n; i++)
        ec_buf_printf(b, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", v[i]);
    if (names) {
        memcpy(names, v, n * sizeof *v);
        names[n] = NULL;
    }
}

/* One policy of `checks:` (README "The catalog"): check id -> error,
 * warning or off. */
static bool read_policy(reader *rd, const char *field, ec_pos kpos, void *ctx)
{
    ec_catalog *c = ctx;
    int check = ec_check_from_name(field);
    if (check < 0 || !ec_check_has_policy(check)) {
        ec_buf known = {0};
        policy_checks(&known, NULL);
        if (check < 0)
            report(rd, kpos, EC_CHECK_SCHEMA, NULL, "unknown check '%s' in checks (one of %s)",
                   sh(rd, field), known.data);
        else
            report(rd, kpos, EC_CHECK_SCHEMA, NULL, "%s cannot be set in checks: it is none of %s",
                   field, known.data);
        ec_buf_free(&known);
        return skip_node(rd);
    }
    ec_pos vpos = ev_pos(rd);
    size_t n = 0;
    const char *s = is_scalar(rd) ? scalar(rd, &n) : NULL;
    unsigned char p = !s                      ? EC_POLICY_DEFAULT
                      : !strcmp(s, "error")   ? EC_POLICY_ERROR
                      : !strcmp(s, "warning") ? EC_POLICY_WARNING
                      : !strcmp(s, "off")     ? EC_POLICY_OFF
                                              : EC_POLICY_DEFAULT;
    if (p == EC_POLICY_DEFAULT) {
        if (s)
            report(rd, vpos, EC_CHECK_SCHEMA, NULL,
                   "the severity of %s in checks must be error, warning or off, not '%s'", field,
                   sh(rd, s));
        else
            report(rd, vpos, EC_CHECK_SCHEMA, NULL,
                   "the severity of %s in checks must be error, warning or off, not %s", field,
                   node_kind(rd));
        return s ? !rd->failed : skip_node(rd);
    }
    c->policy[check] = p;
    return !rd->failed;
}

/* `checks:`, the catalog's policies. */
static bool read_policies(reader *rd, ec_catalog *c)
{
    const char *names[EC_CHECK_COUNT + 1];
    ec_buf unused = {0};
    policy_checks(&unused, names);
    ec_buf_free(&unused);
    return walk_mapping(rd, "checks", names, read_policy, c) || !rd->failed;
}

/* `templates: ../templates`: the catalog's templates directory, relative to
 * the catalog directory (or absolute). Whether it is a directory is for
 * `errcat build` to find out: loading reads the catalog's files only. */
static void read_templates(reader *rd, meta_ctx *m, ec_pos vpos)
{
    ec_catalog *c = m->c;
    char *s = string_field(rd, "templates", NULL);
    if (s && !*s)
        report(rd, vpos, EC_CHECK_SCHEMA, NULL, "templates must name a directory, not be empty");
    if (!s || !*s) {
        free(s);
        return;
    }
    size_t dl = strlen(c->dir);
    free(c->templates_dir);
    c->templates_dir =
        s[0] == '/' ? ec_xstrdup(s)
                    : ec_xasprintf("%s%s%s", c->dir, dl && c->dir[dl - 1] == '/' ? "" : "/", s);
    free(c->templates);
    c->templates = s;
    c->templates_pos = vpos;
}

static bool meta_field(reader *rd, const char *field, ec_pos kpos, void *ctx)
{
    meta_ctx *m = ctx;
    ec_catalog *c = m->c;
    ec_pos vpos = ev_pos(rd);
    if (!strcmp(field, "name")) {
        char *s = string_field(rd, "name", NULL);
        m->has_name = true;
        if (s && !all_in(s, "abcdefghijklmnopqrstuvwxyz0123456789-")) {
            report(rd, vpos, EC_CHECK_SCHEMA, NULL,
                   "name '%s' must match [a-z0-9-]+ (it names output files and the PO domain)",
                   sh(rd, s));
            free(s);
            s = NULL;
        }
        free(c->name);
        c->name = s;
    } else if (!strcmp(field, "source")) {
        char *s = string_field(rd, "source", NULL);
        m->has_source = true;
        c->source_pos = vpos;
        if (s && !ec_u_valid_langtag(s)) {
            report(rd, vpos, EC_CHECK_SCHEMA, NULL, "source '%s' is not a BCP 47 language tag",
                   sh(rd, s));
            free(s);
            s = NULL;
        }
        free(c->source);
        c->source = s;
    } else if (!strcmp(field, "locales")) {
        return read_locales(rd, m);
    } else if (!strcmp(field, "c_prefix")) {
        char *s = string_field(rd, "c_prefix", NULL);
        if (s && (!all_in(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") ||
                  (s[0] >= '0' && s[0] <= '9'))) {
            report(rd, vpos, EC_CHECK_SCHEMA, NULL, "c_prefix '%s' is not a C identifier",
                   sh(rd, s));
            free(s);
            s = NULL;
        }
        free(c->c_prefix);
        c->c_prefix = s;
    } else if (!strcmp(field, "terms")) {
        return walk_mapping(rd, "terms", NULL, read_term, c) || !rd->failed;
    } else if (!strcmp(field, "snapshots")) {
        return read_bool(rd, "snapshots", &c->snapshots);
    } else if (!strcmp(field, "checks")) {
        return read_policies(rd, c);
    } else if (!strcmp(field, "templates")) {
        read_templates(rd, m, vpos);
    } else {
        unknown_field(rd, field, kpos, "catalog.yaml", meta_fields);
        return skip_node(rd);
    }
    return !rd->failed;
}

/* Upper-cases the name and maps '-' to '_' for the default C prefix. */
static char *default_prefix(const char *name)
{
    char *p = ec_xstrdup(name);
    for (char *q = p; *q; q++)
        *q = (*q == '-') ? '_' : (*q >= 'a' && *q <= 'z') ? (char)(*q - 32) : *q;
    if (p[0] >= '0' && p[0] <= '9') {
        char *q = ec_xasprintf("_%s", p);
        free(p);
        p = q;
    }
    return p;
}

static void meta_finish(reader *rd, meta_ctx *m, bool *listed)
{
    ec_catalog *c = m->c;
    ec_pos top = {1, 1};
    rd->failed |= !rd->opened;
    if (!rd->failed && !m->has_name)
        report(rd, top, EC_CHECK_SCHEMA, NULL, "catalog.yaml lacks the required field 'name'");
    if (!rd->failed && !m->has_source)
        report(rd, top, EC_CHECK_SCHEMA, NULL, "catalog.yaml lacks the required field 'source'");
    if (!c->c_prefix && c->name)
        c->c_prefix = default_prefix(c->name);
    *listed = m->listed;
    c->locales = ec_xcalloc(m->nlocales + 1, sizeof *c->locales);
    for (size_t i = 0; i < m->nlocales; i++) {
        c->locales[i].tag = m->locales[i];
        c->locales[i].messages_pos = m->locale_pos[i]; /* where it was listed */
    }
    c->nlocales = m->nlocales;
    free(m->locales);
    free(m->locale_pos);
    ec_map_free(&m->listed_at);
}

bool ec_yaml_load_meta(ec_catalog *c, const ec_yaml_bytes *mem, ec_report *r, bool *listed)
{
    reader rd;
    meta_ctx m = {.c = c};
    *listed = false;
    int st = reader_open(&rd, c->meta_path, "", mem, r);
    if (st == 0)
        return false;
    if (st < 0) {
        meta_finish(&rd, &m, listed);
        return true;
    }
    if (open_document(&rd)) {
        if (walk_mapping(&rd, "catalog.yaml", meta_fields, meta_field, &m))
            close_document(&rd);
    }
    meta_finish(&rd, &m, listed);
    reader_close(&rd);
    return true;
}

/* ---- locale files ---- */

typedef struct {
    const ec_catalog *c;
    ec_locale *l;
    ec_entry *e;
    bool is_source;
    bool source_known; /* the catalog's source names one of its locales */
    bool has_locale, has_messages;
    bool unordered; /* an entry's key is below the one before it */
} loc_ctx;

/* Does catalog.yaml's source name one of the catalog's locales? If not,
 * catalog.yaml's finding says so once, and the locale files are not judged
 * against a source locale they cannot know. */
static bool source_known(const ec_catalog *c)
{
    for (size_t i = 0; c->source && i < c->nlocales; i++)
        if (!strcmp(c->locales[i].tag, c->source))
            return true;
    return false;
}

static bool read_ignore(reader *rd, ec_entry *e)
{
    if (rd->ev.type != YAML_SEQUENCE_START_EVENT) {
        report(rd, ev_pos(rd), EC_CHECK_SCHEMA, EC_KEY(e),
               "ignore must be a sequence of check ids, not %s", node_kind(rd));
        return skip_node(rd);
    }
    while (next(rd) && rd->ev.type != YAML_SEQUENCE_END_EVENT) {
        ec_pos p = ev_pos(rd);
        char *id = string_field(rd, "a check id", EC_KEY(e));
        if (!id)
            continue;
        int check = ec_check_from_name(id);
        if (check < 0)
            report(rd, p, EC_CHECK_SCHEMA, EC_KEY(e), "unknown check '%s' in ignore", sh(rd, id));
        else
            ec_entry_extra_of(rd->arena, e)->ignore |= EC_CHECK_BIT(check);
        free(id);
    }
    return !rd->failed;
}

/* Is the flow collection at the current event an unquoted text ("{0}
 * files", "{name}", "[x] y") rather than an entry's fields? A flow mapping
 * is one when something but no ':' comes before its '}'. */
static bool flow_text(reader *rd, const ec_entry *e)
{
    size_t vlen;
    yaml_event_type_t t = rd->ev.type;
    bool flow = (t == YAML_MAPPING_START_EVENT &&
                 rd->ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE) ||
                (t == YAML_SEQUENCE_START_EVENT &&
                 rd->ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE);
    const char *v = flow ? unquoted_text(rd, rd->ev.start_mark.line, "{[", &vlen) : NULL;
    if (!v || v[0] == '[')
        return v != NULL;
    const char *close = memchr(v, '}', vlen);
    if (!close || memchr(v, ':', (size_t)(close - v)))
        return false;
    for (const char *c = v + 1; c < close; c++) /* {} is an entry without fields */
        if (*c != ' ')
            return true;
    return false;
}

/* For the `whitespace` finding: '>' or '|' when the current scalar, the
 * text s (n bytes), is a block scalar whose only line break is the final one
 * that clip chomping kept, its header (`>`, `|2`) naming neither `-` nor
 * `+`; else 0. */
static unsigned clip_chomped(reader *rd, const char *s, size_t n)
{
    yaml_scalar_style_t st = rd->ev.data.scalar.style;
    if (!n || s[n - 1] != '\n' || memchr(s, '\n', n - 1) ||
        (st != YAML_FOLDED_SCALAR_STYLE && st != YAML_LITERAL_SCALAR_STYLE))
        return 0;
    size_t len, vlen;
    const char *l = raw_line(rd, rd->ev.start_mark.line, &len);
    const char *v = l ? line_value(l, len, &vlen) : NULL;
    if (!v || (v[0] != '>' && v[0] != '|'))
        return 0;
    size_t header = 1;
    while (header < vlen && v[header] != ' ' && v[header] != '#')
        header++;
    if (memchr(v, '-', header) || memchr(v, '+', header))
        return 0;
    return v[0] == '>' ? EC_CLIP_FOLDED : EC_CLIP_LITERAL;
}

/* Keeps s[0..n) as entry e's text, with its facts and, right after it when
 * it differs, its comparable form: found while the text is in the cache,
 * and one allocation for both. */
static void set_text(reader *rd, ec_entry *e, const char *s, size_t n)
{
    e->facts = (uint16_t)ec_u_facts(s, n);
    e->norm_after = false;
    if (!(e->facts & EC_FACT_PLAIN)) {
        ec_u_comparable_into(&rd->norm, s, n);
        e->norm_after = rd->norm.len != n || memcmp(rd->norm.data, s, n) != 0;
    }
    e->text = e->norm_after ? ec_arena_dup2(rd->arena, s, n, rd->norm.data, rd->norm.len)
                            : ec_arena_dup(rd->arena, s, n);
    e->text_len = (uint32_t)n;
    e->text_ok = true;
    /* the checks then need not read the text to know it is empty */
    if (!ec_norm(e)[0])
        e->facts |= EC_FACT_BLANK;
}

/* Reads a text value (short form or `text:`), resolving plain scalars. */
static bool read_text(reader *rd, ec_entry *e)
{
    e->text_pos = ev_pos(rd);
    e->text_seen = true;
    e->text = NULL;
    e->text_ok = false;
    e->facts = 0;
    e->norm_after = false;
    if (rd->ev.type == YAML_ALIAS_EVENT)
        return true; /* reported as an alias already */
    size_t vlen;
    const char *v = NULL;
    if (!is_scalar(rd) && flow_text(rd, e))
        v = unquoted_text(rd, rd->ev.start_mark.line, "{[", &vlen);
    if (v)
        report_unquoted(rd, e->text_pos, v, vlen);
    else if (!is_scalar(rd))
        report(rd, e->text_pos, EC_CHECK_SCHEMA, EC_KEY(e),
               "the text of %s must be a string, not %s", EC_KEY(e), node_kind(rd));
    if (!is_scalar(rd))
        return skip_node(rd);
    size_t n;
    const char *s = scalar(rd, &n);
    const char *type = plain(rd) ? plain_type(s) : NULL;
    if (type && n == 0) {
        e->text_null = true; /* "key:" with nothing after it: reported by `empty` */
        set_text(rd, e, "", 0);
        return true;
    }
    if (type) {
        report(rd, e->text_pos, EC_CHECK_SCHEMA, EC_KEY(e),
               "the text of %s is %s (%s), not a string; quote it", EC_KEY(e), type, sh(rd, s));
        return true;
    }
    if (n > EC_TEXT_MAX) {
        report(rd, e->text_pos, EC_CHECK_SCHEMA, EC_KEY(e),
               "the text of %s is %zu bytes long; the limit is %d", EC_KEY(e), n, EC_TEXT_MAX);
        return true;
    }
    set_text(rd, e, s, n);
    e->clipped = clip_chomped(rd, s, n);
    return true;
}

static bool read_snapshot(reader *rd, ec_entry *e)
{
    ec_entry_extra *x = ec_entry_extra_of(rd->arena, e);
    x->source_pos = ev_pos(rd);
    if (!is_scalar(rd) || (plain(rd) && plain_type(scalar(rd, NULL)))) {
        report(rd, x->source_pos, EC_CHECK_SCHEMA, EC_KEY(e), "source of %s must be a string",
               EC_KEY(e));
        return skip_node(rd);
    }
    size_t n;
    const char *s = scalar(rd, &n);
    x->source = ec_arena_dup(rd->arena, s, n);
    x->source_len = n;
    return true;
}

static bool valid_symbol(const char *s)
{
    return s[0] >= 'A' && s[0] <= 'Z' && all_in(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
}

static bool entry_field(reader *rd, const char *field, ec_pos kpos, void *ctx)
{
    loc_ctx *lc = ctx;
    ec_entry *e = lc->e;
    ec_pos vpos = ev_pos(rd);
    if (!strcmp(field, "text"))
        return read_text(rd, e);
    if (!strcmp(field, "source"))
        return read_snapshot(rd, e);
    if (!strcmp(field, "ignore"))
        return read_ignore(rd, e);
    if (!strcmp(field, "retired")) {
        bool retired = e->retired; /* a bit-field: read through a bool */
        bool ok = read_bool(rd, "retired", &retired);
        e->retired = retired;
        return ok;
    }
    if (!strcmp(field, "note")) {
        char *s = string_field(rd, "note", EC_KEY(e));
        if (s)
            ec_entry_set_note(e, ec_arena_dup(rd->arena, s, strlen(s)));
        free(s);
        return !rd->failed;
    }
    if (!strcmp(field, "name")) {
        char *s = string_field(rd, "name", EC_KEY(e));
        if (s && !lc->is_source && lc->source_known) {
            report(rd, kpos, EC_CHECK_SCHEMA, EC_KEY(e),
                   "name is allowed in the source locale (%s) only", lc->c->source);
        } else if (s && !lc->is_source) {
            /* no source locale to hold names (catalog.yaml says why, once) */
        } else if (s && !valid_symbol(s)) {
            report(rd, vpos, EC_CHECK_SCHEMA, EC_KEY(e),
                   "name '%s' is not a C identifier suffix [A-Z][A-Z0-9_]*", sh(rd, s));
        } else if (s) { /* NULL: empty or not a string, reported */
            ec_entry_extra *x = ec_entry_extra_of(rd->arena, e);
            x->name = ec_arena_dup(rd->arena, s, strlen(s));
            x->name_pos = vpos;
        }
        free(s);
        return !rd->failed;
    }
    unknown_field(rd, field, kpos, "an entry", entry_fields);
    return skip_node(rd);
}

static bool message(reader *rd, const char *field, ec_pos kpos, void *ctx)
{
    loc_ctx *lc = ctx;
    int32_t code, sub;
    if (!ec_key_parse(field, strlen(field), &code, &sub)) {
        report(rd, kpos, EC_CHECK_SCHEMA, NULL,
               "bad key '%s': a key is \"<errcode>/<sub_errcode>\", two signed 32-bit decimal "
               "numbers without leading zeros (e.g. \"18/305\", \"5/0\")",
               sh(rd, field));
        return skip_node(rd);
    }
    ec_entry *e = ec_locale_add(lc->l);
    e->code = code;
    e->sub = sub;
    e->pos = kpos;
    lc->e = e;
    if (lc->l->n > 1 && ec_key_cmp(e[-1].code, e[-1].sub, code, sub) > 0)
        lc->unordered = true;
    if (rd->ev.type != YAML_MAPPING_START_EVENT || flow_text(rd, e)) {
        return read_text(rd, e);
    }
    e->text_pos = ev_pos(rd);
    bool ok = walk_mapping(rd, "an entry", entry_fields, entry_field, lc);
    if (ok && !e->text_seen)
        report(rd, kpos, EC_CHECK_SCHEMA, EC_KEY(e), "entry %s lacks the required field 'text'",
               EC_KEY(e));
    return ok || !rd->failed;
}

static bool locale_field(reader *rd, const char *field, ec_pos kpos, void *ctx)
{
    loc_ctx *lc = ctx;
    if (!strcmp(field, "locale")) {
        ec_pos vpos = ev_pos(rd);
        char *s = string_field(rd, "locale", NULL);
        lc->has_locale = true;
        if (s && strcmp(s, lc->l->tag) != 0)
            report(rd, vpos, EC_CHECK_SCHEMA, NULL,
                   "locale '%s' does not match the file name (%s.yaml)", sh(rd, s), lc->l->tag);
        free(s);
        return !rd->failed;
    }
    if (!strcmp(field, "messages")) {
        lc->has_messages = true;
        lc->l->messages_pos = kpos;
        if (is_scalar(rd) && plain(rd) && rd->ev.data.scalar.length == 0) {
            lc->l->usable = true; /* "messages:" with no entries */
            return true;
        }
        if (rd->ev.type == YAML_MAPPING_START_EVENT)
            lc->l->usable = true;
        return walk_mapping(rd, "messages", NULL, message, lc) || !rd->failed;
    }
    unknown_field(rd, field, kpos, "a locale file", locale_fields);
    return skip_node(rd);
}

/* Reports keys defined twice (after sorting) and drops the later copies. */
static void dedupe(reader *rd, ec_locale *l)
{
    size_t out = 0;
    for (size_t i = 0; i < l->n; i++) {
        ec_entry *e = &l->entries[i];
        if (out > 0 && l->entries[out - 1].code == e->code && l->entries[out - 1].sub == e->sub) {
            report(rd, e->pos, EC_CHECK_DUPLICATE, EC_KEY(e),
                   "key %s is defined twice in this file (first at line %d)", EC_KEY(e),
                   l->entries[out - 1].pos.line);
            continue;
        }
        if (out != i)
            l->entries[out] = *e;
        out++;
    }
    l->n = out;
}

static int name_cmp(const void *a, const void *b)
{
    const ec_entry *const *x = a, *const *y = b;
    int c = strcmp(EC_X((*x))->name, EC_X((*y))->name);
    return c ? c : ((*x)->pos.line > (*y)->pos.line) - ((*x)->pos.line < (*y)->pos.line);
}

/* `name` values are unique within the source locale. */
static void unique_names(reader *rd, ec_locale *l)
{
    ec_entry **named = ec_xmalloc((l->n + 1) * sizeof *named);
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++)
        if (EC_X(&l->entries[i])->name)
            named[k++] = &l->entries[i];
    qsort(named, k, sizeof *named, name_cmp);
    for (size_t i = 1; i < k; i++)
        if (!strcmp(EC_X(named[i])->name, EC_X(named[i - 1])->name))
            report(rd, EC_X(named[i])->name_pos, EC_CHECK_SCHEMA, EC_KEY(named[i]),
                   "name '%s' of %s is already used by %s (line %d)", sh(rd, EC_X(named[i])->name),
                   EC_KEY(named[i]), EC_KEY(named[i - 1]), EC_X(named[i - 1])->name_pos.line);
    free(named);
}

void ec_yaml_load_locale(const ec_catalog *c, ec_locale *l, const ec_yaml_bytes *mem, ec_report *r)
{
    reader rd;
    if (reader_open(&rd, l->path, l->tag, mem, r) != 1)
        return;
    rd.arena = &l->arena;
    /* An entry takes a line of 16 bytes or more in nearly every catalog:
     * room for that many saves growing the array (copies, and two copies
     * held at once), and costs address space only. */
    ec_locale_reserve(l, rd.size / 16 + 64);
    /* The texts, notes and snapshots are fewer bytes than the file; their
     * comparable forms, when they differ, take the blocks after it. */
    ec_arena_reserve(&l->arena, rd.size);
    loc_ctx lc = {.c = c,
                  .l = l,
                  .is_source = c->source && !strcmp(c->source, l->tag),
                  .source_known = source_known(c)};
    if (open_document(&rd) && walk_mapping(&rd, "a locale file", locale_fields, locale_field, &lc))
        close_document(&rd);
    ec_pos top = {1, 1};
    if (!rd.failed && !lc.has_locale)
        report(&rd, top, EC_CHECK_SCHEMA, NULL, "%s.yaml lacks the required field 'locale'",
               l->tag);
    if (!rd.failed && !lc.has_messages)
        report(&rd, top, EC_CHECK_SCHEMA, NULL, "%s.yaml lacks the required field 'messages'",
               l->tag);
    if (rd.failed) {
        /* What came before the error may be cut short: check none of it. */
        l->usable = false;
        l->n = 0;
    }
    if (lc.unordered) /* files are usually written in key order: sort only when not */
        ec_locale_sort(l);
    dedupe(&rd, l);
    if (lc.is_source)
        unique_names(&rd, l);
    reader_close(&rd);
}

/* ---- emitting a locale file (errcat import) ----
 *
 * Through libyaml's emitter, so that quoting is libyaml's business: plain
 * where YAML allows it, quoted where it does not, double-quoted for texts a
 * plain scalar would turn into something other than a string (the core
 * schema's null, booleans and numbers, and YAML 1.1's yes/no/on/off, which
 * other YAML readers still resolve) and for texts with line breaks or
 * control characters (escaped, so they read back exactly). UTF-8 is written
 * as it is and lines are never folded. */

static bool yaml11_bool(const char *s)
{
    static const char *const words[] = {"y",  "Y",  "yes", "Yes", "YES", "n",   "N",   "no",
                                        "No", "NO", "on",  "On",  "ON",  "off", "Off", "OFF"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strcmp(s, words[i]))
            return true;
    return false;
}

static yaml_scalar_style_t text_style(const char *s, size_t n)
{
    if (strlen(s) != n || plain_type(s) || yaml11_bool(s) || ec_u_has_break_or_control(s, n))
        return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    return YAML_ANY_SCALAR_STYLE;
}

static int emit_to_buf(void *data, unsigned char *buffer, size_t size)
{
    ec_buf_put(data, (const char *)buffer, size);
    return 1;
}

static bool emit_scalar(yaml_emitter_t *em, const char *s, size_t n, yaml_scalar_style_t style)
{
    yaml_event_t ev;
    if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)s, (int)n, 1, 1,
                                      style))
        return false;
    return yaml_emitter_emit(em, &ev) != 0;
}

static bool emit_text(yaml_emitter_t *em, const char *s, size_t n)
{
    return emit_scalar(em, s, n, text_style(s, n));
}

static bool emit_event(yaml_emitter_t *em, int which)
{
    yaml_event_t ev;
    int ok = 0;
    switch (which) {
    case 0: ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING); break;
    case 1: ok = yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1); break;
    case 2:
        ok = yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
        break;
    case 3: ok = yaml_mapping_end_event_initialize(&ev); break;
    case 4: ok = yaml_document_end_event_initialize(&ev, 1); break;
    default: ok = yaml_stream_end_event_initialize(&ev); break;
    }
    return ok && yaml_emitter_emit(em, &ev);
}

enum { EV_STREAM, EV_DOCUMENT, EV_MAPPING, EV_MAPPING_END, EV_DOCUMENT_END, EV_STREAM_END };

/* One entry: short form `"key": text`, or the long form with source/note. */
static bool emit_entry(yaml_emitter_t *em, const ec_yaml_out_entry *e)
{
    char key[EC_KEY_MAX];
    ec_key_format(key, e->code, e->sub);
    if (!emit_scalar(em, key, strlen(key), YAML_DOUBLE_QUOTED_SCALAR_STYLE))
        return false;
    if (!e->source && !e->note)
        return emit_text(em, e->text, e->text_len);
    bool ok = emit_event(em, EV_MAPPING) && emit_scalar(em, "text", 4, YAML_PLAIN_SCALAR_STYLE) &&
              emit_text(em, e->text, e->text_len);
    if (ok && e->source)
        ok = emit_scalar(em, "source", 6, YAML_PLAIN_SCALAR_STYLE) &&
             emit_text(em, e->source, e->source_len);
    if (ok && e->note)
        ok = emit_scalar(em, "note", 4, YAML_PLAIN_SCALAR_STYLE) &&
             emit_text(em, e->note, strlen(e->note));
    return ok && emit_event(em, EV_MAPPING_END);
}

static bool emit_locale(yaml_emitter_t *em, const char *locale, const ec_yaml_out_entry *e,
                        size_t n)
{
    bool ok = emit_event(em, EV_STREAM) && emit_event(em, EV_DOCUMENT) &&
              emit_event(em, EV_MAPPING) && emit_scalar(em, "locale", 6, YAML_PLAIN_SCALAR_STYLE) &&
              emit_text(em, locale, strlen(locale)) &&
              emit_scalar(em, "messages", 8, YAML_PLAIN_SCALAR_STYLE) && emit_event(em, EV_MAPPING);
    for (size_t i = 0; ok && i < n; i++)
        ok = emit_entry(em, &e[i]);
    return ok && emit_event(em, EV_MAPPING_END) && emit_event(em, EV_MAPPING_END) &&
           emit_event(em, EV_DOCUMENT_END) && emit_event(em, EV_STREAM_END) &&
           yaml_emitter_flush(em);
}

char *ec_yaml_emit_locale(const char *locale, const ec_yaml_out_entry *e, size_t n, size_t *len,
                          char **err)
{
    yaml_emitter_t em;
    ec_buf b = {0};
    if (!yaml_emitter_initialize(&em)) {
        *err = ec_xstrdup("cannot initialise the YAML emitter");
        return NULL;
    }
    yaml_emitter_set_output(&em, emit_to_buf, &b);
    yaml_emitter_set_unicode(&em, 1);
    yaml_emitter_set_width(&em, -1);
    yaml_emitter_set_indent(&em, 2);
    bool ok = emit_locale(&em, locale, e, n);
    if (!ok)
        *err = ec_xasprintf("cannot write YAML: %s", em.problem ? em.problem : "emitter error");
    yaml_emitter_delete(&em);
    if (!ok) {
        ec_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return ec_buf_take(&b);
}
