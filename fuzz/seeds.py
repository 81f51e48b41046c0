#!/usr/bin/env python3
"""Writes raw seed inputs for the fuzz targets from the project's own test
data into OUT/<target>/ (scripts/fuzz --seed merges them into
fuzz/corpus/<target>/ with libFuzzer's -merge=1, which keeps only inputs
that add coverage).

    fuzz/seeds.py OUT

Sources: i18n/, tests/cases/*/ catalogs, tests/data/ catalogs, templates/,
out/ (Markdown, HTML, PO outputs), the seed pages of docs/legacy/, the
import cases, and the Mustache spec suite (tests/mustache-spec/, read
with PyYAML when it is installed).
"""
import glob
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEP = b"\n#@@\n"
LOCALES = ["en", "de", "ja", "ko"]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def put(out, target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name.replace("/", "_")), "wb") as f:
        f.write(data)


def catalogs():
    """(name, dir) of every catalog directory in the tree."""
    dirs = [os.path.join(ROOT, "i18n")]
    dirs += sorted(glob.glob(os.path.join(ROOT, "tests/cases/*/i18n")))
    dirs += sorted(d for d in glob.glob(os.path.join(ROOT, "tests/data/*")) if os.path.isdir(d))
    dirs += sorted(glob.glob(os.path.join(ROOT, "tests/hostile/*")))
    for d in dirs:
        if os.path.exists(os.path.join(d, "catalog.yaml")):
            yield os.path.relpath(d, ROOT), d


def catalog_seeds(out):
    for name, d in catalogs():
        files = sorted(f for f in os.listdir(d) if f.endswith(".yaml") and f != "catalog.yaml")
        # The multi-file form: catalog.yaml, then up to four locale files
        # renamed to en, de, ja, ko (locale: fields follow them).
        parts = [read(os.path.join(d, "catalog.yaml"))]
        for i, f in enumerate(files[:4]):
            parts.append(read(os.path.join(d, f)).replace(
                b"locale: " + f[:-5].encode(), b"locale: " + LOCALES[i].encode()))
        parts[0] = parts[0].replace(b"source: " + (files[0][:-5].encode() if files else b""),
                                    b"source: en")
        blob = SEP.join(parts)
        if len(blob) < 64 * 1024:
            put(out, "catalog", name, blob)
            put(out, "build", name, blob)
        # Each locale file alone, as en.yaml.
        for f in files:
            data = read(os.path.join(d, f))
            if len(data) < 64 * 1024:
                put(out, "catalog", name + "_" + f,
                    data.replace(b"locale: " + f[:-5].encode(), b"locale: en"))


def page_seeds(out):
    seeds = os.path.join(ROOT, "docs", "legacy")
    for f in sorted(glob.glob(os.path.join(seeds, "*.txt"))):
        data = read(f)
        put(out, "import_md", "seed_" + os.path.basename(f), data)
        put(out, "import_html", "seed_" + os.path.basename(f), data)
    for f in sorted(glob.glob(os.path.join(ROOT, "out/md/*.md")) +
                    glob.glob(os.path.join(ROOT, "out/docs/*.md")) +
                    glob.glob(os.path.join(ROOT, "tests/cases/import-*/*.md"))):
        put(out, "import_md", os.path.relpath(f, ROOT), read(f))
    for f in sorted(glob.glob(os.path.join(ROOT, "out/html/*.html")) +
                    glob.glob(os.path.join(ROOT, "tests/cases/import-*/*.html"))):
        put(out, "import_html", os.path.relpath(f, ROOT), read(f))
        put(out, "import_md", os.path.relpath(f, ROOT), read(f))
    for f in sorted(glob.glob(os.path.join(ROOT, "out/po/*.po*")) +
                    glob.glob(os.path.join(ROOT, "tests/cases/import-*/*.po"))):
        put(out, "import_po", os.path.relpath(f, ROOT), read(f))


def mustache_seeds(out):
    for f in sorted(glob.glob(os.path.join(ROOT, "templates/**/*.mustache"), recursive=True)):
        put(out, "mustache", os.path.relpath(f, ROOT), read(f))
    try:
        import yaml
    except ImportError:
        print("seeds.py: no PyYAML, skipping the Mustache spec suite", file=sys.stderr)
        return
    spec = os.path.join(ROOT, "tests", "mustache-spec")
    for f in sorted(glob.glob(os.path.join(spec, "*.yml"))):
        with open(f, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
        for i, t in enumerate(doc.get("tests", [])):
            partials = t.get("partials") or {}
            # The target's partials are a, b and c: rename what the test uses.
            names = sorted(partials)[:3]
            tmpl = t["template"]
            parts = []
            for k, name in enumerate(names):
                new = "abc"[k]
                for sigil in (">", "<"):
                    tmpl = tmpl.replace("{{" + sigil + name + "}}", "{{" + sigil + new + "}}")
                    tmpl = tmpl.replace("{{" + sigil + " " + name + " }}",
                                        "{{" + sigil + " " + new + " }}")
                parts.append(partials[name])
            blob = SEP.join(p.encode("utf-8") for p in [tmpl] + parts)
            put(out, "mustache", "spec_%s_%02d" % (os.path.basename(f)[:-4], i), blob)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: fuzz/seeds.py OUT")
    out = sys.argv[1]
    catalog_seeds(out)
    page_seeds(out)
    mustache_seeds(out)


if __name__ == "__main__":
    main()
