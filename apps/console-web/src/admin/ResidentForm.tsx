import { type EmergencyContact, LIVING_SITUATIONS, type LivingSituation, type Resident, residentInputSchema, type ResidentPatch } from '@app/contracts';
import { type FormEvent, useState } from 'react';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { issues, lines } from './form-helpers';
import { GENDERS } from './gender';

interface Props {
  /** Editing this resident; creating a new one when absent. */
  resident?: Resident;
  onSaved: (resident: Resident) => void;
}

const OPTIONAL = ['gender', 'phone', 'district', 'livingSituation', 'accessNotes'] as const;

/** The full profile, validated with the same schema the server uses before it is sent. */
export function ResidentForm({ resident, onSaved }: Props) {
  const { t } = useI18n();
  const { api } = useSession();
  const [fullName, setFullName] = useState(resident?.fullName ?? '');
  const [dateOfBirth, setDateOfBirth] = useState(resident?.dateOfBirth ?? '');
  const [gender, setGender] = useState(resident?.gender ?? '');
  const [phone, setPhone] = useState(resident?.phone ?? '');
  const [address, setAddress] = useState(resident?.address ?? '');
  const [district, setDistrict] = useState(resident?.district ?? '');
  const [livingSituation, setLivingSituation] = useState<LivingSituation | ''>(resident?.livingSituation ?? '');
  const [medicalHistory, setMedicalHistory] = useState((resident?.medicalHistory ?? []).join('\n'));
  const [medications, setMedications] = useState((resident?.medications ?? []).join('\n'));
  const [allergies, setAllergies] = useState((resident?.allergies ?? []).join('\n'));
  const [contacts, setContacts] = useState<EmergencyContact[]>(resident?.emergencyContacts ?? []);
  const [accessNotes, setAccessNotes] = useState(resident?.accessNotes ?? '');
  const [weeklyTarget, setWeeklyTarget] = useState(resident?.weeklyCareHoursTarget?.toString() ?? '');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const optional = { gender, phone, district, livingSituation, accessNotes };
    const input = {
      fullName,
      dateOfBirth,
      address,
      medicalHistory: lines(medicalHistory),
      medications: lines(medications),
      allergies: lines(allergies),
      emergencyContacts: contacts.filter((c) => c.name || c.phone),
      ...Object.fromEntries(OPTIONAL.filter((k) => optional[k].trim()).map((k) => [k, optional[k].trim()])),
      ...(weeklyTarget.trim() ? { weeklyCareHoursTarget: Number(weeklyTarget) } : {}),
    };
    const parsed = residentInputSchema.safeParse(input);
    if (!parsed.success) return setErrors(issues(t, parsed.error));
    setBusy(true);
    setErrors([]);
    try {
      if (resident) {
        // An optional field left empty is cleared on the server.
        const cleared = Object.fromEntries(
          [...OPTIONAL.filter((k) => !optional[k].trim()), ...(weeklyTarget.trim() ? [] : ['weeklyCareHoursTarget'])].map((k) => [k, null]),
        );
        onSaved(
          await api.updateResident(resident.id, {
            ...parsed.data,
            ...cleared,
          } as ResidentPatch),
        );
      } else {
        onSaved(await api.createResident(parsed.data));
      }
    } catch (e) {
      setErrors([describeFailure(t, e)]);
    } finally {
      setBusy(false);
    }
  }

  const setContact = (index: number, field: keyof EmergencyContact, value: string) =>
    setContacts((list) => list.map((c, i) => (i === index ? { ...c, [field]: value } : c)));

  return (
    <form className="card form-grid" onSubmit={(e) => void submit(e)} aria-label={resident ? t('residents.edit') : t('residents.create')}>
      <h3>{resident ? t('residents.edit') : t('residents.create')}</h3>
      <label>
        {t('resident.fullName')}
        <input name="fullName" value={fullName} onChange={(e) => setFullName(e.target.value)} required />
      </label>
      <label>
        {t('resident.dateOfBirth')}
        <input name="dateOfBirth" type="date" value={dateOfBirth} onChange={(e) => setDateOfBirth(e.target.value)} required />
      </label>
      <label>
        {t('resident.gender')}
        <select name="gender" value={gender} onChange={(e) => setGender(e.target.value)}>
          <option value="">{t('common.none')}</option>
          {GENDERS.map((g) => (
            <option key={g} value={g}>
              {t(`gender.${g}`)}
            </option>
          ))}
          {/* A value typed before gender was a choice stays selectable as it was. */}
          {gender && !(GENDERS as readonly string[]).includes(gender) && <option value={gender}>{gender}</option>}
        </select>
      </label>
      <label>
        {t('resident.phone')}
        <input name="phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
      </label>
      <label className="wide">
        {t('resident.address')}
        <input name="address" value={address} onChange={(e) => setAddress(e.target.value)} required />
      </label>
      <label>
        {t('resident.district')}
        <input name="district" value={district} onChange={(e) => setDistrict(e.target.value)} />
      </label>
      <label>
        {t('resident.livingSituation')}
        <select name="livingSituation" value={livingSituation} onChange={(e) => setLivingSituation(e.target.value as LivingSituation | '')}>
          <option value="">{t('common.none')}</option>
          {LIVING_SITUATIONS.map((s) => (
            <option key={s} value={s}>
              {t(`living.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('resident.medicalHistory')} <span className="muted small">{t('form.onePerLine')}</span>
        <textarea name="medicalHistory" value={medicalHistory} onChange={(e) => setMedicalHistory(e.target.value)} rows={3} />
      </label>
      <label>
        {t('resident.medications')} <span className="muted small">{t('form.onePerLine')}</span>
        <textarea name="medications" value={medications} onChange={(e) => setMedications(e.target.value)} rows={3} />
      </label>
      <label>
        {t('resident.allergies')} <span className="muted small">{t('form.onePerLine')}</span>
        <textarea name="allergies" value={allergies} onChange={(e) => setAllergies(e.target.value)} rows={3} />
      </label>
      <fieldset className="wide">
        <legend>{t('resident.emergencyContacts')}</legend>
        {contacts.map((c, i) => (
          <div className="contact-row" key={i}>
            <input aria-label={t('contact.name')} placeholder={t('contact.name')} value={c.name} onChange={(e) => setContact(i, 'name', e.target.value)} />
            <input
              aria-label={t('contact.relation')}
              placeholder={t('contact.relation')}
              value={c.relation}
              onChange={(e) => setContact(i, 'relation', e.target.value)}
            />
            <input
              aria-label={t('contact.phone')}
              placeholder={t('contact.phone')}
              type="tel"
              value={c.phone}
              onChange={(e) => setContact(i, 'phone', e.target.value)}
            />
            <button type="button" onClick={() => setContacts((list) => list.filter((_, j) => j !== i))}>
              {t('form.remove')}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setContacts((list) => [...list, { name: '', relation: '', phone: '' }])}>
          {t('contact.add')}
        </button>
      </fieldset>
      <label>
        {t('care.resident.weeklyTarget')}
        <input name="weeklyCareHoursTarget" type="number" min={0} max={168} step={0.5} value={weeklyTarget} onChange={(e) => setWeeklyTarget(e.target.value)} />
      </label>
      <label className="wide">
        {t('resident.accessNotes')}
        <textarea name="accessNotes" value={accessNotes} onChange={(e) => setAccessNotes(e.target.value)} rows={2} />
      </label>
      {errors.length > 0 && (
        <ul role="alert" className="error wide">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="wide row-actions">
        <button type="submit" className="primary" data-action="save-resident" disabled={busy}>
          {t('form.save')}
        </button>
      </div>
    </form>
  );
}
