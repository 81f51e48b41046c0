#!/usr/bin/env bash
# tests/package/deb.sh SRC BUILD: `cpack -G DEB` in the build tree gives an
# installable package: its control fields (Depends from dpkg-shlibdeps names
# every runtime library), its files (binary, man pages, completion, CMake
# package, nothing else), and what it holds works: the extracted errcat runs,
# and the example consumer builds against the extracted CMake package.
set -euo pipefail
src="$(cd "$1" && pwd)" build="$(cd "$2" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/errcat-deb.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1) \
  || { cat "$work/cpack.log"; fail "cpack -G DEB"; }
debs=("$work"/pkg/*.deb)
[ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no single .deb: ${debs[*]}"
deb="${debs[0]}"
case "$(basename "$deb")" in
  errcat_*_"$(dpkg --print-architecture)".deb) ;;
  *) fail "unexpected package file name $(basename "$deb")" ;;
esac

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = errcat ] || fail "Package: $(field Package)"
[ -n "$(field Version)" ] || fail "no Version"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture: $(field Architecture)"
[ -n "$(field Maintainer)" ] && [ -n "$(field Description)" ] || fail "no Maintainer or Description"
depends="$(field Depends)"
echo "Depends: $depends"
# The package of each runtime library, as the system names it (libicu72,
# libyaml-0-2, ...): found from the library errcat is linked against.
for lib in libyaml libicuuc libgettextpo libxml2 libcmark-gfm libcmark-gfm-extensions libunistring libc.so; do
  path="$(ldd "$build/errcat" | awk -v l="$lib" 'index($1, l) == 1 { print $3; exit }')"
  [ -n "$path" ] || fail "errcat is not linked against $lib"
  # dpkg knows a file by the path its package installed it at, with or
  # without the /usr merge: try the path ldd gives, then the resolved one.
  pkg=""
  for p in "$path" "$(readlink -f "$path")"; do
    [ -n "$pkg" ] || pkg="$( (dpkg -S "$p" 2>/dev/null || true) | head -n1 | cut -d: -f1)"
  done
  [ -n "$pkg" ] || fail "no installed package holds $path"
  grep -Eq "(^|, )$pkg( |,|$)" <<<"$depends" || fail "Depends lacks $pkg (for $lib): $depends"
done

# Installable here: apt resolves its dependencies (a simulation; nothing
# is installed).
apt-get install --simulate "$deb" >"$work/apt.log" 2>&1 \
  && grep -q '^Inst errcat ' "$work/apt.log" || { cat "$work/apt.log"; fail "apt-get cannot install the package"; }

dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's#^\./#/#' | sort >"$work/files"
for f in /usr/bin/errcat /usr/share/man/man1/errcat.1 /usr/share/man/man5/errcat-catalog.5 \
         /usr/share/bash-completion/completions/errcat /usr/share/cmake/errcat/errcatConfig.cmake \
         /usr/share/cmake/errcat/errcatConfigVersion.cmake /usr/share/cmake/errcat/errcatTargets.cmake \
         /usr/share/cmake/errcat/errcatAddCatalog.cmake /usr/share/doc/errcat/README.md; do
  grep -qx "$f" "$work/files" || { cat "$work/files"; fail "the package lacks $f"; }
done
# Nothing of the build or the tests: no library, header, test or benchmark.
if grep -E '\.(a|so|h)$|test_|errcat_bench|/include/' "$work/files"; then
  fail "the package holds files it should not (above)"
fi

dpkg-deb -x "$deb" "$work/root"
[ "$("$work/root/usr/bin/errcat" --version | head -n1)" = "$("$build/errcat" --version | head -n1)" ] \
  || fail "the packaged errcat reports another version"
"$work/root/usr/bin/errcat" check --strict "$src/i18n" || fail "the packaged errcat fails on i18n/"
if command -v mandoc >/dev/null; then
  mandoc -Tlint -Wwarning "$work/root/usr/share/man/man1/errcat.1" || fail "packaged man page"
fi
# The packaged CMake package, used from where the package was extracted.
"$src/tests/consumer/run.sh" prefix "$src" "$work/root/usr"
echo "deb: ok ($(basename "$deb"))"
