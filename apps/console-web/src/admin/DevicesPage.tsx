import { DEVICE_PROTOCOLS, deviceInputSchema, type DeviceProtocolName, type ProvisionedDevice, type UnregisteredDevice } from '@app/contracts';
import { type FormEvent, useCallback, useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeFailure } from '../components/failure';
import { canLocate, connectionLabel, protocolLabel, serialHint } from '../devices/device-facts';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { issues } from './form-helpers';
import { DevicesAtAGlance } from '../centre/DevicesAtAGlance';
import { RotateSecretButton } from '../centre/RotateSecretButton';
import { SecretOnce } from './SecretOnce';
import { useLoad } from './use-load';

/**
 * Handsets: register one for a resident (an HTTP handset gets a secret, shown once and never
 * again; a watch or GT06 device is known by its id), rotate a secret, and see the ids the
 * device listeners heard from devices nobody registered yet, to register one with a click.
 */
export function DevicesPage() {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const devices = useLoad(useCallback(() => api.devices(), [api]));
  const residents = useLoad(useCallback(() => api.residents(''), [api]));
  const unregistered = useLoad(useCallback(() => api.unregisteredDevices(), [api]));
  const [serial, setSerial] = useState('');
  const [protocol, setProtocol] = useState<DeviceProtocolName>('http');
  const [residentId, setResidentId] = useState('');
  const [secret, setSecret] = useState<{ serial: string; secret: string }>();
  const [registered, setRegistered] = useState<{ serial: string; protocol: DeviceProtocolName }>();
  const [error, setError] = useState<string>();

  const residentName = (id: string) => residents.data?.find((r) => r.id === id)?.fullName ?? id;

  async function act(work: () => Promise<ProvisionedDevice | { serial: string; secret: string }>) {
    setError(undefined);
    setRegistered(undefined);
    try {
      const result = await work();
      if ('secret' in result) setSecret({ serial: result.serial, secret: result.secret });
      else setRegistered({ serial: result.serial, protocol: result.protocol });
      devices.reload();
      unregistered.reload();
      return true;
    } catch (e) {
      setError(describeFailure(t, e));
      return false;
    }
  }

  function register(event: FormEvent) {
    event.preventDefault();
    const parsed = deviceInputSchema.safeParse({ serial: serial.trim(), residentId, protocol });
    if (!parsed.success) return setError(issues(t, parsed.error).join(t('failure.listSeparator')));
    void act(async () => {
      const created = await api.registerDevice(parsed.data);
      setSerial('');
      return created;
    });
  }

  /** Fills the form with an id that was heard; the admin picks the resident and registers. */
  function prefill(heard: UnregisteredDevice) {
    setSerial(heard.serial);
    setProtocol(heard.protocol);
    setError(undefined);
    document.querySelector<HTMLSelectElement>('form[data-form="register-device"] select[name="residentId"]')?.focus();
  }

  return (
    <main className="admin">
      <h2>{t('nav.devices')}</h2>
      <form className="inline-form card" onSubmit={register} aria-label={t('devices.register')} data-form="register-device">
        <label>
          {t('device.protocol')}
          <select name="protocol" value={protocol} onChange={(e) => setProtocol(DEVICE_PROTOCOLS.find((p) => p === e.target.value) ?? 'http')}>
            {DEVICE_PROTOCOLS.map((p) => (
              <option key={p} value={p}>
                {protocolLabel(t, p)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('devices.serial')}
          <input name="serial" value={serial} onChange={(e) => setSerial(e.target.value)} placeholder={serialHint(t, protocol)} required />
          <small className="muted" data-testid="serial-hint">
            {serialHint(t, protocol)}
          </small>
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
      <ErrorAlert error={error} />
      {secret && <SecretOnce serial={secret.serial} secret={secret.secret} onDismiss={() => setSecret(undefined)} />}
      {registered && (
        <p role="status" className="card ok">
          {t('devices.registeredNoSecret', { serial: registered.serial, protocol: protocolLabel(t, registered.protocol) })}
        </p>
      )}
      <DevicesAtAGlance devices={devices.data ?? []} residents={residents.data ?? []} residentName={residentName} onChanged={devices.reload} />
      <table className="plain list" aria-label={t('nav.devices')}>
        <thead>
          <tr>
            <th>{t('devices.serial')}</th>
            <th>{t('device.protocol')}</th>
            <th>{t('devices.resident')}</th>
            <th>{t('devices.enabled')}</th>
            <th>{t('device.connection')}</th>
            <th>{t('device.battery')}</th>
            <th>{t('device.lastSeen')}</th>
            <th>{t('devices.sosNumbers')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(devices.data ?? []).map((d) => (
            <tr key={d.serial} data-serial={d.serial}>
              <td>{d.serial}</td>
              <td>{protocolLabel(t, d.protocol)}</td>
              <td>{residentName(d.residentId)}</td>
              <td>{d.enabled ? t('common.yes') : t('common.no')}</td>
              <td data-connected={d.connected === undefined ? 'unknown' : String(d.connected)}>
                {canLocate(d.protocol) ? connectionLabel(t, d.connected) : t('common.none')}
              </td>
              <td>{d.batteryPct !== undefined ? `${d.batteryPct}%` : t('common.unknown')}</td>
              <td>{d.lastSeenAt ? formatTime(d.lastSeenAt) : t('common.unknown')}</td>
              <td>{d.sosNumbers?.join(', ') ?? t('common.none')}</td>
              <td>{d.protocol === 'http' && <RotateSecretButton serial={d.serial} onRotate={() => act(() => api.rotateSecret(d.serial))} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="card" aria-label={t('devices.unregistered')}>
        <h3>{t('devices.unregistered')}</h3>
        {unregistered.data && !unregistered.data.items.length ? (
          <p className="muted">{t('devices.noneUnregistered')}</p>
        ) : (
          <table className="plain list" aria-label={t('devices.unregistered')}>
            <thead>
              <tr>
                <th>{t('devices.serial')}</th>
                <th>{t('device.protocol')}</th>
                <th>{t('devices.firstHeard')}</th>
                <th>{t('devices.lastHeard')}</th>
                <th>{t('devices.frames')}</th>
                <th>{t('devices.remoteAddress')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(unregistered.data?.items ?? []).map((u) => (
                <tr key={`${u.protocol}-${u.serial}`} data-unregistered-serial={u.serial}>
                  <td>{u.serial}</td>
                  <td>{protocolLabel(t, u.protocol)}</td>
                  <td>{formatTime(u.firstHeardAt)}</td>
                  <td>{formatTime(u.lastHeardAt)}</td>
                  <td className="num">{u.frames}</td>
                  <td>{u.remoteAddress ?? t('common.unknown')}</td>
                  <td>
                    <button type="button" data-action="prefill-device" onClick={() => prefill(u)}>
                      {t('devices.registerThis')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
