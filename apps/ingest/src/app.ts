import type { AppConfig } from '@app/config';
import { HANDSET_BODY_LIMIT_BYTES } from '@app/contracts';
import { createHttpApp } from '@app/http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IngestModule } from './ingest.module';
import { retryLaterBody } from './retry-later';

/** The handset gateway (its OpenAPI document is at /docs). Not listening yet: main.ts and the tests start it. */
export function createIngestApp(config: AppConfig): Promise<NestFastifyApplication> {
  return createHttpApp(IngestModule.forRoot(config), config, {
    internalPort: config.INGEST_METRICS_PORT,
    title: 'HeartKey ingest',
    description: 'The handset gateway: signed alarms and heartbeats.',
    bodyLimit: HANDSET_BODY_LIMIT_BYTES,
    // Handset signatures cover the exact bytes sent, not a re-serialisation of the parsed JSON.
    rawBody: true,
    // A handset retries on 503; any other 5xx would be a bug on this API.
    onUnexpected: () => retryLaterBody('the request could not be handled, try again'),
  });
}
