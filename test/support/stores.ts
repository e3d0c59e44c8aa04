import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createPostgresDb, createSqliteDb } from '../../src/store/dialects.js';
import { type Database, openStore, type Store } from '../../src/store/index.js';

/** The real PostgreSQL the tests use (trust auth, database `test`). Never skipped. */
export const TEST_POSTGRES_URL =
  process.env.OPSRADAR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A store for tests and benchmarks, with a raw query handle on the same database for what no user
 * does: seeding many rows at once, reading columns the repositories never hand out, planting a
 * future migration. The application's `Store` has no such handle.
 */
export interface TestStore extends Store {
  readonly raw: Kysely<Database>;
}

/** A raw query handle on a store's location (SQLite file, or PostgreSQL URL + schema). */
export function openRaw(target: string, pgSchema?: string): Kysely<Database> {
  return /^postgres(ql)?:\/\//i.test(target) ? createPostgresDb(target, pgSchema) : createSqliteDb(target);
}

/** Opens the store at a location with its raw handle; closing closes both. */
export async function openTestStore(target: string, pgSchema?: string): Promise<TestStore> {
  const store = await openStore(target, pgSchema ? { pgSchema } : {});
  const raw = openRaw(target, pgSchema);
  const close = store.close.bind(store);
  return Object.assign(store, {
    raw,
    async close() {
      await raw.destroy();
      await close();
    },
  });
}

export interface StoreTarget {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated store; closing it removes the file / drops the schema. */
  open(): Promise<TestStore>;
  /** A fresh empty location (SQLite file path or PostgreSQL URL + schema) for tests that open it themselves. */
  fresh(): Promise<FreshLocation>;
}

export interface FreshLocation {
  target: string;
  pgSchema?: string;
  /** Removes the file or drops the schema. */
  dispose(): Promise<void>;
}

async function freshSqlite(): Promise<FreshLocation> {
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-store-'));
  return {
    target: join(dir, 'opsradar.sqlite'),
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function freshPostgres(): Promise<FreshLocation> {
  const schema = `t_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  await adminQuery(`create schema ${schema}`);
  return {
    target: TEST_POSTGRES_URL,
    pgSchema: schema,
    async dispose() {
      await adminQuery(`drop schema if exists ${schema} cascade`);
    },
  };
}

function withDispose(store: TestStore, location: FreshLocation): TestStore {
  const close = store.close.bind(store);
  return Object.assign(store, {
    async close() {
      await close();
      await location.dispose();
    },
  });
}

function target(name: 'sqlite' | 'postgres', fresh: () => Promise<FreshLocation>): StoreTarget {
  return {
    name,
    fresh,
    async open() {
      const location = await fresh();
      try {
        return withDispose(await openTestStore(location.target, location.pgSchema), location);
      } catch (error) {
        await location.dispose();
        throw error;
      }
    },
  };
}

/** Use with `describe.each(storeTargets())('... on $name', ({ open }) => ...)`. */
export function storeTargets(): StoreTarget[] {
  return [target('sqlite', freshSqlite), target('postgres', freshPostgres)];
}
