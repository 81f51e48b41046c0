/* Reading whole files. */
#include "base/file.h"

#include "base/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

char *ec_read_file(const char *path, size_t *len)
{
    return ec_read_file_max(path, SIZE_MAX - 1, len);
}

char *ec_read_file_max(const char *path, size_t max, size_t *len)
{
    /* O_NONBLOCK: a FIFO in place of a catalog file must not hang us. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0) { /* st is unset: keep fstat's errno */
        int err = errno;
        close(fd);
        errno = err;
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return NULL;
    }
    if ((uintmax_t)st.st_size > max) {
        close(fd);
        errno = EFBIG;
        return NULL;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *data = ec_xmalloc(cap);
    for (;;) {
        if (n > max) { /* it grew while we read it */
            free(data);
            close(fd);
            errno = EFBIG;
            return NULL;
        }
        if (n + 1 >= cap) {
            cap *= 2;
            data = ec_xrealloc(data, cap);
        }
        ssize_t got = read(fd, data + n, cap - n - 1);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            int err = errno;
            free(data);
            close(fd);
            errno = err;
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    data[n] = '\0';
    *len = n;
    return data;
}
