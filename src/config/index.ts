import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { OpsradarError } from '../core/errors.js';
import { defaultConfigPath } from './paths.js';

export class ConfigError extends OpsradarError {
  constructor(message: string) {
    super(message, 'CONFIG_INVALID');
  }
}

/** The user's config file, parsed but not yet validated: each part validates its own section. */
export interface Config {
  /** The file it came from, or null when none exists (all defaults). */
  readonly path: string | null;
  readonly raw: Record<string, unknown>;
}

export { defaultConfigPath } from './paths.js';

/** Directory for the embedded SQLite file and other local state. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'opsradar');
}

/** Loads `explicitPath`, else OPSRADAR_CONFIG, else the default path when it exists. */
export function loadConfig(explicitPath?: string, env: NodeJS.ProcessEnv = process.env): Config {
  const path = explicitPath ?? env.OPSRADAR_CONFIG ?? defaultConfigPath(env);
  if (!existsSync(path)) {
    if (explicitPath) throw new ConfigError(`config file not found: ${explicitPath}`);
    return { path: null, raw: {} };
  }
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: not valid YAML: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return { path, raw: {} };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${path}: expected a mapping at the top level`);
  }
  return { path, raw: parsed as Record<string, unknown> };
}

/** Validates one top-level section (`scan`, `routing`, `imap`, ...) with that part's own schema. */
export function configSection<S extends z.ZodType>(config: Config, name: string, schema: S): z.infer<S> {
  const result = schema.safeParse(config.raw[name] ?? {});
  if (!result.success) {
    const where = config.path ?? '(defaults)';
    const issues = result.error.issues
      .map((issue) => `  ${[name, ...issue.path.map(String)].join('.')}: ${issue.message}`)
      .join('\n');
    throw new ConfigError(`${where}: invalid "${name}" section:\n${issues}`);
  }
  return result.data;
}
