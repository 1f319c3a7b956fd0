/**
 * A counting semaphore with FIFO hand-off: waiters are served in arrival order, so accounts that
 * started earlier cannot be starved by later ones (fair), and at most `limit` tasks run at once.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError("limit must be a positive integer");
  }

  get running(): number {
    return this.active;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

/**
 * Runs `fn` over `items` with at most `limit` in flight; results keep the input order. After the
 * first failure no new item starts (a denied API would fail for every one of them) and the call
 * rejects with that failure.
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const limiter = new Limiter(limit);
  let failed = false;
  return Promise.all(
    items.map((item, i) =>
      limiter.run(async () => {
        if (failed) throw new Error("not started: an earlier item failed");
        try {
          return await fn(item, i);
        } catch (err) {
          failed = true;
          throw err;
        }
      }),
    ),
  );
}
