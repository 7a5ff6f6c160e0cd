import type { IncidentView } from '@app/contracts';
import { useI18n } from '../i18n';
import { formatElapsed, slaLevel } from '../live/sla';

/** Time since the incident opened; amber after 60 s and red after 180 s while nobody acknowledged it. */
export function SlaCounter({ view, now }: { view: Pick<IncidentView, 'status' | 'acknowledgedAt' | 'openedAt'>; now: number }) {
  const { t } = useI18n();
  const level = slaLevel(view, now);
  return (
    <span className={`sla sla-${level}`} data-sla={level} title={t(`sla.${level}`)}>
      {formatElapsed(now - Date.parse(view.openedAt))}
    </span>
  );
}
