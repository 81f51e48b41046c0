#!/usr/bin/env bash
# tests/layers.sh LIBRARY SRC: the library's layers only call downwards and
# its files depend on each other without a cycle (README "Code layout").
#
# A file's layer is its folder under src/, in this order from the bottom:
LAYERS=(base model load check output import cli)
# Two kinds of dependency are read, so that neither hides the other:
#   calls:    `nm` of the library's objects: a symbol one object leaves
#             undefined and another defines;
#   includes: the "layer/file.h" a source or header includes.
# A dependency on a higher layer fails, and so does a cycle among files
# (tsort finds it), even within one layer.
set -euo pipefail
lib="$1" src="$(cd "$2" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/errcat-layers.XXXXXX")"
trap 'rm -rf "$work"' EXIT
status=0

# The layer index of a path relative to src/ (awk, for every file at once).
layer_awk='
    function layer(f,   i) {
        if (f == "templates_builtin.c") f = "output/templates_builtin.c"
        for (i = 0; i < nl; i++) if (index(f, L[i] "/") == 1) return i
        return -1
    }'
layers_list="${LAYERS[*]}"

# Object (buf.c.o) -> source path relative to src/ (base/buf.c); object names
# are the sources' base names, which must be unique.
(cd "$src/src" && find . -name '*.c' | sed 's#^\./##' | sort) >"$work/sources"
dups=$(sed 's#.*/##' "$work/sources" | sort | uniq -d)
[ -z "$dups" ] || { echo "layers.sh: source names used twice: $dups" >&2; exit 1; }

# ---- calls, from nm ----
nm -A --defined-only "$lib" | awk '$(NF-1) ~ /^[TDBRCV]$/ { n = split($1, a, ":"); print a[n - 1], $NF }' \
    | sort -u >"$work/defined"
nm -A --undefined-only "$lib" | awk '{ n = split($1, a, ":"); print a[n - 1], $NF }' | sort -u >"$work/undefined"
[ -s "$work/defined" ] || { echo "layers.sh: nm found no symbols in $lib" >&2; exit 1; }
awk -v layers="$layers_list" -v edges="$work/edges" -v count="$work/ncalls" "$layer_awk"'
    BEGIN { nl = split(layers, t, " "); for (i = 1; i <= nl; i++) L[i - 1] = t[i] }
    FILENAME == ARGV[1] { b = $0; sub(/.*\//, "", b); src[b ".o"] = $0; next }
    FILENAME == ARGV[2] { def[$2] = $1; next }
    ($2 in def) && def[$2] != $1 {
        u = ($1 in src) ? src[$1] : $1; d = (def[$2] in src) ? src[def[$2]] : def[$2]
        if ($1 == "templates_builtin.c.o") u = "templates_builtin.c"
        if (def[$2] == "templates_builtin.c.o") d = "templates_builtin.c"
        lu = layer(u); ld = layer(d)
        if (lu < 0 || ld < 0) { printf "in no layer: %s or %s\n", u, d > "/dev/stderr"; bad = 1 }
        else if (ld > lu) { printf "upward call: %s (%s) calls %s of %s (%s)\n", u, L[lu], $2, d, L[ld]; bad = 1 }
        uu = u; dd = d; sub(/\.[ch]$/, "", uu); sub(/\.[ch]$/, "", dd)
        print uu, dd > edges; n++
    }
    END { print n + 0 > count; exit bad }' "$work/sources" "$work/defined" "$work/undefined" || status=1
ncalls=$(cat "$work/ncalls")

# ---- includes ----
(cd "$src/src" && grep -H '^#include "' $(find . -name '*.[ch]' | sed 's#^\./##' | sort)) \
    | sed 's/^\([^:]*\):#include "\([^"]*\)".*/\1 \2/' >"$work/includes" || true
awk -v layers="$layers_list" -v root="$src/src" -v edges="$work/edges" "$layer_awk"'
    BEGIN { nl = split(layers, t, " "); for (i = 1; i <= nl; i++) L[i - 1] = t[i] }
    {
        if (system("test -e \"" root "/" $2 "\"") != 0) next   # errcat/errcat.h, test headers
        lf = layer($1); li = layer($2)
        if (lf < 0 || li < 0) { printf "in no layer: %s or %s\n", $1, $2 > "/dev/stderr"; bad = 1; next }
        if (li > lf) { printf "upward include: %s (%s) includes %s (%s)\n", $1, L[lf], $2, L[li]; bad = 1 }
        a = $1; b = $2; sub(/\.[ch]$/, "", a); sub(/\.[ch]$/, "", b); sub(/\.def$/, "", b)
        if (a != b) print a, b >> edges
    }
    END { exit bad }' "$work/includes" || status=1

# ---- cycles among modules (a source file and its header are one), by
# calls and includes together ----
if ! awk '$1 != $2' "$work/edges" | sort -u | tsort >/dev/null 2>"$work/tsort"; then
    echo "a cycle among these modules (calls or includes):"
    sed 's/^tsort: /  /' "$work/tsort"
    status=1
fi

if [ "$status" = 0 ]; then
    echo "layers: ${LAYERS[*]}: $ncalls cross-file calls and every include point downwards or sideways, no cycle"
fi
exit $status
