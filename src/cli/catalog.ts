import { type Command, Option } from 'commander';
import type { Catalog, CatalogMatch } from '../catalog/match.js';
import { quickBuiltInCatalog } from '../catalog/quick.js';
import {
  LIST_CSV_HEADER,
  listRows,
  renderEntryMarkdown,
  renderEntryText,
  renderListTable,
} from '../catalog/render.js';
import { CATEGORIES, type Category, type Lang } from '../core/types.js';
import { catalogMessages as m } from '../i18n/messages/catalog.js';
import { UserError } from './errors.js';
import { type GlobalOptions, langOf, topCommand } from './options.js';
import { renderCsv } from './output.js';

/** Where the commands write; tests pass their own to run the real program in process. */
export interface CatalogIo {
  out(text: string): void;
  /** The catalog to use for the given global options. */
  catalog(options: { config?: string }): Catalog | Promise<Catalog>;
}

const processIo: CatalogIo = {
  out: (text) => {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  },
  // The prebuilt catalog when nothing can change it; else YAML, config and user directory (slower to load).
  catalog: async (options) =>
    quickBuiltInCatalog({ configPath: options.config }) ??
    (await import('../catalog/index.js')).defaultCatalog({ configPath: options.config }),
};

/** The `catalog` command group; other parts add subcommands to it whatever the registration order. */
export function catalogCommand(program: Command): Command {
  return topCommand(program, 'catalog');
}

function checkChoice(lang: Lang, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) {
    throw new UserError(m(lang, 'error.format', { format: value, allowed: allowed.join(', ') }), 'USAGE', 2);
  }
}

/** The JSON `catalog match` prints, also used by other parts that explain a match. */
export function matchResult(match: CatalogMatch | null): {
  kind: string | null;
  category: Category | null;
  confidence: number;
  matchedBy: string | null;
} {
  return match
    ? {
        kind: match.kind.id,
        category: match.kind.category,
        confidence: match.confidence,
        matchedBy: match.matchedBy,
      }
    : { kind: null, category: null, confidence: 0, matchedBy: null };
}

export function registerCatalog(program: Command, io: CatalogIo = processIo): void {
  const group = catalogCommand(program);

  group
    .command('list')
    .description('list event kinds / イベント種別の一覧')
    .option('--category <category>', `only one category: ${CATEGORIES.join(', ')}`)
    .option('--format <format>', 'table, json or csv', 'table')
    .action(async (opts: { category?: string; format: string }, cmd: Command) => {
      const lang = langOf(cmd);
      checkChoice(lang, opts.format, ['table', 'json', 'csv']);
      if (opts.category !== undefined && !(CATEGORIES as readonly string[]).includes(opts.category)) {
        throw new UserError(
          m(lang, 'error.category', { category: opts.category, allowed: CATEGORIES.join(', ') }),
          'USAGE',
          2,
        );
      }
      const catalog = await io.catalog(cmd.optsWithGlobals<GlobalOptions>());
      const entries = catalog.entries.filter((e) => !opts.category || e.category === opts.category);
      if (opts.format === 'json') io.out(JSON.stringify(entries, null, 2));
      else if (opts.format === 'csv') io.out(renderCsv(LIST_CSV_HEADER, listRows(entries, lang)));
      else io.out(renderListTable(entries, lang));
    });

  group
    .command('show')
    .description('show one event kind: runbook, detection, references / イベント種別の詳細')
    .argument('<id>', 'event kind id, e.g. acm-certificate-expiry')
    .option('--format <format>', 'text, json or md', 'text')
    .action(async (id: string, opts: { format: string }, cmd: Command) => {
      const lang = langOf(cmd);
      checkChoice(lang, opts.format, ['text', 'json', 'md']);
      const catalog = await io.catalog(cmd.optsWithGlobals<GlobalOptions>());
      const entry = catalog.require(id);
      const origin = catalog.origin(id);
      if (opts.format === 'json') io.out(JSON.stringify(entry, null, 2));
      else if (opts.format === 'md') io.out(renderEntryMarkdown(entry, lang, origin));
      else io.out(renderEntryText(entry, lang, origin));
    });

  group
    .command('match')
    .description(
      'which event kind an AWS Health code, notification email or EventBridge event belongs to (JSON) / 入力が属するイベント種別を判定',
    )
    .option('--health-code <code>', 'AWS Health eventTypeCode, e.g. AWS_ACM_RENEWAL_STATE_CHANGE')
    .option('--service <service>', 'AWS Health service of the code, e.g. ACM')
    .option('--health-category <category>', 'AWS Health eventTypeCategory, e.g. scheduledChange')
    .option('--email-subject <subject>', 'subject of a notification email')
    .option('--email-from <address>', 'From header of the email')
    .option('--email-body <text>', 'body text of the email')
    .option('--eventbridge-source <source>', 'EventBridge source, e.g. aws.acm')
    .option('--detail-type <type>', 'EventBridge detail-type')
    .addOption(new Option('--detail <json>', 'EventBridge detail as JSON'))
    .action(async (opts: Record<string, string | undefined>, cmd: Command) => {
      const lang = langOf(cmd);
      const modes = [opts.healthCode, opts.emailSubject, opts.eventbridgeSource].filter(
        (v) => v !== undefined,
      );
      if (modes.length !== 1) throw new UserError(m(lang, 'error.matchInput'), 'USAGE', 2);
      const catalog = await io.catalog(cmd.optsWithGlobals<GlobalOptions>());
      let match: CatalogMatch | null;
      if (opts.healthCode !== undefined) {
        match = catalog.matchHealth({
          eventTypeCode: opts.healthCode,
          service: opts.service,
          category: opts.healthCategory,
        });
      } else if (opts.emailSubject !== undefined) {
        match = catalog.matchEmail({
          subject: opts.emailSubject,
          from: opts.emailFrom,
          body: opts.emailBody,
        });
      } else {
        if (opts.detailType === undefined) throw new UserError(m(lang, 'error.detailType'), 'USAGE', 2);
        let detail: unknown;
        if (opts.detail !== undefined) {
          try {
            detail = JSON.parse(opts.detail);
          } catch (error) {
            throw new UserError(
              m(lang, 'error.detailJson', { message: (error as Error).message }),
              'USAGE',
              2,
            );
          }
        }
        match = catalog.matchEventBridge({
          source: opts.eventbridgeSource ?? '',
          detailType: opts.detailType,
          detail,
        });
      }
      io.out(JSON.stringify(matchResult(match)));
    });
}
