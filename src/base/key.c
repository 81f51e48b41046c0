/* Keys "<errcode>/<sub_errcode>": parsing, formatting, order. */
#include "base/key.h"

#include <limits.h>
#include <stddef.h>
#include <string.h>

/* One signed 32-bit decimal without leading zeros or "-0". */
static bool parse_int32(const char *s, size_t n, int32_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && s[i] == '-') {
        neg = true;
        i++;
    }
    if (i == n || s[i] < '0' || s[i] > '9')
        return false;
    if (s[i] == '0' && (n - i > 1 || neg))
        return false;
    int64_t v = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
        if (v > (int64_t)INT32_MAX + 1)
            return false;
    }
    if (neg)
        v = -v;
    if (v > INT32_MAX || v < INT32_MIN)
        return false;
    *out = (int32_t)v;
    return true;
}

bool ec_key_parse(const char *s, size_t n, int32_t *code, int32_t *sub)
{
    const char *slash = memchr(s, '/', n);
    if (!slash)
        return false;
    size_t a = (size_t)(slash - s);
    return parse_int32(s, a, code) && parse_int32(slash + 1, n - a - 1, sub);
}

/* Decimal digits of v (which may be negative) at p; returns the end. */
static char *put_int(char *p, int32_t v)
{
    char tmp[EC_CODE_MAX];
    int n = 0;
    int64_t x = v;
    if (x < 0) {
        *p++ = '-';
        x = -x;
    }
    do {
        tmp[n++] = (char)('0' + x % 10);
        x /= 10;
    } while (x);
    while (n)
        *p++ = tmp[--n];
    return p;
}

size_t ec_int_format(char out[EC_CODE_MAX], int32_t v)
{
    char *end = put_int(out, v);
    *end = '\0';
    return (size_t)(end - out);
}

void ec_key_format(char out[EC_KEY_MAX], int32_t code, int32_t sub)
{
    char *p = put_int(out, code);
    *p++ = '/';
    p = put_int(p, sub);
    *p = '\0';
}

int ec_key_cmp(int32_t c1, int32_t s1, int32_t c2, int32_t s2)
{
    if (c1 != c2)
        return c1 < c2 ? -1 : 1;
    if (s1 != s2)
        return s1 < s2 ? -1 : 1;
    return 0;
}
