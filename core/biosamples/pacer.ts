import { sleep } from './http.js';

/**
 * Paces the requests of one submission run: each start comes at least 1/rate after the previous
 * one *actually* started (a timer that fired late never lets the next ones bunch up, so no second
 * ever holds more than `rate` starts), and when BioSamples answers 429 every request waits out its
 * Retry-After, not only the one that was refused.
 */
export class RequestPacer {
  private readonly interval: number;
  private lastStart = -Infinity;
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  /** @param ratePerSecond null or Infinity: no limit. */
  constructor(ratePerSecond: number | null) {
    this.interval = ratePerSecond && Number.isFinite(ratePerSecond) ? 1000 / ratePerSecond : 0;
  }

  waitTurn(): Promise<void> {
    if (!this.interval) return sleepUntil(this.pausedUntil);
    const turn = this.queue.then(() => this.take());
    this.queue = turn;
    return turn;
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, performance.now() + ms);
  }

  private async take(): Promise<void> {
    do {
      await sleepUntil(this.pausedUntil);
      await sleepUntil(this.lastStart + this.interval);
    } while (performance.now() < this.pausedUntil);
    this.lastStart = performance.now();
  }
}

/** Timers may fire a fraction of a millisecond early; a pace must never be broken by that. */
async function sleepUntil(time: number): Promise<void> {
  while (performance.now() < time) await sleep(Math.ceil(time - performance.now()));
}
