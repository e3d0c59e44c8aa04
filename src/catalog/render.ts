import { renderTable } from '../cli/output.js';
import type { Lang } from '../core/types.js';
import { catalogMessages as m } from '../i18n/messages/catalog.js';
import type { EntryOrigin } from './index.js';
import type { EventKind } from './schema.js';

export function categoryLabel(lang: Lang, category: EventKind['category']): string {
  return m(lang, `category.${category}`);
}

export const LIST_CSV_HEADER = [
  'id',
  'category',
  'title',
  'summary',
  'leadTimeDays',
  'services',
  'references',
] as const;

export function listRows(entries: readonly EventKind[], lang: Lang): string[][] {
  return entries.map((e) => [
    e.id,
    e.category,
    e.title[lang],
    e.summary[lang],
    String(e.leadTimeDays),
    e.services.join(' '),
    e.references.map((r) => r.url).join(' '),
  ]);
}

export function renderListTable(entries: readonly EventKind[], lang: Lang): string {
  const header = [
    m(lang, 'column.id'),
    m(lang, 'column.category'),
    m(lang, 'column.leadTime'),
    m(lang, 'column.title'),
    m(lang, 'column.services'),
  ];
  const rows = entries.map((e) => [
    e.id,
    categoryLabel(lang, e.category),
    String(e.leadTimeDays),
    e.title[lang],
    e.services.join(','),
  ]);
  return `${renderTable(header, rows)}\n\n${m(lang, 'list.count', { count: entries.length })}`;
}

function detectionLines(entry: EventKind, lang: Lang): Array<[string, string[]]> {
  const d = entry.detection;
  const out: Array<[string, string[]]> = [];
  if (d.scanners.length) out.push([m(lang, 'label.scanners'), d.scanners]);
  if (d.health?.eventTypeCodes.length) out.push([m(lang, 'label.healthCodes'), d.health.eventTypeCodes]);
  if (d.health?.eventTypeCodePatterns.length) {
    out.push([m(lang, 'label.healthPatterns'), d.health.eventTypeCodePatterns]);
  }
  if (d.health?.excludeEventTypeCodePatterns.length) {
    out.push([m(lang, 'label.healthExcludes'), d.health.excludeEventTypeCodePatterns]);
  }
  if (d.email.length) {
    out.push([
      m(lang, 'label.email'),
      d.email.map((e) => (e.from.length ? `/${e.subject}/ (${e.from.join(', ')})` : `/${e.subject}/`)),
    ]);
  }
  if (d.eventbridge.length) {
    out.push([m(lang, 'label.eventbridge'), d.eventbridge.map((e) => `${e.source} / ${e.detailType}`)]);
  }
  return out;
}

function originText(lang: Lang, origin: EntryOrigin | undefined): string | undefined {
  if (!origin || origin.builtIn) return undefined;
  const label = origin.overridesBuiltIn ? m(lang, 'label.userOverride') : m(lang, 'label.userEntry');
  return `${label}: ${origin.file}`;
}

/** The entry for a terminal, in one language. */
export function renderEntryText(entry: EventKind, lang: Lang, origin?: EntryOrigin): string {
  const lines: string[] = [];
  lines.push(`${entry.title[lang]} (${entry.id})`, '');
  lines.push(`${m(lang, 'label.category')}: ${categoryLabel(lang, entry.category)} (${entry.category})`);
  lines.push(`${m(lang, 'label.services')}: ${entry.services.join(', ')}`);
  lines.push(`${m(lang, 'label.leadTime')}: ${m(lang, 'label.leadTimeValue', { days: entry.leadTimeDays })}`);
  if (entry.reminderDays.length) {
    lines.push(
      `${m(lang, 'label.reminders')}: ${m(lang, 'label.remindersValue', { days: entry.reminderDays.join(', ') })}`,
    );
  }
  lines.push(`${m(lang, 'label.horizon')}: ${m(lang, 'label.horizonValue', { days: entry.horizonDays })}`);
  const origin_ = originText(lang, origin);
  if (origin_) lines.push(`${m(lang, 'label.origin')}: ${origin_}`);
  if (entry.itemTitle) lines.push(`${m(lang, 'label.itemTitle')}: ${entry.itemTitle[lang].upcoming}`);
  lines.push('', `${m(lang, 'label.summary')}:`, `  ${entry.summary[lang]}`, '');
  lines.push(`${m(lang, 'label.runbook')}:`);
  entry.runbook[lang].forEach((step, i) => {
    lines.push(`  ${i + 1}. ${step}`);
  });
  lines.push('', `${m(lang, 'label.avoidance')}:`, `  ${entry.avoidance[lang]}`, '');
  lines.push(`${m(lang, 'label.detection')}:`);
  for (const [label, items] of detectionLines(entry, lang)) {
    lines.push(`  ${label}:`);
    for (const item of items) lines.push(`    - ${item}`);
  }
  lines.push(
    '',
    `${m(lang, 'label.correlation')}: ${entry.correlation.keys.join(' + ')}`,
    `  ${entry.correlation.rule[lang]}`,
  );
  if (entry.changes.length) {
    lines.push('', `${m(lang, 'label.changes')}:`);
    for (const c of entry.changes) lines.push(`  - ${c.date}: ${c.description[lang]}`);
  }
  lines.push('', `${m(lang, 'label.references')}:`);
  for (const r of entry.references) {
    lines.push(`  - ${r.title} (${m(lang, 'label.verifiedOn', { date: r.verifiedOn })})`, `    ${r.url}`);
  }
  return lines.join('\n');
}

function mdInline(text: string): string {
  return text.replace(/([\\`*_[\]|<>])/g, '\\$1');
}

/** The entry as Markdown, in one language (for wikis and reports). */
export function renderEntryMarkdown(entry: EventKind, lang: Lang, origin?: EntryOrigin): string {
  const lines: string[] = [];
  lines.push(`# ${mdInline(entry.title[lang])}`, '', `\`${entry.id}\``, '');
  lines.push(`| | |`, `|---|---|`);
  lines.push(
    `| ${m(lang, 'label.category')} | ${categoryLabel(lang, entry.category)} (\`${entry.category}\`) |`,
  );
  lines.push(`| ${m(lang, 'label.services')} | ${entry.services.join(', ')} |`);
  lines.push(
    `| ${m(lang, 'label.leadTime')} | ${m(lang, 'label.leadTimeValue', { days: entry.leadTimeDays })} |`,
  );
  if (entry.reminderDays.length) {
    lines.push(
      `| ${m(lang, 'label.reminders')} | ${m(lang, 'label.remindersValue', { days: entry.reminderDays.join(', ') })} |`,
    );
  }
  const origin_ = originText(lang, origin);
  if (origin_) lines.push(`| ${m(lang, 'label.origin')} | ${mdInline(origin_)} |`);
  if (entry.itemTitle) {
    lines.push(`| ${m(lang, 'label.itemTitle')} | ${mdInline(entry.itemTitle[lang].upcoming)} |`);
  }
  lines.push('', `## ${m(lang, 'label.summary')}`, '', entry.summary[lang], '');
  lines.push(`## ${m(lang, 'label.runbook')}`, '');
  entry.runbook[lang].forEach((step, i) => {
    lines.push(`${i + 1}. ${step}`);
  });
  lines.push('', `## ${m(lang, 'label.avoidance')}`, '', entry.avoidance[lang], '');
  lines.push(`## ${m(lang, 'label.detection')}`, '');
  for (const [label, items] of detectionLines(entry, lang)) {
    lines.push(`- ${label}`);
    for (const item of items) lines.push(`  - \`${item}\``);
  }
  lines.push('', `${m(lang, 'label.correlation')}: ${entry.correlation.rule[lang]}`);
  if (entry.changes.length) {
    lines.push('', `## ${m(lang, 'label.changes')}`, '');
    for (const c of entry.changes) lines.push(`- ${c.date}: ${c.description[lang]}`);
  }
  lines.push('', `## ${m(lang, 'label.references')}`, '');
  for (const r of entry.references) {
    lines.push(`- [${mdInline(r.title)}](${r.url}) (${m(lang, 'label.verifiedOn', { date: r.verifiedOn })})`);
  }
  return `${lines.join('\n')}\n`;
}
