import { GroupCommit, type ItemOutcome } from './group-commit';

/** A batch runner whose batches finish when the test says so. */
function controlledRunner() {
  const batches: { items: number[]; finish: () => void }[] = [];
  const run = (items: number[]) =>
    new Promise<ItemOutcome<number>[]>((resolve) => {
      batches.push({ items, finish: () => resolve(items.map((i) => (i < 0 ? { ok: false, error: new Error(`bad ${i}`) } : { ok: true, value: i * 10 }))) });
    });
  return { batches, run };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('runs the items of one tick as one batch and answers each with its own outcome', async () => {
    const { batches, run } = controlledRunner();
    const group = new GroupCommit(run, { maxItems: 10, maxInFlight: 1 });
    const answers = [group.add(1), group.add(-2), group.add(3)].map((p) =>
      p.then(
        (v) => ({ v }),
        (e: Error) => ({ e: e.message }),
      ),
    );
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1, -2, 3]]);
    batches[0]!.finish();
    expect(await Promise.all(answers)).toEqual([{ v: 10 }, { e: 'bad -2' }, { v: 30 }]);
  });

  it('gathers what arrives while every slot is busy into the next batch, which goes when a slot frees', async () => {
    const { batches, run } = controlledRunner();
    const group = new GroupCommit(run, { maxItems: 10, maxInFlight: 1 });
    const first = group.add(1);
    await turn();
    const later = [group.add(2), group.add(3)];
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    batches[0]!.finish();
    await first;
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3]]);
    batches[1]!.finish();
    expect(await Promise.all(later)).toEqual([20, 30]);
  });

  it('caps a batch at maxItems and runs up to maxInFlight batches at once', async () => {
    const { batches, run } = controlledRunner();
    const group = new GroupCommit(run, { maxItems: 2, maxInFlight: 2 });
    const all = [1, 2, 3, 4, 5].map((i) => group.add(i));
    await turn();
    expect(batches.map((b) => b.items)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    batches[0]!.finish();
    await all[0];
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2], [3, 4], [5]]);
    batches.slice(1).forEach((b) => b.finish());
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
  });

  it('rejects every item of a batch whose run rejects', async () => {
    const group = new GroupCommit<number, number>(() => Promise.reject(new Error('down')), { maxItems: 10, maxInFlight: 1 });
    const outcomes = await Promise.allSettled([group.add(1), group.add(2)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  });

  it('drain runs what is pending and waits for it', async () => {
    const done: number[] = [];
    const group = new GroupCommit<number, number>(
      (items) => {
        done.push(...items);
        return Promise.resolve(items.map((value): ItemOutcome<number> => ({ ok: true, value })));
      },
      { maxItems: 10, maxInFlight: 1 },
    );
    void group.add(1);
    await group.drain();
    expect(done).toEqual([1]);
  });
});
