import { describe, expect, it } from 'vitest';
import { charFromCode, imeKeyAction, spliceText, type ScanKey } from './scanner';

/** The Base45 alphabet of BC1 (RFC 9285) plus the prefix's characters. */
const BC1_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/** How a scanner on a US layout types `ch`: the key's code and Shift. */
function keyFor(ch: string): { code: string; shift: boolean } {
  if (/[A-Z]/.test(ch)) return { code: `Key${ch}`, shift: true };
  if (/[0-9]/.test(ch)) return { code: `Digit${ch}`, shift: false };
  const table: Record<string, { code: string; shift: boolean }> = {
    ' ': { code: 'Space', shift: false },
    $: { code: 'Digit4', shift: true },
    '%': { code: 'Digit5', shift: true },
    '*': { code: 'Digit8', shift: true },
    '+': { code: 'Equal', shift: true },
    '-': { code: 'Minus', shift: false },
    '.': { code: 'Period', shift: false },
    '/': { code: 'Slash', shift: false },
    ':': { code: 'Semicolon', shift: true },
  };
  return table[ch];
}

const ev = (over: Partial<ScanKey>): ScanKey => ({
  key: 'Process',
  code: 'KeyA',
  shiftKey: false,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  isComposing: false,
  ...over,
});

describe('charFromCode', () => {
  it('maps every character of the BC1 alphabet back from its key and Shift', () => {
    for (const ch of BC1_ALPHABET) {
      const k = keyFor(ch);
      expect(charFromCode(k.code, k.shift), `${ch} from ${k.code}`).toBe(ch);
    }
  });

  it('letters: Shift gives upper case, Caps Lock inverts it', () => {
    expect(charFromCode('KeyB', false)).toBe('b');
    expect(charFromCode('KeyB', true)).toBe('B');
    expect(charFromCode('KeyB', true, true)).toBe('b');
    expect(charFromCode('KeyB', false, true)).toBe('B');
  });

  it('digits, the shifted digit row, the numeric keypad and punctuation', () => {
    expect(charFromCode('Digit1', false)).toBe('1');
    expect(charFromCode('Digit1', true)).toBe('!');
    expect(charFromCode('Digit0', true)).toBe(')');
    expect(charFromCode('Numpad7', false)).toBe('7');
    expect(charFromCode('NumpadMultiply', false)).toBe('*');
    expect(charFromCode('NumpadAdd', false)).toBe('+');
    expect(charFromCode('Semicolon', false)).toBe(';');
    expect(charFromCode('Equal', false)).toBe('=');
    expect(charFromCode('Slash', true)).toBe('?');
  });

  it('keys that type nothing give null', () => {
    for (const code of ['Enter', 'Backspace', 'ShiftLeft', 'CapsLock', 'F1', 'ArrowLeft', 'Tab', '', 'Keya', 'KeyAB']) {
      expect(charFromCode(code, false), code).toBeNull();
    }
  });
});

describe('imeKeyAction', () => {
  it('leaves ordinary key presses to the field', () => {
    expect(imeKeyAction(ev({ key: 'a', code: 'KeyA' }))).toBeNull();
    expect(imeKeyAction(ev({ key: 'a', code: 'KeyA', keyCode: 65 }))).toBeNull();
    expect(imeKeyAction(ev({ key: 'Enter', code: 'Enter' }))).toBeNull();
  });

  it('takes the key by its code when the input method holds it ("Process" or composing)', () => {
    expect(imeKeyAction(ev({ code: 'KeyB', shiftKey: true }))).toEqual({ type: 'char', char: 'B' });
    expect(imeKeyAction(ev({ key: 'b', code: 'KeyB', shiftKey: true, isComposing: true }))).toEqual({ type: 'char', char: 'B' });
    expect(imeKeyAction(ev({ key: 'Unidentified', code: 'KeyB', shiftKey: true, keyCode: 229 }))).toEqual({ type: 'char', char: 'B' });
    expect(imeKeyAction(ev({ code: 'Semicolon', shiftKey: true }))).toEqual({ type: 'char', char: ':' });
    expect(imeKeyAction(ev({ code: 'Digit5', shiftKey: true }))).toEqual({ type: 'char', char: '%' });
    expect(imeKeyAction(ev({ code: 'Enter' }))).toEqual({ type: 'enter' });
    expect(imeKeyAction(ev({ code: 'NumpadEnter', isComposing: true, key: 'Enter' }))).toEqual({ type: 'enter' });
  });

  it('never takes shortcuts or keys that type nothing', () => {
    expect(imeKeyAction(ev({ code: 'KeyV', ctrlKey: true }))).toBeNull();
    expect(imeKeyAction(ev({ code: 'KeyV', altKey: true }))).toBeNull();
    expect(imeKeyAction(ev({ code: 'KeyV', metaKey: true }))).toBeNull();
    expect(imeKeyAction(ev({ code: 'Backspace' }))).toBeNull();
    expect(imeKeyAction(ev({ code: 'ShiftLeft' }))).toBeNull();
  });

  it('a whole QR text typed under an input method comes out as the scanner sent it', () => {
    const text = 'BC1:6BFOXN%TSMAHN-H3YSGHZ5$/.*+ 0';
    const out = [...text].map((ch) => {
      const k = keyFor(ch);
      const a = imeKeyAction(ev({ code: k.code, shiftKey: k.shift }));
      return a && a.type === 'char' ? a.char : '∅';
    });
    expect(out.join('')).toBe(text);
  });
});

describe('spliceText', () => {
  it('replaces the selection and puts the caret after the insertion', () => {
    expect(spliceText('abc', 3, 3, 'D')).toEqual({ value: 'abcD', caret: 4 });
    expect(spliceText('abc', 0, 3, 'X')).toEqual({ value: 'X', caret: 1 });
    expect(spliceText('abc', 1, 2, 'XY')).toEqual({ value: 'aXYc', caret: 3 });
    expect(spliceText('abc', 9, 9, 'Z')).toEqual({ value: 'abcZ', caret: 4 });
  });
});
