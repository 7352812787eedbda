// The verdict banners keep WCAG AA contrast (4.5:1, as for small text) for
// their words on their background and for the symbol on its disc, read from
// app.css itself. The app has one theme (no dark variant), so one set.
import { describe, expect, it } from 'vitest';
import type { OutcomeStatus } from './bindings';
import { VERDICT_LOOK } from './verdict';

// app.css read from disk (vitest blanks CSS imports, even ?raw). The UI's
// tsconfig has no Node types, hence the loose import.
const fs = (await import('node:fs' as string)) as { readFileSync(path: string, enc: 'utf8'): string };
const cwd = (globalThis as unknown as { process: { cwd(): string } }).process.cwd();
const css = fs.readFileSync(`${cwd}/src/app.css`, 'utf8');

/** The custom properties of :root. */
const vars: Record<string, string> = Object.fromEntries(
  [...(/:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? '').matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]),
);

/** The declarations of the rule whose selector is exactly `selector`. */
function rule(selector: string): Record<string, string> {
  const esc = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?:^|\\n|\\})\\s*${esc}\\s*\\{([^}]*)\\}`).exec(css);
  if (!m) throw new Error(`no rule ${selector}`);
  return Object.fromEntries([...m[1].matchAll(/([\w-]+)\s*:\s*([^;]+);/g)].map((d) => [d[1], d[2].trim()]));
}

/** A colour value with var() resolved, as #rrggbb (#rgb expanded). */
function colour(v: string): string {
  const m = /^var\((--[\w-]+)\)$/.exec(v);
  let c = m ? vars[m[1]] : v;
  if (/^#[0-9a-f]{3}$/i.test(c)) c = `#${[...c.slice(1)].map((x) => x + x).join('')}`;
  if (!/^#[0-9a-f]{6}$/i.test(c)) throw new Error(`not a #rrggbb colour: ${v} → ${c}`);
  return c;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('verdict banner contrast', () => {
  it('computes WCAG contrast right', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  for (const v of Object.keys(VERDICT_LOOK) as OutcomeStatus[]) {
    it(`${v}: words on the banner and the symbol on its disc reach 4.5:1`, () => {
      const banner = rule(`.${VERDICT_LOOK[v].className}`);
      const words = contrast(colour(banner.color), colour(banner.background));
      expect(words, `${v} words`).toBeGreaterThanOrEqual(4.5);
      const sym = rule(`.${VERDICT_LOOK[v].className} .verdict-symbol`);
      const symColour = sym.color ? colour(sym.color) : colour(rule('.verdict-symbol').color);
      expect(contrast(symColour, colour(sym.background)), `${v} symbol`).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('nothing in a banner is faded with opacity (it would lower the contrast)', () => {
    for (const sel of ['.verdict', '.verdict-symbol', '.verdict-words', '.verdict-detail', '.verdict-text']) {
      expect(rule(sel).opacity, sel).toBeUndefined();
    }
  });

  it('colour is never alone: every verdict has its own symbol and words', () => {
    const looks = Object.values(VERDICT_LOOK);
    expect(new Set(looks.map((l) => l.symbol)).size).toBe(looks.length);
    expect(new Set(looks.map((l) => l.label)).size).toBe(looks.length);
  });
});
