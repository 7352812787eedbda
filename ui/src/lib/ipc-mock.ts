// In-memory Ipc for vitest: behaves like the Rust side closely enough to
// test components without Tauri, and records every call.

import type { AppInfo, Settings, VerifyOutcome, WalletEntry } from './bindings';
import { IpcError, type Ipc } from './ipc';

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
      id_number: '1101**********001X',
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
    ...overrides,
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
    ...init,
  } as MockIpc;
  const rec = (name: keyof Ipc, args: unknown[]) => m.calls.push({ name, args });
  const answer = async () => {
    if (m.outcome instanceof IpcError) throw m.outcome;
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
      if (!e) throw new IpcError('not_found', `证书夹中没有该证书（${id}） / no such certificate in the wallet (${id})`);
      return e;
    },
    async walletImportText(text: string) {
      rec('walletImportText', [text]);
      throw new IpcError('engine_unavailable', '核验功能尚未接入本版本 / verification is not wired into this build yet');
    },
    async walletImportFile(path: string) {
      rec('walletImportFile', [path]);
      throw new IpcError('engine_unavailable', '核验功能尚未接入本版本 / verification is not wired into this build yet');
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
      if (!text.trim()) throw new IpcError('invalid_input', '请输入或扫描二维码内容 / enter or scan the QR text');
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
    async tenderCheck(request: unknown) {
      rec('tenderCheck', [request]);
      throw new IpcError('engine_unavailable', '核验功能尚未接入本版本 / verification is not wired into this build yet');
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
      return { version: '0.1.0', data_dir: '/tmp/buildcert-test', trust_list: null, placeholder_backend: false, roots: [], wallet_count: m.wallet.length };
    },
    async uiReady() {
      rec('uiReady', []);
      return 42;
    },
    async pickCertificateFile(filterName: string) {
      rec('pickCertificateFile', [filterName]);
      return m.pickedFile;
    },
  });
  return m;
}
