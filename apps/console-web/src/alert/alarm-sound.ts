import { useEffect } from 'react';

/**
 * The audible alert, synthesised with Web Audio (no file to load, nothing to fail). Browsers
 * keep an AudioContext suspended until the user interacts with the page, so `unlock` is
 * called from the first click or key press (the login button is one).
 */
class AlarmSound {
  private context?: AudioContext;

  unlock(): void {
    if (typeof AudioContext === 'undefined') return;
    this.context ??= new AudioContext();
    if (this.context.state === 'suspended') void this.context.resume();
  }

  /** Whether a sound can be heard now (false until the page got a click or key press). */
  get ready(): boolean {
    return this.context?.state === 'running';
  }

  /** A short two-tone chime: `tones` frequencies, each `lengthS` long. */
  play(tones: readonly number[] = [880, 660, 880], lengthS = 0.18): void {
    const context = this.context;
    if (!context || context.state !== 'running') return;
    let at = context.currentTime;
    for (const frequency of tones) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'square';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + lengthS);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + lengthS);
      at += lengthS + 0.04;
    }
  }
}

export const alarmSound = new AlarmSound();

/** Unlocks audio on the first interaction with the page. */
export function useAudioUnlock(): void {
  useEffect(() => {
    const unlock = () => alarmSound.unlock();
    window.addEventListener('pointerdown', unlock);
    window.addEventListener('keydown', unlock);
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, []);
}

/** Chimes every `everyMs` while `active` (something unacknowledged) and not muted; at once when it starts. */
export function useRepeatingAlarm(active: boolean, muted: boolean, everyMs = 3000): void {
  useEffect(() => {
    if (!active || muted) return;
    alarmSound.play();
    const timer = setInterval(() => alarmSound.play(), everyMs);
    return () => clearInterval(timer);
  }, [active, muted, everyMs]);
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
