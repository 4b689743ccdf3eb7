// A few workers over a list: how many cases the demo acts on at once, so that a day's
// steps and the report's reads overlap without flooding the runtime.

/** Runs `work` over the items with at most `limit` at a time, in the items' order of starting. */
export async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
