import type { DispatchStatus } from './views';

/**
 * Dispatch statuses in which an offer is still waiting or the responder is still on the job
 * (the domain's `isDispatchOpen`, as a list the web app can use). A responder holding one
 * cannot be offered the same incident again.
 */
export const OPEN_DISPATCH_STATUSES = ['offered', 'accepted', 'en_route', 'arrived'] as const satisfies readonly DispatchStatus[];

export function isOpenDispatchStatus(status: DispatchStatus): boolean {
  return (OPEN_DISPATCH_STATUSES as readonly DispatchStatus[]).includes(status);
}
