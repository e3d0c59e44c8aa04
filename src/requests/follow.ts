import { isActive } from '../core/workitems.js';
import type { AwsRequest, WorkItem } from '../store/index.js';
import { type PlannedRequest, type RequestDeps, RequestError } from './plan.js';

/** How long and how often to ask AWS for the state of a filed request. */
export interface FollowOptions {
  /** Pause between two looks, in milliseconds. */
  intervalMs: number;
  /** Stop looking after this long (0 = look once). */
  maxWaitMs: number;
  /** The pause itself; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Asks until `look` says done or the wait is over; returns the last value seen. */
export async function pollUntil<T>(
  options: FollowOptions,
  look: () => Promise<{ value: T; done: boolean }>,
): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  const deadline = Date.now() + options.maxWaitMs;
  let waited = 0;
  for (;;) {
    const seen = await look();
    if (seen.done) return seen.value;
    // Counted both ways: real time for the CLI, slept time for tests whose sleep returns at once.
    if (Date.now() >= deadline || waited >= options.maxWaitMs) return seen.value;
    await sleep(options.intervalMs);
    waited += Math.max(options.intervalMs, 1);
  }
}

/** Writes to AWS need `--submit --yes`; anything less is refused before any call is made. */
export function requireConfirmation(yes: boolean): void {
  if (!yes) throw new RequestError('error.notConfirmed', {}, 'REQUEST_NOT_CONFIRMED', 2);
}

/**
 * AWS's final answer moves the work item: granted → resolved; refused → open again (from in progress,
 * or reopened when someone had already closed it). The note says why, in the item's history.
 */
export async function settleItem(
  deps: RequestDeps,
  item: WorkItem,
  granted: boolean,
  note: string,
): Promise<void> {
  const now = deps.now();
  if (granted) {
    if (isActive(item.status))
      await deps.store.workItems.transition(item.id, 'resolve', { actor: deps.actor, note, now });
    else await deps.store.workItems.addNote(item.id, note, deps.actor, { now });
    return;
  }
  if (item.status === 'acknowledged' || item.status === 'in_progress')
    await deps.store.workItems.transition(item.id, 'reject', { actor: deps.actor, note, now });
  else if (!isActive(item.status))
    await deps.store.workItems.transition(item.id, 'reopen', { actor: deps.actor, note, now });
  else await deps.store.workItems.addNote(item.id, note, deps.actor, { now });
}

/**
 * After a write to AWS: the request keeps AWS's id and state, the item notes the write and, when
 * nobody had started it yet, moves to in progress. Returns the request as stored.
 */
export async function recordWrite(
  deps: RequestDeps,
  planned: PlannedRequest,
  aws: { awsRequestId: string; awsStatus: string },
  notes: { write: string; started: string },
  at: Date,
): Promise<AwsRequest> {
  await deps.store.awsRequests.setAwsState(planned.request.id, aws, at);
  await deps.store.workItems.addNote(planned.item.id, notes.write, deps.actor, { now: at });
  if (planned.item.status === 'open' || planned.item.status === 'acknowledged')
    await deps.store.workItems.transition(planned.item.id, 'start', {
      actor: deps.actor,
      note: notes.started,
      now: at,
    });
  return (await deps.store.awsRequests.get(planned.request.id)) as AwsRequest;
}
