/* Unit tests of unicode.c: comparable texts, NFC, UTF-8 validation, control
 * characters, scripts, language tags and tokens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/unicode.h"

#define E_ACUTE "\xc3\xa9"         /* U+00E9 */
#define COMBINING_ACUTE "\xcc\x81" /* U+0301 */
#define IDEO_SPACE "\xe3\x80\x80"  /* U+3000 */
#define NBSP "\xc2\xa0"            /* U+00A0 */

static char *cmp(const char *s)
{
    return ec_u_comparable(s, strlen(s));
}

static void assert_comparable(const char *in, const char *want)
{
    char *got = cmp(in);
    if (strcmp(got, want) != 0)
        fail_msg("ec_u_comparable(\"%s\") = \"%s\", want \"%s\"", in, got, want);
    free(got);
}

/* ---- ec_u_comparable ---- */

static void test_comparable_nfc(void **state)
{
    (void)state;
    assert_comparable("e" COMBINING_ACUTE, E_ACUTE);
    assert_comparable("caf"
                      "e" COMBINING_ACUTE " au lait",
                      "caf" E_ACUTE " au lait");
    /* already composed text stays as it is */
    assert_comparable("caf" E_ACUTE, "caf" E_ACUTE);
    /* Hangul jamo compose to a syllable: U+1112 U+1161 U+11AB -> U+D55C */
    assert_comparable("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", "\xed\x95\x9c");
    /* the decomposed and composed spellings compare equal */
    char *a = cmp("  Re" COMBINING_ACUTE "sume" COMBINING_ACUTE "  ");
    char *b = cmp("R" E_ACUTE "sum" E_ACUTE);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_comparable_trim_collapse(void **state)
{
    (void)state;
    assert_comparable("  abc  ", "abc");
    assert_comparable("a  b", "a b");
    assert_comparable("a \t\n\r b", "a b");
    assert_comparable("\n\ta\n\nb\t\t", "a b");
    /* U+3000 ideographic space is white space: collapsed and trimmed */
    assert_comparable("推流" IDEO_SPACE IDEO_SPACE "失败", "推流 失败");
    assert_comparable(IDEO_SPACE "推流" IDEO_SPACE, "推流");
    assert_comparable("推流 " IDEO_SPACE "\t失败", "推流 失败");
    /* NBSP is white space too */
    assert_comparable("a" NBSP "b", "a b");
    /* only white space is touched */
    assert_comparable("18/305: 404 not found", "18/305: 404 not found");
}

/* The ASCII fast path must give what the ICU path gives: compare the tail of
 * an ASCII string prefixed with 'x' (fast path) and with 'é' (ICU path). */
/* Empty and white-space-only texts compare as "" (the `empty` check relies
 * on it), on the ASCII path and on the ICU path alike. */
static void test_comparable_empty_and_blank(void **state)
{
    (void)state;
    assert_comparable("", "");
    assert_comparable("   \t\n ", "");
    assert_comparable(IDEO_SPACE, "");
    assert_comparable(" " NBSP IDEO_SPACE "\n", "");
}

static void test_comparable_ascii_fast_path(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "",
        " a  b ",
        "\t a \v\f b\r\n c ",
        " \x1c sep \x1f ",
        "%s and {0}\t\t",
        "The pushed  stream\nname.",
        "   ",
        " trailing only   ",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char ascii[128], uni[128];
        snprintf(ascii, sizeof ascii, "x%s", cases[i]);
        snprintf(uni, sizeof uni, E_ACUTE "%s", cases[i]);
        char *a = cmp(ascii), *u = cmp(uni);
        assert_int_equal(a[0], 'x');
        assert_memory_equal(u, E_ACUTE, 2);
        if (strcmp(a + 1, u + 2) != 0)
            fail_msg("case %zu: ASCII path \"%s\" vs ICU path \"%s\"", i, a, u);
        free(a);
        free(u);
    }
}

static void test_comparable_length_bound(void **state)
{
    (void)state;
    /* n limits the input: the rest is not read */
    char *s = ec_u_comparable("abc  def", 5);
    assert_string_equal(s, "abc");
    free(s);
    s = ec_u_comparable(E_ACUTE " x", 3);
    assert_string_equal(s, E_ACUTE);
    free(s);
}

/* ---- ec_u_is_nfc ---- */

static void test_is_nfc(void **state)
{
    (void)state;
    assert_true(ec_u_is_nfc("", 0));
    assert_true(ec_u_is_nfc("plain ascii", 11));
    assert_true(ec_u_is_nfc(E_ACUTE, 2));
    assert_false(ec_u_is_nfc("e" COMBINING_ACUTE, 3));
    assert_true(ec_u_is_nfc("한국어", strlen("한국어")));
    const char *jamo = "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab";
    assert_false(ec_u_is_nfc(jamo, strlen(jamo)));
    /* U+212B ANGSTROM SIGN normalises to U+00C5 */
    assert_false(ec_u_is_nfc("\xe2\x84\xab", 3));
    assert_true(ec_u_is_nfc("\xc3\x85", 2));
}

/* ---- ec_u_valid_utf8 ---- */

static void assert_bad_utf8(const char *s, size_t n, size_t want_off)
{
    size_t off = 9999;
    if (ec_u_valid_utf8(s, n, &off))
        fail_msg("ec_u_valid_utf8 accepted a bad sequence (want offset %zu)", want_off);
    assert_int_equal(off, want_off);
}

static void test_valid_utf8(void **state)
{
    (void)state;
    size_t off = 1234;
    assert_true(ec_u_valid_utf8("", 0, &off));
    assert_true(ec_u_valid_utf8("ascii", 5, &off));
    assert_true(ec_u_valid_utf8("推流 한국어 " E_ACUTE, strlen("推流 한국어 " E_ACUTE), &off));
    assert_true(ec_u_valid_utf8("\xf0\x9f\x98\x80", 4, &off)); /* U+1F600 */
    assert_true(ec_u_valid_utf8("\xf4\x8f\xbf\xbf", 4, &off)); /* U+10FFFF */
    assert_int_equal(off, 1234);                               /* untouched on success */
    assert_true(ec_u_valid_utf8("a", 1, NULL));

    assert_bad_utf8("ab\xc0\xaf", 4, 2);   /* overlong '/' */
    assert_bad_utf8("\xe0\x80\xaf", 3, 0); /* overlong, 3 bytes */
    assert_bad_utf8("abc\x80", 4, 3);      /* lone continuation */
    assert_bad_utf8("\xbf"
                    "abc",
                    4, 0);               /* lone continuation first */
    assert_bad_utf8("ab\xe4\xb8", 4, 2); /* truncated */
    assert_bad_utf8("ab\xe4\xb8"
                    "c",
                    5, 2);                     /* truncated, then ASCII */
    assert_bad_utf8("a\xed\xa0\x80", 4, 1);    /* surrogate U+D800 */
    assert_bad_utf8("\xed\xbf\xbf", 3, 0);     /* surrogate U+DFFF */
    assert_bad_utf8("\xf4\x90\x80\x80", 4, 0); /* above U+10FFFF */
    assert_bad_utf8("x\xff", 2, 1);
    assert_bad_utf8(E_ACUTE "\xc3", 3, 2); /* truncated at the end */
    assert_bad_utf8("推流\x80", strlen("推流") + 1, 6);
    /* NUL is valid UTF-8 (the control check reports it) */
    assert_true(ec_u_valid_utf8("a\0b", 3, NULL));
}

/* ---- ec_u_find_control ---- */

static void assert_control(const char *s, size_t n, int32_t want, size_t want_off)
{
    size_t off = 9999;
    int32_t got = ec_u_find_control(s, n, &off);
    if (got != want)
        fail_msg("ec_u_find_control: got %d, want %d", got, want);
    if (want >= 0)
        assert_int_equal(off, want_off);
}

static void test_find_control(void **state)
{
    (void)state;
    assert_control("ab\0c", 4, 0, 2);
    assert_control("\x01", 1, 1, 0);
    assert_control("x\x1f", 2, 0x1f, 1);
    assert_control("del\x7f", 4, 0x7f, 3);
    assert_control("\x1b[31m", 5, 0x1b, 0);
    /* C1 controls other than NEL */
    assert_control("a\xc2\x80", 3, 0x80, 1);
    assert_control("한\xc2\x9f", strlen("한") + 2, 0x9f, 3);
    /* not findings: TAB, LF, CR, NEL, NBSP, ordinary text */
    assert_control("a\tb\nc\rd", 7, -1, 0);
    assert_control("line\xc2\x85next", 10, -1, 0);
    assert_control("a" NBSP "b", 4, -1, 0);
    assert_control("推流 ok", strlen("推流 ok"), -1, 0);
    assert_control("", 0, -1, 0);
    /* the first control wins */
    assert_control("ok\x02\x01", 4, 2, 2);
    /* NEL before a real control is skipped over */
    assert_control("\xc2\x85\x07", 3, 7, 2);
    /* only n bytes are looked at */
    assert_control("ab\x01", 2, -1, 0);
}

/* ---- ec_u_count_chars ---- */

static void test_count_chars(void **state)
{
    (void)state;
    assert_int_equal(ec_u_count_chars("", 0), 0);
    assert_int_equal(ec_u_count_chars("abc", 3), 3);
    assert_int_equal(ec_u_count_chars("推流", strlen("推流")), 2);
    assert_int_equal(ec_u_count_chars("a" E_ACUTE "\xf0\x9f\x98\x80", 7), 3);
}

/* ---- ec_u_scripts ---- */

static unsigned scripts(const char *s, const char **other)
{
    return ec_u_scripts(s, strlen(s), other);
}

static void test_scripts(void **state)
{
    (void)state;
    const char *other = NULL;
    assert_int_equal(scripts("hello", &other), EC_SCRIPT_LATIN);
    assert_null(other);
    assert_int_equal(scripts("Z"
                             "\xc3\xbc"
                             "rich",
                             NULL),
                     EC_SCRIPT_LATIN);
    assert_int_equal(scripts("\xc3\xbc", NULL), EC_SCRIPT_LATIN); /* ü alone */
    assert_int_equal(scripts("推流失败", NULL), EC_SCRIPT_HAN);
    assert_int_equal(scripts("ひらがな", NULL), EC_SCRIPT_KANA);
    assert_int_equal(scripts("カタカナ", NULL), EC_SCRIPT_KANA);
    assert_int_equal(scripts("ストリーム名が無効です", NULL), EC_SCRIPT_KANA | EC_SCRIPT_HAN);
    assert_int_equal(scripts("알 수 없는 원인", NULL), EC_SCRIPT_HANGUL);
    assert_int_equal(scripts("RTMP 推流", NULL), EC_SCRIPT_LATIN | EC_SCRIPT_HAN);
    assert_int_equal(scripts("IP 주소", NULL), EC_SCRIPT_LATIN | EC_SCRIPT_HANGUL);

    other = NULL;
    assert_int_equal(scripts("Привет", &other), EC_SCRIPT_OTHER);
    assert_non_null(other);
    assert_string_equal(other, "Cyrl");
    /* the first other script is named */
    other = NULL;
    assert_int_equal(scripts("abc Привет Γειά", &other), EC_SCRIPT_LATIN | EC_SCRIPT_OTHER);
    assert_string_equal(other, "Cyrl");
    other = NULL;
    assert_int_equal(scripts("Γειά Привет", &other), EC_SCRIPT_OTHER);
    assert_string_equal(other, "Grek");

    /* no letters: digits, punctuation, spaces, marks */
    other = NULL;
    assert_int_equal(scripts("12345", &other), 0);
    assert_null(other);
    assert_int_equal(scripts("404 / 18-305 !?", NULL), 0);
    assert_int_equal(scripts("\xef\xbc\x91\xef\xbc\x92", NULL), 0); /* fullwidth 1 2 */
    assert_int_equal(scripts("、。「」", NULL), 0);
    assert_int_equal(scripts("", NULL), 0);
}

static void test_has_script(void **state)
{
    (void)state;
    assert_true(ec_u_has_script("Привет", strlen("Привет"), "Cyrl"));
    assert_false(ec_u_has_script("hello", 5, "Cyrl"));
    assert_true(ec_u_has_script("abc Γ", strlen("abc Γ"), "Grek"));
    assert_false(ec_u_has_script("12", 2, "Latn"));
    assert_true(ec_u_has_script("x", 1, "Latn"));
}

/* ---- ec_u_locale_script ---- */

static void test_locale_script(void **state)
{
    (void)state;
    char code[5];
    memset(code, 'z', sizeof code);
    assert_int_equal(ec_u_locale_script("ko", code), EC_SCRIPT_HANGUL);
    assert_string_equal(code, "Kore");
    assert_int_equal(ec_u_locale_script("ko-KR", code), EC_SCRIPT_HANGUL);
    assert_int_equal(ec_u_locale_script("ja", code), EC_SCRIPT_KANA | EC_SCRIPT_HAN);
    assert_string_equal(code, "Jpan");
    assert_int_equal(ec_u_locale_script("zh", code), EC_SCRIPT_HAN);
    assert_string_equal(code, "Hans");
    assert_int_equal(ec_u_locale_script("zh-TW", code), EC_SCRIPT_HAN);
    assert_string_equal(code, "Hant");
    assert_int_equal(ec_u_locale_script("zh-Hant", code), EC_SCRIPT_HAN);
    assert_int_equal(ec_u_locale_script("en", code), EC_SCRIPT_LATIN);
    assert_string_equal(code, "Latn");
    assert_int_equal(ec_u_locale_script("de", code), EC_SCRIPT_LATIN);
    assert_int_equal(ec_u_locale_script("de-CH", code), EC_SCRIPT_LATIN);
    assert_int_equal(ec_u_locale_script("ru", code), EC_SCRIPT_OTHER);
    assert_string_equal(code, "Cyrl");
    assert_int_equal(ec_u_locale_script("sr-Latn", code), EC_SCRIPT_LATIN);
    assert_int_equal(ec_u_locale_script("el", code), EC_SCRIPT_OTHER);
    assert_string_equal(code, "Grek");
}

/* ---- ec_u_valid_langtag / ec_u_language ---- */

static void test_valid_langtag(void **state)
{
    (void)state;
    static const char *const good[] = {"en",      "zh-Hant-TW", "ko-KR",  "de-CH-1996", "ja",
                                       "zh-Hans", "sr-Latn-RS", "es-419", "en-US"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (!ec_u_valid_langtag(good[i]))
            fail_msg("ec_u_valid_langtag rejected \"%s\"", good[i]);
    static const char *const bad[] = {"",      "en_US",          "e",       "123",
                                      "en-",   "toolongsubtag1", "-en",     "en--US",
                                      "en US", "en/US",          "en.yaml", "\xc3\xa9n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (ec_u_valid_langtag(bad[i]))
            fail_msg("ec_u_valid_langtag accepted \"%s\"", bad[i]);
}

static void test_language(void **state)
{
    (void)state;
    char out[12];
    ec_u_language("zh-Hant-TW", out);
    assert_string_equal(out, "zh");
    ec_u_language("EN_us", out);
    assert_string_equal(out, "en");
    ec_u_language("ko", out);
    assert_string_equal(out, "ko");
    ec_u_language("", out);
    assert_string_equal(out, "");
    /* never more than 11 bytes and a NUL */
    ec_u_language("abcdefghijklmnop", out);
    assert_int_equal(strlen(out), 11);
}

/* ---- ec_u_tokens ---- */

typedef struct {
    const char *base;
    char text[16][32];
    size_t off[16];
    int upper[16];
    bool is_number[16], has_digit[16];
    size_t n;
} tokens;

static void collect(const ec_token *t, void *ctx)
{
    tokens *tk = ctx;
    assert_true(tk->n < 16);
    assert_true(t->len < 32);
    memcpy(tk->text[tk->n], t->start, t->len);
    tk->text[tk->n][t->len] = '\0';
    tk->off[tk->n] = (size_t)(t->start - tk->base);
    tk->upper[tk->n] = t->upper;
    tk->is_number[tk->n] = t->is_number;
    tk->has_digit[tk->n] = t->has_digit;
    tk->n++;
}

static void run_tokens(tokens *tk, const char *s)
{
    memset(tk, 0, sizeof *tk);
    tk->base = s;
    ec_u_tokens(s, strlen(s), collect, tk);
}

static void test_tokens_mixed(void **state)
{
    (void)state;
    tokens tk;
    const char *s = "RTMP单个帧 H264 3rd party 404";
    run_tokens(&tk, s);
    assert_int_equal(tk.n, 5);
    static const char *const want[] = {"RTMP", "H264", "3rd", "party", "404"};
    static const int upper[] = {4, 1, 0, 0, 0};
    static const bool number[] = {false, false, false, false, true};
    static const bool digit[] = {false, true, true, false, true};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(tk.text[i], want[i]);
        assert_int_equal(tk.upper[i], upper[i]);
        assert_int_equal(tk.is_number[i], number[i]);
        assert_int_equal(tk.has_digit[i], digit[i]);
        /* start points into the text */
        assert_int_equal(tk.off[i], (size_t)(strstr(s, want[i]) - s));
    }
}

static void test_tokens_edges(void **state)
{
    (void)state;
    tokens tk;
    run_tokens(&tk, "");
    assert_int_equal(tk.n, 0);
    run_tokens(&tk, "推流失败。");
    assert_int_equal(tk.n, 0);
    run_tokens(&tk, "IP地址");
    assert_int_equal(tk.n, 1);
    assert_string_equal(tk.text[0], "IP");
    assert_int_equal(tk.upper[0], 2);
    /* a token at the very end of the text is reported */
    run_tokens(&tk, "port 1935");
    assert_int_equal(tk.n, 2);
    assert_string_equal(tk.text[1], "1935");
    assert_true(tk.is_number[1]);
    /* punctuation splits, non-ASCII Latin letters belong to the word */
    run_tokens(&tk, "Zürich/AMF0,x-y");
    assert_int_equal(tk.n, 4);
    assert_string_equal(tk.text[0], "Zürich");
    assert_int_equal(tk.upper[0], 1);
    assert_string_equal(tk.text[1], "AMF0");
    assert_int_equal(tk.upper[1], 3);
    assert_true(tk.has_digit[1]);
    assert_false(tk.is_number[1]);
    assert_string_equal(tk.text[2], "x");
    assert_string_equal(tk.text[3], "y");
    /* a lone digit is a number token of length 1 */
    run_tokens(&tk, "a 5 b");
    assert_int_equal(tk.n, 3);
    assert_string_equal(tk.text[1], "5");
    assert_true(tk.is_number[1]);
    /* Hangul and kana split tokens like Han */
    run_tokens(&tk, "IP주소RTMP");
    assert_int_equal(tk.n, 2);
    assert_string_equal(tk.text[0], "IP");
    assert_string_equal(tk.text[1], "RTMP");
}

/* Up to 15 pieces of `alphabet` (each at most 4 bytes) into buf[60+],
 * drawn by a linear congruential generator; returns the length. */
static size_t random_text(uint64_t *seed, const char *const *alphabet, size_t na, char *buf)
{
    size_t n = 0;
    *seed = *seed * 6364136223846793005u + 1442695040888963407u;
    for (int k = (int)(*seed >> 60); k > 0; k--) {
        *seed = *seed * 6364136223846793005u + 1442695040888963407u;
        const char *piece = alphabet[(*seed >> 33) % na];
        memcpy(buf + n, piece, strlen(piece));
        n += strlen(piece);
    }
    return n;
}

/* ---- ec_u_facts: one pass that must agree with the separate ones ---- */

/* The facts of s against what each function says on its own. */
static void assert_facts_agree(const char *s, size_t n)
{
    unsigned f = ec_u_facts(s, n);
    assert_true(f & EC_FACT_KNOWN);
    if ((f & EC_FACT_SCRIPTS) != ec_u_scripts(s, n, NULL))
        fail_msg("scripts of \"%.*s\": facts %#x, ec_u_scripts %#x", (int)n, s, f & EC_FACT_SCRIPTS,
                 ec_u_scripts(s, n, NULL));
    if (!!(f & EC_FACT_CONTROL) != (ec_u_find_control(s, n, NULL) >= 0))
        fail_msg("control in \"%.*s\": facts and ec_u_find_control disagree", (int)n, s);
    const char *a = ec_u_facts_whitespace(f), *b = ec_u_whitespace_problem(s, n);
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b)))
        fail_msg("white space of \"%.*s\": facts \"%s\", ec_u_whitespace_problem \"%s\"", (int)n, s,
                 a ? a : "none", b ? b : "none");
    if (!(f & EC_FACT_NFC_UNSURE) && !ec_u_is_nfc(s, n))
        fail_msg("\"%.*s\" is not NFC, but its facts are sure it is", (int)n, s);
    char *folded = ec_u_fold_width_digits(s, n);
    if (folded && !(f & EC_FACT_FOLDS))
        fail_msg("\"%.*s\" folds to \"%s\", but its facts say it cannot", (int)n, s, folded);
    free(folded);
    if (!!(f & EC_FACT_MARKUP) != (memchr(s, '%', n) || memchr(s, '{', n)))
        fail_msg("markup of \"%.*s\": facts and the bytes disagree", (int)n, s);
    if (f & EC_FACT_PLAIN) {
        char *c = ec_u_comparable(s, n);
        if (strlen(c) != n || memcmp(c, s, n))
            fail_msg("\"%.*s\" is plain, but its comparable form is \"%s\"", (int)n, s, c);
        free(c);
    }
}

static void test_facts_examples(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "",
        "Internal error.",
        " lead",
        "trail ",
        "dou  ble",
        "tab\there",
        "line\nbreak",
        "NEL\xc2\x85"
        "x",
        IDEO_SPACE "x",
        "a" IDEO_SPACE "b",
        "a" NBSP "b",
        "caf" E_ACUTE,
        "cafe" COMBINING_ACUTE,
        "\xe6\xb5\x81 %ld\xef\xbc\x9a\xe4\xbd\xbf\xe7\x94\xa8",
        "\xe3\x82\xb9\xe3\x83\x88\xe3\x83\xaa\xe3\x83\xbc\xe3\x83\xa0", /* ストリーム */
        "\xef\xbc\xa8\xef\xbd\x85",
        /* fullwidth He */ "\xef\xbd\xb6\xef\xbe\x9e", /* halfwidth ｶﾞ */
        "\xd0\x9f\xd1\x80\xd0\xb8",
        /* Cyrillic */ "bad \xff byte",
        "nul \x01 ctl",
        "\xef\xbf\xbe nonchar",
        "\xe1\x84\x80\xe1\x85\xa1", /* conjoining jamo */
        "\xe3\x80\xaa mark",
        "   ",
        "\t",
        /* the three-byte fast decoding and its edges: Hangul past U+D000
         * (lead byte 0xED), Devanagari (0xE0), a cut sequence, a surrogate */
        "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4",
        "\xe0\xa4\x95 ka",
        "ab\xe4\xb8",
        "\xe4\xb8",
        "x \xed\xa0\x80 y",
        "\xe4\xb8\xad\xe6\x96\x87 \xef\xbc\x9a end",
        "{0} of {1}",
        "\xd9\xa3\xd9\xa0 arabic-indic digits",
        "\xef\xbc\x93\xef\xbc\x90 fullwidth digits",
        "100%",
        "\xe4\xb8\xad{name}",
        "%",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        assert_facts_agree(texts[i], strlen(texts[i]));
    /* fullwidth forms, kana with the prolonged sound mark and the CJK
     * blocks are NFC without asking ICU; a combining mark is not */
    assert_false(ec_u_facts("\xef\xbc\xa8\xef\xbd\x85", 6) & EC_FACT_NFC_UNSURE);
    assert_true(ec_u_facts(texts[15], strlen(texts[15])) & EC_FACT_PLAIN);
    assert_true(ec_u_facts("cafe" COMBINING_ACUTE, 6) & EC_FACT_NFC_UNSURE);
    assert_false(ec_u_facts("a" IDEO_SPACE "b", 5) & EC_FACT_PLAIN);
    assert_false(ec_u_facts("bad \xff byte", 10) & EC_FACT_PLAIN);
}

/* Random strings over an alphabet of the characters the fast paths treat
 * specially, and the edges of their ranges. */
static void test_facts_random(void **state)
{
    (void)state;
    static const char *const alphabet[] = {
        "a",
        "Z",
        "7",
        " ",
        "\t",
        "\n",
        "\r",
        "\x0b",
        "\x01",
        "\x7f",
        "%",
        "{",
        "\xc2\x80",
        "\xc2\x85",
        "\xc2\xa0",
        E_ACUTE,
        COMBINING_ACUTE,
        "\xcc\x80",
        "\xe3\x80\x80",
        "\xe3\x80\x81",
        "\xe3\x80\xa9",
        "\xe3\x80\xaa",
        "\xe3\x80\xaf",
        "\xe3\x80\xb0",
        "\xe3\x81\x81",
        "\xe3\x82\x96",
        "\xe3\x82\x99",
        "\xe3\x82\xa1",
        "\xe3\x83\xba",
        "\xe3\x83\xbb",
        "\xe3\x83\xbc",
        "\xe3\x83\xbd",
        "\xe4\xb8\x80",
        "\xe9\xbf\xbf",
        "\xea\xb0\x80",
        "\xed\x9e\xa3",
        "\xef\xbc\x81",
        "\xef\xbf\xae",
        "\xef\xbf\xaf",
        "\xef\xbf\xbe",
        "\xef\xb7\x90",
        "\xe2\x80\xa8",
        "\xe2\x80\x8b",
        "\xd0\x96",
        "\xd7\x90",
        "\xe1\x84\x80",
        "\xe1\x85\xa1",
        "\xf0\x9f\x98\x80",
        "\xff",
        "\xc3",
        "\xe3\x81",
    };
    size_t na = sizeof alphabet / sizeof *alphabet;
    uint64_t seed = 0x9e3779b97f4a7c15u;
    char buf[64];
    for (int round = 0; round < 20000; round++) {
        size_t n = random_text(&seed, alphabet, na, buf);
        assert_facts_agree(buf, n);
    }
}

/* ---- ec_u_has_token: a search that must agree with the tokens ---- */

typedef struct {
    const char *w;
    size_t wn;
    bool found;
} token_probe;

static void probe_token(const ec_token *t, void *ctx)
{
    token_probe *p = ctx;
    p->found |= t->len == p->wn && !memcmp(t->start, p->w, p->wn);
}

static void test_has_token(void **state)
{
    (void)state;
    assert_true(ec_u_has_token("the RTMP push", 13, "RTMP", 4));
    assert_false(ec_u_has_token("the RTMPS push", 14, "RTMP", 4));
    assert_false(ec_u_has_token("H264x", 5, "H264", 4));
    assert_true(ec_u_has_token("\xe4\xbd\xbf\xe7\x94\xa8H264\xe8\xa7\x86", 13, "H264", 4));
    assert_false(ec_u_has_token("caf" E_ACUTE "RTMP", 9, "RTMP", 4)); /* é is a Latin letter */
    assert_true(ec_u_has_token("RTMP RTMPS RTMP", 15, "RTMPS", 5));
    assert_false(ec_u_has_token("", 0, "A", 1));
    /* a long text, searched by memmem: near misses, then the word at the end */
    ec_buf longer = {0};
    for (int i = 0; i < 500; i++)
        ec_buf_puts(&longer, "RTMPS xRTMP ");
    assert_false(ec_u_has_token(longer.data, longer.len, "RTMP", 4));
    ec_buf_puts(&longer, "RTMP");
    assert_true(ec_u_has_token(longer.data, longer.len, "RTMP", 4));
    ec_buf_free(&longer);
    /* random texts over token and non-token characters */
    static const char *const alphabet[] = {
        "A", "B", "1", "AB", " ", "-", E_ACUTE, "\xe4\xbd\xbf", "\xef\xbc\x91", "\xd0\x96", "\xff"};
    static const char *const words[] = {"A", "AB", "B1", "1", "ABA"};
    size_t na = sizeof alphabet / sizeof *alphabet;
    uint64_t seed = 42;
    char buf[64];
    for (int round = 0; round < 20000; round++) {
        size_t n = random_text(&seed, alphabet, na, buf);
        const char *w = words[round % 5];
        token_probe p = {w, strlen(w), false};
        ec_u_tokens(buf, n, probe_token, &p);
        if (p.found != ec_u_has_token(buf, n, w, p.wn))
            fail_msg("\"%s\" in \"%.*s\": tokens say %d", w, (int)n, buf, p.found);
    }
}

/* Width folding and digit values: what terms compares. One buffer for
 * every call of the _into form, as terms reuses it: each call must empty
 * it first, whatever the previous text left. */
static ec_buf fold_reused;

static void expect_fold(const char *in, const char *want)
{
    char *got = ec_u_fold_width_digits(in, strlen(in));
    bool changed = ec_u_fold_width_digits_into(&fold_reused, in, strlen(in));
    if (!want) {
        assert_null(got);
        assert_false(changed);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_true(changed);
    assert_string_equal(fold_reused.data, want);
    assert_int_equal(fold_reused.len, strlen(want));
    free(got);
}

static void test_fold_width_digits(void **state)
{
    expect_fold("RTMP 30", NULL);                /* ASCII: unchanged */
    expect_fold("ＲＴＭＰ３０秒", "RTMP30秒");   /* fullwidth Latin and digits */
    expect_fold("（４０３）", "(403)");          /* fullwidth parentheses */
    expect_fold("ｶﾀｶﾅ", "カタカナ");             /* halfwidth katakana */
    expect_fold("(۴۰۳)", "(403)");               /* Persian */
    expect_fold("١٧٥٪", "175٪");                 /* Arabic-Indic; ٪ is no % */
    expect_fold("३० সেকেন্ড ৩০", "30 সেকেন্ড 30"); /* Devanagari, Bengali */
    expect_fold("東京", NULL);                   /* nothing to fold */
    /* folded characters between kept ones, ASCII, CJK and bad bytes */
    expect_fold("a ＲＴＭＰ b", "a RTMP b");
    expect_fold("第３章：完了", "第3章:完了");
    expect_fold("\xff３\xe4", "\xff"
                              "3\xe4");
    expect_fold("\xe4\xb8", NULL);
    /* a short result after a long one, in the same buffer */
    expect_fold("ＲＴＭＰ ＲＴＭＰ ＲＴＭＰ ＲＴＭＰ ＲＴＭＰ", "RTMP RTMP RTMP RTMP RTMP");
    expect_fold("３", "3");
    ec_buf_free(&fold_reused);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comparable_nfc),
        cmocka_unit_test(test_comparable_trim_collapse),
        cmocka_unit_test(test_comparable_empty_and_blank),
        cmocka_unit_test(test_comparable_ascii_fast_path),
        cmocka_unit_test(test_comparable_length_bound),
        cmocka_unit_test(test_is_nfc),
        cmocka_unit_test(test_valid_utf8),
        cmocka_unit_test(test_find_control),
        cmocka_unit_test(test_count_chars),
        cmocka_unit_test(test_scripts),
        cmocka_unit_test(test_has_script),
        cmocka_unit_test(test_locale_script),
        cmocka_unit_test(test_valid_langtag),
        cmocka_unit_test(test_language),
        cmocka_unit_test(test_tokens_mixed),
        cmocka_unit_test(test_tokens_edges),
        cmocka_unit_test(test_facts_examples),
        cmocka_unit_test(test_facts_random),
        cmocka_unit_test(test_has_token),
        cmocka_unit_test(test_fold_width_digits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
