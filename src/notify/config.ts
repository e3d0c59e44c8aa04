import { z } from 'zod';
import { type Config, ConfigError, configSection } from '../config/index.js';
import { DEFAULT_TIME_ZONE, isTimeZone, parseClock } from '../core/time.js';
import { CATEGORIES, LANGS } from '../core/types.js';
import { URGENCIES } from '../core/workitems.js';

/**
 * The `notify` section of config.yaml. Secrets (webhook signing keys, Slack/Teams webhook URLs,
 * SMTP passwords) come only from environment variables (`...Env`) or files (`...File`).
 *
 *   notify:
 *     baseUrl: https://opsradar.example.com       # links in messages
 *     channels:
 *       - { name: ops-hook, type: webhook, url: https://receiver.example/hook, secretEnv: OPSRADAR_HOOK_SECRET }
 *       - { name: ops-slack, type: slack, urlEnv: OPSRADAR_SLACK_URL, lang: ja }
 *       - { name: leads, type: teams, urlFile: /run/secrets/teams-url }
 *       - name: ops-mail
 *         type: email
 *         host: smtp.example.com
 *         port: 587
 *         security: starttls
 *         user: opsradar
 *         passwordEnv: OPSRADAR_SMTP_PASSWORD
 *         from: opsradar@example.com
 *         to: [{ address: sato@example.com, lang: ja }, { address: lee@example.com, lang: en }]
 *       - { name: ops-sns, type: sns, topicArn: arn:aws:sns:ap-northeast-1:111122223333:ops }
 *     rules:
 *       - { channel: ops-hook, categories: [scheduled, request, emergency, expert] }
 *       - { channel: ops-slack, teams: [payments], announce: digest, escalateTo: leads }
 */

const name = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _');
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (24-hour)');
const timeZone = z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Tokyo');
const list = <T extends z.ZodType>(item: T) => z.array(item).min(1).optional();

const common = {
  name,
  lang: z.enum(LANGS).default('en'),
  /** Zone of digestAt and quietHours. */
  timeZone: timeZone.default(DEFAULT_TIME_ZONE),
  /** Local time of the daily digest, or false for none. */
  digestAt: z.union([clock, z.literal(false)]).default('09:00'),
  /** Nothing but a new emergency is sent between `from` and `to` (local time); held until `to`. */
  quietHours: z.object({ from: clock, to: clock }).strict().optional(),
};

const webhookChannel = z
  .object({
    ...common,
    type: z.literal('webhook'),
    url: z.url().optional(),
    urlEnv: envName.optional(),
    secretEnv: envName.optional(),
    secretFile: z.string().min(1).optional(),
  })
  .strict()
  .refine((c) => Boolean(c.url) !== Boolean(c.urlEnv), { message: 'give url or urlEnv (one of them)' })
  .refine((c) => Boolean(c.secretEnv) !== Boolean(c.secretFile), {
    message: 'the signing secret comes from secretEnv or secretFile (one of them)',
  });

/** Slack and Teams webhook URLs carry their credential: only from the environment or a file. */
const urlSecret = {
  urlEnv: envName.optional(),
  urlFile: z.string().min(1).optional(),
};
const hasUrlSecret = (c: { urlEnv?: string | undefined; urlFile?: string | undefined }) =>
  Boolean(c.urlEnv) !== Boolean(c.urlFile);
const urlSecretMessage = { message: 'the webhook URL is a secret: give urlEnv or urlFile (one of them)' };

const slackChannel = z
  .object({ ...common, type: z.literal('slack'), ...urlSecret })
  .strict()
  .refine(hasUrlSecret, urlSecretMessage);

const teamsChannel = z
  .object({ ...common, type: z.literal('teams'), ...urlSecret })
  .strict()
  .refine(hasUrlSecret, urlSecretMessage);

const recipient = z.union([
  z.email(),
  z.object({ address: z.email(), lang: z.enum(LANGS).optional() }).strict(),
]);

const emailChannel = z
  .object({
    ...common,
    type: z.literal('email'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(587),
    /** starttls: plain connection upgraded (port 587, required); tls: TLS from the start (port 465). */
    security: z.enum(['starttls', 'tls']).default('starttls'),
    user: z.string().min(1).optional(),
    userEnv: envName.optional(),
    passwordEnv: envName.optional(),
    passwordFile: z.string().min(1).optional(),
    /** PEM file of a private CA that signed the server's certificate. */
    caFile: z.string().min(1).optional(),
    from: z.string().min(3),
    to: z.array(recipient).min(1),
  })
  .strict()
  .refine((c) => !(c.passwordEnv && c.passwordFile), {
    message: 'give passwordEnv or passwordFile, not both',
  })
  .refine((c) => !(c.user && c.userEnv), { message: 'give user or userEnv, not both' });

const snsChannel = z
  .object({
    ...common,
    type: z.literal('sns'),
    topicArn: z
      .string()
      .regex(/^arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[\w-]+(\.fifo)?$/u, 'an SNS topic ARN'),
    /** Named AWS profile; else the default credential chain. */
    profile: z.string().min(1).optional(),
  })
  .strict();

export const channelSchema = z.discriminatedUnion('type', [
  webhookChannel,
  slackChannel,
  teamsChannel,
  emailChannel,
  snsChannel,
]);
export type ChannelConfig = z.infer<typeof channelSchema>;
export type ChannelType = ChannelConfig['type'];
export const CHANNEL_TYPES = ['email', 'slack', 'sns', 'teams', 'webhook'] as const;

export const ruleSchema = z
  .object({
    channel: name,
    /** Selection: every condition given must match (glob `*` in text conditions). */
    categories: list(z.enum(CATEGORIES)),
    owners: list(z.string().min(1)),
    teams: list(z.string().min(1)),
    urgencies: list(z.enum(URGENCIES)),
    accounts: list(z.string().min(1)),
    ous: list(z.string().min(1)),
    regions: list(z.string().min(1)),
    services: list(z.string().min(1)),
    kinds: list(z.string().min(1)),
    /** immediate: each new item is announced once; digest: it waits for the channel's next digest. */
    announce: z.enum(['immediate', 'digest']).default('immediate'),
    /** Days before the due date to remind on; default the catalog entry's reminderDays. */
    reminderDays: z.array(z.number().int().min(0).max(365)).optional(),
    /** Overdue items nobody acknowledged also go to this channel. */
    escalateTo: name.optional(),
    /** How long past the due date before escalating. */
    escalateAfterHours: z.number().min(0).max(8760).default(0),
  })
  .strict();
export type NotifyRule = z.infer<typeof ruleSchema>;

export const notifySchema = z
  .object({
    /** The dashboard's address, for the item links in messages. */
    baseUrl: z.url().default('http://127.0.0.1:8080'),
    /** Attempts before a message moves to the dead-letter list. */
    maxAttempts: z.number().int().min(1).max(50).default(8),
    channels: z.array(channelSchema).default([]),
    rules: z.array(ruleSchema).default([]),
  })
  .strict();
export type NotifySettings = z.infer<typeof notifySchema>;

function checkReferences(settings: NotifySettings, where: string): void {
  const names = new Set<string>();
  for (const channel of settings.channels) {
    if (names.has(channel.name))
      throw new ConfigError(`${where}: two notify channels are named "${channel.name}"`);
    names.add(channel.name);
    if (channel.quietHours) {
      parseClock(channel.quietHours.from);
      parseClock(channel.quietHours.to);
    }
  }
  for (const [index, rule] of settings.rules.entries()) {
    for (const [field, value] of [
      ['channel', rule.channel],
      ['escalateTo', rule.escalateTo],
    ] as const) {
      if (value !== undefined && !names.has(value)) {
        throw new ConfigError(`${where}: notify.rules.${index}.${field}: no channel named "${value}"`);
      }
    }
  }
}

/** Reads and checks the `notify` section (no secrets are read here; channels read theirs when built). */
export function notifySettings(config: Config): NotifySettings {
  const settings = configSection(config, 'notify', notifySchema);
  checkReferences(settings, config.path ?? '(defaults)');
  return settings;
}
