import { deviceInputSchema } from '@app/contracts';
import { type FormEvent, useCallback, useState } from 'react';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { issues } from './form-helpers';
import { SecretOnce } from './SecretOnce';
import { useLoad } from './use-load';

/** Handsets: register one for a resident, rotate a secret. A secret is shown once and never again. */
export function DevicesPage() {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const devices = useLoad(useCallback(() => api.devices(), [api]));
  const residents = useLoad(useCallback(() => api.residents(''), [api]));
  const [serial, setSerial] = useState('');
  const [residentId, setResidentId] = useState('');
  const [secret, setSecret] = useState<{ serial: string; secret: string }>();
  const [error, setError] = useState<string>();

  const residentName = (id: string) => residents.data?.find((r) => r.id === id)?.fullName ?? id;

  async function act(work: () => Promise<{ serial: string; secret: string }>) {
    setError(undefined);
    try {
      const result = await work();
      setSecret({ serial: result.serial, secret: result.secret });
      devices.reload();
    } catch (e) {
      setError(describeFailure(t, e));
    }
  }

  function register(event: FormEvent) {
    event.preventDefault();
    const parsed = deviceInputSchema.safeParse({
      serial: serial.trim(),
      residentId,
    });
    if (!parsed.success) return setError(issues(parsed.error).join('; '));
    void act(async () => {
      const created = await api.registerDevice(parsed.data);
      setSerial('');
      return created;
    });
  }

  return (
    <main className="admin">
      <h2>{t('nav.devices')}</h2>
      <form className="inline-form card" onSubmit={register} aria-label={t('devices.register')}>
        <label>
          {t('devices.serial')}
          <input name="serial" value={serial} onChange={(e) => setSerial(e.target.value)} required />
        </label>
        <label>
          {t('devices.resident')}
          <select name="residentId" value={residentId} onChange={(e) => setResidentId(e.target.value)} required>
            <option value="">{t('devices.chooseResident')}</option>
            {(residents.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.fullName} · {r.address}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" data-action="register-device">
          {t('devices.register')}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {secret && <SecretOnce serial={secret.serial} secret={secret.secret} onDismiss={() => setSecret(undefined)} />}
      <table className="plain list" aria-label={t('nav.devices')}>
        <thead>
          <tr>
            <th>{t('devices.serial')}</th>
            <th>{t('devices.resident')}</th>
            <th>{t('devices.enabled')}</th>
            <th>{t('device.battery')}</th>
            <th>{t('device.lastSeen')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(devices.data ?? []).map((d) => (
            <tr key={d.serial} data-serial={d.serial}>
              <td>{d.serial}</td>
              <td>{residentName(d.residentId)}</td>
              <td>{d.enabled ? t('common.yes') : t('common.no')}</td>
              <td>{d.batteryPct !== undefined ? `${d.batteryPct}%` : t('common.unknown')}</td>
              <td>{d.lastSeenAt ? formatTime(d.lastSeenAt) : t('common.unknown')}</td>
              <td>
                <button type="button" onClick={() => void act(() => api.rotateSecret(d.serial))}>
                  {t('devices.rotate')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
