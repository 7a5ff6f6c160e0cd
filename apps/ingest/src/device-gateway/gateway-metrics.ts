import { LATENCY_BUCKETS_S, Metrics } from '@app/observability';
import type { DeviceMessage, TcpProtocolName } from '@app/protocols';
import { Injectable } from '@nestjs/common';
import type { Counter, Gauge, Histogram } from 'prom-client';

/** Why a frame was dropped: it could not be decoded, it was too large, or it came before a login. */
export type BadFrameReason = 'undecodable' | 'too_large' | 'before_login' | 'foreign_id' | 'too_slow';

/** The device gateway's metrics, per protocol: frames by kind, bad frames, unregistered ids, open connections. */
@Injectable()
export class GatewayMetrics {
  private readonly frames: Counter<string>;
  private readonly badFrames: Counter<string>;
  private readonly unregistered: Counter<string>;
  private readonly connections: Gauge<string>;
  readonly alarmAnswerSeconds: Histogram<string>;

  constructor(metrics: Metrics) {
    this.frames = metrics.counter('heartkey_device_frames_total', 'Device frames decoded, by protocol and kind', ['protocol', 'kind']);
    this.badFrames = metrics.counter('heartkey_device_bad_frames_total', 'Device frames dropped, by protocol and reason', ['protocol', 'reason']);
    this.unregistered = metrics.counter('heartkey_device_unregistered_frames_total', 'Frames from ids that are not provisioned', ['protocol']);
    this.connections = metrics.gauge('heartkey_device_connections', 'Open device connections, by protocol', ['protocol']);
    this.alarmAnswerSeconds = metrics.histogram(
      'heartkey_device_alarm_answer_seconds',
      'From an alarm frame read to its answer written (after the commit)',
      LATENCY_BUCKETS_S,
      ['protocol'],
    );
  }

  frame(protocol: TcpProtocolName, kind: DeviceMessage['kind']): void {
    this.frames.inc({ protocol, kind });
  }

  badFrame(protocol: TcpProtocolName, reason: BadFrameReason): void {
    this.badFrames.inc({ protocol, reason });
  }

  unregisteredFrame(protocol: TcpProtocolName): void {
    this.unregistered.inc({ protocol });
  }

  connectionOpened(protocol: TcpProtocolName): void {
    this.connections.inc({ protocol });
  }

  connectionClosed(protocol: TcpProtocolName): void {
    this.connections.dec({ protocol });
  }
}
