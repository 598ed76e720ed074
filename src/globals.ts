// Every browser global is read through here, so importing the package during server-side
// rendering touches nothing (posthog-js#114: module-level `window` broke Next.js builds).
export const win: (Window & typeof globalThis) | undefined = typeof window !== 'undefined' ? window : undefined;
export const doc: Document | undefined = typeof document !== 'undefined' ? document : undefined;

/** localStorage, or undefined when it is missing or throws on access (sandboxed frames). */
export function storage(): Storage | undefined {
  try {
    return win?.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

export function warn(...args: unknown[]): void {
  console.warn('[csat]', ...args);
}

let told = false;
/** Says once per page that storage is missing or full, whichever part finds out first. */
export function noStorage(): void {
  if (!told) warn('no localStorage: sampling, cooldown and waiting answers hold for this page only.');
  told = true;
}
