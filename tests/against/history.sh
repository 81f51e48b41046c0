# The catalog history the tests of tests/against/ run on, sourced by them:
# make_history builds the git repository $work/repo (and leaves the shell
# in it) with the tag v1 and a second commit (v2), and copies v1's catalog
# to $work/v1.
make_history() {
    cd "$work" || exit 2
    git init -q repo && cd repo || exit 2
    git config user.email test@example.com && git config user.name test
    mkdir i18n
    printf 'name: demo\nsource: en\nlocales: [en, de]\n' >i18n/catalog.yaml
    cat >i18n/en.yaml <<'YAML'
locale: en
messages:
  "1/0": The file was saved.
  "2/0": The disk is full.
  "3/0":
    text: Access denied.
    name: ACCESS_DENIED
  "4/0": The old feature failed.
  "6/0": The network is down.
  "7/0": The connection timed out.
YAML
    cat >i18n/de.yaml <<'YAML'
locale: de
messages:
  "1/0": Die Datei wurde gespeichert.
  "2/0": Die Platte ist voll.
  "3/0": Zugriff verweigert.
  "4/0": Die alte Funktion schlug fehl.
  "6/0": Das Netz ist weg.
  "7/0": Die Verbindung lief ab.
YAML
    git add -A && git commit -qm v1 && git tag v1
    cp -r i18n "$work/v1"

    # v2: 1/0 reworded (de not), 3/0 renamed, 4/0 retired (de drops it),
    # 6/0 removed, 7/0 reworded with its translation, 8/0 takes 3/0's old symbol.
    cat >i18n/en.yaml <<'YAML'
locale: en
messages:
  "1/0": The file has been saved.
  "2/0": The disk is full.
  "3/0":
    text: Access denied.
    name: NO_ACCESS
  "4/0":
    text: The old feature failed.
    retired: true
  "7/0": The connection has timed out.
  "8/0":
    text: No space left.
    name: ACCESS_DENIED
YAML
    cat >i18n/de.yaml <<'YAML'
locale: de
messages:
  "1/0": Die Datei wurde gespeichert.
  "2/0": Die Platte ist voll.
  "3/0": Zugriff verweigert.
  "7/0": Die Verbindung ist abgelaufen.
  "8/0": Kein Platz mehr.
YAML
    git add -A && git commit -qm v2
}
