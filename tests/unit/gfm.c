/* See gfm.h. */
#include "gfm.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>

cmark_node *gfm_parse(const char *text, size_t n, bool all_gfm)
{
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    static const char *const names[] = {"table", "autolink", "strikethrough", "tagfilter",
                                        "tasklist"};
    for (size_t i = 0; i < (all_gfm ? 5u : 1u); i++) {
        cmark_syntax_extension *ext = cmark_find_syntax_extension(names[i]);
        if (!ext)
            fail_msg("cmark-gfm has no %s extension", names[i]);
        cmark_parser_attach_syntax_extension(p, ext);
    }
    cmark_parser_feed(p, text, n);
    cmark_node *doc = cmark_parser_finish(p);
    cmark_parser_free(p);
    assert_non_null(doc);
    return doc;
}

bool gfm_is(cmark_node *n, const char *type)
{
    return !strcmp(cmark_node_get_type_string(n), type);
}
