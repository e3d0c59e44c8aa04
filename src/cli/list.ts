import type { Command } from 'commander';
import { defaultCatalog } from '../catalog/index.js';
import { CATEGORIES, type Lang } from '../core/types.js';
import { URGENCIES, WORK_ITEM_STATUSES } from '../core/workitems.js';
import { displayTitle } from '../i18n/item-title.js';
import { workItemMessages as m } from '../i18n/messages/workitems.js';
import { WORK_ITEM_SORTS, type WorkItem, type WorkItemFilter, type WorkItemSort } from '../store/index.js';
import { UserError } from './errors.js';
import { type GlobalOptions, langOf, topCommand } from './options.js';
import { renderCsv, renderTable, truncate } from './output.js';
import {
  formatLocal,
  formatOffset,
  processIo,
  refreshWorkItems,
  resolveTimeZone,
  statusLabel,
  type WorkItemIo,
  withStore,
} from './workflow.js';

interface ListOptions {
  category?: string;
  status: string;
  account?: string;
  region?: string;
  service?: string;
  kind?: string;
  owner?: string;
  dueBefore?: string;
  urgency?: string;
  text?: string;
  limit: string;
  offset: string;
  sort: string;
  format: string;
  tz?: string;
}

/** Comma-separated values, each checked against the allowed ones. */
function choices(
  lang: Lang,
  option: string,
  value: string | undefined,
  allowed: readonly string[],
): string[] | undefined {
  const values = list(value);
  if (values === undefined) return undefined;
  for (const v of values) {
    if (!allowed.includes(v)) {
      throw new UserError(
        m(lang, 'error.choice', { option, value: v, allowed: allowed.join(', ') }),
        'USAGE',
        2,
      );
    }
  }
  return values;
}

function list(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
}

function count(lang: Lang, option: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new UserError(m(lang, 'error.number', { option, value }), 'USAGE', 2);
  return Number(value);
}

/** The columns the table and the CSV begin with. */
const LEADING_COLUMNS = ['id', 'due', 'urgency', 'category', 'status'] as const;

export const LIST_CSV_HEADER = [
  ...LEADING_COLUMNS,
  'kind',
  'title',
  'account',
  'region',
  'service',
  'resource',
  'event_date',
  'owner',
  'team',
] as const;

export function registerList(program: Command, io: WorkItemIo = processIo): void {
  topCommand(program, 'list')
    .option('--category <c>', `${CATEGORIES.join(', ')} (comma-separated)`)
    .option(
      '--status <s>',
      `active (open, acknowledged, in_progress), all, or ${WORK_ITEM_STATUSES.join(', ')}`,
      'active',
    )
    .option('--account <id>', 'AWS account id(s), comma-separated')
    .option('--region <r>', 'region(s), comma-separated')
    .option('--service <s>', 'service(s) as AWS Health names them (EC2, RDS, ACM...)')
    .option('--kind <id>', 'catalog id(s), comma-separated')
    .option('--owner <name>', 'owner or team')
    .option('--due-before <date>', 'due on or before this date (YYYY-MM-DD, UTC) or instant')
    .option('--urgency <u>', URGENCIES.join(', '))
    .option('--text <text>', 'text in the title, resource, kind or account')
    .option('--limit <n>', 'at most this many rows', '100')
    .option('--offset <n>', 'skip this many rows', '0')
    .option('--sort <sort>', WORK_ITEM_SORTS.join(', '), 'due')
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--tz <zone>', 'time zone for times shown (default: env TZ, else the system zone)')
    .action((opts: ListOptions, cmd: Command) => runList(opts, cmd, io));
}

async function runList(opts: ListOptions, cmd: Command, io: WorkItemIo): Promise<void> {
  const lang = langOf(cmd);
  choices(lang, '--format', opts.format, ['table', 'json', 'csv']);
  const tz = resolveTimeZone(lang, opts.tz);
  const filter = listFilter(lang, opts);
  const [sort] = choices(lang, '--sort', opts.sort, WORK_ITEM_SORTS) ?? ['due'];
  const limit = count(lang, '--limit', opts.limit);
  const offset = count(lang, '--offset', opts.offset);
  const globals = cmd.optsWithGlobals<GlobalOptions>();
  const catalog = defaultCatalog({ configPath: globals.config });
  const now = io.now();
  const { items, total } = await withStore(cmd, async (store) => {
    await refreshWorkItems(store, { configPath: globals.config, now, catalog });
    return store.workItems.list(filter, { limit, offset, sort: sort as WorkItemSort, now });
  });
  const title = (item: WorkItem) => displayTitle({ lang, timeZone: tz, now }, item, catalog.get(item.kind));
  if (opts.format === 'json') {
    io.out(JSON.stringify({ total, limit, offset, items }, null, 2));
  } else if (opts.format === 'csv') {
    io.out(listCsv(items, tz, title));
  } else if (items.length === 0) {
    io.out(
      total === 0 ? m(lang, 'list.empty') : m(lang, 'list.page', { from: offset + 1, to: offset, total }),
    );
  } else {
    io.out(
      [
        listTable(lang, items, tz, title),
        '',
        `${m(lang, 'list.page', { from: offset + 1, to: offset + items.length, total })} ${m(lang, 'label.timeZone', { tz })}`,
      ].join('\n'),
    );
  }
}

/** The options as a store filter; every choice is checked, so a typo is an error, not an empty list. */
function listFilter(lang: Lang, opts: ListOptions): WorkItemFilter {
  const status =
    opts.status === 'all'
      ? undefined
      : choices(lang, '--status', opts.status, ['active', ...WORK_ITEM_STATUSES]);
  if (opts.dueBefore !== undefined && Number.isNaN(new Date(opts.dueBefore).getTime())) {
    throw new UserError(m(lang, 'error.date', { value: opts.dueBefore }), 'USAGE', 2);
  }
  return {
    ...(opts.category ? { category: choices(lang, '--category', opts.category, CATEGORIES) } : {}),
    ...(status ? { status } : {}),
    ...(opts.account ? { account: list(opts.account) } : {}),
    ...(opts.region ? { region: list(opts.region) } : {}),
    ...(opts.service ? { service: list(opts.service) } : {}),
    ...(opts.kind ? { kind: list(opts.kind) } : {}),
    ...(opts.owner ? { owner: opts.owner } : {}),
    ...(opts.dueBefore ? { dueBefore: opts.dueBefore } : {}),
    ...(opts.urgency
      ? { urgency: choices(lang, '--urgency', opts.urgency, URGENCIES) as WorkItemFilter['urgency'] }
      : {}),
    ...(opts.text ? { text: opts.text } : {}),
  };
}

/** Titles in the reader's language (`--lang`), as the dashboard shows them; the source's own text is in `show`. */
function listCsv(items: WorkItem[], tz: string, title: (item: WorkItem) => string): string {
  return renderCsv(
    LIST_CSV_HEADER,
    items.map((item) => [
      item.ref,
      formatOffset(item.dueDate, tz),
      item.urgency,
      item.category,
      item.status,
      item.kind,
      title(item),
      item.accountId,
      item.region,
      item.service,
      item.resource,
      formatOffset(item.eventDate, tz),
      item.owner ?? '',
      item.team ?? '',
    ]),
  );
}

const TABLE_COLUMNS = [...LEADING_COLUMNS, 'title', 'account', 'region', 'owner', 'resource'] as const;

function listTable(lang: Lang, items: WorkItem[], tz: string, title: (item: WorkItem) => string): string {
  const header = TABLE_COLUMNS.map((c) => m(lang, `column.${c}`));
  const rows = items.map((item) => [
    item.ref,
    formatLocal(item.dueDate, tz),
    m(lang, `urgency.${item.urgency}`),
    m(lang, `category.${item.category}`),
    statusLabel(lang, item.status),
    truncate(title(item), 90),
    item.accountId,
    item.region,
    [item.owner, item.team].filter(Boolean).join(' / ') || '-',
    item.resource,
  ]);
  return renderTable(header, rows);
}
