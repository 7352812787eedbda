import { describe, expect, it } from 'vitest';
import { IpcError, toIpcError } from './ipc';

describe('toIpcError', () => {
  it('keeps the {code, message} that Rust sends', () => {
    const e = toIpcError({ code: 'not_found', message: '没有 / none' });
    expect(e).toBeInstanceOf(IpcError);
    expect(e.code).toBe('not_found');
    expect(e.message).toBe('没有 / none');
  });

  it('turns anything else into internal', () => {
    expect(toIpcError('boom').code).toBe('internal');
    expect(toIpcError({ code: 'weird', message: 'x' }).code).toBe('internal');
    expect(toIpcError(new Error('bad')).message).toContain('bad');
  });
});
