// The settings screen's trust list, log, backup and data folder parts,
// against the typed IPC mock.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ipc, setIpc } from '../../lib/ipc';
import { FIXTURES, createMockIpc, recordedError, recordedTrustList, type MockIpc } from '../../lib/ipc-mock';
import { setLang } from '../../lib/i18n.svelte';
import Settings from '../../screens/Settings.svelte';
import { formatSize } from './format';

const mock = () => ipc() as MockIpc;

/** The demo set's issuer key and trust list as the backend described them. */
const KEY = FIXTURES.MAINTENANCE_DEMO.issuer_keys[0];
const TRUST = FIXTURES.APP_INFO_DEMO.trust_list!;

function withTrust(overrides: Partial<MockIpc> = {}) {
  setIpc(
    createMockIpc({
      info: {
        trust_list: recordedTrustList(),
        roots: structuredClone(FIXTURES.APP_INFO_DEMO.roots),
      },
      ...overrides,
    }),
  );
  mock().maintenance = { ...mock().maintenance, issuer_keys: [KEY, { ...KEY, kid: '8899aabbccddeeff', revoked: '2026-06-01' }] };
}

describe('Settings: trust list', () => {
  it('shows number, dates, age, revocations, keys and the DEMO label', async () => {
    withTrust();
    render(Settings);
    const panel = await screen.findByTestId('trust-panel');
    const text = within(panel).getByTestId('trust-info').textContent ?? '';
    expect(text).toContain(`第 ${TRUST.seq} 版`);
    expect(text).toContain(`${TRUST.issued}（1 天前）`);
    expect(text).toContain(TRUST.next);
    expect(text).toContain(`撤销电子证书 ${TRUST.revoked} 本 · 注销注册 ${TRUST.cancelled} 个`);
    expect(text).toContain(`${TRUST.root_kid} · 演示根密钥`);
    expect(text).not.toContain('demo root');
    expect(within(panel).getByTestId('trust-demo').textContent).toContain('演示');
    expect(within(panel).getByTestId('trust-demo-notice').textContent).toContain('仅供演示');
    expect(within(panel).queryByTestId('trust-stale')).toBeNull();
    const rows = within(screen.getByTestId('issuer-keys')).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1].textContent).toContain(KEY.kid);
    expect(rows[1].textContent).toContain(`${KEY.valid_from} – ${KEY.valid_to}`);
    expect(rows[1].textContent).toContain('有效');
    expect(rows[2].textContent).toContain('已于 2026-06-01 撤销');
  });

  it('warns when the list is stale and has no DEMO label for a real root', async () => {
    withTrust({ info: { trust_list: recordedTrustList({ stale: true, demo: false, next: '2026-10-01', age_days: 90 }) } });
    render(Settings);
    const stale = await screen.findByTestId('trust-stale');
    expect(stale.textContent).toContain('2026-10-01');
    expect(screen.queryByTestId('trust-demo')).toBeNull();
    expect(screen.getByTestId('trust-info').textContent).toContain('90 天前');
  });

  it('says the age as today, 1 day or n days', async () => {
    withTrust({ info: { trust_list: recordedTrustList({ age_days: 0, issued: '2026-11-25' }) } });
    const first = render(Settings);
    expect((await screen.findByTestId('trust-info')).textContent).toContain('2026-11-25（今天）');
    first.unmount();
    withTrust({ info: { trust_list: recordedTrustList({ age_days: 2 }) } });
    setLang('en');
    render(Settings);
    expect((await screen.findByTestId('trust-info')).textContent).toContain('(2 days ago)');
    setLang('zh-CN');
  });

  it('saves the address, then updates on click and shows the new number', async () => {
    withTrust();
    render(Settings);
    const field = (await screen.findByLabelText('更新地址（https://）')) as HTMLInputElement;
    expect(mock().calls.some((c) => c.name === 'trustUpdate')).toBe(false);
    await userEvent.type(field, 'https://trust.example.org/trust.bctl');
    await fireEvent.click(screen.getByRole('button', { name: '立即更新' }));
    await waitFor(() => expect(screen.getByTestId('trust-status').textContent).toContain('已更新：第 1 版 → 第 2 版'));
    expect(mock().maintenance.trust_list_url).toBe('https://trust.example.org/trust.bctl');
    expect(screen.getByTestId('trust-seq').textContent).toContain('第 2 版');
    const names = mock().calls.map((c) => c.name);
    expect(names.indexOf('trustUrlSet')).toBeLessThan(names.indexOf('trustUpdate'));
  });

  it('never updates by itself: opening the screen calls no update', async () => {
    withTrust({ maintenance: { ...createMockIpc().maintenance, trust_list_url: 'https://trust.example.org/t.bctl' } });
    render(Settings);
    const field = (await screen.findByTestId('trust-url')) as HTMLInputElement;
    await waitFor(() => expect(field.value).toBe('https://trust.example.org/t.bctl'));
    expect(mock().calls.some((c) => c.name === 'trustUpdate')).toBe(false);
  });

  it('shows a refused address and an offline server as errors with what to do', async () => {
    withTrust();
    render(Settings);
    const field = (await screen.findByTestId('trust-url')) as HTMLInputElement;
    // What the backend answers for a plain-http address elsewhere than this computer.
    mock().trustUrlError = recordedError('trust_url_http');
    await userEvent.type(field, 'http://trust.example.org/t.bctl');
    await fireEvent.click(screen.getByTestId('trust-url-save'));
    let err = await screen.findByTestId('error');
    expect(err.dataset.code).toBe('trust_url_invalid');
    expect(err.textContent).toContain('更新地址无效');
    expect(err.textContent).toContain('https://');

    mock().trustUrlError = null;
    mock().trustUpdateAnswer = recordedError('trust_update_failed');
    await userEvent.clear(field);
    await userEvent.type(field, 'https://trust.example.org/t.bctl');
    await fireEvent.click(screen.getByTestId('trust-update'));
    await waitFor(() => expect(screen.getByTestId('error').dataset.code).toBe('trust_update_failed'));
    err = screen.getByTestId('error');
    expect(err.textContent).toContain('无法下载信任列表');
    expect(err.textContent).toContain('从文件手动导入');
    expect(screen.getByTestId('trust-seq').textContent).toContain('第 1 版');
  });

  it('shows a refused rollback and keeps the list in use', async () => {
    withTrust({ info: { trust_list: recordedTrustList({ seq: 5 }) } });
    mock().maintenance = { ...mock().maintenance, trust_list_url: 'https://trust.example.org/t.bctl' };
    mock().trustUpdateAnswer = recordedError('trust_rollback');
    render(Settings);
    await fireEvent.click(await screen.findByTestId('trust-update'));
    await waitFor(() => expect(screen.getByTestId('error').dataset.code).toBe('trust_list_refused'));
    expect(screen.getByTestId('trust-seq').textContent).toContain('第 5 版');
  });

  it('chooses a trust list file through the open dialog', async () => {
    withTrust({ pickedOpenPath: '/home/test/trust-2.bctl' });
    render(Settings);
    await fireEvent.click(await screen.findByTestId('trust-path-pick'));
    await waitFor(() => expect((screen.getByTestId('trust-path') as HTMLInputElement).value).toBe('/home/test/trust-2.bctl'));
    expect(mock().calls.find((c) => c.name === 'pickOpenPath')?.args[1]).toEqual(['bctl']);
    await fireEvent.click(screen.getByTestId('trust-import'));
    await waitFor(() => expect(mock().calls.find((c) => c.name === 'trustImport')?.args).toEqual(['/home/test/trust-2.bctl']));
    await screen.findByTestId('trust-imported');
  });
});

describe('Settings: backup and restore', () => {
  it('creates a backup at the suggested path, then restores it after a confirmation', async () => {
    setIpc(createMockIpc({ backupAnswer: { ...FIXTURES.BACKUP, path: FIXTURES.MAINTENANCE.backup_suggestion } }));
    render(Settings);
    const path = (await screen.findByLabelText('备份文件（.bcbackup）')) as HTMLInputElement;
    await waitFor(() => expect(path.value).toBe(mock().maintenance.backup_suggestion));
    await fireEvent.click(screen.getByRole('button', { name: '创建备份' }));
    const status = await screen.findByTestId('backup-status');
    // The backend's answer for a backup of the demo wallet, here at the suggested path.
    const b = FIXTURES.BACKUP;
    expect(mock().calls.find((c) => c.name === 'backupCreate')?.args).toEqual([FIXTURES.MAINTENANCE.backup_suggestion]);
    expect(status.textContent).toContain(`已备份到 ${FIXTURES.MAINTENANCE.backup_suggestion}：${b.certificates} 本证书`);
    expect(status.textContent).toContain(formatSize(b.bytes));

    const restore = screen.getByLabelText('要恢复的备份文件') as HTMLInputElement;
    await userEvent.type(restore, mock().maintenance.backup_suggestion);
    await fireEvent.click(screen.getByRole('button', { name: '恢复…' }));
    const confirm = await screen.findByTestId('restore-confirm');
    expect(confirm.textContent).toContain('无法撤销');
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    expect(mock().calls.some((c) => c.name === 'backupRestore')).toBe(false);
    await fireEvent.click(within(confirm).getByRole('button', { name: '确认恢复' }));
    await waitFor(() => expect(screen.getByTestId('backup-status').textContent).toContain(`已从备份恢复：${b.certificates} 本证书`));
    expect(screen.queryByTestId('restore-confirm')).toBeNull();
  });

  it('cancelling the confirmation restores nothing', async () => {
    render(Settings);
    await fireEvent.click(await screen.findByTestId('backup-create'));
    await screen.findByTestId('backup-status');
    await userEvent.type(screen.getByTestId('restore-path'), FIXTURES.BACKUP.path);
    await fireEvent.click(screen.getByTestId('restore-check'));
    await fireEvent.keyDown(await screen.findByTestId('restore-confirm'), { key: 'Escape' });
    expect(screen.queryByTestId('restore-confirm')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('restore-path'));
    await fireEvent.click(screen.getByTestId('restore-check'));
    await fireEvent.click(await screen.findByRole('button', { name: '取消' }));
    expect(screen.queryByTestId('restore-confirm')).toBeNull();
    expect(mock().calls.some((c) => c.name === 'backupRestore')).toBe(false);
  });

  it('a file that is not a backup is refused with a message, before any confirmation', async () => {
    render(Settings);
    await userEvent.type(await screen.findByTestId('restore-path'), '/home/test/notes.txt');
    await fireEvent.click(screen.getByTestId('restore-check'));
    const err = await screen.findByTestId('error');
    expect(err.dataset.code).toBe('backup_refused');
    expect(err.textContent).toContain('备份文件未被接受');
    expect(screen.queryByTestId('restore-confirm')).toBeNull();
  });

  it('chooses where to save through the save dialog', async () => {
    setIpc(createMockIpc({ pickedSavePath: '/media/usb/wallet.bcbackup' }));
    render(Settings);
    await fireEvent.click(await screen.findByTestId('backup-path-pick'));
    await waitFor(() => expect((screen.getByTestId('backup-path') as HTMLInputElement).value).toBe('/media/usb/wallet.bcbackup'));
    const call = mock().calls.find((c) => c.name === 'pickSavePath');
    expect(call?.args.slice(1)).toEqual([['bcbackup'], mock().maintenance.backup_suggestion]);
  });
});

describe('Settings: verification log and data folder', () => {
  it('shows the count, exports CSV and clears only after a confirmation', async () => {
    // The demo profile after the recorded checks, with the log on.
    setIpc(createMockIpc({ maintenance: structuredClone(FIXTURES.MAINTENANCE_DEMO) }));
    const n = FIXTURES.MAINTENANCE_DEMO.log_entries;
    expect(FIXTURES.LOG_EXPORT.entries).toBe(n);
    render(Settings);
    expect((await screen.findByTestId('log-count')).textContent).toContain(`共 ${n} 条记录`);
    await fireEvent.click(screen.getByRole('button', { name: '导出 CSV' }));
    expect((await screen.findByTestId('log-status')).textContent).toContain(`已导出 ${n} 条记录`);
    await fireEvent.click(screen.getByRole('button', { name: '清空核验记录…' }));
    expect(mock().calls.some((c) => c.name === 'logClear')).toBe(false);
    const confirm = screen.getByTestId('log-clear-confirm');
    expect(confirm.textContent).toContain(`${n} 条`);
    await fireEvent.click(within(confirm).getByRole('button', { name: '确认清空' }));
    await waitFor(() => expect(screen.getByTestId('log-count').textContent).toContain('共 0 条记录'));
    expect(screen.getByTestId('log-status').textContent).toContain(`已删除 ${n} 条`);
    expect((screen.getByTestId('log-clear') as HTMLButtonElement).disabled).toBe(true);
  });

  it('says whether the log is on, as saved', async () => {
    render(Settings);
    const panel = await screen.findByTestId('log-panel');
    expect(panel.textContent).toContain('记录已关闭');
    await fireEvent.click(screen.getByTestId('settings-log'));
    await fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(panel.textContent).toContain('记录已开启'));
  });

  it('shows the data folder and copies it', async () => {
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (s: string) => void written.push(s) },
    });
    render(Settings);
    const field = (await screen.findByLabelText('数据目录')) as HTMLInputElement;
    expect(field.value).toBe(FIXTURES.APP_INFO.data_dir);
    expect(field.readOnly).toBe(true);
    await fireEvent.click(screen.getByRole('button', { name: '复制 数据目录' }));
    await waitFor(() => expect(written).toEqual([FIXTURES.APP_INFO.data_dir]));
    expect(screen.getByTestId('data-dir-status').textContent).toBe('已复制');
  });

  it('without a clipboard it selects the path and says to press Ctrl+C', async () => {
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });
    render(Settings);
    await fireEvent.click(await screen.findByTestId('data-dir-copy'));
    expect(screen.getByTestId('data-dir-status').textContent).toContain('Ctrl+C');
    expect(document.activeElement).toBe(screen.getByTestId('data-dir'));
  });
});

describe('Settings in English', () => {
  it('labels every part in English', async () => {
    withTrust();
    setLang('en');
    render(Settings);
    expect(await screen.findByLabelText('Update address (https://)')).toBeTruthy();
    expect(screen.getByLabelText('Backup file (.bcbackup)')).toBeTruthy();
    expect(screen.getByLabelText('Backup file to restore')).toBeTruthy();
    expect(screen.getByLabelText('Export file (.csv)')).toBeTruthy();
    expect(screen.getByLabelText('Data folder')).toBeTruthy();
    expect(screen.getByTestId('trust-info').textContent).toContain('revoked e-certificates: 1');
    expect(screen.getByTestId('trust-info').textContent).toContain('(1 day ago)');
    expect(screen.getByTestId('issuer-keys').textContent).toContain('Issuer keys (2)');
    expect(screen.getByTestId('roots').textContent).toContain('demo root');
    expect(screen.getByTestId('roots').textContent).not.toContain('演示根密钥');
    setLang('zh-CN');
  });

  it('every input and button in the screen has an accessible name', async () => {
    withTrust();
    render(Settings);
    await screen.findByTestId('backup-panel');
    for (const el of document.querySelectorAll('input, select, button')) {
      const id = el.getAttribute('id');
      const labelled =
        (id && document.querySelector(`label[for="${id}"]`)) ||
        el.closest('label') ||
        el.getAttribute('aria-label') ||
        (el.tagName === 'BUTTON' && el.textContent?.trim());
      expect(labelled, el.outerHTML).toBeTruthy();
    }
  });
});

describe('formatSize', () => {
  it('picks B, KB or MB', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(65536)).toBe('64 KB');
    expect(formatSize(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });
});
