/** A running demo server (scripts/demo-process.mjs). */
export interface Demo {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Everything it printed so far. */
  output(): string;
  /** Stops it (SIGTERM, as Ctrl+C would) and removes its temporary directories. */
  stop(): Promise<void>;
}

/** Starts the demo server; `env` adds to (or overrides) its environment, e.g. `DATABASE_URL`. */
export function startDemo(env?: Record<string, string>, timeout?: number): Promise<Demo>;
