import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import VerdictBanner from './components/VerdictBanner.svelte';
import { IpcError, ipc, setIpc } from './lib/ipc';
import { FIXTURES, createMockIpc, recordedEntry, recordedOutcome, type MockIpc } from './lib/ipc-mock';
import Verify from './screens/Verify.svelte';
import Settings from './screens/Settings.svelte';
import Wallet from './screens/Wallet.svelte';
import { setLang } from './lib/i18n.svelte';

const mock = () => ipc() as MockIpc;
/** The recorded outcomes' holders: warning (usage period ending soon) and valid. */
const WARNED = FIXTURES.VERIFY.warning.certificate!;
const VALID = FIXTURES.VERIFY.valid.certificate!;

describe('VerdictBanner', () => {
  const cases = [
    ['valid', '✓', '有效'],
    ['warning', '!', '有效（需注意）'],
    ['invalid', '✕', '无效'],
    ['error', '?', '无法读取'],
    ['unverified', 'i', '未验证'],
  ] as const;
  for (const [verdict, symbol, words] of cases) {
    it(`shows ${verdict} with colour class, symbol and words`, () => {
      render(VerdictBanner, { verdict });
      const el = screen.getByTestId('verdict');
      expect(el.classList.contains(`verdict-${verdict}`)).toBe(true);
      expect(el.textContent).toContain(symbol);
      expect(el.textContent).toContain(words);
    });
  }
});

describe('App shell', () => {
  it('shows four screens in the navigation and switches on click', async () => {
    render(App);
    const labels = ['我的证书', '核验', '投标核查', '设置'];
    for (const l of labels) expect(screen.getByRole('button', { name: new RegExp(l) })).toBeTruthy();
    await fireEvent.click(screen.getByTestId('nav-tender'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('投标核查');
    expect(screen.getByTestId('nav-tender').getAttribute('aria-current')).toBe('page');
  });

  it('switches screens with Ctrl+number', async () => {
    render(App);
    await fireEvent.keyDown(window, { key: '4', ctrlKey: true });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('设置');
    await fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('核验');
  });

  it('switches the language to English and remembers it', async () => {
    render(App);
    await fireEvent.click(screen.getByTestId('lang-toggle'));
    expect(screen.getByTestId('nav-wallet').textContent).toContain('My certificates');
    await waitFor(() => expect(mock().settings.language).toBe('en'));
  });

  it('shows the 演示模式 banner on every screen of the demo profile, and leaves it', async () => {
    setIpc(createMockIpc({ info: { profile: 'demo', demo_installed: true } }));
    render(App);
    await waitFor(() => expect(screen.getByTestId('demo-banner').textContent).toContain('演示模式'));
    for (const s of ['verify', 'tender', 'settings', 'wallet']) {
      await fireEvent.click(screen.getByTestId(`nav-${s}`));
      expect(screen.getByTestId('demo-banner')).toBeTruthy();
    }
    await fireEvent.click(screen.getByTestId('demo-leave'));
    await waitFor(() => expect(screen.queryByTestId('demo-banner')).toBeNull());
    expect(mock().calls.some((c) => c.name === 'profileSwitch' && c.args[0] === 'real')).toBe(true);
    // The demo can be opened again, and deleted from its banner.
    await fireEvent.click(screen.getByTestId('demo-enter'));
    await waitFor(() => expect(screen.getByTestId('demo-banner')).toBeTruthy());
    const confirm = window.confirm;
    window.confirm = () => true;
    try {
      await fireEvent.click(screen.getByTestId('demo-remove'));
      await waitFor(() => expect(screen.queryByTestId('demo-banner')).toBeNull());
      expect(screen.queryByTestId('demo-enter')).toBeNull();
    } finally {
      window.confirm = confirm;
    }
  });

  it('applies the saved language at start and reports the first paint', async () => {
    setIpc(createMockIpc({ settings: { language: 'en', mask_id_numbers: true, expiring_threshold_days: 30, verification_log: false } }));
    render(App);
    await waitFor(() => expect(screen.getByTestId('nav-verify').textContent).toContain('Verify'));
    await waitFor(() => expect(mock().calls.some((c) => c.name === 'uiReady')).toBe(true));
  });
});

describe('Verify screen', () => {
  it('focuses the text field and verifies on Enter, as a keyboard-mode scanner sends', async () => {
    render(Verify);
    const input = screen.getByLabelText('二维码内容') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    await userEvent.type(input, 'BC1:ABC{Enter}');
    await waitFor(() => expect(screen.getByTestId('verdict').dataset.verdict).toBe('warning'));
    const call = mock().calls.find((c) => c.name === 'verifyText');
    expect(call?.args).toEqual(['BC1:ABC', null]);
    expect(screen.getByText('使用有效期即将届满')).toBeTruthy();
    expect(screen.getByText(WARNED.name)).toBeTruthy();
    expect(screen.getByText(WARNED.id_number)).toBeTruthy();
  });

  it('passes the check date', async () => {
    render(Verify);
    const date = screen.getByLabelText('核验日期') as HTMLInputElement;
    expect(date.placeholder).toContain('2026-03-01');
    await fireEvent.input(date, { target: { value: '2026-01-05' } });
    await userEvent.type(screen.getByLabelText('二维码内容'), 'BC1:X{Enter}');
    await waitFor(() => expect(mock().calls.find((c) => c.name === 'verifyText')?.args[1]).toBe('2026-01-05'));
  });

  it('shows no certificate data when the signature fails', async () => {
    // A certificate signed by a key the trust list does not hold.
    setIpc(createMockIpc({ outcome: structuredClone(FIXTURES.VERIFY_DEMO_SET['unknown-key']) }));
    render(Verify);
    await userEvent.type(screen.getByLabelText('二维码内容'), 'BC1:X{Enter}');
    await waitFor(() => expect(screen.getByTestId('verdict').dataset.verdict).toBe('invalid'));
    expect(screen.queryByText(WARNED.name)).toBeNull();
    expect(screen.getByText('签名未通过核验，不显示证书内容。')).toBeTruthy();
  });

  it('shows an error from Rust as "could not read" with its message', async () => {
    setIpc(createMockIpc({ outcome: new IpcError('engine_unavailable', { zh: '核验功能尚未接入本版本', en: 'verification is not wired into this build yet' }) }));
    render(Verify);
    await userEvent.type(screen.getByLabelText('二维码内容'), 'BC1:X{Enter}');
    await waitFor(() => expect(screen.getByTestId('verdict').dataset.verdict).toBe('error'));
    expect(screen.getByTestId('error').dataset.code).toBe('engine_unavailable');
    // The title already says it all: the message is not repeated.
    expect(screen.getByTestId('error').textContent?.trim()).toBe('核验功能尚未接入本版本');
  });

  it('opens a file through the picker and verifies it', async () => {
    setIpc(createMockIpc({ pickedFile: '/tmp/cert.pdf' }));
    render(Verify);
    await fireEvent.click(screen.getByTestId('open-file'));
    await waitFor(() => expect(mock().calls.find((c) => c.name === 'verifyFile')?.args).toEqual(['/tmp/cert.pdf', null]));
  });

  it('labels every control', () => {
    render(Verify);
    for (const el of document.querySelectorAll('input, select, textarea')) {
      const id = el.getAttribute('id');
      const labelled = (id && document.querySelector(`label[for="${id}"]`)) || el.closest('label') || el.getAttribute('aria-label');
      expect(labelled, el.outerHTML).toBeTruthy();
    }
    for (const b of document.querySelectorAll('button')) expect(b.textContent?.trim(), b.outerHTML).toBeTruthy();
  });
});

describe('Verify screen: scanner under an input method, announcements', () => {
  /** Key presses as a scanner sends them while a Chinese input method holds the keys. */
  async function typeProcess(input: HTMLElement, keys: [code: string, shift: boolean][]) {
    for (const [code, shiftKey] of keys) {
      await fireEvent.keyDown(input, { key: 'Process', code, shiftKey, keyCode: 229 });
    }
  }

  it('reads keys with key "Process" by their code and Shift, drops the composition, verifies on Enter', async () => {
    render(Verify);
    const input = screen.getByLabelText('二维码内容') as HTMLInputElement;
    await typeProcess(input, [['KeyB', true], ['KeyC', true], ['Digit1', false], ['Semicolon', true], ['KeyA', true], ['Digit5', true], ['Period', false]]);
    expect(input.value).toBe('BC1:A%.');
    // What an input method commits (pinyin letters, a candidate) never reaches the field's text.
    await fireEvent.compositionStart(input);
    await fireEvent.input(input, { target: { value: 'BC1:A%.ｂ' }, inputType: 'insertCompositionText', isComposing: true });
    await typeProcess(input, [['KeyB', true]]);
    await fireEvent.compositionEnd(input);
    await waitFor(() => expect(input.value).toBe('BC1:A%.B'));
    await typeProcess(input, [['Enter', false]]);
    await waitFor(() => expect(mock().calls.find((c) => c.name === 'verifyText')?.args).toEqual(['BC1:A%.B', null]));
  });

  it('says when the typed text was folded, on screen and in the live region', async () => {
    setIpc(createMockIpc({ outcome: recordedOutcome('valid', { typed_text_folded: true }) }));
    render(Verify);
    await userEvent.type(screen.getByLabelText('二维码内容'), 'bc1:abc{Enter}');
    await waitFor(() => expect(screen.getByTestId('typed-folded').textContent).toBe('扫码枪输入已自动纠正（大写锁定/中文输入法）'));
    const live = screen.getByTestId('verdict-announce');
    expect(live.getAttribute('role')).toBe('status');
    expect(live.getAttribute('aria-live')).toBe('polite');
    await waitFor(() => expect(live.textContent).toBe(`核验结果：有效；持证人 ${VALID.name}；扫码枪输入已自动纠正（大写锁定/中文输入法）`));
  });

  it('no fold, no notice; the live region names the verdict and the first reason', async () => {
    render(Verify);
    await userEvent.type(screen.getByLabelText('二维码内容'), 'BC1:ABC{Enter}');
    await waitFor(() => expect(screen.getByTestId('verdict').dataset.verdict).toBe('warning'));
    expect(screen.queryByTestId('typed-folded')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('verdict-announce').textContent).toBe(`核验结果：有效（需注意）；持证人 ${WARNED.name}；使用有效期即将届满`));
    // Ready for the next scan: the field keeps focus with the last text selected.
    const input = screen.getByLabelText('二维码内容') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    await waitFor(() => expect([input.selectionStart, input.selectionEnd]).toEqual([0, 'BC1:ABC'.length]));
  });
});

describe('Wallet screen: keyboard', () => {
  it('opening an entry moves focus into its detail; back returns it to the card', async () => {
    const e = recordedEntry('valid');
    setIpc(createMockIpc({ wallet: [e] }));
    render(Wallet);
    const name = e.certificate.name;
    const item = await screen.findByRole('button', { name: new RegExp(name) });
    item.focus();
    await userEvent.keyboard('{Enter}');
    const detail = await screen.findByTestId('wallet-detail');
    await waitFor(() => expect(document.activeElement).toBe(detail));
    expect(detail.getAttribute('aria-label')).toBe(`证书详情：${name}`);
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(screen.getByTestId('wallet-back'));
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByTestId('wallet-detail')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: new RegExp(name) })));
    // Escape closes it too.
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('wallet-detail')));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('wallet-detail')).toBeNull());
  });
});

describe('App shell: accessible names', () => {
  it('the language button is named by its visible word; what it does is its description', () => {
    render(App);
    const b = screen.getByTestId('lang-toggle');
    expect(b.getAttribute('aria-label')).toBeNull();
    expect(b.getAttribute('title')).toBe('切换到英文界面');
    expect(screen.getByRole('button', { name: 'English' })).toBe(b);
  });
});

describe('Wallet screen', () => {
  it('shows the empty state', async () => {
    render(Wallet);
    await waitFor(() => expect(screen.getByTestId('wallet-empty')).toBeTruthy());
    expect(screen.getByText('证书夹为空')).toBeTruthy();
  });

  it('lists entries with verdict words and symbol', async () => {
    const e = recordedEntry('valid');
    expect(e.demo).toBe(true);
    setIpc(createMockIpc({ wallet: [e] }));
    render(Wallet);
    const item = await screen.findByRole('button', { name: new RegExp(e.certificate.name) });
    expect(item.textContent).toContain('✓');
    expect(item.textContent).toContain('有效');
    expect(item.textContent).toContain('演示');
  });
});

describe('Settings screen', () => {
  it('saves settings and applies the language', async () => {
    render(Settings);
    const select = (await screen.findByLabelText('界面语言')) as HTMLSelectElement;
    await userEvent.selectOptions(select, 'en');
    await fireEvent.click(screen.getByRole('button', { name: '保存设置' }));
    await waitFor(() => expect(mock().settings.language).toBe('en'));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Settings'));
    setLang('zh-CN');
  });
});
