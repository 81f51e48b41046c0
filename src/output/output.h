/* Writing outputs: each file is compared with what is on disk as it is
 * staged, and written to a temporary file in its own directory from its first
 * differing byte on; the commit renames the temporary files into place only
 * once all of them were written. Private. */
#ifndef ERRCAT_OUTPUT_H
#define ERRCAT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ec_out ec_out;

/* A session writing below `dir`. With `check_only` nothing is ever written:
 * staging only finds out which files would change. With `durable` each
 * temporary file is fsync'd when closed, so that a renamed file is on disk
 * before its name is: for the files that hold the user's data (catalog
 * files, the baseline), not for outputs made from them, which a build run
 * again makes anew. */
ec_out *ec_out_new(const char *dir, bool check_only, bool durable);
/* Adds dir/rel to the outputs (in the order they are counted and listed)
 * and returns its index for ec_out_open(). Not while a file is open. */
size_t ec_out_add(ec_out *o, const char *rel);
/* Output i being staged: ec_out_write() its content piece by piece, then
 * ec_out_close() it, or ec_out_discard() it. While the content equals the
 * file on disk nothing is written; from the first differing byte on it goes
 * to a new temporary file next to it (never with check_only), which is
 * fsync'd when closed in a durable session. Different outputs may be staged
 * on different threads at once. */
typedef struct ec_out_file ec_out_file;
ec_out_file *ec_out_open(ec_out *o, size_t i);
/* Appends data[0..len) to the content; false once writing failed. */
bool ec_out_write(ec_out_file *f, const char *data, size_t len);
/* Finishes the content; false with *err (the first failure) when it could
 * not be written, and then no temporary file is left. Frees f. */
bool ec_out_close(ec_out_file *f, char **err);
/* Drops the content (the rendering failed): no temporary file is left. */
void ec_out_discard(ec_out_file *f);
/* Stages `data` as the content of dir/rel: add, open, write and close.
 * False with *err on failure. */
bool ec_out_stage(ec_out *o, const char *rel, const char *data, size_t len, char **err);
/* Stages the session's manifest (dir/rel): written like the other files,
 * but renamed into place last, after the removals, and left out of the
 * counts below. Staged after every other file, once. */
bool ec_out_stage_manifest(ec_out *o, const char *rel, const char *data, size_t len, char **err);
/* Whether the staged manifest differs from the disk. */
bool ec_out_manifest_changed(const ec_out *o);
/* Whether dir/rel is the temporary file of an output of this session. */
bool ec_out_is_temp(const ec_out *o, const char *rel);
/* Schedules the removal of dir/rel (a file the commit deletes after every
 * other file was renamed into place and before the manifest is; its
 * directory too when that is then empty). */
void ec_out_remove(ec_out *o, const char *rel);
/* Renames the temporary file of every changed file into place, removes the
 * files scheduled for removal and renames the manifest into place. On failure: false with *err,
 * temporary files and directories the session created are removed; files renamed before a failed
 * rename stay new, the rest stay old (each file is always either old or new, never partial). */
bool ec_out_commit(ec_out *o, char **err);
/* Number of staged files, and of those whose content differs from the disk. */
size_t ec_out_count(const ec_out *o);
size_t ec_out_changed(const ec_out *o);
/* The path (dir/rel) of the i-th staged file, and whether it changes. */
const char *ec_out_path(const ec_out *o, size_t i, bool *changed);
/* Removes every temporary file left (and the directories the session made
 * that are empty) and frees the session. */
void ec_out_free(ec_out *o);

#endif
