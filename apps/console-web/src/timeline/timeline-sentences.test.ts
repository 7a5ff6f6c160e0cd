import { TIMELINE_KINDS, type TimelineEntry, type TimelineKind } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { dateTimeFormat, type Lang, LANGUAGES, translate } from '../i18n';
import { timelineSentence } from './timeline-sentences';

const actor = { id: 'u1', username: 'op.li' };
const at = '2026-12-01T08:05:00.000Z';

/** Each kind with the data its writer records (see the appendTimeline callers, press-store, device-supervision). */
const SAMPLES: Record<TimelineKind, TimelineEntry[]> = {
  press: [
    { at, kind: 'press', data: { type: 'sos', eventId: 'e-1', pressCount: 1, batteryPct: 40, location: { lat: 31.2, lng: 121.4 }, clockSkewMs: 125_000 } },
    {
      at,
      kind: 'press',
      data: { type: 'device_alarm', eventId: 'w-1', pressCount: 3, protocol: 'watch', rawStatus: '00200000', flags: [], fix: 'none', cells: [{ mcc: 460 }] },
    },
  ],
  acknowledged: [
    { at, kind: 'acknowledged', actor, data: { from: 'open', to: 'acknowledged' } },
    { at, kind: 'acknowledged', actor, data: { from: 'dispatched', to: 'dispatched' } },
  ],
  note: [{ at, kind: 'note', actor, data: { text: '女儿在路上' } }],
  offered: [
    { at, kind: 'offered', data: { dispatchId: 'd1', responderId: 'r-carer', responder: '王芳', role: 'carer', manual: false, expiresAt: at } },
    { at, kind: 'offered', actor, data: { dispatchId: 'd2', responderId: 'r-vol', responder: '赵志', role: 'volunteer', manual: true, expiresAt: at } },
  ],
  dispatch_accepted: [
    {
      at,
      kind: 'dispatch_accepted',
      actor: { id: 'u9', username: 'carer.wang' },
      data: { dispatchId: 'd1', responderId: 'r-carer', role: 'carer', from: 'offered', to: 'accepted' },
    },
  ],
  dispatch_declined: [{ at, kind: 'dispatch_declined', data: { dispatchId: 'd1', responderId: 'r-carer', role: 'carer', from: 'offered', to: 'declined' } }],
  dispatch_en_route: [{ at, kind: 'dispatch_en_route', data: { dispatchId: 'd1', responderId: 'r-carer', role: 'carer', from: 'accepted', to: 'en_route' } }],
  responder_arrived: [{ at, kind: 'responder_arrived', data: { dispatchId: 'd1', responderId: 'r-carer', role: 'carer', from: 'en_route', to: 'arrived' } }],
  dispatch_completed: [
    { at, kind: 'dispatch_completed', data: { dispatchId: 'd1', responderId: 'r-carer', role: 'carer', from: 'arrived', to: 'completed' } },
    {
      at,
      kind: 'dispatch_completed',
      data: { dispatchId: 'd1', responderId: 'r-carer', role: 'carer', from: 'arrived', to: 'completed', outcome: 'hospitalised', note: '已叫救护车' },
    },
  ],
  status_changed: [{ at, kind: 'status_changed', data: { from: 'acknowledged', to: 'dispatched', dispatchId: 'd1' } }],
  offer_timed_out: [{ at, kind: 'offer_timed_out', data: { dispatchId: 'd1', responderId: 'r-carer', role: 'carer', manual: false } }],
  offers_cancelled: [
    { at, kind: 'offers_cancelled', actor, data: { dispatchIds: ['d1'] } },
    { at, kind: 'offers_cancelled', data: { dispatchIds: ['d1', 'd2'] } },
  ],
  escalated: [{ at, kind: 'escalated', data: { reason: 'cascade_exhausted' } }],
  cascade_exhausted: [
    {
      at,
      kind: 'cascade_exhausted',
      data: {
        answers: [
          { responderId: 'r-carer', role: 'carer', status: 'timed_out' },
          { responderId: 'r-cadre', role: 'cadre', status: 'declined' },
          { responderId: 'r-doctor', role: 'doctor', status: 'timed_out' },
        ],
      },
    },
  ],
  resolved: [
    { at, kind: 'resolved', actor, data: { from: 'on_scene', outcome: 'assisted' } },
    { at, kind: 'resolved', actor, data: { from: 'open', outcome: 'no_access', note: '门锁着' } },
    { at, kind: 'resolved', data: { from: 'open', outcome: 'other', automatic: true, reason: 'battery_recovered' } },
  ],
  cancelled: [
    { at, kind: 'cancelled', actor, data: { from: 'open' } },
    { at, kind: 'cancelled', actor, data: { from: 'open', note: '打扫时误按' } },
  ],
  notification_sent: [{ at, kind: 'notification_sent', data: { dispatchId: 'd1', channel: 'socket', responderId: 'r-carer', attempt: 1 } }],
  notification_failed: [
    {
      at,
      kind: 'notification_failed',
      data: { dispatchId: 'd1', channel: 'webhook', responderId: 'r-carer', attempt: 2, error: 'connect ECONNREFUSED', final: false },
    },
    { at, kind: 'notification_failed', data: { dispatchId: 'd1', channel: 'webhook', responderId: 'r-carer', attempt: 5, error: 'HTTP 500', final: true } },
  ],
  device_offline: [{ at, kind: 'device_offline', data: { serial: 'HK-1', lastHeardAt: at, timeoutS: 900 } }],
  low_battery: [{ at, kind: 'low_battery', data: { serial: 'HK-1', batteryPct: 12, thresholdPct: 20 } }],
  device_back_online: [{ at, kind: 'device_back_online', data: { serial: 'HK-1', lastHeardAt: at } }],
  battery_recovered: [{ at, kind: 'battery_recovered', data: { serial: 'HK-1', batteryPct: 85 } }],
  follow_up_scheduled: [{ at, kind: 'follow_up_scheduled', actor, data: { followUpId: 'f1', dueAt: at } }],
  follow_up_completed: [
    { at, kind: 'follow_up_completed', actor, data: { followUpId: 'f1', outcome: 'needs_visit', satisfaction: 4 } },
    { at, kind: 'follow_up_completed', actor, data: { followUpId: 'f1', outcome: 'well', note: '精神很好' } },
  ],
  visit_requested: [{ at, kind: 'visit_requested', actor, data: { followUpId: 'f1', visitRequestId: 'v1' } }],
  shown_to_every_console: [{ at, kind: 'shown_to_every_console', data: { reason: 'no_district_operator', district: '东港区' } }],
  outage_joined: [{ at, kind: 'outage_joined', data: { devices: 3, serials: ['HK-1', 'HK-2', 'HK-3'] } }],
  outage_recovered: [{ at, kind: 'outage_recovered', data: { devices: 2, serials: ['HK-1', 'HK-2'] } }],
  outage_over: [{ at, kind: 'outage_over', data: { devices: 30, lastBackAt: at } }],
  folded_into_outage: [{ at, kind: 'folded_into_outage', data: { outageId: 'o1', district: '东港区' } }],
  welfare_call: [
    { at, kind: 'welfare_call', actor, data: { residentId: 'res-1', outcome: 'reached' } },
    { at, kind: 'welfare_call', actor, data: { residentId: 'res-1', outcome: 'not_reached', note: '无人接听' } },
  ],
  protocol_step_done: [{ at, kind: 'protocol_step_done', actor, data: { protocol: 'sos', stepId: 'call-back', text: '回拨居民电话' } }],
  emergency_called: [
    { at, kind: 'emergency_called', actor, data: { service: '120', calledAt: at, reference: 'RZ-120-7731' } },
    { at, kind: 'emergency_called', actor, data: { service: '110', calledAt: at } },
  ],
  handed_over: [{ at, kind: 'handed_over', actor, data: { toUserId: 'u2', to: '张伟', text: '家属已在路上' } }],
};

const NAMES = new Map([
  ['r-carer', '王芳'],
  ['r-vol', '赵志'],
]);

function say(lang: Lang, entry: TimelineEntry): string {
  const format = dateTimeFormat(lang);
  return timelineSentence(entry, {
    t: (key, params) => translate(lang, key, params),
    time: (iso) => format.format(new Date(iso)),
    responderName: (id) => NAMES.get(id),
  });
}

/** What raw data looks like on screen: JSON, `key: value`, codes with underscores, placeholders left over. */
const RAW = [/[{}[\]]/, /"\w+"\s*:/, /\b[a-z]+_[a-z_]+\b/, /\b[a-z]+[A-Z]\w*\b/, /undefined|null|NaN|\[object/, /\b(from|to|manual|location|lat|lng): /];

describe('timeline sentences', () => {
  it('has a sample for every kind the server writes', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...TIMELINE_KINDS].sort());
  });

  for (const lang of LANGUAGES) {
    for (const kind of TIMELINE_KINDS) {
      it(`says ${kind} in ${lang} with no raw data`, () => {
        for (const entry of SAMPLES[kind]) {
          const sentence = say(lang, entry);
          expect(sentence.length).toBeGreaterThan(3);
          for (const raw of RAW) expect({ sentence, raw: raw.test(sentence) }).toEqual({ sentence, raw: false });
          // A Chinese sentence carries no English words besides names, serials and user names from the data.
          if (lang === 'zh-CN') expect(sentence.replace(/op\.li|carer\.wang|HK-1/g, '')).not.toMatch(/[A-Za-z]{3,}/);
        }
      });
    }
  }

  it('names the responder, the outcome and the note', () => {
    expect(say('zh-CN', SAMPLES.offered[0]!)).toContain('护理员王芳');
    expect(say('en', SAMPLES.offered[1]!)).toBe(
      'op.li offered it to 赵志 (Volunteer); answer due by 1 Dec 2026, 08:05:00'.replace(
        '08:05',
        new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at)),
      ),
    );
    expect(say('en', SAMPLES.resolved[1]!)).toBe('op.li resolved it: No access; note: “门锁着”');
    expect(say('zh-CN', SAMPLES.status_changed[0]!)).toBe('状态由“已接警”变为“已派遣”');
    expect(say('en', SAMPLES.press[0]!)).toBe('Press no. 1: SOS, with a position, battery 40%, device clock off by about 125 s');
  });

  it('never shows the channel’s own (English) error text', () => {
    expect(say('zh-CN', SAMPLES.notification_failed[0]!)).not.toContain('ECONNREFUSED');
    expect(say('en', SAMPLES.notification_failed[1]!)).toContain('no more retries');
  });

  it('uses the singular for one', () => {
    expect(say('en', SAMPLES.offers_cancelled[0]!)).toBe('Withdrew 1 open offer');
    expect(say('en', SAMPLES.offers_cancelled[1]!)).toBe('Withdrew 2 open offers');
    expect(translate('en', 'incident.presses', { count: 1 })).toBe('1 press');
    expect(translate('en', 'incident.presses', { count: 1200 })).toBe('1,200 presses');
  });

  it('names a kind newer than this build in plain words', () => {
    expect(say('en', { at, kind: 'satellite_link_lost' })).toBe('Other entry (satellite link lost)');
  });
});
