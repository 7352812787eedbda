#!/usr/bin/env node
// Writes THIRD-PARTY-NOTICES for the desktop app: every third-party crate
// compiled into buildcert-app (its normal dependencies, transitively, for
// this build's target, from `cargo tree` and `cargo metadata`) and every npm package bundled
// into ui/dist (read from the sources of a source-mapped build of the UI),
// each with its licence expression and the full text of the licence and
// notice files its package ships. Identical texts are printed once and
// referred to afterwards. Build-time tools (build scripts' dependencies,
// vite, the compiler) are not shipped and not listed.
//
// Usage: node scripts/third-party-notices.mjs OUT_FILE
// Run by the tauri build (tauri.conf.json beforeBuildCommand), so the .deb
// ships it as /usr/share/doc/build-cert/THIRD-PARTY-NOTICES.
// Fails when a package has neither a licence expression nor a licence file.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const APP = 'buildcert-app';
const out = process.argv[2];
if (!out) {
  console.error('usage: third-party-notices.mjs OUT_FILE');
  process.exit(2);
}

// Licence, notice and copyright files at the top of a package (and in a
// LICENSES/ folder, the REUSE layout).
const LICENCE_FILE = /^(licen[cs]e|copying|notice|copyright|unlicense|third[-_]party|authors)([-_.].*)?$/i;

function licenceFiles(dir, extra) {
  const files = new Set();
  const look = (d) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isFile() && LICENCE_FILE.test(name)) files.add(p);
      else if (st.isDirectory() && /^licen[cs]es$/i.test(name)) {
        for (const n of readdirSync(p)) if (statSync(join(p, n)).isFile()) files.add(join(p, n));
      }
    }
  };
  look(dir);
  if (extra && existsSync(extra) && statSync(extra).isFile()) files.add(extra);
  return [...files].sort();
}

// ---- crates: the app's normal dependencies on this build's target, as
// `cargo tree` resolves them for the shipped build (custom-protocol; no
// feature that only tests or dev-dependencies turn on), described from
// `cargo metadata`.
function crates() {
  const host = execFileSync('rustc', ['-vV'], { encoding: 'utf8' }).match(/^host: (.+)$/m)[1];
  const tree = execFileSync(
    'cargo',
    ['tree', '-q', '--locked', '-p', APP, '-e', 'normal', '--features', 'custom-protocol', '--target', host,
      '--prefix', 'none', '-f', '{p}'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const wanted = new Set();
  for (const line of tree.split('\n')) {
    const m = line.match(/^(\S+) v(\S+)/);
    if (m) wanted.add(`${m[1]} ${m[2]}`);
  }
  const meta = JSON.parse(
    execFileSync('cargo', ['metadata', '--format-version', '1', '--locked', '--filter-platform', host], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    }),
  );
  const members = new Set(meta.workspace_members);
  if (!wanted.has(`${APP} ${meta.packages.find((p) => p.name === APP)?.version}`)) {
    throw new Error(`cargo tree did not list ${APP}`);
  }
  const list = [];
  for (const p of meta.packages) {
    if (members.has(p.id) || !wanted.delete(`${p.name} ${p.version}`)) continue; // our own crates, or not shipped
    const dir = dirname(p.manifest_path);
    list.push({
      kind: 'crate',
      name: p.name,
      version: p.version,
      licence: p.license,
      home: p.repository || p.homepage || `https://crates.io/crates/${p.name}`,
      dir,
      files: licenceFiles(dir, p.license_file ? resolve(dir, p.license_file) : null),
    });
  }
  const unknown = [...wanted].filter((k) => !meta.packages.some((p) => members.has(p.id) && `${p.name} ${p.version}` === k));
  if (unknown.length) throw new Error(`not in cargo metadata: ${unknown.join(', ')}`);
  return list;
}

// ---- npm: the packages whose code ends up in ui/dist
function npmPackages() {
  const ui = join(ROOT, 'ui');
  const tmp = mkdtempSync(join(tmpdir(), 'buildcert-notices-'));
  try {
    execFileSync(
      join(ui, 'node_modules/.bin/vite'),
      ['build', '--sourcemap', '--outDir', tmp, '--emptyOutDir', '--logLevel', 'error'],
      { cwd: ui, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const dirs = new Set();
    const walk = (d) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith('.map')) {
          const map = JSON.parse(readFileSync(p, 'utf8'));
          for (const src of map.sources) {
            const abs = resolve(dirname(p), map.sourceRoot || '', src);
            const i = abs.lastIndexOf('/node_modules/');
            if (i < 0) continue;
            const parts = abs.slice(i + 14).split('/');
            dirs.add(abs.slice(0, i + 14) + (parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]));
          }
        }
      }
    };
    walk(tmp);
    if (dirs.size === 0) throw new Error('no npm package found in the UI bundle (source maps missing?)');
    return [...dirs].map((dir) => {
      const pj = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const repo = typeof pj.repository === 'string' ? pj.repository : pj.repository?.url;
      return {
        kind: 'npm',
        name: pj.name,
        version: pj.version,
        licence: typeof pj.license === 'string' ? pj.license : pj.license?.type,
        home: repo || pj.homepage || `https://www.npmjs.com/package/${pj.name}`,
        dir,
        files: licenceFiles(dir, null),
      };
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const all = [...crates(), ...npmPackages()];
const byName = (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version, undefined, { numeric: true });
const crateList = all.filter((p) => p.kind === 'crate').sort(byName);
const npmList = all.filter((p) => p.kind === 'npm').sort(byName);

const bad = all.filter((p) => !p.licence && p.files.length === 0);
if (bad.length) {
  console.error(`third-party-notices: no licence for ${bad.map((p) => `${p.name} ${p.version}`).join(', ')}`);
  process.exit(1);
}

const rule = '='.repeat(78);
const lines = [
  'BuildCert (建造师证书夹) — third-party notices',
  '',
  'The BuildCert desktop app contains the following third-party software.',
  'Each entry gives the licence under which it is distributed and the licence,',
  'notice and copyright files its package ships. Where a package offers a',
  'choice of licences ("MIT OR Apache-2.0"), BuildCert takes it under any one',
  'of them; the texts of all are given. The source of every Rust crate is',
  'published on crates.io, and that of every npm package on npmjs.com, at the',
  'version named.',
  '',
  `Rust crates compiled into the app: ${crateList.length}`,
  `npm packages bundled into its user interface: ${npmList.length}`,
  '',
];
const seenText = new Map(); // sha256 -> "name version, file"
const section = (title, list) => {
  lines.push(rule, title, rule, '');
  for (const p of list) {
    lines.push('-'.repeat(78), `${p.name} ${p.version}`, `Licence: ${p.licence || '(see the files below)'}`, `Source: ${p.home}`);
    if (p.files.length === 0) {
      lines.push(`(The package ships no licence file. Its licence is ${p.licence}; the standard`);
      lines.push(' text is given with other packages in this file and at https://spdx.org/licenses/.)', '');
      continue;
    }
    lines.push('');
    for (const f of p.files) {
      const text = readFileSync(f, 'utf8').replace(/\r\n?/g, '\n').trimEnd();
      const rel = relative(p.dir, f);
      const hash = createHash('sha256').update(text).digest('hex');
      const first = seenText.get(hash);
      if (first) {
        lines.push(`---- ${rel}: the same text as ${first} above`, '');
      } else {
        seenText.set(hash, `${p.name} ${p.version}, ${rel}`);
        lines.push(`---- ${rel}`, '', text, '');
      }
    }
  }
};
section('Rust crates', crateList);
section('npm packages (user interface)', npmList);

mkdirSync(dirname(resolve(out)), { recursive: true });
writeFileSync(out, lines.join('\n') + '\n');
const noFile = all.filter((p) => p.files.length === 0);
console.error(
  `third-party-notices: ${out}: ${crateList.length} crates, ${npmList.length} npm packages, ` +
    `${seenText.size} distinct texts; ${noFile.length} packages without a licence file` +
    (noFile.length ? ` (${noFile.map((p) => p.name).join(', ')})` : ''),
);
