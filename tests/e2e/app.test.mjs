// End-to-end tests of the real BuildCert app: tauri-driver drives
// WebKitWebDriver, which starts the app binary; run under Xvfb by `make e2e`.
//
// Env: see ./support/app.mjs (this file: its own port offset).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, stopApp, heading, nav, shot } from './support/app.mjs';

let browser;
let dataDir;
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'buildcert-e2e-'));

  browser = await startApp({ portOffset: 0, dataDir });
});

after(async () => {
  try {
    await stopApp();
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('BuildCert app', () => {
  it('starts in Chinese on My certificates, with the wallet empty', async () => {
    assert.equal(await browser.getTitle(), '建造师证书夹 BuildCert');
    assert.equal(await heading(), '我的证书');
    const empty = await browser.$('[data-testid="wallet-empty"]');
    await empty.waitForDisplayed({ timeout: 10000 });
    assert.match(await empty.getText(), /证书夹为空/);
    await shot('01-wallet-zh');
  });

  it('reaches every screen by click', async () => {
    const screens = [
      ['verify', '核验'],
      ['tender', '投标核查'],
      ['settings', '设置'],
      ['wallet', '我的证书'],
    ];
    let n = 2;
    for (const [id, title] of screens) {
      await (await browser.$(`[data-testid="nav-${id}"]`)).click();
      assert.equal(await heading(), title);
      const current = await (await browser.$(`[data-testid="nav-${id}"]`)).getAttribute('aria-current');
      assert.equal(current, 'page');
      if (id !== 'wallet') await shot(`0${n++}-${id}-zh`);
    }
  });

  it('reaches every screen by keyboard', async () => {
    // Ctrl+number shortcuts.
    for (const [key, title] of [['2', '核验'], ['3', '投标核查'], ['4', '设置'], ['1', '我的证书']]) {
      await browser.keys(['Control', key]);
      await browser.waitUntil(async () => (await heading()) === title, { timeout: 5000, timeoutMsg: `Ctrl+${key} did not open ${title}` });
    }
    // Tab focus and Enter on a navigation button.
    const verifyNav = await browser.$('[data-testid="nav-verify"]');
    await browser.execute(() => document.querySelector('[data-testid="nav-wallet"]').focus());
    await browser.keys(['Tab']);
    assert.equal(await browser.execute(() => document.activeElement?.getAttribute('data-testid')), 'nav-verify');
    await browser.keys(['Enter']);
    assert.equal(await heading(), '核验');
    assert.ok(await verifyNav.isExisting());
    // The QR field takes focus, ready for a keyboard-mode scanner.
    await browser.waitUntil(
      async () => (await browser.execute(() => document.activeElement?.id)) === 'qr-text',
      { timeout: 5000, timeoutMsg: 'the QR text field did not take focus' },
    );
  });

  it('verifies on Enter (no trust list yet: says to import one)', async () => {
    await (await browser.$('[data-testid="nav-verify"]')).click();
    const input = await browser.$('#qr-text');
    await input.waitForDisplayed();
    await input.setValue('BC1:NOT-A-REAL-CODE');
    await browser.keys(['Enter']);
    const verdict = await browser.$('[data-testid="verdict"]');
    await verdict.waitForDisplayed({ timeout: 10000 });
    const err = await browser.$('[data-testid="error"]');
    assert.equal(await err.getAttribute('data-code'), 'no_trust_list');
    await shot('06-verify-result-zh');
  });

  it('switches the language from Chinese to English', async () => {
    await (await browser.$('[data-testid="lang-toggle"]')).click();
    await browser.waitUntil(
      async () => (await (await browser.$('[data-testid="nav-wallet"]')).getText()).includes('My certificates'),
      { timeout: 5000, timeoutMsg: 'navigation did not switch to English' },
    );
    assert.equal(await browser.execute(() => document.documentElement.lang), 'en');
    const screens = [
      ['wallet', 'My certificates'],
      ['verify', 'Verify'],
      ['tender', 'Tender check'],
      ['settings', 'Settings'],
    ];
    let n = 7;
    for (const [id, title] of screens) {
      await (await browser.$(`[data-testid="nav-${id}"]`)).click();
      assert.equal(await heading(), title);
      await shot(`${String(n++).padStart(2, '0')}-${id}-en`);
    }
    // The choice is saved in the settings.
    const select = await browser.$('#settings-language');
    await select.waitForDisplayed();
    assert.equal(await select.getValue(), 'en');
  });
});

describe('BuildCert app at 200 % zoom', () => {
  it('zooms with Ctrl+= and reflows to a top navigation, still readable', async () => {
    await (await browser.$('[data-testid="nav-verify"]')).click();
    const before = await browser.execute(() => window.innerWidth);
    // The zoom hot-keys step 20 % at a time: five steps from 100 % to 200 %.
    for (let i = 0; i < 5; i += 1) {
      await browser.keys(['Control', '=']);
      await browser.pause(100);
    }
    await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) <= before / 2 + 2, {
      timeout: 5000,
      timeoutMsg: `the page did not zoom to 200 % (innerWidth ${before} before)`,
    });
    // Narrow layout: the navigation sits above the content, nothing overflows sideways.
    const layout = await browser.execute(() => {
      const nav = document.querySelector('nav.sidebar').getBoundingClientRect();
      const main = document.querySelector('main').getBoundingClientRect();
      return { navBottom: nav.bottom, mainTop: main.top, scrollW: document.documentElement.scrollWidth, w: window.innerWidth };
    });
    assert.ok(layout.mainTop >= layout.navBottom - 1, JSON.stringify(layout));
    assert.ok(layout.scrollW <= layout.w + 1, `horizontal overflow: ${JSON.stringify(layout)}`);
    await shot('11-verify-zoom200-en');
  });
});
