import { runProcess } from '@app/http';
import { createIngestApp } from './app';

runProcess('ingest', createIngestApp, (config) => config.INGEST_PORT);
