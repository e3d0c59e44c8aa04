import { readFileSync } from 'node:fs';
import { ConfigError } from './index.js';

/**
 * Where a secret comes from: an environment variable or a file (a Docker/Kubernetes secret mount).
 * Never the config file itself and never the command line, where `ps` and shell history show it.
 */
export interface SecretSource {
  env?: string | undefined;
  file?: string | undefined;
}

/** The secret's value, or a ConfigError that names the setting (never the value). */
export function readSecret(
  source: SecretSource,
  field: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (source.env) {
    const value = env[source.env];
    if (!value) throw new ConfigError(`${field}: environment variable ${source.env} is not set`);
    return value;
  }
  if (source.file) {
    let value: string;
    try {
      value = readFileSync(source.file, 'utf8').trim();
    } catch (error) {
      throw new ConfigError(`${field}: cannot read ${source.file}: ${(error as NodeJS.ErrnoException).code}`);
    }
    if (!value) throw new ConfigError(`${field}: ${source.file} is empty`);
    return value;
  }
  return undefined;
}
