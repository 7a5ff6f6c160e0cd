import { APP_CONFIG, type AppConfig } from '@app/config';
import { JobName, laneOfIncident } from '@app/contracts';
import { IncidentChanges, IncidentPublisher } from '@app/incidents';
import type { OutboxEntry } from '@app/outbox';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { silenceThresholdS } from './maintenance-schedules';
import { FINISHED_OUTAGES, FOLDABLE_OFFLINE, JOIN_OUTAGES, OPEN_OUTAGES, RECOVER_OUTAGE_DEVICES } from './area-outages.sql';

export interface OutageRound {
  opened: number;
  folded: number;
  resolved: number;
}

/**
 * Mass events (docs/outages.md): devices of one district that fall silent within
 * OUTAGE_WINDOW_S of each other are one `area_outage` incident once there are
 * OUTAGE_MIN_DEVICES of them. A round: devices heard again are marked recovered; silent
 * devices of a district with a live outage join it; new outages open; the device_offline
 * incidents of their devices are folded in (closed, with a note naming the outage); an outage
 * whose every device is back resolves itself. Device supervision runs it before it opens
 * device_offline incidents, which then skips devices an outage holds.
 * Each step is one statement or one IncidentChanges transaction, safe to repeat; rounds take
 * turns (DeviceSupervision.supervise).
 */
@Injectable()
export class AreaOutages {
  private readonly logger = new Logger(AreaOutages.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: IncidentPublisher,
    private readonly changes: IncidentChanges,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async round(): Promise<OutageRound> {
    const changed = new Set([...(await this.changedBy(RECOVER_OUTAGE_DEVICES, [])), ...(await this.changedBy(JOIN_OUTAGES, this.params()))]);
    const opened = await this.open();
    const folded = await this.fold();
    const finished = await this.finished();
    let resolved = 0;
    for (const outage of finished) {
      changed.delete(outage.id);
      const { id, ...facts } = outage;
      if (await this.changes.resolveAutomatically(id, 'outage_over', facts)) {
        resolved++;
        this.logger.log(`area outage ${id} of ${outage.district} over: all ${outage.devices} device(s) back`);
      }
    }
    // Recovered or joined devices change what consoles show: a new version and incident.updated, once per outage and round.
    if (changed.size) await this.changes.timelinesChanged([...changed]);
    return { opened, folded, resolved };
  }

  private params(): unknown[] {
    return [silenceThresholdS(this.config), this.config.OUTAGE_WINDOW_S];
  }

  private async changedBy(statement: string, params: unknown[]): Promise<string[]> {
    const rows: { incidentId: string }[] = await this.dataSource.query(statement, params);
    return rows.map((r) => r.incidentId);
  }

  private async open(): Promise<number> {
    const rows: { incidentId: string; outboxId: string }[] = await this.dataSource.query(OPEN_OUTAGES, [
      ...this.params(),
      this.config.OUTAGE_MIN_DEVICES,
      JobName.IncidentOpened,
    ]);
    if (!rows.length) return 0;
    this.logger.log(`opened ${rows.length} area outage incident(s)`);
    const entries: OutboxEntry[] = rows.map((r) => ({
      id: r.outboxId,
      jobName: JobName.IncidentOpened,
      lane: laneOfIncident('area_outage'),
      incidentId: r.incidentId,
      payload: { incidentId: r.incidentId },
      runAt: new Date(),
    }));
    await this.publisher.publish([{ outbox: entries, incidents: rows.map((r) => ({ id: r.incidentId, created: true })) }]);
    return rows.length;
  }

  /** Each device_offline incident of a device an outage holds is closed, its timeline naming the outage. */
  private async fold(): Promise<number> {
    const rows: { id: string; outageId: string; district: string; serial: string }[] = await this.dataSource.query(FOLDABLE_OFFLINE);
    let folded = 0;
    for (const row of rows) {
      const facts = { outageIncidentId: row.outageId, district: row.district, serial: row.serial };
      if (await this.changes.resolveAutomatically(row.id, 'folded_into_outage', facts)) folded++;
    }
    if (folded) this.logger.log(`folded ${folded} device_offline incident(s) into area outages`);
    return folded;
  }

  private finished(): Promise<{ id: string; district: string; devices: number; lastBackAt: string }[]> {
    return this.dataSource.query(FINISHED_OUTAGES);
  }
}
