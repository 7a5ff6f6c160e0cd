import type { IncidentView } from '@app/contracts';
import { useI18n } from '../i18n';
import { isUnacknowledged } from '../live/incident-store';
import type { OrderedQueue } from '../live/queue-order';
import { TECHNICAL_VOLUME, useFlashingTitle, useRepeatingAlarm } from './alarm-sound';

/**
 * What the queue sounds and shows in the tab title, on every page: an unacknowledged emergency
 * or an unseen repeat press chimes loudly every 3 s; an unacknowledged technical incident only
 * chimes quietly every 15 s (issue 12, defects 2 and 11).
 */
export function useQueueAlerts(queue: OrderedQueue, hasUnseenRepeat: (view: IncidentView) => boolean, muted: boolean): { unacknowledged: number } {
  const { t } = useI18n();
  const emergencies = queue.emergencies.filter(isUnacknowledged).length;
  const technical = queue.technical.filter(isUnacknowledged).length;
  const repeats = [...queue.emergencies, ...queue.technical].filter(hasUnseenRepeat).length;
  const unacknowledged = emergencies + technical;

  useRepeatingAlarm(emergencies + repeats > 0, muted);
  useRepeatingAlarm(technical > 0 && emergencies + repeats === 0, muted, 15_000, TECHNICAL_VOLUME);
  const alert = [unacknowledged ? t('title.alert', { count: unacknowledged }) : '', repeats ? t('nightShift.titleRepeat', { count: repeats }) : '']
    .filter(Boolean)
    .join(' ');
  useFlashingTitle(t('app.name'), alert || undefined);
  return { unacknowledged };
}
