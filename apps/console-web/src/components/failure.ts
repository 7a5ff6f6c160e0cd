import { RequestFailed } from '../api/http';
import { errorMessage } from '../error-message';
import type { Translate } from '../i18n';

/** A refused action in plain words. A 409 is the normal outcome of two people acting at once, not a crash. */
export function describeFailure(t: Translate, error: unknown): string {
  if (!(error instanceof RequestFailed))
    return t('error.generic', {
      detail: errorMessage(error),
    });
  const detail = error.details.join('; ');
  switch (error.statusCode) {
    case 0:
      return t('error.network', { detail });
    case 409:
      return t('error.conflict', { detail });
    case 403:
      return t('error.forbidden', { detail });
    case 404:
      return t('error.notFound', { detail });
    case 400:
      return t('error.invalid', { detail });
    default:
      return t('error.generic', { detail: `${error.statusCode} ${detail}` });
  }
}
