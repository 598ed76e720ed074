// JSON for what is stored and sent, written by hand: JSON.stringify calls any `toJSON` it finds,
// and a page may have put one on Array.prototype (Prototype.js returns a string there) or broken
// JSON.stringify itself; then the queue would be written as a string and every answer dropped.
// Only own enumerable properties are read, as an answer and a queue entry are plain data.
// @see docs/security.md#safety-on-a-hostile-page

/** Characters JSON must escape, plus lone surrogates; a well-formed pair matches first and stays. */
const ESCAPE = /[\ud800-\udbff][\udc00-\udfff]|[\u0000-\u001f"\\\ud800-\udfff]/g;

const quote = (s: string): string =>
  '"' +
  s.replace(ESCAPE, (c) =>
    c.length > 1 ? c : c === '"' || c === '\\' ? '\\' + c : '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
  ) +
  '"';

/** JSON text of plain data (null, booleans, finite numbers, strings, arrays, plain objects), as JSON.stringify would write it. */
export function toJson(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null || typeof v !== 'object') return 'null';
  const parts: string[] = [];
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) parts.push(toJson(v[i]));
    return '[' + parts.join(',') + ']';
  }
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined && typeof x !== 'function' && typeof x !== 'symbol') parts.push(quote(k) + ':' + toJson(x));
  }
  return '{' + parts.join(',') + '}';
}
