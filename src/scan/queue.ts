import pg from 'pg';
import PgBoss from 'pg-boss';
import { z } from 'zod';

/**
 * The job queue of distributed scans: pg-boss on the store's own PostgreSQL, in a schema of its own
 * next to the store's (`opsradar_jobs` beside `public`, `<schema>_jobs` beside any other), so two
 * stores on one database never take each other's jobs.
 */
export const SCAN_QUEUE = 'opsradar_scan';
/** Jobs that failed every attempt (a worker killed on its last try lands here too). */
export const SCAN_FAILED_QUEUE = 'opsradar_scan_failed';

/** One account of one run. Everything a worker needs except secrets (external id, credentials). */
export const scanJobSchema = z.object({
  runId: z.string().min(1),
  accountId: z.string().regex(/^\d{12}$/),
  regions: z.array(z.string()).nullable(),
  scanners: z.array(z.string()),
  roleName: z.string().min(1),
  horizonDays: z.record(z.string(), z.number()),
  settings: z.record(z.string(), z.number()),
});
export type ScanJob = z.infer<typeof scanJobSchema>;

export interface JobPolicy {
  /** A job not finished after this long is taken back and retried (its worker is presumed dead). */
  timeoutSeconds: number;
  /** Attempts after the first. */
  retries: number;
}

export const DEFAULT_JOB_POLICY: JobPolicy = { timeoutSeconds: 900, retries: 3 };

export interface QueueOptions {
  /** How often this process looks for jobs whose worker died (pg-boss maintenance), seconds. */
  checkIntervalSeconds?: number;
  /** How often an idle worker asks for a job, seconds. */
  pollSeconds?: number;
  onError?: (error: Error) => void;
}

/** The pg-boss schema for a connection: derived from the store schema the URL selects. */
export async function queueSchemaFor(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
    const schema = rows[0]?.schema ?? 'public';
    return schema === 'public' ? 'opsradar_jobs' : `${schema}_jobs`;
  } finally {
    await client.end();
  }
}

export interface ScanQueue {
  readonly boss: PgBoss;
  readonly schema: string;
  readonly pollSeconds: number;
  send(jobs: readonly ScanJob[], policy: JobPolicy): Promise<void>;
  stop(): Promise<void>;
}

async function ensureQueue(boss: PgBoss, name: string, options: PgBoss.Queue | undefined): Promise<void> {
  if (await boss.getQueue(name)) return;
  // Two processes may create it at once: the loser finds it created.
  await boss.createQueue(name, options).catch(async (error: unknown) => {
    if (!(await boss.getQueue(name))) throw error;
  });
}

/** Starts pg-boss (installing its schema on first use) with both scan queues. */
export async function openScanQueue(url: string, options: QueueOptions = {}): Promise<ScanQueue> {
  const schema = await queueSchemaFor(url);
  const boss = new PgBoss({
    connectionString: url,
    schema,
    max: 4,
    supervise: true,
    maintenanceIntervalSeconds: options.checkIntervalSeconds ?? 30,
    // Finished jobs are kept a week for `scan status` and post-mortems, then archived.
    archiveCompletedAfterSeconds: 7 * 24 * 3600,
  });
  // Without a listener an 'error' event would crash the process; a lost connection is retried.
  boss.on('error', options.onError ?? (() => undefined));
  await boss.start();
  await ensureQueue(boss, SCAN_FAILED_QUEUE, { name: SCAN_FAILED_QUEUE });
  await ensureQueue(boss, SCAN_QUEUE, { name: SCAN_QUEUE, deadLetter: SCAN_FAILED_QUEUE });
  return {
    boss,
    schema,
    pollSeconds: options.pollSeconds ?? 1,
    async send(jobs, policy) {
      for (let i = 0; i < jobs.length; i += 500) {
        await boss.insert(
          jobs.slice(i, i + 500).map((data) => ({
            name: SCAN_QUEUE,
            data,
            retryLimit: policy.retries,
            retryDelay: 1,
            expireInSeconds: policy.timeoutSeconds,
            deadLetter: SCAN_FAILED_QUEUE,
          })),
        );
      }
    },
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
