/* Helpers of the fuzz targets; see fuzz.h. */
#define _XOPEN_SOURCE 700
#include "fuzz.h"

#include "base/buf.h"
#include "model/catalog.h"
#include "output/mustache.h"
#include "errcat/errcat.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

_Noreturn void fz_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: property failed: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

size_t fz_split(const uint8_t *data, size_t size, fz_part *parts, size_t max)
{
    const char *p = (const char *)data, *end = p + size;
    size_t n = 0, sl = strlen(FZ_SEP);
    while (n + 1 < max) {
        const char *s = NULL;
        for (const char *q = p; q + sl <= end; q++)
            if (*q == FZ_SEP[0] && !memcmp(q, FZ_SEP, sl)) {
                s = q;
                break;
            }
        if (!s)
            break;
        parts[n++] = (fz_part){p, (size_t)(s - p)};
        p = s + sl;
    }
    parts[n++] = (fz_part){p, (size_t)(end - p)};
    return n;
}

static char *scratch;
static char path_buf[4096];

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void fz_rm_rf(const char *path)
{
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void remove_scratch(void)
{
    if (scratch)
        fz_rm_rf(scratch);
}

const char *fz_dir(void)
{
    if (scratch)
        return scratch;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/errcat-fuzz-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpl)) {
        perror("errcat fuzz: mkdtemp");
        abort();
    }
    scratch = ec_xstrdup(tmpl);
    atexit(remove_scratch);
    return scratch;
}

const char *fz_path(const char *name)
{
    snprintf(path_buf, sizeof path_buf, "%s/%s", fz_dir(), name);
    return path_buf;
}

void fz_write(const char *name, const char *data, size_t n)
{
    const char *path = fz_path(name);
    if (!data) {
        unlink(path);
        return;
    }
    char *dir = ec_xstrdup(path);
    char *slash = strrchr(dir, '/');
    *slash = '\0';
    mkdir(dir, 0777);
    free(dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        perror(path);
        abort();
    }
    while (n) {
        ssize_t w = write(fd, data, n);
        if (w <= 0) {
            perror(path);
            abort();
        }
        data += w;
        n -= (size_t)w;
    }
    close(fd);
}

static const char fixed_catalog[] = "name: fuzz-catalog\n"
                                    "source: en\n"
                                    "terms:\n"
                                    "  RTMP: {}\n"
                                    "  CSS: {de: Kaskade, ja: ライブ}\n";

static const char fixed_de[] = "locale: de\n"
                               "messages:\n"
                               "  \"0/0\": Unbekannter Fehler.\n"
                               "  \"1/0\": Die RTMP-Verbindung ist %s abgebrochen.\n"
                               "  \"1/1\": Die RTMP-Verbindung ist %s abgebrochen.\n"
                               "  \"2/0\":\n"
                               "    text: \"Zeitüberschreitung nach {0} Sekunden \"\n"
                               "    source: Timeout after {0} seconds.\n"
                               "    note: ein Hinweis\n"
                               "    ignore: [whitespace]\n"
                               "  \"-5/7\": Kaskade 404\n";

size_t fz_catalog_from(const uint8_t *data, size_t size, ec_file files[5])
{
    static const char *const names[] = {"catalog.yaml", "en.yaml", "de.yaml", "ja.yaml", "ko.yaml"};
    fz_part parts[5];
    size_t n = fz_split(data, size, parts, 5);
    if (n == 1) {
        files[0] = (ec_file){names[0], fixed_catalog, strlen(fixed_catalog)};
        files[1] = (ec_file){names[1], parts[0].p, parts[0].n};
        files[2] = (ec_file){names[2], fixed_de, strlen(fixed_de)};
        return 3;
    }
    for (size_t i = 0; i < n; i++)
        files[i] = (ec_file){names[i], parts[i].p, parts[i].n};
    return n;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

ec_catalog *fz_check(const ec_file *files, size_t n_files, ec_report **report)
{
    ec_report *r = ec_report_new();
    ec_catalog *c = ec_catalog_load_files(FZ_CATALOG_DIR, files, n_files, r);
    if (c) {
        ec_check_options opt = {0};
        ec_check_run(c, &opt, r);
    }
    ec_report_sort(r);
    size_t n = ec_report_count(r);
    for (size_t i = 0; i < n; i++) {
        ec_finding f = ec_report_get(r, i);
        FZ_ASSERT(f.file && *f.file, "finding %zu names no file", i);
        FZ_ASSERT(f.line >= 0 && f.column >= 0 && (f.line > 0) == (f.column > 0),
                  "finding %zu at %d:%d", i, f.line, f.column);
        FZ_ASSERT(f.message && *f.message, "finding %zu has no message", i);
    }
    for (int fmt = EC_FORMAT_TEXT; fmt <= EC_FORMAT_GITHUB; fmt++) {
        for (int color = 0; color < 2; color++) {
            char *s = ec_report_render(r, (ec_format)fmt, color);
            if (fmt == EC_FORMAT_TEXT || fmt == EC_FORMAT_GITHUB)
                FZ_ASSERT(count_lines(s) == n, "%zu findings but %zu lines:\n%s", n, count_lines(s),
                          s);
            free(s);
        }
    }
    static const char *only[] = {"de", NULL};
    char *s = ec_report_summary(r, c, NULL);
    free(s);
    s = ec_report_summary(r, c, only);
    free(s);
    if (c) {
        s = ec_stats_render(c, r, EC_FORMAT_TEXT, NULL);
        free(s);
        s = ec_stats_render(c, r, EC_FORMAT_JSON, only);
        free(s);
    }
    *report = r;
    return c;
}

ec_value *fz_data_tree(void)
{
    ec_value *root = ec_v_map();
    ec_v_set_str(root, "name", "fuzz <&\"'> {{name}}");
    ec_v_set_str(root, "empty", "");
    ec_v_set(root, "nul", ec_v_strn("a\0b", 3));
    ec_v_set(root, "t", ec_v_bool(true));
    ec_v_set(root, "f", ec_v_bool(false));
    ec_v_set(root, "n", ec_v_null());
    ec_v_set(root, "num", ec_v_num(1.5));
    ec_v_set(root, "zero", ec_v_num(0));
    ec_v_set(root, "none", ec_v_list());
    ec_value *a = ec_v_map(), *b = ec_v_map();
    ec_v_set_str(b, "c", "deep");
    ec_v_set(b, "list", ec_v_push(ec_v_push(ec_v_list(), ec_v_str("x")), ec_v_num(-2)));
    ec_v_set(a, "b", b);
    ec_v_set(root, "a", a);
    ec_value *rows = ec_v_list();
    for (int i = 0; i < 3; i++) {
        ec_value *row = ec_v_map();
        ec_v_set(row, "code", ec_v_num(i));
        ec_v_set_str(row, "text", i == 1 ? "line\nbreak & <tag>" : "text");
        ec_v_set(row, "first", ec_v_bool(i == 0));
        ec_value *sub = ec_v_list();
        for (int j = 0; j < 2; j++)
            ec_v_push(sub, ec_v_num(j));
        ec_v_set(row, "subs", sub);
        ec_v_push(rows, row);
    }
    ec_v_set(root, "rows", rows);
    return root;
}
