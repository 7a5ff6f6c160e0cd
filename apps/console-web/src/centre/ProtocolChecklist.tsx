import type { IncidentChecklists, ProtocolKind } from '@app/contracts';
import { useCallback, useEffect, useState } from 'react';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';

/** The incident's checklists (its own kind's, then "resident does not answer"); ticking a step writes it to the timeline. */
export function ProtocolChecklist({ incidentId, version, live, onChanged }: { incidentId: string; version: number; live: boolean; onChanged: () => void }) {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const [lists, setLists] = useState<IncidentChecklists>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let current = true;
    api.centre.checklists(incidentId).then(
      (next) => current && setLists(next),
      (e: unknown) => current && setError(describeFailure(t, e)),
    );
    return () => {
      current = false;
    };
  }, [api, t, incidentId, version]);

  const tick = useCallback(
    async (kind: ProtocolKind, stepId: string) => {
      setError(undefined);
      try {
        setLists(await api.centre.tick(incidentId, { kind, stepId }));
        onChanged();
      } catch (e) {
        setError(describeFailure(t, e));
      }
    },
    [api, t, incidentId, onChanged],
  );

  return (
    <section className="card" aria-label={t('centre.protocol.title')} data-section="protocol">
      <h3>{t('centre.protocol.title')}</h3>
      {error && <p className="error">{error}</p>}
      {lists?.items.map((list) => (
        <fieldset key={list.kind} className="checklist" data-protocol={list.kind}>
          <legend>{t(`centre.protocol.kind.${list.kind}`)}</legend>
          {list.steps.map((step) => (
            <label key={step.id} className="checklist-step" data-step={step.id} data-done={step.done ? 'true' : 'false'}>
              <input type="checkbox" checked={!!step.done} disabled={!!step.done || !live} onChange={() => void tick(list.kind, step.id)} />
              <span>{step.text}</span>
              {step.done && <small className="muted"> {t('centre.protocol.doneBy', { time: formatTime(step.done.at), username: step.done.by ?? '' })}</small>}
            </label>
          ))}
        </fieldset>
      ))}
    </section>
  );
}
