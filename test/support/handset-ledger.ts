import type { AlarmAccepted, AlarmType } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { sendSigned } from './handset';

/**
 * Simulated handsets that behave like real ones when the server is in trouble, and the ledger
 * of what they were told: a press the handset got a 2xx for is a promise the system made.
 * A 503 or a network error makes the handset send the SAME eventId again, after `Retry-After`
 * (or a growing backoff), for a bounded time.
 */

export interface LedgerEntry {
  serial: string;
  eventId: string;
  type: AlarmType;
  /** performance.now() of the first attempt. */
  firstSentAt: number;
  /** performance.now() of the 2xx, when one came. */
  ackedAt?: number;
  /** 202, or 200 when a retry found the press already stored (its earlier answer was lost). */
  status?: number;
  incidentId?: string;
  alarmId?: string;
  attempts: number;
  answers503: number;
  networkErrors: number;
  /** Set when the handset stopped trying: out of time, or an answer it must not retry (4xx, a 5xx other than 503). */
  failure?: string;
}

export class PressLedger {
  readonly entries: LedgerEntry[] = [];

  acknowledged(): LedgerEntry[] {
    return this.entries.filter((e) => e.ackedAt !== undefined);
  }

  failed(): LedgerEntry[] {
    return this.entries.filter((e) => e.failure !== undefined);
  }

  /** Still being sent: no 2xx yet and not given up. */
  inFlight(): LedgerEntry[] {
    return this.entries.filter((e) => e.ackedAt === undefined && e.failure === undefined);
  }

  total503(): number {
    return this.entries.reduce((n, e) => n + e.answers503, 0);
  }

  totalNetworkErrors(): number {
    return this.entries.reduce((n, e) => n + e.networkErrors, 0);
  }
}

export interface HandsetOptions {
  /** How long a handset keeps retrying one press (default 90 s). */
  retryForMs?: number;
  /** Per-attempt timeout (default 10 s). */
  attemptTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Handset {
  private readonly retryForMs: number;
  private readonly attemptTimeoutMs: number;

  constructor(
    readonly device: { serial: string; secret: string },
    private readonly ledger: PressLedger,
    options: HandsetOptions = {},
  ) {
    this.retryForMs = options.retryForMs ?? 90_000;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
  }

  /**
   * Sends one press until it is acknowledged or the handset gives up. `target(attempt)` is the
   * ingest base URL for attempt 0, 1, ... (a fixed URL for a handset that always calls the same host).
   */
  async press(target: string | ((attempt: number) => string), type: AlarmType = 'sos', eventId: string = randomUUID()): Promise<LedgerEntry> {
    const urlFor = typeof target === 'string' ? () => target : target;
    const entry: LedgerEntry = { serial: this.device.serial, eventId, type, firstSentAt: performance.now(), attempts: 0, answers503: 0, networkErrors: 0 };
    this.ledger.entries.push(entry);
    const deadline = entry.firstSentAt + this.retryForMs;
    for (;;) {
      let backoffMs: number;
      try {
        const res = await sendSigned<AlarmAccepted>({
          baseUrl: urlFor(entry.attempts++),
          serial: this.device.serial,
          secret: this.device.secret,
          path: '/v1/alarms',
          body: { eventId, type },
          timeoutMs: this.attemptTimeoutMs,
        });
        if (res.status === 202 || res.status === 200) {
          Object.assign(entry, { ackedAt: performance.now(), status: res.status, incidentId: res.body.incidentId, alarmId: res.body.alarmId });
          return entry;
        }
        if (res.status !== 503) {
          entry.failure = `answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`;
          return entry;
        }
        entry.answers503++;
        const retryAfter = Number(res.headers.get('retry-after'));
        if (!(retryAfter > 0)) {
          entry.failure = '503 without Retry-After';
          return entry;
        }
        backoffMs = retryAfter * 1000;
      } catch {
        // Connection refused or reset, or no answer in time: the press may or may not be stored.
        entry.networkErrors++;
        backoffMs = Math.min(250 * 2 ** Math.min(entry.networkErrors - 1, 5), 5000);
      }
      const left = deadline - performance.now();
      if (left <= 0) {
        entry.failure = `gave up after ${entry.attempts} attempts (${entry.answers503} x 503, ${entry.networkErrors} network errors)`;
        return entry;
      }
      await sleep(Math.min(backoffMs, left));
    }
  }
}
