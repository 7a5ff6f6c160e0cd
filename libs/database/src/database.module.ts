import { APP_CONFIG, type AppConfig } from '@app/config';
import { DynamicModule, Injectable, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions, type DataSourceSettings } from './data-source';
import { IncidentViews } from './incident-views';
import { runMigrationsLocked } from './migrate';

const logger = new Logger('Database');

/** Postgres readiness: the database answers a query. */
@Injectable()
export class PostgresHealth {
  readonly name = 'postgres';
  constructor(private readonly dataSource: DataSource) {}
  async check(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}

@Module({})
export class DatabaseModule {
  static forRoot(applicationName: string, sessions: Pick<DataSourceSettings, 'genericPlans'> = {}): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, applicationName, ...sessions }),
            retryAttempts: Number.MAX_SAFE_INTEGER,
            retryDelay: 2000,
          }),
          // Migrations run before anyone can use the DataSource, so no provider sees an old schema.
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            const applied = await runMigrationsLocked(dataSource);
            if (applied.length) logger.log(`applied migrations ${applied.join(', ')}`);
            return dataSource;
          },
        }),
      ],
      providers: [PostgresHealth, { provide: IncidentViews, inject: [DataSource], useFactory: (ds: DataSource) => new IncidentViews(ds) }],
      exports: [PostgresHealth, IncidentViews],
    };
  }
}
