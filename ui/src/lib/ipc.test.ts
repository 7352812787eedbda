import { describe, expect, it } from 'vitest';
import { IpcError, toIpcError } from './ipc';

describe('toIpcError', () => {
  it('keeps the {code, message: {zh, en}} that Rust sends', () => {
    const e = toIpcError({ code: 'not_found', message: { zh: '没有', en: 'none' } });
    expect(e).toBeInstanceOf(IpcError);
    expect(e.code).toBe('not_found');
    expect(e.text).toEqual({ zh: '没有', en: 'none' });
    expect(e.message).toBe('none');
    expect(e.toAppError()).toEqual({ code: 'not_found', message: { zh: '没有', en: 'none' } });
  });

  it('turns anything else into internal, in both languages', () => {
    expect(toIpcError('boom').code).toBe('internal');
    expect(toIpcError({ code: 'weird', message: { zh: '甲', en: 'x' } }).code).toBe('internal');
    // The old one-string shape is not an AppError any more.
    expect(toIpcError({ code: 'not_found', message: '没有 / none' }).code).toBe('internal');
    const e = toIpcError(new Error('bad'));
    expect(e.text.en).toBe('internal error: bad');
    expect(e.text.zh).toBe('程序内部错误：bad');
  });
});
