import type { Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** Migrations work on the schema, not on typed tables, so they take an untyped Kysely. */
export type MigrationDb = Kysely<unknown>;

/** One migration: `src/store/migrations/NNNN_name.ts`. Must run on both dialects. */
export interface StoreMigration {
  up(db: MigrationDb, dialect: Dialect): Promise<void>;
}
