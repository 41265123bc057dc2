/**
 * Runs `task` over `items` with at most `limit` running at once, answers in the items' order: many
 * reads of one kind (stream schemas) without sending them all at the same moment. Rejects with the
 * first failure, as Promise.all does. Pure.
 */
export async function mapPool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
