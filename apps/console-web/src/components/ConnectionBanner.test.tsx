import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider, type Lang, translate } from '../i18n';
import type { ConnectionState } from '../live/use-console-live';
import { ConnectionBanner } from './ConnectionBanner';

function renderBanner(state: ConnectionState, lang: Lang = 'zh-CN') {
  return render(
    <I18nProvider lang={lang}>
      <ConnectionBanner state={state} />
    </I18nProvider>,
  );
}

afterEach(cleanup);

describe('ConnectionBanner', () => {
  it('shows nothing while connected', () => {
    renderBanner('connected');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says plainly that the feed is down while reconnecting (Chinese by default)', () => {
    renderBanner('reconnecting');
    expect(screen.getByRole('alert').textContent).toBe(translate('zh-CN', 'live.reconnecting'));
  });

  it('shows the connecting state before the first connection, in English when chosen', () => {
    renderBanner('connecting', 'en');
    expect(screen.getByRole('alert').textContent).toBe(translate('en', 'live.connecting'));
  });
});
