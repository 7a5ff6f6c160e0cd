import { OUTCOMES, type Outcome } from '@app/contracts';
import { type MessageKey, useI18n } from '../i18n';

/**
 * An outcome chosen on purpose: a labelled select that starts on "choose" (no preset), for the
 * operator's resolve and the responder's completion alike.
 */
export function OutcomeSelect(props: {
  name: string;
  label: MessageKey;
  placeholder: MessageKey;
  value: Outcome | '';
  onChange: (value: Outcome | '') => void;
}) {
  const { t } = useI18n();
  return (
    <label>
      {t(props.label)}
      <select name={props.name} value={props.value} required onChange={(e) => props.onChange(e.target.value as Outcome | '')}>
        <option value="">{t(props.placeholder)}</option>
        {OUTCOMES.map((o) => (
          <option key={o} value={o}>
            {t(`outcome.${o}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
