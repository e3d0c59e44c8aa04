import { type Config, ConfigError, configSection } from '../../config/index.js';
import { ingestConfigSchema } from '../../ingest/config.js';

export { ingestConfigSchema };

export interface IngestSettings {
  eventbridge: {
    apiKeyHeader: string;
    /** Resolved secrets; never logged. */
    apiKey?: string;
    basic?: { username: string; password: string };
  };
  sns: { allowedTopicArns: string[]; maxAgeSeconds: number };
}

function fromEnv(name: string | undefined, env: NodeJS.ProcessEnv, field: string): string | undefined {
  if (!name) return undefined;
  const value = env[name];
  if (!value) throw new ConfigError(`${field}: environment variable ${name} is not set`);
  return value;
}

/** Reads and resolves the `ingest` section (secrets from the file or from environment variables). */
export function ingestSettings(config: Config, env: NodeJS.ProcessEnv = process.env): IngestSettings {
  const raw = configSection(config, 'ingest', ingestConfigSchema);
  const eb = raw.eventbridge;
  const apiKey = eb.apiKey ?? fromEnv(eb.apiKeyEnv, env, 'ingest.eventbridge.apiKeyEnv');
  let basic: IngestSettings['eventbridge']['basic'];
  if (eb.basic) {
    const password =
      eb.basic.password ?? fromEnv(eb.basic.passwordEnv, env, 'ingest.eventbridge.basic.passwordEnv');
    if (!password) throw new ConfigError('ingest.eventbridge.basic: password or passwordEnv is required');
    basic = { username: eb.basic.username, password };
  }
  return {
    eventbridge: {
      apiKeyHeader: eb.apiKeyHeader,
      ...(apiKey ? { apiKey } : {}),
      ...(basic ? { basic } : {}),
    },
    sns: { allowedTopicArns: raw.sns.allowedTopicArns, maxAgeSeconds: raw.sns.maxAgeSeconds },
  };
}
