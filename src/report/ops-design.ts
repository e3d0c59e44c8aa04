import type { EventKind } from '../catalog/index.js';
import type { CoverageEntry } from '../core/coverage.js';
import type { Category, Lang } from '../core/types.js';
import type { WorkItem } from '../core/workitems.js';
import { reportMessages as m } from '../i18n/messages/report.js';

/**
 * The operations-design register the source document builds by hand (運用設計): one row per event
 * kind that applies to this environment, with the work, when it comes next, how AWS tells you, who
 * owns it, how to design it away, and the AWS pages. Pure: the caller hands in what the store holds.
 */

export const OPS_DESIGN_COLUMNS = [
  'service',
  'event',
  'category',
  'work',
  'schedule',
  'resources',
  'channels',
  'owner',
  'avoid',
  'references',
] as const;
export type OpsDesignColumn = (typeof OPS_DESIGN_COLUMNS)[number];

export interface OpsDesignRow {
  kind: string;
  category: Category;
  cells: Record<OpsDesignColumn, string>;
}

export interface NotApplicable {
  kind: string;
  event: string;
  reason: string;
}

export interface OpsDesign {
  rows: OpsDesignRow[];
  notApplicable: NotApplicable[];
}

export interface OpsDesignInput {
  kinds: readonly EventKind[];
  /** Active work items (already filtered to the accounts asked for). */
  items: readonly WorkItem[];
  /** Coverage of the latest scan, and when it finished. */
  coverage: readonly CoverageEntry[];
  scannedAt: string | null;
  /** Accounts the register is for (asked for, else every account seen). */
  accounts: readonly string[];
  lang: Lang;
  /** Formats an instant for the reader (their time zone). */
  formatDate(iso: string): string;
}

const CATEGORY_ORDER: readonly Category[] = ['scheduled', 'request', 'emergency', 'expert'];
/** A cell lists this many resources; the rest are counted. */
const MAX_RESOURCES = 12;

function channels(kind: EventKind, lang: Lang): string {
  const list: string[] = [];
  if (kind.detection.email.length > 0) list.push(m(lang, 'channel.email'));
  if (kind.detection.health) list.push(m(lang, 'channel.health'));
  // Health events reach EventBridge too (aws.health), so either kind of rule means an EventBridge route.
  if (kind.detection.eventbridge.length > 0 || kind.detection.health)
    list.push(m(lang, 'channel.eventbridge'));
  if (kind.detection.scanners.length > 0) list.push(m(lang, 'channel.scan'));
  return list.join('\n');
}

function resourcesCell(items: readonly WorkItem[], input: OpsDesignInput): string {
  const lines = items.slice(0, MAX_RESOURCES).map((item) => {
    const where = [item.accountId, item.region].filter(Boolean).join('/');
    const date = item.eventDate ?? item.dueDate;
    return `${item.ref} ${item.resource}${where ? ` (${where})` : ''}${date ? `: ${input.formatDate(date)}` : ''}`;
  });
  if (items.length > MAX_RESOURCES)
    lines.push(m(input.lang, 'more', { count: items.length - MAX_RESOURCES }));
  return lines.join('\n');
}

function row(kind: EventKind, items: readonly WorkItem[], input: OpsDesignInput): OpsDesignRow {
  const { lang } = input;
  const next = items.find((item) => item.dueDate);
  const owners = [...new Set(items.flatMap((i) => [i.team, i.owner].filter((x): x is string => !!x)))];
  const schedule = [m(lang, `frequency.${kind.category}`, { days: kind.leadTimeDays })];
  if (next?.dueDate)
    schedule.push(m(lang, 'frequency.next', { date: input.formatDate(next.dueDate), ref: next.ref }));
  return {
    kind: kind.id,
    category: kind.category,
    cells: {
      service: kind.services.join(', '),
      event: kind.title[lang],
      category: m(lang, `category.${kind.category}`),
      work: kind.runbook[lang].map((step, i) => `${i + 1}. ${step}`).join('\n'),
      schedule: schedule.join('\n'),
      resources:
        items.length > 0
          ? resourcesCell(items, input)
          : m(lang, 'scope.account', { accounts: input.accounts.join(', ') || '-' }),
      channels: channels(kind, lang),
      owner: owners.join(', ') || m(lang, 'owner.none'),
      avoid: kind.avoidance[lang],
      references: kind.references.map((r) => `${r.title} ${r.url} (${r.verifiedOn})`).join('\n'),
    },
  };
}

/** Why a kind with scanners does not apply: nothing found where the scan could look, or it could not look. */
function reason(kind: EventKind, input: OpsDesignInput): string {
  const { lang } = input;
  const scanners = kind.detection.scanners;
  const seen = input.coverage.filter(
    (c) =>
      scanners.includes(c.scanner) && (input.accounts.length === 0 || input.accounts.includes(c.accountId)),
  );
  const names = scanners.join(', ');
  if (seen.length === 0 || !input.scannedAt) return m(lang, 'reason.notScanned', { scanners: names });
  const gaps = seen.filter((c) => c.status !== 'ok').length;
  if (gaps > 0) return m(lang, 'reason.gaps', { gaps, total: seen.length, scanners: names });
  return m(lang, 'reason.noneFound', {
    at: input.formatDate(input.scannedAt),
    covered: seen.length,
    scanners: names,
    days: kind.horizonDays,
  });
}

/**
 * A kind applies when work items exist for it, or when it concerns the account as a whole: requests
 * a team files (申請作業) and notices no scanner can look for ahead (abuse reports...), which any
 * account can receive. A kind found by scanners that found nothing is listed apart, with the reason.
 */
export function buildOpsDesign(input: OpsDesignInput): OpsDesign {
  const rows: OpsDesignRow[] = [];
  const notApplicable: NotApplicable[] = [];
  const kinds = [...input.kinds].sort(
    (a, b) =>
      CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || a.id.localeCompare(b.id),
  );
  for (const kind of kinds) {
    const items = input.items
      .filter((item) => item.kind === kind.id)
      .sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? '') || a.id - b.id);
    const accountWide = kind.category === 'request' || kind.detection.scanners.length === 0;
    if (items.length > 0 || accountWide) rows.push(row(kind, items, input));
    else notApplicable.push({ kind: kind.id, event: kind.title[input.lang], reason: reason(kind, input) });
  }
  return { rows, notApplicable };
}
