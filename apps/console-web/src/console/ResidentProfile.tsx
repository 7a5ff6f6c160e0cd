import type { Resident } from '@app/contracts';
import { ResidentPattern } from '../care/ResidentPattern';
import { TelLink } from '../components/TelLink';
import { genderWords } from '../admin/gender';
import { useI18n } from '../i18n';

function List({ items, className }: { items: readonly string[]; className?: string }) {
  const { t } = useI18n();
  if (!items.length) return <span className="muted">{t('common.none')}</span>;
  return (
    <ul className={className}>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

/** Everything the operator needs to know about the person in trouble. Allergies are red. */
export function ResidentProfile({ resident }: { resident: Resident }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-label={t('detail.resident')}>
      <h3>
        {resident.fullName} <span className="muted">{t('resident.ageShort', { age: resident.age })}</span>
      </h3>
      <dl className="facts">
        <dt>{t('resident.dateOfBirth')}</dt>
        <dd>{resident.dateOfBirth}</dd>
        {resident.gender && (
          <>
            <dt>{t('resident.gender')}</dt>
            <dd>{genderWords(t, resident.gender)}</dd>
          </>
        )}
        <dt>{t('resident.phone')}</dt>
        <dd>{resident.phone ? <TelLink phone={resident.phone} /> : t('common.none')}</dd>
        <dt>{t('resident.address')}</dt>
        <dd>
          {resident.address}
          {resident.district && <span className="muted"> · {resident.district}</span>}
        </dd>
        <dt>{t('resident.livingSituation')}</dt>
        <dd>{resident.livingSituation ? t(`living.${resident.livingSituation}`) : t('common.none')}</dd>
        <dt>{t('resident.allergies')}</dt>
        <dd className="allergies">
          <List items={resident.allergies} className="allergy-list" />
        </dd>
        <dt>{t('resident.medicalHistory')}</dt>
        <dd>
          <List items={resident.medicalHistory} />
        </dd>
        <dt>{t('resident.medications')}</dt>
        <dd>
          <List items={resident.medications} />
        </dd>
        <dt>{t('resident.emergencyContacts')}</dt>
        <dd>
          {resident.emergencyContacts.length ? (
            <ul>
              {resident.emergencyContacts.map((c) => (
                <li key={`${c.name}-${c.phone}`}>
                  {c.name} <span className="muted">({c.relation})</span> <TelLink phone={c.phone} />
                </li>
              ))}
            </ul>
          ) : (
            t('common.none')
          )}
        </dd>
        <dt>{t('resident.accessNotes')}</dt>
        <dd className="access-notes">{resident.accessNotes ?? t('common.none')}</dd>
      </dl>
      <ResidentPattern residentId={resident.id} />
    </section>
  );
}
