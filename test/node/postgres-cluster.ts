// A throwaway PostgreSQL cluster for tests: Debian's `postgresql` package, initdb into a temporary
// directory, one server on 127.0.0.1 at a free port (and its socket in that directory, so it
// never touches the system cluster), stopped and deleted afterwards. initdb refuses to run as
// root, so as root the cluster is owned by and run as the `postgres` user the package creates.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INSTALL_HINT =
  "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install Debian's package with " +
  '`sudo apt-get update && sudo apt-get install -y postgresql` (.ci/run does this), or set PG_BIN ' +
  'to the directory holding initdb and pg_ctl.';

/** The directory with initdb and pg_ctl: PG_BIN, else the newest /usr/lib/postgresql/N/bin. */
export function postgresBin(): string {
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .filter((v) => /^\d+$/.test(v))
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : [];
  const bin = candidates.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
  if (!bin) throw new Error(INSTALL_HINT);
  return bin;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A running cluster. */
export interface Cluster {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (trust authentication, local only). */
  url: string;
  stop(): Promise<void>;
}

/** Creates and starts a cluster; takes a second or two. */
export async function startPostgres(): Promise<Cluster> {
  const bin = postgresBin();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'csat-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');

  if (asRoot) {
    const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    const [uid, gid] = [id('-u'), id('-g')];
    if (uid.status !== 0 || gid.status !== 0) {
      throw new Error(`running as root, but there is no \`postgres\` user to run the cluster as. ${INSTALL_HINT}`);
    }
    chownSync(dir, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
  }
  /** Runs a PostgreSQL program, as `postgres` when we are root. */
  const run = (program: string, args: string[]) => {
    const [cmd, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
      : [join(bin, program), args];
    try {
      return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string; message: string };
      const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
      throw new Error(`${program} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}${serverLog}`);
    }
  };

  // No fsync and trust auth on loopback: a scratch cluster that lives for one test file.
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', `-p ${port} -h 127.0.0.1 -k ${dir} -F`, 'start']);

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
