import { Batcher } from './batcher';

describe('batcher', () => {
  it('runs calls made together as one batch, each with its own result', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>(
      (items) => {
        batches.push(items);
        return Promise.resolve(items.map((n) => n * 10));
      },
      { maxItems: 100, maxWaitMs: 5 },
    );
    expect(await Promise.all([1, 2, 3].map((n) => batcher.add(n)))).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('closes a batch at maxItems without waiting', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, void>(
      (items) => {
        batches.push(items);
        return Promise.resolve(items.map(() => undefined));
      },
      { maxItems: 2, maxWaitMs: 60_000 },
    );
    await Promise.all([batcher.add(1), batcher.add(2)]);
    const third = batcher.add(3);
    expect(batches).toEqual([[1, 2]]);
    await batcher.drain();
    await third;
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('rejects every call of a failed batch, and the next batch runs anew', async () => {
    let fail = true;
    const batcher = new Batcher<number, number>((items) => (fail ? Promise.reject(new Error('Postgres away')) : Promise.resolve(items)), {
      maxItems: 10,
      maxWaitMs: 1,
    });
    await expect(Promise.all([batcher.add(1), batcher.add(2)])).rejects.toThrow('Postgres away');
    fail = false;
    await expect(batcher.add(3)).resolves.toBe(3);
  });
});
