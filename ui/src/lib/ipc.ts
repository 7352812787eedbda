// Typed IPC wrapper: one function per Rust command, typed from the
// generated bindings. Components call `ipc()`; tests install a mock with
// `setIpc()` (see ipc-mock.ts), so no component needs Tauri to be tested.

import type {
  AppError,
  CsvEncoding,
  AppInfo,
  DemoInstall,
  ErrorCode,
  FieldError,
  OfficialForm,
  SavedTender,
  WalletImport,
  FrameFormat,
  Localized,
  Settings,
  TenderProgress,
  TenderRun,
  TenderRunRequest,
  VerifyOutcome,
  WalletEntry,
} from './bindings';
import type { BackupSummary, LogExport, MaintenanceInfo, TrustUpdateOutcome } from './bindings';
import type { RecordExport, RecordExportRequest, RecordSession } from './bindings';
import type { Command } from './bindings/commands';

/** Everything the UI can ask the Rust side. */
export interface Ipc {
  walletList(): Promise<WalletEntry[]>;
  walletGet(id: string): Promise<WalletEntry>;
  walletImportText(text: string): Promise<WalletEntry>;
  /** Imports a file: a BC1 certificate is added; a file without a BC1 code gives the official-format entry form. */
  walletImportFile(path: string): Promise<WalletImport>;
  /** Checks the official-format entry form; empty when it may be saved. */
  officialCheck(form: OfficialForm): Promise<FieldError[]>;
  /** Stores a confirmed official-format entry (with its file, when there is one). */
  officialAdd(path: string | null, form: OfficialForm): Promise<WalletEntry>;
  /** The stored fields of an official-format entry (ID number masked), to correct them. */
  officialForm(id: string): Promise<OfficialForm>;
  /** Corrects a stored official-format entry. */
  officialUpdate(id: string, form: OfficialForm): Promise<WalletEntry>;
  walletRemove(id: string): Promise<void>;
  /** Writes the reminders (.ics); returns the path written. */
  walletExportIcs(path: string | null): Promise<string>;
  trustImport(path: string): Promise<AppInfo>;
  trustPinRoot(hex: string, label: string, demo: boolean): Promise<AppInfo>;
  verifyText(text: string, checkDate: string | null): Promise<VerifyOutcome>;
  verifyFile(path: string, checkDate: string | null): Promise<VerifyOutcome>;
  /** Sends one camera frame; resolves to null when it holds no QR code. */
  verifyFrame(frame: FrameData, checkDate: string | null): Promise<VerifyOutcome | null>;
  /** Writes the inspection record (现场核查记录) PDF of the last check or of every check since the app started. */
  recordExport(request: RecordExportRequest): Promise<RecordExport>;
  /** How many checks the inspection record's session holds, since when, and a file to save it to. */
  recordSession(): Promise<RecordSession>;
  /** The registered specialties a tender role may require (from the bc1 crate). */
  tenderSpecialties(): Promise<string[]>;
  /** Runs a tender check; `onProgress` gets the `tender-progress` events of this run. */
  tenderRun(request: TenderRunRequest, onProgress: (p: TenderProgress) => void): Promise<TenderRun>;
  /** Stops the running tender check. */
  tenderCancel(): Promise<void>;
  /** Writes the check report of the result shown (.csv, .xlsx or .pdf); returns the path. */
  tenderExport(path: string, csvEncoding: CsvEncoding): Promise<string>;
  /** Saves the result shown in the wallet; returns its id. */
  tenderSave(): Promise<number>;
  /** The saved tenders, newest first. */
  tenderSaved(): Promise<SavedTender[]>;
  /** Reopens a saved tender. */
  tenderOpen(id: number): Promise<TenderRun>;
  /** Re-checks a saved tender with today's trust list (no files needed). */
  tenderRecheck(id: number): Promise<TenderRun>;
  /** Deletes a saved tender. */
  tenderDelete(id: number): Promise<void>;
  /** Installs the demo data (演示) into an empty wallet. */
  demoInstall(): Promise<DemoInstall>;
  /** Opens the real profile or the demo's (演示模式); answers the app facts of the profile now open. */
  profileSwitch(profile: 'real' | 'demo'): Promise<AppInfo>;
  /** Deletes the demo profile after opening the real one. */
  demoRemove(): Promise<AppInfo>;
  /** Opens an http(s) address in the browser (only ever on a click). */
  openWebUrl(url: string): Promise<void>;
  /** Asks for certificate files (several); empty when cancelled. */
  pickFiles(filterName: string): Promise<string[]>;
  /** Calls `onDrop` with the paths of files dropped on the window; returns a function that stops listening. */
  onFileDrop(onDrop: (paths: string[]) => void): Promise<() => void>;
  /** Asks for folders; empty when cancelled. */
  pickFolders(): Promise<string[]>;
  /** Asks where to save a report; null when cancelled. */
  pickReportPath(defaultName: string, filterNames: { csv: string; xlsx: string; pdf: string }): Promise<string | null>;
  settingsGet(): Promise<Settings>;
  settingsSet(settings: Settings): Promise<Settings>;
  appInfo(): Promise<AppInfo>;
  /** Tells Rust the first paint happened; returns ms since process start. */
  uiReady(): Promise<number>;
  /** Asks the user for an image or PDF; null when cancelled. */
  pickCertificateFile(filterName: string): Promise<string | null>;
  /** Settings upkeep: update address, issuer keys, log size, default file names. */
  maintenanceInfo(): Promise<MaintenanceInfo>;
  /** Sets the trust list update address (null clears it); fetches nothing. */
  trustUrlSet(url: string | null): Promise<MaintenanceInfo>;
  /** Fetches the trust list from the configured address and imports it (only on a click). */
  trustUpdate(): Promise<TrustUpdateOutcome>;
  /** Writes a wallet backup (.bcbackup). */
  backupCreate(path: string): Promise<BackupSummary>;
  /** Checks a backup and says what it holds; changes nothing. */
  backupInspect(path: string): Promise<BackupSummary>;
  /** Replaces the wallet with a checked backup. */
  backupRestore(path: string, acceptRoots?: string[]): Promise<BackupSummary>;
  /** Writes the verification log as CSV. */
  logExport(path: string): Promise<LogExport>;
  /** Deletes the verification log; resolves to the number of entries deleted. */
  logClear(): Promise<number>;
  /** Asks where to save a file; null when cancelled. */
  pickSavePath(filterName: string, extensions: string[], defaultPath: string | null): Promise<string | null>;
  /** Asks for one file to open; null when cancelled. */
  pickOpenPath(filterName: string, extensions: string[]): Promise<string | null>;
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
  'busy',
  'report',
  'demo',
  'trust_url_invalid',
  'trust_update_failed',
  'backup_refused',
];

/**
 * An AppError from Rust (`{code, message: {zh, en}}`) as a throwable. `text`
 * is the message in both languages (show `localized(e.text)`); Error's own
 * `message` is the English text, for logs.
 */
export class IpcError extends Error {
  readonly code: ErrorCode;
  readonly text: Localized;
  constructor(code: ErrorCode, text: Localized) {
    super(text.en);
    this.name = 'IpcError';
    this.code = code;
    this.text = { zh: text.zh, en: text.en };
  }

  /** The error as Rust sends it. */
  toAppError(): AppError {
    return { code: this.code, message: this.text };
  }
}

function isLocalized(m: unknown): m is Localized {
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof (m as { zh?: unknown }).zh === 'string' &&
    typeof (m as { en?: unknown }).en === 'string'
  );
}

/** Turns whatever a rejected invoke gives into an IpcError. */
export function toIpcError(e: unknown): IpcError {
  if (e instanceof IpcError) return e;
  if (typeof e === 'object' && e !== null && 'code' in e && 'message' in e) {
    const { code, message } = e as { code: unknown; message: unknown };
    if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code) && isLocalized(message)) {
      return new IpcError(code as ErrorCode, message);
    }
  }
  const text = e instanceof Error ? e.message : String(e);
  return new IpcError('internal', { zh: `程序内部错误：${text}`, en: `internal error: ${text}` });
}

const IMAGE_AND_PDF = ['pdf', 'png', 'jpg', 'jpeg', 'webp', 'bmp', 'tif', 'tiff', 'gif'];

/** The real implementation, through Tauri. Loaded lazily so tests never import Tauri. */
export function tauriIpc(): Ipc {
  const core = () => import('@tauri-apps/api/core');
  // Only the commands of src-tauri/src/commands/list.rs (bindings/commands.ts) type-check.
  async function call<T>(cmd: Command, args?: Record<string, unknown>): Promise<T> {
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
    officialCheck: (form) => call('official_check', { form }),
    officialAdd: (path, form) => call('official_add', { path, form }),
    officialForm: (id) => call('official_form', { id }),
    officialUpdate: (id, form) => call('official_update', { id, form }),
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
        return await invoke<VerifyOutcome | null>('verify_frame' satisfies Command, frame.data, { headers });
      } catch (e) {
        throw toIpcError(e);
      }
    },
    recordExport: (request) => call('record_export', { request }),
    recordSession: () => call('record_session'),
    tenderSpecialties: () => call('tender_specialties'),
    async tenderRun(request, onProgress) {
      const { listen } = await import('@tauri-apps/api/event');
      const unlisten = await listen<TenderProgress>('tender-progress', (e) => onProgress(e.payload));
      try {
        return await call<TenderRun>('tender_run', { request });
      } finally {
        unlisten();
      }
    },
    tenderCancel: () => call('tender_cancel'),
    tenderExport: (path, csvEncoding) => call('tender_export', { path, csvEncoding }),
    tenderSave: () => call('tender_save'),
    tenderSaved: () => call('tender_saved'),
    tenderOpen: (id) => call('tender_open', { id }),
    tenderRecheck: (id) => call('tender_recheck', { id }),
    tenderDelete: (id) => call('tender_delete', { id }),
    demoInstall: () => call('demo_install'),
    profileSwitch: (profile) => call('profile_switch', { profile }),
    demoRemove: () => call('demo_remove'),
    openWebUrl: (url) => call('open_web_url', { url }),
    async pickFiles(filterName) {
      const { open } = await import('@tauri-apps/plugin-dialog');
      const picked = await open({
        multiple: true,
        directory: false,
        filters: [{ name: filterName, extensions: [...IMAGE_AND_PDF, 'txt'] }],
      });
      if (Array.isArray(picked)) return picked;
      return typeof picked === 'string' ? [picked] : [];
    },
    async onFileDrop(onDrop) {
      const { getCurrentWebview } = await import('@tauri-apps/api/webview');
      return getCurrentWebview().onDragDropEvent((e) => {
        if (e.payload.type === 'drop' && e.payload.paths.length > 0) onDrop(e.payload.paths);
      });
    },
    async pickFolders() {
      const { open } = await import('@tauri-apps/plugin-dialog');
      const picked = await open({ multiple: true, directory: true });
      if (Array.isArray(picked)) return picked;
      return typeof picked === 'string' ? [picked] : [];
    },
    async pickReportPath(defaultName, names) {
      const { save } = await import('@tauri-apps/plugin-dialog');
      const picked = await save({
        defaultPath: defaultName,
        filters: [
          { name: names.xlsx, extensions: ['xlsx'] },
          { name: names.pdf, extensions: ['pdf'] },
          { name: names.csv, extensions: ['csv'] },
        ],
      });
      return typeof picked === 'string' ? picked : null;
    },
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
    maintenanceInfo: () => call('maintenance_info'),
    trustUrlSet: (url) => call('trust_url_set', { url }),
    trustUpdate: () => call('trust_update'),
    backupCreate: (path) => call('backup_create', { path }),
    backupInspect: (path) => call('backup_inspect', { path }),
    backupRestore: (path, acceptRoots) => call('backup_restore', { path, acceptRoots: acceptRoots ?? null }),
    logExport: (path) => call('log_export', { path }),
    logClear: () => call('log_clear'),
    async pickSavePath(filterName, extensions, defaultPath) {
      const { save } = await import('@tauri-apps/plugin-dialog');
      const picked = await save({ defaultPath: defaultPath ?? undefined, filters: [{ name: filterName, extensions }] });
      return typeof picked === 'string' ? picked : null;
    },
    async pickOpenPath(filterName, extensions) {
      const { open } = await import('@tauri-apps/plugin-dialog');
      const picked = await open({ multiple: false, directory: false, filters: [{ name: filterName, extensions }] });
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
