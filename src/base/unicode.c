/* All of errcat's Unicode work, through ICU: NFC, white space, scripts,
 * UTF-8 validation, language tags. No other source file includes ICU. */
#define _GNU_SOURCE /* memmem */
#include "base/unicode.h"

#include "base/buf.h"

#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

static bool is_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

/* Fast paths for the blocks most catalog text is made of (CJK ideographs,
 * kana, Hangul syllables, fullwidth forms); everything else asks ICU. The
 * ranges below only hold characters whose answer is the same for the whole
 * range: NFC_Quick_Check=Yes, not White_Space, East_Asian_Width=Wide. */
static bool cjk_block(UChar32 c)
{
    return (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3);
}

static bool is_space(UChar32 c)
{
    if (c < 0x80)
        return c == ' ' || (c >= '\t' && c <= '\r');
    return !cjk_block(c) && u_isUWhiteSpace(c);
}

/* Characters that NFC never changes, nor combines with what precedes them
 * (NFC_Quick_Check=Yes, canonical combining class 0), checked against ICU:
 * below U+0300, CJK punctuation but for the combining marks U+302A..302F,
 * kana with the middle dot and the prolonged sound mark, CJK ideographs,
 * Hangul syllables, and the halfwidth and fullwidth forms. */
static bool nfc_stable(UChar32 c)
{
    return c < 0x300 || cjk_block(c) || (c >= 0x3000 && c <= 0x3029) ||
           (c >= 0x3030 && c <= 0x303F) || (c >= 0x30FB && c <= 0x30FC) ||
           (c >= 0xFF01 && c <= 0xFFEE);
}

/* Is NFC(s) == s certain without normalising? */
static bool surely_nfc(const char *s, size_t n)
{
    int32_t i = 0, len = (int32_t)n;
    while (i < len) {
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c < 0 || !nfc_stable(c))
            return false;
    }
    return true;
}

/* Trims and collapses white space of UTF-8 text that needs no normalising. */
static void collapse_utf8(ec_buf *b, const char *s, size_t n)
{
    bool pending_space = false;
    int32_t i = 0, len = (int32_t)n;
    while (i < len) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (is_space(c)) {
            pending_space = b->len > 0;
            continue;
        }
        if (pending_space)
            ec_buf_putc(b, ' ');
        pending_space = false;
        ec_buf_put(b, s + start, (size_t)(i - start));
    }
}

static const UNormalizer2 *nfc(void)
{
    static const UNormalizer2 *inst;
    if (!inst) {
        UErrorCode st = U_ZERO_ERROR;
        inst = unorm2_getNFCInstance(&st);
        if (U_FAILURE(st))
            inst = NULL;
    }
    return inst;
}

/* UTF-8 -> UTF-16, ill-formed sequences as U+FFFD. Caller frees. */
static UChar *to_utf16(const char *s, size_t n, int32_t *out_len)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t cap = (int32_t)n + 1;
    UChar *u = ec_xmalloc((size_t)cap * sizeof *u);
    u_strFromUTF8WithSub(u, cap, out_len, s, (int32_t)n, 0xFFFD, NULL, &st);
    if (U_FAILURE(st))
        *out_len = 0;
    return u;
}

/* Appends UTF-16 `u` as UTF-8 to `b`, collapsing white space runs and trimming. */
static void put_collapsed(ec_buf *b, const UChar *u, int32_t len)
{
    bool pending_space = false;
    int32_t i = 0;
    while (i < len) {
        UChar32 c;
        U16_NEXT(u, i, len, c);
        if (u_isUWhiteSpace(c)) {
            pending_space = b->len > 0;
            continue;
        }
        if (pending_space)
            ec_buf_putc(b, ' ');
        pending_space = false;
        char tmp[4];
        int32_t k = 0;
        UBool err = false;
        U8_APPEND(tmp, k, 4, c, err);
        if (!err)
            ec_buf_put(b, tmp, (size_t)k);
    }
}

char *ec_u_comparable(const char *s, size_t n)
{
    ec_buf b = {0};
    ec_u_comparable_into(&b, s, n);
    return ec_buf_take(&b);
}

void ec_u_comparable_into(ec_buf *out, const char *s, size_t n)
{
    ec_buf b = *out;
    b.len = 0;
    ec_buf_reserve(&b, n);
    b.data[0] = '\0';
    if (is_ascii(s, n)) {
        bool pending_space = false;
        for (size_t i = 0; i < n; i++) {
            char c = s[i];
            /* ASCII white space per Unicode: TAB..CR, space, and the
             * information separators U+001C..U+001F are not White_Space. */
            if (c == ' ' || (c >= '\t' && c <= '\r')) {
                pending_space = b.len > 0;
                continue;
            }
            if (pending_space)
                ec_buf_putc(&b, ' ');
            pending_space = false;
            ec_buf_putc(&b, c);
        }
        *out = b;
        return;
    }
    if (surely_nfc(s, n)) {
        collapse_utf8(&b, s, n);
        *out = b;
        return;
    }
    int32_t len = 0;
    UChar *u = to_utf16(s, n, &len);
    const UNormalizer2 *norm = nfc();
    UErrorCode st = U_ZERO_ERROR;
    int32_t cap = len * 3 + 16;
    UChar *nfc_out = ec_xmalloc((size_t)cap * sizeof *nfc_out);
    int32_t olen = norm ? unorm2_normalize(norm, u, len, nfc_out, cap, &st) : 0;
    if (!norm || U_FAILURE(st))
        put_collapsed(&b, u, len);
    else
        put_collapsed(&b, nfc_out, olen);
    free(nfc_out);
    free(u);
    *out = b;
}

void ec_u_init(void)
{
    (void)nfc();
}

bool ec_u_is_nfc(const char *s, size_t n)
{
    if (surely_nfc(s, n) || !nfc())
        return true;
    int32_t len = 0;
    UChar *u = to_utf16(s, n, &len);
    UErrorCode st = U_ZERO_ERROR;
    UBool ok = unorm2_isNormalized(nfc(), u, len, &st);
    free(u);
    return U_FAILURE(st) || ok;
}

bool ec_u_valid_utf8(const char *s, size_t n, size_t *bad_offset)
{
    int32_t i = 0, len = (int32_t)n;
    while (i < len) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c < 0) {
            if (bad_offset)
                *bad_offset = (size_t)start;
            return false;
        }
    }
    return true;
}

/* A control character other than TAB, LF, CR and NEL, or a noncharacter
 * (not for interchange: HTML forbids them). */
static bool is_control(UChar32 c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f ||
           (c >= 0x80 && c <= 0x9f && c != 0x85) || (c >= 0xfdd0 && c <= 0xfdef) ||
           (c & 0xfffe) == 0xfffe;
}

int32_t ec_u_find_control(const char *s, size_t n, size_t *offset)
{
    int32_t i = 0, len = (int32_t)n;
    while (i < len) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c >= 0 && is_control(c)) {
            if (offset)
                *offset = (size_t)start;
            return c;
        }
    }
    return -1;
}

size_t ec_u_count_chars(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

static bool is_letter(UChar32 c)
{
    return (U_GET_GC_MASK(c) & U_GC_L_MASK) != 0;
}

/* The EC_SCRIPT_* bit of a character (0 for no letter), and for "other"
 * the ICU short name of its script in *other when that is not yet set. */
static unsigned script_of(UChar32 c, const char **other)
{
    if (c < 0x80)
        return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? EC_SCRIPT_LATIN : 0;
    if (c >= 0xAC00 && c <= 0xD7A3)
        return EC_SCRIPT_HANGUL;
    if (c >= 0x4E00 && c <= 0x9FFF)
        return EC_SCRIPT_HAN;
    if (cjk_block(c)) /* the rest of the fast blocks: kana */
        return EC_SCRIPT_KANA;
    if (!is_letter(c))
        return 0;
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &st);
    switch (sc) {
    case USCRIPT_LATIN: return EC_SCRIPT_LATIN;
    case USCRIPT_HAN: return EC_SCRIPT_HAN;
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA: return EC_SCRIPT_KANA;
    case USCRIPT_HANGUL: return EC_SCRIPT_HANGUL;
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED: return 0;
    default:
        if (other && !*other)
            *other = uscript_getShortName(sc);
        return EC_SCRIPT_OTHER;
    }
}

unsigned ec_u_scripts(const char *s, size_t n, const char **other_script)
{
    unsigned set = 0;
    int32_t i = 0, len = (int32_t)n;
    while (i < len) {
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c >= 0)
            set |= script_of(c, other_script);
    }
    return set;
}

unsigned ec_u_locale_script(const char *tag, char code[EC_SCRIPT_MAX])
{
    char id[ULOC_FULLNAME_CAPACITY], full[ULOC_FULLNAME_CAPACITY], script[ULOC_SCRIPT_CAPACITY];
    UErrorCode st = U_ZERO_ERROR;
    uloc_forLanguageTag(tag, id, sizeof id, NULL, &st);
    uloc_addLikelySubtags(id, full, sizeof full, &st);
    int32_t n = uloc_getScript(full, script, sizeof script, &st);
    if (U_FAILURE(st) || n != EC_SCRIPT_MAX - 1) {
        strcpy(code, "Zyyy");
        return 0;
    }
    memcpy(code, script, EC_SCRIPT_MAX);
    if (!strcmp(script, "Kore"))
        return EC_SCRIPT_HANGUL;
    if (!strcmp(script, "Jpan"))
        return EC_SCRIPT_KANA | EC_SCRIPT_HAN;
    if (!strcmp(script, "Hans") || !strcmp(script, "Hant") || !strcmp(script, "Hani"))
        return EC_SCRIPT_HAN;
    if (!strcmp(script, "Hang"))
        return EC_SCRIPT_HANGUL;
    if (!strcmp(script, "Latn"))
        return EC_SCRIPT_LATIN;
    return EC_SCRIPT_OTHER;
}

bool ec_u_has_script(const char *s, size_t n, const char *code)
{
    int32_t want_n;
    UScriptCode want[8];
    UErrorCode st = U_ZERO_ERROR;
    want_n = uscript_getCode(code, want, (int32_t)(sizeof want / sizeof *want), &st);
    if (U_FAILURE(st) || want_n < 1)
        return false;
    int32_t i = 0, len = (int32_t)n;
    while (i < len) {
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c < 0 || !is_letter(c))
            continue;
        UErrorCode st2 = U_ZERO_ERROR;
        if (uscript_getScript(c, &st2) == want[0])
            return true;
    }
    return false;
}

/* Longer language tags are refused. */
#define LANGTAG_MAX 64

bool ec_u_valid_langtag(const char *tag)
{
    size_t n = strlen(tag);
    if (n == 0 || n > LANGTAG_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = tag[i];
        bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok)
            return false;
    }
    char id[ULOC_FULLNAME_CAPACITY];
    int32_t parsed = 0;
    UErrorCode st = U_ZERO_ERROR;
    uloc_forLanguageTag(tag, id, sizeof id, &parsed, &st);
    return U_SUCCESS(st) && (size_t)parsed == n && id[0] != '\0';
}

void ec_u_language(const char *tag, char out[EC_LANG_MAX])
{
    size_t i = 0;
    for (; tag[i] && tag[i] != '-' && tag[i] != '_' && i < EC_LANG_MAX - 1; i++) {
        char c = tag[i];
        out[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    out[i] = '\0';
}

static bool is_token_char(UChar32 c, bool *digit, bool *upper)
{
    *digit = *upper = false;
    if (c < 0x80) {
        *digit = c >= '0' && c <= '9';
        *upper = c >= 'A' && c <= 'Z';
        return *digit || *upper || (c >= 'a' && c <= 'z');
    }
    if ((c >= 0x3000 && c < 0xFF00) || (c >= 0xAC00 && c <= 0xD7A3))
        return false; /* CJK, kana, Hangul: the bulk of non-Latin text, never a token */
    if (u_isdigit(c)) {
        *digit = true;
        return true;
    }
    UErrorCode st = U_ZERO_ERROR;
    if (is_letter(c) && uscript_getScript(c, &st) == USCRIPT_LATIN) {
        *upper = u_isupper(c) != 0;
        return true;
    }
    return false;
}

void ec_u_tokens(const char *s, size_t n, void (*fn)(const ec_token *, void *), void *ctx)
{
    int32_t i = 0, len = (int32_t)n;
    ec_token t = {0};
    bool in = false, letters = false;
    while (i <= len) {
        int32_t start = i;
        UChar32 c = -1;
        bool digit = false, upper = false, tok = false;
        if (i < len && (unsigned char)s[i] < 0x80) { /* ASCII: no decoding, no call */
            c = (unsigned char)s[i++];
            digit = c >= '0' && c <= '9';
            upper = c >= 'A' && c <= 'Z';
            tok = digit || upper || (c >= 'a' && c <= 'z');
        } else if (i < len) {
            U8_NEXT(s, i, len, c);
            tok = c >= 0 && is_token_char(c, &digit, &upper);
        } else {
            i++;
        }
        if (tok) {
            if (!in) {
                memset(&t, 0, sizeof t);
                t.start = s + start;
                in = true;
                letters = false;
            }
            t.len = (size_t)(i - (t.start - s));
            t.upper += upper;
            t.has_digit |= digit;
            letters |= !digit;
        } else if (in) {
            t.is_number = !letters;
            fn(&t, ctx);
            in = false;
        }
    }
}

/* The first w[0..wn) in s[0..n), wn >= 1. A short text is searched from
 * each place of w's first byte: memmem prepares a table first, which costs
 * more than the whole search in a message of a few dozen bytes; a longer
 * one (where that could take n * wn steps) is memmem's. */
static const char *find_bytes(const char *s, size_t n, const char *w, size_t wn)
{
    if (wn > n)
        return NULL;
    if (n * wn > 4096)
        return memmem(s, n, w, wn);
    for (const char *p = s, *last = s + (n - wn);
         p <= last && (p = memchr(p, w[0], (size_t)(last - p) + 1)) != NULL; p++)
        if (!memcmp(p, w, wn))
            return p;
    return NULL;
}

bool ec_u_has_token(const char *s, size_t n, const char *w, size_t wn)
{
    if (wn == 0 || wn > n)
        return false;
    for (const char *p = s, *end = s + n; (p = find_bytes(p, (size_t)(end - p), w, wn)) != NULL;
         p++) {
        /* a whole token: no token character right before or after it */
        int32_t before = (int32_t)(p - s), after = before + (int32_t)wn, len = (int32_t)n;
        UChar32 c = -1;
        bool digit, upper, bounded = true;
        if (before > 0) {
            U8_PREV(s, 0, before, c);
            bounded = !(c >= 0 && is_token_char(c, &digit, &upper));
        }
        if (bounded && after < len) {
            U8_NEXT(s, after, len, c);
            bounded = !(c >= 0 && is_token_char(c, &digit, &upper));
        }
        if (bounded)
            return true;
    }
    return false;
}

static bool is_line_break(UChar32 c)
{
    return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0x0B ||
           c == 0x0C;
}

/* What the white space of a text has, gathered character by character. */
typedef struct {
    UChar32 first, last; /* the first and last (well-formed) characters, or -1 */
    bool last_space, line_break, tab, doubled, other_space;
} ws_state;

static void ws_add(ws_state *w, UChar32 c, bool space)
{
    if (w->first < 0)
        w->first = c;
    w->line_break |= is_line_break(c);
    w->tab |= c == '\t';
    w->other_space |= space && c != ' ';
    w->doubled |= space && w->last_space;
    w->last = c;
    w->last_space = space;
}

/* Decodes a well-formed three-byte sequence at s[*i] (U+1000..U+CFFF and
 * U+E000..U+FFFF, where the CJK blocks are) without the general decoder's
 * tests; false, with *i unchanged, for anything else. */
static bool next_cjk(const char *s, int32_t *i, int32_t len, UChar32 *c)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    if (*i + 3 > len || p[0] < 0xE1 || p[0] == 0xED || p[0] > 0xEF || (p[1] & 0xC0) != 0x80 ||
        (p[2] & 0xC0) != 0x80)
        return false;
    *c = (UChar32)((p[0] & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F));
    *i += 3;
    return true;
}

/* ws_add() of a character that is neither white space nor a line break
 * nor a tab, without the tests. */
static void plain_char(ws_state *w, UChar32 c)
{
    if (w->first < 0)
        w->first = c;
    w->last = c;
    w->last_space = false;
}

static const char *const ws_problems[] = {NULL,
                                          "contains a line break",
                                          "contains a tab",
                                          "has leading white space",
                                          "has trailing white space",
                                          "has doubled spaces"};

/* Index into ws_problems: the first of them that the text has. */
static unsigned ws_problem(const ws_state *w)
{
    return w->line_break                         ? 1
           : w->tab                              ? 2
           : w->first >= 0 && is_space(w->first) ? 3
           : w->last_space                       ? 4
           : w->doubled                          ? 5
                                                 : 0;
}

const char *ec_u_whitespace_problem(const char *s, size_t n)
{
    ws_state w = {-1, -1, false, false, false, false, false};
    int32_t i = 0, len = (int32_t)n;
    while (i < len) {
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c >= 0)
            ws_add(&w, c, is_space(c));
    }
    return ws_problems[ws_problem(&w)];
}

/* The kind of a leading or trailing run of white space: none, spaces,
 * or one holding a line break. */
static unsigned run_kind(const char *s, int32_t from, int32_t to)
{
    unsigned kind = 0;
    for (int32_t i = from; i < to;) {
        UChar32 c;
        U8_NEXT(s, i, to, c);
        kind = is_line_break(c) ? 2 : kind ? kind : 1;
    }
    return kind;
}

unsigned ec_u_whitespace_shape(const char *s, size_t n)
{
    int32_t len = (int32_t)n, a = 0, b = len;
    while (a < len) { /* the leading run: [0, a) */
        int32_t i = a;
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c < 0 || !is_space(c))
            break;
        a = i;
    }
    while (b > a) { /* the trailing run: [b, len) */
        int32_t i = b;
        UChar32 c;
        U8_PREV(s, a, i, c);
        if (c < 0 || !is_space(c))
            break;
        b = i;
    }
    static const unsigned lead[] = {0, EC_WS_LEAD_SPACE, EC_WS_LEAD_BREAK};
    static const unsigned trail[] = {0, EC_WS_TRAIL_SPACE, EC_WS_TRAIL_BREAK};
    unsigned shape = lead[run_kind(s, 0, a)] | trail[run_kind(s, b, len)];
    bool last_space = false;
    for (int32_t i = a; i < b;) {
        UChar32 c;
        U8_NEXT(s, i, b, c);
        bool space = c >= 0 && is_space(c);
        if (c >= 0 && is_line_break(c))
            shape |= EC_WS_INNER_BREAK;
        else if (c == '\t')
            shape |= EC_WS_TAB;
        else if (space && last_space)
            shape |= EC_WS_DOUBLED;
        last_space = space && !is_line_break(c);
    }
    return shape;
}

/* What ec_u_fold_width_digits() does to character c (not ASCII, not in a
 * CJK block): a digit other than 0-9 becomes its ASCII digit, a wide or
 * narrow form its decomposition; anything else stays. One answer for the
 * facts (EC_FACT_FOLDS) and for the folding. */
typedef enum { FOLD_NONE, FOLD_DIGIT, FOLD_WIDTH } fold_kind;

static fold_kind fold_kind_of(UChar32 c)
{
    int32_t v = u_isdigit(c) ? u_charDigitValue(c) : -1;
    if (v >= 0 && v <= 9)
        return FOLD_DIGIT;
    int dt = u_getIntPropertyValue(c, UCHAR_DECOMPOSITION_TYPE);
    return dt == U_DT_WIDE || dt == U_DT_NARROW ? FOLD_WIDTH : FOLD_NONE;
}

/* What ec_u_facts() learns of a character of the Basic Multilingual Plane
 * outside the fast blocks (CJK punctuation, the prolonged sound mark,
 * fullwidth forms, accented letters...), found once and kept: the ICU
 * lookups behind it cost more than the rest of the text. Filled by any
 * thread (the same value for a character, whoever finds it). */
enum {
    CHAR_SCRIPTS = 0x1f, /* script_of() */
    CHAR_CONTROL = 1u << 5,
    CHAR_FOLD_SHIFT = 6, /* 2 bits: fold_kind_of() */
    CHAR_NFC_STABLE = 1u << 8,
    CHAR_SPACE = 1u << 9,
    CHAR_KNOWN = 1u << 15
};
static _Atomic uint16_t char_facts_memo[0x10000];

static unsigned char_facts(UChar32 c)
{
    unsigned f = c < 0x10000 ? atomic_load_explicit(&char_facts_memo[c], memory_order_relaxed) : 0;
    if (f & CHAR_KNOWN)
        return f;
    f = CHAR_KNOWN | script_of(c, NULL) | (is_control(c) ? CHAR_CONTROL : 0) |
        (unsigned)fold_kind_of(c) << CHAR_FOLD_SHIFT | (nfc_stable(c) ? CHAR_NFC_STABLE : 0) |
        (is_space(c) ? CHAR_SPACE : 0);
    if (c < 0x10000)
        atomic_store_explicit(&char_facts_memo[c], (uint16_t)f, memory_order_relaxed);
    return f;
}

static fold_kind char_fold_kind(unsigned char_facts)
{
    return (fold_kind)((char_facts >> CHAR_FOLD_SHIFT) & 3u);
}

unsigned ec_u_facts(const char *s, size_t n)
{
    ws_state w = {-1, -1, false, false, false, false, false};
    unsigned f = EC_FACT_KNOWN;
    bool valid = true, nfc = true;
    int32_t i = 0, len = (int32_t)n;
    while (i < len) {
        UChar32 c = (unsigned char)s[i];
        if (c > 0x20 && c < 0x7f) { /* the bulk of Latin text: one byte, no table */
            f |= ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? EC_SCRIPT_LATIN
                 : c == '%' || c == '{'                   ? EC_FACT_MARKUP
                                                          : 0;
            plain_char(&w, c);
            i++;
            continue;
        }
        if (c < 0x80)
            i++;
        else if (!next_cjk(s, &i, len, &c))
            U8_NEXT(s, i, len, c);
        if (c < 0) {
            valid = false;
            continue;
        }
        if (cjk_block(c)) { /* a letter, NFC-stable, no space, no control */
            f |= script_of(c, NULL);
            plain_char(&w, c);
            continue;
        }
        unsigned cf = char_facts(c);
        f |= cf & CHAR_SCRIPTS;
        _Static_assert((unsigned)EC_FACT_SCRIPTS == (unsigned)CHAR_SCRIPTS, "the script bits");
        if (cf & CHAR_CONTROL)
            f |= EC_FACT_CONTROL;
        if (char_fold_kind(cf) != FOLD_NONE)
            f |= EC_FACT_FOLDS;
        nfc &= (cf & CHAR_NFC_STABLE) != 0;
        ws_add(&w, c, (cf & CHAR_SPACE) != 0);
    }
    unsigned ws = ws_problem(&w);
    f |= ws << EC_FACT_WS_SHIFT;
    if (!valid || !nfc)
        f |= EC_FACT_NFC_UNSURE;
    /* white space no other than single spaces between other characters,
     * NFC for sure: the comparable form is the text itself */
    if (valid && nfc && !ws && !w.other_space)
        f |= EC_FACT_PLAIN;
    return f;
}

const char *ec_u_facts_whitespace(unsigned facts)
{
    unsigned i = (facts >> EC_FACT_WS_SHIFT) & 7u;
    return i < sizeof ws_problems / sizeof *ws_problems ? ws_problems[i] : NULL;
}

size_t ec_u_display_width(const char *s, size_t n)
{
    size_t w = 0;
    int32_t i = 0, len = (int32_t)n;
    while (i < len) {
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c < 0) {
            w++;
            continue;
        }
        if (c < 0x80) {
            w += c >= 0x20 && c != 0x7f;
            continue;
        }
        if (cjk_block(c)) {
            w += 2;
            continue;
        }
        int8_t gc = u_charType(c);
        if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK || gc == U_FORMAT_CHAR ||
            gc == U_CONTROL_CHAR || (c >= 0x1160 && c <= 0x11FF))
            continue; /* combining marks, format characters, Hangul medial jamo */
        int eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        w += (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) ? 2 : 1;
    }
    return w;
}

bool ec_u_has_break_or_control(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return true;
        if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0x85)
            return true;
        if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9))
            return true;
    }
    return false;
}

bool ec_u_one_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))
            return false;
    int32_t len;
    UChar *u = to_utf16(s, n, &len);
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_WORD, "", u, len, &st);
    int words = 0;
    if (U_SUCCESS(st)) {
        for (int32_t b = ubrk_next(bi); b != UBRK_DONE && words < 2; b = ubrk_next(bi))
            words += ubrk_getRuleStatus(bi) != UBRK_WORD_NONE;
        ubrk_close(bi);
    }
    free(u);
    return U_SUCCESS(st) && words <= 1;
}

/* What ec_u_fold_width_digits() puts for character c (at s[start..end)):
 * its digit or its wide/narrow decomposition in out[], returning the length,
 * or -1 when c stays as it is. */
static int32_t fold_char(const UNormalizer2 *nfkc, UChar32 c, char out[32])
{
    if (c < 0x80 || cjk_block(c)) /* neither a non-ASCII digit nor wide or narrow */
        return -1;
    /* the table's answer where it keeps one, without the other facts */
    fold_kind k = c < 0x10000 ? char_fold_kind(char_facts(c)) : fold_kind_of(c);
    if (k == FOLD_DIGIT) {
        out[0] = (char)('0' + u_charDigitValue(c));
        return 1;
    }
    if (k == FOLD_NONE)
        return -1;
    UErrorCode st = U_ZERO_ERROR;
    UChar d[8];
    int32_t dn = unorm2_getDecomposition(nfkc, c, d, 8, &st), u8n = 0;
    if (dn <= 0 || U_FAILURE(st))
        return -1;
    u_strToUTF8(out, 32, &u8n, d, dn, &st);
    return U_SUCCESS(st) && u8n <= 32 ? u8n : -1;
}

char *ec_u_fold_width_digits(const char *s, size_t n)
{
    ec_buf b = {0};
    if (!ec_u_fold_width_digits_into(&b, s, n)) {
        ec_buf_free(&b);
        return NULL;
    }
    return ec_buf_take(&b);
}

bool ec_u_fold_width_digits_into(ec_buf *out, const char *s, size_t n)
{
    out->len = 0;
    if (is_ascii(s, n))
        return false;
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&st);
    if (U_FAILURE(st))
        return false;
    ec_buf *b = out;
    bool changed = false;
    size_t done = 0; /* s[0..done) is in b or needs no change */
    int32_t i = 0, len = (int32_t)n;
    while (i < len) {
        int32_t start = i;
        UChar32 c;
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        U8_NEXT(s, i, len, c);
        char u8[32];
        int32_t u8n = c >= 0 ? fold_char(nfkc, c, u8) : -1;
        if (u8n < 0)
            continue;
        ec_buf_put(b, s + done, (size_t)start - done);
        ec_buf_put(b, u8, (size_t)u8n);
        done = (size_t)i;
        changed = true;
    }
    if (!changed)
        return false;
    ec_buf_put(b, s + done, n - done);
    return true;
}
