// End-to-end tests of the real app on a fresh data dir: the demo data is
// offered on first start and installed in-process (no command-line tools),
// then a tender check runs over the demo certificate files, shows the
// per-role result and the rows, and writes its check report. A file of its
// own (own app instance, data dir and port).
//
// Env: see ./support/app.mjs (this file: its own port offset).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startApp, stopApp, heading, nav, shot, todayCst } from './support/app.mjs';

let browser;
let dataDir;
/** The demo set the app installed (in the demo profile: DATA_DIR/demo-profile/set) and its manifest. */
let demoDir;
let manifest;

/** The data-status of every tender row shown, in order. */
function rowStatuses() {
  return browser.execute(() => [...document.querySelectorAll('[data-testid="tender-row"]')].map((r) => r.getAttribute('data-status')));
}

/** Sets a text field through keys (so the app sees input events). */
async function type(selector, text) {
  const el = await browser.$(selector);
  await el.waitForDisplayed({ timeout: 10000 });
  await el.setValue(text);
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'buildcert-e2e-tender-'));
  demoDir = join(dataDir, 'demo-profile', 'set');
  browser = await startApp({ portOffset: 30, dataDir, env: { BUILDCERT_NO_NOTIFICATIONS: '1' } });
});

after(async () => {
  try {
    await stopApp();
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('first start: the demo data is offered and installed in the app', () => {
  it('offers the demo data in the empty wallet', async () => {
    assert.equal(await heading(), '我的证书');
    const offer = await browser.$('[data-testid="demo-offer"]');
    await offer.waitForDisplayed({ timeout: 10000 });
    assert.match(await offer.getText(), /演示/);
    await shot('20-wallet-demo-offer-zh');
  });

  it('installs it on click: cards appear, marked demo, and the trust list is in use', async () => {
    await (await browser.$('[data-testid="demo-install"]')).click();
    await (await browser.$('[data-testid="demo-installed"]')).waitForDisplayed({ timeout: 90000 });
    manifest = JSON.parse(readFileSync(join(demoDir, 'manifest.json'), 'utf8'));
    const cards = await browser.$$('[data-testid="wallet-card"]');
    assert.ok(cards.length >= 5, `only ${cards.length} cards`);
    const first = manifest.certificates.find((c) => c.number === 1);
    const card = await browser.$(`[data-testid="wallet-card"][data-reg="${first.reg}"]`);
    await card.waitForDisplayed({ timeout: 10000 });
    assert.equal(await card.getAttribute('data-verdict'), 'valid');
    assert.match(await card.getText(), /演示/);
    assert.equal(await browser.$('[data-testid="demo-offer"]').isExisting(), false);
    // The demo opened in its own profile: the 演示模式 banner is on every screen.
    const banner = await browser.$('[data-testid="demo-banner"]');
    await banner.waitForDisplayed({ timeout: 10000 });
    assert.match(await banner.getText(), /演示模式/);
    await browser.execute(() => window.scrollTo(0, 0));
    await shot('20b-wallet-demo-banner-zh');
    // The real profile got nothing: no wallet entries, no root, no list.
    assert.equal(existsSync(join(dataDir, 'demo', 'root.key.pem')), false);
    await (await card.$('button')).click();
    await (await browser.$('[data-testid="wallet-detail"]')).waitForDisplayed({ timeout: 10000 });
    await shot('21-wallet-demo-detail-zh');
    await nav('settings');
    const info = await browser.$('[data-testid="trust-info"]');
    await info.waitForDisplayed({ timeout: 10000 });
    assert.match(await info.getText(), /第 1 版/);
    assert.match(await info.getText(), /演示/);
  });
});

describe('tender check on the demo certificate files', () => {
  it('runs a tender over a folder and shows the per-role result and the rows', async () => {
    const c1 = manifest.certificates.find((c) => c.number === 1);
    const specialty = c1.specialties[0].split(' ')[0];
    await nav('tender');
    await type('[data-testid="tender-name"]', '演示项目 E2E');
    await type('#tender-date', todayCst());
    await type('[data-testid="tender-company"]', c1.employer);
    await type('[data-testid="tender-uscc"]', c1.uscc);
    await (await browser.$('[data-testid="role-add"]')).click();
    await type('#role-name-0', '项目经理');
    await (await browser.$('#role-spec-0')).selectByAttribute('value', specialty);
    // Two folders: the BC1 certificate files and the official-format PDFs.
    for (const folder of ['certs', 'official']) {
      await type('[data-testid="tender-path"]', join(demoDir, folder));
      await (await browser.$('[data-testid="tender-path-add"]')).click();
    }
    await (await browser.$('[data-testid="tender-inputs"]')).waitForDisplayed({ timeout: 5000 });
    await (await browser.$('[data-testid="tender-run"]')).click();

    const result = await browser.$('[data-testid="tender-result"]');
    await result.waitForDisplayed({ timeout: 110000 });
    const role = await browser.$('[data-testid="tender-role-result"]');
    assert.equal(await role.getAttribute('data-covered'), 'true', await role.getText());
    assert.match(await role.getText(), /已满足/);
    assert.match(await role.getText(), new RegExp(c1.name));
    const outcome = await browser.$('[data-testid="tender-outcome"]');
    assert.equal(await outcome.getAttribute('data-outcome'), 'passed');
    // Under the demo root the banner never says a plain 通过: 演示 and a warning come with it.
    assert.equal(await (await browser.$('[data-testid="tender-demo"]')).getText(), '演示');
    assert.match(await outcome.getText(), /不能用于真实投标/);
    assert.doesNotMatch(await outcome.getText(), /通过/);
    assert.equal(await browser.$('[data-testid="demo-banner"]').isDisplayed(), true);

    const statuses = await rowStatuses();
    const rows = statuses;
    assert.ok(rows.length >= manifest.count, `${rows.length} rows for ${manifest.count} certificates`);
    for (const s of ['valid', 'invalid', 'unverified']) assert.ok(statuses.includes(s), `no ${s} row in ${statuses}`);
    // The official-format PDFs are unverified rows that say so in words.
    const unverified = await browser.$('[data-testid="tender-row"][data-status="unverified"]');
    assert.match(await unverified.getText(), /未验证/);
    await shot('22-tender-result-zh');
    // Masked ID numbers only (in the details, opened in place).
    await (await browser.$('[data-testid="tender-expand-all"]')).click();
    const ids = await browser.execute(() => [...document.querySelectorAll('[data-testid="row-id"]')].map((c) => c.textContent.trim()));
    assert.ok(ids.some((i) => i !== ''), 'no ID numbers shown at all');
    for (const i of ids) assert.ok(i === '' || /^\*{14}[\dX]{4}$/.test(i), `ID not masked: ${i}`);
    await shot('22b-tender-result-details-zh');
    await (await browser.$('[data-testid="tender-expand-all"]')).click();

    // Filter: only the invalid rows.
    await (await browser.$('[data-testid="tender-filter"]')).selectByAttribute('value', 'invalid');
    await browser.waitUntil(
      async () => {
        const st = await rowStatuses();
        return st.length > 0 && st.every((x) => x === 'invalid');
      },
      { timeout: 5000, timeoutMsg: 'filter did not apply' },
    );
    await (await browser.$('[data-testid="tender-filter"]')).selectByAttribute('value', 'all');
    // Sort by verdict: errors first.
    await (await browser.$('[data-testid="sort-status"]')).click();
    const firstStatus = await (await browser.$('[data-testid="tender-row"]')).getAttribute('data-status');
    assert.equal(firstStatus, 'invalid');
  });

  it('writes the check report as XLSX, CSV and PDF', async () => {
    for (const ext of ['xlsx', 'csv', 'pdf']) {
      const path = join(dataDir, `核查报告.${ext}`);
      const field = await browser.$('[data-testid="tender-export-path"]');
      await field.setValue(path);
      await (await browser.$('[data-testid="tender-export-path-submit"]')).click();
      await browser.waitUntil(
        async () => (await browser.$('[data-testid="tender-exported"]').isExisting()) && (await (await browser.$('[data-testid="tender-exported"]')).getText()).includes(path),
        { timeout: 60000, timeoutMsg: `${ext} report not written` },
      );
      assert.ok(statSync(path).size > 200, `${path} is too small`);
    }
    assert.ok(readFileSync(join(dataDir, '核查报告.csv')).subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'CSV has a UTF-8 BOM');
    assert.equal(readFileSync(join(dataDir, '核查报告.pdf')).subarray(0, 5).toString(), '%PDF-');
    await shot('23-tender-exported-zh');
  });
});

describe('official-format certificates (未验证)', () => {
  const FIXTURES = resolve(process.env.OFFICIAL_FIXTURES ?? 'tests/fixtures/official');

  it('imports an official PDF: the form shows the fields read, the holder confirms, the card says unverified', async () => {
    await nav('wallet');
    const toggle = await browser.$('[data-testid="wallet-import-toggle"]');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await type('[data-testid="wallet-import-path"]', join(FIXTURES, 'fullwidth-iso-2spec.pdf'));
    await (await browser.$('[data-testid="wallet-import-path-submit"]')).click();
    const form = await browser.$('[data-testid="official-form"]');
    await form.waitForDisplayed({ timeout: 30000 });
    assert.match(await form.getText(), /未验证/);
    const name = await (await browser.$('#off-name')).getValue();
    assert.ok(name.length >= 2, `name read off the PDF: "${name}"`);
    const reg = await (await browser.$('#off-reg')).getValue();
    assert.match(reg, /^\p{Script=Han}1\d{11,15}$/u);
    assert.equal((await browser.$$('[data-testid="off-specialty"]')).length, 2);
    await shot('24-official-form-zh');
    // The USCC is not printed on this layout: the holder types it.
    const c1 = manifest.certificates.find((c) => c.number === 1);
    if (!(await (await browser.$('#off-uscc')).getValue())) await type('#off-uscc', c1.uscc);
    await (await browser.$('[data-testid="official-confirm"]')).click();
    await (await browser.$('[data-testid="official-saved"]')).waitForDisplayed({ timeout: 20000 });
    const card = await browser.$(`[data-testid="wallet-card"][data-reg="${reg}"]`);
    await card.waitForDisplayed({ timeout: 10000 });
    assert.equal(await card.getAttribute('data-verdict'), 'unverified');
    assert.match(await card.getText(), /未验证（官方格式）/);
    assert.doesNotMatch(await card.getAttribute('class') ?? '', /verdict-valid/);
    await (await card.$('button')).click();
    const detail = await browser.$('[data-testid="official-detail"]');
    await detail.waitForDisplayed({ timeout: 10000 });
    assert.match(await detail.getText(), /在官方平台在线核验|官方在线查询/);
    // The verdict banner is blue-grey "not verified", never green.
    const v = await browser.$('[data-testid="wallet-detail"] [data-testid="verdict"]');
    assert.equal(await v.getAttribute('data-verdict'), 'unverified');
    await shot('25-wallet-official-detail-zh');
  });

  it('an image-only scan gets a plain message and an empty form', async () => {
    await type('[data-testid="wallet-import-path"]', join(FIXTURES, 'scan-image-only.pdf'));
    await (await browser.$('[data-testid="wallet-import-path-submit"]')).click();
    const msg = await browser.$('[data-testid="official-form-message"]');
    await msg.waitForDisplayed({ timeout: 30000 });
    assert.match(await msg.getText(), /只有图像|无法自动读取/);
    assert.equal(await (await browser.$('#off-name')).getValue(), '');
    await (await browser.$('[data-testid="official-cancel"]')).click();
  });

  it('the tender check lists an official PDF as unverified, covering no role', async () => {
    await nav('tender');
    // The form kept the last tender (switching screens loses nothing); check one official fixture alone.
    assert.equal(await (await browser.$('[data-testid="tender-name"]')).getValue(), '演示项目 E2E');
    while (await browser.$('[data-testid="tender-inputs"] button').isExisting()) {
      await (await browser.$('[data-testid="tender-inputs"] button')).click();
    }
    await type('[data-testid="tender-path"]', join(FIXTURES, 'fullwidth-chinese-3spec.pdf'));
    await (await browser.$('[data-testid="tender-path-add"]')).click();
    await (await browser.$('[data-testid="tender-run"]')).click();
    // The last run had a row per demo file; this one has the one PDF.
    await browser.waitUntil(async () => (await rowStatuses()).length === 1, { timeout: 60000, timeoutMsg: 'no new tender result' });
    assert.deepEqual(await rowStatuses(), ['unverified']);
    assert.match(await (await browser.$('[data-testid="tender-row"]')).getText(), /未验证/);
    const role = await browser.$('[data-testid="tender-role-result"]');
    assert.equal(await role.getAttribute('data-covered'), 'false');
  });
});
