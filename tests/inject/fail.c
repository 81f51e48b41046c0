/* An LD_PRELOAD library that makes one file-system call fail, to prove that
 * a build that fails part way leaves every output either as it was or new,
 * and no temporary file behind (tests/unit/test_out_fail.c).
 *
 * Only calls on paths below $ERRCAT_FAIL_PREFIX count, and calls on the
 * file descriptors and streams those opened: open, openat, creat, mkstemp,
 * mkostemp, fopen, fdopen'd descriptors, mkdir, rename, renameat, fchmod,
 * write, fsync, fdatasync, close, fwrite, fputs, fputc, putc, fflush and
 * fclose. The $ERRCAT_FAIL_AT-th of them (1-based) fails with a plausible
 * errno (ENOSPC for writes, EIO for fsync and rename, EACCES for opening and
 * mkdir) without doing anything, except that a failing close or fclose
 * still releases the descriptor or stream, as the real ones do. With
 * $ERRCAT_FAIL_COUNT naming a file, the number of calls counted is written
 * there at exit; with $ERRCAT_FAIL_LOG set, the failing call is named on
 * stderr. Reading and unlinking are never failed: the point is what a
 * failed write leaves behind, and clean-up that cannot run is not errcat's
 * to fix. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_FD 4096
#define MAX_STREAMS 256

static unsigned long calls;   /* counted so far */
static unsigned long fail_at; /* 0: never */
static const char *prefix;
static size_t prefix_len;
static unsigned char tracked_fd[MAX_FD];
static FILE *tracked_stream[MAX_STREAMS];
static int ready;

static void count_at_exit(void);

static void init(void)
{
    if (ready)
        return;
    ready = 1;
    prefix = getenv("ERRCAT_FAIL_PREFIX");
    prefix_len = prefix ? strlen(prefix) : 0;
    const char *at = getenv("ERRCAT_FAIL_AT");
    fail_at = at ? strtoul(at, NULL, 10) : 0;
    if (getenv("ERRCAT_FAIL_COUNT"))
        atexit(count_at_exit);
}

#define REAL(type, name, args)                                                                     \
    static type(*real_fn) args;                                                                    \
    if (!real_fn)                                                                                  \
        *(void **)&real_fn = dlsym(RTLD_NEXT, name);                                               \
    init()

static int below(const char *path)
{
    return prefix_len && path && !strncmp(path, prefix, prefix_len) &&
           (path[prefix_len] == '/' || path[prefix_len] == '\0');
}

static int fd_tracked(int fd)
{
    return fd >= 0 && fd < MAX_FD && tracked_fd[fd];
}

static void track_fd(int fd, int on)
{
    if (fd >= 0 && fd < MAX_FD)
        tracked_fd[fd] = (unsigned char)on;
}

static int stream_tracked(FILE *f)
{
    for (int i = 0; f && i < MAX_STREAMS; i++)
        if (tracked_stream[i] == f)
            return 1;
    return 0;
}

static void track_stream(FILE *f, int on)
{
    for (int i = 0; f && i < MAX_STREAMS; i++) {
        if (on ? tracked_stream[i] == NULL : tracked_stream[i] == f) {
            tracked_stream[i] = on ? f : NULL;
            return;
        }
    }
}

static void say(const char *what, const char *arg)
{
    if (!getenv("ERRCAT_FAIL_LOG"))
        return;
    char line[4200];
    int n = snprintf(line, sizeof line, "errcat inject: call %lu fails: %s %s\n", calls, what,
                     arg ? arg : "");
    ssize_t (*real_write)(int, const void *, size_t);
    *(void **)&real_write = dlsym(RTLD_NEXT, "write");
    if (n > 0 && real_write)
        (void)!real_write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* Counts one call; true when it is the one to fail (errno is then set). */
static int hit(const char *what, const char *arg, int err)
{
    unsigned long n = __atomic_add_fetch(&calls, 1, __ATOMIC_SEQ_CST);
    if (n != fail_at)
        return 0;
    say(what, arg);
    errno = err;
    return 1;
}

static void count_at_exit(void)
{
    const char *path = getenv("ERRCAT_FAIL_COUNT");
    FILE *(*real_fopen)(const char *, const char *);
    *(void **)&real_fopen = dlsym(RTLD_NEXT, "fopen");
    FILE *f = real_fopen ? real_fopen(path, "w") : NULL;
    if (f) {
        fprintf(f, "%lu\n", calls);
        fclose(f);
    }
}

/* ---- opening ---- */

static int open_common(int (*fn)(const char *, int, ...), const char *path, int flags, mode_t mode)
{
    int t = below(path);
    if (t && hit("open", path, EACCES))
        return -1;
    int fd = fn(path, flags, mode);
    if (t)
        track_fd(fd, 1);
    return fd;
}

int open(const char *path, int flags, ...)
{
    REAL(int, "open", (const char *, int, ...));
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    return open_common(real_fn, path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    REAL(int, "open64", (const char *, int, ...));
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    return open_common(real_fn, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
    REAL(int, "openat", (int, const char *, int, ...));
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    int t = below(path);
    if (t && hit("openat", path, EACCES))
        return -1;
    int fd = real_fn(dirfd, path, flags, mode);
    if (t)
        track_fd(fd, 1);
    return fd;
}

int creat(const char *path, mode_t mode)
{
    return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

static int mkstemp_common(int (*fn)(char *, int), char *tmpl, int flags)
{
    int t = below(tmpl);
    if (t && hit("mkstemp", tmpl, EACCES))
        return -1;
    int fd = fn(tmpl, flags);
    if (t)
        track_fd(fd, 1);
    return fd;
}

int mkostemp(char *tmpl, int flags)
{
    REAL(int, "mkostemp", (char *, int));
    return mkstemp_common(real_fn, tmpl, flags);
}

int mkostemp64(char *tmpl, int flags)
{
    REAL(int, "mkostemp64", (char *, int));
    return mkstemp_common(real_fn, tmpl, flags);
}

int mkstemp(char *tmpl)
{
    return mkostemp(tmpl, 0);
}

int mkstemp64(char *tmpl)
{
    return mkostemp64(tmpl, 0);
}

FILE *fopen(const char *path, const char *mode)
{
    REAL(FILE *, "fopen", (const char *, const char *));
    int t = below(path);
    if (t && hit("fopen", path, EACCES))
        return NULL;
    FILE *f = real_fn(path, mode);
    if (t && f)
        track_stream(f, 1);
    return f;
}

FILE *fopen64(const char *path, const char *mode)
{
    return fopen(path, mode);
}

FILE *fdopen(int fd, const char *mode)
{
    REAL(FILE *, "fdopen", (int, const char *));
    FILE *f = real_fn(fd, mode);
    if (f && fd_tracked(fd))
        track_stream(f, 1);
    return f;
}

/* ---- directories and names ---- */

int mkdir(const char *path, mode_t mode)
{
    REAL(int, "mkdir", (const char *, mode_t));
    if (below(path) && hit("mkdir", path, EACCES))
        return -1;
    return real_fn(path, mode);
}

int rename(const char *from, const char *to)
{
    REAL(int, "rename", (const char *, const char *));
    if ((below(from) || below(to)) && hit("rename", to, EIO))
        return -1;
    return real_fn(from, to);
}

int renameat(int fromfd, const char *from, int tofd, const char *to)
{
    REAL(int, "renameat", (int, const char *, int, const char *));
    if ((below(from) || below(to)) && hit("renameat", to, EIO))
        return -1;
    return real_fn(fromfd, from, tofd, to);
}

/* ---- descriptors ---- */

int fchmod(int fd, mode_t mode)
{
    REAL(int, "fchmod", (int, mode_t));
    if (fd_tracked(fd) && hit("fchmod", NULL, EPERM))
        return -1;
    return real_fn(fd, mode);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    REAL(ssize_t, "write", (int, const void *, size_t));
    if (fd_tracked(fd) && hit("write", NULL, ENOSPC))
        return -1;
    return real_fn(fd, buf, n);
}

int fsync(int fd)
{
    REAL(int, "fsync", (int));
    if (fd_tracked(fd) && hit("fsync", NULL, EIO))
        return -1;
    return real_fn(fd);
}

int fdatasync(int fd)
{
    REAL(int, "fdatasync", (int));
    if (fd_tracked(fd) && hit("fdatasync", NULL, EIO))
        return -1;
    return real_fn(fd);
}

int close(int fd)
{
    REAL(int, "close", (int));
    int t = fd_tracked(fd);
    track_fd(fd, 0);
    int r = real_fn(fd);
    if (t && hit("close", NULL, EIO))
        return -1;
    return r;
}

/* ---- streams ---- */

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    REAL(size_t, "fwrite", (const void *, size_t, size_t, FILE *));
    if (stream_tracked(f) && hit("fwrite", NULL, ENOSPC))
        return 0;
    return real_fn(p, size, n, f);
}

int fputs(const char *s, FILE *f)
{
    REAL(int, "fputs", (const char *, FILE *));
    if (stream_tracked(f) && hit("fputs", NULL, ENOSPC))
        return EOF;
    return real_fn(s, f);
}

int fputc(int c, FILE *f)
{
    REAL(int, "fputc", (int, FILE *));
    if (stream_tracked(f) && hit("fputc", NULL, ENOSPC))
        return EOF;
    return real_fn(c, f);
}

int putc(int c, FILE *f)
{
    REAL(int, "putc", (int, FILE *));
    if (stream_tracked(f) && hit("putc", NULL, ENOSPC))
        return EOF;
    return real_fn(c, f);
}

int fflush(FILE *f)
{
    REAL(int, "fflush", (FILE *));
    if (stream_tracked(f) && hit("fflush", NULL, ENOSPC))
        return EOF;
    return real_fn(f);
}

int fclose(FILE *f)
{
    REAL(int, "fclose", (FILE *));
    int t = stream_tracked(f);
    track_stream(f, 0);
    if (t)
        track_fd(fileno(f), 0);
    int r = real_fn(f);
    if (t && hit("fclose", NULL, ENOSPC))
        return EOF;
    return r;
}
