// Types for the script tag's global, `window.csat` (dist/csat-widget.iife.js and
// dist/csat-widget.loader.js give the same one). Types only: nothing here runs. A TypeScript page
// that loads the script tag brings them in with `/// <reference types="csat-widget/global" />`
// (or `import type {} from 'csat-widget/global'`); `import 'csat-widget/iife'` brings them too.
// @see README.md#script-tag
import type { Global } from './handoff';

/** `window.csat`: `ask`, `explain`, `record`, `forget`, `createCsat`, `flush`, `destroy` and `version` of the copy in charge. */
export type CsatGlobal = Global;

declare global {
  interface Window {
    /** The script tag's API; undefined until csat-widget.iife.js (or the loader) has run. */
    csat?: CsatGlobal;
  }
}
