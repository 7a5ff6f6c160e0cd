import type { TimelineEntry } from '@app/contracts';
import { timelineLabel, useI18n } from '../i18n';

function details(data: Record<string, unknown> | undefined): string {
  if (!data) return '';
  return (
    Object.entries(data)
      // Ids mean nothing to an operator (the responder's name is in the care-team panel).
      .filter(([key]) => key !== 'text' && !/Ids?$/.test(key))
      .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
      .join(' · ')
  );
}

/** Every fact about the incident, oldest first, as the server recorded it. */
export function Timeline({ entries }: { entries: readonly TimelineEntry[] }) {
  const { t, formatTime } = useI18n();
  return (
    <ol className="timeline">
      {entries.map((e, i) => (
        <li key={`${e.at}-${i}`} data-kind={e.kind}>
          <time dateTime={e.at}>{formatTime(e.at)}</time> <strong>{timelineLabel(t, e.kind)}</strong>
          {e.actor && <span className="muted"> · {e.actor.username}</span>}
          {typeof e.data?.text === 'string' && <q>{e.data.text}</q>}
          <span className="muted small"> {details(e.data)}</span>
        </li>
      ))}
    </ol>
  );
}
