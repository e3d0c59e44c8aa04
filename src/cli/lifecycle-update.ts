/**
 * Refreshes the user's lifecycle tables from endoflife.date's public API
 * (`GET {base}/api/{product}.json`: an array of release cycles with `cycle`, `support`, `eol`,
 * `extendedSupport` as dates or booleans). Rows keep their source (the product's endoflife.date
 * page) and the day they were read; the user's directory receives the result, the built-in tables
 * are never rewritten. Pure mapping + one fetch per product; the CLI prints what changed.
 */
import { z } from 'zod';

export const ENDOFLIFE_BASE_URL = 'https://endoflife.date';

/** Products read, and the table each feeds. */
export const ENDOFLIFE_PRODUCTS = {
  'aws-lambda': 'lambda-runtimes',
  'amazon-eks': 'engine-versions',
  'amazon-rds-mysql': 'engine-versions',
  'amazon-rds-postgresql': 'engine-versions',
  'amazon-aurora-mysql': 'engine-versions',
  'amazon-aurora-postgresql': 'engine-versions',
  'amazon-linux': 'os',
  'windows-server': 'os',
  ubuntu: 'os',
  rhel: 'os',
  sles: 'os',
} as const;
export type EndoflifeProduct = keyof typeof ENDOFLIFE_PRODUCTS;

const dateOrFlag = z.union([z.string(), z.boolean()]).nullish();
export const endoflifeCycle = z
  .object({
    cycle: z.union([z.string(), z.number()]).transform(String),
    releaseLabel: z.string().nullish(),
    releaseDate: z.string().nullish(),
    support: dateOrFlag,
    eol: dateOrFlag,
    extendedSupport: dateOrFlag,
  })
  .passthrough();
export type EndoflifeCycle = z.output<typeof endoflifeCycle>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** endoflife.date gives a date, `true` (already ended, day unknown) or `false` (no date yet). */
export const dayOf = (value: string | boolean | null | undefined): string | null =>
  typeof value === 'string' && DAY.test(value) ? value : null;

export class EndoflifeError extends Error {
  readonly code = 'ENDOFLIFE_FETCH_FAILED';
}

/** Fetches one product's cycles; the response must be the documented array. */
export async function fetchCycles(
  baseUrl: string,
  product: EndoflifeProduct,
  fetchImpl: typeof fetch = fetch,
): Promise<EndoflifeCycle[]> {
  const url = `${baseUrl.replace(/\/$/, '')}/api/${product}.json`;
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { accept: 'application/json' } });
  } catch (error) {
    throw new EndoflifeError(`${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new EndoflifeError(`${url}: HTTP ${response.status}`);
  const parsed = z.array(endoflifeCycle).safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new EndoflifeError(`${url}: not the documented array of release cycles`);
  return parsed.data;
}

/** A row as the update writes it: its key, its dated facts, and where they were read. */
export interface UpdatedRow {
  key: string;
  facts: Record<string, string | null>;
  source: string;
  readOn: string;
}

/** What one product's cycles become, per table. Keys match the tables' own keys. */
export function rowsFor(
  product: EndoflifeProduct,
  cycles: readonly EndoflifeCycle[],
  readOn: string,
): UpdatedRow[] {
  const source = `${ENDOFLIFE_BASE_URL}/${product}`;
  const table = ENDOFLIFE_PRODUCTS[product];
  return cycles.map((c): UpdatedRow => {
    if (table === 'lambda-runtimes') {
      // The AWS page's deprecation date is endoflife.date's `support`, its block-update date `eol`.
      return {
        key: c.cycle,
        facts: { deprecation: dayOf(c.support), blockUpdate: dayOf(c.eol) },
        source,
        readOn,
      };
    }
    if (table === 'os') {
      return {
        key: `${product}/${c.cycle}`,
        facts: {
          endOfStandardSupport: dayOf(c.support),
          endOfSupport: dayOf(c.eol),
          endOfExtendedSupport: dayOf(c.extendedSupport),
        },
        source,
        readOn,
      };
    }
    return {
      key: `${product}/${c.cycle}`,
      facts: {
        endOfStandardSupport: dayOf(c.support) ?? dayOf(c.eol),
        endOfExtendedSupport: dayOf(c.extendedSupport),
      },
      source,
      readOn,
    };
  });
}

export interface Change {
  table: string;
  key: string;
  /** `added` rows are new to the table; `changed` rows list each fact that moved. */
  change: 'added' | 'changed';
  facts: Array<{ fact: string; from: string | null; to: string | null }>;
}

/** Differences between the rows a table had (by key) and the updated ones. */
export function diffRows(
  table: string,
  before: ReadonlyMap<string, Record<string, string | null>>,
  after: readonly UpdatedRow[],
): Change[] {
  const changes: Change[] = [];
  for (const row of after) {
    const old = before.get(row.key);
    if (!old) {
      changes.push({
        table,
        key: row.key,
        change: 'added',
        facts: Object.entries(row.facts).map(([fact, to]) => ({ fact, from: null, to })),
      });
      continue;
    }
    const moved = Object.entries(row.facts)
      .filter(([fact, to]) => (old[fact] ?? null) !== to)
      .map(([fact, to]) => ({ fact, from: old[fact] ?? null, to }));
    if (moved.length > 0) changes.push({ table, key: row.key, change: 'changed', facts: moved });
  }
  return changes;
}
