// `csat-widget/lazy` during server-side rendering: importing it touches nothing, and a call made
// there loads the main entry, which resolves null as it does on the server.
import { expect, it } from 'vitest';

it('imports and asks without a DOM', async () => {
  expect(typeof window).toBe('undefined');
  const lazy = await import('../../src/lazy');
  await expect(lazy.ask({ survey: 'ssr', onSubmit() {} })).resolves.toBeNull();
  const csat = lazy.createCsat({ endpoint: '/api/csat' });
  await expect(csat.ask({ survey: 'ssr' })).resolves.toBeNull();
  await expect(csat.flush()).resolves.toBeUndefined();
  csat.destroy();
});
