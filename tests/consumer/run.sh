#!/usr/bin/env bash
# The example consumer (examples/consumer/) built against errcat as another
# project would, then the catalog edited under it:
#
#   tests/consumer/run.sh installed    SRC BUILD   cmake --install BUILD into a prefix,
#                                                  find_package(errcat 0.1 CONFIG)
#   tests/consumer/run.sh subdirectory SRC BUILD   add_subdirectory(SRC)
#   tests/consumer/run.sh prefix       SRC PREFIX  find_package() from an existing
#                                                  prefix (the extracted .deb)
#
# Each run: the program prints the catalog's German text; a changed text is
# printed after a rebuild; a rebuild with nothing changed does not run
# errcat; a locale added later (catalog.yaml and its file) is picked up, and
# without `locales:` a locale file removed or added back with an old time
# stamp; a dropped key stops the build with errcat's `missing` finding, and the
# program built before is left as it was.
set -euo pipefail
mode="$1" src="$(cd "$2" && pwd)" arg="$3"
work="$(mktemp -d "${TMPDIR:-/tmp}/errcat-consumer.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL ($mode): $*" >&2; exit 1; }

cp -R "$src/examples/consumer" "$work/consumer"
rm -rf "$work/consumer/build"
case "$mode" in
  installed)
    cmake --install "$arg" --prefix "$work/prefix" >/dev/null
    [ -x "$work/prefix/bin/errcat" ] || fail "no bin/errcat under the prefix"
    config=(-DCMAKE_PREFIX_PATH="$work/prefix") ;;
  prefix) config=(-DCMAKE_PREFIX_PATH="$arg") ;;
  subdirectory) config=(-DERRCAT_SOURCE_DIR="$src") ;;
  *) echo "usage: run.sh installed|subdirectory|prefix SRC BUILD|PREFIX" >&2; exit 2 ;;
esac

b="$work/build" cat_dir="$work/consumer/i18n"
cmake -S "$work/consumer" -B "$b" "${config[@]}" >"$work/configure.log" 2>&1 \
  || { cat "$work/configure.log"; fail "configure"; }
build() { cmake --build "$b" -j2 >"$work/build.log" 2>&1; }
build || { cat "$work/build.log"; fail "first build"; }
if [ "$mode" = subdirectory ]; then
  # errcat's own tests, benchmark, warnings and install rules stay out.
  [ "$(cd "$b" && ctest -N | grep -c 'Test *#')" = 0 ] || fail "errcat's tests are in the consumer's build"
  [ ! -e "$b/errcat/errcat_bench" ] && ! grep -rqs errcat_bench "$b/Makefile" "$b/errcat/Makefile" \
    || fail "errcat's benchmark is in the consumer's build"
  ! grep -qs -- -Wshadow "$b/errcat/CMakeFiles/errcat_lib.dir/flags.make" \
    || fail "errcat's warning flags are in the consumer's build"
  cmake --install "$b" --prefix "$work/consumer-prefix" >/dev/null
  [ -z "$(find "$work/consumer-prefix" -type f 2>/dev/null)" ] \
    || fail "installing the consumer installs errcat's files"
fi
got="$("$b/backup-message" de 2 0)"
[ "$got" = "Das Sicherungsziel ist voll." ] || fail "de 2/0 printed '$got'"
[ "$("$b/backup-message" es_ES.UTF-8 1 0)" = "No se puede acceder al destino de la copia de seguridad." ] \
  || fail "es_ES.UTF-8 1/0"
[ "$("$b/backup-message" fr 1 0)" = "The backup target cannot be reached." ] \
  || fail "an unknown locale should fall back to en"

build || { cat "$work/build.log"; fail "second build"; }
if grep -q 'errcat: checking' "$work/build.log"; then
  cat "$work/build.log"; fail "errcat ran again although nothing changed"
fi

sed -i 's/Das Sicherungsziel ist voll\./Auf dem Sicherungsziel ist kein Platz mehr./' "$cat_dir/de.yaml"
build || { cat "$work/build.log"; fail "build after an edit"; }
got="$("$b/backup-message" de 2 0)"
[ "$got" = "Auf dem Sicherungsziel ist kein Platz mehr." ] || fail "after the edit de 2/0 printed '$got'"

sed -i 's/^locales: \[en, de, es\]$/locales: [en, de, es, fr]/' "$cat_dir/catalog.yaml"
sed -e 's/^locale: de$/locale: fr/' \
    -e 's/Das Sicherungsziel ist nicht erreichbar\./La cible de sauvegarde est injoignable./' \
    "$cat_dir/de.yaml" >"$cat_dir/fr.yaml"
build || { cat "$work/build.log"; fail "build after adding fr"; }
got="$("$b/backup-message" fr 1 0)"
[ "$got" = "La cible de sauvegarde est injoignable." ] || fail "the added locale fr printed '$got'"
sed -i 's/La cible de sauvegarde est injoignable\./La cible de sauvegarde ne répond pas./' "$cat_dir/fr.yaml"
build || { cat "$work/build.log"; fail "build after editing the added locale"; }
got="$("$b/backup-message" fr 1 0)"
[ "$got" = "La cible de sauvegarde ne répond pas." ] || fail "an edit of the added fr.yaml was not picked up: '$got'"

# Without `locales:` every <tag>.yaml is a locale: a file removed, or one
# added back with an old time stamp, changes the header too.
sed -i '/^locales: /d' "$cat_dir/catalog.yaml"
build || { cat "$work/build.log"; fail "build without locales:"; }
mv "$cat_dir/fr.yaml" "$work/fr.yaml"
build || { cat "$work/build.log"; fail "build after removing fr.yaml"; }
got="$("$b/backup-message" fr 1 0)"
[ "$got" = "The backup target cannot be reached." ] || fail "fr.yaml was removed, but fr 1/0 printed '$got'"
touch -d '2001-01-01 00:00' "$work/fr.yaml"
cp -p "$work/fr.yaml" "$cat_dir/fr.yaml"
build || { cat "$work/build.log"; fail "build after adding fr.yaml back"; }
got="$("$b/backup-message" fr 1 0)"
[ "$got" = "La cible de sauvegarde ne répond pas." ] || fail "an old fr.yaml added back was not picked up: '$got'"

sed -i '/"3\/1":/d' "$cat_dir/de.yaml"
if build; then
  cat "$work/build.log"; fail "the build passed although de lacks 3/1"
fi
grep -q "de.yaml:[0-9]*:[0-9]*: error: de lacks 3/1.*\[missing\]" "$work/build.log" \
  || { cat "$work/build.log"; fail "the failed build does not show the missing finding"; }
got="$("$b/backup-message" de 2 0)"
[ "$got" = "Auf dem Sicherungsziel ist kein Platz mehr." ] || fail "the failed build changed the program"
# It stays failed until the catalog is fixed.
if build; then fail "a second build passed with the key still missing"; fi
echo "consumer ($mode): ok"
