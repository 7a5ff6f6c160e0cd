import { CONFLICT_REASONS, residentInputSchema } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { issues } from '../admin/form-helpers';
import { RequestFailed } from '../api/http';
import { type Lang, translate } from '../i18n';
import { describeFailure } from './failure';

const t = (lang: Lang) => (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(lang, key, params);
const zh = t('zh-CN');
const en = t('en');

describe('describeFailure', () => {
  it('says every conflict reason in its own sentence, never the server’s English in Chinese', () => {
    const said = new Set<string>();
    for (const reason of CONFLICT_REASONS) {
      const error = new RequestFailed(409, ['english detail from the server'], { reason, facts: { by: '李娜', status: 'resolved' } });
      const sentence = describeFailure(zh, error);
      expect(sentence.replace('HTTP', '')).not.toMatch(/english|[A-Za-z]{3,}/);
      said.add(sentence);
      expect(describeFailure(en, error)).not.toContain('someone else');
    }
    expect(said.size).toBe(CONFLICT_REASONS.length);
  });

  it('names who acted first and the status in words', () => {
    const acked = new RequestFailed(409, ['already acknowledged by op.li'], { reason: 'already_acknowledged', facts: { by: 'op.li' } });
    expect(describeFailure(zh, acked)).toBe('操作未执行：op.li 已先接警。');
    const late = new RequestFailed(409, ['cannot accept a dispatch that is timed_out'], { reason: 'dispatch_not_allowed', facts: { status: 'timed_out' } });
    expect(describeFailure(en, late)).toBe('Not done: this offer is “Timed out”.');
  });

  it('says each invalid field of a 400 in the person’s language', () => {
    const error = new RequestFailed(400, ['fullName: Too small: expected string to have >=1 characters', 'dateOfBirth: must be a real past date'], {
      issues: [
        { path: ['fullName'], code: 'too_small', origin: 'string', minimum: 1 },
        { path: ['dateOfBirth'], code: 'custom', rule: 'past_date' },
        { path: ['emergencyContacts', 0, 'phone'], code: 'invalid_format', format: 'regex' },
      ],
    });
    expect(describeFailure(zh, error)).toBe('请检查：姓名为必填项；出生日期须在 1900-01-01 与今天之间；紧急联系人第 1 项的电话格式不正确');
    expect(describeFailure(en, error)).toBe(
      'Please check: Name is required; Date of birth must be between 1900-01-01 and today; Phone of Emergency contacts no. 1 is not in the expected format',
    );
  });

  it('leaves the server’s English detail out of Chinese sentences', () => {
    for (const status of [0, 400, 403, 404, 500])
      expect(describeFailure(zh, new RequestFailed(status, ['this dispatch was offered to someone else']))).not.toMatch(/[A-Za-z]{4,}/);
    expect(describeFailure(en, new RequestFailed(403, ['this dispatch was offered to someone else']))).toContain('offered to someone else');
  });
});

describe('form validation in the browser', () => {
  it('says the schema’s problems per field: an empty name, a birth date in 1890', () => {
    const parsed = residentInputSchema.safeParse({
      fullName: '',
      dateOfBirth: '1890-05-01',
      address: 'x',
      medicalHistory: [],
      medications: [],
      allergies: [],
      emergencyContacts: [],
    });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(issues(zh, parsed.error)).toEqual(['姓名为必填项', '出生日期须在 1900-01-01 与今天之间']);
    expect(issues(en, parsed.error).join(' ')).not.toMatch(/Too small|real past date/);
  });
});
