#!/usr/bin/env bash
# Validates the SARIF logs errcat writes with the SARIF Multitool, the
# validator of the SARIF SDK (tests/node/node_modules, installed by
# scripts/test): its JSON schema and its SARIF rules must report no error and
# no warning. The logs:
#   - the cases of tests/cases/ whose args ask for --format sarif, as they run;
#   - a catalog given by absolute path and by relative path (with ./ and ..);
#   - a path with spaces, non-ASCII characters, '#' and '%', both ways;
#   - a clean catalog (no results), by absolute and by relative path;
#   - file-level findings (region: line 1): a directory in place of a locale
#     file, a missing catalog directory;
#   - the catalogs of tests/cases/, tests/hostile/ and tests/data/hostile/,
#     which together give findings of every check. Every one of these logs is
#     read here (UTF-8, JSON, locations); the validator, at a quarter of a
#     second a log, gets those that first show a check, a kind of region or
#     of escaped text.
# A log with an absolute path written without file:// must be rejected, so
# that the test cannot pass by validating nothing.
#
#   tests/sarif/validate.sh ERRCAT SOURCE_DIR
set -euo pipefail

errcat=$(realpath "$1")
src=$(realpath "$2")
mt=$src/tests/node/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool

fail() {
    echo "sarif.validate: $*" >&2
    exit 1
}

command -v node >/dev/null 2>&1 || fail "node is not installed: run scripts/test"
[ -f "$mt" ] || fail "the SARIF Multitool is not installed ($mt): run scripts/test" \
    "(it runs npm ci in tests/node)"
# The package's install script, which npm ci --ignore-scripts skips, only
# makes the binary executable.
[ -x "$mt" ] || chmod +x "$mt" || fail "cannot make $mt executable"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/errcat-sarif.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
logs=$tmp/logs
mkdir -p "$logs" "$tmp/work"

# sarif NAME STATUS DIR ARGS...: errcat ARGS in DIR must exit STATUS (any
# status for "-"); its stdout becomes $logs/NNN-NAME.sarif, named in $last.
n=0
last=
sarif() {
    local name=$1 want=$2 dir=$3 st=0
    shift 3
    n=$((n + 1))
    last=$logs/$(printf '%03d' $n)-$name.sarif
    (cd "$dir" && NO_COLOR=1 "$errcat" "$@") >"$last" 2>"$tmp/stderr" || st=$?
    if [ "$want" != - ] && [ "$st" != "$want" ]; then
        cat "$tmp/stderr" >&2
        fail "errcat $* (in $dir): exit status $st, want $want"
    fi
    [ -s "$last" ] || fail "errcat $* (in $dir) printed no SARIF"
}

# The sarif cases, with their own arguments.
for args in "$src"/tests/cases/*/args; do
    grep -Eq -- '--format[= ]sarif' "$args" || continue
    dir=$(dirname "$args")
    read -r -a argv <"$args"
    sarif "case-$(basename "$dir")" - "$dir" "${argv[@]}"
done

# Absolute and relative paths; spaces, non-ASCII, '#' and '%' in a path.
case_dir=$src/tests/cases/format-sarif
odd="my catalogs/überprüfung 検査 #1 100%"
mkdir -p "$tmp/work/rel" "$tmp/work/$odd" "$tmp/work/sub"
cp -R "$case_dir/i18n" "$tmp/work/rel/"
cp -R "$case_dir/i18n" "$tmp/work/$odd/"
sarif absolute 1 "$tmp" check "$case_dir/i18n" --format sarif
absolute_log=$last
sarif relative 1 "$tmp/work" check rel/i18n --format sarif
sarif relative-dots 1 "$tmp/work/sub" check ./../rel/i18n --format sarif
sarif odd-absolute 1 "$tmp" check "$tmp/work/$odd/i18n" --format sarif
sarif odd-relative 1 "$tmp/work" check "$odd/i18n" --format sarif

# A clean catalog: no results.
sarif clean-absolute 0 "$tmp" check "$src/i18n" --format sarif
sarif clean-relative 0 "$src" check i18n --format sarif

# File-level findings: a locale file that cannot be read, no catalog at all.
mkdir -p "$tmp/work/unreadable"
cp -R "$case_dir/i18n" "$tmp/work/unreadable/"
rm "$tmp/work/unreadable/i18n/de.yaml"
mkdir "$tmp/work/unreadable/i18n/de.yaml"
sarif unreadable-relative 2 "$tmp/work/unreadable" check i18n --format sarif
sarif unreadable-absolute 2 "$tmp" check "$tmp/work/unreadable/i18n" --format sarif
sarif no-catalog 2 "$tmp/work" check nosuch --format sarif

# Every catalog the tests hold: findings of every check, every position.
for dir in "$src"/tests/cases/*/i18n "$src"/tests/hostile/*/ "$src/tests/data/hostile"; do
    [ -d "$dir" ] || continue
    rel=${dir#"$src"/}
    rel=${rel%/}
    sarif "all-${rel//\//_}" - "$src" check "$rel" --format sarif
done

# The deliberately bad log: the absolute log with its file URIs turned into
# bare absolute paths, which SARIF1004 rejects.
negative=$logs/zzz-negative.sarif
sed 's#"uri": "file:///#"uri": "/#' "$absolute_log" >"$negative"
grep -q '"uri": "/' "$negative" || fail "the negative log has no bare path"

# What errcat wrote, read before the validator sees it: UTF-8, JSON, a line
# in every region, each location a file URI or a reference against SRCROOT
# (the directory errcat ran in) that names the file errcat reported. Writes
# the logs for the validator to $tmp/selected, one a line.
node - "$logs" "$tmp" <<'JS' || fail "errcat wrote a log that is not as expected"
const fs = require("fs"), path = require("path"), url = require("url");
const [logs, tmp] = process.argv.slice(2);
const cwd = {absolute: tmp, relative: path.join(tmp, "work"), "relative-dots": path.join(tmp, "work/sub"),
             "odd-absolute": tmp, "odd-relative": path.join(tmp, "work")};
let bad = 0, results = 0, filelevel = 0;
const complain = (f, m) => { console.error(`${f}: ${m}`); bad++; };
const seen = new Set(), selected = [];
const files = fs.readdirSync(logs).filter(f => f !== "zzz-negative.sarif").sort();
for (const f of files) {
    let log;
    try {
        const text = new TextDecoder("utf-8", {fatal: true}).decode(fs.readFileSync(path.join(logs, f)));
        log = JSON.parse(text);
    } catch (e) { complain(f, e.message); continue; }
    const run = log.runs[0], name = f.replace(/^\d+-|\.sarif$/g, "");
    if (log.version !== "2.1.0" || run.tool.driver.name !== "errcat")
        complain(f, "not an errcat SARIF 2.1.0 log");
    if (/clean/.test(name)) {
        if (run.results.length !== 0) complain(f, "a clean catalog has results");
    } else if (!/^(all|case)-/.test(name) && run.results.length === 0) {
        complain(f, "no results");
    }
    const features = [];
    for (const r of run.results) {
        results++;
        const pl = r.locations[0].physicalLocation, al = pl.artifactLocation;
        const fileLevel = JSON.stringify(pl.region) === '{"startLine":1}';
        if (!pl.region || !(pl.region.startLine >= 1)) complain(f, "a result without a startLine");
        if (fileLevel) filelevel++;
        if (al.uri.startsWith("file:///")) {
            if ("uriBaseId" in al) complain(f, `${al.uri}: a file URI with a uriBaseId`);
        } else if (al.uriBaseId !== "SRCROOT" || /^[a-zA-Z][a-zA-Z0-9+.-]*:|^\//.test(al.uri)) {
            complain(f, `${al.uri}: neither a file URI nor a relative reference against SRCROOT`);
        }
        if (name in cwd) {
            const file = al.uri.startsWith("file:")
                ? url.fileURLToPath(al.uri)
                : path.resolve(cwd[name], decodeURIComponent(al.uri));
            if (!fs.existsSync(file)) complain(f, `${al.uri}: names no file (${file})`);
            if (/^odd/.test(name) && !file.includes("überprüfung 検査 #1 100%"))
                complain(f, `${al.uri}: not the odd path`);
        }
        features.push(`${r.ruleId} ${r.level} ${fileLevel ? "file" : "position"}`);
        if (/[^\x20-\x7e]/.test(r.message.text)) features.push("non-ASCII message");
        if (/["\\]/.test(r.message.text)) features.push("escaped message");
        if (/[^\x20-\x7e]/.test(r.properties.key + r.properties.locale)) features.push("odd key");
        if (al.uri.includes("%")) features.push("percent-encoded uri");
    }
    if (/unreadable|no-catalog/.test(name) && !run.results.some(r => r.ruleId === "io" &&
            JSON.stringify(r.locations[0].physicalLocation.region) === '{"startLine":1}'))
        complain(f, "no file-level io finding at line 1");
    if (!name.startsWith("all-") || features.some(x => !seen.has(x)))
        selected.push(path.join(logs, f));
    features.forEach(x => seen.add(x));
}
selected.push(path.join(logs, "zzz-negative.sarif"));
fs.writeFileSync(path.join(tmp, "selected"), selected.join("\n") + "\n");
console.log(`${files.length} logs from errcat, ${results} results (${filelevel} file-level); ` +
            `${selected.length - 1} of them to validate`);
process.exit(bad ? 1 : 0);
JS
mapfile -t selected <"$tmp/selected"

# The validator, on those logs at once. SARIF2006 (URIs should be reachable)
# would fetch the $schema URI over the network; it is the one rule turned
# off, and the notification saying so is the one expected.
cat >"$tmp/config.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
XML
st=0
(cd "$tmp" && TMPDIR=$tmp DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_EnableDiagnostics=0 \
    "$mt" validate --config "$tmp/config.xml" --output "$tmp/validation.sarif" "${selected[@]}") \
    >"$tmp/validator.txt" 2>&1 || st=$?
if [ $st != 0 ] || ! [ -s "$tmp/validation.sarif" ]; then
    cat "$tmp/validator.txt" >&2
    fail "the validator failed (exit status $st)"
fi
grep -q "^Done\. ${#selected[@]} files scanned\.\$" "$tmp/validator.txt" || {
    cat "$tmp/validator.txt" >&2
    fail "the validator did not scan the ${#selected[@]} logs"
}

# Its findings, by log. A result's level is its own, else its rule's default,
# else warning (SARIF 3.27.10); notes are only counted. The negative log must
# draw SARIF1004 errors, and nothing else may draw an error or a warning.
node - "$tmp/validation.sarif" "${#selected[@]}" <<'JS'
const fs = require("fs"), path = require("path");
const [file, count] = process.argv.slice(2);
const run = JSON.parse(fs.readFileSync(file, "utf8")).runs[0];
const rules = run.tool.driver.rules || [];
let bad = 0, notes = 0, negative = 0;
const text = (m, rule) => {
    if (m.text) return m.text;
    let s = rule && rule.messageStrings && rule.messageStrings[m.id] ? rule.messageStrings[m.id].text : m.id;
    (m.arguments || []).forEach((a, i) => { s = s.split(`{${i}}`).join(a); });
    return s;
};
for (const r of run.results || []) {
    const rule = rules.find(x => x.id === r.ruleId);
    const level = r.level || (rule && rule.defaultConfiguration && rule.defaultConfiguration.level) || "warning";
    const uri = r.locations && r.locations[0].physicalLocation.artifactLocation.uri || "?";
    const log = path.basename(decodeURIComponent(uri.replace(/^file:\/\//, "")));
    if (level === "note" || level === "none") { notes++; continue; }
    if (log === "zzz-negative.sarif" && r.ruleId === "SARIF1004" && level === "error") { negative++; continue; }
    console.error(`${log}: ${level} ${r.ruleId}: ${text(r.message, rule)}`);
    bad++;
}
for (const inv of run.invocations || []) {
    if (inv.executionSuccessful !== true) { console.error("the validator's run did not succeed"); bad++; }
    for (const n of [...(inv.toolConfigurationNotifications || []), ...(inv.toolExecutionNotifications || [])]) {
        const level = n.level || "warning", id = n.descriptor ? n.descriptor.id : "";
        if (level === "note" || level === "none") continue;
        if (id === "WRN999.RuleExplicitlyDisabled" && /'SARIF2006'/.test(n.message.text)) continue;
        console.error(`validator: ${level} ${id}: ${n.message.text}`);
        bad++;
    }
}
if (negative === 0) {
    console.error("the validator did not reject zzz-negative.sarif (an absolute path without file://)");
    bad++;
}
console.log(`validated ${count - 1} logs of errcat: ${bad} errors and warnings, ${notes} notes; ` +
            `the negative log drew ${negative} SARIF1004 errors`);
process.exit(bad ? 1 : 0);
JS
