#!/usr/bin/env node
// node html_rows.mjs PAGE.html
//
// Prints what a browser makes of an errcat HTML page, parsed with parse5 (the
// WHATWG HTML parsing algorithm browsers implement), one fact per line as
// `<what> <JSON>`:
//
//   parse-error "<code> at <line>:<col>"   each parse error (none expected)
//   doctype "html"     mode "no-quirks"     lang "<html lang>"
//   charset "<meta charset>"                title "<title text>"
//   tables "<number of tables>"
//   head ["errcode", "sub_errcode", "errmsg"]     the header row's cells
//   row ["<code>", "<sub>", "<text>", "<origin>"]  one per body row, after
//       expanding rowspan and colspan; a code cell spanning both code columns
//       gives sub "0"; <origin> is the body row index whose code cell covers
//       this row (rowspan groups share one)
//
// The C test tests/unit/test_out_html.c compares these with the catalog.
import { readFileSync } from 'node:fs';
import { parse } from 'parse5';

const [, , file] = process.argv;
if (!file) {
  console.error('usage: node html_rows.mjs PAGE.html');
  process.exit(2);
}

const emit = (what, value) => process.stdout.write(`${what} ${JSON.stringify(value)}\n`);
const errors = [];
const doc = parse(readFileSync(file, 'utf8'), {
  onParseError: (e) => errors.push(e),
});
for (const e of errors) emit('parse-error', `${e.code} at ${e.startLine}:${e.startCol}`);

const elements = (node, tag, acc = []) => {
  for (const child of node.childNodes ?? []) {
    if (child.tagName === tag) acc.push(child);
    elements(child.content ?? child, tag, acc);
  }
  return acc;
};
const attr = (el, name) => el.attrs?.find((a) => a.name === name)?.value;
const text = (node) =>
  node.nodeName === '#text' ? node.value : (node.childNodes ?? []).map(text).join('');
const cellsOf = (tr) => tr.childNodes.filter((n) => n.tagName === 'td' || n.tagName === 'th');
const span = (el, name) => {
  const v = Number.parseInt(attr(el, name) ?? '1', 10);
  return Number.isFinite(v) && v > 0 ? v : 1;
};

const doctype = doc.childNodes.find((n) => n.nodeName === '#documentType');
emit('doctype', doctype ? doctype.name : '');
emit('mode', doc.mode);
const html = elements(doc, 'html')[0];
emit('lang', html ? (attr(html, 'lang') ?? '') : '');
for (const meta of elements(doc, 'meta')) {
  const cs = attr(meta, 'charset');
  if (cs !== undefined) emit('charset', cs);
}
for (const title of elements(doc, 'title')) emit('title', text(title));

const tables = elements(doc, 'table');
emit('tables', String(tables.length));
if (tables.length > 0) {
  const table = tables[0];
  for (const thead of elements(table, 'thead'))
    for (const tr of elements(thead, 'tr')) emit('head', cellsOf(tr).map(text));
  // Rows of every tbody; rowspan stops at the end of its tbody (HTML's table
  // model), colspan spreads a cell over columns.
  let index = 0;
  for (const tbody of elements(table, 'tbody')) {
    const rows = elements(tbody, 'tr');
    const grid = rows.map(() => []);
    const origin = rows.map(() => []);
    rows.forEach((tr, r) => {
      let c = 0;
      for (const cell of cellsOf(tr)) {
        while (grid[r][c]) c++;
        const rs = Math.min(span(cell, 'rowspan'), rows.length - r);
        const cs = span(cell, 'colspan');
        for (let i = 0; i < rs; i++)
          for (let j = 0; j < cs; j++) {
            grid[r + i][c + j] = cell;
            origin[r + i][c + j] = index + r;
          }
        c += cs;
      }
    });
    grid.forEach((cells, r) => {
      if (cells.length !== 3 || [...cells].some((c) => !c)) {
        emit('bad-row', `body row ${index + r + 1} has ${cells.length} columns, want 3`);
        return;
      }
      const [code, sub, msg] = cells;
      emit('row', [text(code), sub === code ? '0' : text(sub), text(msg), String(origin[r][0])]);
    });
    index += rows.length;
  }
}
