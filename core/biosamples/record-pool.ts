/**
 * Runs `work` on every item of `items` with `width` of them in progress at once, pulling items as
 * it goes (an async generator may read the next page of records meanwhile). The first failure stops
 * the pool: items not started yet are left alone, those in progress finish, then it is thrown.
 */
export async function runPool<T>(items: AsyncIterable<T>, width: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.asyncIterator]();
  let failure: { err: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (!failure) {
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (err) {
        failure ??= { err };
        return;
      }
      if (next.done) return;
      try {
        await work(next.value);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, width) }, worker));
  if (failure) {
    await iterator.return?.().catch(() => undefined);
    throw (failure as { err: unknown }).err;
  }
}
