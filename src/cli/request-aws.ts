import { STSClient } from '@aws-sdk/client-sts';
import type { Command } from 'commander';
import { callerAccount } from '../aws/accounts.js';
import { AwsSession } from '../aws/clients.js';
import type { Lang } from '../core/types.js';
import { requestMessages as r } from '../i18n/messages/requests.js';
import {
  type ElbCapacityResult,
  followElbCapacity,
  releaseDue,
  releaseElbCapacity,
  requestElbCapacity,
} from '../requests/elb-capacity.js';
import { type FollowOptions, requireConfirmation } from '../requests/follow.js';
import { RequestError } from '../requests/plan.js';
import { followQuota, type QuotaRequestResult, requestQuota } from '../requests/quota.js';
import { langOf } from './options.js';
import { renderPlanned, requestDeps } from './request-common.js';
import { formatLocal, resolveTimeZone, type WorkItemIo, withStore } from './workflow.js';

interface AwsCliOptions {
  profile?: string;
  endpointUrl?: string;
  region?: string;
  submit?: boolean;
  yes?: boolean;
  wait: string;
  interval: string;
  actor?: string;
  tz?: string;
}

function withAwsOptions(command: Command, waitMinutes = '10'): Command {
  return command
    .option('--profile <name>', 'AWS named profile (SSO profiles too)')
    .option('--endpoint-url <url>', 'AWS endpoint override (also AWS_ENDPOINT_URL)')
    .option('--wait <minutes>', 'follow AWS for up to this long', waitMinutes)
    .option('--interval <seconds>', 'seconds between two looks', '30')
    .option('--actor <name>', 'who files it (default: the OS user)')
    .option('--tz <zone>', 'time zone for times shown');
}

/** `--submit` and `--yes`: a write to AWS needs both, so a stray flag never files anything. */
function withWriteOptions(command: Command, submitHelp: string): Command {
  return command.option('--submit', submitHelp).option('--yes', 'confirm the write to AWS');
}

function session(opts: AwsCliOptions, region?: string): AwsSession {
  return new AwsSession({
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
    ...(region ? { region } : {}),
  });
}

function followOptions(opts: AwsCliOptions): FollowOptions {
  const wait = Number(opts.wait);
  const interval = Number(opts.interval);
  if (!Number.isFinite(wait) || wait < 0 || !Number.isFinite(interval) || interval <= 0)
    throw new RequestError('error.waitInterval', {}, 'REQUEST_USAGE', 2);
  return { maxWaitMs: wait * 60_000, intervalMs: interval * 1000 };
}

function renderQuota(result: QuotaRequestResult, lang: Lang, tz: string): string {
  const lines = [renderPlanned(result.planned, lang, tz), ''];
  if (!result.submitted) {
    lines.push(
      r(lang, 'manual.header'),
      r(lang, 'manual.cli', { command: result.cli }),
      r(lang, 'manual.console', { url: result.consoleUrl }),
      r(lang, 'manual.confirm'),
    );
    return lines.join('\n');
  }
  const { requestId, status, final } = result.submitted;
  const granted =
    status === 'APPROVED' || (status === 'CASE_CLOSED' && result.submitted.applied !== undefined);
  lines.push(r(lang, 'quota.filed', { id: requestId, status }));
  if (!final) lines.push(r(lang, 'quota.pending', { status }));
  else lines.push(r(lang, granted ? 'quota.final.granted' : 'quota.final.refused', { status }));
  return lines.join('\n');
}

function renderElb(result: ElbCapacityResult, lang: Lang, tz: string): string {
  const lines = [renderPlanned(result.planned, lang, tz), '', r(lang, 'elb.commands', result.commands)];
  if (!result.submitted)
    lines.push(r(lang, 'manual.console', { url: result.consoleUrl }), r(lang, 'manual.confirm'));
  else {
    const zones = result.submitted.zones
      .map((z) => `${z.zone} ${z.state}${z.reason ? ` (${z.reason})` : ''}`)
      .join(', ');
    lines.push(r(lang, 'elb.state', { state: result.submitted.state, zones: zones || '-' }));
    if (result.submitted.decreasesRemaining !== undefined)
      lines.push(r(lang, 'elb.decreases', { count: result.submitted.decreasesRemaining }));
  }
  lines.push(r(lang, 'elb.release', { date: formatLocal(result.releaseAt, tz) }));
  return lines.join('\n');
}

type QuotaCliOptions = AwsCliOptions & {
  serviceCode: string;
  quotaCode: string;
  value: string;
  account?: string;
  date?: string;
};

type ElbCliOptions = AwsCliOptions & {
  loadBalancer: string;
  lcu?: string;
  from?: string;
  until?: string;
  release?: boolean;
};

/**
 * The requests opsradar files with AWS itself: each one's own options (required, then optional) come
 * before `--submit`/`--yes` and the AWS options they share.
 */
const FILED = {
  quota: {
    description:
      'a Service Quotas increase: printed, or filed with --submit --yes and followed / クォータ引き上げ申請',
    required: [
      ['--service-code <code>', 'e.g. ec2'],
      ['--quota-code <code>', 'e.g. L-1216C47A'],
      ['--value <n>', 'the desired value'],
    ],
    optional: [
      ['--account <id>', 'the account (default: the caller of the credentials)'],
      ['--region <region>', 'the region (default: AWS_REGION)'],
      ['--date <YYYY-MM-DD>', 'when the higher quota is needed'],
    ],
    submit: 'file it with AWS (needs --yes too)',
  },
  'elb-capacity': {
    description: 'reserve ALB/NLB capacity (LCU reservation) for an event; --release after it / LCU 予約',
    required: [['--load-balancer <arn>', 'ALB or NLB ARN']],
    optional: [
      ['--lcu <n>', 'LCUs to reserve'],
      ['--from <time>', 'start of the event (YYYY-MM-DD or ISO-8601)'],
      ['--until <time>', 'end of the event: the reservation is released after it'],
      ['--release', 'release the reservation of this load balancer (with --submit --yes)'],
    ],
    submit: 'send it to AWS (needs --yes too)',
  },
} as const;

/** `request quota|elb-capacity` with all their options, in the order `--help` lists them. */
function filedCommand(request: Command, name: keyof typeof FILED): Command {
  const { description, required, optional, submit } = FILED[name];
  const command = request.command(name).description(description);
  for (const [flags, help] of required) command.requiredOption(flags, help);
  for (const [flags, help] of optional) command.option(flags, help);
  return withAwsOptions(withWriteOptions(command, submit));
}

/** `opsradar request quota|elb-capacity|follow`: the requests opsradar can file with AWS itself. */
export function registerRequestAws(request: Command, io: WorkItemIo): void {
  filedCommand(request, 'quota').action((opts: QuotaCliOptions, cmd: Command) => quotaAction(opts, cmd, io));
  filedCommand(request, 'elb-capacity').action((opts: ElbCliOptions, cmd: Command) =>
    elbCapacityAction(opts, cmd, io),
  );

  withAwsOptions(
    request
      .command('follow')
      .description(
        'look up AWS answers of filed requests; remind of LCU reservations to release / 申請の回答を確認',
      ),
    '0',
  ).action((opts: AwsCliOptions, cmd: Command) => followAction(opts, cmd, io));
}

async function quotaAction(opts: QuotaCliOptions, cmd: Command, io: WorkItemIo): Promise<void> {
  const lang = langOf(cmd);
  const tz = resolveTimeZone(lang, opts.tz);
  if (opts.submit) requireConfirmation(!!opts.yes);
  const aws = session(opts, opts.region);
  try {
    const accountId =
      opts.account ??
      (await callerAccount(new STSClient(aws.clientConfig(aws.region, aws.baseCredentials)))).accountId;
    const result = await withStore(cmd, (store) =>
      requestQuota(
        requestDeps(cmd, store, io, opts.actor),
        aws,
        {
          serviceCode: opts.serviceCode,
          quotaCode: opts.quotaCode,
          value: Number(opts.value),
          accountId,
          region: aws.region,
          ...(opts.date ? { date: opts.date } : {}),
          submit: !!opts.submit,
          yes: !!opts.yes,
        },
        followOptions(opts),
      ),
    );
    io.out(renderQuota(result, lang, tz));
  } finally {
    aws.destroy();
  }
}

async function elbCapacityAction(opts: ElbCliOptions, cmd: Command, io: WorkItemIo): Promise<void> {
  const lang = langOf(cmd);
  const tz = resolveTimeZone(lang, opts.tz);
  if (opts.submit || opts.release) requireConfirmation(!!opts.yes && !!opts.submit);
  const aws = session(opts);
  try {
    const out = await withStore(cmd, async (store) => {
      const deps = requestDeps(cmd, store, io, opts.actor);
      if (opts.release) {
        const [open] = (await store.awsRequests.list({ operation: 'elb-capacity', active: true })).filter(
          (q) => q.resource === opts.loadBalancer,
        );
        if (!open)
          throw new RequestError(
            'error.noReservation',
            { loadBalancer: opts.loadBalancer },
            'REQUEST_NOT_FOUND',
          );
        const released = await releaseElbCapacity(deps, aws, open, true);
        return [
          r(lang, 'elb.released'),
          r(lang, 'elb.decreases', { count: released.decreasesRemaining ?? '-' }),
        ].join('\n');
      }
      if (!opts.lcu || !opts.from || !opts.until)
        throw new RequestError('error.elbRequired', {}, 'REQUEST_USAGE', 2);
      const result = await requestElbCapacity(
        deps,
        aws,
        {
          loadBalancerArn: opts.loadBalancer,
          lcu: Number(opts.lcu),
          from: opts.from,
          until: opts.until,
          submit: !!opts.submit,
          yes: !!opts.yes,
        },
        followOptions(opts),
      );
      return renderElb(result, lang, tz);
    });
    io.out(out);
  } finally {
    aws.destroy();
  }
}

async function followAction(opts: AwsCliOptions, cmd: Command, io: WorkItemIo): Promise<void> {
  const lang = langOf(cmd);
  const tz = resolveTimeZone(lang, opts.tz);
  const aws = session(opts);
  const follow = followOptions(opts);
  try {
    const lines = await withStore(cmd, async (store) => {
      const deps = requestDeps(cmd, store, io, opts.actor);
      const now = io.now();
      const out: string[] = [];
      for (const q of await store.awsRequests.list({ active: true }, now)) {
        const line = (status: string) =>
          r(lang, 'follow.line', { ref: q.ref, operation: q.operation, resource: q.resource, status });
        if (q.operation === 'quota' && q.awsRequestId) {
          const seen = await followQuota(deps, aws, q, follow);
          out.push(line(seen.status));
        } else if (q.operation === 'elb-capacity' && q.awsRequestId) {
          const seen = await followElbCapacity(deps, aws, q, follow);
          out.push(line(seen.state));
          if (releaseDue({ ...q, awsStatus: seen.state }, now))
            out.push(
              r(lang, 'list.release', {
                ref: q.ref,
                resource: q.resource,
                date: formatLocal(q.windowEnd, tz),
              }),
            );
        }
      }
      return out;
    });
    io.out(lines.length > 0 ? lines.join('\n') : r(lang, 'follow.none'));
  } finally {
    aws.destroy();
  }
}
