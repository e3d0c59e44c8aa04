import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { defaultCatalog } from '../catalog/index.js';
import type { Lang } from '../core/types.js';
import { workItemMessages as m } from '../i18n/messages/workitems.js';
import type { CatalogMatcher } from '../ingest/health/classify.js';
import { UserError } from './errors.js';

/*
 * Helpers several commands share, kept apart from the command modules so that a quick command
 * (`catalog`, `classify`) imports them without the AWS SDK clients and stores those modules load.
 */

/** Where the command writes; tests pass their own to run the real program in process. */
export interface IngestIo {
  out(text: string): void;
  err(text: string): void;
  setExitCode(code: number): void;
  /** The catalog for the given config path. */
  catalog(configPath?: string): CatalogMatcher;
  env: NodeJS.ProcessEnv;
}

export const processIngestIo: IngestIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
  catalog: (configPath) => defaultCatalog({ configPath }),
  env: process.env,
};

export interface MailCliIo {
  /** Bytes are written as they are (`mail quarantine show --raw`). */
  out(text: string | Uint8Array): void;
  err(text: string): void;
  setExitCode(code: number): void;
}

export const processMailIo: MailCliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** `ingest`, `classify` and `mail` are groups other parts add subcommands to: create each once. */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

export interface GlobalOptions {
  lang?: string;
  db?: string;
  config?: string;
  format?: string;
}

/** A file's text, or standard input for `-`. */
export function readInput(file: string): string {
  return readFileSync(file === '-' ? 0 : file, 'utf8');
}

/** `--tz`, else env TZ, else the system's zone; checked to exist. */
export function resolveTimeZone(lang: Lang, explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const tz = explicit || env.TZ || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new UserError(m(lang, 'error.timeZone', { tz }), 'USAGE', 2);
  }
  return tz;
}

/** `2026-12-03 10:00` in the given zone (what a person reads). */
export function formatLocal(iso: string | null, tz: string): string {
  if (!iso) return '-';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
