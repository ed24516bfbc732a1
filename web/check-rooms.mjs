// Part of web/check.sh: a live room in headless Chromium, one presenter page and three audience
// pages against `redlines serve`. The presenter's page opens the example briefing presenting its
// question step (#example=…&present=2), opens a room from the keyboard (O, Enter); each audience
// page joins by the room's link and must show the same step; one audience page predicts (1,
// Enter) and the presenter's page must count it; the presenter's next step must reach every
// audience page. The pages say the room's state on their body (data-room-*), which is what this
// reads: the app draws on a canvas. Needs playwright-core.
//   node check-rooms.mjs http://127.0.0.1:PORT
import { chromium } from "playwright-core";

const site = process.argv[2];
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
const WAIT = { timeout: 60000 };
const said = (page, attribute) => page.getAttribute("body", attribute);
// The canvas takes the keys once it has the focus, as it does when a person clicks into it.
async function keys(page, ...pressed) {
  await page.focus("canvas");
  for (const key of pressed) {
    await page.keyboard.press(key);
    await page.waitForTimeout(150);
  }
}
async function newPage() {
  return (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
}
try {
  const presenter = await newPage();
  await presenter.goto(`${site}/#example=berlin-talks&present=2`);
  await presenter.waitForSelector("canvas", WAIT);
  // The app draws its first frame, then takes keys.
  await presenter.waitForTimeout(2000);
  await keys(presenter, "o");
  await presenter.waitForTimeout(500);
  await keys(presenter, "Enter");
  await presenter.waitForSelector("body[data-room-code]", WAIT);
  const code = await said(presenter, "data-room-code");
  await presenter.waitForSelector("body[data-room-step]", WAIT);
  const step = await said(presenter, "data-room-step");

  const audience = [];
  for (let i = 0; i < 3; i++) {
    const page = await newPage();
    await page.goto(`${site}/#room=${code}`);
    audience.push(page);
  }
  for (const page of audience) {
    await page.waitForSelector(`body[data-room-step="${step}"]`, WAIT);
  }
  await presenter.waitForSelector('body[data-room-followers="3"]', WAIT);

  // The first audience member ticks the first party and sends.
  await keys(audience[0], "1", "Enter");
  await audience[0].waitForSelector('body[data-room-sent="yes"]', WAIT);
  await presenter.waitForSelector('body[data-room-predictions="1"]', WAIT);

  // The presenter's next step reaches every audience page.
  await keys(presenter, "ArrowRight");
  const [at, of] = step.split("/").map(Number);
  const next = `${at + 1}/${of}`;
  for (const page of audience) {
    await page.waitForSelector(`body[data-room-step="${next}"]`, WAIT);
  }
  console.log(`room=${code} followed=${step}->${next} audience=3 predictions=1`);
} finally {
  await browser.close();
}
