import { useI18n } from './i18n';
import { navigate, Route } from './router';
import { useSession } from './session-context';

/** A console account opened the responder view: say so, and offer the way back or out. */
export function WrongRolePage() {
  const { t } = useI18n();
  const { logout } = useSession();
  return (
    <main className="centered">
      <p>{t('role.responderViewOnly')}</p>
      <div className="row-actions">
        <button type="button" onClick={() => navigate(Route.Queue)}>
          {t('nav.queue')}
        </button>
        <button type="button" data-action="logout" onClick={logout}>
          {t('auth.logout')}
        </button>
      </div>
    </main>
  );
}
