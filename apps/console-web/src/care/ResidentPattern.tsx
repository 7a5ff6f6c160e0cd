import { useCallback } from 'react';
import { useLoad } from '../admin/use-load';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';

/** A resident's alarm pattern on the resident's page: counts, the flags and their hint, alarms by hour of day. */
export function ResidentPattern({ residentId }: { residentId: string }) {
  const { t } = useI18n();
  const { api } = useSession();
  const load = useCallback(() => api.care.alarmPattern(residentId), [api, residentId]);
  const { data: p } = useLoad(load);
  if (!p) return null;
  const peak = Math.max(1, ...p.byHour);
  return (
    <div className="pattern" aria-label={t('care.pattern.title')}>
      <h4>{t('care.pattern.title')}</h4>
      <p className="small">
        {t('care.pattern.summary', {
          total: p.total,
          falseAlarms: p.falseAlarms,
          share: Math.round(p.falseAlarmShare * 100),
          last14: p.last14Days,
          previous60: p.previous60Days,
        })}
      </p>
      {p.flags.map((f) => (
        <p key={f} className="badge" data-pattern-flag={f}>
          {t(`care.pattern.flag.${f}`)}
        </p>
      ))}
      <div className="hour-bars" title={t('care.pattern.byHour')}>
        {p.byHour.map((n, hour) => (
          <span
            key={hour}
            style={{ display: 'inline-block', width: 6, marginRight: 1, background: '#c0392b', height: 2 + (n / peak) * 24 }}
            title={`${hour}:00 ${n}`}
          />
        ))}
      </div>
    </div>
  );
}
