// A USB scanner in keyboard mode types the QR text as key presses. Under a
// Chinese input method (Sogou, Microsoft Pinyin) the letters go into the
// composition window and the event's `key` is "Process"; punctuation arrives
// full width. The physical key (`KeyboardEvent.code`) and Shift still say
// what the scanner meant: this module maps them back to the character a US
// layout types, so the Verify field does not depend on the input method.
// Caps Lock and full-width forms are folded back by the Rust side
// (`fold_typed_text`, BC1 §2) after the text is sent.

/** Characters of the US layout's keys, [unshifted, shifted]. */
const PUNCTUATION: Record<string, readonly [string, string]> = {
  Space: [' ', ' '],
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  Backquote: ['`', '~'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
  NumpadAdd: ['+', '+'],
  NumpadSubtract: ['-', '-'],
  NumpadMultiply: ['*', '*'],
  NumpadDivide: ['/', '/'],
  NumpadDecimal: ['.', '.'],
};

/** Shift + digit row on a US layout. */
const SHIFTED_DIGITS = ')!@#$%^&*(';

/**
 * The character a key press means on a US layout, from its `code`, Shift
 * and Caps Lock; `null` for keys that type nothing (Enter, Backspace, F1 …).
 */
export function charFromCode(code: string, shift: boolean, capsLock = false): string | null {
  let m = /^Key([A-Z])$/.exec(code);
  if (m) return shift !== capsLock ? m[1] : m[1].toLowerCase();
  m = /^Digit([0-9])$/.exec(code);
  if (m) return shift ? SHIFTED_DIGITS[Number(m[1])] : m[1];
  m = /^Numpad([0-9])$/.exec(code);
  if (m) return m[1];
  const p = PUNCTUATION[code];
  if (p) return shift ? p[1] : p[0];
  return null;
}

/** The part of a key event the scanner field looks at. */
export interface ScanKey {
  key: string;
  code: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  isComposing: boolean;
  /** The legacy keyCode: 229 on every key an input method took (WebKit, Chromium, WebView2). */
  keyCode?: number;
  capsLock?: boolean;
}

/**
 * What the scanner field does with a key press while an input method holds
 * it (`key` is "Process", keyCode 229, or the field is composing): `{ type: 'char' }` to
 * insert the key's own character instead of the composition, `enter` to
 * verify, `null` to leave the event alone (no input method involved, a
 * shortcut with Ctrl/Alt/Meta, or a key that types nothing).
 */
export function imeKeyAction(e: ScanKey): { type: 'char'; char: string } | { type: 'enter' } | null {
  if (e.key !== 'Process' && e.keyCode !== 229 && !e.isComposing) return null;
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  if (e.code === 'Enter' || e.code === 'NumpadEnter') return { type: 'enter' };
  const char = charFromCode(e.code, e.shiftKey, e.capsLock ?? false);
  return char === null ? null : { type: 'char', char };
}

/** `value` with `insert` replacing the selection [start, end); the new caret. */
export function spliceText(value: string, start: number, end: number, insert: string): { value: string; caret: number } {
  const s = Math.max(0, Math.min(start, value.length));
  const e = Math.max(s, Math.min(end, value.length));
  return { value: value.slice(0, s) + insert + value.slice(e), caret: s + insert.length };
}
