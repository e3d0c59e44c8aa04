import type { Command } from 'commander';
import { requestMessages as r } from '../i18n/messages/requests.js';
import { releaseDue } from '../requests/elb-capacity.js';
import { planRequest, requestKinds } from '../requests/plan.js';
import { langOf, topCommand } from './options.js';
import { renderTable } from './output.js';
import { registerRequestAws } from './request-aws.js';
import { renderPlanned, requestDeps } from './request-common.js';
import {
  formatLocal,
  processIo,
  resolveTimeZone,
  statusLabel,
  type WorkItemIo,
  withStore,
} from './workflow.js';

interface PlanOptions {
  date: string;
  account?: string;
  region?: string;
  resource?: string;
  actor?: string;
  tz?: string;
  format: string;
}

export function registerRequest(program: Command, io: WorkItemIo = processIo): void {
  const request = topCommand(program, 'request');

  request
    .command('plan')
    .description(
      'plan a request: a work item due by the latest filing date, with the AWS policy and a checklist / 申請作業を計画します',
    )
    .argument(
      '<kind>',
      'load-test-request, penetration-test-request, ddos-simulation, elb-prewarm, service-quota-increase, ...',
    )
    .requiredOption('--date <YYYY-MM-DD>', 'the day of the test or event / 実施予定日')
    .option('--account <id>', 'AWS account the request is for')
    .option('--region <region>', 'AWS region')
    .option('--resource <arn>', 'the resource concerned (ARN or id)')
    .option('--actor <name>', 'who plans it (default: the OS user)')
    .option('--tz <zone>', 'time zone for times shown')
    .option('--format <format>', 'text or json', 'text')
    .action(async (kind: string, opts: PlanOptions, cmd: Command) => {
      const lang = langOf(cmd);
      const tz = resolveTimeZone(lang, opts.tz);
      const planned = await withStore(cmd, (store) =>
        planRequest(requestDeps(cmd, store, io, opts.actor), {
          kind,
          date: opts.date,
          ...(opts.account ? { accountId: opts.account } : {}),
          ...(opts.region ? { region: opts.region } : {}),
          ...(opts.resource ? { resource: opts.resource } : {}),
        }),
      );
      io.out(opts.format === 'json' ? JSON.stringify(planned, null, 2) : renderPlanned(planned, lang, tz));
    });

  request
    .command('list')
    .description('requests planned or filed, soonest filing date first / 申請作業の一覧')
    .option('--all', 'include resolved and closed requests')
    .option('--tz <zone>', 'time zone for times shown')
    .option('--format <format>', 'table or json', 'table')
    .action(async (opts: { all?: boolean; tz?: string; format: string }, cmd: Command) => {
      const lang = langOf(cmd);
      const tz = resolveTimeZone(lang, opts.tz);
      const now = io.now();
      const { list, kinds } = await withStore(cmd, async (store) => ({
        list: await store.awsRequests.list(opts.all ? {} : { active: true }, now),
        kinds: requestKinds(requestDeps(cmd, store, io).catalog),
      }));
      if (opts.format === 'json') {
        io.out(JSON.stringify(list, null, 2));
        return;
      }
      if (list.length === 0) {
        io.out(
          `${r(lang, 'list.none')}\n${r(lang, 'plan.kinds', { kinds: kinds.map((k) => k.id).join(', ') })}`,
        );
        return;
      }
      const title = (kind: string) => kinds.find((k) => k.id === kind)?.title[lang] ?? kind;
      const header = (['id', 'fileBy', 'date', 'kind', 'status', 'aws', 'where', 'resource'] as const).map(
        (c) => r(lang, `list.column.${c}`),
      );
      const rows = list.map((q) => [
        q.ref,
        formatLocal(q.dueDate, tz),
        formatLocal(q.plannedDate, tz),
        title(q.kind),
        statusLabel(lang, q.status),
        q.awsStatus ?? '-',
        [q.accountId, q.region].filter(Boolean).join('/') || '-',
        q.resource,
      ]);
      const reminders = list
        .filter((q) => releaseDue(q, now))
        .map((q) =>
          r(lang, 'list.release', { ref: q.ref, resource: q.resource, date: formatLocal(q.windowEnd, tz) }),
        );
      io.out([renderTable(header, rows), ...reminders, r(lang, 'list.timeZone', { tz })].join('\n'));
    });

  registerRequestAws(request, io);
}
