import type { Command } from 'commander';
import { defaultCatalog } from '../catalog/index.js';
import { formatWorkItemId } from '../core/workitems.js';
import { workItemMessages as m } from '../i18n/messages/workitems.js';
import { UserError } from './errors.js';
import { type GlobalOptions, langOf, topCommand } from './options.js';
import {
  formatLocal,
  processIo,
  refreshWorkItems,
  requireItemId,
  resolveTimeZone,
  statusLabel,
  type WorkItemIo,
  withStore,
} from './workflow.js';

export function registerShow(program: Command, io: WorkItemIo = processIo): void {
  topCommand(program, 'show')
    .argument('<id>', 'work item id, e.g. 42 or #42')
    .option('--format <format>', 'text or json', 'text')
    .option('--tz <zone>', 'time zone for times shown (default: env TZ, else the system zone)')
    .action(async (input: string, opts: { format: string; tz?: string }, cmd: Command) => {
      const lang = langOf(cmd);
      if (!['text', 'json'].includes(opts.format)) {
        throw new UserError(
          m(lang, 'error.choice', { option: '--format', value: opts.format, allowed: 'text, json' }),
          'USAGE',
          2,
        );
      }
      const tz = resolveTimeZone(lang, opts.tz);
      const id = requireItemId(lang, input);
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const catalog = defaultCatalog({ configPath: globals.config });
      const now = io.now();
      const item = await withStore(cmd, async (store) => {
        await refreshWorkItems(store, { configPath: globals.config, now, catalog });
        return store.workItems.get(id, { now });
      });
      if (!item)
        throw new UserError(
          m(lang, 'error.notFound', { id: formatWorkItemId(id) }),
          'WORK_ITEM_NOT_FOUND',
          1,
        );
      if (opts.format === 'json') {
        io.out(JSON.stringify(item, null, 2));
        return;
      }
      const kind = catalog.get(item.kind);
      const t = (iso: string | null) => formatLocal(iso, tz);
      const field = (label: Parameters<typeof m>[1], value: string) => `  ${m(lang, label)}: ${value}`;
      const lines = [
        `${item.ref}  ${kind?.title[lang] ?? item.kind} — ${item.title}`,
        '',
        field('label.status', statusLabel(lang, item.status)),
        field('label.category', m(lang, `category.${item.category}`)),
        field('label.urgency', m(lang, `urgency.${item.urgency}`)),
        field('label.due', t(item.dueDate)),
        field('label.eventDate', t(item.eventDate)),
        field('label.account', item.accountId || '-'),
        field('label.region', item.region || '-'),
        field('label.service', item.service || '-'),
        field('label.resource', item.resource),
        field('label.owner', item.owner ?? '-'),
        field('label.team', item.team ?? '-'),
        ...(item.resolution ? [field('label.resolution', item.resolution)] : []),
        field('label.created', t(item.createdAt)),
        field('label.updated', t(item.updatedAt)),
        '',
        `${m(lang, 'label.evidence')}:`,
        ...item.occurrences.map(
          (o) =>
            `  - ${o.source}  ${o.sourceRef}${o.sourceStatus ? ` [${o.sourceStatus}]` : ''}${o.verified === false ? ` (${m(lang, 'label.unverified')})` : ''}\n` +
            `    ${o.title ?? ''}${o.title ? '  ' : ''}${m(lang, 'label.firstSeen', { at: t(o.firstSeenAt) })}, ${m(lang, 'label.lastSeen', { at: t(o.lastSeenAt) })}`,
        ),
      ];
      if (kind) {
        lines.push(
          '',
          `${m(lang, 'label.runbook')}:`,
          ...kind.runbook[lang].map((step, i) => `  ${i + 1}. ${step}`),
        );
        lines.push('', `${m(lang, 'label.avoidance')}:`, `  ${kind.avoidance[lang]}`);
      }
      lines.push(
        '',
        `${m(lang, 'label.history')}:`,
        ...item.history.map((h) => {
          const move =
            h.fromStatus || h.toStatus
              ? `  ${h.fromStatus ? statusLabel(lang, h.fromStatus) : ''} → ${h.toStatus ? statusLabel(lang, h.toStatus) : ''}`
              : '';
          const note = h.note ? `\n      ${h.note.replaceAll('\n', '\n      ')}` : '';
          return `  ${t(h.at)}  ${h.actor}  ${h.action}${move}${note}`;
        }),
        '',
        m(lang, 'label.timeZone', { tz }),
      );
      io.out(lines.join('\n'));
    });
}
