import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { loadConfig } from '../config/index.js';
import { catalogDir } from '../paths.js';
import { type Catalog, CatalogError, CompiledCatalog, type EntryOrigin } from './match.js';
import { readPrebuiltCatalog } from './prebuilt.js';
import { type EventKind, eventKindSchema } from './schema.js';

export type {
  Catalog,
  CatalogMatch,
  EmailInput,
  EmailReading,
  EntryOrigin,
  EventBridgeInput,
  HealthInput,
  TextInput,
} from './match.js';
export { CatalogError, CONFIDENCE, isAwsSender, normalizeSubject, senderAddress } from './match.js';
export type { EventKind } from './schema.js';
export { eventKindSchema } from './schema.js';

export interface LoadCatalogOptions {
  /** A directory of the user's own entries (`<id>.yaml`, optionally in sub-folders): new ids or overrides. */
  userDir?: string;
  /** The built-in directory; tests point this elsewhere. Default: the package's `catalog/`. */
  builtInDir?: string;
  /** Use dist/catalog.json when it matches the YAML (default: true for the package's own catalog). */
  prebuilt?: boolean;
}

const YAML_EXT = new Set(['.yaml', '.yml']);

function yamlFiles(dir: string, depth: number): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) {
      if (depth > 0) out.push(...yamlFiles(path, depth - 1));
    } else if (YAML_EXT.has(extname(name))) {
      out.push(path);
    }
  }
  return out;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

/** Reads and validates one entry file. `shown` is the path printed in errors. */
export function parseEntryFile(file: string, shown = file): EventKind {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const detail =
      error instanceof YAMLParseError
        ? `${error.message.split('\n')[0]}`
        : error instanceof Error
          ? error.message
          : String(error);
    throw new CatalogError(`${shown}: not valid YAML: ${detail}`);
  }
  const result = eventKindSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
    throw new CatalogError(`${shown}: invalid catalog entry:\n${issues.join('\n')}`);
  }
  const id = basename(file, extname(file));
  if (result.data.id !== id) {
    throw new CatalogError(`${shown}: id "${result.data.id}" must equal the file name "${id}"`);
  }
  return result.data;
}

/**
 * Loads the built-in entries (`catalog/<service>/<id>.yaml`) and, when given, the user's directory.
 * A user entry with a new id adds a kind; one with a built-in id replaces the built-in entry.
 *
 * @example
 * const catalog = loadCatalog({ userDir: '/etc/opsradar/catalog' });
 * catalog.matchHealth({ eventTypeCode: 'AWS_ACM_RENEWAL_STATE_CHANGE' })?.kind.id; // 'acm-certificate-expiry'
 */
export function loadCatalog(options: LoadCatalogOptions = {}): Catalog {
  const builtInDir = options.builtInDir ?? catalogDir;
  const byId = new Map<string, { entry: EventKind; origin: EntryOrigin }>();
  const prebuilt =
    options.prebuilt !== false && builtInDir === catalogDir ? readPrebuiltCatalog(builtInDir) : undefined;
  for (const { file, entry } of prebuilt ?? []) {
    const shown = relative(process.cwd(), join(builtInDir, file)) || file;
    byId.set(entry.id, { entry, origin: { file: shown, builtIn: true, overridesBuiltIn: false } });
  }
  for (const file of prebuilt ? [] : yamlFiles(builtInDir, 1)) {
    const shown = relative(process.cwd(), file) || file;
    const entry = parseEntryFile(file, shown);
    const previous = byId.get(entry.id);
    if (previous) {
      throw new CatalogError(`${shown}: id "${entry.id}" is already defined in ${previous.origin.file}`);
    }
    byId.set(entry.id, { entry, origin: { file: shown, builtIn: true, overridesBuiltIn: false } });
  }
  if (options.userDir) {
    const userDir = options.userDir;
    if (!existsSync(userDir) || !statSync(userDir).isDirectory()) {
      throw new CatalogError(
        `user catalog directory not found: ${userDir} (set by catalog.userDir in the config or OPSRADAR_CATALOG_DIR)`,
        'CATALOG_DIR_NOT_FOUND',
      );
    }
    const seenInUserDir = new Map<string, string>();
    for (const file of yamlFiles(userDir, 3)) {
      let entry: EventKind;
      try {
        entry = parseEntryFile(file);
      } catch (error) {
        if (error instanceof CatalogError) {
          throw new CatalogError(
            `${error.message}\n(user catalog entry: a file here may add a new id or override a built-in id)`,
          );
        }
        throw error;
      }
      const twice = seenInUserDir.get(entry.id);
      if (twice) throw new CatalogError(`${file}: id "${entry.id}" is already defined in ${twice}`);
      seenInUserDir.set(entry.id, file);
      const builtIn = byId.get(entry.id);
      byId.set(entry.id, {
        entry,
        origin: { file, builtIn: false, overridesBuiltIn: builtIn?.origin.builtIn ?? false },
      });
    }
  }
  const sorted = [...byId.values()].sort((a, b) => a.entry.id.localeCompare(b.entry.id));
  return new CompiledCatalog(
    sorted.map((e) => e.entry),
    new Map(sorted.map((e) => [e.entry.id, e.origin])),
  );
}

const catalogConfigSchema = z
  .object({
    /** Directory of the user's own entries. */
    userDir: z.string().min(1).optional(),
  })
  .strict();

/** The user directory from OPSRADAR_CATALOG_DIR, else `catalog.userDir` in the config file. */
export function userCatalogDir(
  options: { configPath?: string; env?: NodeJS.ProcessEnv } = {},
): string | undefined {
  const env = options.env ?? process.env;
  if (env.OPSRADAR_CATALOG_DIR) return env.OPSRADAR_CATALOG_DIR;
  const config = loadConfig(options.configPath, env);
  const section = catalogConfigSchema.safeParse(config.raw.catalog ?? {});
  if (!section.success) {
    const issues = section.error.issues.map((i) => `  catalog.${formatPath(i.path)}: ${i.message}`);
    throw new CatalogError(`${config.path ?? '(config)'}: invalid "catalog" section:\n${issues.join('\n')}`);
  }
  return section.data.userDir;
}

const cache = new Map<string, Catalog>();

/** The built-in catalog plus the user directory from the environment or config, loaded once per process. */
export function defaultCatalog(options: { configPath?: string } = {}): Catalog {
  const userDir = userCatalogDir(options);
  const key = userDir ?? '';
  let catalog = cache.get(key);
  if (!catalog) {
    catalog = loadCatalog({ userDir });
    cache.set(key, catalog);
  }
  return catalog;
}
