import type { Resident } from '@app/contracts';
import type { Lang } from '../i18n';

/**
 * Residents in the order a person looks for them: by name in the chosen language's collation
 * (pinyin order for Chinese names, which the database's byte order is not), then by id.
 */
export function sortedByName<R extends Pick<Resident, 'id' | 'fullName'>>(residents: readonly R[], lang: Lang): R[] {
  const collator = new Intl.Collator(lang, { sensitivity: 'base', numeric: true });
  return [...residents].sort((a, b) => collator.compare(a.fullName, b.fullName) || a.id.localeCompare(b.id));
}
