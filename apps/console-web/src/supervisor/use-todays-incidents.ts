import type { IncidentView } from '@app/contracts';
import { useEffect, useState } from 'react';
import type { Api } from '../api/api';
import { startOfDay } from '../kpi/kpis';

/** Pages through `GET /v1/incidents` (newest first) until the page reaches yesterday. */
export async function fetchIncidentsSince(api: Api, sinceMs: number, maxPages = 50): Promise<IncidentView[]> {
  const found: IncidentView[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await api.incidents({
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    for (const view of result.items) {
      if (Date.parse(view.openedAt) < sinceMs) return found;
      found.push(view);
    }
    if (!result.nextCursor) return found;
    cursor = result.nextCursor;
  }
  return found;
}

/** Today's incidents from the API, fetched again every `everyMs` (the live feed fills in between). */
export function useTodaysIncidents(api: Api, everyMs = 30_000): { items: IncidentView[]; error?: unknown } {
  const [state, setState] = useState<{
    items: IncidentView[];
    error?: unknown;
  }>({ items: [] });
  useEffect(() => {
    let current = true;
    const load = () =>
      fetchIncidentsSince(api, startOfDay(Date.now())).then(
        (items) => current && setState({ items }),
        (error: unknown) => current && setState((s) => ({ ...s, error })),
      );
    void load();
    const timer = setInterval(() => void load(), everyMs);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [api, everyMs]);
  return state;
}
