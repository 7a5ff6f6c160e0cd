import type { CareTeam, DispatchView, TimelineEntry } from '@app/contracts';
import { useMemo } from 'react';
import { useI18n } from '../i18n';
import { timelineSentence } from '../timeline/timeline-sentences';

/** Every responder the incident's view names, by id: the timeline stores ids, people read names. */
function responderNames(careTeam: CareTeam, dispatches: readonly DispatchView[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const member of [careTeam.carer, careTeam.cadre, careTeam.doctor]) if (member) names.set(member.id, member.fullName);
  for (const d of dispatches) names.set(d.responder.id, d.responder.fullName);
  return names;
}

/** Every fact about the incident, oldest first, each as a sentence in the chosen language. */
export function Timeline({ entries, careTeam, dispatches }: { entries: readonly TimelineEntry[]; careTeam: CareTeam; dispatches: readonly DispatchView[] }) {
  const { t, formatTime } = useI18n();
  const words = useMemo(() => {
    const names = responderNames(careTeam, dispatches);
    return { t, time: formatTime, responderName: (id: string) => names.get(id) };
  }, [t, formatTime, careTeam, dispatches]);
  return (
    <ol className="timeline">
      {entries.map((e, i) => (
        <li key={`${e.at}-${i}`} data-kind={e.kind}>
          <time dateTime={e.at}>{formatTime(e.at)}</time> <span className="sentence">{timelineSentence(e, words)}</span>
        </li>
      ))}
    </ol>
  );
}
