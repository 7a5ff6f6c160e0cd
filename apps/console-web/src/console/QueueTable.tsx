import { type IncidentView, isOutageView, isTechnical } from '@app/contracts';
import { useI18n } from '../i18n';
import { isUnacknowledged } from '../live/incident-store';
import type { OrderedQueue } from '../live/queue-order';
import type { RepeatPresses } from '../live/repeat-press';
import { ShownBecauseNotice } from '../districts/ShownBecauseNotice';
import { SlaCounter } from './SlaCounter';

interface Props {
  queue: OrderedQueue;
  repeats: Pick<RepeatPresses, 'hasUnseenRepeat'>;
  now: number;
  selectedId?: string;
  onSelect: (id: string) => void;
}

/**
 * The live queue: emergencies, then technical incidents in a section of their own (never above
 * an emergency). Unacknowledged rows and unseen repeat presses are highlighted until someone
 * takes the call; an incident nobody of the care team is coming to says so.
 */
export function QueueTable({ queue, repeats, now, selectedId, onSelect }: Props) {
  const { t } = useI18n();
  if (!queue.emergencies.length && !queue.technical.length) return <p className="empty">{t('queue.empty')}</p>;
  const section = (label: string, views: readonly IncidentView[], kind: 'emergencies' | 'technical') =>
    views.length > 0 && (
      <table className={`queue queue-${kind}`} aria-label={label} data-section={kind}>
        <caption>{label}</caption>
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
          {views.map((v) => (
            <QueueRow key={v.id} view={v} now={now} repeated={repeats.hasUnseenRepeat(v)} selected={v.id === selectedId} onSelect={onSelect} />
          ))}
        </tbody>
      </table>
    );
  return (
    <>
      {section(t('nightShift.emergencies'), queue.emergencies, 'emergencies')}
      {section(t('nightShift.technicalSection'), queue.technical, 'technical')}
    </>
  );
}

function QueueRow({
  view: v,
  now,
  repeated,
  selected,
  onSelect,
}: {
  view: IncidentView;
  now: number;
  repeated: boolean;
  selected: boolean;
  onSelect: (id: string) => void;
}) {
  const { t } = useI18n();
  const technical = isTechnical(v.type);
  const classes = [
    'queue-row',
    technical ? 'technical' : '',
    isUnacknowledged(v) ? 'unacknowledged' : '',
    v.escalated ? 'escalated' : '',
    repeated ? 'repeat-press' : '',
    v.cascadeExhaustedAt ? 'nobody-coming' : '',
    selected ? 'selected' : '',
  ];
  return (
    <tr
      data-incident-id={v.id}
      className={classes.filter(Boolean).join(' ')}
      tabIndex={0}
      aria-selected={selected}
      onClick={() => onSelect(v.id)}
      onKeyDown={(e) => e.key === 'Enter' && onSelect(v.id)}
    >
      <td>
        <span className={`type type-${v.type}`}>{t(`incidentType.${v.type}`)}</span>
      </td>
      <td>
        <strong>{v.resident.fullName}</strong>{' '}
        <span className="muted">
          {isOutageView(v) ? t('outages.progress', { called: v.outage.called, affected: v.outage.affected }) : t('resident.ageShort', { age: v.resident.age })}
        </span>
      </td>
      <td>
        {v.resident.district ?? t('common.none')} <ShownBecauseNotice view={v} />
      </td>
      <td>
        <SlaCounter view={v} now={now} />
      </td>
      {/* A technical incident is raised by the device, not by a press: no press count. */}
      <td className="num">{technical ? t('common.none') : v.pressCount}</td>
      <td>
        <span className={`status status-${v.status}`}>{t(`status.${v.status}`)}</span>
        {v.escalated && <span className="flag escalated-flag">{t('incident.escalated')}</span>}
        {v.cascadeExhaustedAt && <span className="flag nobody-coming-flag">{t('nightShift.nobodyComing')}</span>}
        {repeated && <span className="flag repeat-flag">{t('nightShift.repeatFlag', { count: v.pressCount })}</span>}
      </td>
      <td>{v.acknowledgedBy?.username ?? t('common.none')}</td>
    </tr>
  );
}
