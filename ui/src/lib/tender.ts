// Presentation helpers of the tender check screen: sorting and filtering the
// rows the crate returned, turning its reasons into the UI's Reason shape.
// No rule is decided here: statuses, reasons and matches come from Rust.

import type { OutcomeStatus, Reason, Row, RowReason } from './bindings';
import { sortReasons } from './verdict';

/** Columns the rows table can be sorted by. */
export type SortKey = 'no' | 'name' | 'registration' | 'usage_to' | 'employer' | 'status';

/** Sort direction. */
export type SortDir = 'asc' | 'desc';

/** Status order for sorting: the ones that need attention first. */
const STATUS_RANK: Record<OutcomeStatus, number> = { invalid: 0, error: 1, unverified: 2, warning: 3, valid: 4 };

/** The statuses in filter order. */
export const STATUSES: readonly OutcomeStatus[] = ['valid', 'warning', 'invalid', 'error', 'unverified'];

function sortValue(r: Row, key: SortKey): string | number {
  switch (key) {
    case 'no':
      return r.no;
    case 'name':
      return r.name ?? '';
    case 'registration':
      return r.registration ?? '';
    case 'usage_to':
      return r.usage_to ?? '';
    case 'employer':
      return r.employer_match === true ? 0 : r.employer_match === false ? 1 : 2;
    case 'status':
      return STATUS_RANK[r.status];
  }
}

/** Rows sorted by a column (stable; ties keep file order). Empty values go last. */
export function sortRows(rows: readonly Row[], key: SortKey, dir: SortDir): Row[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const va = sortValue(a.r, key);
      const vb = sortValue(b.r, key);
      const ea = va === '';
      const eb = vb === '';
      if (ea !== eb) return ea ? 1 : -1;
      let c = 0;
      if (typeof va === 'number' && typeof vb === 'number') c = va - vb;
      else c = String(va).localeCompare(String(vb), 'zh-CN');
      return c * sign || a.i - b.i;
    })
    .map(({ r }) => r);
}

/** Rows with a status (`all`: every row). */
export function filterRows(rows: readonly Row[], status: OutcomeStatus | 'all'): Row[] {
  return status === 'all' ? [...rows] : rows.filter((r) => r.status === status);
}

/** A tender reason as the ReasonList component takes it (the same shape; its code as a string). */
export function toReason(r: RowReason): Reason {
  return { code: String(r.code), severity: r.severity, message: r.message };
}

/** The last part of a path (the file name), for a narrow table column. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** Whether a text is an http(s) address the user may open in the browser. */
export function isWebUrl(text: string): boolean {
  return /^https?:\/\/[^\s/@]+/i.test(text.trim());
}

/** A file name for the report: the tender's name and bid date, without characters file systems refuse. */
export function reportFileName(name: string, bidDate: string, ext: 'xlsx' | 'pdf' | 'csv'): string {
  const base = `${name.trim() || '投标核查'}-${bidDate}`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
  return `${base}.${ext}`;
}

/** A row's stable key in the table (a file with several certificates gives several rows). */
export function rowKey(r: Pick<Row, 'no' | 'position'>): string {
  return `${r.no}-${r.position}`;
}

/**
 * The reason a row's line shows (errors first, as the details list them)
 * and how many more the details hold. `null` when the row has none.
 */
export function firstReason(r: Pick<Row, 'reasons'>): { reason: Reason; more: number } | null {
  if (r.reasons.length === 0) return null;
  const sorted = sortReasons(r.reasons.map(toReason));
  return { reason: sorted[0], more: sorted.length - 1 };
}
