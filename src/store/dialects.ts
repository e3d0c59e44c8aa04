import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  sql,
  type TableMetadata,
} from 'kysely';
import pg from 'pg';
import { defaultDataDir } from '../config/index.js';
import { StoreError } from './errors.js';
import type { Dialect } from './migrations/index.js';
import type { Database } from './schema.js';

export interface StoreTarget {
  dialect: Dialect;
  /** File path (SQLite) or connection URL (PostgreSQL). */
  location: string;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** Explicit target, else OPSRADAR_DATABASE_URL, else the embedded SQLite file in the data directory. */
export function resolveStoreTarget(target?: string, env: NodeJS.ProcessEnv = process.env): StoreTarget {
  const chosen = target || env.OPSRADAR_DATABASE_URL || join(defaultDataDir(env), 'opsradar.sqlite');
  if (POSTGRES_URL.test(chosen)) return { dialect: 'postgres', location: chosen };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(chosen)) {
    throw new StoreError(
      `unsupported database URL scheme: ${redactUrl(chosen)} (use a SQLite file path or postgres://)`,
      'STORE_TARGET_INVALID',
    );
  }
  return { dialect: 'sqlite', location: chosen === ':memory:' ? chosen : resolve(chosen) };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@/]*@/, '$1:***@');
}

export interface SqliteOptions {
  /** How long one statement may block (synchronously) on another process's lock. */
  busyTimeoutMs?: number;
  /** synchronous=FULL: a commit is on disk before it returns (what a server acknowledges survives power loss). */
  durable?: boolean;
}

/** The pragmas a SQLite connection is opened with. */
export function sqlitePragmas(options: SqliteOptions = {}): string[] {
  return [
    // WAL lets the dashboard read while a scan writes; busy_timeout waits out the other writer.
    'journal_mode = WAL',
    'foreign_keys = ON',
    `busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`,
    // NORMAL in WAL mode can lose the last commits on power loss (never corrupts): fine for a scan,
    // which runs again; a server that acknowledged a push must keep it.
    `synchronous = ${options.durable ? 'FULL' : 'NORMAL'}`,
  ];
}

export function createSqliteDb(path: string, options: SqliteOptions = {}): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let database: SqliteDatabase.Database;
  try {
    database = new SqliteDatabase(path);
    for (const pragma of sqlitePragmas(options)) database.pragma(pragma);
  } catch (error) {
    throw new StoreError(
      `cannot open SQLite database ${path}: ${(error as Error).message}`,
      'STORE_OPEN_FAILED',
    );
  }
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

export function createPostgresDb(
  url: string,
  schema?: string,
  options: { lockTimeoutMs?: number } = {},
): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // A database that does not answer fails a request in seconds instead of holding it forever.
    connectionTimeoutMillis: 10_000,
    statement_timeout: 60_000,
    lock_timeout: options.lockTimeoutMs ?? 30_000,
    idle_in_transaction_session_timeout: 60_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new ScopedPostgresDialect({ pool }) });
}

/**
 * Kysely's PostgreSQL introspector (used by the Migrator to see whether its table exists) reads every
 * schema and calls pg_get_serial_sequence on each table, which fails when another schema is dropped
 * at that moment (other tenants, parallel test suites). This one looks at the current schema only.
 */
class ScopedPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

class CurrentSchemaIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<unknown>) {}

  async getSchemas(): Promise<Array<{ name: string }>> {
    const result = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(
      this.db,
    );
    return result.rows;
  }

  async getTables(): Promise<TableMetadata[]> {
    const result = await sql<{ name: string; schema: string; kind: string }>`
      select c.relname as name, n.nspname as schema, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'v', 'p')`.execute(this.db);
    return result.rows.map((row) => ({
      name: row.name,
      schema: row.schema,
      isView: row.kind === 'v',
      columns: [],
    }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}
