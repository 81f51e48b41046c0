/* Fuzz target: errcat's PO serialiser (src/output/po_write.c) against
 * libgettextpo's po_file_write (tests/unit/po_oracle.c) on the same
 * messages; any difference in the bytes aborts.
 *
 * Input: messages one after another, each a flags byte (bit 0: fuzzy; bits
 * 1-2: 0 none, 1 c-format, 2 no-c-format; bit 3: a `#:` line number), then
 * seven NUL-terminated fields: msgctxt, msgid, msgstr, previous msgid,
 * translator comments, extracted comments, reference file (an empty field
 * other than msgctxt, msgid and msgstr is absent). Bytes that are not UTF-8
 * become '?', as errcat only writes UTF-8. */
#include "fuzz.h"

#include "base/buf.h"
#include "output/po.h"
#include "po_oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MESSAGES 64
#define FIELDS 7

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* The length of the UTF-8 character at s[0..n), or 0 when it is none. */
static size_t utf8_char(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len = c < 0x80                 ? 1
                 : c >= 0xC2 && c <= 0xDF ? 2
                 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4
                                          : 0;
    if (!len || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) || (c == 0xF0 && s[1] < 0x90) ||
        (c == 0xF4 && s[1] > 0x8F))
        return 0; /* overlong, a surrogate, or past U+10FFFF */
    return len;
}

/* Makes s[0..n) valid UTF-8 in place: every byte of no character is '?'. */
static void make_utf8(char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t len = utf8_char((const unsigned char *)s + i, n - i);
        if (!len) {
            s[i++] = '?';
            continue;
        }
        i += len;
    }
}

/* Reads the next NUL-terminated field at *p (before `end`); "" at the end. */
static const char *field(char **p, char *end)
{
    if (*p >= end)
        return "";
    char *s = *p;
    char *z = memchr(s, '\0', (size_t)(end - s));
    *p = z ? z + 1 : end;
    return s;
}

/* Decodes the messages after the header into m[1..]; their count. */
static size_t decode(char *text, size_t size, ec_po_message *m)
{
    char *p = text, *end = text + size;
    size_t n = 0;
    while (p < end && n < MAX_MESSAGES) {
        unsigned flags = (unsigned char)*p++;
        const char *f[FIELDS];
        for (size_t k = 0; k < FIELDS; k++)
            f[k] = field(&p, end);
        ec_po_message *x = &m[++n];
        *x = (ec_po_message){.msgctxt = f[0], .msgid = f[1], .msgstr = f[2]};
        x->prev_msgid = f[3][0] ? f[3] : NULL;
        x->comments = f[4][0] ? f[4] : NULL;
        x->extracted = f[5][0] ? f[5] : NULL;
        x->file = f[6][0] ? f[6] : NULL;
        x->line = flags & 8 ? (size_t)(flags >> 4) * 997 + 1 : (size_t)-1;
        x->fuzzy = flags & 1;
        unsigned fmt = (flags >> 1) & 3;
        x->c_format = fmt == 1 ? 1 : fmt == 2 ? -1 : 0;
    }
    return n;
}

static const char header[] = "Project-Id-Version: fuzz\n"
                             "MIME-Version: 1.0\n"
                             "Content-Type: text/plain; charset=UTF-8\n"
                             "Content-Transfer-Encoding: 8bit\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);
    text[size] = '\0';
    make_utf8(text, size);
    ec_po_message m[MAX_MESSAGES + 1];
    m[0] = (ec_po_message){.msgid = "", .msgstr = header, .line = (size_t)-1};
    size_t n = decode(text, size, m);
    size_t want_len = 0;
    char *want = po_oracle_messages(m, n + 1, &want_len);
    if (want) {
        ec_buf got = {0};
        for (size_t i = 0; i <= n; i++)
            ec_po_put_message(&got, &m[i], i == 0);
        if (got.len != want_len || memcmp(got.data, want, want_len) != 0) {
            fprintf(stderr,
                    "fuzz_po_write: errcat's PO differs from libgettextpo's\n"
                    "--- libgettextpo:\n%s\n--- errcat:\n%s\n",
                    want, got.data);
            abort();
        }
        ec_buf_free(&got);
    }
    free(want);
    free(text);
    return 0;
}
