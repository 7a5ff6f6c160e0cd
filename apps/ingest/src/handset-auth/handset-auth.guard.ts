import { newDeviceSecret, SecretBox, verifyHandsetSignature } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { HandsetHeader } from '@app/contracts';
import { isDatabaseUnavailable } from '@app/database';
import { errorMessage } from '@app/errors';
import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { retryLater } from '../retry-later';
import type { HandsetRequest } from './authenticated-device';
import { clockSkewMs, parseHandsetTimestamp } from './handset-clock';
import { HandsetDevices } from './handset-devices';

/** Same shape as a provisioned serial; anything else is refused before touching the database. */
const SERIAL = /^[A-Za-z0-9_-]{1,64}$/;
const NO_BODY = Buffer.alloc(0);

function singleHeader(request: HandsetRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Verifies the handset signature (docs/architecture.md, 'Handset API') over the raw body bytes and attaches the
 * device to the request. Every refusal is the same 401 with the same message, and an unknown
 * device costs the same decrypt and HMAC as a known one, so neither the answer nor its timing
 * tells a caller which serials exist. Secrets and signatures are never logged.
 */
@Injectable()
export class HandsetAuthGuard implements CanActivate {
  private readonly logger = new Logger(HandsetAuthGuard.name);
  private readonly box: SecretBox;
  /** Stands in for the sealed secret of a device that does not exist. */
  private readonly decoySealed: string;

  constructor(
    private readonly devices: HandsetDevices,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = new SecretBox(config.DEVICE_SECRET_KEY);
    this.decoySealed = this.box.seal(newDeviceSecret());
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<HandsetRequest>();
    const receivedAtMs = Date.now();
    const serial = singleHeader(request, HandsetHeader.DeviceId);
    const timestamp = singleHeader(request, HandsetHeader.Timestamp);
    const signature = singleHeader(request, HandsetHeader.Signature);
    const signedAtMs = parseHandsetTimestamp(timestamp);
    if (!serial || !SERIAL.test(serial) || timestamp === undefined || signedAtMs === undefined || !signature) {
      throw refused();
    }

    const device = await this.lookUp(serial);
    const secret = this.openSecret(device?.secretCiphertext ?? this.decoySealed, serial);
    const signed = verifyHandsetSignature(secret, timestamp, request.rawBody ?? NO_BODY, signature);
    if (!device || !device.enabled || !signed) throw refused();

    request.handset = {
      serial: device.serial,
      residentId: device.residentId,
      signedAtMs,
      receivedAtMs,
      clockSkewMs: clockSkewMs(signedAtMs, receivedAtMs),
    };
    return true;
  }

  private async lookUp(serial: string) {
    try {
      return await this.devices.credentials(serial);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.logger.warn(`device registry unavailable: ${errorMessage(error)}`);
      throw retryLater('the device registry is unavailable, try again');
    }
  }

  private openSecret(sealed: string, serial: string): string {
    try {
      return this.box.open(sealed);
    } catch {
      // Sealed with another key: a server configuration fault, not the handset's. It retries on 503.
      this.logger.error(`the stored secret of device ${serial} does not open with DEVICE_SECRET_KEY`);
      throw retryLater('the device could not be verified, try again');
    }
  }
}

function refused(): UnauthorizedException {
  return new UnauthorizedException('invalid device credentials');
}
