/**
 * The parts of a scanner's `ctx` that go beyond clients and the clock: AWS Health's version catalog
 * (read once per account and service, cached in the store with its retrieval time) and optional
 * enrichment calls whose refusal becomes a coverage note instead of a failed scanner.
 */
import { HealthClient } from '@aws-sdk/client-health';
import type { ClientPool } from '../aws/clients.js';
import { classifyAwsError } from '../aws/errors.js';
import { listServiceLifecycles, type ServiceLifecycle } from '../aws/health-lifecycle.js';
import { GLOBAL_API_REGION } from '../aws/regions.js';
import { isOffered } from '../aws/service-regions.js';
import type { VersionCatalogAnswer, VersionCatalogEntry } from '../core/version-catalog.js';
import type { ScanContext } from '../scanners/types.js';
import type { ScanStore } from './types.js';

/** How long a cached catalog is reused before AWS is asked again (setting `versionCatalogMaxAgeHours`). */
export const VERSION_CATALOG_MAX_AGE_HOURS = 24;
const HOUR_MS = 3_600_000;

/** Answers shared by the tasks of one account (the pool is per account): one call per service. */
const answers = new WeakMap<ClientPool, Map<string, Promise<VersionCatalogAnswer>>>();

function toEntries(lifecycles: readonly ServiceLifecycle[], service: string): VersionCatalogEntry[] {
  return lifecycles
    .filter((l) => l.version)
    .map((l) => ({
      service: l.service ?? service,
      version: l.version as string,
      ...(l.title ? { title: l.title } : {}),
      ...(l.recommendedVersion ? { recommendedVersion: l.recommendedVersion } : {}),
      events: (l.lifecycleEvents ?? [])
        .filter((e) => e.lifecycleEventType && e.date instanceof Date && !Number.isNaN(e.date.getTime()))
        .map((e) => ({
          type: e.lifecycleEventType as string,
          date: (e.date as Date).toISOString(),
          impactRisks: e.impactRisks ?? [],
          regions: e.regions ?? [],
          ...(e.description ? { description: e.description } : {}),
        })),
    }));
}

interface ExtrasInput {
  accountId: string;
  pool: ClientPool;
  /** Counts the task's calls (the engine's per-task view of a client). */
  counted: <T>(client: T) => T;
  store: ScanStore;
  now: Date;
  setting: (key: string, fallback: number) => number;
  signal: AbortSignal;
}

export interface TaskExtras extends Pick<ScanContext, 'versionCatalog' | 'optional' | 'note'> {
  /** Notes for this task's coverage entry. */
  readonly notes: string[];
}

async function readCatalog(input: ExtrasInput, service: string): Promise<VersionCatalogAnswer> {
  const cached = await input.store.versionCatalog?.get(input.accountId, service);
  const maxAge = input.setting('versionCatalogMaxAgeHours', VERSION_CATALOG_MAX_AGE_HOURS) * HOUR_MS;
  if (cached && input.now.getTime() - Date.parse(cached.retrievedAt) < maxAge) {
    return { available: true, retrievedAt: cached.retrievedAt, entries: cached.entries };
  }
  try {
    const health = input.counted(input.pool.client(HealthClient, GLOBAL_API_REGION));
    const entries = toEntries(
      await listServiceLifecycles(health, service, { signal: input.signal }),
      service,
    );
    const retrievedAt = input.now.toISOString();
    await input.store.versionCatalog?.put({ accountId: input.accountId, service, retrievedAt, entries });
    return { available: true, retrievedAt, entries };
  } catch (error) {
    const info = classifyAwsError(error);
    // An older answer still beats the tables; without one the scanner falls back to them.
    if (cached) return { available: true, retrievedAt: cached.retrievedAt, entries: cached.entries };
    return { available: false, reason: info.code === 'Error' ? info.reason : info.code };
  }
}

/** Builds the extras of one scanner task. */
export function taskExtras(input: ExtrasInput): TaskExtras {
  const notes: string[] = [];
  const note = (text: string) => {
    if (!notes.includes(text)) notes.push(text);
  };
  return {
    notes,
    note,
    async versionCatalog(service) {
      let perAccount = answers.get(input.pool);
      if (!perAccount) {
        perAccount = new Map();
        answers.set(input.pool, perAccount);
      }
      let answer = perAccount.get(service);
      if (!answer) {
        answer = readCatalog(input, service);
        perAccount.set(service, answer);
      }
      const result = await answer;
      if (!result.available)
        note(
          `version catalog (health:DescribeServiceLifecycle ${service}) unavailable: ${result.reason}; dates from lifecycle tables`,
        );
      return result;
    },
    async optional(label, call) {
      try {
        return await call();
      } catch (error) {
        const info = classifyAwsError(error);
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (info.class !== 'denied' && info.class !== 'unsupported' && status !== 501) throw error;
        note(`${label} skipped: ${info.code === 'Error' ? info.reason : info.code}`);
        return undefined;
      }
    },
  };
}

export interface TaskState {
  calls: number;
}

/** Values computed once per account-region (`ctx.shared`). */
export type SharedMemo = Map<string, Promise<unknown>>;

interface TaskInput extends Omit<ExtrasInput, 'counted'> {
  region: string;
  state: TaskState;
  memo: SharedMemo;
  horizonDays: (kind: string) => number;
}

/** The `ctx` of one scanner task, and the notes it collects for the task's coverage entry. */
export function taskContext(input: TaskInput): { ctx: ScanContext; notes: string[] } {
  const { pool, region, state, memo } = input;
  const extras = taskExtras({ ...input, counted: (client) => counted(client, state) });
  const ctx: ScanContext = {
    accountId: input.accountId,
    region,
    client: (clientClass) => counted(pool.client(clientClass, region), state),
    now: input.now,
    horizonDays: input.horizonDays,
    setting: input.setting,
    signal: input.signal,
    versionCatalog: extras.versionCatalog,
    optional: extras.optional,
    note: extras.note,
    shared: <T>(key: string, load: () => Promise<T>) => {
      let value = memo.get(key) as Promise<T> | undefined;
      if (!value) {
        value = load();
        // Every sharer awaits it and sees the error; this keeps it from counting as unhandled.
        value.catch(() => undefined);
        memo.set(key, value);
      }
      return value;
    },
    offered: (service) => isOffered(service, region),
  };
  return { ctx, notes: extras.notes };
}

/**
 * The shared client seen through one task: `send` counts the task's API requests (retries are
 * counted by the attempt hooks, scan-wide). A prototype view, not a Proxy: everything else is the
 * client itself, so paginators' `instanceof` checks still hold.
 */
export function counted<T>(client: T, state: TaskState): T {
  const target = client as unknown as { send: (...args: unknown[]) => Promise<unknown> };
  return Object.create(target, {
    send: {
      value: (...args: unknown[]) => {
        state.calls++;
        return target.send(...args);
      },
    },
  }) as T;
}
