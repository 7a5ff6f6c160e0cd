import { useState } from 'react';
import { useI18n } from '../i18n';

/**
 * Rotating a secret cuts off the handset until the new secret is on it: the admin confirms
 * first, knowing that, and is told what to do next once it is done.
 */
export function RotateSecretButton({ serial, onRotate }: { serial: string; onRotate: () => Promise<boolean> }) {
  const { t } = useI18n();
  const [stage, setStage] = useState<'idle' | 'confirm' | 'done'>('idle');
  if (stage === 'confirm')
    return (
      <div className="confirm" role="alertdialog" aria-label={t('devices.rotate')} data-confirm="rotate-secret">
        <p>{t('centre.rotate.confirm', { serial })}</p>
        <button
          type="button"
          className="danger"
          data-action="confirm-rotate"
          onClick={() => {
            void onRotate().then((ok) => setStage(ok ? 'done' : 'idle'));
          }}
        >
          {t('centre.rotate.yes')}
        </button>{' '}
        <button type="button" onClick={() => setStage('idle')}>
          {t('centre.rotate.no')}
        </button>
      </div>
    );
  return (
    <>
      <button type="button" data-action="rotate-secret" onClick={() => setStage('confirm')}>
        {t('devices.rotate')}
      </button>
      {stage === 'done' && (
        <p className="ok" role="status" data-testid="rotate-next-step">
          {t('centre.rotate.next', { serial })}
        </p>
      )}
    </>
  );
}
