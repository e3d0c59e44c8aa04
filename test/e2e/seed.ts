import { loadCatalog } from '../../src/catalog/index.js';
import { routingSchema } from '../../src/core/routing.js';
import { DAY_MS } from '../../src/core/time.js';
import type { Occurrence } from '../../src/core/types.js';
import type { Store } from '../../src/store/index.js';

/** The fixed clock of the server and e2e suites. */
export const NOW = new Date('2026-11-24T03:00:00Z');

const day = DAY_MS;
const at = (days: number) => new Date(NOW.getTime() + days * day).toISOString();

/**
 * A small, literal world: one item per category, several urgencies, a maintenance window, an
 * item seen by two sources (scanner + Health) that must be one work item.
 */
export function seedOccurrences(): Occurrence[] {
  const observedAt = at(-0.5);
  const list: Occurrence[] = [
    {
      kind: 'acm-certificate-expiry',
      accountId: '111122223333',
      region: 'ap-northeast-1',
      resource: 'arn:aws:acm:ap-northeast-1:111122223333:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc',
      eventDate: at(20),
      source: 'scanner',
      sourceRef: 'scanner:acm-certificates:acm-certificate-expiry',
      title: 'Certificate for shop.example.jp expires',
      evidence: { domainName: 'shop.example.jp', type: 'IMPORTED', inUseBy: ['alb/shop'] },
      observedAt,
    },
    {
      kind: 'ec2-scheduled-event',
      accountId: '111122223333',
      region: 'ap-northeast-1',
      resource: 'i-0abc1234def567890',
      eventDate: at(10),
      eventEndDate: at(10.25),
      source: 'scanner',
      sourceRef: 'scanner:ec2-scheduled-events:ec2-scheduled-event',
      title: 'instance-retirement: i-0abc1234def567890',
      evidence: { code: 'instance-retirement', description: 'The instance is running on degraded hardware' },
      observedAt,
    },
    {
      kind: 'ec2-scheduled-event',
      accountId: '111122223333',
      region: 'ap-northeast-1',
      resource: 'arn:aws:ec2:ap-northeast-1:111122223333:instance/i-0abc1234def567890',
      eventDate: at(10),
      eventEndDate: at(10.25),
      source: 'health',
      sourceRef: 'arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/abc',
      title: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
      sourceStatus: 'upcoming',
      evidence: { eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED', service: 'EC2' },
      observedAt,
    },
    {
      kind: 'directconnect-maintenance',
      accountId: '444455556666',
      region: 'ap-northeast-1',
      resource: 'dxcon-ffabc123',
      eventDate: at(40),
      eventEndDate: at(40.2),
      source: 'health',
      sourceRef:
        'arn:aws:health:ap-northeast-1::event/DIRECTCONNECT/AWS_DIRECTCONNECT_MAINTENANCE_SCHEDULED/def',
      title: 'Direct Connect maintenance; "Tokyo" location, 4 hours',
      sourceStatus: 'upcoming',
      evidence: { eventTypeCode: 'AWS_DIRECTCONNECT_MAINTENANCE_SCHEDULED', service: 'DIRECTCONNECT' },
      observedAt,
    },
    {
      kind: 'abuse-report',
      accountId: '444455556666',
      region: 'us-east-1',
      resource: 'i-0fedcba9876543210',
      eventDate: at(-2),
      source: 'email',
      sourceRef: '<abuse-123@amazon.com>',
      title: 'Your AWS Abuse Report [12345678]',
      evidence: { subject: 'Your AWS Abuse Report [12345678]' },
      observedAt,
    },
    {
      kind: 'route53-domain-expiry',
      accountId: '111122223333',
      region: 'global',
      resource: 'example.jp',
      eventDate: at(200),
      source: 'scanner',
      sourceRef: 'scanner:route53-domains:route53-domain-expiry',
      title: 'Domain example.jp expires',
      evidence: { autoRenew: false },
      observedAt,
    },
    {
      kind: 'load-test-request',
      accountId: '111122223333',
      region: 'ap-northeast-1',
      resource: 'campaign-2026-12',
      eventDate: at(25),
      source: 'manual',
      sourceRef: 'manual:load-test:campaign-2026-12',
      title: 'Load test before the December campaign',
      evidence: {},
      observedAt,
    },
  ];
  // One minute apart: work items are numbered in the order their sightings were first seen.
  return list.map((o, i) => ({
    ...o,
    observedAt: new Date(Date.parse(observedAt) + i * 60_000).toISOString(),
  }));
}

export const ROUTING = routingSchema.parse({
  rules: [{ match: { account: '444455556666' }, team: 'network' }],
  default: { team: 'platform' },
});

export const catalog = loadCatalog();

/** Records the world and turns it into work items, as a scan + ingest would. */
export async function seed(store: Store): Promise<void> {
  await store.occurrences.record(seedOccurrences());
  await store.workItems.syncFromOccurrences(catalog, ROUTING, NOW);
}
