#!/usr/bin/env bash
# Retired keys in the outputs (README "Outputs": retired keys): the header,
# the Markdown and HTML tables and the docs pages of tests/data/retired are
# byte for byte tests/retired/expected/ (a retired key marked, the one de
# lacks shown with the source text); a consumer that uses a retired symbol
# still compiles with -Wall -Wextra -Werror and gets its message; a template
# that drops retired keys (tests/retired/drop/) drops them.
#
#   tests/retired/test_retired.sh ERRCAT SOURCE_DIR
set -uo pipefail
errcat=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d "${TMPDIR:-/tmp}/errcat-retired.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

NO_COLOR=1 "$errcat" build "$src/tests/data/retired" -o "$work/out" --only md,html,docs,c 2>/dev/null ||
    fail "errcat build of tests/data/retired"
rm -f "$work/out/.errcat-outputs"
diff -r "$src/tests/retired/expected" "$work/out" || fail "the outputs differ from tests/retired/expected"

# the mark is on the symbol's line, and the consumer builds without a warning
grep -qx '#define DEMO_OLD_FORMAT 2, 0 /\* 2/0, retired: kept, no longer raised \*/' \
    "$work/out/include/retired-demo.h" || fail "DEMO_OLD_FORMAT is not marked retired"
cat >"$work/consumer.c" <<'C'
#include "retired-demo.h"
#include <stdio.h>
int main(void)
{
    /* a retired key is still an interface: its symbol and message stay */
    puts(demo_message(DEMO_OLD_FORMAT, "de"));
    puts(demo_message(DEMO_2_1, "de"));
    return 0;
}
C
for cc in gcc clang; do
    command -v $cc >/dev/null || continue
    $cc -std=c11 -Wall -Wextra -pedantic -Werror -I"$work/out/include" "$work/consumer.c" \
        -o "$work/consumer" || { fail "$cc: the consumer does not build"; continue; }
    got=$("$work/consumer")
    [[ $got == "Das alte Sicherungsformat wird nicht unterstützt."$'\n'"The tape drive is offline." ]] ||
        fail "$cc: the consumer printed: $got"
done

# a template may drop retired keys (md_plain: the text without the mark)
NO_COLOR=1 "$errcat" build "$src/tests/data/retired" -o "$work/drop" --only md \
    --templates "$src/tests/retired/drop" 2>/dev/null || fail "errcat build --templates drop"
want='| errcode | sub_errcode | errmsg                                                      |
| ------- | ----------- | ----------------------------------------------------------- |
| 1       | 0           | Die Datei wurde gespeichert.                                |
| 3       | 0           | Die Platte ist voll.                                        |'
[[ $(cat "$work/drop/md/de.md") == "$want" ]] || fail "the dropping template:"$'\n'"$(cat "$work/drop/md/de.md")"

((failures == 0)) || exit 1
echo "retired: all passed"
