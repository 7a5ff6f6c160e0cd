import type { IncidentView } from '@app/contracts';
import { useMemo } from 'react';
import { QueuePage } from '../console/QueuePage';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { computeKpis, type Kpis, startOfDay, supervisorOrder } from '../kpi/kpis';
import { queueOrder } from '../live/incident-store';
import type { ConsoleLive } from '../live/use-console-live';
import { useSession } from '../session-context';
import { useNow } from '../use-now';
import { useTodaysIncidents } from './use-todays-incidents';
import { CareWatchPanel } from '../care/CareWatchPanel';

/** The fetched list, with any newer live version of the same incident (or a new one) laid over it. */
function mergeLive(fetched: readonly IncidentView[], live: ConsoleLive): IncidentView[] {
  const byId = new Map(fetched.map((v) => [v.id, v]));
  for (const { view } of live.incidents.entries.values()) {
    const known = byId.get(view.id);
    if (!known || known.version < view.version) byId.set(view.id, view);
  }
  return [...byId.values()];
}

export function SupervisorPage({ live }: { live: ConsoleLive }) {
  const { t } = useI18n();
  const { api } = useSession();
  const now = useNow(5000, live.clockOffsetMs);
  const today = useTodaysIncidents(api);
  const kpis = useMemo(() => computeKpis(mergeLive(today.items, live), now, startOfDay(now)), [today.items, live, now]);
  const ordered = useMemo(() => supervisorOrder(queueOrder(live.incidents), now), [live.incidents, now]);

  return (
    <>
      <KpiStrip kpis={kpis} />
      <CareWatchPanel />
      {today.error !== undefined && <p className="error">{describeFailure(t, today.error)}</p>}
      <QueuePage queue={ordered} incidents={live.incidents} clockOffsetMs={live.clockOffsetMs} title={t('supervisor.title')} />
    </>
  );
}

export function KpiStrip({ kpis }: { kpis: Kpis }) {
  const { t } = useI18n();
  const seconds = (v: number | undefined) => (v === undefined ? t('common.none') : t('kpi.seconds', { value: Math.round(v) }));
  const pct = (v: number | undefined) => (v === undefined ? t('common.none') : `${Math.round(v)}%`);
  const tiles = [
    { label: t('kpi.alarms'), value: String(kpis.alarms) },
    { label: t('kpi.ackMedian'), value: seconds(kpis.ackMedianS) },
    { label: t('kpi.ackP90'), value: seconds(kpis.ackP90S) },
    { label: t('kpi.ackWithin60'), value: pct(kpis.ackWithin60Pct) },
    { label: t('kpi.ackWithin180'), value: pct(kpis.ackWithin180Pct) },
    { label: t('kpi.onSceneMedian'), value: seconds(kpis.onSceneMedianS) },
  ];
  return (
    <section className="kpis" aria-label={t('kpi.title')}>
      <h2>{t('kpi.title')}</h2>
      {tiles.map((tile) => (
        <div key={tile.label} className="kpi">
          <span className="kpi-value">{tile.value}</span>
          <span className="kpi-label">{tile.label}</span>
        </div>
      ))}
    </section>
  );
}
