import type { IncidentView } from '@app/contracts';
import { useI18n } from '../i18n';

/**
 * Why an incident of another district is on this screen (the server says so only to those it is
 * outside of): no operator of its district is online, so every console gets it.
 */
export function ShownBecauseNotice({ view }: { view: Pick<IncidentView, 'shownBecause' | 'resident'> }) {
  const { t } = useI18n();
  if (!view.shownBecause) return null;
  return (
    <span className="flag shown-because" role="note" data-shown-because={view.shownBecause}>
      {t(`districts.shownBecause.${view.shownBecause}`, { district: view.resident.district ?? t('districts.noDistrict') })}
    </span>
  );
}
