import type { ValidationIssue } from '@app/contracts';
import { RequestFailed } from '../api/http';
import { errorMessage } from '../error-message';
import { isMessageKey, type MessageKey, type Translate } from '../i18n';

/**
 * The words of a form field, by the last name in its path (`emergencyContacts.0.phone` is the
 * phone of the first contact). A field this table does not name is called "this field".
 */
const FIELD_LABELS: Record<string, MessageKey> = {
  fullName: 'resident.fullName',
  dateOfBirth: 'resident.dateOfBirth',
  gender: 'resident.gender',
  phone: 'resident.phone',
  address: 'resident.address',
  district: 'resident.district',
  livingSituation: 'resident.livingSituation',
  medicalHistory: 'resident.medicalHistory',
  medications: 'resident.medications',
  allergies: 'resident.allergies',
  emergencyContacts: 'resident.emergencyContacts',
  accessNotes: 'resident.accessNotes',
  name: 'contact.name',
  relation: 'contact.relation',
  username: 'auth.username',
  password: 'auth.password',
  newPassword: 'users.newPassword',
  role: 'users.role',
  districts: 'users.districts',
  responderId: 'users.responder',
  serial: 'devices.serial',
  residentId: 'devices.resident',
  numbers: 'devices.sosNumbers',
  text: 'action.note',
  note: 'action.resolveNote',
  outcome: 'action.outcome',
};

function fieldName(t: Translate, path: readonly (string | number)[]): string {
  const names = path.filter((p): p is string => typeof p === 'string');
  const last = names.at(-1);
  const label = last && FIELD_LABELS[last] ? t(FIELD_LABELS[last]) : t('failure.field.unnamed');
  const index = path.find((p): p is number => typeof p === 'number');
  const parent = names.length > 1 ? FIELD_LABELS[names[0]!] : undefined;
  return parent && index !== undefined ? t('failure.field.nested', { parent: t(parent), index: index + 1, field: label }) : label;
}

/** Which sentence says an issue: the refinement's rule, else the code refined by what it counts. */
function issueKey(issue: ValidationIssue): MessageKey {
  const candidates = [
    issue.rule ? `failure.issue.rule.${issue.rule}` : '',
    issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1 ? 'failure.issue.required' : '',
    issue.origin ? `failure.issue.${issue.code}.${issue.origin}` : '',
    issue.format ? `failure.issue.${issue.code}.${issue.format}` : '',
    `failure.issue.${issue.code}`,
  ];
  return candidates.find((k): k is MessageKey => k !== '' && isMessageKey(k)) ?? 'failure.issue.invalid';
}

/** One validation problem in the person's language: "姓名：必填", "Date of birth: between 1900-01-01 and today". */
export function describeIssue(t: Translate, issue: ValidationIssue): string {
  return t(issueKey(issue), {
    field: fieldName(t, issue.path),
    ...(issue.minimum !== undefined ? { minimum: issue.minimum } : {}),
    ...(issue.maximum !== undefined ? { maximum: issue.maximum } : {}),
  });
}

/**
 * A refused action in plain words. A 409 says its own reason (contracts' `CONFLICT_REASONS`);
 * a 400 says each field's problem. The server's English detail is shown only where the
 * chosen language's sentence has room for it (the English one), never inside Chinese.
 */
export function describeFailure(t: Translate, error: unknown): string {
  if (!(error instanceof RequestFailed)) return t('error.generic', { detail: errorMessage(error) });
  const detail = error.details.join('; ');
  const { reason, facts, issues } = error.refusal;
  switch (error.statusCode) {
    case 0:
      return t('error.network', { detail });
    case 409: {
      if (!reason) return t('error.conflict', { detail });
      const status = facts?.status;
      const statusKey = `status.${status ?? ''}`;
      const dispatchKey = `dispatch.${status ?? ''}`;
      const statusWords = isMessageKey(statusKey) ? t(statusKey) : isMessageKey(dispatchKey) ? t(dispatchKey) : t('common.unknown');
      return t(`failure.conflict.${reason}`, { by: facts?.by ?? t('timelineSentence.someone'), status: statusWords });
    }
    case 403:
      return t('error.forbidden', { detail });
    case 404:
      return t('error.notFound', { detail });
    case 400:
      return issues?.length
        ? t('failure.invalidFields', { list: issues.map((i) => describeIssue(t, i)).join(t('failure.listSeparator')) })
        : t('error.invalid', { detail });
    default:
      return t('error.generic', { detail: `${error.statusCode} ${detail}` });
  }
}
