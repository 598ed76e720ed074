// Starts `node demo/server.mjs` (what `npm run demo` runs after building) on a free port of
// 127.0.0.1 with its own throwaway data directory: for the browser and PostgreSQL tests
// (test/demo-server.ts) and the demo screenshots (scripts/demo-shots.mjs). Types: demo-process.d.mts.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../demo/server.mjs', import.meta.url));

/** Starts the demo server; `env` adds to (or overrides) its environment, e.g. `DATABASE_URL`. */
export async function startDemo(env = {}, timeout = 60_000) {
  const dir = mkdtempSync(join(tmpdir(), 'csat-demo-'));
  const child = spawn(process.execPath, [SERVER], {
    env: {
      ...process.env,
      PORT: '0',
      // Never a developer's own database: PGlite in the temporary directory unless told otherwise.
      DATABASE_URL: '',
      CSAT_DATA_DIR: join(dir, 'data'),
      CSAT_DEMO_CACHE_DIR: join(dir, 'vite-cache'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));

  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not start within ${timeout} ms`), timeout);
    const check = () => {
      const m = /demo at http:\/\/localhost:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    const fail = (why) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`demo server ${why}. Output:\n${out}`));
    };
    child.stdout.on('data', check);
    void exited.then((code) => fail(`exited with ${code}`));
  });

  return {
    origin: `http://127.0.0.1:${port}`,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
