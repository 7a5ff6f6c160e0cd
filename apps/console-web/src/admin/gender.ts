import { isMessageKey, type Translate } from '../i18n';

/** The genders the resident form offers; the value stored is the code. */
export const GENDERS = ['female', 'male', 'other'] as const;

/** A stored gender in words: a known code translated, anything older (free text from before) as it was typed. */
export function genderWords(t: Translate, gender: string): string {
  const key = `gender.${gender.trim().toLowerCase()}`;
  return isMessageKey(key) ? t(key) : gender;
}
