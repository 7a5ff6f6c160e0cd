import { defineMessages } from './define';

/**
 * The singular forms of core texts that carry a `{count}` (`translate` picks `<key>.one` when
 * the count is one in the chosen language). Chinese has no plural: its `.one` is the same text.
 */
export const pluralMessages = defineMessages({
  zhCN: {
    'incident.presses.one': '按键 {count} 次',
  },
  en: {
    'incident.presses.one': '{count} press',
  },
});
