// How each verdict looks: colour class, symbol and words (terms.md,
// "Verdicts"). Colour is never the only signal.

import type { OutcomeStatus, Reason, Severity } from './bindings';
import type { MessageKey } from './messages';

/** Presentation of one verdict. */
export interface VerdictLook {
  /** CSS modifier class (`verdict-valid` …). */
  className: string;
  /** Symbol shown next to the words. */
  symbol: string;
  /** Message key of the words. */
  label: MessageKey;
}

export const VERDICT_LOOK: Record<OutcomeStatus, VerdictLook> = {
  valid: { className: 'verdict-valid', symbol: '✓', label: 'verdict.valid' },
  warning: { className: 'verdict-warning', symbol: '!', label: 'verdict.warning' },
  invalid: { className: 'verdict-invalid', symbol: '✕', label: 'verdict.invalid' },
  error: { className: 'verdict-error', symbol: '?', label: 'verdict.error' },
  unverified: { className: 'verdict-unverified', symbol: 'i', label: 'verdict.unverified' },
};

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Reasons sorted errors first, then warnings, then notes (stable). */
export function sortReasons(reasons: readonly Reason[]): Reason[] {
  return reasons
    .map((r, i) => ({ r, i }))
    .sort((a, b) => SEVERITY_ORDER[a.r.severity] - SEVERITY_ORDER[b.r.severity] || a.i - b.i)
    .map(({ r }) => r);
}
