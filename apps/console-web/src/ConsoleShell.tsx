import { useMemo, useState } from 'react';
import { useFlashingTitle, useRepeatingAlarm } from './alert/alarm-sound';
import { DevicesPage } from './admin/DevicesPage';
import { RespondersPage } from './admin/RespondersPage';
import { ResidentsPage } from './admin/ResidentsPage';
import { UsersPage } from './admin/UsersPage';
import { CareHoursPage } from './care/CareHoursPage';
import { FollowUpsPage } from './care/FollowUpsPage';
import { ConnectionBanner } from './components/ConnectionBanner';
import { LanguageSwitch } from './components/LanguageSwitch';
import { type MessageKey, useI18n } from './i18n';
import { isUnacknowledged, queueOrder } from './live/incident-store';
import { useConsoleLive } from './live/use-console-live';
import { navigate, Route, type RoutePath } from './router';
import { useSession } from './session-context';
import { SupervisorPage } from './supervisor/SupervisorPage';
import { QueuePage } from './console/QueuePage';

const NAV: readonly {
  route: RoutePath;
  label: MessageKey;
  adminOnly?: boolean;
  supervisorOnly?: boolean;
}[] = [
  { route: Route.Queue, label: 'nav.queue' },
  { route: Route.Supervisor, label: 'nav.supervisor', supervisorOnly: true },
  { route: Route.FollowUps, label: 'care.nav.followUps' },
  { route: Route.CareHours, label: 'care.nav.careHours' },
  { route: Route.Residents, label: 'nav.residents', adminOnly: true },
  { route: Route.Responders, label: 'nav.responders', adminOnly: true },
  { route: Route.Devices, label: 'nav.devices', adminOnly: true },
  { route: Route.Users, label: 'nav.users', adminOnly: true },
];

/**
 * Everything an operator, supervisor or admin sees. The live feed, the alarm sound and the
 * flashing title live here, above the pages, so an alarm is heard on every page.
 */
export function ConsoleShell({ route }: { route: RoutePath }) {
  const { t } = useI18n();
  const { session, token, logout } = useSession();
  const live = useConsoleLive(token, logout);
  const [muted, setMuted] = useState(false);
  const queue = useMemo(() => queueOrder(live.incidents), [live.incidents]);
  const unacknowledged = queue.filter(isUnacknowledged).length;

  useRepeatingAlarm(unacknowledged > 0, muted);
  useFlashingTitle(t('app.name'), unacknowledged ? t('title.alert', { count: unacknowledged }) : undefined);

  const role = session.user.role;
  const visible = NAV.filter((n) => (!n.adminOnly || role === 'admin') && (!n.supervisorOnly || role !== 'operator'));
  const page = visible.some((n) => n.route === route) ? route : Route.Queue;

  return (
    <div className="shell">
      <header className="topbar">
        <strong className="brand">{t('app.name')}</strong>
        <nav>
          {visible.map((n) => (
            <a
              key={n.route}
              href={n.route}
              className={n.route === page ? 'active' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(n.route);
              }}
            >
              {t(n.label)}
              {n.route === Route.Queue && unacknowledged > 0 && <span className="badge">{unacknowledged}</span>}
            </a>
          ))}
        </nav>
        <div className="topbar-right">
          <button type="button" className={muted ? 'chip warn' : 'chip'} aria-pressed={muted} onClick={() => setMuted((m) => !m)}>
            {muted ? t('sound.muted') : t('sound.on')}
          </button>
          <LanguageSwitch />
          <span className="muted">
            {t('auth.signedInAs', {
              username: session.user.username,
              role: t(`role.${role}`),
            })}
          </span>
          <button type="button" data-action="logout" onClick={logout}>
            {t('auth.logout')}
          </button>
        </div>
      </header>
      <ConnectionBanner state={live.connection} />
      {page === Route.Queue && <QueuePage queue={queue} incidents={live.incidents} clockOffsetMs={live.clockOffsetMs} />}
      {page === Route.Supervisor && <SupervisorPage live={live} />}
      {page === Route.Residents && <ResidentsPage />}
      {page === Route.Responders && <RespondersPage />}
      {page === Route.Devices && <DevicesPage />}
      {page === Route.Users && <UsersPage />}
      {page === Route.FollowUps && <FollowUpsPage />}
      {page === Route.CareHours && <CareHoursPage />}
    </div>
  );
}
