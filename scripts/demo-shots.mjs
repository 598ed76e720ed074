// Screenshots of the demo pages (`npm run demo`) at 1280×800 (mouse) and 390×844 (touch), light and
// dark, each as it loads and once a question is showing or answered, so a reviewer can see what a
// newcomer sees. Part of `npm run shots`; alone: `node scripts/demo-shots.mjs` (after `npm run build`).
// Starts its own demo server on a free port with a throwaway data directory.
import { mkdirSync } from 'node:fs';
import { launchChromium } from './chromium.mjs';
import { startDemo } from './demo-process.mjs';

const DEVICES = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

/** Waits until the widget's entrance animations have finished, so the shot shows it at rest. */
async function settled(page, selector = 'csat-widget .panel') {
  const panel = page.locator(selector).first();
  await panel.waitFor();
  await panel.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
}

/** What each page looks like after a newcomer's first step. */
const STEPS = {
  async playground(page) {
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page
      .locator('csat-widget')
      .getByRole('radio', { name: /^4 of 5/ })
      .click();
    await page.locator('#answer', { hasText: '"score": 4' }).waitFor();
  },
  async 'playground-inline'(page) {
    await page.getByLabel('Display').selectOption('inline');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await settled(page);
    // Until the smooth scroll has brought the whole card (and its margin) into view.
    await page.waitForFunction(() => {
      const r = document.querySelector('#inline-box')?.closest('.card')?.getBoundingClientRect();
      return r && r.top >= 15 && r.bottom <= innerHeight - 15;
    });
  },
  async shop(page) {
    await page.getByRole('button', { name: 'Place order' }).click();
    await settled(page);
  },
  async 'shop-code'(page) {
    await page.getByText('How this page asks').click();
    await page.locator('.how pre').scrollIntoViewIfNeeded();
  },
  async help(page) {
    await page
      .locator('csat-widget')
      .getByRole('radio', { name: /^1 of 2/ })
      .click();
    await page.locator('csat-widget textarea').waitFor();
  },
  async 'script-tag'(page) {
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page
      .locator('csat-widget')
      .getByRole('radiogroup', { name: /recommend/ })
      .waitFor();
    await settled(page, 'csat-widget:not([data-csat-inline] *) .panel');
  },
};
const PAGES = { playground: '/', shop: '/shop', help: '/help', 'script-tag': '/script-tag', dashboard: '/dashboard' };
/** Something each page shows once it is ready. */
const READY = {
  playground: '#snippet:not(:empty)',
  shop: 'form.checkout',
  help: '#helpful csat-widget, #helpful-note:not([hidden])',
  'script-tag': '[data-csat-inline] csat-widget',
  dashboard: '#updated:has-text("Updated")',
};

async function open(page, origin, name) {
  await page.goto(origin + PAGES[name]);
  await page.locator(READY[name]).first().waitFor();
  // Fonts loaded and any question's entrance animation over (help and script-tag ask at once).
  await page.evaluate(async () => {
    await document.fonts.ready;
    const hosts = [...document.querySelectorAll('csat-widget')];
    await Promise.all(hosts.flatMap((h) => h.shadowRoot?.getAnimations().map((a) => a.finished) ?? []));
  });
}

/** Takes the demo screenshots into `out` (a directory URL) with `browser`; resolves how many. */
export async function demoShots(browser, out) {
  mkdirSync(out, { recursive: true });
  const demo = await startDemo();
  let count = 0;
  const shot = async (page, name, whole = true) => {
    // The whole page through a screen as tall as it, not Playwright's fullPage, which keeps sticky
    // elements where the shorter screen puts them.
    const screen = page.viewportSize();
    if (whole) {
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: screen.width, height });
    }
    await page.screenshot({ path: new URL(`${name}.png`, out).pathname });
    if (whole) await page.setViewportSize(screen);
    count++;
  };
  try {
    for (const [device, options] of Object.entries(DEVICES)) {
      for (const scheme of ['light', 'dark']) {
        const context = await browser.newContext({ ...options, colorScheme: scheme });
        const page = await context.newPage();
        for (const name of Object.keys(PAGES)) {
          await open(page, demo.origin, name);
          // What fits on the screen first, then the whole page.
          await shot(page, `demo-${device}-${scheme}-${name}`, false);
          await shot(page, `demo-${device}-${scheme}-${name}-full`);
        }
        for (const [name, step] of Object.entries(STEPS)) {
          await page.evaluate(() => localStorage.clear()).catch(() => undefined);
          await open(page, demo.origin, name.replace(/-(inline|code)$/, ''));
          await step(page);
          await shot(page, `demo-${device}-${scheme}-${name}-used`, false);
        }
        await context.close();
      }
    }
  } finally {
    await demo.stop();
  }
  return count;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const browser = await launchChromium();
  try {
    const count = await demoShots(browser, new URL('../shots/', import.meta.url));
    console.log(`${count} demo screenshots in shots/`);
  } finally {
    await browser.close();
  }
}
