import type { IncidentView } from '@app/contracts';
import { useCallback, useState } from 'react';
import { isClosed } from './incident-store';

/**
 * A resident who presses again after an operator acknowledged is escalating (issue 12, defect
 * 2): the incident is raised again (highlighted, chiming, in the title, moved up) until an
 * operator notices it with an explicit "seen" click. What was seen is the last press's time,
 * kept in this browser (it survives a reload), so a later press raises it again.
 */
export type SeenPresses = Readonly<Record<string, string>>;

export function hasUnseenRepeat(view: Pick<IncidentView, 'id' | 'status' | 'acknowledgedAt' | 'lastPressAt'>, seen: SeenPresses): boolean {
  if (!view.acknowledgedAt || isClosed(view)) return false;
  const lastPress = Date.parse(view.lastPressAt);
  if (lastPress <= Date.parse(view.acknowledgedAt)) return false;
  const seenPress = seen[view.id];
  return seenPress === undefined || lastPress > Date.parse(seenPress);
}

const STORAGE_KEY = 'heartkey.seenPresses';

function load(): SeenPresses {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as SeenPresses) : {};
  } catch {
    return {};
  }
}

/** The presses this browser's operator has seen, and `markSeen` for the "seen" click. */
export function useSeenPresses(): { seen: SeenPresses; markSeen: (view: Pick<IncidentView, 'id' | 'lastPressAt'>) => void } {
  const [seen, setSeen] = useState<SeenPresses>(load);
  const markSeen = useCallback((view: Pick<IncidentView, 'id' | 'lastPressAt'>) => {
    setSeen((current) => {
      const next = { ...current, [view.id]: view.lastPressAt };
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      } catch {
        // Private mode or a full store: seen for this page's life only.
      }
      return next;
    });
  }, []);
  return { seen, markSeen };
}

/** What the queue and the detail panel need of repeat presses. */
export interface RepeatPresses {
  hasUnseenRepeat: (view: IncidentView) => boolean;
  markSeen: (view: Pick<IncidentView, 'id' | 'lastPressAt'>) => void;
}
