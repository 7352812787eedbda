// Issue 16: a hostile file opened on the Verify screen of the real app.
// While the app works through it, the other screens keep answering; when
// it is done, the refusal is shown, naming the limit, in Chinese and (after
// the language switch) in English.
//
// The file is made here with a fixed recipe, the one of
// crates/cli/tests/support/hostile_files.rs (`exponential_forms`): form
// XObjects that each draw the next one twice, 40 levels deep, so the page
// asks for 2^40 drawings of a small square.
//
// The Verify screen opens files through the native GTK file chooser; the
// test answers it as a user would, with the keyboard (xdotool: Ctrl+L, the
// path, Enter).
//
// Env: see ./support/app.mjs (this file: its own port offset).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp, stopApp, heading, nav, shot, appWindowId } from './support/app.mjs';

const VECTORS = fileURLToPath(new URL('../fixtures/vectors/', import.meta.url));

/** A PDF from its objects (Buffers or strings), numbered from 1; object 1 is the catalog. */
export function pdf(objects) {
  const parts = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let len = parts[0].length;
  const offsets = [];
  const push = (b) => {
    const buf = Buffer.isBuffer(b) ? b : Buffer.from(b, 'latin1');
    parts.push(buf);
    len += buf.length;
  };
  objects.forEach((o, i) => {
    offsets.push(len);
    push(`${i + 1} 0 obj\n`);
    push(o);
    push('\nendobj\n');
  });
  const xref = len;
  push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  for (const o of offsets) push(`${String(o).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

function stream(dict, data) {
  return `<< ${dict} /Length ${Buffer.byteLength(data, 'latin1')} >>\nstream\n${data}\nendstream`;
}

/** Form XObjects each drawing the next one twice, `levels` deep: 2^levels drawings. */
export function exponentialForms(levels) {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /X 5 0 R >> >> /Contents 4 0 R >>',
    stream('', '/X Do'),
  ];
  for (let k = 0; k < levels; k += 1) {
    const id = 5 + k;
    if (k + 1 < levels) {
      objs.push(
        stream(
          `/Type /XObject /Subtype /Form /BBox [0 0 200 200] /Resources << /XObject << /X ${id + 1} 0 R >> >>`,
          '/X Do /X Do',
        ),
      );
    } else {
      objs.push(stream('/Type /XObject /Subtype /Form /BBox [0 0 200 200]', '0 0 1 1 re f'));
    }
  }
  return pdf(objs);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Visible X windows named something. */
function visibleWindows() {
  try {
    return execFileSync('xdotool', ['search', '--onlyvisible', '--name', '.'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // xdotool exits 1 when nothing matches
  }
}

/**
 * Answers the GTK file chooser the app just opened with `path`: waits for a
 * new visible window other than the app's, focuses it, Ctrl+L, types the
 * path and presses Enter.
 */
async function answerFileChooser(path, known) {
  const main = appWindowId();
  let dialog;
  const end = Date.now() + 15000;
  while (!dialog && Date.now() < end) {
    dialog = visibleWindows().find((w) => w !== main && !known.includes(w));
    if (!dialog) await sleep(100);
  }
  assert.ok(dialog, 'the file chooser did not open');
  await sleep(500); // let GTK finish mapping and laying out the dialog
  execFileSync('xdotool', ['windowfocus', '--sync', dialog]);
  execFileSync('xdotool', ['key', '--clearmodifiers', 'ctrl+l']);
  await sleep(200);
  execFileSync('xdotool', ['type', '--delay', '20', path]);
  await sleep(300);
  execFileSync('xdotool', ['key', 'Return']);
  // The chooser closes.
  const gone = Date.now() + 10000;
  while (visibleWindows().includes(dialog) && Date.now() < gone) await sleep(100);
  assert.ok(!visibleWindows().includes(dialog), 'the file chooser did not close');
}

let browser;
let dataDir;
let fileDir;
let hostile;

/** Clicks 打开文件 on the Verify screen and picks `path`; returns the time of the pick. */
async function openOnVerify(path) {
  await (await browser.$('[data-testid="nav-verify"]')).click();
  await heading();
  const known = visibleWindows().filter((w) => w !== appWindowId());
  await (await browser.$('[data-testid="open-file"]')).click();
  await answerFileChooser(path, known);
  return Date.now();
}

/** Goes to a screen and waits for content that needs the backend's answer; returns the ms it took. */
async function visit(id, selector, ready = async (el) => el.isDisplayed()) {
  const t0 = Date.now();
  await (await browser.$(`[data-testid="nav-${id}"]`)).click();
  await browser.waitUntil(
    async () => {
      const el = await browser.$(selector);
      return (await el.isExisting()) && ready(el);
    },
    { timeout: 2000, interval: 50, timeoutMsg: `${id}: ${selector} not shown within 2 s while the hostile file is read` },
  );
  return Date.now() - t0;
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'buildcert-e2e-hostile-'));
  fileDir = mkdtempSync(join(tmpdir(), 'buildcert-e2e-hostile-files-'));
  hostile = join(fileDir, 'forms.pdf');
  writeFileSync(hostile, exponentialForms(40));
  browser = await startApp({ portOffset: 90, dataDir, env: { BUILDCERT_NO_NOTIFICATIONS: '1' } });
});

after(async () => {
  try {
    await stopApp();
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (fileDir) rmSync(fileDir, { recursive: true, force: true });
  }
});

/** The refusal on the Verify screen: a read error of the outcome, or an error the command returned. */
const REFUSAL = '[data-testid="result"] [data-testid="read-error"], [data-testid="result"] [data-testid="error"]';

describe('a hostile file on the Verify screen', () => {
  let took; // ms from the pick to the refusal shown, staying on Verify

  it('installs a trust list first (a file is read only when one is installed)', async () => {
    assert.equal(await heading(), '我的证书');
    const cases = JSON.parse(readFileSync(join(VECTORS, 'cases.json'), 'utf8'));
    await nav('settings');
    await (await browser.$('[data-testid="root-hex"]')).setValue(cases.root_public_key_hex);
    await (await browser.$('[data-testid="root-pin"]')).click();
    await (await browser.$('[data-testid="roots"]')).waitForDisplayed({ timeout: 10000 });
    await (await browser.$('[data-testid="trust-path"]')).setValue(join(VECTORS, 'trust.bctl'));
    await (await browser.$('[data-testid="trust-import"]')).click();
    await (await browser.$('[data-testid="trust-imported"]')).waitForDisplayed({ timeout: 10000 });
  });

  it('ends in a refusal that names the limit, in Chinese and in English', async () => {
    const picked = await openOnVerify(hostile);
    const result = await browser.$('[data-testid="result"]');
    const err = await browser.$(REFUSAL);
    await err.waitForDisplayed({ timeout: 60000, timeoutMsg: 'no refusal within 60 s' });
    took = Date.now() - picked;
    const zh = await err.getText();
    const verdict = await (await browser.$('[data-testid="verdict"]')).getAttribute('data-verdict');
    assert.ok(!['valid', 'expiring'].includes(verdict), `verdict ${verdict}: ${zh}`);
    // The limit is named: the time limit (秒) or a processing limit (drawing
    // operations, decoded memory), never only "cannot be read".
    assert.match(zh, /上限/, zh);
    assert.match(zh, /秒|绘图操作|MiB/, zh);
    assert.match(await result.getText(), /上限/);
    await shot('hostile-01-refused-zh');

    await (await browser.$('[data-testid="lang-toggle"]')).click();
    await browser.waitUntil(async () => /limit/.test(await (await browser.$(REFUSAL)).getText()), {
      timeout: 5000,
      timeoutMsg: 'the refusal did not switch to English',
    });
    const en = await (await browser.$(REFUSAL)).getText();
    assert.match(en, /\blimit\b/, en);
    assert.match(en, /\d+ s\b|drawing operations|MiB/, en);
    assert.doesNotMatch(en, /[\u4e00-\u9fff]/, `English only: ${en}`);
    await shot('hostile-02-refused-en');
    await (await browser.$('[data-testid="lang-toggle"]')).click();
    await browser.waitUntil(async () => (await heading()) === '核验', { timeout: 5000 });
    console.log(`hostile forms.pdf on Verify: refused ${took} ms after the pick`);
  });

  it('leaves every other screen answering while it is read', async () => {
    assert.ok(took > 0, 'the first test measured how long the file takes');
    const picked = await openOnVerify(hostile);
    // The screen says it is working on the file.
    const result = await browser.$('[data-testid="result"]');
    assert.match(await result.getText(), /正在核验/);
    const times = [];
    times.push(['wallet', await visit('wallet', '[data-testid="wallet-empty"]')]);
    times.push(['settings', await visit('settings', '[data-testid="wallet-count"]', async (el) => (await el.getText()) === '0')]);
    times.push([
      'tender',
      await visit('tender', '[data-testid="role-add"]', async () => {
        // The specialties come from the backend: add a role and find them in its list.
        if ((await browser.$$('[data-testid="role-specialty"]').length) === 0) {
          await (await browser.$('[data-testid="role-add"]')).click();
        }
        return (await browser.$$('[data-testid="role-specialty"] option').length) > 1;
      }),
    ]);
    times.push(['wallet again', await visit('wallet', '[data-testid="wallet-empty"]')]);
    const done = Date.now() - picked;
    console.log(`screens while the hostile file is read: ${times.map(([s, ms]) => `${s} ${ms} ms`).join(', ')}; all within ${done} ms of the pick (the file takes ${took} ms)`);
    // All of that happened while the same file, picked the same way, was still being read.
    assert.ok(done < took, `the screens were visited in ${done} ms, not within the ${took} ms the file takes`);
    await shot('hostile-03-wallet-while-reading');
  });
});
