import { type IncidentView } from '@app/contracts';
import { useI18n } from '../i18n';
import { isClosed } from '../live/incident-store';
import type { RepeatPresses } from '../live/repeat-press';

/**
 * What must not be missed on an incident, above everything else in its detail: nobody of the
 * care team is coming (the cascade is exhausted), and a repeat press after it was acknowledged,
 * which stays until the operator clicks "seen".
 */
export function IncidentAlerts({ view, repeats }: { view: IncidentView; repeats: RepeatPresses }) {
  const { t, formatTime } = useI18n();
  if (isClosed(view)) return null;
  return (
    <>
      {view.cascadeExhaustedAt && (
        <p role="alert" className="incident-alert nobody-coming-alert" data-alert="nobody-coming">
          {t('nightShift.nobodyComingNotice', { time: formatTime(view.cascadeExhaustedAt) })}
        </p>
      )}
      {repeats.hasUnseenRepeat(view) && (
        <div role="alert" className="incident-alert repeat-alert" data-alert="repeat-press">
          <span>{t('nightShift.repeatNotice', { count: view.pressCount, time: formatTime(view.lastPressAt) })}</span>
          <button type="button" className="primary" data-action="seen-repeat" onClick={() => repeats.markSeen(view)}>
            {t('nightShift.repeatSeen')}
          </button>
        </div>
      )}
    </>
  );
}
