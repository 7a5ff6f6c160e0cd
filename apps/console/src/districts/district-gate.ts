import { type DistrictFilter, IncidentViews, residentInScopeSql } from '@app/database';
import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Refuses, with the same 404 as for something that does not exist, what a reader may not see:
 * for routes that act on one incident, resident or device and do not read it through a scoped
 * query themselves.
 */
@Injectable()
export class DistrictGate {
  constructor(
    private readonly views: IncidentViews,
    private readonly dataSource: DataSource,
  ) {}

  async incident(id: string, scope: DistrictFilter): Promise<void> {
    if (scope.all) return;
    if (!(await this.views.byId(id, scope))) throw new NotFoundException(`no incident ${id}`);
  }

  async resident(id: string, scope: DistrictFilter): Promise<void> {
    if (scope.all) return;
    const params: unknown[] = [id];
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM residents r WHERE r.id = $1 AND ${residentInScopeSql(scope, 'r', params)}`, params);
    if (!rows.length) throw new NotFoundException(`no resident ${id}`);
  }

  async device(serial: string, scope: DistrictFilter): Promise<void> {
    if (scope.all) return;
    const params: unknown[] = [serial];
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM devices d JOIN residents r ON r.id = d.resident_id WHERE d.serial = $1 AND ${residentInScopeSql(scope, 'r', params)}`,
      params,
    );
    if (!rows.length) throw new NotFoundException(`no device ${serial}`);
  }
}
