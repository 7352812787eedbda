// The inspection record (打印/导出核查记录, issue 19 part 5) in the real app:
// after a verdict on the Verify screen the record panel is shown with its
// note field; the record of that verdict, then of the whole session, is
// written to a typed path (the path field stands in for the save dialog,
// as the tender report's does) and read back with pdftotext; axe-core
// audits the screen with the note field shown, in Chinese and English.
//
// Env: see ./support/app.mjs (this file: its own port offset).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkA11y } from './support/axe.mjs';
import { demoSet, heading, nav, pinDemoTrust, setLanguage, shot, startApp, stopApp, tamper } from './support/app.mjs';

/** Rules switched off, each with its reason. Empty: every axe rule runs. */
const DISABLED = {};

let browser;
let dataDir;
let outDir;
let demo;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'buildcert-e2e-record-'));
  outDir = join(dataDir, 'records');
  mkdirSync(outDir);
  demo = demoSet(join(dataDir, 'demo-set'));
  browser = await startApp({ portOffset: 100, dataDir, env: { BUILDCERT_NO_NOTIFICATIONS: '1' } });
});

after(async () => {
  try {
    await stopApp();
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
});

/** Types `text` into the scanner field, presses Enter, waits for a new verdict; returns its kind. */
async function verifyInField(text) {
  await (await browser.$('#qr-text')).setValue(text);
  await browser.execute(() => {
    window.__lastVerdict = document.querySelector('[data-testid="verdict"]');
  });
  await browser.keys(['Enter']);
  await browser.waitUntil(
    () =>
      browser.execute(() => {
        const v = document.querySelector('[data-testid="verdict"]');
        return !!v && v !== window.__lastVerdict;
      }),
    { timeout: 20000, timeoutMsg: 'no new verdict shown' },
  );
  return (await browser.$('[data-testid="verdict"]')).getAttribute('data-verdict');
}

/** Writes the record to `path` through the typed-path form; returns the saved line. */
async function exportTo(path) {
  await browser.execute(() => document.querySelector('[data-testid="record-saved"]')?.remove());
  await (await browser.$('[data-testid="record-path"]')).setValue(path);
  await (await browser.$('[data-testid="record-path-submit"]')).click();
  const saved = await browser.$('[data-testid="record-saved"]');
  await saved.waitForDisplayed({ timeout: 30000, timeoutMsg: 'the record was not saved' });
  return saved.getText();
}

/** The PDF's text by poppler's pdftotext, white space removed. */
function pdfText(path) {
  return execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

describe('the inspection record on the Verify screen', () => {
  it('setup: the demo root pinned and trust list no. 1', async () => {
    assert.equal(await heading(), '我的证书');
    await pinDemoTrust(demo);
    await nav('verify');
    assert.equal(await (await browser.$$('[data-testid="record"]')).length, 0, 'no record before a check');
  });

  it('after a verdict: the note field, axe in Chinese, the record of that verdict read back', async () => {
    assert.equal(await verifyInField(demo.qrText(1)), 'valid');
    const panel = await browser.$('[data-testid="record"]');
    await panel.waitForDisplayed({ timeout: 10000 });
    const button = await browser.$('[data-testid="record-export"]');
    assert.equal((await button.getText()).trim(), '打印/导出核查记录');
    await (await browser.$('#record-note')).setValue('东门 第二批 gate 2');
    await panel.scrollIntoView();
    await shot('record-verify-zh');
    await checkA11y(browser, 'record-verify-note-zh', { disabled: DISABLED });

    const path = join(outDir, 'record-1.pdf');
    const saved = await exportTo(path);
    assert.match(saved, /核查记录已保存（1 次核验）/);
    assert.ok(existsSync(path));
    const t = pdfText(path);
    assert.match(t, /现场核查记录/);
    assert.match(t, /核查结论：【演示】/, 'a demo root says so');
    assert.ok(t.includes('东门第二批gate2'), `the note: ${t}`);
    assert.ok(t.includes(demo.cert(1).name), 'the holder');
    assert.ok(t.includes(demo.cert(1).id_masked), `the masked ID ${demo.cert(1).id_masked}: ${t}`);
    assert.match(t, /信任列表：第1版/);
    assert.match(t, /核查时间：\d{4}-\d{2}-\d{2}\d{2}:\d{2}/);
  });

  it('a second check, then the record of the session: both checks', async () => {
    assert.equal(await verifyInField(tamper(demo.qrText(2))), 'invalid');
    const session = await browser.$('[data-testid="record-scope-session"]');
    await browser.waitUntil(async () => /（2 次/.test(await (await session.parentElement()).getText()), {
      timeout: 5000,
      timeoutMsg: 'the session count did not reach 2',
    });
    await session.click();
    const path = join(outDir, 'session.pdf');
    assert.match(await exportTo(path), /核查记录已保存（2 次核验）/);
    const t = pdfText(path);
    assert.match(t, /共2次核查：有效1，有效（需注意）0，无效1/, t);
    assert.ok(t.includes(demo.cert(1).name));
  });

  it('in English: the same panel, axe', async () => {
    await setLanguage('en');
    assert.equal((await (await browser.$('[data-testid="record-export"]')).getText()).trim(), 'Export inspection record');
    const note = await browser.$('#record-note');
    assert.equal(await note.getValue(), '东门 第二批 gate 2', 'the note is kept for the next record');
    await (await browser.$('[data-testid="record"]')).scrollIntoView();
    await shot('record-verify-en');
    await checkA11y(browser, 'record-verify-note-en', { disabled: DISABLED });
    await setLanguage('zh');
  });
});
