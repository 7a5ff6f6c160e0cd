import { describe, expect, it } from 'vitest';
import { CATALOGUES, CORE_KEYS } from '../i18n';
import { FEATURE_PARTS } from '.';

describe('the one catalogue', () => {
  it('has the same keys in every language, none empty', () => {
    const zh = Object.keys(CATALOGUES['zh-CN']).sort();
    expect(Object.keys(CATALOGUES.en).sort()).toEqual(zh);
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const [key, text] of Object.entries(CATALOGUES[lang])) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
    }
  });

  it('defines each key once: no feature part overrides the core or another part', () => {
    const seen = new Map<string, number>(CORE_KEYS.map((key) => [key, 1]));
    for (const part of FEATURE_PARTS) for (const key of Object.keys(part.zhCN)) seen.set(key, (seen.get(key) ?? 0) + 1);
    const twice = [...seen].filter(([, n]) => n > 1).map(([key]) => key);
    expect(twice).toEqual([]);
  });
});
