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
//     severity and key, the same message and file:line:column as text;
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

// findings
const want = JSON.parse(readFileSync(jsonFile, 'utf8'));
const where = (f) => f.file + (f.line ? `:${f.line}:${f.column}` : '');
const sig = (f) => JSON.stringify([f.check, f.locale, f.severity, f.key, f.message, where(f)]);
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
  const s = JSON.stringify([f.check, f.locale, f.severity, f.key, msg ? text(msg) : null,
    loc ? text(loc) : null]);
  got.set(s, (got.get(s) ?? 0) + 1);
  for (const td of below(li, (e) => e.tagName === 'td' && !hasClass(e, 'none'))) {
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
