#!/usr/bin/env bash
# errcat diff OLD [NEW] on a catalog with a history: the temporary git
# repository of history.sh (v1, then v2: 1/0 and 7/0 reworded, 3/0
# renamed, 4/0 retired, 6/0 removed, 8/0 added, de's 7/0 changed and 4/0
# dropped), then v3 (4/0 no longer retired, de translates it again). Each
# change is reported once in each format, with exact output; --fail-on
# sets the exit status; usage errors and unreadable versions are exit 2.
# Then the seed tables: 001 (the older English table) as OLD, 002-004 (zh,
# ja, ko) as NEW.
#
#   tests/against/test_diff.sh ERRCAT SOURCE_DIR
set -uo pipefail
errcat=$(realpath "$1")
legacy=$(realpath "$2")/docs/legacy
work=$(mktemp -d "${TMPDIR:-/tmp}/errcat-diff.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# run WANT_STATUS WANT_STDOUT WANT_STDERR ARGS...: errcat's output and status.
run() {
    local want_status=$1 want_out=$2 want_err=$3
    shift 3
    local out err status
    out=$(NO_COLOR=1 "$errcat" "$@" 2>"$work/stderr")
    status=$?
    err=$(cat "$work/stderr")
    [[ $status == "$want_status" ]] || fail "errcat $*: status $status, want $want_status"
    [[ $out == "$want_out" ]] || fail "errcat $*: stdout"$'\n'"--- got"$'\n'"$out"$'\n'"--- want"$'\n'"$want_out"
    [[ $err == "$want_err" ]] || fail "errcat $*: stderr"$'\n'"--- got"$'\n'"$err"$'\n'"--- want"$'\n'"$want_err"
}

# shellcheck source=history.sh
. "$(dirname "${BASH_SOURCE[0]}")/history.sh"
make_history

text='removed 6/0: "The network is down." (DEMO_6_0)
renamed 3/0: DEMO_ACCESS_DENIED -> DEMO_NO_ACCESS
reworded 1/0: "The file was saved." -> "The file has been saved."
reworded 7/0: "The connection timed out." -> "The connection has timed out."
retired 4/0: "The old feature failed."
added 8/0: "No space left." (DEMO_ACCESS_DENIED)
translation-changed 7/0 de: "Die Verbindung lief ab." -> "Die Verbindung ist abgelaufen."
translation-removed 4/0 de: "Die alte Funktion schlug fehl."'
counts="1 removed, 1 renamed, 2 reworded, 1 retired, 1 added, 1 translation changed, 1 translation removed"
run 0 "$text" "errcat: diff v1 -> i18n: $counts" diff v1
run 0 "$text" "errcat: diff v1 -> i18n: $counts" diff v1 i18n
run 0 "$text" "errcat: diff $work/v1 -> i18n: $counts" diff "$work/v1"
run 0 "$text" "errcat: diff v1 -> HEAD: $counts" diff v1 HEAD
(cd i18n && run 0 "$text" "errcat: diff HEAD~1 -> .: $counts" diff HEAD~1 . && exit "$failures") ||
    fail "from inside the catalog's directory"

run 0 "Message catalog changes from v1 to i18n: $counts.

### Removed keys

| key | symbol | text |
| --- | --- | --- |
| 6/0 | \`DEMO_6_0\` | The network is down. |

### Renamed C symbols

| key | old symbol | new symbol |
| --- | --- | --- |
| 3/0 | \`DEMO_ACCESS_DENIED\` | \`DEMO_NO_ACCESS\` |

### Reworded source texts

| key | symbol | old text | new text |
| --- | --- | --- | --- |
| 1/0 | \`DEMO_1_0\` | The file was saved. | The file has been saved. |
| 7/0 | \`DEMO_7_0\` | The connection timed out. | The connection has timed out. |

### Retired keys

| key | symbol | text |
| --- | --- | --- |
| 4/0 | \`DEMO_4_0\` | The old feature failed. |

### Added keys

| key | symbol | text |
| --- | --- | --- |
| 8/0 | \`DEMO_ACCESS_DENIED\` | No space left. |

### Translations changed

| key | locale | old text | new text |
| --- | --- | --- | --- |
| 7/0 | de | Die Verbindung lief ab. | Die Verbindung ist abgelaufen. |

### Translations removed

| key | locale | old text | new text |
| --- | --- | --- | --- |
| 4/0 | de | Die alte Funktion schlug fehl. |  |" "" diff v1 --format markdown

json='{"version": 1, "old": "v1", "new": "i18n",
 "counts": {"removed": 1, "renamed": 1, "reworded": 2, "retired": 1, "unretired": 0, "added": 1, "translation-added": 0, "translation-changed": 1, "translation-removed": 1},
 "changes": [
  {"kind": "removed", "key": "6/0", "locale": "en", "symbol": "DEMO_6_0", "old": "The network is down.", "new": null},
  {"kind": "renamed", "key": "3/0", "locale": "en", "symbol": "DEMO_NO_ACCESS", "old": "DEMO_ACCESS_DENIED", "new": "DEMO_NO_ACCESS"},
  {"kind": "reworded", "key": "1/0", "locale": "en", "symbol": "DEMO_1_0", "old": "The file was saved.", "new": "The file has been saved."},
  {"kind": "reworded", "key": "7/0", "locale": "en", "symbol": "DEMO_7_0", "old": "The connection timed out.", "new": "The connection has timed out."},
  {"kind": "retired", "key": "4/0", "locale": "en", "symbol": "DEMO_4_0", "old": "The old feature failed.", "new": "The old feature failed."},
  {"kind": "added", "key": "8/0", "locale": "en", "symbol": "DEMO_ACCESS_DENIED", "old": null, "new": "No space left."},
  {"kind": "translation-changed", "key": "7/0", "locale": "de", "symbol": "DEMO_7_0", "old": "Die Verbindung lief ab.", "new": "Die Verbindung ist abgelaufen."},
  {"kind": "translation-removed", "key": "4/0", "locale": "de", "symbol": "DEMO_4_0", "old": "Die alte Funktion schlug fehl.", "new": null}
]}'
run 0 "$json" "" diff v1 --format json
# the JSON parses, and each change is in it once
if command -v python3 >/dev/null; then
    NO_COLOR=1 "$errcat" diff v1 --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
seen = [(c["kind"], c["key"], c["locale"]) for c in d["changes"]]
assert len(seen) == len(set(seen)) == 8, seen
assert sum(d["counts"].values()) == 8, d["counts"]' || fail "diff --format json: not the JSON of 8 changes"
fi

# --fail-on: exit 1 only when a kind it names is present
run 1 "$text" "errcat: diff v1 -> i18n: $counts
errcat: diff: failing on removed and renamed (--fail-on)" diff v1 --fail-on removed,renamed
run 1 "$json" "errcat: diff: failing on translation-removed (--fail-on)" \
    diff v1 --format json --fail-on unretired,translation-removed
run 0 "$text" "errcat: diff v1 -> i18n: $counts" diff v1 --fail-on unretired,translation-added

# no changes
run 0 "" "errcat: diff HEAD -> i18n: no changes" diff HEAD --fail-on removed
run 0 "Message catalog changes from HEAD to i18n: no changes." "" diff HEAD --format markdown
run 0 '{"version": 1, "old": "HEAD", "new": "i18n",
 "counts": {"removed": 0, "renamed": 0, "reworded": 0, "retired": 0, "unretired": 0, "added": 0, "translation-added": 0, "translation-changed": 0, "translation-removed": 0},
 "changes": []}' "" diff HEAD --format json

# v3: 4/0 is raised again, and de translates it again
sed -i '/retired: true/d' i18n/en.yaml
sed -i 's|^  "7/0"|  "4/0": Die alte Funktion schlug fehl.\n  "7/0"|' i18n/de.yaml
run 1 'unretired 4/0: "The old feature failed."
translation-added 4/0 de: "Die alte Funktion schlug fehl."' "errcat: diff HEAD -> i18n: 1 unretired, 1 translation added
errcat: diff: failing on unretired (--fail-on)" diff HEAD --fail-on unretired
git checkout -q -- i18n

# usage errors and versions that cannot be read: exit 2
try="Try 'errcat --help'."
run 2 "" "errcat: diff needs OLD, a catalog directory or a git revision
$try" diff
run 2 "" "errcat: unknown format 'sarif' (text, markdown, json)
$try" diff v1 --format sarif
run 2 "" "errcat: unknown kind of change 'deleted' (removed, renamed, reworded, retired, unretired, added, translation-added, translation-changed, translation-removed)
$try" diff v1 --fail-on removed,deleted
run 2 "" "errcat: diff takes --format and --fail-on only
$try" diff v1 --strict
run 2 "" "errcat: --fail-on goes with diff
$try" check i18n --fail-on removed
run 2 "" "errcat: unexpected argument 'three'
$try" diff v1 i18n three
run 2 "" "errcat: diff nope: neither a directory nor a git revision of i18n" diff nope
run 2 "" "errcat: diff nope: neither a directory nor a git revision of i18n" diff v1 nope
mkdir empty
run 2 "" "errcat: diff empty: no catalog there" diff empty
mkdir nosource && printf 'name: demo\nsource: fr\n' >nosource/catalog.yaml
run 2 "" "errcat: diff $work/v1 nosource: the new catalog has no usable source locale (catalog.yaml's source: and its file)" diff "$work/v1" nosource

# the seed tables: 001 (en, older) as OLD; 002-004 (zh, ja, ko) as NEW,
# whose source locale is zh: keys are compared, texts across languages not
cd "$work" && mkdir -p seed/old seed/new && cd seed || exit 2
printf 'name: css-stream-interruption\nsource: en\nc_prefix: CSS_STREAM\n' >old/catalog.yaml
printf 'name: css-stream-interruption\nsource: zh\nlocales: [zh, ja, ko]\nc_prefix: CSS_STREAM\n' >new/catalog.yaml
"$errcat" import --from md "$legacy"/001_*.txt --locale en -o old/en.yaml 2>/dev/null &&
    "$errcat" import --from md "$legacy"/002_*.txt --locale zh -o new/zh.yaml 2>/dev/null &&
    "$errcat" import --from md "$legacy"/003_*.txt --locale ja -o new/ja.yaml 2>/dev/null &&
    "$errcat" import --from md "$legacy"/004_*.txt --locale ko -o new/ko.yaml 2>/dev/null ||
    fail "importing the seed tables"
out=$(NO_COLOR=1 "$errcat" diff old new 2>"$work/stderr")
status=$?
[[ $status == 0 ]] || fail "seed: diff old new: status $status"
want='added 18/602: "推流优先级参数低于已经存在的推流链接" (CSS_STREAM_18_602)
added 21/103: "收到新的推流链接顶替当前无数据的推流" (CSS_STREAM_21_103)
added 36/0: "未知原因" (CSS_STREAM_36_0)
added 37/0: "SRS 断开没有播放的流" (CSS_STREAM_37_0)
added 38/0: "直播系统内部错误" (CSS_STREAM_38_0)
added 39/0: "推流帧率大小超过系统允许的最大值" (CSS_STREAM_39_0)'
got=$(grep -v '^translation-' <<<"$out")
[[ $got == "$want" ]] || fail "seed: the keys"$'\n'"--- got"$'\n'"$got"$'\n'"--- want"$'\n'"$want"
# ja and ko are new locales: each translates the 64 keys of both tables
got=$(grep '^translation-' <<<"$out" | cut -d' ' -f1,3 | sort | uniq -c | tr -s ' ')
[[ $got == " 64 translation-added ja:"$'\n'" 64 translation-added ko:" ]] ||
    fail "seed: the translations: $got"
want="errcat: diff: the source locales differ (the old catalog's is en, the new one's zh): keys, symbols and retirements were compared, source texts were not
errcat: diff old -> new: 6 added, 128 translations added"
[[ $(cat "$work/stderr") == "$want" ]] || fail "seed: stderr"$'\n'"$(cat "$work/stderr")"
# the shipped catalog, whose source is en too, against the older table:
# nothing removed, the same 6 keys added, every key named since (001 has no
# names), 5 English texts corrected, and zh, ja and ko new
err=$(cd "$legacy/../.." && NO_COLOR=1 "$errcat" diff "$work/seed/old" i18n --fail-on removed 2>&1 >/dev/null)
status=$?
[[ $status == 0 ]] || fail "seed: diff old i18n --fail-on removed: status $status"
[[ $err == "errcat: diff $work/seed/old -> i18n: 64 renamed, 5 reworded, 6 added, 192 translations added" ]] ||
    fail "seed: diff old i18n: $err"

((failures == 0)) || exit 1
echo "diff: all passed"
