import { DEVICE_PROTOCOLS } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { RequestFailed } from '../api/http';
import { type Lang, translate, type Translate } from '../i18n';
import { canLocate, connectionLabel, describeLocateFailure, positionAge, positionSourceLabel, protocolLabel, serialFits, serialHint } from './device-facts';

const en: Translate = (key, params) => translate('en', key, params);
const zh: Translate = (key, params) => translate('zh-CN', key, params);
const at = '2026-11-28T08:00:00.000Z';
const later = (ms: number) => Date.parse(at) + ms;

describe('position age', () => {
  it.each([
    [0, 'just now'],
    [59_999, 'just now'],
    [60_000, '1 min ago'],
    [3 * 60_000 + 59_000, '3 min ago'],
    [59 * 60_000, '59 min ago'],
    [60 * 60_000, '1 h ago'],
    [47 * 3_600_000, '47 h ago'],
    [48 * 3_600_000, '2 d ago'],
    [10 * 86_400_000, '10 d ago'],
  ])('%i ms old is "%s"', (age, words) => {
    expect(positionAge(en, at, later(age))).toBe(words);
  });

  it('takes a time ahead of this clock (a device clock running fast) as just now', () => {
    expect(positionAge(en, at, later(-120_000))).toBe('just now');
  });

  it('speaks Chinese too', () => {
    expect(positionAge(zh, at, later(3 * 60_000))).toBe('3 分钟前');
    expect(positionAge(zh, at, later(5 * 3_600_000))).toBe('5 小时前');
  });
});

describe('position source', () => {
  it('says a GPS fix is one, and that towers or Wi-Fi give only an approximate place', () => {
    expect(positionSourceLabel(en, 'gps')).toBe('GPS fix');
    expect(positionSourceLabel(en, 'cell')).toBe('cell/Wi-Fi only, approximate');
    expect(positionSourceLabel(en, 'wifi')).toBe('cell/Wi-Fi only, approximate');
    expect(positionSourceLabel(zh, 'gps')).toBe('GPS 定位');
    expect(positionSourceLabel(zh, 'cell')).toBe('仅基站/Wi-Fi，大致位置');
  });
});

describe('connection', () => {
  it('is connected, not connected, or unknown when nobody could say', () => {
    expect([true, false, undefined].map((c) => connectionLabel(en, c))).toEqual(['connected', 'not connected', 'unknown']);
    expect([true, false, undefined].map((c) => connectionLabel(zh, c))).toEqual(['已连接', '未连接', '未知']);
  });
});

describe('protocols', () => {
  it.each(['en', 'zh-CN'] as Lang[])('every protocol has a name and a serial hint in %s', (lang) => {
    for (const protocol of DEVICE_PROTOCOLS) {
      expect(protocolLabel((k, p) => translate(lang, k, p), protocol)).toBeTruthy();
      expect(serialHint((k, p) => translate(lang, k, p), protocol)).toBeTruthy();
    }
    expect(new Set(DEVICE_PROTOCOLS.map((p) => serialHint((k) => translate(lang, k), p))).size).toBe(DEVICE_PROTOCOLS.length);
  });

  it('hints at what each protocol takes', () => {
    expect(serialHint(en, 'watch')).toMatch(/10-digit.*15-digit IMEI/);
    expect(serialHint(en, 'gt06')).toMatch(/15-digit IMEI/);
    expect(protocolLabel(en, 'watch')).toBe('3G watch');
  });

  it.each([
    ['watch', '8800000015', true],
    ['watch', '359586015829802', true],
    ['watch', 'HK-0001', false],
    ['gt06', '123456789012345', true],
    ['gt06', '8800000015', false],
    ['http', 'HK-0001', true],
    ['http', 'bad serial', false],
  ] as const)('a %s serial %s fits: %s', (protocol, serial, fits) => {
    expect(serialFits(protocol, serial)).toBe(fits);
  });

  it('locates only devices that hold a connection', () => {
    expect(DEVICE_PROTOCOLS.filter(canLocate)).toEqual(['watch', 'gt06']);
  });
});

describe('a refused locate', () => {
  it('is the sentence "the device is not connected" for a 409', () => {
    expect(describeLocateFailure(en, new RequestFailed(409, ['the device is not connected']))).toBe('the device is not connected');
    expect(describeLocateFailure(zh, new RequestFailed(409, ['whatever the server said']))).toBe('设备未连接');
  });

  it('is described as any other failure otherwise', () => {
    expect(describeLocateFailure(en, new RequestFailed(404, ['no device X']))).toContain('no device X');
    expect(describeLocateFailure(en, new RequestFailed(409, []))).not.toContain('someone else');
  });
});
