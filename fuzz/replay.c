/* main() of the replay_<target> programs: feeds every file named on the
 * command line, and every regular file of every directory named there (in
 * name order), through the target's LLVMFuzzerTestOneInput, as libFuzzer
 * does when it is given files. Exit status 0 when every input ran through;
 * a failed property or a sanitizer report stops the program. */
#define _XOPEN_SOURCE 700
#include "fuzz.h"

#include "base/buf.h"
#include "base/file.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static size_t count;

static int replay_file(const char *path)
{
    size_t len = 0;
    char *data = ec_read_file(path, &len);
    if (!data) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        return 1;
    }
    /* An exact-size copy, so that reads past the end are caught. */
    uint8_t *copy = malloc(len ? len : 1);
    if (len)
        memcpy(copy, data, len);
    free(data);
    if (getenv("REPLAY_VERBOSE"))
        fprintf(stderr, "replay: %s\n", path);
    LLVMFuzzerTestOneInput(copy, len);
    free(copy);
    count++;
    return 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "replay: cannot open %s\n", dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        names = ec_xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = ec_xasprintf("%s/%s", dir, de->d_name);
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, name_cmp);
    int st = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat sb;
        if (stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode))
            st |= replay_file(names[i]);
        free(names[i]);
    }
    free(names);
    return st;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    int st = 0;
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            st |= replay_dir(argv[i]);
        else
            st |= replay_file(argv[i]);
    }
    fprintf(stderr, "replay: %zu inputs\n", count);
    return st;
}
