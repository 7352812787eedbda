import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setLang } from './lib/i18n.svelte';
import { IpcError, ipc, setIpc } from './lib/ipc';
import { FIXTURES, createMockIpc, recordedEntry, recordedError, recordedRow, recordedTenderRun, type MockIpc } from './lib/ipc-mock';
import { baseName, filterRows, firstReason, isWebUrl, reportFileName, rowKey, sortRows } from './lib/tender';
import Tender from './screens/Tender.svelte';

const mock = () => ipc() as MockIpc;
/** The recorded run's rows: 1 valid (covers the role), 2 usage period over, 3 official format, 4 a wallet entry of another company. */
const [ROW1, ROW2] = FIXTURES.TENDER_RUN.result.rows;

/** Fills the form: bid date, USCC, one role, one path. */
async function fill(opts: { role?: boolean; path?: string } = {}) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('投标项目名称'), '演示项目');
  await fireEvent.input(screen.getByLabelText('投标截止日 / 开标日'), { target: { value: '2026-09-01' } });
  await user.type(screen.getByLabelText('投标单位统一社会信用代码'), '91110000MA00000000');
  if (opts.role !== false) {
    await fireEvent.click(screen.getByTestId('role-add'));
    await user.type(screen.getByLabelText('岗位名称 1'), '项目经理');
    // The specialties come from the bc1 crate through IPC.
    await waitFor(() => expect(screen.getAllByRole('option', { name: '建筑工程' }).length).toBeGreaterThan(0));
    await user.selectOptions(screen.getByLabelText('所需注册专业 1'), '建筑工程');
  }
  if (opts.path !== undefined) {
    await user.type(screen.getByLabelText('文件或文件夹的完整路径'), opts.path);
    await fireEvent.click(screen.getByTestId('tender-path-add'));
  }
  return user;
}

describe('tender helpers', () => {
  const rows = [
    recordedRow(1, { no: 1, name: '王五', status: 'valid', usage_to: '2026-12-01' }),
    recordedRow(1, { no: 2, name: '李四', status: 'invalid', usage_to: '2026-08-01' }),
    recordedRow(1, { no: 3, name: null, status: 'error', usage_to: null }),
  ];

  it('sorts by a column both ways, empty values last, ties in file order', () => {
    expect(sortRows(rows, 'usage_to', 'asc').map((r) => r.no)).toEqual([2, 1, 3]);
    expect(sortRows(rows, 'usage_to', 'desc').map((r) => r.no)).toEqual([1, 2, 3]);
    expect(sortRows(rows, 'status', 'asc').map((r) => r.no)).toEqual([2, 3, 1]);
    expect(sortRows(rows, 'no', 'desc').map((r) => r.no)).toEqual([3, 2, 1]);
  });

  it('filters by status', () => {
    expect(filterRows(rows, 'all')).toHaveLength(3);
    expect(filterRows(rows, 'invalid').map((r) => r.no)).toEqual([2]);
    expect(filterRows(rows, 'unverified')).toEqual([]);
  });

  it('names files, web addresses and report files', () => {
    expect(baseName('/a/b/张三.pdf')).toBe('张三.pdf');
    expect(baseName('C:\\bid\\x.png')).toBe('x.png');
    expect(isWebUrl('https://zwfw.example.invalid/q?id=1')).toBe(true);
    expect(isWebUrl('BC1:ABC')).toBe(false);
    expect(isWebUrl('file:///etc/passwd')).toBe(false);
    expect(reportFileName('项目/一', '2026-09-01', 'pdf')).toBe('项目_一-2026-09-01.pdf');
    expect(reportFileName('', '2026-09-01', 'xlsx')).toBe('投标核查-2026-09-01.xlsx');
  });

  it('picks the first reason a line shows (errors first) and counts the rest', () => {
    const warn = { code: 'usage_expiring', severity: 'warning', message: { zh: '即将届满', en: 'ends soon' } } as const;
    const err = { code: 'employer_mismatch', severity: 'error', message: { zh: '聘用企业不一致', en: 'other employer' } } as const;
    expect(firstReason(recordedRow(1, { reasons: [] }))).toBeNull();
    const fr = firstReason(recordedRow(1, { reasons: [warn, err] }));
    expect(fr?.reason.code).toBe('employer_mismatch');
    expect(fr?.reason.message.zh).toBe('聘用企业不一致');
    expect(fr?.more).toBe(1);
    expect(rowKey(recordedRow(1, { no: 4, position: 1 }))).toBe('4-1');
  });
});

describe('Tender screen', () => {
  it('labels every control and takes the specialties from IPC', async () => {
    render(Tender);
    await waitFor(() => expect(mock().calls.some((c) => c.name === 'tenderSpecialties')).toBe(true));
    await fireEvent.click(screen.getByTestId('role-add'));
    for (const el of document.querySelectorAll('input, select, textarea')) {
      const id = el.getAttribute('id');
      const labelled = (id && document.querySelector(`label[for="${id}"]`)) || el.closest('label') || el.getAttribute('aria-label');
      expect(labelled, el.outerHTML).toBeTruthy();
    }
    for (const b of document.querySelectorAll('button')) expect(b.textContent?.trim(), b.outerHTML).toBeTruthy();
    const options = [...(screen.getByLabelText('所需注册专业 1') as HTMLSelectElement).options].map((o) => o.value).filter(Boolean);
    expect(options).toHaveLength(10);
  });

  it('asks for something to check before running', async () => {
    render(Tender);
    await fill();
    await fireEvent.submit(screen.getByTestId('tender-form'));
    expect(screen.getByTestId('tender-form-error').textContent).toContain('请添加要核查的文件');
    expect(mock().calls.some((c) => c.name === 'tenderRun')).toBe(false);
  });

  it('refuses a role without a specialty', async () => {
    render(Tender);
    await fill({ role: false, path: '/data/bid' });
    await fireEvent.click(screen.getByTestId('role-add'));
    await fireEvent.submit(screen.getByTestId('tender-form'));
    expect(screen.getByTestId('tender-form-error').textContent).toContain('每个岗位');
  });

  it('marks a result under a demo root 演示 in the banner and on each row it rests on', async () => {
    const run = structuredClone(FIXTURES.TENDER_RUN_DEMO);
    setIpc(createMockIpc({ tenderAnswer: run }));
    render(Tender);
    await fill({ path: '/data/bid' });
    await fireEvent.submit(screen.getByTestId('tender-form'));
    const outcome = await screen.findByTestId('tender-outcome');
    expect(screen.getByTestId('tender-demo').textContent).toBe('演示');
    expect(outcome.textContent).toContain('不能用于真实投标');
    expect(outcome.textContent).not.toContain('通过');
    expect(outcome.classList.contains('verdict-valid')).toBe(false);
    // The live region says what the banner says, never a plain 通过.
    const live = screen.getByTestId('tender-announce');
    await waitFor(() => expect(live.textContent).toContain('演示：各岗位均有演示证书（不是核查结果）'));
    expect(live.textContent).not.toContain('通过');
    const rows = screen.getAllByTestId('tender-row');
    expect(rows.filter((r) => r.textContent?.includes('演示')).length).toBe(run.result.rows.filter((r) => r.demo).length);
  });

  it('runs with the form as a Tender, shows progress while running, then per-role and per-row results', async () => {
    let open!: () => void;
    setIpc(createMockIpc({ tenderGate: new Promise<void>((r) => (open = r)) }));
    render(Tender);
    await fill({ path: '/data/bid' });
    await fireEvent.submit(screen.getByTestId('tender-form'));
    // Running: the progress bar reflects the events, and cancel is offered.
    const bar = (await screen.findByLabelText('核查进度')) as HTMLProgressElement;
    await waitFor(() => expect(bar.value).toBe(1));
    expect(bar.max).toBe(1);
    expect(screen.getByTestId('tender-progress').textContent).toContain('已核查 1 / 1 个文件');
    await fireEvent.click(screen.getByTestId('tender-cancel'));
    expect(mock().calls.some((c) => c.name === 'tenderCancel')).toBe(true);
    open();
    const outcome = await screen.findByTestId('tender-outcome');
    expect(outcome.dataset.outcome).toBe('passed');
    expect(outcome.textContent).toContain('✓');
    expect(outcome.textContent).toContain('通过');
    const req = mock().calls.find((c) => c.name === 'tenderRun')?.args[0];
    expect(req).toEqual({
      tender: {
        name: '演示项目',
        bid_date: '2026-09-01',
        valid_until: null,
        company: null,
        uscc: '91110000MA00000000',
        roles: [{ name: '项目经理', specialty: '建筑工程' }],
        inputs: ['/data/bid'],
      },
      wallet_ids: [],
    });
    const role = screen.getByTestId('tender-role-result');
    expect(role.dataset.covered).toBe('true');
    expect(role.textContent).toContain('已满足');
    const rows = screen.getAllByTestId('tender-row');
    expect(rows.map((r) => r.dataset.status)).toEqual(['valid', 'invalid', 'unverified', 'invalid']);
    // Verdict in words and symbol, not colour alone; the ID masked as the crate gives it.
    expect(rows[1].textContent).toContain('✕');
    expect(rows[1].textContent).toContain('无效');
    expect(rows[1].textContent).toContain(`使用有效期已于 ${ROW2.usage_to} 届满`);
    await fireEvent.click(within(rows[0]).getByTestId('row-toggle'));
    expect(screen.getByTestId('row-id').textContent).toBe(ROW1.id_masked);
    await fireEvent.click(within(rows[0]).getByTestId('row-toggle'));
    expect(rows[2].textContent).toContain('未验证');
    // The line leaves the note to the details, opened in place.
    const note = '可在签发机关的网上查询页面核对';
    expect(rows[2].textContent).not.toContain(note);
    await fireEvent.click(within(rows[2]).getByTestId('row-toggle'));
    expect(screen.getByTestId('tender-row-details').textContent).toContain(note);
  });

  it('sorts by a column header and filters by status', async () => {
    render(Tender);
    await fill({ path: '/data/bid' });
    await fireEvent.submit(screen.getByTestId('tender-form'));
    await screen.findByTestId('tender-rows');
    await fireEvent.click(screen.getByTestId('sort-status'));
    let nos = screen.getAllByTestId('tender-row').map((r) => r.dataset.no);
    expect(nos).toEqual(['2', '4', '3', '1']);
    expect(screen.getByTestId('sort-status').closest('th')?.getAttribute('aria-sort')).toBe('ascending');
    await fireEvent.click(screen.getByTestId('sort-status'));
    nos = screen.getAllByTestId('tender-row').map((r) => r.dataset.no);
    expect(nos).toEqual(['1', '3', '2', '4']);
    expect(screen.getByTestId('sort-status').closest('th')?.getAttribute('aria-sort')).toBe('descending');
    await userEvent.selectOptions(screen.getByLabelText('按结论筛选'), 'unverified');
    expect(screen.getAllByTestId('tender-row').map((r) => r.dataset.status)).toEqual(['unverified']);
    await userEvent.selectOptions(screen.getByLabelText('按结论筛选'), 'warning');
    expect(screen.queryAllByTestId('tender-row')).toHaveLength(0);
    expect(screen.getByText('没有符合筛选条件的证书。')).toBeTruthy();
  });

  it('says when the tender fails and why, per role', async () => {
    const run = recordedTenderRun();
    run.result.passed = false;
    run.result.roles[0] = {
      ...run.result.roles[0],
      covered: false,
      row: null,
      person: null,
      registration: null,
      status: 'invalid',
      reasons: [{ code: 'role_uncovered', severity: 'error', message: { zh: '岗位无人符合：没有有效的建筑工程证书', en: 'Role not covered: no valid 建筑工程 certificate' } }],
    };
    setIpc(createMockIpc({ tenderAnswer: run }));
    render(Tender);
    await fill({ path: '/data/bid' });
    await fireEvent.submit(screen.getByTestId('tender-form'));
    const outcome = await screen.findByTestId('tender-outcome');
    expect(outcome.dataset.outcome).toBe('failed');
    expect(outcome.textContent).toContain('未通过');
    const role = screen.getByTestId('tender-role-result');
    expect(role.textContent).toContain('未满足');
    expect(within(role).getByText('岗位无人符合')).toBeTruthy();
  });

  it('shows an error from Rust in words', async () => {
    setIpc(createMockIpc({ tenderAnswer: recordedError('tender_bad_uscc') }));
    render(Tender);
    await fill({ path: '/data/bid' });
    await fireEvent.submit(screen.getByTestId('tender-form'));
    const err = await screen.findByTestId('error');
    expect(err.dataset.code).toBe('invalid_input');
    expect(err.textContent).toContain('投标单位统一社会信用代码“1”无效');
  });

  it('adds files and folders from the pickers, and wallet entries', async () => {
    const e = recordedEntry('valid');
    setIpc(
      createMockIpc({
        pickedFiles: ['/a/1.pdf', '/a/2.png'],
        pickedFolders: ['/bid'],
        wallet: [e],
      }),
    );
    render(Tender);
    await fill({ role: false });
    await fireEvent.click(screen.getByTestId('add-files'));
    await fireEvent.click(screen.getByTestId('add-folder'));
    await waitFor(() => expect(screen.getByTestId('tender-inputs').textContent).toContain('/bid'));
    await fireEvent.click(await screen.findByRole('checkbox', { name: new RegExp(e.certificate.name) }));
    await fireEvent.submit(screen.getByTestId('tender-form'));
    await screen.findByTestId('tender-outcome');
    const req = mock().calls.find((c) => c.name === 'tenderRun')?.args[0] as { tender: { inputs: string[] }; wallet_ids: string[] };
    expect(req.tender.inputs).toEqual(['/a/1.pdf', '/a/2.png', '/bid']);
    expect(req.wallet_ids).toEqual([e.id]);
  });

  it('exports the report through the save dialog and by path', async () => {
    setIpc(createMockIpc({ pickedReportPath: '/tmp/报告.xlsx' }));
    render(Tender);
    await fill({ path: '/data/bid' });
    await fireEvent.submit(screen.getByTestId('tender-form'));
    await fireEvent.click(await screen.findByTestId('tender-export'));
    await waitFor(() => expect(screen.getByTestId('tender-exported').textContent).toContain('/tmp/报告.xlsx'));
    // The file is named after the tender the backend answered.
    expect(mock().calls.find((c) => c.name === 'pickReportPath')?.args[0]).toBe(`演示项目-${FIXTURES.TENDER_RUN.result.tender.bid_date}.xlsx`);
    await userEvent.type(screen.getByLabelText('报告保存路径（.xlsx、.pdf 或 .csv）'), '/tmp/r.pdf');
    await fireEvent.click(screen.getByTestId('tender-export-path-submit'));
    await waitFor(() => expect(mock().calls.filter((c) => c.name === 'tenderExport').map((c) => c.args[0])).toEqual(['/tmp/报告.xlsx', '/tmp/r.pdf']));
    // A CSV for an older system: the encoding chosen goes with the export (UTF-8 until then).
    await userEvent.selectOptions(screen.getByLabelText('CSV 编码'), 'gb18030');
    await userEvent.clear(screen.getByLabelText('报告保存路径（.xlsx、.pdf 或 .csv）'));
    await userEvent.type(screen.getByLabelText('报告保存路径（.xlsx、.pdf 或 .csv）'), '/tmp/r.csv');
    await fireEvent.click(screen.getByTestId('tender-export-path-submit'));
    await waitFor(() =>
      expect(mock().calls.filter((c) => c.name === 'tenderExport').map((c) => c.args)).toEqual([
        ['/tmp/报告.xlsx', 'utf8'],
        ['/tmp/r.pdf', 'utf8'],
        ['/tmp/r.csv', 'gb18030'],
      ]),
    );
  });

  it('shows a report error in words', async () => {
    setIpc(createMockIpc({ exportResult: new IpcError('report', { zh: '找不到可用的中文字体', en: 'no Chinese font found' }) }));
    render(Tender);
    await fill({ path: '/data/bid' });
    await fireEvent.submit(screen.getByTestId('tender-form'));
    await screen.findByTestId('tender-rows');
    await userEvent.type(screen.getByLabelText('报告保存路径（.xlsx、.pdf 或 .csv）'), '/tmp/r.pdf');
    await fireEvent.click(screen.getByTestId('tender-export-path-submit'));
    const err = await screen.findByTestId('error');
    expect(err.dataset.code).toBe('report');
    expect(err.textContent).toContain('无法生成核查报告');
  });

  it('opens a non-BC1 web address only when clicked', async () => {
    render(Tender);
    await fill({ path: '/data/bid' });
    await fireEvent.submit(screen.getByTestId('tender-form'));
    await screen.findByTestId('tender-rows');
    expect(mock().calls.some((c) => c.name === 'openWebUrl')).toBe(false);
    await fireEvent.click(screen.getByRole('button', { name: /^3 .*详情$/ }));
    expect(mock().calls.some((c) => c.name === 'openWebUrl')).toBe(false);
    await fireEvent.click(screen.getByRole('button', { name: '在浏览器中打开' }));
    expect(mock().calls.find((c) => c.name === 'openWebUrl')?.args).toEqual(['https://zwfw.example.invalid/query?id=1']);
  });

  it('speaks English when switched', async () => {
    setLang('en');
    render(Tender);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Tender check');
    expect(screen.getByLabelText('Bid date')).toBeTruthy();
    setLang('zh-CN');
  });
});

describe('Tender screen: saved tenders', () => {
  it('saves a check, lists it, re-checks and deletes it', async () => {
    render(Tender);
    await fill({ path: '/data/bid' });
    await fireEvent.submit(screen.getByTestId('tender-form'));
    await fireEvent.click(await screen.findByTestId('tender-save'));
    const item = await screen.findByTestId('tender-saved-item');
    expect(item.textContent).toContain('演示项目');
    expect(item.textContent).toContain('通过');
    expect(screen.queryByTestId('tender-save')).toBeNull();
    await fireEvent.click(screen.getByTestId('tender-recheck'));
    await waitFor(() => expect(mock().calls.find((c) => c.name === 'tenderRecheck')?.args).toEqual([1]));
    expect((await screen.findByTestId('tender-saved-note')).textContent).toContain('重新核查');
    await fireEvent.click(screen.getByRole('button', { name: '删除 演示项目' }));
    await waitFor(() => expect(screen.queryByTestId('tender-saved')).toBeNull());
  });

  it('reopens a saved tender listed at start', async () => {
    const run = recordedTenderRun();
    setIpc(createMockIpc({ saved: [{ id: 7, name: '旧项目', bid_date: '2026-05-01', saved_at: 1, checked_at: 1779000000, passed: false, counts: run.result.counts }] }));
    render(Tender);
    const item = await screen.findByTestId('tender-saved-item');
    expect(item.textContent).toContain('未通过');
    await fireEvent.click(screen.getByRole('button', { name: '打开 旧项目' }));
    await screen.findByTestId('tender-result');
    expect(mock().calls.find((c) => c.name === 'tenderOpen')?.args).toEqual([7]);
  });
});

describe('Tender screen state', () => {
  it('keeps the form and the result when the user switches screens', async () => {
    const { default: App } = await import('./App.svelte');
    render(App, { initial: 'tender' });
    await fill({ path: '/data/bid' });
    await fireEvent.submit(screen.getByTestId('tender-form'));
    await screen.findByTestId('tender-result');
    await fireEvent.click(screen.getByTestId('nav-wallet'));
    expect(screen.queryByTestId('tender-form')).toBeNull();
    await fireEvent.click(screen.getByTestId('nav-tender'));
    expect((screen.getByLabelText('投标项目名称') as HTMLInputElement).value).toBe('演示项目');
    expect(screen.getByTestId('tender-inputs').textContent).toContain('/data/bid');
    expect(screen.getByTestId('tender-result')).toBeTruthy();
    // The whole App: about 3 s alone, more on a loaded machine.
  }, 20000);
});

describe('Tender screen: an official-format certificate on a role', () => {
  it('says the role is not covered because the certificate is unverified, never green', async () => {
    const run = recordedTenderRun();
    run.result.passed = false;
    run.result.roles[0] = { ...run.result.roles[0], covered: false, unverified_only: true, status: 'unverified' };
    setIpc(createMockIpc({ tenderAnswer: run }));
    render(Tender);
    await fill({ path: '/data/bid' });
    await fireEvent.submit(screen.getByTestId('tender-form'));
    const role = await screen.findByTestId('tender-role-result');
    expect(role.dataset.unverifiedOnly).toBe('true');
    expect(role.textContent).toContain('仅有未验证（官方格式）证书');
    expect(role.querySelector('.verdict-valid')).toBeNull();
  });
});

describe('Tender screen: announcements', () => {
  it('announces the outcome and counts once, not the whole table', async () => {
    render(Tender);
    await fill({ path: '/data/bid' });
    await fireEvent.submit(screen.getByTestId('tender-form'));
    await screen.findByTestId('tender-result');
    const live = screen.getByTestId('tender-announce');
    expect(live.getAttribute('aria-live')).toBe('polite');
    await waitFor(() => expect(live.textContent).toContain('通过'));
    expect(live.textContent).toContain(`无效 ${FIXTURES.TENDER_RUN.result.counts.invalid}`);
    expect(live.textContent).not.toContain(ROW1.name!);
  });
});

describe('Tender screen: the rows table', () => {
  /** A run whose row 2 has three reasons and works for another company. */
  function busyRun() {
    const run = recordedTenderRun();
    run.result.rows[1] = {
      ...run.result.rows[1],
      employer: '另一建设有限公司',
      employer_uscc: '91110000MA00000099',
      employer_match: false,
      specialties: [
        { name: '市政公用工程', from: '2023-01-01', to: '2026-06-30', valid_at_bid: false },
        { name: '建筑工程', from: '2023-01-01', to: '2027-12-31', valid_at_bid: true },
      ],
      reasons: [
        { code: 'usage_expiring', severity: 'warning', message: { zh: '使用有效期将于 2026-08-01 届满', en: 'the usage period ends on 2026-08-01' } },
        { code: 'usage_expired', severity: 'error', message: { zh: '使用有效期已于 2026-08-01 届满，请重新下载', en: 'the usage period ended on 2026-08-01: download a new copy' } },
        { code: 'employer_mismatch', severity: 'error', message: { zh: '聘用企业与投标单位不一致', en: 'employed by another company' } },
      ],
    };
    return run;
  }

  async function showResult(run = busyRun()) {
    setIpc(createMockIpc({ tenderAnswer: run }));
    render(Tender);
    await fill({ path: '/data/bid' });
    await fireEvent.submit(screen.getByTestId('tender-form'));
    await screen.findByTestId('tender-rows');
    // After a run the result's heading takes focus (it is below the form).
    await waitFor(() => expect(document.activeElement?.id).toBe('tender-result-title'));
    return screen.getAllByTestId('tender-row');
  }

  it('shows one line per certificate: status in symbol and words, name, registration, usage end, first reason', async () => {
    const rows = await showResult();
    const cells = [...rows[1].querySelectorAll('td')].map((c) => c.textContent?.replace(/\s+/g, ' ').trim());
    expect(cells).toHaveLength(6);
    expect(cells[1]).toBe('✕ 无效');
    expect(rows[1].querySelector('.pill')?.classList.contains('verdict-invalid')).toBe(true);
    expect(cells[2]).toBe(ROW2.name);
    expect(cells[3]).toBe(ROW2.registration);
    expect(cells[4]).toBe(ROW2.usage_to);
    // The first error, then how many more; the file, employer and specialties wait in the details.
    expect(cells[5]).toContain('使用有效期已于 2026-08-01 届满');
    expect(cells[5]).toContain('另 2 条');
    expect(rows[1].textContent).not.toContain('另一建设有限公司');
    expect(rows[1].textContent).not.toContain('市政公用工程');
    expect(rows[1].textContent).not.toContain('03-usage-expired.txt');
    // The role this person is matched to stays on the line, after the name.
    expect(rows[0].querySelector('.c-name')?.textContent).toContain('项目经理');
    expect(screen.getByTestId('tender-shown').textContent).toBe('显示 4 / 4 本');
  });

  it('opens the details in place with a real button that says whether it is open, by keyboard too', async () => {
    const rows = await showResult();
    const toggle = within(rows[1]).getByTestId('row-toggle');
    expect(toggle.tagName).toBe('BUTTON');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByTestId('tender-row-details')).toBeNull();
    const user = userEvent.setup();
    toggle.focus();
    expect(document.activeElement).toBe(toggle);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(toggle.getAttribute('aria-expanded')).toBe('true'));
    const details = screen.getByTestId('tender-row-details');
    expect(toggle.getAttribute('aria-controls')).toBe(details.id);
    // Right under its line.
    expect(rows[1].nextElementSibling).toBe(details);
    expect(within(details).getByTestId('row-file').textContent).toBe(ROW2.file);
    expect(within(details).getByTestId('row-id').textContent).toBe(ROW2.id_masked);
    expect(within(details).getByTestId('row-employer').textContent).toContain('另一建设有限公司');
    expect(within(details).getByTestId('row-employer').textContent).toContain('与投标单位不一致');
    expect(within(details).getByTestId('row-specialties').textContent).toContain('市政公用工程');
    expect(within(details).getByTestId('row-specialties').textContent).toContain('投标日无效');
    expect(details.querySelectorAll('.reason')).toHaveLength(3);
    expect(document.activeElement).toBe(toggle);
    await user.keyboard(' ');
    await waitFor(() => expect(toggle.getAttribute('aria-expanded')).toBe('false'));
    expect(screen.queryByTestId('tender-row-details')).toBeNull();
  });

  it('expands and collapses every shown row at once', async () => {
    await showResult();
    const all = screen.getByTestId('tender-expand-all');
    expect(all.textContent?.trim()).toBe('全部展开');
    await fireEvent.click(all);
    expect(screen.getAllByTestId('tender-row-details')).toHaveLength(4);
    expect(all.textContent?.trim()).toBe('全部收起');
    expect(screen.getAllByTestId('row-toggle').every((b) => b.getAttribute('aria-expanded') === 'true')).toBe(true);
    await fireEvent.click(all);
    expect(screen.queryAllByTestId('tender-row-details')).toHaveLength(0);
  });

  it('shows the file name on the line of a file that could not be read', async () => {
    const run = busyRun();
    run.result.rows[2] = { ...run.result.rows[2], status: 'error', file: '/data/bid/scan-0042.jpg' };
    const rows = await showResult(run);
    expect(rows[2].querySelector('.c-name')?.textContent).toContain('scan-0042.jpg');
    expect(rows[2].textContent).toContain('? 无法读取');
  });

  it('keeps the header in a scroll box of its own', async () => {
    await showResult();
    const table = screen.getByTestId('tender-rows');
    expect(table.parentElement?.dataset.testid).toBe('tender-rows-scroll');
    expect(table.querySelector('thead th')?.getAttribute('scope')).toBe('col');
  });
});
