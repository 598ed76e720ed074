// Events for a response rate (SPEC, "Events") from the script tag in real Chromium: `data-events`
// sends `shown` and `dismissed` to the endpoint through the same queue as answers. The endpoint is
// the harness's plain server, which records every POST body (a collector that accepts events is
// tested with the collector).
import { describe, expect, it } from 'vitest';
import { askResult, html, startAsk, useBrowser, UUID_RE } from './harness';

const env = useBrowser();

/** A bare `data-events` attribute, as a page would write it. */
const tag = (events = ' data-events') =>
  `<script src="/csat-widget.iife.js" data-endpoint="/api/csat"${events}></script>`;

const bodies = () => env.server.posts.map((post) => JSON.parse(post.body) as Record<string, unknown>);

describe('events', () => {
  it('data-events: a shown event when asked, a dismissed one when closed without a score', async () => {
    env.server.page('/done', html('<h1>Done</h1>' + tag()));
    const { page } = await env.open('/done?email=x%40example.com');
    await startAsk(page, { survey: 'checkout', interaction: 'order-1' });
    await env.server.waitForPosts(1);
    await page.getByRole('button', { name: 'Close feedback' }).click();
    expect((await askResult(page)).value).toBeNull();
    await env.server.waitForPosts(2);
    const [shown, dismissed] = bodies();
    const common = {
      v: 1,
      survey: 'checkout',
      interaction: 'order-1',
      locale: 'en',
      page: env.server.origin + '/done',
    };
    expect(shown).toMatchObject({ ...common, kind: 'shown' });
    expect(dismissed).toMatchObject({ ...common, kind: 'dismissed' });
    for (const event of [shown!, dismissed!]) {
      expect(event.id).toMatch(UUID_RE);
      expect(new Date(event.at as string).toISOString()).toBe(event.at);
    }
    expect(shown!.id).not.toBe(dismissed!.id);
    expect(env.server.posts[0]!.headers['content-type']).toBe('text/plain;charset=UTF-8');
  });

  it('an answered question sends shown and the answer, no dismissed; events never count as answers', async () => {
    env.server.page('/done', html('<h1>Done</h1>' + tag()));
    const { page } = await env.open('/done');
    await startAsk(page, { survey: 'checkout', comment: 'never' });
    await page.getByRole('radio', { name: '4 of 5, Satisfied' }).click();
    const answer = (await askResult(page)).value;
    await env.server.waitForPosts(2);
    await page.evaluate(() => (window as unknown as { csat: { flush(): Promise<void> } }).csat.flush());
    expect(bodies().map((b) => b.kind ?? 'answer')).toEqual(['shown', 'answer']);
    expect(bodies()[1]).toEqual(answer);
  });

  it('without data-events nothing but answers reaches the endpoint', async () => {
    env.server.page('/done', html('<h1>Done</h1>' + tag('')));
    const { page } = await env.open('/done');
    await startAsk(page, { survey: 'checkout' });
    await page.getByRole('button', { name: 'Close feedback' }).click();
    expect((await askResult(page)).value).toBeNull();
    await page.evaluate(() => (window as unknown as { csat: { flush(): Promise<void> } }).csat.flush());
    expect(env.server.posts).toEqual([]);
  });
});
