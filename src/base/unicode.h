/* Unicode: every use of ICU lives in src/base/unicode.c (base layer). */
#ifndef ERRCAT_BASE_UNICODE_H
#define ERRCAT_BASE_UNICODE_H

#include "base/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Script classes the script and terms checks care about. */
enum {
    EC_SCRIPT_LATIN = 1u << 0,
    EC_SCRIPT_HAN = 1u << 1,
    EC_SCRIPT_KANA = 1u << 2, /* Hiragana or Katakana */
    EC_SCRIPT_HANGUL = 1u << 3,
    EC_SCRIPT_OTHER = 1u << 4 /* a letter of any other script */
};

/* NFC, then trim and collapse runs of white space to one U+0020. */
char *ec_u_comparable(const char *s, size_t n);
/* The same into `out` (emptied first), without allocating when it can. */
void ec_u_comparable_into(ec_buf *out, const char *s, size_t n);
bool ec_u_is_nfc(const char *s, size_t n);
/* s[0..n) holds a line break (LF, CR, NEL, LS, PS), a C0 control or DEL. */
bool ec_u_has_break_or_control(const char *s, size_t n);
/* Validates UTF-8; on failure stores the byte offset of the first bad sequence. */
bool ec_u_valid_utf8(const char *s, size_t n, size_t *bad_offset);
/* The first code point of `s` that is a control character other than TAB,
 * LF or CR (C0, DEL, C1 except NEL) or a noncharacter (U+FDD0-FDEF, U+FFFE,
 * U+FFFF and their kin in every plane), as its value, or -1; `*offset` gets
 * its byte offset. */
int32_t ec_u_find_control(const char *s, size_t n, size_t *offset);
/* What is wrong with the white space of a text ("has trailing white space"),
 * or NULL. */
const char *ec_u_whitespace_problem(const char *s, size_t n);
/* The white space of a text, aspect by aspect, for comparing a translation
 * with its source: EC_WS_* bits. A leading (trailing) run of white space is
 * a LEAD_BREAK (TRAIL_BREAK) when it holds a line break, else a LEAD_SPACE
 * (TRAIL_SPACE); between the runs, a line break, a tab and two white-space
 * characters in a row are INNER_BREAK, TAB and DOUBLED. */
enum {
    EC_WS_LEAD_SPACE = 1u << 0,
    EC_WS_LEAD_BREAK = 1u << 1,
    EC_WS_TRAIL_SPACE = 1u << 2,
    EC_WS_TRAIL_BREAK = 1u << 3,
    EC_WS_INNER_BREAK = 1u << 4,
    EC_WS_TAB = 1u << 5,
    EC_WS_DOUBLED = 1u << 6
};
unsigned ec_u_whitespace_shape(const char *s, size_t n);
/* The facts of a text that the checks and the comparable form need, found
 * in one pass (at load time, for every entry): EC_SCRIPT_* of its letters
 * (ec_u_scripts), EC_FACT_* flags, and its white-space problem
 * (ec_u_facts_whitespace). */
enum {
    EC_FACT_SCRIPTS = 0x1f,       /* EC_SCRIPT_* bits */
    EC_FACT_CONTROL = 1u << 5,    /* ec_u_find_control() finds something */
    EC_FACT_NFC_UNSURE = 1u << 6, /* ask ec_u_is_nfc(); else it is NFC */
    EC_FACT_PLAIN = 1u << 7,      /* ec_u_comparable(s) == s */
    EC_FACT_WS_SHIFT = 8,         /* 3 bits: the white-space problem */
    EC_FACT_KNOWN = 1u << 11,     /* the facts were found */
    EC_FACT_MARKUP = 1u << 12,    /* a '%' or '{': a placeholder may begin */
    EC_FACT_BLANK = 1u << 13,     /* the comparable form is empty (set by the loader) */
    EC_FACT_FOLDS = 1u << 14      /* ec_u_fold_width_digits() may change it */
};
unsigned ec_u_facts(const char *s, size_t n);
/* ec_u_whitespace_problem() of the text with these facts. */
const char *ec_u_facts_whitespace(unsigned facts);
/* Columns `s` takes in a monospace font: East Asian Wide and Fullwidth
 * characters count 2, combining marks and format characters 0. */
size_t ec_u_display_width(const char *s, size_t n);
/* Number of code points in s[0..n). */
size_t ec_u_count_chars(const char *s, size_t n);
/* Bit set of EC_SCRIPT_* among the letters of `s`; with `other_script` the
 * ICU short name of the first "other" script is stored ("Cyrl"). */
unsigned ec_u_scripts(const char *s, size_t n, const char **other_script);
/* The script a locale is written in, from ICU likely subtags: one
 * EC_SCRIPT_* bit set for CJK locales (Kore: HANGUL, Jpan: KANA|HAN,
 * Hans/Hant: HAN), EC_SCRIPT_LATIN for Latin, EC_SCRIPT_OTHER otherwise with
 * the ISO 15924 code in `code`. */
#define EC_SCRIPT_MAX 5 /* an ISO 15924 code ("Cyrl") and its NUL */
unsigned ec_u_locale_script(const char *tag, char code[EC_SCRIPT_MAX]);
/* True when `s` holds a letter of the ISO 15924 script `code`. */
bool ec_u_has_script(const char *s, size_t n, const char *code);
/* Sets up ICU's shared objects; call once before using unicode.c from
 * several threads. */
void ec_u_init(void);
/* Well-formed BCP 47 language tag? */
bool ec_u_valid_langtag(const char *tag);
/* The primary language subtag of `tag`, lower-cased, into out[EC_LANG_MAX]
 * (cut after EC_LANG_MAX - 1 characters). */
#define EC_LANG_MAX 12
void ec_u_language(const char *tag, char out[EC_LANG_MAX]);

/* Is `s` (a comparable form: trimmed, single spaces) one word: no white
 * space in it, and ICU's word breaking finds one word at most ("Mozilla",
 * "OK", "e-mail" is two; a Japanese sentence without spaces is several)? */
bool ec_u_one_word(const char *s, size_t n);

/* `s` with its fullwidth and halfwidth forms replaced by their NFKC forms
 * (ＲＴＭＰ: RTMP) and every decimal digit of any script by its ASCII digit
 * (３０, ٣٠, ۳۰, ३०: 30), as a new string; NULL when that changes nothing. */
char *ec_u_fold_width_digits(const char *s, size_t n);
/* The same into `out` (emptied first; NUL-terminated when it returns true),
 * for a caller that folds text after text: false when nothing changes. */
bool ec_u_fold_width_digits_into(ec_buf *out, const char *s, size_t n);

/* Latin words and numbers of a text, for the terms check. */
typedef struct {
    const char *start; /* into the text */
    size_t len;
    bool is_number; /* digits only */
    int upper;      /* number of upper-case letters */
    bool has_digit;
} ec_token;

/* Calls `fn` for every maximal run of Latin letters and decimal digits. */
void ec_u_tokens(const char *s, size_t n, void (*fn)(const ec_token *, void *), void *ctx);
/* Is w[0..wn), made of token characters, one of the tokens of s[0..n)?
 * (A search, not a tokenisation of s.) */
bool ec_u_has_token(const char *s, size_t n, const char *w, size_t wn);

#endif
