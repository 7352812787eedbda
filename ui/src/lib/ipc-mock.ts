// In-memory Ipc for vitest. It replays what the real backend answered
// (bindings/fixtures.ts, recorded by src-tauri/src/fixtures.rs on a fixed
// clock over the demo set, kept up to date by `make check-bindings`) and
// records every call. It decides nothing itself: no verdict, status,
// grouping, path or address rule. A test that wants another answer sets
// the knob (an answer or an error, recorded ones from FIXTURES.ERRORS
// where the backend gives one).

import type {
  AppError,
  AppInfo,
  BackupSummary,
  CsvEncoding,
  DemoInstall,
  FieldError,
  LogExport,
  MaintenanceInfo,
  OfficialForm,
  OutcomeStatus,
  RecordExport,
  RecordExportRequest,
  RecordSession,
  Row,
  SavedTender,
  Settings,
  TenderProgress,
  TenderRun,
  TenderRunRequest,
  TrustListInfo,
  TrustUpdateOutcome,
  VerifyOutcome,
  WalletEntry,
  WalletImport,
} from './bindings';
import * as FIXTURES from './bindings/fixtures';
import { IpcError, type Ipc } from './ipc';

export { FIXTURES };

/** A recorded call: command name and arguments. */
export interface Call {
  name: keyof Ipc;
  args: unknown[];
}

/** The mock and its knobs. */
export interface MockIpc extends Ipc {
  calls: Call[];
  wallet: WalletEntry[];
  settings: Settings;
  /** What verify_text / verify_file / a matching frame answer. */
  outcome: VerifyOutcome | IpcError;
  /** verifyFrame answers `outcome` from this (1-based) frame on; null before. */
  frameHitAt: number;
  /** What the file picker returns. */
  pickedFile: string | null;
  /** What the multi-file / folder pickers return. */
  pickedFiles: string[];
  pickedFolders: string[];
  /** What the report save dialog returns. */
  pickedReportPath: string | null;
  /** What tender_run, tender_open and tender_recheck answer (progress is sent once per input first). */
  tenderAnswer: TenderRun | IpcError;
  /** When set, tender_run waits for this promise before answering (to test cancel and progress). */
  tenderGate: Promise<void> | null;
  /** Saved tenders (tender_save adds the recorded one). */
  saved: SavedTender[];
  /** What tender_export answers (the path given when empty). */
  exportResult: string | IpcError;
  /** What demo_install answers. */
  demoResult: DemoInstall | IpcError;
  /** App facts answered by appInfo (merged over the recorded empty profile's). */
  info: Partial<AppInfo>;
  /** Settings upkeep facts (update address, issuer keys, log size). */
  maintenance: MaintenanceInfo;
  /** When set, trust_url_set fails with it (else the address is kept). */
  trustUrlError: IpcError | null;
  /** What trust_update answers. */
  trustUpdateAnswer: TrustUpdateOutcome | IpcError;
  /** What backup_create answers; backup_inspect and backup_restore know only what it wrote. */
  backupAnswer: BackupSummary | IpcError;
  /** Backups written by backupCreate (path → summary); others are refused. */
  backups: Record<string, BackupSummary>;
  /** What log_export answers. */
  logAnswer: LogExport | IpcError;
  /** What the save / open dialogs return. */
  pickedSavePath: string | null;
  pickedOpenPath: string | null;
  /** What wallet_import_file answers (default: the entry form of an official-format PDF). */
  importAnswer: WalletImport | IpcError;
  /** What official_check answers (then official_add adds `addedEntry`; when null it refuses the form). */
  fieldErrors: FieldError[];
  addedEntry: WalletEntry | null;
  /** What official_form answers. */
  storedForm: OfficialForm;
  /** Simulates files dropped on the window (set once a screen listens). */
  drop: ((paths: string[]) => void) | null;
  /** Checks the inspection record's session holds (each verdict answered adds one). */
  sessionChecks: number;
  /** What record_export answers. */
  recordAnswer: RecordExport | IpcError;
}

/** A recorded AppError as the mock throws it. */
export function recordedError(key: keyof typeof FIXTURES.ERRORS): IpcError {
  const e: AppError = FIXTURES.ERRORS[key];
  return new IpcError(e.code, e.message);
}

/** A deep copy of recorded data, so a test may change it. */
function copy<T>(v: T): T {
  return structuredClone(v);
}

/** The recorded outcome of a verdict (default: warning, usage period ending soon), with overrides. */
export function recordedOutcome(verdict: OutcomeStatus = 'warning', overrides: Partial<VerifyOutcome> = {}): VerifyOutcome {
  return { ...copy(FIXTURES.VERIFY[verdict]), ...overrides };
}

/** A recorded wallet entry: the first with this verdict (default: valid). */
export function recordedEntry(verdict: OutcomeStatus = 'valid', overrides: Partial<WalletEntry> = {}): WalletEntry {
  const e = FIXTURES.WALLET.find((w) => w.verdict === verdict);
  if (!e) throw new Error(`no recorded wallet entry is ${verdict}`);
  return { ...copy(e), ...overrides };
}

/** The recorded trust list (demo set, no. 1), with overrides. */
export function recordedTrustList(overrides: Partial<TrustListInfo> = {}): TrustListInfo {
  return { ...copy(FIXTURES.APP_INFO_DEMO.trust_list!), ...overrides };
}

/** The recorded tender run: row 1 valid (covers the role), 2 expired, 3 official format, 4 a wallet entry of another company. */
export function recordedTenderRun(): TenderRun {
  return copy(FIXTURES.TENDER_RUN);
}

/** A recorded tender row (1-based `no`), with overrides. */
export function recordedRow(no = 1, overrides: Partial<Row> = {}): Row {
  return { ...copy(FIXTURES.TENDER_RUN.result.rows[no - 1]), ...overrides };
}

export function createMockIpc(init: Partial<MockIpc> = {}): MockIpc {
  let frames = 0;
  const m: MockIpc = {
    calls: [],
    wallet: [],
    settings: copy(FIXTURES.SETTINGS),
    outcome: recordedOutcome(),
    frameHitAt: 1,
    pickedFile: null,
    pickedFiles: [],
    pickedFolders: [],
    pickedReportPath: null,
    tenderAnswer: recordedTenderRun(),
    tenderGate: null,
    exportResult: '',
    saved: [],
    demoResult: new IpcError('demo', { zh: '演示数据未配置', en: 'no demo data configured in the mock' }),
    info: {},
    maintenance: copy(FIXTURES.MAINTENANCE),
    trustUrlError: null,
    trustUpdateAnswer: copy(FIXTURES.TRUST_UPDATE),
    backupAnswer: copy(FIXTURES.BACKUP),
    backups: {},
    logAnswer: copy(FIXTURES.LOG_EXPORT),
    pickedSavePath: null,
    pickedOpenPath: null,
    sessionChecks: 0,
    recordAnswer: copy(FIXTURES.RECORD_EXPORT),
    importAnswer: copy(FIXTURES.OFFICIAL_IMPORT),
    fieldErrors: [],
    addedEntry: copy(FIXTURES.OFFICIAL_ENTRY),
    storedForm: copy(FIXTURES.OFFICIAL_FORM),
    ...init,
  } as MockIpc;
  const rec = (name: keyof Ipc, args: unknown[]) => m.calls.push({ name, args });
  const give = async <T>(a: T | IpcError): Promise<T> => {
    if (a instanceof IpcError) throw a;
    return a;
  };
  const answer = async () => {
    if (m.outcome instanceof IpcError) throw m.outcome;
    m.sessionChecks += 1;
    return m.outcome;
  };
  Object.assign(m, {
    async walletList() {
      rec('walletList', []);
      return m.wallet;
    },
    async walletGet(id: string) {
      rec('walletGet', [id]);
      const e = m.wallet.find((w) => w.id === id);
      if (!e) throw recordedError('wallet_not_found');
      return e;
    },
    async walletImportText(text: string) {
      rec('walletImportText', [text]);
      const e = recordedEntry('warning');
      m.wallet = [...m.wallet, e];
      return e;
    },
    async walletImportFile(path: string) {
      rec('walletImportFile', [path]);
      const a = await give(m.importAnswer);
      if (a.entry) m.wallet = [...m.wallet, a.entry];
      return a;
    },
    async officialCheck(form: OfficialForm) {
      rec('officialCheck', [form]);
      return m.fieldErrors;
    },
    async officialAdd(path: string | null, form: OfficialForm) {
      rec('officialAdd', [path, form]);
      if (!m.addedEntry) throw recordedError('official_invalid');
      m.wallet = [...m.wallet, m.addedEntry];
      return m.addedEntry;
    },
    async officialForm(id: string) {
      rec('officialForm', [id]);
      return m.storedForm;
    },
    async officialUpdate(id: string, form: OfficialForm) {
      rec('officialUpdate', [id, form]);
      if (!m.addedEntry) throw recordedError('official_invalid');
      m.wallet = m.wallet.map((w) => (w.id === id ? m.addedEntry! : w));
      return m.addedEntry;
    },
    async onFileDrop(onDrop: (paths: string[]) => void) {
      rec('onFileDrop', []);
      m.drop = onDrop;
      return () => {
        m.drop = null;
      };
    },
    async walletExportIcs(path: string | null) {
      rec('walletExportIcs', [path]);
      return path ?? FIXTURES.WALLET_EXPORT_ICS;
    },
    async trustImport(path: string) {
      rec('trustImport', [path]);
      return m.appInfo();
    },
    async trustPinRoot(hex: string, label: string, demo: boolean) {
      rec('trustPinRoot', [hex, label, demo]);
      return m.appInfo();
    },
    async walletRemove(id: string) {
      rec('walletRemove', [id]);
      m.wallet = m.wallet.filter((w) => w.id !== id);
    },
    async verifyText(text: string, checkDate: string | null) {
      rec('verifyText', [text, checkDate]);
      return answer();
    },
    async verifyFile(path: string, checkDate: string | null) {
      rec('verifyFile', [path, checkDate]);
      return answer();
    },
    async verifyFrame(frame: unknown, checkDate: string | null) {
      rec('verifyFrame', [frame, checkDate]);
      frames += 1;
      if (frames < m.frameHitAt) return null;
      return answer();
    },
    async recordExport(request: RecordExportRequest): Promise<RecordExport> {
      rec('recordExport', [request]);
      return give(m.recordAnswer);
    },
    async recordSession(): Promise<RecordSession> {
      rec('recordSession', []);
      return { ...FIXTURES.RECORD_SESSION, checks: m.sessionChecks };
    },
    async tenderSpecialties() {
      rec('tenderSpecialties', []);
      return [...FIXTURES.TENDER_SPECIALTIES];
    },
    async tenderRun(request: TenderRunRequest, onProgress: (p: TenderProgress) => void) {
      rec('tenderRun', [request]);
      const total = request.tender.inputs.length + request.wallet_ids.length;
      request.tender.inputs.forEach((file, i) => onProgress({ done: i + 1, total, file }));
      if (m.tenderGate) await m.tenderGate;
      return give(m.tenderAnswer);
    },
    async tenderSave() {
      rec('tenderSave', []);
      await give(m.tenderAnswer);
      const id = m.saved.length + 1;
      m.saved = [{ ...copy(FIXTURES.TENDER_SAVED[0]), id }, ...m.saved];
      return id;
    },
    async tenderSaved() {
      rec('tenderSaved', []);
      return m.saved;
    },
    async tenderOpen(id: number) {
      rec('tenderOpen', [id]);
      return { ...(await give(m.tenderAnswer)), saved_id: id };
    },
    async tenderRecheck(id: number) {
      rec('tenderRecheck', [id]);
      return { ...(await give(m.tenderAnswer)), saved_id: id };
    },
    async tenderDelete(id: number) {
      rec('tenderDelete', [id]);
      m.saved = m.saved.filter((x) => x.id !== id);
    },
    async tenderCancel() {
      rec('tenderCancel', []);
    },
    async tenderExport(path: string, csvEncoding: CsvEncoding) {
      rec('tenderExport', [path, csvEncoding]);
      return (await give(m.exportResult)) || path;
    },
    async demoInstall() {
      rec('demoInstall', []);
      const r = await give(m.demoResult);
      m.info = { ...m.info, profile: 'demo', demo_installed: true };
      return r;
    },
    async profileSwitch(profile: 'real' | 'demo') {
      rec('profileSwitch', [profile]);
      m.info = { ...m.info, profile };
      return m.appInfo();
    },
    async demoRemove() {
      rec('demoRemove', []);
      m.info = { ...m.info, profile: 'real', demo_installed: false };
      return m.appInfo();
    },
    async openWebUrl(url: string) {
      rec('openWebUrl', [url]);
    },
    async pickFiles(filterName: string) {
      rec('pickFiles', [filterName]);
      return m.pickedFiles;
    },
    async pickFolders() {
      rec('pickFolders', []);
      return m.pickedFolders;
    },
    async pickReportPath(defaultName: string) {
      rec('pickReportPath', [defaultName]);
      return m.pickedReportPath;
    },
    async settingsGet() {
      rec('settingsGet', []);
      return { ...m.settings };
    },
    async settingsSet(s: Settings) {
      rec('settingsSet', [s]);
      m.settings = { ...s };
      return { ...s };
    },
    async appInfo(): Promise<AppInfo> {
      rec('appInfo', []);
      return { ...copy(FIXTURES.APP_INFO), ...m.info };
    },
    async uiReady() {
      rec('uiReady', []);
      return 42;
    },
    async pickCertificateFile(filterName: string) {
      rec('pickCertificateFile', [filterName]);
      return m.pickedFile;
    },
    async maintenanceInfo() {
      rec('maintenanceInfo', []);
      return { ...m.maintenance };
    },
    async trustUrlSet(url: string | null) {
      rec('trustUrlSet', [url]);
      if (m.trustUrlError) throw m.trustUrlError;
      m.maintenance = { ...m.maintenance, trust_list_url: url?.trim() || null };
      return { ...m.maintenance };
    },
    async trustUpdate(): Promise<TrustUpdateOutcome> {
      rec('trustUpdate', []);
      const a = await give(m.trustUpdateAnswer);
      m.info = { ...m.info, trust_list: a.info.trust_list };
      return a;
    },
    async backupCreate(path: string) {
      rec('backupCreate', [path]);
      const b = await give(m.backupAnswer);
      m.backups[b.path] = b;
      return b;
    },
    async backupInspect(path: string) {
      rec('backupInspect', [path]);
      const b = m.backups[path];
      if (!b) throw recordedError('backup_refused');
      return b;
    },
    async backupRestore(path: string, acceptRoots?: string[]) {
      rec('backupRestore', [path, acceptRoots ?? []]);
      const b = m.backups[path];
      if (!b) throw recordedError('backup_refused');
      return b;
    },
    async logExport(path: string) {
      rec('logExport', [path]);
      return give(m.logAnswer);
    },
    async logClear() {
      rec('logClear', []);
      const n = m.maintenance.log_entries;
      m.maintenance = { ...m.maintenance, log_entries: 0 };
      return n;
    },
    async pickSavePath(filterName: string, extensions: string[], defaultPath: string | null) {
      rec('pickSavePath', [filterName, extensions, defaultPath]);
      return m.pickedSavePath;
    },
    async pickOpenPath(filterName: string, extensions: string[]) {
      rec('pickOpenPath', [filterName, extensions]);
      return m.pickedOpenPath;
    },
  });
  return m;
}
