/** What a promise gave within a deadline, or that the deadline came first. */
export type Within<T> = { settled: true; value: T } | { settled: false };

/**
 * Waits for `work` at most `ms`: the platforms want an answer within a few
 * seconds (Slack three), whatever a call to them does. The work itself runs
 * on; the timer is cleared as soon as either side settles.
 */
export async function within<T>(work: Promise<T>, ms: number): Promise<Within<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Within<T>>((resolve) => {
    timer = setTimeout(resolve, ms, { settled: false });
  });
  const done = work.then((value): Within<T> => ({ settled: true, value }));
  return Promise.race([done, deadline]).finally(() => clearTimeout(timer));
}
