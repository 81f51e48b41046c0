#!/usr/bin/env bash
# man.coverage: errcat.1 documents everything the CLI has, taken from the
# binary and the sources so that a new command, option, check, format, exit
# status or environment variable without its entry fails this test:
#
#   commands          `errcat --help` and the command names src/cli/main.c compares
#   options           the getopt_long table and the short options of src/cli/main.c
#   check ids         `errcat check --help` and the SARIF rules (io included),
#                     each with its default severity, in CHECKS
#   formats           the values of --format in OUTPUT FORMATS, those of --from,
#                     --only and --color in their descriptions, as `errcat --help`
#                     and `errcat build --help` list them (from the tables of
#                     the library and of src/cli/main.c)
#   exit statuses     the EXIT_* values of src/cli/main.c, in EXIT STATUS
#   environment       every getenv() of src/, in ENVIRONMENT
#
# and errcat-catalog.5 every field the catalog reader accepts
# (src/load/yaml_load.c).
#
# usage: test_coverage.sh ERRCAT SOURCE_DIR
set -u

errcat=$1
src=$2
page=$src/docs/man/errcat.1
page5=$src/docs/man/errcat-catalog.5
failures=0

fail() {
    printf 'FAIL: %s\n' "$*" >&2
    failures=$((failures + 1))
}

if ! command -v mandoc >/dev/null 2>&1; then
    echo "FAIL: mandoc is not installed (scripts/deps installs it for the tests)" >&2
    exit 1
fi

# The pages as a reader sees them: plain text, lines not wrapped.
render() { mandoc -Tascii -Owidth=400 "$1" | sed $'s/.\b//g'; }
text=$(render "$page") || { echo "FAIL: mandoc cannot render $page" >&2; exit 1; }
text5=$(render "$page5") || { echo "FAIL: mandoc cannot render $page5" >&2; exit 1; }

# section TEXT NAME: the lines of section NAME (headings start in column 0)
section() {
    printf '%s\n' "$1" | awk -v want="$2" '/^[A-Z]/ { on = ($0 == want); next } on'
}
synopsis=$(section "$text" SYNOPSIS)
description=$(section "$text" DESCRIPTION)
checks=$(section "$text" CHECKS)
formats=$(section "$text" "OUTPUT FORMATS")
exits=$(section "$text" "EXIT STATUS")
environment=$(section "$text" ENVIRONMENT)
seealso=$(section "$text" "SEE ALSO")

# has_item TEXT WORD: WORD is the tag of a list item (indented 5, then a
# blank, "(" or the end of the line)
has_item() {
    local t=$'\n'$1$'\n' lead=$'\n     '
    [[ $t == *"$lead$2 "* || $t == *"$lead$2("* || $t == *"$lead$2"$'\n'* ]]
}
# has_word TEXT WORD: WORD occurs with no letter, digit, "-" or "_" around it
# (the quoted part of the regular expression matches literally)
has_word() { [[ $1 =~ (^|[^A-Za-z0-9_-])"$2"([^A-Za-z0-9_-]|$) ]]; }

# ---- the date is fixed ----
for p in "$page" "$page5"; do
    grep -Eq '^\.Dd [A-Z][a-z]+ [0-9]{1,2}, [0-9]{4}$' "$p" || fail "$p: .Dd is not a fixed date"
done

# ---- commands ----
mapfile -t commands < <({
    "$errcat" --help | sed -n '/^commands:$/,/^$/p' | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'
    grep -o 'strcmp(c->command, "[a-z]*")' "$src/src/cli/main.c" | sed 's/.*"\(.*\)")/\1/'
} | sort -u)
((${#commands[@]} >= 4)) || fail "found only [${commands[*]}] as commands"
for c in "${commands[@]}"; do
    printf '%s\n' "$synopsis" | grep -Eq "^ +errcat $c( |$)" || fail "command $c: not in SYNOPSIS"
    printf '%s\n' "$description" | grep -Eq "^   errcat $c$" ||
        fail "command $c: no subsection 'errcat $c' in DESCRIPTION"
done

# ---- options ----
mapfile -t long_opts < <(sed -n 's/^ *{"\([a-z-]*\)", *\(no\|required\|optional\)_argument.*/\1/p' "$src/src/cli/main.c")
((${#long_opts[@]} >= 10)) || fail "found only [${long_opts[*]}] in the option table of src/cli/main.c"
for o in "${long_opts[@]}"; do
    has_word "$description" "--$o" || fail "option --$o (src/cli/main.c): not in DESCRIPTION"
    has_word "$synopsis" "--$o" || [[ $o == colour || $o == output ]] ||
        fail "option --$o (src/cli/main.c): not in SYNOPSIS"
done
shorts=$(sed -n 's/.*getopt_long(argc, argv, "\([^"]*\)".*/\1/p' "$src/src/cli/main.c" | tr -d ':')
[[ -n $shorts ]] || fail "no short options found in src/cli/main.c"
for ((i = 0; i < ${#shorts}; i++)); do
    o=-${shorts:i:1}
    has_word "$description" "$o" || fail "option $o (src/cli/main.c): not in DESCRIPTION"
done

# ---- check ids and their default severities ----
# "id severity" from `errcat check --help` ...
mapfile -t rules < <({
    "$errcat" check --help | sed -n '/^checks:$/,$p' |
        sed -n 's/^  \([a-z0-9_-]*\)  *\(error\|warning\) .*/\1 \2/p'
    # ... and from the SARIF rules, io included
    "$errcat" check --format sarif "$(mktemp -u "${TMPDIR:-/tmp}/errcat-none.XXXXXX")" 2>/dev/null |
        sed -n 's/.*{"id": "\([a-z0-9_-]*\)".*"level": "\([a-z]*\)".*/\1 \2/p'
} | sort -u)
((${#rules[@]} >= 15)) || fail "found only [${rules[*]}] as checks"
for r in "${rules[@]}"; do
    id=${r% *}
    sev=${r#* }
    printf '%s\n' "$checks" | grep -Eq "^ {5}$id \($sev\)( |$)" ||
        fail "check $id: no item '$id ($sev)' in CHECKS"
done
[[ " ${rules[*]} " == *" io "* ]] || fail "the SARIF rules lack io"

# ---- formats and the other option values ----
# option_values OPTION: the values `errcat --help` gives OPTION ("--format a|b|c", its
# description after two blanks or, when the item is too long, on the next line)
option_values() { "$errcat" --help | sed -n "s/^  $1 \([a-z|]*\)\(  .*\)\{0,1\}$/\1/p" | tr '|' '\n'; }
mapfile -t fmts < <(option_values --format)
((${#fmts[@]} >= 4)) || fail "found only [${fmts[*]}] as formats in errcat --help"
for f in "${fmts[@]}"; do
    has_item "$formats" "$f" || fail "format $f: no item in OUTPUT FORMATS"
    has_word "$synopsis$description" "$f" || fail "format $f: not in the --format description"
done
mapfile -t froms < <(option_values --from)
((${#froms[@]} >= 3)) || fail "found only [${froms[*]}] as import formats in errcat --help"
for f in "${froms[@]}"; do
    has_word "$description" "--from $f" || fail "import format $f: no '--from $f' in DESCRIPTION"
done
mapfile -t kinds < <("$errcat" build --help | sed -n 's/^  --only KINDS  *\([a-z,]*\)$/\1/p' | tr ',' '\n')
((${#kinds[@]} >= 5)) || fail "found only [${kinds[*]}] as output kinds in errcat build --help"
only=$(printf '%s\n' "$description" | awk '/^     --only / { on = 1; print; next } on && /^     [^ ]/ { on = 0 } on')
for k in "${kinds[@]}"; do
    has_word "$only" "$k" || fail "output kind $k: not in the description of --only"
done
mapfile -t colors < <(option_values --color)
((${#colors[@]} >= 3)) || fail "found only [${colors[*]}] as colour modes in errcat --help"
color=$(printf '%s\n' "$description" | awk '/^     --color / { on = 1; print; next } on && /^     [^ ]/ { on = 0 } on')
for c in "${colors[@]}"; do
    has_word "$color" "$c" || fail "colour mode $c: not in the description of --color"
done

# ---- exit statuses ----
mapfile -t statuses < <(grep -o 'EXIT_[A-Z]* = [0-9]*' "$src/src/cli/main.c" | sed 's/.*= //' | sort -u)
((${#statuses[@]} >= 3)) || fail "found only [${statuses[*]}] as exit statuses in src/cli/main.c"
for s in "${statuses[@]}"; do
    has_item "$exits" "$s" || fail "exit status $s: no item in EXIT STATUS"
done
for c in check build stats import; do
    has_word "$exits" "$c:" || fail "EXIT STATUS does not say what $c returns"
done

# ---- environment ----
mapfile -t vars < <(grep -rhoE 'getenv\("[A-Za-z0-9_]+"\)' "$src/src" | sed 's/getenv("\(.*\)")/\1/' | sort -u)
((${#vars[@]} >= 4)) || fail "found only [${vars[*]}] as environment variables in src/"
for v in "${vars[@]}"; do
    has_item "$environment" "$v" || fail "environment variable $v (getenv in src/): no item in ENVIRONMENT"
done

# ---- see also ----
for x in "errcat-catalog(5)" "msgfmt(1)" "msgmerge(1)"; do
    has_word "$seealso" "$x" || fail "SEE ALSO lacks $x"
done

# ---- errcat-catalog.5: every field of catalog.yaml, locale files, entries ----
mapfile -t fields < <(sed -En '/^static const char \*const (meta|locale|entry)_fields\[\]/,/;/p' \
    "$src/src/load/yaml_load.c" | grep -o '"[a-z_]*"' | tr -d '"' | sort -u)
((${#fields[@]} >= 10)) || fail "found only [${fields[*]}] as catalog fields in src/load/yaml_load.c"
desc5=$(section "$text5" DESCRIPTION)
for f in "${fields[@]}"; do
    has_item "$desc5" "$f" || fail "catalog field $f (src/load/yaml_load.c): no item in errcat-catalog.5"
done

if ((failures)); then
    echo "$failures failure(s)" >&2
    exit 1
fi
echo "man: errcat.1 covers ${#commands[@]} commands, ${#long_opts[@]} long options," \
    "${#rules[@]} checks, ${#fmts[@]} formats, ${#statuses[@]} exit statuses," \
    "${#vars[@]} environment variables; errcat-catalog.5 ${#fields[@]} fields"
