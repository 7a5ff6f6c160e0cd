import { describeCommand, type DeviceDialect, type SimulatedDevice } from './device-dialect';
import type { DeviceTrace, FrameOutcome } from './tcp-device';

const ms = (n: number) => `${Math.round(n)} ms`;

/** One frame's fate in a line: `answer [3G*8800000003*0002*AL] after 23 ms`, `no answer (3 sends: no answer)`. */
export function describeOutcome(outcome: FrameOutcome, dialect: DeviceDialect): string {
  const sends = outcome.attempts > 1 ? `, ${outcome.attempts} sends` : '';
  if (outcome.answer) return `answer ${dialect.describe(outcome.answer)} after ${ms(outcome.latencyMs)}${sends}`;
  if (!outcome.expectsAnswer) return `sent in ${ms(outcome.latencyMs)}; a position gets no answer`;
  return `no answer (${outcome.attempts} ${outcome.attempts === 1 ? 'send' : 'sends'}: ${outcome.error ?? 'no answer'}) after ${ms(outcome.latencyMs)}`;
}

/** What the server sent on its own, in a line: `[3G*8800000003*0010*SOS,12349,,] SOS numbers 12349`. */
export function describeServerFrame(frame: Buffer, dialect: DeviceDialect): string {
  const command = dialect.command(frame);
  if (!command) return `${dialect.describe(frame)} (not a command this simulator knows)`;
  return `${dialect.describe(frame)}: ${describeCommand(command)}${command.kind === 'locate' ? ' (the device answers with its position)' : ''}`;
}

/** How many of the server's own frames a run with many devices prints before it only counts them. */
const SERVER_FRAMES_SHOWN = 20;

/**
 * Prints what a device saw on the wire. One frame (`verbose`): everything, each send and answer;
 * a load run: only what the server sent on its own (SOS numbers, a locate), the first few.
 */
export function printingTrace(dialect: DeviceDialect, verbose: boolean, print: (line: string) => void = console.log): DeviceTrace & { unshown(): number } {
  let serverFrames = 0;
  return {
    sent: verbose
      ? (_device: SimulatedDevice, frame: Buffer, attempt: number) => print(`  → ${dialect.describe(frame)}${attempt > 1 ? ` (sent again, ${attempt})` : ''}`)
      : undefined,
    answered: verbose
      ? (_device: SimulatedDevice, answer: Buffer, latencyMs: number) => print(`  ← answer ${dialect.describe(answer)} after ${ms(latencyMs)}`)
      : undefined,
    serverFrame(device: SimulatedDevice, frame: Buffer) {
      serverFrames++;
      if (verbose || serverFrames <= SERVER_FRAMES_SHOWN)
        print(`  ← ${verbose ? '' : `${device.label}: `}from the server ${describeServerFrame(frame, dialect)}`);
    },
    unshown: () => Math.max(0, serverFrames - (verbose ? serverFrames : SERVER_FRAMES_SHOWN)),
  };
}
