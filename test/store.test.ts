import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Occurrence } from '../src/core/types.js';
import { openStore, StoreError } from '../src/store/index.js';
import { openTestStore, storeTargets } from './support/stores.js';

function retirement(overrides: Partial<Occurrence> = {}): Occurrence {
  return {
    kind: 'ec2-scheduled-event',
    accountId: '111122223333',
    region: 'ap-northeast-1',
    resource: 'arn:aws:ec2:ap-northeast-1:111122223333:instance/i-0abc',
    eventDate: '2026-12-10T01:00:00.000Z',
    source: 'scanner',
    sourceRef: 'scanner:ec2-scheduled-events:ec2-scheduled-event',
    title: 'instance-retirement',
    evidence: { code: 'instance-retirement', instanceId: 'i-0abc' },
    observedAt: '2026-11-20T00:00:00.000Z',
    ...overrides,
  };
}

describe.each(storeTargets())('store on $name', ({ name, open, fresh }) => {
  it('records the same occurrence twice as one row, and notices a real change', async () => {
    // Prepare
    const store = await open();
    try {
      // Act
      const [first] = await store.occurrences.record([retirement()]);
      const [again] = await store.occurrences.record([
        retirement({ observedAt: '2026-11-21T00:00:00.000Z' }),
      ]);
      const [moved] = await store.occurrences.record([
        retirement({ eventDate: '2026-12-12T01:00:00Z', observedAt: '2026-11-22T00:00:00Z' }),
      ]);
      // Assess
      expect(first).toMatchObject({ created: true, changed: false });
      expect(again).toEqual({ id: first?.id, created: false, changed: false });
      expect(moved).toEqual({ id: first?.id, created: false, changed: true });
      const all = await store.occurrences.list();
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({
        eventDate: '2026-12-12T01:00:00.000Z',
        firstSeenAt: '2026-11-20T00:00:00.000Z',
        lastSeenAt: '2026-11-22T00:00:00.000Z',
        evidence: { code: 'instance-retirement', instanceId: 'i-0abc' },
        verified: true,
      });
      expect(await store.occurrences.get(first?.id ?? '')).toEqual(all[0]);
    } finally {
      await store.close();
    }
  });

  it('keeps different resources, regions and sources apart and lists unmapped ones', async () => {
    // Prepare
    const store = await open();
    try {
      // Act
      await store.occurrences.record([
        retirement(),
        retirement({ region: 'us-east-1' }),
        retirement({ resource: 'i-0def' }),
        retirement({ kind: null, source: 'health', sourceRef: 'arn:aws:health:global::event/X' }),
      ]);
      // Assess
      expect(await store.occurrences.list()).toHaveLength(4);
      const unmapped = await store.occurrences.list({ unmapped: true });
      expect(unmapped.map((o) => o.sourceRef)).toEqual(['arn:aws:health:global::event/X']);
      expect(await store.occurrences.list({ source: 'health' })).toHaveLength(1);
      expect(await store.occurrences.list({ kind: 'ec2-scheduled-event', limit: 2 })).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  it('rejects a bad batch whole and keeps what was stored', async () => {
    // Prepare
    const store = await open();
    try {
      await store.occurrences.record([retirement()]);
      // Act
      const attempt = store.occurrences.record([
        retirement({ resource: 'i-new', observedAt: '2026-11-23T00:00:00Z' }),
        retirement({ observedAt: 'yesterday' }),
      ]);
      // Assess
      await expect(attempt).rejects.toThrow(/observedAt: not an ISO-8601 date/);
      const all = await store.occurrences.list();
      expect(all.map((o) => o.resource)).toEqual([retirement().resource]);
    } finally {
      await store.close();
    }
  });

  it('records scan runs with their coverage and returns the latest', async () => {
    // Prepare
    const store = await open();
    try {
      const first = await store.scanRuns.start({
        kind: 'scan',
        startedAt: '2026-11-20T00:00:00Z',
        parameters: {},
      });
      const second = await store.scanRuns.start({
        kind: 'scan',
        startedAt: '2026-11-21T00:00:00Z',
        parameters: { regions: ['ap-northeast-1'] },
      });
      // Act
      await store.scanRuns.finish(second, {
        status: 'partial',
        finishedAt: '2026-11-21T00:05:00Z',
        coverage: [
          { accountId: '111122223333', region: 'ap-northeast-1', scanner: 'acm', status: 'ok', calls: 3 },
          {
            accountId: '444455556666',
            region: 'ap-northeast-1',
            scanner: 'acm',
            status: 'denied',
            reason: 'AccessDenied',
          },
        ],
        summary: { occurrences: 1 },
      });
      // Assess
      const latest = await store.scanRuns.latest('scan');
      expect(latest).toMatchObject({
        id: second,
        status: 'partial',
        finishedAt: '2026-11-21T00:05:00.000Z',
        parameters: { regions: ['ap-northeast-1'] },
        summary: { occurrences: 1 },
      });
      expect(first).not.toEqual(second);
      expect(await store.scanRuns.latest('health')).toBeUndefined();
      expect(await store.scanRuns.coverage(second)).toEqual([
        { accountId: '111122223333', region: 'ap-northeast-1', scanner: 'acm', status: 'ok', calls: 3 },
        {
          accountId: '444455556666',
          region: 'ap-northeast-1',
          scanner: 'acm',
          status: 'denied',
          reason: 'AccessDenied',
        },
      ]);
      await expect(
        store.scanRuns.finish('no-such-run', {
          status: 'complete',
          finishedAt: '2026-11-21T00:00:00Z',
          coverage: [],
          summary: {},
        }),
      ).rejects.toThrow(StoreError);
    } finally {
      await store.close();
    }
  });

  it('remembers cursors', async () => {
    // Prepare
    const store = await open();
    try {
      // Act
      const before = await store.cursors.get('health:111122223333');
      await store.cursors.set('health:111122223333', 'token-1');
      await store.cursors.set('health:111122223333', 'token-2');
      // Assess
      expect(before).toBeUndefined();
      expect(await store.cursors.get('health:111122223333')).toBe('token-2');
    } finally {
      await store.close();
    }
  });

  it('refuses a database migrated by a newer version and leaves it untouched', async () => {
    // Prepare
    const location = await fresh();
    const options = location.pgSchema ? { pgSchema: location.pgSchema } : {};
    try {
      const store = await openTestStore(location.target, location.pgSchema);
      await store.occurrences.record([retirement()]);
      await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00Z')`.execute(
        store.raw,
      );
      await store.close();
      // Act
      const reopening = openStore(location.target, options);
      // Assess
      await expect(reopening).rejects.toMatchObject({ code: 'STORE_TOO_NEW' });
      await expect(reopening).rejects.toThrow(/9999_from_the_future/);
      const raw = await openRawCount(location.target, options.pgSchema);
      expect(raw).toBe(1);
    } finally {
      await location.dispose();
    }
  });

  it('migrates safely when two processes open a new database at once', async () => {
    // Prepare
    const location = await fresh();
    const args = [openStoreScript, location.target, ...(location.pgSchema ? [location.pgSchema] : [])];
    try {
      // Act
      const outputs = await Promise.all([runTsx(args), runTsx(args)]);
      // Assess
      expect(outputs).toEqual(['opened\n', 'opened\n']);
      const store = await openTestStore(location.target, location.pgSchema);
      const migrated = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
        store.raw,
      );
      expect(migrated.rows.map((r) => r.name).slice(0, 2)).toEqual(['0001_store', '0002_work_items']);
      await store.close();
    } finally {
      await location.dispose();
    }
  }, 180_000);

  it(`reports the ${name} dialect`, async () => {
    const store = await open();
    expect(store.dialect).toBe(name);
    await store.close();
  });
});

/** Counts occurrences without going through the migrator (which refuses the database). */
async function openRawCount(target: string, pgSchema?: string): Promise<number> {
  if (pgSchema) {
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: target });
    await client.connect();
    const result = await client.query(`select count(*)::int as n from ${pgSchema}.occurrences`);
    await client.end();
    return (result.rows[0] as { n: number }).n;
  }
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(target, { readonly: true });
  const row = db.prepare('select count(*) as n from occurrences').get() as { n: number };
  db.close();
  return row.n;
}

const openStoreScript = fileURLToPath(new URL('./support/open-store-process.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

function runTsx(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tsx, args, (error, stdout, stderr) =>
      error ? reject(new Error(stderr || error.message)) : resolve(stdout),
    );
  });
}
