#!/usr/bin/env node
// node review_browser.mjs CHROMIUM PAGE.html FINDINGS.json
//
// Loads a review page (`errcat check --format html`) in headless Chromium
// (puppeteer-core) and prints one problem per line (exit status 1 then):
//   - a console error or page error, a request for anything but the page;
//   - the page's li.finding elements against FINDINGS.json: one per finding,
//     same check, locale, severity and key;
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
      [e.dataset.check, e.dataset.locale, e.dataset.severity, e.dataset.key]),
  );
  const key = (a) => JSON.stringify(a);
  const count = new Map();
  for (const it of items) count.set(key(it), (count.get(key(it)) ?? 0) + 1);
  if (items.length !== want.length)
    problem(`${items.length} findings on the page, ${want.length} in the JSON`);
  for (const f of want) {
    const k = key([f.check, f.locale, f.severity, f.key]);
    if (!count.get(k)) problem(`not on the page: ${k}`);
    else count.set(k, count.get(k) - 1);
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
