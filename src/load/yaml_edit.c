/* Editing a locale file in place. libyaml's parser says where each key and
 * value lies (its event marks); the edit replaces the bytes of the values
 * that change, inserts the lines of missing fields and new entries, and
 * leaves every other byte alone: comments, blank lines, quoting, key order.
 * New scalars are written by libyaml's emitter. The result is parsed again
 * and compared with what was asked for before it is returned. */
#include "load/yaml_edit.h"

#include "base/buf.h"
#include "base/key.h"
#include "base/unicode.h"
#include "load/yaml_props.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* A catalog nests four levels deep; deeper files are refused (libyaml's
 * scanner is slow on deep flow nesting, see yaml_load.c). */
#define MAX_DEPTH 64

/* ---- the file as libyaml sees it ---- */

/* A node of the file: where its bytes are and, for a scalar, its value. */
typedef struct {
    bool present;
    bool scalar;       /* else a mapping or a sequence */
    size_t start, end; /* byte offsets in the file; a collection's end is its start */
    size_t line;       /* 1-based */
    yaml_scalar_style_t style;
    const char *value; /* decoded, in the document's arena */
    size_t len;
} node;

enum { F_TEXT, F_SOURCE, F_NOTE, F_IGNORE, F_NAME, NFIELDS };
static const char *const field_names[NFIELDS] = {"text", "source", "note", "ignore", "name"};

/* What is known of an entry an edit names. */
typedef struct {
    node key;
    node value; /* the short form's scalar, or the start of the mapping */
    node fkey[NFIELDS], fval[NFIELDS];
    bool fdup[NFIELDS]; /* the field is given twice */
    node first;         /* the first field key of the long form */
} detail;

/* An entry of the file: where it is; its detail when an edit names it. A
 * catalog may hold a few hundred thousand entries, most of them untouched. */
typedef struct {
    int32_t code, sub;
    bool keyed;   /* the key follows the rule of base/key.h */
    bool dup;     /* an earlier entry has the same key */
    bool mapping; /* long form */
    bool flow;    /* written as a flow mapping {...} */
    yaml_scalar_style_t key_style;
    size_t key_start;
    size_t last_end; /* the end of the last byte of the entry */
    size_t det;      /* 1 + its index in doc.det, or 0 */
} entry;

typedef struct {
    int32_t code, sub;
    size_t i;
} key_index;

enum { MSG_ABSENT, MSG_EMPTY, MSG_BLOCK };

typedef struct {
    ec_arena arena; /* the values of detailed entries */
    entry *e;
    size_t n, cap;
    detail *det;
    size_t ndet, detcap;
    key_index *sorted; /* the first entry of each key, by key */
    size_t nsorted;
    int msg;
    node msg_key, msg_val; /* msg_val: the empty value (MSG_EMPTY) */
    node root_key;         /* the first key of the file */
    size_t first_field;    /* the first field key of a block long form, or SIZE_MAX */
    node last_scalar;      /* the scalar that ends last */
    node locale;           /* the value of `locale:` */
    size_t root_last_end;
} doc;

typedef struct {
    yaml_parser_t p;
    yaml_event_t ev;
    bool have;
    const char *data;
    size_t len;
    size_t base;   /* bytes of a byte order mark, which libyaml's marks leave out */
    bool bytes;    /* the marks count bytes, not code points */
    size_t ci, bi; /* a mark index and its byte offset (see byte_at) */
    doc *d;
    const ec_yaml_edit *want; /* the edits (sorted): their entries are read in detail */
    size_t nwant;
    char *err;
} reader;

static void set_err(char **err, size_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void set_err(char **err, size_t line, const char *fmt, ...)
{
    if (*err)
        return;
    ec_buf b = {0};
    if (line)
        ec_buf_printf(&b, "line %zu: ", line);
    va_list ap;
    va_start(ap, fmt);
    ec_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    *err = ec_buf_take(&b);
}

/* Whether libyaml's marks count bytes or code points (0.2.5 counts code
 * points; a later version might not): "é: x" tells. */
static bool marks_count_bytes(void)
{
    static const char probe[] = "\xc3\xa9: x";
    yaml_parser_t p;
    yaml_event_t ev;
    bool bytes = false;
    int scalars = 0;
    if (!yaml_parser_initialize(&p))
        return false;
    yaml_parser_set_input_string(&p, (const unsigned char *)probe, sizeof probe - 1);
    while (yaml_parser_parse(&p, &ev)) {
        yaml_event_type_t t = ev.type;
        if (t == YAML_SCALAR_EVENT && ++scalars == 2)
            bytes = ev.start_mark.index == 4;
        yaml_event_delete(&ev);
        if (t == YAML_STREAM_END_EVENT || scalars == 2)
            break;
    }
    yaml_parser_delete(&p);
    return bytes;
}

/* The byte offset of a mark index. Marks come nearly in order, so a cursor
 * walks from the last one, forwards or back, over UTF-8 lead bytes. */
static size_t byte_at(reader *r, size_t index)
{
    if (r->bytes)
        return r->base + index < r->len ? r->base + index : r->len;
    const unsigned char *d = (const unsigned char *)r->data;
    while (r->ci < index && r->bi < r->len) {
        r->bi++;
        while (r->bi < r->len && (d[r->bi] & 0xc0) == 0x80)
            r->bi++;
        r->ci++;
    }
    while (r->ci > index && r->bi > r->base) {
        r->bi--;
        while (r->bi > r->base && (d[r->bi] & 0xc0) == 0x80)
            r->bi--;
        r->ci--;
    }
    return r->bi;
}

static size_t ev_line(const reader *r)
{
    return r->ev.start_mark.line + 1;
}

static void parser_error(reader *r)
{
    yaml_parser_t *p = &r->p;
    const char *problem = p->problem ? p->problem : "unknown YAML error";
    if (p->error == YAML_READER_ERROR)
        set_err(&r->err, 0, "cannot edit the file in place: byte %zu: %s", p->problem_offset,
                problem);
    else if (p->context)
        set_err(&r->err, p->problem_mark.line + 1,
                "cannot edit the file in place: %s (%s at line %zu)", problem, p->context,
                p->context_mark.line + 1);
    else
        set_err(&r->err, p->problem_mark.line + 1, "cannot edit the file in place: %s", problem);
}

/* The next event; false (with r->err) when there is none. */
static bool next(reader *r)
{
    if (r->err)
        return false;
    if (r->have)
        yaml_event_delete(&r->ev);
    r->have = false;
    if (!yaml_parser_parse(&r->p, &r->ev)) {
        parser_error(r);
        return false;
    }
    r->have = true;
    yaml_event_t *e = &r->ev;
    const yaml_char_t *anchor, *tag;
    if (e->type == YAML_ALIAS_EVENT) {
        set_err(&r->err, ev_line(r), "cannot edit the file in place: it has an alias (*%s)",
                (const char *)e->data.alias.anchor);
        return false;
    }
    ec_yaml_props(e, &anchor, &tag);
    if (anchor || tag) {
        set_err(&r->err, ev_line(r), "cannot edit the file in place: it has %s (%s%s)",
                anchor ? "an anchor" : "a tag", anchor ? "&" : "",
                (const char *)(anchor ? anchor : tag));
        return false;
    }
    return true;
}

/* Records the current event as a node, with the value of a scalar when `keep`. */
static void fill(reader *r, node *n, bool keep)
{
    memset(n, 0, sizeof *n);
    n->present = true;
    n->scalar = r->ev.type == YAML_SCALAR_EVENT;
    n->start = byte_at(r, r->ev.start_mark.index);
    n->end = n->start;
    n->line = ev_line(r);
    if (n->scalar) {
        n->end = byte_at(r, r->ev.end_mark.index);
        n->style = r->ev.data.scalar.style;
        n->len = r->ev.data.scalar.length;
        if (keep)
            n->value = ec_arena_dup(&r->d->arena, (const char *)r->ev.data.scalar.value, n->len);
    }
}

/* Moves *last past the current event when it covers bytes (a scalar, the
 * closing bracket of a flow collection; block collections end nowhere). */
static void track(reader *r, size_t *last)
{
    if (r->ev.end_mark.index <= r->ev.start_mark.index)
        return;
    size_t start = byte_at(r, r->ev.start_mark.index);
    size_t end = byte_at(r, r->ev.end_mark.index);
    if (end > *last)
        *last = end;
    node *ls = &r->d->last_scalar;
    if (r->ev.type == YAML_SCALAR_EVENT && end >= ls->end) {
        ls->present = ls->scalar = true;
        ls->start = start;
        ls->end = end;
        ls->line = ev_line(r);
        ls->style = r->ev.data.scalar.style;
    }
}

/* Passes the node starting at the current event, or (depth 1) the rest of
 * the collection the current event is in. */
static bool skip_from(reader *r, size_t *last, size_t depth)
{
    for (;;) {
        yaml_event_type_t t = r->ev.type;
        track(r, last);
        if (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT) {
            if (++depth > MAX_DEPTH) {
                set_err(&r->err, ev_line(r),
                        "cannot edit the file in place: it nests more than %d levels deep",
                        MAX_DEPTH);
                return false;
            }
        } else if (t == YAML_SEQUENCE_END_EVENT || t == YAML_MAPPING_END_EVENT) {
            depth--;
        }
        if (depth == 0)
            return true;
        if (!next(r))
            return false;
    }
}

static bool skip(reader *r, size_t *last)
{
    return skip_from(r, last, 0);
}

/* The current event is the scalar `s`. */
static bool ev_is(const reader *r, const char *s)
{
    return r->ev.type == YAML_SCALAR_EVENT && r->ev.data.scalar.length == strlen(s) &&
           !memcmp(r->ev.data.scalar.value, s, r->ev.data.scalar.length);
}

static void first_field(reader *r, size_t start)
{
    if (r->d->first_field == SIZE_MAX)
        r->d->first_field = start;
}

/* The fields of a long-form entry; the current event starts its mapping. */
static bool read_fields(reader *r, entry *x, detail *det)
{
    fill(r, &det->value, true);
    track(r, &x->last_end);
    while (next(r)) {
        if (r->ev.type == YAML_MAPPING_END_EVENT) {
            track(r, &x->last_end);
            return true;
        }
        if (r->ev.type != YAML_SCALAR_EVENT) { /* not a field: passed over */
            if (!skip(r, &x->last_end) || !next(r) || !skip(r, &x->last_end))
                return false;
            continue;
        }
        node k;
        fill(r, &k, false);
        track(r, &x->last_end);
        if (!det->first.present) {
            det->first = k;
            if (!x->flow)
                first_field(r, k.start);
        }
        int f = 0;
        while (f < NFIELDS && !ev_is(r, field_names[f]))
            f++;
        if (!next(r))
            return false;
        if (f < NFIELDS && det->fkey[f].present) {
            det->fdup[f] = true;
        } else if (f < NFIELDS) {
            det->fkey[f] = k;
            fill(r, &det->fval[f], true);
        }
        if (!skip(r, &x->last_end))
            return false;
    }
    return false;
}

/* One entry of `messages`; the current event is its key. */
static bool read_entry(reader *r)
{
    doc *d = r->d;
    if (r->ev.type != YAML_SCALAR_EVENT) {
        set_err(&r->err, ev_line(r),
                "cannot edit the file in place: a key of messages is not a string");
        return false;
    }
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->e = ec_xrealloc(d->e, d->cap * sizeof *d->e);
    }
    entry *x = &d->e[d->n++];
    memset(x, 0, sizeof *x);
    node k;
    fill(r, &k, false);
    x->key_start = k.start;
    x->key_style = k.style;
    x->last_end = k.end;
    x->keyed = ec_key_parse((const char *)r->ev.data.scalar.value, r->ev.data.scalar.length,
                            &x->code, &x->sub);
    bool wanted = false;
    for (size_t lo = 0, hi = r->nwant; x->keyed && lo < hi && !wanted;) {
        size_t mid = lo + (hi - lo) / 2;
        int c = ec_key_cmp(r->want[mid].code, r->want[mid].sub, x->code, x->sub);
        wanted = c == 0;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!next(r))
        return false;
    bool map = r->ev.type == YAML_MAPPING_START_EVENT;
    x->mapping = map;
    x->flow = map && r->ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    if (wanted) {
        if (d->ndet == d->detcap) {
            d->detcap = d->detcap ? d->detcap * 2 : 16;
            d->det = ec_xrealloc(d->det, d->detcap * sizeof *d->det);
        }
        detail *det = &d->det[d->ndet++];
        memset(det, 0, sizeof *det);
        x->det = d->ndet;
        det->key = k;
        if (map)
            return read_fields(r, x, det);
        fill(r, &det->value, true);
        return skip(r, &x->last_end);
    }
    if (!map || x->flow)
        return skip(r, &x->last_end);
    /* an untouched long form: where its first field is, then the rest */
    if (!next(r))
        return false;
    if (r->ev.type == YAML_MAPPING_END_EVENT)
        return true;
    first_field(r, byte_at(r, r->ev.start_mark.index));
    return skip_from(r, &x->last_end, 1);
}

/* The value of `messages:` (the current event). */
static bool read_messages(reader *r)
{
    doc *d = r->d;
    yaml_event_t *e = &r->ev;
    if (e->type == YAML_SCALAR_EVENT) {
        fill(r, &d->msg_val, false);
        if (d->msg_val.style == YAML_PLAIN_SCALAR_STYLE &&
            (d->msg_val.len == 0 || ev_is(r, "~") || ev_is(r, "null") || ev_is(r, "Null") ||
             ev_is(r, "NULL"))) {
            d->msg = MSG_EMPTY;
            track(r, &d->root_last_end);
            return true;
        }
    } else if (e->type == YAML_MAPPING_START_EVENT &&
               e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE) {
        fill(r, &d->msg_val, false);
        size_t line = ev_line(r);
        if (!next(r))
            return false;
        if (r->ev.type != YAML_MAPPING_END_EVENT) {
            set_err(&r->err, line,
                    "cannot edit the messages mapping in place: it is written in flow style "
                    "({...})");
            return false;
        }
        d->msg = MSG_EMPTY;
        d->msg_val.end = byte_at(r, r->ev.end_mark.index);
        track(r, &d->root_last_end);
        return true;
    } else if (e->type == YAML_MAPPING_START_EVENT) {
        d->msg = MSG_BLOCK;
        while (next(r)) {
            if (r->ev.type == YAML_MAPPING_END_EVENT)
                return true;
            if (!read_entry(r))
                return false;
            entry *x = &d->e[d->n - 1];
            if (x->last_end > d->root_last_end)
                d->root_last_end = x->last_end;
        }
        return false;
    }
    set_err(&r->err, ev_line(r), "cannot edit the file in place: messages is not a mapping");
    return false;
}

static int key_index_cmp(const void *a, const void *b)
{
    const key_index *x = a, *y = b;
    int c = ec_key_cmp(x->code, x->sub, y->code, y->sub);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* The first entry of each key, sorted; later ones are marked dup. */
static void index_keys(doc *d)
{
    d->sorted = ec_xmalloc((d->n + 1) * sizeof *d->sorted);
    size_t k = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->e[i].keyed)
            d->sorted[k++] = (key_index){d->e[i].code, d->e[i].sub, i};
    qsort(d->sorted, k, sizeof *d->sorted, key_index_cmp);
    size_t out = 0;
    for (size_t i = 0; i < k; i++) {
        if (out && d->sorted[out - 1].code == d->sorted[i].code &&
            d->sorted[out - 1].sub == d->sorted[i].sub) {
            d->e[d->sorted[i].i].dup = true;
            continue;
        }
        d->sorted[out++] = d->sorted[i];
    }
    d->nsorted = out;
}

static void doc_free(doc *d)
{
    ec_arena_free(&d->arena);
    free(d->e);
    free(d->det);
    free(d->sorted);
    memset(d, 0, sizeof *d);
}

/* Reads a locale file into `d`, the entries the edits `want` name in
 * detail; false with *err when it cannot be edited. */
static bool read_doc(const char *data, size_t len, const ec_yaml_edit *want, size_t nwant, doc *d,
                     char **err)
{
    memset(d, 0, sizeof *d);
    d->first_field = SIZE_MAX;
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
        set_err(err, 0, "cannot edit the file in place: it is UTF-16, not UTF-8");
        return false;
    }
    reader r;
    memset(&r, 0, sizeof r);
    r.data = data;
    r.len = len;
    r.base = len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf ? 3 : 0;
    r.bi = r.base;
    r.bytes = marks_count_bytes();
    r.d = d;
    r.want = want;
    r.nwant = nwant;
    if (!yaml_parser_initialize(&r.p)) {
        set_err(err, 0, "cannot initialise the YAML parser");
        return false;
    }
    yaml_parser_set_input_string(&r.p, (const unsigned char *)data, len);
    bool ok = false;
    if (!next(&r) || !next(&r))
        goto out;
    if (r.ev.type == YAML_STREAM_END_EVENT) {
        set_err(&r.err, 0, "cannot edit the file in place: it is empty");
        goto out;
    }
    if (!next(&r))
        goto out;
    if (r.ev.type != YAML_MAPPING_START_EVENT ||
        r.ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE) {
        set_err(&r.err, ev_line(&r),
                "cannot edit the file in place: it is not a block mapping (locale:, messages:)");
        goto out;
    }
    bool seen = false;
    while (next(&r) && r.ev.type != YAML_MAPPING_END_EVENT) {
        if (r.ev.type != YAML_SCALAR_EVENT) {
            set_err(&r.err, ev_line(&r), "cannot edit the file in place: a key is not a string");
            goto out;
        }
        node k;
        fill(&r, &k, false);
        if (!d->root_key.present)
            d->root_key = k;
        bool messages = ev_is(&r, "messages"), locale = ev_is(&r, "locale");
        track(&r, &d->root_last_end);
        if (!next(&r))
            goto out;
        if (messages && !seen) {
            seen = true;
            d->msg_key = k;
            if (!read_messages(&r))
                goto out;
        } else {
            if (locale && !d->locale.present)
                fill(&r, &d->locale, true);
            if (!skip(&r, &d->root_last_end))
                goto out;
        }
    }
    if (!next(&r) || !next(&r)) /* DOCUMENT-END, STREAM-END */
        goto out;
    if (r.ev.type != YAML_STREAM_END_EVENT) {
        set_err(&r.err, ev_line(&r),
                "cannot edit the file in place: a second YAML document (a locale file holds "
                "one)");
        goto out;
    }
    index_keys(d);
    ok = true;
out:
    if (r.have)
        yaml_event_delete(&r.ev);
    yaml_parser_delete(&r.p);
    if (!ok) {
        if (!r.err)
            set_err(&r.err, 0, "cannot edit the file in place: it cannot be read");
        *err = r.err;
        doc_free(d);
    }
    return ok;
}

static const entry *find(const doc *d, int32_t code, int32_t sub)
{
    size_t lo = 0, hi = d->nsorted;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = ec_key_cmp(d->sorted[mid].code, d->sorted[mid].sub, code, sub);
        if (c == 0)
            return &d->e[d->sorted[mid].i];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The entry with the greatest key below code/sub, or NULL. */
static const entry *before(const doc *d, int32_t code, int32_t sub)
{
    size_t lo = 0, hi = d->nsorted;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ec_key_cmp(d->sorted[mid].code, d->sorted[mid].sub, code, sub) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? &d->e[d->sorted[lo - 1].i] : NULL;
}

/* ---- what a plain scalar means ---- */

static bool digits(const char *s, size_t n, const char *set)
{
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr(set, s[i]) || !s[i])
            return false;
    return true;
}

static bool eq_nocase(const char *s, size_t n, const char *w)
{
    if (strlen(w) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
        if (c != w[i])
            return false;
    }
    return true;
}

/* A plain scalar the YAML 1.2 core schema reads as null, a boolean or a
 * number: not a string, so never equal to a text. */
static bool core_special(const char *s, size_t n)
{
    static const char *const words[] = {"~",     "null",  "Null",  "NULL",  "true",  "True",
                                        "TRUE",  "false", "False", "FALSE", ".inf",  ".Inf",
                                        ".INF",  "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
                                        "-.INF", ".nan",  ".NaN",  ".NAN"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i]) == n && !memcmp(s, words[i], n))
            return true;
    if (n > 2 && s[0] == '0' && s[1] == 'o')
        return digits(s + 2, n - 2, "01234567");
    if (n > 2 && s[0] == '0' && s[1] == 'x')
        return digits(s + 2, n - 2, "0123456789abcdefABCDEF");
    size_t i = n && (s[0] == '-' || s[0] == '+');
    size_t int_digits = 0, frac_digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++, int_digits++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, frac_digits++;
    }
    if (!int_digits && !frac_digits)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            i++;
        return digits(s + i, n - i, "0123456789");
    }
    return i == n;
}

/* A text that must not be written as a plain scalar: empty, a core-schema
 * null, boolean or number, a YAML 1.1 boolean (yes/no/on/off/y/n) or
 * anything else that looks like a number, a date or a merge key to one
 * reader or another. When in doubt: yes. */
static bool doubtful_plain(const char *s, size_t n)
{
    static const char *const words[] = {"~",   "null", "true", "false", "yes", "no",  "on",
                                        "off", "y",    "n",    "<<",    "=",   "nan", "inf"};
    if (n == 0 || memchr(s, '\0', n) || core_special(s, n))
        return true;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (eq_nocase(s, n, words[i]))
            return true;
    size_t i = s[0] == '-' || s[0] == '+';
    if (eq_nocase(s + i, n - i, ".inf") || eq_nocase(s + i, n - i, ".nan"))
        return true;
    if (n > 2 && s[0] == '0' && strchr("oObBxX", s[1]))
        return true;
    char buf[128];
    if (n < sizeof buf) {
        memcpy(buf, s, n);
        buf[n] = '\0';
        char *end;
        (void)strtod(buf, &end);
        if (end == buf + n)
            return true;
        (void)strtol(buf, &end, 0);
        if (end == buf + n)
            return true;
    }
    /* sexagesimal 1:30, 1_000, dates 2001-12-14 and the like */
    bool digit = false;
    for (size_t j = 0; j < n; j++)
        digit |= s[j] >= '0' && s[j] <= '9';
    if (digit && strchr("0123456789+-.", s[0]) && digits(s, n, "0123456789+-._:eExXoObB"))
        return true;
    return n >= 10 && digits(s, 4, "0123456789") && s[4] == '-';
}

/* The scalar of field `f` holds `s`: same bytes, and not a plain scalar
 * the core schema reads as something other than a string (an empty plain
 * text is the empty text, an empty plain source or note is nothing). */
static bool holds(const node *v, int f, const char *s, size_t n)
{
    if (!v->present || !v->scalar || v->len != n || memcmp(v->value, s, n) != 0)
        return false;
    if (v->style != YAML_PLAIN_SCALAR_STYLE)
        return true;
    return n == 0 ? f == F_TEXT : !core_special(s, n);
}

/* ---- writing scalars with libyaml's emitter ---- */

static int to_buf(void *data, unsigned char *buffer, size_t size)
{
    ec_buf_put(data, (const char *)buffer, size);
    return 1;
}

/* `s` as the one scalar of a document, in `style`, as the emitter writes it
 * (UTF-8 unescaped, never folded, indent 2), into `out`. */
static bool emit_root(const char *s, size_t n, yaml_scalar_style_t style, ec_buf *out, char **err)
{
    yaml_emitter_t em;
    yaml_event_t ev;
    out->len = 0;
    if (n > (size_t)INT32_MAX) {
        set_err(err, 0, "cannot write a text of %zu bytes", n);
        return false;
    }
    if (!yaml_emitter_initialize(&em)) {
        set_err(err, 0, "cannot initialise the YAML emitter");
        return false;
    }
    yaml_emitter_set_output(&em, to_buf, out);
    yaml_emitter_set_unicode(&em, 1);
    yaml_emitter_set_width(&em, -1);
    yaml_emitter_set_indent(&em, 2);
    bool ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) &&
              yaml_emitter_emit(&em, &ev) &&
              yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) &&
              yaml_emitter_emit(&em, &ev) &&
              yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)s, (int)n, 1,
                                           1, style) &&
              yaml_emitter_emit(&em, &ev) && yaml_document_end_event_initialize(&ev, 1) &&
              yaml_emitter_emit(&em, &ev) && yaml_stream_end_event_initialize(&ev) &&
              yaml_emitter_emit(&em, &ev) && yaml_emitter_flush(&em);
    if (!ok)
        set_err(err, 0, "cannot write a text as YAML: %s",
                em.problem ? em.problem : "emitter error");
    yaml_emitter_delete(&em);
    ec_buf_put(out, "", 0); /* NUL-terminated, even when empty */
    /* a leading "--- ", a closing "..." line */
    if (ok && out->len >= 4 && !memcmp(out->data, "--- ", 4)) {
        memmove(out->data, out->data + 4, out->len - 4 + 1);
        out->len -= 4;
    }
    if (ok && out->len >= 5 && !memcmp(out->data + out->len - 5, "\n...\n", 5))
        out->len -= 4;
    else if (ok && out->len == 4 && !memcmp(out->data, "...\n", 4))
        out->len = 0;
    if (out->data)
        out->data[out->len] = '\0';
    return ok;
}

/* The rendered plain scalar p[0..pn) reads back as the plain text `s`. */
static bool reads_as_plain(const char *p, size_t pn, const char *s, size_t n)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    if (!yaml_parser_initialize(&parser))
        return false;
    yaml_parser_set_input_string(&parser, (const unsigned char *)p, pn);
    static const yaml_event_type_t want[] = {YAML_STREAM_START_EVENT, YAML_DOCUMENT_START_EVENT,
                                             YAML_SCALAR_EVENT, YAML_DOCUMENT_END_EVENT,
                                             YAML_STREAM_END_EVENT};
    bool ok = true;
    for (size_t i = 0; ok && i < sizeof want / sizeof *want; i++) {
        if (!yaml_parser_parse(&parser, &ev))
            ok = false;
        else {
            ok = ev.type == want[i];
            if (ok && ev.type == YAML_SCALAR_EVENT)
                ok = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                     ev.data.scalar.length == n && !memcmp(ev.data.scalar.value, s, n) &&
                     !ev.data.scalar.tag;
            yaml_event_delete(&ev);
        }
    }
    yaml_parser_delete(&parser);
    return ok;
}

/* `s` as a scalar on one line, in `style` (plain, quoted or any) when it
 * can be written so; double-quoted otherwise. */
static bool render_flow(const char *s, size_t n, yaml_scalar_style_t style, ec_buf *out, char **err)
{
    if (ec_u_has_break_or_control(s, n))
        style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    if ((style == YAML_PLAIN_SCALAR_STYLE || style == YAML_ANY_SCALAR_STYLE) &&
        doubtful_plain(s, n))
        style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    for (;;) {
        if (!emit_root(s, n, style, out, err))
            return false;
        if (out->len && out->data[out->len - 1] == '\n')
            out->data[--out->len] = '\0';
        bool ok = out->len > 0 && !memchr(out->data, '\n', out->len) &&
                  !memchr(out->data, '\r', out->len);
        if (ok && out->data[0] != '"' && out->data[0] != '\'')
            ok = !doubtful_plain(s, n) && reads_as_plain(out->data, out->len, s, n);
        if (ok)
            return true;
        if (style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
            set_err(err, 0, "internal: cannot write a text on one line");
            return false;
        }
        style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    }
}

/* `s` as a literal block scalar: its header ("|", "|-" or "|+"), then each
 * content line after `nl`, indented by `indent` spaces, without a final
 * break. False (and no *err) when the emitter would not write it as a
 * literal block whose lines can be re-indented plainly. */
static bool render_literal(const char *s, size_t n, size_t indent, const char *nl, ec_buf *out,
                           size_t *hdr_len, char *chomp, char **err)
{
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] < 0x20 && s[i] != '\n') || s[i] == 0x7f)
            return false;
    ec_buf raw = {0};
    if (!emit_root(s, n, YAML_LITERAL_SCALAR_STYLE, &raw, err)) {
        ec_buf_free(&raw);
        return false;
    }
    bool ok = raw.len >= 2 && raw.data[0] == '|';
    const char *hdr_end = ok ? memchr(raw.data, '\n', raw.len) : NULL;
    size_t h = hdr_end ? (size_t)(hdr_end - raw.data) : 0;
    ok = ok && hdr_end && (h == 1 || (h == 2 && (raw.data[1] == '-' || raw.data[1] == '+')));
    out->len = 0;
    if (ok) {
        *chomp = h == 2 ? raw.data[1] : ' ';
        *hdr_len = h;
        ec_buf_put(out, raw.data, h);
        const char *p = hdr_end + 1, *end = raw.data + raw.len;
        size_t ind = 0;
        while (p + ind < end && p[ind] == ' ')
            ind++;
        ok = ind > 0 && p + ind < end && p[ind] != '\n';
        while (ok && p < end) {
            const char *eol = memchr(p, '\n', (size_t)(end - p));
            if (!eol) {
                ok = false;
                break;
            }
            size_t ln = (size_t)(eol - p), sp = 0;
            while (sp < ln && p[sp] == ' ')
                sp++;
            ec_buf_puts(out, nl);
            if (ln > 0 && (sp == ln || sp < ind)) {
                ok = false; /* spaces only, or less indented: not plain to re-indent */
                break;
            }
            if (ln > 0) {
                for (size_t i = 0; i < indent; i++)
                    ec_buf_putc(out, ' ');
                ec_buf_put(out, p + ind, ln - ind);
            }
            p = eol + 1;
        }
    }
    ec_buf_free(&raw);
    return ok;
}

/* ---- the edit: splices of the file's bytes ---- */

typedef struct {
    size_t start, end; /* the bytes replaced; start == end: an insertion */
    int32_t code, sub; /* the entry it belongs to: insertions at one place go in key order */
    int order;
    size_t seq;
    char *bytes;
    size_t n;
} splice;

typedef struct {
    const char *data;
    size_t len;
    const doc *d;
    const char *nl; /* "\n" or "\r\n" */
    splice *s;
    size_t n, cap;
    char *err;
    /* how new keys are written */
    size_t key_indent;
    char quote; /* '"', '\'' or 0 (plain) */
    size_t field_indent;
    /* the chomping indicator keep_last_block() changed: [fix_at, fix_end) became "-" */
    bool fixed;
    size_t fix_at, fix_end;
} plan;

static bool is_brk(char c)
{
    return c == '\n' || c == '\r';
}

static size_t line_start(const plan *p, size_t pos)
{
    while (pos > 0 && !is_brk(p->data[pos - 1]))
        pos--;
    return pos;
}

/* The start of the line after the one holding the byte before `end`. */
static size_t line_after(const plan *p, size_t end)
{
    size_t i = end ? end - 1 : 0;
    while (i < p->len && !is_brk(p->data[i]))
        i++;
    if (i >= p->len)
        return p->len;
    if (p->data[i] == '\r' && i + 1 < p->len && p->data[i + 1] == '\n')
        return i + 2;
    return i + 1;
}

/* The end of the line holding `pos`, before its break. */
static size_t line_end(const plan *p, size_t pos)
{
    while (pos < p->len && !is_brk(p->data[pos]))
        pos++;
    return pos;
}

/* The spaces before `pos` on its line, or (size_t)-1 when something else is there. */
static size_t indent_of(const plan *p, size_t pos)
{
    size_t ls = line_start(p, pos);
    for (size_t i = ls; i < pos; i++)
        if (p->data[i] != ' ')
            return (size_t)-1;
    return pos - ls;
}

static void add(plan *p, size_t start, size_t end, int32_t code, int32_t sub, int order, ec_buf *b)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->s = ec_xrealloc(p->s, p->cap * sizeof *p->s);
    }
    splice *s = &p->s[p->n];
    s->start = start;
    s->end = end;
    s->code = code;
    s->sub = sub;
    s->order = order;
    s->seq = p->n++;
    s->n = b->len;
    s->bytes = ec_buf_take(b);
}

/* Inserts whole lines (each ending with p->nl) at the start of a line, or
 * at the end of a file without a final line break: there, a break before
 * them and none after. */
static void add_lines(plan *p, size_t pos, int32_t code, int32_t sub, int order, ec_buf *lines)
{
    if (pos == p->len && pos > 0 && !is_brk(p->data[pos - 1])) {
        ec_buf b = {0};
        size_t nl = strlen(p->nl);
        ec_buf_puts(&b, p->nl);
        ec_buf_put(&b, lines->data, lines->len - nl);
        ec_buf_free(lines);
        *lines = b;
    }
    add(p, pos, pos, code, sub, order, lines);
}

static void spaces(ec_buf *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ec_buf_putc(b, ' ');
}

/* Where the parts of a block scalar lie. */
typedef struct {
    size_t hdr_end;       /* the end of the indicator ("|-") */
    size_t content_start; /* the line after the header (p->len: none) */
    size_t last;          /* after the break of the last line with content, or content_start */
    size_t last_nb;       /* the same before that break, or the end of the header line */
    bool has_content;     /* lines between content_start and last */
    bool digit;           /* an explicit indentation indicator */
    char chomp;           /* '-', '+' or 0 */
    bool break_after;     /* a line break follows last_nb */
    size_t indent;        /* of the first content line, or 0 */
} block;

static block block_of(const plan *p, const node *v)
{
    block b = {0};
    size_t i = v->start + 1;
    while (i < v->end && !strchr(" \t\r\n#", p->data[i])) {
        if (p->data[i] >= '0' && p->data[i] <= '9')
            b.digit = true;
        if (p->data[i] == '-' || p->data[i] == '+')
            b.chomp = p->data[i];
        i++;
    }
    b.hdr_end = i;
    size_t hl_nb = line_end(p, i);
    b.content_start = hl_nb < p->len ? line_after(p, hl_nb + 1) : p->len;
    b.last = b.content_start;
    for (size_t ls = b.content_start; ls < v->end;) {
        size_t le = line_end(p, ls), sp = ls;
        while (sp < le && p->data[sp] == ' ')
            sp++;
        size_t next = le < p->len ? line_after(p, le + 1) : p->len;
        if (sp < le) {
            if (!b.has_content)
                b.indent = sp - ls;
            b.has_content = true;
            b.last = next < v->end ? next : v->end;
        }
        ls = next;
    }
    if (b.chomp == '+' && v->end > b.content_start) { /* its blank lines are text too */
        b.has_content = true;
        b.last = v->end;
    }
    if (b.has_content) {
        size_t e = b.last;
        if (e > b.content_start && p->data[e - 1] == '\n')
            e--;
        if (e > b.content_start && p->data[e - 1] == '\r')
            e--;
        b.last_nb = e;
    } else {
        b.last_nb = hl_nb;
    }
    b.break_after = b.last_nb < p->len && is_brk(p->data[b.last_nb]);
    return b;
}

/* Replaces the value `v` (of the field or entry whose key is `k`) by `s`,
 * in v's style where it can be. */
static bool replace(plan *p, const node *k, const node *v, const char *s, size_t n, int32_t code,
                    int32_t sub, int order)
{
    ec_buf b = {0};
    if (v->style != YAML_LITERAL_SCALAR_STYLE && v->style != YAML_FOLDED_SCALAR_STYLE) {
        if (v->start == v->end)
            ec_buf_putc(&b, ' '); /* "key:" with nothing after it */
        ec_buf out = {0};
        bool ok = render_flow(s, n, v->style, &out, &p->err);
        ec_buf_put(&b, out.data, out.len);
        ec_buf_free(&out);
        if (!ok) {
            ec_buf_free(&b);
            return false;
        }
        add(p, v->start, v->end, code, sub, order, &b);
        return true;
    }
    block bl = block_of(p, v);
    if (v->style == YAML_LITERAL_SCALAR_STYLE && !bl.digit) {
        size_t ki = indent_of(p, k->start);
        size_t indent = bl.indent ? bl.indent : ki != (size_t)-1 ? ki + 2 : 0;
        size_t hdr = 0;
        char chomp = ' ';
        bool ok = indent > 0 && render_literal(s, n, indent, p->nl, &b, &hdr, &chomp, &p->err);
        if (p->err) {
            ec_buf_free(&b);
            return false;
        }
        /* "|+" would take in blank lines that follow; at the end of a file
         * without a final break only "|-" reads the same */
        size_t after = bl.has_content ? bl.last : bl.content_start;
        ok = ok && (chomp != '+' || after >= v->end) && (bl.break_after || chomp == '-');
        if (ok && bl.has_content) {
            size_t nl = strlen(p->nl);
            ec_buf h = {0}, c = {0};
            ec_buf_put(&h, b.data, hdr);
            ec_buf_put(&c, b.data + hdr + nl, b.len - hdr - nl);
            ec_buf_free(&b);
            add(p, v->start, bl.hdr_end, code, sub, order, &h);
            add(p, bl.content_start, bl.last_nb, code, sub, order, &c);
            return true;
        }
        if (ok) {
            add(p, v->start, bl.last_nb, code, sub, order, &b);
            return true;
        }
        b.len = 0;
    }
    ec_buf out = {0};
    bool ok = render_flow(s, n, YAML_DOUBLE_QUOTED_SCALAR_STYLE, &out, &p->err);
    ec_buf_put(&b, out.data, out.len);
    ec_buf_free(&out);
    if (!ok) {
        ec_buf_free(&b);
        return false;
    }
    add(p, v->start, bl.last_nb, code, sub, order, &b);
    return true;
}

/* Appends `<indent><field>: <s>` (no break) with s written in any style. */
static bool field_line(plan *p, ec_buf *b, size_t indent, const char *field, const char *s,
                       size_t n)
{
    ec_buf out = {0};
    if (!render_flow(s, n, YAML_ANY_SCALAR_STYLE, &out, &p->err)) {
        ec_buf_free(&out);
        return false;
    }
    spaces(b, indent);
    ec_buf_printf(b, "%s: ", field);
    ec_buf_put(b, out.data, out.len);
    ec_buf_free(&out);
    return true;
}

static const char *edit_field(const ec_yaml_edit *e, int f, size_t *n)
{
    if (f == F_TEXT) {
        *n = e->text_len;
        return e->text;
    }
    if (f == F_SOURCE) {
        *n = e->source_len;
        return e->source;
    }
    *n = e->note ? strlen(e->note) : 0;
    return e->note;
}

static size_t field_indent_for(const plan *p, size_t key_indent)
{
    return p->field_indent > key_indent && p->field_indent != (size_t)-1 ? p->field_indent
                                                                         : key_indent + 2;
}

/* A short-form entry that gains a source or a note: from the end of its key
 * on, `: text` becomes `:` and the fields, one a line. */
static bool to_long_form(plan *p, const entry *x, const detail *dt, const ec_yaml_edit *e)
{
    const node *v = &dt->value;
    size_t ki = indent_of(p, dt->key.start);
    if (ki == (size_t)-1) {
        char key[EC_KEY_MAX];
        ec_key_format(key, x->code, x->sub);
        set_err(&p->err, dt->key.line,
                "cannot edit entry %s in place: its key does not begin its line", key);
        return false;
    }
    size_t fi = field_indent_for(p, ki);
    bool block_style =
        v->style == YAML_LITERAL_SCALAR_STYLE || v->style == YAML_FOLDED_SCALAR_STYLE;
    block bl = {0};
    size_t end = v->end;
    if (block_style) {
        bl = block_of(p, v);
        end = bl.last_nb;
    }
    const char *s = e->text ? e->text : v->value;
    size_t n = e->text ? e->text_len : v->len;
    bool same = !e->text || holds(v, F_TEXT, e->text, e->text_len);
    ec_buf b = {0}, t = {0};
    ec_buf_puts(&b, ":");
    ec_buf_puts(&b, p->nl);
    spaces(&b, fi);
    ec_buf_puts(&b, "text:");
    bool ok = true;
    if (same && !block_style && !memchr(p->data + v->start, '\n', v->end - v->start) &&
        !memchr(p->data + v->start, '\r', v->end - v->start)) {
        ec_buf_put(&t, p->data + v->start, v->end - v->start); /* as it was */
    } else {
        size_t hdr;
        char chomp;
        bool lit = v->style == YAML_LITERAL_SCALAR_STYLE &&
                   render_literal(s, n, fi + 2, p->nl, &t, &hdr, &chomp, &p->err);
        if (!lit && !p->err)
            ok = render_flow(s, n, block_style ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : v->style, &t,
                             &p->err);
        ok = ok && !p->err;
    }
    if (t.len) {
        ec_buf_putc(&b, ' ');
        ec_buf_put(&b, t.data, t.len);
    }
    ec_buf_free(&t);
    for (int f = F_SOURCE; ok && f <= F_NOTE; f++) {
        size_t fn;
        const char *fs = edit_field(e, f, &fn);
        if (fs) {
            ec_buf_puts(&b, p->nl);
            ok = field_line(p, &b, fi, field_names[f], fs, fn);
        }
    }
    if (!ok) {
        ec_buf_free(&b);
        return false;
    }
    add(p, dt->key.end, end, x->code, x->sub, 0, &b);
    return true;
}

/* An edit of an entry the file has. */
static bool edit_entry(plan *p, const entry *x, const ec_yaml_edit *e)
{
    char key[EC_KEY_MAX];
    ec_key_format(key, e->code, e->sub);
    if (!x->det) {
        set_err(&p->err, 0, "internal: entry %s was not read", key);
        return false;
    }
    const detail *dt = &p->d->det[x->det - 1];
    if (x->flow) {
        set_err(&p->err, dt->key.line,
                "cannot edit entry %s in place: it is written in flow style ({...})", key);
        return false;
    }
    if (!x->mapping) {
        if (!dt->value.scalar) {
            set_err(&p->err, dt->value.line,
                    "cannot edit entry %s in place: its value is not a string", key);
            return false;
        }
        if (e->source || e->note)
            return to_long_form(p, x, dt, e);
        if (e->text && !holds(&dt->value, F_TEXT, e->text, e->text_len))
            return replace(p, &dt->key, &dt->value, e->text, e->text_len, e->code, e->sub, 0);
        return true;
    }
    /* long form: change the fields it has, add the others after the field
     * before them (text, source, note), or before its first field */
    const node *anchor_key = dt->fkey[F_TEXT].present ? &dt->fkey[F_TEXT] : &dt->first;
    size_t fi = indent_of(p, anchor_key->start);
    size_t at = line_start(p, dt->first.start);
    for (int f = F_TEXT; f <= F_NOTE; f++) {
        size_t n;
        const char *s = edit_field(e, f, &n);
        const node *v = &dt->fval[f];
        if (s && dt->fdup[f]) {
            set_err(&p->err, dt->fkey[f].line,
                    "cannot edit entry %s in place: its field '%s' appears twice", key,
                    field_names[f]);
            return false;
        }
        if (v->present && s && !v->scalar) {
            set_err(&p->err, v->line, "cannot edit entry %s in place: its %s is not a string", key,
                    field_names[f]);
            return false;
        }
        if (v->present) {
            if (s && !holds(v, f, s, n) && !replace(p, &dt->fkey[f], v, s, n, e->code, e->sub, f))
                return false;
            at = line_after(p, v->end > v->start ? v->end : dt->fkey[f].end);
            continue;
        }
        if (!s)
            continue;
        if (fi == (size_t)-1) {
            set_err(&p->err, anchor_key->line,
                    "cannot edit entry %s in place: its fields do not begin their lines", key);
            return false;
        }
        ec_buf b = {0};
        if (!field_line(p, &b, fi, field_names[f], s, n)) {
            ec_buf_free(&b);
            return false;
        }
        ec_buf_puts(&b, p->nl);
        add_lines(p, at, e->code, e->sub, 10 + f, &b);
    }
    return true;
}

/* The lines of a new entry (each ending with p->nl) into `b`. */
static bool new_entry(plan *p, ec_buf *b, size_t ki, const ec_yaml_edit *e)
{
    char key[EC_KEY_MAX];
    ec_key_format(key, e->code, e->sub);
    spaces(b, ki);
    if (p->quote)
        ec_buf_printf(b, "%c%s%c:", p->quote, key, p->quote);
    else
        ec_buf_printf(b, "%s:", key);
    if (!e->source && !e->note) {
        ec_buf out = {0};
        bool ok = render_flow(e->text, e->text_len, YAML_ANY_SCALAR_STYLE, &out, &p->err);
        ec_buf_putc(b, ' ');
        ec_buf_put(b, out.data, out.len);
        ec_buf_free(&out);
        ec_buf_puts(b, p->nl);
        return ok;
    }
    size_t fi = field_indent_for(p, ki);
    ec_buf_puts(b, p->nl);
    for (int f = F_TEXT; f <= F_NOTE; f++) {
        size_t n;
        const char *s = edit_field(e, f, &n);
        if (!s)
            continue;
        if (!field_line(p, b, fi, field_names[f], s, n))
            return false;
        ec_buf_puts(b, p->nl);
    }
    return true;
}

static int splice_cmp(const void *a, const void *b)
{
    const splice *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    int c = ec_key_cmp(x->code, x->sub, y->code, y->sub);
    if (c)
        return c;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* How the file writes keys and fields: copied from its first entries. */
static void learn_style(plan *p)
{
    const doc *d = p->d;
    p->quote = '"';
    p->field_indent = (size_t)-1;
    if (d->n) {
        yaml_scalar_style_t st = d->e[0].key_style;
        p->key_indent = indent_of(p, d->e[0].key_start);
        if (p->key_indent == (size_t)-1)
            p->key_indent = 2; /* "? key": the result is read back anyway */
        p->quote = st == YAML_SINGLE_QUOTED_SCALAR_STYLE ? '\''
                   : st == YAML_PLAIN_SCALAR_STYLE       ? 0
                                                         : '"';
    } else {
        size_t mi = indent_of(p, d->msg_key.present ? d->msg_key.start : d->root_key.start);
        p->key_indent = (mi == (size_t)-1 ? 0 : mi) + 2;
    }
    if (d->first_field != SIZE_MAX)
        p->field_indent = indent_of(p, d->first_field);
}

/* ---- reading the result back ---- */

static bool same_node(const node *a, const node *b)
{
    if (a->present != b->present)
        return false;
    if (!a->present)
        return true;
    if (a->scalar != b->scalar)
        return false;
    return !a->scalar ||
           (a->style == b->style && a->len == b->len && !memcmp(a->value, b->value, a->len));
}

/* The bytes old[a, b) are out[c, d), but for keep_last_block()'s change
 * and the line break a block scalar at the end of the file gains with it. */
static bool same_bytes(const plan *p, size_t a, size_t b, const char *out, size_t c, size_t d)
{
    if (d < c || b < a)
        return false;
    if (!p->fixed || p->fix_at < a || p->fix_end > b)
        return b - a == d - c && !memcmp(p->data + a, out + c, b - a);
    size_t head = p->fix_at - a, tail = b - p->fix_end, nl = strlen(p->nl);
    size_t want = head + 1 + tail;
    if (d - c == want + nl && b == p->len && !memcmp(out + d - nl, p->nl, nl))
        d -= nl;
    return d - c == want && !memcmp(p->data + a, out + c, head) && out[c + head] == '-' &&
           !memcmp(p->data + p->fix_end, out + c + head + 1, tail);
}

/* The new file holds what was asked for, and what was there before: the
 * bytes of every entry no edit names, the values of the fields no edit
 * changes. */
static bool check_back(const plan *p, const doc *old, const char *out, size_t out_len,
                       const ec_yaml_edit *e, size_t n, size_t added, char **err)
{
    doc d;
    char *why = NULL;
    if (!read_doc(out, out_len, e, n, &d, &why)) {
        set_err(err, 0, "internal: in-place edit did not read back (%s)", why);
        free(why);
        return false;
    }
    bool ok = d.n == old->n + added && same_node(&d.locale, &old->locale);
    size_t k = 0; /* the edit of the old entry, if any */
    for (size_t i = 0; ok && i < old->nsorted; i++) {
        const entry *x = &old->e[old->sorted[i].i], *y = find(&d, x->code, x->sub);
        while (k < n && ec_key_cmp(e[k].code, e[k].sub, x->code, x->sub) < 0)
            k++;
        const ec_yaml_edit *ed = k < n && e[k].code == x->code && e[k].sub == x->sub ? &e[k] : NULL;
        if (!y || !ed) {
            ok = y && same_bytes(p, x->key_start, x->last_end, out, y->key_start, y->last_end);
            continue;
        }
        ok = x->det && y->det && (x->mapping == y->mapping || ed->source || ed->note);
        if (!ok)
            break;
        const detail *xd = &old->det[x->det - 1], *yd = &d.det[y->det - 1];
        if (!x->mapping && !y->mapping && !ed->text)
            ok = same_node(&xd->value, &yd->value);
        if (!x->mapping && y->mapping && !ed->text) { /* turned into the long form */
            const node *a = &xd->value, *b = &yd->fval[F_TEXT];
            ok = b->present && b->scalar && a->len == b->len &&
                 !memcmp(a->value, b->value, a->len) &&
                 (a->style == YAML_PLAIN_SCALAR_STYLE) == (b->style == YAML_PLAIN_SCALAR_STYLE);
        }
        for (int f = 0; ok && x->mapping && f < NFIELDS; f++) {
            size_t fn;
            const char *fs = f <= F_NOTE ? edit_field(ed, f, &fn) : NULL;
            if (!fs)
                ok = same_node(&xd->fval[f], &yd->fval[f]);
        }
    }
    for (size_t i = 0; ok && i < n; i++) {
        const entry *y = find(&d, e[i].code, e[i].sub);
        if (!y || !y->det) {
            ok = !y && !e[i].text && !find(old, e[i].code, e[i].sub);
            continue;
        }
        const detail *yd = &d.det[y->det - 1];
        for (int f = F_TEXT; ok && f <= F_NOTE; f++) {
            size_t fn;
            const char *fs = edit_field(&e[i], f, &fn);
            const node *v = y->mapping ? &yd->fval[f] : f == F_TEXT ? &yd->value : NULL;
            if (fs)
                ok = v && holds(v, f, fs, fn);
        }
    }
    if (!ok)
        set_err(err, 0, "internal: in-place edit did not read back as asked");
    doc_free(&d);
    return ok;
}

/* Lines added at the end of a file without a final line break give a
 * break to the block scalar that ended the file: "|" and "|+" would take it
 * into the text, "|-" reads as before. */
static void keep_last_block(plan *p)
{
    const node *v = &p->d->last_scalar;
    bool at_end = false;
    for (size_t i = 0; i < p->n; i++) {
        if (p->s[i].start == p->len && p->s[i].end == p->len)
            at_end = true;
        if (p->s[i].end > v->start && p->s[i].start < v->end)
            return; /* rewritten anyway */
    }
    if (!at_end || p->len == 0 || is_brk(p->data[p->len - 1]) || !v->present || v->end != p->len ||
        (v->style != YAML_LITERAL_SCALAR_STYLE && v->style != YAML_FOLDED_SCALAR_STYLE))
        return;
    block bl = block_of(p, v);
    ec_buf b = {0};
    ec_buf_putc(&b, '-');
    const char *plus = memchr(p->data + v->start, '+', bl.hdr_end - v->start);
    p->fixed = plus || !bl.chomp;
    p->fix_at = plus ? (size_t)(plus - p->data) : bl.hdr_end;
    p->fix_end = plus ? p->fix_at + 1 : bl.hdr_end;
    if (p->fixed)
        add(p, p->fix_at, p->fix_end, 0, 0, 0, &b);
    else
        ec_buf_free(&b);
}

static int edit_cmp(const void *a, const void *b)
{
    const ec_yaml_edit *x = a, *y = b;
    return ec_key_cmp(x->code, x->sub, y->code, y->sub);
}

char *ec_yaml_edit_locale(const char *data, size_t len, const ec_yaml_edit *edits, size_t n,
                          size_t *out_len, size_t *changed, char **err)
{
    *err = NULL;
    *changed = 0;
    *out_len = 0;
    /* in key order (they should come so), each key once */
    ec_yaml_edit *e = ec_xmalloc((n + 1) * sizeof *e);
    if (n)
        memcpy(e, edits, n * sizeof *e);
    qsort(e, n, sizeof *e, edit_cmp);
    for (size_t i = 1; i < n; i++)
        if (edit_cmp(&e[i - 1], &e[i]) == 0) {
            char key[EC_KEY_MAX];
            ec_key_format(key, e[i].code, e[i].sub);
            set_err(err, 0, "cannot edit the file: two edits of key %s", key);
            free(e);
            return NULL;
        }
    doc d;
    if (!read_doc(data, len, e, n, &d, err)) {
        free(e);
        return NULL;
    }
    plan p = {.data = data, .len = len, .d = &d, .nl = "\n"};
    const char *lf = memchr(data, '\n', len);
    if (lf && lf > data && lf[-1] == '\r')
        p.nl = "\r\n";
    learn_style(&p);
    ec_buf fresh = {0}; /* new entries of an empty or absent messages mapping */
    size_t added = 0;
    const ec_yaml_edit *ed = NULL;
    for (size_t i = 0; i < n && !p.err; i++) {
        ed = &e[i];
        size_t before_n = p.n;
        const entry *x = find(&d, ed->code, ed->sub);
        if (x) {
            edit_entry(&p, x, ed);
        } else if (ed->text) {
            added++;
            if (d.msg != MSG_BLOCK) {
                new_entry(&p, &fresh, p.key_indent, ed);
                *changed += 1;
                continue;
            }
            ec_buf b = {0};
            if (!new_entry(&p, &b, p.key_indent, ed)) {
                ec_buf_free(&b);
                break;
            }
            const entry *prev = before(&d, ed->code, ed->sub);
            size_t at;
            /* after the entry with the key before it, or before the first entry */
            if (prev)
                at = line_after(&p, prev->last_end);
            else
                at = line_start(&p, d.e[0].key_start);
            add_lines(&p, at, ed->code, ed->sub, 20, &b);
        }
        if (p.n > before_n)
            *changed += 1;
    }
    if (p.err && !strncmp(p.err, "cannot write", 12)) { /* the emitter's: name the key */
        char key[EC_KEY_MAX], *why = p.err;
        ec_key_format(key, ed->code, ed->sub);
        p.err = ec_xasprintf("cannot edit entry %s: %s", key, why);
        free(why);
    }
    if (!p.err && fresh.len) {
        ec_buf b = {0};
        size_t nl = strlen(p.nl);
        if (d.msg == MSG_EMPTY) {
            ec_buf_puts(&b, ":");
            ec_buf_puts(&b, p.nl);
            ec_buf_put(&b, fresh.data, fresh.len - nl);
            add(&p, d.msg_key.end, d.msg_val.end, 0, 0, 0, &b);
        } else {
            size_t ri = indent_of(&p, d.root_key.start);
            spaces(&b, ri == (size_t)-1 ? 0 : ri);
            ec_buf_puts(&b, "messages:");
            ec_buf_puts(&b, p.nl);
            ec_buf_put(&b, fresh.data, fresh.len);
            add_lines(&p, line_after(&p, d.root_last_end), 0, 0, 0, &b);
        }
    }
    ec_buf_free(&fresh);
    if (!p.err)
        keep_last_block(&p);
    ec_buf out = {0};
    if (!p.err) {
        if (p.n)
            qsort(p.s, p.n, sizeof *p.s, splice_cmp);
        size_t at = 0;
        for (size_t i = 0; i < p.n && !p.err; i++) {
            if (p.s[i].start < at || p.s[i].end < p.s[i].start) {
                set_err(&p.err, 0, "internal: in-place edits overlap");
                break;
            }
            ec_buf_put(&out, data + at, p.s[i].start - at);
            ec_buf_put(&out, p.s[i].bytes, p.s[i].n);
            at = p.s[i].end;
        }
        ec_buf_put(&out, data + at, len - at);
    }
    for (size_t i = 0; i < p.n; i++)
        free(p.s[i].bytes);
    free(p.s);
    if (!p.err)
        check_back(&p, &d, out.data, out.len, e, n, added, &p.err);
    doc_free(&d);
    free(e);
    if (p.err) {
        ec_buf_free(&out);
        *changed = 0;
        *err = p.err;
        return NULL;
    }
    *out_len = out.len;
    return ec_buf_take(&out);
}

char *ec_yaml_locale_of(const char *data, size_t len)
{
    doc d;
    char *err = NULL;
    if (!read_doc(data, len, NULL, 0, &d, &err)) {
        free(err);
        return NULL;
    }
    char *tag = d.locale.present && d.locale.scalar && d.locale.value
                    ? ec_xstrndup(d.locale.value, d.locale.len)
                    : NULL;
    doc_free(&d);
    return tag;
}
