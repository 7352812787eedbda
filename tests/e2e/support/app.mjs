// What every end-to-end test file needs: the binaries from the environment,
// one app session through tauri-driver + WebKitWebDriver, and a few helpers
// (current heading, navigation, window screenshots). Each test file runs in
// its own process (node --test), so the session here is that file's own.
//
// Env: BUILDCERT_APP (absolute path of the app built with custom-protocol),
// TAURI_DRIVER (path of tauri-driver), SCREENSHOT_DIR (where PNGs go),
// BUILDCERT_ISSUER (default: beside the app), E2E_PORT (tauri-driver port
// base, default 4444; each file passes its own offset to startApp).

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import { constants as osConstants } from 'node:os';
import { join, resolve } from 'node:path';
import { remote } from 'webdriverio';

/** The app binary under test. */
export const APP = process.env.BUILDCERT_APP;
/** tauri-driver. */
export const DRIVER = process.env.TAURI_DRIVER;
/** Where screenshots go. */
export const SHOTS = resolve(process.env.SCREENSHOT_DIR ?? 'target/screenshots');
/** The reference issuer (demo data), by default next to the app binary. */
export const ISSUER = process.env.BUILDCERT_ISSUER ?? resolve(APP ?? '.', '..', 'buildcert-issuer');
const PORT_BASE = Number(process.env.E2E_PORT ?? 4444);

if (!APP || !existsSync(APP)) throw new Error(`BUILDCERT_APP must name the built app binary (got ${APP})`);
if (!DRIVER || !existsSync(DRIVER)) throw new Error(`TAURI_DRIVER must name tauri-driver (got ${DRIVER})`);

/** This file's session: the WebDriver client and the tauri-driver process. */
const session = { browser: undefined, driver: undefined };

/** Today in UTC+08:00, YYYY-MM-DD. */
export function todayCst() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Resolves once something listens on the port, or rejects after `ms`. */
export async function waitForPort(port, ms = 20000) {
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

/**
 * Starts tauri-driver on E2E_PORT + `portOffset` (the native driver on the
 * next port) and a session of the app with BUILDCERT_DATA_DIR = `dataDir`
 * plus `env`. Returns the WebDriver client.
 */
export async function startApp({ portOffset, dataDir, env = {} }) {
  mkdirSync(SHOTS, { recursive: true });
  const port = PORT_BASE + portOffset;
  // In a process group of its own (detached), which WebKitWebDriver and the
  // app join: stopApp ends the whole group, so nothing outlives this file.
  // Their output comes through pipes this process reads and forwards, never
  // the test runner's own: a leftover app holding the runner's stderr would
  // keep `node --test` (and `make test`) waiting after the last test.
  const driver = spawn(DRIVER, ['--port', String(port), '--native-port', String(port + 1)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, BUILDCERT_DATA_DIR: dataDir, WEBKIT_DISABLE_DMABUF_RENDERER: '1', ...env },
  });
  driver.stdout.on('data', (d) => process.stdout.write(d));
  driver.stderr.on('data', (d) => process.stderr.write(d));
  // Neither keeps this file's process alive: one whose tests end without
  // stopApp still exits, and its exit handler below ends the group.
  driver.unref();
  driver.stdout.unref();
  driver.stderr.unref();
  session.driver = driver;
  await waitForPort(port);
  session.browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    connectionRetryCount: 1,
    connectionRetryTimeout: 30000,
    capabilities: {
      browserName: 'wry',
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: APP },
    },
  });
  return session.browser;
}

/** Whether any process of the process group `pgid` is still alive. */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILL to the process group `pgid`, when any of it is left. */
function killGroup(pgid) {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // ESRCH: nothing left.
  }
}

// A file that ends without stopApp (a failed hook, an uncaught error) or is
// stopped by a signal (the Makefile's timeout sends TERM) still leaves no
// tauri-driver, WebKitWebDriver or app behind: they are in a group of their
// own, which no signal to ours reaches.
process.on('exit', () => {
  if (session.driver) killGroup(session.driver.pid);
});
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.once(signal, () => process.exit(128 + osConstants.signals[signal]));
}

/**
 * Ends the session and stops tauri-driver, then waits (5 s at most) for the
 * rest of its process group (WebKitWebDriver, the app, its web process) to
 * end, and kills what is left.
 */
export async function stopApp() {
  try {
    if (session.browser) await session.browser.deleteSession();
  } finally {
    const { driver } = session;
    if (driver) {
      if (driver.exitCode === null && driver.signalCode === null) {
        // TERM, not KILL: tauri-driver only stops WebKitWebDriver on TERM/INT/QUIT.
        driver.kill('SIGTERM');
        await Promise.race([once(driver, 'exit'), new Promise((r) => setTimeout(r, 5000))]);
      }
      const end = Date.now() + 5000;
      while (groupAlive(driver.pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      killGroup(driver.pid);
      driver.stdout.destroy();
      driver.stderr.destroy();
    }
    session.browser = undefined;
    session.driver = undefined;
  }
}

/** The text of the current screen's <h1>. */
export async function heading() {
  const h = await session.browser.$('main h1');
  await h.waitForDisplayed({ timeout: 10000 });
  return (await h.getText()).trim();
}

/** Goes to a screen through the sidebar (`wallet`, `verify`, `tender`, `settings`). */
export async function nav(id) {
  await (await session.browser.$(`[data-testid="nav-${id}"]`)).click();
  await heading();
}

/**
 * Switches the UI language (`zh` or `en`) with the language button, when it
 * is not that one already, and waits for <html lang>. By the keyboard (focus
 * + Enter): at 200 % WebKitWebDriver's pointer clicks miss.
 */
export async function setLanguage(lang) {
  const { browser } = session;
  const want = lang === 'en' ? 'en' : 'zh-CN';
  if ((await browser.execute(() => document.documentElement.lang)) === want) return;
  await browser.execute((el) => el.focus(), await browser.$('[data-testid="lang-toggle"]'));
  await browser.keys(['Enter']);
  await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.lang)) === want, {
    timeout: 5000,
    timeoutMsg: `language did not switch to ${lang}`,
  });
}

/** A tampered copy of a QR text: one Base45 character changed in the middle. */
export function tamper(text) {
  const i = Math.floor(text.length / 2);
  return text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
}

/** The X window id of the app (we run under our own Xvfb display). */
export function appWindowId() {
  const out = execFileSync('xdotool', ['search', '--name', '^建造师证书夹 BuildCert$'], { encoding: 'utf8' });
  const id = out.trim().split('\n').pop();
  if (!id) throw new Error('app window not found');
  return id;
}

/**
 * Saves SCREENSHOT_DIR/NAME.png of the app window, after two animation
 * frames so the last DOM change is painted. It grabs the X window (ImageMagick
 * `import`): WebKitWebDriver's own screenshot waits for a new paint and hangs
 * on a page that does not change.
 */
export async function shot(name) {
  const { browser } = session;
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.pause(150);
  const path = join(SHOTS, `${name}.png`);
  execFileSync('import', ['-window', appWindowId(), path]);
  assert.ok(statSync(path).size > 5000, `${path} looks empty`);
  return path;
}

/**
 * A demo set made by buildcert-issuer for today (UTC+08:00) in `dir`:
 * its manifest and lookups of the QR text and files of a demo certificate.
 */
export function demoSet(dir) {
  if (!existsSync(ISSUER)) throw new Error(`buildcert-issuer not found at ${ISSUER} (set BUILDCERT_ISSUER)`);
  execFileSync(ISSUER, ['demo', '--out', dir, '--today', todayCst()], { stdio: ['ignore', 'ignore', 'inherit'] });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const file = (number, kind) => join(dir, manifest.files.find((x) => x.kind === kind && x.certificate === number).path);
  return {
    dir,
    manifest,
    cert: (number) => manifest.certificates.find((c) => c.number === number),
    file,
    qrText: (number) => readFileSync(file(number, 'qr_text'), 'utf8').trim(),
  };
}

/** Settings: pins the demo root and imports the demo's trust list no. 1 (from a demoSet). */
export async function pinDemoTrust(demo) {
  const { browser } = session;
  await nav('settings');
  await (await browser.$('[data-testid="root-hex"]')).setValue(demo.manifest.root.public);
  await (await browser.$('[data-testid="root-demo"]')).click();
  await (await browser.$('[data-testid="root-pin"]')).click();
  await (await browser.$('[data-testid="roots"]')).waitForDisplayed({ timeout: 10000 });
  await (await browser.$('[data-testid="trust-path"]')).setValue(join(demo.dir, 'trust.bctl'));
  await (await browser.$('[data-testid="trust-import"]')).click();
  await (await browser.$('[data-testid="trust-imported"]')).waitForDisplayed({ timeout: 10000 });
}
