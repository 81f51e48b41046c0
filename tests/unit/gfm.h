/* Parsing Markdown with libcmark-gfm, the way GitHub renders it, for the
 * tests that read errcat's Markdown back (test_out_markdown, test_diff). */
#ifndef ERRCAT_TESTS_GFM_H
#define ERRCAT_TESTS_GFM_H

#include <stdbool.h>
#include <stddef.h>

#include <cmark-gfm.h>

/* The document text[0..n) with the table extension, and with `all_gfm`
 * every GFM extension (autolink, strikethrough, tagfilter, tasklist) too;
 * fails the test when an extension is missing. The caller frees it with
 * cmark_node_free(). */
cmark_node *gfm_parse(const char *text, size_t n, bool all_gfm);

/* Whether node n is of type `type` ("table", "text", ...). */
bool gfm_is(cmark_node *n, const char *type);

#endif
