#!/usr/bin/env node
// node screenshot.mjs CHROMIUM PAGE.html OUT.png
//
// A screenshot of the top of a review page in headless Chromium (light mode,
// 1100x1400 CSS pixels), for docs/report.png (scripts/screenshot).
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const [, , chromium, pageFile, out] = process.argv;
if (!chromium || !pageFile || !out) {
  console.error('usage: node screenshot.mjs CHROMIUM PAGE.html OUT.png');
  process.exit(2);
}
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 1400 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await page.goto(pathToFileURL(pageFile).href, { waitUntil: 'load' });
  await page.screenshot({ path: out });
} finally {
  await browser.close();
}
