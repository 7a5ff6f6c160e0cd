import { useState } from 'react';
import { useI18n } from '../i18n';

/** A device secret, shown this once (the server keeps it sealed), with a copy button. */
export function SecretOnce({ serial, secret, onDismiss }: { serial: string; secret: string; onDismiss: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<boolean>();
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div className="card secret-once" role="status">
      <p>
        <strong>{t('devices.secretOnce', { serial })}</strong>
      </p>
      <code className="secret" data-testid="device-secret">
        {secret}
      </code>
      <div className="row-actions">
        <button type="button" onClick={() => void copy()}>
          {t('devices.copy')}
        </button>
        {copied === true && <span className="ok">{t('devices.copied')}</span>}
        {copied === false && <span className="error">{t('devices.copyFailed')}</span>}
        <button type="button" onClick={onDismiss}>
          {t('devices.secretStored')}
        </button>
      </div>
    </div>
  );
}
