import { type Config, ConfigError, configSection } from '../../config/index.js';
import { readSecret } from '../../config/secrets.js';
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

/** Reads and resolves the `ingest` section (secrets from the file or from environment variables). */
export function ingestSettings(config: Config, env: NodeJS.ProcessEnv = process.env): IngestSettings {
  const raw = configSection(config, 'ingest', ingestConfigSchema);
  const eb = raw.eventbridge;
  const apiKey = eb.apiKey ?? readSecret({ env: eb.apiKeyEnv }, 'ingest.eventbridge.apiKeyEnv', env);
  let basic: IngestSettings['eventbridge']['basic'];
  if (eb.basic) {
    const password =
      eb.basic.password ??
      readSecret({ env: eb.basic.passwordEnv }, 'ingest.eventbridge.basic.passwordEnv', env);
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
