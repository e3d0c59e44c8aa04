import { z } from 'zod';

/**
 * The `ingest` section of config.yaml, one schema for every reader (`serve`, `ingest imap`), so a key
 * one of them knows never makes the other refuse the file.
 *
 *   ingest:
 *     eventbridge:
 *       apiKeyHeader: x-opsradar-key   # the header name set in the API destination connection
 *       apiKeyEnv: OPSRADAR_EVENTBRIDGE_KEY
 *       basic: { username: eventbridge, passwordEnv: OPSRADAR_EVENTBRIDGE_PASSWORD }
 *     sns:
 *       allowedTopicArns: [arn:aws:sns:ap-northeast-1:111122223333:opsradar-health]
 *     imap:
 *       host: imap.example.jp
 *       user: aws-root@example.jp        # password in OPSRADAR_IMAP_PASSWORD
 */

const secret = z.string().min(8, 'use at least 8 characters');

/** `ingest.imap`. The password is better given as OPSRADAR_IMAP_PASSWORD. */
export const imapConfigSchema = z
  .object({
    host: z.string().min(1).optional(),
    /** 993 with `tls: implicit`, 143 with `tls: starttls`. */
    port: z.number().int().min(1).max(65535).optional(),
    /** The password never crosses the network unencrypted: TLS from the start, or STARTTLS required. */
    tls: z.enum(['implicit', 'starttls']).default('implicit'),
    user: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** OAuth2 access token (XOAUTH2), e.g. for Microsoft 365 or Gmail. */
    accessToken: z.string().min(1).optional(),
    folders: z.array(z.string().min(1)).min(1).default(['INBOX']),
    /** PEM file of a private CA or self-signed server certificate to trust. */
    caFile: z.string().min(1).optional(),
    /** Name checked against the server certificate when `host` is an IP address. */
    servername: z.string().min(1).optional(),
    /** What to do to a message once it is stored. Default: nothing, the mailbox is opened read-only. */
    afterIngest: z.enum(['none', 'seen', 'move']).default('none'),
    /** Folder for `afterIngest: move`. */
    moveTo: z.string().min(1).optional(),
  })
  .strict();

/** `ingest.eventbridge`: the credentials the API destination's connection sends. */
const eventBridgeConfigSchema = z
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
  .strict();

const snsConfigSchema = z
  .object({
    allowedTopicArns: z
      .array(z.string().regex(/^arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[\w-]+$/u))
      .default([]),
    /** Older messages are refused as replays. */
    maxAgeSeconds: z.number().int().min(60).max(86_400).default(3600),
  })
  .strict();

export const ingestConfigSchema = z
  .object({
    eventbridge: eventBridgeConfigSchema.default({ apiKeyHeader: 'x-api-key' }),
    sns: snsConfigSchema.default({ allowedTopicArns: [], maxAgeSeconds: 3600 }),
    imap: imapConfigSchema.default({ tls: 'implicit', folders: ['INBOX'], afterIngest: 'none' }),
  })
  .strict();
