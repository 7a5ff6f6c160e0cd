import type { EscalationReason, NotificationChannelName } from '@app/contracts';
import { Metrics } from '@app/observability';
import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';

/** Seconds, from a second to half an hour: how long people and timers take on an alarm. */
const RESPONSE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800];
/** How late a timer job starts after its due time. */
const LATENESS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];

const secondsBetween = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / 1000);

/** The dispatch engine's Prometheus metrics, on the registry of whichever process records them. */
@Injectable()
export class DispatchMetrics {
  private readonly pressToOffer: Histogram<string>;
  private readonly offerToAccept: Histogram<string>;
  private readonly openToAcknowledge: Histogram<string>;
  private readonly openToOnScene: Histogram<string>;
  private readonly timerLateness: Histogram<string>;
  private readonly escalations: Counter<string>;
  private readonly notificationFailures: Counter<string>;
  private readonly offers: Counter<string>;

  constructor(metrics: Metrics) {
    this.pressToOffer = metrics.histogram('heartkey_press_to_offer_seconds', 'Incident opened to its first offer', RESPONSE_BUCKETS);
    this.offerToAccept = metrics.histogram('heartkey_offer_to_accept_seconds', 'Offer made to offer accepted', RESPONSE_BUCKETS);
    this.openToAcknowledge = metrics.histogram('heartkey_open_to_acknowledge_seconds', 'Incident opened to an operator acknowledging it', RESPONSE_BUCKETS);
    this.openToOnScene = metrics.histogram('heartkey_open_to_on_scene_seconds', 'Incident opened to a responder at the door', RESPONSE_BUCKETS);
    this.timerLateness = metrics.histogram('heartkey_timer_lateness_seconds', 'Timer job start minus its due time', LATENESS_BUCKETS, ['job']);
    this.escalations = metrics.counter('heartkey_escalations_total', 'Incidents escalated to a human, by reason', ['reason']);
    this.notificationFailures = metrics.counter('heartkey_notification_failures_total', 'Failed notification attempts, by channel', ['channel']);
    this.offers = metrics.counter('heartkey_offers_total', 'Offers made to responders', ['role', 'manual']);
  }

  offerMade(role: string, manual: boolean, openedAt: Date, offeredAt: Date, first: boolean): void {
    this.offers.inc({ role, manual: String(manual) });
    if (first) this.pressToOffer.observe(secondsBetween(openedAt, offeredAt));
  }

  offerAccepted(offeredAt: Date, at = new Date()): void {
    this.offerToAccept.observe(secondsBetween(offeredAt, at));
  }

  acknowledged(openedAt: Date, at = new Date()): void {
    this.openToAcknowledge.observe(secondsBetween(openedAt, at));
  }

  onScene(openedAt: Date, at = new Date()): void {
    this.openToOnScene.observe(secondsBetween(openedAt, at));
  }

  escalated(reason: EscalationReason): void {
    this.escalations.inc({ reason });
  }

  notificationFailed(channel: NotificationChannelName): void {
    this.notificationFailures.inc({ channel });
  }

  /** Returns the lateness in seconds (negative when a timer started early). */
  timerStarted(job: string, dueAt: Date, at = new Date()): number {
    const late = (at.getTime() - dueAt.getTime()) / 1000;
    this.timerLateness.observe({ job }, Math.max(0, late));
    return late;
  }
}
