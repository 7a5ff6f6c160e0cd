import type { IncidentView } from '@app/contracts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../i18n';
import { isUnacknowledged, type LiveIncidents } from '../live/incident-store';
import { flatQueue, type OrderedQueue } from '../live/queue-order';
import type { RepeatPresses } from '../live/repeat-press';
import { useSession } from '../session-context';
import { useNow } from '../use-now';
import { describeFailure } from '../components/failure';
import { IncidentDetailPanel } from './IncidentDetailPanel';
import { QueueTable } from './QueueTable';

/** Keys that act on the queue; ignored while typing in a field. */
export const ACKNOWLEDGE_KEY = 'a';

interface Props {
  /** In the night shift's order (queue-order.ts): emergencies, then technical incidents. */
  queue: OrderedQueue;
  repeats: RepeatPresses;
  incidents: LiveIncidents;
  clockOffsetMs: number;
  /** Heading of the list. */
  title?: string;
}

/** The queue with the selected incident's detail beside it. */
export function QueuePage({ queue: ordered, repeats, incidents, clockOffsetMs, title }: Props) {
  const { t } = useI18n();
  const { api } = useSession();
  const now = useNow(1000, clockOffsetMs);
  const [selectedId, setSelectedId] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const selected = selectedId ? incidents.entries.get(selectedId)?.view : undefined;
  const queue: readonly IncidentView[] = useMemo(() => flatQueue(ordered), [ordered]);

  // The detail panel's button shows its own refusal; the keyboard shortcut's shows above the queue.
  const acknowledge = useCallback(
    async (id: string) => {
      await api.acknowledge(id);
    },
    [api],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== ACKNOWLEDGE_KEY || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const target = selected && isUnacknowledged(selected) ? selected : queue.find(isUnacknowledged);
      if (!target) return;
      event.preventDefault();
      setSelectedId(target.id);
      setNotice(undefined);
      acknowledge(target.id).catch((error: unknown) => setNotice(describeFailure(t, error)));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [queue, selected, acknowledge, t]);

  return (
    <main className="workspace">
      <section className="queue-pane" aria-label={title ?? t('queue.title')}>
        <h2>
          {title ?? t('queue.title')} <span className="muted">({queue.length})</span>
        </h2>
        <p className="hint">{t('queue.shortcutHint', { key: ACKNOWLEDGE_KEY.toUpperCase() })}</p>
        {notice && (
          <p role="alert" className="error">
            {notice}
          </p>
        )}
        <QueueTable queue={ordered} repeats={repeats} now={now} selectedId={selectedId} onSelect={setSelectedId} />
      </section>
      <section className="detail-pane">
        {selected ? (
          <IncidentDetailPanel key={selected.id} view={selected} now={now} onAcknowledge={acknowledge} repeats={repeats} />
        ) : (
          <p className="empty">{t('detail.selectHint')}</p>
        )}
      </section>
    </main>
  );
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}
