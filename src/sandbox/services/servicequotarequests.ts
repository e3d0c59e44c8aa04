import { z } from 'zod';
import type { ScenarioAccount } from '../scenario.js';
import { quotaArn, type ServiceQuotasData, serviceNameOf } from './servicequotas.js';
import { AwsError, defineService, stableId } from './types.js';

const FINAL_ANSWERS = ['APPROVED', 'DENIED', 'CASE_CLOSED', 'NOT_APPROVED', 'INVALID_REQUEST'] as const;

/** How AWS answers increase requests filed in this account and region (default: approved after two looks). */
const answersScenario = z.object({
  answers: z
    .array(
      z.object({
        serviceCode: z.string(),
        quotaCode: z.string(),
        status: z.enum(FINAL_ANSWERS),
        /** GetRequestedServiceQuotaChange calls answered PENDING, then CASE_OPENED, before the answer. */
        pendingPolls: z.number().int().min(0).default(2),
      }),
    )
    .default([]),
});

interface Filed {
  id: string;
  caseId: string;
  serviceCode: string;
  quotaCode: string;
  quotaName: string;
  desiredValue: number;
  created: Date;
  lastUpdated: Date;
  polls: number;
  pendingPolls: number;
  answer: (typeof FINAL_ANSWERS)[number];
  arn: string;
  global: boolean;
  unit: string;
}

/** Requests filed through the sandbox, beside the read-only scenario: one map per account object. */
const filed = new WeakMap<ScenarioAccount, Map<string, Filed>>();

function filedOf(account: ScenarioAccount): Map<string, Filed> {
  let map = filed.get(account);
  if (!map) {
    map = new Map();
    filed.set(account, map);
  }
  return map;
}

function status(request: Filed): string {
  if (request.polls <= 0) return 'PENDING';
  if (request.polls <= request.pendingPolls) return 'CASE_OPENED';
  return request.answer;
}

function out(request: Filed, accountId: string) {
  return {
    RequestedQuota: {
      Id: request.id,
      CaseId: status(request) === 'PENDING' ? undefined : request.caseId,
      ServiceCode: request.serviceCode,
      ServiceName: serviceNameOf(request.serviceCode),
      QuotaCode: request.quotaCode,
      QuotaName: request.quotaName,
      DesiredValue: request.desiredValue,
      Status: status(request),
      Created: request.created,
      LastUpdated: request.lastUpdated,
      Requester: `arn:aws:iam::${accountId}:user/ops`,
      QuotaArn: request.arn,
      GlobalQuota: request.global,
      Unit: request.unit,
      QuotaRequestedAtLevel: 'ACCOUNT',
    },
  };
}

/** Service Quotas writes: RequestServiceQuotaIncrease and following the request with GetRequestedServiceQuotaChange. */
export const servicequotarequests = defineService({
  name: 'servicequotarequests',
  model: 'service-quotas-2019-06-24',
  scope: 'regional',
  scenario: answersScenario,
  handlers: {
    RequestServiceQuotaIncrease: ({ data, dataOf, account, accountId, region, input, now }) => {
      const quotas = dataOf('servicequotas') as ServiceQuotasData;
      const q = quotas.quotas.find(
        (x) => x.serviceCode === input.ServiceCode && x.quotaCode === input.QuotaCode,
      );
      if (!q)
        throw new AwsError(
          'NoSuchResourceException',
          `The quota ${String(input.QuotaCode)} of ${String(input.ServiceCode)} does not exist.`,
        );
      const desired = Number(input.DesiredValue);
      if (!q.adjustable)
        throw new AwsError('QuotaExceededException', `The quota ${q.quotaCode} is not adjustable.`);
      if (!(desired > q.value))
        throw new AwsError(
          'IllegalArgumentException',
          `The desired value must be greater than the applied value ${q.value}.`,
        );
      const map = filedOf(account);
      const open = [...map.values()].find(
        (r) => r.quotaCode === q.quotaCode && r.serviceCode === q.serviceCode && status(r) !== r.answer,
      );
      if (open)
        throw new AwsError(
          'ResourceAlreadyExistsException',
          `A request for ${q.quotaCode} is already open (${open.id}).`,
        );
      const answer = data.answers.find((a) => a.serviceCode === q.serviceCode && a.quotaCode === q.quotaCode);
      const id = stableId(`${accountId}/${region}/${q.serviceCode}/${q.quotaCode}/${map.size}`, 32);
      const request: Filed = {
        id,
        caseId: stableId(`${id}/case`, 10).replace(/\D/g, '7'),
        serviceCode: q.serviceCode,
        quotaCode: q.quotaCode,
        quotaName: q.name,
        desiredValue: desired,
        created: now,
        lastUpdated: now,
        polls: 0,
        pendingPolls: answer?.pendingPolls ?? 2,
        answer: answer?.status ?? 'APPROVED',
        arn: quotaArn(q, region, accountId),
        global: q.global,
        unit: q.unit,
      };
      map.set(id, request);
      return out(request, accountId);
    },
    GetRequestedServiceQuotaChange: ({ account, accountId, input, now }) => {
      const request = filedOf(account).get(String(input.RequestId ?? ''));
      if (!request)
        throw new AwsError(
          'NoSuchResourceException',
          `The request ${String(input.RequestId)} does not exist.`,
        );
      const before = status(request);
      request.polls += 1;
      if (status(request) !== before) request.lastUpdated = now;
      return out(request, accountId);
    },
  },
});
