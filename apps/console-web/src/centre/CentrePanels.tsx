import { type IncidentHistoryItem, type IncidentView, isLiveStatus } from '@app/contracts';
import { useEffect, useState } from 'react';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { EmergencyServicesCard } from './EmergencyServicesCard';
import { HandOverCard } from './HandOverCard';
import { IncidentHistoryCard } from './IncidentHistoryCard';
import { IncidentMap } from './IncidentMap';
import { ProtocolChecklist } from './ProtocolChecklist';

/**
 * What the centre adds to every incident's detail: its protocol checklist, emergency services
 * and their summary, hand-over to a colleague, the map, and the resident's earlier incidents.
 */
export function CentrePanels({ view, onChanged }: { view: IncidentView; onChanged: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [history, setHistory] = useState<{ incidentId: string; items: IncidentHistoryItem[] }>();
  const [error, setError] = useState<string>();
  const live = isLiveStatus(view.status);

  useEffect(() => {
    let current = true;
    api.centre.history(view.id).then(
      (h) => current && setHistory({ incidentId: view.id, items: h.items }),
      (e: unknown) => current && setError(describeFailure(t, e)),
    );
    return () => {
      current = false;
    };
  }, [api, t, view.id]);
  const items = history?.incidentId === view.id ? history.items : undefined;

  return (
    <div className="centre-panels">
      <div className="detail-grid">
        <ProtocolChecklist incidentId={view.id} version={view.version} live={live} onChanged={onChanged} />
        <EmergencyServicesCard view={view} history={items ?? []} onChanged={onChanged} />
      </div>
      <div className="detail-grid">
        <IncidentMap view={view} />
        <div>
          {error && <p className="error">{error}</p>}
          <IncidentHistoryCard {...(items ? { items } : {})} />
          {live && <HandOverCard incidentId={view.id} onChanged={onChanged} />}
        </div>
      </div>
    </div>
  );
}
