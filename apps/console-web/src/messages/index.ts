import { careMessages } from './care';
import { districtsMessages } from './districts';
import { doorMessages } from './door';
import { failureMessages } from './failures';
import { genderMessages } from './gender';
import { incidentActionMessages } from './incident-actions';
import { pluralMessages } from './plurals';
import { timelineSentenceMessages } from './timeline-sentences';

/**
 * Every feature's part of the one catalogue, merged into it by `i18n.ts`. A new feature adds
 * its file (see `define.ts`), its import and one line in `PARTS`: one line each, so features
 * added side by side merge without conflicts.
 */
const PARTS = {
  care: careMessages,
  districts: districtsMessages,
  door: doorMessages,
  failures: failureMessages,
  gender: genderMessages,
  incidentActions: incidentActionMessages,
  plurals: pluralMessages,
  timelineSentences: timelineSentenceMessages,
};

type Part = (typeof PARTS)[keyof typeof PARTS];
type Intersection<U> = (U extends unknown ? (part: U) => void : never) extends (part: infer I) => void ? I : never;

/** Every part, so the catalogue spec can prove no key is defined twice. */
export const FEATURE_PARTS: readonly { zhCN: Record<string, string>; en: Record<string, string> }[] = Object.values(PARTS);

export const featureMessages = {
  zhCN: Object.assign({}, ...FEATURE_PARTS.map((part) => part.zhCN)) as Intersection<Part['zhCN']>,
  en: Object.assign({}, ...FEATURE_PARTS.map((part) => part.en)) as Intersection<Part['en']>,
};
