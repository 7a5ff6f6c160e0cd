import type { DispatchStatus, DoorDetails } from '@app/contracts';
import { useEffect, useState } from 'react';
import { describeFailure } from '../components/failure';
import { TelLink } from '../components/TelLink';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { navigationLinks } from './navigation';

/**
 * What the responder needs on the way and at the door, read again whenever the job moves on
 * (the medications, contacts and notes come once it is taken): the alarm, where to go, a button
 * to call the centre, and the resident's facts an operator would read out.
 */
export function DoorPanel({ dispatchId, status }: { dispatchId: string; status: DispatchStatus }) {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const [door, setDoor] = useState<DoorDetails>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let current = true;
    api.doorDetails(dispatchId).then(
      (d) => {
        if (!current) return;
        setDoor(d);
        setError(undefined);
      },
      (e: unknown) => current && setError(t('door.loadFailed', { reason: describeFailure(t, e) })),
    );
    return () => {
      current = false;
    };
  }, [api, t, dispatchId, status]);

  if (error) return <p className="error">{error}</p>;
  if (!door) return null;
  const links = navigationLinks(door);
  return (
    <section className="door" data-testid="door-details">
      <p className="door-alarm">
        <span className={`type type-${door.incidentType}`}>{t(`incidentType.${door.incidentType}`)}</span>{' '}
        <span className="muted">{t('door.alarm', { count: door.pressCount, time: formatTime(door.openedAt) })}</span>
      </p>
      <div className="door-links">
        <a className="button" data-action="navigate" href={links.geo}>
          {t('door.navigate')}
        </a>
        <a className="button" href={links.web} target="_blank" rel="noreferrer noopener">
          {t('door.webMap')}
        </a>
        <a className="button call-centre" data-action="call-centre" href={`tel:${door.centrePhone.replace(/[^+0-9]/g, '')}`}>
          {t('door.callCentre', { phone: door.centrePhone })}
        </a>
      </div>
      {door.medications ? (
        <>
          {door.medications.length > 0 && (
            <p className="door-medications">{t('door.medicationsList', { list: door.medications.join(t('failure.listSeparator')) })}</p>
          )}
          {door.emergencyContacts && door.emergencyContacts.length > 0 && (
            <div className="door-contacts">
              <strong>{t('door.emergencyContacts')}</strong>
              <ul>
                {door.emergencyContacts.map((c) => (
                  <li key={`${c.name}-${c.phone}`}>
                    {t('door.contact', { name: c.name, relation: c.relation })} <TelLink phone={c.phone} />
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div className="door-notes">
            <strong>{t('door.notes')}</strong>
            {door.notes?.length ? (
              <ul>
                {door.notes.map((n) => (
                  <li key={n.at}>
                    <span className="muted small">{formatTime(n.at)}</span> {n.text}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('door.noNotes')}</p>
            )}
          </div>
        </>
      ) : (
        <p className="muted small">{t('door.detailsAfterAccept')}</p>
      )}
    </section>
  );
}
