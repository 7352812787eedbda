// The command list is written once, in src-tauri/src/commands/list.rs
// (bindings/commands.ts here): the real IPC calls exactly those commands,
// and the test mock answers exactly what the real IPC offers.
import { describe, expect, it, vi } from 'vitest';
import { COMMANDS } from './bindings/commands';
import { tauriIpc } from './ipc';
import { createMockIpc } from './ipc-mock';

const { invoke } = vi.hoisted(() => ({ invoke: vi.fn(async (..._args: unknown[]) => null) }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));
vi.mock('@tauri-apps/api/event', () => ({ listen: async () => () => {} }));
vi.mock('@tauri-apps/api/webview', () => ({ getCurrentWebview: () => ({ onDragDropEvent: async () => () => {} }) }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: async () => null, save: async () => null }));

/** One argument that serves every method: a frame, the report filter names, text. */
const ARG = { width: 1, height: 1, format: 'luma', data: new Uint8Array(1), csv: 'c', xlsx: 'x', pdf: 'p', tender: { inputs: [] } };

describe('the command list', () => {
  it('the real IPC invokes every registered command, and no other', async () => {
    const real = tauriIpc() as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    for (const f of Object.values(real)) await f(ARG, ARG, ARG);
    const invoked = [...new Set(invoke.mock.calls.map((c) => c[0] as string))].sort();
    expect(invoked).toEqual([...COMMANDS].sort());
  });

  it('the test mock offers exactly the methods of the real IPC', () => {
    const mock = createMockIpc() as unknown as Record<string, unknown>;
    const methods = Object.keys(mock).filter((k) => typeof mock[k] === 'function');
    expect(methods.sort()).toEqual(Object.keys(tauriIpc()).sort());
  });
});
