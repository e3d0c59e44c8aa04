/**
 * Lifecycle data tables: facts AWS publishes on web pages but through no API (OS end of
 * support, which ELB security policies are outdated...). Each table is `data/lifecycle/<name>.yaml`
 * with an `asOf` date and its sources; a user extends or overrides it with a file of the same name
 * in `lifecycle.dir` of the config file or `OPSRADAR_LIFECYCLE_DIR`. User rows come first, so a
 * scanner that takes the first matching row sees the user's row.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { regexSource } from '../catalog/schema.js';
import { configSection, defaultConfigPath, loadConfig } from '../config/index.js';
import { OpsradarError } from '../core/errors.js';
import { DAY_MS } from '../core/time.js';
import { dataDir } from '../paths.js';

export class LifecycleTableError extends OpsradarError {
  constructor(message: string) {
    super(message, 'LIFECYCLE_TABLE_INVALID');
  }
}

/** A table older than this many days makes `opsradar scan` warn. */
export const LIFECYCLE_STALE_DAYS = 90;

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-11-24');

/** What every table has, whatever its rows. */
export const lifecycleTableHeader = z.object({
  table: z.string(),
  asOf: isoDate,
  sources: z
    .array(z.object({ title: z.string(), url: z.string().url(), checkedOn: isoDate }))
    .min(1, 'a lifecycle table must name at least one source page'),
});

/** Where a row's facts were read and when: every row of every table carries both. */
export const rowProvenance = {
  source: z.string().url(),
  readOn: isoDate,
};

/**
 * A table named `name` whose rows have the given fields plus where each was read (`rowProvenance`)
 * and an optional note: the one shape every lifecycle table shares.
 *
 * @example
 * export const zoneTable = lifecycleTable('availability-zone-retirements', { zoneId: z.string() });
 */
export function lifecycleTable<Name extends string, Row extends z.ZodRawShape>(name: Name, row: Row) {
  return lifecycleTableHeader.extend({
    table: z.literal(name),
    rows: z.array(z.object({ ...row, ...rowProvenance, note: z.string().optional() })),
  });
}

export const builtinLifecycleDir = join(dataDir, 'lifecycle');

const configSchema = z.object({ dir: z.string().optional() }).passthrough();

let configPath: string | undefined;

/** Makes the tables follow the config file a command was given (`--config`); call once at start. */
export function configureLifecycleTables(path: string | undefined): void {
  configPath = path;
  readDir = undefined;
}

/**
 * `lifecycle.dir` as last read, and which config file it was read for. Every scanner task asks for
 * it, and reading the config (about 0.3 ms with a config file) cost more than an AWS call; the
 * config is read once per command, like its other sections.
 */
let readDir: { from: string; dir: string | undefined } | undefined;

/** The user's directory of table overrides: `OPSRADAR_LIFECYCLE_DIR`, else `lifecycle.dir` of the config. */
export function userLifecycleDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.OPSRADAR_LIFECYCLE_DIR) return env.OPSRADAR_LIFECYCLE_DIR;
  const from = configPath ?? env.OPSRADAR_CONFIG ?? defaultConfigPath(env);
  if (readDir?.from === from) return readDir.dir;
  let dir: string | undefined;
  try {
    dir = configSection(loadConfig(configPath, env), 'lifecycle', configSchema).dir;
  } catch {
    // An unreadable config is reported by the command that owns it; the built-in table still applies.
    dir = undefined;
  }
  readDir = { from, dir };
  return dir;
}

export interface LifecycleFile<T> {
  file: string;
  table: T;
}

function readTable<S extends z.ZodType>(file: string, name: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LifecycleTableError(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  const checked = schema.safeParse(raw ?? {});
  if (!checked.success) {
    const issues = checked.error.issues
      .map((issue) => `  ${issue.path.map(String).join('.') || '(top)'}: ${issue.message}`)
      .join('\n');
    throw new LifecycleTableError(`${file}: invalid lifecycle table "${name}":\n${issues}`);
  }
  return checked.data;
}

/** Loaded tables, with the modification time of the user's file they include (-1: none). */
const cache = new Map<string, { table: unknown; userMtimeMs: number }>();

/**
 * Loads table `name` (built-in, then the user's file of the same name if any) with the table's
 * zod schema, which must accept `rows`. The user's rows are put first; other top-level keys of
 * the user's file replace the built-in ones. Cached per (name, user dir) until the user's file
 * changes: a long-running worker or server sees what `lifecycle update` writes without a restart.
 */
export function loadLifecycleTable<S extends z.ZodType<{ rows: unknown[] }>>(
  name: string,
  schema: S,
  options: { userDir?: string | null; builtinDir?: string } = {},
): z.output<S> {
  const userDir = options.userDir === undefined ? userLifecycleDir() : (options.userDir ?? undefined);
  const builtinDir = options.builtinDir ?? builtinLifecycleDir;
  const key = `${name}\u0000${builtinDir}\u0000${userDir ?? ''}`;
  const userFile = userDir ? join(userDir, `${name}.yaml`) : undefined;
  // One stat says whether the user's file exists and whether it changed since it was cached.
  const userStat = userFile ? statSync(userFile, { throwIfNoEntry: false }) : undefined;
  const userMtimeMs = userStat?.mtimeMs ?? -1;
  const hit = cache.get(key);
  if (hit && hit.userMtimeMs === userMtimeMs) return hit.table as z.output<S>;
  const builtin = readTable(join(builtinDir, `${name}.yaml`), name, schema);
  let table = builtin;
  if (userFile && userStat) {
    const user = readTable(userFile, name, schema);
    table = { ...builtin, ...user, rows: [...user.rows, ...builtin.rows] };
  }
  cache.set(key, { table, userMtimeMs });
  return table;
}

export interface StaleTable {
  table: string;
  file: string;
  asOf: string;
  ageDays: number;
}

/** Tables (built-in and the user's) whose `asOf` is more than 90 days before `now`. */
export function staleLifecycleTables(
  now: Date,
  options: { userDir?: string | null; builtinDir?: string } = {},
): StaleTable[] {
  const userDir = options.userDir === undefined ? userLifecycleDir() : (options.userDir ?? undefined);
  const dirs = [options.builtinDir ?? builtinLifecycleDir, ...(userDir ? [userDir] : [])];
  const stale: StaleTable[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.yaml'))
      .sort()) {
      const file = join(dir, name);
      const header = readTable(file, name.replace(/\.yaml$/, ''), lifecycleTableHeader.passthrough());
      const ageDays = Math.floor((now.getTime() - Date.parse(`${header.asOf}T00:00:00Z`)) / DAY_MS);
      if (ageDays > LIFECYCLE_STALE_DAYS)
        stale.push({ table: header.table, file, asOf: header.asOf, ageDays });
    }
  }
  return stale;
}

/** `data/lifecycle/os.yaml`: operating system end-of-support dates. */
export const osLifecycleTable = lifecycleTable('os', {
  family: z.string(),
  version: z.string(),
  name: z.string(),
  /** Case-insensitive regular expression over "PlatformName PlatformVersion" or an AMI name / description. */
  match: regexSource('i'),
  endOfStandardSupport: isoDate.nullable(),
  endOfSupport: isoDate,
  endOfExtendedSupport: isoDate.nullable(),
});
export type OsLifecycleTable = z.output<typeof osLifecycleTable>;
export type OsLifecycleRow = OsLifecycleTable['rows'][number];

const tlsProtocol = z.enum(['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
const policyStatus = z.enum(['recommended', 'acceptable', 'outdated']);

/** `data/lifecycle/elb-security-policies.yaml`: which predefined TLS policies are outdated, and why. */
export const elbSecurityPolicyTable = lifecycleTable('elb-security-policies', {
  policy: z.string(),
  loadBalancers: z.array(z.enum(['alb', 'nlb', 'clb'])).min(1),
  protocols: z.array(tlsProtocol).min(1),
  fips: z.boolean().default(false),
  postQuantum: z.boolean().default(false),
  status: policyStatus,
}).extend({
  recommended: z.object({ alb: z.string(), nlb: z.string(), clb: z.string() }),
  defaults: z.object({ console: z.string(), api: z.string() }),
  namePatterns: z.array(
    z.object({ pattern: z.string(), minProtocol: tlsProtocol.exclude(['SSLv3']), status: policyStatus }),
  ),
});
export type ElbSecurityPolicyTable = z.output<typeof elbSecurityPolicyTable>;

/** `data/lifecycle/tls-clients.yaml`: clients that lack a TLS version, named in a finding's evidence. */
export const tlsClientTable = lifecycleTable('tls-clients', {
  client: z.string(),
  lacks: z.enum(['TLSv1.2', 'TLSv1.3']),
});
export type TlsClientTable = z.output<typeof tlsClientTable>;

/** `data/lifecycle/engine-versions.yaml`: engine version dates as endoflife.date published them. */
export const engineVersionTable = lifecycleTable('engine-versions', {
  product: z.string(),
  version: z.string(),
  endOfStandardSupport: isoDate.nullable(),
  endOfExtendedSupport: isoDate.nullable(),
});
export type EngineVersionRow = z.output<typeof engineVersionTable>['rows'][number];

/** `data/lifecycle/lambda-runtimes.yaml` (shape documented in its header). */
export const lambdaRuntimeTable = lifecycleTable('lambda-runtimes', {
  runtime: z.string(),
  name: z.string(),
  os: z.string(),
  deprecation: isoDate.nullable(),
  blockCreate: isoDate.nullable(),
  blockUpdate: isoDate.nullable(),
}).extend({ regionalDates: z.string().optional() });

/** `data/lifecycle/availability-zone-retirements.yaml`: zones AWS retires, by AZ ID. */
export const zoneRetirementTable = lifecycleTable('availability-zone-retirements', {
  zoneId: z.string().regex(/^[a-z]+\d+-az\d+$/, 'expected an AZ ID like apne1-az3'),
  region: z.string(),
  deadline: isoDate,
  announced: isoDate.optional(),
});

/** `data/lifecycle/service-quotas.yaml`: the quotas watched, each with its AWS/Usage metric. */
export const watchedQuotaTable = lifecycleTable('service-quotas', {
  serviceCode: z.string(),
  quotaCode: z.string().regex(/^L-[0-9A-F]{8}$/, 'expected a quota code like L-1216C47A'),
  name: z.string(),
  metricName: z.string().default('ResourceCount'),
  dimensions: z.record(z.string(), z.string()),
  stat: z.enum(['Maximum', 'Sum']),
});
