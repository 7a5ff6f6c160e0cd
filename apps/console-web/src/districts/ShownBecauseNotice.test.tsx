import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n';
import { incidentView } from '../test-fixtures';
import { ShownBecauseNotice } from './ShownBecauseNotice';

afterEach(cleanup);

describe('ShownBecauseNotice', () => {
  it('says why an incident of another district is shown, naming the district', () => {
    const base = incidentView({ id: 'i1' });
    const view = { ...base, resident: { ...base.resident, district: '东港区' }, shownBecause: 'no_district_operator' as const };
    const zh = render(
      <I18nProvider lang="zh-CN">
        <ShownBecauseNotice view={view} />
      </I18nProvider>,
    );
    expect(zh.container.textContent).toBe('此警报显示给你，是因为东港区暂无接警员在线');
    cleanup();
    const en = render(
      <I18nProvider lang="en">
        <ShownBecauseNotice view={view} />
      </I18nProvider>,
    );
    expect(en.container.textContent).toBe('Shown to you because no operator of 东港区 is online');
  });

  it('shows nothing for an incident of the reader’s own districts', () => {
    const { container } = render(
      <I18nProvider lang="en">
        <ShownBecauseNotice view={incidentView({ id: 'i2' })} />
      </I18nProvider>,
    );
    expect(container.textContent).toBe('');
  });
});
