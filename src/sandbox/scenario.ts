import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { OpsradarError } from '../core/errors.js';
import { dataDir } from '../paths.js';
import { knobsSchema } from './knobs.js';
import { OPT_IN_REGIONS, STANDARD_REGIONS } from './regions.js';
import type { Scenario, ScenarioAccount } from './scenario-types.js';
import type { SandboxService } from './services/types.js';

export class ScenarioError extends OpsradarError {
  constructor(message: string) {
    super(message, 'SANDBOX_SCENARIO_INVALID');
  }
}

const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id');
const regionName = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region name like ap-northeast-1');

/** One region of one account: service name → that service's data; `knobs` for this account-region. */
const regionData = z.record(z.string(), z.unknown());

const accountSchema = z.object({
  id: accountId,
  name: z.string().optional(),
  email: z.string().optional(),
  /** Organizations account status; SUSPENDED = closed (kept 90 days by AWS). */
  status: z.enum(['ACTIVE', 'SUSPENDED']).optional(),
  /** Organizational unit name (created under the root). */
  ou: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  regions: z.record(regionName, regionData).optional(),
  /** Data of global services (IAM, Route 53 Domains, Savings Plans, Account...). */
  global: z.record(z.string(), z.unknown()).optional(),
  /** Opt-in regions (ap-east-1, me-south-1...) and their status for this account. */
  optInRegions: z.record(regionName, z.enum(['ENABLED', 'DISABLED'])).optional(),
  /** Who may assume a role into this account. */
  assumeRole: z
    .object({
      /** Deny every AssumeRole into this account (role not deployed, trust policy mismatch). */
      deny: z.boolean().optional(),
      /** Role names that exist; others are denied. Absent = any role name works. */
      roleNames: z.array(z.string()).optional(),
      /** When set, AssumeRole must pass this ExternalId. */
      externalId: z.string().optional(),
    })
    .optional(),
  knobs: knobsSchema.optional(),
});

const fileSchema = z.object({
  organization: z
    .object({
      id: z.string().optional(),
      managementAccount: accountId.optional(),
      /** The standard regions this simulated world has (default: all 17 non-opt-in AWS regions). */
      regions: z.array(regionName).optional(),
      /** Opt-in regions this world has (default: the real opt-in regions). */
      optInRegions: z.array(regionName).optional(),
    })
    .optional(),
  knobs: knobsSchema.optional(),
  accounts: z.array(accountSchema).optional(),
});

export type ScenarioInput = z.input<typeof fileSchema>;
type RawAccount = z.output<typeof accountSchema>;

export type { Scenario, ScenarioAccount } from './scenario-types.js';

/** The demo scenario shipped in `data/scenarios/demo/`. */
export const demoScenarioDir = join(dataDir, 'scenarios', 'demo');

/** Loads `demo`, a YAML file or a directory of YAML files (merged by account id). */
export function loadScenarioSource(source: string): { input: ScenarioInput; source: string } {
  const path = source === 'demo' ? demoScenarioDir : source;
  if (!existsSync(path)) throw new ScenarioError(`scenario not found / シナリオが見つかりません: ${source}`);
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => join(path, name))
    : [path];
  if (files.length === 0)
    throw new ScenarioError(
      `${path}: no .yaml files in the scenario directory / シナリオのディレクトリに .yaml ファイルがありません`,
    );
  let merged: ScenarioInput = {};
  for (const file of files) {
    let raw: unknown;
    try {
      raw = parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ScenarioError(`${file}: not valid YAML / YAML として読めません: ${(error as Error).message}`);
    }
    const checked = fileSchema.safeParse(raw ?? {});
    if (!checked.success) throw new ScenarioError(formatIssues(file, checked.error.issues));
    merged = mergeInputs(merged, raw as ScenarioInput, file);
  }
  // Files merge in name order; accounts are listed by id so the order does not depend on file names.
  merged.accounts?.sort((a, b) => a.id.localeCompare(b.id));
  return { input: merged, source: path };
}

/** Merges two scenario inputs: accounts by id, objects key by key, lists concatenated. */
export function mergeInputs(a: ScenarioInput, b: ScenarioInput, where = '(object)'): ScenarioInput {
  const accounts = new Map<string, Record<string, unknown>>();
  for (const account of [...(a.accounts ?? []), ...(b.accounts ?? [])]) {
    const existing = accounts.get(account.id);
    accounts.set(
      account.id,
      existing
        ? (deepMerge(existing, account, `${where}: account ${account.id}`) as Record<string, unknown>)
        : account,
    );
  }
  return {
    organization: { ...a.organization, ...b.organization },
    knobs:
      a.knobs || b.knobs
        ? (deepMerge(a.knobs ?? {}, b.knobs ?? {}, where) as ScenarioInput['knobs'])
        : undefined,
    accounts: [...accounts.values()] as ScenarioInput['accounts'],
  };
}

function deepMerge(a: unknown, b: unknown, where: string): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (isPlainObject(a) && isPlainObject(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [key, value] of Object.entries(b)) {
      out[key] = key in a ? deepMerge(a[key], value, `${where}.${key}`) : value;
    }
    return out;
  }
  return b;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function formatIssues(where: string, issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.slice(0, 20).map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
  return `${where}: invalid scenario / シナリオが不正です:\n${lines.join('\n')}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path)
    out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(top level)';
}

/**
 * Validates a scenario (the structure and each service's part with that service's schema) and
 * builds the lookup structures. Errors name the source and the path (`accounts[1].regions.us-east-1.acm...`).
 */
export function buildScenario(
  input: ScenarioInput,
  services: ReadonlyMap<string, SandboxService>,
  source = '(object)',
): Scenario {
  const checked = fileSchema.safeParse(input);
  if (!checked.success) throw new ScenarioError(formatIssues(source, checked.error.issues));
  const parsed = checked.data;
  const rawAccounts = parsed.accounts ?? [];
  if (rawAccounts.length === 0)
    throw new ScenarioError(
      `${source}: a scenario needs at least one account / アカウントが 1 つも定義されていません`,
    );
  const issues: string[] = [];
  const accounts = rawAccounts.map((raw, index) => toAccount(raw, index, services, issues));
  const management = parsed.organization?.managementAccount ?? accounts[0]?.id ?? '';
  if (!accounts.some((account) => account.id === management)) {
    issues.push(`organization.managementAccount: ${management} is not one of the accounts`);
  }
  if (issues.length > 0) {
    throw new ScenarioError(
      `${source}: invalid scenario / シナリオが不正です:\n${issues.slice(0, 20).join('\n')}`,
    );
  }
  return {
    organization: {
      id: parsed.organization?.id ?? `o-${management.slice(0, 10)}`,
      managementAccount: management,
      regions: parsed.organization?.regions ?? STANDARD_REGIONS,
      optInRegions: parsed.organization?.optInRegions ?? OPT_IN_REGIONS,
    },
    knobs: parsed.knobs,
    accounts,
    accountsById: new Map(accounts.map((account) => [account.id, account])),
    source,
  };
}

function toAccount(
  raw: RawAccount,
  index: number,
  services: ReadonlyMap<string, SandboxService>,
  issues: string[],
): ScenarioAccount {
  const regions: Record<string, Record<string, unknown>> = {};
  const regionKnobs: Record<string, z.output<typeof knobsSchema>> = {};
  for (const [region, data] of Object.entries(raw.regions ?? {})) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      const where = `  accounts[${index}].regions.${region}.${key}`;
      if (key === 'knobs') {
        const knobs = knobsSchema.safeParse(value);
        if (knobs.success) regionKnobs[region] = knobs.data;
        else issues.push(...knobs.error.issues.map((i) => `${where}${suffix(i.path)}: ${i.message}`));
        continue;
      }
      const service = services.get(key);
      if (!service) issues.push(`${where}: unknown service (known: ${[...services.keys()].join(', ')})`);
      else if (service.scope === 'global')
        issues.push(`${where}: ${key} is a global service: put it under global`);
      else out[key] = parseService(service, value, where, issues);
    }
    regions[region] = out;
  }
  const global: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw.global ?? {})) {
    const where = `  accounts[${index}].global.${key}`;
    const service = services.get(key);
    if (!service) issues.push(`${where}: unknown service (known: ${[...services.keys()].join(', ')})`);
    else if (service.scope === 'regional')
      issues.push(`${where}: ${key} is regional: put it under regions.<region>`);
    else global[key] = parseService(service, value, where, issues);
  }
  return {
    id: raw.id,
    name: raw.name ?? `account-${raw.id}`,
    email: raw.email ?? `aws+${raw.id}@example.com`,
    status: raw.status ?? 'ACTIVE',
    ou: raw.ou,
    tags: raw.tags ?? {},
    regions,
    global,
    optInRegions: raw.optInRegions ?? {},
    assumeRole: raw.assumeRole ?? {},
    knobs: raw.knobs,
    regionKnobs,
  };
}

function parseService(service: SandboxService, value: unknown, where: string, issues: string[]): unknown {
  const result = service.scenario.safeParse(value ?? {});
  if (result.success) return result.data;
  issues.push(...result.error.issues.map((i) => `${where}${suffix(i.path)}: ${i.message}`));
  return undefined;
}

function suffix(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}
