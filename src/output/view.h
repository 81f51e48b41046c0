/* View models: the data each template renders, built once per output. */
#ifndef ERRCAT_VIEW_H
#define ERRCAT_VIEW_H

#include "base/buf.h"
#include "model/catalog.h"
#include "output/mustache.h"
#include "errcat/errcat.h"

/* Views are built in the arena `a` (nodes are shared within a view) and go
 * away with it: ec_arena_free(a), never ec_v_free(). */

/*
 * The view of one locale, for md/, html/ and docs/ templates:
 *   name, locale, lang, source, title, generator, nkeys (rows), nfallback, nretired
 *   md_head: {code, sub, text}, md_rule: {code, sub, text}  (padded Markdown cells)
 *   rows: [{key, code, sub, text, fallback, retired, md_code, md_sub, md_text, md_plain}]
 *         (fallback: a key of the source locale that this locale lacks, shown
 *         with the source text; retired: the source entry is `retired: true`,
 *         and md_text ends in " (retired)", md_plain does not)
 *   groups: [{code, rowspan, single, rows: [{first, code, sub, text, rowspan, single}]}]
 */
ec_value *ec_view_locale(const ec_catalog *c, const ec_locale *l, ec_arena *a);
/* Whether the rows of locale view `view` carry md_code, md_sub, md_text
 * and md_plain (they do unless told otherwise): a template that uses none
 * of them is rendered without making them, row after row. */
void ec_view_markdown(ec_value *view, bool on);

/*
 * The view of the whole catalog for the C header:
 *   name, prefix, fn, guard, source, source_index, nkeys, nlocales
 *   keys: [{key, symbol, code, sub, retired}]
 *   locales: [{tag, ident, index, messages: [{c}]}]   (c: a C expression)
 *   long_messages: [{ident, bytes}]  (texts too long for one C literal)
 */
ec_value *ec_view_header(const ec_catalog *c, ec_arena *a);

/* A Markdown table cell whose GFM parse is exactly `s` (no padding). */
char *ec_md_cell(const char *s, size_t n);

#endif
