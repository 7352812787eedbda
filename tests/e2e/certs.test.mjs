// End-to-end tests of the real BuildCert app with the real crates behind it:
// demo data from buildcert-issuer, trust list import, verification through
// the scanner field and a recorded camera frame, the wallet. A file of its
// own (own app instance and data dir) so each file stays under the
// per-file time limit.
//
// Env: see ./support/app.mjs (this file: its own port offset).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ISSUER, startApp, stopApp, heading, nav, shot, todayCst } from './support/app.mjs';

let browser;
let dataDir;
/** Demo set made by buildcert-issuer for today (UTC+08:00): dir and manifest. */
let demoDir;
let manifest;

/** Whole days from `a` to `b` (YYYY-MM-DD). */
function daysBetween(a, b) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

function demoCert(number) {
  return manifest.certificates.find((c) => c.number === number);
}

/** The QR text of demo certificate `number`. */
function qrText(number) {
  const f = manifest.files.find((x) => x.kind === 'qr_text' && x.certificate === number);
  return readFileSync(join(demoDir, f.path), 'utf8').trim();
}

function demoFile(number, kind) {
  const f = manifest.files.find((x) => x.kind === kind && x.certificate === number);
  return join(demoDir, f.path);
}

/** Types `text` into the scanner field, presses Enter, returns the verdict element once it shows. */
async function verifyInField(text, checkDate = '') {
  const date = await browser.$('#check-date');
  if (checkDate) await date.setValue(checkDate);
  else if (await date.getValue()) {
    // Keys, not clearValue: the field must see input events.
    await date.click();
    await browser.keys(['Control', 'a']);
    await browser.keys(['Backspace']);
  }
  const input = await browser.$('#qr-text');
  await input.setValue(text);
  await browser.execute(() => { window.__lastVerdict = document.querySelector('[data-testid="verdict"]'); });
  await browser.keys(['Enter']);
  // Wait for a new result to replace the old one.
  await browser.waitUntil(
    () => browser.execute(() => {
      const v = document.querySelector('[data-testid="verdict"]');
      return !!v && v !== window.__lastVerdict;
    }),
    { timeout: 20000, timeoutMsg: 'no new verdict shown' },
  );
  return browser.$('[data-testid="verdict"]');
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'buildcert-e2e-'));
  demoDir = join(dataDir, 'demo-set');
  if (!existsSync(ISSUER)) throw new Error(`buildcert-issuer not found at ${ISSUER} (set BUILDCERT_ISSUER)`);
  execFileSync(ISSUER, ['demo', '--out', demoDir, '--today', todayCst()], { stdio: ['ignore', 'ignore', 'inherit'] });
  manifest = JSON.parse(readFileSync(join(demoDir, 'manifest.json'), 'utf8'));
  browser = await startApp({ portOffset: 10, dataDir });
});

after(async () => {
  try {
    await stopApp();
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('BuildCert with demo data', () => {
  it('starts with an empty wallet', async () => {
    assert.equal(await heading(), '我的证书');
    await (await browser.$('[data-testid="wallet-empty"]')).waitForDisplayed({ timeout: 10000 });
  });

  it('verifies on Enter: without a trust list it says to import one', async () => {
    await nav('verify');
    const verdict = await verifyInField('BC1:NOT-A-REAL-CODE');
    assert.equal(await verdict.getAttribute('data-verdict'), 'error');
    const err = await browser.$('[data-testid="error"]');
    assert.equal(await err.getAttribute('data-code'), 'no_trust_list');
    assert.match(await err.getText(), /信任列表/);
  });

  it('settings: pins the demo root and imports the demo trust list by path', async () => {
    await nav('settings');
    await (await browser.$('[data-testid="root-hex"]')).setValue(manifest.root.public);
    await (await browser.$('[data-testid="root-demo"]')).click();
    await (await browser.$('[data-testid="root-pin"]')).click();
    await (await browser.$('[data-testid="roots"]')).waitForDisplayed({ timeout: 10000 });
    assert.match(await (await browser.$('[data-testid="roots"]')).getText(), new RegExp(manifest.root.kid));
    await (await browser.$('[data-testid="trust-path"]')).setValue(join(demoDir, 'trust.bctl'));
    await (await browser.$('[data-testid="trust-import"]')).click();
    await (await browser.$('[data-testid="trust-imported"]')).waitForDisplayed({ timeout: 10000 });
    const info = await (await browser.$('[data-testid="trust-info"]')).getText();
    assert.match(info, /第 1 版/);
    assert.match(info, /撤销电子证书 1 本/);
    assert.match(info, /演示/);
    await shot('12-settings-trust-zh');
  });

  it('verifies a valid, an expired and a tampered code, with words and colour', async () => {
    await nav('verify');
    let v = await verifyInField(qrText(1));
    assert.equal(await v.getAttribute('data-verdict'), 'valid');
    assert.match(await v.getText(), /有效/);
    assert.match(await v.getAttribute('class'), /verdict-valid/);
    assert.match(await (await browser.$('[data-testid="trust-age"]')).getText(), /信任列表第 1 版/);
    assert.ok(await (await browser.$('[data-testid="print-checklist"]')).isDisplayed());
    assert.match(await (await browser.$('[data-testid="result"]')).getText(), new RegExp(demoCert(1).name));
    // The ID number is masked until clicked.
    const idn = await browser.$('[data-testid="id-number"]');
    assert.match(await idn.getText(), /\*{4,}/);
    await (await browser.$('[data-testid="id-reveal"]')).click();
    await browser.waitUntil(async () => !/\*/.test(await idn.getText()), { timeout: 5000, timeoutMsg: 'ID not revealed' });
    await shot('13-verify-valid-zh');

    v = await verifyInField(qrText(3));
    assert.equal(await v.getAttribute('data-verdict'), 'invalid');
    assert.match(await v.getText(), /无效/);
    assert.match(await v.getAttribute('class'), /verdict-invalid/);
    assert.ok(await (await browser.$('[data-code="usage_expired"]')).isExisting());
    await shot('14-verify-expired-zh');

    const text = qrText(1);
    const i = Math.floor(text.length / 2);
    const tampered = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
    v = await verifyInField(tampered);
    assert.equal(await v.getAttribute('data-verdict'), 'invalid');
    assert.match(await v.getText(), /无效/);
    const codes = await browser.execute(() => [...document.querySelectorAll('.reason')].map((r) => r.getAttribute('data-code')));
    assert.ok(codes.some((c) => ['signature_invalid', 'malformed'].includes(c)), `reasons: ${codes}`);
    await shot('15-verify-tampered-zh');
  });

  it('changing the check date changes the verdict', async () => {
    const c = demoCert(1);
    const after = new Date(Date.parse(`${c.use_to}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
    let v = await verifyInField(qrText(1), after);
    assert.equal(await v.getAttribute('data-verdict'), 'invalid');
    assert.ok(await (await browser.$('[data-code="usage_expired"]')).isExisting());
    v = await verifyInField(qrText(1));
    assert.equal(await v.getAttribute('data-verdict'), 'valid');
  });

  it('finds the code in a camera frame (recorded RGBA through the frame command) and shows its box', async () => {
    const png = demoFile(1, 'qr_png');
    const raw = join(dataDir, 'frame.rgba');
    execFileSync('convert', [png, '-resize', '480x480>', '-background', 'white', '-flatten', '-depth', '8', `rgba:${raw}`]);
    const size = execFileSync('identify', ['-format', '%w %h', png]).toString().trim().split(' ').map(Number);
    const scale = Math.min(1, 480 / Math.max(...size));
    const [w, h] = size.map((x) => Math.round(x * scale));
    const bytes = readFileSync(raw);
    assert.equal(bytes.length, w * h * 4, 'frame size');
    await (await browser.$('[data-testid="camera"] summary')).click();
    const found = await browser.executeAsync((w, h, b64, done) => {
      window.__buildcertInjectFrame(w, h, b64).then(done, (e) => done(`error: ${e?.message ?? e}`));
    }, w, h, bytes.toString('base64'));
    assert.equal(found, true);
    const box = await browser.$('[data-testid="camera-box"]');
    await box.waitForDisplayed({ timeout: 10000 });
    const points = await (await browser.$('[data-testid="camera-box"] polygon')).getAttribute('points');
    assert.equal(points.trim().split(/\s+/).length, 4);
    const v = await browser.$('[data-testid="verdict"]');
    assert.equal(await v.getAttribute('data-verdict'), 'valid');
    await shot('16-verify-camera-zh');
  });

  it('wallet: imports demo PDFs by path and shows the countdown; older copy folded', async () => {
    await nav('wallet');
    await (await browser.$('[data-testid="wallet-import-toggle"]')).click();
    for (const n of [1, 12, 9, 10]) {
      const field = await browser.$('[data-testid="wallet-import-path"]');
      await field.setValue(demoFile(n, 'certificate_pdf'));
      await (await browser.$('[data-testid="wallet-import-path-submit"]')).click();
      await browser.waitUntil(async () => (await field.getValue()) === '' || (await browser.$('[data-testid="error"]').isExisting()),
        { timeout: 30000, timeoutMsg: `import of certificate ${n} did not finish` });
      assert.equal(await browser.$('[data-testid="error"]').isExisting(), false, `import of ${n} failed`);
    }
    const c = demoCert(1);
    const card = await browser.$(`[data-testid="wallet-card"][data-reg="${c.reg}"]`);
    await card.waitForDisplayed({ timeout: 10000 });
    const left = daysBetween(todayCst(), c.use_to);
    assert.match(await (await card.$('[data-testid="countdown"]')).getText(), new RegExp(`还剩 ${left} 天`));
    assert.equal(await card.getAttribute('data-verdict'), 'valid');
    assert.equal((await browser.$$('[data-testid="wallet-card"]')).length, 3);
    assert.ok(await (await browser.$('[data-testid="older-copies"]')).isExisting());
    await (await card.$('button')).click();
    const detail = await browser.$('[data-testid="wallet-detail"]');
    await detail.waitForDisplayed();
    assert.ok(await (await detail.$('[data-testid="usage-cause"]')).isExisting());
    await (await browser.$('[data-testid="wallet-export-ics"]')).click();
    await (await browser.$('[data-testid="ics-exported"]')).waitForDisplayed({ timeout: 10000 });
    assert.match(readFileSync(join(dataDir, 'buildcert-reminders.ics'), 'utf8'), /BEGIN:VCALENDAR/);
    await shot('17-wallet-zh');
  });

  it('importing trust-2 turns the newly revoked certificate red in the wallet', async () => {
    const n = manifest.trust_lists.find((t) => t.seq === 2).newly_revoked[0];
    const c = demoCert(n);
    const card = () => browser.$(`[data-testid="wallet-card"][data-reg="${c.reg}"]`);
    assert.equal(await (await card()).getAttribute('data-verdict'), 'valid');
    await nav('settings');
    await (await browser.$('[data-testid="trust-path"]')).setValue(join(demoDir, 'trust-2.bctl'));
    await (await browser.$('[data-testid="trust-import"]')).click();
    await (await browser.$('[data-testid="trust-imported"]')).waitForDisplayed({ timeout: 10000 });
    assert.match(await (await browser.$('[data-testid="trust-info"]')).getText(), /第 2 版/);
    await nav('wallet');
    await (await card()).waitForDisplayed({ timeout: 10000 });
    assert.equal(await (await card()).getAttribute('data-verdict'), 'invalid');
    assert.match(await (await card()).getText(), /无效/);
    await (await (await card()).$('button')).click();
    await (await browser.$('[data-testid="wallet-detail"] [data-code="revoked"]')).waitForDisplayed({ timeout: 5000 });
    await shot('18-wallet-revoked-zh');
  });

});
