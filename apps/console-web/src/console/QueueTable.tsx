import type { IncidentView } from '@app/contracts';
import { useI18n } from '../i18n';
import { isUnacknowledged } from '../live/incident-store';
import { ShownBecauseNotice } from '../districts/ShownBecauseNotice';
import { SlaCounter } from './SlaCounter';

interface Props {
  incidents: readonly IncidentView[];
  now: number;
  selectedId?: string;
  onSelect: (id: string) => void;
}

/** The live queue; unacknowledged rows are highlighted until someone takes the call. */
export function QueueTable({ incidents, now, selectedId, onSelect }: Props) {
  const { t } = useI18n();
  if (!incidents.length) return <p className="empty">{t('queue.empty')}</p>;
  return (
    <table className="queue" aria-label={t('queue.title')}>
      <thead>
        <tr>
          <th>{t('queue.type')}</th>
          <th>{t('queue.resident')}</th>
          <th>{t('queue.district')}</th>
          <th>{t('queue.elapsed')}</th>
          <th>{t('queue.presses')}</th>
          <th>{t('queue.status')}</th>
          <th>{t('queue.acknowledgedBy')}</th>
        </tr>
      </thead>
      <tbody>
        {incidents.map((v) => {
          const classes = ['queue-row', isUnacknowledged(v) ? 'unacknowledged' : '', v.escalated ? 'escalated' : '', v.id === selectedId ? 'selected' : ''];
          return (
            <tr
              key={v.id}
              data-incident-id={v.id}
              className={classes.filter(Boolean).join(' ')}
              tabIndex={0}
              aria-selected={v.id === selectedId}
              onClick={() => onSelect(v.id)}
              onKeyDown={(e) => e.key === 'Enter' && onSelect(v.id)}
            >
              <td>
                <span className={`type type-${v.type}`}>{t(`incidentType.${v.type}`)}</span>
              </td>
              <td>
                <strong>{v.resident.fullName}</strong> <span className="muted">{t('resident.ageShort', { age: v.resident.age })}</span>
              </td>
              <td>
                {v.resident.district ?? t('common.none')} <ShownBecauseNotice view={v} />
              </td>
              <td>
                <SlaCounter view={v} now={now} />
              </td>
              <td className="num">{v.pressCount}</td>
              <td>
                <span className={`status status-${v.status}`}>{t(`status.${v.status}`)}</span>
                {v.escalated && <span className="flag escalated-flag">{t('incident.escalated')}</span>}
              </td>
              <td>{v.acknowledgedBy?.username ?? t('common.none')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
