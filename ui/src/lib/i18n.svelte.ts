// A small i18n module: zh-CN by default, English switchable. `t()` reads
// the current language from rune state, so templates update on a switch.

import type { Language } from './bindings';
import { en, zhCN, type MessageKey, SPECIALTY_EN } from './messages';

const dictionaries: Record<Language, Record<MessageKey, string>> = {
  'zh-CN': zhCN,
  en,
};

const state = $state<{ lang: Language }>({ lang: 'zh-CN' });

/** The current language. */
export function lang(): Language {
  return state.lang;
}

/** Switches the language (and the document's `lang` attribute). */
export function setLang(l: Language): void {
  state.lang = l;
  if (typeof document !== 'undefined') document.documentElement.lang = l;
}

/** Text for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = dictionaries[state.lang][key] ?? zhCN[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

/** Text for `key` in a given language (for texts kept in both, like Rust's). */
export function textIn(l: Language, key: MessageKey): string {
  return dictionaries[l][key] ?? zhCN[key];
}

/** Whether a message key exists (for codes coming from Rust). */
export function hasKey(key: string): key is MessageKey {
  return key in zhCN;
}

/** Short text for a reason code (terms.md), or the code itself when unknown. */
export function reasonText(code: string): string {
  const key = `reason.${code}`;
  return hasKey(key) ? t(key) : code;
}

/** A specialty name in the current language (names are Chinese in the data). */
export function specialtyName(name: string): string {
  return state.lang === 'en' ? (SPECIALTY_EN[name] ?? name) : name;
}

/** Picks the current language's half of a bilingual text. */
export function localized(text: { zh: string; en: string }): string {
  return state.lang === 'en' ? text.en : text.zh;
}
