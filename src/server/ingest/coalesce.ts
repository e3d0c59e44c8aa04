/**
 * Single flight with one follower: a caller gets a run that starts after its call (so it sees what the
 * caller wrote before calling), but concurrent callers share it. Pushes arriving together cost one
 * work item sync instead of one each, which is what keeps ingest throughput up under load.
 */
export function coalesced(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const start = (): Promise<void> => {
    const current = run().finally(() => {
      running = null;
    });
    running = current;
    return current;
  };
  return () => {
    if (!running) return start();
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return running ?? start();
      });
    return queued;
  };
}
