import { signHandsetRequest } from '@app/auth';
import { HandsetHeader, type AlarmRequest, type AlarmType, type HeartbeatRequest } from '@app/contracts';
import { causeMessage } from '@app/errors';
import { retryDelayMs, shouldRetry } from './retry';
import type { PressOutcome } from './stats';

export interface Handset {
  serial: string;
  secret: string;
  label: string;
  home?: { lat: number; lng: number };
}

export interface Answer {
  status?: number;
  body?: unknown;
  error?: string;
}

const REQUEST_TIMEOUT_MS = 10_000;

/** One signed request exactly as the handset API says (docs/architecture.md, 'Handset API'): HMAC over `${timestamp}.${raw body}`. */
async function sendSigned(url: string, handset: Handset, rawBody: string): Promise<{ answer: Answer; retryAfter: string | null }> {
  const timestamp = String(Date.now());
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [HandsetHeader.DeviceId]: handset.serial,
        [HandsetHeader.Timestamp]: timestamp,
        [HandsetHeader.Signature]: signHandsetRequest(handset.secret, timestamp, rawBody),
      },
      body: rawBody,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { answer: { status: response.status, body }, retryAfter: response.headers.get('retry-after') };
  } catch (error) {
    const cause = causeMessage(error);
    return { answer: { error: cause }, retryAfter: null };
  }
}

export interface PressRequest {
  baseUrl: string;
  handset: Handset;
  heartbeat: boolean;
  type: AlarmType;
  eventId: string;
  batteryPct?: number;
  maxAttempts: number;
}

/**
 * One press as a handset makes it: when the server could not store it (503) or did not answer,
 * the SAME request body (same eventId) goes again, newly signed, after Retry-After or a backoff,
 * so the server can recognise it and never open a second incident.
 */
export async function press(request: PressRequest): Promise<PressOutcome & { answer: Answer }> {
  const { handset } = request;
  const path = request.heartbeat ? '/v1/heartbeats' : '/v1/alarms';
  const body: AlarmRequest | HeartbeatRequest = request.heartbeat
    ? { ...(request.batteryPct === undefined ? {} : { batteryPct: request.batteryPct }) }
    : {
        eventId: request.eventId,
        type: request.type,
        occurredAt: new Date().toISOString(),
        ...(request.batteryPct === undefined ? {} : { batteryPct: request.batteryPct }),
        ...(handset.home ? { location: { ...handset.home, accuracyM: 25 } } : {}),
      };
  const rawBody = JSON.stringify(body);
  const accepted = (status?: number) => (request.heartbeat ? status === 204 : status === 202 || status === 200);
  const started = performance.now();
  let attempts = 0;
  for (;;) {
    attempts++;
    const { answer, retryAfter } = await sendSigned(`${request.baseUrl}${path}`, handset, rawBody);
    if (!shouldRetry(answer.status) || attempts >= request.maxAttempts) {
      return { status: answer.status, accepted: accepted(answer.status), attempts, latencyMs: performance.now() - started, answer };
    }
    await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempts, retryAfter)));
  }
}
