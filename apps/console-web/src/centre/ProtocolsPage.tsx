import { type AlarmProtocol, protocolInputSchema, type ProtocolStep } from '@app/contracts';
import { useCallback, useState } from 'react';
import { issues } from '../admin/form-helpers';
import { useLoad } from '../admin/use-load';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';

/** Admins edit the checklist of each kind of alarm; incidents keep the steps they ticked. */
export function ProtocolsPage() {
  const { t } = useI18n();
  const { api } = useSession();
  const protocols = useLoad(useCallback(() => api.centre.protocols(), [api]));
  return (
    <main className="admin" data-page="protocols">
      <h2>{t('centre.protocol.edit')}</h2>
      {protocols.error !== undefined && <p className="error">{describeFailure(t, protocols.error)}</p>}
      {protocols.data?.items.map((p) => (
        <ProtocolEditor key={`${p.kind}-${p.updatedAt}`} protocol={p} onSaved={protocols.reload} />
      ))}
    </main>
  );
}

function ProtocolEditor({ protocol, onSaved }: { protocol: AlarmProtocol; onSaved: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [steps, setSteps] = useState<ProtocolStep[]>(protocol.steps);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const kindName = t(`centre.protocol.kind.${protocol.kind}`);
  const change = (i: number, patch: Partial<ProtocolStep>) => setSteps((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  async function save() {
    const parsed = protocolInputSchema.safeParse({ steps });
    if (!parsed.success) return setMessage({ ok: false, text: issues(t, parsed.error).join('; ') });
    try {
      await api.centre.saveProtocol(protocol.kind, parsed.data.steps);
      setMessage({ ok: true, text: t('centre.protocol.saved', { kind: kindName }) });
      onSaved();
    } catch (e) {
      setMessage({ ok: false, text: describeFailure(t, e) });
    }
  }

  return (
    <section className="card" aria-label={kindName} data-protocol={protocol.kind}>
      <h3>{kindName}</h3>
      <ol>
        {steps.map((step, i) => (
          <li key={i} className="inline-form">
            <input aria-label={t('centre.protocol.stepId')} name="stepId" value={step.id} size={14} onChange={(e) => change(i, { id: e.target.value })} />
            <input
              aria-label={t('centre.protocol.stepText')}
              name="stepText"
              value={step.text}
              size={50}
              onChange={(e) => change(i, { text: e.target.value })}
            />
            <button type="button" onClick={() => setSteps((all) => all.filter((_, j) => j !== i))}>
              {t('centre.protocol.removeStep')}
            </button>
          </li>
        ))}
      </ol>
      <div className="row-actions">
        <button type="button" onClick={() => setSteps((all) => [...all, { id: `step-${all.length + 1}`, text: '' }])}>
          {t('centre.protocol.addStep')}
        </button>
        <button type="button" className="primary" data-action="save-protocol" onClick={() => void save()}>
          {t('centre.protocol.save')}
        </button>
      </div>
      {message && <p className={message.ok ? 'ok' : 'error'}>{message.text}</p>}
    </section>
  );
}
