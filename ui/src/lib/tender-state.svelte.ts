// The tender check screen's form and last result, kept while the app runs
// so that switching screens does not lose a half-filled tender.

import type { Role, TenderRun } from './bindings';

export interface TenderFormState {
  name: string;
  bidDate: string;
  validUntil: string;
  company: string;
  uscc: string;
  roles: Role[];
  inputs: string[];
  chosen: string[];
  run: TenderRun | null;
}

function empty(): TenderFormState {
  return { name: '', bidDate: '', validUntil: '', company: '', uscc: '', roles: [], inputs: [], chosen: [], run: null };
}

export const tenderState = $state<TenderFormState>(empty());

/** Back to an empty form (tests; a new tender). */
export function resetTenderState(): void {
  Object.assign(tenderState, empty());
}
