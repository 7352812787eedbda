import { describe, expect, it } from 'vitest';
import { hasKey, lang, localized, reasonText, setLang, t, specialtyName } from './i18n.svelte';
import { en, zhCN, SPECIALTY_EN, type MessageKey } from './messages';
import { TERMS_EN, TERMS_ZH } from './bindings/terms';
import src from './messages.ts?raw';

// Reason codes of BC1 §6 / terms.md: every one must have a text in both languages.
const REASON_CODES = [
  'malformed', 'unsupported_algorithm', 'unknown_key', 'signature_invalid', 'key_revoked',
  'key_not_valid_at_issuance', 'issuer_mismatch', 'id_number_invalid', 'id_mismatch',
  'uscc_invalid', 'registration_number_invalid', 'usage_inconsistent', 'revoked',
  'registration_cancelled', 'not_yet_valid', 'usage_expired', 'age_limit_reached',
  'no_valid_specialty', 'specialty_expired', 'usage_expiring', 'renewal_window_open',
  'renewal_upcoming', 'age_limit_approaching', 'trust_list_stale', 'clock_suspect',
  'employer_mismatch', 'specialty_missing', 'pdf_payload_mismatch', 'qr_unreadable', 'superseded',
];

describe('i18n', () => {
  it('defaults to Chinese and switches to English', () => {
    expect(lang()).toBe('zh-CN');
    expect(t('nav.verify')).toBe('核验');
    setLang('en');
    expect(t('nav.verify')).toBe('Verify');
    expect(document.documentElement.lang).toBe('en');
  });

  it('has the same keys in both languages and no empty text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [k, v] of Object.entries(en)) expect(v, k).not.toBe('');
  });

  it('uses the terms.md verdict words', () => {
    expect([t('verdict.valid'), t('verdict.warning'), t('verdict.invalid'), t('verdict.error'), t('verdict.unverified')])
      .toEqual(['有效', '有效（需注意）', '无效', '无法读取', '未验证']);
    setLang('en');
    expect([t('verdict.valid'), t('verdict.warning'), t('verdict.invalid'), t('verdict.error'), t('verdict.unverified')])
      .toEqual(['Valid', 'Valid, with warnings', 'Not valid', 'Could not read', 'Not verified']);
  });

  it('knows every reason code in both languages', () => {
    for (const code of REASON_CODES) {
      expect(hasKey(`reason.${code}`), code).toBe(true);
      expect(reasonText(code)).not.toBe(code);
    }
    expect(reasonText('usage_expired')).toBe('使用有效期已过，请重新下载');
    expect(reasonText('no_such_code')).toBe('no_such_code');
  });

  it('fills placeholders', () => {
    expect(t('wallet.count', { n: 3 })).toBe('共 3 本');
  });

  it('picks the current language of a {zh, en} message from Rust', () => {
    const m = { zh: '证书夹中没有该证书', en: 'no such certificate' };
    expect(localized(m)).toBe('证书夹中没有该证书');
    setLang('en');
    expect(localized(m)).toBe('no such certificate');
  });

  it('names all ten specialties in English', () => {
    expect(Object.keys(SPECIALTY_EN)).toHaveLength(10);
    for (const [zh, en] of Object.entries(SPECIALTY_EN)) expect(en, zh).toBeTruthy();
    setLang('en');
    expect(specialtyName('建筑工程')).toBe('Building construction');
  });

  it('verdict words, reason texts and specialty names come only from Rust (bindings/terms.ts)', () => {
    expect(src).not.toMatch(/'reason\.[a-z_]+':/);
    expect(src).not.toMatch(/'verdict\.(valid|warning|invalid|error|unverified)':/);
    expect(src).not.toMatch(/建筑工程/);
    for (const [k, v] of Object.entries(TERMS_ZH)) expect(zhCN[k as MessageKey], k).toBe(v);
    for (const [k, v] of Object.entries(TERMS_EN)) expect(en[k as MessageKey], k).toBe(v);
    // The tender's own codes are there too, with no hand-written copy.
    expect(TERMS_EN['reason.covered_by_unverified']).toBe('Covered only by an unverified certificate');
  });
});
