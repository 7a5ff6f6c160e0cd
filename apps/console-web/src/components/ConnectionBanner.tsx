import { useI18n } from '../i18n';
import type { ConnectionState } from '../live/use-console-live';

/** While the live feed is down nothing on screen can be trusted to be complete: say so, loudly. */
export function ConnectionBanner({ state }: { state: ConnectionState }) {
  const { t } = useI18n();
  if (state === 'connected') return null;
  return (
    <div role="alert" className="banner banner-offline" data-state={state}>
      {t(state === 'connecting' ? 'live.connecting' : 'live.reconnecting')}
    </div>
  );
}
