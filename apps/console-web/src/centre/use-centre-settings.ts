import type { CentreSettings } from '@app/contracts';
import { useEffect, useState } from 'react';
import type { Api } from '../api/api';

let loaded: Promise<CentreSettings> | undefined;

/** The deployment's settings (map tiles), asked once per page load; none while loading or when the call failed. */
export function useCentreSettings(api: Api): CentreSettings {
  const [settings, setSettings] = useState<CentreSettings>({});
  useEffect(() => {
    let current = true;
    loaded ??= api.centre.settings().catch(() => {
      loaded = undefined;
      return {};
    });
    void loaded.then((s) => current && setSettings(s));
    return () => {
      current = false;
    };
  }, [api]);
  return settings;
}
