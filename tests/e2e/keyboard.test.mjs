// The main flows by keyboard alone (issue 22), in the real app: each step is
// a key press (Ctrl+number, Tab, Enter, Escape, typed text) and the test
// asserts where focus lands after it. A new verdict is announced through the
// Verify screen's live region, whose text is asserted too.
//
//   - scan → verdict → next scan (Verify);
//   - import a file → detail → back (My certificates);
//   - restore → confirm (Settings).
// The tender flow (form → run → results → export) is in the tender tests.
//
// Setup that is not one of these flows (pinning the demo root) uses clicks.
//
// Env: see ./support/app.mjs (this file: its own port offset).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSet, heading, pinDemoTrust, shot, startApp, stopApp } from './support/app.mjs';

let browser;
let dataDir;
let demo;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'buildcert-e2e-keyboard-'));
  demo = demoSet(join(dataDir, 'demo-set'));
  browser = await startApp({ portOffset: 60, dataDir });
  await pinDemoTrust(demo);
});

after(async () => {
  try {
    await stopApp();
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
});

/** What has focus: its data-testid, id, tag and a few states. */
function focused() {
  return browser.execute(() => {
    const a = document.activeElement;
    if (!a) return {};
    return {
      testid: a.getAttribute('data-testid'),
      id: a.id,
      tag: a.tagName.toLowerCase(),
      cls: a.className,
      dataId: a.getAttribute('data-id'),
      selStart: a.selectionStart ?? null,
      selEnd: a.selectionEnd ?? null,
      len: typeof a.value === 'string' ? a.value.length : null,
    };
  });
}

async function assertFocus(match, what) {
  await browser.waitUntil(async () => match(await focused()), {
    timeout: 10000,
    timeoutMsg: `${what}: focus is on ${JSON.stringify(await focused())}`,
  });
}

/** Presses Tab until focus matches (at most `max` presses); the count is returned. */
async function tabTo(match, what, max = 25) {
  for (let n = 0; n <= max; n += 1) {
    if (match(await focused())) return n;
    await browser.keys(['Tab']);
  }
  throw new Error(`${what}: not reached by Tab in ${max} presses (focus on ${JSON.stringify(await focused())})`);
}

/** Selects all of the focused field and types `text` over it. */
async function typeOver(text) {
  // Element send keys into the focused field: browser.keys() under
  // WebKitWebDriver drops the second of two equal characters in a row.
  const el = await browser.$(await browser.getActiveElement());
  await el.setValue(text);
}

const liveText = () => browser.execute(() => document.querySelector('[data-testid="verdict-announce"]')?.textContent ?? null);

async function waitLive(re, what) {
  await browser.waitUntil(async () => re.test((await liveText()) ?? ''), {
    timeout: 20000,
    timeoutMsg: `${what}: the live region says "${await liveText()}"`,
  });
}

describe('keyboard only', () => {
  it('scan → verdict → next scan: focus stays in the scanner field, the verdict is announced', async () => {
    await browser.keys(['Control', '2']);
    await browser.waitUntil(async () => (await heading()) === '核验', { timeout: 5000, timeoutMsg: 'Ctrl+2 did not open 核验' });
    await assertFocus((f) => f.id === 'qr-text', 'Ctrl+2');
    const live = await browser.$('[data-testid="verdict-announce"]');
    assert.equal(await live.getAttribute('role'), 'status');
    assert.equal(await live.getAttribute('aria-live'), 'polite');

    // First scan: the scanner types the text and Enter (element send keys
    // into the focused field: browser.keys() under WebKitWebDriver drops the
    // second of two equal characters in a row).
    await (await browser.$('#qr-text')).setValue(demo.qrText(1));
    await browser.keys(['Enter']);
    const v = await browser.$('[data-testid="verdict"]');
    await v.waitForDisplayed({ timeout: 20000 });
    assert.equal(await v.getAttribute('data-verdict'), 'valid');
    await waitLive(new RegExp(`^核验结果：有效；持证人 ${demo.cert(1).name}$`), 'first scan');
    // Ready for the next scan: focus in the field, the last text selected.
    await assertFocus((f) => f.id === 'qr-text' && f.selStart === 0 && f.selEnd === f.len && f.len > 0, 'after the verdict');
    await shot('k-verify-first-scan-zh');

    // Next scan replaces the selection: its first key press empties the
    // field; the rest is typed by element send keys (browser.keys() under
    // WebKitWebDriver drops the second of two equal characters in a row).
    await browser.keys(demo.qrText(3)[0]);
    assert.equal(await (await browser.$('#qr-text')).getValue(), demo.qrText(3)[0]);
    await (await browser.$('#qr-text')).setValue(demo.qrText(3));
    await browser.keys(['Enter']);
    await browser.waitUntil(async () => (await (await browser.$('[data-testid="verdict"]')).getAttribute('data-verdict')) === 'invalid', {
      timeout: 20000,
      timeoutMsg: 'the second scan gave no new verdict',
    });
    assert.equal(await (await browser.$('#qr-text')).getValue(), demo.qrText(3));
    await waitLive(new RegExp(`^核验结果：无效；持证人 ${demo.cert(3).name}；`), 'second scan');
    await assertFocus((f) => f.id === 'qr-text' && f.selStart === 0 && f.selEnd === f.len, 'after the second verdict');

    // The same code twice is announced twice: the region is emptied, then filled again.
    await browser.execute(() => {
      const el = document.querySelector('[data-testid="verdict-announce"]');
      window.__liveLog = [];
      new MutationObserver(() => window.__liveLog.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await browser.keys(['Enter']);
    await browser.waitUntil(
      async () => {
        const log = await browser.execute(() => window.__liveLog);
        const i = log.indexOf('');
        return i >= 0 && log.slice(i + 1).some((t) => /^核验结果：无效/.test(t));
      },
      { timeout: 20000, timeoutMsg: 'the same scan again was not announced again' },
    );
  });

  it('import a file → detail → back: focus goes into the detail, then back to its card', async () => {
    await browser.keys(['Control', '1']);
    await browser.waitUntil(async () => (await heading()) === '我的证书', { timeout: 5000, timeoutMsg: 'Ctrl+1' });
    await assertFocus((f) => f.id === 'wallet-title', 'Ctrl+1 focuses the heading');
    await tabTo((f) => f.testid === 'wallet-import-toggle', 'the import toggle');
    await browser.keys(['Enter']);
    await tabTo((f) => f.testid === 'wallet-import-path', 'the import path field');
    await browser.keys(demo.file(1, 'certificate_pdf'));
    await browser.keys(['Enter']);
    // The import opens the new certificate's detail and focus moves into it.
    await assertFocus((f) => f.testid === 'wallet-detail', 'after the import');
    const detail = await browser.$('[data-testid="wallet-detail"]');
    assert.match(await detail.getAttribute('aria-label'), new RegExp(`证书详情：${demo.cert(1).name}`));
    assert.equal(await (await detail.$('[data-testid="verdict"]')).getAttribute('data-verdict'), 'valid');
    await shot('k-wallet-detail-zh');
    // Tab: the back button comes first in the detail.
    await browser.keys(['Tab']);
    await assertFocus((f) => f.testid === 'wallet-back', 'Tab in the detail');
    await browser.keys(['Enter']);
    await browser.waitUntil(async () => !(await browser.$('[data-testid="wallet-detail"]').isExisting()), {
      timeout: 5000,
      timeoutMsg: 'back did not close the detail',
    });
    const card = await browser.$(`[data-testid="wallet-card"][data-reg="${demo.cert(1).reg}"] .wallet-item`);
    const id = await card.getAttribute('data-id');
    await assertFocus((f) => /wallet-item/.test(f.cls) && f.dataId === id, 'after back');
    // Enter on the card opens it again; Escape goes back too.
    await browser.keys(['Enter']);
    await assertFocus((f) => f.testid === 'wallet-detail', 'Enter on the card');
    await browser.keys(['Escape']);
    await assertFocus((f) => /wallet-item/.test(f.cls) && f.dataId === id, 'after Escape');
  });

  it('restore → confirm: focus goes to the confirmation, then to what happened', async () => {
    await browser.keys(['Control', '4']);
    await browser.waitUntil(async () => (await heading()) === '设置', { timeout: 5000, timeoutMsg: 'Ctrl+4' });
    await assertFocus((f) => f.id === 'settings-title', 'Ctrl+4 focuses the heading');
    // A backup to restore, written by keyboard too.
    mkdirSync(join(dataDir, 'backups'), { recursive: true });
    await tabTo((f) => f.testid === 'backup-path', 'the backup path field', 60);
    await typeOver(join(dataDir, 'backups', 'k'));
    await browser.keys(['Enter']);
    await (await browser.$('[data-testid="backup-status"]')).waitForDisplayed({ timeout: 20000 });

    await tabTo((f) => f.testid === 'restore-path', 'the restore path field', 10);
    await typeOver(join(dataDir, 'backups', 'k.bcbackup'));
    await browser.keys(['Enter']);
    await assertFocus((f) => f.testid === 'restore-confirm', 'after the check');
    const confirm = await browser.$('[data-testid="restore-confirm"]');
    assert.equal(await confirm.getAttribute('role'), 'alertdialog');
    assert.match(await confirm.getText(), /无法撤销/);
    await shot('k-settings-restore-confirm-zh');
    // Escape cancels and returns to the path field; the check again brings the confirmation back.
    await browser.keys(['Escape']);
    await assertFocus((f) => f.testid === 'restore-path', 'Escape in the confirmation');
    await browser.keys(['Enter']);
    await assertFocus((f) => f.testid === 'restore-confirm', 'the check again');
    await tabTo((f) => f.testid === 'restore-yes', 'the restore button', 5);
    await browser.keys(['Enter']);
    await assertFocus((f) => f.testid === 'backup-status', 'after the restore');
    assert.match(await (await browser.$('[data-testid="backup-status"]')).getText(), /已从备份恢复/);
  });
});
