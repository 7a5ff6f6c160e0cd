import { useCallback } from 'react';
import { useLoad } from '../admin/use-load';
import { TelLink } from '../components/TelLink';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';

/** Open visit requests (a follow-up found the resident needs someone at the door), as operators see them. */
export function VisitRequestsList({ district }: { district?: string }) {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const load = useCallback(() => api.care.visitRequests(district), [api, district]);
  const list = useLoad(load);
  const items = list.data?.items ?? [];
  return (
    <section aria-label={t('care.visitRequests.title')}>
      <h3>{t('care.visitRequests.title')}</h3>
      {list.error !== undefined && <p className="error">{describeFailure(t, list.error)}</p>}
      {items.length === 0 ? (
        <p className="empty">{t('care.visitRequests.empty')}</p>
      ) : (
        <table className="table" data-testid="visit-requests">
          <thead>
            <tr>
              <th>{t('care.followUps.resident')}</th>
              <th>{t('care.followUps.phone')}</th>
              <th>{t('care.visitRequests.address')}</th>
              <th>{t('care.visitRequests.createdAt')}</th>
              <th>{t('care.followUps.note')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((q) => (
              <tr key={q.id}>
                <td>{q.resident.fullName}</td>
                <td>{q.resident.phone ? <TelLink phone={q.resident.phone} /> : t('common.none')}</td>
                <td>{q.resident.address}</td>
                <td>{formatTime(q.createdAt)}</td>
                <td>{q.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
