import { type DeviceListing, LIVE_INCIDENT_STATUSES } from '@app/contracts';
import { useCallback, useState } from 'react';
import { useLoad } from '../admin/use-load';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { DEVICE_CONCERNS, type DeviceConcern, deviceConcerns, devicesOfConcern } from './device-glance';

/**
 * The handsets that need someone: low battery, offline, taken off, never heard, disabled; with
 * last contact and disable / enable, and for a disabled one, reassignment to another resident.
 */
export function DevicesAtAGlance({
  devices,
  residents,
  residentName,
  onChanged,
}: {
  devices: readonly DeviceListing[];
  residents: readonly { id: string; fullName: string }[];
  residentName: (id: string) => string;
  onChanged: () => void;
}) {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const live = useLoad(useCallback(() => api.incidents({ status: LIVE_INCIDENT_STATUSES, limit: 200 }), [api]));
  const [concern, setConcern] = useState<DeviceConcern | 'all'>('low_battery');
  const [error, setError] = useState<string>();
  /** The resident picked for each disabled handset, by serial. */
  const [reassignTo, setReassignTo] = useState<Record<string, string>>({});
  const incidents = live.data?.items ?? [];
  const shown = devicesOfConcern(devices, incidents, concern);
  const count = (c: DeviceConcern) => devices.filter((d) => deviceConcerns(d, incidents).includes(c)).length;

  async function setEnabled(serial: string, enabled: boolean) {
    setError(undefined);
    try {
      await api.centre.setDeviceEnabled(serial, enabled);
      onChanged();
    } catch (e) {
      setError(describeFailure(t, e));
    }
  }

  async function reassign(serial: string) {
    const residentId = reassignTo[serial];
    if (!residentId) return;
    setError(undefined);
    try {
      await api.centre.reassignDevice(serial, residentId);
      setReassignTo(({ [serial]: _, ...others }) => others);
      onChanged();
    } catch (e) {
      setError(describeFailure(t, e));
    }
  }

  return (
    <section className="card" aria-label={t('centre.devices.glance')} data-section="devices-glance">
      <h3>{t('centre.devices.glance')}</h3>
      <div className="row-actions" role="tablist">
        {(['all', ...DEVICE_CONCERNS] as const).map((c) => (
          <button
            key={c}
            type="button"
            role="tab"
            aria-selected={c === concern}
            className={c === concern ? 'chip active' : 'chip'}
            data-concern={c}
            onClick={() => setConcern(c)}
          >
            {t(`centre.devices.${c}`)}
            {c !== 'all' && ` (${count(c)})`}
          </button>
        ))}
      </div>
      {error && <p className="error">{error}</p>}
      {!shown.length ? (
        <p className="muted">{t('centre.devices.none')}</p>
      ) : (
        <table className="plain list" aria-label={t(`centre.devices.${concern}`)}>
          <tbody>
            {shown.map((d) => (
              <tr key={d.serial} data-glance-serial={d.serial}>
                <td>{d.serial}</td>
                <td>{residentName(d.residentId)}</td>
                <td>
                  {deviceConcerns(d, incidents)
                    .map((c) => t(`centre.devices.${c}`))
                    .join(t('common.listSeparator')) || t('common.none')}
                </td>
                <td>{d.batteryPct !== undefined ? `${d.batteryPct}%` : t('common.unknown')}</td>
                <td>{d.lastSeenAt ? formatTime(d.lastSeenAt) : t('centre.devices.never_heard')}</td>
                <td>
                  <button type="button" data-action={d.enabled ? 'disable-device' : 'enable-device'} onClick={() => void setEnabled(d.serial, !d.enabled)}>
                    {d.enabled ? t('centre.devices.disable') : t('centre.devices.enable')}
                  </button>{' '}
                  {d.enabled ? (
                    <span className="muted small">{t('centre.devices.reassignHint')}</span>
                  ) : (
                    <>
                      <select
                        aria-label={t('centre.devices.reassign')}
                        data-reassign-to={d.serial}
                        value={reassignTo[d.serial] ?? ''}
                        onChange={(e) => setReassignTo((picked) => ({ ...picked, [d.serial]: e.target.value }))}
                      >
                        <option value="">{t('centre.devices.reassign')}</option>
                        {residents
                          .filter((r) => r.id !== d.residentId)
                          .map((r) => (
                            <option key={r.id} value={r.id}>
                              {r.fullName}
                            </option>
                          ))}
                      </select>{' '}
                      <button type="button" data-action="reassign-device" disabled={!reassignTo[d.serial]} onClick={() => void reassign(d.serial)}>
                        {t('centre.devices.reassignConfirm')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
