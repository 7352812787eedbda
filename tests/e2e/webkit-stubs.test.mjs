// The app's WebKit processes run without the speech libraries (Linux; see
// src-tauri/src/webkit_stubs.rs): started directly (no WebDriver) under the
// suite's Xvfb, the app and each of its WebKit processes map the stub and no
// real flite library, and the app keeps its process name across the exec.
// With BUILDCERT_WEBKIT_STUBS=0 they map the real libraries, which shows
// this test can tell the two apart.
//
// Env: BUILDCERT_APP (the app binary), DISPLAY (Xvfb).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const APP = process.env.BUILDCERT_APP;

/** pid and every descendant's pid, from /proc. */
function tree(root) {
  const children = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch {
      // the process ended meanwhile
    }
  }
  const out = [];
  const walk = (p) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** Starts the app, waits for its first paint, returns {name, stub, realFlite} per process. */
async function processesAfterFirstPaint(env) {
  const data = mkdtempSync(join(tmpdir(), 'buildcert-stubs-'));
  const child = spawn(APP, [], {
    env: { ...process.env, ...env, BUILDCERT_DATA_DIR: data, BUILDCERT_STARTUP_TRACE: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    let stderr = '';
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no first paint in 60 s: ${stderr}`)), 60000);
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('first paint')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`the app exited (${code}): ${stderr}`)));
    });
    return tree(child.pid).map((pid) => {
      const maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
      return {
        name: readFileSync(`/proc/${pid}/comm`, 'utf8').trim(),
        stub: maps.includes('libbuildcert-flite-stub.so'),
        realFlite: /\/libflite[^/\s]*\.so[.\d]*$/m.test(maps),
      };
    });
  } finally {
    child.kill('SIGTERM');
    rmSync(data, { recursive: true, force: true });
  }
}

const linuxWithFlite =
  process.platform === 'linux' &&
  ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib'].some((d) =>
    existsSync(join(d, 'libflite.so.1')),
  );

describe('WebKit processes without the speech libraries', { skip: !linuxWithFlite && 'no flite here' }, () => {
  it('the app, its web and its network process map the stub, not flite', async () => {
    assert.ok(APP, 'BUILDCERT_APP is not set');
    const procs = await processesAfterFirstPaint({});
    const names = procs.map((p) => p.name);
    assert.equal(names[0], 'buildcert-app', `the exec kept the name: ${names}`);
    assert.ok(names.includes('WebKitWebProces') && names.includes('WebKitNetworkPr'), `${names}`);
    for (const p of procs.filter((p) => p.name === 'buildcert-app' || p.name.startsWith('WebKit'))) {
      assert.deepEqual([p.name, p.stub, p.realFlite], [p.name, true, false]);
    }
  });

  it('BUILDCERT_WEBKIT_STUBS=0 loads the real libraries', async () => {
    const procs = await processesAfterFirstPaint({ BUILDCERT_WEBKIT_STUBS: '0' });
    for (const p of procs.filter((p) => p.name === 'buildcert-app' || p.name.startsWith('WebKit'))) {
      assert.deepEqual([p.name, p.stub, p.realFlite], [p.name, false, true]);
    }
  });
});
