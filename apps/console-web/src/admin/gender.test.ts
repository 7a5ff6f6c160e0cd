import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import { genderWords } from './gender';

describe('genderWords', () => {
  it('says the code in the language, and keeps old free text as typed', () => {
    const zh = (key: Parameters<typeof translate>[1]) => translate('zh-CN', key);
    expect(genderWords(zh, 'female')).toBe('女');
    expect(genderWords(zh, 'Male')).toBe('男');
    expect(genderWords(zh, '女')).toBe('女');
  });
});
