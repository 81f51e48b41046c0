/* The Mustache engine of mustache.h.
 *
 * A template is parsed once into a tree of nodes (text split at line ends,
 * tags with their names pre-split at dots), then rendered against a context
 * stack. Partials are fetched and parsed once per render call and cached, so
 * a section iterated 200,000 times costs no parsing.
 *
 * Indentation follows the spec's textual model without rewriting text: every
 * node knows whether it begins a line of its template (`bol`), and rendering
 * carries the indentation of the standalone partials, parents and blocks it
 * is inside as a chain of slices, written before each node that begins a
 * line. Lines that are nothing but a line end get no indentation, so
 * generated files carry no trailing white space.
 *
 * Inheritance follows spec v1.3 with the block reindentation rules of
 * mustache/spec #131: a block whose opening tag ends its line has an
 * "intrinsic indentation" (the white space starting the next line) that is
 * removed from every line of its content after parsing.
 */
#include "output/mustache.h"

#include "base/buf.h"

#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sections, parents and blocks open at once in one template. */
#define MAX_NESTING 100
/* Partials and parents expanded inside one another. */
#define MAX_PARTIAL_DEPTH 100
/* Nested renderings of node lists over everything; keeps the C stack safe
 * whatever the mix of sections, partials and blocks. */
#define MAX_RENDER_DEPTH 1000
/* Work and output of one rendering. Nesting alone does not bound them: a
 * partial that includes itself twice, or sections over a list nested a
 * hundred deep, would render for ever. A rendering visits at most this many
 * nodes (plus EC_MUSTACHE_STEPS_PER_VALUE per value of the data) and writes
 * at most EC_MUSTACHE_MAX_OUTPUT bytes; past that the template is refused as
 * malformed. Real templates stay far below: the HTML page of a 70-key locale
 * visits about 2,000 nodes. */
#ifndef EC_MUSTACHE_MAX_STEPS
#define EC_MUSTACHE_MAX_STEPS 10000000u
#endif
#define EC_MUSTACHE_STEPS_PER_VALUE 100u
/* With a sink, the output is handed over in pieces of about this size. */
#define EC_MUSTACHE_CHUNK ((size_t)1 << 20)

#ifndef EC_MUSTACHE_MAX_OUTPUT
#define EC_MUSTACHE_MAX_OUTPUT ((size_t)4 << 30) /* a C header of 10^6 keys fits */
#endif

typedef enum { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL, N_PARENT, N_BLOCK } ntype;

typedef struct node node;
typedef struct {
    node *v;
    size_t n, cap;
} nlist;

struct node {
    ntype type;
    bool bol;        /* begins a line of its template */
    bool standalone; /* its tag line(s) were removed from the output */
    int line;
    const char *s; /* N_TEXT: the text, into the template source */
    size_t len;
    const char *raw; /* the tag name as written, for matching the end tag */
    size_t raw_len;
    char *name;      /* NUL-terminated copy; dotted names split by NULs */
    size_t nparts;   /* parts of a dotted name; 0 for "." */
    const char *ind; /* standalone partial, parent, block: its indentation */
    size_t ind_len;
    const char *intr; /* N_BLOCK: intrinsic indentation of its content */
    size_t intr_len;
    nlist kids;
    size_t hint; /* where the first part of `name` was found last (see lookup) */
};

typedef struct {
    char *src;
    nlist root;
} tmpl;

/* ---------------------------------------------------------------- parse */

/* A tag as scanned, with what surrounds it on its line. */
typedef struct {
    char type;        /* '#', '^', '/', '!', '>', '=', '&', '{', '<', '$'; 0: variable */
    size_t start;     /* of the opening delimiter */
    size_t end;       /* just past the closing delimiter */
    const char *name; /* trimmed content */
    size_t nlen;
    int line;
    bool left;   /* only white space before it on its line */
    bool has_ws; /* ... and some white space, as the last text node */
    bool right;  /* only white space after it up to the line end */
    bool nl;     /* that line end is a real one, not the end of the template */
    size_t next; /* start of the following line when `right` */
} mtag;

/* An open section, parent or block. */
typedef struct {
    node *n;
    nlist *outer;             /* the list holding n; it does not move while n is open */
    size_t idx;               /* n's index in outer */
    bool left, right, has_ws; /* of the opening tag */
    bool arg;                 /* a block directly inside a parent: an argument */
} pframe;

typedef struct {
    const char *src;
    size_t len, pos;
    char *otag, *ctag;
    size_t olen, clen;
    int line;
    size_t line_start;
    bool line_tag; /* a tag was seen on the current line */
    bool at_bol;   /* nothing was seen yet on the current line */
    bool has_intr; /* some block has an intrinsic indentation */
    nlist root;
    pframe st[MAX_NESTING];
    size_t depth;
    char *err;
} parser;

static void nodes_free(nlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        nodes_free(&l->v[i].kids);
        free(l->v[i].name);
    }
    free(l->v);
}

static void tmpl_free(tmpl *t)
{
    if (!t)
        return;
    nodes_free(&t->root);
    free(t->src);
    free(t);
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
perr(parser *p, int line, const char *fmt, ...)
{
    if (p->err)
        return;
    ec_buf b = {0};
    ec_buf_printf(&b, "line %d: ", line);
    va_list ap;
    va_start(ap, fmt);
    ec_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    p->err = ec_buf_take(&b);
}

static nlist *cur_list(parser *p)
{
    return p->depth ? &p->st[p->depth - 1].n->kids : &p->root;
}

static node *push_node(nlist *l, ntype type)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = ec_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    node *n = &l->v[l->n++];
    memset(n, 0, sizeof *n);
    n->type = type;
    return n;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Text becomes one node per line so that each line start is a node start. */
static void emit_text(parser *p, size_t a, size_t b)
{
    while (a < b) {
        const char *nl = memchr(p->src + a, '\n', b - a);
        size_t e = nl ? (size_t)(nl - p->src) + 1 : b;
        node *n = push_node(cur_list(p), N_TEXT);
        n->s = p->src + a;
        n->len = e - a;
        n->bol = p->at_bol;
        n->line = p->line;
        p->at_bol = nl != NULL;
        if (nl) {
            p->line++;
            p->line_start = e;
            p->line_tag = false;
        }
        a = e;
    }
}

/* Finds the closing delimiter from `from`, preceded by `lead` when that is
 * not NUL ('}' for triple mustaches, '=' for set-delimiter tags). */
static const char *find_close(const parser *p, size_t from, char lead)
{
    const char *q = p->src + from;
    for (;;) {
        const char *f = strstr(q, p->ctag);
        if (!f || !lead)
            return f;
        if (f > p->src + from && f[-1] == lead)
            return f;
        q = f + 1;
    }
}

/* What surrounds a tag on its line decides whether it is standalone. */
static void tag_context(const parser *p, mtag *t)
{
    t->left = !p->line_tag;
    for (size_t i = p->line_start; t->left && i < t->start; i++)
        t->left = is_blank(p->src[i]);
    t->has_ws = t->left && t->start > p->line_start;
    size_t i = t->end;
    while (i < p->len && is_blank(p->src[i]))
        i++;
    t->nl = p->src[i] == '\n' || (p->src[i] == '\r' && p->src[i + 1] == '\n');
    t->right = t->nl || i == p->len;
    t->next = i + (!t->nl ? 0 : p->src[i] == '\r' ? 2 : 1);
}

static bool has_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_blank(s[i]) || s[i] == '\n' || s[i] == '\r')
            return true;
    return false;
}

/* Scans the tag whose opening delimiter is at `at`. */
static bool scan_tag(parser *p, size_t at, mtag *t)
{
    size_t i = at + p->olen;
    char c = p->src[i];
    t->type = c && strchr("#^/!>=&{<$", c) ? c : 0;
    if (t->type)
        i++;
    char lead = t->type == '{' ? '}' : t->type == '=' ? '=' : 0;
    const char *close = find_close(p, i, lead);
    if (!close) {
        perr(p, p->line, "unclosed tag");
        return false;
    }
    size_t ce = (size_t)(close - p->src) - (lead ? 1 : 0);
    while (i < ce && strchr(" \t\r\n", p->src[i]))
        i++;
    while (ce > i && strchr(" \t\r\n", p->src[ce - 1]))
        ce--;
    t->name = p->src + i;
    t->nlen = ce - i;
    t->start = at;
    t->end = (size_t)(close - p->src) + p->clen;
    t->line = p->line;
    tag_context(p, t);
    for (size_t k = at; k < t->end; k++)
        p->line += p->src[k] == '\n';
    return true;
}

/* A standalone tag takes its whole line: the white space before it and the
 * line end after it. */
static void drop_ws(parser *p, const mtag *t)
{
    nlist *l = cur_list(p);
    if (t->has_ws && l->n && l->v[l->n - 1].type == N_TEXT &&
        l->v[l->n - 1].s == p->src + p->line_start)
        l->n--;
}

static void take_line(parser *p, const mtag *t)
{
    p->pos = t->next;
    p->at_bol = true;
    p->line_start = t->next;
    p->line_tag = false;
    if (t->nl)
        p->line++;
}

static void stay_inline(parser *p, const mtag *t)
{
    p->pos = t->end;
    p->at_bol = false;
    p->line_tag = true;
}

static bool standalone(parser *p, const mtag *t)
{
    if (t->left && t->right) {
        drop_ws(p, t);
        take_line(p, t);
        return true;
    }
    stay_inline(p, t);
    return false;
}

static node *add_tag_node(parser *p, ntype type, const mtag *t, bool bol)
{
    node *n = push_node(cur_list(p), type);
    n->line = t->line;
    n->bol = bol;
    n->raw = t->name;
    n->raw_len = t->nlen;
    n->name = ec_xstrndup(t->name, t->nlen);
    bool dotted = type == N_VAR || type == N_RAW || type == N_SECTION || type == N_INVERTED;
    if (dotted && !(t->nlen == 1 && t->name[0] == '.')) {
        n->nparts = 1;
        for (size_t i = 0; i < t->nlen; i++)
            if (n->name[i] == '.') {
                n->name[i] = '\0';
                n->nparts++;
            }
    }
    return n;
}

static void open_frame(parser *p, node *n, const mtag *t, bool arg)
{
    if (p->depth == MAX_NESTING) {
        perr(p, t->line, "sections nested deeper than %d", MAX_NESTING);
        return;
    }
    nlist *outer = cur_list(p);
    pframe *f = &p->st[p->depth++];
    f->n = n;
    f->outer = outer;
    f->idx = (size_t)(n - outer->v);
    f->left = t->left;
    f->right = t->right;
    f->has_ws = t->has_ws;
    f->arg = arg;
}

static void open_section(parser *p, const mtag *t)
{
    bool bol = p->at_bol;
    bool alone = standalone(p, t);
    node *n = add_tag_node(p, t->type == '#' ? N_SECTION : N_INVERTED, t, bol);
    n->standalone = alone;
    open_frame(p, n, t, false);
}

static void partial_tag(parser *p, const mtag *t)
{
    bool bol = p->at_bol;
    size_t ls = p->line_start;
    bool alone = standalone(p, t);
    node *n = add_tag_node(p, N_PARTIAL, t, bol);
    n->standalone = alone;
    if (alone) {
        n->ind = p->src + ls;
        n->ind_len = t->start - ls;
    }
}

/* The text in a parent outside its blocks is never output, so the parent's
 * opening tag leaves its line alone; standalone-ness is settled at its end. */
static void open_parent(parser *p, const mtag *t)
{
    bool bol = p->at_bol;
    stay_inline(p, t);
    open_frame(p, add_tag_node(p, N_PARENT, t, bol), t, false);
}

/* Moves the white space before an opening tag, kept as text until the pair
 * turned out standalone, into the node's indentation. */
static void take_ws(pframe *f)
{
    if (!f->has_ws || f->idx == 0 || f->outer->v[f->idx - 1].type != N_TEXT)
        return;
    node *ws = &f->outer->v[f->idx - 1];
    f->n->ind = ws->s;
    f->n->ind_len = ws->len;
    ws->len = 0;
}

/* A parent pair is standalone when its opening tag starts its line and
 * either that tag or the end tag ends its line ("Standalone parent"). */
static void close_parent(parser *p, pframe *f, const mtag *t)
{
    node *n = f->n;
    n->standalone = f->left && (f->right || t->right);
    if (n->standalone)
        take_ws(f);
    if (t->right && (t->left || n->standalone))
        take_line(p, t);
    else
        stay_inline(p, t);
}

/* The white space starting the line at p->pos. */
static void set_intrinsic(parser *p, node *n)
{
    size_t i = p->pos;
    while (i < p->len && is_blank(p->src[i]))
        i++;
    n->intr = p->src + p->pos;
    n->intr_len = i - p->pos;
    p->has_intr |= n->intr_len > 0;
}

/* An argument block (directly in a parent) owns the line end after its
 * opening tag; a parameter block is standalone when its opening tag is alone
 * on its line, or when the pair starts and ends lines (decided at its end). */
static void open_block(parser *p, const mtag *t)
{
    bool arg = p->depth && p->st[p->depth - 1].n->type == N_PARENT;
    bool bol = p->at_bol;
    bool alone = !arg && t->left && t->right;
    if (alone)
        drop_ws(p, t);
    if (arg ? t->right : alone)
        take_line(p, t);
    else
        stay_inline(p, t);
    node *n = add_tag_node(p, N_BLOCK, t, bol);
    n->standalone = alone;
    if ((arg || alone) && t->nl)
        set_intrinsic(p, n);
    if (alone) {
        n->ind = n->intr;
        n->ind_len = n->intr_len;
    }
    open_frame(p, n, t, arg);
}

static void close_block(parser *p, pframe *f, const mtag *t)
{
    node *n = f->n;
    if (f->arg) {
        /* Content ends at the line end before an indented end tag. */
        if (t->left)
            drop_ws(p, t);
        stay_inline(p, t);
        return;
    }
    if (!n->standalone && f->left && !f->right && t->right) {
        /* "  {{$b}}...{{/b}}\n": the pair is standalone, the line end stays. */
        n->standalone = true;
        take_ws(f);
    }
    standalone(p, t);
}

static void close_tag(parser *p, const mtag *t)
{
    if (!p->depth) {
        perr(p, t->line, "end tag \"%.*s\" without an opening tag", (int)t->nlen, t->name);
        return;
    }
    pframe *f = &p->st[p->depth - 1];
    node *n = f->n;
    if (n->raw_len != t->nlen || memcmp(n->raw, t->name, t->nlen) != 0) {
        perr(p, t->line, "end tag \"%.*s\" does not match \"%.*s\" opened on line %d", (int)t->nlen,
             t->name, (int)n->raw_len, n->raw, n->line);
        return;
    }
    if (n->type == N_PARENT)
        close_parent(p, f, t);
    else if (n->type == N_BLOCK)
        close_block(p, f, t);
    else
        standalone(p, t);
    p->depth--;
}

/* {{=<% %>=}}: exactly two delimiters separated by white space. */
static void set_delims(parser *p, const mtag *t)
{
    size_t a = 0;
    while (a < t->nlen && !has_space(t->name + a, 1))
        a++;
    size_t b = a;
    while (b < t->nlen && has_space(t->name + b, 1))
        b++;
    if (a == 0 || b == a || b == t->nlen || has_space(t->name + b, t->nlen - b)) {
        perr(p, t->line, "invalid set-delimiter tag \"%.*s\"", (int)t->nlen, t->name);
        return;
    }
    standalone(p, t);
    free(p->otag);
    free(p->ctag);
    p->otag = ec_xstrndup(t->name, a);
    p->ctag = ec_xstrndup(t->name + b, t->nlen - b);
    p->olen = a;
    p->clen = t->nlen - b;
}

static void var_tag(parser *p, const mtag *t)
{
    add_tag_node(p, t->type ? N_RAW : N_VAR, t, p->at_bol);
    stay_inline(p, t);
}

static void parse_tag(parser *p, const mtag *t)
{
    if (t->type != '!' && t->type != '=') {
        if (t->nlen == 0) {
            perr(p, t->line, "empty tag");
            return;
        }
        if (has_space(t->name, t->nlen)) {
            perr(p, t->line, "invalid tag name \"%.*s\"", (int)t->nlen, t->name);
            return;
        }
    }
    switch (t->type) {
    case '!': standalone(p, t); break;
    case '=': set_delims(p, t); break;
    case '#':
    case '^': open_section(p, t); break;
    case '/': close_tag(p, t); break;
    case '>': partial_tag(p, t); break;
    case '<': open_parent(p, t); break;
    case '$': open_block(p, t); break;
    default: var_tag(p, t); break;
    }
}

typedef struct {
    const char *s;
    size_t n;
} slice;

/* Removes the intrinsic indentations of the enclosing blocks, outermost
 * first, from the start of a line. */
static void strip_line(const char **s, size_t *n, const slice *strips, size_t ns)
{
    for (size_t i = 0; i < ns; i++) {
        if (*n < strips[i].n || memcmp(*s, strips[i].s, strips[i].n) != 0)
            return;
        *s += strips[i].n;
        *n -= strips[i].n;
    }
}

static void apply_intrinsic(nlist *l, slice *strips, size_t ns)
{
    for (size_t i = 0; i < l->n; i++) {
        node *n = &l->v[i];
        if (n->type == N_TEXT && n->bol && n->len)
            strip_line(&n->s, &n->len, strips, ns);
        if (n->ind_len)
            strip_line(&n->ind, &n->ind_len, strips, ns);
        size_t kn = ns;
        if (n->type == N_BLOCK && n->intr_len) {
            strip_line(&n->intr, &n->intr_len, strips, ns);
            strips[kn++] = (slice){n->intr, n->intr_len};
        }
        if (n->kids.n)
            apply_intrinsic(&n->kids, strips, kn);
    }
}

static void parse_loop(parser *p)
{
    while (!p->err) {
        const char *t = strstr(p->src + p->pos, p->otag);
        size_t at = t ? (size_t)(t - p->src) : p->len;
        emit_text(p, p->pos, at);
        if (!t)
            break;
        mtag tag;
        if (scan_tag(p, at, &tag))
            parse_tag(p, &tag);
    }
    if (!p->err && p->depth) {
        const node *n = p->st[p->depth - 1].n;
        perr(p, n->line, "unclosed %s \"%.*s\"",
             n->type == N_PARENT  ? "parent"
             : n->type == N_BLOCK ? "block"
                                  : "section",
             (int)n->raw_len, n->raw);
    }
}

/* Parses `src`, taking ownership of it. NULL with *err on failure. */
static tmpl *tmpl_parse(char *src, char **err)
{
    parser p = {0};
    p.src = src;
    p.len = strlen(src);
    p.otag = ec_xstrdup("{{");
    p.ctag = ec_xstrdup("}}");
    p.olen = p.clen = 2;
    p.line = 1;
    p.at_bol = true;
    parse_loop(&p);
    free(p.otag);
    free(p.ctag);
    if (p.err) {
        *err = p.err;
        nodes_free(&p.root);
        free(src);
        return NULL;
    }
    if (p.has_intr) {
        slice strips[MAX_NESTING];
        apply_intrinsic(&p.root, strips, 0);
    }
    tmpl *t = ec_xmalloc(sizeof *t);
    t->src = src;
    t->root = p.root;
    return t;
}

/* --------------------------------------------------------------- render */

/* Indentation in effect: a chain of slices, outermost first when written. */
typedef struct indent {
    const char *s;
    size_t n;
    const struct indent *prev;
} indent;

/* A parent being expanded: its blocks override the blocks of the templates
 * it includes. */
typedef struct ovr {
    const node *parent;
    const struct ovr *prev;
} ovr;

typedef struct {
    char *name;
    tmpl *t; /* NULL: no such partial */
} pentry;

typedef struct {
    ec_buf out;
    ec_mustache_sink sink; /* NULL: all of the output stays in `out` */
    void *sink_ctx;
    size_t flushed;     /* bytes handed to the sink so far */
    bool sink_failed;   /* the sink said stop */
    ec_arena **scratch; /* per depth of lists made on demand: their items' arena */
    size_t nscratch, made_depth;
    const ec_value **stack;
    size_t sn, scap;
    const ovr *ovr;
    ec_partial_fn pfn;
    void *pctx;
    pentry *cache;
    size_t cn, ccap;
    const char *where; /* the partial being rendered; NULL: the main template */
    int pdepth, depth;
    int first;               /* -1, or whether the next node writing a line begins one */
    size_t steps, max_steps; /* nodes visited, and the budget */
    bool counted;            /* the data's values were added to the budget */
    bool strict;             /* a variable the view lacks is an error */
    char *err;
} rstate;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
rfail(rstate *r, int line, const char *fmt, ...)
{
    if (r->err)
        return;
    ec_buf b = {0};
    ec_buf_printf(&b, "line %d: ", line);
    va_list ap;
    va_start(ap, fmt);
    ec_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (r->where)
        ec_buf_printf(&b, " (in partial \"%s\")", r->where);
    r->err = ec_buf_take(&b);
}

static void push_ctx(rstate *r, const ec_value *v)
{
    if (r->sn == r->scap) {
        r->scap = r->scap ? r->scap * 2 : 16;
        r->stack = ec_xrealloc(r->stack, r->scap * sizeof *r->stack);
    }
    r->stack[r->sn++] = v;
}

/* Spec name resolution: the first part is looked up through the context
 * stack, the remaining parts only in what the previous part found. */
static const ec_value *lookup(const rstate *r, const node *n)
{
    if (n->nparts == 0)
        return r->stack[r->sn - 1];
    const char *part = n->name;
    const ec_value *v = NULL;
    /* The maps a section renders item after item are made alike: the name
     * is usually where it was for the item before. (A node belongs to this
     * rendering alone: the templates are parsed for it.) */
    size_t *hint = &((node *)n)->hint;
    for (size_t i = r->sn; i-- > 0 && !v;)
        v = ec_v_get_hinted(r->stack[i], part, hint);
    for (size_t k = 1; v && k < n->nparts; k++) {
        part += strlen(part) + 1;
        v = ec_v_get(v, part);
    }
    return v;
}

/* Falsy: missing, null, false and the empty list; everything else, the
 * empty string and 0 included, is truthy. */
static bool truthy(const ec_value *v)
{
    if (!v)
        return false;
    switch (v->type) {
    case EC_V_NULL: return false;
    case EC_V_BOOL: return v->b;
    case EC_V_LIST: return v->n > 0;
    default: return true;
    }
}

static void put_escaped(ec_buf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        ec_buf_put(b, s + run, i - run);
        ec_buf_puts(b, rep);
        run = i + 1;
    }
    ec_buf_put(b, s + run, n - run);
}

/* 2^53: a double holds every integer up to it. */
#define EXACT_INT_MAX 9007199254740992.0

/* Integers without decimals, other numbers in the shortest form that reads
 * back as the same double ("1.21", not "1.2100000000000000"): at most
 * DBL_DECIMAL_DIG digits. */
static void put_num(ec_buf *b, double d)
{
    char tmp[40];
    if (d >= -EXACT_INT_MAX && d <= EXACT_INT_MAX && d == (double)(long long)d) {
        snprintf(tmp, sizeof tmp, "%lld", (long long)d);
    } else {
        for (int prec = 1; prec <= DBL_DECIMAL_DIG; prec++) {
            snprintf(tmp, sizeof tmp, "%.*g", prec, d);
            if (strtod(tmp, NULL) == d)
                break;
        }
    }
    ec_buf_puts(b, tmp);
}

static void put_value(rstate *r, const ec_value *v, bool escape)
{
    if (!v)
        return;
    switch (v->type) {
    case EC_V_BOOL: ec_buf_puts(&r->out, v->b ? "true" : "false"); break;
    case EC_V_NUM: put_num(&r->out, v->num); break;
    case EC_V_STR:
        if (escape)
            put_escaped(&r->out, v->str, v->len);
        else
            ec_buf_put(&r->out, v->str, v->len);
        break;
    default: break; /* null, lists and maps have no text */
    }
}

static void put_indent(rstate *r, const indent *ind)
{
    if (!ind)
        return;
    put_indent(r, ind->prev);
    ec_buf_put(&r->out, ind->s, ind->n);
}

/* Writes the indentation when node `n` begins an output line. */
static void line_start(rstate *r, const node *n, const indent *ind)
{
    bool bol = n->bol;
    if (r->first >= 0) {
        bol = r->first;
        r->first = -1;
    }
    bool bare_eol = n->type == N_TEXT &&
                    (n->s[0] == '\n' || (n->s[0] == '\r' && n->len == 2 && n->s[1] == '\n'));
    if (bol && !bare_eol)
        put_indent(r, ind);
}

static void render_list(rstate *r, const nlist *l, const indent *ind);

/* Guards every descent into a node list. */
static bool descend(rstate *r, const node *n)
{
    if (r->depth < MAX_RENDER_DEPTH)
        return true;
    rfail(r, n->line, "templates nested deeper than %d levels", MAX_RENDER_DEPTH);
    return false;
}

static bool within_budget(rstate *r, const node *n);

/* A section over a list made on demand: each item is made in a scratch
 * arena, rendered, and dropped before the next one is made. */
static void render_made(rstate *r, const node *n, const ec_value *v, const indent *ind)
{
    if (r->made_depth == r->nscratch) { /* kept for every later list this deep */
        r->scratch = ec_xrealloc(r->scratch, (r->nscratch + 1) * sizeof *r->scratch);
        r->scratch[r->nscratch++] = ec_xcalloc(1, sizeof **r->scratch);
    }
    ec_arena *scratch = r->scratch[r->made_depth++], *outer = ec_v_arena();
    for (size_t i = 0; i < v->n && !r->err; i++) {
        /* making an item costs about what rendering a value may: a
         * template that makes rows over and over runs out of budget as
         * soon as one that visits them over and over */
        r->steps += EC_MUSTACHE_STEPS_PER_VALUE - 1;
        if (!within_budget(r, n))
            break;
        ec_arena_reset(scratch);
        ec_v_use_arena(scratch);
        const ec_value *item = ec_v_item(v, i);
        ec_v_use_arena(outer);
        push_ctx(r, item);
        render_list(r, &n->kids, ind);
        r->sn--;
    }
    r->made_depth--;
}

static void render_section(rstate *r, const node *n, const indent *ind)
{
    const ec_value *v = lookup(r, n);
    if (n->type == N_INVERTED || !truthy(v)) {
        if (n->type == N_INVERTED && !truthy(v))
            render_list(r, &n->kids, ind);
        return;
    }
    if (v->type != EC_V_LIST) {
        push_ctx(r, v);
        render_list(r, &n->kids, ind);
        r->sn--;
        return;
    }
    if (v->gen) {
        render_made(r, n, v, ind);
        return;
    }
    for (size_t i = 0; i < v->n && !r->err; i++) {
        push_ctx(r, v->items[i]);
        render_list(r, &n->kids, ind);
        r->sn--;
    }
}

/* The parsed partial `name`, fetched and parsed on first use. */
static tmpl *get_partial(rstate *r, const char *name)
{
    for (size_t i = 0; i < r->cn; i++)
        if (strcmp(r->cache[i].name, name) == 0)
            return r->cache[i].t;
    char *src = r->pfn ? r->pfn(name, r->pctx) : NULL;
    tmpl *t = NULL;
    if (src) {
        char *err = NULL;
        t = tmpl_parse(src, &err);
        if (!t) {
            r->err = ec_xasprintf("%s (in partial \"%s\")", err, name);
            free(err);
            return NULL;
        }
    }
    if (r->cn == r->ccap) {
        r->ccap = r->ccap ? r->ccap * 2 : 8;
        r->cache = ec_xrealloc(r->cache, r->ccap * sizeof *r->cache);
    }
    r->cache[r->cn++] = (pentry){ec_xstrdup(name), t};
    return t;
}

/* Partials and parents: a standalone tag indents the whole template by the
 * indentation in effect plus its own; an inline one does not indent it. */
static void render_partial(rstate *r, const node *n, const indent *ind)
{
    if (r->pdepth >= MAX_PARTIAL_DEPTH) {
        rfail(r, n->line, "partials nested deeper than %d (\"%s\")", MAX_PARTIAL_DEPTH, n->name);
        return;
    }
    tmpl *t = get_partial(r, n->name);
    if (!t)
        return;
    indent own = {n->ind, n->ind_len, ind};
    const indent *pi = !n->standalone ? NULL : n->ind_len ? &own : ind;
    const char *where = r->where;
    r->where = n->name;
    r->pdepth++;
    render_list(r, &t->root, pi);
    r->pdepth--;
    r->where = where;
}

static void render_parent(rstate *r, const node *n, const indent *ind)
{
    ovr frame = {n, r->ovr};
    const ovr *saved = r->ovr;
    r->ovr = &frame;
    render_partial(r, n, ind);
    r->ovr = saved;
}

/* The argument for block `name` from the outermost parent that has one:
 * top-level substitutions take precedence. */
static const node *find_arg(const ovr *o, const char *name, const ovr **from)
{
    const node *found = NULL;
    for (; o; o = o->prev) {
        const nlist *k = &o->parent->kids;
        for (size_t i = 0; i < k->n; i++) {
            if (k->v[i].type == N_BLOCK && strcmp(k->v[i].name, name) == 0) {
                found = &k->v[i];
                *from = o;
                break;
            }
        }
    }
    return found;
}

/* An argument renders with only the parents outside the one passing it, so
 * a block cannot expand into itself. */
static void render_block(rstate *r, const node *n, const indent *ind)
{
    const ovr *from = NULL, *saved = r->ovr;
    const node *arg = find_arg(r->ovr, n->name, &from);
    if (arg)
        r->ovr = from->prev;
    indent own = {n->ind, n->ind_len, ind};
    const indent *bi = n->standalone && n->ind_len ? &own : ind;
    /* The content's first line is the tag's line: indented only when the
     * block took that line's indentation. */
    r->first = n->standalone;
    render_list(r, arg ? &arg->kids : &n->kids, bi);
    r->first = -1;
    r->ovr = saved;
}

/* Number of values in the tree `v` (a list made on demand says how many
 * its items hold). */
static size_t value_count(const ec_value *v)
{
    size_t n = 1;
    if (v && v->gen) {
        n += v->gen_values;
    } else if (v && (v->type == EC_V_LIST || v->type == EC_V_MAP)) {
        for (size_t i = 0; i < v->n; i++)
            n += value_count(v->items[i]);
    }
    return n;
}

/* Hands the output so far to the sink. */
static void flush(rstate *r)
{
    if (r->out.len && !r->err && !r->sink(r->out.data, r->out.len, r->sink_ctx)) {
        r->sink_failed = true;
        r->err = ec_xstrdup("the output cannot be written");
    }
    r->flushed += r->out.len;
    r->out.len = 0;
}

/* Counts a node against the budget of the rendering. */
static bool within_budget(rstate *r, const node *n)
{
    if (++r->steps > r->max_steps && !r->counted) {
        /* past the fixed budget: add the data's share, counted only now
         * (a walk over the whole view that small renderings never need) */
        r->counted = true;
        r->max_steps += EC_MUSTACHE_STEPS_PER_VALUE * value_count(r->stack[0]);
    }
    if (r->steps > r->max_steps) {
        rfail(r, n->line,
              "the template takes more than %zu steps to render (a section or "
              "partial repeated over and over?)",
              r->max_steps);
        return false;
    }
    if (r->sink && r->out.len >= EC_MUSTACHE_CHUNK)
        flush(r);
    if (r->flushed + r->out.len > EC_MUSTACHE_MAX_OUTPUT) {
        rfail(r, n->line, "the template renders more than %zu MiB",
              (size_t)(EC_MUSTACHE_MAX_OUTPUT >> 20));
        return false;
    }
    return true;
}

/* Optimal string alignment distance of a and b (an adjacent transposition
 * counts one), or SIZE_MAX when either is too long to bother. */
static size_t name_distance(const char *a, const char *b)
{
    enum { MAXN = 64 };
    size_t na = strlen(a), nb = strlen(b);
    if (na >= MAXN || nb >= MAXN)
        return SIZE_MAX;
    size_t d[MAXN + 1][MAXN + 1];
    for (size_t i = 0; i <= na; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= na; i++) {
        for (size_t j = 1; j <= nb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[na][nb];
}

/* The key of map `m` closest to `part`, if closer than *best. */
static void closest_key(const ec_value *m, const char *part, const char **name, size_t *best)
{
    if (!m || m->type != EC_V_MAP)
        return;
    for (size_t i = 0; i < m->n; i++) {
        size_t d = name_distance(part, m->keys[i]);
        if (d < *best) {
            *best = d;
            *name = m->keys[i];
        }
    }
}

/* Strict mode: variable `n` is missing. Names the part that was not found
 * and suggests the closest name where it was looked for: every map on the
 * context stack for the first part, the map reached for a later one. */
static void unknown_variable(rstate *r, const node *n)
{
    const char *part = n->name, *name = NULL;
    size_t best = SIZE_MAX;
    const ec_value *v = NULL;
    for (size_t i = r->sn; i-- > 0 && !v;)
        v = ec_v_get(r->stack[i], part);
    if (!v) {
        for (size_t i = r->sn; i-- > 0;)
            closest_key(r->stack[i], part, &name, &best);
    }
    for (size_t k = 1; v && k < n->nparts; k++) {
        part += strlen(part) + 1;
        const ec_value *next = ec_v_get(v, part);
        if (!next)
            closest_key(v, part, &name, &best);
        v = next;
    }
    /* close enough to be a misspelling: at most two edits, fewer than the
     * name has characters */
    bool close = name && best <= 2 && best < strlen(part);
    rfail(r, n->line, "no variable \"%.*s\" in the view%s%s%s", (int)n->raw_len, n->raw,
          close ? " (did you mean \"" : "", close ? name : "", close ? "\"?)" : "");
}

static void render_node(rstate *r, const node *n, const indent *ind)
{
    if (!within_budget(r, n))
        return;
    if (n->type == N_TEXT) {
        if (n->len) {
            line_start(r, n, ind);
            ec_buf_put(&r->out, n->s, n->len);
        }
        return;
    }
    if (!n->standalone)
        line_start(r, n, ind);
    if (n->type == N_VAR || n->type == N_RAW) {
        const ec_value *v = lookup(r, n);
        if (!v && r->strict)
            unknown_variable(r, n);
        else
            put_value(r, v, n->type == N_VAR);
        return;
    }
    if (!descend(r, n))
        return;
    switch (n->type) {
    case N_SECTION:
    case N_INVERTED: render_section(r, n, ind); break;
    case N_PARTIAL: render_partial(r, n, ind); break;
    case N_PARENT: render_parent(r, n, ind); break;
    case N_BLOCK: render_block(r, n, ind); break;
    default: break;
    }
}

static void render_list(rstate *r, const nlist *l, const indent *ind)
{
    r->depth++;
    for (size_t i = 0; i < l->n && !r->err; i++)
        render_node(r, &l->v[i], ind);
    r->depth--;
}

static void rstate_free(rstate *r)
{
    for (size_t i = 0; i < r->cn; i++) {
        free(r->cache[i].name);
        tmpl_free(r->cache[i].t);
    }
    free(r->cache);
    free(r->stack);
    for (size_t i = 0; i < r->nscratch; i++) {
        ec_arena_free(r->scratch[i]);
        free(r->scratch[i]);
    }
    free(r->scratch);
    ec_buf_free(&r->out);
}

/* Every entry point: strict or as the spec says, into memory or a sink.
 * The output (NULL with a sink or on failure) and its length. */
static char *render(const char *template_text, const ec_value *data, ec_partial_fn partials,
                    void *ctx, bool strict, ec_mustache_sink sink, void *sink_ctx, size_t *out_len,
                    char **error, bool *failed)
{
    char *err = NULL;
    if (out_len)
        *out_len = 0;
    if (error)
        *error = NULL;
    tmpl *t = tmpl_parse(ec_xstrdup(template_text ? template_text : ""), &err);
    rstate r = {.pfn = partials,
                .pctx = ctx,
                .first = -1,
                .strict = strict,
                .sink = sink,
                .sink_ctx = sink_ctx};
    r.max_steps = EC_MUSTACHE_MAX_STEPS;
    if (t) {
        push_ctx(&r, data);
        render_list(&r, &t->root, NULL);
        if (sink)
            flush(&r);
        err = r.err;
        if (r.sink_failed) { /* not the template's fault: the sink knows why */
            free(err);
            err = NULL;
        }
    }
    if (!err && !r.sink_failed && out_len)
        *out_len = sink ? r.flushed : r.out.len;
    char *out = err || sink ? NULL : ec_buf_take(&r.out);
    *failed = err || r.sink_failed;
    rstate_free(&r);
    tmpl_free(t);
    if (error)
        *error = err;
    else
        free(err);
    return out;
}

char *ec_mustache_render(const char *template_text, const ec_value *data, ec_partial_fn partials,
                         void *ctx, size_t *out_len, char **error)
{
    bool failed;
    return render(template_text, data, partials, ctx, false, NULL, NULL, out_len, error, &failed);
}

char *ec_mustache_render_strict(const char *template_text, const ec_value *data,
                                ec_partial_fn partials, void *ctx, size_t *out_len, char **error)
{
    bool failed;
    return render(template_text, data, partials, ctx, true, NULL, NULL, out_len, error, &failed);
}

bool ec_mustache_render_strict_to(const char *template_text, const ec_value *data,
                                  ec_partial_fn partials, void *ctx, ec_mustache_sink sink,
                                  void *sink_ctx, char **error)
{
    bool failed;
    render(template_text, data, partials, ctx, true, sink, sink_ctx, NULL, error, &failed);
    return !failed;
}

/* Appends the partial and parent names below `l` to *v. */
static void collect_partials(const nlist *l, char ***v, size_t *n)
{
    for (size_t i = 0; i < l->n; i++) {
        const node *k = &l->v[i];
        if (k->type == N_PARTIAL || k->type == N_PARENT) {
            *v = ec_xrealloc(*v, (*n + 2) * sizeof **v);
            (*v)[(*n)++] = ec_xstrdup(k->name);
        }
        collect_partials(&k->kids, v, n);
    }
}

char **ec_mustache_partials(const char *template_text)
{
    char *err = NULL;
    tmpl *t = tmpl_parse(ec_xstrdup(template_text ? template_text : ""), &err);
    free(err);
    char **v = ec_xmalloc(sizeof *v);
    size_t n = 0;
    if (t)
        collect_partials(&t->root, &v, &n);
    v[n] = NULL;
    tmpl_free(t);
    return v;
}
