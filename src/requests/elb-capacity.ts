import {
  DescribeCapacityReservationCommand,
  type DescribeCapacityReservationCommandOutput,
  ElasticLoadBalancingV2Client,
  ModifyCapacityReservationCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { parseArn } from '../aws/arn.js';
import type { AwsSession } from '../aws/clients.js';
import type { AwsRequest } from '../store/index.js';
import { type FollowOptions, pollUntil, recordWrite, requireConfirmation, settleItem } from './follow.js';
import {
  type PlannedRequest,
  parseRequestDate,
  planRequest,
  type RequestDeps,
  RequestError,
} from './plan.js';

const KIND = 'elb-prewarm';
/** The reminder to release a reservation comes this long before its planned end. */
export const RELEASE_REMINDER_MS = 24 * 3_600_000;

export interface ElbCapacityInput {
  loadBalancerArn: string;
  lcu: number;
  from: string;
  until: string;
  submit: boolean;
  yes: boolean;
}

export interface ZoneState {
  zone: string;
  state: string;
  reason?: string;
  effective?: number;
}

export interface ElbCapacityResult {
  planned: PlannedRequest;
  commands: { reserve: string; describe: string; release: string };
  consoleUrl: string;
  /** When the reservation should be released (its planned end). */
  releaseAt: string;
  submitted?: { state: string; zones: ZoneState[]; decreasesRemaining?: number };
}

/** Account, region and type of an ALB / NLB ARN; a Classic Load Balancer has no LCU reservation. */
export function loadBalancerOf(arn: string): { accountId: string; region: string; type: 'app' | 'net' } {
  const parsed = parseArn(arn.trim());
  const match =
    parsed?.service === 'elasticloadbalancing'
      ? /^loadbalancer\/(app|net)\/[^/]+\/[^/]+$/.exec(parsed.resource)
      : null;
  if (!parsed || !match) {
    const classic =
      parsed?.service === 'elasticloadbalancing' && /^loadbalancer\/[^/]+$/.test(parsed.resource);
    throw new RequestError(classic ? 'error.lbClassic' : 'error.lbArn', { arn }, 'REQUEST_USAGE', 2);
  }
  return { accountId: parsed.accountId, region: parsed.region, type: match[1] as 'app' | 'net' };
}

export function elbCommands(arn: string, lcu: number, region: string) {
  const base = `aws elbv2 modify-capacity-reservation --load-balancer-arn ${arn} --region ${region}`;
  return {
    reserve: `${base} --minimum-load-balancer-capacity CapacityUnits=${lcu}`,
    describe: `aws elbv2 describe-capacity-reservation --load-balancer-arn ${arn} --region ${region}`,
    release: `${base} --reset-capacity-reservation`,
  };
}

function zonesOf(
  answer: Pick<DescribeCapacityReservationCommandOutput, 'CapacityReservationState'>,
): ZoneState[] {
  return (answer.CapacityReservationState ?? []).map((z) => ({
    zone: z.AvailabilityZone ?? '',
    state: z.State?.Code ?? 'unknown',
    ...(z.State?.Reason ? { reason: z.State.Reason } : {}),
    ...(z.EffectiveCapacityUnits !== undefined ? { effective: z.EffectiveCapacityUnits } : {}),
  }));
}

/** One word for all zones: failed if any failed, provisioned when all are, else pending. */
export function overallState(zones: ZoneState[]): string {
  if (zones.length === 0) return 'none';
  if (zones.some((z) => z.state === 'failed')) return 'failed';
  return zones.every((z) => z.state === 'provisioned') ? 'provisioned' : 'pending';
}

/** AWS errors a person can act on, said plainly; others pass through. */
function explain(error: unknown): never {
  const name = (error as { name?: string }).name ?? '';
  const message = (error as Error).message;
  if (name === 'CapacityDecreaseRequestsLimitExceededException')
    throw new RequestError('error.decreaseLimit', { reason: message }, 'REQUEST_AWS_REFUSED');
  if (name === 'CapacityReservationPendingException' || name === 'PriorRequestNotCompleteException')
    throw new RequestError('error.stillProvisioning', { reason: message }, 'REQUEST_AWS_REFUSED');
  if (name === 'CapacityUnitsLimitExceededException')
    throw new RequestError('error.lcuLimit', { reason: message }, 'REQUEST_AWS_REFUSED');
  throw error;
}

/**
 * `opsradar request elb-capacity`: records the request (due a lead time before `--from`, its window
 * until `--until`); with `--submit --yes` reserves the LCUs with ModifyCapacityReservation and follows
 * DescribeCapacityReservation until every zone is provisioned or one failed.
 */
export async function requestElbCapacity(
  deps: RequestDeps,
  session: AwsSession,
  input: ElbCapacityInput,
  follow: FollowOptions,
): Promise<ElbCapacityResult> {
  const lb = loadBalancerOf(input.loadBalancerArn);
  if (!Number.isInteger(input.lcu) || input.lcu <= 0)
    throw new RequestError('error.lcu', {}, 'REQUEST_USAGE', 2);
  const from = parseRequestDate(input.from, '--from');
  const until = parseRequestDate(input.until, '--until');
  if (input.submit) requireConfirmation(input.yes);
  const planned = await planRequest(deps, {
    kind: KIND,
    date: from,
    until,
    accountId: lb.accountId,
    region: lb.region,
    resource: input.loadBalancerArn,
    operation: 'elb-capacity',
    parameters: { loadBalancerArn: input.loadBalancerArn, capacityUnits: input.lcu, from, until },
  });
  const result: ElbCapacityResult = {
    planned,
    commands: elbCommands(input.loadBalancerArn, input.lcu, lb.region),
    consoleUrl: `https://${lb.region}.console.aws.amazon.com/ec2/home?region=${lb.region}#LoadBalancers:`,
    releaseAt: until,
  };
  if (!input.submit) return result;
  const client = session.pool(lb.accountId).client(ElasticLoadBalancingV2Client, lb.region);
  const answer = await client
    .send(
      new ModifyCapacityReservationCommand({
        LoadBalancerArn: input.loadBalancerArn,
        MinimumLoadBalancerCapacity: { CapacityUnits: input.lcu },
      }),
    )
    .catch(explain);
  const at = deps.now();
  const state = overallState(zonesOf(answer));
  const request = await recordWrite(
    deps,
    planned,
    { awsRequestId: input.loadBalancerArn, awsStatus: state },
    {
      write: `AWS write: ModifyCapacityReservation ${input.loadBalancerArn} minimum ${input.lcu} LCU (${state}); release after ${until} — AWS allows two decreases a day`,
      started: 'LCU reservation requested',
    },
    at,
  );
  return { ...result, submitted: await followElbCapacity(deps, session, request, follow) };
}

/** Follows a reservation until every zone is provisioned (the item stays in progress: release is next) or one failed (open again). */
export async function followElbCapacity(
  deps: RequestDeps,
  session: AwsSession,
  request: AwsRequest,
  follow: FollowOptions,
): Promise<{ state: string; zones: ZoneState[]; decreasesRemaining?: number }> {
  const client = session.pool(request.accountId).client(ElasticLoadBalancingV2Client, request.region);
  let last: { state: string; zones: ZoneState[]; decreasesRemaining?: number } = {
    state: request.awsStatus ?? 'pending',
    zones: [],
  };
  await pollUntil(follow, async () => {
    const answer = await client.send(
      new DescribeCapacityReservationCommand({ LoadBalancerArn: request.resource }),
    );
    const zones = zonesOf(answer);
    last = {
      state: overallState(zones),
      zones,
      ...(answer.DecreaseRequestsRemaining !== undefined
        ? { decreasesRemaining: answer.DecreaseRequestsRemaining }
        : {}),
    };
    return { value: last.state, done: last.state !== 'pending' };
  });
  if (last.state !== request.awsStatus) {
    const at = deps.now();
    await deps.store.awsRequests.setAwsState(request.id, { awsStatus: last.state }, at);
    const detail = last.zones
      .map((z) => `${z.zone} ${z.state}${z.reason ? ` (${z.reason})` : ''}`)
      .join(', ');
    const item = await deps.store.workItems.get(request.workItemId);
    if (item && last.state === 'failed')
      await settleItem(
        deps,
        item,
        false,
        `LCU reservation failed: ${detail}; reduce the LCUs or ask AWS Support`,
      );
    else
      await deps.store.workItems.addNote(
        request.workItemId,
        `LCU reservation ${last.state}: ${detail}; release after ${request.windowEnd ?? '-'}`,
        deps.actor,
        { now: at },
      );
  }
  return last;
}

/** Releases a reservation after the event (ResetCapacityReservation) and resolves the item. */
export async function releaseElbCapacity(
  deps: RequestDeps,
  session: AwsSession,
  request: AwsRequest,
  yes: boolean,
): Promise<{ decreasesRemaining?: number }> {
  requireConfirmation(yes);
  const client = session.pool(request.accountId).client(ElasticLoadBalancingV2Client, request.region);
  const answer = await client
    .send(
      new ModifyCapacityReservationCommand({
        LoadBalancerArn: request.resource,
        ResetCapacityReservation: true,
      }),
    )
    .catch(explain);
  const at = deps.now();
  await deps.store.awsRequests.setAwsState(request.id, { awsStatus: 'released' }, at);
  await deps.store.workItems.addNote(
    request.workItemId,
    `AWS write: ModifyCapacityReservation ${request.resource} reset (released); decreases left today: ${answer.DecreaseRequestsRemaining ?? '-'}`,
    deps.actor,
    { now: at },
  );
  const item = await deps.store.workItems.get(request.workItemId);
  if (item) await settleItem(deps, item, true, 'LCU reservation released after the event');
  return answer.DecreaseRequestsRemaining !== undefined
    ? { decreasesRemaining: answer.DecreaseRequestsRemaining }
    : {};
}

/** True when a provisioned reservation is within a day of (or past) its planned end. */
export function releaseDue(request: AwsRequest, now: Date): boolean {
  if (request.operation !== 'elb-capacity' || !request.windowEnd) return false;
  if (request.awsStatus !== 'provisioned' && request.awsStatus !== 'pending') return false;
  return now.getTime() >= new Date(request.windowEnd).getTime() - RELEASE_REMINDER_MS;
}
