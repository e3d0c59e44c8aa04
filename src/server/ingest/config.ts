import { z } from 'zod';
import { type Config, ConfigError, configSection } from '../../config/index.js';

const secret = z.string().min(8, 'use at least 8 characters');

/**
 * The `ingest` section of config.yaml:
 *
 *   ingest:
 *     eventbridge:
 *       apiKeyHeader: x-opsradar-key   # the header name set in the API destination connection
 *       apiKeyEnv: OPSRADAR_EVENTBRIDGE_KEY
 *       basic: { username: eventbridge, passwordEnv: OPSRADAR_EVENTBRIDGE_PASSWORD }
 *     sns:
 *       allowedTopicArns: [arn:aws:sns:ap-northeast-1:111122223333:opsradar-health]
 */
export const ingestConfigSchema = z
  .object({
    eventbridge: z
      .object({
        apiKeyHeader: z
          .string()
          .regex(/^[A-Za-z0-9-]+$/u, 'a header name')
          .default('x-api-key'),
        apiKey: secret.optional(),
        apiKeyEnv: z.string().optional(),
        basic: z
          .object({
            username: z.string().min(1),
            password: secret.optional(),
            passwordEnv: z.string().optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({ apiKeyHeader: 'x-api-key' }),
    sns: z
      .object({
        allowedTopicArns: z
          .array(z.string().regex(/^arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[\w-]+$/u))
          .default([]),
        /** Older messages are refused as replays. */
        maxAgeSeconds: z.number().int().min(60).max(86_400).default(3600),
      })
      .strict()
      .default({ allowedTopicArns: [], maxAgeSeconds: 3600 }),
  })
  .strict();

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
