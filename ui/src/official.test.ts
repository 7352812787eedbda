import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ipc, setIpc } from './lib/ipc';
import { FIXTURES, createMockIpc, recordedEntry, recordedOutcome, type MockIpc } from './lib/ipc-mock';
import Verify from './screens/Verify.svelte';

const mock = () => ipc() as MockIpc;
/** The web address the recorded non-BC1 QR code holds. */
const URL = FIXTURES.VERIFY.unverified.other_codes[0];

/** What the backend answered for the official-format sample PDF (tests/fixtures/official). */
function officialOutcome() {
  return structuredClone(FIXTURES.VERIFY_OFFICIAL);
}
/** The fields it read from that PDF. */
const READ = FIXTURES.OFFICIAL_FORM;

describe('Verify: official-format certificates', () => {
  it('shows an official PDF as not verified — never green — with the fields read and the date rules', async () => {
    setIpc(createMockIpc({ outcome: officialOutcome(), pickedFile: '/tmp/official.pdf' }));
    render(Verify);
    await fireEvent.click(screen.getByTestId('open-file'));
    const v = await screen.findByTestId('verdict');
    expect(v.dataset.verdict).toBe('unverified');
    expect(v.textContent).toContain('未验证');
    expect(document.querySelector('.verdict-valid')).toBeNull();
    expect(screen.getByTestId('official-explanation').textContent).toContain('在官方平台在线核验');
    expect(screen.getByTestId('official-fields').textContent).toContain(READ.idn);
    const dates = screen.getByTestId('official-date-check');
    expect(dates.textContent).toContain('日期规则：未发现问题');
    expect(dates.textContent).not.toMatch(/^有效/);
  });

  it('says plainly when an image-only PDF cannot be read', async () => {
    const o = officialOutcome();
    o.official = structuredClone(FIXTURES.OFFICIAL_IMPORT_IMAGE_ONLY.official!.reading);
    setIpc(createMockIpc({ outcome: o, pickedFile: '/tmp/scan.pdf' }));
    render(Verify);
    await fireEvent.click(screen.getByTestId('open-file'));
    await waitFor(() => expect(screen.getByTestId('official-message').textContent).toContain('只有图像'));
    expect(screen.queryByTestId('official-fields')).toBeNull();
  });

  it('shows a non-BC1 code as text and opens it in the browser only on a click', async () => {
    // What the backend answers for a web address typed as the QR text.
    setIpc(createMockIpc({ outcome: recordedOutcome('unverified') }));
    render(Verify);
    await userEvent.type(screen.getByLabelText('二维码内容'), `${URL}{Enter}`);
    const codes = await screen.findByTestId('other-codes');
    expect(codes.textContent).toContain(URL);
    expect(codes.textContent).toContain('不会自动打开');
    expect(mock().calls.some((c) => c.name === 'openWebUrl')).toBe(false);
    await fireEvent.click(screen.getByTestId('open-url'));
    expect(mock().calls.find((c) => c.name === 'openWebUrl')?.args).toEqual([URL]);
  });

  it('offers no browser button for a code that is not a web address', async () => {
    const o = recordedOutcome('unverified');
    o.other_codes = ['WIFI:S:x;;'];
    o.other_code_details = [{ text: 'WIFI:S:x;;', kind: { type: 'text' }, zh: '其他内容', en: 'other text' }];
    o.official = null;
    setIpc(createMockIpc({ outcome: o }));
    render(Verify);
    await userEvent.type(screen.getByLabelText('二维码内容'), 'WIFI:S:x;;{Enter}');
    await screen.findByTestId('other-codes');
    expect(screen.queryByTestId('open-url')).toBeNull();
  });
});

describe('Verify: no camera on this machine', () => {
  it('says so in words when the camera is missing, and in English too', async () => {
    const { fireEvent: fe, render: r, screen: s } = await import('@testing-library/svelte');
    const { setLang } = await import('./lib/i18n.svelte');
    const md = { getUserMedia: () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError')) };
    Object.defineProperty(navigator, 'mediaDevices', { value: md, configurable: true });
    try {
      r(Verify);
      await fe.click(s.getByRole('button', { name: '启动摄像头' }));
      expect((await s.findByTestId('camera-error')).textContent).toContain('没有找到摄像头');
      setLang('en');
      await fe.click(await s.findByRole('button', { name: 'Start camera' }));
      await waitFor(() => expect(s.getByTestId('camera-error').textContent).toContain('No camera found'));
    } finally {
      Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true });
    }
  });

  it('says the window cannot use a camera when getUserMedia is missing', async () => {
    render(Verify);
    await fireEvent.click(screen.getByRole('button', { name: '启动摄像头' }));
    expect((await screen.findByTestId('camera-error')).textContent).toContain('此窗口不支持摄像头');
  });
});

describe('Wallet: importing an official-format PDF', () => {
  it('shows the form filled with what was read; the holder corrects and confirms; then it is stored', async () => {
    // The backend's answers: the entry form of the sample PDF, the USCC
    // reported missing, then the stored entry.
    const draft = FIXTURES.OFFICIAL_IMPORT.official!;
    setIpc(createMockIpc({ pickedFile: draft.path, fieldErrors: structuredClone(FIXTURES.OFFICIAL_CHECK_NO_USCC) }));
    const { default: Wallet } = await import('./screens/Wallet.svelte');
    render(Wallet);
    await fireEvent.click(await screen.findByRole('button', { name: '从文件导入…' }));
    const form = await screen.findByTestId('official-form');
    expect(form.textContent).toContain('未验证');
    expect((screen.getByLabelText('姓名') as HTMLInputElement).value).toBe(draft.form.name);
    expect((screen.getByLabelText('使用有效期截止日') as HTMLInputElement).value).toBe(draft.form.use_to);
    // First try: Rust says the USCC is missing; the field is marked.
    const uscc = screen.getByLabelText('统一社会信用代码') as HTMLInputElement;
    await userEvent.clear(uscc);
    await fireEvent.click(screen.getByTestId('official-confirm'));
    await waitFor(() => expect(uscc.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByTestId('official-errors').textContent).toContain('统一社会信用代码');
    expect(mock().calls.some((c) => c.name === 'officialAdd')).toBe(false);
    // The holder fills it in; now it is stored with its file.
    await userEvent.type(uscc, '91110000MA00000000');
    mock().fieldErrors = [];
    await fireEvent.click(screen.getByTestId('official-confirm'));
    await screen.findByTestId('official-saved');
    const add = mock().calls.find((c) => c.name === 'officialAdd');
    expect(add?.args[0]).toBe(draft.path);
    expect((add?.args[1] as { uscc: string; name: string }).uscc).toBe('91110000MA00000000');
    expect(screen.queryByTestId('official-form')).toBeNull();
    const card = await screen.findByRole('button', { name: new RegExp(FIXTURES.OFFICIAL_ENTRY.certificate.name) });
    expect(card.textContent).toContain('未验证');
  });

  it('offers an empty form with a plain message when the PDF is image-only', async () => {
    setIpc(createMockIpc({ importAnswer: structuredClone(FIXTURES.OFFICIAL_IMPORT_IMAGE_ONLY) }));
    const { default: Wallet } = await import('./screens/Wallet.svelte');
    render(Wallet);
    await fireEvent.click(await screen.findByTestId('wallet-import-toggle'));
    await userEvent.type(screen.getByTestId('wallet-import-path'), '/tmp/scan.pdf');
    await fireEvent.click(screen.getByTestId('wallet-import-path-submit'));
    await screen.findByTestId('official-form');
    expect(screen.getByTestId('official-form-message').textContent).toContain('只有图像');
    expect((screen.getByLabelText('姓名') as HTMLInputElement).value).toBe('');
    // One empty specialty row to start with.
    expect(screen.getAllByTestId('off-specialty')).toHaveLength(1);
    await fireEvent.click(screen.getByRole('button', { name: '取消' }));
    expect(screen.queryByTestId('official-form')).toBeNull();
  });

  it('imports files dropped on the window', async () => {
    const e = recordedEntry('valid', { file_name: 'a.pdf' });
    setIpc(createMockIpc({ importAnswer: { entry: e, official: null } }));
    const { default: Wallet } = await import('./screens/Wallet.svelte');
    render(Wallet);
    await waitFor(() => expect(mock().drop).not.toBeNull());
    mock().drop!(['/tmp/a.pdf']);
    await waitFor(() => expect(mock().calls.find((c) => c.name === 'walletImportFile')?.args).toEqual(['/tmp/a.pdf']));
    expect(await screen.findByRole('button', { name: new RegExp(e.certificate.name) })).toBeTruthy();
  });
});
