import { describe, expect, it } from '@jest/globals';
import { runPool } from './record-pool.js';

async function* numbers(n: number, read: number[] = []): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    read.push(i);
    yield i;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('runPool', () => {
  it('works on every item with at most `width` in progress at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await runPool(numbers(50), 4, async (i) => {
      running++;
      most = Math.max(most, running);
      await tick();
      done.push(i);
      running--;
    });
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(most).toBe(4);
  });

  it('stops taking items after the first failure, lets those in progress finish, then throws it', async () => {
    const read: number[] = [];
    const finished: number[] = [];
    const run = runPool(numbers(100, read), 3, async (i) => {
      await tick();
      if (i === 5) throw new Error('BioSamples is down');
      finished.push(i);
    });
    await expect(run).rejects.toThrow('BioSamples is down');
    expect(read.length).toBeLessThan(10);
    expect(finished).not.toContain(5);
    expect(Math.max(...read)).toBeLessThanOrEqual(7);
  });

  it('throws what the item source throws', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error('database gone');
    }
    await expect(runPool(failing(), 2, async () => undefined)).rejects.toThrow('database gone');
  });
});
