/**
 * Every kind of timeline entry the server writes (`appendTimeline` callers, the press statement,
 * device supervision). The web console turns each into a sentence; its spec walks this list, so
 * a writer that adds a kind adds it here and the console must learn to say it.
 * Renaming one leaves older entries with the old name: add, never rename.
 */
export const TIMELINE_KINDS = [
  'press',
  'acknowledged',
  'note',
  'offered',
  'dispatch_accepted',
  'dispatch_declined',
  'dispatch_en_route',
  'responder_arrived',
  'dispatch_completed',
  'status_changed',
  'offer_timed_out',
  'offers_cancelled',
  'escalated',
  'cascade_exhausted',
  'resolved',
  'cancelled',
  'notification_sent',
  'notification_failed',
  'device_offline',
  'low_battery',
  'device_back_online',
  'battery_recovered',
  'follow_up_scheduled',
  'follow_up_completed',
  'visit_requested',
  'shown_to_every_console',
  'outage_joined',
  'outage_recovered',
  'outage_over',
  'folded_into_outage',
  'welfare_call',
  'protocol_step_done',
  'emergency_called',
  'handed_over',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
