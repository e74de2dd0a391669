import { describe, expect, it } from '@jest/globals';
import { BoundedTasks } from './bounded-tasks.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('BoundedTasks', () => {
  it('never runs more than its size at once, and runs every task', async () => {
    const tasks = new BoundedTasks(2);
    let running = 0;
    let most = 0;
    const done: number[] = [];
    for (let i = 0; i < 7; i++) {
      await tasks.add(async () => {
        running++;
        most = Math.max(most, running);
        await tick();
        running--;
        done.push(i);
      });
    }
    await tasks.all();
    expect(most).toBe(2);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('throws the first failure from the next add or from all, after the others ended', async () => {
    const tasks = new BoundedTasks(2);
    await tasks.add(async () => { await tick(); throw new Error('store failed'); });
    let otherEnded = false;
    await tasks.add(async () => { await tick(); await tick(); otherEnded = true; });
    await expect(tasks.add(async () => undefined)).rejects.toThrow('store failed');
    await expect(tasks.all()).rejects.toThrow('store failed');
    expect(otherEnded).toBe(true);
  });
});
