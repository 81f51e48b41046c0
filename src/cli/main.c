/* errcat command line: argument parsing, printing and exit codes only. */
#include "errcat/errcat.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

typedef enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_mode;

typedef struct {
    const char *command;
    const char *dir;
    ec_format format;
    bool format_set; /* --format given, even "text" */
    bool strict;
    color_mode color;
    bool color_set; /* --color given */
    ec_check_options checks;
    const char **locales; /* NULL-terminated, or NULL */
    size_t nlocales;
    ec_build_options build;
    bool force;
    const char *from;    /* import --from */
    const char **accept; /* sync --accept: NULL-terminated, or NULL */
    size_t naccept;
    const char *baseline;          /* check --baseline FILE */
    const char *write_baseline;    /* check --write-baseline FILE */
    const char *against;           /* check, build --against OLD */
    const char *new_dir;           /* diff OLD NEW: NEW (default: i18n) */
    const char *format_arg;        /* --format as given (diff has formats of its own) */
    bool fail_on[EC_CHANGE_COUNT]; /* diff --fail-on KIND[,KIND] */
    bool fail_on_set;
} cli;

/* ---- the lists that --help and the usage errors show ----
 * Each comes from one table: the library's for the report formats
 * (ec_format_name), the output kinds (ec_output_kind_name) and the import
 * formats (ec_import_format_name); those below for what only the command
 * line has. Adding a row there adds it to every help text and message. */

static void check_help(void);
static void build_help(void);
static void stats_help(void);
static void import_help(void);
static void sync_help(void);
static void diff_help(void);

/* The commands, in the order `errcat --help` lists them. */
static const struct {
    const char *name;
    const char *summary; /* in `errcat --help` */
    void (*help)(void);  /* errcat NAME --help */
} commands[] = {
    {"check", "check a catalog (default DIR: i18n)", check_help},
    {"build", "check, then write every output (default -o out)", build_help},
    {"stats", "per-locale coverage table", stats_help},
    {"import", "turn a docs page's table or a PO file into a locale file", import_help},
    {"sync", "give translations their source snapshots (--accept: after a review)", sync_help},
    {"diff", "what changed between two versions of a catalog (--fail-on: exit 1)", diff_help},
};

#define NCOMMANDS (sizeof commands / sizeof *commands)

/* --color, by color_mode. */
static const char *const color_modes[] = {
    [COLOR_AUTO] = "auto",
    [COLOR_ALWAYS] = "always",
    [COLOR_NEVER] = "never",
};

#define NCOLOR_MODES (sizeof color_modes / sizeof *color_modes)

/* Where the help texts put things: the column of a command's summary (and
 * of the descriptions of --from), of an option's description in `errcat
 * --help` and in `errcat build --help`, and the width of a paragraph. */
enum { COMMAND_COLUMN = 17, OPTION_COLUMN = 36, BUILD_OPTION_COLUMN = 22, PARAGRAPH_WIDTH = 75 };

/* A list of names, for a help text or a message. */
enum { NAMES_MAX = 32 };
typedef struct {
    const char *v[NAMES_MAX];
    size_t n;
} names;

static void add_name(names *l, const char *name)
{
    if (l->n < NAMES_MAX)
        l->v[l->n++] = name;
}

/* The names joined by `sep`, the last two by `last`: "text|json" with "|"
 * and "|", "text, json or sarif" with ", " and " or ". The text stays valid
 * until the next call. */
static const char *joined(names l, const char *sep, const char *last)
{
    static char text[1024];
    size_t len = 0;
    text[0] = '\0';
    for (size_t i = 0; i < l.n && len < sizeof text; i++) {
        const char *before = i + 1 < l.n ? sep : last;
        int n = snprintf(text + len, sizeof text - len, "%s%s", i ? before : "", l.v[i]);
        if (n < 0)
            break;
        len += (size_t)n;
    }
    return text;
}

static bool any_format(ec_format f)
{
    return true;
}

/* Findings in json, sarif, github and html go to standard output, text to
 * standard error. */
static bool on_stdout(ec_format f)
{
    return f != EC_FORMAT_TEXT;
}

/* The formats of --format that `which` accepts. */
static names formats(bool (*which)(ec_format))
{
    names l = {0};
    for (int f = 0; ec_format_name(f); f++)
        if (which(f))
            add_name(&l, ec_format_name(f));
    return l;
}

static names output_kinds(void)
{
    names l = {0};
    for (size_t i = 0; ec_output_kind_name(i); i++)
        add_name(&l, ec_output_kind_name(i));
    return l;
}

static names import_formats(void)
{
    names l = {0};
    for (int f = 0; ec_import_format_name(f); f++)
        add_name(&l, ec_import_format_name(f));
    return l;
}

static names color_names(void)
{
    names l = {0};
    for (size_t i = 0; i < NCOLOR_MODES; i++)
        add_name(&l, color_modes[i]);
    return l;
}

static names command_names(void)
{
    names l = {0};
    for (size_t i = 0; i < NCOMMANDS; i++)
        add_name(&l, commands[i].name);
    return l;
}

/* What follows "errcat" in a command's usage line. */
static const char *synopsis(const char *command)
{
    static char text[256];
    if (!strcmp(command, "import"))
        snprintf(text, sizeof text, "import --from %s FILE --locale L [-o FILE] [--force]",
                 joined(import_formats(), "|", "|"));
    else if (!strcmp(command, "sync"))
        snprintf(text, sizeof text, "sync [DIR] [--locale L[,L]] [--accept KEY[,KEY]]");
    else if (!strcmp(command, "diff"))
        snprintf(text, sizeof text,
                 "diff OLD [NEW] [--format text|markdown|json] [--fail-on KINDS]");
    else
        snprintf(text, sizeof text, "%s [DIR]", command);
    return text;
}

/* "  ITEM   TEXT", TEXT at `column` and so are its further lines (after
 * each "\n" in it); after an ITEM too long for that, TEXT starts on the
 * next line. */
static void print_item(int column, const char *item, const char *text)
{
    int width = column - 3; /* two blanks before ITEM, at least one after */
    if ((int)strlen(item) > width)
        printf("  %s\n%*s", item, column, "");
    else
        printf("  %-*s ", width, item);
    for (const char *nl; (nl = strchr(text, '\n')); text = nl + 1)
        printf("%.*s\n%*s", (int)(nl - text), text, column, "");
    printf("%s\n", text);
}

/* An option of `errcat --help` followed by its values: "--format a|b". */
static void print_option(const char *option, names values, const char *text)
{
    char item[256];
    snprintf(item, sizeof item, "%s %s", option, joined(values, "|", "|"));
    print_item(OPTION_COLUMN, item, text);
}

/* `text` in lines of at most PARAGRAPH_WIDTH columns, broken at blanks. */
static void print_paragraph(const char *text)
{
    while (*text) {
        size_t n = strlen(text);
        if (n > PARAGRAPH_WIDTH) {
            n = PARAGRAPH_WIDTH;
            while (n > 0 && text[n] != ' ')
                n--;
            if (n == 0) /* a word longer than a line */
                n = strcspn(text, " ");
        }
        printf("%.*s\n", (int)n, text);
        text += n;
        while (*text == ' ')
            text++;
    }
}

static void usage(void)
{
    fputs("usage: errcat COMMAND [DIR] [OPTIONS]\n"
          "\n"
          "Keeps code-keyed message catalogs (one YAML file per locale) honest.\n"
          "\n"
          "commands:\n",
          stdout);
    for (size_t i = 0; i < NCOMMANDS; i++)
        print_item(COMMAND_COLUMN, synopsis(commands[i].name), commands[i].summary);
    fputs("\noptions:\n", stdout);
    print_option("--format", formats(any_format), "how to print findings (default text)");
    print_item(OPTION_COLUMN, "--strict", "warnings count as errors");
    print_item(OPTION_COLUMN, "--disable CHECK[,CHECK]", "do not run these checks");
    print_item(OPTION_COLUMN, "--locale L[,L]",
               "limit findings to these locales (import: the\nlocale of FILE)");
    print_item(OPTION_COLUMN, "-o, --output PATH", "build: the output directory; import: the file");
    print_option("--from", import_formats(), "import: what FILE is");
    print_item(OPTION_COLUMN, "--accept KEY[,KEY]",
               "sync: refresh these keys' snapshots (reviewed)");
    print_item(OPTION_COLUMN, "--fail-on KIND[,KIND]",
               "diff: exit 1 on these kinds of change (diff's\n--format: text|markdown|json)");
    print_option("--color", color_names(),
                 "colour text diagnostics (auto: on a terminal,\nunless NO_COLOR is set)");
    print_item(OPTION_COLUMN, "-h, --help", "this help (also: errcat COMMAND --help)");
    print_item(OPTION_COLUMN, "-V, --version", "print the version");
    fputs("\n"
          "exit status: 0 no error; 1 errors (or warnings with --strict); 2 usage error\n"
          "or a catalog that cannot be read at all.\n",
          stdout);
}

static void print_checks(void)
{
    fputs("\nchecks:\n", stdout);
    for (int i = 0; i < EC_CHECK_COUNT; i++)
        if (ec_check_is_check(i))
            printf("  %-13s %-8s %s\n", ec_check_name(i),
                   ec_check_default_severity(i) == EC_SEV_ERROR ? "error" : "warning",
                   ec_check_description(i));
}

static void check_help(void)
{
    printf("usage: errcat check [DIR] [--format %s] [--strict]\n",
           joined(formats(any_format), "|", "|"));
    printf("                    [--disable CHECK[,CHECK]] [--locale L[,L]]\n"
           "                    [--against OLD] [--baseline FILE | --write-baseline FILE]\n"
           "                    [--color %s]\n\n",
           joined(color_names(), "|", "|"));
    printf("Checks the catalog in DIR (default i18n) and prints one finding per line:\n"
           "  FILE:LINE:COLUMN: SEVERITY: MESSAGE [CHECK]\n"
           "then a summary line, on stderr (%s go to stdout).\n",
           joined(formats(on_stdout), ", ", " and "));
    fputs("\n--against OLD also compares the catalog with OLD, a directory or a git revision\n"
          "of DIR (removed, renamed, reworded below).\n",
          stdout);
    fputs("\n--write-baseline FILE records today's findings in FILE (exit 0); --baseline\n"
          "FILE then reports only the findings FILE does not record (README \"Baselines\").\n",
          stdout);
    print_checks();
    fputs("\nThe severities are the defaults: catalog.yaml's checks: field sets a check's\n"
          "severity for the catalog (checks: {missing: warning, untranslated: off}).\n",
          stdout);
}

static void build_help(void)
{
    fputs("usage: errcat build [DIR] [-o OUT] [--templates DIR] [--only KINDS] [--check]\n"
          "                    [--force] and the options of check\n\n",
          stdout);
    /* the files of every kind, one name each */
    char files[512] = "", text[1024];
    size_t len = 0;
    for (size_t i = 0; ec_output_kind_files(i) && len < sizeof files; i++)
        len += (size_t)snprintf(files + len, sizeof files - len, "%s ", ec_output_kind_files(i));
    names file_names = {0};
    for (char *save = NULL, *f = strtok_r(files, " ", &save); f; f = strtok_r(NULL, " ", &save))
        add_name(&file_names, f);
    snprintf(text, sizeof text,
             "Checks the catalog, then writes %s under OUT (default out). Only files whose "
             "bytes change are written, each through a temporary file renamed into place "
             "once every output was rendered.",
             joined(file_names, ", ", " and "));
    print_paragraph(text);
    fputs("\n", stdout);
    print_item(BUILD_OPTION_COLUMN, "-o, --output OUT", "output directory");
    print_item(BUILD_OPTION_COLUMN, "--templates DIR",
               "templates there replace the built-in ones by name");
    print_item(BUILD_OPTION_COLUMN, "--only KINDS", joined(output_kinds(), ",", ","));
    print_item(BUILD_OPTION_COLUMN, "--check",
               "write nothing; exit 1 naming each out-of-date file");
    print_item(BUILD_OPTION_COLUMN, "--force", "write even when the check found errors");
    fputs("\n"
          "Exit status: 0 written or up to date; 1 errors in the catalog or a template,\n"
          "or (--check) outputs out of date; 2 usage error, unreadable catalog or an\n"
          "output that cannot be written (old outputs are then kept).\n",
          stdout);
    print_checks();
}

static void stats_help(void)
{
    printf("usage: errcat stats [DIR] [--format %s] [--locale L[,L]]\n"
           "                    [--disable CHECK[,CHECK]]\n\n"
           "Prints per locale: keys, translated, stale, untranslated, missing, errors\n"
           "and warnings. --disable leaves these checks' findings out of the errors\n"
           "and warnings columns (the check ids: errcat check --help).\n"
           "Exit status: 0, or 2 when the catalog cannot be read or on a usage error.\n",
           joined(formats(ec_stats_renders), "|", "|"));
}

static void import_help(void)
{
    printf("usage: errcat %s\n\n", synopsis("import"));
    fputs("Turns an existing docs page or PO file into the locale file of L (locale: L,\n"
          "messages: \"errcode/sub_errcode\": text, keys in numeric order), on standard\n"
          "output or, with -o, written atomically (nothing is written on failure).\n\n",
          stdout);
    for (int f = 0; ec_import_format_name(f); f++) {
        char item[64];
        snprintf(item, sizeof item, "--from %s", ec_import_format_name(f));
        print_item(COMMAND_COLUMN, item, ec_import_format_description(f));
    }
    fputs("  --locale L     the BCP 47 tag of the file's language\n"
          "  -o, --output FILE   write there (e.g. i18n/L.yaml) instead of standard output\n"
          "  --force        import a PO file whose Language header names another\n"
          "                 language than L (its primary subtag: ko_KR is ko)\n\n"
          "The code columns are found by their content: header rows (whose code cells\n"
          "are not integers) are skipped; a second column of integers is sub_errcode,\n"
          "else sub-codes are 0. Cell texts are kept as they are (Markdown trims cells),\n"
          "except white space with a line break at either edge of an HTML cell: that is\n"
          "the page's layout, dropped unless errcat wrote the page.\n\n"
          "Exit status: 0 imported; 1 refused (no usable table, a code that is not an\n"
          "integer, a key given twice, a malformed PO file, a msgctxt that is not a\n"
          "key, a PO file in another language), each problem printed as\n"
          "FILE:LINE: error: MESSAGE; 2 usage error, a FILE that cannot be read or an\n"
          "output that cannot be written.\n",
          stdout);
}

static void sync_help(void)
{
    printf("usage: errcat %s\n\n", synopsis("sync"));
    print_paragraph("Gives every translation that has no `source:` snapshot the current source "
                    "text as its snapshot: the source text it was made from, as far as errcat "
                    "knows (run it after a review, when a catalog adopts `snapshots: true`). "
                    "With --accept, the snapshots of these keys are set to the current source "
                    "text too: their translations were reviewed against it, and are no longer "
                    "stale. Each locale file is edited in place; only the snapshots change.");
    fputs("\n"
          "  --locale L[,L]       only these locales (default: every translation)\n"
          "  --accept KEY[,KEY]   keys (\"18/305\") whose translations were reviewed\n"
          "\n"
          "Exit status: 0 done (or nothing to do); 1 a locale file could not be edited\n"
          "(nothing is written then); 2 usage error, a catalog that cannot be read, or\n"
          "an --accept key the source locale lacks.\n",
          stdout);
}

/* The kinds of change of errcat diff, for help texts and messages. */
static names change_kinds(void)
{
    names l = {0};
    for (int k = 0; ec_change_name(k); k++)
        add_name(&l, ec_change_name(k));
    return l;
}

/* The formats of errcat diff. */
static names diff_formats(void)
{
    names l = {0};
    for (int f = 0; ec_diff_format_name(f); f++)
        add_name(&l, ec_diff_format_name(f));
    return l;
}

static void diff_help(void)
{
    printf("usage: errcat %s\n\n", synopsis("diff"));
    print_paragraph("Prints what changed between two versions of a catalog, per key and locale. "
                    "OLD and NEW are each a catalog directory or a git revision of the catalog's "
                    "directory (NEW when it is a directory, else i18n); NEW defaults to i18n. "
                    "Text and JSON for tools, Markdown for release notes. Each change once, "
                    "ordered by kind, key and locale.");
    char kinds[512];
    snprintf(kinds, sizeof kinds, "Kinds of change: %s.", joined(change_kinds(), ", ", ", "));
    fputs("\n", stdout);
    print_paragraph(kinds);
    fputs("\n"
          "Exit status: 0; 1 when --fail-on names a kind of change that is present;\n"
          "2 usage error, or OLD or NEW that cannot be read or has no source locale.\n",
          stdout);
}

/* What every usage error ends with. */
#define TRY_HELP "Try 'errcat --help'.\n"

static int usage_error(const char *fmt, ...);
static _Noreturn void out_of_memory(void);
static bool is_directory(const char *path);
static int unknown_command(const char *command);

/* errcat COMMAND --help: exit 0; an unknown COMMAND is a usage error. */
static int command_help(const char *command)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(command, commands[i].name)) {
            commands[i].help();
            return EXIT_CLEAN;
        }
    return unknown_command(command);
}

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int
usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("errcat: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n" TRY_HELP, stderr);
    return EXIT_USAGE;
}

/* The edit distance (Levenshtein, by bytes) of a and b, or SUGGEST_MAX + 1
 * when it is larger than SUGGEST_MAX or either is too long to matter. */
enum { SUGGEST_MAX = 2, SUGGEST_LEN = 64 };
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > SUGGEST_LEN || m > SUGGEST_LEN)
        return SUGGEST_MAX + 1;
    size_t row[SUGGEST_LEN + 1];
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

/* The one name of `candidates` (count n) nearest to `typed`, for "did you
 * mean": at most SUGGEST_MAX edits away and at most half of typed's length
 * (so that "kr" suggests "ko" but "xy" no two-letter tag); the first
 * of the nearest. NULL when none is near enough. */
static const char *nearest(const char *typed, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = SUGGEST_MAX + 1, limit = strlen(typed) / 2;
    if (limit > SUGGEST_MAX)
        limit = SUGGEST_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(typed, candidates[i]);
        if (d > 0 && d <= limit && d < best_d) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}

/* "; did you mean 'NAME'?", or "" (the text stays valid until the next call). */
static const char *did_you_mean(const char *typed, const char *const *candidates, size_t n)
{
    static char text[128];
    const char *near = nearest(typed, candidates, n);
    text[0] = '\0';
    if (near)
        snprintf(text, sizeof text, "; did you mean '%s'?", near);
    return text;
}

/* The usage error of an unknown command, with a suggestion or the list. */
static int unknown_command(const char *command)
{
    names l = command_names();
    const char *hint = did_you_mean(command, l.v, l.n);
    return usage_error("unknown command '%s'%s (%s)", command, hint,
                       *hint ? "see 'errcat --help'" : joined(l, ", ", ", "));
}

static bool parse_format(const char *s, ec_format *f)
{
    for (int i = 0; ec_format_name(i); i++)
        if (!strcmp(s, ec_format_name(i))) {
            *f = (ec_format)i;
            return true;
        }
    return false;
}

static bool parse_color(const char *s, color_mode *m)
{
    for (size_t i = 0; i < NCOLOR_MODES; i++)
        if (!strcmp(s, color_modes[i])) {
            *m = (color_mode)i;
            return true;
        }
    return false;
}

/* Splits a comma list in place; calls `fn` on each item; false on an empty one. */
static bool each_item(char *list, bool (*fn)(cli *, const char *), cli *c)
{
    for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save))
        if (!fn(c, tok))
            return false;
    return true;
}

static const char *bad_item;

static bool disable_one(cli *c, const char *id)
{
    int check = ec_check_from_name(id);
    if (check < 0) {
        bad_item = id;
        return false;
    }
    c->checks.disabled[check] = true;
    return true;
}

static bool locale_one(cli *c, const char *tag)
{
    c->locales = realloc(c->locales, (c->nlocales + 2) * sizeof *c->locales);
    if (!c->locales)
        abort();
    c->locales[c->nlocales++] = tag;
    c->locales[c->nlocales] = NULL;
    return true;
}

static bool accept_one(cli *c, const char *k)
{
    c->accept = realloc(c->accept, (c->naccept + 2) * sizeof *c->accept);
    if (!c->accept)
        abort();
    c->accept[c->naccept++] = k;
    c->accept[c->naccept] = NULL;
    return true;
}

enum {
    OPT_FORMAT = 256,
    OPT_STRICT,
    OPT_DISABLE,
    OPT_LOCALE,
    OPT_COLOR,
    OPT_TEMPLATES,
    OPT_ONLY,
    OPT_CHECK,
    OPT_FORCE,
    OPT_FROM,
    OPT_ACCEPT,
    OPT_BASELINE,
    OPT_WRITE_BASELINE,
    OPT_AGAINST,
    OPT_FAIL_ON
};

static bool only_one(cli *c, const char *kind)
{
    unsigned bit = ec_output_kind(kind);
    if (!bit) {
        bad_item = kind;
        return false;
    }
    c->build.kinds |= bit;
    return true;
}

static bool fail_on_one(cli *c, const char *kind)
{
    int k = ec_change_from_name(kind);
    if (k < 0) {
        bad_item = kind;
        return false;
    }
    c->fail_on[k] = true;
    return true;
}

/* Whether `s` names a format of errcat diff; stores it in *f (may be NULL). */
static bool diff_format(const char *s, ec_diff_format *f)
{
    for (int i = 0; ec_diff_format_name(i); i++)
        if (!strcmp(s, ec_diff_format_name(i))) {
            if (f)
                *f = (ec_diff_format)i;
            return true;
        }
    return false;
}

static int parse_option(cli *c, int opt, char *arg)
{
    switch (opt) {
    case OPT_FORMAT:
        c->format_set = true;
        c->format_arg = arg;
        if (c->command && !strcmp(c->command, "diff")) {
            if (!diff_format(arg, NULL))
                return usage_error("unknown format '%s' (%s)", arg,
                                   joined(diff_formats(), ", ", ", "));
            return -1;
        }
        if (!parse_format(arg, &c->format))
            return usage_error("unknown format '%s' (%s)", arg,
                               joined(formats(any_format), ", ", ", "));
        return -1;
    case OPT_STRICT: c->strict = true; return -1;
    case 'o': c->build.out_dir = arg; return -1;
    case OPT_TEMPLATES: c->build.templates_dir = arg; return -1;
    case OPT_ONLY:
        if (!each_item(arg, only_one, c))
            return usage_error("unknown output kind '%s' (%s)", bad_item,
                               joined(output_kinds(), ", ", ", "));
        return -1;
    case OPT_CHECK: c->build.check_only = true; return -1;
    case OPT_FORCE: c->force = true; return -1;
    case OPT_FROM: c->from = arg; return -1;
    case OPT_BASELINE: c->baseline = arg; return -1;
    case OPT_WRITE_BASELINE: c->write_baseline = arg; return -1;
    case OPT_AGAINST: c->against = arg; return -1;
    case OPT_FAIL_ON:
        c->fail_on_set = true;
        if (!each_item(arg, fail_on_one, c))
            return usage_error("unknown kind of change '%s' (%s)", bad_item,
                               joined(change_kinds(), ", ", ", "));
        return -1;
    case OPT_DISABLE:
        if (!each_item(arg, disable_one, c)) {
            const char *ids[EC_CHECK_COUNT];
            size_t n = 0;
            for (int i = 0; i < EC_CHECK_COUNT; i++)
                if (ec_check_is_check(i))
                    ids[n++] = ec_check_name(i);
            return usage_error("unknown check '%s'%s (see 'errcat check --help')", bad_item,
                               did_you_mean(bad_item, ids, n));
        }
        return -1;
    case OPT_LOCALE: each_item(arg, locale_one, c); return -1;
    case OPT_ACCEPT: each_item(arg, accept_one, c); return -1;
    case OPT_COLOR:
        c->color_set = true;
        if (!parse_color(arg, &c->color))
            return usage_error("unknown colour mode '%s' (%s)", arg,
                               joined(color_names(), ", ", ", "));
        return -1;
    case 'h':
        if (c->command)
            return command_help(c->command);
        usage();
        return EXIT_CLEAN;
    case 'V': printf("errcat %s\n", ec_version()); return EXIT_CLEAN;
    default: return EXIT_USAGE;
    }
}

/* An unknown long option, with the nearest known one ("--formt": did you
 * mean '--format'?). `arg` may carry "=VALUE". */
static int unknown_option(const char *arg, const struct option *opts)
{
    char typed[SUGGEST_LEN + 1];
    snprintf(typed, sizeof typed, "%.*s", (int)strcspn(arg, "="), arg);
    const char *names_v[32];
    size_t n = 0;
    char spelled[32][SUGGEST_LEN + 3];
    for (size_t i = 0; opts[i].name && n < 32; i++) {
        snprintf(spelled[n], sizeof spelled[n], "--%s", opts[i].name);
        names_v[n] = spelled[n];
        n++;
    }
    return usage_error("unknown option '%s'%s", arg, did_you_mean(typed, names_v, n));
}

/* Returns -1 to go on, or an exit status. */
static int parse_args(cli *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, OPT_FORMAT},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"disable", required_argument, NULL, OPT_DISABLE},
        {"locale", required_argument, NULL, OPT_LOCALE},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"output", required_argument, NULL, 'o'},
        {"templates", required_argument, NULL, OPT_TEMPLATES},
        {"only", required_argument, NULL, OPT_ONLY},
        {"check", no_argument, NULL, OPT_CHECK},
        {"force", no_argument, NULL, OPT_FORCE},
        {"from", required_argument, NULL, OPT_FROM},
        {"accept", required_argument, NULL, OPT_ACCEPT},
        {"baseline", required_argument, NULL, OPT_BASELINE},
        {"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
        {"against", required_argument, NULL, OPT_AGAINST},
        {"fail-on", required_argument, NULL, OPT_FAIL_ON},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    if (argc > 1 && argv[1][0] != '-')
        c->command = argv[1];
    int opt;
    opterr = 0;
    optind = c->command ? 2 : 1;
    /* the leading ':' makes a missing argument ':' rather than '?' */
    while ((opt = getopt_long(argc, argv, ":hVo:", opts, NULL)) != -1) {
        if (opt == ':')
            return usage_error("option '%s' needs an argument", argv[optind - 1]);
        if (opt == '?' && optopt > 0 && optopt < 128)
            return usage_error("unknown option '-%c'", optopt);
        if (opt == '?')
            return unknown_option(argv[optind - 1], opts);
        int st = parse_option(c, opt, optarg);
        if (st >= 0)
            return st;
    }
    if (!c->command)
        return usage_error("no command given (%s)", joined(command_names(), ", ", ", "));
    if (optind < argc)
        c->dir = argv[optind++];
    if (optind < argc && !strcmp(c->command, "diff"))
        c->new_dir = argv[optind++];
    if (optind < argc)
        return usage_error("unexpected argument '%s'", argv[optind]);
    return -1;
}

static bool use_color(color_mode m)
{
    if (m != COLOR_AUTO)
        return m == COLOR_ALWAYS;
    const char *no = getenv("NO_COLOR");
    return !(no && *no) && isatty(STDERR_FILENO);
}

/* Every --locale must name a locale of the catalog. BCP 47 tags are
 * case-insensitive: KO names ko, and is then spelled as the catalog spells it. */
static int validate_locales(cli *c, const ec_catalog *cat)
{
    size_t n = ec_catalog_locale_count(cat);
    for (size_t i = 0; i < c->nlocales; i++) {
        const char *found = NULL;
        for (size_t j = 0; j < n && !found; j++)
            if (!strcasecmp(c->locales[i], ec_catalog_locale(cat, j)))
                found = ec_catalog_locale(cat, j);
        if (found) {
            c->locales[i] = found;
            continue;
        }
        const char **tags = calloc(n + 1, sizeof *tags);
        if (!tags)
            abort();
        for (size_t j = 0; j < n; j++)
            tags[j] = ec_catalog_locale(cat, j);
        int st = usage_error("--locale %s: the catalog has no such locale%s", c->locales[i],
                             did_you_mean(c->locales[i], tags, n));
        free(tags);
        return st;
    }
    return -1;
}

static void print_findings(const cli *c, const ec_report *r, const ec_catalog *cat)
{
    char *out = c->format == EC_FORMAT_HTML ? ec_report_render_html(r, cat, c->locales)
                                            : ec_report_render(r, c->format, use_color(c->color));
    bool to_stdout = c->format != EC_FORMAT_TEXT;
    fputs(out, to_stdout ? stdout : stderr);
    free(out);
    if ((c->format == EC_FORMAT_TEXT || c->format == EC_FORMAT_GITHUB) &&
        (ec_report_count(r) || ec_report_baselined(r))) {
        char *summary = ec_report_summary(r, cat, c->locales);
        fprintf(stderr, "%s\n", summary);
        free(summary);
    }
}

static int exit_status(const cli *c, const ec_report *r)
{
    if (ec_report_has_io_error(r))
        return EXIT_USAGE;
    if (ec_report_count_severity(r, EC_SEV_ERROR))
        return EXIT_FINDINGS;
    if (c->strict && ec_report_count_severity(r, EC_SEV_WARNING))
        return EXIT_FINDINGS;
    return EXIT_CLEAN;
}

/* The lines of build and import are gathered and written to stderr in one
 * piece: a refused import may have a million of them. */
typedef struct {
    FILE *f; /* where to print: the gathering stream, or stderr */
    FILE *mem;
    char *buf;
    size_t len;
} lines;

static FILE *lines_open(lines *l)
{
    l->buf = NULL;
    l->len = 0;
    l->mem = open_memstream(&l->buf, &l->len);
    l->f = l->mem ? l->mem : stderr;
    return l->f;
}

static void lines_flush(lines *l)
{
    if (!l->mem)
        return;
    /* The stream fails only when it cannot grow: then the lines are lost,
     * and that is the out-of-memory exit, not a silent one. */
    if (fclose(l->mem) != 0)
        out_of_memory();
    fwrite(l->buf, 1, l->len, stderr);
    free(l->buf);
}

/* The findings of build and import in errcat's words: a problem of the
 * imported file compiler-style but without a check id ("FILE:LINE: error:
 * MESSAGE"), an output out of date "FILE: out of date", anything else
 * "errcat: MESSAGE" (the message names what failed). Not ec_report_render(),
 * whose text is that of the checks. */
static void print_run_findings(FILE *out, const ec_report *r)
{
    for (size_t i = 0; i < ec_report_count(r); i++) {
        ec_finding f = ec_report_get(r, i);
        const char *sev = f.severity == EC_SEV_ERROR ? "error" : "warning";
        if (f.check == EC_CHECK_IMPORT && f.line > 0)
            fprintf(out, "%s:%d: %s: %s\n", f.file, f.line, sev, f.message);
        else if (f.check == EC_CHECK_IMPORT)
            fprintf(out, "%s: %s: %s\n", f.file, sev, f.message);
        else if (f.check == EC_CHECK_OUTPUT && f.file[0])
            fprintf(out, "%s: %s\n", f.file, f.message);
        else if (f.check == EC_CHECK_TEMPLATE && f.line > 0)
            fprintf(out, "%s:%d:%d: %s: %s\n", f.file, f.line, f.column, sev, f.message);
        else if (f.check == EC_CHECK_TEMPLATE && f.file[0])
            fprintf(out, "%s: %s: %s\n", f.file, sev, f.message);
        else
            fprintf(out, "errcat: %s\n", f.message);
    }
}

/* SOURCE_DATE_EPOCH: decimal digits only, at most 15 of them. Anything else
 * (unset, empty, a sign, a letter) is -1, which the library takes as the
 * epoch itself, as it does a date past the year 9999. */
static long long source_date_epoch(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (s && s[0] && strspn(s, "0123456789") == strlen(s) && strlen(s) <= 15)
        return strtoll(s, NULL, 10);
    return -1;
}

/* "errcat: 17 outputs, 1 written, 16 unchanged, 4 removed": the files
 * removed (check_only: to remove) only when there are some. */
static void print_build_summary(FILE *out, const ec_build_result *res, bool check_only)
{
    fprintf(out, "errcat: %zu output%s, %zu %s, %zu unchanged", res->outputs,
            res->outputs == 1 ? "" : "s", res->changed, check_only ? "out of date" : "written",
            res->outputs - res->changed);
    if (res->removed)
        fprintf(out, ", %zu %s", res->removed, check_only ? "to remove" : "removed");
    fputc('\n', out);
}

/* `build` after the check: refuses on errors unless --force. */
static int run_build(cli *c, const ec_catalog *cat, int check_status)
{
    if (check_status == EXIT_USAGE)
        return EXIT_USAGE;
    if (check_status != EXIT_CLEAN && !c->force) {
        fputs("errcat: not building: the check found errors (--force builds anyway)\n", stderr);
        return EXIT_FINDINGS;
    }
    c->build.only_locales = c->locales;
    c->build.source_date_epoch = source_date_epoch();
    ec_report *r = ec_report_new();
    ec_build_result res;
    ec_build_status st = ec_build(cat, &c->build, r, &res);
    lines l;
    FILE *out = lines_open(&l);
    print_run_findings(out, r);
    if (!res.rendered)
        fputs("errcat: nothing was written\n", out);
    else if (st != EC_BUILD_WRITE_FAILED) /* a failed commit said why, and that is all */
        print_build_summary(out, &res, c->build.check_only);
    lines_flush(&l);
    ec_report_free(r);
    switch (st) {
    case EC_BUILD_OK: return check_status == EXIT_CLEAN ? EXIT_CLEAN : EXIT_FINDINGS;
    case EC_BUILD_OUT_OF_DATE:
    case EC_BUILD_BAD_TEMPLATE: return EXIT_FINDINGS;
    default: return EXIT_USAGE;
    }
}

/* The options of import, and only those. */
static int import_usage(const cli *c, int *from)
{
    bool others = c->build.templates_dir || c->build.kinds || c->build.check_only || c->strict ||
                  c->format_set || c->color_set || c->accept || c->baseline || c->write_baseline ||
                  c->against || c->fail_on_set;
    for (int i = 0; i < EC_CHECK_COUNT; i++)
        others = others || c->checks.disabled[i];
    if (others)
        return usage_error("%s", "import takes --from, --locale, -o and --force only");
    if (!c->from)
        return usage_error("import needs --from %s", joined(import_formats(), "|", "|"));
    if ((*from = ec_import_format_from_name(c->from)) < 0)
        return usage_error("unknown import format '%s' (%s)", c->from,
                           joined(import_formats(), ", ", ", "));
    if (!c->dir)
        return usage_error("%s", "import needs the FILE to read");
    if (c->nlocales != 1)
        return usage_error("%s", "import needs --locale L, the one locale of FILE");
    return -1;
}

/* "errcat: imported 3 keys from de.po into de.yaml (1 fuzzy, with the
 * previous msgid as source:), leaving out 1 untranslated and 1 fuzzy
 * without a previous msgid": the keys written (the fuzzy ones among them)
 * and each PO message left out, by why. */
static void print_import_summary(FILE *out, const char *file, const char *output,
                                 const ec_import_result *res)
{
    fprintf(out, "errcat: imported %zu key%s from %s", res->keys, res->keys == 1 ? "" : "s", file);
    if (output)
        fprintf(out, " into %s", output);
    const char *sep = " (";
    if (output && !res->changed) {
        fprintf(out, "%sunchanged", sep);
        sep = "; ";
    } else if (res->in_place) {
        fprintf(out, "%s%zu edited in place", sep, res->edited);
        sep = "; ";
    }
    if (res->fuzzy) {
        fprintf(out, "%s%zu fuzzy, with the previous msgid as source:", sep, res->fuzzy);
        sep = "; ";
    }
    if (sep[0] == ';')
        fputc(')', out);
    /* each reason a message was left out, "a, b and c" */
    const size_t n[] = {res->untranslated, res->fuzzy_left_out, res->not_in_catalog};
    static const char *const why[] = {"untranslated", "fuzzy without a previous msgid",
                                      "not in the catalog"};
    size_t reasons = 0, said = 0;
    for (size_t i = 0; i < 3; i++)
        reasons += n[i] > 0;
    for (size_t i = 0; i < 3; i++) {
        if (!n[i])
            continue;
        fputs(said == 0 ? ", leaving out " : said + 1 == reasons ? " and " : ", ", out);
        fprintf(out, "%zu %s", n[i], why[i]);
        said++;
    }
    fputc('\n', out);
}

static int run_import(const cli *c)
{
    int from = -1;
    int st = import_usage(c, &from);
    if (st >= 0)
        return st;
    ec_import_options o = {(ec_import_format)from, c->locales[0], c->build.out_dir, c->force};
    char *yaml = NULL;
    size_t len = 0;
    ec_report *r = ec_report_new();
    ec_import_result res;
    ec_import_status ist = ec_import(c->dir, &o, &yaml, &len, r, &res);
    if (yaml)
        fwrite(yaml, 1, len, stdout);
    lines l;
    FILE *out = lines_open(&l);
    if (ist == EC_IMPORT_OK)
        print_import_summary(out, c->dir, o.output, &res);
    print_run_findings(out, r);
    if (ist == EC_IMPORT_REFUSED)
        fprintf(out, "errcat: nothing imported (%zu error%s)\n", res.errors,
                res.errors == 1 ? "" : "s");
    if (ist == EC_IMPORT_USAGE)
        fprintf(out, "errcat: --locale %s: not a BCP 47 language tag\n" TRY_HELP,
                o.locale ? o.locale : "(none)");
    lines_flush(&l);
    free(yaml);
    ec_report_free(r);
    switch (ist) {
    case EC_IMPORT_OK: return EXIT_CLEAN;
    case EC_IMPORT_REFUSED: return EXIT_FINDINGS;
    default: return EXIT_USAGE;
    }
}

/* "errcat: sync: 412 snapshots added, 1 refreshed; 3 files written". */
static void print_sync_summary(FILE *out, const ec_sync_result *res)
{
    if (!res->files) {
        fputs("errcat: sync: every translation has its snapshot; nothing written\n", out);
        return;
    }
    fprintf(out, "errcat: sync: %zu snapshot%s added, %zu refreshed; %zu file%s written\n",
            res->added, res->added == 1 ? "" : "s", res->refreshed, res->files,
            res->files == 1 ? "" : "s");
}

static int run_sync(cli *c)
{
    if (c->from || c->build.out_dir || c->build.templates_dir || c->build.kinds ||
        c->build.check_only || c->force || c->strict || c->format_set || c->color_set ||
        c->baseline || c->write_baseline || c->against || c->fail_on_set)
        return usage_error("%s", "sync takes --locale and --accept only");
    ec_report *r = ec_report_new();
    ec_catalog *cat = ec_catalog_load(c->dir ? c->dir : "i18n", r);
    int st = cat ? validate_locales(c, cat) : EXIT_USAGE;
    if (st < 0) {
        /* what loading found, as check prints it; then sync's own lines */
        char *found = ec_report_count(r) ? ec_report_render(r, EC_FORMAT_TEXT, false) : NULL;
        ec_report *rs = ec_report_new();
        ec_sync_options o = {c->locales, c->accept};
        ec_sync_result res;
        ec_sync_status ss = ec_sync(cat, &o, rs, &res);
        st = ss == EC_SYNC_OK ? EXIT_CLEAN : ss == EC_SYNC_USAGE ? EXIT_USAGE : EXIT_FINDINGS;
        lines l;
        FILE *out = lines_open(&l);
        if (found)
            fputs(found, out);
        free(found);
        print_run_findings(out, rs);
        ec_report_free(rs);
        if (ss == EC_SYNC_OK)
            print_sync_summary(out, &res);
        else
            fputs("errcat: sync: nothing written\n", out);
        lines_flush(&l);
    } else if (!cat) {
        print_findings(c, r, cat);
    }
    ec_catalog_free(cat);
    ec_report_free(r);
    return st;
}

/* The output of `git -C dir ARGS...` (caller frees), or NULL when git fails;
 * git's own messages are not shown. */
static char *git_output(const char *dir, const char *const *args, size_t *len)
{
    int fds[2];
    if (pipe(fds) != 0)
        return NULL;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return NULL;
    }
    if (pid == 0) {
        const char *argv[16] = {"git", "-C", dir};
        size_t n = 3;
        for (; *args && n < 15; args++)
            argv[n++] = *args;
        argv[n] = NULL;
        dup2(fds[1], STDOUT_FILENO);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
            dup2(null, STDERR_FILENO); /* errcat says what failed */
        close(fds[0]);
        close(fds[1]);
        execvp("git", (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            if (!(buf = realloc(buf, cap)))
                out_of_memory();
        }
        ssize_t got = read(fds[0], buf + *len, cap - *len - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        *len += (size_t)got;
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        free(buf);
        return NULL;
    }
    buf[*len] = '\0';
    return buf;
}

/* The catalog `dir` as it was at git revision `rev` (README "Comparing with
 * an older catalog"): the files git lists in the directory at that revision,
 * read with `git show REV:./NAME`. NULL after saying why. */
static ec_catalog *load_revision(const char *what, const char *dir, const char *rev)
{
    size_t len;
    size_t spec_size = strlen(rev) + sizeof ":./";
    char *spec = malloc(spec_size);
    if (!spec)
        out_of_memory();
    snprintf(spec, spec_size, "%s:./", rev);
    const char *ls[] = {"ls-tree", "--name-only", rev, "--", ".", NULL};
    char *listing = git_output(dir, ls, &len);
    if (!listing) {
        fprintf(stderr, "errcat: %s %s: neither a directory nor a git revision of %s\n", what, rev,
                dir);
        free(spec);
        return NULL;
    }
    ec_file *files = NULL;
    size_t n = 0;
    for (char *save = NULL, *name = strtok_r(listing, "\n", &save); name;
         name = strtok_r(NULL, "\n", &save)) {
        size_t nl = strlen(name);
        if (nl < 5 || strcmp(name + nl - 5, ".yaml") != 0 || strchr(name, '/'))
            continue;
        char *path = malloc(strlen(spec) + nl + 1);
        if (!path)
            out_of_memory();
        sprintf(path, "%s%s", spec, name);
        const char *show[] = {"show", path, NULL};
        size_t flen;
        char *data = git_output(dir, show, &flen);
        free(path);
        if (!data)
            continue;
        if (!(files = realloc(files, (n + 1) * sizeof *files)))
            out_of_memory();
        files[n++] = (ec_file){name, data, flen};
    }
    char *label = malloc(strlen(rev) + strlen(dir) + 2);
    if (!label)
        out_of_memory();
    sprintf(label, "%s:%s", rev, dir);
    ec_report *r = ec_report_new();
    ec_catalog *old = ec_catalog_load_files(label, files, n, r);
    if (!old)
        fprintf(stderr, "errcat: %s %s: %s has no catalog.yaml at that revision\n", what, rev, dir);
    ec_report_free(r);
    for (size_t i = 0; i < n; i++)
        free((char *)files[i].data);
    free(files);
    free(listing);
    free(label);
    free(spec);
    return old;
}

/* A version of a catalog for --against and diff (`what`, for messages):
 * the directory `arg`, else git revision `arg` of directory `dir`. Its own
 * findings are not reported. NULL after saying why it cannot be read. */
static ec_catalog *load_version(const char *what, const char *arg, const char *dir)
{
    if (!is_directory(arg))
        return load_revision(what, dir, arg);
    ec_report *scratch = ec_report_new();
    ec_catalog *cat = ec_catalog_load(arg, scratch);
    if (!cat)
        fprintf(stderr, "errcat: %s %s: no catalog there\n", what, arg);
    ec_report_free(scratch);
    return cat;
}

/* --against: the checks against the old catalog, a directory or a git
 * revision of the catalog's directory. False after saying why OLD cannot
 * be read. */
static bool check_against(const cli *c, const ec_catalog *cat, ec_report *r)
{
    ec_catalog *old = load_version("--against", c->against, c->dir ? c->dir : "i18n");
    if (!old)
        return false;
    ec_check_against(cat, old, &c->checks, r);
    ec_catalog_free(old);
    return true;
}

/* check --write-baseline: records the findings in c->write_baseline and
 * says how many; they are not printed. Exit 0, or 2 when the catalog or the
 * file cannot be read or written. */
static int write_baseline(const cli *c, ec_report *r, const ec_catalog *cat)
{
    if (ec_report_has_io_error(r)) {
        print_findings(c, r, cat);
        fputs("errcat: no baseline written: a file cannot be read\n", stderr);
        return EXIT_USAGE;
    }
    size_t n = 0;
    char *err = NULL;
    if (!ec_baseline_write(cat, r, c->write_baseline, &n, &err)) {
        fprintf(stderr, "errcat: --write-baseline %s\n", err);
        free(err);
        return EXIT_USAGE;
    }
    fprintf(stderr, "errcat: baseline %s: %zu finding%s recorded\n", c->write_baseline, n,
            n == 1 ? "" : "s");
    return EXIT_CLEAN;
}

/* check --baseline: silences the findings c->baseline records; false after
 * saying why the file cannot be used. */
static bool apply_baseline(const cli *c, ec_report *r, const ec_catalog *cat)
{
    char *err = NULL;
    if (ec_baseline_apply(cat, r, c->baseline, &err))
        return true;
    fprintf(stderr, "errcat: --baseline %s\n", err);
    free(err);
    return false;
}

/* Whether `path` is a directory; errno 0 when it is something else. */
static bool is_directory(const char *path)
{
    struct stat st;
    errno = 0;
    if (!*path || stat(path, &st) != 0)
        return false;
    return S_ISDIR(st.st_mode);
}

/* errcat diff OLD [NEW]: the changes on stdout (text, markdown, json); in
 * text, the summary on stderr. Exit 1 when --fail-on names a kind present. */
static int run_diff(cli *c)
{
    if (c->from || c->build.out_dir || c->build.templates_dir || c->build.kinds ||
        c->build.check_only || c->force || c->strict || c->color_set || c->baseline ||
        c->write_baseline || c->against || c->accept || c->locales ||
        memchr(c->checks.disabled, true, sizeof c->checks.disabled))
        return usage_error("%s", "diff takes --format and --fail-on only");
    if (!c->dir)
        return usage_error("%s", "diff needs OLD, a catalog directory or a git revision");
    ec_diff_format f = EC_DIFF_TEXT;
    if (c->format_arg)
        diff_format(c->format_arg, &f);
    const char *new_arg = c->new_dir ? c->new_dir : "i18n";
    /* revisions are of NEW's directory, or of i18n when NEW is one too */
    const char *dir = is_directory(new_arg) ? new_arg : "i18n";
    ec_catalog *old = load_version("diff", c->dir, dir);
    ec_catalog *cur = old ? load_version("diff", new_arg, dir) : NULL;
    char *err = NULL;
    ec_diff *d = cur ? ec_diff_catalogs(old, cur, &err) : NULL;
    int st = EXIT_USAGE;
    if (err)
        fprintf(stderr, "errcat: diff %s %s: %s\n", c->dir, new_arg, err);
    if (d) {
        char *out = ec_diff_render(d, f, c->dir, new_arg);
        fputs(out, stdout);
        free(out);
        const char *notes = ec_diff_notes(d);
        for (const char *nl; (nl = strchr(notes, '\n')); notes = nl + 1)
            fprintf(stderr, "errcat: diff: %.*s\n", (int)(nl - notes), notes);
        char *summary = ec_diff_summary(d);
        if (f == EC_DIFF_TEXT)
            fprintf(stderr, "errcat: diff %s -> %s: %s\n", c->dir, new_arg, summary);
        free(summary);
        st = EXIT_CLEAN;
        names failing = {0};
        for (int k = 0; k < EC_CHANGE_COUNT; k++)
            if (c->fail_on[k] && ec_diff_count(d, k))
                add_name(&failing, ec_change_name(k));
        if (failing.n) {
            fprintf(stderr, "errcat: diff: failing on %s (--fail-on)\n",
                    joined(failing, ", ", " and "));
            st = EXIT_FINDINGS;
        }
    }
    free(err);
    ec_diff_free(d);
    ec_catalog_free(cur);
    ec_catalog_free(old);
    return st;
}

static int run(cli *c)
{
    bool stats = !strcmp(c->command, "stats");
    bool build = !strcmp(c->command, "build");
    if (!strcmp(c->command, "import"))
        return run_import(c);
    if (!strcmp(c->command, "sync"))
        return run_sync(c);
    if (!strcmp(c->command, "diff"))
        return run_diff(c);
    if (c->fail_on_set)
        return usage_error("%s", "--fail-on goes with diff");
    if (c->accept)
        return usage_error("%s", "--accept goes with sync");
    if (!stats && !build && strcmp(c->command, "check") != 0)
        return unknown_command(c->command);
    if (stats && c->strict)
        return usage_error("%s", "--strict goes with check and build (stats counts warnings "
                                 "and errors apart)");
    if (c->from)
        return usage_error("%s", "--from goes with import");
    bool build_opts = c->build.out_dir || c->build.templates_dir || c->build.kinds ||
                      c->build.check_only || c->force;
    if (build_opts && !build)
        return usage_error("%s", "-o, --templates, --only, --check and --force go with build");
    if (c->build.templates_dir && !is_directory(c->build.templates_dir))
        return usage_error("--templates '%s': %s", c->build.templates_dir,
                           !*c->build.templates_dir ? "no directory named"
                           : errno == ENOENT        ? "no such directory"
                           : errno                  ? strerror(errno)
                                                    : "not a directory");
    if ((c->baseline || c->write_baseline) && strcmp(c->command, "check") != 0)
        return usage_error("%s", "--baseline and --write-baseline go with check");
    if (c->against && stats)
        return usage_error("%s", "--against goes with check and build");
    if (c->baseline && c->write_baseline)
        return usage_error("%s",
                           "--baseline and --write-baseline go one at a time (--write-baseline "
                           "records every finding anew)");
    if (stats && !ec_stats_renders(c->format))
        return usage_error("stats prints %s", joined(formats(ec_stats_renders), ", ", " or "));
    ec_report *r = ec_report_new();
    ec_catalog *cat = ec_catalog_load(c->dir ? c->dir : "i18n", r);
    int st = cat ? validate_locales(c, cat) : -1;
    if (st < 0) {
        c->checks.only_locales = c->locales;
        ec_check_run(cat, &c->checks, r);
        if (c->against && cat && !check_against(c, cat, r)) {
            ec_catalog_free(cat);
            ec_report_free(r);
            return EXIT_USAGE;
        }
        if (stats && cat) {
            char *table = ec_stats_render(cat, r, c->format, c->locales);
            fputs(table, stdout);
            free(table);
            st = ec_report_has_io_error(r) ? EXIT_USAGE : EXIT_CLEAN;
        } else if (stats) {
            print_findings(c, r, cat);
            st = EXIT_USAGE;
        } else if (c->write_baseline && cat) {
            st = write_baseline(c, r, cat);
        } else if (c->baseline && cat && !apply_baseline(c, r, cat)) {
            st = EXIT_USAGE;
        } else {
            print_findings(c, r, cat);
            st = exit_status(c, r);
            if (build && cat)
                st = run_build(c, cat, st);
        }
    }
    ec_catalog_free(cat);
    ec_report_free(r);
    return st;
}

/* Out of memory, after the library removed its temporary files: say so and
 * stop with exit status 2 rather than crash. Allocates nothing. */
static _Noreturn void out_of_memory(void)
{
    static const char msg[] = "errcat: out of memory\n";
    (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
    _exit(2);
}

/* ERRCAT_TIMES: since the previous phase, the wall time, the CPU time of
 * every thread and the page faults (fresh memory touched); the peak RSS. */
typedef struct {
    bool started;
    struct timespec last;
    double cpu;  /* of the process at `last` */
    long faults; /* minor page faults at `last` */
} phase_clock;

static double cpu_seconds(const struct rusage *ru)
{
    return (double)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) +
           (double)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
}

static void print_phase(const char *phase, void *ctx)
{
    phase_clock *pc = ctx;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    if (!pc->started || !phase) { /* the first phase, or a run, starts */
        pc->started = true;
        pc->last = now;
        pc->cpu = cpu_seconds(&ru);
        pc->faults = ru.ru_minflt;
        if (!phase)
            return;
    }
    fprintf(stderr, "errcat: %-24s %8.3f s  cpu %7.3f s  faults %7ld  peak RSS %7.1f MB\n", phase,
            (double)(now.tv_sec - pc->last.tv_sec) + (double)(now.tv_nsec - pc->last.tv_nsec) / 1e9,
            cpu_seconds(&ru) - pc->cpu, ru.ru_minflt - pc->faults, (double)ru.ru_maxrss / 1024);
    pc->last = now;
    pc->cpu = cpu_seconds(&ru);
    pc->faults = ru.ru_minflt;
}

/* The most threads ERRCAT_THREADS may ask for: the most the library uses. */
enum { THREADS_MAX = 16 };

/* What the library leaves to the program, set before any other call; -1,
 * or the usage error of an environment variable errcat cannot use. */
static int set_up_library(void)
{
    static phase_clock clock;
    ec_set_oom_handler(out_of_memory);
    /* for measurements and tests: a number of threads, 1 to THREADS_MAX */
    const char *threads = getenv("ERRCAT_THREADS");
    if (threads && *threads) {
        size_t digits = strspn(threads, "0123456789");
        long n = digits == strlen(threads) && digits <= 3 ? strtol(threads, NULL, 10) : 0;
        if (n < 1 || n > THREADS_MAX)
            return usage_error("ERRCAT_THREADS=%s: the number of threads to use, 1 to %d", threads,
                               THREADS_MAX);
        ec_set_threads((unsigned)n);
    }
    /* 1: time the phases; 0 or empty: do not */
    const char *times = getenv("ERRCAT_TIMES");
    if (times && *times && strcmp(times, "0") != 0 && strcmp(times, "1") != 0)
        return usage_error("ERRCAT_TIMES=%s: 1 prints the time of each phase, 0 does not", times);
    if (times && !strcmp(times, "1"))
        ec_set_phase_hook(print_phase, &clock);
    return -1;
}

int main(int argc, char **argv)
{
    cli c = {0};
    int st = set_up_library();
    if (st < 0)
        st = parse_args(&c, argc, argv);
    if (st < 0)
        st = run(&c);
    free(c.locales);
    free(c.accept);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("errcat: cannot write to standard output\n", stderr);
        return EXIT_USAGE;
    }
    return st;
}
