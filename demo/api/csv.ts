// `GET /api/answers.csv`: the stored answers as a spreadsheet, written row by row as the store
// pages through them, so memory does not grow with the table.
import type { Answer } from '../../src/types';

/** Which answers to export. */
export interface CsvFilter {
  survey?: string;
  /** Only answers given at or after this time (the answer's `at`). */
  from?: number;
  /** Only answers given before this time. */
  to?: number;
}

export const CSV_COLUMNS = [
  'id',
  'at',
  'survey',
  'interaction',
  'scale',
  'score',
  'normalized',
  'satisfied',
  'comment',
  'locale',
  'page',
  'metadata',
] as const;

/**
 * One CSV cell. A text starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with
 * `'` so a spreadsheet shows it as text instead of running it as a formula (OWASP, "CSV
 * Injection": https://owasp.org/www-community/attacks/CSV_Injection); a cell with a quote, comma
 * or line break is quoted, quotes doubled (RFC 4180).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line of the file, CRLF-terminated as RFC 4180 says. */
export const csvRow = (cells: unknown[]) => cells.map(csvCell).join(',') + '\r\n';

/** The answer's fields in {@link CSV_COLUMNS} order. */
export function answerRow(a: Answer): string {
  return csvRow([
    a.id,
    a.at,
    a.survey,
    a.interaction,
    `${a.scale.type} ${a.scale.min}-${a.scale.max}`,
    a.score,
    a.normalized,
    a.satisfied,
    a.comment,
    a.locale,
    a.page,
    Object.keys(a.metadata ?? {}).length ? a.metadata : '',
  ]);
}

/**
 * A `from`/`to` query value as a time: `YYYY-MM-DD` (a UTC day; as `to`, the day is included) or
 * a full ISO time. `undefined` when absent, `NaN` when unreadable.
 */
export function parseBound(value: string | null, end: boolean): number | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d\d-\d\d$/.test(value)) return Date.parse(value) + (end ? 864e5 : 0);
  return /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : NaN;
}

/** True for an answer the filter keeps (events, which have `kind`, never). */
export function keep(item: Answer, filter: CsvFilter): boolean {
  if ('kind' in item) return false;
  const t = Date.parse(item.at);
  return (filter.from === undefined || t >= filter.from) && (filter.to === undefined || t < filter.to);
}
