#!/usr/bin/env node
// node review_page.mjs PAGE.html FINDINGS.json
//
// Checks a review page (`errcat check --format html`) as a browser parses it
// (parse5) against the findings of `errcat check --format json` of the same
// catalog, and prints one problem per line (nothing when the page is right;
// exit status 1 then):
//   - no parse error, no-quirks mode, <meta charset="utf-8">, a CSP meta with
//     default-src 'none';
//   - nothing that loads a resource: no src, srcset, data or action
//     attribute, no <link>, <iframe>, <img>, <object>, <embed>, no href but
//     "#fragment" ones, and each such fragment names an id of the page;
//   - exactly one li.finding per JSON finding with the same check, locale,
//     severity and key, the same message and file:line:column as text, and
//     data-keys (space-separated) equal to the JSON "keys" when it names
//     several keys, absent otherwise;
//   - a <mark> only inside a text's <bdi>: in a placeholder finding each
//     marks a printf directive or a brace argument, in a terms finding only
//     the source text has them;
//   - a drift finding has one table.matrix: the keys it names are its first
//     columns (th.named; only the first N when its caption says "the first
//     N keys"), one row per locale of its texts table, each cell a
//     letter with its colour class (A: g0, B: g1, ...) or "-", the letters of
//     a row in order of first appearance;
//   - every text cell of a finding (table.texts td with lang or not) holds
//     its text inside a <bdi>;
//   - a <select> named locale, check and severity whose first option is "";
//   - <section id="coverage"> holds an <svg> whose <text> elements name
//     every locale of the coverage table.
import { readFileSync } from 'node:fs';
import { parse } from 'parse5';

const [, , pageFile, jsonFile] = process.argv;
if (!pageFile || !jsonFile) {
  console.error('usage: node review_page.mjs PAGE.html FINDINGS.json');
  process.exit(2);
}
const problems = [];
const problem = (s) => problems.push(s);

const errors = [];
const doc = parse(readFileSync(pageFile, 'utf8'), { onParseError: (e) => errors.push(e) });
for (const e of errors) problem(`parse error ${e.code} at ${e.startLine}:${e.startCol}`);
if (doc.mode !== 'no-quirks') problem(`document mode ${doc.mode}`);

const all = [];
const walk = (node) => {
  for (const child of node.childNodes ?? []) {
    if (child.tagName) all.push(child);
    walk(child.content ?? child);
  }
};
walk(doc);
const attr = (el, name) => el.attrs?.find((a) => a.name === name)?.value;
const text = (node) =>
  node.nodeName === '#text' ? node.value : (node.childNodes ?? []).map(text).join('');
const hasClass = (el, c) => (attr(el, 'class') ?? '').split(/\s+/).includes(c);
const below = (el, pred, acc = []) => {
  for (const child of el.childNodes ?? []) {
    if (child.tagName && pred(child)) acc.push(child);
    below(child, pred, acc);
  }
  return acc;
};

// head
const metas = all.filter((e) => e.tagName === 'meta');
if (!metas.some((m) => (attr(m, 'charset') ?? '').toLowerCase() === 'utf-8'))
  problem('no <meta charset="utf-8">');
const csp = metas.find((m) => (attr(m, 'http-equiv') ?? '').toLowerCase() === 'content-security-policy');
if (!csp || !/(^|;)\s*default-src 'none'/.test(attr(csp, 'content') ?? ''))
  problem("no Content-Security-Policy meta with default-src 'none'");

// nothing loads
const ids = new Set(all.map((e) => attr(e, 'id')).filter((v) => v !== undefined));
for (const e of all) {
  for (const a of ['src', 'srcset', 'data', 'action', 'formaction', 'poster', 'background'])
    if (attr(e, a) !== undefined) problem(`<${e.tagName} ${a}="${attr(e, a)}"> loads a resource`);
  if (['link', 'iframe', 'img', 'object', 'embed', 'base', 'frame'].includes(e.tagName))
    problem(`<${e.tagName}> in the page`);
  const href = attr(e, 'href') ?? attr(e, 'xlink:href');
  if (href !== undefined) {
    if (!href.startsWith('#')) problem(`<${e.tagName} href="${href}"> leaves the page`);
    else if (!ids.has(decodeURIComponent(href.slice(1)))) problem(`href="${href}": no such id`);
  }
}

// the marks of a finding's texts
const parents = new Map();
const link = (node) => {
  for (const child of node.childNodes ?? []) {
    parents.set(child, node);
    link(child);
  }
};
link(doc);
const ancestor = (el, pred) => {
  for (let p = parents.get(el); p; p = parents.get(p)) if (pred(p)) return p;
  return null;
};
function marksOf(li, f) {
  const id = attr(li, 'id');
  for (const m of below(li, (e) => e.tagName === 'mark')) {
    const td = ancestor(m, (e) => e.tagName === 'td');
    const table = td && ancestor(td, (e) => e.tagName === 'table');
    if (parents.get(m)?.tagName !== 'bdi' || !table || !hasClass(table, 'texts'))
      problem(`finding ${id}: a <mark> outside a text's <bdi>`);
    if (f.check === 'placeholder' && !/^(%|\{)/.test(text(m)))
      problem(`finding ${id}: <mark>${text(m)}</mark> is no placeholder`);
    if (f.check === 'terms' && td && parents.get(td) !== below(table, (e) => e.tagName === 'tr')[0])
      problem(`finding ${id}: a term marked outside the source text`);
    if (f.check !== 'placeholder' && f.check !== 'terms')
      problem(`finding ${id}: a <mark> in a ${f.check} finding`);
  }
}

// the key matrix of a drift finding
function matrixOf(li, f) {
  const id = attr(li, 'id');
  const tables = below(li, (e) => e.tagName === 'table' && hasClass(e, 'matrix'));
  if (f.check !== 'drift' || !f.key) {
    if (tables.length) problem(`finding ${id}: a key matrix in a ${f.check} finding`);
    return;
  }
  if (tables.length !== 1) return problem(`finding ${id}: ${tables.length} key matrices`);
  const named = below(tables[0], (e) => e.tagName === 'th' && hasClass(e, 'named')).map(text);
  const first = /\(the first (\d+) keys\)/.exec(text(below(tables[0], (e) => e.tagName === 'caption')[0] ?? tables[0]));
  const shown = first && f.keys.length > +first[1] ? f.keys.slice(0, +first[1]) : f.keys;
  if (named.join(' ') !== shown.join(' '))
    problem(`finding ${id}: matrix names ${named.join(' ')}, the JSON ${f.keys.join(' ')}`);
  const texts = below(li, (e) => e.tagName === 'table' && hasClass(e, 'texts'))[0];
  const rows = below(tables[0], (e) => e.tagName === 'tr' && parents.get(e)?.tagName === 'tbody');
  if (texts && rows.length !== below(texts, (e) => e.tagName === 'tr').length)
    problem(`finding ${id}: the matrix has ${rows.length} rows, the texts another number`);
  for (const tr of rows) {
    let next = 0;
    for (const td of below(tr, (e) => e.tagName === 'td')) {
      const t = text(td);
      if (t === '-' && hasClass(td, 'none')) continue;
      const k = t.charCodeAt(0) - 65;
      if (t.length !== 1 || k < 0 || k > next || !hasClass(td, `g${k % 6}`))
        problem(`finding ${id}: matrix cell "${t}" class "${attr(td, 'class')}"`);
      if (k === next) next++;
    }
  }
}

// findings
const want = JSON.parse(readFileSync(jsonFile, 'utf8'));
const where = (f) => f.file + (f.line ? `:${f.line}:${f.column}` : '');
const keysOf = (f) => (f.keys.length > 1 ? f.keys.join(' ') : undefined);
const sig = (f) =>
  JSON.stringify([f.check, f.locale, f.severity, f.key, keysOf(f), f.message, where(f)]);
const items = all.filter((e) => e.tagName === 'li' && hasClass(e, 'finding'));
const got = new Map();
for (const li of items) {
  const msg = below(li, (e) => e.tagName === 'p' && hasClass(e, 'msg'))[0];
  const loc = below(li, (e) => hasClass(e, 'where'))[0];
  const f = {
    check: attr(li, 'data-check'),
    locale: attr(li, 'data-locale'),
    severity: attr(li, 'data-severity'),
    key: attr(li, 'data-key'),
  };
  f.keys = (attr(li, 'data-keys') ?? f.key).split(' ');
  const s = JSON.stringify([f.check, f.locale, f.severity, f.key, attr(li, 'data-keys'),
    msg ? text(msg) : null, loc ? text(loc) : null]);
  marksOf(li, f);
  matrixOf(li, f);
  got.set(s, (got.get(s) ?? 0) + 1);
  const inTexts = (e) => hasClass(ancestor(e, (a) => a.tagName === 'table') ?? e, 'texts');
  for (const td of below(li, (e) => e.tagName === 'td' && !hasClass(e, 'none') && inTexts(e))) {
    const kids = (td.childNodes ?? []).filter((n) => n.tagName || n.value?.trim());
    if (kids.length !== 1 || kids[0].tagName !== 'bdi')
      problem(`finding ${attr(li, 'id')}: a text cell not isolated in one <bdi>`);
  }
}
if (items.length !== want.length)
  problem(`${items.length} findings on the page, ${want.length} in the JSON`);
for (const f of want) {
  const s = sig(f);
  const n = got.get(s) ?? 0;
  if (!n) problem(`missing from the page: ${s}`);
  else got.set(s, n - 1);
}
for (const [s, n] of got) if (n > 0) problem(`on the page but not in the JSON: ${s}`);

// filters
for (const name of ['locale', 'check', 'severity']) {
  const sel = all.find((e) => e.tagName === 'select' && attr(e, 'name') === name);
  const first = sel && below(sel, (e) => e.tagName === 'option')[0];
  if (!first || attr(first, 'value') !== '') problem(`no <select name="${name}"> starting with ""`);
}

// coverage
const cov = all.find((e) => e.tagName === 'section' && attr(e, 'id') === 'coverage');
if (cov) {
  const svg = below(cov, (e) => e.tagName === 'svg')[0];
  const labels = svg ? below(svg, (e) => e.tagName === 'text').map(text) : [];
  for (const th of below(cov, (e) => e.tagName === 'th' && attr(e, 'scope') === 'row'))
    if (!labels.includes(text(th))) problem(`coverage chart: no label for locale ${text(th)}`);
} else {
  problem('no <section id="coverage">');
}

for (const p of problems.slice(0, 50)) process.stdout.write(`${p}\n`);
process.exit(problems.length ? 1 : 0);
