/**
 * Every feature's part of the one catalogue, merged into it by `i18n.ts`. A new feature adds
 * its file (see `define.ts`) and three lines here: the import, one entry in `FEATURE_PARTS`,
 * and its spread in `featureMessages` (both languages).
 */
import { doorMessages } from './door';
import { failureMessages } from './failures';
import { genderMessages } from './gender';
import { incidentActionMessages } from './incident-actions';
import { pluralMessages } from './plurals';
import { timelineSentenceMessages } from './timeline-sentences';

/** Every part, so the catalogue spec can prove no key is defined twice. */
export const FEATURE_PARTS: readonly { zhCN: Record<string, string>; en: Record<string, string> }[] = [
  timelineSentenceMessages,
  pluralMessages,
  failureMessages,
];

export const featureMessages = {
  zhCN: {
    ...timelineSentenceMessages.zhCN,
    ...pluralMessages.zhCN,
    ...failureMessages.zhCN,
    ...incidentActionMessages.zhCN,
    ...doorMessages.zhCN,
    ...genderMessages.zhCN,
  },
  en: { ...timelineSentenceMessages.en, ...pluralMessages.en, ...failureMessages.en, ...incidentActionMessages.en, ...doorMessages.en, ...genderMessages.en },
};
