// One settings panel's action in progress: `busy` while it runs, then
// either an `error` or a `status` line to show. The three maintenance panels
// (trust list, backup, verification log) share it instead of each keeping
// its own copy of the same try/catch.

import { IpcError, toIpcError } from './ipc';

/** Busy flag, last error and last status line of a panel's actions. */
export class Task {
  /** True while an action runs; buttons are disabled meanwhile. */
  busy = $state(false);
  /** The last action's failure, or null after a success. */
  error = $state<IpcError | null>(null);
  /** A line saying what the last action did; empty until it says something. */
  status = $state('');

  /**
   * Runs `work`: clears the status first, marks the task busy until `work`
   * settles, and keeps whatever it throws as an `IpcError` (never rethrows).
   */
  async run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.status = '';
    try {
      await work();
      this.error = null;
    } catch (err) {
      this.error = toIpcError(err);
    } finally {
      this.busy = false;
    }
  }
}
