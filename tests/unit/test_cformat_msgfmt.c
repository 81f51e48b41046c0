/* The placeholder check against GNU msgfmt -c: thousands of generated pairs
 * of a source text with printf directives and a translation of it (reordered
 * with argument numbers, equivalent or other conversions, a dropped or an
 * added argument, numbered and unnumbered arguments mixed, '*' widths and
 * precisions, "%%", size modifiers, a stray '%'), written as c-format
 * messages into PO files, one per batch. msgfmt -c names the line of each
 * message it rejects; ec_placeholders_differ must reject exactly those.
 * Deterministic (a fixed seed); no space flag is generated, since errcat
 * reads "50% off" as prose where gettext reads "% o" (README "Checks"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <unistd.h>

#include "base/buf.h"
#include "base/cformat.h"
#include "check/families.h"

enum { BATCHES = 3, PER_BATCH = 1000, MAX_DIRS = 6 };

/* ---- a small deterministic generator ---- */

static uint64_t seed = 0x9e3779b97f4a7c15u;

/* A pseudo-random number below n (xorshift64*). */
static unsigned rnd(unsigned n)
{
    seed ^= seed >> 12;
    seed ^= seed << 25;
    seed ^= seed >> 27;
    return (unsigned)((seed * 0x2545f4914f6cdd1du) >> 33) % n;
}

static const char *pick(const char *const *v, size_t n)
{
    return v[rnd((unsigned)n)];
}
#define PICK(v) pick(v, sizeof v / sizeof *v)

/* One directive, abstractly: argument numbers are given when it is
 * written. */
typedef struct {
    char flags[4];
    int width, prec; /* 0 none, 1 digits, 2 '*' */
    char size[3];
    char conv;
    int unnumbered; /* written without numbers in a numbered text */
} dir;

static const char convs[] = "diouxXeEfFgGaAcspnCSm%";
static const char *const sizes[] = {"",   "",  "",  "",  "hh", "h", "l",
                                    "ll", "L", "q", "j", "z",  "Z", "t"};

static dir random_dir(bool translated)
{
    dir d;
    memset(&d, 0, sizeof d);
    d.conv = convs[rnd(sizeof convs - 1)];
    if (d.conv == '%' && rnd(4))
        return d; /* mostly a plain "%%" */
    static const char flag_chars[] = "-+#0'";
    for (unsigned k = 0, n = rnd(4) == 0 ? 1 + rnd(2) : 0; k < n; k++)
        d.flags[k] = flag_chars[rnd(sizeof flag_chars - 1)];
    if (translated && rnd(30) == 0)
        d.flags[strlen(d.flags)] = 'I'; /* glibc, accepted in translations only */
    d.width = rnd(6) == 0 ? 2 : rnd(4) == 0 ? 1 : 0;
    d.prec = rnd(8) == 0 ? 2 : rnd(4) == 0 ? 1 : 0;
    if (d.conv != '%' && d.conv != 'm')
        strcpy(d.size, PICK(sizes));
    return d;
}

/* The arguments directive d takes: '*' width, '*' precision, conversion. */
static int dir_args(const dir *d)
{
    return (d->width == 2) + (d->prec == 2) + (d->conv != '%' && d->conv != 'm');
}

static void put_number(ec_buf *b, bool numbered, int number)
{
    if (numbered)
        ec_buf_printf(b, "%d$", number);
}

/* Writes directive d; its arguments are numbers first, first + 1, ... */
static void write_dir(ec_buf *b, const dir *d, bool numbered, int first)
{
    numbered = numbered && !d->unnumbered;
    int k = first;
    bool conv_arg = d->conv != '%' && d->conv != 'm';
    ec_buf_putc(b, '%');
    if (conv_arg)
        put_number(b, numbered, first + (d->width == 2) + (d->prec == 2));
    ec_buf_puts(b, d->flags);
    if (d->width == 1)
        ec_buf_puts(b, "12");
    if (d->width == 2) {
        ec_buf_putc(b, '*');
        put_number(b, numbered, k++);
    }
    if (d->prec == 1)
        ec_buf_puts(b, ".3");
    if (d->prec == 2) {
        ec_buf_puts(b, ".*");
        put_number(b, numbered, k++);
    }
    ec_buf_puts(b, d->size);
    ec_buf_putc(b, d->conv);
}

static const char *const words[] = {"files", "Datei", "ファイル", "x", ":", "of", "(", ")"};

/* A text of directives `d` (their first argument numbers in `first`),
 * written in the order `order`, with words between. */
static void write_text(ec_buf *b, const dir *d, const int *first, const int *order, int n,
                       bool numbered)
{
    for (int i = 0; i < n; i++) {
        if (rnd(3))
            ec_buf_printf(b, "%s ", PICK(words));
        write_dir(b, &d[order[i]], numbered, first[order[i]]);
        ec_buf_putc(b, ' ');
    }
    ec_buf_puts(b, PICK(words));
}

/* One pair: the source text into `src`, a translation into `tr`. */
static void make_pair(ec_buf *src, ec_buf *tr)
{
    dir d[MAX_DIRS + 1];
    int n = 1 + (int)rnd(4), first[MAX_DIRS + 1], order[MAX_DIRS + 1];
    for (int i = 0; i < n; i++)
        d[i] = random_dir(false);
    bool numbered = rnd(4) == 0;
    int next = 1;
    for (int i = 0; i < n; i++) {
        first[i] = next;
        next += dir_args(&d[i]);
        order[i] = i;
    }
    if (numbered) /* a numbered source may have its own order */
        for (int i = n - 1; i > 0; i--) {
            int j = (int)rnd((unsigned)i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    write_text(src, d, first, order, n, numbered);

    /* the translation: one or two mutations */
    bool tnum = numbered;
    bool stray = false;
    for (unsigned m = 0, nm = 1 + rnd(2); m < nm; m++) {
        int i = (int)rnd((unsigned)n);
        switch (rnd(11)) {
        case 0: break; /* the same */
        case 1:        /* reorder, with argument numbers */
            tnum = true;
            for (int k = n - 1; k > 0; k--) {
                int j = (int)rnd((unsigned)k + 1), t = order[k];
                order[k] = order[j];
                order[j] = t;
            }
            break;
        case 2: { /* an equivalent conversion */
            static const char *const classes[] = {"di", "ouxX", "eEfFgGaA"};
            for (size_t c = 0; c < 3; c++)
                if (strchr(classes[c], d[i].conv) && d[i].conv)
                    d[i].conv = classes[c][rnd((unsigned)strlen(classes[c]))];
            if (!strcmp(d[i].size, "q"))
                strcpy(d[i].size, rnd(2) ? "ll" : "L");
            if (!strcmp(d[i].size, "z"))
                strcpy(d[i].size, "Z");
            if (d[i].conv == 'S' && rnd(2))
                d[i].conv = 's', strcpy(d[i].size, "l");
            break;
        }
        case 3: /* another conversion */
            if (dir_args(&d[i]) == (d[i].width == 2) + (d[i].prec == 2) + 1)
                d[i].conv = "dsfucp"[rnd(6)];
            break;
        case 4: /* a dropped directive */
            if (n > 1) {
                int k = (int)rnd((unsigned)n);
                for (int j = 0; j < n; j++)
                    if (order[j] == k) {
                        memmove(&order[j], &order[j + 1], (size_t)(n - j - 1) * sizeof *order);
                        break;
                    }
                for (int j = 0; j < n - 1; j++) /* keep d[] and order[] consistent */
                    if (order[j] > k)
                        order[j]--;
                memmove(&d[k], &d[k + 1], (size_t)(n - k - 1) * sizeof *d);
                memmove(&first[k], &first[k + 1], (size_t)(n - k - 1) * sizeof *first);
                n--;
                if (!tnum) { /* unnumbered: the arguments shift */
                    int f = 1;
                    for (int j = 0; j < n; j++)
                        first[j] = f, f += dir_args(&d[j]);
                }
            }
            break;
        case 5: /* an added directive */
            if (n < MAX_DIRS) {
                d[n] = random_dir(true);
                first[n] = next;
                next += dir_args(&d[n]);
                order[n] = n;
                n++;
            }
            break;
        case 6: /* numbered and unnumbered mixed */
            tnum = true;
            d[i].unnumbered = 1;
            break;
        case 7: /* another size */ strcpy(d[i].size, PICK(sizes)); break;
        case 8: /* a '*' width or precision more or less */
            if (d[i].width == 2)
                d[i].width = 0;
            else
                d[i].prec = d[i].prec == 2 ? 0 : 2;
            break;
        case 9: /* "%%" */
            if (n < MAX_DIRS) {
                memset(&d[n], 0, sizeof d[n]);
                d[n].conv = '%';
                first[n] = next;
                order[n] = n;
                n++;
            }
            break;
        case 10: stray = true; break; /* a '%' that is no directive */
        }
    }
    if (!tnum) { /* unnumbered arguments are numbered by position */
        int f = 1;
        for (int j = 0; j < n; j++)
            first[order[j]] = f, f += dir_args(&d[order[j]]);
    }
    write_text(tr, d, first, order, n, tnum);
    if (stray)
        ec_buf_puts(tr, rnd(2) ? " 50%" : " %y");
}

/* ---- msgfmt ---- */

/* msgfmt -c on `po`: bad[line] set for every line it names. */
static void run_msgfmt(const char *po, char *bad, size_t nlines)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "msgfmt -c -o /dev/null '%s' 2>&1", po);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char line[4096];
    size_t plen = strlen(po);
    while (fgets(line, sizeof line, p)) {
        if (strncmp(line, po, plen) != 0 || line[plen] != ':')
            continue; /* "msgfmt: found N fatal errors" */
        unsigned long n = strtoul(line + plen + 1, NULL, 10);
        if (n == 0 || n >= nlines) {
            print_error("unexpected msgfmt line: %s", line);
            fail();
        }
        bad[n] = 1;
    }
    pclose(p);
}

static bool have_msgfmt(void)
{
    return system("msgfmt --version >/dev/null 2>&1") == 0;
}

static void agrees_with_msgfmt(void **state)
{
    if (!have_msgfmt())
        skip();
    const char *tmp = getenv("TMPDIR");
    char po[512];
    snprintf(po, sizeof po, "%s/errcat-cformat-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(po);
    assert_true(fd >= 0);
    close(fd);
    size_t checked = 0, rejected = 0, disagreements = 0;
    for (int batch = 0; batch < BATCHES; batch++) {
        ec_buf file = {0};
        char **src = calloc(PER_BATCH, sizeof *src), **tr = calloc(PER_BATCH, sizeof *tr);
        size_t *at = calloc(PER_BATCH, sizeof *at), line = 1;
        ec_buf_puts(&file, "msgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: t\\n\"\n"
                           "\"PO-Revision-Date: 2024-01-01 00:00+0000\\n\"\n"
                           "\"Last-Translator: t\\n\"\n\"Language-Team: t\\n\"\n"
                           "\"Language: de\\n\"\n\"MIME-Version: 1.0\\n\"\n"
                           "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                           "\"Content-Transfer-Encoding: 8bit\\n\"\n");
        line = 11;
        for (int i = 0; i < PER_BATCH; i++) {
            ec_buf s = {0}, t = {0};
            make_pair(&s, &t);
            src[i] = ec_buf_take(&s);
            tr[i] = ec_buf_take(&t);
            ec_buf_printf(&file, "\n#, c-format\nmsgctxt \"%d\"\nmsgid \"%s\"\nmsgstr \"%s\"\n", i,
                          src[i], tr[i]);
            at[i] = line + 4; /* the msgstr line */
            line += 5;
        }
        FILE *f = fopen(po, "w");
        assert_non_null(f);
        fwrite(file.data, 1, file.len, f);
        fclose(f);
        char *bad = calloc(line + 1, 1);
        run_msgfmt(po, bad, line + 1);
        for (int i = 0; i < PER_BATCH; i++) {
            bool gettext = bad[at[i]] != 0;
            ec_buf why = {0};
            bool errcat = ec_placeholders_differ(src[i], tr[i], "de", &why);
            if (getenv("ERRCAT_SHOW_PAIRS") && i < 40)
                print_message("%s: \"%s\" -> \"%s\" %s\n", gettext ? "bad" : "ok ", src[i], tr[i],
                              why.data ? why.data : "");
            checked++;
            rejected += gettext;
            if (gettext != errcat) {
                disagreements++;
                print_error("msgfmt -c %s, errcat %s: \"%s\" -> \"%s\" %s\n",
                            gettext ? "rejects" : "accepts", errcat ? "rejects" : "accepts", src[i],
                            tr[i], why.data ? why.data : "");
            }
            ec_buf_free(&why);
            free(src[i]);
            free(tr[i]);
        }
        free(bad);
        free(src);
        free(tr);
        free(at);
        ec_buf_free(&file);
    }
    unlink(po);
    print_message("%zu pairs, %zu rejected by msgfmt -c, %zu disagreements\n", checked, rejected,
                  disagreements);
    assert_int_equal(disagreements, 0);
    /* the generator makes both kinds in numbers */
    assert_true(rejected > checked / 5 && rejected < checked * 4 / 5);
}

/* The space-flag rule, the one documented difference: "50% off" is prose. */
static void space_flag_is_prose(void **state)
{
    assert_false(ec_placeholders_differ("Save 50% off %s", "%s: 50% de réduction", "fr", NULL));
    ec_cfmt f;
    ec_cfmt_parse(&f, "50% off", EC_CFMT_SPACE_IS_PROSE);
    assert_true(f.valid);
    assert_int_equal(f.ndirs, 0);
    ec_cfmt_free(&f);
    ec_cfmt_parse(&f, "50% off", 0); /* gettext: "% o" */
    assert_int_equal(f.nargs, 1);
    ec_cfmt_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(agrees_with_msgfmt),
        cmocka_unit_test(space_flag_is_prose),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
