#!/usr/bin/env bash
# check --against OLD on a catalog with a history: a temporary git
# repository holding two versions of a catalog. Each of removed, renamed
# (a changed name, a symbol that now names another key) and reworded is
# found, and nothing else: a retired key passes (and needs no translations),
# a translation updated with its source is not reworded, an unchanged key
# is silent. OLD as a tag, as HEAD from inside the directory, and as a
# directory; a revision that is none is exit 2.
#
#   tests/against/test_against.sh ERRCAT
set -uo pipefail
errcat=$(realpath "$1")
work=$(mktemp -d "${TMPDIR:-/tmp}/errcat-against.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# run WANT_STATUS WANT_STDERR ARGS...: errcat's stderr and status.
run() {
    local want_status=$1 want=$2
    shift 2
    local got status
    got=$(NO_COLOR=1 "$errcat" "$@" 2>&1 >/dev/null)
    status=$?
    [[ $status == "$want_status" ]] || fail "errcat $*: status $status, want $want_status"
    [[ $got == "$want" ]] || fail "errcat $*:"$'\n'"--- got"$'\n'"$got"$'\n'"--- want"$'\n'"$want"
}

# shellcheck source=history.sh
. "$(dirname "${BASH_SOURCE[0]}")/history.sh"
make_history

i=i18n/
want="${i}de.yaml:3:10: warning: the source text of 1/0 changed from \"The file was saved.\" to \"The file has been saved.\", but the de text did not [reworded]
${i}en.yaml: error: 6/0 was removed from en (the old catalog has it); keep its entry with retired: true [removed]
${i}en.yaml:7:11: error: the C symbol of 3/0 is now DEMO_NO_ACCESS; it was DEMO_ACCESS_DENIED [renamed]
${i}en.yaml:14:11: error: DEMO_ACCESS_DENIED now names 8/0; in the old catalog it named 3/0 [renamed]
errcat: 3 errors, 1 warning (en, de; 6 keys)"
run 1 "$want" check i18n --against v1
run 1 "$want" check i18n --against "$work/v1"
(cd i18n && run 1 "${want//i18n\//./}" check . --against HEAD~1 && exit "$failures") ||
    fail "from inside the catalog's directory"
# the same catalog: nothing; a retired key needs no translations
run 0 "" check i18n --against HEAD
run 0 "" check i18n
# --disable and the build
run 1 "i18n/en.yaml: error: 6/0 was removed from en (the old catalog has it); keep its entry with retired: true [removed]
errcat: 1 error, 0 warnings (en, de; 6 keys)" check i18n --against v1 --disable renamed,reworded
run 1 "${want}
errcat: not building: the check found errors (--force builds anyway)" build i18n -o out --against v1
# OLD that is neither
run 2 "errcat: --against nope: neither a directory nor a git revision of i18n" check i18n --against nope
run 2 "errcat: --against goes with check and build
Try 'errcat --help'." stats i18n --against v1
((failures == 0)) || exit 1
echo "against: all passed"
