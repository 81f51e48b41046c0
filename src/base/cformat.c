/* printf format strings as GNU gettext's c-format reads them (see
 * cformat.h). What counts as the same argument type follows msgfmt -c of
 * gettext 0.21, checked against it by tests/unit/test_cformat_msgfmt.c:
 * %i is %d, %u %o %x %X are one unsigned type, every floating conversion is
 * a double (a long double with L, ll or q), %C is %lc, %S is %ls; a size
 * modifier makes another integer type (%ld is not %d, %zu is not %lu). */
#include "base/cformat.h"

#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An argument type: a kind, and a size (in bits 4 and up). */
enum { K_INT = 1, K_UINT, K_DOUBLE, K_CHAR, K_STRING, K_POINTER, K_COUNT };
enum {
    SZ_NONE,
    SZ_CHAR, /* hh */
    SZ_SHORT,
    SZ_LONG,
    SZ_LLONG, /* ll, L, q */
    SZ_INTMAX,
    SZ_SIZE,
    SZ_PTRDIFF,
    SZ_INTPTR, /* <PRIdPTR> */
    SZ_FIXED   /* <PRId8> and up: SZ_FIXED + 3 * log2(N / 8) + (0, LEAST 1, FAST 2) */
};
#define TYPE(kind, size) ((unsigned)(kind) | (unsigned)(size) << 4)

/* An argument a directive takes: its number (0: unnumbered) and type. */
typedef struct {
    size_t number;
    unsigned type;
} arg;

/* What the parse has seen so far. */
typedef struct {
    ec_cfmt *f;
    arg *args;
    size_t nargs, unnumbered;
    bool numbered_seen, unnumbered_seen;
    size_t directive; /* 1-based, for messages */
} state;

/* Notes the first reason the text is no valid format. */
static void invalid(ec_cfmt *f, const char *why)
{
    if (!f->valid)
        return;
    f->valid = false;
    snprintf(f->why, sizeof f->why, "%s", why);
}

/* The same, for a reason that names a directive or an argument number. */
#define INVALID(f, ...)                                                                            \
    do {                                                                                           \
        char why_[sizeof(f)->why];                                                                 \
        snprintf(why_, sizeof why_, __VA_ARGS__);                                                  \
        invalid(f, why_);                                                                          \
    } while (0)

/* Reads an argument number "N$" at *p; true (and *p past the '$') when the
 * digits there are followed by '$'. */
static bool arg_number(const char **p, size_t *n)
{
    const char *q = *p;
    size_t m = 0;
    if (*q < '0' || *q > '9')
        return false;
    while (*q >= '0' && *q <= '9') {
        m = m < 100000 ? 10 * m + (size_t)(*q - '0') : m;
        q++;
    }
    if (*q != '$')
        return false;
    *n = m;
    *p = q + 1;
    return true;
}

/* An ISO C99 <inttypes.h> macro at *f ('<'): <PRI{d,i,o,u,x,X}{MAX,PTR,N,
 * LEASTN,FASTN}> with N 8, 16, 32 or 64. Its type, or 0; *f is left on '>'. */
static unsigned inttypes_macro(const char **f)
{
    const char *p = *f + 1;
    if (strncmp(p, "PRI", 3) != 0 || !p[3] || !strchr("diouxX", p[3]))
        return 0;
    int kind = p[3] == 'd' || p[3] == 'i' ? K_INT : K_UINT, size;
    p += 4;
    if (!strncmp(p, "MAX", 3) || !strncmp(p, "PTR", 3)) {
        size = p[0] == 'M' ? SZ_INTMAX : SZ_INTPTR;
        p += 3;
    } else {
        int variant = 0;
        if (!strncmp(p, "LEAST", 5))
            variant = 1, p += 5;
        else if (!strncmp(p, "FAST", 4))
            variant = 2, p += 4;
        static const char *const widths[] = {"8", "16", "32", "64"};
        int w = 0;
        while (w < 4 && strncmp(p, widths[w], strlen(widths[w])))
            w++;
        if (w == 4)
            return 0;
        p += strlen(widths[w]);
        size = SZ_FIXED + 3 * w + variant;
    }
    if (*p != '>')
        return 0;
    *f = p;
    return TYPE(kind, size);
}

/* Applies one size modifier at *f to `size`, as gettext does (a repeated
 * 'h' or 'l' doubles, the last other one wins); false when there is none. */
static bool size_modifier(const char **f, int *size)
{
    switch (**f) {
    case 'h': *size = *size == SZ_SHORT || *size == SZ_CHAR ? SZ_CHAR : SZ_SHORT; break;
    case 'l': *size = *size == SZ_LONG || *size == SZ_LLONG ? SZ_LLONG : SZ_LONG; break;
    case 'L':
    case 'q': *size = SZ_LLONG; break;
    case 'j': *size = SZ_INTMAX; break;
    case 'z':
    case 'Z': *size = SZ_SIZE; break;
    case 't': *size = SZ_PTRDIFF; break;
    default: return false;
    }
    (*f)++;
    return true;
}

/* The type conversion `c` with `size` takes: 0 for none (%%, %m), -1 when
 * `c` is no conversion. */
static int conversion_type(char c, int size)
{
    bool wide = size == SZ_LONG || size == SZ_LLONG;
    switch (c) {
    case '%':
    case 'm': return 0;
    case 'd':
    case 'i': return (int)TYPE(K_INT, size);
    case 'o':
    case 'u':
    case 'x':
    case 'X': return (int)TYPE(K_UINT, size);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'a':
    case 'A': return (int)TYPE(K_DOUBLE, size == SZ_LLONG ? SZ_LLONG : SZ_NONE);
    case 'c': return (int)TYPE(K_CHAR, wide ? SZ_LONG : SZ_NONE);
    case 'C': return (int)TYPE(K_CHAR, SZ_LONG);
    case 's': return (int)TYPE(K_STRING, wide ? SZ_LONG : SZ_NONE);
    case 'S': return (int)TYPE(K_STRING, SZ_LONG);
    case 'p': return (int)TYPE(K_POINTER, SZ_NONE);
    case 'n': return (int)TYPE(K_COUNT, size);
    default: return -1;
    }
}

/* The arguments one directive takes, before they are kept. */
typedef struct {
    arg a[3]; /* width, precision, conversion */
    size_t n;
} pending;

/* A '*' width or precision at *f (on the '*'): an int argument, numbered
 * when "*N$" follows. False for "*0$". */
static bool star(const char **f, pending *p)
{
    (*f)++;
    size_t n = 0;
    if (arg_number(f, &n) && n == 0)
        return false;
    p->a[p->n++] = (arg){n, TYPE(K_INT, SZ_NONE)};
    return true;
}

/* A width or a precision at *f: '*' (see star()) or decimal digits, or
 * nothing. False for "*0$". */
static bool field(const char **f, pending *p)
{
    if (**f == '*')
        return star(f, p);
    while (**f >= '0' && **f <= '9')
        (*f)++;
    return true;
}

/* Reads the directive after the '%' at s[i]; its length (from the '%'),
 * or 0 when it is invalid (the reason noted) or prose by the space rule
 * (*prose set). */
static size_t directive(state *st, const char *s, size_t i, unsigned flags, bool *prose)
{
    ec_cfmt *f = st->f;
    const char *p = s + i + 1;
    pending pd = {.n = 0};
    size_t number = 0;
    bool space = false;
    *prose = false;
    const char *q = p;
    if (arg_number(&q, &number)) {
        if (number == 0) {
            INVALID(f, "in directive %zu, the argument number 0 is not a positive integer",
                    st->directive);
            return 0;
        }
        p = q;
    }
    for (;; p++) {
        if (*p == ' ')
            space = true;
        else if (!(*p && strchr("+-#0'", *p)) && !(*p == 'I' && (flags & EC_CFMT_TRANSLATED)))
            break;
    }
    if (space && (flags & EC_CFMT_SPACE_IS_PROSE)) {
        *prose = true;
        return 0;
    }
    if (!field(&p, &pd)) /* the width */
        goto zero;
    if (*p == '.') {
        p++;
        if (!field(&p, &pd)) /* the precision */
            goto zero;
    }
    int size = SZ_NONE;
    while (size_modifier(&p, &size))
        ;
    int type;
    if (*p == '<') {
        type = (int)inttypes_macro(&p);
        if (!type) {
            INVALID(f, "in directive %zu, the <...> after '%%' is no <inttypes.h> macro",
                    st->directive);
            return 0;
        }
    } else if (!*p) {
        invalid(f, "it ends in the middle of a directive");
        return 0;
    } else if ((type = conversion_type(*p, size)) < 0) {
        if ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f)
            INVALID(f, "in directive %zu, '%c' is no conversion", st->directive, *p);
        else
            INVALID(f, "in directive %zu, the character after '%%' is no conversion",
                    st->directive);
        return 0;
    }
    if (type > 0)
        pd.a[pd.n++] = (arg){number, (unsigned)type};
    size_t len = (size_t)(p + 1 - (s + i));
    /* keep the directive and its arguments */
    for (size_t k = 0; k < pd.n; k++) {
        arg a = pd.a[k];
        if (a.number)
            st->numbered_seen = true;
        else {
            st->unnumbered_seen = true;
            a.number = ++st->unnumbered;
        }
        st->args = ec_xrealloc(st->args, (st->nargs + 1) * sizeof *st->args);
        st->args[st->nargs++] = a;
    }
    f->dirs = ec_xrealloc(f->dirs, (f->ndirs + 1) * sizeof *f->dirs);
    f->dirs[f->ndirs++] = (ec_cfmt_dir){i, len};
    f->likely += !space;
    f->odd_percent |= *p == '%' && len != 2;
    return len;
zero:
    INVALID(f, "in directive %zu, the argument number 0 is not a positive integer", st->directive);
    return 0;
}

/* The arguments by number: each used, each with one type. */
static void number_args(state *st)
{
    ec_cfmt *f = st->f;
    if (st->numbered_seen && st->unnumbered_seen)
        invalid(f, "it mixes numbered (%1$s) and unnumbered (%s) arguments");
    size_t max = 0;
    for (size_t k = 0; k < st->nargs; k++)
        max = st->args[k].number > max ? st->args[k].number : max;
    f->nargs = max;
    f->args = ec_xcalloc(max + 1, sizeof *f->args);
    for (size_t k = 0; k < st->nargs; k++) {
        unsigned *t = &f->args[st->args[k].number - 1];
        if (*t && *t != st->args[k].type)
            INVALID(f, "it uses argument %zu as two different types", st->args[k].number);
        if (!*t)
            *t = st->args[k].type;
    }
    for (size_t n = 0; n < max; n++)
        if (!f->args[n]) {
            INVALID(f, "it uses argument %zu but not argument %zu", max, n + 1);
            break;
        }
}

void ec_cfmt_parse(ec_cfmt *f, const char *s, unsigned flags)
{
    memset(f, 0, sizeof *f);
    f->valid = true;
    state st = {.f = f};
    for (size_t i = 0; s[i];) {
        if (s[i] != '%') {
            i++;
            continue;
        }
        bool prose;
        st.directive++;
        size_t n = directive(&st, s, i, flags, &prose);
        if (prose)
            st.directive--;
        i += n ? n : 1;
    }
    number_args(&st);
    free(st.args);
}

void ec_cfmt_free(ec_cfmt *f)
{
    free(f->dirs);
    free(f->args);
    memset(f, 0, sizeof *f);
}

const char *ec_cfmt_type_name(unsigned type, char buf[40])
{
    static const char *const ints[] = {"int",     "signed char", "short",
                                       "long",    "long long",   "intmax_t",
                                       "ssize_t", "ptrdiff_t",   "intptr_t"};
    static const char *const uints[] = {"unsigned int",  "unsigned char",      "unsigned short",
                                        "unsigned long", "unsigned long long", "uintmax_t",
                                        "size_t",        "unsigned ptrdiff_t", "uintptr_t"};
    unsigned kind = type & 15u, size = type >> 4;
    const char *name = "unknown";
    switch (kind) {
    case K_INT:
    case K_UINT:
    case K_COUNT:
        if (size >= SZ_FIXED) {
            static const char *const variants[] = {"", "_least", "_fast"};
            snprintf(buf, 40, "%sint%s%d_t%s", kind == K_UINT ? "u" : "",
                     variants[(size - SZ_FIXED) % 3], 8 << ((size - SZ_FIXED) / 3),
                     kind == K_COUNT ? " *" : "");
            return buf;
        }
        name = size < 9 ? (kind == K_UINT ? uints : ints)[size] : name;
        break;
    case K_DOUBLE: name = size ? "long double" : "double"; break;
    case K_CHAR: name = size ? "wide character" : "character"; break;
    case K_STRING: name = size ? "wide string" : "string"; break;
    case K_POINTER: name = "pointer"; break;
    default: break;
    }
    snprintf(buf, 40, "%s%s", name, kind == K_COUNT ? " *" : "");
    return buf;
}
