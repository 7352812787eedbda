// In-memory Ipc for vitest: behaves like the Rust side closely enough to
// test components without Tauri, and records every call.

import type {
  AppInfo,
  DemoInstall,
  FieldError,
  OfficialForm,
  SavedTender,
  WalletImport,
  Row,
  Settings,
  TenderProgress,
  TenderRun,
  TenderRunRequest,
  VerifyOutcome,
  WalletEntry,
} from './bindings';
import type { BackupSummary, MaintenanceInfo, TrustListInfo, TrustUpdateOutcome } from './bindings';
import type { RecordExport, RecordExportRequest, RecordSession } from './bindings';
import { IpcError, type Ipc } from './ipc';
import { SPECIALTY_EN } from './messages';

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
  /** What tender_run answers (progress is sent once per input first). */
  tenderAnswer: TenderRun | IpcError;
  /** When set, tender_run waits for this promise before answering (to test cancel and progress). */
  tenderGate: Promise<void> | null;
  /** Saved tenders (tender_save adds the last run's). */
  saved: SavedTender[];
  /** What tender_export answers. */
  exportResult: string | IpcError;
  /** What demo_install answers. */
  demoResult: DemoInstall | IpcError;
  /** App facts answered by appInfo (merged over the defaults). */
  info: Partial<AppInfo>;
  /** Settings upkeep facts (update address, issuer keys, log size). */
  maintenance: MaintenanceInfo;
  /** What the server at the update address answers: a list, or an error. */
  remoteTrust: TrustListInfo | IpcError;
  /** Backups written by backupCreate (path → summary); others are refused. */
  backups: Record<string, BackupSummary>;
  /** What the save / open dialogs return. */
  pickedSavePath: string | null;
  pickedOpenPath: string | null;
  /** What wallet_import_file answers. */
  importAnswer: WalletImport | IpcError;
  /** What official_check answers (then official_add adds `addedEntry`). */
  fieldErrors: FieldError[];
  addedEntry: WalletEntry | null;
  /** What official_form answers. */
  storedForm: OfficialForm;
  /** Simulates files dropped on the window (set once a screen listens). */
  drop: ((paths: string[]) => void) | null;
  /** Checks the inspection record's session holds (each verdict answered adds one). */
  sessionChecks: number;
  /** When set, record_export fails with it. */
  recordError: IpcError | null;
}

export const DEFAULT_MAINTENANCE: MaintenanceInfo = {
  trust_list_url: null,
  issuer_keys: [],
  log_entries: 0,
  backup_suggestion: '/home/test/Documents/buildcert-backup-2026-11-25.bcbackup',
  log_suggestion: '/home/test/Documents/buildcert-verification-log-2026-11-25.csv',
};

/** A sample trust list summary (demo). */
export function sampleTrustList(overrides: Partial<TrustListInfo> = {}): TrustListInfo {
  return {
    seq: 1,
    issued: '2026-11-01',
    next: '2026-12-31',
    stale: false,
    keys: 1,
    revoked: 1,
    cancelled: 0,
    age_days: 24,
    demo: true,
    root_kid: 'a1b2c3d4e5f60718',
    ...overrides,
  };
}

export const DEFAULT_SETTINGS: Settings = {
  language: 'zh-CN',
  mask_id_numbers: true,
  expiring_threshold_days: 30,
  verification_log: false,
};

/** A sample outcome (demo data, not a real certificate). */
export function sampleOutcome(overrides: Partial<VerifyOutcome> = {}): VerifyOutcome {
  return {
    verdict: 'warning',
    reasons: [
      {
        code: 'usage_expiring',
        severity: 'warning',
        message: {
          zh: '使用有效期即将届满：还剩 12 天，请重新下载电子证书',
          en: 'usage period ending soon: 12 days left; download a new e-certificate',
        },
      },
    ],
    certificate: {
      lid: 'DEMO-0001',
      reg: '京1112020202000001',
      name: '张三',
      sex: 'M',
      dob: '1980-05-01',
      id_number: '**************001X',
      id_number_masked: true,
      id_number_full: '110101198005010011',
      employer: '演示建设集团有限公司',
      uscc: '91110000MA00000000',
      issued: '2024-01-10',
      issuer: '中华人民共和国住房和城乡建设部',
      seal: '中华人民共和国住房和城乡建设部一级建造师行政许可专用章',
      specialties: [{ name: '建筑工程', validity: { from: '2023-01-01', to: '2026-12-31' } }],
      usage: { from: '2025-06-01', to: '2025-11-27' },
    },
    check_date: '2025-11-15',
    source: 'text',
    demo: true,
    facts: null,
    trust_list: null,
    other_codes: [],
    message: null,
    corners: [],
    other_code_details: [],
    official: null,
    typed_text_folded: false,
    ...overrides,
  };
}

/** A sample tender row (demo data, not a real person). */
export function sampleRow(overrides: Partial<Row> = {}): Row {
  return {
    no: 1,
    file: '/data/bid/zhang-san.pdf',
    position: 0,
    status: 'valid',
    name: '张三',
    registration: '京1112020202000001',
    id_masked: '**************001X',
    employer: '演示建设集团有限公司',
    employer_uscc: '91110000MA00000000',
    employer_match: true,
    specialties: [{ name: '建筑工程', from: '2023-01-01', to: '2027-12-31', valid_at_bid: true }],
    usage_from: '2026-06-01',
    usage_to: '2026-11-27',
    downloaded: 1780000000,
    lid: 'DEMO-0001',
    role: '项目经理',
    qualifies: ['项目经理'],
    demo: false,
    counted: true,
    superseded_by: null,
    reasons: [],
    other_codes: [],
    certificate_status: 'valid',
    document_reasons: [],
    ...overrides,
  } as Row;
}

/** A sample tender run: one role covered by row 1; row 2 expired; row 3 an official PDF (unverified). */
export function sampleTenderRun(request?: TenderRunRequest): TenderRun {
  const tender = request?.tender ?? {
    name: '演示项目',
    bid_date: '2026-09-01',
    valid_until: null,
    company: '演示建设集团有限公司',
    uscc: '91110000MA00000000',
    roles: [{ name: '项目经理', specialty: '建筑工程' }],
    inputs: ['/data/bid'],
  };
  const rows: Row[] = [
    sampleRow(),
    sampleRow({
      no: 2,
      file: '/data/bid/li-si.pdf',
      status: 'invalid',
      name: '李四',
      registration: '京1112020202000002',
      id_masked: '**************002X',
      usage_to: '2026-08-01',
      role: null,
      qualifies: [],
      counted: true,
      certificate_status: 'invalid',
      reasons: [{ code: 'usage_expired', severity: 'error', zh: '使用有效期已于 2026-08-01 届满，请重新下载', en: 'the usage period ended on 2026-08-01: download a new copy' }],
    }),
    sampleRow({
      no: 3,
      file: '/data/bid/official.pdf',
      status: 'unverified',
      name: null,
      registration: null,
      id_masked: null,
      employer: null,
      employer_uscc: null,
      employer_match: null,
      specialties: [],
      usage_from: null,
      usage_to: null,
      downloaded: null,
      lid: null,
      role: null,
      qualifies: [],
      counted: false,
      certificate_status: 'unverified',
      other_codes: ['https://zwfw.example.invalid/query?id=1'],
      reasons: [{ code: 'unverified_format', severity: 'warning', zh: '未验证（官方格式）：二维码不是 BC1 电子证书', en: 'Unverified (official format): the QR code is not a BC1 e-certificate' }],
    }),
  ];
  return {
    result: {
      tender: tender as TenderRun['result']['tender'],
      rows,
      roles: [
        {
          name: '项目经理',
          specialty: '建筑工程',
          covered: true,
          row: 1,
          person: '张三',
          registration: '京1112020202000001',
          status: 'valid',
          reasons: [],
          unverified_only: false,
        },
      ],
      issues: [],
      passed: true,
      checked_at: 1780000000,
      trust_seq: 1,
      trust_issued: 1779000000,
      app_version: '0.1.0',
      cancelled: false,
      counts: { files: 3, rows: 3, valid: 1, warning: 0, invalid: 1, error: 0, unverified: 1 },
      demo: false,
    },
    skipped: [],
    saved_id: null,
  };
}

export function createMockIpc(init: Partial<MockIpc> = {}): MockIpc {
  let frames = 0;
  const m: MockIpc = {
    calls: [],
    wallet: [],
    settings: { ...DEFAULT_SETTINGS },
    outcome: sampleOutcome(),
    frameHitAt: 1,
    pickedFile: null,
    pickedFiles: [],
    pickedFolders: [],
    pickedReportPath: null,
    tenderAnswer: sampleTenderRun(),
    tenderGate: null,
    exportResult: '',
    saved: [],
    demoResult: new IpcError('demo', { zh: '演示数据未配置', en: 'no demo data configured in the mock' }),
    info: {},
    maintenance: { ...DEFAULT_MAINTENANCE },
    remoteTrust: sampleTrustList({ seq: 2 }),
    backups: {},
    pickedSavePath: null,
    pickedOpenPath: null,
    sessionChecks: 0,
    recordError: null,
    ...init,
  } as MockIpc;
  const rec = (name: keyof Ipc, args: unknown[]) => m.calls.push({ name, args });
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
      if (!e) throw new IpcError('not_found', { zh: `证书夹中没有该证书（${id}）`, en: `no such certificate in the wallet (${id})` });
      return e;
    },
    async walletImportText(text: string) {
      rec('walletImportText', [text]);
      throw new IpcError('engine_unavailable', { zh: '核验功能尚未接入本版本', en: 'verification is not wired into this build yet' });
    },
    async walletImportFile(path: string) {
      rec('walletImportFile', [path]);
      if (m.importAnswer instanceof IpcError) throw m.importAnswer;
      if (m.importAnswer.entry) m.wallet = [...m.wallet, m.importAnswer.entry];
      return m.importAnswer;
    },
    async officialCheck(form: OfficialForm) {
      rec('officialCheck', [form]);
      return m.fieldErrors;
    },
    async officialAdd(path: string | null, form: OfficialForm) {
      rec('officialAdd', [path, form]);
      if (!m.addedEntry) throw new IpcError('invalid_input', { zh: '请更正后再保存', en: 'correct the form first' });
      m.wallet = [...m.wallet, m.addedEntry];
      return m.addedEntry;
    },
    async officialForm(id: string) {
      rec('officialForm', [id]);
      return m.storedForm;
    },
    async officialUpdate(id: string, form: OfficialForm) {
      rec('officialUpdate', [id, form]);
      if (!m.addedEntry) throw new IpcError('invalid_input', { zh: '请更正后再保存', en: 'correct the form first' });
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
      return path ?? '/tmp/buildcert-test/buildcert-reminders.ics';
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
      if (!text.trim()) throw new IpcError('invalid_input', { zh: '请输入或扫描二维码内容', en: 'enter or scan the QR text' });
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
      if (m.recordError) throw m.recordError;
      if (m.sessionChecks === 0) {
        throw new IpcError('invalid_input', {
          zh: '还没有核验任何证书：请先核验，再导出核查记录',
          en: 'nothing has been checked yet: check a certificate first, then export the record',
        });
      }
      const path = request.path.trim();
      if (!path.startsWith('/')) {
        throw new IpcError('invalid_input', { zh: `请给出要保存文件的完整路径：${path}`, en: `give the full path of the file to save: ${path}` });
      }
      return { path: path.endsWith('.pdf') ? path : `${path}.pdf`, checks: request.session ? m.sessionChecks : 1 };
    },
    async recordSession(): Promise<RecordSession> {
      rec('recordSession', []);
      return {
        checks: m.sessionChecks,
        started: '2026-10-01 09:00',
        suggestion: '/home/inspector/Documents/buildcert-inspection-record-2026-10-01-09-30.pdf',
      };
    },
    async tenderSpecialties() {
      rec('tenderSpecialties', []);
      return Object.keys(SPECIALTY_EN);
    },
    async tenderRun(request: TenderRunRequest, onProgress: (p: TenderProgress) => void) {
      rec('tenderRun', [request]);
      const total = request.tender.inputs.length + request.wallet_ids.length;
      request.tender.inputs.forEach((file, i) => onProgress({ done: i + 1, total, file }));
      if (m.tenderGate) await m.tenderGate;
      if (m.tenderAnswer instanceof IpcError) throw m.tenderAnswer;
      return m.tenderAnswer;
    },
    async tenderSave() {
      rec('tenderSave', []);
      if (m.tenderAnswer instanceof IpcError) throw m.tenderAnswer;
      const r = m.tenderAnswer.result;
      const id = m.saved.length + 1;
      m.saved = [
        { id, name: r.tender.name, bid_date: r.tender.bid_date, saved_at: 1780000000 + id, checked_at: r.checked_at, passed: r.passed, counts: r.counts },
        ...m.saved,
      ];
      return id;
    },
    async tenderSaved() {
      rec('tenderSaved', []);
      return m.saved;
    },
    async tenderOpen(id: number) {
      rec('tenderOpen', [id]);
      if (m.tenderAnswer instanceof IpcError) throw m.tenderAnswer;
      return { ...m.tenderAnswer, saved_id: id };
    },
    async tenderRecheck(id: number) {
      rec('tenderRecheck', [id]);
      if (m.tenderAnswer instanceof IpcError) throw m.tenderAnswer;
      return { ...m.tenderAnswer, saved_id: id };
    },
    async tenderDelete(id: number) {
      rec('tenderDelete', [id]);
      m.saved = m.saved.filter((x) => x.id !== id);
    },
    async tenderCancel() {
      rec('tenderCancel', []);
    },
    async tenderExport(path: string) {
      rec('tenderExport', [path]);
      if (m.exportResult instanceof IpcError) throw m.exportResult;
      return m.exportResult || path;
    },
    async demoInstall() {
      rec('demoInstall', []);
      if (m.demoResult instanceof IpcError) throw m.demoResult;
      m.info = { ...m.info, profile: 'demo', demo_installed: true };
      return m.demoResult;
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
      return {
        version: '0.1.0',
        data_dir: '/tmp/buildcert-test',
        trust_list: null,
        placeholder_backend: false,
        roots: [],
        wallet_count: m.wallet.length,
        demo_offer: m.wallet.length === 0,
        profile: 'real',
        demo_installed: false,
        ...m.info,
      };
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
      const u = url?.trim() || null;
      if (u && !/^(https:\/\/[^/\s@]+|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?)(\/\S*)?$/i.test(u)) {
        throw new IpcError('trust_url_invalid', { zh: `信任列表更新地址须以 https:// 开头（明文 http 仅允许本机地址）：${u}`, en: `The trust list address must start with https:// (plain http only for this computer): ${u}` });
      }
      m.maintenance = { ...m.maintenance, trust_list_url: u };
      return { ...m.maintenance };
    },
    async trustUpdate(): Promise<TrustUpdateOutcome> {
      rec('trustUpdate', []);
      const url = m.maintenance.trust_list_url;
      if (!url) throw new IpcError('trust_url_invalid', { zh: '尚未设置信任列表更新地址', en: 'No trust list address is set' });
      if (m.remoteTrust instanceof IpcError) throw m.remoteTrust;
      const before = m.info.trust_list ?? null;
      if (before && m.remoteTrust.seq < before.seq) {
        throw new IpcError('trust_list_refused', { zh: `信任列表版本回退（${m.remoteTrust.seq} < ${before.seq}），已拒绝`, en: `trust list rollback (${m.remoteTrust.seq} < ${before.seq}) refused` });
      }
      m.info = { ...m.info, trust_list: { ...m.remoteTrust } };
      return {
        url,
        previous_seq: before?.seq ?? null,
        seq: m.remoteTrust.seq,
        replaced: before?.seq !== m.remoteTrust.seq,
        newly_rejected: 0,
        info: await m.appInfo(),
        maintenance: { ...m.maintenance },
      };
    },
    async backupCreate(path: string) {
      rec('backupCreate', [path]);
      if (!path.startsWith('/')) throw new IpcError('invalid_input', { zh: `请给出要保存文件的完整路径：${path}`, en: `give the full path of the file to save: ${path}` });
      const p = path.endsWith('.bcbackup') ? path : `${path}.bcbackup`;
      const b: BackupSummary = { path: p, bytes: 65536, certificates: m.wallet.length, trust_lists: m.info.trust_list ? 1 : 0, schema_version: 3, new_roots: [], kept_newer_trust_seq: null };
      m.backups[p] = b;
      return b;
    },
    async backupInspect(path: string) {
      rec('backupInspect', [path]);
      const b = m.backups[path];
      if (!b) throw new IpcError('backup_refused', { zh: '备份文件无效（不是 BuildCert 证书夹备份），证书夹未作改动。', en: 'The backup file is not valid (not a BuildCert wallet backup); the wallet was not changed.' });
      return b;
    },
    async backupRestore(path: string, acceptRoots?: string[]) {
      rec('backupRestore', [path, acceptRoots ?? []]);
      const b = m.backups[path];
      if (!b) throw new IpcError('backup_refused', { zh: '备份文件无效，证书夹未作改动。', en: 'The backup file is not valid; the wallet was not changed.' });
      return b;
    },
    async logExport(path: string) {
      rec('logExport', [path]);
      return { path: path.endsWith('.csv') ? path : `${path}.csv`, entries: m.maintenance.log_entries };
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
