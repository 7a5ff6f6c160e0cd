import type { AuthUser } from '@app/auth';
import type { DistrictFilter } from '@app/database';
import { errorMessage } from '@app/errors';
import { DistrictException, IncidentPublisher } from '@app/incidents';
import { DistrictPresence, PRESENCE_REFRESH_MS, type PresenceEntry } from '@app/live';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';

/**
 * This instance's share of "which districts have an operator connected, and is anyone limited to
 * some districts connected" (DistrictPresence, in Redis across instances): a socket counts from
 * the moment it is in its rooms until it is gone. When an operator leaves (or an instance died and
 * its entries went stale), or a console limited to some districts arrives, the live emergencies
 * are looked at again: those whose district has nobody left now go to every
 * console (the district exception, @app/incidents), so no alarm stays on a screen nobody watches.
 */
@Injectable()
export class OperatorPresence implements OnModuleDestroy {
  private readonly logger = new Logger(OperatorPresence.name);
  /** This instance's sockets that count: socket id → what for. */
  private readonly sockets = new Map<string, PresenceEntry>();
  private readonly refresher: NodeJS.Timeout;

  constructor(
    private readonly presence: DistrictPresence,
    private readonly exception: DistrictException,
    private readonly publisher: IncidentPublisher,
  ) {
    this.refresher = setInterval(() => void this.refresh(), PRESENCE_REFRESH_MS);
    this.refresher.unref();
  }

  /**
   * Call once the socket is in its district rooms. An `operator` covers its districts (it takes the
   * calls); anyone limited to some districts would miss the others' alarms: the live ones are
   * looked at again, in case one must now go to everyone.
   */
  async entered(socketId: string, user: AuthUser, scope: DistrictFilter): Promise<void> {
    const entry: PresenceEntry = {
      ...(user.role === 'operator' ? { operatorOf: scope.all ? { all: true } : { all: false, districts: scope.districts } } : {}),
      outsider: !scope.all,
    };
    if (!entry.operatorOf && !entry.outsider) return;
    this.sockets.set(socketId, entry);
    try {
      await this.presence.enter(socketId, entry);
    } catch (error) {
      this.logger.warn(`presence of socket ${socketId} not recorded: ${errorMessage(error)}`);
    }
    if (entry.outsider) await this.reconsider();
  }

  async left(socketId: string): Promise<void> {
    const entry = this.sockets.get(socketId);
    if (!entry) return;
    this.sockets.delete(socketId);
    try {
      await this.presence.leave(socketId, entry);
    } catch (error) {
      // Its entry goes stale and is dropped by the next sweep, which looks at the emergencies again.
      this.logger.warn(`presence of socket ${socketId} not removed: ${errorMessage(error)}`);
      return;
    }
    await this.reconsider();
  }

  onModuleDestroy(): void {
    clearInterval(this.refresher);
  }

  /** Vouches for this instance's operator sockets, drops the entries of dead instances and, if any went, looks again. */
  async refresh(): Promise<void> {
    try {
      await this.presence.vouch([...this.sockets].map(([socketId, entry]) => ({ socketId, entry })));
      if (await this.presence.dropStale()) await this.reconsider();
    } catch (error) {
      this.logger.warn(`operator presence not refreshed: ${errorMessage(error)}`);
    }
  }

  private async reconsider(): Promise<void> {
    try {
      const shown = await this.exception.reconsider();
      if (shown.length) await this.publisher.publish([{ outbox: [], incidents: shown.map((id) => ({ id, created: false })) }]);
    } catch (error) {
      this.logger.error(`live emergencies not looked at again after an operator left: ${errorMessage(error)}`);
    }
  }
}
