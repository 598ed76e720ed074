// Script injection shared by the loader (src/loader.ts, which loads the full file) and the full
// file (src/position-load.ts, which loads the positioning file): one <script> recipe and ONE
// Trusted Types policy. A page can name a policy once (`trusted-types csat-widget`); a second
// createPolicy with the same name throws unless the page writes 'allow-duplicates', so whichever
// file comes first creates it and leaves it on a registered symbol for the other.
// https://developer.mozilla.org/docs/Web/API/TrustedTypePolicyFactory/createPolicy
import { warn } from './globals';

/** The Trusted Types policy a page must allow (`trusted-types csat-widget`). */
export const POLICY = 'csat-widget';
const SHARED = Symbol.for('csat-widget.script-urls');

interface ScriptPolicy {
  createScriptURL(url: string): unknown;
}
/** The policy (null when there are no Trusted Types or the page refused ours) and the URLs it lets through. */
interface Shared {
  policy: ScriptPolicy | null;
  allowed: string[];
}
type TrustedTypes = { createPolicy(name: string, rules: { createScriptURL(url: string): string }): ScriptPolicy };
type Window_ = Window & { [SHARED]?: Shared; trustedTypes?: TrustedTypes };

/**
 * A script URL for `url`, through our Trusted Types policy when the browser has them. The policy
 * is created on first use, so a page that never loads anything never needs to allow it, and it
 * lets through only the URLs our own files asked for: the full file, and the positioning and
 * languages files (src/locales-load.ts) next to the script tag.
 */
export function scriptURL(url: string): string {
  const w = window as Window_;
  let shared = w[SHARED];
  if (!shared) {
    const made: Shared = { policy: null, allowed: [] };
    shared = made;
    Object.defineProperty(w, SHARED, { value: made });
    try {
      made.policy =
        w.trustedTypes?.createPolicy(POLICY, {
          createScriptURL(u) {
            if (!made.allowed.includes(u)) throw new TypeError(`[csat] ${POLICY} policy: refused ${u}`);
            return u;
          },
        }) ?? null;
    } catch {
      // The page's CSP does not allow our policy: the plain URL still passes when Trusted Types
      // are not required for scripts; when they are, the load fails and says so.
      warn(`Trusted Types: allow the policy with \`trusted-types ${POLICY}\` in the Content-Security-Policy.`);
    }
  }
  if (!shared.allowed.includes(url)) shared.allowed.push(url);
  // The DOM typings know no TrustedScriptURL; script.src takes one.
  return (shared.policy ? shared.policy.createScriptURL(url) : url) as string;
}

/** Thrown (before anything is fetched) when Trusted Types refuse the URL: no retry can change that. */
export class RefusedError extends Error {}

/**
 * Runs the script at `url`, checked against `integrity` (Subresource Integrity: a file that is not
 * the one built with ours does not run), with the page's `nonce` so a nonce-based CSP allows it as
 * it allowed ours. Resolves once it has run; rejects when it could not load (404, network,
 * integrity or CSP: the browser gives the same error event for all) or with {@link RefusedError}
 * when Trusted Types refused the URL. `data` gets copied as data-* attributes.
 */
export function loadScript(url: string, integrity: string, nonce: string, data?: Element): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    if (data)
      for (const { name, value } of Array.from(data.attributes))
        if (name.startsWith('data-')) s.setAttribute(name, value);
    s.integrity = integrity;
    s.crossOrigin = 'anonymous';
    if (nonce) s.nonce = nonce;
    s.onload = () => {
      s.remove();
      resolve();
    };
    s.onerror = () => {
      s.remove();
      reject(new Error(`failed to load ${url}`));
    };
    try {
      s.src = scriptURL(url);
    } catch (e) {
      reject(new RefusedError((e as Error).message));
      return;
    }
    (document.head ?? document.documentElement).append(s);
  });
}
