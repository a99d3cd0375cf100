/**
 * A short beep for a new waiting chat or an offer. Browsers only let a page play sound after a
 * user gesture, so `enable()` must be called from a click; until then `beep()` does nothing.
 */
export interface Beeper {
  /** Call from a click. */
  enable(): void;
  enabled(): boolean;
  beep(): void;
}

export function webAudioBeeper(): Beeper {
  let context: AudioContext | null = null;
  return {
    enable() {
      if (context !== null || typeof AudioContext === 'undefined') return;
      context = new AudioContext();
      context.resume().catch((error: unknown) => console.warn('[ponte] could not start audio', error));
    },
    enabled: () => context !== null,
    beep() {
      if (context === null) return;
      const at = context.currentTime;
      const tone = context.createOscillator();
      const gain = context.createGain();
      tone.type = 'sine';
      tone.frequency.setValueAtTime(880, at);
      // A quick fade in and out avoids the click of a hard start/stop.
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
      tone.connect(gain).connect(context.destination);
      tone.start(at);
      tone.stop(at + 0.26);
    },
  };
}
