/* errcat import --from md: the only file that talks to libcmark-gfm. The
 * page is parsed with the GFM table extension; the first table with a code
 * column is taken, whether a pipe table or an HTML table embedded in the
 * page (handed to the HTML reader with its line in the page). */
#include "import/readers.h"

#include "base/buf.h"
#include "import/table.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_type(cmark_node *n, const char *type)
{
    return !strcmp(cmark_node_get_type_string(n), type);
}

static cmark_node *parse(const char *data, size_t len)
{
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    cmark_syntax_extension *table = cmark_find_syntax_extension("table");
    if (table)
        cmark_parser_attach_syntax_extension(p, table);
    cmark_parser_feed(p, data, len);
    cmark_node *doc = cmark_parser_finish(p);
    cmark_parser_free(p);
    return doc;
}

/* <br>, <br/>, <br /> in any case: a line break inside a table cell. */
static bool is_br(const char *s)
{
    if (!s || s[0] != '<' || (s[1] != 'b' && s[1] != 'B') || (s[2] != 'r' && s[2] != 'R'))
        return false;
    s += 3;
    s += strspn(s, " \t");
    if (*s == '/')
        s++;
    return s[0] == '>' && s[1] == '\0';
}

/* The text of a table cell as a reader sees it: text and code literals,
 * line breaks (also <br>) as "\n"; other inline HTML tags are markup. */
static char *cell_text(cmark_node *cell, size_t *len)
{
    ec_buf b = {0};
    cmark_iter *it = cmark_iter_new(cell);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || n == cell)
            continue;
        if (is_type(n, "text") || is_type(n, "code"))
            ec_buf_puts(&b, cmark_node_get_literal(n));
        else if (is_type(n, "softbreak"))
            ec_buf_putc(&b, ' ');
        else if (is_type(n, "linebreak") ||
                 (is_type(n, "html_inline") && is_br(cmark_node_get_literal(n))))
            ec_buf_putc(&b, '\n');
    }
    cmark_iter_free(it);
    *len = b.len;
    return ec_buf_take(&b);
}

/* A GFM table as a grid (pipe tables have no spans: one id per cell). */
static void table_grid(cmark_node *table, ec_imp_table *t)
{
    size_t id = 0;
    t->line = cmark_node_get_start_line(table);
    for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row)) {
        if (!is_type(row, "table_header") && !is_type(row, "table_row"))
            continue;
        ec_imp_row *r = ec_imp_table_add_row(t, cmark_node_get_start_line(row));
        int col = 0;
        for (cmark_node *cell = cmark_node_first_child(row); cell && col < EC_IMP_COLS;
             cell = cmark_node_next(cell)) {
            if (!is_type(cell, "table_cell"))
                continue;
            size_t len;
            r->cell[col].text = ec_imp_table_keep(t, cell_text(cell, &len));
            r->cell[col].len = len;
            r->cell[col++].id = ++id;
        }
    }
}

/* Does `s` hold the tag `tag` ("<table", "</table") in any case? */
static bool has_table_tag(const char *s, const char *tag)
{
    size_t n = strlen(tag);
    for (; s && *s; s++)
        if (*s == '<' && !strncasecmp(s, tag, n) && (!s[n] || strchr(" \t\r\n\f/>", s[n])))
            return true;
    return false;
}

/* Appends the literal of HTML block `n` to `b` at its line: blank lines
 * stand for what lies between it and the block before (ends at `*end`). */
static void append_block(ec_buf *b, cmark_node *n, int *end)
{
    for (int line = *end + 1; *end && line < cmark_node_get_start_line(n); line++)
        ec_buf_putc(b, '\n');
    const char *lit = cmark_node_get_literal(n);
    ec_buf_puts(b, lit ? lit : "");
    if (b->len && b->data[b->len - 1] != '\n')
        ec_buf_putc(b, '\n');
    *end = cmark_node_get_end_line(n);
}

/* An embedded HTML table: the HTML block that opens it and the following
 * HTML blocks up to the one that closes it (blank lines split a table into
 * several blocks). Returns the last block read. */
static cmark_node *embedded_html(ec_imp *im, cmark_node *start, bool *taken)
{
    ec_buf b = {0};
    int end = 0;
    cmark_node *last = start;
    append_block(&b, start, &end);
    for (cmark_node *n = cmark_node_next(start); n && !has_table_tag(b.data, "</table");
         n = cmark_node_next(n)) {
        if (!is_type(n, "html_block"))
            continue;
        append_block(&b, n, &end);
        last = n;
    }
    *taken = ec_imp_read_html(im, b.data, b.len, cmark_node_get_start_line(start));
    ec_buf_free(&b);
    return last;
}

/* Offers a GFM table; true when it was taken. */
static bool offer_table(ec_imp *im, cmark_node *node)
{
    ec_imp_table t = {0};
    table_grid(node, &t);
    bool taken = ec_imp_take_table(im, &t);
    ec_imp_table_free(&t);
    return taken;
}

/* libcmark-gfm's table extension (0.29.0.gfm.6) takes time quadratic in
 * the cells of a row: 30,000 cells take ten seconds. A table errcat
 * imports has three columns; a line with more than this many pipes is
 * refused before the parser sees it. */
#define MAX_PIPES_PER_LINE 100

static bool lines_sane(ec_imp *im)
{
    size_t pipes = 0;
    int line = 1;
    for (size_t i = 0; i < im->len; i++) {
        if (im->data[i] == '\n') {
            line++;
            pipes = 0;
        } else if (im->data[i] == '|' && ++pipes > MAX_PIPES_PER_LINE) {
            ec_imp_error(im, line,
                         "more than %d '|' on one line: errcat does not read such "
                         "tables (a table it imports has three columns)",
                         MAX_PIPES_PER_LINE);
            return false;
        }
    }
    return true;
}

void ec_imp_read_md(ec_imp *im)
{
    if (!lines_sane(im))
        return;
    cmark_node *doc = parse(im->data, im->len);
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    bool taken = false;
    while (!taken && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (is_type(n, "table")) {
            taken = offer_table(im, n);
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
        } else if (is_type(n, "html_block") && has_table_tag(cmark_node_get_literal(n), "<table")) {
            cmark_node *last = embedded_html(im, n, &taken);
            cmark_iter_reset(it, last, CMARK_EVENT_EXIT);
        }
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
}
