import { alarmSound, useSoundState } from '../alert/alarm-sound';
import { useI18n } from '../i18n';

/**
 * A large bar, shown for as long as the browser keeps the alarm silent (after a reload above
 * all): one click enables the sound and the bar goes. `phone`: the responder's wording (ring and vibrate).
 */
export function SoundBlockedBar({ phone = false }: { phone?: boolean }) {
  const { t } = useI18n();
  const state = useSoundState();
  if (state === 'on') return null;
  if (state === 'unsupported')
    return (
      <p role="alert" className="sound-blocked-bar" data-sound="unsupported">
        {t('nightShift.soundUnsupported')}
      </p>
    );
  return (
    <button type="button" role="alert" className="sound-blocked-bar" data-action="enable-sound" data-sound="blocked" onClick={() => alarmSound.unlock()}>
      <strong>{t(phone ? 'nightShift.soundBlockedPhone' : 'nightShift.soundBlocked')}</strong>
      <span>{t(phone ? 'nightShift.soundBlockedPhoneHint' : 'nightShift.soundBlockedHint')}</span>
    </button>
  );
}
