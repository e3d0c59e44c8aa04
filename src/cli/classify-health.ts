import type { Command } from 'commander';
import { resolveLang } from '../i18n/index.js';
import { healthMessages as m } from '../i18n/messages/health.js';
import {
  type CatalogMatcher,
  classifyHealthEvent,
  type HealthClassification,
} from '../ingest/health/classify.js';
import { healthEventsFromJson } from '../ingest/health/event.js';
import { classifyDefinition } from './classify-definitions.js';
import { UserError } from './errors.js';
import { readInput } from './ingest-eventbridge.js';
import { type IngestIo, processIngestIo } from './ingest-health.js';

interface ClassifyOptions {
  lang?: string;
  config?: string;
}

export function registerClassifyHealth(program: Command, io: IngestIo = processIngestIo): void {
  classifyDefinition(program, 'health').action((file: string, _opts: ClassifyOptions, cmd: Command) =>
    classifyHealthAction(file, cmd, io),
  );
}

export function classifyHealthAction(file: string, cmd: Command, io: IngestIo = processIngestIo): void {
  io.setExitCode(classifyHealthCommand(file, cmd.optsWithGlobals<ClassifyOptions>(), io));
}

/**
 * Every event in a saved Health file, classified. Any `source` is accepted here (mocks, AWS Health
 * Aware): this is for looking; the push endpoints keep their source checks.
 */
export function classifyHealthJson(json: unknown, catalog: CatalogMatcher): HealthClassification[] {
  return healthEventsFromJson(json, { anySource: true }).map((event) => classifyHealthEvent(event, catalog));
}

/** Prints one classification per event: an object for one event, an array for several. */
export function classifyHealthCommand(file: string, opts: ClassifyOptions, io: IngestIo): number {
  const lang = resolveLang(opts.lang, io.env);
  const catalog = io.catalog(opts.config);
  let results: HealthClassification[];
  try {
    const text = readInput(file);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error('not valid JSON (truncated?)');
    }
    results = classifyHealthJson(json, catalog);
  } catch (error) {
    throw new UserError(
      m(lang, 'classify.error.input', { file, message: (error as Error).message }),
      'INPUT_INVALID',
      2,
    );
  }
  io.out(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
  return 0;
}
