// Typed IPC wrapper: one function per Rust command, typed from the
// generated bindings. Components call `ipc()`; tests install a mock with
// `setIpc()` (see ipc-mock.ts), so no component needs Tauri to be tested.

import type {
  AppError,
  AppInfo,
  ErrorCode,
  FrameFormat,
  Settings,
  TenderReport,
  TenderRequest,
  VerifyOutcome,
  WalletEntry,
} from './bindings';

/** Everything the UI can ask the Rust side. */
export interface Ipc {
  walletList(): Promise<WalletEntry[]>;
  walletGet(id: string): Promise<WalletEntry>;
  walletImportText(text: string): Promise<WalletEntry>;
  walletImportFile(path: string): Promise<WalletEntry>;
  walletRemove(id: string): Promise<void>;
  /** Writes the reminders (.ics); returns the path written. */
  walletExportIcs(path: string | null): Promise<string>;
  trustImport(path: string): Promise<AppInfo>;
  trustPinRoot(hex: string, label: string, demo: boolean): Promise<AppInfo>;
  verifyText(text: string, checkDate: string | null): Promise<VerifyOutcome>;
  verifyFile(path: string, checkDate: string | null): Promise<VerifyOutcome>;
  /** Sends one camera frame; resolves to null when it holds no QR code. */
  verifyFrame(frame: FrameData, checkDate: string | null): Promise<VerifyOutcome | null>;
  tenderCheck(request: TenderRequest): Promise<TenderReport>;
  settingsGet(): Promise<Settings>;
  settingsSet(settings: Settings): Promise<Settings>;
  appInfo(): Promise<AppInfo>;
  /** Tells Rust the first paint happened; returns ms since process start. */
  uiReady(): Promise<number>;
  /** Asks the user for an image or PDF; null when cancelled. */
  pickCertificateFile(filterName: string): Promise<string | null>;
}

/** One camera frame, row by row without padding. */
export interface FrameData {
  width: number;
  height: number;
  format: FrameFormat;
  data: Uint8Array;
}

const ERROR_CODES: readonly ErrorCode[] = [
  'invalid_input',
  'not_found',
  'io',
  'data_dir',
  'engine_unavailable',
  'internal',
  'no_trust_list',
  'trust_list_refused',
  'certificate_refused',
  'wallet',
];

/** An AppError from Rust as a throwable. */
export class IpcError extends Error implements AppError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'IpcError';
    this.code = code;
  }
}

/** Turns whatever a rejected invoke gives into an IpcError. */
export function toIpcError(e: unknown): IpcError {
  if (e instanceof IpcError) return e;
  if (typeof e === 'object' && e !== null && 'code' in e && 'message' in e) {
    const { code, message } = e as { code: unknown; message: unknown };
    if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)) {
      return new IpcError(code as ErrorCode, String(message));
    }
  }
  const text = e instanceof Error ? e.message : String(e);
  return new IpcError('internal', `程序内部错误：${text} / internal error: ${text}`);
}

const IMAGE_AND_PDF = ['pdf', 'png', 'jpg', 'jpeg', 'webp', 'bmp', 'tif', 'tiff', 'gif'];

/** The real implementation, through Tauri. Loaded lazily so tests never import Tauri. */
export function tauriIpc(): Ipc {
  const core = () => import('@tauri-apps/api/core');
  async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
    const { invoke } = await core();
    try {
      return await invoke<T>(cmd, args);
    } catch (e) {
      throw toIpcError(e);
    }
  }
  return {
    walletList: () => call('wallet_list'),
    walletGet: (id) => call('wallet_get', { id }),
    walletImportText: (text) => call('wallet_import_text', { text }),
    walletImportFile: (path) => call('wallet_import_file', { path }),
    walletRemove: (id) => call('wallet_remove', { id }),
    walletExportIcs: (path) => call('wallet_export_ics', { path }),
    trustImport: (path) => call('trust_import', { path }),
    trustPinRoot: (hex, label, demo) => call('trust_pin_root', { hex, label, demo }),
    verifyText: (text, checkDate) => call('verify_text', { request: { text, check_date: checkDate } }),
    verifyFile: (path, checkDate) => call('verify_file', { request: { path, check_date: checkDate } }),
    async verifyFrame(frame, checkDate) {
      const { invoke } = await core();
      const headers: Record<string, string> = {
        'x-frame-width': String(frame.width),
        'x-frame-height': String(frame.height),
        'x-frame-format': frame.format,
      };
      if (checkDate) headers['x-check-date'] = checkDate;
      try {
        return await invoke<VerifyOutcome | null>('verify_frame', frame.data, { headers });
      } catch (e) {
        throw toIpcError(e);
      }
    },
    tenderCheck: (request) => call('tender_check', { request }),
    settingsGet: () => call('settings_get'),
    settingsSet: (settings) => call('settings_set', { settings }),
    appInfo: () => call('app_info'),
    uiReady: () => call('ui_ready'),
    async pickCertificateFile(filterName) {
      const { open } = await import('@tauri-apps/plugin-dialog');
      const picked = await open({
        multiple: false,
        directory: false,
        filters: [{ name: filterName, extensions: IMAGE_AND_PDF }],
      });
      return typeof picked === 'string' ? picked : null;
    },
  };
}

let current: Ipc | null = null;

/** The IPC in use (Tauri unless a test installed a mock). */
export function ipc(): Ipc {
  if (!current) current = tauriIpc();
  return current;
}

/** Installs another implementation (tests). */
export function setIpc(impl: Ipc): void {
  current = impl;
}
