// The data attributes under the strictest policy a page is likely to have: no inline script or
// style, no eval, and Trusted Types required for every script sink. Popover, form and inline
// questions render styled, deliver, and not one `securitypolicyviolation` event fires.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { html, scriptTag, shadow, useBrowser, quiet } from './harness';

const env = useBrowser();

const CSP = {
  'content-security-policy':
    // `csat-widget`: the policy that loads the positioning file for the popover (README, "Light entries").
    "default-src 'self'; style-src 'self'; script-src 'self'; require-trusted-types-for 'script'; trusted-types csat-widget",
};

// Inline scripts are blocked by the policy, so the page's own code comes from same-origin files.
const LISTEN = `window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
});
document.addEventListener('submit', function (e) { e.preventDefault(); });`;

const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { __violations: Record<string, string>[] }).__violations);
const cspConsole = (logs: { text: string }[]) =>
  logs.filter((l) => /Content Security Policy|Trusted ?Type|TrustedHTML|TrustedScript|unsafe-eval/i.test(l.text));

/** A rendered panel with its stylesheet applied: rounded, padded, with a background. */
async function expectStyled(widget: Locator) {
  const panel = widget.locator('[data-display]');
  const look = await panel.evaluate((el) => {
    const s = getComputedStyle(el);
    return { radius: s.borderTopLeftRadius, padding: s.paddingTop, bg: s.backgroundColor };
  });
  expect(look.radius).not.toBe('0px');
  expect(look.padding).not.toBe('0px');
  expect(look.bg).not.toBe('rgba(0, 0, 0, 0)');
  const star = (await widget.getByRole('radio').first().boundingBox())!;
  expect(star.width).toBeGreaterThanOrEqual(24);
}

describe('data attributes under a strict CSP with Trusted Types', () => {
  it('inline, click and form questions render styled and deliver, with zero violations', async () => {
    env.server.file('/listen.js', LISTEN);
    env.server.page(
      '/csp-triggers',
      html(
        `<div id="inline" data-csat-inline="csp-inline" data-csat-question="Useful?"></div>
         <button id="rate" data-csat-survey="csp-click" data-csat-scale="stars:7">Rate</button>
         <form id="f" data-csat-survey="csp-form" data-csat-scale="nps" data-csat-comment="never"><button id="go">Go</button></form>`,
        '<script src="/listen.js"></script>' + scriptTag(),
      ),
      CSP,
    );
    const { page, logs } = await env.open('/csp-triggers');
    expect(await page.evaluate(() => typeof (window as unknown as { csat?: unknown }).csat)).toBe('object');

    await shadow(page).first().getByRole('radio').first().waitFor();
    await expectStyled(shadow(page).first());
    await shadow(page).first().getByRole('radio', { name: '5 of 5, Very satisfied' }).click();
    await env.server.waitForPosts(1);

    await page.locator('#rate').click();
    await shadow(page).nth(1).getByRole('radio').first().waitFor();
    await expectStyled(shadow(page).nth(1));
    // Placed by Floating UI through CSSOM writes, which style-src does not govern.
    const placed = await shadow(page)
      .nth(1)
      .locator('[data-display=popover]')
      .evaluate((el) => getComputedStyle(el).position);
    expect(placed).toBe('fixed');
    await shadow(page)
      .nth(1)
      .getByRole('radio', { name: /^7 of 7/ })
      .click();
    await env.server.waitForPosts(2);

    await page.locator('#go').click();
    // The earlier questions may still be thanking, so this one is found by its 0–10 scale.
    const nps = page.getByRole('radio', { name: /^10 of 10/ });
    await nps.waitFor();
    await expectStyled(shadow(page).filter({ has: nps }));
    await nps.click();
    const posts = await env.server.waitForPosts(3);
    expect(posts.map((p) => JSON.parse(p.body).survey)).toEqual(['csp-inline', 'csp-click', 'csp-form']);

    await quiet(page);
    expect(await violations(page)).toEqual([]);
    expect(cspConsole(logs)).toEqual([]);
  });

  it('control: the policy is in force, and a script sink is reported', async () => {
    env.server.file('/listen.js', LISTEN);
    env.server.file(
      '/sink.js',
      `try { document.body.innerHTML = '<b>x</b>'; } catch (e) { window.__blocked = e.name; }`,
    );
    env.server.page(
      '/csp-control',
      html('<p>x</p><script src="/listen.js"></script><script src="/sink.js"></script>'),
      CSP,
    );
    const { page } = await env.open('/csp-control');
    await page.waitForFunction(() => (window as unknown as { __violations: unknown[] }).__violations.length > 0);
    expect(await page.evaluate(() => (window as unknown as { __blocked?: string }).__blocked)).toBe('TypeError');
    expect((await violations(page))[0]!.directive).toBe('require-trusted-types-for');
  });
});
