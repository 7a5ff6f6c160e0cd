import { isDatabaseUnavailable, type ItemOutcome } from '@app/database';
import { incidentGroupOf, incidentTypeForAlarm } from '@app/domain';
import { errorMessage } from '@app/errors';
import { Injectable, Logger } from '@nestjs/common';
import { IntakeMetrics } from './intake-metrics';
import { type PressEntry, pressKey, PressStore, type StoredPress } from './press-store';

/**
 * Splits a batch into rounds that one statement each can store: a press whose (device, eventId)
 * is already in the batch rides on the first one (a repeat, with its ids); the k-th press of one
 * resident and type group goes in round k, so two presses of one resident in one batch fold
 * into one incident exactly as two sequential presses do.
 */
export function roundsOf(entries: readonly PressEntry[]): { rounds: number[][]; firstOf: number[] } {
  const rounds: number[][] = [];
  const firstOf: number[] = [];
  const seenEvent = new Map<string, number>();
  const pressesOfIncident = new Map<string, number>();
  entries.forEach(({ device, press }, i) => {
    const eventKey = pressKey(device.serial, press.eventId);
    const first = seenEvent.get(eventKey);
    if (first !== undefined) {
      firstOf[i] = first;
      return;
    }
    seenEvent.set(eventKey, i);
    firstOf[i] = i;
    const incidentKey = `${device.residentId}\u0000${incidentGroupOf(incidentTypeForAlarm(press.type))}`;
    const round = pressesOfIncident.get(incidentKey) ?? 0;
    pressesOfIncident.set(incidentKey, round + 1);
    (rounds[round] ??= []).push(i);
  });
  return { rounds, firstOf };
}

/**
 * Stores a batch of presses that arrived together, in as few statements as their residents
 * allow (one, unless a resident pressed twice within it), and gives each press its own outcome.
 * Postgres unavailable: the round fails as a whole, and so does every later round (they are not
 * tried). Any other error (one row Postgres refuses, a deadlock between two batches) is not
 * allowed to take the other presses down: the round's presses are then stored one by one, so
 * only the press at fault fails.
 */
@Injectable()
export class PressBatches {
  private readonly logger = new Logger(PressBatches.name);

  constructor(
    private readonly store: PressStore,
    private readonly metrics: IntakeMetrics,
  ) {}

  async storeAll(entries: readonly PressEntry[]): Promise<ItemOutcome<StoredPress>[]> {
    const { rounds, firstOf } = roundsOf(entries);
    this.metrics.batchRounds.observe(rounds.length);
    const outcomes: ItemOutcome<StoredPress>[] = [];
    let unavailable: unknown;
    for (const round of rounds) {
      const results = unavailable === undefined ? await this.storeRound(round.map((i) => entries[i]!)) : round.map(() => failed(unavailable));
      round.forEach((entryIndex, k) => {
        const outcome = results[k]!;
        outcomes[entryIndex] = outcome;
        if (!outcome.ok && isDatabaseUnavailable(outcome.error)) unavailable ??= outcome.error;
      });
    }
    return entries.map((_, i) => {
      if (firstOf[i] === i) return outcomes[i]!;
      const first = outcomes[firstOf[i]!]!;
      return first.ok ? { ok: true, value: { duplicate: true, alarmId: first.value.alarmId, incidentId: first.value.incidentId } } : first;
    });
  }

  private async storeRound(round: PressEntry[]): Promise<ItemOutcome<StoredPress>[]> {
    try {
      return (await this.store.storeRound(round)).map((value) => ({ ok: true, value }));
    } catch (error) {
      if (isDatabaseUnavailable(error) || round.length === 1) return round.map(() => failed(error));
      this.metrics.retriedAlone.inc();
      this.logger.warn(`a batch of ${round.length} presses failed (${errorMessage(error)}); storing them one by one`);
      const alone: ItemOutcome<StoredPress>[] = [];
      for (const entry of round) alone.push(...(await this.storeRound([entry])));
      return alone;
    }
  }
}

function failed(error: unknown): ItemOutcome<never> {
  return { ok: false, error };
}
