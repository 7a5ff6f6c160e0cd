/**
 * Every feature's part of the one catalogue, merged into it by `i18n.ts`. A new feature adds
 * its file (see `define.ts`) and three lines here: the import, one entry in `FEATURE_PARTS`,
 * and its spread in `featureMessages` (both languages).
 */
import { districtsMessages } from './districts';
import { nightShiftMessages } from './night-shift';

/** Every part, so the catalogue spec can prove no key is defined twice. */
export const FEATURE_PARTS: readonly { zhCN: Record<string, string>; en: Record<string, string> }[] = [districtsMessages, nightShiftMessages];

export const featureMessages = {
  zhCN: { ...districtsMessages.zhCN, ...nightShiftMessages.zhCN },
  en: { ...districtsMessages.en, ...nightShiftMessages.en },
};
