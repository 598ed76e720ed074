// The demo's embedded store: PGlite in a temporary data directory, plus the summary's tee and a
// check that no demo source builds HTML from strings.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type DemoStore } from '../../demo/api/store';
import { tee } from '../../demo/api/summary';
import { storeContract } from './store-contract';

describe('demo store on PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'csat-pglite-'));
  let store: DemoStore;

  // A new PGlite data directory is initialised on first open: a few seconds.
  beforeAll(async () => {
    store = await openStore({ dataDir: dir });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says where it keeps the answers', () => {
    expect(store.kind).toBe('pglite');
    expect(store.location).toBe(dir);
  });

  storeContract(
    () => store,
    async () => {
      // One PGlite per data directory at a time: close before opening it again.
      await store.close();
      return (store = await openStore({ dataDir: dir }));
    },
  );
});

describe('tee', () => {
  async function* numbers(n: number, reads: { count: number }) {
    for (let i = 0; i < n; i++) {
      reads.count++;
      yield i;
    }
  }
  const collect = async (it: AsyncIterable<number>) => {
    const out: number[] = [];
    for await (const v of it) out.push(v);
    return out;
  };

  it('gives every branch every item while reading the source once', async () => {
    const reads = { count: 0 };
    const [a, b] = tee(numbers(1000, reads), 2);
    const [x, y] = await Promise.all([collect(a!), collect(b!)]);
    expect(x).toEqual([...Array(1000).keys()]);
    expect(y).toEqual(x);
    expect(reads.count).toBe(1000);
  });
});

describe('demo sources', () => {
  const demo = fileURLToPath(new URL('../../demo', import.meta.url));
  const files = readdirSync(demo, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mjs|html)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));

  it('never parse strings as HTML (comments and survey names are shown with textContent)', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(
        /innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write/,
      );
    }
  });
});
