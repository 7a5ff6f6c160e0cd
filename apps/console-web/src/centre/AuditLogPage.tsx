import type { AuditEntryView } from '@app/contracts';
import { useCallback, useEffect, useState } from 'react';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';

/** Who did or saw what, newest first (GET /v1/audit, admins), paged further back on request. */
export function AuditLogPage() {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const [page, setPage] = useState<{ items: AuditEntryView[]; nextCursor?: string }>();
  const [error, setError] = useState<string>();

  const load = useCallback(
    async (cursor?: string) => {
      try {
        const next = await api.centre.audit(cursor ? { cursor } : {});
        setPage((before) => ({
          items: [...(cursor ? (before?.items ?? []) : []), ...next.items],
          ...(next.nextCursor ? { nextCursor: next.nextCursor } : {}),
        }));
      } catch (e) {
        setError(describeFailure(t, e));
      }
    },
    [api, t],
  );
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <main className="admin" data-page="audit">
      <h2>{t('centre.audit.title')}</h2>
      {error && <p className="error">{error}</p>}
      <table className="plain list" aria-label={t('centre.audit.title')}>
        <thead>
          <tr>
            <th>{t('centre.audit.at')}</th>
            <th>{t('centre.audit.actor')}</th>
            <th>{t('centre.audit.action')}</th>
            <th>{t('centre.audit.entity')}</th>
            <th>{t('centre.audit.address')}</th>
          </tr>
        </thead>
        <tbody>
          {page?.items.map((e) => (
            <tr key={e.id} data-action={e.action}>
              <td>{formatTime(e.at)}</td>
              <td>
                {e.actor.username}{' '}
                <span className="muted">
                  ({t(`role.${e.actor.role === 'admin' || e.actor.role === 'supervisor' || e.actor.role === 'responder' ? e.actor.role : 'operator'}`)})
                </span>
              </td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                {e.entityType}
                {e.entityId ? ` ${e.entityId}` : ''}
              </td>
              <td>{e.address ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page?.nextCursor && (
        <button type="button" onClick={() => void load(page.nextCursor)}>
          {t('centre.audit.more')}
        </button>
      )}
    </main>
  );
}
