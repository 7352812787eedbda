// Measures, in the real app (release build under Xvfb, driven through
// tauri-driver + WebKitWebDriver), the two interactive figures of issue 6:
//
//   1. verdict latency: from the scanner's Enter (the keydown event's own
//      timestamp, taken inside the page) to the frame in which the new
//      verdict is painted (two animation frames after the DOM changed);
//   2. camera rate: frames per second through the camera path — a 1280×720
//      frame drawn to a canvas, scaled to the 640-px frame the app sends,
//      sent as RGBA and turned into luma, decoded and verified in Rust
//      (`verify_frame`), one frame in flight at a time, as the camera loop
//      does — for a frame holding a certificate's QR code and for one
//      holding none.
//
// Not a test (its name does not end in .test.mjs): `make measure` runs it.
// Env: BUILDCERT_APP, TAURI_DRIVER, BUILDCERT_ISSUER, BUILDCERT_CLI,
// E2E_PORT (tauri-driver port base; this script uses +40), RUNS (default 30).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ISSUER, startApp, stopApp } from './support/app.mjs';

const CLI = process.env.BUILDCERT_CLI;
const RUNS = Number(process.env.RUNS ?? 30);
for (const [name, path] of Object.entries({ BUILDCERT_ISSUER: ISSUER, BUILDCERT_CLI: CLI })) {
  if (!path || !existsSync(path)) throw new Error(`${name} must name an existing binary (got ${path})`);
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}
const fmt = (x) => x.toFixed(1);

const dataDir = mkdtempSync(join(tmpdir(), 'buildcert-perf-'));
const demo = join(dataDir, 'demo');
const env = { ...process.env, BUILDCERT_DATA_DIR: dataDir };
execFileSync(ISSUER, ['demo', '--out', demo], { stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync(CLI, ['trust', 'pin', readFileSync(join(demo, 'root.pub.hex'), 'utf8').trim(), '--label', 'demo', '--demo'], { env, stdio: 'ignore' });
execFileSync(CLI, ['trust', 'import', join(demo, 'trust.bctl')], { env, stdio: 'ignore' });
const manifest = JSON.parse(readFileSync(join(demo, 'manifest.json'), 'utf8'));
const texts = manifest.files.filter((f) => f.kind === 'qr_text').map((f) => readFileSync(join(demo, f.path), 'utf8').trim());
// A 1280×720 camera frame: a certificate page photographed at a slight angle, and an empty desk.
const pagePng = join(demo, manifest.files.find((f) => f.kind === 'qr_png').path);
const frameWith = join(dataDir, 'with.png');
const frameWithout = join(dataDir, 'without.png');
execFileSync('convert', ['-size', '1280x720', 'xc:#c9c4b8', '(', pagePng, '-resize', '420x420', '-bordercolor', 'white', '-border', '30',
  '-rotate', '7', ')', '-gravity', 'center', '-composite', '-attenuate', '0.4', '+noise', 'Gaussian', frameWith]);
execFileSync('convert', ['-size', '1280x720', 'xc:#c9c4b8', '-attenuate', '0.4', '+noise', 'Gaussian', frameWithout]);
const dataUrl = (p) => `data:image/png;base64,${readFileSync(p).toString('base64')}`;

try {
  const browser = await startApp({ portOffset: 40, dataDir, env: { BUILDCERT_NO_NOTIFICATIONS: '1' } });
  await (await browser.$('[data-testid="nav-verify"]')).click();
  const input = await browser.$('[data-testid="qr-input"]');
  await input.waitForDisplayed({ timeout: 10000 });

  // In-page probe: Enter's timestamp, then the paint after the verdict changes.
  await browser.execute(() => {
    window.__perf = { enter: 0, shown: [] };
    document.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__perf.enter = e.timeStamp; }, true);
    const region = document.querySelector('[data-testid="result"]');
    new MutationObserver(() => {
      const v = document.querySelector('[data-testid="verdict"]');
      if (!v || !window.__perf.enter || v.dataset.perfSeen === String(window.__perf.enter)) return;
      v.dataset.perfSeen = String(window.__perf.enter);
      const enter = window.__perf.enter;
      requestAnimationFrame(() => requestAnimationFrame(() => window.__perf.shown.push(performance.now() - enter)));
    }).observe(region, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  for (let i = 0; i < RUNS; i += 1) {
    const before = await browser.execute(() => window.__perf.shown.length);
    await input.click();
    await browser.execute((el, t) => { el.value = t; el.dispatchEvent(new Event('input', { bubbles: true })); }, input, texts[i % texts.length]);
    await browser.keys('Enter');
    await browser.waitUntil(async () => (await browser.execute(() => window.__perf.shown.length)) > before, { timeout: 10000, timeoutMsg: 'no verdict painted' });
  }
  const lat = stats(await browser.execute(() => window.__perf.shown));
  console.log(`verdict latency, Enter → verdict painted, ${lat.n} scans: median ${fmt(lat.median)} ms, p95 ${fmt(lat.p95)} ms, max ${fmt(lat.max)} ms`);

  for (const [label, png] of [['with a QR code', frameWith], ['without a code', frameWithout]]) {
    const r = await browser.executeAsync(async (url, frames, done) => {
      try {
        const img = new Image();
        await new Promise((ok, bad) => { img.onload = ok; img.onerror = bad; img.src = url; });
        const w = 640; const h = Math.round((img.height * 640) / img.width);
        const canvas = document.createElement('canvas'); canvas.width = w; canvas.height = h;
        const ctx = canvas.getContext('2d', { willReadFrequently: true });
        const invoke = window.__TAURI_INTERNALS__.invoke;
        let found = 0;
        const t0 = performance.now();
        for (let i = 0; i < frames; i += 1) {
          ctx.drawImage(img, 0, 0, w, h);
          const rgba = ctx.getImageData(0, 0, w, h).data;
          const data = new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength); // as camera.ts toFrameData
          const out = await invoke('verify_frame', data, { headers: { 'x-frame-width': String(w), 'x-frame-height': String(h), 'x-frame-format': 'rgba' } });
          if (out) found += 1;
        }
        done({ ms: performance.now() - t0, found, w, h });
      } catch (e) { done({ error: String(e?.message ?? e) }); }
    }, dataUrl(png), RUNS);
    if (r.error) throw new Error(`camera path failed: ${r.error}`);
    console.log(`camera path, 1280×720 frame ${label} (sent as ${r.w}×${r.h} RGBA), ${RUNS} frames: ${fmt((RUNS * 1000) / r.ms)} frames/s, ${fmt(r.ms / RUNS)} ms per frame, code found in ${r.found}`);
  }
} finally {
  await stopApp().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
}
