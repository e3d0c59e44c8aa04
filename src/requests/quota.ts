import {
  GetRequestedServiceQuotaChangeCommand,
  GetServiceQuotaCommand,
  RequestServiceQuotaIncreaseCommand,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import type { AwsSession } from '../aws/clients.js';
import { DAY_MS } from '../core/time.js';
import type { AwsRequest } from '../store/index.js';
import { type FollowOptions, pollUntil, recordWrite, requireConfirmation, settleItem } from './follow.js';
import { type PlannedRequest, planRequest, type RequestDeps, RequestError } from './plan.js';

const KIND = 'service-quota-increase';
/** Service Quotas answers after which AWS will not change its mind. */
const FINAL = new Set(['APPROVED', 'DENIED', 'CASE_CLOSED', 'NOT_APPROVED', 'INVALID_REQUEST']);

export interface QuotaRequestInput {
  serviceCode: string;
  quotaCode: string;
  value: number;
  accountId: string;
  region: string;
  /** When the higher quota is needed (default: now plus the catalog's lead time). */
  date?: string;
  submit: boolean;
  yes: boolean;
}

export interface QuotaRequestResult {
  planned: PlannedRequest;
  /** The exact AWS CLI command and the console page, for filing it by hand. */
  cli: string;
  consoleUrl: string;
  /** Set when opsradar filed it. */
  submitted?: { requestId: string; status: string; final: boolean; applied?: number };
}

export function quotaCliCommand(
  input: Pick<QuotaRequestInput, 'serviceCode' | 'quotaCode' | 'value' | 'region'>,
) {
  return `aws service-quotas request-service-quota-increase --service-code ${input.serviceCode} --quota-code ${input.quotaCode} --desired-value ${input.value} --region ${input.region}`;
}

export function quotaConsoleUrl(input: Pick<QuotaRequestInput, 'serviceCode' | 'quotaCode' | 'region'>) {
  return `https://${input.region}.console.aws.amazon.com/servicequotas/home/services/${encodeURIComponent(input.serviceCode)}/quotas/${encodeURIComponent(input.quotaCode)}`;
}

function validate(input: QuotaRequestInput): void {
  if (!/^[a-z0-9-]+$/.test(input.serviceCode))
    throw new RequestError('error.serviceCode', { value: input.serviceCode }, 'REQUEST_USAGE', 2);
  if (!/^L-[0-9A-F]{8}$/.test(input.quotaCode))
    throw new RequestError('error.quotaCode', { value: input.quotaCode }, 'REQUEST_USAGE', 2);
  if (!Number.isFinite(input.value) || input.value <= 0)
    throw new RequestError('error.value', {}, 'REQUEST_USAGE', 2);
}

/**
 * `opsradar request quota`: records the request work item; without `--submit` prints how to file it;
 * with `--submit --yes` files it with RequestServiceQuotaIncrease and follows AWS's answer.
 */
export async function requestQuota(
  deps: RequestDeps,
  session: AwsSession,
  input: QuotaRequestInput,
  follow: FollowOptions,
): Promise<QuotaRequestResult> {
  validate(input);
  if (input.submit) requireConfirmation(input.yes);
  const quotaArn = `arn:aws:servicequotas:${input.region}:${input.accountId}:${input.serviceCode}/${input.quotaCode}`;
  const now = deps.now();
  const planned = await planRequest(deps, {
    kind: KIND,
    date:
      input.date ??
      new Date(now.getTime() + (deps.catalog.get(KIND)?.leadTimeDays ?? 0) * DAY_MS).toISOString(),
    accountId: input.accountId,
    region: input.region,
    resource: quotaArn,
    operation: 'quota',
    parameters: { serviceCode: input.serviceCode, quotaCode: input.quotaCode, desiredValue: input.value },
  });
  const result: QuotaRequestResult = {
    planned,
    cli: quotaCliCommand(input),
    consoleUrl: quotaConsoleUrl(input),
  };
  if (!input.submit) return result;

  const client = session.pool(input.accountId).client(ServiceQuotasClient, input.region);
  const current = await client.send(
    new GetServiceQuotaCommand({ ServiceCode: input.serviceCode, QuotaCode: input.quotaCode }),
  );
  const applied = current.Quota?.Value ?? 0;
  if (current.Quota?.Adjustable === false)
    throw new RequestError('error.notAdjustable', { quotaCode: input.quotaCode }, 'REQUEST_NOT_ADJUSTABLE');
  if (input.value <= applied)
    throw new RequestError('error.notAbove', { value: input.value, applied }, 'REQUEST_USAGE', 2);
  const answer = await client.send(
    new RequestServiceQuotaIncreaseCommand({
      ServiceCode: input.serviceCode,
      QuotaCode: input.quotaCode,
      DesiredValue: input.value,
    }),
  );
  const requestId = answer.RequestedQuota?.Id ?? '';
  const status = answer.RequestedQuota?.Status ?? 'PENDING';
  const filedAt = deps.now();
  const request = await recordWrite(
    deps,
    planned,
    { awsRequestId: requestId, awsStatus: status },
    {
      write: `AWS write: RequestServiceQuotaIncrease ${input.serviceCode}/${input.quotaCode} ${applied} → ${input.value} in ${input.accountId}/${input.region}: request ${requestId} (${status})`,
      started: 'filed with AWS; waiting for the answer',
    },
    filedAt,
  );
  const followed = await followQuota(deps, session, request, follow);
  return { ...result, submitted: { requestId, ...followed } };
}

/**
 * Follows a filed increase with GetRequestedServiceQuotaChange until AWS answers (or the wait ends):
 * approved → the item is resolved; denied → it is open again; a closed case is judged by the applied value.
 */
export async function followQuota(
  deps: RequestDeps,
  session: AwsSession,
  request: AwsRequest,
  follow: FollowOptions,
): Promise<{ status: string; final: boolean; applied?: number }> {
  if (!request.awsRequestId)
    throw new RequestError('error.notFiled', { id: request.id }, 'REQUEST_NOT_FILED');
  const client = session.pool(request.accountId).client(ServiceQuotasClient, request.region);
  let status = request.awsStatus ?? 'PENDING';
  status = await pollUntil(follow, async () => {
    const answer = await client.send(
      new GetRequestedServiceQuotaChangeCommand({ RequestId: request.awsRequestId ?? '' }),
    );
    const next = answer.RequestedQuota?.Status ?? status;
    if (next !== status) {
      const at = deps.now();
      await deps.store.awsRequests.setAwsState(request.id, { awsStatus: next }, at);
      await deps.store.workItems.addNote(
        request.workItemId,
        `AWS answered ${next} for request ${request.awsRequestId}`,
        deps.actor,
        { now: at },
      );
    }
    status = next;
    return { value: next, done: FINAL.has(next) };
  });
  if (!FINAL.has(status)) return { status, final: false };
  const desired = Number(request.parameters.desiredValue ?? 0);
  let granted = status === 'APPROVED';
  let applied: number | undefined;
  if (status === 'CASE_CLOSED') {
    // A closed case says nothing of the outcome: the applied value does.
    const quota = await client.send(
      new GetServiceQuotaCommand({
        ServiceCode: String(request.parameters.serviceCode),
        QuotaCode: String(request.parameters.quotaCode),
      }),
    );
    applied = quota.Quota?.Value;
    granted = applied !== undefined && applied >= desired;
  }
  const item = await deps.store.workItems.get(request.workItemId);
  if (item) {
    const note = granted
      ? `AWS ${status}: quota raised to ${applied ?? desired} (request ${request.awsRequestId})`
      : `AWS ${status}: the increase to ${desired} was not granted (request ${request.awsRequestId}); decide the next step`;
    await settleItem(deps, item, granted, note);
  }
  return { status, final: true, ...(applied !== undefined ? { applied } : {}) };
}
