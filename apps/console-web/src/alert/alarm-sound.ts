import { useEffect, useSyncExternalStore } from 'react';

/**
 * Whether the alarm can be heard: `on`, `blocked` (the browser keeps audio suspended until the
 * page gets a click or a key press, which a reload loses) or `unsupported` (no Web Audio).
 * Screens never claim the sound is on unless it is `on` (issue 12, defect 1).
 */
export type SoundState = 'on' | 'blocked' | 'unsupported';

/** How loud a chime is: technical incidents chime more quietly than emergencies. */
export const EMERGENCY_VOLUME = 0.25;
export const TECHNICAL_VOLUME = 0.06;

/**
 * The audible alert, synthesised with Web Audio (no file to load, nothing to fail). The context
 * is created as soon as the page loads, so its state tells at once whether the browser blocks
 * sound; `unlock` is called from every click or key press (the login button is one, the
 * "enable the alarm sound" bar another) and resumes it.
 */
class AlarmSound {
  private context?: AudioContext;
  private readonly listeners = new Set<() => void>();

  /** Creates the context (suspended when the browser blocks autoplay) and follows its state. */
  prepare(): void {
    if (typeof AudioContext === 'undefined' || this.context) return;
    this.context = new AudioContext();
    this.context.addEventListener('statechange', () => this.changed());
    this.changed();
  }

  unlock(): void {
    this.prepare();
    const context = this.context;
    if (context && context.state !== 'running')
      context.resume().then(
        () => this.changed(),
        () => this.changed(),
      );
  }

  get state(): SoundState {
    if (typeof AudioContext === 'undefined') return 'unsupported';
    return this.context?.state === 'running' ? 'on' : 'blocked';
  }

  /** Whether a sound can be heard now (false until the page got a click or key press). */
  get ready(): boolean {
    return this.state === 'on';
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** A short two-tone chime: `tones` frequencies, each `lengthS` long, at `volume` (0..1). */
  play(tones: readonly number[] = [880, 660, 880], lengthS = 0.18, volume = EMERGENCY_VOLUME): void {
    const context = this.context;
    if (!context || context.state !== 'running') return;
    let at = context.currentTime;
    for (const frequency of tones) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'square';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(volume, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + lengthS);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + lengthS);
      at += lengthS + 0.04;
    }
  }
}

export const alarmSound = new AlarmSound();

/** Whether the alarm can be heard now; re-renders when that changes. */
export function useSoundState(): SoundState {
  return useSyncExternalStore(alarmSound.subscribe, () => alarmSound.state);
}

/** Prepares audio when the page loads (so a blocked sound is known at once) and unlocks it on every interaction. */
export function useAudioUnlock(): void {
  useEffect(() => {
    alarmSound.prepare();
    const unlock = () => alarmSound.unlock();
    window.addEventListener('pointerdown', unlock);
    window.addEventListener('keydown', unlock);
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, []);
}

/**
 * Chimes every `everyMs` while `active` (something unacknowledged) and not muted; at once when
 * it starts, and at once when sound becomes possible again (the operator clicked the bar).
 */
export function useRepeatingAlarm(active: boolean, muted: boolean, everyMs = 3000, volume = EMERGENCY_VOLUME): void {
  const sound = useSoundState();
  useEffect(() => {
    if (!active || muted || sound !== 'on') return;
    const chime = () => alarmSound.play(undefined, undefined, volume);
    chime();
    const timer = setInterval(chime, everyMs);
    return () => clearInterval(timer);
  }, [active, muted, everyMs, volume, sound]);
}

/** Alternates the tab title with `alert` while `alert` is set, so a background tab is noticed. */
export function useFlashingTitle(base: string, alert: string | undefined, everyMs = 1000): void {
  useEffect(() => {
    document.title = alert ?? base;
    if (!alert) return;
    let flip = true;
    const timer = setInterval(() => {
      flip = !flip;
      document.title = flip ? alert : base;
    }, everyMs);
    return () => {
      clearInterval(timer);
      document.title = base;
    };
  }, [base, alert, everyMs]);
}
