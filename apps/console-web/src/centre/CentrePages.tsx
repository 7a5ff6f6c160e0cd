import './centre.css';
import type { ReactElement } from 'react';
import type { MessageKey } from '../i18n';
import { Route, type RoutePath } from '../router';
import { AuditLogPage } from './AuditLogPage';
import { IncidentSearchPage } from './IncidentSearchPage';
import { ProtocolsPage } from './ProtocolsPage';
import { ReportsPage } from './ReportsPage';
import { ShiftPage } from './ShiftPage';

/** The centre pages' entries of the console's navigation (the shell filters them by role). */
export const CENTRE_NAV: readonly { route: RoutePath; label: MessageKey; adminOnly?: boolean; supervisorOnly?: boolean }[] = [
  { route: Route.IncidentSearch, label: 'centre.nav.search' },
  { route: Route.Shift, label: 'centre.nav.shift' },
  { route: Route.Reports, label: 'centre.nav.reports', supervisorOnly: true },
  { route: Route.Protocols, label: 'centre.nav.protocols', adminOnly: true },
  { route: Route.Audit, label: 'centre.nav.audit', adminOnly: true },
];

const PAGES: Partial<Record<RoutePath, () => ReactElement>> = {
  [Route.IncidentSearch]: () => <IncidentSearchPage />,
  [Route.Shift]: () => <ShiftPage />,
  [Route.Reports]: () => <ReportsPage />,
  [Route.Protocols]: () => <ProtocolsPage />,
  [Route.Audit]: () => <AuditLogPage />,
};

/** The centre page of the route, if it is one (the shell has already checked the role may see it). */
export function CentrePage({ route }: { route: RoutePath }) {
  return PAGES[route]?.() ?? null;
}
