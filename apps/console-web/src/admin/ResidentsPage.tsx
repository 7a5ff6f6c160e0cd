import type { Resident } from '@app/contracts';
import { useCallback, useState } from 'react';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { CareTeamEditor } from './CareTeamEditor';
import { ResidentForm } from './ResidentForm';
import { sortedByName } from './resident-order';
import { useLoad } from './use-load';

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; resident: Resident };

export function ResidentsPage() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [saved, setSaved] = useState<string>();
  const list = useLoad(useCallback(() => api.residents(submitted), [api, submitted]));

  return (
    <main className="admin">
      <h2>{t('nav.residents')}</h2>
      <form
        className="inline-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(query.trim());
          list.reload();
        }}
      >
        <input name="query" aria-label={t('residents.search')} placeholder={t('residents.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit">{t('residents.searchButton')}</button>
        <button type="button" className="primary" data-action="new-resident" onClick={() => setEditing({ kind: 'new' })}>
          {t('residents.create')}
        </button>
      </form>
      {saved && <p className="ok">{saved}</p>}
      {list.error !== undefined && <p className="error">{describeFailure(t, list.error)}</p>}
      <div className="admin-split">
        <table className="plain list" aria-label={t('nav.residents')}>
          <thead>
            <tr>
              <th>{t('resident.fullName')}</th>
              <th>{t('resident.age')}</th>
              <th>{t('resident.district')}</th>
              <th>{t('resident.address')}</th>
            </tr>
          </thead>
          <tbody>
            {sortedByName(list.data ?? [], lang).map((r) => (
              <tr key={r.id} className="clickable" onClick={() => setEditing({ kind: 'edit', resident: r })}>
                <td>{r.fullName}</td>
                <td>{r.age}</td>
                <td>{r.district ?? ''}</td>
                <td>{r.address}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div>
          {editing.kind !== 'none' && (
            <ResidentForm
              key={editing.kind === 'edit' ? editing.resident.id : 'new'}
              {...(editing.kind === 'edit' ? { resident: editing.resident } : {})}
              onSaved={(r) => {
                setSaved(t('residents.saved', { name: r.fullName }));
                setEditing({ kind: 'edit', resident: r });
                list.reload();
              }}
            />
          )}
          {editing.kind === 'edit' && <CareTeamEditor key={editing.resident.id} residentId={editing.resident.id} />}
        </div>
      </div>
    </main>
  );
}
