/* errcat import --from html (and HTML tables embedded in Markdown): the
 * only file that talks to libxml2's HTML parser. The parser is lenient as
 * browsers are (the English docs page closes <th> with </td>); each table
 * becomes the grid a browser builds, rowspan and colspan expanded. */
#include "import/readers.h"

#include "base/buf.h"
#include "import/table.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define COLSPAN_MAX 1000 /* as in the HTML standard */
#define ROWSPAN_MAX 65534

/* htmlReadMemory() with line numbers past 65,535: htmlCtxtUseOptions()
 * drops XML_PARSE_BIG_LINES, which the tree builder honours all the same
 * when it is set on the context. The input was checked to be UTF-8, so a
 * <meta charset> must not change that. */
static htmlDocPtr parse(const char *data, size_t len)
{
    if (len == 0 || len > INT_MAX)
        return NULL;
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(data, (int)len);
    if (!ctxt)
        return NULL;
    htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
    ctxt->options |= XML_PARSE_BIG_LINES;
    xmlCharEncodingHandlerPtr utf8 = xmlFindCharEncodingHandler("UTF-8");
    if (utf8)
        xmlSwitchToEncoding(ctxt, utf8);
    htmlParseDocument(ctxt);
    htmlDocPtr doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    htmlFreeParserCtxt(ctxt);
    return doc;
}

static bool named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !xmlStrcasecmp(n->name, (const xmlChar *)name);
}

/* The next node of a document-order walk below `top` (NULL at the end). */
static xmlNode *walk_next(xmlNode *n, const xmlNode *top, bool descend)
{
    if (descend && n->children)
        return n->children;
    while (n && n != top && !n->next)
        n = n->parent;
    return n && n != top ? n->next : NULL;
}

/* ---- cell texts ---- */

static bool html_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* A run of white space at an edge of a cell that holds a line break is the
 * markup's layout (<td>\n  text\n</td>), not text: it is dropped. Runs of
 * spaces alone are kept, as the page has them. */
static void trim_layout(const char *s, size_t *start, size_t *end)
{
    size_t i = *start, j = *end;
    bool nl = false;
    for (; i < j && html_space(s[i]); i++)
        nl = nl || s[i] == '\n' || s[i] == '\r';
    if (nl)
        *start = i;
    nl = false;
    for (; j > *start && html_space(s[j - 1]); j--)
        nl = nl || s[j - 1] == '\n' || s[j - 1] == '\r';
    if (nl)
        *end = j;
}

/* The text of a cell: the DOM's text content, <br> as "\n"; with `layout`
 * the layout white space at its edges is dropped. */
static char *cell_text(xmlNode *cell, bool layout, size_t *len)
{
    ec_buf b = {0};
    for (xmlNode *n = cell->children; n; n = walk_next(n, cell, true)) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            ec_buf_puts(&b, (const char *)n->content);
        else if (named(n, "br"))
            ec_buf_putc(&b, '\n');
    }
    size_t start = 0, end = b.len;
    if (layout)
        trim_layout(b.data ? b.data : "", &start, &end);
    char *s = ec_xstrndup(b.data ? b.data + start : "", end - start);
    ec_buf_free(&b);
    *len = end - start;
    return s;
}

/* ---- the grid ---- */

static long span_attr(xmlNode *cell, const char *name, long dflt, long max)
{
    xmlChar *v = xmlGetProp(cell, (const xmlChar *)name);
    if (!v)
        return dflt;
    char *end;
    long n = strtol((const char *)v, &end, 10);
    bool ok = end != (char *)v && n >= 0;
    xmlFree(v);
    if (!ok)
        return dflt;
    return n > max ? max : n;
}

static int line_of(const xmlNode *n, int first_line)
{
    long line = xmlGetLineNo(n);
    return line > 0 && line < INT_MAX - first_line ? (int)line + first_line - 1 : 0;
}

/* The rows of `table` (in <thead>, <tbody>, <tfoot> or directly in it) in
 * document order; nested tables keep their own. */
static xmlNode **table_rows(xmlNode *table, size_t *n)
{
    size_t cap = 16;
    xmlNode **rows = ec_xmalloc(cap * sizeof *rows);
    *n = 0;
    for (xmlNode *c = table->children; c; c = c->next) {
        bool section = named(c, "thead") || named(c, "tbody") || named(c, "tfoot");
        for (xmlNode *r = section ? c->children : c; r; r = section ? r->next : NULL) {
            if (!named(r, "tr"))
                continue;
            if (*n == cap)
                rows = ec_xrealloc(rows, (cap *= 2) * sizeof *rows);
            rows[(*n)++] = r;
        }
    }
    return rows;
}

/* Places `cell` at the first free column of row `r` and below/right of it
 * as far as it spans (only the first EC_IMP_COLS columns are kept). */
static size_t place_cell(ec_imp_table *t, size_t r, size_t x, xmlNode *cell, size_t id, bool layout)
{
    while (x < EC_IMP_COLS && t->rows[r].cell[x].text)
        x++;
    long colspan = span_attr(cell, "colspan", 1, COLSPAN_MAX);
    long rowspan = span_attr(cell, "rowspan", 1, ROWSPAN_MAX);
    size_t cols = colspan < 1 ? 1 : (size_t)colspan;
    size_t rows = rowspan == 0 || (size_t)rowspan > t->n - r ? t->n - r : (size_t)rowspan;
    if (x >= EC_IMP_COLS)
        return x + cols;
    size_t len;
    const char *text = ec_imp_table_keep(t, cell_text(cell, layout, &len));
    for (size_t i = r; i < r + rows; i++)
        for (size_t j = x; j < x + cols && j < EC_IMP_COLS; j++)
            t->rows[i].cell[j] = (ec_imp_cell){text, len, id};
    return x + cols;
}

static void table_grid(xmlNode *table, ec_imp_table *t, int first_line, bool layout)
{
    size_t nrows, id = 0;
    xmlNode **rows = table_rows(table, &nrows);
    t->line = line_of(table, first_line);
    for (size_t i = 0; i < nrows; i++)
        ec_imp_table_add_row(t, line_of(rows[i], first_line));
    for (size_t i = 0; i < nrows; i++) {
        size_t x = 0;
        for (xmlNode *c = rows[i]->children; c; c = c->next)
            if (named(c, "td") || named(c, "th"))
                x = place_cell(t, i, x, c, ++id, layout);
    }
    free(rows);
}

/* Does the attribute `name` of `n` start with `value`? */
static bool attr_starts(xmlNode *n, const char *name, const char *value)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    bool yes = v && !xmlStrncasecmp(v, (const xmlChar *)value, xmlStrlen((const xmlChar *)value));
    xmlFree(v);
    return yes;
}

/* A page errcat wrote (<meta name="generator" content="errcat">) carries
 * each text verbatim in its cell, line breaks at the edges included. */
static bool errcat_page(xmlNode *root)
{
    for (xmlNode *n = root; n; n = walk_next(n, NULL, !named(n, "table"))) {
        if (named(n, "meta") && attr_starts(n, "name", "generator") &&
            attr_starts(n, "content", "errcat"))
            return true;
    }
    return false;
}

bool ec_imp_read_html(ec_imp *im, const char *data, size_t len, int first_line)
{
    htmlDocPtr doc = parse(data, len);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    bool taken = false, layout = !errcat_page(root);
    for (xmlNode *n = root; n && !taken; n = walk_next(n, NULL, true)) {
        if (!named(n, "table"))
            continue;
        ec_imp_table t = {0};
        table_grid(n, &t, first_line, layout);
        taken = ec_imp_take_table(im, &t);
        ec_imp_table_free(&t);
    }
    if (doc)
        xmlFreeDoc(doc);
    return taken;
}
