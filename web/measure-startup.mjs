// Start-up time of the web build in headless Chromium: the page is opened RUNS times (each in
// a fresh context, so nothing is cached) and the time from navigation to the app being up
// (the body's data-started-ms, set by src/ui/app/browser.rs) is printed. Needs playwright-core:
//   npm install playwright-core && node web/measure-startup.mjs URL [RUNS]
import { chromium } from 'playwright-core';
const url = process.argv[2];
const runs = Number(process.argv[3] || 5);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
const times = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-started-ms]', { timeout: 60000 });
  times.push(Number(await page.getAttribute('body', 'data-started-ms')));
  await context.close();
}
await browser.close();
times.sort((a, b) => a - b);
console.log(JSON.stringify({ runs: times, median: times[Math.floor(times.length / 2)] }));
