import { useI18n } from '../i18n';
import { formatDistricts, parseDistricts } from './user-admin';

/** The districts residents live in, to tick instead of typing; the text field still takes a new one. */
export function DistrictChoices({ known, text, onChange }: { known: readonly string[]; text: string; onChange: (text: string) => void }) {
  const { t } = useI18n();
  if (!known.length) return null;
  const chosen = parseDistricts(text);
  const toggle = (district: string, on: boolean) => onChange(formatDistricts(on ? [...chosen, district] : chosen.filter((d) => d !== district)));
  return (
    <fieldset className="district-choices">
      <legend>{t('districts.known')}</legend>
      {known.map((district) => (
        <label key={district}>
          <input type="checkbox" checked={chosen.includes(district)} onChange={(e) => toggle(district, e.target.checked)} />
          {district}
        </label>
      ))}
    </fieldset>
  );
}
