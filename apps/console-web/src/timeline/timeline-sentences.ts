import type { TimelineEntry, TimelineKind } from '@app/contracts';
import { isMessageKey, type MessageKey, type Translate } from '../i18n';

/** What a sentence needs besides the entry: the words, and how to say a time and a responder. */
export interface SentenceWords {
  t: Translate;
  time: (iso: string) => string;
  /** A responder's name by id, when the incident's view knows it (its dispatches and care team). */
  responderName: (id: string) => string | undefined;
}

type Data = Record<string, unknown>;
type Sentence = (entry: TimelineEntry, data: Data, words: SentenceWords) => string;

const text = (data: Data, key: string): string | undefined => (typeof data[key] === 'string' && data[key] !== '' ? data[key] : undefined);
const count = (data: Data, key: string): number | undefined => (typeof data[key] === 'number' && Number.isFinite(data[key]) ? data[key] : undefined);

/** A value from a known list (a status, an outcome) in words; one this build does not know is said as "unknown", never as the raw code. */
function listed(t: Translate, prefix: string, value: unknown): string {
  const key = `${prefix}.${String(value)}`;
  return typeof value === 'string' && isMessageKey(key) ? t(key) : t('common.unknown');
}

function actor(entry: TimelineEntry, words: SentenceWords): string {
  return entry.actor?.username ?? words.t('timelineSentence.someone');
}

/** "carer 王芳": the role from the entry and the name from the view (or the entry, or the acting user). */
function responder(entry: TimelineEntry, data: Data, words: SentenceWords): string {
  const id = text(data, 'responderId');
  const name = (id && words.responderName(id)) ?? text(data, 'responder') ?? entry.actor?.username ?? '';
  const role = text(data, 'role');
  const roleKey = `responderRole.${role ?? ''}`;
  const roleWord = isMessageKey(roleKey) ? words.t(roleKey) : '';
  if (!name) return roleWord || words.t('timelineSentence.someone');
  return roleWord ? words.t('timelineSentence.responder', { role: roleWord, name }) : name;
}

function quoted(words: SentenceWords, value: string): string {
  return words.t('timelineSentence.quoted', { text: value });
}

/** The main clause, then the optional ones that apply, joined the language's way. */
function withClauses(words: SentenceWords, main: string, clauses: (string | undefined)[]): string {
  const rest = clauses.filter((c): c is string => Boolean(c));
  return rest.length ? words.t('timelineSentence.clauses', { main, rest: rest.join(words.t('timelineSentence.join')) }) : main;
}

function press(_entry: TimelineEntry, data: Data, words: SentenceWords): string {
  const { t } = words;
  const battery = count(data, 'batteryPct');
  const skewMs = count(data, 'clockSkewMs');
  const protocol = text(data, 'protocol');
  const protocolKey = `protocol.${protocol ?? ''}`;
  const positioned = typeof data.location === 'object' && data.location !== null;
  return withClauses(words, t('timelineSentence.press', { count: count(data, 'pressCount') ?? 1, type: listed(t, 'incidentType', data.type) }), [
    protocol && protocol !== 'http' && isMessageKey(protocolKey) ? t('timelineSentence.press.protocol', { protocol: t(protocolKey) }) : undefined,
    positioned ? t('timelineSentence.press.location') : data.fix === 'none' ? t('timelineSentence.press.noLocation') : undefined,
    battery !== undefined ? t('timelineSentence.press.battery', { pct: battery }) : undefined,
    skewMs !== undefined ? t('timelineSentence.press.clockSkew', { seconds: Math.round(Math.abs(skewMs) / 1000) }) : undefined,
  ]);
}

function acknowledged(entry: TimelineEntry, data: Data, words: SentenceWords): string {
  const from = text(data, 'from');
  const who = actor(entry, words);
  // Taking the call later (after a responder accepted) does not move the status back.
  return from && from !== 'open'
    ? words.t('timelineSentence.acknowledged.kept', { actor: who, status: listed(words.t, 'status', data.to ?? from) })
    : words.t('timelineSentence.acknowledged', { actor: who });
}

function note(entry: TimelineEntry, data: Data, words: SentenceWords): string {
  return words.t('timelineSentence.note', { actor: actor(entry, words), text: quoted(words, text(data, 'text') ?? '') });
}

function offered(entry: TimelineEntry, data: Data, words: SentenceWords): string {
  const expiresAt = text(data, 'expiresAt');
  const params = { actor: actor(entry, words), responder: responder(entry, data, words), time: expiresAt ? words.time(expiresAt) : words.t('common.unknown') };
  return words.t(data.manual === true ? 'timelineSentence.offered.manual' : 'timelineSentence.offered.auto', params);
}

/** The answers of a responder all read "<responder> <did>". */
const answered =
  (key: MessageKey): Sentence =>
  (entry, data, words) =>
    words.t(key, { responder: responder(entry, data, words) });

function completed(entry: TimelineEntry, data: Data, words: SentenceWords): string {
  const who = responder(entry, data, words);
  return data.outcome === undefined
    ? words.t('timelineSentence.dispatch_completed', { responder: who })
    : words.t('timelineSentence.dispatch_completed.outcome', { responder: who, outcome: listed(words.t, 'outcome', data.outcome) });
}

function statusChanged(_entry: TimelineEntry, data: Data, words: SentenceWords): string {
  return words.t('timelineSentence.status_changed', { from: listed(words.t, 'status', data.from), to: listed(words.t, 'status', data.to) });
}

function offersCancelled(_entry: TimelineEntry, data: Data, words: SentenceWords): string {
  return words.t('timelineSentence.offers_cancelled', { count: Array.isArray(data.dispatchIds) ? data.dispatchIds.length : 1 });
}

function escalated(_entry: TimelineEntry, data: Data, words: SentenceWords): string {
  return words.t('timelineSentence.escalated', { reason: listed(words.t, 'escalation', data.reason) });
}

/** Every member of the care team timed out or declined (`answers`: one per member asked). */
function cascadeExhausted(_entry: TimelineEntry, data: Data, words: SentenceWords): string {
  return words.t('nightShift.timelineExhausted', { count: Array.isArray(data.answers) ? data.answers.length : 0 });
}

function resolved(entry: TimelineEntry, data: Data, words: SentenceWords): string {
  if (data.automatic === true) return words.t('timelineSentence.resolved.automatic');
  const closingNote = text(data, 'note');
  const params = { actor: actor(entry, words), outcome: listed(words.t, 'outcome', data.outcome) };
  return closingNote
    ? words.t('timelineSentence.resolved.note', { ...params, note: quoted(words, closingNote) })
    : words.t('timelineSentence.resolved', params);
}

function cancelled(entry: TimelineEntry, data: Data, words: SentenceWords): string {
  const closingNote = text(data, 'note');
  return closingNote
    ? words.t('timelineSentence.cancelled.note', { actor: actor(entry, words), note: quoted(words, closingNote) })
    : words.t('timelineSentence.cancelled', { actor: actor(entry, words) });
}

/** A notification attempt. The channel's own error text is for the logs, not for the operator (it is English). */
function notification(entry: TimelineEntry, data: Data, words: SentenceWords): string {
  const params = {
    channel: listed(words.t, 'timelineSentence.channel', data.channel),
    responder: responder(entry, data, words),
    attempt: count(data, 'attempt') ?? 1,
  };
  if (entry.kind === 'notification_sent') return words.t('timelineSentence.notification_sent', params);
  return words.t(data.final === true ? 'timelineSentence.notification_failed.final' : 'timelineSentence.notification_failed', params);
}

function deviceOffline(_entry: TimelineEntry, data: Data, words: SentenceWords): string {
  const serial = text(data, 'serial') ?? words.t('common.unknown');
  const lastHeardAt = text(data, 'lastHeardAt');
  return lastHeardAt
    ? words.t('timelineSentence.device_offline', { serial, time: words.time(lastHeardAt) })
    : words.t('timelineSentence.device_offline.never', { serial });
}

function lowBattery(_entry: TimelineEntry, data: Data, words: SentenceWords): string {
  const { t } = words;
  return t('timelineSentence.low_battery', {
    serial: text(data, 'serial') ?? t('common.unknown'),
    pct: count(data, 'batteryPct') ?? t('common.unknown'),
    threshold: count(data, 'thresholdPct') ?? t('common.unknown'),
  });
}

function backOnline(_entry: TimelineEntry, data: Data, words: SentenceWords): string {
  return words.t('timelineSentence.device_back_online', { serial: text(data, 'serial') ?? words.t('common.unknown') });
}

function batteryRecovered(_entry: TimelineEntry, data: Data, words: SentenceWords): string {
  return words.t('timelineSentence.battery_recovered', {
    serial: text(data, 'serial') ?? words.t('common.unknown'),
    pct: count(data, 'batteryPct') ?? words.t('common.unknown'),
  });
}

function followUpScheduled(_entry: TimelineEntry, data: Data, words: SentenceWords): string {
  const dueAt = text(data, 'dueAt');
  return words.t('timelineSentence.follow_up_scheduled', { time: dueAt ? words.time(dueAt) : words.t('common.unknown') });
}

function followUpCompleted(entry: TimelineEntry, data: Data, words: SentenceWords): string {
  const params = { actor: actor(entry, words), outcome: listed(words.t, 'timelineSentence.followUpOutcome', data.outcome) };
  const closingNote = text(data, 'note');
  return closingNote
    ? words.t('timelineSentence.follow_up_completed.note', { ...params, note: quoted(words, closingNote) })
    : words.t('timelineSentence.follow_up_completed', params);
}

function devicesChanged(key: 'timelineSentence.outage_joined' | 'timelineSentence.outage_recovered'): Sentence {
  return (_entry, data, words) => words.t(key, { count: count(data, 'devices') ?? 0 });
}

function welfareCall(entry: TimelineEntry, data: Data, words: SentenceWords): string {
  const main = words.t('timelineSentence.welfare_call', {
    actor: actor(entry, words),
    outcome: listed(words.t, 'timelineSentence.welfareOutcome', data.outcome),
  });
  const callNote = text(data, 'note');
  return withClauses(words, main, [callNote ? quoted(words, callNote) : undefined]);
}

function emergencyCalled(entry: TimelineEntry, data: Data, words: SentenceWords): string {
  const main = words.t('timelineSentence.emergency_called', { actor: actor(entry, words), service: text(data, 'service') ?? words.t('common.unknown') });
  const reference = text(data, 'reference');
  return withClauses(words, main, [reference ? words.t('timelineSentence.emergency_called.reference', { reference }) : undefined]);
}

function handedOver(entry: TimelineEntry, data: Data, words: SentenceWords): string {
  const main = words.t('timelineSentence.handed_over', { actor: actor(entry, words), to: text(data, 'to') ?? words.t('timelineSentence.someone') });
  const handOverNote = text(data, 'text');
  return withClauses(words, main, [handOverNote ? quoted(words, handOverNote) : undefined]);
}

/** One sentence per kind the server writes: the compiler insists that every kind has one. */
export const TIMELINE_SENTENCES: Record<TimelineKind, Sentence> = {
  press,
  acknowledged,
  note,
  offered,
  dispatch_accepted: answered('timelineSentence.dispatch_accepted'),
  dispatch_declined: answered('timelineSentence.dispatch_declined'),
  dispatch_en_route: answered('timelineSentence.dispatch_en_route'),
  responder_arrived: answered('timelineSentence.responder_arrived'),
  dispatch_completed: completed,
  status_changed: statusChanged,
  offer_timed_out: answered('timelineSentence.offer_timed_out'),
  offers_cancelled: offersCancelled,
  escalated,
  cascade_exhausted: cascadeExhausted,
  resolved,
  cancelled,
  notification_sent: notification,
  notification_failed: notification,
  device_offline: deviceOffline,
  low_battery: lowBattery,
  device_back_online: backOnline,
  battery_recovered: batteryRecovered,
  follow_up_scheduled: followUpScheduled,
  follow_up_completed: followUpCompleted,
  visit_requested: (entry, _data, words) => words.t('timelineSentence.visit_requested', { actor: actor(entry, words) }),
  shown_to_every_console: (_entry, _data, words) => words.t('timelineSentence.shown_to_every_console'),
  outage_joined: devicesChanged('timelineSentence.outage_joined'),
  outage_recovered: devicesChanged('timelineSentence.outage_recovered'),
  outage_over: (_entry, _data, words) => words.t('timelineSentence.outage_over'),
  folded_into_outage: (_entry, _data, words) => words.t('timelineSentence.folded_into_outage'),
  welfare_call: welfareCall,
  protocol_step_done: (entry, data, words) =>
    words.t('timelineSentence.protocol_step_done', { actor: actor(entry, words), step: text(data, 'text') ?? words.t('common.unknown') }),
  emergency_called: emergencyCalled,
  handed_over: handedOver,
};

function isKnownKind(kind: string): kind is TimelineKind {
  return Object.hasOwn(TIMELINE_SENTENCES, kind);
}

/**
 * A timeline entry as one sentence in the chosen language. A kind newer than this build is
 * named in plain words (underscores gone), never dumped as data.
 */
export function timelineSentence(entry: TimelineEntry, words: SentenceWords): string {
  const data = entry.data ?? {};
  if (isKnownKind(entry.kind)) return TIMELINE_SENTENCES[entry.kind](entry, data, words);
  return words.t('timelineSentence.unknown', { kind: entry.kind.replace(/_/g, ' ') });
}
