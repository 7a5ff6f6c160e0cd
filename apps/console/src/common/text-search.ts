/** `%`, `_` and `\` typed by a user are searched for literally, not as wildcards. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A search text that looks like (part of) a phone number, as a LIKE pattern over the digits
 * alone: "13800138000" finds "138 0013 8000" and the other way round. Undefined for any
 * other text (a name, an address), or fewer than three digits.
 */
export function phoneDigitsPattern(text: string): string | undefined {
  if (!/^[+0-9 ()-]+$/.test(text)) return undefined;
  const digits = text.replace(/\D/g, '');
  return digits.length >= 3 ? `%${digits}%` : undefined;
}

/** SQL: the column's digits only, to compare with phoneDigitsPattern. */
export const phoneDigitsSql = (column: string) => `regexp_replace(COALESCE(${column}, ''), '[^0-9]', '', 'g')`;
