import type { Command } from 'commander';
import type { JsonObject } from '../core/types.js';
import { resolveLang } from '../i18n/index.js';
import { healthMessages as m } from '../i18n/messages/health.js';
import type { StoredOccurrence } from '../store/index.js';
import { catalogCommand } from './catalog.js';
import { UserError } from './errors.js';
import type { IngestIo } from './ingest-health.js';
import { renderTable } from './output.js';

/** One AWS code the catalog does not know, as seen in unmapped occurrences. */
export interface UnmappedCode {
  /** The Health eventTypeCode, or `<source>/<detail-type>` for other EventBridge events. */
  code: string;
  service: string | null;
  /** AWS's own category (issue, accountNotification, scheduledChange, investigation). */
  awsCategory: string | null;
  occurrences: number;
  accounts: number;
  lastSeenAt: string;
  example: string;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Groups unmapped Health / EventBridge occurrences by the code AWS gave them, most recent first. */
export function unmappedCodes(occurrences: readonly StoredOccurrence[]): UnmappedCode[] {
  const byCode = new Map<string, UnmappedCode & { accountSet: Set<string> }>();
  for (const o of occurrences) {
    if (o.kind !== null) continue;
    const evidence: JsonObject = o.evidence;
    const code =
      text(evidence.eventTypeCode) ??
      (text(evidence.source) && text(evidence.detailType)
        ? `${evidence.source}/${evidence.detailType}`
        : null);
    if (!code) continue;
    let entry = byCode.get(code);
    if (!entry) {
      entry = {
        code,
        service: text(evidence.service) ?? text(evidence.source),
        awsCategory: text(evidence.eventTypeCategory),
        occurrences: 0,
        accounts: 0,
        lastSeenAt: o.lastSeenAt,
        example: o.sourceRef,
        accountSet: new Set(),
      };
      byCode.set(code, entry);
    }
    entry.occurrences += 1;
    if (o.accountId) entry.accountSet.add(o.accountId);
    if (o.lastSeenAt > entry.lastSeenAt) {
      entry.lastSeenAt = o.lastSeenAt;
      entry.example = o.sourceRef;
    }
  }
  return [...byCode.values()]
    .map(({ accountSet, ...rest }) => ({ ...rest, accounts: accountSet.size }))
    .sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt) || a.code.localeCompare(b.code));
}

interface UnmappedOptions {
  format: string;
  tz?: string;
  lang?: string;
  db?: string;
}

export function registerCatalogUnmapped(program: Command, io?: IngestIo): void {
  catalogCommand(program)
    .command('unmapped')
    .description(
      'AWS event type codes seen that no catalog entry knows / カタログにないイベントタイプコードの一覧',
    )
    .option('--format <format>', 'table or json', 'table')
    .option('--tz <zone>', 'time zone for times shown (default: env TZ, else the system zone)')
    .action(async (_opts: UnmappedOptions, cmd: Command) => {
      // The store, the SDK and the ingest helpers load only when this subcommand runs, so that
      // `catalog list|show|match` start fast.
      const used = io ?? (await import('./ingest-health.js')).processIngestIo;
      used.setExitCode(await catalogUnmappedCommand(cmd.optsWithGlobals<UnmappedOptions>(), used));
    });
}

export async function catalogUnmappedCommand(opts: UnmappedOptions, io: IngestIo): Promise<number> {
  const { openStore } = await import('../store/index.js');
  const { formatLocal, resolveTimeZone } = await import('./workflow.js');
  const lang = resolveLang(opts.lang, io.env);
  if (!['table', 'json'].includes(opts.format)) {
    throw new UserError(m(lang, 'error.format', { format: opts.format, allowed: 'table, json' }), 'USAGE', 2);
  }
  const tz = resolveTimeZone(lang, opts.tz, io.env);
  const store = await openStore(opts.db);
  let codes: UnmappedCode[];
  try {
    codes = unmappedCodes(await store.occurrences.list({ unmapped: true, limit: 100_000 }));
  } finally {
    await store.close();
  }
  if (opts.format === 'json') {
    io.out(`${JSON.stringify(codes, null, 2)}\n`);
    return 0;
  }
  if (codes.length === 0) {
    io.out(`${m(lang, 'unmapped.none')}\n`);
    return 0;
  }
  const header = [
    m(lang, 'unmapped.column.code'),
    m(lang, 'unmapped.column.service'),
    m(lang, 'unmapped.column.category'),
    m(lang, 'unmapped.column.occurrences'),
    m(lang, 'unmapped.column.accounts'),
    `${m(lang, 'unmapped.column.lastSeen')} (${tz})`,
  ];
  const rows = codes.map((c) => [
    c.code,
    c.service ?? '-',
    c.awsCategory ?? '-',
    String(c.occurrences),
    String(c.accounts),
    formatLocal(c.lastSeenAt, tz),
  ]);
  io.out(
    `${m(lang, 'unmapped.title', { count: codes.length })}\n${renderTable(header, rows)}\n\n${m(lang, 'unmapped.hint')}\n`,
  );
  return 0;
}
