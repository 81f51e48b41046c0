#!/usr/bin/env bash
# completion.bash: completions/errcat.bash, sourced into a plain bash (no
# bash-completion package needed), completes the command lines below as
# expected, and the check ids it completes are the errcat binary's, both
# those it reads from the binary and its static fallback list; so are the
# values it completes for --format, --color, --from and --only.
#
# usage: test_completion.sh ERRCAT SOURCE_DIR
set -u

errcat=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
script=$src/completions/errcat.bash
failures=0

fail() {
    printf 'FAIL: %s\n' "$*" >&2
    failures=$((failures + 1))
}

work=$(mktemp -d "${TMPDIR:-/tmp}/errcat-completion.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

# shellcheck source=/dev/null
. "$script" || { echo "FAIL: cannot source $script" >&2; exit 1; }

[[ $(complete -p errcat 2>/dev/null) == "complete -F _errcat errcat" ]] ||
    fail "errcat is not registered with 'complete -F _errcat errcat': $(complete -p errcat 2>&1)"

# Sets COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT for LINE (the cursor at
# its end) as bash does with the default COMP_WORDBREAKS: words split at
# blanks, "=" a word of its own; then runs the completion function.
complete_line() {
    local - line=$1 w part
    set -f
    COMP_LINE=$line
    COMP_POINT=${#line}
    COMP_WORDS=()
    for w in $line; do
        while [[ $w == *=* ]]; do
            part=${w%%=*}
            [[ -n $part ]] && COMP_WORDS+=("$part")
            COMP_WORDS+=("=")
            w=${w#*=}
        done
        [[ -n $w ]] && COMP_WORDS+=("$w")
    done
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _errcat
}

sorted() { printf '%s\n' "$@" | LC_ALL=C sort; }

# expect LINE WORD... : COMPREPLY for LINE is exactly WORD... (in any order)
expect() {
    local line=$1
    shift
    complete_line "$line"
    local got want
    got=$(sorted "${COMPREPLY[@]}")
    want=$(sorted "$@")
    if [[ $got != "$want" ]]; then
        fail "'$line': got [${got//$'\n'/ }], want [${want//$'\n'/ }]"
    fi
}

# expect_none LINE : no completion at all
expect_none() {
    complete_line "$1"
    ((${#COMPREPLY[@]} == 0)) || fail "'$1': got [${COMPREPLY[*]}], want nothing"
}

# ---- the binary's check table, two ways ----
# Its SARIF rules (one per check, plus io, which cannot be disabled) ...
mapfile -t sarif_ids < <("$errcat" check --format sarif "$work/no-such-catalog" 2>/dev/null |
    grep -o '{"id": "[a-z0-9_-]*"' | sed 's/.*"\([^"]*\)"$/\1/' | grep -vx io)
# ... and the table of `errcat check --help`.
mapfile -t help_ids < <("$errcat" check --help | sed -n '/^checks:$/,$p' |
    sed -n 's/^  \([a-z0-9_-]*\)  *\(error\|warning\) .*/\1/p')
((${#sarif_ids[@]} > 0)) || fail "no rules in the SARIF output of $errcat"
[[ $(sorted "${sarif_ids[@]}") == "$(sorted "${help_ids[@]}")" ]] ||
    fail "check --help lists [${help_ids[*]}], SARIF rules are [${sarif_ids[*]}]"

# The ids the completion offers for --disable, read from the binary ...
expect "$errcat check --disable " "${sarif_ids[@]}"
# ... and from its static list, when the binary cannot be run.
# (./not-errcat: a path without blanks, whatever TMPDIR holds)
cd "$work" || exit 2
expect "./not-errcat check --disable " "${sarif_ids[@]}"
expect "errcat-not-installed build --disable " "${sarif_ids[@]}"
# shellcheck disable=SC2154 # set by the completion script
read -r -a static_ids <<<"$_errcat_static_checks"
[[ $(sorted "${static_ids[@]}") == "$(sorted "${sarif_ids[@]}")" ]] ||
    fail "the static check list [${static_ids[*]}] is not the binary's [${sarif_ids[*]}]"

# After a comma: the ids not yet in the list, after the list.
want=()
for id in "${sarif_ids[@]}"; do
    [[ $id == drift ]] || want+=("drift,$id")
done
expect "$errcat check --disable drift," "${want[@]}"
want=()
for id in "${sarif_ids[@]}"; do
    [[ $id == s* && $id != stale ]] && want+=("stale,terms,$id")
done
expect "$errcat check --disable stale,terms,s" "${want[@]}"

# ---- commands and options ----
cd "$work" || exit 2
expect "errcat " check build stats import sync diff
expect "errcat ch" check
expect "errcat b" build
expect "errcat --" --help --version
expect "errcat check --fo" --format
expect "errcat check --st" --strict
expect_none "errcat check --strict --st"
expect "errcat check -" --format --strict --disable --locale --color --against --baseline \
    --write-baseline --help
expect "errcat build -" --format --strict --disable --locale --color --against -o --output \
    --templates --only --check --force --help
expect "errcat build --ch" --check
expect "errcat stats -" --format --disable --locale --help
expect "errcat import -" --from --locale -o --output --force --help
expect "errcat import --locale ko --from md -" -o --output --force --help
expect "errcat sync -" --locale --accept --help
expect "errcat sync --accept 18/305 -" --locale --accept --help
expect_none "errcat frobnicate -"

# ---- option values: every one the binary's help lists ----
# option_values OPTION: the values `errcat --help` gives OPTION ("--format a|b|c", its
# description after two blanks or, when the item is too long, on the next line)
option_values() { "$errcat" --help | sed -n "s/^  $1 \([a-z|]*\)\(  .*\)\{0,1\}$/\1/p" | tr '|' '\n'; }
mapfile -t formats < <(option_values --format)
mapfile -t stats_formats < <("$errcat" stats --help |
    sed -n 's/^usage: .*--format \([a-z|]*\).*/\1/p' | tr '|' '\n')
mapfile -t colors < <(option_values --color)
mapfile -t froms < <(option_values --from)
mapfile -t kinds < <("$errcat" build --help | sed -n 's/^  --only KINDS  *\([a-z,]*\)$/\1/p' |
    tr ',' '\n')
((${#formats[@]} >= 4 && ${#stats_formats[@]} >= 2 && ${#colors[@]} >= 3 && ${#froms[@]} >= 3 &&
    ${#kinds[@]} >= 5)) ||
    fail "the help of $errcat lists only [${formats[*]}] [${stats_formats[*]}] [${colors[*]}]" \
        "[${froms[*]}] [${kinds[*]}] as values of --format, stats --format, --color, --from, --only"
expect "errcat check --format " "${formats[@]}"
expect "errcat check --format=" "${formats[@]}"
expect "errcat check --format=s" sarif
expect "errcat build --format j" json
expect "errcat stats --format " "${stats_formats[@]}"
expect "errcat diff --format " text markdown json
expect "errcat diff v1 --fail-on removed,re" removed,renamed removed,reworded removed,retired
expect "errcat diff -" --format --fail-on --help
expect "errcat check --color " "${colors[@]}"
expect "errcat check --colour=a" auto always
expect "errcat import --from " "${froms[@]}"
expect "errcat import --from=h" html
expect "errcat build --only " "${kinds[@]}"
expect "errcat build --only md,h" md,html
all_but_last=$(IFS=,; echo "${kinds[*]:0:${#kinds[@]}-1}"),
expect "errcat build --only $all_but_last" "$all_but_last${kinds[-1]}"

# ---- --locale: the locale files of the catalog on the line ----
mkdir -p cat/i18n other/i18n empty
printf 'name: t\nsource: en\n' >cat/i18n/catalog.yaml
printf 'locale: en\nmessages:\n' >cat/i18n/en.yaml
printf 'locale: de\nmessages:\n' >cat/i18n/de.yaml
printf 'locale: zh-TW\nmessages:\n' >cat/i18n/zh-TW.yaml
printf 'x\n' >cat/i18n/.hidden.yaml
printf 'x\n' >cat/i18n/notes.txt
expect "errcat check cat/i18n --locale " de en zh-TW
expect "errcat sync cat/i18n --locale " de en zh-TW
expect "errcat build --strict cat/i18n -o out --locale en," en,de en,zh-TW
expect "errcat stats --format json cat/i18n --locale=z" zh-TW
expect "errcat import --from po x.po -o cat/i18n/de.yaml --locale " de en zh-TW
expect_none "errcat import --from po x.po --locale "
expect_none "errcat check empty --locale "
cd cat || exit 2
expect "errcat check --locale " de en zh-TW # no DIR: errcat reads i18n
cd ../empty || exit 2
expect_none "errcat check --locale "
cd "$work" || exit 2

# ---- directories and files ----
mkdir -p tree/dir-a tree/dir-b
: >tree/file-a
: >tree/dir-a/inner
expect "errcat check tree/d" tree/dir-a tree/dir-b
expect "errcat build cat/i18n -o tree/" tree/dir-a tree/dir-b
expect "errcat build cat/i18n --templates tree/dir" tree/dir-a tree/dir-b
expect "errcat import --from md tree/" tree/dir-a tree/dir-b tree/file-a
expect "errcat import --from md tree/dir-a/" tree/dir-a/inner
expect "errcat import --from po tree/file-a --locale de -o tree/f" tree/file-a
expect "errcat check cat/i18n --baseline tree/" tree/dir-a tree/dir-b tree/file-a
expect "errcat check --write-baseline tree/f" tree/file-a
expect "errcat check --against tree/d" tree/dir-a tree/dir-b
expect_none "errcat check cat/i18n "
expect_none "errcat import --from md tree/file-a tr"

# ---- every option main.c accepts is offered by some command ----
mapfile -t long_opts < <(sed -n 's/^ *{"\([a-z-]*\)", *\(no\|required\|optional\)_argument.*/\1/p' "$src/src/cli/main.c")
((${#long_opts[@]} > 0)) || fail "no long options found in src/cli/main.c"
offered=" "
for c in check build stats import sync diff; do
    complete_line "errcat $c -"
    offered+="${COMPREPLY[*]} "
done
complete_line "errcat -"
offered+="${COMPREPLY[*]} "
for o in "${long_opts[@]}"; do
    [[ $o == colour ]] && continue # another spelling of --color
    [[ $offered == *" --$o "* ]] || fail "--$o (src/cli/main.c) is not completed for any command"
done

# ---- the same with the bash-completion package loaded, when installed ----
for bc in /usr/share/bash-completion/bash_completion /etc/bash_completion; do
    [[ -r $bc ]] || continue
    out=$(
        # shellcheck source=/dev/null
        . "$bc" >/dev/null 2>&1
        # shellcheck source=/dev/null
        . "$script"
        complete_line "errcat check --format "
        echo "${COMPREPLY[*]}"
        complete_line "$errcat check --disable drift,"
        echo "${#COMPREPLY[@]}"
    )
    [[ $out == "${formats[*]}"$'\n'"$((${#sarif_ids[@]} - 1))" ]] ||
        fail "with $bc loaded: got [$out]"
    break
done

if ((failures)); then
    echo "$failures failure(s)" >&2
    exit 1
fi
echo "completion: all cases pass (${#sarif_ids[@]} check ids)"
