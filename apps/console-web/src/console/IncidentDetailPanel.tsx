import type { IncidentView, TimelineEntry } from '@app/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { CareTeamPanel } from './CareTeamPanel';
import { describeFailure } from '../components/failure';
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
  const [refresh, setRefresh] = useState(0);
  const reload = useCallback(() => setRefresh((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    api.incident(view.id).then(
      (detail) => {
        if (!current) return;
        setTimeline(detail.timeline);
        setTimelineError(undefined);
      },
      (error: unknown) => current && setTimelineError(describeFailure(t, error)),
    );
    return () => {
      current = false;
    };
  }, [api, t, view.id, view.version, refresh]);

  const { device, location } = view;
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
          <section className="card" aria-label={t('detail.device')}>
            <h3>{t('detail.device')}</h3>
            <dl className="facts">
              <dt>{t('device.serial')}</dt>
              <dd>{device.serial}</dd>
              <dt>{t('device.battery')}</dt>
              <dd className={device.batteryPct !== undefined && device.batteryPct < 20 ? 'warn-text' : undefined}>
                {device.batteryPct !== undefined ? `${device.batteryPct}%` : t('common.unknown')}
              </dd>
              <dt>{t('device.lastSeen')}</dt>
              <dd>{device.lastSeenAt ? formatTime(device.lastSeenAt) : t('common.unknown')}</dd>
              <dt>{t('detail.location')}</dt>
              <dd>
                {location ? (
                  <>
                    {location.lat.toFixed(5)}, {location.lng.toFixed(5)}
                    {location.accuracyM !== undefined && <span className="muted"> ±{Math.round(location.accuracyM)} m</span>}{' '}
                    <a href={mapLink(location.lat, location.lng)} target="_blank" rel="noreferrer noopener">
                      {t('detail.openMap')}
                    </a>
                  </>
                ) : (
                  t('detail.noLocation')
                )}
              </dd>
            </dl>
          </section>
        </div>
      </div>
      <section className="card" aria-label={t('detail.timeline')}>
        <h3>{t('detail.timeline')}</h3>
        {timelineError && <p className="error">{timelineError}</p>}
        {timeline ? <Timeline entries={timeline} /> : <p className="muted">{t('common.loading')}</p>}
      </section>
    </article>
  );
}

export function mapLink(lat: number, lng: number): string {
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`;
}
