// Part of web/check.sh: opens URL (a link on the Explore tab) in headless Chromium, in real
// time, and waits for the search to answer from its web worker. Prints whether the page is
// cross-origin isolated (then Cancel can keep partial results). Needs playwright-core.
import { chromium } from "playwright-core";

const url = process.argv[2];
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const started = Date.now();
  await page.goto(url);
  await page.waitForSelector('body[data-searches-answered="1"]', { timeout: 60000 });
  const answered = Date.now() - started;
  const isolated = await page.getAttribute("body", "data-cross-origin-isolated");
  // The start-up figure in the README is read from here: the page must set it.
  const firstFrame = await page.getAttribute("body", "data-first-frame-ms");
  if (firstFrame === null) throw new Error("the page never marked its first frame (data-first-frame-ms)");
  console.log(`answered=${answered}ms isolated=${isolated} first-frame=${firstFrame}ms`);
} finally {
  await browser.close();
}
