// End-to-end tests of the settings screen's upkeep parts in the real app:
// the trust list updated from an address (a local HTTP server on 127.0.0.1
// started here serves a newer list), a backup written and restored, the
// verification log, the data folder. Own app instance and data dir.
//
// Env: see ./support/app.mjs (this file: its own port offset).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, existsSync, statSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ISSUER, startApp, stopApp, heading, nav, shot, todayCst } from './support/app.mjs';

let browser;
let dataDir;
let demoDir;
let manifest;
/** The trust list server on 127.0.0.1 and the paths it was asked for. */
let server;
let serverBase;
const requests = [];

/** Sets a text field through keys, so the UI sees input events. */
async function type(testid, text) {
  const el = await browser.$(`[data-testid="${testid}"]`);
  await el.waitForDisplayed({ timeout: 10000 });
  await el.click();
  await browser.keys(['Control', 'a']);
  await browser.keys(['Backspace']);
  await el.setValue(text);
}

async function textOf(testid, timeout = 10000) {
  const el = await browser.$(`[data-testid="${testid}"]`);
  await el.waitForDisplayed({ timeout });
  return el.getText();
}

/** Scrolls the element into view (top of the content area). */
async function scrollTo(selector) {
  await browser.execute((s) => document.querySelector(s)?.scrollIntoView({ block: 'start' }), selector);
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'buildcert-e2e-settings-'));
  demoDir = join(dataDir, 'demo-set');
  if (!existsSync(ISSUER)) throw new Error(`buildcert-issuer not found at ${ISSUER} (set BUILDCERT_ISSUER)`);
  execFileSync(ISSUER, ['demo', '--out', demoDir, '--today', todayCst()], { stdio: ['ignore', 'ignore', 'inherit'] });
  manifest = JSON.parse(readFileSync(join(demoDir, 'manifest.json'), 'utf8'));

  // The "trust list server": the newer demo list (seq 2) at /trust.bctl.
  const newer = readFileSync(join(demoDir, 'trust-2.bctl'));
  server = http.createServer((req, res) => {
    requests.push(req.url);
    if (req.url === '/trust.bctl') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': newer.length });
      res.end(newer);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  serverBase = `http://127.0.0.1:${server.address().port}`;

  browser = await startApp({ portOffset: 20, dataDir });
});

after(async () => {
  try {
    await stopApp();
  } finally {
    if (server) server.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('Settings: trust list update, backup and restore', () => {
  it('pins the demo root and imports trust list no. 1 from a file', async () => {
    await nav('settings');
    assert.equal(await heading(), '设置');
    await type('root-hex', manifest.root.public);
    await (await browser.$('[data-testid="root-demo"]')).click();
    await (await browser.$('[data-testid="root-pin"]')).click();
    await (await browser.$('[data-testid="roots"]')).waitForDisplayed({ timeout: 10000 });
    await type('trust-path', join(demoDir, 'trust.bctl'));
    await (await browser.$('[data-testid="trust-import"]')).click();
    await (await browser.$('[data-testid="trust-imported"]')).waitForDisplayed({ timeout: 10000 });
    assert.match(await textOf('trust-seq'), /第 1 版/);
    assert.match(await textOf('trust-demo'), /演示/);
    const keys = await textOf('issuer-keys');
    assert.ok(keys.includes(manifest.iss), keys);
    assert.ok(keys.includes(manifest.issuer.kid), keys);
    // The data folder is the one the app was started with.
    assert.equal(await (await browser.$('[data-testid="data-dir"]')).getValue(), dataDir);
    assert.equal(requests.length, 0, 'nothing is fetched without a click');
  });

  it('writes a backup of the wallet with trust list no. 1', async () => {
    const out = join(dataDir, 'backups');
    mkdirSync(out, { recursive: true });
    await scrollTo('[data-testid="backup-panel"]');
    await type('backup-path', join(out, 'e2e'));
    await (await browser.$('[data-testid="backup-create"]')).click();
    const status = await textOf('backup-status', 20000);
    const file = join(out, 'e2e.bcbackup');
    assert.ok(status.includes(file), status);
    assert.match(status, /1 份信任列表/);
    assert.ok(statSync(file).size > 1000);
    assert.equal(readFileSync(file).subarray(0, 23).toString(), 'BUILDCERT-WALLET-BACKUP');
  });

  it('a missing file on the server is an error that says what to do, nothing changes', async () => {
    await scrollTo('[data-testid="trust-panel"]');
    await type('trust-url', `${serverBase}/missing.bctl`);
    await (await browser.$('[data-testid="trust-update"]')).click();
    const err = await browser.$('[data-testid="trust-panel"] [data-testid="error"]');
    await err.waitForDisplayed({ timeout: 20000 });
    assert.equal(await err.getAttribute('data-code'), 'trust_update_failed');
    assert.match(await err.getText(), /404/);
    assert.match(await err.getText(), /手动导入/);
    assert.match(await textOf('trust-seq'), /第 1 版/);
  });

  it('updates from the address on 127.0.0.1 on a click and shows no. 2', async () => {
    const before = requests.length;
    await type('trust-url', `${serverBase}/trust.bctl`);
    await (await browser.$('[data-testid="trust-update"]')).click();
    const status = await textOf('trust-status', 20000);
    assert.match(status, /第 1 版 → 第 2 版/);
    assert.match(await textOf('trust-seq'), /第 2 版/);
    assert.deepEqual(requests.slice(before), ['/trust.bctl']);
    await scrollTo('main h1');
    await shot('30-settings-trust-updated-zh');
  });

  it('restores the backup after a confirmation, keeping the newer trust list no. 2', async () => {
    await scrollTo('[data-testid="backup-panel"]');
    await type('restore-path', join(dataDir, 'backups', 'e2e.bcbackup'));
    await (await browser.$('[data-testid="restore-check"]')).click();
    const confirm = await browser.$('[data-testid="restore-confirm"]');
    await confirm.waitForDisplayed({ timeout: 10000 });
    assert.match(await confirm.getText(), /1 份信任列表/);
    assert.match(await confirm.getText(), /无法撤销/);
    // Nothing restored yet.
    await scrollTo('[data-testid="trust-panel"]');
    assert.match(await textOf('trust-seq'), /第 2 版/);
    await scrollTo('[data-testid="backup-panel"]');
    await shot('31-settings-restore-confirm-zh');
    await (await browser.$('[data-testid="restore-yes"]')).click();
    const status = await textOf('backup-status', 20000);
    assert.match(status, /已从备份恢复/);
    // Trust never rolls back: the newer list stays, and the status says so.
    assert.match(status, /第 2 版比备份中的更新，已保留/);
    await scrollTo('[data-testid="trust-panel"]');
    assert.match(await textOf('trust-seq'), /第 2 版/);
    await scrollTo('[data-testid="backup-panel"]');
    await shot('32-settings-restored-zh');
  });

  it('the verification log: counts a check, exports CSV, clears after a confirmation', async () => {
    await scrollTo('[data-testid="settings-form"]');
    await (await browser.$('[data-testid="settings-log"]')).click();
    await (await browser.$('[data-testid="settings-save"]')).click();
    await nav('verify');
    const input = await browser.$('#qr-text');
    await input.waitForDisplayed();
    await input.setValue('BC1:NOT-A-REAL-CODE');
    await browser.keys(['Enter']);
    await (await browser.$('[data-testid="verdict"]')).waitForDisplayed({ timeout: 20000 });
    await nav('settings');
    await browser.waitUntil(async () => /共 1 条记录/.test(await textOf('log-count')), {
      timeout: 10000,
      timeoutMsg: 'the check was not counted in the log',
    });
    await scrollTo('[data-testid="log-panel"]');
    await type('log-path', join(dataDir, 'backups', 'log'));
    await (await browser.$('[data-testid="log-export"]')).click();
    assert.match(await textOf('log-status'), /已导出 1 条记录/);
    const csv = readFileSync(join(dataDir, 'backups', 'log.csv'), 'utf8');
    assert.match(csv, /time,verdict,codes,lid_hash,name/);
    await (await browser.$('[data-testid="log-clear"]')).click();
    await (await browser.$('[data-testid="log-clear-yes"]')).click();
    await browser.waitUntil(async () => /共 0 条记录/.test(await textOf('log-count')), {
      timeout: 10000,
      timeoutMsg: 'the log was not cleared',
    });
    await shot('33-settings-log-zh');
  });

  it('the whole screen in English', async () => {
    await (await browser.$('[data-testid="lang-toggle"]')).click();
    await browser.waitUntil(async () => (await heading()) === 'Settings', { timeout: 5000, timeoutMsg: 'not English' });
    await scrollTo('[data-testid="trust-panel"]');
    assert.match(await textOf('trust-seq'), /No\. 2/);
    await shot('34-settings-trust-en');
    await (await browser.$('[data-testid="lang-toggle"]')).click();
    await browser.waitUntil(async () => (await heading()) === '设置', { timeout: 5000, timeoutMsg: 'not Chinese' });
  });
});
