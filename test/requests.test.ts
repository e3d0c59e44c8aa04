import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsSession } from '../src/aws/clients.js';
import { loadCatalog } from '../src/catalog/index.js';
import { routingSchema } from '../src/core/routing.js';
import { followElbCapacity, releaseElbCapacity, requestElbCapacity } from '../src/requests/elb-capacity.js';
import type { FollowOptions } from '../src/requests/follow.js';
import { planRequest, type RequestDeps } from '../src/requests/plan.js';
import { requestQuota } from '../src/requests/quota.js';
import { type Sandbox, type ScenarioInput, startSandbox } from '../src/sandbox/index.js';
import type { Store } from '../src/store/index.js';
import { storeTargets } from './support/stores.js';

const NOW = new Date('2026-12-02T01:00:00.000Z');
const PROD = '222222222222';
const TOKYO = 'ap-northeast-1';
const KEYS = { accessKeyId: 'AKIA222222222222REQS', secretAccessKey: 'sandbox-secret-never-printed' };
// Polls as the CLI would (every 15 s for up to a minute) without waiting.
const NO_WAIT: FollowOptions = { intervalMs: 15_000, maxWaitMs: 60_000, sleep: async () => {} };

const scenario: ScenarioInput = {
  organization: { managementAccount: '111111111111', regions: [TOKYO, 'us-east-1'] },
  accounts: [
    { id: '111111111111', name: 'management' },
    {
      id: PROD,
      name: 'prod',
      regions: {
        [TOKYO]: {
          servicequotas: {
            quotas: [
              {
                serviceCode: 'ec2',
                quotaCode: 'L-1216C47A',
                name: 'Running On-Demand Standard instances',
                value: 256,
              },
              { serviceCode: 'vpc', quotaCode: 'L-F678F1CE', name: 'VPCs per Region', value: 5 },
            ],
          },
          servicequotarequests: {
            answers: [{ serviceCode: 'vpc', quotaCode: 'L-F678F1CE', status: 'DENIED', pendingPolls: 1 }],
          },
          elasticloadbalancingv2: {
            loadBalancers: [{ name: 'shop-alb' }, { name: 'big-alb' }],
          },
          elbcapacity: { insufficientAbove: 800, pendingPolls: 2 },
        },
      },
    },
  ],
};

describe.each(storeTargets())('requests to AWS on $name', ({ open }) => {
  let sandbox: Sandbox;
  let store: Store;
  let session: AwsSession;
  let deps: RequestDeps;

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario, now: NOW });
    store = await open();
    session = new AwsSession({ endpoint: sandbox.url, credentials: KEYS, region: TOKYO, maxAttempts: 1 });
    deps = { store, catalog: loadCatalog(), routing: routingSchema.parse({}), now: () => NOW, actor: 'sato' };
  });
  afterAll(async () => {
    session?.destroy();
    await store?.close();
    await sandbox?.close();
  });

  it('plan: a load test becomes a request item due lead time ahead, carrying the policy and its sources', async () => {
    // Act
    const planned = await planRequest(deps, {
      kind: 'load-test-request',
      date: '2026-12-24',
      accountId: PROD,
    });
    // Assess
    expect(planned.item.category).toBe('request');
    expect(planned.item.eventDate).toBe('2026-12-24T00:00:00.000Z');
    expect(planned.fileBy).toBe('2026-12-10T00:00:00.000Z');
    expect(planned.late).toBe(false);
    const policy = planned.request.policy as { summary: { ja: string }; sources: Array<{ url: string }> };
    expect(policy.summary.ja).toContain('EC2 テストポリシー');
    expect(policy.sources.map((s) => s.url)).toContain('https://aws.amazon.com/ec2/testing/');
    const again = await planRequest(deps, { kind: 'load-test-request', date: '2026-12-24', accountId: PROD });
    expect(again.item.id).toBe(planned.item.id);
  });

  it('plan: refuses a kind that is not a request and a date that does not exist', async () => {
    await expect(
      planRequest(deps, { kind: 'acm-certificate-expiry', date: '2026-12-24' }),
    ).rejects.toMatchObject({
      code: 'REQUEST_UNKNOWN_KIND',
    });
    await expect(planRequest(deps, { kind: 'load-test-request', date: '2026-02-30' })).rejects.toMatchObject({
      code: 'REQUEST_BAD_DATE',
    });
  });

  it('quota: --submit without --yes writes nothing to AWS', async () => {
    // Prepare
    sandbox.clearCalls();
    // Act
    const attempt = requestQuota(
      deps,
      session,
      {
        serviceCode: 'ec2',
        quotaCode: 'L-1216C47A',
        value: 512,
        accountId: PROD,
        region: TOKYO,
        submit: true,
        yes: false,
      },
      NO_WAIT,
    );
    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'REQUEST_NOT_CONFIRMED' });
    expect(sandbox.calls).toEqual([]);
  });

  it('quota: without --submit prints the AWS CLI command and console link and calls nothing', async () => {
    sandbox.clearCalls();
    const result = await requestQuota(
      deps,
      session,
      {
        serviceCode: 'ec2',
        quotaCode: 'L-1216C47A',
        value: 512,
        accountId: PROD,
        region: TOKYO,
        submit: false,
        yes: false,
      },
      NO_WAIT,
    );
    expect(result.cli).toBe(
      'aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-1216C47A --desired-value 512 --region ap-northeast-1',
    );
    expect(result.consoleUrl).toBe(
      'https://ap-northeast-1.console.aws.amazon.com/servicequotas/home/services/ec2/quotas/L-1216C47A',
    );
    expect(result.submitted).toBeUndefined();
    expect(sandbox.calls).toEqual([]);
  });

  it('quota: approved increase resolves the item, every write in its history', async () => {
    sandbox.clearCalls();
    const result = await requestQuota(
      deps,
      session,
      {
        serviceCode: 'ec2',
        quotaCode: 'L-1216C47A',
        value: 512,
        accountId: PROD,
        region: TOKYO,
        submit: true,
        yes: true,
      },
      NO_WAIT,
    );
    expect(result.submitted).toMatchObject({ status: 'APPROVED', final: true });
    const item = await store.workItems.get(result.planned.item.id);
    expect(item?.status).toBe('resolved');
    expect(item?.history.map((h) => h.action)).toEqual(expect.arrayContaining(['note', 'start', 'resolve']));
    expect(
      item?.history.some((h) =>
        h.note?.startsWith('AWS write: RequestServiceQuotaIncrease ec2/L-1216C47A 256 → 512'),
      ),
    ).toBe(true);
    const writes = sandbox.calls.filter((c) => c.action === 'RequestServiceQuotaIncrease');
    expect(writes).toHaveLength(1);
    expect(sandbox.calls.filter((c) => c.action === 'GetRequestedServiceQuotaChange')).toHaveLength(3);
  });

  it('quota: a DENIED answer puts the item back to open with the reason', async () => {
    const result = await requestQuota(
      deps,
      session,
      {
        serviceCode: 'vpc',
        quotaCode: 'L-F678F1CE',
        value: 20,
        accountId: PROD,
        region: TOKYO,
        submit: true,
        yes: true,
      },
      NO_WAIT,
    );
    expect(result.submitted).toMatchObject({ status: 'DENIED', final: true });
    const item = await store.workItems.get(result.planned.item.id);
    expect(item?.status).toBe('open');
    const last = item?.history.at(-1);
    expect(last).toMatchObject({ action: 'reject', fromStatus: 'in_progress', toStatus: 'open' });
    expect(last?.note).toContain('was not granted');
    const [request] = await store.awsRequests.list({ operation: 'quota', kind: 'service-quota-increase' });
    expect(request).toBeDefined();
  });

  it('elb-capacity: refused without --yes, then reserved, followed until provisioned, and released', async () => {
    const arn = await findArn(session, 'shop-alb');
    sandbox.clearCalls();
    const input = {
      loadBalancerArn: arn,
      lcu: 400,
      from: '2026-12-20T09:00:00+09:00',
      until: '2026-12-21T00:00:00+09:00',
    };
    await expect(
      requestElbCapacity(deps, session, { ...input, submit: true, yes: false }, NO_WAIT),
    ).rejects.toMatchObject({
      code: 'REQUEST_NOT_CONFIRMED',
    });
    expect(sandbox.calls).toEqual([]);
    const result = await requestElbCapacity(deps, session, { ...input, submit: true, yes: true }, NO_WAIT);
    expect(result.submitted?.state).toBe('provisioned');
    expect(result.submitted?.zones.map((z) => z.effective)).toEqual([200, 200]);
    expect(result.releaseAt).toBe('2026-12-20T15:00:00.000Z');
    expect(result.commands.release).toContain('--reset-capacity-reservation');
    const item = await store.workItems.get(result.planned.item.id);
    expect(item?.status).toBe('in_progress');
    expect(item?.dueDate).toBe('2026-12-13T00:00:00.000Z');
    expect(item?.history.some((h) => h.note?.includes('AWS write: ModifyCapacityReservation'))).toBe(true);
    const [request] = await store.awsRequests.list({ operation: 'elb-capacity' });
    if (!request) throw new Error('the reservation was not recorded');
    const released = await releaseElbCapacity(deps, session, request, true);
    expect(released.decreasesRemaining).toBe(1);
    expect((await store.workItems.get(result.planned.item.id))?.status).toBe('resolved');
    expect(sandbox.calls.filter((c) => c.action === 'ModifyCapacityReservation')).toHaveLength(2);
  });

  it('elb-capacity: a zone that cannot be filled fails the reservation and reopens the work', async () => {
    const arn = await findArn(session, 'big-alb');
    const result = await requestElbCapacity(
      deps,
      session,
      { loadBalancerArn: arn, lcu: 1000, from: '2026-12-22', until: '2026-12-23', submit: true, yes: true },
      NO_WAIT,
    );
    expect(result.submitted?.state).toBe('failed');
    const item = await store.workItems.get(result.planned.item.id);
    expect(item?.status).toBe('open');
    expect(item?.history.at(-1)?.note).toContain('Insufficient capacity');
    const [request] = (await store.awsRequests.list({ operation: 'elb-capacity' })).filter(
      (r) => r.resource === arn,
    );
    if (!request) throw new Error('the reservation was not recorded');
    expect((await followElbCapacity(deps, session, request, NO_WAIT)).state).toBe('failed');
  });
});

async function findArn(session: AwsSession, name: string): Promise<string> {
  const { ElasticLoadBalancingV2Client, DescribeLoadBalancersCommand } = await import(
    '@aws-sdk/client-elastic-load-balancing-v2'
  );
  const client = session.pool(PROD).client(ElasticLoadBalancingV2Client, TOKYO);
  const out = await client.send(new DescribeLoadBalancersCommand({ Names: [name] }));
  return out.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
}
