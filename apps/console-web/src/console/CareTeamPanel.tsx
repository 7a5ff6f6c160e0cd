import type { CareTeam, DispatchView, Responder } from '@app/contracts';
import { useI18n } from '../i18n';
import { formatElapsed } from '../live/sla';
import { TelLink } from '../components/TelLink';

const TEAM_ROLES = ['carer', 'cadre', 'doctor'] as const;

/** The state of one offer; while it waits for an answer, the time left. */
export function OfferState({ dispatch, now }: { dispatch: DispatchView; now: number }) {
  const { t } = useI18n();
  return (
    <span className={`offer offer-${dispatch.status}`} data-offer-status={dispatch.status}>
      {t(`dispatch.${dispatch.status}`)}
      {dispatch.status === 'offered' && <span className="countdown"> {formatElapsed(Date.parse(dispatch.expiresAt) - now)}</span>}
    </span>
  );
}

function latestFor(responder: Responder, dispatches: readonly DispatchView[]): DispatchView | undefined {
  return dispatches.filter((d) => d.responder.id === responder.id).at(-1);
}

/** The care team with phones and where each offer stands, plus any offer to someone outside it. */
export function CareTeamPanel({ careTeam, dispatches, now }: { careTeam: CareTeam; dispatches: readonly DispatchView[]; now: number }) {
  const { t } = useI18n();
  const teamIds = new Set(TEAM_ROLES.flatMap((r) => careTeam[r]?.id ?? []));
  const others = dispatches.filter((d) => !teamIds.has(d.responder.id));
  return (
    <section className="card" aria-label={t('detail.careTeam')}>
      <h3>{t('detail.careTeam')}</h3>
      <table className="plain">
        <tbody>
          {TEAM_ROLES.map((role) => {
            const member = careTeam[role];
            const dispatch = member && latestFor(member, dispatches);
            return (
              <tr key={role} data-team-role={role}>
                <th>{t(`responderRole.${role}`)}</th>
                <td>{member?.fullName ?? t('common.none')}</td>
                <td>{member && <TelLink phone={member.phone} />}</td>
                <td>{dispatch ? <OfferState dispatch={dispatch} now={now} /> : <span className="muted">{t('dispatch.notOffered')}</span>}</td>
              </tr>
            );
          })}
          {others.map((d) => (
            <tr key={d.id}>
              <th>{t(`responderRole.${d.responder.role}`)}</th>
              <td>{d.responder.fullName}</td>
              <td>
                <TelLink phone={d.responder.phone} />
              </td>
              <td>
                <OfferState dispatch={d} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
