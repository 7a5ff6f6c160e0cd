import { HandsetHeader } from '@app/contracts';
import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { FreshClockGuard } from './fresh-clock.guard';
import { HandsetAuthGuard } from './handset-auth.guard';

/**
 * A handset endpoint: the signature is checked (and documented). `freshClock` also refuses a
 * request signed more than the tolerance away from the server clock, which alarms never are.
 */
export function HandsetEndpoint(options: { freshClock: boolean }): MethodDecorator & ClassDecorator {
  return applyDecorators(
    options.freshClock ? UseGuards(HandsetAuthGuard, FreshClockGuard) : UseGuards(HandsetAuthGuard),
    ApiHeader({ name: HandsetHeader.DeviceId, description: 'the device serial, as provisioned' }),
    ApiHeader({ name: HandsetHeader.Timestamp, description: 'Unix time in milliseconds, as a decimal string' }),
    ApiHeader({
      name: HandsetHeader.Signature,
      description: 'lowercase hex HMAC-SHA256 of `${X-Timestamp}.${raw body}`, keyed with the device secret',
    }),
    ApiResponse({ status: 401, description: 'unknown or disabled device, missing headers or bad signature' }),
    ApiResponse({ status: 503, description: 'temporarily unable; send the same request again after Retry-After' }),
  );
}
