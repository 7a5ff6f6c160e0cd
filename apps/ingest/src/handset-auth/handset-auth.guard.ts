import { newDeviceSecret, SecretBox, verifyHandsetSignature } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { HandsetHeader } from '@app/contracts';
import { isDatabaseUnavailable } from '@app/database';
import { errorMessage } from '@app/errors';
import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { retryLater } from '../retry-later';
import type { HandsetRequest } from './authenticated-device';
import { clockSkewMs, parseHandsetTimestamp } from './handset-clock';
import { type DeviceLookup, HandsetDevices } from './handset-devices';

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
 * device costs what a known one does (a decrypt per read of its serial, the decoy's for an
 * unknown one, and an HMAC per request), so neither the answer nor its timing tells a caller
 * which serials exist. Secrets and signatures are never logged.
 */
@Injectable()
export class HandsetAuthGuard implements CanActivate {
  private readonly logger = new Logger(HandsetAuthGuard.name);
  private readonly box: SecretBox;
  /** Stands in for the sealed secret of a device that does not exist. */
  private readonly decoySealed: string;
  /**
   * The secret opened from each device read, kept while the cache keeps that read: a press
   * then costs an HMAC, not a decrypt as well. A read of an unknown serial opens the decoy
   * once, as a known one opens its own, so neither costs more than the other. A rotation or a
   * disable drops the read from the cache, and the next request opens the new one.
   */
  private readonly opened = new WeakMap<DeviceLookup, string>();

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

    const lookup = await this.lookUp(serial);
    const device = lookup.device;
    const secret = this.secretOf(lookup, serial);
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

  private secretOf(lookup: DeviceLookup, serial: string): string {
    let secret = this.opened.get(lookup);
    if (secret === undefined) {
      secret = this.openSecret(lookup.device?.secretCiphertext ?? this.decoySealed, serial);
      this.opened.set(lookup, secret);
    }
    return secret;
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
