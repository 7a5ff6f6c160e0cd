import { createParamDecorator, type ExecutionContext, type RawBodyRequest } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The handset a request was signed by, as established by HandsetAuthGuard. */
export interface AuthenticatedDevice {
  serial: string;
  residentId: string;
  /** The handset's clock when it signed (X-Timestamp). */
  signedAtMs: number;
  /** The server's clock when the request arrived. */
  receivedAtMs: number;
  /** receivedAtMs - signedAtMs. */
  clockSkewMs: number;
}

/** A handset request: Fastify's, with the raw body kept for the signature and the device once verified. */
export type HandsetRequest = RawBodyRequest<FastifyRequest> & { handset?: AuthenticatedDevice };

/** The device that signed the request; only on routes behind HandsetAuthGuard. */
export const Handset = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedDevice => {
  const device = context.switchToHttp().getRequest<HandsetRequest>().handset;
  if (!device) throw new Error('@Handset() used on a route without HandsetAuthGuard');
  return device;
});
