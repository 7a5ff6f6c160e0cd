import type { IncidentView, TimelineEntry } from '@app/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { CareTeamPanel } from './CareTeamPanel';
import { describeFailure } from '../components/failure';
import { ShownBecauseNotice } from '../districts/ShownBecauseNotice';
import { DeviceCard } from './DeviceCard';
import { IncidentActions } from './IncidentActions';
import { ResidentProfile } from './ResidentProfile';
import { SlaCounter } from './SlaCounter';
import { Timeline } from './Timeline';

interface Props {
  /** The live view (from the socket); the timeline is fetched whenever its version moves. */
  view: IncidentView;
  now: number;
  onAcknowledge: (id: string) => Promise<void>;
}

export function IncidentDetailPanel({ view, now, onAcknowledge }: Props) {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const [timeline, setTimeline] = useState<TimelineEntry[]>();
  const [timelineError, setTimelineError] = useState<string>();
  // Whether the device is connected comes only with the REST detail (socket pushes leave it out).
  const [connected, setConnected] = useState<{ incidentId: string; value?: boolean }>();
  const [refresh, setRefresh] = useState(0);
  const reload = useCallback(() => setRefresh((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    api.incident(view.id).then(
      (detail) => {
        if (!current) return;
        setTimeline(detail.timeline);
        setConnected({ incidentId: detail.id, ...(detail.device.connected !== undefined ? { value: detail.device.connected } : {}) });
        setTimelineError(undefined);
      },
      (error: unknown) => current && setTimelineError(describeFailure(t, error)),
    );
    return () => {
      current = false;
    };
  }, [api, t, view.id, view.version, refresh]);

  return (
    <article className="detail" data-incident-id={view.id} aria-label={t('detail.title')}>
      <header className="detail-head">
        <h2>
          <span className={`type type-${view.type}`}>{t(`incidentType.${view.type}`)}</span> {view.resident.fullName}
        </h2>
        <div className="detail-meta">
          <span className={`status status-${view.status}`} data-status={view.status}>
            {t(`status.${view.status}`)}
          </span>
          {view.escalated && (
            <span className="flag escalated-flag">
              {t('incident.escalated')}
              {view.escalationReason && ` · ${t(`escalation.${view.escalationReason}`)}`}
            </span>
          )}
          <ShownBecauseNotice view={view} />
          <SlaCounter view={view} now={now} />
          <span>{t('incident.presses', { count: view.pressCount })}</span>
          <span className="muted">{t('incident.openedAt', { time: formatTime(view.openedAt) })}</span>
          {view.acknowledgedBy && (
            <span>
              {t('incident.acknowledgedBy', {
                username: view.acknowledgedBy.username,
              })}
            </span>
          )}
          {view.outcome && <span>{t(`outcome.${view.outcome}`)}</span>}
        </div>
      </header>
      <IncidentActions view={view} onAcknowledge={onAcknowledge} onChanged={reload} />
      <div className="detail-grid">
        <ResidentProfile resident={view.resident} />
        <div>
          <CareTeamPanel careTeam={view.careTeam} dispatches={view.dispatches} now={now} />
          <DeviceCard view={view} connected={connected?.incidentId === view.id ? connected.value : undefined} now={now} />
        </div>
      </div>
      <section className="card" aria-label={t('detail.timeline')}>
        <h3>{t('detail.timeline')}</h3>
        {timelineError && <p className="error">{timelineError}</p>}
        {timeline ? <Timeline entries={timeline} careTeam={view.careTeam} dispatches={view.dispatches} /> : <p className="muted">{t('common.loading')}</p>}
      </section>
    </article>
  );
}
