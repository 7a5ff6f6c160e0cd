/**
 * A feature's own part of the one catalogue (`i18n.ts` merges every part): its Chinese and
 * English texts, which must have exactly the same keys. A part lives beside nothing else so
 * that features add text without touching each other's lines.
 */
export function defineMessages<K extends string>(part: { zhCN: Record<K, string>; en: Record<NoInfer<K>, string> }) {
  return part;
}
