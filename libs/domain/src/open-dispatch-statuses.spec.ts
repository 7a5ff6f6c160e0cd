import { DISPATCH_STATUSES, isOpenDispatchStatus } from '@app/contracts';
import { isDispatchOpen } from './dispatch-state-machine';

describe('OPEN_DISPATCH_STATUSES (contracts) and the dispatch state machine', () => {
  it('name the same open statuses', () => {
    for (const status of DISPATCH_STATUSES) expect([status, isOpenDispatchStatus(status)]).toEqual([status, isDispatchOpen(status)]);
  });
});
