import { runProcess } from '@app/http';
import { createDispatcherApp } from './app';

runProcess(
  'dispatcher',
  createDispatcherApp,
  (config) => config.DISPATCHER_PORT,
  (config) => config.DISPATCHER_NICENESS,
);
