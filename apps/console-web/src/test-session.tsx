import type { Role } from '@app/contracts';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { Api } from './api/api';
import { I18nProvider } from './i18n';
import { SessionContext } from './session-context';

/** Renders a component as a logged-in user sees it (English), for component tests. */
export function renderSignedIn(ui: ReactElement, user: { id?: string; username: string; role: Role }) {
  const session = {
    session: { accessToken: 'token', user: { id: user.id ?? 'u', username: user.username, role: user.role } },
    api: new Api({ token: () => 'token' }),
    token: () => 'token',
    logout: () => undefined,
  };
  return render(
    <I18nProvider lang="en">
      <SessionContext.Provider value={session}>{ui}</SessionContext.Provider>
    </I18nProvider>,
  );
}
