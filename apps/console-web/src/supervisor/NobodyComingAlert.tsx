import type { IncidentView } from '@app/contracts';
import { useI18n } from '../i18n';

/** The supervisor's alert: every live incident nobody of the care team is coming to, oldest first (issue 12, defect 4). */
export function NobodyComingAlert({ incidents }: { incidents: readonly IncidentView[] }) {
  const { t, formatTime } = useI18n();
  const nobodyComing = incidents.filter((v) => v.cascadeExhaustedAt);
  if (!nobodyComing.length) return null;
  return (
    <section role="alert" className="incident-alert nobody-coming-alert supervisor-alert" data-alert="nobody-coming" aria-label={t('nightShift.nobodyComing')}>
      <strong>{t('nightShift.nobodyComingTitle', { count: nobodyComing.length })}</strong>
      <ul>
        {nobodyComing.map((v) => (
          <li key={v.id} data-incident-id={v.id}>
            {t(`incidentType.${v.type}`)} · {v.resident.fullName} · {v.resident.district ?? t('common.none')} · {formatTime(v.cascadeExhaustedAt!)}
          </li>
        ))}
      </ul>
    </section>
  );
}
