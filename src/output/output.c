/* Staged, atomic, write-only-when-changed output files. */
#include "output/output.h"

#include "base/buf.h"
#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char *path; /* dir/rel */
    char *data; /* the new content while it differs from the disk, else NULL */
    size_t len;
    char *tmp; /* the temporary file during a commit */
    bool changed;
    bool manifest; /* the manifest: renamed last, not counted */
} staged;

struct ec_out {
    char *dir;
    bool check_only;
    staged *v;
    size_t n;
    char **made; /* directories this session created, to remove on failure */
    size_t nmade;
    char **gone; /* dir/rel of the files to remove */
    size_t ngone;
};

ec_out *ec_out_new(const char *dir, bool check_only)
{
    ec_out *o = ec_xcalloc(1, sizeof *o);
    o->dir = ec_xstrdup(dir);
    o->check_only = check_only;
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

/* mkdir -p of the directory part of `path`, remembering what it created. */
static bool make_parents(ec_out *o, const char *path, char **err)
{
    char *d = ec_xstrdup(path);
    bool ok = true;
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
    free(d);
    return ok;
}

/* Does the file at `path` hold exactly data[0..len)? */
static bool same_content(const char *path, const char *data, size_t len)
{
    size_t n;
    char *old = ec_read_file(path, &n);
    bool same = old && n == len && memcmp(old, data, len) == 0;
    free(old);
    return same;
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

/* Writes s->data to a new temporary file next to s->path. */
static bool write_temp(ec_out *o, staged *s, char **err)
{
    if (!make_parents(o, s->path, err))
        return false;
    s->tmp = ec_xasprintf("%s.errcat-XXXXXX", s->path);
    int fd = mkstemp(s->tmp);
    if (fd < 0) {
        free(s->tmp);
        s->tmp = NULL;
        return fail(err, "cannot create a temporary file for", s->path);
    }
    bool ok =
        fchmod(fd, new_file_mode(s->path)) == 0 && write_all(fd, s->data, s->len) && fsync(fd) == 0;
    if (close(fd) != 0)
        ok = false;
    return ok || fail(err, "cannot write", s->tmp);
}

/* The path dir/rel. */
static char *out_path(const ec_out *o, const char *rel)
{
    size_t dl = strlen(o->dir);
    return ec_xasprintf("%s%s%s", o->dir, dl && o->dir[dl - 1] == '/' ? "" : "/", rel);
}

bool ec_out_stage(ec_out *o, const char *rel, const char *data, size_t len, char **err)
{
    (void)err;
    o->v = ec_xrealloc(o->v, (o->n + 1) * sizeof *o->v);
    staged *s = &o->v[o->n++];
    s->path = out_path(o, rel);
    s->manifest = false;
    s->tmp = NULL;
    s->data = NULL;
    s->len = len;
    s->changed = !same_content(s->path, data, len);
    if (s->changed && !o->check_only) {
        s->data = ec_xmalloc(len + 1);
        memcpy(s->data, data, len);
    }
    return true;
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

void ec_out_remove(ec_out *o, const char *rel)
{
    o->gone = ec_xrealloc(o->gone, (o->ngone + 1) * sizeof *o->gone);
    o->gone[o->ngone++] = out_path(o, rel);
}

char *ec_out_produce(const char *tmp_dir, bool (*writer)(const char *tmp, void *ctx, char **err),
                     void *ctx, size_t *len, char **err)
{
    /* The writer produces a file in tmp_dir, never in the output directory;
     * its bytes are read back and the file removed. */
    char *scratch = ec_xasprintf("%s/errcat-XXXXXX", tmp_dir && *tmp_dir ? tmp_dir : "/tmp");
    int fd = mkstemp(scratch);
    if (fd < 0) {
        fail(err, "cannot create a temporary file", scratch);
        free(scratch);
        return NULL;
    }
    close(fd);
    bool ok = writer(scratch, ctx, err);
    char *data = ok ? ec_read_file(scratch, len) : NULL;
    if (ok && !data)
        fail(err, "cannot read back", scratch);
    unlink(scratch);
    free(scratch);
    return data;
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

static bool commit(ec_out *o, char **err)
{
    /* Every new file is written out before the first rename. */
    for (size_t i = 0; i < o->n; i++) {
        if (o->v[i].data && !write_temp(o, &o->v[i], err)) {
            roll_back(o);
            return false;
        }
    }
    /* The manifest last: until it is in place, the old one lists every file
     * a run killed now leaves behind. */
    if (!rename_all(o, false, err) || !remove_gone(o, err) || !rename_all(o, true, err)) {
        roll_back(o);
        return false;
    }
    return true;
}

/* The session committing, for the clean-up when memory runs out. */
static ec_out *committing;

static void oom_roll_back(void)
{
    if (committing)
        roll_back(committing); /* unlink and rmdir only: no allocation */
}

bool ec_out_commit(ec_out *o, char **err)
{
    if (o->check_only)
        return true;
    committing = o;
    ec_on_oom(oom_roll_back);
    bool ok = commit(o, err);
    ec_on_oom(NULL);
    committing = NULL;
    return ok;
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
    for (size_t i = 0; i < o->n; i++) {
        if (o->v[i].tmp)
            unlink(o->v[i].tmp);
        free(o->v[i].tmp);
        free(o->v[i].path);
        free(o->v[i].data);
    }
    for (size_t i = 0; i < o->nmade; i++)
        free(o->made[i]);
    free(o->made);
    for (size_t i = 0; i < o->ngone; i++)
        free(o->gone[i]);
    free(o->gone);
    free(o->v);
    free(o->dir);
    free(o);
}
