/* backup-message LOCALE [ERRCODE SUB_ERRCODE]: prints the message of one key
 * in LOCALE (a tag like "de", "de-AT" or "de_DE.UTF-8"; the source locale
 * when the catalog lacks it), or of every key without codes. */
#include <stdio.h>
#include <stdlib.h>

#include "backup-errors.h"

static int code(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < -2147483647L - 1 || v > 2147483647L)
        return 0;
    *out = (int)v;
    return 1;
}

int main(int argc, char **argv)
{
    int errcode, sub;
    if (argc == 2) {
        for (size_t i = 0; backup_key(i, &errcode, &sub); i++)
            printf("%d/%d %s\n", errcode, sub, backup_message(errcode, sub, argv[1]));
        return 0;
    }
    if (argc != 4 || !code(argv[2], &errcode) || !code(argv[3], &sub)) {
        fprintf(stderr, "usage: backup-message LOCALE [ERRCODE SUB_ERRCODE]\n");
        return 2;
    }
    const char *msg = backup_message(errcode, sub, argv[1]);
    if (!msg) {
        fprintf(stderr, "backup-message: no message for %d/%d\n", errcode, sub);
        return 1;
    }
    /* A symbol from the catalog expands to both codes. */
    if (backup_message(BACKUP_TARGET_FULL, "en") == NULL)
        return 3;
    puts(msg);
    return 0;
}
