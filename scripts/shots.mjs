// `npm run shots`: screenshots of every scale in every display mode, at 1280 px (mouse) and at
// 390 px (touch), light and dark, plus the comment step, the thank-you, keyboard choice and focus,
// forced colours and 400 % zoom, so a reviewer can look at the widget without a browser at hand;
// then the demo pages (scripts/demo-shots.mjs).
// Uses the built script-tag file (run `npm run build` first), served from 127.0.0.1.
// Writes shots/*.png (git-ignored) and prints how many.
import { createServer } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { launchChromium } from './chromium.mjs';
import { demoShots } from './demo-shots.mjs';

const OUT = new URL('../shots/', import.meta.url);
const IIFE = new URL('../dist/csat-widget.iife.js', import.meta.url);

const SCALES = {
  stars: 'stars',
  smileys: { type: 'smileys', points: 5 },
  numeric: 'numeric',
  nps: 'nps',
  ces: 'ces',
};
const DISPLAYS = ['toast', 'popover', 'modal', 'inline'];
const DEVICES = {
  desktop: { viewport: { width: 1280, height: 720 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

/** A plausible page: text, a button to anchor a popover to, a slot for an inline question. */
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Order confirmed</title>
<style>
  :root { color-scheme: light dark; font: 16px/1.5 system-ui, sans-serif; }
  body { max-width: 720px; margin: 0 auto; padding: 24px; }
  .card { padding: 16px; border-radius: 8px; background: light-dark(#f3f4f6, #2d333b); }
</style></head><body>
<h1>Thank you for your order</h1>
<p>Your order <b>#10428</b> is confirmed. We will email you when it ships, usually within two
working days. You can <a href="#">track it</a> or <a href="#">change the address</a> until then.</p>
<p><button id="rate">Rate this checkout</button></p>
<div class="card"><div id="slot"></div></div>
<p>Questions? Our <a href="#">help centre</a> is open around the clock.</p>
<script src="/csat-widget.iife.js"></script>
</body></html>`;

function serve() {
  const server = createServer((req, res) => {
    if (req.url === '/csat-widget.iife.js' || req.url === '/csat-widget.position.js') {
      // The full file loads the positioning file from its own directory for the popover shot.
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(new URL('../dist' + req.url, IIFE)));
    } else if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Opens the page, asks with `options` (plus an onSubmit that keeps answers local), waits until drawn. */
async function ask(page, origin, options) {
  await page.goto(origin + '/');
  await page.evaluate((o) => {
    window.csat.ask({ ...o, anchor: '#rate', container: '#slot', onSubmit() {} });
  }, options);
  const panel = page.locator('csat-widget .panel');
  await panel.waitFor();
  await panel.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
  if (options.display === 'popover') await page.locator('csat-widget [data-placed]').waitFor();
  return panel;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  let count = 0;
  const shot = async (page, name) => {
    await page.screenshot({ path: new URL(name + '.png', OUT).pathname });
    count++;
  };
  try {
    for (const [device, options] of Object.entries(DEVICES)) {
      for (const scheme of ['light', 'dark']) {
        const context = await browser.newContext({ ...options, colorScheme: scheme });
        const page = await context.newPage();
        for (const [name, scale] of Object.entries(SCALES)) {
          for (const display of DISPLAYS) {
            // A new survey id each time: the cooldown after an answer must not stop the next shot.
            await ask(page, origin, { survey: `${name}-${display}-${count}`, scale, display });
            await shot(page, `${device}-${scheme}-${name}-${display}`);
          }
        }
        // The comment step and the thank-you, for one scale.
        const panel = await ask(page, origin, { survey: 'comment-' + count, display: 'toast', comment: 'always' });
        await panel.getByRole('radio').nth(1).click();
        await panel.locator('textarea').fill('The delivery options were hard to find.');
        await shot(page, `${device}-${scheme}-stars-toast-comment`);
        await panel.locator('.primary').click();
        await panel.locator('.done').waitFor();
        await shot(page, `${device}-${scheme}-stars-toast-thanks`);
        await context.close();
      }
    }

    // Keyboard: a point chosen with the arrow keys while focused, then with focus elsewhere.
    const context = await browser.newContext(DEVICES.desktop);
    const page = await context.newPage();
    for (const [name, scale] of Object.entries(SCALES)) {
      await ask(page, origin, { survey: 'kb-' + count, scale, display: 'inline' });
      await page.focus('#rate');
      await page.keyboard.press('Tab');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await shot(page, `keyboard-${name}-chosen-focused`);
      await page.keyboard.press('Tab');
      await shot(page, `keyboard-${name}-chosen`);
      await page.emulateMedia({ forcedColors: 'active' });
      await page.keyboard.press('Shift+Tab');
      await shot(page, `forced-colors-${name}-chosen-focused`);
      await page.emulateMedia({ forcedColors: 'none' });
    }
    await context.close();

    // 400 % zoom of a 1280×1024 screen: the layout sees 320×256 CSS px.
    const zoomed = await browser.newContext({ viewport: { width: 320, height: 256 }, deviceScaleFactor: 4 });
    const zpage = await zoomed.newPage();
    for (const display of ['toast', 'popover']) {
      await ask(zpage, origin, { survey: 'zoom-' + count, display, comment: 'always' });
      await shot(zpage, `zoom400-${display}`);
    }
    await zoomed.close();

    // The demo pages (shots/demo-*.png), against their own demo server.
    count += await demoShots(browser, OUT);
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`${count} screenshots in ${OUT.pathname}`);
}

await main();
