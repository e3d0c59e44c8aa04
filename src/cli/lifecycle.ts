import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parse, stringify } from 'yaml';
import type { Lang } from '../core/types.js';
import { lifecycleMessages as m } from '../i18n/messages/lifecycle.js';
import {
  configureLifecycleTables,
  elbSecurityPolicyTable,
  engineVersionTable,
  lambdaRuntimeTable,
  loadLifecycleTable,
  osLifecycleTable,
  tlsClientTable,
  userLifecycleDir,
  watchedQuotaTable,
  zoneRetirementTable,
} from '../scanners/lifecycle.js';
import { UserError } from './errors.js';
import { cachedCatalogRows, catalogLines, VERSION_CATALOG_TABLE } from './lifecycle-catalog.js';
import {
  type Change,
  diffRows,
  ENDOFLIFE_BASE_URL,
  ENDOFLIFE_PRODUCTS,
  type EndoflifeProduct,
  fetchCycles,
  rowsFor,
  type UpdatedRow,
} from './lifecycle-update.js';
import { langOf, topCommand } from './options.js';
import { renderTable } from './output.js';

/** Every table of data/lifecycle/, its schema and the fields that name a row. */
const TABLES = {
  'availability-zone-retirements': { schema: zoneRetirementTable, key: (r: Row) => String(r.zoneId) },
  'elb-security-policies': { schema: elbSecurityPolicyTable, key: (r: Row) => String(r.policy) },
  'engine-versions': { schema: engineVersionTable, key: (r: Row) => `${r.product}/${r.version}` },
  'lambda-runtimes': { schema: lambdaRuntimeTable, key: (r: Row) => String(r.runtime) },
  os: { schema: osLifecycleTable, key: (r: Row) => `${r.family}/${r.version}` },
  'service-quotas': { schema: watchedQuotaTable, key: (r: Row) => `${r.serviceCode}/${r.quotaCode}` },
  'tls-clients': { schema: tlsClientTable, key: (r: Row) => `${r.lacks}: ${r.client}` },
} as const;
type TableName = keyof typeof TABLES;
type Row = Record<string, unknown>;

/** os rows are keyed by family; endoflife.date by product. */
const OS_FAMILY: Record<string, string> = {
  'amazon-linux': 'amazon-linux',
  'windows-server': 'windows-server',
  ubuntu: 'ubuntu',
  rhel: 'rhel',
  sles: 'sles',
};

interface Io {
  out(text: string): void;
  fetch: typeof fetch;
  now(): Date;
}
const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  fetch: (...args) => fetch(...args),
  now: () => new Date(),
};

function loadTable(name: TableName): { asOf: string; rows: Row[] } {
  return loadLifecycleTable(name, TABLES[name].schema as never) as unknown as { asOf: string; rows: Row[] };
}

/** A row's dated facts, without its key fields and provenance. */
function facts(row: Row): string {
  return Object.entries(row)
    .filter(([k, v]) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && k !== 'readOn')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

async function show(
  io: Io,
  name: string | undefined,
  options: { format: string; db: string | undefined; lang: Lang },
): Promise<void> {
  const { format, db, lang } = options;
  const known = [...Object.keys(TABLES), VERSION_CATALOG_TABLE];
  if (name && !known.includes(name))
    throw new UserError(m(lang, 'error.unknownTable', { name, tables: known.join(', ') }), 'USAGE', 2);
  const names = name ? (name === VERSION_CATALOG_TABLE ? [] : [name]) : (Object.keys(TABLES) as TableName[]);
  const tables = names.map((n) => ({ table: n, ...loadTable(n as TableName) }));
  // The version catalog as scans cached it: listed when asked for, or when the store has rows.
  const catalog = !name || name === VERSION_CATALOG_TABLE ? await cachedCatalogRows(db) : [];
  const withCatalog = name === VERSION_CATALOG_TABLE || catalog.length > 0;
  if (format === 'json') {
    const out: unknown[] = tables.map((t) => ({ table: t.table, asOf: t.asOf, rows: t.rows }));
    if (withCatalog)
      out.push({ table: VERSION_CATALOG_TABLE, source: 'DescribeServiceLifecycle', rows: catalog });
    io.out(JSON.stringify(out, null, 2));
    return;
  }
  const rows = tables.flatMap((t) =>
    t.rows.map((r) => [
      t.table,
      TABLES[t.table as TableName].key(r),
      facts(r),
      String(r.source ?? ''),
      String(r.readOn ?? ''),
    ]),
  );
  const headers = (['show.table', 'show.row', 'show.dates', 'show.source', 'show.readOn'] as const).map((k) =>
    m(lang, k),
  );
  io.out(renderTable(headers, [...rows, ...catalogLines(catalog)]));
}

/**
 * The rows of `table` as scans see them, by key: the user's row where both have one (the loader
 * puts the user's rows first, and the first match wins).
 */
function effectiveRows(table: TableName): Map<string, Row> {
  const byKey = new Map<string, Row>();
  for (const r of loadTable(table).rows) {
    const key = TABLES[table].key(r);
    if (!byKey.has(key)) byKey.set(key, r);
  }
  return byKey;
}

function userFile(dir: string, table: TableName): { file: string; doc: Row } {
  const file = join(dir, `${table}.yaml`);
  const doc = existsSync(file) ? ((parse(readFileSync(file, 'utf8')) ?? {}) as Row) : {};
  return { file, doc };
}

/** Merges updated rows into the user's copy of one table (rows keyed as the table keys them). */
function merge(table: TableName, updated: UpdatedRow[], dir: string, readOn: string): void {
  const { file, doc } = userFile(dir, table);
  const effective = effectiveRows(table);
  const own = new Map(((doc.rows as Row[] | undefined) ?? []).map((r) => [TABLES[table].key(r), r]));
  for (const u of updated) {
    const base = own.get(u.key) ?? effective.get(u.key);
    const row = toRow(table, u, base);
    if (row) own.set(u.key, row);
  }
  const out = {
    table,
    asOf: readOn,
    sources: [
      {
        title: 'endoflife.date API (opsradar lifecycle update)',
        url: `${ENDOFLIFE_BASE_URL}/docs/api`,
        checkedOn: readOn,
      },
    ],
    rows: [...own.values()],
  };
  writeFileSync(
    file,
    `# Written by \`opsradar lifecycle update\` from endoflife.date; your rows come before the built-in ones.\n${stringify(out)}`,
  );
}

function toRow(table: TableName, u: UpdatedRow, base: Row | undefined): Row | null {
  const provenance = { source: u.source, readOn: u.readOn };
  if (table === 'lambda-runtimes') {
    return {
      runtime: u.key,
      name: base?.name ?? u.key,
      os: base?.os ?? 'see the AWS Lambda runtimes page',
      deprecation: u.facts.deprecation ?? null,
      blockCreate: (base?.blockCreate as string | null | undefined) ?? null,
      blockUpdate: u.facts.blockUpdate ?? null,
      ...provenance,
    };
  }
  const [product, version] = u.key.split('/') as [string, string];
  if (table === 'os') {
    if (!u.facts.endOfSupport) return null;
    const family = OS_FAMILY[product] ?? product;
    return {
      family,
      version,
      name: base?.name ?? `${family} ${version}`,
      match: base?.match ?? `${family.replace('-', '[ _-]')}[ _-]${version.replace(/\./g, '\\.')}`,
      endOfStandardSupport: u.facts.endOfStandardSupport ?? null,
      endOfSupport: u.facts.endOfSupport,
      endOfExtendedSupport: u.facts.endOfExtendedSupport ?? null,
      ...provenance,
    };
  }
  return {
    product,
    version,
    endOfStandardSupport: u.facts.endOfStandardSupport ?? null,
    endOfExtendedSupport: u.facts.endOfExtendedSupport ?? null,
    ...provenance,
  };
}

async function update(
  io: Io,
  options: { baseUrl: string; dir?: string; format: string },
  lang: Lang,
): Promise<void> {
  const dir = options.dir ?? userLifecycleDir();
  if (!dir) throw new UserError(m(lang, 'error.noDir'), 'USAGE', 2);
  mkdirSync(dir, { recursive: true });
  const readOn = io.now().toISOString().slice(0, 10);
  const byTable = new Map<TableName, UpdatedRow[]>();
  for (const product of Object.keys(ENDOFLIFE_PRODUCTS) as EndoflifeProduct[]) {
    const cycles = await fetchCycles(options.baseUrl, product, io.fetch).catch((error: Error) => {
      throw new UserError(
        m(lang, 'error.fetchFailed', { reason: error.message }),
        'ENDOFLIFE_FETCH_FAILED',
        1,
      );
    });
    const table = ENDOFLIFE_PRODUCTS[product];
    byTable.set(table, [...(byTable.get(table) ?? []), ...rowsFor(product, cycles, readOn)]);
  }
  const changes: Change[] = [];
  for (const [table, updated] of byTable) {
    const before = effectiveRows(table) as Map<string, Record<string, string | null>>;
    changes.push(...diffRows(table, before, updated));
    merge(table, updated, dir, readOn);
  }
  if (options.format === 'json') {
    io.out(JSON.stringify({ dir, readOn, changes }, null, 2));
    return;
  }
  const lines = changes.map(
    (c) =>
      `${c.table} ${c.key}: ${c.change} ${c.facts.map((f) => `${f.fact} ${f.from ?? '-'} → ${f.to ?? '-'}`).join(', ')}`,
  );
  io.out(
    `${lines.join('\n')}${lines.length ? '\n' : ''}${m(lang, 'update.written', { count: changes.length, dir })}`,
  );
}

/** `opsradar lifecycle show [TABLE]` and `opsradar lifecycle update`. */
export function registerLifecycle(program: Command, io: Io = processIo): void {
  const group = topCommand(program, 'lifecycle');
  group
    .command('show [table]')
    .description('print every row with its source and the day it was read / 全行を出典と確認日付きで表示')
    .option('--format <format>', 'table | json', 'table')
    .action(async (table: string | undefined, opts: { format: string }, cmd: Command) => {
      const globals = cmd.optsWithGlobals<{ config?: string; db?: string }>();
      configureLifecycleTables(globals.config);
      const lang = langOf(cmd);
      if (!['table', 'json'].includes(opts.format)) throw new UserError(m(lang, 'error.format'), 'USAGE', 2);
      await show(io, table, { format: opts.format, db: globals.db, lang });
    });
  group
    .command('update')
    .description(
      'refresh the tables in your lifecycle directory from endoflife.date / endoflife.date から表を更新',
    )
    .option('--base-url <url>', 'endoflife.date API base URL', ENDOFLIFE_BASE_URL)
    .option('--dir <dir>', 'lifecycle directory to write (default: OPSRADAR_LIFECYCLE_DIR or lifecycle.dir)')
    .option('--format <format>', 'table | json', 'table')
    .action(async (opts: { baseUrl: string; dir?: string; format: string }, cmd: Command) => {
      configureLifecycleTables(cmd.optsWithGlobals<{ config?: string }>().config);
      await update(io, opts, langOf(cmd));
    });
}
