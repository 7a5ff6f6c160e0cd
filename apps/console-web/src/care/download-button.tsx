import { useState } from 'react';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';

/** "Export CSV": downloads what the page lists, with the same filters, as the server streams it. */
export function DownloadButton({ path, filename }: { path: string; filename: string }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [error, setError] = useState<string>();
  return (
    <>
      <button
        type="button"
        data-action="export-csv"
        onClick={() =>
          void api.care.download(path, filename).then(
            () => setError(undefined),
            (e: unknown) => setError(describeFailure(t, e)),
          )
        }
      >
        {t('care.export')}
      </button>
      {error && <span className="error">{error}</span>}
    </>
  );
}
