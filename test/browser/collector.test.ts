// The reference collector as a page on another origin meets it: a refusal the page can read.
// The page is served as http://localhost:PORT and posts to http://127.0.0.1:PORT, a collector
// that allows only its own origin.
import { describe, expect, it } from 'vitest';
import { createCollector, memoryStore } from '../../src/server';
import { html, scriptTag, useBrowser } from './harness';

const env = useBrowser();

describe('a collector that does not allow the page’s origin', () => {
  it.each([
    ['a CORS-simple POST', {}],
    ['a POST with a header, after its preflight', { headers: { 'x-api-key': 'k1' } }],
  ])('%s: one 403 the page reads, no retry, onError told', async (_, extra) => {
    const store = memoryStore();
    env.server.collector = createCollector({ store });
    const endpoint = { url: env.server.origin + '/api/csat', ...extra };
    env.server.page(
      '/cross',
      html(
        scriptTag({}) +
          `<script>
            window.__log = [];
            window.__c = csat.createCsat({
              endpoint: ${JSON.stringify(endpoint)},
              onDelivered: function () { __log.push('delivered'); },
              onError: function (e) { __log.push('error ' + e.message); },
            });
          </script>`,
      ),
    );
    env.server.page('/blank', html(''));
    const { page } = await env.open('/blank');
    await page.clock.install();
    const other = env.server.origin.replace('127.0.0.1', 'localhost');
    await page.goto(other + '/cross');
    await page.evaluate(() => {
      (window as any).__c.ask({ survey: 'cross-origin', comment: 'never' });
    });
    await page.getByRole('radio', { name: '4 of 5, Satisfied' }).click();
    await page.waitForFunction(() => (window as any).__log.length > 0);
    expect(await page.evaluate(() => (window as any).__log)).toEqual([
      `error ${env.server.origin}/api/csat answered 403`,
    ]);
    // Well past every retry the widget would make for a network error.
    for (let i = 0; i < 10; i++) await page.clock.runFor(60_000);
    const posts = env.server.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.headers.origin, r.status])).toEqual([[other, 403]]);
    expect(store.list()).toEqual([]);
    // Nothing left waiting to be sent again.
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('csat:q1') ?? '[]'))).toEqual([]);
  });
});
