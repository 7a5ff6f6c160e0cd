import { runProcess } from '@app/http';
import { createConsoleApp } from './app';

runProcess('console', createConsoleApp, (config) => config.CONSOLE_PORT);
