export { ZodPipe } from './zod.pipe';
export { ApiExceptionFilter, toErrorBody } from './api-exception.filter';
export type { ErrorBody } from './api-exception.filter';
export { createHttpApp, listen, installProcessGuards, runProcess } from './http-app';
export type { HttpAppOptions } from './http-app';
export { ApiZodBody, ApiZodQuery } from './openapi';
export { internalListenerUrl } from './internal-listener';
export { conflictWith } from './conflict';
export { LISTEN_BACKLOG } from './server-limits';
