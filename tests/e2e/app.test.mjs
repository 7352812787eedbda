// End-to-end tests of the real BuildCert app: tauri-driver drives
// WebKitWebDriver, which starts the app binary; run under Xvfb by `make e2e`.
//
// Env: BUILDCERT_APP (absolute path of the app built with custom-protocol),
// TAURI_DRIVER (path of tauri-driver), SCREENSHOT_DIR (where PNGs go),
// E2E_PORT (tauri-driver port, default 4444; the native driver uses +1).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, existsSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { remote } from 'webdriverio';

const APP = process.env.BUILDCERT_APP;
const DRIVER = process.env.TAURI_DRIVER;
const SHOTS = resolve(process.env.SCREENSHOT_DIR ?? 'target/screenshots');
const PORT = Number(process.env.E2E_PORT ?? 4444);

if (!APP || !existsSync(APP)) throw new Error(`BUILDCERT_APP must name the built app binary (got ${APP})`);
if (!DRIVER || !existsSync(DRIVER)) throw new Error(`TAURI_DRIVER must name tauri-driver (got ${DRIVER})`);

/** Resolves once something listens on the port, or rejects after `ms`. */
async function waitForPort(port, ms = 20000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((res) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); res(true); });
      s.once('error', () => res(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port} after ${ms} ms`);
}

let driver;
let browser;
let dataDir;
/** The text of the current screen's <h1>. */
async function heading() {
  const h = await browser.$('main h1');
  await h.waitForDisplayed({ timeout: 10000 });
  return (await h.getText()).trim();
}

/** The X window id of the app (we run under our own Xvfb display). */
function appWindowId() {
  const out = execFileSync('xdotool', ['search', '--name', '^建造师证书夹 BuildCert$'], { encoding: 'utf8' });
  const id = out.trim().split('\n').pop();
  if (!id) throw new Error('app window not found');
  return id;
}

/**
 * Saves target/screenshots/NAME.png of the app window, after two animation
 * frames so the last DOM change is painted. It grabs the X window (ImageMagick
 * `import`): WebKitWebDriver's own screenshot waits for a new paint and hangs
 * on a page that does not change.
 */
async function shot(name) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.pause(150);
  const path = join(SHOTS, `${name}.png`);
  execFileSync('import', ['-window', appWindowId(), path]);
  assert.ok(statSync(path).size > 5000, `${path} looks empty`);
  return path;
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'buildcert-e2e-'));

  driver = spawn(DRIVER, ['--port', String(PORT), '--native-port', String(PORT + 1)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, BUILDCERT_DATA_DIR: dataDir, WEBKIT_DISABLE_DMABUF_RENDERER: '1' },
  });
  await waitForPort(PORT);
  browser = await remote({
    hostname: '127.0.0.1',
    port: PORT,
    logLevel: 'warn',
    connectionRetryCount: 1,
    connectionRetryTimeout: 30000,
    capabilities: {
      browserName: 'wry',
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: APP },
    },
  });
});

after(async () => {
  try {
    if (browser) await browser.deleteSession();
  } finally {
    if (driver && driver.exitCode === null) {
      // TERM, not KILL: tauri-driver only stops WebKitWebDriver on TERM/INT/QUIT.
      driver.kill('SIGTERM');
      await Promise.race([once(driver, 'exit'), new Promise((r) => setTimeout(r, 5000))]);
    }
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
