import { sleep } from './http.js';

/**
 * Paces the requests of one submission run: starts are spaced at least 1/rate apart (no bursts, so
 * no one-second window ever holds more than `rate` starts), and when BioSamples answers 429 every
 * request waits out its Retry-After, not only the one that was refused.
 */
export class RequestPacer {
  private nextStart = 0;
  private pausedUntil = 0;

  /** @param ratePerSecond null or Infinity: no limit. */
  constructor(private readonly ratePerSecond: number | null) {}

  async waitTurn(): Promise<void> {
    for (;;) {
      await sleepUntil(this.pausedUntil);
      if (!this.ratePerSecond || !Number.isFinite(this.ratePerSecond)) return;
      const start = Math.max(performance.now(), this.nextStart);
      this.nextStart = start + 1000 / this.ratePerSecond;
      await sleepUntil(start);
      if (performance.now() >= this.pausedUntil) return;
    }
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, performance.now() + ms);
  }
}

/** Timers may fire a fraction of a millisecond early; a pace must never be broken by that. */
async function sleepUntil(time: number): Promise<void> {
  while (performance.now() < time) await sleep(Math.ceil(time - performance.now()));
}
