// One demo server per data directory: two PGlite instances writing one directory corrupt it or
// lose acknowledged answers, so the second refuses to start. The lock is a file holding the pid
// of its server; a lock whose process is gone (a crash, a kill -9) is stale and taken over.
import { linkSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'csat-demo.lock';

/** Thrown when another live process holds the directory. */
export class DataDirLocked extends Error {
  /**
   * @param {string} dir
   * @param {number} pid
   */
  constructor(dir, pid) {
    super(
      `the data directory ${dir} is in use by another demo server (pid ${pid}): two servers on one ` +
        'PGlite directory corrupt it. Stop that server, or give this one its own directory and port, ' +
        'e.g. CSAT_DATA_DIR=.csat-data-2 PORT=5174 npm run demo',
    );
    this.name = 'DataDirLocked';
    this.pid = pid;
  }
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, owned by someone else.
    return /** @type {NodeJS.ErrnoException} */ (e).code === 'EPERM';
  }
}

/**
 * Takes the lock on `dir` (creating the directory) for this process, or throws `DataDirLocked`.
 * @param {string} dir
 * @returns {{ path: string, release(): void }}
 */
export function lockDataDir(dir, pid = process.pid) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  // Written aside, then linked into place: the lock appears atomically with its pid in it, and
  // `link` fails if a lock exists, so two servers starting together cannot both win.
  const mine = `${path}.${pid}`;
  writeFileSync(mine, `${pid}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, path);
        break;
      } catch (e) {
        if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EEXIST' || attempt > 0) throw e;
        const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
        if (holder > 0 && holder !== pid && alive(holder)) throw new DataDirLocked(dir, holder);
        unlinkSync(path); // stale: its server is gone
      }
    }
  } finally {
    rmSync(mine, { force: true });
  }
  return {
    path,
    release() {
      try {
        if (Number.parseInt(readFileSync(path, 'utf8'), 10) === pid) unlinkSync(path);
      } catch {
        // Already gone.
      }
    },
  };
}
