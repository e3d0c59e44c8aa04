import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveLang } from '../i18n/index.js';
import { healthMessages as m } from '../i18n/messages/health.js';
import { type EventBridgeEvent, parseEventBridgeEvent } from '../ingest/eventbridge/event.js';
import { ingestEventBridgeEvents } from '../ingest/eventbridge/ingest.js';
import { openStore } from '../store/index.js';
import { UserError } from './errors.js';
import { type IngestIo, processIngestIo } from './ingest-health.js';
import { ingestFilesCommand } from './options.js';
import { refreshWorkItems } from './workflow.js';

interface IngestEventBridgeOptions {
  format: string;
  lang?: string;
  db?: string;
  config?: string;
}

/** Reads a file (or stdin for `-`). */
export function readInput(file: string): string {
  return readFileSync(file === '-' ? 0 : file, 'utf8');
}

/**
 * The events in one saved file: a JSON event, a JSON array of events, or one event per line (as
 * archives and `aws events` exports write them). SNS notifications carrying an event are unwrapped.
 */
export function eventsFromText(text: string, file: string): EventBridgeEvent[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new Error('the file is empty');
  let items: unknown[];
  try {
    const json: unknown = JSON.parse(trimmed);
    items = Array.isArray(json) ? json : [json];
  } catch {
    items = trimmed
      .split(/\r?\n/u)
      .map((line, i) => ({ line: line.trim(), i }))
      .filter(({ line }) => line !== '')
      .map(({ line, i }) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          throw new Error(`line ${i + 1} is not valid JSON (truncated?)`);
        }
      });
  }
  return items.map((item, i) => {
    const where = items.length > 1 ? `${file} event ${i + 1}` : file;
    const record = item as Record<string, unknown> | null;
    if (record && record.Type === 'Notification' && typeof record.Message === 'string') {
      try {
        return parseEventBridgeEvent(JSON.parse(record.Message), where);
      } catch (error) {
        if (error instanceof SyntaxError) throw new Error(`${where}: the SNS Message is not JSON`);
        throw error;
      }
    }
    return parseEventBridgeEvent(item, where);
  });
}

export function registerIngestEventBridge(program: Command, io: IngestIo = processIngestIo): void {
  ingestFilesCommand(program, 'eventbridge').action(
    async (files: string[], _opts: IngestEventBridgeOptions, cmd: Command) => {
      io.setExitCode(
        await ingestEventBridgeCommand(files, cmd.optsWithGlobals<IngestEventBridgeOptions>(), io),
      );
    },
  );
}

/** All files are read and validated before anything is stored: one bad file stores nothing. */
export async function ingestEventBridgeCommand(
  files: string[],
  opts: IngestEventBridgeOptions,
  io: IngestIo,
): Promise<number> {
  const lang = resolveLang(opts.lang, io.env);
  if (!['table', 'json'].includes(opts.format)) {
    throw new UserError(m(lang, 'error.format', { format: opts.format, allowed: 'table, json' }), 'USAGE', 2);
  }
  if (files.length === 0) throw new UserError(m(lang, 'eventbridge.error.noFiles'), 'USAGE', 2);
  const events: EventBridgeEvent[] = [];
  for (const file of files) {
    try {
      events.push(...eventsFromText(readInput(file), file));
    } catch (error) {
      const message = (error as Error).message.startsWith(file)
        ? (error as Error).message
        : m(lang, 'eventbridge.error.file', { file, message: (error as Error).message });
      throw new UserError(message, 'INPUT_INVALID', 2);
    }
  }
  const catalog = io.catalog(opts.config);
  const store = await openStore(opts.db);
  try {
    const summary = await ingestEventBridgeEvents(store, catalog, events, {
      source: 'eventbridge',
      now: new Date(),
    });
    await refreshWorkItems(store, opts.config ? { configPath: opts.config } : {});
    if (opts.format === 'json') io.out(`${JSON.stringify({ files: files.length, ...summary }, null, 2)}\n`);
    else io.out(`${m(lang, 'eventbridge.summary', { files: files.length, ...summary })}\n`);
  } finally {
    await store.close();
  }
  return 0;
}
