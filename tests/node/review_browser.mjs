#!/usr/bin/env node
// node review_browser.mjs CHROMIUM PAGE.html FINDINGS.json
//
// Loads a review page (`errcat check --format html`) in headless Chromium
// (puppeteer-core) and prints one problem per line (exit status 1 then):
//   - a console error or page error, a request for anything but the page;
//   - the page's li.finding elements against FINDINGS.json: one per finding,
//     same check, locale, severity and key, and data-keys the JSON "keys"
//     when there are several;
//   - in each drift finding's key matrix, cells of one letter in a row have
//     one background colour and cells of letters that differ (mod 6) differ
//     in colour; the row of the finding's locale reads otherwise than the
//     most common row of the other locales (unless the matrix shows only
//     the first keys); every <mark> has a background colour of its own;
//     both in dark and in light mode (prefers-color-scheme);
//   - each value of each filter <select>: exactly the findings that match it
//     stay visible, and "" shows them all again.
// --no-sandbox: CI runs it as root.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const [, , chromium, pageFile, jsonFile] = process.argv;
if (!chromium || !pageFile || !jsonFile) {
  console.error('usage: node review_browser.mjs CHROMIUM PAGE.html FINDINGS.json');
  process.exit(2);
}
const problems = [];
const problem = (s) => problems.push(s);
const want = JSON.parse(readFileSync(jsonFile, 'utf8'));
const url = pathToFileURL(pageFile).href;

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problem(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problem(`page error: ${e.message}`));
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url() !== url) problem(`request outside the page: ${req.url()}`);
    req.url() === url ? req.continue() : req.abort();
  });
  await page.goto(url, { waitUntil: 'load', timeout: 120000 });

  // page.evaluate, not $$eval: no element handle per finding (10,000 of them)
  const items = await page.evaluate(() =>
    [...document.querySelectorAll('li.finding')].map((e) =>
      [e.dataset.check, e.dataset.locale, e.dataset.severity, e.dataset.key, e.dataset.keys]),
  );
  const key = (a) => JSON.stringify(a);
  const count = new Map();
  for (const it of items) count.set(key(it), (count.get(key(it)) ?? 0) + 1);
  if (items.length !== want.length)
    problem(`${items.length} findings on the page, ${want.length} in the JSON`);
  for (const f of want) {
    const k = key([f.check, f.locale, f.severity, f.key,
      f.keys.length > 1 ? f.keys.join(' ') : undefined]);
    if (!count.get(k)) problem(`not on the page: ${k}`);
    else count.set(k, count.get(k) - 1);
  }

  // the key matrices and the marks, as rendered in light and in dark mode
  for (const scheme of ['dark', 'light']) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    const looks = await page.evaluate(() => {
      const out = [];
      const bg = (e) => getComputedStyle(e).backgroundColor;
      for (const t of document.querySelectorAll('table.matrix')) {
        const id = t.closest('li.finding').id;
        const rows = [...t.tBodies[0].rows].map((tr) => ({
          here: tr.classList.contains('here'),
          cells: [...tr.cells].slice(1).map((td) => [td.textContent, bg(td)]),
        }));
        for (const r of rows)
          for (const [a, ca] of r.cells)
            for (const [b, cb] of r.cells) {
              if (a === '-' || b === '-') continue;
              const same = (a.charCodeAt(0) - 65) % 6 === (b.charCodeAt(0) - 65) % 6;
              if (same !== (ca === cb)) out.push(`${id}: matrix cells ${a} ${ca} and ${b} ${cb}`);
            }
        const word = (r) => r.cells.map((c) => c[0]).join('');
        const here = rows.find((r) => r.here);
        const others = new Map();
        for (const r of rows) if (!r.here) others.set(word(r), (others.get(word(r)) ?? 0) + 1);
        const common = [...others].sort((x, y) => y[1] - x[1])[0];
        if (!/the first \d+ keys/.test(t.caption.textContent) && here && common &&
            word(here) === common[0])
          out.push(`${id}: the finding's locale reads ${word(here)}, as most others`);
      }
      for (const m of document.querySelectorAll('mark')) {
        const c = bg(m);
        if (c === 'rgba(0, 0, 0, 0)' || c === bg(m.closest('td')))
          out.push(`${m.closest('li.finding').id}: <mark> without a colour of its own`);
      }
      return out.slice(0, 20);
    });
    for (const p of looks) problem(`${scheme}: ${p}`);
  }

  // the filters: each value of each select alone
  const fields = { locale: 'locale', check: 'check', severity: 'severity' };
  for (const [name, field] of Object.entries(fields)) {
    const values = await page.evaluate((n) =>
      [...document.querySelectorAll(`select[name=${n}] option`)].map((o) => o.value), name);
    if (values[0] !== '') problem(`select ${name}: the first option is not ""`);
    for (const v of values) {
      await page.select(`select[name=${name}]`, v);
      const shown = await page.evaluate((fld) =>
        [...document.querySelectorAll('li.finding:not([hidden])')].map((e) => e.dataset[fld]), field);
      const expected = want.filter((f) => v === '' || f[field] === v).length;
      if (shown.length !== expected || shown.some((s) => v !== '' && s !== v))
        problem(`select ${name}="${v}": ${shown.length} findings shown, want ${expected}`);
      const visible = await page.evaluate(() =>
        [...document.querySelectorAll('li.finding')].filter((e) => e.offsetParent !== null).length);
      if (visible !== expected)
        problem(`select ${name}="${v}": ${visible} findings rendered, want ${expected}`);
    }
    await page.select(`select[name=${name}]`, '');
  }
} finally {
  await browser.close();
}
for (const p of problems.slice(0, 50)) process.stdout.write(`${p}\n`);
process.exit(problems.length ? 1 : 0);
