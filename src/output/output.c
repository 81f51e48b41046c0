/* Staged, atomic, write-only-when-changed output files. */
#define _XOPEN_SOURCE 700 /* pread() */
#include "output/output.h"

#include "base/buf.h"
#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char *path; /* dir/rel */
    char *tmp;  /* the temporary file holding the new content, until renamed */
    bool changed;
    bool manifest; /* the manifest: renamed last, not counted */
} staged;

struct ec_out {
    char *dir;
    bool check_only;
    bool durable; /* fsync() each file before it is renamed into place */
    staged *v;
    size_t n;
    pthread_mutex_t lock; /* guards `made`: files are written on any thread */
    char **made;          /* directories this session created, to remove on failure */
    size_t nmade;
    char **gone; /* dir/rel of the files to remove */
    size_t ngone;
};

/* The session whose temporary files the clean-up on running out of memory
 * removes: the last one opened that writes. */
static ec_out *armed;
static void oom_roll_back(void);

ec_out *ec_out_new(const char *dir, bool check_only, bool durable)
{
    ec_out *o = ec_xcalloc(1, sizeof *o);
    o->dir = ec_xstrdup(dir);
    o->check_only = check_only;
    o->durable = durable;
    pthread_mutex_init(&o->lock, NULL);
    if (!check_only) {
        armed = o;
        ec_on_oom(oom_roll_back);
    }
    return o;
}

static bool fail(char **err, const char *what, const char *path)
{
    *err = ec_xasprintf("%s %s: %s", what, path, strerror(errno));
    return false;
}

/* After mkdir(d) failed: true when d is a directory all the same (made by
 * someone else meanwhile); false with errno saying why not, ENOTDIR for
 * something else in its place. */
static bool dir_after_all(const char *d)
{
    if (errno != EEXIST)
        return false;
    struct stat st;
    if (stat(d, &st) == 0 && S_ISDIR(st.st_mode))
        return true;
    errno = ENOTDIR;
    return false;
}

/* mkdir -p of the directory part of `path`, remembering what it created;
 * one thread at a time. */
static bool make_parents(ec_out *o, const char *path, char **err)
{
    char *d = ec_xstrdup(path);
    bool ok = true;
    pthread_mutex_lock(&o->lock);
    for (char *p = d + 1; *p && ok; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        struct stat st;
        if (stat(d, &st) == 0 && S_ISDIR(st.st_mode)) {
            /* there already: not even mkdir() it, the parent may be read-only */
        } else if (mkdir(d, 0777) == 0) {
            o->made = ec_xrealloc(o->made, (o->nmade + 1) * sizeof *o->made);
            o->made[o->nmade++] = ec_xstrdup(d);
        } else if (!dir_after_all(d)) {
            ok = fail(err, "cannot create directory", d);
        }
        *p = '/';
    }
    pthread_mutex_unlock(&o->lock);
    free(d);
    return ok;
}

static mode_t new_file_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return st.st_mode & 07777;
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

static bool write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        data += w;
        len -= (size_t)w;
    }
    return true;
}

/* The path dir/rel. */
static char *out_path(const ec_out *o, const char *rel)
{
    size_t dl = strlen(o->dir);
    return ec_xasprintf("%s%s%s", o->dir, dl && o->dir[dl - 1] == '/' ? "" : "/", rel);
}

size_t ec_out_add(ec_out *o, const char *rel)
{
    o->v = ec_xrealloc(o->v, (o->n + 1) * sizeof *o->v);
    o->v[o->n] = (staged){.path = out_path(o, rel)};
    return o->n++;
}

/* The bytes compared with the old file at a time. */
#define CMP_CHUNK ((size_t)1 << 20)

struct ec_out_file {
    ec_out *o;
    size_t i;      /* the output's index in o->v */
    int old;       /* the file on disk, while the new content still equals it */
    off_t same;    /* how many bytes so far equal the old file's */
    bool diverged; /* the content differs from the disk's */
    int fd;        /* the temporary file being written, or -1 */
    char *cmp;     /* CMP_CHUNK bytes of the old file at a time */
    char *err;     /* the first failure, for ec_out_close() */
};

/* Fails file `f` with "<what> <path>: <errno>" unless it failed already. */
static bool file_fail(ec_out_file *f, const char *what, const char *path)
{
    if (!f->err)
        fail(&f->err, what, path);
    return false;
}

/* Creates the temporary file of output `f` next to it
 * ("NAME.errcat-XXXXXX", with the old file's mode or the umask's). */
static bool create_temp(ec_out_file *f)
{
    staged *s = &f->o->v[f->i];
    if (!make_parents(f->o, s->path, &f->err))
        return false;
    char *tmp = ec_xasprintf("%s.errcat-XXXXXX", s->path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return file_fail(f, "cannot create a temporary file for", s->path);
    }
    s->tmp = tmp;
    f->fd = fd;
    if (fchmod(fd, new_file_mode(s->path)) != 0)
        return file_fail(f, "cannot write", tmp);
    return true;
}

/* The new content differs from the old file from byte f->same on: the
 * temporary file starts with the old file's first f->same bytes, which the
 * new content shares (with check_only, nothing is written). */
static bool diverge(ec_out_file *f)
{
    f->diverged = true;
    if (f->o->check_only || !create_temp(f))
        return !f->err;
    for (off_t at = 0; at < f->same;) {
        size_t want = (size_t)(f->same - at) < CMP_CHUNK ? (size_t)(f->same - at) : CMP_CHUNK;
        ssize_t got = pread(f->old, f->cmp, want, at);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            if (got == 0)
                errno = EIO; /* the old file shrank under us */
            return file_fail(f, "cannot read", f->o->v[f->i].path);
        }
        if (!write_all(f->fd, f->cmp, (size_t)got))
            return file_fail(f, "cannot write", f->o->v[f->i].tmp);
        at += got;
    }
    return true;
}

/* Reads up to `want` bytes of the old file into f->cmp: how many it got
 * (fewer at its end), or -1 when it cannot be read. */
static ssize_t read_old(ec_out_file *f, size_t want)
{
    size_t got = 0;
    while (got < want) {
        ssize_t r = read(f->old, f->cmp + got, want - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* Whether data[0..len) is what the old file holds next. */
static bool same_as_old(ec_out_file *f, const char *data, size_t len)
{
    while (len) {
        size_t want = len < CMP_CHUNK ? len : CMP_CHUNK;
        ssize_t got = read_old(f, want);
        if (got != (ssize_t)want || memcmp(f->cmp, data, want) != 0)
            return false;
        f->same += (off_t)want;
        data += want;
        len -= want;
    }
    return true;
}

ec_out_file *ec_out_open(ec_out *o, size_t i)
{
    ec_out_file *f = ec_xcalloc(1, sizeof *f);
    f->o = o;
    f->i = i;
    f->fd = -1;
    f->cmp = ec_xmalloc(CMP_CHUNK);
    /* O_NONBLOCK: a FIFO in the output's place must not hang us */
    f->old = open(o->v[i].path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (f->old >= 0 && (fstat(f->old, &st) != 0 || !S_ISREG(st.st_mode))) {
        close(f->old);
        f->old = -1;
    }
    if (f->old < 0) /* no old file (or none to read): all of it is new */
        diverge(f);
    return f;
}

bool ec_out_write(ec_out_file *f, const char *data, size_t len)
{
    if (f->err)
        return false;
    if (!f->diverged) {
        off_t at = f->same;
        if (same_as_old(f, data, len))
            return true;
        /* the part of data that matched is written again from data */
        f->same = at;
        if (!diverge(f))
            return false;
    }
    if (f->fd >= 0 && !write_all(f->fd, data, len))
        return file_fail(f, "cannot write", f->o->v[f->i].tmp);
    return true;
}

/* Closes what `f` has open; its temporary file stays. */
static void file_release(ec_out_file *f)
{
    if (f->old >= 0)
        close(f->old);
    free(f->cmp);
    free(f);
}

bool ec_out_close(ec_out_file *f, char **err)
{
    staged *s = &f->o->v[f->i];
    if (!f->err && !f->diverged && read_old(f, 1) != 0)
        diverge(f); /* the old file is longer (or unreadable) */
    s->changed = f->diverged;
    if (f->fd >= 0) {
        if (!f->err && f->o->durable && fsync(f->fd) != 0)
            file_fail(f, "cannot write", s->tmp);
        if (close(f->fd) != 0)
            file_fail(f, "cannot write", s->tmp);
    }
    bool ok = !f->err;
    if (!ok) {
        if (s->tmp)
            unlink(s->tmp);
        free(s->tmp);
        s->tmp = NULL;
        *err = f->err;
    }
    file_release(f);
    return ok;
}

void ec_out_discard(ec_out_file *f)
{
    staged *s = &f->o->v[f->i];
    if (f->fd >= 0)
        close(f->fd);
    if (s->tmp)
        unlink(s->tmp);
    free(s->tmp);
    s->tmp = NULL;
    free(f->err);
    file_release(f);
}

bool ec_out_stage(ec_out *o, const char *rel, const char *data, size_t len, char **err)
{
    ec_out_file *f = ec_out_open(o, ec_out_add(o, rel));
    ec_out_write(f, data, len);
    return ec_out_close(f, err);
}

bool ec_out_stage_manifest(ec_out *o, const char *rel, const char *data, size_t len, char **err)
{
    bool ok = ec_out_stage(o, rel, data, len, err);
    o->v[o->n - 1].manifest = true;
    return ok;
}

bool ec_out_manifest_changed(const ec_out *o)
{
    return o->n && o->v[o->n - 1].manifest && o->v[o->n - 1].changed;
}

bool ec_out_is_temp(const ec_out *o, const char *rel)
{
    char *path = out_path(o, rel);
    bool ours = false;
    for (size_t i = 0; i < o->n && !ours; i++)
        ours = o->v[i].tmp && !strcmp(o->v[i].tmp, path);
    free(path);
    return ours;
}

void ec_out_remove(ec_out *o, const char *rel)
{
    o->gone = ec_xrealloc(o->gone, (o->ngone + 1) * sizeof *o->gone);
    o->gone[o->ngone++] = out_path(o, rel);
}

/* Undoes a failed commit: temporary files and the directories made for them. */
static void roll_back(ec_out *o)
{
    for (size_t i = 0; i < o->n; i++) {
        if (o->v[i].tmp)
            unlink(o->v[i].tmp);
        free(o->v[i].tmp);
        o->v[i].tmp = NULL;
    }
    for (size_t i = o->nmade; i-- > 0;)
        rmdir(o->made[i]); /* only succeeds when empty */
}

/* Renames the temporary files of the manifest (`manifest`) or of the
 * other files into place. */
static bool rename_all(ec_out *o, bool manifest, char **err)
{
    for (size_t i = 0; i < o->n; i++) {
        staged *s = &o->v[i];
        if (!s->tmp || s->manifest != manifest)
            continue;
        if (rename(s->tmp, s->path) != 0)
            return fail(err, "cannot rename into place", s->path);
        free(s->tmp);
        s->tmp = NULL;
    }
    return true;
}

/* Removes the files scheduled for removal (one already gone is fine), and
 * each one's directory when that is left empty. */
static bool remove_gone(ec_out *o, char **err)
{
    for (size_t i = 0; i < o->ngone; i++) {
        if (unlink(o->gone[i]) != 0 && errno != ENOENT)
            return fail(err, "cannot remove", o->gone[i]);
        char *slash = strrchr(o->gone[i], '/');
        if (slash && slash != o->gone[i] && (size_t)(slash - o->gone[i]) > strlen(o->dir)) {
            *slash = '\0';
            rmdir(o->gone[i]); /* only succeeds when empty */
            *slash = '/';
        }
    }
    return true;
}

/* Every new file is in its temporary file (written as it was staged):
 * renames them into place. */
static bool commit(ec_out *o, char **err)
{
    /* The manifest last: until it is in place, the old one lists every file
     * a run killed now leaves behind. */
    if (!rename_all(o, false, err) || !remove_gone(o, err) || !rename_all(o, true, err)) {
        roll_back(o);
        return false;
    }
    return true;
}

static void oom_roll_back(void)
{
    if (armed)
        roll_back(armed); /* unlink and rmdir only: no allocation */
}

bool ec_out_commit(ec_out *o, char **err)
{
    if (o->check_only)
        return true;
    return commit(o, err);
}

size_t ec_out_count(const ec_out *o)
{
    return o->n - (o->n && o->v[o->n - 1].manifest);
}

size_t ec_out_changed(const ec_out *o)
{
    size_t n = 0;
    for (size_t i = 0; i < ec_out_count(o); i++)
        n += o->v[i].changed;
    return n;
}

const char *ec_out_path(const ec_out *o, size_t i, bool *changed)
{
    if (changed)
        *changed = o->v[i].changed;
    return o->v[i].path;
}

void ec_out_free(ec_out *o)
{
    if (!o)
        return;
    if (armed == o) {
        armed = NULL;
        ec_on_oom(NULL);
    }
    roll_back(o); /* a session not committed leaves nothing behind */
    for (size_t i = 0; i < o->n; i++)
        free(o->v[i].path);
    for (size_t i = 0; i < o->nmade; i++)
        free(o->made[i]);
    free(o->made);
    for (size_t i = 0; i < o->ngone; i++)
        free(o->gone[i]);
    free(o->gone);
    free(o->v);
    free(o->dir);
    pthread_mutex_destroy(&o->lock);
    free(o);
}
