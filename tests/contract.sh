#!/usr/bin/env bash
# tests/contract.sh LIBRARY SRC: the library keeps the contract of
# include/errcat/errcat.h, "the library never prints and never exits", and
# exports its API and nothing else (README "Code layout").
#
#   nm:      no object of the library calls a function that exits, prints
#            to standard output or error, or reads or changes the
#            environment, nor refers to stdout or stderr. abort() is
#            allowed: out of memory ends there when the program installed
#            no handler (ec_set_oom_handler).
#   readelf: every global symbol the library defines with default
#            visibility is a function declared EC_API in errcat.h, and every
#            one of those is defined so (the library is built with
#            -fvisibility=hidden).
set -euo pipefail
lib="$1" src="$(cd "$2" && pwd)"
header="$src/include/errcat/errcat.h"
status=0
fail() { echo "contract: $*"; status=1; }

# What the library must not use.
forbidden=(
    exit _exit _Exit quick_exit
    printf fprintf vprintf vfprintf dprintf vdprintf
    __printf_chk __fprintf_chk __vprintf_chk __vfprintf_chk __dprintf_chk __vdprintf_chk
    fputs puts putchar putchar_unlocked perror
    err errx verr verrx warn warnx vwarn vwarnx error error_at_line psignal psiginfo
    setenv unsetenv putenv clearenv getenv secure_getenv __secure_getenv environ __environ
    stdout stderr _IO_2_1_stdout_ _IO_2_1_stderr_
)
# write() stays allowed (outputs are written with it); a write to file
# descriptor 1 or 2 is not found by nm, so the library's sources are also
# searched for STDOUT_FILENO and STDERR_FILENO.

# ---- nm: what the objects leave undefined ----
undefined=$(nm -A --undefined-only "$lib" | awk '{ n = split($1, a, ":"); sub(/@.*/, "", $NF); print a[n - 1], $NF }')
[ -n "$undefined" ] || { echo "contract: nm found no undefined symbols in $lib" >&2; exit 1; }
while read -r obj sym; do
    for f in "${forbidden[@]}"; do
        [ "$sym" = "$f" ] && fail "$obj uses $sym"
    done
done <<<"$undefined"

if grep -rnE 'STD(OUT|ERR)_FILENO' "$src/src" --include='*.c' --include='*.h' | grep -v '^'"$src"'/src/cli/'; then
    fail "the library names standard output or error (above)"
fi

# ---- the API: the functions errcat.h declares ----
mapfile -t api < <(sed -nE 's/^EC_API[^(]*[^A-Za-z0-9_]([A-Za-z_][A-Za-z0-9_]*)\(.*/\1/p' "$header" | sort -u)
((${#api[@]} >= 20)) || { echo "contract: found only ${#api[@]} EC_API functions in $header" >&2; exit 1; }
# a declaration at the start of a line without EC_API would be hidden
while IFS= read -r line; do
    fail "errcat.h declares a function without EC_API: $line"
done < <(grep -E '^[A-Za-z_].*\(' "$header" | grep -vE '^(EC_API|typedef|extern)\b' || true)

# ---- readelf: what the objects define with default visibility ----
exported=$(readelf -sW "$lib" | awk '
    $1 == "File:" { obj = $2; sub(/.*\(/, "", obj); sub(/\)$/, "", obj); next }
    NF >= 8 && ($5 == "GLOBAL" || $5 == "WEAK") && $6 == "DEFAULT" && $7 != "UND" {
        print obj, $4, $8
    }')
declare -A is_api=() defined=()
for f in "${api[@]}"; do is_api[$f]=1; done
while read -r obj type sym; do
    [ -n "$sym" ] || continue
    if [ -z "${is_api[$sym]:-}" ]; then
        fail "$obj exports $sym ($type), which is not a function of errcat.h"
    elif [ "$type" != FUNC ]; then
        fail "$obj exports $sym as $type, not as a function"
    else
        defined[$sym]=1
    fi
done <<<"$exported"
for f in "${api[@]}"; do
    [ -n "${defined[$f]:-}" ] || fail "$f (errcat.h) is not defined with default visibility in $lib"
done

if [ "$status" = 0 ]; then
    echo "contract: $(wc -l <<<"$undefined") undefined references, none that prints, exits or" \
        "touches the environment; exported: the ${#api[@]} functions of errcat.h, nothing else"
fi
exit $status
