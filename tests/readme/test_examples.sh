#!/usr/bin/env bash
# README's example findings are what errcat prints: each line of the block
# after "Examples, from the seed pages" is a line of
# tests/cases/seed-legacy/expected.stderr, and each line of the block after
# "and from the small catalogs of `tests/cases/`" a line of some case's
# expected.stderr (the cases' own tests keep those files true).
#   test_examples.sh SOURCE_DIR
set -euo pipefail
root=$1
readme=$root/README.md
status=0
# The i18n/ lines of the first code block after the line matching $1.
block() {
  awk -v start="$1" 'index($0, start) == 1 { on = 1; next }
    on && /^```/ { if (inside) exit; inside = 1; next }
    on && inside && /^i18n\// { print }' "$readme"
}
check() { # heading, expected files...
  local heading=$1 n=0
  shift
  while IFS= read -r line; do
    n=$((n + 1))
    if ! grep -qxF -- "$line" "$@"; then
      echo "README example not printed by errcat: $line" >&2
      status=1
    fi
  done < <(block "$heading")
  if [ "$n" = 0 ]; then
    echo "README: no example lines after '$heading'" >&2
    status=1
  fi
}
check "Examples, from the seed pages" "$root/tests/cases/seed-legacy/expected.stderr"
check 'and from the small catalogs of `tests/cases/`' "$root"/tests/cases/*/expected.stderr
exit $status
