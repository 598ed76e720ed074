// A strict Content-Security-Policy with Trusted Types, in real Chromium: the widget renders styled,
// submits, and causes no violation at all.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { askResult, html, scriptTag, shadow, startAsk, useBrowser, quiet } from './harness';

const env = useBrowser();

const CSP = {
  'content-security-policy':
    "default-src 'self'; style-src 'self'; script-src 'self'; require-trusted-types-for 'script'",
};

// Inline scripts are blocked by the policy, so the listener comes from a same-origin file.
const LISTEN = `window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample,
    source: e.sourceFile + ':' + e.lineNumber });
});`;

const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { __violations: Record<string, string>[] }).__violations);

/** Console lines in which Chromium reports a blocked action. */
const cspConsole = (logs: { text: string }[]) =>
  logs.filter((l) => /Content Security Policy|Trusted ?Type|TrustedHTML|TrustedScript|unsafe-eval/i.test(l.text));

describe('strict CSP', () => {
  it('renders styled, submits, and causes zero violations', async () => {
    env.server.file('/csp-listen.js', LISTEN);
    env.server.page('/csp', html('<p>Strict page</p><script src="/csp-listen.js"></script>' + scriptTag()), CSP);
    const { page, logs } = await env.open('/csp');
    expect(await page.evaluate(() => typeof (window as unknown as { csat?: unknown }).csat)).toBe('object');

    await startAsk(page, { survey: 'csp', comment: 'always' });
    const widget = shadow(page);
    const panel = widget.locator('.panel');
    await panel.waitFor();
    const look = await panel.evaluate((el) => {
      const s = getComputedStyle(el);
      return { radius: s.borderTopLeftRadius, bg: s.backgroundColor, position: s.position, padding: s.paddingTop };
    });
    expect(look.radius).not.toBe('0px');
    expect(look.bg).not.toBe('rgba(0, 0, 0, 0)');
    expect(look.position).toBe('fixed');
    expect(look.padding).not.toBe('0px');
    // The stars are drawn at their styled size, not as bare 0×0 or default buttons.
    const star = (await widget.getByRole('radio').first().boundingBox())!;
    expect(star.width).toBeGreaterThanOrEqual(24);

    await page.getByRole('radio', { name: '2 of 5, Dissatisfied' }).click();
    await widget.getByRole('textbox').fill('Checkout <b>was</b> slow');
    await widget.getByRole('button', { name: 'Send' }).click();
    const r = await askResult(page);
    expect(r.value).toMatchObject({ survey: 'csp', score: 2, comment: 'Checkout <b>was</b> slow' });
    const [post] = await env.server.waitForPosts(1);
    expect(JSON.parse(post!.body)).toEqual(r.value);
    // The thank-you is plain text.
    await expect(widget.getByRole('status').textContent()).resolves.toBe('Thank you for your feedback!');

    await quiet(page);
    expect(await violations(page)).toEqual([]);
    expect(cspConsole(logs)).toEqual([]);
  });

  it('renders every scale without a violation', async () => {
    env.server.file('/csp-listen.js', LISTEN);
    env.server.page('/csp-scales', html('<script src="/csp-listen.js"></script>' + scriptTag()), CSP);
    const { page, logs } = await env.open('/csp-scales');
    for (const scale of ['smileys', 'numeric', 'nps', 'ces']) {
      await startAsk(page, { survey: 'csp-' + scale, scale, theme: { accent: '#0a7', radius: 4 } }, scale);
      await shadow(page).getByRole('radio').first().waitFor();
      await shadow(page).locator('button.x').click();
      await shadow(page).waitFor({ state: 'detached' });
    }
    expect(await violations(page)).toEqual([]);
    expect(cspConsole(logs)).toEqual([]);
  });

  it('control: the policy is in force and the listener sees violations', async () => {
    env.server.file('/csp-listen.js', LISTEN);
    env.server.page(
      '/csp-control',
      html('<script src="/csp-listen.js"></script><script>window.__inline = true</script>'),
      CSP,
    );
    const { page } = await env.open('/csp-control');
    await page.waitForFunction(() => (window as unknown as { __violations: unknown[] }).__violations.length > 0);
    expect(await page.evaluate(() => (window as unknown as { __inline?: boolean }).__inline)).toBeUndefined();
    expect((await violations(page))[0]!.directive).toMatch(/^script-src/);
  });
});
