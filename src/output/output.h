/* Writing outputs: every file is first staged in memory and compared with
 * what is on disk; the commit writes each changed file to a temporary file in
 * its own directory and renames them into place only once all of them were
 * written. Private. */
#ifndef ERRCAT_OUTPUT_H
#define ERRCAT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ec_out ec_out;

/* A session writing below `dir`. With `check_only` nothing is ever written:
 * staging only finds out which files would change. */
ec_out *ec_out_new(const char *dir, bool check_only);
/* Stages `data` as the content of dir/rel. False with *err on failure. */
bool ec_out_stage(ec_out *o, const char *rel, const char *data, size_t len, char **err);
/* Stages the session's manifest (dir/rel): written like the other files,
 * but renamed into place last, after the removals, and left out of the
 * counts below. Staged after every other file, once. */
bool ec_out_stage_manifest(ec_out *o, const char *rel, const char *data, size_t len, char **err);
/* Whether the staged manifest differs from the disk. */
bool ec_out_manifest_changed(const ec_out *o);
/* Schedules the removal of dir/rel (a file the commit deletes after every
 * other file was renamed into place and before the manifest is; its
 * directory too when that is then empty). */
void ec_out_remove(ec_out *o, const char *rel);
/* The bytes of a file that `writer` produces at the temporary path it is
 * given (in `tmp_dir`, NULL or "": /tmp; removed afterwards), or NULL with
 * *err. Touches no session: it may run while other threads stage nothing. */
char *ec_out_produce(const char *tmp_dir, bool (*writer)(const char *tmp, void *ctx, char **err),
                     void *ctx, size_t *len, char **err);
/* Writes every changed file to a temporary file, then renames them all into
 * place, removes the files scheduled for removal and renames the manifest
 * into place. On failure: false with *err, temporary files and directories the
 * commit created are removed; files renamed before a failed rename stay new,
 * the rest stay old (each file is always either old or new, never partial). */
bool ec_out_commit(ec_out *o, char **err);
/* Number of staged files, and of those whose content differs from the disk. */
size_t ec_out_count(const ec_out *o);
size_t ec_out_changed(const ec_out *o);
/* The path (dir/rel) of the i-th staged file, and whether it changes. */
const char *ec_out_path(const ec_out *o, size_t i, bool *changed);
/* Removes every temporary file left and frees the session. */
void ec_out_free(ec_out *o);

#endif
