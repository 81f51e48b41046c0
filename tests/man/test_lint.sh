#!/usr/bin/env bash
# man.lint: both manual pages are clean under `mandoc -Tlint -Wwarning`:
# status 0 and no output at all.
#
# usage: test_lint.sh SOURCE_DIR
set -u

src=$1
if ! command -v mandoc >/dev/null 2>&1; then
    echo "FAIL: mandoc is not installed (scripts/deps installs it for the tests)" >&2
    exit 1
fi

failures=0
for page in "$src/docs/man/errcat.1" "$src/docs/man/errcat-catalog.5"; do
    out=$(mandoc -Tlint -Wwarning "$page" 2>&1)
    st=$?
    if ((st != 0)) || [[ -n $out ]]; then
        printf 'FAIL: mandoc -Tlint -Wwarning %s: status %d\n%s\n' "$page" "$st" "$out" >&2
        failures=$((failures + 1))
    fi
done
((failures == 0)) || exit 1
echo "man: both pages lint clean"
