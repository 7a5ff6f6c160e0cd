import { CONSOLE_ROLES, type DistrictList } from '@app/contracts';
import { type DistrictFilter, residentInScopeSql } from '@app/database';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Roles } from '../common/auth.decorators';
import { Scope } from './district-scope';

@ApiTags('districts')
@ApiBearerAuth()
@Roles(...CONSOLE_ROLES)
@Controller('v1/districts')
export class DistrictsController {
  constructor(private readonly dataSource: DataSource) {}

  /** The districts residents live in, within the reader's own: the choices when an admin assigns a user's districts. */
  @Get()
  async list(@Scope() scope: DistrictFilter): Promise<DistrictList> {
    const params: unknown[] = [];
    const rows: { district: string }[] = await this.dataSource.query(
      `SELECT DISTINCT r.district FROM residents r WHERE r.district IS NOT NULL AND r.district <> '' AND ${residentInScopeSql(scope, 'r', params)}
       ORDER BY r.district`,
      params,
    );
    return { items: rows.map((r) => r.district) };
  }
}
