// Start-up time of the web build in headless Chromium: each URL is opened RUNS times, the URLs
// in turns (each run in a fresh context, so nothing is cached), and the time from navigation to
// the first frame on screen (the body's data-first-frame-ms, set by src/ui/platform/web.rs, or
// by web/bare-canvas.html for a page that draws one WebGL frame) is printed per URL. When the
// app sets it, data-started-ms (the app created, before its first frame) is printed too.
// Needs playwright-core:
//   npm install playwright-core && node web/measure-startup.mjs RUNS URL [URL...]
import { chromium } from 'playwright-core';
const runs = Number(process.argv[2]);
const urls = process.argv.slice(3);
if (!(runs > 0) || urls.length === 0) {
  console.error('usage: node measure-startup.mjs RUNS URL [URL...]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
const times = urls.map(() => ({ first_frame: [], started: [] }));
for (let i = 0; i < runs; i++) {
  for (const [k, url] of urls.entries()) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-first-frame-ms]', { timeout: 60000 });
    times[k].first_frame.push(Number(await page.getAttribute('body', 'data-first-frame-ms')));
    const started = await page.getAttribute('body', 'data-started-ms');
    if (started !== null) times[k].started.push(Number(started));
    await context.close();
  }
}
await browser.close();
const summary = (list) => {
  if (list.length === 0) return null;
  const sorted = [...list].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
};
for (const [k, url] of urls.entries()) {
  console.log(JSON.stringify({ url, first_frame_ms: summary(times[k].first_frame),
                               started_ms: summary(times[k].started), runs: times[k].first_frame }));
}
