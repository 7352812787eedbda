import { describe, expect, it } from 'vitest';
import { Task } from './task.svelte';
import { IpcError } from './ipc';

describe('Task', () => {
  it('is busy while the work runs and keeps the status the work sets', async () => {
    const task = new Task();
    task.status = 'old';
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const done = task.run(async () => {
      await gate;
      task.status = 'saved';
    });
    expect(task.busy).toBe(true);
    expect(task.status).toBe('');
    release();
    await done;
    expect(task.busy).toBe(false);
    expect(task.status).toBe('saved');
    expect(task.error).toBeNull();
  });

  it('turns a thrown value into an IpcError and clears it after the next success', async () => {
    const task = new Task();
    await task.run(async () => {
      throw { code: 'busy', message: { zh: '钱包正忙', en: 'The wallet is busy' } };
    });
    expect(task.busy).toBe(false);
    expect(task.error).toBeInstanceOf(IpcError);
    expect(task.error?.code).toBe('busy');
    await task.run(async () => {});
    expect(task.error).toBeNull();
  });
});
