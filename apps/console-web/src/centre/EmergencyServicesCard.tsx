import { EMERGENCY_SERVICES, type EmergencyService, type IncidentHistoryItem, type IncidentView } from '@app/contracts';
import { useState } from 'react';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { emergencySummary } from './summary';

/** "120 called" with its reference (a timeline fact), and the summary to read out or copy. */
export function EmergencyServicesCard({ view, history, onChanged }: { view: IncidentView; history: readonly IncidentHistoryItem[]; onChanged: () => void }) {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const [service, setService] = useState<EmergencyService>('120');
  const [reference, setReference] = useState('');
  const [recorded, setRecorded] = useState<string>();
  const [error, setError] = useState<string>();
  const [copied, setCopied] = useState<boolean>();
  const summary = emergencySummary(t, view, history, formatTime);
  const live = view.status !== 'resolved' && view.status !== 'cancelled';

  async function record() {
    setError(undefined);
    setRecorded(undefined);
    const at = new Date().toISOString();
    try {
      await api.centre.emergencyCall(view.id, { service, calledAt: at, ...(reference.trim() ? { reference: reference.trim() } : {}) });
      setRecorded(t('centre.emergency.recorded', { service: t(`centre.emergency.service.${service}`), time: formatTime(at) }));
      setReference('');
      onChanged();
    } catch (e) {
      setError(describeFailure(t, e));
    }
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(summary);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <section className="card" aria-label={t('centre.emergency.title')} data-section="emergency">
      <h3>{t('centre.emergency.title')}</h3>
      {live && (
        <div className="inline-form">
          <select
            aria-label={t('centre.emergency.title')}
            name="service"
            value={service}
            onChange={(e) => setService(EMERGENCY_SERVICES.find((s) => s === e.target.value) ?? '120')}
          >
            {EMERGENCY_SERVICES.map((s) => (
              <option key={s} value={s}>
                {t(`centre.emergency.service.${s}`)}
              </option>
            ))}
          </select>
          <input
            name="reference"
            aria-label={t('centre.emergency.reference')}
            placeholder={t('centre.emergency.reference')}
            value={reference}
            maxLength={64}
            onChange={(e) => setReference(e.target.value)}
          />
          <button type="button" className="primary" data-action="record-emergency-call" onClick={() => void record()}>
            {t('centre.emergency.record', { service })}
          </button>
        </div>
      )}
      {recorded && <p className="ok">{recorded}</p>}
      {error && <p className="error">{error}</p>}
      <h4>{t('centre.emergency.summary')}</h4>
      <pre className="summary" data-testid="emergency-summary">
        {summary}
      </pre>
      <button type="button" data-action="copy-summary" onClick={() => void copy()}>
        {t('centre.emergency.copy')}
      </button>
      {copied === true && <span className="ok"> {t('centre.emergency.copied')}</span>}
      {copied === false && <span className="error"> {t('centre.emergency.copyFailed')}</span>}
    </section>
  );
}
