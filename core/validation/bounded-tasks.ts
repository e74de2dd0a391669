/**
 * Runs tasks with at most `size` of them running at once: `add()` waits for a free slot, so whoever
 * produces the tasks is held back instead of queueing without bound. The first failure is thrown by
 * the next `add()` or by `all()`; `settled()` only waits for what is running.
 */
export class BoundedTasks {
  private readonly running = new Set<Promise<void>>();
  private failure?: { error: unknown };

  constructor(private readonly size: number) {}

  async add(task: () => Promise<void>): Promise<void> {
    this.throwFailure();
    while (this.running.size >= this.size) {
      await Promise.race(this.running);
      this.throwFailure();
    }
    const run: Promise<void> = task()
      .catch((error: unknown) => { this.failure ??= { error }; })
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async all(): Promise<void> {
    await this.settled();
    this.throwFailure();
  }

  async settled(): Promise<void> {
    await Promise.all(this.running);
  }

  private throwFailure(): void {
    if (this.failure) throw this.failure.error;
  }
}
