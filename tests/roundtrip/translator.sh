#!/bin/bash
# The translator's round trip, tried as a translator would, with the gettext
# tools: a catalog goes out as PO, through msgmerge, msgattrib, msgfmt -c and
# an edit with sed, and comes back in with errcat import; after each step
# errcat check and build run on the result. Every note, name, ignore list,
# comment and snapshot survives; a translation made against an old source
# text stays stale until it is retranslated or accepted.
#
# usage: translator.sh ERRCAT SOURCE_DIR
# Runs on the shipped catalog (i18n/), on the example consumer's catalog
# (examples/consumer/i18n, which adopts snapshots here with errcat sync) and
# on tests/roundtrip/filesync (another domain: placeholders, comments,
# ignore lists, a literal block text).
set -u
errcat=$(realpath "$1") || exit 2
src=$(realpath "$2") || exit 2
work=$(mktemp -d "${TMPDIR:-/tmp}/errcat-roundtrip.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1 LC_ALL=C.UTF-8

failures=0
fail() {
    echo "FAIL [$scenario]: $*" >&2
    failures=$((failures + 1))
}
step() { # step WHAT COMMAND...: runs it; a non-zero exit fails the test
    local what=$1
    shift
    if ! "$@" >"$work/out.txt" 2>"$work/err.txt"; then
        fail "$what: '$*' exited non-zero"
        sed 's/^/    /' "$work/out.txt" "$work/err.txt" >&2
        return 1
    fi
}
clean() { # clean WHAT [--locale L]: the catalog is clean under --strict
    local what=$1
    shift
    "$errcat" check --strict i18n "$@" 2>"$work/check.txt" ||
        fail "$what: check --strict found: $(cat "$work/check.txt")"
}
stale_only() { # stale_only WHAT KEY: check reports KEY of LOC stale, and nothing else in LOC
    "$errcat" check i18n --locale "$loc" 2>"$work/check.txt"
    grep -q "i18n/$loc.yaml:.* $2 .*\[stale\]\|i18n/$loc.yaml:.*of $2 changed.*\[stale\]" \
        "$work/check.txt" || fail "$1: $2 of $loc is not reported stale: $(cat "$work/check.txt")"
    local others
    others=$(grep -c '\[' "$work/check.txt")
    [[ $others == 1 ]] || fail "$1: $others findings, expected the one stale: $(cat "$work/check.txt")"
}
same_file() { # same_file WHAT A B: byte for byte
    cmp -s "$2" "$3" || {
        fail "$1: $3 changed"
        diff -u "$2" "$3" | head -30 >&2
    }
}
changed_lines() { # changed_lines WHAT A B N: diff A B removes and adds N lines in all
    local n
    n=$(diff "$2" "$3" | grep -c '^[<>]')
    [[ $n == "$4" ]] || {
        fail "$1: $n lines changed in $3, expected $4"
        diff -u "$2" "$3" | head -30 >&2
    }
}
# set_msgstr PO KEY TEXT: the translator's edit, with sed and awk as anyone
# would: the msgstr of the message whose msgctxt is KEY becomes TEXT.
set_msgstr() {
    awk -v key="msgctxt \"$2\"" -v text="$3" '
        $0 == key { hit = 1 }
        hit && /^msgstr / { print "msgstr \"" text "\""; skip = 1; hit = 0; next }
        skip && /^"/ { next }
        { skip = 0; print }' "$1" >"$1.new" && mv "$1.new" "$1"
}
entry_of() { # entry_of PO KEY: the message of KEY, its comments included
    awk -v key="msgctxt \"$2\"" 'BEGIN { RS = "" } index($0 "\n", key "\n") { print }' "$1"
}
fuzzy_in() { # fuzzy_in PO KEY: KEY is fuzzy, with a previous msgid
    entry_of "$1" "$2" >"$work/entry.txt"
    grep -q '^#, .*fuzzy' "$work/entry.txt" && grep -q '^#| msgid' "$work/entry.txt"
}

# roundtrip NAME CATALOG LOCALE KEY NEW_SOURCE NEW_TRANSLATION
roundtrip() {
    scenario=$1
    loc=$3
    local key=$4 new_source=$5 new_text=$6
    rm -rf "$work/$scenario" && mkdir -p "$work/$scenario" && cd "$work/$scenario" || exit 2
    cp -R "$2" i18n
    # the templates directory the catalog names (`templates: ../templates`)
    if grep -q '^templates: \.\./templates$' i18n/catalog.yaml; then
        cp -R "$2/../templates" templates
    fi
    chmod -R u+w i18n
    local name
    name=$(sed -n 's/^name: *//p' i18n/catalog.yaml)
    if ! grep -q '^snapshots: true' i18n/catalog.yaml; then
        # adopting snapshots: every translation lacks one until sync
        echo 'snapshots: true' >>i18n/catalog.yaml
        "$errcat" check i18n 2>"$work/check.txt"
        grep -q 'has no snapshot' "$work/check.txt" ||
            fail "snapshots: true without them is not reported"
        cp "i18n/$loc.yaml" before-sync.yaml
        step "sync" "$errcat" sync i18n || return
        grep -q 'snapshots added' "$work/err.txt" || fail "sync summary: $(cat "$work/err.txt")"
        # sync adds one `source:` line per translation and changes nothing else
        local n
        n=$(diff before-sync.yaml "i18n/$loc.yaml" | grep -c '^<')
        diff before-sync.yaml "i18n/$loc.yaml" | grep '^<' | grep -qv '^< *"[-0-9/]*": ' &&
            fail "sync removed other lines than short-form entries"
        step "sync again" "$errcat" sync i18n || return
        grep -q 'nothing written' "$work/err.txt" || fail "a second sync wrote: $(cat "$work/err.txt")"
    fi
    clean "the catalog"
    cp "i18n/$loc.yaml" orig.yaml

    # 1. out as PO; through msgmerge with the template; back in: not a byte changes
    step "build" "$errcat" build i18n -o out1 || return
    msgfmt -c --check-format -o /dev/null "out1/po/$loc.po" || fail "msgfmt -c rejects out1/po/$loc.po"
    step "msgmerge" msgmerge -q --previous "out1/po/$loc.po" "out1/po/$name.pot" -o merged.po || return
    step "import merged" "$errcat" import --from po merged.po --locale "$loc" -o "i18n/$loc.yaml" ||
        return
    same_file "msgmerge round trip" orig.yaml "i18n/$loc.yaml"
    clean "after the msgmerge round trip"
    step "build --check" "$errcat" build --check i18n -o out1

    # 2. the source text changes: the translation is stale, and fuzzy in the PO
    local en_line
    en_line=$(grep -n "^  \"$key\":" i18n/en.yaml | cut -d: -f1)
    awk -v from="$en_line" -v text="$new_source" '
        NR == from && /": ./ { sub(/": .*/, "\": \"" text "\""); print; next }
        NR == from { want = 1 }
        want && /^    text: / { sub(/text: .*/, "text: \"" text "\""); want = 0 }
        { print }' i18n/en.yaml >en.new && mv en.new i18n/en.yaml
    grep -qF "$new_source" i18n/en.yaml || fail "the source edit did not happen"
    stale_only "after the source edit" "$key"
    step "build" "$errcat" build i18n -o out2 || return
    fuzzy_in "out2/po/$loc.po" "$key" || fail "$key is not fuzzy in out2/po/$loc.po"

    # 3. the translator's old PO comes back unchanged (msgid: the old text):
    #    still stale, not a byte changed
    step "import old PO" "$errcat" import --from po "out1/po/$loc.po" --locale "$loc" \
        -o "i18n/$loc.yaml" || return
    same_file "old PO back" orig.yaml "i18n/$loc.yaml"
    stale_only "old PO back" "$key"

    # 4. msgmerge with the new template: fuzzy with #| the old msgid; imported
    #    untouched, still stale
    step "msgmerge new" msgmerge -q --previous "out1/po/$loc.po" "out2/po/$name.pot" -o m2.po ||
        return
    fuzzy_in m2.po "$key" || fail "msgmerge did not make $key fuzzy"
    step "import fuzzy" "$errcat" import --from po m2.po --locale "$loc" -o "i18n/$loc.yaml" ||
        return
    same_file "fuzzy back" orig.yaml "i18n/$loc.yaml"
    stale_only "fuzzy back" "$key"

    # 5. sync without --accept leaves a stale translation stale
    step "sync" "$errcat" sync i18n --locale "$loc" || return
    same_file "sync without --accept" orig.yaml "i18n/$loc.yaml"
    stale_only "sync without --accept" "$key"

    # 6. the translator retranslates (sed), clears fuzzy (msgattrib); msgfmt -c
    #    passes; import changes the text and the snapshot only
    cp m2.po m3.po
    set_msgstr m3.po "$key" "$new_text"
    step "msgattrib" msgattrib --clear-fuzzy --clear-previous m3.po -o m3.po || return
    step "msgfmt -c" msgfmt -c --check-format -o /dev/null m3.po
    step "import retranslated" "$errcat" import --from po m3.po --locale "$loc" \
        -o "i18n/$loc.yaml" || return
    grep -qF "$new_text" "i18n/$loc.yaml" || fail "the new translation is not in $loc.yaml"
    changed_lines "retranslated" orig.yaml "i18n/$loc.yaml" 4
    clean "after the retranslation" --locale "$loc"
    step "build" "$errcat" build i18n -o out3 || return
    fuzzy_in "out3/po/$loc.po" "$key" && fail "$key is still fuzzy in out3/po/$loc.po"

    # 7. or a reviewer accepts the old translation: errcat sync --accept
    cp orig.yaml "i18n/$loc.yaml"
    stale_only "before --accept" "$key"
    step "sync --accept" "$errcat" sync i18n --locale "$loc" --accept "$key" || return
    changed_lines "accepted" orig.yaml "i18n/$loc.yaml" 2
    clean "after --accept" --locale "$loc"

    # 8. a translator's comment comes back as the note; #. never does
    cp orig.yaml "i18n/$loc.yaml"
    step "build" "$errcat" build i18n -o out4 || return
    awk -v key="msgctxt \"$key\"" 'BEGIN { RS = ""; ORS = "\n\n" }
        index($0 "\n", key "\n") { $0 = "# checked with the support team\n" $0 } { print }' \
        "out4/po/$loc.po" >noted.po
    step "msgmerge noted" msgmerge -q --previous noted.po "out4/po/$name.pot" -o noted2.po || return
    step "import noted" "$errcat" import --from po noted2.po --locale "$loc" -o "i18n/$loc.yaml" ||
        return
    grep -q "note: .*checked with the support team" "i18n/$loc.yaml" ||
        fail "the translator comment did not come back as the note"
    local extracted
    extracted=$(grep '^#\. ' "out4/po/$loc.po" | head -1 | cut -c4-)
    [[ -z $extracted ]] || ! grep -qF "$extracted" "i18n/$loc.yaml" ||
        fail "an extracted comment went into $loc.yaml: $extracted"
    step "build" "$errcat" build i18n -o out5 || return
    grep -q '^# checked with the support team' "out5/po/$loc.po" ||
        fail "the note is not a translator comment in out5/po/$loc.po"
}

roundtrip shipped "$src/i18n" ko 18/308 \
    "The pushed stream name contains characters that are not allowed." \
    "푸시 스트림 이름에 허용되지 않는 문자가 포함되어 있음"
roundtrip consumer "$src/examples/consumer/i18n" es 3/1 \
    "A file could not be read and was left out of the backup." \
    "No se pudo leer un archivo y quedó fuera de la copia de seguridad."
roundtrip filesync "$src/tests/roundtrip/filesync/i18n" de 3/1 \
    "The file %s is larger than %d MB and is skipped." \
    "Die Datei %s ist größer als %d MB und wird übersprungen."

# c-format: msgfmt -c checks the translations' placeholders, and so does check
scenario=c-format
cd "$work/filesync" || exit 2
cp orig.yaml i18n/de.yaml
"$errcat" build i18n -o out6 >/dev/null 2>&1
for k in 3/0 3/1; do
    entry_of out6/po/de.po "$k" | grep -q '^#, .*\bc-format' || fail "$k has no c-format flag"
done
entry_of out6/po/de.po 4/0 | grep -q '^#, .*no-c-format' || fail "4/0 (50%) is not no-c-format"
cp out6/po/de.po broken.po
set_msgstr broken.po 3/0 "Dateien konnten nicht synchronisiert werden."
msgfmt -c -o /dev/null broken.po 2>/dev/null && fail "msgfmt -c accepts a dropped %d"
step "import broken" "$errcat" import --from po broken.po --locale de -o i18n/de.yaml
"$errcat" check i18n 2>"$work/check.txt"
grep -q 'de.yaml.*3/0.*\[placeholder\]' "$work/check.txt" ||
    fail "check does not report the dropped %d: $(cat "$work/check.txt")"
# every other byte of the hand-written file stays: comments, quoting, ignore
changed_lines "broken" orig.yaml i18n/de.yaml 2
for s in '# German, kept by the de team' '# the team' "'Melden Sie" 'ignore: [untranslated]' \
    '# files'; do
    grep -qF "$s" i18n/de.yaml || fail "lost: $s"
done

# a message of an old template (a key the catalog no longer has) is reported
# and left out; the file does not change
scenario=old-key
cp orig.yaml i18n/de.yaml
cp out6/po/de.po old.po
printf '\n# gone from the catalog\nmsgctxt "9/9"\nmsgid "Removed."\nmsgstr "Entfernt."\n' >>old.po
step "import old key" "$errcat" import --from po old.po --locale de -o i18n/de.yaml
grep -q '^old.po:[0-9]*: warning: 9/9 is not a key of the catalog (its source locale en lacks it): left out$' \
    "$work/err.txt" || fail "9/9 is not reported: $(cat "$work/err.txt")"
grep -q 'leaving out .*1 not in the catalog$' "$work/err.txt" || fail "summary: $(cat "$work/err.txt")"
same_file "old key" orig.yaml i18n/de.yaml

# the wrong file: de messages into fr.yaml are refused, fr.yaml stays
scenario=wrong-file
cp i18n/fr.yaml fr-before.yaml
"$errcat" import --from po out6/po/de.po --locale de -o i18n/fr.yaml 2>"$work/err.txt" &&
    fail "de messages went into fr.yaml"
grep -q 'it is the locale file of fr (its locale:), not of de (--locale)' "$work/err.txt" ||
    fail "no reason given: $(cat "$work/err.txt")"
same_file "wrong file" fr-before.yaml i18n/fr.yaml

# msgmerge's guess for a new key (fuzzy, #| msgctxt of another key) is left
# out: nobody translated it
scenario=fuzzy-guess
printf '  "6/0": Sign in again to continue syncing.\n' >>i18n/en.yaml
"$errcat" build i18n -o out7 --force >/dev/null 2>&1 # exit 1: de and fr lack 6/0
[[ -f out7/po/filesync.pot ]] || fail "build --force wrote no template"
step "msgmerge guess" msgmerge -q --previous out6/po/de.po out7/po/filesync.pot -o guess.po
entry_of guess.po 6/0 | grep -q '^#| msgctxt "1/0"' || fail "msgmerge made no guess for 6/0"
step "import guess" "$errcat" import --from po guess.po --locale de -o i18n/de.yaml
grep -q '"6/0"' i18n/de.yaml && fail "msgmerge's guess for 6/0 was imported"
grep -q 'leaving out .*1 fuzzy without a previous msgid' "$work/err.txt" ||
    fail "summary: $(cat "$work/err.txt")"

# an empty locale file (a translator's `touch`) is written whole
scenario=empty-file
: >i18n/fr.yaml
step "import into empty" "$errcat" import --from po out6/po/fr.po --locale fr -o i18n/fr.yaml
grep -q '^locale: fr$' i18n/fr.yaml || fail "the empty file was not written whole"

if ((failures)); then
    echo "$failures failure(s)" >&2
    exit 1
fi
echo "translator round trip: all steps passed"
