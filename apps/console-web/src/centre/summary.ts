import type { IncidentHistoryItem, IncidentView } from '@app/contracts';
import type { Translate } from '../i18n';

/** How many earlier incidents the summary names: enough for "third fall this week". */
const RECENT_IN_SUMMARY = 3;

/**
 * What an operator reads out to 120 or pastes into a message, one fact a line, in the chosen
 * language: who, how old, where and how to get in, what they have, take and must not be given.
 */
export function emergencySummary(t: Translate, view: IncidentView, history: readonly IncidentHistoryItem[], formatTime: (iso: string) => string): string {
  const r = view.resident;
  const list = (items: readonly string[]) => (items.length ? items.join(t('common.listSeparator')) : t('centre.summary.none'));
  const position = view.location ?? view.device.position;
  const recent = history
    .slice(0, RECENT_IN_SUMMARY)
    .map((h) => `${formatTime(h.openedAt)} ${t(`incidentType.${h.type}`)}${h.outcome ? ` (${t(`outcome.${h.outcome}`)})` : ''}`);
  return [
    t('centre.summary.name', { value: r.fullName }),
    t('centre.summary.age', { value: r.age }),
    t('centre.summary.address', { value: r.address }),
    t('centre.summary.access', { value: r.accessNotes ?? t('centre.summary.none') }),
    t('centre.summary.history', { value: list(r.medicalHistory) }),
    t('centre.summary.medications', { value: list(r.medications) }),
    t('centre.summary.allergies', { value: list(r.allergies) }),
    ...(position ? [t('centre.summary.location', { value: formatCoordinates(position) })] : []),
    ...(recent.length ? [t('centre.summary.recent', { value: recent.join('; ') })] : []),
  ].join('\n');
}

/** Five decimals: about a metre, enough to find a door, no false precision. */
export function formatCoordinates(position: { lat: number; lng: number }): string {
  return `${position.lat.toFixed(5)}, ${position.lng.toFixed(5)}`;
}
