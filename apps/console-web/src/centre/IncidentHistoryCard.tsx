import type { IncidentHistoryItem } from '@app/contracts';
import { useI18n } from '../i18n';

/** The resident's earlier incidents on the incident itself: a third fall this week changes what the operator does. */
export function IncidentHistoryCard({ items }: { items?: readonly IncidentHistoryItem[] }) {
  const { t, formatTime } = useI18n();
  return (
    <section className="card" aria-label={t('centre.history.title')} data-section="history">
      <h3>{t('centre.history.title')}</h3>
      {!items ? (
        <p className="muted">{t('common.loading')}</p>
      ) : !items.length ? (
        <p className="muted">{t('centre.history.none')}</p>
      ) : (
        <ol className="history-list">
          {items.map((h) => (
            <HistoryLine key={h.id} item={h} formatTime={formatTime} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** One earlier incident: when, what, how it ended, and what was written about it. Shared with the search page. */
export function HistoryLine({ item, formatTime }: { item: IncidentHistoryItem; formatTime: (iso: string) => string }) {
  const { t } = useI18n();
  return (
    <li data-incident-id={item.id}>
      <time dateTime={item.openedAt}>{formatTime(item.openedAt)}</time> <strong className={`type type-${item.type}`}>{t(`incidentType.${item.type}`)}</strong>{' '}
      <span>{item.outcome ? t(`outcome.${item.outcome}`) : item.status === 'cancelled' ? t('status.cancelled') : t('centre.history.open')}</span>
      {item.escalated && <span className="flag escalated-flag"> {t('incident.escalated')}</span>}
      {item.notes.map((note, i) => (
        <q key={i} className="history-note">
          {note}
        </q>
      ))}
    </li>
  );
}
