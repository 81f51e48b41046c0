/* errcat command line: argument parsing, printing and exit codes only. */
#include "errcat/errcat.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

typedef enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_mode;

typedef struct {
    const char *command;
    const char *dir;
    ec_format format;
    bool strict;
    color_mode color;
    ec_check_options checks;
    const char **locales; /* NULL-terminated, or NULL */
    size_t nlocales;
    ec_build_options build;
    bool force;
    const char *from; /* import --from */
} cli;

static const char usage_text[] =
    "usage: errcat COMMAND [DIR] [OPTIONS]\n"
    "\n"
    "Keeps code-keyed message catalogs (one YAML file per locale) honest.\n"
    "\n"
    "commands:\n"
    "  check [DIR]    check a catalog (default DIR: i18n)\n"
    "  build [DIR]    check, then write every output (default -o out)\n"
    "  stats [DIR]    per-locale coverage table\n"
    "  import --from md|html|po FILE --locale L [-o FILE]\n"
    "                 turn a docs page's table or a PO file into a locale file\n"
    "\n"
    "options:\n"
    "  --format text|json|sarif|github   how to print findings (default text)\n"
    "  --strict                          warnings count as errors\n"
    "  --disable CHECK[,CHECK]           do not run these checks\n"
    "  --locale L[,L]                    limit findings to these locales (import: the\n"
    "                                    locale of FILE)\n"
    "  -o, --output PATH                 build: the output directory; import: the file\n"
    "  --from md|html|po                 import: what FILE is\n"
    "  --color auto|always|never         colour text diagnostics (auto: on a terminal,\n"
    "                                    unless NO_COLOR is set)\n"
    "  -h, --help                        this help (also: errcat COMMAND --help)\n"
    "  -V, --version                     print the version\n"
    "\n"
    "exit status: 0 no error; 1 errors (or warnings with --strict); 2 usage error\n"
    "or a catalog that cannot be read at all.\n";

static const char import_help_text[] =
    "usage: errcat import --from md|html|po FILE --locale L [-o FILE]\n\n"
    "Turns an existing docs page or PO file into the locale file of L (locale: L,\n"
    "messages: \"errcode/sub_errcode\": text, keys in numeric order), on standard\n"
    "output or, with -o, written atomically (nothing is written on failure).\n\n"
    "  --from md      a Markdown page: its first table whose first column holds\n"
    "                 integer error codes, a GFM pipe table or an HTML table in the page\n"
    "  --from html    an HTML page or fragment: the same, rowspan/colspan expanded (a\n"
    "                 code spanning both code columns has sub-code 0)\n"
    "  --from po      a PO file: msgctxt is the key, msgstr the text; untranslated\n"
    "                 messages are left out, fuzzy ones keep `#| msgid` as `source:`\n"
    "  --locale L     the BCP 47 tag of the file's language\n"
    "  -o, --output FILE   write there (e.g. i18n/L.yaml) instead of standard output\n\n"
    "The code columns are found by their content: header rows (whose code cells\n"
    "are not integers) are skipped; a second column of integers is sub_errcode,\n"
    "else sub-codes are 0. Cell texts are kept as they are (Markdown trims cells),\n"
    "except white space with a line break at either edge of an HTML cell: that is\n"
    "the page's layout, dropped unless errcat wrote the page.\n\n"
    "Exit status: 0 imported; 1 refused (no usable table, a code that is not an\n"
    "integer, a key given twice, a malformed PO file), each problem printed as\n"
    "FILE:LINE: error: MESSAGE; 2 usage error, a FILE that cannot be read or an\n"
    "output that cannot be written.\n";

static void print_checks(FILE *out)
{
    fputs("\nchecks:\n", out);
    for (int i = 0; i < EC_CHECK_COUNT; i++)
        if (ec_check_is_check(i))
            fprintf(out, "  %-13s %-8s %s\n", ec_check_name(i),
                ec_check_default_severity(i) == EC_SEV_ERROR ? "error" : "warning",
                ec_check_description(i));
}

static void command_help(const char *command)
{
    if (!strcmp(command, "build"))
        fputs("usage: errcat build [DIR] [-o OUT] [--templates DIR] [--only KINDS] [--check]\n"
              "                    [--force] and the options of check\n\n"
              "Checks the catalog, then writes md/<locale>.md, html/<locale>.html,\n"
              "docs/<locale>.md, include/<name>.h, po/<name>.pot and po/<locale>.po under\n"
              "OUT (default out). Only files whose bytes change are written, each through\n"
              "a temporary file renamed into place once every output was rendered.\n\n"
              "  -o, --output OUT    output directory\n"
              "  --templates DIR     templates there replace the built-in ones by name\n"
              "  --only KINDS        md,html,docs,c,po\n"
              "  --check             write nothing; exit 1 naming each out-of-date file\n"
              "  --force             write even when the check found errors\n\n"
              "Exit status: 0 written or up to date; 1 errors in the catalog or a template,\n"
              "or (--check) outputs out of date; 2 usage error, unreadable catalog or an\n"
              "output that cannot be written (old outputs are then kept).\n",
              stdout);
    else if (!strcmp(command, "import")) {
        fputs(import_help_text, stdout);
        return;
    } else if (!strcmp(command, "stats"))
        fputs("usage: errcat stats [DIR] [--format text|json] [--locale L[,L]]\n\n"
              "Prints per locale: keys, translated, stale, missing, errors and warnings.\n"
              "Exit status: 0, or 2 when the catalog cannot be read.\n",
              stdout);
    else
        fputs("usage: errcat check [DIR] [--format text|json|sarif|github] [--strict]\n"
              "                    [--disable CHECK[,CHECK]] [--locale L[,L]]\n"
              "                    [--color auto|always|never]\n\n"
              "Checks the catalog in DIR (default i18n) and prints one finding per line:\n"
              "  FILE:LINE:COLUMN: SEVERITY: MESSAGE [CHECK]\n"
              "then a summary line, on stderr (json, sarif and github go to stdout).\n",
              stdout);
    print_checks(stdout);
}

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("errcat: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'errcat --help'.\n", stderr);
    return EXIT_USAGE;
}

static bool parse_format(const char *s, ec_format *f)
{
    static const char *const names[] = {"text", "json", "sarif", "github"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(s, names[i])) {
            *f = (ec_format)i;
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
    OPT_FROM
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

static int parse_option(cli *c, int opt, char *arg)
{
    switch (opt) {
    case OPT_FORMAT:
        if (!parse_format(arg, &c->format))
            return usage_error("unknown format '%s' (text, json, sarif, github)", arg);
        return -1;
    case OPT_STRICT: c->strict = true; return -1;
    case 'o': c->build.out_dir = arg; return -1;
    case OPT_TEMPLATES: c->build.templates_dir = arg; return -1;
    case OPT_ONLY:
        if (!each_item(arg, only_one, c))
            return usage_error("unknown output kind '%s' (md, html, docs, c, po)", bad_item);
        return -1;
    case OPT_CHECK: c->build.check_only = true; return -1;
    case OPT_FORCE: c->force = true; return -1;
    case OPT_FROM: c->from = arg; return -1;
    case OPT_DISABLE:
        if (!each_item(arg, disable_one, c))
            return usage_error("unknown check '%s' (see 'errcat check --help')", bad_item);
        return -1;
    case OPT_LOCALE: each_item(arg, locale_one, c); return -1;
    case OPT_COLOR:
        if (!strcmp(arg, "auto"))
            c->color = COLOR_AUTO;
        else if (!strcmp(arg, "always"))
            c->color = COLOR_ALWAYS;
        else if (!strcmp(arg, "never"))
            c->color = COLOR_NEVER;
        else
            return usage_error("unknown colour mode '%s' (auto, always, never)", arg);
        return -1;
    case 'h':
        if (c->command)
            command_help(c->command);
        else
            fputs(usage_text, stdout);
        return EXIT_CLEAN;
    case 'V': printf("errcat %s\n", ec_version()); return EXIT_CLEAN;
    default: return EXIT_USAGE;
    }
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
            return usage_error("unknown option '%s'", argv[optind - 1]);
        int st = parse_option(c, opt, optarg);
        if (st >= 0)
            return st;
    }
    if (!c->command)
        return usage_error("%s", "no command given (check, build, stats, import)");
    if (optind < argc)
        c->dir = argv[optind++];
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

/* Every --locale must name a locale of the catalog. */
static int validate_locales(const cli *c, const ec_catalog *cat)
{
    for (size_t i = 0; i < c->nlocales; i++) {
        bool found = false;
        for (size_t j = 0; j < ec_catalog_locale_count(cat) && !found; j++)
            found = !strcmp(c->locales[i], ec_catalog_locale(cat, j));
        if (!found)
            return usage_error("--locale %s: the catalog has no such locale", c->locales[i]);
    }
    return -1;
}

static void print_findings(const cli *c, const ec_report *r, const ec_catalog *cat)
{
    char *out = ec_report_render(r, c->format, use_color(c->color));
    bool to_stdout = c->format != EC_FORMAT_TEXT;
    fputs(out, to_stdout ? stdout : stderr);
    free(out);
    if ((c->format == EC_FORMAT_TEXT || c->format == EC_FORMAT_GITHUB) && ec_report_count(r)) {
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

/* `build` after the check: refuses on errors unless --force. */
static int run_build(cli *c, const ec_catalog *cat, int check_status)
{
    if (check_status == EXIT_USAGE)
        return EXIT_USAGE;
    if (check_status != EXIT_CLEAN && !c->force) {
        fputs("errcat: not building: the check found errors (--force builds anyway)\n", stderr);
        return EXIT_FINDINGS;
    }
    char *log = NULL;
    c->build.only_locales = c->locales;
    ec_build_status st = ec_build(cat, &c->build, &log);
    fputs(log, stderr);
    free(log);
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
    if (c->build.templates_dir || c->build.kinds || c->build.check_only || c->force ||
        c->strict || c->format != EC_FORMAT_TEXT)
        return usage_error("%s", "import takes --from, --locale and -o only");
    for (int i = 0; i < EC_CHECK_COUNT; i++)
        if (c->checks.disabled[i])
            return usage_error("%s", "import takes --from, --locale and -o only");
    if (!c->from)
        return usage_error("%s", "import needs --from md|html|po");
    if ((*from = ec_import_format_from_name(c->from)) < 0)
        return usage_error("unknown import format '%s' (md, html, po)", c->from);
    if (!c->dir)
        return usage_error("%s", "import needs the FILE to read");
    if (c->nlocales != 1)
        return usage_error("%s", "import needs --locale L, the one locale of FILE");
    return -1;
}

static int run_import(const cli *c)
{
    int from = -1;
    int st = import_usage(c, &from);
    if (st >= 0)
        return st;
    ec_import_options o = {(ec_import_format)from, c->locales[0], c->build.out_dir};
    char *yaml = NULL, *log = NULL;
    size_t len = 0;
    ec_import_status ist = ec_import(c->dir, &o, &yaml, &len, &log);
    if (yaml)
        fwrite(yaml, 1, len, stdout);
    fputs(log, stderr);
    if (ist == EC_IMPORT_USAGE)
        fputs("Try 'errcat --help'.\n", stderr);
    free(yaml);
    free(log);
    switch (ist) {
    case EC_IMPORT_OK: return EXIT_CLEAN;
    case EC_IMPORT_REFUSED: return EXIT_FINDINGS;
    default: return EXIT_USAGE;
    }
}

static int run(cli *c)
{
    bool stats = !strcmp(c->command, "stats");
    bool build = !strcmp(c->command, "build");
    if (!strcmp(c->command, "import"))
        return run_import(c);
    if (!stats && !build && strcmp(c->command, "check") != 0)
        return usage_error("unknown command '%s' (check, build, stats, import)", c->command);
    if (c->from)
        return usage_error("%s", "--from goes with import");
    bool build_opts = c->build.out_dir || c->build.templates_dir || c->build.kinds ||
                      c->build.check_only || c->force;
    if (build_opts && !build)
        return usage_error("%s", "-o, --templates, --only, --check and --force go with build");
    if (stats && c->format != EC_FORMAT_TEXT && c->format != EC_FORMAT_JSON)
        return usage_error("%s", "stats prints text or json");
    ec_report *r = ec_report_new();
    ec_catalog *cat = ec_catalog_load(c->dir ? c->dir : "i18n", r);
    int st = cat ? validate_locales(c, cat) : -1;
    if (st < 0) {
        c->checks.only_locales = c->locales;
        ec_check_run(cat, &c->checks, r);
        if (stats && cat) {
            char *table = ec_stats_render(cat, r, c->format, c->locales);
            fputs(table, stdout);
            free(table);
            st = ec_report_has_io_error(r) ? EXIT_USAGE : EXIT_CLEAN;
        } else if (stats) {
            print_findings(c, r, cat);
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

int main(int argc, char **argv)
{
    cli c = {0};
    int st = parse_args(&c, argc, argv);
    if (st < 0)
        st = run(&c);
    free(c.locales);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("errcat: cannot write to standard output\n", stderr);
        return EXIT_USAGE;
    }
    return st;
}
