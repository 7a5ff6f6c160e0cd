import { HANDSET_CLOCK_TOLERANCE_MS } from '@app/contracts';
import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { HandsetRequest } from './authenticated-device';
import { isClockSkewed } from './handset-clock';

/**
 * For requests that may be refused for a wrong clock (heartbeats, not alarms): a signed
 * request older or newer than the tolerance could be a replay. Runs after HandsetAuthGuard.
 */
@Injectable()
export class FreshClockGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const device = context.switchToHttp().getRequest<HandsetRequest>().handset;
    if (!device) throw new UnauthorizedException('invalid device credentials');
    if (isClockSkewed(device.clockSkewMs)) {
      // The signature was good, so this is the real handset (or a replay of it): saying why helps set its clock.
      throw new UnauthorizedException(`X-Timestamp is more than ${HANDSET_CLOCK_TOLERANCE_MS / 1000} s off the server clock`);
    }
    return true;
  }
}
