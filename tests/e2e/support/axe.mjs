// axe-core inside the real app, through WebDriver: the source of
// node_modules/axe-core/axe.min.js is injected with executeScript (once per
// page load; it defines window.axe), then axe.run() is awaited with
// executeAsync. A check fails on any violation whose impact is `serious` or
// `critical`; `minor` and `moderate` ones are returned for the caller to log.
//
// Every rule switched off is passed by the caller as { ruleId: 'reason' } in
// the test itself, so the reason sits next to the rule. An empty reason is
// refused.
//
//   import { checkA11y } from './support/axe.mjs';
//   await checkA11y(browser, 'verify-valid-zh');
//   await checkA11y(browser, 'tender-40-rows-en', {
//     disabled: { 'some-rule': 'why it cannot apply here' },
//     include: '#main',           // optional: only this part of the page
//   });

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** axe-core's browser build, read once per test process. */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** The impacts that fail a check. */
export const FAILING_IMPACTS = Object.freeze(['serious', 'critical']);

/** Injects axe-core into the current page unless it is there already. Returns its version. */
export async function injectAxe(browser) {
  const have = await browser.execute(() => (window.axe ? window.axe.version : null));
  if (have) return have;
  // A string is run as the body of a function: axe.min.js is a UMD bundle
  // that puts itself on window when `window` exists.
  await browser.execute(`${AXE_SOURCE}\n;return true;`);
  const version = await browser.execute(() => (window.axe ? window.axe.version : null));
  assert.ok(version, 'axe-core did not load in the page');
  return version;
}

/**
 * Runs axe on the page (or on the `include` selector) and returns
 * { version, violations, failing, passes, incomplete } where `failing` are
 * the serious/critical violations. It does not assert.
 */
export async function runAxe(browser, { disabled = {}, include } = {}) {
  for (const [rule, reason] of Object.entries(disabled)) {
    assert.ok(typeof reason === 'string' && reason.trim().length > 0, `axe rule ${rule} is switched off without a reason`);
  }
  const version = await injectAxe(browser);
  const rules = Object.fromEntries(Object.keys(disabled).map((id) => [id, { enabled: false }]));
  const raw = await browser.executeAsync(
    (include, rules, done) => {
      const ctx = include ? { include: [include] } : document;
      window.axe
        .run(ctx, { rules, resultTypes: ['violations'] })
        .then((r) =>
          done(
            JSON.stringify({
              violations: r.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.map((n) => ({
                  target: n.target.join(' '),
                  html: n.html.slice(0, 200),
                  summary: n.failureSummary,
                })),
              })),
              passes: r.passes.length,
              incomplete: r.incomplete.map((v) => v.id),
            }),
          ),
        )
        .catch((e) => done(JSON.stringify({ error: String(e && e.message ? e.message : e) })));
    },
    include ?? null,
    rules,
  );
  const res = JSON.parse(raw);
  if (res.error) throw new Error(`axe.run failed: ${res.error}`);
  const failing = res.violations.filter((v) => FAILING_IMPACTS.includes(v.impact));
  return { version, ...res, failing };
}

/** A readable list of violations, one node per line. */
export function formatViolations(violations) {
  return violations
    .map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help}\n` +
        v.nodes.map((n) => `      ${n.target}  ${n.html}\n        ${(n.summary ?? '').replace(/\n/g, '\n        ')}`).join('\n'),
    )
    .join('\n');
}

/**
 * Runs axe and fails on any serious or critical violation, naming the state
 * (`label`) and every offending node. Minor and moderate violations are
 * logged, not failed. Returns the result of runAxe.
 */
export async function checkA11y(browser, label, opts = {}) {
  const res = await runAxe(browser, opts);
  const other = res.violations.filter((v) => !FAILING_IMPACTS.includes(v.impact));
  if (other.length) console.log(`axe ${label}: ${other.length} minor/moderate violation(s)\n${formatViolations(other)}`);
  assert.equal(
    res.failing.length,
    0,
    `axe ${res.version}, ${label}: ${res.failing.length} serious/critical violation(s)\n${formatViolations(res.failing)}`,
  );
  return res;
}
