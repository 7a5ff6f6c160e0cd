import type { AlarmPattern } from '@app/contracts';
import { useCallback } from 'react';
import { useLoad } from '../admin/use-load';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';

/** The supervisor view's care panel: follow-ups waiting (overdue ones counted), residents short of care two weeks running, alarm pattern flags. */
export function CareWatchPanel() {
  const { t } = useI18n();
  const { api } = useSession();
  const load = useCallback(() => api.care.careWatch(), [api]);
  const watch = useLoad(load);
  if (watch.error !== undefined) return <p className="error">{describeFailure(t, watch.error)}</p>;
  const w = watch.data;
  if (!w) return null;
  const tiles = [
    { label: t('care.watch.due'), value: w.dueFollowUps, testId: 'due' },
    { label: t('care.watch.overdue'), value: w.overdueFollowUps, testId: 'overdue' },
    { label: t('care.watch.visitRequests'), value: w.openVisitRequests, testId: 'visit-requests' },
  ];
  return (
    <section className="kpis" aria-label={t('care.watch.title')}>
      <h2>{t('care.watch.title')}</h2>
      {tiles.map((tile) => (
        <div key={tile.testId} className={tile.testId === 'overdue' && tile.value > 0 ? 'kpi warn' : 'kpi'} data-care-watch={tile.testId}>
          <span className="kpi-value">{tile.value}</span>
          <span className="kpi-label">{tile.label}</span>
        </div>
      ))}
      <div className="card wide">
        <h3>{t('care.watch.belowTarget', { week: w.week })}</h3>
        {w.belowTargetTwoWeeks.length === 0 ? (
          <p className="muted">{t('care.watch.nothing')}</p>
        ) : (
          <ul>
            {w.belowTargetTwoWeeks.map((r) => (
              <li key={r.resident.id}>
                {r.resident.fullName} — {r.hours} / {r.targetHours} h
              </li>
            ))}
          </ul>
        )}
        <h3>{t('care.watch.patterns')}</h3>
        {w.flaggedPatterns.length === 0 ? <p className="muted">{t('care.watch.nothing')}</p> : <PatternList patterns={w.flaggedPatterns} />}
      </div>
    </section>
  );
}

export function PatternList({ patterns }: { patterns: AlarmPattern[] }) {
  const { t } = useI18n();
  return (
    <ul data-testid="pattern-flags">
      {patterns.map((p) => (
        <li key={p.resident.id}>
          <strong>{p.resident.fullName}</strong>: {p.flags.map((f) => t(`care.pattern.flag.${f}`)).join('；')}
        </li>
      ))}
    </ul>
  );
}
